#!/usr/bin/env bash
# CareKeeper release pipeline: builds, packages, signs and inventories a release into dist/.
#
#   VERSION=1.2.3 BUILD=4 scripts/dist.sh [all|binaries]      (make dist VERSION=1.2.3 BUILD=4)
#
#   all       (default) everything below
#   binaries  only the release binaries, into $DIST/unsigned/ (the reproducibility test uses this)
#
# Steps: the source is copied from the git checkout (tracked + untracked-not-ignored files) into a
# work directory, so FyneApp.toml is never rewritten and fyne's generated files never touch the
# tree. Linux amd64: fyne package --release → deterministic .tar.xz, .deb and .rpm (nfpm).
# Windows amd64: fyne package --release with mingw-w64 (icon, manifest, version info embedded)
# → Authenticode-signed .exe → MSI (wixl) containing the signed exe → signed MSI.
# Then a CycloneDX SBOM per platform, RELEASE.json, SHA256SUMS and its minisign signature.
#
# Environment (secrets are never arguments; only paths to files and token URIs):
#   VERSION, BUILD                 required: x.y.z and an integer
#   DIST                           output directory (default dist)
#   DIST_TARGETS                   "linux windows" (default) or a subset
#   DIST_WORK                      work directory (default: a fresh temporary one, removed after)
#   ALLOW_DIRTY=1                  build an uncommitted tree (the commit is recorded as <sha>-dirty)
#   DIST_SOURCE=head               build the committed HEAD (git archive), ignoring the working tree
#   SOURCE_DATE_EPOCH              defaults to the commit time; fixes every timestamp in archives
#   Authenticode (optional; without it the .exe and .msi stay unsigned):
#     CAREKEEPER_SIGN_PKCS12         a PKCS#12 file with key + certificate chain
#     CAREKEEPER_SIGN_PKCS11_URI     or a key on a token: 'pkcs11:token=…;object=…;type=private'
#     CAREKEEPER_SIGN_PKCS11_MODULE  the token's PKCS#11 library (.so)
#     CAREKEEPER_SIGN_PKCS11_ENGINE  OpenSSL pkcs11 engine (default: Debian's engines-3/pkcs11.so)
#     CAREKEEPER_SIGN_CERTS          PEM certificate chain (required with PKCS#11)
#     CAREKEEPER_SIGN_PASSWORD_FILE  file holding the PKCS#12 password or the token PIN
#     CAREKEEPER_TIMESTAMP_URL       RFC 3161 time-stamping service of the CA
#     CAREKEEPER_TEST_TSA_CERTS/_KEY offline test TSA (CI self-test only; Windows won't trust it)
#   minisign (optional here, required by verify-dist):
#     CAREKEEPER_MINISIGN_KEY        release secret key; CAREKEEPER_MINISIGN_PASSWORD_FILE if encrypted
#   GPG signatures inside .deb/.rpm (optional):
#     CAREKEEPER_GPG_KEY_FILE        armored secret key; CAREKEEPER_GPG_PASSWORD_FILE if protected
# The whole script is one block, so bash has read all of it before it runs (editing it
# during a run cannot change the run).
{
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
mode=${1:-all}
case "$mode" in all | binaries) ;; *)
	echo "usage: VERSION=x.y.z BUILD=n $0 [all|binaries]" >&2
	exit 2
	;;
esac

log() { printf 'dist: %s\n' "$*" >&2; }
die() {
	printf 'dist: %s\n' "$*" >&2
	exit 1
}
t0=$(date +%s)
step() { log "[$(($(date +%s) - t0)) s] $*"; } # step NAME: logs NAME with the time since the start

