//! `set` and `frozenset`.

use super::types::Spec;
use crate::objects::exception::{key_error, type_error, PyErr};
use crate::objects::set_table::{self, SetTable};
use crate::objects::{Args, Class, ExcKind, SetObj, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

const COMMON: &[(&str, crate::objects::NativeFn)] = &[
    ("copy", copy),
    ("union", union),
    ("intersection", intersection),
    ("difference", difference),
    ("symmetric_difference", symmetric_difference),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("isdisjoint", isdisjoint),
    ("__len__", super::list_dunders::len),
    ("__contains__", super::list_dunders::contains),
    ("__iter__", super::list_dunders::iter),
    ("__repr__", super::list_dunders::repr),
];

const SET_OWN: &[(&str, crate::objects::NativeFn)] = &[
    ("__init__", set_init),
    ("add", add),
    ("remove", remove),
    ("discard", discard),
    ("pop", pop),
    ("clear", clear),
    ("update", update),
    ("intersection_update", intersection_update),
    ("difference_update", difference_update),
    ("symmetric_difference_update", symmetric_difference_update),
    ("copy", copy),
    ("union", union),
    ("intersection", intersection),
    ("difference", difference),
    ("symmetric_difference", symmetric_difference),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("isdisjoint", isdisjoint),
    ("__len__", super::list_dunders::len),
    ("__contains__", super::list_dunders::contains),
    ("__iter__", super::list_dunders::iter),
    ("__repr__", super::list_dunders::repr),
];

const SET_METHODS: [(&str, crate::objects::NativeFn); SET_OWN.len() + super::dunders::SET.len()] =
    super::dunders::concat(SET_OWN, super::dunders::SET);

pub const SET: Spec = Spec {
    subclassable: true,
    new: Some(set_new),
    methods: &SET_METHODS,
    ..Spec::new("set")
};

const FROZENSET_METHODS: [(&str, crate::objects::NativeFn);
    COMMON.len() + super::dunders::SET.len()] = super::dunders::concat(COMMON, super::dunders::SET);

pub const FROZENSET: Spec = Spec {
    subclassable: true,
    new: Some(frozenset_new),
    methods: &FROZENSET_METHODS,
    ..Spec::new("frozenset")
};

fn set_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("set", 0, 1)?;
    match a.first() {
        Some(v) => vm.set_from_iterable(v, false),
        None => Ok(Value::Set(SetObj::new(SetTable::new(), false))),
    }
}

/// `set.__init__(self, iterable=())`, for a subclass's instance.
fn set_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kw.is_empty() {
        return Err(type_error("set() takes no keyword arguments"));
    }
    if args.pos.len() > 2 {
        return Err(type_error(format!(
            "set expected at most 1 argument, got {}",
            args.pos.len() - 1
        )));
    }
    let s = this_mut(vm, &args.pos[0], "__init__")?;
    let table = match args.pos.get(1) {
        Some(v) => match vm.set_from_iterable(v, false)? {
            Value::Set(src) => src.table.borrow(vm.gil()).clone(),
            _ => SetTable::new(),
        },
        None => SetTable::new(),
    };
    *s.table.borrow_mut(vm.gil()) = table;
    Ok(Value::None)
}

fn frozenset_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("frozenset", 0, 1)?;
    match a.first() {
        Some(v @ Value::Set(s)) if s.frozen => Ok(v.clone()),
        Some(v) => vm.set_from_iterable(v, true),
        None => Ok(Value::Set(SetObj::new(SetTable::new(), true))),
    }
}

fn this(vm: &Vm, v: &Value, fname: &str) -> PyResult<Rc<SetObj>> {
    match v {
        Value::Set(s) => Ok(s.clone()),
        _ => Err(type_error(format!(
            "descriptor '{fname}' for 'set' objects doesn't apply to a '{}' object",
            vm.type_name(v)
        ))),
    }
}

/// The receiver of a method that changes the set: frozensets refuse.
fn this_mut(vm: &Vm, v: &Value, fname: &str) -> PyResult<Rc<SetObj>> {
    match v {
        Value::Set(s) if !s.frozen => Ok(s.clone()),
        _ => Err(type_error(format!(
            "descriptor '{fname}' for 'set' objects doesn't apply to a '{}' object",
            vm.type_name(v)
        ))),
    }
}

/// Any iterable as a set (sets themselves are not copied).
fn as_set(vm: &mut Vm, v: &Value) -> PyResult<Rc<SetObj>> {
    match v {
        Value::Set(s) => Ok(s.clone()),
        _ => match vm.set_from_iterable(v, false)? {
            Value::Set(s) => Ok(s),
            other => Err(type_error(format!(
                "expected a set, got '{}'",
                vm.type_name(&other)
            ))),
        },
    }
}

fn native_eq(p: &Value, q: &Value) -> bool {
    p.is(q) || crate::objects::equality::native_eq(p, q) == Some(true)
}

fn add(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::arity::method(args, "set", "add", 1, 1)?;
    let s = this_mut(vm, &s, "add")?;
    vm.set_add(&s, a[0].clone())?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::arity::method(args, "set", "remove", 1, 1)?;
    let s = this_mut(vm, &s, "remove")?;
    if vm.set_discard(&s, &a[0])? {
        Ok(Value::None)
    } else {
        Err(key_error(a[0].clone()))
    }
}

