#!/usr/bin/env bash
# make openssl-tests: OpenSSL 3.0's TLS test recipes on its own libssl and on
# ours (tools/openssl_tests.py runs and compares them). The tree is Debian's
# source package for OpenSSL 3.0, fetched the way the project gets its
# peers (a deb-src entry for the configured suites is added when there is
# none; as root) and built shared once under target/openssl/, outside the
# sources. Not part of make check: it needs the source and tens of minutes.
# Usage: tools/openssl-tests.sh [recipe...]   (default: every TLS recipe)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR="$ROOT/target/openssl"
mkdir -p "$DIR"
cd "$DIR"

tree() { find "$DIR" -maxdepth 1 -type d -name 'openssl-3.0.*' | sort -V | tail -1; }

if [ -z "$(tree)" ]; then
    if ! ls openssl_3.0.*.orig.tar.gz >/dev/null 2>&1; then
        if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
            [ "$(id -u)" -eq 0 ] || { echo "openssl-tests needs a deb-src entry and apt-get source openssl; run as root" >&2; exit 1; }
            # The configured suites, as source entries.
            for f in /etc/apt/sources.list.d/*.sources; do
                [ -f "$f" ] && grep -q "^Types: deb" "$f" && sed 's/^Types: deb$/Types: deb-src/' "$f" >"/etc/apt/sources.list.d/libssl-rs-src-$(basename "$f")"
            done
            [ -f /etc/apt/sources.list ] && grep "^deb " /etc/apt/sources.list | sed 's/^deb /deb-src /' >/etc/apt/sources.list.d/libssl-rs-src.list
            apt-get update -q >/dev/null
        fi
        # The upstream tarball is all we build from; a newer Debian revision
        # whose .dsc is missing from the mirror still leaves it here.
        apt-get source -q --download-only openssl >apt-source.log 2>&1 || true
        ls openssl_3.0.*.orig.tar.gz >/dev/null 2>&1 || { cat apt-source.log >&2; echo "could not fetch OpenSSL 3.0's source" >&2; exit 1; }
    fi
    tar xzf "$(ls openssl_3.0.*.orig.tar.gz | sort -V | tail -1)"
fi
T=$(tree)
# Three sslapitest tests read and write libssl's private structures (an
# SSL_SESSION's session_id, its cipher, the record layer's buffer); on
# another libssl that is foreign memory, and the heap they corrupt ended
# sslapitest at a different test on each run. With LIBSSL_RS_FOREIGN_LIBSSL
# set (by openssl_tests.py, on our library only) they fail at once instead,
# so they still count as failing on ours and every other test runs,
# deterministically. A tree marked for two of them (an older version of this
# script) is marked again for all three.
if [ "$(grep -c LIBSSL_RS_FOREIGN_LIBSSL "$T/test/sslapitest.c")" -ne 3 ]; then
    perl -0pi -e 's/^    if \(getenv\("LIBSSL_RS_FOREIGN_LIBSSL"\) != NULL\) \{\n        TEST_info\("touches libssl private structures: not run on another libssl"\);\n        return 0;\n    \}\n//mg' "$T/test/sslapitest.c"
    perl -0pi -e 's/^(static int (?:test_session_timeout\(int test\)|test_cleanse_plaintext\(void\)|test_ciphersuite_change\(void\))\n\{\n)/$1    if (getenv("LIBSSL_RS_FOREIGN_LIBSSL") != NULL) {\n        TEST_info("touches libssl private structures: not run on another libssl");\n        return 0;\n    }\n/mg' "$T/test/sslapitest.c"
    [ "$(grep -c LIBSSL_RS_FOREIGN_LIBSSL "$T/test/sslapitest.c")" -eq 3 ] || { echo "could not mark sslapitest's private-structure tests" >&2; exit 1; }
    if [ -e "$T/test/sslapitest" ]; then
        (cd "$T" && make -j2 test/sslapitest >>"$DIR/build.log" 2>&1) || { tail -20 "$DIR/build.log" >&2; exit 1; }
    fi
fi
# ssl_test's ForcePHA option (26-tls13_client_auth.cnf) writes a field of
# OpenSSL's struct ssl_st into the server's SSL (test/helpers/handshake.c),
# which on our library corrupts the heap (free(): invalid next size, or a
# crash, depending on the random test order). Under LIBSSL_RS_FOREIGN_LIBSSL
# the write is skipped: those tests then fail on ours, every time, and the
# rest of the configuration runs.
if ! grep -q LIBSSL_RS_FOREIGN_LIBSSL "$T/test/helpers/handshake.c"; then
    perl -0pi -e 's/if \(test_ctx->extra\.server\.force_pha\)\n/if (test_ctx->extra.server.force_pha \&\& getenv("LIBSSL_RS_FOREIGN_LIBSSL") == NULL)\n/' "$T/test/helpers/handshake.c"
    [ "$(grep -c LIBSSL_RS_FOREIGN_LIBSSL "$T/test/helpers/handshake.c")" -eq 1 ] || { echo "could not mark ssl_test's ForcePHA write" >&2; exit 1; }
    grep -q "#include <stdlib.h>" "$T/test/helpers/handshake.c" || perl -0pi -e 's/^(#include <string.h>\n)/$1#include <stdlib.h>\n/m' "$T/test/helpers/handshake.c"
    if [ -e "$T/test/ssl_test" ]; then
        (cd "$T" && make -j2 test/ssl_test >>"$DIR/build.log" 2>&1) || { tail -20 "$DIR/build.log" >&2; exit 1; }
    fi
fi
if [ ! -e "$T/test/sslapitest" ] || [ ! -e "$T/apps/openssl" ] || ! grep -q "OPENSSL_TLS_SECURITY_LEVEL=2" "$T/configdata.pm" 2>/dev/null; then
    echo "building $(basename "$T") (shared) in $T"
    # Debian builds its libssl with security level 2 by default, as ours
    # is; the tree does the same, so both libraries start from one default.
    (cd "$T" && ./Configure shared -DOPENSSL_TLS_SECURITY_LEVEL=2 >"$DIR/configure.log" 2>&1 && make -j2 >"$DIR/build.log" 2>&1) \
        || { tail -20 "$DIR/build.log" >&2; exit 1; }
fi
# OpenSSL's own libssl is compared as the tree builds it: a reference copy
# saved (tools/openssl_tests.py) before the tree was rebuilt is stale (a
# reconfiguration, such as the security level above, would not reach it).
if [ -e "$T/libssl.so.3.openssl" ] && [ -n "$(find "$T/ssl" -name '*.o' -newer "$T/libssl.so.3.openssl" -print -quit)" ]; then
    echo "the saved reference libssl predates the tree's build: relinking it"
    rm -f "$T/libssl.so.3.openssl" "$T/libssl.so.3" "$T/libssl.so"
    (cd "$T" && make -j2 >>"$DIR/build.log" 2>&1) || { tail -20 "$DIR/build.log" >&2; exit 1; }
fi
command -v perl >/dev/null || { echo "perl is needed" >&2; exit 1; }
# OPENSSL_TESTS_LIB=ours runs our library alone (make ratchet).
exec python3 "$ROOT/tools/openssl_tests.py" "$T" "$ROOT/target/release/libssl.so.3" ${OPENSSL_TESTS_LIB:+--lib "$OPENSSL_TESTS_LIB"} ${1:+--only "$@"}
