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

use super::frame::{FrameKind, GenCaller};
use super::instructions::Flow;
use super::{PyResult, Vm};
use crate::compiler::bytecode::{ArithKind, CmpKind, Instr};
use crate::objects::exception::PyErr;
use crate::objects::{int, IterState, Value};
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
                    let n = self.stack.len();
                    let fast = match (&self.stack[n - 2], &self.stack[n - 1]) {
                        (Value::Int($x), Value::Int($y)) => {
                            let ($x, $y) = (*$x, *$y);
                            Some($int)
                        }
                        (Value::Float($p), Value::Float($q)) => {
                            let ($p, $q) = (*$p, *$q);
                            Some(Value::Float($float))
                        }
                        (Value::Int($p), Value::Float($q)) => {
                            let ($p, $q) = (*$p as f64, *$q);
                            Some(Value::Float($float))
                        }
                        (Value::Float($p), Value::Int($q)) => {
                            let ($p, $q) = (*$p, *$q as f64);
                            Some(Value::Float($float))
                        }
                        _ => None,
                    };
                    match fast {
                        // Both operands were inline: overwrite them, nothing to free.
                        Some(r) => {
                            if let Some(v) = self.stack.pop() {
                                v.discard();
                            }
                            std::mem::replace(&mut self.stack[n - 2], r).discard();
                        }
                        None => {
                            let b = pop!();
                            let a = pop!();
                            let r = tri!(self.$slow(a, b, $op));
                            self.stack.push(r);
                        }
                    }
                }};
            }
            macro_rules! compare {
                ($op:expr, $cmp:tt) => {{
                    let n = self.stack.len();
                    let fast = match (&self.stack[n - 2], &self.stack[n - 1]) {
                        (Value::Int(x), Value::Int(y)) => Some(x $cmp y),
                        (Value::Float(x), Value::Float(y)) => Some(x $cmp y),
                        _ => None,
                    };
                    match fast {
                        Some(r) => {
                            if let Some(v) = self.stack.pop() {
                                v.discard();
                            }
                            std::mem::replace(&mut self.stack[n - 2], Value::Bool(r)).discard();
                        }
                        None => {
                            let b = pop!();
                            let a = pop!();
                            let r = tri!(self.compare(a, b, $op));
                            self.stack.push(r);
                        }
                    }
                }};
            }

            let err: Option<PyErr> = loop {
                let instr = instrs[ip];
                ip += 1;
                match instr {
                    Instr::Pop => {
                        pop!().discard();
                    }
                    Instr::Dup => {
                        let v = top!().clone();
                        self.stack.push(v);
                    }
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
                        std::mem::replace(&mut self.stack[base + i as usize], v).discard();
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
                    Instr::LoadGlobal(i) => {
                        let v = match self.load_global_cached(code, &func, i as usize) {
                            Some(v) => v,
                            None => tri!(self.load_global(code, &func, i as usize)),
                        };
                        self.stack.push(v);
                    }
                    Instr::StoreGlobal(i) => {
                        let v = pop!();
                        self.store_global(code, &func, i as usize, v);
                    }
                    Instr::LoadAttr(i) => {
                        let obj = pop!();
                        let (name, hint) = (&code.names[i as usize], &code.attr_cache[i as usize]);
                        let v = tri!(self.load_attr_instr(&obj, name, hint));
                        obj.discard();
                        self.stack.push(v);
                    }
                    Instr::StoreAttr(i) => {
                        let obj = pop!();
                        let v = pop!();
                        let (name, hint) = (&code.names[i as usize], &code.attr_cache[i as usize]);
                        tri!(self.store_attr_instr(&obj, name, hint, v));
                    }
                    Instr::LoadMethod(i) => {
                        let obj = pop!();
                        let (name, hint) = (&code.names[i as usize], &code.attr_cache[i as usize]);
                        let (a, b) = tri!(self.load_method_instr(obj, name, hint));
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
                        let v = match (&obj, &key) {
                            (Value::List(l), Value::Int(i)) => {
                                let mut items = l.items.borrow_mut(self.gil.token());
                                let n = items.len() as i64;
                                let j = if *i < 0 { *i + n } else { *i };
                                if j >= 0 && j < n {
                                    let old = std::mem::replace(&mut items[j as usize], v);
                                    drop(items);
                                    old.discard();
                                    None
                                } else {
                                    Some(v)
                                }
                            }
                            _ => Some(v),
                        };
                        if let Some(v) = v {
                            tri!(self.setitem(&obj, key, v));
                        }
                        obj.discard();
                    }
                    Instr::Add => binop!(binary_op, Op::Add, |x, y| int::add(x, y), |x, y| x + y),
                    Instr::Sub => binop!(binary_op, Op::Sub, |x, y| int::sub(x, y), |x, y| x - y),
                    Instr::Mul => binop!(binary_op, Op::Mul, |x, y| int::mul(x, y), |x, y| x * y),
                    Instr::InplaceAdd => {
                        let n = self.stack.len();
                        if let (Value::Str(_), Value::Str(_)) =
                            (&self.stack[n - 2], &self.stack[n - 1])
                        {
                            let b = pop!();
                            let a = pop!();
                            let r = self.str_iadd(a, b, instrs[ip], base);
                            self.stack.push(r);
                        } else {
                            binop!(inplace_op, Op::Add, |x, y| int::add(x, y), |x, y| x + y)
                        }
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
                    | Instr::LShift
                    | Instr::RShift
                    | Instr::BitAnd
                    | Instr::BitOr
                    | Instr::BitXor
                    | Instr::InplaceTrueDiv
                    | Instr::InplaceFloorDiv
                    | Instr::InplaceMod
                    | Instr::InplacePow
                    | Instr::InplaceLShift
                    | Instr::InplaceRShift
                    | Instr::InplaceBitAnd
                    | Instr::InplaceBitOr
                    | Instr::InplaceBitXor => {
                        let (op, inplace) = Op::of_instr(instr);
                        let n = self.stack.len();
                        match num_fast(&self.stack[n - 2], &self.stack[n - 1], op) {
                            // Both operands were inline: overwrite them, nothing to free.
                            Some(r) => {
                                if let Some(v) = self.stack.pop() {
                                    v.discard();
                                }
                                std::mem::replace(&mut self.stack[n - 2], r).discard();
                            }
                            None => {
                                let b = pop!();
                                let a = pop!();
                                let r = if inplace {
                                    tri!(self.inplace_op(a, b, op))
                                } else {
                                    tri!(self.binary_op(a, b, op))
                                };
                                self.stack.push(r);
                            }
                        }
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
                        // a b c -- c a b
                        let n = self.stack.len();
                        self.stack.swap(n - 1, n - 2);
                        self.stack.swap(n - 2, n - 3);
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
                            pop!().discard();
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
                            pop!().discard();
                        }
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
                            v => {
                                let b = tri!(self.truthy(&v));
                                v.discard();
                                b
                            }
                        };
                        if !b {
                            ip = t as usize;
                        }
                    }
                    Instr::PopJumpIfTrue(t) => {
                        let v = pop!();
                        let b = match v {
                            Value::Bool(b) => b,
                            v => {
                                let b = tri!(self.truthy(&v));
                                v.discard();
                                b
                            }
                        };
                        if b {
                            ip = t as usize;
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
                    Instr::UnpackSequence(n) => {
                        let seq = pop!();
                        tri!(self.unpack_sequence(seq, n as usize));
                    }
                    Instr::Call(argc) => {
                        let callee = self.stack.len() - argc as usize - 1;
                        if self.try_fast_call(callee, argc as usize, ip) {
                            continue 'frames;
                        }
                        sync_ip!();
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
                        } else if self.try_fast_call(callee, argc as usize + 1, ip) {
                            continue 'frames;
                        }
                        if tri!(self.call_at(callee, None)) {
                            continue 'frames;
                        }
                        switch_point!();
                    }
                    Instr::Return => {
                        let v = pop!();
                        // The common return: from a plain call to a mini caller.
                        if let Some(f) = self.frames.last() {
                            if matches!(f.kind, FrameKind::Call) && !f.boundary {
                                let callee = f.base - 1;
                                self.frames.pop();
                                self.stack.truncate(callee);
                                self.stack.push(v);
                                continue 'frames;
                            }
                        }
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
                    // ---- superinstructions: the second instruction is skipped
                    // (`ip += 1`); an error in its part is reported at it.
                    Instr::LoadFastLoadFast(a, b) => {
                        let v = &self.stack[base + a as usize];
                        if v.is_unbound() {
                            break Some(self.unbound_local(code, a as usize));
                        }
                        let v = v.clone();
                        ip += 1;
                        let w = &self.stack[base + b as usize];
                        if w.is_unbound() {
                            break Some(self.unbound_local(code, b as usize));
                        }
                        let w = w.clone();
                        self.stack.push(v);
                        self.stack.push(w);
                    }
                    Instr::LoadFastLoadConst(a, c) => {
                        let v = &self.stack[base + a as usize];
                        if v.is_unbound() {
                            break Some(self.unbound_local(code, a as usize));
                        }
                        let v = v.clone();
                        self.stack.push(v);
                        self.stack.push(code.consts[c as usize].clone());
                        ip += 1;
                    }
                    Instr::LoadConstLoadFast(c, a) => {
                        ip += 1;
                        let v = &self.stack[base + a as usize];
                        if v.is_unbound() {
                            break Some(self.unbound_local(code, a as usize));
                        }
                        let v = v.clone();
                        self.stack.push(code.consts[c as usize].clone());
                        self.stack.push(v);
                    }
                    Instr::StoreFastLoadFast(a, b) => {
                        let v = pop!();
                        std::mem::replace(&mut self.stack[base + a as usize], v).discard();
                        ip += 1;
                        let w = &self.stack[base + b as usize];
                        if w.is_unbound() {
                            break Some(self.unbound_local(code, b as usize));
                        }
                        let w = w.clone();
                        self.stack.push(w);
                    }
                    Instr::StoreFastStoreFast(a, b) => {
                        let v = pop!();
                        std::mem::replace(&mut self.stack[base + a as usize], v).discard();
                        let w = pop!();
                        std::mem::replace(&mut self.stack[base + b as usize], w).discard();
                        ip += 1;
                    }
                    Instr::CompareJumpIfFalse(kind, target) => {
                        let n = self.stack.len();
                        let fast = match (&self.stack[n - 2], &self.stack[n - 1]) {
                            (Value::Int(x), Value::Int(y)) => Some(kind.holds(x.cmp(y))),
                            (Value::Float(x), Value::Float(y)) => Some(match x.partial_cmp(y) {
                                Some(o) => kind.holds(o),
                                None => kind == CmpKind::Ne,
                            }),
                            _ => None,
                        };
                        let truth = match fast {
                            Some(t) => {
                                if let Some(v) = self.stack.pop() {
                                    v.discard();
                                }
                                if let Some(v) = self.stack.pop() {
                                    v.discard();
                                }
                                t
                            }
                            None => {
                                let b = pop!();
                                let a = pop!();
                                let r = tri!(self.compare(a, b, kind.op()));
                                ip += 1;
                                match r {
                                    Value::Bool(t) => t,
                                    r => tri!(self.truthy(&r)),
                                }
                            }
                        };
                        if !truth {
                            ip = target as usize;
                        } else if fast.is_some() {
                            // Skip the PopJumpIfFalse that follows.
                            ip += 1;
                        }
                    }
                    Instr::LoadFastLoadAttr(a, n) => {
                        let obj = &self.stack[base + a as usize];
                        if obj.is_unbound() {
                            break Some(self.unbound_local(code, a as usize));
                        }
                        let obj = obj.clone();
                        ip += 1;
                        let (name, hint) = (&code.names[n as usize], &code.attr_cache[n as usize]);
                        let v = tri!(self.load_attr_instr(&obj, name, hint));
                        obj.discard();
                        self.stack.push(v);
                    }
                    Instr::LoadFastLoadMethod(a, n) => {
                        let obj = &self.stack[base + a as usize];
                        if obj.is_unbound() {
                            break Some(self.unbound_local(code, a as usize));
                        }
                        let obj = obj.clone();
                        ip += 1;
                        let (name, hint) = (&code.names[n as usize], &code.attr_cache[n as usize]);
                        let (m, recv) = tri!(self.load_method_instr(obj, name, hint));
                        self.stack.push(m);
                        self.stack.push(recv);
                    }
                    Instr::LoadFastStoreAttr(a, n) => {
                        let obj = &self.stack[base + a as usize];
                        if obj.is_unbound() {
                            break Some(self.unbound_local(code, a as usize));
                        }
                        let obj = obj.clone();
                        ip += 1;
                        let v = pop!();
                        let (name, hint) = (&code.names[n as usize], &code.attr_cache[n as usize]);
                        tri!(self.store_attr_instr(&obj, name, hint, v));
                        obj.discard();
                    }
                    Instr::IsJumpIfFalse(not, target) => {
                        let b = pop!();
                        let a = pop!();
                        if a.is(&b) == not {
                            ip = target as usize;
                        } else {
                            ip += 1;
                        }
                        a.discard();
                        b.discard();
                    }
                    Instr::BinaryConst(kind, c) => {
                        let k = &code.consts[c as usize];
                        let n = self.stack.len();
                        let fast = match (&self.stack[n - 1], k) {
                            (Value::Int(x), Value::Int(y)) => kind.ints(*x, *y),
                            (Value::Float(x), Value::Float(y)) => {
                                Some(Value::Float(kind.floats(*x, *y)))
                            }
                            _ => None,
                        };
                        ip += 1;
                        match fast {
                            Some(r) => std::mem::replace(&mut self.stack[n - 1], r).discard(),
                            None => {
                                let a = pop!();
                                let b = k.clone();
                                let r = if kind.inplace() {
                                    tri!(self.inplace_op(a, b, kind.op()))
                                } else {
                                    tri!(self.binary_op(a, b, kind.op()))
                                };
                                self.stack.push(r);
                            }
                        }
                    }
                    other => match self.exec_cold(other, ip, code, &func, base) {
                        Flow::Next(next) => ip = next,
                        Flow::Frame => continue 'frames,
                        Flow::Err(e) => break Some(e),
                    },
                };
            };
            // An instruction failed: find a handler, in this frame or a caller.
            if let Some(err) = err {
                sync_ip!();
                self.unwind(err)?;
            }
        }
    }

    /// `a += b` for two strings. When `a` is also in the local that the
    /// next instruction stores the result to (`s += t`), that local lets go
    /// of it first, so a string nobody else holds grows in place (amortized
    /// O(len(t)) instead of a copy of `a`), as CPython does for `s += t`.
    #[inline(never)]
    fn str_iadd(&mut self, a: Value, b: Value, next: Instr, base: usize) -> Value {
        let (Value::Str(mut a), Value::Str(b)) = (a, b) else {
            unreachable!("str_iadd takes two strings")
        };
        let target = match next {
            Instr::StoreFast(x) => Some(x as usize),
            Instr::StoreFastLoadFast(x, _) | Instr::StoreFastStoreFast(x, _) => Some(x as usize),
            _ => None,
        };
        if let Some(x) = target {
            let slot = &mut self.stack[base + x];
            if matches!(slot, Value::Str(s) if Rc::ptr_eq(s, &a)) {
                // The store that follows refills the slot; nothing runs in between.
                *slot = Value::Unbound;
            }
        }
        if let Some(s) = Rc::get_mut(&mut a) {
            s.push_str(b.as_str());
            return Value::Str(a);
        }
        let mut s = String::with_capacity(a.as_str().len() + b.as_str().len());
        s.push_str(a.as_str());
        s.push_str(b.as_str());
        Value::str(s)
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

impl CmpKind {
    /// Whether `a <op> b` holds given how `a` compares to `b`.
    #[inline(always)]
    fn holds(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpKind::Lt => o == Less,
            CmpKind::Le => o != Greater,
            CmpKind::Eq => o == Equal,
            CmpKind::Ne => o != Equal,
            CmpKind::Gt => o == Greater,
            CmpKind::Ge => o != Less,
        }
    }

    fn op(self) -> Op {
        match self {
            CmpKind::Lt => Op::Lt,
            CmpKind::Le => Op::Le,
            CmpKind::Eq => Op::Eq,
            CmpKind::Ne => Op::Ne,
            CmpKind::Gt => Op::Gt,
            CmpKind::Ge => Op::Ge,
        }
    }
}

