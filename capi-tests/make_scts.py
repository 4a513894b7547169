#!/usr/bin/env python3
"""Certificate Transparency test material (RFC 6962), signed with the
openssl command: a test log (its key and a CT log list naming it), and for
a leaf certificate, serverinfo files carrying a signed_certificate_timestamp
extension (type 18) with one SCT each:

  good.pem     an SCT of the listed log over the leaf (valid)
  unknown.pem  an SCT of a log not in the list (unknown log)
  forged.pem   the listed log's id with another key's signature (invalid)

Each is a "SERVERINFOV2 FOR CT" block whose context names the ClientHello,
the TLS 1.2 ServerHello and the TLS 1.3 Certificate, so it is sent in
either version. usage: make_scts.py WORKDIR LEAF.pem
"""
import base64
import hashlib
import os
import struct
import subprocess
import sys
import time

work, leaf_pem = sys.argv[1], sys.argv[2]


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout


def log_key(name):
    key = os.path.join(work, name + ".key")
    openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", key)
    return key, openssl("ec", "-in", key, "-pubout", "-outform", "DER")


def u16(b):
    return struct.pack(">H", len(b)) + b


def sct(signing_key, log_spki, leaf_der):
    # RFC 6962 3.2: digitally-signed over version, signature_type
    # certificate_timestamp, timestamp, entry_type x509_entry, the
    # certificate as ASN.1Cert<1..2^24-1>, empty extensions.
    ts = struct.pack(">Q", int(time.time() * 1000) - 60000)
    tbs = b"\x00\x00" + ts + b"\x00\x00" + struct.pack(">I", len(leaf_der))[1:] + leaf_der + b"\x00\x00"
    sig = openssl("dgst", "-sha256", "-sign", signing_key, data=tbs)
    # SignedCertificateTimestamp: version, log id, timestamp, extensions,
    # then sha256(4)/ecdsa(3) and the signature.
    return b"\x00" + hashlib.sha256(log_spki).digest() + ts + b"\x00\x00" + b"\x04\x03" + u16(sig)


def serverinfo(name, one_sct):
    body = u16(u16(one_sct))  # SignedCertificateTimestampList
    context = 0x0080 | 0x0100 | 0x1000
    data = struct.pack(">IH", context, 18) + u16(body)
    pem = "-----BEGIN SERVERINFOV2 FOR CT-----\n"
    b64 = base64.b64encode(data).decode()
    pem += "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64))
    pem += "\n-----END SERVERINFOV2 FOR CT-----\n"
    with open(os.path.join(work, name), "w") as f:
        f.write(pem)


leaf_der = openssl("x509", "-in", leaf_pem, "-outform", "DER")
good_key, good_spki = log_key("ctlog")
other_key, other_spki = log_key("otherlog")
with open(os.path.join(work, "ctlogs.cnf"), "w") as f:
    f.write("enabled_logs=testlog\n\n[testlog]\ndescription = libssl-rs test log\n")
    f.write("key = " + base64.b64encode(good_spki).decode() + "\n")
serverinfo("good.pem", sct(good_key, good_spki, leaf_der))
serverinfo("unknown.pem", sct(other_key, other_spki, leaf_der))
serverinfo("forged.pem", sct(other_key, good_spki, leaf_der))
