//! Front-end throughput: lexing and parsing, and the whole of lexing,
//! parsing and compiling to bytecode, on a generated ~1000-line source
//! that uses most of the grammar.
//!
//! `cargo bench --bench frontend`

use criterion::{Criterion, Throughput};
use std::fmt::Write as _;
use std::hint::black_box;

/// About 1000 lines: functions with loops and branches, classes with
/// methods, comprehensions, f-strings, try/except, lambdas, closures.
fn generated_source() -> String {
    let mut s = String::from("import math\n\nLIMIT = 100\n\n");
    for i in 0..30 {
        let _ = write!(
            s,
            r#"
def func_{i}(a, b=2, *args, key=None, **kw):
    """Function number {i}."""
    total = 0
    for j in range(a):
        if j % 3 == 0 and j > {i}:
            total += j * b
        elif j in (1, 2, 3):
            total -= 1
        else:
            total = (total << 1) ^ j
    values = [x * x for x in range(10) if x % 2]
    table = {{str(k): k ** 2 for k in values}}
    def inner(y):
        nonlocal total
        total += y
        return lambda z: z + total
    try:
        result = inner(a)(b) / (a - b)
    except ZeroDivisionError as e:
        result = None
    finally:
        pass
    return f"{{total:>8}} {{result!r}} {{len(table)}} {i}"

class Shape_{i}(object):
    sides = {i}
    def __init__(self, w, h):
        self.w, self.h = w, h
    @property
    def area(self):
        return self.w * self.h if self.w > 0 else -math.sqrt(abs(self.h))
    def __repr__(self):
        return "Shape_{i}(%r, %r)" % (self.w, self.h)
"#
        );
    }
    s.push_str("\nif __name__ == '__main__':\n    print(func_0(LIMIT))\n");
    s
}

fn benches(c: &mut Criterion) {
    let src = generated_source();
    assert!(mini::compiler::compile_module(&src, "<gen>").is_ok());
    let mut group = c.benchmark_group("frontend");
    group.throughput(Throughput::Bytes(src.len() as u64));
    group.bench_function(format!("parse {} lines", src.lines().count()), |b| {
        b.iter(|| mini::syntax::parse_module(black_box(&src)).unwrap())
    });
    group.bench_function(format!("compile {} lines", src.lines().count()), |b| {
        b.iter(|| mini::compiler::compile_module(black_box(&src), "<gen>").unwrap())
    });
    group.finish();
}

fn main() {
    // The parser and compiler recurse; give them the interpreter's stack.
    std::thread::Builder::new()
        .name("bench".into())
        .stack_size(mini::embed::STACK_SIZE)
        .spawn(|| {
            let mut c = Criterion::default().configure_from_args();
            benches(&mut c);
            c.final_summary();
        })
        .expect("bench thread")
        .join()
        .expect("benchmarks panicked");
}
