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
use parking_lot::Mutex;
use std::cell::RefCell;
use std::collections::HashSet;
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

/// The descriptors this process was told it inherited, not yet taken.
fn inherited() -> &'static Mutex<HashSet<RawFd>> {
    static SET: std::sync::OnceLock<Mutex<HashSet<RawFd>>> = std::sync::OnceLock::new();
    SET.get_or_init(|| Mutex::new(HashSet::new()))
}

/// In a child, at start: the descriptor numbers the parent passed.
pub fn set_inherited(fds: &[RawFd]) {
    inherited().lock().extend(fds.iter().copied());
}

/// Takes over an inherited descriptor, at most once per number.
pub fn adopt(fd: RawFd) -> Result<OwnedFd, PyErr> {
    if !inherited().lock().remove(&fd) {
        return Err(runtime_error(format!(
            "descriptor {fd} was not inherited from the parent process"
        )));
    }
    crate::unsafety::ipc::adopt_inherited_fd(fd).map_err(|e| {
        crate::objects::exception::os_error(crate::objects::ExcKind::OSError, &e, None)
    })
}
