//! `str`: the constructor and the string methods.
//!
//! Indices are code points; the ranges given to `find`, `count`,
//! `startswith` and friends are clamped like slices.

use super::types::Spec;
use super::unicode_props as uni;
use crate::format::repr::is_printable;
use crate::format::template::{template_pieces, AutoNumber, FieldAccess, FieldFirst, Piece};
use crate::format::unicode::{decimal_value, is_space};
use crate::objects::exception::{index_error, memory_error, type_error, value_error};
use crate::objects::slice::SliceIndices;
use crate::objects::{Args, BytesObj, Class, DictObj, ExcKind, NativeFn, StrObj, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

const STR_METHODS: [(&str, crate::objects::NativeFn); METHODS.len() + super::dunders::STR.len()] =
    super::dunders::concat(METHODS, super::dunders::STR);

pub const STR: Spec = Spec {
    subclassable: true,
    new: Some(str_new),
    methods: &STR_METHODS,
    staticmethods: &[("maketrans", maketrans)],
    ..Spec::new("str")
};

const METHODS: &[(&str, NativeFn)] = &[
    ("split", split),
    ("rsplit", rsplit),
    ("splitlines", splitlines),
    ("join", join),
    ("strip", strip),
    ("lstrip", lstrip),
    ("rstrip", rstrip),
    ("replace", replace),
    ("find", find),
    ("rfind", rfind),
    ("index", index),
    ("rindex", rindex),
    ("count", count),
    ("startswith", startswith),
    ("endswith", endswith),
    ("upper", upper),
    ("lower", lower),
    ("casefold", casefold),
    ("title", title),
    ("capitalize", capitalize),
    ("swapcase", swapcase),
    ("isdigit", isdigit),
    ("isdecimal", isdecimal),
    ("isnumeric", isnumeric),
    ("isalpha", isalpha),
    ("isalnum", isalnum),
    ("isspace", isspace),
    ("isupper", isupper),
    ("islower", islower),
    ("istitle", istitle),
    ("isidentifier", isidentifier),
    ("isprintable", isprintable),
    ("isascii", isascii),
    ("center", center),
    ("ljust", ljust),
    ("rjust", rjust),
    ("zfill", zfill),
    ("partition", partition),
    ("rpartition", rpartition),
    ("format", format),
    ("format_map", format_map),
    ("encode", encode),
    ("expandtabs", expandtabs),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("translate", translate),
    ("__len__", super::list_dunders::len),
    ("__getitem__", super::list_dunders::getitem),
    ("__contains__", super::list_dunders::contains),
    ("__iter__", super::list_dunders::iter),
    ("__repr__", super::list_dunders::repr),
    ("__str__", str_self),
    ("__format__", dunder_format),
];

fn str_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let [obj, encoding, errors] = args.bind("str", ["object", "encoding", "errors"], 0)?;
    if encoding.is_none() && errors.is_none() {
        return match obj {
            None => Ok(Value::str("")),
            Some(o) => Ok(Value::Str(vm.str_obj(&o)?)),
        };
    }
    let enc = super::codec::text_arg(vm, encoding, "str() argument 'encoding'", "utf-8")?;
    let errors = super::codec::text_arg(vm, errors, "str() argument 'errors'", "strict")?;
    match obj {
        None => Ok(Value::str("")),
        Some(Value::Bytes(b)) => decode(&b.data, &enc, &errors).map(Value::str),
        Some(Value::Str(_)) => Err(type_error("decoding str is not supported")),
        Some(o) => Err(type_error(format!(
            "decoding to str: need a bytes-like object, {} found",
            vm.type_name(&o)
        ))),
    }
}

/// Decodes bytes (see `codec` for the encodings and error handlers known).
pub fn decode(b: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    super::codec::decode(b, encoding, errors)
}

fn this(vm: &Vm, v: &Value, fname: &str) -> PyResult<Rc<StrObj>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        _ => Err(type_error(format!(
            "descriptor '{fname}' for 'str' objects doesn't apply to a '{}' object",
            vm.type_name(v)
        ))),
    }
}

