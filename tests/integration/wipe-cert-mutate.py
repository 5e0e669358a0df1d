#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Mutation test of a signed wipe certificate against `bulwark wipe verify-cert --ca`.

Every key of every object (the integrity object's own fields included) is
deleted, renamed and given another value; every object gets a key added;
every array gets an element added, removed and changed. Each mutation is
tried as it is and as a forger would send it, with integrity.sha256
recomputed over the canonical form that docs/wipe.md writes down: both must
fail verification (exit 4). The unmutated certificate must verify (exit 0),
and its sha256 must be what this independent canonicaliser computes, which
checks that the written-down form is the one bulwark uses.

Usage: wipe-cert-mutate.py BULWARK CERT.json CA.pem WORKDIR
"""
import copy
import hashlib
import json
import os
import subprocess
import sys


def enc_str(s):
    out = ['"']
    short = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'}
    for ch in s:
        c = ord(ch)
        if ch in short:
            out.append(short[ch])
        elif c < 0x20:
            out.append('\\u%04X' % c)
        elif c > 0xFFFF:
            c -= 0x10000
            out.append('\\u%04X\\u%04X' % (0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF)))
        elif c > 0x7F:
            out.append('\\u%04X' % c)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def canon(v):
    """docs/wipe.md: keys sorted by UTF-8 bytes, no whitespace, ASCII with upper-case \\uXXXX escapes."""
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: k.encode('utf-8'))
        return '{' + ','.join(enc_str(k) + ':' + canon(v[k]) for k in keys) + '}'
    if isinstance(v, list):
        return '[' + ','.join(canon(x) for x in v) + ']'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if v is None:
        return 'null'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return enc_str(v)
    raise ValueError('a certificate carries no real numbers: %r' % (v,))


def covered_hash(c):
    d = copy.deepcopy(c)
    integ = d.get('integrity')
    if isinstance(integ, dict):
        integ.pop('sha256', None)
        if isinstance(integ.get('signature'), dict):
            integ['signature'].pop('value', None)
    return hashlib.sha256(canon(d).encode('ascii')).hexdigest()


def other_values(v):
    """Values that differ from v (in value or type)."""
    if isinstance(v, bool):
        return [not v, None]
    if isinstance(v, int):
        return [v + 1, str(v), None]
    if isinstance(v, str):
        alts = [v + 'x', None]
        if v:
            # same length, one character changed (base64 stays base64)
            i = len(v) // 2
            alts.append(v[:i] + ('A' if v[i] != 'A' else 'B') + v[i + 1:])
        return alts
    if v is None:
        return ['x', 0]
    if isinstance(v, list):
        return [None, {}]
    if isinstance(v, dict):
        return [None, []]
    return []


def get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def mutations(doc):
    """Yields (description, mutated document) for every place in doc."""
    def walk(node, path):
        name = '.'.join(str(p) for p in path) or '(root)'
        if isinstance(node, dict):
            d = copy.deepcopy(doc)
            get(d, path)['bulwark-mutation-added'] = 'x'
            yield 'add a key to %s' % name, d
            for k in list(node):
                kp = path + [k]
                kn = '.'.join(str(p) for p in kp)
                d = copy.deepcopy(doc)
                del get(d, path)[k]
                yield 'delete %s' % kn, d
                d = copy.deepcopy(doc)
                o = get(d, path)
                o[k + 'x'] = o.pop(k)
                yield 'rename %s' % kn, d
                for alt in other_values(node[k]):
                    d = copy.deepcopy(doc)
                    get(d, path)[k] = alt
                    yield 'set %s to %s' % (kn, json.dumps(alt)[:40]), d
                yield from walk(node[k], kp)
        elif isinstance(node, list):
            d = copy.deepcopy(doc)
            get(d, path).append(copy.deepcopy(node[0]) if node else 'x')
            yield 'append to %s' % name, d
            if node:
                d = copy.deepcopy(doc)
                get(d, path).pop()
                yield 'remove the last of %s' % name, d
            for i, x in enumerate(node):
                for alt in other_values(x):
                    d = copy.deepcopy(doc)
                    get(d, path)[i] = alt
                    yield 'set %s.%d to %s' % (name, i, json.dumps(alt)[:40]), d
                yield from walk(x, path + [i])
    yield from walk(doc, [])


def verify(bulwark, path, ca):
    p = subprocess.run([bulwark, 'wipe', 'verify-cert', '--ca', ca, path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    return p.returncode, p.stdout.decode(errors='replace').strip()


def main():
    bulwark, cert_path, ca, work = sys.argv[1:5]
    with open(cert_path) as f:
        orig = json.load(f)
    failures = []

    rc, out = verify(bulwark, cert_path, ca)
    if rc != 0:
        failures.append('the unmutated certificate does not verify (exit %d): %s' % (rc, out))
    integ = orig.get('integrity', {})
    if 'signature' not in integ:
        failures.append('the certificate is not signed')
    if covered_hash(orig) != integ.get('sha256'):
        failures.append('the canonical form written down in docs/wipe.md does not reproduce integrity.sha256')

    n = accepted = wrong = 0
    covered = set()
    for desc, doc in mutations(orig):
        variants = [('as is', doc)]
        if isinstance(doc.get('integrity'), dict):
            forged = copy.deepcopy(doc)
            forged['integrity']['sha256'] = covered_hash(forged)
            variants.append(('hash recomputed', forged))
        for how, d in variants:
            if d == orig:
                continue  # a mutation that changes nothing (e.g. sha256 recomputed over a change of sha256)
            n += 1
            path = os.path.join(work, 'm%05d.json' % n)
            with open(path, 'w') as f:
                json.dump(d, f, indent=1)
            rc, out = verify(bulwark, path, ca)
            if rc == 0:
                accepted += 1
                failures.append('ACCEPTED: %s (%s): %s' % (desc, how, out))
            elif rc != 4:
                wrong += 1
                failures.append('exit %d, not 4: %s (%s): %s' % (rc, desc, how, out))
            os.unlink(path)
        covered.add(desc.split(' ', 1)[1] if desc.startswith(('delete', 'rename')) else desc)

    # Each field of integrity other than the signature value is among the mutated ones.
    for k in ('integrity.canonical_form', 'integrity.hash_algorithm', 'integrity.sha256',
              'integrity.signature.algorithm', 'integrity.signature.certificate', 'integrity.signature.value'):
        if k not in covered:
            failures.append('no mutation of %s' % k)

    failures.sort(key=lambda f: not f.startswith('ACCEPTED'))
    for f in failures[:60]:
        print('FAIL:', f)
    if len(failures) > 60:
        print('FAIL: ... %d in all' % len(failures))
    print('%d mutations: %d verified, %d with another exit code than 4' % (n, accepted, wrong))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
