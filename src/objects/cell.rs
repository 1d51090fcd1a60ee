//! A closure cell: one variable shared between a function and the functions
//! nested in it.

use super::Value;
use crate::gil::GilCell;
use std::rc::Rc;

pub struct CellObj {
    pub value: GilCell<Value>,
}

impl CellObj {
    pub fn new(value: Value) -> Rc<CellObj> {
        Rc::new(CellObj {
            value: GilCell::new(value),
        })
    }
}
