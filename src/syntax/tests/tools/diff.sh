#!/bin/bash
# Compares mini's parse of every *.py in DIR with CPython's (AST dump or the
# syntax error python3 prints). Usage: tools/diff.sh DIR
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
MINI_DIFF_DIR=$dir cargo test --manifest-path "$root/Cargo.toml" --lib diff_dump -- --ignored -q >/dev/null 2>&1
fail=0
for f in "$dir"/*.py; do
    exp="${f%.py}.cpy"
    if python3 -c "import ast,sys; ast.parse(open(sys.argv[1], encoding='utf-8', newline='').read())" "$f" 2>/dev/null; then
        python3 "$here/astdump.py" "$f" > "$exp"
    else
        cp "$f" "$dir/t.py.tmp"
        (cd "$dir" && mv t.py.tmp t.py && python3 t.py 2>&1 >/dev/null | grep -v '^Traceback' ; rm -f t.py) | sed "s|File \".*/t.py\"|File \"t.py\"|" > "$exp"
    fi
    if ! cmp -s "$exp" "${f%.py}.mini"; then
        echo "DIFF: $f"
        fail=$((fail+1))
    fi
done
echo "$fail differing"
