//! Calling: binding arguments to parameters and pushing frames.
//!
//! Every call, from bytecode or from Rust, starts with the callee and its
//! arguments on the value stack (`callee a1 .. an`). For a mini function the
//! arguments become the first slots of the new frame in place, so the common
//! call copies nothing. Everything else (built-in functions, bound methods,
//! classes, callable instances) is resolved here.

use super::eval::RunExit;
use super::frame::{Frame, FrameKind, GenCaller};
use super::{PyResult, Vm};
use crate::compiler::bytecode::flags as co;
use crate::objects::exception::{type_error, PyErr};
use crate::objects::{
    Args, DictObj, ExcKind, Function, GenStatus, Generator, StrObj, TupleObj, Value,
};
use std::rc::Rc;

impl Vm {
    /// Calls the callable at `stack[callee]` with the values above it as
    /// arguments; `kwnames` names the last ones. Returns true when a frame was
    /// pushed (the caller must run it), false when the result is already on
    /// the stack in place of the callee.
    pub(crate) fn call_at(
        &mut self,
        callee: usize,
        kwnames: Option<Rc<TupleObj>>,
    ) -> PyResult<bool> {
        if kwnames.is_none() {
            if let Value::Builtin(b) = &self.stack[callee] {
                if b.receiver.is_none() {
                    if let Some(r) = self.call_intrinsic(callee) {
                        let v = r?;
                        self.stack.truncate(callee + 1);
                        self.stack[callee] = v;
                        return Ok(false);
                    }
                }
            }
        }
        loop {
            match &self.stack[callee] {
                Value::Function(f) => {
                    let f = f.clone();
                    return self.push_function_frame(f, callee, kwnames, FrameKind::Call);
                }
                Value::Builtin(b) => {
                    let b = b.clone();
                    let mut args = self.take_args(callee, kwnames);
                    if let Some(r) = &b.receiver {
                        args.pos.insert(0, r.clone());
                    }
                    self.stack.truncate(callee);
                    let r = self.call_native(&b, args)?;
                    self.stack.push(r);
                    return Ok(false);
                }
                Value::Method(m) => {
                    let (func, recv) = (m.func.clone(), m.receiver.clone());
                    self.stack[callee] = func;
                    self.stack.insert(callee + 1, recv);
                }
                Value::Class(c) => {
                    let c = c.clone();
                    return self.instantiate(c, callee, kwnames);
                }
                Value::StaticMethod(s) => {
                    self.stack[callee] = s.func.clone();
                }
                v @ (Value::Instance(_) | Value::Super(_)) => {
                    let v = v.clone();
                    // The bound `__call__` takes the callee's place.
                    let call = self
                        .lookup_special(&v, &self.interp.names.__call__.clone())
                        .ok_or_else(|| {
                            type_error(format!("'{}' object is not callable", self.type_name(&v)))
                        })?;
                    self.stack[callee] = call;
                }
                v => {
                    return Err(type_error(format!(
                        "'{}' object is not callable",
                        self.type_name(v)
                    )))
                }
            }
        }
    }

    /// Calls a native function. A method of a built-in value type called
    /// on an instance of a subclass (`class L(list)`) gets the wrapped
    /// value as its receiver; what it returns is the instance again when
    /// it returned the receiver (`__iadd__`).
    #[inline]
    pub(crate) fn call_native(
        &mut self,
        b: &crate::objects::BuiltinFn,
        mut args: Args,
    ) -> PyResult<Value> {
        if let (Some(owner), Some(Value::Instance(inst))) = (b.owner, args.pos.first()) {
            if owner != "object" {
                if let Some(base) = inst
                    .base()
                    .filter(|_| inst.class.builtin_base().name == owner)
                {
                    let base = base.clone();
                    let inst = std::mem::replace(&mut args.pos[0], base.clone());
                    return self.call_native_on_base(b, args, inst, base);
                }
            }
        }
        (b.func)(self, args)
    }

