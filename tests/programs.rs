//! Behaviour corpus harness: one test per `tests/programs/**/*.mini`.
//!
//! Each program is run with the `mini` binary (crate root as working
//! directory, the program's path relative to it as argument) and its stdout,
//! stderr and exit code are compared with sidecar files next to it:
//!
//! * `foo.out`  expected stdout (required)
//! * `foo.err`  expected stderr (optional; absent means stderr must be empty)
//! * `foo.code` expected exit code (optional; absent means 0)
//! * `foo.in`   stdin contents (optional; absent means stdin is empty/closed)
//!
//! Directives, in comment lines at the top of the program (`# test: ...`):
//!
//! * `no-python`     do not also check the expectations against python3
//! * `args=a b c`    extra command-line arguments (split on whitespace)
//! * `stdout-sorted` compare stdout as a sorted multiset of lines
//! * `timeout=N`     per-run timeout in seconds (default 30)
//!
//! Before comparing, the crate root's absolute path followed by `/` is
//! removed from the actual stdout and stderr: CPython (3.9+) shows the main
//! script's path made absolute in tracebacks and syntax errors, and the
//! expectations must not depend on where the checkout lives. So a traceback
//! line reads `File "tests/programs/errors/x.mini", line 3` in `.err` files,
//! whether the interpreter printed the path relative or absolute.
//!
//! Unless `no-python`, python3 (`$MINI_TEST_PYTHON`, else `/usr/bin/python3`,
//! else `python3` on PATH) is run the same way and must meet the same
//! expectations, which keeps the sidecar files honest.
//! `tests/programs/regen.sh` regenerates the sidecars from python3.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Failed, Trial};

const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// How many diff lines to show before eliding the rest.
const MAX_DIFF_LINES: usize = 60;
/// Unchanged lines shown around each change in a diff.
const CONTEXT: usize = 3;
/// Longest line shown in a diff, in characters.
const MAX_LINE_CHARS: usize = 400;

fn main() {
    let args = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let programs_dir = root.join("tests").join("programs");
    let mut files = Vec::new();
    collect_programs(&programs_dir, &mut files);
    files.sort();

    let python = find_python();
    if python.is_none() {
        eprintln!("note: no python3 found; expectations are not checked against python3");
    }

    let trials = files
        .into_iter()
        .map(|file| {
            let rel_to_programs = file.strip_prefix(&programs_dir).unwrap().with_extension("");
            let name = rel_to_programs
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let rel = file.strip_prefix(&root).unwrap().to_path_buf();
            let root = root.clone();
            let python = python.clone();
            Trial::test(name, move || run_program(&root, &rel, python.as_deref()))
        })
        .collect();

    libtest_mimic::run(&args, trials).exit();
}

fn collect_programs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_programs(&path, out);
        } else if path.extension().is_some_and(|e| e == "mini") {
            out.push(path);
        }
    }
}

fn find_python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MINI_TEST_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let usr = Path::new("/usr/bin/python3");
    if usr.exists() {
        return Some(usr.to_path_buf());
    }
    let works = Command::new("python3")
        .arg("-c")
        .arg("pass")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    works.then(|| PathBuf::from("python3"))
}

/// What a program's header asks for.
#[derive(Debug, Default)]
struct Directives {
    no_python: bool,
    args: Vec<String>,
    stdout_sorted: bool,
    timeout: Option<u64>,
}

/// Reads `# test: ...` directives from the leading comment/blank lines.
fn parse_directives(source: &[u8]) -> Result<Directives, String> {
    let text = String::from_utf8_lossy(source);
    let mut d = Directives::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(comment) = line.strip_prefix('#') else {
            break;
        };
        let Some(directive) = comment.trim_start().strip_prefix("test:") else {
            continue;
        };
        let directive = directive.trim();
        if directive == "no-python" {
            d.no_python = true;
        } else if directive == "stdout-sorted" {
            d.stdout_sorted = true;
        } else if let Some(a) = directive.strip_prefix("args=") {
            d.args = a.split_whitespace().map(str::to_owned).collect();
        } else if let Some(t) = directive.strip_prefix("timeout=") {
            d.timeout = Some(
                t.trim()
                    .parse()
                    .map_err(|_| format!("bad timeout directive: {line}"))?,
            );
        } else {
            return Err(format!("unknown test directive: {line}"));
        }
    }
    Ok(d)
}

struct Expected {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    code: i32,
    stdin: Option<Vec<u8>>,
}

