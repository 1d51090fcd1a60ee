//! `multiprocessing.Pipe()` and its `Connection` objects: the two ends of
//! a Unix socket pair, carrying messages framed as `[len u32][bytes]`
//! (`[u32::MAX][len u64][bytes]` beyond 4 GiB). `send`/`recv` serialize
//! objects; `send_bytes`/`recv_bytes` carry raw bytes.
//!
//! Reads wait with the GIL released, in slices (`Vm::block`), so Ctrl-C
//! interrupts a blocked `recv()`; once a message has begun to arrive, the
//! rest is read in one go. A connection reaches a child only by
//! inheritance: as (part of) a `Process` argument.

use super::{inherit, payload, timeout_arg};
use crate::gil::GilCell;
use crate::modules::builtins::types::Spec;
use crate::objects::exception::{os_error, PyErr};
use crate::objects::{Args, BytesObj, ExcKind, Instance, Value};
use crate::serial;
use crate::unsafety::ipc::wait_readable;
use crate::vm::{PyResult, Vm};
use parking_lot::Mutex;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

/// The socket and what has been read from it but not yet consumed.
pub struct Io {
    sock: UnixStream,
    rbuf: Mutex<Vec<u8>>,
    wlock: Mutex<()>,
}

pub struct Conn {
    io: GilCell<Option<Arc<Io>>>,
    readable: bool,
    writable: bool,
}

/// How a read ended.
enum Got {
    Message(Vec<u8>),
    Eof,
    Failed(std::io::Error),
    TooLong,
}

impl Io {
    fn new(sock: UnixStream) -> Arc<Io> {
        Arc::new(Io {
            sock,
            rbuf: Mutex::new(Vec::new()),
            wlock: Mutex::new(()),
        })
    }

    fn fd(&self) -> RawFd {
        self.sock.as_raw_fd()
    }

    fn write_message(&self, data: &[u8]) -> std::io::Result<()> {
        let mut frame = Vec::with_capacity(12 + data.len());
        match u32::try_from(data.len()) {
            Ok(n) if n != u32::MAX => frame.extend_from_slice(&n.to_le_bytes()),
            _ => {
                frame.extend_from_slice(&u32::MAX.to_le_bytes());
                frame.extend_from_slice(&(data.len() as u64).to_le_bytes());
            }
        }
        frame.extend_from_slice(data);
        let _one_writer = self.wlock.lock();
        (&self.sock).write_all(&frame)
    }

    /// A whole message at the front of `buf`, if there is one: (header
    /// length, body length).
    fn framed(buf: &[u8]) -> Option<(usize, usize)> {
        let n = u32::from_le_bytes(buf.get(..4)?.try_into().ok()?);
        if n != u32::MAX {
            return Some((4, n as usize));
        }
        let n = u64::from_le_bytes(buf.get(4..12)?.try_into().ok()?);
        Some((12, usize::try_from(n).unwrap_or(usize::MAX)))
    }

    /// Reads until one message is complete, waiting at most `slice` for it
    /// to start; None if nothing came.
    fn read_message(&self, slice: Duration, maxlen: usize) -> Option<Got> {
        let mut buf = self.rbuf.lock();
        loop {
            if let Some((head, len)) = Io::framed(&buf) {
                if len > maxlen {
                    return Some(Got::TooLong);
                }
                if buf.len() >= head + len {
                    let msg = buf[head..head + len].to_vec();
                    buf.drain(..head + len);
                    return Some(Got::Message(msg));
                }
            }
            // Wait for the first bytes for at most `slice`; the rest of a
            // message that has begun is waited for without a limit.
            if buf.is_empty() {
                match wait_readable(&[self.fd()], Some(slice)) {
                    Ok(r) if r.is_empty() => return None,
                    Ok(_) => {}
                    Err(e) => return Some(Got::Failed(e)),
                }
            }
            // Read straight into the buffer: a small read while the length
            // is unknown (most messages fit), else what the message lacks
            // (capped, so a huge length cannot allocate up front).
            let want = match Io::framed(&buf) {
                Some((head, len)) => (head + len - buf.len()).clamp(4096, 1 << 20),
                None => 4096,
            };
            let old = buf.len();
            buf.resize(old + want, 0);
            let r = (&self.sock).read(&mut buf[old..]);
            buf.truncate(old + *r.as_ref().unwrap_or(&0));
            match r {
                Ok(0) => return Some(Got::Eof),
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Some(Got::Failed(e)),
            }
        }
    }
}

