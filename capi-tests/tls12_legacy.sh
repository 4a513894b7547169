#!/usr/bin/env bash
# The legacy TLS 1.2 suites OpenSSL 3.0 keeps in DEFAULT — AES-CBC with
# HMAC-SHA1/SHA256/SHA384, encrypt-then-MAC on and off, RSA key exchange,
# finite-field DHE —
# against real peers on 127.0.0.1, both roles: openssl s_server/s_client
# (each summary line compared with the same run on the system libssl) and
# GnuTLS gnutls-serv/gnutls-cli; and resumption of such sessions.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-legacy.XXXXXX)
. "$ROOT/capi-tests/lib.sh"

"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"

echo "Legacy TLS 1.2 suite tests (work dir $WORK)"

SUITES_EC="ECDHE-ECDSA-AES128-SHA ECDHE-ECDSA-AES256-SHA ECDHE-ECDSA-AES128-SHA256 ECDHE-ECDSA-AES256-SHA384"
SUITES_RSA="ECDHE-RSA-AES128-SHA ECDHE-RSA-AES256-SHA ECDHE-RSA-AES128-SHA256 ECDHE-RSA-AES256-SHA384
AES128-SHA AES256-SHA AES128-SHA256 AES256-SHA256 AES128-GCM-SHA256 AES256-GCM-SHA384
DHE-RSA-AES128-GCM-SHA256 DHE-RSA-AES256-GCM-SHA384 DHE-RSA-CHACHA20-POLY1305 DHE-RSA-AES128-SHA256 DHE-RSA-AES256-SHA256
DHE-RSA-AES128-SHA DHE-RSA-AES256-SHA"

# One connection: s_client (LD_PRELOAD $1) to port $2 with suite $3 and
# extra flags; prints the summary line, the server's temporary key (DHE:
# s_server's automatic parameters), the verify result and the HTTP status
# (data both ways); CONNECT_EXTRA adds lines of the caller's.
connect() {
    local pre=$1 port=$2 suite=$3; shift 3
    printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$pre" timeout 10 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" \
        -cipher "$suite" -ign_eof "$@" 2>&1 | grep -E "^New, |Server Temp Key|Verify return code|^HTTP/1.0 200|server extension \"encrypt-then-mac\"${CONNECT_EXTRA:+|$CONNECT_EXTRA}" | sort -u
}

