//! `int`, `bool` and `float`: constructors and methods.

use super::types::Spec;
use crate::format::parse::{parse_float, parse_int_checked, ParsedInt};
use crate::format::repr::str_repr;
use crate::objects::exception::{overflow_error, type_error, value_error};
use crate::objects::number::as_bigint;
use crate::objects::{int, Args, Class, Value};
use crate::vm::{PyResult, Vm};
use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};
use std::rc::Rc;

const INT_OWN: &[(&str, crate::objects::NativeFn)] = &[
    ("bit_length", bit_length),
    ("bit_count", bit_count),
    ("conjugate", identity),
    ("as_integer_ratio", int_ratio),
    ("to_bytes", to_bytes),
    ("__index__", identity),
    ("__int__", identity),
    ("__float__", to_float),
    ("__abs__", abs),
    ("__repr__", super::list_dunders::repr),
    ("__format__", dunder_format),
];

const INT_METHODS: [(&str, crate::objects::NativeFn); INT_OWN.len() + super::dunders::INT.len()] =
    super::dunders::concat(INT_OWN, super::dunders::INT);

pub const INT: Spec = Spec {
    subclassable: true,
    new: Some(int_new),
    methods: &INT_METHODS,
    getters: &[
        ("real", identity),
        ("imag", zero),
        ("numerator", identity),
        ("denominator", one),
    ],
    classmethods: &[("from_bytes", from_bytes)],
    ..Spec::new("int")
};

pub const BOOL: Spec = Spec {
    new: Some(bool_new),
    ..Spec::new("bool")
};

const FLOAT_OWN: &[(&str, crate::objects::NativeFn)] = &[
    ("is_integer", is_integer),
    ("as_integer_ratio", float_ratio),
    ("conjugate", identity),
    ("hex", float_hex),
    ("__int__", float_int),
    ("__float__", identity),
    ("__abs__", abs),
    ("__repr__", super::list_dunders::repr),
    ("__format__", dunder_format),
];

const FLOAT_METHODS: [(&str, crate::objects::NativeFn);
    FLOAT_OWN.len() + super::dunders::FLOAT.len()] =
    super::dunders::concat(FLOAT_OWN, super::dunders::FLOAT);

pub const FLOAT: Spec = Spec {
    subclassable: true,
    new: Some(float_new),
    methods: &FLOAT_METHODS,
    getters: &[("real", identity), ("imag", zero_f)],
    classmethods: &[("fromhex", float_fromhex)],
    ..Spec::new("float")
};

/// `int(x)` for one argument (no base).
pub fn to_int(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::Int(_) | Value::BigInt(_) => v.clone(),
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Float(f) => super::functions::float_to_int(f.trunc())?,
        Value::Str(s) => parse_int_value(s.as_str(), 10)?,
        Value::Bytes(b) => parse_int_value(&String::from_utf8_lossy(&b.data), 10)?,
        Value::Instance(_) => {
            for name in ["__int__", "__index__", "__trunc__"] {
                let n = vm.intern(name);
                if let Some(f) = vm.lookup_user_method(v, &n) {
                    let r = vm.call0(&f)?;
                    return match r {
                        Value::Int(_) | Value::BigInt(_) => Ok(r),
                        Value::Bool(b) => Ok(Value::Int(b as i64)),
                        _ => Err(type_error(format!(
                            "{name} returned non-int (type {})",
                            vm.type_name(&r)
                        ))),
                    };
                }
            }
            if let Some(b) = v.base_value() {
                let b = b.clone();
                return to_int(vm, &b);
            }
            return Err(int_type_error(vm, v));
        }
        _ => return Err(int_type_error(vm, v)),
    })
}

fn int_type_error(vm: &Vm, v: &Value) -> crate::objects::PyErr {
    type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        vm.type_name(v)
    ))
}

fn parse_int_value(s: &str, base: u32) -> PyResult<Value> {
    match parse_int_checked(s, base) {
        Ok(ParsedInt::Small(i)) => Ok(Value::Int(i)),
        Ok(ParsedInt::Big(b)) => Ok(int::normalize(b)),
        Err(e) => Err(value_error(e.message().unwrap_or_else(|| {
            format!(
                "invalid literal for int() with base {base}: {}",
                str_repr(s)
            )
        }))),
    }
}

