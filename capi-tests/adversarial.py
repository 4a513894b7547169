#!/usr/bin/env python3
"""A scripted hostile client against openssl s_server on 127.0.0.1, run once
per library (the caller starts the servers): each probe sends crafted
records and prints one line, "probe NAME: OUTCOME", where OUTCOME is the
alert the server sent, "serverhello" if it answered with a ServerHello, or
"closed"/"timeout". The caller compares the system libssl's lines with
ours. The ClientHello is a real one: openssl s_client's, recorded.

usage: adversarial.py CH_FILE PORT
"""
import socket, struct, sys

CH = open(sys.argv[1], "rb").read()  # one record: header + ClientHello
PORT = int(sys.argv[2])
BODY = CH[5:]  # the handshake message


def record(ct, payload, version=b"\x03\x01"):
    return bytes([ct]) + version + struct.pack(">H", len(payload)) + payload


def outcome(data):
    """What the server's first bytes say."""
    if len(data) < 5:
        return "closed"
    ct, n = data[0], struct.unpack(">H", data[3:5])[0]
    frag = data[5 : 5 + n]
    if ct == 21 and len(frag) >= 2:
        return f"alert {frag[1]}"
    if ct == 22 and frag[:1] == b"\x02":
        return "serverhello"
    return f"record type {ct}"


def probe(name, payload):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    try:
        s.sendall(payload)
        data = b""
        while len(data) < 7:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        result = outcome(data)
    except socket.timeout:
        result = "timeout"
    except ConnectionResetError:
        result = "reset"
    finally:
        s.close()
    print(f"probe {name}: {result}", flush=True)


# The ClientHello split into 1-byte handshake records (RFC 8446 5.1 allows
# any fragmentation of handshake messages).
probe("ClientHello in 1-byte records", b"".join(record(22, BODY[i : i + 1]) for i in range(len(BODY))))
# Empty handshake records before it: "Implementations MUST NOT send
# zero-length fragments of Handshake types".
probe("an empty handshake record first", record(22, b"") + CH)
# 1000 empty application-data records before any handshake.
probe("1000 empty application_data records", record(23, b"") * 1000 + CH)
# A plaintext record one byte over 2^14 (record_overflow).
probe("plaintext record of 2^14 + 1 bytes", record(22, BODY + b"\x00" * (16385 - len(BODY))))
# A record length beyond any TLSCiphertext (2^14 + 2048 + 1).
probe("record length 2^14 + 2049", record(23, b"\x00" * (16384 + 2049)))
# Data after the ClientHello in the same record (a second, truncated message).
probe("ClientHello followed by a truncated message", record(22, BODY + b"\x01\x00\x00\x10"))
# An unknown record type.
probe("record type 99", record(99, b"\x00") + CH)
# An SSL 2.0-style first byte.
probe("SSLv2 record header", b"\x80\x2e\x01\x03\x01" + b"\x00" * 45)
# change_cipher_spec before the ClientHello.
probe("change_cipher_spec first", record(20, b"\x01") + CH)
# An alert before the ClientHello (close_notify, warning).
probe("close_notify first", record(21, b"\x01\x00") + CH)


def truncated(n):
    """The first n bytes of the ClientHello record, then end of stream."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    try:
        s.sendall(CH[:n])
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        return outcome(data)
    except socket.timeout:
        return "timeout"
    except ConnectionResetError:
        return "reset"
    finally:
        s.close()


# Every truncation of the ClientHello: no hang (the server sees end of
# stream), the same answer as the system libssl's at each length.
seen = {}
for n in range(len(CH)):
    seen.setdefault(truncated(n), []).append(n)
summary = "; ".join(f"{k} at {len(v)} lengths" for k, v in sorted(seen.items()))
print(f"probe ClientHello truncated at each of its {len(CH)} bytes: {summary}", flush=True)