# matrix ROLE: our client against the system's s_server, or the system's
# s_client against our s_server; every suite, encrypt-then-MAC offered and
# not (-no_etm on the client). Each result must equal the all-system run.
# Encrypt-then-MAC is checked on the system's side of the connection: the
# server's -tlsextdebug log (our client offered it) or the client's (our
# server acknowledged it, which it must do exactly for CBC suites).
matrix() {
    local role=$1 n=0 bad=0 key suites port ref suite etm spre cpre before seen want
    for key in ec256 rsaenc; do
        [ "$key" = ec256 ] && suites=$SUITES_EC || suites=$SUITES_RSA
        port=$(free_port)
        [ "$role" = server ] && spre=$LIB || spre=""
        LD_PRELOAD="$spre" openssl s_server -accept 127.0.0.1:"$port" -tls1_2 -www -tlsextdebug -cert "$WORK/$key.pem" -key "$WORK/$key.key" \
            >"$WORK/lm_srv_$role.log" 2>&1 &
        # matrix runs in a subshell (process substitution): the EXIT trap
        # does not see its PIDS, so it stops its own servers.
        local srv=$!
        ref=$(free_port)
        openssl s_server -accept 127.0.0.1:"$ref" -quiet -tls1_2 -www -cert "$WORK/$key.pem" -key "$WORK/$key.key" >/dev/null 2>&1 &
        local refsrv=$!
        wait_port "$port" && wait_port "$ref" || { kill "$srv" "$refsrv"; return 1; }
        for suite in $suites; do
            for etm in "" -no_etm; do
                n=$((n + 1))
                before=$(grep -c 'client extension "encrypt-then-mac"' "$WORK/lm_srv_$role.log")
                if [ "$role" = client ]; then
                    connect "$LIB" "$port" "$suite" $etm >"$WORK/lm_ours.out"
                    sleep 0.1
                    seen=$(( $(grep -c 'client extension "encrypt-then-mac"' "$WORK/lm_srv_$role.log") - before ))
                    want=1; [ -n "$etm" ] && want=0
                else
                    connect "" "$port" "$suite" $etm -tlsextdebug >"$WORK/lm_ours.full"
                    grep -v "encrypt-then-mac" "$WORK/lm_ours.full" >"$WORK/lm_ours.out"
                    seen=$(grep -c 'server extension "encrypt-then-mac"' "$WORK/lm_ours.full")
                    want=0; [ -z "$etm" ] && [[ $suite != *GCM* && $suite != *CHACHA20* ]] && want=1
                fi
                connect "" "$ref" "$suite" $etm >"$WORK/lm_sys.out"
                if ! diff -q "$WORK/lm_sys.out" "$WORK/lm_ours.out" >/dev/null || ! grep -q "Cipher is $suite" "$WORK/lm_ours.out" \
                    || ! grep -q "HTTP/1.0 200" "$WORK/lm_ours.out" || [ "$seen" != "$want" ]; then
                    bad=$((bad + 1)); { echo "$key $suite ${etm:-etm} (encrypt-then-mac seen $seen, expected $want):"; diff "$WORK/lm_sys.out" "$WORK/lm_ours.out"; } >>"$WORK/lm_fail_$role.txt"
                fi
            done
        done
        kill "$srv" "$refsrv" 2>/dev/null; wait "$srv" "$refsrv" 2>/dev/null
    done
    echo "$n $bad"
}
for role in client server; do
    read -r n bad < <(matrix $role)
    if [ "${bad:-1}" = 0 ] && [ "$n" = 42 ]; then
        pass "our TLS 1.2 $role against openssl: $n CBC/RSA/DHE suite x encrypt-then-MAC cases, as on the system libssl"
    else fail "legacy suites, our $role against openssl (${bad:-?} of ${n:-?} differ)" "$WORK/lm_fail_$role.txt"; fi
done

# Resumption of an RSA key exchange, MAC-then-encrypt session, both ways.
start_server PR -tls1_2 -www -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" || exit 1
resume() { # resume PRE: first connection saves, second offers the session
    echo | LD_PRELOAD="$1" timeout 10 openssl s_client -connect 127.0.0.1:"$PR" -CAfile "$CA" -cipher AES128-SHA -no_etm -sess_out "$WORK/rs.pem" >/dev/null 2>&1
    echo | LD_PRELOAD="$1" timeout 10 openssl s_client -connect 127.0.0.1:"$PR" -CAfile "$CA" -cipher AES128-SHA -no_etm -sess_in "$WORK/rs.pem" 2>&1 | grep -E "^(New|Reused), "
}
resume "" >"$WORK/rs_sys.out"
resume "$LIB" >"$WORK/rs_ours.out"
if grep -q "^Reused, SSLv3, Cipher is AES128-SHA" "$WORK/rs_ours.out" && diff -q "$WORK/rs_sys.out" "$WORK/rs_ours.out" >/dev/null; then
    pass "our client resumes an AES128-SHA (RSA key exchange) session against openssl s_server"
else fail "resumption of an AES128-SHA session" "$WORK/rs_ours.out"; fi
port=$(free_port)
LD_PRELOAD="$LIB" openssl s_server -accept 127.0.0.1:"$port" -quiet -tls1_2 -www -no_ticket -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$port" || exit 1
PR=$port resume "" >"$WORK/rs_srv.out"
if grep -q "^Reused, SSLv3, Cipher is AES128-SHA" "$WORK/rs_srv.out"; then
    pass "our server resumes an AES128-SHA session by session id for openssl s_client"
else fail "our server resuming an AES128-SHA session" "$WORK/rs_srv.out"; fi

