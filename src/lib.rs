//! mini: a small Python-subset bytecode runtime with a real global interpreter lock.
#![deny(unsafe_code)]

pub mod format;
pub mod modules;
pub mod objects;
pub mod syntax;
