//! `bytes`: the constructor and the byte-string methods.
//!
//! Everything here works on raw bytes: "letters", "digits" and "spaces" are
//! ASCII only, as in CPython, and indices are byte offsets.

use super::codec::text_arg;
use super::types::Spec;
use crate::objects::exception::{memory_error, type_error, value_error};
use crate::objects::slice::SliceIndices;
use crate::objects::{Args, BytesObj, Class, ExcKind, NativeFn, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

const BYTES_METHODS: [(&str, crate::objects::NativeFn);
    METHODS.len() + super::dunders::BYTES.len()] =
    super::dunders::concat(METHODS, super::dunders::BYTES);

pub const BYTES: Spec = Spec {
    subclassable: true,
    new: Some(bytes_new),
    methods: &BYTES_METHODS,
    classmethods: &[("fromhex", fromhex)],
    staticmethods: &[("maketrans", maketrans)],
    ..Spec::new("bytes")
};

const METHODS: &[(&str, NativeFn)] = &[
    ("decode", decode),
    ("hex", hex),
    ("join", join),
    ("startswith", startswith),
    ("endswith", endswith),
    ("find", find),
    ("rfind", rfind),
    ("index", index),
    ("rindex", rindex),
    ("count", count),
    ("split", split),
    ("rsplit", rsplit),
    ("splitlines", splitlines),
    ("strip", strip),
    ("lstrip", lstrip),
    ("rstrip", rstrip),
    ("upper", upper),
    ("lower", lower),
    ("title", title),
    ("capitalize", capitalize),
    ("swapcase", swapcase),
    ("isdigit", isdigit),
    ("isalpha", isalpha),
    ("isalnum", isalnum),
    ("isspace", isspace),
    ("isupper", isupper),
    ("islower", islower),
    ("istitle", istitle),
    ("isascii", isascii),
    ("replace", replace),
    ("center", center),
    ("ljust", ljust),
    ("rjust", rjust),
    ("zfill", zfill),
    ("partition", partition),
    ("rpartition", rpartition),
    ("expandtabs", expandtabs),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("translate", translate),
    ("__len__", super::list_dunders::len),
    ("__getitem__", super::list_dunders::getitem),
    ("__contains__", super::list_dunders::contains),
    ("__iter__", super::list_dunders::iter),
    ("__repr__", super::list_dunders::repr),
];

fn bytes_new(vm: &mut Vm, _cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let [src, encoding, errors] = args.bind("bytes", ["source", "encoding", "errors"], 0)?;
    let data = match (src, encoding, errors) {
        (None, None, None) => Vec::new(),
        (None, _, _) => return Err(type_error("encoding or errors without sequence argument")),
        (Some(Value::Str(s)), enc, errs) if enc.is_some() || errs.is_some() => {
            let mut call = vec![enc.unwrap_or_else(|| Value::str("utf-8"))];
            call.extend(errs);
            let encode = vm.intern("encode");
            return vm.call_method(&Value::Str(s), &encode, call);
        }
        (Some(Value::Str(_)), _, _) => {
            return Err(type_error("string argument without an encoding"))
        }
        (Some(_), Some(_), _) => {
            return Err(type_error("encoding without a string argument"));
        }
        (Some(_), _, Some(_)) => return Err(type_error("errors without a string argument")),
        (Some(Value::Int(n)), _, _) => {
            if n < 0 {
                return Err(value_error("negative count"));
            }
            let mut v = Vec::new();
            v.try_reserve(n as usize)
                .map_err(|_| crate::objects::exception::memory_error())?;
            v.resize(n as usize, 0);
            v
        }
        (Some(Value::Bytes(b)), _, _) => return Ok(Value::Bytes(b)),
        (Some(v @ Value::Instance(_)), _, _) => {
            let name = vm.intern("__bytes__");
            if let Some(f) = vm.lookup_user_method(&v, &name) {
                let r = vm.call0(&f)?;
                return match r.unwrap_base() {
                    Value::Bytes(b) => Ok(Value::Bytes(b.clone())),
                    _ => Err(type_error(format!(
                        "__bytes__ returned non-bytes (type {})",
                        vm.type_name(&r)
                    ))),
                };
            }
            if let Some(b @ Value::Bytes(_)) = v.base_value() {
                return Ok(b.clone());
            }
            match vm.call_index(&v) {
                Ok(Some(n)) => return bytes_new(vm, _cls, Args::new([n])),
                Err(e) if !vm.err_is(&e, ExcKind::TypeError) => return Err(e),
                _ => from_iterable(vm, &v)?,
            }
        }
        (Some(other), _, _) => from_iterable(vm, &other)?,
    };
    Ok(new(data))
}

fn new(data: Vec<u8>) -> Value {
    Value::Bytes(BytesObj::new(data))
}

pub fn from_iterable(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if matches!(v, Value::Float(_) | Value::None) {
        return Err(type_error(format!(
            "cannot convert '{}' object to bytes",
            vm.type_name(v)
        )));
    }
    let items = vm.collect(v).map_err(|_| {
        type_error(format!(
            "cannot convert '{}' object to bytes",
            vm.type_name(v)
        ))
    })?;
    items
        .iter()
        .map(|x| {
            byte_value(vm, x).map_err(|e| {
                if vm.err_is(&e, crate::objects::ExcKind::ValueError) {
                    value_error("bytes must be in range(0, 256)")
                } else {
                    e
                }
            })
        })
        .collect()
}

/// An int in `range(256)`, as `bytes([...])` and `b.find(int)` want.
fn byte_value(vm: &mut Vm, v: &Value) -> PyResult<u8> {
    let i = match v {
        Value::BigInt(_) => return Err(value_error("byte must be in range(0, 256)")),
        other => vm.arg_i64(other)?,
    };
    u8::try_from(i).map_err(|_| value_error("byte must be in range(0, 256)"))
}

// ----- argument helpers

/// The receiver (a `bytes`) and the other positional arguments.
fn recv(
    vm: &Vm,
    args: Args,
    fname: &str,
    min: usize,
    max: usize,
) -> PyResult<(Rc<BytesObj>, super::args::ArgVec)> {
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
        super::arity::legacy_method(args, "bytes", fname, min, max)?
    } else {
        super::arity::method(args, "bytes", fname, min, max)?
    };
    Ok((this(vm, &s, fname)?, a))
}

