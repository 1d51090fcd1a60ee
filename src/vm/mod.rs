//! The virtual machine: one `Vm` per OS thread running mini code.
//!
//! A `Vm` is a thread's state: its value stack, its frames, the exception it
//! is handling, and the [`GilGuard`] that proves it holds the GIL. What all
//! threads share lives in [`Interp`].
//!
//! Files: `eval.rs` is the dispatch loop; `call.rs` binds arguments and
//! pushes frames; `unwind.rs` raises and catches; the rest implement the
//! object protocols (attributes, operators, iteration, ...) the loop and the
//! builtins share.

pub mod attr;
pub mod blocking;
pub mod boot;
pub mod call;
pub mod classes;
pub mod dictops;
pub mod errmsg;
pub mod eval;
pub mod frame;
pub mod gen;
pub mod import;
pub mod instructions;
pub mod interp;
pub mod iterate;
pub mod loader;
pub mod names;
pub mod ops;
pub mod precompiled;
pub mod repr;
pub mod subscript;
pub mod traceback;
pub mod unwind;

pub use crate::objects::exception::PyErr;
pub use frame::{Frame, FrameKind};
pub use interp::{Config, Interp, Names, Types};

use crate::gil::{Gil, GilGuard};
use crate::objects::exception::ErrRepr;
use crate::objects::{Class, ExcKind, ExcState, Instance, StrObj, Value};
use std::rc::Rc;

pub type PyResult<T> = Result<T, PyErr>;

/// Per-thread facts the `threading` module reports.
pub struct ThreadState {
    pub ident: u64,
    pub is_main: bool,
    /// The `threading.local` objects this thread has a dict in (dropped
    /// when the thread ends: its identifier may be reused).
    pub locals: Vec<std::rc::Weak<crate::objects::Instance>>,
}

pub struct Vm {
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    pub interp: Rc<Interp>,
    /// The exception being handled (`sys.exc_info()`), or None.
    pub handled: Value,
    /// Set by a bare `raise` or a re-raise after cleanup: the error keeps
    /// its traceback instead of gaining an entry for the raising frame.
    pub reraise_pending: bool,
    /// Containers whose repr is being computed (to print `[...]` for a
    /// container inside itself).
    pub repr_active: Vec<usize>,
    /// Depth of Rust-level re-entry into the dispatch loop (native code
    /// calling back into mini code), bounded to protect the Rust stack.
    pub native_depth: u32,
    /// Lowest stack address we let native recursion reach.
    pub stack_low: usize,
    pub thread: ThreadState,
    /// Declared last so it is dropped last: every value above is released
    /// while the GIL is still held.
    pub gil: GilGuard,
}

/// Bytes of Rust stack kept free below the deepest native re-entry.
const STACK_RESERVE: usize = 256 * 1024;

impl Vm {
    /// A thread's VM. `stack_size` is the size of the calling thread's stack
    /// (known because mini starts its threads itself).
    pub fn new(interp: Rc<Interp>, gil: GilGuard, thread: ThreadState, stack_size: usize) -> Vm {
        let here = current_stack_addr();
        Vm {
            stack: Vec::with_capacity(1024),
            frames: Vec::with_capacity(64),
            interp,
            handled: Value::None,
            reraise_pending: false,
            repr_active: Vec::new(),
            native_depth: 0,
            stack_low: here.saturating_sub(stack_size.saturating_sub(STACK_RESERVE + 64 * 1024)),
            thread,
            gil,
        }
    }

