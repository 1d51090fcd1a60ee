//! `random`: Python's algorithms (from `random_core`) on mini values. The
//! module functions are methods of a hidden `Random` instance, as in CPython.

use super::builtins::types::{Builder, Spec};
use super::random_core::{cumulative_weights, PyRandom, RandomError, RandomErrorKind};
use super::set_attr;
use crate::gil::GilCell;
use crate::objects::exception::{type_error, PyErr};
use crate::objects::number::as_bigint;
use crate::objects::{int, Args, BuiltinFn, Class, ExcKind, Instance, NativeFn, Value};
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use std::rc::Rc;

const METHODS: &[(&str, NativeFn)] = &[
    ("seed", seed),
    ("random", random),
    ("randint", randint),
    ("randrange", randrange),
    ("choice", choice),
    ("choices", choices),
    ("shuffle", shuffle),
    ("sample", sample),
    ("uniform", uniform),
    ("triangular", triangular),
    ("gauss", gauss),
    ("normalvariate", normalvariate),
    ("expovariate", expovariate),
    ("getrandbits", getrandbits),
    ("randbytes", randbytes),
    ("getstate", getstate),
    ("setstate", setstate),
];

const RANDOM: Spec = Spec {
    new: Some(random_new),
    subclassable: true,
    methods: METHODS,
    ..Spec::new("Random")
};

type State = GilCell<PyRandom>;

pub fn make(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("random", None);
    let cls = {
        let g = vm.gil();
        let mut intern = |s: &str| vm.intern(s);
        let mut b = Builder {
            gil: g,
            intern: &mut intern,
        };
        b.class(&RANDOM, &[&vm.interp.types.object])
    };
    let key = vm.intern("__module__");
    vm.dict_set_str(&cls.dict, key, Value::str("random"));
    let inst = Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(GilCell::new(PyRandom::from_time_and_pid())),
    ));
    for (name, f) in METHODS {
        let b = BuiltinFn::new(name, *f).bind(inst.clone());
        set_attr(vm, &m, name, Value::Builtin(b));
    }
    set_attr(vm, &m, "Random", Value::Class(cls));
    Ok(m)
}

fn random_new(vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let inst = Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(GilCell::new(PyRandom::from_time_and_pid())),
    ));
    if let Some(s) = args.pos.first() {
        seed(vm, Args::new([inst.clone(), s.clone()]))?;
    }
    Ok(inst)
}

fn err(e: RandomError) -> PyErr {
    let kind = match e.kind {
        RandomErrorKind::ValueError => ExcKind::ValueError,
        RandomErrorKind::TypeError => ExcKind::TypeError,
        RandomErrorKind::IndexError => ExcKind::IndexError,
        RandomErrorKind::ZeroDivisionError => ExcKind::ZeroDivisionError,
    };
    PyErr::new(kind, e.message)
}

/// The receiver's generator and the other arguments.
fn recv(
    vm: &Vm,
    args: Args,
    fname: &str,
    min: usize,
    max: usize,
) -> PyResult<(Rc<Instance>, Vec<Value>)> {
    let (r, a) = args.method(fname, min, max)?;
    match r {
        Value::Instance(i) if i.payload::<State>().is_some() => Ok((i, a.into_vec())),
        other => Err(type_error(format!(
            "descriptor '{fname}' requires a 'Random' object but received a '{}'",
            vm.type_name(&other)
        ))),
    }
}

fn with<R>(vm: &Vm, i: &Instance, f: impl FnOnce(&mut PyRandom) -> R) -> R {
    let st = i.payload::<State>().expect("checked by recv");
    let mut r = st.borrow_mut(vm.gil());
    f(&mut r)
}

fn big(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    match as_bigint(v) {
        Some(b) => Ok(b),
        None => match v {
            Value::Float(f) if f.fract() == 0.0 => Err(type_error(
                "'float' object cannot be interpreted as an integer",
            )),
            _ => Ok(BigInt::from(vm.arg_i64(v)?)),
        },
    }
}