pub const CONNECTION: Spec = Spec {
    new: None,
    methods: &[
        ("send", conn_send),
        ("recv", conn_recv),
        ("send_bytes", conn_send_bytes),
        ("recv_bytes", conn_recv_bytes),
        ("poll", conn_poll),
        ("close", conn_close),
        ("fileno", conn_fileno),
        ("__enter__", conn_enter),
        ("__exit__", conn_exit),
        ("__reduce__", conn_reduce),
        ("__repr__", conn_repr),
    ],
    getters: &[
        ("closed", conn_closed),
        ("readable", conn_readable),
        ("writable", conn_writable),
    ],
    ..Spec::new("Connection")
};

fn new_conn(vm: &mut Vm, sock: UnixStream, readable: bool, writable: bool) -> PyResult<Value> {
    let cls = super::class_named(vm, "Connection")?;
    let conn = Conn {
        io: GilCell::new(Some(Io::new(sock))),
        readable,
        writable,
    };
    Ok(Value::Instance(Instance::with_payload(
        cls,
        Box::new(Rc::new(conn)),
    )))
}

fn io_error(e: std::io::Error) -> PyErr {
    os_error(ExcKind::OSError, &e, None)
}

/// `Pipe(duplex=True)` -> `(conn1, conn2)`.
pub fn pipe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [duplex] = args.bind("Pipe", ["duplex"], 0)?;
    let duplex = match duplex {
        Some(d) => vm.truthy(&d)?,
        None => true,
    };
    let (a, b) = UnixStream::pair().map_err(io_error)?;
    let first = new_conn(vm, a, true, duplex)?;
    let second = new_conn(vm, b, duplex, true)?;
    Ok(Value::tuple(vec![first, second]))
}

/// `_rebuild_connection(fd, readable, writable)` in a child.
pub fn rebuild_connection(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("_rebuild_connection", 3, 3)?;
    let fd = vm.arg_i64(&a[0])? as RawFd;
    let readable = vm.truthy(&a[1])?;
    let writable = vm.truthy(&a[2])?;
    let owned = inherit::adopt(fd)?;
    new_conn(vm, UnixStream::from(owned), readable, writable)
}

fn conn_of(vm: &Vm, v: &Value) -> PyResult<Rc<Conn>> {
    payload::<Rc<Conn>>(vm, v, "Connection")
}

/// The open socket of a connection, or CPython's error for a closed one.
fn io_of(vm: &Vm, conn: &Conn) -> PyResult<Arc<Io>> {
    conn.io
        .borrow(vm.gil())
        .clone()
        .ok_or_else(|| PyErr::new(ExcKind::OSError, "handle is closed"))
}

fn writable_io(vm: &Vm, this: &Value) -> PyResult<Arc<Io>> {
    let conn = conn_of(vm, this)?;
    let io = io_of(vm, &conn)?;
    if !conn.writable {
        return Err(PyErr::new(ExcKind::OSError, "connection is read-only"));
    }
    Ok(io)
}

fn readable_io(vm: &Vm, this: &Value) -> PyResult<Arc<Io>> {
    let conn = conn_of(vm, this)?;
    let io = io_of(vm, &conn)?;
    if !conn.readable {
        return Err(PyErr::new(ExcKind::OSError, "connection is write-only"));
    }
    Ok(io)
}

