//! How other processes reach the queues a process created.
//!
//! The first queue a process creates makes it a queue home: it listens on
//! a Unix socket with a random abstract name (Linux; nothing on disk to
//! clean up) and serves each connecting thread of another process with a
//! thread of its own, which performs that client's requests on the
//! `QueueCore` exactly as a local caller would, blocking on its condition
//! variables. A queue travels between processes as (home name, queue id),
//! so it can be passed to children, through other queues, or to pool
//! workers alike.
//!
//! Every client thread has its own connection per home for requests that
//! wait for a reply, so one thread blocked in `get()` never holds up
//! another. Requests are frames `[len u32][op u8][queue u64][timeout_us
//! i64][item...]`; replies `[len u32][status u8][data...]`.
//!
//! A `put` on an unbounded queue needs no reply, so those are batched: the
//! frames go into one buffer per home, and a flusher thread writes out
//! whatever has gathered, in one `write`, while the producer goes on (the
//! job CPython's per-queue feeder thread does). The buffers are written out
//! at exit too (`flush_puts`), so a child that puts and ends loses nothing.

use super::queue_core::QueueCore;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::io::{self, BufReader, Read, Write};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

pub const PUT: u8 = 1;
pub const PUT_NOREPLY: u8 = 2;
pub const GET: u8 = 3;
pub const QSIZE: u8 = 4;
pub const TASK_DONE: u8 = 5;
pub const JOIN: u8 = 6;

pub const OK: u8 = 0;
pub const TIMEOUT: u8 = 1;
pub const ERROR: u8 = 2;

/// This process's queues and the name other processes reach them by.
pub struct Home {
    pub name: String,
    queues: Mutex<HashMap<u64, Arc<QueueCore>>>,
    next_id: Mutex<u64>,
}

static HOME: OnceLock<Result<Home, String>> = OnceLock::new();

/// The home of this process, listening once created.
pub fn home() -> Result<&'static Home, String> {
    HOME.get_or_init(start_home).as_ref().map_err(Clone::clone)
}

/// This process's home name, if it has one.
pub fn home_name() -> Option<&'static str> {
    HOME.get()?.as_ref().ok().map(|h| h.name.as_str())
}

fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

