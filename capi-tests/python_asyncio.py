"""Python asyncio TLS, client and server, as asyncio users write it.

usage: python_asyncio.py server CERT KEY PORTFILE   (serves 2 connections, then exits)
       python_asyncio.py client PORT CAFILE

asyncio drives the SSL object through memory BIOs (ssl.MemoryBIO), calls
SSLObject.compression() and shuts down with close_notify; the library under
test is whichever libssl.so.3 the process loaded. Output is the same on the
system libssl and on libssl-rs when both behave as OpenSSL.
"""
import asyncio
import ssl
import sys


def mapped_libssl():
    with open("/proc/self/maps") as f:
        return sorted({l.split()[-1] for l in f if "libssl" in l})


async def serve(cert, key, portfile):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    done = asyncio.Event()
    served = 0

    async def handle(reader, writer):
        nonlocal served
        line = await reader.readline()
        obj = writer.get_extra_info("ssl_object")
        writer.write(b"echo " + line)
        await writer.drain()
        print("server:", obj.version(), "compression", obj.compression(), "got", line.strip().decode())
        writer.close()
        await writer.wait_closed()
        served += 1
        if served == 2:
            done.set()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=ctx)
    with open(portfile, "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    async with server:
        await asyncio.wait_for(done.wait(), 20)


async def client(port, cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    session = None
    for i in range(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=ctx, server_hostname="localhost")
        writer.write(b"ping %d\n" % i)
        await writer.drain()
        reply = await reader.readline()
        obj = writer.get_extra_info("ssl_object")
        print("client:", obj.version(), obj.cipher()[0], "compression", obj.compression(), "reply", reply.strip().decode())
        eof = await reader.read()
        print("client: server closed cleanly:", eof == b"")
        writer.close()
        await writer.wait_closed()


def main():
    print("libssl:", " ".join(mapped_libssl()), file=sys.stderr)
    if sys.argv[1] == "server":
        asyncio.run(serve(sys.argv[2], sys.argv[3], sys.argv[4]))
    else:
        asyncio.run(client(int(sys.argv[2]), sys.argv[3]))


if __name__ == "__main__":
    main()
