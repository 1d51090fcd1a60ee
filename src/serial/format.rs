//! The byte format: a version byte, then a program for a small stack
//! machine, ended by [`STOP`].
//!
//! Each operation is one tag byte, sometimes followed by inline operands
//! (LEB128 varints, raw bytes). Most operations push one value; container
//! operations pop the values their items were pushed as. [`MEMO`] copies
//! the top of the stack into the memo (numbered from 0 in order of
//! appearance) and [`GET`] pushes a remembered value again: that is how
//! shared and cyclic references survive. `docs/serialization.md` gives the
//! whole picture; this file is the reference for each tag.
//!
//! Tags are printable ASCII so a hex dump of a payload is readable.

/// First byte of every payload. Bump it whenever the meaning of any tag or
/// operand changes.
pub const VERSION: u8 = 1;

// ----- scalars (push one value)
/// `None`
pub const NONE: u8 = b'N';
pub const TRUE: u8 = b'T';
pub const FALSE: u8 = b'F';
/// `Ellipsis`
pub const ELLIPSIS: u8 = b'E';
pub const NOT_IMPLEMENTED: u8 = b'n';
/// An int in the i64 range: zigzag varint.
pub const INT: u8 = b'i';
/// A larger int: varint byte count, then two's-complement little-endian bytes.
pub const BIGINT: u8 = b'I';
/// A float: the 8 bytes of its IEEE-754 bit pattern, little-endian.
pub const FLOAT: u8 = b'f';
/// A str: varint byte count, then UTF-8.
pub const STR: u8 = b's';
/// A bytes object: varint byte count, then the bytes.
pub const BYTES: u8 = b'b';
/// `range(start, stop, step)`: three zigzag varints.
pub const RANGE: u8 = b'r';

// ----- containers built from items already on the stack
/// varint n: pops n items, pushes a tuple.
pub const TUPLE: u8 = b't';
/// varint n: pops n items, pushes a list.
pub const LIST: u8 = b'l';
/// varint n: pops n key/value pairs (2n items), pushes a dict.
pub const DICT: u8 = b'd';
/// varint n: pops n items, pushes a set.
pub const SET: u8 = b'S';
/// varint n: pops n items, pushes a frozenset.
pub const FROZENSET: u8 = b'z';
/// Pops start, stop, step; pushes a slice.
pub const SLICE: u8 = b':';

// ----- mutable containers made empty first, then filled (cycles)
pub const EMPTY_LIST: u8 = b'L';
/// varint n: pops n items, appends them to the list below them.
pub const APPENDS: u8 = b'a';
pub const EMPTY_DICT: u8 = b'D';
/// varint n: pops n key/value pairs, stores them in the dict below them.
pub const SETITEMS: u8 = b'u';
pub const EMPTY_SET: u8 = b'Q';
/// varint n: pops n items, adds them to the set below them.
pub const ADDITEMS: u8 = b'A';

// ----- memo and stack
/// Remembers the top of the stack (it stays on the stack).
pub const MEMO: u8 = b'm';
/// varint i: pushes memo entry i.
pub const GET: u8 = b'g';
/// varint n: discards the top n values.
pub const POP: u8 = b'p';

// ----- references by name
/// Two inline strings (varint length + UTF-8 each): module name and
/// qualified name. Pushes the object found by importing the module (through
/// `sys.modules` first) and walking the dotted name.
pub const GLOBAL: u8 = b'G';
/// Pops a value, pushes its type (for `type(None)` and the like, which no
/// module exposes).
pub const TYPE_OF: u8 = b'Y';
/// Pops a name and an object, pushes `getattr(obj, name)` (bound methods of
/// built-in objects).
pub const GETATTR: u8 = b'@';

// ----- instances
/// Pops a class, pushes a new instance made without calling `__init__`.
pub const NEWOBJ: u8 = b'O';
/// Pops a state, applies it to the object below it: `__setstate__(state)`
/// if its class defines one, else an update of its `__dict__`.
pub const BUILD: u8 = b'B';
/// Pops an args tuple and a callable, pushes `callable(*args)` (the
/// `__reduce__` protocol).
pub const REDUCE: u8 = b'R';
/// Pops a list, appends its items to the object below (`__reduce__`'s
/// fourth item), with `extend` or `append`.
pub const EXTEND: u8 = b'+';
/// Pops a list of (key, value) pairs, sets them as items of the object below
/// (`__reduce__`'s fifth item).
pub const SETITEMS_CALL: u8 = b'*';
/// Pops a state and a function, calls `function(obj, state)` on the object
/// below them (`__reduce__`'s sixth item).
pub const SETSTATE_WITH: u8 = b'$';

