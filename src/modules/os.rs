//! `os` and `os.path`: the little of the operating system mini exposes.

use super::{add_functions, set_attr};
use crate::objects::exception::{os_error, type_error};
use crate::objects::{Args, DictObj, ExcKind, Value};
use crate::vm::{PyResult, Vm};
use std::path::Path;

pub fn make(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("os", None);
    let env = DictObj::new();
    for (k, v) in std::env::vars() {
        vm.dict_set(&env, Value::str(k), Value::str(v))?;
    }
    set_attr(vm, &m, "environ", Value::Dict(env));
    set_attr(vm, &m, "name", Value::str("posix"));
    set_attr(vm, &m, "sep", Value::str("/"));
    set_attr(vm, &m, "linesep", Value::str("\n"));
    set_attr(vm, &m, "curdir", Value::str("."));
    set_attr(vm, &m, "pardir", Value::str(".."));
    add_functions(
        vm,
        &m,
        &[
            ("getpid", getpid),
            ("getppid", getppid),
            ("cpu_count", cpu_count),
            ("getenv", getenv),
            ("getcwd", getcwd),
            ("listdir", listdir),
            ("remove", remove),
            ("unlink", remove),
            ("mkdir", mkdir),
            ("makedirs", makedirs),
            ("rmdir", rmdir),
            ("rename", rename),
            ("urandom", urandom),
            ("kill", kill),
        ],
    );
    // `os.path` is registered directly: importing it by name would first
    // import `os`, which is what is being built here.
    let path = make_path(vm)?;
    let modules = vm.interp.modules.clone();
    vm.dict_set_str(&modules, vm.intern("os.path"), path.clone());
    set_attr(vm, &m, "path", path);
    Ok(m)
}

pub fn make_path(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("posixpath", None);
    add_functions(
        vm,
        &m,
        &[
            ("join", join),
            ("exists", exists),
            ("isfile", isfile),
            ("isdir", isdir),
            ("basename", basename),
            ("dirname", dirname),
            ("abspath", abspath),
            ("split", split),
            ("splitext", splitext),
            ("getsize", getsize),
            ("expanduser", expanduser),
        ],
    );
    set_attr(vm, &m, "sep", Value::str("/"));
    Ok(m)
}

fn getpid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(std::process::id() as i64))
}

fn getppid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(std::os::unix::process::parent_id() as i64))
}

/// `os.kill(pid, sig)`: sends a signal. One sent to this very process is
/// handled at the next switch point, like any other.
fn kill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("kill", 2, 2)?;
    let pid = vm.arg_i64(&a[0])?;
    let sig = vm.arg_i64(&a[1])?;
    let (Ok(pid), Ok(sig)) = (u32::try_from(pid), i32::try_from(sig)) else {
        return Err(crate::objects::exception::overflow_error(
            "signed integer is greater than maximum",
        ));
    };
    crate::unsafety::ipc::kill(pid, sig).map_err(|e| {
        let kind = match e.raw_os_error() {
            Some(libc::ESRCH) => ExcKind::ProcessLookupError,
            Some(libc::EPERM) => ExcKind::PermissionError,
            _ => ExcKind::OSError,
        };
        os_error(kind, &e, None)
    })?;
    Ok(Value::None)
}

fn cpu_count(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(std::thread::available_parallelism().map_or(Value::None, |n| Value::from(n.get())))
}

fn getenv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("getenv", 1, 2)?;
    let k = vm.arg_str(&a[0], "str expected")?;
    Ok(match std::env::var(k.as_str()) {
        Ok(v) => Value::str(v),
        Err(_) => a.get(1).cloned().unwrap_or(Value::None),
    })
}

fn path_arg(vm: &Vm, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.as_str().to_string()),
        other => Err(type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            vm.type_name(other)
        ))),
    }
}

fn io_result<T>(r: std::io::Result<T>, path: &str) -> PyResult<T> {
    r.map_err(|e| {
        let kind = match e.kind() {
            std::io::ErrorKind::NotFound => ExcKind::FileNotFoundError,
            std::io::ErrorKind::AlreadyExists => ExcKind::FileExistsError,
            std::io::ErrorKind::PermissionDenied => ExcKind::PermissionError,
            _ => ExcKind::OSError,
        };
        os_error(kind, &e, Some(path))
    })
}

fn getcwd(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    let d = io_result(std::env::current_dir(), ".")?;
    Ok(Value::str(d.display().to_string()))
}

fn listdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("listdir", 0, 1)?;
    let p = match a.first() {
        Some(v) => path_arg(vm, v)?,
        None => ".".into(),
    };
    let mut names = Vec::new();
    for e in io_result(std::fs::read_dir(&p), &p)? {
        let e = io_result(e, &p)?;
        names.push(Value::str(e.file_name().to_string_lossy().into_owned()));
    }
    Ok(Value::list(names))
}

