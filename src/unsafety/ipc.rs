//! The system calls behind `multiprocessing`: passing descriptors to a
//! child, waiting on several descriptors, process descriptors, signals,
//! memory shared between processes, and futexes on that memory.
//!
//! Each function is a thin, safe wrapper: it takes owned or borrowed
//! descriptors (never bare numbers it would have to trust) where it can, and
//! says in its `SAFETY` comment why the call cannot break Rust's rules.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicU8};
use std::time::Duration;

fn check(rc: libc::c_int) -> io::Result<libc::c_int> {
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

/// Makes `fds` survive the `exec` of the child `cmd` starts (every other
/// descriptor mini opens is close-on-exec), keeping their numbers.
pub fn inherit_fds(cmd: &mut Command, fds: Vec<RawFd>) {
    let hook = move || {
        for &fd in &fds {
            // SAFETY: runs in the forked child before exec, where only
            // async-signal-safe calls are allowed; fcntl is one. It changes
            // only the flags of a descriptor number, touching no memory.
            let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
            if flags >= 0 {
                // SAFETY: as above.
                unsafe { libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC) };
            }
        }
        Ok(())
    };
    // SAFETY: the hook allocates nothing, takes no locks and calls only
    // fcntl, so it is safe to run between fork and exec even though the
    // parent has other threads.
    unsafe {
        cmd.pre_exec(hook);
    }
}

/// The descriptor numbers this process inherited and has not adopted yet.
static INHERITED: parking_lot::Mutex<std::collections::BTreeSet<RawFd>> =
    parking_lot::Mutex::new(std::collections::BTreeSet::new());

/// Records the descriptor numbers the parent says it passed down (once, at
/// start-up, before any is adopted).
pub fn set_inherited_fds(fds: &[RawFd]) {
    INHERITED.lock().extend(fds.iter().copied());
}

/// Takes ownership of a descriptor this process inherited from its parent,
/// whose number the parent sent along. Fails unless `fd` is open, is one of
/// the numbers `set_inherited_fds` listed, and was not adopted before.
pub fn adopt_inherited_fd(fd: RawFd) -> io::Result<OwnedFd> {
    let listed = INHERITED.lock().remove(&fd);
    if !listed {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not an inherited descriptor, or adopted already",
        ));
    }
    // SAFETY: F_GETFD only reads the descriptor table.
    check(unsafe { libc::fcntl(fd, libc::F_GETFD) })?;
    // SAFETY: the descriptor is open (checked above) and was inherited for
    // exactly this use; it was in the inherited set and has just been taken
    // out of it, so no other `OwnedFd` for it exists or will be made here.
    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
    set_cloexec(&owned)?;
    Ok(owned)
}

fn set_cloexec(fd: &OwnedFd) -> io::Result<()> {
    // SAFETY: flag changes on a descriptor we own; no memory is involved.
    let flags = check(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFD) })?;
    // SAFETY: as above.
    check(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, flags | libc::FD_CLOEXEC) })?;
    Ok(())
}

/// Points this process's stdin at /dev/null (a multiprocessing child must
/// not read its parent's terminal), after the caller took what it needed
/// from the old stdin.
pub fn stdin_to_devnull() -> io::Result<()> {
    let null = std::fs::File::open("/dev/null")?;
    // SAFETY: dup2 onto descriptor 0 closes the old stdin; Rust's std keeps
    // no buffered reader state for it that could refer to freed memory.
    check(unsafe { libc::dup2(null.as_raw_fd(), 0) })?;
    Ok(())
}

/// Sends signal `sig` to process `pid`.
pub fn kill(pid: u32, sig: i32) -> io::Result<()> {
    // SAFETY: kill takes two integers and touches no memory of ours.
    check(unsafe { libc::kill(pid as libc::pid_t, sig) }).map(|_| ())
}

/// This process's id and its parent's.
pub fn pids() -> (u32, u32) {
    // SAFETY: neither call takes arguments or can fail.
    unsafe { (libc::getpid() as u32, libc::getppid() as u32) }
}

