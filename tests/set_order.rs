//! Replays `tests/data/set_ops.txt` (random set operations recorded from
//! CPython 3.11 by `tests/data/gen_set_ops.py`) and checks that every
//! iteration order and every `pop()` result is the same.

use mini::objects::hash::{hash_bigint, hash_tuple};
use mini::objects::set_table::{
    difference, difference_update, intersection, symmetric_difference, symmetric_difference_update,
    union, SetTable,
};
use num_bigint::BigInt;

#[derive(Debug, Clone, PartialEq)]
enum Key {
    Int(BigInt),
    Tuple(Vec<BigInt>),
}

fn parse(token: &str) -> Key {
    match token.strip_prefix("t:") {
        Some("") => Key::Tuple(Vec::new()),
        Some(items) => Key::Tuple(items.split(',').map(|s| s.parse().unwrap()).collect()),
        None => Key::Int(token.parse().unwrap()),
    }
}

fn hash(k: &Key) -> i64 {
    match k {
        Key::Int(v) => hash_bigint(v),
        Key::Tuple(items) => hash_tuple(items.iter().map(hash_bigint)),
    }
}

fn eq(a: &Key, b: &Key) -> bool {
    a == b
}

fn add(s: &mut SetTable<Key>, k: Key) {
    let h = hash(&k);
    let probe = k.clone();
    s.insert(h, k, |stored| *stored == probe);
}

fn adds(tokens: &[&str]) -> SetTable<Key> {
    let mut s = SetTable::new();
    for t in tokens {
        add(&mut s, parse(t));
    }
    s
}

fn index(name: &str) -> usize {
    match name {
        "A" => 0,
        "B" => 1,
        "C" => 2,
        other => panic!("bad set name {other}"),
    }
}

/// Borrows one set mutably and a different one shared (a copy would not
/// do: copying can change the iteration order).
fn target_and_other<'a>(
    sets: &'a mut [SetTable<Key>; 3],
    target: &str,
    other: &str,
) -> (&'a mut SetTable<Key>, &'a SetTable<Key>) {
    let (t, o) = (index(target), index(other));
    assert_ne!(t, o, "the fixture never updates a set with itself");
    let [a, b, c] = sets;
    let mut refs = [Some(a), Some(b), Some(c)];
    let target = refs[t].take().unwrap();
    let other = refs[o].take().unwrap();
    (target, other)
}

#[test]
fn random_operations_match_cpython() {
    let text = include_str!("data/set_ops.txt");
    let mut sets: [SetTable<Key>; 3] = Default::default();
    let mut checks = 0;
    for (line_no, line) in text.lines().enumerate() {
        let words: Vec<&str> = line.split(' ').collect();
        let ctx = || format!("line {}: {line}", line_no + 1);
        match words[0] {
            "#" => sets = Default::default(),
            "add" => add(&mut sets[index(words[1])], parse(words[2])),
            "discard" => {
                let k = parse(words[2]);
                sets[index(words[1])].remove(hash(&k), |s| *s == k);
            }
            "pop" => {
                let got = sets[index(words[1])].pop().map(|(_, k)| k);
                assert_eq!(got, Some(parse(words[3])), "{}", ctx());
            }
            "update" => {
                let (target, other) = target_and_other(&mut sets, words[1], words[2]);
                target.merge(other, eq);
            }
            "update_list" => {
                for t in &words[2..] {
                    if !t.is_empty() {
                        add(&mut sets[index(words[1])], parse(t));
                    }
                }
            }
            "copy" => sets[index(words[1])] = sets[index(words[2])].clone(),
            "or" | "and" | "sub" | "xor" => {
                let (a, b) = (&sets[index(words[2])], &sets[index(words[3])]);
                let result = match words[0] {
                    "or" => union(a, b, eq),
                    "and" => intersection(a, b, eq),
                    "sub" => difference(a, b, eq),
                    _ => symmetric_difference(a, b, eq),
                };
                sets[index(words[1])] = result;
            }
            "iand" => {
                let result = intersection(&sets[index(words[1])], &sets[index(words[2])], eq);
                sets[index(words[1])].replace_body(result);
            }
            "isub" | "ixor" => {
                let (target, other) = target_and_other(&mut sets, words[1], words[2]);
                if words[0] == "isub" {
                    difference_update(target, other, eq);
                } else {
                    symmetric_difference_update(target, other, eq);
                }
            }
            "clear" => sets[index(words[1])].clear(),
            "lit" => {
                let first = adds(&words[2..]);
                let mut again = SetTable::new();
                for (_, k) in first.iter() {
                    add(&mut again, k.clone());
                }
                sets[index(words[1])] = again.clone();
            }
            "check" => {
                let expected: Vec<Key> = words[2..]
                    .iter()
                    .filter(|t| !t.is_empty())
                    .map(|t| parse(t))
                    .collect();
                let got: Vec<Key> = sets[index(words[1])]
                    .iter()
                    .map(|(_, k)| k.clone())
                    .collect();
                assert_eq!(got, expected, "{}", ctx());
                checks += 1;
            }
            other => panic!("unknown op {other} at {}", ctx()),
        }
    }
    assert!(checks > 1000, "fixture too small: {checks} checks");
}