fn load_expected(root: &Path, rel: &Path, no_python: bool) -> Result<Expected, String> {
    let base = root.join(rel);
    let sidecar = |ext: &str| base.with_extension(ext);
    let read_opt = |p: PathBuf| -> Result<Option<Vec<u8>>, String> {
        match std::fs::read(&p) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", p.display())),
        }
    };
    let stdout = read_opt(sidecar("out"))?.ok_or_else(|| {
        let how = if no_python {
            "this program is `no-python`: write it by hand".to_owned()
        } else {
            format!("generate it with tests/programs/regen.sh {}", rel.display())
        };
        format!("missing {} ({how})", sidecar("out").display())
    })?;
    let stderr = read_opt(sidecar("err"))?.unwrap_or_default();
    let code = match read_opt(sidecar("code"))? {
        None => 0,
        Some(b) => String::from_utf8_lossy(&b)
            .trim()
            .parse()
            .map_err(|_| format!("bad exit code in {}", sidecar("code").display()))?,
    };
    let stdin = read_opt(sidecar("in"))?;
    Ok(Expected {
        stdout,
        stderr,
        code,
        stdin,
    })
}

struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: ExitStatus,
}

enum RunError {
    Spawn(std::io::Error),
    Timeout { stdout: Vec<u8>, stderr: Vec<u8> },
}

fn run_program(root: &Path, rel: &Path, python: Option<&Path>) -> Result<(), Failed> {
    let source =
        std::fs::read(root.join(rel)).map_err(|e| format!("cannot read {}: {e}", rel.display()))?;
    let directives = parse_directives(&source)?;
    let expected = load_expected(root, rel, directives.no_python)?;
    let timeout = Duration::from_secs(directives.timeout.unwrap_or(DEFAULT_TIMEOUT_SECS));

    let mut report = String::new();
    let mini = Path::new(env!("CARGO_BIN_EXE_mini"));
    check_one(
        "mini",
        mini,
        &[],
        root,
        rel,
        &directives,
        &expected,
        timeout,
        &mut report,
    );
    if !directives.no_python {
        if let Some(py) = python {
            let env = [
                ("PYTHONDONTWRITEBYTECODE", "1"),
                ("PYTHONIOENCODING", "utf-8"),
            ];
            let mut py_report = String::new();
            check_one(
                "python3",
                py,
                &env,
                root,
                rel,
                &directives,
                &expected,
                timeout,
                &mut py_report,
            );
            if !py_report.is_empty() {
                report.push_str(
                    "\n!!! python3 does not meet this program's expectations either: the sidecar files are \
                     stale or the program is nondeterministic (see tests/programs/regen.sh)\n",
                );
                report.push_str(&py_report);
            }
        }
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(report.into())
    }
}

#[allow(clippy::too_many_arguments)]
fn check_one(
    who: &str,
    exe: &Path,
    env: &[(&str, &str)],
    root: &Path,
    rel: &Path,
    directives: &Directives,
    expected: &Expected,
    timeout: Duration,
    report: &mut String,
) {
    let mut cmd = Command::new(exe);
    cmd.arg(rel).args(&directives.args).current_dir(root);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let repro = reproduce_command(exe, rel, &directives.args, expected.stdin.is_some(), env);
    match run_with_timeout(cmd, expected.stdin.as_deref(), timeout) {
        Err(RunError::Spawn(e)) => {
            let _ = writeln!(
                report,
                "[{who}] could not start {}: {e}\n  reproduce: {repro}",
                exe.display()
            );
        }
        Err(RunError::Timeout { stdout, stderr }) => {
            let _ = writeln!(
                report,
                "[{who}] timed out after {} s and was killed\n  reproduce: {repro}",
                timeout.as_secs()
            );
            let _ = writeln!(
                report,
                "--- stdout so far (last lines) ---\n{}",
                tail(&stdout, 20)
            );
            let _ = writeln!(
                report,
                "--- stderr so far (last lines) ---\n{}",
                tail(&stderr, 20)
            );
        }
        Ok(out) => {
            let out = Outcome {
                stdout: strip_root(&out.stdout, root),
                stderr: strip_root(&out.stderr, root),
                status: out.status,
            };
            let mut problems = String::new();
            let (exp_out, act_out) = if directives.stdout_sorted {
                (sorted_lines(&expected.stdout), sorted_lines(&out.stdout))
            } else {
                (
                    String::from_utf8_lossy(&expected.stdout).into_owned(),
                    String::from_utf8_lossy(&out.stdout).into_owned(),
                )
            };
            if exp_out != act_out {
                let label = if directives.stdout_sorted {
                    "stdout (lines sorted)"
                } else {
                    "stdout"
                };
                problems.push_str(&diff(label, &exp_out, &act_out));
            }
            let exp_err = String::from_utf8_lossy(&expected.stderr);
            let act_err = String::from_utf8_lossy(&out.stderr);
            if exp_err != act_err {
                problems.push_str(&diff("stderr", &exp_err, &act_err));
            }
            match out.status.code() {
                Some(c) if c == expected.code => {}
                Some(c) => {
                    let _ = writeln!(problems, "exit code: expected {}, got {c}", expected.code);
                }
                None => {
                    let _ = writeln!(
                        problems,
                        "exit code: expected {}, but the process was killed by a signal ({})",
                        expected.code, out.status
                    );
                }
            }
            if !problems.is_empty() {
                let _ = writeln!(report, "[{who}] output differs\n  reproduce: {repro}");
                report.push_str(&problems);
            }
        }
    }
}

