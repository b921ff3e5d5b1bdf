#!/usr/bin/env bash
# End-to-end self-test of the release pipeline with THROW-AWAY keys made here (CI runs it):
#   1. makes a test PKI (root CA, code-signing certificate → PKCS#12, offline TSA), a minisign
#      key pair and a GPG key, all in a temporary directory that is removed afterwards;
#   2. runs scripts/dist.sh with them, then scripts/verify-dist.sh (must pass);
#   3. for every artifact, flips one byte in a copy of the release and checks that
#      verify-dist fails, and that the artifact's own signature check fails where it has one.
#
#   scripts/verify-dist-selftest.sh        (VERSION/BUILD default to 0.0.0/1; DIST_TARGETS as dist.sh)
# None of these keys is ever used for a real release.
# The whole script is one block, so bash has read all of it before it runs (editing it
# during a run cannot change the run).
{
set -euo pipefail
cd "$(dirname "$0")/.."
T=$(mktemp -d "${TMPDIR:-/tmp}/carekeeper-selftest.XXXXXX")
trap 'rm -rf "$T"' EXIT
K=$T/keys
mkdir -p "$K"
chmod 700 "$K"
log() { printf 'dist-selftest: %s\n' "$*" >&2; }
t0=$(date +%s)

log "making throw-away keys and certificates"
q() { "$@" >/dev/null 2>&1; }
q openssl req -x509 -newkey rsa:3072 -sha256 -days 30 -nodes -keyout "$K/ca.key" -out "$K/ca.crt" \
	-subj "/CN=CareKeeper CI Test Root (throw-away)" \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
leaf() { # leaf NAME EKU
	q openssl req -newkey rsa:3072 -nodes -keyout "$K/$1.key" -out "$K/$1.csr" -subj "/CN=CareKeeper CI Test $1/O=CareKeeper CI"
	printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n' "$2" >"$K/$1.ext"
	q openssl x509 -req -in "$K/$1.csr" -CA "$K/ca.crt" -CAkey "$K/ca.key" -CAcreateserial -days 30 -sha256 \
		-extfile "$K/$1.ext" -out "$K/$1.crt"
}
leaf codesign codeSigning
leaf tsa critical,timeStamping
head -c 24 /dev/urandom | base64 >"$K/p12.pass"
q openssl pkcs12 -export -inkey "$K/codesign.key" -in "$K/codesign.crt" -certfile "$K/ca.crt" \
	-out "$K/codesign.p12" -passout "file:$K/p12.pass"
cat "$K/tsa.crt" "$K/ca.crt" >"$K/tsa-chain.pem"
q minisign -G -W -f -p "$K/minisign.pub" -s "$K/minisign.key"
export GNUPGHOME=$K/gnupg
mkdir -p "$GNUPGHOME"
chmod 700 "$GNUPGHOME"
q gpg --batch --passphrase '' --quick-gen-key 'CareKeeper CI test key (throw-away) <ci@carekeeper.invalid>' rsa3072 sign 1d
gpg --batch --armor --export-secret-keys >"$K/gpg.key" 2>/dev/null
gpg --batch --armor --export >"$K/gpg.pub" 2>/dev/null

export VERSION=${VERSION:-0.0.0} BUILD=${BUILD:-1}
export CAREKEEPER_SIGN_PKCS12=$K/codesign.p12 CAREKEEPER_SIGN_PASSWORD_FILE=$K/p12.pass
export CAREKEEPER_TEST_TSA_CERTS=$K/tsa-chain.pem CAREKEEPER_TEST_TSA_KEY=$K/tsa.key
export CAREKEEPER_MINISIGN_KEY=$K/minisign.key CAREKEEPER_GPG_KEY_FILE=$K/gpg.key
export CAREKEEPER_MINISIGN_PUB=$K/minisign.pub CAREKEEPER_GPG_PUB=$K/gpg.pub
export CAREKEEPER_VERIFY_CAFILE=$K/ca.crt CAREKEEPER_VERIFY_TSA_CAFILE=$K/ca.crt
unset CAREKEEPER_TIMESTAMP_URL CAREKEEPER_SIGN_PKCS11_URI
D=$T/dist
log "running the pipeline (scripts/dist.sh) into $D"
DIST=$D ALLOW_DIRTY=${ALLOW_DIRTY:-1} scripts/dist.sh
t1=$(date +%s)

want_sigs="minisign"
case " ${DIST_TARGETS:-linux windows} " in *" windows "*) want_sigs="$want_sigs authenticode" ;; esac
case " ${DIST_TARGETS:-linux windows} " in *" linux "*) want_sigs="$want_sigs gpg" ;; esac
log "verifying the release"
REQUIRE_SIGNATURES=$want_sigs scripts/verify-dist.sh "$D" | tee "$T/verify.log"

# flip FILE: xor one byte in the middle of FILE with 0x01.
flip() {
	local size off b
	size=$(stat -c %s "$1")
	off=$((size / 2))
	b=$(od -An -tu1 -j "$off" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ 1)))" | dd of="$1" bs=1 seek="$off" conv=notrunc status=none
}
# The check (besides SHA256SUMS) that must fail when FILE is tampered with.
own_check() {
	case "$1" in
	SHA256SUMS | SHA256SUMS.minisig) echo "minisign" ;;
	*.exe | *.msi) echo "Authenticode" ;;
	*.deb) echo ".deb: GPG" ;;
	*.rpm) echo ".rpm: signature" ;;
	*) echo "SHA256SUMS: every listed file" ;;
	esac
}
tampered=0
for f in $(awk '{print $2}' "$D/SHA256SUMS") SHA256SUMS SHA256SUMS.minisig; do
	[ -f "$D/$f" ] || continue
	C=$T/tamper
	rm -rf "$C"
	cp -al "$D" "$C" # hard links: only the tampered file is copied
	rm "$C/$f"
	cp "$D/$f" "$C/$f"
	flip "$C/$f"
	if REQUIRE_SIGNATURES=$want_sigs scripts/verify-dist.sh "$C" >"$T/tamper.log" 2>&1; then
		log "FAIL: a flipped byte in $f was not detected"
		cat "$T/tamper.log" >&2
		exit 1
	fi
	want=$(own_check "$f")
	if ! grep '^FAIL' "$T/tamper.log" | grep -qF "$want"; then
		log "FAIL: a flipped byte in $f: verify-dist failed, but not in the '$want' check:"
		grep '^FAIL' "$T/tamper.log" >&2
		exit 1
	fi
	log "tampered $f: detected ($(grep -c '^FAIL' "$T/tamper.log") failing checks, including '$want')"
	tampered=$((tampered + 1))
done
log "pipeline $((t1 - t0)) s, verify + $tampered tamper checks $(($(date +%s) - t1)) s: all detected"
ls -l "$D" | awk 'NR > 1 {printf "dist-selftest: %12d  %s\n", $5, $9}' >&2
exit
}
