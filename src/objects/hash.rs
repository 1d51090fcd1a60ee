//! CPython-compatible hash values for the built-in value types.
//!
//! A Python program can observe hashes directly (`hash(x)`) and indirectly
//! through the iteration order of sets, which is decided by the low bits of
//! each element's hash. To print the same thing as `python3` we therefore
//! reproduce CPython 3.11's numbers bit for bit, on a 64-bit platform where
//! `Py_hash_t` is a signed 64-bit integer.
//!
//! # The numeric hash
//!
//! CPython hashes every number (int, float, bool, Fraction, Decimal) by its
//! exact rational value reduced modulo the Mersenne prime `P = 2**61 - 1`
//! (see `Python/pyhash.c`, `_Py_HashDouble`, and `Objects/longobject.c`,
//! `long_hash`). That is what makes `hash(2) == hash(2.0) == hash(True + 1)`.
//! For a value `v` with sign `s`, the hash is `s * (|v| mod P)`, where a
//! fraction `m / 2**k` is reduced using the inverse of `2**k` modulo `P`.
//! Because `2**61 == 1 (mod P)`, multiplying a 61-bit residue by `2**e` is a
//! 61-bit left *rotation* by `e mod 61`, which is how both the C code and
//! this file do it.
//!
//! # The -1 rule
//!
//! In CPython's C API a hash of `-1` signals "an exception happened", so no
//! object may hash to `-1`. Every function here maps a would-be `-1` to
//! `-2` (numbers and strings) or to the special constant CPython uses for
//! that type (tuples and frozensets).

use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// The Mersenne prime `2**61 - 1` that numeric hashes are reduced by
/// (CPython's `_PyHASH_MODULUS`).
pub const HASH_MODULUS: i64 = (1 << 61) - 1;

/// Number of bits in [`HASH_MODULUS`] (CPython's `_PyHASH_BITS`).
const HASH_BITS: u32 = 61;

/// `hash(float('inf'))`; `hash(float('-inf'))` is its negation
/// (CPython's `_PyHASH_INF`).
pub const HASH_INF: i64 = 314_159;

