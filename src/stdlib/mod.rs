//! Standard-library modules written in mini itself (the Python subset),
//! compiled into the binary and imported like files.

/// The source of a library module, by name.
pub fn source(name: &str) -> Option<&'static str> {
    Some(match name {
        "threading" => include_str!("threading.py"),
        "queue" => include_str!("queue.py"),
        "atexit" => include_str!("atexit.py"),
        "os" => include_str!("os.py"),
        "posixpath" => include_str!("posixpath.py"),
        "stat" => include_str!("stat.py"),
        "operator" => include_str!("operator.py"),
        "traceback" => include_str!("traceback.py"),
        "multiprocessing" => include_str!("multiprocessing/__init__.py"),
        "multiprocessing.process" => include_str!("multiprocessing/process.py"),
        "multiprocessing.context" => include_str!("multiprocessing/context.py"),
        "multiprocessing.connection" => include_str!("multiprocessing/connection.py"),
        "multiprocessing.queues" => include_str!("multiprocessing/queues.py"),
        "multiprocessing.synchronize" => include_str!("multiprocessing/synchronize.py"),
        "multiprocessing.sharedctypes" => include_str!("multiprocessing/sharedctypes.py"),
        "multiprocessing.pool" => include_str!("multiprocessing/pool.py"),
        "concurrent" => include_str!("concurrent/__init__.py"),
        "concurrent.futures" => include_str!("concurrent/futures/__init__.py"),
        "concurrent.futures._base" => include_str!("concurrent/futures/_base.py"),
        "concurrent.futures.thread" => include_str!("concurrent/futures/thread.py"),
        "concurrent.futures.process" => include_str!("concurrent/futures/process.py"),
        _ => return None,
    })
}
