#!/usr/bin/env bash
# The Debian packages `make check` needs: the real peers (openssl, GnuTLS),
# the unchanged programs the tests run (nginx, lighttpd, haproxy, stunnel,
# socat, Ruby, Python, apache2), the tools the tests use, and the Debian 13
# chroot (tools/debian13-chroot.sh). As root it installs
# what is missing (apt-get); otherwise it names the exact command to run
# and fails, so a missing peer is never a silently skipped test.
set -u
# command-or-file  package
NEEDS="
openssl openssl
/usr/include/openssl/ssl.h libssl-dev
gnutls-serv gnutls-bin
unshare util-linux
ip iproute2
python3 python3
valgrind valgrind
curl curl
gcc gcc
nginx nginx-light
lighttpd lighttpd
/usr/lib/lighttpd/mod_openssl.so lighttpd-mod-openssl
haproxy haproxy
stunnel4 stunnel4
socat socat
ruby ruby
psql postgresql-client
/usr/lib/postgresql/*/bin/postgres postgresql
/usr/share/perl5/IO/Socket/SSL.pm libio-socket-ssl-perl
/usr/lib/dovecot/imap-login dovecot-imapd
apache2 apache2
debootstrap debootstrap
"
missing=()
while read -r what pkg; do
    [ -z "$what" ] && continue
    if [ "${what#/}" != "$what" ]; then
        compgen -G "$what" >/dev/null || missing+=("$pkg")
    else
        command -v "$what" >/dev/null 2>&1 || missing+=("$pkg")
    fi
done <<<"$NEEDS"
# Debian 13's programs run in a chroot of their own (capi-tests/debian13.sh).
chroot_step() { "$(dirname "$0")/debian13-chroot.sh"; }
[ ${#missing[@]} -eq 0 ] && { echo "test dependencies: all present"; chroot_step; exit; }
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "make check needs these Debian packages; run as root: apt-get update && $cmd" >&2
    exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null && $cmd >/dev/null || { echo "failed: $cmd" >&2; exit 1; }
# The Debian packages start their daemons; the tests start their own.
for svc in nginx lighttpd haproxy stunnel4 postgresql dovecot apache2; do
    command -v systemctl >/dev/null && systemctl stop "$svc" 2>/dev/null
    [ -x /etc/init.d/$svc ] && /etc/init.d/$svc stop >/dev/null 2>&1
done
chroot_step
