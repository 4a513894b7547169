#!/usr/bin/env bash
# The linker version script of libssl.so.3: every export of OpenSSL 3.5's
# libssl under the version node OpenSSL gives it (tools/libssl-3.5-exports.txt:
# "name node" per line), each node inheriting the one before, as OpenSSL's
# own libssl.ld. The OPENSSL_3.0.0 node holds exactly 3.0's 518 functions
# (tools/libssl-3.0-exports.txt), so a program linked against 3.0 sees no
# change. Usage: tools/version-script.sh exports-3.5.txt exports-3.0.txt > libssl.map
set -eu
LIST=$1
LIST30=$2
if ! diff <(awk '$2 == "OPENSSL_3.0.0" {print $1}' "$LIST" | sort) <(sort "$LIST30") >/dev/null; then
    echo "version-script: the OPENSSL_3.0.0 node of $LIST differs from $LIST30" >&2
    exit 1
fi
previous=""
for node in $(awk '{print $2}' "$LIST" | sort -V -u); do
    echo "$node {"
    echo "  global:"
    awk -v n="$node" '$2 == n {print "    " $1 ";"}' "$LIST"
    [ -z "$previous" ] && echo "  local: *;"
    if [ -z "$previous" ]; then echo "};"; else echo "} $previous;"; fi
    previous=$node
done
