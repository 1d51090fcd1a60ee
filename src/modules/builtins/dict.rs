//! `dict` and its views.

use super::types::Spec;
use crate::objects::exception::{key_error, type_error, PyErr};
use crate::objects::{Args, Class, DictObj, DictView, ExcKind, Value, ViewKind};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

const DICT_OWN: &[(&str, crate::objects::NativeFn)] = &[
    ("__init__", dict_init),
    ("get", get),
    ("keys", keys),
    ("values", values),
    ("items", items),
    ("pop", pop),
    ("popitem", popitem),
    ("setdefault", setdefault),
    ("update", update),
    ("clear", clear),
    ("copy", copy),
    ("__len__", super::list_dunders::len),
    ("__getitem__", super::list_dunders::getitem),
    ("__setitem__", super::list_dunders::setitem),
    ("__delitem__", super::list_dunders::delitem),
    ("__contains__", super::list_dunders::contains),
    ("__iter__", super::list_dunders::iter),
    ("__repr__", super::list_dunders::repr),
];

const DICT_METHODS: [(&str, crate::objects::NativeFn);
    DICT_OWN.len() + super::dunders::DICT.len()] =
    super::dunders::concat(DICT_OWN, super::dunders::DICT);

pub const DICT: Spec = Spec {
    subclassable: true,
    new: Some(dict_new),
    methods: &DICT_METHODS,
    classmethods: &[("fromkeys", fromkeys)],
    ..Spec::new("dict")
};

pub const DICT_KEYS: Spec = Spec {
    methods: &[("isdisjoint", view_isdisjoint)],
    ..Spec::new("dict_keys")
};
pub const DICT_VALUES: Spec = Spec::new("dict_values");
pub const DICT_ITEMS: Spec = Spec {
    methods: &[("isdisjoint", view_isdisjoint)],
    ..Spec::new("dict_items")
};

fn this(vm: &Vm, v: &Value, fname: &str) -> PyResult<Rc<DictObj>> {
    match v {
        Value::Dict(d) => Ok(d.clone()),
        _ => Err(type_error(format!(
            "descriptor '{fname}' for 'dict' objects doesn't apply to a '{}' object",
            vm.type_name(v)
        ))),
    }
}

fn dict_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let d = DictObj::new();
    fill(vm, &d, args, "dict")?;
    Ok(Value::Dict(d))
}

/// `dict.__init__(self, ...)`, for a subclass's instance: an update.
fn dict_init(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let d = match args.pos.first() {
        Some(Value::Dict(d)) => d.clone(),
        _ => return Err(type_error("descriptor '__init__' requires a 'dict' object")),
    };
    args.pos.remove(0);
    fill(vm, &d, args, "dict")?;
    Ok(Value::None)
}

/// `dict(mapping_or_pairs, **kw)` and `d.update(...)`.
fn fill(vm: &mut Vm, d: &Rc<DictObj>, args: Args, fname: &str) -> PyResult<()> {
    if args.pos.len() > 1 {
        return Err(type_error(format!(
            "{fname} expected at most 1 argument, got {}",
            args.pos.len()
        )));
    }
    if let Some(src) = args.pos.first() {
        let is_mapping = match src {
            Value::Dict(_) => true,
            _ => {
                let keys = vm.intern("keys");
                vm.getattr_opt(src, &keys)?.is_some()
            }
        };
        if is_mapping {
            vm.dict_update_from(d, src, false, None)?;
        } else {
            let it = vm.get_iter(src.clone()).map_err(|e| {
                if vm.err_is(&e, ExcKind::TypeError) {
                    type_error(format!("'{}' object is not iterable", vm.type_name(src)))
                } else {
                    e
                }
            })?;
            let mut i = 0;
            while let Some(pair) = vm.next(&it)? {
                let kv = match &pair {
                    Value::Tuple(t) => t.items.to_vec(),
                    Value::List(l) => l.items.borrow(vm.gil()).clone(),
                    Value::Str(_) | Value::Instance(_) | Value::Iter(_) | Value::Generator(_) => {
                        vm.collect(&pair)?
                    }
                    _ => {
                        return Err(type_error(format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        )))
                    }
                };
                if kv.len() != 2 {
                    return Err(crate::objects::exception::value_error(format!(
                        "dictionary update sequence element #{i} has length {}; 2 is required",
                        kv.len()
                    )));
                }
                let mut kv = kv.into_iter();
                let (k, v) = (
                    kv.next().unwrap_or(Value::None),
                    kv.next().unwrap_or(Value::None),
                );
                vm.dict_set(d, k, v)?;
                i += 1;
            }
        }
    }
    for (k, v) in args.kw {
        vm.dict_set_str(d, k, v);
    }
    Ok(())
}

