//! `mini disasm`: a listing of every code object, like `python -m dis`.
//!
//! Columns: source line (where it changes), instruction index, opcode,
//! operand, and what the operand means. Each code object ends with its
//! exception table.

use super::bytecode::{ArithKind, CmpKind, CodeObject, Const, Instr};
use crate::format::{
    float::float_repr,
    repr::{bytes_repr, str_repr},
};
use std::fmt::Write;

pub fn disassemble(co: &CodeObject) -> String {
    let mut out = String::new();
    let mut todo = vec![co];
    let mut first = true;
    while let Some(co) = todo.pop() {
        if !first {
            let _ = writeln!(out, "\nDisassembly of {}:", code_label(co));
        }
        first = false;
        one(co, &mut out);
        // Nested code objects in constant order (reversed for the stack).
        let nested: Vec<&CodeObject> = co
            .consts
            .iter()
            .filter_map(|c| match c {
                Const::Code(c) => Some(&**c),
                _ => None,
            })
            .collect();
        todo.extend(nested.into_iter().rev());
    }
    out
}

fn code_label(co: &CodeObject) -> String {
    format!(
        "<code object {}, file \"{}\", line {}>",
        co.name, co.filename, co.first_line
    )
}

fn one(co: &CodeObject, out: &mut String) {
    let mut last_line = 0;
    let targets: Vec<u32> = co.instrs.iter().filter_map(|i| i.jump_target()).collect();
    for (ip, instr) in co.instrs.iter().enumerate() {
        let line = co.positions.get(ip).map_or(0, |p| p.line);
        if line != last_line && ip > 0 {
            out.push('\n');
        }
        let line_col = if line != last_line {
            format!("{line:>4}")
        } else {
            "    ".into()
        };
        last_line = line;
        let marker = if targets.contains(&(ip as u32)) {
            ">>"
        } else {
            "  "
        };
        let (name, arg) = split(instr);
        let arg_s = arg.map_or(String::new(), |a| a.to_string());
        let meaning = describe(co, instr);
        let _ = write!(out, "{line_col}      {marker} {ip:>4} {name:<22}{arg_s:>5}");
        if !meaning.is_empty() {
            let _ = write!(out, " ({meaning})");
        }
        out.push('\n');
    }
    if !co.exc_table.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in &co.exc_table {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                e.start,
                e.end - 1,
                e.target,
                e.depth,
                if e.lasti { " lasti" } else { "" }
            );
        }
    }
}

/// `LoadConst(3)` -> ("LOAD_CONST", Some(3)).
fn split(i: &Instr) -> (String, Option<u32>) {
    let dbg = format!("{i:?}");
    let (name, arg) = match dbg.find('(') {
        // Fused instructions carry two operands; `describe` shows them.
        Some(p) => (&dbg[..p], dbg[p + 1..dbg.len() - 1].parse().ok()),
        None => (dbg.as_str(), None),
    };
    let mut snake = String::new();
    for (k, ch) in name.chars().enumerate() {
        if ch.is_uppercase() && k > 0 {
            snake.push('_');
        }
        snake.push(ch.to_ascii_uppercase());
    }
    (snake, arg)
}

fn describe(co: &CodeObject, i: &Instr) -> String {
    let slot = |n: u32| {
        co.varnames
            .iter()
            .chain(&co.cellvars)
            .chain(&co.freevars)
            .nth(n as usize)
            .cloned()
            .unwrap_or_default()
    };
    let name = |n: u32| co.names.get(n as usize).cloned().unwrap_or_default();
    let konst = |n: u32| co.consts.get(n as usize).map_or(String::new(), const_repr);
    match *i {
        Instr::LoadConst(n) => konst(n),
        Instr::LoadFast(n)
        | Instr::StoreFast(n)
        | Instr::DeleteFast(n)
        | Instr::LoadDeref(n)
        | Instr::StoreDeref(n)
        | Instr::DeleteDeref(n)
        | Instr::LoadClosure(n)
        | Instr::LoadClassDeref(n)
        | Instr::MakeCell(n) => slot(n),
        Instr::LoadGlobal(n)
        | Instr::StoreGlobal(n)
        | Instr::DeleteGlobal(n)
        | Instr::LoadName(n)
        | Instr::StoreName(n)
        | Instr::DeleteName(n)
        | Instr::LoadAttr(n)
        | Instr::StoreAttr(n)
        | Instr::DeleteAttr(n)
        | Instr::LoadMethod(n)
        | Instr::ImportName(n)
        | Instr::ImportFrom(n) => name(n),
        Instr::LoadFastLoadFast(a, b)
        | Instr::StoreFastLoadFast(a, b)
        | Instr::StoreFastStoreFast(a, b) => format!("{}, {}", slot(a.into()), slot(b.into())),
        Instr::LoadFastLoadConst(a, c) => format!("{}, {}", slot(a.into()), konst(c.into())),
        Instr::LoadConstLoadFast(c, a) => format!("{}, {}", konst(c.into()), slot(a.into())),
        Instr::LoadFastLoadAttr(a, n)
        | Instr::LoadFastLoadMethod(a, n)
        | Instr::LoadFastStoreAttr(a, n) => format!("{}, {}", slot(a.into()), name(n.into())),
        Instr::CompareJumpIfFalse(k, t) => format!("{} else to {t}", cmp_symbol(k)),
        Instr::IsJumpIfFalse(not, t) => {
            format!("{} else to {t}", if not { "is not" } else { "is" })
        }
        Instr::BinaryConst(k, c) => format!("{} {}", arith_symbol(k), konst(c)),
        _ => match i.jump_target() {
            Some(t) => format!("to {t}"),
            None => String::new(),
        },
    }
}

pub fn const_repr(c: &Const) -> String {
    match c {
        Const::None => "None".into(),
        Const::Bool(b) => if *b { "True" } else { "False" }.into(),
        Const::Int(i) => i.to_string(),
        Const::BigInt(b) => b.to_string(),
        Const::Float(f) => float_repr(*f),
        Const::Str(s) => str_repr(s),
        Const::Bytes(b) => bytes_repr(b),
        Const::Ellipsis => "Ellipsis".into(),
        Const::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(const_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Const::FrozenSet(items) => {
            let parts: Vec<String> = items.iter().map(const_repr).collect();
            format!("frozenset({{{}}})", parts.join(", "))
        }
        Const::Code(co) => code_label(co),
    }
}

fn cmp_symbol(k: CmpKind) -> &'static str {
    match k {
        CmpKind::Lt => "<",
        CmpKind::Le => "<=",
        CmpKind::Eq => "==",
        CmpKind::Ne => "!=",
        CmpKind::Gt => ">",
        CmpKind::Ge => ">=",
    }
}

fn arith_symbol(k: ArithKind) -> &'static str {
    match k {
        ArithKind::Add => "+",
        ArithKind::Sub => "-",
        ArithKind::Mul => "*",
        ArithKind::InplaceAdd => "+=",
        ArithKind::InplaceSub => "-=",
    }
}
