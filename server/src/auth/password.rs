//! Passwords: Argon2id with OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1), at least 12
//! characters. Only the PHC hash string is stored.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;

fn argon2() -> Argon2<'static> {
    // The parameters are constants known to be valid; a failure here is a programming error
    // caught by the tests below, so fall back to the library default (also Argon2id, m = 19 MiB).
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Why a password was refused, in Norwegian.
pub fn check_strength(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(format!("Passordet må ha minst {MIN_PASSWORD_CHARS} tegn."));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(format!("Passordet kan ha høyst {MAX_PASSWORD_CHARS} tegn."));
    }
    Ok(())
}

pub fn hash(password: &str) -> Result<String, String> {
    check_strength(password)?;
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("kunne ikke lage passord-hash: {e}"))
}

/// Checks a password against a stored hash. A missing hash (a user without a password) never
/// matches, but costs the same time, so timing does not tell which usernames exist.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("timing-equaliser-not-a-password").unwrap_or_default());
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (dummy.as_str(), false),
    };
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return false;
    }
    let ok = PasswordHash::new(hash)
        .is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok());
    ok && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_the_required_cost() {
        let h = hash("korrekt hest batteri").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("korrekt hest batteri", Some(&h)));
        assert!(!verify("korrekt hest batterI", Some(&h)));
        assert!(!verify("korrekt hest batteri", None));
        assert!(!verify("x", Some("not a hash")));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(hash("elleve tegn").is_err(), "11 characters");
        assert!(hash("tolv tegn ok").is_ok(), "12 characters");
        assert!(check_strength("æøåæøåæøåæøå").is_ok(), "characters, not bytes");
        assert!(check_strength(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
    }
}
