//! Bad input: whatever a program throws at `mini`, it must end with a
//! clear message on stderr and python3's exit status (1 for an uncaught
//! exception or a SyntaxError), and never with a panic, an abort, a
//! signal (a stack overflow) or a hang.
//!
//! Covered: random bytes and random token soup as source files (fixed-seed
//! PRNG, so failures reproduce), unterminated strings and brackets,
//! indentation errors, very deep nesting in the source, huge allocations,
//! runaway recursion (plain, through dunder methods called from native
//! code, in generators), deeply nested data, a 100 MB string literal.
//!
//! Left out: `10**10**10`. python3 computes it for hours (and cannot be
//! interrupted); mini does the same.

use std::io::Write as _;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// No single run may take longer than this.
const TIMEOUT: Duration = Duration::from_secs(30);

/// What a run of mini did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    what: String,
}

impl Run {
    /// No panic, no abort, no death by signal, no hang.
    fn assert_no_crash(&self) {
        assert!(
            self.signal.is_none(),
            "{}: killed by signal {:?} (stderr: {})",
            self.what,
            self.signal,
            tail(&self.stderr)
        );
        for bad in [
            "panicked",
            "internal error",
            "RUST_BACKTRACE",
            "stack backtrace",
            "overflowed its stack",
            "memory allocation of",
        ] {
            assert!(
                !self.stderr.contains(bad),
                "{}: stderr shows {bad:?}:\n{}",
                self.what,
                tail(&self.stderr)
            );
        }
        assert!(
            matches!(self.code, Some(0..=2)),
            "{}: exit status {:?}\n{}",
            self.what,
            self.code,
            tail(&self.stderr)
        );
    }

    /// A clean failure: exit status `code`, and the last line of stderr is
    /// (or, ending in "...", starts with) `last_line`.
    fn assert_error(&self, code: i32, last_line: &str) {
        self.assert_no_crash();
        assert_eq!(
            self.code,
            Some(code),
            "{}: wrong exit status\n{}",
            self.what,
            tail(&self.stderr)
        );
        let last = self.stderr.trim_end().lines().last().unwrap_or("");
        match last_line.strip_suffix("...") {
            Some(prefix) => assert!(
                last.starts_with(prefix),
                "{}: last line {last:?} does not start with {prefix:?}",
                self.what
            ),
            None => assert_eq!(last, last_line, "{}: last line of stderr", self.what),
        }
    }

    /// The last line of stderr names an exception (`XxxError: ...`,
    /// `KeyboardInterrupt`, ...), as a traceback or a SyntaxError report ends.
    fn assert_names_exception(&self) {
        let last = self.stderr.trim_end().lines().last().unwrap_or("");
        let name: String = last
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let rest = &last[name.len()..];
        assert!(
            !name.is_empty()
                && (rest.is_empty() || rest.starts_with(':'))
                && (name.ends_with("Error")
                    || name.ends_with("Exception")
                    || name.ends_with("Exit")
                    || name.ends_with("Interrupt")
                    || name.ends_with("Iteration")),
            "{}: stderr does not end by naming an exception:\n{}",
            self.what,
            tail(&self.stderr)
        );
    }
}

