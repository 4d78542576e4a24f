//! `juri standings`: the standings as a table, CSV or JSON.

use crate::error::{Error, Result};
use crate::io::report::{self};
use crate::standings::{self, Method, Options};
use crate::store;

use super::*;

pub fn standings(a: &StandingsArgs, lang: Option<&str>) -> Result<String> {
    let mut s = store::load(&resolve(&a.file))?;
    a.rules.apply(&mut s.rules)?;
    let env_lang = std::env::var("LANG").ok();
    let lang = crate::i18n::Lang::choose(lang, s.language.as_deref(), env_lang.as_deref());
    if let Some(c) = &a.category
        && s.category(c).is_none()
    {
        let ids: Vec<&str> = s.categories.iter().map(|c| c.id.as_str()).collect();
        return Err(Error::usage(format!(
            "there is no category {c:?}; the categories are: {}",
            ids.join(", ")
        )));
    }
    let opts = Options {
        method: a.method.map_or_else(|| Method::of(&s), MethodArg::method),
        normalize: a.normalize.normalize(),
        // `--tie-break ""` turns the session's tie-break off for this run.
        tie_break: a
            .tie_break
            .as_ref()
            .map(|v| v.iter().filter(|c| !c.is_empty()).cloned().collect()),
    };
    let s = match &a.group {
        Some(g)
            if !s
                .groups()
                .iter()
                .any(|x| x.to_lowercase() == g.trim().to_lowercase()) =>
        {
            let list: Vec<String> = s.groups().iter().map(|x| format!("{x:?}")).collect();
            return Err(Error::usage(format!(
                "there is no group {g:?}; the groups are: {}",
                if list.is_empty() {
                    "none".into()
                } else {
                    list.join(", ")
                }
            )));
        }
        Some(g) => s.group_only(g),
        None => s,
    };
    let st = standings::compute(&s, &opts)?;
    Ok(report::render_in(
        &s,
        &st,
        a.format,
        a.category.as_deref(),
        lang,
    ))
}
