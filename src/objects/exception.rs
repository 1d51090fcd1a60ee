//! Exceptions: the built-in hierarchy, the state every exception instance
//! carries, and `PyErr`, the Rust error type of every fallible operation.

use super::{CodeRef, Value};
use crate::gil::GilCell;

macro_rules! exc_kinds {
    ($( $name:ident : $parent:ident ),* $(,)?) => {
        /// The built-in exception classes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ExcKind { BaseException, $( $name ),* }

        impl ExcKind {
            /// Every kind with its name and base, bases before subclasses.
            pub const ALL: &'static [(ExcKind, &'static str, Option<ExcKind>)] = &[
                (ExcKind::BaseException, "BaseException", None),
                $( (ExcKind::$name, stringify!($name), Some(ExcKind::$parent)) ),*
            ];
        }
    };
}

exc_kinds! {
    SystemExit: BaseException,
    KeyboardInterrupt: BaseException,
    GeneratorExit: BaseException,
    Exception: BaseException,
    StopIteration: Exception,
    ArithmeticError: Exception,
    FloatingPointError: ArithmeticError,
    OverflowError: ArithmeticError,
    ZeroDivisionError: ArithmeticError,
    AssertionError: Exception,
    AttributeError: Exception,
    BufferError: Exception,
    EOFError: Exception,
    ImportError: Exception,
    ModuleNotFoundError: ImportError,
    LookupError: Exception,
    IndexError: LookupError,
    KeyError: LookupError,
    MemoryError: Exception,
    NameError: Exception,
    UnboundLocalError: NameError,
    OSError: Exception,
    BlockingIOError: OSError,
    ChildProcessError: OSError,
    ConnectionError: OSError,
    BrokenPipeError: ConnectionError,
    ConnectionAbortedError: ConnectionError,
    ConnectionRefusedError: ConnectionError,
    ConnectionResetError: ConnectionError,
    FileExistsError: OSError,
    FileNotFoundError: OSError,
    InterruptedError: OSError,
    IsADirectoryError: OSError,
    NotADirectoryError: OSError,
    PermissionError: OSError,
    ProcessLookupError: OSError,
    TimeoutError: OSError,
    ReferenceError: Exception,
    RuntimeError: Exception,
    NotImplementedError: RuntimeError,
    RecursionError: RuntimeError,
    SyntaxError: Exception,
    IndentationError: SyntaxError,
    TabError: IndentationError,
    SystemError: Exception,
    TypeError: Exception,
    ValueError: Exception,
    UnicodeError: ValueError,
    UnicodeDecodeError: UnicodeError,
    UnicodeEncodeError: UnicodeError,
    Warning: Exception,
    UserWarning: Warning,
    DeprecationWarning: Warning,
    RuntimeWarning: Warning,
    PendingDeprecationWarning: Warning,
    SyntaxWarning: Warning,
    FutureWarning: Warning,
    ImportWarning: Warning,
    UnicodeWarning: Warning,
    BytesWarning: Warning,
    ResourceWarning: Warning,
    EncodingWarning: Warning,
    StopAsyncIteration: Exception,
    UnicodeTranslateError: UnicodeError,
}

impl ExcKind {
    /// Position in `ALL` (the enum is declared in the same order).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        ExcKind::ALL[self.index()].1
    }

    pub fn parent(self) -> Option<ExcKind> {
        ExcKind::ALL[self.index()].2
    }

    /// `self` is `other` or derives from it.
    pub fn is_a(self, other: ExcKind) -> bool {
        let mut k = Some(self);
        while let Some(c) = k {
            if c == other {
                return true;
            }
            k = c.parent();
        }
        false
    }
}

/// One line of a traceback: a code object and the instruction that was running.
#[derive(Clone)]
pub struct TbEntry {
    pub code: CodeRef,
    pub ip: u32,
    /// The frame's globals (for "Did you mean" suggestions; weak so that
    /// an exception kept in a global does not keep its module alive).
    pub globals: std::rc::Weak<super::DictObj>,
}

/// What every exception instance carries besides its attribute dict
/// (the payload of instances of `BaseException` and its subclasses).
pub struct ExcState {
    /// A tuple.
    pub args: Value,
    /// Innermost frame last.
    pub traceback: Vec<TbEntry>,
    /// `__cause__` (set by `raise ... from ...`).
    pub cause: Value,
    /// `__context__`: the exception being handled when this one was raised.
    pub context: Value,
    pub suppress_context: bool,
    /// `__traceback__` as objects, made on demand for a traceback of this
    /// many entries (rebuilt when it grows).
    pub tb_object: Option<(usize, Value)>,
}

impl ExcState {
    pub fn new(args: Value) -> GilCell<ExcState> {
        GilCell::new(ExcState {
            args,
            traceback: Vec::new(),
            cause: Value::None,
            context: Value::None,
            suppress_context: false,
            tb_object: None,
        })
    }
}

/// The error half of every `PyResult`: a mini exception, either already an
/// object or described lazily by its kind and arguments (so native code can
/// fail without reaching for the interpreter; the VM makes the object when
/// the exception is caught or printed).
pub struct PyErr(Box<ErrRepr>);

