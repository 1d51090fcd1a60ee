//! Printing exceptions the way CPython 3.11 does: the chain of causes and
//! contexts, `File ..., line N, in name` with the source line and the
//! `~~^~~` markers under the failing expression, repeated recursion lines
//! folded into `[Previous line repeated N more times]`.

use super::Vm;
use crate::objects::exception::TbEntry;
use crate::objects::{ExcKind, Value};
use crate::syntax::ast::{Expr, ExprKind};

/// Frames repeated more than this many times in a row are folded.
const RECURSIVE_CUTOFF: usize = 3;

impl Vm {
    /// The whole report for an uncaught exception, chain included.
    pub fn format_exception(&mut self, exc: &Value) -> String {
        let mut out = String::new();
        let mut seen = Vec::new();
        self.format_chain(exc, &mut out, &mut seen);
        out
    }

    fn format_chain(&mut self, exc: &Value, out: &mut String, seen: &mut Vec<usize>) {
        seen.push(exc.heap_addr().unwrap_or(0));
        if let Some(st) = self.exc_state(exc) {
            let (cause, context, suppress) = {
                let st = st.borrow(self.gil.token());
                (st.cause.clone(), st.context.clone(), st.suppress_context)
            };
            let unseen = |v: &Value, seen: &Vec<usize>| {
                !v.is_none() && !seen.contains(&v.heap_addr().unwrap_or(0))
            };
            if unseen(&cause, seen) {
                self.format_chain(&cause, out, seen);
                out.push_str(
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                );
            } else if !suppress && unseen(&context, seen) {
                self.format_chain(&context, out, seen);
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
        self.format_one(exc, out);
    }

    fn format_one(&mut self, exc: &Value, out: &mut String) {
        let tb: Vec<TbEntry> = self
            .exc_state(exc)
            .map(|st| st.borrow(self.gil.token()).traceback.clone())
            .unwrap_or_default();
        if !tb.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            // Stored innermost first; printed outermost first.
            let frames: Vec<TbEntry> = tb.into_iter().rev().collect();
            format_frames(&frames, out);
        }
        let is_syntax = self.isinstance(exc, &self.exc_class(ExcKind::SyntaxError));
        if is_syntax {
            self.format_syntax_error(exc, out);
            return;
        }
        out.push_str(&self.exception_line(exc));
    }

    /// `ValueError: message` (module-qualified outside builtins and __main__).
    pub fn exception_line(&mut self, exc: &Value) -> String {
        let cls = self.type_of(exc);
        let module = self
            .dict_get_str(&cls.dict, &self.interp.names.__module__)
            .ok()
            .flatten()
            .and_then(|m| m.as_str().map(str::to_string));
        let name = match module.as_deref() {
            Some(m) if m != "builtins" && m != "__main__" => format!("{m}.{}", cls.qualname),
            _ => cls.qualname.clone(),
        };
        match self.str(exc) {
            Ok(s) if s.is_empty() => format!("{name}\n"),
            Ok(s) => format!("{name}: {s}\n"),
            Err(_) => format!("{name}: <exception str() failed>\n"),
        }
    }

    /// The `File "...", line N` block of a SyntaxError, from its attributes.
    fn format_syntax_error(&mut self, exc: &Value, out: &mut String) {
        let get = |vm: &mut Vm, name: &str| -> Value {
            let n = vm.intern(name);
            vm.getattr_opt(exc, &n)
                .ok()
                .flatten()
                .unwrap_or(Value::None)
        };
        let filename = get(self, "filename");
        let lineno = get(self, "lineno");
        let text = get(self, "text");
        let offset = get(self, "offset");
        let end_offset = get(self, "end_offset");
        let msg = get(self, "msg");
        let cls = self.type_of(exc).qualname.clone();
        let mut suffix = String::new();
        match (&lineno, &filename) {
            (Value::Int(l), f) => {
                let f = f.as_str().unwrap_or("<string>");
                out.push_str(&format!("  File \"{f}\", line {l}\n"));
            }
            (_, Value::Str(f)) => suffix = format!(" ({})", f.as_str()),
            _ => {}
        }
        if let Value::Str(t) = &text {
            let rtext = t.as_str().trim_end_matches('\n');
            let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
            let spaces = rtext.chars().count() - ltext.chars().count();
            out.push_str(&format!("    {ltext}\n"));
            if let Value::Int(off) = offset {
                let mut end = match end_offset {
                    Value::Int(e) if e != 0 => e,
                    _ => off,
                };
                if off == end || end == -1 {
                    end = off + 1;
                }
                let col = off - 1 - spaces as i64;
                let end_col = end - 1 - spaces as i64;
                if col >= 0 {
                    let caret_space: String = ltext
                        .chars()
                        .take(col as usize)
                        .map(|c| if c.is_whitespace() { c } else { ' ' })
                        .collect();
                    let n = (end_col - col).max(0) as usize;
                    out.push_str(&format!("    {caret_space}{}\n", "^".repeat(n)));
                }
            }
        }
        let msg = match &msg {
            Value::Str(m) => m.as_str().to_string(),
            _ => "<no detail available>".into(),
        };
        out.push_str(&format!("{cls}: {msg}{suffix}\n"));
    }
}

/// Prints frames, folding runs of identical ones.
fn format_frames(frames: &[TbEntry], out: &mut String) {
    let mut last: Option<(String, u32, String)> = None;
    let mut count = 0usize;
    let flush = |count: usize, out: &mut String| {
        if count > RECURSIVE_CUTOFF {
            let n = count - RECURSIVE_CUTOFF;
            out.push_str(&format!(
                "  [Previous line repeated {n} more time{}]\n",
                if n > 1 { "s" } else { "" }
            ));
        }
    };
    for f in frames {
        let pos = f.code.position(f.ip as usize);
        let key = (
            f.code.filename.to_string(),
            pos.line,
            f.code.name.as_str().to_string(),
        );
        if last.as_ref() != Some(&key) {
            flush(count, out);
            last = Some(key);
            count = 0;
        }
        count += 1;
        if count > RECURSIVE_CUTOFF {
            continue;
        }
        format_frame(f, out);
    }
    flush(count, out);
}

/// One frame: the location line, the source line, and the markers.
fn format_frame(f: &TbEntry, out: &mut String) {
    let code = &f.code;
    let pos = code.position(f.ip as usize);
    out.push_str(&format!(
        "  File \"{}\", line {}, in {}\n",
        code.filename,
        pos.line,
        code.name.as_str()
    ));
    let Some(src) = &code.source else {
        return;
    };
    let Some(line) = src.lines().nth(pos.line.saturating_sub(1) as usize) else {
        return;
    };
    let stripped = line.trim();
    if stripped.is_empty() {
        return;
    }
    out.push_str(&format!("    {stripped}\n"));
    if pos.line == 0 || pos.end_line == 0 {
        return;
    }
    // As traceback.py: offsets are characters, 1-based; the original line
    // carries its newline, which `stripped_characters` counts.
    let orig_len = line.chars().count() + 1;
    let stripped_len = stripped.chars().count();
    let stripped_characters = orig_len as i64 - stripped_len as i64;
    let start = byte_to_char(line, pos.col as usize) as i64 + 1;
    let mut end = byte_to_char(line, pos.end_col as usize) as i64 + 1;
    let mut anchors = None;
    if pos.line == pos.end_line {
        let seg_start = (start - 1).max(0) as usize;
        let seg_end = (end - 1).max(0) as usize;
        let segment: String = line
            .chars()
            .skip(seg_start)
            .take(seg_end.saturating_sub(seg_start))
            .collect();
        anchors = caret_anchors(&segment);
    } else {
        end = stripped_characters + stripped_len as i64;
    }
    let show = end - start < stripped_len as i64 || anchors.is_some_and(|(l, r)| r - l > 0);
    if !show {
        return;
    }
    let mut row = String::from("    ");
    row.push_str(&" ".repeat((start - stripped_characters).max(0) as usize));
    match anchors {
        Some((left, right)) => {
            row.push_str(&"~".repeat(left.max(0) as usize));
            row.push_str(&"^".repeat((right - left).max(0) as usize));
            row.push_str(&"~".repeat((end - start - right).max(0) as usize));
        }
        None => row.push_str(&"^".repeat((end - start).max(0) as usize)),
    }
    row.push('\n');
    out.push_str(&row);
}

/// Character offset of a byte offset (clamped, tolerant of bad offsets).
fn byte_to_char(s: &str, byte: usize) -> usize {
    let byte = byte.min(s.len());
    let mut b = byte;
    while b > 0 && !s.is_char_boundary(b) {
        b -= 1;
    }
    s[..b].chars().count()
}

/// For a binary operation or a subscript, where the `^` part starts and ends
/// within the segment (CPython 3.11's `_extract_caret_anchors_from_line_segment`).
fn caret_anchors(segment: &str) -> Option<(i64, i64)> {
    let expr: Expr = crate::syntax::parse_expression(segment).ok()?;
    let norm = |b: u32| byte_to_char(segment, b as usize) as i64;
    match &expr.kind {
        ExprKind::BinOp { left, right, .. } => {
            let op_start = norm(left.span.end) as usize;
            let op_end = norm(right.span.start) as usize;
            let op_str: Vec<char> = segment
                .chars()
                .skip(op_start)
                .take(op_end.saturating_sub(op_start))
                .collect();
            let lead = op_str.iter().take_while(|c| c.is_whitespace()).count();
            let left_anchor = left.span.end as i64 + lead as i64;
            let mut right_anchor = left_anchor + 1;
            if lead + 1 < op_str.len() && !op_str[lead + 1].is_whitespace() {
                right_anchor += 1;
            }
            Some((norm(left_anchor as u32), norm(right_anchor as u32)))
        }
        ExprKind::Subscript { value, slice } => {
            Some((norm(value.span.end), norm(slice.span.end + 1)))
        }
        _ => None,
    }
}
