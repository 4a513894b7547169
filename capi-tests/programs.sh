#!/usr/bin/env bash
# Real programs, unchanged from their Debian packages, configured as their
# users configure them, run once on the system libssl and once on libssl-rs
# (LD_PRELOAD). The peer is always the system's OpenSSL (openssl s_client /
# s_server) or curl. For each program and role the test records verdicts —
# handshake, response, resumption, client-certificate acceptance and
# rejection, wrong CA — and requires the two runs to give the same verdicts,
# and the run on libssl-rs to log no error line the system run does not.
# Packages: tools/test-deps.sh installs them (as root) or names them.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-programs.XXXXXX)
. "$ROOT/capi-tests/lib.sh"
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
echo "Program tests (work dir $WORK)"

# sclient OUT ARGS...: openssl s_client (system) sending an HTTP request;
# keeps the phrases that carry verdicts (matched anywhere: s_client's two
# output streams may interleave mid-line).
sclient() {
    local out=$1; shift
    printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' | timeout 20 openssl s_client -ign_eof -CAfile "$CA" "$@" 2>&1 \
        | grep -oE "(New|Reused), TLSv1\.[23], Cipher is [A-Z0-9_-]+|Verify return code: [0-9]+ \([^)]*\)|HTTP/1\.[01] [0-9]{3}|hello[^\r]*|(tlsv1|sslv3) alert [a-z ]+|echo[^\r]*" \
        | sort -u >>"$out"
}

# probe_https OUT PORT [client-cert probes]: handshake + response, resumption,
# then optional client certificates (good and from the unrelated CA).
probe_https() {
    local out=$1 port=$2 certs=${3:-}
    echo "# handshake" >>"$out"
    sclient "$out" -connect 127.0.0.1:"$port" -sess_out "$WORK/sess.pem"
    echo "# resumption" >>"$out"
    sclient "$out" -connect 127.0.0.1:"$port" -sess_in "$WORK/sess.pem"
    echo "# wrong CA on the client" >>"$out"
    printf '' | timeout 20 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$WORK/wrongca.pem" 2>&1 | grep "^Verify return code" >>"$out"
    if [ -n "$certs" ]; then
        echo "# client certificate from our CA" >>"$out"
        sclient "$out" -connect 127.0.0.1:"$port" -cert "$WORK/client.pem" -key "$WORK/client.key"
        echo "# client certificate from an unrelated CA" >>"$out"
        sclient "$out" -connect 127.0.0.1:"$port" -cert "$WORK/badclient.pem" -key "$WORK/badclient.key"
    fi
}

# errors LOG: the program's error lines without timestamps and pids.
errors() {
    grep -iE "error|fail|crit|alert|emerg|unsupported|unknown command" "$1" 2>/dev/null \
        | sed -E 's/^[A-Z][a-z]{2} [0-9]{2} [0-9:]{8} //; s/^[0-9/: .-]+//; s/\[[0-9]+\]//g; s/[0-9]+#[0-9]+//g; s/#[0-9]+//g; s/[^ ]+:[0-9]+: ?error:/error:/g; s/\*[0-9]+//g; s/[0-9]{4}\.[0-9]{2}\.[0-9]{2} [0-9:]+//; s/[0-9A-F]{8,}:error/X:error/; s/port [0-9]+/port P/g; s/127\.0\.0\.1:[0-9]+/127.0.0.1:P/g' \
        | sort -u
}

