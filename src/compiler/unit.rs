//! A code object under construction: emitting instructions with their
//! source positions, labels and jumps, constants and names, and the
//! exception table derived from the handler in force at each instruction.

use super::bytecode::{CodeObject, Const, ExcEntry, Instr, Position};
use super::symtable::ScopeId;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(pub usize);

/// Where an exception raised by an instruction goes: the handler's label,
/// the operand-stack depth to cut back to, and whether to push the offset
/// of the raising instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    pub label: Label,
    pub depth: u32,
    pub lasti: bool,
}

/// An enclosing block, for what `break`, `continue` and `return` must undo
/// on their way out.
#[derive(Clone, Debug)]
pub enum FBlock {
    Loop {
        top: Label,
        exit: Label,
        /// A `for` loop keeps its iterator on the stack.
        is_for: bool,
    },
    /// The body of a `try` with `except` clauses.
    TryExcept,
    /// The body of a `try` with `finally`: leaving it runs the final body.
    FinallyTry {
        finalbody: Vec<crate::syntax::ast::Stmt>,
    },
    /// The final body on the exceptional path: `prev exc` are on the stack.
    FinallyEnd,
    /// The body of a `with`: its `__exit__` is on the stack.
    With,
    /// The body of an `except` clause: the previous exception is on the stack.
    ExceptHandler { name: Option<String> },
}

pub struct BlockEntry {
    pub block: FBlock,
    /// How many handlers were active outside the block.
    pub handlers_before: usize,
    /// Operand values held by blocks outside (and including) this one.
    pub depth_after: u32,
}

pub struct Unit {
    pub scope: ScopeId,
    pub co: CodeObject,
    labels: Vec<Option<u32>>,
    handler_per_instr: Vec<Option<Handler>>,
    pub handlers: Vec<Handler>,
    pub blocks: Vec<BlockEntry>,
    /// Values enclosing blocks keep on the operand stack.
    pub block_depth: u32,
    pub pos: Position,
}

impl Unit {
    pub fn new(scope: ScopeId, co: CodeObject) -> Unit {
        Unit {
            scope,
            co,
            labels: Vec::new(),
            handler_per_instr: Vec::new(),
            handlers: Vec::new(),
            blocks: Vec::new(),
            block_depth: 0,
            pos: Position::default(),
        }
    }

    pub fn emit(&mut self, i: Instr) -> usize {
        self.co.instrs.push(i);
        self.co.positions.push(self.pos);
        self.handler_per_instr.push(self.handlers.last().copied());
        self.co.instrs.len() - 1
    }

    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() - 1)
    }

    /// Whether control can reach the end of the code emitted so far: the
    /// last instruction is not a `Return`, or a jump lands after it.
    pub fn can_fall_off_end(&self) -> bool {
        let end = self.co.instrs.len() as u32;
        !matches!(self.co.instrs.last(), Some(Instr::Return)) || self.labels.contains(&Some(end))
    }

    pub fn bind(&mut self, l: Label) {
        self.labels[l.0] = Some(self.co.instrs.len() as u32);
    }

    /// Emits a jump-like instruction to `l`; backward jumps to bound labels
    /// become `JumpBackward` (a switch point).
    pub fn jump(&mut self, make: fn(u32) -> Instr, l: Label) {
        // Operands hold the label number until `finish` resolves them.
        let i = make(l.0 as u32);
        let i = match (i, self.labels[l.0]) {
            (Instr::Jump(_), Some(_)) => Instr::JumpBackward(l.0 as u32),
            _ => i,
        };
        self.emit(i);
    }

    pub fn add_const(&mut self, c: Const) -> u32 {
        // Reuse equal constants (not floats by value: 0.0 and -0.0 differ).
        if let Some(i) = self.co.consts.iter().position(|x| same_const(x, &c)) {
            return i as u32;
        }
        self.co.consts.push(c);
        (self.co.consts.len() - 1) as u32
    }

    pub fn add_name(&mut self, n: &str) -> u32 {
        if let Some(i) = self.co.names.iter().position(|x| x == n) {
            return i as u32;
        }
        self.co.names.push(n.to_string());
        (self.co.names.len() - 1) as u32
    }

    pub fn push_block(&mut self, block: FBlock, extra_depth: u32) {
        self.block_depth += extra_depth;
        self.blocks.push(BlockEntry {
            block,
            handlers_before: self.handlers.len(),
            depth_after: self.block_depth,
        });
    }

    pub fn pop_block(&mut self, extra_depth: u32) {
        self.blocks.pop();
        self.block_depth -= extra_depth;
    }

    /// Resolves labels and builds the exception table.
    pub fn finish(mut self) -> CodeObject {
        let resolve = |labels: &[Option<u32>], l: u32| labels[l as usize].unwrap_or(0);
        for i in self.co.instrs.iter_mut() {
            *i = match *i {
                Instr::Jump(l) => Instr::Jump(resolve(&self.labels, l)),
                Instr::JumpBackward(l) => Instr::JumpBackward(resolve(&self.labels, l)),
                Instr::PopJumpIfFalse(l) => Instr::PopJumpIfFalse(resolve(&self.labels, l)),
                Instr::PopJumpIfTrue(l) => Instr::PopJumpIfTrue(resolve(&self.labels, l)),
                Instr::JumpIfFalseOrPop(l) => Instr::JumpIfFalseOrPop(resolve(&self.labels, l)),
                Instr::JumpIfTrueOrPop(l) => Instr::JumpIfTrueOrPop(resolve(&self.labels, l)),
                Instr::ForIter(l) => Instr::ForIter(resolve(&self.labels, l)),
                Instr::Send(l) => Instr::Send(resolve(&self.labels, l)),
                other => other,
            };
        }
        // Runs of instructions sharing a handler become table rows.
        let mut table: Vec<ExcEntry> = Vec::new();
        for (ip, h) in self.handler_per_instr.iter().enumerate() {
            let Some(h) = h else { continue };
            let target = resolve(&self.labels, h.label.0 as u32);
            match table.last_mut() {
                Some(e)
                    if e.end == ip as u32
                        && e.target == target
                        && e.depth == h.depth
                        && e.lasti == h.lasti =>
                {
                    e.end += 1;
                }
                _ => table.push(ExcEntry {
                    start: ip as u32,
                    end: ip as u32 + 1,
                    target,
                    depth: h.depth,
                    lasti: h.lasti,
                }),
            }
        }
        self.co.exc_table = table;
        super::fuse::fuse(&mut self.co.instrs);
        self.co
    }
}

fn same_const(a: &Const, b: &Const) -> bool {
    match (a, b) {
        (Const::Float(x), Const::Float(y)) => x.to_bits() == y.to_bits(),
        (Const::Code(_), _) | (_, Const::Code(_)) => false,
        (Const::Bool(x), Const::Bool(y)) => x == y,
        (Const::Int(x), Const::Int(y)) => x == y,
        (Const::Tuple(x), Const::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_const(p, q))
        }
        (Const::Bool(_), _) | (_, Const::Bool(_)) => false,
        _ => a == b,
    }
}
