//! `math`

use super::{add_functions, set_attr};
use crate::objects::exception::{overflow_error, type_error, value_error};
use crate::objects::number::as_bigint;
use crate::objects::{int, Args, Value};
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

pub fn make(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("math", None);
    set_attr(vm, &m, "pi", Value::Float(std::f64::consts::PI));
    set_attr(vm, &m, "e", Value::Float(std::f64::consts::E));
    set_attr(vm, &m, "tau", Value::Float(std::f64::consts::TAU));
    set_attr(vm, &m, "inf", Value::Float(f64::INFINITY));
    set_attr(vm, &m, "nan", Value::Float(f64::NAN));
    add_functions(
        vm,
        &m,
        &[
            ("sqrt", sqrt),
            ("floor", floor),
            ("ceil", ceil),
            ("trunc", trunc),
            ("fabs", fabs),
            ("gcd", gcd),
            ("lcm", lcm),
            ("factorial", factorial),
            ("isqrt", isqrt),
            ("comb", comb),
            ("perm", perm),
            ("prod", prod),
            ("fsum", fsum),
            ("isclose", isclose),
            ("isinf", isinf),
            ("isnan", isnan),
            ("isfinite", isfinite),
            ("log", log),
            ("log2", log2),
            ("log10", log10),
            ("log1p", log1p),
            ("exp", exp),
            ("expm1", expm1),
            ("pow", pow),
            ("sin", sin),
            ("cos", cos),
            ("tan", tan),
            ("asin", asin),
            ("acos", acos),
            ("atan", atan),
            ("atan2", atan2),
            ("sinh", sinh),
            ("cosh", cosh),
            ("tanh", tanh),
            ("hypot", hypot),
            ("dist", dist),
            ("degrees", degrees),
            ("radians", radians),
            ("copysign", copysign),
            ("fmod", fmod),
            ("modf", modf),
            ("frexp", frexp),
            ("ldexp", ldexp),
        ],
    );
    Ok(m)
}

fn arg1(vm: &mut Vm, args: Args, name: &str) -> PyResult<f64> {
    let a = args.positional(name, 1, 1)?;
    vm.arg_f64(&a[0])
}

/// Checks a libm result the way CPython's math module does.
fn checked(x: f64, r: f64) -> PyResult<Value> {
    if r.is_nan() && !x.is_nan() {
        return Err(value_error("math domain error"));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(overflow_error("math range error"));
    }
    Ok(Value::Float(r))
}

macro_rules! unary {
    ($($name:ident => $f:expr),* $(,)?) => {$(
        fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let x = arg1(vm, args, stringify!($name))?;
            let f: fn(f64) -> f64 = $f;
            checked(x, f(x))
        }
    )*};
}

unary! {
    exp => f64::exp,
    expm1 => f64::exp_m1,
    sin => f64::sin,
    cos => f64::cos,
    tan => f64::tan,
    asin => f64::asin,
    acos => f64::acos,
    atan => f64::atan,
    sinh => f64::sinh,
    cosh => f64::cosh,
    tanh => f64::tanh,
    fabs => f64::abs,
    degrees => f64::to_degrees,
    radians => f64::to_radians,
}

fn sqrt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = arg1(vm, args, "sqrt")?;
    if x < 0.0 {
        return Err(value_error("math domain error"));
    }
    Ok(Value::Float(x.sqrt()))
}

/// `floor`/`ceil`/`trunc`: ints stay ints; floats become ints.
fn rounding(vm: &mut Vm, args: Args, name: &str, f: fn(f64) -> f64) -> PyResult<Value> {
    let a = args.positional(name, 1, 1)?;
    match &a[0] {
        Value::Int(_) | Value::BigInt(_) => Ok(a[0].clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Instance(_) => {
            let n = vm.intern(&format!("__{name}__"));
            match vm.lookup_user_method(&a[0], &n) {
                Some(m) => vm.call0(&m),
                None => {
                    let x = vm.arg_f64(&a[0])?;
                    super::builtins::functions::float_to_int(f(x))
                }
            }
        }
        v => {
            let x = vm.arg_f64(v)?;
            super::builtins::functions::float_to_int(f(x))
        }
    }
}

fn floor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rounding(vm, args, "floor", f64::floor)
}

fn ceil(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rounding(vm, args, "ceil", f64::ceil)
}

fn trunc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rounding(vm, args, "trunc", f64::trunc)
}

fn int_arg(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<BigInt> {
    match as_bigint(v) {
        Some(b) => Ok(b),
        None => match v {
            Value::Float(_) => Err(type_error(
                "'float' object cannot be interpreted as an integer",
            )),
            _ => {
                let i = vm
                    .arg_i64(v)
                    .map_err(|_| type_error(format!("{fname}() argument must be an integer")))?;
                Ok(BigInt::from(i))
            }
        },
    }
}

fn gcd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("gcd", 0, usize::MAX)?;
    let mut g = BigInt::zero();
    for v in &a {
        g = g.gcd(&int_arg(vm, v, "gcd")?);
    }
    Ok(int::normalize(g))
}

