//! Properties of `multiprocessing` that a fixed expected output cannot show:
//! the seed program's timing, exit codes and the child's traceback on
//! stderr, terminate and kill, a pool whose worker dies, Ctrl-C and the
//! death of the parent, and what happens to children at exit.
//!
//! Like tests/concurrency.rs, each test writes a program to a temporary
//! file and runs the built `mini` on it; timing bounds are generous, and the
//! tests that load the machine run one at a time (`exclusive`).

mod common;
use common::*;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

/// True while a process with this pid exists (and is not a zombie).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            // The state follows the parenthesised command name.
            let state = stat.rsplit(')').next().unwrap_or("").trim_start();
            !state.starts_with('Z') && !state.starts_with('X')
        }
        Err(_) => false,
    }
}

/// Waits up to `limit` for the process to be gone.
fn gone_within(pid: u32, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if !alive(pid) {
            return true;
        }
        thread::sleep(Duration::from_millis(20));
    }
    !alive(pid)
}

/// The pids a program printed as `pid=N` words.
fn pids(out: &str) -> Vec<u32> {
    out.split_whitespace()
        .filter_map(|w| w.strip_prefix("pid="))
        .filter_map(|n| n.parse().ok())
        .collect()
}

const SEED: &str = r#"import multiprocessing
import time

def task(name):
    print(f"Task {name} starting")
    time.sleep(1)  # Simulate CPU computation
    print(f"Task {name} completed")

if __name__ == '__main__':  # Required for Windows compatibility
    # Create and start processes
    processes = []
    for i in range(5):
        p = multiprocessing.Process(target=task, args=(i,))
        processes.append(p)
        p.start()
    
    # Wait for all processes to complete
    for p in processes:
        p.join()
    
    print("All tasks completed")
"#;

/// The seed's multiprocessing example, unchanged: eleven whole lines, each
/// task's start before its completion, all in under 1.6 s.
#[test]
fn seed_program() {
    let _x = exclusive();
    let script = Script::new("mpseed", SEED);
    let run = run_exe(Path::new(MINI), &[], &script, &[], HANG);
    assert_eq!(run.code(), Some(0), "{}", run.describe());
    assert!(run.stderr.is_empty(), "{}", run.describe());
    // With stdout a pipe, each child's output is block-buffered and written
    // at its exit (as in CPython), so a task's two lines come together; on a
    // terminal the five "starting" lines come first.
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 11, "{}", run.describe());
    assert_eq!(lines[10], "All tasks completed");
    for i in 0..5 {
        let start = lines
            .iter()
            .position(|l| *l == format!("Task {i} starting"));
        let done = lines
            .iter()
            .position(|l| *l == format!("Task {i} completed"));
        assert!(
            matches!((start, done), (Some(s), Some(d)) if s < d),
            "task {i}\n{}",
            run.describe()
        );
    }
    assert!(
        run.elapsed < Duration::from_millis(1600),
        "the seed program took {:?}\n{}",
        run.elapsed,
        run.describe()
    );
}

/// Exit codes: 1 after an uncaught exception (its `Process NAME:`
/// traceback on stderr), n for sys.exit(n), -15 after terminate(), -9
/// after kill().
#[test]
fn exit_codes() {
    let source = r#"import multiprocessing as mp
import sys, time

def boom():
    1 / 0

def leave(n):
    sys.exit(n)

def sleeper():
    time.sleep(30)

if __name__ == "__main__":
    p = mp.Process(target=boom)
    p.start(); p.join()
    print("boom", p.exitcode, flush=True)
    p = mp.Process(target=leave, args=(3,))
    p.start(); p.join()
    print("exit", p.exitcode)
    p = mp.Process(target=sleeper)
    p.start(); time.sleep(0.3); p.terminate(); p.join()
    print("terminated", p.exitcode, "exitcode=-SIGTERM" in repr(p))
    p = mp.Process(target=sleeper, daemon=True)
    p.start(); p.kill(); p.join()
    print("killed", p.exitcode)
"#;
    let script = Script::new("exitcodes", source);
    let mut exes = vec![MINI.into()];
    exes.extend(python());
    for exe in exes {
        let run = run_exe(&exe, &[], &script, &[], HANG);
        let who = exe.display();
        assert_eq!(run.code(), Some(0), "{who}: {}", run.describe());
        assert_eq!(
            run.stdout,
            "boom 1\nexit 3\nterminated -15 True\nkilled -9\n",
            "{who}: {}",
            run.describe()
        );
        assert!(
            run.stderr
                .starts_with("Process Process-1:\nTraceback (most recent call last):\n"),
            "{who}: {}",
            run.describe()
        );
        assert!(
            run.stderr.contains("    1 / 0\n"),
            "{who}: {}",
            run.describe()
        );
        assert!(
            run.stderr
                .ends_with("ZeroDivisionError: division by zero\n"),
            "{who}: {}",
            run.describe()
        );
    }
}

