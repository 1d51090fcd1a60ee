//! Code objects by value: the inline part of a [`CODE`](super::format::CODE)
//! operation, and the instruction codec.
//!
//! Every `Instr` variant is listed once in the table below, with the kind of
//! each operand. The table gives the opcode numbers (table order), the
//! encoder and the decoder, and the validation a decoded instruction must
//! pass: an operand that indexes the constants, names or frame slots must be
//! in range, and a jump target must be an instruction. The encoder's `match`
//! is exhaustive, so a new `Instr` variant does not compile until it is
//! added here. A fingerprint of the table travels with every code object,
//! so a payload from a build with a different instruction set is refused
//! rather than misread.
//!
//! What validation cannot check is stack discipline: a corrupt code object
//! whose operands are all in range may still misbehave when *called*. The
//! format is meant for payloads produced by `dumps` of the same build, as
//! pickle is (see docs/serialization.md).

use super::format::{put_bytes, put_ivarint, put_uvarint, Corrupt, Reader};
use crate::compiler::bytecode::{flags, ArithKind, CmpKind, ExcEntry, Instr, Position};
use crate::objects::code::{AttrCache, GlobalCache};
use crate::objects::{Code, StrObj, Value};
use crate::vm::Vm;
use std::cell::Cell;
use std::rc::Rc;

/// Sizes a decoded instruction's operands are checked against.
struct Limits {
    consts: usize,
    names: usize,
    slots: usize,
    instrs: usize,
}

/// How one kind of operand is written, read and checked.
trait Operand {
    type T: Copy;
    fn put(v: Self::T, out: &mut Vec<u8>);
    fn get(r: &mut Reader) -> Result<Self::T, Corrupt>;
    fn valid(v: Self::T, lim: &Limits) -> bool;
}

/// Operand kinds: `Raw` a plain number (counts, flags), `K` a constant
/// index, `N` a name index, `S` a slot index, `J` a jump target, `Free` a
/// number of free variables; `K16`/`S16`/`N16` the 16-bit forms of
/// superinstructions; `Cmp`/`Arith` the operator of a fused instruction,
/// `Flag` a yes/no operand.
struct Raw;
struct K;
struct N;
struct S;
struct J;
struct Free;
struct K16;
struct S16;
struct N16;
struct Flag;
struct Cmp;
struct Arith;

macro_rules! u32_operand {
    ($kind:ident, |$v:ident, $lim:ident| $check:expr) => {
        impl Operand for $kind {
            type T = u32;
            fn put(v: u32, out: &mut Vec<u8>) {
                put_uvarint(out, u64::from(v));
            }
            fn get(r: &mut Reader) -> Result<u32, Corrupt> {
                r.u32()
            }
            fn valid($v: u32, $lim: &Limits) -> bool {
                let _ = $lim;
                $check
            }
        }
    };
}

u32_operand!(Raw, |_v, lim| true);
u32_operand!(K, |v, lim| (v as usize) < lim.consts);
u32_operand!(N, |v, lim| (v as usize) < lim.names);
u32_operand!(S, |v, lim| (v as usize) < lim.slots);
u32_operand!(J, |v, lim| (v as usize) < lim.instrs);
u32_operand!(Free, |v, lim| (v as usize) <= lim.slots);

macro_rules! u16_operand {
    ($kind:ident, |$v:ident, $lim:ident| $check:expr) => {
        impl Operand for $kind {
            type T = u16;
            fn put(v: u16, out: &mut Vec<u8>) {
                put_uvarint(out, u64::from(v));
            }
            fn get(r: &mut Reader) -> Result<u16, Corrupt> {
                u16::try_from(r.uvarint()?).map_err(|_| Corrupt::new("operand out of range"))
            }
            fn valid($v: u16, $lim: &Limits) -> bool {
                $check
            }
        }
    };
}

u16_operand!(K16, |v, lim| (v as usize) < lim.consts);
u16_operand!(S16, |v, lim| (v as usize) < lim.slots);
u16_operand!(N16, |v, lim| (v as usize) < lim.names);

impl Operand for Flag {
    type T = bool;
    fn put(v: bool, out: &mut Vec<u8>) {
        out.push(u8::from(v));
    }
    fn get(r: &mut Reader) -> Result<bool, Corrupt> {
        match r.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Corrupt::new("bad flag operand")),
        }
    }
    fn valid(_: bool, _: &Limits) -> bool {
        true
    }
}

const CMPS: [CmpKind; 6] = [
    CmpKind::Lt,
    CmpKind::Le,
    CmpKind::Eq,
    CmpKind::Ne,
    CmpKind::Gt,
    CmpKind::Ge,
];