fn this(vm: &Vm, v: &Value, fname: &str) -> PyResult<Rc<BytesObj>> {
    match v {
        Value::Bytes(b) => Ok(b.clone()),
        other => Err(type_error(format!(
            "descriptor '{fname}' for 'bytes' objects doesn't apply to a '{}' object",
            vm.type_name(other)
        ))),
    }
}

/// A bytes-like argument.
fn buffer(vm: &Vm, v: &Value) -> PyResult<Rc<BytesObj>> {
    match v {
        Value::Bytes(b) => Ok(b.clone()),
        other => Err(type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(other)
        ))),
    }
}

/// The needle of `find`/`count`/`index`: bytes, or one byte given as an int.
fn needle(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v {
        Value::Bytes(b) => Ok(b.data.to_vec()),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => Ok(vec![byte_value(vm, v)?]),
        other => Err(type_error(format!(
            "argument should be integer or bytes-like object, not '{}'",
            vm.type_name(other)
        ))),
    }
}

/// A slice bound for search methods (`str` and `list` use it too): None
/// means absent; huge ints clamp, as CPython's slice indices do.
pub fn bound(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::BigInt(b)) => Ok(Some(if b.sign() == num_bigint::Sign::Minus {
            i64::MIN / 2
        } else {
            i64::MAX / 2
        })),
        Some(v @ (Value::Int(_) | Value::Bool(_) | Value::Instance(_))) => vm.arg_i64(v).map(Some),
        Some(_) => Err(type_error(
            "slice indices must be integers or None or have an __index__ method",
        )),
    }
}

/// `data[start:end]` as a byte range, or None when `start` lies beyond the
/// end (then even the empty needle is not found).
fn search_range(
    vm: &mut Vm,
    data: &[u8],
    start: Option<&Value>,
    end: Option<&Value>,
) -> PyResult<Option<(usize, usize)>> {
    let (a, b) = (bound(vm, start)?, bound(vm, end)?);
    let sl = SliceIndices::adjust(a, b, 1, data.len());
    if a.is_some_and(|a| a > data.len() as i64) || (a.is_some() && sl.start > sl.stop) {
        return Ok(None);
    }
    Ok(Some((sl.start as usize, sl.stop.max(sl.start) as usize)))
}