/// The end of a long text, for failure messages.
fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let start = lines.len().saturating_sub(12);
    lines[start..]
        .iter()
        .map(|l| {
            if l.len() > 300 {
                format!("{}...", &l[..l.floor_char_boundary(300)])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A scratch directory for this test process.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mini-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs mini with `args`, stdin from `stdin` (or empty), with a timeout.
fn run_mini(args: &[&std::ffi::OsStr], stdin: Option<&[u8]>, what: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mini"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0")
        .spawn()
        .expect("start mini");
    let input = stdin.map(<[u8]>::to_vec).unwrap_or_default();
    let mut pipe = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let _ = feeder.join();
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Run {
        code: status.code(),
        signal: status.signal(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        what: what.to_string(),
    }
}

/// Writes `source` to a file named `name` and runs it.
fn run_file(name: &str, source: &[u8]) -> Run {
    let path = scratch().join(name);
    std::fs::write(&path, source).expect("write source");
    let run = run_mini(&[path.as_os_str()], None, name);
    let _ = std::fs::remove_file(&path);
    run
}

fn run_src(name: &str, source: &str) -> Run {
    run_file(name, source.as_bytes())
}

// ----- a small PRNG (xorshift64*), so every failure reproduces

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Runs `count` generated cases (or `$MINI_FUZZ_CASES`) on two threads;
/// `check` judges each run. Prints how many ran cleanly (`--nocapture`).
fn fuzz(count: u64, generate: fn(&mut Rng) -> Vec<u8>, prefix: &str, check: fn(&Run)) {
    let count = std::env::var("MINI_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(count);
    let dir = scratch();
    let prefix = prefix.to_string();
    let clean = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|s| {
        for part in 0..2u64 {
            let dir = dir.clone();
            let prefix = prefix.clone();
            let clean = &clean;
            s.spawn(move || {
                for seed in (part..count).step_by(2) {
                    let mut rng = Rng::new(seed + 1);
                    let bytes = generate(&mut rng);
                    let name = format!("{prefix}_{seed}.py");
                    let path = dir.join(&name);
                    std::fs::write(&path, &bytes).expect("write");
                    let run = run_mini(&[path.as_os_str()], None, &format!("{name} (seed {seed})"));
                    check(&run);
                    if run.code == Some(0) {
                        clean.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    let _ = std::fs::remove_file(&path);
                }
            });
        }
    });
    eprintln!(
        "{prefix}: {count} cases, {} ran to the end, the rest raised",
        clean.into_inner()
    );
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(2000);
    match rng.below(3) {
        // Any bytes at all: mostly not UTF-8.
        0 => (0..len).map(|_| rng.next() as u8).collect(),
        // Printable ASCII, blanks and newlines: gets past decoding to the lexer.
        1 => (0..len)
            .map(|_| match rng.below(10) {
                0 => b'\n',
                1 => b' ',
                2 => b'\t',
                _ => 0x20 + rng.below(95) as u8,
            })
            .collect(),
        // Text with some non-ASCII characters and stray control bytes.
        _ => {
            let mut s = String::new();
            for _ in 0..len / 2 {
                match rng.below(12) {
                    0 => s.push(*rng.pick(&['é', 'λ', '€', '😀', '\u{feff}', '\u{2028}', 'ß'])),
                    1 => s.push(*rng.pick(&['\r', '\x0c', '\x0b', '\x1b', '\x7f'])),
                    2 => s.push('\n'),
                    _ => s.push((0x20 + rng.below(95) as u8) as char),
                }
            }
            s.into_bytes()
        }
    }
}

/// Python-ish token soup. Numbers stay small and there is no `while`,
/// `**` or `<<`, so a soup that happens to be a valid program cannot run
/// for long or build something huge.
fn token_soup(rng: &mut Rng) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "def",
        "class",
        "if",
        "elif",
        "else",
        "for",
        "in",
        "return",
        "yield",
        "lambda",
        "try",
        "except",
        "finally",
        "with",
        "as",
        "import",
        "from",
        "global",
        "nonlocal",
        "pass",
        "break",
        "continue",
        "not",
        "and",
        "or",
        "is",
        "None",
        "True",
        "False",
        "raise",
        "del",
        "assert",
        "async",
        "await",
        "match",
        "case",
        "x",
        "y",
        "f",
        "self",
        "print",
        "len",
        "range",
        "list",
        "dict",
        "str",
        "int",
        "object",
        "__init__",
        "_",
        "0",
        "1",
        "7",
        "0.5",
        "1e3",
        "0x1f",
        "3j",
        "'s'",
        "\"t\"",
        "'''doc'''",
        "b'b'",
        "f'{x}'",
        "f\"{y!r:>4}\"",
        "r'\\d'",
        "'unterminated",
        "\"\"\"open",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        ",",
        ".",
        ";",
        "=",
        "==",
        "!=",
        "<",
        ">",
        "<=",
        "+",
        "-",
        "*",
        "/",
        "//",
        "%",
        "@",
        "&",
        "|",
        "^",
        "~",
        "+=",
        "-=",
        ":=",
        "->",
        "...",
        "\\",
        "#",
        "\n",
        "\n",
        "\n",
        "\n    ",
        "\n        ",
        "\n\t",
        " ",
        " ",
        " ",
    ];
    let n = 1 + rng.below(120);
    let mut s = String::new();
    for _ in 0..n {
        let word: &&str = rng.pick(WORDS);
        s.push_str(word);
        if rng.below(3) > 0 {
            s.push(' ');
        }
    }
    s.push('\n');
    s.into_bytes()
}

/// Random expression of nesting at most `depth`: mostly valid Python
/// that fails at run time in assorted ways (TypeError, KeyError, ...).
fn expr(rng: &mut Rng, depth: u32) -> String {
    const ATOMS: &[&str] = &[
        "0",
        "1",
        "-3",
        "7",
        "2.5",
        "-0.0",
        "1e300",
        "True",
        "None",
        "'ab'",
        "''",
        "b'xy'",
        "[]",
        "()",
        "{}",
        "[1, 'a']",
        "(1,)",
        "{1: 2}",
        "{'k': []}",
        "{3}",
        "x",
        "y",
        "s",
        "range(5)",
        "len",
        "str",
        "int",
        "float('nan')",
        "10**30",
        "f",
        "C",
        "C()",
        "...",
    ];
    if depth == 0 || rng.below(4) == 0 {
        return rng.pick(ATOMS).to_string();
    }
    let a = expr(rng, depth - 1);
    let b = expr(rng, depth - 1);
    match rng.below(16) {
        0 => format!(
            "({a} {} {b})",
            rng.pick(&["+", "-", "*", "/", "//", "%", "&", "|", "^"])
        ),
        1 => format!(
            "({a} {} {b})",
            rng.pick(&["<", "==", "!=", ">=", "in", "is not", "and", "or"])
        ),
        2 => format!("({} {a})", rng.pick(&["-", "not", "~", "+"])),
        3 => format!("{a}[{b}]"),
        4 => format!(
            "{a}[{b}:{}:{}]",
            rng.below(4),
            rng.pick(&["1", "-1", "2", "None"])
        ),
        5 => format!(
            "{}({a})",
            rng.pick(&[
                "len",
                "str",
                "repr",
                "sorted",
                "sum",
                "min",
                "max",
                "abs",
                "int",
                "float",
                "list",
                "tuple",
                "dict",
                "set",
                "bool",
                "hash",
                "iter",
                "next",
                "reversed",
                "enumerate",
                "bytes",
                "ord",
                "chr",
                "round",
                "divmod",
                "f",
                "C",
                "type"
            ])
        ),
        6 => format!(
            "{}({a}, {b})",
            rng.pick(&["max", "divmod", "isinstance", "getattr", "zip", "map", "f"])
        ),
        7 => format!("[{a} for x in {b}]"),
        8 => format!("{{{a}: {b} for x in {b} if x}}"),
        9 => format!("({a} if {b} else {})", expr(rng, depth - 1)),
        10 => format!("f'{{{a}!r:>{}}}'", rng.below(5)),
        11 => format!(
            "{a}.{}",
            rng.pick(&[
                "append(1)",
                "pop()",
                "keys()",
                "upper()",
                "split()",
                "real",
                "x",
                "__class__",
                "count(1)"
            ])
        ),
        12 => format!("(lambda q: {a})({b})"),
        13 => format!("[{a}, {b}]"),
        14 => format!("({a}, *{b})"),
        _ => format!("{{**{a}}}"),
    }
}

/// A short program of random statements over random expressions, with
/// the odd token dropped or doubled.
fn statement_soup(rng: &mut Rng) -> Vec<u8> {
    let mut s = String::from(
        "x = [1, 2]\ny = {'a': 1}\ns = 'text'\ndef f(*a, **k):\n    return a\nclass C:\n    x = 1\n    def __len__(self):\n        return 2\n",
    );
    for _ in 0..1 + rng.below(8) {
        let e = expr(rng, 4);
        let line = match rng.below(8) {
            0 => format!("x = {e}\n"),
            1 => format!("print({e})\n"),
            2 => format!(
                "try:\n    y = {e}\nexcept Exception as err:\n    print(type(err).__name__)\n"
            ),
            3 => format!("for x in {e}:\n    print(x)\n    break\n"),
            4 => format!("if {e}:\n    s = {}\nelse:\n    pass\n", expr(rng, 2)),
            5 => format!("def g(q={e}):\n    return q\nprint(g())\n"),
            6 => format!("y[{e}] = {}\n", expr(rng, 2)),
            _ => format!("{e}\n"),
        };
        if rng.below(4) == 0 {
            s.push_str(&line);
        } else {
            // Mostly keep going after an error, to run more statements.
            s.push_str("try:\n");
            for l in line.lines() {
                s.push_str("    ");
                s.push_str(l);
                s.push('\n');
            }
            s.push_str("except Exception as err:\n    print(type(err).__name__)\n");
        }
    }
    // Now and then, damage it.
    if rng.below(3) == 0 && !s.is_empty() {
        let mut chars: Vec<char> = s.chars().collect();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(chars.len());
            if rng.below(2) == 0 {
                chars.remove(i);
            } else {
                let c = chars[i];
                chars.insert(i, c);
            }
        }
        s = chars.into_iter().collect();
    }
    s.into_bytes()
}

fn check_fuzz_run(run: &Run) {
    run.assert_no_crash();
    if run.code != Some(0) {
        assert_eq!(run.code, Some(1), "{}: exit status", run.what);
        run.assert_names_exception();
    }
}

#[test]
fn random_bytes_as_source() {
    fuzz(300, random_bytes, "bytes", check_fuzz_run);
}

#[test]
fn token_soup_as_source() {
    fuzz(300, token_soup, "soup", check_fuzz_run);
}

#[test]
fn statement_soup_as_source() {
    fuzz(300, statement_soup, "stmts", check_fuzz_run);
}

#[test]
fn random_bytes_on_stdin() {
    for seed in 0..20 {
        let mut rng = Rng::new(1000 + seed);
        let bytes = random_bytes(&mut rng);
        let run = run_mini(&[], Some(&bytes), &format!("stdin seed {seed}"));
        check_fuzz_run(&run);
    }
}

/// Each case: source, python3's last line of stderr.
fn check_syntax_cases(cases: &[(&str, &str)]) {
    for (i, (src, last)) in cases.iter().enumerate() {
        let run = run_src(&format!("syntax_{i}.py"), src);
        let run = Run {
            what: format!("{src:?}"),
            ..run
        };
        run.assert_error(1, last);
    }
}

#[test]
fn unterminated_strings() {
    check_syntax_cases(&[
        (
            "x = 'abc\n",
            "SyntaxError: unterminated string literal (detected at line 1)",
        ),
        (
            "x = \"abc\n",
            "SyntaxError: unterminated string literal (detected at line 1)",
        ),
        (
            "x = '''abc\n\n",
            "SyntaxError: unterminated triple-quoted string literal (detected at line 2)",
        ),
        (
            "x = \"\"\"abc",
            "SyntaxError: unterminated triple-quoted string literal (detected at line 1)",
        ),
        (
            "x = f\"abc\n",
            "SyntaxError: unterminated string literal (detected at line 1)",
        ),
        (
            "x = b'abc\n",
            "SyntaxError: unterminated string literal (detected at line 1)",
        ),
        (
            "x = rb\"abc",
            "SyntaxError: unterminated string literal (detected at line 1)",
        ),
        // python3 says "detected at line 1" here; mini counts line 2.
        (
            "x = \"abc\\\n",
            "SyntaxError: unterminated string literal (detected at line ...",
        ),
        ("x = f\"{x\"\n", "SyntaxError: f-string: expecting '}'"),
        (
            "x = f\"{x!}\"\n",
            "SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'",
        ),
    ]);
    // A long unterminated literal: the report quotes the whole line.
    let src = format!("x = \"{}\n", "a".repeat(1_000_000));
    run_src("long_unterminated.py", &src).assert_error(
        1,
        "SyntaxError: unterminated string literal (detected at line 1)",
    );
}

#[test]
fn unclosed_and_mismatched_brackets() {
    check_syntax_cases(&[
        ("x = (\n", "SyntaxError: '(' was never closed"),
        ("x = [1, 2\n", "SyntaxError: '[' was never closed"),
        ("x = {1: 2,\n", "SyntaxError: '{' was never closed"),
        ("f(1,\n", "SyntaxError: '(' was never closed"),
        ("x = (1,\n2,\n", "SyntaxError: '(' was never closed"),
        (
            "x = (1]\n",
            "SyntaxError: closing parenthesis ']' does not match opening parenthesis '('",
        ),
        ("x = 1)\n", "SyntaxError: unmatched ')'"),
        ("x = }\n", "SyntaxError: unmatched '}'"),
        ("def f(:\n", "SyntaxError: invalid syntax"),
    ]);
}

#[test]
fn indentation_errors() {
    check_syntax_cases(&[
        (
            "if True:\n    x = 1\n  y = 2\n",
            "IndentationError: unindent does not match any outer indentation level",
        ),
        (
            "if True:\n        x = 1\n    else:\n",
            "IndentationError: unindent does not match any outer indentation level",
        ),
        ("  x = 1\n", "IndentationError: unexpected indent"),
        (
            "def f():\nreturn\n",
            "IndentationError: expected an indented block after function definition on line 1",
        ),
        (
            "class C:\n\n",
            "IndentationError: expected an indented block after class definition on line 1",
        ),
        (
            "for x in y:\n\tpass\n        pass\n",
            "TabError: inconsistent use of tabs and spaces in indentation",
        ),
    ]);
}

#[test]
fn assorted_syntax_errors() {
    check_syntax_cases(&[
        ("x = 1 +\n", "SyntaxError: invalid syntax"),
        ("x = 0777\n", "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"),
        ("x = 1__0\n", "SyntaxError: invalid decimal literal"),
        ("x = 0x\n", "SyntaxError: invalid hexadecimal literal"),
        ("return 5\n", "SyntaxError: 'return' outside function"),
        ("break\n", "SyntaxError: 'break' outside loop"),
        ("def f():\n    nonlocal x\n", "SyntaxError: no binding for nonlocal 'x' found"),
        ("del f()\n", "SyntaxError: cannot delete function call"),
        ("(a, b) += 1\n", "SyntaxError: 'tuple' is an illegal expression for augmented assignment"),
        ("print \"hi\"\n", "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"),
        ("x = $\n", "SyntaxError: invalid syntax"),
    ]);
}

#[test]
fn odd_bytes_and_line_endings() {
    run_file("not_utf8.py", b"x = 1\ny = '\xff'\n").assert_error(
        1,
        "SyntaxError: Non-UTF-8 code starting with '\\xff' in file ...",
    );
    // python3.11 ignores what follows a NUL; 3.12 (and mini) refuse it.
    let nul = run_file("nul.py", b"x = 1\x00\n");
    nul.assert_no_crash();
    let r = run_file("crlf.py", b"x = 1\r\nif x:\r\n    print('crlf')\r\n");
    r.assert_no_crash();
    assert_eq!((r.code, r.stdout.as_str()), (Some(0), "crlf\n"));
    let r = run_file("cr.py", b"x = 1\ry = 2\rprint(x + y)\r");
    assert_eq!((r.code, r.stdout.as_str()), (Some(0), "3\n"));
    let r = run_file("bom.py", b"\xef\xbb\xbfprint('bom')\n");
    assert_eq!((r.code, r.stdout.as_str()), (Some(0), "bom\n"));
    let r = run_file("empty.py", b"");
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
}

#[test]
fn missing_or_unreadable_file() {
    let missing = scratch().join("no_such_file.py");
    let r = run_mini(&[missing.as_os_str()], None, "missing file");
    r.assert_no_crash();
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("can't open file"), "{}", r.stderr);
    assert!(
        r.stderr.contains("No such file or directory"),
        "{}",
        r.stderr
    );
    // python3 looks for __main__.py in a directory (exit 1); mini cannot
    // open it (exit 2). Either way, one clear line.
    let dir = scratch();
    let r = run_mini(&[dir.as_os_str()], None, "directory");
    r.assert_no_crash();
    assert!(r.code == Some(1) || r.code == Some(2), "{r:?}");
    assert!(r.stderr.contains("can't"), "{}", r.stderr);
}

