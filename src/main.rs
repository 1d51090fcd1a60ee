//! The `mini` executable: see `mini --help`.

fn main() {
    std::process::exit(mini::cli::main());
}