/// Receiver, and the other positional arguments (keywords refused).
fn recv(
    vm: &Vm,
    args: Args,
    fname: &str,
    min: usize,
    max: usize,
) -> PyResult<(Rc<StrObj>, super::args::ArgVec)> {
    /// Methods CPython parses with the older tuple parser.
    const LEGACY: &[&str] = &[
        "find",
        "rfind",
        "index",
        "rindex",
        "count",
        "startswith",
        "endswith",
    ];
    let (s, a) = if LEGACY.contains(&fname) {
        super::arity::legacy_method(args, "str", fname, min, max)?
    } else {
        super::arity::method(args, "str", fname, min, max)?
    };
    Ok((this(vm, &s, fname)?, a))
}

fn s(v: String) -> PyResult<Value> {
    Ok(Value::str(v))
}

fn str_arg(vm: &Vm, v: &Value, what: &str) -> PyResult<Rc<StrObj>> {
    match v {
        Value::Str(x) => Ok(x.clone()),
        // `what` names the argument when CPython does ("replace() argument 1").
        other if what.ends_with(')') || what.contains("argument") => Err(type_error(format!(
            "{what} must be str, not {}",
            vm.type_name(other)
        ))),
        other => Err(type_error(format!(
            "must be str, not {}",
            vm.type_name(other)
        ))),
    }
}

// ----- splitting and joining

fn split_args(
    vm: &mut Vm,
    args: Args,
    fname: &str,
) -> PyResult<(Rc<StrObj>, Option<Rc<StrObj>>, i64)> {
    super::arity::check_positional(&args, fname, 2)?;
    let [this_v, sep, maxsplit] = args.bind(fname, ["self", "sep", "maxsplit"], 1)?;
    let st = this(vm, &this_v.unwrap_or(Value::None), fname)?;
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(Value::Str(x)) => Some(x),
        Some(other) => {
            return Err(type_error(format!(
                "must be str or None, not {}",
                vm.type_name(&other)
            )))
        }
    };
    let max = match maxsplit {
        Some(m) => vm.arg_i64(&m)?,
        None => -1,
    };
    if sep.as_ref().is_some_and(|s| s.as_str().is_empty()) {
        return Err(value_error("empty separator"));
    }
    Ok((st, sep, max))
}

fn split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, sep, max) = split_args(vm, args, "split")?;
    let text = st.as_str();
    let limit = if max < 0 { usize::MAX } else { max as usize };
    let parts: Vec<Value> = match sep {
        Some(sep) => {
            // One searcher for the whole string (a new one per piece cost
            // more than the search); a one-byte separator searches as a char.
            let sep = sep.as_str();
            let mut out = Vec::new();
            let mut start = 0;
            let mut cut = |i: usize, out: &mut Vec<Value>| {
                out.push(Value::str(&text[start..i]));
                start = i + sep.len();
            };
            if let [b] = sep.as_bytes() {
                for (i, _) in text.match_indices(*b as char) {
                    if out.len() >= limit {
                        break;
                    }
                    cut(i, &mut out);
                }
            } else {
                for (i, _) in text.match_indices(sep) {
                    if out.len() >= limit {
                        break;
                    }
                    cut(i, &mut out);
                }
            }
            out.push(Value::str(&text[start..]));
            out
        }
        None => {
            let mut out = Vec::new();
            let mut rest = text.trim_start_matches(is_space);
            while !rest.is_empty() {
                if out.len() == limit {
                    out.push(Value::str(rest));
                    break;
                }
                let end = rest.find(is_space).unwrap_or(rest.len());
                out.push(Value::str(&rest[..end]));
                rest = rest[end..].trim_start_matches(is_space);
            }
            out
        }
    };
    Ok(Value::list(parts))
}

