//! `loads`: runs the byte program of `format.rs` on a value stack.
//!
//! The decoder is a flat loop over operations, so any nesting depth costs
//! heap, not Rust stack. Every read is bounds-checked and every operation
//! checks what it pops, so corrupt input ends in `Fail::Corrupt` (raised as
//! `_serial.UnpicklingError`), never in a panic. Counts read from the input
//! are checked against what is left of it (or against the stack) before
//! anything is allocated.

use super::code::get_code;
use super::encode::lookup_own;
use super::format::{self as f, Corrupt, Reader};
use super::refs;
use super::Fail;
use crate::gil::GilCell;
use crate::objects::class::flags;
use crate::objects::{
    Args, BoundMethod, BytesObj, CellObj, DictObj, ExcState, Function, Instance, RangeObj,
    SliceObj, StrObj, Value,
};
use crate::vm::Vm;
use num_bigint::BigInt;
use smallvec::SmallVec;
use std::rc::Rc;

pub struct Decoder<'a> {
    r: Reader<'a>,
    /// Inline for small messages (no allocation).
    stack: SmallVec<[Value; 16]>,
    memo: Vec<Value>,
    /// Source text found per file name, for code objects.
    sources: Vec<(Rc<str>, Option<Rc<str>>)>,
}

fn corrupt(msg: impl Into<String>) -> Fail {
    Fail::Corrupt(Corrupt::new(msg))
}

impl From<Corrupt> for Fail {
    fn from(c: Corrupt) -> Fail {
        Fail::Corrupt(c)
    }
}

