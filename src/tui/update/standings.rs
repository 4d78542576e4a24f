//! The standings: tabs, method, the chair's blind, quorum, reveal and export.

use super::*;

pub(super) fn standings(app: &mut App, action: Action) -> Effect {
    match action {
        Action::ToggleBlind => return chair(app, ChairAction::ToggleBlind),
        Action::CycleQuorum => return chair(app, ChairAction::CycleQuorum),
        Action::Reveal if app.session.security.blind => {
            info(app, app.t(T::Hidden).into());
            return Effect::None;
        }
        Action::Reveal => return chair(app, ChairAction::Reveal),
        Action::Export => return chair(app, ChairAction::Export),
        _ => {}
    }
    let tabs = app.session.categories.len() + 1;
    let st = &mut app.standings;
    match action {
        Action::NextTab => (st.tab, st.scroll) = ((st.tab + 1) % tabs, 0),
        Action::PrevTab => (st.tab, st.scroll) = ((st.tab + tabs - 1) % tabs, 0),
        Action::Up => st.scroll = st.scroll.saturating_sub(1),
        Action::Down => {
            st.scroll = (st.scroll + 1).min(app.session.entries.len().saturating_sub(1))
        }
        Action::PageUp | Action::Home => st.scroll = 0,
        Action::CycleMethod => {
            st.method = st.method.next();
            let v = app.variant();
            app.ranking.settle(v);
        }
        Action::ToggleZ => {
            st.zscore = !st.zscore;
            let v = app.variant();
            app.ranking.settle(v);
        }
        Action::ToggleChart => st.chart = !st.chart,
        _ => {}
    }
    Effect::None
}
