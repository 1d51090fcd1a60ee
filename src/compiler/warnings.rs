//! The SyntaxWarnings CPython 3.11's compiler emits: code that is legal
//! but almost certainly a mistake (`x is 1`, `assert (x, "msg")`, a call
//! or subscript of a literal that looks like a missing comma).
//!
//! Whether an operand is a literal is decided after CPython's constant
//! folding (`x is -1` and `x is 1 + 1` warn, `x is [1]` does not), which
//! `fold` models: it computes the type of the constant an expression
//! folds to, within the folding limits of CPython's AST optimizer.

use crate::syntax::ast::{BinOp, CmpOp, Constant, Expr, ExprKind, UnaryOp};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

/// A warning found while compiling: always a SyntaxWarning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileWarning {
    /// 1-based line the warning is reported at.
    pub line: u32,
    pub message: String,
}

impl CompileWarning {
    /// How Python's `warnings` module shows it on stderr: the location,
    /// then the stripped source line when the source is available.
    pub fn render(&self, filename: &str, source: Option<&str>) -> String {
        let mut out = format!(
            "{filename}:{}: SyntaxWarning: {}\n",
            self.line, self.message
        );
        if let Some(text) = source.and_then(|s| s.lines().nth(self.line as usize - 1)) {
            let text = text.trim();
            if !text.is_empty() {
                out.push_str(&format!("  {text}\n"));
            }
        }
        out
    }
}

// CPython's folding limits (Python/ast_opt.c).
const MAX_INT_SIZE: u64 = 128;
const MAX_COLLECTION_SIZE: usize = 256;
const MAX_STR_SIZE: usize = 4096;

/// The value of a folded constant, as far as the warnings need it.
#[derive(Clone, Debug)]
enum Folded {
    None,
    Ellipsis,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    /// Length in characters.
    Str(usize),
    Bytes(usize),
    /// Number of items.
    Tuple(usize),
}

impl Folded {
    fn type_name(&self) -> &'static str {
        match self {
            Folded::None => "NoneType",
            Folded::Ellipsis => "ellipsis",
            Folded::Bool(_) => "bool",
            Folded::Int(_) => "int",
            Folded::Float(_) => "float",
            Folded::Str(_) => "str",
            Folded::Bytes(_) => "bytes",
            Folded::Tuple(_) => "tuple",
        }
    }

    fn as_int(&self) -> Option<BigInt> {
        match self {
            Folded::Int(i) => Some(i.clone()),
            Folded::Bool(b) => Some(BigInt::from(*b as i64)),
            _ => None,
        }
    }

    fn as_float(&self) -> Option<f64> {
        match self {
            Folded::Float(f) => Some(*f),
            _ => self.as_int().and_then(|i| i.to_f64()),
        }
    }
}

/// The constant `e` folds to, if it does.
fn fold(e: &Expr) -> Option<Folded> {
    match &e.kind {
        ExprKind::Constant(c) => Some(match c {
            Constant::None => Folded::None,
            Constant::Ellipsis => Folded::Ellipsis,
            Constant::Bool(b) => Folded::Bool(*b),
            Constant::Int(i) => Folded::Int(BigInt::from(*i)),
            Constant::BigInt(b) => Folded::Int(b.clone()),
            Constant::Float(f) => Folded::Float(*f),
            Constant::Str(s) => Folded::Str(s.chars().count()),
            Constant::Bytes(b) => Folded::Bytes(b.len()),
        }),
        ExprKind::Tuple(items) => {
            for item in items {
                fold(item)?;
            }
            Some(Folded::Tuple(items.len()))
        }
        ExprKind::UnaryOp { op, operand } => {
            let v = fold(operand)?;
            match op {
                UnaryOp::Not => Some(Folded::Bool(true)),
                UnaryOp::USub | UnaryOp::UAdd => match v {
                    Folded::Float(f) => Some(Folded::Float(f)),
                    v => v.as_int().map(Folded::Int),
                },
                UnaryOp::Invert => v.as_int().map(Folded::Int),
            }
        }
        ExprKind::BinOp { left, op, right } => fold_binop(&fold(left)?, *op, &fold(right)?),
        _ => None,
    }
}

