#!/usr/bin/env bash
# Certificate Transparency and serverinfo against openssl: a test log and
# SCTs signed for our leaf (capi-tests/make_scts.py), served in the
# signed_certificate_timestamp extension by `openssl s_server -serverinfo`
# (TLS 1.2 ServerHello, TLS 1.3 Certificate entry). capi-tests/ct_client.c
# verifies the server with CT strict, permissive and an application
# callback, on the system libssl and on ours, against the system's server
# and against ours (LD_PRELOAD): every verdict — the right SCT accepted, an
# unknown log's, a forged one and none refused by strict — and every SCT
# status must be the same on both libraries. Then `openssl s_client
# -serverinfo` (the legacy custom extension API) and `-ct` on each side.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-ct.XXXXXX)
. "$ROOT/capi-tests/lib.sh"

CFLAGS="-Wall -Werror -O1"
gcc $CFLAGS -o "$WORK/ct_sys" "$ROOT/capi-tests/ct_client.c" -lssl -lcrypto || exit 1
gcc $CFLAGS -o "$WORK/ct_ours" "$ROOT/capi-tests/ct_client.c" -L"$LIBDIR" -l:libssl.so.3 -lcrypto \
    -Wl,-rpath,"$LIBDIR" || exit 1
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
python3 "$ROOT/capi-tests/make_scts.py" "$WORK" "$WORK/ec256.pem" || { echo "SCT generation failed"; exit 1; }
CA="$WORK/ca.pem"
echo "Certificate Transparency and serverinfo (work dir $WORK)"

# verdicts SERVER-PRELOAD SERVERINFO MODE VERSION: one connection per client
# library; leaves $WORK/v_sys.out and $WORK/v_ours.out.
verdicts() {
    local spre=$1 si=$2 mode=$3 ver=$4 port lib
    local info=(); [ "$si" != none ] && info=(-serverinfo "$WORK/$si.pem")
    start_server_with "$spre" port -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" "${info[@]}" || return 1
    for lib in sys ours; do
        timeout 10 "$WORK/ct_$lib" "$port" "$CA" "$WORK/ctlogs.cnf" "$mode" "$ver" >"$WORK/v_$lib.out" 2>&1
    done
}