# compare NAME: sys and ours verdicts equal, and no new error lines.
compare() {
    local name=$1
    if ! grep -q "^New, TLSv1.3\|^HTTP/1.[01] 200\|hello\|echo\|^TLSv1.3|" "$WORK/$name.ours" || grep -q "not map" "$WORK/$name.ours"; then
        fail "$name: no successful exchange on libssl-rs" "$WORK/$name.ours"
        return
    fi
    errors "$WORK/$name.sys.log" >"$WORK/$name.sys.err"
    errors "$WORK/$name.ours.log" >"$WORK/$name.ours.err"
    if ! diff -u "$WORK/$name.sys" "$WORK/$name.ours" >"$WORK/$name.diff"; then
        fail "$name: verdicts differ from the system libssl's" "$WORK/$name.diff"
    elif comm -13 "$WORK/$name.sys.err" "$WORK/$name.ours.err" | grep -q .; then
        comm -13 "$WORK/$name.sys.err" "$WORK/$name.ours.err" >"$WORK/$name.newerr"
        fail "$name: error lines only on libssl-rs" "$WORK/$name.newerr"
    else
        pass "$name: $(grep -c '^#' "$WORK/$name.ours") probes, same verdicts as the system libssl, no new log errors"
    fi
}

for lib in sys ours; do
    pre=""; [ "$lib" = ours ] && pre="$LIB"

    # ------------------------------------------------ nginx: chain file, session cache, optional client certs
    port=$(free_port)
    mkdir -p "$WORK/nginx-$lib"
    nginx_conf_head "$WORK/nginx-$lib" "$WORK/nginx.$lib.log" >"$WORK/nginx-$lib/nginx.conf"
    cat >>"$WORK/nginx-$lib/nginx.conf" <<EOF
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $WORK/ec256-chain.pem;
    ssl_certificate_key $WORK/ec256.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:SSL:1m;
    ssl_session_timeout 10m;
    ssl_session_ticket_key $WORK/ticket.keys;
    ssl_client_certificate $CA;
    ssl_verify_client optional;
    location / { return 200 "hello \$ssl_protocol reused=\$ssl_session_reused verify=\$ssl_client_verify\n"; }
  }
}
EOF
    bg "$pre" "$WORK/nginx.$lib.out" nginx -c "$WORK/nginx-$lib/nginx.conf" -p "$WORK/nginx-$lib"
    if wait_port "$port"; then
        [ "$lib" = ours ] && ! mapped "$BGPID" && echo "# libssl-rs not mapped" >>"$WORK/nginx.$lib"
        probe_https "$WORK/nginx.$lib" "$port" certs
    else echo "# did not start" >>"$WORK/nginx.$lib"; cat "$WORK/nginx.$lib.out" >>"$WORK/nginx.$lib"; fi
    stop
    # A ticket from the first nginx resumes on a second one: the ticket keys
    # come from nginx's key file through SSL_CTX_set_tlsext_ticket_key_evp_cb.
    bg "$pre" "$WORK/nginx.$lib.out2" nginx -c "$WORK/nginx-$lib/nginx.conf" -p "$WORK/nginx-$lib"
    if wait_port "$port"; then
        echo "# resumption on a restarted nginx (shared ticket key file)" >>"$WORK/nginx.$lib"
        sclient "$WORK/nginx.$lib" -connect 127.0.0.1:"$port" -sess_in "$WORK/sess.pem"
    fi
    stop
    cat "$WORK/nginx.$lib.out2" >>"$WORK/nginx.$lib.out"
    cat "$WORK/nginx.$lib.out" >>"$WORK/nginx.$lib.log"

    # ------------------------------------------------ lighttpd: ssl.pemfile + ssl.ca-file, client certs verified
    port=$(free_port)
    mkdir -p "$WORK/www-$lib" && echo "hello from lighttpd" >"$WORK/www-$lib/index.html"
    cat "$WORK/ec256.pem" "$WORK/ec256.key" >"$WORK/ec256-combined.pem"
    cat >"$WORK/lighttpd-$lib.conf" <<EOF