// ----- deep nesting in the source

const DEEP: usize = 10_000;

#[test]
fn deeply_nested_expressions() {
    let nested = |open: &str, mid: &str, close: &str| {
        format!("x = {}{mid}{}\n", open.repeat(DEEP), close.repeat(DEEP))
    };
    let too_many_parens = "SyntaxError: too many nested parentheses";
    let cases: Vec<(&str, String, &str)> = vec![
        ("parens", nested("(", "1", ")"), too_many_parens),
        ("lists", nested("[", "", "]"), too_many_parens),
        ("dicts", nested("{1: ", "1", "}"), too_many_parens),
        ("neg_parens", nested("-(", "1", ")"), too_many_parens),
        ("calls_nested", nested("f(", "1", ")"), too_many_parens),
        // python3 runs out of parser stack (MemoryError) on some of these
        // and out of compiler recursion (RecursionError) on others.
        ("minus", format!("x = {}1\n", "-".repeat(DEEP)), "..."),
        ("not", format!("x = {}1\n", "not ".repeat(DEEP)), "..."),
        ("tilde", format!("x = {}1\n", "~".repeat(DEEP)), "..."),
        (
            "lambda",
            format!("x = {}1\n", "lambda: ".repeat(DEEP)),
            "...",
        ),
        (
            "ternary",
            format!("x = {}1\n", "1 if 1 else ".repeat(DEEP)),
            "...",
        ),
        ("power", format!("x = 2{}\n", "**2".repeat(DEEP)), "..."),
        ("sum", format!("x = 1{}\n", " + 1".repeat(DEEP)), "..."),
        (
            "attrs",
            format!("import sys\nx = sys{}\n", ".a".repeat(DEEP)),
            "RecursionError: maximum recursion depth exceeded during compilation",
        ),
        (
            "calls_chained",
            format!("def f(*a): return f\nf{}\n", "()".repeat(DEEP)),
            "RecursionError: maximum recursion depth exceeded during compilation",
        ),
        (
            "subscripts",
            format!("x = [0]\ny = x{}\n", "[0]".repeat(DEEP)),
            "RecursionError: maximum recursion depth exceeded during compilation",
        ),
        (
            "blocks",
            (0..DEEP)
                .map(|i| format!("{}if 1:\n", " ".repeat(i)))
                .collect::<String>()
                + &" ".repeat(DEEP)
                + "pass\n",
            "...",
        ),
    ];
    for (name, src, last) in cases {
        let run = run_src(&format!("deep_{name}.py"), &src);
        if last == "..." {
            run.assert_no_crash();
            assert_eq!(run.code, Some(1), "{name}: {}", tail(&run.stderr));
            run.assert_names_exception();
        } else {
            run.assert_error(1, last);
        }
    }
}

