//! The one keymap: key -> action for input, action -> key for the footer and help, so the hints
//! on screen can never disagree with what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Screen};
use crate::i18n::T;

/// Where a key is pressed: a screen, or a dialog on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    Global,
    Agenda,
    Stage,
    /// The scoring screen while choosing a juror.
    Pick,
    /// A juror's open score sheet: digits type into the value.
    Sheet,
    Standings,
    Confirm,
    Help,
    /// A PIN prompt: digits are typed, never drawn.
    Pin,
    /// The neutral screen between two jurors.
    Handoff,
    /// A text editor (note, comment, reason): every other key edits the text.
    Editor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}

const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(ch) => ch.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::F(n) => format!("F{n}"),
            _ => "?".into(),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }

    fn matches(&self, ev: &KeyEvent) -> bool {
        // Shifted letters arrive as upper-case chars, with or without the SHIFT flag.
        let mods = ev.modifiers - KeyModifiers::SHIFT;
        self.code == ev.code && self.mods == mods
    }
}

pub struct Binding {
    pub ctx: Ctx,
    pub keys: Vec<Key>,
    pub action: Action,
    pub label: T,
    /// Shown in the footer (all bindings are shown in help).
    pub footer: bool,
}

macro_rules! bind {
    ($ctx:ident, [$($key:expr),+], $action:expr, $label:ident, $footer:expr) => {
        Binding { ctx: Ctx::$ctx, keys: vec![$($key),+], action: $action, label: T::$label, footer: $footer }
    };
}

