//! The builtin functions (`len`, `print`, `sorted`, `isinstance`, ...).

use super::list::sort_values;
use crate::objects::exception::{overflow_error, type_error, value_error, PyErr};
use crate::objects::number::as_bigint;
use crate::objects::{int, Args, ExcKind, IterState, NativeFn, NativeIter, Value};
use crate::vm::eval::Op;
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

pub const BUILTINS: &[(&str, NativeFn)] = &[
    ("print", super::io::print),
    ("input", super::io::input),
    ("open", super::io::open),
    ("len", len),
    ("repr", repr),
    ("ascii", ascii),
    ("abs", abs),
    ("min", min),
    ("max", max),
    ("sum", sum),
    ("sorted", sorted),
    ("any", any),
    ("all", all),
    ("isinstance", isinstance),
    ("issubclass", issubclass),
    ("hasattr", hasattr),
    ("getattr", getattr),
    ("setattr", setattr),
    ("delattr", delattr),
    ("id", id),
    ("hash", hash),
    ("round", round),
    ("divmod", divmod),
    ("pow", pow),
    ("chr", chr),
    ("ord", ord),
    ("hex", hex),
    ("oct", oct),
    ("bin", bin),
    ("iter", iter),
    ("next", next),
    ("callable", callable),
    ("format", format),
    ("vars", vars),
    ("dir", dir),
    ("globals", globals),
    ("locals", locals),
    ("exit", exit),
    ("quit", exit),
    ("__build_class__", build_class),
    ("__import__", import),
];

/// `len(x)`, shared with methods that need a length.
pub fn length(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    let g = vm.gil();
    Ok(match v {
        Value::Str(s) => s.char_len(),
        Value::List(l) => l.items.borrow(g).len(),
        Value::Tuple(t) => t.items.len(),
        Value::Dict(d) => d.table.borrow(g).len(),
        Value::Set(s) => s.table.borrow(g).len(),
        Value::Bytes(b) => b.data.len(),
        Value::Range(r) if r.is_big() => match num_traits::ToPrimitive::to_i64(&r.len_big()) {
            Some(n) => n as usize,
            None => {
                return Err(crate::objects::exception::overflow_error(
                    "Python int too large to convert to C ssize_t",
                ))
            }
        },
        Value::Range(r) => r.len(),
        Value::DictView(dv) => dv.dict.table.borrow(g).len(),
        Value::Instance(_) => {
            let name = vm.interp.names.__len__.clone();
            match vm.lookup_user_method(v, &name) {
                Some(f) => {
                    let n = vm.call0(&f)?;
                    vm.len_result(n)?
                }
                None => return Err(no_len(vm, v)),
            }
        }
        _ => return Err(no_len(vm, v)),
    })
}

fn no_len(vm: &Vm, v: &Value) -> PyErr {
    type_error(format!("object of type '{}' has no len()", vm.type_name(v)))
}

fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("len", 1, 1)?;
    Ok(Value::from(length(vm, &a[0])?))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("repr", 1, 1)?;
    Ok(Value::str(vm.repr(&a[0])?))
}

fn ascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("ascii", 1, 1)?;
    let r = vm.repr(&a[0])?;
    Ok(Value::str(crate::format::repr::ascii_escape(&r)))
}

fn abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("abs", 1, 1)?;
    Ok(match &a[0] {
        Value::Int(i) => int::abs(*i),
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Float(f) => Value::Float(f.abs()),
        Value::BigInt(b) => int::normalize(b.abs()),
        v => {
            let name = vm.interp.names.__abs__.clone();
            match vm.lookup_user_method(v, &name) {
                Some(f) => vm.call0(&f)?,
                None => {
                    return Err(type_error(format!(
                        "bad operand type for abs(): '{}'",
                        vm.type_name(v)
                    )))
                }
            }
        }
    })
}

