//! Iterators implemented in Rust: over the built-in containers, and the
//! lazy builtins (`enumerate`, `zip`, `map`, `filter`, `reversed`, ...).

use super::{DictObj, ListObj, SetObj, StrObj, TupleObj, Value, ViewKind};
use crate::gil::GilCell;
use std::rc::Rc;

pub struct NativeIter {
    pub state: GilCell<IterState>,
}

impl NativeIter {
    pub fn new(state: IterState) -> Rc<NativeIter> {
        Rc::new(NativeIter {
            state: GilCell::new(state),
        })
    }
}

pub enum IterState {
    List {
        list: Rc<ListObj>,
        index: usize,
    },
    ListReversed {
        list: Rc<ListObj>,
        /// Next index plus one (0: exhausted).
        index: usize,
    },
    Tuple {
        tuple: Rc<TupleObj>,
        index: usize,
    },
    Str {
        s: Rc<StrObj>,
        /// Byte offset of the next character.
        pos: usize,
    },
    Bytes {
        b: Rc<super::BytesObj>,
        index: usize,
    },
    Range {
        next: i64,
        step: i64,
        remaining: usize,
    },
    /// A range beyond machine words.
    LongRange {
        next: num_bigint::BigInt,
        step: num_bigint::BigInt,
        remaining: num_bigint::BigInt,
    },
    Dict {
        dict: Rc<DictObj>,
        kind: ViewKind,
        pos: usize,
        /// Length and keys version at creation, to detect changes.
        len: usize,
        keys_version: u64,
    },
    Set {
        set: Rc<SetObj>,
        slot: usize,
        len: usize,
    },
    Enumerate {
        iter: Value,
        count: Value,
    },
    Zip {
        iters: Vec<Value>,
        strict: bool,
    },
    Map {
        func: Value,
        iters: Vec<Value>,
    },
    Filter {
        func: Value,
        iter: Value,
    },
    /// `reversed()` / iteration over a value with `__getitem__` and `__len__`.
    SeqReversed {
        seq: Value,
        index: i64,
    },
    /// Iteration over a value that has `__getitem__` but no `__iter__`.
    SeqForward {
        seq: Value,
        index: i64,
    },
    /// `iter(callable, sentinel)`
    Callable {
        func: Value,
        sentinel: Value,
    },
    Exhausted,
}

impl IterState {
    /// The Python type name of this iterator (`type(it).__name__`).
    pub fn type_name(&self) -> &'static str {
        match self {
            IterState::List { .. } => "list_iterator",
            IterState::ListReversed { .. } => "list_reverseiterator",
            IterState::Tuple { .. } => "tuple_iterator",
            IterState::Str { s, .. } if s.is_ascii() => "str_ascii_iterator",
            IterState::Str { .. } => "str_iterator",
            IterState::Bytes { .. } => "bytes_iterator",
            IterState::Range { .. } => "range_iterator",
            IterState::LongRange { .. } => "longrange_iterator",
            IterState::Dict { kind, .. } => match kind {
                ViewKind::Keys => "dict_keyiterator",
                ViewKind::Values => "dict_valueiterator",
                ViewKind::Items => "dict_itemiterator",
            },
            IterState::Set { .. } => "set_iterator",
            IterState::Enumerate { .. } => "enumerate",
            IterState::Zip { .. } => "zip",
            IterState::Map { .. } => "map",
            IterState::Filter { .. } => "filter",
            IterState::SeqReversed { .. } => "reversed",
            IterState::SeqForward { .. } => "iterator",
            IterState::Callable { .. } => "callable_iterator",
            IterState::Exhausted => "iterator",
        }
    }
}
