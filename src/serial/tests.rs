//! Codec tests that a program's output cannot show: hostile input (random
//! bytes, every truncation, mutations), deep nesting, speed, and code
//! objects of the whole test corpus surviving a round trip.

use super::{dumps, format, loads};
use crate::gil::GilLock;
use crate::objects::{Code, Value};
use crate::vm::boot::{new_main_vm, Outcome, THREAD_STACK};
use crate::vm::{Config, Vm};
use std::path::{Path, PathBuf};

/// Runs `f` on a fresh interpreter, on a thread with mini's usual stack.
fn with_vm<R: Send + 'static>(f: impl FnOnce(&mut Vm) -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(THREAD_STACK)
        .spawn(move || {
            let gil = GilLock::new_default();
            let mut vm = new_main_vm(Config::default(), gil);
            f(&mut vm)
        })
        .expect("thread starts")
        .join()
        .expect("test thread panicked")
}

/// Runs mini source as `__main__` and returns the global `name`.
fn eval(vm: &mut Vm, source: &str, name: &str) -> Value {
    assert_eq!(vm.run_program(source, "<test>", true), Outcome::Exit(0));
    let main = vm.main_module();
    let Value::Module(m) = main else {
        unreachable!()
    };
    let key = vm.intern(name);
    vm.dict_get_str(&m.dict, &key)
        .unwrap()
        .expect("name defined")
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SAMPLE: &str = r#"
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"
shared = [1, 2]
cyc = []
cyc.append(cyc)
sample = [
    None, True, False, 0, -5, 2**80, -(2**70), 1.5, -0.0, float("inf"),
    "text", "h\u00e9llo", b"\x00\xff", (1, (2, 3)), [shared, shared],
    {"a": 1, "b": [2, 3]}, {1, 2, 3}, frozenset({"x"}), range(0, 10, 2),
    slice(1, 2, None), ..., Point(1, "two"), cyc, ValueError("boom", 3),
]
"#;

const LAMBDA: &str = r#"
def make(n):
    def f(k, *rest, scale=2, **kw):
        try:
            return [k * n * scale for _ in range(2)]
        except Exception as e:
            return e
    return f
fn = (make(3), lambda a, b=1: a + b)
"#;

#[test]
fn values_round_trip() {
    with_vm(|vm| {
        let v = eval(vm, SAMPLE, "sample");
        let data = match dumps(vm, &v) {
            Ok(d) => d,
            Err(e) => {
                let e = vm.exc_value(e);
                panic!("{}", vm.repr(&e).unwrap())
            }
        };
        let back = loads(vm, &data).unwrap();
        assert_eq!(vm.repr(&v).unwrap(), vm.repr(&back).unwrap());
        // And again, from the copy (whose sharing may differ: constants
        // of the original are also held by code objects).
        let data2 = dumps(vm, &back).unwrap();
        let again = loads(vm, &data2).unwrap();
        assert_eq!(vm.repr(&v).unwrap(), vm.repr(&again).unwrap());
    });
}

fn is_unpickling(vm: &mut Vm, r: crate::vm::PyResult<Value>) -> bool {
    match r {
        Ok(_) => false,
        Err(e) => super::is_unpickling_error(vm, &e),
    }
}

#[test]
fn every_truncation_is_an_unpickling_error() {
    with_vm(|vm| {
        let mut payloads = Vec::new();
        for (src, name) in [(SAMPLE, "sample"), (LAMBDA, "fn")] {
            let v = eval(vm, src, name);
            payloads.push(dumps(vm, &v).unwrap());
        }
        payloads.push(dumps(vm, &Value::Int(7)).unwrap());
        for p in &payloads {
            assert!(loads(vm, p).is_ok());
            for cut in 0..p.len() {
                let r = loads(vm, &p[..cut]);
                assert!(is_unpickling(vm, r), "prefix of {cut} bytes");
            }
            // Trailing garbage is refused too.
            let mut longer = p.clone();
            longer.push(0);
            let r = loads(vm, &longer);
            assert!(is_unpickling(vm, r));
        }
        let r = loads(vm, &[format::VERSION + 1, format::NONE, format::STOP]);
        assert!(is_unpickling(vm, r));
    });
}

#[test]
fn random_bytes_never_panic() {
    with_vm(|vm| {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        // Tags that make the decoder run code (imports, calls) are left
        // out of the alphabet: random programs must not import or call
        // arbitrary things.
        let risky = [format::GLOBAL, format::REDUCE, format::GETATTR];
        for round in 0..30_000 {
            let len = rng.below(48);
            let mut data = vec![format::VERSION];
            for _ in 0..len {
                let b = if rng.below(3) == 0 {
                    // Mostly valid tags, to get past the first byte.
                    b"NTFEnifsbrtldSz:LaDuQAmgpYOB+*$XxkcCKPM."[rng.below(40)]
                } else {
                    rng.next() as u8
                };
                data.push(if risky.contains(&b) { format::NONE } else { b });
            }
            if round % 2 == 0 {
                data.push(format::STOP);
            }
            let _ = loads(vm, &data);
        }
    });
}

#[test]
fn mutated_payloads_never_panic() {
    with_vm(|vm| {
        let mut payloads = Vec::new();
        for (src, name) in [(SAMPLE, "sample"), (LAMBDA, "fn")] {
            let v = eval(vm, src, name);
            payloads.push(dumps(vm, &v).unwrap());
        }
        let mut rng = Rng(12345);
        for _ in 0..20_000 {
            let p = &payloads[rng.below(payloads.len())];
            let mut data = p.clone();
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(data.len());
                match rng.below(3) {
                    0 => data[i] = rng.next() as u8,
                    1 => {
                        data.remove(i);
                    }
                    _ => data.insert(i, rng.next() as u8),
                }
            }
            // Keep the decoder from calling anything (see above).
            if data.contains(&format::REDUCE) {
                continue;
            }
            let _ = loads(vm, &data);
        }
    });
}

