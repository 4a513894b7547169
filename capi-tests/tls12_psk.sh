#!/usr/bin/env bash
# The TLS 1.2 PSK key exchanges — PSK, ECDHE-PSK, DHE-PSK and RSA-PSK
# (RFC 4279, 5489): the 26 suites of OpenSSL 3.0's DEFAULT and the 22
# Camellia, AES-CCM and ARIA-GCM ones of ALL — against
# real peers on 127.0.0.1, both roles: openssl s_client -psk / s_server
# -psk (each case's summary compared with the same run on the system
# libssl), the ServerKeyExchange left out without a hint, resumption, a
# wrong key; and GnuTLS gnutls-serv/gnutls-cli.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-psk.XXXXXX)
. "$ROOT/capi-tests/lib.sh"

"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
KEY=0102030405060708

echo "TLS 1.2 PSK suite tests (work dir $WORK)"

# OpenSSL's PSK suites that we implement (the system's list also has
# NULL-encryption ones); the count is checked below.
SUITES=$(LD_PRELOAD="$LIB" openssl ciphers -tls1_2 PSK | tr ':' '\n' | grep -v '^TLS_')

# One connection: s_client (LD_PRELOAD $1) to port $2 with suite $3 and
# extra flags; prints the summary line, the server's temporary key, (with
# -msg) the ServerKeyExchange, the
# PSK identity and hint of the client's session and (from s_server's
# page) of the server's, and the HTTP status (data both ways).
connect() {
    local pre=$1 port=$2 suite=$3; shift 3
    printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$pre" timeout 10 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -tls1_2 \
        -cipher "$suite" -ign_eof "$@" 2>&1 | sed -nE 's/.*:(sslv3|tlsv1) (alert [a-z ]+):.*/\2/p; /^(New|Reused), |Server Temp Key|PSK identity|^HTTP\/1.0 200|ServerKeyExchange$/p' | sort | uniq -c
}

# psk_server PRE VAR ARGS: s_server -psk (LD_PRELOAD PRE) on a free port.
psk_server() {
    local pre=$1 var=$2 port; shift 2
    port=$(free_port)
    LD_PRELOAD="$pre" openssl s_server -accept 127.0.0.1:"$port" -quiet -tls1_2 -www -psk "$KEY" -cipher PSK \
        -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" "$@" >"$WORK/server-$port.log" 2>&1 &
    PIDS+=($!)
    wait_port "$port" || return 1
    printf -v "$var" '%s' "$port"
}

# Every PSK suite, with a hint; our client against the system's s_server
# and the system's client against ours, each compared with the all-system run.
psk_server "" REF -psk_hint shint || exit 1
psk_server "$PRELOAD" OURS -psk_hint shint || exit 1
for role in client server; do
    n=0 bad=0
    for suite in $SUITES; do
        n=$((n + 1))
        connect "" "$REF" "$suite" -psk "$KEY" -psk_identity Client_identity >"$WORK/ps_sys.out"
        if [ "$role" = client ]; then
            connect "$PRELOAD" "$REF" "$suite" -psk "$KEY" -psk_identity Client_identity >"$WORK/ps_ours.out"
        else
            connect "" "$OURS" "$suite" -psk "$KEY" -psk_identity Client_identity >"$WORK/ps_ours.out"
        fi
        if ! diff -q "$WORK/ps_sys.out" "$WORK/ps_ours.out" >/dev/null || ! grep -q "Cipher is $suite\$" "$WORK/ps_ours.out" \
            || ! grep -q "HTTP/1.0 200" "$WORK/ps_ours.out" || ! grep -q "2 .*PSK identity: Client_identity" "$WORK/ps_ours.out"; then
            bad=$((bad + 1)); { echo "$suite:"; diff "$WORK/ps_sys.out" "$WORK/ps_ours.out"; } >>"$WORK/ps_fail_$role.txt"
        fi
    done
    if [ "$bad" = 0 ] && [ "$n" = 48 ]; then
        pass "our TLS 1.2 $role against openssl with -psk: $n PSK/ECDHE-PSK/DHE-PSK/RSA-PSK suites, identity and hint as on the system libssl"
    else fail "PSK suites, our $role against openssl ($bad of $n differ)" "$WORK/ps_fail_$role.txt"; fi
done

