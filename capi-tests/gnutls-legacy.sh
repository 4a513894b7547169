#!/usr/bin/env bash
# Runs inside `unshare -n` (only a loopback interface: gnutls-serv cannot
# bind 127.0.0.1 alone): the legacy TLS 1.2 suites (AES- and Camellia-CBC,
# AES-CCM, RSA key exchange, DHE) against GnuTLS, each
# with encrypt-then-MAC on and off (%NO_ETM on the GnuTLS side); DHE with
# GnuTLS's group and with s_server's automatic parameters.
#   gnutls-legacy.sh DIR LIB client   our client (openssl s_client, LD_PRELOAD) against gnutls-serv
#   gnutls-legacy.sh DIR LIB server   gnutls-cli against our server (openssl s_server, LD_PRELOAD)
# Prints one line per case, "ok ..." or "FAIL ...".
set -u
W=$1 LIB=$2 ROLE=$3
ip link set lo up 2>/dev/null || /sbin/ip link set lo up
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.05; done; return 1; }
# OpenSSL name, GnuTLS cipher, MAC, key exchange, certificate
SUITES="ECDHE-ECDSA-AES128-SHA:AES-128-CBC:SHA1:ECDHE-ECDSA:ec256 ECDHE-ECDSA-AES256-SHA384:AES-256-CBC:SHA384:ECDHE-ECDSA:ec256
ECDHE-RSA-AES256-SHA:AES-256-CBC:SHA1:ECDHE-RSA:rsaenc ECDHE-RSA-AES128-SHA256:AES-128-CBC:SHA256:ECDHE-RSA:rsaenc
AES128-SHA:AES-128-CBC:SHA1:RSA:rsaenc AES256-SHA256:AES-256-CBC:SHA256:RSA:rsaenc AES256-GCM-SHA384:AES-256-GCM:AEAD:RSA:rsaenc
DHE-RSA-AES128-GCM-SHA256:AES-128-GCM:AEAD:DHE-RSA:rsaenc DHE-RSA-AES256-SHA:AES-256-CBC:SHA1:DHE-RSA:rsaenc
CAMELLIA128-SHA:CAMELLIA-128-CBC:SHA1:RSA:rsaenc ECDHE-RSA-CAMELLIA256-SHA384:CAMELLIA-256-CBC:SHA384:ECDHE-RSA:rsaenc
AES128-CCM:AES-128-CCM:AEAD:RSA:rsaenc ECDHE-ECDSA-AES256-CCM8:AES-256-CCM-8:AEAD:ECDHE-ECDSA:ec256"
PORT=5600
for etm in on off; do
    noetm=""; [ "$etm" = off ] && noetm=":%NO_ETM"
    for key in ec256 rsaenc; do
        PORT=$((PORT + 1))
        if [ "$ROLE" = client ]; then
            gnutls-serv --http --x509certfile "$W/$key.pem" --x509keyfile "$W/$key.key" -p "$PORT" \
                --priority "NORMAL:+SHA384:+SHA256:+SHA1:+AES-128-CBC:+AES-256-CBC:+CAMELLIA-128-CBC:+CAMELLIA-256-CBC:+AES-128-CCM:+AES-256-CCM-8:+RSA:+DHE-RSA$noetm" >"$W/gl-serv-$key-$etm.log" 2>&1 &
        else
            # ALL: Camellia and AES-CCM are outside DEFAULT, as in OpenSSL.
            (sleep 120 | LD_PRELOAD="$LIB" openssl s_server -accept "127.0.0.1:$PORT" -www -quiet -tls1_2 -cipher ALL -cert "$W/$key.pem" -key "$W/$key.key" \
                >"$W/gl-serv-$key-$etm.log" 2>&1) &
        fi
        PID=$!
        wait_port "$PORT" || { echo "FAIL server for $key did not start"; continue; }
        for s in $SUITES; do
            IFS=: read -r name gcipher gmac gkx skey <<<"$s"
            [ "$skey" = "$key" ] || continue
            if [ "$ROLE" = client ]; then
                out=$(printf 'GET / HTTP/1.0\r\n\r\n' | LD_PRELOAD="$LIB" timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 \
                    -CAfile "$W/ca.pem" -cipher "$name" -ign_eof 2>&1)
                if grep -q "^New, .*Cipher is $name\$" <<<"$out" && grep -q "Verify return code: 0" <<<"$out" && grep -q "^HTTP/1.0 200" <<<"$out"; then
                    echo "ok $name etm=$etm"
                else
                    echo "FAIL $name etm=$etm"; grep -E "error|alert|Cipher is" <<<"$out" | head -3
                fi
            else
                prio="NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+$gcipher:-MAC-ALL:+$gmac:-KX-ALL:+$gkx$noetm"
                out=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 gnutls-cli --x509cafile "$W/ca.pem" --priority "$prio" -p "$PORT" localhost 2>&1)
                # EtM is listed exactly when it was negotiated: CBC suites, not %NO_ETM.
                want=0; [ "$etm" = on ] && [ "$gmac" != AEAD ] && want=1
                got=$(grep -c "Options:.*EtM" <<<"$out")
                if grep -q "Description: (TLS1.2[^)]*)-(${gkx%-*}[^)]*)-.*($gcipher)" <<<"$out" && [ "$got" = "$want" ] && grep -q "^HTTP/1.0 200" <<<"$out"; then
                    echo "ok $name etm=$etm"
                else
                    echo "FAIL $name etm=$etm (EtM listed: $got, expected $want)"; grep -E "Error|Description|alert|Options" <<<"$out" | head -4
                fi
            fi
        done
        kill "$PID" 2>/dev/null
        wait "$PID" 2>/dev/null
        # Our server runs under a subshell that pipes its stdin: stop it by its port.
        pkill -f "accept 127.0.0.1:$PORT " 2>/dev/null
    done
done