fn discard(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::arity::method(args, "set", "discard", 1, 1)?;
    let s = this_mut(vm, &s, "discard")?;
    vm.set_discard(&s, &a[0])?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, _) = super::arity::method(args, "set", "pop", 0, 0)?;
    let s = this_mut(vm, &s, "pop")?;
    let r = s.table.borrow_mut(vm.gil()).pop();
    match r {
        Some((_, v)) => Ok(v),
        None => Err(PyErr::new(ExcKind::KeyError, "pop from an empty set")),
    }
}

fn clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, _) = super::arity::method(args, "set", "clear", 0, 0)?;
    this_mut(vm, &s, "clear")?
        .table
        .borrow_mut(vm.gil())
        .clear();
    Ok(Value::None)
}

fn update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut pos = args.pos.into_iter();
    let s = this(vm, &pos.next().unwrap_or(Value::None), "update")?;
    for other in pos {
        match &other {
            Value::Set(o) => {
                let o = o.table.borrow(vm.gil()).clone();
                s.table.borrow_mut(vm.gil()).merge(&o, native_eq);
            }
            _ => {
                for v in vm.collect(&other)? {
                    vm.set_add(&s, v)?;
                }
            }
        }
    }
    Ok(Value::None)
}

/// The receiver and the other arguments as sets, for the n-ary methods.
fn operands(vm: &mut Vm, args: Args, fname: &str) -> PyResult<(Rc<SetObj>, Vec<Rc<SetObj>>)> {
    let mut pos = args.pos.into_iter();
    let s = this(vm, &pos.next().unwrap_or(Value::None), fname)?;
    let mut others = Vec::new();
    for o in pos {
        others.push(as_set(vm, &o)?);
    }
    Ok((s, others))
}

fn combine(
    vm: &mut Vm,
    args: Args,
    fname: &str,
    f: fn(&SetTable<Value>, &SetTable<Value>) -> SetTable<Value>,
) -> PyResult<Value> {
    let (s, others) = operands(vm, args, fname)?;
    let g = vm.gil();
    let mut acc = s.table.borrow(g).clone();
    for o in &others {
        acc = f(&acc, &o.table.borrow(g));
    }
    Ok(Value::Set(SetObj::new(acc, s.frozen)))
}

fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, _) = super::arity::method(args, "set", "copy", 0, 0)?;
    let s = this(vm, &s, "copy")?;
    if s.frozen {
        return Ok(Value::Set(s));
    }
    let t = s.table.borrow(vm.gil()).clone();
    Ok(Value::Set(SetObj::new(t, false)))
}

fn union(vm: &mut Vm, args: Args) -> PyResult<Value> {
    combine(vm, args, "union", |a, b| set_table::union(a, b, native_eq))
}

fn intersection(vm: &mut Vm, args: Args) -> PyResult<Value> {
    combine(vm, args, "intersection", |a, b| {
        set_table::intersection(a, b, native_eq)
    })
}

fn difference(vm: &mut Vm, args: Args) -> PyResult<Value> {
    combine(vm, args, "difference", |a, b| {
        set_table::difference(a, b, native_eq)
    })
}

fn symmetric_difference(vm: &mut Vm, args: Args) -> PyResult<Value> {
    combine(vm, args, "symmetric_difference", |a, b| {
        set_table::symmetric_difference(a, b, native_eq)
    })
}

fn in_place(
    vm: &mut Vm,
    args: Args,
    fname: &str,
    f: fn(&mut SetTable<Value>, &SetTable<Value>),
) -> PyResult<Value> {
    let (s, others) = operands(vm, args, fname)?;
    for o in &others {
        if Rc::ptr_eq(o, &s) {
            let copy = s.table.borrow(vm.gil()).clone();
            f(&mut s.table.borrow_mut(vm.gil()), &copy);
        } else {
            let g = vm.gil();
            f(&mut s.table.borrow_mut(g), &o.table.borrow(g));
        }
    }
    Ok(Value::None)
}

fn intersection_update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    in_place(vm, args, "intersection_update", |a, b| {
        set_table::intersection_update(a, b, native_eq)
    })
}

fn difference_update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    in_place(vm, args, "difference_update", |a, b| {
        set_table::difference_update(a, b, native_eq)
    })
}

fn symmetric_difference_update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    in_place(vm, args, "symmetric_difference_update", |a, b| {
        set_table::symmetric_difference_update(a, b, native_eq)
    })
}

fn subset(vm: &mut Vm, a: &SetObj, b: &SetObj) -> PyResult<bool> {
    let items: Vec<Value> = a
        .table
        .borrow(vm.gil())
        .iter()
        .map(|(_, k)| k.clone())
        .collect();
    for v in &items {
        if !vm.set_contains(b, v)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn issubset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::arity::method(args, "set", "issubset", 1, 1)?;
    let s = this(vm, &s, "issubset")?;
    let o = as_set(vm, &a[0])?;
    Ok(Value::Bool(subset(vm, &s, &o)?))
}

fn issuperset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::arity::method(args, "set", "issuperset", 1, 1)?;
    let s = this(vm, &s, "issuperset")?;
    let o = as_set(vm, &a[0])?;
    Ok(Value::Bool(subset(vm, &o, &s)?))
}

fn isdisjoint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::arity::method(args, "set", "isdisjoint", 1, 1)?;
    let s = this(vm, &s, "isdisjoint")?;
    for v in vm.collect(&a[0])? {
        if vm.set_contains(&s, &v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}
