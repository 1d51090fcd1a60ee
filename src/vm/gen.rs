//! Generators: resuming a saved frame, yielding out of it, and the
//! `send`/`throw`/`close` protocol.
//!
//! Resuming copies the generator's saved slots back onto the value stack and
//! pushes its frame; yielding moves them out again. A `for` loop or `yield
//! from` resumes a generator inside the running dispatch loop; Rust code
//! (`next()`, `list()`) resumes it in a nested loop that stops at the yield.

use super::eval::RunExit;
use super::frame::{Frame, FrameKind, GenCaller, SavedFrame};
use super::{PyResult, Vm};
use crate::compiler::bytecode::Instr;
use crate::objects::exception::{type_error, value_error, PyErr};
use crate::objects::{ExcKind, GenStatus, Generator, Value};
use std::rc::Rc;

/// What one step of a generator produced.
pub enum GenStep {
    Yielded(Value),
    Returned(Value),
}

impl Vm {
    /// Pushes the generator's frame so the loop runs it next. For a finished
    /// generator nothing is pushed: a `for` loop just ends, `yield from`
    /// gets None, and Rust callers get `Ok(false)`.
    pub(crate) fn resume_generator(
        &mut self,
        gen: &Rc<Generator>,
        sent: Value,
        then: GenCaller,
        boundary: bool,
    ) -> PyResult<bool> {
        let g = self.gil.token();
        let mut st = gen.state.borrow_mut(g);
        match st.status {
            GenStatus::Running => return Err(value_error("generator already executing")),
            GenStatus::Finished => {
                drop(st);
                match then {
                    GenCaller::ForIter(t) => {
                        self.stack.pop();
                        self.set_ip(t);
                    }
                    GenCaller::Send(t) => {
                        if let Some(top) = self.stack.last_mut() {
                            *top = Value::None;
                        }
                        self.set_ip(t);
                    }
                    GenCaller::Native => {}
                }
                return Ok(false);
            }
            GenStatus::Created if !sent.is_none() => {
                return Err(type_error(
                    "can't send non-None value to a just-started generator",
                ))
            }
            _ => {}
        }
        let push_sent = st.status == GenStatus::Suspended;
        let saved = st.frame.take().expect("a suspended generator has a frame");
        st.status = GenStatus::Running;
        drop(st);
        let base = self.stack.len();
        self.stack.extend(saved.values);
        if push_sent {
            self.stack.push(sent);
        }
        let caller_handled = std::mem::replace(&mut self.handled, saved.handled);
        self.frames.push(Frame {
            func: saved.func,
            ip: saved.ip,
            base,
            kind: FrameKind::Gen {
                gen: gen.clone(),
                then,
                caller_handled,
            },
            boundary,
            namespace: None,
        });
        Ok(true)
    }

    fn set_ip(&mut self, t: u32) {
        if let Some(f) = self.frames.last_mut() {
            f.ip = t as usize;
        }
    }

    /// Suspends the top (generator) frame, handing `v` to whoever resumed it.
    pub(crate) fn yield_from_frame(&mut self, v: Value) -> Option<RunExit> {
        let frame = self.frames.pop().expect("yield needs a frame");
        let FrameKind::Gen {
            gen,
            then,
            caller_handled,
        } = frame.kind
        else {
            // The compiler only emits YieldValue in generator code.
            self.stack.push(v);
            return None;
        };
        let values = self.stack.split_off(frame.base);
        let handled = std::mem::replace(&mut self.handled, caller_handled);
        {
            let mut st = gen.state.borrow_mut(self.gil.token());
            st.frame = Some(SavedFrame {
                func: frame.func,
                ip: frame.ip,
                values,
                handled,
            });
            st.status = GenStatus::Suspended;
        }
        match then {
            GenCaller::Native => Some(RunExit::Yield(v)),
            _ => {
                self.stack.push(v);
                None
            }
        }
    }

    pub(crate) fn finish_generator(&self, gen: &Generator) {
        let mut st = gen.state.borrow_mut(self.gil.token());
        st.status = GenStatus::Finished;
        st.frame = None;
    }

    /// `gen.send(v)` from Rust (also `next(gen)` with v = None).
    pub fn gen_send(&mut self, gen: &Rc<Generator>, sent: Value) -> PyResult<GenStep> {
        if !self.resume_generator(gen, sent, GenCaller::Native, true)? {
            return Ok(GenStep::Returned(Value::None));
        }
        self.run_resumed()
    }

    fn run_resumed(&mut self) -> PyResult<GenStep> {
        if let Err(e) = self.enter_native() {
            self.abandon_top_generator_frame();
            return Err(e);
        }
        let r = self.run();
        self.leave_native();
        Ok(match r? {
            RunExit::Yield(v) => GenStep::Yielded(v),
            RunExit::Return(v) => GenStep::Returned(v),
        })
    }

    /// Undoes a resume that could not run (the Rust stack was exhausted).
    fn abandon_top_generator_frame(&mut self) {
        if let Some(f) = self.frames.pop() {
            if let FrameKind::Gen {
                gen,
                caller_handled,
                ..
            } = f.kind
            {
                self.stack.truncate(f.base);
                self.finish_generator(&gen);
                self.handled = caller_handled;
            }
        }
    }

