//! Every `unsafe` block in mini lives in this module.
//!
//! The rest of the crate is compiled with `#![deny(unsafe_code)]`. What is
//! here is small on purpose, and each block says why it is sound; the whole
//! argument is written out in docs/architecture.md ("Why the heap is sound").

#![allow(unsafe_code)]

use crate::gil::Gil;

pub mod ipc;

/// Carries GIL-protected values (which are `!Send`, because their reference
/// counts are not atomic) from one thread to a thread it starts.
///
/// The value can be put in only by a thread that holds the GIL (`new` takes a
/// token) and taken out only by a thread that holds it (`open` takes one), so
/// every touch of the reference counts inside happens under the lock, whose
/// release/acquire orders the two threads' accesses.
pub struct SendBox<T> {
    value: Option<T>,
}

impl<T> SendBox<T> {
    pub fn new(_gil: Gil<'_>, value: T) -> SendBox<T> {
        SendBox { value: Some(value) }
    }

    pub fn open(mut self, _gil: Gil<'_>) -> T {
        self.value
            .take()
            .expect("SendBox is opened exactly once: open() consumes it")
    }
}

impl<T> Drop for SendBox<T> {
    fn drop(&mut self) {
        // A box dropped unopened may be on a thread that does not hold the GIL
        // (a thread that failed before taking it). Dropping the contents there
        // would touch reference counts without the lock, so leak them instead:
        // it happens only when starting a thread fails.
        if let Some(value) = self.value.take() {
            std::mem::forget(value);
        }
    }
}

// SAFETY: the contents are only created and taken out by threads holding the
// GIL (`new` and `open` require a `Gil` token), and never touched in between;
// an unopened box leaks its contents instead of dropping them (see `Drop`).
// So no reference count or cell inside is ever accessed by two threads
// without the GIL's happens-before edge between them.
unsafe impl<T> Send for SendBox<T> {}

/// CPU time used by the whole process (`time.process_time()`).
pub fn process_cpu_time() -> std::time::Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; clock_gettime only writes
    // into it and CLOCK_PROCESS_CPUTIME_ID is always supported on Linux.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return std::time::Duration::ZERO;
    }
    std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// `(pthread_self(), gettid())` of the calling thread: what CPython reports
/// as `threading.get_ident()` and `threading.get_native_id()`.
pub fn thread_ids() -> (u64, u64) {
    // SAFETY: both calls take no arguments, cannot fail and only read the
    // calling thread's identity.
    unsafe { (libc::pthread_self() as u64, libc::gettid() as u64) }
}
