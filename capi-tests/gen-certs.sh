#!/usr/bin/env bash
# Makes a test CA, a second unrelated CA, and server certificates for
# "localhost" (ECDSA P-256, P-384, RSA-2048 signing-only and with key
# encipherment, Ed25519, DSA-2048) plus "alt.test".
set -eu
D=$1
cd "$D"
ext() { printf "subjectAltName=DNS:%s,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n" "$1" > "$2"; }
for ca in ca wrongca; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$ca.key" -out "$ca.pem" \
        -days 2 -subj "/CN=libssl-rs test $ca"
done
mk() { # name keyargs cn
    local name=$1 cn=$3
    openssl req -newkey $2 -nodes -keyout "$name.key" -out "$name.csr" -subj "/CN=$cn"
    ext "$cn" "$name.ext"
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$name.pem" -days 2 -extfile "$name.ext"
}
mk ec256 "ec -pkeyopt ec_paramgen_curve:P-256" localhost
mk ec384 "ec -pkeyopt ec_paramgen_curve:P-384" localhost
mk rsa "rsa:2048" localhost
mk ed25519 "ed25519" localhost
mk ec521 "ec -pkeyopt ec_paramgen_curve:P-521" localhost
mk ed448 "ed448" localhost
mk alt "ec -pkeyopt ec_paramgen_curve:P-256" alt.test
# DSA-2048 (the DHE-DSS suites): parameters first.
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out dsaparam.pem
mk dsa "dsa:dsaparam.pem" localhost
# An RSA certificate whose key usage also allows key encipherment:
# GnuTLS refuses RSA key exchange with a signing-only one (OpenSSL does not).
openssl req -newkey rsa:2048 -nodes -keyout rsaenc.key -out rsaenc.csr -subj "/CN=localhost"
printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n" >rsaenc.ext
openssl x509 -req -in rsaenc.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out rsaenc.pem -days 2 -extfile rsaenc.ext
# A client certificate.
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.csr -subj "/CN=test client"
printf "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n" > client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 -extfile client.ext
# The P-256 key again, encrypted (for the password callback).
openssl pkey -in ec256.key -aes-128-cbc -passout pass:s3cret -out ec256-enc.key
# 80 bytes of ticket keys shared by two server processes.
head -c 80 /dev/urandom > ticket.keys
# A client certificate from the unrelated CA (servers must reject it), and
# the server certificate with its CA as a chain file.
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout badclient.key -out badclient.csr -subj "/CN=stranger"
openssl x509 -req -in badclient.csr -CA wrongca.pem -CAkey wrongca.key -CAcreateserial -out badclient.pem -days 2 -extfile client.ext
cat ec256.pem ca.pem > ec256-chain.pem
# A "good" OCSP response for ec256.pem signed by the CA (OCSP stapling).
serial=$(openssl x509 -in ec256.pem -noout -serial | cut -d= -f2)
printf 'V\t301231235959Z\t\t%s\tunknown\t/CN=localhost\n' "$serial" > ocsp-index.txt
openssl ocsp -issuer ca.pem -cert ec256.pem -reqout ocsp-req.der -no_nonce
openssl ocsp -index ocsp-index.txt -rsigner ca.pem -rkey ca.key -CA ca.pem -reqin ocsp-req.der -respout ocsp-resp.der -ndays 2
