//! `set` and `frozenset`, on a table that iterates in CPython's order.

use super::set_table::SetTable;
use super::Value;
use crate::gil::GilCell;
use std::rc::Rc;

pub struct SetObj {
    pub table: GilCell<SetTable<Value>>,
    pub frozen: bool,
}

impl SetObj {
    pub fn new(table: SetTable<Value>, frozen: bool) -> Rc<SetObj> {
        Rc::new(SetObj {
            table: GilCell::new(table),
            frozen,
        })
    }
}