pub fn bindings() -> &'static [Binding] {
    use Action::*;
    static B: std::sync::OnceLock<Vec<Binding>> = std::sync::OnceLock::new();
    B.get_or_init(|| {
        vec![
            bind!(
                Global,
                [c('1'), k(KeyCode::F(1))],
                Show(Screen::Agenda),
                KScreenAgenda,
                true
            ),
            bind!(
                Global,
                [c('2'), k(KeyCode::F(2))],
                Show(Screen::Stage),
                KScreenStage,
                true
            ),
            bind!(
                Global,
                [c('3'), k(KeyCode::F(3))],
                Show(Screen::Scoring),
                KScreenScoring,
                true
            ),
            bind!(
                Global,
                [c('4'), k(KeyCode::F(4))],
                Show(Screen::Standings),
                KScreenStandings,
                true
            ),
            bind!(Global, [c('?')], Help, KHelp, true),
            bind!(Global, [c('q'), ctrl('c')], Quit, KQuit, true),
            // Agenda.
            bind!(Agenda, [k(KeyCode::Up), c('k')], Up, KMove, false),
            bind!(Agenda, [k(KeyCode::Down), c('j')], Down, KMove, true),
            bind!(Agenda, [k(KeyCode::PageUp)], PageUp, KMove, false),
            bind!(Agenda, [k(KeyCode::PageDown)], PageDown, KMove, false),
            bind!(Agenda, [k(KeyCode::Home), c('g')], Home, KMove, false),
            bind!(Agenda, [k(KeyCode::End), c('G')], End, KMove, false),
            bind!(Agenda, [k(KeyCode::Enter)], Select, KSelect, true),
            bind!(Agenda, [c('a')], MarkAbsent, KAbsent, true),
            bind!(Agenda, [c('w')], MarkWithdrawn, KWithdrawn, true),
            bind!(Agenda, [c('b')], MarkBack, KBack, true),
            bind!(Agenda, [c('K')], OrderUp, KOrderUp, true),
            bind!(Agenda, [c('J')], OrderDown, KOrderDown, true),
            bind!(Agenda, [c('P')], TogglePins, KPins, false),
            // Stage.
            bind!(Stage, [c(' ')], TimerToggle, KStartPause, true),
            bind!(Stage, [c('n')], TimerNext, KNextPhase, true),
            bind!(Stage, [c('r')], TimerReset, KReset, true),
            // Scoring: choosing the juror.
            bind!(Pick, [k(KeyCode::Up), c('k')], Up, KMove, false),
            bind!(Pick, [k(KeyCode::Down), c('j')], Down, KMove, true),
            bind!(Pick, [k(KeyCode::Enter)], Select, KPickJuror, true),
            bind!(Pick, [c('[')], PrevEntry, KPrevEntry, true),
            bind!(Pick, [c(']')], NextEntry, KNextEntry, true),
            bind!(Pick, [c('R')], Reopen, KReopen, true),
            bind!(Pick, [c('*')], ToggleMask, KMask, false),
            bind!(Handoff, [k(KeyCode::Enter)], Select, KContinue, true),
            // Scoring: the open sheet. Digits, '.' and ',' type into the value.
            bind!(
                Sheet,
                [k(KeyCode::Up), k(KeyCode::BackTab)],
                Up,
                KMove,
                false
            ),
            bind!(
                Sheet,
                [k(KeyCode::Down), k(KeyCode::Tab), k(KeyCode::Enter)],
                Down,
                KMove,
                true
            ),
            bind!(Sheet, [k(KeyCode::Right), c('+')], StepUp, KStep, true),
            bind!(Sheet, [k(KeyCode::Left), c('-')], StepDown, KStep, false),
            bind!(Sheet, [k(KeyCode::Backspace)], Backspace, KStep, false),
            bind!(Sheet, [c('n')], EditNote, KNote, true),
            bind!(Sheet, [c('c')], EditComment, KComment, true),
            bind!(Sheet, [ctrl('s'), c('S')], Submit, KSubmit, true),
            bind!(Sheet, [k(KeyCode::Esc)], Leave, KLeave, true),
            bind!(Sheet, [c('*')], ToggleMask, KMask, true),
            // Standings.
            bind!(
                Standings,
                [k(KeyCode::Tab), k(KeyCode::Right), c('l')],
                NextTab,
                KTab,
                true
            ),
            bind!(
                Standings,
                [k(KeyCode::BackTab), k(KeyCode::Left), c('h')],
                PrevTab,
                KTab,
                false
            ),
            bind!(Standings, [k(KeyCode::Up), c('k')], Up, KMove, false),
            bind!(Standings, [k(KeyCode::Down), c('j')], Down, KMove, false),
            bind!(Standings, [c('m')], CycleMethod, KMethod, true),
            bind!(Standings, [c('z')], ToggleZ, KZscore, true),
            bind!(Standings, [c('c')], ToggleChart, KChart, true),
            bind!(Standings, [c('e')], Export, KExport, true),
            bind!(Standings, [c('p')], Reveal, KReveal, false),
            bind!(Standings, [c('B')], ToggleBlind, KBlind, false),
            bind!(Standings, [c('Q')], CycleQuorum, KQuorum, false),
            // Dialogs.
            bind!(
                Confirm,
                [c('y'), k(KeyCode::Enter)],
                Confirm,
                KConfirm,
                true
            ),
            bind!(Confirm, [c('n'), k(KeyCode::Esc)], Cancel, KCancel, true),
            bind!(
                Help,
                [k(KeyCode::Esc), c('?'), c('q')],
                Cancel,
                KCancel,
                true
            ),
            bind!(Pin, [k(KeyCode::Enter)], Select, KConfirm, true),
            bind!(Pin, [k(KeyCode::Backspace)], Backspace, KStep, false),
            bind!(Pin, [k(KeyCode::Esc)], Cancel, KCancel, true),
            bind!(Editor, [k(KeyCode::Esc)], EditorDone, KDone, true),
            bind!(Editor, [ctrl('u')], EditorClear, KClear, true),
        ]
    })
}