APP_ID=org.carekeeper.app
APP_NAME=CareKeeper
VERSION=${VERSION:-}
BUILD=${BUILD:-}
[[ $VERSION =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "VERSION must be x.y.z (digits), got '$VERSION'"
((BASH_REMATCH[1] <= 255 && BASH_REMATCH[2] <= 255 && BASH_REMATCH[3] <= 65535)) ||
	die "VERSION parts must fit an MSI ProductVersion (255.255.65535)"
[[ $BUILD =~ ^[0-9]+$ ]] || die "BUILD must be an integer, got '$BUILD'"
TARGETS=${DIST_TARGETS:-linux windows}
DIST=${DIST:-dist}
mkdir -p "$DIST"
DIST=$(cd "$DIST" && pwd)
[ "$DIST" != "$ROOT" ] && [ "$DIST" != / ] || die "DIST must be a directory of its own (files in it are replaced)"

export GOTOOLCHAIN=local
GO=${GO:-go}
TOOLS=$(CAREKEEPER_TOOLS=${CAREKEEPER_TOOLS:-} GO=$GO scripts/dist-deps.sh --print-tools)
FYNE=$TOOLS/fyne@v1.7.4/fyne
NFPM=$TOOLS/nfpm@v2.45.2/nfpm
CYCLONEDX=$TOOLS/cyclonedx-gomod@v1.10.0/cyclonedx-gomod
[ -x "$FYNE" ] || die "fyne tool missing: run scripts/dist-deps.sh"
MINGW_CC=x86_64-w64-mingw32-gcc

# --- source identity ---------------------------------------------------------------------
git rev-parse --git-dir >/dev/null 2>&1 || die "not a git checkout"
COMMIT=$(git rev-parse HEAD)
if [ "${DIST_SOURCE:-}" = head ]; then
	: # build exactly the commit (git archive HEAD), whatever the working tree holds
elif [ -n "$(git status --porcelain --untracked-files=normal)" ]; then
	[ "${ALLOW_DIRTY:-}" = 1 ] || die "the tree has uncommitted changes (commit them, or ALLOW_DIRTY=1 for a test build)"
	COMMIT="$COMMIT-dirty"
fi
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
# STAMP is compiled into every binary (fyne metadata "Release") and is the minisign trusted
# comment over SHA256SUMS: verify-dist checks that they agree.
STAMP="app=$APP_ID;version=$VERSION;build=$BUILD;commit=$COMMIT"
BASE=carekeeper-$VERSION

WORK=${DIST_WORK:-}
if [ -z "$WORK" ]; then
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/carekeeper-dist.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

# stage_source DIR: copies the files git would commit into DIR.
stage_source() {
	rm -rf "$1"
	mkdir -p "$1"
	if [ "${DIST_SOURCE:-}" = head ]; then
		git archive --format=tar HEAD | tar -C "$1" -xf -
		return
	fi
	git ls-files -z -co --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - -cf - | tar -C "$1" -xf -
}

# Go flags for every release build. -trimpath and -tags release come from fyne --release.
# The build stamp "app=…;version=…;build=…;commit=…" (version, build and commit are what
# 'carekeeper version' prints; both binaries carry the whole stamp, which verify-dist checks; GOFLAGS
# entries cannot hold spaces, so it is one -X of one variable).
export GOFLAGS="-buildvcs=false -ldflags=-X=carekeeper/internal/buildinfo.Stamp=$STAMP"
fyne_package() { # fyne_package OS SRC
	(cd "$2" && "$FYNE" package -os "$1" --release --app-id "$APP_ID" \
		--app-version "$VERSION" --app-build "$BUILD" --metadata "Release=$STAMP")
}

mkdir -p "$DIST/unsigned"
want() { case " $TARGETS " in *" $1 "*) return 0 ;; esac; return 1; }

build_linux() {
	# fyne build (not fyne package: that would xz the 40 MB binary only for us to unpack it);
	# the version and build go into the copy's FyneApp.toml, which fyne build reads.
	step "linux: building (fyne build -os linux --release)"
	local src=$WORK/src-linux
	stage_source "$src"
	sed -i -E "s/^([[:space:]]*Version[[:space:]]*=[[:space:]]*).*/\1\"$VERSION\"/; s/^([[:space:]]*Build[[:space:]]*=[[:space:]]*).*/\1$BUILD/" \
		"$src/FyneApp.toml"
	(cd "$src" && "$FYNE" build -os linux --release --metadata "Release=$STAMP" -o carekeeper)
	cp "$src/carekeeper" "$DIST/unsigned/carekeeper-linux-amd64"
	# The command line without the app, installed beside it: 'carekeeper COMMAND' replaces
	# itself with it (handoff_unix.go, when it is of the same build: the same stamp), so a
	# command does not carry the app's resident pages (docs/footprint.md). Same flags as the
	# app's release build (GOFLAGS above, -trimpath, the release tag).
	step "linux: building carekeeper-cli"
	(cd "$src" && CGO_ENABLED=1 GOOS=linux GOARCH=amd64 "$GO" build -trimpath -tags release -o carekeeper-cli ./cmd/carekeeper-cli)
	cp "$src/carekeeper-cli" "$DIST/unsigned/carekeeper-cli-linux-amd64"
	# The .desktop file, made by fyne from FyneApp.toml ([LinuxAndBSD]): package a stand-in
	# executable (cheap) and take the .desktop file from that.
	mkdir -p "$WORK/desktop"
	printf '#!/bin/sh\n' >"$WORK/desktop/carekeeper"
	chmod +x "$WORK/desktop/carekeeper"
	(cd "$src" && "$FYNE" package -os linux --release --app-id "$APP_ID" --app-version "$VERSION" \
		--app-build "$BUILD" --executable "$WORK/desktop/carekeeper")
	rm -rf "$WORK/fyne-linux"
	mkdir -p "$WORK/fyne-linux"
	tar -C "$WORK/fyne-linux" -xJf "$src/$APP_NAME.tar.xz"
	find "$WORK/fyne-linux" -name "$APP_ID.desktop" -exec cp {} "$WORK/$APP_ID.desktop" \;
	[ -s "$WORK/$APP_ID.desktop" ] || die "fyne package made no $APP_ID.desktop"
}

build_windows() {
	step "windows: building (fyne package -os windows --release, mingw-w64)"
	command -v "$MINGW_CC" >/dev/null || die "$MINGW_CC missing: run scripts/dist-deps.sh"
	local src=$WORK/src-windows
	stage_source "$src"
	CC=$MINGW_CC fyne_package windows "$src"
	cp "$src/$APP_NAME.exe" "$DIST/unsigned/$BASE-windows-amd64.exe"
}

want linux && build_linux
want windows && build_windows
if [ "$mode" = binaries ]; then
	step "binaries done"
	exit 0
fi

# --- Linux packages ----------------------------------------------------------------------
# Files in archives get SOURCE_DATE_EPOCH as mtime, root:root, fixed modes, sorted names.
package_linux() {
	step "linux: tar.xz"
	local stage=$WORK/stage-linux/$BASE
	rm -rf "$WORK/stage-linux"
	install -D -m 0755 "$DIST/unsigned/carekeeper-linux-amd64" "$stage/bin/carekeeper"
	install -D -m 0755 "$DIST/unsigned/carekeeper-cli-linux-amd64" "$stage/bin/carekeeper-cli"
	install -D -m 0644 "$WORK/$APP_ID.desktop" "$stage/share/applications/$APP_ID.desktop"
	install -D -m 0644 assets/icon.png "$stage/share/icons/hicolor/512x512/apps/$APP_ID.png"
	install -D -m 0644 packaging/linux/README.clinic-config "$stage/share/doc/carekeeper/README.clinic-config"
	if command -v desktop-file-validate >/dev/null; then
		desktop-file-validate "$stage/share/applications/$APP_ID.desktop" | grep -v '^.*: hint:' >&2 || true
	fi
	find "$stage" -type d -exec chmod 0755 {} +
	tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner --format=posix \
		--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
		-C "$WORK/stage-linux" -cf - "$BASE" | xz -T1 -6 >"$DIST/$BASE-linux-amd64.tar.xz"

	step "linux: .deb and .rpm (nfpm)"
	local key=${CAREKEEPER_GPG_KEY_FILE:-} mtime
	mtime=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
	if [ -n "$key" ]; then
		key=$(realpath "$key")
		if [ -n "${CAREKEEPER_GPG_PASSWORD_FILE:-}" ]; then
			NFPM_PASSPHRASE=$(cat "$CAREKEEPER_GPG_PASSWORD_FILE")
			export NFPM_PASSPHRASE
		fi
	fi
	sed -e "s|@VERSION@|$VERSION|g; s|@BUILD@|$BUILD|g; s|@STAGE@|$stage|g; s|@MTIME@|$mtime|g; s|@GPG_KEY_FILE@|$key|g" \
		packaging/linux/nfpm.yaml >"$WORK/nfpm.yaml"
	"$NFPM" package --config "$WORK/nfpm.yaml" --packager deb --target "$DIST/carekeeper_${VERSION}-${BUILD}_amd64.deb" >&2
	"$NFPM" package --config "$WORK/nfpm.yaml" --packager rpm --target "$DIST/carekeeper-${VERSION}-${BUILD}.x86_64.rpm" >&2
	unset NFPM_PASSPHRASE
}

# --- Windows: sign exe, MSI, sign MSI ------------------------------------------------------
# authenticode_digest FILE: the SHA-256 Authenticode digest (what a signature covers), hex.
authenticode_digest() {
	local d=$WORK/digest.der
	rm -f "$d"
	osslsigncode extract-data -h sha256 -in "$1" -out "$d" >/dev/null
	openssl asn1parse -inform DER -in "$d" | awk -F: '/OCTET STRING/ {v=$NF} END {print toupper(v)}'
}

signing_configured() { [ -n "${CAREKEEPER_SIGN_PKCS12:-}${CAREKEEPER_SIGN_PKCS11_URI:-}" ]; }

# authenticode_sign IN OUT DESCRIPTION
authenticode_sign() {
	local args=(sign -h sha256 -n "$3")
	if [ -n "${CAREKEEPER_SIGN_PKCS12:-}" ]; then
		args+=(-pkcs12 "$CAREKEEPER_SIGN_PKCS12")
	else
		[ -n "${CAREKEEPER_SIGN_PKCS11_MODULE:-}" ] && [ -n "${CAREKEEPER_SIGN_CERTS:-}" ] ||
			die "PKCS#11 signing needs CAREKEEPER_SIGN_PKCS11_MODULE and CAREKEEPER_SIGN_CERTS"
		args+=(-pkcs11engine "${CAREKEEPER_SIGN_PKCS11_ENGINE:-/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so}"
			-pkcs11module "$CAREKEEPER_SIGN_PKCS11_MODULE" -certs "$CAREKEEPER_SIGN_CERTS"
			-key "$CAREKEEPER_SIGN_PKCS11_URI")
	fi
	[ -n "${CAREKEEPER_SIGN_PASSWORD_FILE:-}" ] && args+=(-readpass "$CAREKEEPER_SIGN_PASSWORD_FILE")
	if [ -n "${CAREKEEPER_TIMESTAMP_URL:-}" ]; then
		args+=(-ts "$CAREKEEPER_TIMESTAMP_URL")
	elif [ -n "${CAREKEEPER_TEST_TSA_CERTS:-}" ]; then
		args+=(-TSA-certs "$CAREKEEPER_TEST_TSA_CERTS" -TSA-key "$CAREKEEPER_TEST_TSA_KEY")
	fi
	rm -f "$2" # osslsigncode refuses to overwrite
	osslsigncode "${args[@]}" -in "$1" -out "$2" >/dev/null
}

package_windows() {
	local unsigned=$DIST/unsigned/$BASE-windows-amd64.exe exe=$DIST/$BASE-windows-amd64.exe
	local msi=$DIST/$BASE-x64.msi
	step "windows: Authenticode digest of the unsigned exe"
	AUTHENTICODE=$(authenticode_digest "$unsigned")
	printf '%s  %s\n' "$AUTHENTICODE" "$(basename "$exe")" >"$DIST/AUTHENTICODE-SHA256"
	if signing_configured; then
		step "windows: signing the exe"
		authenticode_sign "$unsigned" "$exe" "$APP_NAME"
	else
		log "windows: no CAREKEEPER_SIGN_PKCS12 / CAREKEEPER_SIGN_PKCS11_URI: exe and MSI stay UNSIGNED"
		cp "$unsigned" "$exe"
	fi

	step "windows: MSI (wixl)"
	local stage=$WORK/stage-msi
	rm -rf "$stage"
	mkdir -p "$stage/files"
	cp "$exe" "$stage/files/CareKeeper.exe"
	cp packaging/windows/ProgramData-README.txt "$stage/files/README.txt"
	cp packaging/windows/carekeeper.wxs "$stage/"
	rm -f "$stage/out.msi"
	(cd "$stage" && wixl -a x64 -D "Version=$VERSION" -D SourceDir=files -o out.msi carekeeper.wxs)
	if signing_configured; then
		step "windows: signing the MSI"
		authenticode_sign "$stage/out.msi" "$msi" "$APP_NAME $VERSION installer"
	else
		cp "$stage/out.msi" "$msi"
	fi
}

# --- SBOM --------------------------------------------------------------------------------
dpkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }

