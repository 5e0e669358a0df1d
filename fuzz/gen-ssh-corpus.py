#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Regenerates fuzz/corpus/ssh from a live sshd and ssh-keygen public keys.

Usage: gen-ssh-corpus.py HOST PORT OUTDIR PUBKEY...
Each seed's first byte selects the parser in fuzz-ssh.c.
"""
import base64
import os
import socket
import struct
import sys

host, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)


def write(name, sel, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes([sel]) + data)


def s(b):
    return struct.pack(">I", len(b)) + b


c = socket.create_connection((host, port))
c.sendall(b"SSH-2.0-corpus\r\n")
data = b""
while True:
    data += c.recv(65536)
    i = data.find(b"\n")
    if i >= 0 and len(data) > i + 5:
        plen = struct.unpack(">I", data[i + 1:i + 5])[0]
        if len(data) >= i + 5 + plen:
            break
c.close()
stream = data[: i + 5 + plen]
write("stream-openssh", 0, stream)
payload = stream[i + 6: i + 5 + plen - stream[i + 5]]
write("kexinit-openssh", 1, payload)
for k in sys.argv[4:]:
    blob = base64.b64decode(open(k).read().split()[1])
    name = os.path.basename(k).replace(".pub", "")
    write("hostkey-" + name, 3, blob)
    write("reply-" + name, 2, bytes([31]) + s(blob) + s(b"\x04" + b"q" * 64) + s(b"sig"))
write("gex-group", 4, bytes([31]) + s(b"\x00" + b"\xff" * 256) + s(b"\x02"))
write("disconnect", 5, bytes([1]) + struct.pack(">I", 2) + s(b"too many connections") + s(b""))
