//! `print`, `input`, `open` and file objects (including `sys.stdout`).
//!
//! Every blocking read or write runs with the GIL released: the OS handle is
//! moved out of the file object, the GIL is dropped for the system call,
//! and the handle is put back afterwards.

use super::types::Spec;
use crate::gil::GilCell;
use crate::objects::exception::{os_error, type_error, value_error, PyErr};
use crate::objects::{Args, BytesObj, ExcKind, Instance, Value};
use crate::stdio;
use crate::vm::{PyResult, Vm};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::rc::Rc;

pub const FILE: Spec = Spec {
    methods: &[
        ("read", read),
        ("readline", readline),
        ("readlines", readlines),
        ("write", write),
        ("writelines", writelines),
        ("flush", flush),
        ("close", close),
        ("seek", seek),
        ("tell", tell),
        ("fileno", fileno),
        ("isatty", isatty),
        ("readable", readable),
        ("writable", writable),
        ("__enter__", enter),
        ("__exit__", exit),
        ("__iter__", enter),
        ("__next__", next_line),
        ("__repr__", file_repr),
    ],
    getters: &[("closed", closed), ("name", name), ("mode", mode)],
    ..Spec::new("TextIOWrapper")
};

/// The OS side of a file object.
pub enum Handle {
    Stdin,
    Stdout,
    Stderr,
    Reader(BufReader<File>),
    Writer(BufWriter<File>),
    Both(File),
    /// Moved out while a thread performs I/O without the GIL.
    Busy,
    Closed,
}

pub struct FileState {
    pub name: String,
    pub mode: String,
    pub binary: bool,
    pub handle: Handle,
}

pub type FileObj = GilCell<FileState>;

/// A file object wrapping `handle`.
pub fn new_file(vm: &Vm, handle: Handle, name: &str, mode: &str, binary: bool) -> Value {
    let cls = vm.interp.types.file.clone();
    Value::Instance(Instance::with_payload(
        cls,
        Box::new(GilCell::new(FileState {
            name: name.to_string(),
            mode: mode.to_string(),
            binary,
            handle,
        })),
    ))
}

fn file_of(vm: &Vm, v: &Value) -> PyResult<Rc<Instance>> {
    match v {
        Value::Instance(i) if i.payload::<FileObj>().is_some() => Ok(i.clone()),
        other => Err(type_error(format!(
            "expected a file object, got '{}'",
            vm.type_name(other)
        ))),
    }
}

fn state(i: &Instance) -> &FileObj {
    i.payload::<FileObj>().expect("checked by file_of")
}

// ----- print and input

/// `print(*objects, sep=' ', end='\n', file=None, flush=False)`
pub fn print(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let sep = take_str_opt(vm, &mut args, "sep")?.unwrap_or_else(|| " ".into());
    let end = take_str_opt(vm, &mut args, "end")?.unwrap_or_else(|| "\n".into());
    let file = args.take_kw("file").filter(|f| !f.is_none());
    let flush_now = match args.take_kw("flush") {
        Some(f) => vm.truthy(&f)?,
        None => false,
    };
    if let Some((k, _)) = args.kw.first() {
        return Err(type_error(format!(
            "'{}' is an invalid keyword argument for print()",
            k.as_str()
        )));
    }
    let mut text = String::new();
    for (i, v) in args.pos.iter().enumerate() {
        if i > 0 {
            text.push_str(&sep);
        }
        text.push_str(&vm.str(v)?);
    }
    text.push_str(&end);
    let file = match file {
        Some(f) => f,
        None => sys_stream(vm, "stdout")?,
    };
    write_text(vm, &file, text, flush_now)?;
    Ok(Value::None)
}

fn take_str_opt(vm: &Vm, args: &mut Args, name: &str) -> PyResult<Option<String>> {
    match args.take_kw(name) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.as_str().to_string())),
        Some(other) => Err(type_error(format!(
            "{name} must be None or a string, not {}",
            vm.type_name(&other)
        ))),
    }
}

/// `sys.stdout` / `sys.stderr` as the program currently has them.
fn sys_stream(vm: &mut Vm, which: &str) -> PyResult<Value> {
    let sys = vm.intern("sys");
    let modules = vm.interp.modules.clone();
    if let Some(m) = vm.dict_get_str(&modules, &sys)? {
        let name = vm.intern(which);
        if let Some(v) = vm.getattr_opt(&m, &name)? {
            return Ok(v);
        }
    }
    Ok(new_file(
        vm,
        if which == "stderr" {
            Handle::Stderr
        } else {
            Handle::Stdout
        },
        which,
        "w",
        false,
    ))
}