impl<'a> Decoder<'a> {
    pub fn new(data: &'a [u8]) -> Decoder<'a> {
        Decoder::with_sources(data, Vec::new())
    }

    /// A decoder that already knows the source text of some files.
    pub fn with_sources(data: &'a [u8], sources: Vec<(Rc<str>, Option<Rc<str>>)>) -> Decoder<'a> {
        Decoder {
            r: Reader::new(data),
            stack: SmallVec::new(),
            memo: Vec::new(),
            sources,
        }
    }

    fn pop(&mut self) -> Result<Value, Fail> {
        self.stack
            .pop()
            .ok_or_else(|| corrupt("stack underflow (corrupt data)"))
    }

    fn top(&self) -> Result<&Value, Fail> {
        self.stack
            .last()
            .ok_or_else(|| corrupt("stack underflow (corrupt data)"))
    }

    /// The top `n` values, in push order.
    fn pop_n(&mut self, n: usize) -> Result<Vec<Value>, Fail> {
        if n > self.stack.len() {
            return Err(corrupt("stack underflow (corrupt data)"));
        }
        let start = self.stack.len() - n;
        Ok(self.stack.drain(start..).collect())
    }

    /// `n` items and the container below them.
    fn pop_items(&mut self, n: usize) -> Result<(Vec<Value>, &Value), Fail> {
        if n >= self.stack.len() {
            return Err(corrupt("stack underflow (corrupt data)"));
        }
        let start = self.stack.len() - n;
        let items: Vec<Value> = self.stack.drain(start..).collect();
        Ok((items, self.stack.last().expect("checked above")))
    }

    fn pop_str(&mut self) -> Result<Rc<StrObj>, Fail> {
        match self.pop()? {
            Value::Str(s) => Ok(s),
            _ => Err(corrupt("expected a str (corrupt data)")),
        }
    }

    pub fn decode(&mut self, vm: &mut Vm) -> Result<Value, Fail> {
        match self.r.u8() {
            Err(_) => return Err(corrupt("empty input")),
            Ok(f::VERSION) => {}
            Ok(v) => {
                return Err(corrupt(format!(
                    "unsupported format version {v} (this build reads version {})",
                    f::VERSION
                )))
            }
        }
        loop {
            let tag = self.r.u8()?;
            if tag == f::STOP {
                if !self.r.at_end() {
                    return Err(corrupt("trailing data after the end of the payload"));
                }
                if self.stack.len() != 1 {
                    return Err(corrupt("corrupt data: unbalanced stack at the end"));
                }
                return self.pop();
            }
            self.op(vm, tag)?;
        }
    }

    fn op(&mut self, vm: &mut Vm, tag: u8) -> Result<(), Fail> {
        let v = match tag {
            f::NONE => Value::None,
            f::TRUE => Value::Bool(true),
            f::FALSE => Value::Bool(false),
            f::ELLIPSIS => Value::Ellipsis,
            f::NOT_IMPLEMENTED => Value::NotImplemented,
            f::INT => Value::Int(self.r.ivarint()?),
            f::BIGINT => Value::bigint(BigInt::from_signed_bytes_le(self.r.bytes()?)),
            f::FLOAT => {
                let b = self.r.take(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                Value::Float(f64::from_bits(u64::from_le_bytes(a)))
            }
            f::STR => Value::str(self.r.str()?),
            f::BYTES => Value::Bytes(BytesObj::new(self.r.bytes()?.to_vec())),
            f::RANGE => {
                let (start, stop, step) = (self.r.ivarint()?, self.r.ivarint()?, self.r.ivarint()?);
                if step == 0 {
                    return Err(corrupt("range step of 0 (corrupt data)"));
                }
                Value::Range(RangeObj::new(start, stop, step))
            }
            f::TUPLE => {
                let n = self.r.uvarint()?;
                let items = self.pop_n(usize::try_from(n).unwrap_or(usize::MAX))?;
                Value::tuple(items)
            }
            f::LIST => {
                let n = self.r.uvarint()?;
                let items = self.pop_n(usize::try_from(n).unwrap_or(usize::MAX))?;
                Value::list(items)
            }
            f::DICT => {
                let n = self.r.uvarint()?;
                let n = usize::try_from(n).ok().and_then(|n| n.checked_mul(2));
                let items = self.pop_n(n.unwrap_or(usize::MAX))?;
                let d = DictObj::new();
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    vm.dict_set(&d, k, v)?;
                }
                Value::Dict(d)
            }
            f::SET | f::FROZENSET => {
                let n = self.r.uvarint()?;
                let items = self.pop_n(usize::try_from(n).unwrap_or(usize::MAX))?;
                vm.new_set(items, tag == f::FROZENSET)?
            }
            f::SLICE => {
                let step = self.pop()?;
                let stop = self.pop()?;
                let start = self.pop()?;
                Value::Slice(SliceObj::new(start, stop, step))
            }
            f::EMPTY_LIST => Value::list(Vec::new()),
            f::EMPTY_DICT => Value::Dict(DictObj::new()),
            f::EMPTY_SET => vm.new_set(Vec::new(), false)?,
            f::APPENDS => {
                let n = self.count()?;
                let (items, target) = self.pop_items(n)?;
                match target {
                    Value::List(l) => l.items.borrow_mut(vm.gil()).extend(items),
                    _ => return Err(corrupt("APPENDS to a non-list (corrupt data)")),
                }
                return Ok(());
            }
            f::SETITEMS => {
                let n = self.count()?;
                let n = n.checked_mul(2).ok_or_else(|| corrupt("corrupt count"))?;
                let (items, target) = self.pop_items(n)?;
                let Value::Dict(d) = target else {
                    return Err(corrupt("SETITEMS to a non-dict (corrupt data)"));
                };
                let d = d.clone();
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    vm.dict_set(&d, k, v)?;
                }
                return Ok(());
            }
            f::ADDITEMS => {
                let n = self.count()?;
                let (items, target) = self.pop_items(n)?;
                let s = match target {
                    Value::Set(s) if !s.frozen => s.clone(),
                    _ => return Err(corrupt("ADDITEMS to a non-set (corrupt data)")),
                };
                for v in items {
                    vm.set_add(&s, v)?;
                }
                return Ok(());
            }
            f::MEMO => {
                let v = self.top()?.clone();
                self.memo.push(v);
                return Ok(());
            }
            f::GET => {
                let i = self.r.uvarint()?;
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.memo.get(i))
                    .cloned()
                    .ok_or_else(|| corrupt(format!("memo entry {i} not found (corrupt data)")))?
            }
            f::POP => {
                let n = self.r.uvarint()?;
                self.pop_n(usize::try_from(n).unwrap_or(usize::MAX))?;
                return Ok(());
            }
            f::GLOBAL => {
                let module = self.r.str()?;
                let qualname = self.r.str()?;
                if module.is_empty() || qualname.is_empty() {
                    return Err(corrupt("empty global name (corrupt data)"));
                }
                refs::resolve(vm, module, qualname)?
            }
            f::TYPE_OF => {
                let v = self.pop()?;
                Value::Class(vm.type_of(&v))
            }
            f::GETATTR => {
                let name = self.pop_str()?;
                let obj = self.pop()?;
                let name = vm.intern(name.as_str());
                vm.getattr(&obj, &name)?
            }
            f::NEWOBJ => match self.pop()? {
                Value::Class(cls)
                    if Rc::ptr_eq(cls.builtin_base(), &vm.interp.types.object)
                        && !cls.has_flag(flags::EXCEPTION) =>
                {
                    Value::Instance(Instance::new(cls))
                }
                Value::Class(cls) => {
                    return Err(corrupt(format!(
                        "cannot make a '{}' object without calling it (corrupt data)",
                        cls.name
                    )))
                }
                _ => return Err(corrupt("NEWOBJ of a non-class (corrupt data)")),
            },
            f::BUILD => {
                let state = self.pop()?;
                let target = self.top()?.clone();
                return self.build(vm, target, state);
            }
            f::REDUCE => {
                let args = self.pop()?;
                let func = self.pop()?;
                let Value::Tuple(args) = args else {
                    return Err(corrupt("REDUCE arguments are not a tuple (corrupt data)"));
                };
                vm.call(&func, Args::new(args.items.iter().cloned()))?
            }
            f::EXTEND => {
                let items = self.pop()?;
                let target = self.top()?.clone();
                let Value::List(items) = items else {
                    return Err(corrupt("EXTEND of a non-list (corrupt data)"));
                };
                let items: Vec<Value> = items.items.borrow(vm.gil()).clone();
                match &target {
                    Value::List(l) => l.items.borrow_mut(vm.gil()).extend(items),
                    _ => {
                        let append = vm.intern("append");
                        let append = vm.getattr(&target, &append)?;
                        for v in items {
                            vm.call1(&append, v)?;
                        }
                    }
                }
                return Ok(());
            }
            f::SETITEMS_CALL => {
                let pairs = self.pop()?;
                let target = self.top()?.clone();
                let Value::List(pairs) = pairs else {
                    return Err(corrupt("SETITEMS_CALL of a non-list (corrupt data)"));
                };
                let pairs: Vec<Value> = pairs.items.borrow(vm.gil()).clone();
                for p in pairs {
                    match &p {
                        Value::Tuple(t) if t.items.len() == 2 => {
                            vm.setitem(&target, t.items[0].clone(), t.items[1].clone())?
                        }
                        _ => return Err(corrupt("dict items must be pairs (corrupt data)")),
                    }
                }
                return Ok(());
            }
            f::SETSTATE_WITH => {
                let state = self.pop()?;
                let setter = self.pop()?;
                let target = self.top()?.clone();
                vm.call2(&setter, target, state)?;
                return Ok(());
            }
            f::NEWEXC => match self.pop()? {
                Value::Class(cls) if cls.has_flag(flags::EXCEPTION) => {
                    vm.new_exception_object(&cls, Vec::new())
                }
                _ => return Err(corrupt("NEWEXC of a non-exception class (corrupt data)")),
            },
            f::EXC_ARGS => {
                let args = self.pop()?;
                if !matches!(args, Value::Tuple(_)) {
                    return Err(corrupt("exception args are not a tuple (corrupt data)"));
                }
                let target = self.top()?;
                let st = exc_state(target)?;
                st.borrow_mut(vm.gil()).args = args;
                return Ok(());
            }
            f::EXC_LINKS => {
                let suppress = match self.r.u8()? {
                    0 => false,
                    1 => true,
                    _ => return Err(corrupt("bad exception flags (corrupt data)")),
                };
                let context = self.pop()?;
                let cause = self.pop()?;
                for v in [&cause, &context] {
                    if !v.is_none() && exc_state(v).is_err() {
                        return Err(corrupt("exception cause or context is not an exception"));
                    }
                }
                let target = self.top()?;
                let st = exc_state(target)?;
                let mut s = st.borrow_mut(vm.gil());
                s.cause = cause;
                s.context = context;
                s.suppress_context = suppress;
                return Ok(());
            }
            f::CELL => Value::Cell(CellObj::new(Value::Unbound)),
            f::CELL_SET => {
                let v = self.pop()?;
                match self.top()? {
                    Value::Cell(c) => *c.value.borrow_mut(vm.gil()) = v,
                    _ => return Err(corrupt("CELL_SET on a non-cell (corrupt data)")),
                }
                return Ok(());
            }
            f::CODE => {
                let Value::Tuple(consts) = self.pop()? else {
                    return Err(corrupt("code constants are not a tuple (corrupt data)"));
                };
                let consts = consts.items.to_vec();
                let mut sources = std::mem::take(&mut self.sources);
                let code = get_code(vm, &mut self.r, consts, |file| {
                    source_for(vm, &mut sources, file)
                });
                self.sources = sources;
                Value::Code(Rc::new(code?))
            }
            f::FUNCTION => self.function(vm)?,
            f::METHOD => {
                let func = self.pop()?;
                let receiver = self.pop()?;
                Value::Method(Rc::new(BoundMethod { func, receiver }))
            }
            other => {
                return Err(corrupt(format!(
                    "invalid operation 0x{other:02x} at offset {} (corrupt data)",
                    self.r.pos() - 1
                )))
            }
        };
        self.stack.push(v);
        Ok(())
    }

