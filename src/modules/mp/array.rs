//! `SharedArray`: a fixed-length array of C numbers in shared memory, the
//! storage under `multiprocessing.Value` and `Array` (which add a lock in
//! `multiprocessing.sharedctypes`). Elements are read and written with
//! atomic loads and stores, so a reader in another process sees either the
//! old or the new number, never a torn one. Like ctypes, storing an int
//! that does not fit keeps its low bits.

use super::shm::Block;
use super::{payload, rebuild_args};
use crate::modules::builtins::types::Spec;
use crate::objects::exception::{index_error, type_error, PyErr};
use crate::objects::{Args, BytesObj, Class, Instance, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;
use std::sync::atomic::Ordering::Relaxed;

/// The element types, by ctypes-style type code.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Code {
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
    Char,
    Bool,
}

impl Code {
    pub fn parse(c: &str) -> Option<Code> {
        Some(match c {
            "b" => Code::I8,
            "B" => Code::U8,
            "h" => Code::I16,
            "H" => Code::U16,
            "i" => Code::I32,
            "I" => Code::U32,
            "l" | "q" => Code::I64,
            "L" | "Q" => Code::U64,
            "f" => Code::F32,
            "d" => Code::F64,
            "c" => Code::Char,
            "?" => Code::Bool,
            _ => return None,
        })
    }

    fn letter(self) -> char {
        match self {
            Code::I8 => 'b',
            Code::U8 => 'B',
            Code::I16 => 'h',
            Code::U16 => 'H',
            Code::I32 => 'i',
            Code::U32 => 'I',
            Code::I64 => 'q',
            Code::U64 => 'Q',
            Code::F32 => 'f',
            Code::F64 => 'd',
            Code::Char => 'c',
            Code::Bool => '?',
        }
    }

    pub fn size(self) -> usize {
        match self {
            Code::I8 | Code::U8 | Code::Char | Code::Bool => 1,
            Code::I16 | Code::U16 => 2,
            Code::I32 | Code::U32 | Code::F32 => 4,
            Code::I64 | Code::U64 | Code::F64 => 8,
        }
    }

    /// The ctypes name CPython shows in reprs (`c_int`, `c_double`, ...).
    pub fn ctype(self) -> &'static str {
        match self {
            Code::I8 => "c_byte",
            Code::U8 => "c_ubyte",
            Code::I16 => "c_short",
            Code::U16 => "c_ushort",
            Code::I32 => "c_int",
            Code::U32 => "c_uint",
            Code::I64 => "c_long",
            Code::U64 => "c_ulong",
            Code::F32 => "c_float",
            Code::F64 => "c_double",
            Code::Char => "c_char",
            Code::Bool => "c_bool",
        }
    }
}

pub struct SharedArray {
    block: Block,
    code: Code,
    len: usize,
}

impl SharedArray {
    fn get(&self, i: usize) -> Value {
        let b = &self.block;
        let at = i * self.code.size();
        match self.code {
            Code::I8 => Value::Int(i64::from(b.u8(at).load(Relaxed) as i8)),
            Code::U8 => Value::Int(i64::from(b.u8(at).load(Relaxed))),
            Code::I16 => Value::Int(i64::from(b.u16(at).load(Relaxed) as i16)),
            Code::U16 => Value::Int(i64::from(b.u16(at).load(Relaxed))),
            Code::I32 => Value::Int(i64::from(b.u32(at).load(Relaxed) as i32)),
            Code::U32 => Value::Int(i64::from(b.u32(at).load(Relaxed))),
            Code::I64 => Value::Int(b.u64(at).load(Relaxed) as i64),
            Code::U64 => {
                let v = b.u64(at).load(Relaxed);
                match i64::try_from(v) {
                    Ok(i) => Value::Int(i),
                    Err(_) => Value::BigInt(Rc::new(num_bigint::BigInt::from(v))),
                }
            }
            Code::F32 => Value::Float(f64::from(f32::from_bits(b.u32(at).load(Relaxed)))),
            Code::F64 => Value::Float(f64::from_bits(b.u64(at).load(Relaxed))),
            Code::Char => Value::Bytes(BytesObj::new(vec![b.u8(at).load(Relaxed)])),
            Code::Bool => Value::Bool(b.u8(at).load(Relaxed) != 0),
        }
    }

    fn set(&self, vm: &mut Vm, i: usize, v: &Value) -> PyResult<()> {
        let b = &self.block;
        let at = i * self.code.size();
        match self.code {
            Code::F32 => b.u32(at).store((number(vm, v)? as f32).to_bits(), Relaxed),
            Code::F64 => b.u64(at).store(number(vm, v)?.to_bits(), Relaxed),
            Code::Char => match v {
                Value::Bytes(s) if s.data.len() == 1 => b.u8(at).store(s.data[0], Relaxed),
                Value::Int(n) if (0..256).contains(n) => b.u8(at).store(*n as u8, Relaxed),
                _ => {
                    return Err(type_error(
                        "one character bytes, bytearray or integer expected",
                    ))
                }
            },
            Code::Bool => {
                let t = vm.truthy(v)?;
                b.u8(at).store(u8::from(t), Relaxed)
            }
            _ => {
                let bits = low_bits(vm, v)?;
                match self.code.size() {
                    1 => b.u8(at).store(bits as u8, Relaxed),
                    2 => b.u16(at).store(bits as u16, Relaxed),
                    4 => b.u32(at).store(bits as u32, Relaxed),
                    _ => b.u64(at).store(bits, Relaxed),
                }
            }
        }
        Ok(())
    }
}

fn number(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(_) | Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => vm.arg_f64(v),
        _ => Err(type_error(format!(
            "must be real number, not {}",
            vm.type_name(v)
        ))),
    }
}

