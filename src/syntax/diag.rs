//! Positions and error rendering: byte offsets to lines and columns, and
//! syntax errors printed exactly as CPython 3.11 prints them.

use super::{SyntaxError, SyntaxErrorKind};

/// Maps byte offsets to 1-based line numbers and 0-based character columns.
/// Lines end at `\n`, `\r\n` or a lone `\r` (Python's universal newlines).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<u32>,
    /// A copy of the source, to count characters within a line.
    source: Box<str>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let b = source.as_bytes();
        let mut starts = vec![0];
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i as u32 + 1);
            }
        }
        LineIndex {
            starts,
            source: source.into(),
        }
    }

    /// (line >= 1, column in characters from the line start).
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1] as usize;
        let end = (offset as usize).clamp(start, self.source.len().max(start));
        let col = match self.source.get(start..end) {
            Some(text) => text.chars().count(),
            // Not a char boundary: count the bytes instead.
            None => end - start,
        };
        (line as u32, col as u32)
    }

    /// The text of `line` without its line break ("" past the end).
    pub fn line_text<'s>(&self, source: &'s str, line: u32) -> &'s str {
        let Some(&start) = self.starts.get((line as usize).wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .starts
            .get(line as usize)
            .map_or(source.len(), |&s| s as usize);
        let text = source.get(start as usize..end).unwrap_or("");
        text.trim_end_matches(['\n', '\r'])
    }

    /// True when `line` holds any text (or at least a line break).
    fn has_line(&self, source: &str, line: u32) -> bool {
        self.starts
            .get((line as usize).wrapping_sub(1))
            .is_some_and(|&s| (s as usize) < source.len())
    }
}

/// Renders a syntax error as CPython 3.11 prints it on stderr for a file
/// (without the "Traceback" header), ending in a newline.
pub fn render_syntax_error(filename: &str, source: &str, err: &SyntaxError) -> String {
    let index = LineIndex::new(source);
    let (line, col) = index.line_col(err.span.start);
    let mut out = format!("  File \"{filename}\", line {line}\n");
    if index.has_line(source, line) {
        let full = index.line_text(source, line);
        // CPython cuts the line at a NUL byte.
        let text = full.split('\0').next().unwrap_or("");
        // Cases where CPython's offset points left of the text: no caret.
        let no_caret = has_no_column(err);
        let offset = if no_caret { 0 } else { col as i64 + 1 };
        let end_offset = match err.kind {
            // CPython ignores the end of IndentationError and TabError.
            SyntaxErrorKind::Indentation | SyntaxErrorKind::Tab => -1,
            SyntaxErrorKind::Syntax => {
                let (end_line, end_col) = index.line_col(err.span.end);
                // Where the range runs past this line, CPython marks up to
                // its end (the line's length including its line break).
                let line_size = full.chars().count() as i64 + i64::from(full.len() < source.len());
                let end = if end_line > line {
                    line_size
                } else {
                    end_col as i64 + 1
                };
                end.min(line_size + 1)
            }
        };
        out.push_str(&error_text(offset, end_offset, text));
    }
    let kind = match err.kind {
        SyntaxErrorKind::Syntax => "SyntaxError",
        SyntaxErrorKind::Indentation => "IndentationError",
        SyntaxErrorKind::Tab => "TabError",
    };
    out.push_str(&format!("{kind}: {}\n", err.msg));
    out
}

/// Errors for which CPython has no column (its offset is 0), so it prints
/// no caret: NUL bytes, a missing block or statement at end of input, and
/// (our own convention) any error whose span ends before it starts.
fn has_no_column(err: &SyntaxError) -> bool {
    let at_eof = err.incomplete
        && (err.msg.starts_with("expected an indented block")
            || err.msg == "invalid syntax"
            || err.msg == "expected 'except' or 'finally' block");
    err.msg == "source code cannot contain null bytes" || err.span.end < err.span.start || at_eof
}

/// CPython's `print_error_text`: the stripped line, then the caret line.
/// `offset` and `end_offset` are 1-based character columns.
fn error_text(offset: i64, end_offset: i64, text: &str) -> String {
    let carets = if end_offset > 0 && end_offset > offset {
        end_offset - offset
    } else {
        1
    };
    let stripped = text.trim_start_matches([' ', '\t', '\x0c']);
    let skipped = (text.chars().count() - stripped.chars().count()) as i64;
    let mut offset = offset - 1 - skipped;
    let len = stripped.chars().count() as i64;
    if offset > len {
        offset = len;
    }
    let mut out = format!("    {stripped}\n");
    if offset >= 0 {
        out.push_str("    ");
        out.push_str(&" ".repeat(offset as usize));
        out.push_str(&"^".repeat(carets as usize));
        out.push('\n');
    }
    out
}
