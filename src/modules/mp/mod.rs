//! `_multiprocessing`: the native layer under the `multiprocessing`
//! package (whose Python half is in `src/stdlib/multiprocessing/`).
//!
//! * `spawn.rs`, `child.rs`: starting a child interpreter and running it;
//! * `connection.rs`: `Pipe()` and `wait()`;
//! * `queue.rs`, `queue_core.rs`, `broker.rs`: queues across processes;
//! * `shm.rs`, `array.rs`: shared memory and `Value`/`Array` storage;
//! * `sync.rs`, `locks.rs`: process-shared locks, events, conditions;
//! * `inherit.rs`: which descriptors a child inherits.
//!
//! Every value that crosses processes (the process object at start, pipe
//! messages, queue items, pool tasks and results) goes through
//! `crate::serial` (docs/serialization.md), serialized in the calling
//! thread, so a value that cannot be sent fails at the `start`, `send` or
//! `put` call that tried.
//!
//! Every wait here releases the GIL of the waiting process.

mod array;
mod broker;
pub mod child;
mod connection;
mod inherit;
mod locks;
mod queue;
mod queue_core;
mod shm;
pub mod spawn;
mod sync;

use super::builtins::types::Builder;
use super::{add_functions, set_attr};
use crate::objects::exception::{type_error, value_error};
use crate::objects::{Args, Class, NativeFn, Value};
use crate::serial;
use crate::vm::{PyResult, Vm};
use std::rc::Rc;
use std::time::Duration;

pub fn make(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_multiprocessing", None);
    let fns: &[(&'static str, NativeFn)] = &[
        ("_spawn", spawn::spawn),
        ("Pipe", connection::pipe),
        ("wait", connection::wait),
        ("_rebuild_connection", connection::rebuild_connection),
        ("_rebuild_queue", queue::rebuild_queue),
        ("_rebuild_semlock", locks::rebuild_semlock),
        ("_rebuild_event", locks::rebuild_event),
        ("_rebuild_cond", locks::rebuild_cond),
        ("_rebuild_array", array::rebuild_array),
        ("_bootstrapping", bootstrapping),
        ("_ignore_sigint", ignore_sigint),
        ("_pids", pids),
        ("_check_inheritance", check_inheritance),
        ("_exiting_by_interrupt", exiting_by_interrupt),
        ("dumps", dumps),
        ("loads", loads),
    ];
    add_functions(vm, &m, fns);
    let g = vm.gil();
    let mut intern = |s: &str| vm.intern(s);
    let mut b = Builder {
        gil: g,
        intern: &mut intern,
    };
    let object = vm.interp.types.object.clone();
    let classes = [
        (b.class(&spawn::POPEN, &[&object]), "_multiprocessing"),
        (
            b.class(&connection::CONNECTION, &[&object]),
            "multiprocessing.connection",
        ),
        (b.class(&queue::QUEUE, &[&object]), "multiprocessing.queues"),
        (
            b.class(&queue::SIMPLE_QUEUE, &[&object]),
            "multiprocessing.queues",
        ),
        (
            b.class(&queue::JOINABLE_QUEUE, &[&object]),
            "multiprocessing.queues",
        ),
        (b.class(&locks::SEMLOCK, &[&object]), "_multiprocessing"),
        (b.class(&locks::EVENT, &[&object]), "_multiprocessing"),
        (b.class(&locks::COND, &[&object]), "_multiprocessing"),
        (b.class(&array::ARRAY, &[&object]), "_multiprocessing"),
    ];
    for (c, module) in classes {
        vm.dict_set_str(&c.dict, vm.intern("__module__"), Value::str(module));
        set_attr(vm, &m, c.name.as_str(), Value::Class(c.clone()));
    }
    set_attr(
        vm,
        &m,
        "RECURSIVE_MUTEX",
        Value::Int(locks::RECURSIVE_MUTEX),
    );
    set_attr(vm, &m, "SEMAPHORE", Value::Int(locks::SEMAPHORE));
    Ok(m)
}

/// At exit: send what queues still hold for other processes.
pub fn flush_puts() {
    broker::flush_puts();
}

// ----- helpers shared by the files of this module

/// The `T` payload of a native object, or a TypeError naming `what`.
pub(crate) fn payload<T: Clone + 'static>(vm: &Vm, v: &Value, what: &str) -> PyResult<T> {
    if let Value::Instance(i) = v {
        if let Some(p) = i.payload::<T>() {
            return Ok(p.clone());
        }
    }
    Err(type_error(format!(
        "expected a {what}, got '{}'",
        vm.type_name(v)
    )))
}

/// `_multiprocessing`'s module object.
fn module(vm: &mut Vm) -> PyResult<Value> {
    let name = vm.intern("_multiprocessing");
    vm.import_module(&name)
}

