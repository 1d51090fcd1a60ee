//! The process's standard output and error, shared by every thread.
//!
//! Each `print` call hands over its whole text (end included) at once, and
//! the buffer is only ever written out in whole pieces, so lines from
//! different threads, or from processes sharing the pipe, never interleave
//! mid-line. Like Python, stdout is line-buffered on a terminal and
//! block-buffered otherwise; stderr is written at once.
//!
//! These streams have their own small lock, independent of the GIL, because
//! flushing (a system call that can block) happens with the GIL released.

use parking_lot::Mutex;
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

const CAPACITY: usize = 8192;

struct Out {
    buf: Vec<u8>,
    line_buffered: bool,
    unbuffered: bool,
}

fn stdout_state() -> &'static Mutex<Out> {
    static OUT: OnceLock<Mutex<Out>> = OnceLock::new();
    OUT.get_or_init(|| {
        Mutex::new(Out {
            buf: Vec::with_capacity(CAPACITY),
            // PYTHONUNBUFFERED: written out at every print, as python -u.
            line_buffered: std::io::stdout().is_terminal(),
            unbuffered: std::env::var_os("PYTHONUNBUFFERED").is_some_and(|v| !v.is_empty()),
        })
    })
}

/// Adds `s` to stdout's buffer. Returns true when the caller should flush
/// (with the GIL released): a full buffer, or a newline on a terminal.
pub fn stdout_append(s: &str) -> bool {
    let mut out = stdout_state().lock();
    if out.buf.len() + s.len() > CAPACITY && !out.buf.is_empty() {
        let pending = std::mem::take(&mut out.buf);
        write_all(1, &pending);
    }
    out.buf.extend_from_slice(s.as_bytes());
    out.buf.len() >= CAPACITY || out.unbuffered || (out.line_buffered && s.contains('\n'))
}

/// Writes out whatever stdout has buffered.
pub fn stdout_flush() {
    let mut out = stdout_state().lock();
    if !out.buf.is_empty() {
        let pending = std::mem::take(&mut out.buf);
        write_all(1, &pending);
        out.buf = pending;
        out.buf.clear();
    }
}

/// Appends and flushes if needed (for callers that do not hold the GIL or
/// do not mind holding it while writing).
pub fn stdout_write(s: &str) {
    if stdout_append(s) {
        stdout_flush();
    }
}

/// Writes to stderr at once, in one piece (stdout is flushed first when both
/// go to a terminal, so the two appear in order).
pub fn stderr_write(s: &str) {
    if std::io::stderr().is_terminal() {
        stdout_flush();
    }
    let _guard = stdout_state().lock();
    write_all(2, s.as_bytes());
}

fn write_all(fd: i32, bytes: &[u8]) {
    // Errors (a closed pipe) are ignored: there is nobody left to tell.
    let _ = if fd == 1 {
        std::io::stdout()
            .lock()
            .write_all(bytes)
            .and_then(|_| std::io::stdout().flush())
    } else {
        std::io::stderr().lock().write_all(bytes)
    };
}
