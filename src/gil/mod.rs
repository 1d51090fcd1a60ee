//! The global interpreter lock.
//!
//! One `GilLock` per interpreter process. A thread runs bytecode only while
//! it holds a [`GilGuard`]; object state is reachable only through the
//! [`Gil`] token the guard lends out (see `token.rs` for why that makes the
//! heap safe).
//!
//! The holder gives the lock up in two ways:
//! * at a *switch point* of the eval loop, when the eval breaker is set and
//!   the hand-off policy says so (`GilGuard::switch`), and
//! * around anything that blocks (`GilGuard::allow_threads`).
//!
//! Who gets the lock next is decided by a pluggable [`Policy`]
//! (`cpython.rs`, `legacy.rs`, ...). This file keeps what every policy
//! shares: the eval breaker, the switch interval, and statistics.

pub mod cpython;
pub mod legacy;
pub mod policy;
pub mod stats;
pub mod thread;
pub mod token;

use parking_lot::Mutex;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use policy::{Policy, PolicyOptions, Release};
pub use thread::ThreadInfo;
pub use token::{Gil, GilCell};

/// Eval-breaker bit: a waiting thread asks the holder to drop the GIL.
pub const DROP_REQUEST: u32 = 1 << 0;
/// Eval-breaker bit: a signal (Ctrl-C) arrived and the main thread must handle it.
pub const SIGNAL_PENDING: u32 = 1 << 1;
/// Eval-breaker bit: the policy wants to see every switch point.
pub const POLL: u32 = 1 << 2;

/// The lock itself, shared by every thread of the process (it lives for
/// the whole process, hence `&'static`).
pub struct GilLock {
    /// The one word the eval loop polls at its switch points.
    breaker: AtomicU32,
    interval_ns: AtomicU64,
    policy: Box<dyn Policy>,
    /// Every thread that ever took the GIL (for the statistics table).
    threads: Mutex<Vec<Arc<ThreadInfo>>>,
    /// The thread that took the GIL last, to count switches.
    last_holder: AtomicUsize,
    switches: AtomicU64,
    started: Instant,
}

impl GilLock {
    /// The process's lock: the first call creates it with this policy and
    /// interval; later calls (a second embedded `Interpreter`) get that same
    /// lock back and ignore their arguments. There is never a second GIL in
    /// a process because a `Gil` token does not say which lock it proves:
    /// two locks would let two threads, each holding "the" GIL, touch the
    /// same object.
    pub fn with_policy(interval: Duration, policy: Box<dyn Policy>) -> &'static GilLock {
        static PROCESS_GIL: std::sync::OnceLock<&'static GilLock> = std::sync::OnceLock::new();
        PROCESS_GIL.get_or_init(|| GilLock::create(interval, policy))
    }

    fn create(interval: Duration, policy: Box<dyn Policy>) -> &'static GilLock {
        let poll = if policy.polls() { POLL } else { 0 };
        Box::leak(Box::new(GilLock {
            breaker: AtomicU32::new(poll),
            interval_ns: AtomicU64::new(interval.as_nanos().max(1) as u64),
            policy,
            threads: Mutex::new(Vec::new()),
            last_holder: AtomicUsize::new(usize::MAX),
            switches: AtomicU64::new(0),
            started: Instant::now(),
        }))
    }

    /// A lock with the default (`cpython`) policy.
    pub fn new(interval: Duration) -> &'static GilLock {
        GilLock::with_policy(interval, Box::new(cpython::CPython::new()))
    }

    pub fn new_default() -> &'static GilLock {
        GilLock::new(Duration::from_millis(5))
    }

    pub fn breaker(&self) -> &AtomicU32 {
        &self.breaker
    }

    pub fn policy_name(&self) -> &'static str {
        self.policy.name()
    }

    pub fn interval(&self) -> Duration {
        Duration::from_nanos(self.interval_ns.load(Relaxed))
    }

    pub fn set_interval(&self, interval: Duration) {
        self.interval_ns.store(
            interval.as_nanos().clamp(1, u64::MAX as u128) as u64,
            Relaxed,
        );
    }

    /// For policies: ask the holder to drop the GIL at its next switch point.
    pub fn request_drop(&self) {
        self.breaker.fetch_or(DROP_REQUEST, Relaxed);
    }

    pub fn clear_drop_request(&self) {
        self.breaker.fetch_and(!DROP_REQUEST, Relaxed);
    }

    pub fn drop_requested(&self) -> bool {
        self.breaker.load(Relaxed) & DROP_REQUEST != 0
    }

    /// Registers a thread that is about to take the GIL for the first time.
    pub fn register(&self, name: &str) -> Arc<ThreadInfo> {
        let mut threads = self.threads.lock();
        let info = ThreadInfo::new(threads.len(), name);
        threads.push(info.clone());
        info
    }

    /// Blocks until `me` holds the GIL, keeping the statistics.
    fn take(&self, me: &ThreadInfo) {
        let t0 = Instant::now();
        self.policy.acquire(self, me);
        let t1 = Instant::now();
        me.record_wait((t1 - t0).as_nanos() as u64);
        *me.held_since.lock() = Some(t1);
        if self.last_holder.swap(me.id, Relaxed) != me.id {
            self.switches.fetch_add(1, Relaxed);
        }
    }

    fn give(&self, me: &ThreadInfo, why: Release) {
        if let Some(since) = me.held_since.lock().take() {
            me.stats
                .held_ns
                .fetch_add(since.elapsed().as_nanos() as u64, Relaxed);
        }
        match why {
            Release::Requested => me.stats.drops_on_request.fetch_add(1, Relaxed),
            Release::Blocking => me.stats.voluntary_releases.fetch_add(1, Relaxed),
            Release::Exit => 0,
        };
        self.policy.release(self, me, why);
    }

    /// The statistics table `--gil-stats` prints at exit.
    pub fn stats_table(&self) -> String {
        stats::table(
            self,
            &self.threads.lock(),
            self.switches.load(Relaxed),
            self.started.elapsed(),
        )
    }
}

