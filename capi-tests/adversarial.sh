#!/usr/bin/env bash
# Hostile clients (capi-tests/adversarial.py) against openssl s_server on
# the system libssl and on ours, same probes, same answers required: a
# real ClientHello (openssl s_client's, recorded) fragmented into 1-byte
# records, preceded by empty records (1000 of them), oversized records,
# trailing and truncated messages, unknown and SSLv2 record headers, and
# the ClientHello cut at every one of its bytes (no hang: a timeout fails);
# then a misbehaving TLS peer through the API (hostile_peer.c).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-adversarial.XXXXXX)
. "$ROOT/capi-tests/lib.sh"
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
echo "Adversarial peer tests (work dir $WORK)"

# Record s_client's first flight (its ClientHello record).
port=$(free_port)
python3 - "$port" "$WORK/ch.bin" "$WORK/rec.ready" <<'PY' &
import socket, struct, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); s.settimeout(10)
open(sys.argv[3], "w").close()
c, _ = s.accept(); c.settimeout(5); d = b""
while len(d) < 5 or len(d) < 5 + struct.unpack(">H", d[3:5])[0]:
    chunk = c.recv(4096)
    if not chunk: break
    d += chunk
open(sys.argv[2], "wb").write(d[: 5 + struct.unpack(">H", d[3:5])[0]])
PY
rec=$!
# Listening before s_client connects (a probe connection would be the one
# recorded, so the recorder says when it is ready instead).
for _ in $(seq 1 200); do [ -e "$WORK/rec.ready" ] && break; sleep 0.05; done
echo | timeout 5 openssl s_client -connect 127.0.0.1:"$port" >/dev/null 2>&1
wait "$rec"
[ -s "$WORK/ch.bin" ] || { fail "recording a ClientHello"; summary "Adversarial peer tests"; exit 1; }

for lib in sys ours; do
    [ "$lib" = ours ] && pre=$PRELOAD || pre=""
    port=$(free_port)
    LD_PRELOAD="$pre" openssl s_server -accept 127.0.0.1:"$port" -www -quiet -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" \
        >"$WORK/srv_$lib.log" 2>&1 &
    PIDS+=($!)
    wait_port "$port" || exit 1
    timeout 120 python3 "$ROOT/capi-tests/adversarial.py" "$WORK/ch.bin" "$port" >"$WORK/probes_$lib.txt" 2>&1
done
# Where we answer differently, on purpose; ours must give exactly this:
#  - an SSL 2.0 record header: OpenSSL parses SSLv2-format ClientHellos
#    (and fails this bogus one with decode_error); we do not accept that
#    format (RFC 8446 D.5 leaves it optional) and refuse the record type.
# (An empty handshake record before the ClientHello is skipped, as OpenSSL
# skips up to 32 empty records while no TLS 1.3 is negotiated; once it is,
# empty handshake and alert records are refused, as OpenSSL refuses them.)
DEVIATIONS="SSLv2 record header: alert 10"
strip() { grep -v -F -e "probe SSLv2 record header:" "$1"; }
n=$(grep -c "^probe" "$WORK/probes_ours.txt")
deviations_ok=1
while IFS= read -r line; do grep -q -x -F "probe $line" "$WORK/probes_ours.txt" || deviations_ok=0; done <<<"$DEVIATIONS"
if [ "$n" -ge 11 ] && diff -q <(strip "$WORK/probes_sys.txt") <(strip "$WORK/probes_ours.txt") >/dev/null && [ "$deviations_ok" = 1 ] \
    && ! grep -q "timeout" "$WORK/probes_ours.txt"; then
    pass "$n hostile-client probes answered as the system libssl answers them (1 stricter, as RFC 8446 D.5 allows), none hanging"
else
    { diff <(strip "$WORK/probes_sys.txt") <(strip "$WORK/probes_ours.txt"); echo "ours:"; cat "$WORK/probes_ours.txt"; } >"$WORK/probes.diff"
    fail "hostile-client probes differ from the system libssl" "$WORK/probes.diff"
fi
sed 's/^/        /' "$WORK/probes_ours.txt"

# A misbehaving TLS peer through the API (capi-tests/hostile_peer.c): ticket
# and KeyUpdate floods, a certificate over max_cert_list both ways, data
# after close_notify, the server's flight cut at every byte. Each line of
# its report must be the same on both libraries.
if gcc -O1 -Wall -Werror -I"$ROOT/capi-tests" -o "$WORK/hostile_peer" "$ROOT/capi-tests/hostile_peer.c" -lssl -lcrypto; then
    timeout 120 "$WORK/hostile_peer" "$WORK" >"$WORK/hp_sys.txt" 2>&1
    LD_PRELOAD="$PRELOAD" timeout 120 "$WORK/hostile_peer" "$WORK" >"$WORK/hp_ours.txt" 2>&1
    if [ "$(wc -l <"$WORK/hp_sys.txt")" -lt 9 ]; then
        fail "hostile peer: the system libssl's run is incomplete" "$WORK/hp_sys.txt"
    else
        while IFS= read -r line; do
            if grep -q -x -F "$line" "$WORK/hp_ours.txt"; then
                pass "hostile peer, as the system libssl: $line"
            else
                { echo "system: $line"; echo "ours:"; cat "$WORK/hp_ours.txt"; } >"$WORK/hp.diff"
                fail "hostile peer: ${line%%:*} differs from the system libssl" "$WORK/hp.diff"
            fi
        done <"$WORK/hp_sys.txt"
    fi
else
    fail "hostile peer: build"
fi

summary "Adversarial peer tests"
