#!/usr/bin/env bash
# Verifies a CareKeeper release directory made by scripts/dist.sh (make verify-dist):
# the minisign signature over SHA256SUMS and its trusted comment, every checksum, that nothing
# unlisted was added, RELEASE.json, the SBOMs, Authenticode on the .exe and .msi, the GPG
# signatures inside the .deb and .rpm, and that every artifact carries the same app id,
# version, build and commit. Runs every check and reports each; exit 1 if any failed.
#
#   scripts/verify-dist.sh [DIST]            (default dist)
#
# Environment:
#   CAREKEEPER_MINISIGN_PUB      release public key (minisign .pub file). Required, unless
#                                ALLOW_UNSIGNED=1 (a local unsigned build: checks the rest).
#   CAREKEEPER_GPG_PUB           armored GPG public key, when the packages are GPG-signed
#   CAREKEEPER_VERIFY_CAFILE     CA bundle for Authenticode (default: the system bundle);
#   CAREKEEPER_VERIFY_TSA_CAFILE CA bundle for the time-stamp (default: the same)
#   REQUIRE_SIGNATURES           e.g. "authenticode gpg minisign": fail if RELEASE.json lists fewer
# The whole script is one block, so bash has read all of it before it runs (editing it
# during a run cannot change the run).
{
set -uo pipefail
DIST=${1:-dist}
[ -d "$DIST" ] || {
	echo "verify-dist: no directory $DIST (run make dist first)" >&2
	exit 1
}
DIST=$(cd "$DIST" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/carekeeper-verify.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
UPGRADE_CODE="{67707340-7BC2-4009-A9BE-FAACA55C0583}"

passed=0
failed=0
ok() {
	passed=$((passed + 1))
	printf 'ok    %s\n' "$*"
}
bad() {
	failed=$((failed + 1))
	printf 'FAIL  %s\n' "$*"
}
# check NAME COMMAND...: runs the command quietly; ok/FAIL with its last output line.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else bad "$name: $(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"; fi
}
sha() { sha256sum "$1" | cut -d' ' -f1; }

# --- 1. minisign over SHA256SUMS --------------------------------------------------------
comment=""
if [ -n "${CAREKEEPER_MINISIGN_PUB:-}" ]; then
	if comment=$(minisign -V -Q -p "$CAREKEEPER_MINISIGN_PUB" -m "$DIST/SHA256SUMS" -x "$DIST/SHA256SUMS.minisig" 2>&1); then
		ok "minisign: SHA256SUMS signed by the release key (trusted comment: $comment)"
	else
		bad "minisign: SHA256SUMS.minisig does not verify: $comment"
		comment=""
	fi
elif [ "${ALLOW_UNSIGNED:-}" = 1 ]; then
	echo "skip  minisign: ALLOW_UNSIGNED=1 and no CAREKEEPER_MINISIGN_PUB (nothing below is authenticated)"
else
	bad "minisign: set CAREKEEPER_MINISIGN_PUB to the release public key (or ALLOW_UNSIGNED=1 for a local build)"
fi

# --- 2. SHA256SUMS ----------------------------------------------------------------------
check "SHA256SUMS: every listed file matches" bash -c "cd '$DIST' && sha256sum --strict --quiet -c SHA256SUMS"
unlisted=$(cd "$DIST" && find . -maxdepth 1 -type f ! -name 'SHA256SUMS*' -printf '%f\n' | LC_ALL=C sort |
	comm -23 - <(awk '{sub(/^\*/, "", $2); print $2}' SHA256SUMS 2>/dev/null | LC_ALL=C sort))
if [ -z "$unlisted" ]; then ok "SHA256SUMS: lists every artifact"; else bad "SHA256SUMS: not listed: $unlisted"; fi

# --- 3. RELEASE.json and the release identity -----------------------------------------------
rel=$DIST/RELEASE.json
if ! jq -e . "$rel" >/dev/null 2>&1; then
	bad "RELEASE.json: missing or not JSON"
	echo "verify-dist: $failed of $((passed + failed)) checks FAILED"
	exit 1
fi
APP=$(jq -r .app "$rel")
VERSION=$(jq -r .version "$rel")
BUILD=$(jq -r .build "$rel")
COMMIT=$(jq -r .commit "$rel")
STAMP="app=$APP;version=$VERSION;build=$BUILD;commit=$COMMIT"
BASE=carekeeper-$VERSION
if [ "$(jq -r .stamp "$rel")" = "$STAMP" ]; then ok "RELEASE.json: $STAMP"; else bad "RELEASE.json: stamp disagrees with its fields"; fi
if [ -n "$comment" ]; then
	if [ "$comment" = "$STAMP" ]; then ok "minisign trusted comment names the same app, version, build and commit"; else bad "minisign trusted comment '$comment' != '$STAMP'"; fi
fi
has_sig() { jq -e --arg s "$1" '.signatures | index($s) != null' "$rel" >/dev/null; }
has_target() { jq -e --arg s "$1" '.targets | index($s) != null' "$rel" >/dev/null; }
for s in ${REQUIRE_SIGNATURES:-}; do
	if has_sig "$s"; then ok "RELEASE.json: $s signatures present"; else bad "RELEASE.json: $s signatures required but not made"; fi
done

# stamp_in NAME FILE: the binary carries the release stamp compiled in by dist.sh.
stamp_in() {
	if grep -a -q -F "$STAMP" "$2"; then ok "$1: carries $STAMP"; else bad "$1: does not carry $STAMP"; fi
}

# --- 4. SBOMs ---------------------------------------------------------------------------
for os in linux windows; do
	has_target "$os" || continue
	f=$DIST/$BASE-$os-amd64.cdx.json
	check "SBOM $os: CycloneDX, version $VERSION, Go modules and C components" jq -e --arg v "$VERSION" '
		.bomFormat == "CycloneDX" and .metadata.component.version == $v
		and ([.components[] | select(.name == "fyne.io/fyne/v2")] | length) == 1
		and ([.components[] | select(.name == "glfw")] | length) == 1' "$f"
done

# --- 5. Linux ---------------------------------------------------------------------------
if has_target linux; then
	tarball=$DIST/$BASE-linux-amd64.tar.xz
	mkdir -p "$TMP/tar"
	if tar -C "$TMP/tar" -xJf "$tarball" 2>/dev/null && [ -x "$TMP/tar/$BASE/bin/carekeeper" ]; then
		ok "tar.xz: unpacks, $BASE/bin/carekeeper"
		linbin=$TMP/tar/$BASE/bin/carekeeper
		stamp_in "tar.xz binary" "$linbin"
		# The binary says its own version (carekeeper version --json; no display needed).
		if [ "$(uname -m)" = x86_64 ] && out=$("$linbin" version --json 2>/dev/null) &&
			[ "$(jq -r '.version + ";" + .build + ";" + .commit' <<<"$out")" = "$VERSION;$BUILD;$COMMIT" ]; then
			ok "tar.xz binary: 'carekeeper version' says $VERSION build $BUILD"
		elif [ "$(uname -m)" = x86_64 ]; then
			bad "tar.xz binary: 'carekeeper version' says '${out:-nothing}', not $VERSION;$BUILD;$COMMIT"
		fi
		check "tar.xz: .desktop and icon" test -s "$TMP/tar/$BASE/share/applications/$APP.desktop" -a \
			-s "$TMP/tar/$BASE/share/icons/hicolor/512x512/apps/$APP.png"
		if jq -e --arg s "$(sha "$linbin")" '.binaries | to_entries | map(select(.key | startswith("bin/carekeeper ("))) | .[0].value.sha256 == $s' "$rel" >/dev/null; then
			ok "tar.xz binary matches RELEASE.json"
		else bad "tar.xz binary differs from RELEASE.json"; fi
		# carekeeper-cli beside it: the release's own (its stamp, RELEASE.json), so
		# 'carekeeper version' above ran in it (handoff_unix.go).
		clibin=$TMP/tar/$BASE/bin/carekeeper-cli
		if [ -x "$clibin" ]; then
			stamp_in "tar.xz carekeeper-cli" "$clibin"
			if jq -e --arg s "$(sha "$clibin")" '.binaries["bin/carekeeper-cli (linux-amd64)"].sha256 == $s' "$rel" >/dev/null; then
				ok "tar.xz carekeeper-cli matches RELEASE.json"
			else bad "tar.xz carekeeper-cli differs from RELEASE.json"; fi
		else bad "tar.xz: no $BASE/bin/carekeeper-cli"; clibin=""; fi
	else
		bad "tar.xz: does not unpack to $BASE/bin/carekeeper"
		linbin=""
	fi

	deb=$DIST/carekeeper_${VERSION}-${BUILD}_amd64.deb
	if v=$(dpkg-deb -f "$deb" Version 2>&1) && [ "$v" = "$VERSION-$BUILD" ]; then ok ".deb: version $v"; else bad ".deb: version '$v' != $VERSION-$BUILD"; fi
	mkdir -p "$TMP/deb"
	if dpkg-deb -x "$deb" "$TMP/deb" 2>/dev/null && [ -n "$linbin" ] && cmp -s "$TMP/deb/usr/bin/carekeeper" "$linbin"; then
		ok ".deb: /usr/bin/carekeeper is the tar.xz binary"
	else bad ".deb: /usr/bin/carekeeper missing or different"; fi
	if [ -n "${clibin:-}" ] && cmp -s "$TMP/deb/usr/bin/carekeeper-cli" "$clibin"; then
		ok ".deb: /usr/bin/carekeeper-cli is the tar.xz one"
	else bad ".deb: /usr/bin/carekeeper-cli missing or different"; fi
	if dpkg-deb -e "$deb" "$TMP/deb-control" 2>/dev/null && grep -qx /etc/xdg/carekeeper/README "$TMP/deb-control/conffiles" &&
		[ -d "$TMP/deb/etc/xdg/carekeeper" ]; then
		ok ".deb: /etc/xdg/carekeeper/ clinic configuration directory (conffile README)"
	else bad ".deb: /etc/xdg/carekeeper/ or its conffile missing"; fi

	rpm=$DIST/carekeeper-${VERSION}-${BUILD}.x86_64.rpm
	if v=$(rpm -qp --qf '%{VERSION}-%{RELEASE}' "$rpm" 2>/dev/null) && [ "$v" = "$VERSION-$BUILD" ]; then ok ".rpm: version $v"; else bad ".rpm: version '$v' != $VERSION-$BUILD"; fi
	mkdir -p "$TMP/rpm"
	if (cd "$TMP/rpm" && { rpm2cpio "$rpm" 2>/dev/null || true; } | cpio -idm --quiet --no-absolute-filenames 2>/dev/null) && [ -n "$linbin" ] &&
		cmp -s "$TMP/rpm/usr/bin/carekeeper" "$linbin"; then
		ok ".rpm: /usr/bin/carekeeper is the tar.xz binary"
	else bad ".rpm: /usr/bin/carekeeper missing or different"; fi
	if [ -n "${clibin:-}" ] && cmp -s "$TMP/rpm/usr/bin/carekeeper-cli" "$clibin"; then
		ok ".rpm: /usr/bin/carekeeper-cli is the tar.xz one"
	else bad ".rpm: /usr/bin/carekeeper-cli missing or different"; fi
	if rpm -qp --configfiles "$rpm" 2>/dev/null | grep -qx /etc/xdg/carekeeper/README; then
		ok ".rpm: /etc/xdg/carekeeper/ clinic configuration directory (%config README)"
	else bad ".rpm: /etc/xdg/carekeeper/README is not a %config file"; fi

	if has_sig gpg; then
		if [ -z "${CAREKEEPER_GPG_PUB:-}" ]; then
			bad "gpg: packages are signed; set CAREKEEPER_GPG_PUB to the packaging public key"
		else
			gpg --dearmor <"$CAREKEEPER_GPG_PUB" >"$TMP/keyring.gpg" 2>/dev/null
			mkdir -p "$TMP/ar"
			if (cd "$TMP/ar" && ar x "$deb" 2>/dev/null) && [ -f "$TMP/ar/_gpgorigin" ] &&
				out=$(cd "$TMP/ar" && cat debian-binary control.tar.* data.tar.* | gpgv --keyring "$TMP/keyring.gpg" _gpgorigin - 2>&1); then
				ok ".deb: GPG origin signature (_gpgorigin) good"
			else bad ".deb: GPG origin signature missing or bad: $(printf '%s' "${out:-}" | tail -n 1)"; fi
			mkdir -p "$TMP/rpmdb"
			# rpmkeys' own words are kept: a failure says which line failed (or, when none of
			# them says BAD or NOKEY, everything rpmkeys printed, so that no failure is blank).
			if ! imp=$(rpmkeys --dbpath "$TMP/rpmdb" --import "$CAREKEEPER_GPG_PUB" 2>&1); then
				bad ".rpm: the packaging public key could not be imported for the check: $(printf '%s' "$imp" | tr '\n' ' ')"
			elif out=$(rpmkeys --dbpath "$TMP/rpmdb" -Kv "$rpm" 2>&1) && ! grep -qiE 'NOKEY|BAD|NOT OK' <<<"$out" &&
				grep -q 'Header V4 RSA/SHA256 Signature.*: OK' <<<"$out"; then
				ok ".rpm: GPG header signature and digests OK"
			else
				why=$(grep -iE 'NOKEY|BAD|NOT OK|missing' <<<"$out" | head -n 2 | tr '\n' ' ')
				bad ".rpm: signature check: ${why:-$(printf '%s' "$out" | tr '\n' ' ')}"
			fi
		fi
	fi
fi

# --- 6. Windows -------------------------------------------------------------------------
authenticode_digest() {
	rm -f "$TMP/d.der"
	osslsigncode extract-data -h sha256 -in "$1" -out "$TMP/d.der" >/dev/null 2>&1 &&
		openssl asn1parse -inform DER -in "$TMP/d.der" | awk -F: '/OCTET STRING/ {v=$NF} END {print toupper(v)}'
}
authenticode_verify() { # NAME FILE
	local ca=${CAREKEEPER_VERIFY_CAFILE:-/etc/ssl/certs/ca-certificates.crt} out
	if out=$(osslsigncode verify -CAfile "$ca" -TSA-CAfile "${CAREKEEPER_VERIFY_TSA_CAFILE:-$ca}" -in "$2" 2>&1) &&
		grep -q 'Signature verification: ok' <<<"$out"; then
		ok "$1: Authenticode signature valid ($(grep -m1 -o 'Subject: .*' <<<"$out" || true))"
	else
		bad "$1: Authenticode: $(grep -E 'MISMATCH|failed|Failed|No signature|error' <<<"$out" | head -n 2 | tr '\n' ' ')"
	fi
}
if has_target windows; then
	exe=$DIST/$BASE-windows-amd64.exe
	msi=$DIST/$BASE-x64.msi
	has_sig authenticode && authenticode_verify ".exe" "$exe"
	want=$(awk -v f="$(basename "$exe")" '$2 == f {print $1}' "$DIST/AUTHENTICODE-SHA256" 2>/dev/null)
	got=$(authenticode_digest "$exe")
	if [ -n "$want" ] && [ "$want" = "$got" ]; then
		ok ".exe: Authenticode digest $got equals AUTHENTICODE-SHA256 (the unsigned build's)"
	else bad ".exe: Authenticode digest '$got' != published '$want'"; fi
	stamp_in ".exe" "$exe"
	if strings -el "$exe" | grep -qx "$VERSION.$BUILD"; then ok ".exe: version resource $VERSION.$BUILD"; else bad ".exe: no version resource $VERSION.$BUILD"; fi

	has_sig authenticode && authenticode_verify ".msi" "$msi"
	if msiinfo export "$msi" Property >"$TMP/prop" 2>/dev/null &&
		grep -q "^ProductVersion	$VERSION" "$TMP/prop" && grep -q "^UpgradeCode	$UPGRADE_CODE" "$TMP/prop"; then
		ok ".msi: ProductVersion $VERSION, UpgradeCode $UPGRADE_CODE"
	else bad ".msi: ProductVersion/UpgradeCode wrong or unreadable"; fi
	mkdir -p "$TMP/msi"
	if msiextract -C "$TMP/msi" "$msi" >/dev/null 2>&1 &&
		inner=$(find "$TMP/msi" -iname CareKeeper.exe -print -quit) && [ -n "$inner" ] && cmp -s "$inner" "$exe"; then
		ok ".msi: contains exactly the published .exe"
	else bad ".msi: the CareKeeper.exe inside differs from the published .exe"; fi
fi

total=$((passed + failed))
if [ "$failed" -eq 0 ]; then
	echo "verify-dist: all $total checks passed ($STAMP)"
	exit 0
fi
echo "verify-dist: $failed of $total checks FAILED"
exit 1
exit
}
