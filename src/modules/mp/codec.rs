//! The serializer every message between processes goes through.
//!
//! Interim version: plain data, objects by reference or `__reduce__`.

use crate::objects::exception::{type_error, value_error};
use crate::objects::{Args, BytesObj, DictObj, Value};
use crate::vm::{PyResult, Vm};

pub fn dumps(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    enc(vm, v, &mut out, 0)?;
    Ok(out)
}

pub fn loads(vm: &mut Vm, data: &[u8]) -> PyResult<Value> {
    let mut pos = 0;
    dec(vm, data, &mut pos)
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn global(vm: &mut Vm, v: &Value, out: &mut Vec<u8>) -> PyResult<()> {
    let (module, qualname) = match v {
        Value::Function(f) => {
            let m = vm.intern("__module__");
            let module = vm
                .dict_get_str(&f.globals, &vm.intern("__name__"))?
                .unwrap_or(Value::None);
            let _ = m;
            (
                vm.str(&module)?,
                f.qualname.borrow(vm.gil()).as_str().to_string(),
            )
        }
        Value::Class(c) => {
            let m = vm.intern("__module__");
            let module = vm
                .dict_get_str(&c.dict, &m)?
                .unwrap_or(Value::str("builtins"));
            (vm.str(&module)?, c.qualname.clone())
        }
        Value::Builtin(b) => ("_multiprocessing".to_string(), b.name.to_string()),
        _ => return Err(type_error("cannot pickle")),
    };
    out.push(b'G');
    put_str(out, &module);
    put_str(out, &qualname);
    Ok(())
}

fn enc(vm: &mut Vm, v: &Value, out: &mut Vec<u8>, depth: usize) -> PyResult<()> {
    if depth > 500 {
        return Err(value_error("too deep"));
    }
    match v {
        Value::None => out.push(b'N'),
        Value::Bool(true) => out.push(b'T'),
        Value::Bool(false) => out.push(b'F'),
        Value::Int(i) => {
            out.push(b'I');
            out.extend_from_slice(&i.to_le_bytes());
        }
        Value::BigInt(b) => {
            out.push(b'B');
            put_str(out, &b.to_string());
        }
        Value::Float(f) => {
            out.push(b'D');
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        Value::Str(s) => {
            out.push(b'S');
            put_str(out, s.as_str());
        }
        Value::Bytes(b) => {
            out.push(b'Y');
            out.extend_from_slice(&(b.data.len() as u32).to_le_bytes());
            out.extend_from_slice(&b.data);
        }
        Value::Tuple(t) => {
            out.push(b'U');
            out.extend_from_slice(&(t.items.len() as u32).to_le_bytes());
            for x in t.items.iter() {
                enc(vm, x, out, depth + 1)?;
            }
        }
        Value::List(_) | Value::Dict(_) => {
            let is_list = matches!(v, Value::List(_));
            let items = if is_list {
                vm.collect(v)?
            } else {
                let n = vm.intern("items");
                let f = vm.getattr(v, &n)?;
                let it = vm.call0(&f)?;
                vm.collect(&it)?
            };
            out.push(if is_list { b'L' } else { b'M' });
            out.extend_from_slice(&(items.len() as u32).to_le_bytes());
            for x in &items {
                if is_list {
                    enc(vm, x, out, depth + 1)?;
                } else if let Value::Tuple(kv) = x {
                    enc(vm, &kv.items[0], out, depth + 1)?;
                    enc(vm, &kv.items[1], out, depth + 1)?;
                }
            }
        }
        Value::Function(_) | Value::Class(_) | Value::Builtin(_) => global(vm, v, out)?,
        Value::Instance(_) => {
            let reduce = vm.intern("__reduce__");
            let cls = vm.type_of(v);
            let has_reduce = cls.mro_iter().any(|c| {
                c.name != "object" && matches!(vm.dict_get_str(&c.dict, &reduce), Ok(Some(_)))
            });
            if has_reduce {
                let f = vm.getattr(v, &reduce)?;
                let r = vm.call0(&f)?;
                let Value::Tuple(t) = &r else {
                    return Err(type_error("__reduce__ must return a tuple"));
                };
                out.push(b'R');
                enc(vm, &t.items[0], out, depth + 1)?;
                enc(vm, &t.items[1], out, depth + 1)?;
            } else {
                out.push(b'O');
                global(vm, &Value::Class(cls), out)?;
                let d = vm.intern("__dict__");
                let dict = vm.getattr(v, &d)?;
                enc(vm, &dict, out, depth + 1)?;
            }
        }
        _ => {
            return Err(type_error(format!(
                "cannot pickle '{}' object",
                vm.type_name(v)
            )));
        }
    }
    Ok(())
}

fn take<'a>(data: &'a [u8], pos: &mut usize, n: usize) -> PyResult<&'a [u8]> {
    let end = pos
        .checked_add(n)
        .filter(|&e| e <= data.len())
        .ok_or_else(|| value_error("truncated data"))?;
    let s = &data[*pos..end];
    *pos = end;
    Ok(s)
}

