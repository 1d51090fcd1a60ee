//! Starting a child interpreter, and the `Popen` handle the parent keeps.
//!
//! A child is this very executable, re-executed (never a `fork` that goes
//! on running: the parent has threads). Two pipes tie parent and child:
//! the child's stdin carries the start-up data, then stays open, so that
//! when the parent dies the child sees end-of-file there and exits too;
//! and the child inherits, and never closes, the write end of a pipe whose
//! read end the parent keeps as the child's *sentinel*: it becomes readable
//! when the child ends. The start-up data is:
//!
//! ```text
//! "MINI-MP1"
//! u32 count, then count × (u32 len, UTF-8): main script path ("" if none),
//!     its folder, the process name, then the parent's sys.argv
//! u32 count, then count × i32: the descriptors the child inherits
//! u64 len, then the serialized process object
//! u64 len, then the parent's compiled modules (see `vm/precompiled.rs`)
//! ```
//!
//! The child runs the parent's main script as `__mp_main__` (so functions
//! and classes it defines can be found by name), then rebuilds the process
//! object and calls its `_bootstrap()`. See `child.rs`.

use super::{inherit, payload};
use crate::gil::GilCell;
use crate::modules::builtins::types::Spec;
use crate::objects::exception::{os_error, PyErr};
use crate::objects::{Args, ExcKind, Instance, Value};
use crate::serial;
use crate::unsafety::ipc::{inherit_fds, kill, wait_readable};
use crate::vm::{PyResult, Vm};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::rc::Rc;
use std::time::Duration;

pub const MAGIC: &[u8; 8] = b"MINI-MP1";

/// The parent's handle on a child.
pub struct Popen {
    pid: u32,
    /// Readable when the child has ended: `Process.sentinel`.
    sentinel: std::io::PipeReader,
    state: GilCell<PopenState>,
}

struct PopenState {
    /// None only while being waited for without the GIL.
    child: Option<Child>,
    /// Kept open while the child runs: its end-of-file tells the child that
    /// the parent is gone.
    lifeline: Option<ChildStdin>,
    exitcode: Option<i64>,
}

/// Command-line flags every child gets (the GIL policy and such), set once
/// by the command line.
static CHILD_FLAGS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

pub fn set_child_flags(flags: Vec<String>) {
    let _ = CHILD_FLAGS.set(flags);
}

fn io_error(e: std::io::Error) -> PyErr {
    os_error(ExcKind::OSError, &e, None)
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// `_spawn(process_obj, name)` -> `Popen`: serializes the process object
/// (failing here, in the parent, if it cannot be sent), starts the child
/// and hands it the start-up data.
pub fn spawn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("_spawn", 2, 2)?;
    let name = vm.arg_str(&a[1], "name")?.as_str().to_string();
    let (blob, fds) = inherit::collecting(|| serial::dumps(vm, &a[0]));
    let blob = blob?;

    let config = &vm.interp.config;
    let main_path = config
        .script
        .as_ref()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        })
        .unwrap_or_default();
    let main_dir = config
        .main_dir
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let argv = super::sys_argv(vm)?;
    let mut data = MAGIC.to_vec();
    data.extend_from_slice(&((3 + argv.len()) as u32).to_le_bytes());
    push_str(&mut data, &main_path);
    push_str(&mut data, &main_dir);
    push_str(&mut data, &name);
    for arg in &argv {
        push_str(&mut data, arg);
    }
    data.extend_from_slice(&(fds.len() as u32).to_le_bytes());
    for fd in &fds {
        data.extend_from_slice(&fd.to_le_bytes());
    }
    data.extend_from_slice(&(blob.len() as u64).to_le_bytes());
    data.extend_from_slice(&blob);
    // The modules this process compiled, so the child need not compile
    // them again (an empty table if they cannot be sent).
    let code = vm
        .precompiled_for_child()
        .unwrap_or_else(|_| Rc::from(&[][..]));
    data.extend_from_slice(&(code.len() as u64).to_le_bytes());
    data.extend_from_slice(&code);

    let (sentinel, child_end) = std::io::pipe().map_err(io_error)?;
    let mut fds = fds;
    fds.push(child_end.as_raw_fd());
    let exe = std::env::current_exe().map_err(io_error)?;
    let mut cmd = Command::new(exe);
    cmd.args(CHILD_FLAGS.get().map(Vec::as_slice).unwrap_or_default());
    let interval = vm.interp.gil.interval();
    cmd.arg(format!(
        "--switch-interval={}us",
        interval.as_micros().max(1)
    ));
    cmd.arg("--multiprocessing-child");
    cmd.stdin(Stdio::piped());
    inherit_fds(&mut cmd, fds);
    // What the parent printed so far comes before anything the child prints.
    crate::stdio::stdout_flush();
    let spawned = vm
        .gil
        .allow_threads(move || -> std::io::Result<(Child, ChildStdin)> {
            let mut child = cmd.spawn()?;
            let mut stdin = child
                .stdin
                .take()
                .ok_or_else(|| std::io::Error::other("no stdin pipe"))?;
            // A child that dies at once closes the pipe; its exit code tells why.
            let _ = stdin.write_all(&data);
            Ok((child, stdin))
        });
    drop(child_end);
    let (child, lifeline) = spawned.map_err(io_error)?;
    let pid = child.id();
    let popen = Popen {
        pid,
        sentinel,
        state: GilCell::new(PopenState {
            child: Some(child),
            lifeline: Some(lifeline),
            exitcode: None,
        }),
    };
    let cls = super::class_named(vm, "Popen")?;
    Ok(Value::Instance(Instance::with_payload(
        cls,
        Box::new(Rc::new(popen)),
    )))
}

