#!/usr/bin/env bash
# The Chapter 8 session-reuse story on libssl-rs alone: the C server
# (capi-tests/tls_server.c) and the C client (capi-tests/chapter8_client.c),
# both written for OpenSSL and both linked to our libssl.so.3. The client
# connects, reads the answer (the TLS 1.3 tickets arrive with it), keeps
# SSL_get1_session, reconnects with SSL_set_session and resumes.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIB="$ROOT/target/release"
W=$(mktemp -d /tmp/libssl-rs-demo.XXXXXX)
SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill $SERVER_PID 2>/dev/null; rm -rf "$W"' EXIT
"$ROOT/capi-tests/gen-certs.sh" "$W" >/dev/null 2>&1
for p in chapter8_client tls_server; do
    gcc -O1 -o "$W/$p" "$ROOT/capi-tests/$p.c" -L"$LIB" -l:libssl.so.3 -lcrypto -Wl,-rpath,"$LIB"
done
"$W/tls_server" --cert "$W/ec256.pem" --key "$W/ec256.key" --count 2 >"$W/server.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q '^port' "$W/server.out" 2>/dev/null && break; sleep 0.05; done
PORT=$(awk '/^port/ {print $2}' "$W/server.out")
echo "== client: chapter8_client linked to $LIB/libssl.so.3"
timeout 20 "$W/chapter8_client" localhost "$PORT" "$W/ca.pem" --expect-lib "$LIB/libssl.so.3" 2>&1
wait "$SERVER_PID" || true
SERVER_PID=
echo "== server: tls_server linked to $LIB/libssl.so.3, on 127.0.0.1:$PORT"
cat "$W/server.out"
