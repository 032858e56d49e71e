//! Session tokens: 32 random bytes, sent to the browser as hex in an HttpOnly cookie and stored
//! only as their SHA-256, so a copy of the database does not hold usable sessions.

use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new session token, or `None` if the OS has no randomness to give (then no session is made).
pub fn new_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).ok()?;
    Some(hex(&bytes))
}

/// A new token with what is stored for it (an API client's, shown once).
pub fn new_token_with_hash() -> Option<(String, String)> {
    new_token().map(|token| {
        let hash = token_hash(&token);
        (token, hash)
    })
}

/// What is stored for a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A token as the cookie may carry it: exactly 64 hex digits. Anything else is ignored unread.
pub fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let a = new_token().expect("randomness");
        let b = new_token().expect("randomness");
        assert_ne!(a, b);
        assert!(well_formed(&a));
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert!(!well_formed("abc"));
        assert!(!well_formed(&"g".repeat(64)));
    }
}
