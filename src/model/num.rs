//! Exact numbers for scores: rubric numbers have at most four decimals, so they are held as
//! integers in units of 1/10,000 and every standings comparison is done in integer arithmetic.

// Casts that can cut a number short or turn its sign: a wrong total here is a wrong winner.
// Every cast is either checked (`try_from`) or allowed where its range is shown.
#![warn(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};

/// Units per point: rubric numbers (weights, scales, steps, values) have at most 4 decimals.
pub const UNIT: i64 = 10_000;

/// Converts a JSON/CSV number to units, or `None` when it has more than 4 decimals or is huge.
pub fn to_units(x: f64) -> Option<i64> {
    if !x.is_finite() || x.abs() > 1e12 {
        return None;
    }
    let scaled = (x * UNIT as f64).round();
    // The number must be exactly the one a decimal with at most 4 decimals reads as: division
    // rounds correctly, so `from_units` of its units gives it back bit for bit (0.1 included).
    // Anything else (80.0000000001, 5e-324) would be stored as one number and ranked as
    // another, and `juri verify` would see the difference.
    if scaled / UNIT as f64 != x {
        return None;
    }
    // |x| <= 1e12, so |scaled| <= 1e16 < 2^63, and it is a whole number: the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    Some(scaled as i64)
}

/// Back from units to a plain number for files and display.
pub fn from_units(u: i64) -> f64 {
    u as f64 / UNIT as f64
}

pub fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
        return i128::from(gcd_u64(x, y));
    }
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

/// Binary gcd: shifts and subtractions, for the numbers that fit a machine word. Standings
/// reduce tens of thousands of fractions, and a 128-bit division costs several times more.
fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    if a < b {
        std::mem::swap(&mut a, &mut b);
    }
    if b == 0 {
        return a;
    }
    // One division first brings both below the smaller one: a sum and a count, say.
    a %= b;
    if a == 0 {
        return b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

pub fn lcm(a: i128, b: i128) -> Option<i128> {
    if a == 0 || b == 0 {
        return Some(0);
    }
    (a / gcd(a, b)).checked_mul(b).map(i128::abs)
}

/// A non-negative-denominator fraction of i128, always reduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: i128,
    den: i128,
}

impl Ratio {
    pub fn new(num: i128, den: i128) -> Self {
        assert!(den != 0, "zero denominator");
        let g = gcd(num, den).max(1);
        let sign = if den < 0 { -1 } else { 1 };
        if g == 1 {
            return Ratio {
                num: sign * num,
                den: sign * den,
            };
        }
        // Machine-word divisions where the numbers fit: a 128-bit one is a library call.
        if let (Ok(n), Ok(d), Ok(g)) = (i64::try_from(num), i64::try_from(den), i64::try_from(g))
            && n != i64::MIN
            && d != i64::MIN
        {
            let sign = if den < 0 { -1i64 } else { 1 };
            return Ratio {
                num: i128::from(sign * n / g),
                den: i128::from(sign * d / g),
            };
        }
        Ratio {
            num: sign * num / g,
            den: sign * den / g,
        }
    }

    pub fn int(n: i128) -> Self {
        Ratio { num: n, den: 1 }
    }

    pub fn num(&self) -> i128 {
        self.num
    }

    pub fn den(&self) -> i128 {
        self.den
    }

