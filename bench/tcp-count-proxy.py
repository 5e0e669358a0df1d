#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Counts TCP connections: listens on 127.0.0.1:LISTEN, forwards each to
127.0.0.1:TARGET, and on SIGTERM writes the count to COUNT_FILE.
Usage: tcp-count-proxy.py LISTEN TARGET COUNT_FILE"""
import signal
import socket
import sys
import threading

listen, target, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
count = 0


def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def stop(*_):
    with open(out, "w") as f:
        f.write("%d\n" % count)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", listen))
srv.listen(256)
while True:
    c, _ = srv.accept()
    count += 1
    try:
        u = socket.create_connection(("127.0.0.1", target))
    except OSError:
        c.close()
        continue
    threading.Thread(target=pipe, args=(c, u), daemon=True).start()
    threading.Thread(target=pipe, args=(u, c), daemon=True).start()