/// Writes a whole text to a file object: one piece, so concurrent prints
/// never interleave inside a line.
fn write_text(vm: &mut Vm, file: &Value, text: String, flush_now: bool) -> PyResult<()> {
    if let Value::Instance(i) = file {
        if let Some(st) = i.payload::<FileObj>() {
            let kind = match &st.borrow(vm.gil()).handle {
                Handle::Stdout => 1,
                Handle::Stderr => 2,
                _ => 0,
            };
            match kind {
                1 => {
                    if stdio::stdout_append(&text) || flush_now {
                        vm.gil.allow_threads(stdio::stdout_flush);
                    }
                    return Ok(());
                }
                2 => {
                    vm.gil.allow_threads(move || stdio::stderr_write(&text));
                    return Ok(());
                }
                _ => {}
            }
        }
    }
    let w = vm.intern("write");
    vm.call_method(file, &w, vec![Value::str(text)])?;
    if flush_now {
        let f = vm.intern("flush");
        vm.call_method(file, &f, vec![])?;
    }
    Ok(())
}

/// `input(prompt='')`
pub fn input(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("input", 0, 1)?;
    if let Some(p) = a.first() {
        let p = vm.str(p)?;
        stdio::stdout_append(&p);
    }
    vm.gil.allow_threads(stdio::stdout_flush);
    let line = vm.gil.allow_threads(|| {
        let mut s = String::new();
        std::io::stdin().lock().read_line(&mut s).map(|n| (n, s))
    });
    match line {
        Ok((0, _)) => Err(PyErr::new(ExcKind::EOFError, "EOF when reading a line")),
        Ok((_, mut s)) => {
            if s.ends_with('\n') {
                s.pop();
                if s.ends_with('\r') {
                    s.pop();
                }
            }
            Ok(Value::str(s))
        }
        Err(e) => Err(os_error(ExcKind::OSError, &e, None)),
    }
}

// ----- open

/// `open(file, mode='r', encoding=None, ...)`
pub fn open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [file, mode, _buffering, encoding, _errors, _newline] = args.bind(
        "open",
        ["file", "mode", "buffering", "encoding", "errors", "newline"],
        1,
    )?;
    let path = match file.unwrap_or(Value::None) {
        Value::Str(s) => s.as_str().to_string(),
        other => {
            return Err(type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                vm.type_name(&other)
            )))
        }
    };
    let mode = match mode {
        Some(Value::Str(m)) => m.as_str().to_string(),
        None => "r".into(),
        Some(other) => {
            return Err(type_error(format!(
                "open() argument 'mode' must be str, not {}",
                vm.type_name(&other)
            )))
        }
    };
    if let Some(Value::Str(e)) = &encoding {
        let e = e.as_str().to_ascii_lowercase().replace(['-', '_'], "");
        if !matches!(e.as_str(), "utf8" | "ascii" | "latin1") {
            return Err(PyErr::new(
                ExcKind::LookupError,
                format!("unknown encoding: {e}"),
            ));
        }
    }
    let binary = mode.contains('b');
    if binary && encoding.as_ref().is_some_and(|e| !e.is_none()) {
        return Err(value_error("binary mode doesn't take an encoding argument"));
    }
    let plus = mode.contains('+');
    let mut opts = std::fs::OpenOptions::new();
    let valid = mode.chars().all(|c| "rwaxbt+".contains(c))
        && mode.matches(['r', 'w', 'a', 'x']).count() == 1
        && mode.matches('+').count() <= 1
        && !(mode.contains('b') && mode.contains('t'));
    if !valid {
        return Err(value_error(format!("invalid mode: '{mode}'")));
    }
    let kind = mode.chars().find(|c| "rwax".contains(*c)).unwrap_or('r');
    match kind {
        'r' => {
            opts.read(true).write(plus);
        }
        'w' => {
            opts.write(true).create(true).truncate(true).read(plus);
        }
        'a' => {
            opts.append(true).create(true).read(plus);
        }
        _ => {
            opts.write(true).create_new(true).read(plus);
        }
    }
    let p = path.clone();
    let opened = vm.gil.allow_threads(move || {
        let f = opts.open(&p)?;
        // As CPython: a directory opens (for reading) but is refused.
        if f.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(std::io::Error::from_raw_os_error(libc::EISDIR));
        }
        Ok(f)
    });
    let f = opened.map_err(|e| {
        let kind = match e.kind() {
            std::io::ErrorKind::NotFound => ExcKind::FileNotFoundError,
            std::io::ErrorKind::PermissionDenied => ExcKind::PermissionError,
            std::io::ErrorKind::AlreadyExists => ExcKind::FileExistsError,
            _ if e.raw_os_error() == Some(21) => ExcKind::IsADirectoryError,
            _ => ExcKind::OSError,
        };
        os_error(kind, &e, Some(&path))
    })?;
    let handle = if plus {
        Handle::Both(f)
    } else if kind == 'r' {
        Handle::Reader(BufReader::new(f))
    } else {
        Handle::Writer(BufWriter::new(f))
    };
    Ok(new_file(vm, handle, &path, &mode, binary))
}

