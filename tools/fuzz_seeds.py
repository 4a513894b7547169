#!/usr/bin/env python3
"""Seeds the fuzz corpora (fuzz/corpus/<target>/) from real handshakes:
openssl s_client talking to openssl s_server on 127.0.0.1 through a relay
that records both directions, for TLS 1.3, TLS 1.2 (ECDHE, RSA key exchange,
DHE, CBC with and without encrypt-then-MAC), TLS 1.0, client certificates
and resumption; the handshake messages inside the plaintext records; the
sessions s_client saved, as DER; and the cipher strings real configurations
use. Usage: fuzz_seeds.py CORPUS_DIR CERT_DIR (CERT_DIR from gen-certs.sh).
"""
import hashlib, os, socket, subprocess, sys, threading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from netwait import free_port, wait_port  # noqa: E402

CORPUS, CERTS = sys.argv[1], sys.argv[2]

# (name, s_server args, s_client args)
CASES = [
    ("tls13", [], []),
    ("tls13-hrr", [], ["-groups", "P-384:X25519"]),
    ("tls12-ecdhe", ["-tls1_2"], []),
    ("tls12-rsa-cbc", ["-tls1_2"], ["-cipher", "AES128-SHA"]),
    ("tls12-rsa-cbc-noetm", ["-tls1_2"], ["-cipher", "AES256-SHA256", "-no_etm"]),
    ("tls12-dhe", ["-tls1_2"], ["-cipher", "DHE-RSA-AES128-GCM-SHA256"]),
    ("tls10-ecdhe", ["-tls1", "-cipher", "ALL:@SECLEVEL=0"], ["-cipher", "ECDHE-RSA-AES128-SHA:@SECLEVEL=0"]),
    ("tls12-client-cert", ["-tls1_2", "-Verify", "1"], ["-cert", "client.pem", "-key", "client.key"]),
    ("tls13-client-cert", ["-Verify", "1"], ["-cert", "client.pem", "-key", "client.key"]),
]




def relay_once(listen_port, server_port, log):
    """Accepts one connection and relays it, appending (direction, bytes)."""
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", listen_port))
    ls.listen(1)
    ls.settimeout(10)

    def run():
        try:
            c, _ = ls.accept()
        except OSError:
            return
        s = socket.create_connection(("127.0.0.1", server_port))

        def pump(a, b, tag):
            try:
                while True:
                    d = a.recv(65536)
                    if not d:
                        break
                    log.append((tag, d))
                    b.sendall(d)
            except OSError:
                pass
            for x in (a, b):
                try:
                    x.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        t = threading.Thread(target=pump, args=(s, c, "s"), daemon=True)
        t.start()
        pump(c, s, "c")
        t.join(5)
        ls.close()

    th = threading.Thread(target=run, daemon=True)
    th.start()
    return th


def records(stream):
    """The TLS records of a byte stream: (type, version, fragment)."""
    out, i = [], 0
    while i + 5 <= len(stream):
        n = int.from_bytes(stream[i + 3 : i + 5], "big")
        out.append((stream[i], stream[i + 1 : i + 3], stream[i + 5 : i + 5 + n]))
        i += 5 + n
    return out


def handshake_messages(stream):
    """Handshake messages in the unprotected records: (type, body)."""
    buf = b"".join(f for t, _, f in records(stream) if t == 22)
    out, i = [], 0
    while i + 4 <= len(buf):
        n = int.from_bytes(buf[i + 1 : i + 4], "big")
        if i + 4 + n > len(buf):
            break
        out.append((buf[i], buf[i + 4 : i + 4 + n]))
        i += 4 + n
    return out


def save(target, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


# handshake_messages selectors (fuzz_targets/handshake_messages.rs) per
# message type, TLS 1.3 and TLS 1.2 readings.
SELECTORS = {1: [0], 2: [1], 4: [7, 15], 8: [3], 11: [4, 9], 12: [10, 11, 12], 13: [5, 13, 14], 15: [6], 16: [16]}


def main():
    count = 0
    for name, sargs, cargs in CASES:
        sport, rport = free_port(), free_port()
        srv = subprocess.Popen(
            ["openssl", "s_server", "-accept", f"127.0.0.1:{sport}", "-www", "-quiet",
             "-cert", f"{CERTS}/rsaenc.pem", "-key", f"{CERTS}/rsaenc.key", "-CAfile", f"{CERTS}/ca.pem"] + sargs,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if not wait_port(sport):
                continue
            sess = os.path.join(CORPUS, f".{name}.sess")
            for attempt in ("full", "resumed"):
                log = []
                th = relay_once(rport, sport, log)
                extra = ["-sess_out", sess] if attempt == "full" else ["-sess_in", sess]
                subprocess.run(
                    ["timeout", "10", "openssl", "s_client", "-connect", f"127.0.0.1:{rport}", "-CAfile", f"{CERTS}/ca.pem", "-ign_eof"]
                    + [a if not a.endswith((".pem", ".key")) or "/" in a else f"{CERTS}/{a}" for a in cargs] + extra,
                    input=b"GET / HTTP/1.0\r\n\r\n", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                th.join(10)
                client = b"".join(d for t, d in log if t == "c")
                server = b"".join(d for t, d in log if t == "s")
                if not client or not server:
                    continue
                # Engines: chunk sizes 255 (whole records) and 1 (byte by byte).
                for chunk in (b"\xff", b"\x01"):
                    save("server_engine", chunk + client)
                    save("client_engine", chunk + server)
                # Record layer, unprotected reading of both directions.
                save("record_layer", b"\x00" + client)
                save("record_layer", b"\x00" + server)
                for t, body in handshake_messages(client) + handshake_messages(server):
                    for sel in SELECTORS.get(t, []):
                        save("handshake_messages", bytes([sel]) + body)
                count += 1
            if os.path.exists(sess):
                der = subprocess.run(["openssl", "sess_id", "-in", sess, "-outform", "DER"], capture_output=True).stdout
                if der:
                    save("session_der", der)
                os.remove(sess)
        finally:
            srv.terminate()
            srv.wait()
    for s in ["DEFAULT", "HIGH:!aNULL:!MD5", "ECDHE+AESGCM:ECDHE+CHACHA20:!SHA1", "ALL:@SECLEVEL=0", "kRSA:+AES256",
              "EECDH+AESGCM:EDH+AESGCM", "DEFAULT:!RSA:@STRENGTH", "SUITEB128", "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"]:
        save("cipher_strings", s.encode())
    save("ticket", bytes(range(64)))
    # conf_cmd: a flags byte (1 command line, 2 file, 0x80 "--" prefix), then "command\0value".
    for flags, cmd, value in [(1, "-cipher", "ECDHE+AESGCM:!aNULL"), (1, "-ciphersuites", "TLS_AES_128_GCM_SHA256"),
                              (2, "MinProtocol", "TLSv1.2"), (2, "MaxProtocol", "TLSv1.3"), (2, "Groups", "X25519:P-256"),
                              (2, "SignatureAlgorithms", "ECDSA+SHA256:RSA-PSS+SHA256"), (1, "-no_ticket", None),
                              (2, "Options", "ServerPreference,-SessionTicket"), (0x81, "--curves", "P-384"),
                              (3, "CipherString", "DEFAULT@SECLEVEL=0")]:
        save("conf_cmd", bytes([flags]) + cmd.encode() + (b"\0" + value.encode() if value is not None else b""))
    print(f"seeded {count} recorded connections into {CORPUS}")


main()
