#!/usr/bin/env bash
# TLS 1.3's AES-CCM suites (RFC 8446 B.4: TLS_AES_128_CCM_SHA256 and its
# 8-byte-tag variant), which OpenSSL 3.0 has outside its defaults: through
# libcrypto's AES-CCM, both roles, against openssl s_server/s_client on the
# system libssl; data flows and the suite is the one asked for.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-ccm.XXXXXX)
. "$ROOT/capi-tests/lib.sh"
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
echo "TLS 1.3 AES-CCM suites (work dir $WORK)"
for cs in TLS_AES_128_CCM_SHA256 TLS_AES_128_CCM_8_SHA256; do
    for role in server client; do
        port=$(free_port)
        spre=""; cpre=""
        [ "$role" = server ] && spre="$LIB" || cpre="$LIB"
        LD_PRELOAD="$spre" openssl s_server -accept 127.0.0.1:"$port" -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" -ciphersuites "$cs" -www >"$WORK/s-$port.log" 2>&1 &
        pid=$!
        PIDS+=("$pid")
        wait_port "$port" || continue
        printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$cpre" timeout 10 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -ciphersuites "$cs" -ign_eof \
            >"$WORK/$cs.$role" 2>&1
        kill "$pid" 2>/dev/null
        if grep -q "^New, TLSv1.3, Cipher is $cs" "$WORK/$cs.$role" && grep -q "^HTTP/1.0 200" "$WORK/$cs.$role"; then
            pass "$cs with our $role"
        else fail "$cs with our $role" "$WORK/$cs.$role"; fi
    done
done
summary "TLS 1.3 AES-CCM suites"