    pub fn to_f64(&self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// Rounds half away from zero to `decimals` places and formats, without going through floats.
    pub fn fixed(&self, decimals: u32) -> String {
        let sign = |neg: bool| if neg { "-" } else { "" };
        let width = decimals as usize;
        let scale = 10i128.pow(decimals);
        let Some(n) = self.num.checked_mul(scale) else {
            // Half away from zero in big integers: the scaled numerator does not fit i128.
            let scale = BigInt::from(scale);
            let den = BigInt::from(self.den);
            let (q, r) = (BigInt::from(self.num).abs() * &scale).div_rem(&den);
            let q = if r * 2 >= den { q + 1 } else { q };
            let neg = self.num < 0 && !q.is_zero();
            let (int, frac) = q.div_rem(&scale);
            return match decimals {
                0 => format!("{}{int}", sign(neg)),
                _ => format!("{}{int}.{frac:0width$}", sign(neg)),
            };
        };
        let q = n.abs() / self.den;
        let r = n.abs() % self.den;
        // `r * 2` could overflow with a wide denominator; `den - r` cannot.
        let q = if r >= self.den - r { q + 1 } else { q };
        let neg = self.num < 0 && q != 0;
        let int = q / scale;
        let frac = q % scale;
        match decimals {
            0 => format!("{}{int}", sign(neg)),
            _ => format!("{}{int}.{frac:0width$}", sign(neg)),
        }
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        // Denominators are positive, so the order of the cross products is the order of the
        // fractions. Products that overflow i128 are compared as big integers: floating point
        // could call two different scores equal, or split a tie.
        match (
            self.num.checked_mul(other.den),
            other.num.checked_mul(self.den),
        ) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => (BigInt::from(self.num) * BigInt::from(other.den))
                .cmp(&(BigInt::from(other.num) * BigInt::from(self.den))),
        }
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_accept_four_decimals_and_refuse_more() {
        assert_eq!(to_units(7.5), Some(75_000));
        assert_eq!(to_units(0.1), Some(1_000));
        assert_eq!(to_units(85.0), Some(850_000));
        assert_eq!(to_units(0.1234), Some(1_234));
        assert_eq!(to_units(0.12345), None);
        assert_eq!(to_units(f64::NAN), None);
        assert_eq!(to_units(-2.5), Some(-25_000));
    }

    #[test]
    fn ratio_reduces_and_orders_exactly() {
        let a = Ratio::new(6, 4);
        assert_eq!((a.num(), a.den()), (3, 2));
        assert_eq!(Ratio::new(1, -2), Ratio::new(-1, 2));
        assert!(Ratio::new(1, 3) < Ratio::new(334, 1000));
        assert_eq!(Ratio::new(1, 3).cmp(&Ratio::new(2, 6)), Ordering::Equal);
    }

    #[test]
    fn gcd_of_words_and_of_wide_numbers() {
        let slow = |mut a: i128, mut b: i128| {
            (a, b) = (a.abs(), b.abs());
            while b != 0 {
                (a, b) = (b, a % b);
            }
            a
        };
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..10_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let a = (x % 1_000_000_007) as i128 * if x & 1 == 0 { 1 } else { -1 };
            let b = ((x >> 20) % 360_000) as i128;
            let wide = a * (1i128 << 70);
            assert_eq!(gcd(a, b), slow(a, b));
            assert_eq!(gcd(wide, b), slow(wide, b));
        }
        assert_eq!(gcd(0, 0), 0);
        assert_eq!(gcd(0, -12), 12);
        assert_eq!(gcd(48, 180), 12);
        assert_eq!(gcd(i128::from(u64::MAX), 3), 3);
    }

    #[test]
    fn fixed_rounds_half_away_from_zero() {
        assert_eq!(Ratio::new(8995, 100).fixed(1), "90.0");
        assert_eq!(Ratio::new(12345, 1000).fixed(2), "12.35");
        assert_eq!(Ratio::new(-12345, 1000).fixed(2), "-12.35");
        assert_eq!(Ratio::new(1, 3).fixed(2), "0.33");
        assert_eq!(Ratio::new(2, 3).fixed(4), "0.6667");
        assert_eq!(Ratio::new(-1, 1000).fixed(2), "0.00");
        assert_eq!(Ratio::int(90).fixed(2), "90.00");
        assert_eq!(Ratio::new(7, 2).fixed(0), "4");
    }

    /// The order of fractions whose cross products overflow i128, against exact rationals.
    mod wide {
        use super::*;
        use num_rational::BigRational;
        use proptest::prelude::*;

        fn big(r: &Ratio) -> BigRational {
            BigRational::new(BigInt::from(r.num()), BigInt::from(r.den()))
        }

        fn wide() -> impl Strategy<Value = i128> {
            prop_oneof![
                any::<i128>().prop_filter("not MIN", |n| *n != i128::MIN),
                (1i128 << 100)..(1i128 << 120),
                -1_000_000i128..1_000_000,
            ]
        }

        proptest! {
            #[test]
            fn cmp_is_exact_when_cross_products_overflow(
                a in wide(), b in 1i128..i128::MAX, c in wide(), d in 1i128..i128::MAX,
            ) {
                let (x, y) = (Ratio::new(a, b), Ratio::new(c, d));
                prop_assert_eq!(x.cmp(&y), big(&x).cmp(&big(&y)));
                prop_assert_eq!(x.cmp(&x), Ordering::Equal);
            }

            #[test]
            fn neighbours_a_float_cannot_tell_apart_are_ordered(n in (1i128 << 100)..(1i128 << 120)) {
                // n/(n+1) and (n+1)/(n+2) are the same f64 and both products overflow.
                let x = Ratio::new(n, n + 1);
                let y = Ratio::new(n + 1, n + 2);
                prop_assert_eq!(x.cmp(&y), Ordering::Less);
                prop_assert_eq!(y.cmp(&x), Ordering::Greater);
            }

            #[test]
            fn fixed_matches_exact_rounding_when_scaling_overflows(a in wide(), b in 1i128..i128::MAX) {
                let x = Ratio::new(a, b);
                // Reference: round half away from zero on the exact rational, then format.
                let scaled = big(&x) * BigRational::from_integer(BigInt::from(100));
                let half = BigRational::new(BigInt::from(1), BigInt::from(2));
                let r = if scaled < BigRational::from_integer(BigInt::from(0)) {
                    -((-scaled) + &half).floor()
                } else {
                    (scaled + &half).floor()
                };
                let q = r.to_integer();
                let neg = q < BigInt::from(0);
                let q = q.abs();
                let (int, frac) = (&q / BigInt::from(100), &q % BigInt::from(100));
                let want = format!("{}{int}.{frac:02}", if neg { "-" } else { "" });
                prop_assert_eq!(x.fixed(2), want);
            }
        }
    }
}
