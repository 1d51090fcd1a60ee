//! The smaller built-in types: `range`, `slice`, the method
//! decorators, `super`, generators and the lazy iterator classes.

use super::types::Spec;
use crate::objects::exception::{type_error, value_error, PyErr};
use crate::objects::number::as_bigint;
use crate::objects::{
    Args, Class, ClassMethod, ExcKind, IterState, NativeIter, Property, RangeObj, SliceObj,
    StaticMethod, SuperObj, Value,
};
use crate::vm::gen::GenStep;
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_traits::Zero;
use std::rc::Rc;

/// `bytes` lives in its own module; `types.rs` finds it here.
pub use super::bytes::BYTES;

/// The object a getter was called on; None (which every getter rejects
/// with a TypeError) when the getter was called bare, as in
/// `range.start.fget()`.
fn receiver(args: &Args) -> Value {
    args.pos.first().cloned().unwrap_or(Value::None)
}

// ----- range and slice

pub const RANGE: Spec = Spec {
    new: Some(range_new),
    methods: &[
        ("index", range_index),
        ("count", range_count),
        ("__len__", super::list_dunders::len),
        ("__getitem__", super::list_dunders::getitem),
        ("__contains__", super::list_dunders::contains),
        ("__iter__", super::list_dunders::iter),
        ("__repr__", super::list_dunders::repr),
        ("__reversed__", reversed_method),
    ],
    getters: &[
        ("start", range_start),
        ("stop", range_stop),
        ("step", range_step),
    ],
    ..Spec::new("range")
};

/// A range bound: an int, or an object with `__index__`.
fn range_int(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let Some(b) = as_bigint(v) {
        return Ok(b);
    }
    match vm.call_index(v)? {
        Some(i) => Ok(as_bigint(&i).unwrap_or_default()),
        None => Err(vm.not_an_integer(v)),
    }
}

fn range_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    if !args.kw.is_empty() {
        return Err(type_error("range() takes no keyword arguments"));
    }
    let a = args.pos;
    // The common case: machine-word ints.
    let small = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        _ => None,
    };
    match a.len() {
        1 => {
            if let Some(stop) = small(&a[0]) {
                return Ok(Value::Range(RangeObj::new(0, stop, 1)));
            }
        }
        2 => {
            if let (Some(start), Some(stop)) = (small(&a[0]), small(&a[1])) {
                return Ok(Value::Range(RangeObj::new(start, stop, 1)));
            }
        }
        3 => {
            if let (Some(start), Some(stop), Some(step)) =
                (small(&a[0]), small(&a[1]), small(&a[2]))
            {
                if step != 0 {
                    return Ok(Value::Range(RangeObj::new(start, stop, step)));
                }
            }
        }
        _ => {}
    }
    let one = BigInt::from(1);
    let (start, stop, step) = match a.len() {
        1 => (BigInt::default(), range_int(vm, &a[0])?, one),
        2 => (range_int(vm, &a[0])?, range_int(vm, &a[1])?, one),
        3 => (
            range_int(vm, &a[0])?,
            range_int(vm, &a[1])?,
            range_int(vm, &a[2])?,
        ),
        0 => return Err(type_error("range expected at least 1 argument, got 0")),
        n => {
            return Err(type_error(format!(
                "range expected at most 3 arguments, got {n}"
            )))
        }
    };
    if step.is_zero() {
        return Err(value_error("range() arg 3 must not be zero"));
    }
    Ok(Value::Range(RangeObj::from_big(start, stop, step)))
}

fn recv_range(vm: &Vm, v: &Value) -> PyResult<Rc<RangeObj>> {
    match v {
        Value::Range(r) => Ok(r.clone()),
        other => Err(type_error(format!(
            "descriptor requires a 'range' object but received a '{}'",
            vm.type_name(other)
        ))),
    }
}

fn range_start(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(recv_range(vm, &receiver(&args))?.start_value())
}

fn range_stop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(recv_range(vm, &receiver(&args))?.stop_value())
}

fn range_step(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(recv_range(vm, &receiver(&args))?.step_value())
}

/// An exact int (not a subclass with its own `__eq__`) looked up
/// arithmetically; anything else is compared item by item.
fn exact_int(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => as_bigint(v),
        _ => None,
    }
}