impl ArithKind {
    #[inline(always)]
    fn ints(self, x: i64, y: i64) -> Option<Value> {
        Some(match self {
            ArithKind::Add | ArithKind::InplaceAdd => int::add(x, y),
            ArithKind::Sub | ArithKind::InplaceSub => int::sub(x, y),
            ArithKind::Mul => int::mul(x, y),
        })
    }

    #[inline(always)]
    fn floats(self, x: f64, y: f64) -> f64 {
        match self {
            ArithKind::Add | ArithKind::InplaceAdd => x + y,
            ArithKind::Sub | ArithKind::InplaceSub => x - y,
            ArithKind::Mul => x * y,
        }
    }

    fn inplace(self) -> bool {
        matches!(self, ArithKind::InplaceAdd | ArithKind::InplaceSub)
    }

    fn op(self) -> Op {
        match self {
            ArithKind::Add | ArithKind::InplaceAdd => Op::Add,
            ArithKind::Sub | ArithKind::InplaceSub => Op::Sub,
            ArithKind::Mul => Op::Mul,
        }
    }
}

/// The result of `a op b` for two machine ints or floats (or one of each),
/// when that needs no allocation and raises nothing; `None` sends the
/// operation to the general path (`ops::numeric`), which it mirrors.
#[inline(always)]
pub(crate) fn num_fast(a: &Value, b: &Value, op: Op) -> Option<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            let (x, y) = (*x, *y);
            match op {
                Op::Add => Some(int::add(x, y)),
                Op::Sub => Some(int::sub(x, y)),
                Op::Mul => Some(int::mul(x, y)),
                Op::FloorDiv => int::floordiv(x, y).ok(),
                Op::Mod => int::modulo(x, y).ok(),
                Op::TrueDiv => {
                    if y != 0 && x.unsigned_abs() <= 1 << 53 && y.unsigned_abs() <= 1 << 53 {
                        Some(Value::Float(x as f64 / y as f64))
                    } else {
                        None
                    }
                }
                Op::Pow => int::pow_small(x, y).ok(),
                Op::LShift => int::lshift_small(x, y).ok(),
                Op::RShift => int::rshift_small(x, y).ok(),
                Op::BitAnd => Some(Value::Int(x & y)),
                Op::BitOr => Some(Value::Int(x | y)),
                Op::BitXor => Some(Value::Int(x ^ y)),
                _ => None,
            }
        }
        (Value::Float(x), Value::Float(y)) => float_fast(*x, *y, op),
        (Value::Int(x), Value::Float(y)) => float_fast(*x as f64, *y, op),
        (Value::Float(x), Value::Int(y)) => float_fast(*x, *y as f64, op),
        _ => None,
    }
}

#[inline(always)]
fn float_fast(x: f64, y: f64, op: Op) -> Option<Value> {
    Some(Value::Float(match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => x * y,
        Op::TrueDiv if y != 0.0 => x / y,
        Op::FloorDiv => int::float_floordiv(x, y).ok()?,
        Op::Mod => int::float_mod(x, y).ok()?,
        Op::Pow => int::float_pow(x, y).ok()?,
        _ => return None,
    }))
}