fn int_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let [x, base] = args.bind("int", ["x", "base"], 0)?;
    match (x, base) {
        (None, None) => Ok(Value::Int(0)),
        (Some(x), None) => to_int(vm, &x),
        (x, Some(base)) => {
            let b = vm.arg_i64(&base)?;
            if b != 0 && !(2..=36).contains(&b) {
                return Err(value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            match x.as_ref().map(|x| x.unwrap_base()) {
                Some(Value::Str(s)) => parse_int_value(s.as_str(), b as u32),
                Some(Value::Bytes(bs)) => {
                    parse_int_value(&String::from_utf8_lossy(&bs.data), b as u32)
                }
                None => Err(type_error("int() missing string argument")),
                Some(_) => Err(type_error(
                    "int() can't convert non-string with explicit base",
                )),
            }
        }
    }
}

fn bool_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("bool", 0, 1)?;
    Ok(Value::Bool(match a.first() {
        Some(v) => vm.truthy(v)?,
        None => false,
    }))
}

/// `float(x)`
pub fn to_float(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("float", 1, 1)?;
    float_of(vm, &a[0])
}

fn float_of(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if let Some(b @ (Value::Str(_) | Value::Bytes(_))) = v.base_value() {
        let b = b.clone();
        return float_of(vm, &b);
    }
    Ok(Value::Float(match v {
        Value::Float(f) => *f,
        Value::Str(s) => parse_float(s.as_str()).map_err(|_| {
            value_error(format!(
                "could not convert string to float: {}",
                str_repr(s.as_str())
            ))
        })?,
        Value::Bytes(b) => {
            let s = String::from_utf8_lossy(&b.data).into_owned();
            parse_float(&s).map_err(|_| {
                value_error(format!(
                    "could not convert string to float: {}",
                    crate::format::repr::bytes_repr(&b.data)
                ))
            })?
        }
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Instance(_) => {
            let float_name = vm.interp.names.__float__.clone();
            let own_float = vm.lookup_user_method(v, &float_name).is_some();
            vm.arg_f64(v).map_err(|e| {
                if matches!(v, Value::Instance(_))
                    && !own_float
                    && vm.err_is(&e, crate::objects::ExcKind::TypeError)
                {
                    type_error(format!(
                        "float() argument must be a string or a real number, not '{}'",
                        vm.type_name(v)
                    ))
                } else {
                    e
                }
            })?
        }
        _ => {
            return Err(type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                vm.type_name(v)
            )))
        }
    }))
}

fn float_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("float", 0, 1)?;
    match a.first() {
        Some(v) => float_of(vm, v),
        None => Ok(Value::Float(0.0)),
    }
}

fn recv_int(vm: &Vm, v: &Value, fname: &str) -> PyResult<BigInt> {
    as_bigint(v).ok_or_else(|| {
        type_error(format!(
            "descriptor '{fname}' for 'int' objects doesn't apply to a '{}' object",
            vm.type_name(v)
        ))
    })
}

fn identity(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, _) = args.method("method", 0, 0)?;
    Ok(match v {
        Value::Bool(b) => Value::Int(b as i64),
        v => v,
    })
}

fn zero(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(0))
}

fn one(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(1))
}

fn zero_f(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Float(0.0))
}

fn abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, _) = args.method("__abs__", 0, 0)?;
    Ok(match &v {
        Value::Float(f) => Value::Float(f.abs()),
        _ => int::normalize(recv_int(vm, &v, "__abs__")?.abs()),
    })
}

fn bit_length(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, _) = super::arity::method(args, "int", "bit_length", 0, 0)?;
    Ok(Value::Int(recv_int(vm, &v, "bit_length")?.bits() as i64))
}

fn bit_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, _) = super::arity::method(args, "int", "bit_count", 0, 0)?;
    let b = recv_int(vm, &v, "bit_count")?.abs();
    Ok(Value::Int(
        b.to_bytes_le()
            .1
            .iter()
            .map(|x| x.count_ones() as i64)
            .sum(),
    ))
}

fn int_ratio(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, _) = super::arity::method(args, "int", "as_integer_ratio", 0, 0)?;
    let i = recv_int(vm, &v, "as_integer_ratio")?;
    Ok(Value::tuple(vec![int::normalize(i), Value::Int(1)]))
}