fn range_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (rv, a) = args.method("index", 1, 1)?;
    let r = recv_range(vm, &rv)?;
    if let Some(i) = exact_int(&a[0]) {
        if let Some(pos) = r.position(&i) {
            return Ok(crate::objects::int::normalize(pos));
        }
    } else {
        let it = vm.get_iter(rv.clone())?;
        let mut n = 0i64;
        while let Some(x) = vm.next(&it)? {
            if vm.eq(&x, &a[0])? {
                return Ok(Value::Int(n));
            }
            n += 1;
        }
    }
    Err(value_error(format!("{} is not in range", vm.repr(&a[0])?)))
}

fn range_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (rv, a) = args.method("count", 1, 1)?;
    let r = recv_range(vm, &rv)?;
    if let Some(i) = exact_int(&a[0]) {
        return Ok(Value::Int(r.position(&i).is_some() as i64));
    }
    let it = vm.get_iter(rv.clone())?;
    let mut n = 0i64;
    while let Some(x) = vm.next(&it)? {
        if vm.eq(&x, &a[0])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

pub const SLICE: Spec = Spec {
    new: Some(slice_new),
    methods: &[("indices", slice_indices)],
    getters: &[
        ("start", slice_start),
        ("stop", slice_stop),
        ("step", slice_step),
    ],
    ..Spec::new("slice")
};

fn slice_new(_vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("slice", 1, 3)?;
    let (start, stop, step) = match a.len() {
        1 => (Value::None, a[0].clone(), Value::None),
        2 => (a[0].clone(), a[1].clone(), Value::None),
        _ => (a[0].clone(), a[1].clone(), a[2].clone()),
    };
    Ok(Value::Slice(SliceObj::new(start, stop, step)))
}

fn recv_slice(v: &Value) -> PyResult<Rc<SliceObj>> {
    match v {
        Value::Slice(s) => Ok(s.clone()),
        _ => Err(type_error("descriptor requires a 'slice' object")),
    }
}

fn slice_start(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(recv_slice(&receiver(&args))?.start.clone())
}

fn slice_stop(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(recv_slice(&receiver(&args))?.stop.clone())
}

fn slice_step(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(recv_slice(&receiver(&args))?.step.clone())
}

fn slice_indices(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = args.method("indices", 1, 1)?;
    let s = recv_slice(&s)?;
    let n = vm.arg_i64(&a[0])?;
    if n < 0 {
        return Err(value_error("length should not be negative"));
    }
    let ix = vm.slice_indices(&s, n as usize)?;
    Ok(Value::tuple(vec![
        Value::Int(ix.start),
        Value::Int(ix.stop),
        Value::Int(ix.step),
    ]))
}

// ----- functions, methods and their decorators

pub const FUNCTION: Spec = Spec {
    methods: &[("__get__", function_get)],
    ..Spec::new("function")
};

fn function_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (f, a) = args.method("__get__", 1, 2)?;
    if a[0].is_none() {
        return Ok(f);
    }
    Ok(Value::Method(Rc::new(crate::objects::BoundMethod {
        func: f,
        receiver: a[0].clone(),
    })))
}

pub const PROPERTY: Spec = Spec {
    new: Some(property_new),
    methods: &[
        ("getter", property_getter),
        ("setter", property_setter),
        ("deleter", property_deleter),
    ],
    getters: &[
        ("fget", property_fget),
        ("fset", property_fset),
        ("fdel", property_fdel),
        ("__doc__", property_doc),
    ],
    subclassable: false,
    ..Spec::new("property")
};

fn property_new(_vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let [fget, fset, fdel, doc] = args.bind("property", ["fget", "fset", "fdel", "doc"], 0)?;
    Ok(Value::Property(Rc::new(Property {
        fget: fget.unwrap_or(Value::None),
        fset: fset.unwrap_or(Value::None),
        fdel: fdel.unwrap_or(Value::None),
        doc: doc.unwrap_or(Value::None),
    })))
}

fn recv_property(v: &Value) -> PyResult<Rc<Property>> {
    match v {
        Value::Property(p) => Ok(p.clone()),
        _ => Err(type_error("descriptor requires a 'property' object")),
    }
}

