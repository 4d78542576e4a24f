//! Juror and chair PINs: 4 to 8 digits, stored only as salted Argon2id hashes.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Wrong tries before a PIN is locked.
pub const MAX_TRIES: u32 = 5;
/// How long a PIN stays locked after too many wrong tries.
pub const LOCKOUT_SECONDS: i64 = 60;

/// Who the chair's PIN belongs to, beside the jurors' ids.
pub const CHAIR: &str = "chair";

pub fn valid(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

/// A PHC-format Argon2id hash of `pin` with a fresh random salt.
pub fn hash(pin: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("no randomness for a salt: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

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
        let a = hash("2468").unwrap();
        let b = hash("2468").unwrap();
        assert_ne!(a, b, "a fresh salt each time");
        assert!(!a.contains("2468"));
        assert!(a.starts_with("$argon2id$"));
        assert!(well_formed(&a));
        assert!(check("2468", &a));
        assert!(!check("2469", &a));
        assert!(!check("2468", "not a hash"));
    }
}
