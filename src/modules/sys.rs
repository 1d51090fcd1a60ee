//! `sys`: the interpreter's own settings and streams.

use super::builtins::io::{new_file, Handle};
use super::{add_functions, set_attr, structseq};
use crate::objects::exception::{type_error, value_error, PyErr};
use crate::objects::{Args, ExcKind, Value};
use crate::vm::{PyResult, Vm};
use std::time::Duration;

/// The Python version mini's language follows.
pub const PY_VERSION: (i64, i64, i64) = (3, 11, 0);

pub fn make(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("sys", None);
    let argv = vm
        .interp
        .config
        .argv
        .iter()
        .map(|a| Value::str(a.as_str()))
        .collect();
    set_attr(vm, &m, "argv", Value::list(argv));
    set_attr(
        vm,
        &m,
        "stdin",
        new_file(vm, Handle::Stdin, "<stdin>", "r", false),
    );
    set_attr(
        vm,
        &m,
        "stdout",
        new_file(vm, Handle::Stdout, "<stdout>", "w", false),
    );
    set_attr(
        vm,
        &m,
        "stderr",
        new_file(vm, Handle::Stderr, "<stderr>", "w", false),
    );
    for name in ["stdin", "stdout", "stderr"] {
        let key = vm.intern(name);
        let Value::Module(md) = &m else {
            unreachable!()
        };
        if let Some(v) = vm.dict_get_str(&md.dict, &key)? {
            set_attr(vm, &m, &format!("__{name}__"), v);
        }
    }
    set_attr(vm, &m, "maxsize", Value::Int(i64::MAX));
    set_attr(vm, &m, "platform", Value::str(std::env::consts::OS));
    let (a, b, c) = PY_VERSION;
    set_attr(
        vm,
        &m,
        "version",
        Value::str(format!("{a}.{b}.{c} (mini {})", env!("CARGO_PKG_VERSION"))),
    );
    let version_info = {
        let fields = ["major", "minor", "micro", "releaselevel", "serial"];
        let t = structseq::new_type(vm, "sys", "version_info", &fields, 5, false)?;
        let values = vec![
            Value::Int(a),
            Value::Int(b),
            Value::Int(c),
            Value::str("final"),
            Value::Int(0),
        ];
        structseq::make(vm, &t, values)
    };
    set_attr(vm, &m, "version_info", version_info.clone());
    info_attrs(vm, &m, version_info)?;
    set_attr(
        vm,
        &m,
        "hexversion",
        Value::Int((a << 24) | (b << 16) | (c << 8) | 0xf0),
    );
    set_attr(
        vm,
        &m,
        "byteorder",
        Value::str(if cfg!(target_endian = "little") {
            "little"
        } else {
            "big"
        }),
    );
    set_attr(vm, &m, "modules", Value::Dict(vm.interp.modules.clone()));
    let path = match &vm.interp.config.main_dir {
        Some(d) => vec![Value::str(d.display().to_string())],
        None => vec![Value::str("")],
    };
    set_attr(vm, &m, "path", Value::list(path));
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    set_attr(vm, &m, "executable", Value::str(exe));
    set_attr(
        vm,
        &m,
        "builtin_module_names",
        Value::tuple(
            [
                "builtins", "sys", "time", "math", "random", "posix", "_thread",
            ]
            .iter()
            .map(|n| Value::str(*n))
            .collect(),
        ),
    );
    add_functions(
        vm,
        &m,
        &[
            ("exit", exit),
            ("getrecursionlimit", getrecursionlimit),
            ("setrecursionlimit", setrecursionlimit),
            ("getswitchinterval", getswitchinterval),
            ("setswitchinterval", setswitchinterval),
            ("exc_info", exc_info),
            ("getdefaultencoding", getdefaultencoding),
            ("intern", intern),
            ("getsizeof", getsizeof),
        ],
    );
    Ok(m)
}

