//! Object-model building blocks that must behave exactly like CPython's:
//! hashing of the built-in value types and the table behind `set`.

pub mod hash;
pub mod set_table;
