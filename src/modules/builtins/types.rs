//! Creates the built-in types as class objects, each with its method table.

use super::{dict, exceptions, functions, list, misc, numbers, object, set, str as strm};
use crate::gil::Gil;
use crate::objects::class::{flags, NewFn};
use crate::objects::{BuiltinFn, Class, DictObj, ExcKind, NativeFn, Property, StrObj, Value};
use crate::vm::Types;
use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

/// A native method table entry.
pub type Methods = &'static [(&'static str, NativeFn)];

/// The pieces of a built-in class.
pub struct Spec {
    pub name: &'static str,
    pub new: Option<NewFn>,
    pub subclassable: bool,
    pub methods: Methods,
    /// Read-only attributes computed by a native getter.
    pub getters: Methods,
    /// Methods callable on the class itself (`dict.fromkeys`).
    pub classmethods: Methods,
    pub staticmethods: Methods,
}

impl Spec {
    pub const fn new(name: &'static str) -> Spec {
        Spec {
            name,
            new: None,
            subclassable: false,
            methods: &[],
            getters: &[],
            classmethods: &[],
            staticmethods: &[],
        }
    }
}

pub struct Builder<'a, 'g> {
    pub gil: Gil<'g>,
    pub intern: &'a mut dyn FnMut(&str) -> Rc<StrObj>,
}

impl Builder<'_, '_> {
    pub fn class(&mut self, spec: &Spec, bases: &[&Rc<Class>]) -> Rc<Class> {
        let dict = DictObj::new();
        let put = |b: &mut Self, name: &str, v: Value| {
            let key = (b.intern)(name);
            let mut t = dict.table.borrow_mut(b.gil);
            t.insert_new(key.hash(), Value::Str(key), v);
        };
        let native = |name: &'static str, f: NativeFn| {
            Value::Builtin(Rc::new(BuiltinFn {
                name,
                func: f,
                receiver: None,
                owner: Some(spec.name),
            }))
        };
        for (n, f) in spec.methods {
            put(self, n, native(n, *f));
        }
        for (n, f) in spec.getters {
            let fget = native(n, *f);
            put(
                self,
                n,
                Value::Property(Rc::new(Property {
                    fget,
                    fset: Value::None,
                    fdel: Value::None,
                    doc: Value::None,
                })),
            );
        }
        for (n, f) in spec.classmethods {
            let func = Value::Builtin(BuiltinFn::new(n, *f));
            put(
                self,
                n,
                Value::ClassMethod(Rc::new(crate::objects::ClassMethod { func })),
            );
        }
        for (n, f) in spec.staticmethods {
            let func = Value::Builtin(BuiltinFn::new(n, *f));
            put(
                self,
                n,
                Value::StaticMethod(Rc::new(crate::objects::StaticMethod { func })),
            );
        }
        if spec.new.is_some() && !spec.staticmethods.iter().any(|(n, _)| *n == "__new__") {
            // `int.__new__(cls, ...)`: the native constructor, so that
            // `super().__new__` in a subclass finds it before `object`'s.
            let func = Value::Builtin(BuiltinFn::new("__new__", super::object::native_new_static));
            put(
                self,
                "__new__",
                Value::StaticMethod(Rc::new(crate::objects::StaticMethod { func })),
            );
        }
        put(self, "__module__", Value::str("builtins"));
        let bases: Vec<Rc<Class>> = bases.iter().map(|b| (*b).clone()).collect();
        let mro = crate::objects::class::c3_mro(&bases).unwrap_or_default();
        let cls = Rc::new(Class {
            name: spec.name.to_string(),
            qualname: spec.name.to_string(),
            bases: bases.clone(),
            mro,
            dict,
            native_new: spec.new,
            subclassable: spec.subclassable,
            flags: Cell::new(0),
            subclasses: Default::default(),
        });
        for b in &bases {
            b.subclasses.borrow_mut(self.gil).push(Rc::downgrade(&cls));
        }
        cls
    }
}

