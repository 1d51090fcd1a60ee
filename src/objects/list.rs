//! `list`: a growable array of values, mutable under the GIL.

use super::Value;
use crate::gil::GilCell;
use std::rc::Rc;

pub struct ListObj {
    pub items: GilCell<Vec<Value>>,
}

impl ListObj {
    pub fn new(items: Vec<Value>) -> Rc<ListObj> {
        Rc::new(ListObj {
            items: GilCell::new(items),
        })
    }
}
