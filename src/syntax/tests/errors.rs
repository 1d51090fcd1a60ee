//! Syntax errors, rendered, compared with what CPython 3.11 prints on
//! stderr for the same file (`python3 t.py`). The expectations were
//! produced by `tools/gen_expected.py errors` and checked by hand.

use super::util::rendered;
use crate::syntax::parse_module;

/// Checks every `(source, expected)` pair, reporting all mismatches at once.
fn check_all(cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (source, expected) in cases {
        let got = rendered(source);
        if got != *expected {
            failures.push(format!(
                "source {source:?}\n--- expected\n{expected}--- got\n{got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Tokenizer errors: brackets, unterminated strings, stray characters, NUL.
#[test]
fn brackets_strings_and_characters() {
    check_all(&[
        ("x = (1,", "  File \"t.py\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"),
        ("x = (1,\n", "  File \"t.py\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"),
        ("x = [1,\n2", "  File \"t.py\", line 1\n    x = [1,\n        ^\nSyntaxError: '[' was never closed\n"),
        ("x = {1:", "  File \"t.py\", line 1\n    x = {1:\n        ^\nSyntaxError: '{' was never closed\n"),
        ("x = )", "  File \"t.py\", line 1\n    x = )\n        ^\nSyntaxError: unmatched ')'\n"),
        ("(]", "  File \"t.py\", line 1\n    (]\n     ^\nSyntaxError: closing parenthesis ']' does not match opening parenthesis '('\n"),
        ("(1, 2\n]", "  File \"t.py\", line 2\n    ]\n    ^\nSyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1\n"),
        ("(1,\n2]", "  File \"t.py\", line 2\n    2]\n     ^\nSyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1\n"),
        ("x = (1,\ny = 2\n", "  File \"t.py\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"),
        ("x = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1", "  File \"t.py\", line 1\n    x = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1\n                                                                                                                                                                                                                ^\nSyntaxError: too many nested parentheses\n"),
        ("x = 'abc", "  File \"t.py\", line 1\n    x = 'abc\n        ^\nSyntaxError: unterminated string literal (detected at line 1)\n"),
        ("x = '''abc\n\n", "  File \"t.py\", line 1\n    x = '''abc\n        ^\nSyntaxError: unterminated triple-quoted string literal (detected at line 2)\n"),
        ("x = b\"abc", "  File \"t.py\", line 1\n    x = b\"abc\n        ^\nSyntaxError: unterminated string literal (detected at line 1)\n"),
        ("x = \"\"\"\n\n", "  File \"t.py\", line 1\n    x = \"\"\"\n        ^\nSyntaxError: unterminated triple-quoted string literal (detected at line 2)\n"),
        ("x = a b\ny = \"abc\n", "  File \"t.py\", line 2\n    y = \"abc\n        ^\nSyntaxError: unterminated string literal (detected at line 2)\n"),
        ("x = 1\0\n", "  File \"t.py\", line 1\n    x = 1\nSyntaxError: source code cannot contain null bytes\n"),
        ("x = \\ 1", "  File \"t.py\", line 1\n    x = \\ 1\n         ^\nSyntaxError: unexpected character after line continuation character\n"),
        ("x = 1 \\\n", "  File \"t.py\", line 1\n    x = 1 \\\n           ^\nSyntaxError: unexpected EOF while parsing\n"),
        ("x = $", "  File \"t.py\", line 1\n    x = $\n        ^\nSyntaxError: invalid syntax\n"),
        ("x = a!", "  File \"t.py\", line 1\n    x = a!\n         ^\nSyntaxError: invalid syntax\n"),
        ("x = €", "  File \"t.py\", line 1\n    x = €\n        ^\nSyntaxError: invalid character '€' (U+20AC)\n"),
        ("x = a€", "  File \"t.py\", line 1\n    x = a€\n         ^\nSyntaxError: invalid character '€' (U+20AC)\n"),
        ("x = a <> b", "  File \"t.py\", line 1\n    x = a <> b\n          ^^\nSyntaxError: invalid syntax\n"),
        ("1 = x\ny = \"abc", "  File \"t.py\", line 2\n    y = \"abc\n        ^\nSyntaxError: unterminated string literal (detected at line 2)\n"),
        ("f(a=1, b)\ny = \"abc", "  File \"t.py\", line 2\n    y = \"abc\n        ^\nSyntaxError: unterminated string literal (detected at line 2)\n"),
        ("if x:\nfoo()\ny = \"abc", "  File \"t.py\", line 3\n    y = \"abc\n        ^\nSyntaxError: unterminated string literal (detected at line 3)\n"),
        ("  x = 1\ny = \"abc", "  File \"t.py\", line 1\n    x = 1\nIndentationError: unexpected indent\n"),
    ]);
}

/// Indentation: missing blocks, bad dedents, unexpected indents, TabError.
#[test]
fn indentation() {
    check_all(&[
        ("if x:\nfoo()", "  File \"t.py\", line 2\n    foo()\n    ^\nIndentationError: expected an indented block after 'if' statement on line 1\n"),
        ("if x:\n", "  File \"t.py\", line 1\n    if x:\nIndentationError: expected an indented block after 'if' statement on line 1\n"),
        ("if x:", "  File \"t.py\", line 1\n    if x:\nIndentationError: expected an indented block after 'if' statement on line 1\n"),
        ("if x:\n\n# c\n", "  File \"t.py\", line 3\n    # c\nIndentationError: expected an indented block after 'if' statement on line 1\n"),
        ("if x:\n\n\n", "  File \"t.py\", line 3\n    \nIndentationError: expected an indented block after 'if' statement on line 1\n"),
        ("def f():\nfoo()\n", "  File \"t.py\", line 2\n    foo()\n    ^\nIndentationError: expected an indented block after function definition on line 1\n"),
        ("for x in y:\n    pass\nelse:\nfoo()\n", "  File \"t.py\", line 4\n    foo()\n    ^\nIndentationError: expected an indented block after 'else' statement on line 3\n"),
        ("class A:\nx", "  File \"t.py\", line 2\n    x\n    ^\nIndentationError: expected an indented block after class definition on line 1\n"),
        ("while x:\nx", "  File \"t.py\", line 2\n    x\n    ^\nIndentationError: expected an indented block after 'while' statement on line 1\n"),
        ("try:\nx", "  File \"t.py\", line 2\n    x\n    ^\nIndentationError: expected an indented block after 'try' statement on line 1\n"),
        ("try:\n  pass\nexcept:\nx", "  File \"t.py\", line 4\n    x\n    ^\nIndentationError: expected an indented block after 'except' statement on line 3\n"),
        ("try:\n  pass\nfinally:\nx", "  File \"t.py\", line 4\n    x\n    ^\nIndentationError: expected an indented block after 'finally' statement on line 3\n"),
        ("with a:\nx", "  File \"t.py\", line 2\n    x\n    ^\nIndentationError: expected an indented block after 'with' statement on line 1\n"),
        ("if a:\n  pass\nelif b:\nx", "  File \"t.py\", line 4\n    x\n    ^\nIndentationError: expected an indented block after 'elif' statement on line 3\n"),
        ("def f():\n    if x:\ny = 1\n", "  File \"t.py\", line 3\n    y = 1\nIndentationError: expected an indented block after 'if' statement on line 2\n"),
        ("def f():\n    if x:\n", "  File \"t.py\", line 2\n    if x:\nIndentationError: expected an indented block after 'if' statement on line 2\n"),
        ("if x:\n    a\n  b", "  File \"t.py\", line 3\n    b\n     ^\nIndentationError: unindent does not match any outer indentation level\n"),
        ("if x:\n    a\n  b = (1,\n", "  File \"t.py\", line 3\n    b = (1,\n           ^\nIndentationError: unindent does not match any outer indentation level\n"),
        ("  x=1", "  File \"t.py\", line 1\n    x=1\nIndentationError: unexpected indent\n"),
        ("x = 1\n    y = 2", "  File \"t.py\", line 2\n    y = 2\nIndentationError: unexpected indent\n"),
        ("if x:\n\tif y:\n        a\n\tb\n", "  File \"t.py\", line 3\n    a\nTabError: inconsistent use of tabs and spaces in indentation\n"),
        ("x = 1\n  \ty = 2", "  File \"t.py\", line 2\n    y = 2\nIndentationError: unexpected indent\n"),
        ("if x:\n  pass\n\telse:\n  pass", "  File \"t.py\", line 3\n    else:\nTabError: inconsistent use of tabs and spaces in indentation\n"),
        ("if True:\n    pass\n  else:\n    pass", "  File \"t.py\", line 3\n    else:\n         ^\nIndentationError: unindent does not match any outer indentation level\n"),
        ("a = 1\n\tb = 2", "  File \"t.py\", line 2\n    b = 2\nIndentationError: unexpected indent\n"),
        ("def f(x):\n\treturn x\n        y", "  File \"t.py\", line 3\n    y\nTabError: inconsistent use of tabs and spaces in indentation\n"),
        ("class A:\n    def f(self):\n        pass\n   def g(self): pass", "  File \"t.py\", line 4\n    def g(self): pass\n                     ^\nIndentationError: unindent does not match any outer indentation level\n"),
    ]);
}

/// Generic and guided `invalid syntax` errors.
#[test]
fn invalid_syntax() {
    check_all(&[
        ("x = 1 +", "  File \"t.py\", line 1\n    x = 1 +\n           ^\nSyntaxError: invalid syntax\n"),
        ("x = 1 +   \n", "  File \"t.py\", line 1\n    x = 1 +   \n              ^\nSyntaxError: invalid syntax\n"),
        ("f(a b)", "  File \"t.py\", line 1\n    f(a b)\n      ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("x = a b", "  File \"t.py\", line 1\n    x = a b\n          ^\nSyntaxError: invalid syntax\n"),
        ("f(1 2, 3)", "  File \"t.py\", line 1\n    f(1 2, 3)\n      ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("[a b]", "  File \"t.py\", line 1\n    [a b]\n     ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("(a b c)", "  File \"t.py\", line 1\n    (a b c)\n     ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("f(a \"b\")", "  File \"t.py\", line 1\n    f(a \"b\")\n        ^^^\nSyntaxError: invalid syntax\n"),
        ("x = (1 2,\n", "  File \"t.py\", line 1\n    x = (1 2,\n         ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("for x in y\n  pass", "  File \"t.py\", line 1\n    for x in y\n              ^\nSyntaxError: expected ':'\n"),
        ("if x\n  pass", "  File \"t.py\", line 1\n    if x\n        ^\nSyntaxError: expected ':'\n"),
        ("while x\n pass", "  File \"t.py\", line 1\n    while x\n           ^\nSyntaxError: expected ':'\n"),
        ("def f()\n  pass", "  File \"t.py\", line 1\n    def f()\n           ^\nSyntaxError: expected ':'\n"),
        ("class A\n  pass", "  File \"t.py\", line 1\n    class A\n           ^\nSyntaxError: expected ':'\n"),
        ("try\n  pass", "  File \"t.py\", line 1\n    try\n       ^\nSyntaxError: expected ':'\n"),
        ("with a as b\n pass", "  File \"t.py\", line 1\n    with a as b\n               ^\nSyntaxError: expected ':'\n"),
        ("for x in y:\n  pass\nelse", "  File \"t.py\", line 3\n    else\n        ^\nSyntaxError: expected ':'\n"),
        ("if x y:\n pass", "  File \"t.py\", line 1\n    if x y:\n         ^\nSyntaxError: invalid syntax\n"),
        ("for x in y z:\n pass", "  File \"t.py\", line 1\n    for x in y z:\n               ^\nSyntaxError: invalid syntax\n"),
        ("x = 5 if 3", "  File \"t.py\", line 1\n    x = 5 if 3\n        ^^^^^^\nSyntaxError: expected 'else' after 'if' expression\n"),
        ("x = 5 if 3 else", "  File \"t.py\", line 1\n    x = 5 if 3 else\n                   ^\nSyntaxError: invalid syntax\n"),
        ("[5 if 3]", "  File \"t.py\", line 1\n    [5 if 3]\n     ^^^^^^\nSyntaxError: expected 'else' after 'if' expression\n"),
        ("print 'hi'", "  File \"t.py\", line 1\n    print 'hi'\n    ^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n"),
        ("print x", "  File \"t.py\", line 1\n    print x\n    ^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n"),
        ("print \"a\", x", "  File \"t.py\", line 1\n    print \"a\", x\n    ^^^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n"),
        ("exec \"x\"", "  File \"t.py\", line 1\n    exec \"x\"\n    ^^^^^^^^\nSyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?\n"),
        ("else:\n", "  File \"t.py\", line 1\n    else:\n    ^^^^\nSyntaxError: invalid syntax\n"),
        ("@\ndef f(): pass", "  File \"t.py\", line 1\n    @\n     ^\nSyntaxError: invalid syntax\n"),
        ("@dec\n", "  File \"t.py\", line 1\n    @dec\nSyntaxError: invalid syntax\n"),
        ("try:\n  pass\nx = 1\n", "  File \"t.py\", line 3\n    x = 1\n    ^\nSyntaxError: expected 'except' or 'finally' block\n"),
        ("try:\n  pass\n\n\n", "  File \"t.py\", line 4\n    \nSyntaxError: expected 'except' or 'finally' block\n"),
        ("try:\n  pass\nexcept E, F:\n  pass", "  File \"t.py\", line 3\n    except E, F:\n           ^^^^\nSyntaxError: multiple exception types must be parenthesized\n"),
        ("def f[T](x): pass", "  File \"t.py\", line 1\n    def f[T](x): pass\n         ^\nSyntaxError: expected '('\n"),
        ("x = {1: 2, 3}", "  File \"t.py\", line 1\n    x = {1: 2, 3}\n               ^\nSyntaxError: ':' expected after dictionary key\n"),
        ("x = {**a, 1}", "  File \"t.py\", line 1\n    x = {**a, 1}\n              ^\nSyntaxError: ':' expected after dictionary key\n"),
        ("import a,", "  File \"t.py\", line 1\n    import a,\n             ^\nSyntaxError: invalid syntax\n"),
        ("from m import a,", "  File \"t.py\", line 1\n    from m import a,\n                    ^\nSyntaxError: trailing comma not allowed without surrounding parentheses\n"),
        ("from m import", "  File \"t.py\", line 1\n    from m import\n                 ^\nSyntaxError: invalid syntax\n"),
        ("x = [1, 2,,]", "  File \"t.py\", line 1\n    x = [1, 2,,]\n              ^\nSyntaxError: invalid syntax\n"),
        ("x.1", "  File \"t.py\", line 1\n    x.1\n     ^^\nSyntaxError: invalid syntax\n"),
        ("lambda x", "  File \"t.py\", line 1\n    lambda x\n            ^\nSyntaxError: invalid syntax\n"),
        ("class", "  File \"t.py\", line 1\n    class\n         ^\nSyntaxError: invalid syntax\n"),
        ("def", "  File \"t.py\", line 1\n    def\n       ^\nSyntaxError: invalid syntax\n"),
        ("x = 1 if", "  File \"t.py\", line 1\n    x = 1 if\n            ^\nSyntaxError: invalid syntax\n"),
        ("x = [i for i in]", "  File \"t.py\", line 1\n    x = [i for i in]\n                   ^\nSyntaxError: invalid syntax\n"),
        ("f(", "  File \"t.py\", line 1\n    f(\n     ^\nSyntaxError: '(' was never closed\n"),
        ("x =", "  File \"t.py\", line 1\n    x =\n       ^\nSyntaxError: invalid syntax\n"),
        ("del", "  File \"t.py\", line 1\n    del\n       ^\nSyntaxError: invalid syntax\n"),
        ("assert", "  File \"t.py\", line 1\n    assert\n          ^\nSyntaxError: invalid syntax\n"),
        ("raise from x", "  File \"t.py\", line 1\n    raise from x\n          ^^^^\nSyntaxError: invalid syntax\n"),
        ("a[]", "  File \"t.py\", line 1\n    a[]\n      ^\nSyntaxError: invalid syntax\n"),
        ("f(**)", "  File \"t.py\", line 1\n    f(**)\n        ^\nSyntaxError: invalid syntax\n"),
        ("'x': 1,", "  File \"t.py\", line 1\n    'x': 1,\n    ^^^\nSyntaxError: illegal target for annotation\n"),
        ("('a', 'b'): 1,", "  File \"t.py\", line 1\n    ('a', 'b'): 1,\n    ^^^^^^^^^^\nSyntaxError: only single target (not tuple) can be annotated\n"),
        ("handle_read(self):", "  File \"t.py\", line 1\n    handle_read(self):\n                     ^\nSyntaxError: invalid syntax\n"),
        ("def f() x:\n  pass", "  File \"t.py\", line 1\n    def f() x:\n            ^\nSyntaxError: expected ':'\n"),
        ("def main()lambda\n  pass", "  File \"t.py\", line 1\n    def main()lambda\n              ^^^^^^\nSyntaxError: expected ':'\n"),
        ("def f() -> int x:\n pass", "  File \"t.py\", line 1\n    def f() -> int x:\n                   ^\nSyntaxError: expected ':'\n"),
        ("try x:\n  pass", "  File \"t.py\", line 1\n    try x:\n        ^\nSyntaxError: expected ':'\n"),
        ("if x:\n  pass\nelse x:\n  pass", "  File \"t.py\", line 3\n    else x:\n         ^\nSyntaxError: expected ':'\n"),
        ("class A x:\n pass", "  File \"t.py\", line 1\n    class A x:\n            ^\nSyntaxError: invalid syntax\n"),
        ("if x = 1: pass", "  File \"t.py\", line 1\n    if x = 1: pass\n       ^^^^^\nSyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?\n"),
        ("if f() = 1: pass", "  File \"t.py\", line 1\n    if f() = 1: pass\n       ^^^\nSyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?\n"),
        ("[a = 1]", "  File \"t.py\", line 1\n    [a = 1]\n     ^^^^^\nSyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?\n"),
        ("if a.b = 1: pass", "  File \"t.py\", line 1\n    if a.b = 1: pass\n       ^^^\nSyntaxError: cannot assign to attribute here. Maybe you meant '==' instead of '='?\n"),
        ("return x = 1", "  File \"t.py\", line 1\n    return x = 1\n             ^\nSyntaxError: invalid syntax\n"),
        ("def subclass = x", "  File \"t.py\", line 1\n    def subclass = x\n                 ^\nSyntaxError: expected '('\n"),
        ("yield x = 1", "  File \"t.py\", line 1\n    yield x = 1\n    ^^^^^^^\nSyntaxError: assignment to yield expression not possible\n"),
        ("[x for x in y if x if not x  z in x]", "  File \"t.py\", line 1\n    [x for x in y if x if not x  z in x]\n                                 ^\nSyntaxError: invalid syntax\n"),
        ("def f(self arg): pass", "  File \"t.py\", line 1\n    def f(self arg): pass\n               ^^^\nSyntaxError: invalid syntax\n"),
        ("s = {1, 2, *belse\nd = 1\n", "  File \"t.py\", line 1\n    s = {1, 2, *belse\n        ^\nSyntaxError: '{' was never closed\n"),
        ("def clear(self):\n    try:\n        while True:\n            self.pop()\n", "  File \"t.py\", line 4\n    self.pop()\nSyntaxError: expected 'except' or 'finally' block\n"),
        ("x = $ b\nz = \"abc", "  File \"t.py\", line 2\n    z = \"abc\n        ^\nSyntaxError: unterminated string literal (detected at line 2)\n"),
        ("x = a b\nif x:\n    a\n  b\n", "  File \"t.py\", line 1\n    x = a b\n          ^\nSyntaxError: invalid syntax\n"),
        ("x = a b\ny = 1 \\ 2", "  File \"t.py\", line 1\n    x = a b\n          ^\nSyntaxError: invalid syntax\n"),
        ("A modified abstract syntax tree\nusing the built-in `compile()` function.", "  File \"t.py\", line 1\n    A modified abstract syntax tree\n      ^^^^^^^^\nSyntaxError: invalid syntax\n"),
        ("for x in y  # c\n  pass", "  File \"t.py\", line 1\n    for x in y  # c\n                ^^^\nSyntaxError: expected ':'\n"),
        ("x = 1 +  # c\n", "  File \"t.py\", line 1\n    x = 1 +  # c\n             ^^^\nSyntaxError: invalid syntax\n"),
        ("if x  # c\n  pass", "  File \"t.py\", line 1\n    if x  # c\n          ^^^\nSyntaxError: expected ':'\n"),
        ("for f(a, b):\n  pass", "  File \"t.py\", line 1\n    for f(a, b):\n        ^^^^^^^\nSyntaxError: cannot assign to function call\n"),
        ("def x __lt__(self, other):\n  pass", "  File \"t.py\", line 1\n    def x __lt__(self, other):\n          ^^^^^^\nSyntaxError: expected '('\n"),
        ("def f(a, q=b c): pass", "  File \"t.py\", line 1\n    def f(a, q=b c): pass\n               ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("* x: y = 1", "  File \"t.py\", line 1\n    * x: y = 1\n       ^\nSyntaxError: invalid syntax\n"),
    ]);
}

/// Invalid assignment, deletion and annotation targets.
#[test]
fn assignment_and_delete_targets() {
    check_all(&[
        ("1 = x", "  File \"t.py\", line 1\n    1 = x\n    ^\nSyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?\n"),
        ("f() = 3", "  File \"t.py\", line 1\n    f() = 3\n    ^^^\nSyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?\n"),
        ("a + 1 = 2", "  File \"t.py\", line 1\n    a + 1 = 2\n    ^^^^^\nSyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='?\n"),
        ("a < b = 1", "  File \"t.py\", line 1\n    a < b = 1\n    ^^^^^\nSyntaxError: cannot assign to comparison\n"),
        ("not a = 1", "  File \"t.py\", line 1\n    not a = 1\n    ^^^^^\nSyntaxError: cannot assign to expression\n"),
        ("True = 1", "  File \"t.py\", line 1\n    True = 1\n    ^^^^\nSyntaxError: cannot assign to True\n"),
        ("None = 1", "  File \"t.py\", line 1\n    None = 1\n    ^^^^\nSyntaxError: cannot assign to None\n"),
        ("(a, 1) = x", "  File \"t.py\", line 1\n    (a, 1) = x\n        ^\nSyntaxError: cannot assign to literal\n"),
        ("[a, f()] = 1", "  File \"t.py\", line 1\n    [a, f()] = 1\n        ^^^\nSyntaxError: cannot assign to function call\n"),
        ("a, 1 = x", "  File \"t.py\", line 1\n    a, 1 = x\n       ^\nSyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?\n"),
        ("1, a = x", "  File \"t.py\", line 1\n    1, a = x\n       ^^^^^\nSyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?\n"),
        ("x = f() = 3", "  File \"t.py\", line 1\n    x = f() = 3\n        ^^^\nSyntaxError: cannot assign to function call\n"),
        ("f() = x = 3", "  File \"t.py\", line 1\n    f() = x = 3\n    ^^^\nSyntaxError: cannot assign to function call\n"),
        ("f() = yield", "  File \"t.py\", line 1\n    f() = yield\n    ^^^\nSyntaxError: cannot assign to function call\n"),
        ("x = yield = 1", "  File \"t.py\", line 1\n    x = yield = 1\n        ^^^^^\nSyntaxError: assignment to yield expression not possible\n"),
        ("x = (yield) = 1", "  File \"t.py\", line 1\n    x = (yield) = 1\n         ^^^^^\nSyntaxError: cannot assign to yield expression\n"),
        ("\"abc\" = 1", "  File \"t.py\", line 1\n    \"abc\" = 1\n    ^^^^^\nSyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?\n"),
        ("... = 1", "  File \"t.py\", line 1\n    ... = 1\n    ^^^\nSyntaxError: cannot assign to ellipsis here. Maybe you meant '==' instead of '='?\n"),
        ("del f()", "  File \"t.py\", line 1\n    del f()\n        ^^^\nSyntaxError: cannot delete function call\n"),
        ("del (a, 1)", "  File \"t.py\", line 1\n    del (a, 1)\n            ^\nSyntaxError: cannot delete literal\n"),
        ("del *a", "  File \"t.py\", line 1\n    del *a\n        ^^\nSyntaxError: cannot delete starred\n"),
        ("(a, b) += 1", "  File \"t.py\", line 1\n    (a, b) += 1\n    ^^^^^^\nSyntaxError: 'tuple' is an illegal expression for augmented assignment\n"),
        ("f() += 1", "  File \"t.py\", line 1\n    f() += 1\n    ^^^\nSyntaxError: 'function call' is an illegal expression for augmented assignment\n"),
        ("[a] += 1", "  File \"t.py\", line 1\n    [a] += 1\n    ^^^\nSyntaxError: 'list' is an illegal expression for augmented assignment\n"),
        ("a, b += 1", "  File \"t.py\", line 1\n    a, b += 1\n    ^^^^\nSyntaxError: 'tuple' is an illegal expression for augmented assignment\n"),
        ("a, b: int", "  File \"t.py\", line 1\n    a, b: int\n    ^\nSyntaxError: only single target (not tuple) can be annotated\n"),
        ("[a]: int", "  File \"t.py\", line 1\n    [a]: int\n    ^^^\nSyntaxError: only single target (not list) can be annotated\n"),
        ("f(): int", "  File \"t.py\", line 1\n    f(): int\n    ^^^\nSyntaxError: illegal target for annotation\n"),
        ("for 1 in x: pass", "  File \"t.py\", line 1\n    for 1 in x: pass\n        ^\nSyntaxError: cannot assign to literal\n"),
        ("for f() in x: pass", "  File \"t.py\", line 1\n    for f() in x: pass\n        ^^^\nSyntaxError: cannot assign to function call\n"),
        ("with a as 1: pass", "  File \"t.py\", line 1\n    with a as 1: pass\n              ^\nSyntaxError: cannot assign to literal\n"),
        ("[x for 1 in y]", "  File \"t.py\", line 1\n    [x for 1 in y]\n           ^\nSyntaxError: cannot assign to literal\n"),
        ("(1 := 2)", "  File \"t.py\", line 1\n    (1 := 2)\n     ^\nSyntaxError: cannot use assignment expressions with literal\n"),
        ("(a.b := 1)", "  File \"t.py\", line 1\n    (a.b := 1)\n     ^^^\nSyntaxError: cannot use assignment expressions with attribute\n"),
    ]);
}

/// Malformed number literals.
#[test]
fn number_literals() {
    check_all(&[
        ("x = 012", "  File \"t.py\", line 1\n    x = 012\n        ^\nSyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers\n"),
        ("x = 0_1", "  File \"t.py\", line 1\n    x = 0_1\n        ^^\nSyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers\n"),
        ("x = 1__0", "  File \"t.py\", line 1\n    x = 1__0\n         ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 0x", "  File \"t.py\", line 1\n    x = 0x\n         ^\nSyntaxError: invalid hexadecimal literal\n"),
        ("x = 1e", "  File \"t.py\", line 1\n    x = 1e\n        ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 1_", "  File \"t.py\", line 1\n    x = 1_\n         ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 0b12", "  File \"t.py\", line 1\n    x = 0b12\n           ^\nSyntaxError: invalid digit '2' in binary literal\n"),
        ("x = 0o8", "  File \"t.py\", line 1\n    x = 0o8\n          ^\nSyntaxError: invalid digit '8' in octal literal\n"),
        ("x = 0o", "  File \"t.py\", line 1\n    x = 0o\n         ^\nSyntaxError: invalid octal literal\n"),
        ("1abc", "  File \"t.py\", line 1\n    1abc\n    ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 1.5_", "  File \"t.py\", line 1\n    x = 1.5_\n           ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 1e+", "  File \"t.py\", line 1\n    x = 1e+\n          ^\nSyntaxError: invalid decimal literal\n"),
    ]);
}

/// Argument and parameter order, unpacking in comprehensions.
#[test]
fn calls_and_parameters() {
    check_all(&[
        ("f(a=1, b)", "  File \"t.py\", line 1\n    f(a=1, b)\n            ^\nSyntaxError: positional argument follows keyword argument\n"),
        ("f(**x, *y)", "  File \"t.py\", line 1\n    f(**x, *y)\n           ^\nSyntaxError: iterable argument unpacking follows keyword argument unpacking\n"),
        ("f(**x, y)", "  File \"t.py\", line 1\n    f(**x, y)\n            ^\nSyntaxError: positional argument follows keyword argument unpacking\n"),
        ("f(x for x in y, 1)", "  File \"t.py\", line 1\n    f(x for x in y, 1)\n      ^^^^^^^^^^^^\nSyntaxError: Generator expression must be parenthesized\n"),
        ("f(a+1=2)", "  File \"t.py\", line 1\n    f(a+1=2)\n      ^^^^\nSyntaxError: expression cannot contain assignment, perhaps you meant \"==\"?\n"),
        ("f(True=1)", "  File \"t.py\", line 1\n    f(True=1)\n      ^^^^^\nSyntaxError: cannot assign to True\n"),
        ("print(*a for a in b)", "  File \"t.py\", line 1\n    print(*a for a in b)\n          ^^\nSyntaxError: iterable unpacking cannot be used in comprehension\n"),
        ("[*a for a in b]", "  File \"t.py\", line 1\n    [*a for a in b]\n     ^^\nSyntaxError: iterable unpacking cannot be used in comprehension\n"),
        ("{**a for a in b}", "  File \"t.py\", line 1\n    {**a for a in b}\n     ^^\nSyntaxError: dict unpacking cannot be used in dict comprehension\n"),
        ("class A(x for x in y): pass", "  File \"t.py\", line 1\n    class A(x for x in y): pass\n              ^^^\nSyntaxError: invalid syntax\n"),
        ("def f(a=1, b): pass", "  File \"t.py\", line 1\n    def f(a=1, b): pass\n               ^\nSyntaxError: non-default argument follows default argument\n"),
        ("def f(*, **k): pass", "  File \"t.py\", line 1\n    def f(*, **k): pass\n          ^\nSyntaxError: named arguments must follow bare *\n"),
        ("def f(*): pass", "  File \"t.py\", line 1\n    def f(*): pass\n          ^\nSyntaxError: named arguments must follow bare *\n"),
        ("def f(/, a): pass", "  File \"t.py\", line 1\n    def f(/, a): pass\n          ^\nSyntaxError: at least one argument must precede /\n"),
        ("def f(*a, *b): pass", "  File \"t.py\", line 1\n    def f(*a, *b): pass\n              ^\nSyntaxError: * argument may appear only once\n"),
        ("def f(a, /, b, /): pass", "  File \"t.py\", line 1\n    def f(a, /, b, /): pass\n                   ^\nSyntaxError: / may appear only once\n"),
        ("def f(*, a, /): pass", "  File \"t.py\", line 1\n    def f(*, a, /): pass\n                ^\nSyntaxError: / must be ahead of *\n"),
        ("def f(**k, a): pass", "  File \"t.py\", line 1\n    def f(**k, a): pass\n               ^\nSyntaxError: arguments cannot follow var-keyword argument\n"),
        ("lambda a=1, b: 0", "  File \"t.py\", line 1\n    lambda a=1, b: 0\n                ^\nSyntaxError: non-default argument follows default argument\n"),
        ("x = (*a)", "  File \"t.py\", line 1\n    x = (*a)\n         ^^\nSyntaxError: cannot use starred expression here\n"),
        ("lambda *a=1: 0", "  File \"t.py\", line 1\n    lambda *a=1: 0\n             ^\nSyntaxError: var-positional argument cannot have default value\n"),
        ("def f(**k=1): pass", "  File \"t.py\", line 1\n    def f(**k=1): pass\n             ^\nSyntaxError: var-keyword argument cannot have default value\n"),
        ("def f(*a=1): pass", "  File \"t.py\", line 1\n    def f(*a=1): pass\n            ^\nSyntaxError: var-positional argument cannot have default value\n"),
    ]);
}

/// Bytes/str mixing, f-string and escape errors.
#[test]
fn string_literals() {
    check_all(&[
        ("x = 'a' b'c'", "  File \"t.py\", line 1\n    x = 'a' b'c'\n                ^\nSyntaxError: cannot mix bytes and nonbytes literals\n"),
        ("f'{}'", "  File \"t.py\", line 1\n    f'{}'\n         ^\nSyntaxError: f-string: empty expression not allowed\n"),
        ("f'{x!z}'", "  File \"t.py\", line 1\n    f'{x!z}'\n            ^\nSyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'\n"),
        ("x = f'{a!}'", "  File \"t.py\", line 1\n    x = f'{a!}'\n               ^\nSyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'\n"),
        ("x = f'{a'", "  File \"t.py\", line 1\n    x = f'{a'\n             ^\nSyntaxError: f-string: expecting '}'\n"),
        ("x = f'{a:{b:{c}}}'", "  File \"t.py\", line 1\n    x = f'{a:{b:{c}}}'\n                      ^\nSyntaxError: f-string: expressions nested too deeply\n"),
        ("x = f'}'", "  File \"t.py\", line 1\n    x = f'}'\n            ^\nSyntaxError: f-string: single '}' is not allowed\n"),
        ("x = f'{#}'", "  File \"t.py\", line 1\n    x = f'{#}'\n              ^\nSyntaxError: f-string expression part cannot include '#'\n"),
        ("x = f'{)}'", "  File \"t.py\", line 1\n    x = f'{)}'\n              ^\nSyntaxError: f-string: unmatched ')'\n"),
        ("x = f'{a!r=}'", "  File \"t.py\", line 1\n    x = f'{a!r=}'\n                 ^\nSyntaxError: f-string: expecting '}'\n"),
        ("x = f'{a\\n}'", "  File \"t.py\", line 1\n    x = f'{a\\n}'\n                ^\nSyntaxError: f-string expression part cannot include a backslash\n"),
        ("x = '\\N{foo}'", "  File \"t.py\", line 1\n    x = '\\N{foo}'\n                 ^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-6: unknown Unicode character name\n"),
        ("x = '\\x4'", "  File \"t.py\", line 1\n    x = '\\x4'\n             ^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape\n"),
        ("x = '\\u12'", "  File \"t.py\", line 1\n    x = '\\u12'\n              ^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape\n"),
        ("x = b'\\x4'", "  File \"t.py\", line 1\n    x = b'\\x4'\n              ^\nSyntaxError: (value error) invalid \\x escape at position 0\n"),
    ]);
}

#[test]
fn imaginary_literals_are_rejected() {
    check_all(&[(
        "x = 1j",
        "  File \"t.py\", line 1\n    x = 1j\n        ^^\nSyntaxError: imaginary numbers are not supported by mini\n",
    )]);
}

#[test]
fn incomplete_input_is_flagged() {
    for src in [
        "x = (1,",
        "x = '''abc",
        "if x:",
        "if x:\n",
        "def f():\n    if y:\n",
        "x = 1 \\",
        "x = 1 \\\n",
        "@dec\n",
        "class A:\n    pass\n    def f(self):\n",
        "try:\n    pass\n",
    ] {
        let e = parse_module(src).unwrap_err();
        assert!(e.incomplete, "{src:?} should be incomplete: {e:?}");
    }
    for src in [
        "x = 1 +",
        "x = )",
        "x = 'abc",
        "if x:\nfoo()",
        "f(a b)",
        "1 = x",
    ] {
        let e = parse_module(src).unwrap_err();
        assert!(!e.incomplete, "{src:?} should be complete: {e:?}");
    }
}
