//! Operator methods of the built-in types (`int.__add__`, `list.__lt__`,
//! `set.__or__`, ...), for programs that call them by name: `int.__add__(1, 2)`,
//! `super().__eq__(other)` or `(5).__radd__(1)`.
//!
//! The VM never calls these for built-in values (it computes operators
//! natively); each method checks that CPython's type would handle the other
//! operand, answers `NotImplemented` otherwise, and else lets the VM compute
//! the operator.

use crate::objects::exception::type_error;
use crate::objects::{Args, NativeFn, Value};
use crate::vm::eval::{Op, UnaryOp};
use crate::vm::{PyResult, Vm};

/// The built-in type an operator method belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Float,
    Str,
    Bytes,
    List,
    Tuple,
    Set,
    Dict,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::Str => "str",
            Kind::Bytes => "bytes",
            Kind::List => "list",
            Kind::Tuple => "tuple",
            Kind::Set => "set",
            Kind::Dict => "dict",
        }
    }

    /// Whether `v` is an instance of this built-in type.
    fn holds(self, v: &Value) -> bool {
        match self {
            Kind::Int => is_int(v),
            Kind::Float => matches!(v, Value::Float(_)),
            Kind::Str => matches!(v, Value::Str(_)),
            Kind::Bytes => matches!(v, Value::Bytes(_)),
            Kind::List => matches!(v, Value::List(_)),
            Kind::Tuple => matches!(v, Value::Tuple(_)),
            Kind::Set => matches!(v, Value::Set(_)),
            Kind::Dict => matches!(v, Value::Dict(_)),
        }
    }

    /// Whether this type's method for `op` handles `other`.
    fn accepts(self, op: Op, other: &Value) -> bool {
        let cmp = matches!(op, Op::Lt | Op::Le | Op::Eq | Op::Ne | Op::Gt | Op::Ge);
        match self {
            Kind::Int => is_int(other),
            Kind::Float => is_int(other) || matches!(other, Value::Float(_)),
            Kind::Str | Kind::Bytes | Kind::List | Kind::Tuple => match op {
                Op::Mul => is_int(other),
                // `str % x` formats anything.
                Op::Mod => self == Kind::Str,
                _ => (cmp || op == Op::Add) && self.holds(other),
            },
            Kind::Set => self.holds(other),
            Kind::Dict => matches!(op, Op::Eq | Op::Ne | Op::BitOr) && self.holds(other),
        }
    }
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
}

/// Splits `args` into the receiver and exactly `n` more, worded like
/// CPython's slot wrappers ("expected 1 argument, got 0").
pub fn slot_args(args: Args, owner: &str, name: &str, n: usize) -> PyResult<(Value, Vec<Value>)> {
    if !args.kw.is_empty() {
        return Err(type_error(format!(
            "wrapper {name}() takes no keyword arguments"
        )));
    }
    let mut pos = args.pos.into_vec();
    if pos.is_empty() {
        return Err(type_error(format!(
            "descriptor '{name}' of '{owner}' object needs an argument"
        )));
    }
    let this = pos.remove(0);
    if pos.len() != n {
        let what = if n == 1 { "argument" } else { "arguments" };
        return Err(type_error(format!(
            "expected {n} {what}, got {}",
            pos.len()
        )));
    }
    Ok((this, pos))
}

/// The receiver and the one operand of a binary operator method.
fn operands(vm: &Vm, args: Args, kind: Kind, name: &str) -> PyResult<(Value, Value)> {
    let (this, a) = slot_args(args, kind.name(), name, 1)?;
    if !kind.holds(&this) {
        return Err(type_error(format!(
            "descriptor '{name}' requires a '{}' object but received a '{}'",
            kind.name(),
            vm.type_name(&this)
        )));
    }
    let other = a.into_iter().next().unwrap_or(Value::None);
    Ok((this, other))
}

/// `self.__op__(other)`, or `self.__rop__(other)` when `reflected`.
fn binary(
    vm: &mut Vm,
    args: Args,
    kind: Kind,
    name: &str,
    op: Op,
    reflected: bool,
) -> PyResult<Value> {
    let (this, other) = operands(vm, args, kind, name)?;
    if !kind.accepts(op, &other) {
        let sequence = matches!(kind, Kind::Str | Kind::Bytes | Kind::List | Kind::Tuple);
        if sequence && matches!(op, Op::Add | Op::Mul) {
            // Sequence concatenation and repetition raise instead of
            // deferring to the other operand.
            return Err(sequence_error(vm, kind, op, &other));
        }
        return Ok(Value::NotImplemented);
    }
    let cmp = matches!(op, Op::Lt | Op::Le | Op::Eq | Op::Ne | Op::Gt | Op::Ge);
    if cmp {
        return vm.compare(this, other, op);
    }
    if reflected {
        vm.binary_op(other, this, op)
    } else {
        vm.binary_op(this, other, op)
    }
}

