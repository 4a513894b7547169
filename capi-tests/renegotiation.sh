#!/usr/bin/env bash
# TLS 1.2 renegotiation against real peers on 127.0.0.1, each case run with
# our library in the role under test (LD_PRELOAD into the openssl command)
# and again with the system libssl there; the verdicts must be equal and
# each must be the one expected:
#   our server sends a HelloRequest (s_server's "r"; "R" also asks for a
#     client certificate), openssl s_client renegotiates, data flows after;
#   our client answers the system s_server's HelloRequest ("r", "R" with the
#     client certificate sent and verified), and refuses it with
#     -no_renegotiation;
#   a client-initiated renegotiation (s_client's "R") is refused by our
#     server by default, accepted with -client_renegotiation;
#   GnuTLS (gnutls-cli --rehandshake) renegotiates with our server when
#     client renegotiation is allowed, and is refused otherwise; a GnuTLS
#     client without RFC 5746 (%DISABLE_SAFE_RENEGOTIATION) is refused
#     unless -legacy_renegotiation;
#   Apache's calls for per-directory client authentication (renegotiation
#     on TLS 1.2, post-handshake authentication on 1.3), call by call.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-reneg.XXXXXX)
. "$ROOT/capi-tests/lib.sh"
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
echo "TLS 1.2 renegotiation (work dir $WORK)"

# The lines that carry verdicts: s_server's own reports of its calls and
# what it read, s_client's, the verify callback's client certificate, alerts.
verdicts() {
    grep -aoE "SSL_renegotiate -> -?[0-9]|SSL_do_handshake -> -?[0-9]|^(after|hello)[a-z ]*|depth=0 CN = test client|RENEGOTIATING|alert (read|write):[a-z]+:[a-z ]+|no renegotiation|Secure Renegotiation IS( NOT)? supported|ReHandshake was completed|ReHandshake has failed|Received alert \[100\]: No renegotiation is allowed|unsafe legacy renegotiation disabled" "$1" \
        | grep -v "close notify" | sort | uniq
}

# case NAME SERVER-PRE CLIENT-PRE SERVER-SCRIPT CLIENT-SCRIPT S-ARGS -- C-ARGS:
# s_server and s_client with scripted input ("sleep N" or text lines),
# each under its LD_PRELOAD; the verdicts of both, in $WORK/NAME.out.
run_case() {
    local name=$1 spre=$2 cpre=$3 sscript=$4 cscript=$5; shift 5
    local sargs=() cargs=() port
    while [ $# -gt 0 ] && [ "$1" != -- ]; do sargs+=("$1"); shift; done
    shift
    cargs=("$@")
    port=$(free_port)
    feed() { local step; IFS=';' read -ra steps <<<"$1"; for step in "${steps[@]}"; do case $step in sleep*) $step ;; *) echo "$step" ;; esac; done; }
    feed "$sscript" | LD_PRELOAD="$spre" timeout 15 openssl s_server -accept 127.0.0.1:"$port" -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" \
        -CAfile "$CA" -tls1_2 "${sargs[@]}" >"$WORK/$name.srv" 2>&1 &
    local spid=$!
    PIDS+=("$spid")
    wait_port "$port" || return 1
    feed "$cscript" | LD_PRELOAD="$cpre" timeout 12 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" "${cargs[@]}" >"$WORK/$name.cli" 2>&1
    wait "$spid" 2>/dev/null
    { echo "server:"; verdicts "$WORK/$name.srv"; echo "client:"; verdicts "$WORK/$name.cli"; } >"$WORK/$name.out"
}

