//! Snapshot tests (insta): `mini disasm` output for a few representative
//! programs, and the diagnostics `mini` prints for syntax errors and
//! uncaught exceptions.
//!
//! Sources live in `tests/snapshots_src/`, snapshots in `tests/snapshots/`.
//! After an intended change (say, new superinstructions in
//! `src/compiler/fuse.rs`), review and accept the new output with
//! `cargo insta review`, or without cargo-insta:
//! `INSTA_UPDATE=always cargo test --release --test snapshots` and read
//! the diff of `tests/snapshots/` before committing.
//!
//! Each diagnostic is also checked against python3 (`$MINI_TEST_PYTHON`,
//! else `/usr/bin/python3`, when present): the snapshot must show what
//! CPython 3.11 prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a program from the crate root with `rel` as its argument(s).
fn run(program: &Path, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(root())
        .env_remove("PYTHONPATH")
        .output()
        .expect("run")
}

/// Makes output independent of where the checkout lives, and of trailing
/// blanks (the disassembler pads its columns).
fn normalize(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let prefix = format!("{}/", root().display());
    text.replace(&prefix, "")
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

fn mini() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mini"))
}

fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MINI_TEST_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let p = PathBuf::from("/usr/bin/python3");
    p.exists().then_some(p)
}

fn disasm(name: &str) -> String {
    let rel = format!("tests/snapshots_src/disasm/{name}.py");
    let out = run(&mini(), &["disasm", &rel]);
    assert!(
        out.status.success(),
        "mini disasm {rel} failed: {}",
        normalize(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "{}", normalize(&out.stderr));
    normalize(&out.stdout)
}

/// The exit status and stderr of running a diagnostic source.
fn diagnostic(name: &str) -> String {
    let rel = format!("tests/snapshots_src/diag/{name}.py");
    let out = run(&mini(), &[&rel]);
    let shown = format!(
        "exit status: {:?}\n{}",
        out.status.code(),
        normalize(&out.stderr)
    );
    if let Some(py) = python() {
        let expected = run(&py, &[&rel]);
        let expected = format!(
            "exit status: {:?}\n{}",
            expected.status.code(),
            normalize(&expected.stderr)
        );
        assert_eq!(shown, expected, "mini differs from python3 on {rel}");
    }
    shown
}

macro_rules! disasm_snapshots {
    ($($name:ident),* $(,)?) => {
        mod disasm {
            $(
                #[test]
                fn $name() {
                    let text = super::disasm(stringify!($name));
                    insta::assert_snapshot!(stringify!($name), text);
                }
            )*
        }
    };
}

macro_rules! diagnostic_snapshots {
    ($($name:ident),* $(,)?) => {
        mod diagnostics {
            $(
                #[test]
                fn $name() {
                    let text = super::diagnostic(stringify!($name));
                    insta::assert_snapshot!(stringify!($name), text);
                }
            )*
        }
    };
}

disasm_snapshots!(loops, closures, class, try_except, generator, comprehension);

diagnostic_snapshots!(
    unterminated_string,
    unterminated_triple,
    unclosed_bracket,
    inconsistent_dedent,
    unexpected_indent,
    expected_indent,
    missing_colon,
    invalid_syntax,
    genexp_arg,
    bad_utf8,
    traceback,
    traceback_expr,
);
