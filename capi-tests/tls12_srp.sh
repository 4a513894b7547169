#!/usr/bin/env bash
# TLS 1.2 SRP (RFC 5054): the 6 SRP suites of OpenSSL 3.0's ALL (4 in
# DEFAULT) through the SRP API, both roles. openssl s_server's SRP mode does
# not work on the system libssl itself (its username callback reads a freed
# login and crashes) and s_client's stalls, so the peers are two small
# programs on OpenSSL's API (capi-tests/srp_client.c, tls_server.c --srp),
# each run on the system libssl and on ours and compared, and GnuTLS
# (gnutls-serv --srppasswd, gnutls-cli --srpusername) in both roles.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-srp.XXXXXX)
. "$ROOT/capi-tests/lib.sh"

"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
CFLAGS="-Wall -Werror -O1"
OURS=(-L"$LIBDIR" -l:libssl.so.3 -lcrypto -Wl,-rpath,"$LIBDIR")
for prog in tls_server srp_client; do
    short=${prog%%_*}; [ "$prog" = tls_server ] && short=srv || short=cli
    gcc $CFLAGS -o "$WORK/${short}_sys" "$ROOT/capi-tests/$prog.c" -lssl -lcrypto || exit 1
    gcc $CFLAGS -o "$WORK/${short}_ours" "$ROOT/capi-tests/$prog.c" "${OURS[@]}" || exit 1
done

echo "TLS 1.2 SRP tests (work dir $WORK)"

# The cases one client runs against one server: (suite, user, password);
# the last two must fail (unknown user: unknown_psk_identity; wrong
# password: the server's Finished check).
CASES="SRP-AES-128-CBC-SHA:alice:secret1 SRP-AES-256-CBC-SHA:alice:secret1 SRP-RSA-AES-128-CBC-SHA:alice:secret1
SRP-RSA-AES-256-CBC-SHA:alice:secret1 SRP-DSS-AES-256-CBC-SHA:alice:secret1 SRP:mallory:secret1 SRP:alice:secret2"
# run_cases SRV CLI OUT: a server of library SRV (RSA and DSA certificates)
# serving every case for clients of library CLI; both sides' lines in OUT.
run_cases() {
    local srv=$1 cli=$2 out=$3 case suite user pass
    : >"$out"
    for cert2 in rsaenc dsa; do
        TLS12=1 run_server "$srv" "$WORK/srp_srv.out" --cert2 "$WORK/$cert2.pem" --key2 "$WORK/$cert2.key" --count 7 --srp alice:secret1 || return 1
        for case in $CASES; do
            IFS=: read -r suite user pass <<<"$case"
            [[ $cert2 == dsa && $suite == SRP-RSA* ]] && suite=SRP-DSS-AES-128-CBC-SHA
            [[ $cert2 == rsaenc && $suite == SRP-DSS* ]] && suite=SRP-AES-256-CBC-SHA
            echo "client $suite $user: $(timeout 20 "$WORK/cli_$cli" "$SRV_PORT" "$user" "$pass" "$suite:@SECLEVEL=0" "$CA" | tr '\n' ' ')" >>"$out"
        done
        finish_server
        grep "^conn" "$WORK/srp_srv.out" >>"$out"
    done
}
run_cases sys sys "$WORK/ref.out"
run_cases sys ours "$WORK/client.out"
run_cases ours sys "$WORK/server.out"
ok=$(grep -c 'response="HTTP/1.0 200 ok"' "$WORK/ref.out")
for role in client server; do
    if [ "$ok" = 10 ] && diff "$WORK/ref.out" "$WORK/$role.out" >"$WORK/$role.diff" && grep -q "unknown psk identity" "$WORK/$role.out" \
        && grep -q "srp username=alice" "$WORK/$role.out"; then
        pass "our TLS 1.2 $role with SRP: 10 handshakes over 6 suites (SRP, SRP-RSA, SRP-DSS), an unknown user and a wrong password, as on the system libssl"
    else fail "SRP, our $role against the system libssl ($ok good reference handshakes)" "$WORK/$role.diff"; fi
done

# ---------------------------------------------------------------- GnuTLS, both roles
if command -v gnutls-cli >/dev/null && command -v srptool >/dev/null && command -v unshare >/dev/null; then
    gnutls_both_roles gnutls-srp.sh 4 "SRP and SRP-RSA suite cases"
else
    fail "GnuTLS tools (gnutls-bin) are missing: run tools/test-deps.sh"
fi

summary "TLS 1.2 SRP tests"