fn send_raw(vm: &mut Vm, io: Arc<Io>, data: Vec<u8>) -> PyResult<()> {
    vm.gil
        .allow_threads(move || io.write_message(&data))
        .map_err(io_error)
}

/// Waits for the next message (None: no limit on its length).
fn recv_raw(vm: &mut Vm, io: Arc<Io>, maxlen: Option<usize>) -> PyResult<Vec<u8>> {
    let maxlen = maxlen.unwrap_or(usize::MAX);
    let got = vm.block(None, move |slice| io.read_message(slice, maxlen))?;
    match got {
        Some(Got::Message(m)) => Ok(m),
        Some(Got::Eof) | None => Err(PyErr::with_args(ExcKind::EOFError, vec![])),
        Some(Got::Failed(e)) => Err(io_error(e)),
        Some(Got::TooLong) => Err(PyErr::new(ExcKind::OSError, "bad message length")),
    }
}

fn conn_send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = args.method("send", 1, 1)?;
    let io = writable_io(vm, &this)?;
    let data = serial::dumps(vm, &rest[0])?;
    send_raw(vm, io, data)?;
    Ok(Value::None)
}

fn conn_recv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("recv", 0, 0)?;
    let io = readable_io(vm, &this)?;
    let data = recv_raw(vm, io, None)?;
    serial::loads(vm, &data)
}

/// `send_bytes(buf, offset=0, size=None)`.
fn conn_send_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [this, buf, offset, size] =
        args.bind("send_bytes", ["self", "buf", "offset", "size"], 2)?;
    let io = writable_io(vm, &this.unwrap_or(Value::None))?;
    let data = match buf.unwrap_or(Value::None) {
        Value::Bytes(b) => b.data.to_vec(),
        other => {
            return Err(crate::objects::exception::type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name(&other)
            )))
        }
    };
    let n = data.len() as i64;
    let offset = match offset {
        Some(o) => vm.arg_i64(&o)?,
        None => 0,
    };
    if !(0..=n).contains(&offset) {
        return Err(crate::objects::exception::value_error(
            "offset is negative or too large",
        ));
    }
    let size = match size {
        Some(Value::None) | None => n - offset,
        Some(s) => vm.arg_i64(&s)?,
    };
    if size < 0 {
        return Err(crate::objects::exception::value_error("size is negative"));
    }
    if offset + size > n {
        return Err(crate::objects::exception::value_error(
            "buffer length < offset + size",
        ));
    }
    let part = data[offset as usize..(offset + size) as usize].to_vec();
    send_raw(vm, io, part)?;
    Ok(Value::None)
}

/// `recv_bytes(maxlength=None)`.
fn conn_recv_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [this, maxlength] = args.bind("recv_bytes", ["self", "maxlength"], 1)?;
    let io = readable_io(vm, &this.unwrap_or(Value::None))?;
    let maxlen = match maxlength {
        Some(Value::None) | None => None,
        Some(m) => {
            let m = vm.arg_i64(&m)?;
            if m < 0 {
                return Err(crate::objects::exception::value_error("negative maxlength"));
            }
            Some(m as usize)
        }
    };
    let data = recv_raw(vm, io, maxlen)?;
    Ok(Value::Bytes(BytesObj::new(data)))
}

/// `poll(timeout=0.0)`: is there something to read (or has the other end
/// closed)? `None` waits forever.
fn conn_poll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [this, timeout] = args.bind("poll", ["self", "timeout"], 1)?;
    let io = readable_io(vm, &this.unwrap_or(Value::None))?;
    let timeout = match timeout {
        None => Some(Duration::ZERO),
        Some(t) => timeout_arg(vm, Some(t))?,
    };
    if !io.rbuf.lock().is_empty() {
        return Ok(Value::Bool(true));
    }
    let fd = io.fd();
    let ready = if timeout == Some(Duration::ZERO) {
        !wait_readable(&[fd], Some(Duration::ZERO))
            .map_err(io_error)?
            .is_empty()
    } else {
        let r = vm.block(timeout, move |slice| {
            match wait_readable(&[fd], Some(slice)) {
                Ok(r) if r.is_empty() => None,
                _ => Some(()),
            }
        })?;
        r.is_some()
    };
    Ok(Value::Bool(ready))
}

