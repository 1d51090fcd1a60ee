//! The algorithms of Python's `random` module, producing the very numbers
//! CPython 3.11 produces after the same `random.seed(...)`.
//!
//! Two layers are reproduced:
//!
//! * the C core, `Modules/_randommodule.c`: the Mersenne Twister MT19937
//!   generator, its seeding from an int (`init_by_array` over the 32-bit
//!   words of `abs(n)`), `random()` (53 bits from two 32-bit outputs) and
//!   `getrandbits(k)`;
//! * the Python layer, `Lib/random.py`: seeding from str/bytes, and every
//!   method built on `random()` and `_randbelow()` (`randrange`, `randint`,
//!   `choice`, `shuffle`, `sample`, `choices`, `uniform`, `gauss`, ...).
//!
//! Every method consumes generator outputs in the same number and order as
//! CPython, so interleaved calls stay in step too. Interpreter objects never
//! appear here: sequence methods return *indices* into the caller's
//! sequence, and errors come back as [`RandomError`] carrying the Python
//! exception type and CPython's exact message.

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{One, Signed, ToPrimitive, Zero};
use sha2::{Digest, Sha512};
use std::collections::HashSet;
use std::fmt;

/// Number of 32-bit words of MT19937 state.
const N: usize = 624;
/// The twist's middle offset.
const M: usize = 397;
/// Coefficients of the twist matrix.
const MATRIX_A: u32 = 0x9908_b0df;
/// Most significant bit of a word.
const UPPER_MASK: u32 = 0x8000_0000;
/// The 31 low bits of a word.
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The Python exception a failing method raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RandomErrorKind {
    ValueError,
    TypeError,
    IndexError,
    ZeroDivisionError,
}

/// A Python exception: its type and CPython's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RandomError {
    pub kind: RandomErrorKind,
    pub message: String,
}

impl RandomError {
    fn value(message: impl Into<String>) -> Self {
        RandomError {
            kind: RandomErrorKind::ValueError,
            message: message.into(),
        }
    }

    fn type_error(message: impl Into<String>) -> Self {
        RandomError {
            kind: RandomErrorKind::TypeError,
            message: message.into(),
        }
    }

    fn index(message: impl Into<String>) -> Self {
        RandomError {
            kind: RandomErrorKind::IndexError,
            message: message.into(),
        }
    }
}

impl fmt::Display for RandomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for RandomError {}

/// The state of one `random.Random` instance: the Mersenne Twister words,
/// the position of the next word to temper, and the spare normal deviate
/// that `gauss()` keeps between calls.
#[derive(Clone)]
pub struct PyRandom {
    mt: Box<[u32; N]>,
    /// Index of the next word of `mt` to hand out; `N` means "twist first".
    index: usize,
    gauss_next: Option<f64>,
}

impl fmt::Debug for PyRandom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PyRandom")
            .field("index", &self.index)
            .field("gauss_next", &self.gauss_next)
            .finish_non_exhaustive()
    }
}

impl Default for PyRandom {
    /// Unpredictably seeded, like a new `random.Random()`.
    fn default() -> Self {
        PyRandom::from_time_and_pid()
    }
}

impl PyRandom {
    /// A generator seeded like `random.seed(n)` for an int `n`.
    pub fn from_seed_int(n: &BigInt) -> PyRandom {
        let mut r = PyRandom::unseeded();
        r.seed_int(n);
        r
    }

    /// A generator seeded like `random.seed()` without argument. CPython
    /// reads the seed from the OS random source and falls back on the time
    /// and process id (`random_seed_time_pid`); we use the time, the process
    /// id and a per-process counter. Either way the sequence is
    /// unpredictable, which is all a program can rely on.
    pub fn from_time_and_pid() -> PyRandom {
        let mut r = PyRandom::unseeded();
        r.seed_time_and_pid();
        r
    }

    fn unseeded() -> PyRandom {
        PyRandom {
            mt: Box::new([0; N]),
            index: N,
            gauss_next: None,
        }
    }

    /// `random.seed()` with no argument (see [`PyRandom::from_time_and_pid`]).
    pub fn seed_time_and_pid(&mut self) {
        use std::sync::atomic::{AtomicU32, Ordering};
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let key = [
            now as u32,
            (now >> 32) as u32,
            (now >> 64) as u32,
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
        ];
        self.init_by_array(&key);
        self.gauss_next = None;
    }

    // ----- The Mersenne Twister (Modules/_randommodule.c) -----

