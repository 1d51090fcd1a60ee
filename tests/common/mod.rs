//! Helpers shared by the integration tests that run the built `mini`
//! binary (and python3) on programs written to temporary files.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

pub const MINI: &str = env!("CARGO_BIN_EXE_mini");

/// Time limit for a run that is expected to finish; past it the process is
/// killed and the test fails (a deadlock or a hang).
pub const HANG: Duration = Duration::from_secs(60);

// ----- helpers

/// Serialises the tests that measure time or load both cores.
pub fn exclusive() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// A program in a temporary file, removed when dropped.
pub struct Script {
    pub path: PathBuf,
}

impl Script {
    pub fn new(name: &str, source: &str) -> Script {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!(
            "mini-concurrency-{}-{n}-{name}.py",
            std::process::id()
        ));
        std::fs::write(&path, source).expect("cannot write the test program");
        Script { path }
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub status: ExitStatus,
    pub elapsed: Duration,
}

impl Run {
    pub fn describe(&self) -> String {
        format!(
            "status {:?}, {:.3} s\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.status,
            self.elapsed.as_secs_f64(),
            tail(&self.stdout),
            tail(&self.stderr)
        )
    }

    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }
}

pub fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

pub fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MINI_TEST_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let p = Path::new("/usr/bin/python3");
    p.exists().then(|| p.to_path_buf())
}

pub fn reader(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        let _ = tx.send(String::from_utf8_lossy(&buf).into_owned());
    });
    rx
}

/// Waits for `child` until `deadline`; None if it is still running then.
pub fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        if Instant::now() >= deadline {
            return None;
        }
        thread::sleep(Duration::from_millis(2));
    }
}

/// Runs `exe args... script prog_args...` and waits; panics (after killing
/// it) if the process is still running after `limit`.
pub fn run_exe(
    exe: &Path,
    args: &[&str],
    script: &Script,
    prog_args: &[&str],
    limit: Duration,
) -> Run {
    let start = Instant::now();
    let mut child = Command::new(exe)
        .args(args)
        .arg(&script.path)
        .args(prog_args)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
    let out = reader(child.stdout.take());
    let err = reader(child.stderr.take());
    let status = wait_until(&mut child, start + limit);
    let elapsed = start.elapsed();
    let Some(status) = status else {
        let _ = child.kill();
        let status = child.wait().expect("wait");
        let grace = Duration::from_secs(2);
        let run = Run {
            stdout: out.recv_timeout(grace).unwrap_or_default(),
            stderr: err.recv_timeout(grace).unwrap_or_default(),
            status,
            elapsed,
        };
        panic!(
            "{} {args:?} {} did not finish within {:?} (deadlock or hang?); killed\n{}",
            exe.display(),
            script.path.display(),
            limit,
            run.describe()
        );
    };
    let grace = Duration::from_secs(5);
    Run {
        stdout: out.recv_timeout(grace).unwrap_or_default(),
        stderr: err.recv_timeout(grace).unwrap_or_default(),
        status,
        elapsed,
    }
}

pub fn mini(args: &[&str], script: &Script) -> Run {
    run_exe(Path::new(MINI), args, script, &[], HANG)
}

/// Runs the program under mini and, if available, python3; returns both.
pub fn mini_and_python(name: &str, source: &str) -> (Run, Option<Run>) {
    let script = Script::new(name, source);
    let m = mini(&[], &script);
    let p = python().map(|py| run_exe(&py, &[], &script, &[], HANG));
    (m, p)
}

/// The GIL policies `mini --help` lists.
pub fn policies() -> Vec<String> {
    let out = Command::new(MINI)
        .arg("--help")
        .output()
        .expect("mini --help");
    let help = String::from_utf8_lossy(&out.stdout);
    let line = help
        .lines()
        .find(|l| l.contains("--gil-policy"))
        .expect("--gil-policy in mini --help");
    let list = line
        .split("[possible values: ")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .expect("possible values of --gil-policy in mini --help");
    let names: Vec<String> = list.split(',').map(|s| s.trim().to_string()).collect();
    assert!(
        names.iter().any(|n| n == "cpython") && names.iter().any(|n| n == "legacy"),
        "policies listed: {names:?}"
    );
    names
}

/// Parses `key=value` words from a line of output.
pub fn field(run: &Run, key: &str) -> f64 {
    let prefix = format!("{key}=");
    run.stdout
        .split_whitespace()
        .find_map(|w| w.strip_prefix(&prefix))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {key}= in the output\n{}", run.describe()))
}

/// Starts `exe` on the program, waits for it to print `ready`, lets it block
/// for ~300 ms, sends SIGINT and returns the outcome and how long the
/// process took to die after the signal.
pub fn interrupt(exe: &Path, args: &[&str], script: &Script) -> (Run, Duration) {
    let start = Instant::now();
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .arg(&script.path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SIGINT's disposition is inherited: if this test runs with SIGINT
    // ignored (a background job of a script, nohup), the interpreters would
    // rightly ignore it too. Give them the default one.
    // SAFETY: only signal(2), which is async-signal-safe, runs between
    // fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("start the interpreter");
    let stdout = child.stdout.take().expect("stdout");
    let err = reader(child.stderr.take());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        let mut rest = String::new();
        let mut told = false;
        while let Some(Ok(line)) = lines.next() {
            if !told && line == "ready" {
                let _ = tx.send(None);
                told = true;
            } else {
                rest.push_str(&line);
                rest.push('\n');
            }
        }
        let _ = tx.send(Some(rest));
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(None) => {}
        other => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{} never printed ready ({other:?})\n{}",
                script.path.display(),
                err.recv_timeout(Duration::from_secs(2)).unwrap_or_default()
            );
        }
    }
    thread::sleep(Duration::from_millis(300));
    let sent = Instant::now();
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success(), "kill -INT failed");
    let status = wait_until(&mut child, sent + Duration::from_secs(10));
    let latency = sent.elapsed();
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "{} {}: still running 10 s after SIGINT\nstderr: {}",
            exe.display(),
            script.path.display(),
            err.recv_timeout(Duration::from_secs(2)).unwrap_or_default()
        );
    };
    let grace = Duration::from_secs(5);
    let stdout = match rx.recv_timeout(grace) {
        Ok(Some(rest)) => rest,
        _ => String::new(),
    };
    let run = Run {
        stdout,
        stderr: err.recv_timeout(grace).unwrap_or_default(),
        status,
        elapsed: start.elapsed(),
    };
    (run, latency)
}