server.document-root = "$WORK/www-$lib"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$WORK/lighttpd.$lib.log"
server.modules += ( "mod_openssl" )
ssl.engine = "enable"
ssl.pemfile = "$WORK/ec256-combined.pem"
ssl.ca-file = "$CA"
ssl.verifyclient.activate = "enable"
ssl.verifyclient.enforce = "disable"
index-file.names = ( "index.html" )
EOF
    bg "$pre" "$WORK/lighttpd.$lib.out" lighttpd -D -f "$WORK/lighttpd-$lib.conf"
    if wait_port "$port"; then probe_https "$WORK/lighttpd.$lib" "$port" certs
    else echo "# did not start" >>"$WORK/lighttpd.$lib"; cat "$WORK/lighttpd.$lib.out" >>"$WORK/lighttpd.$lib"; fi
    stop
    cat "$WORK/lighttpd.$lib.out" >>"$WORK/lighttpd.$lib.log"

    # ------------------------------------------------ haproxy: TLS frontend (crt with chain) and TLS backend (verify required)
    port=$(free_port); port2=$(free_port)
    start_server P_BACK -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" -www
    cat "$WORK/ec256-chain.pem" "$WORK/ec256.key" >"$WORK/haproxy.pem"
    cat >"$WORK/haproxy-$lib.cfg" <<EOF
global
  log stdout format raw local0 info
  tune.ssl.default-dh-param 2048
defaults
  mode http
  log global
  option httplog
  timeout connect 5s
  timeout client 10s
  timeout server 10s
frontend tls_in
  bind 127.0.0.1:$port ssl crt $WORK/haproxy.pem ca-file $CA verify optional
  http-request return status 200 content-type text/plain lf-string "hello %[ssl_fc_protocol] verify=%[ssl_c_verify]\n"
frontend plain_in
  bind 127.0.0.1:$port2
  default_backend tls_out
backend tls_out
  server s1 127.0.0.1:$P_BACK ssl verify required ca-file $CA sni str(localhost) verifyhost localhost
EOF
    bg "$pre" "$WORK/haproxy.$lib.log" haproxy -db -f "$WORK/haproxy-$lib.cfg"
    if wait_port "$port"; then
        probe_https "$WORK/haproxy.$lib" "$port" certs
        echo "# backend: plain HTTP in, TLS to openssl s_server -www out (twice: reuse)" >>"$WORK/haproxy.$lib"
        for _ in 1 2; do
            timeout 20 curl -sS -o /dev/null -w "backend HTTP %{http_code}\n" http://127.0.0.1:"$port2"/ >>"$WORK/haproxy.$lib" 2>&1
        done
    else echo "# did not start" >>"$WORK/haproxy.$lib"; cat "$WORK/haproxy.$lib.log" >>"$WORK/haproxy.$lib"; fi
    stop

    # ------------------------------------------------ stunnel: server (exec cat) and client (to s_server -rev)
    port=$(free_port); port3=$(free_port)
    start_server P_REV -cert "$WORK/ec256.pem" -key "$WORK/ec256.key" -rev
    cat >"$WORK/stunnel-$lib.conf" <<EOF
