//! Passwords: Argon2id with OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1), at least 12
//! characters, none of the 30 000 most common and none built on the user's name or the words of
//! Norwegian care (ASVS 5.0 6.2.4, 6.2.11; docs/security.md). Only the PHC hash string is stored.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::OnceLock;

pub use lindra_app::model::{PasswordProblem, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};

fn argon2() -> Argon2<'static> {
    // The parameters are constants known to be valid; a failure here is a programming error
    // caught by the tests below, so fall back to the library default (also Argon2id, m = 19 MiB).
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The 30 000 most common passwords (zxcvbn 4.4.2's list, MIT; `common-passwords.txt`).
fn common() -> &'static HashSet<&'static str> {
    static COMMON: OnceLock<HashSet<&'static str>> = OnceLock::new();
    COMMON.get_or_init(|| {
        include_str!("common-passwords.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Words people in Norwegian care build passwords on (docs/security.md, «Context words»).
pub const NORWEGIAN: &[&str] = &[
    "passord",
    "passordet",
    "hemmelig",
    "velkommen",
    "hallo",
    "heisann",
    "sommer",
    "sommeren",
    "vinter",
    "vinteren",
    "høst",
    "høsten",
    "vår",
    "våren",
    "jul",
    "julen",
    "påske",
    "påsken",
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    "sykehjem",
    "sykehjemmet",
    "sykehus",
    "sykehuset",
    "sykepleier",
    "sykepleie",
    "helsefag",
    "helsefagarbeider",
    "hjemmetjeneste",
    "hjemmetjenesten",
    "hjemmesykepleie",
    "omsorg",
    "pleie",
    "avdeling",
    "kommune",
    "kommunen",
    "norge",
    "noreg",
    "oslo",
    "bergen",
    "trondheim",
    "stavanger",
    "tromsø",
    "kristiansand",
    "drammen",
    "fredrikstad",
    "bodø",
    "jegelskerdeg",
    "elskerdeg",
    "kjærlighet",
    "fotball",
    "rosenborg",
    "brann",
    "vålerenga",
    "molde",
    "mamma",
    "pappa",
    "bestemor",
    "bestefar",
    "familie",
    "hund",
    "katt",
    "pusen",
    "qwertyuiopå",
    "asdfghjklø",
    "qwertyuiopåasdfghjkløæ",
];

/// One character or one piece repeated to the end («aaaaaaaaaaaa», «passordpassord»).
fn repeated(password: &str) -> bool {
    let chars: Vec<char> = password.chars().collect();
    (1..=chars.len() / 2).any(|n| chars.len().is_multiple_of(n) && chars.chunks(n).all(|c| c == &chars[..n]))
}

/// The refusal of a password in `language` (the catalogue's words,
/// `lindra_app::text::SettingsWords::password_problem`).
pub fn problem_message(problem: PasswordProblem, language: lindra::Language) -> String {
    (lindra_app::text::SettingsWords::of(language).password_problem)(problem)
}

/// Whether a month's name (lower case) in any of Lindra's languages, whoever asks.
fn is_month(word: &str) -> bool {
    lindra::Language::ALL.iter().any(|language| language.clinical().quality.months.contains(&word))
}

/// Why a password is refused. `context` holds the user's username and name: a password built
/// on them is refused.
pub fn check_strength(password: &str, context: &[&str]) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    // The word inside digits and signs: «Sommer2026!!» is «sommer».
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let common = |w: &str| common().contains(w) || NORWEGIAN.contains(&w) || is_month(w);
    if common(&lower) || (core.chars().count() >= 3 && common(core)) {
        return Err(PasswordProblem::Common);
    }
    if repeated(&lower) {
        return Err(PasswordProblem::Repeated);
    }
    let names = context.iter().flat_map(|c| c.split(|ch: char| !ch.is_alphanumeric())).chain(["lindra"]);
    if names.map(str::to_lowercase).any(|name| name.chars().count() >= 3 && lower.contains(&name)) {
        return Err(PasswordProblem::Personal);
    }
    Ok(())
}

/// The hash of a new password for the user `context` (username and name), once it passes
/// [`check_strength`]; else why not, in the language of the page or server function that asks
/// (`lindra_app::text::language()`: the signed-in user's, e.g. the administrator's in
/// `admin_create_user`; bokmål outside a request).
pub fn hash(password: &str, context: &[&str]) -> Result<String, String> {
    hash_in(lindra_app::text::language(), password, context)
}

/// [`hash`], with its refusal in `language`.
pub fn hash_in(language: lindra::Language, password: &str, context: &[&str]) -> Result<String, String> {
    check_strength(password, context).map_err(|problem| problem_message(problem, language))?;
    argon2_hash(password).map_err(|cause| (crate::text::ServerWords::of(language).hash_failed)(&cause))
}

/// The letters of a start password: no 0/o, 1/l/i, so that it can be read aloud or off a note.
const START_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new start password (ASVS 5.0 6.4.1): 16 random characters from [`START_ALPHABET`] in four
/// groups, `kx7m-…` (about 79 bits), or `None` if the OS has no randomness to give.
pub fn start_password() -> Option<String> {
    // 256 is 8 × 31 + 8: bytes of 248 and up are drawn again, so each letter is equally likely.
    let limit = 256 - 256 % START_ALPHABET.len();
    let mut letters = Vec::with_capacity(16);
    while letters.len() < 16 {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).ok()?;
        letters.extend(
            bytes
                .iter()
                .filter(|&&b| usize::from(b) < limit)
                .map(|&b| START_ALPHABET[usize::from(b) % START_ALPHABET.len()]),
        );
    }
    let groups: Vec<String> =
        letters[..16].chunks(4).map(|g| String::from_utf8_lossy(g).into_owned()).collect();
    Some(groups.join("-"))
}

/// A new start password for the user `context` (username and name) and its hash, drawn again
/// in the rare case the policy refuses it (a common word, the user's name); or why there is
/// none, in the language of the page (`AppState::new_start_password` is this function).
pub fn new_start_password(context: &[&str]) -> Result<(String, String), String> {
    new_start_password_in(lindra_app::text::language(), context)
}

/// [`new_start_password`], with its refusal in `language`.
pub fn new_start_password_in(
    language: lindra::Language,
    context: &[&str],
) -> Result<(String, String), String> {
    let failed = || (crate::text::ServerWords::of(language).hash_failed)("no randomness");
    for _ in 0..10 {
        let password = start_password().ok_or_else(failed)?;
        if check_strength(&password, context).is_ok() {
            let hash = argon2_hash(&password)
                .map_err(|cause| (crate::text::ServerWords::of(language).hash_failed)(&cause))?;
            return Ok((password, hash));
        }
    }
    Err(failed())
}

/// The Argon2id PHC string of a secret already checked (a password, a PIN); the error is
/// Argon2's own, in English.
pub(super) fn argon2_hash(secret: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(secret.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Checks a password against a stored hash. A missing hash (a user without a password) never
/// matches, but costs the same time, so timing does not tell which usernames exist.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("timing-equaliser-not-a-password", &[]).unwrap_or_default());
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
        let h = hash("korrekt hest batteri", &[]).expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("korrekt hest batteri", Some(&h)));
        assert!(!verify("korrekt hest batterI", Some(&h)));
        assert!(!verify("korrekt hest batteri", None));
        assert!(!verify("x", Some("not a hash")));
    }

    #[test]
    fn start_passwords_are_random_readable_and_pass_the_policy() {
        let made: std::collections::HashSet<String> = (0..200).filter_map(|_| start_password()).collect();
        assert_eq!(made.len(), 200, "no two alike");
        for password in &made {
            assert_eq!(password.len(), 19, "{password}");
            assert_eq!(password.matches('-').count(), 3, "{password}");
            assert!(password.bytes().all(|b| b == b'-' || START_ALPHABET.contains(&b)), "{password}");
        }
        let counts = START_ALPHABET
            .iter()
            .map(|c| made.iter().map(|p| p.bytes().filter(|b| b == c).count()).sum::<usize>());
        // 3200 letters over 31: about 103 each; a skewed draw would leave some far from that.
        assert!(counts.clone().all(|n| (50..170).contains(&n)), "{:?}", counts.collect::<Vec<_>>());
        let (password, hash) = new_start_password(&["kari", "Kari Nordmann"]).expect("made");
        assert!(verify(&password, Some(&hash)));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(hash("elleve tegn", &[]).is_err(), "11 characters");
        assert!(hash("tolv tegn ok", &[]).is_ok(), "12 characters");
        assert!(check_strength("æøå æøå ØÆÅ!", &[]).is_ok(), "characters, not bytes; any kind");
        assert!(check_strength(&"x".repeat(MAX_PASSWORD_CHARS + 1), &[]).is_err());
        let long = "korrekt hest batteri stift, og så en lang setning om fjorden i kveld";
        assert!(long.chars().count() >= 64 && check_strength(long, &[]).is_ok(), "64 and more");
    }

    #[test]
    fn common_and_context_passwords_are_refused() {
        assert_eq!(common().len(), 30_000);
        for refused in [
            "qwerty123456",    // on the list as it is
            "1QAZ2WSX3EDC",    // on the list, in capitals
            "Sommer2026!!!",   // a Norwegian word with digits and signs
            "!!Passordet2025", // the same in front
            "football1234",    // a common password with digits after it
            "passordpassord",  // a word repeated
            "aaaaaaaaaaaa",    // a character repeated
            "kari.nordmann1",  // the user's name
            "Nordmann-Kari-12",
            "mitt lindra passord", // the application's name
        ] {
            assert!(check_strength(refused, &["kari", "Kari Nordmann"]).is_err(), "{refused}");
        }
        for kept in ["korrekt hest batteri", "et godt passord", "demo-passord-2026", "sol over fjorden"] {
            assert!(check_strength(kept, &["kari", "Kari Nordmann"]).is_ok(), "{kept}");
        }
    }

    #[test]
    fn each_refusal_has_its_reason_and_is_worded_in_the_asked_language() {
        use lindra::Language;
        let context = ["kari", "Kari Nordmann"];
        assert_eq!(check_strength("elleve tegn", &context), Err(PasswordProblem::TooShort));
        assert_eq!(
            check_strength(&"x".repeat(MAX_PASSWORD_CHARS + 1), &context),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(check_strength("Sommer2026!!!", &context), Err(PasswordProblem::Common));
        assert_eq!(check_strength("Desember2026!", &context), Err(PasswordProblem::Common), "a month");
        assert_eq!(check_strength("olsokolsokolsok", &context), Err(PasswordProblem::Repeated));
        assert_eq!(check_strength("kari.nordmann1", &context), Err(PasswordProblem::Personal));
        assert_eq!(
            hash_in(Language::Nb, "elleve tegn", &[]),
            Err("Passordet må ha minst 12 tegn.".to_string()),
            "bokmål as before"
        );
        assert_eq!(
            hash_in(Language::En, "elleve tegn", &[]),
            Err("The password must have at least 12 characters.".to_string())
        );
        assert_eq!(
            hash("elleve tegn", &[]),
            hash_in(Language::Nb, "elleve tegn", &[]),
            "bokmål outside a page"
        );
    }
}
