//! The bytecode: one instruction enum, and the code object the compiler
//! produces (plain data, independent of the runtime; `vm/loader.rs` turns it
//! into a runtime `Code` with interned names and constant values).
//!
//! The VM is a stack machine. Each instruction's comment gives its stack
//! effect, top of stack on the right: `a b -- c` pops `b` then `a`, pushes `c`.
//! Operands are decoded once, by the compiler, into the enum's fields.

use num_bigint::BigInt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instr {
    Nop,

    // ---- stack shuffling
    /// `a --`
    Pop,
    /// `a -- a a`
    Dup,
    /// `a b -- a b a b`
    Dup2,
    /// `a b -- b a`
    Rot2,
    /// `a b c -- c a b`
    Rot3,
    /// `a b c d -- d a b c`
    Rot4,
    /// `.. x(n-th from top, 1-based) .. -- .. x .. x`
    Copy(u32),

    // ---- names
    /// `-- consts[i]`
    LoadConst(u32),
    /// `-- locals[i]` (UnboundLocalError if empty)
    LoadFast(u32),
    /// `v --` into `locals[i]`
    StoreFast(u32),
    DeleteFast(u32),
    /// `-- cell.value` for the cell in slot i (cell or free variable)
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    /// `-- cell` (the cell object itself, to build a closure)
    LoadClosure(u32),
    /// In a class body: `-- v` from the class namespace, else from cell slot i.
    /// Operand: slot; the name is the slot's variable name.
    LoadClassDeref(u32),
    /// Turns the value in slot i into a cell holding it (function entry).
    MakeCell(u32),
    /// Copies the function's n closure cells into the last n slots (function entry).
    CopyFreeVars(u32),
    /// `-- globals[names[i]]` or builtins; cached per name.
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Class bodies and module-level `exec`: the local namespace dict, then globals.
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),

    // ---- attributes and items
    /// `obj -- obj.names[i]`
    LoadAttr(u32),
    /// `v obj --` sets `obj.names[i] = v`
    StoreAttr(u32),
    /// `obj --`
    DeleteAttr(u32),
    /// `obj -- meth obj` when `obj.name` is a plain method (no bound-method
    /// object is made), else `obj -- Unbound attr`. Paired with `CallMethod`.
    LoadMethod(u32),
    /// `obj key -- obj[key]`
    BinarySubscr,
    /// `v obj key --`
    StoreSubscr,
    /// `obj key --`
    DeleteSubscr,
    /// `start stop -- slice` (n=2) or `start stop step -- slice` (n=3)
    BuildSlice(u32),

    // ---- operators: `a b -- a op b`; in-place forms try `__iadd__` etc. first
    Add,
    Sub,
    Mul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    MatMul,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
    InplaceAdd,
    InplaceSub,
    InplaceMul,
    InplaceTrueDiv,
    InplaceFloorDiv,
    InplaceMod,
    InplacePow,
    InplaceMatMul,
    InplaceLShift,
    InplaceRShift,
    InplaceBitAnd,
    InplaceBitOr,
    InplaceBitXor,
    /// `a -- op a`
    Neg,
    Pos,
    Not,
    Invert,
    /// Comparisons `a b -- bool-ish`
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
    In,
    NotIn,
    Is,
    IsNot,

    // ---- control flow (operands are instruction indices)
    Jump(u32),
    /// A jump to an earlier instruction: a switch point (the eval breaker is checked).
    JumpBackward(u32),
    /// `v --`, jump if v is false
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    /// `v -- v` and jump if false, else `v --`
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    /// `obj -- iter(obj)`
    GetIter,
    /// `iter -- iter next` or, when exhausted, `iter --` and jump.
    ForIter(u32),

    // ---- building values
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// `k1 v1 .. kn vn -- dict`
    BuildMap(u32),
    /// `s1 .. sn -- s1+..+sn` (f-strings)
    BuildString(u32),
    /// `coll(n-th below top) .. v --` appends v (comprehensions)
    ListAppend(u32),
    SetAdd(u32),
    /// `.. k v --` sets `dict[k] = v`
    MapAdd(u32),
    /// `list .. iterable --` extends the list n below (`[*a, *b]`)
    ListExtend(u32),
    SetUpdate(u32),
    /// `dict .. mapping --` (`{**a}`)
    DictUpdate(u32),
    /// Like DictUpdate, but duplicate keys are a TypeError (`f(**a, **b)`).
    DictMerge(u32),
    /// `list -- tuple`
    ListToTuple,
    /// `v -- str` or `v spec -- str`: operand bits 0-1 conversion (0 none,
    /// 1 str, 2 repr, 3 ascii), bit 2 has-spec.
    FormatValue(u32),
    /// `seq -- v(n-1) .. v0` (v0 on top)
    UnpackSequence(u32),
    /// `a, *b, c = seq`: operand = before | (after << 8)
    UnpackEx(u32),

    // ---- calls and functions
    /// `f a1 .. an -- result`
    Call(u32),
    /// `meth self a1 .. an -- result` or `Unbound f a1 .. an -- result`
    CallMethod(u32),
    /// `f a1 .. an names -- result`: the last `len(names)` arguments are
    /// keyword arguments named by the constant tuple `names`.
    CallKw(u32),
    /// `f args(tuple) -- result` or, with operand 1, `f args kwargs(dict) -- result`
    CallEx(u32),
    /// `[defaults] [kwdefaults] [closure] code -- function`;
    /// operand bits: 1 defaults tuple, 2 kwdefaults dict, 4 closure tuple.
    MakeFunction(u32),
    /// `v --` returns v from the frame
    Return,

    // ---- generators
    /// `v -- sent`: suspends the generator, handing v to the caller.
    YieldValue,
    /// `obj -- iter`: `iter(obj)`, keeping generators as they are.
    GetYieldFromIter,
    /// `iter sent -- iter v` and run the next instruction (a YieldValue,
    /// then JumpBackward here) while the sub-iterator yields; when it
    /// returns: `iter sent -- result` and jump to the operand.
    Send(u32),

    // ---- exceptions
    /// Operand 0: re-raise the exception being handled; 1: `exc --` raise;
    /// 2: `exc cause --` raise from.
    Raise(u32),
    /// `exc --` re-raise after a cleanup block, keeping its traceback.
    Reraise,
    /// `exc -- prev exc`: make exc the one being handled, saving the previous.
    PushExcInfo,
    /// `prev --` restore the previously handled exception.
    PopExcept,
    /// `exc type -- exc bool` (`except type:` test)
    CheckExcMatch,
    /// `-- AssertionError`
    LoadAssertionError,
    /// `mgr -- exit enter_result`: calls `__enter__`, keeps bound `__exit__`.
    BeforeWith,
    /// `exit prev exc -- exit prev exc result`: calls `exit(type, exc, tb)`.
    WithExceptStart,

    // ---- modules and classes
    /// `-- module`: imports `names[i]` (a dotted name; pushes the top package
    /// for `import a.b`, unless operand says `from` import, see compiler).
    ImportName(u32),
    /// `module -- module attr`
    ImportFrom(u32),
    /// `module --` copies public names into the namespace
    ImportStar,
    /// `-- __build_class__`
    LoadBuildClass,
    /// `v --` prints repr(v) if not None (the REPL)
    PrintExpr,
    /// `dict key value -- dict` sets `__annotations__`-style entries (class and
    /// module level annotations are evaluated and dropped: `v --`).
    PopAnnotation,

    // ---- superinstructions (see `fuse.rs`): each does the work of the
    // instruction it replaces *and* of the one after it, then skips that
    // one, which stays in place (jumps may still land on it).
    /// LoadFast(a); LoadFast(b)
    LoadFastLoadFast(u16, u16),
    /// LoadFast(a); LoadConst(c)
    LoadFastLoadConst(u16, u16),
    /// LoadConst(c); LoadFast(a)
    LoadConstLoadFast(u16, u16),
    /// StoreFast(a); LoadFast(b)
    StoreFastLoadFast(u16, u16),
    /// StoreFast(a); StoreFast(b)
    StoreFastStoreFast(u16, u16),
    /// A comparison followed by PopJumpIfFalse(target)
    CompareJumpIfFalse(CmpKind, u32),
    /// LoadConst(c); an arithmetic instruction
    BinaryConst(ArithKind, u32),
    /// LoadFast(a); LoadAttr(n)
    LoadFastLoadAttr(u16, u16),
    /// LoadFast(a); LoadMethod(n)
    LoadFastLoadMethod(u16, u16),
    /// LoadFast(a); StoreAttr(n)
    LoadFastStoreAttr(u16, u16),
    /// Is (false) or IsNot (true), then PopJumpIfFalse(target)
    IsJumpIfFalse(bool, u32),
}