// ----- file methods

/// Runs `op` on the file's handle with the GIL released.
fn with_handle<R: Send>(
    vm: &mut Vm,
    inst: &Instance,
    op: impl FnOnce(&mut Handle) -> R + Send,
) -> PyResult<R> {
    let st = state(inst);
    let mut handle = std::mem::replace(&mut st.borrow_mut(vm.gil()).handle, Handle::Busy);
    match handle {
        Handle::Closed => {
            st.borrow_mut(vm.gil()).handle = Handle::Closed;
            return Err(value_error("I/O operation on closed file."));
        }
        Handle::Busy => {
            return Err(PyErr::new(
                ExcKind::RuntimeError,
                "reentrant call inside file I/O",
            ))
        }
        _ => {}
    }
    let r = vm.gil.allow_threads(|| {
        let r = op(&mut handle);
        (r, handle)
    });
    let (r, handle) = r;
    st.borrow_mut(vm.gil()).handle = handle;
    Ok(r)
}

fn io_err(e: std::io::Error) -> PyErr {
    os_error(ExcKind::OSError, &e, None)
}

fn unsupported(what: &str) -> PyErr {
    PyErr::new(ExcKind::OSError, format!("not {what}"))
}

/// Bytes read back into the file's kind of value.
fn to_value(binary: bool, data: Vec<u8>) -> PyResult<Value> {
    if binary {
        return Ok(Value::Bytes(BytesObj::new(data)));
    }
    let s = String::from_utf8(data).map_err(|e| {
        PyErr::new(
            ExcKind::UnicodeDecodeError,
            format!(
                "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
                e.as_bytes()[e.utf8_error().valid_up_to()],
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    // Universal newlines, as Python's text mode reads them.
    Ok(Value::str(if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s
    }))
}

fn read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, a) = args.method("read", 0, 1)?;
    let inst = file_of(vm, &f)?;
    let n = match a.first() {
        None | Some(Value::None) => -1,
        Some(v) => vm.arg_i64(v)?,
    };
    let binary = state(&inst).borrow(vm.gil()).binary;
    let r = with_handle(vm, &inst, move |h| -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        let reader: &mut dyn Read = match h {
            Handle::Reader(r) => r,
            Handle::Both(f) => f,
            Handle::Stdin => return read_stdin(n),
            _ => return Err(std::io::Error::other("not readable")),
        };
        if n < 0 {
            reader.read_to_end(&mut buf)?;
        } else {
            reader.take(n as u64).read_to_end(&mut buf)?;
        }
        Ok(buf)
    })?;
    match r {
        Ok(data) => to_value(binary, data),
        Err(e) if e.to_string() == "not readable" => Err(unsupported("readable")),
        Err(e) => Err(io_err(e)),
    }
}

fn read_stdin(n: i64) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    if n < 0 {
        lock.read_to_end(&mut buf)?;
    } else {
        (&mut lock).take(n as u64).read_to_end(&mut buf)?;
    }
    Ok(buf)
}

/// One line (with its newline), empty at end of file.
fn read_line(vm: &mut Vm, inst: &Instance) -> PyResult<Value> {
    let binary = state(inst).borrow(vm.gil()).binary;
    let r = with_handle(vm, inst, |h| -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        match h {
            Handle::Reader(r) => {
                r.read_until(b'\n', &mut buf)?;
            }
            Handle::Stdin => {
                std::io::stdin().lock().read_until(b'\n', &mut buf)?;
            }
            Handle::Both(f) => {
                let mut byte = [0u8];
                while f.read(&mut byte)? == 1 {
                    buf.push(byte[0]);
                    if byte[0] == b'\n' {
                        break;
                    }
                }
            }
            _ => return Err(std::io::Error::other("not readable")),
        }
        Ok(buf)
    })?;
    match r {
        Ok(data) => to_value(binary, data),
        Err(e) if e.to_string() == "not readable" => Err(unsupported("readable")),
        Err(e) => Err(io_err(e)),
    }
}

