//! The standings: tabs, method, the chair's blind, quorum, reveal and export.

use super::*;

pub(super) fn standings(app: &mut PairMut<'_>, action: Action) -> Step {
    match action {
        Action::ToggleBlind => return chair(app, ChairAction::ToggleBlind),
        Action::CycleQuorum => return chair(app, ChairAction::CycleQuorum),
        Action::Reveal if app.desk.session.security.blind => {
            info(app, app.t(T::Hidden).into());
            return Step::None;
        }
        Action::Reveal => return chair(app, ChairAction::Reveal),
        Action::Export => return chair(app, ChairAction::Export),
        Action::EditLines | Action::EditPass | Action::GiveAward | Action::ToggleFlags => {
            return super::decide::ask(app, action);
        }
        Action::ToggleSensitivity => {
            super::decide::toggle_sensitivity(app);
            return Step::None;
        }
        _ => {}
    }
    let tabs = app.desk.session.categories.len() + 1;
    let st = &mut app.view.standings;
    match action {
        Action::NextTab => (st.tab, st.scroll) = ((st.tab + 1) % tabs, 0),
        Action::PrevTab => (st.tab, st.scroll) = ((st.tab + tabs - 1) % tabs, 0),
        Action::Up => st.scroll = st.scroll.saturating_sub(1),
        Action::Down => {
            st.scroll = (st.scroll + 1).min(app.desk.session.entries.len().saturating_sub(1))
        }
        Action::PageUp | Action::Home => st.scroll = 0,
        Action::CycleMethod => {
            st.method = st.method.next();
            let v = app.variant();
            app.desk.ranking.settle(v);
        }
        Action::ToggleZ => {
            st.zscore = !st.zscore;
            let v = app.variant();
            app.desk.ranking.settle(v);
        }
        Action::ToggleChart => st.chart = !st.chart,
        _ => {}
    }
    Step::None
}