// Instructions are copied on every dispatch: keep them one word.
const _: () = assert!(std::mem::size_of::<Instr>() == 8);

impl Instr {
    /// The instruction index this one may jump to.
    pub fn jump_target(self) -> Option<u32> {
        match self {
            Instr::Jump(t)
            | Instr::JumpBackward(t)
            | Instr::PopJumpIfFalse(t)
            | Instr::PopJumpIfTrue(t)
            | Instr::JumpIfFalseOrPop(t)
            | Instr::JumpIfTrueOrPop(t)
            | Instr::ForIter(t)
            | Instr::Send(t)
            | Instr::CompareJumpIfFalse(_, t)
            | Instr::IsJumpIfFalse(_, t) => Some(t),
            _ => None,
        }
    }
}

/// The comparison of a `CompareJumpIfFalse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpKind {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

/// The operator of a `BinaryConst`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithKind {
    Add,
    Sub,
    Mul,
    InplaceAdd,
    InplaceSub,
}

/// A source position: lines are 1-based, columns are 0-based UTF-8 byte
/// offsets from the start of the line (as CPython's `co_positions`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub end_line: u32,
    pub col: u32,
    pub end_col: u32,
}

/// One row of a code object's exception table: an exception raised by an
/// instruction in `start..end` jumps to `target` after cutting the operand
/// stack down to `depth` values and pushing the exception. With `lasti`, the
/// offset of the raising instruction is pushed first (used by `with`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExcEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

