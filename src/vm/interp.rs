//! State shared by every thread of one interpreter: the built-in types,
//! builtins, loaded modules, interned names and configuration.
//!
//! Each thread holds an `Rc<Interp>`; like every object it is touched only
//! under the GIL.

use crate::gil::{GilCell, GilLock};
use crate::objects::{Class, DictObj, ExcKind, Module, StrObj};
use std::cell::Cell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

/// Command-line settings the program (and child processes) can see.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `sys.argv`
    pub argv: Vec<String>,
    /// Directory searched by `import` for `.mini` / `.py` modules.
    pub main_dir: Option<PathBuf>,
    /// The script path as given (None for `-c` / stdin / REPL).
    pub script: Option<PathBuf>,
    /// Extra flags forwarded to child interpreters (multiprocessing).
    pub child_flags: Vec<String>,
}

pub struct Interp {
    pub types: Types,
    pub names: Names,
    pub builtins: Rc<DictObj>,
    pub builtins_module: Rc<Module>,
    /// `sys.modules`
    pub modules: Rc<DictObj>,
    pub interned: GilCell<HashMap<Box<str>, Rc<StrObj>>>,
    pub recursion_limit: Cell<usize>,
    pub config: Config,
    pub gil: &'static GilLock,
    /// One-character ASCII strings, shared (as CPython caches them).
    pub ascii_chars: Vec<Rc<StrObj>>,
    /// Compiled modules to hand to multiprocessing children, or handed
    /// down by the parent (see `precompiled.rs`).
    pub precompiled: GilCell<super::precompiled::Precompiled>,
    /// Types the runtime makes on first use (`traceback`, `frame`), by name.
    pub lazy_types: GilCell<HashMap<&'static str, Rc<Class>>>,
}

/// The built-in types, as class objects.
pub struct Types {
    pub object: Rc<Class>,
    pub type_: Rc<Class>,
    pub int: Rc<Class>,
    pub bool_: Rc<Class>,
    pub float: Rc<Class>,
    pub str_: Rc<Class>,
    pub bytes: Rc<Class>,
    pub list: Rc<Class>,
    pub tuple: Rc<Class>,
    pub dict: Rc<Class>,
    pub set: Rc<Class>,
    pub frozenset: Rc<Class>,
    pub range: Rc<Class>,
    pub slice: Rc<Class>,
    pub function: Rc<Class>,
    pub builtin_function: Rc<Class>,
    pub method: Rc<Class>,
    pub none_type: Rc<Class>,
    pub not_implemented_type: Rc<Class>,
    pub ellipsis_type: Rc<Class>,
    pub module: Rc<Class>,
    pub generator: Rc<Class>,
    pub code: Rc<Class>,
    pub cell: Rc<Class>,
    pub property: Rc<Class>,
    pub staticmethod: Rc<Class>,
    pub classmethod: Rc<Class>,
    pub super_: Rc<Class>,
    pub dict_keys: Rc<Class>,
    pub dict_values: Rc<Class>,
    pub dict_items: Rc<Class>,
    /// File objects (`open()`, `sys.stdout`).
    pub file: Rc<Class>,
    /// `enumerate`, `zip`, `list_iterator`, ... by type name.
    pub iterators: HashMap<&'static str, Rc<Class>>,
    /// Indexed by `ExcKind::index()`.
    pub exceptions: Vec<Rc<Class>>,
}

impl Types {
    pub fn exc(&self, kind: ExcKind) -> &Rc<Class> {
        &self.exceptions[kind.index()]
    }
}

macro_rules! names {
    ($( $field:ident ),* $(,)?) => {
        /// Interned identifiers the VM looks up itself (dunder methods, ...).
        pub struct Names { $( pub $field: Rc<StrObj>, )* }

        impl Names {
            pub fn new(intern: &mut dyn FnMut(&str) -> Rc<StrObj>) -> Names {
                Names { $( $field: intern(stringify!($field)), )* }
            }
        }
    };
}

names! {
    __init__, __new__, __repr__, __str__, __format__, __hash__, __bool__, __len__,
    __eq__, __ne__, __lt__, __le__, __gt__, __ge__,
    __getitem__, __setitem__, __delitem__, __contains__, __missing__,
    __iter__, __next__, __reversed__, __call__, __enter__, __exit__,
    __getattr__, __setattr__, __delattr__, __get__, __set__, __delete__,
    __add__, __sub__, __mul__, __truediv__, __floordiv__, __mod__, __pow__, __matmul__,
    __lshift__, __rshift__, __and__, __or__, __xor__,
    __radd__, __rsub__, __rmul__, __rtruediv__, __rfloordiv__, __rmod__, __rpow__, __rmatmul__,
    __rlshift__, __rrshift__, __rand__, __ror__, __rxor__,
    __iadd__, __isub__, __imul__, __itruediv__, __ifloordiv__, __imod__, __ipow__, __imatmul__,
    __ilshift__, __irshift__, __iand__, __ior__, __ixor__,
    __neg__, __pos__, __invert__, __abs__, __index__, __int__, __float__, __round__,
    __name__, __qualname__, __module__, __doc__, __class__, __dict__, __file__,
    __builtins__, __main__, __slots__, __init_subclass__, __set_name__, __all__,
    __spec__, __package__, __annotations__, __cause__, __context__, __traceback__,
    __suppress_context__, __mro__, __bases__, __base__, __self__, __func__, __wrapped__,
    __defaults__, __kwdefaults__, __code__, __closure__, __globals__,
    args, send, throw, close,
}
