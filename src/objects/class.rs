//! Classes: user classes and the built-in types alike.
//!
//! A class is a name, its bases, its method resolution order (C3, as Python's)
//! and a dict of attributes. Built-in types are classes too (`type(1) is int`),
//! whose dicts hold native methods.

use super::{DictObj, StrObj, Value};
use crate::gil::{Gil, GilCell};
use crate::vm::{PyResult, Vm};
use std::cell::Cell;
use std::rc::{Rc, Weak};

/// How instances of a built-in class (and of classes derived from it) are made:
/// the native `__new__`. It receives the class actually being instantiated.
pub type NewFn = fn(&mut Vm, &Rc<Class>, super::Args) -> PyResult<Value>;

pub struct Class {
    pub name: String,
    pub qualname: String,
    pub bases: Vec<Rc<Class>>,
    /// The MRO without the class itself (it would be a reference cycle).
    pub mro: Vec<Rc<Class>>,
    pub dict: Rc<DictObj>,
    /// The native constructor, if this class defines one (inherited otherwise).
    pub native_new: Option<NewFn>,
    /// Whether mini programs may subclass it.
    pub subclassable: bool,
    /// Cached facts about dunder methods (see `flags`), kept current by
    /// `refresh_flags` whenever a dunder is assigned on this class or a base.
    pub flags: Cell<u32>,
    pub subclasses: GilCell<Vec<Weak<Class>>>,
}

/// `flags` bits.
pub mod flags {
    /// Defines or inherits a mini `__eq__`.
    pub const USER_EQ: u32 = 1 << 0;
    /// Defines or inherits a mini `__hash__`.
    pub const USER_HASH: u32 = 1 << 1;
    /// `__hash__` is None (set implicitly when `__eq__` is defined alone).
    pub const UNHASHABLE: u32 = 1 << 2;
    pub const HAS_GETATTR: u32 = 1 << 3;
    pub const HAS_SETATTR: u32 = 1 << 4;
    pub const HAS_DELATTR: u32 = 1 << 5;
    /// Instances are exceptions (derive from BaseException).
    pub const EXCEPTION: u32 = 1 << 6;
    /// A class created by a `class` statement (not a built-in type).
    pub const HEAP: u32 = 1 << 7;
    /// A built-in value type whose subclasses' instances wrap a value of it
    /// (`int`, `str`, `list`, `dict`, ...: see `instance::BaseValue`).
    pub const VALUE: u32 = 1 << 8;
}

impl Class {
    /// `self` followed by its MRO.
    pub fn mro_iter(self: &Rc<Class>) -> impl Iterator<Item = &Rc<Class>> + '_ {
        std::iter::once(self).chain(self.mro.iter())
    }

    /// Looks `name` up along the MRO, without descriptors applied.
    pub fn lookup(self: &Rc<Class>, gil: Gil<'_>, name: &StrObj) -> Option<Value> {
        let hash = name.hash();
        for cls in self.mro_iter() {
            let d = cls.dict.table.borrow(gil);
            if let Some(i) = d.find_str(hash, name) {
                return Some(d.value_at(i).clone());
            }
        }
        None
    }

    /// Like `lookup`, but also says which class defined it.
    pub fn lookup_with_owner(
        self: &Rc<Class>,
        gil: Gil<'_>,
        name: &StrObj,
    ) -> Option<(Value, Rc<Class>)> {
        let hash = name.hash();
        for cls in self.mro_iter() {
            let d = cls.dict.table.borrow(gil);
            if let Some(i) = d.find_str(hash, name) {
                return Some((d.value_at(i).clone(), cls.clone()));
            }
        }
        None
    }

    pub fn is_subclass(self: &Rc<Class>, other: &Rc<Class>) -> bool {
        self.mro_iter().any(|c| Rc::ptr_eq(c, other))
    }

    #[inline]
    pub fn has_flag(&self, f: u32) -> bool {
        self.flags.get() & f != 0
    }

    /// The native constructor of the nearest class in the MRO that has one.
    pub fn new_fn(self: &Rc<Class>) -> Option<NewFn> {
        self.mro_iter().find_map(|c| c.native_new)
    }

    /// For a subclass of a built-in value type (`class L(list)`), that type.
    pub fn value_base(self: &Rc<Class>) -> Option<&Rc<Class>> {
        if !self.has_flag(flags::HEAP) {
            return None;
        }
        let b = self.builtin_base();
        b.has_flag(flags::VALUE).then_some(b)
    }

    /// The nearest built-in (non-heap) class in the MRO.
    pub fn builtin_base(self: &Rc<Class>) -> &Rc<Class> {
        self.mro_iter()
            .find(|c| !c.has_flag(flags::HEAP))
            .unwrap_or(self)
    }
}

/// Computes the C3 linearization of `bases` (the MRO minus the class itself).
/// Returns `None` when no consistent order exists.
pub fn c3_mro(bases: &[Rc<Class>]) -> Option<Vec<Rc<Class>>> {
    let mut seqs: Vec<Vec<Rc<Class>>> = bases
        .iter()
        .map(|b| b.mro_iter().cloned().collect())
        .collect();
    seqs.push(bases.to_vec());
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let head = seqs.iter().map(|s| &s[0]).find(|cand| {
            !seqs
                .iter()
                .any(|s| s[1..].iter().any(|c| Rc::ptr_eq(c, cand)))
        })?;
        let head = head.clone();
        for s in seqs.iter_mut() {
            if Rc::ptr_eq(&s[0], &head) {
                s.remove(0);
            }
        }
        out.push(head);
    }
}

/// A value that a class's dict marks as "no hash" (`__hash__ = None`).
pub fn is_none(v: &Value) -> bool {
    matches!(v, Value::None)
}