// ----- exceptions
/// Pops a class, pushes a new exception of that class with empty `args`,
/// made without calling `__init__`.
pub const NEWEXC: u8 = b'X';
/// Pops a tuple, makes it the `args` of the exception below it.
pub const EXC_ARGS: u8 = b'x';
/// Then one inline byte (1: `__suppress_context__`). Pops `__context__` and
/// `__cause__`, sets them on the exception below.
pub const EXC_LINKS: u8 = b'k';

// ----- functions and code (by value)
/// Pushes a new empty closure cell.
pub const CELL: u8 = b'c';
/// Pops a value, stores it in the cell below it.
pub const CELL_SET: u8 = b'C';
/// Pops the tuple of constants; inline: the rest of a code object (see
/// `code.rs`). Pushes the code object.
pub const CODE: u8 = b'K';
/// Pops, in push order: code, module name, `__name__`, `__qualname__`,
/// defaults (tuple), kwdefaults (dict or None), closure (tuple of cells),
/// `__dict__` (dict or None). Pushes the function; its globals are the
/// namespace of the named module.
pub const FUNCTION: u8 = b'P';
/// Pops a function and a receiver, pushes the bound method.
pub const METHOD: u8 = b'M';

/// End of the program: the stack must hold exactly the result.
pub const STOP: u8 = b'.';

// ----- operand encoding

/// Appends `v` as an unsigned LEB128 varint.
#[inline]
pub fn put_uvarint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends `v` zigzag-encoded (small magnitudes, either sign, stay short).
#[inline]
pub fn put_ivarint(out: &mut Vec<u8>, v: i64) {
    put_uvarint(out, ((v << 1) ^ (v >> 63)) as u64);
}

/// Appends a length-prefixed byte string.
#[inline]
pub fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_uvarint(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// Why a payload could not be read (becomes `_serial.UnpicklingError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt(pub String);

impl Corrupt {
    pub fn new(msg: impl Into<String>) -> Corrupt {
        Corrupt(msg.into())
    }
}

pub fn truncated() -> Corrupt {
    Corrupt::new("data was truncated")
}

/// A cursor over a payload; every read is bounds-checked.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data, pos: 0 }
    }

    /// Offset of the next byte (for error messages).
    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.data.len()
    }

    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    #[inline]
    pub fn u8(&mut self) -> Result<u8, Corrupt> {
        let b = *self.data.get(self.pos).ok_or_else(truncated)?;
        self.pos += 1;
        Ok(b)
    }

    #[inline]
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Corrupt> {
        if n > self.remaining() {
            return Err(truncated());
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    #[inline]
    pub fn uvarint(&mut self) -> Result<u64, Corrupt> {
        let mut v: u64 = 0;
        let mut shift = 0u32;
        loop {
            let b = self.u8()?;
            if shift == 63 && b > 1 {
                return Err(Corrupt::new("varint too large"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return Err(Corrupt::new("varint too large"));
            }
        }
    }

    #[inline]
    pub fn ivarint(&mut self) -> Result<i64, Corrupt> {
        let u = self.uvarint()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    /// A varint that must fit in `u32`.
    pub fn u32(&mut self) -> Result<u32, Corrupt> {
        u32::try_from(self.uvarint()?).map_err(|_| Corrupt::new("operand out of range"))
    }

    /// A count of things each taking at least one byte of input: never more
    /// than what is left, so a corrupt count cannot make us allocate a lot.
    pub fn count(&mut self) -> Result<usize, Corrupt> {
        let n = self.uvarint()?;
        if n > self.remaining() as u64 {
            return Err(truncated());
        }
        Ok(n as usize)
    }

    /// A length-prefixed byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8], Corrupt> {
        let n = self.uvarint()?;
        if n > self.remaining() as u64 {
            return Err(truncated());
        }
        self.take(n as usize)
    }

    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<&'a str, Corrupt> {
        let b = self.bytes()?;
        std::str::from_utf8(b).map_err(|_| Corrupt::new("invalid UTF-8 in a string"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let values = [
            0i64,
            1,
            -1,
            63,
            -64,
            64,
            1 << 20,
            -(1 << 40),
            i64::MAX,
            i64::MIN,
        ];
        let mut out = Vec::new();
        for v in values {
            put_ivarint(&mut out, v);
            put_uvarint(&mut out, v as u64);
        }
        let mut r = Reader::new(&out);
        for v in values {
            assert_eq!(r.ivarint().unwrap(), v);
            assert_eq!(r.uvarint().unwrap(), v as u64);
        }
        assert!(r.at_end());
    }

    #[test]
    fn overlong_varints_are_rejected() {
        let mut r = Reader::new(&[0xff; 11]);
        assert!(r.uvarint().is_err());
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]);
        assert!(r.uvarint().is_err());
        let mut r = Reader::new(&[0x80]);
        assert_eq!(r.uvarint(), Err(truncated()));
    }
}
