#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# SSH scan speed: `bulwark scan ssh` against `ssh-audit`, both doing a full scan
# (algorithm lists and every host key) of the same local sshd with default
# settings and three host keys. hyperfine, medians of 5 runs (after a warm-up),
# plus the TCP connections each opens per scan (counted in sshd's log).
#
# Usage (root: sshd needs its privilege separation directory):
#   bench/scan-ssh.sh [path/to/bulwark]
# Prints a Markdown table for docs/BENCHMARKS.md.
set -eu
BULWARK=$(realpath "${1:-build/bulwark}")
for t in hyperfine ssh-audit /usr/sbin/sshd; do
        command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "needs root (sshd)" >&2; exit 1; }

T=$(mktemp -d)
SSHD_PID=
cleanup() { [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
mkdir -p /run/sshd
for k in ed25519 ecdsa rsa; do ssh-keygen -q -t $k -N '' -f "$T/$k"; done
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$T/sshd.cfg" <<CFG
ListenAddress 127.0.0.1
PidFile none
UsePAM no
LogLevel VERBOSE
MaxStartups 100
HostKey $T/ed25519
HostKey $T/ecdsa
HostKey $T/rsa
CFG
/usr/sbin/sshd -D -e -f "$T/sshd.cfg" -p "$PORT" 2>"$T/sshd.log" &
SSHD_PID=$!
for _ in $(seq 100); do grep -q "Server listening" "$T/sshd.log" && break; sleep 0.05; done

connections() {
        local before after
        before=$(grep -c "^Connection from" "$T/sshd.log" || true)
        "$@" >/dev/null 2>&1 || true
        sleep 0.5
        after=$(grep -c "^Connection from" "$T/sshd.log" || true)
        echo $((after - before))
}
C_BW=$(connections "$BULWARK" scan ssh "127.0.0.1:$PORT")
C_SA=$(connections ssh-audit "127.0.0.1:$PORT")

# The server's own floor: how long sshd takes from a TCP connect until its
# KEXINIT has arrived, for any client (timed inside one process, so no client
# start-up is counted). No scan can finish sooner: it needs that KEXINIT.
FLOOR=$(/usr/bin/python3 - "$PORT" <<'PY'
import socket, statistics, struct, sys, time
port = int(sys.argv[1])
samples = []
for _ in range(21):
    t0 = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"SSH-2.0-floor\r\n")
    buf = b""
    while b"\r\n" not in buf:
        buf += s.recv(65536)
    buf = buf[buf.index(b"\r\n") + 2:]
    while len(buf) < 4 or len(buf) < 4 + struct.unpack(">I", buf[:4])[0]:
        buf += s.recv(65536)
    samples.append((time.perf_counter() - t0) * 1000)
    s.close()
    time.sleep(0.02)
print(f"{statistics.median(samples):.1f}")
PY
)

hyperfine --warmup 1 --runs 5 -N --ignore-failure --export-json "$T/h.json" \
        -n bulwark "$BULWARK scan ssh 127.0.0.1:$PORT" \
        -n ssh-audit "ssh-audit 127.0.0.1:$PORT" >&2

/usr/bin/python3 - "$T/h.json" "$C_BW" "$C_SA" "$FLOOR" "$(ssh-audit --help 2>&1 | grep -o 'ssh-audit v[0-9.]*' | head -1)" "$(/usr/sbin/sshd -V 2>&1 | head -1)" <<'PY'
import json, statistics, sys
floor = float(sys.argv[4])
sys.argv = sys.argv[:4] + sys.argv[5:]
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
bw = statistics.median(r["bulwark"]["times"]) * 1000
sa = statistics.median(r["ssh-audit"]["times"]) * 1000
print(f"| Tool | Median of 5 (ms) | Connections per scan |")
print(f"|---|---:|---:|")
print(f"| bulwark scan ssh | {bw:.1f} | {sys.argv[2]} |")
print(f"| {sys.argv[4] or 'ssh-audit'} | {sa:.1f} | {sys.argv[3]} |")
import os
print(f"\nbulwark is {sa / bw:.1f}x faster (target >= 20x). Server: {sys.argv[5]}; "
      f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end of the run.")
print(f"\nServer floor: sshd needs {floor:.1f} ms (median of 21) from connect to its KEXINIT for any client. "
      f"20x faster than ssh-audit means {sa / 20:.1f} ms for a whole scan, "
      + ("below that floor: no client can reach it against this server." if sa / 20 < floor
         else f"above that floor (best possible ratio {sa / floor:.1f}x)."))
PY
