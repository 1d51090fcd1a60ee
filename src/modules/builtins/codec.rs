//! The few text encodings mini knows (UTF-8, ASCII, Latin-1, UTF-16 and
//! UTF-32), with CPython's error handlers and error messages.
//!
//! Errors name the byte or character range at fault exactly as CPython's
//! codecs do, because programs print them.

use crate::objects::exception::{type_error, PyErr};
use crate::objects::{ExcKind, Value};
use crate::vm::{PyResult, Vm};

/// An `encoding`/`errors` argument of `encode`, `decode` or `str()`:
/// `default` when absent, else it must be a str.
pub fn text_arg(vm: &Vm, v: Option<Value>, what: &str, default: &str) -> PyResult<String> {
    match v {
        None => Ok(default.to_string()),
        Some(Value::Str(s)) => Ok(s.as_str().to_string()),
        Some(Value::None) => Err(type_error(format!("{what} must be str, not None"))),
        Some(other) => Err(type_error(format!(
            "{what} must be str, not {}",
            vm.type_name(&other)
        ))),
    }
}

/// A codec by its canonical (error message) name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
    Utf16(Endian),
    Utf32(Endian),
}

/// Byte order; `Native` means "with a byte order mark" (little-endian here).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Endian {
    Native,
    Little,
    Big,
}

fn lookup(encoding: &str) -> Result<Codec, PyErr> {
    let norm: String = encoding
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    Ok(match norm.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" => Codec::Utf8,
        "ascii" | "us_ascii" | "646" => Codec::Ascii,
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819" => {
            Codec::Latin1
        }
        "utf_16" | "utf16" | "u16" => Codec::Utf16(Endian::Native),
        "utf_16_le" | "utf_16le" => Codec::Utf16(Endian::Little),
        "utf_16_be" | "utf_16be" => Codec::Utf16(Endian::Big),
        "utf_32" | "utf32" | "u32" => Codec::Utf32(Endian::Native),
        "utf_32_le" | "utf_32le" => Codec::Utf32(Endian::Little),
        "utf_32_be" | "utf_32be" => Codec::Utf32(Endian::Big),
        _ => {
            return Err(PyErr::new(
                ExcKind::LookupError,
                format!("unknown encoding: {encoding}"),
            ))
        }
    })
}

fn unknown_handler(errors: &str) -> PyErr {
    PyErr::new(
        ExcKind::LookupError,
        format!("unknown error handler name '{errors}'"),
    )
}

/// `'ascii' codec can't decode byte 0xff in position 3: why`, or
/// `bytes in position 3-4` for a longer range (`end` exclusive).
fn decode_error(codec: &str, b: &[u8], start: usize, end: usize, why: &str) -> PyErr {
    let what = if end - start == 1 {
        format!("byte 0x{:02x} in position {start}", b[start])
    } else {
        format!("bytes in position {start}-{}", end - 1)
    };
    PyErr::new(
        ExcKind::UnicodeDecodeError,
        format!("'{codec}' codec can't decode {what}: {why}"),
    )
}

/// Applies decode error handler `errors` to the bytes `bad`, or fails.
fn handle_decode(
    errors: &str,
    out: &mut String,
    bad: &[u8],
    fail: impl FnOnce() -> PyErr,
) -> Result<(), PyErr> {
    match errors {
        "strict" => return Err(fail()),
        "replace" => out.push('\u{fffd}'),
        "ignore" => {}
        "backslashreplace" => {
            for c in bad {
                out.push_str(&format!("\\x{c:02x}"));
            }
        }
        other => return Err(unknown_handler(other)),
    }
    Ok(())
}

