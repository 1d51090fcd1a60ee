//! `Value`: what a variable, a stack slot or a list element holds.
//!
//! Small immutable values (None, bools, machine-word ints, floats) live inline,
//! so arithmetic on them never allocates. Everything else is a reference-counted
//! pointer to a heap object. The counts are not atomic (`Rc`): the GIL is what
//! makes sharing them between threads sound (see `gil/token.rs`), which is also
//! why `Value` is `!Send`.

use num_bigint::BigInt;
use std::rc::Rc;

use super::{
    BoundMethod, BuiltinFn, BytesObj, CellObj, Class, ClassMethod, CodeRef, DictObj, DictView,
    Function, Generator, Instance, ListObj, Module, NativeIter, Property, RangeObj, SetObj,
    SliceObj, StaticMethod, StrObj, SuperObj, TupleObj,
};

pub enum Value {
    /// An empty local slot, or the "no self" marker pushed by `LoadMethod`.
    /// Never visible to a mini program.
    Unbound,
    None,
    NotImplemented,
    Ellipsis,
    Bool(bool),
    /// An int that fits in a machine word; larger ones are `BigInt`.
    Int(i64),
    Float(f64),
    /// Always outside the i64 range (see `int::normalize`).
    BigInt(Rc<BigInt>),
    Str(Rc<StrObj>),
    Bytes(Rc<BytesObj>),
    List(Rc<ListObj>),
    Tuple(Rc<TupleObj>),
    Dict(Rc<DictObj>),
    /// `set` and `frozenset` (see `SetObj::frozen`).
    Set(Rc<SetObj>),
    Range(Rc<RangeObj>),
    Slice(Rc<SliceObj>),
    Function(Rc<Function>),
    Builtin(Rc<BuiltinFn>),
    Method(Rc<BoundMethod>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    Generator(Rc<Generator>),
    Iter(Rc<NativeIter>),
    DictView(Rc<DictView>),
    Cell(Rc<CellObj>),
    Code(CodeRef),
    Property(Rc<Property>),
    StaticMethod(Rc<StaticMethod>),
    ClassMethod(Rc<ClassMethod>),
    Super(Rc<SuperObj>),
}

impl Clone for Value {
    /// Written out (not derived) so that it is always inlined, and as a
    /// bit copy (see `unsafety::clone_value`): cloning an int or a float on
    /// the hot path is one 16-byte move, not a jump table over the variants.
    #[inline(always)]
    fn clone(&self) -> Value {
        crate::unsafety::clone_value(self)
    }
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(StrObj::new(s.into()))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(TupleObj::new(items))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(ListObj::new(items))
    }

    pub fn bigint(b: BigInt) -> Value {
        super::int::normalize(b)
    }

    /// True for values stored inline (no heap object, nothing to free).
    #[inline(always)]
    pub fn is_inline(&self) -> bool {
        matches!(
            self,
            Value::Unbound
                | Value::None
                | Value::NotImplemented
                | Value::Ellipsis
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Float(_)
        )
    }

    /// Drops a value, skipping the (out-of-line) drop glue for inline
    /// values: popping an int on the hot path then costs nothing.
    #[inline(always)]
    pub fn discard(self) {
        if self.is_inline() {
            std::mem::forget(self);
        } else {
            crate::unsafety::release_value(self);
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    pub fn is_unbound(&self) -> bool {
        matches!(self, Value::Unbound)
    }

    /// Identity (`is`): same inline value or same heap object.
    pub fn is(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Unbound, Unbound) | (None, None) => true,
            (NotImplemented, NotImplemented) | (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            // Small ints are "cached" in CPython; equal machine ints are the same object here.
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            _ => match (self.heap_addr(), other.heap_addr()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }

    /// The address of the heap object, if any (used for `id()` and `is`).
    pub fn heap_addr(&self) -> Option<usize> {
        use Value::*;
        Some(match self {
            BigInt(r) => Rc::as_ptr(r) as *const u8 as usize,
            Str(r) => Rc::as_ptr(r) as *const u8 as usize,
            Bytes(r) => Rc::as_ptr(r) as *const u8 as usize,
            List(r) => Rc::as_ptr(r) as *const u8 as usize,
            Tuple(r) => Rc::as_ptr(r) as *const u8 as usize,
            Dict(r) => Rc::as_ptr(r) as *const u8 as usize,
            Set(r) => Rc::as_ptr(r) as *const u8 as usize,
            Range(r) => Rc::as_ptr(r) as *const u8 as usize,
            Slice(r) => Rc::as_ptr(r) as *const u8 as usize,
            Function(r) => Rc::as_ptr(r) as *const u8 as usize,
            Builtin(r) => Rc::as_ptr(r) as *const u8 as usize,
            Method(r) => Rc::as_ptr(r) as *const u8 as usize,
            Class(r) => Rc::as_ptr(r) as *const u8 as usize,
            Instance(r) => Rc::as_ptr(r) as *const u8 as usize,
            Module(r) => Rc::as_ptr(r) as *const u8 as usize,
            Generator(r) => Rc::as_ptr(r) as *const u8 as usize,
            Iter(r) => Rc::as_ptr(r) as *const u8 as usize,
            DictView(r) => Rc::as_ptr(r) as *const u8 as usize,
            Cell(r) => Rc::as_ptr(r) as *const u8 as usize,
            Code(r) => Rc::as_ptr(r) as *const u8 as usize,
            Property(r) => Rc::as_ptr(r) as *const u8 as usize,
            StaticMethod(r) => Rc::as_ptr(r) as *const u8 as usize,
            ClassMethod(r) => Rc::as_ptr(r) as *const u8 as usize,
            Super(r) => Rc::as_ptr(r) as *const u8 as usize,
            Unbound | None | NotImplemented | Ellipsis | Bool(_) | Int(_) | Float(_) => {
                return Option::None
            }
        })
    }

    /// For an instance of a subclass of a built-in value type, the value
    /// it wraps (see `instance::BaseValue`).
    #[inline]
    pub fn base_value(&self) -> Option<&Value> {
        match self {
            Value::Instance(i) => i.base(),
            _ => Option::None,
        }
    }

    /// The value itself, or the built-in value an instance of a subclass
    /// of a built-in value type wraps.
    #[inline]
    pub fn unwrap_base(&self) -> &Value {
        self.base_value().unwrap_or(self)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<usize> for Value {
    fn from(i: usize) -> Value {
        match i64::try_from(i) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::bigint(BigInt::from(i)),
        }
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::str(s)
    }
}
