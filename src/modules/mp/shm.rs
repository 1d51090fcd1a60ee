//! Memory shared between processes: the storage of `Value`, `Array` and of
//! the process-shared locks.
//!
//! Small blocks are carved out of arenas: anonymous in-memory files
//! (`memfd`) mapped `MAP_SHARED`, so every process that maps an arena sees
//! the same bytes. A child gets an arena by inheriting its descriptor when
//! it is spawned (see `inherit.rs`) and mapping it once; after that, any
//! number of blocks in it cost nothing more. Blocks are never freed: an
//! arena lives as long as the process (CPython's heap does the same for
//! most programs, which create a few shared objects at start).

use super::inherit;
use crate::objects::exception::{os_error, PyErr};
use crate::objects::ExcKind;
use crate::unsafety::ipc::{shared_memory_file, SharedMap};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicU8};
use std::sync::Arc;

/// Size of a normal arena; bigger blocks get an arena of their own.
const ARENA_SIZE: usize = 1 << 20;

pub struct Arena {
    fd: OwnedFd,
    map: SharedMap,
}

impl Arena {
    fn create(len: usize) -> std::io::Result<Arc<Arena>> {
        let fd = shared_memory_file(len)?;
        let map = SharedMap::new(&fd, len)?;
        Ok(Arc::new(Arena { fd, map }))
    }

    pub fn fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }
}

/// The arenas of this process: the one being filled, and every arena by
/// descriptor (for rebuilding blocks received from a parent).
struct Arenas {
    current: Option<(Arc<Arena>, usize)>,
    by_fd: HashMap<RawFd, Arc<Arena>>,
}

fn arenas() -> &'static Mutex<Arenas> {
    static ARENAS: std::sync::OnceLock<Mutex<Arenas>> = std::sync::OnceLock::new();
    ARENAS.get_or_init(|| {
        Mutex::new(Arenas {
            current: None,
            by_fd: HashMap::new(),
        })
    })
}

/// `len` bytes of shared memory at `offset` in an arena.
#[derive(Clone)]
pub struct Block {
    arena: Arc<Arena>,
    offset: usize,
    len: usize,
}

fn os_err(e: std::io::Error) -> PyErr {
    os_error(ExcKind::OSError, &e, None)
}

impl Block {
    /// A new zero-filled block, 8-byte aligned.
    pub fn alloc(len: usize) -> Result<Block, PyErr> {
        let len = len.max(8).div_ceil(8) * 8;
        let mut a = arenas().lock();
        if len > ARENA_SIZE / 2 {
            let arena = Arena::create(len).map_err(os_err)?;
            a.by_fd.insert(arena.fd(), arena.clone());
            return Ok(Block {
                arena,
                offset: 0,
                len,
            });
        }
        let fits = matches!(&a.current, Some((_, used)) if used + len <= ARENA_SIZE);
        if !fits {
            let arena = Arena::create(ARENA_SIZE).map_err(os_err)?;
            a.by_fd.insert(arena.fd(), arena.clone());
            a.current = Some((arena, 0));
        }
        let (arena, used) = a.current.as_mut().expect("an arena was just made current");
        let block = Block {
            arena: arena.clone(),
            offset: *used,
            len,
        };
        *used += len;
        Ok(block)
    }

    /// The block a parent described as `(fd, arena_len, offset, len)`.
    pub fn rebuild(fd: RawFd, arena_len: usize, offset: usize, len: usize) -> Result<Block, PyErr> {
        let mut a = arenas().lock();
        let arena = match a.by_fd.get(&fd) {
            Some(arena) => arena.clone(),
            None => {
                let owned = inherit::adopt(fd)?;
                let map = SharedMap::new(&owned, arena_len).map_err(os_err)?;
                let arena = Arc::new(Arena { fd: owned, map });
                a.by_fd.insert(fd, arena.clone());
                arena
            }
        };
        if offset.checked_add(len).is_none_or(|end| end > arena.len()) {
            return Err(crate::objects::exception::value_error(
                "bad shared memory block",
            ));
        }
        Ok(Block { arena, offset, len })
    }

    /// What a child needs to map this block: `(fd, arena_len, offset, len)`.
    /// Registers the descriptor to be passed to the child being spawned.
    pub fn describe(&self, what: &str) -> Result<(RawFd, usize, usize, usize), PyErr> {
        inherit::pass_fd(self.arena.fd(), what)?;
        Ok((self.arena.fd(), self.arena.len(), self.offset, self.len))
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn u8(&self, at: usize) -> &AtomicU8 {
        self.checked(at, 1)
            .and_then(|o| self.arena.map.u8_at(o))
            .expect("in-bounds u8")
    }

    pub fn u16(&self, at: usize) -> &std::sync::atomic::AtomicU16 {
        self.checked(at, 2)
            .and_then(|o| self.arena.map.u16_at(o))
            .expect("in-bounds u16")
    }

    pub fn u32(&self, at: usize) -> &AtomicU32 {
        self.checked(at, 4)
            .and_then(|o| self.arena.map.u32_at(o))
            .expect("in-bounds u32")
    }

    pub fn u64(&self, at: usize) -> &AtomicU64 {
        self.checked(at, 8)
            .and_then(|o| self.arena.map.u64_at(o))
            .expect("in-bounds u64")
    }

    /// The arena offset of `at..at+size`, if inside the block.
    fn checked(&self, at: usize, size: usize) -> Option<usize> {
        (at.checked_add(size)? <= self.len).then_some(self.offset + at)
    }
}
