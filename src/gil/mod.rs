//! The global interpreter lock.
//!
//! One `GilLock` per interpreter process. A thread runs bytecode only while it
//! holds a [`GilGuard`]; object state is reachable only through the [`Gil`]
//! token the guard lends out (see `token.rs` for why that makes the heap safe).
//!
//! The holder gives the lock up in two ways:
//! * at a *switch point* of the eval loop, when the eval breaker says another
//!   thread asked for it (`GilGuard::switch`), and
//! * around anything that blocks (`GilGuard::allow_threads`).

pub mod token;

use parking_lot::{Condvar, Mutex};
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

pub use token::{Gil, GilCell};

/// Eval-breaker bit: a waiting thread asks the holder to drop the GIL.
pub const DROP_REQUEST: u32 = 1 << 0;
/// Eval-breaker bit: a signal (Ctrl-C) arrived and the main thread must handle it.
pub const SIGNAL_PENDING: u32 = 1 << 1;

/// The lock itself, shared by every thread of the process.
pub struct GilLock {
    state: Mutex<State>,
    /// Waiters sleep here for at most one switch interval.
    cond: Condvar,
    /// The one word the eval loop polls at its switch points.
    breaker: AtomicU32,
    interval_ns: AtomicU64,
}

struct State {
    locked: bool,
    /// Incremented on every acquisition, so a waiter can tell whether any
    /// switch happened while it slept.
    switches: u64,
}

impl GilLock {
    /// One lock per process, alive until the process ends.
    pub fn new(interval: Duration) -> &'static GilLock {
        Box::leak(Box::new(GilLock {
            state: Mutex::new(State {
                locked: false,
                switches: 0,
            }),
            cond: Condvar::new(),
            breaker: AtomicU32::new(0),
            interval_ns: AtomicU64::new(interval.as_nanos() as u64),
        }))
    }

    pub fn new_default() -> &'static GilLock {
        GilLock::new(Duration::from_millis(5))
    }

    pub fn breaker(&self) -> &AtomicU32 {
        &self.breaker
    }

    pub fn interval(&self) -> Duration {
        Duration::from_nanos(self.interval_ns.load(Ordering::Relaxed))
    }

    pub fn set_interval(&self, interval: Duration) {
        self.interval_ns
            .store(interval.as_nanos().max(1) as u64, Ordering::Relaxed);
    }

    fn take(&self) {
        let mut st = self.state.lock();
        while st.locked {
            let seen = st.switches;
            let timed_out = self.cond.wait_for(&mut st, self.interval()).timed_out();
            if timed_out && st.locked && st.switches == seen {
                self.breaker.fetch_or(DROP_REQUEST, Ordering::Relaxed);
            }
        }
        st.locked = true;
        st.switches += 1;
        self.breaker.fetch_and(!DROP_REQUEST, Ordering::Relaxed);
    }

    fn give(&self) {
        let mut st = self.state.lock();
        st.locked = false;
        drop(st);
        self.cond.notify_one();
    }
}

/// Held by a thread while it holds the GIL. Not `Send`: the lock is held by a
/// thread, not by a value that could wander off.
pub struct GilGuard {
    lock: &'static GilLock,
    _not_send: PhantomData<*const ()>,
}

impl GilGuard {
    /// Blocks until this thread holds the GIL.
    pub fn acquire(lock: &'static GilLock) -> GilGuard {
        lock.take();
        GilGuard {
            lock,
            _not_send: PhantomData,
        }
    }

    /// Lends out the proof that the GIL is held, for as long as `self` is borrowed.
    #[inline]
    pub fn token(&self) -> Gil<'_> {
        Gil::new()
    }

    pub fn lock(&self) -> &'static GilLock {
        self.lock
    }

    /// A switch point: if another thread asked for the GIL, let it run.
    /// Taking `&mut self` proves no object borrow is alive across the switch.
    pub fn switch(&mut self) {
        if self.lock.breaker.load(Ordering::Relaxed) & DROP_REQUEST != 0 {
            self.lock.give();
            std::thread::yield_now();
            self.lock.take();
        }
    }

    /// Runs blocking work without the GIL. `f` must be `Send`, so it cannot
    /// capture the token or any mini object.
    pub fn allow_threads<R>(&mut self, f: impl FnOnce() -> R + Send) -> R {
        struct Retake<'a>(&'a GilLock);
        impl Drop for Retake<'_> {
            fn drop(&mut self) {
                self.0.take();
            }
        }
        self.lock.give();
        let _retake = Retake(self.lock);
        f()
    }
}

impl Drop for GilGuard {
    fn drop(&mut self) {
        self.lock.give();
    }
}
