//! Modules: a namespace dict with a name.

use super::{DictObj, StrObj};
use std::rc::Rc;

pub struct Module {
    pub name: Rc<StrObj>,
    pub dict: Rc<DictObj>,
}
