# CareKeeper. `make run` builds and opens the app; `make test` runs every test.
GO       ?= go
BIN      ?= carekeeper
FIXTURES ?= $(abspath ../shared/fixtures)
export LANG ?= en_US.UTF-8
# Tests find the fixtures through $CAREKEEPER_FIXTURES (internal/testutil); with $CI set they
# fail without it. Exported here only when the fixtures are there.
ifneq ($(wildcard $(FIXTURES)/synthea),)
export CAREKEEPER_FIXTURES ?= $(FIXTURES)
endif
# staticcheck, installed by `make test-deps` (scripts/deps.sh --test).
STATICCHECK ?= $(shell $(GO) env GOPATH)/bin/staticcheck

.PHONY: run build test test-race bench bench-read bench-peer deps test-deps fuzz clean screenshots devportal

deps:
	./scripts/deps.sh

test-deps:
	./scripts/deps.sh --test

build: deps
	$(GO) build -trimpath -o $(BIN) .
	$(GO) build -trimpath -o $(BIN)-cli ./cmd/carekeeper-cli

run: build
	./$(BIN)

# go.mod must be tidy (`go mod tidy -diff`, both modules), then gofmt, vet, staticcheck, tests.
# -trimpath as in release builds, so the compiled packages are shared with `make build` and
# `make dist` (a cold CI machine compiles Fyne and GLFW once, not twice). The Fyne driver
# package is the patched copy's (third_party/fyne): its test checks the idle main loop; the two
# Badger packages are the patched copy's (third_party/badger), with the tests of its patch, and so
# is zstd's (third_party/compress: the test of its sequence tables' split build).
# vet's cgocall check is off: under -trimpath the go command caches a cgo package's generated
# files by content alone, and their //line comments name the directory that first built them,
# so on a machine whose build cache another checkout filled, cgocall opens a file that is gone
# ("can't parse raw cgo file"). Our only cgo (display_x11.go, minimize_x11.go) passes C no Go
# pointers, which is all cgocall checks; the race tests run with the runtime's cgocheck.
# -timeout is each package's whole run on a loaded machine: the app suite (~11 CPU-minutes)
# took 37 min at load ~25 on 2 cores and passed 393 of 395 tests in 40 min at load ~18 (F542).
# A hang is caught sooner than that where the long tests are: in the app, internal/cli and the
# root package a test running for 15 minutes ends its process with every goroutine's stack
# (testutil.WatchForHangs; their slowest take 90–130 s at load ~25).
test: test-deps
	@unformatted=$$(gofmt -l .); [ -z "$$unformatted" ] || { echo "gofmt needed: $$unformatted" >&2; exit 1; }
	@$(GO) mod tidy -diff >/dev/null || { echo "go.mod is not tidy: run go mod tidy" >&2; exit 1; }
	@cd bench/peer && $(GO) mod tidy -diff >/dev/null || { echo "bench/peer/go.mod is not tidy: run go mod tidy in bench/peer" >&2; exit 1; }
	GOFLAGS="-trimpath $(GOFLAGS)" $(GO) vet -cgocall=false ./...
	GOFLAGS="-trimpath $(GOFLAGS)" $(GO) vet -cgocall=false -tags barewindow ./cmd/barewindow
	GOFLAGS="-trimpath $(GOFLAGS)" $(STATICCHECK) ./...
	GOFLAGS="-trimpath $(GOFLAGS)" $(GO) test -count=1 -timeout 75m ./... fyne.io/fyne/v2/internal/driver/glfw fyne.io/fyne/v2/internal/painter fyne.io/fyne/v2/widget github.com/dgraph-io/badger/v4 github.com/dgraph-io/badger/v4/skl github.com/dgraph-io/badger/v4/table github.com/klauspost/compress/zstd

