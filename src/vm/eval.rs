//! The dispatch loop: fetch an instruction, `match` on it, repeat.
//!
//! `run` executes the frame on top of the frame stack, and every frame it
//! calls, until that frame returns (or, for a generator resumed from Rust,
//! yields). Calls between mini functions push a frame and `continue 'frames`;
//! they never recurse on the Rust stack.
//!
//! Switch points, where the eval breaker is checked (and so where the GIL can
//! pass to another thread or Ctrl-C can raise KeyboardInterrupt): backward
//! jumps (`JumpBackward`), function entry (after a call pushed a frame), and
//! returns from native calls. Between two switch points a thread runs
//! without interruption; see docs/gil.md for what that makes atomic.

use super::frame::GenCaller;
use super::{PyResult, Vm};
use crate::compiler::bytecode::Instr;
use crate::objects::exception::{type_error, PyErr};
use crate::objects::{int, ExcKind, Function, IterState, Value};
use std::rc::Rc;
use std::sync::atomic::Ordering;

/// How a run of the loop ended.
pub enum RunExit {
    Return(Value),
    /// Only for a generator frame resumed from Rust.
    Yield(Value),
}

impl Vm {
    /// Runs the top frame, which must be a boundary frame, to completion.
    pub(crate) fn run(&mut self) -> PyResult<RunExit> {
        let breaker = self.interp.gil.breaker();
        'frames: loop {
            let (func, base) = {
                let f = self.frames.last().expect("run() needs a frame");
                (f.func.clone(), f.base)
            };
            let code = &*func.code;
            let instrs = &*code.instrs;
            let mut ip = self.frames.last().map_or(0, |f| f.ip);
            // Function entry is a switch point (a fresh frame starts at 0).
            if ip == 0 && breaker.load(Ordering::Relaxed) != 0 {
                if let Err(e) = self.handle_eval_breaker() {
                    self.unwind(e)?;
                    continue 'frames;
                }
            }
            // Operand stack starts after the slots.
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
                        Err(e) => break Some(e),
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
                    if breaker.load(Ordering::Relaxed) != 0 {
                        sync_ip!();
                        tri!(self.handle_eval_breaker());
                    }
                };
            }
            macro_rules! binop {
                ($slow:ident, $op:expr, |$x:ident, $y:ident| $int:expr, |$p:ident, $q:ident| $float:expr) => {{
                    let b = pop!();
                    let a = pop!();
                    let r = match (&a, &b) {
                        (Value::Int($x), Value::Int($y)) => {
                            let ($x, $y) = (*$x, *$y);
                            $int
                        }
                        (Value::Float($p), Value::Float($q)) => {
                            let ($p, $q) = (*$p, *$q);
                            Value::Float($float)
                        }
                        _ => tri!(self.$slow(a, b, $op)),
                    };
                    self.stack.push(r);
                }};
            }
            macro_rules! compare {
                ($op:expr, $cmp:tt) => {{
                    let b = pop!();
                    let a = pop!();
                    let r = match (&a, &b) {
                        (Value::Int(x), Value::Int(y)) => Value::Bool(x $cmp y),
                        (Value::Float(x), Value::Float(y)) => Value::Bool(x $cmp y),
                        _ => tri!(self.compare(a, b, $op)),
                    };
                    self.stack.push(r);
                }};
            }

            let err: Option<PyErr> = loop {
                let instr = instrs[ip];
                ip += 1;
                match instr {
                    Instr::Nop => {}

                    // ---- stack shuffling
                    Instr::Pop => {
                        pop!();
                    }
                    Instr::Dup => {
                        let v = top!().clone();
                        self.stack.push(v);
                    }
                    Instr::Dup2 => {
                        let n = self.stack.len();
                        let (a, b) = (self.stack[n - 2].clone(), self.stack[n - 1].clone());
                        self.stack.push(a);
                        self.stack.push(b);
                    }
                    Instr::Rot2 => {
                        let n = self.stack.len();
                        self.stack.swap(n - 1, n - 2);
                    }
                    Instr::Rot3 => {
                        let v = pop!();
                        let n = self.stack.len();
                        self.stack.insert(n - 2, v);
                    }
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
                    Instr::LoadConst(i) => {
                        self.stack.push(code.consts[i as usize].clone());
                    }
                    Instr::LoadFast(i) => {
                        let v = &self.stack[base + i as usize];
                        if v.is_unbound() {
                            break Some(self.unbound_local(code, i as usize));
                        }
                        let v = v.clone();
                        self.stack.push(v);
                    }
                    Instr::StoreFast(i) => {
                        let v = pop!();
                        self.stack[base + i as usize] = v;
                    }
                    Instr::DeleteFast(i) => {
                        let slot = &mut self.stack[base + i as usize];
                        if slot.is_unbound() {
                            break Some(self.unbound_local(code, i as usize));
                        }
                        *slot = Value::Unbound;
                    }
                    Instr::LoadDeref(i) => {
                        let v = match &self.stack[base + i as usize] {
                            Value::Cell(c) => c.value.borrow(self.gil.token()).clone(),
                            _ => Value::Unbound,
                        };
                        if v.is_unbound() {
                            break Some(self.unbound_deref(code, i as usize));
                        }
                        self.stack.push(v);
                    }
                    Instr::StoreDeref(i) => {
                        let v = pop!();
                        if let Value::Cell(c) = &self.stack[base + i as usize] {
                            *c.value.borrow_mut(self.gil.token()) = v;
                        }
                    }
                    Instr::DeleteDeref(i) => {
                        let old = match &self.stack[base + i as usize] {
                            Value::Cell(c) => c.value.replace(self.gil.token(), Value::Unbound),
                            _ => Value::Unbound,
                        };
                        if old.is_unbound() {
                            break Some(self.unbound_deref(code, i as usize));
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
                            break Some(self.unbound_deref(code, i as usize));
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
                    Instr::LoadGlobal(i) => {
                        let v = tri!(self.load_global(code, &func, i as usize));
                        self.stack.push(v);
                    }
                    Instr::StoreGlobal(i) => {
                        let v = pop!();
                        self.store_global(code, &func, i as usize, v);
                    }
                    Instr::DeleteGlobal(i) => {
                        tri!(self.delete_global(code, &func, i as usize));
                    }
                    Instr::LoadName(i) => {
                        let v = tri!(self.load_name(code, &func, i as usize));
                        self.stack.push(v);
                    }
                    Instr::StoreName(i) => {
                        let v = pop!();
                        tri!(self.store_name(code, &func, i as usize, v));
                    }
                    Instr::DeleteName(i) => {
                        tri!(self.delete_name(code, &func, i as usize));
                    }

                    // ---- attributes and items
                    Instr::LoadAttr(i) => {
                        let obj = pop!();
                        let v = tri!(self.getattr(&obj, &code.names[i as usize]));
                        self.stack.push(v);
                    }
                    Instr::StoreAttr(i) => {
                        let obj = pop!();
                        let v = pop!();
                        tri!(self.setattr(&obj, &code.names[i as usize], v));
                    }
                    Instr::DeleteAttr(i) => {
                        let obj = pop!();
                        tri!(self.delattr(&obj, &code.names[i as usize]));
                    }
                    Instr::LoadMethod(i) => {
                        let obj = pop!();
                        let (a, b) = tri!(self.load_method(obj, &code.names[i as usize]));
                        self.stack.push(a);
                        self.stack.push(b);
                    }
                    Instr::BinarySubscr => {
                        let key = pop!();
                        let obj = pop!();
                        let v = match (&obj, &key) {
                            (Value::List(l), Value::Int(i)) => {
                                let items = l.items.borrow(self.gil.token());
                                let n = items.len() as i64;
                                let j = if *i < 0 { *i + n } else { *i };
                                if j >= 0 && j < n {
                                    Some(items[j as usize].clone())
                                } else {
                                    None
                                }
                            }
                            _ => None,
                        };
                        let v = match v {
                            Some(v) => v,
                            None => tri!(self.getitem(&obj, key)),
                        };
                        self.stack.push(v);
                    }
                    Instr::StoreSubscr => {
                        let key = pop!();
                        let obj = pop!();
                        let v = pop!();
                        tri!(self.setitem(&obj, key, v));
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

                    // ---- operators
                    Instr::Add => binop!(binary_op, Op::Add, |x, y| int::add(x, y), |x, y| x + y),
                    Instr::Sub => binop!(binary_op, Op::Sub, |x, y| int::sub(x, y), |x, y| x - y),
                    Instr::Mul => binop!(binary_op, Op::Mul, |x, y| int::mul(x, y), |x, y| x * y),
                    Instr::InplaceAdd => {
                        binop!(inplace_op, Op::Add, |x, y| int::add(x, y), |x, y| x + y)
                    }
                    Instr::InplaceSub => {
                        binop!(inplace_op, Op::Sub, |x, y| int::sub(x, y), |x, y| x - y)
                    }
                    Instr::InplaceMul => {
                        binop!(inplace_op, Op::Mul, |x, y| int::mul(x, y), |x, y| x * y)
                    }
                    Instr::TrueDiv
                    | Instr::FloorDiv
                    | Instr::Mod
                    | Instr::Pow
                    | Instr::MatMul
                    | Instr::LShift
                    | Instr::RShift
                    | Instr::BitAnd
                    | Instr::BitOr
                    | Instr::BitXor
                    | Instr::InplaceTrueDiv
                    | Instr::InplaceFloorDiv
                    | Instr::InplaceMod
                    | Instr::InplacePow
                    | Instr::InplaceMatMul
                    | Instr::InplaceLShift
                    | Instr::InplaceRShift
                    | Instr::InplaceBitAnd
                    | Instr::InplaceBitOr
                    | Instr::InplaceBitXor => {
                        let (op, inplace) = Op::of_instr(instr);
                        let b = pop!();
                        let a = pop!();
                        let r = if inplace {
                            tri!(self.inplace_op(a, b, op))
                        } else {
                            tri!(self.binary_op(a, b, op))
                        };
                        self.stack.push(r);
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
                    Instr::Not => {
                        let a = pop!();
                        let b = match a {
                            Value::Bool(b) => b,
                            a => tri!(self.truthy(&a)),
                        };
                        self.stack.push(Value::Bool(!b));
                    }
                    Instr::Lt => compare!(Op::Lt, <),
                    Instr::Le => compare!(Op::Le, <=),
                    Instr::Gt => compare!(Op::Gt, >),
                    Instr::Ge => compare!(Op::Ge, >=),
                    Instr::Eq => compare!(Op::Eq, ==),
                    Instr::Ne => compare!(Op::Ne, !=),
                    Instr::In | Instr::NotIn => {
                        let container = pop!();
                        let item = pop!();
                        let r = tri!(self.contains(&container, &item));
                        self.stack.push(Value::Bool(r == (instr == Instr::In)));
                    }
                    Instr::Is => {
                        let b = pop!();
                        let a = pop!();
                        self.stack.push(Value::Bool(a.is(&b)));
                    }
                    Instr::IsNot => {
                        let b = pop!();
                        let a = pop!();
                        self.stack.push(Value::Bool(!a.is(&b)));
                    }

                    // ---- control flow
                    Instr::Jump(t) => ip = t as usize,
                    Instr::JumpBackward(t) => {
                        ip = t as usize;
                        switch_point!();
                    }
                    Instr::PopJumpIfFalse(t) => {
                        let v = pop!();
                        let b = match v {
                            Value::Bool(b) => b,
                            v => tri!(self.truthy(&v)),
                        };
                        if !b {
                            ip = t as usize;
                        }
                    }
                    Instr::PopJumpIfTrue(t) => {
                        let v = pop!();
                        let b = match v {
                            Value::Bool(b) => b,
                            v => tri!(self.truthy(&v)),
                        };
                        if b {
                            ip = t as usize;
                        }
                    }
                    Instr::JumpIfFalseOrPop(t) => {
                        let b = match top!() {
                            Value::Bool(b) => *b,
                            v => {
                                let v = v.clone();
                                tri!(self.truthy(&v))
                            }
                        };
                        if b {
                            pop!();
                        } else {
                            ip = t as usize;
                        }
                    }
                    Instr::JumpIfTrueOrPop(t) => {
                        let b = match top!() {
                            Value::Bool(b) => *b,
                            v => {
                                let v = v.clone();
                                tri!(self.truthy(&v))
                            }
                        };
                        if b {
                            ip = t as usize;
                        } else {
                            pop!();
                        }
                    }
                    Instr::GetIter => {
                        let v = pop!();
                        let it = tri!(self.get_iter(v));
                        self.stack.push(it);
                    }
                    Instr::ForIter(t) => {
                        let next = match top!() {
                            Value::Iter(it) => {
                                let mut st = it.state.borrow_mut(self.gil.token());
                                match &mut *st {
                                    IterState::Range {
                                        next,
                                        step,
                                        remaining,
                                    } => {
                                        if *remaining == 0 {
                                            Some(None)
                                        } else {
                                            *remaining -= 1;
                                            let v = *next;
                                            *next = next.wrapping_add(*step);
                                            Some(Some(Value::Int(v)))
                                        }
                                    }
                                    IterState::List { list, index } => {
                                        let items = list.items.borrow(self.gil.token());
                                        if *index < items.len() {
                                            let v = items[*index].clone();
                                            *index += 1;
                                            Some(Some(v))
                                        } else {
                                            drop(items);
                                            *st = IterState::Exhausted;
                                            Some(None)
                                        }
                                    }
                                    _ => None,
                                }
                            }
                            Value::Generator(g) => {
                                let g = g.clone();
                                sync_ip!();
                                tri!(self.resume_generator(
                                    &g,
                                    Value::None,
                                    GenCaller::ForIter(t),
                                    false
                                ));
                                continue 'frames;
                            }
                            _ => None,
                        };
                        let next = match next {
                            Some(n) => n,
                            None => {
                                let it = top!().clone();
                                tri!(self.next(&it))
                            }
                        };
                        match next {
                            Some(v) => self.stack.push(v),
                            None => {
                                pop!();
                                ip = t as usize;
                            }
                        }
                    }

                    // ---- building values
                    Instr::BuildTuple(n) => {
                        let items = self.stack.split_off(self.stack.len() - n as usize);
                        self.stack.push(Value::tuple(items));
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
                        let parts = self.stack.split_off(self.stack.len() - n as usize);
                        let mut s = String::new();
                        for p in &parts {
                            if let Value::Str(p) = p {
                                s.push_str(p.as_str());
                            }
                        }
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
                        let items = tri!(self.collect(&it));
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
                    Instr::UnpackSequence(n) => {
                        let seq = pop!();
                        tri!(self.unpack_sequence(seq, n as usize));
                    }
                    Instr::UnpackEx(n) => {
                        let seq = pop!();
                        tri!(self.unpack_ex(seq, (n & 0xff) as usize, (n >> 8) as usize));
                    }

                    // ---- calls
                    Instr::Call(argc) => {
                        sync_ip!();
                        let callee = self.stack.len() - argc as usize - 1;
                        if tri!(self.call_at(callee, None)) {
                            continue 'frames;
                        }
                        switch_point!();
                    }
                    Instr::CallMethod(argc) => {
                        sync_ip!();
                        // `meth self args` calls meth with self first; `Unbound f args`
                        // calls f: drop the marker so f sits in the callee slot.
                        let callee = self.stack.len() - argc as usize - 2;
                        if self.stack[callee].is_unbound() {
                            self.stack.remove(callee);
                        }
                        if tri!(self.call_at(callee, None)) {
                            continue 'frames;
                        }
                        switch_point!();
                    }
                    Instr::CallKw(argc) => {
                        sync_ip!();
                        let names = match pop!() {
                            Value::Tuple(t) => t,
                            _ => break Some(type_error("bad keyword names")),
                        };
                        let callee = self.stack.len() - argc as usize - 1;
                        if tri!(self.call_at(callee, Some(names))) {
                            continue 'frames;
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
                            continue 'frames;
                        }
                        switch_point!();
                    }
                    Instr::MakeFunction(flags) => {
                        let f = tri!(self.make_function(&func, flags));
                        self.stack.push(f);
                    }
                    Instr::Return => {
                        let v = pop!();
                        match tri!(self.return_from_frame(v)) {
                            Some(exit) => return Ok(exit),
                            None => continue 'frames,
                        }
                    }

                    // ---- generators
                    Instr::YieldValue => {
                        let v = pop!();
                        sync_ip!();
                        match self.yield_from_frame(v) {
                            Some(exit) => return Ok(exit),
                            None => continue 'frames,
                        }
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
                            continue 'frames;
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
                        break Some(self.make_raise(exc, cause));
                    }
                    Instr::Reraise => {
                        let exc = pop!();
                        self.reraise_pending = true;
                        break Some(PyErr::from_value(exc));
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
                };
            };
            // An instruction failed: find a handler, in this frame or a caller.
            if let Some(err) = err {
                sync_ip!();
                self.unwind(err)?;
            }
        }
    }

    /// Called at a switch point when the eval breaker is set: hand the GIL
    /// over if another thread asked for it, run pending signal handlers.
    pub(crate) fn handle_eval_breaker(&mut self) -> PyResult<()> {
        self.gil.switch();
        if self.thread.is_main {
            crate::signals::check(self)?;
        }
        Ok(())
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

    fn unbound_local(&self, code: &crate::objects::Code, i: usize) -> PyErr {
        PyErr::new(
            ExcKind::UnboundLocalError,
            format!(
                "cannot access local variable '{}' where it is not associated with a value",
                code.slot_names[i].as_str()
            ),
        )
    }

    fn unbound_deref(&self, code: &crate::objects::Code, i: usize) -> PyErr {
        let name = code.slot_names[i].as_str();
        if i >= code.nslots() - code.nfree as usize {
            PyErr::new(
                ExcKind::NameError,
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            )
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

/// Binary operators, as the slow paths (`ops.rs`) see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    MatMul,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

impl Op {
    /// The operator of an arithmetic instruction and whether it is in-place.
    pub fn of_instr(i: Instr) -> (Op, bool) {
        match i {
            Instr::Add => (Op::Add, false),
            Instr::Sub => (Op::Sub, false),
            Instr::Mul => (Op::Mul, false),
            Instr::TrueDiv => (Op::TrueDiv, false),
            Instr::FloorDiv => (Op::FloorDiv, false),
            Instr::Mod => (Op::Mod, false),
            Instr::Pow => (Op::Pow, false),
            Instr::MatMul => (Op::MatMul, false),
            Instr::LShift => (Op::LShift, false),
            Instr::RShift => (Op::RShift, false),
            Instr::BitAnd => (Op::BitAnd, false),
            Instr::BitOr => (Op::BitOr, false),
            Instr::BitXor => (Op::BitXor, false),
            Instr::InplaceAdd => (Op::Add, true),
            Instr::InplaceSub => (Op::Sub, true),
            Instr::InplaceMul => (Op::Mul, true),
            Instr::InplaceTrueDiv => (Op::TrueDiv, true),
            Instr::InplaceFloorDiv => (Op::FloorDiv, true),
            Instr::InplaceMod => (Op::Mod, true),
            Instr::InplacePow => (Op::Pow, true),
            Instr::InplaceMatMul => (Op::MatMul, true),
            Instr::InplaceLShift => (Op::LShift, true),
            Instr::InplaceRShift => (Op::RShift, true),
            Instr::InplaceBitAnd => (Op::BitAnd, true),
            Instr::InplaceBitOr => (Op::BitOr, true),
            Instr::InplaceBitXor => (Op::BitXor, true),
            _ => (Op::Add, false),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
}
