#!/bin/sh
# Installs what the release pipeline (scripts/dist.sh, scripts/verify-dist.sh) needs on a
# Debian 12 build host, only what is missing:
#   - apt: the mingw-w64 cross compiler, wixl/msitools, osslsigncode, minisign, rpm, ...
#   - Go tools at pinned versions, each in its own directory under $CAREKEEPER_TOOLS
#     (default: $(go env GOPATH)/carekeeper-tools):
#       fyne.io/tools v1.7.4, nfpm v2.45.2 (later versions do not install through the proxy),
#       cyclonedx-gomod v1.10.0.
# Prints nothing when everything is there. apt-get runs with sudo when not root.
# Usage: scripts/dist-deps.sh [--print-tools]   (--print-tools: print the tools directory)
set -eu

FYNE_VERSION=v1.7.4
NFPM_VERSION=v2.45.2
CYCLONEDX_VERSION=v1.10.0

GO="${GO:-go}"
TOOLS="${CAREKEEPER_TOOLS:-$("$GO" env GOPATH)/carekeeper-tools}"
if [ "${1:-}" = "--print-tools" ]; then
	echo "$TOOLS"
	exit 0
fi

# Build (cgo + GLFW) and packaging/signing/verification tools.
pkgs="gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev git xz-utils jq binutils openssl gnupg
      minisign rpm cpio gpgv desktop-file-utils"
# The Windows tool chain only when Windows is among $DIST_TARGETS (default: both).
case "${DIST_TARGETS:-linux windows}" in
*windows*) pkgs="$pkgs gcc-mingw-w64-x86-64 osslsigncode wixl msitools" ;;
esac
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "dist-deps: please install the equivalents of:$missing" >&2
		exit 1
	fi
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	echo "dist-deps: installing$missing" >&2
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi

# gotool NAME MODULE/PATH VERSION: installs one Go tool into $TOOLS/NAME@VERSION/ unless there.
gotool() {
	dir="$TOOLS/$1@$3"
	[ -x "$dir/$1" ] && return 0
	echo "dist-deps: go install $2@$3" >&2
	mkdir -p "$dir"
	# Tools are ordinary (non-cgo where possible) builds; GOFLAGS of the caller must not leak in.
	GOFLAGS= GOBIN="$dir" "$GO" install "$2@$3"
}
gotool fyne fyne.io/tools/cmd/fyne "$FYNE_VERSION"
gotool nfpm github.com/goreleaser/nfpm/v2/cmd/nfpm "$NFPM_VERSION"
gotool cyclonedx-gomod github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod "$CYCLONEDX_VERSION"
