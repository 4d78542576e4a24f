//! `juri export`: the session in a format for others (HTML, minutes, JSON, CSV).

use crate::error::Result;
use crate::i18n::T;
use crate::standings::Options;
use crate::store;

use super::*;

pub fn export(a: &ExportArgs, lang: Option<&str>) -> Result<String> {
    let path = resolve(&a.file);
    let mut s = store::load(&path)?;
    a.rules.apply(&mut s.rules)?;
    let env_lang = std::env::var("LANG").ok();
    let lang = crate::i18n::Lang::choose(lang, s.language.as_deref(), env_lang.as_deref());
    let out = a
        .output
        .clone()
        .unwrap_or_else(|| crate::io::export::default_path(&path, a.format));
    let opts = Options {
        method: a
            .method
            .map_or_else(|| crate::standings::Method::of(&s), MethodArg::method),
        normalize: a.normalize.normalize(),
        tie_break: None,
    };
    let log = store::read_log(&path, &s)?;
    let written = crate::io::export::write(&s, &log, &opts, a.format, &out, lang, now())?;
    let list: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    Ok(T::CliWrote.fill(lang, &[&list.join(T::CliAnd.get(lang))]))
}
