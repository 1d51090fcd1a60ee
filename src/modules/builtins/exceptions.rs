//! The built-in exception classes: construction, `args`, chaining
//! attributes, and the few subclasses with extra attributes.

use super::types::Spec;
use crate::gil::GilCell;
use crate::objects::exception::{type_error, PyErr};
use crate::objects::{Args, Class, ExcKind, ExcState, Instance, StrObj, Value};
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
            new: Some(os_error_new),
            methods: &[("__init__", os_error_init), ("__str__", os_error_str)],
            ..base
        },
        ExcKind::NameError => Spec {
            methods: &[("__init__", name_error_init)],
            ..base
        },
        ExcKind::AttributeError => Spec {
            methods: &[("__init__", attribute_error_init)],
            ..base
        },
        ExcKind::ImportError => Spec {
            methods: &[
                ("__init__", import_error_init),
                ("__str__", import_error_str),
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

fn exc_new(vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let exc = Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(ExcState::new(Value::tuple(args.pos.to_vec()))),
    ));
    // The VM makes a built-in exception with its native constructor alone
    // (and does not call a native `__init__` after a `__new__`), so the
    // native `__init__` (keyword arguments, SyntaxError details, ...) runs
    // here; an `__init__` written in mini is left to the caller.
    let init = vm.interp.names.__init__.clone();
    if let Some(Value::Builtin(b)) = cls.lookup(vm.gil(), &init) {
        if b.owner.is_some() && b.owner != Some("object") {
            let mut pos = args.pos;
            pos.insert(0, exc.clone());
            (b.func)(vm, Args { pos, kw: args.kw })?;
        }
    }
    Ok(exc)
}

fn exc_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kw.is_empty() {
        let name = args
            .pos
            .first()
            .map(|e| vm.type_name(e))
            .unwrap_or_default();
        return Err(type_error(format!("{name}() takes no keyword arguments")));
    }
    set_args(vm, args)?;
    Ok(Value::None)
}

/// `BaseException.__init__` without the keyword check: stores `args`.
/// Returns the instance.
fn set_args(vm: &mut Vm, args: Args) -> PyResult<Rc<Instance>> {
    let mut pos = args.pos.into_iter();
    let this = pos.next().unwrap_or(Value::None);
    let inst = state(vm, &this)?;
    if let Some(st) = inst.payload::<GilCell<ExcState>>() {
        st.borrow_mut(vm.gil()).args = Value::tuple(pos.collect());
    }
    Ok(inst)
}

/// The attributes some exception classes have besides `args`, which read
/// as None until set (CPython's member slots). Stored in the instance dict.
pub fn class_attrs(kind: ExcKind) -> &'static [&'static str] {
    match kind {
        ExcKind::NameError => &["name"],
        ExcKind::AttributeError => &["name", "obj"],
        ExcKind::ImportError => &["msg", "name", "path"],
        ExcKind::OSError => &["errno", "strerror", "filename", "filename2"],
        _ => &[],
    }
}

/// The `__init__` of exceptions that take keyword-only attributes
/// (`NameError(msg, name=...)`): `class_name` is how CPython names the
/// class in the error for an unknown keyword, whatever the subclass.
fn init_with_keywords(
    vm: &mut Vm,
    mut args: Args,
    class_name: &str,
    keywords: &[&str],
) -> PyResult<Rc<Instance>> {
    let kw = std::mem::take(&mut args.kw);
    let inst = set_args(vm, args)?;
    for (k, v) in kw {
        if !keywords.contains(&k.as_str()) {
            return Err(type_error(format!(
                "'{}' is an invalid keyword argument for {class_name}()",
                k.as_str()
            )));
        }
        vm.dict_set_str(&inst.dict, k, v);
    }
    Ok(inst)
}

fn name_error_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    init_with_keywords(vm, args, "NameError", &["name"])?;
    Ok(Value::None)
}

fn attribute_error_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    init_with_keywords(vm, args, "AttributeError", &["name", "obj"])?;
    Ok(Value::None)
}

