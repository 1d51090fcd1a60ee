//! The `mini` executable: see `mini --help`.

/// mimalloc with a size cap (see `unsafety::Allocator`): mini allocates
/// many small, short-lived objects (strings, lists, argument tuples), and
/// glibc's malloc/free took about a third of the instructions of the
/// string benchmark.
#[global_allocator]
static GLOBAL: mini::unsafety::Allocator = mini::unsafety::Allocator;

fn main() {
    std::process::exit(mini::cli::main());
}
