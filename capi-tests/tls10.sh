#!/usr/bin/env bash
# TLS 1.0 and 1.1 where OpenSSL 3.0 has them, against real peers on
# 127.0.0.1, both roles: openssl s_server/s_client (each summary compared
# with the same run on the system libssl) and GnuTLS. At security level 0
# every CBC suite, key exchange and encrypt-then-MAC setting works, with
# resumption and client certificates; above it OpenSSL 3.0 still enables
# the versions (SSL_SECOP_VERSION refuses TLS 1.0 from level 3, TLS 1.1
# from level 4) but not their SHA-1/MD5-SHA1 signatures, so only RSA key
# exchange completes, and each refusal must give OpenSSL's error.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-tls10.XXXXXX)
. "$ROOT/capi-tests/lib.sh"

"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
echo "TLS 1.0/1.1 tests (work dir $WORK)"

SUITES_EC="ECDHE-ECDSA-AES128-SHA ECDHE-ECDSA-AES256-SHA"
SUITES_RSA="ECDHE-RSA-AES128-SHA ECDHE-RSA-AES256-SHA AES128-SHA AES256-SHA DHE-RSA-AES128-SHA DHE-RSA-AES256-SHA"

# connect PRE PORT ARGS...: one s_client connection (LD_PRELOAD PRE) with an
# HTTP request; prints what both libraries must agree on: the summary and
# protocol lines, the server's temporary key, the verify result, the HTTP
# status, alerts, and libssl errors as "error CODE REASON" (function names
# and source locations are OpenSSL's internals).
connect() {
    local pre=$1 port=$2; shift 2
    printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$pre" timeout 10 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -ign_eof "$@" 2>&1 \
        | grep -E "^(New|Reused), |Protocol  :|Server Temp Key|Verify return code|^HTTP/1.0 200|Peer sign|alert|:error:" \
        | sed -E 's/^[0-9A-F]+:error:([0-9A-F]+):SSL routines:[^:]*:([^:]*):.*/error \1 \2/' | sort -u
}

# serve VAR PRE ARGS...: s_server -www on a free port (LD_PRELOAD PRE); sets VAR.
serve() {
    local var=$1 pre=$2; shift 2
    local port; port=$(free_port)
    LD_PRELOAD="$pre" openssl s_server -accept 127.0.0.1:"$port" -www "$@" >"$WORK/serve-$port.log" 2>&1 &
    PIDS+=($!)
    wait_port "$port" || return 1
    printf -v "$var" '%s' "$port"
}

# ---------------------------------------------------------------- level 0 matrix
# Every suite of TLS 1.0/1.1 in OpenSSL 3.0's DEFAULT list, each version,
# encrypt-then-MAC offered and not; our client against the system's
# s_server and the system's s_client against ours. Each result must equal
# the all-system run and show the version, the cipher and the HTTP reply.
L0="@SECLEVEL=0"
bad=0; n=0
for key in ec256 rsaenc; do
    [ "$key" = ec256 ] && suites=$SUITES_EC || suites=$SUITES_RSA
    serve SYS "" -cert "$WORK/$key.pem" -key "$WORK/$key.key" -cipher "ALL:$L0" || exit 1
    serve OURS "$LIB" -cert "$WORK/$key.pem" -key "$WORK/$key.key" -cipher "ALL:$L0" || exit 1
    for version in -tls1 -tls1_1; do
        [ "$version" = -tls1 ] && proto="TLSv1\$" || proto="TLSv1.1\$"
        for suite in $suites; do
            for etm in "" -no_etm; do
                connect "" "$SYS" $version $etm -cipher "$suite:$L0" >"$WORK/m_ref.out"
                for role in client server; do
                    n=$((n + 1))
                    if [ $role = client ]; then
                        connect "$LIB" "$SYS" $version $etm -cipher "$suite:$L0" >"$WORK/m_ours.out"
                    else
                        connect "" "$OURS" $version $etm -cipher "$suite:$L0" >"$WORK/m_ours.out"
                    fi
                    if ! diff -q "$WORK/m_ref.out" "$WORK/m_ours.out" >/dev/null || ! grep -q "Cipher is $suite\$" "$WORK/m_ours.out" \
                        || ! grep -q "Protocol  : $proto" "$WORK/m_ours.out" || ! grep -q "^HTTP/1.0 200" "$WORK/m_ours.out"; then
                        bad=$((bad + 1)); { echo "our $role $version $suite ${etm:-etm}:"; diff "$WORK/m_ref.out" "$WORK/m_ours.out"; } >>"$WORK/m.diff"
                    fi
                done
            done
        done
    done