fn to_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut args = args;
    let signed = match args.take_kw("signed") {
        Some(s) => vm.truthy(&s)?,
        None => false,
    };
    let given = args.pos.len().saturating_sub(1);
    if given > 2 {
        return Err(type_error(format!(
            "to_bytes() takes at most 2 positional arguments ({given} given)"
        )));
    }
    let [v, length, order] = args.bind("to_bytes", ["self", "length", "byteorder"], 1)?;
    let v = recv_int(vm, &v.unwrap_or(Value::None), "to_bytes")?;
    let length = match length {
        Some(l) => vm.arg_i64(&l)?,
        None => 1,
    };
    let big = match order {
        Some(Value::Str(s)) if s.as_str() == "little" => false,
        Some(Value::Str(s)) if s.as_str() == "big" => true,
        None => true,
        _ => return Err(value_error("byteorder must be either 'little' or 'big'")),
    };
    if v.is_negative() && !signed {
        return Err(overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = if signed {
        v.to_signed_bytes_le()
    } else {
        v.to_bytes_le().1
    };
    if v.is_zero() {
        bytes = vec![];
    }
    if length < 0 {
        return Err(value_error("length argument must be non-negative"));
    }
    let length = length as usize;
    if bytes.len() > length {
        return Err(overflow_error("int too big to convert"));
    }
    let fill = if v.is_negative() { 0xff } else { 0 };
    bytes
        .try_reserve(length - bytes.len())
        .map_err(|_| crate::objects::exception::memory_error())?;
    bytes.resize(length, fill);
    if big {
        bytes.reverse();
    }
    Ok(Value::Bytes(crate::objects::BytesObj::new(bytes)))
}

fn from_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut args = args;
    let signed = match args.take_kw("signed") {
        Some(s) => vm.truthy(&s)?,
        None => false,
    };
    let [_cls, data, order] = args.bind("from_bytes", ["cls", "bytes", "byteorder"], 2)?;
    let mut bytes: Vec<u8> = match data.unwrap_or(Value::None) {
        Value::Bytes(b) => b.data.to_vec(),
        Value::Str(_) => return Err(type_error("cannot convert 'str' object to bytes")),
        other => super::bytes::from_iterable(vm, &other)?,
    };
    match order {
        Some(Value::Str(s)) if s.as_str() == "little" => {}
        Some(Value::Str(s)) if s.as_str() == "big" => bytes.reverse(),
        None => bytes.reverse(),
        _ => return Err(value_error("byteorder must be either 'little' or 'big'")),
    }
    let v = if signed {
        BigInt::from_signed_bytes_le(&bytes)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &bytes)
    };
    Ok(int::normalize(v))
}

fn recv_float(vm: &Vm, v: &Value, fname: &str) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        _ => Err(type_error(format!(
            "descriptor '{fname}' for 'float' objects doesn't apply to a '{}' object",
            vm.type_name(v)
        ))),
    }
}

fn is_integer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, _) = super::arity::method(args, "float", "is_integer", 0, 0)?;
    let f = recv_float(vm, &v, "is_integer")?;
    Ok(Value::Bool(f.is_finite() && f.fract() == 0.0))
}

fn float_int(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, _) = super::arity::method(args, "float", "__int__", 0, 0)?;
    super::functions::float_to_int(recv_float(vm, &v, "__int__")?.trunc())
}

fn float_ratio(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, _) = super::arity::method(args, "float", "as_integer_ratio", 0, 0)?;
    let f = recv_float(vm, &v, "as_integer_ratio")?;
    if f.is_nan() {
        return Err(value_error("cannot convert NaN to integer ratio"));
    }
    if f.is_infinite() {
        return Err(overflow_error("cannot convert Infinity to integer ratio"));
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = if exp == 0 {
        (bits & ((1 << 52) - 1)) << 1
    } else {
        (bits & ((1 << 52) - 1)) | (1 << 52)
    };
    let mut num = BigInt::from(mant);
    let mut e = exp - 1075;
    if f < 0.0 {
        num = -num;
    }
    let mut den = BigInt::from(1);
    while e < 0 && (&num % 2u8).is_zero() && !num.is_zero() {
        num /= 2;
        e += 1;
    }
    if e > 0 {
        num <<= e as usize;
    } else {
        den <<= (-e) as usize;
    }
    if num.is_zero() {
        den = BigInt::from(1);
    }
    Ok(Value::tuple(vec![int::normalize(num), int::normalize(den)]))
}

