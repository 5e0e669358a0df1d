#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A cap that cuts what assess reads makes the checks resting on it an error naming the cap, never a pass.

Each tree is generated here, in a temporary directory, from a copy of
tests/fixtures/minimal (the fixtures stay small), with one defect that only
the part beyond a cap shows:
  - 100,000 entries in /etc/systemd/system, and vsftpd enabled by a .wants link
    among them (the listing keeps 4,000: UNITS_MAX);
  - a private key, mode 0644, larger than the key walk's 256 KiB file cap;
  - 257 certificates before a world-readable private key (CRYPTO_WALK_MAX_FILES);
  - unit files worth 100 MiB before that key (the 96 MiB read budget);
  - a unit file with more settings than the parser reads (PARSE_MAX_ITEMS);
  - an nftables include glob over a directory of 4,097 files (NFT_INCLUDE_DIR_MAX).
The oracle for each defect is the tree itself (a world-readable key that
openssl made, a link systemctl would follow), not Bulwark's earlier output."""
import os
import shutil
import subprocess
import tempfile

from bwtest import *


def tree_from_minimal(tmp, name):
    tree = os.path.join(tmp, name)
    shutil.copytree(f"{FIXTURES}/minimal", tree, symlinks=True)
    return tree


def private_key(path, mode=0o644, pad=0):
    key = subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519"], capture_output=True, check=True).stdout
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        # PEM readers skip text before the BEGIN line, as OpenSSL does.
        f.write(b"# padding\n" * (pad // 10))
        f.write(key)
    os.chmod(path, mode)


def assess(tree):
    p = subprocess.run([BULWARK, "assess", "--root", tree, "--format", "json", "--sl", "3", "--role", "network"],
                       capture_output=True, text=True, timeout=300)
    expect(p.returncode in (1, 3), f"{os.path.basename(tree)}: a verdict exit code (got {p.returncode}; {p.stderr.strip()[:200]})")
    return json.loads(p.stdout)


def expect_cap(c, name, *words):
    expect(c["verdict"] == "error", f"{name}: {c['id']} is an error (verdict {c['verdict']}: ({c['summary'][:160]})")
    expect(all(w in c["summary"] for w in words), f"{name}: the summary names the cap {words} ({c['summary'][:200]})")


with tempfile.TemporaryDirectory() as tmp:
    # 1. The directory listing cap: 100,000 entries in /etc/systemd/system.
    tree = tree_from_minimal(tmp, "many-units")
    sysd = f"{tree}/etc/systemd/system"
    os.makedirs(f"{sysd}/multi-user.target.wants")
    os.makedirs(f"{tree}/lib/systemd/system")
    with open(f"{tree}/lib/systemd/system/vsftpd.service", "w") as f:
        f.write("[Service]\nExecStart=/usr/sbin/vsftpd\n[Install]\nWantedBy=multi-user.target\n")
    os.symlink("/lib/systemd/system/vsftpd.service", f"{sysd}/multi-user.target.wants/vsftpd.service")
    for i in range(100_000):
        open(f"{sysd}/zz-filler-{i:06d}.conf", "w").close()
    # The oracle: the link is there and names a plaintext service.
    expect(os.readlink(f"{sysd}/multi-user.target.wants/vsftpd.service").endswith("vsftpd.service"), "vsftpd is enabled in the tree")
    report = assess(tree)
    expect_cap(check(report, "CR 4.1", "plaintext-services"), "100,000 entries", "/etc/systemd/system", "4000")
    expect_cap(check(report, "CR 5.4", "service-sandboxing"), "100,000 entries", "/etc/systemd/system")
    expect(check(report, "CR 4.1", "tls-ssh-stack-present")["verdict"] != "error", "a check that reads no units is not affected")
    shutil.rmtree(tree)

    # 2. A file over its size cap: a private key readable by all, padded past 256 KiB.
    tree = tree_from_minimal(tmp, "big-key")
    private_key(f"{tree}/etc/ssl/certs/device.pem", pad=300 * 1024)
    report = assess(tree)
    expect_cap(check(report, "CR 4.1", "private-keys-root-only"), "oversized key file", "/etc/ssl/certs/device.pem", "262144")

    # 3. An item cap: 256 certificates (CRYPTO_WALK_MAX_FILES) before a private key readable by all.
    tree = tree_from_minimal(tmp, "many-keys")
    os.makedirs(f"{tree}/etc/ssl/certs")
    for i in range(257):
        with open(f"{tree}/etc/ssl/certs/c{i:03d}.pem", "w") as f:
            f.write("not a certificate\n")
    private_key(f"{tree}/etc/ssl/private/zz-device.key")
    report = assess(tree)
    expect_cap(check(report, "CR 4.1", "private-keys-root-only"), "257 key files", "CRYPTO_WALK_MAX_FILES")

    # 4. The read budget: 420 unit files of 250 KiB (hard links of one) before the same key.
    tree = tree_from_minimal(tmp, "budget")
    sysd = f"{tree}/etc/systemd/system"
    os.makedirs(sysd)
    big = f"{tree}/big"
    with open(big, "w") as f:
        f.write("[Unit]\n" + "# filler line of a unit file\n" * (250 * 1024 // 29))
    for i in range(420):
        os.link(big, f"{sysd}/big-{i:03d}.service")
    # Larger than any rest of the budget the units can leave (< 250 KiB), smaller than the key file cap.
    private_key(f"{tree}/etc/ssl/certs/device.pem", pad=252 * 1024)
    report = assess(tree)
    expect_cap(check(report, "CR 4.1", "private-keys-root-only"), "read budget", "read budget", "FACTS_READ_BUDGET")

    # 5. An item cap inside one file: more settings than the unit parser reads, the hardening after them.
    tree = tree_from_minimal(tmp, "long-unit")
    sysd = f"{tree}/etc/systemd/system"
    os.makedirs(f"{sysd}/multi-user.target.wants")
    with open(f"{sysd}/app.service", "w") as f:
        f.write("[Service]\nExecStart=/usr/bin/app\n" + "Nice=0\n" * 20_001 + "PrivateNetwork=yes\n")
    os.symlink("/etc/systemd/system/app.service", f"{sysd}/multi-user.target.wants/app.service")
    report = assess(tree)
    expect_cap(check(report, "CR 5.4", "service-sandboxing"), "20,001 settings", "/etc/systemd/system/app.service", "PARSE_MAX_ITEMS")

    # 6. The nftables include glob: a directory of more entries than the loader lists (NFT_INCLUDE_DIR_MAX).
    tree = tree_from_minimal(tmp, "many-includes")
    os.makedirs(f"{tree}/etc/nft.d")
    with open(f"{tree}/etc/nftables.conf", "w") as f:
        f.write('table inet filter {\n chain input { type filter hook input priority 0; policy drop; }\n}\ninclude "/etc/nft.d/*.nft"\n')
    # nftables.service starts at boot and loads it, so it is the boot ruleset.
    os.makedirs(f"{tree}/lib/systemd/system", exist_ok=True)
    os.makedirs(f"{tree}/etc/systemd/system/sysinit.target.wants", exist_ok=True)
    with open(f"{tree}/lib/systemd/system/nftables.service", "w") as f:
        f.write("[Service]\nType=oneshot\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\n[Install]\nWantedBy=sysinit.target\n")
    os.symlink("/lib/systemd/system/nftables.service", f"{tree}/etc/systemd/system/sysinit.target.wants/nftables.service")
    for i in range(4097):
        with open(f"{tree}/etc/nft.d/{i:04d}.nft", "w") as f:
            f.write(f"define port_{i} = {i % 65535 + 1}\n")
    report = assess(tree)
    expect_cap(check(report, "NDR 5.2 RE(1)", "default-deny"), "4097 includes", "/etc/nft.d", "NFT_INCLUDE_DIR_MAX")
done()
