#!/usr/bin/env bash
# make fuzz: every cargo-fuzz target in fuzz/ (libFuzzer, nightly, the
# Rust code under AddressSanitizer) for FUZZ_SECONDS each (default 30),
# starting from corpora seeded by real handshakes (tools/fuzz_seeds.py:
# openssl s_client and s_server recorded through a relay). Prints runs and
# crashes per target and writes the table into docs/ROBUSTNESS.md. A crash
# leaves its input in fuzz/artifacts/<target>/ and fails the run.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_EACH=${FUZZ_SECONDS:-30}
cd "$ROOT" || exit 1
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "make fuzz needs a nightly toolchain: rustup toolchain install nightly"; exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked || exit 1
fi
W=$(mktemp -d /tmp/libssl-rs-fuzz.XXXXXX)
trap 'rm -rf "$W"' EXIT
"$ROOT/capi-tests/gen-certs.sh" "$W" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
python3 "$ROOT/tools/fuzz_seeds.py" "$ROOT/fuzz/corpus" "$W" || exit 1
(cd fuzz && cargo +nightly fuzz build -O) || exit 1
total=0 crashes=0 rows=""
for t in $(cd fuzz && cargo +nightly fuzz list); do
    mkdir -p "fuzz/corpus/$t"
    (cd fuzz && cargo +nightly fuzz run -O "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" -print_final_stats=1 -close_fd_mask=3) \
        >"$W/$t.log" 2>&1
    rc=$?
    runs=$(awk -F: '/stat::number_of_executed_units/ {gsub(/ /, "", $NF); print $NF}' "$W/$t.log" | tail -1)
    crashed=0; [ "$rc" != 0 ] && crashed=1
    total=$((total + ${runs:-0})); crashes=$((crashes + crashed))
    corpus=$(ls "fuzz/corpus/$t" | wc -l)
    printf '  %-20s %12s runs  %6s corpus  %s\n' "$t" "${runs:-?}" "$corpus" "$([ $crashed = 1 ] && echo CRASH || echo ok)"
    [ "$crashed" = 1 ] && grep -E "panicked|ERROR: |SUMMARY|artifact_prefix|Test unit written" "$W/$t.log" | head -8
    rows="$rows| $t | ${runs:-?} | $corpus | $([ $crashed = 1 ] && echo "**crash**" || echo 0) |"$'\n'
done
echo "make fuzz: $total runs, $crashes crashing targets ($SECONDS_EACH s each)"
python3 - "$ROOT/docs/ROBUSTNESS.md" "$SECONDS_EACH" "$total" "$crashes" "$rows" <<'PY'
import re, sys
path, secs, total, crashes, rows = sys.argv[1:]
text = open(path).read()
table = (f"<!-- fuzz results: written by tools/fuzz.sh -->\n"
         f"Latest `make fuzz` ({secs} s per target): {int(total):,} runs in all, {crashes} crashing targets.\n\n"
         "| target | runs | corpus | crashes |\n|---|---:|---:|---:|\n" + rows +
         "<!-- end fuzz results -->")
text = re.sub(r"<!-- fuzz results: written by tools/fuzz.sh -->.*?<!-- end fuzz results -->", lambda _: table, text, flags=re.S)
open(path, "w").write(text)
PY
[ "$crashes" = 0 ]
