//! The hash table behind `set` and `frozenset`, laid out exactly like
//! CPython 3.11's so that iterating it yields CPython's order.
//!
//! Python promises nothing about set order, but programs print sets all the
//! time, and `print({5, 3, 100})` must show `{3, 100, 5}` as `python3` does.
//! The order is simply "slot index order" of CPython's open-addressing table
//! (`Objects/setobject.c`), so we reproduce that table: same sizes, same
//! probe sequence, same deletion markers, same resize points.
//!
//! # The table
//!
//! * The number of slots is a power of two, at least 8. `mask` is that size
//!   minus one. A slot is empty, a *dummy* (an element was deleted there) or
//!   active (holds a key and its cached hash).
//! * `used` counts active slots; `fill` counts active plus dummy slots.
//! * A key with hash `h` is looked for starting at slot `h & mask`. From a
//!   starting slot `i` the search also looks at the 9 following slots
//!   (`LINEAR_PROBES`), but only when they all fit before the end of the
//!   table (`i + 9 <= mask`); otherwise just slot `i`. Then it jumps:
//!   `perturb >>= 5; i = (i * 5 + 1 + perturb) & mask`, where `perturb`
//!   starts as the hash reinterpreted as unsigned. A search stops at the
//!   first empty slot. Dummies are skipped (they keep chains intact).
//! * Adding a key (CPython's `set_add_entry`) walks the same sequence. If an
//!   equal key is met, nothing happens. Otherwise the key goes into the
//!   *last* dummy seen on the way, or, if there was none, into the empty
//!   slot that ended the search. Only in the latter case does `fill` grow,
//!   and then, if `fill * 5 >= mask * 3`, the table is rebuilt for
//!   `used > 50000 ? used * 2 : used * 4` elements.
//! * Rebuilding (`set_table_resize`) picks the smallest power of two
//!   *greater than* the requested number (minimum 8), then re-inserts the
//!   active keys in old slot order, without comparing anything
//!   (`set_insert_clean`), dropping the dummies.
//! * Removing a key turns its slot into a dummy; the table never shrinks on
//!   `remove`/`discard`/`pop`.
//! * `pop()` scans forward, wrapping around, from a remembered position
//!   (the *finger*) for the first active slot, removes it and leaves the
//!   finger just after it. `clear()` does not reset the finger.
//!
//! # Equality
//!
//! Comparing two keys may run user code (`__eq__`), which only the
//! interpreter can do. The table therefore never compares keys itself:
//! every operation that needs it takes a closure. Callers that must release
//! their borrow of the table while comparing can use [`SetTable::candidates`]
//! and [`SetTable::version`] to do the probing in two phases, then
//! [`SetTable::insert_new`] to add a key they have shown to be absent.
//! Hashes passed in must never be `-1` (CPython reserves it; every function
//! of [`crate::objects::hash`] already avoids it).
//!
//! # Which operand is iterated: CPython 3.11's set operations
//!
//! The order of a result depends on how it was built. This is what CPython
//! does (functions of `Objects/setobject.c`), and what the helpers at the
//! end of this file do for two sets:
//!
//! * `set(iterable)` and `s.update(iterable)` for a non-set iterable: add
//!   each element in iteration order ([`SetTable::insert`]). For an exact
//!   `dict`, first call [`SetTable::reserve_for_dict_update`] with the dict's
//!   length (CPython resizes once up front), then add the keys in dict order
//!   using the dict's cached hashes.
//! * `set(a)`, `frozenset(a)`, `a.copy()`, and `s.update(a)` / `s |= a` for a
//!   set or frozenset `a`: `set_merge` ([`SetTable::merge`]). It first grows
//!   the target if `(fill + len(a)) * 5 >= mask * 3` to fit
//!   `(used + len(a)) * 2`. If the target is then empty, has the same size
//!   as `a` and `a` has no dummies, the slots are copied one for one (same
//!   order as `a`); if the target is merely empty, `a`'s keys are re-inserted
//!   in `a`'s slot order without comparisons; otherwise each key is added
//!   normally. So a copy can iterate in a *different* order than the
//!   original (for example after deletions, or for 5 elements, where a
//!   32-slot original is copied into 16 slots). [`Clone`] implements the copy.
//! * A set display whose three or more elements are all constants, such as
//!   `{5, 3, 100}`, is compiled to `BUILD_SET 0; LOAD_CONST frozenset(...);
//!   SET_UPDATE`. The compiler builds that frozenset by adding the constants
//!   in source order, and then, when it de-duplicates the code object's
//!   constants (`merge_consts_recursive`), builds it *again* by adding the
//!   first frozenset's elements in its iteration order to a fresh one. At
//!   run time the displayed set is a merge of that constant into an empty
//!   set, i.e. a [`Clone`]. So: `adds(iteration order of adds(source))`,
//!   then clone. Other displays and set comprehensions simply add the
//!   elements one by one in source order.
//! * `a | b`, `a.union(b)`: start from a copy of `a`, then merge `b`
//!   ([`union`]). If `b` is `a` itself, the result is just the copy.
//! * `a & b`, `a.intersection(b)` for two sets: a new empty set; iterate the
//!   *smaller* operand (`b` when the sizes are equal, since CPython only
//!   swaps when `len(b) > len(a)`) and add each of its keys that is in the
//!   other one ([`intersection`]). If `b` is `a`, the result is a copy of
//!   `a`. For a non-set iterable `b`: iterate `b` and add each item found
//!   in `a`, stopping as soon as the result is as large as `a` (so a
//!   generator may not be exhausted).
//! * `a.intersection_update(b)`, `a &= b`: compute `a & b` as above, then
//!   `a` takes over the result's table (CPython's `set_swap_bodies`; `a`
//!   keeps its pop finger) ([`intersection_update`]).
//! * `a - b`, `a.difference(b)` for a set `b`: if `len(a) >> 2 > len(b)`,
//!   copy `a` and do `difference_update(b)` on the copy; otherwise a new
//!   empty set to which every key of `a` (in `a`'s order) not in `b` is
//!   added ([`difference`]). For a non-set, non-dict iterable `b`, always
//!   the copy-then-`difference_update` way.
//! * `a.difference_update(b)`, `a -= b`: if `b` is `a`, clear `a`.
//!   Otherwise discard from `a` every key of `b` (for a set `b` more than
//!   eight times larger than `a`, only the keys of `a & b`). Finally, if
//!   more than a quarter of the slots (`fill - used > mask / 4`) are dummies,
//!   rebuild the table for `used * 4` (`used * 2` above 50000) elements
//!   ([`difference_update`], [`SetTable::compact_after_difference_update`]).
//! * `a.symmetric_difference_update(b)`, `a ^= b`: if `b` is `a`, clear `a`.
//!   Otherwise (after turning a non-set `b` into a set) iterate `b`: discard
//!   each key from `a`, and if it was not there, add it
//!   ([`symmetric_difference_update`]).
//! * `a ^ b`, `a.symmetric_difference(b)`: a copy of **`b`** (built as
//!   `set(b)`) updated with `symmetric_difference_update(a)`
//!   ([`symmetric_difference`]).
//! * `s.__init__(iterable)` on an existing set (rare): clear it if it was
//!   ever filled, then update as above.
//! * Iterating a set walks the slots in order ([`SetTable::next_slot`]);
//!   CPython raises `RuntimeError: Set changed size during iteration` when
//!   `len()` differs from its value when the iterator was created.