pub fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// CPython's `Py_ISSPACE`: space, \t, \n, \v, \f, \r.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

// ----- searching

fn find_impl(vm: &mut Vm, args: Args, fname: &str, rev: bool) -> PyResult<Option<usize>> {
    let (b, a) = recv(vm, args, fname, 1, 3)?;
    let n = needle(vm, &a[0])?;
    let Some((s, e)) = search_range(vm, &b.data, a.get(1), a.get(2))? else {
        return Ok(None);
    };
    let hay = &b.data[s..e];
    let found = if rev {
        rfind_sub(hay, &n)
    } else {
        find_sub(hay, &n)
    };
    Ok(found.map(|i| i + s))
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
        .ok_or_else(|| value_error("subsection not found"))
}

fn rindex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    find_impl(vm, args, "rindex", true)?
        .map(Value::from)
        .ok_or_else(|| value_error("subsection not found"))
}

/// Non-overlapping occurrences of `n` in `hay`.
fn count_sub(hay: &[u8], n: &[u8]) -> usize {
    if n.is_empty() {
        return hay.len() + 1;
    }
    let (mut count, mut i) = (0, 0);
    while let Some(p) = find_sub(&hay[i..], n) {
        count += 1;
        i += p + n.len();
    }
    count
}

fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (b, a) = recv(vm, args, "count", 1, 3)?;
    let n = needle(vm, &a[0])?;
    let Some((s, e)) = search_range(vm, &b.data, a.get(1), a.get(2))? else {
        return Ok(Value::Int(0));
    };
    Ok(Value::from(count_sub(&b.data[s..e], &n)))
}

