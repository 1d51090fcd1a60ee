//! What the GIL knows about each thread that takes it: a name for the
//! statistics table, and counters only that thread writes.

use parking_lot::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::Instant;

pub struct ThreadInfo {
    /// Small sequential number (0 is the main thread).
    pub id: usize,
    pub name: Mutex<String>,
    pub stats: ThreadStats,
    /// Switch points left before the legacy policy drops the GIL.
    pub ticks: AtomicU32,
    /// When this thread last took the GIL (for the held-time counter).
    pub held_since: Mutex<Option<Instant>>,
}

/// Counters kept on every acquisition and release: cheap enough (a clock
/// read and a few relaxed atomics) to leave on always.
#[derive(Default)]
pub struct ThreadStats {
    pub acquisitions: AtomicU64,
    pub held_ns: AtomicU64,
    pub waited_ns: AtomicU64,
    pub max_wait_ns: AtomicU64,
    pub drops_on_request: AtomicU64,
    pub voluntary_releases: AtomicU64,
}

impl ThreadInfo {
    pub fn new(id: usize, name: &str) -> Arc<ThreadInfo> {
        Arc::new(ThreadInfo {
            id,
            name: Mutex::new(name.to_string()),
            stats: ThreadStats::default(),
            ticks: AtomicU32::new(0),
            held_since: Mutex::new(None),
        })
    }

    pub fn record_wait(&self, ns: u64) {
        let s = &self.stats;
        s.acquisitions.fetch_add(1, Relaxed);
        s.waited_ns.fetch_add(ns, Relaxed);
        s.max_wait_ns.fetch_max(ns, Relaxed);
    }
}