/// All built-in types, exceptions included.
pub fn make_types(b: &mut Builder) -> Types {
    let object = b.class(&object::OBJECT, &[]);
    let o = &object;
    let type_ = b.class(&object::TYPE, &[o]);
    let int = b.class(&numbers::INT, &[o]);
    let bool_ = b.class(&numbers::BOOL, &[&int]);
    let float = b.class(&numbers::FLOAT, &[o]);
    let str_ = b.class(&strm::STR, &[o]);
    let bytes = b.class(&misc::BYTES, &[o]);
    let list = b.class(&list::LIST, &[o]);
    let tuple = b.class(&list::TUPLE, &[o]);
    let dict_ = b.class(&dict::DICT, &[o]);
    let set_ = b.class(&set::SET, &[o]);
    let frozenset = b.class(&set::FROZENSET, &[o]);
    let range = b.class(&misc::RANGE, &[o]);
    let slice = b.class(&misc::SLICE, &[o]);
    let plain = |b: &mut Builder, name: &'static str| {
        let spec = Spec::new(name);
        b.class(&spec, &[o])
    };
    let function = b.class(&misc::FUNCTION, &[o]);
    let builtin_function = plain(b, "builtin_function_or_method");
    let method = plain(b, "method");
    let none_type = plain(b, "NoneType");
    let not_implemented_type = plain(b, "NotImplementedType");
    let ellipsis_type = plain(b, "ellipsis");
    let module = plain(b, "module");
    let generator = b.class(&misc::GENERATOR, &[o]);
    let code = plain(b, "code");
    let cell = plain(b, "cell");
    let property = b.class(&misc::PROPERTY, &[o]);
    let staticmethod = b.class(&misc::STATICMETHOD, &[o]);
    let classmethod = b.class(&misc::CLASSMETHOD, &[o]);
    let super_ = b.class(&misc::SUPER, &[o]);
    let dict_keys = b.class(&dict::DICT_KEYS, &[o]);
    let dict_values = b.class(&dict::DICT_VALUES, &[o]);
    let dict_items = b.class(&dict::DICT_ITEMS, &[o]);
    let file = b.class(&super::io::FILE, &[o]);
    let mut iterators = HashMap::new();
    for spec in misc::ITERATOR_TYPES {
        iterators.insert(spec.name, b.class(spec, &[o]));
    }
    let mut exceptions_v: Vec<Rc<Class>> = Vec::new();
    for (kind, name, parent) in ExcKind::ALL {
        let spec = exceptions::spec_for(*kind, name);
        let base = match parent {
            Some(p) => exceptions_v[p.index()].clone(),
            None => object.clone(),
        };
        let cls = b.class(&spec, &[&base]);
        cls.flags.set(cls.flags.get() | flags::EXCEPTION);
        for attr in exceptions::class_attrs(*kind) {
            let key = (b.intern)(attr);
            let mut t = cls.dict.table.borrow_mut(b.gil);
            t.insert_new(key.hash(), Value::Str(key), Value::None);
        }
        exceptions_v.push(cls);
    }
    for t in [
        &int, &float, &str_, &bytes, &list, &tuple, &dict_, &set_, &frozenset,
    ] {
        t.flags.set(t.flags.get() | flags::VALUE);
    }
    let _ = functions::BUILTINS;
    Types {
        object,
        type_,
        int,
        bool_,
        float,
        str_,
        bytes,
        list,
        tuple,
        dict: dict_,
        set: set_,
        frozenset,
        range,
        slice,
        function,
        builtin_function,
        method,
        none_type,
        not_implemented_type,
        ellipsis_type,
        module,
        generator,
        code,
        cell,
        property,
        staticmethod,
        classmethod,
        super_,
        dict_keys,
        dict_values,
        dict_items,
        file,
        iterators,
        exceptions: exceptions_v,
    }
}