/// `min()` and `max()`: `op` is the comparison that makes a new best.
fn extreme(vm: &mut Vm, mut args: Args, fname: &str, op: Op) -> PyResult<Value> {
    let key = args.take_kw("key").filter(|k| !k.is_none());
    let default = args.take_kw("default");
    if let Some((k, _)) = args.kw.first() {
        return Err(type_error(format!(
            "'{}' is an invalid keyword argument for {fname}()",
            k.as_str()
        )));
    }
    let items = match args.pos.len() {
        0 => {
            return Err(type_error(format!(
                "{fname} expected at least 1 argument, got 0"
            )))
        }
        1 => {
            let it = args.pos[0].clone();
            vm.collect(&it)?
        }
        _ => {
            if default.is_some() {
                return Err(type_error(format!(
                    "Cannot specify a default for {fname}() with multiple positional arguments"
                )));
            }
            args.pos.into_vec()
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for x in items {
        let k = match &key {
            Some(f) => vm.call1(f, x.clone())?,
            None => x.clone(),
        };
        best = Some(match best {
            None => (k, x),
            Some((bk, bx)) => {
                let r = vm.compare(k.clone(), bk.clone(), op)?;
                if vm.truthy(&r)? {
                    (k, x)
                } else {
                    (bk, bx)
                }
            }
        });
    }
    match (best, default) {
        (Some((_, x)), _) => Ok(x),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(value_error(format!("{fname}() arg is an empty sequence"))),
    }
}

fn min(vm: &mut Vm, args: Args) -> PyResult<Value> {
    extreme(vm, args, "min", Op::Lt)
}

fn max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    extreme(vm, args, "max", Op::Gt)
}

fn sum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [it, start] = args.bind("sum", ["iterable", "start"], 1)?;
    let it = it.unwrap_or(Value::None);
    let mut total = start.unwrap_or(Value::Int(0));
    match &total {
        Value::Str(_) => {
            return Err(type_error(
                "sum() can't sum strings [use ''.join(seq) instead]",
            ))
        }
        Value::Bytes(_) => {
            return Err(type_error(
                "sum() can't sum bytes [use b''.join(seq) instead]",
            ))
        }
        _ => {}
    }
    let iter = vm.get_iter(it)?;
    while let Some(x) = vm.next(&iter)? {
        total = match (&total, &x) {
            (Value::Int(a), Value::Int(b)) => int::add(*a, *b),
            (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
            (Value::Float(a), Value::Int(b)) => Value::Float(a + *b as f64),
            _ => vm.binary_op(total, x, Op::Add)?,
        };
    }
    Ok(total)
}

/// `sorted(iterable, /, *, key=None, reverse=False)`: the arguments are
/// checked in CPython's order (the count, the iterable, then what
/// `list.sort` checks).
fn sorted(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    if args.pos.len() != 1 {
        return Err(type_error(format!(
            "sorted expected 1 argument, got {}",
            args.pos.len()
        )));
    }
    let mut items = vm.collect(&args.pos[0])?;
    let key = args.take_kw("key").filter(|k| !k.is_none());
    let reverse = match args.take_kw("reverse") {
        // As list.sort: `reverse` is converted with `__index__`.
        Some(r) => vm.arg_i64(&r)? != 0,
        None => false,
    };
    if let Some((k, _)) = args.kw.first() {
        return Err(type_error(format!(
            "'{}' is an invalid keyword argument for sort()",
            k.as_str()
        )));
    }
    sort_values(vm, &mut items, key.as_ref(), reverse)?;
    Ok(Value::list(items))
}

fn any(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("any", 1, 1)?;
    let it = vm.get_iter(a[0].clone())?;
    while let Some(x) = vm.next(&it)? {
        if vm.truthy(&x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn all(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("all", 1, 1)?;
    let it = vm.get_iter(a[0].clone())?;
    while let Some(x) = vm.next(&it)? {
        if !vm.truthy(&x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// `isinstance(v, cls_or_tuple)`
pub fn is_instance_of(vm: &mut Vm, v: &Value, spec: &Value, fname: &str) -> PyResult<bool> {
    match spec {
        Value::Class(c) => Ok(vm.isinstance(v, c)),
        Value::Tuple(t) => {
            for s in t.items.iter() {
                if is_instance_of(vm, v, s, fname)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(type_error(format!(
            "{fname}() arg 2 must be a type, a tuple of types, or a union"
        ))),
    }
}

fn isinstance(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("isinstance", 2, 2)?;
    Ok(Value::Bool(is_instance_of(vm, &a[0], &a[1], "isinstance")?))
}

fn issubclass(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("issubclass", 2, 2)?;
    let Value::Class(c) = &a[0] else {
        return Err(type_error("issubclass() arg 1 must be a class"));
    };
    fn check(c: &std::rc::Rc<crate::objects::Class>, spec: &Value) -> PyResult<bool> {
        match spec {
            Value::Class(s) => Ok(c.is_subclass(s)),
            Value::Tuple(t) => {
                for s in t.items.iter() {
                    if check(c, s)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(type_error(
                "issubclass() arg 2 must be a class, a tuple of classes, or a union",
            )),
        }
    }
    Ok(Value::Bool(check(c, &a[1])?))
}

fn attr_name(vm: &Vm, v: &Value) -> PyResult<std::rc::Rc<crate::objects::StrObj>> {
    match v {
        Value::Str(s) => Ok(vm.intern(s.as_str())),
        _ => Err(type_error(format!(
            "attribute name must be string, not '{}'",
            vm.type_name(v)
        ))),
    }
}

fn hasattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("hasattr", 2, 2)?;
    let name = attr_name(vm, &a[1])?;
    match vm.getattr_opt(&a[0], &name) {
        Ok(v) => Ok(Value::Bool(v.is_some())),
        Err(e) if vm.err_is(&e, ExcKind::AttributeError) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn getattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("getattr", 2, 3)?;
    let name = attr_name(vm, &a[1])?;
    match vm.getattr(&a[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if a.len() == 3 && vm.err_is(&e, ExcKind::AttributeError) => Ok(a[2].clone()),
        Err(e) => Err(e),
    }
}

fn setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("setattr", 3, 3)?;
    let name = attr_name(vm, &a[1])?;
    vm.setattr(&a[0], &name, a[2].clone())?;
    Ok(Value::None)
}

fn delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("delattr", 2, 2)?;
    let name = attr_name(vm, &a[1])?;
    vm.delattr(&a[0], &name)?;
    Ok(Value::None)
}

fn id(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("id", 1, 1)?;
    let v = &a[0];
    Ok(Value::from(match v.heap_addr() {
        Some(addr) => addr,
        // Inline values have no address; derive a stable number.
        None => match v {
            Value::Int(i) => 0x1000_0000_0000usize.wrapping_add((*i as usize).wrapping_mul(32)),
            Value::Float(f) => 0x2000_0000_0000usize ^ f.to_bits() as usize,
            Value::Bool(b) => 0x3000_0000_0000 + *b as usize * 32,
            _ => 0x4000_0000_0000,
        },
    }))
}

fn hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("hash", 1, 1)?;
    Ok(Value::Int(vm.hash(&a[0])?))
}

fn round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x, nd] = args.bind("round", ["number", "ndigits"], 1)?;
    let x = x.unwrap_or(Value::None);
    let nd = nd.filter(|n| !n.is_none());
    match (&x, nd) {
        (Value::Float(f), None) => float_to_int(f.round_ties_even()),
        (Value::Float(f), Some(n)) => {
            let n = vm.arg_i64(&n)?;
            let r = crate::format::float::round_float(*f, n);
            if r.is_infinite() && f.is_finite() {
                return Err(overflow_error("rounded value too large to represent"));
            }
            Ok(Value::Float(r))
        }
        (Value::Int(_) | Value::Bool(_) | Value::BigInt(_), None) => Ok(match x {
            Value::Bool(b) => Value::Int(b as i64),
            v => v,
        }),
        (Value::Int(_) | Value::Bool(_) | Value::BigInt(_), Some(n)) => {
            let n = vm.arg_i64(&n)?;
            if n >= 0 {
                return Ok(x);
            }
            let v = as_bigint(&x).unwrap_or_default();
            let p = num_traits::pow(BigInt::from(10), n.unsigned_abs().min(10_000) as usize);
            // Round half to even at 10**-n.
            let (q, r) = num_integer::Integer::div_mod_floor(&v, &p);
            let twice = &r * 2;
            let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) {
                q + 1
            } else {
                q
            };
            Ok(int::normalize(q * p))
        }
        (v, nd) => {
            let name = vm.interp.names.__round__.clone();
            match vm.lookup_user_method(v, &name) {
                Some(f) => match nd {
                    Some(n) => vm.call1(&f, n),
                    None => vm.call0(&f),
                },
                None if v.base_value().is_some() => {
                    let mut a = Args::new([v.unwrap_base().clone()]);
                    a.pos.extend(nd);
                    round(vm, a)
                }
                None => Err(type_error(format!(
                    "type {} doesn't define __round__ method",
                    vm.type_name(v)
                ))),
            }
        }
    }
}

/// A float as an int (`int(f)`, `round(f)`), with CPython's errors.
pub fn float_to_int(f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    if f.abs() < 9.2e18 {
        return Ok(Value::Int(f as i64));
    }
    use num_traits::FromPrimitive;
    Ok(int::normalize(BigInt::from_f64(f).unwrap_or_default()))
}

fn divmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("divmod", 2, 2)?;
    let (x, y) = (a[0].clone(), a[1].clone());
    match (&x, &y) {
        (Value::Float(_), _) | (_, Value::Float(_)) if is_num(&x) && is_num(&y) => {
            let (p, q) = (vm.arg_f64(&x)?, vm.arg_f64(&y)?);
            let (d, m) = int::float_divmod(p, q)?;
            Ok(Value::tuple(vec![Value::Float(d), Value::Float(m)]))
        }
        _ if is_num(&x) && is_num(&y) => {
            if crate::objects::number::is_zero(&y) {
                return Err(crate::objects::exception::zero_division(
                    "integer division or modulo by zero",
                ));
            }
            let d = vm.binary_op(x.clone(), y.clone(), Op::FloorDiv)?;
            let m = vm.binary_op(x, y, Op::Mod)?;
            Ok(Value::tuple(vec![d, m]))
        }
        _ => {
            let (n, r) = (vm.intern("__divmod__"), vm.intern("__rdivmod__"));
            if let Some(f) = vm.lookup_user_method(&x, &n) {
                return vm.call1(&f, y);
            }
            if let Some(f) = vm.lookup_user_method(&y, &r) {
                return vm.call1(&f, x);
            }
            if x.base_value().is_some() || y.base_value().is_some() {
                let (ux, uy) = (x.unwrap_base().clone(), y.unwrap_base().clone());
                if is_num(&ux) && is_num(&uy) {
                    return divmod(vm, Args::new([ux, uy]));
                }
            }
            Err(type_error(format!(
                "unsupported operand type(s) for divmod(): '{}' and '{}'",
                vm.type_name(&x),
                vm.type_name(&y)
            )))
        }
    }
}

fn is_num(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_) | Value::Bool(_) | Value::Float(_) | Value::BigInt(_)
    )
}

fn pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [b, e, m] = args.bind("pow", ["base", "exp", "mod"], 2)?;
    let (b, e) = (b.unwrap_or(Value::None), e.unwrap_or(Value::None));
    match m.filter(|m| !m.is_none()) {
        None => vm.binary_op(b, e, Op::Pow),
        Some(m) => {
            let (Some(b), Some(e), Some(m)) = (as_bigint(&b), as_bigint(&e), as_bigint(&m)) else {
                return Err(type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                ));
            };
            int::pow_mod(&b, &e, &m)
        }
    }
}

fn chr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("chr", 1, 1)?;
    let i = vm.arg_i64(&a[0]).map_err(|e| match &a[0] {
        Value::BigInt(_) => overflow_error("Python int too large to convert to C int"),
        _ => e,
    })?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => Ok(vm.char_str(c)),
        None if (0xD800..0xE000).contains(&i) => Err(value_error(
            "mini strings cannot hold lone surrogates (chr() of a surrogate code point)",
        )),
        None => Err(value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("ord", 1, 1)?;
    match &a[0] {
        Value::Str(s) => {
            if s.char_len() == 1 {
                Ok(Value::Int(s.char_at(0) as i64))
            } else {
                Err(type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.char_len()
                )))
            }
        }
        Value::Bytes(b) if b.data.len() == 1 => Ok(Value::Int(b.data[0] as i64)),
        Value::Bytes(b) => Err(type_error(format!(
            "ord() expected a character, but string of length {} found",
            b.data.len()
        ))),
        v => Err(type_error(format!(
            "ord() expected string of length 1, but {} found",
            vm.type_name(v)
        ))),
    }
}

