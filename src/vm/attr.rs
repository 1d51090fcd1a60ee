//! Attribute access, with Python's descriptor rules.
//!
//! For `obj.name` on an instance: a *data descriptor* found on the class
//! (a `property`) wins; then the instance's dict; then anything else found
//! on the class (functions become bound methods, `staticmethod` and
//! `classmethod` unwrap); then `__getattr__`. Special methods (`__len__`,
//! `__add__`, ...) are always looked up on the type, never the instance.

use super::{PyResult, Vm};
use crate::gil::Gil;
use crate::objects::class::{self, flags};
use crate::objects::code::AttrCache;
use crate::objects::exception::{attribute_error, type_error, PyErr};
use crate::objects::{
    Args, BoundMethod, BuiltinFn, Class, ExcKind, Instance, StrObj, SuperObj, Value,
};
use std::cell::Cell;
use std::rc::Rc;

/// `name` from the instance dict `d`, trying the position remembered in
/// `hint` first (and remembering where it was found).
#[inline(always)]
fn instance_dict_get(
    d: &crate::objects::DictObj,
    g: Gil<'_>,
    name: &StrObj,
    hint: &Cell<AttrCache>,
) -> Option<Value> {
    let t = d.table.borrow(g);
    if let Some(v) = t.value_if_key_at(hint.get().dict_pos as usize, name) {
        return Some(v.clone());
    }
    let hash = name.hash();
    if !t.may_contain(hash) {
        return None;
    }
    let p = t.find_str(hash, name)?;
    let mut c = hint.get();
    c.dict_pos = p as u32;
    hint.set(c);
    Some(t.value_at(p).clone())
}

/// The class facts in `hint`, if they are about `cls` and still current.
#[inline(always)]
fn class_facts(cls: &Rc<Class>, hint: &Cell<AttrCache>) -> Option<AttrCache> {
    let c = hint.get();
    (c.class == Rc::as_ptr(cls) as usize && c.epoch == class::epoch()).then_some(c)
}

/// `cls`'s attribute `name` (interned), remembering in `hint` what it is
/// when that is nothing or a plain function.
#[inline]
fn class_attr(
    g: Gil<'_>,
    cls: &Rc<Class>,
    name: &Rc<StrObj>,
    hint: &Cell<AttrCache>,
) -> Option<Value> {
    let now = class::epoch();
    let (depth, pos, found) = match cls.locate_interned(g, name) {
        None => (AttrCache::ABSENT, 0, None),
        Some((d, p)) => (d, p, Some(cls.value_at(g, d, p))),
    };
    if matches!(found, None | Some(Value::Function(_))) {
        let mut c = hint.get();
        c.class = Rc::as_ptr(cls) as usize;
        c.epoch = now;
        c.depth = depth;
        c.pos = pos;
        hint.set(c);
    }
    found
}