fn affix(vm: &mut Vm, args: Args, fname: &str, start: bool) -> PyResult<Value> {
    let (b, a) = recv(vm, args, fname, 1, 3)?;
    let range = search_range(vm, &b.data, a.get(1), a.get(2))?;
    let test = |p: &[u8]| match range {
        None => false,
        Some((s, e)) if start => b.data[s..e].starts_with(p),
        Some((s, e)) => b.data[s..e].ends_with(p),
    };
    match &a[0] {
        Value::Bytes(p) => Ok(Value::Bool(test(&p.data))),
        Value::Tuple(t) => {
            for p in t.items.iter() {
                if test(&buffer(vm, p)?.data) {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(type_error(format!(
            "{fname} first arg must be bytes or a tuple of bytes, not {}",
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

// ----- splitting and joining

fn split_args(
    vm: &mut Vm,
    args: Args,
    fname: &str,
) -> PyResult<(Rc<BytesObj>, Option<Vec<u8>>, usize)> {
    super::arity::check_positional(&args, fname, 2)?;
    let [this_v, sep, maxsplit] = args.bind(fname, ["self", "sep", "maxsplit"], 1)?;
    let b = this(vm, &this_v.unwrap_or(Value::None), fname)?;
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(s) => Some(buffer(vm, &s)?.data.to_vec()),
    };
    if sep.as_ref().is_some_and(|s| s.is_empty()) {
        return Err(value_error("empty separator"));
    }
    let max = match maxsplit {
        Some(m) => vm.arg_i64(&m)?,
        None => -1,
    };
    let limit = usize::try_from(max).unwrap_or(usize::MAX);
    Ok((b, sep, limit))
}

fn to_list(parts: Vec<&[u8]>) -> Value {
    Value::list(parts.into_iter().map(|p| new(p.to_vec())).collect())
}

fn split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (b, sep, limit) = split_args(vm, args, "split")?;
    let mut out: Vec<&[u8]> = Vec::new();
    let mut rest: &[u8] = &b.data;
    match sep {
        Some(sep) => {
            while out.len() < limit {
                let Some(p) = find_sub(rest, &sep) else { break };
                out.push(&rest[..p]);
                rest = &rest[p + sep.len()..];
            }
            out.push(rest);
        }
        None => loop {
            let skip = rest
                .iter()
                .position(|&c| !is_space(c))
                .unwrap_or(rest.len());
            rest = &rest[skip..];
            if rest.is_empty() {
                break;
            }
            if out.len() == limit {
                // The remainder keeps its trailing whitespace, as in CPython.
                out.push(rest);
                break;
            }
            let end = rest.iter().position(|&c| is_space(c)).unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        },
    }
    Ok(to_list(out))
}

fn rsplit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (b, sep, limit) = split_args(vm, args, "rsplit")?;
    let mut out: Vec<&[u8]> = Vec::new();
    let mut rest: &[u8] = &b.data;
    match sep {
        Some(sep) => {
            while out.len() < limit {
                let Some(p) = rfind_sub(rest, &sep) else {
                    break;
                };
                out.push(&rest[p + sep.len()..]);
                rest = &rest[..p];
            }
            out.push(rest);
        }
        None => loop {
            let keep = rest
                .iter()
                .rposition(|&c| !is_space(c))
                .map_or(0, |i| i + 1);
            rest = &rest[..keep];
            if rest.is_empty() {
                break;
            }
            if out.len() == limit {
                out.push(rest);
                break;
            }
            let start = rest.iter().rposition(|&c| is_space(c)).map_or(0, |i| i + 1);
            out.push(&rest[start..]);
            rest = &rest[..start];
        },
    }
    out.reverse();
    Ok(to_list(out))
}

fn splitlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::arity::check_positional(&args, "splitlines", 1)?;
    let [this_v, keepends] = args.bind("splitlines", ["self", "keepends"], 1)?;
    let b = this(vm, &this_v.unwrap_or(Value::None), "splitlines")?;
    let keep = match keepends {
        Some(k) => vm.truthy(&k)?,
        None => false,
    };
    let d = &b.data;
    let mut out: Vec<&[u8]> = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < d.len() {
        if d[i] == b'\n' || d[i] == b'\r' {
            let mut end = i + 1;
            if d[i] == b'\r' && d.get(i + 1) == Some(&b'\n') {
                end += 1;
            }
            out.push(if keep { &d[start..end] } else { &d[start..i] });
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < d.len() {
        out.push(&d[start..]);
    }
    Ok(to_list(out))
}

fn join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (b, a) = recv(vm, args, "join", 1, 1)?;
    let items = vm.collect(&a[0])?;
    let mut out = Vec::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&b.data);
        }
        match x {
            Value::Bytes(p) => out.extend_from_slice(&p.data),
            other => {
                return Err(type_error(format!(
                    "sequence item {i}: expected a bytes-like object, {} found",
                    vm.type_name(other)
                )))
            }
        }
    }
    Ok(new(out))
}

fn partition_impl(vm: &mut Vm, args: Args, fname: &str, rev: bool) -> PyResult<Value> {
    let (b, a) = recv(vm, args, fname, 1, 1)?;
    let sep = buffer(vm, &a[0])?;
    if sep.data.is_empty() {
        return Err(value_error("empty separator"));
    }
    let d = &b.data;
    let found = if rev {
        rfind_sub(d, &sep.data)
    } else {
        find_sub(d, &sep.data)
    };
    let empty = || new(Vec::new());
    Ok(Value::tuple(match found {
        Some(i) => vec![
            new(d[..i].to_vec()),
            Value::Bytes(sep.clone()),
            new(d[i + sep.data.len()..].to_vec()),
        ],
        None if rev => vec![empty(), empty(), Value::Bytes(b.clone())],
        None => vec![Value::Bytes(b.clone()), empty(), empty()],
    }))
}

fn partition(vm: &mut Vm, args: Args) -> PyResult<Value> {
    partition_impl(vm, args, "partition", false)
}

fn rpartition(vm: &mut Vm, args: Args) -> PyResult<Value> {
    partition_impl(vm, args, "rpartition", true)
}

// ----- stripping and replacing

fn strip_impl(vm: &mut Vm, args: Args, fname: &str, left: bool, right: bool) -> PyResult<Value> {
    let (b, a) = recv(vm, args, fname, 0, 1)?;
    let chars = match a.first() {
        None | Some(Value::None) => None,
        Some(v) => Some(buffer(vm, v)?),
    };
    let strip_it = |c: u8| match &chars {
        Some(set) => set.data.contains(&c),
        None => is_space(c),
    };
    let d = &b.data;
    let mut start = 0;
    let mut end = d.len();
    if left {
        while start < end && strip_it(d[start]) {
            start += 1;
        }
    }
    if right {
        while end > start && strip_it(d[end - 1]) {
            end -= 1;
        }
    }
    if start == 0 && end == d.len() {
        return Ok(Value::Bytes(b));
    }
    Ok(new(d[start..end].to_vec()))
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
    let (b, a) = recv(vm, args, "replace", 2, 3)?;
    let (old, new_b) = (buffer(vm, &a[0])?, buffer(vm, &a[1])?);
    let count = match a.get(2) {
        Some(c) => vm.arg_i64(c)?,
        None => -1,
    };
    let limit = usize::try_from(count).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let mut n = 0;
    if old.data.is_empty() {
        // Insert `new` before every byte and at the end.
        for &c in b.data.iter() {
            if n < limit {
                out.extend_from_slice(&new_b.data);
                n += 1;
            }
            out.push(c);
        }
        if n < limit {
            out.extend_from_slice(&new_b.data);
        }
        return Ok(new(out));
    }
    let mut rest: &[u8] = &b.data;
    while n < limit {
        let Some(p) = find_sub(rest, &old.data) else {
            break;
        };
        out.extend_from_slice(&rest[..p]);
        out.extend_from_slice(&new_b.data);
        rest = &rest[p + old.data.len()..];
        n += 1;
    }
    out.extend_from_slice(rest);
    Ok(new(out))
}

fn removeprefix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (b, a) = recv(vm, args, "removeprefix", 1, 1)?;
    let p = buffer(vm, &a[0])?;
    match b.data.strip_prefix(&p.data[..]) {
        Some(rest) if !p.data.is_empty() => Ok(new(rest.to_vec())),
        _ => Ok(Value::Bytes(b)),
    }
}

fn removesuffix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (b, a) = recv(vm, args, "removesuffix", 1, 1)?;
    let p = buffer(vm, &a[0])?;
    match b.data.strip_suffix(&p.data[..]) {
        Some(rest) if !p.data.is_empty() => Ok(new(rest.to_vec())),
        _ => Ok(Value::Bytes(b)),
    }
}

