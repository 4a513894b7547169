#!/usr/bin/env bash
# Runs inside `unshare -n` (only a loopback interface: gnutls-serv cannot
# bind 127.0.0.1 alone): TLS 1.0 and 1.1 against GnuTLS, one suite of each
# key exchange (ECDHE-RSA, ECDHE-ECDSA, RSA, DHE-RSA) per version, our side
# at security level 0 (OpenSSL 3.0 signs and verifies these versions'
# SHA-1 / MD5-SHA1 signatures only there).
#   gnutls-tls10.sh DIR LIB client   our client (openssl s_client, LD_PRELOAD) against gnutls-serv
#   gnutls-tls10.sh DIR LIB server   gnutls-cli against our server (openssl s_server, LD_PRELOAD)
# Prints one line per case, "ok ..." or "FAIL ...".
set -u
W=$1 LIB=$2 ROLE=$3
ip link set lo up 2>/dev/null || /sbin/ip link set lo up
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.05; done; return 1; }
# OpenSSL name, GnuTLS cipher, key exchange, certificate
SUITES="ECDHE-RSA-AES128-SHA:AES-128-CBC:ECDHE-RSA:rsaenc AES256-SHA:AES-256-CBC:RSA:rsaenc DHE-RSA-AES128-SHA:AES-128-CBC:DHE-RSA:rsaenc
ECDHE-ECDSA-AES256-SHA:AES-256-CBC:ECDHE-ECDSA:ec256"
GNUTLS_LEGACY="NORMAL:+VERS-TLS1.0:+VERS-TLS1.1:+SHA1:+AES-128-CBC:+AES-256-CBC:+RSA:+DHE-RSA:+SIGN-RSA-SHA1:+SIGN-ECDSA-SHA1:%VERIFY_ALLOW_SIGN_WITH_SHA1"
PORT=5700
for key in ec256 rsaenc; do
    PORT=$((PORT + 1))
    if [ "$ROLE" = client ]; then
        gnutls-serv --http --x509certfile "$W/$key.pem" --x509keyfile "$W/$key.key" -p "$PORT" --priority "$GNUTLS_LEGACY" >"$W/g10-serv-$key.log" 2>&1 &
    else
        (sleep 120 | LD_PRELOAD="$LIB" openssl s_server -accept "127.0.0.1:$PORT" -www -quiet -cipher "ALL:@SECLEVEL=0" \
            -cert "$W/$key.pem" -key "$W/$key.key" >"$W/g10-serv-$key.log" 2>&1) &
    fi
    PID=$!
    wait_port "$PORT" || { echo "FAIL server for $key did not start"; continue; }
    for s in $SUITES; do
        IFS=: read -r name gcipher gkx skey <<<"$s"
        [ "$skey" = "$key" ] || continue
        for v in 1.0 1.1; do
            if [ "$ROLE" = client ]; then
                [ "$v" = 1.0 ] && flag=-tls1 || flag=-tls1_1
                out=$(printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$LIB" timeout 10 openssl s_client -connect "127.0.0.1:$PORT" $flag \
                    -CAfile "$W/ca.pem" -cipher "$name:@SECLEVEL=0" -ign_eof 2>&1)
                [ "$v" = 1.0 ] && proto="TLSv1\$" || proto="TLSv1.1\$"
                if grep -q "^New, .*Cipher is $name\$" <<<"$out" && grep -q "Protocol  : $proto" <<<"$out" \
                    && grep -q "Verify return code: 0" <<<"$out" && grep -q "^HTTP/1.0 200" <<<"$out"; then
                    echo "ok $name TLS$v"
                else
                    echo "FAIL $name TLS$v"; grep -E "error|alert|Cipher is|Protocol" <<<"$out" | head -3
                fi
            else
                prio="$GNUTLS_LEGACY:-VERS-ALL:+VERS-TLS$v:-CIPHER-ALL:+$gcipher:-MAC-ALL:+SHA1:-KX-ALL:+$gkx"
                out=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 gnutls-cli --x509cafile "$W/ca.pem" --priority "$prio" -p "$PORT" localhost 2>&1)
                if grep -q "Description: (TLS$v[^)]*)-(${gkx%-*}[^)]*)-.*($gcipher)-(SHA1)" <<<"$out" && grep -q "^HTTP/1.0 200" <<<"$out"; then
                    echo "ok $name TLS$v"
                else
                    echo "FAIL $name TLS$v"; grep -E "Error|Description|alert" <<<"$out" | head -4
                fi
            fi
        done
    done
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    # Our server runs under a subshell that pipes its stdin: stop it by its port.
    pkill -f "accept 127.0.0.1:$PORT " 2>/dev/null
done
