//! The minutes' and the recap's parts for a competition over several days and stages: the
//! entries that did not pass the screening with their reasons, the agenda day by day, and the
//! stages' scores with the formula that combines them.

use maud::{Markup, html as markup};

use super::text::Text;
use crate::i18n::{Lang, T};
use crate::io::agenda;
use crate::model::{Session, Status};
use crate::standings::Standings;

/// Ineligible entries with their reasons.
pub(super) fn ineligible(s: &Session, lang: Lang) -> Markup {
    let out: Vec<_> = s
        .entries
        .iter()
        .filter(|e| e.status == Status::Ineligible)
        .collect();
    markup! {
        @if !out.is_empty() {
            h3 { (T::XIneligible.get(lang)) }
            table {
                thead { tr { th { (T::AgEntry.get(lang)) } th { (T::AgInstitution.get(lang)) } th { (T::XReason.get(lang)) } } }
                tbody {
                    @for e in &out {
                        tr {
                            td { (Text(&e.id)) " " (Text(&e.title)) }
                            td { (Text(&e.institution)) }
                            td { (Text(e.reason.as_deref().unwrap_or(""))) }
                        }
                    }
                }
            }
        }
    }
}

/// The agenda day by day, when it spans dated days.
pub(super) fn by_day(s: &Session, lang: Lang) -> Markup {
    let rows = agenda::rows(s);
    let days = s.schedule.as_ref().map_or(0, |x| x.days.len());
    markup! {
        @if days > 0 {
            h3 { (T::XDays.get(lang)) }
            @for d in 1..=days {
                @let on: Vec<_> = rows.iter().filter(|r| r.day == Some(d)).collect();
                @if !on.is_empty() {
                    h4 { (T::AgDayN.fill(lang, &[&d.to_string()])) " — " (on[0].date) }
                    table {
                        thead { tr { th { (T::AgSlot.get(lang)) } th { (T::AgEntry.get(lang)) } th { (T::AgInstitution.get(lang)) } th { (T::AgStatus.get(lang)) } } }
                        tbody {
                            @for r in &on {
                                tr {
                                    td.n { (r.slot) }
                                    td { (Text(&r.entry)) " " (Text(&r.title)) }
                                    td { (Text(&r.institution)) }
                                    td { (r.status.word(lang)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Each stage's score beside the final one, and the formula, for the recap.
pub(super) fn stages(s: &Session, st: &Standings, lang: Lang) -> Markup {
    let Some(formula) = crate::io::stages::formula(s, lang) else {
        return markup! {};
    };
    let names = crate::io::stages::names(s, lang);
    markup! {
        section.stages {
            p.formula { strong { (Text(&formula)) } }
            table {
                thead {
                    tr {
                        th { (T::ColRank.get(lang)) }
                        th { (T::AgEntry.get(lang)) }
                        @for n in &names { th { (Text(n)) } }
                        th { (T::ColFinal.get(lang)) }
                    }
                }
                tbody {
                    @for r in &st.rows {
                        tr {
                            td.n { (r.rank.map(|k| k.to_string()).unwrap_or_default()) }
                            td { (Text(&r.entry)) }
                            @for c in crate::io::stages::cells(r) { td.n { (super::dec(&c, lang)) } }
                            td.n { (super::dec(&r.score.as_ref().map_or_else(|| "—".into(), |x| x.display()), lang)) }
                        }
                    }
                }
            }
        }
    }
}
