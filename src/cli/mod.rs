//! The `mini` command line.

pub mod repl;

use crate::gil::GilLock;
use crate::vm::boot::{new_main_vm, Outcome, THREAD_STACK};
use crate::vm::Config;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Read};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "mini",
    version,
    about = "A small Python-subset runtime with a real global interpreter lock",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Program passed in as a string (sys.argv[0] is '-c').
    #[arg(short = 'c', value_name = "CODE", allow_hyphen_values = true)]
    pub code: Option<String>,

    /// Script to run (omit for a REPL on a terminal, or stdin otherwise).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// GIL hand-off policy.
    #[arg(long, value_name = "NAME", default_value = "cpython", value_parser = clap::builder::PossibleValuesParser::new(crate::gil::policy::policy_names()))]
    pub gil_policy: String,

    /// GIL switch interval, e.g. 5ms, 100us, 0.002s (sys.setswitchinterval).
    #[arg(long, value_name = "DURATION", default_value = "5ms", value_parser = parse_duration)]
    pub switch_interval: std::time::Duration,

    /// Switch points between GIL drops under the legacy policy.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub check_interval: u32,

    /// At exit, print per-thread GIL statistics on stderr.
    #[arg(long)]
    pub gil_stats: bool,

    /// Run as a multiprocessing child (mini's own use: the start-up data
    /// comes on stdin).
    #[arg(long, hide = true)]
    pub multiprocessing_child: bool,

    /// Arguments for the program (sys.argv[1:]).
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the bytecode of every code object in FILE, like `python -m dis`.
    Disasm { file: PathBuf },
}

/// Parses the command line, runs, and returns the process exit status.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::Disasm { file }) => return disasm(file),
        None => {}
    }
    let options = crate::gil::PolicyOptions {
        check_interval: cli.check_interval,
    };
    let Some(policy) = crate::gil::policy::make_policy(&cli.gil_policy, &options) else {
        eprintln!("mini: unknown GIL policy '{}'", cli.gil_policy);
        return 2;
    };
    let gil = GilLock::with_policy(cli.switch_interval, policy);
    // Children of `multiprocessing` run with the same GIL settings.
    let mut child_flags = vec![
        format!("--gil-policy={}", cli.gil_policy),
        format!("--check-interval={}", cli.check_interval),
    ];
    if cli.gil_stats {
        child_flags.push("--gil-stats".into());
    }
    crate::modules::mp::spawn::set_child_flags(child_flags);
    crate::signals::install(gil);
    let show_stats = cli.gil_stats;
    // The interpreter runs on a thread with a large stack, so deep (but
    // bounded) native recursion never overflows.
    let handle = std::thread::Builder::new()
        .name("main".into())
        .stack_size(THREAD_STACK)
        .spawn(move || run(cli, gil));
    let outcome = match handle.map(|h| h.join()) {
        Ok(Ok(o)) => o,
        _ => {
            crate::stdio::stderr_write("mini: internal error: the interpreter thread failed\n");
            Outcome::Exit(70)
        }
    };
    crate::stdio::stdout_flush();
    if show_stats {
        crate::stdio::stderr_write(&gil.stats_table());
    }
    match outcome {
        Outcome::Exit(code) => code,
        Outcome::Interrupted => crate::signals::exit_by_sigint(),
    }
}

fn run(cli: Cli, gil: &'static GilLock) -> Outcome {
    if cli.multiprocessing_child {
        return crate::modules::mp::child::run(gil);
    }
    let mut config = Config::default();
    if let Some(code) = &cli.code {
        // With -c, FILE (if any) is the first program argument.
        config.argv.push("-c".into());
        if let Some(f) = &cli.file {
            config.argv.push(f.display().to_string());
        }
        config.argv.extend(cli.args.iter().cloned());
        config.main_dir = std::env::current_dir().ok();
        let mut vm = new_main_vm(config, gil);
        return vm.run_program(code, "<string>", false);
    }
    match &cli.file {
        Some(path) => {
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    let shown = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                    let errno = e.raw_os_error().unwrap_or(2);
                    let msg = e.to_string();
                    let msg = msg.split(" (os error").next().unwrap_or(&msg).to_string();
                    crate::stdio::stderr_write(&format!(
                        "mini: can't open file '{}': [Errno {errno}] {msg}\n",
                        shown.display()
                    ));
                    return Outcome::Exit(2);
                }
            };
            config.argv.push(path.display().to_string());
            config.argv.extend(cli.args.iter().cloned());
            let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            config.main_dir = abs.parent().map(|p| p.to_path_buf());
            config.script = Some(path.clone());
            let filename = abs.display().to_string();
            let source = match crate::compiler::decode_source(&bytes, &filename) {
                Ok(s) => s,
                Err(e) => {
                    crate::stdio::stderr_write(&crate::vm::boot::render_compile_error(&e, ""));
                    return Outcome::Exit(1);
                }
            };
            let mut vm = new_main_vm(config, gil);
            vm.run_program(&source, &filename, true)
        }
        None if std::io::stdin().is_terminal() => {
            config.argv.push(String::new());
            config.main_dir = std::env::current_dir().ok();
            let mut vm = new_main_vm(config, gil);
            repl::run(&mut vm)
        }
        None => {
            let mut bytes = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut bytes);
            config.argv.push("-".into());
            config.argv.extend(cli.args.iter().cloned());
            config.main_dir = std::env::current_dir().ok();
            let source = match crate::compiler::decode_source(&bytes, "<stdin>") {
                Ok(s) => s,
                Err(e) => {
                    crate::stdio::stderr_write(&crate::vm::boot::render_compile_error(&e, ""));
                    return Outcome::Exit(1);
                }
            };
            let mut vm = new_main_vm(config, gil);
            vm.run_program(&source, "<stdin>", false)
        }
    }
}

/// `5ms`, `100us`, `250ns`, `0.002s` or a bare number of seconds.
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1e-3)
    } else if let Some(n) = s.strip_suffix("us").or_else(|| s.strip_suffix("µs")) {
        (n, 1e-6)
    } else if let Some(n) = s.strip_suffix("ns") {
        (n, 1e-9)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else {
        (s, 1.0)
    };
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("not a duration: '{s}' (try 5ms, 100us)"))?;
    if v.is_nan() || v <= 0.0 || !v.is_finite() {
        return Err("the switch interval must be positive".into());
    }
    std::time::Duration::try_from_secs_f64(v * scale).map_err(|e| e.to_string())
}

fn disasm(file: &std::path::Path) -> i32 {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("mini: can't open file '{}': {e}", file.display());
            return 2;
        }
    };
    let name = file.display().to_string();
    let result = crate::compiler::decode_source(&bytes, &name).and_then(|src| {
        crate::compiler::compile_module(&src, &name)
            .map_err(|e| (e, src))
            .map_err(|(e, src)| {
                eprint!("{}", crate::vm::boot::render_compile_error(&e, &src));
                e
            })
    });
    match result {
        Ok(co) => {
            print!("{}", crate::compiler::disasm::disassemble(&co));
            0
        }
        Err(_) => 1,
    }
}