/// Removes `<crate root>/` (as given and canonicalized) from program output.
fn strip_root(bytes: &[u8], root: &Path) -> Vec<u8> {
    let mut prefixes = vec![root.to_path_buf()];
    if let Ok(canon) = root.canonicalize() {
        if canon != root {
            prefixes.push(canon);
        }
    }
    let mut out = bytes.to_vec();
    for prefix in prefixes {
        let mut pat = prefix.as_os_str().as_encoded_bytes().to_vec();
        pat.push(b'/');
        out = replace_all(&out, &pat);
    }
    out
}

fn replace_all(haystack: &[u8], needle: &[u8]) -> Vec<u8> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

fn reproduce_command(
    exe: &Path,
    rel: &Path,
    args: &[String],
    has_stdin: bool,
    env: &[(&str, &str)],
) -> String {
    let mut s = String::new();
    for (k, v) in env {
        let _ = write!(s, "{k}={v} ");
    }
    let _ = write!(
        s,
        "{} {}",
        shell_quote(&exe.display().to_string()),
        shell_quote(&rel.display().to_string())
    );
    for a in args {
        let _ = write!(s, " {}", shell_quote(a));
    }
    if has_stdin {
        let _ = write!(
            s,
            " < {}",
            shell_quote(&rel.with_extension("in").display().to_string())
        );
    } else {
        s.push_str(" < /dev/null");
    }
    format!("(cd {} && {s})", shell_quote(env!("CARGO_MANIFEST_DIR")))
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-=+:,".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn run_with_timeout(
    mut cmd: Command,
    stdin: Option<&[u8]>,
    timeout: Duration,
) -> Result<Outcome, RunError> {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Own process group, so a timeout can kill anything the program started.
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(RunError::Spawn)?;

    if let (Some(data), Some(mut pipe)) = (stdin, child.stdin.take()) {
        let data = data.to_vec();
        thread::spawn(move || {
            // The program may exit without reading everything; that is fine.
            let _ = pipe.write_all(&data);
        });
    }
    let stdout_rx = spawn_reader(child.stdout.take());
    let stderr_rx = spawn_reader(child.stderr.take());

    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => break None,
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let Some(status) = status else {
        kill_tree(&mut child);
        let stdout = stdout_rx
            .recv_timeout(Duration::from_secs(2))
            .unwrap_or_default();
        let stderr = stderr_rx
            .recv_timeout(Duration::from_secs(2))
            .unwrap_or_default();
        return Err(RunError::Timeout { stdout, stderr });
    };
    // Output pipes may be held open by leftover grandchildren; don't hang on them.
    let grace = Duration::from_secs(5);
    let stdout = stdout_rx.recv_timeout(grace).unwrap_or_default();
    let stderr = stderr_rx.recv_timeout(grace).unwrap_or_default();
    Ok(Outcome {
        stdout,
        stderr,
        status,
    })
}

fn spawn_reader<R: Read + Send + 'static>(pipe: Option<R>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        let _ = tx.send(buf);
    });
    rx
}