impl Operand for Cmp {
    type T = CmpKind;
    fn put(v: CmpKind, out: &mut Vec<u8>) {
        out.push(match v {
            CmpKind::Lt => 0,
            CmpKind::Le => 1,
            CmpKind::Eq => 2,
            CmpKind::Ne => 3,
            CmpKind::Gt => 4,
            CmpKind::Ge => 5,
        });
    }
    fn get(r: &mut Reader) -> Result<CmpKind, Corrupt> {
        CMPS.get(r.u8()? as usize)
            .copied()
            .ok_or_else(|| Corrupt::new("bad comparison operator"))
    }
    fn valid(_: CmpKind, _: &Limits) -> bool {
        true
    }
}

const ARITHS: [ArithKind; 5] = [
    ArithKind::Add,
    ArithKind::Sub,
    ArithKind::Mul,
    ArithKind::InplaceAdd,
    ArithKind::InplaceSub,
];

impl Operand for Arith {
    type T = ArithKind;
    fn put(v: ArithKind, out: &mut Vec<u8>) {
        out.push(match v {
            ArithKind::Add => 0,
            ArithKind::Sub => 1,
            ArithKind::Mul => 2,
            ArithKind::InplaceAdd => 3,
            ArithKind::InplaceSub => 4,
        });
    }
    fn get(r: &mut Reader) -> Result<ArithKind, Corrupt> {
        ARITHS
            .get(r.u8()? as usize)
            .copied()
            .ok_or_else(|| Corrupt::new("bad arithmetic operator"))
    }
    fn valid(_: ArithKind, _: &Limits) -> bool {
        true
    }
}

/// FNV-1a, at compile time (the table fingerprint).
const fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    h
}

macro_rules! instr_table {
    ($($table:tt)*) => {
        /// Fingerprint of the instruction table (and so of opcode numbering).
        pub const FINGERPRINT: u32 = fnv1a(stringify!($($table)*).as_bytes());
        instr_codec!($($table)*);
    };
}

macro_rules! instr_codec {
    (
        nullary { $($n0:ident),* $(,)? }
        unary { $($n1:ident($k1:ident)),* $(,)? }
        binary { $($n2:ident($ka:ident, $kb:ident)),* $(,)? }
    ) => {
        #[derive(Clone, Copy)]
        #[repr(u8)]
        enum Op { $($n0,)* $($n1,)* $($n2,)* }

        const OPS: &[Op] = &[$(Op::$n0,)* $(Op::$n1,)* $(Op::$n2,)*];

        fn put_instr(i: Instr, out: &mut Vec<u8>) {
            match i {
                $(Instr::$n0 => out.push(Op::$n0 as u8),)*
                $(Instr::$n1(a) => {
                    out.push(Op::$n1 as u8);
                    <$k1 as Operand>::put(a, out);
                })*
                $(Instr::$n2(a, b) => {
                    out.push(Op::$n2 as u8);
                    <$ka as Operand>::put(a, out);
                    <$kb as Operand>::put(b, out);
                })*
            }
        }

        fn get_instr(r: &mut Reader) -> Result<Instr, Corrupt> {
            let op = r.u8()?;
            let op = OPS
                .get(op as usize)
                .ok_or_else(|| Corrupt::new(format!("unknown instruction {op}")))?;
            Ok(match op {
                $(Op::$n0 => Instr::$n0,)*
                $(Op::$n1 => Instr::$n1(<$k1 as Operand>::get(r)?),)*
                $(Op::$n2 => Instr::$n2(<$ka as Operand>::get(r)?, <$kb as Operand>::get(r)?),)*
            })
        }

        /// Operands in range; superinstructions (two operands) also need
        /// the instruction after them, which they skip.
        fn instr_valid(i: Instr, at: usize, lim: &Limits) -> bool {
            match i {
                $(Instr::$n0 => true,)*
                $(Instr::$n1(a) => <$k1 as Operand>::valid(a, lim),)*
                $(Instr::$n2(a, b) => {
                    at + 1 < lim.instrs
                        && <$ka as Operand>::valid(a, lim)
                        && <$kb as Operand>::valid(b, lim)
                })*
            }
        }
    };
}