fn conn_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("close", 0, 0)?;
    let conn = conn_of(vm, &this)?;
    let old = conn.io.replace(vm.gil(), None);
    drop(old);
    Ok(Value::None)
}

fn conn_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("fileno", 0, 0)?;
    let conn = conn_of(vm, &this)?;
    Ok(Value::Int(i64::from(io_of(vm, &conn)?.fd())))
}

fn conn_enter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__enter__", 0, 0)?;
    Ok(this)
}

fn conn_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let conn = conn_of(vm, &this)?;
    let old = conn.io.replace(vm.gil(), None);
    drop(old);
    Ok(Value::None)
}

fn conn_closed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("closed", 0, 0)?;
    let conn = conn_of(vm, &this)?;
    let closed = conn.io.borrow(vm.gil()).is_none();
    Ok(Value::Bool(closed))
}

fn conn_readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("readable", 0, 0)?;
    Ok(Value::Bool(conn_of(vm, &this)?.readable))
}

fn conn_writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("writable", 0, 0)?;
    Ok(Value::Bool(conn_of(vm, &this)?.writable))
}

fn conn_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__reduce__", 0, 0)?;
    let conn = conn_of(vm, &this)?;
    let io = io_of(vm, &conn)?;
    inherit::pass_fd(io.fd(), "Connection")?;
    let f = super::module_function(vm, "_rebuild_connection")?;
    Ok(Value::tuple(vec![
        f,
        Value::tuple(vec![
            Value::Int(i64::from(io.fd())),
            Value::Bool(conn.readable),
            Value::Bool(conn.writable),
        ]),
    ]))
}

fn conn_repr(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__repr__", 0, 0)?;
    Ok(Value::str(format!(
        "<multiprocessing.connection.Connection object at {}>",
        crate::vm::repr::addr(&this)
    )))
}

/// `wait(object_list, timeout=None)`: the connections (or descriptor
/// numbers, like `Process.sentinel`) that are ready to read.
pub fn wait(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [objects, timeout] = args.bind("wait", ["object_list", "timeout"], 1)?;
    let objects = vm.collect(&objects.unwrap_or(Value::None))?;
    let timeout = timeout_arg(vm, timeout)?;
    let mut fds = Vec::with_capacity(objects.len());
    let mut ready = Vec::new();
    for obj in &objects {
        let fd = match obj {
            Value::Int(n) => *n as RawFd,
            Value::Instance(i) if i.payload::<Rc<Conn>>().is_some() => {
                let conn = conn_of(vm, obj)?;
                let io = io_of(vm, &conn)?;
                if !io.rbuf.lock().is_empty() {
                    ready.push(obj.clone());
                }
                io.fd()
            }
            other => {
                let name = vm.intern("fileno");
                let f = vm.getattr(other, &name)?;
                let n = vm.call0(&f)?;
                vm.arg_i64(&n)? as RawFd
            }
        };
        fds.push(fd);
    }
    if !ready.is_empty() {
        return Ok(Value::list(ready));
    }
    let found = if timeout == Some(Duration::ZERO) {
        wait_readable(&fds, Some(Duration::ZERO)).map_err(io_error)?
    } else {
        let f = fds.clone();
        vm.block(timeout, move |slice| match wait_readable(&f, Some(slice)) {
            Ok(r) if r.is_empty() => None,
            Ok(r) => Some(r),
            Err(_) => Some(Vec::new()),
        })?
        .unwrap_or_default()
    };
    Ok(Value::list(
        found.into_iter().map(|i| objects[i].clone()).collect(),
    ))
}
