//! `multiprocessing.Queue`, `SimpleQueue` and `JoinableQueue`.
//!
//! An item is serialized by `put`, in the caller's thread, so a value that
//! cannot be sent raises `TypeError` right there (CPython reports it later
//! from a feeder thread, and the `put` looks as if it worked). In the
//! queue's home process the bytes go straight into its `QueueCore`; in any
//! other process they travel through the broker (`broker.rs`).

use super::broker::{self, GET, JOIN, OK, PUT, PUT_NOREPLY, QSIZE, TASK_DONE, TIMEOUT};
use super::queue_core::QueueCore;
use super::{payload, timeout_arg};
use crate::gil::GilCell;
use crate::modules::builtins::types::Spec;
use crate::objects::exception::{os_error, value_error, PyErr};
use crate::objects::{Args, Class, ExcKind, Instance, Value};
use crate::serial;
use crate::vm::{PyResult, Vm};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Queue,
    Simple,
    Joinable,
}

impl Kind {
    fn class_name(self) -> &'static str {
        match self {
            Kind::Queue => "Queue",
            Kind::Simple => "SimpleQueue",
            Kind::Joinable => "JoinableQueue",
        }
    }

    fn code(self) -> i64 {
        self as i64
    }

    fn from_code(c: i64) -> Kind {
        match c {
            1 => Kind::Simple,
            2 => Kind::Joinable,
            _ => Kind::Queue,
        }
    }
}

pub struct QueueObj {
    home: String,
    id: u64,
    maxsize: usize,
    kind: Kind,
    /// The storage, when this process is the queue's home.
    local: Option<Arc<QueueCore>>,
    closed: GilCell<bool>,
}

fn io_err(e: std::io::Error) -> PyErr {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused
        | std::io::ErrorKind::NotFound
        | std::io::ErrorKind::UnexpectedEof
        | std::io::ErrorKind::BrokenPipe
        | std::io::ErrorKind::ConnectionReset => PyErr::new(
            ExcKind::OSError,
            "the process that created this queue has exited",
        ),
        _ => os_error(ExcKind::OSError, &e, None),
    }
}

const COMMON: &[(&str, crate::objects::NativeFn)] = &[
    ("put", q_put),
    ("put_nowait", q_put_nowait),
    ("get", q_get),
    ("get_nowait", q_get_nowait),
    ("qsize", q_qsize),
    ("empty", q_empty),
    ("full", q_full),
    ("close", q_close),
    ("join_thread", q_noop),
    ("cancel_join_thread", q_noop),
    ("__reduce__", q_reduce),
    ("__repr__", q_repr),
];

pub const QUEUE: Spec = Spec {
    new: Some(queue_new),
    methods: COMMON,
    ..Spec::new("Queue")
};

pub const SIMPLE_QUEUE: Spec = Spec {
    new: Some(simple_new),
    methods: &[
        ("put", q_put_simple),
        ("get", q_get_simple),
        ("empty", q_empty),
        ("close", q_close),
        ("__reduce__", q_reduce),
        ("__repr__", q_repr),
    ],
    ..Spec::new("SimpleQueue")
};

pub const JOINABLE_QUEUE: Spec = Spec {
    new: Some(joinable_new),
    methods: &[
        ("put", q_put),
        ("put_nowait", q_put_nowait),
        ("get", q_get),
        ("get_nowait", q_get_nowait),
        ("qsize", q_qsize),
        ("empty", q_empty),
        ("full", q_full),
        ("close", q_close),
        ("join_thread", q_noop),
        ("cancel_join_thread", q_noop),
        ("task_done", q_task_done),
        ("join", q_join),
        ("__reduce__", q_reduce),
        ("__repr__", q_repr),
    ],
    ..Spec::new("JoinableQueue")
};

fn make(vm: &mut Vm, cls: &Rc<Class>, args: Args, kind: Kind) -> PyResult<Value> {
    let maxsize = if kind == Kind::Simple {
        args.positional("SimpleQueue", 0, 0)?;
        0
    } else {
        let [maxsize] = args.bind(kind.class_name(), ["maxsize"], 0)?;
        match maxsize {
            Some(m) => vm.arg_i64(&m)?.max(0) as usize,
            None => 0,
        }
    };
    let home = broker::home().map_err(|e| PyErr::new(ExcKind::OSError, e))?;
    let core = Arc::new(QueueCore::new(maxsize));
    let id = home.add(core.clone());
    let q = QueueObj {
        home: home.name.clone(),
        id,
        maxsize,
        kind,
        local: Some(core),
        closed: GilCell::new(false),
    };
    Ok(Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(Rc::new(q)),
    )))
}

fn queue_new(vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    make(vm, cls, args, Kind::Queue)
}

fn simple_new(vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    make(vm, cls, args, Kind::Simple)
}

fn joinable_new(vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    make(vm, cls, args, Kind::Joinable)
}