# ---------------------------------------------------------------- the rest of ALL
# Not in DEFAULT (OpenSSL's SSL_NOT_DEFAULT) but in ALL: Camellia-CBC (RFC
# 5932, 6367), AES-CCM and CCM_8 (RFC 6655, 7251), ARIA-GCM (RFC 6209) and
# anonymous DH / ECDH (security level 0 only), DHE-DSS. Both roles against
# openssl, each case compared with the all-system run.
SUITES_MORE="CAMELLIA128-SHA CAMELLIA256-SHA256 DHE-RSA-CAMELLIA128-SHA256 DHE-RSA-CAMELLIA256-SHA ECDHE-RSA-CAMELLIA256-SHA384
ECDHE-ECDSA-CAMELLIA128-SHA256 ECDHE-ECDSA-CAMELLIA256-SHA384 ADH-AES128-GCM-SHA256 ADH-AES256-SHA256 ADH-AES128-SHA
AECDH-AES256-SHA AECDH-AES128-SHA ADH-CAMELLIA256-SHA ADH-CAMELLIA128-SHA256
AES128-CCM AES256-CCM8 DHE-RSA-AES256-CCM DHE-RSA-AES128-CCM8 ECDHE-ECDSA-AES128-CCM8 ECDHE-ECDSA-AES256-CCM
ECDHE-ECDSA-ARIA256-GCM-SHA384 ECDHE-ARIA128-GCM-SHA256 DHE-RSA-ARIA256-GCM-SHA384 ARIA128-GCM-SHA256"
more_server() { # more_server PRE VAR: s_server with RSA and ECDSA certificates, every suite at level 0
    local port; port=$(free_port)
    LD_PRELOAD="$1" openssl s_server -accept 127.0.0.1:"$port" -quiet -tls1_2 -www -cipher "ALL:@SECLEVEL=0" -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" \
        -dcert "$WORK/ec256.pem" -dkey "$WORK/ec256.key" >/dev/null 2>&1 &
    PIDS+=($!)
    wait_port "$port" || return 1
    printf -v "$2" '%s' "$port"
}
more_server "" PM_SYS || exit 1
more_server "$PRELOAD" PM_OURS || exit 1
for role in client server; do
    n=0 bad=0
    for suite in $SUITES_MORE; do
        n=$((n + 1))
        connect "" "$PM_SYS" "$suite:@SECLEVEL=0" >"$WORK/pm_sys.out"
        if [ "$role" = client ]; then connect "$PRELOAD" "$PM_SYS" "$suite:@SECLEVEL=0" >"$WORK/pm_ours.out"
        else connect "" "$PM_OURS" "$suite:@SECLEVEL=0" >"$WORK/pm_ours.out"; fi
        if ! diff -q "$WORK/pm_sys.out" "$WORK/pm_ours.out" >/dev/null || ! grep -q "Cipher is $suite\$" "$WORK/pm_ours.out" || ! grep -q "HTTP/1.0 200" "$WORK/pm_ours.out"; then
            bad=$((bad + 1)); { echo "$suite:"; diff "$WORK/pm_sys.out" "$WORK/pm_ours.out"; } >>"$WORK/pm_fail_$role.txt"
        fi
    done
    if [ "$bad" = 0 ] && [ "$n" = 24 ]; then
        pass "our TLS 1.2 $role against openssl: $n Camellia, AES-CCM, ARIA-GCM and anonymous (EC)DH suites, as on the system libssl"
    else fail "Camellia, CCM, ARIA and anonymous suites, our $role against openssl ($bad of $n differ)" "$WORK/pm_fail_$role.txt"; fi
