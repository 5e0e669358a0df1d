#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""libcryptsetup, libblkid and libmount are dlopen()ed on first use. When one
cannot be loaded (a file that is no ELF object) or lacks a symbol we call (a
stub shared object), whatever needed it must say so, never crash and never
pass: assess checks turn to error naming the library, a crypto erase is
refused and the image is left as it was. Everything else still runs, so the
libraries are no start-up dependency. Real libraries, no mocks: the broken
ones come first on LD_LIBRARY_PATH.

Usage: dlopen-missing.py STUB_SO (BULWARK in the environment)"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bwtest import FIXTURES, check, done, expect, run  # noqa: E402

STUB = sys.argv[1]
SONAMES = {"cryptsetup": "libcryptsetup.so.12", "blkid": "libblkid.so.1", "mount": "libmount.so.1"}


def broken_env(tmp, how, *libs):
    """An environment whose LD_LIBRARY_PATH holds broken copies of libs: 'garbage' (no ELF) or 'stub' (no symbols)."""
    d = tempfile.mkdtemp(dir=tmp)
    for lib in libs:
        path = os.path.join(d, SONAMES[lib])
        if how == "garbage":
            with open(path, "w") as f:
                f.write("not an ELF object\n")
        else:
            shutil.copy(STUB, path)
    return dict(os.environ, LD_LIBRARY_PATH=d)


def errors(report):
    return {c["id"]: c["summary"] for r in report["requirements"] for c in r["checks"] if c["verdict"] == "error"}


def assess(env, *args):
    p = run("assess", "--format", "json", *args, check_rc=(0, 1, 3), env=env)
    return json.loads(p.stdout)


with tempfile.TemporaryDirectory() as tmp:
    image = os.path.join(tmp, "header.img")
    with open(image, "wb") as f:
        f.truncate(1 << 20)

    # Start-up needs none of them: commands that do not touch storage work with all three broken.
    env = broken_env(tmp, "garbage", "cryptsetup", "blkid", "mount")
    p = run("--version", env=env)
    expect(p.returncode == 0 and "bulwark" in p.stdout, "bulwark --version runs with all three libraries unloadable")
    p = run("requirements", env=env)
    expect(p.returncode == 0, "bulwark requirements runs with all three libraries unloadable")

    # Offline: fstab needs libmount, the --luks-image header libcryptsetup.
    for how in ("garbage", "stub"):
        rep = assess(broken_env(tmp, how, "cryptsetup", "mount"), "--root", os.path.join(FIXTURES, "stock-debian"),
                     "--luks-image", image)
        e = errors(rep)
        want = "not found" if how == "stub" else "not available"
        expect("libmount.so.1 not available" in e.get("swap-absent-or-encrypted", "") and want in e["swap-absent-or-encrypted"],
               f"{how} libmount: swap-absent-or-encrypted is error naming it: {e.get('swap-absent-or-encrypted')}")
        expect("libmount.so.1 not available" in e.get("data-at-rest-encrypted", ""),
               f"{how} libmount: data-at-rest-encrypted is error naming it")
        expect("libcryptsetup.so.12 not available" in e.get("luks-tpm-sealed", "") and want in e["luks-tpm-sealed"],
               f"{how} libcryptsetup: luks-tpm-sealed is error naming it: {e.get('luks-tpm-sealed')}")
        expect("libcryptsetup.so.12 not available" in e.get("luks-crypto-parameters", ""),
               f"{how} libcryptsetup: luks-crypto-parameters is error naming it")
        if how == "stub":
            expect("symbol crypt_" in e.get("luks-tpm-sealed", ""), "stub libcryptsetup: the missing symbol is named")

    # The same assessment with the real libraries: none of those errors (the control).
    rep = assess(dict(os.environ), "--root", os.path.join(FIXTURES, "stock-debian"), "--luks-image", image)
    e = errors(rep)
    expect(not any("not available" in s for s in e.values()), f"real libraries: no 'not available' error ({e})")
    expect(check(rep, "CR 4.2 RE(1)", "swap-absent-or-encrypted")["verdict"] != "error", "real libmount: fstab judged")

    # Live: without libblkid no block device can be told LUKS or not; that is an error, not "no LUKS".
    rep = assess(broken_env(tmp, "garbage", "blkid"), "--no-probe")
    e = errors(rep)
    expect("libblkid.so.1 not available" in e.get("luks-tpm-sealed", ""), f"live, no libblkid: luks-tpm-sealed is error: {e.get('luks-tpm-sealed')}")
    expect("libblkid.so.1 not available" in e.get("luks-crypto-parameters", ""), "live, no libblkid: luks-crypto-parameters is error")

    # Crypto erase: refused with the reason, nothing written. A real LUKS2 header when cryptsetup is here.
    luks = os.path.join(tmp, "luks.img")
    with open(luks, "wb") as f:
        f.truncate(32 << 20)
    if shutil.which("cryptsetup"):
        # Best effort (as non-root cryptsetup may lack its lock directory): the refusal comes before any header is read.
        subprocess.run(["cryptsetup", "luksFormat", "--batch-mode", "--type", "luks2", "--pbkdf", "pbkdf2",
                        "--pbkdf-force-iterations", "1000", "--key-file", "-", luks], input=b"pass", capture_output=True)
    before = hashlib.sha256(open(luks, "rb").read()).hexdigest()
    for how in ("garbage", "stub"):
        p = run("wipe", "-q", "--yes", "--method", "crypto", luks, env=broken_env(tmp, how, "cryptsetup"))
        expect(p.returncode == 3 and "libcryptsetup.so.12 not available" in p.stderr,
               f"{how} libcryptsetup: crypto erase refused with the reason (exit {p.returncode}: {p.stderr.strip()})")
        expect(hashlib.sha256(open(luks, "rb").read()).hexdigest() == before, f"{how} libcryptsetup: the image is unchanged")

done()
