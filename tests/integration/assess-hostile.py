#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A hostile root tree cannot make bulwark read a host file, hang, or use more than 64 MiB.

Adds what git cannot hold to a copy of tests/fixtures/hostile: a FIFO where a
config file is expected, a socket, an 8 GiB sparse dpkg database, and a
symlink loop; then checks time, memory and that no host content leaks."""
import os
import resource
import shutil
import socket
import subprocess
import tempfile
import time

from bwtest import *

with tempfile.TemporaryDirectory() as tmp:
    tree = os.path.join(tmp, "tree")
    shutil.copytree(f"{FIXTURES}/hostile", tree, symlinks=True)
    os.unlink(f"{tree}/etc/crypttab")
    os.mkfifo(f"{tree}/etc/crypttab")                         # would block a naive open()
    os.makedirs(f"{tree}/etc/kernel")
    s = socket.socket(socket.AF_UNIX)
    s.bind(f"{tree}/etc/kernel/cmdline")                      # a socket where a file should be
    os.unlink(f"{tree}/var/lib/dpkg/status")
    with open(f"{tree}/var/lib/dpkg/status", "wb") as f:      # 8 GiB, sparse
        f.truncate(8 << 30)
    os.makedirs(f"{tree}/usr/share/encrypt_partition")
    os.symlink("/etc/passwd", f"{tree}/usr/share/encrypt_partition/encrypt_partition.env")
    with open("/etc/hostname") as f:
        host_hostname = f.read().strip()

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    p = subprocess.run([BULWARK, "assess", "--root", tree, "--format", "json", "--sl", "3", "--role", "network"],
                       capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - t0
    maxrss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    s.close()

    expect(p.returncode in (1, 3), f"finishes with a verdict exit code (got {p.returncode}, {elapsed:.1f} s)")
    report = json.loads(p.stdout)
    if not sanitized():
        expect(maxrss_kib < 64 * 1024, f"peak memory {maxrss_kib} KiB stays under 64 MiB")
    text = p.stdout
    expect("root:x:0:0" not in text and "root:" not in text, "no line of the host's /etc/passwd or /etc/shadow leaks")
    pk = check(report, "CR 4.1", "tls-ssh-stack-present")
    expect(pk["verdict"] == "error" and "/var/lib/dpkg/status is larger than" in pk["summary"],
           f"8 GiB dpkg database: an error naming the file and its cap, not read ({pk['summary'][:120]})")
    expect(check(report, "CR 5.1", "network-segmentation")["verdict"] in ("manual", "pass", "fail"), "the run goes on past the bad files")
    if host_hostname:
        expect(report["target"]["hostname"] != host_hostname or host_hostname.startswith("<script>"), "hostname comes from the tree")

# Many large files: 40 sysctl.d files and 40 nftables includes of almost 4 MiB each
# (hard links of one file) must hit the read budget and the include cap, not memory.
with tempfile.TemporaryDirectory() as tmp:
    tree = os.path.join(tmp, "tree")
    os.makedirs(f"{tree}/etc/sysctl.d")
    os.makedirs(f"{tree}/etc/nft.d")
    big = f"{tree}/big"
    with open(big, "w") as f:
        f.write("net.ipv4.ip_forward = 0\n" * (3_900_000 // 24))
    for i in range(40):
        os.link(big, f"{tree}/etc/sysctl.d/{i:02d}.conf")
        os.link(big, f"{tree}/etc/nft.d/{i:02d}.nft")
    with open(f"{tree}/etc/nftables.conf", "w") as f:
        f.write('include "/etc/nft.d/*.nft"\n')
    # nftables.service loads it at boot, so it is the boot ruleset.
    os.makedirs(f"{tree}/lib/systemd/system")
    os.makedirs(f"{tree}/etc/systemd/system/sysinit.target.wants")
    with open(f"{tree}/lib/systemd/system/nftables.service", "w") as f:
        f.write("[Service]\nType=oneshot\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\n[Install]\nWantedBy=sysinit.target\n")
    os.symlink("/lib/systemd/system/nftables.service", f"{tree}/etc/systemd/system/sysinit.target.wants/nftables.service")
    with open(f"{tree}/etc/os-release", "w") as f:              # an OS tree, or bulwark refuses it (exit 2)
        f.write("ID=debian\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run([BULWARK, "assess", "--root", tree, "--format", "json", "--sl", "3", "--role", "network"],
                       capture_output=True, text=True, timeout=120)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    expect(p.returncode in (1, 3), f"many large files: a verdict exit code (got {p.returncode})")
    report = json.loads(p.stdout)
    if not sanitized():
        expect(rss < 64 * 1024, f"many large files: peak memory {rss} KiB stays under 64 MiB")
    fw = check(report, "CR 5.2", "forward-path-filtered")
    expect(fw["verdict"] == "error", f"sysctl files that could not be read make the forwarding check an error ({fw['summary'][:80]})")
    dd = check(report, "NDR 5.2 RE(1)", "default-deny")
    # A cap of Bulwark's is not a ruleset nft refuses: an error naming the cap, not a fail.
    expect(dd["verdict"] == "error" and "NFT_FILE_MAX" in dd["summary"], f"the include cap stops the inlined ruleset ({dd['summary'][:120]})")
done()
