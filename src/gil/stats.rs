//! The `--gil-stats` table: per thread, how often and how long it held the
//! GIL, how long it waited for it, and why it let go.

use super::{GilLock, ThreadInfo};
use std::fmt::Write;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::Duration;

fn ms(ns: u64) -> String {
    format!("{:.3}", ns as f64 / 1e6)
}

pub fn table(
    gil: &GilLock,
    threads: &[Arc<ThreadInfo>],
    switches: u64,
    elapsed: Duration,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "GIL statistics: policy {}, switch interval {} ms, {:.3} s elapsed",
        gil.policy_name(),
        ms(gil.interval().as_nanos() as u64),
        elapsed.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "{:<24} {:>12} {:>12} {:>12} {:>12} {:>10} {:>10}",
        "thread", "acquisitions", "held ms", "waited ms", "max wait ms", "dropped", "released"
    );
    for t in threads {
        let s = &t.stats;
        let mut name = t.name.lock().clone();
        if name.chars().count() > 24 {
            name = name.chars().take(23).collect::<String>() + "…";
        }
        let _ = writeln!(
            out,
            "{:<24} {:>12} {:>12} {:>12} {:>12} {:>10} {:>10}",
            name,
            s.acquisitions.load(Relaxed),
            ms(s.held_ns.load(Relaxed)),
            ms(s.waited_ns.load(Relaxed)),
            ms(s.max_wait_ns.load(Relaxed)),
            s.drops_on_request.load(Relaxed),
            s.voluntary_releases.load(Relaxed),
        );
    }
    let _ = writeln!(out, "switches (the GIL changed hands): {switches}");
    let _ = writeln!(
        out,
        "dropped: released at a switch point on request; released: released around a blocking call"
    );
    out
}
