#!/usr/bin/env bash
# The library exports exactly OpenSSL 3.5's libssl functions, each under the
# symbol version OpenSSL gives it: 3.0's 518 under OPENSSL_3.0.0 (exactly
# tools/libssl-3.0-exports.txt), the 86 that 3.2-3.5 added under
# OPENSSL_3.2.0 ... OPENSSL_3.5.0; has SONAME libssl.so.3 and needs
# libcrypto.so.3. Usage: check-exports.sh LIB EXPORTS-3.0 EXPORTS-3.5
set -eu
LIB=$1
EXPORTS30=$2
EXPORTS35=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$LIB" | awk '{print $3}' | grep -v '^OPENSSL_3\.[0-9]\.0$' | sort > "$tmp/got"
# 3.0's list, exactly, under OPENSSL_3.0.0.
sed 's/$/@@OPENSSL_3.0.0/' "$EXPORTS30" | sort > "$tmp/want30"
grep '@@OPENSSL_3.0.0$' "$tmp/got" > "$tmp/got30" || true
if ! diff -u "$tmp/want30" "$tmp/got30" > "$tmp/diff"; then
    echo "exports under OPENSSL_3.0.0 differ from OpenSSL 3.0's list:"; head -40 "$tmp/diff"; exit 1
fi
# Every export, each under its node.
awk '{print $1 "@@" $2}' "$EXPORTS35" | sort > "$tmp/want"
if ! diff -u "$tmp/want" "$tmp/got" > "$tmp/diff"; then
    echo "exported symbols differ from OpenSSL 3.5's list (name@@node):"; head -40 "$tmp/diff"; exit 1
fi
# Each node present as a version definition, inheriting as OpenSSL's.
for node in $(awk '{print $2}' "$EXPORTS35" | sort -u); do
    readelf -V "$LIB" | grep -q "Name: $node\$" || { echo "version node $node missing"; exit 1; }
done
readelf -d "$LIB" | grep -q 'SONAME.*\[libssl.so.3\]' || { echo "SONAME is not libssl.so.3"; exit 1; }
readelf -d "$LIB" | grep -q 'NEEDED.*\[libcrypto.so.3\]' || { echo "libcrypto.so.3 is not NEEDED"; exit 1; }
# aws-lc's symbols are prefixed, so even its local ones cannot be confused with libcrypto's.
if nm "$LIB" | awk '$2 ~ /[TD]/ {print $3}' | grep -E '^(EVP|X509|SSL|BIO|RSA|EC|CRYPTO|ERR|OSSL)_' | grep -vxf <(awk '{print $1}' "$EXPORTS35") | head -1 | grep -q .; then
    echo "a global non-libssl OpenSSL-named symbol leaked"; exit 1
fi
echo "exports: $(wc -l < "$tmp/got30") functions @@OPENSSL_3.0.0 (3.0's list exactly), $(wc -l < "$tmp/got") in all, each under its OpenSSL 3.5 node; SONAME libssl.so.3; NEEDED libcrypto.so.3"
