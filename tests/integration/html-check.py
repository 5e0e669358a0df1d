#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks what a browser made of an HTML report.

  html-check.py png FILE.png        the screenshot is not blank: enough ink,
                                    enough colours, and the verdict badge colours
  html-check.py dom FILE.html       the DOM as Chromium parsed it (--dump-dom)
                                    holds only the elements the writer emits:
                                    a hostile string never became markup
  html-check.py static FILE.html    the same element check on the file itself
"""
import html.parser
import struct
import sys
import zlib

ALLOWED = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "thead",
           "tbody", "tr", "th", "td", "span", "a", "section", "div", "ul", "li", "strong", "details", "summary"}


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif typ == b"IDAT":
            idat += body
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise SystemExit(f"{path}: unexpected PNG format depth={depth} type={ctype}")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 0xFF
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def check_png(path, want_colors):
    w, h, bpp, rows = png_pixels(path)
    colors = {}
    ink = 0
    for row in rows[::2]:
        for x in range(0, w * bpp, bpp * 2):
            px = row[x:x + 3]
            colors[px] = colors.get(px, 0) + 1
            if sum(px) < 600:
                ink += 1
    total = sum(colors.values())
    ok = True
    if ink / total < 0.02:
        print(f"FAIL {path}: only {ink / total:.1%} of the page has ink")
        ok = False
    if len(colors) < 16:
        print(f"FAIL {path}: only {len(colors)} colours")
        ok = False
    for hexcol in want_colors:
        rgb = bytes.fromhex(hexcol)
        if colors.get(rgb, 0) < 50:
            print(f"FAIL {path}: colour #{hexcol} (a verdict badge) not on the page")
            ok = False
    print(f"{path}: {w}x{h}, {len(colors)} colours, {ink / total:.1%} ink")
    return ok


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.bad.append(tag)
        for k, v in attrs:
            if k.startswith("on") or (v and "javascript:" in v.lower()):
                self.bad.append(f"{tag}[{k}]")


def check_tags(path):
    p = Tags()
    p.feed(open(path, encoding="utf-8").read())
    if p.bad:
        print(f"FAIL {path}: markup that the writer does not emit: {sorted(set(p.bad))}")
        return False
    return True


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "png":
        ok = check_png(path, sys.argv[3:])
    else:
        ok = check_tags(path)
    print(("OK " if ok else "FAIL ") + path)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