# Without a hint PSK and RSA-PSK send no ServerKeyExchange (RFC 4279 2);
# a wrong key fails at the Finished; a session resumes with its identity.
psk_server "" REFN || exit 1
psk_server "$PRELOAD" OURSN || exit 1
bad=0
for role in client server; do
    for suite in PSK-AES128-GCM-SHA256 RSA-PSK-AES256-CBC-SHA384 DHE-PSK-AES128-CBC-SHA256; do
        # The failed connection's summary is its alert alone: after a
        # failed handshake OpenSSL's client still prints the unfinished
        # session, ours has none to print.
        connect "" "$REFN" "$suite" -psk "$KEY" -psk_identity Client_identity -msg >"$WORK/pn_sys.out"
        connect "" "$REFN" "$suite" -psk 0a0b0c0d -psk_identity Client_identity | grep alert >>"$WORK/pn_sys.out"
        if [ "$role" = client ]; then
            connect "$PRELOAD" "$REFN" "$suite" -psk "$KEY" -psk_identity Client_identity -msg >"$WORK/pn_ours.out"
            connect "$PRELOAD" "$REFN" "$suite" -psk 0a0b0c0d -psk_identity Client_identity | grep alert >>"$WORK/pn_ours.out"
        else
            connect "" "$OURSN" "$suite" -psk "$KEY" -psk_identity Client_identity -msg >"$WORK/pn_ours.out"
            connect "" "$OURSN" "$suite" -psk 0a0b0c0d -psk_identity Client_identity | grep alert >>"$WORK/pn_ours.out"
        fi
        ske=0; [[ $suite == DHE-* ]] && ske=1
        if ! diff -q "$WORK/pn_sys.out" "$WORK/pn_ours.out" >/dev/null || ! grep -q "alert bad record mac" "$WORK/pn_ours.out" \
            || ! grep -q "PSK identity hint: None" "$WORK/pn_ours.out" || [ "$(grep -c ServerKeyExchange "$WORK/pn_ours.out")" != "$ske" ]; then
            bad=$((bad + 1)); { echo "$role $suite:"; diff "$WORK/pn_sys.out" "$WORK/pn_ours.out"; } >>"$WORK/pn_fail.txt"
        fi
    done
done
if [ "$bad" = 0 ]; then
    pass "no hint (no ServerKeyExchange for PSK and RSA-PSK) and a wrong key (bad_record_mac), both roles, as on the system libssl"
else fail "PSK without a hint or with a wrong key ($bad differ)" "$WORK/pn_fail.txt"; fi

resume() { # resume PRE PORT: the first connection saves the session, the second offers it
    echo | LD_PRELOAD="$1" timeout 10 openssl s_client -connect 127.0.0.1:"$2" -tls1_2 -psk "$KEY" -psk_identity Client_identity \
        -cipher ECDHE-PSK-AES128-CBC-SHA256 -sess_out "$WORK/rs.pem" >/dev/null 2>&1
    echo | LD_PRELOAD="$1" timeout 10 openssl s_client -connect 127.0.0.1:"$2" -tls1_2 -psk "$KEY" -psk_identity Client_identity \
        -cipher ECDHE-PSK-AES128-CBC-SHA256 -sess_in "$WORK/rs.pem" 2>&1 | grep -E "^(New|Reused), |PSK identity"
}
resume "" "$REF" >"$WORK/rs_sys.out"
resume "$PRELOAD" "$REF" >"$WORK/rs_client.out"
resume "" "$OURS" >"$WORK/rs_server.out"
if grep -q "^Reused, TLSv1.0, Cipher is ECDHE-PSK-AES128-CBC-SHA256" "$WORK/rs_client.out" && diff -q "$WORK/rs_sys.out" "$WORK/rs_client.out" >/dev/null \
    && diff -q "$WORK/rs_sys.out" "$WORK/rs_server.out" >/dev/null; then
    pass "an ECDHE-PSK session resumes with its identity and hint, our client and our server, as on the system libssl"
else fail "resumption of an ECDHE-PSK session" "$WORK/rs_client.out"; fi

# ---------------------------------------------------------------- GnuTLS, both roles
if command -v gnutls-cli >/dev/null && command -v unshare >/dev/null; then
    gnutls_both_roles gnutls-psk.sh 10 "PSK suite cases"
else
    fail "GnuTLS tools (gnutls-bin) are missing: run tools/test-deps.sh"
fi

summary "TLS 1.2 PSK suite tests"
