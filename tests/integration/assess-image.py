#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""bulwark assess --image: a disk image gives the verdicts its root tree gives.

For every fixture tree, a GPT disk image is made the way an image build
makes one, with the real tools and no root: sfdisk writes the table (an EFI
partition, then a root partition with the Linux root type GUID), mke2fs -d
copies the tree into an ext4 file system at the root partition's offset.
Then, as an ordinary user (setpriv to nobody when run as root), both
assessments with the same privileges (an unprivileged run may not load a
ruleset where user namespaces are refused, e.g. in a chroot):

- `assess --image` gives, check by check, the verdict, summary and evidence
  that `assess --root TREE` gives, and says mode "image" with the image's
  SHA-256 (hashlib's, the oracle) and the partition sfdisk made;
- `--partition` picks by GPT name and by number; a name that is not there,
  --partition without --image, and --image with --root are usage errors;
- a bare ext4 image (no partition table) reads the same;
- damaged images are a clear error (exit 3), never a report: a GPT header
  whose CRC no longer matches, a consistent GPT claiming 2^20 entries or a
  partition past the image's end, an image cut short, a zeroed superblock, a
  squashfs root (named as not read yet).

Usage: assess-image.py BULWARK
"""
import hashlib
import json
import os
import pwd
import shutil
import subprocess
import sys
import struct
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bwtest import FIXTURES, SKIP, done, expect  # noqa: E402

BULWARK = os.path.abspath(sys.argv[1])
ROOT_TYPE = "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709"
ARGS = ["--sl", "3", "--role", "network", "--format", "json"]

for tool in ("sfdisk", "mke2fs"):
    if not shutil.which(tool):
        print(f"skip: {tool} is not installed (util-linux, e2fsprogs)")
        sys.exit(SKIP)

as_user = []
if os.geteuid() == 0:
    nobody = pwd.getpwnam("nobody")
    as_user = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups", "--"]


def bulwark(*args):
    return subprocess.run(as_user + [BULWARK, "assess", *args], capture_output=True, text=True, timeout=120)


def make_image(path, tree, mib=48, table=True, fs="ext4"):
    """The image and the root partition's (number, name, offset)."""
    with open(path, "wb") as f:
        f.truncate(mib << 20)
    start, size = 0, mib << 20
    if table:
        script = f"label: gpt\nsize=4MiB, type=uefi, name=efi\ntype={ROOT_TYPE}, name=root\n"
        subprocess.run(["sfdisk", "-q", path], input=script, text=True, check=True, capture_output=True)
        part = json.loads(subprocess.run(["sfdisk", "--json", path], capture_output=True, text=True,
                                         check=True).stdout)["partitiontable"]["partitions"][1]
        start, size = part["start"] * 512, part["size"] * 512
    if fs == "ext4":
        subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-d", tree, "-E", f"offset={start}", path, f"{size // 1024}k"],
                       check=True, capture_output=True)
    os.chmod(path, 0o644)
    return (2, "root", start) if table else (0, None, 0)


def checks(doc):
    return {(r["id"], c["id"]): (c["verdict"], c["summary"], json.dumps(c["evidence"], sort_keys=True))
            for r in doc["requirements"] for c in r["checks"]}


with tempfile.TemporaryDirectory(prefix="bw-image.") as d:
    os.chmod(d, 0o755)
    trees = sorted(t for t in os.listdir(FIXTURES) if os.path.exists(os.path.join(FIXTURES, t, "etc", "os-release")))
    expect(len(trees) >= 4, f"fixture trees to image ({len(trees)})")
    # A copy the unprivileged user can read wherever the checkout lies (a chroot's /root is 0700).
    for t in trees:
        shutil.copytree(os.path.join(FIXTURES, t), os.path.join(d, "trees", t), symlinks=True)
    os.chmod(os.path.join(d, "trees"), 0o755)
    for t in trees:
        tree = os.path.join(d, "trees", t)
        img = os.path.join(d, t + ".img")
        make_image(img, tree)
        want = bulwark("--root", tree, *ARGS)
        got = bulwark("--image", img, *ARGS)
        expect(got.returncode == want.returncode, f"{t}: same exit code ({got.returncode} vs {want.returncode}: {got.stderr.strip()[:200]})")
        if got.returncode not in (0, 1, 3) or not got.stdout.strip():
            continue
        gd, wd = json.loads(got.stdout), json.loads(want.stdout)
        g, w = checks(gd), checks(wd)
        diff = [k for k in w if g.get(k) != w[k]] + [k for k in g if k not in w]
        expect(not diff, f"{t}: every check gives the same verdict, summary and evidence ({len(w)} checks; differ: {diff[:3]})")
        if diff:
            k = diff[0]
            print(f"  {k}: image {g.get(k)}\n  {k}: root  {w.get(k)}")
        expect([r["verdict"] for r in gd["requirements"]] == [r["verdict"] for r in wd["requirements"]],
               f"{t}: the same requirement verdicts")
        sha = hashlib.sha256(open(img, "rb").read()).hexdigest()
        tg = gd["target"]
        expect(tg["mode"] == "image" and tg["image"]["sha256"] == sha and tg["image"]["partition"] == "root" and
               tg["image"]["partition_number"] == 2 and tg["image"]["file_system"] == "ext4",
               f"{t}: mode image, the image's SHA-256 and the partition ({tg.get('image')})")

    tree = os.path.join(d, "trees", "cip-hardened")
    img = os.path.join(d, "cip-hardened.img")
    _, _, root_off = make_image(img, tree)
    base = checks(json.loads(bulwark("--root", tree, *ARGS).stdout))
    for sel in ("root", "2"):
        p = bulwark("--image", img, "--partition", sel, *ARGS)
        expect(p.returncode in (0, 1, 3) and checks(json.loads(p.stdout)) == base, f"--partition {sel} reads the same root")
    p = bulwark("--image", img, "--partition", "efi", *ARGS)
    expect(p.returncode == 3 and "ext2/3/4" in p.stderr and not p.stdout.strip(),
           f"--partition efi (not an ext file system): exit 3, said, no report ({p.returncode}: {p.stderr.strip()[:160]})")
    p = bulwark("--image", img, "--partition", "data", *ARGS)
    expect(p.returncode == 3 and "'data'" in p.stderr, f"--partition data (absent) is named ({p.stderr.strip()[:160]})")
    p = bulwark("--partition", "root", *ARGS)
    expect(p.returncode == 2 and "--image" in p.stderr, "--partition without --image is a usage error")
    p = bulwark("--image", img, "--root", tree, *ARGS)
    expect(p.returncode == 2, "--image with --root is a usage error")

    bare = os.path.join(d, "bare.img")
    make_image(bare, tree, mib=24, table=False)
    p = bulwark("--image", bare, *ARGS)
    expect(p.returncode in (0, 1, 3) and checks(json.loads(p.stdout)) == base and
           json.loads(p.stdout)["target"]["image"]["partition"] is None, "a bare ext4 image reads the same, without a partition")

    def damaged(name, how):
        path = os.path.join(d, name + ".img")
        shutil.copy(img, path)
        with open(path, "r+b") as f:
            how(f)
        os.chmod(path, 0o644)
        p = bulwark("--image", path, *ARGS)
        expect(p.returncode == 3 and not p.stdout.strip() and p.stderr.strip(),
               f"{name}: exit 3 with a message and no report ({p.returncode}: {p.stderr.strip()[:160]})")
        return p.stderr

    err = damaged("gpt-crc", lambda f: (f.seek(512 + 40), f.write(b"\x01")))
    expect("CRC32" in err, "a GPT edited without its CRC says so")

    def gpt_edit(f, entries=None, last_lba=None):
        """Edits the primary GPT consistently (CRC32s recomputed with zlib), as a crafted image would."""
        f.seek(512)
        h = bytearray(f.read(92))
        if last_lba is not None:
            lba, esize = struct.unpack_from("<QxxxxI", h, 72)[0], struct.unpack_from("<I", h, 84)[0]
            f.seek(lba * 512)
            ents = bytearray(f.read(128 * esize))
            struct.pack_into("<Q", ents, esize + 40, last_lba)  # entry 2, the root
            f.seek(lba * 512)
            f.write(ents)
            struct.pack_into("<I", h, 88, zlib.crc32(bytes(ents)))
        if entries is not None:
            struct.pack_into("<I", h, 80, entries)
        struct.pack_into("<I", h, 16, 0)
        struct.pack_into("<I", h, 16, zlib.crc32(bytes(h)))
        f.seek(512)
        f.write(h)

    err = damaged("gpt-oversized", lambda f: gpt_edit(f, entries=1 << 20))
    expect("entries" in err, f"a GPT claiming 2^20 entries is refused before reading them ({err.strip()[:120]})")
    err = damaged("gpt-past-end", lambda f: gpt_edit(f, last_lba=1 << 40))
    expect("past the end" in err, f"a partition running past the end of the image is refused ({err.strip()[:120]})")
    damaged("truncated", lambda f: f.truncate(6 << 20))
    damaged("no-superblock", lambda f: (f.seek(root_off + 1024), f.write(b"\0" * 1024)))
    sq = os.path.join(d, "squash.img")
    _, _, sq_off = make_image(sq, tree, fs=None)
    with open(sq, "r+b") as f:
        f.seek(sq_off)
        f.write(b"hsqs" + b"\0" * 92)
    p = bulwark("--image", sq, *ARGS)
    expect(p.returncode == 3 and "squashfs" in p.stderr, f"a squashfs root is named, not guessed around ({p.stderr.strip()[:160]})")
    p = bulwark("--image", os.path.join(d, "absent.img"), *ARGS)
    expect(p.returncode == 3 and "absent.img" in p.stderr, "an image that is not there is named")
done()
