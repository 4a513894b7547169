#!/usr/bin/env bash
# Debian 13's programs on libssl-rs. A Debian 13 (trixie, OpenSSL 3.5)
# chroot, made by tools/debian13-chroot.sh (make check's deps step), holds
# trixie's own curl, haproxy, python3, openssl, nginx, stunnel and socat. Our
# library, built once on this host, is copied in and loaded with LD_PRELOAD:
#  1. each program starts (the dynamic loader finds every OpenSSL 3.2-3.5
#     symbol version it imports);
#  2. clients on ours (curl, python3's ssl, openssl s_client) complete
#     verified TLS 1.3 and TLS 1.2 handshakes with trixie's own openssl
#     s_server, and refuse a server whose certificate is not from the CA;
#  3. servers on ours (openssl s_server, nginx, haproxy) serve trixie's own
#     curl over TLS 1.3 and TLS 1.2;
#  2c. certificate compression (RFC 8879) in both directions, server and
#     client certificates, with trixie's openssl as the peer;
#  2d. raw public keys (RFC 7250) both ways with trixie's openssl, and who is
#     authenticated by a pinned key, answered as trixie's libssl answers;
#  2e. 3.5's default signature algorithms, ML-DSA and brainpool servers;
#  4. capi-tests/ossl35_api.c, built against trixie's headers, prints the
#     same on trixie's libssl and on ours (the 3.2-3.5 API on TLS objects).
# Servers bind to 127.0.0.1 on free ports; the chroot shares the network.
# Background servers are started with chroot directly (never through a
# shell function), so the PID recorded is the server's and stops it.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=${LIBSSL_RS_TRIXIE:-/var/cache/libssl-rs/trixie}
[ -x "$T/usr/bin/openssl" ] || { echo "no Debian 13 chroot at $T: run tools/debian13-chroot.sh (as root; make check's deps step does)"; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "debian13.sh needs root (chroot)"; exit 1; }
INSIDE=/tmp/libssl-rs-d13.$$
WORK="$T$INSIDE"
mkdir -p "$WORK"
. "$ROOT/capi-tests/lib.sh"

in_chroot() { chroot "$T" "$@"; }
on_ours() { chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 "$@"; }

mkdir -p "$T/opt/libssl-rs"
cp "$LIB" "$T/opt/libssl-rs/libssl.so.3"
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$INSIDE/ca.pem"
echo "Debian 13 programs on libssl-rs (chroot $T, work dir $WORK)"

# ---------------------------------------------------------------- 1. they start
for prog in "curl --version" "haproxy -v" "python3 -c import\ ssl" "openssl version" "nginx -v" "stunnel -version" "socat -V"; do
    # shellcheck disable=SC2086
    if eval on_ours $prog >"$WORK/start.out" 2>&1 \
        && ! grep -qi "version .* not found\|symbol lookup error" "$WORK/start.out"; then
        pass "trixie's ${prog%% *} starts on libssl-rs"
    else fail "trixie's ${prog%% *} starts on libssl-rs" "$WORK/start.out"; fi
done
# The library mapped is ours, and trixie's is not: the maps of a program
# started the same way, read from outside the chroot (chroot and env exec,
# so the PID is the program's).
chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 python3 -c 'import ssl, time; time.sleep(3)' >/dev/null 2>&1 &
probe=$!
sleep 1
if grep -q " $T/opt/libssl-rs/libssl.so.3$" "/proc/$probe/maps" 2>/dev/null \
    && ! grep -q "x86_64-linux-gnu/libssl.so.3" "/proc/$probe/maps"; then
    pass "python3 under LD_PRELOAD maps our libssl.so.3, not trixie's"
else fail "python3 under LD_PRELOAD maps our libssl.so.3, not trixie's"; fi
kill "$probe" 2>/dev/null; wait "$probe" 2>/dev/null

