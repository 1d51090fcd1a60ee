//! Blocking without the GIL, interruptibly.
//!
//! Everything that can block (sleep, join, lock and queue waits, reads)
//! releases the GIL first. On the main thread the wait is cut into short
//! slices so that Ctrl-C raises KeyboardInterrupt promptly even there.

use super::{PyResult, Vm};
use std::time::{Duration, Instant};

/// Longest uninterrupted slice of a main-thread wait.
pub const SLICE: Duration = Duration::from_millis(20);

impl Vm {
    /// Calls `attempt(d)` without the GIL until it returns `Some`, or until
    /// `timeout` (None: forever) has passed. `attempt` must block for at most
    /// `d`. On the main thread, a Ctrl-C between attempts raises
    /// KeyboardInterrupt.
    pub fn block<T: Send>(
        &mut self,
        timeout: Option<Duration>,
        attempt: impl Fn(Duration) -> Option<T> + Send + Sync,
    ) -> PyResult<Option<T>> {
        let deadline = timeout.map(|t| Instant::now() + t);
        let longest = if self.thread.is_main {
            SLICE
        } else {
            Duration::from_secs(3600)
        };
        loop {
            let left = deadline.map_or(Duration::MAX, |d| {
                d.saturating_duration_since(Instant::now())
            });
            let slice = left.min(longest);
            let (r, interrupted) = self.gil.allow_threads(|| {
                let r = attempt(slice);
                (r, crate::signals::pending())
            });
            if r.is_some() {
                return Ok(r);
            }
            if interrupted && self.thread.is_main {
                crate::signals::check(self)?;
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(None);
            }
        }
    }
}