fn property_with(args: Args, which: usize) -> PyResult<Value> {
    let (p, a) = args.method("setter", 1, 1)?;
    let p = recv_property(&p)?;
    let mut parts = [p.fget.clone(), p.fset.clone(), p.fdel.clone()];
    parts[which] = a[0].clone();
    let [fget, fset, fdel] = parts;
    Ok(Value::Property(Rc::new(Property {
        fget,
        fset,
        fdel,
        doc: p.doc.clone(),
    })))
}

fn property_getter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    property_with(args, 0)
}

fn property_setter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    property_with(args, 1)
}

fn property_deleter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    property_with(args, 2)
}

fn property_fget(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(recv_property(&receiver(&args))?.fget.clone())
}

fn property_fset(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(recv_property(&receiver(&args))?.fset.clone())
}

fn property_fdel(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(recv_property(&receiver(&args))?.fdel.clone())
}

fn property_doc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = recv_property(&receiver(&args))?;
    if !p.doc.is_none() {
        return Ok(p.doc.clone());
    }
    let doc = vm.intern("__doc__");
    Ok(vm.getattr_opt(&p.fget, &doc)?.unwrap_or(Value::None))
}

pub const STATICMETHOD: Spec = Spec {
    new: Some(staticmethod_new),
    getters: &[("__func__", decorated_func)],
    ..Spec::new("staticmethod")
};

pub const CLASSMETHOD: Spec = Spec {
    new: Some(classmethod_new),
    getters: &[("__func__", decorated_func)],
    ..Spec::new("classmethod")
};

fn staticmethod_new(_vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("staticmethod", 1, 1)?;
    Ok(Value::StaticMethod(Rc::new(StaticMethod {
        func: a[0].clone(),
    })))
}

fn classmethod_new(_vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("classmethod", 1, 1)?;
    Ok(Value::ClassMethod(Rc::new(ClassMethod {
        func: a[0].clone(),
    })))
}

fn decorated_func(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(match &receiver(&args) {
        Value::StaticMethod(s) => s.func.clone(),
        Value::ClassMethod(c) => c.func.clone(),
        _ => Value::None,
    })
}

// ----- super

pub const SUPER: Spec = Spec {
    new: Some(super_new),
    ..Spec::new("super")
};

/// `super(cls, obj)`, or `super()` inside a method: the class comes from
/// the method's `__class__` cell and the object from its first argument.
fn super_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("super", 0, 2)?;
    let (this_class, obj) = match a.len() {
        0 => zero_arg_super(vm)?,
        1 => {
            return Err(type_error(
                "mini supports super() and super(type, obj), not unbound super(type)",
            ))
        }
        _ => match &a[0] {
            Value::Class(c) => (c.clone(), a[1].clone()),
            other => {
                return Err(type_error(format!(
                    "super() argument 1 must be a type, not {}",
                    vm.type_name(other)
                )))
            }
        },
    };
    let obj_type = match &obj {
        Value::Class(c) if c.is_subclass(&this_class) => c.clone(),
        _ => {
            let t = vm.type_of(&obj);
            if !t.is_subclass(&this_class) {
                return Err(type_error(
                    "super(type, obj): obj must be an instance or subtype of type",
                ));
            }
            t
        }
    };
    Ok(Value::Super(Rc::new(SuperObj {
        this_class,
        obj,
        obj_type,
    })))
}

fn zero_arg_super(vm: &mut Vm) -> PyResult<(Rc<Class>, Value)> {
    let err = || PyErr::new(ExcKind::RuntimeError, "super(): no arguments");
    let frame = vm.frames.last().ok_or_else(err)?;
    let code = frame.func.code.clone();
    let base = frame.base;
    if code.argcount == 0 && code.has_flag(crate::compiler::bytecode::flags::VARARGS) {
        return Err(err());
    }
    if code.argcount == 0 {
        return Err(err());
    }
    let first = match &vm.stack[base] {
        Value::Cell(c) => c.value.borrow(vm.gil()).clone(),
        v => v.clone(),
    };
    if first.is_unbound() {
        return Err(PyErr::new(ExcKind::RuntimeError, "super(): arg[0] deleted"));
    }
    let slot = code
        .slot_names
        .iter()
        .position(|n| n.as_str() == "__class__");
    let class = slot.and_then(|i| match &vm.stack[base + i] {
        Value::Cell(c) => match &*c.value.borrow(vm.gil()) {
            Value::Class(c) => Some(c.clone()),
            _ => None,
        },
        _ => None,
    });
    let class = class
        .ok_or_else(|| PyErr::new(ExcKind::RuntimeError, "super(): __class__ cell not found"))?;
    Ok((class, first))
}

