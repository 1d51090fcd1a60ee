//! Handing descriptors to a child process when it is spawned.
//!
//! Pipes and shared memory are anonymous: a child can use one only if it
//! inherits the descriptor. While `Process.start()` serializes the process
//! object, the objects inside it that own descriptors (connections, shared
//! memory, process-shared locks) register them here; the spawner then keeps
//! exactly those descriptors open across `exec`, at the same numbers, and
//! tells the child which numbers it may take over. Serializing such an
//! object at any other time (to put it on a queue, say) is an error, as in
//! CPython: they "should only be shared between processes through
//! inheritance".

use crate::objects::exception::{runtime_error, PyErr};
use std::cell::RefCell;
use std::os::fd::{OwnedFd, RawFd};

thread_local! {
    /// The descriptors registered by the spawn in progress on this thread.
    static PASSING: RefCell<Option<Vec<RawFd>>> = const { RefCell::new(None) };
}

/// Runs `f` (which serializes a process object) and returns the
/// descriptors the objects it met asked to pass on.
pub fn collecting<T>(f: impl FnOnce() -> T) -> (T, Vec<RawFd>) {
    let outer = PASSING.with(|p| p.borrow_mut().replace(Vec::new()));
    let r = f();
    let mut fds = PASSING
        .with(|p| std::mem::replace(&mut *p.borrow_mut(), outer))
        .unwrap_or_default();
    fds.sort_unstable();
    fds.dedup();
    (r, fds)
}

/// Registers `fd` for the child being spawned; `what` names the object for
/// the error when no spawn is in progress.
pub fn pass_fd(fd: RawFd, what: &str) -> Result<(), PyErr> {
    PASSING.with(|p| match p.borrow_mut().as_mut() {
        Some(fds) => {
            fds.push(fd);
            Ok(())
        }
        None => Err(runtime_error(format!(
            "{what} objects should only be shared between processes through inheritance"
        ))),
    })
}

/// Raises the "only through inheritance" error unless a spawn is in
/// progress on this thread.
pub fn check_spawning(what: &str) -> Result<(), PyErr> {
    PASSING.with(|p| match p.borrow().as_ref() {
        Some(_) => Ok(()),
        None => Err(runtime_error(format!(
            "{what} objects should only be shared between processes through inheritance"
        ))),
    })
}

/// In a child, at start: the descriptor numbers the parent passed.
pub fn set_inherited(fds: &[RawFd]) {
    crate::unsafety::ipc::set_inherited_fds(fds);
}

/// Takes over an inherited descriptor, at most once per number.
pub fn adopt(fd: RawFd) -> Result<OwnedFd, PyErr> {
    crate::unsafety::ipc::adopt_inherited_fd(fd).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidInput => runtime_error(format!(
            "descriptor {fd} was not inherited from the parent process"
        )),
        _ => crate::objects::exception::os_error(crate::objects::ExcKind::OSError, &e, None),
    })
}
