//! The interactive prompt, as python3's: `>>> ` and `... ` prompts, line
//! editing and history (rustyline; history kept in `~/.mini_history`),
//! multi-line blocks ended by a blank line, expression values echoed,
//! tracebacks printed without leaving, Ctrl-C discarding the input being
//! typed (or interrupting the running statement), Ctrl-D leaving.

use crate::compiler::bytecode::CodeObject;
use crate::compiler::CompileError;
use crate::objects::exception::PyErr;
use crate::objects::{DictObj, ExcKind, Value};
use crate::vm::boot::Outcome;
use crate::vm::Vm;
use std::io::BufRead;
use std::path::PathBuf;
use std::rc::Rc;

/// Where the history is kept, between sessions.
const HISTORY_FILE: &str = ".mini_history";
/// At most this many history lines are kept.
const HISTORY_SIZE: usize = 1000;

/// What came of reading one line.
enum Line {
    Text(String),
    /// Ctrl-C at the prompt.
    Interrupted,
    /// Ctrl-D (or the end of input).
    Eof,
}

/// Where lines come from: rustyline on a terminal, or plain reads when it
/// cannot start (an odd terminal).
enum Reader {
    Editor(Box<rustyline::Editor<Indent, rustyline::history::DefaultHistory>>),
    Plain,
}

impl Reader {
    fn new() -> Reader {
        let config = rustyline::Config::builder()
            .max_history_size(HISTORY_SIZE)
            .map(|b| b.auto_add_history(false).build());
        match config.and_then(rustyline::Editor::with_config) {
            Ok(mut ed) => {
                ed.set_helper(Some(Indent));
                if let Some(path) = history_path() {
                    let _ = ed.load_history(&path);
                }
                Reader::Editor(Box::new(ed))
            }
            Err(_) => Reader::Plain,
        }
    }

    fn read(&mut self, prompt: &str) -> Line {
        match self {
            Reader::Editor(ed) => match ed.readline(prompt) {
                Ok(text) => {
                    if !text.trim().is_empty() {
                        let _ = ed.add_history_entry(text.as_str());
                    }
                    Line::Text(text)
                }
                Err(rustyline::error::ReadlineError::Interrupted) => Line::Interrupted,
                Err(_) => Line::Eof,
            },
            Reader::Plain => {
                crate::stdio::stderr_write(prompt);
                let mut text = String::new();
                match std::io::stdin().lock().read_line(&mut text) {
                    Ok(0) | Err(_) => Line::Eof,
                    Ok(_) => {
                        if text.ends_with('\n') {
                            text.pop();
                        }
                        Line::Text(text)
                    }
                }
            }
        }
    }

    /// Writes the history out; failing to is not worth a word.
    fn save(&mut self) {
        if let (Reader::Editor(ed), Some(path)) = (self, history_path()) {
            let _ = ed.save_history(&path);
        }
    }
}

fn history_path() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(HISTORY_FILE))
}

/// The editor's helper: Tab at the start of a line (or after only
/// blanks) indents by four spaces; there is no name completion.
struct Indent;

impl rustyline::completion::Completer for Indent {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let before = line.get(..pos).unwrap_or("");
        if before.chars().all(char::is_whitespace) {
            Ok((pos, vec!["    ".to_string()]))
        } else {
            Ok((pos, Vec::new()))
        }
    }
}

impl rustyline::hint::Hinter for Indent {
    type Hint = String;
}
impl rustyline::highlight::Highlighter for Indent {}
impl rustyline::validate::Validator for Indent {}
impl rustyline::Helper for Indent {}

/// What to do with the input typed so far.
enum Step {
    /// Show `... ` and read another line.
    More,
    Run(CodeObject),
    Error(CompileError),
}

/// Statements whose input goes on until a blank line, as in python3's
/// REPL (the header may be followed by `else:`, `except:`, more methods).
const COMPOUND: &[&str] = &[
    "if", "for", "while", "def", "class", "with", "try", "async", "match",
];

/// Whether `source` starts a compound statement (so only a blank line
/// ends it).
fn starts_block(source: &str) -> bool {
    let Some(first) = source
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return false;
    };
    if first.starts_with('@') {
        return true;
    }
    let word: String = first
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    // `match` is a soft keyword: `match = 1` is an assignment.
    let ends_colon = first.trim_end().ends_with(':');
    COMPOUND.contains(&word.as_str()) && (word != "match" || ends_colon)
}

/// Decides, after each line, whether the input is complete. `blank` is
/// whether the last line was empty (or only blanks).
fn step(source: &str, blank: bool) -> Step {
    let block = starts_block(source);
    match crate::compiler::compile_interactive(source, "<stdin>") {
        Ok(code) if block && !blank => {
            let _ = code;
            Step::More
        }
        Ok(code) => Step::Run(code),
        // The input stopped early: inside brackets or a string, ask for
        // more, even after a blank line; a block header followed by a
        // blank line is an error (python3's "expected an indented block").
        Err(e) if e.incomplete && !(blank && block && !inside_brackets(source)) => Step::More,
        Err(e) => Step::Error(e),
    }
}