    /// Fills the state from one 32-bit seed (`init_genrand`): each word is
    /// derived from the previous one by Knuth's multiplier 1812433253.
    fn init_genrand(&mut self, seed: u32) {
        self.mt[0] = seed;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// Mixes a key of any length into the state (`init_by_array`, the
    /// reference MT19937 routine that CPython uses for every seed).
    fn init_by_array(&mut self, key: &[u32]) {
        // An empty key behaves like the key [0].
        let key: &[u32] = if key.is_empty() { &[0] } else { key };
        self.init_genrand(19_650_218);
        let mut i = 1;
        let mut j = 0;
        for _ in 0..N.max(key.len()) {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        // The most significant bit is 1, assuring a non-zero initial state.
        self.mt[0] = 0x8000_0000;
        self.index = N;
    }

    /// Regenerates all N words at once (the "twist").
    fn twist(&mut self) {
        for k in 0..N {
            let y = (self.mt[k] & UPPER_MASK) | (self.mt[(k + 1) % N] & LOWER_MASK);
            let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
            self.mt[k] = self.mt[(k + M) % N] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    /// The next 32-bit output (`genrand_uint32`): a state word, tempered.
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    // ----- Seeding -----

    /// `random.seed(n)` for an int `n` (also bool): the absolute value is
    /// split into 32-bit words, least significant first, and mixed in with
    /// `init_by_array`; zero gives the key `[0]`.
    pub fn seed_int(&mut self, n: &BigInt) {
        let words = n.magnitude().to_u32_digits();
        self.init_by_array(&words);
        self.gauss_next = None;
    }

    /// `random.seed(x)` for an object that is not an int (a float, in
    /// practice): CPython seeds with `hash(x)` reinterpreted as an unsigned
    /// 64-bit number (not its absolute value).
    pub fn seed_hash(&mut self, hash: i64) {
        self.seed_int(&BigInt::from(hash as u64));
    }

    /// `random.seed(s)` for str (pass its UTF-8 encoding), bytes or
    /// bytearray, with the default `version=2`: the seed is the big-endian
    /// integer made of the bytes followed by their SHA-512 digest.
    pub fn seed_bytes(&mut self, bytes: &[u8]) {
        let mut buffer = bytes.to_vec();
        buffer.extend_from_slice(&Sha512::digest(bytes));
        let n = BigInt::from_biguint(Sign::Plus, BigUint::from_bytes_be(&buffer));
        self.seed_int(&n);
    }

    // ----- Core outputs -----

    /// `random()`: a float in [0, 1) with 53 random bits, made from the top
    /// 27 bits of one output and the top 26 bits of the next.
    pub fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)`: a k-bit non-negative int. Outputs fill the number
    /// 32 bits at a time from the least significant end; the last (most
    /// significant) output keeps only its top bits. `k == 0` gives 0 and
    /// consumes nothing. (A negative k is the caller's ValueError: "number
    /// of bits must be non-negative".)
    pub fn getrandbits(&mut self, k: u32) -> BigInt {
        if k <= 64 {
            return BigInt::from(self.getrandbits_u64(k));
        }
        let words = (k - 1) / 32 + 1;
        let mut digits = Vec::with_capacity(words as usize);
        let mut remaining = k;
        for _ in 0..words {
            let mut r = self.next_u32();
            if remaining < 32 {
                r >>= 32 - remaining;
            }
            digits.push(r);
            remaining = remaining.saturating_sub(32);
        }
        BigInt::from_biguint(Sign::Plus, BigUint::new(digits))
    }

    /// `getrandbits(k)` for `k <= 64`, as a machine integer; larger `k` are
    /// treated as 64.
    pub fn getrandbits_u64(&mut self, k: u32) -> u64 {
        match k {
            0 => 0,
            1..=32 => u64::from(self.next_u32() >> (32 - k)),
            _ => {
                let k = k.min(64);
                let low = u64::from(self.next_u32());
                let high = u64::from(self.next_u32() >> (64 - k));
                (high << 32) | low
            }
        }
    }

    /// `randbytes(n)`: `getrandbits(n * 8)` as n little-endian bytes.
    pub fn randbytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n);
        let mut remaining = n;
        // getrandbits(8n) draws one output per 4 bytes; the last partial
        // word keeps its top bits, which become the low bytes of that word.
        while remaining > 0 {
            let take = remaining.min(4);
            let word = self.next_u32() >> (32 - 8 * take as u32);
            out.extend_from_slice(&word.to_le_bytes()[..take]);
            remaining -= take;
        }
        out
    }

    /// `_randbelow(n)` for an int `n` (`_randbelow_with_getrandbits`): draw
    /// `n.bit_length()` bits until the number is below `n`. For `n <= 0`
    /// (where CPython's helper is undefined) returns 0 without drawing.
    pub fn randbelow(&mut self, n: &BigInt) -> BigInt {
        if !n.is_positive() {
            return BigInt::zero();
        }
        if let Some(small) = n.to_u64() {
            return BigInt::from(self.randbelow_u64(small));
        }
        let k = u32::try_from(n.bits()).unwrap_or(u32::MAX);
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }

    /// [`PyRandom::randbelow`] for a machine-sized `n` (0 gives 0).
    pub fn randbelow_u64(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits_u64(k);
            if r < n {
                return r;
            }
        }
    }

    // ----- Integer methods (Lib/random.py) -----

    /// `randrange(start)`, `randrange(start, stop)` or
    /// `randrange(start, stop, step)`. `step` is `None` when not passed
    /// (passing 1 is the same); `stop` is `None` when not passed or None.
    pub fn randrange(
        &mut self,
        start: &BigInt,
        stop: Option<&BigInt>,
        step: Option<&BigInt>,
    ) -> Result<BigInt, RandomError> {
        let one = BigInt::one();
        let step = step.unwrap_or(&one);
        let Some(stop) = stop else {
            if !step.is_one() {
                return Err(RandomError::type_error("Missing a non-None stop argument"));
            }
            if start.is_positive() {
                return Ok(self.randbelow(start));
            }
            return Err(RandomError::value("empty range for randrange()"));
        };
        let width = stop - start;
        if step.is_one() {
            if width.is_positive() {
                return Ok(start + self.randbelow(&width));
            }
            return Err(RandomError::value(format!(
                "empty range for randrange() ({start}, {stop}, {width})"
            )));
        }
        // Number of values in range(start, stop, step), rounding toward the
        // end of the range (Python's floor division).
        let n = if step.is_positive() {
            floor_div(&(&width + step - 1), step)
        } else if step.is_negative() {
            floor_div(&(&width + step + 1), step)
        } else {
            return Err(RandomError::value("zero step for randrange()"));
        };
        if !n.is_positive() {
            return Err(RandomError::value("empty range for randrange()"));
        }
        Ok(start + step * self.randbelow(&n))
    }

    /// [`PyRandom::randrange`] for machine-sized arguments.
    pub fn randrange_i64(
        &mut self,
        start: i64,
        stop: Option<i64>,
        step: Option<i64>,
    ) -> Result<i64, RandomError> {
        let big = |v: i64| BigInt::from(v);
        let (start_b, stop_b, step_b) = (big(start), stop.map(big), step.map(big));
        // The result lies between start and stop, so it always fits in i64
        // (and the number of choices fits in u64, the fast path).
        let r = self.randrange(&start_b, stop_b.as_ref(), step_b.as_ref())?;
        Ok(r.to_i64().unwrap_or(start))
    }

    /// `randint(a, b)`: `randrange(a, b + 1)`, errors included (they show
    /// `b + 1`).
    pub fn randint(&mut self, a: &BigInt, b: &BigInt) -> Result<BigInt, RandomError> {
        let stop = b + 1;
        self.randrange(a, Some(&stop), None)
    }

    /// [`PyRandom::randint`] for machine-sized arguments.
    pub fn randint_i64(&mut self, a: i64, b: i64) -> Result<i64, RandomError> {
        let r = self.randint(&BigInt::from(a), &BigInt::from(b))?;
        Ok(r.to_i64().unwrap_or(a))
    }

    // ----- Sequence methods -----

    /// The index `choice(seq)` picks in a sequence of length `len`.
    pub fn choice_index(&mut self, len: usize) -> Result<usize, RandomError> {
        if len == 0 {
            return Err(RandomError::index("Cannot choose from an empty sequence"));
        }
        Ok(self.randbelow_usize(len))
    }

    fn randbelow_usize(&mut self, n: usize) -> usize {
        usize::try_from(self.randbelow_u64(n as u64)).unwrap_or(0)
    }

    /// `shuffle(x)` in place: for i from the last index down to 1, swap
    /// item i with a random item at or before it.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.randbelow_usize(i + 1);
            items.swap(i, j);
        }
    }

    /// The indices `sample(population, k)` picks from a population of size
    /// `n`, in order. CPython keeps either a list of the not-yet-chosen
    /// indices (when `n` is small relative to `k`) or a set of the chosen
    /// ones, and the two draw differently, so we apply its exact rule: with
    /// `setsize = 21`, plus `4 ** ceil(log(3k, 4))` when `k > 5`, use the
    /// pool if `n <= setsize`. (A negative k is the caller's ValueError with
    /// the same message as `k > n`.)
    pub fn sample_indices(&mut self, n: usize, k: usize) -> Result<Vec<usize>, RandomError> {
        if k > n {
            return Err(RandomError::value(
                "Sample larger than population or is negative",
            ));
        }
        let mut setsize: u128 = 21;
        if k > 5 {
            // math.log(k * 3, 4) is computed as log(3k) / log(4).
            let exponent = ((k as f64 * 3.0).ln() / 4.0f64.ln()).ceil();
            let power = 4u128.checked_pow(exponent as u32).unwrap_or(u128::MAX);
            setsize = setsize.saturating_add(power);
        }
        let mut result = Vec::with_capacity(k);
        if n as u128 <= setsize {
            let mut pool: Vec<usize> = (0..n).collect();
            for i in 0..k {
                let j = self.randbelow_usize(n - i);
                result.push(pool[j]);
                pool[j] = pool[n - i - 1];
            }
        } else {
            let mut selected = HashSet::with_capacity(k);
            for _ in 0..k {
                let mut j = self.randbelow_usize(n);
                while selected.contains(&j) {
                    j = self.randbelow_usize(n);
                }
                selected.insert(j);
                result.push(j);
            }
        }
        Ok(result)
    }

    /// The indices `choices(population, k=k)` (no weights) or
    /// `choices(population, cum_weights=..., k=k)` picks from a population
    /// of size `n`.
    ///
    /// Without weights each index is `floor(random() * n)`. With cumulative
    /// weights (for `weights=`, pass their running sums, see
    /// [`cumulative_weights`]) each index is the bisection
    /// (`bisect_right`, limited to `n - 1`) of `random() * total`.
    /// An empty population with `k > 0` is an IndexError, after one
    /// `random()` call without weights, as in CPython (where the message
    /// comes from indexing the population; "list index out of range" for a
    /// list).
    pub fn choices_indices(
        &mut self,
        n: usize,
        k: usize,
        cum_weights: Option<&[f64]>,
    ) -> Result<Vec<usize>, RandomError> {
        let Some(cum) = cum_weights else {
            if n == 0 {
                if k > 0 {
                    self.random();
                    return Err(RandomError::index("list index out of range"));
                }
                return Ok(Vec::new());
            }
            let nf = n as f64;
            return Ok((0..k)
                .map(|_| ((self.random() * nf).floor() as usize).min(n - 1))
                .collect());
        };
        if cum.len() != n {
            return Err(RandomError::value(
                "The number of weights does not match the population",
            ));
        }
        let Some(&total) = cum.last() else {
            return Err(RandomError::index("list index out of range"));
        };
        if total <= 0.0 {
            return Err(RandomError::value(
                "Total of weights must be greater than zero",
            ));
        }
        if !total.is_finite() {
            return Err(RandomError::value("Total of weights must be finite"));
        }
        let hi = n - 1;
        Ok((0..k)
            .map(|_| bisect_right(cum, self.random() * total, hi))
            .collect())
    }

    // ----- Real-valued distributions -----

    /// `uniform(a, b)`: `a + (b - a) * random()`.
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// `triangular(low, high, mode)`; `mode` `None` means the midpoint.
    pub fn triangular(&mut self, low: f64, high: f64, mode: Option<f64>) -> f64 {
        let mut u = self.random();
        let mut c = match mode {
            None => 0.5,
            Some(m) => {
                if high - low == 0.0 {
                    return low; // CPython catches the ZeroDivisionError
                }
                (m - low) / (high - low)
            }
        };
        let (mut low, mut high) = (low, high);
        if u > c {
            u = 1.0 - u;
            c = 1.0 - c;
            std::mem::swap(&mut low, &mut high);
        }
        low + (high - low) * (u * c).sqrt()
    }

    /// `gauss(mu, sigma)` by the Box-Muller transform: two uniform draws
    /// give two independent normal deviates; one is returned and the other
    /// kept for the next call (reset by seeding and restored by setstate).
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * (2.0 * std::f64::consts::PI);
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }

    /// `normalvariate(mu, sigma)` by Kinderman and Monahan's ratio method.
    pub fn normalvariate(&mut self, mu: f64, sigma: f64) -> f64 {
        // 4 * exp(-0.5) / sqrt(2.0), as random.py computes NV_MAGICCONST.
        let magic = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
        loop {
            let u1 = self.random();
            let u2 = 1.0 - self.random();
            let z = magic * (u1 - 0.5) / u2;
            let zz = z * z / 4.0;
            if zz <= -u2.ln() {
                return mu + z * sigma;
            }
        }
    }

    /// `expovariate(lambd)`: `-log(1 - random()) / lambd`; ZeroDivisionError
    /// ("float division by zero") for `lambd == 0`, after drawing, as in
    /// CPython.
    pub fn expovariate(&mut self, lambd: f64) -> Result<f64, RandomError> {
        let numerator = -(1.0 - self.random()).ln();
        if lambd == 0.0 {
            return Err(RandomError {
                kind: RandomErrorKind::ZeroDivisionError,
                message: "float division by zero".to_string(),
            });
        }
        Ok(numerator / lambd)
    }

    // ----- State -----

    /// `getstate()` without the version number: the 624 state words, the
    /// position, and the pending gauss value. Python's form is
    /// `(3, (*words, position), gauss_next)`.
    pub fn getstate(&self) -> (Vec<u32>, usize, Option<f64>) {
        (self.mt.to_vec(), self.index, self.gauss_next)
    }

    /// `setstate()` from the parts [`PyRandom::getstate`] returns, with
    /// CPython's checks: exactly 624 words ("state vector is the wrong
    /// size") and a position in `0..=624` ("invalid state").
    pub fn setstate(
        &mut self,
        words: &[u32],
        index: i64,
        gauss_next: Option<f64>,
    ) -> Result<(), RandomError> {
        if words.len() != N {
            return Err(RandomError::value("state vector is the wrong size"));
        }
        let index = usize::try_from(index)
            .ok()
            .filter(|&i| i <= N)
            .ok_or_else(|| RandomError::value("invalid state"))?;
        self.mt.copy_from_slice(words);
        self.index = index;
        self.gauss_next = gauss_next;
        Ok(())
    }
}

/// Python's floor division for ints (`//`), which rounds toward negative
/// infinity.
fn floor_div(a: &BigInt, b: &BigInt) -> BigInt {
    num_integer::Integer::div_floor(a, b)
}

/// `bisect.bisect_right(a, x, 0, hi)`: the first position in `a[..hi]`
/// whose value is greater than `x`.
fn bisect_right(a: &[f64], x: f64, hi: usize) -> usize {
    let (mut lo, mut hi) = (0, hi.min(a.len()));
    while lo < hi {
        let mid = (lo + hi) / 2;
        if x < a[mid] {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// Running sums of `weights`, as `itertools.accumulate` gives
/// `choices(weights=...)` (floats added left to right).
pub fn cumulative_weights(weights: &[f64]) -> Vec<f64> {
    let mut total = 0.0;
    weights
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            total = if i == 0 { w } else { total + w };
            total
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::Num;

    fn big(s: &str) -> BigInt {
        BigInt::from_str_radix(s, 10).unwrap()
    }

    /// What `random.seed(x)` does for each seed used in the tables below.
    #[derive(Clone, Copy)]
    enum Seed {
        Int(&'static str),
        Str(&'static str),
        Bytes(&'static [u8]),
    }

    fn seeded(seed: Seed) -> PyRandom {
        let mut r = PyRandom::from_seed_int(&BigInt::from(12345));
        match seed {
            Seed::Int(text) => r.seed_int(&big(text)),
            Seed::Str(text) => r.seed_bytes(text.as_bytes()),
            Seed::Bytes(bytes) => r.seed_bytes(bytes),
        }
        r
    }

    /// Everything `/usr/bin/python3` (3.11.2) printed for one seed.
    struct Expected {
        seed: Seed,
        random: [f64; 5],
        /// getrandbits(1), (31), (32), (33), (64), (100) in one sequence.
        bits: [&'static str; 6],
        randint_1_6: [i64; 20],
        randrange_0_100_7: [i64; 10],
        choice_of_10: [usize; 10],
        shuffle_10: [usize; 10],
        /// sample(range(100), 5) then sample(range(10), 10).
        sample_100_5: [usize; 5],
        sample_10_10: [usize; 10],
        uniform: [f64; 3],
        /// gauss(0, 1) five times, then gauss(10, 2.5).
        gauss: [f64; 6],
        /// choices(range(5), k=10), then with weights=[1,2,3,0,4], k=10,
        /// then cum_weights=[1,1.5,2,9,10], k=5.
        choices: [usize; 10],
        choices_weighted: [usize; 10],
        choices_cum: [usize; 5],
    }

    const TABLE: [Expected; 6] = [
        Expected {
            seed: Seed::Int("0"),
            random: [
                0.8444218515250481,
                0.7579544029403025,
                0.420571580830845,
                0.25891675029296335,
                0.5112747213686085,
            ],
            bits: [
                "1",
                "827307999",
                "3255389356",
                "3823568514",
                "4776171008201404212",
                "513868133461680832233190503674",
            ],
            randint_1_6: [4, 4, 1, 3, 5, 4, 4, 3, 4, 3, 5, 2, 5, 2, 3, 2, 1, 5, 3, 5],
            randrange_0_100_7: [91, 42, 84, 98, 42, 0, 28, 56, 49, 42],
            choice_of_10: [6, 6, 0, 4, 8, 7, 6, 4, 7, 5],
            shuffle_10: [7, 8, 1, 5, 3, 4, 2, 0, 9, 6],
            sample_100_5: [49, 97, 53, 5, 33],
            sample_10_10: [8, 7, 6, 9, 2, 3, 5, 4, 0, 1],
            uniform: [5.866429441013006, 4.958521230873176, 1.4160015987238728],
            gauss: [
                0.9417154046806644,
                -1.3965781047011498,
                -0.6797144480784211,
                0.3705035674606598,
                -1.016348894188071,
                9.819699943037321,
            ],
            choices: [4, 3, 2, 1, 2, 2, 3, 1, 2, 2],
            choices_weighted: [4, 2, 1, 4, 4, 1, 4, 4, 4, 4],
            choices_cum: [3, 3, 3, 3, 3],
        },
        Expected {
            seed: Seed::Int("42"),
            random: [
                0.6394267984578837,
                0.025010755222666936,
                0.27502931836911926,
                0.22321073814882275,
                0.7364712141640124,
            ],
            bits: [
                "1",
                "239081663",
                "107420369",
                "3184935163",
                "4117511471858006928",
                "800402129360547565400942494185",
            ],
            randint_1_6: [6, 1, 1, 6, 3, 2, 2, 2, 6, 1, 6, 6, 5, 1, 5, 4, 1, 1, 1, 2],
            randrange_0_100_7: [70, 7, 0, 77, 28, 21, 21, 14, 77, 7],
            choice_of_10: [1, 0, 4, 3, 3, 2, 1, 8, 1, 9],
            shuffle_10: [7, 3, 2, 8, 5, 6, 9, 4, 0, 1],
            sample_100_5: [81, 14, 3, 94, 35],
            sample_10_10: [3, 9, 2, 5, 0, 4, 6, 7, 1, 8],
            uniform: [3.7139813838077798, -2.737387070161997, -0.11219215712424768],
            gauss: [
                -0.14409032957792836,
                -0.1729036003315193,
                -0.11131586156766246,
                0.7019837250988631,
                -0.12758828378288709,
                6.256616464147607,
            ],
            choices: [3, 0, 1, 1, 3, 3, 4, 0, 2, 0],
            choices_weighted: [1, 2, 0, 1, 4, 2, 1, 2, 4, 0],
            choices_cum: [3, 3, 3, 2, 4],
        },
        Expected {
            seed: Seed::Int("1267650600228229401496703205376"), // 2**100
            random: [
                0.7586581712996778,
                0.22562004686918613,
                0.9800682106697105,
                0.1302886062605253,
                0.8297582356302313,
            ],
            bits: [
                "1",
                "172824260",
                "969030735",
                "4647307849",
                "2403400569355483300",
                "885420533456300408351625406909",
            ],
            randint_1_6: [1, 2, 1, 5, 2, 6, 2, 6, 3, 4, 2, 6, 4, 2, 5, 6, 6, 3, 6, 5],
            randrange_0_100_7: [84, 7, 21, 7, 56, 14, 77, 91, 14, 77],
            choice_of_10: [1, 3, 1, 8, 2, 2, 5, 6, 2, 7],
            shuffle_10: [8, 0, 6, 2, 5, 7, 4, 9, 3, 1],
            sample_100_5: [97, 10, 28, 66, 16],
            sample_10_10: [2, 5, 6, 1, 8, 3, 7, 9, 4, 0],
            uniform: [4.965910798646617, -0.6309895078735455, 7.29071621203196],
            gauss: [
                0.03888355030113301,
                -0.7140541507229542,
                0.524244043311201,
                -0.06599917012837402,
                0.7983204927078891,
                6.356551938419652,
            ],
            choices: [3, 1, 4, 0, 4, 3, 1, 4, 3, 0],
            choices_weighted: [2, 4, 2, 2, 4, 1, 2, 2, 1, 2],
            choices_cum: [3, 3, 3, 3, 4],
        },
        Expected {
            seed: Seed::Int("-5"),
            random: [
                0.6229016948897019,
                0.7417869892607294,
                0.7951935655656966,
                0.9424502837770503,
                0.7398985747399307,
            ],
            bits: [
                "1",
                "548563996",
                "3185950873",
                "5834865596",
                "17385139117288923102",
                "1160853548457195330571808359216",
            ],
            randint_1_6: [5, 3, 6, 3, 6, 6, 6, 5, 1, 4, 2, 6, 1, 2, 1, 3, 4, 2, 4, 5],
            randrange_0_100_7: [63, 28, 77, 35, 84, 77, 91, 77, 70, 98],
            choice_of_10: [9, 4, 5, 8, 0, 7, 3, 0, 2, 1],
            shuffle_10: [2, 3, 1, 0, 8, 7, 6, 5, 4, 9],
            sample_100_5: [79, 32, 94, 45, 88],
            sample_10_10: [8, 0, 7, 6, 1, 9, 5, 4, 3, 2],
            uniform: [3.5404677963418703, 4.788763387237658, 5.349532438439814],
            gauss: [
                -1.1788417512306717,
                -1.1481606807908016,
                0.6694689143859696,
                -2.293910094631911,
                -0.1433838383004689,
                4.359806831510333,
            ],
            choices: [3, 3, 3, 4, 3, 4, 0, 2, 4, 3],
            choices_weighted: [4, 1, 2, 1, 2, 2, 0, 1, 1, 4],
            choices_cum: [3, 2, 3, 1, 3],
        },
        Expected {
            seed: Seed::Str("hello"),
            random: [
                0.3537754404730722,
                0.6631985810268619,
                0.5476053663383964,
                0.1308558535179697,
                0.051086691965999353,
            ],
            bits: [
                "0",
                "1809244237",
                "2848416207",
                "7551623335",
                "2413864456544899889",
                "453716892093387330780830399615",
            ],
            randint_1_6: [3, 6, 5, 1, 2, 3, 1, 6, 3, 6, 6, 2, 2, 1, 3, 2, 5, 4, 6, 2],
            randrange_0_100_7: [35, 91, 70, 84, 56, 7, 14, 35, 0, 77],
            choice_of_10: [5, 8, 1, 2, 5, 0, 5, 2, 2, 0],
            shuffle_10: [6, 4, 3, 9, 0, 2, 7, 1, 8, 5],
            sample_100_5: [45, 84, 97, 70, 14],
            sample_10_10: [2, 5, 0, 8, 9, 1, 4, 7, 3, 6],
            uniform: [0.7146421249672579, 3.9635851007820504, 2.7498563465531625],
            gauss: [
                -0.8952286984627834,
                1.1726419506771997,
                -0.5060995908298773,
                -0.15606340557411588,
                0.9145916627667218,
                10.760220764373203,
            ],
            choices: [1, 3, 2, 0, 0, 1, 4, 0, 0, 1],
            choices_weighted: [1, 2, 4, 1, 2, 4, 2, 4, 1, 0],
            choices_cum: [3, 3, 3, 0, 3],
        },
        Expected {
            seed: Seed::Bytes(b"abc"),
            random: [
                0.7720246314157545,
                0.5581691373899791,
                0.7095325359498886,
                0.3543265309713739,
                0.8275650946403316,
            ],
            bits: [
                "1",
                "2123131168",
                "2397318194",
                "6271523464",
                "6536170759290772680",
                "1170574732466254530698583242781",
            ],
            randint_1_6: [5, 4, 6, 3, 3, 2, 3, 1, 2, 1, 6, 6, 1, 6, 6, 6, 1, 1, 3, 3],
            randrange_0_100_7: [84, 56, 49, 77, 98, 35, 91, 84, 98, 35],
            choice_of_10: [8, 7, 5, 5, 2, 4, 0, 3, 1, 0],
            shuffle_10: [4, 3, 0, 9, 1, 2, 6, 5, 7, 8],
            sample_100_5: [98, 71, 58, 90, 45],
            sample_10_10: [5, 2, 4, 0, 1, 6, 7, 8, 3, 9],
            uniform: [5.1062586298654224, 2.8607759425947803, 4.450091627473831],
            gauss: [
                0.17631198044613047,
                -1.265926677728786,
                -0.23527784089612871,
                -0.9052994396132975,
                1.0254090615989484,
                5.163133048615237,
            ],
            choices: [3, 2, 3, 1, 4, 4, 4, 1, 1, 4],
            choices_weighted: [4, 0, 4, 4, 4, 4, 4, 0, 2, 4],
            choices_cum: [3, 3, 3, 3, 1],
        },
    ];

    #[test]
    fn sequences_match_cpython() {
        for e in &TABLE {
            let mut r = seeded(e.seed);
            let got: Vec<f64> = (0..5).map(|_| r.random()).collect();
            assert_eq!(got, e.random);

            let mut r = seeded(e.seed);
            for (k, want) in [1, 31, 32, 33, 64, 100].into_iter().zip(e.bits) {
                assert_eq!(r.getrandbits(k), big(want), "getrandbits({k})");
            }
            let mut r = seeded(e.seed);
            for (k, want) in [1, 31, 32, 33, 64].into_iter().zip(e.bits) {
                assert_eq!(r.getrandbits_u64(k).to_string(), want);
            }

            let mut r = seeded(e.seed);
            let got: Vec<i64> = (0..20).map(|_| r.randint_i64(1, 6).unwrap()).collect();
            assert_eq!(got, e.randint_1_6);

            let mut r = seeded(e.seed);
            let got: Vec<i64> = (0..10)
                .map(|_| r.randrange_i64(0, Some(100), Some(7)).unwrap())
                .collect();
            assert_eq!(got, e.randrange_0_100_7);

            let mut r = seeded(e.seed);
            let got: Vec<usize> = (0..10).map(|_| r.choice_index(10).unwrap()).collect();
            assert_eq!(got, e.choice_of_10);

            let mut r = seeded(e.seed);
            let mut items: Vec<usize> = (0..10).collect();
            r.shuffle(&mut items);
            assert_eq!(items, e.shuffle_10);

            let mut r = seeded(e.seed);
            assert_eq!(r.sample_indices(100, 5).unwrap(), e.sample_100_5);
            assert_eq!(r.sample_indices(10, 10).unwrap(), e.sample_10_10);

            let mut r = seeded(e.seed);
            let got: Vec<f64> = (0..3).map(|_| r.uniform(-3.0, 7.5)).collect();
            assert_eq!(got, e.uniform);

            let mut r = seeded(e.seed);
            let mut got: Vec<f64> = (0..5).map(|_| r.gauss(0.0, 1.0)).collect();
            got.push(r.gauss(10.0, 2.5));
            assert_eq!(got, e.gauss);

            let mut r = seeded(e.seed);
            assert_eq!(r.choices_indices(5, 10, None).unwrap(), e.choices);
            let cum = cumulative_weights(&[1.0, 2.0, 3.0, 0.0, 4.0]);
            assert_eq!(
                r.choices_indices(5, 10, Some(&cum)).unwrap(),
                e.choices_weighted
            );
            let cum = [1.0, 1.5, 2.0, 9.0, 10.0];
            assert_eq!(r.choices_indices(5, 5, Some(&cum)).unwrap(), e.choices_cum);
        }
    }

    #[test]
    fn other_seeds_match_cpython() {
        let mut r = PyRandom::from_seed_int(&BigInt::zero());
        r.seed_hash(crate::objects::hash::hash_f64(3.5));
        assert_eq!(r.random(), 0.3039190124834461);
        r.seed_hash(crate::objects::hash::hash_f64(-1.5));
        assert_eq!(r.random(), 0.7101153317194698);
        r.seed_int(&BigInt::one()); // seed(True)
        assert_eq!(r.random(), 0.13436424411240122);
        r.seed_int(&big("12345678901234567890"));
        assert_eq!(r.random(), 0.5120180983871961);
        r.seed_int(&big("4294967296"));
        assert_eq!(r.random(), 0.11299430095636409);
        r.seed_bytes(b"");
        assert_eq!(r.random(), 0.9602256525641875);
        r.seed_bytes("h\u{e9}llo".as_bytes());
        assert_eq!(r.random(), 0.013203794245314593);
    }

    #[test]
    fn state_round_trips() {
        let r = PyRandom::from_seed_int(&BigInt::zero());
        let (words, index, gauss_next) = r.getstate();
        assert_eq!(&words[..3], [2147483648, 766982754, 497961170]);
        assert_eq!(words[623], 2902720905);
        assert_eq!((words.len(), index, gauss_next), (624, 624, None));

        let mut r = PyRandom::from_seed_int(&BigInt::from(9));
        r.gauss(0.0, 1.0);
        let (words, index, gauss_next) = r.getstate();
        assert_eq!(gauss_next, Some(0.22268633975498442));
        let a: Vec<f64> = (0..3).map(|_| r.gauss(0.0, 1.0)).collect();
        let mut other = PyRandom::from_time_and_pid();
        other.setstate(&words, index as i64, gauss_next).unwrap();
        let b: Vec<f64> = (0..3).map(|_| other.gauss(0.0, 1.0)).collect();
        assert_eq!(a, b);

        let err = other.setstate(&words[..10], 0, None).unwrap_err();
        assert_eq!(err.message, "state vector is the wrong size");
        let err = other.setstate(&words, 625, None).unwrap_err();
        assert_eq!(err.message, "invalid state");
        assert!(other.setstate(&words, -1, None).is_err());
    }

    #[test]
    fn gauss_cache_is_reset_by_seeding() {
        let mut r = PyRandom::from_seed_int(&BigInt::from(6));
        assert_eq!(r.gauss(0.0, 1.0), 0.4996755931358105);
        r.seed_int(&BigInt::from(6));
        let got: Vec<f64> = (0..3).map(|_| r.gauss(0.0, 1.0)).collect();
        assert_eq!(
            got,
            [0.4996755931358105, -1.7893438594145739, -0.7754030106442085]
        );
    }

    #[test]
    fn big_ranges_and_bits() {
        let mut r = PyRandom::from_seed_int(&BigInt::from(2));
        let ten30 = big("1000000000000000000000000000000");
        assert_eq!(
            r.randrange(&ten30, None, None).unwrap(),
            big("402865065120196900326479636127")
        );
        let ten25 = big("10000000000000000000000000");
        assert_eq!(
            r.randrange(&-&ten25, Some(&ten25), Some(&BigInt::from(3)))
                .unwrap(),
            big("7580996956776316459685864")
        );
        let two70 = BigInt::one() << 70;
        assert_eq!(
            r.randint(&-&two70, &two70).unwrap(),
            big("-1003377407701054916387")
        );

        let mut r = PyRandom::from_seed_int(&BigInt::from(3));
        let got: Vec<i64> = (0..8)
            .map(|_| r.randrange_i64(100, Some(0), Some(-7)).unwrap())
            .collect();
        assert_eq!(got, [79, 37, 44, 86, 65, 2, 37, 51]);
        let got: Vec<i64> = (0..8)
            .map(|_| r.randrange_i64(-5, Some(5), None).unwrap())
            .collect();
        assert_eq!(got, [4, -4, 4, -5, 2, -1, 3, -2]);

        let mut r = PyRandom::from_seed_int(&BigInt::from(7));
        let bits = r.getrandbits(1000);
        assert_eq!(
            bits % big("100000000000000000000"),
            big("16098950821960922168")
        );
        assert_eq!(r.getrandbits(65), big("29201138711512708789"));
        assert_eq!(r.getrandbits(0), BigInt::zero());
        assert_eq!(r.random(), 0.061862048336140396);

        let mut r = PyRandom::from_seed_int(&BigInt::one());
        assert_eq!(r.randbytes(7), [245, 177, 101, 34, 88, 183, 145]);
        assert_eq!(r.randbytes(4), [223, 106, 241, 216]);
        assert_eq!(r.randbytes(1), [205]);
    }

    #[test]
    fn sample_strategies() {
        let mut r = PyRandom::from_seed_int(&BigInt::from(4));
        // k=6: setsize 85, so n=100 uses the selected-set and n=80 the pool.
        assert_eq!(r.sample_indices(100, 6).unwrap(), [30, 38, 13, 92, 50, 61]);
        assert_eq!(r.sample_indices(80, 6).unwrap(), [19, 11, 8, 2, 51, 70]);
        assert_eq!(r.sample_indices(20, 5).unwrap(), [9, 1, 7, 16, 11]);
        assert_eq!(
            r.sample_indices(1_000_000, 8).unwrap(),
            [290122, 817622, 181051, 867037, 111341, 274432, 224815, 988764]
        );
        let forty = r.sample_indices(1000, 40).unwrap();
        assert_eq!(forty[..6], [949, 26, 848, 656, 826, 266]);
        assert_eq!(forty[34..], [957, 837, 886, 964, 560, 860]);
        assert_eq!(r.sample_indices(3, 0).unwrap(), Vec::<usize>::new());
    }

    #[test]
    fn distributions() {
        let mut r = PyRandom::from_seed_int(&BigInt::from(5));
        assert_eq!(r.triangular(0.0, 10.0, None), 5.657775310337464);
        assert_eq!(r.triangular(0.0, 10.0, Some(2.0)), 5.454998255320286);
        assert_eq!(r.normalvariate(5.0, 2.0), 1.9759024517518773);
        assert_eq!(r.expovariate(1.5).unwrap(), 1.9139879124506969);
        assert_eq!(
            r.expovariate(0.0).unwrap_err().kind,
            RandomErrorKind::ZeroDivisionError
        );

        // choices('abcd', weights=[0.1, 0, 2.5, 1], k=8), then
        // choices(range(3), cum_weights=[1, 1, 5], k=6).
        let mut r = PyRandom::from_seed_int(&BigInt::from(10));
        let cum = cumulative_weights(&[0.1, 0.0, 2.5, 1.0]);
        assert_eq!(
            r.choices_indices(4, 8, Some(&cum)).unwrap(),
            [2, 2, 2, 2, 3, 3, 2, 2]
        );
        assert_eq!(
            r.choices_indices(3, 6, Some(&[1.0, 1.0, 5.0])).unwrap(),
            [2, 2, 2, 2, 2, 0]
        );
    }

    /// Messages printed by python3 for the same calls.
    #[test]
    fn errors_match_cpython() {
        let mut r = PyRandom::from_seed_int(&BigInt::zero());
        let b = BigInt::from;
        let msg = |e: RandomError| (e.kind, e.message);
        use RandomErrorKind::*;
        assert_eq!(
            msg(r.randrange(&b(5), Some(&b(5)), None).unwrap_err()),
            (ValueError, "empty range for randrange() (5, 5, 0)".into())
        );
        assert_eq!(
            msg(r.randint(&b(5), &b(3)).unwrap_err()),
            (ValueError, "empty range for randrange() (5, 4, -1)".into())
        );
        assert_eq!(
            msg(r.randrange(&b(0), None, None).unwrap_err()),
            (ValueError, "empty range for randrange()".into())
        );
        assert_eq!(
            msg(r.randrange(&b(0), Some(&b(10)), Some(&b(0))).unwrap_err()),
            (ValueError, "zero step for randrange()".into())
        );
        assert_eq!(
            msg(r.randrange(&b(0), Some(&b(10)), Some(&b(-1))).unwrap_err()),
            (ValueError, "empty range for randrange()".into())
        );
        assert_eq!(
            msg(r.randrange(&b(10), None, Some(&b(2))).unwrap_err()),
            (TypeError, "Missing a non-None stop argument".into())
        );
        assert!(r.randrange(&b(10), None, Some(&b(1))).is_ok());
        assert_eq!(
            msg(r.choice_index(0).unwrap_err()),
            (IndexError, "Cannot choose from an empty sequence".into())
        );
        assert_eq!(
            msg(r.sample_indices(3, 5).unwrap_err()),
            (
                ValueError,
                "Sample larger than population or is negative".into()
            )
        );
        assert_eq!(
            msg(r.choices_indices(0, 1, None).unwrap_err()),
            (IndexError, "list index out of range".into())
        );
        assert_eq!(
            msg(r.choices_indices(0, 1, Some(&[])).unwrap_err()),
            (IndexError, "list index out of range".into())
        );
        assert_eq!(
            msg(r.choices_indices(1, 1, Some(&[0.0])).unwrap_err()),
            (
                ValueError,
                "Total of weights must be greater than zero".into()
            )
        );
        assert_eq!(
            msg(r.choices_indices(1, 1, Some(&[f64::INFINITY])).unwrap_err()),
            (ValueError, "Total of weights must be finite".into())
        );
        assert_eq!(
            msg(r.choices_indices(2, 1, Some(&[1.0])).unwrap_err()),
            (
                ValueError,
                "The number of weights does not match the population".into()
            )
        );
        assert_eq!(r.choices_indices(0, 0, None).unwrap(), Vec::<usize>::new());
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let mut r = PyRandom::from_time_and_pid();
        assert_eq!(r.randbelow(&BigInt::zero()), BigInt::zero());
        assert_eq!(r.randbelow(&BigInt::from(-3)), BigInt::zero());
        assert_eq!(r.randbelow_u64(0), 0);
        assert_eq!(r.randbelow_u64(1), 0);
        assert!(r.randbelow_u64(u64::MAX) < u64::MAX);
        let _ = r.getrandbits_u64(200);
        let mut empty: [u8; 0] = [];
        r.shuffle(&mut empty);
        assert_eq!(r.sample_indices(0, 0).unwrap(), Vec::<usize>::new());
        assert!(r.randrange_i64(i64::MIN, Some(i64::MAX), None).is_ok());
        assert!(r.randint_i64(i64::MIN, i64::MAX).is_ok());
        let v = r.randrange_i64(i64::MAX, Some(i64::MIN), Some(-1)).unwrap();
        assert!(v > i64::MIN);
        assert!(r.choices_indices(3, 4, Some(&[f64::NAN, 1.0, 2.0])).is_ok());
        assert_eq!(r.triangular(1.0, 1.0, Some(1.0)), 1.0);
    }
}
