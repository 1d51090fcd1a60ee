//! The built-in exception classes: construction, `args`, chaining
//! attributes, and the few subclasses with extra attributes.

use super::types::Spec;
use crate::gil::GilCell;
use crate::objects::exception::type_error;
use crate::objects::{Args, Class, ExcKind, ExcState, Instance, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

pub fn spec_for(kind: ExcKind, name: &'static str) -> Spec {
    let base = Spec {
        subclassable: true,
        ..Spec::new(name)
    };
    match kind {
        ExcKind::BaseException => Spec {
            new: Some(exc_new),
            methods: &[
                ("__init__", exc_init),
                ("__str__", exc_str),
                ("__repr__", exc_repr),
                ("with_traceback", exc_with_traceback),
            ],
            getters: &[
                ("args", exc_args),
                ("__cause__", exc_cause),
                ("__context__", exc_context),
                ("__suppress_context__", exc_suppress),
                ("__traceback__", exc_traceback),
            ],
            ..base
        },
        ExcKind::StopIteration => Spec {
            getters: &[("value", stop_value)],
            ..base
        },
        ExcKind::SystemExit => Spec {
            getters: &[("code", exit_code)],
            ..base
        },
        ExcKind::KeyError => Spec {
            methods: &[("__str__", key_error_str)],
            ..base
        },
        ExcKind::OSError => Spec {
            methods: &[("__str__", os_error_str)],
            getters: &[
                ("errno", os_errno),
                ("strerror", os_strerror),
                ("filename", os_filename),
            ],
            ..base
        },
        ExcKind::SyntaxError => Spec {
            methods: &[("__init__", syntax_init), ("__str__", syntax_str)],
            ..base
        },
        _ => base,
    }
}

fn state(vm: &Vm, v: &Value) -> PyResult<Rc<Instance>> {
    match v {
        Value::Instance(i) if i.payload::<GilCell<ExcState>>().is_some() => Ok(i.clone()),
        _ => Err(type_error(format!(
            "descriptor requires a 'BaseException' object but received a '{}'",
            vm.type_name(v)
        ))),
    }
}

fn exc_new(_vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    Ok(Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(ExcState::new(Value::tuple(args.pos.into_vec()))),
    )))
}

fn exc_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut pos = args.pos.into_iter();
    let this = pos.next().unwrap_or(Value::None);
    let inst = state(vm, &this)?;
    if let Some(st) = inst.payload::<GilCell<ExcState>>() {
        st.borrow_mut(vm.gil()).args = Value::tuple(pos.collect());
    }
    Ok(Value::None)
}

fn exc_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, _) = args.method("__str__", 0, 0)?;
    Ok(Value::str(vm.exception_str(&e)?))
}

fn exc_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, _) = args.method("__repr__", 0, 0)?;
    Ok(Value::str(vm.repr(&e)?))
}

fn exc_with_traceback(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, _) = args.method("with_traceback", 1, 1)?;
    Ok(e)
}