# ---------------------------------------------------------------- 2. clients on ours, trixie's s_server
trixie_server() { # VAR ARGS...: trixie's own openssl s_server with -www on a free port
    local var=$1; shift
    local port; port=$(free_port)
    chroot "$T" openssl s_server -accept 127.0.0.1:"$port" -www -cert "$INSIDE/ec256.pem" -key "$INSIDE/ec256.key" "$@" \
        >"$WORK/s_server-$port.log" 2>&1 &
    PIDS+=($!)
    wait_port "$port" || return 1
    printf -v "$var" '%s' "$port"
}
trixie_server P13 -tls1_3 || exit 1
trixie_server P12 -tls1_2 || exit 1
trixie_server PBAD -cert "$INSIDE/alt.pem" -key "$INSIDE/alt.key" || exit 1
for v in 1.3 1.2; do
    port=$([ "$v" = 1.3 ] && echo "$P13" || echo "$P12")
    if timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 curl -sS --cacert "$CA" "https://localhost:$port/" \
        >"$WORK/curl$v.out" 2>&1 && grep -q "Protocol  : TLSv$v" "$WORK/curl$v.out"; then
        pass "curl (trixie) on ours: verified TLS $v with trixie's s_server"
    else fail "curl (trixie) on ours: verified TLS $v with trixie's s_server" "$WORK/curl$v.out"; fi
    if timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 python3 -c "
import ssl, socket, sys
ctx = ssl.create_default_context(cafile='$CA')
# Python 3.13 verifies with X509_V_FLAG_X509_STRICT, which refuses the test
# CA (no keyUsage extension) on trixie's own libssl as on ours.
ctx.verify_flags &= ~ssl.VERIFY_X509_STRICT
with socket.create_connection(('127.0.0.1', $port)) as raw:
    with ctx.wrap_socket(raw, server_hostname='localhost') as s:
        s.sendall(b'GET / HTTP/1.0\r\n\r\n')
        print(s.version(), s.cipher()[0])
" >"$WORK/py$v.out" 2>&1 && grep -q "TLSv$v" "$WORK/py$v.out"; then
        pass "python3 ssl (trixie) on ours: verified TLS $v with trixie's s_server"
    else fail "python3 ssl (trixie) on ours: verified TLS $v" "$WORK/py$v.out"; fi
    if echo | timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 openssl s_client -connect "127.0.0.1:$port" \
        -servername localhost -verify_hostname localhost -CAfile "$CA" -verify_return_error >"$WORK/sc$v.out" 2>&1 \
        && grep -q "Verify return code: 0 (ok)" "$WORK/sc$v.out" && grep -q "TLSv$v" "$WORK/sc$v.out"; then
        pass "openssl s_client (trixie) on ours: verified TLS $v with trixie's s_server"
    else fail "openssl s_client (trixie) on ours: verified TLS $v" "$WORK/sc$v.out"; fi
done
# The refusal side: a certificate from another CA.
if timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 curl -sS --cacert "$CA" "https://localhost:$PBAD/" >"$WORK/curlbad.out" 2>&1; then
    fail "curl (trixie) on ours refuses a server certificate from another CA" "$WORK/curlbad.out"
elif grep -qi "certificate" "$WORK/curlbad.out"; then
    pass "curl (trixie) on ours refuses a server certificate from another CA"
else fail "curl (trixie) on ours refuses for the certificate" "$WORK/curlbad.out"; fi

