#!/usr/bin/env bash
# make conformance: tlsfuzzer's scripts (conformance/scripts.txt) against
# openssl s_server on the system libssl and on libssl-rs, per-probe
# differences written to docs/CONFORMANCE.md. Needs a tlsfuzzer checkout
# (TLSFUZZER_DIR, default target/tlsfuzzer) and PyPI for tlslite-ng 0.9.0b2
# and ecdsa, installed into target/conformance-venv on first use.
# LIBSSL_RS_DIR selects another build of our library (as in capi-tests/lib.sh).
# CONFORMANCE_ONLY="script.py ..." runs those scripts alone (report under
# target/; the ratchet checks their probes). It fails when a probe that
# docs/conformance.results says passed no longer does.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TLSFUZZER_DIR=${TLSFUZZER_DIR:-$ROOT/target/tlsfuzzer}
if [ ! -f "$TLSFUZZER_DIR/scripts/test-tls13-conversation.py" ]; then
    echo "no tlsfuzzer checkout at $TLSFUZZER_DIR:"
    echo "  git clone https://github.com/tlsfuzzer/tlsfuzzer $ROOT/target/tlsfuzzer   (or set TLSFUZZER_DIR)"
    exit 1
fi
VENV=$ROOT/target/conformance-venv
if ! "$VENV/bin/python" -c 'import tlslite, ecdsa' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q tlslite-ng==0.9.0b2 ecdsa
fi
WORK=$(mktemp -d /tmp/libssl-rs-conformance.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# tlsfuzzer's scripts expect an RSA certificate signed with RSA (some send
# signature_algorithms_cert with RSA schemes only): a self-signed one, as
# tlsfuzzer's own instructions make.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/rsa.key" -out "$WORK/rsa.pem" -subj /CN=localhost -days 2 2>/dev/null
"$VENV/bin/python" "$ROOT/tools/conformance.py" "$TLSFUZZER_DIR" "$VENV/bin/python" "${LIBSSL_RS_DIR:-$ROOT/target/release}/libssl.so.3" \
    "$WORK" "$([ -n "${CONFORMANCE_ONLY:-}" ] && echo "$ROOT/target/conformance-partial.md" || echo "$ROOT/docs/CONFORMANCE.md")"
