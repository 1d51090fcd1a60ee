//! Instances of classes: a class pointer, an attribute dict, and an optional
//! native payload for instances of built-in classes implemented in Rust
//! (exception state, a lock, a thread, an open file, ...).

use super::{Class, DictObj};
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

    /// The payload, if it is a `T`.
    pub fn payload<T: 'static>(&self) -> Option<&T> {
        self.payload.as_ref()?.downcast_ref::<T>()
    }
}
