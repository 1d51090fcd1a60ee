//! Runtime code objects: the compiler's `CodeObject` with its names interned
//! and its constants turned into values, plus the inline caches the VM fills.

use super::{StrObj, Value};
use crate::compiler::bytecode::{ExcEntry, Instr, Position};
use std::cell::Cell;
use std::rc::Rc;

pub type CodeRef = Rc<Code>;

pub struct Code {
    pub name: Rc<StrObj>,
    pub qualname: Rc<StrObj>,
    pub filename: Rc<str>,
    /// The source text, for traceback lines (None for `-c` and stdin, where
    /// CPython prints no source lines either).
    pub source: Option<Rc<str>>,
    pub first_line: u32,
    pub instrs: Box<[Instr]>,
    pub positions: Box<[Position]>,
    pub consts: Box<[Value]>,
    pub names: Box<[Rc<StrObj>]>,
    /// Names of all frame slots: locals, cells, free variables.
    pub slot_names: Box<[Rc<StrObj>]>,
    pub nlocals: u32,
    pub nfree: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    /// Positional parameters only and not a generator: a call with exactly
    /// `argcount` positional arguments needs no argument binding at all.
    pub fast_call: bool,
    pub exc_table: Box<[ExcEntry]>,
    /// One cache per entry of `names`, used by `LoadGlobal`/`StoreGlobal`.
    pub global_cache: Box<[Cell<GlobalCache>]>,
    /// One cache per entry of `names`, used by `LoadAttr`/`StoreAttr`/`LoadMethod`.
    pub attr_cache: Box<[Cell<AttrCache>]>,
}

impl Code {
    pub fn nslots(&self) -> usize {
        self.slot_names.len()
    }

    pub fn has_flag(&self, f: u32) -> bool {
        self.flags & f != 0
    }

    /// The source position of instruction `ip`.
    pub fn position(&self, ip: usize) -> Position {
        self.positions.get(ip).copied().unwrap_or_default()
    }

    /// The exception handler covering instruction `ip`, if any.
    pub fn handler_for(&self, ip: u32) -> Option<&ExcEntry> {
        self.exc_table.iter().find(|e| e.start <= ip && ip < e.end)
    }
}

/// Where a global name was last found: the entry position in the globals
/// (or builtins) dict, valid while that dict's keys version is unchanged.
#[derive(Clone, Copy)]
pub struct GlobalCache {
    /// `u64::MAX` until filled (no dict ever reaches that version).
    pub globals_version: u64,
    /// Entry position in globals, or `u32::MAX` if the name is a builtin.
    pub globals_pos: u32,
    pub builtins_pos: u32,
    pub builtins_version: u64,
}

impl Default for GlobalCache {
    fn default() -> Self {
        GlobalCache {
            globals_version: u64::MAX,
            globals_pos: u32::MAX,
            builtins_pos: 0,
            builtins_version: u64::MAX,
        }
    }
}

/// What the attribute instructions naming `names[i]` last saw, all of it
/// checked on use, so it needs no invalidation:
///
/// * `dict_pos`: where the name was in an instance dict. The entry at that
///   position must still have that very name object as its key. Instances
///   of a class usually get their attributes in the same order, so their
///   dicts agree on positions.
/// * `class`, `epoch`, `depth`, `pos`: what the class at address `class`
///   has under the name, valid while the class epoch is `epoch` (see
///   `class::epoch`): nothing (`depth == ABSENT`), or a plain function at
///   `class.value_at(depth, pos)`. Other class attributes are not cached.
#[derive(Clone, Copy)]
pub struct AttrCache {
    pub class: usize,
    pub epoch: u64,
    pub depth: u32,
    pub pos: u32,
    pub dict_pos: u32,
}

impl AttrCache {
    pub const ABSENT: u32 = u32::MAX;
}

impl Default for AttrCache {
    fn default() -> Self {
        AttrCache {
            class: 0,
            // No epoch is 0.
            epoch: 0,
            depth: AttrCache::ABSENT,
            pos: 0,
            dict_pos: 0,
        }
    }
}
