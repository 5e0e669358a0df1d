#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Live assessment: on this machine, and in a private network namespace with
real listening sockets and a real ruleset loaded in the kernel."""
import os
import subprocess
import sys
import time

from bwtest import *

if not is_root():
    print("needs root for network namespaces: skipped")
    sys.exit(SKIP)

# This machine, as CI runs it. --no-probe: the host's listening sockets are not
# ours to connect to; endpoint probing is tested in a namespace (assess-endpoints.sh).
report, rc = assess_json("--no-probe")
expect(report["target"]["mode"] == "live", "live run on this machine")
expect(len(report["requirements"]) == 14 and all(r["verdict"] for r in report["requirements"]), "every requirement decided live")

ns = f"bw-live-{os.getpid()}"
subprocess.run(["ip", "netns", "add", ns], check=True)
procs = []
try:
    subprocess.run(["ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"], check=True)

    def listen(proto, port):
        code = ("import socket,sys,time\n"
                f"s=socket.socket(socket.AF_INET, socket.SOCK_{'STREAM' if proto == 'tcp' else 'DGRAM'})\n"
                "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                f"s.bind(('0.0.0.0', {port}))\n"
                + ("s.listen()\n" if proto == "tcp" else "") +
                "print('up', flush=True)\ntime.sleep(120)\n")
        p = subprocess.Popen(["ip", "netns", "exec", ns, "python3", "-c", code], stdout=subprocess.PIPE, text=True)
        procs.append(p)
        assert p.stdout.readline().strip() == "up"

    def assess_ns():
        p = subprocess.run(["ip", "netns", "exec", ns, BULWARK, "assess", "--format", "json", "--sl", "3", "--role", "network"],
                           capture_output=True, text=True, timeout=120)
        return json.loads(p.stdout)

    listen("udp", 68)
    listen("tcp", 23)
    listen("tcp", 25)
    r = assess_ns()
    d = check(r, "CR 4.1", "dhcp-client-port-closed")
    expect(d["verdict"] == "fail" and "68" in json.dumps(d["evidence"]), "a UDP 68 listener without a drop rule fails CR 4.1")
    t = check(r, "CR 4.1", "plaintext-services")
    expect(t["verdict"] == "fail" and "python3" in json.dumps(t["evidence"]), "a telnet-port listener fails, naming its process")
    m = check(r, "NDR 5.3", "p2p-services-absent")
    expect(m["verdict"] == "fail" and ":25" in json.dumps(m["evidence"]), "a listener on 25 is a messaging service")
    expect(check(r, "NDR 5.2 RE(1)", "default-deny")["verdict"] == "fail", "no ruleset in the namespace: not default-deny")

    ruleset = """flush ruleset
table inet filter {
    chain input {
        type filter hook input priority filter; policy drop;
        ct state established,related accept
        iifname "lo" accept
        iifname "eth1" tcp dport 22 accept
    }
    chain forward { type filter hook forward priority filter; policy drop; }
}
"""
    subprocess.run(["ip", "netns", "exec", ns, "nft", "-f", "-"], input=ruleset, text=True, check=True)
    r = assess_ns()
    expect(check(r, "CR 4.1", "dhcp-client-port-closed")["verdict"] == "pass", "the loaded ruleset drops UDP 68: pass though a client listens")
    expect(check(r, "NDR 5.2 RE(1)", "default-deny")["verdict"] == "pass", "the loaded default-drop ruleset passes NDR 5.2 RE(1)")
    expect(check(r, "NDR 5.3", "p2p-ports-dropped")["verdict"] == "pass", "messaging ports dropped by the loaded ruleset")
    expect(check(r, "CR 5.1", "network-segmentation")["verdict"] == "pass", "iifname zones count as segmentation evidence")
finally:
    for p in procs:
        p.kill()
        p.wait()
    subprocess.run(["ip", "netns", "del", ns])
done()