/// `bytes.maketrans(from, to)`: a 256-byte table mapping `from` to `to`.
fn maketrans(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("maketrans", 2, 2)?;
    let (from, to) = (buffer(vm, &a[0])?, buffer(vm, &a[1])?);
    if from.data.len() != to.data.len() {
        return Err(value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (&f, &t) in from.data.iter().zip(to.data.iter()) {
        table[f as usize] = t;
    }
    Ok(new(table))
}

fn translate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::arity::check_positional(&args, "translate", 2)?;
    let [this_v, table, delete] = args.bind("translate", ["self", "table", "delete"], 2)?;
    let b = this(vm, &this_v.unwrap_or(Value::None), "translate")?;
    let table = match table {
        None | Some(Value::None) => None,
        Some(t) => {
            let t = buffer(vm, &t)?;
            if t.data.len() != 256 {
                return Err(value_error("translation table must be 256 characters long"));
            }
            Some(t)
        }
    };
    let delete = match delete {
        None => Vec::new(),
        Some(d) => buffer(vm, &d)?.data.to_vec(),
    };
    let out = b
        .data
        .iter()
        .filter(|c| !delete.contains(c))
        .map(|&c| table.as_ref().map_or(c, |t| t.data[c as usize]))
        .collect();
    Ok(new(out))
}

// ----- case

fn map_bytes(vm: &mut Vm, args: Args, fname: &str, f: fn(&[u8]) -> Vec<u8>) -> PyResult<Value> {
    let (b, _) = recv(vm, args, fname, 0, 0)?;
    Ok(new(f(&b.data)))
}

fn upper(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_bytes(vm, args, "upper", |d| d.to_ascii_uppercase())
}

fn lower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_bytes(vm, args, "lower", |d| d.to_ascii_lowercase())
}

