//! The `builtins` module: the types, functions and exceptions every
//! program sees without importing anything.

pub mod args;
pub mod arity;
pub mod bytes;
pub mod codec;
pub mod dict;
pub mod dunders;
pub mod exceptions;
pub mod functions;
pub mod io;
pub mod list;
pub mod list_dunders;
pub mod misc;
pub mod numbers;
pub mod object;
pub mod set;
pub mod str;
pub mod types;
pub mod unicode_props;

use crate::gil::Gil;
use crate::objects::{BuiltinFn, DictObj, StrObj, Value};
use crate::vm::Types;
use std::rc::Rc;

/// Fills the builtins namespace.
pub fn populate(
    gil: Gil<'_>,
    d: &DictObj,
    types: &Types,
    intern: &mut dyn FnMut(&str) -> Rc<StrObj>,
) {
    let mut put = |name: &str, v: Value| {
        let key = intern(name);
        let mut t = d.table.borrow_mut(gil);
        match t.find_str(key.hash(), &key) {
            Some(i) => {
                t.set_value_at(i, v);
            }
            None => t.insert_new(key.hash(), Value::Str(key), v),
        }
    };
    for (name, f) in functions::BUILTINS {
        put(name, Value::Builtin(BuiltinFn::new(name, *f)));
    }
    let classes = [
        &types.object,
        &types.type_,
        &types.int,
        &types.bool_,
        &types.float,
        &types.str_,
        &types.bytes,
        &types.list,
        &types.tuple,
        &types.dict,
        &types.set,
        &types.frozenset,
        &types.range,
        &types.slice,
        &types.property,
        &types.staticmethod,
        &types.classmethod,
        &types.super_,
    ];
    for c in classes {
        put(&c.name, Value::Class(c.clone()));
    }
    for name in ["enumerate", "zip", "map", "filter", "reversed"] {
        if let Some(c) = types.iterators.get(name) {
            put(name, Value::Class(c.clone()));
        }
    }
    for c in &types.exceptions {
        put(&c.name, Value::Class(c.clone()));
    }
    // Aliases CPython keeps for old code.
    let oserror = Value::Class(types.exc(crate::objects::ExcKind::OSError).clone());
    put("EnvironmentError", oserror.clone());
    put("IOError", oserror);
    put("None", Value::None);
    put("Ellipsis", Value::Ellipsis);
    put("NotImplemented", Value::NotImplemented);
    put("False", Value::Bool(false));
    put("True", Value::Bool(true));
    // No -O flag: assertions always run.
    put("__debug__", Value::Bool(true));
    put("__name__", Value::str("builtins"));
    put("__doc__", Value::None);
}