# ---------------------------------------------------------------- 2b. the hybrid post-quantum groups
# With trixie's libcrypto (3.5) our default groups are 3.5's, X25519MLKEM768
# first; each named hybrid group is also negotiated when it is the only one.
trixie_server PPQ -tls1_3 -groups X25519MLKEM768:SecP256r1MLKEM768:SecP384r1MLKEM1024:X25519 || exit 1
for groups in default SecP256r1MLKEM768 SecP384r1MLKEM1024; do
    want=$([ "$groups" = default ] && echo X25519MLKEM768 || echo "$groups")
    gflag=$([ "$groups" = default ] || echo "-groups $groups")
    # shellcheck disable=SC2086
    if echo | timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 openssl s_client -connect "127.0.0.1:$PPQ" \
        -CAfile "$INSIDE/ca.pem" -verify_return_error $gflag >"$WORK/pq-c-$groups.out" 2>&1 \
        && grep -q "Negotiated TLS1.3 group: $want\$" "$WORK/pq-c-$groups.out"; then
        pass "our client ($groups groups) and trixie's s_server agree on $want"
    else fail "our client ($groups groups) and trixie's s_server agree on $want" "$WORK/pq-c-$groups.out"; fi
    port=$(free_port)
    # shellcheck disable=SC2086
    chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 openssl s_server -accept 127.0.0.1:"$port" -www \
        -cert "$INSIDE/ec256.pem" -key "$INSIDE/ec256.key" $gflag >"$WORK/pq-s-$groups.log" 2>&1 &
    PIDS+=($!)
    wait_port "$port" || exit 1
    # shellcheck disable=SC2086
    if echo | timeout 20 chroot "$T" openssl s_client -connect "127.0.0.1:$port" -CAfile "$INSIDE/ca.pem" \
        -verify_return_error $gflag >"$WORK/pq-s-$groups.out" 2>&1 \
        && grep -q "Negotiated TLS1.3 group: $want\$" "$WORK/pq-s-$groups.out"; then
        pass "trixie's s_client ($groups groups) and our server agree on $want"
    else fail "trixie's s_client ($groups groups) and our server agree on $want" "$WORK/pq-s-$groups.out"; fi
done

# 3.5's default list sends two key shares (X25519MLKEM768 and X25519): a
# server without ML-KEM takes the X25519 one, with no HelloRetryRequest
# (one ClientHello and one ServerHello in the message trace).
trixie_server PX -tls1_3 -groups X25519 || exit 1
if echo | timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 openssl s_client -connect "127.0.0.1:$PX" \
    -CAfile "$INSIDE/ca.pem" -verify_return_error -msg >"$WORK/pq-two.out" 2>&1 \
    && grep -q "Peer Temp Key: X25519, " "$WORK/pq-two.out" \
    && [ "$(grep -c "ServerHello$" "$WORK/pq-two.out")" -eq 1 ] && [ "$(grep -c "ClientHello$" "$WORK/pq-two.out")" -eq 1 ]; then
    pass "our client's default shares reach an X25519-only trixie server without a HelloRetryRequest"
else fail "our client's default shares reach an X25519-only trixie server without a HelloRetryRequest" "$WORK/pq-two.out"; fi

# 3.5's group-list syntax in a list the application sets: "?" skips a name
# no library knows, "*" marks key shares, "/" separates tuples. The server
# takes only P-256, which our client marked for a share: no retry.
trixie_server PP -tls1_3 -groups P-256 || exit 1
if echo | timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 openssl s_client -connect "127.0.0.1:$PP" \
    -CAfile "$INSIDE/ca.pem" -verify_return_error -msg -groups "?nosuchgroup:*X25519/?*P-256:X448" >"$WORK/syntax35.out" 2>&1 \
    && grep -q "Peer Temp Key: ECDH, prime256v1, 256 bits" "$WORK/syntax35.out" \
    && [ "$(grep -c "ClientHello$" "$WORK/syntax35.out")" -eq 1 ]; then
    pass "3.5's group-list syntax (?, *, /): our client's marked P-256 share taken without a retry"
else fail "3.5's group-list syntax (?, *, /): our client's marked P-256 share taken without a retry" "$WORK/syntax35.out"; fi
if echo | timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 openssl s_client -connect "127.0.0.1:$PP" \
    -groups "nosuchgroup:X25519" >"$WORK/syntax35-bad.out" 2>&1; then
    fail "a group no library knows, without ?, is refused (as 3.5)" "$WORK/syntax35-bad.out"
else pass "a group no library knows, without ?, is refused (as 3.5)"; fi

