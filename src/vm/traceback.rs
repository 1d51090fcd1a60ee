//! Printing exceptions the way CPython 3.11 does: the chain of causes and
//! contexts, `File ..., line N, in name` with the source line and the
//! `~~^~~` markers under the failing expression, repeated recursion lines
//! folded into `[Previous line repeated N more times]`.

use super::Vm;
use crate::objects::exception::TbEntry;
use crate::objects::{Class, DictObj, ExcKind, Value};
use crate::syntax::ast::{Expr, ExprKind};
use std::rc::Rc;

/// How much of an exception report to make: the chain of causes and
/// contexts, at most `limit` frames per traceback (from the outermost;
/// a negative limit counts from the innermost), "Did you mean" hints.
pub struct FormatOpts {
    pub chain: bool,
    pub limit: Option<i64>,
    pub suggestions: bool,
}

impl Default for FormatOpts {
    fn default() -> Self {
        FormatOpts {
            chain: true,
            limit: None,
            suggestions: true,
        }
    }
}

/// The first `limit` entries (outermost first), or the last `-limit`.
pub fn limit_entries(mut entries: Vec<TbEntry>, limit: Option<i64>) -> Vec<TbEntry> {
    match limit {
        Some(n) if n >= 0 => {
            entries.truncate(n as usize);
            entries
        }
        Some(n) => {
            let keep = (n.unsigned_abs() as usize).min(entries.len());
            entries.split_off(entries.len() - keep)
        }
        None => entries,
    }
}

/// The payload of a `traceback` object: the entry it stands for.
pub struct TbPayload(pub TbEntry);

/// Frames repeated more than this many times in a row are folded.
const RECURSIVE_CUTOFF: usize = 3;

impl Vm {
    /// A type the runtime makes on first use (`traceback`, `frame`).
    pub fn lazy_type(&mut self, name: &'static str) -> Rc<Class> {
        if let Some(c) = self.interp.lazy_types.borrow(self.gil.token()).get(name) {
            return c.clone();
        }
        let ns = DictObj::new();
        self.dict_set_str(
            &ns,
            self.interp.names.__module__.clone(),
            Value::str("builtins"),
        );
        let object = self.interp.types.object.clone();
        let cls = match self.make_class(name, name, vec![object], ns, Value::None) {
            Ok(Value::Class(c)) => c,
            _ => self.interp.types.object.clone(),
        };
        self.interp
            .lazy_types
            .borrow_mut(self.gil.token())
            .insert(name, cls.clone());
        cls
    }

    /// `exc.__traceback__`: a chain of `traceback` objects, outermost
    /// first (None without a traceback). The same objects come back while
    /// the traceback does not grow.
    pub fn traceback_object(&mut self, exc: &Value) -> Value {
        let Some(st) = self.exc_state(exc) else {
            return Value::None;
        };
        let entries = {
            let s = st.borrow(self.gil.token());
            if let Some((n, v)) = &s.tb_object {
                if *n == s.traceback.len() {
                    return v.clone();
                }
            }
            s.traceback.clone()
        };
        // Stored innermost first: build inside out.
        let mut next = Value::None;
        for e in &entries {
            next = self.tb_object_for(e, next);
        }
        st.borrow_mut(self.gil.token()).tb_object = Some((entries.len(), next.clone()));
        next
    }

    fn tb_object_for(&mut self, e: &TbEntry, next: Value) -> Value {
        let line = e.code.position(e.ip as usize).line;
        let frame = self.frame_object(e);
        let cls = self.lazy_type("traceback");
        let tb = crate::objects::Instance::with_payload(cls, Box::new(TbPayload(e.clone())));
        for (k, v) in [
            ("tb_next", next),
            ("tb_frame", frame),
            ("tb_lineno", Value::Int(line as i64)),
            ("tb_lasti", Value::Int(e.ip as i64 * 2)),
        ] {
            self.dict_set_str(&tb.dict, self.intern(k), v);
        }
        Value::Instance(tb)
    }

    /// A `frame` object for a traceback entry or a running frame: its
    /// code, line and globals (locals are not kept: an empty dict).
    fn frame_object(&mut self, e: &TbEntry) -> Value {
        let line = e.code.position(e.ip as usize).line;
        let cls = self.lazy_type("frame");
        let f = crate::objects::Instance::new(cls);
        let globals = match e.globals.upgrade() {
            Some(g) => Value::Dict(g),
            None => Value::Dict(DictObj::new()),
        };
        for (k, v) in [
            ("f_code", Value::Code(e.code.clone())),
            ("f_lineno", Value::Int(line as i64)),
            ("f_lasti", Value::Int(e.ip as i64 * 2)),
            ("f_globals", globals),
            ("f_locals", Value::Dict(DictObj::new())),
            ("f_back", Value::None),
        ] {
            self.dict_set_str(&f.dict, self.intern(k), v);
        }
        Value::Instance(f)
    }