pub enum ErrRepr {
    Lazy { kind: ExcKind, args: Vec<Value> },
    Object(Value),
}

/// For test failures: names the kind of a lazy error (an object's class
/// needs the GIL to read, so it is shown as `<exception object>`).
impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0 {
            ErrRepr::Lazy { kind, args } => write!(f, "{kind:?}({} args)", args.len()),
            ErrRepr::Object(_) => f.write_str("<exception object>"),
        }
    }
}

impl PyErr {
    pub fn new(kind: ExcKind, msg: impl Into<String>) -> PyErr {
        PyErr::with_args(kind, vec![Value::str(msg.into())])
    }

    pub fn with_args(kind: ExcKind, args: Vec<Value>) -> PyErr {
        PyErr(Box::new(ErrRepr::Lazy { kind, args }))
    }

    /// Wraps an exception instance.
    pub fn from_value(exc: Value) -> PyErr {
        PyErr(Box::new(ErrRepr::Object(exc)))
    }

    pub fn repr(&self) -> &ErrRepr {
        &self.0
    }

    pub fn into_repr(self) -> ErrRepr {
        *self.0
    }

    /// The kind of a lazily described error (None once it is an object).
    pub fn lazy_kind(&self) -> Option<ExcKind> {
        match &*self.0 {
            ErrRepr::Lazy { kind, .. } => Some(*kind),
            ErrRepr::Object(_) => None,
        }
    }
}

/// Shorthands for the errors native code raises most.
pub fn type_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ExcKind::TypeError, msg)
}
pub fn value_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ExcKind::ValueError, msg)
}
pub fn index_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ExcKind::IndexError, msg)
}
pub fn key_error(key: Value) -> PyErr {
    PyErr::with_args(ExcKind::KeyError, vec![key])
}
pub fn attribute_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ExcKind::AttributeError, msg)
}
pub fn runtime_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ExcKind::RuntimeError, msg)
}
pub fn overflow_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ExcKind::OverflowError, msg)
}
pub fn zero_division(msg: impl Into<String>) -> PyErr {
    PyErr::new(ExcKind::ZeroDivisionError, msg)
}
pub fn memory_error() -> PyErr {
    PyErr::with_args(ExcKind::MemoryError, vec![])
}
/// The OSError subclass CPython raises for an errno (`OSError(2, ...)`
/// is a FileNotFoundError), or None for the plain OSError.
pub fn errno_kind(errno: i64) -> Option<ExcKind> {
    let e = i32::try_from(errno).ok()?;
    Some(match e {
        libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => ExcKind::BlockingIOError,
        libc::ECHILD => ExcKind::ChildProcessError,
        libc::EPIPE | libc::ESHUTDOWN => ExcKind::BrokenPipeError,
        libc::ECONNABORTED => ExcKind::ConnectionAbortedError,
        libc::ECONNREFUSED => ExcKind::ConnectionRefusedError,
        libc::ECONNRESET => ExcKind::ConnectionResetError,
        libc::EEXIST => ExcKind::FileExistsError,
        libc::ENOENT => ExcKind::FileNotFoundError,
        libc::EISDIR => ExcKind::IsADirectoryError,
        libc::ENOTDIR => ExcKind::NotADirectoryError,
        libc::EINTR => ExcKind::InterruptedError,
        libc::EACCES | libc::EPERM => ExcKind::PermissionError,
        libc::ESRCH => ExcKind::ProcessLookupError,
        libc::ETIMEDOUT => ExcKind::TimeoutError,
        _ => return None,
    })
}

/// The error of a failed OS call: the OSError subclass its errno maps to
/// (else `kind`), with args `(errno, strerror[, filename])`; the VM turns
/// these into the `errno`, `strerror` and `filename` attributes.
pub fn os_error(kind: ExcKind, err: &std::io::Error, filename: Option<&str>) -> PyErr {
    let errno = err.raw_os_error().unwrap_or(0);
    let kind = errno_kind(errno as i64).unwrap_or(kind);
    let mut text = err.to_string();
    // std appends " (os error N)"; Python shows "[Errno N] text".
    if let Some(i) = text.find(" (os error") {
        text.truncate(i);
    }
    let mut args = vec![Value::Int(errno as i64), Value::str(text)];
    if let Some(f) = filename {
        args.push(Value::str(f));
    }
    PyErr::with_args(kind, args)
}

/// The error of a failed OS call on two paths (`rename`, `link`):
/// `[Errno N] text: 'src' -> 'dst'`.
pub fn os_error2(err: &std::io::Error, src: &str, dst: &str) -> PyErr {
    let errno = err.raw_os_error().unwrap_or(0);
    let kind = errno_kind(errno as i64).unwrap_or(ExcKind::OSError);
    let mut text = err.to_string();
    if let Some(i) = text.find(" (os error") {
        text.truncate(i);
    }
    let args = vec![
        Value::Int(errno as i64),
        Value::str(text),
        Value::str(src),
        Value::None,
        Value::str(dst),
    ];
    PyErr::with_args(kind, args)
}