/// Held by a thread while it holds the GIL. Not `Send`: the lock is held by
/// a thread, not by a value that could wander off.
pub struct GilGuard {
    lock: &'static GilLock,
    me: Arc<ThreadInfo>,
    _not_send: PhantomData<*const ()>,
}

impl GilGuard {
    /// Registers the calling thread under `name` and blocks until it holds the GIL.
    pub fn acquire_named(lock: &'static GilLock, name: &str) -> GilGuard {
        let me = lock.register(name);
        lock.take(&me);
        GilGuard {
            lock,
            me,
            _not_send: PhantomData,
        }
    }

    pub fn acquire(lock: &'static GilLock) -> GilGuard {
        GilGuard::acquire_named(lock, "thread")
    }

    /// Lends out the proof that the GIL is held, for as long as `self` is borrowed.
    #[inline]
    pub fn token(&self) -> Gil<'_> {
        Gil::new()
    }

    pub fn lock(&self) -> &'static GilLock {
        self.lock
    }

    pub fn thread(&self) -> &Arc<ThreadInfo> {
        &self.me
    }

    /// A switch point: if the policy says so, let another thread run.
    /// Taking `&mut self` proves no object borrow is alive across the switch.
    pub fn switch(&mut self) {
        if self.lock.policy.should_drop(self.lock, &self.me) {
            self.lock.give(&self.me, Release::Requested);
            self.lock.take(&self.me);
        }
    }

    /// Runs blocking work without the GIL. `f` must be `Send`, so it cannot
    /// capture the token or any mini object.
    pub fn allow_threads<R>(&mut self, f: impl FnOnce() -> R + Send) -> R {
        struct Retake<'a>(&'static GilLock, &'a ThreadInfo);
        impl Drop for Retake<'_> {
            fn drop(&mut self) {
                self.0.take(self.1);
            }
        }
        self.lock.give(&self.me, Release::Blocking);
        let _retake = Retake(self.lock, &self.me);
        f()
    }
}

impl Drop for GilGuard {
    fn drop(&mut self) {
        self.lock.give(&self.me, Release::Exit);
    }
}
