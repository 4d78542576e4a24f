//! The agenda as it is sent to the innovators: day, date, slot, entry, institution and status,
//! in the session's language, as a table, CSV or Markdown.

use crate::i18n::{Lang, T};
use crate::io::csv::cell;
use crate::io::report::md_text;
use crate::model::days::plan;
use crate::model::schedule::hhmm;
use crate::model::{Session, Status};

/// One line of the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaRow {
    /// 1-based; `None` without a slot.
    pub day: Option<usize>,
    /// YYYY-MM-DD, when the agenda has dated days.
    pub date: String,
    /// HH:MM, or empty without a slot.
    pub slot: String,
    pub entry: String,
    pub title: String,
    pub institution: String,
    pub status: Status,
    /// Why the entry is ineligible.
    pub reason: Option<String>,
}

/// Every entry in agenda order with its day and slot.
pub fn rows(s: &Session) -> Vec<AgendaRow> {
    let days = s
        .schedule
        .as_ref()
        .map(|x| x.days.as_slice())
        .unwrap_or(&[]);
    s.entries
        .iter()
        .zip(plan(s))
        .map(|(e, p)| AgendaRow {
            day: p.map(|p| p.day + 1),
            date: p
                .and_then(|p| days.get(p.day))
                .map(|d| d.date.to_string())
                .unwrap_or_default(),
            slot: p.map(|p| hhmm(p.start)).unwrap_or_default(),
            entry: e.id.clone(),
            title: e.title.clone(),
            institution: e.institution.clone(),
            status: e.status,
            reason: e.reason.clone(),
        })
        .collect()
}

fn head(lang: Lang) -> [&'static str; 6] {
    [
        T::AgDay.get(lang),
        T::AgDate.get(lang),
        T::AgSlot.get(lang),
        T::AgEntry.get(lang),
        T::AgInstitution.get(lang),
        T::AgStatus.get(lang),
    ]
}

fn cells(r: &AgendaRow, lang: Lang) -> [String; 6] {
    let status = match &r.reason {
        Some(why) => format!("{} ({why})", r.status.word(lang)),
        None => r.status.word(lang).to_string(),
    };
    [
        r.day.map(|d| d.to_string()).unwrap_or_default(),
        r.date.clone(),
        if r.day.is_some() {
            r.slot.clone()
        } else {
            T::AgNoSlot.get(lang).to_string()
        },
        format!("{} {}", r.entry, r.title),
        r.institution.clone(),
        status,
    ]
}

/// The agenda as aligned text columns.
pub fn table(s: &Session, lang: Lang) -> String {
    let rows: Vec<[String; 6]> = rows(s).iter().map(|r| cells(r, lang)).collect();
    let head = head(lang).map(String::from);
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            rows.iter()
                .chain([&head])
                .map(|c| c[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("{}\n", s.title);
    for c in std::iter::once(&head).chain(&rows) {
        let parts: Vec<String> = c
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v}{}", " ".repeat(w - v.chars().count())))
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The agenda as CSV: `day,date,slot,entry,title,institution,status,reason` (the column names
/// stay English so that `juri new` reads `day` and `slot` back).
pub fn csv(s: &Session, lang: Lang) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "day",
        "date",
        "slot",
        "entry",
        "title",
        "institution",
        "status",
        "reason",
    ]);
    for r in rows(s) {
        let day = r.day.map(|d| d.to_string()).unwrap_or_default();
        let _ = w.write_record([
            day.as_str(),
            &r.date,
            &r.slot,
            &cell(&r.entry),
            &cell(&r.title),
            &cell(&r.institution),
            r.status.word(lang),
            &cell(r.reason.as_deref().unwrap_or("")),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The agenda as Markdown: one table per day, then the entries without a slot.
pub fn md(s: &Session, lang: Lang) -> String {
    let all = rows(s);
    let mut out = format!("# {}\n", md_text(&s.title));
    let mut days: Vec<Option<usize>> = all.iter().map(|r| r.day).collect();
    days.dedup();
    days.sort_by_key(|d| d.unwrap_or(usize::MAX));
    days.dedup();
    for d in days {
        let title = match d {
            Some(n) => {
                let date = all
                    .iter()
                    .find(|r| r.day == d)
                    .map_or("", |r| r.date.as_str());
                format!("{} {date}", T::AgDayN.fill(lang, &[&n.to_string()]))
            }
            None => T::AgNoSlot.get(lang).to_string(),
        };
        out.push_str(&format!("\n## {}\n\n", md_text(title.trim())));
        let h = head(lang);
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n|---|---|---|---|\n",
            h[2], h[3], h[4], h[5]
        ));
        for r in all.iter().filter(|r| r.day == d) {
            let c = cells(r, lang);
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md_text(&c[2]),
                md_text(&c[3]),
                md_text(&c[4]),
                md_text(&c[5])
            ));
        }
    }
    out
}