// ----- generators

pub const GENERATOR: Spec = Spec {
    methods: &[
        ("send", gen_send),
        ("throw", gen_throw),
        ("close", gen_close),
        ("__next__", gen_next),
        ("__iter__", iter_self),
    ],
    getters: &[
        ("__name__", gen_name),
        ("__qualname__", gen_qualname),
        ("gi_running", gen_running),
    ],
    ..Spec::new("generator")
};

fn recv_gen(v: &Value) -> PyResult<Rc<crate::objects::Generator>> {
    match v {
        Value::Generator(g) => Ok(g.clone()),
        _ => Err(type_error("descriptor requires a 'generator' object")),
    }
}

fn step_result(step: GenStep) -> PyResult<Value> {
    match step {
        GenStep::Yielded(v) => Ok(v),
        GenStep::Returned(r) => Err(PyErr::with_args(
            ExcKind::StopIteration,
            if r.is_none() { vec![] } else { vec![r] },
        )),
    }
}

fn gen_send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (g, a) = args.method("send", 1, 1)?;
    let g = recv_gen(&g)?;
    let step = vm.gen_send(&g, a[0].clone())?;
    step_result(step)
}

fn gen_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (g, _) = args.method("__next__", 0, 0)?;
    let g = recv_gen(&g)?;
    let step = vm.gen_send(&g, Value::None)?;
    step_result(step)
}

fn gen_throw(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (g, a) = args.method("throw", 1, 3)?;
    let g = recv_gen(&g)?;
    let exc = match (&a[0], a.get(1)) {
        (Value::Class(_), Some(v)) if !v.is_none() => {
            let c = a[0].clone();
            vm.call1(&c, v.clone())?
        }
        _ => a[0].clone(),
    };
    let step = vm.gen_throw(&g, exc)?;
    step_result(step)
}

fn gen_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (g, _) = args.method("close", 0, 0)?;
    let g = recv_gen(&g)?;
    vm.gen_close(&g)?;
    Ok(Value::None)
}

fn gen_name(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Str(recv_gen(&receiver(&args))?.name.clone()))
}

fn gen_qualname(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Str(recv_gen(&receiver(&args))?.qualname.clone()))
}

fn gen_running(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = recv_gen(&receiver(&args))?;
    let running = g.state.borrow(vm.gil()).status == crate::objects::GenStatus::Running;
    Ok(Value::Bool(running))
}

// ----- lazy iterators

const ITER_METHODS: &[(&str, crate::objects::NativeFn)] =
    &[("__next__", iter_next), ("__iter__", iter_self)];

