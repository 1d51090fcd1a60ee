//! `object` and `type`: the root of every class, and the class of classes.

use super::types::Spec;
use crate::objects::class::flags;
use crate::objects::exception::type_error;
use crate::objects::{Args, Class, DictObj, Instance, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

pub const OBJECT: Spec = Spec {
    new: Some(object_new),
    subclassable: true,
    methods: &[
        ("__init__", object_init),
        ("__repr__", object_repr),
        ("__str__", object_str),
        ("__eq__", object_eq),
        ("__ne__", object_ne),
        ("__hash__", object_hash),
        ("__format__", object_format),
        ("__setattr__", object_setattr),
        ("__getattribute__", object_getattribute),
        ("__delattr__", object_delattr),
        ("__dir__", object_dir),
        ("__reduce_ex__", object_reduce_ex),
    ],
    getters: &[("__class__", object_class)],
    classmethods: &[("__init_subclass__", object_init_subclass)],
    staticmethods: &[("__new__", object_new_static)],
    ..Spec::new("object")
};

pub const TYPE: Spec = Spec {
    new: Some(type_new),
    methods: &[
        ("mro", type_mro),
        ("__subclasses__", type_subclasses),
        ("__instancecheck__", type_instancecheck),
        ("__subclasscheck__", type_subclasscheck),
    ],
    ..Spec::new("type")
};

/// Whether `cls` (or a base) defines `__init__` in mini code.
fn has_user_init(vm: &Vm, cls: &Rc<Class>) -> bool {
    let init = vm.interp.names.__init__.clone();
    !matches!(cls.lookup(vm.gil(), &init), Some(Value::Builtin(b)) if b.owner == Some("object"))
}

fn object_new(vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    if !args.is_empty() && !has_user_init(vm, cls) {
        return Err(type_error(format!("{}() takes no arguments", cls.name)));
    }
    if cls.has_flag(flags::EXCEPTION) {
        // An exception class whose native new was skipped (user __new__).
        let exc = vm.new_exception_object(cls, args.pos.into_vec());
        return Ok(exc);
    }
    Ok(Value::Instance(Instance::new(cls.clone())))
}

/// `object.__new__(cls, ...)` (called by instantiation, or explicitly
/// from a user `__new__`). As CPython, it refuses a class whose nearest
/// constructor not written in mini is not `object`'s.
fn object_new_static(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = match args.pos.first() {
        None => return Err(type_error("object.__new__(): not enough arguments")),
        Some(Value::Class(c)) => c.clone(),
        Some(other) => {
            return Err(type_error(format!(
                "object.__new__(X): X is not a type object ({})",
                vm.type_name(other)
            )))
        }
    };
    let new_name = vm.interp.names.__new__.clone();
    let mut static_base = cls.clone();
    loop {
        let user_new = match static_base.lookup(vm.gil(), &new_name) {
            Some(Value::StaticMethod(s)) => !matches!(s.func, Value::Builtin(_)),
            Some(Value::Function(_)) => true,
            _ => false,
        };
        match static_base.bases.first() {
            Some(b) if user_new => static_base = b.clone(),
            _ => break,
        }
    }
    if !Rc::ptr_eq(static_base.builtin_base(), &vm.interp.types.object) {
        return Err(type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            cls.name, static_base.name
        )));
    }
    if args.pos.len() > 1 || !args.kw.is_empty() {
        if !Rc::ptr_eq(&static_base, &cls) {
            return Err(type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        if !has_user_init(vm, &cls) {
            return Err(type_error(format!("{}() takes no arguments", cls.name)));
        }
    }
    Ok(Value::Instance(Instance::new(cls)))
}

/// `T.__new__(cls, ...)` of a built-in type `T` with a native constructor:
/// makes the value with the constructor nearest to `cls`.
pub fn native_new_static(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = match args.pos.first() {
        None => return Err(type_error("__new__(): not enough arguments")),
        Some(Value::Class(c)) => c.clone(),
        Some(other) => {
            return Err(type_error(format!(
                "__new__(X): X is not a type object ({})",
                vm.type_name(other)
            )))
        }
    };
    let Some(new) = cls.new_fn() else {
        return Err(type_error(format!(
            "cannot create '{}' instances",
            cls.name
        )));
    };
    vm.construct(
        new,
        &cls,
        Args {
            pos: args.pos[1..].iter().cloned().collect(),
            kw: args.kw,
        },
    )
}

fn object_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.pos.len() > 1 || !args.kw.is_empty() {
        let cls = vm.type_of(&args.pos[0]);
        if has_user_init(vm, &cls) {
            return Err(type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        if cls.value_base().is_some() {
            // `I(5)` of `class I(int)`: the arguments were `int`'s.
            return Ok(Value::None);
        }
        return Err(type_error(format!("{}() takes no arguments", cls.name)));
    }
    Ok(Value::None)
}

fn object_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, _) = args.method("__repr__", 0, 0)?;
    Ok(Value::str(vm.default_repr(&o)))
}

