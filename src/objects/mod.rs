//! Runtime objects: the `Value` type and every kind of heap object.
//!
//! Immutable objects (str, tuple, bytes, int) are plain data. Mutable ones
//! keep their state in a [`GilCell`](crate::gil::GilCell), so it can only be
//! reached with the GIL held.

pub mod bytes;
pub mod cell;
pub mod class;
pub mod code;
pub mod dict;
pub mod equality;
pub mod exception;
pub mod function;
pub mod generator;
pub mod hash;
pub mod instance;
pub mod int;
pub mod iter;
pub mod list;
pub mod module;
pub mod number;
pub mod range;
pub mod set;
pub mod set_table;
pub mod slice;
pub mod str;
pub mod tuple;
pub mod value;

pub use self::bytes::BytesObj;
pub use self::str::StrObj;
pub use cell::CellObj;
pub use class::Class;
pub use code::{Code, CodeRef};
pub use dict::{DictObj, DictTable, DictView, ViewKind};
pub use exception::{ExcKind, ExcState, PyErr};
pub use function::{
    Args, BoundMethod, BuiltinFn, ClassMethod, Function, NativeFn, Property, StaticMethod, SuperObj,
};
pub use generator::{GenStatus, Generator};
pub use instance::BaseValue;
pub use instance::Instance;
pub use iter::{IterState, NativeIter};
pub use list::ListObj;
pub use module::Module;
pub use range::RangeObj;
pub use set::SetObj;
pub use slice::SliceObj;
pub use tuple::TupleObj;
pub use value::Value;