fn swapcase(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_bytes(vm, args, "swapcase", |d| {
        d.iter()
            .map(|&c| {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    })
}

fn title(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_bytes(vm, args, "title", |d| {
        let mut prev_cased = false;
        d.iter()
            .map(|&c| {
                let out = if prev_cased {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                prev_cased = c.is_ascii_alphabetic();
                out
            })
            .collect()
    })
}

fn capitalize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    map_bytes(vm, args, "capitalize", |d| {
        d.iter()
            .enumerate()
            .map(|(i, &c)| {
                if i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

// ----- predicates

fn pred(vm: &mut Vm, args: Args, fname: &str, f: fn(&[u8]) -> bool) -> PyResult<Value> {
    let (b, _) = recv(vm, args, fname, 0, 0)?;
    Ok(Value::Bool(f(&b.data)))
}

fn all(d: &[u8], f: fn(&u8) -> bool) -> bool {
    !d.is_empty() && d.iter().all(f)
}

fn isdigit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isdigit", |d| all(d, u8::is_ascii_digit))
}

fn isalpha(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isalpha", |d| all(d, u8::is_ascii_alphabetic))
}

fn isalnum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isalnum", |d| all(d, u8::is_ascii_alphanumeric))
}

fn isspace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isspace", |d| all(d, |c| is_space(*c)))
}

fn isascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isascii", |d| d.is_ascii())
}

fn isupper(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isupper", |d| {
        d.iter().any(u8::is_ascii_uppercase) && !d.iter().any(u8::is_ascii_lowercase)
    })
}

fn islower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "islower", |d| {
        d.iter().any(u8::is_ascii_lowercase) && !d.iter().any(u8::is_ascii_uppercase)
    })
}

fn istitle(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "istitle", |d| {
        let (mut cased, mut prev_cased) = (false, false);
        for c in d {
            if c.is_ascii_uppercase() {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else if c.is_ascii_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else {
                prev_cased = false;
            }
        }
        cased
    })
}

// ----- padding

fn pad_args(vm: &mut Vm, args: Args, fname: &str) -> PyResult<(Rc<BytesObj>, usize, u8)> {
    let (b, a) = recv(vm, args, fname, 1, 2)?;
    let width = vm.arg_i64(&a[0])?.max(0) as usize;
    let fill = match a.get(1) {
        None => b' ',
        Some(Value::Bytes(f)) if f.data.len() == 1 => f.data[0],
        Some(other) => {
            return Err(type_error(format!(
                "{fname}() argument 2 must be a byte string of length 1, not {}",
                vm.type_name(other)
            )))
        }
    };
    Ok((b, width, fill))
}

/// `left` fills, `d`, `right` fills; MemoryError rather than an abort
/// when the width is absurd.
fn padded(fill: u8, left: usize, d: &[u8], right: usize) -> PyResult<Value> {
    let mut out = Vec::new();
    out.try_reserve(left.saturating_add(right).saturating_add(d.len()))
        .map_err(|_| memory_error())?;
    out.resize(left, fill);
    out.extend_from_slice(d);
    out.resize(out.len() + right, fill);
    Ok(new(out))
}

fn center(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (b, width, fill) = pad_args(vm, args, "center")?;
    let n = b.data.len();
    if width <= n {
        return Ok(Value::Bytes(b));
    }
    let marg = width - n;
    let left = marg / 2 + (marg & width & 1);
    padded(fill, left, &b.data, marg - left)
}

fn ljust(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (b, width, fill) = pad_args(vm, args, "ljust")?;
    let n = b.data.len();
    padded(fill, 0, &b.data, width.saturating_sub(n))
}

fn rjust(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (b, width, fill) = pad_args(vm, args, "rjust")?;
    let n = b.data.len();
    padded(fill, width.saturating_sub(n), &b.data, 0)
}

