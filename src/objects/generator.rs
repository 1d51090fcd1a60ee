//! Generators: a suspended frame plus its status.
//!
//! Because frames live on a stack the VM owns (not on the Rust stack),
//! suspending one is just moving its slots and operands out of the VM stack
//! into the generator, and resuming moves them back.

use super::{CodeRef, StrObj};
use crate::gil::GilCell;
use crate::vm::frame::SavedFrame;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenStatus {
    /// Created, not started yet.
    Created,
    /// Paused at a `yield`.
    Suspended,
    /// Running now (resuming it again is a ValueError).
    Running,
    /// Returned or raised; any further `next()` raises StopIteration.
    Finished,
}

pub struct Generator {
    pub code: CodeRef,
    pub name: Rc<StrObj>,
    pub qualname: Rc<StrObj>,
    pub state: GilCell<GenState>,
}

pub struct GenState {
    pub status: GenStatus,
    /// The frame while not running.
    pub frame: Option<SavedFrame>,
}