# check NAME WHAT ROLE PATTERN...: the case with our library as ROLE
# (server or client) and with the system's; equal verdicts, each PATTERN
# present in ours ("!PATTERN": absent).
check() {
    local name=$1 what=$2 role=$3; shift 3
    local sscript=$SSCRIPT cscript=$CSCRIPT ok=1 p
    if [ "$role" = server ]; then
        run_case "$name.ours" "$LIB" "" "$sscript" "$cscript" "${ARGS[@]}"
    else
        run_case "$name.ours" "" "$LIB" "$sscript" "$cscript" "${ARGS[@]}"
    fi
    run_case "$name.sys" "" "" "$sscript" "$cscript" "${ARGS[@]}"
    : >"$WORK/$name.why"
    for p in "$@"; do
        if [ "${p#!}" != "$p" ]; then
            grep -qE "${p#!}" "$WORK/$name.ours.out" && { ok=0; echo "present: ${p#!}" >>"$WORK/$name.why"; }
        else
            grep -qE "$p" "$WORK/$name.ours.out" || { ok=0; echo "missing: $p" >>"$WORK/$name.why"; }
        fi
    done
    diff -u "$WORK/$name.sys.out" "$WORK/$name.ours.out" >>"$WORK/$name.why" || ok=0
    if [ $ok = 1 ]; then pass "$what"; else cat "$WORK/$name.ours.out" >>"$WORK/$name.why"; fail "$what" "$WORK/$name.why"; fi
}

CERT=(-cert "$WORK/client.pem" -key "$WORK/client.key")

# ---------------------------------------------------------------- our server asks
SSCRIPT="sleep 1;r;sleep 1;after;sleep 2"; CSCRIPT="sleep 2.5;hello;sleep 1.5"
ARGS=(-- "${CERT[@]}")
check srv_r "our server's HelloRequest (s_server r): s_client renegotiates, data flows both ways after" server \
    "SSL_do_handshake -> 1" "^after" "^hello" "!alert"
SSCRIPT="sleep 1;R;sleep 1;after;sleep 2"
ARGS=(-no_ticket -- "${CERT[@]}" -no_ticket)
check srv_R "our server's HelloRequest with a certificate request (s_server R): renegotiated, data flows after" server \
    "SSL_do_handshake -> 1" "^after" "^hello" "!alert"

# ---------------------------------------------------------------- our client answers
SSCRIPT="sleep 1;r;sleep 1;after;sleep 2"
ARGS=(-- "${CERT[@]}")
check cli_r "our client answers s_server's HelloRequest (r): renegotiated, data flows after" client \
    "SSL_do_handshake -> 1" "^after" "^hello" "!alert"
SSCRIPT="sleep 1;R;sleep 1;after;sleep 2"
ARGS=(-no_resumption_on_reneg -- "${CERT[@]}")
check cli_R "our client answers s_server's certificate request by a full renegotiation (R, -no_resumption_on_reneg): its certificate verified" client \
    "SSL_do_handshake -> 1" "depth=0 CN = test client" "^after" "^hello"
SSCRIPT="sleep 1;r;sleep 1;after;sleep 2"
ARGS=(-- "${CERT[@]}" -no_renegotiation)
check cli_norenego "our client with -no_renegotiation refuses s_server's HelloRequest (no_renegotiation warning, which ends the server's connection)" client \
    "no renegotiation" "!^after"

# ---------------------------------------------------------------- the client asks
SSCRIPT="sleep 4"; CSCRIPT="sleep 1;R;sleep 1;hello;sleep 1.5"
ARGS=(-- "${CERT[@]}")
check srv_client_refused "a client-initiated renegotiation is refused by our server by default (no_renegotiation warning)" server \
    "RENEGOTIATING" "no renegotiation" "!^hello"
ARGS=(-client_renegotiation -- "${CERT[@]}")
check srv_client_allowed "a client-initiated renegotiation is accepted by our server with -client_renegotiation" server \
    "RENEGOTIATING" "^hello" "!alert"