fn rsplit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, sep, max) = split_args(vm, args, "rsplit")?;
    let text = st.as_str();
    let limit = if max < 0 { usize::MAX } else { max as usize };
    let mut parts: Vec<Value> = match sep {
        Some(sep) => {
            let mut out = Vec::new();
            let mut rest = text;
            while out.len() < limit {
                match rest.rfind(sep.as_str()) {
                    Some(i) => {
                        out.push(Value::str(&rest[i + sep.as_str().len()..]));
                        rest = &rest[..i];
                    }
                    None => break,
                }
            }
            out.push(Value::str(rest));
            out
        }
        None => {
            let mut out = Vec::new();
            let mut rest = text.trim_end_matches(is_space);
            while !rest.is_empty() {
                if out.len() == limit {
                    out.push(Value::str(rest));
                    break;
                }
                let start = rest.rfind(is_space).map_or(0, |i| {
                    i + rest[i..].chars().next().map_or(1, char::len_utf8)
                });
                out.push(Value::str(&rest[start..]));
                rest = rest[..start].trim_end_matches(is_space);
            }
            out
        }
    };
    parts.reverse();
    Ok(Value::list(parts))
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn splitlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::arity::check_positional(&args, "splitlines", 1)?;
    let [this_v, keepends] = args.bind("splitlines", ["self", "keepends"], 1)?;
    let st = this(vm, &this_v.unwrap_or(Value::None), "splitlines")?;
    let keep = match keepends {
        Some(k) => vm.truthy(&k)?,
        None => false,
    };
    let text = st.as_str();
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_line_break(c) {
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some((_, '\n')) = it.peek() {
                    it.next();
                    end += 1;
                }
            }
            out.push(Value::str(if keep {
                &text[start..end]
            } else {
                &text[start..i]
            }));
            start = end;
        }
    }
    if start < text.len() {
        out.push(Value::str(&text[start..]));
    }
    Ok(Value::list(out))
}

fn join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, a) = recv(vm, args, "join", 1, 1)?;
    let items = vm.collect(&a[0])?;
    let mut out = String::new();
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(st.as_str());
        }
        match v.unwrap_base() {
            Value::Str(x) => out.push_str(x.as_str()),
            _ => {
                let other = v;
                return Err(type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    vm.type_name(other)
                )));
            }
        }
    }
    s(out)
}

// ----- stripping

fn strip_impl(vm: &mut Vm, args: Args, fname: &str, left: bool, right: bool) -> PyResult<Value> {
    let (st, a) = recv(vm, args, fname, 0, 1)?;
    let chars = match a.first() {
        None | Some(Value::None) => None,
        Some(Value::Str(x)) => Some(x.clone()),
        Some(_) => return Err(type_error(format!("{fname} arg must be None or str"))),
    };
    let text = st.as_str();
    let pred = |c: char| match &chars {
        Some(set) => set.as_str().contains(c),
        None => is_space(c),
    };
    let mut t = text;
    if left {
        t = t.trim_start_matches(pred);
    }
    if right {
        t = t.trim_end_matches(pred);
    }
    if t.len() == text.len() {
        return Ok(Value::Str(st));
    }
    s(t.to_string())
}

fn strip(vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, args, "strip", true, true)
}

fn lstrip(vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, args, "lstrip", true, false)
}

fn rstrip(vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, args, "rstrip", false, true)
}

fn replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, a) = recv(vm, args, "replace", 2, 3)?;
    let old = str_arg(vm, &a[0], "replace() argument 1")?;
    let new = str_arg(vm, &a[1], "replace() argument 2")?;
    let count = match a.get(2) {
        Some(c) => vm.arg_i64(c)?,
        None => -1,
    };
    let text = st.as_str();
    let limit = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    if old.as_str().is_empty() {
        // Insert `new` before every character and at the end.
        let mut out = String::new();
        let mut n = 0;
        for c in text.chars() {
            if n < limit {
                out.push_str(new.as_str());
                n += 1;
            }
            out.push(c);
        }
        if n < limit {
            out.push_str(new.as_str());
        }
        return s(out);
    }
    if count < 0 {
        // A one-byte pattern searches as a char (memchr), not with a
        // two-way string searcher.
        if let [b] = old.as_str().as_bytes() {
            return s(text.replace(*b as char, new.as_str()));
        }
        return s(text.replace(old.as_str(), new.as_str()));
    }
    s(text.replacen(old.as_str(), new.as_str(), limit))
}

// ----- searching

