//! Struct sequences: the named tuples the runtime hands out
//! (`sys.version_info`, `sys.float_info`, `os.stat_result`, ...).
//!
//! A struct sequence type is a subclass of `tuple` whose first
//! `n_sequence_fields` fields are the tuple's items, read by name through
//! properties; further fields (`os.stat_result.st_atime`) are attributes
//! only. Its repr is `module.name(field=value, ...)` over the tuple part.

use crate::objects::exception::type_error;
use crate::objects::{
    Args, BaseValue, BuiltinFn, Class, DictObj, Instance, Property, StaticMethod, Value,
};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

/// The class attribute holding the field names, in order.
const FIELDS: &str = "__structseq_fields__";

/// Makes a struct sequence type `module.name` with these fields, the first
/// `n_seq` of which make up the tuple. With `instantiable`, calling the type
/// with a sequence (and optionally a dict of the other fields) makes one.
pub fn new_type(
    vm: &mut Vm,
    module: &str,
    name: &str,
    fields: &[&'static str],
    n_seq: usize,
    instantiable: bool,
) -> PyResult<Rc<Class>> {
    let ns = DictObj::new();
    let set = |vm: &Vm, k: &str, v: Value| vm.dict_set_str(&ns, vm.intern(k), v);
    set(vm, "__module__", Value::str(module));
    let mut unnamed = 0;
    for (i, f) in fields.iter().take(n_seq).enumerate() {
        if fields[n_seq..].contains(f) {
            // `os.stat_result.st_mtime`: the attribute is the later
            // (float) field; the int is only an item of the tuple.
            unnamed += 1;
            continue;
        }
        let fget = Value::Builtin(Rc::new(BuiltinFn {
            name: f,
            func: field,
            receiver: Some(Value::from(i)),
            owner: None,
        }));
        let prop = Property {
            fget,
            fset: Value::None,
            fdel: Value::None,
            doc: Value::None,
        };
        set(vm, f, Value::Property(Rc::new(prop)));
    }
    set(
        vm,
        FIELDS,
        Value::tuple(fields.iter().map(|f| Value::str(*f)).collect()),
    );
    set(vm, "n_fields", Value::from(fields.len()));
    set(vm, "n_sequence_fields", Value::from(n_seq));
    set(vm, "n_unnamed_fields", Value::Int(unnamed));
    let repr_fn = Rc::new(BuiltinFn {
        name: "__repr__",
        func: repr,
        receiver: None,
        owner: Some("structseq"),
    });
    set(vm, "__repr__", Value::Builtin(repr_fn));
    let new_fn: crate::objects::NativeFn = if instantiable { new } else { no_new };
    set(
        vm,
        "__new__",
        Value::StaticMethod(Rc::new(StaticMethod {
            func: Value::Builtin(BuiltinFn::new("__new__", new_fn)),
        })),
    );
    let tuple = vm.interp.types.tuple.clone();
    match vm.make_class(name, name, vec![tuple], ns, Value::None)? {
        Value::Class(c) => Ok(c),
        _ => Err(type_error("struct sequence type")),
    }
}

/// An instance of struct sequence type `cls` with all its fields' values.
pub fn make(vm: &Vm, cls: &Rc<Class>, values: Vec<Value>) -> Value {
    let names = field_names(vm, cls);
    let n_seq = n_sequence_fields(vm, cls);
    let mut values = values;
    let extra = values.split_off(n_seq.min(values.len()));
    let inst = Instance::with_payload(cls.clone(), Box::new(BaseValue(Value::tuple(values))));
    for (name, v) in names.iter().skip(n_seq).zip(extra) {
        vm.dict_set_str(&inst.dict, vm.intern(name), v);
    }
    Value::Instance(inst)
}

fn field_names(vm: &Vm, cls: &Rc<Class>) -> Vec<String> {
    match cls.lookup(vm.gil(), &vm.intern(FIELDS)) {
        Some(Value::Tuple(t)) => t
            .items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn n_sequence_fields(vm: &Vm, cls: &Rc<Class>) -> usize {
    match cls.lookup(vm.gil(), &vm.intern("n_sequence_fields")) {
        Some(Value::Int(n)) => n as usize,
        _ => 0,
    }
}

/// The getter of field `i` (the receiver the getter was bound with).
fn field(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (Some(Value::Int(i)), Some(obj)) = (args.pos.first(), args.pos.get(1)) else {
        return Err(type_error("struct sequence field: bad call"));
    };
    match obj.base_value() {
        Some(Value::Tuple(t)) => Ok(t.items.get(*i as usize).cloned().unwrap_or(Value::None)),
        _ => Err(type_error("struct sequence field of a non-struct-sequence")),
    }
}

fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(obj) = args.pos.first() else {
        return Err(type_error("__repr__ needs a receiver"));
    };
    let cls = vm.type_of(obj);
    let module = match vm.dict_get_str(&cls.dict, &vm.interp.names.__module__)? {
        Some(Value::Str(m)) => format!("{}.", m.as_str()),
        _ => String::new(),
    };
    let items = match obj.base_value() {
        Some(Value::Tuple(t)) => t.items.to_vec(),
        _ => Vec::new(),
    };
    let mut out = format!("{module}{}(", cls.name);
    for (i, (name, v)) in field_names(vm, &cls).iter().zip(&items).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        out.push('=');
        out.push_str(&vm.repr(v)?);
    }
    out.push(')');
    Ok(Value::str(out))
}

fn type_arg(vm: &Vm, args: &Args) -> PyResult<Rc<Class>> {
    match args.pos.first() {
        Some(Value::Class(c)) => Ok(c.clone()),
        Some(v) => Err(type_error(format!(
            "__new__(X): X is not a type object ({})",
            vm.type_name(v)
        ))),
        None => Err(type_error("__new__(): not enough arguments")),
    }
}

fn qualified(vm: &Vm, cls: &Rc<Class>) -> String {
    match vm.dict_get_str(&cls.dict, &vm.interp.names.__module__) {
        Ok(Some(Value::Str(m))) => format!("{}.{}", m.as_str(), cls.name),
        _ => cls.name.clone(),
    }
}

fn no_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = type_arg(vm, &args)?;
    Err(type_error(format!(
        "cannot create '{}' instances",
        qualified(vm, &cls)
    )))
}