/// CPython's message for `seq + other` / `seq * other` with a bad operand.
fn sequence_error(vm: &Vm, kind: Kind, op: Op, other: &Value) -> crate::objects::PyErr {
    let o = vm.type_name(other);
    type_error(match (kind, op) {
        // `seq.__mul__(x)` converts x with `__index__`, like any count.
        (_, Op::Mul) => format!("'{o}' object cannot be interpreted as an integer"),
        (Kind::Bytes, _) => format!("can't concat {o} to bytes"),
        (k, _) => format!(
            "can only concatenate {} (not \"{o}\") to {}",
            k.name(),
            k.name()
        ),
    })
}

fn unary(vm: &mut Vm, args: Args, kind: Kind, name: &str, op: UnaryOp) -> PyResult<Value> {
    let (this, _) = slot_args(args, kind.name(), name, 0)?;
    if !kind.holds(&this) {
        return Err(type_error(format!(
            "descriptor '{name}' requires a '{}' object but received a '{}'",
            kind.name(),
            vm.type_name(&this)
        )));
    }
    vm.unary_op(this, op)
}

fn hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = slot_args(args, "object", "__hash__", 0)?;
    Ok(Value::Int(vm.hash(&this)?))
}

fn bool_(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = slot_args(args, "object", "__bool__", 0)?;
    Ok(Value::Bool(vm.truthy(&this)?))
}

/// Declares one native operator method per (type, operator).
macro_rules! binops {
    ($kind:expr; $($fname:ident = $name:literal, $op:expr, $refl:expr;)*) => {
        $(
            fn $fname(vm: &mut Vm, args: Args) -> PyResult<Value> {
                binary(vm, args, $kind, $name, $op, $refl)
            }
        )*
    };
}

macro_rules! unops {
    ($kind:expr; $($fname:ident = $name:literal, $op:expr;)*) => {
        $(
            fn $fname(vm: &mut Vm, args: Args) -> PyResult<Value> {
                unary(vm, args, $kind, $name, $op)
            }
        )*
    };
}

/// The comparison methods every ordered built-in type has.
macro_rules! comparisons {
    ($kind:expr; $lt:ident, $le:ident, $eq:ident, $ne:ident, $gt:ident, $ge:ident) => {
        binops! { $kind;
            $lt = "__lt__", Op::Lt, false;
            $le = "__le__", Op::Le, false;
            $eq = "__eq__", Op::Eq, false;
            $ne = "__ne__", Op::Ne, false;
            $gt = "__gt__", Op::Gt, false;
            $ge = "__ge__", Op::Ge, false;
        }
    };
}

// ----- numbers

binops! { Kind::Int;
    int_add = "__add__", Op::Add, false;
    int_radd = "__radd__", Op::Add, true;
    int_sub = "__sub__", Op::Sub, false;
    int_rsub = "__rsub__", Op::Sub, true;
    int_mul = "__mul__", Op::Mul, false;
    int_rmul = "__rmul__", Op::Mul, true;
    int_truediv = "__truediv__", Op::TrueDiv, false;
    int_rtruediv = "__rtruediv__", Op::TrueDiv, true;
    int_floordiv = "__floordiv__", Op::FloorDiv, false;
    int_rfloordiv = "__rfloordiv__", Op::FloorDiv, true;
    int_mod = "__mod__", Op::Mod, false;
    int_rmod = "__rmod__", Op::Mod, true;
    int_pow = "__pow__", Op::Pow, false;
    int_rpow = "__rpow__", Op::Pow, true;
    int_lshift = "__lshift__", Op::LShift, false;
    int_rlshift = "__rlshift__", Op::LShift, true;
    int_rshift = "__rshift__", Op::RShift, false;
    int_rrshift = "__rrshift__", Op::RShift, true;
    int_and = "__and__", Op::BitAnd, false;
    int_rand = "__rand__", Op::BitAnd, true;
    int_or = "__or__", Op::BitOr, false;
    int_ror = "__ror__", Op::BitOr, true;
    int_xor = "__xor__", Op::BitXor, false;
    int_rxor = "__rxor__", Op::BitXor, true;
}
comparisons!(Kind::Int; int_lt, int_le, int_eq, int_ne, int_gt, int_ge);
unops! { Kind::Int;
    int_neg = "__neg__", UnaryOp::Neg;
    int_pos = "__pos__", UnaryOp::Pos;
    int_invert = "__invert__", UnaryOp::Invert;
}

