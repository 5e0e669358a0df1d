#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A small STARTTLS server for tests: speaks the plaintext part of PROTO
(smtp, imap, pop3, ftp, ldap, postgres, mysql, xmpp, xmpp-server), then hands the connection to real OpenSSL (Python's
ssl module) for the handshake.

starttls-server.py PROTO [ADDR:]PORT CERT KEY [CIPHERS]   serves on ADDR (127.0.0.1):PORT until killed;
PROTO "smtp-plain" is an SMTP server that offers no STARTTLS.
"""
import socket
import socketserver
import ssl
import sys


def lines(f):
    return f.readline(1024)


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        s, f, proto = self.request, self.rfile, self.server.proto
        s.settimeout(10)
        try:
            if proto in ("smtp", "smtp-plain"):
                s.sendall(b"220-test.invalid ESMTP\r\n220 ready\r\n")
                if not lines(f).upper().startswith(b"EHLO"):
                    return
                s.sendall(b"250-test.invalid\r\n" + (b"250-STARTTLS\r\n" if proto == "smtp" else b"") + b"250 8BITMIME\r\n")
                if proto == "smtp-plain" or not lines(f).upper().startswith(b"STARTTLS"):
                    return
                s.sendall(b"220 go ahead\r\n")
            elif proto == "imap":
                s.sendall(b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n")
                for _ in range(8):  # CAPABILITY (s_client asks first) until STARTTLS
                    cmd = lines(f).rstrip(b"\r\n").split(b" ")
                    if len(cmd) >= 2 and cmd[1].upper() == b"CAPABILITY":
                        s.sendall(b"* CAPABILITY IMAP4rev1 STARTTLS\r\n" + cmd[0] + b" OK done\r\n")
                    elif len(cmd) >= 2 and cmd[1].upper() == b"STARTTLS":
                        s.sendall(b"* note\r\n" + cmd[0] + b" OK begin TLS\r\n")
                        break
                    else:
                        return
            elif proto == "pop3":
                s.sendall(b"+OK ready\r\n")
                if not lines(f).upper().startswith(b"STLS"):
                    return
                s.sendall(b"+OK begin TLS\r\n")
            elif proto == "postgres":
                if s.recv(8) != b"\x00\x00\x00\x08\x04\xd2\x16\x2f":  # SSLRequest
                    return
                s.sendall(b"S")
            elif proto == "ldap":
                req = s.recv(256)
                if b"1.3.6.1.4.1.1466.20037" not in req:
                    return
                msgid = req[4:5] if len(req) > 5 and req[2] == 0x02 and req[3] == 0x01 else b"\x01"
                # ExtendedResponse: resultCode success, empty matchedDN and diagnosticMessage
                s.sendall(b"\x30\x0c\x02\x01" + msgid + b"\x78\x07\x0a\x01\x00\x04\x00\x04\x00")
            elif proto == "mysql":
                # Handshake v10: version, thread id, salt, filler, capabilities (CLIENT_SSL set), charset,
                # status, upper capabilities, auth data length, reserved, salt part 2, plugin name.
                body = (b"\x0a" + b"5.7.0-test\0" + b"\x01\0\0\0" + b"saltsalt" + b"\0" + b"\xff\xff" + b"\x21" +
                        b"\x02\0" + b"\xff\x81" + b"\x15" + b"\0" * 10 + b"saltsaltsalt\0" + b"mysql_native_password\0")
                s.sendall(len(body).to_bytes(3, "little") + b"\0" + body)
                req = s.recv(36)
                if len(req) < 8 or not (req[4] | req[5] << 8) & 0x0800:  # an SSLRequest
                    return
            elif proto in ("xmpp", "xmpp-server"):
                data = b""
                while b"<stream:stream" not in data or not data.rstrip().endswith(b">"):
                    d = s.recv(1024)
                    if not d or len(data) > 8192:
                        return
                    data += d
                ns = b"jabber:client" if proto == "xmpp" else b"jabber:server"
                s.sendall(b"<?xml version='1.0'?><stream:stream xmlns='" + ns + b"' xmlns:stream='http://etherx.jabber.org/"
                          b"streams' id='t1' from='test.invalid' version='1.0'><stream:features><starttls xmlns='urn:ietf:"
                          b"params:xml:ns:xmpp-tls'><required/></starttls></stream:features>")
                data = b""
                while b"<starttls" not in data:
                    d = s.recv(1024)
                    if not d or len(data) > 8192:
                        return
                    data += d
                s.sendall(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            elif proto == "ftp":
                s.sendall(b"220 ready\r\n")
                if not lines(f).upper().startswith(b"AUTH TLS"):
                    return
                s.sendall(b"234 AUTH TLS ok\r\n")
            with self.server.ctx.wrap_socket(s, server_side=True) as t:
                t.sendall(b"hello\r\n")
        except (OSError, ssl.SSLError):
            pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def main():
    proto, cert, key = sys.argv[1], sys.argv[3], sys.argv[4]
    addr, _, port = sys.argv[2].rpartition(":")  # PORT or ADDR:PORT
    addr, port = addr or "127.0.0.1", int(port)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    if len(sys.argv) > 5:
        ctx.set_ciphers(sys.argv[5])
    with Server((addr, port), Handler) as srv:
        srv.proto, srv.ctx = proto, ctx
        srv.serve_forever()


if __name__ == "__main__":
    main()