fn get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, a) = super::arity::method(args, "dict", "get", 1, 2)?;
    let d = this(vm, &d, "get")?;
    Ok(vm
        .dict_get(&d, &a[0])?
        .unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None)))
}

fn view(vm: &mut Vm, args: Args, kind: ViewKind, fname: &str) -> PyResult<Value> {
    let (d, _) = super::arity::method(args, "dict", fname, 0, 0)?;
    let dict = this(vm, &d, fname)?;
    Ok(Value::DictView(Rc::new(DictView { dict, kind })))
}

fn keys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view(vm, args, ViewKind::Keys, "keys")
}

fn values(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view(vm, args, ViewKind::Values, "values")
}

fn items(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view(vm, args, ViewKind::Items, "items")
}

fn pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, a) = super::arity::method(args, "dict", "pop", 1, 2)?;
    let d = this(vm, &d, "pop")?;
    match vm.dict_remove(&d, &a[0])? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(def) => Ok(def.clone()),
            None => Err(key_error(a[0].clone())),
        },
    }
}

fn popitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, _) = super::arity::method(args, "dict", "popitem", 0, 0)?;
    let d = this(vm, &d, "popitem")?;
    let r = d.table.borrow_mut(vm.gil()).pop_last();
    match r {
        Some((k, v)) => Ok(Value::tuple(vec![k, v])),
        None => Err(PyErr::new(
            ExcKind::KeyError,
            "popitem(): dictionary is empty",
        )),
    }
}

fn setdefault(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, a) = super::arity::method(args, "dict", "setdefault", 1, 2)?;
    let d = this(vm, &d, "setdefault")?;
    if let Some(v) = vm.dict_get(&d, &a[0])? {
        return Ok(v);
    }
    let def = a.get(1).cloned().unwrap_or(Value::None);
    vm.dict_set(&d, a[0].clone(), def.clone())?;
    Ok(def)
}

fn update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut pos = args.pos.into_iter();
    let d = pos.next().unwrap_or(Value::None);
    let d = this(vm, &d, "update")?;
    fill(
        vm,
        &d,
        Args {
            pos: pos.collect(),
            kw: args.kw,
        },
        "update",
    )?;
    Ok(Value::None)
}

fn clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, _) = super::arity::method(args, "dict", "clear", 0, 0)?;
    let d = this(vm, &d, "clear")?;
    let old = std::mem::take(&mut *d.table.borrow_mut(vm.gil()));
    drop(old);
    d.table.borrow_mut(vm.gil()).clear();
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, _) = super::arity::method(args, "dict", "copy", 0, 0)?;
    let d = this(vm, &d, "copy")?;
    let t = d.table.borrow(vm.gil()).clone();
    Ok(Value::Dict(DictObj::from_table(t)))
}

fn fromkeys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_cls, a) = args.method("fromkeys", 1, 2)?;
    let keys = vm.collect(&a[0])?;
    let v = a.get(1).cloned().unwrap_or(Value::None);
    let d = DictObj::new();
    for k in keys {
        vm.dict_set(&d, k, v.clone())?;
    }
    Ok(Value::Dict(d))
}

fn view_isdisjoint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, a) = super::arity::method(args, "dict", "isdisjoint", 1, 1)?;
    let other = vm.collect(&a[0])?;
    for x in &other {
        if vm.contains(&v, x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}
