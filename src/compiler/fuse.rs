//! Superinstructions: fusing common pairs of instructions.
//!
//! After code generation, the first instruction of some frequent pairs
//! (`LoadFast x; LoadFast y`, a comparison followed by a conditional jump,
//! ...) is replaced by one instruction that does the work of both and then
//! skips the second. The second instruction stays where it was, so jumps
//! that land on it, source positions and exception-table ranges all remain
//! valid; it simply is not executed when control arrives from the first.
//! This halves the dispatch work of the hottest sequences, the idea CPython
//! 3.11 uses for its LOAD_FAST__LOAD_FAST and friends.

use super::bytecode::{ArithKind, CmpKind, Instr};

/// Fuses pairs in place.
pub fn fuse(instrs: &mut [Instr]) {
    let n = instrs.len();
    let mut is_target = vec![false; n];
    for instr in instrs.iter() {
        if let Some(t) = instr.jump_target() {
            if let Some(slot) = is_target.get_mut(t as usize) {
                *slot = true;
            }
        }
    }
    let mut i = 0;
    while i + 1 < n {
        // An arithmetic or comparison pair starting at the next instruction
        // saves more than a load pair here: leave it its first instruction.
        if i + 2 < n
            && operator_pair(instrs[i + 1], instrs[i + 2])
            && !operator_pair(instrs[i], instrs[i + 1])
        {
            i += 1;
            continue;
        }
        let small = |x: u32| u16::try_from(x).ok();
        let fused = match (instrs[i], instrs[i + 1]) {
            (Instr::LoadFast(a), Instr::LoadFast(b)) => {
                pair(small(a), small(b), Instr::LoadFastLoadFast)
            }
            (Instr::LoadFast(a), Instr::LoadConst(c)) => {
                pair(small(a), small(c), Instr::LoadFastLoadConst)
            }
            (Instr::LoadConst(c), Instr::LoadFast(a)) => {
                pair(small(c), small(a), Instr::LoadConstLoadFast)
            }
            (Instr::StoreFast(a), Instr::LoadFast(b)) => {
                pair(small(a), small(b), Instr::StoreFastLoadFast)
            }
            (Instr::StoreFast(a), Instr::StoreFast(b)) => {
                pair(small(a), small(b), Instr::StoreFastStoreFast)
            }
            (Instr::LoadFast(a), Instr::LoadAttr(n)) => {
                pair(small(a), small(n), Instr::LoadFastLoadAttr)
            }
            (Instr::LoadFast(a), Instr::LoadMethod(n)) => {
                pair(small(a), small(n), Instr::LoadFastLoadMethod)
            }
            (Instr::LoadFast(a), Instr::StoreAttr(n)) => {
                pair(small(a), small(n), Instr::LoadFastStoreAttr)
            }
            (Instr::Is, Instr::PopJumpIfFalse(t)) => Some(Instr::IsJumpIfFalse(false, t)),
            (Instr::IsNot, Instr::PopJumpIfFalse(t)) => Some(Instr::IsJumpIfFalse(true, t)),
            (cmp, Instr::PopJumpIfFalse(t)) => {
                cmp_kind(cmp).map(|k| Instr::CompareJumpIfFalse(k, t))
            }
            (Instr::LoadConst(c), op) => arith_kind(op).map(|k| Instr::BinaryConst(k, c)),
            _ => None,
        };
        if let Some(f) = fused {
            instrs[i] = f;
            // The second instruction is skipped when control comes from
            // here; unless a jump lands on it, it is dead as a pair start.
            i += if is_target[i + 1] { 1 } else { 2 };
        } else {
            i += 1;
        }
    }
}

/// Pairs that fuse into `CompareJumpIfFalse` or `BinaryConst`.
fn operator_pair(a: Instr, b: Instr) -> bool {
    matches!((cmp_kind(a), b), (Some(_), Instr::PopJumpIfFalse(_)))
        || matches!((a, b), (Instr::Is | Instr::IsNot, Instr::PopJumpIfFalse(_)))
        || matches!((a, arith_kind(b)), (Instr::LoadConst(_), Some(_)))
}

fn pair(a: Option<u16>, b: Option<u16>, make: fn(u16, u16) -> Instr) -> Option<Instr> {
    Some(make(a?, b?))
}

fn cmp_kind(i: Instr) -> Option<CmpKind> {
    Some(match i {
        Instr::Lt => CmpKind::Lt,
        Instr::Le => CmpKind::Le,
        Instr::Eq => CmpKind::Eq,
        Instr::Ne => CmpKind::Ne,
        Instr::Gt => CmpKind::Gt,
        Instr::Ge => CmpKind::Ge,
        _ => return None,
    })
}

fn arith_kind(i: Instr) -> Option<ArithKind> {
    Some(match i {
        Instr::Add => ArithKind::Add,
        Instr::Sub => ArithKind::Sub,
        Instr::Mul => ArithKind::Mul,
        Instr::InplaceAdd => ArithKind::InplaceAdd,
        Instr::InplaceSub => ArithKind::InplaceSub,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_and_identity_pairs_fuse() {
        let mut code = vec![
            Instr::LoadFast(0),
            Instr::LoadAttr(1),
            Instr::LoadConst(0),
            Instr::IsNot,
            Instr::PopJumpIfFalse(9),
            Instr::LoadFast(0),
            Instr::StoreAttr(2),
            Instr::LoadFast(0),
            Instr::LoadMethod(3),
        ];
        fuse(&mut code);
        assert_eq!(
            code,
            vec![
                Instr::LoadFastLoadAttr(0, 1),
                Instr::LoadAttr(1),
                Instr::LoadConst(0),
                Instr::IsJumpIfFalse(true, 9),
                Instr::PopJumpIfFalse(9),
                Instr::LoadFastStoreAttr(0, 2),
                Instr::StoreAttr(2),
                Instr::LoadFastLoadMethod(0, 3),
                Instr::LoadMethod(3),
            ]
        );
    }

    #[test]
    fn pairs_fuse_and_keep_the_second_instruction() {
        let mut code = vec![
            Instr::LoadFast(0),
            Instr::LoadFast(1),
            Instr::Lt,
            Instr::PopJumpIfFalse(9),
            Instr::Return,
        ];
        fuse(&mut code);
        assert_eq!(
            code,
            vec![
                Instr::LoadFastLoadFast(0, 1),
                Instr::LoadFast(1),
                Instr::CompareJumpIfFalse(CmpKind::Lt, 9),
                Instr::PopJumpIfFalse(9),
                Instr::Return
            ]
        );
    }
}