fn zfill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (b, a) = recv(vm, args, "zfill", 1, 1)?;
    let width = vm.arg_i64(&a[0])?.max(0) as usize;
    let d = &b.data;
    if width <= d.len() {
        return Ok(Value::Bytes(b));
    }
    let zeros = width - d.len();
    match d.first() {
        Some(&c @ (b'+' | b'-')) => {
            // The sign stays in front of the zeros.
            let Value::Bytes(p) = padded(b'0', zeros, &d[1..], 0)? else {
                return Ok(Value::Bytes(b));
            };
            let mut out = vec![c];
            out.extend_from_slice(&p.data);
            Ok(new(out))
        }
        _ => padded(b'0', zeros, d, 0),
    }
}

fn expandtabs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::arity::check_positional(&args, "expandtabs", 1)?;
    let [this_v, tabsize] = args.bind("expandtabs", ["self", "tabsize"], 1)?;
    let b = this(vm, &this_v.unwrap_or(Value::None), "expandtabs")?;
    let size = match tabsize {
        Some(t) => super::str::c_int(vm, &t)?,
        None => 8,
    };
    let mut out = Vec::new();
    let mut col = 0i64;
    for &c in b.data.iter() {
        match c {
            b'\t' => {
                if size > 0 {
                    let n = size - col % size;
                    out.try_reserve(n as usize).map_err(|_| memory_error())?;
                    out.resize(out.len() + n as usize, b' ');
                    col += n;
                }
            }
            b'\n' | b'\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(new(out))
}

// ----- conversions

fn decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::arity::check_positional(&args, "decode", 2)?;
    let [b, encoding, errors] = args.bind("decode", ["self", "encoding", "errors"], 1)?;
    let b = this(vm, &b.unwrap_or(Value::None), "decode")?;
    let enc = text_arg(vm, encoding, "decode() argument 'encoding'", "utf-8")?;
    let errors = text_arg(vm, errors, "decode() argument 'errors'", "strict")?;
    Ok(Value::str(super::str::decode(&b.data, &enc, &errors)?))
}

fn hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    super::arity::check_positional(&args, "hex", 2)?;
    let [b, sep, per] = args.bind("hex", ["self", "sep", "bytes_per_sep"], 1)?;
    let b = this(vm, &b.unwrap_or(Value::None), "hex")?;
    let digits: Vec<String> = b.data.iter().map(|x| format!("{x:02x}")).collect();
    let sep = match sep {
        None => return Ok(Value::str(digits.concat())),
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(Value::Bytes(s)) => s.data.iter().map(|&c| c as char).collect(),
        Some(other) => {
            return Err(type_error(format!(
                "sep must be str or bytes, not {}",
                vm.type_name(&other)
            )))
        }
    };
    if sep.chars().count() != 1 {
        return Err(value_error("sep must be length 1."));
    }
    if !sep.is_ascii() {
        return Err(value_error("sep must be ASCII."));
    }
    let per = match per {
        Some(p) => super::str::c_int(vm, &p)?,
        None => 1,
    };
    if per == 0 {
        return Ok(Value::str(digits.concat()));
    }
    let group = per.unsigned_abs().min(digits.len().max(1) as u64) as usize;
    // Positive counts group from the right, negative ones from the left.
    let chunks: Vec<String> = if per > 0 {
        let first = digits.len() % group;
        let mut out = Vec::new();
        if first > 0 {
            out.push(digits[..first].concat());
        }
        out.extend(digits[first..].chunks(group).map(|c| c.concat()));
        out
    } else {
        digits.chunks(group).map(|c| c.concat()).collect()
    };
    Ok(Value::str(chunks.join(&sep)))
}

fn fromhex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_cls, a) = args.method("fromhex", 1, 1)?;
    let s = vm.arg_str(&a[0], "fromhex() argument")?;
    let chars: Vec<char> = s.as_str().chars().collect();
    let bad = |pos: usize| {
        value_error(format!(
            "non-hexadecimal number found in fromhex() arg at position {pos}"
        ))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() || chars[i] == '\x0b' {
            i += 1;
            continue;
        }
        let hi = chars[i]
            .to_digit(16)
            .filter(|_| chars[i].is_ascii())
            .ok_or_else(|| bad(i))?;
        let lo = chars
            .get(i + 1)
            .filter(|c| c.is_ascii())
            .and_then(|c| c.to_digit(16))
            .ok_or_else(|| bad(i + 1))?;
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    Ok(new(out))
}