/// `s[start:end]` for search methods: byte range and the char offset of its start.
fn search_range(
    vm: &mut Vm,
    st: &StrObj,
    start: Option<&Value>,
    end: Option<&Value>,
) -> PyResult<Option<(usize, usize, usize)>> {
    let bound = super::bytes::bound;
    let (a, b) = (bound(vm, start)?, bound(vm, end)?);
    let len = st.char_len();
    let sl = SliceIndices::adjust(a, b, 1, len);
    let (cs, ce) = (sl.start as usize, sl.stop.max(sl.start) as usize);
    // Python: a start beyond the string (or past the end) finds nothing,
    // not even the empty string.
    if a.is_some_and(|a| a > len as i64) || sl.start > sl.stop {
        return Ok(None);
    }
    Ok(Some((st.byte_offset(cs), st.byte_offset(ce), cs)))
}

fn find_impl(vm: &mut Vm, args: Args, fname: &str, rev: bool) -> PyResult<Option<usize>> {
    let (st, a) = recv(vm, args, fname, 1, 3)?;
    let sub = match &a[0] {
        Value::Str(x) => x.clone(),
        other => {
            return Err(type_error(format!(
                "must be str, not {}",
                vm.type_name(other)
            )))
        }
    };
    let Some((b0, b1, c0)) = search_range(vm, &st, a.get(1), a.get(2))? else {
        return Ok(None);
    };
    let hay = &st.as_str()[b0..b1];
    let found = if rev {
        hay.rfind(sub.as_str())
    } else {
        hay.find(sub.as_str())
    };
    Ok(found.map(|i| c0 + hay[..i].chars().count()))
}

fn find(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(find_impl(vm, args, "find", false)?.map_or(Value::Int(-1), Value::from))
}

fn rfind(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(find_impl(vm, args, "rfind", true)?.map_or(Value::Int(-1), Value::from))
}

fn index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    find_impl(vm, args, "index", false)?
        .map(Value::from)
        .ok_or_else(|| value_error("substring not found"))
}

fn rindex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    find_impl(vm, args, "rindex", true)?
        .map(Value::from)
        .ok_or_else(|| value_error("substring not found"))
}

fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, a) = recv(vm, args, "count", 1, 3)?;
    let sub = match &a[0] {
        Value::Str(x) => x.clone(),
        other => {
            return Err(type_error(format!(
                "must be str, not {}",
                vm.type_name(other)
            )))
        }
    };
    let Some((b0, b1, _)) = search_range(vm, &st, a.get(1), a.get(2))? else {
        return Ok(Value::Int(0));
    };
    let hay = &st.as_str()[b0..b1];
    let n = if sub.as_str().is_empty() {
        hay.chars().count() + 1
    } else {
        hay.matches(sub.as_str()).count()
    };
    Ok(Value::from(n))
}