fn bits(i: &BigInt) -> u64 {
    i.bits()
}

fn fold_binop(l: &Folded, op: BinOp, r: &Folded) -> Option<Folded> {
    use Folded as F;
    // Sequences: concatenation and repetition (within the size limits).
    let repeat = |len: usize, n: &BigInt, max: usize| -> Option<usize> {
        if len == 0 {
            return Some(0);
        }
        let n = n.to_i64()?;
        if n < 0 || n as usize > max / len {
            return None;
        }
        Some(len * n as usize)
    };
    match (l, r, op) {
        (F::Str(a), F::Str(b), BinOp::Add) => return Some(F::Str(a + b)),
        (F::Bytes(a), F::Bytes(b), BinOp::Add) => return Some(F::Bytes(a + b)),
        (F::Tuple(a), F::Tuple(b), BinOp::Add) => return Some(F::Tuple(a + b)),
        (F::Str(s), n, BinOp::Mult) | (n, F::Str(s), BinOp::Mult) if n.as_int().is_some() => {
            return repeat(*s, &n.as_int()?, MAX_STR_SIZE).map(F::Str)
        }
        (F::Bytes(s), n, BinOp::Mult) | (n, F::Bytes(s), BinOp::Mult) if n.as_int().is_some() => {
            return repeat(*s, &n.as_int()?, MAX_STR_SIZE).map(F::Bytes)
        }
        (F::Tuple(s), n, BinOp::Mult) | (n, F::Tuple(s), BinOp::Mult) if n.as_int().is_some() => {
            return repeat(*s, &n.as_int()?, MAX_COLLECTION_SIZE).map(F::Tuple)
        }
        _ => {}
    }
    if let (Some(a), Some(b)) = (l.as_int(), r.as_int()) {
        return fold_ints(&a, op, &b);
    }
    let (a, b) = (l.as_float()?, r.as_float()?);
    let v = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mult => a * b,
        BinOp::Div if b != 0.0 => a / b,
        BinOp::FloorDiv | BinOp::Mod if b != 0.0 => (a / b).floor(),
        BinOp::Pow if !(a == 0.0 && b < 0.0 || a < 0.0 && b.fract() != 0.0) => a.powf(b),
        _ => return None,
    };
    Some(F::Float(v))
}

fn fold_ints(a: &BigInt, op: BinOp, b: &BigInt) -> Option<Folded> {
    use Folded as F;
    let int = |v: BigInt| Some(F::Int(v));
    match op {
        BinOp::Add => int(a + b),
        BinOp::Sub => int(a - b),
        BinOp::Mult => {
            if !a.is_zero() && !b.is_zero() && bits(a) + bits(b) > MAX_INT_SIZE {
                return None;
            }
            int(a * b)
        }
        BinOp::Div if !b.is_zero() => Some(F::Float(a.to_f64()? / b.to_f64()?)),
        BinOp::FloorDiv | BinOp::Mod if !b.is_zero() => int(a / b),
        BinOp::Pow => {
            if b.is_negative() {
                return if a.is_zero() {
                    None
                } else {
                    Some(F::Float(0.0))
                };
            }
            let e = b.to_u64()?;
            if !a.is_zero() && bits(a).saturating_mul(e) > MAX_INT_SIZE {
                return None;
            }
            int(a.pow(e as u32))
        }
        BinOp::LShift => {
            let n = b.to_u64()?;
            if bits(a) > MAX_INT_SIZE || n > MAX_INT_SIZE || bits(a) + n > MAX_INT_SIZE {
                return None;
            }
            int(a << n)
        }
        BinOp::RShift => {
            let n = b.to_u64()?;
            int(a >> n.min(1 << 20))
        }
        BinOp::BitAnd => int(a & b),
        BinOp::BitOr => int(a | b),
        BinOp::BitXor => int(a ^ b),
        _ => None,
    }
}