    /// A count of stack items (checked against the stack by the caller).
    fn count(&mut self) -> Result<usize, Fail> {
        let n = self.r.uvarint()?;
        usize::try_from(n).map_err(|_| corrupt("corrupt count"))
    }

    /// Applies `state` to a rebuilt object: `__setstate__` if its class
    /// defines one, else an update of its `__dict__` (a `(dict, slots)`
    /// pair sets the second part with `setattr`).
    fn build(&mut self, vm: &mut Vm, target: Value, state: Value) -> Result<(), Fail> {
        if let Value::Instance(i) = &target {
            if let Some(setstate) = lookup_own(vm, &i.class, "__setstate__") {
                let f = vm.descr_get(setstate, &target, &i.class)?;
                vm.call1(&f, state)?;
                return Ok(());
            }
        } else {
            let name = vm.intern("__setstate__");
            if let Some(f) = vm.getattr_opt(&target, &name)? {
                vm.call1(&f, state)?;
                return Ok(());
            }
        }
        let (dict_state, slot_state) = match &state {
            Value::Tuple(t) if t.items.len() == 2 => (t.items[0].clone(), t.items[1].clone()),
            _ => (state, Value::None),
        };
        for (part, direct) in [(dict_state, true), (slot_state, false)] {
            match part {
                Value::None => {}
                Value::Dict(d) => {
                    let entries: Vec<(Value, Value)> = d
                        .table
                        .borrow(vm.gil())
                        .iter()
                        .map(|e| (e.key.clone(), e.value.clone()))
                        .collect();
                    for (k, v) in entries {
                        match (&target, k) {
                            (Value::Instance(i), Value::Str(k)) if direct => {
                                let k = vm.intern(k.as_str());
                                vm.dict_set_str(&i.dict, k, v);
                            }
                            (Value::Instance(i), k) if direct => vm.dict_set(&i.dict, k, v)?,
                            (_, Value::Str(k)) => {
                                let k = vm.intern(k.as_str());
                                vm.setattr(&target, &k, v)?;
                            }
                            _ => return Err(corrupt("attribute names must be strings")),
                        }
                    }
                }
                _ => return Err(corrupt("state is not a dictionary")),
            }
        }
        Ok(())
    }

