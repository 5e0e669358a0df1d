# SPDX-License-Identifier: GPL-2.0-or-later
"""What the scanner tests share: checks that collect their failures, a free
port on 127.0.0.1, and a server started in its own session and waited for
until it accepts connections (tests stop it by its pid)."""
import socket
import struct
import subprocess
import time

FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, port):
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    end = time.monotonic() + 15
    while time.monotonic() < end and p.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return p
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("did not start: %r" % cmd)


NAME_LISTS = ("KEX algorithms", "host key algorithms", "ciphers ctos", "ciphers stoc", "MACs ctos", "MACs stoc",
              "compression ctos", "compression stoc", "languages ctos", "languages stoc")


def _recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("the server closed the connection after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def server_hello(port, timeout=10):
    """The server's identification line and its KEXINIT name-lists, read off
    the wire as RFC 4253 sections 4.2 and 7.1 define them (the server sends
    both before it needs anything from the client but our own line). Returns
    (banner, {name: [algorithms]}) with the names OpenSSH's ssh -vvv logs."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(b"SSH-2.0-bulwark_test_oracle\r\n")
        line = b""
        while True:  # lines before the identification string are allowed (4.2)
            c = _recv_exact(s, 1)
            line += c
            if c == b"\n":
                if line.startswith(b"SSH-"):
                    break
                line = b""
            if len(line) > 255:
                raise ValueError("identification line over 255 bytes")
        banner = line.rstrip(b"\r\n").decode("ascii", "replace")
        length, padding = struct.unpack(">IB", _recv_exact(s, 5))
        if not 12 <= length <= 35000 or padding >= length:
            raise ValueError("implausible first packet (length %d, padding %d)" % (length, padding))
        payload = _recv_exact(s, length - 1)[:length - 1 - padding]
        if payload[0] != 20:
            raise ValueError("first packet is message %d, not KEXINIT (20)" % payload[0])
        off, lists = 17, {}
        for name in NAME_LISTS:
            (n,) = struct.unpack(">I", payload[off:off + 4])
            lists[name] = [x for x in payload[off + 4:off + 4 + n].decode("ascii", "replace").split(",") if x]
            off += 4 + n
        return banner, lists