/// Whether `source` ends inside an open bracket or a triple-quoted string
/// (a rough scan; it only decides between `... ` and an error).
fn inside_brackets(source: &str) -> bool {
    let mut depth = 0i64;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '\'' | '"' => {
                let rest: String = chars.clone().take(2).collect();
                let triple = rest.len() == 2 && rest.chars().all(|r| r == c);
                if triple {
                    chars.next();
                    chars.next();
                }
                let mut closed = false;
                let mut run = 0;
                while let Some(s) = chars.next() {
                    if s == '\\' {
                        chars.next();
                        run = 0;
                        continue;
                    }
                    if s == c {
                        run += 1;
                        if !triple || run == 3 {
                            closed = true;
                            break;
                        }
                    } else {
                        run = 0;
                        if s == '\n' && !triple {
                            closed = true;
                            break;
                        }
                    }
                }
                if !closed && triple {
                    return true;
                }
            }
            _ => {}
        }
    }
    depth > 0
}

/// Runs the prompt until Ctrl-D, `exit()` or an uncaught `SystemExit`.
pub fn run(vm: &mut Vm) -> Outcome {
    let main = vm.main_module();
    let Value::Module(m) = &main else {
        return Outcome::Exit(1);
    };
    let globals = m.dict.clone();
    crate::stdio::stderr_write(&format!(
        "mini {} (a Python 3.11 subset)\nType exit() or press Ctrl-D to leave.\n",
        env!("CARGO_PKG_VERSION")
    ));
    let mut reader = Reader::new();
    let outcome = repl_loop(vm, &globals, &mut reader);
    reader.save();
    outcome
}

fn repl_loop(vm: &mut Vm, globals: &Rc<DictObj>, reader: &mut Reader) -> Outcome {
    let mut buffer = String::new();
    loop {
        crate::stdio::stdout_flush();
        let prompt = if buffer.is_empty() { ">>> " } else { "... " };
        let line = match reader.read(prompt) {
            Line::Text(t) => t,
            Line::Interrupted => {
                crate::stdio::stderr_write("KeyboardInterrupt\n");
                buffer.clear();
                continue;
            }
            Line::Eof => {
                crate::stdio::stderr_write("\n");
                return vm.finish(Ok(()));
            }
        };
        let blank = line.trim().is_empty();
        if buffer.is_empty() && blank {
            continue;
        }
        buffer.push_str(&line);
        buffer.push('\n');
        match step(&buffer, blank) {
            Step::More => continue,
            Step::Error(e) => {
                crate::stdio::stderr_write(&crate::vm::boot::render_compile_error(&e, &buffer));
                buffer.clear();
            }
            Step::Run(code) => {
                buffer.clear();
                // A Ctrl-C that came between statements is dropped.
                let _ = crate::signals::check(vm);
                let code = vm.load_code(&code, None);
                if let Err(e) = vm.run_module_code(code, globals) {
                    if let Some(outcome) = report(vm, e) {
                        return outcome;
                    }
                }
            }
        }
    }
}

/// Prints an exception that ended a statement; `SystemExit` ends the REPL.
fn report(vm: &mut Vm, e: PyErr) -> Option<Outcome> {
    let exc = vm.exc_value(e);
    if vm.isinstance(&exc, &vm.exc_class(ExcKind::SystemExit)) {
        return Some(vm.finish(Err(PyErr::from_value(exc))));
    }
    crate::stdio::stdout_flush();
    let text = vm.format_exception(&exc);
    crate::stdio::stderr_write(&text);
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_headers() {
        assert!(starts_block("def f():\n"));
        assert!(starts_block("  # c\nfor i in x: print(i)\n"));
        assert!(starts_block("@dec\n"));
        assert!(starts_block("match x:\n"));
        assert!(!starts_block("match = 3\n"));
        assert!(!starts_block("x = 1\n"));
        assert!(!starts_block("iffy = 1\n"));
    }

    #[test]
    fn brackets() {
        assert!(inside_brackets("x = [\n"));
        assert!(inside_brackets("for i in (1,\n"));
        assert!(!inside_brackets("x = '['\n"));
        assert!(!inside_brackets("def f(): # (\n"));
        assert!(inside_brackets("s = '''abc\n"));
        assert!(!inside_brackets("s = '''a)b'''\n"));
    }

    #[test]
    fn steps() {
        assert!(matches!(step("1 + 1\n", false), Step::Run(_)));
        assert!(matches!(step("x = (1,\n", false), Step::More));
        assert!(matches!(step("x = (1,\n2)\n", false), Step::Run(_)));
        assert!(matches!(step("def f():\n", false), Step::More));
        assert!(matches!(step("def f():\n  return 1\n", false), Step::More));
        assert!(matches!(
            step("def f():\n  return 1\n\n", true),
            Step::Run(_)
        ));
        assert!(matches!(step("def f():\n\n", true), Step::Error(_)));
        assert!(matches!(step("if x:\n  y = [\n\n", true), Step::More));
        assert!(matches!(step("1 +* 2\n", false), Step::Error(_)));
    }
}
