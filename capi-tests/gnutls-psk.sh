#!/usr/bin/env bash
# Runs inside `unshare -n` (only a loopback interface: gnutls-serv cannot
# bind 127.0.0.1 alone): the TLS 1.2 PSK key exchanges against GnuTLS.
#   gnutls-psk.sh DIR LIB client   our client (openssl s_client -psk, LD_PRELOAD) against gnutls-serv --pskpasswd
#   gnutls-psk.sh DIR LIB server   gnutls-cli --pskkey against our server (openssl s_server -psk, LD_PRELOAD)
# The server role covers PSK and RSA-PSK: gnutls-cli 3.7 stalls after the
# server's first flight of DHE-PSK and ECDHE-PSK against s_server on the
# system libssl as well, so those two are covered by the client role here
# and by openssl s_client in tls12_psk.sh.
# Prints one line per case, "ok ..." or "FAIL ...".
set -u
W=$1 LIB=$2 ROLE=$3
ip link set lo up 2>/dev/null || /sbin/ip link set lo up
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.05; done; return 1; }
KEY=0102030405060708
echo "Client_identity:$KEY" >"$W/gnutls-psk.txt"
# OpenSSL name, GnuTLS cipher, MAC, key exchange
CLIENT_SUITES="PSK-AES128-GCM-SHA256:AES-128-GCM:AEAD:PSK PSK-AES256-CBC-SHA384:AES-256-CBC:SHA384:PSK PSK-CHACHA20-POLY1305:CHACHA20-POLY1305:AEAD:PSK
DHE-PSK-AES128-GCM-SHA256:AES-128-GCM:AEAD:DHE-PSK DHE-PSK-AES256-CBC-SHA:AES-256-CBC:SHA1:DHE-PSK
ECDHE-PSK-CHACHA20-POLY1305:CHACHA20-POLY1305:AEAD:ECDHE-PSK ECDHE-PSK-AES256-CBC-SHA384:AES-256-CBC:SHA384:ECDHE-PSK
RSA-PSK-AES256-GCM-SHA384:AES-256-GCM:AEAD:RSA-PSK RSA-PSK-AES128-CBC-SHA256:AES-128-CBC:SHA256:RSA-PSK RSA-PSK-CHACHA20-POLY1305:CHACHA20-POLY1305:AEAD:RSA-PSK"
SERVER_SUITES="PSK-AES128-GCM-SHA256:AES-128-GCM:AEAD:PSK PSK-AES256-GCM-SHA384:AES-256-GCM:AEAD:PSK PSK-AES256-CBC-SHA384:AES-256-CBC:SHA384:PSK
PSK-AES128-CBC-SHA256:AES-128-CBC:SHA256:PSK PSK-AES128-CBC-SHA:AES-128-CBC:SHA1:PSK PSK-CHACHA20-POLY1305:CHACHA20-POLY1305:AEAD:PSK
RSA-PSK-AES256-GCM-SHA384:AES-256-GCM:AEAD:RSA-PSK RSA-PSK-AES128-CBC-SHA:AES-128-CBC:SHA1:RSA-PSK
RSA-PSK-AES256-CBC-SHA384:AES-256-CBC:SHA384:RSA-PSK RSA-PSK-CHACHA20-POLY1305:CHACHA20-POLY1305:AEAD:RSA-PSK"
PORT=5800
if [ "$ROLE" = client ]; then
    gnutls-serv --http --pskpasswd "$W/gnutls-psk.txt" --pskhint ghint --x509certfile "$W/rsaenc.pem" --x509keyfile "$W/rsaenc.key" -p "$PORT" \
        --priority "NORMAL:+PSK:+DHE-PSK:+ECDHE-PSK:+RSA-PSK:+AES-128-CBC:+AES-256-CBC:+SHA1:+SHA256:+SHA384" >"$W/gpsk-serv.log" 2>&1 &
else
    (sleep 120 | LD_PRELOAD="$LIB" openssl s_server -accept "127.0.0.1:$PORT" -www -quiet -tls1_2 -psk "$KEY" -psk_hint shint -cipher PSK \
        -cert "$W/rsaenc.pem" -key "$W/rsaenc.key" >"$W/gpsk-serv.log" 2>&1) &
fi
PID=$!
wait_port "$PORT" || { echo "FAIL server did not start"; exit 1; }
if [ "$ROLE" = client ]; then suites=$CLIENT_SUITES; else suites=$SERVER_SUITES; fi
for s in $suites; do
    IFS=: read -r name gcipher gmac gkx <<<"$s"
    if [ "$ROLE" = client ]; then
        out=$(printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$LIB" timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 -CAfile "$W/ca.pem" \
            -psk "$KEY" -psk_identity Client_identity -cipher "$name" -ign_eof 2>&1)
        if grep -q "^New, .*Cipher is $name\$" <<<"$out" && grep -q "PSK identity: Client_identity" <<<"$out" \
            && grep -q "PSK identity hint: ghint" <<<"$out" && grep -q "^HTTP/1.0 200" <<<"$out"; then
            echo "ok $name"
        else
            echo "FAIL $name"; grep -E "error|alert|Cipher is|PSK" <<<"$out" | head -4
        fi
    else
        prio="NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+$gcipher:-MAC-ALL:+$gmac:-KX-ALL:+$gkx"
        out=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 gnutls-cli --x509cafile "$W/ca.pem" --pskusername Client_identity --pskkey "$KEY" \
            --priority "$prio" -p "$PORT" localhost 2>&1)
        # s_server's page prints the server's session: the identity it took.
        if grep -q "Description: (TLS1.2[^)]*)-($gkx)-($gcipher)" <<<"$out" && grep -q "^HTTP/1.0 200" <<<"$out" \
            && grep -q "PSK identity: Client_identity" <<<"$out"; then
            echo "ok $name"
        else
            echo "FAIL $name"; grep -E "Error|Description|alert|PSK" <<<"$out" | head -4
        fi
    fi
done
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
pkill -f "accept 127.0.0.1:$PORT " 2>/dev/null
exit 0
