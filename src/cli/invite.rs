//! `juri invite`: one-time codes for the people of a served panel (`juri serve`).

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Change;
use crate::model::pin::{self, CHAIR, PRESENTER};
use crate::store;

use super::*;

/// Gives `who` (every juror, the chair and the presenter when empty) a fresh one-time code,
/// kept only as an Argon2id hash beside the PINs; prints `ID CODE` a line. A code replaces an
/// earlier one of the same person; a PIN already chosen keeps working until the code is used,
/// and using it sets a new PIN (so a code is also how a forgotten PIN is replaced). With the
/// chair's PIN set, inviting is a chair action and asks for it.
pub fn invite(
    file: &Path,
    who: &[String],
    chair_pin_stdin: bool,
    stdin: &mut dyn std::io::BufRead,
) -> Result<String> {
    let path = resolve(file);
    let _lock = store::lock(&path)?;
    let mut s = store::load(&path)?;
    let people: Vec<String> = if who.is_empty() {
        std::iter::once(CHAIR.to_string())
            .chain(s.jurors.iter().map(|j| j.id.to_string()))
            .chain(std::iter::once(PRESENTER.to_string()))
            .collect()
    } else {
        who.to_vec()
    };
    if let Some(bad) = people
        .iter()
        .find(|w| w.starts_with(pin::INVITE_PREFIX) || !s.may_hold_pin(w))
    {
        return Err(Error::usage(crate::error::Msg::new(
            crate::i18n::T::ServeNotInvitable,
            &[bad, &path.display()],
        )));
    }
    if s.security.pin_hashes.contains_key(CHAIR) {
        require_chair_pin(&path, &mut s, "inviting", chair_pin_stdin, stdin, true)?;
    }
    let mut out = String::new();
    let at = now();
    for w in &people {
        let code = pin::new_invite_code().map_err(Error::rejected)?;
        let hash = pin::hash(&pin::normal_code(&code)).map_err(Error::rejected)?;
        s.apply(
            CHAIR,
            Change::SetPin {
                who: pin::invite_key(w),
                hash,
            },
            at,
        )?;
        out.push_str(&format!("{w} {code}\n"));
    }
    store::save(&path, &mut s)?;
    Ok(out)
}