done
if [ "$bad" = 0 ] && [ "$n" = 64 ]; then
    pass "TLS 1.0 and 1.1 at security level 0, both roles against openssl: $n suite x version x encrypt-then-MAC cases, as on the system libssl"
else fail "TLS 1.0/1.1 matrix ($bad of $n differ)" "$WORK/m.diff"; fi

# ---------------------------------------------------------------- resumption
# A TLS 1.0 session, by ticket and by session id (-no_ticket), resumed by
# our client against the system's server and by the system's client
# against ours; and offered to a server that negotiates TLS 1.2, which
# must not resume it.
resume_case() { # PRE PORT: the second connection's lines
    rm -f "$WORK/sess.pem"
    connect "$1" "$2" -tls1 -cipher "AES128-SHA:$L0" -sess_out "$WORK/sess.pem" >/dev/null
    connect "$1" "$2" -tls1 -cipher "AES128-SHA:$L0" -sess_in "$WORK/sess.pem"
}
bad=0
for tickets in "" -no_ticket; do
    serve SYS "" -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" -cipher "ALL:$L0" $tickets || exit 1
    serve OURS "$LIB" -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" -cipher "ALL:$L0" $tickets || exit 1
    resume_case "" "$SYS" >"$WORK/r_ref.out"
    for pair in "$LIB $SYS" "- $OURS"; do
        read -r pre port <<<"$pair"; [ "$pre" = - ] && pre=""
        resume_case "$pre" "$port" >"$WORK/r_ours.out"
        if ! diff -q "$WORK/r_ref.out" "$WORK/r_ours.out" >/dev/null || ! grep -q "^Reused, SSLv3, Cipher is AES128-SHA" "$WORK/r_ours.out"; then
            bad=$((bad + 1)); { echo "${tickets:-tickets} ${pre:+our client}:"; diff "$WORK/r_ref.out" "$WORK/r_ours.out"; } >>"$WORK/r.diff"
        fi
    done
done
# Our client's TLS 1.0 session offered with TLS 1.2 enabled: a full TLS 1.2 handshake.
connect "$LIB" "$SYS" -no_tls1_3 -cipher "AES128-SHA:$L0" -sess_in "$WORK/sess.pem" >"$WORK/r_up.out"
grep -q "^New, SSLv3, Cipher is AES128-SHA" "$WORK/r_up.out" && grep -q "Protocol  : TLSv1.2" "$WORK/r_up.out" || { bad=$((bad + 1)); cat "$WORK/r_up.out" >>"$WORK/r.diff"; }
if [ "$bad" = 0 ]; then
    pass "TLS 1.0 sessions resume by ticket and by session id in both roles, and not at another version"
else fail "TLS 1.0 resumption ($bad cases differ)" "$WORK/r.diff"; fi

# ---------------------------------------------------------------- client certificates
# The ECDSA client certificate signs CertificateVerify with SHA-1 (TLS 1.0's
# legacy form); the server's page reports its digest and type.
serve SYS "" -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" -cipher "ALL:$L0" -Verify 1 -CAfile "$CA" || exit 1
serve OURS "$LIB" -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" -cipher "ALL:$L0" -Verify 1 -CAfile "$CA" || exit 1
cc() { connect "$1" "$2" -tls1 -cipher "ECDHE-RSA-AES128-SHA:$L0" -cert "$WORK/client.pem" -key "$WORK/client.key"; }
cc "" "$SYS" >"$WORK/cc_ref.out"
cc "$LIB" "$SYS" >"$WORK/cc_client.out"
cc "" "$OURS" >"$WORK/cc_server.out"
if grep -q "Peer signing digest: SHA1" "$WORK/cc_ref.out" && diff -q "$WORK/cc_ref.out" "$WORK/cc_client.out" >/dev/null \
    && diff -q "$WORK/cc_ref.out" "$WORK/cc_server.out" >/dev/null; then
    pass "TLS 1.0 client certificates: our client signs and our server verifies ECDSA-SHA1 CertificateVerify, as the system libssl"
