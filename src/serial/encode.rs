//! `dumps`: turns a value into the byte program of `format.rs`.
//!
//! The object graph is walked with an explicit work stack, never Rust
//! recursion, so nesting depth is bounded by memory, not by the Rust stack
//! (a cap, [`MAX_DEPTH`], turns runaway `__reduce__` recursion into a
//! RecursionError).
//!
//! Identity is kept with a memo keyed by object address, as pickle does:
//!
//! * Mutable objects (list, dict, set, instances, exceptions, closure cells)
//!   are created empty, remembered at once, then filled. A second reference
//!   is a `GET`, so cycles through them close.
//! * Objects built from their parts (tuple, frozenset, slice, str, bytes,
//!   big int, code, functions by value, bound methods, `__reduce__`
//!   results) are remembered once built. If one is reached again while its
//!   parts are still being written (a cycle through a mutable object), the
//!   inner occurrence is built and remembered first, and the outer one
//!   discards its parts (`POP`) and takes the remembered object (`GET`).
//!   Re-entering such an object with no new memo entry in between means
//!   a cycle with no mutable object to break it: an error, not a hang.
//! * An immutable object whose reference count shows no holder other than
//!   the one we came from (count 2: that holder and our own clone) cannot
//!   be reached twice, so it skips the memo entirely. This keeps small
//!   messages free of hashing.

use super::code::put_code;
use super::format::{self, put_bytes, put_ivarint, put_uvarint};
use super::refs;
use super::Fail;
use crate::gil::GilCell;
use crate::modules::builtins::io::FileState;
use crate::objects::class::flags;
use crate::objects::exception::{attribute_error, type_error};
use crate::objects::{
    Args, CellObj, Class, CodeRef, ExcKind, ExcState, Function, Instance, StrObj, Value, ViewKind,
};
use crate::vm::Vm;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// Deepest nesting of unfinished objects.
pub const MAX_DEPTH: usize = 1_000_000;

/// Hashes an object address (aligned, so the low bits carry nothing).
#[derive(Default)]
pub struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        let h = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}

type AddrMap<V> = HashMap<usize, V, BuildHasherDefault<AddrHasher>>;

#[derive(Clone, Copy)]
enum State {
    /// Being written; the memo counter when that started.
    Open(u32),
    /// Written and remembered as memo entry i.
    Done(u32),
}

struct MemoEntry {
    state: State,
    /// Keeps the object alive so its address is not reused meanwhile.
    _keep: Value,
}

/// How an object built from its parts is finished.
enum Build {
    Tag(u8),
    TagN(u8, usize),
    Code(CodeRef),
    /// `REDUCE`, then the work that applies state and items to the result.
    Reduce(Vec<Work>),
}

struct Close {
    obj: Value,
    tracked: bool,
    /// How many values its parts left on the stack.
    parts: usize,
    build: Build,
}

enum Work {
    Value(Value),
    /// A closure cell: legal only as part of a function.
    Cell(Rc<CellObj>),
    /// A tag with no operand that ends a nesting level (`BUILD`, ...).
    End(u8),
    /// A tag with a count that ends a nesting level (`APPENDS n`, ...).
    EndN(u8, usize),
    /// `EXC_LINKS` and its flag byte.
    Links(bool),
    Close(Box<Close>),
}

pub struct Encoder {
    pub out: Vec<u8>,
    memo: AddrMap<MemoEntry>,
    next_memo: u32,
    work: Vec<Work>,
    /// Unfinished nesting levels on the work stack.
    depth: usize,
}

/// Whether an object could be reached again: someone besides the holder we
/// came from (and our own clone) has a reference to it.
fn shared<T: ?Sized>(r: &Rc<T>) -> bool {
    Rc::strong_count(r) > 2
}

fn addr(v: &Value) -> usize {
    v.heap_addr().unwrap_or(0)
}

fn pickling(msg: impl Into<String>) -> Fail {
    Fail::Pickling(msg.into())
}