pub const INT: &[(&str, NativeFn)] = &[
    ("__add__", int_add),
    ("__radd__", int_radd),
    ("__sub__", int_sub),
    ("__rsub__", int_rsub),
    ("__mul__", int_mul),
    ("__rmul__", int_rmul),
    ("__truediv__", int_truediv),
    ("__rtruediv__", int_rtruediv),
    ("__floordiv__", int_floordiv),
    ("__rfloordiv__", int_rfloordiv),
    ("__mod__", int_mod),
    ("__rmod__", int_rmod),
    ("__pow__", int_pow),
    ("__rpow__", int_rpow),
    ("__lshift__", int_lshift),
    ("__rlshift__", int_rlshift),
    ("__rshift__", int_rshift),
    ("__rrshift__", int_rrshift),
    ("__and__", int_and),
    ("__rand__", int_rand),
    ("__or__", int_or),
    ("__ror__", int_ror),
    ("__xor__", int_xor),
    ("__rxor__", int_rxor),
    ("__lt__", int_lt),
    ("__le__", int_le),
    ("__eq__", int_eq),
    ("__ne__", int_ne),
    ("__gt__", int_gt),
    ("__ge__", int_ge),
    ("__neg__", int_neg),
    ("__pos__", int_pos),
    ("__invert__", int_invert),
    ("__hash__", hash),
    ("__bool__", bool_),
];

binops! { Kind::Float;
    float_add = "__add__", Op::Add, false;
    float_radd = "__radd__", Op::Add, true;
    float_sub = "__sub__", Op::Sub, false;
    float_rsub = "__rsub__", Op::Sub, true;
    float_mul = "__mul__", Op::Mul, false;
    float_rmul = "__rmul__", Op::Mul, true;
    float_truediv = "__truediv__", Op::TrueDiv, false;
    float_rtruediv = "__rtruediv__", Op::TrueDiv, true;
    float_floordiv = "__floordiv__", Op::FloorDiv, false;
    float_rfloordiv = "__rfloordiv__", Op::FloorDiv, true;
    float_mod = "__mod__", Op::Mod, false;
    float_rmod = "__rmod__", Op::Mod, true;
    float_pow = "__pow__", Op::Pow, false;
    float_rpow = "__rpow__", Op::Pow, true;
}
comparisons!(Kind::Float; float_lt, float_le, float_eq, float_ne, float_gt, float_ge);
unops! { Kind::Float;
    float_neg = "__neg__", UnaryOp::Neg;
    float_pos = "__pos__", UnaryOp::Pos;
}

pub const FLOAT: &[(&str, NativeFn)] = &[
    ("__add__", float_add),
    ("__radd__", float_radd),
    ("__sub__", float_sub),
    ("__rsub__", float_rsub),
    ("__mul__", float_mul),
    ("__rmul__", float_rmul),
    ("__truediv__", float_truediv),
    ("__rtruediv__", float_rtruediv),
    ("__floordiv__", float_floordiv),
    ("__rfloordiv__", float_rfloordiv),
    ("__mod__", float_mod),
    ("__rmod__", float_rmod),
    ("__pow__", float_pow),
    ("__rpow__", float_rpow),
    ("__lt__", float_lt),
    ("__le__", float_le),
    ("__eq__", float_eq),
    ("__ne__", float_ne),
    ("__gt__", float_gt),
    ("__ge__", float_ge),
    ("__neg__", float_neg),
    ("__pos__", float_pos),
    ("__hash__", hash),
    ("__bool__", bool_),
];

// ----- sequences

binops! { Kind::Str;
    str_add = "__add__", Op::Add, false;
    str_mul = "__mul__", Op::Mul, false;
    str_rmul = "__rmul__", Op::Mul, true;
    str_mod = "__mod__", Op::Mod, false;
}
comparisons!(Kind::Str; str_lt, str_le, str_eq, str_ne, str_gt, str_ge);

pub const STR: &[(&str, NativeFn)] = &[
    ("__add__", str_add),
    ("__mul__", str_mul),
    ("__rmul__", str_rmul),
    ("__mod__", str_mod),
    ("__lt__", str_lt),
    ("__le__", str_le),
    ("__eq__", str_eq),
    ("__ne__", str_ne),
    ("__gt__", str_gt),
    ("__ge__", str_ge),
    ("__hash__", hash),
];

binops! { Kind::Bytes;
    bytes_add = "__add__", Op::Add, false;
    bytes_mul = "__mul__", Op::Mul, false;
    bytes_rmul = "__rmul__", Op::Mul, true;
}
comparisons!(Kind::Bytes; bytes_lt, bytes_le, bytes_eq, bytes_ne, bytes_gt, bytes_ge);

pub const BYTES: &[(&str, NativeFn)] = &[
    ("__add__", bytes_add),
    ("__mul__", bytes_mul),
    ("__rmul__", bytes_rmul),
    ("__lt__", bytes_lt),
    ("__le__", bytes_le),
    ("__eq__", bytes_eq),
    ("__ne__", bytes_ne),
    ("__gt__", bytes_gt),
    ("__ge__", bytes_ge),
    ("__hash__", hash),
];

