"""Python's ssl module reusing a session (it serialises sessions with
i2d_SSL_SESSION/d2i_SSL_SESSION internally).
usage: python_resume.py PORT CAFILE [tls1_2]  (tls1_2: maximum_version TLSv1_2)"""
import socket, ssl, sys
port, ca = int(sys.argv[1]), sys.argv[2]
tls12 = len(sys.argv) > 3 and sys.argv[3] == "tls1_2"
ctx = ssl.create_default_context(cafile=ca)
if tls12:
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
def one(session=None):
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost", session=session)
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    data = b""
    while True:
        d = s.recv(4096)
        if not d:
            break
        data += d
    sess, reused = s.session, s.session_reused
    if tls12:
        print("version:", s.version(), s.cipher()[0])
    s.close()
    return sess, reused, len(data) > 0
s1, r1, ok1 = one()
s2, r2, ok2 = one(s1)
print("python resumption:", r1, r2, ok1 and ok2, "has_ticket" if s1.has_ticket else "no ticket", s1.timeout)