/// Smallest table size (CPython's `PySet_MINSIZE`).
const MIN_SIZE: usize = 8;
/// Extra neighbouring slots looked at before jumping (`LINEAR_PROBES`).
const LINEAR_PROBES: usize = 9;
/// How fast the high hash bits are shifted into the jumps (`PERTURB_SHIFT`).
const PERTURB_SHIFT: u32 = 5;

/// One slot of the table.
#[derive(Debug, Clone)]
enum Slot<K> {
    /// Never used since the table was (re)built; ends every search.
    Empty,
    /// An element was removed here; searches continue past it.
    Dummy,
    /// A key with its cached hash.
    Active(i64, K),
}

/// The slots a search for `hash` visits, in order (an endless sequence; the
/// caller stops at the first empty slot, and there always is one because
/// the table is rebuilt long before it fills up).
struct ProbeSeq {
    mask: usize,
    /// Start of the current group of neighbouring slots.
    base: usize,
    /// Position inside the current group.
    offset: usize,
    /// Last valid offset of the current group (9 or 0).
    last_offset: usize,
    perturb: u64,
}

impl ProbeSeq {
    fn new(hash: i64, mask: usize) -> Self {
        let base = (hash as u64 as usize) & mask;
        ProbeSeq {
            mask,
            base,
            offset: 0,
            last_offset: Self::group_len(base, mask),
            perturb: hash as u64,
        }
    }

    /// The neighbours of `base` are only scanned when all of them fit
    /// before the end of the table.
    fn group_len(base: usize, mask: usize) -> usize {
        if base.saturating_add(LINEAR_PROBES) <= mask {
            LINEAR_PROBES
        } else {
            0
        }
    }
}

impl Iterator for ProbeSeq {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.offset > self.last_offset {
            self.perturb >>= PERTURB_SHIFT;
            self.base = self
                .base
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(self.perturb as usize)
                & self.mask;
            self.offset = 0;
            self.last_offset = Self::group_len(self.base, self.mask);
        }
        let slot = self.base + self.offset;
        self.offset += 1;
        Some(slot)
    }
}

/// An open-addressing hash table of keys with CPython's set layout.
#[derive(Debug)]
pub struct SetTable<K> {
    /// `mask + 1` slots, a power of two, at least [`MIN_SIZE`].
    slots: Vec<Slot<K>>,
    /// Active plus dummy slots.
    fill: usize,
    /// Active slots: the number of elements.
    used: usize,
    /// Where the next `pop()` starts looking.
    finger: usize,
    /// Bumped by every change; see [`SetTable::version`].
    version: u64,
}

