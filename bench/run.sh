#!/usr/bin/env bash
# make bench: the same tlsbench binary (built against the system headers and
# linked to the system libssl) runs interleaved on the system libssl and on
# ours (LD_LIBRARY_PATH), RUNS times per scenario, with a fixed amount of
# work per run. bench/report.py turns the lines into medians, ratios, a
# table and a chart under bench/results/.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
W=$(mktemp -d /tmp/libssl-rs-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
"$ROOT/capi-tests/gen-certs.sh" "$W" >/dev/null 2>&1
gcc -O2 -Wall -Werror -o "$W/tlsbench" "$ROOT/bench/tlsbench.c" -lssl -lcrypto -lpthread
# The primitive costs (aws-lc-rs): the ceilings report.py computes.
(cd "$ROOT" && cargo build --release --quiet --example primitives)
MATRIX=""
for suite in aes128gcm aes256gcm chacha20; do
    for w in 1 4 16 64; do
        for b in 17 64; do MATRIX="$MATRIX bulk-$suite-w${w}k-b${b}k"; done
    done
done
OUT="$ROOT/bench/results/raw.txt"
mkdir -p "$ROOT/bench/results"
: >"$OUT"
for run in $(seq 1 "$RUNS"); do
    "$ROOT/target/release/examples/primitives" >>"$OUT"
    for sc in full-ecdsa full-rsa resume bulk-aes128gcm bulk-chacha20 memory \
        tls12-full-ecdsa tls12-resume-id tls12-resume-ticket tls12-bulk-aes128gcm tls12-memory \
        rr threads-1 threads-2 cpu-scaling $MATRIX; do
        for lib in openssl libssl-rs; do
            if [ "$lib" = openssl ]; then
                "$W/tlsbench" "$W" "$sc" | sed "s/^/$lib /" >>"$OUT"
            else
                LD_LIBRARY_PATH="$ROOT/target/release" "$W/tlsbench" "$W" "$sc" | sed "s/^/$lib /" >>"$OUT"
            fi
        done
    done
    # A whole process doing one full handshake, start-up included (what a
    # one-shot program such as curl pays), timed from outside.
    for lib in openssl libssl-rs; do
        [ "$lib" = openssl ] && dir="" || dir="$ROOT/target/release"
        t0=$(date +%s%N)
        LD_LIBRARY_PATH="$dir" "$W/tlsbench" "$W" one-handshake | sed "s/^/$lib /" >>"$OUT"
        t1=$(date +%s%N)
        echo "$lib process-one-handshake $(( (t1 - t0) / 1000 )) us" >>"$OUT"
    done
    echo "run $run/$RUNS done" >&2
done
# Which library each run loaded: every run prints it; the report checks them.
PY=python3
if ! python3 -c 'import matplotlib' 2>/dev/null; then
    [ -x "$ROOT/target/bench-venv/bin/python" ] || { python3 -m venv "$ROOT/target/bench-venv" && "$ROOT/target/bench-venv/bin/pip" install -q matplotlib; }
    PY="$ROOT/target/bench-venv/bin/python"
fi
"$PY" "$ROOT/bench/report.py" "$OUT" "$ROOT/bench/results"
