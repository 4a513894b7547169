#!/usr/bin/env bash
# TLS 1.2 against real peers on 127.0.0.1, each result compared with the
# system libssl's: the chapter 8 client resuming by ticket and by session id
# (linked and under LD_PRELOAD), the server's cache modes line for line,
# session DER across the two libraries, the interop matrix (suite x group x
# key type, both roles) with openssl and GnuTLS, client certificates, ALPN
# and SNI, curl and Python, and the negative cases of ssl_get_prev_session.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-tls12.XXXXXX)
. "$ROOT/capi-tests/lib.sh"

CFLAGS="-Wall -Werror -O1"
OURS=(-L"$LIBDIR" -l:libssl.so.3 -lcrypto -Wl,-rpath,"$LIBDIR")
gcc $CFLAGS -o "$WORK/ch8_sys" "$ROOT/capi-tests/chapter8_client.c" -lssl -lcrypto || exit 1
gcc $CFLAGS -o "$WORK/ch8_ours" "$ROOT/capi-tests/chapter8_client.c" "${OURS[@]}" || exit 1
gcc $CFLAGS -o "$WORK/srv_sys" "$ROOT/capi-tests/tls_server.c" -lssl -lcrypto || exit 1
gcc $CFLAGS -o "$WORK/srv_ours" "$ROOT/capi-tests/tls_server.c" "${OURS[@]}" || exit 1
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
# The chapter 8 client and tls_server speak TLS 1.2 only with TLS12=1.
export TLS12=1

echo "TLS 1.2 tests (work dir $WORK)"

# ---------------------------------------------------------------- chapter 8 client: tickets, then session ids
for variant in ticket session-id; do
    extra=(); [ "$variant" = session-id ] && extra=(-no_ticket)
    start_server P12 -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" -tls1_2 -www "${extra[@]}" || exit 1
    timeout 20 "$WORK/ch8_sys" localhost "$P12" "$CA" >"$WORK/ch8_sys_$variant.out" 2>/dev/null
    timeout 20 "$WORK/ch8_ours" localhost "$P12" "$CA" --expect-lib "$LIB" >"$WORK/ch8_ours_$variant.out" 2>"$WORK/ch8_ours_$variant.err"
    LD_PRELOAD="$LIB" timeout 20 "$WORK/ch8_sys" localhost "$P12" "$CA" --expect-lib "$LIB" >"$WORK/ch8_pre_$variant.out" 2>&1
    if grep -q "round 2: TLSv1.2 .* reused=1" "$WORK/ch8_ours_$variant.out" && grep -q "reused=1" "$WORK/ch8_pre_$variant.out" \
        && diff -u "$WORK/ch8_sys_$variant.out" "$WORK/ch8_ours_$variant.out" >"$WORK/ch8_$variant.diff"; then
        pass "chapter 8 client resumes over TLS 1.2 by $variant (linked and LD_PRELOAD), output identical to the system libssl's"
    else fail "chapter 8 client over TLS 1.2 by $variant" "$WORK/ch8_$variant.diff"; cat "$WORK/ch8_ours_$variant.err"; fi
done

# ---------------------------------------------------------------- server cache modes, line for line
for mode in stateless noticket tickets0 off external small; do
    cache_mode_outputs "$mode"
    if diff -u "$WORK/mode_sys.cmp" "$WORK/mode_ours.cmp" >"$WORK/mode_$mode.diff" && grep -q "^stats:" "$WORK/mode_ours.cmp" \
        && grep -q "TLSv1.2" "$WORK/mode_ours.cmp"; then
        pass "TLS 1.2 server cache mode $mode: as on the system libssl ($(grep '^stats' "$WORK/mode_ours.cmp" | cut -c8-))"
    else fail "TLS 1.2 server cache mode $mode parity" "$WORK/mode_$mode.diff"; fi
done

# Expired session: timeout 1 s, the client's second connection 2 s later:
# counted in timeouts, full handshake, on both libraries.
for lib in sys ours; do
    run_server "$lib" "$WORK/exp_$lib.out" --count 2 --mode noticket --timeout 1
    CH8_PAUSE=2 timeout 20 "$WORK/ch8_sys" localhost "$SRV_PORT" "$CA" >/dev/null 2>&1
    finish_server
    tail -n +2 "$WORK/exp_$lib.out" >"$WORK/exp_$lib.cmp"
