//! The minutes (*berita acara*) at the end of the recap, on portrait pages: the panel, declared
//! conflicts, absent and withdrawn entries, the clock per entry, reopened sheets, the
//! fingerprint of the audit log, and a signature line for every juror and the chair.

use maud::{Markup, html as markup};

use super::text::Text;
use crate::i18n::{Lang, T};
use crate::model::Session;
use crate::model::audit::AuditEvent;
use crate::model::timer::{Phase, clock};

pub(super) fn minutes(s: &Session, log: &[AuditEvent], lang: Lang, made: &str) -> Markup {
    let conflicts: Vec<(&str, String)> = s
        .jurors
        .iter()
        .filter(|j| !j.conflicts.is_empty())
        .map(|j| {
            let list: Vec<String> = j
                .conflicts
                .iter()
                .map(|e| match s.entry(e) {
                    Some(x) => format!("{} {}", x.id, x.title),
                    None => e.clone(),
                })
                .collect();
            (j.name.as_str(), list.join("; "))
        })
        .collect();
    // Ineligible entries have their own list, with reasons.
    let gone: Vec<_> = s
        .entries
        .iter()
        .filter(|e| !e.status.competes() && e.status != crate::model::Status::Ineligible)
        .collect();
    let reopened: Vec<&AuditEvent> = log.iter().filter(|e| e.action == "sheet.reopen").collect();
    let mut signers: Vec<(&str, &str)> = s
        .jurors
        .iter()
        .map(|j| (j.name.as_str(), j.role.as_deref().unwrap_or("")))
        .collect();
    signers.push(("", T::XChair.get(lang)));
    markup! {
        section.minutes {
            h2 { (T::XMinutes.get(lang)) " — " (Text(&s.title)) }
            h3 { (T::XPanel.get(lang)) }
            table {
                thead { tr { th { "#" } th { (T::XName.get(lang)) } th { (T::XRole.get(lang)) } } }
                tbody {
                    @for (i, j) in s.jurors.iter().enumerate() {
                        tr {
                            td.n { (i + 1) }
                            td { (Text(&j.name)) }
                            td { (Text(j.role.as_deref().unwrap_or(""))) }
                        }
                    }
                }
            }

            h3 { (T::XConflictsDeclared.get(lang)) }
            @if conflicts.is_empty() {
                p { (T::XNone.get(lang)) }
            } @else {
                ul {
                    @for (name, list) in &conflicts {
                        li { (Text(name)) ": " (Text(list)) }
                    }
                }
            }

            h3 { (T::XAbsentWithdrawn.get(lang)) }
            @if gone.is_empty() {
                p { (T::XNone.get(lang)) }
            } @else {
                ul {
                    @for e in &gone {
                        li {
                            (Text(&e.id)) " " (Text(&e.title)) " (" (Text(&e.institution)) "): "
                            (e.status.word(lang))
                        }
                    }
                }
            }

            (super::days::ineligible(s, lang))
            (super::days::by_day(s, lang))

            h3 { (T::XDurations.get(lang)) }
            table {
                thead {
                    tr {
                        th { "#" }
                        th { (T::ColEntry.get(lang)) }
                        th { (T::PhasePresentation.get(lang)) }
                        th { (T::PhaseInterview.get(lang)) }
                    }
                }
                tbody {
                    @for (i, e) in s.entries.iter().enumerate() {
                        @if s.timer(&e.id).is_some() {
                            tr {
                                td.n { (i + 1) }
                                td { (Text(&e.id)) " " (Text(&e.title)) }
                                td.n { (duration(s, &e.id, Phase::Presentation)) }
                                td.n { (duration(s, &e.id, Phase::Interview)) }
                            }
                        }
                    }
                }
            }
            p.small { (T::Real.fill(lang, &["m:ss"])) " / " (T::Planned.fill(lang, &["m:ss"])) }

            h3 { (T::XReopened.get(lang)) }
            @if reopened.is_empty() {
                p { (T::XNone.get(lang)) }
            } @else {
                table {
                    thead {
                        tr {
                            th { (T::XWhen.get(lang)) }
                            th { (T::ColEntry.get(lang)) }
                            th { (T::XBy.get(lang)) }
                            th { (T::XReason.get(lang)) }
                        }
                    }
                    tbody {
                        @for ev in &reopened {
                            @let (entry, juror) = ev.subject.split_once('/').unwrap_or((&ev.subject, ""));
                            @let who = s.juror(juror).map_or(juror, |j| j.name.as_str());
                            tr {
                                td { (ev.at.format("%Y-%m-%d %H:%M")) }
                                td { (Text(entry)) " · " (Text(who)) }
                                td { (Text(&ev.actor)) }
                                td { (Text(ev.reason.as_deref().unwrap_or(""))) }
                            }
                        }
                    }
                }
            }

            h3 { (T::XFingerprint.get(lang)) }
            @match crate::standings::verify::verify(s, log) {
                Ok(v) => p.fingerprint { (v.fingerprint) },
                Err(e) => p.bad { (Text(&T::XNotVerified.fill(lang, &[&e]))) },
            }

            h3 { (T::XSignatures.get(lang)) }
            div.signs {
                @for (name, role) in &signers {
                    div.sign {
                        div.line {
                            @if name.is_empty() {
                                (T::XName.get(lang)) ": "
                            } @else {
                                (Text(name))
                            }
                            @if !role.is_empty() { " — " (Text(role)) }
                        }
                    }
                }
            }
            p.small { (Text(made)) }
        }
    }
}

/// The time an entry's phase ran against the time planned for it: `real / planned`.
fn duration(s: &Session, entry: &str, p: Phase) -> String {
    let log = s
        .timer(entry)
        .and_then(|t| t.phases.iter().find(|x| x.phase == p));
    let planned = log.map_or(0, |x| i64::from(x.planned_seconds));
    let real = log
        .filter(|x| !x.runs.is_empty())
        .map(|x| clock(x.elapsed_ms(s.updated) / 1000))
        .unwrap_or_else(|| "—".into());
    format!("{} / {}", real, clock(planned))
}