# ---------------------------------------------------------------- 2c. certificate compression (RFC 8879)
# trixie's libcrypto compresses with zlib and zstd; a 3.5 client offers both
# by default and a server sends CompressedCertificate only for chains it
# compressed ahead of time (s_server -cert_comp). -msg traces each side.
comp_pair() { # ID SERVER_ON CLIENT_ON "SERVER ARGS" "CLIENT ARGS" WANT(compressed|plain|refused) DESCRIPTION
    local id=$1 son=$2 con=$3 sargs=$4 cargs=$5 want=$6 what=$7 port spre cpre ok=0
    port=$(free_port)
    spre=$([ "$son" = ours ] && echo "env LD_PRELOAD=/opt/libssl-rs/libssl.so.3" || echo env)
    cpre=$([ "$con" = ours ] && echo "env LD_PRELOAD=/opt/libssl-rs/libssl.so.3" || echo env)
    # shellcheck disable=SC2086
    chroot "$T" $spre openssl s_server -accept 127.0.0.1:"$port" -www -tls1_3 -msg \
        -cert "$INSIDE/ec256.pem" -key "$INSIDE/ec256.key" $sargs >"$WORK/comp-$id.s.log" 2>&1 &
    local spid=$!
    PIDS+=($spid)
    wait_port "$port" || return 1
    # The client waits a moment before it ends, so a refusal the server
    # sends after the client's Finished reaches it.
    # shellcheck disable=SC2086
    (sleep 1; echo) | timeout 20 chroot "$T" $cpre openssl s_client -connect "127.0.0.1:$port" -CAfile "$INSIDE/ca.pem" \
        -verify_return_error -msg $cargs >"$WORK/comp-$id.c.out" 2>&1
    local rc=$?
    kill "$spid" 2>/dev/null
    case $want in
        compressed) [ $rc -eq 0 ] && grep -q "Verify return code: 0 (ok)" "$WORK/comp-$id.c.out" \
            && grep -q "CompressedCertificate" "$WORK/comp-$id.c.out" && grep -aq "CompressedCertificate" "$WORK/comp-$id.s.log" && ok=1 ;;
        plain) [ $rc -eq 0 ] && grep -q "Verify return code: 0 (ok)" "$WORK/comp-$id.c.out" \
            && grep -q "Handshake .*, Certificate$" "$WORK/comp-$id.c.out" && ! grep -q "CompressedCertificate" "$WORK/comp-$id.c.out" && ok=1 ;;
        refused) grep -q ">>> .*CompressedCertificate" "$WORK/comp-$id.c.out" && grep -q "alert unknown ca" "$WORK/comp-$id.c.out" \
            && ! grep -aq "^ACCEPT.*\|HTTP/1.0 200" "$WORK/comp-$id.c.out" && ok=1 ;;
    esac
    if [ $ok = 1 ]; then pass "certificate compression: $what"
    else fail "certificate compression: $what" "$WORK/comp-$id.c.out"; fi
}
CLIENT="-cert $INSIDE/client.pem -key $INSIDE/client.key"
BADCLIENT="-cert $INSIDE/badclient.pem -key $INSIDE/badclient.key"
VERIFY="-Verify 1 -CAfile $INSIDE/ca.pem -verify_return_error"
comp_pair srv-t trixie ours "-cert_comp" "" compressed "trixie's -cert_comp server, our client expands and verifies"
comp_pair srv-o ours trixie "-cert_comp" "" compressed "our -cert_comp server, trixie's client expands and verifies"
comp_pair nopre ours trixie "" "" plain "our server without -cert_comp sends the Certificate whole"
comp_pair norx trixie ours "-cert_comp" "-no_rx_cert_comp" plain "our client with -no_rx_cert_comp is sent the Certificate whole"
comp_pair notx ours trixie "-cert_comp -no_tx_cert_comp" "" plain "our -no_tx_cert_comp server sends the Certificate whole"
comp_pair cli-o trixie ours "$VERIFY" "$CLIENT" compressed "our client's certificate, compressed, accepted by trixie's server"
comp_pair cli-t ours trixie "$VERIFY" "$CLIENT" compressed "trixie's client's certificate, compressed, accepted by our server"
comp_pair bad-o trixie ours "$VERIFY" "$BADCLIENT" refused "our client's certificate from another CA, compressed, refused by trixie's server"
comp_pair bad-t ours trixie "$VERIFY" "$BADCLIENT" refused "a client certificate from another CA, compressed, refused by our server"