#[test]
fn deep_nesting_needs_no_rust_stack() {
    // A thread with a small stack: dumps and loads must not recurse.
    let r = std::thread::Builder::new()
        .stack_size(THREAD_STACK)
        .spawn(|| {
            let gil = GilLock::new_default();
            let mut vm = new_main_vm(Config::default(), gil);
            let vm = &mut vm;
            let mut v = Value::list(Vec::new());
            for _ in 0..200_000 {
                v = Value::list(vec![v]);
            }
            // Encode and decode on a small stack.
            let (data, back) = {
                let data = dumps(vm, &v).unwrap();
                let back = loads(vm, &data).unwrap();
                (data, back)
            };
            assert!(data.len() > 200_000);
            // Walk down the copy iteratively.
            let mut depth = 0;
            let mut cur = back.clone();
            loop {
                let next = match &cur {
                    Value::List(l) => l.items.borrow(vm.gil()).first().cloned(),
                    _ => None,
                };
                match next {
                    Some(n) => {
                        cur = n;
                        depth += 1;
                    }
                    None => break,
                }
            }
            assert_eq!(depth, 200_000);
            depth
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(r, 200_000);
}

#[test]
fn small_messages_are_fast() {
    with_vm(|vm| {
        let msg = Value::tuple(vec![
            Value::Int(1),
            Value::Int(200),
            Value::Int(-3),
            Value::str("result"),
        ]);
        let int = Value::Int(123_456);
        for v in [&int, &msg] {
            let data = dumps(vm, v).unwrap();
            let back = loads(vm, &data).unwrap();
            assert_eq!(vm.repr(&back).unwrap(), vm.repr(v).unwrap());
            let n = 200_000;
            let t = std::time::Instant::now();
            for _ in 0..n {
                let data = dumps(vm, v).unwrap();
                let back = loads(vm, &data).unwrap();
                std::hint::black_box(back);
            }
            let per = t.elapsed() / n;
            eprintln!("dumps+loads of a {}-byte message: {per:?}", data.len());
            // Generous: a loaded machine or a debug build is slower.
            if !cfg!(debug_assertions) {
                assert!(per < std::time::Duration::from_micros(20), "{per:?}");
            }
        }
    });
}

/// Every `.mini` program under `dir`.
fn programs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            programs(&p, out);
        } else if p.extension().is_some_and(|x| x == "mini") {
            out.push(p);
        }
    }
}

/// Whether two code objects agree on everything the VM uses.
fn same_code(vm: &mut Vm, a: &Code, b: &Code) -> bool {
    let strs = |v: &[std::rc::Rc<crate::objects::StrObj>]| {
        v.iter().map(|s| s.as_str().to_string()).collect::<Vec<_>>()
    };
    if a.name != b.name
        || a.qualname != b.qualname
        || a.filename != b.filename
        || a.first_line != b.first_line
        || a.instrs != b.instrs
        || a.positions != b.positions
        || strs(&a.names) != strs(&b.names)
        || strs(&a.slot_names) != strs(&b.slot_names)
        || (
            a.nlocals,
            a.nfree,
            a.argcount,
            a.posonlyargcount,
            a.kwonlyargcount,
        ) != (
            b.nlocals,
            b.nfree,
            b.argcount,
            b.posonlyargcount,
            b.kwonlyargcount,
        )
        || a.flags != b.flags
        || a.fast_call != b.fast_call
        || a.exc_table != b.exc_table
        || a.consts.len() != b.consts.len()
    {
        return false;
    }
    for (x, y) in a.consts.iter().zip(b.consts.iter()) {
        let ok = match (x, y) {
            (Value::Code(x), Value::Code(y)) => same_code(vm, x, y),
            (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
            _ => vm.repr(x).unwrap() == vm.repr(y).unwrap(),
        };
        if !ok {
            return false;
        }
    }
    true
}

#[test]
fn corpus_code_objects_round_trip() {
    with_vm(|vm| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        programs(&root.join("tests").join("programs"), &mut files);
        assert!(files.len() > 50);
        let mut checked = 0;
        for file in files {
            let Ok(src) = std::fs::read_to_string(&file) else {
                continue;
            };
            let name = file.display().to_string();
            let Ok(co) = crate::compiler::compile_module(&src, &name) else {
                continue;
            };
            let code = vm.load_code(&co, None);
            let v = Value::Code(code.clone());
            let data = dumps(vm, &v).unwrap();
            let back = match loads(vm, &data) {
                Ok(Value::Code(c)) => c,
                Ok(_) => panic!("{name}: not a code object"),
                Err(e) => {
                    let e = vm.exc_value(e);
                    panic!("{name}: {}", vm.repr(&e).unwrap())
                }
            };
            assert!(same_code(vm, &code, &back), "{name}");
            checked += 1;
        }
        assert!(checked > 50);
    });
}
