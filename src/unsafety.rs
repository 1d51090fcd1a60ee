//! Every `unsafe` block in mini lives in this module.
//!
//! The rest of the crate is compiled with `#![deny(unsafe_code)]`. What is
//! here is small on purpose, and each block says why it is sound; the whole
//! argument is written out in docs/architecture.md ("Why the heap is sound").

#![allow(unsafe_code)]

use crate::gil::Gil;
use crate::objects::Value;
use std::rc::Rc;

pub mod ipc;

/// Carries GIL-protected values (which are `!Send`, because their reference
/// counts are not atomic) from one thread to a thread it starts.
///
/// The value can be put in only by a thread that holds the GIL (`new` takes a
/// token) and taken out only by a thread that holds it (`open` takes one), so
/// every touch of the reference counts inside happens under the lock, whose
/// release/acquire orders the two threads' accesses.
pub struct SendBox<T> {
    value: Option<T>,
}

impl<T> SendBox<T> {
    pub fn new(_gil: Gil<'_>, value: T) -> SendBox<T> {
        SendBox { value: Some(value) }
    }

    pub fn open(mut self, _gil: Gil<'_>) -> T {
        self.value
            .take()
            .expect("SendBox is opened exactly once: open() consumes it")
    }
}

impl<T> Drop for SendBox<T> {
    fn drop(&mut self) {
        // A box dropped unopened may be on a thread that does not hold the GIL
        // (a thread that failed before taking it). Dropping the contents there
        // would touch reference counts without the lock, so leak them instead:
        // it happens only when starting a thread fails.
        if let Some(value) = self.value.take() {
            std::mem::forget(value);
        }
    }
}

// SAFETY: the contents are only created and taken out by threads holding the
// GIL (`new` and `open` require a `Gil` token), and never touched in between;
// an unopened box leaks its contents instead of dropping them (see `Drop`).
// So no reference count or cell inside is ever accessed by two threads
// without the GIL's happens-before edge between them.
unsafe impl<T> Send for SendBox<T> {}

/// CPU time used by the whole process (`time.process_time()`).
pub fn process_cpu_time() -> std::time::Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; clock_gettime only writes
    // into it and CLOCK_PROCESS_CPUTIME_ID is always supported on Linux.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return std::time::Duration::ZERO;
    }
    std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// `(pthread_self(), gettid())` of the calling thread: what CPython reports
/// as `threading.get_ident()` and `threading.get_native_id()`.
pub fn thread_ids() -> (u64, u64) {
    // SAFETY: both calls take no arguments, cannot fail and only read the
    // calling thread's identity.
    unsafe { (libc::pthread_self() as u64, libc::gettid() as u64) }
}

/// libm functions CPython's `math` calls, where Rust's own versions round
/// differently (`asinh`, `acosh`, `atanh`) or are missing.
pub mod libm {
    mod c {
        extern "C" {
            pub fn asinh(x: f64) -> f64;
            pub fn acosh(x: f64) -> f64;
            pub fn atanh(x: f64) -> f64;
            pub fn erf(x: f64) -> f64;
            pub fn exp2(x: f64) -> f64;
            pub fn erfc(x: f64) -> f64;
            pub fn nextafter(x: f64, y: f64) -> f64;
        }
    }
    macro_rules! safe {
        ($($name:ident($($a:ident),*)),*) => {$(
            pub fn $name($($a: f64),*) -> f64 {
                // SAFETY: a pure function of doubles, no pointers, no state
                // beyond errno.
                unsafe { c::$name($($a),*) }
            }
        )*};
    }
    /// glibc's `cbrt`: the binary's own `cbrt` symbol is Rust's port of
    /// musl's, which rounds differently, so the C library's is looked up by
    /// name (Rust's is the fallback if that fails).
    pub fn cbrt(x: f64) -> f64 {
        use std::sync::OnceLock;
        static F: OnceLock<Option<extern "C" fn(f64) -> f64>> = OnceLock::new();
        let f = F.get_or_init(|| {
            // SAFETY: dlopen/dlsym with NUL-terminated names; the symbol,
            // if found, is libm's `double cbrt(double)`, whose C signature
            // the function pointer type matches. The handle is never
            // closed, so the pointer stays valid.
            unsafe {
                let h = libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW);
                if h.is_null() {
                    return None;
                }
                let p = libc::dlsym(h, c"cbrt".as_ptr());
                if p.is_null() {
                    return None;
                }
                Some(std::mem::transmute::<
                    *mut libc::c_void,
                    extern "C" fn(f64) -> f64,
                >(p))
            }
        });
        match f {
            Some(f) => f(x),
            None => x.cbrt(),
        }
    }
    safe!(
        asinh(x),
        acosh(x),
        atanh(x),
        exp2(x),
        erf(x),
        erfc(x),
        nextafter(x, y)
    );
}

