//! `range`: a lazy arithmetic sequence of machine-word ints.

use std::rc::Rc;

pub struct RangeObj {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl RangeObj {
    pub fn new(start: i64, stop: i64, step: i64) -> Rc<RangeObj> {
        Rc::new(RangeObj { start, stop, step })
    }

    /// Number of elements, as CPython computes it (never negative).
    pub fn len(&self) -> usize {
        range_len(self.start, self.stop, self.step)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Element `i` (`i < len()`).
    pub fn get(&self, i: usize) -> i64 {
        (self.start as i128 + i as i128 * self.step as i128) as i64
    }
}

pub fn range_len(start: i64, stop: i64, step: i64) -> usize {
    let (lo, hi, step) = if step > 0 {
        (start as i128, stop as i128, step as i128)
    } else {
        (stop as i128, start as i128, -(step as i128))
    };
    if lo >= hi {
        0
    } else {
        ((hi - lo - 1) / step + 1) as usize
    }
}
