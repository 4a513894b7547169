#!/usr/bin/env bash
# Settings changed inside handshake callbacks take effect
# (capi-tests/callback_settings.c), on our library and on the system
# libssl, with openssl s_client as the peer: the verify mode and CA list set
# in the certificate callback (lighttpd), a context switched in by the
# servername callback with its verify settings and the handshake's session
# read and written there (nginx, Apache), version bounds and ciphers set in
# the client-hello callback (haproxy). Every client-authentication decision
# is tested on both sides: the right certificate accepted, one from another
# CA and none refused, TLS 1.3 and TLS 1.2; each library's verdicts must
# also be identical.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-cbset.XXXXXX)
. "$ROOT/capi-tests/lib.sh"

CFLAGS="-Wall -Werror -O1"
gcc $CFLAGS -o "$WORK/cbset_sys" "$ROOT/capi-tests/callback_settings.c" -lssl -lcrypto || exit 1
gcc $CFLAGS -o "$WORK/cbset_ours" "$ROOT/capi-tests/callback_settings.c" -L"$LIBDIR" -l:libssl.so.3 -lcrypto \
    -Wl,-rpath,"$LIBDIR" || exit 1
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
echo "settings changed in callbacks (work dir $WORK)"

# client PORT ARGS...: one openssl s_client connection (system libssl).
client() {
    local port=$1; shift
    echo | timeout 10 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" "$@" >/dev/null 2>&1
}
GOOD=(-cert "$WORK/client.pem" -key "$WORK/client.key")
WRONG=(-cert "$WORK/badclient.pem" -key "$WORK/badclient.key")

# run MODE LIB CLIENT-ARGS-SETS...: serves one connection per set ("|"
# separates the sets); leaves the verdicts in $WORK/MODE_LIB.out.
run() {
    local mode=$1 lib=$2; shift 2
    local out="$WORK/${mode}_$lib.out" sets=() cur=() a
    for a in "$@" "|"; do
        if [ "$a" = "|" ]; then sets+=("${cur[*]}"); cur=(); else cur+=("$a"); fi
    done
    "$WORK/cbset_$lib" "$mode" "$WORK/ec256.pem" "$WORK/ec256.key" "$CA" "${#sets[@]}" >"$out" 2>&1 &
    SRV_PID=$!
    PIDS+=("$SRV_PID")
    SRV_PORT=
    for _ in $(seq 1 100); do SRV_PORT=$(awk '/^port/ {print $2}' "$out" 2>/dev/null); [ -n "$SRV_PORT" ] && break; sleep 0.05; done
    for s in "${sets[@]}"; do
        # shellcheck disable=SC2086
        client "$SRV_PORT" $s
    done
    finish_server
    sed -i '/^port/d' "$out"
}

# check MODE WHAT PATTERNS...: both libraries gave the same verdicts, and
# ours has line N matching pattern N.
check() {
    local mode=$1 what=$2; shift 2
    rm -f "$WORK/${mode}.why"
    run "$mode" sys "${ARGS[@]}"
    run "$mode" ours "${ARGS[@]}"
    local i=1 ok=1 p
    for p in "$@"; do
        sed -n "${i}p" "$WORK/${mode}_ours.out" | grep -qE "$p" || { ok=0; echo "line $i does not match: $p" >>"$WORK/${mode}.why"; }
        i=$((i + 1))
    done
    diff -u "$WORK/${mode}_sys.out" "$WORK/${mode}_ours.out" >>"$WORK/${mode}.why" || ok=0
    if [ $ok = 1 ]; then pass "$what"; else cat "$WORK/${mode}_ours.out" >>"$WORK/${mode}.why"; fail "$what" "$WORK/${mode}.why"; fi
}

for v in tls1_3 tls1_2; do
    ARGS=(-"$v" "${GOOD[@]}" "|" -"$v" "${WRONG[@]}" "|" -"$v")
    check certcb "verify mode and CA list set in the certificate callback ($v): right CA accepted, other CA and none refused" \
        "accepted .* peer=test client verify=0 cert_cb" \
        "refused: certificate verify failed" \
        "refused: peer did not return a certificate"
    ARGS=(-"$v" -servername localhost "${GOOD[@]}" "|" -"$v" -servername localhost "${WRONG[@]}" "|" -"$v" -servername localhost "|" -"$v")
    check sni "context switched in the servername callback verifies clients ($v); the session is there to read and write" \
        "accepted .* peer=test client verify=0 session=present hostname=none session_ex_data=kept" \
        "refused: certificate verify failed session=present hostname=none" \
        "refused: peer did not return a certificate session=present hostname=none" \
        "accepted .* peer=none verify=0 session=present hostname=none session_ex_data=kept"
done
ARGS=("" "|" -no_tls1_3 -cipher ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256)
check chversion "version bounds and cipher list set in the client-hello callback" \
    "accepted TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384 .* client_hello_cb" \
    "accepted TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384 .* client_hello_cb"

summary "settings changed in callbacks"