fn affix(vm: &mut Vm, args: Args, fname: &str, start: bool) -> PyResult<Value> {
    let (st, a) = recv(vm, args, fname, 1, 3)?;
    let Some((b0, b1, _)) = search_range(vm, &st, a.get(1), a.get(2))? else {
        return Ok(Value::Bool(false));
    };
    let hay = &st.as_str()[b0..b1];
    let test = |p: &str| {
        if start {
            hay.starts_with(p)
        } else {
            hay.ends_with(p)
        }
    };
    match &a[0] {
        Value::Str(p) => Ok(Value::Bool(test(p.as_str()))),
        Value::Tuple(t) => {
            for p in t.items.iter() {
                match p {
                    Value::Str(p) => {
                        if test(p.as_str()) {
                            return Ok(Value::Bool(true));
                        }
                    }
                    other => {
                        return Err(type_error(format!(
                            "tuple for {fname} must only contain str, not {}",
                            vm.type_name(other)
                        )))
                    }
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(type_error(format!(
            "{fname} first arg must be str or a tuple of str, not {}",
            vm.type_name(other)
        ))),
    }
}

fn startswith(vm: &mut Vm, args: Args) -> PyResult<Value> {
    affix(vm, args, "startswith", true)
}

fn endswith(vm: &mut Vm, args: Args) -> PyResult<Value> {
    affix(vm, args, "endswith", false)
}

// ----- case

fn map_str(vm: &mut Vm, args: Args, fname: &str, f: fn(&str) -> String) -> PyResult<Value> {
    let (st, _) = recv(vm, args, fname, 0, 0)?;
    s(f(st.as_str()))
}

fn upper(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_str(vm, args, "upper", |t| t.to_uppercase())
}

fn lower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_str(vm, args, "lower", |t| t.to_lowercase())
}

/// The lowercase of `c` at char index `i` of `chars`, with Greek final
/// sigma: `Σ` after a cased letter and not before one becomes `ς`.
fn push_lower(out: &mut String, chars: &[char], i: usize) {
    let c = chars[i];
    if c == 'Σ' {
        let after_cased = chars[..i].iter().rev().find(|c| !is_case_ignorable(**c));
        let before_cased = chars[i + 1..].iter().find(|c| !is_case_ignorable(**c));
        if after_cased.is_some_and(|c| uni::is_cased(*c))
            && !before_cased.is_some_and(|c| uni::is_cased(*c))
        {
            out.push('ς');
            return;
        }
    }
    out.extend(c.to_lowercase());
}

/// Apostrophes, periods and combining marks are skipped by the final sigma rule.
fn is_case_ignorable(c: char) -> bool {
    matches!(
        c,
        '\'' | '.' | ':' | '^' | '`' | '\u{ad}' | '\u{b7}' | '\u{2019}'
    ) || ('\u{300}'..='\u{36f}').contains(&c)
}

fn title(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_str(vm, args, "title", |t| {
        let chars: Vec<char> = t.chars().collect();
        let mut out = String::with_capacity(t.len());
        let mut prev_cased = false;
        for (i, &c) in chars.iter().enumerate() {
            if prev_cased {
                push_lower(&mut out, &chars, i);
            } else {
                uni::push_title(&mut out, c);
            }
            prev_cased = uni::is_cased(c);
        }
        out
    })
}

fn capitalize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_str(vm, args, "capitalize", |t| {
        let chars: Vec<char> = t.chars().collect();
        let mut out = String::with_capacity(t.len());
        for (i, &c) in chars.iter().enumerate() {
            if i == 0 {
                uni::push_title(&mut out, c);
            } else {
                push_lower(&mut out, &chars, i);
            }
        }
        out
    })
}

fn casefold(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_str(vm, args, "casefold", |t| {
        let mut out = String::with_capacity(t.len());
        for c in t.chars() {
            uni::push_casefold(&mut out, c);
        }
        out
    })
}

fn swapcase(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_str(vm, args, "swapcase", |t| {
        let chars: Vec<char> = t.chars().collect();
        let mut out = String::with_capacity(t.len());
        for (i, &c) in chars.iter().enumerate() {
            if c.is_uppercase() {
                push_lower(&mut out, &chars, i);
            } else if c.is_lowercase() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        }
        out
    })
}

// ----- predicates

fn pred(vm: &mut Vm, args: Args, fname: &str, f: fn(&str) -> bool) -> PyResult<Value> {
    let (st, _) = recv(vm, args, fname, 0, 0)?;
    Ok(Value::Bool(f(st.as_str())))
}

fn all_chars(t: &str, f: impl Fn(char) -> bool) -> bool {
    !t.is_empty() && t.chars().all(f)
}

fn isdigit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isdigit", |t| all_chars(t, uni::is_digit))
}

fn isdecimal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isdecimal", |t| {
        all_chars(t, |c| decimal_value(c).is_some())
    })
}

fn isnumeric(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isnumeric", |t| all_chars(t, uni::is_numeric))
}

fn isalpha(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isalpha", |t| all_chars(t, uni::is_alpha))
}

fn isalnum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isalnum", |t| {
        all_chars(t, |c| uni::is_alpha(c) || uni::is_numeric(c))
    })
}

fn isspace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isspace", |t| all_chars(t, is_space))
}

fn isupper(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isupper", |t| {
        t.chars().any(char::is_uppercase)
            && !t.chars().any(|c| c.is_lowercase() || uni::is_title(c))
    })
}

fn islower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "islower", |t| {
        t.chars().any(char::is_lowercase)
            && !t.chars().any(|c| c.is_uppercase() || uni::is_title(c))
    })
}

