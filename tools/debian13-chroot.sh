#!/usr/bin/env bash
# The Debian 13 (trixie, OpenSSL 3.5) chroot capi-tests/debian13.sh runs
# trixie's own programs in: debootstrap minbase with openssl, libssl-dev (the
# 3.5 headers the API probe is built against), curl, nginx-light, haproxy,
# python3, stunnel4 and socat, from deb.debian.org, into a directory outside
# the repository (LIBSSL_RS_TRIXIE, default /var/cache/libssl-rs/trixie).
# Made once and reused; as root (make check's deps step runs it), else it
# names the command and fails.
set -u
T=${LIBSSL_RS_TRIXIE:-/var/cache/libssl-rs/trixie}
PACKAGES="openssl,libssl-dev,curl,nginx-light,haproxy,python3,stunnel4,socat,ca-certificates"
ready() {
    [ -x "$T/usr/bin/openssl" ] && [ -x "$T/usr/bin/curl" ] && [ -x "$T/usr/sbin/haproxy" ] && [ -x "$T/usr/sbin/nginx" ] \
        && [ -e "$T/usr/include/openssl/quic.h" ] && [ -x "$T/usr/bin/socat" ] && [ -x "$T/usr/bin/stunnel4" ] \
        && grep -q "^13" "$T/etc/debian_version" 2>/dev/null
}
ready && { echo "Debian 13 chroot: present at $T"; exit 0; }
if [ "$(id -u)" -ne 0 ]; then
    echo "make check needs a Debian 13 chroot; run as root: tools/debian13-chroot.sh (debootstrap into $T)" >&2
    exit 1
fi
command -v debootstrap >/dev/null || { echo "debootstrap missing (tools/test-deps.sh installs it)" >&2; exit 1; }
echo "making the Debian 13 chroot at $T (debootstrap, a few minutes)"
rm -rf "$T.partial"
mkdir -p "$(dirname "$T")"
if ! debootstrap --variant=minbase --include="$PACKAGES" trixie "$T.partial" http://deb.debian.org/debian >"$T.log" 2>&1; then
    tail -20 "$T.log" >&2
    echo "debootstrap of trixie failed (log: $T.log)" >&2
    exit 1
fi
rm -rf "$T"
mv "$T.partial" "$T"
ready || { echo "the Debian 13 chroot at $T lacks a program the tests need" >&2; exit 1; }
echo "Debian 13 chroot: made at $T"