# expect SI MODE HANDSHAKE STATUS: what a case must give (on both libraries).
declare -A WANT=(
    [good strict]="ok|valid" [good permissive]="ok|valid" [good callback]="ok|valid"
    [unknown strict]="failed|unknown log" [unknown permissive]="ok|unknown log" [unknown callback]="failed|unknown log"
    [forged strict]="failed|invalid" [forged permissive]="ok|invalid" [forged callback]="failed|invalid"
    [none strict]="failed|" [none permissive]="ok|" [none callback]="failed|"
)
for server in sys ours; do
    spre=""; [ "$server" = ours ] && spre="$PRELOAD"
    bad=0; : >"$WORK/ct_$server.why"
    for ver in TLS1.2 TLS1.3; do
        for si in good unknown forged none; do
            for mode in strict permissive callback; do
                verdicts "$spre" "$si" "$mode" "$ver" || { bad=$((bad + 1)); continue; }
                want=${WANT[$si $mode]}
                hs=${want%%|*}; st=${want#*|}
                ok=1
                diff -u "$WORK/v_sys.out" "$WORK/v_ours.out" >>"$WORK/ct_$server.why" || ok=0
                grep -q "^handshake: $hs$" "$WORK/v_ours.out" || ok=0
                if [ -n "$st" ]; then
                    grep -q "^sct 0: source 1 status $st$" "$WORK/v_ours.out" || ok=0
                else
                    grep -q "^scts: 0$" "$WORK/v_ours.out" || ok=0
                fi
                # A refusal records X509_V_ERR_NO_VALID_SCTS.
                [ "$hs" = failed ] && { grep -q "^verify result: 71$" "$WORK/v_ours.out" || ok=0; }
                if [ "$ok" = 0 ]; then
                    bad=$((bad + 1)); { echo "case $ver $si $mode:"; cat "$WORK/v_ours.out"; } >>"$WORK/ct_$server.why"
                fi
            done
        done
    done
    if [ "$bad" = 0 ]; then
        pass "CT against the $server server: valid SCT accepted, unknown log, forged and missing refused by strict and the callback, permissive lets all through; TLS 1.2 and 1.3; same as the system libssl"
    else fail "CT against the $server server ($bad cases)" "$WORK/ct_$server.why"; fi
done

# openssl s_client -serverinfo TYPES (SSL_CTX_add_client_custom_ext) against
# s_server -serverinfo FILE (SSL_CTX_use_serverinfo_file): the received
# extensions printed as PEM, identical whichever side runs on libssl-rs.
python3 - "$WORK/custom.pem" <<'PY'
import base64, struct, sys
def block(name, ty, data):
    b = base64.b64encode(struct.pack(">HH", ty, len(data)) + data).decode()
    return "-----BEGIN SERVERINFO FOR %s-----\n%s\n-----END SERVERINFO FOR %s-----\n" % (name, b, name)
open(sys.argv[1], "w").write(block("A", 1000, b"first extension") + block("B", 65000, b"") + block("C", 4242, b"x" * 300))
PY
serverinfo_run() { # SERVER-PRELOAD CLIENT-PRELOAD VERSION
    local port
    start_server_with "$1" port -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" -serverinfo "$WORK/custom.pem" -www || return 1
    printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$2" timeout 10 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" "$3" \
        -serverinfo 1000,4242,65000,777 -ign_eof 2>/dev/null | sed -n '/BEGIN SERVERINFO/,/END SERVERINFO/p;/^HTTP/p'
}
serverinfo_run "" "" -tls1_2 >"$WORK/si_sys.out"
if grep -q "SERVERINFO FOR EXTENSION 4242" "$WORK/si_sys.out"; then
    for roles in "$PRELOAD:" ":$PRELOAD"; do
        serverinfo_run "${roles%%:*}" "${roles#*:}" -tls1_2 >"$WORK/si_ours.out"
        side=client; [ "${roles%%:*}" = "$PRELOAD" ] && side=server
        if diff -u "$WORK/si_sys.out" "$WORK/si_ours.out" >"$WORK/si.diff"; then
            pass "serverinfo and legacy custom extensions (s_server/s_client -serverinfo), our $side: the same extensions received"
        else fail "s_server/s_client -serverinfo, our $side" "$WORK/si.diff"; fi
    done
else fail "s_client -serverinfo on the system libssl printed no extension" "$WORK/si_sys.out"; fi

# openssl s_client -ct -ctlogfile against s_server -serverinfo good.pem: the
# SCT printed and judged valid, TLS 1.3 (Certificate entry), either side ours.
sclient_ct() { # SERVER-PRELOAD CLIENT-PRELOAD
    local port
    start_server_with "$1" port -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" -serverinfo "$WORK/good.pem" -www || return 1
    printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$2" timeout 10 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -tls1_3 \
        -ct -ctlogfile "$WORK/ctlogs.cnf" -ign_eof 2>/dev/null | grep -E "^SCT|Log ID|Timestamp|^HTTP" | grep -v "Timestamp"
}
sclient_ct "" "" >"$WORK/sct_sys.out"
for roles in "$PRELOAD:" ":$PRELOAD"; do
    sclient_ct "${roles%%:*}" "${roles#*:}" >"$WORK/sct_ours.out"
    side=client; [ "${roles%%:*}" = "$PRELOAD" ] && side=server
    if grep -q "SCT validation status: valid" "$WORK/sct_ours.out" && diff -u "$WORK/sct_sys.out" "$WORK/sct_ours.out" >"$WORK/sct.diff"; then
        pass "openssl s_client -ct over TLS 1.3, our $side: the SCT shown and valid, as on the system libssl"
    else fail "openssl s_client -ct, our $side" "$WORK/sct.diff"; fi
done

summary "Certificate Transparency and serverinfo"