fn lcm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("lcm", 0, usize::MAX)?;
    let mut l = BigInt::one();
    for v in &a {
        let x = int_arg(vm, v, "lcm")?;
        if x.is_zero() {
            return Ok(Value::Int(0));
        }
        l = l.lcm(&x);
    }
    Ok(int::normalize(l))
}

fn factorial(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("factorial", 1, 1)?;
    if let Value::Float(_) = a[0] {
        return Err(type_error(
            "'float' object cannot be interpreted as an integer",
        ));
    }
    let n = int_arg(vm, &a[0], "factorial")?;
    if n.is_negative() {
        return Err(value_error("factorial() not defined for negative values"));
    }
    let n = n
        .to_u64()
        .filter(|&n| n <= 100_000)
        .ok_or_else(|| overflow_error("factorial() argument should not exceed 100000 in mini"))?;
    let mut r = BigInt::one();
    for i in 2..=n {
        r *= i;
    }
    Ok(int::normalize(r))
}

fn isqrt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("isqrt", 1, 1)?;
    let n = int_arg(vm, &a[0], "isqrt")?;
    if n.is_negative() {
        return Err(value_error("isqrt() argument must be nonnegative"));
    }
    Ok(int::normalize(n.sqrt()))
}

fn comb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("comb", 2, 2)?;
    let (n, k) = (int_arg(vm, &a[0], "comb")?, int_arg(vm, &a[1], "comb")?);
    if n.is_negative() || k.is_negative() {
        return Err(value_error(if n.is_negative() {
            "n must be a non-negative integer"
        } else {
            "k must be a non-negative integer"
        }));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k).to_u64().unwrap_or(0);
    let mut r = BigInt::one();
    for i in 0..k {
        r = r * (&n - i) / (i + 1);
    }
    Ok(int::normalize(r))
}

fn perm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("perm", 1, 2)?;
    let n = int_arg(vm, &a[0], "perm")?;
    let k = match a.get(1) {
        Some(Value::None) | None => n.clone(),
        Some(k) => int_arg(vm, k, "perm")?,
    };
    if n.is_negative() || k.is_negative() {
        return Err(value_error(if n.is_negative() {
            "n must be a non-negative integer"
        } else {
            "k must be a non-negative integer"
        }));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let mut r = BigInt::one();
    for i in 0..k.to_u64().unwrap_or(0) {
        r *= &n - i;
    }
    Ok(int::normalize(r))
}

fn prod(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let start = args.take_kw("start").unwrap_or(Value::Int(1));
    let a = args.positional("prod", 1, 1)?;
    let mut acc = start;
    for v in vm.collect(&a[0])? {
        acc = vm.binary_op(acc, v, crate::vm::eval::Op::Mul)?;
    }
    Ok(acc)
}

/// Exact floating-point sum (Shewchuk's algorithm, as CPython's fsum).
fn fsum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("fsum", 1, 1)?;
    let mut partials: Vec<f64> = Vec::new();
    let mut special = 0.0f64;
    for v in vm.collect(&a[0])? {
        let mut x = vm.arg_f64(&v)?;
        if !x.is_finite() {
            special += x;
            continue;
        }
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        partials.push(x);
    }
    if special != 0.0 || special.is_nan() {
        return Ok(Value::Float(special));
    }
    // Sum the partials from the top, correcting the final rounding.
    let mut hi = 0.0;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(Value::Float(hi))
}

fn isclose(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let rel = match args.take_kw("rel_tol") {
        Some(v) => vm.arg_f64(&v)?,
        None => 1e-9,
    };
    let abs_tol = match args.take_kw("abs_tol") {
        Some(v) => vm.arg_f64(&v)?,
        None => 0.0,
    };
    let a = args.positional("isclose", 2, 2)?;
    let (x, y) = (vm.arg_f64(&a[0])?, vm.arg_f64(&a[1])?);
    if rel < 0.0 || abs_tol < 0.0 {
        return Err(value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::Bool(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (x - y).abs();
    Ok(Value::Bool(
        diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs_tol,
    ))
}

fn isinf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(arg1(vm, args, "isinf")?.is_infinite()))
}

fn isnan(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(arg1(vm, args, "isnan")?.is_nan()))
}

fn isfinite(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(arg1(vm, args, "isfinite")?.is_finite()))
}