/// Small POSIX calls of the `os` module. Each takes and returns plain
/// values (paths are copied into NUL-terminated buffers here).
pub mod posix {
    use std::ffi::CString;

    /// `access(2)`: whether the calling process may access `path` in `mode`.
    pub fn access(path: &str, mode: i32) -> bool {
        let Ok(c) = CString::new(path) else {
            return false;
        };
        // SAFETY: `c` is a valid NUL-terminated string for the call's duration.
        unsafe { libc::access(c.as_ptr(), mode) == 0 }
    }

    /// Sets the file mode creation mask; returns the previous one.
    pub fn umask(mask: u32) -> u32 {
        // SAFETY: umask only swaps the process's mask.
        unsafe { libc::umask(mask as libc::mode_t) as u32 }
    }

    /// `(uid, euid, gid, egid)` of the process.
    pub fn ids() -> (u32, u32, u32, u32) {
        // SAFETY: these calls only read the process's credentials.
        unsafe {
            (
                libc::getuid(),
                libc::geteuid(),
                libc::getgid(),
                libc::getegid(),
            )
        }
    }

    /// Whether file descriptor `fd` is a terminal.
    pub fn isatty(fd: i32) -> bool {
        // SAFETY: isatty on any integer is defined (EBADF for a bad one).
        unsafe { libc::isatty(fd) == 1 }
    }
}

/// `Value::clone`: a bit copy of the 16 bytes, after raising the strong
/// count of the `Rc` that a heap value holds.
///
/// Sound because inline values (`is_inline`) are plain data, and every
/// other variant holds exactly one `Rc`: raising its count and copying the
/// pointer is exactly what `Rc::clone` does. The derived clone rebuilds the
/// enum variant by variant, which compiles to a jump table and partial
/// stores that the next full-width load stalls on.
#[inline(always)]
pub(crate) fn clone_value(v: &Value) -> Value {
    if !v.is_inline() {
        macro_rules! inc {
            ($r:expr) => {
                // SAFETY: the pointer comes from a live `Rc` (borrowed by `v`).
                unsafe { Rc::increment_strong_count(Rc::as_ptr($r)) }
            };
        }
        match v {
            Value::Unbound
            | Value::None
            | Value::NotImplemented
            | Value::Ellipsis
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_) => {}
            Value::BigInt(r) => inc!(r),
            Value::Str(r) => inc!(r),
            Value::Bytes(r) => inc!(r),
            Value::List(r) => inc!(r),
            Value::Tuple(r) => inc!(r),
            Value::Dict(r) => inc!(r),
            Value::Set(r) => inc!(r),
            Value::Range(r) => inc!(r),
            Value::Slice(r) => inc!(r),
            Value::Function(r) => inc!(r),
            Value::Builtin(r) => inc!(r),
            Value::Method(r) => inc!(r),
            Value::Class(r) => inc!(r),
            Value::Instance(r) => inc!(r),
            Value::Module(r) => inc!(r),
            Value::Generator(r) => inc!(r),
            Value::Iter(r) => inc!(r),
            Value::DictView(r) => inc!(r),
            Value::Cell(r) => inc!(r),
            Value::Code(r) => inc!(r),
            Value::Property(r) => inc!(r),
            Value::StaticMethod(r) => inc!(r),
            Value::ClassMethod(r) => inc!(r),
            Value::Super(r) => inc!(r),
        }
    }
    // SAFETY: see above; the count raised is the copy's.
    unsafe { std::ptr::read(v) }
}

