//! `dict`: an insertion-ordered hash map, laid out like CPython's compact dict.
//!
//! Entries live in a vector in insertion order (that order *is* the iteration
//! order); a separate open-addressing index maps hashes to entry positions.
//! Small dicts (most instance dicts) skip the index and scan their few
//! entries, which saves an allocation and is faster for them.
//!
//! Comparing keys may need to run a mini `__eq__`, which cannot happen while
//! the table is borrowed. So lookups here only decide what can be decided
//! natively ([`native_eq`](super::equality::native_eq)); when a candidate key
//! needs user code, `find` says so and the caller (`vm/dictops.rs`) compares
//! outside the borrow and re-checks `version` afterwards, as CPython does.

use super::Value;
use crate::gil::GilCell;
use std::cell::Cell;
use std::rc::Rc;

pub struct DictObj {
    pub table: GilCell<DictTable>,
}

impl DictObj {
    pub fn new() -> Rc<DictObj> {
        Rc::new(DictObj {
            table: GilCell::new(DictTable::new()),
        })
    }

    pub fn from_table(table: DictTable) -> Rc<DictObj> {
        Rc::new(DictObj {
            table: GilCell::new(table),
        })
    }
}

#[derive(Clone)]
pub struct Entry {
    pub hash: i64,
    /// `Value::Unbound` marks a deleted entry.
    pub key: Value,
    pub value: Value,
}

/// Slot markers in the index.
const EMPTY: u32 = u32::MAX;
const DUMMY: u32 = u32::MAX - 1;
/// Up to this many entries, no index is kept.
const SMALL: usize = 8;

#[derive(Default)]
pub struct DictTable {
    entries: Vec<Entry>,
    indices: Vec<u32>,
    len: usize,
    /// Changes on every insertion or removal (not on value updates).
    keys_version: u64,
    /// One bit per key ever inserted, `1 << (hash & 63)`: a clear bit
    /// proves a key absent without probing (set again on `rebuild`).
    key_bits: u64,
    /// A class dict that a lookup cache has read: every change to it
    /// invalidates the caches (see `class::bump_epoch`).
    watched: Cell<bool>,
}

impl Clone for DictTable {
    /// A copy is a new dict: nobody watches it.
    fn clone(&self) -> DictTable {
        DictTable {
            entries: self.entries.clone(),
            indices: self.indices.clone(),
            len: self.len,
            keys_version: self.keys_version,
            key_bits: self.key_bits,
            watched: Cell::new(false),
        }
    }
}

/// Outcome of a native lookup.
pub enum Find {
    Found(usize),
    Missing,
    /// Some entry with an equal hash needs a mini `__eq__` to decide.
    NeedsEq,
}

impl DictTable {
    pub fn new() -> DictTable {
        DictTable::default()
    }

    pub fn with_capacity(n: usize) -> DictTable {
        DictTable {
            entries: Vec::with_capacity(n),
            ..DictTable::default()
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bumped whenever a key is added or removed or entries move; inline
    /// caches that remember an entry position compare it.
    #[inline]
    pub fn keys_version(&self) -> u64 {
        self.keys_version
    }

    /// Entry position `i`, live or not (positions are stable between key changes).
    #[inline]
    pub fn entry(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i)
    }

    /// Number of entry positions (live and deleted).
    pub fn positions(&self) -> usize {
        self.entries.len()
    }

    #[inline]
    pub fn value_at(&self, i: usize) -> &Value {
        &self.entries[i].value
    }

    #[inline]
    pub fn set_value_at(&mut self, i: usize, value: Value) -> Value {
        self.changed();
        std::mem::replace(&mut self.entries[i].value, value)
    }

    /// Marks the dict as read by a class lookup cache: from now on every
    /// change to it invalidates those caches.
    #[inline]
    pub fn watch(&self) {
        self.watched.set(true);
    }

    /// Called on every change of keys or values.
    #[inline(always)]
    fn changed(&self) {
        if self.watched.get() {
            super::class::bump_epoch();
        }
    }

    /// False when no key with this hash can be in the dict (a cheap
    /// absence test that never probes).
    #[inline(always)]
    pub fn may_contain(&self, hash: i64) -> bool {
        self.key_bits & key_bit(hash) != 0
    }

    /// If entry `i` is live and its key is the very string object `key`,
    /// its value (the check behind position hints of attribute caches).
    #[inline(always)]
    pub fn value_if_key_at(&self, i: usize, key: &super::StrObj) -> Option<&Value> {
        match self.entries.get(i) {
            Some(Entry {
                key: Value::Str(k),
                value,
                ..
            }) if std::ptr::eq(&**k, key) => Some(value),
            _ => None,
        }
    }

    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.entries.iter().filter(|e| !e.key.is_unbound())
    }

