#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Renders the HTML report of each fixture tree in headless Chromium, inside a
# network namespace of its own (unshare -n: the page could not fetch anything
# even if it tried), and checks
#  - the screenshot is not blank and shows the five verdict badge colours;
#  - it prints to a PDF of at least one page;
#  - the DOM Chromium built holds only the elements the writer emits, so no
#    hostile string from the tree became markup.
# Needs root (unshare) and chromium; exits 77 (skipped) without them.
#
# Usage: html-render.sh BULWARK SOURCE_ROOT
set -eu

bulwark=$(realpath "$1")
src=$(realpath "$2")
check="$src/tests/integration/html-check.py"

[ "$(id -u)" = 0 ] || { echo "skip: needs root for unshare -n"; exit 77; }
command -v chromium >/dev/null || { echo "skip: chromium is not installed (tools/deps-test.txt)"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" SOURCE_DATE_EPOCH=1700000000

chrome() {
        timeout 120 unshare -n chromium --headless --no-sandbox --disable-gpu \
                --disable-background-networking --no-first-run --no-default-browser-check \
                --user-data-dir="$tmp/profile" --hide-scrollbars "$@" 2>>"$tmp/chromium.log"
}

failed=0 passed=0
for name in minimal hostile-strings; do
        html="$tmp/$name.html"
        rc=0
        "$bulwark" assess --root "$src/tests/fixtures/$name" --sl 3 --role network --format html --output "$html" || rc=$?
        [ $rc -le 3 ] && [ $rc != 2 ] || { echo "FAIL $name: bulwark exited $rc"; failed=$((failed + 1)); continue; }

        if chrome --window-size=1280,1600 --screenshot="$tmp/$name.png" "file://$html" >/dev/null &&
           /usr/bin/python3 "$check" png "$tmp/$name.png" 1a7f37 c62828 b45309 6d28d9 6b7280; then
                passed=$((passed + 1))
        else
                echo "FAIL $name: screenshot"; tail -5 "$tmp/chromium.log"; failed=$((failed + 1))
        fi
        # It prints: Chromium makes a PDF of at least one page with the report in it.
        if chrome --print-to-pdf="$tmp/$name.pdf" --no-pdf-header-footer "file://$html" >/dev/null &&
           /usr/bin/python3 -c 'import re, sys; d = open(sys.argv[1], "rb").read(); sys.exit(not (d.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", d)) >= 1 and len(d) > 10000))' "$tmp/$name.pdf"; then
                passed=$((passed + 1))
        else
                echo "FAIL $name: print to PDF"; failed=$((failed + 1))
        fi
        if chrome --dump-dom "file://$html" >"$tmp/$name.dom" && [ -s "$tmp/$name.dom" ] &&
           /usr/bin/python3 "$check" dom "$tmp/$name.dom"; then
                passed=$((passed + 1))
        else
                echo "FAIL $name: DOM"; failed=$((failed + 1))
        fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
