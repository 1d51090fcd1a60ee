//! Numeric literals: a port of CPython's number scanner, so that both the
//! accepted forms and the error messages (and caret positions) match.
//!
//! Positions follow CPython's tokenizer: `cur` is the index just past the
//! character under examination. Where CPython "backs up" before reporting,
//! the caret lands on the character *before* the offending one.

use num_bigint::BigInt;

use super::token::{error_at, Num};
use super::SyntaxError;

/// Scans the literal starting at `start`; returns its byte length and value.
pub fn scan(src: &str, start: usize) -> Result<(usize, Num), SyntaxError> {
    let mut s = Scanner {
        b: src.as_bytes(),
        i: start,
    };
    let kind = s.literal(start)?;
    let end = s.i;
    let text: String = src[start..end].chars().filter(|&c| c != '_').collect();
    let value = match kind {
        Kind::Int(radix) => int_value(&text, radix),
        Kind::Float => Num::Float(text.parse::<f64>().unwrap_or(f64::INFINITY)),
        Kind::Imaginary => {
            return Err(error_at(
                "imaginary numbers are not supported by mini",
                start,
                end,
            ))
        }
    };
    Ok((end - start, value))
}

fn int_value(text: &str, radix: u32) -> Num {
    let digits = if radix == 10 { text } else { &text[2..] };
    if let Ok(v) = i64::from_str_radix(digits, radix) {
        return Num::Int(v);
    }
    match BigInt::parse_bytes(digits.as_bytes(), radix) {
        Some(v) => Num::Big(v),
        None => Num::Int(0), // unreachable: the scanner only accepts digits
    }
}

enum Kind {
    Int(u32),
    Float,
    Imaginary,
}

struct Scanner<'s> {
    b: &'s [u8],
    /// Index of the character under examination (CPython's `c`).
    i: usize,
}

impl Scanner<'_> {
    fn c(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    /// An error whose caret sits just before the current character.
    fn before(&self, msg: &str) -> SyntaxError {
        let p = self.i.saturating_sub(1);
        error_at(msg, p, p)
    }

    fn literal(&mut self, start: usize) -> Result<Kind, SyntaxError> {
        if self.c() == b'.' {
            self.i += 1;
            return self.fraction();
        }
        if self.c() == b'0' {
            match self.at(self.i + 1) | 0x20 {
                b'x' => return self.radix(16, "hexadecimal"),
                b'o' => return self.radix(8, "octal"),
                b'b' => return self.radix(2, "binary"),
                _ => {}
            }
            // Zeros (maybe with underscores), then perhaps more digits.
            loop {
                if self.c() == b'_' {
                    self.i += 1;
                    if !self.c().is_ascii_digit() {
                        return Err(self.before("invalid decimal literal"));
                    }
                }
                if self.c() != b'0' {
                    break;
                }
                self.i += 1;
            }
            let zeros_end = self.i;
            let nonzero = self.c().is_ascii_digit();
            if nonzero {
                self.decimal_tail()?;
            }
            return match self.c() {
                b'.' => {
                    self.i += 1;
                    self.fraction()
                }
                b'e' | b'E' => self.exponent(false),
                b'j' | b'J' => self.imaginary(),
                _ if nonzero => Err(error_at(
                    "leading zeros in decimal integer literals are not permitted; \
                     use an 0o prefix for octal integers",
                    start,
                    zeros_end,
                )),
                _ => {
                    self.verify_end("decimal")?;
                    Ok(Kind::Int(10))
                }
            };
        }
        self.decimal_tail()?;
        match self.c() {
            b'.' => {
                self.i += 1;
                self.fraction()
            }
            b'e' | b'E' => self.exponent(false),
            b'j' | b'J' => self.imaginary(),
            _ => {
                self.verify_end("decimal")?;
                Ok(Kind::Int(10))
            }
        }
    }

    /// Digits with single underscores between them; stops on the first other char.
    fn decimal_tail(&mut self) -> Result<(), SyntaxError> {
        loop {
            while self.c().is_ascii_digit() {
                self.i += 1;
            }
            if self.c() != b'_' {
                return Ok(());
            }
            self.i += 1;
            if !self.c().is_ascii_digit() {
                return Err(self.before("invalid decimal literal"));
            }
        }
    }

    fn radix(&mut self, radix: u32, name: &str) -> Result<Kind, SyntaxError> {
        self.i += 2;
        let is_digit = |c: u8| (c as char).is_digit(radix);
        loop {
            if self.c() == b'_' {
                self.i += 1;
            }
            if !is_digit(self.c()) {
                return Err(self.bad_digit(radix, name));
            }
            while is_digit(self.c()) {
                self.i += 1;
            }
            if self.c() != b'_' {
                break;
            }
        }
        if radix != 16 && self.c().is_ascii_digit() {
            return Err(self.bad_digit(radix, name));
        }
        self.verify_end(name)?;
        Ok(Kind::Int(radix))
    }

    fn bad_digit(&self, radix: u32, name: &str) -> SyntaxError {
        let c = self.c();
        if radix != 16 && c.is_ascii_digit() {
            let msg = format!("invalid digit '{}' in {} literal", c as char, name);
            error_at(msg, self.i, self.i)
        } else {
            self.before(&format!("invalid {} literal", name))
        }
    }

    fn fraction(&mut self) -> Result<Kind, SyntaxError> {
        if self.c().is_ascii_digit() {
            self.decimal_tail()?;
        }
        match self.c() {
            b'e' | b'E' => self.exponent(true),
            b'j' | b'J' => self.imaginary(),
            _ => {
                self.verify_end("decimal")?;
                Ok(Kind::Float)
            }
        }
    }

    fn exponent(&mut self, had_dot: bool) -> Result<Kind, SyntaxError> {
        let e = self.i;
        self.i += 1;
        if matches!(self.c(), b'+' | b'-') {
            self.i += 1;
            if !self.c().is_ascii_digit() {
                return Err(self.before("invalid decimal literal"));
            }
        } else if !self.c().is_ascii_digit() {
            // `1else`: the `e` starts the next token (if that is allowed).
            self.i = e;
            self.verify_end("decimal")?;
            return Ok(if had_dot { Kind::Float } else { Kind::Int(10) });
        }
        self.decimal_tail()?;
        if matches!(self.c(), b'j' | b'J') {
            return self.imaginary();
        }
        self.verify_end("decimal")?;
        Ok(Kind::Float)
    }

    fn imaginary(&mut self) -> Result<Kind, SyntaxError> {
        self.i += 1;
        self.verify_end("imaginary")?;
        Ok(Kind::Imaginary)
    }

    /// A literal glued to a name is an error, except before the few keywords
    /// that can legally follow a number (`1if x else y`, `0or 1`).
    fn verify_end(&self, kind: &str) -> Result<(), SyntaxError> {
        let c = self.c();
        let next = |k: &[u8]| self.b.get(self.i + 1..self.i + 1 + k.len()) == Some(k);
        let keyword = match c {
            b'a' => next(b"nd"),
            b'e' => next(b"lse"),
            b'f' => next(b"or"),
            b'i' => matches!(self.at(self.i + 1), b'f' | b'n' | b's'),
            b'o' => next(b"r"),
            b'n' => next(b"ot"),
            _ => false,
        };
        if !keyword && (c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80) {
            return Err(self.before(&format!("invalid {} literal", kind)));
        }
        Ok(())
    }
}
