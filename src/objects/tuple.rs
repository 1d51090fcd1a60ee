//! `tuple`: an immutable sequence. Immutable, so no cell and no token needed.

use super::Value;
use std::rc::Rc;

pub struct TupleObj {
    pub items: Box<[Value]>,
}

impl TupleObj {
    pub fn new(items: Vec<Value>) -> Rc<TupleObj> {
        Rc::new(TupleObj {
            items: items.into_boxed_slice(),
        })
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