fn object_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, _) = args.method("__str__", 0, 0)?;
    Ok(Value::str(vm.repr(&o)?))
}

fn object_eq(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, a) = args.method("__eq__", 1, 1)?;
    Ok(if o.is(&a[0]) {
        Value::Bool(true)
    } else {
        Value::NotImplemented
    })
}

fn object_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, a) = args.method("__ne__", 1, 1)?;
    let eq = vm.interp.names.__eq__.clone();
    match vm.call_special(&o, &eq, vec![a[0].clone()])? {
        Some(Value::NotImplemented) | None => Ok(Value::NotImplemented),
        Some(r) => Ok(Value::Bool(!vm.truthy(&r)?)),
    }
}

fn object_hash(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, _) = args.method("__hash__", 0, 0)?;
    Ok(Value::Int(crate::vm::dictops::identity_hash(&o)))
}

fn object_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, a) = args.method("__format__", 1, 1)?;
    let spec = vm.arg_str(&a[0], "format_spec")?;
    if !spec.as_str().is_empty() {
        return Err(type_error(format!(
            "unsupported format string passed to {}.__format__",
            vm.type_name(&o)
        )));
    }
    Ok(Value::str(vm.str(&o)?))
}

fn object_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, a) = args.method("__setattr__", 2, 2)?;
    let name = vm.arg_str(&a[0], "attribute name")?;
    match &o {
        Value::Instance(inst) => {
            let inst = inst.clone();
            vm.generic_setattr(&inst, &o, &name, a[1].clone())?;
        }
        _ => vm.setattr(&o, &name, a[1].clone())?,
    }
    Ok(Value::None)
}

fn object_getattribute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, a) = args.method("__getattribute__", 1, 1)?;
    let name = vm.arg_str(&a[0], "attribute name")?;
    vm.getattr(&o, &name)
}

fn object_delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, a) = args.method("__delattr__", 1, 1)?;
    let name = vm.arg_str(&a[0], "attribute name")?;
    if let Value::Instance(inst) = &o {
        match vm.dict_remove(&inst.dict, &Value::Str(name.clone()))? {
            Some(_) => return Ok(Value::None),
            None => {
                return Err(crate::objects::exception::attribute_error(format!(
                    "'{}' object has no attribute '{}'",
                    vm.type_name(&o),
                    name.as_str()
                )))
            }
        }
    }
    vm.delattr(&o, &name)?;
    Ok(Value::None)
}

fn object_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, _) = args.method("__dir__", 0, 0)?;
    Ok(Value::list(dir_names(vm, &o)))
}

fn object_reduce_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, _) = args.method("__reduce_ex__", 0, 1)?;
    Err(type_error(format!(
        "cannot pickle '{}' object",
        vm.type_name(&o)
    )))
}

fn object_class(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (o, _) = args.method("__class__", 0, 0)?;
    Ok(Value::Class(vm.type_of(&o)))
}

/// `object.__init_subclass__(cls)`: accepts no class keywords.
fn object_init_subclass(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kw.is_empty() {
        let name = match args.pos.first() {
            Some(Value::Class(c)) => c.name.as_str().to_string(),
            _ => "object".to_string(),
        };
        return Err(crate::objects::exception::type_error(format!(
            "{name}.__init_subclass__() takes no keyword arguments"
        )));
    }
    Ok(Value::None)
}

