#!/usr/bin/env bash
# Server keys that aws-lc cannot sign with, signed through libcrypto
# (EVP_DigestSign): Ed448, RSASSA-PSS-only (rsa_pss_pss_*) and ECDSA P-521
# certificates served by openssl s_server on our library, TLS 1.3 and
# TLS 1.2, to openssl s_client on the system libssl; the handshake and the
# peer signature type must be the system libssl's.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-signkeys.XXXXXX)
. "$ROOT/capi-tests/lib.sh"
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
(cd "$WORK" && openssl req -newkey rsa-pss -pkeyopt rsa_keygen_bits:2048 -nodes -keyout rsapss.key -out rsapss.csr -subj "/CN=localhost" \
    && openssl x509 -req -in rsapss.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out rsapss.pem -days 2 -extfile ec256.ext) >/dev/null 2>&1 \
    || { echo "RSA-PSS certificate generation failed"; exit 1; }
echo "signing keys through libcrypto (work dir $WORK)"

# handshake PRE KEY VERSION: one s_client connection to s_server (LD_PRELOAD PRE)
# with KEY's certificate; the verdict lines.
handshake() {
    local pre=$1 key=$2 v=$3 port
    port=$(free_port)
    LD_PRELOAD="$pre" openssl s_server -accept 127.0.0.1:"$port" -cert "$WORK/$key.pem" -key "$WORK/$key.key" -www >"$WORK/srv-$port.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_port "$port" || return 1
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -"$v" -ign_eof 2>&1 \
        | grep -E "^(New|Reused), |Peer signature type|Verify return code|^HTTP/1.0 200" | sort -u
    kill "$pid" 2>/dev/null
}
for key in ed448 rsapss ec521; do
    for v in tls1_3 tls1_2; do
        handshake "$LIB" "$key" "$v" >"$WORK/$key.$v.ours"
        handshake "" "$key" "$v" >"$WORK/$key.$v.sys"
        if grep -q "HTTP/1.0 200" "$WORK/$key.$v.ours" && grep -q "Verify return code: 0" "$WORK/$key.$v.ours" \
            && diff -u "$WORK/$key.$v.sys" "$WORK/$key.$v.ours" >"$WORK/$key.$v.diff"; then
            pass "$key certificate served on our library ($v): $(grep 'Peer signature type' "$WORK/$key.$v.ours" | sed 's/.*: //'), as on the system libssl"
        else cat "$WORK/$key.$v.ours" >>"$WORK/$key.$v.diff"; fail "$key certificate ($v)" "$WORK/$key.$v.diff"; fi
    done
done
summary "signing keys through libcrypto"