/// The low 64 bits of an int, two's complement (ctypes' truncation).
fn low_bits(vm: &mut Vm, v: &Value) -> PyResult<u64> {
    match v {
        Value::Int(i) => Ok(*i as u64),
        Value::Bool(b) => Ok(u64::from(*b)),
        Value::BigInt(b) => {
            let m = num_bigint::BigInt::from(1u8) << 64;
            let r: num_bigint::BigInt = ((b.as_ref() % &m) + &m) % &m;
            Ok(u64::try_from(r).unwrap_or(0))
        }
        Value::Float(_) => Err(type_error("int expected instead of float")),
        _ => Err(type_error(format!(
            "an integer is required (got type {})",
            vm.type_name(v)
        ))),
    }
}

pub const ARRAY: Spec = Spec {
    new: Some(array_new),
    methods: &[
        ("__len__", array_len),
        ("__getitem__", array_getitem),
        ("__setitem__", array_setitem),
        ("__reduce__", array_reduce),
    ],
    getters: &[("typecode", array_typecode), ("ctype", array_ctype)],
    ..Spec::new("SharedArray")
};

/// `SharedArray(typecode, length)`, zero-filled.
fn array_new(vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let [code, length] = args.bind("SharedArray", ["typecode", "length"], 2)?;
    let code = code.unwrap_or(Value::None);
    let code = match &code {
        Value::Str(s) => Code::parse(s.as_str()),
        _ => None,
    }
    .ok_or_else(|| {
        type_error(format!(
            "unsupported type code {}",
            vm.repr(&code).unwrap_or_default()
        ))
    })?;
    let len = vm.arg_i64(&length.unwrap_or(Value::None))?;
    let len = usize::try_from(len)
        .map_err(|_| crate::objects::exception::value_error("array size must be non-negative"))?;
    let bytes = len
        .checked_mul(code.size())
        .ok_or_else(|| PyErr::new(crate::objects::ExcKind::MemoryError, ""))?;
    let block = Block::alloc(bytes)?;
    let arr = SharedArray { block, code, len };
    Ok(Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(Rc::new(arr)),
    )))
}

/// `_rebuild_array(fd, arena_len, offset, len, typecode_ord, length)`.
pub fn rebuild_array(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (block, rest) = rebuild_args(vm, args, 2)?;
    let code = char::from_u32(rest[0] as u32)
        .and_then(|c| Code::parse(&c.to_string()))
        .ok_or_else(|| type_error("bad shared array type code"))?;
    let len = usize::try_from(rest[1]).unwrap_or(0);
    if len.saturating_mul(code.size()) > block.len() {
        return Err(type_error("bad shared array length"));
    }
    let cls = super::class_named(vm, "SharedArray")?;
    let arr = SharedArray { block, code, len };
    Ok(Value::Instance(Instance::with_payload(
        cls,
        Box::new(Rc::new(arr)),
    )))
}

fn array_of(vm: &Vm, v: &Value) -> PyResult<Rc<SharedArray>> {
    payload::<Rc<SharedArray>>(vm, v, "SharedArray")
}

fn array_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__len__", 0, 0)?;
    Ok(Value::Int(array_of(vm, &this)?.len as i64))
}

fn index(vm: &mut Vm, arr: &SharedArray, i: &Value) -> PyResult<usize> {
    let i = vm.arg_i64(i)?;
    let len = arr.len as i64;
    let j = if i < 0 { i + len } else { i };
    if !(0..len).contains(&j) {
        return Err(index_error("invalid index"));
    }
    Ok(j as usize)
}

fn array_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = args.method("__getitem__", 1, 1)?;
    let arr = array_of(vm, &this)?;
    if let Value::Slice(s) = &rest[0] {
        let sel = vm.slice_indices(s, arr.len)?;
        let items: Vec<Value> = sel.iter().map(|i| arr.get(i)).collect();
        if arr.code == Code::Char {
            let bytes = items
                .iter()
                .map(|v| match v {
                    Value::Bytes(b) => b.data[0],
                    _ => 0,
                })
                .collect();
            return Ok(Value::Bytes(BytesObj::new(bytes)));
        }
        return Ok(Value::list(items));
    }
    let i = index(vm, &arr, &rest[0])?;
    Ok(arr.get(i))
}

fn array_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = args.method("__setitem__", 2, 2)?;
    let arr = array_of(vm, &this)?;
    if let Value::Slice(s) = &rest[0] {
        let sel = vm.slice_indices(s, arr.len)?;
        let values: Vec<Value> = match &rest[1] {
            Value::Bytes(b) if arr.code == Code::Char => {
                b.data.iter().map(|&c| Value::Int(i64::from(c))).collect()
            }
            other => vm.collect(other)?,
        };
        if values.len() != sel.len() {
            return Err(crate::objects::exception::value_error(
                "Can only assign sequence of same size",
            ));
        }
        for (i, v) in sel.iter().zip(&values) {
            arr.set(vm, i, v)?;
        }
        return Ok(Value::None);
    }
    let i = index(vm, &arr, &rest[0])?;
    arr.set(vm, i, &rest[1])?;
    Ok(Value::None)
}

fn array_typecode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("typecode", 0, 0)?;
    Ok(Value::str(array_of(vm, &this)?.code.letter().to_string()))
}

fn array_ctype(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("ctype", 0, 0)?;
    Ok(Value::str(array_of(vm, &this)?.code.ctype()))
}

fn array_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__reduce__", 0, 0)?;
    let arr = array_of(vm, &this)?;
    let extra = [i64::from(u32::from(arr.code.letter())), arr.len as i64];
    super::reduce_block(
        vm,
        "_rebuild_array",
        &arr.block,
        "SynchronizedArray",
        &extra,
    )
}
