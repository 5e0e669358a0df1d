#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Golden test: for each fixture tree tests/fixtures/NAME/, run
#   bulwark assess --root tests/fixtures/NAME --sl 3 --role network --format F
# for every report format and compare with tests/golden/NAME.EXT.
# BULWARK_REGENERATE=1 rewrites the goldens instead (review the diff, commit).
#
# Usage: golden.sh BULWARK SOURCE_ROOT
set -eu

bulwark=$(realpath "$1")
src=$(realpath "$2")
cd "$src"

# A fixed clock and environment: the goldens must not depend on when or where they ran.
export SOURCE_DATE_EPOCH=1700000000
export LC_ALL=C NO_COLOR=1
unset COLUMNS

formats="json:json text:txt junit:xml markdown:md html:html oscal:oscal summary:summary"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failed=0 passed=0
for dir in tests/fixtures/*/; do
        name=$(basename "$dir")
        for pair in $formats; do
                fmt=${pair%%:*} ext=${pair#*:}
                golden="tests/golden/$name.$ext"
                out="$tmp/$name.$ext"
                rc=0
                "$bulwark" assess --root "tests/fixtures/$name" --sl 3 --role network \
                        --format "$fmt" --output "$out" 2>"$tmp/stderr" || rc=$?
                # 0 met, 1 not met, 3 some error: all are reports; 2 or a crash is not.
                case $rc in
                0|1|3) ;;
                *)
                        echo "FAIL $name ($fmt): bulwark exited $rc"; cat "$tmp/stderr"
                        failed=$((failed + 1)); continue ;;
                esac
                if [ "${BULWARK_REGENERATE:-0}" = 1 ]; then
                        cp "$out" "$golden"
                        echo "regenerated $golden"
                        passed=$((passed + 1))
                elif [ ! -e "$golden" ]; then
                        echo "FAIL $name ($fmt): no $golden; run with BULWARK_REGENERATE=1 and review it"
                        failed=$((failed + 1))
                elif ! diff -u "$golden" "$out"; then
                        echo "FAIL $name ($fmt): output differs from $golden"
                        failed=$((failed + 1))
                else
                        passed=$((passed + 1))
                fi
        done
done

# A golden without a fixture is stale.
for g in tests/golden/*.*; do
        [ -e "$g" ] || continue
        name=$(basename "$g"); name=${name%.*}
        if [ ! -d "tests/fixtures/$name" ]; then
                echo "FAIL $g: no fixture tests/fixtures/$name"
                failed=$((failed + 1))
        fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