binops! { Kind::List;
    list_add = "__add__", Op::Add, false;
    list_mul = "__mul__", Op::Mul, false;
    list_rmul = "__rmul__", Op::Mul, true;
}
comparisons!(Kind::List; list_lt, list_le, list_eq, list_ne, list_gt, list_ge);

fn list_iadd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, a) = slot_args(args, "list", "__iadd__", 1)?;
    let other = a.into_iter().next().unwrap_or(Value::None);
    vm.inplace_op(this, other, Op::Add)
}

fn list_imul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, a) = slot_args(args, "list", "__imul__", 1)?;
    let other = a.into_iter().next().unwrap_or(Value::None);
    vm.inplace_op(this, other, Op::Mul)
}

pub const LIST: &[(&str, NativeFn)] = &[
    ("__add__", list_add),
    ("__mul__", list_mul),
    ("__rmul__", list_rmul),
    ("__iadd__", list_iadd),
    ("__imul__", list_imul),
    ("__lt__", list_lt),
    ("__le__", list_le),
    ("__eq__", list_eq),
    ("__ne__", list_ne),
    ("__gt__", list_gt),
    ("__ge__", list_ge),
    ("__reversed__", super::misc::reversed_method),
    ("__delitem__", super::list_dunders::delitem),
];

binops! { Kind::Tuple;
    tuple_add = "__add__", Op::Add, false;
    tuple_mul = "__mul__", Op::Mul, false;
    tuple_rmul = "__rmul__", Op::Mul, true;
}
comparisons!(Kind::Tuple; tuple_lt, tuple_le, tuple_eq, tuple_ne, tuple_gt, tuple_ge);

pub const TUPLE: &[(&str, NativeFn)] = &[
    ("__add__", tuple_add),
    ("__mul__", tuple_mul),
    ("__rmul__", tuple_rmul),
    ("__lt__", tuple_lt),
    ("__le__", tuple_le),
    ("__eq__", tuple_eq),
    ("__ne__", tuple_ne),
    ("__gt__", tuple_gt),
    ("__ge__", tuple_ge),
    ("__hash__", hash),
];

// ----- sets and dicts

binops! { Kind::Set;
    set_or = "__or__", Op::BitOr, false;
    set_ror = "__ror__", Op::BitOr, true;
    set_and = "__and__", Op::BitAnd, false;
    set_rand = "__rand__", Op::BitAnd, true;
    set_sub = "__sub__", Op::Sub, false;
    set_rsub = "__rsub__", Op::Sub, true;
    set_xor = "__xor__", Op::BitXor, false;
    set_rxor = "__rxor__", Op::BitXor, true;
}
comparisons!(Kind::Set; set_lt, set_le, set_eq, set_ne, set_gt, set_ge);

pub const SET: &[(&str, NativeFn)] = &[
    ("__or__", set_or),
    ("__ror__", set_ror),
    ("__and__", set_and),
    ("__rand__", set_rand),
    ("__sub__", set_sub),
    ("__rsub__", set_rsub),
    ("__xor__", set_xor),
    ("__rxor__", set_rxor),
    ("__lt__", set_lt),
    ("__le__", set_le),
    ("__eq__", set_eq),
    ("__ne__", set_ne),
    ("__gt__", set_gt),
    ("__ge__", set_ge),
];

binops! { Kind::Dict;
    dict_or = "__or__", Op::BitOr, false;
    dict_ror = "__ror__", Op::BitOr, true;
    dict_eq = "__eq__", Op::Eq, false;
    dict_ne = "__ne__", Op::Ne, false;
}

fn dict_ior(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, a) = slot_args(args, "dict", "__ior__", 1)?;
    let other = a.into_iter().next().unwrap_or(Value::None);
    vm.inplace_op(this, other, Op::BitOr)
}

pub const DICT: &[(&str, NativeFn)] = &[
    ("__or__", dict_or),
    ("__ror__", dict_ror),
    ("__ior__", dict_ior),
    ("__eq__", dict_eq),
    ("__ne__", dict_ne),
    ("__reversed__", super::misc::reversed_method),
];

/// `a` followed by `b`, for a type's method table: `N` must be the sum of
/// their lengths (a wrong `N` fails to compile, as an out-of-bounds index
/// in a constant).
pub const fn concat<const N: usize>(
    a: &[(&'static str, NativeFn)],
    b: &[(&'static str, NativeFn)],
) -> [(&'static str, NativeFn); N] {
    let mut out: [(&'static str, NativeFn); N] = [("", hash); N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < b.len() {
        out[i + j] = b[j];
        j += 1;
    }
    assert!(i + j == N, "concat: wrong length");
    out
}