    /// The running frames, outermost first, as traceback entries (each
    /// at the instruction it is executing).
    pub fn stack_entries(&self) -> Vec<TbEntry> {
        self.frames
            .iter()
            .map(|f| TbEntry {
                code: f.func.code.clone(),
                ip: f.ip.saturating_sub(1) as u32,
                globals: Rc::downgrade(&f.func.globals),
            })
            .collect()
    }

    /// `File ..., line N, in f` blocks for these entries, outermost first
    /// (with `~~^~~` markers for a traceback, without for a stack).
    pub fn format_entries(&self, entries: &[TbEntry], markers: bool) -> String {
        let mut out = String::new();
        format_frames_with(entries, &mut out, markers);
        out
    }

    /// The entries a chain of `traceback` objects stands for, outermost
    /// first (following `tb_next`).
    pub fn traceback_entries(&mut self, tb: &Value) -> Vec<TbEntry> {
        let mut out = Vec::new();
        let mut cur = tb.clone();
        let next = self.intern("tb_next");
        while let Value::Instance(i) = &cur {
            let Some(p) = i.payload::<TbPayload>() else {
                break;
            };
            out.push(p.0.clone());
            let n = self.dict_get_str(&i.dict, &next).ok().flatten();
            cur = n.unwrap_or(Value::None);
        }
        out
    }

    /// The whole report for an uncaught exception, chain included.
    pub fn format_exception(&mut self, exc: &Value) -> String {
        self.format_exception_with(exc, &FormatOpts::default())
    }

    /// The report as the `traceback` module makes it (`opts`).
    pub fn format_exception_with(&mut self, exc: &Value, opts: &FormatOpts) -> String {
        let mut out = String::new();
        let mut seen = Vec::new();
        self.format_chain(exc, &mut out, &mut seen, opts);
        out
    }

