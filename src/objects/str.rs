//! `str`: immutable Unicode text, indexed by code point.
//!
//! Stored as UTF-8 with the code-point count alongside: when the two lengths
//! agree the text is ASCII and indexing is O(1); otherwise indexing walks the
//! bytes (a price paid only by non-ASCII text).

use std::cell::Cell;
use std::rc::Rc;

pub struct StrObj {
    s: String,
    chars: usize,
    /// Cached `hash()`; `HASH_UNSET` until first needed.
    hash: Cell<i64>,
}

const HASH_UNSET: i64 = -1;

impl StrObj {
    pub fn new(s: String) -> Rc<StrObj> {
        Rc::new(StrObj::from_string(s))
    }

    pub fn from_string(s: String) -> StrObj {
        let chars = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        StrObj {
            s,
            chars,
            hash: Cell::new(HASH_UNSET),
        }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// Length in code points (`len(s)`).
    #[inline]
    pub fn char_len(&self) -> usize {
        self.chars
    }

    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.chars == self.s.len()
    }

    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != HASH_UNSET {
            return h;
        }
        let h = super::hash::hash_str(&self.s);
        self.hash.set(h);
        h
    }

    /// Byte offset of code point `i` (which may equal `char_len()`).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i
        } else {
            self.s
                .char_indices()
                .nth(i)
                .map(|(b, _)| b)
                .unwrap_or(self.s.len())
        }
    }

    /// The code point at index `i` (`i < char_len()`).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.s.as_bytes()[i] as char
        } else {
            self.s.chars().nth(i).unwrap_or('\0')
        }
    }

    /// Code points `start..end`.
    pub fn substring(&self, start: usize, end: usize) -> &str {
        if self.is_ascii() {
            &self.s[start..end]
        } else {
            let a = self.byte_offset(start);
            let b = a + self.s[a..]
                .char_indices()
                .nth(end - start)
                .map(|(b, _)| b)
                .unwrap_or(self.s.len() - a);
            &self.s[a..b]
        }
    }

    /// Appends in place; only for a string nobody else can see yet
    /// (`Rc::get_mut` succeeded), which is how `s += t` avoids copying.
    pub fn push_str(&mut self, t: &str) {
        self.s.push_str(t);
        self.chars += if t.is_ascii() {
            t.len()
        } else {
            t.chars().count()
        };
        self.hash.set(HASH_UNSET);
    }

    /// Converts a code-point index computed by Rust (`str::find`) from bytes.
    pub fn char_index_of_byte(&self, byte: usize) -> usize {
        if self.is_ascii() {
            byte
        } else {
            self.s[..byte].chars().count()
        }
    }
}

impl PartialEq for StrObj {
    fn eq(&self, other: &StrObj) -> bool {
        self.s == other.s
    }
}
