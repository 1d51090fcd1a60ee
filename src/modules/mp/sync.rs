//! Process-shared synchronization, built on futexes in shared memory.
//!
//! Each primitive is a few 32-bit words in a shared block (`shm.rs`).
//! Waiting is `futex_wait` on a word, which sleeps in the kernel until a
//! `futex_wake` on the same memory from any process; the fast paths (an
//! uncontended acquire or release) are a single atomic operation. None of
//! this touches mini objects, so it runs with the GIL released; callers
//! wait in slices (`deadline`) so that Ctrl-C is noticed.
//!
//! The "waiters" words only save `futex_wake` system calls when nobody
//! sleeps. The orderings are SeqCst where a waiter's "I am about to sleep"
//! and a waker's "is anyone asleep?" must see each other (the classic
//! Dekker pattern); the futex's own compare closes the remaining window.

use super::shm::Block;
use crate::unsafety::ipc::{futex_wait, futex_wake};
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release, SeqCst};
use std::time::{Duration, Instant};

fn left(deadline: Instant) -> Option<Duration> {
    let now = Instant::now();
    (now < deadline).then(|| deadline - now)
}

/// A counting semaphore: word 0 is the count, word 1 the sleepers; words
/// 2-3 (a u64) the owner and word 4 the recursion count, used by locks.
pub struct Semaphore {
    pub block: Block,
}

pub const SEMAPHORE_BYTES: usize = 24;
const VALUE: usize = 0;
const SLEEPERS: usize = 4;
const OWNER: usize = 8;
const COUNT: usize = 16;

impl Semaphore {
    pub fn new(block: Block, value: u32) -> Semaphore {
        block.u32(VALUE).store(value, Release);
        Semaphore { block }
    }

    pub fn value(&self) -> u32 {
        self.block.u32(VALUE).load(Acquire)
    }

    pub fn try_acquire(&self) -> bool {
        let v = self.block.u32(VALUE);
        let mut cur = v.load(Relaxed);
        while cur > 0 {
            match v.compare_exchange_weak(cur, cur - 1, SeqCst, Relaxed) {
                Ok(_) => return true,
                Err(now) => cur = now,
            }
        }
        false
    }

    /// Decrements the count, sleeping while it is zero, until `deadline`.
    pub fn acquire_until(&self, deadline: Instant) -> bool {
        loop {
            if self.try_acquire() {
                return true;
            }
            let Some(wait) = left(deadline) else {
                return false;
            };
            let sleepers = self.block.u32(SLEEPERS);
            sleepers.fetch_add(1, SeqCst);
            futex_wait(self.block.u32(VALUE), 0, wait);
            sleepers.fetch_sub(1, SeqCst);
        }
    }

    pub fn release(&self) {
        self.block.u32(VALUE).fetch_add(1, SeqCst);
        if self.block.u32(SLEEPERS).load(SeqCst) > 0 {
            futex_wake(self.block.u32(VALUE), 1);
        }
    }

    /// The owner (process and thread) of a lock, or 0.
    pub fn owner(&self) -> u64 {
        self.block.u64(OWNER).load(Acquire)
    }

    pub fn set_owner(&self, owner: u64, count: u32) {
        self.block.u32(COUNT).store(count, Relaxed);
        self.block.u64(OWNER).store(owner, Release);
    }

    pub fn count(&self) -> u32 {
        self.block.u32(COUNT).load(Relaxed)
    }
}

/// An event flag: word 0 is the flag, word 1 the sleepers.
pub struct Event {
    pub block: Block,
}

pub const EVENT_BYTES: usize = 8;

impl Event {
    pub fn is_set(&self) -> bool {
        self.block.u32(0).load(Acquire) != 0
    }

    pub fn set(&self) {
        self.block.u32(0).store(1, SeqCst);
        if self.block.u32(4).load(SeqCst) > 0 {
            futex_wake(self.block.u32(0), u32::MAX);
        }
    }