/// CPython's `infer_type`: the type an expression certainly has, by its
/// syntax alone.
fn infer_type(e: &Expr) -> Option<&'static str> {
    Some(match &e.kind {
        ExprKind::Tuple(_) if fold(e).is_none() => "tuple",
        ExprKind::List(_) | ExprKind::ListComp { .. } => "list",
        ExprKind::Dict { .. } | ExprKind::DictComp { .. } => "dict",
        ExprKind::Set(_) | ExprKind::SetComp { .. } => "set",
        ExprKind::GeneratorExp { .. } => "generator",
        ExprKind::Lambda { .. } => "function",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "str",
        _ => return fold(e).map(|f| f.type_name()),
    })
}

/// `x is 1`: an identity test with a literal that is not a singleton.
pub fn check_compare(left: &Expr, ops: &[CmpOp], comparators: &[Expr]) -> Option<String> {
    let is_singleton_or_not_literal = |e: &Expr| {
        !matches!(
            fold(e),
            Some(
                Folded::Int(_)
                    | Folded::Float(_)
                    | Folded::Str(_)
                    | Folded::Bytes(_)
                    | Folded::Tuple(_)
            )
        )
    };
    let mut left_ok = is_singleton_or_not_literal(left);
    for (op, right) in ops.iter().zip(comparators) {
        let right_ok = is_singleton_or_not_literal(right);
        if matches!(op, CmpOp::Is | CmpOp::IsNot) && !(left_ok && right_ok) {
            return Some(
                if *op == CmpOp::Is {
                    "\"is\" with a literal. Did you mean \"==\"?"
                } else {
                    "\"is not\" with a literal. Did you mean \"!=\"?"
                }
                .to_string(),
            );
        }
        left_ok = right_ok;
    }
    None
}

/// `5()`: calling a literal.
pub fn check_caller(func: &Expr) -> Option<String> {
    let literal = fold(func).is_some()
        || matches!(
            func.kind,
            ExprKind::Tuple(_)
                | ExprKind::List(_)
                | ExprKind::ListComp { .. }
                | ExprKind::Dict { .. }
                | ExprKind::DictComp { .. }
                | ExprKind::Set(_)
                | ExprKind::SetComp { .. }
                | ExprKind::GeneratorExp { .. }
                | ExprKind::JoinedStr(_)
                | ExprKind::FormattedValue { .. }
        );
    if !literal {
        return None;
    }
    Some(format!(
        "'{}' object is not callable; perhaps you missed a comma?",
        infer_type(func)?
    ))
}

/// `5[0]`, `[1, 2]["a"]`: subscripting a literal that cannot be, or with
/// a literal index of the wrong type (only for loads).
pub fn check_subscript(value: &Expr, slice: &Expr) -> Option<String> {
    let folded = fold(value);
    let not_subscriptable = match &folded {
        Some(f) => matches!(
            f,
            Folded::None | Folded::Ellipsis | Folded::Int(_) | Folded::Float(_) | Folded::Bool(_)
        ),
        None => matches!(
            value.kind,
            ExprKind::Set(_)
                | ExprKind::SetComp { .. }
                | ExprKind::GeneratorExp { .. }
                | ExprKind::Lambda { .. }
        ),
    };
    if not_subscriptable {
        return Some(format!(
            "'{}' object is not subscriptable; perhaps you missed a comma?",
            infer_type(value)?
        ));
    }
    let index_type = match &slice.kind {
        ExprKind::Slice { .. } => return None,
        _ => infer_type(slice)?,
    };
    if matches!(index_type, "int" | "bool") {
        return None;
    }
    let sequence = match &folded {
        Some(f) => matches!(f, Folded::Str(_) | Folded::Bytes(_) | Folded::Tuple(_)),
        None => matches!(
            value.kind,
            ExprKind::Tuple(_)
                | ExprKind::List(_)
                | ExprKind::ListComp { .. }
                | ExprKind::JoinedStr(_)
                | ExprKind::FormattedValue { .. }
        ),
    };
    if !sequence {
        return None;
    }
    Some(format!(
        "{} indices must be integers or slices, not {index_type}; perhaps you missed a comma?",
        infer_type(value)?
    ))
}

/// `assert (x, "msg")`: a non-empty tuple is always true.
pub fn check_assert(test: &Expr) -> Option<String> {
    match &test.kind {
        ExprKind::Tuple(items) if !items.is_empty() => {
            Some("assertion is always true, perhaps remove parentheses?".to_string())
        }
        _ => None,
    }
}