done
if grep -q "timeouts=1" "$WORK/exp_ours.cmp" && diff -u "$WORK/exp_sys.cmp" "$WORK/exp_ours.cmp" >"$WORK/exp.diff"; then
    pass "TLS 1.2 server with 1 s timeout: same output on both libraries"
else fail "TLS 1.2 timeout parity" "$WORK/exp.diff"; fi

# Session id context: a ticket from a server with context A offered to one
# with context B (same ticket keys) is a full handshake; with
# SSL_VERIFY_PEER and no context the resumption attempt is fatal
# (SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED). Server output and the client's
# verdict compared with the system libssl's.
head -c 80 /dev/urandom >"$WORK/tk.keys"
ctx_case() { # ctx_case NAME SERVER1-ARGS SERVER2-ARGS CLIENT-ARGS
    local name=$1 a1=$2 a2=$3 cargs=$4 lib
    for lib in sys ours; do
        # shellcheck disable=SC2086
        run_server "$lib" "$WORK/ctx1_$lib.out" --count 1 --ticket-keys "$WORK/tk.keys" $a1
        # shellcheck disable=SC2086
        printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -ign_eof -connect 127.0.0.1:"$SRV_PORT" -tls1_2 -CAfile "$CA" \
            -sess_out "$WORK/ctx_$lib.pem" $cargs >/dev/null 2>&1
        finish_server
        # shellcheck disable=SC2086
        run_server "$lib" "$WORK/ctx2_$lib.out" --count 1 --ticket-keys "$WORK/tk.keys" $a2
        # shellcheck disable=SC2086
        printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -ign_eof -connect 127.0.0.1:"$SRV_PORT" -tls1_2 -CAfile "$CA" \
            -sess_in "$WORK/ctx_$lib.pem" $cargs 2>&1 | grep -E "^(New|Reused),|alert" \
            | sed 's/^[0-9A-F]*:error:/error:/; s/SSL routines:[^:]*:/SSL routines::/; s/:[^:]*:[0-9]*:.*$//' >"$WORK/ctx_$lib.cmp"
        finish_server
        tail -n +2 "$WORK/ctx2_$lib.out" >>"$WORK/ctx_$lib.cmp"
    done
    if [ -s "$WORK/ctx_ours.cmp" ] && diff -u "$WORK/ctx_sys.cmp" "$WORK/ctx_ours.cmp" >"$WORK/ctx.diff"; then
        pass "TLS 1.2 $name: as on the system libssl ($(head -1 "$WORK/ctx_ours.cmp" | cut -c1-50))"
    else fail "TLS 1.2 $name" "$WORK/ctx.diff"; fi
}
ctx_case "ticket from another session id context: full handshake" "--sidctx A" "--sidctx B" ""
ctx_case "SSL_VERIFY_PEER without a session id context: resumption is fatal" "--sidctx none --verify $CA" "--sidctx none --verify $CA" \
    "-cert $WORK/client.pem -key $WORK/client.key"

# ---------------------------------------------------------------- session DER across the libraries
start_server PS -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" -tls1_2 -www || exit 1
sclient() { # PRELOAD PORT s_client-args... : openssl s_client with a request
    local pre=$1 port=$2; shift 2
    printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$pre" timeout 20 openssl s_client -ign_eof -connect 127.0.0.1:"$port" -CAfile "$CA" "$@" 2>&1
}
# Each library writes a session from a full handshake; the other resumes it.
sclient "" "$PS" -tls1_2 -sess_out "$WORK/d_sys.pem" >/dev/null
sclient "$LIB" "$PS" -tls1_2 -sess_out "$WORK/d_ours.pem" >/dev/null
sclient "$LIB" "$PS" -tls1_2 -sess_in "$WORK/d_sys.pem" | grep -E "^(Reused|New)," >"$WORK/d1.out"
sclient "" "$PS" -tls1_2 -sess_in "$WORK/d_ours.pem" | grep -E "^(Reused|New)," >"$WORK/d2.out"
if grep -q "^Reused, TLSv1.2" "$WORK/d1.out" && grep -q "^Reused, TLSv1.2" "$WORK/d2.out" \
    && openssl sess_id -in "$WORK/d_ours.pem" -noout -text | grep -q "Extended master secret: yes"; then
    pass "TLS 1.2 session DER: OpenSSL's resumes on libssl-rs and ours on OpenSSL (EMS flag kept)"
