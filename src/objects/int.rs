//! Integer arithmetic with Python's semantics: machine words while results
//! fit, big integers when they do not, floor division and modulo rounding
//! towards negative infinity.

use super::exception::{memory_error, value_error, zero_division, PyErr};
use super::Value;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::rc::Rc;

/// Stores a big integer as a machine int when it fits, so the two
/// representations of one number never coexist.
pub fn normalize(b: BigInt) -> Value {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::BigInt(Rc::new(b)),
    }
}

/// The int value of an int or bool.
pub fn to_big(v: &Value) -> Option<BigInt> {
    super::number::as_bigint(v)
}

/// Largest result we agree to build, in bits (a MemoryError beyond, instead
/// of an allocation that cannot succeed).
const MAX_BITS: u64 = 1 << 36;

pub fn add(a: i64, b: i64) -> Value {
    match a.checked_add(b) {
        Some(v) => Value::Int(v),
        None => normalize(BigInt::from(a) + b),
    }
}

pub fn sub(a: i64, b: i64) -> Value {
    match a.checked_sub(b) {
        Some(v) => Value::Int(v),
        None => normalize(BigInt::from(a) - b),
    }
}

pub fn mul(a: i64, b: i64) -> Value {
    match a.checked_mul(b) {
        Some(v) => Value::Int(v),
        None => normalize(BigInt::from(a) * b),
    }
}

pub fn floordiv(a: i64, b: i64) -> Result<Value, PyErr> {
    if b == 0 {
        return Err(zero_division("integer division or modulo by zero"));
    }
    if a == i64::MIN && b == -1 {
        // The one quotient that does not fit in a machine word.
        return Ok(neg(a));
    }
    Ok(Value::Int(Integer::div_floor(&a, &b)))
}

pub fn modulo(a: i64, b: i64) -> Result<Value, PyErr> {
    if b == 0 {
        return Err(zero_division("integer modulo by zero"));
    }
    Ok(Value::Int(if b == -1 { 0 } else { a.mod_floor(&b) }))
}

pub fn big_floordiv(a: &BigInt, b: &BigInt) -> Result<Value, PyErr> {
    if b.is_zero() {
        return Err(zero_division("integer division or modulo by zero"));
    }
    Ok(normalize(a.div_floor(b)))
}

pub fn big_mod(a: &BigInt, b: &BigInt) -> Result<Value, PyErr> {
    if b.is_zero() {
        return Err(zero_division("integer modulo by zero"));
    }
    Ok(normalize(a.mod_floor(b)))
}

/// `a / b` for ints: the correctly rounded float quotient.
pub fn truediv(a: &BigInt, b: &BigInt) -> Result<f64, PyErr> {
    if b.is_zero() {
        return Err(zero_division("division by zero"));
    }
    // Exact when both fit in a float's mantissa.
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() <= 1 << 53 && y.unsigned_abs() <= 1 << 53 {
            return Ok(x as f64 / y as f64);
        }
    }
    // Otherwise scale the numerator so the integer quotient carries more
    // than 53 significant bits, then let the float conversion round once.
    let shift = (b.bits() as i64 - a.bits() as i64 + 64).max(0) as u64;
    let (q, r) = (a.abs() << shift).div_rem(&b.abs());
    // A sticky bit keeps inexact quotients from rounding as if exact.
    let q = if r.is_zero() {
        q
    } else {
        (q << 1u8) | BigInt::one()
    };
    let extra = if r.is_zero() { 0 } else { 1 };
    let mag = big_to_f64_scaled(&q, -(shift as i64) - extra).ok_or_else(|| {
        super::exception::overflow_error("integer division result too large for a float")
    })?;
    Ok(if a.is_negative() != b.is_negative() {
        -mag
    } else {
        mag
    })
}

/// `q * 2**exp` as a float, rounding once.
fn big_to_f64_scaled(q: &BigInt, exp: i64) -> Option<f64> {
    let bits = q.bits() as i64;
    // Keep 64 significant bits, fold the rest into a sticky bit.
    let (m, e) = if bits > 64 {
        let drop = (bits - 64) as u64;
        let low_nonzero = !(q.clone() & ((BigInt::one() << drop) - 1u8)).is_zero();
        let top = (q >> drop).to_u64()? | low_nonzero as u64;
        (top, exp + drop as i64)
    } else {
        (q.to_u64()?, exp)
    };
    // u64 -> f64 rounds to nearest-even; the sticky bit makes that correct.
    let f = m as f64;
    let r = f * 2f64.powi(e.clamp(-1100, 1100) as i32);
    if r.is_infinite() {
        None
    } else {
        Some(r)
    }
}