fn readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, _) = args.method("readline", 0, 1)?;
    let inst = file_of(vm, &f)?;
    read_line(vm, &inst)
}

fn readlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, _) = args.method("readlines", 0, 1)?;
    let inst = file_of(vm, &f)?;
    let mut lines = Vec::new();
    loop {
        let line = read_line(vm, &inst)?;
        let empty = match &line {
            Value::Str(s) => s.as_str().is_empty(),
            Value::Bytes(b) => b.data.is_empty(),
            _ => true,
        };
        if empty {
            break;
        }
        lines.push(line);
    }
    Ok(Value::list(lines))
}

fn next_line(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, _) = args.method("__next__", 0, 0)?;
    let inst = file_of(vm, &f)?;
    let line = read_line(vm, &inst)?;
    let empty = match &line {
        Value::Str(s) => s.as_str().is_empty(),
        Value::Bytes(b) => b.data.is_empty(),
        _ => true,
    };
    if empty {
        return Err(PyErr::with_args(ExcKind::StopIteration, vec![]));
    }
    Ok(line)
}

fn write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, a) = args.method("write", 1, 1)?;
    let inst = file_of(vm, &f)?;
    let binary = state(&inst).borrow(vm.gil()).binary;
    let (data, count) = match (&a[0], binary) {
        (Value::Str(s), false) => (s.as_str().as_bytes().to_vec(), s.char_len()),
        (Value::Bytes(b), true) => (b.data.to_vec(), b.data.len()),
        (other, false) => {
            return Err(type_error(format!(
                "write() argument must be str, not {}",
                vm.type_name(other)
            )))
        }
        (other, true) => {
            return Err(type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name(other)
            )))
        }
    };
    // The standard streams share the process-wide buffers.
    let kind = match &state(&inst).borrow(vm.gil()).handle {
        Handle::Stdout => 1,
        Handle::Stderr => 2,
        _ => 0,
    };
    if kind != 0 {
        let text = String::from_utf8_lossy(&data).into_owned();
        if kind == 1 {
            if stdio::stdout_append(&text) {
                vm.gil.allow_threads(stdio::stdout_flush);
            }
        } else {
            vm.gil.allow_threads(move || stdio::stderr_write(&text));
        }
        return Ok(Value::from(count));
    }
    let r = with_handle(vm, &inst, move |h| match h {
        Handle::Writer(w) => w.write_all(&data),
        Handle::Both(f) => f.write_all(&data),
        _ => Err(std::io::Error::other("not writable")),
    })?;
    match r {
        Ok(()) => Ok(Value::from(count)),
        Err(e) if e.to_string() == "not writable" => Err(unsupported("writable")),
        Err(e) => Err(io_err(e)),
    }
}

fn writelines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, a) = args.method("writelines", 1, 1)?;
    for line in vm.collect(&a[0])? {
        write(vm, Args::new([f.clone(), line]))?;
    }
    Ok(Value::None)
}

fn flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, _) = args.method("flush", 0, 0)?;
    let inst = file_of(vm, &f)?;
    let is_std = matches!(
        state(&inst).borrow(vm.gil()).handle,
        Handle::Stdout | Handle::Stderr
    );
    if is_std {
        vm.gil.allow_threads(stdio::stdout_flush);
        return Ok(Value::None);
    }
    if matches!(state(&inst).borrow(vm.gil()).handle, Handle::Closed) {
        return Err(value_error("I/O operation on closed file."));
    }
    let r = with_handle(vm, &inst, |h| match h {
        Handle::Writer(w) => w.flush(),
        Handle::Both(f) => f.flush(),
        _ => Ok(()),
    })?;
    r.map_err(io_err)?;
    Ok(Value::None)
}

/// Closes a file object (flushing what it buffered); closing twice is fine.
pub fn close_file(vm: &mut Vm, inst: &Instance) -> PyResult<()> {
    let st = state(inst);
    let handle = std::mem::replace(&mut st.borrow_mut(vm.gil()).handle, Handle::Closed);
    let r = vm.gil.allow_threads(move || match handle {
        Handle::Writer(mut w) => w.flush(),
        Handle::Both(mut f) => f.flush(),
        Handle::Stdout => {
            stdio::stdout_flush();
            Ok(())
        }
        _ => Ok(()),
    });
    r.map_err(io_err)
}

fn close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, _) = args.method("close", 0, 0)?;
    let inst = file_of(vm, &f)?;
    close_file(vm, &inst)?;
    Ok(Value::None)
}