# The race detector on the packages with goroutines and shared state (CI runs it, .ci/run).
# Not under it: TestImportBundleEntryByEntry, a differential test of the import read whole and
# read entry by entry over every fixture Bundle and 17 large variants (60 % of sync's test time,
# most of its time under -race): the streamed import it compares starts no goroutine, `make test`
# runs it, and the streamed import is under the race detector in TestImportBundleHoldsNotTheFile
# and TestImportLargeFileInParts. -timeout: storage took 15.6 min under -race at load 10–27.
test-race: test-deps
	$(GO) test -race -count=1 -timeout 30m -skip '^TestImportBundleEntryByEntry$$' ./storage/ ./sync/... ./internal/remind/

# Go benchmarks, then the side-by-side figures of `carekeeper bench`.
bench: build test-deps
	$(GO) test -run '^$$' -bench . -benchtime 5x ./internal/fhirjson/ ./internal/secret/ ./internal/schedule/ ./internal/remind/ ./sync/fhir/
	$(GO) test -run '^$$' -bench . -benchtime 20x ./internal/ccda/
	$(GO) test -run '^$$' -bench . -benchtime 3x ./sync/ ./sync/fhirtest/
	$(GO) test -run '^$$' -bench . -benchtime 20x ./sync/transport/...
	CAREKEEPER_BENCH_IDLE=60 $(GO) test -run '^$$' -bench IdleCPU -benchtime 1x ./internal/remind/
	$(GO) test -count=1 -run TestProcessNotification -v . | grep -E 'latency|^(ok|FAIL)'
	$(GO) test -run '^$$' -bench 'Chart|Timeline|Unlock|SwitchPerson|OpenResults' -benchtime 5x ./app/
	$(GO) test -run '^$$' -bench . -benchtime 10x ./internal/journey/
	$(GO) test -run '^$$' -bench AppleHealthExport -benchtime 1x -timeout 60m ./internal/intake/
	./scripts/bench-memory.sh
	./scripts/bench-idle.sh
	./$(BIN) bench --fixtures $(FIXTURES)
	$(MAKE) bench-peer

# The reading figures of issue 13 (one year listed, the reading commands' CPU, wall time and
# peak RSS, medians and ranges) on a 100k vault kept in .bench/read, built on the first run:
# measure, change the read path, `make bench-read` again. READ_ARGS: e.g. --runs 7, or
# --commands export (only the commands containing that text).
bench-read: build
	mkdir -p .bench/read
	./$(BIN) bench --fixtures $(FIXTURES) --reading .bench/read/vault $(READ_ARGS)

