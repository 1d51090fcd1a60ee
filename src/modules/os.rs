//! `posix`: the native half of `os` (the rest, `os.path` included, is
//! library code in `src/stdlib/os.py` and `posixpath.py`).

use super::{add_functions, set_attr};
use crate::objects::exception::{os_error, os_error2, type_error, value_error};
use crate::objects::{Args, DictObj, ExcKind, Value};
use crate::unsafety::posix;
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;

pub fn make(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("posix", None);
    let env = DictObj::new();
    for (k, v) in std::env::vars_os() {
        let (k, v) = (k.to_string_lossy(), v.to_string_lossy());
        vm.dict_set(&env, Value::str(k.as_ref()), Value::str(v.as_ref()))?;
    }
    set_attr(vm, &m, "environ", Value::Dict(env));
    for (name, v) in [
        ("F_OK", libc::F_OK),
        ("R_OK", libc::R_OK),
        ("W_OK", libc::W_OK),
        ("X_OK", libc::X_OK),
        ("O_RDONLY", libc::O_RDONLY),
        ("O_WRONLY", libc::O_WRONLY),
        ("O_RDWR", libc::O_RDWR),
        ("O_APPEND", libc::O_APPEND),
        ("O_CREAT", libc::O_CREAT),
        ("O_EXCL", libc::O_EXCL),
        ("O_TRUNC", libc::O_TRUNC),
        ("SEEK_SET", libc::SEEK_SET),
        ("SEEK_CUR", libc::SEEK_CUR),
        ("SEEK_END", libc::SEEK_END),
        ("EX_OK", 0),
        ("WNOHANG", libc::WNOHANG),
    ] {
        set_attr(vm, &m, name, Value::Int(v as i64));
    }
    let fields = [
        "st_mode",
        "st_ino",
        "st_dev",
        "st_nlink",
        "st_uid",
        "st_gid",
        "st_size",
        "st_atime",
        "st_mtime",
        "st_ctime",
        "st_atime",
        "st_mtime",
        "st_ctime",
        "st_atime_ns",
        "st_mtime_ns",
        "st_ctime_ns",
        "st_blksize",
        "st_blocks",
        "st_rdev",
    ];
    let st = super::structseq::new_type(vm, "os", "stat_result", &fields, 10, true)?;
    set_attr(vm, &m, "stat_result", Value::Class(st));
    add_functions(
        vm,
        &m,
        &[
            ("getpid", getpid),
            ("getppid", getppid),
            ("getuid", getuid),
            ("geteuid", geteuid),
            ("getgid", getgid),
            ("getegid", getegid),
            ("cpu_count", cpu_count),
            ("getcwd", getcwd),
            ("chdir", chdir),
            ("listdir", listdir),
            ("_scandir", scandir_entries),
            ("stat", stat),
            ("lstat", lstat),
            ("access", access),
            ("remove", remove),
            ("unlink", remove),
            ("mkdir", mkdir),
            ("rmdir", rmdir),
            ("rename", rename),
            ("replace", rename),
            ("chmod", chmod),
            ("readlink", readlink),
            ("symlink", symlink),
            ("link", link),
            ("truncate", truncate),
            ("utime", utime),
            ("umask", umask),
            ("putenv", putenv),
            ("unsetenv", unsetenv),
            ("system", system),
            ("strerror", strerror),
            ("isatty", isatty),
            ("kill", kill),
            ("_exit", exit_now),
            ("urandom", urandom),
        ],
    );
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

/// A path argument: a str (bytes decoded), or an object with `__fspath__`.
fn path_of(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<String> {
    path_of_kinds(vm, v, fname, "string, bytes or os.PathLike")
}

/// Like [`path_of`], for a function whose path may also be a file
/// descriptor (`kinds` lists what it takes, for the error).
fn path_of_kinds(vm: &mut Vm, v: &Value, fname: &str, kinds: &str) -> PyResult<String> {
    match v.unwrap_base() {
        Value::Str(s) => return Ok(s.as_str().to_string()),
        Value::Bytes(b) => return Ok(String::from_utf8_lossy(&b.data).into_owned()),
        _ => {}
    }
    let name = vm.intern("__fspath__");
    if let Some(f) = vm.lookup_special(v, &name) {
        let r = vm.call0(&f)?;
        return match r.unwrap_base() {
            Value::Str(s) => Ok(s.as_str().to_string()),
            Value::Bytes(b) => Ok(String::from_utf8_lossy(&b.data).into_owned()),
            _ => Err(type_error(format!(
                "expected {}.__fspath__() to return str or bytes, not {}",
                vm.type_name(v),
                vm.type_name(&r)
            ))),
        };
    }
    Err(type_error(format!(
        "{fname}: path should be {kinds}, not {}",
        vm.type_name(v)
    )))
}

fn path_arg(vm: &mut Vm, v: &Value) -> PyResult<String> {
    path_of(vm, v, "path")
}

/// Arguments `(path, *, follow_symlinks=True, dir_fd=None)` and friends:
/// the positional ones, with keywords by name filled in after them.
fn bind(
    vm: &mut Vm,
    mut args: Args,
    fname: &str,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Value>> {
    let mut out: Vec<Value> = args.pos.to_vec();
    if out.len() > names.len() {
        return Err(type_error(format!(
            "{fname}() takes at most {} arguments ({} given)",
            names.len(),
            out.len()
        )));
    }
    for (i, n) in names.iter().enumerate() {
        if let Some(v) = args.take_kw(n) {
            if i < out.len() {
                return Err(type_error(format!(
                    "argument for {fname}() given by name ('{n}') and position ({})",
                    i + 1
                )));
            }
            while out.len() < i {
                out.push(Value::Unbound);
            }
            out.push(v);
        }
    }
    if let Some((k, _)) = args.kw.first() {
        return Err(type_error(format!(
            "{fname}() got an unexpected keyword argument '{}'",
            k.as_str()
        )));
    }
    for (i, n) in names.iter().enumerate().take(required) {
        if out.get(i).is_none_or(|v| v.is_unbound()) {
            return Err(type_error(format!(
                "{fname}() missing required argument '{n}' (pos {})",
                i + 1
            )));
        }
    }
    let _ = vm;
    Ok(out)
}

fn io_result<T>(r: std::io::Result<T>, path: &str) -> PyResult<T> {
    r.map_err(|e| os_error(ExcKind::OSError, &e, Some(path)))
}

fn getuid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(posix::ids().0 as i64))
}

fn geteuid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(posix::ids().1 as i64))
}