foreground = yes
pid =
debug = 5
output = $WORK/stunnel.$lib.log
[echo]
accept = 127.0.0.1:$port
cert = $WORK/ec256-chain.pem
key = $WORK/ec256.key
exec = /bin/cat
[rev]
client = yes
accept = 127.0.0.1:$port3
connect = 127.0.0.1:$P_REV
CAfile = $CA
verifyChain = yes
checkHost = localhost
EOF
    bg "$pre" "$WORK/stunnel.$lib.out" stunnel "$WORK/stunnel-$lib.conf"
    if wait_port "$port" && wait_port "$port3"; then
        echo "# server: echo over TLS" >>"$WORK/stunnel.$lib"
        (echo "echo-me"; sleep 1) | timeout 5 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -quiet -no_ign_eof 2>/dev/null | head -1 >>"$WORK/stunnel.$lib"
        echo "# client: plain in, TLS to openssl s_server -rev" >>"$WORK/stunnel.$lib"
        (echo "hello-rev"; sleep 1) | timeout 5 socat - TCP:127.0.0.1:"$port3" 2>&1 | head -1 >>"$WORK/stunnel.$lib"
    else echo "# did not start" >>"$WORK/stunnel.$lib"; cat "$WORK/stunnel.$lib.out" >>"$WORK/stunnel.$lib"; fi
    stop
    # stunnel logs the library it was built with and runs with; keep the TLS lines.
    grep -vE "OpenSSL|libssl|Compiled|Running|Threading|Sockets|TLS:|Auth|Reading|Config|Service|Configuration|PID|FD" "$WORK/stunnel.$lib.out" >>"$WORK/stunnel.$lib.log" 2>/dev/null

    # ------------------------------------------------ socat: server requiring a client certificate, and client
    port=$(free_port)
    bg "$pre" "$WORK/socat.$lib.log" socat OPENSSL-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork,cert="$WORK/ec256-chain.pem",key="$WORK/ec256.key",cafile="$CA" SYSTEM:"sed -u s/^/echo-/"
    if wait_port "$port"; then
        echo "# server: client certificate from our CA" >>"$WORK/socat.$lib"
        (echo "one"; sleep 1) | timeout 5 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -cert "$WORK/client.pem" -key "$WORK/client.key" -quiet -no_ign_eof 2>/dev/null | head -1 >>"$WORK/socat.$lib"
        echo "# server: client certificate from an unrelated CA" >>"$WORK/socat.$lib"
        (echo "two"; sleep 1) | timeout 5 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -cert "$WORK/badclient.pem" -key "$WORK/badclient.key" -quiet -no_ign_eof 2>&1 | grep -oE "alert [a-z ]+|echo-two" | head -1 >>"$WORK/socat.$lib"
        echo "# client: to openssl s_server -rev, then with the wrong CA" >>"$WORK/socat.$lib"
        (echo "socat-rev"; sleep 1) | LD_PRELOAD="$pre" timeout 5 socat - OPENSSL:127.0.0.1:"$P_REV",cafile="$CA",commonname=localhost 2>>"$WORK/socat.$lib.log" | head -1 >>"$WORK/socat.$lib"
        (echo "socat-rev"; sleep 1) | LD_PRELOAD="$pre" timeout 5 socat - OPENSSL:127.0.0.1:"$P_REV",cafile="$WORK/wrongca.pem",commonname=localhost 2>&1 | grep -oE "certificate verify failed" | head -1 >>"$WORK/socat.$lib"
    else echo "# did not start" >>"$WORK/socat.$lib"; cat "$WORK/socat.$lib.log" >>"$WORK/socat.$lib"; fi
    stop

    # ------------------------------------------------ Ruby Net::HTTP client (verify_mode PEER) against s_server -www
    echo "# Net::HTTP get, then with the wrong CA" >>"$WORK/ruby.$lib"
    for ca in "$CA" "$WORK/wrongca.pem"; do
        LD_PRELOAD="$pre" timeout 20 ruby -rnet/http -ropenssl -e '
            h = Net::HTTP.new("localhost", ARGV[0].to_i); h.use_ssl = true; h.ca_file = ARGV[1]
            h.verify_mode = OpenSSL::SSL::VERIFY_PEER
            begin
              r = h.start { |c| c.get("/") }
              puts "HTTP #{r.code} #{r.body.include?("Protocol") ? "hello page" : "?"}"
            rescue OpenSSL::SSL::SSLError => e
              puts "error: #{e.message[/certificate verify failed[^)]*\)/] || e.message}"
            end' "$P_BACK" "$ca" >>"$WORK/ruby.$lib" 2>>"$WORK/ruby.$lib.log"
    done

    # ------------------------------------------------ PostgreSQL server: ssl on, client certificates required (verify-ca)
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    port=$(free_port)
    pg="$WORK/pg-$lib"
    mkdir -p "$pg"
    chmod 711 "$WORK"
    # The server runs as the postgres user: it gets its own copies of the
    # library, certificate and key (0600), all readable by it.
    cp "$LIB" "$pg/libssl.so.3" && cp "$WORK/ec256-chain.pem" "$WORK/ec256.key" "$CA" "$pg/"
    chown -R postgres "$pg" && chmod 600 "$pg/ec256.key"
    pgpre=""; [ "$lib" = ours ] && pgpre="$pg/libssl.so.3"
    runuser -u postgres -- "$pgbin/initdb" -A trust -D "$pg/data" >/dev/null 2>&1
    cat >>"$pg/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$pg'
