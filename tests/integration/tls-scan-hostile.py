#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs bulwark scan tls against each mode of tls-hostile-server.py and
asserts a clear error, an exit code of 3 (or a result that names the
problem, for the 64 MiB certificate), and bounded memory.

Usage: tls-scan-hostile.py BULWARK
"""
import os
import tempfile
import signal
import socket
import subprocess
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scanlib import free_port  # noqa: E402


BULWARK = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))

# mode -> (expected exit code, text the error must contain)
CASES = {
    "truncated": (3, "truncated"),
    "badlen": (3, "record length 65535 exceeds"),
    "garbage": (3, "not a TLS record"),
    "endless": (3, "no complete answer within"),
    "slow": (3, "too slowly"),
    "reset": (3, "reset by peer"),
    "bigcert": (None, "claims 16777215 bytes"),
    # The overall limit wins over a longer per-connection one.
    "slow:overall": (3, "the scan's time limit of 3000 ms"),
}


def main():
    failures = 0
    for case, (code, text) in CASES.items():
        mode = case.split(":")[0]
        limits = ["--timeout", "20000", "--max-time", "3000"] if case.endswith(":overall") else \
                 ["--timeout", "2500", "--max-time", "20000"]
        port = free_port()
        srv = subprocess.Popen([sys.executable, os.path.join(HERE, "tls-hostile-server.py"), mode, str(port)],
                               start_new_session=True)
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            # wait4() gives this child's peak RSS, not the servers'; it includes the
            # forked interpreter's before exec (~15 MiB), so it is an upper bound.
            with tempfile.TemporaryFile("w+") as fo, tempfile.TemporaryFile("w+") as fe:
                p = subprocess.Popen([BULWARK, "scan", "tls"] + limits + ["--format", "json", "127.0.0.1:%d" % port],
                                     stdout=fo, stderr=fe)
                deadline = time.monotonic() + 60
                while True:
                    pid, status, ru = os.wait4(p.pid, os.WNOHANG)
                    if pid:
                        break
                    if time.monotonic() > deadline:
                        p.kill()
                    time.sleep(0.05)
                p.returncode = os.waitstatus_to_exitcode(status)
                fo.seek(0)
                fe.seek(0)
                r = subprocess.CompletedProcess(p.args, p.returncode, fo.read(), fe.read())
            rss_kib = ru.ru_maxrss
            out = r.stdout + r.stderr
            ok = text in out and (code is None or r.returncode == code) and r.returncode in (0, 1, 3)
            # The reader caps buffers at 256 KiB per connection: far below 64 MiB.
            # An unbounded reader would hold the 64 MiB the bigcert server streams.
            ok = ok and rss_kib < 48 * 1024
            print("%-12s exit %d, max RSS %d KiB: %s" % (case, r.returncode, rss_kib,
                                                       (r.stderr.strip() or r.stdout.strip()[:200]).splitlines()[-1:]))
            if not ok:
                print("FAIL: %s: expected exit %s and '%s'; got:\n%s" % (case, code, text, out[-2000:]))
                failures += 1
        finally:
            os.killpg(srv.pid, signal.SIGKILL)
            srv.wait()
    print("%d passed, %d failed" % (len(CASES) - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