impl<K> Default for SetTable<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K> SetTable<K> {
    /// An empty table of 8 slots, like `set()`.
    pub fn new() -> Self {
        SetTable {
            slots: Self::empty_slots(MIN_SIZE),
            fill: 0,
            used: 0,
            finger: 0,
            version: 0,
        }
    }

    fn empty_slots(size: usize) -> Vec<Slot<K>> {
        let mut slots = Vec::with_capacity(size);
        slots.resize_with(size, || Slot::Empty);
        slots
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    fn bump_version(&mut self) {
        self.version = self.version.wrapping_add(1);
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.used
    }

    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Number of slots (a power of two, at least 8). Useful in tests and for
    /// `__sizeof__`.
    pub fn table_size(&self) -> usize {
        self.slots.len()
    }

    /// A counter that changes whenever an entry is added or removed or the
    /// table is rebuilt, so a caller that released its borrow to run user
    /// code can detect that the table was mutated meanwhile.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Slot of the entry whose hash equals `hash` and for which `eq(key)` is
    /// true (`eq` receives the stored key). Mirrors `set_lookkey`: `eq` is
    /// only called for entries with exactly that hash, in probe order.
    pub fn find(&self, hash: i64, mut eq: impl FnMut(&K) -> bool) -> Option<usize> {
        for i in ProbeSeq::new(hash, self.mask()) {
            match self.slots.get(i)? {
                Slot::Empty => return None,
                Slot::Active(h, k) if *h == hash && eq(k) => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// True when an entry with this hash satisfies `eq`.
    pub fn contains(&self, hash: i64, eq: impl FnMut(&K) -> bool) -> bool {
        self.find(hash, eq).is_some()
    }

    /// The slots holding entries whose hash equals `hash`, in probe order,
    /// stopping at the first empty slot. This is every slot
    /// [`SetTable::find`] would call `eq` on, for callers whose equality test
    /// must run outside their borrow of the table (check
    /// [`SetTable::version`] afterwards; CPython restarts the search when
    /// the table changed under it).
    pub fn candidates(&self, hash: i64) -> Vec<usize> {
        let mut out = Vec::new();
        for i in ProbeSeq::new(hash, self.mask()) {
            match self.slots.get(i) {
                None | Some(Slot::Empty) => break,
                Some(Slot::Active(h, _)) if *h == hash => out.push(i),
                _ => {}
            }
        }
        out
    }

    /// Adds `key` unless an equal key (same hash and `eq(stored)` true) is
    /// present. Returns true if it was added. Mirrors `set_add_entry`,
    /// including reuse of the last dummy slot seen and the resize rule.
    pub fn insert(&mut self, hash: i64, key: K, mut eq: impl FnMut(&K) -> bool) -> bool {
        let mut free_slot = None;
        let mut empty_slot = None;
        for i in ProbeSeq::new(hash, self.mask()) {
            match self.slots.get(i) {
                None => return false, // unreachable: the sequence stays in bounds
                Some(Slot::Empty) => {
                    empty_slot = Some(i);
                    break;
                }
                Some(Slot::Active(h, k)) => {
                    if *h == hash && eq(k) {
                        return false;
                    }
                }
                Some(Slot::Dummy) => free_slot = Some(i),
            }
        }
        self.place(hash, key, free_slot, empty_slot);
        true
    }

    /// Adds `key`, which the caller knows is not present, without any
    /// comparison (e.g. after checking [`SetTable::candidates`]). The slot
    /// chosen and any resize are exactly those of [`SetTable::insert`] when
    /// no equal key is found.
    pub fn insert_new(&mut self, hash: i64, key: K) {
        self.insert(hash, key, |_| false);
    }

    /// Stores a new entry in the last dummy seen, else in the empty slot that
    /// ended the search, then applies the growth rule.
    fn place(&mut self, hash: i64, key: K, free_slot: Option<usize>, empty_slot: Option<usize>) {
        self.bump_version();
        if let Some(slot) = free_slot.or(empty_slot) {
            if let Some(s) = self.slots.get_mut(slot) {
                *s = Slot::Active(hash, key);
            }
        }
        self.used += 1;
        if free_slot.is_none() {
            self.fill += 1;
            if self.fill * 5 >= self.mask() * 3 {
                self.resize(self.growth_target());
            }
        }
    }

    /// The element count a growing table is rebuilt for.
    fn growth_target(&self) -> usize {
        if self.used > 50_000 {
            self.used * 2
        } else {
            self.used * 4
        }
    }

    /// Removes and returns the key for which `eq` is true, leaving a dummy.
    /// Mirrors `set_discard_entry` (no shrinking).
    pub fn remove(&mut self, hash: i64, eq: impl FnMut(&K) -> bool) -> Option<K> {
        let slot = self.find(hash, eq)?;
        self.remove_slot(slot)
    }

    /// The hash and key stored in `slot`, if it is active.
    pub fn slot(&self, slot: usize) -> Option<(i64, &K)> {
        match self.slots.get(slot) {
            Some(Slot::Active(h, k)) => Some((*h, k)),
            _ => None,
        }
    }

    /// Removes the entry in `slot` (leaving a dummy) and returns its key.
    pub fn remove_slot(&mut self, slot: usize) -> Option<K> {
        let entry = self.slots.get_mut(slot)?;
        if !matches!(entry, Slot::Active(..)) {
            return None;
        }
        let old = std::mem::replace(entry, Slot::Dummy);
        self.used -= 1;
        self.bump_version();
        match old {
            Slot::Active(_, k) => Some(k),
            _ => None,
        }
    }

    /// The first active slot at index `pos` or later, for iterating by
    /// position like CPython's `set_next` / set iterator do.
    pub fn next_slot(&self, pos: usize) -> Option<usize> {
        let rest = self.slots.get(pos..)?;
        rest.iter()
            .position(|s| matches!(s, Slot::Active(..)))
            .map(|offset| pos + offset)
    }

    /// Removes and returns an element, like `set.pop()` (`set_pop`): scan
    /// forward from the finger, wrapping around, for an active slot; the
    /// finger then points just after it. `None` when empty.
    pub fn pop(&mut self) -> Option<(i64, K)> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        // At most one full turn: `used > 0` guarantees an active slot.
        for _ in 0..=mask {
            if let Some(Slot::Active(..)) = self.slots.get(i) {
                break;
            }
            i = (i + 1) & mask;
        }
        let hash = match self.slots.get(i) {
            Some(Slot::Active(h, _)) => *h,
            _ => return None,
        };
        let key = self.remove_slot(i)?;
        self.finger = i + 1;
        Some((hash, key))
    }

    /// Removes every element and goes back to 8 slots (`set_clear_internal`).
    /// Like CPython, the pop finger is left alone.
    pub fn clear(&mut self) {
        self.slots = Self::empty_slots(MIN_SIZE);
        self.fill = 0;
        self.used = 0;
        self.bump_version();
    }

    /// `hash(frozenset(...))` of these elements; see
    /// [`crate::objects::hash::hash_frozenset`].
    pub fn frozenset_hash(&self) -> i64 {
        crate::objects::hash::hash_frozenset(self.iter().map(|(h, _)| h), self.used)
    }

    /// `(hash, key)` of every element in CPython's iteration order, which is
    /// slot order.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &K)> + '_ {
        self.slots.iter().filter_map(|s| match s {
            Slot::Active(h, k) => Some((*h, k)),
            _ => None,
        })
    }

    /// Consumes the table, yielding `(hash, key)` in iteration order.
    pub fn into_entries(self) -> impl Iterator<Item = (i64, K)> {
        self.slots.into_iter().filter_map(|s| match s {
            Slot::Active(h, k) => Some((h, k)),
            _ => None,
        })
    }

    /// Rebuilds the table with the smallest power-of-two size (at least 8)
    /// that is greater than `min_used`, re-inserting the active entries in
    /// old slot order and dropping the dummies (`set_table_resize`).
    fn resize(&mut self, min_used: usize) {
        let mut new_size = MIN_SIZE;
        while new_size <= min_used {
            match new_size.checked_mul(2) {
                Some(bigger) => new_size = bigger,
                None => return, // cannot happen for a table that fits in memory
            }
        }
        // CPython leaves a small table with no dummies untouched.
        if new_size == MIN_SIZE && self.slots.len() == MIN_SIZE && self.fill == self.used {
            return;
        }
        let old = std::mem::replace(&mut self.slots, Self::empty_slots(new_size));
        for slot in old {
            if let Slot::Active(h, k) = slot {
                self.insert_clean(h, k);
            }
        }
        self.fill = self.used;
        self.bump_version();
    }

    /// Puts an entry into the first empty slot of its probe sequence; only
    /// valid when the table has no dummies and no equal key
    /// (`set_insert_clean`). Does not touch `fill`/`used`.
    fn insert_clean(&mut self, hash: i64, key: K) {
        let mut target = None;
        for i in ProbeSeq::new(hash, self.mask()) {
            match self.slots.get(i) {
                Some(Slot::Empty) => {
                    target = Some(i);
                    break;
                }
                Some(_) => {}
                None => break,
            }
        }
        if let Some(s) = target.and_then(|i| self.slots.get_mut(i)) {
            *s = Slot::Active(hash, key);
        }
    }

    /// Grows the table once before adding the keys of a dict of
    /// `incoming` entries, as `set_update_internal` does for an exact dict:
    /// if `(fill + incoming) * 5 >= mask * 3`, rebuild for
    /// `(used + incoming) * 2` elements. Then add the keys with
    /// [`SetTable::insert`].
    pub fn reserve_for_dict_update(&mut self, incoming: usize) {
        if self.fill.saturating_add(incoming).saturating_mul(5) >= self.mask() * 3 {
            self.resize(self.used.saturating_add(incoming).saturating_mul(2));
        }
    }

    /// The clean-up at the end of `difference_update` (and `-=`): if more
    /// than a quarter of the slots are dummies, rebuild the table for
    /// `used * 4` (`used * 2` above 50000) elements. Call this after
    /// discarding the elements of an arbitrary iterable from the set.
    pub fn compact_after_difference_update(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            self.resize(self.growth_target());
        }
    }

    /// Makes `self` hold `other`'s entries and layout, keeping its own pop
    /// finger (CPython's `set_swap_bodies`, used by `intersection_update`
    /// and `&=`).
    pub fn replace_body(&mut self, other: SetTable<K>) {
        self.slots = other.slots;
        self.fill = other.fill;
        self.used = other.used;
        self.bump_version();
    }
}

impl<K: Clone> SetTable<K> {
    /// Adds every element of `other` (`set_merge`, used by `update`, `|=`,
    /// `|`, `copy()` and `set(a_set)`). `eq(stored, incoming)` compares a key
    /// of `self` with one of `other`. `a.update(a)` is a no-op in CPython;
    /// do not call this with a table and its own copy to mean that.
    pub fn merge(&mut self, other: &SetTable<K>, mut eq: impl FnMut(&K, &K) -> bool) {
        if other.used == 0 {
            return;
        }
        // One big resize up front, expecting few overlapping keys.
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            // Same size, no dummies: copy slot for slot.
            self.slots = other.slots.clone();
            self.fill = other.fill;
            self.used = other.used;
            self.bump_version();
            return;
        }
        if self.fill == 0 {
            // Empty target: re-insert without comparisons.
            for (h, k) in other.iter() {
                self.insert_clean(h, k.clone());
            }
            self.fill = other.used;
            self.used = other.used;
            self.bump_version();
            return;
        }
        for (h, k) in other.iter() {
            self.insert(h, k.clone(), |stored| eq(stored, k));
        }
    }
}

