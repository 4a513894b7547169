#!/usr/bin/env bash
# The library exports exactly OpenSSL 3.0's libssl functions, each under the
# symbol version OPENSSL_3.0.0, has SONAME libssl.so.3 and needs libcrypto.so.3.
set -eu
LIB=$1
EXPORTS=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$LIB" | awk '{print $3}' | grep -v '^OPENSSL_3.0.0$' | sort > "$tmp/got"
sed 's/$/@@OPENSSL_3.0.0/' "$EXPORTS" | sort > "$tmp/want"
if ! diff -u "$tmp/want" "$tmp/got" > "$tmp/diff"; then
    echo "exported symbols differ from OpenSSL 3.0's list:"; head -40 "$tmp/diff"; exit 1
fi
readelf -d "$LIB" | grep -q 'SONAME.*\[libssl.so.3\]' || { echo "SONAME is not libssl.so.3"; exit 1; }
readelf -d "$LIB" | grep -q 'NEEDED.*\[libcrypto.so.3\]' || { echo "libcrypto.so.3 is not NEEDED"; exit 1; }
# aws-lc's symbols are prefixed, so even its local ones cannot be confused with libcrypto's.
if nm "$LIB" | awk '$2 ~ /[TD]/ {print $3}' | grep -E '^(EVP|X509|SSL|BIO|RSA|EC|CRYPTO|ERR)_' | grep -vxf "$EXPORTS" | head -1 | grep -q .; then
    echo "a global non-libssl OpenSSL-named symbol leaked"; exit 1
fi
echo "exports: $(wc -l < "$tmp/got") functions, all @@OPENSSL_3.0.0; SONAME libssl.so.3; NEEDED libcrypto.so.3"