# ---------------------------------------------------------------- GnuTLS
# gnutls_case NAME PRE PRIORITY S-ARGS...: gnutls-cli --rehandshake against s_server.
gnutls_case() {
    local name=$1 pre=$2 prio=$3; shift 3
    local port; port=$(free_port)
    (sleep 4) | LD_PRELOAD="$pre" timeout 10 openssl s_server -accept 127.0.0.1:"$port" -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" \
        -tls1_2 "$@" >"$WORK/$name.srv" 2>&1 &
    local spid=$!
    PIDS+=("$spid")
    wait_port "$port" || return 1
    (sleep 1) | timeout 8 gnutls-cli --x509cafile "$CA" --rehandshake --priority "$prio" -p "$port" localhost >"$WORK/$name.cli" 2>&1
    kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
    { echo "client:"; verdicts "$WORK/$name.cli"; } >"$WORK/$name.out"
}
gnutls_check() {
    local name=$1 what=$2 prio=$3 expect=$4; shift 4
    gnutls_case "$name.ours" "$LIB" "$prio" "$@"
    gnutls_case "$name.sys" "" "$prio" "$@"
    if grep -qE "$expect" "$WORK/$name.ours.out" && diff -u "$WORK/$name.sys.out" "$WORK/$name.ours.out" >"$WORK/$name.why"; then
        pass "$what"
    else { echo "expected: $expect"; cat "$WORK/$name.ours.out"; } >>"$WORK/$name.why"; fail "$what" "$WORK/$name.why"; fi
}
gnutls_check gnutls_allowed "GnuTLS rehandshake with our server (-client_renegotiation): completed" NORMAL "ReHandshake was completed" -client_renegotiation
gnutls_check gnutls_refused "GnuTLS rehandshake with our server by default: refused" NORMAL "ReHandshake has failed"
gnutls_check gnutls_unsafe_refused "GnuTLS without RFC 5746 (%DISABLE_SAFE_RENEGOTIATION): our server refuses the unsafe rehandshake" \
    "NORMAL:%DISABLE_SAFE_RENEGOTIATION" "ReHandshake has failed" -client_renegotiation
gnutls_check gnutls_unsafe_legacy "GnuTLS without RFC 5746: our server with -legacy_renegotiation renegotiates" \
    "NORMAL:%DISABLE_SAFE_RENEGOTIATION" "ReHandshake was completed" -client_renegotiation -legacy_renegotiation

# ---------------------------------------------------------------- Apache's call sequence
# capi-tests/late_client_auth.c on both libraries, openssl s_client as the
# client (with the right certificate, one from another CA, none): every
# call's result, the errors and the final peer and verify result equal.
CFLAGS="-Wall -Werror -O1"
gcc $CFLAGS -o "$WORK/late_sys" "$ROOT/capi-tests/late_client_auth.c" -lssl -lcrypto || exit 1
gcc $CFLAGS -o "$WORK/late_ours" "$ROOT/capi-tests/late_client_auth.c" -L"$LIBDIR" -l:libssl.so.3 -lcrypto -Wl,-rpath,"$LIBDIR" || exit 1
late() { # LIB VERSION CERT-CHOICE -> output file
    local lib=$1 v=$2 c=$3 out="$WORK/late_$1_$2_$3.out" args=() port
    case $c in
        right) args=(-cert "$WORK/client.pem" -key "$WORK/client.key") ;;
        other) args=(-cert "$WORK/badclient.pem" -key "$WORK/badclient.key") ;;
    esac
    "$WORK/late_$lib" "$WORK/ec256.pem" "$WORK/ec256.key" "$CA" $([ "$v" = 1.2 ] && echo tls1_2) >"$out" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    for _ in $(seq 1 100); do port=$(awk '/^port/ {print $2}' "$out"); [ -n "$port" ] && break; sleep 0.05; done
    (echo GET; sleep 1.5) | timeout 10 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -enable_pha "${args[@]}" >/dev/null 2>&1
    wait "$pid" 2>/dev/null
    sed -i '/^port/d' "$out"
}
for v in 1.3 1.2; do
    for c in right other none; do
        late sys "$v" "$c"; late ours "$v" "$c"
    done
    ok=1
    for c in right other none; do diff -u "$WORK/late_sys_${v}_$c.out" "$WORK/late_ours_${v}_$c.out" >>"$WORK/late_$v.diff" || ok=0; done
    grep -q "^peer test client verify 0" "$WORK/late_ours_${v}_right.out" || ok=0
    grep -q "^peer none" "$WORK/late_ours_${v}_other.out" || ok=0
    grep -q "^peer none" "$WORK/late_ours_${v}_none.out" || ok=0
    if [ $ok = 1 ]; then
        pass "TLS $v: client authentication asked mid-connection through Apache's calls: right CA accepted, other CA and none refused, every call as on the system libssl"
    else cat "$WORK"/late_ours_"$v"_*.out >>"$WORK/late_$v.diff"; fail "TLS $v: late client authentication through Apache's calls" "$WORK/late_$v.diff"; fi
done

summary "TLS 1.2 renegotiation"
