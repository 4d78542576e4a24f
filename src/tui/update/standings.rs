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
        Action::CycleGroup => {
            // All, then each group in turn, then all again.
            let groups = app.desk.session.groups();
            let next = match &st.group {
                None => groups.first(),
                Some(g) => groups
                    .iter()
                    .position(|x| x == g)
                    .and_then(|i| groups.get(i + 1)),
            };
            st.group = next.map(|g| g.to_string());
            st.scroll = 0;
        }
        _ => {}
    }
    Step::None
}