done
# DHE-DSS with a DSA-2048 certificate: the DSS suites in both roles (a
# server with only a DSA certificate negotiates TLS 1.2 with a TLS 1.3
# client, as OpenSSL's is_tls13_capable decides), TLS 1.0's SHA-1 DSA
# signature at level 0, and a DSA client certificate both ways.
SUITES_DSS="DHE-DSS-AES128-GCM-SHA256 DHE-DSS-AES256-SHA256 DHE-DSS-AES256-SHA DHE-DSS-CAMELLIA128-SHA DHE-DSS-ARIA128-GCM-SHA256"
dss_server() { # dss_server PRE VAR ARGS
    local pre=$1 var=$2 port; shift 2
    port=$(free_port)
    LD_PRELOAD="$pre" openssl s_server -accept 127.0.0.1:"$port" -quiet -www -cipher "ALL:@SECLEVEL=0" -cert "$WORK/dsa.pem" -key "$WORK/dsa.key" "$@" >/dev/null 2>&1 &
    PIDS+=($!)
    wait_port "$port" || return 1
    printf -v "$var" '%s' "$port"
}
dss_server "" PD_SYS || exit 1
dss_server "$PRELOAD" PD_OURS || exit 1
dss_server "" PDV_SYS -Verify 1 -CAfile "$CA" || exit 1
dss_server "$PRELOAD" PDV_OURS -Verify 1 -CAfile "$CA" || exit 1
for role in client server; do
    n=0 bad=0
    [ "$role" = client ] && cpre=$PRELOAD || cpre=""
    [ "$role" = client ] && port=$PD_SYS || port=$PD_OURS
    [ "$role" = client ] && vport=$PDV_SYS || vport=$PDV_OURS
    for case in $SUITES_DSS "DHE-DSS-AES128-SHA:@SECLEVEL=0 -tls1" "DHE-DSS-AES256-GCM-SHA384 -cert $WORK/dsa.pem -key $WORK/dsa.key"; do
        n=$((n + 1))
        read -r suite extra <<<"$case"
        p=$port; sp=$PD_SYS
        [[ $extra == *dsa.key* ]] && p=$vport && sp=$PDV_SYS
        # shellcheck disable=SC2086
        CONNECT_EXTRA="Peer signing digest|Peer signature type" connect "" "$sp" "$suite" $extra >"$WORK/pd_sys.out"
        # shellcheck disable=SC2086
        CONNECT_EXTRA="Peer signing digest|Peer signature type" connect "$cpre" "$p" "$suite" $extra >"$WORK/pd_ours.out"
        if ! diff -q "$WORK/pd_sys.out" "$WORK/pd_ours.out" >/dev/null || ! grep -q "Cipher is ${suite%%:*}\$" "$WORK/pd_ours.out" || ! grep -q "HTTP/1.0 200" "$WORK/pd_ours.out" \
            || ! grep -q "Peer signature type: DSA" "$WORK/pd_ours.out"; then
            bad=$((bad + 1)); { echo "$case:"; diff "$WORK/pd_sys.out" "$WORK/pd_ours.out"; } >>"$WORK/pd_fail_$role.txt"
        fi
    done
    if [ "$bad" = 0 ] && [ "$n" = 7 ]; then
        pass "our TLS 1.2 $role with DSA certificates: 5 DHE-DSS suites, TLS 1.0, a DSA client certificate, as on the system libssl"
    else fail "DHE-DSS, our $role against openssl ($bad of $n differ)" "$WORK/pd_fail_$role.txt"; fi
done

