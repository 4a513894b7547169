#!/usr/bin/env bash
# OpenSSL's SSL_CONF command table (capi-tests/conf_cmds.c): every command's
# return value and queued errors, SSL_CONF_cmd_argv's progress and the
# context's settings afterwards must be those of the system libssl; and the
# commands that load files must have worked (certificate with its key, CA
# names, verify mode, tickets).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-conf.XXXXXX)
. "$ROOT/capi-tests/lib.sh"
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out "$WORK/dh.pem" 2>/dev/null || exit 1
echo "SSL_CONF commands (work dir $WORK)"
CFLAGS="-Wall -Werror -O1"
gcc $CFLAGS -o "$WORK/conf_sys" "$ROOT/capi-tests/conf_cmds.c" -lssl -lcrypto || exit 1
gcc $CFLAGS -o "$WORK/conf_ours" "$ROOT/capi-tests/conf_cmds.c" -L"$LIBDIR" -l:libssl.so.3 -lcrypto -Wl,-rpath,"$LIBDIR" || exit 1
for lib in sys ours; do
    timeout 20 "$WORK/conf_$lib" "$WORK/ec256.pem" "$WORK/ec256.key" "$WORK/ca.pem" "$WORK/dh.pem" >"$WORK/conf.$lib" 2>&1
done
if diff -u "$WORK/conf.sys" "$WORK/conf.ours" >"$WORK/conf.diff" \
    && grep -q "options 0x165a4000 verify 7 tickets 4 min 0x303 max 0 key ok 1 ca names 1" "$WORK/conf.ours" \
    && grep -q "DHParameters .* -> 2" "$WORK/conf.ours"; then
    pass "SSL_CONF_cmd, _argv, _value_type and _CTX_finish: $(grep -c ' -> ' "$WORK/conf.ours") results, errors and settings as on the system libssl"
else fail "SSL_CONF commands differ from the system libssl's" "$WORK/conf.diff"; fi
summary "SSL_CONF commands"
