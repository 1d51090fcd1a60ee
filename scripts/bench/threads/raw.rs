//! The floor under mini's thread numbers: plain Rust threads, no
//! interpreter. Built by `run` with `rustc -O` (no crates needed).
//!
//! * spawn+join of a thread that does nothing, with the default stack and
//!   with the 32 MiB stack mini gives its threads, in µs per thread;
//! * a ping-pong between two threads, each round trip timed, median and
//!   10th/90th percentiles in µs: through a std Mutex + Condvar (futexes
//!   underneath on Linux) and through a bare futex word.
//!
//! Usage: raw [SPAWNS] [ROUND_TRIPS]. Output: `key=value` words, like the
//! .mini benchmarks.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const WARMUP: usize = 200;

fn spawn_join(n: usize, stack: Option<usize>) -> f64 {
    let t0 = Instant::now();
    for _ in 0..n {
        let mut b = thread::Builder::new();
        if let Some(s) = stack {
            b = b.stack_size(s);
        }
        b.spawn(|| {}).expect("spawn").join().expect("join");
    }
    t0.elapsed().as_secs_f64() / n as f64 * 1e6
}

fn report(name: &str, mut samples: Vec<Duration>) {
    let mut s: Vec<Duration> = samples.drain(WARMUP..).collect();
    s.sort_unstable();
    let n = s.len();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{name}_median_us={:.2} {name}_p10_us={:.2} {name}_p90_us={:.2}",
        us(s[n / 2]),
        us(s[n / 10]),
        us(s[n * 9 / 10])
    );
}

/// Round trips through a Mutex<u32> (whose turn) and a Condvar.
fn condvar_pingpong(n: usize) -> Vec<Duration> {
    let shared = Arc::new((Mutex::new(0u32), Condvar::new()));
    let other = {
        let shared = shared.clone();
        thread::spawn(move || {
            let (m, c) = &*shared;
            for _ in 0..n {
                let mut turn = m.lock().unwrap();
                while *turn != 1 {
                    turn = c.wait(turn).unwrap();
                }
                *turn = 0;
                c.notify_one();
            }
        })
    };
    let (m, c) = &*shared;
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let t0 = Instant::now();
        let mut turn = m.lock().unwrap();
        *turn = 1;
        c.notify_one();
        while *turn != 0 {
            turn = c.wait(turn).unwrap();
        }
        drop(turn);
        samples.push(t0.elapsed());
    }
    other.join().unwrap();
    samples
}

extern "C" {
    fn syscall(num: i64, ...) -> i64;
}
const SYS_FUTEX: i64 = 202; // x86_64
const FUTEX_WAIT_PRIVATE: i64 = 128;
const FUTEX_WAKE_PRIVATE: i64 = 1 | 128;

fn futex_wait(word: &AtomicU32, expected: u32) {
    // SAFETY: a futex wait on a live, aligned u32; spurious returns are
    // handled by the callers' loops.
    unsafe {
        syscall(
            SYS_FUTEX,
            word as *const AtomicU32,
            FUTEX_WAIT_PRIVATE,
            expected,
            std::ptr::null::<u8>(),
        );
    }
}

fn futex_wake(word: &AtomicU32) {
    // SAFETY: as above.
    unsafe {
        syscall(SYS_FUTEX, word as *const AtomicU32, FUTEX_WAKE_PRIVATE, 1i64);
    }
}

/// Round trips through one futex word: 1 means "the other thread's turn".
fn futex_pingpong(n: usize) -> Vec<Duration> {
    let word = Arc::new(AtomicU32::new(0));
    let other = {
        let word = word.clone();
        thread::spawn(move || {
            for _ in 0..n {
                while word.load(Ordering::Acquire) != 1 {
                    futex_wait(&word, 0);
                }
                word.store(0, Ordering::Release);
                futex_wake(&word);
            }
        })
    };
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let t0 = Instant::now();
        word.store(1, Ordering::Release);
        futex_wake(&word);
        while word.load(Ordering::Acquire) != 0 {
            futex_wait(&word, 1);
        }
        samples.push(t0.elapsed());
    }
    other.join().unwrap();
    samples
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number"))
        .collect();
    let spawns = args.first().copied().unwrap_or(2000);
    let trips = args.get(1).copied().unwrap_or(5000);
    spawn_join(100, None);
    println!("spawn_join_us={:.2}", spawn_join(spawns, None));
    println!(
        "spawn_join_32mib_us={:.2}",
        spawn_join(spawns, Some(32 << 20))
    );
    report("condvar", condvar_pingpong(trips + WARMUP));
    report("futex", futex_pingpong(trips + WARMUP));
}