# Anonymous suites above level 0: our client offers none ("no ciphers
# available"), our server chooses none (handshake_failure), as OpenSSL.
connect "" "$PM_SYS" ADH-AES128-SHA >"$WORK/pa_sys.out"
connect "$PRELOAD" "$PM_SYS" ADH-AES128-SHA >"$WORK/pa_client.out"
LEVEL1=$(free_port)
LD_PRELOAD="$PRELOAD" openssl s_server -accept 127.0.0.1:"$LEVEL1" -quiet -tls1_2 -www -cipher ALL -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" >/dev/null 2>&1 &
PIDS+=($!)
LEVEL1_SYS=$(free_port)
openssl s_server -accept 127.0.0.1:"$LEVEL1_SYS" -quiet -tls1_2 -www -cipher ALL -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$LEVEL1" && wait_port "$LEVEL1_SYS" || exit 1
printf 'x' | timeout 10 openssl s_client -connect 127.0.0.1:"$LEVEL1_SYS" -tls1_2 -cipher "ADH-AES128-SHA:@SECLEVEL=0" 2>&1 | grep -o "alert [a-z ]*" >"$WORK/pa_srv_sys.out"
printf 'x' | timeout 10 openssl s_client -connect 127.0.0.1:"$LEVEL1" -tls1_2 -cipher "ADH-AES128-SHA:@SECLEVEL=0" 2>&1 | grep -o "alert [a-z ]*" >"$WORK/pa_srv_ours.out"
printf 'x' | timeout 10 openssl s_client -connect 127.0.0.1:"$PM_SYS" -tls1_2 -cipher ADH-AES128-SHA 2>&1 | grep -o "no ciphers available" >"$WORK/pa_cli_sys.out"
printf 'x' | LD_PRELOAD="$PRELOAD" timeout 10 openssl s_client -connect 127.0.0.1:"$PM_SYS" -tls1_2 -cipher ADH-AES128-SHA 2>&1 | grep -o "no ciphers available" >"$WORK/pa_cli_ours.out"
if grep -q "alert handshake failure" "$WORK/pa_srv_ours.out" && diff -q "$WORK/pa_srv_sys.out" "$WORK/pa_srv_ours.out" >/dev/null \
    && grep -q "no ciphers available" "$WORK/pa_cli_ours.out" && diff -q "$WORK/pa_cli_sys.out" "$WORK/pa_cli_ours.out" >/dev/null; then
    pass "anonymous suites refused at security level 1 by our client (no ciphers available) and our server (handshake_failure), as OpenSSL"
else fail "anonymous suites at security level 1" "$WORK/pa_srv_ours.out"; fi

# ---------------------------------------------------------------- security levels
# The suites a level lets a client offer (OpenSSL's default security
# callback): from level 3 no RSA key exchange, at 4 no SHA-1 MAC and no
# 128-bit cipher or group. Our client at levels 1-4 against the system's s_server,
# compared with the system's client (summary, temporary key, verify result).
SECLEVEL_LIST="AES128-SHA:ECDHE-RSA-AES128-SHA:AES256-SHA256:ECDHE-RSA-AES256-SHA384"
start_server PL -tls1_2 -www -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" -cipher "ALL:@SECLEVEL=0" || exit 1
bad=0
for level in 1 2 3 4; do
    connect "" "$PL" "$SECLEVEL_LIST:@SECLEVEL=$level" >"$WORK/sl_sys.out"
    connect "$LIB" "$PL" "$SECLEVEL_LIST:@SECLEVEL=$level" >"$WORK/sl_ours.out"
    if ! diff -q "$WORK/sl_sys.out" "$WORK/sl_ours.out" >/dev/null || ! grep -q "^New, " "$WORK/sl_ours.out"; then
        bad=$((bad + 1)); { echo "level $level:"; diff "$WORK/sl_sys.out" "$WORK/sl_ours.out"; } >>"$WORK/sl.diff"
    fi
    cp "$WORK/sl_ours.out" "$WORK/sl_ours_$level.out"
done
if [ "$bad" = 0 ] && grep -q "Cipher is AES128-SHA\$" "$WORK/sl_ours_1.out" && grep -q "Cipher is ECDHE-RSA-AES128-SHA\$" "$WORK/sl_ours_3.out" \
    && grep -q "Cipher is ECDHE-RSA-AES256-SHA384" "$WORK/sl_ours_4.out"; then
    pass "client security levels 1-4 offer the suites and groups OpenSSL allows (no RSA key exchange from 3; no SHA-1, 128-bit cipher or 128-bit group at 4)"
else fail "security level suite filtering ($bad of 4 differ)" "$WORK/sl.diff"; fi

# ---------------------------------------------------------------- GnuTLS, both roles
if command -v gnutls-cli >/dev/null && command -v unshare >/dev/null; then
    gnutls_both_roles gnutls-legacy.sh 26 "CBC (AES, Camellia), AES-CCM/RSA/DHE suite x encrypt-then-MAC cases"
else
    fail "GnuTLS tools (gnutls-bin) are missing: run tools/test-deps.sh"
fi

summary "Legacy TLS 1.2 suite tests"
