//! Unit tests for scope analysis and code generation.

use super::symtable::{self, Access};
use super::*;

fn scopes(src: &str) -> symtable::SymbolTable {
    let m = crate::syntax::parse_module(src).expect("parses");
    symtable::build(&m).expect("analyses")
}

fn find<'a>(t: &'a symtable::SymbolTable, name: &str) -> &'a symtable::Scope {
    t.scopes
        .iter()
        .find(|s| s.name == name)
        .expect("scope exists")
}

#[test]
fn locals_globals_and_builtins() {
    let t = scopes("x = 1\ndef f(a):\n    b = a + x\n    return len(b)\n");
    let f = find(&t, "f");
    assert_eq!(f.access("a"), Access::Local);
    assert_eq!(f.access("b"), Access::Local);
    assert_eq!(f.access("x"), Access::GlobalImplicit);
    assert_eq!(f.access("len"), Access::GlobalImplicit);
}

#[test]
fn closures_make_cells_and_free_variables() {
    let t = scopes("def outer():\n    n = 0\n    def inner():\n        nonlocal n\n        n += 1\n        return n\n    return inner\n");
    assert_eq!(find(&t, "outer").access("n"), Access::Cell);
    assert_eq!(find(&t, "inner").access("n"), Access::Free);
    assert_eq!(find(&t, "inner").frees, vec!["n".to_string()]);
}

#[test]
fn global_declaration_wins() {
    let t = scopes("def f():\n    global g\n    g = 1\n");
    assert_eq!(find(&t, "f").access("g"), Access::GlobalExplicit);
}

#[test]
fn class_bodies_are_invisible_to_methods() {
    let t = scopes("class A:\n    y = 1\n    def m(self):\n        return y\n");
    assert_eq!(find(&t, "A").access("y"), Access::Name);
    assert_eq!(find(&t, "m").access("y"), Access::GlobalImplicit);
}

#[test]
fn super_gets_the_class_cell() {
    let t = scopes("class A(B):\n    def m(self):\n        return super().m()\n");
    assert_eq!(find(&t, "A").access("__class__"), Access::Cell);
    assert_eq!(find(&t, "m").access("__class__"), Access::Free);
}

#[test]
fn comprehension_variables_do_not_leak() {
    let t = scopes("def f(xs):\n    return [x * 2 for x in xs]\n");
    assert_eq!(find(&t, "<listcomp>").access("x"), Access::Local);
    assert_eq!(find(&t, "f").access("x"), Access::GlobalImplicit);
}

#[test]
fn nonlocal_without_binding_is_an_error() {
    let m = crate::syntax::parse_module("def f():\n    nonlocal q\n").expect("parses");
    let e = symtable::build(&m).err().expect("error");
    assert_eq!(e.msg, "no binding for nonlocal 'q' found");
}

#[test]
fn return_outside_function_is_reported() {
    let e = compile_module("return 1\n", "t.py").expect_err("error");
    assert_eq!(e.msg, "'return' outside function");
    assert_eq!((e.line, e.offset), (1, 1));
}

#[test]
fn deep_nesting_is_a_recursion_error_not_a_crash() {
    let src = format!("x = {}1\n", "-".repeat(100_000));
    let r = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || compile_module(&src, "t.py").err().map(|e| e.kind))
        .expect("thread")
        .join()
        .expect("no panic");
    assert_eq!(r, Some(CompileErrorKind::Recursion));
}