# CareKeeper's import beside a lower bound for Fasten Health's ingest (bench/peer, a Go module
# of its own so the app's dependencies do not change): 5 alternating rounds on the 13 Synthea
# bundles and on ~100,000 resources (about 15 minutes), then the 13 bundles again with the vault
# unlocked first ('carekeeper unlock': no key derivation in the import). PEER_ARGS="-rounds-100k 0"
# skips the large set. Not part of `make test`.
bench-peer: build
	mkdir -p .bench/peer
	cd bench/peer && $(GO) build -o $(CURDIR)/.bench/peer/ ./...
	./.bench/peer/peer -carekeeper ./$(BIN) -fastenlb ./.bench/peer/fastenlb -fixtures $(FIXTURES) $(PEER_ARGS)
	./.bench/peer/peer -carekeeper ./$(BIN) -fastenlb ./.bench/peer/fastenlb -fixtures $(FIXTURES) $(PEER_ARGS) -unlocked -rounds-100k 0

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseFile -fuzztime 30s ./internal/fhirjson/
	$(GO) test -run '^$$' -fuzz FuzzSummarize -fuzztime 30s ./internal/fhirjson/
	$(GO) test -run '^$$' -fuzz FuzzDatePrecision -fuzztime 10s ./internal/fhirjson/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 30s ./internal/secret/
	$(GO) test -run '^$$' -fuzz FuzzPlanFromResource -fuzztime 30s ./internal/schedule/
	$(GO) test -run '^$$' -fuzz FuzzICS -fuzztime 30s ./internal/remind/
	$(GO) test -run '^$$' -fuzz FuzzReadBackup -fuzztime 30s ./storage/
	$(GO) test -run '^$$' -fuzz FuzzParsePage -fuzztime 30s ./sync/fhir/
	$(GO) test -run '^$$' -fuzz FuzzPatientPerson -fuzztime 30s ./sync/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 30s ./internal/shc/
	$(GO) test -run '^$$' -fuzz FuzzText -fuzztime 30s ./internal/shc/
	$(GO) test -run '^$$' -fuzz FuzzScan -fuzztime 30s ./internal/applehealth/
	$(GO) test -run '^$$' -fuzz FuzzConvertClinical -fuzztime 30s ./internal/applehealth/
	$(GO) test -run '^$$' -fuzz FuzzDetect -fuzztime 30s ./internal/intake/
	$(GO) test -run '^$$' -fuzz FuzzReadGzipped -fuzztime 30s ./internal/intake/
	$(GO) test -run '^$$' -fuzz FuzzOutcome -fuzztime 30s ./sync/fhir/
	$(GO) test -run '^$$' -fuzz FuzzParseCapability -fuzztime 30s ./sync/fhir/
	$(GO) test -run '^$$' -fuzz FuzzDiscoveryDocuments -fuzztime 30s ./sync/smart/
	$(GO) test -run '^$$' -fuzz FuzzParseDateParam -fuzztime 30s ./sync/fhirtest/
	$(GO) test -run '^$$' -fuzz FuzzParseBundles -fuzztime 30s ./sync/fhirtest/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 30s ./internal/clinic/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 30s ./internal/guides/
	$(GO) test -run '^$$' -fuzz FuzzImport -fuzztime 30s ./sync/
	$(GO) test -run '^$$' -fuzz FuzzDesktopExec -fuzztime 30s ./internal/desktop/
	$(GO) test -run '^$$' -fuzz FuzzDescribe -fuzztime 30s ./internal/health/
	$(GO) test -run '^$$' -fuzz FuzzReadCheckIn -fuzztime 30s ./internal/journey/
	$(GO) test -run '^$$' -fuzz FuzzConvert -fuzztime 30s ./internal/ccda/

# A SMART on FHIR test portal serving the Synthea fixtures on 127.0.0.1 (see README).
devportal:
	$(GO) run ./cmd/devportal --data $(FIXTURES)/synthea $(ARGS)

clean:
	rm -f $(BIN)

# PNGs of every main screen (light and dark) of the demo vault, into docs/screenshots/. The
# app drives itself (CAREKEEPER_SCREENSHOT_PLAN, see app/screenshots.go) under Xvfb and
# saves each screen with ImageMagick's `import -window root`; last, it imports a C-CDA example
# and shows its document open (12-ccda-document-*). The shots without a number (a household,
# an import) are taken by hand from a real vault and kept.
screenshots: build
	mkdir -p docs/screenshots && rm -f docs/screenshots/[0-9][0-9]-*.png
	tmp=$$(mktemp -d) && \
	xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" env HOME=$$tmp XDG_CONFIG_HOME=$$tmp/.config \
		DBUS_SESSION_BUS_ADDRESS=disabled: CAREKEEPER_DATA=$$tmp/data \
		CAREKEEPER_SCREENSHOT_PLAN=$(CURDIR)/docs/screenshots \
		CAREKEEPER_SCREENSHOT_DOCUMENT=$(CURDIR)/internal/ccda/testdata/vendor-r11.xml ./$(BIN); \
	status=$$?; rm -rf $$tmp; exit $$status

# Release pipeline (docs/building.md): make dist VERSION=1.2.3 BUILD=4 → dist/ (signing keys
# from the environment, see scripts/dist.sh); make verify-dist checks it (docs/clinic-it.md).
.PHONY: dist dist-deps verify-dist dist-selftest
dist-deps:
	./scripts/dist-deps.sh

dist: dist-deps
	VERSION="$(VERSION)" BUILD="$(BUILD)" ./scripts/dist.sh

verify-dist:
	./scripts/verify-dist.sh dist

# The whole pipeline with throw-away keys, then a one-byte change in each artifact must fail.
dist-selftest: dist-deps
	./scripts/verify-dist-selftest.sh
