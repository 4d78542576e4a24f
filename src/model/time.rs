//! Reading the instants of a session file quickly.
//!
//! A session of 1,000 entries holds about 50,000 instants (three per sheet, more per clock);
//! chrono's general RFC 3339 parser spent a quarter of the loading time on them. The files
//! juri writes use one form, `2026-11-23T09:00:00+07:00` (with a fraction of a second where
//! there is one, `Z` for UTC), which is read here directly; any other form goes to chrono, so
//! every file that loaded before loads the same.

use chrono::{FixedOffset, NaiveDate, TimeZone};
use serde::{Deserialize, Deserializer};

use super::Time;

fn two(b: &[u8], i: usize) -> Option<u32> {
    let (x, y) = (b.get(i)?, b.get(i + 1)?);
    (x.is_ascii_digit() && y.is_ascii_digit())
        .then(|| u32::from(x - b'0') * 10 + u32::from(y - b'0'))
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, or `None` for anything else.
fn fast(s: &str) -> Option<Time> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let year = i32::try_from(two(b, 0)? * 100 + two(b, 2)?).ok()?;
    let (month, day) = (two(b, 5)?, two(b, 8)?);
    let (h, m, sec) = (two(b, 11)?, two(b, 14)?, two(b, 17)?);
    let mut i = 19;
    let mut nanos = 0u32;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = &b[start..i];
        if digits.is_empty() || digits.len() > 9 {
            return None;
        }
        for d in digits {
            nanos = nanos * 10 + u32::from(d - b'0');
        }
        nanos *= 10u32.pow(9 - digits.len() as u32);
    }
    let offset = match b.get(i..)? {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let secs = i32::try_from(two(b, i + 1)? * 3600 + two(b, i + 4)? * 60).ok()?;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    if sec > 59 {
        return None; // a leap second: chrono knows what to make of it
    }
    let naive = NaiveDate::from_ymd_opt(year, month, day)?.and_hms_nano_opt(h, m, sec, nanos)?;
    FixedOffset::east_opt(offset)?
        .from_local_datetime(&naive)
        .single()
}

/// Reads an instant as chrono's `Deserialize` does, only faster for juri's own form.
pub fn parse(s: &str) -> Result<Time, chrono::ParseError> {
    match fast(s) {
        Some(t) => Ok(t),
        None => s.parse(),
    }
}

/// Reads the string in place, without copying it first.
struct Instant;

impl serde::de::Visitor<'_> for Instant {
    type Value = Time;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an RFC 3339 date and time")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Time, E> {
        parse(s).map_err(E::custom)
    }
}

pub fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
    d.deserialize_str(Instant)
}

pub fn de_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Time>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "de")] Time);
    Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chrono_reads(s: &str) -> Option<Time> {
        serde_json::from_value::<Time>(serde_json::Value::String(s.into())).ok()
    }

    #[test]
    fn reads_what_juri_writes_and_leaves_the_rest_to_chrono() {
        for s in [
            "2026-11-23T09:00:00+07:00",
            "2026-11-23T09:00:00.5+07:00",
            "2026-11-23T09:00:00.123456789-03:30",
            "2026-11-23T02:00:00Z",
            "2026-11-23 09:00:00+07:00",
            "2026-11-23T09:00:00+0700",
            "2026-02-30T09:00:00+07:00",
            "2016-12-31T23:59:60Z",
            "2026-11-23T09:00:00",
            "2026-11-23T09:00:00.+07:00",
            "2026-11-23T09:00:00.1234567890+07:00",
            "x",
        ] {
            assert_eq!(parse(s).ok(), chrono_reads(s), "{s}");
        }
        assert!(fast("2026-11-23T09:00:00+07:00").is_some());
    }

    proptest! {
        #[test]
        fn the_same_instant_as_chrono(
            secs in -2_000_000_000i64..4_000_000_000,
            nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000],
            offset in -86_399i32..86_400,
        ) {
            let off = FixedOffset::east_opt(offset / 60 * 60).unwrap();
            let t = chrono::DateTime::from_timestamp(secs, nanos).unwrap().with_timezone(&off);
            let text = serde_json::to_value(t).unwrap();
            let text = text.as_str().unwrap();
            let back = parse(text).unwrap();
            prop_assert_eq!(back, t);
            prop_assert_eq!(back.offset(), t.offset());
            prop_assert_eq!(Some(back), chrono_reads(text));
        }
    }
}