/// `ImportError(*args, name=None, path=None)`; `msg` is the sole argument.
fn import_error_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let msg = match args.pos.len() {
        2 => args.pos[1].clone(),
        _ => Value::None,
    };
    let inst = init_with_keywords(vm, args, "ImportError", &["name", "path"])?;
    let key = vm.intern("msg");
    vm.dict_set_str(&inst.dict, key, msg);
    Ok(Value::None)
}

/// `str(ImportError)`: `msg` when it is set, else as any exception.
fn import_error_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, _) = args.method("__str__", 0, 0)?;
    let key = vm.intern("msg");
    if let Some(msg @ Value::Str(_)) = vm.getattr_opt(&e, &key)? {
        return Ok(msg);
    }
    Ok(Value::str(vm.exception_str(&e)?))
}

impl Vm {
    /// Sets an attribute in an exception's instance dict (the attributes
    /// of [`class_attrs`], which the runtime fills in when it raises).
    pub fn set_exc_attr(&self, exc: &Value, name: &str, v: Value) {
        if let Value::Instance(i) = exc {
            let key = self.intern(name);
            self.dict_set_str(&i.dict, key, v);
        }
    }

    /// `NameError: name 'x' is not defined`, with `name` set (what
    /// CPython's "Did you mean" reads).
    pub fn name_error(&self, name: &str) -> PyErr {
        let exc = self.new_exception_object(
            self.interp.types.exc(ExcKind::NameError),
            vec![Value::str(format!("name '{name}' is not defined"))],
        );
        self.set_exc_attr(&exc, "name", Value::str(name));
        PyErr::from_value(exc)
    }

    /// An ImportError (or subclass) raised by `import`, with `name`,
    /// `path` and `msg` set as CPython sets them.
    pub fn import_error(&self, kind: ExcKind, msg: String, name: &str, path: Value) -> PyErr {
        let exc =
            self.new_exception_object(self.interp.types.exc(kind), vec![Value::str(msg.as_str())]);
        self.set_exc_attr(&exc, "msg", Value::str(msg));
        self.set_exc_attr(&exc, "name", Value::str(name));
        self.set_exc_attr(&exc, "path", path);
        PyErr::from_value(exc)
    }

    /// As CPython's `PyObject_GetAttr`: an AttributeError raised while
    /// looking up `obj.name` (by a property, `__getattr__`, ...) learns
    /// `name` and `obj` unless it already knows one of them.
    pub fn attribute_error_context(&mut self, err: PyErr, obj: &Value, name: &Rc<StrObj>) -> PyErr {
        if !self.err_is(&err, ExcKind::AttributeError) {
            return err;
        }
        let exc = self.exc_value(err);
        if let Value::Instance(i) = &exc {
            let g = self.gil.token();
            let known = ["name", "obj"].iter().any(|k| {
                let key = self.intern(k);
                let t = i.dict.table.borrow(g);
                t.find_str(key.hash(), &key)
                    .is_some_and(|pos| !t.value_at(pos).is_none())
            });
            if !known {
                self.set_exc_attr(&exc, "name", Value::Str(name.clone()));
                self.set_exc_attr(&exc, "obj", obj.clone());
            }
        }
        PyErr::from_value(exc)
    }
}

fn exc_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, _) = args.method("__str__", 0, 0)?;
    Ok(Value::str(vm.exception_str(&e)?))
}

fn exc_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, _) = args.method("__repr__", 0, 0)?;
    Ok(Value::str(vm.repr(&e)?))
}