    fn format_chain(
        &mut self,
        exc: &Value,
        out: &mut String,
        seen: &mut Vec<usize>,
        opts: &FormatOpts,
    ) {
        seen.push(exc.heap_addr().unwrap_or(0));
        if let Some(st) = self.exc_state(exc).filter(|_| opts.chain) {
            let (cause, context, suppress) = {
                let st = st.borrow(self.gil.token());
                (st.cause.clone(), st.context.clone(), st.suppress_context)
            };
            let unseen = |v: &Value, seen: &Vec<usize>| {
                !v.is_none() && !seen.contains(&v.heap_addr().unwrap_or(0))
            };
            if unseen(&cause, seen) {
                self.format_chain(&cause, out, seen, opts);
                out.push_str(
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                );
            } else if !suppress && unseen(&context, seen) {
                self.format_chain(&context, out, seen, opts);
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
        self.format_one(exc, out, opts);
    }

    fn format_one(&mut self, exc: &Value, out: &mut String, opts: &FormatOpts) {
        let tb: Vec<TbEntry> = self
            .exc_state(exc)
            .map(|st| st.borrow(self.gil.token()).traceback.clone())
            .unwrap_or_default();
        let tb_innermost = tb.first().cloned();
        if !tb.is_empty() {
            // Stored innermost first; printed outermost first.
            let frames: Vec<TbEntry> = limit_entries(tb.into_iter().rev().collect(), opts.limit);
            if !frames.is_empty() || opts.limit.is_none() {
                out.push_str("Traceback (most recent call last):\n");
            }
            format_frames(&frames, out);
        }
        out.push_str(&self.format_exception_only(exc, tb_innermost.as_ref(), opts.suggestions));
    }

    /// The last part of a report: `Type: message` (or a syntax error's
    /// location lines), with a "Did you mean" if `suggestions`.
    pub fn format_exception_only(
        &mut self,
        exc: &Value,
        innermost: Option<&TbEntry>,
        suggestions: bool,
    ) -> String {
        let mut out = String::new();
        let is_syntax = self.isinstance(exc, &self.exc_class(ExcKind::SyntaxError));
        if is_syntax {
            self.format_syntax_error(exc, &mut out);
            return out;
        }
        let mut line = self.exception_line(exc);
        if suggestions {
            if let Some(s) = self.suggestion(exc, innermost) {
                line.pop();
                line.push_str(&format!(". Did you mean: {s}?\n"));
            }
        }
        out.push_str(&line);
        out
    }

    /// CPython's "Did you mean" for an uncaught exception of exactly
    /// NameError (a similar local, global or builtin name of the frame the
    /// traceback ends in) or AttributeError (a similar name in `dir(obj)`),
    /// as a repr. Only printing adds it: `str(exc)` does not have it.
    fn suggestion(&mut self, exc: &Value, innermost: Option<&TbEntry>) -> Option<String> {
        let cls = self.type_of(exc);
        let is = |vm: &Vm, kind| Rc::ptr_eq(&cls, vm.interp.types.exc(kind));
        let (name_error, attr_error) = (
            is(self, ExcKind::NameError),
            is(self, ExcKind::AttributeError),
        );
        if !name_error && !attr_error {
            return None;
        }
        let get = |vm: &mut Vm, attr: &str| {
            let key = vm.intern(attr);
            vm.getattr_opt(exc, &key).ok().flatten()
        };
        let Some(Value::Str(name)) = get(self, "name") else {
            return None;
        };
        let found = if attr_error {
            let obj = get(self, "obj").filter(|o| !o.is_none())?;
            let dir = self.dir_for_suggestions(&obj)?;
            best_match(&dir, name.as_str())
        } else {
            let tb = innermost?;
            let code = &tb.code;
            let locals: Vec<String> = code.slot_names[..code.nlocals as usize]
                .iter()
                .map(|n| n.as_str().to_string())
                .collect();
            let keys = |vm: &Vm, d: &DictObj| -> Option<Vec<String>> {
                d.table
                    .borrow(vm.gil.token())
                    .iter()
                    .map(|e| e.key.as_str().map(str::to_string))
                    .collect()
            };
            let mut found = best_match(&locals, name.as_str());
            if found.is_none() {
                if let Some(globals) = tb.globals.upgrade() {
                    found = best_match(&keys(self, &globals)?, name.as_str());
                }
            }
            if found.is_none() {
                let builtins = self.interp.builtins.clone();
                found = best_match(&keys(self, &builtins)?, name.as_str());
            }
            found
        }?;
        self.repr(&Value::str(found)).ok()
    }

    /// `dir(obj)` as names, or None if it fails or has a non-string.
    fn dir_for_suggestions(&mut self, obj: &Value) -> Option<Vec<String>> {
        let dir_name = self.intern("__dir__");
        let names = match self.lookup_user_method(obj, &dir_name) {
            Some(f) => {
                let r = self.call0(&f).ok()?;
                let mut items = self.collect(&r).ok()?;
                crate::modules::builtins::list::sort_values(self, &mut items, None, false).ok()?;
                items
            }
            None => crate::modules::builtins::object::dir_names(self, obj),
        };
        names
            .iter()
            .map(|n| n.as_str().map(str::to_string))
            .collect()
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
    format_frames_with(frames, out, true)
}

fn format_frames_with(frames: &[TbEntry], out: &mut String, markers: bool) {
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
        format_frame(f, out, markers);
    }
    flush(count, out);
}

/// One frame: the location line, the source line, and the markers.
fn format_frame(f: &TbEntry, out: &mut String, markers: bool) {
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
    if !markers || pos.line == 0 || pos.end_line == 0 {
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

// ----- "Did you mean": CPython's suggestion rules (Python/suggestions.c):
// a Levenshtein distance over UTF-8 bytes where a case flip costs 1 and any
// other edit 2, a limit of a third of the characters involved, and lists of
// at most 750 candidates.

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

fn substitution_cost(a: u8, b: u8) -> usize {
    if a & 31 != b & 31 {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The edit distance of `a` and `b`, or anything above `max_cost` once it
/// is sure to exceed it.
fn levenshtein<'a>(mut a: &'a [u8], mut b: &'a [u8], max_cost: usize) -> usize {
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // One row of the matrix, updated in place: row[i] is the cost of
    // turning the first `i + 1` bytes of `a` into the bytes of `b` seen.
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &code) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (ai, &c) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, c);
            distance = row[ai];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[ai] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The candidate closest to `name` within the limits, the first one on ties.
fn best_match(candidates: &[String], name: &str) -> Option<String> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&String, usize)> = None;
    for item in candidates {
        if item == name {
            continue;
        }
        let limit = (name.len() + item.len() + 3) * MOVE_COST / 6;
        let limit = match best {
            Some((_, d)) => limit.min(d - 1),
            None => limit,
        };
        let d = levenshtein(name.as_bytes(), item.as_bytes(), limit);
        if d > limit {
            continue;
        }
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((item, d));
        }
    }
    best.map(|(s, _)| s.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(levenshtein(b"uper", b"upper", 100), 2);
        assert_eq!(levenshtein(b"Apple", b"apple", 100), 1);
        assert_eq!(levenshtein(b"abc", b"abc", 100), 0);
        assert_eq!(levenshtein(b"kitten", b"sitting", 100), 6);
        assert!(levenshtein(b"abcdef", b"uvwxyz", 3) > 3);
    }

    #[test]
    fn matches() {
        let c = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            best_match(&c(&["counter", "print"]), "countr").as_deref(),
            Some("counter")
        );
        assert_eq!(best_match(&c(&["x"]), "x"), None);
        assert_eq!(best_match(&c(&["zzzzzz"]), "a"), None);
        assert_eq!(best_match(&c(&["ab", "ac"]), "aa").as_deref(), Some("ab"));
    }
}
