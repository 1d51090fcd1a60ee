//! Decimal digit strings of a finite float, the raw material of every float
//! notation: `0.DIGITS × 10^decpt`, the convention of David Gay's `dtoa`,
//! which CPython uses. Rust's float formatting already produces shortest
//! round-trip digits (`{:e}`) and correctly rounded digits at a given
//! precision (`{:.N}`, `{:.Ne}`, ties to even on the exact binary value, as
//! `dtoa` does), so we only re-read its output here.

/// The significant digits of `|x|` and where the decimal point goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digits {
    /// ASCII digits with no leading or trailing zeros, except that zero is
    /// the single digit `"0"`.
    pub digits: String,
    /// The value is `0.DIGITS × 10^decpt` (so `"15"`, 1 means 1.5).
    pub decpt: i64,
}

/// Exact decimal expansions of doubles have at most 767 significant digits
/// and at most 1074 digits after the point; asking Rust for more than this
/// only adds zeros, so larger requests are clamped (they cost no accuracy).
const MAX_SIGNIFICANT: usize = 800;
const MAX_FRACTION: usize = 1100;

impl Digits {
    /// Whether the digits spell zero (a zero input, or one rounded away).
    pub fn is_zero(&self) -> bool {
        self.digits == "0"
    }

    /// The float nearest to `0.DIGITS × 10^decpt`.
    fn value(&self) -> f64 {
        format!("0.{}e{}", self.digits, self.decpt)
            .parse()
            .unwrap_or(f64::NAN)
    }

    /// Builds from a digit string whose first digit sits at position `decpt`
    /// (as defined above), dropping leading and trailing zeros.
    fn normalize(raw: &str, decpt: i64) -> Digits {
        let trimmed_front = raw.trim_start_matches('0');
        let decpt = decpt - (raw.len() - trimmed_front.len()) as i64;
        let digits = trimmed_front.trim_end_matches('0');
        if digits.is_empty() {
            return Digits {
                digits: "0".to_string(),
                decpt: 1,
            };
        }
        Digits {
            digits: digits.to_string(),
            decpt,
        }
    }

    /// Reads Rust's exponential output `d.ddde-5` (no sign).
    fn from_exponential(text: &str) -> Digits {
        let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
        let exp: i64 = exp.parse().unwrap_or(0);
        let raw: String = mantissa.chars().filter(|c| *c != '.').collect();
        Digits::normalize(&raw, exp + 1)
    }
}

/// The shortest digits that read back as `x` (Python's `repr`, mode 0).
pub fn shortest(x: f64) -> Digits {
    let short = Digits::from_exponential(&format!("{:e}", x.abs()));
    // When two candidates of that length are equally near `x` (its exact
    // value ends in a 5 just past them), Rust takes the upper one but dtoa
    // the even one: `998244369953289.25` must give `...289.2`. The correctly
    // rounded digits of the same length are dtoa's answer whenever they
    // still read back as `x`.
    let nearest = significant(x, short.digits.len());
    if nearest != short && nearest.value() == x.abs() {
        nearest
    } else {
        short
    }
}

/// `x` correctly rounded to `n >= 1` significant digits (`dtoa` mode 2).
pub fn significant(x: f64, n: usize) -> Digits {
    let n = n.clamp(1, MAX_SIGNIFICANT);
    Digits::from_exponential(&format!("{:.*e}", n - 1, x.abs()))
}

/// `x` correctly rounded to `n` digits after the point (`dtoa` mode 3).
pub fn fixed(x: f64, n: usize) -> Digits {
    let text = format!("{:.*}", n.min(MAX_FRACTION), x.abs());
    let int_len = text.find('.').unwrap_or(text.len()) as i64;
    let raw: String = text.chars().filter(|c| *c != '.').collect();
    Digits::normalize(&raw, int_len)
}

/// The exact decimal value of `x`, every digit of it.
pub fn exact(x: f64) -> Digits {
    fixed(x, MAX_FRACTION)
}

/// Rounds exact digits to the digit at position `keep` (counted like
/// `decpt`: `keep == decpt` keeps the integer part), ties to even. A
/// result that rounds away entirely is zero.
pub fn round_half_even(d: &Digits, keep: i64) -> Digits {
    let bytes = d.digits.as_bytes();
    let len = bytes.len() as i64;
    if d.is_zero() || keep >= len {
        return d.clone();
    }
    if keep < 0 {
        return Digits::normalize("0", 1);
    }
    let keep = keep as usize;
    let first_dropped = bytes[keep];
    let rest_nonzero = bytes[keep + 1..].iter().any(|&b| b != b'0');
    let last_kept_odd = keep > 0 && (bytes[keep - 1] - b'0') % 2 == 1;
    let round_up =
        first_dropped > b'5' || (first_dropped == b'5' && (rest_nonzero || last_kept_odd));
    let mut kept: Vec<u8> = bytes[..keep].to_vec();
    let mut decpt = d.decpt;
    if round_up {
        // Propagate the carry; a carry out of the first digit adds a digit.
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                decpt += 1;
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let text = String::from_utf8(kept).unwrap_or_default();
    Digits::normalize(&text, decpt)
}