    /// The first live entry at or after position `i`.
    pub fn next_live(&self, mut i: usize) -> Option<usize> {
        while i < self.entries.len() {
            if !self.entries[i].key.is_unbound() {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// Looks `key` up, deciding equality natively where possible.
    pub fn find(&self, hash: i64, key: &Value) -> Find {
        let mut undecided = false;
        for i in self.probe(hash) {
            let e = &self.entries[i];
            if e.key.is(key) {
                return Find::Found(i);
            }
            match super::equality::native_eq(&e.key, key) {
                Some(true) => return Find::Found(i),
                Some(false) => {}
                None => undecided = true,
            }
        }
        if undecided {
            Find::NeedsEq
        } else {
            Find::Missing
        }
    }

    /// Fast path for string keys (attribute and global names).
    #[inline]
    pub fn find_str(&self, hash: i64, key: &super::StrObj) -> Option<usize> {
        for i in self.probe(hash) {
            match &self.entries[i].key {
                Value::Str(k) if std::ptr::eq(&**k, key) || k.as_str() == key.as_str() => {
                    return Some(i);
                }
                // A key of a str subclass (without its own `__eq__`).
                Value::Instance(inst) => {
                    if let Some(Value::Str(k)) = inst.base() {
                        if !inst.class.has_flag(super::class::flags::USER_EQ)
                            && k.as_str() == key.as_str()
                        {
                            return Some(i);
                        }
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Live entry positions whose hash equals `hash`, in probe order.
    pub fn candidates(&self, hash: i64) -> Vec<usize> {
        self.probe(hash).collect()
    }

    /// Positions of live entries with this hash.
    fn probe(&self, hash: i64) -> Probe<'_> {
        Probe {
            table: self,
            hash,
            slot: hash as u64 as usize,
            perturb: hash as u64,
            step: 0,
        }
    }

    /// Appends a key known to be absent.
    pub fn insert_new(&mut self, hash: i64, key: Value, value: Value) {
        self.changed();
        self.key_bits |= key_bit(hash);
        self.entries.push(Entry { hash, key, value });
        self.len += 1;
        self.keys_version += 1;
        if self.indices.is_empty() {
            if self.entries.len() > SMALL {
                self.rebuild();
            }
        } else if self.entries.len() * 3 >= self.indices.len() * 2 {
            self.rebuild();
        } else {
            let pos = (self.entries.len() - 1) as u32;
            self.index_insert(hash, pos);
        }
    }

    /// Removes the live entry at position `i`, returning its key and value.
    pub fn remove_at(&mut self, i: usize) -> (Value, Value) {
        self.changed();
        let hash = self.entries[i].hash;
        if !self.indices.is_empty() {
            let mask = self.indices.len() - 1;
            let mut slot = hash as u64 as usize & mask;
            let mut perturb = hash as u64;
            loop {
                let ix = self.indices[slot];
                if ix == i as u32 {
                    self.indices[slot] = DUMMY;
                    break;
                }
                if ix == EMPTY {
                    break;
                }
                perturb >>= 5;
                slot = (slot * 5 + 1).wrapping_add(perturb as usize) & mask;
            }
        }
        let e = &mut self.entries[i];
        let key = std::mem::replace(&mut e.key, Value::Unbound);
        let value = std::mem::replace(&mut e.value, Value::Unbound);
        self.len -= 1;
        self.keys_version += 1;
        // Trailing deleted entries can simply go; many deleted ones compact.
        while self.entries.last().is_some_and(|e| e.key.is_unbound()) {
            self.entries.pop();
        }
        let sparse = self.entries.len() > SMALL && self.len * 2 < self.entries.len();
        let small_again = self.entries.len() <= SMALL && !self.indices.is_empty();
        if sparse || small_again {
            self.rebuild();
        }
        (key, value)
    }

    /// Removes and returns the last live entry (`popitem`).
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let i = (0..self.entries.len())
            .rev()
            .find(|&i| !self.entries[i].key.is_unbound())?;
        Some(self.remove_at(i))
    }

    pub fn clear(&mut self) {
        self.changed();
        self.key_bits = 0;
        self.entries.clear();
        self.indices.clear();
        self.len = 0;
        self.keys_version += 1;
    }

    /// Drops deleted entries and rebuilds the index at a comfortable size.
    fn rebuild(&mut self) {
        if self.len != self.entries.len() {
            self.entries.retain(|e| !e.key.is_unbound());
        }
        self.keys_version += 1;
        self.key_bits = self.entries.iter().fold(0, |b, e| b | key_bit(e.hash));
        self.indices.clear();
        if self.entries.len() <= SMALL {
            return;
        }
        let size = (self.entries.len() * 3).next_power_of_two().max(16);
        self.indices.resize(size, EMPTY);
        for pos in 0..self.entries.len() {
            let hash = self.entries[pos].hash;
            self.index_insert(hash, pos as u32);
        }
    }

    fn index_insert(&mut self, hash: i64, pos: u32) {
        let mask = self.indices.len() - 1;
        let mut slot = hash as u64 as usize & mask;
        let mut perturb = hash as u64;
        while self.indices[slot] < DUMMY {
            perturb >>= 5;
            slot = (slot * 5 + 1).wrapping_add(perturb as usize) & mask;
        }
        self.indices[slot] = pos;
    }
}

#[inline(always)]
fn key_bit(hash: i64) -> u64 {
    1 << (hash as u64 & 63)
}

/// Iterates entry positions with a given hash: a linear scan for small
/// tables, the perturbed probe sequence otherwise.
struct Probe<'a> {
    table: &'a DictTable,
    hash: i64,
    slot: usize,
    perturb: u64,
    step: usize,
}

impl Iterator for Probe<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        let t = self.table;
        if t.indices.is_empty() {
            while self.step < t.entries.len() {
                let i = self.step;
                self.step += 1;
                let e = &t.entries[i];
                if e.hash == self.hash && !e.key.is_unbound() {
                    return Some(i);
                }
            }
            return None;
        }
        let mask = t.indices.len() - 1;
        loop {
            let slot = self.slot & mask;
            let ix = t.indices[slot];
            self.perturb >>= 5;
            self.slot = (slot * 5 + 1).wrapping_add(self.perturb as usize);
            if ix == EMPTY {
                return None;
            }
            if ix != DUMMY && t.entries[ix as usize].hash == self.hash {
                return Some(ix as usize);
            }
        }
    }
}

/// Which view `dict.keys()`, `.values()` or `.items()` returned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

/// A live view of a dict.
pub struct DictView {
    pub dict: Rc<DictObj>,
    pub kind: ViewKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_key(t: &DictTable, k: i64) -> Option<i64> {
        match t.find(k, &Value::Int(k)) {
            Find::Found(i) => match t.value_at(i) {
                Value::Int(v) => Some(*v),
                _ => None,
            },
            _ => None,
        }
    }

    #[test]
    fn insert_find_remove_keeps_order() {
        let mut t = DictTable::new();
        for k in 0..100 {
            t.insert_new(k, Value::Int(k), Value::Int(k * 10));
        }
        assert_eq!(t.len(), 100);
        assert_eq!(int_key(&t, 42), Some(420));
        for k in (0..100).step_by(2) {
            let Find::Found(i) = t.find(k, &Value::Int(k)) else {
                panic!("missing {k}")
            };
            t.remove_at(i);
        }
        assert_eq!(t.len(), 50);
        assert_eq!(int_key(&t, 42), None);
        assert_eq!(int_key(&t, 43), Some(430));
        let keys: Vec<i64> = t
            .iter()
            .map(|e| match e.key {
                Value::Int(k) => k,
                _ => -1,
            })
            .collect();
        assert_eq!(keys, (1..100).step_by(2).collect::<Vec<_>>());
    }

    #[test]
    fn colliding_hashes_are_distinguished() {
        let mut t = DictTable::new();
        for k in 0..40 {
            t.insert_new(7, Value::Int(k), Value::Int(k));
        }
        for k in 0..40 {
            assert!(matches!(t.find(7, &Value::Int(k)), Find::Found(_)));
        }
        assert!(matches!(t.find(7, &Value::Int(99)), Find::Missing));
    }
}
