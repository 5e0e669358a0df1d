#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A deliberately broken TLS server for robustness tests.

tls-hostile-server.py MODE PORT   serves MODE on 127.0.0.1:PORT until killed:
  truncated  a record header promising 100 bytes, 10 bytes, then close
  badlen     a record header with length 65535
  garbage    endless "HTTP/1.1 200 OK" lines
  endless    endless ChangeCipherSpec records, never a handshake
  slow       a valid ServerHello, one byte per second
  reset      half a ServerHello, then a TCP reset
  bigcert    a valid ServerHello (suite 0x002F only), then a Certificate
             message claiming 16 MiB, then 64 MiB streamed until the client goes away
  heartbleed a TLS 1.0-1.2 server (0x002F, no certificate) with the heartbeat
             extension that answers a heartbeat with as many bytes as it claims
             (CVE-2014-0160, emulated: the "memory" is filler)
  heartbeat  the same with a correct heartbeat: drops one that claims more
             than it carries, echoes well-formed ones
  sslv2      answers an SSL 2.0 CLIENT-HELLO with an SSL 2.0 SERVER-HELLO
             (RC4_128_WITH_MD5, DES_192_EDE3_CBC_WITH_MD5; a dummy certificate)
  nofallback not broken but weak: speaks TLS 1.1 and 1.2 (suite 0x002F only,
             a ServerHello and then silence) and ignores TLS_FALLBACK_SCSV
"""
import socket
import socketserver
import struct
import sys
import time


def server_hello(version=0x0303, suite=0x002F):
    body = struct.pack(">H", version) + b"\x11" * 32 + b"\x00" + struct.pack(">HB", suite, 0)
    hs = b"\x02" + struct.pack(">I", len(body))[1:] + body
    return b"\x16\x03\x03" + struct.pack(">H", len(hs)) + hs


def offered(hello):
    """Suite codes of a ClientHello record (best effort; the server is hostile, not careful)."""
    try:
        p = 5 + 4 + 2 + 32
        p += 1 + hello[p]
        n = struct.unpack(">H", hello[p:p + 2])[0]
        return [struct.unpack(">H", hello[p + 2 + i:p + 4 + i])[0] for i in range(0, n, 2)]
    except Exception:
        return []


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        s = self.request
        s.settimeout(30)
        try:
            hello = s.recv(65536)
            mode = self.server.mode
            if mode == "truncated":
                s.sendall(b"\x16\x03\x03\x00\x64" + b"\x02" * 10)
            elif mode == "badlen":
                s.sendall(b"\x16\x03\x03\xff\xff" + b"\x00" * 64)
            elif mode == "garbage":
                while True:
                    s.sendall(b"HTTP/1.1 200 OK\r\n" * 64)
            elif mode == "endless":
                while True:
                    s.sendall(b"\x14\x03\x03\x00\x01\x01" * 1024)
            elif mode == "slow":
                for b in server_hello():
                    s.sendall(bytes([b]))
                    time.sleep(1)
            elif mode == "reset":
                s.sendall(server_hello()[:20])
                time.sleep(0.05)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.close()  # now, before socketserver's shutdown() could send a FIN
            elif mode == "sslv2":
                if len(hello) < 3 or not hello[0] & 0x80 or hello[2] != 1:
                    s.sendall(b"\x15\x03\x01\x00\x02\x02\x46")
                    return
                cert, specs, conn_id = b"\x30\x03\x02\x01\x00", b"\x01\x00\x80\x07\x00\xc0", b"\x42" * 16
                body = bytes([4, 0, 1]) + b"\x00\x02" + struct.pack(">HHH", len(cert), len(specs), len(conn_id)) + \
                    cert + specs + conn_id
                s.sendall(struct.pack(">H", 0x8000 | len(body)) + body)
                time.sleep(0.5)
            elif mode in ("heartbleed", "heartbeat"):
                version = struct.unpack(">H", hello[9:11])[0] if len(hello) >= 11 else 0
                if 0x002F not in offered(hello) or version not in (0x0301, 0x0302, 0x0303):
                    s.sendall(b"\x15\x03\x01\x00\x02\x02\x28")
                    return
                exts = b"\xff\x01\x00\x01\x00" + b"\x00\x0f\x00\x01\x01"
                body = struct.pack(">H", version) + b"\x11" * 32 + b"\x00" + struct.pack(">HB", 0x002F, 0) + \
                    struct.pack(">H", len(exts)) + exts
                hs = b"\x02" + struct.pack(">I", len(body))[1:] + body + b"\x0e\x00\x00\x00"
                s.sendall(b"\x16" + struct.pack(">H", version) + struct.pack(">H", len(hs)) + hs)
                buf = b""
                while True:
                    d = s.recv(65536)
                    if not d:
                        return
                    buf += d
                    while len(buf) >= 5 and len(buf) >= 5 + struct.unpack(">H", buf[3:5])[0]:
                        n = struct.unpack(">H", buf[3:5])[0]
                        rec, buf = buf[5:5 + n], buf[5 + n:]
                        if len(rec) < 3 or rec[0] != 1:
                            continue
                        claimed = struct.unpack(">H", rec[1:3])[0]
                        if mode == "heartbeat" and 3 + claimed + 16 > len(rec):
                            continue  # RFC 6520 4: discard silently
                        payload = rec[3:3 + claimed] if mode == "heartbeat" else (rec[3:] + b"L" * claimed)[:claimed]
                        resp = b"\x02" + struct.pack(">H", claimed) + payload + b"P" * 16
                        s.sendall(b"\x18" + struct.pack(">H", version) + struct.pack(">H", len(resp)) + resp)
            elif mode == "nofallback":
                version = struct.unpack(">H", hello[9:11])[0] if len(hello) >= 11 else 0
                if 0x002F not in offered(hello):
                    s.sendall(b"\x15\x03\x03\x00\x02\x02\x28")  # handshake_failure
                elif version not in (0x0302, 0x0303):
                    s.sendall(b"\x15\x03\x03\x00\x02\x02\x46")  # protocol_version
                else:
                    s.sendall(server_hello(version=version))  # whatever 0x5600 says
                    time.sleep(0.5)
            elif mode == "bigcert":
                if 0x002F not in offered(hello):
                    s.sendall(b"\x15\x03\x03\x00\x02\x02\x28")
                    return
                # A handshake length has 24 bits: claim the most, then stream 64 MiB.
                size = 64 * 1024 * 1024
                s.sendall(server_hello())
                hs = b"\x0b\xff\xff\xff"
                s.sendall(b"\x16\x03\x03" + struct.pack(">H", len(hs)) + hs)
                chunk = b"\x16\x03\x03\x40\x00" + b"\x30" * 16384
                for _ in range(size // 16384):
                    s.sendall(chunk)
        except OSError:
            pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    with Server(("127.0.0.1", port), Handler) as srv:
        srv.mode = mode
        srv.serve_forever()


if __name__ == "__main__":
    main()