#[test]
fn long_flat_sources() {
    // Long but flat: these are fine programs.
    let src = format!("x = [{}]\nprint(len(x))\n", "1,".repeat(200_000));
    let r = run_src("long_list.py", &src);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(0), "200000\n"),
        "{}",
        tail(&r.stderr)
    );
    let src = format!("x = 1\n{}print(x)\n", "x = x + 1\n".repeat(50_000));
    let r = run_src("long_body.py", &src);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(0), "50001\n"),
        "{}",
        tail(&r.stderr)
    );
}

#[test]
fn hundred_megabyte_string_literal() {
    let src = format!("x = \"{}\"\nprint(len(x))\n", "a".repeat(100_000_000));
    let r = run_src("huge_literal.py", &src);
    r.assert_no_crash();
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(0), "100000000\n"),
        "{}",
        tail(&r.stderr)
    );
}

// ----- huge allocations

#[test]
fn huge_allocations() {
    let cases = [
        ("x = [0] * 10**13\n", "MemoryError"),
        ("x = (0,) * 10**13\n", "MemoryError"),
        ("x = \"x\" * 10**12\n", "MemoryError"),
        ("x = b\"x\" * 10**12\n", "MemoryError"),
        ("x = \"ab\" * 2**62\n", "OverflowError: repeated string is too long"),
        ("x = b\"ab\" * 2**62\n", "OverflowError: repeated bytes are too long"),
        ("x = [0] * 10**20\n", "OverflowError: cannot fit 'int' into an index-sized integer"),
        ("x = list(range(10**13))\n", "MemoryError"),
        ("print(len(range(10**20)))\n", "OverflowError: Python int too large to convert to C ssize_t"),
        (
            "print(str(10**5000))\n",
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
        ),
    ];
    for (i, (src, last)) in cases.iter().enumerate() {
        let run = Run {
            what: format!("{src:?}"),
            ..run_src(&format!("alloc_{i}.py"), src)
        };
        run.assert_error(1, last);
    }
}

