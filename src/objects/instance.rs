//! Instances of classes: a class pointer, an attribute dict, and an optional
//! native payload for instances of built-in classes implemented in Rust
//! (exception state, a lock, a thread, an open file, ...).

use super::{Class, DictObj, Value};
use std::any::Any;
use std::rc::Rc;

pub struct Instance {
    pub class: Rc<Class>,
    pub dict: Rc<DictObj>,
    pub payload: Option<Box<dyn Any>>,
}

impl Instance {
    pub fn new(class: Rc<Class>) -> Rc<Instance> {
        Rc::new(Instance {
            class,
            dict: DictObj::new(),
            payload: None,
        })
    }

    pub fn with_payload(class: Rc<Class>, payload: Box<dyn Any>) -> Rc<Instance> {
        Rc::new(Instance {
            class,
            dict: DictObj::new(),
            payload: Some(payload),
        })
    }

    /// For an instance of a subclass of a built-in value type, the value
    /// of that type it wraps (`class L(list)`: the list).
    #[inline]
    pub fn base(&self) -> Option<&Value> {
        self.payload::<BaseValue>().map(|b| &b.0)
    }

    /// The payload, if it is a `T`.
    pub fn payload<T: 'static>(&self) -> Option<&T> {
        self.payload.as_ref()?.downcast_ref::<T>()
    }
}

/// The payload of an instance of a subclass of a built-in value type
/// (`int`, `str`, `tuple`, `list`, `dict`, `set`, ...): the value of the
/// built-in type it is. Native methods of that type called on the instance
/// get this value as their receiver.
pub struct BaseValue(pub Value);