/// `T(sequence[, dict])`
fn new(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let cls = type_arg(vm, &args)?;
    let qn = qualified(vm, &cls);
    let seq = match args.take_kw("sequence") {
        Some(s) => s,
        None => match args.pos.get(1) {
            Some(s) => s.clone(),
            None => {
                return Err(type_error(format!(
                    "{qn}() missing required argument 'sequence' (pos 1)"
                )))
            }
        },
    };
    let items = vm.collect(&seq)?;
    let names = field_names(vm, &cls);
    let n_seq = n_sequence_fields(vm, &cls);
    let n = items.len();
    if n < n_seq {
        let what = if n_seq == names.len() {
            "exactly"
        } else {
            "at least"
        };
        return Err(type_error(format!(
            "{qn}() takes {what} {n_seq}-sequence ({n}-sequence given)"
        )));
    }
    if n > names.len() {
        let what = if n_seq == names.len() {
            "exactly"
        } else {
            "at most"
        };
        return Err(type_error(format!(
            "{qn}() takes {what} {}-sequence ({n}-sequence given)",
            names.len()
        )));
    }
    let mut values = items;
    values.resize(names.len(), Value::None);
    Ok(make(vm, &cls, values))
}

/// A `types.SimpleNamespace` holding these attributes (`sys.implementation`).
pub fn simple_namespace(vm: &mut Vm, attrs: Vec<(&str, Value)>) -> PyResult<Value> {
    let ns = DictObj::new();
    vm.dict_set_str(&ns, vm.intern("__module__"), Value::str("types"));
    let repr_fn = Rc::new(BuiltinFn {
        name: "__repr__",
        func: namespace_repr,
        receiver: None,
        owner: Some("SimpleNamespace"),
    });
    vm.dict_set_str(&ns, vm.intern("__repr__"), Value::Builtin(repr_fn));
    let object = vm.interp.types.object.clone();
    let Value::Class(cls) = vm.make_class(
        "SimpleNamespace",
        "SimpleNamespace",
        vec![object],
        ns,
        Value::None,
    )?
    else {
        return Err(type_error("SimpleNamespace"));
    };
    let inst = Instance::new(cls);
    for (k, v) in attrs {
        vm.dict_set_str(&inst.dict, vm.intern(k), v);
    }
    Ok(Value::Instance(inst))
}

/// `namespace(a=1, b=2)`
fn namespace_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Instance(inst)) = args.pos.first() else {
        return Err(type_error("__repr__ needs a namespace"));
    };
    let entries: Vec<(Value, Value)> = inst
        .dict
        .table
        .borrow(vm.gil())
        .iter()
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect();
    let mut out = String::from("namespace(");
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&vm.str(k)?);
        out.push('=');
        out.push_str(&vm.repr(v)?);
    }
    out.push(')');
    Ok(Value::str(out))
}