fn istitle(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "istitle", |t| {
        let mut prev_cased = false;
        let mut any = false;
        for c in t.chars() {
            if c.is_uppercase() || uni::is_title(c) {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                any = true;
            } else if c.is_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                any = true;
            } else {
                prev_cased = false;
            }
        }
        any
    })
}

fn isidentifier(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isidentifier", |t| {
        let mut chars = t.chars();
        match chars.next() {
            Some(c) if uni::is_xid_start(c) => chars.all(uni::is_xid_continue),
            _ => false,
        }
    })
}

fn isprintable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isprintable", |t| t.chars().all(is_printable))
}

fn isascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isascii", |t| t.is_ascii())
}

// ----- padding

fn pad_args(vm: &mut Vm, args: Args, fname: &str) -> PyResult<(Rc<StrObj>, usize, char)> {
    let (st, a) = recv(vm, args, fname, 1, 2)?;
    let width = vm.arg_i64(&a[0])?.max(0) as usize;
    let fill = match a.get(1) {
        None => ' ',
        Some(Value::Str(f)) if f.char_len() == 1 => f.char_at(0),
        Some(Value::Str(_)) => {
            return Err(type_error(
                "The fill character must be exactly one character long",
            ))
        }
        Some(other) => {
            return Err(type_error(format!(
                "The fill character must be a unicode character, not {}",
                vm.type_name(other)
            )))
        }
    };
    Ok((st, width, fill))
}

/// `left` fills, `t`, `right` fills; MemoryError rather than an abort
/// when the width is absurd.
fn padded(fill: char, left: usize, t: &str, right: usize) -> PyResult<String> {
    let mut out = String::new();
    let total = left
        .saturating_add(right)
        .saturating_mul(fill.len_utf8())
        .saturating_add(t.len());
    out.try_reserve(total).map_err(|_| memory_error())?;
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(t);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(out)
}

fn center(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, width, fill) = pad_args(vm, args, "center")?;
    let n = st.char_len();
    if width <= n {
        return Ok(Value::Str(st));
    }
    let marg = width - n;
    let left = marg / 2 + (marg & width & 1);
    s(padded(fill, left, st.as_str(), marg - left)?)
}

fn ljust(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, width, fill) = pad_args(vm, args, "ljust")?;
    let n = st.char_len();
    if width <= n {
        return Ok(Value::Str(st));
    }
    s(padded(fill, 0, st.as_str(), width - n)?)
}

fn rjust(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, width, fill) = pad_args(vm, args, "rjust")?;
    let n = st.char_len();
    if width <= n {
        return Ok(Value::Str(st));
    }
    s(padded(fill, width - n, st.as_str(), 0)?)
}

fn zfill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, a) = recv(vm, args, "zfill", 1, 1)?;
    let width = vm.arg_i64(&a[0])?.max(0) as usize;
    let t = st.as_str();
    let n = st.char_len();
    if width <= n {
        return Ok(Value::Str(st));
    }
    let (sign, rest) = match t.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &t[1..]),
        _ => (String::new(), t),
    };
    s(sign + &padded('0', width - n, rest, 0)?)
}

fn partition_impl(vm: &mut Vm, args: Args, fname: &str, rev: bool) -> PyResult<Value> {
    let (st, a) = recv(vm, args, fname, 1, 1)?;
    let sep = str_arg(vm, &a[0], fname)?;
    if sep.as_str().is_empty() {
        return Err(value_error("empty separator"));
    }
    let t = st.as_str();
    let found = if rev {
        t.rfind(sep.as_str())
    } else {
        t.find(sep.as_str())
    };
    Ok(Value::tuple(match found {
        Some(i) => vec![
            Value::str(&t[..i]),
            Value::Str(sep.clone()),
            Value::str(&t[i + sep.as_str().len()..]),
        ],
        None if rev => vec![Value::str(""), Value::str(""), Value::Str(st.clone())],
        None => vec![Value::Str(st.clone()), Value::str(""), Value::str("")],
    }))
}

fn partition(vm: &mut Vm, args: Args) -> PyResult<Value> {
    partition_impl(vm, args, "partition", false)
}

fn rpartition(vm: &mut Vm, args: Args) -> PyResult<Value> {
    partition_impl(vm, args, "rpartition", true)
}

// ----- formatting