/// Waits until one of `fds` is readable (or closed), at most `timeout`
/// (None: forever). Returns the indexes of the ready ones. A number that is
/// not an open descriptor counts as ready (poll reports it as invalid).
pub fn wait_readable(fds: &[RawFd], timeout: Option<Duration>) -> io::Result<Vec<usize>> {
    let mut polls: Vec<libc::pollfd> = fds
        .iter()
        .map(|&fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    let ms = match timeout {
        None => -1,
        Some(d) => {
            d.as_millis().min(i32::MAX as u128) as i32
                + i32::from(d.subsec_nanos() % 1_000_000 != 0)
        }
    };
    // SAFETY: `polls` is a valid, writable array of `polls.len()` pollfd
    // records that lives across the call; the kernel writes only `revents`.
    let n = unsafe { libc::poll(polls.as_mut_ptr(), polls.len() as libc::nfds_t, ms) };
    if n < 0 {
        let e = io::Error::last_os_error();
        if e.kind() == io::ErrorKind::Interrupted {
            return Ok(Vec::new());
        }
        return Err(e);
    }
    Ok(polls
        .iter()
        .enumerate()
        .filter(|(_, p)| p.revents != 0)
        .map(|(i, _)| i)
        .collect())
}

/// A new anonymous file of `len` zero bytes in memory, which children can
/// inherit and map (memfd_create).
pub fn shared_memory_file(len: usize) -> io::Result<OwnedFd> {
    let name = c"mini-shared";
    // SAFETY: `name` is a NUL-terminated string that outlives the call; the
    // returned descriptor is new and ours.
    let flags = libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING;
    let fd = check(unsafe { libc::memfd_create(name.as_ptr(), flags) })?;
    // SAFETY: as above: the kernel just created `fd` for us.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let file = std::fs::File::from(fd);
    file.set_len(len as u64)?;
    // Sealed against shrinking, so no process can cut the file under a
    // mapping (touching a page past the end would be SIGBUS).
    // SAFETY: a flag change on a descriptor we own; no memory is involved.
    check(unsafe {
        libc::fcntl(
            file.as_raw_fd(),
            libc::F_ADD_SEALS,
            libc::F_SEAL_SHRINK | libc::F_SEAL_SEAL,
        )
    })?;
    Ok(OwnedFd::from(file))
}

/// A `MAP_SHARED` mapping of a shared-memory file: the same bytes in every
/// process that maps it. Only atomic accessors are offered, because other
/// processes may read and write the bytes at any moment.
pub struct SharedMap {
    ptr: NonNull<u8>,
    len: usize,
}

// SAFETY: the mapping is plain memory owned by this struct until drop, and
// it is only reached through atomic types, which are Sync.
unsafe impl Send for SharedMap {}
// SAFETY: as above.
unsafe impl Sync for SharedMap {}

impl SharedMap {
    /// Maps the first `len` bytes of `fd`. Fails unless the file is that
    /// long and sealed against shrinking (as `shared_memory_file` makes
    /// it), so every byte of the mapping stays backed by the file.
    pub fn new(fd: &OwnedFd, len: usize) -> io::Result<SharedMap> {
        if len == 0 {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "empty mapping"));
        }
        let size = std::fs::File::from(fd.try_clone()?).metadata()?.len();
        // SAFETY: reading a descriptor's seals touches no memory.
        let seals = check(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GET_SEALS) })?;
        if size < len as u64 || seals & libc::F_SEAL_SHRINK == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "shared memory file too short or not sealed",
            ));
        }
        // SAFETY: a fresh mapping chosen by the kernel (address hint null)
        // cannot overlap any Rust object; failure is checked below.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED,
                fd.as_raw_fd(),
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        let ptr = NonNull::new(p as *mut u8).ok_or_else(io::Error::last_os_error)?;
        Ok(SharedMap { ptr, len })
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The atomic at byte `offset`; None if out of range or misaligned.
    fn atomic<T>(&self, offset: usize) -> Option<&T> {
        let size = std::mem::size_of::<T>();
        if offset.checked_add(size)? > self.len || !offset.is_multiple_of(std::mem::align_of::<T>())
        {
            return None;
        }
        // SAFETY: the range is inside the mapping (checked), aligned for T
        // (the mapping is page-aligned and `offset` is a multiple of T's
        // alignment), lives as long as `&self`, and T is an atomic integer
        // type, for which every bit pattern is valid and concurrent access
        // from other threads or processes is defined.
        Some(unsafe { &*(self.ptr.as_ptr().add(offset) as *const T) })
    }

    pub fn u8_at(&self, offset: usize) -> Option<&AtomicU8> {
        self.atomic(offset)
    }

    pub fn u16_at(&self, offset: usize) -> Option<&std::sync::atomic::AtomicU16> {
        self.atomic(offset)
    }

    pub fn u32_at(&self, offset: usize) -> Option<&AtomicU32> {
        self.atomic(offset)
    }

    pub fn u64_at(&self, offset: usize) -> Option<&AtomicU64> {
        self.atomic(offset)
    }
}

impl Drop for SharedMap {
    fn drop(&mut self) {
        // SAFETY: the pointer and length are exactly those mmap returned,
        // and no reference into the mapping outlives `self` (they borrow it).
        unsafe {
            libc::munmap(self.ptr.as_ptr() as *mut libc::c_void, self.len);
        }
    }
}

/// Sleeps while `word` holds `expected`, at most `timeout`, or until a
/// `futex_wake` on the same word from any process. May return early.
pub fn futex_wait(word: &AtomicU32, expected: u32, timeout: Duration) {
    let ts = libc::timespec {
        tv_sec: timeout.as_secs().min(i32::MAX as u64) as libc::time_t,
        tv_nsec: timeout.subsec_nanos() as libc::c_long,
    };
    // SAFETY: `word` is a valid, aligned u32 for the whole call (a shared
    // futex, so no FUTEX_PRIVATE flag); `ts` lives across the call. The
    // kernel only reads both.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word as *const AtomicU32,
            libc::FUTEX_WAIT,
            expected,
            &ts as *const libc::timespec,
        );
    }
}

/// Wakes up to `n` sleepers in `futex_wait` on `word`.
pub fn futex_wake(word: &AtomicU32, n: u32) {
    // SAFETY: `word` is a valid, aligned u32; the kernel does not write it.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word as *const AtomicU32,
            libc::FUTEX_WAKE,
            n.min(i32::MAX as u32),
        );
    }
}
