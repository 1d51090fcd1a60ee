//! The child side of a spawn (`mini --multiprocessing-child`): read the
//! start-up data from stdin (format in `spawn.rs`), watch the parent,
//! run the parent's main script as `__mp_main__`, rebuild the process
//! object and run it.

use super::inherit;
use super::spawn::MAGIC;
use crate::gil::GilLock;
use crate::objects::Value;
use crate::serial;
use crate::vm::boot::{new_main_vm, Outcome};
use crate::vm::Config;
use std::io::Read;
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// True while the child runs its parent's main script: starting a process
/// then is the classic missing `if __name__ == "__main__":` mistake.
pub static BOOTSTRAPPING: AtomicBool = AtomicBool::new(false);

struct StartUp {
    main_path: String,
    main_dir: String,
    name: String,
    argv: Vec<String>,
    fds: Vec<i32>,
    blob: Vec<u8>,
    /// The parent's compiled modules.
    code: Vec<u8>,
}

fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn read_start_up(r: &mut impl Read) -> std::io::Result<StartUp> {
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "bad start-up data");
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic)?;
    if &magic != MAGIC {
        return Err(bad());
    }
    let n = read_u32(r)? as usize;
    let mut strings = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        let len = read_u32(r)? as usize;
        let mut s = vec![0u8; len];
        r.read_exact(&mut s)?;
        strings.push(String::from_utf8(s).map_err(|_| bad())?);
    }
    if strings.len() < 3 {
        return Err(bad());
    }
    let nfds = read_u32(r)? as usize;
    let mut fds = Vec::with_capacity(nfds.min(1024));
    for _ in 0..nfds {
        fds.push(read_u32(r)? as i32);
    }
    let blob = read_payload(r)?;
    let code = read_payload(r)?;
    let mut it = strings.into_iter();
    let main_path = it.next().unwrap_or_default();
    let main_dir = it.next().unwrap_or_default();
    let name = it.next().unwrap_or_default();
    Ok(StartUp {
        main_path,
        main_dir,
        name,
        argv: it.collect(),
        fds,
        blob,
        code,
    })
}

/// A u64 length, then that many bytes.
fn read_payload(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let len = usize::try_from(u64::from_le_bytes(len))
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "bad length"))?;
    let mut data = Vec::new();
    r.take(len as u64).read_to_end(&mut data)?;
    if data.len() != len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(data)
}

/// Exits this process when the parent's end of the start-up pipe closes:
/// the parent died without stopping us.
fn watch_parent(lifeline: std::os::fd::OwnedFd) {
    let _ = std::thread::Builder::new()
        .name("mini-lifeline".into())
        .spawn(move || {
            let mut f = std::fs::File::from(lifeline);
            let mut buf = [0u8; 64];
            while matches!(f.read(&mut buf), Ok(n) if n > 0) {}
            let (me, _) = crate::unsafety::ipc::pids();
            let _ = crate::unsafety::ipc::kill(me, libc::SIGTERM);
        });
}

/// Runs a child process to its end; returns its outcome.
pub fn run(gil: &'static GilLock) -> Outcome {
    let start = {
        let stdin = std::io::stdin();
        let mut lock = stdin.lock();
        match read_start_up(&mut lock) {
            Ok(s) => s,
            Err(e) => {
                crate::stdio::stderr_write(&format!(
                    "mini: --multiprocessing-child is for mini's own use ({e})\n"
                ));
                return Outcome::Exit(2);
            }
        }
    };
    if let Ok(lifeline) = std::io::stdin().as_fd().try_clone_to_owned() {
        watch_parent(lifeline);
    }
    let _ = crate::unsafety::ipc::stdin_to_devnull();
    inherit::set_inherited(&start.fds);

    let config = Config {
        argv: start.argv.clone(),
        main_dir: (!start.main_dir.is_empty()).then(|| PathBuf::from(&start.main_dir)),
        script: (!start.main_path.is_empty()).then(|| PathBuf::from(&start.main_path)),
        ..Config::default()
    };
    let mut vm = new_main_vm(config, gil);
    vm.adopt_precompiled(&start.code, &start.main_path);
    let r = (|| {
        BOOTSTRAPPING.store(true, Ordering::SeqCst);
        let ran = vm.run_as_mp_main(&start.main_path);
        BOOTSTRAPPING.store(false, Ordering::SeqCst);
        ran?;
        let process = serial::loads(&mut vm, &start.blob)?;
        let name = vm.intern("_bootstrap");
        let f = vm.getattr(&process, &name)?;
        vm.call0(&f)
    })();
    let _ = start.name;
    match r {
        Ok(code) => {
            let code = match code {
                Value::Int(c) => c as i32,
                _ => 0,
            };
            match vm.finish(Ok(())) {
                Outcome::Exit(0) => Outcome::Exit(code),
                other => other,
            }
        }
        Err(e) => vm.finish(Err(e)),
    }
}