fn u32_at(data: &[u8], pos: &mut usize) -> PyResult<usize> {
    Ok(u32::from_le_bytes(take(data, pos, 4)?.try_into().unwrap_or_default()) as usize)
}

fn str_at(data: &[u8], pos: &mut usize) -> PyResult<String> {
    let n = u32_at(data, pos)?;
    String::from_utf8(take(data, pos, n)?.to_vec()).map_err(|_| value_error("bad string"))
}

fn find_global(vm: &mut Vm, module: &str, qualname: &str) -> PyResult<Value> {
    let modules = vm.interp.modules.clone();
    let key = vm.intern(module);
    let mut v = match vm.dict_get_str(&modules, &key)? {
        Some(m) => m,
        None => vm.import_module(&key)?,
    };
    for part in qualname.split('.') {
        let n = vm.intern(part);
        v = vm.getattr(&v, &n)?;
    }
    Ok(v)
}

fn dec(vm: &mut Vm, data: &[u8], pos: &mut usize) -> PyResult<Value> {
    let tag = take(data, pos, 1)?[0];
    Ok(match tag {
        b'N' => Value::None,
        b'T' => Value::Bool(true),
        b'F' => Value::Bool(false),
        b'I' => Value::Int(i64::from_le_bytes(
            take(data, pos, 8)?.try_into().unwrap_or_default(),
        )),
        b'B' => {
            let s = str_at(data, pos)?;
            let b: num_bigint::BigInt = s.parse().map_err(|_| value_error("bad int"))?;
            Value::BigInt(std::rc::Rc::new(b))
        }
        b'D' => Value::Float(f64::from_bits(u64::from_le_bytes(
            take(data, pos, 8)?.try_into().unwrap_or_default(),
        ))),
        b'S' => Value::str(str_at(data, pos)?),
        b'Y' => {
            let n = u32_at(data, pos)?;
            Value::Bytes(BytesObj::new(take(data, pos, n)?.to_vec()))
        }
        b'U' | b'L' => {
            let n = u32_at(data, pos)?;
            let mut items = Vec::with_capacity(n.min(1 << 16));
            for _ in 0..n {
                items.push(dec(vm, data, pos)?);
            }
            if tag == b'U' {
                Value::tuple(items)
            } else {
                Value::list(items)
            }
        }
        b'M' => {
            let n = u32_at(data, pos)?;
            let d = Value::Dict(DictObj::new());
            for _ in 0..n {
                let k = dec(vm, data, pos)?;
                let v = dec(vm, data, pos)?;
                vm.setitem(&d, k, v)?;
            }
            d
        }
        b'G' => {
            let module = str_at(data, pos)?;
            let q = str_at(data, pos)?;
            find_global(vm, &module, &q)?
        }
        b'R' => {
            let f = dec(vm, data, pos)?;
            let args = dec(vm, data, pos)?;
            let args = vm.collect(&args)?;
            vm.call(&f, Args::new(args))?
        }
        b'O' => {
            let cls = dec(vm, data, pos)?;
            let dict = dec(vm, data, pos)?;
            let object = Value::Class(vm.interp.types.object.clone());
            let new = vm.intern("__new__");
            let f = vm.getattr(&object, &new)?;
            let obj = vm.call1(&f, cls)?;
            let n = vm.intern("items");
            let items = vm.getattr(&dict, &n)?;
            let items = vm.call0(&items)?;
            for kv in vm.collect(&items)? {
                if let Value::Tuple(kv) = kv {
                    let key = vm.arg_str(&kv.items[0], "attribute name")?;
                    vm.setattr(&obj, &key, kv.items[1].clone())?;
                }
            }
            obj
        }
        _ => return Err(value_error("bad data")),
    })
}
