#!/bin/sh
# Installs the system packages CareKeeper needs to build (cgo + GLFW for Fyne) and show (a
# font for Chinese, Japanese and Korean names) and to run its
# tests (Xvfb for the real-window smoke test; Syncthing, rclone and Apache mod_dav for the
# household transports' real-engine tests, which start them themselves and never as
# services; poppler-utils with poppler-data, whose CJK maps pdftotext needs to read the visit
# summary's Chinese, Japanese and Korean fonts), on Debian/Ubuntu. Only what is missing is installed; apt-get runs with sudo when
# not root.
set -eu
pkgs="gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev"
if [ "${1:-}" = "--test" ]; then
	pkgs="$pkgs xvfb imagemagick x11-utils dbus locales poppler-utils poppler-data xdotool syncthing rclone apache2 apache2-utils"
else
	# The app's own font has no Chinese, Japanese or Korean letters; Fyne draws them from a
	# system font, and without one a name such as 佐藤和子 is boxes (F563). The tests use the
	# app's own fonts only.
	pkgs="$pkgs fonts-noto-cjk"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "CareKeeper: please install the equivalents of:$missing (see README.md, 'Other systems')" >&2
		exit 1
	fi
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	echo "CareKeeper: installing$missing" >&2
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi
# staticcheck (make test runs it), pinned; installed into $(go env GOPATH)/bin when missing or
# another version.
if [ "${1:-}" = "--test" ]; then
	STATICCHECK_VERSION=v0.8.2 # honnef.co/go/tools module version (staticcheck 2026.2.2)
	sc="$(go env GOPATH)/bin/staticcheck"
	if ! "$sc" -version 2>/dev/null | grep -qF "(${STATICCHECK_VERSION#v})"; then
		echo "CareKeeper: installing staticcheck $STATICCHECK_VERSION" >&2
		GOFLAGS= go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
	fi
fi