    /// `FUNCTION`: a function sent by value.
    fn function(&mut self, vm: &mut Vm) -> Result<Value, Fail> {
        let parts = self.pop_n(8)?;
        let mut it = parts.into_iter();
        let mut next = || it.next().expect("eight parts");
        let (code, module, name, qualname) = (next(), next(), next(), next());
        let (defaults, kwdefaults, closure, dict) = (next(), next(), next(), next());
        let bad = || corrupt("malformed function (corrupt data)");
        let (
            Value::Code(code),
            Value::Str(module),
            Value::Str(name),
            Value::Str(qualname),
            Value::Tuple(defaults),
            Value::Tuple(closure),
        ) = (code, module, name, qualname, defaults, closure)
        else {
            return Err(bad());
        };
        let kwdefaults = match kwdefaults {
            Value::None => None,
            Value::Dict(d) => Some(d),
            _ => return Err(bad()),
        };
        let dict = match dict {
            Value::None => DictObj::new(),
            Value::Dict(d) => d,
            _ => return Err(bad()),
        };
        let closure: Vec<Rc<CellObj>> = closure
            .items
            .iter()
            .map(|c| match c {
                Value::Cell(c) => Some(c.clone()),
                _ => None,
            })
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        if closure.len() != code.nfree as usize {
            return Err(bad());
        }
        let globals = refs::module_namespace(vm, module.as_str())?.dict.clone();
        Ok(Value::Function(Rc::new(Function {
            code,
            globals,
            name: GilCell::new(vm.intern(name.as_str())),
            qualname: GilCell::new(qualname),
            defaults: defaults.items.to_vec().into_boxed_slice(),
            kwdefaults,
            closure: closure.into_boxed_slice(),
            dict,
        })))
    }
}