fn exc_with_traceback(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, a) = args.method("with_traceback", 1, 1)?;
    if let Value::Instance(inst) = &e {
        set_exception_attr(vm, inst, "__traceback__", a[0].clone())?;
    }
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
                let mut s = st.borrow_mut(vm.gil());
                s.traceback.clear();
                s.tb_object = None;
            } else {
                let mut entries = vm.traceback_entries(&v);
                if entries.is_empty() {
                    return Err(type_error("__traceback__ must be a traceback or None"));
                }
                entries.reverse();
                let mut s = st.borrow_mut(vm.gil());
                s.tb_object = Some((entries.len(), v));
                s.traceback = entries;
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
    let (e, _) = args.method("getter", 0, 0)?;
    state(vm, &e)?;
    Ok(vm.traceback_object(&e))
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

/// `OSError(errno, strerror, ...)` made directly is the subclass for the
/// errno (`OSError(2, "x")` is a FileNotFoundError), as in CPython.
/// With an `__init__` written in mini, the arguments are left to it: the
/// new exception starts with empty args.
fn os_error_new(vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let init = vm.interp.names.__init__.clone();
    if !matches!(cls.lookup(vm.gil(), &init), Some(Value::Builtin(_))) {
        return Ok(Value::Instance(Instance::with_payload(
            cls.clone(),
            Box::new(ExcState::new(Value::tuple(vec![]))),
        )));
    }
    if !args.kw.is_empty() {
        return Err(type_error(format!(
            "{}() takes no keyword arguments",
            cls.name
        )));
    }
    let mut cls = cls.clone();
    if Rc::ptr_eq(&cls, vm.interp.types.exc(ExcKind::OSError)) && (2..=5).contains(&args.pos.len())
    {
        if let Value::Int(n) = &args.pos[0] {
            if let Some(kind) = crate::objects::exception::errno_kind(*n) {
                cls = vm.exc_class(kind);
            }
        }
    }
    exc_new(vm, &cls, args)
}

fn os_error_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kw.is_empty() {
        let name = args
            .pos
            .first()
            .map(|e| vm.type_name(e))
            .unwrap_or_default();
        return Err(type_error(format!("{name}() takes no keyword arguments")));
    }
    let inst = set_args(vm, args)?;
    os_error_fields(vm, &Value::Instance(inst));
    Ok(Value::None)
}

/// Fills in `errno`, `strerror`, `filename` and `filename2` from the args
/// of an OSError, `(errno, strerror[, filename[, winerror[, filename2]]])`;
/// with a filename, args keep only the first two.
pub fn os_error_fields(vm: &Vm, exc: &Value) {
    let Some(st) = vm.exc_state(exc) else {
        return;
    };
    let args = match &st.borrow(vm.gil()).args {
        Value::Tuple(t) => t.items.to_vec(),
        _ => return,
    };
    if !(2..=5).contains(&args.len()) {
        return;
    }
    vm.set_exc_attr(exc, "errno", args[0].clone());
    vm.set_exc_attr(exc, "strerror", args[1].clone());
    let filename = args.get(2).cloned().unwrap_or(Value::None);
    if !filename.is_none() {
        vm.set_exc_attr(exc, "filename", filename);
        if let Some(f2) = args.get(4).filter(|f| !f.is_none()) {
            vm.set_exc_attr(exc, "filename2", f2.clone());
        }
        st.borrow_mut(vm.gil()).args = Value::tuple(args[..2].to_vec());
    }
}

/// `[Errno 2] No such file or directory: 'x'`
fn os_error_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, _) = args.method("__str__", 0, 0)?;
    // Set (in the instance dict) is what CPython tells from NULL: a field
    // explicitly None still shows.
    let get = |vm: &mut Vm, name: &str| -> PyResult<Option<Value>> {
        let key = vm.intern(name);
        match &e {
            Value::Instance(i) => vm.dict_get_str(&i.dict, &key),
            _ => Ok(None),
        }
    };
    let (errno, strerror) = (get(vm, "errno")?, get(vm, "strerror")?);
    let (filename, filename2) = (get(vm, "filename")?, get(vm, "filename2")?);
    let text = |vm: &mut Vm, v: Option<Value>| vm.str(&v.unwrap_or(Value::None));
    if let Some(f) = filename {
        let (errno, strerror, f) = (text(vm, errno)?, text(vm, strerror)?, vm.repr(&f)?);
        return Ok(Value::str(match filename2 {
            None => format!("[Errno {errno}] {strerror}: {f}"),
            Some(f2) => format!("[Errno {errno}] {strerror}: {f} -> {}", vm.repr(&f2)?),
        }));
    }
    if let (Some(errno), Some(strerror)) = (errno, strerror) {
        return Ok(Value::str(format!(
            "[Errno {}] {}",
            vm.str(&errno)?,
            vm.str(&strerror)?
        )));
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