# ---------------------------------------------------------------- 2d. raw public keys (RFC 7250)
# trixie's openssl negotiates them with -enable_server_rpk / -enable_client_rpk;
# its s_client and s_server verify callbacks accept the untrusted key and
# say which direction used one.
rpk_pair() { # ID SERVER_ON CLIENT_ON FLAG WANT_LINE DESCRIPTION
    local id=$1 son=$2 con=$3 flag=$4 want=$5 what=$6 port spre cpre spid
    port=$(free_port)
    spre=$([ "$son" = ours ] && echo "env LD_PRELOAD=/opt/libssl-rs/libssl.so.3" || echo env)
    cpre=$([ "$con" = ours ] && echo "env LD_PRELOAD=/opt/libssl-rs/libssl.so.3" || echo env)
    # shellcheck disable=SC2086
    chroot "$T" $spre openssl s_server -accept 127.0.0.1:"$port" -www -tls1_3 -Verify 1 \
        -cert "$INSIDE/ec256.pem" -key "$INSIDE/ec256.key" $flag >"$WORK/rpk-$id.s.log" 2>&1 &
    spid=$!
    PIDS+=($spid)
    wait_port "$port" || return 1
    # shellcheck disable=SC2086
    (sleep 1; echo) | timeout 20 chroot "$T" $cpre openssl s_client -connect "127.0.0.1:$port" $flag \
        -cert "$INSIDE/client.pem" -key "$INSIDE/client.key" >"$WORK/rpk-$id.c.out" 2>&1
    kill "$spid" 2>/dev/null
    if grep -q "$want" "$WORK/rpk-$id.c.out" && grep -q "^Verification\|Verify return code" "$WORK/rpk-$id.c.out"; then
        pass "raw public keys: $what"
    else fail "raw public keys: $what" "$WORK/rpk-$id.c.out"; fi
}
rpk_pair s-t trixie ours -enable_server_rpk "Server-to-client raw public key negotiated" "trixie's server key to our client"
rpk_pair s-o ours trixie -enable_server_rpk "Server-to-client raw public key negotiated" "our server's key to trixie's client"
rpk_pair c-t trixie ours -enable_client_rpk "Client-to-server raw public key negotiated" "our client's key to trixie's server"
rpk_pair c-o ours trixie -enable_client_rpk "Client-to-server raw public key negotiated" "trixie's client's key to our server"

# Who is authenticated: capi-tests/rpk.c pins the peer's key in its verify
# callback (SSL_VERIFY_PEER), on trixie's libssl and on ours, against the
# same trixie peer: the pinned key accepted, another refused (95: raw
# public key untrusted), no callback refused, SSL_VERIFY_NONE let through.
gcc -Wall -Werror -O1 -I"$T/usr/include" -I"$T/usr/include/x86_64-linux-gnu" -o "$WORK/rpk" "$ROOT/capi-tests/rpk.c" \
    -L"$T/usr/lib/x86_64-linux-gnu" -l:libssl.so.3 -l:libcrypto.so.3 -Wl,--allow-shlib-undefined || exit 1
port=$(free_port)
chroot "$T" openssl s_server -accept 127.0.0.1:"$port" -www -tls1_3 -cert "$INSIDE/ec256.pem" -key "$INSIDE/ec256.key" \
    -enable_server_rpk >"$WORK/rpk-srv.log" 2>&1 &