/// Decodes `b`; `errors` is "strict", "replace", "ignore" or
/// "backslashreplace".
pub fn decode(b: &[u8], encoding: &str, errors: &str) -> Result<String, PyErr> {
    match lookup(encoding)? {
        Codec::Utf8 => decode_utf8(b, errors),
        Codec::Ascii => {
            let mut out = String::with_capacity(b.len());
            for (pos, &c) in b.iter().enumerate() {
                if c < 128 {
                    out.push(c as char);
                } else {
                    handle_decode(errors, &mut out, &b[pos..pos + 1], || {
                        decode_error("ascii", b, pos, pos + 1, "ordinal not in range(128)")
                    })?;
                }
            }
            Ok(out)
        }
        Codec::Latin1 => Ok(b.iter().map(|&c| c as char).collect()),
        Codec::Utf16(e) => decode_wide(b, errors, 2, e),
        Codec::Utf32(e) => decode_wide(b, errors, 4, e),
    }
}

/// How many bytes of a UTF-8 sequence starting at `b[i]` are valid, and
/// whether the sequence is complete (`Ok`) or broken (`Err(valid_len)`),
/// following the "maximal subpart" rule CPython uses for error ranges.
fn utf8_sequence(b: &[u8], i: usize) -> Result<usize, (usize, &'static str)> {
    let c = b[i];
    let (len, lo, hi) = match c {
        0x00..=0x7f => return Ok(1),
        0xc2..=0xdf => (2, 0x80, 0xbf),
        0xe0 => (3, 0xa0, 0xbf),
        0xed => (3, 0x80, 0x9f),
        0xe1..=0xef => (3, 0x80, 0xbf),
        0xf0 => (4, 0x90, 0xbf),
        0xf4 => (4, 0x80, 0x8f),
        0xf1..=0xf3 => (4, 0x80, 0xbf),
        _ => return Err((1, "invalid start byte")),
    };
    for k in 1..len {
        let Some(&next) = b.get(i + k) else {
            return Err((k, "unexpected end of data"));
        };
        let (l, h) = if k == 1 { (lo, hi) } else { (0x80, 0xbf) };
        if next < l || next > h {
            return Err((k, "invalid continuation byte"));
        }
    }
    Ok(len)
}

fn decode_utf8(b: &[u8], errors: &str) -> Result<String, PyErr> {
    if let Ok(s) = std::str::from_utf8(b) {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match utf8_sequence(b, i) {
            Ok(n) => {
                // A validated sequence always decodes.
                out.push_str(std::str::from_utf8(&b[i..i + n]).unwrap_or("\u{fffd}"));
                i += n;
            }
            Err((n, why)) => {
                handle_decode(errors, &mut out, &b[i..i + n], || {
                    decode_error("utf-8", b, i, i + n, why)
                })?;
                i += n;
            }
        }
    }
    Ok(out)
}

/// UTF-16 / UTF-32 (`width` bytes per unit).
fn decode_wide(b: &[u8], errors: &str, width: usize, endian: Endian) -> Result<String, PyErr> {
    let mut data = b;
    let mut little = endian != Endian::Big;
    let name = match (width, endian) {
        (2, Endian::Big) => "utf-16-be",
        (2, _) => "utf-16-le",
        (_, Endian::Big) => "utf-32-be",
        _ => "utf-32-le",
    };
    if endian == Endian::Native {
        let (le, be): (&[u8], &[u8]) = if width == 2 {
            (&[0xff, 0xfe], &[0xfe, 0xff])
        } else {
            (&[0xff, 0xfe, 0, 0], &[0, 0, 0xfe, 0xff])
        };
        if let Some(rest) = data.strip_prefix(le) {
            data = rest;
        } else if let Some(rest) = data.strip_prefix(be) {
            data = rest;
            little = false;
        }
    }
    let offset = b.len() - data.len();
    let unit = |k: usize| -> u32 {
        let bytes = &data[k..k + width];
        let mut v = 0u32;
        for j in 0..width {
            let byte = if little {
                bytes[width - 1 - j]
            } else {
                bytes[j]
            };
            v = (v << 8) | byte as u32;
        }
        v
    };
    let mut out = String::new();
    let mut k = 0;
    while k < data.len() {
        if k + width > data.len() {
            handle_decode(errors, &mut out, &data[k..], || {
                decode_error(name, b, offset + k, b.len(), "truncated data")
            })?;
            break;
        }
        let u = unit(k);
        if width == 2 && (0xd800..0xdc00).contains(&u) {
            if k + 4 <= data.len() {
                let lo = unit(k + 2);
                if (0xdc00..0xe000).contains(&lo) {
                    let c = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                    out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                    k += 4;
                    continue;
                }
                handle_decode(errors, &mut out, &data[k..k + 2], || {
                    decode_error(
                        name,
                        b,
                        offset + k,
                        offset + k + 2,
                        "illegal UTF-16 surrogate",
                    )
                })?;
            } else {
                handle_decode(errors, &mut out, &data[k..], || {
                    decode_error(name, b, offset + k, b.len(), "unexpected end of data")
                })?;
                break;
            }
        } else {
            match char::from_u32(u) {
                Some(c) => out.push(c),
                None => {
                    let why = if width == 2 {
                        "illegal encoding"
                    } else {
                        "code point not in range(0x110000)"
                    };
                    handle_decode(errors, &mut out, &data[k..k + width], || {
                        decode_error(name, b, offset + k, offset + k + width, why)
                    })?;
                }
            }
        }
        k += width;
    }
    Ok(out)
}