/// Assignments to `args`, `__cause__`, `__context__`, `__traceback__` and
/// `__suppress_context__` of an exception go to its state. Returns false
/// for other names (and non-exceptions), which go to the instance dict.
pub fn set_exception_attr(
    vm: &mut Vm,
    inst: &Rc<Instance>,
    name: &str,
    v: Value,
) -> PyResult<bool> {
    let Some(st) = inst.payload::<GilCell<ExcState>>() else {
        return Ok(false);
    };
    match name {
        "args" => {
            let t = Value::tuple(vm.collect(&v)?);
            st.borrow_mut(vm.gil()).args = t;
        }
        "__cause__" => {
            let mut s = st.borrow_mut(vm.gil());
            s.cause = v;
            s.suppress_context = true;
        }
        "__context__" => st.borrow_mut(vm.gil()).context = v,
        "__suppress_context__" => {
            let b = vm.truthy(&v)?;
            st.borrow_mut(vm.gil()).suppress_context = b;
        }
        "__traceback__" => {
            if v.is_none() {
                st.borrow_mut(vm.gil()).traceback.clear();
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn field(vm: &mut Vm, args: Args, f: fn(&ExcState) -> Value) -> PyResult<Value> {
    let (e, _) = args.method("getter", 0, 0)?;
    let inst = state(vm, &e)?;
    let st = inst.payload::<GilCell<ExcState>>().expect("checked");
    let v = f(&st.borrow(vm.gil()));
    Ok(v)
}

fn exc_args(vm: &mut Vm, args: Args) -> PyResult<Value> {
    field(vm, args, |s| s.args.clone())
}

fn exc_cause(vm: &mut Vm, args: Args) -> PyResult<Value> {
    field(vm, args, |s| s.cause.clone())
}

fn exc_context(vm: &mut Vm, args: Args) -> PyResult<Value> {
    field(vm, args, |s| s.context.clone())
}

fn exc_suppress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    field(vm, args, |s| Value::Bool(s.suppress_context))
}

fn exc_traceback(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // mini has no traceback objects; a non-empty traceback reads as True.
    field(vm, args, |s| {
        if s.traceback.is_empty() {
            Value::None
        } else {
            Value::Bool(true)
        }
    })
}

fn first_arg(vm: &mut Vm, args: Args) -> PyResult<(Vec<Value>, Value)> {
    let (e, _) = args.method("getter", 0, 0)?;
    let a = field(vm, Args::new([e.clone()]), |s| s.args.clone())?;
    let items = match a {
        Value::Tuple(t) => t.items.to_vec(),
        _ => vec![],
    };
    Ok((items, e))
}

fn stop_value(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (items, _) = first_arg(vm, args)?;
    Ok(items.into_iter().next().unwrap_or(Value::None))
}

fn exit_code(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (items, _) = first_arg(vm, args)?;
    Ok(match items.len() {
        0 => Value::None,
        1 => items[0].clone(),
        _ => Value::tuple(items),
    })
}

fn key_error_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, _) = args.method("__str__", 0, 0)?;
    Ok(Value::str(vm.exception_str(&e)?))
}

fn os_errno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (items, _) = first_arg(vm, args)?;
    Ok(if items.len() >= 2 {
        items[0].clone()
    } else {
        Value::None
    })
}

fn os_strerror(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (items, _) = first_arg(vm, args)?;
    Ok(if items.len() >= 2 {
        items[1].clone()
    } else {
        Value::None
    })
}

fn os_filename(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (items, _) = first_arg(vm, args)?;
    Ok(items.get(2).cloned().unwrap_or(Value::None))
}

/// `[Errno 2] No such file or directory: 'x'`
fn os_error_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (items, e) = first_arg(vm, args)?;
    if items.len() >= 2 {
        let (errno, msg) = (vm.str(&items[0])?, vm.str(&items[1])?);
        return Ok(Value::str(match items.get(2) {
            Some(f) => format!("[Errno {errno}] {msg}: {}", vm.repr(f)?),
            None => format!("[Errno {errno}] {msg}"),
        }));
    }
    Ok(Value::str(vm.exception_str(&e)?))
}

/// `SyntaxError(msg, (filename, lineno, offset, text, end_lineno, end_offset))`
fn syntax_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos.clone();
    exc_init(vm, args)?;
    let Some(Value::Instance(inst)) = pos.first().cloned() else {
        return Ok(Value::None);
    };
    let set = |vm: &mut Vm, k: &str, v: Value| {
        let key = vm.intern(k);
        vm.dict_set_str(&inst.dict, key, v);
    };
    set(vm, "msg", pos.get(1).cloned().unwrap_or(Value::None));
    let details = match pos.get(2) {
        Some(Value::Tuple(t)) => t.items.to_vec(),
        _ => vec![],
    };
    for (i, k) in [
        "filename",
        "lineno",
        "offset",
        "text",
        "end_lineno",
        "end_offset",
    ]
    .iter()
    .enumerate()
    {
        set(vm, k, details.get(i).cloned().unwrap_or(Value::None));
    }
    set(vm, "print_file_and_line", Value::None);
    Ok(Value::None)
}

fn syntax_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, _) = args.method("__str__", 0, 0)?;
    let get = |vm: &mut Vm, k: &str| {
        let key = vm.intern(k);
        vm.getattr_opt(&e, &key)
            .ok()
            .flatten()
            .unwrap_or(Value::None)
    };
    let msg = get(vm, "msg");
    let msg = if msg.is_none() {
        vm.exception_str(&e)?
    } else {
        vm.str(&msg)?
    };
    let filename = get(vm, "filename");
    let lineno = get(vm, "lineno");
    Ok(Value::str(match (&filename, &lineno) {
        (Value::Str(f), Value::Int(l)) => {
            let base = std::path::Path::new(f.as_str())
                .file_name()
                .map_or(f.as_str().to_string(), |n| n.to_string_lossy().into_owned());
            format!("{msg} ({base}, line {l})")
        }
        (_, Value::Int(l)) => format!("{msg} (line {l})"),
        _ => msg,
    }))
}