fn kill_tree(child: &mut Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn tail(bytes: &[u8], n: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

fn sorted_lines(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    let mut s = lines.join("\n");
    if !lines.is_empty() {
        s.push('\n');
    }
    s
}

/// Splits into lines, keeping a marker for a missing final newline so that
/// it shows up in the diff.
fn split_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    for l in &mut lines {
        if l.ends_with('\n') {
            l.pop();
            if l.ends_with('\r') {
                l.pop();
                l.push_str("\\r");
            }
        } else {
            l.push_str("⏎(no newline at end)");
        }
    }
    lines
}

/// A readable line diff: `-` expected only, `+` actual only, ` ` both.
/// The first differing line is marked and the output is abbreviated.
fn diff(label: &str, expected: &str, actual: &str) -> String {
    let exp = split_lines(expected);
    let act = split_lines(actual);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "--- {label}: expected {} line(s), got {} line(s); '-' expected, '+' actual",
        exp.len(),
        act.len()
    );
    let ops = line_diff(&exp, &act);
    let first = ops.iter().position(|op| !matches!(op, Op::Same(..)));
    let Some(first) = first else { return out };
    let (first_e, first_a) = match ops[first] {
        Op::Same(e, a) | Op::Del(e, a) | Op::Ins(e, a) => (e, a),
    };
    let _ = writeln!(
        out,
        "    first difference: expected line {}, actual line {}",
        first_e + 1,
        first_a + 1
    );
    // Show each change with CONTEXT unchanged lines around it.
    let mut visible = vec![false; ops.len()];
    for (k, op) in ops.iter().enumerate() {
        if !matches!(op, Op::Same(..)) {
            let lo = k.saturating_sub(CONTEXT);
            let hi = (k + CONTEXT).min(ops.len() - 1);
            visible[lo..=hi].iter_mut().for_each(|v| *v = true);
        }
    }
    let mut shown = 0;
    let mut skipped = false;
    for (i, op) in ops.iter().enumerate() {
        if !visible[i] {
            skipped = true;
            continue;
        }
        if shown >= MAX_DIFF_LINES {
            let rest = ops[i..]
                .iter()
                .filter(|op| !matches!(op, Op::Same(..)))
                .count();
            let _ = writeln!(out, "    ... (output cut; {rest} more differing line(s))");
            break;
        }
        if skipped && shown > 0 {
            let _ = writeln!(out, "    ...");
        }
        skipped = false;
        let marker = if i == first { ">" } else { " " };
        let (sign, number, text) = match *op {
            Op::Same(e, _) => (' ', e, &exp[e]),
            Op::Del(e, _) => ('-', e, &exp[e]),
            Op::Ins(_, a) => ('+', a, &act[a]),
        };
        let _ = writeln!(out, "{marker} {sign} {:>4} | {}", number + 1, clip(text));
        shown += 1;
    }
    out
}

fn clip(line: &str) -> String {
    let count = line.chars().count();
    if count <= MAX_LINE_CHARS {
        line.to_owned()
    } else {
        let head: String = line.chars().take(MAX_LINE_CHARS).collect();
        format!("{head}…({} more chars)", count - MAX_LINE_CHARS)
    }
}

/// Diff operations, each carrying (expected index, actual index) at that point.
#[derive(Clone, Copy)]
enum Op {
    Same(usize, usize),
    Del(usize, usize),
    Ins(usize, usize),
}

fn line_diff(a: &[String], b: &[String]) -> Vec<Op> {
    // Strip the common prefix and suffix, then LCS on the middle (bounded).
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let am = &a[prefix..a.len() - suffix];
    let bm = &b[prefix..b.len() - suffix];
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Same(i, i)).collect();
    if am.len().saturating_mul(bm.len()) <= 4_000_000 {
        let (n, m) = (am.len(), bm.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        let idx = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[idx(i, j)] = if am[i] == bm[j] {
                    lcs[idx(i + 1, j + 1)] + 1
                } else {
                    lcs[idx(i + 1, j)].max(lcs[idx(i, j + 1)])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push(Op::Same(prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[idx(i + 1, j)] >= lcs[idx(i, j + 1)]) {
                ops.push(Op::Del(prefix + i, prefix + j));
                i += 1;
            } else {
                ops.push(Op::Ins(prefix + i, prefix + j));
                j += 1;
            }
        }
    } else {
        ops.extend((0..am.len()).map(|i| Op::Del(prefix + i, prefix)));
        ops.extend((0..bm.len()).map(|j| Op::Ins(prefix + am.len(), prefix + j)));
    }
    let (ea, eb) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Same(ea + k, eb + k)));
    ops
}
