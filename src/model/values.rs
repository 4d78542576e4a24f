//! A sheet's values: criterion id -> number, kept as a short sorted list.
//!
//! A session holds one of these per juror and entry, so tens or hundreds of thousands of them
//! at a national desk stage. A rubric has a handful of criteria with short ids: a sorted vector
//! of inline strings needs one allocation per sheet, where a `BTreeMap<String, f64>` needs one
//! per value plus its nodes. It reads and writes as the same JSON object, keys in order.

use std::fmt;

use compact_str::CompactString;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values(Vec<(CompactString, f64)>);

impl Values {
    pub fn new() -> Values {
        Values(Vec::new())
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&f64> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it had.
    pub fn insert(&mut self, key: impl AsRef<str>, value: f64) -> Option<f64> {
        let key = key.as_ref();
        match self.find(key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (CompactString::new(key), value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<f64> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// In key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &f64)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// A key a file gave twice (only a freshly read, not yet validated `Values` can have one).
    pub fn duplicate(&self) -> Option<&str> {
        self.0
            .windows(2)
            .find(|w| w[0].0 == w[1].0)
            .map(|w| w[0].0.as_str())
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

impl std::ops::Index<&str> for Values {
    type Output = f64;

    fn index(&self, key: &str) -> &f64 {
        self.get(key)
            .unwrap_or_else(|| panic!("no value for criterion {key:?}"))
    }
}

impl<K: AsRef<str>> FromIterator<(K, f64)> for Values {
    fn from_iter<I: IntoIterator<Item = (K, f64)>>(iter: I) -> Values {
        let mut v = Values::new();
        for (k, x) in iter {
            v.insert(k, x);
        }
        v
    }
}

impl<'a> IntoIterator for &'a Values {
    type Item = (&'a str, &'a f64);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (CompactString, f64)>,
        fn(&'a (CompactString, f64)) -> (&'a str, &'a f64),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k.as_str(), v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Values, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Values;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of criterion ids and numbers")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Values, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
                while let Some((k, v)) = map.next_entry::<CompactString, f64>()? {
                    out.push((k, v));
                }
                // Files juri writes have the keys in order already.
                if !out.windows(2).all(|w| w[0].0 < w[1].0) {
                    // A key given twice is kept twice, side by side, so that loading names it
                    // (see `duplicate`) instead of silently keeping one of the two numbers.
                    out.sort_by(|a, b| a.0.cmp(&b.0));
                }
                Ok(Values(out))
            }
        }
        de.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_sorted_map() {
        let mut v = Values::new();
        assert_eq!(v.insert("novelty", 80.0), None);
        assert_eq!(v.insert("impact", 70.0), None);
        assert_eq!(v.insert("novelty", 85.0), Some(80.0));
        assert_eq!(v.keys().collect::<Vec<_>>(), ["impact", "novelty"]);
        assert_eq!(v["novelty"], 85.0);
        assert!(v.contains_key("impact") && !v.contains_key("problem"));
        assert_eq!(v.remove("impact"), Some(70.0));
        assert_eq!(v.remove("impact"), None);
        assert_eq!(v.len(), 1);
    }

    #[test]
    fn reads_and_writes_the_same_json_as_a_map() {
        let v: Values = serde_json::from_str(r#"{"b": 2, "a": 1.5}"#).unwrap();
        assert_eq!(v.iter().collect::<Vec<_>>(), [("a", &1.5), ("b", &2.0)]);
        assert_eq!(v.duplicate(), None);
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"a":1.5,"b":2.0}"#);
        let m: std::collections::BTreeMap<String, f64> =
            serde_json::from_str(r#"{"b": 2, "a": 1.5}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            serde_json::to_string(&v).unwrap()
        );
        // A key given twice is kept for validation to name, not resolved in silence.
        let v: Values = serde_json::from_str(r#"{"b": 2, "a": 1.5, "b": 3}"#).unwrap();
        assert_eq!(v.duplicate(), Some("b"));
        assert!(serde_json::from_str::<Values>(r#"{"a": "x"}"#).is_err());
    }
}
