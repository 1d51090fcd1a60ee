//! Argument counts of built-in methods, checked with CPython's messages.
//!
//! CPython words a wrong argument count three ways, depending on how the
//! method parses its arguments, and programs print these messages:
//!
//! * one or no argument (`METH_O`, `METH_NOARGS`):
//!   `list.append() takes exactly one argument (0 given)`
//! * Argument Clinic: `center expected at least 1 argument, got 0`
//! * the older tuple parser (`find`, `count`, `startswith`, ...):
//!   `find() takes at least 1 argument (0 given)`

use crate::objects::exception::type_error;
use crate::objects::{Args, Value};
use crate::vm::PyResult;

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "argument"
    } else {
        "arguments"
    }
}

/// Checks keyword-free `args` (receiver first) for `min..=max` further
/// arguments and splits off the receiver.
fn check(
    args: Args,
    owner: &str,
    name: &str,
    min: usize,
    max: usize,
    legacy: bool,
) -> PyResult<(Value, super::args::ArgVec)> {
    if args.pos.is_empty() {
        // Called through the type with no receiver: `str.join()`.
        return Err(type_error(format!(
            "unbound method {owner}.{name}() needs an argument"
        )));
    }
    if !args.kw.is_empty() {
        return Err(type_error(format!(
            "{owner}.{name}() takes no keyword arguments"
        )));
    }
    let given = args.pos.len() - 1;
    if given < min || given > max {
        let msg = if min == max && max <= 1 {
            let what = if max == 0 {
                "no arguments"
            } else {
                "exactly one argument"
            };
            format!("{owner}.{name}() takes {what} ({given} given)")
        } else if legacy {
            let (bound, n) = if given < min {
                ("at least", min)
            } else {
                ("at most", max)
            };
            format!("{name}() takes {bound} {n} {} ({given} given)", plural(n))
        } else if min == max {
            format!("{name} expected {min} {}, got {given}", plural(min))
        } else if given < min {
            format!(
                "{name} expected at least {min} {}, got {given}",
                plural(min)
            )
        } else {
            format!("{name} expected at most {max} {}, got {given}", plural(max))
        };
        return Err(type_error(msg));
    }
    let mut pos = args.pos;
    let recv = pos.remove(0);
    Ok((recv, pos))
}

/// A method with positional-only arguments (one-argument or Clinic style).
pub fn method(
    args: Args,
    owner: &str,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<(Value, super::args::ArgVec)> {
    check(args, owner, name, min, max, false)
}

/// A method parsed with the older tuple parser (`find`, `count`, ...).
pub fn legacy_method(
    args: Args,
    owner: &str,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<(Value, super::args::ArgVec)> {
    check(args, owner, name, min, max, true)
}

/// Before `Args::bind` on a method taking keywords: at most `max`
/// positional arguments besides the receiver, worded as CPython does.
pub fn check_positional(args: &Args, name: &str, max: usize) -> PyResult<()> {
    let given = args.pos.len().saturating_sub(1);
    if given > max {
        return Err(type_error(format!(
            "{name}() takes at most {max} {} ({given} given)",
            plural(max)
        )));
    }
    Ok(())
}