fn format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut pos = args.pos.into_iter();
    let st = this(vm, &pos.next().unwrap_or(Value::None), "format")?;
    let positional: Vec<Value> = pos.collect();
    let kw = DictObj::new();
    for (k, v) in args.kw {
        vm.dict_set_str(&kw, k, v);
    }
    s(format_template(
        vm,
        st.as_str(),
        &positional,
        &Value::Dict(kw),
        2,
        &mut AutoNumber::new(),
    )?)
}

fn format_map(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, a) = recv(vm, args, "format_map", 1, 1)?;
    s(format_template(
        vm,
        st.as_str(),
        &[],
        &a[0],
        2,
        &mut AutoNumber::new(),
    )?)
}

/// `str.format`: fields are looked up in the positional and keyword
/// arguments, converted, and formatted with their (expanded) specs.
///
/// A spec containing fields is expanded first, sharing the automatic
/// numbering; CPython allows one such level (`depth` starts at 2).
fn format_template(
    vm: &mut Vm,
    template: &str,
    positional: &[Value],
    kw: &Value,
    depth: u32,
    auto: &mut AutoNumber,
) -> PyResult<String> {
    if depth == 0 {
        return Err(value_error("Max string recursion exceeded"));
    }
    let mut out = String::new();
    for piece in template_pieces(template) {
        match piece.map_err(value_error)? {
            Piece::Literal(t) => out.push_str(&t),
            Piece::Field {
                name,
                conversion,
                spec,
            } => {
                let mut v = match &name.first {
                    FieldFirst::Name(n) => match kw {
                        Value::Dict(d) => match vm.dict_get(d, &Value::str(n.as_str()))? {
                            Some(v) => v,
                            None => {
                                return Err(crate::objects::exception::key_error(Value::str(
                                    n.as_str(),
                                )))
                            }
                        },
                        m => vm.getitem(m, Value::str(n.as_str()))?,
                    },
                    first => {
                        let i = auto.resolve(first).map_err(value_error)?.unwrap_or(0);
                        match positional.get(i) {
                            Some(v) => v.clone(),
                            None => {
                                return Err(index_error(format!(
                                    "Replacement index {i} out of range for positional args tuple"
                                )))
                            }
                        }
                    }
                };
                for access in &name.rest {
                    v = match access {
                        FieldAccess::Attr(a) => {
                            let a = vm.intern(a);
                            vm.getattr(&v, &a)?
                        }
                        FieldAccess::Index(i) => vm.getitem(&v, Value::from(*i))?,
                        FieldAccess::Key(k) => vm.getitem(&v, Value::str(k.as_str()))?,
                    };
                }
                if let Some(e) = &name.rest_error {
                    return Err(value_error(e.clone()));
                }
                let v = match conversion {
                    Some('r') => Value::str(vm.repr(&v)?),
                    Some('s') => Value::str(vm.str(&v)?),
                    Some('a') => Value::str(crate::format::repr::ascii_escape(&vm.repr(&v)?)),
                    Some(c) => {
                        return Err(value_error(format!("Unknown conversion specifier {c}")))
                    }
                    None => v,
                };
                let spec = if spec.contains('{') {
                    format_template(vm, &spec, positional, kw, depth - 1, auto)?
                } else {
                    spec
                };
                out.push_str(&vm.format(&v, &spec)?);
            }
        }
    }
    Ok(out)
}

fn encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::arity::check_positional(&args, "encode", 2)?;
    let [this_v, encoding, errors] = args.bind("encode", ["self", "encoding", "errors"], 1)?;
    let st = this(vm, &this_v.unwrap_or(Value::None), "encode")?;
    let enc = super::codec::text_arg(vm, encoding, "encode() argument 'encoding'", "utf-8")?;
    let errors = super::codec::text_arg(vm, errors, "encode() argument 'errors'", "strict")?;
    let bytes = super::codec::encode(st.as_str(), &enc, &errors)?;
    Ok(Value::Bytes(BytesObj::new(bytes)))
}

