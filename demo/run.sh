#!/usr/bin/env bash
# The Chapter 8 session-reuse story on libssl-rs: a C client written for
# OpenSSL connects to `openssl s_server -tls1_3` on 127.0.0.1, reads the
# answer (the TLS 1.3 tickets arrive with it), keeps SSL_get1_session,
# reconnects with SSL_set_session and resumes.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d /tmp/libssl-rs-demo.XXXXXX)
SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill $SERVER_PID 2>/dev/null; rm -rf "$W"' EXIT
"$ROOT/capi-tests/gen-certs.sh" "$W" >/dev/null 2>&1
gcc -O1 -o "$W/chapter8_client" "$ROOT/capi-tests/chapter8_client.c" -L"$ROOT/target/release" -l:libssl.so.3 -lcrypto \
    -Wl,-rpath,"$ROOT/target/release"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl s_server -accept 127.0.0.1:"$PORT" -cert "$W/ec256.pem" -key "$W/ec256.key" -tls1_3 -www -quiet >/dev/null 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.05; done
echo "== chapter8_client (linked to $ROOT/target/release/libssl.so.3) -> openssl s_server -tls1_3 on 127.0.0.1:$PORT"
timeout 20 "$W/chapter8_client" localhost "$PORT" "$W/ca.pem" --expect-lib "$ROOT/target/release/libssl.so.3" 2>&1