fn radix(vm: &mut Vm, args: Args, fname: &str, base: u32, prefix: &str) -> PyResult<Value> {
    let a = args.positional(fname, 1, 1)?;
    let v = match as_bigint(&a[0]) {
        Some(v) => v,
        None => {
            let i = vm.arg_i64(&a[0])?;
            BigInt::from(i)
        }
    };
    let digits = v.abs().to_str_radix(base);
    Ok(Value::str(if v.is_negative() {
        format!("-{prefix}{digits}")
    } else {
        format!("{prefix}{digits}")
    }))
}

fn hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix(vm, args, "hex", 16, "0x")
}

fn oct(vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix(vm, args, "oct", 8, "0o")
}

fn bin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix(vm, args, "bin", 2, "0b")
}

fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("iter", 1, 2)?;
    if a.len() == 2 {
        if !is_callable(vm, &a[0]) {
            return Err(type_error("iter(v, w): v must be callable"));
        }
        return Ok(Value::Iter(NativeIter::new(IterState::Callable {
            func: a[0].clone(),
            sentinel: a[1].clone(),
        })));
    }
    vm.get_iter(a[0].clone())
}

fn next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("next", 1, 2)?;
    let it = &a[0];
    let is_iter = matches!(it, Value::Iter(_) | Value::Generator(_)) || {
        let n = vm.interp.names.__next__.clone();
        vm.lookup_special(it, &n).is_some()
    };
    if !is_iter {
        return Err(type_error(format!(
            "'{}' object is not an iterator",
            vm.type_name(it)
        )));
    }
    // User iterators keep their StopIteration (with its value).
    if let Value::Instance(_) = it {
        let n = vm.interp.names.__next__.clone();
        let f = vm.lookup_special(it, &n).unwrap_or(Value::None);
        return match vm.call0(&f) {
            Err(e) if a.len() == 2 && vm.err_is(&e, ExcKind::StopIteration) => Ok(a[1].clone()),
            r => r,
        };
    }
    if let Value::Generator(g) = it {
        return match vm.gen_send(g, Value::None)? {
            crate::vm::gen::GenStep::Yielded(v) => Ok(v),
            crate::vm::gen::GenStep::Returned(r) => match a.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(PyErr::with_args(
                    ExcKind::StopIteration,
                    if r.is_none() { vec![] } else { vec![r] },
                )),
            },
        };
    }
    match vm.next(it)? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(PyErr::with_args(ExcKind::StopIteration, vec![])),
        },
    }
}