    pub fn clear(&self) {
        self.block.u32(0).store(0, SeqCst);
    }

    /// Waits until the flag is set, at most until `deadline`.
    pub fn wait_until(&self, deadline: Instant) -> bool {
        loop {
            if self.is_set() {
                return true;
            }
            let Some(wait) = left(deadline) else {
                return false;
            };
            let sleepers = self.block.u32(4);
            sleepers.fetch_add(1, SeqCst);
            futex_wait(self.block.u32(0), 0, wait);
            sleepers.fetch_sub(1, SeqCst);
        }
    }
}

/// The wait queue of a process-shared condition variable.
///
/// Word 0 is a sequence number bumped by every notify, word 1 the number of
/// registered waiters, word 2 the wake-ups granted and not yet taken.
/// `register` is called with the condition's lock held, before releasing
/// it; `notify(n)` (lock held) turns up to `n` registrations into grants;
/// a waiter takes a grant once the sequence has moved. As in CPython's
/// multiprocessing, a waiter that registers after a notify may take a grant
/// meant for an earlier one; the count of woken waiters is still right.
pub struct CondQueue {
    pub block: Block,
}

pub const COND_BYTES: usize = 16;
const SEQ: usize = 0;
const WAITERS: usize = 4;
const GRANTS: usize = 8;

impl CondQueue {
    /// Registers a waiter; returns its ticket (the sequence it saw).
    pub fn register(&self) -> u32 {
        self.block.u32(WAITERS).fetch_add(1, SeqCst);
        self.block.u32(SEQ).load(SeqCst)
    }

    pub fn notify(&self, n: u32) {
        let waiters = self.block.u32(WAITERS);
        let mut granted = 0;
        let mut cur = waiters.load(SeqCst);
        while cur > 0 && granted < n {
            let take = cur.min(n - granted);
            match waiters.compare_exchange(cur, cur - take, SeqCst, SeqCst) {
                Ok(_) => granted += take,
                Err(now) => cur = now,
            }
        }
        if granted > 0 {
            self.block.u32(GRANTS).fetch_add(granted, SeqCst);
            self.block.u32(SEQ).fetch_add(1, SeqCst);
            futex_wake(self.block.u32(SEQ), u32::MAX);
        }
    }

    fn take_grant(&self) -> bool {
        let grants = self.block.u32(GRANTS);
        let mut cur = grants.load(SeqCst);
        while cur > 0 {
            match grants.compare_exchange(cur, cur - 1, SeqCst, SeqCst) {
                Ok(_) => return true,
                Err(now) => cur = now,
            }
        }
        false
    }

    /// Sleeps (lock released by the caller) until a grant can be taken or
    /// `slice` has passed; true if notified. `ticket` follows the sequence
    /// so that notifies whose grants others took do not make this spin.
    pub fn wait_slice(&self, ticket: &mut u32, slice: Duration) -> bool {
        let seq = self.block.u32(SEQ);
        let deadline = Instant::now() + slice;
        loop {
            let now = seq.load(SeqCst);
            if now != *ticket {
                if self.take_grant() {
                    return true;
                }
                *ticket = now;
            }
            let Some(wait) = left(deadline) else {
                return false;
            };
            futex_wait(seq, *ticket, wait);
        }
    }

    /// Gives up waiting at the deadline; true if a notify had already
    /// turned this registration into a grant (which is then taken).
    pub fn withdraw(&self) -> bool {
        let waiters = self.block.u32(WAITERS);
        let mut cur = waiters.load(SeqCst);
        while cur > 0 {
            match waiters.compare_exchange(cur, cur - 1, SeqCst, SeqCst) {
                Ok(_) => return false,
                Err(now) => cur = now,
            }
        }
        // Our registration became a grant: it is ours to take (it may take a
        // moment to appear, as notify publishes it after the waiter count).
        while !self.take_grant() {
            std::hint::spin_loop();
        }
        true
    }
}