fn getgid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(posix::ids().2 as i64))
}

fn getegid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(posix::ids().3 as i64))
}

fn chdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("chdir", 1, 1)?;
    let p = path_of_kinds(vm, &a[0], "chdir", "string, bytes, os.PathLike or integer")?;
    io_result(std::env::set_current_dir(&p), &p)?;
    Ok(Value::None)
}

/// `os.stat(path, *, dir_fd=None, follow_symlinks=True)`; an int is a
/// file descriptor.
fn stat_impl(vm: &mut Vm, args: Args, fname: &str, follow_default: bool) -> PyResult<Value> {
    let a = bind(vm, args, fname, &["path", "dir_fd", "follow_symlinks"], 1)?;
    let follow = match a.get(2) {
        Some(v) if !v.is_unbound() => vm.truthy(v)?,
        _ => follow_default,
    };
    let p = match &a[0] {
        Value::Int(fd) if follow_default => format!("/proc/self/fd/{fd}"),
        v if follow_default => {
            path_of_kinds(vm, v, fname, "string, bytes, os.PathLike or integer")?
        }
        v => path_of(vm, v, fname)?,
    };
    let p2 = p.clone();
    let md = vm.gil.allow_threads(move || {
        if follow {
            std::fs::metadata(&p2)
        } else {
            std::fs::symlink_metadata(&p2)
        }
    });
    let md = match (&a[0], md) {
        (Value::Int(_), Err(e)) => return Err(os_error(ExcKind::OSError, &e, None)),
        (_, md) => io_result(md, &p)?,
    };
    stat_result(vm, &md)
}