pub const ITERATOR_TYPES: &[Spec] = &[
    Spec {
        new: Some(enumerate_new),
        methods: ITER_METHODS,
        ..Spec::new("enumerate")
    },
    Spec {
        new: Some(zip_new),
        methods: ITER_METHODS,
        ..Spec::new("zip")
    },
    Spec {
        new: Some(map_new),
        methods: ITER_METHODS,
        ..Spec::new("map")
    },
    Spec {
        new: Some(filter_new),
        methods: ITER_METHODS,
        ..Spec::new("filter")
    },
    Spec {
        new: Some(reversed_new),
        methods: ITER_METHODS,
        ..Spec::new("reversed")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("list_iterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("list_reverseiterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("tuple_iterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("str_ascii_iterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("str_iterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("bytes_iterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("range_iterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("longrange_iterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("dict_keyiterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("dict_valueiterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("dict_itemiterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("set_iterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("iterator")
    },
    Spec {
        methods: ITER_METHODS,
        ..Spec::new("callable_iterator")
    },
];

fn iter_self(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.pos.into_iter().next().unwrap_or(Value::None))
}

fn iter_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (it, _) = args.method("__next__", 0, 0)?;
    match vm.next(&it)? {
        Some(v) => Ok(v),
        None => Err(PyErr::with_args(ExcKind::StopIteration, vec![])),
    }
}

fn new_iter(state: IterState) -> Value {
    Value::Iter(NativeIter::new(state))
}

fn enumerate_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let [it, start] = args.bind("enumerate", ["iterable", "start"], 1)?;
    let iter = vm.get_iter(it.unwrap_or(Value::None))?;
    let count = match start {
        Some(s @ (Value::Int(_) | Value::BigInt(_))) => s,
        Some(Value::Bool(b)) => Value::Int(b as i64),
        Some(other) => return Err(vm.not_an_integer(&other)),
        None => Value::Int(0),
    };
    Ok(new_iter(IterState::Enumerate { iter, count }))
}

fn zip_new(vm: &mut Vm, _cls: &Rc<Class>, mut args: Args) -> PyResult<Value> {
    let strict = match args.take_kw("strict") {
        Some(s) => vm.truthy(&s)?,
        None => false,
    };
    if let Some((k, _)) = args.kw.first() {
        return Err(type_error(format!(
            "zip() got an unexpected keyword argument '{}'",
            k.as_str()
        )));
    }
    let mut iters = Vec::new();
    for (i, v) in args.pos.into_iter().enumerate() {
        let it = vm.get_iter(v.clone()).map_err(|e| {
            if vm.err_is(&e, ExcKind::TypeError) {
                type_error(format!("zip argument #{} must support iteration", i + 1))
            } else {
                e
            }
        })?;
        iters.push(it);
    }
    Ok(new_iter(IterState::Zip { iters, strict }))
}

fn map_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args
        .positional("map", 2, usize::MAX)
        .map_err(|_| type_error("map() must have at least two arguments."))?;
    let mut iters = Vec::new();
    for v in &a[1..] {
        iters.push(vm.get_iter(v.clone())?);
    }
    Ok(new_iter(IterState::Map {
        func: a[0].clone(),
        iters,
    }))
}

fn filter_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("filter", 2, 2)?;
    let iter = vm.get_iter(a[1].clone())?;
    Ok(new_iter(IterState::Filter {
        func: a[0].clone(),
        iter,
    }))
}

fn reversed_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("reversed", 1, 1)?;
    reversed_of(vm, &a[0])
}

pub fn reversed_method(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (r, _) = args.method("__reversed__", 0, 0)?;
    reversed_of(vm, &r)
}

pub fn reversed_of(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::List(l) => {
            let n = l.items.borrow(vm.gil()).len();
            new_iter(IterState::ListReversed {
                list: l.clone(),
                index: n,
            })
        }
        Value::Range(r) if r.is_big() => {
            let len = r.len_big();
            let last = if len.is_zero() {
                r.start_big()
            } else {
                r.get_big(&(&len - 1))
            };
            new_iter(IterState::LongRange {
                next: last,
                step: -r.step_big(),
                remaining: len,
            })
        }
        Value::Range(r) => {
            let n = r.len();
            let last = if n == 0 { r.start } else { r.get(n - 1) };
            new_iter(IterState::Range {
                next: last,
                step: r.step.wrapping_neg(),
                remaining: n,
            })
        }
        Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) => {
            let mut items = vm.collect(v)?;
            items.reverse();
            let n = items.len();
            let list = crate::objects::ListObj::new(items);
            let _ = n;
            new_iter(IterState::List { list, index: 0 })
        }
        Value::Dict(_) | Value::DictView(_) => {
            let mut items = vm.collect(v)?;
            items.reverse();
            new_iter(IterState::List {
                list: crate::objects::ListObj::new(items),
                index: 0,
            })
        }
        _ => {
            let name = vm.interp.names.__reversed__.clone();
            if let Some(f) = vm.lookup_user_method(v, &name) {
                return vm.call0(&f);
            }
            let (len_name, gi) = (
                vm.interp.names.__len__.clone(),
                vm.interp.names.__getitem__.clone(),
            );
            if vm.lookup_user_method(v, &len_name).is_some()
                && vm.lookup_user_method(v, &gi).is_some()
            {
                let n = super::functions::length(vm, v)? as i64;
                return Ok(new_iter(IterState::SeqReversed {
                    seq: v.clone(),
                    index: n - 1,
                }));
            }
            return Err(type_error(format!(
                "'{}' object is not reversible",
                vm.type_name(v)
            )));
        }
    })
}