pub fn int_to_float(v: &Value) -> Result<f64, PyErr> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::BigInt(b) => super::number::bigint_to_f64(b)
            .ok_or_else(|| super::exception::overflow_error("int too large to convert to float")),
        _ => Err(super::exception::type_error("expected an int")),
    }
}

/// `a ** b` for ints; negative exponents give floats.
pub fn pow(a: &BigInt, b: &BigInt) -> Result<Value, PyErr> {
    if b.is_negative() {
        let fa = super::number::bigint_to_f64(a)
            .ok_or_else(|| super::exception::overflow_error("int too large to convert to float"))?;
        if fa == 0.0 {
            return Err(zero_division("0.0 cannot be raised to a negative power"));
        }
        let fb = super::number::bigint_to_f64(b).unwrap_or(f64::NEG_INFINITY);
        return Ok(Value::Float(fa.powf(fb)));
    }
    if a.is_zero() || a.is_one() {
        return Ok(normalize(if b.is_zero() {
            BigInt::one()
        } else {
            a.clone()
        }));
    }
    if *a == BigInt::from(-1) {
        return Ok(Value::Int(if b.is_even() { 1 } else { -1 }));
    }
    let e = b.to_u64().ok_or_else(memory_error)?;
    if (a.bits()).saturating_mul(e) > MAX_BITS {
        return Err(memory_error());
    }
    Ok(normalize(num_traits::pow(a.clone(), e as usize)))
}

pub fn pow_small(a: i64, b: i64) -> Result<Value, PyErr> {
    if b >= 0 {
        if let Ok(e) = u32::try_from(b) {
            if let Some(v) = a.checked_pow(e) {
                return Ok(Value::Int(v));
            }
        }
    }
    pow(&BigInt::from(a), &BigInt::from(b))
}

/// `pow(a, b, m)`: modular exponentiation; a negative exponent means the
/// modular inverse (Python 3.8+).
pub fn pow_mod(a: &BigInt, b: &BigInt, m: &BigInt) -> Result<Value, PyErr> {
    if m.is_zero() {
        return Err(value_error("pow() 3rd argument cannot be 0"));
    }
    let (mut base, mut exp) = (a.mod_floor(m), b.clone());
    if exp.is_negative() {
        base = mod_inverse(&base, m)
            .ok_or_else(|| value_error("base is not invertible for the given modulus"))?;
        exp = -exp;
    }
    let mabs = m.abs();
    let mut r = base.modpow(&exp, &mabs);
    // Python's result takes the sign of the modulus.
    if m.is_negative() && !r.is_zero() {
        r += m;
    }
    Ok(normalize(r))
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let e = a.extended_gcd(&m);
    if !e.gcd.is_one() {
        return None;
    }
    Some(e.x.mod_floor(&m))
}

pub fn lshift(a: &BigInt, n: &BigInt) -> Result<Value, PyErr> {
    if n.is_negative() {
        return Err(value_error("negative shift count"));
    }
    if a.is_zero() {
        return Ok(Value::Int(0));
    }
    let n = n.to_u64().ok_or_else(memory_error)?;
    if a.bits() + n > MAX_BITS {
        return Err(memory_error());
    }
    Ok(normalize(a << n))
}

pub fn rshift(a: &BigInt, n: &BigInt) -> Result<Value, PyErr> {
    if n.is_negative() {
        return Err(value_error("negative shift count"));
    }
    match n.to_u64() {
        // `>>` on BigInt rounds towards -inf for negatives, like Python.
        Some(n) => Ok(normalize(a >> n)),
        None => Ok(Value::Int(if a.is_negative() { -1 } else { 0 })),
    }
}

pub fn lshift_small(a: i64, n: i64) -> Result<Value, PyErr> {
    if n < 0 {
        return Err(value_error("negative shift count"));
    }
    if n < 63 {
        let r = a << n;
        if r >> n == a {
            return Ok(Value::Int(r));
        }
    }
    lshift(&BigInt::from(a), &BigInt::from(n))
}

