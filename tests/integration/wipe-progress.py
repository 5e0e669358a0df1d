#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Wipe progress as a person sees it on a terminal, and the certificate on paper.

- Progress (bulwark wipe under a pseudo-terminal, a keystream pass and a
  full read-back of a 96 MiB file): the status line is for the whole job,
  its percentage never goes back, ends at 100.0%, and its total is what the
  certificate says was written and read back; the rate and ETA are "--"
  until there is a second of history (no "0 B/s ... ETA 0:00:00").
- --verify sample never reads more than a full read would: on a 10 MiB file
  (2002 samples of 64 KiB would be 125 MiB) bytes_verified is at most the
  file's size and the certificate says it was read in full; on a 200 MiB
  file it is sampled and less.
- The certificate's NIST SP 800-88 Appendix G fields (--organization,
  --contact, --destination) are in the JSON, the Markdown and the HTML; the
  HTML printed to PDF by Chromium (headless, no network) holds them as text
  (pdftotext) and renders to a page that is not blank (pdftoppm, then
  html-check.py png).

Usage: wipe-progress.py BULWARK SOURCE_ROOT
"""
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bwtest import done, expect  # noqa: E402

BULWARK, SRC = sys.argv[1], sys.argv[2]
UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}


def human(s):
    n, u = s.split()
    return float(n) * UNITS[u]


def run_on_pty(argv, timeout=300):
    """Runs argv with stderr (and stdout) on a pseudo-terminal; returns (exit code, what it printed)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["NO_COLOR"] = "1"
        os.execv(argv[0], argv)
    out, end = b"", time.monotonic() + timeout
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 1)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace")


def make_file(path, mib):
    with open(path, "wb") as f:
        for _ in range(mib):
            f.write(os.urandom(1 << 20))