pub const POPEN: Spec = Spec {
    new: None,
    methods: &[
        ("poll", popen_poll),
        ("wait", popen_wait),
        ("terminate", popen_terminate),
        ("kill", popen_kill),
        ("close", popen_close),
    ],
    getters: &[("pid", popen_pid), ("sentinel", popen_sentinel)],
    ..Spec::new("Popen")
};

fn popen_of(vm: &Vm, v: &Value) -> PyResult<Rc<Popen>> {
    payload::<Rc<Popen>>(vm, v, "Popen")
}

fn exit_code(status: std::process::ExitStatus) -> i64 {
    match (status.code(), status.signal()) {
        (Some(c), _) => i64::from(c),
        (None, Some(s)) => -i64::from(s),
        _ => 1,
    }
}

/// The exit code if the child has ended (reaping it): `-N` if a signal N
/// killed it.
fn poll(vm: &Vm, p: &Popen) -> PyResult<Option<i64>> {
    let mut st = p.state.borrow_mut(vm.gil());
    if st.exitcode.is_none() {
        let status = match st.child.as_mut() {
            Some(child) => child.try_wait().map_err(io_error)?,
            None => None,
        };
        if let Some(status) = status {
            st.exitcode = Some(exit_code(status));
            st.lifeline = None;
        }
    }
    Ok(st.exitcode)
}

/// After the sentinel fired: reaps the child, which the kernel may not
/// have turned into a zombie yet (its files close first).
fn reap(vm: &mut Vm, p: &Popen) -> PyResult<Option<i64>> {
    if let Some(c) = poll(vm, p)? {
        return Ok(Some(c));
    }
    let Some(mut child) = p.state.borrow_mut(vm.gil()).child.take() else {
        return Ok(None);
    };
    let (child, status) = vm.gil.allow_threads(move || {
        let s = child.wait();
        (child, s)
    });
    let mut st = p.state.borrow_mut(vm.gil());
    st.child = Some(child);
    if let Ok(status) = status {
        st.exitcode = Some(exit_code(status));
        st.lifeline = None;
    }
    Ok(st.exitcode)
}

fn code_value(c: Option<i64>) -> Value {
    c.map_or(Value::None, Value::Int)
}

/// The exit code if the child has ended, else None. A child whose sentinel
/// has fired has ended even if the kernel has not made it a zombie yet (its
/// files close first): that is waited for, so code that saw the sentinel in
/// `wait()` always finds an exit code here.
fn popen_poll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("poll", 0, 0)?;
    let p = popen_of(vm, &this)?;
    if let Some(c) = poll(vm, &p)? {
        return Ok(Value::Int(c));
    }
    let fd = p.sentinel.as_raw_fd();
    if matches!(wait_readable(&[fd], Some(Duration::ZERO)), Ok(r) if !r.is_empty()) {
        return Ok(code_value(reap(vm, &p)?));
    }
    Ok(Value::None)
}

/// `wait(timeout=None)`: the exit code, or None if still running.
fn popen_wait(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [this, timeout] = args.bind("wait", ["self", "timeout"], 1)?;
    let p = popen_of(vm, &this.unwrap_or(Value::None))?;
    if let Some(c) = poll(vm, &p)? {
        return Ok(Value::Int(c));
    }
    let timeout = super::timeout_arg(vm, timeout)?;
    let fd = p.sentinel.as_raw_fd();
    let ended = vm.block(timeout, move |slice| {
        match wait_readable(&[fd], Some(slice)) {
            Ok(r) if r.is_empty() => None,
            _ => Some(()),
        }
    })?;
    if ended.is_some() {
        return Ok(code_value(reap(vm, &p)?));
    }
    Ok(code_value(poll(vm, &p)?))
}

fn signal(vm: &mut Vm, args: Args, name: &str, sig: i32) -> PyResult<Value> {
    let (this, _) = args.method(name, 0, 0)?;
    let p = popen_of(vm, &this)?;
    if poll(vm, &p)?.is_none() {
        // The child may end between the two calls; that is not an error.
        let _ = kill(p.pid, sig);
    }
    Ok(Value::None)
}

fn popen_terminate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    signal(vm, args, "terminate", libc::SIGTERM)
}

fn popen_kill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    signal(vm, args, "kill", libc::SIGKILL)
}

fn popen_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("close", 0, 0)?;
    let p = popen_of(vm, &this)?;
    p.state.borrow_mut(vm.gil()).lifeline = None;
    Ok(Value::None)
}

fn popen_pid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("pid", 0, 0)?;
    Ok(Value::Int(i64::from(popen_of(vm, &this)?.pid)))
}

fn popen_sentinel(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("sentinel", 0, 0)?;
    Ok(Value::Int(i64::from(
        popen_of(vm, &this)?.sentinel.as_raw_fd(),
    )))
}
