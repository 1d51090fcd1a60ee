//! The less frequent instructions, out of line.
//!
//! The dispatch loop (`eval.rs`) handles the instructions that run most
//! often itself; every other instruction comes here. Keeping these bodies out
//! of the loop keeps the loop small enough for the compiler to hold its
//! state (instruction pointer, frame base) in registers.

use super::eval::UnaryOp;
use super::frame::GenCaller;
use super::{PyResult, Vm};
use crate::compiler::bytecode::Instr;
use crate::objects::exception::{type_error, PyErr};
use crate::objects::{int, Code, ExcKind, Function, Value};
use std::rc::Rc;
use std::sync::atomic::Ordering;

/// What the dispatch loop does after an out-of-line instruction.
pub(crate) enum Flow {
    /// Go on at this instruction index.
    Next(usize),
    /// A frame was pushed or popped: reload the current frame.
    Frame,
    Err(PyErr),
}

impl Vm {
    /// Executes one of the less frequent instructions.
    #[inline(never)]
    pub(crate) fn exec_cold(
        &mut self,
        instr: Instr,
        mut ip: usize,
        code: &Code,
        func: &Rc<Function>,
        base: usize,
    ) -> Flow {
        macro_rules! pop {
            () => {
                self.stack.pop().expect("operand stack underflow")
            };
        }
        macro_rules! top {
            () => {
                self.stack.last().expect("operand stack underflow")
            };
        }
        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(e) => return Flow::Err(e),
                }
            };
        }
        macro_rules! sync_ip {
            () => {
                if let Some(f) = self.frames.last_mut() {
                    f.ip = ip;
                }
            };
        }
        macro_rules! switch_point {
            () => {
                if self.interp.gil.breaker().load(Ordering::Relaxed) != 0 {
                    sync_ip!();
                    tri!(self.handle_eval_breaker());
                }
            };
        }
        let _ = (base, &func);
        match instr {
            Instr::Nop => {}

            // ---- stack shuffling
            Instr::Rot4 => {
                let v = pop!();
                let n = self.stack.len();
                self.stack.insert(n - 3, v);
            }
            Instr::Copy(n) => {
                let v = self.stack[self.stack.len() - n as usize].clone();
                self.stack.push(v);
            }

            // ---- names
            Instr::DeleteFast(i) => {
                let slot = &mut self.stack[base + i as usize];
                if slot.is_unbound() {
                    return Flow::Err(self.unbound_local(code, i as usize));
                }
                *slot = Value::Unbound;
            }
            Instr::DeleteDeref(i) => {
                let old = match &self.stack[base + i as usize] {
                    Value::Cell(c) => c.value.replace(self.gil.token(), Value::Unbound),
                    _ => Value::Unbound,
                };
                if old.is_unbound() {
                    return Flow::Err(self.unbound_deref(code, i as usize));
                }
            }
            Instr::LoadClosure(i) => {
                let v = self.stack[base + i as usize].clone();
                self.stack.push(v);
            }
            Instr::LoadClassDeref(i) => {
                let name = code.slot_names[i as usize].clone();
                let ns = self.frames.last().and_then(|f| f.namespace.clone());
                let found = match ns {
                    Some(ns) => tri!(self.dict_get_str(&ns, &name)),
                    None => None,
                };
                let v = match found {
                    Some(v) => v,
                    None => match &self.stack[base + i as usize] {
                        Value::Cell(c) => c.value.borrow(self.gil.token()).clone(),
                        _ => Value::Unbound,
                    },
                };
                if v.is_unbound() {
                    return Flow::Err(self.unbound_deref(code, i as usize));
                }
                self.stack.push(v);
            }
            Instr::MakeCell(i) => {
                let slot = &mut self.stack[base + i as usize];
                let v = std::mem::replace(slot, Value::Unbound);
                *slot = Value::Cell(crate::objects::CellObj::new(v));
            }
            Instr::CopyFreeVars(n) => {
                let start = base + code.nslots() - n as usize;
                for (k, cell) in func.closure.iter().enumerate() {
                    self.stack[start + k] = Value::Cell(cell.clone());
                }
            }
            Instr::DeleteGlobal(i) => {
                tri!(self.delete_global(code, func, i as usize));
            }
            Instr::LoadName(i) => {
                let v = tri!(self.load_name(code, func, i as usize));
                self.stack.push(v);
            }
            Instr::StoreName(i) => {
                let v = pop!();
                tri!(self.store_name(code, func, i as usize, v));
            }
            Instr::DeleteName(i) => {
                tri!(self.delete_name(code, func, i as usize));
            }

            // ---- attributes and items
            Instr::DeleteAttr(i) => {
                let obj = pop!();
                tri!(self.delattr(&obj, &code.names[i as usize]));
            }
            Instr::DeleteSubscr => {
                let key = pop!();
                let obj = pop!();
                tri!(self.delitem(&obj, key));
            }
            Instr::BuildSlice(n) => {
                let step = if n == 3 { pop!() } else { Value::None };
                let stop = pop!();
                let start = pop!();
                self.stack.push(Value::Slice(crate::objects::SliceObj::new(
                    start, stop, step,
                )));
            }

            Instr::Neg => {
                let a = pop!();
                let r = match a {
                    Value::Int(i) => int::neg(i),
                    Value::Float(f) => Value::Float(-f),
                    a => tri!(self.unary_op(a, UnaryOp::Neg)),
                };
                self.stack.push(r);
            }
            Instr::Pos => {
                let a = pop!();
                let r = tri!(self.unary_op(a, UnaryOp::Pos));
                self.stack.push(r);
            }
            Instr::Invert => {
                let a = pop!();
                let r = tri!(self.unary_op(a, UnaryOp::Invert));
                self.stack.push(r);
            }
            Instr::BuildList(n) => {
                let items = self.stack.split_off(self.stack.len() - n as usize);
                self.stack.push(Value::list(items));
            }
            Instr::BuildSet(n) => {
                let items = self.stack.split_off(self.stack.len() - n as usize);
                let set = tri!(self.new_set(items, false));
                self.stack.push(set);
            }
            Instr::BuildMap(n) => {
                let items = self.stack.split_off(self.stack.len() - 2 * n as usize);
                let d = tri!(self.build_map(items));
                self.stack.push(d);
            }
            Instr::BuildString(n) => {
                let first = self.stack.len() - n as usize;
                let parts = &self.stack[first..];
                let len = parts.iter().map(|p| p.as_str().map_or(0, str::len)).sum();
                let mut s = String::with_capacity(len);
                for p in parts {
                    if let Value::Str(p) = p {
                        s.push_str(p.as_str());
                    }
                }
                self.stack.truncate(first);
                self.stack.push(Value::str(s));
            }
            Instr::ListAppend(n) => {
                let v = pop!();
                if let Value::List(l) = &self.stack[self.stack.len() - n as usize] {
                    l.items.borrow_mut(self.gil.token()).push(v);
                }
            }
            Instr::SetAdd(n) => {
                let v = pop!();
                let set = self.stack[self.stack.len() - n as usize].clone();
                if let Value::Set(s) = &set {
                    tri!(self.set_add(s, v));
                }
            }
            Instr::MapAdd(n) => {
                let v = pop!();
                let k = pop!();
                let d = self.stack[self.stack.len() - n as usize].clone();
                if let Value::Dict(d) = &d {
                    tri!(self.dict_set(d, k, v));
                }
            }
            Instr::ListExtend(n) => {
                let it = pop!();
                let items = tri!(self
                    .collect(&it)
                    .map_err(|e| self.star_arg_error(e, &it, None)));
                if let Value::List(l) = &self.stack[self.stack.len() - n as usize] {
                    l.items.borrow_mut(self.gil.token()).extend(items);
                }
            }
            Instr::SetUpdate(n) => {
                let it = pop!();
                let items = tri!(self.collect(&it));
                let set = self.stack[self.stack.len() - n as usize].clone();
                if let Value::Set(s) = &set {
                    tri!(self.set_add_all(s, items));
                }
            }
            Instr::DictUpdate(n) | Instr::DictMerge(n) => {
                let m = pop!();
                let d = self.stack[self.stack.len() - n as usize].clone();
                if let Value::Dict(d) = &d {
                    let merge = matches!(instr, Instr::DictMerge(_));
                    let callee = if merge {
                        // For the error message: the function being called.
                        self.stack.get(self.stack.len() - n as usize - 2).cloned()
                    } else {
                        None
                    };
                    tri!(self.dict_update_from(d, &m, merge, callee.as_ref()));
                }
            }
            Instr::ListToTuple => {
                let l = pop!();
                let items = match &l {
                    Value::List(l) => l.items.borrow(self.gil.token()).clone(),
                    _ => Vec::new(),
                };
                self.stack.push(Value::tuple(items));
            }
            Instr::FormatValue(flags) => {
                let spec = if flags & 4 != 0 { Some(pop!()) } else { None };
                let v = pop!();
                let s = tri!(self.format_value(v, flags & 3, spec));
                self.stack.push(s);
            }
            Instr::UnpackEx(n) => {
                let seq = pop!();
                tri!(self.unpack_ex(seq, (n & 0xff) as usize, (n >> 8) as usize));
            }

            // ---- calls
            Instr::CallKw(argc) => {
                sync_ip!();
                let names = match pop!() {
                    Value::Tuple(t) => t,
                    _ => return Flow::Err(type_error("bad keyword names")),
                };
                let callee = self.stack.len() - argc as usize - 1;
                if tri!(self.call_at(callee, Some(names))) {
                    return Flow::Frame;
                }
                switch_point!();
            }
            Instr::CallEx(has_kw) => {
                sync_ip!();
                let kwargs = if has_kw != 0 { Some(pop!()) } else { None };
                let args = pop!();
                let callee = self.stack.len() - 1;
                let names = tri!(self.spread_call_args(args, kwargs));
                if tri!(self.call_at(callee, names)) {
                    return Flow::Frame;
                }
                switch_point!();
            }
            Instr::MakeFunction(flags) => {
                let f = tri!(self.make_function(func, flags));
                self.stack.push(f);
            }
            Instr::GetYieldFromIter => {
                let v = pop!();
                let it = match v {
                    Value::Generator(_) => v,
                    v => tri!(self.get_iter(v)),
                };
                self.stack.push(it);
            }
            Instr::Send(t) => {
                let sent = pop!();
                let it = top!().clone();
                if let Value::Generator(g) = &it {
                    sync_ip!();
                    tri!(self.resume_generator(g, sent, GenCaller::Send(t), false));
                    return Flow::Frame;
                }
                match tri!(self.send_to_iter(&it, sent)) {
                    Ok(v) => self.stack.push(v),
                    Err(result) => {
                        pop!();
                        self.stack.push(result);
                        ip = t as usize;
                    }
                }
            }

            // ---- exceptions
            Instr::Raise(n) => {
                let cause = if n == 2 { Some(pop!()) } else { None };
                let exc = if n >= 1 { Some(pop!()) } else { None };
                sync_ip!();
                return Flow::Err(self.make_raise(exc, cause));
            }
            Instr::Reraise => {
                let exc = pop!();
                self.reraise_pending = true;
                return Flow::Err(PyErr::from_value(exc));
            }
            Instr::PushExcInfo => {
                let exc = pop!();
                let prev = std::mem::replace(&mut self.handled, exc.clone());
                self.stack.push(prev);
                self.stack.push(exc);
            }
            Instr::PopExcept => {
                self.handled = pop!();
            }
            Instr::CheckExcMatch => {
                let typ = pop!();
                let exc = top!().clone();
                let m = tri!(self.exception_matches(&exc, &typ));
                self.stack.push(Value::Bool(m));
            }
            Instr::LoadAssertionError => {
                let cls = self.interp.types.exc(ExcKind::AssertionError).clone();
                self.stack.push(Value::Class(cls));
            }
            Instr::BeforeWith => {
                sync_ip!();
                let mgr = pop!();
                let (exit, entered) = tri!(self.before_with(mgr));
                self.stack.push(exit);
                self.stack.push(entered);
            }
            Instr::WithExceptStart => {
                sync_ip!();
                let n = self.stack.len();
                let exc = self.stack[n - 1].clone();
                let exit = self.stack[n - 3].clone();
                let r = tri!(self.call_exit(&exit, Some(exc)));
                self.stack.push(r);
            }

            // ---- modules, classes, REPL
            Instr::ImportName(i) => {
                sync_ip!();
                let m = tri!(self.import_module(&code.names[i as usize]));
                self.stack.push(m);
            }
            Instr::ImportFrom(i) => {
                let m = top!().clone();
                let v = tri!(self.import_from(&m, &code.names[i as usize]));
                self.stack.push(v);
            }
            Instr::ImportStar => {
                let m = pop!();
                sync_ip!();
                tri!(self.import_star(&m));
            }
            Instr::LoadBuildClass => {
                let f = tri!(self.builtin_by_name("__build_class__"));
                self.stack.push(f);
            }
            Instr::PrintExpr => {
                let v = pop!();
                sync_ip!();
                tri!(self.print_expr(v));
            }
            Instr::PopAnnotation => {
                pop!();
            }
            // The hot instructions never come here.
            _ => {}
        }
        Flow::Next(ip)
    }

    /// `{k1: v1, ...}` from alternating keys and values.
    fn build_map(&mut self, items: Vec<Value>) -> PyResult<Value> {
        let d = crate::objects::DictObj::new();
        let mut it = items.into_iter();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            self.dict_set(&d, k, v)?;
        }
        Ok(Value::Dict(d))
    }

    fn set_add_all(&mut self, s: &crate::objects::SetObj, items: Vec<Value>) -> PyResult<()> {
        for v in items {
            self.set_add(s, v)?;
        }
        Ok(())
    }

    pub(crate) fn unbound_local(&self, code: &crate::objects::Code, i: usize) -> PyErr {
        PyErr::new(
            ExcKind::UnboundLocalError,
            format!(
                "cannot access local variable '{}' where it is not associated with a value",
                code.slot_names[i].as_str()
            ),
        )
    }

    pub(crate) fn unbound_deref(&self, code: &crate::objects::Code, i: usize) -> PyErr {
        let name = code.slot_names[i].as_str();
        if i >= code.nslots() - code.nfree as usize {
            let exc = self.new_exception_object(
                self.interp.types.exc(ExcKind::NameError),
                vec![Value::str(format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"))],
            );
            self.set_exc_attr(&exc, "name", Value::str(name));
            PyErr::from_value(exc)
        } else {
            PyErr::new(
                ExcKind::UnboundLocalError,
                format!(
                    "cannot access local variable '{name}' where it is not associated with a value"
                ),
            )
        }
    }

    /// Builds a function object from a code constant (`MakeFunction`).
    fn make_function(&mut self, parent: &Rc<Function>, flags: u32) -> PyResult<Value> {
        let code = match self.stack.pop() {
            Some(Value::Code(c)) => c,
            _ => return Err(type_error("MakeFunction expects a code object")),
        };
        let closure = if flags & 4 != 0 {
            match self.stack.pop() {
                Some(Value::Tuple(t)) => t
                    .items
                    .iter()
                    .filter_map(|c| match c {
                        Value::Cell(c) => Some(c.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Box::default(),
            }
        } else {
            Box::default()
        };
        let kwdefaults = if flags & 2 != 0 {
            match self.stack.pop() {
                Some(Value::Dict(d)) => Some(d),
                _ => None,
            }
        } else {
            None
        };
        let defaults = if flags & 1 != 0 {
            match self.stack.pop() {
                Some(Value::Tuple(t)) => t.items.clone(),
                _ => Box::default(),
            }
        } else {
            Box::default()
        };
        Ok(Value::Function(Rc::new(Function {
            name: crate::gil::GilCell::new(code.name.clone()),
            qualname: crate::gil::GilCell::new(code.qualname.clone()),
            code,
            globals: parent.globals.clone(),
            defaults,
            kwdefaults,
            closure,
            dict: crate::objects::DictObj::new(),
        })))
    }
}