fn seed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "seed", 0, 2)?;
    let s = a.first().cloned().unwrap_or(Value::None);
    match &s {
        Value::None => with(vm, &i, |r| r.seed_time_and_pid()),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            let n = as_bigint(&s).unwrap_or_default();
            with(vm, &i, |r| r.seed_int(&n));
        }
        Value::Str(t) => {
            let bytes = t.as_str().as_bytes().to_vec();
            with(vm, &i, |r| r.seed_bytes(&bytes));
        }
        Value::Bytes(b) => {
            let bytes = b.data.to_vec();
            with(vm, &i, |r| r.seed_bytes(&bytes));
        }
        Value::Float(_) => {
            let h = vm.hash(&s)?;
            with(vm, &i, |r| r.seed_hash(h));
        }
        _ => {
            return Err(type_error(
                "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
            ))
        }
    }
    Ok(Value::None)
}

fn random(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, _) = recv(vm, args, "random", 0, 0)?;
    Ok(Value::Float(with(vm, &i, |r| r.random())))
}

fn randint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "randint", 2, 2)?;
    let (x, y) = (big(vm, &a[0])?, big(vm, &a[1])?);
    with(vm, &i, |r| r.randint(&x, &y))
        .map(int::normalize)
        .map_err(err)
}

fn randrange(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "randrange", 1, 3)?;
    let start = big(vm, &a[0])?;
    let stop = match a.get(1) {
        Some(Value::None) | None => None,
        Some(v) => Some(big(vm, v)?),
    };
    let step = match a.get(2) {
        Some(v) => Some(big(vm, v)?),
        None => None,
    };
    with(vm, &i, |r| {
        r.randrange(&start, stop.as_ref(), step.as_ref())
    })
    .map(int::normalize)
    .map_err(err)
}

fn choice(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "choice", 1, 1)?;
    let n = super::builtins::functions::length(vm, &a[0])?;
    let k = with(vm, &i, |r| r.choice_index(n)).map_err(err)?;
    vm.getitem(&a[0], Value::from(k))
}

fn choices(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let weights = args.take_kw("weights").filter(|w| !w.is_none());
    let cum = args.take_kw("cum_weights").filter(|w| !w.is_none());
    let k = match args.take_kw("k") {
        Some(k) => vm.arg_i64(&k)?.max(0) as usize,
        None => 1,
    };
    let (i, a) = recv(vm, args, "choices", 1, 2)?;
    let pop = vm.collect(&a[0])?;
    let to_floats = |vm: &mut Vm, v: &Value| -> PyResult<Vec<f64>> {
        vm.collect(v)?.iter().map(|x| vm.arg_f64(x)).collect()
    };
    let cum = match (weights.or(a.get(1).cloned()), cum) {
        (Some(_), Some(_)) => {
            return Err(type_error(
                "Cannot specify both weights and cumulative weights",
            ))
        }
        (Some(w), None) => Some(cumulative_weights(&to_floats(vm, &w)?)),
        (None, Some(c)) => Some(to_floats(vm, &c)?),
        (None, None) => None,
    };
    if let Some(c) = &cum {
        if c.len() != pop.len() {
            return Err(PyErr::new(
                ExcKind::ValueError,
                "The number of weights does not match the population",
            ));
        }
    }
    let idx = with(vm, &i, |r| r.choices_indices(pop.len(), k, cum.as_deref())).map_err(err)?;
    Ok(Value::list(
        idx.into_iter().map(|j| pop[j].clone()).collect(),
    ))
}

fn shuffle(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "shuffle", 1, 1)?;
    match &a[0] {
        Value::List(l) => {
            let mut items = std::mem::take(&mut *l.items.borrow_mut(vm.gil()));
            with(vm, &i, |r| r.shuffle(&mut items));
            *l.items.borrow_mut(vm.gil()) = items;
            Ok(Value::None)
        }
        other => Err(type_error(format!(
            "'{}' object does not support item assignment",
            vm.type_name(other)
        ))),
    }
}

fn sample(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let kw_k = args.take_kw("k");
    let (i, a) = recv(vm, args, "sample", 1, 2)?;
    let k = match a.get(1).cloned().or(kw_k) {
        Some(k) => vm.arg_i64(&k)?,
        None => {
            return Err(type_error(
                "Random.sample() missing 1 required positional argument: 'k'",
            ))
        }
    };
    if matches!(a[0], Value::Set(_) | Value::Dict(_)) {
        return Err(type_error(
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        ));
    }
    let pop = vm.collect(&a[0])?;
    if k < 0 {
        return Err(PyErr::new(
            ExcKind::ValueError,
            "Sample larger than population or is negative",
        ));
    }
    let idx = with(vm, &i, |r| r.sample_indices(pop.len(), k as usize)).map_err(err)?;
    Ok(Value::list(
        idx.into_iter().map(|j| pop[j].clone()).collect(),
    ))
}

