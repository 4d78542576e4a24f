//! Presentation timers: phases and elapsed time computed from recorded instants.
//!
//! A timer is never a counter that ticks: it is the list of spans during which it ran, so the
//! time is right after switching screens, after a restart of juri, and in tests without sleeping.

use serde::{Deserialize, Serialize};

use crate::model::Time;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Presentation,
    Interview,
}

impl Phase {
    pub const ALL: [Phase; 2] = [Phase::Presentation, Phase::Interview];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Presentation => "presentation",
            Phase::Interview => "interview",
        }
    }
}

/// One span of running time; `end` is empty while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    #[serde(deserialize_with = "crate::model::time::de")]
    pub start: Time,
    #[serde(
        default,
        deserialize_with = "crate::model::time::de_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub end: Option<Time>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseLog {
    pub phase: Phase,
    pub planned_seconds: u32,
    #[serde(default)]
    pub runs: Vec<Run>,
    /// Set when the chair moved on from this phase: its real duration is then final.
    #[serde(
        default,
        deserialize_with = "crate::model::time::de_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub ended: Option<Time>,
}

impl PhaseLog {
    pub fn new(phase: Phase, planned_seconds: u32) -> Self {
        PhaseLog {
            phase,
            planned_seconds,
            runs: Vec::new(),
            ended: None,
        }
    }

    pub fn running(&self) -> bool {
        self.runs.last().is_some_and(|r| r.end.is_none())
    }

    /// Milliseconds this phase has run, up to `now`.
    pub fn elapsed_ms(&self, now: Time) -> i64 {
        self.runs
            .iter()
            .map(|r| {
                let end = r.end.unwrap_or(now);
                (end - r.start).num_milliseconds().max(0)
            })
            .sum()
    }
}

/// The timer log of one entry: its phases in order, the last one being the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryTimer {
    pub entry: String,
    pub phases: Vec<PhaseLog>,
}

/// How urgent the time is, for color and wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Normal,
    /// One minute or less left.
    Warning,
    /// Past the planned time.
    Overtime,
}

/// What a screen needs to draw a timer at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub phase: Phase,
    pub running: bool,
    pub elapsed_ms: i64,
    pub planned_ms: i64,
    /// Whether every phase has ended.
    pub finished: bool,
}

impl Reading {
    /// Milliseconds left; negative in overtime.
    pub fn remaining_ms(&self) -> i64 {
        self.planned_ms - self.elapsed_ms
    }

    pub fn urgency(&self) -> Urgency {
        let left = self.remaining_ms();
        if left <= 0 {
            Urgency::Overtime
        } else if left <= 60_000 {
            Urgency::Warning
        } else {
            Urgency::Normal
        }
    }

    /// Whole seconds shown on the clock: counting down, then up in overtime ("+0:12").
    pub fn display_seconds(&self) -> (bool, i64) {
        let left = self.remaining_ms();
        if left > 0 {
            // Round up so the clock shows 7:00 at the start and reaches 0:00 exactly at time.
            (false, (left + 999) / 1000)
        } else {
            (true, -left / 1000)
        }
    }
}

