# CareKeeper. `make run` builds and opens the app; `make test` runs every test.
GO       ?= go
BIN      ?= carekeeper
FIXTURES ?= $(abspath ../shared/fixtures)
export LANG ?= en_US.UTF-8
export CAREKEEPER_FIXTURES ?= $(FIXTURES)

.PHONY: run build test bench deps test-deps fuzz clean

deps:
	./scripts/deps.sh

test-deps:
	./scripts/deps.sh --test

build: deps
	$(GO) build -trimpath -o $(BIN) .

run: build
	./$(BIN)

test: test-deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...

# Go benchmarks, then the side-by-side figures of `carekeeper bench`.
bench: build
	$(GO) test -run '^$$' -bench . -benchtime 5x ./internal/fhirjson/ ./internal/secret/ ./sync/
	./$(BIN) bench --fixtures $(FIXTURES)

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseFile -fuzztime 30s ./internal/fhirjson/
	$(GO) test -run '^$$' -fuzz FuzzSummarize -fuzztime 30s ./internal/fhirjson/
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 30s ./internal/secret/

clean:
	rm -f $(BIN)
