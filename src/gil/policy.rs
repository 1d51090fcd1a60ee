//! Hand-off policies: who gets the GIL next.
//!
//! A policy owns the whole decision. The core (`GilLock`) only keeps the
//! eval breaker, the switch interval and the statistics, and calls the
//! policy at three moments: a thread wants the GIL (`acquire`), a thread
//! gives it up (`release`), and the holder reaches a switch point while the
//! eval breaker is set (`should_drop`). Each policy is one file; adding one
//! is that file plus one line in `POLICIES`.

use super::{GilLock, ThreadInfo};

/// Why the holder gives the GIL up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// At a switch point, because `should_drop` said so.
    Requested,
    /// Around a blocking call (`allow_threads`).
    Blocking,
    /// The thread is finishing.
    Exit,
}

pub trait Policy: Send + Sync {
    fn name(&self) -> &'static str;
    /// Blocks the calling thread until it holds the GIL.
    fn acquire(&self, gil: &GilLock, me: &ThreadInfo);
    /// The calling thread, which holds the GIL, gives it up.
    fn release(&self, gil: &GilLock, me: &ThreadInfo, why: Release);
    /// At a switch point with the eval breaker set: drop the GIL now?
    fn should_drop(&self, gil: &GilLock, me: &ThreadInfo) -> bool;
    /// Whether every switch point must consult the policy (then the eval
    /// breaker keeps a permanent `POLL` bit, at some cost to every thread).
    fn polls(&self) -> bool {
        false
    }
}

/// Builds a policy from the command-line options.
pub type MakePolicy = fn(&PolicyOptions) -> Box<dyn Policy>;

/// The available policies, by command-line name.
pub const POLICIES: &[(&str, MakePolicy)] = &[
    ("cpython", |_| Box::new(super::cpython::CPython::new())),
    ("legacy", |o| {
        Box::new(super::legacy::Legacy::new(o.check_interval))
    }),
];

/// Policy parameters from the command line.
#[derive(Clone, Debug)]
pub struct PolicyOptions {
    /// Switch points between drops, for the legacy policy (Python 2's
    /// `sys.setcheckinterval`, default 100).
    pub check_interval: u32,
}

impl Default for PolicyOptions {
    fn default() -> Self {
        PolicyOptions {
            check_interval: 100,
        }
    }
}

/// Names of the policies, for `--help` and error messages.
pub fn policy_names() -> Vec<&'static str> {
    POLICIES.iter().map(|(n, _)| *n).collect()
}

pub fn make_policy(name: &str, options: &PolicyOptions) -> Option<Box<dyn Policy>> {
    POLICIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, make)| make(options))
}