// ----- runaway recursion

const RECURSION: &str = "RecursionError: maximum recursion depth exceeded";

#[test]
fn runaway_recursion() {
    let cases: &[(&str, &str)] = &[
        ("def f():\n    f()\nf()\n", RECURSION),
        ("def f(n):\n    return g(n)\ndef g(n):\n    return f(n)\nf(1)\n", RECURSION),
        ("class A:\n    def __init__(self):\n        A()\nA()\n", RECURSION),
        (
            "import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1)\nf(0)\n",
            RECURSION,
        ),
        // Through dunder methods that native code calls. python3 adds
        // " while calling a Python object" for some of these.
        ("class A:\n    def __repr__(self):\n        return repr(self)\nrepr(A())\n", "RecursionError: maximum recursion depth exceeded..."),
        ("class A:\n    def __str__(self):\n        return f\"{self}\"\nprint(A())\n", "RecursionError: maximum recursion depth exceeded..."),
        ("class A:\n    def __eq__(self, o):\n        return self == o\nA() == A()\n", RECURSION),
        ("class A:\n    def __getitem__(self, i):\n        return self[i]\nA()[0]\n", RECURSION),
        ("class A:\n    def __getattr__(self, n):\n        return getattr(self, n)\nA().foo\n", RECURSION),
        ("class A:\n    def __hash__(self):\n        return hash(self)\n{A()}\n", "RecursionError: maximum recursion depth exceeded..."),
        ("class A:\n    def __len__(self):\n        return len(self)\nlen(A())\n", RECURSION),
        ("class A:\n    def __iter__(self):\n        return iter(self)\nlist(A())\n", RECURSION),
        ("class A:\n    def __lt__(self, o):\n        return sorted([self, o])\nsorted([A(), A()])\n", RECURSION),
        ("class A:\n    @property\n    def p(self):\n        return self.p\nA().p\n", RECURSION),
        ("def f(n):\n    return max([1], key=lambda x: f(n))\nf(1)\n", RECURSION),
        // In generators.
        ("def g():\n    yield from g()\nlist(g())\n", RECURSION),
        ("def g():\n    for x in g():\n        yield x\nnext(g())\n", RECURSION),
        ("def g():\n    yield [x for x in g()]\nnext(g())\n", RECURSION),
    ];
    for (i, (src, last)) in cases.iter().enumerate() {
        let run = Run {
            what: format!("{src:?}"),
            ..run_src(&format!("recursion_{i}.py"), src)
        };
        run.assert_error(1, last);
        assert!(
            run.stderr.starts_with("Traceback (most recent call last):"),
            "{}: {}",
            run.what,
            tail(&run.stderr)
        );
    }
}

