#!/usr/bin/env bash
# make ratchet (run by .ci/run after make check): what passed once keeps
# passing.
#  1. OpenSSL's own TLS test recipes on our library (tools/openssl-tests.sh,
#     which fetches and builds the tree on a fresh machine): every subtest
#     docs/openssl-tests.results lists as PASS must still pass.
#  2. The heap an established connection pair keeps (bench/tlsbench.c's
#     memory and tls12-memory scenarios, less the harness's own), which may
#     not grow by more than 10% over docs/memory.ratchet.
# make ratchet-update rewrites both lists from a fresh run (commit them with
# the change that made more pass; a subtest made to fail on purpose says why
# in that commit's message).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODE=${1:-check}
status=0

# ---------------------------------------------------------------- memory
W=$(mktemp -d /tmp/libssl-rs-ratchet.XXXXXX)
trap 'rm -rf "$W"' EXIT
"$ROOT/capi-tests/gen-certs.sh" "$W" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
gcc -O2 -Wall -Werror -o "$W/tlsbench" "$ROOT/bench/tlsbench.c" -lssl -lcrypto -lpthread || exit 1
measure() { # SCENARIO KEY: bytes per pair on our library, the harness's share taken out
    local out
    out=$(LD_LIBRARY_PATH="$ROOT/target/release" "$W/tlsbench" "$W" "$1")
    echo "$out" | grep -q "^lib $ROOT/target/release/libssl.so.3" || { echo "ratchet: our library was not the one loaded" >&2; return 1; }
    awk -v key="$2" '$1 == "memory-harness-per-pair" {h = $2} $1 == key {p = $2} END {printf "%d\n", p - h}' <<<"$out"
}
tls13=$(measure memory memory-per-pair) || exit 1
tls12=$(measure tls12-memory tls12-memory-per-pair) || exit 1
if [ "$MODE" = update ]; then
    printf 'tls13-pair-bytes %s\ntls12-pair-bytes %s\n' "$tls13" "$tls12" >"$ROOT/docs/memory.ratchet"
    echo "docs/memory.ratchet: TLS 1.3 pair $tls13 bytes, TLS 1.2 pair $tls12 bytes"
else
    for key in tls13 tls12; do
        now=${!key}
        was=$(awk -v k="$key-pair-bytes" '$1 == k {print $2}' "$ROOT/docs/memory.ratchet")
        if [ -z "$was" ]; then
            echo "ratchet: docs/memory.ratchet has no $key figure"; status=1
        elif [ "$now" -gt $((was * 110 / 100)) ]; then
            echo "RATCHET: heap per established $key pair grew from $was to $now bytes (more than 10%)"; status=1
        else
            echo "memory: $key pair $now bytes (committed $was, limit $((was * 110 / 100)))"
        fi
    done
fi

# ---------------------------------------------------------------- OpenSSL's suite
if [ "$MODE" = update ]; then
    "$ROOT/tools/openssl-tests.sh" || exit 1
    exit $status
fi
OPENSSL_TESTS_LIB=ours "$ROOT/tools/openssl-tests.sh" >"$W/suite.log" 2>&1 || { cat "$W/suite.log"; exit 1; }
NOW="$ROOT/target/openssl/results/ours.results"
lost=0
while read -r verdict name; do
    [ "$verdict" = PASS ] || continue
    if ! grep -qxF "PASS $name" "$NOW"; then
        lost=$((lost + 1))
        recipe=${name%%/*}
        leaf=${name##*/}
        echo "RATCHET: passed before, not now: $name"
        # The subtest's own report, from the recipe's log.
        grep -B12 -F -- "- $leaf" "$ROOT/target/openssl/results/ours/$recipe.log" | grep -E "ERROR|error:|mismatch" | head -4 | sed 's/^ */    /'
    fi
done <"$ROOT/docs/openssl-tests.results"
passing=$(grep -c "^PASS" "$NOW")
committed=$(grep -c "^PASS" "$ROOT/docs/openssl-tests.results")
if [ "$lost" -gt 0 ]; then
    echo "ratchet: $lost subtests of OpenSSL's suite that passed no longer do ($passing pass now, $committed committed)"
    status=1
else
    echo "OpenSSL's suite: $passing subtests pass on libssl-rs ($committed committed; none lost)"
    [ "$passing" -gt "$committed" ] && echo "  more pass than committed: make ratchet-update and commit docs/openssl-tests.results"
fi
exit $status