    #[cold]
    fn call_native_on_base(
        &mut self,
        b: &crate::objects::BuiltinFn,
        args: Args,
        inst: Value,
        base: Value,
    ) -> PyResult<Value> {
        let key = match (b.owner, b.name) {
            (Some("dict"), "__getitem__") => args.pos.get(1).cloned(),
            _ => None,
        };
        match (b.func)(self, args) {
            // A mutable container's method returning it (`__iadd__`):
            // the instance. (`str.__str__` returns an exact str instead.)
            Ok(r)
                if r.is(&base)
                    && matches!(base, Value::List(_) | Value::Dict(_) | Value::Set(_)) =>
            {
                Ok(inst)
            }
            Ok(r) => Ok(r),
            // `dict.__getitem__` of a subclass defining `__missing__`.
            Err(e) if key.is_some() && self.err_is(&e, ExcKind::KeyError) => {
                let missing = self.intern("__missing__");
                match self.lookup_special(&inst, &missing) {
                    Some(f) => self.call1(&f, key.unwrap_or(Value::None)),
                    None => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// The common call, inlined into the dispatch loop: a plain mini
    /// function called with exactly its positional arguments. Pushes the
    /// frame and returns true, or returns false for the general path.
    #[inline(always)]
    pub(crate) fn try_fast_call(&mut self, callee: usize, argc: usize, caller_ip: usize) -> bool {
        let Value::Function(f) = &self.stack[callee] else {
            return false;
        };
        if !f.code.fast_call
            || f.code.argcount as usize != argc
            || self.frames.len() >= self.interp.recursion_limit.get()
        {
            return false;
        }
        let nslots = f.code.nslots();
        // The callee slot's reference moves into the frame.
        let Value::Function(f) = std::mem::replace(&mut self.stack[callee], Value::None) else {
            return false;
        };
        if let Some(caller) = self.frames.last_mut() {
            caller.ip = caller_ip;
        }
        for _ in argc..nslots {
            self.stack.push(Value::Unbound);
        }
        self.frames.push(Frame {
            func: f,
            ip: 0,
            base: callee + 1,
            kind: FrameKind::Call,
            boundary: false,
            namespace: None,
        });
        true
    }

    /// A few built-in functions and methods that programs call in their
    /// inner loops, run on the arguments where they lie on the stack
    /// (`stack[callee]` is the builtin, positional arguments above it) for
    /// the argument types they are usually given. `None`: the call is not
    /// one of those, and must go the general way (which raises the same
    /// errors the builtin always raised).
    fn call_intrinsic(&mut self, callee: usize) -> Option<PyResult<Value>> {
        let Value::Builtin(b) = &self.stack[callee] else {
            return None;
        };
        let which = intrinsics(self)
            .iter()
            .find(|(f, _)| *f == b.func as usize)?
            .1;
        let args = &self.stack[callee + 1..];
        let g = self.gil.token();
        match (which, args) {
            (Intrinsic::IsInstance, [v, Value::Class(c)]) => {
                Some(Ok(Value::Bool(self.isinstance(v, c))))
            }
            (Intrinsic::Len, [v]) => {
                let n = match v {
                    Value::List(l) => l.items.borrow(g).len(),
                    Value::Str(s) => s.char_len(),
                    Value::Tuple(t) => t.items.len(),
                    Value::Dict(d) => d.table.borrow(g).len(),
                    _ => return None,
                };
                Some(Ok(Value::from(n)))
            }
            (Intrinsic::ListAppend, [Value::List(l), v]) => {
                let v = v.clone();
                l.items.borrow_mut(g).push(v);
                Some(Ok(Value::None))
            }
            (Intrinsic::DictGet, [Value::Dict(d), key, rest @ ..]) if rest.len() <= 1 => {
                let (d, key) = (d.clone(), key.clone());
                let default = rest.first().cloned().unwrap_or(Value::None);
                Some(self.dict_get(&d, &key).map(|v| v.unwrap_or(default)))
            }
            _ => None,
        }
    }

    /// Moves the arguments above `callee` into an `Args`.
    pub(crate) fn take_args(&mut self, callee: usize, kwnames: Option<Rc<TupleObj>>) -> Args {
        let mut pos: smallvec::SmallVec<[Value; 6]> = self.stack.drain(callee + 1..).collect();
        let mut kw = Vec::new();
        if let Some(names) = kwnames {
            let nkw = names.items.len();
            let vals = pos.drain(pos.len() - nkw..);
            for (n, v) in names.items.iter().zip(vals) {
                if let Value::Str(n) = n {
                    kw.push((n.clone(), v));
                }
            }
        }
        Args { pos, kw }
    }

    /// Sets up a frame for `f`, whose arguments are above `callee`.
    /// Generator functions return their generator instead (no frame).
    pub(crate) fn push_function_frame(
        &mut self,
        f: Rc<Function>,
        callee: usize,
        kwnames: Option<Rc<TupleObj>>,
        kind: FrameKind,
    ) -> PyResult<bool> {
        let code = &f.code;
        let base = callee + 1;
        let nargs = self.stack.len() - base;
        let simple = code.flags & (co::VARARGS | co::VARKEYWORDS) == 0 && code.kwonlyargcount == 0;
        let argcount = code.argcount as usize;
        if kwnames.is_none() && simple && nargs <= argcount {
            // The common case: positional arguments, maybe some defaults.
            if nargs < argcount {
                let missing = argcount - nargs;
                if missing > f.defaults.len() {
                    return Err(self.missing_args_error(&f, nargs, &[]));
                }
                let first = f.defaults.len() - missing;
                self.stack.extend(f.defaults[first..].iter().cloned());
            }
        } else {
            self.bind_args(&f, base, kwnames)?;
        }
        self.stack.resize(base + code.nslots(), Value::Unbound);
        if self.frames.len() >= self.interp.recursion_limit.get() {
            self.stack.truncate(callee);
            return Err(PyErr::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        if code.has_flag(co::GENERATOR) {
            let values = self.stack.split_off(base);
            self.stack.truncate(callee);
            let gen = self.new_generator(f, values);
            self.stack.push(gen);
            return Ok(false);
        }
        self.frames.push(Frame {
            func: f,
            ip: 0,
            base,
            kind,
            boundary: false,
            namespace: None,
        });
        Ok(true)
    }

    fn new_generator(&self, f: Rc<Function>, values: Vec<Value>) -> Value {
        let code = f.code.clone();
        Value::Generator(Rc::new(Generator {
            name: f.name.get(self.gil.token()),
            qualname: f.qualname.get(self.gil.token()),
            code,
            state: crate::gil::GilCell::new(crate::objects::generator::GenState {
                status: GenStatus::Created,
                frame: Some(super::frame::SavedFrame {
                    func: f,
                    ip: 0,
                    values,
                    handled: Value::None,
                }),
            }),
        }))
    }

    /// Python's argument binding, for calls that are not simply positional:
    /// rewrites `stack[base..]` into the frame's parameter slots.
    fn bind_args(
        &mut self,
        f: &Rc<Function>,
        base: usize,
        kwnames: Option<Rc<TupleObj>>,
    ) -> PyResult<()> {
        let code = f.code.clone();
        let args = self.take_args(base - 1, kwnames);
        let argcount = code.argcount as usize;
        let kwonly = code.kwonlyargcount as usize;
        let nparams = argcount + kwonly;
        let mut slots: Vec<Value> = vec![Value::Unbound; nparams];
        let mut extra = nparams;
        let npos = args.pos.len();
        let mut pos = args.pos.into_iter();
        for slot in slots.iter_mut().take(argcount.min(npos)) {
            *slot = pos.next().unwrap_or(Value::Unbound);
        }
        let varargs = if code.has_flag(co::VARARGS) {
            extra += 1;
            Some(Value::tuple(pos.collect()))
        } else {
            if npos > argcount {
                let given_kw = args
                    .kw
                    .iter()
                    .filter(|(k, _)| {
                        code.slot_names[argcount..nparams]
                            .iter()
                            .any(|n| n.as_str() == k.as_str())
                    })
                    .count();
                return Err(self.too_many_positional(f, npos, given_kw));
            }
            None
        };
        let varkw = if code.has_flag(co::VARKEYWORDS) {
            Some(DictObj::new())
        } else {
            None
        };
        let posonly = code.posonlyargcount as usize;
        let mut posonly_as_kw = Vec::new();
        for (name, value) in args.kw {
            let idx = code.slot_names[..nparams]
                .iter()
                .position(|n| n.as_str() == name.as_str());
            match idx {
                Some(i) if i >= posonly => {
                    if !slots[i].is_unbound() {
                        return Err(type_error(format!(
                            "{}() got multiple values for argument '{}'",
                            self.func_qualname(f),
                            name.as_str()
                        )));
                    }
                    slots[i] = value;
                }
                _ => match &varkw {
                    Some(d) => self.dict_set(d, Value::Str(name), value)?,
                    None if idx.is_some() => posonly_as_kw.push(name),
                    None => {
                        return Err(type_error(format!(
                            "{}() got an unexpected keyword argument '{}'",
                            self.func_qualname(f),
                            name.as_str()
                        )))
                    }
                },
            }
        }
        if !posonly_as_kw.is_empty() {
            let names: Vec<&str> = posonly_as_kw.iter().map(|n| n.as_str()).collect();
            return Err(type_error(format!(
                "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                self.func_qualname(f),
                names.join(", ")
            )));
        }
        // Defaults for missing positional parameters.
        let ndef = f.defaults.len();
        for (i, slot) in slots.iter_mut().enumerate().take(argcount) {
            if slot.is_unbound() && i + ndef >= argcount {
                *slot = f.defaults[i + ndef - argcount].clone();
            }
        }
        if slots[..argcount].iter().any(|s| s.is_unbound()) {
            let missing: Vec<&str> = (0..argcount)
                .filter(|&i| slots[i].is_unbound())
                .map(|i| code.slot_names[i].as_str())
                .collect();
            return Err(self.missing_args_error(f, 0, &missing));
        }
        // Keyword-only defaults.
        if let Some(kd) = &f.kwdefaults {
            for (slot, name) in slots[argcount..nparams]
                .iter_mut()
                .zip(&code.slot_names[argcount..])
            {
                if slot.is_unbound() {
                    if let Some(v) = self.dict_get_str(kd, name)? {
                        *slot = v;
                    }
                }
            }
        }
        let missing: Vec<&str> = (argcount..nparams)
            .filter(|&i| slots[i].is_unbound())
            .map(|i| code.slot_names[i].as_str())
            .collect();
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{}() missing {} required keyword-only argument{}: {}",
                self.func_qualname(f),
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
        let _ = extra;
        self.stack.extend(slots);
        if let Some(v) = varargs {
            self.stack.push(v);
        }
        if let Some(d) = varkw {
            self.stack.push(Value::Dict(d));
        }
        Ok(())
    }

    fn func_qualname(&self, f: &Function) -> String {
        f.qualname.borrow(self.gil.token()).as_str().to_string()
    }

    fn missing_args_error(&self, f: &Rc<Function>, nargs: usize, missing: &[&str]) -> PyErr {
        let code = &f.code;
        let names: Vec<&str> = if missing.is_empty() {
            let argcount = code.argcount as usize;
            let ndef = f.defaults.len();
            (nargs..argcount - ndef.min(argcount - nargs))
                .map(|i| code.slot_names[i].as_str())
                .collect()
        } else {
            missing.to_vec()
        };
        type_error(format!(
            "{}() missing {} required positional argument{}: {}",
            self.func_qualname(f),
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            name_list(&names)
        ))
    }

    fn too_many_positional(&self, f: &Rc<Function>, given: usize, given_kwonly: usize) -> PyErr {
        let code = &f.code;
        let argcount = code.argcount as usize;
        let ndef = f.defaults.len();
        let takes = if ndef > 0 {
            format!("from {} to {}", argcount - ndef, argcount)
        } else {
            argcount.to_string()
        };
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let kw = if given_kwonly > 0 {
            format!(
                " positional argument{} (and {} keyword-only argument{})",
                plural(given),
                given_kwonly,
                plural(given_kwonly)
            )
        } else {
            String::new()
        };
        let was = if given == 1 && given_kwonly == 0 {
            "was"
        } else {
            "were"
        };
        type_error(format!(
            "{}() takes {} positional argument{} but {}{} {} given",
            self.func_qualname(f),
            takes,
            plural(argcount),
            given,
            kw,
            was
        ))
    }

    /// Spreads `f(*args, **kwargs)` onto the stack above the callee and
    /// returns the keyword names.
    pub(crate) fn spread_call_args(
        &mut self,
        args: Value,
        kwargs: Option<Value>,
    ) -> PyResult<Option<Rc<TupleObj>>> {
        let items = match &args {
            Value::Tuple(t) => t.items.to_vec(),
            other => match self.collect(other) {
                Ok(items) => items,
                Err(e) => {
                    let func = self.stack.last().cloned().unwrap_or(Value::None);
                    return Err(self.star_arg_error(e, other, Some(&func)));
                }
            },
        };
        self.stack.extend(items);
        let Some(kwargs) = kwargs else {
            return Ok(None);
        };
        let mut names = Vec::new();
        if let Value::Dict(d) = &kwargs {
            let entries: Vec<(Value, Value)> = d
                .table
                .borrow(self.gil.token())
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect();
            for (k, v) in entries {
                if !matches!(k, Value::Str(_)) {
                    return Err(type_error("keywords must be strings"));
                }
                names.push(k);
                self.stack.push(v);
            }
        }
        if names.is_empty() {
            return Ok(None);
        }
        Ok(Some(TupleObj::new(names)))
    }

    /// Finishes the top frame with result `v`. Returns `Some` when the
    /// dispatch loop must hand the result back to Rust.
    pub(crate) fn return_from_frame(&mut self, v: Value) -> PyResult<Option<RunExit>> {
        let frame = self.frames.pop().expect("return without a frame");
        let result = match frame.kind {
            FrameKind::Call => {
                self.stack.truncate(frame.base - 1);
                v
            }
            FrameKind::Init => {
                self.stack.truncate(frame.base);
                if !v.is_none() {
                    return Err(type_error(format!(
                        "__init__() should return None, not '{}'",
                        self.type_name(&v)
                    )));
                }
                self.stack.pop().unwrap_or(Value::None)
            }
            FrameKind::Gen {
                gen,
                then,
                caller_handled,
            } => {
                self.stack.truncate(frame.base);
                self.finish_generator(&gen);
                self.handled = caller_handled;
                match then {
                    GenCaller::ForIter(target) => {
                        self.stack.pop();
                        self.jump_caller(target);
                        return Ok(None);
                    }
                    GenCaller::Send(target) => {
                        if let Some(top) = self.stack.last_mut() {
                            *top = v;
                        }
                        self.jump_caller(target);
                        return Ok(None);
                    }
                    GenCaller::Native => return Ok(Some(RunExit::Return(v))),
                }
            }
        };
        if frame.boundary {
            return Ok(Some(RunExit::Return(result)));
        }
        self.stack.push(result);
        Ok(None)
    }

    fn jump_caller(&mut self, target: u32) {
        if let Some(f) = self.frames.last_mut() {
            f.ip = target as usize;
        }
    }

    /// Calls `f(*args, **kw)` from Rust and returns its result.
    pub fn call(&mut self, f: &Value, args: Args) -> PyResult<Value> {
        let callee = self.stack.len();
        self.stack.push(f.clone());
        self.stack.extend(args.pos);
        let kwnames = if args.kw.is_empty() {
            None
        } else {
            let names = args.kw.iter().map(|(k, _)| Value::Str(k.clone())).collect();
            self.stack.extend(args.kw.into_iter().map(|(_, v)| v));
            Some(TupleObj::new(names))
        };
        self.call_pushed(callee, kwnames)
    }

    /// Runs the call whose callee and arguments are already on the stack.
    pub(crate) fn call_pushed(
        &mut self,
        callee: usize,
        kwnames: Option<Rc<TupleObj>>,
    ) -> PyResult<Value> {
        match self.call_at(callee, kwnames) {
            Ok(false) => Ok(self.stack.pop().unwrap_or(Value::None)),
            Ok(true) => {
                if let Some(f) = self.frames.last_mut() {
                    f.boundary = true;
                }
                if let Err(e) = self.enter_native() {
                    self.frames.pop();
                    self.stack.truncate(callee);
                    return Err(e);
                }
                let r = self.run();
                self.leave_native();
                match r? {
                    RunExit::Return(v) | RunExit::Yield(v) => Ok(v),
                }
            }
            Err(e) => {
                self.stack.truncate(callee);
                Err(e)
            }
        }
    }

    pub fn call0(&mut self, f: &Value) -> PyResult<Value> {
        self.call(f, Args::default())
    }

    pub fn call1(&mut self, f: &Value, a: Value) -> PyResult<Value> {
        self.call(f, Args::new([a]))
    }

    pub fn call2(&mut self, f: &Value, a: Value, b: Value) -> PyResult<Value> {
        self.call(f, Args::new([a, b]))
    }

    /// Calls `obj.name(*args)`, looking the method up on the type.
    pub fn call_method(
        &mut self,
        obj: &Value,
        name: &Rc<StrObj>,
        args: Vec<Value>,
    ) -> PyResult<Value> {
        let (m, recv) = self.load_method(obj.clone(), name)?;
        let mut all = Vec::with_capacity(args.len() + 1);
        let f = if m.is_unbound() {
            recv
        } else {
            all.push(recv);
            m
        };
        all.extend(args);
        self.call(&f, Args::new(all))
    }
}

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`, as CPython's messages list names.
pub fn name_list(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        n => format!("{}, and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// The builtins `call_intrinsic` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Intrinsic {
    IsInstance,
    Len,
    ListAppend,
    DictGet,
}

/// The native functions of the intrinsics, by address. Natives are plain
/// functions of the binary, the same for every interpreter and thread, so
/// the table is found once (from the builtins and the type dicts).
fn intrinsics(vm: &Vm) -> &'static [(usize, Intrinsic)] {
    static TABLE: std::sync::OnceLock<Vec<(usize, Intrinsic)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::new();
        for (name, f) in crate::modules::builtins::functions::BUILTINS {
            let which = match *name {
                "isinstance" => Intrinsic::IsInstance,
                "len" => Intrinsic::Len,
                _ => continue,
            };
            table.push((*f as usize, which));
        }
        let g = vm.gil.token();
        let types = &vm.interp.types;
        for (cls, name, which) in [
            (&types.list, "append", Intrinsic::ListAppend),
            (&types.dict, "get", Intrinsic::DictGet),
        ] {
            if let Some(Value::Builtin(b)) = cls.lookup(g, &StrObj::from_string(name.into())) {
                table.push((b.func as usize, which));
            }
        }
        table
    })
}
