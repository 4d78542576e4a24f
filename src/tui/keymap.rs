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
    /// A submitted sheet, read-only.
    View,
    /// A text editor (note, comment): every other key edits the text.
    Editor,
    /// The one-line reason to reopen a sheet: Enter reopens, Esc cancels.
    Reason,
    /// The chair's one line of a rule (lines, passing grade, an award): Enter records it.
    Rule,
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
                false
            ),
            bind!(
                Global,
                [c('2'), k(KeyCode::F(2))],
                Show(Screen::Stage),
                KScreenStage,
                false
            ),
            bind!(
                Global,
                [c('3'), k(KeyCode::F(3))],
                Show(Screen::Scoring),
                KScreenScoring,
                false
            ),
            bind!(
                Global,
                [c('4'), k(KeyCode::F(4))],
                Show(Screen::Standings),
                KScreenStandings,
                false
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
            bind!(Agenda, [c('P')], TogglePins, KPins, true),
            bind!(Agenda, [c('x')], MarkIneligible, KIneligible, true),
            bind!(Agenda, [c('>')], DayLater, KDayLater, true),
            bind!(Agenda, [c('<')], DayEarlier, KDayEarlier, false),
            // Stage.
            bind!(Stage, [c(' ')], TimerToggle, KStartPause, true),
            bind!(Stage, [c('n')], TimerNext, KNextPhase, true),
            bind!(Stage, [c('u')], TimerUndo, KUndoPhase, true),
            bind!(Stage, [c('r')], TimerReset, KReset, true),
            // Scoring: choosing the juror.
            bind!(Pick, [k(KeyCode::Up), c('k')], Up, KMove, false),
            bind!(Pick, [k(KeyCode::Down), c('j')], Down, KMove, true),
            bind!(Pick, [k(KeyCode::Enter)], Select, KPickJuror, true),
            bind!(Pick, [c('[')], PrevEntry, KPrevEntry, true),
            bind!(Pick, [c(']')], NextEntry, KNextEntry, true),
            bind!(Pick, [c('R')], Reopen, KReopen, true),
            bind!(Pick, [c('*')], ToggleMask, KMask, true),
            bind!(Handoff, [k(KeyCode::Enter)], Select, KContinue, true),
            // Scoring: a submitted sheet, read-only.
            bind!(
                View,
                [k(KeyCode::Down), k(KeyCode::Tab), k(KeyCode::Enter)],
                Down,
                KMove,
                true
            ),
            bind!(
                View,
                [k(KeyCode::Up), k(KeyCode::BackTab)],
                Up,
                KMove,
                false
            ),
            bind!(View, [k(KeyCode::Esc)], Leave, KLeave, true),
            bind!(View, [c('*')], ToggleMask, KMask, true),
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
            bind!(Sheet, [k(KeyCode::Right), c('+')], StepUp, KStepUp, true),
            bind!(
                Sheet,
                [k(KeyCode::Left), c('-')],
                StepDown,
                KStepDown,
                false
            ),
            bind!(Sheet, [k(KeyCode::Backspace)], Backspace, KErase, false),
            bind!(Sheet, [c('n')], EditNote, KNote, true),
            bind!(Sheet, [c('c')], EditComment, KComment, true),
            bind!(Sheet, [ctrl('s'), c('S')], Submit, KSubmit, true),
            bind!(Sheet, [k(KeyCode::Esc)], Leave, KLeave, true),
            bind!(Sheet, [c('*')], ToggleMask, KMask, true),
            // The sheet takes digits, not screen keys; help and quit stay at hand.
            bind!(Sheet, [c('?')], Help, KHelp, true),
            bind!(Sheet, [ctrl('c')], Quit, KQuit, true),
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
            bind!(Standings, [c('p')], Reveal, KReveal, true),
            bind!(Standings, [c('B')], ToggleBlind, KBlind, true),
            bind!(Standings, [c('Q')], CycleQuorum, KQuorum, false),
            bind!(Standings, [c('L')], EditLines, KWinLines, false),
            bind!(Standings, [c('G')], EditPass, KWinPass, false),
            bind!(Standings, [c('A')], GiveAward, KWinAward, false),
            bind!(Standings, [c('D')], ToggleFlags, KWinFlags, false),
            bind!(
                Standings,
                [c('s')],
                ToggleSensitivity,
                KWinSensitivity,
                false
            ),
            bind!(Standings, [c('g')], CycleGroup, KGroup, true),
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
                KClose,
                true
            ),
            bind!(Help, [k(KeyCode::Down), c('j')], Down, KScroll, true),
            bind!(Help, [k(KeyCode::Up), c('k')], Up, KScroll, false),
            bind!(Help, [k(KeyCode::PageDown), c(' ')], PageDown, KPage, true),
            bind!(Help, [k(KeyCode::PageUp)], PageUp, KPage, false),
            bind!(Help, [k(KeyCode::Home), c('g')], Home, KTop, false),
            bind!(Help, [k(KeyCode::End), c('G')], End, KBottom, false),
            bind!(Pin, [k(KeyCode::Enter)], Select, KConfirm, true),
            bind!(Pin, [k(KeyCode::Backspace)], Backspace, KErase, false),
            bind!(Pin, [k(KeyCode::Esc)], Cancel, KCancel, true),
            bind!(Editor, [k(KeyCode::Esc)], EditorDone, KDone, true),
            bind!(Editor, [ctrl('u')], EditorClear, KClear, true),
            bind!(Reason, [k(KeyCode::Enter)], EditorDone, KReopenDo, true),
            bind!(Reason, [k(KeyCode::Esc)], Cancel, KCancel, true),
            bind!(Reason, [ctrl('u')], EditorClear, KClear, true),
            bind!(Rule, [k(KeyCode::Enter)], EditorDone, KWinRecord, true),
            bind!(Rule, [k(KeyCode::Esc)], Cancel, KCancel, true),
            bind!(Rule, [ctrl('u')], EditorClear, KClear, true),
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
        (Ctx::Editor | Ctx::Reason | Ctx::Rule, _) => Some(Action::EditorKey(*ev)),
        (Ctx::Sheet, KeyCode::Char(ch))
            if plain && (ch.is_ascii_digit() || ch == '.' || ch == ',') =>
        {
            Some(Action::Type(ch))
        }
        (Ctx::Sheet, KeyCode::Char(ch)) if plain => Some(Action::NotAValue(ch)),
        (Ctx::Pin, KeyCode::Char(ch)) if plain && ch.is_ascii_digit() => Some(Action::Type(ch)),
        (Ctx::Sheet | Ctx::Pin | Ctx::View, KeyCode::Char('c'))
            if ev.modifiers == KeyModifiers::CONTROL =>
        {
            Some(Action::Quit)
        }
        _ => None,
    }
}

