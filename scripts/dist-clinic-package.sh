#!/usr/bin/env bash
# Builds a clinic's configuration package: a .deb and an .rpm that install the clinic's signed
# clinic.json + clinic.json.minisig into /etc/xdg/carekeeper/ as conffiles (dpkg conffile,
# rpm %config). A new serial of the configuration = a new package version; apt/dnf upgrade it
# like any package. See docs/clinic-it.md ("Rolling out a configuration").
#
#   scripts/dist-clinic-package.sh CLINIC_ID VERSION path/to/clinic.json [OUTDIR]
#
# CLINIC_ID: lower-case letters, digits and '-'; VERSION: e.g. the configuration's serial.
# The signature must be beside the file (clinic.json.minisig). Optional environment:
# CAREKEEPER_GPG_KEY_FILE (+ CAREKEEPER_GPG_PASSWORD_FILE) signs the packages,
# CAREKEEPER_CLINIC_MAINTAINER sets the maintainer, SOURCE_DATE_EPOCH fixes the mtimes
# (default: the configuration file's mtime), so the same input gives the same package.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || {
	echo "usage: $0 CLINIC_ID VERSION clinic.json [OUTDIR]" >&2
	exit 2
}
id=$1 version=$2 config=$(realpath "$3") out=${4:-dist/clinic}
[[ $id =~ ^[a-z0-9][a-z0-9-]*$ ]] || { echo "clinic id must be lower-case letters, digits and '-'" >&2; exit 2; }
[[ $version =~ ^[0-9][0-9.]*$ ]] || { echo "version must be digits and dots" >&2; exit 2; }
[ -f "$config.minisig" ] || { echo "missing $config.minisig (sign it first: carekeeper clinic sign)" >&2; exit 1; }
TOOLS=$(scripts/dist-deps.sh --print-tools)
NFPM=$TOOLS/nfpm@v2.45.2/nfpm
[ -x "$NFPM" ] || { echo "nfpm missing: run scripts/dist-deps.sh" >&2; exit 1; }
mkdir -p "$out"
sde=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$config")}
mtime=$(date -u -d "@$sde" +%Y-%m-%dT%H:%M:%SZ)
key=${CAREKEEPER_GPG_KEY_FILE:-}
[ -n "$key" ] && key=$(realpath "$key")
if [ -n "${CAREKEEPER_GPG_PASSWORD_FILE:-}" ]; then
	NFPM_PASSPHRASE=$(cat "$CAREKEEPER_GPG_PASSWORD_FILE")
	export NFPM_PASSPHRASE
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e "s|@CLINIC_ID@|$id|g; s|@VERSION@|$version|g; s|@CONFIG@|$config|g; s|@MTIME@|$mtime|g" \
	-e "s|@GPG_KEY_FILE@|$key|g; s|@MAINTAINER@|${CAREKEEPER_CLINIC_MAINTAINER:-clinic IT <it@example.invalid>}|g" \
	packaging/linux/clinic-config.yaml >"$tmp/nfpm.yaml"
"$NFPM" package --config "$tmp/nfpm.yaml" --packager deb --target "$out/carekeeper-clinic-${id}_${version}-1_all.deb"
"$NFPM" package --config "$tmp/nfpm.yaml" --packager rpm --target "$out/carekeeper-clinic-${id}-${version}-1.noarch.rpm"