else { diff "$WORK/cc_ref.out" "$WORK/cc_client.out"; diff "$WORK/cc_ref.out" "$WORK/cc_server.out"; } >"$WORK/cc.diff"; fail "TLS 1.0 client certificates" "$WORK/cc.diff"; fi

# ---------------------------------------------------------------- above level 0
# Each case on the system libssl and on ours (the role named), same output:
#  - a client at the default level, TLS 1.0 only, ECDHE: the server's
#    SHA-1 signature is refused (legacy sigalg disallowed or unsupported);
#  - the same with RSA key exchange: no signature, the handshake completes;
#  - a server at the default level: no signature algorithm for TLS 1.0,
#    internal_error (no suitable signature algorithm);
#  - a client at level 3: TLS 1.0 is not offered; a TLS 1.0-only server
#    answers protocol_version.
serve SYS0 "" -tls1 -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" -cipher "ALL:$L0" || exit 1
serve SYS1 "" -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" || exit 1
serve OURS1 "$LIB" -cert "$WORK/rsaenc.pem" -key "$WORK/rsaenc.key" || exit 1
# outcome PRE PORT ARGS...: connect's lines without the summary, protocol
# and verify-result lines, which after a refused handshake the libraries
# print differently (OpenSSL names no cipher until ChangeCipherSpec and
# keeps a session stub whose verify result s_client prints; ours has none).
outcome() { connect "$@" | grep -vE "^(New|Reused), |Protocol  :|Verify return code"; }
bad=0
level_case() { # WHAT EXPECT SYS_PORT OURS_PORT ROLE ARGS...
    local what=$1 expect=$2 sport=$3 oport=$4 role=$5; shift 5
    outcome "" "$sport" "$@" >"$WORK/l_ref.out"
    if [ "$role" = client ]; then outcome "$LIB" "$sport" "$@" >"$WORK/l_ours.out"; else outcome "" "$oport" "$@" >"$WORK/l_ours.out"; fi
    if ! diff -q "$WORK/l_ref.out" "$WORK/l_ours.out" >/dev/null || ! grep -q "$expect" "$WORK/l_ours.out"; then
        bad=$((bad + 1)); { echo "$what:"; diff "$WORK/l_ref.out" "$WORK/l_ours.out"; } >>"$WORK/l.diff"
    fi
}
level_case "client, default level, ECDHE" "legacy sigalg disallowed or unsupported" "$SYS0" - client -tls1 -cipher ECDHE-RSA-AES128-SHA
level_case "client, default level, RSA key exchange" "HTTP/1.0 200" "$SYS0" - client -tls1 -cipher AES128-SHA
level_case "server, default level" "alert internal error" "$SYS1" "$OURS1" server -tls1 -cipher "ALL:$L0"
level_case "client, level 3" "alert protocol version" "$SYS0" - client -cipher "ALL:@SECLEVEL=3"
if [ "$bad" = 0 ]; then
    pass "above security level 0: TLS 1.0 signatures refused with OpenSSL's errors (client and server), RSA key exchange allowed, TLS 1.0 not offered at level 3"
else fail "TLS 1.0 security levels ($bad of 4 differ)" "$WORK/l.diff"; fi

# ---------------------------------------------------------------- GnuTLS, both roles
if command -v gnutls-cli >/dev/null && command -v unshare >/dev/null; then
    gnutls_both_roles gnutls-tls10.sh 8 "TLS 1.0/1.1 suite x version cases"
else
    fail "GnuTLS tools (gnutls-bin) are missing: run tools/test-deps.sh"
fi

summary "TLS 1.0/1.1 tests"