/// A copy with CPython's layout: `set_copy` builds a new set and merges the
/// original into it, so this is [`SetTable::merge`] into an empty table. The
/// copy's pop finger starts at 0 and its version at 0.
impl<K: Clone> Clone for SetTable<K> {
    fn clone(&self) -> Self {
        let mut copy = SetTable::new();
        // An empty target never needs comparisons.
        copy.merge(self, |_, _| false);
        copy.version = 0;
        copy
    }
}

/// `a | b` (`set_or`): a copy of `a` with `b` merged in. `eq(x, y)` compares
/// two keys. Passing the same table twice gives the plain copy, as CPython
/// does when both operands are the same object.
pub fn union<K: Clone>(
    a: &SetTable<K>,
    b: &SetTable<K>,
    eq: impl FnMut(&K, &K) -> bool,
) -> SetTable<K> {
    let mut result = a.clone();
    if !std::ptr::eq(a, b) {
        result.merge(b, eq);
    }
    result
}

/// `a & b` (`set_intersection` for two sets): iterate the smaller operand
/// (`b` on a tie) and add, to a new table, each of its keys found in the
/// other operand. The keys in the result are clones of the iterated
/// operand's keys. The same table twice gives a copy.
pub fn intersection<K: Clone>(
    a: &SetTable<K>,
    b: &SetTable<K>,
    mut eq: impl FnMut(&K, &K) -> bool,
) -> SetTable<K> {
    if std::ptr::eq(a, b) {
        return a.clone();
    }
    let (larger, smaller) = if b.len() > a.len() { (b, a) } else { (a, b) };
    let mut result = SetTable::new();
    for (h, k) in smaller.iter() {
        if larger.contains(h, |stored| eq(stored, k)) {
            result.insert(h, k.clone(), |stored| eq(stored, k));
        }
    }
    result
}

