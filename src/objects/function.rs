//! Callables: mini functions, native (Rust) functions, bound methods and the
//! three method decorators (`property`, `staticmethod`, `classmethod`).

use super::{CellObj, CodeRef, DictObj, StrObj, Value};
use crate::gil::GilCell;
use crate::vm::Vm;
use smallvec::SmallVec;
use std::rc::Rc;

/// A function written in mini: code plus the environment it closes over.
pub struct Function {
    pub code: CodeRef,
    pub globals: Rc<DictObj>,
    /// `__name__` and `__qualname__` (assignable, e.g. by decorators).
    pub name: GilCell<Rc<StrObj>>,
    pub qualname: GilCell<Rc<StrObj>>,
    /// Defaults for the last positional parameters.
    pub defaults: Box<[Value]>,
    /// Defaults of keyword-only parameters, by name.
    pub kwdefaults: Option<Rc<DictObj>>,
    /// One cell per free variable of `code`, in `code.freevars` order.
    pub closure: Box<[Rc<CellObj>]>,
    /// Function attributes (`f.calls = 0`, `__doc__`, `__wrapped__`, ...).
    pub dict: Rc<DictObj>,
}

/// Arguments of a call into native code. Positional arguments come first,
/// including the receiver for methods; keyword arguments keep their order.
#[derive(Default)]
pub struct Args {
    pub pos: SmallVec<[Value; 6]>,
    pub kw: Vec<(Rc<StrObj>, Value)>,
}

impl Args {
    pub fn new(pos: impl IntoIterator<Item = Value>) -> Args {
        Args {
            pos: pos.into_iter().collect(),
            kw: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.pos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pos.is_empty() && self.kw.is_empty()
    }

    /// Removes and returns the keyword argument `name`, if given.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.kw.iter().position(|(k, _)| k.as_str() == name)?;
        Some(self.kw.remove(i).1)
    }
}

/// The signature every native function has. `vm` gives access to the
/// interpreter (and, through it, to the GIL token).
pub type NativeFn = fn(&mut Vm, Args) -> crate::vm::PyResult<Value>;

/// A function implemented in Rust. With `receiver`, it behaves as a bound
/// method: the receiver is passed as the first positional argument.
pub struct BuiltinFn {
    pub name: &'static str,
    pub func: NativeFn,
    pub receiver: Option<Value>,
    /// The type that defines it, for `repr` (`<built-in method append of list object ...>`).
    pub owner: Option<&'static str>,
}

impl BuiltinFn {
    pub fn new(name: &'static str, func: NativeFn) -> Rc<BuiltinFn> {
        Rc::new(BuiltinFn {
            name,
            func,
            receiver: None,
            owner: None,
        })
    }

    pub fn bind(&self, receiver: Value) -> Rc<BuiltinFn> {
        Rc::new(BuiltinFn {
            name: self.name,
            func: self.func,
            receiver: Some(receiver),
            owner: self.owner,
        })
    }
}

/// `obj.method` for a mini function: the function with `self` bound.
pub struct BoundMethod {
    pub func: Value,
    pub receiver: Value,
}

/// `@property`
pub struct Property {
    pub fget: Value,
    pub fset: Value,
    pub fdel: Value,
    pub doc: Value,
}

/// `@staticmethod`
pub struct StaticMethod {
    pub func: Value,
}

/// `@classmethod`
pub struct ClassMethod {
    pub func: Value,
}

/// The object `super()` returns: attribute lookup starts after `this_class`
/// in the MRO of `obj`'s type.
pub struct SuperObj {
    pub this_class: Rc<super::Class>,
    pub obj: Value,
    pub obj_type: Rc<super::Class>,
}