    /// `gen.throw(exc)`: raises `exc` at the generator's paused `yield`.
    pub fn gen_throw(&mut self, gen: &Rc<Generator>, exc: Value) -> PyResult<GenStep> {
        let exc = self.instantiate_exception(exc)?;
        let status = gen.state.borrow(self.gil.token()).status;
        match status {
            GenStatus::Running => return Err(value_error("generator already executing")),
            GenStatus::Created | GenStatus::Finished => {
                self.finish_generator(gen);
                return Err(PyErr::from_value(exc));
            }
            GenStatus::Suspended => {}
        }
        // Paused inside `yield from`? Then the sub-iterator gets it first.
        if let Some(Value::Generator(sub)) = self.delegate_of(gen) {
            match self.gen_throw(&sub, exc.clone()) {
                Ok(GenStep::Yielded(v)) => return Ok(GenStep::Yielded(v)),
                Ok(GenStep::Returned(r)) => return self.finish_yield_from(gen, r),
                Err(e) => return self.throw_into(gen, e),
            }
        }
        self.throw_into(gen, PyErr::from_value(exc))
    }

    /// Resumes `gen` by raising `err` at its paused instruction.
    fn throw_into(&mut self, gen: &Rc<Generator>, err: PyErr) -> PyResult<GenStep> {
        {
            let mut st = gen.state.borrow_mut(self.gil.token());
            // Resume without a sent value: the yield raises instead.
            st.status = GenStatus::Created;
        }
        let base_len = self.stack.len();
        if !self.resume_generator(gen, Value::None, GenCaller::Native, true)? {
            return Err(err);
        }
        debug_assert!(self.stack.len() >= base_len);
        // The paused instruction is the YieldValue just before ip.
        self.unwind(err)?;
        self.run_resumed()
    }

    /// After a delegated throw made the sub-iterator return `r`: continue the
    /// outer generator after its `yield from`, with `r` as the result.
    fn finish_yield_from(&mut self, gen: &Rc<Generator>, r: Value) -> PyResult<GenStep> {
        {
            let mut st = gen.state.borrow_mut(self.gil.token());
            if let Some(frame) = st.frame.as_mut() {
                if let Some((send_target, _)) = yield_from_site(&frame.func.code.instrs, frame.ip) {
                    if let Some(top) = frame.values.last_mut() {
                        *top = r;
                    }
                    frame.ip = send_target as usize;
                }
            }
            st.status = GenStatus::Created;
        }
        self.gen_send(gen, Value::None)
    }

    /// The sub-iterator a generator paused in `yield from` delegates to.
    fn delegate_of(&self, gen: &Generator) -> Option<Value> {
        let st = gen.state.borrow(self.gil.token());
        let frame = st.frame.as_ref()?;
        yield_from_site(&frame.func.code.instrs, frame.ip)?;
        frame.values.last().cloned()
    }

    /// `gen.close()`
    pub fn gen_close(&mut self, gen: &Rc<Generator>) -> PyResult<()> {
        let status = gen.state.borrow(self.gil.token()).status;
        if status != GenStatus::Suspended {
            self.finish_generator(gen);
            return Ok(());
        }
        let exit = Value::Class(self.exc_class(ExcKind::GeneratorExit));
        match self.gen_throw(gen, exit) {
            Ok(GenStep::Yielded(_)) => Err(PyErr::new(
                ExcKind::RuntimeError,
                "generator ignored GeneratorExit",
            )),
            Ok(GenStep::Returned(_)) => Ok(()),
            Err(e)
                if self.err_is(&e, ExcKind::GeneratorExit)
                    || self.err_is(&e, ExcKind::StopIteration) =>
            {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// `yield from` over something that is not a generator: one step.
    /// `Ok(Ok(v))` yielded v; `Ok(Err(r))` finished with result r.
    pub(crate) fn send_to_iter(
        &mut self,
        it: &Value,
        sent: Value,
    ) -> PyResult<Result<Value, Value>> {
        if sent.is_none() {
            return Ok(match self.next(it)? {
                Some(v) => Ok(v),
                None => Err(Value::None),
            });
        }
        let send = self.interp.names.send.clone();
        match self.call_method(it, &send, vec![sent]) {
            Ok(v) => Ok(Ok(v)),
            Err(e) if self.err_is(&e, ExcKind::StopIteration) => {
                let exc = self.exc_value(e);
                Ok(Err(self.stop_iteration_value(&exc)))
            }
            Err(e) => Err(e),
        }
    }

    /// `StopIteration(value).value`
    pub fn stop_iteration_value(&self, exc: &Value) -> Value {
        self.exc_state(exc)
            .and_then(|st| match &st.borrow(self.gil.token()).args {
                Value::Tuple(t) => t.items.first().cloned(),
                _ => None,
            })
            .unwrap_or(Value::None)
    }
}

/// If the instruction at `ip` resumes a `yield from` loop, the Send's jump
/// target and index.
fn yield_from_site(instrs: &[Instr], ip: usize) -> Option<(u32, usize)> {
    if let Some(Instr::JumpBackward(t)) = instrs.get(ip) {
        if let Some(Instr::Send(target)) = instrs.get(*t as usize) {
            return Some((*target, *t as usize));
        }
    }
    None
}