/// A worker killed in the middle of a task: that task's result raises in
/// the parent instead of hanging (CPython hangs here, bpo-22393), and the
/// pool goes on working with a replacement worker.
#[test]
fn pool_survives_a_killed_worker() {
    let source = r#"import multiprocessing as mp
import os

def suicide(x):
    if x == 3:
        os.kill(os.getpid(), 9)
    return x

if __name__ == "__main__":
    with mp.Pool(2) as pool:
        try:
            pool.map(suicide, range(6))
            print("no error")
        except Exception as e:
            print("raised", type(e).__name__)
        print(pool.map(suicide, [1, 2, 4]))
        r = pool.apply_async(suicide, (3,))
        try:
            r.get(timeout=30)
        except Exception as e:
            print("async raised", type(e).__name__)
    print("done")
"#;
    let script = Script::new("poolkill", source);
    let run = run_exe(Path::new(MINI), &[], &script, &[], HANG);
    assert_eq!(run.code(), Some(0), "{}", run.describe());
    assert_eq!(
        run.stdout,
        "raised WorkerLostError\n[1, 2, 4]\nasync raised WorkerLostError\ndone\n",
        "{}",
        run.describe()
    );
}

/// Starting a process at top level without the `__main__` guard: the child
/// gets the bootstrapping RuntimeError (no fork bomb); the parent goes on.
#[test]
fn unguarded_start_is_a_clear_error() {
    let source = "import multiprocessing as mp\n\
                  def f():\n    print('child ran')\n\
                  p = mp.Process(target=f)\np.start()\np.join()\n\
                  print('parent done', p.exitcode)\n";
    let script = Script::new("unguarded", source);
    let run = run_exe(Path::new(MINI), &[], &script, &[], HANG);
    assert_eq!(run.code(), Some(0), "{}", run.describe());
    assert_eq!(run.stdout, "parent done 1\n", "{}", run.describe());
    assert!(
        run.stderr.contains("RuntimeError: ") && run.stderr.contains("bootstrapping phase"),
        "{}",
        run.describe()
    );
}

/// A child that puts more than a pipe buffer holds and exits can be joined
/// before the parent drains the queue.
#[test]
fn join_before_draining_a_queue() {
    let source = r#"import multiprocessing as mp
def big(q):
    for i in range(2000):
        q.put("x" * 10000)
    q.put("done")
if __name__ == "__main__":
    q = mp.Queue()
    p = mp.Process(target=big, args=(q,))
    p.start()
    p.join()
    print("joined", p.exitcode)
    n = 0
    while q.get(timeout=30) != "done":
        n += 1
    print(n)
"#;
    let script = Script::new("drain", source);
    let run = run_exe(Path::new(MINI), &[], &script, &[], HANG);
    assert_eq!(run.code(), Some(0), "{}", run.describe());
    assert_eq!(run.stdout, "joined 0\n2000\n", "{}", run.describe());
}

/// Two processes each running a CPU-bound loop both finish with the right
/// result (their speed-up is a benchmark: scripts/bench/processes).
#[test]
fn two_cpu_bound_processes() {
    let _x = exclusive();
    let source = r#"import multiprocessing as mp
def work(n, q):
    total = 0
    for i in range(n):
        total += i * i % 7
    q.put(total)
if __name__ == "__main__":
    q = mp.Queue()
    ps = [mp.Process(target=work, args=(300000, q)) for _ in range(2)]
    for p in ps: p.start()
    results = [q.get(timeout=60) for _ in ps]
    for p in ps: p.join()
    print(results, [p.exitcode for p in ps])
"#;
    let script = Script::new("cpu2", source);
    let run = run_exe(Path::new(MINI), &[], &script, &[], HANG);
    let expected: u64 = (0..300000u64).map(|i| i * i % 7).sum();
    assert_eq!(
        run.stdout,
        format!("[{expected}, {expected}] [0, 0]\n"),
        "{}",
        run.describe()
    );
}

