//! `list` and `tuple`, and the sort both `list.sort` and `sorted` use.

use super::types::Spec;
use crate::objects::exception::{index_error, type_error, value_error};
use crate::objects::{Args, Class, ListObj, Value};
use crate::vm::eval::Op;
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

const LIST_OWN: &[(&str, crate::objects::NativeFn)] = &[
    ("append", append),
    ("extend", extend),
    ("insert", insert),
    ("pop", pop),
    ("remove", remove),
    ("index", index),
    ("count", count),
    ("sort", sort),
    ("reverse", reverse),
    ("clear", clear),
    ("copy", copy),
    ("__init__", list_init),
    ("__len__", super::list_dunders::len),
    ("__getitem__", super::list_dunders::getitem),
    ("__setitem__", super::list_dunders::setitem),
    ("__contains__", super::list_dunders::contains),
    ("__iter__", super::list_dunders::iter),
    ("__repr__", super::list_dunders::repr),
];

const LIST_METHODS: [(&str, crate::objects::NativeFn);
    LIST_OWN.len() + super::dunders::LIST.len()] =
    super::dunders::concat(LIST_OWN, super::dunders::LIST);

pub const LIST: Spec = Spec {
    subclassable: true,
    new: Some(list_new),
    methods: &LIST_METHODS,
    ..Spec::new("list")
};

const TUPLE_OWN: &[(&str, crate::objects::NativeFn)] = &[
    ("index", index),
    ("count", count),
    ("__len__", super::list_dunders::len),
    ("__getitem__", super::list_dunders::getitem),
    ("__contains__", super::list_dunders::contains),
    ("__iter__", super::list_dunders::iter),
    ("__repr__", super::list_dunders::repr),
];

const TUPLE_METHODS: [(&str, crate::objects::NativeFn);
    TUPLE_OWN.len() + super::dunders::TUPLE.len()] =
    super::dunders::concat(TUPLE_OWN, super::dunders::TUPLE);

pub const TUPLE: Spec = Spec {
    subclassable: true,
    new: Some(tuple_new),
    methods: &TUPLE_METHODS,
    ..Spec::new("tuple")
};

fn list_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("list", 0, 1)?;
    Ok(Value::list(match a.first() {
        Some(v) => vm.collect(v)?,
        None => Vec::new(),
    }))
}

/// `list.__init__(self, iterable=())`: what a subclass's instance is
/// filled by (a plain `list(...)` is made whole by `list_new`).
fn list_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kw.is_empty() {
        return Err(type_error("list() takes no keyword arguments"));
    }
    if args.pos.len() > 2 {
        return Err(type_error(format!(
            "list expected at most 1 argument, got {}",
            args.pos.len() - 1
        )));
    }
    let l = this_list(vm, &args.pos[0], "__init__")?;
    let items = match args.pos.get(1) {
        Some(v) => vm.collect(v)?,
        None => Vec::new(),
    };
    *l.items.borrow_mut(vm.gil()) = items;
    Ok(Value::None)
}

fn tuple_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("tuple", 0, 1)?;
    Ok(match a.first() {
        Some(v @ Value::Tuple(_)) => v.clone(),
        Some(v) => Value::tuple(vm.collect(v)?),
        None => Value::tuple(Vec::new()),
    })
}

fn this_list(vm: &Vm, v: &Value, fname: &str) -> PyResult<Rc<ListObj>> {
    match v {
        Value::List(l) => Ok(l.clone()),
        _ => Err(type_error(format!(
            "descriptor '{fname}' for 'list' objects doesn't apply to a '{}' object",
            vm.type_name(v)
        ))),
    }
}

/// The items of a list or tuple receiver (a snapshot).
fn items_of(vm: &Vm, v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.items.borrow(vm.gil()).clone(),
        Value::Tuple(t) => t.items.to_vec(),
        _ => Vec::new(),
    }
}

fn append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (l, a) = super::arity::method(args, "list", "append", 1, 1)?;
    let l = this_list(vm, &l, "append")?;
    l.items
        .borrow_mut(vm.gil())
        .push(a.into_iter().next().unwrap_or(Value::None));
    Ok(Value::None)
}

fn extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (l, a) = super::arity::method(args, "list", "extend", 1, 1)?;
    let l = this_list(vm, &l, "extend")?;
    let items = vm.collect(&a[0])?;
    l.items.borrow_mut(vm.gil()).extend(items);
    Ok(Value::None)
}