# sbom OS CC: CycloneDX from the Go module graph, plus the C code cyclonedx-gomod cannot see.
sbom() {
	local os=$1 out=$DIST/$BASE-$1-amd64.cdx.json raw=$WORK/$1.cdx.json
	step "$os: SBOM (cyclonedx-gomod)"
	GOFLAGS=-tags=release GOOS=$os GOARCH=amd64 CGO_ENABLED=1 CC=$2 \
		"$CYCLONEDX" app -json -licenses -std -noserial -notimestamp -output "$raw" . 2>"$WORK/cyclonedx.log" ||
		{
			cat "$WORK/cyclonedx.log" >&2
			die "cyclonedx-gomod failed"
		}
	local glfw_dir glfw_ver
	glfw_dir=$(GOFLAGS= go list -m -f '{{.Dir}}' github.com/go-gl/glfw/v3.3/glfw)
	glfw_ver=$(awk '/#define GLFW_VERSION_(MAJOR|MINOR|REVISION)/ {v = v (v ? "." : "") $3} END {print v}' \
		"$glfw_dir/glfw/include/GLFW/glfw3.h")
	local extra
	if [ "$os" = windows ]; then
		extra=$(jq -n --arg glfw "$glfw_ver" --arg crt "$(dpkg_version mingw-w64-x86-64-dev)" \
			--arg gcc "$(dpkg_version gcc-mingw-w64-x86-64)" '[
			{type:"library", name:"glfw", version:$glfw, purl:("pkg:generic/glfw@" + $glfw),
			 description:"GLFW C sources vendored in github.com/go-gl/glfw/v3.3/glfw, compiled into the executable",
			 licenses:[{license:{id:"Zlib"}}], properties:[{name:"carekeeper:linkage", value:"static"}]},
			{type:"library", name:"mingw-w64-crt", version:$crt, purl:("pkg:deb/debian/mingw-w64-x86-64-dev@" + $crt),
			 description:"mingw-w64 C runtime start-up code and import libraries, statically linked",
			 properties:[{name:"carekeeper:linkage", value:"static"}]},
			{type:"library", name:"libgcc", version:$gcc, purl:("pkg:deb/debian/gcc-mingw-w64-x86-64@" + $gcc),
			 description:"GCC support library from the mingw-w64 cross compiler, statically linked",
			 properties:[{name:"carekeeper:linkage", value:"static"}]}
			] + ([ "opengl32.dll", "gdi32.dll", "user32.dll", "kernel32.dll", "shell32.dll", "msvcrt.dll" ]
			 | map({type:"library", name:., version:"system",
			        description:"Windows system DLL imported at run time, not shipped (opengl32: OpenGL 2.1 or later needed)",
			        properties:[{name:"carekeeper:linkage", value:"dynamic, provided by Windows"}]}))')
	else
		extra=$(jq -n --arg glfw "$glfw_ver" --arg gl "$(dpkg_version libgl1)" --arg x11 "$(dpkg_version libx11-6)" \
			--arg libc "$(dpkg_version libc6)" '[
			{type:"library", name:"glfw", version:$glfw, purl:("pkg:generic/glfw@" + $glfw),
			 description:"GLFW C sources vendored in github.com/go-gl/glfw/v3.3/glfw, compiled into the binary",
			 licenses:[{license:{id:"Zlib"}}], properties:[{name:"carekeeper:linkage", value:"static"}]},
			{type:"library", name:"libGL.so.1", version:$gl, purl:("pkg:deb/debian/libgl1@" + $gl),
			 description:"System OpenGL (GLVND) library, OpenGL 2.1 or later; built against this version, not shipped",
			 properties:[{name:"carekeeper:linkage", value:"dynamic, provided by the distribution"}]},
			{type:"library", name:"libX11.so.6", version:$x11, purl:("pkg:deb/debian/libx11-6@" + $x11),
			 description:"System X11 client library; built against this version, not shipped",
			 properties:[{name:"carekeeper:linkage", value:"dynamic, provided by the distribution"}]},
			{type:"library", name:"glibc", version:$libc, purl:("pkg:deb/debian/libc6@" + $libc),
			 description:"System C library (libc.so.6, libm.so.6); built against this version, not shipped",
			 properties:[{name:"carekeeper:linkage", value:"dynamic, provided by the distribution"}]}
			]')
	fi
	jq --arg v "$VERSION" --arg b "$BUILD" --arg c "$COMMIT" --argjson extra "$extra" '
		(.metadata.component["bom-ref"]) as $main
		| .metadata.component.version = $v
		| .metadata.component.properties = ((.metadata.component.properties // []) +
			[{name:"carekeeper:build", value:$b}, {name:"carekeeper:commit", value:$c}])
		| ($extra | map(. + {"bom-ref": ("c:" + .name + "@" + .version)})) as $cs
		| .components = ((.components // []) + $cs)
		| .dependencies = ((.dependencies // []) | map(if .ref == $main
			then .dependsOn = ((.dependsOn // []) + ($cs | map(.["bom-ref"]))) else . end))' \
		"$raw" >"$out"
}

# --- release manifest, sums, minisign ----------------------------------------------------
release_json() {
	step "RELEASE.json"
	local sigs=() f
	signing_configured && want windows && sigs+=(authenticode)
	[ -n "${CAREKEEPER_GPG_KEY_FILE:-}" ] && want linux && sigs+=(gpg)
	[ -n "${CAREKEEPER_MINISIGN_KEY:-}" ] && sigs+=(minisign)
	local sigjson
	sigjson=$(printf '%s\n' "${sigs[@]}" | jq -R . | jq -sc 'map(select(. != ""))')
	local unsigned_json='{}'
	if want windows; then
		unsigned_json=$(jq -n --arg f "$BASE-windows-amd64.exe" --arg a "$AUTHENTICODE" \
			--arg s "$(sha256sum "$DIST/unsigned/$BASE-windows-amd64.exe" | cut -d' ' -f1)" \
			'{($f): {unsigned_sha256: $s, authenticode_sha256: $a}}')
	fi
	if want linux; then
		unsigned_json=$(jq --arg s "$(sha256sum "$DIST/unsigned/carekeeper-linux-amd64" | cut -d' ' -f1)" \
			'. + {"bin/carekeeper (linux-amd64)": {sha256: $s}}' <<<"$unsigned_json")
		unsigned_json=$(jq --arg s "$(sha256sum "$DIST/unsigned/carekeeper-cli-linux-amd64" | cut -d' ' -f1)" \
			'. + {"bin/carekeeper-cli (linux-amd64)": {sha256: $s}}' <<<"$unsigned_json")
	fi
	jq -n --arg app "$APP_ID" --arg name "$APP_NAME" --arg v "$VERSION" --arg b "$BUILD" --arg c "$COMMIT" \
		--arg sde "$SOURCE_DATE_EPOCH" --arg stamp "$STAMP" --arg targets "$TARGETS" \
		--argjson sigs "$sigjson" --argjson bins "$unsigned_json" \
		--arg go "$(go env GOVERSION)" --arg gcc "$(dpkg_version gcc-12)" \
		--arg mingw "$(dpkg_version gcc-mingw-w64-x86-64)" --arg fyne "v1.7.4" --arg nfpm "v2.45.2" \
		--arg wixl "$(dpkg_version wixl)" --arg oss "$(dpkg_version osslsigncode)" \
		'{app: $app, name: $name, version: $v, build: ($b | tonumber), commit: $c,
		  source_date_epoch: ($sde | tonumber), stamp: $stamp, targets: ($targets | split(" ") | map(select(. != ""))),
		  signatures: $sigs, binaries: $bins,
		  toolchain: {go: $go, gcc: $gcc, "gcc-mingw-w64-x86-64": $mingw, "fyne.io/tools": $fyne,
		              nfpm: $nfpm, wixl: $wixl, osslsigncode: $oss}}' >"$DIST/RELEASE.json"
}

sums_and_minisign() {
	step "SHA256SUMS"
	rm -f "$DIST/SHA256SUMS" "$DIST/SHA256SUMS.minisig"
	(cd "$DIST" && find . -maxdepth 1 -type f ! -name 'SHA256SUMS*' -printf '%f\n' | LC_ALL=C sort |
		xargs sha256sum) >"$WORK/SHA256SUMS"
	mv "$WORK/SHA256SUMS" "$DIST/SHA256SUMS"
	if [ -n "${CAREKEEPER_MINISIGN_KEY:-}" ]; then
		step "minisign"
		local in=/dev/null
		[ -n "${CAREKEEPER_MINISIGN_PASSWORD_FILE:-}" ] && in=$CAREKEEPER_MINISIGN_PASSWORD_FILE
		minisign -S -s "$CAREKEEPER_MINISIGN_KEY" -m "$DIST/SHA256SUMS" -x "$DIST/SHA256SUMS.minisig" \
			-c "CareKeeper $VERSION ($BUILD) release checksums" -t "$STAMP" <"$in" >/dev/null
	else
		log "no CAREKEEPER_MINISIGN_KEY: SHA256SUMS is NOT signed (verify-dist will refuse it)"
	fi
}

# Old artifacts of another version must not end up in SHA256SUMS.
find "$DIST" -maxdepth 1 -type f -delete
want linux && package_linux
want windows && package_windows
want linux && sbom linux gcc
want windows && sbom windows "$MINGW_CC"
release_json
sums_and_minisign
step "done"
ls -l "$DIST" >&2
exit
}
