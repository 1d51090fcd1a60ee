//! Numeric comparisons across int, bool and float, exactly as Python does
//! them (no rounding: `2**53 + 1 != float(2**53)`).

use super::Value;
use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive, Zero};
use std::cmp::Ordering;

/// An int-like value seen as an exact integer.
pub fn as_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::BigInt(b) => Some((**b).clone()),
        // An int subclass's value.
        Value::Instance(i) => match i.base()? {
            b @ (Value::Int(_) | Value::BigInt(_)) => as_bigint(b),
            _ => None,
        },
        _ => None,
    }
}

/// Compares an exact integer with a float; `None` when the float is NaN.
pub fn cmp_int_float(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let fl = f.floor();
    let fb = BigInt::from_f64(fl)?;
    match i.cmp(&fb) {
        Ordering::Equal if f > fl => Some(Ordering::Less),
        o => Some(o),
    }
}

/// Orders two numbers (int, bool, big int or float); `None` if one is NaN.
pub fn num_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => Some(x.cmp(y)),
        (Float(x), Float(y)) => x.partial_cmp(y),
        (Float(x), _) => {
            if let Int(y) = b {
                if y.unsigned_abs() < (1u64 << 53) {
                    return x.partial_cmp(&(*y as f64));
                }
            }
            cmp_int_float(&as_bigint(b)?, *x).map(Ordering::reverse)
        }
        (_, Float(y)) => {
            if let Int(x) = a {
                if x.unsigned_abs() < (1u64 << 53) {
                    return (*x as f64).partial_cmp(y);
                }
            }
            cmp_int_float(&as_bigint(a)?, *y)
        }
        _ => Some(as_bigint(a)?.cmp(&as_bigint(b)?)),
    }
}

pub fn num_eq(a: &Value, b: &Value) -> bool {
    num_cmp(a, b) == Some(Ordering::Equal)
}

/// Exact int to float conversion, as `float(int)`.
pub fn bigint_to_f64(b: &BigInt) -> Option<f64> {
    let f = b.to_f64()?;
    if f.is_finite() {
        Some(f)
    } else {
        None
    }
}

pub fn is_zero(v: &Value) -> bool {
    match v {
        Value::Int(i) => *i == 0,
        Value::Bool(b) => !*b,
        Value::BigInt(b) => b.is_zero(),
        Value::Float(f) => *f == 0.0,
        _ => false,
    }
}