else fail "TLS 1.2 session DER interop" "$WORK/d1.out"; cat "$WORK/d2.out"; fi

# A TLS 1.3 session offered with TLS 1.2 only: a new session, as on the system libssl.
start_server P13 -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" -www || exit 1
sclient "" "$P13" -sess_out "$WORK/s13.pem" >/dev/null
sclient "" "$P13" -tls1_2 -sess_in "$WORK/s13.pem" | grep -E "^(Reused|New)," >"$WORK/s13_sys.out"
sclient "$LIB" "$P13" -tls1_2 -sess_in "$WORK/s13.pem" | grep -E "^(Reused|New)," >"$WORK/s13_ours.out"
if grep -q "^New, TLSv1.2" "$WORK/s13_ours.out" && diff -q "$WORK/s13_sys.out" "$WORK/s13_ours.out" >/dev/null; then
    pass "a TLS 1.3 session with TLS 1.2 only: full TLS 1.2 handshake, as on the system libssl"
else fail "TLS 1.3 session offered over TLS 1.2" "$WORK/s13_ours.out"; fi

# ---------------------------------------------------------------- interop matrix, both roles
SUITES_EC="ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384 ECDHE-ECDSA-CHACHA20-POLY1305"
SUITES_RSA="ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES256-GCM-SHA384 ECDHE-RSA-CHACHA20-POLY1305"
GROUPS_ALL="X25519 P-256 P-384 P-521"
temp_key_name() { # how s_client names the server's temp key
    case $1 in X25519) echo X25519 ;; P-256) echo "ECDH, prime256v1" ;; P-384) echo "ECDH, secp384r1" ;; P-521) echo "ECDH, secp521r1" ;; esac
}
matrix() { # matrix ROLE: ROLE=client (ours) or server (ours)
    local role=$1 bad=0 n=0 spre cpre key suites port
    [ "$role" = client ] && { spre=""; cpre="$LIB"; } || { spre="$LIB"; cpre=""; }
    for key in ec256 rsa; do
        [ "$key" = ec256 ] && suites=$SUITES_EC || suites=$SUITES_RSA
        port=$(free_port)
        LD_PRELOAD="$spre" openssl s_server -accept 127.0.0.1:"$port" -quiet -tls1_2 -www -cert "$WORK/$key.pem" -key "$WORK/$key.key" \
            -groups X25519:P-256:P-384:P-521 >"$WORK/mx_srv.log" 2>&1 &
        # matrix runs in a subshell (process substitution): the EXIT trap
        # does not see its PIDS, so it stops its own server.
        local srv=$!
        wait_port "$port" || { kill "$srv"; return 1; }
        for suite in $suites; do
            for group in $GROUPS_ALL; do
                n=$((n + 1))
                # TLS 1.2 uses an ECDSA certificate only when the client
                # lists its curve, so P-256 follows the group under test.
                glist=$group; [ "$key" = ec256 ] && [ "$group" != P-256 ] && glist="$group:P-256"
                echo | LD_PRELOAD="$cpre" timeout 10 openssl s_client -connect 127.0.0.1:"$port" -tls1_2 -CAfile "$CA" \
                    -cipher "$suite" -groups "$glist" >"$WORK/mx.out" 2>&1
                if ! grep -q "^New, TLSv1.2, Cipher is $suite" "$WORK/mx.out" || ! grep -q "Verify return code: 0" "$WORK/mx.out" \
                    || ! grep -q "Server Temp Key: $(temp_key_name "$group")" "$WORK/mx.out"; then
                    bad=$((bad + 1)); echo "$key $suite $group" >>"$WORK/mx_fail.txt"; cp "$WORK/mx.out" "$WORK/mx_last_fail.out"
                fi
            done
        done
        kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
    done
    echo "$n $bad"
}
read -r n bad < <(matrix client)
if [ "$bad" = 0 ] && [ "$n" = 24 ]; then pass "our TLS 1.2 client against openssl s_server: $n suite x group x key combinations"
else fail "TLS 1.2 client matrix: $bad of $n failed" "$WORK/mx_fail.txt"; fi
read -r n bad < <(matrix server)
if [ "$bad" = 0 ] && [ "$n" = 24 ]; then pass "our TLS 1.2 server against openssl s_client: $n suite x group x key combinations"
else fail "TLS 1.2 server matrix: $bad of $n failed" "$WORK/mx_fail.txt"; fi

