//! Objects sent by reference: a module name and a qualified name.
//!
//! Both sides walk the same path: the module from `sys.modules` (the
//! receiving side imports it if it is missing), then one attribute per dot
//! of the qualified name. A class's attribute is read from the class's own
//! namespace along its MRO, with `staticmethod`/`classmethod` unwrapped, so
//! a method (`A.m`), a static method and the function behind a class method
//! all resolve to the function object itself.
//!
//! Module names go through [`public_module_name`]: in a multiprocessing
//! child the script runs as `__mp_main__` with `sys.modules['__main__']`
//! aliased to it, and what it defines is sent as `__main__`, the name that
//! means "the script" in every process.

use crate::objects::exception::{attribute_error, PyErr};
use crate::objects::{Class, Module, StrObj, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

/// `sys.modules[name]`, if present (`builtins` always is).
pub fn loaded_module(vm: &Vm, name: &StrObj) -> PyResult<Option<Value>> {
    let modules = vm.interp.modules.clone();
    match vm.dict_get_str(&modules, name)? {
        None if name.as_str() == "builtins" => {
            Ok(Some(Value::Module(vm.interp.builtins_module.clone())))
        }
        found => Ok(found),
    }
}

/// The name under which `name`'s module should be sent: `__main__` when
/// `sys.modules['__main__']` is that very module (the multiprocessing child
/// case), else `name` itself.
pub fn public_module_name(vm: &Vm, name: Rc<StrObj>) -> PyResult<Rc<StrObj>> {
    let s = name.as_str();
    if s == "__main__" || !s.starts_with("__") {
        return Ok(name);
    }
    let main = vm.interp.names.__main__.clone();
    if let (Some(a), Some(b)) = (loaded_module(vm, &main)?, loaded_module(vm, &name)?) {
        if a.is(&b) {
            return Ok(main);
        }
    }
    Ok(name)
}

/// One step of a qualified-name walk.
fn attr_step(vm: &mut Vm, obj: &Value, part: &str) -> PyResult<Option<Value>> {
    let key = vm.intern(part);
    match obj {
        Value::Module(m) => {
            if let Some(v) = vm.dict_get_str(&m.dict, &key)? {
                return Ok(Some(v));
            }
        }
        Value::Class(c) => {
            if let Some(v) = c.lookup(vm.gil(), &key) {
                return Ok(Some(match v {
                    Value::StaticMethod(s) => s.func.clone(),
                    Value::ClassMethod(cm) => cm.func.clone(),
                    v => v,
                }));
            }
        }
        _ => {}
    }
    match vm.getattr_opt(obj, &key) {
        Ok(v) => Ok(v),
        Err(e) if vm.err_is(&e, crate::objects::ExcKind::AttributeError) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Walks `qualname` from `start`; None when a step is missing.
fn walk(vm: &mut Vm, start: Value, qualname: &str) -> PyResult<Option<Value>> {
    let mut obj = start;
    for part in qualname.split('.') {
        match attr_step(vm, &obj, part)? {
            Some(v) => obj = v,
            None => return Ok(None),
        }
    }
    Ok(Some(obj))
}

/// What `module.qualname` names in this process, without importing
/// anything (the sending side's check).
pub fn lookup_loaded(vm: &mut Vm, module: &StrObj, qualname: &str) -> PyResult<Option<Value>> {
    match loaded_module(vm, module)? {
        Some(m) => walk(vm, m, qualname),
        None => Ok(None),
    }
}

/// What `module.qualname` names, importing the module if needed (the
/// receiving side).
pub fn resolve(vm: &mut Vm, module: &str, qualname: &str) -> PyResult<Value> {
    let name = vm.intern(module);
    let m = match loaded_module(vm, &name)? {
        Some(m) => m,
        None => vm.import_module(&name)?,
    };
    match walk(vm, m.clone(), qualname)? {
        Some(v) => Ok(v),
        None => {
            let shown = match &m {
                Value::Module(m) => format!("<module '{}'>", m.name.as_str()),
                _ => format!("'{module}'"),
            };
            Err(attribute_error(format!(
                "Can't get attribute '{qualname}' on {shown}"
            )))
        }
    }
}

/// The `__module__` of a class (`builtins` for built-in types that do not
/// say otherwise).
pub fn class_module(vm: &Vm, cls: &Rc<Class>) -> Rc<StrObj> {
    match vm.dict_get_str(&cls.dict, &vm.interp.names.__module__) {
        Ok(Some(Value::Str(s))) => s,
        _ => vm.intern("builtins"),
    }
}

/// The module name of a function's globals (`__name__`).
pub fn globals_name(vm: &Vm, globals: &crate::objects::DictObj) -> Option<Rc<StrObj>> {
    match vm.dict_get_str(globals, &vm.interp.names.__name__) {
        Ok(Some(Value::Str(s))) => Some(s),
        _ => None,
    }
}

/// Where a native function can be found by name: the builtins, a loaded
/// module, or a built-in type's namespace (`object.__new__`). mini's
/// native functions do not record their module, so this searches, as
/// pickle's `whichmodule` does.
pub fn find_builtin(vm: &mut Vm, f: &Value) -> PyResult<Option<(Rc<StrObj>, String)>> {
    let Value::Builtin(b) = f else {
        return Ok(None);
    };
    let key = vm.intern(b.name);
    // (module name, namespace) for builtins and every loaded module.
    let mut spaces = vec![(vm.intern("builtins"), vm.interp.builtins.clone())];
    for e in vm.interp.modules.table.borrow(vm.gil()).iter() {
        if let (Value::Str(name), Value::Module(m)) = (&e.key, &e.value) {
            spaces.push((name.clone(), m.dict.clone()));
        }
    }
    for (module, ns) in &spaces {
        if vm.dict_get_str(ns, &key)?.is_some_and(|v| v.is(f)) {
            let module = public_module_name(vm, module.clone())?;
            return Ok(Some((module, b.name.to_string())));
        }
    }
    // A static or class method of a type found in one of those namespaces.
    for (module, ns) in &spaces {
        let classes: Vec<Rc<Class>> = ns
            .table
            .borrow(vm.gil())
            .iter()
            .filter_map(|e| match &e.value {
                Value::Class(c) => Some(c.clone()),
                _ => None,
            })
            .collect();
        for cls in classes {
            let found = match vm.dict_get_str(&cls.dict, &key)? {
                Some(Value::StaticMethod(s)) => s.func.clone(),
                Some(Value::ClassMethod(c)) => c.func.clone(),
                Some(v) => v,
                None => continue,
            };
            if found.is(f) {
                let module = public_module_name(vm, module.clone())?;
                return Ok(Some((module, format!("{}.{}", cls.qualname, b.name))));
            }
        }
    }
    Ok(None)
}

/// `sys.modules[name].__dict__`, importing the module if needed: the
/// globals of a function sent by value.
pub fn module_namespace(vm: &mut Vm, name: &str) -> PyResult<Rc<Module>> {
    let key = vm.intern(name);
    let m = match loaded_module(vm, &key)? {
        Some(m) => m,
        None => vm.import_module(&key)?,
    };
    match m {
        Value::Module(m) => Ok(m),
        _ => Err(PyErr::new(
            crate::objects::ExcKind::TypeError,
            format!("sys.modules['{name}'] is not a module"),
        )),
    }
}
