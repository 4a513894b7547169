#!/usr/bin/env bash
# Runs inside `unshare -n` (only a loopback interface: gnutls-serv cannot
# bind 127.0.0.1 alone): TLS 1.2 SRP against GnuTLS.
#   gnutls-srp.sh DIR LIB client   our client (capi-tests/srp_client.c on our library) against gnutls-serv --srppasswd
#   gnutls-srp.sh DIR LIB server   gnutls-cli --srpusername against our server (tls_server.c --srp on our library)
# DIR holds the certificates and the programs tls12_srp.sh built.
# Prints one line per case, "ok ..." or "FAIL ...".
set -u
W=$1 ROLE=$3
ip link set lo up 2>/dev/null || /sbin/ip link set lo up
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.05; done; return 1; }
PORT=5960
if [ "$ROLE" = client ]; then
    # srptool reads the password from the terminal or stdin.
    srptool --create-conf "$W/tpasswd.conf" >/dev/null 2>&1
    : >"$W/tpasswd"
    echo secret1 | srptool -p "$W/tpasswd" -v "$W/tpasswd.conf" -u alice >/dev/null 2>&1
    gnutls-serv --http --srppasswd "$W/tpasswd" --srppasswdconf "$W/tpasswd.conf" --x509certfile "$W/rsaenc.pem" --x509keyfile "$W/rsaenc.key" \
        -p "$PORT" --priority "NORMAL:-VERS-TLS1.3:+SRP:+SRP-RSA:+AES-128-CBC:+AES-256-CBC:+SHA1" >"$W/gsrp-serv.log" 2>&1 &
    PID=$!
    wait_port "$PORT" || { echo "FAIL gnutls-serv did not start"; exit 1; }
    for suite in SRP-AES-128-CBC-SHA SRP-AES-256-CBC-SHA SRP-RSA-AES-128-CBC-SHA SRP-RSA-AES-256-CBC-SHA; do
        out=$(timeout 20 "$W/cli_ours" "$PORT" alice secret1 "$suite" "$W/ca.pem")
        if grep -q "^TLSv1.2 $suite username=alice N_bits=2048 verify_param_calls=1 response=\"HTTP/1.0 200 OK\"" <<<"$out"; then
            echo "ok $suite"
        else
            echo "FAIL $suite: $out"
        fi
    done
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
else
    TLS12=1 "$W/srv_ours" --cert "$W/rsaenc.pem" --key "$W/rsaenc.key" --port "$PORT" --count 4 --srp alice:secret1 >"$W/gsrp-srv.out" 2>&1 &
    PID=$!
    sleep 0.3
    for case in SRP:AES-128-CBC SRP:AES-256-CBC SRP-RSA:AES-128-CBC SRP-RSA:AES-256-CBC; do
        IFS=: read -r kx cipher <<<"$case"
        out=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 20 gnutls-cli --x509cafile "$W/ca.pem" --srpusername alice --srppasswd secret1 \
            --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+$kx:-CIPHER-ALL:+$cipher:+SHA1" -p "$PORT" localhost 2>&1)
        if grep -q "Description: (TLS1.2[^)]*)-($kx)-($cipher)" <<<"$out" && grep -q "^HTTP/1.0 200" <<<"$out"; then
            echo "ok $kx $cipher"
        else
            echo "FAIL $kx $cipher"; grep -E "Error|Description|alert" <<<"$out" | head -3
        fi
    done
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
fi
exit 0
