# Helpers shared by the C API and program tests: pass/fail counting, free
# ports, waiting for servers, stopping them by PID at exit. The caller sets
# ROOT and WORK (a fresh temporary directory) before sourcing this file.
# LIBSSL_RS_DIR selects another build of our library (make check-asan).
LIBDIR=${LIBSSL_RS_DIR:-$ROOT/target/release}
LIB="$LIBDIR/libssl.so.3"
# What a test puts in LD_PRELOAD to load our library into a program built for
# the system's: under make check-asan, the ASan runtime goes first so that
# its allocator (redzones, freed-memory quarantine) is the process's.
PRELOAD="${ASAN_RUNTIME:+$ASAN_RUNTIME }$LIB"
PIDS=()
PASS=0
FAIL=0
FAILED=()

cleanup() {
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

pass() { PASS=$((PASS + 1)); echo "  ok    $1"; }
fail() { FAIL=$((FAIL + 1)); FAILED+=("$1"); echo "  FAIL  $1"; [ -n "${2:-}" ] && sed 's/^/        | /' "$2" | head -30; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_port() {
    for _ in $(seq 1 100); do
        (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "server on port $1 did not start" >&2
    return 1
}

# start_server VAR ARGS... : runs openssl s_server on a free port; sets VAR
# to the port; its output goes to $WORK/server-PORT.log.
start_server() { start_server_with "" "$@"; }

# start_our_server VAR ARGS... : the same on libssl-rs (LD_PRELOAD);
# variables set before the call (LIBSSL_RS_AEAD=...) reach the server.
start_our_server() { start_server_with "$PRELOAD" "$@"; }

start_server_with() {
    # Locals named apart from any VAR a caller passes (printf -v would set
    # the local instead).
    local _pre=$1 _var=$2 _port; shift 2
    _port=$(free_port)
    LD_PRELOAD="$_pre" openssl s_server -accept 127.0.0.1:"$_port" -quiet "$@" >"$WORK/server-$_port.log" 2>&1 &
    PIDS+=($!)
    wait_port "$_port" || return 1
    printf -v "$_var" '%s' "$_port"
}

# summary NAME: the closing "N passed, N failed" line; the exit status.
summary() {
    echo "$1: $PASS passed, $FAIL failed"
    for f in "${FAILED[@]:-}"; do [ -n "$f" ] && echo "  failed: $f"; done
    [ "$FAIL" -eq 0 ]
}

# run_server LIB OUT ARGS...: starts $WORK/srv_LIB (capi-tests/tls_server.c)
# on a free port; sets SRV_PORT and SRV_PID.
run_server() {
    local lib=$1 out=$2; shift 2
    "$WORK/srv_$lib" --cert "$WORK/ec256.pem" --key "$WORK/ec256.key" "$@" >"$out" 2>&1 &
    SRV_PID=$!
    PIDS+=("$SRV_PID")
    # The server prints its port once it listens; no probe connection (it
    # would count as one of the --count connections).
    for _ in $(seq 1 100); do SRV_PORT=$(awk '/^port/ {print $2}' "$out" 2>/dev/null); [ -n "$SRV_PORT" ] && break; sleep 0.05; done
    [ -n "$SRV_PORT" ]
}
finish_server() { # waits (bounded) for the server to serve its --count connections
    for _ in $(seq 1 100); do kill -0 "$SRV_PID" 2>/dev/null || return 0; sleep 0.05; done
    kill "$SRV_PID" 2>/dev/null; return 1
}

# cache_mode_outputs MODE: tls_server --mode MODE on both libraries, each
# driven twice by the system libssl's chapter 8 client ($WORK/ch8_sys);
# leaves the servers' outputs in $WORK/mode_sys.cmp and $WORK/mode_ours.cmp.
cache_mode_outputs() {
    local lib
    for lib in sys ours; do
        run_server "$lib" "$WORK/mode_$lib.out" --count 3 --mode "$1"
        timeout 20 "$WORK/ch8_sys" localhost "$SRV_PORT" "$CA" >/dev/null 2>&1
        timeout 20 "$WORK/ch8_sys" localhost "$SRV_PORT" "$CA" >/dev/null 2>&1
        finish_server
        tail -n +2 "$WORK/mode_$lib.out" >"$WORK/mode_$lib.cmp"
    done
}

# gnutls_both_roles SCRIPT COUNT WHAT: runs a GnuTLS interop script (in
# `unshare -n`, loopback only) for our client and for our server; each role
# passes when the script prints COUNT "ok" lines and no "FAIL".
gnutls_both_roles() {
    local script=$1 count=$2 what=$3 role n out
    for role in client server; do
        out="$WORK/$(basename "$script" .sh)_$role.out"
        timeout 300 unshare -n "$ROOT/capi-tests/$script" "$WORK" "$LIB" "$role" >"$out" 2>&1
        n=$(grep -c "^ok" "$out")
        if [ "$n" = "$count" ] && ! grep -q "^FAIL" "$out"; then
            pass "our $role against GnuTLS: $n $what"
        else fail "our $role against GnuTLS, $what ($n of $count)" "$out"; fi
    done
}

# bg PRELOAD LOG CMD...: a program in the background under LD_PRELOAD
# PRELOAD (empty: the system libssl); sets BGPID. stop ends it.
bg() {
    local pre=$1 log=$2; shift 2
    LD_PRELOAD="$pre" "$@" >"$log" 2>&1 &
    BGPID=$!
    PIDS+=("$BGPID")
}
stop() { kill "$BGPID" 2>/dev/null; wait "$BGPID" 2>/dev/null; }

# mapped PID: whether the process mapped libssl-rs.
mapped() {
    grep -q "$LIB" "/proc/$1/maps" 2>/dev/null
}

# The start of an nginx.conf for one foreground worker: its pid file and
# temp paths in DIR ($1), errors logged to LOG ($2); the caller appends the
# rest of the http block and closes it.
nginx_conf_head() {
    cat <<EOF
daemon off;
pid $1/nginx.pid;
error_log $2 info;
worker_processes 1;
user root;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $1; proxy_temp_path $1; fastcgi_temp_path $1;
  uwsgi_temp_path $1; scgi_temp_path $1;
EOF
}