with tempfile.TemporaryDirectory(prefix="bw-wipe-progress.") as d:
    target = os.path.join(d, "data.bin")
    make_file(target, 96)
    cert = os.path.join(d, "cert.json")
    rc, out = run_on_pty([BULWARK, "wipe", "--yes", "--method", "random", "--verify", "full", "--certificate", cert, target])
    expect(rc == 0, f"wipe on a terminal exits 0 (got {rc}: {out[-300:]!r})")
    c = json.load(open(cert))
    lines = [l.strip() for l in re.split(r"[\r\n]", out) if re.match(r"^\s*(write|verify)\s+\d", l)]
    expect(len(lines) >= 2, f"progress lines were printed ({len(lines)})")
    parsed = []
    for l in lines:
        m = re.match(r"^(\w+)\s+([\d.]+)%\s+(\S+ \S+) / (\S+ \S+)\s+(\S+(?: \S+)?)\s+ETA (\S+)$", l)
        expect(m is not None, f"a progress line has phase, percent, done / total, rate and ETA ({l!r})")
        if m:
            parsed.append(m.groups())
    if parsed:
        pcts = [float(p[1]) for p in parsed]
        expect(all(b >= a for a, b in zip(pcts, pcts[1:])), f"the percentage never goes back ({pcts[:3]}...{pcts[-3:]})")
        expect(pcts[-1] == 100.0, f"the last line says 100.0% ({pcts[-1]})")
        total = human(parsed[-1][3])
        want = c["sanitization"]["bytes_written"] + c["verification"]["bytes_verified"]
        expect(abs(total - want) <= want * 0.001 + 1024,
               f"the job's total is every pass and the read-back, as the certificate counts them ({total:.0f} vs {want})")
        expect(parsed[0][4] == "--" and parsed[0][5] == "--:--:--",
               f"the first line has no rate and no ETA yet ({parsed[0][4]}, {parsed[0][5]})")
        expect(not any(p[4].startswith("0 B/s") for p in parsed), "no line says 0 B/s")
        expect(c["sanitization"]["passes"] >= 1 and parsed[0][0] == "write" and parsed[-1][0] == "verify",
               f"phases run write ... verify ({parsed[0][0]} ... {parsed[-1][0]})")

    for mib, smaller in ((10, False), (200, True)):
        t = os.path.join(d, f"s{mib}.bin")
        make_file(t, mib)
        cj = os.path.join(d, f"s{mib}.json")
        p = subprocess.run([BULWARK, "wipe", "--yes", "--quiet", "--verify", "sample", "--certificate", cj, t],
                           capture_output=True, text=True, timeout=300)
        expect(p.returncode == 0, f"--verify sample of {mib} MiB exits 0 ({p.stderr.strip()[:200]})")
        v = json.load(open(cj))["verification"]
        size = mib << 20
        expect(v["bytes_verified"] <= size, f"--verify sample of {mib} MiB reads at most the file ({v['bytes_verified']} <= {size})")
        if smaller:
            expect(v["bytes_verified"] < size and v["samples"] > 0, f"a {mib} MiB file is sampled, not read whole ({v['bytes_verified']})")
        else:
            expect(any("in full" in n for n in json.load(open(cj))["notes"]), "the certificate says the small file was read in full")

    t = os.path.join(d, "paper.bin")
    make_file(t, 4)
    cj, md, html = (os.path.join(d, "paper." + e) for e in ("json", "md", "html"))
    fields = {"--operator": "Erika Mustermann", "--organization": "Example Devices GmbH",
              "--contact": "+49 89 1234 5678", "--destination": "external reuse (refurbisher)"}
    argv = [BULWARK, "wipe", "--yes", "--quiet", "--certificate", cj, "--markdown", md, "--html", html]
    for k, val in fields.items():
        argv += [k, val]
    p = subprocess.run(argv + [t], capture_output=True, text=True, timeout=120)
    expect(p.returncode == 0, f"wipe with every certificate field exits 0 ({p.stderr.strip()[:200]})")
    c = json.load(open(cj))
    expect((c.get("operator"), c.get("organization"), c.get("contact"), c.get("media_destination")) ==
           tuple(fields.values()), "the JSON certificate carries operator, organization, contact and destination")
    mdt = open(md).read()
    expect(all(v in mdt for v in fields.values()), "the Markdown certificate carries them")
    ht = open(html).read()
    expect(all(v in ht for v in fields.values()) and c["integrity"]["sha256"] in ht, "the HTML certificate carries them and the hash")
    v = subprocess.run([BULWARK, "wipe", "verify-cert", cj], capture_output=True, text=True)
    expect(v.returncode == 0, f"the certificate with the new fields verifies ({v.stdout.strip()[:200]})")

    chromium = shutil.which("chromium")
    if os.geteuid() != 0 or not chromium or not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        print("skip: the PDF rendering needs root (unshare -n), chromium and poppler-utils")
    else:
        pdf = os.path.join(d, "paper.pdf")
        env = dict(os.environ, HOME=d)
        subprocess.run(["timeout", "120", "unshare", "-n", chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-first-run", "--user-data-dir=" + os.path.join(d, "profile"), "--print-to-pdf=" + pdf,
                        "--no-pdf-header-footer", "file://" + html], env=env, capture_output=True, timeout=150)
        expect(os.path.exists(pdf) and open(pdf, "rb").read(5) == b"%PDF-", "Chromium printed the HTML certificate to a PDF")
        if os.path.exists(pdf):
            text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
            flat = " ".join(text.split())
            expect(all(" ".join(v.split()) in flat for v in fields.values()) and "Certificate of sanitization" in flat,
                   "the PDF's text holds the title and every Appendix G field (pdftotext)")
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", pdf, os.path.join(d, "page")], check=True)
            pngs = [f for f in os.listdir(d) if f.startswith("page") and f.endswith(".png")]
            expect(len(pngs) == 1, f"pdftoppm rendered page 1 ({pngs})")
            if pngs:
                r = subprocess.run(["/usr/bin/python3", os.path.join(SRC, "tests/integration/html-check.py"), "png",
                                    os.path.join(d, pngs[0])], capture_output=True, text=True)
                expect(r.returncode == 0, f"the page is not blank ({r.stdout.strip()} {r.stderr.strip()})")
done()
