//! The algorithmic cores of standard-library modules, free of interpreter
//! objects so that they can be tested on their own.

pub mod random_core;