/// A class attribute that the descriptor protocol leaves as it is (no
/// `__get__`): it is the attribute's value for instances too.
fn is_inert(a: &Value) -> bool {
    matches!(
        a,
        Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::BigInt(_)
            | Value::Str(_)
            | Value::Bytes(_)
            | Value::Tuple(_)
            | Value::List(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::Class(_)
    )
}

impl Vm {
    /// `LoadAttr`: `obj.name`, where `name` comes from the code's names
    /// (so it is interned) and `hint` is its attribute cache. The common
    /// instance cases are decided here with cached class lookups; the rest
    /// goes to `getattr`.
    #[inline]
    pub(crate) fn load_attr_instr(
        &mut self,
        obj: &Value,
        name: &Rc<StrObj>,
        hint: &Cell<AttrCache>,
    ) -> PyResult<Value> {
        if let Value::Instance(inst) = obj {
            if inst.payload.is_none() {
                let g = self.gil.token();
                if let Some(c) = class_facts(&inst.class, hint) {
                    // No data descriptor on the class: the instance dict first.
                    if let Some(v) = instance_dict_get(&inst.dict, g, name, hint) {
                        return Ok(v);
                    }
                    if c.depth != AttrCache::ABSENT {
                        return Ok(Value::Method(Rc::new(BoundMethod {
                            func: inst.class.value_at(g, c.depth, c.pos),
                            receiver: obj.clone(),
                        })));
                    }
                    return self.getattr(obj, name);
                }
                let cls_attr = class_attr(g, &inst.class, name, hint);
                let plain = match &cls_attr {
                    None => true,
                    Some(a) => !self.is_data_descriptor(a),
                };
                if plain {
                    if let Some(v) = instance_dict_get(&inst.dict, g, name, hint) {
                        return Ok(v);
                    }
                    match cls_attr {
                        Some(f @ Value::Function(_)) => {
                            return Ok(Value::Method(Rc::new(BoundMethod {
                                func: f,
                                receiver: obj.clone(),
                            })))
                        }
                        Some(a) if is_inert(&a) => return Ok(a),
                        _ => {}
                    }
                }
            }
        }
        self.getattr(obj, name)
    }

    /// `StoreAttr`: `obj.name = v`, with `name` and `hint` as for
    /// `load_attr_instr`.
    #[inline]
    pub(crate) fn store_attr_instr(
        &mut self,
        obj: &Value,
        name: &Rc<StrObj>,
        hint: &Cell<AttrCache>,
        v: Value,
    ) -> PyResult<()> {
        if let Value::Instance(inst) = obj {
            let cls = &inst.class;
            if inst.payload.is_none()
                && !cls.has_flag(flags::HAS_SETATTR)
                && !Rc::ptr_eq(cls, &self.interp.types.object)
            {
                let g = self.gil.token();
                let plain = class_facts(cls, hint).is_some()
                    || !matches!(
                        class_attr(g, cls, name, hint),
                        Some(Value::Property(_) | Value::Instance(_))
                    );
                if plain {
                    let mut t = inst.dict.table.borrow_mut(g);
                    let h = hint.get().dict_pos as usize;
                    if t.value_if_key_at(h, name).is_some() {
                        t.set_value_at(h, v).discard();
                        return Ok(());
                    }
                    let hash = name.hash();
                    let found = if t.may_contain(hash) {
                        t.find_str(hash, name)
                    } else {
                        None
                    };
                    let pos = match found {
                        Some(p) => {
                            t.set_value_at(p, v).discard();
                            p
                        }
                        None => {
                            t.insert_new(hash, Value::Str(name.clone()), v);
                            t.positions() - 1
                        }
                    };
                    let mut c = hint.get();
                    c.dict_pos = pos as u32;
                    hint.set(c);
                    return Ok(());
                }
            }
        }
        self.setattr(obj, name, v)
    }

    /// `LoadMethod`: like `load_method`, with `name` and `hint` as for
    /// `load_attr_instr`.
    #[inline]
    pub(crate) fn load_method_instr(
        &mut self,
        obj: Value,
        name: &Rc<StrObj>,
        hint: &Cell<AttrCache>,
    ) -> PyResult<(Value, Value)> {
        match &obj {
            Value::Instance(inst) if inst.payload.is_none() => {
                let g = self.gil.token();
                if let Some(c) = class_facts(&inst.class, hint) {
                    if c.depth != AttrCache::ABSENT
                        && instance_dict_get(&inst.dict, g, name, hint).is_none()
                    {
                        return Ok((inst.class.value_at(g, c.depth, c.pos), obj));
                    }
                    let v = self.load_attr_instr(&obj, name, hint)?;
                    return Ok((Value::Unbound, v));
                }
                match class_attr(g, &inst.class, name, hint) {
                    Some(f @ Value::Function(_))
                        if instance_dict_get(&inst.dict, g, name, hint).is_none() =>
                    {
                        return Ok((f, obj));
                    }
                    Some(Value::Builtin(b))
                        if b.owner.is_some()
                            && b.receiver.is_none()
                            && instance_dict_get(&inst.dict, g, name, hint).is_none() =>
                    {
                        return Ok((Value::Builtin(b), obj));
                    }
                    _ => {}
                }
                let v = self.load_attr_instr(&obj, name, hint)?;
                return Ok((Value::Unbound, v));
            }
            Value::Instance(_)
            | Value::Class(_)
            | Value::Module(_)
            | Value::Super(_)
            | Value::Function(_) => {}
            _ => {
                let cls = self.type_of(&obj);
                if let Some(Value::Builtin(b)) = cls.lookup_interned(self.gil.token(), name) {
                    if b.receiver.is_none() {
                        return Ok((Value::Builtin(b), obj));
                    }
                }
            }
        }
        self.load_method(obj, name)
    }

    /// `getattr(obj, name)`
    /// `getattr(obj, name)`
    pub fn getattr(&mut self, obj: &Value, name: &Rc<StrObj>) -> PyResult<Value> {
        match self.getattr_opt(obj, name) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(self.no_attribute(obj, name)),
            Err(e) => Err(self.attribute_error_context(e, obj, name)),
        }
    }

    /// `getattr(obj, name, None)`-like: `Ok(None)` when the attribute is
    /// missing (after trying `__getattr__`).
    pub fn getattr_opt(&mut self, obj: &Value, name: &Rc<StrObj>) -> PyResult<Option<Value>> {
        match obj {
            Value::Instance(inst) => self.instance_getattr(inst, obj, name),
            Value::Class(cls) => self.class_getattr(cls, name),
            Value::Module(m) => {
                if let Some(v) = self.dict_get_str(&m.dict, name)? {
                    return Ok(Some(v));
                }
                if name.as_str() == "__dict__" {
                    return Ok(Some(Value::Dict(m.dict.clone())));
                }
                Ok(None)
            }
            Value::Super(s) => self.super_getattr(s, name),
            Value::Function(f) => {
                if let Some(v) = self.function_attr(f, name)? {
                    return Ok(Some(v));
                }
                self.type_attr(obj, name)
            }
            Value::Builtin(b) => Ok(Some(match name.as_str() {
                "__name__" => Value::str(b.name),
                "__qualname__" => Value::str(match b.owner {
                    Some(o) => format!("{o}.{}", b.name),
                    None => b.name.to_string(),
                }),
                "__self__" => b
                    .receiver
                    .clone()
                    .unwrap_or(Value::Module(self.interp.builtins_module.clone())),
                "__module__" if b.receiver.is_none() => Value::str("builtins"),
                "__doc__" => Value::None,
                _ => return self.type_attr(obj, name),
            })),
            Value::Method(m) => match name.as_str() {
                "__func__" => Ok(Some(m.func.clone())),
                "__self__" => Ok(Some(m.receiver.clone())),
                _ => {
                    let func = m.func.clone();
                    match self.getattr_opt(&func, name)? {
                        Some(v) => Ok(Some(v)),
                        None => self.type_attr(obj, name),
                    }
                }
            },
            Value::Code(c) => Ok(Some(match name.as_str() {
                "co_name" => Value::Str(c.name.clone()),
                "co_qualname" => Value::Str(c.qualname.clone()),
                "co_filename" => Value::str(&*c.filename),
                "co_firstlineno" => Value::Int(c.first_line as i64),
                "co_argcount" => Value::Int(c.argcount as i64),
                "co_posonlyargcount" => Value::Int(c.posonlyargcount as i64),
                "co_kwonlyargcount" => Value::Int(c.kwonlyargcount as i64),
                "co_flags" => Value::Int(c.flags as i64),
                "co_nlocals" => Value::Int(c.nlocals as i64),
                "co_varnames" => Value::tuple(
                    c.slot_names
                        .iter()
                        .take(c.nlocals as usize)
                        .map(|n| Value::Str(n.clone()))
                        .collect(),
                ),
                "co_names" => Value::tuple(c.names.iter().map(|n| Value::Str(n.clone())).collect()),
                "co_consts" => Value::tuple(c.consts.to_vec()),
                _ => return self.type_attr(obj, name),
            })),
            _ => self.type_attr(obj, name),
        }
    }

    fn instance_getattr(
        &mut self,
        inst: &Rc<Instance>,
        obj: &Value,
        name: &Rc<StrObj>,
    ) -> PyResult<Option<Value>> {
        let cls = inst.class.clone();
        let cls_attr = cls.lookup(self.gil.token(), name);
        if let Some(a) = &cls_attr {
            if self.is_data_descriptor(a) {
                return self.descr_get(a.clone(), obj, &cls).map(Some);
            }
        }
        let dict = match &inst.payload {
            Some(_) => self.instance_dict(inst)?,
            None => inst.dict.clone(),
        };
        if let Some(v) = self.dict_get_str(&dict, name)? {
            return Ok(Some(v));
        }
        if let Some(a) = cls_attr {
            return self.descr_get(a, obj, &cls).map(Some);
        }
        if name.as_str() == "__dict__" {
            return Ok(Some(Value::Dict(dict)));
        }
        if cls.has_flag(flags::HAS_GETATTR) {
            let ga = self.interp.names.__getattr__.clone();
            if let Some(f) = cls.lookup(self.gil.token(), &ga) {
                let f = self.descr_get(f, obj, &cls)?;
                return match self.call1(&f, Value::Str(name.clone())) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.err_is(&e, ExcKind::AttributeError) => Err(e),
                    Err(e) => Err(e),
                };
            }
        }
        Ok(None)
    }

    fn class_getattr(&mut self, cls: &Rc<Class>, name: &Rc<StrObj>) -> PyResult<Option<Value>> {
        // `type`'s own data descriptors win over the class's attributes.
        match name.as_str() {
            "__name__" => return Ok(Some(Value::str(cls.name.clone()))),
            "__qualname__" => return Ok(Some(Value::str(cls.qualname.clone()))),
            "__mro__" => {
                return Ok(Some(Value::tuple(
                    cls.mro_iter().map(|c| Value::Class(c.clone())).collect(),
                )))
            }
            "__bases__" => {
                return Ok(Some(Value::tuple(
                    cls.bases.iter().map(|c| Value::Class(c.clone())).collect(),
                )))
            }
            "__dict__" => return Ok(Some(Value::Dict(cls.dict.clone()))),
            // A class's own annotations, never a base's: an empty dict is
            // made (and kept) on first use, as CPython 3.10+ does.
            "__annotations__" => {
                if let Some(a) = self.dict_get_str(&cls.dict, name)? {
                    return Ok(Some(a));
                }
                let d = Value::Dict(crate::objects::DictObj::new());
                self.dict_set_str(&cls.dict, name.clone(), d.clone());
                return Ok(Some(d));
            }
            _ => {}
        }
        if let Some(a) = cls.lookup(self.gil.token(), name) {
            return Ok(Some(match a {
                Value::ClassMethod(cm) => Value::Method(Rc::new(BoundMethod {
                    func: cm.func.clone(),
                    receiver: Value::Class(cls.clone()),
                })),
                Value::StaticMethod(sm) => sm.func.clone(),
                Value::Instance(ref i) if self.has_get(i) => {
                    let get = self.interp.names.__get__.clone();
                    let f = self.lookup_special(&a, &get).unwrap_or(Value::None);
                    self.call2(&f, Value::None, Value::Class(cls.clone()))?
                }
                other => other,
            }));
        }
        // Attributes every class has, computed rather than stored.
        let v = match name.as_str() {
            "__name__" => Value::str(cls.name.clone()),
            "__qualname__" => Value::str(cls.qualname.clone()),
            "__mro__" => Value::tuple(cls.mro_iter().map(|c| Value::Class(c.clone())).collect()),
            "__bases__" => {
                Value::tuple(cls.bases.iter().map(|c| Value::Class(c.clone())).collect())
            }
            "__base__" => cls
                .bases
                .first()
                .map(|c| Value::Class(c.clone()))
                .unwrap_or(Value::None),
            "__dict__" => Value::Dict(cls.dict.clone()),
            "__doc__" => Value::None,
            "__module__" => Value::str("builtins"),
            _ => {
                // Methods of `type` itself (e.g. `mro`).
                let t = self.interp.types.type_.clone();
                return match t.lookup(self.gil.token(), name) {
                    Some(a) => self.descr_get(a, &Value::Class(cls.clone()), &t).map(Some),
                    None => Ok(None),
                };
            }
        };
        Ok(Some(v))
    }

    fn super_getattr(&mut self, s: &Rc<SuperObj>, name: &Rc<StrObj>) -> PyResult<Option<Value>> {
        let mro: Vec<Rc<Class>> = s.obj_type.mro_iter().cloned().collect();
        let start = mro
            .iter()
            .position(|c| Rc::ptr_eq(c, &s.this_class))
            .map_or(mro.len(), |i| i + 1);
        for cls in &mro[start..] {
            let found = {
                let d = cls.dict.table.borrow(self.gil.token());
                d.find_str(name.hash(), name).map(|i| d.value_at(i).clone())
            };
            if let Some(a) = found {
                // `super()` in a classmethod: obj is the class itself.
                let obj = s.obj.clone();
                return Ok(Some(match (&obj, a) {
                    (Value::Class(c), Value::ClassMethod(cm)) => {
                        Value::Method(Rc::new(BoundMethod {
                            func: cm.func.clone(),
                            receiver: Value::Class(c.clone()),
                        }))
                    }
                    (Value::Class(_), Value::Function(f)) => Value::Function(f),
                    (_, a) => self.descr_get(a, &obj, &s.obj_type)?,
                }));
            }
        }
        if name.as_str() == "__class__" {
            return Ok(Some(Value::Class(self.interp.types.super_.clone())));
        }
        Ok(None)
    }

    /// Attributes of a value of a built-in type: methods from the type's dict.
    fn type_attr(&mut self, obj: &Value, name: &Rc<StrObj>) -> PyResult<Option<Value>> {
        let cls = self.type_of(obj);
        match cls.lookup(self.gil.token(), name) {
            Some(a) => self.descr_get(a, obj, &cls).map(Some),
            None => Ok(None),
        }
    }

    fn function_attr(
        &mut self,
        f: &Rc<crate::objects::Function>,
        name: &Rc<StrObj>,
    ) -> PyResult<Option<Value>> {
        let g = self.gil.token();
        if let Some(v) = self.dict_get_str(&f.dict, name)? {
            return Ok(Some(v));
        }
        Ok(Some(match name.as_str() {
            "__name__" => Value::Str(f.name.get(g)),
            "__qualname__" => Value::Str(f.qualname.get(g)),
            "__module__" => self
                .dict_get_str(&f.globals, &self.interp.names.__name__)?
                .unwrap_or(Value::None),
            "__doc__" => f
                .code
                .consts
                .first()
                // The compiler puts the docstring (or None) first in a function's constants.
                .filter(|c| matches!(c, Value::Str(_)))
                .cloned()
                .unwrap_or(Value::None),
            "__defaults__" => {
                if f.defaults.is_empty() {
                    Value::None
                } else {
                    Value::tuple(f.defaults.to_vec())
                }
            }
            "__kwdefaults__" => f.kwdefaults.clone().map(Value::Dict).unwrap_or(Value::None),
            "__code__" => Value::Code(f.code.clone()),
            "__globals__" => Value::Dict(f.globals.clone()),
            "__dict__" => Value::Dict(f.dict.clone()),
            "__closure__" => {
                if f.closure.is_empty() {
                    Value::None
                } else {
                    Value::tuple(f.closure.iter().map(|c| Value::Cell(c.clone())).collect())
                }
            }
            _ => return Ok(None),
        }))
    }

    fn has_get(&self, i: &Instance) -> bool {
        i.class
            .lookup(self.gil.token(), &self.interp.names.__get__)
            .is_some()
    }

    /// A `property`, or an instance whose class defines `__set__`/`__delete__`.
    fn is_data_descriptor(&self, a: &Value) -> bool {
        match a {
            Value::Property(_) => true,
            Value::Instance(i) => {
                let g = self.gil.token();
                i.class
                    .lookup_interned(g, &self.interp.names.__set__)
                    .is_some()
                    || i.class
                        .lookup_interned(g, &self.interp.names.__delete__)
                        .is_some()
            }
            _ => false,
        }
    }

    /// Applies the descriptor protocol to a class attribute found for `obj`.
    pub(crate) fn descr_get(
        &mut self,
        a: Value,
        obj: &Value,
        owner: &Rc<Class>,
    ) -> PyResult<Value> {
        Ok(match a {
            Value::Function(_) => Value::Method(Rc::new(BoundMethod {
                func: a,
                receiver: obj.clone(),
            })),
            Value::Builtin(b) if b.receiver.is_none() && b.owner.is_some() => {
                Value::Builtin(b.bind(obj.clone()))
            }
            Value::StaticMethod(s) => s.func.clone(),
            Value::ClassMethod(c) => Value::Method(Rc::new(BoundMethod {
                func: c.func.clone(),
                receiver: Value::Class(match obj {
                    Value::Instance(i) => i.class.clone(),
                    _ => self.type_of(obj),
                }),
            })),
            Value::Property(p) => {
                if p.fget.is_none() {
                    return Err(attribute_error("unreadable attribute"));
                }
                let fget = p.fget.clone();
                self.call1(&fget, obj.clone())?
            }
            Value::Instance(ref i) if self.has_get(i) => {
                let get = self.interp.names.__get__.clone();
                let f = self.lookup_special(&a, &get).unwrap_or(Value::None);
                self.call2(&f, obj.clone(), Value::Class(owner.clone()))?
            }
            other => other,
        })
    }

    fn no_attribute(&self, obj: &Value, name: &StrObj) -> PyErr {
        let msg = match obj {
            Value::Class(c) => format!(
                "type object '{}' has no attribute '{}'",
                c.name,
                name.as_str()
            ),
            Value::Module(m) => format!(
                "module '{}' has no attribute '{}'",
                m.name.as_str(),
                name.as_str()
            ),
            _ => format!(
                "'{}' object has no attribute '{}'",
                self.type_name(obj),
                name.as_str()
            ),
        };
        let err_v = self.new_exception_object(
            &self.exc_class(ExcKind::AttributeError),
            vec![Value::str(msg)],
        );
        if let Value::Instance(i) = &err_v {
            let g = self.gil.token();
            let mut t = i.dict.table.borrow_mut(g);
            let n = self.intern("name");
            t.insert_new(
                n.hash(),
                Value::Str(n),
                Value::Str(Rc::new(StrObj::from_string(name.as_str().to_string()))),
            );
            let o = self.intern("obj");
            t.insert_new(o.hash(), Value::Str(o), obj.clone());
        }
        PyErr::from_value(err_v)
    }

    /// `setattr(obj, name, v)`
    pub fn setattr(&mut self, obj: &Value, name: &Rc<StrObj>, v: Value) -> PyResult<()> {
        match obj {
            Value::Instance(inst) => {
                let cls = inst.class.clone();
                if cls.has_flag(flags::HAS_SETATTR) {
                    let sa = self.interp.names.__setattr__.clone();
                    if let Some(f) = self.lookup_user_method(obj, &sa) {
                        self.call2(&f, Value::Str(name.clone()), v)?;
                        return Ok(());
                    }
                }
                self.generic_setattr(inst, obj, name, v)
            }
            Value::Class(cls) => {
                if !cls.has_flag(flags::HEAP) {
                    return Err(type_error(format!(
                        "cannot set '{}' attribute of immutable type '{}'",
                        name.as_str(),
                        cls.name
                    )));
                }
                self.dict_set_str(&cls.dict, name.clone(), v);
                if name.as_str().starts_with("__") {
                    self.refresh_class_flags(cls);
                }
                Ok(())
            }
            Value::Module(m) => {
                self.dict_set_str(&m.dict, name.clone(), v);
                Ok(())
            }
            Value::Function(f) => {
                match (name.as_str(), &v) {
                    ("__name__", Value::Str(s)) => {
                        f.name.replace(self.gil.token(), s.clone());
                    }
                    ("__qualname__", Value::Str(s)) => {
                        f.qualname.replace(self.gil.token(), s.clone());
                    }
                    _ => self.dict_set_str(&f.dict, name.clone(), v),
                }
                Ok(())
            }
            _ => {
                if self.type_of(obj).lookup(self.gil.token(), name).is_some() {
                    Err(attribute_error(format!(
                        "'{}' object attribute '{}' is read-only",
                        self.type_name(obj),
                        name.as_str()
                    )))
                } else {
                    Err(attribute_error(format!(
                        "'{}' object has no attribute '{}'",
                        self.type_name(obj),
                        name.as_str()
                    )))
                }
            }
        }
    }

    /// `object.__setattr__`: data descriptors on the class, else the dict.
    pub(crate) fn generic_setattr(
        &mut self,
        inst: &Rc<Instance>,
        obj: &Value,
        name: &Rc<StrObj>,
        v: Value,
    ) -> PyResult<()> {
        if Rc::ptr_eq(&inst.class, &self.interp.types.object) {
            // Bare `object()` instances have no attribute dict.
            return Err(self.no_attribute(obj, name));
        }
        if inst.payload.is_some()
            && crate::modules::builtins::exceptions::set_exception_attr(
                self,
                inst,
                name.as_str(),
                v.clone(),
            )?
        {
            return Ok(());
        }
        let cls = inst.class.clone();
        if let Some(a) = cls.lookup(self.gil.token(), name) {
            match &a {
                Value::Property(p) => {
                    if p.fset.is_none() {
                        return Err(attribute_error(format!(
                            "property '{}' of '{}' object has no setter",
                            name.as_str(),
                            cls.name
                        )));
                    }
                    let fset = p.fset.clone();
                    self.call2(&fset, obj.clone(), v)?;
                    return Ok(());
                }
                Value::Instance(_) => {
                    let set = self.interp.names.__set__.clone();
                    if let Some(f) = self.lookup_special(&a, &set) {
                        self.call2(&f, obj.clone(), v)?;
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        let dict = self.instance_dict(inst)?;
        self.dict_set_str(&dict, name.clone(), v);
        Ok(())
    }

    /// `delattr(obj, name)`
    pub fn delattr(&mut self, obj: &Value, name: &Rc<StrObj>) -> PyResult<()> {
        let dict = match obj {
            Value::Instance(inst) => {
                let cls = inst.class.clone();
                if cls.has_flag(flags::HAS_DELATTR) {
                    let da = self.interp.names.__delattr__.clone();
                    if let Some(f) = self.lookup_user_method(obj, &da) {
                        self.call1(&f, Value::Str(name.clone()))?;
                        return Ok(());
                    }
                }
                if let Some(Value::Property(p)) = cls.lookup(self.gil.token(), name) {
                    if p.fdel.is_none() {
                        return Err(attribute_error(format!(
                            "property '{}' of '{}' object has no deleter",
                            name.as_str(),
                            cls.name
                        )));
                    }
                    let fdel = p.fdel.clone();
                    self.call1(&fdel, obj.clone())?;
                    return Ok(());
                }
                self.instance_dict(inst)?
            }
            Value::Class(c) if c.has_flag(flags::HEAP) => c.dict.clone(),
            Value::Module(m) => m.dict.clone(),
            Value::Function(f) => f.dict.clone(),
            _ => return Err(self.no_attribute(obj, name)),
        };
        match self.dict_remove(&dict, &Value::Str(name.clone()))? {
            Some(_) => {
                if let Value::Class(c) = obj {
                    self.refresh_class_flags(c);
                }
                Ok(())
            }
            None => Err(self.no_attribute(obj, name)),
        }
    }

    /// For `obj.name(...)`: `(function, obj)` when `name` is a plain method,
    /// so no bound method is allocated; else `(Unbound, obj.name)`.
    pub(crate) fn load_method(
        &mut self,
        obj: Value,
        name: &Rc<StrObj>,
    ) -> PyResult<(Value, Value)> {
        match &obj {
            Value::Instance(inst) => {
                let found = inst.class.lookup(self.gil.token(), name);
                if let Some(f @ Value::Function(_)) = &found {
                    let shadowed = self.dict_get_str(&inst.dict, name)?.is_some();
                    if !shadowed {
                        return Ok((f.clone(), obj));
                    }
                }
                if let Some(Value::Builtin(b)) = &found {
                    if b.owner.is_some()
                        && b.receiver.is_none()
                        && self.dict_get_str(&inst.dict, name)?.is_none()
                    {
                        return Ok((Value::Builtin(b.clone()), obj));
                    }
                }
            }
            Value::Class(_) | Value::Module(_) | Value::Super(_) | Value::Function(_) => {}
            _ => {
                let cls = self.type_of(&obj);
                if let Some(Value::Builtin(b)) = cls.lookup(self.gil.token(), name) {
                    if b.receiver.is_none() {
                        return Ok((Value::Builtin(b), obj));
                    }
                }
            }
        }
        let v = self.getattr(&obj, name)?;
        Ok((Value::Unbound, v))
    }

    /// A special method of `obj`'s type, bound to `obj` (None if the type
    /// does not define it).
    pub fn lookup_special(&mut self, obj: &Value, name: &Rc<StrObj>) -> Option<Value> {
        let cls = self.type_of(obj);
        let a = cls.lookup(self.gil.token(), name)?;
        match a {
            Value::None => Some(Value::None),
            a => self.descr_get(a, obj, &cls).ok(),
        }
    }

    /// Like `lookup_special`, but only methods written in mini (so that
    /// the native defaults of built-in types are skipped), or native
    /// methods of extension types outside `builtins` (objects with a
    /// payload, such as `multiprocessing`'s shared arrays).
    pub(crate) fn lookup_user_method(&mut self, obj: &Value, name: &Rc<StrObj>) -> Option<Value> {
        let Value::Instance(i) = obj else {
            return None;
        };
        let cls = i.class.clone();
        match cls.lookup(self.gil.token(), name)? {
            Value::None => None,
            Value::Builtin(_) if i.payload.is_none() => None,
            // A subclass of a built-in value type: the type's own methods
            // (called on the wrapped value), not `object`'s defaults.
            Value::Builtin(b) if i.base().is_some() => {
                if b.owner == Some("object") {
                    return None;
                }
                self.descr_get(Value::Builtin(b), obj, &cls).ok()
            }
            Value::Builtin(_) => {
                let (a, owner) = cls.lookup_with_owner(self.gil.token(), name)?;
                let module = self.interp.names.__module__.clone();
                let builtin = match self.dict_get_str(&owner.dict, &module) {
                    Ok(Some(Value::Str(m))) => m.as_str() == "builtins",
                    _ => true,
                };
                if builtin {
                    return None;
                }
                self.descr_get(a, obj, &cls).ok()
            }
            a => self.descr_get(a, obj, &cls).ok(),
        }
    }

    /// Calls a native method found on `obj`'s type by name.
    pub fn call_special(
        &mut self,
        obj: &Value,
        name: &Rc<StrObj>,
        args: Vec<Value>,
    ) -> PyResult<Option<Value>> {
        match self.lookup_special(obj, name) {
            Some(f) if !f.is_none() => self.call(&f, Args::new(args)).map(Some),
            _ => Ok(None),
        }
    }

    /// The name of a callable, for error messages (`f`, `A.method`, `len`).
    pub fn callable_name(&self, f: &Value) -> String {
        match f {
            Value::Function(f) => f.qualname.borrow(self.gil.token()).as_str().to_string(),
            Value::Builtin(b) => b.name.to_string(),
            Value::Method(m) => self.callable_name(&m.func),
            Value::Class(c) => c.name.clone(),
            _ => self.type_name(f),
        }
    }

    /// A builtin by name (for instructions like `LoadBuildClass`).
    pub(crate) fn builtin_by_name(&mut self, name: &str) -> PyResult<Value> {
        let key = self.intern(name);
        let b = self.interp.builtins.clone();
        self.dict_get_str(&b, &key)?
            .ok_or_else(|| self.name_error(name))
    }

    /// Recomputes the cached dunder facts of a class and its subclasses.
    pub fn refresh_class_flags(&self, cls: &Rc<Class>) {
        let g = self.gil.token();
        let n = &self.interp.names;
        let user = |name: &Rc<StrObj>| {
            matches!(
                cls.lookup(g, name),
                Some(Value::Function(_))
                    | Some(Value::StaticMethod(_))
                    | Some(Value::ClassMethod(_))
            )
        };
        let mut f = cls.flags.get()
            & !(flags::USER_EQ
                | flags::USER_HASH
                | flags::UNHASHABLE
                | flags::HAS_GETATTR
                | flags::HAS_SETATTR
                | flags::HAS_DELATTR);
        if user(&n.__eq__) {
            f |= flags::USER_EQ;
        }
        match cls.lookup(g, &n.__hash__) {
            Some(Value::None) => f |= flags::UNHASHABLE,
            Some(Value::Function(_)) => f |= flags::USER_HASH,
            _ => {}
        }
        if user(&n.__getattr__) {
            f |= flags::HAS_GETATTR;
        }
        if user(&n.__setattr__) {
            f |= flags::HAS_SETATTR;
        }
        if user(&n.__delattr__) {
            f |= flags::HAS_DELATTR;
        }
        cls.flags.set(f);
        let subs: Vec<Rc<Class>> = cls
            .subclasses
            .borrow(g)
            .iter()
            .filter_map(|w| w.upgrade())
            .collect();
        for s in subs {
            self.refresh_class_flags(&s);
        }
    }
}

/// Builds a method table entry for a built-in type.
pub fn native_method(
    owner: &'static str,
    name: &'static str,
    func: crate::objects::NativeFn,
) -> Value {
    Value::Builtin(Rc::new(BuiltinFn {
        name,
        func,
        receiver: None,
        owner: Some(owner),
    }))
}