ssl = on
ssl_cert_file = '$pg/ec256-chain.pem'
ssl_key_file = '$pg/ec256.key'
ssl_ca_file = '$pg/ca.pem'
log_connections = on
EOF
    printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust clientcert=verify-ca\n' >"$pg/data/pg_hba.conf"
    bg "" "$WORK/postgres.$lib.log" runuser -u postgres -- env LD_PRELOAD="$pgpre" "$pgbin/postgres" -D "$pg/data"
    if wait_port "$port"; then
        if [ "$lib" = ours ] && ! grep -q "$pg/libssl.so.3" "/proc/$(pgrep -u postgres -f "postgres -D $pg/data" | head -1)/maps" 2>/dev/null; then
            echo "# libssl-rs not mapped" >>"$WORK/postgres.$lib"
        fi
        conn="host=127.0.0.1 port=$port dbname=postgres user=postgres sslmode=verify-full sslrootcert=$CA"
        q="select version, cipher from pg_stat_ssl where pid = pg_backend_pid()"
        echo "# psql with a client certificate from our CA" >>"$WORK/postgres.$lib"
        timeout 20 psql "$conn sslcert=$WORK/client.pem sslkey=$WORK/client.key" -Atc "$q" >>"$WORK/postgres.$lib" 2>&1
        echo "# psql with a client certificate from an unrelated CA" >>"$WORK/postgres.$lib"
        timeout 20 psql "$conn sslcert=$WORK/badclient.pem sslkey=$WORK/badclient.key" -Atc "$q" 2>&1 | grep -oE "alert [a-z ]+|TLSv1.3" >>"$WORK/postgres.$lib"
        echo "# psql trusting the wrong CA" >>"$WORK/postgres.$lib"
        timeout 20 psql "host=127.0.0.1 port=$port dbname=postgres user=postgres sslmode=verify-full sslrootcert=$WORK/wrongca.pem" -Atc "$q" 2>&1 \
            | grep -oE "certificate verify failed|TLSv1.3" >>"$WORK/postgres.$lib"
    else echo "# did not start" >>"$WORK/postgres.$lib"; cat "$WORK/postgres.$lib.log" >>"$WORK/postgres.$lib"; fi
    stop
    pkill -u postgres -f "postgres -D $pg/data" 2>/dev/null

    # ------------------------------------------------ Perl IO::Socket::SSL server, Perl client
    port=$(free_port)
    bg "$pre" "$WORK/perl.$lib.log" perl -MIO::Socket::SSL -e '
        my ($port, $cert, $key) = @ARGV;
        my $s = IO::Socket::SSL->new(LocalAddr => "127.0.0.1:$port", Listen => 5, ReuseAddr => 1,
            SSL_cert_file => $cert, SSL_key_file => $key) or die "listen: $SSL_ERROR";
        for (1 .. 3) {
            my $c = $s->accept or do { warn "accept: $SSL_ERROR\n"; next };
            my $l = <$c>; print $c "echo $l"; close $c;
        }' "$port" "$WORK/ec256-chain.pem" "$WORK/ec256.key"
    if wait_port "$port"; then
        echo "# Perl server, openssl s_client" >>"$WORK/perl.$lib"
        (echo "perl-one"; sleep 1) | timeout 5 openssl s_client -connect 127.0.0.1:"$port" -CAfile "$CA" -quiet -no_ign_eof 2>/dev/null | head -1 >>"$WORK/perl.$lib"
        echo "# Perl client (same library), verifying against our CA" >>"$WORK/perl.$lib"
        LD_PRELOAD="$pre" timeout 20 perl -MIO::Socket::SSL -e '
            my $c = IO::Socket::SSL->new(PeerAddr => "127.0.0.1:$ARGV[0]", SSL_ca_file => $ARGV[1],
                SSL_verifycn_name => "localhost", SSL_verify_mode => SSL_VERIFY_PEER) or die "connect: $SSL_ERROR\n";
            print $c "perl-two\n"; print scalar <$c>; print $c->get_sslversion, "\n";' "$port" "$CA" >>"$WORK/perl.$lib" 2>>"$WORK/perl.$lib.log"
    else echo "# did not start" >>"$WORK/perl.$lib"; cat "$WORK/perl.$lib.log" >>"$WORK/perl.$lib"; fi
    stop

    # ------------------------------------------------ dovecot IMAP with STARTTLS (login processes as dovenull)
    port=$(free_port)
    dv="$WORK/dv-$lib"
    mkdir -p "$dv/run" "$dv/state" "$dv/mail"
    chmod 711 "$WORK" && chmod 755 "$dv"
    cp "$LIB" "$dv/libssl.so.3" && chmod 644 "$dv/libssl.so.3"
    dvpre=""; [ "$lib" = ours ] && dvpre="$dv/libssl.so.3"
    cat >"$dv/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $dv/run