fn stat_result(vm: &mut Vm, md: &std::fs::Metadata) -> PyResult<Value> {
    use std::os::unix::fs::MetadataExt;
    let posix = vm.import_module(&vm.intern("posix"))?;
    let Some(Value::Class(cls)) = vm.getattr_opt(&posix, &vm.intern("stat_result"))? else {
        return Err(type_error("os.stat_result is missing"));
    };
    let int = |n: i64| Value::Int(n);
    let u = |n: u64| Value::from(n as usize);
    let time_f = |s: i64, ns: i64| Value::Float(s as f64 + ns as f64 * 1e-9);
    let time_ns = |s: i64, ns: i64| Value::bigint(BigInt::from(s) * 1_000_000_000 + ns);
    let values = vec![
        int(md.mode() as i64),
        u(md.ino()),
        u(md.dev()),
        u(md.nlink()),
        int(md.uid() as i64),
        int(md.gid() as i64),
        int(md.size() as i64),
        int(md.atime()),
        int(md.mtime()),
        int(md.ctime()),
        time_f(md.atime(), md.atime_nsec()),
        time_f(md.mtime(), md.mtime_nsec()),
        time_f(md.ctime(), md.ctime_nsec()),
        time_ns(md.atime(), md.atime_nsec()),
        time_ns(md.mtime(), md.mtime_nsec()),
        time_ns(md.ctime(), md.ctime_nsec()),
        int(md.blksize() as i64),
        int(md.blocks() as i64),
        u(md.rdev()),
    ];
    Ok(super::structseq::make(vm, &cls, values))
}

fn stat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    stat_impl(vm, args, "stat", true)
}

fn lstat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    stat_impl(vm, args, "lstat", false)
}

fn access(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, args, "access", &["path", "mode"], 2)?;
    let p = path_of(vm, &a[0], "access")?;
    let mode = vm.arg_i64(&a[1])?;
    Ok(Value::Bool(posix::access(&p, mode as i32)))
}

fn chmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::os::unix::fs::PermissionsExt;
    let a = bind(vm, args, "chmod", &["path", "mode"], 2)?;
    let p = path_of(vm, &a[0], "chmod")?;
    let mode = vm.arg_i64(&a[1])?;
    let perms = std::fs::Permissions::from_mode(mode as u32);
    io_result(std::fs::set_permissions(&p, perms), &p)?;
    Ok(Value::None)
}

fn readlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, args, "readlink", &["path", "dir_fd"], 1)?;
    let p = path_of(vm, &a[0], "readlink")?;
    let t = io_result(std::fs::read_link(&p), &p)?;
    Ok(Value::str(t.to_string_lossy().into_owned()))
}

fn two_paths(vm: &mut Vm, args: Args, fname: &str, names: [&str; 2]) -> PyResult<(String, String)> {
    let a = bind(vm, args, fname, &names, 2)?;
    Ok((path_of(vm, &a[0], fname)?, path_of(vm, &a[1], fname)?))
}

fn symlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (src, dst) = two_paths(vm, args, "symlink", ["src", "dst"])?;
    std::os::unix::fs::symlink(&src, &dst).map_err(|e| os_error2(&e, &src, &dst))?;
    Ok(Value::None)
}

fn link(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (src, dst) = two_paths(vm, args, "link", ["src", "dst"])?;
    std::fs::hard_link(&src, &dst).map_err(|e| os_error2(&e, &src, &dst))?;
    Ok(Value::None)
}

fn truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, args, "truncate", &["path", "length"], 2)?;
    let p = path_of(vm, &a[0], "truncate")?;
    let n = vm.arg_i64(&a[1])?;
    let f = io_result(std::fs::OpenOptions::new().write(true).open(&p), &p)?;
    io_result(f.set_len(n.max(0) as u64), &p)?;
    Ok(Value::None)
}