/// `_rebuild_queue(home, id, maxsize, kind)`: a queue received from another
/// process (or back in its home).
pub fn rebuild_queue(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("_rebuild_queue", 4, 4)?;
    let home = vm.arg_str(&a[0], "home")?.as_str().to_string();
    let id = vm.arg_i64(&a[1])? as u64;
    let maxsize = vm.arg_i64(&a[2])?.max(0) as usize;
    let kind = Kind::from_code(vm.arg_i64(&a[3])?);
    let local = match broker::home_name() {
        Some(mine) if mine == home => broker::home().ok().and_then(|h| h.get(id)),
        _ => None,
    };
    let q = QueueObj {
        home,
        id,
        maxsize,
        kind,
        local,
        closed: GilCell::new(false),
    };
    let cls = super::class_named(vm, kind.class_name())?;
    Ok(Value::Instance(Instance::with_payload(
        cls,
        Box::new(Rc::new(q)),
    )))
}

fn queue_of(vm: &Vm, v: &Value) -> PyResult<Rc<QueueObj>> {
    payload::<Rc<QueueObj>>(vm, v, "Queue")
}

fn check_open(vm: &mut Vm, this: &Value, q: &QueueObj) -> PyResult<()> {
    if *q.closed.borrow(vm.gil()) {
        let r = vm.repr(this)?;
        return Err(value_error(format!("Queue {r} is closed")));
    }
    Ok(())
}

/// `queue.Empty` or `queue.Full`.
fn queue_exc(vm: &mut Vm, name: &str) -> PyErr {
    let m = vm.intern("queue");
    let cls = vm.import_module(&m).and_then(|m| {
        let n = vm.intern(name);
        vm.getattr(&m, &n)
    });
    match cls {
        Ok(c) => match vm.call(&c, Args::new([])) {
            Ok(e) => PyErr::from_value(e),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// A timeout for the broker: -1 forever, else microseconds.
fn micros(t: Option<Duration>) -> i64 {
    t.map_or(-1, |d| d.as_micros().min(i64::MAX as u128) as i64)
}

/// Sends a request to the queue's home and waits for the reply.
fn remote(
    vm: &mut Vm,
    q: &QueueObj,
    op: u8,
    timeout: Option<Duration>,
    item: &[u8],
) -> PyResult<(u8, Vec<u8>)> {
    let frame = broker::request(op, q.id, micros(timeout), item).map_err(io_err)?;
    if op == PUT_NOREPLY {
        let full = broker::put_batched(&q.home, &frame).map_err(io_err)?;
        if full {
            let home = q.home.clone();
            vm.gil
                .allow_threads(move || broker::flush_home(&home))
                .map_err(io_err)?;
        }
        return Ok((OK, Vec::new()));
    }
    // What this process put before must reach the home first.
    let home = q.home.clone();
    vm.gil
        .allow_threads(move || broker::flush_home(&home))
        .map_err(io_err)?;
    let client = broker::client(&q.home).map_err(io_err)?;
    let c = client.clone();
    vm.gil.allow_threads(|| c.send(&frame)).map_err(|e| {
        broker::drop_client(&q.home);
        io_err(e)
    })?;
    let r = vm.block(None, move |slice| match client.reply(slice) {
        Ok(None) => None,
        other => Some(other),
    });
    match r {
        Ok(Some(Ok(Some(reply)))) => Ok(reply),
        Ok(Some(Err(e))) => {
            broker::drop_client(&q.home);
            Err(io_err(e))
        }
        Ok(_) => Err(PyErr::new(
            ExcKind::OSError,
            "no reply from the queue's process",
        )),
        Err(e) => {
            // Interrupted while waiting: this connection's next reply would
            // be the stale one, so start afresh next time.
            broker::drop_client(&q.home);
            Err(e)
        }
    }
}

fn put(vm: &mut Vm, this: &Value, obj: &Value, timeout: Option<Duration>) -> PyResult<Value> {
    let q = queue_of(vm, this)?;
    check_open(vm, this, &q)?;
    let data = serial::dumps(vm, obj)?;
    let ok = match &q.local {
        Some(core) => match core.put(data, Instant::now()) {
            Ok(()) => true,
            Err(_) if timeout == Some(Duration::ZERO) => false,
            Err(data) => {
                let core = core.clone();
                let slot = parking_lot::Mutex::new(Some(data));
                let put = move |slice: Duration| {
                    let mut s = slot.lock();
                    let item = s.take()?;
                    match core.put(item, Instant::now() + slice) {
                        Ok(()) => Some(()),
                        Err(item) => {
                            *s = Some(item);
                            None
                        }
                    }
                };
                vm.block(timeout, put)?.is_some()
            }
        },
        None if q.maxsize == 0 => remote(vm, &q, PUT_NOREPLY, None, &data)?.0 == OK,
        None => remote(vm, &q, PUT, timeout, &data)?.0 == OK,
    };
    if !ok {
        return Err(queue_exc(vm, "Full"));
    }
    Ok(Value::None)
}

fn get(vm: &mut Vm, this: &Value, timeout: Option<Duration>) -> PyResult<Value> {
    let q = queue_of(vm, this)?;
    check_open(vm, this, &q)?;
    let data = match &q.local {
        Some(core) => {
            let now = core.get(Instant::now());
            match now {
                Some(d) => Some(d),
                None if timeout == Some(Duration::ZERO) => None,
                None => {
                    let core = core.clone();
                    vm.block(timeout, move |slice| core.get(Instant::now() + slice))?
                }
            }
        }
        None => match remote(vm, &q, GET, timeout, &[])? {
            (OK, item) => Some(item),
            (TIMEOUT, _) => None,
            _ => return Err(PyErr::new(ExcKind::OSError, "the queue is gone")),
        },
    };
    match data {
        Some(d) => serial::loads(vm, &d),
        None => Err(queue_exc(vm, "Empty")),
    }
}

/// `(self, obj, block=True, timeout=None)` as a timeout (Some(0): no wait).
fn put_args(vm: &mut Vm, args: Args) -> PyResult<(Value, Value, Option<Duration>)> {
    let [this, obj, block, timeout] = args.bind("put", ["self", "obj", "block", "timeout"], 2)?;
    let t = block_timeout(vm, block, timeout)?;
    Ok((this.unwrap_or(Value::None), obj.unwrap_or(Value::None), t))
}

fn block_timeout(
    vm: &mut Vm,
    block: Option<Value>,
    timeout: Option<Value>,
) -> PyResult<Option<Duration>> {
    let blocking = match block {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    if !blocking {
        return Ok(Some(Duration::ZERO));
    }
    timeout_arg(vm, timeout)
}

fn q_put(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, obj, t) = put_args(vm, args)?;
    put(vm, &this, &obj, t)
}

fn q_put_nowait(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = args.method("put_nowait", 1, 1)?;
    put(vm, &this, &rest[0], Some(Duration::ZERO))
}

fn q_put_simple(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = args.method("put", 1, 1)?;
    put(vm, &this, &rest[0], None)
}

fn q_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [this, block, timeout] = args.bind("get", ["self", "block", "timeout"], 1)?;
    let t = block_timeout(vm, block, timeout)?;
    get(vm, &this.unwrap_or(Value::None), t)
}

fn q_get_nowait(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("get_nowait", 0, 0)?;
    get(vm, &this, Some(Duration::ZERO))
}

fn q_get_simple(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("get", 0, 0)?;
    get(vm, &this, None)
}

fn qsize(vm: &mut Vm, this: &Value) -> PyResult<usize> {
    let q = queue_of(vm, this)?;
    match &q.local {
        Some(core) => Ok(core.len()),
        None => {
            let (_, data) = remote(vm, &q, QSIZE, None, &[])?;
            let n: [u8; 8] = data.as_slice().try_into().unwrap_or_default();
            Ok(u64::from_le_bytes(n) as usize)
        }
    }
}

fn q_qsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("qsize", 0, 0)?;
    Ok(Value::Int(qsize(vm, &this)? as i64))
}

fn q_empty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("empty", 0, 0)?;
    Ok(Value::Bool(qsize(vm, &this)? == 0))
}

