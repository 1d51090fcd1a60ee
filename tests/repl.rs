//! The interactive prompt, driven through a pseudo-terminal (rexpect).
//!
//! Each test starts `mini` with no arguments on a fresh pty, with HOME
//! pointing at a scratch directory (so `~/.mini_history` is the test's
//! own), waits for each prompt before typing (the line editor drops
//! type-ahead when it takes the terminal), and reads back what the
//! terminal shows. Where no pty can be had the tests say so and pass.

use rexpect::reader::Options;
use rexpect::session::{spawn_with_options, PtySession};
use std::path::PathBuf;
use std::process::Command;

const TIMEOUT_MS: u64 = 10_000;

struct Repl {
    session: PtySession,
    home: PathBuf,
}

/// A scratch HOME for one test.
fn scratch_home(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mini-repl-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Starts the REPL, or returns None (after saying why) without a pty.
fn start(name: &str) -> Option<Repl> {
    let home = scratch_home(name);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mini"));
    cmd.env("HOME", &home).env("TERM", "xterm");
    let options = Options::default()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(true);
    match spawn_with_options(cmd, options) {
        Ok(session) => {
            let mut r = Repl { session, home };
            r.expect("mini ");
            r.expect(">>> ");
            Some(r)
        }
        Err(e) => {
            eprintln!("skipped: no pseudo-terminal ({e})");
            None
        }
    }
}

impl Repl {
    fn expect(&mut self, s: &str) -> String {
        match self.session.exp_string(s) {
            Ok(before) => before,
            Err(e) => panic!("waiting for {s:?}: {e}"),
        }
    }

    /// Types a line, then waits for the next prompt; returns what came
    /// before it.
    fn line(&mut self, text: &str, prompt: &str) -> String {
        self.session.send_line(text).expect("send");
        self.expect(prompt)
    }

    fn exit_status(&mut self) -> rexpect::process::WaitStatus {
        self.session.exp_eof().expect("end of output");
        self.session.process().wait().expect("wait")
    }
}

impl Drop for Repl {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

fn exited(status: rexpect::process::WaitStatus, code: i32) -> bool {
    matches!(status, rexpect::process::WaitStatus::Exited(_, c) if c == code)
}

#[test]
fn expression_is_echoed() {
    let Some(mut r) = start("echo") else { return };
    let out = r.line("6 * 7", ">>> ");
    assert!(out.contains("42"), "{out:?}");
    let out = r.line("'a' + 'b'", ">>> ");
    assert!(out.contains("'ab'"), "repr expected: {out:?}");
    let out = r.line("None", ">>> ");
    // Only the typed line shows: the value None is not echoed.
    assert_eq!(out.matches("None").count(), 1, "{out:?}");
}

#[test]
fn multi_line_def() {
    let Some(mut r) = start("def") else { return };
    r.line("def twice(x):", "... ");
    r.line("    y = x * 2", "... ");
    r.line("    return y", "... ");
    r.line("", ">>> ");
    let out = r.line("twice(21) + 1000", ">>> ");
    assert!(out.contains("1042"), "{out:?}");
    // An open bracket carries on past a blank line.
    r.line("v = [1,", "... ");
    r.line("", "... ");
    r.line("2]", ">>> ");
    let out = r.line("len(v) + 500", ">>> ");
    assert!(out.contains("502"), "{out:?}");
}

#[test]
fn exception_then_continue() {
    let Some(mut r) = start("exc") else { return };
    let out = r.line("1/0", ">>> ");
    assert!(
        out.contains("Traceback (most recent call last):"),
        "{out:?}"
    );
    assert!(
        out.contains("ZeroDivisionError: division by zero"),
        "{out:?}"
    );
    let out = r.line("1 +* 2", ">>> ");
    assert!(out.contains("SyntaxError: invalid syntax"), "{out:?}");
    let out = r.line("print('still' + 'here')", ">>> ");
    assert!(out.contains("stillhere"), "{out:?}");
}

#[test]
fn ctrl_c_at_prompt_and_ctrl_d_exits() {
    let Some(mut r) = start("ctrl") else { return };
    r.session.send("abc").expect("send");
    r.session.flush().expect("flush");
    r.session.send_control('c').expect("ctrl-c");
    r.expect("KeyboardInterrupt");
    r.expect(">>> ");
    let out = r.line("40 + 2", ">>> ");
    assert!(out.contains("42"), "{out:?}");
    r.session.send_control('d').expect("ctrl-d");
    let status = r.exit_status();
    assert!(exited(status, 0), "{status:?}");
    let history = std::fs::read_to_string(r.home.join(".mini_history")).unwrap_or_default();
    assert!(history.contains("40 + 2"), "history: {history:?}");
}

#[test]
fn ctrl_c_interrupts_running_statement() {
    let Some(mut r) = start("intr") else { return };
    r.line("while True:", "... ");
    r.line("    pass", "... ");
    r.session.send_line("").expect("send");
    std::thread::sleep(std::time::Duration::from_millis(300));
    r.session.send_control('c').expect("ctrl-c");
    let out = r.expect(">>> ");
    assert!(out.contains("KeyboardInterrupt"), "{out:?}");
    let out = r.line("print('alive')", ">>> ");
    assert!(out.contains("alive"), "{out:?}");
}

#[test]
fn exit_with_status() {
    let Some(mut r) = start("exit") else { return };
    r.session.send_line("exit(3)").expect("send");
    let status = r.exit_status();
    assert!(exited(status, 3), "{status:?}");
}
