#!/usr/bin/env bash
# Client-certificate authentication as the web servers' documentation
# configures it, each server unchanged from its Debian package, run on the
# system libssl and on libssl-rs (LD_PRELOAD), with curl (system OpenSSL) as
# the client presenting a certificate from the right CA, one from another
# CA, and none, over TLS 1.3 and TLS 1.2:
#   lighttpd  ssl.verifyclient.activate + enforce in a $SERVER["socket"]
#             block (its certificate callback sets the verify mode and CA list)
#   nginx     a second server block chosen by SNI with ssl_verify_client on
#             (its servername callback switches SSL_CTX and reads the session)
#   apache2   a <VirtualHost> chosen by SNI with SSLVerifyClient require, and
#             SSLVerifyClient require inside a <Location> (per-directory:
#             renegotiation on TLS 1.2, post-handshake authentication on 1.3)
# Every verdict is required on libssl-rs (right CA served, the others
# refused) and must equal the system libssl's.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/libssl-rs-clientauth.XXXXXX)
. "$ROOT/capi-tests/lib.sh"
"$ROOT/capi-tests/gen-certs.sh" "$WORK" >/dev/null 2>&1 || { echo "certificate generation failed"; exit 1; }
CA="$WORK/ca.pem"
echo "client authentication in web servers (work dir $WORK)"

# verdict OUT LABEL HOST PORT PATH TLS CERT: one curl request to https://HOST:PORT/PATH;
# records "LABEL TLS CERT: served <body>" or "LABEL TLS CERT: refused" (no
# 200 response; curl's exit code and HTTP status vary with when the server
# gives up, so only the verdict is compared).
verdict() {
    local out=$1 label=$2 host=$3 port=$4 path=$5 tls=$6 cert=$7 args=() body code
    case $tls in
        1.3) args+=(--tlsv1.3) ;;
        1.2) args+=(--tlsv1.2 --tls-max 1.2) ;;
    esac
    case $cert in
        right) args+=(--cert "$WORK/client.pem" --key "$WORK/client.key") ;;
        other) args+=(--cert "$WORK/badclient.pem" --key "$WORK/badclient.key") ;;
    esac
    body=$(timeout 20 curl -s -o - -w '\n%{http_code}' --cacert "$CA" --resolve "$host:$port:127.0.0.1" \
        "${args[@]}" "https://$host:$port/$path" 2>/dev/null)
    code=$(printf '%s' "$body" | tail -n 1)
    if [ "$code" = 200 ]; then
        echo "$label TLS$tls $cert: served $(printf '%s' "$body" | head -n 1)" >>"$out"
    else
        echo "$label TLS$tls $cert: refused" >>"$out"
    fi
}

# probe OUT LABEL HOST PORT PATH: the six requests of one configuration.
probe() {
    local tls cert
    for tls in 1.3 1.2; do
        for cert in right other none; do verdict "$@" "$tls" "$cert"; done
    done
}

for lib in sys ours; do
    pre=""; [ "$lib" = ours ] && pre="$LIB"
    out="$WORK/verdicts.$lib"

    # ------------------------------------------------ lighttpd
    port=$(free_port)
    mkdir -p "$WORK/www" && echo "hello" >"$WORK/www/index.html"
    cat "$WORK/ec256.pem" "$WORK/ec256.key" >"$WORK/ec256-combined.pem"
    cat >"$WORK/lighttpd-$lib.conf" <<EOF