/// CPython reserves `-1` as an error marker; numeric and string hashes that
/// would come out as `-1` are reported as `-2` instead.
fn fix_minus_one(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Combines a sign and a residue in `0..P` into a final hash.
fn signed_residue(negative: bool, residue: u64) -> i64 {
    // `residue < 2**61`, so the conversion cannot fail; 0 is a safe default.
    let r = i64::try_from(residue).unwrap_or(0);
    fix_minus_one(if negative { -r } else { r })
}

/// `hash(True)` is 1 and `hash(False)` is 0, because bool is an int subtype.
pub fn hash_bool(b: bool) -> i64 {
    i64::from(b)
}

/// Hash of a machine-sized Python int (mirrors `long_hash`).
///
/// `|v| mod P`, carrying the sign of `v`, with `-1` turned into `-2`
/// (so `hash(-1) == hash(-2) == -2`).
pub fn hash_i64(v: i64) -> i64 {
    let residue = v.unsigned_abs() % (HASH_MODULUS as u64);
    signed_residue(v < 0, residue)
}

/// Hash of an arbitrarily large Python int (mirrors `long_hash`).
///
/// CPython folds the 30-bit digits of the magnitude into a 61-bit
/// accumulator with rotations, which computes exactly `|v| mod P`; we ask the
/// big-integer library for that remainder directly.
pub fn hash_bigint(v: &BigInt) -> i64 {
    if let Some(small) = v.to_i64() {
        return hash_i64(small);
    }
    let residue = (v.magnitude() % (HASH_MODULUS as u64))
        .to_u64()
        .unwrap_or(0);
    signed_residue(v.sign() == num_bigint::Sign::Minus, residue)
}

/// Rotates a residue `x < 2**61` left by `e` bits inside a 61-bit word,
/// i.e. multiplies it by `2**e` modulo `2**61 - 1`.
fn rotate61(x: u64, e: u32) -> u64 {
    let e = e % HASH_BITS;
    if e == 0 {
        return x;
    }
    let p = HASH_MODULUS as u64;
    ((x << e) & p) | (x >> (HASH_BITS - e))
}

/// Hash of a finite, infinite or NaN float, with NaN hashing to 0.
///
/// CPython 3.11 hashes a NaN by the *identity* of the float object (so two
/// NaN objects usually land in different set slots); use
/// [`hash_f64_with_identity`] when an identity is available. This variant
/// returns 0 for NaN, which is what CPython did before 3.10 and is a valid
/// (if collision-prone) choice because `nan != nan` anyway.
pub fn hash_f64(x: f64) -> i64 {
    // hash_pointer(0) == 0, so identity 0 gives exactly "NaN hashes to 0".
    hash_f64_with_identity(x, 0)
}

/// Hash of a float exactly as CPython 3.11's `_Py_HashDouble`.
///
/// * `inf` -> 314159, `-inf` -> -314159;
/// * NaN -> [`hash_pointer`]`(identity)`, CPython's hash of the object's
///   address (pass something unique per float object);
/// * otherwise the value `m * 2**e` (integer mantissa `m < 2**53`) hashes to
///   `sign * (m * 2**e mod P)`, so integral floats hash like the equal int.
pub fn hash_f64_with_identity(x: f64, identity: i64) -> i64 {
    if x.is_nan() {
        return hash_pointer(identity);
    }
    if x.is_infinite() {
        return if x > 0.0 { HASH_INF } else { -HASH_INF };
    }
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let biased_exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    // Decompose |x| as mantissa * 2**exponent with an integer mantissa.
    let (mantissa, exponent) = if biased_exponent == 0 {
        (fraction, -1074) // zero or subnormal
    } else {
        (fraction | (1u64 << 52), biased_exponent - 1075)
    };
    if mantissa == 0 {
        return 0;
    }
    // 2**exponent mod P == 2**(exponent mod 61) because 2**61 == 1 (mod P);
    // a negative exponent thus becomes the inverse power.
    let e = exponent.rem_euclid(HASH_BITS as i32) as u32;
    signed_residue(negative, rotate61(mantissa, e))
}

/// CPython's `_Py_HashPointer`: the address rotated right by 4 bits (the low
/// bits of an address are always zero because of alignment), `-1` -> `-2`.
/// This is the default `object.__hash__` and the hash of a NaN float.
pub fn hash_pointer(identity: i64) -> i64 {
    let y = (identity as u64).rotate_right(4);
    fix_minus_one(y as i64)
}

/// Hash of a complex number (mirrors `complex_hash`): the real part's hash
/// plus 1000003 times the imaginary part's hash, in wrapping unsigned
/// arithmetic. `identity` is only used when a component is NaN.
pub fn hash_complex(re: f64, im: f64, identity: i64) -> i64 {
    let hr = hash_f64_with_identity(re, identity) as u64;
    let hi = hash_f64_with_identity(im, identity) as u64;
    fix_minus_one(hr.wrapping_add(hi.wrapping_mul(1_000_003)) as i64)
}

/// Multipliers and rotation of CPython 3.11's tuple hash, which is derived
/// from the xxHash64 round function (`Objects/tupleobject.c`, `tuplehash`).
const XXPRIME_1: u64 = 11_400_714_785_074_694_791;
const XXPRIME_2: u64 = 14_029_467_366_897_019_727;
const XXPRIME_5: u64 = 2_870_177_450_012_600_261;

/// Incremental tuple hash (mirrors CPython 3.11's `tuplehash`).
///
/// Feed the hash of every item in order with [`TupleHasher::push`], then
/// call [`TupleHasher::finish`]. Each item is mixed in with an xxHash round
/// (multiply, rotate left 31, multiply); at the end the length is added,
/// xor-ed with a constant chosen so that `hash(())` keeps its historical
/// value. A result of `-1` is replaced by 1546275796.
#[derive(Debug, Clone, Copy)]
pub struct TupleHasher {
    acc: u64,
    len: u64,
}

impl Default for TupleHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl TupleHasher {
    /// Starts the hash of a tuple.
    pub fn new() -> Self {
        TupleHasher {
            acc: XXPRIME_5,
            len: 0,
        }
    }

    /// Mixes in the hash of the next item.
    pub fn push(&mut self, item_hash: i64) {
        let lane = item_hash as u64;
        self.acc = self.acc.wrapping_add(lane.wrapping_mul(XXPRIME_2));
        self.acc = self.acc.rotate_left(31);
        self.acc = self.acc.wrapping_mul(XXPRIME_1);
        self.len += 1;
    }

    /// The tuple's hash.
    pub fn finish(&self) -> i64 {
        let acc = self.acc.wrapping_add(self.len ^ (XXPRIME_5 ^ 3_527_539));
        if acc == u64::MAX {
            1_546_275_796
        } else {
            acc as i64
        }
    }
}

/// Hash of a tuple whose items hash to `item_hashes`, in order.
pub fn hash_tuple(item_hashes: impl IntoIterator<Item = i64>) -> i64 {
    let mut hasher = TupleHasher::new();
    for h in item_hashes {
        hasher.push(h);
    }
    hasher.finish()
}

/// Spreads the bits of one element hash before it is xor-ed into a
/// frozenset hash, so that sets of nearby integers do not cancel out
/// (CPython's `_shuffle_bits` in `Objects/setobject.c`).
fn shuffle_bits(h: u64) -> u64 {
    ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
}

/// Hash of a frozenset (mirrors `frozenset_hash`).
///
/// Xor is commutative, so xor-ing the shuffled hash of every element gives
/// a value independent of the table layout and of insertion order. The
/// element count is then folded in, the bits are dispersed once more (for
/// nested frozensets) and a final `-1` becomes 590923713. `len` must be the
/// number of hashes the iterator yields.
pub fn hash_frozenset(item_hashes: impl Iterator<Item = i64>, len: usize) -> i64 {
    let mut hash: u64 = 0;
    for h in item_hashes {
        hash ^= shuffle_bits(h as u64);
    }
    hash ^= (len as u64).wrapping_add(1).wrapping_mul(1_927_868_237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    if hash == u64::MAX {
        590_923_713
    } else {
        hash as i64
    }
}

/// Hash of a byte string.
///
/// CPython randomizes `str`/`bytes` hashes per process (SipHash with a
/// random key), so no program can depend on their values or on the order
/// of a set of strings. We only keep the properties that *are* observable:
/// equal contents hash equal, `hash(b'') == 0`, and the result is never -1.
/// The function is FNV-1a followed by a 64-bit finalizer so that the low
/// bits, which pick the table slot, are well mixed.
pub fn hash_bytes(bytes: &[u8]) -> i64 {
    if bytes.is_empty() {
        return 0;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // The "splitmix64" finalizer: xor-shifts and multiplies mix every input
    // bit into every output bit.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    fix_minus_one(h as i64)
}

/// Hash of a str: the hash of its UTF-8 bytes (see [`hash_bytes`]). As in
/// CPython, an ASCII str and the equal bytes object hash alike, and
/// `hash('') == 0`.
pub fn hash_str(s: &str) -> i64 {
    hash_bytes(s.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::Num;

    fn big(s: &str) -> BigInt {
        BigInt::from_str_radix(s, 10).unwrap()
    }

    /// Values printed by `/usr/bin/python3` (3.11.2): `hash(v)`.
    #[test]
    fn ints_match_cpython() {
        let cases: &[(&str, i64)] = &[
            ("0", 0),
            ("1", 1),
            ("-1", -2),
            ("2", 2),
            ("-2", -2),
            ("7", 7),
            ("2147483648", 2147483648),
            ("4294967296", 4294967296),
            ("2305843009213693950", 2305843009213693950),
            ("2305843009213693951", 0),
            ("2305843009213693952", 1),
            ("-2305843009213693952", -2),
            ("2305843009213693953", 2),
            ("4611686018427387904", 2),
            ("9223372036854775807", 3),
            ("-9223372036854775808", -4),
            ("18446744073709551616", 8),
            ("-18446744073709551616", -8),
            ("1000000000000000000000000000000", 465258685558744706),
            ("-1000000000000000000000000000000", -465258685558744706),
            (
                "515377520732011331036461129765621272702107522001",
                1175369268131054105,
            ),
            (
                "-40536215597144386832065866109016673800875222251012083746192454448001",
                -1570130832937155295,
            ),
        ];
        for &(text, expected) in cases {
            let v = big(text);
            assert_eq!(hash_bigint(&v), expected, "hash({text})");
            if let Some(small) = v.to_i64() {
                assert_eq!(hash_i64(small), expected, "hash_i64({text})");
            }
        }
        assert_eq!(hash_i64(i64::MIN), -4);
        assert_eq!(hash_i64(i64::MAX), 3);
    }

    /// `(float.hex(x), hash(x))` pairs printed by python3.
    #[test]
    fn floats_match_cpython() {
        let cases: &[(f64, i64)] = &[
            (0.0, 0),
            (-0.0, 0),
            (0.5, 1152921504606846976),
            (-1.5, -1152921504606846977),
            (1e300, 1224995262755759164),
            (-1e300, -1224995262755759164),
            (1.1805916207174113e21, 512), // 2.0**70
            (1.0, 1),
            (-1.0, -2),
            (1.23456, 540858536241164289),
            (1e-300, 482449582752280463),
            (5e-324, 16777216),
            (-5e-324, -16777216),
            (1.5e-323, 50331648),
            (f64::MAX, 2234066890152476671),
            (0.1, 230584300921369408),
            (-0.1, -230584300921369408),
            (123456789.125, 288230376275168533),
            (2.305843009213694e18, 1),
            (1.152921504606847e18, 1152921504606846976),
            (-2.305843009213694e18, -2),
            (1e22, 1864712049423028464),
            (2.5e-05, 810705579001919622),
            (f64::INFINITY, 314159),
            (f64::NEG_INFINITY, -314159),
        ];
        for &(x, expected) in cases {
            assert_eq!(hash_f64(x), expected, "hash({x:e})");
        }
        assert_eq!(hash_f64(f64::NAN), 0);
        // Integral floats hash like ints.
        for v in [-1000i64, -2, -1, 0, 1, 2, 1 << 52, -(1 << 60)] {
            assert_eq!(hash_f64(v as f64), hash_i64(v));
        }
    }

    #[test]
    fn nan_uses_identity() {
        // CPython: _Py_HashPointer rotates the address right by 4 bits.
        assert_eq!(hash_f64_with_identity(f64::NAN, 0x7f00_0010), 0x07f0_0001);
        assert_ne!(
            hash_f64_with_identity(f64::NAN, 0x1000),
            hash_f64_with_identity(f64::NAN, 0x2000)
        );
        // An all-ones address rotates to all ones, i.e. -1, which becomes -2.
        assert_eq!(hash_pointer(-1), -2);
    }

    #[test]
    fn bools_and_complex_match_cpython() {
        assert_eq!(hash_bool(true), 1);
        assert_eq!(hash_bool(false), 0);
        assert_eq!(hash_complex(1.0, 2.0, 0), 2000007);
        assert_eq!(hash_complex(0.0, -1.0, 0), -2000006);
        assert_eq!(hash_complex(1.5, -2.0, 0), 1152921504604846971);
    }

    #[test]
    fn tuples_match_cpython() {
        assert_eq!(hash_tuple([]), 5740354900026072187);
        assert_eq!(hash_tuple([1, 2]), -3550055125485641917);
        let inner = hash_tuple([2, 3]);
        assert_eq!(hash_tuple([1, inner]), 7267574591690527098);
        assert_eq!(hash_tuple([hash_i64(-1)]), 8078679518589016365);
        assert_eq!(hash_tuple([-2]), 8078679518589016365);
        assert_eq!(hash_tuple([0]), -8753497827991233192);
        assert_eq!(hash_tuple([1]), -6644214454873602895);
        assert_eq!(hash_tuple([1, 2, 3]), 529344067295497451);
        let empty = hash_tuple([]);
        assert_eq!(hash_tuple([empty, empty]), 9028247024705308198);
        // (2**61, '') -- hash('') is 0 in CPython and here.
        assert_eq!(
            hash_tuple([hash_bigint(&big("2305843009213693952")), hash_str("")]),
            -5164621852614943976
        );
        assert_eq!(
            hash_tuple([hash_f64(1.5), hash_i64(-1)]),
            -9002791676578425913
        );
        assert_eq!(
            hash_tuple([hash_bool(true), hash_bool(false), hash_bool(true)]),
            2946073206561277986
        );
    }

    #[test]
    fn frozensets_match_cpython() {
        let fs = |items: &[i64]| hash_frozenset(items.iter().copied(), items.len());
        assert_eq!(fs(&[]), 133146708735736);
        assert_eq!(fs(&[1]), -558064481276695278);
        assert_eq!(fs(&[1, 2, 3]), -272375401224217160);
        assert_eq!(fs(&[3, 1, 2]), -272375401224217160);
        assert_eq!(fs(&[hash_i64(-1)]), 6776983852052281967);
        assert_eq!(fs(&[0]), -2704248722033767810);
        let range100: Vec<i64> = (0..100).collect();
        assert_eq!(fs(&range100), 4411996150312757951);
        let nested = [fs(&[1]), fs(&[])];
        assert_eq!(fs(&nested), -67101846648477850);
        let tuples = [hash_tuple([1, 2]), hash_tuple([3, 4])];
        assert_eq!(fs(&tuples), 4486445898448503724);
        assert_eq!(
            fs(&[hash_i64(-5), hash_bigint(&big("2305843009213693952"))]),
            -157118762815615001
        );
    }

    #[test]
    fn strings_are_deterministic_and_never_minus_one() {
        assert_eq!(hash_str(""), 0);
        assert_eq!(hash_bytes(b""), 0);
        assert_eq!(hash_str("abc"), hash_bytes(b"abc"));
        assert_eq!(hash_str("hello"), hash_str("hello"));
        assert_ne!(hash_str("hello"), hash_str("hellp"));
        for i in 0..10_000u32 {
            assert_ne!(hash_bytes(&i.to_le_bytes()), -1);
        }
    }
}
