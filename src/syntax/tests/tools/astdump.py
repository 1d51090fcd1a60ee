"""Dumps CPython's AST of a file in the compact format of pydump.rs.

Usage: python3 astdump.py FILE   (prints one line)
"""
import ast
import struct
import sys

SKIP = {"ctx", "type_comment", "kind", "type_ignores", "is_async", "type_params"}
NO_POS = {"ExceptHandler", "comprehension", "arguments", "withitem", "Module"}


def text(s):
    out = []
    for c in s:
        if " " <= c < "\x7f" and c not in '\\"':
            out.append(c)
        else:
            out.append("\\u{%x}" % ord(c))
    return '"' + "".join(out) + '"'


def const(v):
    if v is None or v is True or v is False or v is Ellipsis:
        return repr(v)
    if isinstance(v, bool):
        return repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "float:%x" % struct.unpack("<Q", struct.pack("<d", v))[0]
    if isinstance(v, str):
        return text(v)
    if isinstance(v, bytes):
        return "b" + text(v.decode("latin-1"))
    return repr(v)


def f(n, in_fstring=False):
    if isinstance(n, list):
        return "[" + ", ".join(f(x, in_fstring) for x in n) + "]"
    if n is None:
        return "None"
    if isinstance(n, str):
        return text(n)
    if isinstance(n, int):
        return str(n)
    name = type(n).__name__
    if name == "Constant":
        body = "value=" + const(n.value)
    else:
        parts = []
        for k in n._fields:
            if k in SKIP:
                continue
            inner = in_fstring or name == "JoinedStr"
            if name == "FormattedValue" and k == "value":
                inner = False
            parts.append("%s=%s" % (k, f(getattr(n, k), inner)))
        body = ", ".join(parts)
    pos = ""
    # CPython 3.11 gives odd positions to the parts of an f-string.
    if hasattr(n, "lineno") and name not in NO_POS and not in_fstring:
        pos = "@%d:%d-%d:%d" % (n.lineno, n.col_offset, n.end_lineno, n.end_col_offset)
    return "%s(%s)%s" % (name, body, pos)


src = open(sys.argv[1], encoding="utf-8", newline="").read()
print(f(ast.parse(src)))
