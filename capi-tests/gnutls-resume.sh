#!/usr/bin/env bash
# Runs inside `unshare -n`: only a loopback interface exists, so GnuTLS's
# tools (gnutls-serv cannot bind to 127.0.0.1 alone) are reachable from
# nowhere else.
#   gnutls-resume.sh DIR          our chapter 8 client resumes against gnutls-serv
#   gnutls-resume.sh DIR server   gnutls-cli --resume against our tls_server
set -u
W=$1
ip link set lo up 2>/dev/null || /sbin/ip link set lo up
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.05; done; return 1; }
if [ "${2:-}" = server ]; then
    "$W/srv_ours" --cert "$W/ec256.pem" --key "$W/ec256.key" --count 2 --tickets 1 --port 5557 >"$W/gnutls-srv.log" 2>&1 &
    PID=$!
    # tls_server prints its port once listening (a probe would use up a connection).
    for _ in $(seq 1 100); do grep -q '^port' "$W/gnutls-srv.log" 2>/dev/null && break; sleep 0.05; done
    # One ticket: gnutls-cli --waitresumption stops reading after the first,
    # and closing with a second ticket unread makes its kernel reset the
    # connection, which then fails the resumption attempt with "Error in
    # the pull function" (the system libssl's server shows the same).
    timeout 20 gnutls-cli --x509cafile "$W/ca.pem" --resume --waitresumption -p 5557 localhost </dev/null
    RC=$?
    cat "$W/gnutls-srv.log"
else
    PORT=5556
    gnutls-serv --http --x509certfile "$W/ec256.pem" --x509keyfile "$W/ec256.key" -p "$PORT" >"$W/gnutls-serv.log" 2>&1 &
    PID=$!
    wait_port "$PORT"
    timeout 20 "$W/ch8_ours" localhost "$PORT" "$W/ca.pem"
    RC=$?
fi
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
exit $RC
