#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""An evidence bundle never carries a private key, and nobody but its owner's group reads it.

A copy of tests/fixtures/stock-debian gets real keys made here (ssh-keygen,
openssl genpkey: nothing committed), in the places and formats a device has
them: SSH host keys (0600), PKCS#8, encrypted PKCS#8, a traditional RSA key,
a DER key, a certificate with its key in one PEM file, and a private key
pasted into a comment of /etc/nftables.conf, which no collector treats as a
key (the content check must catch it). `bulwark assess --evidence-dir` runs
under umask 000. The oracle is the files themselves: grep of the whole bundle
for each key's base64 body and for "PRIVATE KEY", sha256sum(1) and stat(2) of
the originals against the bundle's index, the modes of what is in the bundle,
sha256sum -c, and `bulwark report verify` before and after a change.

Usage: evidence-secrets.py BULWARK SOURCE_ROOT
"""
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)
        print("FAIL", what)


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, check=True, **kw)


def base64_lines(path):
    """The key material of a PEM/OpenSSH file: every line that is not a header, 16+ characters long."""
    with open(path, "rb") as f:
        return [l.strip() for l in f.read().splitlines() if l.strip() and b"-----" not in l and len(l.strip()) >= 16]


def make_keys(root):
    """Makes the keys; returns {path inside the target: host path} of every file that must be withheld."""
    etc = os.path.join(root, "etc")
    ssh = os.path.join(etc, "ssh")
    app = os.path.join(etc, "app")
    os.makedirs(app, exist_ok=True)
    secret = {}
    for t in ("ed25519", "rsa", "ecdsa"):
        p = os.path.join(ssh, f"ssh_host_{t}_key")
        run("ssh-keygen", "-q", "-t", t, "-N", "", "-C", "", "-f", p)
        os.chmod(p, 0o600)
        secret[f"/etc/ssh/ssh_host_{t}_key"] = p
    # An owner the index must report as it is, not as root.
    os.chown(os.path.join(ssh, "ssh_host_rsa_key"), 0, 4321)
    os.chmod(os.path.join(ssh, "ssh_host_rsa_key"), 0o640)
    p = os.path.join(app, "tls.key")
    run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", p)
    os.chmod(p, 0o644)  # world-readable on the device: still never copied
    secret["/etc/app/tls.key"] = p
    p = os.path.join(app, "encrypted.key")
    run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes256", "-pass", "pass:secret", "-out", p)
    secret["/etc/app/encrypted.key"] = p
    p = os.path.join(app, "legacy.key")
    run("openssl", "genrsa", "-traditional", "-out", p, "2048")
    secret["/etc/app/legacy.key"] = p
    p = os.path.join(app, "device.der")
    run("openssl", "genpkey", "-algorithm", "ED25519", "-outform", "DER", "-out", p)
    secret["/etc/app/device.der"] = p
    # Certificate and key in one file, as many web servers want them.
    key, crt = os.path.join(app, "k.tmp"), os.path.join(app, "c.tmp")
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=device",
        "-days", "365", "-keyout", key, "-out", crt)
    p = os.path.join(app, "server.pem")
    with open(p, "wb") as f:
        f.write(open(crt, "rb").read() + open(key, "rb").read())
    os.unlink(key)
    os.unlink(crt)
    secret["/etc/app/server.pem"] = p
    # A key where no collector looks for one: a comment in the firewall configuration.
    pasted = os.path.join(app, "pasted.tmp")
    run("openssl", "genpkey", "-algorithm", "ED25519", "-out", pasted)
    nft = os.path.join(etc, "nftables.conf")
    with open(nft, "ab") as f:
        for line in open(pasted, "rb").read().splitlines():
            f.write(b"# " + line + b"\n")
    secret["/etc/nftables.conf"] = nft
    bodies = {}
    for target, host in secret.items():
        bodies[target] = base64_lines(host) if not host.endswith(".der") else []
    bodies["/etc/nftables.conf"] = base64_lines(pasted)
    os.unlink(pasted)
    return secret, bodies


def main():
    bulwark, src = sys.argv[1], sys.argv[2]
    for tool in ("ssh-keygen", "openssl", "sha256sum"):
        if not shutil.which(tool):
            print(f"SKIP: {tool} is not installed")
            return 77
    if os.geteuid() != 0:
        print("SKIP: needs root (keys owned by another group)")
        return 77
    with tempfile.TemporaryDirectory(prefix=f"bw-evidence-secrets-{os.getpid()}-") as tmp:
        root = os.path.join(tmp, "root")
        shutil.copytree(os.path.join(src, "tests/fixtures/stock-debian"), root, symlinks=True)
        secret, bodies = make_keys(root)
        der = open(secret["/etc/app/device.der"], "rb").read()
        bundle = os.path.join(tmp, "bundle")

        old = os.umask(0)
        try:
            p = subprocess.run([bulwark, "assess", "--root", root, "--format", "json", "--evidence-dir", bundle],
                               capture_output=True)
        finally:
            os.umask(old)
        check(p.returncode in (0, 1) and os.path.exists(os.path.join(bundle, "SHA256SUMS")),
              f"assess --evidence-dir: rc={p.returncode} {p.stderr!r}")
        if failures:
            return 1
        report = json.load(open(os.path.join(bundle, "report.json")))
        named = {e["path"] for q in report["requirements"] for c in q["checks"] for e in c["evidence"] if e.get("path")}
        for path in secret:
            check(path in named, f"{path} is evidence of the report (else this test tests nothing)")

        # No key bytes anywhere in the bundle: its files, the index, the report.
        everything = b""
        for d, dirs, files in os.walk(bundle):
            for n in files:
                everything += open(os.path.join(d, n), "rb").read()
        check(b"PRIVATE KEY" not in everything, "no \"PRIVATE KEY\" anywhere in the bundle")
        for path, lines in bodies.items():
            leaked = [l for l in lines if l in everything]
            check(not leaked, f"no line of {path}'s key in the bundle (leaked {len(leaked)} of {len(lines)})")
        check(der[-32:] not in everything, "no bytes of the DER key in the bundle")
        for path in secret:
            check(not os.path.lexists(os.path.join(bundle, "files" + path)), f"{path} is not copied")
        sums = open(os.path.join(bundle, "SHA256SUMS")).read()
        for path in secret:
            check(f"  files{path}\n" not in sums, f"{path} is not in SHA256SUMS")

        # The index names each withheld file with what sha256sum and stat say of the original.
        index = json.load(open(os.path.join(bundle, "index.json")))
        check(index.get("schema") == "bulwark-evidence-index/1", "index.json schema")
        try:
            import jsonschema
        except ImportError:
            jsonschema = None
            print("note: python3-jsonschema missing, index.json not validated against its schema")
        if jsonschema:
            schema = json.load(open(os.path.join(src, "docs/evidence-index.schema.json")))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(index)]
            check(not errors, f"index.json validates against docs/evidence-index.schema.json: {errors[:3]}")
        entries = {e["path"]: e for e in index["files"]}
        for path, host in secret.items():
            e = entries.get(path)
            check(e is not None and e["status"] == "withheld", f"{path} is withheld in the index: {e}")
            if not e:
                continue
            st = os.stat(host)
            want = subprocess.run(["sha256sum", host], capture_output=True, text=True).stdout.split()[0]
            check(e.get("sha256") == want, f"{path}: index sha256 {e.get('sha256')} is sha256sum's {want}")
            check(e.get("mode") == "%04o" % stat.S_IMODE(st.st_mode), f"{path}: index mode {e.get('mode')} is {stat.S_IMODE(st.st_mode):04o}")
            check(e.get("uid") == st.st_uid and e.get("gid") == st.st_gid,
                  f"{path}: index owner {e.get('uid')}:{e.get('gid')} is {st.st_uid}:{st.st_gid}")
            check(e.get("size") == st.st_size, f"{path}: index size")
            check(bool(e.get("reason")), f"{path}: the index says why it is withheld")
        check(entries.get("/etc/nftables.conf", {}).get("reason", "").find("private key") >= 0,
              "the pasted key is withheld for what its bytes are")
        # What is not secret is still copied, byte for byte.
        sshd = os.path.join(bundle, "files/etc/ssh/sshd_config")
        check(os.path.exists(sshd) and open(sshd, "rb").read() == open(os.path.join(root, "etc/ssh/sshd_config"), "rb").read(),
              "sshd_config is copied as it is")
        check(entries.get("/etc/ssh/sshd_config", {}).get("status") == "copied", "the index lists sshd_config as copied")

        # Nothing in the bundle is group-writable or world-readable, though the umask was 000.
        loose = []
        for d, dirs, files in os.walk(bundle):
            for n in dirs + files + ([""] if d == bundle else []):
                p = os.path.join(d, n) if n else d
                m = stat.S_IMODE(os.lstat(p).st_mode)
                if m & ~(0o750 if stat.S_ISDIR(os.lstat(p).st_mode) else 0o640):
                    loose.append(f"{p[len(bundle):] or '/'} {m:04o}")
        check(not loose, f"files at most 0640, directories at most 0750 under umask 000: {loose}")

        # The bundle verifies, with bulwark and with sha256sum, and stops verifying when anything changes.
        p = subprocess.run([bulwark, "report", "verify", bundle], capture_output=True, text=True)
        check(p.returncode == 0 and "verified" in p.stdout, f"report verify: rc={p.returncode} {p.stdout!r} {p.stderr!r}")
        check(subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=bundle).returncode == 0, "sha256sum -c")
        for rel in ("index.json", "files/etc/ssh/sshd_config"):
            p0 = os.path.join(bundle, rel)
            saved = open(p0, "rb").read()
            with open(p0, "ab") as f:
                f.write(b" ")
            p = subprocess.run([bulwark, "report", "verify", bundle], capture_output=True, text=True)
            check(p.returncode == 1 and f"{rel}: sha256" in p.stdout, f"verify after {rel} changed: rc={p.returncode} {p.stdout!r}")
            with open(p0, "wb") as f:
                f.write(saved)
        # A withheld entry the report does not agree with: rewrite the index and its manifest line.
        idx = json.load(open(os.path.join(bundle, "index.json")))
        for e in idx["files"]:
            if e["path"] == "/etc/app/tls.key":
                e["sha256"] = "0" * 64
        data = json.dumps(idx).encode()
        with open(os.path.join(bundle, "index.json"), "wb") as f:
            f.write(data)
        lines = [l if not l.endswith("  index.json") else hashlib.sha256(data).hexdigest() + "  index.json" for l in sums.splitlines()]
        with open(os.path.join(bundle, "SHA256SUMS"), "w") as f:
            f.write("\n".join(lines) + "\n")
        p = subprocess.run([bulwark, "report", "verify", bundle], capture_output=True, text=True)
        check(p.returncode == 1 and "/etc/app/tls.key: withheld" in p.stdout, f"verify a withheld hash the report disagrees with: {p.stdout!r}")

    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