fn cannot(name: &str) -> Fail {
    Fail::Py(type_error(format!("cannot pickle '{name}' object")))
}

impl Encoder {
    pub fn new(out: Vec<u8>) -> Encoder {
        Encoder {
            out,
            memo: AddrMap::default(),
            next_memo: 0,
            work: Vec::new(),
            depth: 0,
        }
    }

    /// Writes a whole payload for `root`.
    pub fn encode(&mut self, vm: &mut Vm, root: &Value) -> Result<(), Fail> {
        self.out.reserve(64);
        self.out.push(format::VERSION);
        self.value(vm, root.clone())?;
        while let Some(w) = self.work.pop() {
            match w {
                Work::Value(v) => self.value(vm, v)?,
                Work::Cell(c) => self.cell(vm, c)?,
                Work::End(tag) => {
                    self.depth -= 1;
                    self.out.push(tag);
                }
                Work::EndN(tag, n) => {
                    self.depth -= 1;
                    self.out.push(tag);
                    put_uvarint(&mut self.out, n as u64);
                }
                Work::Links(suppress) => {
                    self.depth -= 1;
                    self.out.push(format::EXC_LINKS);
                    self.out.push(u8::from(suppress));
                }
                Work::Close(c) => {
                    self.depth -= 1;
                    self.close(*c);
                }
            }
        }
        self.out.push(format::STOP);
        Ok(())
    }

    // ----- the work stack

    /// Schedules `items` to run in order.
    fn push_seq(&mut self, items: Vec<Work>) -> Result<(), Fail> {
        for w in items.into_iter().rev() {
            self.push(w)?;
        }
        Ok(())
    }

