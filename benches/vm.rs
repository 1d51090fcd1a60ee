//! The VM's hot paths, timed in-process with criterion: each benchmark
//! runs a small mini program through `mini::Interpreter` (compiling it
//! too, which is a few microseconds against milliseconds of running).
//! The programs print nothing.
//!
//! `cargo bench --bench vm` (add a name to pick some: `cargo bench --bench vm fib`).

use criterion::Criterion;
use std::hint::black_box;

const FIB: &str = "
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
assert fib(20) == 6765
";

const LOOP: &str = "
def count(n):
    total = 0
    i = 0
    while i < n:
        total += i
        i += 1
    return total
assert count(100000) == 4999950000
";

const METHODS: &str = "
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def moved(self, dx):
        return Point(self.x + dx, self.y)
    def norm1(self):
        return abs(self.x) + abs(self.y)

def run(n):
    p = Point(0, 5)
    total = 0
    for i in range(n):
        p = p.moved(1)
        total += p.norm1()
    return total
assert run(20000) == 200110000
";

const DICT: &str = "
def run(n):
    d = {}
    for i in range(n):
        d[i % 1000] = d.get(i % 1000, 0) + i
    names = {}
    for i in range(n):
        k = 'k' + str(i % 100)
        names[k] = names.get(k, 0) + 1
    return len(d) + len(names)
assert run(20000) == 1100
";

const STRINGS: &str = "
def run(n):
    s = ''
    for i in range(n):
        s += 'ab'
        s += str(i % 10)
    parts = []
    for i in range(n):
        parts.append('x' + str(i))
    return len(s) + len(''.join(parts))
assert run(20000) == 168890
";

fn benches(c: &mut Criterion) {
    let mut interp = mini::Interpreter::new();
    // Every program must run cleanly before it is timed.
    for (name, src) in [
        ("fib", FIB),
        ("loop", LOOP),
        ("methods", METHODS),
        ("dict", DICT),
        ("strings", STRINGS),
    ] {
        if let Err(e) = interp.run(src) {
            panic!("benchmark program {name} failed:\n{e}");
        }
    }
    c.bench_function("fib(20)", |b| {
        b.iter(|| interp.run(black_box(FIB)).unwrap())
    });
    c.bench_function("while loop 100k", |b| {
        b.iter(|| interp.run(black_box(LOOP)).unwrap())
    });
    c.bench_function("method calls 20k", |b| {
        b.iter(|| interp.run(black_box(METHODS)).unwrap())
    });
    c.bench_function("dict get/set 40k", |b| {
        b.iter(|| interp.run(black_box(DICT)).unwrap())
    });
    c.bench_function("string concat 40k", |b| {
        b.iter(|| interp.run(black_box(STRINGS)).unwrap())
    });
}

fn main() {
    // The interpreter wants a big stack, so criterion runs on a thread
    // that has one.
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