fn seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, a) = args.method("seek", 1, 2)?;
    let inst = file_of(vm, &f)?;
    let off = vm.arg_i64(&a[0])?;
    let whence = match a.get(1) {
        Some(w) => vm.arg_i64(w)?,
        None => 0,
    };
    let pos = match whence {
        0 => SeekFrom::Start(off.max(0) as u64),
        1 => SeekFrom::Current(off),
        2 => SeekFrom::End(off),
        _ => {
            return Err(value_error(format!(
                "invalid whence ({whence}, should be 0, 1 or 2)"
            )))
        }
    };
    let r = with_handle(vm, &inst, move |h| match h {
        Handle::Reader(r) => r.seek(pos),
        Handle::Writer(w) => w.seek(pos),
        Handle::Both(f) => f.seek(pos),
        _ => Err(std::io::Error::other("underlying stream is not seekable")),
    })?;
    Ok(Value::Int(r.map_err(io_err)? as i64))
}

fn tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, _) = args.method("tell", 0, 0)?;
    let inst = file_of(vm, &f)?;
    let r = with_handle(vm, &inst, |h| match h {
        Handle::Reader(r) => r.stream_position(),
        Handle::Writer(w) => w.stream_position(),
        Handle::Both(f) => f.stream_position(),
        _ => Err(std::io::Error::other("underlying stream is not seekable")),
    })?;
    Ok(Value::Int(r.map_err(io_err)? as i64))
}

fn fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, _) = args.method("fileno", 0, 0)?;
    let inst = file_of(vm, &f)?;
    let n = match &state(&inst).borrow(vm.gil()).handle {
        Handle::Stdin => 0,
        Handle::Stdout => 1,
        Handle::Stderr => 2,
        _ => 3,
    };
    Ok(Value::Int(n))
}

fn isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::io::IsTerminal;
    let (f, _) = args.method("isatty", 0, 0)?;
    let inst = file_of(vm, &f)?;
    let t = match &state(&inst).borrow(vm.gil()).handle {
        Handle::Stdin => std::io::stdin().is_terminal(),
        Handle::Stdout => std::io::stdout().is_terminal(),
        Handle::Stderr => std::io::stderr().is_terminal(),
        _ => false,
    };
    Ok(Value::Bool(t))
}

fn readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, _) = args.method("readable", 0, 0)?;
    let inst = file_of(vm, &f)?;
    let r = matches!(
        state(&inst).borrow(vm.gil()).handle,
        Handle::Reader(_) | Handle::Both(_) | Handle::Stdin
    );
    Ok(Value::Bool(r))
}

fn writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, _) = args.method("writable", 0, 0)?;
    let inst = file_of(vm, &f)?;
    let w = matches!(
        state(&inst).borrow(vm.gil()).handle,
        Handle::Writer(_) | Handle::Both(_) | Handle::Stdout | Handle::Stderr
    );
    Ok(Value::Bool(w))
}

fn enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, _) = args.method("__enter__", 0, 0)?;
    let inst = file_of(vm, &f)?;
    if matches!(state(&inst).borrow(vm.gil()).handle, Handle::Closed) {
        return Err(value_error("I/O operation on closed file."));
    }
    Ok(f)
}

fn exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = args.pos.first().cloned().unwrap_or(Value::None);
    let inst = file_of(vm, &f)?;
    close_file(vm, &inst)?;
    Ok(Value::Bool(false))
}

fn closed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let inst = file_of(vm, &args.pos[0])?;
    let closed = matches!(state(&inst).borrow(vm.gil()).handle, Handle::Closed);
    Ok(Value::Bool(closed))
}

fn name(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let inst = file_of(vm, &args.pos[0])?;
    let n = state(&inst).borrow(vm.gil()).name.clone();
    Ok(match n.as_str() {
        "<stdin>" => Value::str("<stdin>"),
        _ => Value::str(n),
    })
}

fn mode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let inst = file_of(vm, &args.pos[0])?;
    let m = state(&inst).borrow(vm.gil()).mode.clone();
    Ok(Value::str(m))
}

fn file_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let inst = file_of(vm, &args.pos[0])?;
    let st = state(&inst).borrow(vm.gil());
    Ok(Value::str(if st.binary {
        format!("<_io.BufferedReader name='{}'>", st.name)
    } else {
        format!(
            "<_io.TextIOWrapper name='{}' mode='{}' encoding='UTF-8'>",
            st.name, st.mode
        )
    }))
}