pub fn is_callable(vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Builtin(_) | Value::Method(_) | Value::Class(_) => true,
        Value::Instance(_) => {
            let n = vm.interp.names.__call__.clone();
            vm.lookup_special(v, &n).is_some()
        }
        _ => false,
    }
}

fn callable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("callable", 1, 1)?;
    Ok(Value::Bool(is_callable(vm, &a[0])))
}

fn format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("format", 1, 2)?;
    let spec = match a.get(1) {
        Some(s) => vm.arg_str(s, "format() argument 2")?.as_str().to_string(),
        None => String::new(),
    };
    Ok(Value::str(vm.format(&a[0], &spec)?))
}

fn vars(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("vars", 0, 1)?;
    match a.first() {
        None => locals(vm, Args::default()),
        Some(v) => {
            let d = vm.intern("__dict__");
            match vm.getattr_opt(v, &d)? {
                Some(d) => Ok(d),
                None => Err(type_error("vars() argument must have __dict__ attribute")),
            }
        }
    }
}

fn dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("dir", 0, 1)?;
    match a.first() {
        Some(v) => Ok(Value::list(super::object::dir_names(vm, v))),
        None => {
            let d = locals(vm, Args::default())?;
            let mut keys = vm.collect(&d)?;
            super::list::sort_values(vm, &mut keys, None, false)?;
            Ok(Value::list(keys))
        }
    }
}

