//! Tests for the front end.

mod errors;
mod grammar;
mod layout;
mod pydump;
mod robustness;
mod util;

/// Debugging aid: `MINI_PARSE=file cargo test dump -- --ignored --nocapture`
/// prints the AST of a file, or its rendered syntax error.
#[test]
#[ignore]
fn dump() {
    let Ok(path) = std::env::var("MINI_PARSE") else {
        return;
    };
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    match super::parse_module(&source) {
        Ok(m) => println!("{:#?}", m),
        Err(e) => print!("{}", super::render_syntax_error(&path, &source, &e)),
    }
}

/// Differential testing aid: for every `*.py` in `$MINI_DIFF_DIR`, writes
/// our AST dump (or rendered error) to `*.mini`; `tools/diff.sh` compares
/// them with CPython's.
#[test]
#[ignore]
fn diff_dump() {
    let Ok(dir) = std::env::var("MINI_DIFF_DIR") else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("py") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let out = match super::parse_module(&source) {
            Ok(m) => pydump::Dumper::new(&source).module(&m) + "\n",
            Err(e) => super::render_syntax_error("t.py", &source, &e),
        };
        let _ = std::fs::write(path.with_extension("mini"), out);
    }
}

/// Timing aid: `MINI_PARSE=file cargo test --release bench -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench() {
    let Ok(path) = std::env::var("MINI_PARSE") else {
        return;
    };
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    for _ in 0..3 {
        let start = std::time::Instant::now();
        let result = super::parse_module(&source);
        println!(
            "{} lines: {:?} ({})",
            source.lines().count(),
            start.elapsed(),
            result.is_ok()
        );
    }
}
