//! Equality that can be decided without running mini code.
//!
//! Dict and set lookups compare keys while the table is borrowed, so they can
//! only use comparisons that never call a user `__eq__`. `native_eq` answers
//! `None` when the answer needs one; the caller then compares outside the
//! borrow through the VM.

use super::{class::flags, Value};

/// Nesting beyond which tuples are left to the VM (which checks recursion).
const MAX_DEPTH: u32 = 64;

pub fn native_eq(a: &Value, b: &Value) -> Option<bool> {
    eq_depth(a, b, 0)
}

fn eq_depth(a: &Value, b: &Value, depth: u32) -> Option<bool> {
    use Value::*;
    Some(match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Str(x), Str(y)) => std::ptr::eq(&**x, &**y) || x.as_str() == y.as_str(),
        (Float(x), Float(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (None, None) => true,
        (Int(_) | Bool(_) | Float(_) | BigInt(_), Int(_) | Bool(_) | Float(_) | BigInt(_)) => {
            super::number::num_eq(a, b)
        }
        (Bytes(x), Bytes(y)) => x.data == y.data,
        (Tuple(x), Tuple(y)) => {
            if std::ptr::eq(&**x, &**y) {
                return Some(true);
            }
            if x.items.len() != y.items.len() {
                return Some(false);
            }
            if depth > MAX_DEPTH {
                return Option::None;
            }
            let mut undecided = false;
            for (p, q) in x.items.iter().zip(y.items.iter()) {
                if p.is(q) {
                    continue;
                }
                match eq_depth(p, q, depth + 1) {
                    Some(true) => {}
                    Some(false) => return Some(false),
                    Option::None => undecided = true,
                }
            }
            if undecided {
                return Option::None;
            }
            true
        }
        (Instance(x), _) if x.class.has_flag(flags::USER_EQ) => return Option::None,
        (_, Instance(y)) if y.class.has_flag(flags::USER_EQ) => return Option::None,
        // Subclasses of built-in types without their own `__eq__`: the
        // built-in values compare.
        (Instance(x), _) if x.base().is_some() => {
            return eq_depth(a.unwrap_base(), b.unwrap_base(), depth + 1)
        }
        (_, Instance(y)) if y.base().is_some() => {
            return eq_depth(a.unwrap_base(), b.unwrap_base(), depth + 1)
        }
        // Containers compare element-wise, possibly through user code.
        (List(_), List(_)) | (Dict(_), Dict(_)) | (Set(_), Set(_)) | (Range(_), Range(_)) => {
            return Option::None
        }
        (DictView(_), _) | (_, DictView(_)) => return Option::None,
        // Everything else compares by identity (functions, classes, modules,
        // plain instances) or is simply of different types.
        _ => a.is(b),
    })
}
