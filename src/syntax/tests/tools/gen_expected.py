"""Prints Rust test cases whose expectations come from CPython 3.11.

Usage: python3 gen_expected.py errors|ast < cases.txt
Each input line is one Python source, with \\n, \\t, \\\\ escapes. For
`errors`, the expectation is what `python3 t.py` prints on stderr; for `ast`
it is the dump of astdump.py.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def rust_str(s):
    out = []
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif c == "\x0c":
            out.append("\\x0c")
        elif c == "\0":
            out.append("\\0")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def main():
    mode = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "t.py")
        for line in sys.stdin:
            line = line.rstrip("\n")
            if not line:
                continue
            src = line.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(src)
            if mode == "errors":
                r = subprocess.run([sys.executable, "t.py"], cwd=d, capture_output=True, text=True)
                exp = r.stderr.replace('File "%s"' % path, 'File "t.py"')
            else:
                r = subprocess.run([sys.executable, os.path.join(HERE, "astdump.py"), path],
                                   capture_output=True, text=True)
                exp = r.stdout.rstrip("\n")
            print("        (%s, %s)," % (rust_str(src), rust_str(exp)))


main()
