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
    /// Calls `wait(d)` (which blocks for at most `d`) until `total` has
    /// passed, without the GIL.
    pub fn wait_interruptibly(
        &mut self,
        total: Duration,
        wait: impl Fn(Duration) + Send + Sync,
    ) -> PyResult<()> {
        if !self.thread.is_main {
            self.gil.allow_threads(|| wait(total));
            return Ok(());
        }
        let deadline = Instant::now() + total;
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Ok(());
            }
            let slice = (deadline - now).min(SLICE);
            let interrupted = self.gil.allow_threads(|| {
                wait(slice);
                crate::signals::pending()
            });
            if interrupted {
                crate::signals::check(self)?;
            }
        }
    }

    /// Waits until `ready()` says so (or `timeout` passes), without the GIL;
    /// `wait(d)` blocks for at most `d` or until woken. Returns whether
    /// `ready()` became true. Ctrl-C interrupts it on the main thread.
    pub fn wait_until(
        &mut self,
        timeout: Option<Duration>,
        ready: impl Fn() -> bool + Send + Sync,
        wait: impl Fn(Duration) + Send + Sync,
    ) -> PyResult<bool> {
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            let now = Instant::now();
            let left = match deadline {
                Some(d) if now >= d => return Ok(ready()),
                Some(d) => d - now,
                None => Duration::MAX,
            };
            let slice = if self.thread.is_main {
                left.min(SLICE)
            } else {
                left.min(Duration::from_secs(3600))
            };
            let (done, interrupted) = self.gil.allow_threads(|| {
                if ready() {
                    return (true, false);
                }
                wait(slice);
                (ready(), crate::signals::pending())
            });
            if done {
                return Ok(true);
            }
            if interrupted && self.thread.is_main {
                crate::signals::check(self)?;
            }
        }
    }
}
