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
    d = check(r, "CR 4.1", "dhcp-client-port-closed")
    expect(d["verdict"] == "fail" and "packet socket" in d["summary"],
           "the loaded ruleset drops UDP 68, yet a client runs: fail, since its packet socket is not filtered")

    # The oracle of that verdict, with real packets: a datagram to udp/68 from a peer namespace is
    # dropped for an ordinary UDP socket by the loaded ruleset, and still read by a packet socket.
    peer = ns + "-peer"
    subprocess.run(["ip", "netns", "add", peer], check=True)
    try:
        subprocess.run(["ip", "link", "add", "bwv0", "netns", ns, "type", "veth", "peer", "name", "bwv1", "netns", peer], check=True)
        subprocess.run(["ip", "netns", "exec", ns, "ip", "addr", "add", "10.231.0.1/24", "dev", "bwv0"], check=True)
        subprocess.run(["ip", "netns", "exec", ns, "ip", "link", "set", "bwv0", "up"], check=True)
        subprocess.run(["ip", "netns", "exec", peer, "ip", "addr", "add", "10.231.0.2/24", "dev", "bwv1"], check=True)
        subprocess.run(["ip", "netns", "exec", peer, "ip", "link", "set", "bwv1", "up"], check=True)
        code = ("import socket,select,sys\n"
                "u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);u.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                "u.setsockopt(socket.SOL_SOCKET,socket.SO_BINDTODEVICE,b'bwv0');u.bind(('0.0.0.0',68))\n"
                "pk=socket.socket(socket.AF_PACKET,socket.SOCK_DGRAM,socket.htons(0x0800));pk.bind(('bwv0',0))\n"
                "print('up',flush=True)\n"
                "got_p=got_u=False\n"
                "while True:\n"
                "    r,_,_=select.select([u,pk],[],[],3)\n"
                "    if not r: break\n"
                "    for s in r:\n"
                "        b=s.recv(2048)\n"
                "        if s is u: got_u=True\n"
                "        elif len(b)>=28 and b[9]==17 and b[22:24]==(68).to_bytes(2,'big') and b'bulwark-dhcp' in b: got_p=True\n"
                "    if got_p: break\n"
                "if not got_u and select.select([u],[],[],1)[0]: got_u=True\n"
                "print('packet' if got_p else 'no-packet', 'udp' if got_u else 'no-udp', flush=True)\n")
        rx = subprocess.Popen(["ip", "netns", "exec", ns, "/usr/bin/python3", "-c", code], stdout=subprocess.PIPE, text=True)
        procs.append(rx)
        expect(rx.stdout.readline().strip() == "up", "receiver with a UDP and a packet socket on port 68 is up")
        for _ in range(3):
            subprocess.run(["ip", "netns", "exec", peer, "/usr/bin/python3", "-c",
                            "import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.sendto(b'bulwark-dhcp',('10.231.0.1',68))"],
                           check=True)
            time.sleep(0.2)
        out = rx.stdout.readline().split()
        expect(out[:1] == ["packet"], f"a packet socket reads the datagram to udp/68 the ruleset drops ({out})")
        expect(out[1:2] == ["no-udp"], f"the ordinary UDP socket on 68 does not get it: the drop rule works for it ({out})")
    finally:
        subprocess.run(["ip", "netns", "del", peer])
    expect(check(r, "NDR 5.2 RE(1)", "default-deny")["verdict"] == "pass", "the loaded default-drop ruleset passes NDR 5.2 RE(1)")
    expect(check(r, "NDR 5.3", "p2p-ports-dropped")["verdict"] == "pass", "messaging ports dropped by the loaded ruleset")
    expect(check(r, "CR 5.1", "network-segmentation")["verdict"] == "pass", "iifname zones count as segmentation evidence")
finally:
    for p in procs:
        p.kill()
        p.wait()
    subprocess.run(["ip", "netns", "del", ns])
done()