fn exc_state(v: &Value) -> Result<&GilCell<ExcState>, Fail> {
    match v {
        Value::Instance(i) => i
            .payload::<GilCell<ExcState>>()
            .ok_or_else(|| corrupt("expected an exception (corrupt data)")),
        _ => Err(corrupt("expected an exception (corrupt data)")),
    }
}

/// How many module-level names the source search looks at, at most.
const SOURCE_SCAN_LIMIT: usize = 10_000;

/// The text of `file`, if some function already loaded in this process
/// came from it (so tracebacks through functions sent by value show their
/// lines, as they would in the sender).
fn source_for(vm: &Vm, cache: &mut Vec<(Rc<str>, Option<Rc<str>>)>, file: &str) -> Option<Rc<str>> {
    if let Some((_, s)) = cache.iter().find(|(f, _)| &**f == file) {
        return s.clone();
    }
    let g = vm.gil();
    let modules: Vec<Value> = vm
        .interp
        .modules
        .table
        .borrow(g)
        .iter()
        .map(|e| e.value.clone())
        .collect();
    let mut seen = 0;
    let mut found = None;
    'scan: for m in &modules {
        let Value::Module(m) = m else { continue };
        let values: Vec<Value> = m
            .dict
            .table
            .borrow(g)
            .iter()
            .map(|e| e.value.clone())
            .collect();
        for v in values {
            seen += 1;
            if seen > SOURCE_SCAN_LIMIT {
                break 'scan;
            }
            if let Value::Function(func) = &v {
                if &*func.code.filename == file && func.code.source.is_some() {
                    found = func.code.source.clone();
                    break 'scan;
                }
            }
        }
    }
    cache.push((Rc::from(file), found.clone()));
    found
}
