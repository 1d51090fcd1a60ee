//! Loading compiled code: the compiler's plain-data `CodeObject` becomes a
//! runtime `Code`, with names interned (so attribute and global lookups can
//! compare pointers) and constants made into values.

use super::Vm;
use crate::compiler::bytecode::{flags, CodeObject, Const};
use crate::objects::code::{AttrCache, GlobalCache};
use crate::objects::set_table::SetTable;
use crate::objects::{BytesObj, Code, CodeRef, SetObj, Value};
use std::cell::Cell;
use std::rc::Rc;

impl Vm {
    /// Turns a compiled code object (and those nested in it) into runtime code.
    /// `source` is kept for traceback lines.
    pub fn load_code(&self, co: &CodeObject, source: Option<Rc<str>>) -> CodeRef {
        let filename: Rc<str> = Rc::from(co.filename.as_str());
        self.load_with(co, &filename, &source)
    }

    fn load_with(&self, co: &CodeObject, filename: &Rc<str>, source: &Option<Rc<str>>) -> CodeRef {
        let consts: Vec<Value> = co
            .consts
            .iter()
            .map(|c| self.const_value(c, filename, source))
            .collect();
        let slot_names = co
            .varnames
            .iter()
            .chain(&co.cellvars)
            .chain(&co.freevars)
            .map(|n| self.intern(n))
            .collect();
        Rc::new(Code {
            name: self.intern(&co.name),
            qualname: self.intern(&co.qualname),
            filename: filename.clone(),
            source: source.clone(),
            first_line: co.first_line,
            instrs: co.instrs.clone().into_boxed_slice(),
            positions: co.positions.clone().into_boxed_slice(),
            consts: consts.into_boxed_slice(),
            names: co.names.iter().map(|n| self.intern(n)).collect(),
            slot_names,
            nlocals: co.varnames.len() as u32,
            nfree: co.freevars.len() as u32,
            argcount: co.argcount,
            posonlyargcount: co.posonlyargcount,
            kwonlyargcount: co.kwonlyargcount,
            flags: co.flags,
            fast_call: co.flags & (flags::VARARGS | flags::VARKEYWORDS | flags::GENERATOR) == 0
                && co.kwonlyargcount == 0,
            exc_table: co.exc_table.clone().into_boxed_slice(),
            global_cache: (0..co.names.len())
                .map(|_| Cell::new(GlobalCache::default()))
                .collect(),
            attr_cache: (0..co.names.len())
                .map(|_| Cell::new(AttrCache::default()))
                .collect(),
        })
    }

    fn const_value(&self, c: &Const, filename: &Rc<str>, source: &Option<Rc<str>>) -> Value {
        match c {
            Const::None => Value::None,
            Const::Bool(b) => Value::Bool(*b),
            Const::Int(i) => Value::Int(*i),
            Const::BigInt(b) => Value::bigint(b.clone()),
            Const::Float(f) => Value::Float(*f),
            Const::Str(s) => {
                // Identifier-like string constants are interned, as in CPython.
                if s.len() <= 40 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    Value::Str(self.intern(s))
                } else {
                    Value::str(s.as_str())
                }
            }
            Const::Bytes(b) => Value::Bytes(BytesObj::new(b.clone())),
            Const::Ellipsis => Value::Ellipsis,
            Const::Tuple(items) => Value::tuple(
                items
                    .iter()
                    .map(|c| self.const_value(c, filename, source))
                    .collect(),
            ),
            Const::FrozenSet(items) => {
                // CPython builds a constant frozenset twice (once while
                // compiling, once when merging constants); the second build
                // adds the first one's elements in its iteration order.
                let first = self
                    .const_frozenset(items.iter().map(|c| self.const_value(c, filename, source)));
                let second = self.const_frozenset(first.iter().map(|(_, k)| k.clone()));
                Value::Set(SetObj::new(second, true))
            }
            Const::Code(co) => Value::Code(self.load_with(co, filename, source)),
        }
    }

    /// A set table of constants (ints, strings, tuples of those: hashing and
    /// comparing them never runs user code).
    fn const_frozenset(&self, items: impl Iterator<Item = Value>) -> SetTable<Value> {
        let mut t = SetTable::new();
        for v in items {
            let h = const_hash(&v);
            t.insert(h, v.clone(), |k| {
                crate::objects::equality::native_eq(k, &v) == Some(true)
            });
        }
        t
    }
}

/// Hash of a constant (no user code can be involved).
fn const_hash(v: &Value) -> i64 {
    use crate::objects::hash;
    match v {
        Value::Int(i) => hash::hash_i64(*i),
        Value::Bool(b) => hash::hash_bool(*b),
        Value::Float(f) => hash::hash_f64(*f),
        Value::BigInt(b) => hash::hash_bigint(b),
        Value::Str(s) => s.hash(),
        Value::Bytes(b) => hash::hash_bytes(&b.data),
        Value::Tuple(t) => {
            let mut h = hash::TupleHasher::new();
            for x in t.items.iter() {
                h.push(const_hash(x));
            }
            h.finish()
        }
        _ => 0,
    }
}