fn start_home() -> Result<Home, String> {
    let name = format!("mini-mp-{}-{:016x}", std::process::id(), random_u64());
    let addr = SocketAddr::from_abstract_name(name.as_bytes()).map_err(|e| e.to_string())?;
    let listener = UnixListener::bind_addr(&addr).map_err(|e| e.to_string())?;
    std::thread::Builder::new()
        .name("mini-queue-home".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = std::thread::Builder::new()
                    .name("mini-queue-client".into())
                    .spawn(move || serve(stream));
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(Home {
        name,
        queues: Mutex::new(HashMap::new()),
        next_id: Mutex::new(1),
    })
}

impl Home {
    pub fn add(&self, core: Arc<QueueCore>) -> u64 {
        let mut next = self.next_id.lock();
        let id = *next;
        *next += 1;
        self.queues.lock().insert(id, core);
        id
    }

    pub fn get(&self, id: u64) -> Option<Arc<QueueCore>> {
        self.queues.lock().get(&id).cloned()
    }
}

fn deadline(timeout_us: i64) -> Instant {
    let now = Instant::now();
    if timeout_us < 0 {
        now + Duration::from_secs(100 * 365 * 24 * 3600)
    } else {
        now + Duration::from_micros(timeout_us as u64)
    }
}

/// One client thread's requests, until it hangs up.
fn serve(stream: UnixStream) {
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut input = BufReader::with_capacity(64 << 10, stream);
    let Ok(home) = home() else {
        return;
    };
    while let Ok(frame) = read_frame(&mut input) {
        if frame.len() < 17 {
            return;
        }
        let op = frame[0];
        let id = u64::from_le_bytes(frame[1..9].try_into().unwrap_or_default());
        let timeout = i64::from_le_bytes(frame[9..17].try_into().unwrap_or_default());
        let item = &frame[17..];
        let Some(q) = home.get(id) else {
            if op != PUT_NOREPLY && reply(&mut out, ERROR, b"no such queue").is_err() {
                return;
            }
            continue;
        };
        let sent = match op {
            PUT_NOREPLY => {
                let _ = q.put(item.to_vec(), deadline(-1));
                Ok(())
            }
            PUT => {
                let ok = q.put(item.to_vec(), deadline(timeout)).is_ok();
                reply(&mut out, if ok { OK } else { TIMEOUT }, b"")
            }
            GET => match q.get(deadline(timeout)) {
                Some(item) => {
                    let r = reply(&mut out, OK, &item);
                    if r.is_err() {
                        // The client is gone: the item is not lost.
                        q.unget(item);
                    }
                    r
                }
                None => reply(&mut out, TIMEOUT, b""),
            },
            QSIZE => reply(&mut out, OK, &(q.len() as u64).to_le_bytes()),
            TASK_DONE => reply(&mut out, if q.task_done() { OK } else { ERROR }, b""),
            JOIN => {
                let ok = q.join(deadline(timeout));
                reply(&mut out, if ok { OK } else { TIMEOUT }, b"")
            }
            _ => return,
        };
        if sent.is_err() {
            return;
        }
    }
}

/// Reads one `[len u32][bytes]` frame.
pub fn read_frame(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let mut buf = vec![0u8; u32::from_le_bytes(len) as usize];
    r.read_exact(&mut buf)?;
    Ok(buf)
}

fn reply(w: &mut UnixStream, status: u8, data: &[u8]) -> io::Result<()> {
    let mut frame = Vec::with_capacity(5 + data.len());
    frame.extend_from_slice(&((data.len() + 1) as u32).to_le_bytes());
    frame.push(status);
    frame.extend_from_slice(data);
    w.write_all(&frame)
}

/// A request frame.
pub fn request(op: u8, id: u64, timeout_us: i64, item: &[u8]) -> io::Result<Vec<u8>> {
    let len = u32::try_from(17 + item.len()).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "item too large for a queue (4 GiB)",
        )
    })?;
    let mut frame = Vec::with_capacity(4 + len as usize);
    frame.extend_from_slice(&len.to_le_bytes());
    frame.push(op);
    frame.extend_from_slice(&id.to_le_bytes());
    frame.extend_from_slice(&timeout_us.to_le_bytes());
    frame.extend_from_slice(item);
    Ok(frame)
}

// ----- the client side

/// A thread's connection to one home.
pub struct Client {
    stream: UnixStream,
    input: Mutex<BufReader<UnixStream>>,
}

thread_local! {
    static CLIENTS: std::cell::RefCell<HashMap<String, Arc<Client>>> =
        std::cell::RefCell::new(HashMap::new());
}

/// This thread's connection to the home called `name`.
pub fn client(name: &str) -> io::Result<Arc<Client>> {
    if let Some(c) = CLIENTS.with(|m| m.borrow().get(name).cloned()) {
        return Ok(c);
    }
    let addr = SocketAddr::from_abstract_name(name.as_bytes())?;
    let stream = UnixStream::connect_addr(&addr)?;
    let input = Mutex::new(BufReader::with_capacity(64 << 10, stream.try_clone()?));
    let c = Arc::new(Client { stream, input });
    CLIENTS.with(|m| m.borrow_mut().insert(name.to_string(), c.clone()));
    Ok(c)
}

/// The batched puts of this process to one home.
struct PutChannel {
    stream: UnixStream,
    pending: Mutex<Vec<u8>>,
    /// Held while writing, so that frames never interleave.
    writing: Mutex<()>,
}

/// Past this many buffered bytes the producer writes them itself (and so
/// waits, with the GIL released, if the home reads slowly).
const PUT_BUFFER_LIMIT: usize = 1 << 20;

struct Flusher {
    channels: Mutex<HashMap<String, Arc<PutChannel>>>,
    dirty: parking_lot::Condvar,
    wake: Mutex<bool>,
}

