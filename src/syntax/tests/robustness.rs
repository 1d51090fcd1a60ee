//! Hostile inputs: nothing may panic, deep nesting must not overflow the
//! stack, and large files must parse quickly.

use crate::syntax::{parse_expression, parse_module, render_syntax_error};

/// Runs `f` on a thread with an 8 MB stack (the usual main-thread size).
fn on_8mb_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the thread panicked");
}

#[test]
fn deep_unary_chain_parses_and_drops() {
    on_8mb_stack(|| {
        let src = format!("x = {}1\n", "-".repeat(10_000));
        let module = parse_module(&src).expect("a long unary chain is valid syntax");
        drop(module);
    });
}

#[test]
fn deep_binary_chain_parses_and_drops() {
    on_8mb_stack(|| {
        let src = format!("x = 1{}\n", " + 1".repeat(10_000));
        drop(parse_module(&src).expect("valid"));
        let src = format!("x = {}1\n", "not ".repeat(10_000));
        drop(parse_module(&src).expect("valid"));
        let src = format!("x = a{}\n", ".b".repeat(10_000));
        drop(parse_module(&src).expect("valid"));
        let src = format!("if a:\n    pass\n{}", "elif b:\n    pass\n".repeat(10_000));
        drop(parse_module(&src).expect("valid"));
        let src = format!("x = {}1\n", "lambda: ".repeat(10_000));
        drop(parse_module(&src).expect("valid"));
    });
}

#[test]
fn too_many_parentheses_is_an_error_quickly() {
    on_8mb_stack(|| {
        let src = format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
        let start = std::time::Instant::now();
        let err = parse_module(&src).unwrap_err();
        assert_eq!(err.msg, "too many nested parentheses");
        assert_eq!(err.span.start, 4 + 200);
        assert!(start.elapsed().as_secs() < 2);
        // 200 levels are still fine.
        let src = format!("x = {}1{}\n", "(".repeat(200), ")".repeat(200));
        assert!(parse_module(&src).is_ok());
    });
}

#[test]
fn nested_fstrings_are_bounded() {
    let src = "x = f'''{f'{f\"{1}\"}'}'''\n";
    assert!(parse_module(src).is_ok());
    let err = parse_module("x = f'{a:{b:{c}}}'\n").unwrap_err();
    assert_eq!(err.msg, "f-string: expressions nested too deeply");
}

/// A tiny xorshift generator: deterministic, no extra crates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const FRAGMENTS: &[&str] = &[
    "x",
    "y1",
    "_",
    "é",
    "if",
    "elif",
    "else",
    "for",
    "in",
    "while",
    "def",
    "class",
    "return",
    "lambda",
    "yield",
    "from",
    "import",
    "as",
    "with",
    "try",
    "except",
    "finally",
    "raise",
    "not",
    "and",
    "or",
    "is",
    "del",
    "pass",
    "global",
    "async",
    "await",
    "None",
    "True",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ";",
    ",",
    ".",
    "...",
    "=",
    "==",
    ":=",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "<<",
    ">>",
    "&",
    "|",
    "^",
    "~",
    "<",
    ">",
    "!=",
    "->",
    "+=",
    "0",
    "1_0",
    "0x1F",
    "012",
    "1.5e3",
    "1j",
    "1__2",
    "0b2",
    ".5",
    "9",
    "'s'",
    "\"d\"",
    "'''t",
    "\"\"\"",
    "'unterminated",
    "b'x'",
    "rb'\\\\'",
    "f'{x}'",
    "f'{x!r:>{w}}'",
    "f'{'",
    "f'}'",
    "f'{x=}'",
    "'\\N{BULLET}'",
    "'\\x4'",
    "\\",
    "\\\n",
    "#c",
    "\n",
    "\n",
    "\n",
    " ",
    " ",
    "  ",
    "    ",
    "\t",
    "\x0c",
    "\r\n",
    "\r",
    "$",
    "?",
    "!",
    "`",
    "\0",
];

#[test]
fn random_fragments_never_panic() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..4000 {
        let n = 1 + rng.next() % 40;
        let mut src = String::new();
        for _ in 0..n {
            src.push_str(rng.pick(FRAGMENTS));
            if rng.next().is_multiple_of(3) {
                src.push(' ');
            }
        }
        if let Err(e) = parse_module(&src) {
            let text = render_syntax_error("t.py", &src, &e);
            assert!(text.ends_with('\n'));
        }
        let _ = parse_expression(&src);
    }
}

#[test]
fn random_chars_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..2000 {
        let n = rng.next() % 60;
        let src: String = (0..n)
            .map(|_| {
                let r = rng.next();
                match r % 4 {
                    0 => char::from_u32((r >> 8) as u32 % 0x11_0000).unwrap_or('x'),
                    _ => (b' ' + ((r >> 8) % 95) as u8) as char,
                }
            })
            .collect();
        if let Err(e) = parse_module(&src) {
            let _ = render_syntax_error("t.py", &src, &e);
        }
    }
}

#[test]
fn inconsistent_dedents_and_unterminated_input_are_errors() {
    for src in [
        "if x:\n    a\n  b\n",
        "if x:\n\ta\n        b\n",
        "x = '''abc",
        "x = (\n",
        "def f(\n",
        "class A:\n",
        "x = 1 \\",
        "f'{",
        "\"\\",
    ] {
        assert!(parse_module(src).is_err(), "{src:?}");
    }
}

#[test]
fn ten_thousand_lines_parse_quickly() {
    let mut src = String::new();
    for i in 0..2_000 {
        src.push_str(&format!(
            "def f{i}(a, b=1, *c, d, **e):\n    x = [a + b * {i}, (c, d), {{'k': e}}]\n    if x and not b:\n        return f'{{x!r}} {i}'\n    return x[1:2]\n"
        ));
    }
    assert_eq!(src.lines().count(), 10_000);
    let start = std::time::Instant::now();
    let module = parse_module(&src).expect("valid");
    let elapsed = start.elapsed();
    println!("10,000 lines parsed in {elapsed:?}");
    assert_eq!(module.body.len(), 2_000);
    // Generous, because tests run unoptimised; release builds take a few ms.
    assert!(elapsed.as_secs() < 5, "took {elapsed:?}");
}
