//! Syntax errors, rendered, compared with what CPython 3.11 prints for the
//! same file (each expectation was checked with `python3 t.py`).

use super::util::rendered;

fn check(source: &str, expected: &str) {
    assert_eq!(rendered(source), expected, "source: {source:?}");
}

#[test]
fn unclosed_bracket() {
    check(
        "x = (1,",
        "  File \"t.py\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n",
    );
}