/// Natural log of any positive number, big ints included.
fn ln(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Value::BigInt(b) = v {
        if b.is_positive() {
            let bits = b.bits();
            let shift = bits.saturating_sub(64);
            let top = (&**b >> shift).to_f64().unwrap_or(f64::MAX);
            return Ok(top.ln() + shift as f64 * std::f64::consts::LN_2);
        }
        return Err(value_error("math domain error"));
    }
    let x = vm.arg_f64(v)?;
    if x <= 0.0 {
        return Err(value_error("math domain error"));
    }
    Ok(x.ln())
}

fn log(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("log", 1, 2)?;
    let num = ln(vm, &a[0])?;
    match a.get(1) {
        None => Ok(Value::Float(num)),
        Some(b) => {
            let den = ln(vm, b)?;
            if den == 0.0 {
                return Err(crate::objects::exception::zero_division(
                    "float division by zero",
                ));
            }
            Ok(Value::Float(num / den))
        }
    }
}

fn log2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("log2", 1, 1)?;
    if let Value::Float(x) = a[0] {
        if x > 0.0 {
            return Ok(Value::Float(x.log2()));
        }
    }
    if let Value::Int(i) = a[0] {
        if i > 0 {
            return Ok(Value::Float((i as f64).log2()));
        }
    }
    Ok(Value::Float(ln(vm, &a[0])? / std::f64::consts::LN_2))
}

fn log10(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("log10", 1, 1)?;
    if let Value::Float(x) = a[0] {
        if x > 0.0 {
            return Ok(Value::Float(x.log10()));
        }
    }
    if let Value::Int(i) = a[0] {
        if i > 0 {
            return Ok(Value::Float((i as f64).log10()));
        }
    }
    Ok(Value::Float(ln(vm, &a[0])? / std::f64::consts::LN_10))
}

fn log1p(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = arg1(vm, args, "log1p")?;
    if x <= -1.0 {
        return Err(value_error("math domain error"));
    }
    Ok(Value::Float(x.ln_1p()))
}

fn two(vm: &mut Vm, args: Args, name: &str) -> PyResult<(f64, f64)> {
    let a = args.positional(name, 2, 2)?;
    Ok((vm.arg_f64(&a[0])?, vm.arg_f64(&a[1])?))
}

fn pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two(vm, args, "pow")?;
    if x == 0.0 && y < 0.0 {
        return Err(value_error("math domain error"));
    }
    let r = x.powf(y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(value_error("math domain error"));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(overflow_error("math range error"));
    }
    Ok(Value::Float(r))
}

fn atan2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (y, x) = two(vm, args, "atan2")?;
    Ok(Value::Float(y.atan2(x)))
}

fn copysign(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two(vm, args, "copysign")?;
    Ok(Value::Float(x.copysign(y)))
}

fn fmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two(vm, args, "fmod")?;
    if y == 0.0 || x.is_infinite() {
        return Err(value_error("math domain error"));
    }
    Ok(Value::Float(x % y))
}

fn hypot(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("hypot", 0, usize::MAX)?;
    let mut acc = 0.0f64;
    for v in &a {
        acc = acc.hypot(vm.arg_f64(v)?);
    }
    Ok(Value::Float(acc))
}

fn dist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("dist", 2, 2)?;
    let (p, q) = (vm.collect(&a[0])?, vm.collect(&a[1])?);
    if p.len() != q.len() {
        return Err(value_error(
            "both points must have the same number of dimensions",
        ));
    }
    let mut acc = 0.0f64;
    for (x, y) in p.iter().zip(&q) {
        acc = acc.hypot(vm.arg_f64(x)? - vm.arg_f64(y)?);
    }
    Ok(Value::Float(acc))
}

fn modf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = arg1(vm, args, "modf")?;
    let frac = if x.is_infinite() {
        0.0f64.copysign(x)
    } else {
        x.fract()
    };
    Ok(Value::tuple(vec![
        Value::Float(frac),
        Value::Float(x.trunc()),
    ]))
}

fn frexp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = arg1(vm, args, "frexp")?;
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::tuple(vec![Value::Float(x), Value::Int(0)]));
    }
    let mut e = x.abs().log2().floor() as i64 + 1;
    let mut m = x / 2f64.powi(e as i32);
    if m.abs() >= 1.0 {
        m /= 2.0;
        e += 1;
    } else if m.abs() < 0.5 {
        m *= 2.0;
        e -= 1;
    }
    Ok(Value::tuple(vec![Value::Float(m), Value::Int(e)]))
}

fn ldexp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("ldexp", 2, 2)?;
    let x = vm.arg_f64(&a[0])?;
    let e = vm.arg_i64(&a[1])?.clamp(-5000, 5000) as i32;
    let r = x * 2f64.powi(e / 2) * 2f64.powi(e - e / 2);
    if r.is_infinite() && x.is_finite() {
        return Err(overflow_error("math range error"));
    }
    Ok(Value::Float(r))
}