# ---------------------------------------------------------------- client certificates, ALPN, SNI
# With a certificate: accepted, ALPN h2. Without: the server's alert, and
# what s_client then prints, as with the system libssl in the same role.
for role in client server; do
    for lib in sys ours; do
        pre=""; [ "$lib" = ours ] && pre="$LIB"
        if [ "$role" = client ]; then spre=""; cpre="$pre"; else spre="$pre"; cpre=""; fi
        port=$(free_port)
        LD_PRELOAD="$spre" openssl s_server -accept 127.0.0.1:"$port" -tls1_2 -www -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" \
            -Verify 1 -CAfile "$CA" -alpn h2,http/1.1 >"$WORK/cc_srv_$lib.log" 2>&1 &
        PIDS+=($!)
        wait_port "$port" || exit 1
        echo | LD_PRELOAD="$cpre" timeout 10 openssl s_client -connect 127.0.0.1:"$port" -tls1_2 -CAfile "$CA" -cert "$WORK/client.pem" \
            -key "$WORK/client.key" -alpn h2 -servername localhost 2>&1 | grep -E "^New,|ALPN protocol|Verify return" >"$WORK/cc_$lib.out"
        echo | LD_PRELOAD="$cpre" timeout 10 openssl s_client -connect 127.0.0.1:"$port" -tls1_2 -CAfile "$CA" 2>&1 \
            | grep -E "^New,|alert" | sed 's/^[0-9A-F]*:error:/error:/; s/SSL routines:[^:]*:/SSL routines::/; s/:[^:]*:[0-9]*:.*$//' >>"$WORK/cc_$lib.out"
    done
    if grep -q "^New, TLSv1.2" "$WORK/cc_ours.out" && grep -q "ALPN protocol: h2" "$WORK/cc_ours.out" \
        && diff -u "$WORK/cc_sys.out" "$WORK/cc_ours.out" >"$WORK/cc.diff"; then
        pass "TLS 1.2 with our $role: client certificate accepted (refused without, as the system libssl), ALPN h2, SNI"
    else fail "TLS 1.2 client certificate / ALPN / SNI, ours as $role" "$WORK/cc.diff"; fi
done

# ---------------------------------------------------------------- GnuTLS, both roles
if command -v gnutls-serv >/dev/null && command -v unshare >/dev/null; then
    # TLS12=1 (exported above) keeps both our programs at TLS 1.2.
    if timeout 60 unshare -n "$ROOT/capi-tests/gnutls-resume.sh" "$WORK" >"$WORK/gnutls.out" 2>&1 \
        && grep -q "round 2: TLSv1.2 .*reused=1" "$WORK/gnutls.out"; then
        pass "our client resumes over TLS 1.2 against gnutls-serv"
    else fail "TLS 1.2 resumption against gnutls-serv" "$WORK/gnutls.out"; fi
    timeout 60 unshare -n "$ROOT/capi-tests/gnutls-resume.sh" "$WORK" server >"$WORK/gnutls-cli.out" 2>&1
    if grep -q "This is a resumed session" "$WORK/gnutls-cli.out" && grep -q "conn 2: TLSv1.2 .* reused=1" "$WORK/gnutls-cli.out"; then
        pass "gnutls-cli --resume over TLS 1.2 resumes against our server"
    else fail "gnutls-cli TLS 1.2 against our server" "$WORK/gnutls-cli.out"; fi
    # The matrix against GnuTLS: 6 suites x 4 groups over ECDSA and RSA keys, both roles.
    gnutls_both_roles gnutls-matrix.sh 24 "suite x group x key combinations"