fn globals(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    match vm.frames.last() {
        Some(f) => Ok(Value::Dict(f.func.globals.clone())),
        None => Ok(Value::Dict(crate::objects::DictObj::new())),
    }
}

/// `locals()`: a snapshot of the calling frame's variables.
fn locals(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    let Some(f) = vm.frames.last() else {
        return Ok(Value::Dict(crate::objects::DictObj::new()));
    };
    if let Some(ns) = &f.namespace {
        return Ok(Value::Dict(ns.clone()));
    }
    let code = f.func.code.clone();
    if code.has_flag(crate::compiler::bytecode::flags::NAMESPACE) {
        return Ok(Value::Dict(f.func.globals.clone()));
    }
    let base = f.base;
    let d = crate::objects::DictObj::new();
    for (i, name) in code.slot_names.iter().enumerate() {
        let v = match &vm.stack[base + i] {
            Value::Cell(c) => c.value.borrow(vm.gil()).clone(),
            v => v.clone(),
        };
        if !v.is_unbound() {
            vm.dict_set_str(&d, name.clone(), v);
        }
    }
    Ok(Value::Dict(d))
}

fn exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("exit", 0, 1)?;
    let _ = vm;
    Err(PyErr::with_args(ExcKind::SystemExit, a.into_vec()))
}

fn build_class(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.build_class(args)
}

fn import(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name, _, _, fromlist, _] = args.bind(
        "__import__",
        ["name", "globals", "locals", "fromlist", "level"],
        1,
    )?;
    let name = vm.arg_str(&name.unwrap_or(Value::None), "__import__() argument 1")?;
    let m = vm.import_module(&name)?;
    let wants_leaf = fromlist
        .is_some_and(|f| !f.is_none() && !matches!(&f, Value::Tuple(t) if t.items.is_empty()));
    if wants_leaf || !name.as_str().contains('.') {
        return Ok(m);
    }
    let top = vm.intern(name.as_str().split('.').next().unwrap_or(""));
    vm.import_module(&top)
}

/// Converts a big int result that must fit a machine word.
pub fn to_usize(v: &BigInt) -> PyResult<usize> {
    v.to_usize()
        .ok_or_else(|| overflow_error("cannot fit 'int' into an index-sized integer"))
}