pub fn rshift_small(a: i64, n: i64) -> Result<Value, PyErr> {
    if n < 0 {
        return Err(value_error("negative shift count"));
    }
    Ok(Value::Int(if n >= 64 {
        if a < 0 {
            -1
        } else {
            0
        }
    } else {
        a >> n
    }))
}

pub fn neg(a: i64) -> Value {
    match a.checked_neg() {
        Some(v) => Value::Int(v),
        None => normalize(-BigInt::from(a)),
    }
}

pub fn abs(a: i64) -> Value {
    match a.checked_abs() {
        Some(v) => Value::Int(v),
        None => normalize(BigInt::from(a).abs()),
    }
}

/// `float // float` and `float % float` with Python's sign rules.
pub fn float_divmod(a: f64, b: f64) -> Result<(f64, f64), PyErr> {
    if b == 0.0 {
        return Err(zero_division("float divmod()"));
    }
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(a / b)
    };
    Ok((floordiv, m))
}

pub fn float_floordiv(a: f64, b: f64) -> Result<f64, PyErr> {
    if b == 0.0 {
        return Err(zero_division("float floor division by zero"));
    }
    Ok(float_divmod(a, b)?.0)
}

pub fn float_mod(a: f64, b: f64) -> Result<f64, PyErr> {
    if b == 0.0 {
        return Err(zero_division("float modulo"));
    }
    Ok(float_divmod(a, b)?.1)
}

/// `a ** b` for floats, with CPython's errors.
pub fn float_pow(a: f64, b: f64) -> Result<f64, PyErr> {
    if a == 0.0 && b < 0.0 {
        return Err(zero_division("0.0 cannot be raised to a negative power"));
    }
    if a < 0.0 && b.fract() != 0.0 && b.is_finite() {
        return Err(value_error(
            "mini does not support complex numbers (negative number raised to a fractional power)",
        ));
    }
    let r = a.powf(b);
    if r.is_infinite() && a.is_finite() && b.is_finite() {
        return Err(super::exception::overflow_error(
            "(34, 'Numerical result out of range')",
        ));
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(v: Value) -> i64 {
        match v {
            Value::Int(i) => i,
            _ => panic!("not a small int"),
        }
    }

    #[test]
    fn floor_division_and_modulo_follow_the_divisor_sign() {
        for (a, b, q, r) in [
            (7, 2, 3, 1),
            (-7, 2, -4, 1),
            (7, -2, -4, -1),
            (-7, -2, 3, -1),
        ] {
            assert_eq!(int(floordiv(a, b).unwrap()), q, "{a} // {b}");
            assert_eq!(int(modulo(a, b).unwrap()), r, "{a} % {b}");
        }
        assert!(matches!(floordiv(i64::MIN, -1).unwrap(), Value::BigInt(_)));
    }

    #[test]
    fn overflow_promotes_to_big() {
        assert!(matches!(add(i64::MAX, 1), Value::BigInt(_)));
        assert!(matches!(mul(1 << 40, 1 << 40), Value::BigInt(_)));
        assert_eq!(int(sub(i64::MIN + 1, 1)), i64::MIN);
    }

    #[test]
    fn true_division_rounds_correctly() {
        let big = BigInt::from(10).pow(30);
        assert_eq!(
            truediv(&big, &BigInt::from(3)).unwrap(),
            3.333333333333333e29
        );
        assert_eq!(
            truediv(&BigInt::from(1), &BigInt::from(3)).unwrap(),
            1.0 / 3.0
        );
        assert_eq!(
            truediv(&(BigInt::from(1) << 100u32), &(BigInt::from(1) << 98u32)).unwrap(),
            4.0
        );
    }

    #[test]
    fn float_modulo_signs() {
        assert_eq!(float_mod(-7.5, 2.0).unwrap(), 0.5);
        assert_eq!(float_mod(7.5, -2.0).unwrap(), -0.5);
        assert_eq!(float_floordiv(-7.5, 2.0).unwrap(), -4.0);
    }

    #[test]
    fn modular_pow_and_inverse() {
        let v = pow_mod(&BigInt::from(3), &BigInt::from(-1), &BigInt::from(7)).unwrap();
        assert_eq!(int(v), 5);
        let v = pow_mod(&BigInt::from(2), &BigInt::from(10), &BigInt::from(-7)).unwrap();
        assert_eq!(int(v), -5);
    }
}