/// `a.intersection_update(b)` / `a &= b`: `a` takes over the table of
/// `a & b`, keeping its pop finger.
pub fn intersection_update<K: Clone>(
    a: &mut SetTable<K>,
    b: &SetTable<K>,
    eq: impl FnMut(&K, &K) -> bool,
) {
    let result = intersection(a, b, eq);
    a.replace_body(result);
}

/// `a - b` (`set_difference` for two sets): when `len(a) >> 2 > len(b)`,
/// copy `a` and remove `b`'s keys from the copy; otherwise add each key of
/// `a`, in `a`'s order, that is not in `b` to a new table.
pub fn difference<K: Clone>(
    a: &SetTable<K>,
    b: &SetTable<K>,
    mut eq: impl FnMut(&K, &K) -> bool,
) -> SetTable<K> {
    if (a.len() >> 2) > b.len() {
        let mut result = a.clone();
        difference_update(&mut result, b, eq);
        return result;
    }
    let mut result = SetTable::new();
    for (h, k) in a.iter() {
        if !b.contains(h, |stored| eq(stored, k)) {
            result.insert(h, k.clone(), |stored| eq(stored, k));
        }
    }
    result
}

/// `a.difference_update(b)` / `a -= b` for a set `b` that is not `a` itself
/// (for `a -= a`, call `a.clear()`): discard every key of `b` from `a` (only
/// those of `a & b` when `b` is more than 8 times larger), then compact if
/// more than a quarter of the slots are dummies.
pub fn difference_update<K: Clone>(
    a: &mut SetTable<K>,
    b: &SetTable<K>,
    mut eq: impl FnMut(&K, &K) -> bool,
) {
    let common;
    let to_discard = if (b.len() >> 3) > a.len() {
        common = intersection(a, b, &mut eq);
        &common
    } else {
        b
    };
    for (h, k) in to_discard.iter() {
        a.remove(h, |stored| eq(stored, k));
    }
    a.compact_after_difference_update();
}