else
    fail "GnuTLS tools (gnutls-bin) are missing: run tools/test-deps.sh"
fi

# ---------------------------------------------------------------- curl and Python
curl_run() { LD_PRELOAD="$1" timeout 20 curl -sv --tlsv1.2 --tls-max 1.2 --cacert "$CA" "https://localhost:$PS/" "https://localhost:$PS/" -o /dev/null 2>&1; }
curl_run "" | grep -E "SSL connection using|re-using session|HTTP/1.[01] 200" >"$WORK/curl_sys.out"
curl_run "$LIB" | grep -E "SSL connection using|re-using session|HTTP/1.[01] 200" >"$WORK/curl_ours.out"
if grep -q "TLSv1.2" "$WORK/curl_ours.out" && diff -u "$WORK/curl_sys.out" "$WORK/curl_ours.out" >"$WORK/curl.diff"; then
    pass "curl --tls-max 1.2 (LD_PRELOAD): two requests, session re-used, same as on the system libssl"
else fail "curl over TLS 1.2" "$WORK/curl.diff"; fi
python3 "$ROOT/capi-tests/python_resume.py" "$PS" "$CA" tls1_2 >"$WORK/py_sys.out" 2>&1
LD_PRELOAD="$LIB" timeout 20 python3 "$ROOT/capi-tests/python_resume.py" "$PS" "$CA" tls1_2 >"$WORK/py_ours.out" 2>&1
if grep -q "python resumption: False True True" "$WORK/py_ours.out" && grep -q "TLSv1.2" "$WORK/py_ours.out" \
    && diff -u "$WORK/py_sys.out" "$WORK/py_ours.out" >"$WORK/py.diff"; then
    pass "Python ssl with maximum_version TLSv1_2 reuses its session, as on the system libssl"
else fail "Python over TLS 1.2" "$WORK/py.diff"; cat "$WORK/py_ours.out"; fi

# ---------------------------------------------------------------- ssl_get_prev_session's refusals, ours vs the system's server
# Each case: a first connection writes a session, a second offers it; the
# server's verdict (Reused/New/alert) must be the same on both libraries.
prev_case() { # prev_case NAME SERVER-ARGS-1 SERVER-ARGS-2 CLIENT-ARGS-2
    local name=$1 a1=$2 a2=$3 c2=$4 lib out
    for lib in sys ours; do
        local pre=""; [ "$lib" = ours ] && pre="$LIB"
        local port; port=$(free_port)
        # shellcheck disable=SC2086
        LD_PRELOAD="$pre" openssl s_server -accept 127.0.0.1:"$port" -tls1_2 -www -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" $a1 $a2 \
            >"$WORK/prev_srv_$lib.log" 2>&1 &
        PIDS+=($!)
        wait_port "$port" || return 1
        echo | timeout 10 openssl s_client -connect 127.0.0.1:"$port" -tls1_2 -CAfile "$CA" -sess_out "$WORK/prev_$lib.pem" >/dev/null 2>&1
        # shellcheck disable=SC2086
        echo | timeout 10 openssl s_client -connect 127.0.0.1:"$port" -tls1_2 -CAfile "$CA" -sess_in "$WORK/prev_$lib.pem" $c2 2>&1 \
            | grep -E "^(Reused|New),|alert|:error:" | sed 's/^[0-9A-F]*:error:/error:/; s/SSL routines:[^:]*:/SSL routines::/; s/:[^:]*:[0-9]*:.*$//' >"$WORK/prev_$lib.out"
    done
    if [ -s "$WORK/prev_ours.out" ] && diff -u "$WORK/prev_sys.out" "$WORK/prev_ours.out" >"$WORK/prev.diff"; then
        pass "TLS 1.2 resumption refused as on the system libssl: $name ($(head -1 "$WORK/prev_ours.out" | cut -c1-60))"
    else fail "TLS 1.2 resumption case $name" "$WORK/prev.diff"; fi
}
# Extended master secret changed between the two connections (session id
# resumption), against openssl s_server on each library: dropped = fatal
# inconsistent_extms; added = a full handshake.
for round in 2 1; do
    for lib in sys ours; do
        pre=""; [ "$lib" = ours ] && pre="$LIB"
        port=$(free_port)
        LD_PRELOAD="$pre" openssl s_server -accept 127.0.0.1:"$port" -tls1_2 -www -no_ticket -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" \
            >"$WORK/ems_srv_$lib.log" 2>&1 &
        PIDS+=($!)
        wait_port "$port" || exit 1
        CH8_NO_EMS=$round timeout 20 "$WORK/ch8_sys" localhost "$port" "$CA" 2>&1 | grep -E "^round|error:" \
            | sed 's/^[0-9A-F]*:error:/error:/; s/SSL routines:[^:]*:/SSL routines::/; s/:[^:]*:[0-9]*:.*$//' | grep -v "description\|cipher id\|SSL_version" >"$WORK/ems_$lib.out"
    done
    if diff -u "$WORK/ems_sys.out" "$WORK/ems_ours.out" >"$WORK/ems.diff" && [ -s "$WORK/ems_ours.out" ]; then
        pass "extended master secret $( [ $round = 2 ] && echo dropped || echo added) on resumption: our server answers as the system's ($(tail -1 "$WORK/ems_ours.out" | cut -c1-50))"
    else fail "EMS change on resumption (round $round)" "$WORK/ems.diff"; fi