fn expandtabs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::arity::check_positional(&args, "expandtabs", 1)?;
    let [this_v, tabsize] = args.bind("expandtabs", ["self", "tabsize"], 1)?;
    let st = this(vm, &this_v.unwrap_or(Value::None), "expandtabs")?;
    let size = match tabsize {
        Some(t) => c_int(vm, &t)?,
        None => 8,
    };
    let mut out = String::new();
    let mut col = 0i64;
    for c in st.as_str().chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    out.try_reserve(n as usize).map_err(|_| memory_error())?;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    s(out)
}

/// An argument CPython converts to a C `int`.
pub fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let n = match v {
        Value::BigInt(_) => i64::MAX,
        v => vm.arg_i64(v)?,
    };
    if i32::try_from(n).is_err() {
        return Err(crate::objects::exception::overflow_error(
            "Python int too large to convert to C int",
        ));
    }
    Ok(n)
}

fn removeprefix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, a) = recv(vm, args, "removeprefix", 1, 1)?;
    let p = str_arg(vm, &a[0], "removeprefix() argument")?;
    match st.as_str().strip_prefix(p.as_str()) {
        Some(rest) => s(rest.to_string()),
        None => Ok(Value::Str(st)),
    }
}

fn removesuffix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, a) = recv(vm, args, "removesuffix", 1, 1)?;
    let p = str_arg(vm, &a[0], "removesuffix() argument")?;
    match st.as_str().strip_suffix(p.as_str()) {
        Some(rest) if !p.as_str().is_empty() => s(rest.to_string()),
        _ => Ok(Value::Str(st)),
    }
}

/// `str.maketrans(x[, y[, z]])`: a dict from code points to replacements.
fn maketrans(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("maketrans", 1, 3)?;
    let d = DictObj::new();
    if a.len() == 1 {
        let Value::Dict(src) = &a[0] else {
            return Err(type_error(
                "if you give only one argument to maketrans it must be a dict",
            ));
        };
        let entries: Vec<(Value, Value)> = src
            .table
            .borrow(vm.gil())
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect();
        for (k, v) in entries {
            let k = match &k {
                Value::Str(s) if s.char_len() == 1 => Value::Int(s.char_at(0) as i64),
                Value::Int(_) => k,
                _ => {
                    return Err(value_error(
                        "string keys in translate table must be of length 1",
                    ))
                }
            };
            vm.dict_set(&d, k, v)?;
        }
        return Ok(Value::Dict(d));
    }
    let (x, y) = (
        str_arg(vm, &a[0], "maketrans")?,
        str_arg(vm, &a[1], "maketrans")?,
    );
    if x.char_len() != y.char_len() {
        return Err(value_error(
            "the first two maketrans arguments must have equal length",
        ));
    }
    for (p, q) in x.as_str().chars().zip(y.as_str().chars()) {
        vm.dict_set(&d, Value::Int(p as i64), Value::Int(q as i64))?;
    }
    if let Some(z) = a.get(2) {
        let z = str_arg(vm, z, "maketrans")?;
        for c in z.as_str().chars() {
            vm.dict_set(&d, Value::Int(c as i64), Value::None)?;
        }
    }
    Ok(Value::Dict(d))
}

fn translate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, a) = recv(vm, args, "translate", 1, 1)?;
    let table = a[0].clone();
    let mut out = String::new();
    for c in st.as_str().chars() {
        let r = match vm.getitem(&table, Value::Int(c as i64)) {
            Ok(v) => v,
            Err(e) if vm.err_is(&e, ExcKind::LookupError) => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        match r {
            Value::None => {}
            Value::Str(t) => out.push_str(t.as_str()),
            Value::Int(i) => match u32::try_from(i).ok().and_then(char::from_u32) {
                Some(ch) => out.push(ch),
                None => return Err(value_error("character mapping must be in range(0x110000)")),
            },
            _ => {
                return Err(type_error(
                    "character mapping must return integer, None or str",
                ))
            }
        }
    }
    s(out)
}

fn str_self(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, _) = recv(vm, args, "__str__", 0, 0)?;
    Ok(Value::Str(st))
}

fn dunder_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (st, a) = recv(vm, args, "__format__", 1, 1)?;
    let spec = str_arg(vm, &a[0], "__format__")?;
    s(vm.format(&Value::Str(st), spec.as_str())?)
}
