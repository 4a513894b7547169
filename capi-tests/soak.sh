#!/usr/bin/env bash
# make soak: capi-tests/soak.c on libssl-rs (SOAK_TOTAL handshakes, default
# 1,000,000, on SOAK_THREADS threads, default 4). SOAK_SYSTEM=1 runs the same
# program on the system libssl afterwards, for comparison.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d /tmp/libssl-rs-soak.XXXXXX)
trap 'rm -rf "$W"' EXIT
"$ROOT/capi-tests/gen-certs.sh" "$W" >/dev/null 2>&1
gcc -O2 -Wall -Werror -I"$ROOT/capi-tests" -o "$W/soak" "$ROOT/capi-tests/soak.c" -lssl -lcrypto -lpthread
TOTAL=${SOAK_TOTAL:-1000000}
THREADS=${SOAK_THREADS:-4}
BOGUS=${SOAK_BOGUS:-100000}
echo "== libssl-rs"
LD_LIBRARY_PATH="$ROOT/target/release" "$W/soak" "$W" "$TOTAL" "$THREADS" "$BOGUS"
if [ "${SOAK_SYSTEM:-0}" = 1 ]; then
    echo "== system libssl"
    "$W/soak" "$W" "$TOTAL" "$THREADS" "$BOGUS"
fi