    fn push(&mut self, w: Work) -> Result<(), Fail> {
        if matches!(
            w,
            Work::End(_) | Work::EndN(..) | Work::Links(_) | Work::Close(_)
        ) {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(Fail::Py(crate::objects::PyErr::new(
                    ExcKind::RecursionError,
                    "maximum recursion depth exceeded while pickling an object",
                )));
            }
        }
        self.work.push(w);
        Ok(())
    }

    /// Schedules an object built from `parts`, then `build`.
    /// `nparts` counts all parts; `rest` are those not written yet.
    fn built(
        &mut self,
        obj: Value,
        tracked: bool,
        nparts: usize,
        rest: Vec<Work>,
        build: Build,
    ) -> Result<(), Fail> {
        let close = Close {
            obj,
            tracked,
            parts: nparts,
            build,
        };
        self.push(Work::Close(Box::new(close)))?;
        self.push_seq(rest)
    }

    /// The items of a mutable container, `n` in all, of which `rest` are
    /// not written yet, then `tag n` (nothing for an empty container).
    fn items(&mut self, tag: u8, n: usize, rest: Vec<Work>) -> Result<(), Fail> {
        if n == 0 {
            return Ok(());
        }
        if rest.is_empty() {
            self.out.push(tag);
            put_uvarint(&mut self.out, n as u64);
            return Ok(());
        }
        self.push(Work::EndN(tag, n))?;
        self.push_seq(rest)
    }

    /// Writes `v` at once if that needs no memo, no work stack and no
    /// code: scalars, and strings and bytes nobody else holds.
    /// `holders` is how many references we know of (the container we read
    /// it from, plus our own clone if we took one).
    #[inline]
    fn simple(&mut self, v: &Value, holders: usize) -> bool {
        let out = &mut self.out;
        match v {
            Value::None => out.push(format::NONE),
            Value::Bool(true) => out.push(format::TRUE),
            Value::Bool(false) => out.push(format::FALSE),
            Value::Int(i) => {
                out.push(format::INT);
                put_ivarint(out, *i);
            }
            Value::Float(f) => {
                out.push(format::FLOAT);
                out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Value::Str(s) if Rc::strong_count(s) <= holders => {
                out.push(format::STR);
                put_bytes(out, s.as_str().as_bytes());
            }
            Value::Bytes(b) if Rc::strong_count(b) <= holders => {
                out.push(format::BYTES);
                put_bytes(out, &b.data);
            }
            _ => return false,
        }
        true
    }

    /// Writes the leading simple items of `items`; returns how many.
    fn simple_prefix(&mut self, items: &[Value]) -> usize {
        items.iter().take_while(|v| self.simple(v, 1)).count()
    }

    // ----- memo

    fn memoize(&mut self, v: &Value) {
        let i = self.next_memo;
        self.next_memo += 1;
        self.memo.insert(
            addr(v),
            MemoEntry {
                state: State::Done(i),
                _keep: v.clone(),
            },
        );
        self.out.push(format::MEMO);
    }

    fn get(&mut self, i: u32) {
        self.out.push(format::GET);
        put_uvarint(&mut self.out, u64::from(i));
    }

    /// For a mutable object: emits a `GET` and returns true if it was
    /// written before.
    fn seen(&mut self, v: &Value) -> bool {
        if let Some(MemoEntry {
            state: State::Done(i),
            ..
        }) = self.memo.get(&addr(v))
        {
            let i = *i;
            self.get(i);
            return true;
        }
        false
    }

    /// For an object built from parts: None if a `GET` was emitted, else
    /// whether it is tracked in the memo.
    fn begin(&mut self, v: &Value, is_shared: bool) -> Result<Option<bool>, Fail> {
        if !is_shared {
            return Ok(Some(false));
        }
        let next = self.next_memo;
        match self.memo.get_mut(&addr(v)) {
            Some(MemoEntry {
                state: State::Done(i),
                ..
            }) => {
                let i = *i;
                self.get(i);
                Ok(None)
            }
            Some(MemoEntry {
                state: State::Open(at),
                ..
            }) => {
                if *at == next {
                    return Err(Fail::Py(crate::objects::PyErr::new(
                        ExcKind::RecursionError,
                        "cannot pickle an object that contains itself with no mutable object in between",
                    )));
                }
                *at = next;
                Ok(Some(true))
            }
            None => {
                self.memo.insert(
                    addr(v),
                    MemoEntry {
                        state: State::Open(next),
                        _keep: v.clone(),
                    },
                );
                Ok(Some(true))
            }
        }
    }

    fn close(&mut self, c: Close) {
        if c.tracked {
            if let Some(MemoEntry {
                state: State::Done(i),
                ..
            }) = self.memo.get(&addr(&c.obj))
            {
                // Built meanwhile by an inner occurrence.
                let i = *i;
                if let Build::Reduce(tail) = &c.build {
                    self.depth -= ends(tail);
                }
                if c.parts > 0 {
                    self.out.push(format::POP);
                    put_uvarint(&mut self.out, c.parts as u64);
                }
                self.get(i);
                return;
            }
        }
        let tail = match c.build {
            Build::Tag(t) => {
                self.out.push(t);
                None
            }
            Build::TagN(t, n) => {
                self.out.push(t);
                put_uvarint(&mut self.out, n as u64);
                None
            }
            Build::Code(code) => {
                self.out.push(format::CODE);
                put_code(&code, &mut self.out);
                None
            }
            Build::Reduce(tail) => {
                self.out.push(format::REDUCE);
                Some(tail)
            }
        };
        if c.tracked {
            self.memoize(&c.obj);
        }
        if let Some(tail) = tail {
            // Cannot fail: the tail's nesting was counted when scheduled.
            for w in tail.into_iter().rev() {
                self.work.push(w);
            }
        }
    }

    // ----- values

    fn value(&mut self, vm: &mut Vm, v: Value) -> Result<(), Fail> {
        let out = &mut self.out;
        match &v {
            Value::None => out.push(format::NONE),
            Value::Bool(true) => out.push(format::TRUE),
            Value::Bool(false) => out.push(format::FALSE),
            Value::Ellipsis => out.push(format::ELLIPSIS),
            Value::NotImplemented => out.push(format::NOT_IMPLEMENTED),
            Value::Int(i) => {
                out.push(format::INT);
                put_ivarint(out, *i);
            }
            Value::Float(f) => {
                out.push(format::FLOAT);
                out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Value::Str(s) => {
                if let Some(tracked) = self.begin(&v, shared(s))? {
                    self.out.push(format::STR);
                    put_bytes(&mut self.out, s.as_str().as_bytes());
                    if tracked {
                        self.memoize(&v);
                    }
                }
            }
            Value::Bytes(b) => {
                if let Some(tracked) = self.begin(&v, shared(b))? {
                    self.out.push(format::BYTES);
                    put_bytes(&mut self.out, &b.data);
                    if tracked {
                        self.memoize(&v);
                    }
                }
            }
            Value::BigInt(b) => {
                if let Some(tracked) = self.begin(&v, shared(b))? {
                    self.out.push(format::BIGINT);
                    put_bytes(&mut self.out, &b.to_signed_bytes_le());
                    if tracked {
                        self.memoize(&v);
                    }
                }
            }
            Value::Range(r) => {
                out.push(format::RANGE);
                put_ivarint(out, r.start);
                put_ivarint(out, r.stop);
                put_ivarint(out, r.step);
            }
            Value::Tuple(t) => {
                if let Some(tracked) = self.begin(&v, shared(t))? {
                    let n = t.items.len();
                    let done = self.simple_prefix(&t.items);
                    if done == n {
                        self.out.push(format::TUPLE);
                        put_uvarint(&mut self.out, n as u64);
                        if tracked {
                            self.memoize(&v);
                        }
                    } else {
                        let rest = t.items[done..].iter().cloned().map(Work::Value).collect();
                        let build = Build::TagN(format::TUPLE, n);
                        self.built(v.clone(), tracked, n, rest, build)?;
                    }
                }
            }
            Value::Slice(s) => {
                if let Some(tracked) = self.begin(&v, shared(s))? {
                    let parts = [&s.start, &s.stop, &s.step]
                        .into_iter()
                        .cloned()
                        .map(Work::Value)
                        .collect();
                    self.built(v.clone(), tracked, 3, parts, Build::Tag(format::SLICE))?;
                }
            }
            Value::List(l) => {
                if !self.seen(&v) {
                    self.out.push(format::EMPTY_LIST);
                    self.memoize(&v);
                    let rest: Vec<Value> = {
                        let items = l.items.borrow(vm.gil());
                        let done = self.simple_prefix(&items);
                        items[done..].to_vec()
                    };
                    let n = l.items.borrow(vm.gil()).len();
                    self.items(
                        format::APPENDS,
                        n,
                        rest.into_iter().map(Work::Value).collect(),
                    )?;
                }
            }
            Value::Dict(d) => {
                if !self.seen(&v) {
                    self.out.push(format::EMPTY_DICT);
                    self.memoize(&v);
                    let (n, rest) = {
                        let table = d.table.borrow(vm.gil());
                        let mut entries = table.iter();
                        let mut rest = Vec::new();
                        // Simple pairs are written at once, up to the
                        // first part that is not.
                        for e in entries.by_ref() {
                            if !self.simple(&e.key, 1) {
                                rest.push(Work::Value(e.key.clone()));
                                rest.push(Work::Value(e.value.clone()));
                                break;
                            }
                            if !self.simple(&e.value, 1) {
                                rest.push(Work::Value(e.value.clone()));
                                break;
                            }
                        }
                        for e in entries {
                            rest.push(Work::Value(e.key.clone()));
                            rest.push(Work::Value(e.value.clone()));
                        }
                        (table.len(), rest)
                    };
                    self.items(format::SETITEMS, n, rest)?;
                }
            }
            Value::Set(s) if s.frozen => {
                if let Some(tracked) = self.begin(&v, shared(s))? {
                    let items: Vec<Work> = s
                        .table
                        .borrow(vm.gil())
                        .iter()
                        .map(|(_, k)| Work::Value(k.clone()))
                        .collect();
                    let n = items.len();
                    let build = Build::TagN(format::FROZENSET, n);
                    self.built(v.clone(), tracked, n, items, build)?;
                }
            }
            Value::Set(s) => {
                if !self.seen(&v) {
                    self.out.push(format::EMPTY_SET);
                    self.memoize(&v);
                    let items: Vec<Work> = s
                        .table
                        .borrow(vm.gil())
                        .iter()
                        .map(|(_, k)| Work::Value(k.clone()))
                        .collect();
                    self.items(format::ADDITEMS, items.len(), items)?;
                }
            }
            Value::Code(c) => {
                if let Some(tracked) = self.begin(&v, shared(c))? {
                    let consts = Value::tuple(c.consts.to_vec());
                    self.built(
                        v.clone(),
                        tracked,
                        1,
                        vec![Work::Value(consts)],
                        Build::Code(c.clone()),
                    )?;
                }
            }
            Value::Function(f) => self.function(vm, &v, f.clone())?,
            Value::Builtin(b) => {
                if let Some(tracked) = self.begin(&v, shared(b))? {
                    if let Some((module, qualname)) = refs::find_builtin(vm, &v)? {
                        self.global(&module, &qualname);
                        if tracked {
                            self.memoize(&v);
                        }
                    } else if let Some(recv) = &b.receiver {
                        let parts =
                            vec![Work::Value(recv.clone()), Work::Value(Value::str(b.name))];
                        self.built(v.clone(), tracked, 2, parts, Build::Tag(format::GETATTR))?;
                    } else {
                        return Err(pickling(format!(
                            "Can't pickle <built-in function {0}>: it's not found as builtins.{0}",
                            b.name
                        )));
                    }
                }
            }
            Value::Method(m) => {
                if let Some(tracked) = self.begin(&v, shared(m))? {
                    let parts = vec![Work::Value(m.receiver.clone()), Work::Value(m.func.clone())];
                    self.built(v.clone(), tracked, 2, parts, Build::Tag(format::METHOD))?;
                }
            }
            Value::Class(c) => self.class(vm, c)?,
            Value::Instance(i) => self.instance(vm, &v, i.clone())?,
            Value::Module(_) => return Err(cannot("module")),
            Value::Generator(_) => return Err(cannot("generator")),
            Value::Iter(it) => {
                let name = it.state.borrow(vm.gil()).type_name();
                return Err(cannot(name));
            }
            Value::DictView(d) => {
                return Err(cannot(match d.kind {
                    ViewKind::Keys => "dict_keys",
                    ViewKind::Values => "dict_values",
                    ViewKind::Items => "dict_items",
                }))
            }
            Value::Cell(_) => return Err(cannot("cell")),
            Value::Property(_) => return Err(cannot("property")),
            Value::StaticMethod(_) => return Err(cannot("staticmethod")),
            Value::ClassMethod(_) => return Err(cannot("classmethod")),
            Value::Super(_) => return Err(cannot("super")),
            Value::Unbound => return Err(pickling("cannot pickle an unbound value")),
        }
        Ok(())
    }

    fn global(&mut self, module: &StrObj, qualname: &str) {
        self.out.push(format::GLOBAL);
        put_bytes(&mut self.out, module.as_str().as_bytes());
        put_bytes(&mut self.out, qualname.as_bytes());
    }

    /// A closure cell: made empty and remembered first, then filled, so a
    /// function whose cell holds the function itself comes back whole.
    fn cell(&mut self, vm: &Vm, c: Rc<CellObj>) -> Result<(), Fail> {
        let v = Value::Cell(c.clone());
        if self.seen(&v) {
            return Ok(());
        }
        self.out.push(format::CELL);
        self.memoize(&v);
        let contents = c.value.borrow(vm.gil()).clone();
        if !contents.is_unbound() {
            self.push(Work::End(format::CELL_SET))?;
            self.push(Work::Value(contents))?;
        }
        Ok(())
    }

    // ----- classes, functions, instances

    fn class(&mut self, vm: &mut Vm, c: &Rc<Class>) -> Result<(), Fail> {
        let v = Value::Class(c.clone());
        if self.seen(&v) {
            return Ok(());
        }
        let t = &vm.interp.types;
        let singleton = if Rc::ptr_eq(c, &t.none_type) {
            Some(format::NONE)
        } else if Rc::ptr_eq(c, &t.not_implemented_type) {
            Some(format::NOT_IMPLEMENTED)
        } else if Rc::ptr_eq(c, &t.ellipsis_type) {
            Some(format::ELLIPSIS)
        } else {
            None
        };
        if let Some(tag) = singleton {
            self.out.push(tag);
            self.out.push(format::TYPE_OF);
            self.memoize(&v);
            return Ok(());
        }
        let module = refs::class_module(vm, c);
        let qualname = c.qualname.clone();
        if qualname.contains("<locals>") {
            return Err(Fail::Py(attribute_error(format!(
                "Can't pickle local object '{qualname}'"
            ))));
        }
        let shown = if module.as_str() == "builtins" {
            format!("<class '{qualname}'>")
        } else {
            format!("<class '{}.{qualname}'>", module.as_str())
        };
        match refs::lookup_loaded(vm, &module, &qualname)? {
            Some(found) if found.is(&v) => {}
            Some(_) => {
                return Err(pickling(format!(
                    "Can't pickle {shown}: it's not the same object as {}.{qualname}",
                    module.as_str()
                )))
            }
            None => {
                return Err(pickling(format!(
                    "Can't pickle {shown}: attribute lookup {qualname} on {} failed",
                    module.as_str()
                )))
            }
        }
        let module = refs::public_module_name(vm, module)?;
        self.global(&module, &qualname);
        self.memoize(&v);
        Ok(())
    }

    fn function(&mut self, vm: &mut Vm, v: &Value, f: Rc<Function>) -> Result<(), Fail> {
        let Some(tracked) = self.begin(v, shared(&f))? else {
            return Ok(());
        };
        let qualname = f.qualname.get(vm.gil());
        let module = refs::globals_name(vm, &f.globals);
        // By reference when the name leads back to this very function.
        if let Some(module) = &module {
            if !qualname.as_str().contains('<') {
                if let Some(found) = refs::lookup_loaded(vm, module, qualname.as_str())? {
                    if found.is(v) {
                        let module = refs::public_module_name(vm, module.clone())?;
                        self.global(&module, qualname.as_str());
                        if tracked {
                            self.memoize(v);
                        }
                        return Ok(());
                    }
                }
            }
        }
        // By value.
        let Some(module) = module else {
            return Err(pickling(format!(
                "Can't pickle function '{}': its globals are not a module's namespace",
                qualname.as_str()
            )));
        };
        let module = refs::public_module_name(vm, module)?;
        let name = f.name.get(vm.gil());
        let fdict = if f.dict.table.borrow(vm.gil()).is_empty() {
            Value::None
        } else {
            Value::Dict(f.dict.clone())
        };
        let close = Close {
            obj: v.clone(),
            tracked,
            parts: 8,
            build: Build::Tag(format::FUNCTION),
        };
        self.push(Work::Close(Box::new(close)))?;
        // Scheduled last part first: the dict, the closure, then the rest.
        self.push(Work::Value(fdict))?;
        // The closure: `CELL MEMO [value CELL_SET]` per cell, then `TUPLE n`
        // (a tuple that is no real object, so never tracked).
        let n = f.closure.len();
        self.push(Work::Close(Box::new(Close {
            obj: Value::None,
            tracked: false,
            parts: n,
            build: Build::TagN(format::TUPLE, n),
        })))?;
        for c in f.closure.iter().rev() {
            self.push(Work::Cell(c.clone()))?;
        }
        self.push_seq(vec![
            Work::Value(Value::Code(f.code.clone())),
            Work::Value(Value::Str(module)),
            Work::Value(Value::Str(name)),
            Work::Value(Value::Str(qualname)),
            Work::Value(Value::tuple(f.defaults.to_vec())),
            Work::Value(f.kwdefaults.clone().map_or(Value::None, Value::Dict)),
        ])
    }

    fn instance(&mut self, vm: &mut Vm, v: &Value, i: Rc<Instance>) -> Result<(), Fail> {
        let is_shared = shared(&i);
        if is_shared && self.seen(v) {
            return Ok(());
        }
        if let Some(rv) = call_reduce(vm, v, &i.class)? {
            let Some(tracked) = self.begin(v, is_shared)? else {
                return Ok(());
            };
            return self.reduce(vm, v, tracked, rv);
        }
        if let Some(st) = i.payload::<GilCell<ExcState>>() {
            return self.exception(vm, v, &i, st);
        }
        if i.payload.is_some() {
            return Err(cannot(&payload_type_name(vm, &i)));
        }
        if !Rc::ptr_eq(i.class.builtin_base(), &vm.interp.types.object) {
            return Err(cannot(&i.class.name));
        }
        self.class(vm, &i.class)?;
        self.out.push(format::NEWOBJ);
        self.memoize(v);
        let state = match lookup_own(vm, &i.class, "__getstate__") {
            Some(getstate) => {
                let f = vm.descr_get(getstate, v, &i.class)?;
                vm.call(&f, Args::default())?
            }
            None => {
                if i.dict.table.borrow(vm.gil()).is_empty() {
                    Value::None
                } else {
                    Value::Dict(i.dict.clone())
                }
            }
        };
        if !state.is_none() {
            self.push(Work::End(format::BUILD))?;
            self.push(Work::Value(state))?;
        }
        Ok(())
    }

    fn exception(
        &mut self,
        vm: &mut Vm,
        v: &Value,
        i: &Rc<Instance>,
        st: &GilCell<ExcState>,
    ) -> Result<(), Fail> {
        self.class(vm, &i.class)?;
        self.out.push(format::NEWEXC);
        self.memoize(v);
        let (args, cause, context, suppress) = {
            let s = st.borrow(vm.gil());
            (
                s.args.clone(),
                s.cause.clone(),
                s.context.clone(),
                s.suppress_context,
            )
        };
        let mut seq = vec![Work::Value(args), Work::End(format::EXC_ARGS)];
        if !i.dict.table.borrow(vm.gil()).is_empty() {
            seq.push(Work::Value(Value::Dict(i.dict.clone())));
            seq.push(Work::End(format::BUILD));
        }
        if !cause.is_none() || !context.is_none() || suppress {
            seq.push(Work::Value(cause));
            seq.push(Work::Value(context));
            seq.push(Work::Links(suppress));
        }
        self.push_seq(seq)
    }

    /// The `__reduce__` protocol: `rv` is a string (a global name) or a
    /// tuple `(callable, args[, state[, listitems[, dictitems[, setter]]]])`.
    fn reduce(&mut self, vm: &mut Vm, v: &Value, tracked: bool, rv: Value) -> Result<(), Fail> {
        let shown = vm.type_name(v);
        let items: Vec<Value> = match &rv {
            Value::Str(name) => {
                let module = vm.intern("__module__");
                let module = match vm.getattr_opt(v, &module)? {
                    Some(Value::Str(m)) => m,
                    _ => {
                        return Err(pickling(format!(
                            "Can't pickle {shown}: it has no __module__ for global {}",
                            name.as_str()
                        )))
                    }
                };
                let module = refs::public_module_name(vm, module)?;
                self.global(&module, name.as_str());
                if tracked {
                    self.memoize(v);
                }
                return Ok(());
            }
            Value::Tuple(t) if (2..=6).contains(&t.items.len()) => t.items.to_vec(),
            Value::Tuple(_) => {
                return Err(pickling(
                    "tuple returned by __reduce__ must contain 2 through 6 elements",
                ))
            }
            _ => return Err(pickling("__reduce__ must return a string or tuple")),
        };
        let get = |k: usize| items.get(k).cloned().unwrap_or(Value::None);
        let (func, args) = (get(0), get(1));
        if !matches!(args, Value::Tuple(_)) {
            return Err(pickling(format!(
                "second item of the tuple returned by __reduce__ must be a tuple, not {}",
                vm.type_name(&args)
            )));
        }
        let (state, listitems, dictitems, setter) = (get(2), get(3), get(4), get(5));
        let mut tail = Vec::new();
        if !listitems.is_none() {
            let items = vm.collect(&listitems)?;
            tail.push(Work::Value(Value::list(items)));
            tail.push(Work::End(format::EXTEND));
        }
        if !dictitems.is_none() {
            let items = vm.collect(&dictitems)?;
            tail.push(Work::Value(Value::list(items)));
            tail.push(Work::End(format::SETITEMS_CALL));
        }
        if !state.is_none() {
            if setter.is_none() {
                tail.push(Work::Value(state));
                tail.push(Work::End(format::BUILD));
            } else {
                tail.push(Work::Value(setter));
                tail.push(Work::Value(state));
                tail.push(Work::End(format::SETSTATE_WITH));
            }
        }
        // Count the tail's nesting now (it is pushed without checks later).
        self.depth += ends(&tail);
        self.built(
            v.clone(),
            tracked,
            2,
            vec![Work::Value(func), Work::Value(args)],
            Build::Reduce(tail),
        )
    }
}

/// How many nesting levels a scheduled sequence ends.
fn ends(seq: &[Work]) -> usize {
    seq.iter().filter(|w| matches!(w, Work::End(_))).count()
}

/// An attribute the class (or a base) defines itself, skipping the native
/// defaults of `object`.
pub fn lookup_own(vm: &mut Vm, cls: &Rc<Class>, name: &str) -> Option<Value> {
    let key = vm.intern(name);
    match cls.lookup(vm.gil(), &key)? {
        Value::Builtin(b) if b.owner == Some("object") => None,
        Value::None => None,
        v => Some(v),
    }
}

/// Calls `__reduce_ex__(4)` or `__reduce__()` if the class defines one.
fn call_reduce(vm: &mut Vm, v: &Value, cls: &Rc<Class>) -> Result<Option<Value>, Fail> {
    if let Some(rex) = lookup_own(vm, cls, "__reduce_ex__") {
        let f = vm.descr_get(rex, v, cls)?;
        return Ok(Some(vm.call(&f, Args::new([Value::Int(4)]))?));
    }
    if let Some(r) = lookup_own(vm, cls, "__reduce__") {
        let f = vm.descr_get(r, v, cls)?;
        return Ok(Some(vm.call(&f, Args::default())?));
    }
    Ok(None)
}

/// The name CPython gives the type of a native object that cannot be sent.
fn payload_type_name(vm: &Vm, i: &Instance) -> String {
    if let Some(f) = i.payload::<GilCell<FileState>>() {
        let f = f.borrow(vm.gil());
        return if !f.binary {
            "_io.TextIOWrapper".into()
        } else if f.mode.contains('+') {
            "_io.BufferedRandom".into()
        } else if f.mode.contains('r') {
            "_io.BufferedReader".into()
        } else {
            "_io.BufferedWriter".into()
        };
    }
    let cls = &i.class;
    if cls.has_flag(flags::HEAP) {
        return cls.name.clone();
    }
    let module = refs::class_module(vm, cls);
    if module.as_str() == "builtins" {
        cls.qualname.clone()
    } else {
        format!("{}.{}", module.as_str(), cls.qualname)
    }
}