PIDS+=($!)
wait_port "$port" || exit 1
for pin in ec256.key:ok alt.key:failed -:failed none:ok; do
    key=${pin%%:*} want=${pin##*:}
    arg=$([ "$key" = - ] || [ "$key" = none ] && echo "$key" || echo "$INSIDE/$key")
    theirs=$(timeout 20 chroot "$T" "$INSIDE/rpk" client "$port" "$arg" 2>&1)
    ours=$(timeout 20 chroot "$T" env LD_LIBRARY_PATH=/opt/libssl-rs "$INSIDE/rpk" client "$port" "$arg" 2>&1)
    if [ "$theirs" = "$ours" ] && [[ "$ours" == "handshake=$want "* ]]; then
        pass "raw public keys: our client, pin $key: $want, as trixie's libssl ($ours)"
    else fail "raw public keys: our client, pin $key: want $want as trixie's libssl" <(printf 'trixie: %s\nours:   %s\n' "$theirs" "$ours"); fi
done
for client in client:ok badclient:failed nocert:failed; do
    who=${client%%:*} want=${client##*:}
    certargs=$([ "$who" = nocert ] || echo "-cert $INSIDE/$who.pem -key $INSIDE/$who.key")
    lines=""
    for lib in trixie ours; do
        pre=$([ "$lib" = ours ] && echo "LD_LIBRARY_PATH=/opt/libssl-rs" || echo "RPK_LIB=trixie")
        port=$(free_port)
        chroot "$T" env "$pre" "$INSIDE/rpk" server "$port" "$INSIDE/client.key" "$INSIDE/ec256.pem" "$INSIDE/ec256.key" \
            >"$WORK/rpk-server-$lib-$who.out" 2>&1 &
        spid=$!
        # It accepts one connection: wait for its word, not by connecting.
        for _ in $(seq 1 100); do grep -q listening "$WORK/rpk-server-$lib-$who.out" 2>/dev/null && break; sleep 0.1; done
        # shellcheck disable=SC2086
        (sleep 1; printf 'GET / HTTP/1.0\r\n\r\n'; sleep 1) | timeout 20 chroot "$T" openssl s_client -connect "127.0.0.1:$port" \
            -enable_client_rpk $certargs -quiet >"$WORK/rpk-client-$lib-$who.out" 2>&1
        wait "$spid" 2>/dev/null
        lines="$lines$(grep handshake= "$WORK/rpk-server-$lib-$who.out")|"
    done
    theirs=${lines%%|*} rest=${lines#*|} ours=${rest%%|}
    if [ "$theirs" = "$ours" ] && [[ "$ours" == "handshake=$want "* ]]; then
        pass "raw public keys: our server, client key $who: $want, as trixie's libssl ($ours)"
    else fail "raw public keys: our server, client key $who: want $want as trixie's libssl" <(printf 'trixie: %s\nours:   %s\n' "$theirs" "$ours"); fi
done

# ---------------------------------------------------------------- 2e. OpenSSL 3.5's signature algorithms
# With trixie's libcrypto our ClientHello offers 3.5's default list (ML-DSA
# first, TLS 1.3 brainpool after ed448), as trixie's s_client does (s_server
# -trace decodes both), and our client checks ML-DSA and brainpool servers
# through that libcrypto: their own CA accepted, another refused.
port=$(free_port)
chroot "$T" openssl s_server -accept 127.0.0.1:"$port" -www -tls1_3 -cert "$INSIDE/ec256.pem" -key "$INSIDE/ec256.key" \
    -trace >"$WORK/sigalgs-trace.log" 2>&1 &
spid=$!
PIDS+=($spid)
wait_port "$port" || exit 1
echo | timeout 20 chroot "$T" openssl s_client -connect "127.0.0.1:$port" >/dev/null 2>&1
echo | timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 openssl s_client -connect "127.0.0.1:$port" >/dev/null 2>&1
kill "$spid" 2>/dev/null
awk '/extension_type=signature_algorithms\(13\)/{f=1; n++; next} f && /extension_type=/{f=0} f && /\(0x/{print n, $1}' \
    "$WORK/sigalgs-trace.log" >"$WORK/sigalgs.txt"
if [ "$(awk '$1==1{print $2}' "$WORK/sigalgs.txt")" = "$(awk '$1==2{print $2}' "$WORK/sigalgs.txt")" ] \
    && awk '$1==2{print $2}' "$WORK/sigalgs.txt" | head -1 | grep -q "^mldsa65$"; then
    pass "our ClientHello's signature_algorithms are trixie's s_client's ($(awk '$1==2' "$WORK/sigalgs.txt" | wc -l) schemes, mldsa65 first)"
else fail "our ClientHello's signature_algorithms are trixie's s_client's" "$WORK/sigalgs.txt"; fi
chroot "$T" sh -c "cd $INSIDE && openssl req -x509 -newkey mldsa65 -keyout mldsa.key -out mldsa.pem -subj /CN=localhost -nodes -days 2 \
    && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:brainpoolP256r1 -keyout bp.key -out bp.pem -subj /CN=localhost -nodes -days 2" \
    >"$WORK/sigalg-certs.log" 2>&1 || { fail "ML-DSA and brainpool certificates made by trixie's openssl" "$WORK/sigalg-certs.log"; }
for k in mldsa bp; do
    port=$(free_port)
    chroot "$T" openssl s_server -accept 127.0.0.1:"$port" -www -tls1_3 -cert "$INSIDE/$k.pem" -key "$INSIDE/$k.key" \
        >"$WORK/sigalg-$k.s.log" 2>&1 &
    spid=$!
    PIDS+=($spid)
    wait_port "$port" || exit 1
    want=$(echo | timeout 20 chroot "$T" openssl s_client -connect "127.0.0.1:$port" -CAfile "$INSIDE/$k.pem" 2>&1 | grep -a "Peer signature type")
    echo | timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 openssl s_client -connect "127.0.0.1:$port" \
        -CAfile "$INSIDE/$k.pem" -verify_return_error >"$WORK/sigalg-$k.ok.out" 2>&1
    ok=$?
    echo | timeout 20 chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 openssl s_client -connect "127.0.0.1:$port" \
        -CAfile "$INSIDE/ca.pem" -verify_return_error >"$WORK/sigalg-$k.bad.out" 2>&1
    bad=$?
    kill "$spid" 2>/dev/null
    if [ $ok -eq 0 ] && [ -n "$want" ] && grep -aq "^$want\$" "$WORK/sigalg-$k.ok.out" && grep -q "Verify return code: 0 (ok)" "$WORK/sigalg-$k.ok.out"; then
        pass "our client verifies trixie's $k server (${want#Peer signature type: }), as trixie's s_client reports it"
    else fail "our client verifies trixie's $k server ($want)" "$WORK/sigalg-$k.ok.out"; fi
    if [ $bad -ne 0 ] && grep -q "Verify return code: 18" "$WORK/sigalg-$k.bad.out"; then
        pass "our client refuses trixie's $k server against another CA"
    else fail "our client refuses trixie's $k server against another CA" "$WORK/sigalg-$k.bad.out"; fi
done

# ---------------------------------------------------------------- 3. servers on ours, trixie's curl
trixie_curl() { # NAME PORT VERSION: trixie's own curl (its own libssl) against a server on ours
    local name=$1 port=$2 v=$3
    local max; max=$([ "$v" = 1.3 ] && echo "--tlsv1.3" || echo "--tlsv1.2 --tls-max 1.2")
    # shellcheck disable=SC2086
    if timeout 20 chroot "$T" curl -sS -o /dev/null -w "%{http_code}\n" $max --cacert "$CA" "https://localhost:$port/" \
        >"$WORK/tc-$name-$v.out" 2>&1 && grep -q "^200$" "$WORK/tc-$name-$v.out"; then
        pass "$name (trixie) on ours serves trixie's curl over TLS $v"
    else fail "$name (trixie) on ours serves trixie's curl over TLS $v" "$WORK/tc-$name-$v.out"; fi
}
port=$(free_port)
chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 openssl s_server -accept 127.0.0.1:"$port" -www -cert "$INSIDE/ec256.pem" -key "$INSIDE/ec256.key" >"$WORK/ours-s_server.log" 2>&1 &
PIDS+=($!)
wait_port "$port" && { trixie_curl "openssl s_server" "$port" 1.3; trixie_curl "openssl s_server" "$port" 1.2; }

NP=$(free_port)
mkdir -p "$WORK/nginx" "$WORK/www"
echo "hello from nginx" >"$WORK/www/index.html"
{
    nginx_conf_head "$INSIDE/nginx" "$INSIDE/nginx/error.log"
    cat <<EOF
  server {
    listen 127.0.0.1:$NP ssl;
    ssl_certificate $INSIDE/ec256.pem;
    ssl_certificate_key $INSIDE/ec256.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $INSIDE/www;
  }
}
EOF
} >"$WORK/nginx/nginx.conf"
chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 nginx -c "$INSIDE/nginx/nginx.conf" >"$WORK/nginx/stdout" 2>&1 &
PIDS+=($!)
wait_port "$NP" && { trixie_curl nginx "$NP" 1.3; trixie_curl nginx "$NP" 1.2; }

HP=$(free_port)
cat "$WORK/ec256.pem" "$WORK/ec256.key" >"$WORK/haproxy.pem"
cat >"$WORK/haproxy.cfg" <<EOF
global
  maxconn 64
defaults
  mode http
  timeout connect 5s
  timeout client 5s
  timeout server 5s
frontend tls
  bind 127.0.0.1:$HP ssl crt $INSIDE/haproxy.pem
  http-request return status 200 content-type text/plain string "hello from haproxy"
EOF
chroot "$T" env LD_PRELOAD=/opt/libssl-rs/libssl.so.3 haproxy -db -f "$INSIDE/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)
wait_port "$HP" && { trixie_curl haproxy "$HP" 1.3; trixie_curl haproxy "$HP" 1.2; }

# ---------------------------------------------------------------- 4. the 3.2-3.5 API, same answers
gcc -Wall -Werror -O1 -I"$T/usr/include" -I"$T/usr/include/x86_64-linux-gnu" -o "$WORK/ossl35_api" \
    "$ROOT/capi-tests/ossl35_api.c" -L"$T/usr/lib/x86_64-linux-gnu" -l:libssl.so.3 -l:libcrypto.so.3 \
    -Wl,--allow-shlib-undefined || exit 1
in_chroot "$INSIDE/ossl35_api" "$INSIDE/ec256.pem" "$INSIDE/ec256.key" >"$WORK/api-trixie.out" 2>&1
in_chroot env LD_LIBRARY_PATH=/opt/libssl-rs "$INSIDE/ossl35_api" "$INSIDE/ec256.pem" "$INSIDE/ec256.key" >"$WORK/api-ours.out" 2>&1
grep -v "^differs:" "$WORK/api-trixie.out" >"$WORK/api-trixie.cmp"
grep -v "^differs:" "$WORK/api-ours.out" >"$WORK/api-ours.cmp"
if grep -q "^handshake: TLSv1.3" "$WORK/api-ours.cmp" && diff "$WORK/api-trixie.cmp" "$WORK/api-ours.cmp" >"$WORK/api.diff"; then
    pass "OpenSSL 3.2-3.5's API on TLS objects: ours answers as trixie's libssl ($(wc -l <"$WORK/api-ours.cmp") lines)"
else fail "OpenSSL 3.2-3.5's API on TLS objects answers as trixie's libssl" "$WORK/api.diff"; fi

rm -rf "$T/opt/libssl-rs"
summary "Debian 13 programs"