fn float_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, _) = super::arity::method(args, "float", "hex", 0, 0)?;
    let f = recv_float(vm, &v, "hex")?;
    if f.is_nan() {
        return Ok(Value::str("nan"));
    }
    if f.is_infinite() {
        return Ok(Value::str(if f > 0.0 { "inf" } else { "-inf" }));
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return Ok(Value::str(format!("{sign}0x0.0p+0")));
    }
    let bits = f.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    // CPython always shows all 13 hex digits of the mantissa.
    let hex = format!("{mant:013x}");
    Ok(Value::str(format!(
        "{sign}0x{lead}.{hex}p{}{}",
        if e >= 0 { "+" } else { "-" },
        e.abs()
    )))
}

fn dunder_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (v, a) = args.method("__format__", 1, 1)?;
    let spec = vm.arg_str(&a[0], "format_spec")?;
    Ok(Value::str(vm.format(&v, spec.as_str())?))
}

/// `float.fromhex(s)`: `[sign] ['0x'] hexdigits ['.' hexdigits] ['p' exp]`,
/// or inf/nan, rounded to nearest-even like CPython.
fn float_fromhex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_cls, a) = super::arity::method(args, "float", "fromhex", 1, 1)?;
    let s = vm.arg_str(&a[0], "fromhex() argument")?;
    parse_hex_float(s.as_str()).map(Value::Float)
}

fn parse_hex_float(text: &str) -> PyResult<f64> {
    let invalid = || value_error("invalid hexadecimal floating-point string");
    let t = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let sign = if negative { -1.0 } else { 1.0 };
    match t.to_ascii_lowercase().as_str() {
        "inf" | "infinity" => return Ok(sign * f64::INFINITY),
        "nan" => return Ok(f64::NAN),
        _ => {}
    }
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    let (mant, exp) = match t.find(['p', 'P']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int_part, frac_part) = match mant.split_once('.') {
        Some((a, b)) => (a, b),
        None => (mant, ""),
    };
    let hex_ok = |p: &str| p.bytes().all(|c| c.is_ascii_hexdigit());
    if int_part.len() + frac_part.len() == 0 || !hex_ok(int_part) || !hex_ok(frac_part) {
        return Err(invalid());
    }
    let mut e: i64 = match exp {
        None => 0,
        Some(x) => {
            let digits = x.strip_prefix(['+', '-']).unwrap_or(x);
            if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return Err(invalid());
            }
            // Absurd exponents only matter by their sign.
            x.parse::<i64>().unwrap_or(if x.starts_with('-') {
                -1 << 40
            } else {
                1 << 40
            })
        }
    };
    e = e.saturating_sub(4 * frac_part.len() as i64);
    let digits = format!("{int_part}{frac_part}");
    let m = num_bigint::BigUint::parse_bytes(digits.as_bytes(), 16).ok_or_else(invalid)?;
    if m.is_zero() {
        return Ok(sign * 0.0);
    }
    let too_large = || overflow_error("hexadecimal value too large to represent as a float");
    let bits = m.bits() as i64;
    let top = bits - 1 + e; // the value lies in [2^top, 2^(top+1))
    if top > 1023 {
        return Err(too_large());
    }
    // Keep 53 significant bits, fewer for subnormals; round half to even.
    let q = (top - 52).max(-1074);
    let shift = q - e;
    let (r, q) = if shift > 0 {
        let shift = shift.min(bits + 2) as u64;
        let r = &m >> shift;
        let rem = &m - (&r << shift);
        let half = num_bigint::BigUint::from(1u8) << (shift - 1);
        let odd = r.bit(0);
        let r = if rem > half || (rem == half && odd) {
            r + 1u8
        } else {
            r
        };
        (r, e + shift as i64)
    } else {
        (m, e)
    };
    // `r` now has at most 54 bits (53 plus a carry), so the conversion is exact.
    let mut f = r.to_f64().unwrap_or(f64::INFINITY);
    let mut q = q;
    while q > 0 {
        let step = q.min(1000);
        f *= 2f64.powi(step as i32);
        q -= step;
    }
    while q < 0 {
        let step = (-q).min(1000);
        f *= 2f64.powi(-(step as i32));
        q += step;
    }
    if f.is_infinite() {
        return Err(too_large());
    }
    Ok(sign * f)
}
