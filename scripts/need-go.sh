#!/bin/sh
# Prints the directory of a `go` command at least as new as go.mod asks (its toolchain line,
# else its go line): put it first on PATH. Quick when the `go` on PATH is new enough (the
# normal case: the machine's Go in /usr/local/go). Otherwise:
#   - no Go at all: installs Debian's golang-go (apt-get, with sudo when not root);
#   - a Go older than go.mod asks: fetches go.mod's toolchain (the module
#     golang.org/toolchain@v0.0.1-go<version>.<os>-<arch>) from the Go module proxy — through
#     GOTOOLCHAIN with a Go that knows it (1.21 and later), else (Debian 12's 1.19) with
#     `go mod download` into $HOME/sdk/go<version>.
# Messages go to standard error; only the directory goes to standard output.
set -eu
cd "$(dirname "$0")/.."
want=$(sed -n 's/^toolchain go\([0-9][0-9.]*\).*/\1/p' go.mod)
[ -n "$want" ] || want=$(sed -n 's/^go \([0-9][0-9.]*\).*/\1/p' go.mod)
case "$want" in
*.*.*) ;;
*) want="$want.0" ;; # "go 1.26" is the toolchain go1.26.0
esac

# atleast A B: version A is B or newer.
atleast() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]; }
# goversion: the version of the go on PATH itself, e.g. 1.26.8 (empty for a development
# build). Asked outside the module: in it, a go that knows toolchains would switch to go.mod's
# (or fail under GOTOOLCHAIN=local) rather than answer.
goversion() { (cd / && GOTOOLCHAIN=local go env GOVERSION 2>/dev/null) | sed -n 's/^go\([0-9][0-9.]*\).*/\1/p'; }

if ! command -v go >/dev/null 2>&1; then
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "CareKeeper: Go $want or newer is needed: install it (https://go.dev/doc/install)" >&2
		exit 1
	fi
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	echo "CareKeeper: no Go on PATH: installing Debian's golang-go" >&2
	$SUDO apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends golang-go >&2
	hash -r 2>/dev/null || true
fi
have=$(goversion)
if [ -z "$have" ] || atleast "$have" "$want"; then
	dirname "$(command -v go)"
	exit 0
fi

echo "CareKeeper: go $have is older than go.mod's $want: using go$want from the Go module proxy" >&2
if atleast "$have" 1.21.0; then
	# The go command downloads, checks (go.sum's database) and unpacks the toolchain itself.
	root=$(GOTOOLCHAIN="go$want" go env GOROOT)
else
	root="$HOME/sdk/go$want"
	if ! "$root/bin/go" version >/dev/null 2>&1; then
		mod="golang.org/toolchain@v0.0.1-go$want.$(go env GOOS)-$(go env GOARCH)"
		tmp=$(mktemp -d)
		# Outside any module (this Go may not read go.mod's newer lines).
		dir=$(cd "$tmp" && GO111MODULE=on GOFLAGS= go mod download -json "$mod" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
		rmdir "$tmp"
		if [ -z "$dir" ] || [ ! -f "$dir/bin/go" ]; then
			echo "CareKeeper: could not fetch $mod" >&2
			exit 1
		fi
		# The module cache holds it read-only and without execute bits (a module zip keeps no
		# modes): a copy with the commands made executable, as the go command does for its own.
		rm -rf "$root.part"
		mkdir -p "$(dirname "$root")"
		cp -R "$dir" "$root.part"
		chmod -R u+w "$root.part"
		chmod +x "$root.part"/bin/* "$root.part"/pkg/tool/*/*
		rm -rf "$root"
		mv "$root.part" "$root"
	fi
fi
if ! "$root/bin/go" version >/dev/null 2>&1; then
	echo "CareKeeper: the go$want toolchain in $root does not run" >&2
	exit 1
fi
echo "$root/bin"