fn q_full(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("full", 0, 0)?;
    let q = queue_of(vm, &this)?;
    Ok(Value::Bool(q.maxsize > 0 && qsize(vm, &this)? >= q.maxsize))
}

fn q_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("close", 0, 0)?;
    let q = queue_of(vm, &this)?;
    *q.closed.borrow_mut(vm.gil()) = true;
    Ok(Value::None)
}

fn q_noop(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn q_task_done(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("task_done", 0, 0)?;
    let q = queue_of(vm, &this)?;
    let ok = match &q.local {
        Some(core) => core.task_done(),
        None => remote(vm, &q, TASK_DONE, None, &[])?.0 == OK,
    };
    if !ok {
        return Err(value_error("task_done() called too many times"));
    }
    Ok(Value::None)
}

fn q_join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("join", 0, 0)?;
    let q = queue_of(vm, &this)?;
    match &q.local {
        Some(core) => {
            let core = core.clone();
            vm.block(None, move |slice| {
                core.join(Instant::now() + slice).then_some(())
            })?;
        }
        None => {
            remote(vm, &q, JOIN, None, &[])?;
        }
    }
    Ok(Value::None)
}

fn q_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__reduce__", 0, 0)?;
    let q = queue_of(vm, &this)?;
    let f = super::module_function(vm, "_rebuild_queue")?;
    Ok(Value::tuple(vec![
        f,
        Value::tuple(vec![
            Value::str(q.home.as_str()),
            Value::Int(q.id as i64),
            Value::Int(q.maxsize as i64),
            Value::Int(q.kind.code()),
        ]),
    ]))
}

fn q_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__repr__", 0, 0)?;
    let q = queue_of(vm, &this)?;
    Ok(Value::str(format!(
        "<multiprocessing.queues.{} object at {}>",
        q.kind.class_name(),
        crate::vm::repr::addr(&this)
    )))
}
