//! The interactive prompt: `>>> ` and `... `, expression values echoed.

use crate::vm::boot::Outcome;
use crate::vm::Vm;
use std::io::{BufRead, Write};

pub fn run(vm: &mut Vm) -> Outcome {
    let main = vm.main_module();
    let crate::objects::Value::Module(m) = &main else {
        return Outcome::Exit(1);
    };
    let globals = m.dict.clone();
    eprintln!(
        "mini {} (Python 3.11 subset). Ctrl-D exits.",
        env!("CARGO_PKG_VERSION")
    );
    let stdin = std::io::stdin();
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() { ">>> " } else { "... " };
        crate::stdio::stdout_flush();
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => {
                eprintln!();
                return vm.finish(Ok(()));
            }
            Ok(_) => {}
        }
        buffer.push_str(&line);
        // A blank line ends a compound statement.
        let blank = line.trim().is_empty();
        match crate::compiler::compile_interactive(&buffer, "<stdin>") {
            Err(e) if e.incomplete && !blank => continue,
            Err(e) => {
                eprint!("{}", crate::vm::boot::render_compile_error(&e, &buffer));
                buffer.clear();
            }
            Ok(code) => {
                let needs_more = buffer.trim_end().ends_with(':') && !blank;
                if needs_more {
                    continue;
                }
                buffer.clear();
                let code = vm.load_code(&code, None);
                if let Err(e) = vm.run_module_code(code, &globals) {
                    let exc = vm.exc_value(e);
                    if vm.isinstance(&exc, &vm.exc_class(crate::objects::ExcKind::SystemExit)) {
                        return vm.report_uncaught(crate::objects::PyErr::from_value(exc));
                    }
                    crate::stdio::stdout_flush();
                    let text = vm.format_exception(&exc);
                    crate::stdio::stderr_write(&text);
                }
                crate::stdio::stdout_flush();
            }
        }
    }
}
