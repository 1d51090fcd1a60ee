//! Helpers shared by the tests.

use crate::syntax::{parse_module, render_syntax_error};

/// The error CPython would print for `source` in a file named `t.py`.
pub fn rendered(source: &str) -> String {
    match parse_module(source) {
        Ok(_) => "OK\n".to_string(),
        Err(e) => render_syntax_error("t.py", source, &e),
    }
}