instr_table! {
    nullary {
        Nop, Pop, Dup, Dup2, Rot2, Rot3, Rot4,
        BinarySubscr, StoreSubscr, DeleteSubscr,
        Add, Sub, Mul, TrueDiv, FloorDiv, Mod, Pow, MatMul, LShift, RShift,
        BitAnd, BitOr, BitXor,
        InplaceAdd, InplaceSub, InplaceMul, InplaceTrueDiv, InplaceFloorDiv,
        InplaceMod, InplacePow, InplaceMatMul, InplaceLShift, InplaceRShift,
        InplaceBitAnd, InplaceBitOr, InplaceBitXor,
        Neg, Pos, Not, Invert,
        Lt, Le, Eq, Ne, Gt, Ge, In, NotIn, Is, IsNot,
        GetIter, ListToTuple, Return, YieldValue, GetYieldFromIter,
        Reraise, PushExcInfo, PopExcept, CheckExcMatch, LoadAssertionError,
        BeforeWith, WithExceptStart, ImportStar, LoadBuildClass, PrintExpr,
        PopAnnotation,
    }
    unary {
        Copy(Raw),
        LoadConst(K),
        LoadFast(S), StoreFast(S), DeleteFast(S),
        LoadDeref(S), StoreDeref(S), DeleteDeref(S),
        LoadClosure(S), LoadClassDeref(S), MakeCell(S), CopyFreeVars(Free),
        LoadGlobal(N), StoreGlobal(N), DeleteGlobal(N),
        LoadName(N), StoreName(N), DeleteName(N),
        LoadAttr(N), StoreAttr(N), DeleteAttr(N), LoadMethod(N),
        BuildSlice(Raw),
        Jump(J), JumpBackward(J), PopJumpIfFalse(J), PopJumpIfTrue(J),
        JumpIfFalseOrPop(J), JumpIfTrueOrPop(J), ForIter(J),
        BuildTuple(Raw), BuildList(Raw), BuildSet(Raw), BuildMap(Raw), BuildString(Raw),
        ListAppend(Raw), SetAdd(Raw), MapAdd(Raw), ListExtend(Raw), SetUpdate(Raw),
        DictUpdate(Raw), DictMerge(Raw), FormatValue(Raw),
        UnpackSequence(Raw), UnpackEx(Raw),
        Call(Raw), CallMethod(Raw), CallKw(Raw), CallEx(Raw), MakeFunction(Raw),
        Send(J), Raise(Raw),
        ImportName(N), ImportFrom(N),
    }
    binary {
        LoadFastLoadFast(S16, S16),
        LoadFastLoadConst(S16, K16),
        LoadConstLoadFast(K16, S16),
        StoreFastLoadFast(S16, S16),
        StoreFastStoreFast(S16, S16),
        CompareJumpIfFalse(Cmp, J),
        BinaryConst(Arith, K),
        LoadFastLoadAttr(S16, N16),
        LoadFastLoadMethod(S16, N16),
        LoadFastStoreAttr(S16, N16),
        IsJumpIfFalse(Flag, J),
    }
}

/// Writes everything of `code` but its constants (which precede the
/// `CODE` tag on the stack).
pub fn put_code(code: &Code, out: &mut Vec<u8>) {
    out.extend_from_slice(&FINGERPRINT.to_le_bytes());
    put_bytes(out, code.name.as_str().as_bytes());
    put_bytes(out, code.qualname.as_str().as_bytes());
    put_bytes(out, code.filename.as_bytes());
    for n in [
        code.first_line,
        code.argcount,
        code.posonlyargcount,
        code.kwonlyargcount,
        code.flags,
        code.nlocals,
        code.nfree,
    ] {
        put_uvarint(out, u64::from(n));
    }
    for list in [&code.slot_names, &code.names] {
        put_uvarint(out, list.len() as u64);
        for s in list.iter() {
            put_bytes(out, s.as_str().as_bytes());
        }
    }
    put_uvarint(out, code.instrs.len() as u64);
    for i in code.instrs.iter() {
        put_instr(*i, out);
    }
    // Positions: lines as differences (small), columns as they are.
    put_uvarint(out, code.positions.len() as u64);
    let mut prev = 0i64;
    for p in code.positions.iter() {
        put_ivarint(out, i64::from(p.line) - prev);
        put_ivarint(out, i64::from(p.end_line) - i64::from(p.line));
        put_uvarint(out, u64::from(p.col));
        put_uvarint(out, u64::from(p.end_col));
        prev = i64::from(p.line);
    }
    put_uvarint(out, code.exc_table.len() as u64);
    for e in code.exc_table.iter() {
        for n in [e.start, e.end, e.target, e.depth] {
            put_uvarint(out, u64::from(n));
        }
        out.push(u8::from(e.lasti));
    }
}

fn names(vm: &Vm, r: &mut Reader) -> Result<Box<[Rc<StrObj>]>, Corrupt> {
    let n = r.count()?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(vm.intern(r.str()?));
    }
    Ok(v.into_boxed_slice())
}

fn line(v: i64) -> Result<u32, Corrupt> {
    u32::try_from(v).map_err(|_| Corrupt::new("bad line number"))
}

