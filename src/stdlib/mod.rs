//! Standard-library modules written in mini itself (the Python subset),
//! compiled into the binary and imported like files.

/// The source of a library module, by name.
pub fn source(name: &str) -> Option<&'static str> {
    Some(match name {
        "threading" => include_str!("threading.py"),
        "queue" => include_str!("queue.py"),
        _ => return None,
    })
}