server.document-root = "$WORK/www"
server.bind = "127.0.0.1"
server.port = $(free_port)
server.errorlog = "$WORK/lighttpd.$lib.log"
server.modules += ( "mod_openssl" )
index-file.names = ( "index.html" )
\$SERVER["socket"] == "127.0.0.1:$port" {
  ssl.engine = "enable"
  ssl.pemfile = "$WORK/ec256-combined.pem"
  ssl.ca-file = "$CA"
  ssl.verifyclient.activate = "enable"
  ssl.verifyclient.enforce = "enable"
}
EOF
    bg "$pre" "$WORK/lighttpd.$lib.out" lighttpd -D -f "$WORK/lighttpd-$lib.conf"
    if wait_port "$port"; then
        [ "$lib" = ours ] && ! mapped "$BGPID" && echo "libssl-rs not mapped in lighttpd" >>"$out"
        probe "$out" lighttpd localhost "$port" ""
    else echo "lighttpd did not start" >>"$out"; fi
    stop

    # ------------------------------------------------ nginx
    port=$(free_port)
    mkdir -p "$WORK/nginx-$lib"
    nginx_conf_head "$WORK/nginx-$lib" "$WORK/nginx.$lib.log" >"$WORK/nginx-$lib/nginx.conf"
    cat >>"$WORK/nginx-$lib/nginx.conf" <<EOF
  ssl_protocols TLSv1.2 TLSv1.3;
  server {
    listen 127.0.0.1:$port ssl default_server;
    server_name alt.test;
    ssl_certificate $WORK/alt.pem;
    ssl_certificate_key $WORK/alt.key;
    location / { return 200 "default vhost\n"; }
  }
  server {
    listen 127.0.0.1:$port ssl;
    server_name localhost;
    ssl_certificate $WORK/ec256-chain.pem;
    ssl_certificate_key $WORK/ec256.key;
    ssl_client_certificate $CA;
    ssl_verify_client on;
    location / { return 200 "verify=\$ssl_client_verify dn=\$ssl_client_s_dn\n"; }
  }
}
EOF
    bg "$pre" "$WORK/nginx.$lib.out" nginx -c "$WORK/nginx-$lib/nginx.conf" -p "$WORK/nginx-$lib"
    if wait_port "$port"; then
        [ "$lib" = ours ] && ! mapped "$BGPID" && echo "libssl-rs not mapped in nginx" >>"$out"
        probe "$out" nginx localhost "$port" ""
    else echo "nginx did not start" >>"$out"; fi
    stop

    # ------------------------------------------------ apache2
    port=$(free_port)
    ad="$WORK/apache-$lib"
    mkdir -p "$ad/www/secure" "$ad/run" "$ad/lock"
    echo "apache public" >"$ad/www/index.html"
    echo "apache secure" >"$ad/www/secure/index.html"
    # Apache refuses to serve as root: its user must reach the pages.
    chmod o+x "$WORK" "$ad"; chmod -R o+rX "$ad/www"
    mods=/usr/lib/apache2/modules
    cat >"$ad/apache2.conf" <<EOF
ServerRoot "$ad"
PidFile "$ad/run/apache2.pid"
Mutex file:$ad/lock default
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule dir_module $mods/mod_dir.so
LoadModule mime_module $mods/mod_mime.so
LoadModule socache_shmcb_module $mods/mod_socache_shmcb.so
LoadModule ssl_module $mods/mod_ssl.so
TypesConfig /etc/mime.types
User www-data
Group www-data
ErrorLog "$WORK/apache.$lib.log"
LogLevel info ssl:info
Listen 127.0.0.1:$port
ServerName alt.test
DocumentRoot "$ad/www"
DirectoryIndex index.html
SSLSessionCache shmcb:$ad/run/scache(512000)
SSLProtocol -all +TLSv1.2 +TLSv1.3
<Directory "$ad/www">
  Require all granted
</Directory>
<VirtualHost 127.0.0.1:$port>
  ServerName alt.test
  SSLEngine on
  SSLCertificateFile $WORK/alt.pem
  SSLCertificateKeyFile $WORK/alt.key
  SSLCACertificateFile $CA
  <Location /secure>
    SSLVerifyClient require
    SSLVerifyDepth 2
  </Location>
</VirtualHost>
<VirtualHost 127.0.0.1:$port>
  ServerName localhost
  SSLEngine on
  SSLCertificateFile $WORK/ec256.pem
  SSLCertificateKeyFile $WORK/ec256.key
  SSLCACertificateFile $CA
  SSLVerifyClient require
  SSLVerifyDepth 2
</VirtualHost>
EOF
    bg "$pre" "$WORK/apache.$lib.out" apache2 -X -f "$ad/apache2.conf"
    if wait_port "$port"; then
        [ "$lib" = ours ] && ! mapped "$BGPID" && echo "libssl-rs not mapped in apache2" >>"$out"
        probe "$out" apache-vhost localhost "$port" ""
        probe "$out" apache-location alt.test "$port" "secure/"
    else echo "apache2 did not start" >>"$out"; cat "$WORK/apache.$lib.out" >>"$out"; fi
    stop
done

expect() { # LABEL: right CA served, other CA and none refused, both versions
    local label=$1 tls ok=1
    for tls in 1.3 1.2; do
        grep -q "^$label TLS$tls right: served" "$WORK/verdicts.ours" || ok=0
        grep -q "^$label TLS$tls other: refused" "$WORK/verdicts.ours" || ok=0
        grep -q "^$label TLS$tls none: refused" "$WORK/verdicts.ours" || ok=0
    done
    diff -u <(grep "^$label " "$WORK/verdicts.sys") <(grep "^$label " "$WORK/verdicts.ours") >"$WORK/$label.diff" || ok=0
    if [ $ok = 1 ]; then
        pass "$label: right CA served, other CA and none refused (TLS 1.3 and 1.2), as on the system libssl"
    else
        { cat "$WORK/$label.diff"; echo "-- ours:"; grep "^$label " "$WORK/verdicts.ours"; echo "-- system:"; grep "^$label " "$WORK/verdicts.sys"; } >"$WORK/$label.why"
        fail "$label: client authentication" "$WORK/$label.why"
    fi
}
expect lighttpd
expect nginx
expect apache-vhost
expect apache-location

summary "client authentication in web servers"