/// `float_info`, `int_info`, `hash_info`, `flags`, `implementation`,
/// `maxunicode` and friends.
fn info_attrs(vm: &mut Vm, m: &Value, version_info: Value) -> PyResult<()> {
    let seq = |vm: &mut Vm, name: &str, fields: &[&'static str], values: Vec<Value>| {
        let t = structseq::new_type(vm, "sys", name, fields, fields.len(), false)?;
        let v = structseq::make(vm, &t, values);
        set_attr(vm, m, name, v);
        PyResult::Ok(())
    };
    let (i, f) = (Value::Int, Value::Float);
    seq(
        vm,
        "float_info",
        &[
            "max",
            "max_exp",
            "max_10_exp",
            "min",
            "min_exp",
            "min_10_exp",
            "dig",
            "mant_dig",
            "epsilon",
            "radix",
            "rounds",
        ],
        vec![
            f(f64::MAX),
            i(f64::MAX_EXP as i64),
            i(f64::MAX_10_EXP as i64),
            f(f64::MIN_POSITIVE),
            i(f64::MIN_EXP as i64),
            i(f64::MIN_10_EXP as i64),
            i(f64::DIGITS as i64),
            i(f64::MANTISSA_DIGITS as i64),
            f(f64::EPSILON),
            i(f64::RADIX as i64),
            i(1),
        ],
    )?;
    seq(
        vm,
        "int_info",
        &[
            "bits_per_digit",
            "sizeof_digit",
            "default_max_str_digits",
            "str_digits_check_threshold",
        ],
        vec![i(30), i(4), i(4300), i(640)],
    )?;
    seq(
        vm,
        "hash_info",
        &[
            "width",
            "modulus",
            "inf",
            "nan",
            "imag",
            "algorithm",
            "hash_bits",
            "seed_bits",
            "cutoff",
        ],
        vec![
            i(64),
            i((1 << 61) - 1),
            i(314159),
            i(0),
            i(1000003),
            Value::str("siphash13"),
            i(64),
            i(128),
            i(0),
        ],
    )?;
    seq(
        vm,
        "thread_info",
        &["name", "lock", "version"],
        vec![Value::str("pthread"), Value::str("mutex+cond"), Value::None],
    )?;
    let no_bytecode = std::env::var_os("PYTHONDONTWRITEBYTECODE").is_some_and(|v| !v.is_empty());
    let flag_names = [
        "debug",
        "inspect",
        "interactive",
        "optimize",
        "dont_write_bytecode",
        "no_user_site",
        "no_site",
        "ignore_environment",
        "verbose",
        "bytes_warning",
        "quiet",
        "hash_randomization",
        "isolated",
        "dev_mode",
        "utf8_mode",
        "warn_default_encoding",
        "safe_path",
        "int_max_str_digits",
    ];
    let flag_values = flag_names
        .iter()
        .map(|n| match *n {
            "dont_write_bytecode" => i(no_bytecode as i64),
            "hash_randomization" => i(1),
            "dev_mode" | "safe_path" => Value::Bool(false),
            "int_max_str_digits" => i(-1),
            _ => i(0),
        })
        .collect();
    seq(vm, "flags", &flag_names, flag_values)?;
    set_attr(vm, m, "dont_write_bytecode", Value::Bool(no_bytecode));
    set_attr(vm, m, "maxunicode", i(0x10ffff));
    set_attr(vm, m, "float_repr_style", Value::str("short"));
    let (a, b, c) = PY_VERSION;
    let implementation = structseq::simple_namespace(
        vm,
        vec![
            ("name", Value::str("mini")),
            ("cache_tag", Value::None),
            ("version", version_info),
            ("hexversion", i((a << 24) | (b << 16) | (c << 8) | 0xf0)),
        ],
    )?;
    set_attr(vm, m, "implementation", implementation);
    Ok(())
}

fn exit(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("exit", 0, 1)?;
    Err(PyErr::with_args(ExcKind::SystemExit, a.into_vec()))
}

fn getrecursionlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.positional("getrecursionlimit", 0, 0)?;
    Ok(Value::from(vm.interp.recursion_limit.get()))
}

fn setrecursionlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("setrecursionlimit", 1, 1)?;
    let n = match &a[0] {
        Value::Int(n) => *n,
        Value::Float(_) => {
            return Err(type_error(
                "'float' object cannot be interpreted as an integer",
            ))
        }
        other => vm.arg_i64(other)?,
    };
    if n < 1 {
        return Err(value_error(
            "recursion limit must be greater or equal than 1",
        ));
    }
    let depth = vm.frames.len();
    if (n as usize) < depth {
        return Err(PyErr::new(
            ExcKind::RecursionError,
            format!("cannot set the recursion limit to {n} at the recursion depth {depth}: the limit is too low"),
        ));
    }
    vm.interp.recursion_limit.set(n as usize);
    Ok(Value::None)
}

fn getswitchinterval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.positional("getswitchinterval", 0, 0)?;
    Ok(Value::Float(vm.interp.gil.interval().as_secs_f64()))
}

fn setswitchinterval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("setswitchinterval", 1, 1)?;
    let secs = vm.arg_f64(&a[0])?;
    if secs <= 0.0 || secs.is_nan() {
        return Err(value_error("switch interval must be strictly positive"));
    }
    let d = Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX);
    vm.interp.gil.set_interval(d);
    Ok(Value::None)
}

fn exc_info(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.positional("exc_info", 0, 0)?;
    let e = vm.handled.clone();
    if e.is_none() {
        return Ok(Value::tuple(vec![Value::None, Value::None, Value::None]));
    }
    let t = Value::Class(vm.type_of(&e));
    let tb = vm.traceback_object(&e);
    Ok(Value::tuple(vec![t, e, tb]))
}

fn getdefaultencoding(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::str("utf-8"))
}

fn intern(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("intern", 1, 1)?;
    let s = vm.arg_str(&a[0], "intern() argument")?;
    Ok(Value::Str(vm.intern(s.as_str())))
}

/// A rough size in bytes (mini's object layout, not CPython's).
fn getsizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("getsizeof", 1, 2)?;
    let v = &a[0];
    let n = match v {
        Value::Str(s) => 49 + s.as_str().len(),
        Value::List(l) => 56 + 8 * l.items.borrow(vm.gil()).len(),
        Value::Tuple(t) => 40 + 8 * t.items.len(),
        Value::Dict(d) => 64 + 40 * d.table.borrow(vm.gil()).len(),
        Value::Bytes(b) => 33 + b.data.len(),
        _ => 28,
    };
    Ok(Value::from(n))
}