/// Formats seconds as m:ss (or h:mm:ss past an hour).
pub fn clock(seconds: i64) -> String {
    let s = seconds.abs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

impl EntryTimer {
    pub fn new(entry: &str, presentation_seconds: u32, interview_seconds: u32) -> Self {
        EntryTimer {
            entry: entry.into(),
            phases: vec![
                PhaseLog::new(Phase::Presentation, presentation_seconds),
                PhaseLog::new(Phase::Interview, interview_seconds),
            ],
        }
    }

    /// The phase the clock is on: the first that has not ended, else the last.
    pub fn current_index(&self) -> usize {
        self.phases
            .iter()
            .position(|p| p.ended.is_none())
            .unwrap_or(self.phases.len().saturating_sub(1))
    }

    pub fn finished(&self) -> bool {
        self.phases.iter().all(|p| p.ended.is_some())
    }

    pub fn running(&self) -> bool {
        self.phases.iter().any(PhaseLog::running)
    }

    pub fn reading(&self, now: Time) -> Option<Reading> {
        let p = self.phases.get(self.current_index())?;
        Some(Reading {
            phase: p.phase,
            running: p.running(),
            elapsed_ms: p.elapsed_ms(now),
            planned_ms: i64::from(p.planned_seconds) * 1000,
            finished: self.finished(),
        })
    }

    /// Starts the current phase, or pauses it when running. Returns whether it now runs.
    pub fn toggle(&mut self, now: Time) -> bool {
        if self.finished() {
            return false;
        }
        let i = self.current_index();
        let p = &mut self.phases[i];
        if let Some(run) = p.runs.last_mut().filter(|r| r.end.is_none()) {
            run.end = Some(now);
            false
        } else {
            p.runs.push(Run {
                start: now,
                end: None,
            });
            true
        }
    }

    /// Ends the current phase (stopping its clock) and starts the next one running, if any.
    /// Returns the phase that ended.
    pub fn next_phase(&mut self, now: Time) -> Option<Phase> {
        if self.finished() {
            return None;
        }
        let i = self.current_index();
        let was_running = self.phases[i].running();
        let p = &mut self.phases[i];
        if let Some(run) = p.runs.last_mut().filter(|r| r.end.is_none()) {
            run.end = Some(now);
        }
        p.ended = Some(now);
        let ended = p.phase;
        // The panel goes straight from presentation to interview: keep the clock running.
        if let Some(next) = self.phases.get_mut(i + 1)
            && was_running
        {
            next.runs.push(Run {
                start: now,
                end: None,
            });
        }
        Some(ended)
    }

    /// Takes back the last phase change, as if it had not been made: the phase that ended goes
    /// on, and the time the next phase ran counts for it again (a slip of the finger costs no
    /// recorded time). Ending the last phase while it ran resumes it. Returns the phase that
    /// is current again.
    pub fn undo_phase(&mut self) -> Option<Phase> {
        let i = if self.finished() {
            self.phases.len().checked_sub(1)?
        } else {
            self.current_index().checked_sub(1)?
        };
        let ended = self.phases[i].ended.take()?;
        let later: Vec<Run> = match self.phases.get_mut(i + 1) {
            Some(next) => std::mem::take(&mut next.runs),
            None => Vec::new(),
        };
        let last = i + 1 == self.phases.len();
        let p = &mut self.phases[i];
        if last && let Some(run) = p.runs.last_mut().filter(|r| r.end == Some(ended)) {
            run.end = None;
        }
        for run in later {
            match p.runs.last_mut() {
                // The span cut in two by the phase change is one span again.
                Some(last) if last.end == Some(run.start) => last.end = run.end,
                _ => p.runs.push(run),
            }
        }
        Some(p.phase)
    }

    /// Clears every recorded span: the presentation starts again from the beginning.
    pub fn reset(&mut self) {
        for p in &mut self.phases {
            p.runs.clear();
            p.ended = None;
        }
    }

    /// Stops any running span (e.g. when another entry becomes current).
    pub fn stop(&mut self, now: Time) {
        for p in &mut self.phases {
            if let Some(run) = p.runs.last_mut().filter(|r| r.end.is_none()) {
                run.end = Some(now);
            }
        }
    }

    /// Real seconds spent in `phase` so far.
    pub fn real_seconds(&self, phase: Phase, now: Time) -> Option<i64> {
        self.phases
            .iter()
            .find(|p| p.phase == phase && !p.runs.is_empty())
            .map(|p| p.elapsed_ms(now) / 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn t(s: i64) -> Time {
        chrono::FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .unwrap()
            + Duration::seconds(s)
    }

    #[test]
    fn elapsed_counts_only_running_spans() {
        let mut tm = EntryTimer::new("E1", 420, 780);
        assert!(tm.toggle(t(0)));
        assert!(!tm.toggle(t(100)));
        let r = tm.reading(t(500)).unwrap();
        assert_eq!(r.elapsed_ms, 100_000);
        assert!(!r.running);
        assert!(tm.toggle(t(600)));
        let r = tm.reading(t(650)).unwrap();
        assert_eq!(r.elapsed_ms, 150_000);
        assert_eq!(r.display_seconds(), (false, 270));
        assert_eq!(r.urgency(), Urgency::Normal);
    }

    #[test]
    fn warning_then_overtime() {
        let mut tm = EntryTimer::new("E1", 420, 780);
        tm.toggle(t(0));
        assert_eq!(tm.reading(t(359)).unwrap().urgency(), Urgency::Normal);
        assert_eq!(tm.reading(t(360)).unwrap().urgency(), Urgency::Warning);
        let r = tm.reading(t(420)).unwrap();
        assert_eq!(r.urgency(), Urgency::Overtime);
        assert_eq!(r.display_seconds(), (true, 0));
        assert_eq!(tm.reading(t(432)).unwrap().display_seconds(), (true, 12));
        assert_eq!(clock(432), "7:12");
        assert_eq!(clock(3725), "1:02:05");
    }

    #[test]
    fn next_phase_records_real_duration_and_keeps_running() {
        let mut tm = EntryTimer::new("E1", 420, 780);
        tm.toggle(t(0));
        assert_eq!(tm.next_phase(t(450)), Some(Phase::Presentation));
        assert_eq!(tm.real_seconds(Phase::Presentation, t(9999)), Some(450));
        let r = tm.reading(t(500)).unwrap();
        assert_eq!(r.phase, Phase::Interview);
        assert!(r.running);
        assert_eq!(r.elapsed_ms, 50_000);
        assert_eq!(tm.next_phase(t(1000)), Some(Phase::Interview));
        assert!(tm.finished());
        assert!(!tm.running());
        assert_eq!(tm.real_seconds(Phase::Interview, t(5000)), Some(550));
        assert!(!tm.toggle(t(1001)));
        assert_eq!(tm.next_phase(t(1002)), None);
    }

    #[test]
    fn paused_phase_moves_on_paused_and_reset_clears() {
        let mut tm = EntryTimer::new("E1", 420, 780);
        tm.toggle(t(0));
        tm.toggle(t(10));
        tm.next_phase(t(20));
        assert!(!tm.running());
        tm.reset();
        assert_eq!(tm.reading(t(30)).unwrap().elapsed_ms, 0);
        assert_eq!(tm.reading(t(30)).unwrap().phase, Phase::Presentation);
    }

    #[test]
    fn undo_phase_takes_back_the_last_phase_change_without_losing_time() {
        let mut tm = EntryTimer::new("E1", 420, 780);
        assert_eq!(tm.undo_phase(), None, "nothing has ended yet");
        tm.toggle(t(0));
        tm.next_phase(t(1));
        tm.next_phase(t(2));
        assert!(tm.finished());
        // The interview goes on, running, as if `n` had not been pressed.
        assert_eq!(tm.undo_phase(), Some(Phase::Interview));
        assert!(!tm.finished() && tm.running());
        assert_eq!(tm.reading(t(10)).unwrap().elapsed_ms, 9_000);
        // The presentation goes on: the interview's time is the presentation's again.
        assert_eq!(tm.undo_phase(), Some(Phase::Presentation));
        let r = tm.reading(t(10)).unwrap();
        assert_eq!(
            (r.phase, r.running, r.elapsed_ms),
            (Phase::Presentation, true, 10_000)
        );
        assert_eq!(tm.phases[0].runs.len(), 1, "one unbroken span");
        assert!(tm.phases[1].runs.is_empty() && tm.phases[1].ended.is_none());
        assert_eq!(tm.undo_phase(), None);
        // A phase ended while paused stays paused when taken back.
        tm.toggle(t(20));
        tm.next_phase(t(30));
        tm.next_phase(t(40));
        assert!(!tm.running());
        assert_eq!(tm.undo_phase(), Some(Phase::Interview));
        assert!(!tm.running());
        assert_eq!(tm.reading(t(50)).unwrap().elapsed_ms, 0);
    }
}