/// Which bindings apply in a context: its own first, then the global ones where they may.
fn applies(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    // Dialogs and the sheet capture every key: digits are values there, not screens.
    let global = matches!(
        ctx,
        Ctx::Agenda | Ctx::Stage | Ctx::Pick | Ctx::Standings | Ctx::Handoff
    );
    bindings()
        .iter()
        .filter(move |b| b.ctx == ctx || (global && b.ctx == Ctx::Global))
}

/// The action a key press means in `ctx`, if any.
pub fn action(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
    if let Some(b) = applies(ctx).find(|b| b.keys.iter().any(|k| k.matches(ev))) {
        return Some(b.action.clone());
    }
    let plain = (ev.modifiers - KeyModifiers::SHIFT).is_empty();
    match (ctx, ev.code) {
        (Ctx::Editor, _) => Some(Action::EditorKey(*ev)),
        (Ctx::Sheet, KeyCode::Char(ch))
            if plain && (ch.is_ascii_digit() || ch == '.' || ch == ',') =>
        {
            Some(Action::Type(ch))
        }
        (Ctx::Pin, KeyCode::Char(ch)) if plain && ch.is_ascii_digit() => Some(Action::Type(ch)),
        (Ctx::Sheet | Ctx::Pin, KeyCode::Char('c')) if ev.modifiers == KeyModifiers::CONTROL => {
            Some(Action::Quit)
        }
        _ => None,
    }
}

/// Footer hints for a context: (keys, label) in keymap order.
pub fn hints(ctx: Ctx) -> Vec<(String, T)> {
    // The screen's own keys first: they matter most when the line is short.
    let own = applies(ctx).filter(|b| b.ctx != Ctx::Global);
    let global = applies(ctx).filter(|b| b.ctx == Ctx::Global);
    own.chain(global)
        .filter(|b| b.footer)
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().take(2).map(Key::label).collect();
            (keys.join("/"), b.label)
        })
        .collect()
}

/// Every binding of a context, for the help screen.
pub fn all(ctx: Ctx) -> Vec<(String, T)> {
    bindings()
        .iter()
        .filter(|b| b.ctx == ctx)
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
            (keys.join(" "), b.label)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn digits_switch_screens_except_on_a_sheet() {
        assert_eq!(
            action(Ctx::Agenda, &ev(KeyCode::Char('4'))),
            Some(Action::Show(Screen::Standings))
        );
        assert_eq!(
            action(Ctx::Sheet, &ev(KeyCode::Char('4'))),
            Some(Action::Type('4'))
        );
        assert_eq!(action(Ctx::Sheet, &ev(KeyCode::Char('q'))), None);
        assert_eq!(
            action(Ctx::Editor, &ev(KeyCode::Char('q'))),
            Some(Action::EditorKey(ev(KeyCode::Char('q'))))
        );
    }

    #[test]
    fn shifted_letters_match_with_or_without_the_shift_flag() {
        let shifted = KeyEvent::new(KeyCode::Char('K'), KeyModifiers::SHIFT);
        assert_eq!(action(Ctx::Agenda, &shifted), Some(Action::OrderUp));
        assert_eq!(
            action(Ctx::Agenda, &ev(KeyCode::Char('K'))),
            Some(Action::OrderUp)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let ctxs = [
            Ctx::Agenda,
            Ctx::Stage,
            Ctx::Pick,
            Ctx::Sheet,
            Ctx::Standings,
            Ctx::Confirm,
            Ctx::Help,
            Ctx::Editor,
            Ctx::Pin,
            Ctx::Handoff,
        ];
        for ctx in ctxs {
            let keys: Vec<Key> = applies(ctx).flat_map(|b| b.keys.iter().copied()).collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..].contains(a),
                    "{:?} bound twice in {ctx:?}",
                    a.label()
                );
            }
        }
    }

    #[test]
    fn hints_come_from_the_bindings() {
        let h = hints(Ctx::Stage);
        assert!(h.contains(&("Space".to_string(), T::KStartPause)));
        assert!(h.contains(&("q/Ctrl-C".to_string(), T::KQuit)));
    }
}
