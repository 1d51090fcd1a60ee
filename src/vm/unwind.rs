//! Raising and catching: how an error travels from the instruction that
//! failed to the handler that takes it.
//!
//! Handlers are found in the code object's exception table (no block stack
//! at run time). A frame without a handler is popped and the error continues
//! in its caller; each frame it passes through adds a traceback entry, as
//! CPython's `PyTraceBack_Here` does. A boundary frame hands the error back
//! to the Rust code that started it.

use super::frame::{FrameKind, GenCaller};
use super::{PyResult, Vm};
use crate::objects::exception::{type_error, PyErr, TbEntry};
use crate::objects::{Class, ExcKind, Value};
use std::rc::Rc;

impl Vm {
    /// Finds a handler for `err`, starting in the top frame. `Ok` means the
    /// loop can continue in the handler; `Err` means the error left the
    /// boundary frame and goes back to Rust.
    pub(crate) fn unwind(&mut self, err: PyErr) -> PyResult<()> {
        // Bare `raise` and re-raises after cleanup keep the traceback as it is
        // for the frame that raises; every other raise adds this frame.
        let mut add_here = !std::mem::take(&mut self.reraise_pending);
        let mut exc = self.exc_value(err);
        if add_here {
            // Raised while another was being handled: remember it (__context__).
            self.set_context(&exc);
        }
        loop {
            let (code, ip, base, nslots) = {
                let f = self.frames.last().expect("unwind needs a frame");
                (
                    f.func.code.clone(),
                    f.ip.saturating_sub(1),
                    f.base,
                    f.func.code.nslots(),
                )
            };
            if add_here {
                if let Some(st) = self.exc_state(&exc) {
                    let globals = self
                        .frames
                        .last()
                        .map(|f| Rc::downgrade(&f.func.globals))
                        .unwrap_or_default();
                    st.borrow_mut(self.gil.token()).traceback.push(TbEntry {
                        code: code.clone(),
                        ip: ip as u32,
                        globals,
                    });
                }
            }
            add_here = true;
            if let Some(h) = code.handler_for(ip as u32).copied() {
                self.stack.truncate(base + nslots + h.depth as usize);
                if h.lasti {
                    self.stack.push(Value::Int(ip as i64));
                }
                self.stack.push(exc);
                if let Some(f) = self.frames.last_mut() {
                    f.ip = h.target as usize;
                }
                return Ok(());
            }
            // No handler here: the frame is done.
            let frame = self.frames.pop().expect("frame");
            match &frame.kind {
                FrameKind::Call => self.stack.truncate(frame.base - 1),
                FrameKind::Init => self.stack.truncate(frame.base - 1),
                FrameKind::Gen {
                    gen,
                    then,
                    caller_handled,
                } => {
                    self.stack.truncate(frame.base);
                    self.finish_generator(gen);
                    self.handled = caller_handled.clone();
                    if self.isinstance(&exc, self.interp.types.exc(ExcKind::StopIteration)) {
                        // PEP 479: a StopIteration escaping a generator body
                        // would silently end the caller's loop; make it loud.
                        let new = self.new_exception_object(
                            self.interp.types.exc(ExcKind::RuntimeError),
                            vec![Value::str("generator raised StopIteration")],
                        );
                        if let Some(st) = self.exc_state(&new) {
                            let mut st = st.borrow_mut(self.gil.token());
                            st.cause = exc.clone();
                            st.context = exc.clone();
                            st.suppress_context = true;
                        }
                        exc = new;
                    }
                    if *then == GenCaller::Native {
                        return Err(PyErr::from_value(exc));
                    }
                }
            }
            if frame.boundary {
                return Err(PyErr::from_value(exc));
            }
        }
    }

    /// Builds the error for `raise`, `raise exc` and `raise exc from cause`.
    pub(crate) fn make_raise(&mut self, exc: Option<Value>, cause: Option<Value>) -> PyErr {
        let Some(exc) = exc else {
            // Bare `raise`: the exception being handled, traceback untouched.
            if self.handled.is_none() {
                return PyErr::new(ExcKind::RuntimeError, "No active exception to reraise");
            }
            self.reraise_pending = true;
            return PyErr::from_value(self.handled.clone());
        };
        let exc = match self.instantiate_exception(exc) {
            Ok(e) => e,
            Err(e) => return e,
        };
        if let Some(cause) = cause {
            let cause = match cause {
                Value::None => Value::None,
                c => match self.instantiate_exception(c) {
                    Ok(c) => c,
                    Err(_) => return type_error("exception causes must derive from BaseException"),
                },
            };
            if let Some(st) = self.exc_state(&exc) {
                let mut st = st.borrow_mut(self.gil.token());
                st.cause = cause;
                st.suppress_context = true;
            }
        }
        self.set_context(&exc);
        PyErr::from_value(exc)
    }

    /// Sets `__context__` of a newly raised exception to the one being
    /// handled (unless that would make a cycle).
    pub(crate) fn set_context(&self, exc: &Value) {
        if self.handled.is_none() || self.handled.is(exc) {
            return;
        }
        if let Some(st) = self.exc_state(exc) {
            let g = self.gil.token();
            if st.borrow(g).context.is_none() {
                // Break a cycle: if handled's chain already contains exc, skip.
                let mut cur = self.handled.clone();
                for _ in 0..100 {
                    let next = match self.exc_state(&cur) {
                        Some(s) => s.borrow(g).context.clone(),
                        None => break,
                    };
                    if next.is(exc) {
                        return;
                    }
                    if next.is_none() {
                        break;
                    }
                    cur = next;
                }
                st.borrow_mut(g).context = self.handled.clone();
            }
        }
    }

    /// `raise X`: an exception class is instantiated; an instance is used.
    pub(crate) fn instantiate_exception(&mut self, v: Value) -> Result<Value, PyErr> {
        let base_exc = self.interp.types.exc(ExcKind::BaseException).clone();
        match &v {
            Value::Class(c) if c.is_subclass(&base_exc) => {
                let c = Value::Class(c.clone());
                let inst = self.call0(&c)?;
                Ok(inst)
            }
            Value::Instance(i) if i.class.is_subclass(&base_exc) => Ok(v),
            _ => Err(type_error("exceptions must derive from BaseException")),
        }
    }

    /// `except typ:` matching (`typ` a class or a tuple of classes).
    pub(crate) fn exception_matches(&mut self, exc: &Value, typ: &Value) -> PyResult<bool> {
        match typ {
            Value::Tuple(t) => {
                for t in t.items.iter() {
                    if self.exception_matches(exc, t)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Class(c) => {
                let base_exc = self.interp.types.exc(ExcKind::BaseException).clone();
                if !c.is_subclass(&base_exc) {
                    return Err(type_error(
                        "catching classes that do not inherit from BaseException is not allowed",
                    ));
                }
                Ok(self.isinstance(exc, c))
            }
            _ => Err(type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// The exception class for a built-in kind.
    pub fn exc_class(&self, kind: ExcKind) -> Rc<Class> {
        self.interp.types.exc(kind).clone()
    }
}