state_dir = $dv/state
log_path = $WORK/dovecot.$lib.log
ssl = required
ssl_cert = <$WORK/ec256-chain.pem
ssl_key = <$WORK/ec256.key
auth_mechanisms = plain
import_environment = TZ LD_PRELOAD
mail_location = maildir:$dv/mail/%u
first_valid_uid = 100
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dv/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
default_internal_user = dovecot
default_login_user = dovenull
EOF
    chown -R dovecot "$dv/mail"
    bg "$dvpre" "$WORK/dovecot.$lib.out" dovecot -F -c "$dv/dovecot.conf"
    if wait_port "$port"; then
        echo "# IMAP STARTTLS, LOGIN, SELECT" >>"$WORK/dovecot.$lib"
        (printf 'a1 LOGIN u secret\r\n'; sleep 1; printf 'a2 SELECT INBOX\r\n'; sleep 1; printf 'a3 LOGOUT\r\n'; sleep 0.5) \
            | timeout 8 openssl s_client -connect 127.0.0.1:"$port" -starttls imap -CAfile "$CA" -no_ign_eof 2>&1 \
            | grep -oE "^(New|Reused), TLSv1\.3|Verify return code: [0-9]+|^a[123] (OK|NO|BAD)" >>"$WORK/dovecot.$lib"
        if [ "$lib" = ours ]; then
            lp=$(pgrep -f "dovecot/imap-login" | head -1)
            [ -n "$lp" ] && ! grep -q "$dvpre" "/proc/$lp/maps" 2>/dev/null && echo "# imap-login did not map libssl-rs" >>"$WORK/dovecot.$lib"
        fi
    else echo "# did not start" >>"$WORK/dovecot.$lib"; cat "$WORK/dovecot.$lib.out" >>"$WORK/dovecot.$lib"; fi
    stop
    grep -v "Warning: Killed\|Shutting down logging\|Corrected permissions" "$WORK/dovecot.$lib.log" >"$WORK/dovecot.$lib.log.tmp" 2>/dev/null
    mv "$WORK/dovecot.$lib.log.tmp" "$WORK/dovecot.$lib.log" 2>/dev/null
done

for p in nginx lighttpd haproxy stunnel socat ruby postgres perl dovecot; do compare "$p"; done

summary "Program tests"
