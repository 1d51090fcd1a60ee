//! Classes at run time: creating them (`class` statements run
//! `__build_class__`), instantiating them, and the `with` protocol.

use super::frame::{Frame, FrameKind};
use super::{PyResult, Vm};
use crate::objects::class::{c3_mro, flags};
use crate::objects::exception::{type_error, PyErr};
use crate::objects::{
    Args, Class, ClassMethod, DictObj, ExcKind, Function, StaticMethod, TupleObj, Value,
};
use std::cell::Cell;
use std::rc::Rc;

impl Vm {
    /// Calls a class: makes the instance and runs `__init__`. For a mini
    /// `__init__`, a frame is pushed (returns true) so deep construction
    /// recursion stays off the Rust stack.
    pub(crate) fn instantiate(
        &mut self,
        cls: Rc<Class>,
        callee: usize,
        kwnames: Option<Rc<TupleObj>>,
    ) -> PyResult<bool> {
        if !cls.has_flag(flags::HEAP) {
            // Built-in types construct their values natively (`int("5")`).
            let Some(new) = cls.new_fn() else {
                return Err(type_error(format!(
                    "cannot create '{}' instances",
                    cls.name
                )));
            };
            let args = self.take_args(callee, kwnames);
            self.stack.truncate(callee);
            let v = new(self, &cls, args)?;
            self.stack.push(v);
            return Ok(false);
        }
        let g = self.gil.token();
        let names = &self.interp.names;
        let (new_name, init_name) = (names.__new__.clone(), names.__init__.clone());
        let user_new = match cls.lookup(g, &new_name) {
            Some(Value::StaticMethod(s)) => Some(s.func.clone()),
            Some(f @ Value::Function(_)) => Some(f),
            _ => None,
        };
        let init = cls.lookup(g, &init_name);
        if let Some(new) = user_new {
            // A mini `__new__`: call it, then `__init__` if it made one of ours.
            let args = self.take_args(callee, kwnames);
            self.stack.truncate(callee);
            let mut new_args = Args::new(
                std::iter::once(Value::Class(cls.clone())).chain(args.pos.iter().cloned()),
            );
            new_args.kw = args.kw.clone();
            let inst = self.call(&new, new_args)?;
            if self.isinstance(&inst, &cls) {
                if let Some(init) = init {
                    if let Value::Builtin(b) = &init {
                        // `list.__init__` and friends fill a subclass's
                        // instance (the type's `__new__` made it empty).
                        if cls.value_base().is_some() && b.owner != Some("object") {
                            let mut init_args = args;
                            init_args.pos.insert(0, inst.clone());
                            self.call_native(b, init_args)?;
                        }
                    } else {
                        let f = self.descr_get(init, &inst, &cls)?;
                        let r = self.call(&f, args)?;
                        if !r.is_none() {
                            return Err(type_error(format!(
                                "__init__() should return None, not '{}'",
                                self.type_name(&r)
                            )));
                        }
                    }
                }
            }
            self.stack.push(inst);
            return Ok(false);
        }
        let new_fn = cls
            .new_fn()
            .ok_or_else(|| type_error(format!("cannot create '{}' instances", cls.name)))?;
        match init {
            Some(Value::Function(f)) => {
                // Native part first (e.g. exception state from the arguments).
                let args = self.peek_args(callee, kwnames.as_ref());
                let inst = self.construct(new_fn, &cls, args)?;
                self.stack[callee] = inst.clone();
                self.stack.insert(callee + 1, inst);
                self.push_function_frame(f, callee, kwnames, FrameKind::Init)
            }
            init => {
                let args = self.take_args(callee, kwnames);
                self.stack.truncate(callee);
                let inst = match init {
                    Some(Value::Builtin(b)) if b.name != "object.__init__" => {
                        let inst = self.construct(
                            new_fn,
                            &cls,
                            Args {
                                pos: args.pos.clone(),
                                kw: args.kw.clone(),
                            },
                        )?;
                        let mut init_args = args;
                        init_args.pos.insert(0, inst.clone());
                        self.call_native(&b, init_args)?;
                        inst
                    }
                    Some(other) if !matches!(other, Value::Builtin(_)) => {
                        let inst = self.construct(
                            new_fn,
                            &cls,
                            Args {
                                pos: args.pos.clone(),
                                kw: args.kw.clone(),
                            },
                        )?;
                        let f = self.descr_get(other, &inst, &cls)?;
                        self.call(&f, args)?;
                        inst
                    }
                    _ => self.construct(new_fn, &cls, args)?,
                };
                self.stack.push(inst);
                Ok(false)
            }
        }
    }

