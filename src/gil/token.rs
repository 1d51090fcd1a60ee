//! The proof that the current thread holds the GIL, and the cell type that
//! demands it.
//!
//! mini objects are shared between OS threads, and their reference counts and
//! contents are touched without atomics. That is sound only because one lock,
//! the GIL, serialises every thread that runs mini code. The types here make
//! that rule visible to the compiler, in the style of PyO3's `Python<'py>`:
//!
//! * [`Gil<'g>`] is a zero-sized token. The only way to get one is to borrow it
//!   from the thread's [`GilGuard`](super::GilGuard), which exists only while
//!   the thread holds the lock.
//! * [`GilCell<T>`] holds an object's mutable state. Borrowing it requires a
//!   token, and the borrow cannot outlive the token.
//! * Giving the GIL away (`GilGuard::switch`, `GilGuard::allow_threads`) needs
//!   the guard by `&mut`, so the borrow checker refuses any program in which a
//!   borrow of object state is still alive when another thread may run:
//!
//! ```compile_fail
//! use mini::gil::{GilCell, GilLock, GilGuard};
//! let lock = GilLock::new_default();
//! let mut guard = GilGuard::acquire(lock);
//! let cell = GilCell::new(vec![1, 2, 3]);
//! let items = cell.borrow(guard.token());
//! guard.allow_threads(|| ());   // error: `guard` is still borrowed by `items`
//! drop(items);
//! ```
//!
//! and blocking work runs in a closure that must be `Send`, so it cannot
//! capture the token or any object (objects are `!Send`). The token cannot
//! go to another thread at all:
//!
//! ```compile_fail
//! use mini::gil::{GilLock, GilGuard};
//! let lock = GilLock::new_default();
//! let guard = GilGuard::acquire(lock);
//! let token = guard.token();
//! std::thread::scope(|s| {
//!     s.spawn(move || { let _t = token; });  // error: `Gil` is not `Send`
//! });
//! ```
//!
//! A token proves that *the* GIL is held because a process has only one
//! (`GilLock::with_policy` hands out the same lock every time).
//!
//! Borrows are still checked at run time (a `RefCell` inside): two borrows of
//! the *same* cell, one mutable, would be a bug in mini's own Rust code, never
//! something a mini program can cause, and it panics rather than corrupting
//! memory.

use std::cell::{Ref, RefCell, RefMut};
use std::marker::PhantomData;

/// A zero-sized proof that this thread holds the GIL for `'g`.
#[derive(Clone, Copy)]
pub struct Gil<'g> {
    // `*const ()` makes the token `!Send` and `!Sync`: it cannot leave the
    // thread whose guard it was borrowed from.
    _marker: PhantomData<(&'g (), *const ())>,
}

impl<'g> Gil<'g> {
    /// Only the guard creates tokens (see `GilGuard::token`).
    pub(super) fn new() -> Gil<'g> {
        Gil {
            _marker: PhantomData,
        }
    }
}

/// Mutable object state that can be reached only while holding the GIL.
pub struct GilCell<T> {
    inner: RefCell<T>,
}

impl<T> GilCell<T> {
    pub const fn new(value: T) -> GilCell<T> {
        GilCell {
            inner: RefCell::new(value),
        }
    }

    /// Shared access for as long as the token lives.
    #[inline]
    pub fn borrow<'a>(&'a self, _gil: Gil<'a>) -> Ref<'a, T> {
        self.inner.borrow()
    }

    /// Exclusive access for as long as the token lives.
    #[inline]
    pub fn borrow_mut<'a>(&'a self, _gil: Gil<'a>) -> RefMut<'a, T> {
        self.inner.borrow_mut()
    }

    /// Replaces the contents, returning the old value.
    pub fn replace(&self, gil: Gil<'_>, value: T) -> T {
        std::mem::replace(&mut *self.borrow_mut(gil), value)
    }

    /// Owning the cell exclusively is proof enough.
    pub fn get_mut(&mut self) -> &mut T {
        self.inner.get_mut()
    }

    pub fn into_inner(self) -> T {
        self.inner.into_inner()
    }
}

impl<T: Clone> GilCell<T> {
    pub fn get(&self, gil: Gil<'_>) -> T {
        self.borrow(gil).clone()
    }
}

impl<T: Default> Default for GilCell<T> {
    fn default() -> Self {
        GilCell::new(T::default())
    }
}
