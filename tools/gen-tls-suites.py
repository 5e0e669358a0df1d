#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generates src/policy/tls-suites-table.c from tools/tls-suites.tsv.

The attributes of a suite are derived from its IANA name, which spells
them out (key exchange, authentication, cipher, mode, MAC/PRF hash); only
code, name and OpenSSL name are data. Run: tools/gen-tls-suites.py > src/policy/tls-suites-table.c
"""
import os
import re
import sys

KX = {
    "NULL": ("NULL", "NULL"), "RSA": ("RSA", "RSA"),
    "DH_DSS": ("DH", "DSS"), "DH_RSA": ("DH", "RSA"), "DHE_DSS": ("DHE", "DSS"), "DHE_RSA": ("DHE", "RSA"),
    "DH_anon": ("DHE", "ANON"), "KRB5": ("KRB5", "KRB5"),
    "PSK": ("PSK", "PSK"), "DHE_PSK": ("DHE_PSK", "PSK"), "PSK_DHE": ("DHE_PSK", "PSK"),
    "RSA_PSK": ("RSA_PSK", "RSA"), "ECDHE_PSK": ("ECDHE_PSK", "PSK"),
    "ECDH_ECDSA": ("ECDH", "ECDSA"), "ECDHE_ECDSA": ("ECDHE", "ECDSA"), "ECDH_RSA": ("ECDH", "RSA"),
    "ECDHE_RSA": ("ECDHE", "RSA"), "ECDH_anon": ("ECDHE", "ANON"),
    "SRP_SHA": ("SRP", "SRP"), "SRP_SHA_RSA": ("SRP", "RSA"), "SRP_SHA_DSS": ("SRP", "DSS"),
    "ECCPWD": ("ECCPWD", "PSK"), "GOSTR341112_256": ("GOST", "GOST"),
}
HASH = {"MD5": "MD5", "SHA": "SHA1", "SHA256": "SHA256", "SHA384": "SHA384", "SM3": "SM3"}
PSK_KX = {"PSK", "DHE_PSK", "RSA_PSK", "ECDHE_PSK"}


def parse_enc(enc):
    """Returns cipher, mode, key bits, mac, prf from the part after _WITH_."""
    if enc == "NULL_NULL":
        return "NULL", "NONE", 0, "NULL", "NULL"
    m = re.fullmatch(r"(.*?)_(MD5|SHA|SHA256|SHA384|SM3)(_OLD)?", enc)
    suffix = None
    if m:
        enc, suffix = m.group(1), HASH[m.group(2)]
    table = [
        (r"NULL", ("NULL", "NONE", 0)),
        (r"RC4_(40|56|128)", ("RC4", "STREAM", None)),
        (r"RC2_CBC_(40|56)", ("RC2", "CBC", None)),
        (r"DES40_CBC", ("DES", "CBC", 40)), (r"DES_CBC_40", ("DES", "CBC", 40)), (r"DES_CBC", ("DES", "CBC", 56)),
        (r"3DES_EDE_CBC", ("3DES", "CBC", 168)), (r"IDEA_CBC", ("IDEA", "CBC", 128)), (r"SEED_CBC", ("SEED", "CBC", 128)),
        (r"(?:AES|CAMELLIA|ARIA)_(128|256)_(CBC|GCM|CCM_8|CCM)", None),
        (r"CHACHA20_POLY1305", ("CHACHA20", "POLY1305", 256)),
        (r"SM4_(GCM|CCM)", None),
        (r"KUZNYECHIK_CTR_OMAC", ("GOST", "CTR", 256)), (r"MAGMA_CTR_OMAC", ("GOST", "CTR", 256)),
        (r"28147_CNT_IMIT", ("GOST", "STREAM", 256)),
    ]
    for rx, val in table:
        mm = re.fullmatch(rx, enc)
        if not mm:
            continue
        if val is None and enc.startswith("SM4"):
            cipher, mode, bits = "SM4", mm.group(1), 128
        elif val is None:
            cipher = enc.split("_")[0]
            bits = int(mm.group(1))
            mode = mm.group(2).replace("CCM_8", "CCM8")
        else:
            cipher, mode, bits = val
            if bits is None:
                bits = int(mm.group(1))
        aead = mode in ("GCM", "CCM", "CCM8", "POLY1305") or cipher == "GOST" and mode == "CTR"
        if aead:
            mac = "AEAD" if cipher != "GOST" else "GOST"
            prf = suffix or "SHA256"
        else:
            mac = suffix or ("GOST" if cipher == "GOST" else None)
            prf = suffix if suffix in ("SHA256", "SHA384", "SM3") else "SHA1"
        if cipher == "GOST":
            prf = "GOST"
        return cipher, mode, bits, mac, prf
    raise SystemExit(f"cannot parse cipher part {enc!r}")


def parse(code, name):
    d = {"export": "EXPORT" in name, "scsv": name.endswith("_SCSV")}
    if d["scsv"]:
        d.update(kx="SCSV", au="NULL", cipher="NULL", mode="NONE", bits=0, mac="NULL", prf="NULL")
    elif "_WITH_" not in name:
        # TLS 1.3: TLS_<AEAD>_<HASH>, or the integrity-only TLS_SHA256_SHA256.
        rest = name[4:]
        if rest in ("SHA256_SHA256", "SHA384_SHA384"):
            h = rest.split("_")[0]
            cipher, mode, bits, mac, prf = "NULL", "NONE", 0, h, h
        else:
            cipher, mode, bits, mac, prf = parse_enc(rest)
        d.update(kx="TLS13", au="TLS13", cipher=cipher, mode=mode, bits=bits, mac=mac, prf=prf)
    else:
        left, enc = name[4:].split("_WITH_")
        left = re.sub(r"_EXPORT(1024)?$", "", left)
        kx, au = KX[left]
        cipher, mode, bits, mac, prf = parse_enc(enc)
        d.update(kx=kx, au=au, cipher=cipher, mode=mode, bits=bits, mac=mac, prf=prf)
    strength = {"NULL": 0, "3DES": 112}.get(d["cipher"], d["bits"])
    d["strength"] = strength
    if d["kx"] == "TLS13":
        d["min"], d["max"] = "TLS13", "TLS13"
    elif d["scsv"]:
        d["min"], d["max"] = "SSL3", "TLS13"
    elif d["mac"] in ("AEAD", "GOST") or d["kx"] == "GOST":
        d["min"], d["max"] = "TLS12", "TLS12"
    elif d["mac"] in ("SHA256", "SHA384"):
        d["min"], d["max"] = ("TLS10" if d["kx"] in PSK_KX else "TLS12"), "TLS12"
    else:
        d["min"], d["max"] = "SSL3", "TLS12"
    return d


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []
    for line in open(os.path.join(here, "tls-suites.tsv")):
        if line.startswith("#") or not line.strip():
            continue
        code, name, ossl = line.rstrip("\n").split("\t")
        rows.append((int(code, 16), name, None if ossl == "-" else ossl))
    rows.sort()
    out = sys.stdout
    out.write("/* SPDX-License-Identifier: GPL-2.0-or-later */\n")
    out.write("/* Generated by tools/gen-tls-suites.py from tools/tls-suites.tsv; do not edit. */\n")
    out.write('#include "tls-suites.h"\n\nconst struct tls_suite tls_suites[] = {\n')
    for code, name, ossl in rows:
        d = parse(code, name)
        o = f'"{ossl}"' if ossl else "NULL"
        out.write(f'        {{ 0x{code:04X}, "{name}", {o}, TLS_KX_{d["kx"]}, TLS_AU_{d["au"]}, '
                  f'TLS_CIPHER_{d["cipher"]}, TLS_MODE_{d["mode"]}, {d["bits"]}, {d["strength"]}, '
                  f'TLS_HASH_{d["mac"]}, TLS_HASH_{d["prf"]}, TLS_VERSION_{d["min"]}, TLS_VERSION_{d["max"]}, '
                  f'{"true" if d["export"] else "false"}, {"true" if d["scsv"] else "false"} }},\n')
    out.write("};\n\nconst size_t tls_suites_count = sizeof(tls_suites) / sizeof(tls_suites[0]);\n")


main()