/// Drops a heap value with the count decrement inlined at the call site
/// (`Value::discard`): only when the count reaches zero does it call the
/// object's destructor, instead of always calling the out-of-line drop
/// glue for `Value`.
///
/// Sound because each heap variant holds exactly one `Rc`, whose count is
/// lowered here once, as dropping it would; the `Value` itself is then
/// forgotten, so nothing lowers it again.
#[inline(always)]
pub(crate) fn release_value(v: Value) {
    let v = std::mem::ManuallyDrop::new(v);
    macro_rules! dec {
        ($r:expr) => {
            // SAFETY: the pointer comes from the `Rc` that `v` owns and
            // will never use again.
            unsafe { Rc::decrement_strong_count(Rc::as_ptr($r)) }
        };
    }
    match &*v {
        Value::Unbound
        | Value::None
        | Value::NotImplemented
        | Value::Ellipsis
        | Value::Bool(_)
        | Value::Int(_)
        | Value::Float(_) => {}
        Value::BigInt(r) => dec!(r),
        Value::Str(r) => dec!(r),
        Value::Bytes(r) => dec!(r),
        Value::List(r) => dec!(r),
        Value::Tuple(r) => dec!(r),
        Value::Dict(r) => dec!(r),
        Value::Set(r) => dec!(r),
        Value::Range(r) => dec!(r),
        Value::Slice(r) => dec!(r),
        Value::Function(r) => dec!(r),
        Value::Builtin(r) => dec!(r),
        Value::Method(r) => dec!(r),
        Value::Class(r) => dec!(r),
        Value::Instance(r) => dec!(r),
        Value::Module(r) => dec!(r),
        Value::Generator(r) => dec!(r),
        Value::Iter(r) => dec!(r),
        Value::DictView(r) => dec!(r),
        Value::Cell(r) => dec!(r),
        Value::Code(r) => dec!(r),
        Value::Property(r) => dec!(r),
        Value::StaticMethod(r) => dec!(r),
        Value::ClassMethod(r) => dec!(r),
        Value::Super(r) => dec!(r),
    }
}

/// The global allocator (installed in `main.rs`): mimalloc, which is
/// faster than glibc's malloc for mini's many small short-lived objects,
/// except that it refuses a single request larger than RAM plus swap.
///
/// glibc's malloc gets such a request from `mmap`, which Linux refuses
/// under its default overcommit heuristic, so `"x" * 10**12` raises
/// MemoryError. mimalloc reserves address space without that check, and
/// the same line would then try to fill a terabyte. Refusing up front
/// keeps the MemoryError.
pub struct Allocator;

/// RAM plus swap in bytes, computed on first use (0: not yet).
static MEMORY_LIMIT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn too_big(size: usize) -> bool {
    use std::sync::atomic::Ordering::Relaxed;
    // Requests under 1 GiB never need the check.
    if size < 1 << 30 {
        return false;
    }
    let mut limit = MEMORY_LIMIT.load(Relaxed);
    if limit == 0 {
        // SAFETY: sysinfo only writes the struct it is given.
        let mut info: libc::sysinfo = unsafe { std::mem::zeroed() };
        limit = if unsafe { libc::sysinfo(&mut info) } == 0 {
            let unit = info.mem_unit.max(1) as usize;
            (info.totalram as usize)
                .saturating_add(info.totalswap as usize)
                .saturating_mul(unit)
        } else {
            usize::MAX
        };
        MEMORY_LIMIT.store(limit, Relaxed);
    }
    size > limit
}

// SAFETY: every call is passed on unchanged to mimalloc, which upholds the
// `GlobalAlloc` contract; a refused request returns null, which the
// contract allows.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if too_big(layout.size()) {
            return std::ptr::null_mut();
        }
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if too_big(layout.size()) {
            return std::ptr::null_mut();
        }
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if too_big(new_size) {
            return std::ptr::null_mut();
        }
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

/// Whether the process was started with `sig` ignored (SIG_IGN), which
/// Python leaves as it is (e.g. SIGINT under `nohup`, or in background
/// jobs of a non-interactive shell).
pub fn signal_ignored(sig: i32) -> bool {
    // SAFETY: a zeroed sigaction is a valid out-parameter; passing a null
    // new action only reads the current disposition.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}