/// `'\x..'`, `'\u....'` or `'\U........'`, as CPython names a character
/// it cannot encode.
fn char_escape(c: char) -> String {
    let n = c as u32;
    if n < 0x100 {
        format!("\\x{n:02x}")
    } else if n < 0x10000 {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    }
}

/// Encodes `s`; `errors` is "strict", "replace", "ignore",
/// "backslashreplace" or "xmlcharrefreplace".
pub fn encode(s: &str, encoding: &str, errors: &str) -> Result<Vec<u8>, PyErr> {
    let (limit, name) = match lookup(encoding)? {
        Codec::Utf8 => return Ok(s.as_bytes().to_vec()),
        Codec::Utf16(e) => return Ok(encode_wide(s, 2, e)),
        Codec::Utf32(e) => return Ok(encode_wide(s, 4, e)),
        Codec::Ascii => (128u32, "ascii"),
        Codec::Latin1 => (256u32, "latin-1"),
    };
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        // CPython reports the whole run of unencodable characters.
        let end = (i..chars.len())
            .find(|&j| (chars[j] as u32) < limit)
            .unwrap_or(chars.len());
        match errors {
            "strict" => {
                let what = if end - i == 1 {
                    format!("character '{}' in position {i}", char_escape(c))
                } else {
                    format!("characters in position {i}-{}", end - 1)
                };
                return Err(PyErr::new(
                    ExcKind::UnicodeEncodeError,
                    format!("'{name}' codec can't encode {what}: ordinal not in range({limit})"),
                ));
            }
            "ignore" => {}
            "replace" => out.extend(std::iter::repeat_n(b'?', end - i)),
            "backslashreplace" => {
                for &c in &chars[i..end] {
                    out.extend_from_slice(char_escape(c).as_bytes());
                }
            }
            "xmlcharrefreplace" => {
                for &c in &chars[i..end] {
                    out.extend_from_slice(format!("&#{};", c as u32).as_bytes());
                }
            }
            other => return Err(unknown_handler(other)),
        }
        i = end;
    }
    Ok(out)
}

fn encode_wide(s: &str, width: usize, endian: Endian) -> Vec<u8> {
    let mut out = Vec::new();
    let little = endian != Endian::Big;
    let mut put = |u: u32| {
        let bytes = u.to_be_bytes();
        let unit = &bytes[4 - width..];
        if little {
            out.extend(unit.iter().rev());
        } else {
            out.extend_from_slice(unit);
        }
    };
    if endian == Endian::Native {
        put(0xfeff);
    }
    for c in s.chars() {
        if width == 2 {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                put(*u as u32);
            }
        } else {
            put(c as u32);
        }
    }
    out
}