/// Reads the inline part of a code object and builds it around `consts`,
/// checking everything the VM indexes with. `source` is the text of the
/// file, when the receiving process has it (for traceback lines).
pub fn get_code(
    vm: &Vm,
    r: &mut Reader,
    consts: Vec<Value>,
    source: impl FnOnce(&str) -> Option<Rc<str>>,
) -> Result<Code, Corrupt> {
    let fp = r.take(4)?;
    if u32::from_le_bytes([fp[0], fp[1], fp[2], fp[3]]) != FINGERPRINT {
        return Err(Corrupt::new(
            "code object from a mini build with a different instruction set",
        ));
    }
    let name = vm.intern(r.str()?);
    let qualname = vm.intern(r.str()?);
    let filename: Rc<str> = Rc::from(r.str()?);
    let mut nums = [0u32; 7];
    for n in nums.iter_mut() {
        *n = r.u32()?;
    }
    let [first_line, argcount, posonlyargcount, kwonlyargcount, code_flags, nlocals, nfree] = nums;
    let slot_names = names(vm, r)?;
    let name_list = names(vm, r)?;
    let ninstrs = r.count()?;
    let mut instrs = Vec::with_capacity(ninstrs);
    for _ in 0..ninstrs {
        instrs.push(get_instr(r)?);
    }
    let npos = r.count()?;
    let mut positions = Vec::with_capacity(npos);
    let mut prev = 0i64;
    for _ in 0..npos {
        let l = prev + r.ivarint()?;
        let end = l + r.ivarint()?;
        positions.push(Position {
            line: line(l)?,
            end_line: line(end)?,
            col: r.u32()?,
            end_col: r.u32()?,
        });
        prev = l;
    }
    let nexc = r.count()?;
    let mut exc_table = Vec::with_capacity(nexc);
    for _ in 0..nexc {
        let (start, end, target, depth) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
        let lasti = match r.u8()? {
            0 => false,
            1 => true,
            _ => return Err(Corrupt::new("bad exception table entry")),
        };
        exc_table.push(ExcEntry {
            start,
            end,
            target,
            depth,
            lasti,
        });
    }

    // Everything the VM indexes with must be in range.
    let lim = Limits {
        consts: consts.len(),
        names: name_list.len(),
        slots: slot_names.len(),
        instrs: instrs.len(),
    };
    let nparams = u64::from(argcount)
        + u64::from(kwonlyargcount)
        + u64::from(code_flags & flags::VARARGS != 0)
        + u64::from(code_flags & flags::VARKEYWORDS != 0);
    let ok = u64::from(nlocals) + u64::from(nfree) <= slot_names.len() as u64
        && nparams <= u64::from(nlocals)
        && posonlyargcount <= argcount
        && matches!(
            instrs.last(),
            Some(Instr::Return | Instr::Jump(_) | Instr::JumpBackward(_) | Instr::Raise(_))
                | Some(Instr::Reraise)
        )
        && instrs
            .iter()
            .enumerate()
            .all(|(at, i)| instr_valid(*i, at, &lim))
        && exc_table.iter().all(|e| {
            e.start <= e.end
                && (e.end as usize) <= instrs.len()
                && (e.target as usize) < instrs.len()
        });
    if !ok {
        return Err(Corrupt::new("invalid code object"));
    }

    // Identifier-like string constants are interned, as the loader does.
    let consts: Box<[Value]> = consts
        .into_iter()
        .map(|c| match c {
            Value::Str(s)
                if s.as_str().len() <= 40
                    && s.as_str()
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || c == b'_') =>
            {
                Value::Str(vm.intern(s.as_str()))
            }
            c => c,
        })
        .collect();
    let source = source(&filename);
    Ok(Code {
        name,
        qualname,
        filename,
        source,
        first_line,
        fast_call: code_flags & (flags::VARARGS | flags::VARKEYWORDS | flags::GENERATOR) == 0
            && kwonlyargcount == 0,
        instrs: instrs.into_boxed_slice(),
        positions: positions.into_boxed_slice(),
        consts,
        global_cache: (0..name_list.len())
            .map(|_| Cell::new(GlobalCache::default()))
            .collect(),
        attr_cache: (0..name_list.len())
            .map(|_| Cell::new(AttrCache::default()))
            .collect(),
        names: name_list,
        slot_names,
        nlocals,
        nfree,
        argcount,
        posonlyargcount,
        kwonlyargcount,
        flags: code_flags,
        exc_table: exc_table.into_boxed_slice(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_opcode_decodes_to_itself() {
        // One instance of each instruction, operands 0 (valid in any code
        // with one constant, name and slot and two instructions).
        for (n, _) in OPS.iter().enumerate() {
            let mut bytes = vec![n as u8];
            bytes.extend_from_slice(&[0, 0]);
            let mut r = Reader::new(&bytes);
            let i = get_instr(&mut r).expect("decodes");
            let mut out = Vec::new();
            put_instr(i, &mut out);
            assert_eq!(out[0], n as u8);
            let mut r = Reader::new(&out);
            assert_eq!(get_instr(&mut r).unwrap(), i);
            assert!(r.at_end());
        }
        let bad = [OPS.len() as u8];
        let mut r = Reader::new(&bad);
        assert!(get_instr(&mut r).is_err());
    }
}
