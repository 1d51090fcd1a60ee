//! The `cpython` policy: CPython 3.2+'s "new GIL" (ceval_gil.c), with forced
//! switching.
//!
//! * A thread that wants the GIL waits on a condition variable for at most
//!   one switch interval. If the wait times out and no switch happened in
//!   the meantime, it sets the eval breaker's drop request.
//! * The holder sees the request at its next switch point and drops the GIL.
//! * Forced switching: after dropping on request, the old holder does not
//!   try to take the GIL back until some other thread has taken it. Without
//!   this, on a multicore machine the dropping thread would usually win
//!   again before the woken waiter is even scheduled.
//!
//! Which waiter gets the GIL is left to the OS scheduler (whoever wakes
//! first from `notify_one`), so there is no fairness guarantee among
//! several waiters: that is what the `fifo` policy changes.

use super::policy::{Policy, Release};
use super::{GilLock, ThreadInfo};
use parking_lot::{Condvar, Mutex};
use std::time::Duration;

pub struct CPython {
    state: Mutex<State>,
    /// Signalled when the GIL is released.
    cond: Condvar,
    /// Signalled when a thread takes the GIL (for forced switching).
    switch_cond: Condvar,
}

struct State {
    locked: bool,
    /// The thread that holds or last held the GIL.
    last_holder: Option<usize>,
    /// Incremented on every acquisition.
    switch_number: u64,
}

impl CPython {
    pub fn new() -> CPython {
        CPython {
            state: Mutex::new(State {
                locked: false,
                last_holder: None,
                switch_number: 0,
            }),
            cond: Condvar::new(),
            switch_cond: Condvar::new(),
        }
    }
}

impl Default for CPython {
    fn default() -> Self {
        CPython::new()
    }
}

impl Policy for CPython {
    fn name(&self) -> &'static str {
        "cpython"
    }

    fn acquire(&self, gil: &GilLock, me: &ThreadInfo) {
        let mut st = self.state.lock();
        while st.locked {
            let seen = st.switch_number;
            let timed_out = self.cond.wait_for(&mut st, gil.interval()).timed_out();
            // A whole interval passed and the holder is still the same one:
            // ask it to drop the GIL at its next switch point.
            if timed_out && st.locked && st.switch_number == seen {
                gil.request_drop();
            }
        }
        st.locked = true;
        st.last_holder = Some(me.id);
        st.switch_number += 1;
        // A request made by us (or anyone) is now served.
        gil.clear_drop_request();
        self.switch_cond.notify_all();
    }

    fn release(&self, _gil: &GilLock, me: &ThreadInfo, why: Release) {
        let mut st = self.state.lock();
        st.locked = false;
        self.cond.notify_one();
        if why == Release::Requested {
            // Forced switching: wait until another thread took the GIL.
            // (Bounded waits: the requester might have been interrupted.)
            while st.last_holder == Some(me.id) && !st.locked {
                if self
                    .switch_cond
                    .wait_for(&mut st, Duration::from_millis(50))
                    .timed_out()
                {
                    break;
                }
            }
        }
    }

    fn should_drop(&self, gil: &GilLock, _me: &ThreadInfo) -> bool {
        gil.drop_requested()
    }
}
