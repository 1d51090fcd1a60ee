//! The OS threads that run mini threads, kept for reuse.
//!
//! Creating an OS thread is most of what `Thread.start()` plus `join()`
//! costs: `clone`, mapping the stack and its guard page, an alternate
//! signal stack, and undoing all of it at exit, a dozen system calls. So,
//! as Ruby's thread cache does, an OS thread whose mini thread has finished
//! waits a moment for the next one to start, and runs it. A program that
//! starts threads one after another then creates one OS thread, not
//! thousands; one that starts none pays nothing.
//!
//! A consequence users can see: `threading.get_native_id()` values repeat
//! across threads that did not overlap in time, which the OS does anyway
//! when it reuses thread ids.

use crossbeam::channel::{bounded, Sender};
use parking_lot::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Work for a thread: a mini thread from start to finish.
pub type Job = Box<dyn FnOnce() + Send>;

/// How long an idle thread waits for work before it exits.
const KEEP: Duration = Duration::from_secs(2);
/// At most this many idle threads are kept.
const MAX_IDLE: usize = 16;

/// The idle threads, each with a channel that hands it its next job; the
/// most recently idle last (it is taken first: its stack is warmest).
static IDLE: Mutex<Vec<(u64, Sender<Job>)>> = Mutex::new(Vec::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// Runs `job` on an idle thread, or on a new one with `stack` bytes of
/// stack (every caller passes the same size).
pub fn run(job: Job, stack: usize) -> std::io::Result<()> {
    let mut job = job;
    loop {
        let Some((_, tx)) = IDLE.lock().pop() else {
            break;
        };
        // The channel has room for one job, so this never blocks; it fails
        // only if that thread has already exited.
        match tx.send(job) {
            Ok(()) => return Ok(()),
            Err(e) => job = e.into_inner(),
        }
    }
    std::thread::Builder::new()
        .name("mini".into())
        .stack_size(stack)
        .spawn(move || worker(job))
        .map(|_| ())
}

fn worker(first: Job) {
    let mut job = first;
    loop {
        job();
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = bounded::<Job>(1);
        {
            let mut idle = IDLE.lock();
            if idle.len() >= MAX_IDLE {
                return;
            }
            idle.push((id, tx));
        }
        match rx.recv_timeout(KEEP) {
            Ok(next) => job = next,
            Err(_) => {
                // Leave, unless a starter took our entry meanwhile: then
                // its job is on the way (or already sent), and it is ours.
                let mut idle = IDLE.lock();
                if let Some(i) = idle.iter().position(|(n, _)| *n == id) {
                    idle.remove(i);
                    return;
                }
                drop(idle);
                match rx.recv() {
                    Ok(next) => job = next,
                    Err(_) => return,
                }
            }
        }
    }
}
