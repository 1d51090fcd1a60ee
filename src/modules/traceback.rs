//! `_traceback`: the native half of the `traceback` module (which is
//! library code, `src/stdlib/traceback.py`): exception reports and stack
//! listings as text, made the way uncaught exceptions are printed.

use super::add_functions;
use crate::objects::exception::TbEntry;
use crate::objects::{Args, Value};
use crate::vm::traceback::{limit_entries, FormatOpts};
use crate::vm::{PyResult, Vm};

pub fn make(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_traceback", None);
    add_functions(
        vm,
        &m,
        &[
            ("format", format),
            ("format_only", format_only),
            ("format_tb", format_tb),
            ("format_stack", format_stack),
            ("extract_tb", extract_tb),
            ("extract_stack", extract_stack),
        ],
    );
    Ok(m)
}

fn limit_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => Ok(Some(vm.arg_i64(v)?)),
    }
}

/// `format(exc, chain, limit)`: the whole report (`NoneType: None` for
/// no exception).
fn format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("format", 3, 3)?;
    if a[0].is_none() {
        return Ok(Value::str("NoneType: None\n"));
    }
    let opts = FormatOpts {
        chain: vm.truthy(&a[1])?,
        limit: limit_arg(vm, a.get(2))?,
        suggestions: false,
    };
    Ok(Value::str(vm.format_exception_with(&a[0], &opts)))
}

/// `format_only(exc)`: the `Type: message` part.
fn format_only(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("format_only", 1, 1)?;
    if a[0].is_none() {
        return Ok(Value::str("NoneType: None\n"));
    }
    if vm.exc_state(&a[0]).is_none() {
        // Not an exception: `type(value).__name__: str(value)`... as
        // CPython, for a plain value.
        let name = vm.type_name(&a[0]);
        let text = vm.str(&a[0])?;
        return Ok(Value::str(format!("{name}: {text}\n")));
    }
    Ok(Value::str(vm.format_exception_only(&a[0], None, false)))
}

/// Entries of a traceback object chain, limited.
fn tb_entries(vm: &mut Vm, tb: &Value, limit: Option<i64>) -> Vec<TbEntry> {
    limit_entries(vm.traceback_entries(tb), limit)
}

/// Entries of the running stack, without the innermost `skip` frames.
fn stack_entries(vm: &mut Vm, skip: usize, limit: Option<i64>) -> Vec<TbEntry> {
    let mut entries = vm.stack_entries();
    entries.truncate(entries.len().saturating_sub(skip));
    // A limit counts from the innermost frame for stacks.
    match limit {
        Some(n) if n >= 0 => {
            let keep = (n as usize).min(entries.len());
            entries.split_off(entries.len() - keep)
        }
        Some(n) => {
            entries.truncate(n.unsigned_abs() as usize);
            entries
        }
        None => entries,
    }
}

fn format_tb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("format_tb", 2, 2)?;
    let limit = limit_arg(vm, a.get(1))?;
    let entries = tb_entries(vm, &a[0], limit);
    Ok(Value::str(vm.format_entries(&entries, true)))
}

fn format_stack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("format_stack", 2, 2)?;
    let skip = vm.arg_i64(&a[0])?.max(0) as usize;
    let limit = limit_arg(vm, a.get(1))?;
    let entries = stack_entries(vm, skip, limit);
    Ok(Value::str(vm.format_entries(&entries, false)))
}

/// `(filename, lineno, name, line)` for each entry.
fn summaries(entries: &[TbEntry]) -> Value {
    Value::list(
        entries
            .iter()
            .map(|e| {
                let pos = e.code.position(e.ip as usize);
                let line = e
                    .code
                    .source
                    .as_ref()
                    .and_then(|src| src.lines().nth(pos.line.saturating_sub(1) as usize))
                    .map(|l| Value::str(l.trim()))
                    .unwrap_or(Value::None);
                Value::tuple(vec![
                    Value::str(&*e.code.filename),
                    Value::Int(pos.line as i64),
                    Value::Str(e.code.name.clone()),
                    line,
                ])
            })
            .collect(),
    )
}

fn extract_tb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("extract_tb", 2, 2)?;
    let limit = limit_arg(vm, a.get(1))?;
    let entries = tb_entries(vm, &a[0], limit);
    Ok(summaries(&entries))
}

fn extract_stack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("extract_stack", 2, 2)?;
    let skip = vm.arg_i64(&a[0])?.max(0) as usize;
    let limit = limit_arg(vm, a.get(1))?;
    let entries = stack_entries(vm, skip, limit);
    Ok(summaries(&entries))
}