/// `os.utime(path, times=None)`: sets the access and modification times
/// (now, or the `(atime, mtime)` pair in seconds).
fn utime(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let ns = args.take_kw("ns");
    let a = bind(vm, args, "utime", &["path", "times"], 1)?;
    let p = path_of(vm, &a[0], "utime")?;
    let to_time =
        |secs: f64| std::time::UNIX_EPOCH + std::time::Duration::from_secs_f64(secs.max(0.0));
    let (at, mt) = match (a.get(1).filter(|v| !v.is_unbound() && !v.is_none()), ns) {
        (Some(t), _) => {
            let items = vm.collect(t)?;
            if items.len() != 2 {
                return Err(type_error(
                    "utime: 'times' must be either a tuple of two ints or None",
                ));
            }
            (
                to_time(vm.arg_f64(&items[0])?),
                to_time(vm.arg_f64(&items[1])?),
            )
        }
        (None, Some(n)) => {
            let items = vm.collect(&n)?;
            if items.len() != 2 {
                return Err(type_error("utime: 'ns' must be a tuple of two ints"));
            }
            let (x, y) = (vm.arg_f64(&items[0])?, vm.arg_f64(&items[1])?);
            (to_time(x / 1e9), to_time(y / 1e9))
        }
        (None, None) => {
            let now = std::time::SystemTime::now();
            (now, now)
        }
    };
    let f = io_result(
        std::fs::File::options()
            .write(true)
            .open(&p)
            .or_else(|_| std::fs::File::open(&p)),
        &p,
    )?;
    let times = std::fs::FileTimes::new().set_accessed(at).set_modified(mt);
    io_result(f.set_times(times), &p)?;
    Ok(Value::None)
}

fn umask(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("umask", 1, 1)?;
    let m = vm.arg_i64(&a[0])?;
    Ok(Value::Int(posix::umask(m as u32) as i64))
}

fn env_str(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<String> {
    match v.unwrap_base() {
        Value::Str(s) => Ok(s.as_str().to_string()),
        Value::Bytes(b) => Ok(String::from_utf8_lossy(&b.data).into_owned()),
        _ => Err(type_error(format!(
            "{fname}: expected str, bytes or os.PathLike object, not {}",
            vm.type_name(v)
        ))),
    }
}

/// Whether a variable name can go into the environment.
fn check_env_name(k: &str) -> PyResult<()> {
    if k.is_empty() || k.contains('=') {
        return Err(value_error("illegal environment variable name"));
    }
    if k.contains('\0') {
        return Err(value_error("embedded null byte"));
    }
    Ok(())
}

fn putenv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("putenv", 2, 2)?;
    let (k, v) = (env_str(vm, &a[0], "putenv")?, env_str(vm, &a[1], "putenv")?);
    check_env_name(&k)?;
    if v.contains('\0') {
        return Err(value_error("embedded null byte"));
    }
    std::env::set_var(k, v);
    Ok(Value::None)
}

fn unsetenv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("unsetenv", 1, 1)?;
    let k = env_str(vm, &a[0], "unsetenv")?;
    check_env_name(&k)?;
    std::env::remove_var(k);
    Ok(Value::None)
}

/// `os.system(command)`: runs it with `/bin/sh`, returns the wait status.
fn system(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::os::unix::process::ExitStatusExt;
    let a = bind(vm, args, "system", &["command"], 1)?;
    let cmd = match a[0].unwrap_base() {
        Value::Str(s) => s.as_str().to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(&b.data).into_owned(),
        _ => {
            return Err(type_error(format!(
                "system() argument 'command' must be str, not {}",
                vm.type_name(&a[0])
            )))
        }
    };
    let status = vm.gil.allow_threads(move || {
        std::process::Command::new("/bin/sh")
            .arg("-c")
            .arg(cmd)
            .status()
    });
    Ok(match status {
        Ok(s) => Value::Int(s.into_raw() as i64),
        Err(_) => Value::Int(127 << 8),
    })
}

