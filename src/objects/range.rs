//! `range`: a lazy arithmetic sequence of ints.
//!
//! The common range has machine-word bounds and a length that fits one too,
//! and is iterated with plain i64 arithmetic. A range whose bounds or
//! length do not fit (`range(10**20)`) keeps them as big ints in `big`;
//! its i64 fields are then unused (zero).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::rc::Rc;

use super::Value;

pub struct RangeObj {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    pub big: Option<Box<BigRange>>,
}

/// The bounds and length of a range beyond machine words.
pub struct BigRange {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
    pub len: BigInt,
}

impl RangeObj {
    /// A range of machine-word bounds (big if its length does not fit).
    pub fn new(start: i64, stop: i64, step: i64) -> Rc<RangeObj> {
        if range_len_i128(start, stop, step) > i64::MAX as i128 {
            return RangeObj::from_big(start.into(), stop.into(), step.into());
        }
        Rc::new(RangeObj {
            start,
            stop,
            step,
            big: None,
        })
    }

    /// A range of any bounds (`step` is not zero).
    pub fn from_big(start: BigInt, stop: BigInt, step: BigInt) -> Rc<RangeObj> {
        let len = big_len(&start, &stop, &step);
        if let (Some(a), Some(b), Some(c), Some(_)) =
            (start.to_i64(), stop.to_i64(), step.to_i64(), len.to_i64())
        {
            return Rc::new(RangeObj {
                start: a,
                stop: b,
                step: c,
                big: None,
            });
        }
        Rc::new(RangeObj {
            start: 0,
            stop: 0,
            step: 0,
            big: Some(Box::new(BigRange {
                start,
                stop,
                step,
                len,
            })),
        })
    }

    pub fn is_big(&self) -> bool {
        self.big.is_some()
    }

    /// Number of elements of a machine-word range (`usize::MAX` for a big
    /// one: callers that may see big ranges check `is_big` first).
    pub fn len(&self) -> usize {
        match &self.big {
            None => range_len(self.start, self.stop, self.step),
            Some(_) => usize::MAX,
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.big {
            None => self.len() == 0,
            Some(b) => b.len.is_zero(),
        }
    }

    /// Element `i` of a machine-word range (`i < len()`).
    pub fn get(&self, i: usize) -> i64 {
        (self.start as i128 + i as i128 * self.step as i128) as i64
    }

    pub fn start_big(&self) -> BigInt {
        match &self.big {
            None => self.start.into(),
            Some(b) => b.start.clone(),
        }
    }

    pub fn stop_big(&self) -> BigInt {
        match &self.big {
            None => self.stop.into(),
            Some(b) => b.stop.clone(),
        }
    }

    pub fn step_big(&self) -> BigInt {
        match &self.big {
            None => self.step.into(),
            Some(b) => b.step.clone(),
        }
    }

    pub fn len_big(&self) -> BigInt {
        match &self.big {
            None => BigInt::from(self.len()),
            Some(b) => b.len.clone(),
        }
    }

    /// Element `i` (`0 <= i < len`).
    pub fn get_big(&self, i: &BigInt) -> BigInt {
        self.start_big() + i * self.step_big()
    }

    /// The position of `x` in the range, if it is an element.
    pub fn position(&self, x: &BigInt) -> Option<BigInt> {
        let off = x - self.start_big();
        let (q, r) = off.div_mod_floor(&self.step_big());
        (r.is_zero() && !q.is_negative() && q < self.len_big()).then_some(q)
    }

    pub fn start_value(&self) -> Value {
        super::int::normalize(self.start_big())
    }

    pub fn stop_value(&self) -> Value {
        super::int::normalize(self.stop_big())
    }

    pub fn step_value(&self) -> Value {
        super::int::normalize(self.step_big())
    }
}

fn range_len_i128(start: i64, stop: i64, step: i64) -> i128 {
    let (lo, hi, step) = if step > 0 {
        (start as i128, stop as i128, step as i128)
    } else {
        (stop as i128, start as i128, -(step as i128))
    };
    if lo >= hi {
        0
    } else {
        (hi - lo - 1) / step + 1
    }
}

pub fn range_len(start: i64, stop: i64, step: i64) -> usize {
    range_len_i128(start, stop, step) as usize
}

fn big_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    let (lo, hi, step) = if step.is_positive() {
        (start, stop, step.clone())
    } else {
        (stop, start, -step)
    };
    if lo >= hi {
        BigInt::zero()
    } else {
        (hi - lo - BigInt::one()) / step + BigInt::one()
    }
}
