#!/usr/bin/env bash
# TLS 1.2's other named curves (RFC 8422, RFC 7027) through libcrypto:
# ECDHE on brainpool, secp256k1, secp224r1 and binary curves, both roles,
# against openssl s_server/s_client on the system libssl (an RSA
# certificate: an ECDSA one needs its own curve offered); the negotiated
# curve ("Server Temp Key") must be the system libssl's in each direction.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-curves.XXXXXX)
. "$ROOT/capi-tests/lib.sh"
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
echo "TLS 1.2 named curves (work dir $WORK)"

# run SERVER-PRE CLIENT-PRE CURVE: the verdict lines of one connection.
run() {
    local spre=$1 cpre=$2 curve=$3 port
    port=$(free_port)
    LD_PRELOAD="$spre" openssl s_server -accept 127.0.0.1:"$port" -cert "$WORK/rsa.pem" -key "$WORK/rsa.key" -curves "$curve" -www >"$WORK/s-$port.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_port "$port" || return 1
    printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$cpre" timeout 10 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -tls1_2 -curves "$curve" -ign_eof 2>&1 \
        | grep -E "^(New|Reused), |Server Temp Key|^HTTP/1.0 200" | sort -u
    kill "$pid" 2>/dev/null
}
for curve in brainpoolP256r1 brainpoolP384r1 brainpoolP512r1 secp256k1 secp224r1 sect283k1 sect571r1; do
    run "" "" "$curve" >"$WORK/$curve.sys"
    for role in server client; do
        if [ "$role" = server ]; then run "$LIB" "" "$curve" >"$WORK/$curve.$role"; else run "" "$LIB" "$curve" >"$WORK/$curve.$role"; fi
        if grep -q "HTTP/1.0 200" "$WORK/$curve.$role" && diff -u "$WORK/$curve.sys" "$WORK/$curve.$role" >"$WORK/$curve.$role.diff"; then
            pass "ECDHE on $curve, our $role: $(grep 'Server Temp Key' "$WORK/$curve.$role" | sed 's/.*: //')"
        else cat "$WORK/$curve.$role" >>"$WORK/$curve.$role.diff"; fail "ECDHE on $curve, our $role" "$WORK/$curve.$role.diff"; fi
    done
done
summary "TLS 1.2 named curves"
