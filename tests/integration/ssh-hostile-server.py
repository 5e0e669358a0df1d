#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A deliberately broken SSH server for robustness tests.

Usage: ssh-hostile-server.py MODE  -- listens on 127.0.0.1 (a free port,
printed on stdout), answers every connection the way MODE says, until killed.
Mode "terrapin" is not broken but exposed: a KEXINIT with chacha20-poly1305
and an EtM MAC and no kex-strict-s-v00@openssh.com.
"""
import os
import socket
import struct
import sys
import threading
import time

BANNER = b"SSH-2.0-Hostile_1.0\r\n"


def packet(payload, pad=4):
    return struct.pack(">IB", 1 + len(payload) + pad, pad) + payload + b"\0" * pad


def packet_aligned(payload):
    """A packet as RFC 4253 6 frames it: 4 to 255 bytes of padding, the whole a multiple of 8."""
    pad = 8 - (5 + len(payload)) % 8
    if pad < 4:
        pad += 8
    return packet(payload, pad)


def namelist(names):
    s = ",".join(names).encode() if isinstance(names, list) else names
    return struct.pack(">I", len(s)) + s


def kexinit(hostkey=("ssh-ed25519",), kex=("curve25519-sha256",), raw_first=None, ciphers=b"aes128-ctr",
            macs=b"hmac-sha2-256"):
    lists = [raw_first if raw_first is not None else ",".join(kex).encode(), ",".join(hostkey).encode(),
             ciphers, ciphers, macs, macs, b"none", b"none", b"", b""]
    return bytes([20]) + os.urandom(16) + b"".join(namelist(x) for x in lists) + b"\0" + b"\0\0\0\0"


def read_some(c, n=65536):
    try:
        return c.recv(n)
    except OSError:
        return b""


def serve(c, mode):
    if mode == "endless-banner":          # pre-banner lines forever, fast
        while True:
            c.sendall(b"hello, this is not a banner yet\r\n")
    elif mode == "endless-banner-slow":   # one byte per second, never a line end
        while True:
            c.sendall(b"x")
            time.sleep(1)
    elif mode == "slow":                  # a valid banner at one byte per second
        for b in BANNER + packet(kexinit()):
            c.sendall(bytes([b]))
            time.sleep(1)
    elif mode == "long-line":
        c.sendall(b"SSH-2.0-" + b"A" * 100000)
        time.sleep(30)
    elif mode == "silent":
        time.sleep(30)
    elif mode == "ssh1":
        c.sendall(b"SSH-1.5-OldServer\r\n")
        time.sleep(30)
    elif mode == "huge-length":           # an impossible packet length
        c.sendall(BANNER + struct.pack(">IB", 0xFFFFFFF0, 4))
        time.sleep(30)
    elif mode == "bad-padding":
        p = kexinit()
        c.sendall(BANNER + struct.pack(">IB", 1 + len(p) + 2, 2) + p + b"\0\0")
        time.sleep(30)
    elif mode == "truncated":             # half a KEXINIT, then close
        p = packet(kexinit())
        c.sendall(BANNER + p[: len(p) // 2])
        c.close()
        return
    elif mode == "truncated-lists":       # packet framing fine, name-list length runs past the end
        p = bytes([20]) + os.urandom(16) + struct.pack(">I", 5000) + b"curve25519-sha256"
        c.sendall(BANNER + packet(p))
        time.sleep(30)
    elif mode == "garbage-names":
        c.sendall(BANNER + packet(kexinit(raw_first=b"curve25519\x01\x02,\xff")))
        time.sleep(30)
    elif mode == "terrapin":              # chacha20-poly1305 and an EtM MAC without strict kex (CVE-2023-48795)
        c.sendall(BANNER + packet_aligned(kexinit(kex=("curve25519-sha256", "ext-info-s"),
                                          ciphers=b"chacha20-poly1305@openssh.com,aes128-ctr",
                                          macs=b"hmac-sha2-256-etm@openssh.com,hmac-sha2-256")))
        time.sleep(30)
    elif mode == "disconnect":
        reason = b"go away"
        c.sendall(BANNER + packet(bytes([1]) + struct.pack(">I", 2) + namelist(reason) + namelist(b"")))
        time.sleep(30)
    elif mode in ("reset-mid-kex", "garbage-reply", "ok-ignore"):
        # A correct KEXINIT; what follows the client's KEX init message depends on the mode.
        c.sendall(BANNER + packet(kexinit(hostkey=("ssh-ed25519", "rsa-sha2-256"))))
        data = b""
        deadline = time.time() + 10
        while data.count(b"\x1e") == 0 and time.time() < deadline:  # wait for KEX_ECDH_INIT (30)
            d = read_some(c)
            if not d:
                return
            data += d
        if mode == "reset-mid-kex":
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            c.close()
            return
        if mode == "garbage-reply":
            # K_S whose inner type string claims 4 GiB
            ks = struct.pack(">I", 0xFFFFFFFF) + b"ssh-ed25519"
            c.sendall(packet(bytes([31]) + namelist(ks) + namelist(b"x" * 32) + namelist(b"sig")))
        else:
            # IGNORE and DEBUG first, then a good reply with an ed25519 key
            blob = namelist(b"ssh-ed25519") + namelist(b"\x11" * 32)
            c.sendall(packet(bytes([2]) + namelist(b"noise")) + packet(bytes([4, 0]) + namelist(b"dbg") + namelist(b"")) +
                      packet(bytes([31]) + namelist(blob) + namelist(b"q" * 32) + namelist(b"sig")))
        time.sleep(30)
    c.close()


def handle(c, mode):
    try:
        serve(c, mode)
    except OSError:
        pass
    finally:
        try:
            c.close()
        except OSError:
            pass


def main():
    mode = sys.argv[1]
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    print(s.getsockname()[1], flush=True)
    while True:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(c, mode), daemon=True).start()


if __name__ == "__main__":
    main()