fn floats2(vm: &mut Vm, args: Args, fname: &str) -> PyResult<(Rc<Instance>, f64, f64)> {
    let (i, a) = recv(vm, args, fname, 2, 2)?;
    Ok((i, vm.arg_f64(&a[0])?, vm.arg_f64(&a[1])?))
}

fn uniform(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a, b) = floats2(vm, args, "uniform")?;
    Ok(Value::Float(with(vm, &i, |r| r.uniform(a, b))))
}

fn triangular(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "triangular", 0, 3)?;
    let low = match a.first() {
        Some(v) => vm.arg_f64(v)?,
        None => 0.0,
    };
    let high = match a.get(1) {
        Some(v) => vm.arg_f64(v)?,
        None => 1.0,
    };
    let mode = match a.get(2) {
        Some(Value::None) | None => None,
        Some(v) => Some(vm.arg_f64(v)?),
    };
    Ok(Value::Float(with(vm, &i, |r| {
        r.triangular(low, high, mode)
    })))
}

fn gauss(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "gauss", 0, 2)?;
    let mu = match a.first() {
        Some(v) => vm.arg_f64(v)?,
        None => 0.0,
    };
    let sigma = match a.get(1) {
        Some(v) => vm.arg_f64(v)?,
        None => 1.0,
    };
    Ok(Value::Float(with(vm, &i, |r| r.gauss(mu, sigma))))
}

fn normalvariate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "normalvariate", 0, 2)?;
    let mu = match a.first() {
        Some(v) => vm.arg_f64(v)?,
        None => 0.0,
    };
    let sigma = match a.get(1) {
        Some(v) => vm.arg_f64(v)?,
        None => 1.0,
    };
    Ok(Value::Float(with(vm, &i, |r| r.normalvariate(mu, sigma))))
}

fn expovariate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "expovariate", 1, 1)?;
    let l = vm.arg_f64(&a[0])?;
    with(vm, &i, |r| r.expovariate(l))
        .map(Value::Float)
        .map_err(err)
}

fn getrandbits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "getrandbits", 1, 1)?;
    let k = vm.arg_i64(&a[0])?;
    if k < 0 {
        return Err(PyErr::new(
            ExcKind::ValueError,
            "number of bits must be non-negative",
        ));
    }
    Ok(int::normalize(with(vm, &i, |r| r.getrandbits(k as u32))))
}

fn randbytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "randbytes", 1, 1)?;
    let n = vm.arg_i64(&a[0])?.max(0) as usize;
    Ok(Value::Bytes(crate::objects::BytesObj::new(with(
        vm,
        &i,
        |r| r.randbytes(n),
    ))))
}

fn getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, _) = recv(vm, args, "getstate", 0, 0)?;
    let (words, index, gauss) = with(vm, &i, |r| r.getstate());
    let mut state: Vec<Value> = words.iter().map(|w| Value::Int(*w as i64)).collect();
    state.push(Value::from(index));
    Ok(Value::tuple(vec![
        Value::Int(3),
        Value::tuple(state),
        gauss.map_or(Value::None, Value::Float),
    ]))
}

fn setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (i, a) = recv(vm, args, "setstate", 1, 1)?;
    let parts = vm.collect(&a[0])?;
    let (Some(Value::Tuple(st)), Some(g)) = (parts.get(1), parts.get(2)) else {
        return Err(type_error("state vector must be a tuple"));
    };
    let items = st.items.to_vec();
    let (words, index) = items.split_at(items.len().saturating_sub(1));
    let words: Vec<u32> = words
        .iter()
        .map(|w| match w {
            Value::Int(x) => *x as u32,
            _ => 0,
        })
        .collect();
    let index = match index.first() {
        Some(Value::Int(x)) => *x,
        _ => 0,
    };
    let gauss = match g {
        Value::Float(f) => Some(*f),
        _ => None,
    };
    with(vm, &i, |r| r.setstate(&words, index, gauss)).map_err(err)?;
    Ok(Value::None)
}