    /// Runs the native constructor `new` for `cls`. For a subclass of a
    /// built-in value type, the instance wraps a value the type's own
    /// constructor makes: from the arguments for the immutable types
    /// (`int`, `str`, `tuple`, ...), empty for the containers `__init__`
    /// fills (`list`, `dict`, `set`).
    pub fn construct(
        &mut self,
        new: crate::objects::class::NewFn,
        cls: &Rc<Class>,
        args: Args,
    ) -> PyResult<Value> {
        let Some(base) = cls.value_base().cloned() else {
            return new(self, cls, args);
        };
        let t = &self.interp.types;
        let mutable = [&t.list, &t.dict, &t.set]
            .iter()
            .any(|m| Rc::ptr_eq(m, &base));
        let v = if mutable {
            new(self, &base, Args::default())?
        } else {
            new(self, &base, args)?
        };
        Ok(Value::Instance(crate::objects::Instance::with_payload(
            cls.clone(),
            Box::new(crate::objects::BaseValue(v)),
        )))
    }

    /// A copy of the arguments above `callee` (leaving them in place).
    fn peek_args(&self, callee: usize, kwnames: Option<&Rc<TupleObj>>) -> Args {
        let all = &self.stack[callee + 1..];
        let nkw = kwnames.map_or(0, |k| k.items.len());
        let (pos, kwv) = all.split_at(all.len() - nkw);
        let kw = match kwnames {
            Some(names) => names
                .items
                .iter()
                .zip(kwv)
                .filter_map(|(n, v)| match n {
                    Value::Str(n) => Some((n.clone(), v.clone())),
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        };
        Args {
            pos: pos.iter().cloned().collect(),
            kw,
        }
    }

    /// `__build_class__(body, name, *bases)`: runs the class body in a fresh
    /// namespace and makes the class from it.
    pub fn build_class(&mut self, mut args: Args) -> PyResult<Value> {
        if let Some(meta) = args.take_kw("metaclass") {
            let is_type =
                matches!(&meta, Value::Class(c) if Rc::ptr_eq(c, &self.interp.types.type_));
            if !is_type {
                return Err(type_error("mini does not support metaclasses"));
            }
        }
        // The other keywords go to the parent's __init_subclass__.
        let class_kw = std::mem::take(&mut args.kw);
        let mut pos = args.pos.into_iter();
        let Some(Value::Function(body)) = pos.next() else {
            return Err(type_error("__build_class__: func must be a function"));
        };
        let name = match pos.next() {
            Some(Value::Str(s)) => s,
            _ => return Err(type_error("__build_class__: name is not a string")),
        };
        let mut bases = Vec::new();
        for b in pos {
            match b {
                Value::Class(c) => {
                    if !c.subclassable {
                        return Err(type_error(format!(
                            "type '{}' is not an acceptable base type{}",
                            c.name,
                            if matches!(
                                c.name.as_str(),
                                "int" | "str" | "list" | "dict" | "float" | "tuple" | "set"
                            ) {
                                " (mini cannot subclass built-in containers and numbers yet)"
                            } else {
                                ""
                            }
                        )));
                    }
                    bases.push(c);
                }
                other => {
                    return Err(type_error(format!(
                        "bases must be types, not {}",
                        self.type_name(&other)
                    )))
                }
            }
        }
        if bases.is_empty() {
            bases.push(self.interp.types.object.clone());
        }
        let ns = DictObj::new();
        let module_name = self
            .dict_get_str(&body.globals, &self.interp.names.__name__)?
            .unwrap_or(Value::None);
        self.dict_set_str(&ns, self.interp.names.__module__.clone(), module_name);
        let qualname = body.code.qualname.clone();
        self.dict_set_str(
            &ns,
            self.interp.names.__qualname__.clone(),
            Value::Str(qualname.clone()),
        );
        let class_cell = self.run_class_body(&body, &ns)?;
        // `__qualname__` becomes the class's own field, not an attribute in
        // its dict (as in CPython).
        let qualname = qualname_str(&ns, self, qualname.as_str());
        let key = Value::Str(self.interp.names.__qualname__.clone());
        self.dict_remove(&ns, &key)?;
        self.make_class_with(name.as_str(), &qualname, bases, ns, class_cell, class_kw)
    }

    /// Runs a class body with `ns` as its namespace; returns the `__class__`
    /// cell if the body created one.
    fn run_class_body(&mut self, body: &Rc<Function>, ns: &Rc<DictObj>) -> PyResult<Value> {
        let callee = self.stack.len();
        self.stack.push(Value::Function(body.clone()));
        let base = callee + 1;
        self.stack.resize(base + body.code.nslots(), Value::Unbound);
        self.frames.push(Frame {
            func: body.clone(),
            ip: 0,
            base,
            kind: FrameKind::Call,
            boundary: true,
            namespace: Some(ns.clone()),
        });
        if let Err(e) = self.enter_native() {
            self.frames.pop();
            self.stack.truncate(callee);
            return Err(e);
        }
        let r = self.run();
        self.leave_native();
        match r? {
            super::eval::RunExit::Return(v) | super::eval::RunExit::Yield(v) => Ok(v),
        }
    }

    /// Makes a class from its parts (also used by `type(name, bases, dict)`).
    pub fn make_class(
        &mut self,
        name: &str,
        qualname: &str,
        bases: Vec<Rc<Class>>,
        ns: Rc<DictObj>,
        class_cell: Value,
    ) -> PyResult<Value> {
        self.make_class_with(name, qualname, bases, ns, class_cell, Vec::new())
    }

    /// `make_class`, with the keywords of a `class` statement (passed on
    /// to `__init_subclass__`).
    pub fn make_class_with(
        &mut self,
        name: &str,
        qualname: &str,
        bases: Vec<Rc<Class>>,
        ns: Rc<DictObj>,
        class_cell: Value,
        class_kw: Vec<(Rc<crate::objects::StrObj>, Value)>,
    ) -> PyResult<Value> {
        let mro = c3_mro(&bases).ok_or_else(|| {
            type_error(format!(
                "Cannot create a consistent method resolution order (MRO) for bases {}",
                bases
                    .iter()
                    .map(|b| b.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        let g = self.gil.token();
        // Implicit conversions CPython makes in class bodies.
        let (new_name, eq_name, hash_name) = {
            let n = &self.interp.names;
            (n.__new__.clone(), n.__eq__.clone(), n.__hash__.clone())
        };
        if let Some(Value::Function(f)) = self.dict_get_str(&ns, &new_name)? {
            self.dict_set_str(
                &ns,
                new_name,
                Value::StaticMethod(Rc::new(StaticMethod {
                    func: Value::Function(f),
                })),
            );
        }
        for special in ["__init_subclass__", "__class_getitem__"] {
            let key = self.intern(special);
            if let Some(Value::Function(f)) = self.dict_get_str(&ns, &key)? {
                self.dict_set_str(
                    &ns,
                    key,
                    Value::ClassMethod(Rc::new(ClassMethod {
                        func: Value::Function(f),
                    })),
                );
            }
        }
        if self.dict_get_str(&ns, &eq_name)?.is_some()
            && self.dict_get_str(&ns, &hash_name)?.is_none()
        {
            self.dict_set_str(&ns, hash_name, Value::None);
        }
        let doc = self.interp.names.__doc__.clone();
        if self.dict_get_str(&ns, &doc)?.is_none() {
            self.dict_set_str(&ns, doc, Value::None);
        }
        let exc_base = self.interp.types.exc(ExcKind::BaseException).clone();
        let mut fl = flags::HEAP;
        if bases.iter().any(|b| b.is_subclass(&exc_base)) {
            fl |= flags::EXCEPTION;
        }
        let cls = Rc::new(Class {
            name: name.to_string(),
            qualname: qualname.to_string(),
            bases: bases.clone(),
            mro,
            dict: ns,
            native_new: None,
            subclassable: true,
            flags: Cell::new(fl),
            subclasses: Default::default(),
        });
        for b in &bases {
            b.subclasses.borrow_mut(g).push(Rc::downgrade(&cls));
        }
        self.refresh_class_flags(&cls);
        if let Value::Cell(c) = class_cell {
            *c.value.borrow_mut(self.gil.token()) = Value::Class(cls.clone());
        }
        // __set_name__ on descriptors defined in the body.
        let set_name = self.interp.names.__set_name__.clone();
        let entries: Vec<(Value, Value)> = cls
            .dict
            .table
            .borrow(self.gil.token())
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect();
        for (k, v) in entries {
            if let Value::Instance(_) = v {
                if let Some(f) = self.lookup_user_method(&v, &set_name) {
                    self.call2(&f, Value::Class(cls.clone()), k)?;
                }
            }
        }
        // The parent's __init_subclass__, if written in mini, gets the class
        // keywords; object's takes none.
        let isc = self.interp.names.__init_subclass__.clone();
        let user = match cls.mro.first() {
            Some(parent) => match parent.lookup(self.gil.token(), &isc) {
                Some(Value::ClassMethod(cm)) => Some(cm.func.clone()),
                _ => None,
            },
            None => None,
        };
        match user {
            Some(f) => {
                self.call(
                    &f,
                    Args {
                        pos: [Value::Class(cls.clone())].into_iter().collect(),
                        kw: class_kw,
                    },
                )?;
            }
            None if !class_kw.is_empty() => {
                return Err(type_error(format!(
                    "{}.__init_subclass__() takes no keyword arguments",
                    cls.name.as_str()
                )));
            }
            None => {}
        }
        Ok(Value::Class(cls))
    }

    /// `with mgr:`: calls `__enter__`, returns (bound `__exit__`, its result).
    pub(crate) fn before_with(&mut self, mgr: Value) -> PyResult<(Value, Value)> {
        let names = &self.interp.names;
        let (enter, exit) = (names.__enter__.clone(), names.__exit__.clone());
        let enter_f = self.lookup_special(&mgr, &enter);
        let exit_f = self.lookup_special(&mgr, &exit);
        let (Some(enter_f), Some(exit_f)) = (enter_f, exit_f) else {
            let t = self.type_name(&mgr);
            return Err(type_error(format!(
                "'{t}' object does not support the context manager protocol"
            )));
        };
        let entered = self.call0(&enter_f)?;
        Ok((exit_f, entered))
    }

    /// Calls `exit(type, value, traceback)`, or `exit(None, None, None)`.
    pub(crate) fn call_exit(&mut self, exit: &Value, exc: Option<Value>) -> PyResult<Value> {
        match exc {
            Some(e) => {
                let t = Value::Class(self.type_of(&e));
                self.call(exit, Args::new([t, e, Value::None]))
            }
            None => self.call(exit, Args::new([Value::None, Value::None, Value::None])),
        }
    }

    /// Creates an instance of exception kind `kind` (for natives).
    pub fn new_exception(&self, kind: ExcKind, msg: &str) -> Value {
        self.new_exception_object(&self.exc_class(kind), vec![Value::str(msg)])
    }

    /// Raises a `TypeError` about an object's type.
    pub fn type_err_for(&self, what: &str, v: &Value) -> PyErr {
        type_error(format!("{what}, not {}", self.type_name(v)))
    }
}

fn qualname_str(ns: &Rc<DictObj>, vm: &Vm, default: &str) -> String {
    match vm.dict_get_str(ns, &vm.interp.names.__qualname__) {
        Ok(Some(Value::Str(s))) => s.as_str().to_string(),
        _ => default.to_string(),
    }
}