/// Footer hints for a context, most needed first: help and quit (which must always show),
/// the context's own keys in keymap order, then the screen keys in one hint.
pub fn hints(ctx: Ctx) -> Vec<(String, T)> {
    let hint = |b: &Binding| {
        let keys: Vec<String> = b.keys.iter().take(2).map(Key::label).collect();
        (keys.join("/"), b.label)
    };
    let always = |b: &&Binding| matches!(b.action, Action::Help | Action::Quit);
    let mut out: Vec<(String, T)> = applies(ctx).filter(always).map(hint).collect();
    out.extend(
        applies(ctx)
            .filter(|b| b.ctx != Ctx::Global && b.footer && !always(b))
            .map(hint),
    );
    // The header names each screen with its digit; the footer needs only one reminder.
    if applies(ctx).any(|b| matches!(b.action, Action::Show(_))) {
        out.push(("1–4".into(), T::KScreens));
    }
    out
}

/// The help screen's sections, each under one heading: the bindings of a context, with what
/// is typed there (digits, text) that no binding names.
pub fn help_sections() -> Vec<(T, Vec<(String, T)>)> {
    const SECTIONS: [(Ctx, T); 14] = [
        (Ctx::Global, T::HelpGlobal),
        (Ctx::Agenda, T::ScreenAgenda),
        (Ctx::Stage, T::ScreenStage),
        (Ctx::Pick, T::HelpPick),
        (Ctx::Sheet, T::HelpSheet),
        (Ctx::View, T::HelpView),
        (Ctx::Handoff, T::HelpHandoff),
        (Ctx::Standings, T::ScreenStandings),
        (Ctx::Pin, T::HelpPin),
        (Ctx::Confirm, T::HelpConfirm),
        (Ctx::Editor, T::HelpEditor),
        (Ctx::Reason, T::HelpReason),
        (Ctx::Rule, T::WinHelpRule),
        (Ctx::Help, T::Help),
    ];
    SECTIONS
        .iter()
        .map(|&(ctx, heading)| {
            let mut keys = all(ctx);
            let typed = match ctx {
                Ctx::Sheet => Some(("0–9 . ,", T::KTypeValue)),
                Ctx::Pin => Some(("0–9", T::KTypePin)),
                Ctx::Editor => Some(("a–z ← → Enter", T::KTypeText)),
                _ => None,
            };
            if let Some((k, label)) = typed {
                keys.insert(0, (k.to_string(), label));
            }
            (heading, keys)
        })
        .collect()
}

/// How many lines the help has: one per heading and one per line of keys.
pub fn help_len() -> usize {
    help_sections().iter().map(|(_, keys)| 1 + keys.len()).sum()
}

/// Every binding of a context, for the help screen; bindings next to each other that do the
/// same thing ("move") share a line, so the whole help fits a 40-row terminal.
pub fn all(ctx: Ctx) -> Vec<(String, T)> {
    let mut out: Vec<(String, T)> = Vec::new();
    for b in bindings().iter().filter(|b| b.ctx == ctx) {
        let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
        let keys = keys.join(" ");
        match out.last_mut() {
            Some((k, label)) if *label == b.label => {
                k.push(' ');
                k.push_str(&keys);
            }
            _ => out.push((keys, b.label)),
        }
    }
    out
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
        assert_eq!(
            action(Ctx::Sheet, &ev(KeyCode::Char('q'))),
            Some(Action::NotAValue('q'))
        );
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
            Ctx::Reason,
            Ctx::Rule,
            Ctx::Pin,
            Ctx::Handoff,
            Ctx::View,
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
        assert_eq!(h[0], ("?".to_string(), T::KHelp));
        assert_eq!(h[1], ("q/Ctrl-C".to_string(), T::KQuit));
        let sheet = hints(Ctx::Sheet);
        assert_eq!(sheet[0], ("?".to_string(), T::KHelp));
        assert_eq!(sheet[1], ("Ctrl-C".to_string(), T::KQuit));
    }
}