fn insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (l, a) = super::arity::method(args, "list", "insert", 2, 2)?;
    let l = this_list(vm, &l, "insert")?;
    let i = vm.arg_i64(&a[0])?;
    let mut items = l.items.borrow_mut(vm.gil());
    let n = items.len() as i64;
    let at = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    items.insert(at, a[1].clone());
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (l, a) = super::arity::method(args, "list", "pop", 0, 1)?;
    let l = this_list(vm, &l, "pop")?;
    let i = match a.first() {
        Some(v) => vm.arg_i64(v)?,
        None => -1,
    };
    let mut items = l.items.borrow_mut(vm.gil());
    if items.is_empty() {
        return Err(index_error("pop from empty list"));
    }
    let n = items.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("pop index out of range"));
    }
    Ok(items.remove(j as usize))
}

fn find_index(vm: &mut Vm, items: &[Value], x: &Value) -> PyResult<Option<usize>> {
    for (i, v) in items.iter().enumerate() {
        if v.is(x) || vm.eq(v, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (l, a) = super::arity::method(args, "list", "remove", 1, 1)?;
    let l = this_list(vm, &l, "remove")?;
    let items = l.items.borrow(vm.gil()).clone();
    match find_index(vm, &items, &a[0])? {
        Some(i) => {
            let mut items = l.items.borrow_mut(vm.gil());
            if i < items.len() {
                items.remove(i);
            }
            Ok(Value::None)
        }
        None => Err(value_error("list.remove(x): x not in list")),
    }
}

fn index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let owner = seq_owner(&args);
    let (s, a) = super::arity::method(args, owner, "index", 1, 3)?;
    let items = items_of(vm, &s);
    let n = items.len() as i64;
    let clamp = |v: i64| if v < 0 { (v + n).max(0) } else { v.min(n) } as usize;
    let index_like = |v: &Value| {
        matches!(
            v,
            Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Instance(_)
        )
    };
    if !a[1..].iter().all(index_like) {
        return Err(type_error(
            "slice indices must be integers or have an __index__ method",
        ));
    }
    let start = match super::bytes::bound(vm, a.get(1))? {
        Some(v) => clamp(v),
        None => 0,
    };
    let stop = match super::bytes::bound(vm, a.get(2))? {
        Some(v) => clamp(v),
        None => n as usize,
    };
    for (i, v) in items.iter().enumerate().take(stop).skip(start) {
        if v.is(&a[0]) || vm.eq(v, &a[0])? {
            return Ok(Value::from(i));
        }
    }
    Err(value_error(match s {
        Value::Tuple(_) => "tuple.index(x): x not in tuple".to_string(),
        _ => format!("{} is not in list", vm.repr(&a[0])?),
    }))
}

/// `list` or `tuple`, for the messages of the methods they share.
fn seq_owner(args: &Args) -> &'static str {
    match args.pos.first() {
        Some(Value::Tuple(_)) => "tuple",
        _ => "list",
    }
}

fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let owner = seq_owner(&args);
    let (s, a) = super::arity::method(args, owner, "count", 1, 1)?;
    let items = items_of(vm, &s);
    let mut n = 0i64;
    for v in &items {
        if v.is(&a[0]) || vm.eq(v, &a[0])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn sort(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let key = args.take_kw("key").filter(|k| !k.is_none());
    let reverse = match args.take_kw("reverse") {
        // CPython converts `reverse` with `__index__`: None is refused.
        Some(r) => vm.arg_i64(&r)? != 0,
        None => false,
    };
    if let Some((k, _)) = args.kw.first() {
        return Err(type_error(format!(
            "'{}' is an invalid keyword argument for sort()",
            k.as_str()
        )));
    }
    if args.pos.len() > 1 {
        return Err(type_error("sort() takes no positional arguments"));
    }
    let (l, _) = args.method("sort", 0, 0)?;
    let l = this_list(vm, &l, "sort")?;
    // As CPython: the list looks empty while it is being sorted, so a key
    // function that peeks at it cannot see a half-sorted list.
    let mut items = std::mem::take(&mut *l.items.borrow_mut(vm.gil()));
    let r = sort_values(vm, &mut items, key.as_ref(), reverse);
    let modified = !l.items.borrow(vm.gil()).is_empty();
    *l.items.borrow_mut(vm.gil()) = items;
    r?;
    if modified {
        return Err(value_error("list modified during sort"));
    }
    Ok(Value::None)
}

/// A stable sort using only `<`, like CPython's. Never panics, whatever
/// the comparisons answer.
pub fn sort_values(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<()> {
    if reverse {
        items.reverse();
    }
    match key {
        None => {
            if !fast_sort(items) {
                let mut keyed: Vec<(Value, Value)> =
                    items.drain(..).map(|v| (v.clone(), v)).collect();
                merge_sort(vm, &mut keyed)?;
                items.extend(keyed.into_iter().map(|(_, v)| v));
            }
        }
        Some(f) => {
            let mut keyed = Vec::with_capacity(items.len());
            for v in items.drain(..) {
                let k = vm.call1(f, v.clone())?;
                keyed.push((k, v));
            }
            if fast_sortable(keyed.iter().map(|(k, _)| k)) {
                keyed.sort_by(|a, b| fast_cmp(&a.0, &b.0));
            } else {
                merge_sort(vm, &mut keyed)?;
            }
            items.extend(keyed.into_iter().map(|(_, v)| v));
        }
    }
    if reverse {
        items.reverse();
    }
    Ok(())
}

/// All ints, all non-NaN floats, or all strings: a total order Rust's sort can use.
fn fast_sortable<'a>(mut items: impl Iterator<Item = &'a Value>) -> bool {
    let Some(first) = items.next() else {
        return true;
    };
    match first {
        Value::Int(_) => items.all(|v| matches!(v, Value::Int(_))),
        Value::Float(f) if !f.is_nan() => {
            items.all(|v| matches!(v, Value::Float(f) if !f.is_nan()))
        }
        Value::Str(_) => items.all(|v| matches!(v, Value::Str(_))),
        _ => false,
    }
}

fn fast_cmp(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal),
        (Value::Str(x), Value::Str(y)) => x.as_str().cmp(y.as_str()),
        _ => std::cmp::Ordering::Equal,
    }
}

fn fast_sort(items: &mut [Value]) -> bool {
    if !fast_sortable(items.iter()) {
        return false;
    }
    items.sort_by(fast_cmp);
    true
}

/// Stable merge sort of (key, value) pairs by key, with `<` through the VM.
fn merge_sort(vm: &mut Vm, v: &mut [(Value, Value)]) -> PyResult<()> {
    let n = v.len();
    if n < 2 {
        return Ok(());
    }
    // Binary insertion sort for short runs, then bottom-up merging.
    const RUN: usize = 16;
    let mut start = 0;
    while start < n {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let mut lo = start;
            let mut hi = i;
            while lo < hi {
                let mid = (lo + hi) / 2;
                // Insert after equal elements: stable.
                if less(vm, &v[i].0, &v[mid].0)? {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            v[lo..=i].rotate_right(1);
        }
        start = end;
    }
    let mut width = RUN;
    let mut buf: Vec<(Value, Value)> = Vec::with_capacity(n);
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            if mid < hi {
                buf.clear();
                let (mut i, mut j) = (lo, mid);
                while i < mid && j < hi {
                    // Take from the right only if strictly smaller.
                    if less(vm, &v[j].0, &v[i].0)? {
                        buf.push(v[j].clone());
                        j += 1;
                    } else {
                        buf.push(v[i].clone());
                        i += 1;
                    }
                }
                buf.extend(v[i..mid].iter().cloned());
                buf.extend(v[j..hi].iter().cloned());
                for (k, item) in buf.drain(..).enumerate() {
                    v[lo + k] = item;
                }
            }
            lo = hi;
        }
        width *= 2;
    }
    Ok(())
}

fn less(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x < y),
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        (Value::Str(x), Value::Str(y)) => Ok(x.as_str() < y.as_str()),
        _ => {
            let r = vm.compare(a.clone(), b.clone(), Op::Lt)?;
            vm.truthy(&r)
        }
    }
}

fn reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (l, _) = super::arity::method(args, "list", "reverse", 0, 0)?;
    this_list(vm, &l, "reverse")?
        .items
        .borrow_mut(vm.gil())
        .reverse();
    Ok(Value::None)
}

fn clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (l, _) = super::arity::method(args, "list", "clear", 0, 0)?;
    let old = std::mem::take(&mut *this_list(vm, &l, "clear")?.items.borrow_mut(vm.gil()));
    drop(old);
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (l, _) = super::arity::method(args, "list", "copy", 0, 0)?;
    let items = this_list(vm, &l, "copy")?.items.borrow(vm.gil()).clone();
    Ok(Value::list(items))
}
