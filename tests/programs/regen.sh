#!/usr/bin/env bash
# Regenerates the expected .out/.err/.code sidecars of corpus programs from
# CPython, exactly the way tests/programs.rs runs them (crate root as working
# directory, relative path, `# test: args=` directive, .in file as stdin).
#
#   tests/programs/regen.sh                      # every python-comparable program
#   tests/programs/regen.sh tests/programs/strings/fstrings.mini [...]
#   tests/programs/regen.sh strings/fstrings     # paths relative to tests/programs work too
#
# Programs marked `# test: no-python` are skipped: write their sidecars by hand.
# Review the result with `git diff` before committing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd -P)"
py="${MINI_TEST_PYTHON:-/usr/bin/python3}"
[ -x "$py" ] || py=python3
cd "$root"

# Prints the value of directive $2 ("no-python", "args=") found in the leading
# comment block of program $1; exits non-zero when absent.
directive() {
    awk -v want="$2" '
        /^[ \t]*$/ { next }
        !/^[ \t]*#/ { exit }
        {
            line = $0
            sub(/^[ \t]*#[ \t]*/, "", line)
            if (substr(line, 1, 5) != "test:") next
            line = substr(line, 6)
            sub(/^[ \t]+/, "", line); sub(/[ \t\r]+$/, "", line)
            if (line == want) { found = 1; exit }
            if (substr(want, length(want)) == "=" && substr(line, 1, length(want)) == want) {
                print substr(line, length(want) + 1); found = 1; exit
            }
        }
        END { exit !found }
    ' "$1" 2>/dev/null
}

programs=()
if [ $# -eq 0 ]; then
    while IFS= read -r f; do programs+=("$f"); done < <(find tests/programs -name '*.mini' | LC_ALL=C sort)
else
    for orig in "$@"; do
        p="$orig"
        p="${p#./}"
        case "$p" in
            /*) p="${p#"$root"/}" ;;
        esac
        [ -f "$p" ] || p="tests/programs/${p#tests/programs/}"
        [ -f "$p" ] || p="${p%.mini}.mini"
        [ -f "$p" ] || { echo "no such program: $orig" >&2; exit 1; }
        programs+=("$p")
    done
fi

for prog in "${programs[@]}"; do
    base="${prog%.mini}"
    if directive "$prog" no-python >/dev/null; then
        echo "skip (no-python): $prog"
        continue
    fi
    args=()
    if a="$(directive "$prog" args=)"; then
        read -r -a args <<< "$a"
    fi
    stdin=/dev/null
    [ -f "$base.in" ] && stdin="$base.in"
    code=0
    PYTHONDONTWRITEBYTECODE=1 PYTHONIOENCODING=utf-8 \
        timeout 120 "$py" "$prog" ${args[@]+"${args[@]}"} <"$stdin" >"$base.out" 2>"$base.err" || code=$?
    # CPython shows the main script's path made absolute; the expectations
    # (and the harness) use it relative to the crate root.
    for f in "$base.out" "$base.err"; do
        "$py" -c 'import sys; p, root = sys.argv[1], sys.argv[2].encode() + b"/"
data = open(p, "rb").read()
open(p, "wb").write(data.replace(root, b""))' "$f" "$root"
    done
    [ -s "$base.err" ] || rm -f "$base.err"
    if [ "$code" -eq 0 ]; then rm -f "$base.code"; else echo "$code" >"$base.code"; fi
    echo "regen: $prog (exit $code)"
done