// ----- deeply nested data

#[test]
fn deeply_nested_data() {
    let build_list = "x = []\nfor i in range(100000):\n    x = [x]\n";
    let build_tuple = "x = ()\nfor i in range(100000):\n    x = (x,)\n";
    let build_dict = "x = {}\nfor i in range(100000):\n    x = {1: x}\n";
    let repr_error =
        "RecursionError: maximum recursion depth exceeded while getting the repr of an object";
    let cmp_error = "RecursionError: maximum recursion depth exceeded in comparison";
    let cases: Vec<(String, &str)> = vec![
        (format!("{build_list}repr(x)\n"), repr_error),
        (format!("{build_list}print(x)\n"), repr_error),
        (format!("{build_dict}str(x)\n"), repr_error),
        (format!("{build_tuple}repr(x)\n"), repr_error),
        (format!("{build_list}x == x[0]\n"), cmp_error),
        (
            format!("{build_list}y = []\nfor i in range(100000):\n    y = [y]\nx < y\n"),
            cmp_error,
        ),
        (
            format!("{build_dict}y = {{}}\nfor i in range(100000):\n    y = {{1: y}}\nx == y\n"),
            cmp_error,
        ),
        // python3 itself crashes on this one; mini raises.
        (format!("{build_tuple}hash(x)\n"), RECURSION),
    ];
    for (i, (src, last)) in cases.iter().enumerate() {
        let run = Run {
            what: format!(
                "nested data case {i}: {:?}",
                src.lines().last().unwrap_or("")
            ),
            ..run_src(&format!("nested_{i}.py"), src)
        };
        run.assert_error(1, last);
    }
    // Fine things stay fine: building, measuring and freeing deep data.
    let src = format!("{build_list}n = 0\nwhile x:\n    x = x[0]\n    n += 1\nprint(n)\n");
    let r = run_src("nested_walk.py", &src);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(0), "100000\n"),
        "{}",
        tail(&r.stderr)
    );
    // python3 crashes on these; mini must not.
    let srcs = [
        "g = iter([1])\nfor i in range(100000):\n    g = (x for x in g)\nprint(next(g))\n",
        "m = [1]\nfor i in range(100000):\n    m = map(abs, m)\nprint(list(m))\n",
    ];
    for (i, src) in srcs.iter().enumerate() {
        let r = run_src(&format!("nested_iter_{i}.py"), src);
        r.assert_no_crash();
        if r.code != Some(0) {
            r.assert_error(1, "RecursionError: maximum recursion depth exceeded...");
        }
    }
}

#[test]
fn long_exception_chain() {
    let src = "e = None\nfor i in range(10000):\n    try:\n        raise ValueError(i) from e\n    except ValueError as x:\n        e = x\nraise e\n";
    let r = run_src("chain.py", src);
    r.assert_error(1, "ValueError: 9999");
}