done

prev_case "session's cipher no longer offered" "" "" "-cipher ECDHE-ECDSA-AES128-GCM-SHA256"
prev_case "session-id resumption with the same cipher" "-no_ticket" "" ""

# ---------------------------------------------------------------- renegotiation
# A client's renegotiation request (s_client's "R"): OpenSSL 3.0's server
# refuses it by default (no client-initiated renegotiation) with a
# no_renegotiation warning, and so does ours; the client reports the same.
for lib in sys ours; do
    pre=""; [ "$lib" = ours ] && pre="$LIB"
    port=$(free_port)
    (sleep 4 | LD_PRELOAD="$pre" timeout 10 openssl s_server -accept 127.0.0.1:"$port" -tls1_2 -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" \
        >"$WORK/reneg_srv_$lib.log" 2>&1) &
    PIDS+=($!)
    wait_port "$port" || exit 1
    (sleep 1; printf 'R\n'; sleep 1.5) | timeout 8 openssl s_client -connect 127.0.0.1:"$port" -tls1_2 -CAfile "$CA" 2>&1 \
        | grep -E "^New,|RENEGOTIATING|error" | sed 's/^[0-9A-F]*:error:/error:/; s/:[^:]*:[0-9]*:.*$//' >"$WORK/reneg_$lib.out"
done
if grep -q "no renegotiation" "$WORK/reneg_ours.out" && diff -u "$WORK/reneg_sys.out" "$WORK/reneg_ours.out" >"$WORK/reneg.diff"; then
    pass "a client's renegotiation request is refused with no_renegotiation, as by the system libssl's server"
else fail "renegotiation refusal parity" "$WORK/reneg.diff"; fi

# ---------------------------------------------------------------- cipher strings
# openssl ciphers -V on both libraries: the same TLS 1.2 (and 1.3) lines, in
# the same order, minus the suites we do not implement, for strings from
# real configurations (Mozilla, nginx, Apache, Python, curl...).
# Every suite of the system's list but the NULL-encryption ones (eNULL,
# never in ALL), which we do not implement: DEFAULT and ALL are identical.
NOT_OURS='Enc=None'
CIPHER_STRINGS=(
    "DEFAULT" "ALL" "HIGH" "HIGH:!aNULL:!MD5" "HIGH:!aNULL" "HIGH:MEDIUM:!MD5:!RC4:!3DES" "ALL:@STRENGTH"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA"
    "@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM"
    "EECDH+AESGCM:EDH+AESGCM" "EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH"
    "ECDH+AESGCM:ECDH+CHACHA20:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS"
    "HIGH:!aNULL:!kRSA:!PSK:!SRP:!MD5:!RC4" "kEECDH+aECDSA" "kECDHE+aRSA" "ECDHE" "ECDHE:!AES128" "AES256" "AES128:AES256"
    "CHACHA20" "AESGCM+ECDSA" "DEFAULT:!ECDSA" "DEFAULT:-AES256:+AES128" "HIGH:!CHACHA20" "aRSA:aECDSA" "FIPS" "TLSv1.2"
    "SUITEB128" "SUITEB192" "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384" "DEFAULT:@SECLEVEL=1"
    "RSA" "kRSA:aRSA" "CBC" "SHA1:SHA256:SHA384" "TLSv1:SSLv3" "DEFAULT:!kRSA" "DEFAULT:!SHA1:!SHA256:!SHA384" "ECDHE+AES:RSA+AES:!SHA1:@STRENGTH"
    "PSK" "PSK:!aPSK" "kECDHEPSK:kDHEPSK:@STRENGTH" "DEFAULT:!PSK:!SRP" "ECDHE-PSK-CHACHA20-POLY1305:PSK-AES128-GCM-SHA256"
    "CAMELLIA" "COMPLEMENTOFDEFAULT" "aNULL" "ALL:!aNULL:!eNULL" "HIGH:!aNULL:!CAMELLIA"
    "AESCCM" "AESCCM8:ARIA" "ECDHE+AESCCM:ECDHE+ARIAGCM" "ALL:!DSS:!SRP" "ALL:@STRENGTH:+AESCCM"
)
bad=0
for cs in "${CIPHER_STRINGS[@]}"; do
    openssl ciphers -V "$cs" 2>&1 | grep -vE "$NOT_OURS" >"$WORK/cs_sys.txt"
    LD_PRELOAD="$LIB" openssl ciphers -V "$cs" >"$WORK/cs_ours.txt" 2>&1
    if ! diff -q "$WORK/cs_sys.txt" "$WORK/cs_ours.txt" >/dev/null || ! [ -s "$WORK/cs_ours.txt" ]; then
        bad=$((bad + 1)); { echo "string: $cs"; diff "$WORK/cs_sys.txt" "$WORK/cs_ours.txt"; } >>"$WORK/cs.diff"
    fi
done
if [ "$bad" = 0 ]; then pass "openssl ciphers -V: ${#CIPHER_STRINGS[@]} cipher strings give the system libssl's list and order (our suites)"
else fail "cipher strings: $bad of ${#CIPHER_STRINGS[@]} differ" "$WORK/cs.diff"; fi

# NPN (next_protocol_negotiation): s_server -nextprotoneg announces, the
# client's select callback chooses and NextProtocol carries the choice,
# full and resumed (-reconnect), each side ours; the client and server
# verdicts as on the system libssl. A client offering no protocol the server
# has still gets one: the select callback falls back to its own first.
npn_run() { # SERVER-PRELOAD CLIENT-PRELOAD CLIENT-LIST
    local port
    start_server_with "$1" port -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" -nextprotoneg "http/1.1,spdy/3" -www || return 1
    printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$2" timeout 20 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -tls1_2 \
        -nextprotoneg "$3" -reconnect -ign_eof 2>/dev/null | grep -E "^Next protocol|^(New|Reused)," | sort | uniq -c
}
bad=0
for list in "spdy/3,foo" "foo,bar"; do
    npn_run "" "" "$list" >"$WORK/npn_sys.out"
    for roles in "$PRELOAD:" ":$PRELOAD"; do
        npn_run "${roles%%:*}" "${roles#*:}" "$list" >"$WORK/npn_ours.out"
        if ! grep -q "Next protocol" "$WORK/npn_ours.out" || ! grep -q "Reused" "$WORK/npn_ours.out" \
            || ! diff -u "$WORK/npn_sys.out" "$WORK/npn_ours.out" >>"$WORK/npn.diff"; then
            bad=$((bad + 1)); echo "list $list roles $roles" >>"$WORK/npn.diff"
        fi
    done
done
if [ "$bad" = 0 ]; then pass "NPN against openssl, both roles, full and resumed: the protocol chosen as on the system libssl"
else fail "NPN against openssl ($bad cases)" "$WORK/npn.diff"; fi

echo "TLS 1.2 tests: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
