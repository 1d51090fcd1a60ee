//! mini: a small Python-subset bytecode runtime with a real global interpreter lock.
//!
//! The pipeline, one module per stage: `syntax` (source to AST), `compiler`
//! (AST to bytecode), `vm` (running bytecode), with `objects` (the runtime
//! values), `modules` (built-in modules) and `gil` (the lock itself).
#![deny(unsafe_code)]

pub mod cli;
pub mod compiler;
pub mod embed;
pub mod format;
pub mod gil;
pub mod modules;
pub mod objects;
pub mod serial;
pub mod signals;
pub mod stdio;
pub mod stdlib;
pub mod syntax;
pub mod unsafety;
pub mod vm;

pub use embed::{run_source, Interpreter};