/// One of this module's classes, by name.
pub(crate) fn class_named(vm: &mut Vm, name: &str) -> PyResult<Rc<Class>> {
    let m = module(vm)?;
    let n = vm.intern(name);
    match vm.getattr(&m, &n)? {
        Value::Class(c) => Ok(c),
        _ => Err(type_error(format!(
            "_multiprocessing.{name} is not a class"
        ))),
    }
}

/// One of this module's functions (for `__reduce__`).
pub(crate) fn module_function(vm: &mut Vm, name: &str) -> PyResult<Value> {
    let m = module(vm)?;
    let n = vm.intern(name);
    vm.getattr(&m, &n)
}

/// A timeout argument: None (or absent) waits forever; negative is 0.
pub(crate) fn timeout_arg(vm: &mut Vm, t: Option<Value>) -> PyResult<Option<Duration>> {
    match t {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let secs = vm.arg_f64(&v)?;
            if secs.is_nan() {
                return Err(value_error("Invalid value NaN (not a number)"));
            }
            Ok(Some(
                Duration::try_from_secs_f64(secs.max(0.0)).unwrap_or(Duration::MAX),
            ))
        }
    }
}

/// `(rebuild_fn, (fd, arena_len, offset, len, *extra))` for an object
/// whose state is a shared-memory block.
pub(crate) fn reduce_block(
    vm: &mut Vm,
    rebuild: &str,
    block: &shm::Block,
    what: &str,
    extra: &[i64],
) -> PyResult<Value> {
    let (fd, arena_len, offset, len) = block.describe(what)?;
    let mut args = vec![
        Value::Int(i64::from(fd)),
        Value::Int(arena_len as i64),
        Value::Int(offset as i64),
        Value::Int(len as i64),
    ];
    args.extend(extra.iter().map(|&x| Value::Int(x)));
    let f = module_function(vm, rebuild)?;
    Ok(Value::tuple(vec![f, Value::tuple(args)]))
}

/// The block and the `extra` ints of a `reduce_block` tuple.
pub(crate) fn rebuild_args(
    vm: &mut Vm,
    args: Args,
    extra: usize,
) -> PyResult<(shm::Block, Vec<i64>)> {
    let a = args.positional("_rebuild", 4 + extra, 4 + extra)?;
    let mut n = Vec::with_capacity(a.len());
    for v in &a {
        n.push(vm.arg_i64(v)?);
    }
    let usize_of = |x: i64| usize::try_from(x).map_err(|_| value_error("bad shared memory block"));
    let block = shm::Block::rebuild(
        n[0] as i32,
        usize_of(n[1])?,
        usize_of(n[2])?,
        usize_of(n[3])?,
    )?;
    Ok((block, n[4..].to_vec()))
}

/// `sys.argv` as strings.
pub(crate) fn sys_argv(vm: &mut Vm) -> PyResult<Vec<String>> {
    let sys = vm.intern("sys");
    let sys = vm.import_module(&sys)?;
    let name = vm.intern("argv");
    let argv = vm.getattr(&sys, &name)?;
    let mut out = Vec::new();
    for a in vm.collect(&argv)? {
        out.push(vm.str(&a)?);
    }
    Ok(out)
}

fn bootstrapping(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(
        child::BOOTSTRAPPING.load(std::sync::atomic::Ordering::SeqCst),
    ))
}

/// Pool workers leave Ctrl-C to their parent, which stops them.
fn ignore_sigint(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    crate::signals::ignore_sigint();
    Ok(Value::None)
}

/// `_check_inheritance(what)`: raises unless a child is being spawned.
fn check_inheritance(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("_check_inheritance", 1, 1)?;
    let what = vm.str(&a[0])?;
    inherit::check_spawning(&what)?;
    Ok(Value::None)
}

/// Set when the main program ends by an uncaught KeyboardInterrupt: the
/// exit handler then stops children instead of waiting for them.
pub static EXITING_BY_INTERRUPT: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

fn exiting_by_interrupt(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(
        EXITING_BY_INTERRUPT.load(std::sync::atomic::Ordering::SeqCst),
    ))
}

/// `(pid, ppid)`.
fn pids(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    let (pid, ppid) = crate::unsafety::ipc::pids();
    Ok(Value::tuple(vec![
        Value::Int(i64::from(pid)),
        Value::Int(i64::from(ppid)),
    ]))
}

fn dumps(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("dumps", 1, 1)?;
    let data = serial::dumps(vm, &a[0])?;
    Ok(Value::Bytes(crate::objects::BytesObj::new(data)))
}

fn loads(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("loads", 1, 1)?;
    match &a[0] {
        Value::Bytes(b) => {
            let data = b.data.to_vec();
            serial::loads(vm, &data)
        }
        other => Err(type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(other)
        ))),
    }
}