/// Code flags, as CPython's `co_flags` bits where they exist.
pub mod flags {
    pub const VARARGS: u32 = 0x04;
    pub const VARKEYWORDS: u32 = 0x08;
    pub const NESTED: u32 = 0x10;
    pub const GENERATOR: u32 = 0x20;
    /// Module or class body: names are resolved through a namespace.
    pub const NAMESPACE: u32 = 0x1000;
}

/// A compile-time constant.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    None,
    Bool(bool),
    Int(i64),
    BigInt(BigInt),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Ellipsis,
    Tuple(Vec<Const>),
    /// A set display of three or more constants becomes a frozenset
    /// constant merged into an empty set, as CPython compiles it (which
    /// decides the order the set iterates in).
    FrozenSet(Vec<Const>),
    Code(Box<CodeObject>),
}

/// What the compiler produces for a module, function, class body,
/// comprehension or lambda.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeObject {
    pub name: String,
    pub qualname: String,
    pub filename: String,
    pub first_line: u32,
    pub instrs: Vec<Instr>,
    /// One per instruction.
    pub positions: Vec<Position>,
    pub consts: Vec<Const>,
    /// Names used by global/attribute/import instructions.
    pub names: Vec<String>,
    /// Local variables: the parameters first, in order (positional,
    /// keyword-only, then `*args`, `**kwargs`), then other locals.
    pub varnames: Vec<String>,
    /// Locals captured by nested functions (their slots follow varnames).
    pub cellvars: Vec<String>,
    /// Variables captured from enclosing functions (slots after cellvars).
    pub freevars: Vec<String>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    pub exc_table: Vec<ExcEntry>,
}

impl CodeObject {
    /// Total number of frame slots: locals, then cells, then free variables.
    pub fn nslots(&self) -> usize {
        self.varnames.len() + self.cellvars.len() + self.freevars.len()
    }
}