    /// The GIL token (borrows all of `self`; inside the VM, borrow
    /// `self.gil.token()` to leave the other fields free).
    #[inline]
    pub fn gil(&self) -> Gil<'_> {
        self.gil.token()
    }

    pub fn intern(&self, s: &str) -> Rc<StrObj> {
        let g = self.gil.token();
        if let Some(v) = self.interp.interned.borrow(g).get(s) {
            return v.clone();
        }
        let v = StrObj::new(s.to_string());
        v.hash();
        self.interp
            .interned
            .borrow_mut(g)
            .insert(s.into(), v.clone());
        v
    }

    /// A one-character string (shared for ASCII).
    pub fn char_str(&self, c: char) -> Value {
        if (c as u32) < 128 {
            Value::Str(self.interp.ascii_chars[c as usize].clone())
        } else {
            Value::str(c.to_string())
        }
    }

    /// `type(v)`
    pub fn type_of(&self, v: &Value) -> Rc<Class> {
        let t = &self.interp.types;
        match v {
            Value::Unbound | Value::None => t.none_type.clone(),
            Value::NotImplemented => t.not_implemented_type.clone(),
            Value::Ellipsis => t.ellipsis_type.clone(),
            Value::Bool(_) => t.bool_.clone(),
            Value::Int(_) | Value::BigInt(_) => t.int.clone(),
            Value::Float(_) => t.float.clone(),
            Value::Str(_) => t.str_.clone(),
            Value::Bytes(_) => t.bytes.clone(),
            Value::List(_) => t.list.clone(),
            Value::Tuple(_) => t.tuple.clone(),
            Value::Dict(_) => t.dict.clone(),
            Value::Set(s) => {
                if s.frozen {
                    t.frozenset.clone()
                } else {
                    t.set.clone()
                }
            }
            Value::Range(_) => t.range.clone(),
            Value::Slice(_) => t.slice.clone(),
            Value::Function(_) => t.function.clone(),
            Value::Builtin(_) => t.builtin_function.clone(),
            Value::Method(_) => t.method.clone(),
            Value::Class(_) => t.type_.clone(),
            Value::Instance(i) => i.class.clone(),
            Value::Module(_) => t.module.clone(),
            Value::Generator(_) => t.generator.clone(),
            Value::Iter(it) => {
                let name = it.state.borrow(self.gil.token()).type_name();
                t.iterators
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| t.object.clone())
            }
            Value::DictView(v) => match v.kind {
                crate::objects::ViewKind::Keys => t.dict_keys.clone(),
                crate::objects::ViewKind::Values => t.dict_values.clone(),
                crate::objects::ViewKind::Items => t.dict_items.clone(),
            },
            Value::Cell(_) => t.cell.clone(),
            Value::Code(_) => t.code.clone(),
            Value::Property(_) => t.property.clone(),
            Value::StaticMethod(_) => t.staticmethod.clone(),
            Value::ClassMethod(_) => t.classmethod.clone(),
            Value::Super(_) => t.super_.clone(),
        }
    }

    /// `type(v).__name__`, for error messages.
    pub fn type_name(&self, v: &Value) -> String {
        match v {
            Value::Int(_) | Value::BigInt(_) => "int".into(),
            Value::Str(_) => "str".into(),
            Value::Float(_) => "float".into(),
            Value::List(_) => "list".into(),
            Value::None => "NoneType".into(),
            Value::Instance(i) => self.class_name_qualified(&i.class),
            _ => self.type_of(v).name.clone(),
        }
    }

    /// A class's name as CPython's messages show a type: built-in types
    /// defined outside `builtins` carry their module (`_thread.lock`).
    pub fn class_name_qualified(&self, cls: &Rc<Class>) -> String {
        if !cls.has_flag(crate::objects::class::flags::HEAP) {
            let module = &self.interp.names.__module__;
            let d = cls.dict.table.borrow(self.gil.token());
            if let Some(i) = d.find_str(module.hash(), module) {
                if let Value::Str(m) = d.value_at(i) {
                    if m.as_str() != "builtins" {
                        return format!("{}.{}", m.as_str(), cls.name);
                    }
                }
            }
        }
        cls.name.clone()
    }

    /// `isinstance(v, cls)` for a single class.
    pub fn isinstance(&self, v: &Value, cls: &Rc<Class>) -> bool {
        match v {
            Value::Instance(i) => i.class.is_subclass(cls),
            _ => self.type_of(v).is_subclass(cls),
        }
    }

    // ----- exceptions

    /// Makes an exception object out of a lazily described error.
    pub fn exc_value(&mut self, err: PyErr) -> Value {
        match err.into_repr() {
            ErrRepr::Object(v) => v,
            ErrRepr::Lazy { kind, args } => {
                let cls = self.interp.types.exc(kind).clone();
                self.new_exception_object(&cls, args)
            }
        }
    }

    /// An instance of exception class `cls` with `args`, made without
    /// running user code.
    pub fn new_exception_object(&self, cls: &Rc<Class>, args: Vec<Value>) -> Value {
        let exc = Value::Instance(Instance::with_payload(
            cls.clone(),
            Box::new(ExcState::new(Value::tuple(args))),
        ));
        if cls.is_subclass(self.interp.types.exc(ExcKind::OSError)) {
            crate::modules::builtins::exceptions::os_error_fields(self, &exc);
        }
        exc
    }

    /// The class of the exception an error describes.
    pub fn err_class(&self, err: &PyErr) -> Rc<Class> {
        match err.repr() {
            ErrRepr::Lazy { kind, .. } => self.interp.types.exc(*kind).clone(),
            ErrRepr::Object(v) => self.type_of(v),
        }
    }

    /// Whether the error is an instance of the built-in `kind` (or a subclass).
    pub fn err_is(&self, err: &PyErr, kind: ExcKind) -> bool {
        match err.repr() {
            ErrRepr::Lazy { kind: k, .. } => k.is_a(kind),
            ErrRepr::Object(v) => self.isinstance(v, self.interp.types.exc(kind)),
        }
    }

    /// The state of an exception instance.
    pub fn exc_state<'a>(&self, exc: &'a Value) -> Option<&'a crate::gil::GilCell<ExcState>> {
        match exc {
            Value::Instance(i) => i.payload::<crate::gil::GilCell<ExcState>>(),
            _ => None,
        }
    }

    // ----- native recursion guard

    /// Enters a Rust-level re-entry of the interpreter, refusing it (with
    /// RecursionError) when the Rust stack is nearly used up.
    pub fn enter_native(&mut self) -> PyResult<()> {
        if current_stack_addr() < self.stack_low || self.native_depth > 20_000 {
            return Err(PyErr::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        self.native_depth += 1;
        Ok(())
    }

    pub fn leave_native(&mut self) {
        self.native_depth -= 1;
    }
}

/// An address on the current thread's stack (of a local variable), used to
/// measure how much Rust stack native recursion has used.
#[inline(never)]
pub fn current_stack_addr() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// This OS thread's identifier (`threading.get_ident()`).
pub fn thread_ident() -> u64 {
    crate::unsafety::thread_ids().0
}
