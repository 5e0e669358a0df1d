# SPDX-License-Identifier: GPL-2.0-or-later
"""What the scanner tests share: checks that collect their failures, a free
port on 127.0.0.1, and a server started in its own session and waited for
until it accepts connections (tests stop it by its pid)."""
import socket
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
