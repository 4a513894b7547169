#!/usr/bin/env bash
# make check-asan: the library built with AddressSanitizer (nightly rustc's
# -Zsanitizer=address for our Rust code; the aws-lc C code inside it is not
# instrumented, libcrypto is the system's) and linked against GCC's libasan
# (Debian's gcc ships it; no clang needed: the instrumentation's ABI is the
# same, version 8). The C API tests, the misuse-of-every-export test and the
# hostile-client tests then run on it, unchanged, through LIBSSL_RS_DIR:
# every process that loads our library carries the ASan runtime with it.
# ASan writes each report to a file under the work directory; any report
# fails the run, whatever the tests said.
#
# Leaks are not checked here (detect_leaks=0): the test programs are not
# ASan executables, so LeakSanitizer would start late and blame libcrypto's
# and the openssl CLI's start-up allocations; valgrind's leak check of the
# concurrency test in `make check` covers our leaks.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET=x86_64-unknown-linux-gnu
OUT=target/asan
# --target keeps the sanitizer flags off build scripts (cbindgen, aws-lc-sys).
RUSTFLAGS="-Zsanitizer=address -Cunsafe-allow-abi-mismatch=sanitizer -Cforce-frame-pointers=yes" \
    cargo +nightly build --release --lib --target "$TARGET" --target-dir "$OUT"
make -s target/release/libssl.map
mkdir -p "$OUT/lib"
gcc -fsanitize=address -shared -o "$OUT/lib/libssl.so.3" -Wl,-soname,libssl.so.3 \
    -Wl,--version-script=target/release/libssl.map \
    -Wl,--whole-archive "$OUT/$TARGET/release/libssl_rs.a" -Wl,--no-whole-archive \
    -lcrypto -lpthread -ldl -lm -Wl,-z,defs -Wl,--gc-sections -Wl,-z,now
nm -D "$OUT/lib/libssl.so.3" | grep -q " U __asan_report_load8" || { echo "check-asan: the library is not instrumented"; exit 1; }

REPORTS=$(mktemp -d /tmp/libssl-rs-asan.XXXXXX)
trap 'rm -rf "$REPORTS"' EXIT
# verify_asan_link_order=0: in programs that load our library without the
# preload (none should), the runtime would arrive as its dependency.
export ASAN_OPTIONS="verify_asan_link_order=0:detect_leaks=0:log_path=$REPORTS/asan:abort_on_error=0"
export LIBSSL_RS_DIR="$ROOT/$OUT/lib"
# ASan's allocator must be the process's malloc, or there are no redzones
# and no quarantine of freed memory: the runtime is preloaded into every
# process of the run (capi-tests/lib.sh puts it first again wherever a test
# sets LD_PRELOAD itself to load our library).
ASAN_RUNTIME=$(gcc -print-file-name=libasan.so)
[ -f "$ASAN_RUNTIME" ] || { echo "check-asan: GCC's libasan not found (Debian: libasan8)"; exit 1; }
export ASAN_RUNTIME
export LD_PRELOAD="$ASAN_RUNTIME"
# The set-up itself is checked first: a program linked to our library that
# frees a block twice must be stopped by ASan (if the runtime's allocator
# were not the process's, glibc or nobody would notice, and so would every
# heap error of ours in the runs below).
cat >"$REPORTS/canary.c" <<'C'
#include <stdlib.h>
#include <openssl/ssl.h>
int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    char *volatile p = malloc(16);
    free(p);
    free(p);
    SSL_CTX_free(ctx);
    return 0;
}
C
gcc -o "$REPORTS/canary" "$REPORTS/canary.c" -L"$LIBSSL_RS_DIR" -l:libssl.so.3 -lcrypto -Wl,-rpath,"$LIBSSL_RS_DIR" 2>/dev/null
if ASAN_OPTIONS="verify_asan_link_order=0:detect_leaks=0" "$REPORTS/canary" 2>&1 | grep -q "AddressSanitizer: attempting double-free"; then
    echo "check-asan: set-up catches a double free in a program using the library"
else
    echo "check-asan: FAILED: ASan did not catch the canary's double free"; exit 1
fi
status=0
for t in run.sh misuse_all.sh adversarial.sh; do
    echo "== capi-tests/$t on the ASan build"
    capi-tests/$t || status=1
done
# Every process of the run carries ASan, so the system libssl's own crashes
# (misuse_all.sh calls its exports with NULL in forked children, expecting
# most to crash) are reported too: only reports that pass through our
# library count.
SYSTEM_LIBSSL=$(ldconfig -p | awk '/libssl.so.3 .*x86-64/ {print $NF; exit}')
ours=0 system=0 others=0
for r in "$REPORTS"/asan.*; do
    [ -e "$r" ] || continue
    if grep -q -e "$LIBSSL_RS_DIR/libssl.so.3" -e "ssl_rs::" "$r"; then
        ours=$((ours + 1))
        echo "check-asan: report in our library ($r):"
        cat "$r"
    elif grep -q "$(readlink -f "$SYSTEM_LIBSSL")\|$SYSTEM_LIBSSL" "$r"; then
        system=$((system + 1))
    else
        others=$((others + 1))
        echo "check-asan: report outside both libraries ($r): $(grep -m1 SUMMARY "$r")"
    fi
done
echo "check-asan: AddressSanitizer reports: $ours in our library, $system in the system libssl" \
    "(misuse_all.sh's NULL calls, which crash it in forked children), $others elsewhere"
[ "$ours" = 0 ] || exit 1
[ "$status" = 0 ] || { echo "check-asan: a test failed on the ASan build"; exit 1; }
echo "check-asan: no AddressSanitizer report; the tests passed on the instrumented library"
