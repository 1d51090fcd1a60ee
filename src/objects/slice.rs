//! `slice`: the `start:stop:step` of a subscript, and the index arithmetic
//! (`slice.indices`) every sequence type shares.

use super::Value;
use std::rc::Rc;

pub struct SliceObj {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

impl SliceObj {
    pub fn new(start: Value, stop: Value, step: Value) -> Rc<SliceObj> {
        Rc::new(SliceObj { start, stop, step })
    }
}

/// Resolved slice bounds for a sequence of a given length, as
/// `PySlice_AdjustIndices` computes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceIndices {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl SliceIndices {
    /// Clamps optional `start`/`stop` (already converted to ints) for `len`.
    /// `step` must be non-zero (the caller raises `ValueError` otherwise).
    pub fn adjust(start: Option<i64>, stop: Option<i64>, step: i64, len: usize) -> SliceIndices {
        let len = len as i64;
        let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
        let clamp = |v: Option<i64>, default: i64| match v {
            None => default,
            Some(v) if v < 0 => (v + len).max(lower),
            Some(v) => v.min(upper),
        };
        let start = clamp(start, if step < 0 { upper } else { lower });
        let stop = clamp(stop, if step < 0 { lower } else { upper });
        SliceIndices { start, stop, step }
    }

    /// How many elements the slice selects.
    pub fn len(&self) -> usize {
        if self.step > 0 {
            if self.start < self.stop {
                ((self.stop - self.start - 1) / self.step + 1) as usize
            } else {
                0
            }
        } else if self.stop < self.start {
            ((self.start - self.stop - 1) / (-self.step) + 1) as usize
        } else {
            0
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The selected indices, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> {
        let SliceIndices { start, step, .. } = *self;
        (0..self.len()).map(move |k| (start + k as i64 * step) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::SliceIndices;

    fn sel(start: Option<i64>, stop: Option<i64>, step: i64, len: usize) -> Vec<usize> {
        SliceIndices::adjust(start, stop, step, len)
            .iter()
            .collect()
    }

    #[test]
    fn slices_match_python() {
        assert_eq!(sel(None, None, 1, 5), vec![0, 1, 2, 3, 4]);
        assert_eq!(sel(None, None, -1, 5), vec![4, 3, 2, 1, 0]);
        assert_eq!(sel(Some(1), Some(-1), 1, 5), vec![1, 2, 3]);
        assert_eq!(sel(Some(-100), Some(100), 2, 5), vec![0, 2, 4]);
        assert_eq!(sel(Some(3), None, -2, 5), vec![3, 1]);
        assert_eq!(sel(Some(10), Some(-10), -3, 5), vec![4, 1]);
        assert_eq!(sel(None, None, 1, 0), Vec::<usize>::new());
    }
}
