//! Ctrl-C: SIGINT becomes `KeyboardInterrupt` in the main thread.
//!
//! A small Rust thread receives the signal (through signal-hook's safe
//! iterator, so no code runs in the signal handler itself), records it, and
//! sets the eval breaker: the main thread raises `KeyboardInterrupt` at its
//! next switch point. Blocking waits on the main thread wake up regularly to
//! look at the flag (see `pending`), so a thread stuck in `join()` or
//! `sleep()` is interrupted within a fraction of a second.

use crate::gil::{GilLock, DROP_REQUEST, SIGNAL_PENDING};
use crate::objects::exception::PyErr;
use crate::objects::ExcKind;
use crate::vm::{PyResult, Vm};
use std::sync::atomic::{AtomicBool, Ordering};

static PENDING: AtomicBool = AtomicBool::new(false);

/// Set in pool workers, which leave Ctrl-C to the parent that stops them.
static IGNORED: AtomicBool = AtomicBool::new(false);

/// From now on, SIGINT does nothing in this process.
pub fn ignore_sigint() {
    IGNORED.store(true, Ordering::SeqCst);
}

/// Starts the listener thread. Call once, from the main thread.
pub fn install(gil: &'static GilLock) {
    use signal_hook::consts::SIGINT;
    use signal_hook::iterator::Signals;
    if crate::unsafety::signal_ignored(SIGINT) {
        // Started with SIGINT ignored: it stays ignored, as in CPython.
        return;
    }
    let Ok(mut signals) = Signals::new([SIGINT]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("mini-signals".into())
        .spawn(move || {
            for _ in signals.forever() {
                if IGNORED.load(Ordering::SeqCst) {
                    continue;
                }
                PENDING.store(true, Ordering::SeqCst);
                // Ask whoever holds the GIL to let go, so the main thread runs soon.
                gil.breaker()
                    .fetch_or(SIGNAL_PENDING | DROP_REQUEST, Ordering::SeqCst);
            }
        });
}

/// Whether a Ctrl-C is waiting to be raised.
pub fn pending() -> bool {
    PENDING.load(Ordering::SeqCst)
}

/// At a switch point of the main thread: raise a pending KeyboardInterrupt.
pub fn check(vm: &mut Vm) -> PyResult<()> {
    if PENDING.swap(false, Ordering::SeqCst) {
        vm.interp
            .gil
            .breaker()
            .fetch_and(!SIGNAL_PENDING, Ordering::SeqCst);
        return Err(PyErr::with_args(ExcKind::KeyboardInterrupt, vec![]));
    }
    Ok(())
}

/// Ends the process the way an uncaught KeyboardInterrupt ends python3:
/// killed by SIGINT (so the shell sees the signal, not an exit code).
pub fn exit_by_sigint() -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGINT);
    std::process::exit(130)
}