/// At exit the parent terminates daemon children and joins the others; no
/// child outlives it.
#[test]
fn exit_joins_children_and_terminates_daemons() {
    let source = r#"import multiprocessing as mp, os, time
def sleeper(t):
    time.sleep(t)
    print("non-daemon finished", flush=True)
if __name__ == "__main__":
    d = mp.Process(target=sleeper, args=(30,), daemon=True)
    n = mp.Process(target=sleeper, args=(0.5,))
    d.start(); n.start()
    print(f"pid={d.pid} pid={n.pid}", flush=True)
"#;
    let script = Script::new("atexit", source);
    let run = run_exe(Path::new(MINI), &[], &script, &[], HANG);
    assert_eq!(run.code(), Some(0), "{}", run.describe());
    assert!(
        run.stdout.ends_with("non-daemon finished\n"),
        "{}",
        run.describe()
    );
    assert!(run.elapsed < Duration::from_secs(20), "{}", run.describe());
    for pid in pids(&run.stdout) {
        assert!(
            gone_within(pid, Duration::from_secs(5)),
            "child {pid} outlived its parent"
        );
    }
}

/// A child whose parent is killed (SIGKILL: no chance to clean up) exits.
#[test]
fn child_exits_when_its_parent_dies() {
    let source = r#"import multiprocessing as mp, os, time
def sleeper():
    time.sleep(60)
if __name__ == "__main__":
    p = mp.Process(target=sleeper)
    p.start()
    print(f"ready pid={p.pid}", flush=True)
    time.sleep(60)
"#;
    let script = Script::new("orphan", source);
    let mut child = Command::new(MINI)
        .arg(&script.path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start mini");
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut out, &mut line).expect("read");
    let pid = pids(&line).first().copied().expect("the child's pid");
    assert!(alive(pid));
    child.kill().expect("kill the parent");
    child.wait().expect("wait");
    assert!(
        gone_within(pid, Duration::from_secs(10)),
        "child {pid} outlived its killed parent"
    );
}

/// Ctrl-C while the parent joins a child: KeyboardInterrupt in the parent
/// (which then dies by SIGINT, as python3 does), and the child is gone.
#[test]
fn ctrl_c_stops_children() {
    let _x = exclusive();
    let source = r#"import multiprocessing as mp, time
def sleeper():
    time.sleep(60)
if __name__ == "__main__":
    p = mp.Process(target=sleeper)
    p.start()
    print(f"child pid={p.pid}", flush=True)
    print("ready", flush=True)
    p.join()
"#;
    let script = Script::new("mpctrlc", source);
    let (run, latency) = interrupt(Path::new(MINI), &[], &script);
    assert!(
        latency < Duration::from_secs(3),
        "{latency:?}\n{}",
        run.describe()
    );
    assert_eq!(run.status.signal(), Some(2), "{}", run.describe());
    assert!(
        run.stderr.ends_with("KeyboardInterrupt\n"),
        "{}",
        run.describe()
    );
    for pid in pids(&run.stdout) {
        assert!(
            gone_within(pid, Duration::from_secs(5)),
            "child {pid} survived Ctrl-C"
        );
    }
}

/// A child gets its parent's compiled modules (`vm/precompiled.rs`) only
/// for source it would compile the same: a main script edited after the
/// parent started is compiled afresh, as spawn does in CPython; library
/// code from the parent keeps its traceback lines.
#[test]
fn children_recompile_an_edited_main_script() {
    let source = r#"import multiprocessing as mp
VERSION = 1
def show():
    print("child sees", VERSION, flush=True)
def boom():
    mp.Process(target=None).start(1)
if __name__ == "__main__":
    mp.set_start_method("spawn")
    src = open(__file__).read()
    with open(__file__, "w") as f:
        f.write(src.replace("VERSION = 1", "VERSION = 2"))
    p = mp.Process(target=show)
    p.start(); p.join()
    p = mp.Process(target=boom)
    p.start(); p.join()
    print("parent sees", VERSION, p.exitcode)
"#;
    let mut exes = vec![MINI.into()];
    exes.extend(python());
    for exe in exes {
        let script = Script::new("edited", source);
        let run = run_exe(&exe, &[], &script, &[], HANG);
        let who = exe.display();
        assert_eq!(
            run.stdout,
            "child sees 2\nparent sees 1 1\n",
            "{who}: {}",
            run.describe()
        );
        assert!(
            run.stderr.contains("    self.run()\n")
                && run
                    .stderr
                    .contains("in boom\n    mp.Process(target=None).start(1)\n")
                && run.stderr.ends_with(
                    "TypeError: BaseProcess.start() takes 1 positional argument but 2 were given\n"
                ),
            "{who}: {}",
            run.describe()
        );
    }
}
