//! Frames: one per active function call, kept on a stack the VM owns.
//!
//! A frame's local variables and operand stack are a window of the thread's
//! value stack starting at `base`: slots `base..base+nslots` are the locals
//! (parameters first, then other locals, cells, free variables), and the
//! operand stack grows above them. A call is therefore no Rust recursion and
//! no allocation: push the arguments, push a `Frame`, carry on.

use crate::objects::{DictObj, Function, Generator, Value};
use std::rc::Rc;

pub struct Frame {
    pub func: Rc<Function>,
    /// Index of the next instruction (saved when another frame runs).
    pub ip: usize,
    /// Value-stack index of slot 0.
    pub base: usize,
    pub kind: FrameKind,
    /// Started from Rust (`Vm::call`, an import, `next()` on a generator):
    /// when it returns (or yields), the dispatch loop returns to Rust.
    pub boundary: bool,
    /// For class bodies and module code run by `exec`: the namespace that
    /// `LoadName`/`StoreName` use.
    pub namespace: Option<Rc<DictObj>>,
}

/// What happens when the frame returns.
pub enum FrameKind {
    /// An ordinary call: the result replaces the callee below `base`.
    Call,
    /// `__init__` run by instantiating a class: the result must be None and
    /// the new instance (in the callee slot) becomes the call's result.
    Init,
    /// A generator's frame, resumed by `then`.
    Gen {
        gen: Rc<Generator>,
        then: GenCaller,
        /// The resumer's `handled` exception, restored when the generator
        /// yields or finishes.
        caller_handled: Value,
    },
}

/// Who resumed a generator, and so where its yields and its return go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenCaller {
    /// A `for` loop: yields push the value; return jumps to the loop exit.
    ForIter(u32),
    /// `yield from`: yields push the value; return pushes the result and jumps.
    Send(u32),
    /// Rust code (`next()`, `list()`, ...): the loop returns to it.
    Native,
}

/// A generator's frame while it is not running.
pub struct SavedFrame {
    pub func: Rc<Function>,
    pub ip: usize,
    /// Slots and operand stack, moved out of the VM stack.
    pub values: Vec<Value>,
    /// The exception the generator was handling when it yielded.
    pub handled: Value,
}
