//! What the chair of a served panel sees of the panel itself: who is connected, and who has
//! submitted for the entry on stage.

use crate::i18n::{Lang, T};
use crate::model::Session;

/// The entry on stage, the jurors expected to score it (not those with a conflict of interest)
/// and those of them who have not submitted yet.
pub fn awaited(s: &Session) -> Option<(&str, Vec<&str>, Vec<&str>)> {
    let entry = s.current.as_deref()?;
    let expected: Vec<&str> = s
        .jurors
        .iter()
        .map(|j| j.id.as_str())
        .filter(|j| !s.conflicted(j, entry))
        .collect();
    let waiting: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|j| !s.sheet(entry, j).is_some_and(|sh| sh.is_submitted()))
        .collect();
    Some((entry, expected, waiting))
}

/// "6 of 9 submitted for E03; waiting for J3, J7 · N: nudge" for the entry on stage; `None`
/// without an entry on stage.
pub fn submitted(s: &Session, lang: Lang) -> Option<String> {
    let (entry, expected, waiting) = awaited(s)?;
    let done = (expected.len() - waiting.len()).to_string();
    let mut line = T::ServeSubmitted.fill(lang, &[&done, &expected.len().to_string(), entry]);
    if !waiting.is_empty() {
        line.push_str(&T::ServeWaiting.fill(lang, &[&waiting.join(", ")]));
        line.push_str(" · ");
        line.push_str(T::ServeNudgeKey.get(lang));
    }
    Some(line)
}

/// "Connected: chair, J1, J2" in the panel's order (chair, jurors, presenter).
pub fn connected(s: &Session, who: &[&str], lang: Lang) -> String {
    let order = |w: &str| -> usize {
        if w == crate::model::pin::CHAIR {
            0
        } else if let Some(i) = s.jurors.iter().position(|j| j.id == w) {
            i + 1
        } else {
            usize::MAX
        }
    };
    let mut names: Vec<&str> = who.to_vec();
    names.sort_by_key(|w| order(w));
    names.dedup();
    T::ServeConnected.fill(lang, &[&names.join(", ")])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Session {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo-session.json");
        crate::store::load(std::path::Path::new(path)).unwrap()
    }

    #[test]
    fn the_chair_sees_who_submitted_for_the_entry_on_stage_and_who_is_awaited() {
        let mut s = demo();
        let entry = s.entries[0].id.clone();
        s.current = Some(entry.clone());
        let line = submitted(&s, Lang::En).unwrap();
        let expected: Vec<String> = s
            .jurors
            .iter()
            .filter(|j| !s.conflicted(&j.id, &entry))
            .map(|j| j.id.clone())
            .collect();
        let done = expected
            .iter()
            .filter(|j| s.sheet(&entry, j).is_some_and(|sh| sh.is_submitted()))
            .count();
        assert!(
            line.starts_with(&format!(
                "{done} of {} submitted for {entry}",
                expected.len()
            )),
            "{line}"
        );
        assert_eq!(
            line.contains("waiting for"),
            done < expected.len(),
            "{line}"
        );
        let id = submitted(&s, Lang::Id).unwrap();
        assert!(id.contains("dari"), "{id}");
        s.current = None;
        assert_eq!(submitted(&s, Lang::En), None);
    }

    #[test]
    fn connected_people_are_listed_chair_first_then_jurors_in_order() {
        let s = demo();
        let j = |i: usize| s.jurors[i].id.as_str();
        let line = connected(&s, &["presenter", j(1), "chair", j(0), j(1)], Lang::En);
        assert_eq!(
            line,
            format!("Connected: chair, {}, {}, presenter", j(0), j(1))
        );
    }
}