/// `a.symmetric_difference_update(b)` / `a ^= b` for a set `b` that is not
/// `a` itself (for `a ^= a`, call `a.clear()`): for each key of `b` in `b`'s
/// order, discard it from `a`, or add it if it was not there.
pub fn symmetric_difference_update<K: Clone>(
    a: &mut SetTable<K>,
    b: &SetTable<K>,
    mut eq: impl FnMut(&K, &K) -> bool,
) {
    for (h, k) in b.iter() {
        if a.remove(h, |stored| eq(stored, k)).is_none() {
            a.insert(h, k.clone(), |stored| eq(stored, k));
        }
    }
}

/// `a ^ b` (`set_symmetric_difference`): a copy of `b`, updated with
/// `symmetric_difference_update(a)`.
pub fn symmetric_difference<K: Clone>(
    a: &SetTable<K>,
    b: &SetTable<K>,
    eq: impl FnMut(&K, &K) -> bool,
) -> SetTable<K> {
    let mut result = b.clone();
    symmetric_difference_update(&mut result, a, eq);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::hash::{hash_bigint, hash_i64, hash_tuple};
    use num_bigint::BigInt;

    type IntSet = SetTable<i64>;

    fn add(s: &mut IntSet, v: i64) -> bool {
        s.insert(hash_i64(v), v, |k| *k == v)
    }

    /// `s = set(); for v in values: s.add(v)`.
    fn adds(values: &[i64]) -> IntSet {
        let mut s = IntSet::new();
        for &v in values {
            add(&mut s, v);
        }
        s
    }

    /// A constant display `{v1, v2, ...}` of 3+ elements: a frozenset built
    /// by adds, rebuilt by adds in its own order, merged into an empty set.
    fn literal(values: &[i64]) -> IntSet {
        adds(&order(&adds(values))).clone()
    }

    fn order(s: &IntSet) -> Vec<i64> {
        s.iter().map(|(_, k)| *k).collect()
    }

    fn discard(s: &mut IntSet, v: i64) -> Option<i64> {
        s.remove(hash_i64(v), |k| *k == v)
    }

    fn eq(a: &i64, b: &i64) -> bool {
        a == b
    }

    // Every expected order below was printed by /usr/bin/python3 (3.11.2).

    #[test]
    fn small_sets() {
        assert_eq!(order(&adds(&[5, 3, 100])), [3, 100, 5]);
        assert_eq!(order(&literal(&[5, 3, 100])), [3, 100, 5]);
        // hash(-1) == hash(-2) == -2: they collide in slot 6.
        assert_eq!(order(&adds(&[-1, -2, 6, 14])), [6, 14, -1, -2]);
        assert_eq!(order(&adds(&[8, 16, 0, 24])), [8, 16, 0, 24]);
    }

    #[test]
    fn duplicates_are_not_added() {
        let mut s = adds(&[1, 2, 3]);
        assert!(!add(&mut s, 2));
        assert!(add(&mut s, 4));
        assert_eq!(s.len(), 4);
        assert!(s.contains(hash_i64(3), |k| *k == 3));
        assert!(!s.contains(hash_i64(9), |k| *k == 9));
    }

    #[test]
    fn resizes_and_copies() {
        let values: Vec<i64> = (0..1000).step_by(7).collect();
        let expected_prefix = [0, 518, 7, 525, 14, 532, 21, 539, 28, 546, 35, 553];
        let expected_suffix = [
            966, 455, 973, 462, 980, 469, 987, 476, 994, 483, 490, 497, 504, 511,
        ];
        let s = adds(&values);
        let got = order(&s);
        assert_eq!(got.len(), values.len());
        assert_eq!(&got[..expected_prefix.len()], expected_prefix);
        assert_eq!(&got[got.len() - expected_suffix.len()..], expected_suffix);

        // Five colliding keys: adding them grows the table to 32 slots, while
        // a copy (and so a constant display) is rebuilt into 16.
        assert_eq!(order(&adds(&[8, 16, 24, 32, 40])), [32, 8, 40, 16, 24]);
        assert_eq!(order(&literal(&[8, 16, 24, 32, 40])), [32, 16, 8, 24, 40]);
        assert_eq!(adds(&[8, 16, 24, 32, 40]).table_size(), 32);
        assert_eq!(literal(&[8, 16, 24, 32, 40]).table_size(), 16);
    }

    #[test]
    fn deletions_then_reinserts() {
        let mut s = adds(&(0..20).collect::<Vec<_>>());
        for v in (0..20).step_by(3) {
            assert_eq!(discard(&mut s, v), Some(v));
        }
        assert_eq!(discard(&mut s, 3), None);
        assert_eq!(order(&s), [1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19]);
        for v in [100, 3, 40, 6] {
            add(&mut s, v);
        }
        assert_eq!(
            order(&s),
            [1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 6, 16, 17, 3, 19, 40, 100]
        );
        assert_eq!(
            order(&s.clone()),
            [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14, 16, 17, 19, 100, 40]
        );
    }

    #[test]
    fn pop_uses_the_finger() {
        let mut s = adds(&(0..10).collect::<Vec<_>>());
        let popped: Vec<i64> = (0..4).filter_map(|_| s.pop()).map(|(_, k)| k).collect();
        assert_eq!(popped, [0, 1, 2, 3]);
        add(&mut s, 0);
        add(&mut s, 1);
        let popped: Vec<i64> = (0..3).filter_map(|_| s.pop()).map(|(_, k)| k).collect();
        assert_eq!(popped, [4, 5, 6]);
        assert_eq!(order(&s), [1, 0, 7, 8, 9]);
        // s = {1, 2, 3}; s.pop(); s.pop(); s.clear(); s.add(1); s.add(5);
        // s.pop() gives 5: clear() keeps the finger at slot 3.
        let mut s = adds(&[1, 2, 3]);
        s.pop();
        s.pop();
        s.clear();
        add(&mut s, 1);
        add(&mut s, 5);
        assert_eq!(s.pop(), Some((5, 5)));
        let mut empty = IntSet::new();
        assert!(empty.pop().is_none());
    }

    #[test]
    fn binary_operations() {
        let a = literal(&[1, 2, 3, 40, 50]);
        let b = literal(&[3, 4, 5, 40, 99, 1000]);
        assert_eq!(order(&union(&a, &b, eq)), [1, 2, 3, 99, 4, 5, 40, 1000, 50]);
        assert_eq!(order(&union(&b, &a, eq)), [1, 2, 3, 99, 4, 5, 40, 1000, 50]);
        assert_eq!(order(&intersection(&a, &b, eq)), [40, 3]);
        assert_eq!(order(&intersection(&b, &a, eq)), [40, 3]);
        assert_eq!(order(&difference(&a, &b, eq)), [1, 2, 50]);
        assert_eq!(order(&difference(&b, &a, eq)), [1000, 99, 4, 5]);
        assert_eq!(
            order(&symmetric_difference(&a, &b, eq)),
            [1, 2, 50, 99, 4, 5, 1000]
        );
        assert_eq!(
            order(&symmetric_difference(&b, &a, eq)),
            [1, 2, 99, 50, 4, 5, 1000]
        );
    }

    #[test]
    fn binary_operations_with_unequal_sizes() {
        // big = set(range(0, 200, 3)); small = {9, 300, 12, 8}
        let big = adds(&(0..200).step_by(3).collect::<Vec<_>>());
        let small = adds(&[9, 300, 12, 8]);
        let big_minus_small = order(&difference(&big, &small, eq));
        assert_eq!(&big_minus_small[..6], [0, 3, 6, 15, 18, 21]);
        assert_eq!(big_minus_small.len(), 65);
        assert_eq!(order(&difference(&small, &big, eq)), [8, 300]);
        assert_eq!(order(&intersection(&big, &small, eq)), [9, 12]);
        assert_eq!(order(&intersection(&small, &big, eq)), [9, 12]);
        let sym = order(&symmetric_difference(&big, &small, eq));
        assert_eq!(
            &sym[..20],
            [
                0, 129, 3, 132, 6, 135, 8, 138, 141, 15, 144, 18, 147, 21, 150, 24, 153, 27, 156,
                30
            ]
        );
        assert_eq!(&sym[26..32], [168, 42, 171, 300, 45, 174]);
        let uni = order(&union(&big, &small, eq));
        assert_eq!(&uni[..8], [0, 3, 6, 8, 9, 12, 15, 18]);
        assert_eq!(&uni[14..18], [39, 42, 300, 45]);
    }

    #[test]
    fn in_place_operations() {
        let mut c = adds(&(0..30).collect::<Vec<_>>());
        intersection_update(&mut c, &literal(&[1, 5, 7, 200, 29]), eq);
        assert_eq!(order(&c), [1, 29, 5, 7]);

        let mut d = adds(&(0..40).collect::<Vec<_>>());
        difference_update(&mut d, &adds(&(0..40).step_by(2).collect::<Vec<_>>()), eq);
        assert_eq!(order(&d), (1..40).step_by(2).collect::<Vec<_>>());
        // 20 dummies > 63 / 4: the table was compacted.
        assert_eq!(d.table_size(), 128);

        let mut e = adds(&(0..40).collect::<Vec<_>>());
        difference_update(&mut e, &adds(&(0..5).collect::<Vec<_>>()), eq);
        assert_eq!(order(&e), (5..40).collect::<Vec<_>>());
    }

    #[test]
    fn same_table_twice() {
        let a = adds(&[1, 2, 3]);
        assert_eq!(order(&union(&a, &a, eq)), [1, 2, 3]);
        assert_eq!(union(&a, &a, eq).table_size(), 8);
        assert_eq!(order(&intersection(&a, &a, eq)), [1, 2, 3]);
        assert!(difference(&a, &a, eq).is_empty());
        assert!(symmetric_difference(&a, &a, eq).is_empty());
    }

    #[test]
    fn tuples_of_ints() {
        // {(1,2),(3,4),(0,0),(-1,5),(2,1)} -- a constant display.
        let items: [[i64; 2]; 5] = [[1, 2], [3, 4], [0, 0], [-1, 5], [2, 1]];
        let mut s: SetTable<[i64; 2]> = SetTable::new();
        for t in items {
            let h = hash_tuple(t.iter().map(|&v| hash_i64(v)));
            s.insert(h, t, |k| *k == t);
        }
        let mut again: SetTable<[i64; 2]> = SetTable::new();
        for (h, t) in s.iter() {
            again.insert(h, *t, |k| k == t);
        }
        let got: Vec<[i64; 2]> = again.clone().iter().map(|(_, k)| *k).collect();
        assert_eq!(got, [[1, 2], [2, 1], [3, 4], [0, 0], [-1, 5]]);
    }

    #[test]
    fn big_ints() {
        // {2**61, 2**61+1, -(2**61), 2**64, 10**20, -1}
        let two61 = BigInt::from(1u64 << 61);
        let values = [
            two61.clone(),
            &two61 + 1,
            -two61.clone(),
            BigInt::from(1u128 << 64),
            BigInt::from(10u128.pow(20)),
            BigInt::from(-1),
        ];
        let mut s: SetTable<BigInt> = SetTable::new();
        for v in &values {
            s.insert(hash_bigint(v), v.clone(), |k| k == v);
        }
        let mut again: SetTable<BigInt> = SetTable::new();
        for (h, v) in s.iter() {
            again.insert(h, v.clone(), |k| k == v);
        }
        let got: Vec<String> = again.clone().iter().map(|(_, k)| k.to_string()).collect();
        assert_eq!(
            got,
            [
                "2305843009213693952",
                "2305843009213693953",
                "-1",
                "18446744073709551616",
                "100000000000000000000",
                "-2305843009213693952"
            ]
        );
    }

    #[test]
    fn large_sets_and_the_50000_rule() {
        // vals = [(i*7919) % 1000003 * 37 - 500000 for i in range(70000)];
        // fingerprints are hash(tuple(s)) printed by python3.
        let vals: Vec<i64> = (0..70000i64)
            .map(|i| (i * 7919) % 1_000_003 * 37 - 500_000)
            .collect();
        let fingerprint = |s: &IntSet| hash_tuple(s.iter().map(|(h, _)| h));
        let mut s = adds(&vals);
        assert_eq!(s.len(), 70000);
        assert_eq!(
            order(&s)[..5],
            [10092545, 34603010, 6029316, 30539781, 6815751]
        );
        assert_eq!(fingerprint(&s), 2627787317081709973);
        for &v in vals.iter().step_by(3) {
            discard(&mut s, v);
        }
        assert_eq!(s.len(), 46666);
        assert_eq!(fingerprint(&s), 7870789944410408639);
        assert_eq!(fingerprint(&s.clone()), 5849914422235889419);
    }

    #[test]
    fn from_a_dict() {
        // set(dict.fromkeys([5, 3, 100, 8, 16, 24, -1, 40, 32, 7]))
        let keys = [5, 3, 100, 8, 16, 24, -1, 40, 32, 7];
        let mut s = IntSet::new();
        s.reserve_for_dict_update(keys.len());
        for v in keys {
            add(&mut s, v);
        }
        assert_eq!(order(&s), [32, 3, 100, 5, 7, 8, 40, 16, 24, -1]);
        // s2 = {1, 2}; s2.update(that dict)
        let mut s2 = adds(&[1, 2]);
        s2.reserve_for_dict_update(keys.len());
        for v in keys {
            add(&mut s2, v);
        }
        assert_eq!(order(&s2), [32, 1, 2, 3, 100, 5, 7, 8, 40, 16, 24, -1]);
    }

    #[test]
    fn frozenset_hash_of_a_table() {
        // hash(frozenset(range(100))), built with deletions on the way.
        let mut s = adds(&(0..150).collect::<Vec<_>>());
        for v in 100..150 {
            discard(&mut s, v);
        }
        assert_eq!(s.frozenset_hash(), 4411996150312757951);
    }

    #[test]
    fn two_phase_probing() {
        let mut s = adds(&[8, 16, 24, 0]);
        // 8, 16, 24 and 0 all start at slot 0, but only 0 hashes to 0.
        let c = s.candidates(0);
        assert_eq!(c.len(), 1);
        assert_eq!(s.slot(c[0]), Some((0, &0)));
        let v = s.version();
        s.insert_new(hash_i64(32), 32);
        assert_ne!(s.version(), v);
        let slot = s.find(hash_i64(32), |k| *k == 32).unwrap();
        assert_eq!(s.remove_slot(slot), Some(32));
        assert_eq!(s.remove_slot(slot), None);
        let first = order(&s)[0];
        assert_eq!(
            s.next_slot(0).and_then(|i| s.slot(i)).map(|(_, k)| *k),
            Some(first)
        );
        assert_eq!(s.next_slot(1000), None);
        s.clear();
        assert!(s.is_empty());
        assert_eq!(s.table_size(), 8);
    }
}