fn strerror(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("strerror", 1, 1)?;
    let n = vm.arg_i64(&a[0])?;
    let mut text = std::io::Error::from_raw_os_error(n as i32).to_string();
    if let Some(i) = text.find(" (os error") {
        text.truncate(i);
    }
    Ok(Value::str(text))
}

fn isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("isatty", 1, 1)?;
    let fd = vm.arg_i64(&a[0])?;
    Ok(Value::Bool(posix::isatty(fd as i32)))
}

/// `os._exit(n)`: ends the process at once (no cleanup, buffers dropped).
fn exit_now(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("_exit", 1, 1)?;
    let n = vm.arg_i64(&a[0])?;
    std::process::exit(n as i32)
}

/// One entry as `scandir_entries` reads it (see there).
type ScandirEntry = (String, bool, bool, bool, u64);

/// `(name, is_dir, is_file, is_symlink, inode)` for each entry of a
/// directory: what `os.scandir`'s entries know without a `stat` call.
fn scandir_entries(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::os::unix::fs::DirEntryExt;
    let a = args.positional("scandir", 0, 1)?;
    let p = match a.first() {
        Some(v) if !v.is_none() => path_of_kinds(
            vm,
            v,
            "scandir",
            "string, bytes, os.PathLike, integer or None",
        )?,
        _ => ".".into(),
    };
    let p2 = p.clone();
    let read = vm
        .gil
        .allow_threads(move || -> std::io::Result<Vec<ScandirEntry>> {
            let mut out = Vec::new();
            for e in std::fs::read_dir(&p2)? {
                let e = e?;
                let t = e.file_type()?;
                out.push((
                    e.file_name().to_string_lossy().into_owned(),
                    t.is_dir(),
                    t.is_file(),
                    t.is_symlink(),
                    e.ino(),
                ));
            }
            Ok(out)
        });
    let entries = io_result(read, &p)?;
    Ok(Value::list(
        entries
            .into_iter()
            .map(|(n, d, f, l, ino)| {
                Value::tuple(vec![
                    Value::str(n),
                    Value::Bool(d),
                    Value::Bool(f),
                    Value::Bool(l),
                    Value::from(ino as usize),
                ])
            })
            .collect(),
    ))
}

fn getcwd(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    let d = io_result(std::env::current_dir(), ".")?;
    Ok(Value::str(d.display().to_string()))
}

fn listdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("listdir", 0, 1)?;
    let p = match a.first() {
        Some(v) if !v.is_none() => path_of_kinds(
            vm,
            v,
            "listdir",
            "string, bytes, os.PathLike, integer or None",
        )?,
        _ => ".".into(),
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
    use std::os::unix::fs::DirBuilderExt;
    let a = bind(vm, args, "mkdir", &["path", "mode", "dir_fd"], 1)?;
    let p = path_of(vm, &a[0], "mkdir")?;
    let mode = match a.get(1) {
        Some(v) if !v.is_unbound() => vm.arg_i64(v)? as u32,
        _ => 0o777,
    };
    io_result(std::fs::DirBuilder::new().mode(mode).create(&p), &p)?;
    Ok(Value::None)
}

fn rmdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    one_path(vm, args, "rmdir", |p| std::fs::remove_dir(p))
}

fn rename(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (p, q) = two_paths(vm, args, "rename", ["src", "dst"])?;
    std::fs::rename(&p, &q).map_err(|e| os_error2(&e, &p, &q))?;
    Ok(Value::None)
}

fn urandom(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("urandom", 1, 1)?;
    let n = vm.arg_i64(&a[0])?;
    if n < 0 {
        return Err(value_error("negative argument not allowed"));
    }
    let n = n as usize;
    let mut buf = vec![0u8; n];
    let r = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut buf));
    io_result(r, "/dev/urandom")?;
    Ok(Value::Bytes(crate::objects::BytesObj::new(buf)))
}
