//! The `legacy` policy: Python 2's GIL.
//!
//! Every `check_interval` switch points ("ticks", 100 by default) the holder
//! releases the GIL and immediately asks for it again. There is no drop
//! request and no hand-off guarantee: releasing only wakes a waiter, and on
//! a multicore machine the releasing thread usually re-takes the lock before
//! the woken thread is scheduled. CPU-bound threads then keep the GIL for
//! long stretches while waiters spin through wake-ups (the behaviour David
//! Beazley measured in 2009 that motivated the new GIL).
//!
//! The switch interval plays no part here; ticks count switch points, not
//! time.

use super::policy::{Policy, Release};
use super::{GilLock, ThreadInfo};
use parking_lot::{Condvar, Mutex};
use std::sync::atomic::Ordering::Relaxed;

pub struct Legacy {
    locked: Mutex<bool>,
    cond: Condvar,
    check_interval: u32,
}

impl Legacy {
    pub fn new(check_interval: u32) -> Legacy {
        Legacy {
            locked: Mutex::new(false),
            cond: Condvar::new(),
            check_interval: check_interval.max(1),
        }
    }
}

impl Policy for Legacy {
    fn name(&self) -> &'static str {
        "legacy"
    }

    fn acquire(&self, _gil: &GilLock, me: &ThreadInfo) {
        let mut locked = self.locked.lock();
        while *locked {
            self.cond.wait(&mut locked);
        }
        *locked = true;
        me.ticks.store(self.check_interval, Relaxed);
    }

    fn release(&self, _gil: &GilLock, _me: &ThreadInfo, _why: Release) {
        *self.locked.lock() = false;
        self.cond.notify_one();
    }

    fn should_drop(&self, _gil: &GilLock, me: &ThreadInfo) -> bool {
        // Only this thread touches its tick counter.
        let t = me.ticks.load(Relaxed);
        if t <= 1 {
            me.ticks.store(self.check_interval, Relaxed);
            true
        } else {
            me.ticks.store(t - 1, Relaxed);
            false
        }
    }

    fn polls(&self) -> bool {
        true
    }
}