static FLUSHER: OnceLock<Flusher> = OnceLock::new();

fn flusher() -> &'static Flusher {
    FLUSHER.get_or_init(|| {
        let _ = std::thread::Builder::new()
            .name("mini-queue-flusher".into())
            .spawn(|| loop {
                let f = flusher();
                {
                    let mut wake = f.wake.lock();
                    while !*wake {
                        f.dirty.wait(&mut wake);
                    }
                    *wake = false;
                }
                flush_puts();
            });
        Flusher {
            channels: Mutex::new(HashMap::new()),
            dirty: parking_lot::Condvar::new(),
            wake: Mutex::new(false),
        }
    })
}

impl PutChannel {
    fn flush(&self) -> io::Result<()> {
        let _one_writer = self.writing.lock();
        let data = std::mem::take(&mut *self.pending.lock());
        if data.is_empty() {
            return Ok(());
        }
        (&self.stream).write_all(&data)
    }
}

fn put_channel(name: &str) -> io::Result<Arc<PutChannel>> {
    let f = flusher();
    if let Some(c) = f.channels.lock().get(name) {
        return Ok(c.clone());
    }
    let addr = SocketAddr::from_abstract_name(name.as_bytes())?;
    let stream = UnixStream::connect_addr(&addr)?;
    let c = Arc::new(PutChannel {
        stream,
        pending: Mutex::new(Vec::new()),
        writing: Mutex::new(()),
    });
    f.channels.lock().insert(name.to_string(), c.clone());
    Ok(c)
}

/// Queues a reply-less request frame for the home `name`; the flusher
/// sends it soon. Returns true if the caller should `flush_home` itself
/// (the buffer is full).
pub fn put_batched(name: &str, frame: &[u8]) -> io::Result<bool> {
    let c = put_channel(name)?;
    let mut pending = c.pending.lock();
    let was_empty = pending.is_empty();
    pending.extend_from_slice(frame);
    let full = pending.len() >= PUT_BUFFER_LIMIT;
    drop(pending);
    if was_empty {
        let f = flusher();
        *f.wake.lock() = true;
        f.dirty.notify_one();
    }
    Ok(full)
}

/// Writes out the batched puts to the home `name` (before a request that
/// should come after them, or when the buffer is full).
pub fn flush_home(name: &str) -> io::Result<()> {
    let Some(f) = FLUSHER.get() else {
        return Ok(());
    };
    let c = f.channels.lock().get(name).cloned();
    match c {
        Some(c) => c.flush(),
        None => Ok(()),
    }
}

/// Writes out every batched put of this process (the flusher's job, and
/// the last thing a process does).
pub fn flush_puts() {
    let Some(f) = FLUSHER.get() else {
        return;
    };
    let channels: Vec<Arc<PutChannel>> = f.channels.lock().values().cloned().collect();
    for c in channels {
        let _ = c.flush();
    }
}

/// Forgets this thread's connection to `name` (after an interrupted
/// request, whose reply would otherwise be read as the next one's).
pub fn drop_client(name: &str) {
    CLIENTS.with(|m| m.borrow_mut().remove(name));
}

impl Client {
    pub fn send(&self, frame: &[u8]) -> io::Result<()> {
        (&self.stream).write_all(frame)
    }

    /// Waits up to `slice` for the reply; `Ok(None)` if it has not come.
    pub fn reply(&self, slice: Duration) -> io::Result<Option<(u8, Vec<u8>)>> {
        let mut input = self.input.lock();
        if input.buffer().is_empty() {
            let fd = std::os::fd::AsRawFd::as_raw_fd(&self.stream);
            if crate::unsafety::ipc::wait_readable(&[fd], Some(slice))?.is_empty() {
                return Ok(None);
            }
        }
        let frame = read_frame(&mut *input)?;
        match frame.split_first() {
            Some((&status, data)) => Ok(Some((status, data.to_vec()))),
            None => Err(io::Error::new(io::ErrorKind::InvalidData, "empty reply")),
        }
    }
}
