#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Man pages and bash completion: every page formats without a groff warning,
# every option of a verb's --help is in its man page (they come from the same
# table), and the completion offers verbs, options and option values.
#
# Usage: man-completion.sh BULWARK SOURCE_ROOT MAN_BUILD_DIR
set -eu

bulwark=$(realpath "$1")
src=$(realpath "$2")
mandir=$(realpath "$3")
failed=0 passed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

command -v groff >/dev/null || { echo "skip: groff is not installed"; exit 77; }

for page in "$src/docs/man/bulwark.1" "$mandir"/bulwark-*.1 "$src"/man/bulwark-*.[18]; do
        [ -e "$page" ] || continue
        w=$(groff -man -ww -z "$page" 2>&1)
        [ -z "$w" ] && ok || bad "$page: $w"
done
# Every verb bulwark lists has a generated page (docs/man/meson.build names them).
verbs=$("$bulwark" --help | sed -n '/^Verbs:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
[ -n "$verbs" ] && ok || bad "no verbs in bulwark --help"
for verb in $verbs; do
        # Generated from the option table, or written by hand in man/.
        page="$mandir/bulwark-$verb.1"
        [ -s "$page" ] || page=$(ls "$src/man/bulwark-$verb".[18] 2>/dev/null | head -1)
        [ -n "$page" ] && [ -s "$page" ] || { bad "no man page for $verb"; continue; }
        text=$(groff -man -Tutf8 "$page" 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g')
        # The options of the table: help lines "  -o, --name ARG  text" or "      --name  text".
        for opt in $("$bulwark" "$verb" --help | sed -n 's/^  \(-[a-zA-Z], \|    \)\(--[a-z][a-z-]*\).*/\2/p' | sort -u); do
                [ "$opt" = --help ] && continue
                grep -q -- "$opt" <<<"$text" && ok || bad "$(basename "$page") lacks $opt"
        done
        grep -qF -- "bulwark\\-$(printf %s "$verb" | sed 's/-/\\-/g')" "$src/docs/man/bulwark.1" && ok || bad "bulwark.1 does not point to bulwark-$verb(1)"
done

export PATH="$(dirname "$bulwark"):$PATH"
# shellcheck source=/dev/null
source "$src/contrib/bash-completion/bulwark"
complete_words() {
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
        _bulwark
        echo "${COMPREPLY[*]}"
}
[ "$(complete_words bulwark as)" = assess ] && ok || bad "verb completion: $(complete_words bulwark as)"
[ "$(complete_words bulwark re)" = "requirements report" ] && ok || bad "verbs re: $(complete_words bulwark re)"
[ "$(complete_words bulwark assess --evi)" = --evidence-dir ] && ok || bad "option completion"
[ "$(complete_words bulwark assess --format o)" = "oscal oscal-catalog" ] && ok || bad "format values"
[ "$(complete_words bulwark assess --role n)" = network ] && ok || bad "role values"
[ "$(complete_words bulwark report '')" = "diff merge verify" ] && ok || bad "report sub-verbs"
[ "$(complete_words bulwark report merge --for)" = --format ] && ok || bad "report options"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
