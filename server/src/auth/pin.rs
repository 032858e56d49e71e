//! The personal PIN that opens a locked session on a shared tablet (issue 21): 4 to 6 digits,
//! not one digit over and over nor a run up or down, stored as an Argon2id hash like passwords
//! (the same parameters; `password::verify` checks it). Five wrong PINs end the session, so a
//! PIN is guessed at most five times per full sign-in (whose password is throttled).

use super::password;
use lindra_app::model::PinProblem;

pub const MIN_DIGITS: usize = 4;
pub const MAX_DIGITS: usize = 6;
/// PIN attempts a locked session takes: the fifth wrong one ends it.
pub const MAX_FAILURES: i64 = 5;

/// Whether `pin` may be a PIN, and the second typing matches.
pub fn check(pin: &str, again: &str) -> Result<(), PinProblem> {
    let digits: Vec<u8> = pin.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&pin.len()) || digits.iter().any(|d| *d > 9) {
        return Err(PinProblem::Form);
    }
    let steps: Vec<i16> = digits.windows(2).map(|w| i16::from(w[1]) - i16::from(w[0])).collect();
    if steps.iter().all(|s| *s == 0) || steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1) {
        return Err(PinProblem::TooSimple);
    }
    if pin != again {
        return Err(PinProblem::Mismatch);
    }
    Ok(())
}

/// The hash of a PIN that passed [`check`].
pub fn hash(pin: &str) -> Result<String, String> {
    password::argon2_hash(pin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_to_six_digits_not_repeated_nor_a_run() {
        for good in ["2580", "19475", "730164", "1357", "0429"] {
            assert_eq!(check(good, good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("123", PinProblem::Form),
            ("1234567", PinProblem::Form),
            ("12a4", PinProblem::Form),
            ("١٢٣٤", PinProblem::Form),
            ("", PinProblem::Form),
            ("0000", PinProblem::TooSimple),
            ("1234", PinProblem::TooSimple),
            ("987654", PinProblem::TooSimple),
            ("3456", PinProblem::TooSimple),
        ] {
            assert_eq!(check(bad, bad), Err(why), "{bad}");
        }
        assert_eq!(check("2580", "2581"), Err(PinProblem::Mismatch));
    }

    #[test]
    fn a_pin_hash_verifies_only_its_pin() {
        let Ok(stored) = hash("2580") else { panic!("hash") };
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(password::verify("2580", Some(&stored)));
        assert!(!password::verify("2581", Some(&stored)));
        assert!(!password::verify("2580", None));
    }
}
