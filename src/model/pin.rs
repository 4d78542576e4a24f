//! Juror and chair PINs: 4 to 8 digits, stored only as salted Argon2id hashes.
//!
//! A PIN has few values (10,000 for four digits), so what keeps a copied hash from giving the
//! PIN away is only the cost of each guess. New hashes cost what a PIN prompt can bear (see
//! [`DEFAULT_COST`]); the cost is written in each hash (PHC string), so hashes made at another
//! cost keep checking.

use std::sync::atomic::{AtomicU64, Ordering};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Wrong tries before a PIN is locked.
pub const MAX_TRIES: u32 = 5;
/// How long a PIN stays locked after too many wrong tries.
pub const LOCKOUT_SECONDS: i64 = 60;

/// Who the chair's PIN belongs to, beside the jurors' ids.
pub const CHAIR: &str = "chair";

/// Who the share-safe screen of a served panel belongs to (big clock, entry on stage, next).
pub const PRESENTER: &str = "presenter";

/// Where a person's one-time invite code is kept beside the PINs: `invite:J1`.
pub const INVITE_PREFIX: &str = "invite:";

/// The key of `who`'s invite code among the PIN hashes.
pub fn invite_key(who: &str) -> String {
    format!("{INVITE_PREFIX}{who}")
}

/// Letters of an invite code: Crockford's base 32 (no I, L, O, U to mistake for digits).
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh one-time invite code: 10 random letters (50 bits), shown as `ABCDE-FGHJK`.
/// Unlike a PIN it is not for a person to choose or remember: it is sent once, privately.
pub fn new_invite_code() -> Result<String, String> {
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness for a code: {e}"))?;
    let mut code = String::with_capacity(11);
    for (i, b) in bytes.iter().enumerate() {
        if i == 5 {
            code.push('-');
        }
        code.push(char::from(CODE_ALPHABET[usize::from(b & 31)]));
    }
    Ok(code)
}

/// An invite code as typed, in the form it is hashed: upper case, without dashes or spaces.
pub fn normal_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The Argon2id cost of a new hash: memory in KiB and passes (one lane).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub memory_kib: u32,
    pub passes: u32,
}

/// The cost of new PIN hashes: about 0.5 s per hash and per check, 64 MiB of memory
/// (measured with `cargo run --release --example pin_cost`; see README, Trust and safety).
/// At that cost, trying all 10,000 four-digit PINs takes about 80 minutes of one core.
pub const DEFAULT_COST: Cost = Cost {
    memory_kib: 64 * 1024,
    passes: 10,
};

/// The smallest cost Argon2 allows: for automated tests only, never for a real session.
pub const TEST_COST: Cost = Cost {
    memory_kib: 8,
    passes: 1,
};

/// Set to `test` in the environment, new hashes are made at [`TEST_COST`]: test suites that
/// drive the `juri` binary through PIN prompts use it to stay fast.
pub const COST_VAR: &str = "JURI_PIN_COST";

/// The cost chosen by [`set_cost`], packed as memory << 32 | passes; 0 until chosen.
static CHOSEN: AtomicU64 = AtomicU64::new(0);

/// Makes every later hash of this process use `cost` (tests running juri in their own process).
pub fn set_cost(cost: Cost) {
    CHOSEN.store(
        u64::from(cost.memory_kib) << 32 | u64::from(cost.passes),
        Ordering::Relaxed,
    );
}

/// The cost of new hashes: as set by [`set_cost`], else [`COST_VAR`], else [`DEFAULT_COST`].
pub fn cost() -> Cost {
    let packed = CHOSEN.load(Ordering::Relaxed);
    if packed != 0 {
        return Cost {
            memory_kib: (packed >> 32) as u32,
            passes: packed as u32,
        };
    }
    match std::env::var(COST_VAR).as_deref() {
        Ok("test") => TEST_COST,
        _ => DEFAULT_COST,
    }
}

pub fn valid(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

/// A PHC-format Argon2id hash of `pin` with a fresh random salt, at [`cost()`].
pub fn hash(pin: &str) -> Result<String, String> {
    hash_at(pin, cost())
}

/// A PHC-format Argon2id hash of `pin` with a fresh random salt, at `cost`.
pub fn hash_at(pin: &str, cost: Cost) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("no randomness for a salt: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    let params = Params::new(cost.memory_kib, cost.passes, 1, None).map_err(|e| e.to_string())?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `pin` is the one hashed in `phc`, at the cost written in `phc`.
pub fn check(pin: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}

/// Whether `phc` looks like a hash this module made.
pub fn well_formed(phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| h.algorithm.as_str() == "argon2id")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_codes_are_random_and_read_back_however_typed() {
        let a = new_invite_code().unwrap();
        let b = new_invite_code().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 11);
        assert_eq!(a.as_bytes()[5], b'-');
        assert!(normal_code(&a).bytes().all(|c| CODE_ALPHABET.contains(&c)));
        assert_eq!(
            normal_code(&a.to_lowercase().replace('-', " ")),
            normal_code(&a)
        );
        assert!(!valid(&normal_code(&a)), "never taken for a PIN");
        assert_eq!(invite_key("J1"), "invite:J1");
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert!(valid("1234"));
        assert!(valid("12345678"));
        assert!(!valid("123"));
        assert!(!valid("123456789"));
        assert!(!valid("12a4"));
        assert!(!valid("١٢٣٤"), "only ASCII digits");
    }

    #[test]
    fn hashes_are_salted_and_check() {
        let a = hash_at("2468", TEST_COST).unwrap();
        let b = hash_at("2468", TEST_COST).unwrap();
        assert_ne!(a, b, "a fresh salt each time");
        assert!(!a.contains("2468"));
        assert!(a.starts_with("$argon2id$"));
        assert!(well_formed(&a));
        assert!(check("2468", &a));
        assert!(!check("2469", &a));
        assert!(!check("2468", "not a hash"));
    }

    #[test]
    fn new_hashes_cost_what_a_pin_prompt_can_bear_and_older_ones_still_check() {
        // The cost is in the hash: read back, not timed (timing is for the example).
        let h = PasswordHash::new(&hash_at("2468", DEFAULT_COST).unwrap())
            .map(|h| h.params.to_string())
            .unwrap();
        assert_eq!(h, "m=65536,t=10,p=1");
        const { assert!(DEFAULT_COST.memory_kib > argon2::Params::DEFAULT_M_COST) };
        // A hash made by an earlier juri, at Argon2's default cost (m=19456, t=2).
        let old = Argon2::default()
            .hash_password(b"1357", &SaltString::encode_b64(&[7u8; 16]).unwrap())
            .unwrap()
            .to_string();
        assert!(old.contains("m=19456,t=2,p=1"), "{old}");
        assert!(check("1357", &old));
        assert!(!check("1358", &old));
    }
}
