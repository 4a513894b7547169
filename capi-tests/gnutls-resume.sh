#!/usr/bin/env bash
# Runs inside `unshare -n`: only a loopback interface exists, so gnutls-serv
# (which cannot bind to 127.0.0.1 alone) is reachable from nowhere else.
# The chapter 8 client on libssl-rs connects twice and must resume.
set -u
W=$1
ip link set lo up 2>/dev/null || /sbin/ip link set lo up
PORT=5556
gnutls-serv --http --x509certfile "$W/ec256.pem" --x509keyfile "$W/ec256.key" -p "$PORT" >"$W/gnutls-serv.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.05; done
timeout 20 "$W/ch8_ours" localhost "$PORT" "$W/ca.pem"
RC=$?
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
exit $RC