fn one_path(
    vm: &mut Vm,
    args: Args,
    name: &str,
    f: fn(&str) -> std::io::Result<()>,
) -> PyResult<Value> {
    let a = args.positional(name, 1, 2)?;
    let p = path_arg(vm, &a[0])?;
    let p2 = p.clone();
    let r = vm.gil.allow_threads(move || f(&p2));
    io_result(r, &p)?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    one_path(vm, args, "remove", |p| std::fs::remove_file(p))
}

fn mkdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    one_path(vm, args, "mkdir", |p| std::fs::create_dir(p))
}

fn rmdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    one_path(vm, args, "rmdir", |p| std::fs::remove_dir(p))
}

fn makedirs(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let exist_ok = match args.take_kw("exist_ok") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    let a = args.positional("makedirs", 1, 3)?;
    let p = path_arg(vm, &a[0])?;
    if Path::new(&p).is_dir() {
        if exist_ok {
            return Ok(Value::None);
        }
        return io_result(
            Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists)),
            &p,
        );
    }
    io_result(std::fs::create_dir_all(&p), &p)?;
    Ok(Value::None)
}

fn rename(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("rename", 2, 2)?;
    let (p, q) = (path_arg(vm, &a[0])?, path_arg(vm, &a[1])?);
    io_result(std::fs::rename(&p, &q), &p)?;
    Ok(Value::None)
}

fn urandom(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("urandom", 1, 1)?;
    let n = vm.arg_i64(&a[0])?.max(0) as usize;
    let mut r = super::random_core::PyRandom::from_time_and_pid();
    Ok(Value::Bytes(crate::objects::BytesObj::new(r.randbytes(n))))
}

fn join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("join", 1, usize::MAX)?;
    let mut out = path_arg(vm, &a[0])?;
    for p in &a[1..] {
        let p = path_arg(vm, p)?;
        if p.starts_with('/') {
            out = p;
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(&p);
        } else {
            out.push('/');
            out.push_str(&p);
        }
    }
    Ok(Value::str(out))
}

fn test_path(vm: &mut Vm, args: Args, name: &str, f: fn(&Path) -> bool) -> PyResult<Value> {
    let a = args.positional(name, 1, 1)?;
    let p = path_arg(vm, &a[0])?;
    Ok(Value::Bool(f(Path::new(&p))))
}

fn exists(vm: &mut Vm, args: Args) -> PyResult<Value> {
    test_path(vm, args, "exists", Path::exists)
}

fn isfile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    test_path(vm, args, "isfile", Path::is_file)
}

fn isdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    test_path(vm, args, "isdir", Path::is_dir)
}

fn split_last(p: &str) -> (String, String) {
    match p.rfind('/') {
        Some(i) => {
            let head = &p[..=i];
            let head = if head.chars().all(|c| c == '/') {
                head
            } else {
                head.trim_end_matches('/')
            };
            (head.to_string(), p[i + 1..].to_string())
        }
        None => (String::new(), p.to_string()),
    }
}

fn basename(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("basename", 1, 1)?;
    Ok(Value::str(split_last(&path_arg(vm, &a[0])?).1))
}

fn dirname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("dirname", 1, 1)?;
    Ok(Value::str(split_last(&path_arg(vm, &a[0])?).0))
}

fn split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("split", 1, 1)?;
    let (h, t) = split_last(&path_arg(vm, &a[0])?);
    Ok(Value::tuple(vec![Value::str(h), Value::str(t)]))
}

fn splitext(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("splitext", 1, 1)?;
    let p = path_arg(vm, &a[0])?;
    let base_start = p.rfind('/').map_or(0, |i| i + 1);
    let base = &p[base_start..];
    let dot = base
        .trim_start_matches('.')
        .rfind('.')
        .map(|i| i + (base.len() - base.trim_start_matches('.').len()));
    Ok(match dot {
        Some(i) => Value::tuple(vec![
            Value::str(&p[..base_start + i]),
            Value::str(&p[base_start + i..]),
        ]),
        None => Value::tuple(vec![Value::str(p.as_str()), Value::str("")]),
    })
}

fn abspath(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("abspath", 1, 1)?;
    let p = path_arg(vm, &a[0])?;
    let full = if p.starts_with('/') {
        p
    } else {
        let cwd = std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        format!("{cwd}/{p}")
    };
    // Normalise `.`, `..` and repeated slashes.
    let mut parts: Vec<&str> = Vec::new();
    for seg in full.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Ok(Value::str(format!("/{}", parts.join("/"))))
}

fn getsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("getsize", 1, 1)?;
    let p = path_arg(vm, &a[0])?;
    let md = io_result(std::fs::metadata(&p), &p)?;
    Ok(Value::from(md.len() as usize))
}

fn expanduser(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("expanduser", 1, 1)?;
    let p = path_arg(vm, &a[0])?;
    let expanded = match (p.strip_prefix('~'), std::env::var("HOME")) {
        (Some(rest), Ok(home)) if rest.is_empty() || rest.starts_with('/') => {
            format!("{home}{rest}")
        }
        _ => p,
    };
    Ok(Value::str(expanded))
}