/// The names `dir(obj)` lists: instance dict, then the class and its bases.
pub fn dir_names(vm: &mut Vm, o: &Value) -> Vec<Value> {
    let mut names: Vec<String> = Vec::new();
    let g = vm.gil();
    let add_dict = |d: &DictObj, names: &mut Vec<String>| {
        for e in d.table.borrow(g).iter() {
            if let Value::Str(s) = &e.key {
                names.push(s.as_str().to_string());
            }
        }
    };
    match o {
        Value::Instance(i) => {
            add_dict(&i.dict, &mut names);
            for c in i.class.mro_iter() {
                add_dict(&c.dict, &mut names);
            }
        }
        Value::Class(c) => {
            for c in c.mro_iter() {
                add_dict(&c.dict, &mut names);
            }
        }
        Value::Module(m) => add_dict(&m.dict, &mut names),
        _ => {
            let cls = vm.type_of(o);
            for c in cls.mro_iter() {
                add_dict(&c.dict, &mut names);
            }
        }
    }
    names.sort();
    names.dedup();
    names.into_iter().map(Value::str).collect()
}

/// `type(x)` or `type(name, bases, dict)`.
fn type_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let a = args.positional("type", 1, 3)?;
    match a.len() {
        1 => Ok(Value::Class(vm.type_of(&a[0]))),
        3 => {
            let name = vm.arg_str(&a[0], "type.__new__() argument 1")?;
            let bases = match &a[1] {
                Value::Tuple(t) => t
                    .items
                    .iter()
                    .map(|b| match b {
                        Value::Class(c) => Ok(c.clone()),
                        _ => Err(type_error("bases must be types")),
                    })
                    .collect::<PyResult<Vec<_>>>()?,
                _ => return Err(type_error("type.__new__() argument 2 must be tuple")),
            };
            let bases = if bases.is_empty() {
                vec![vm.interp.types.object.clone()]
            } else {
                bases
            };
            let ns = DictObj::new();
            if let Value::Dict(d) = &a[2] {
                let entries: Vec<_> = d
                    .table
                    .borrow(vm.gil())
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect();
                for (k, v) in entries {
                    vm.dict_set(&ns, k, v)?;
                }
            }
            let module = vm.interp.names.__module__.clone();
            if vm.dict_get_str(&ns, &module)?.is_none() {
                let m = vm
                    .frames
                    .last()
                    .and_then(|f| {
                        vm.dict_get_str(&f.func.globals, &vm.interp.names.__name__)
                            .ok()
                            .flatten()
                    })
                    .unwrap_or(Value::str("__main__"));
                vm.dict_set_str(&ns, module, m);
            }
            vm.make_class(name.as_str(), name.as_str(), bases, ns, Value::None)
        }
        _ => Err(type_error("type() takes 1 or 3 arguments")),
    }
}

fn type_mro(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (c, _) = args.method("mro", 0, 0)?;
    match c {
        Value::Class(c) => Ok(Value::list(
            c.mro_iter().map(|c| Value::Class(c.clone())).collect(),
        )),
        _ => Err(type_error("descriptor 'mro' requires a 'type' object")),
    }
}

fn type_subclasses(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (c, _) = args.method("__subclasses__", 0, 0)?;
    match c {
        Value::Class(c) => Ok(Value::list(
            c.subclasses
                .borrow(vm.gil())
                .iter()
                .filter_map(|w| w.upgrade())
                .map(Value::Class)
                .collect(),
        )),
        _ => Err(type_error(
            "descriptor '__subclasses__' requires a 'type' object",
        )),
    }
}

fn type_instancecheck(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (c, a) = args.method("__instancecheck__", 1, 1)?;
    match c {
        Value::Class(c) => Ok(Value::Bool(vm.isinstance(&a[0], &c))),
        _ => Ok(Value::Bool(false)),
    }
}

fn type_subclasscheck(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (c, a) = args.method("__subclasscheck__", 1, 1)?;
    match (c, &a[0]) {
        (Value::Class(c), Value::Class(s)) => Ok(Value::Bool(s.is_subclass(&c))),
        _ => Ok(Value::Bool(false)),
    }
}
