#!/usr/bin/env bash
# Runs inside `unshare -n` (only a loopback interface: gnutls-serv cannot
# bind 127.0.0.1 alone): the TLS 1.2 interop matrix against GnuTLS, every
# suite we implement x group x key type (ECDSA P-256, RSA-2048).
#   gnutls-matrix.sh DIR LIB client   our client (openssl s_client, LD_PRELOAD) against gnutls-serv
#   gnutls-matrix.sh DIR LIB server   gnutls-cli against our server (openssl s_server, LD_PRELOAD)
# Prints one line per combination, "ok ..." or "FAIL ...".
set -u
W=$1 LIB=$2 ROLE=$3
ip link set lo up 2>/dev/null || /sbin/ip link set lo up
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.05; done; return 1; }
# OpenSSL name, GnuTLS cipher, GnuTLS key exchange
SUITES="ECDHE-ECDSA-AES128-GCM-SHA256:AES-128-GCM:ECDHE-ECDSA ECDHE-ECDSA-AES256-GCM-SHA384:AES-256-GCM:ECDHE-ECDSA
ECDHE-ECDSA-CHACHA20-POLY1305:CHACHA20-POLY1305:ECDHE-ECDSA ECDHE-RSA-AES128-GCM-SHA256:AES-128-GCM:ECDHE-RSA
ECDHE-RSA-AES256-GCM-SHA384:AES-256-GCM:ECDHE-RSA ECDHE-RSA-CHACHA20-POLY1305:CHACHA20-POLY1305:ECDHE-RSA"
# OpenSSL group, GnuTLS group
GROUP_LIST="X25519:X25519 P-256:SECP256R1 P-384:SECP384R1 P-521:SECP521R1"
PORT=5560
for key in ec256 rsa; do
    PORT=$((PORT + 1))
    if [ "$ROLE" = client ]; then
        gnutls-serv --http --x509certfile "$W/$key.pem" --x509keyfile "$W/$key.key" -p "$PORT" >"$W/gm-serv-$key.log" 2>&1 &
    else
        (sleep 120 | LD_PRELOAD="$LIB" openssl s_server -accept "127.0.0.1:$PORT" -www -quiet -tls1_2 -cert "$W/$key.pem" -key "$W/$key.key" \
            -groups X25519:P-256:P-384:P-521 >"$W/gm-serv-$key.log" 2>&1) &
    fi
    PID=$!
    wait_port "$PORT" || { echo "FAIL server for $key did not start"; continue; }
    for s in $SUITES; do
        IFS=: read -r name gcipher gkx <<<"$s"
        case $key-$gkx in ec256-ECDHE-ECDSA | rsa-ECDHE-RSA) ;; *) continue ;; esac
        for g in $GROUP_LIST; do
            IFS=: read -r ogroup ggroup <<<"$g"
            if [ "$ROLE" = client ]; then
                # TLS 1.2 uses the ECDSA certificate only on a curve the client lists.
                glist=$ogroup; [ "$key" = ec256 ] && [ "$ogroup" != P-256 ] && glist="$ogroup:P-256"
                out=$(echo | LD_PRELOAD="$LIB" timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 -CAfile "$W/ca.pem" \
                    -cipher "$name" -groups "$glist" 2>&1)
                if grep -q "^New, TLSv1.2, Cipher is $name" <<<"$out" && grep -q "Verify return code: 0" <<<"$out"; then
                    echo "ok $key $name $ogroup"
                else
                    echo "FAIL $key $name $ogroup"; grep -E "error|alert|Cipher is" <<<"$out" | head -3
                fi
            else
                prio="NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+$gcipher:-KX-ALL:+$gkx:-GROUP-ALL:+GROUP-$ggroup"
                [ "$key" = ec256 ] && [ "$ggroup" != SECP256R1 ] && prio="$prio:+GROUP-SECP256R1"
                out=$(timeout 10 gnutls-cli --x509cafile "$W/ca.pem" --priority "$prio" -p "$PORT" localhost </dev/null 2>&1)
                if grep -q "Description: (TLS1.2[^)]*)-(ECDHE-$ggroup)-" <<<"$out" && grep -q -- "-($gcipher)" <<<"$out"; then
                    echo "ok $key $name $ogroup"
                else
                    echo "FAIL $key $name $ogroup"; grep -E "Error|Description|alert" <<<"$out" | head -3
                fi
            fi
        done
    done
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    # Our server runs under a subshell that pipes its stdin: stop it by its port.
    pkill -f "accept 127.0.0.1:$PORT " 2>/dev/null
done
