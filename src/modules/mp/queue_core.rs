//! The storage of a multiprocessing queue, in the process that created it
//! (its "home"): serialized items in a deque, with condition variables for
//! the waits. The home's own threads use it directly; other processes reach
//! it through the broker (`broker.rs`), whose threads call the same
//! methods. This is plain Rust data shared by Rust threads (the broker runs
//! without the GIL), so a mutex guards it; no mini object is inside.
//!
//! Because the home keeps every item until someone takes it, a producer
//! never waits for a consumer unless the queue has a `maxsize`: a child can
//! put any amount and exit, and joining it before draining the queue does
//! not deadlock (CPython's documented "joining processes that use queues"
//! pitfall).

use parking_lot::{Condvar, Mutex};
use std::collections::VecDeque;
use std::time::Instant;

#[derive(Default)]
struct Inner {
    items: VecDeque<Vec<u8>>,
    /// Items put and not yet marked done (`JoinableQueue`).
    unfinished: u64,
}

pub struct QueueCore {
    /// 0: unbounded.
    pub maxsize: usize,
    inner: Mutex<Inner>,
    not_empty: Condvar,
    not_full: Condvar,
    all_done: Condvar,
}

impl QueueCore {
    pub fn new(maxsize: usize) -> QueueCore {
        QueueCore {
            maxsize,
            inner: Mutex::new(Inner::default()),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            all_done: Condvar::new(),
        }
    }

    /// Adds an item, waiting for room until `deadline`; gives the item
    /// back if the queue stayed full.
    pub fn put(&self, item: Vec<u8>, deadline: Instant) -> Result<(), Vec<u8>> {
        let mut q = self.inner.lock();
        while self.maxsize > 0 && q.items.len() >= self.maxsize {
            if self.not_full.wait_until(&mut q, deadline).timed_out()
                && q.items.len() >= self.maxsize
            {
                return Err(item);
            }
        }
        q.items.push_back(item);
        q.unfinished += 1;
        drop(q);
        self.not_empty.notify_one();
        Ok(())
    }

    /// Takes the oldest item, waiting until `deadline`.
    pub fn get(&self, deadline: Instant) -> Option<Vec<u8>> {
        let mut q = self.inner.lock();
        loop {
            if let Some(item) = q.items.pop_front() {
                drop(q);
                self.not_full.notify_one();
                return Some(item);
            }
            if self.not_empty.wait_until(&mut q, deadline).timed_out() && q.items.is_empty() {
                return None;
            }
        }
    }

    /// Puts back an item a reader took but could not deliver (its process
    /// went away), at the front, where it came from.
    pub fn unget(&self, item: Vec<u8>) {
        self.inner.lock().items.push_front(item);
        self.not_empty.notify_one();
    }

    pub fn len(&self) -> usize {
        self.inner.lock().items.len()
    }

    /// Marks one item done; false if there was none to mark.
    pub fn task_done(&self) -> bool {
        let mut q = self.inner.lock();
        if q.unfinished == 0 {
            return false;
        }
        q.unfinished -= 1;
        if q.unfinished == 0 {
            self.all_done.notify_all();
        }
        true
    }

    /// Waits until every item put has been marked done, until `deadline`.
    pub fn join(&self, deadline: Instant) -> bool {
        let mut q = self.inner.lock();
        while q.unfinished > 0 {
            if self.all_done.wait_until(&mut q, deadline).timed_out() && q.unfinished > 0 {
                return false;
            }
        }
        true
    }
}
