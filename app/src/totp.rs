//! Server only. The second factor (issue 21): time-based one-time passwords (TOTP, RFC 6238, over HOTP, RFC
//! 4226) as every authenticator app makes them: HMAC-SHA1, 30-second steps, 6 digits, a 160-bit
//! secret shown as base32 and as a QR code of its `otpauth://` address. A code is accepted for
//! the step it belongs to and one step on either side (a phone's clock a little off), and each
//! step only once: storage keeps the last step used. Recovery codes: ten, each 10 characters
//! of a 32-letter alphabet (50 bits), stored as SHA-256 hashes, each good once.

use hmac::{Hmac, Mac};
use sha2::Digest;

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Steps accepted on either side of the present one.
pub const WINDOW: i64 = 1;
/// Recovery codes made at once.
pub const RECOVERY_CODES: usize = 10;
/// The issuer an authenticator app shows.
pub const ISSUER: &str = "Lindra";

/// HOTP (RFC 4226 §5): the `digits`-digit code of `counter` under `secret`.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(secret) else { return u32::MAX };
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[hash.len() - 1] & 0x0f);
    let binary = (u32::from(hash[offset]) & 0x7f) << 24
        | u32::from(hash[offset + 1]) << 16
        | u32::from(hash[offset + 2]) << 8
        | u32::from(hash[offset + 3]);
    binary % 10u32.pow(digits)
}

/// The step a Unix time falls in.
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code of a step, as an app shows it (leading zeros kept).
pub fn code_at(secret: &[u8], step: i64) -> String {
    format!("{:0width$}", hotp(secret, step.max(0) as u64, DIGITS), width = DIGITS as usize)
}

/// The step within the window around `now` whose code `code` is, if any; only steps after
/// `last_used` count (a code is good once). Compared in constant time per step.
pub fn verify(secret: &[u8], code: &str, now_unix: i64, last_used: i64) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_of(now_unix);
    (now - WINDOW..=now + WINDOW)
        .filter(|step| *step > last_used)
        .find(|step| constant_time_eq(code_at(secret, *step).as_bytes(), code.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A new secret: 20 random bytes (160 bits, RFC 4226's recommended length), or `None` if the OS
/// gives no randomness.
pub fn new_secret() -> Option<Vec<u8>> {
    let mut secret = vec![0u8; 20];
    getrandom::getrandom(&mut secret).ok()?;
    Some(secret)
}

/// The secret as an app takes it typed in: base32 without padding (RFC 4648).
pub fn to_base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    data_encoding::BASE32_NOPAD.decode(text.trim().to_ascii_uppercase().as_bytes()).ok()
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_uri(secret: &[u8], username: &str) -> String {
    let label: String = serde_urlencoded::to_string([("l", format!("{ISSUER}:{username}"))])
        .map(|s| s[2..].replace('+', "%20"))
        .unwrap_or_default();
    format!(
        "otpauth://totp/{label}?secret={}&issuer={ISSUER}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        to_base32(secret)
    )
}

/// The QR code of `text` as an SVG drawn on the server (black on white, with its quiet zone).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(220, 220)
            .dark_color(qrcode::render::svg::Color("#000000"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .quiet_zone(true)
            .build(),
    )
}

/// Letters of recovery codes: no 0/O, 1/I/L, so they are read off paper without doubt.
const RECOVERY_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Ten new recovery codes, shown once as `XXXXX-XXXXX`.
pub fn new_recovery_codes() -> Option<Vec<String>> {
    let mut bytes = vec![0u8; RECOVERY_CODES * 10];
    getrandom::getrandom(&mut bytes).ok()?;
    Some(
        bytes
            .chunks(10)
            .map(|chunk| {
                let letters: String = chunk
                    .iter()
                    .map(|b| char::from(RECOVERY_ALPHABET[usize::from(*b) % RECOVERY_ALPHABET.len()]))
                    .collect();
                format!("{}-{}", &letters[..5], &letters[5..])
            })
            .collect(),
    )
}

/// Whether `text` could be a recovery code (not a 6-digit TOTP code).
pub fn looks_like_recovery_code(text: &str) -> bool {
    normalise_recovery_code(text).len() == 10
}

fn normalise_recovery_code(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// The stored form of a recovery code: SHA-256 of it without the dash, in capitals.
pub fn recovery_code_hash(code: &str) -> String {
    let digest = sha2::Sha256::digest(normalise_recovery_code(code).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, Appendix B: the SHA-1 rows (8 digits, the 20-byte ASCII seed).
    #[test]
    fn rfc_6238_test_vectors() {
        let seed = b"12345678901234567890";
        for (time, expected) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            let code = hotp(seed, step_of(time) as u64, 8);
            assert_eq!(format!("{code:08}"), expected, "T = {time}");
        }
    }

    /// RFC 4226, Appendix D: HOTP of counters 0-9 under the same seed.
    #[test]
    fn rfc_4226_test_vectors() {
        let expected = [755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489];
        for (counter, code) in expected.into_iter().enumerate() {
            assert_eq!(hotp(b"12345678901234567890", counter as u64, 6), code, "counter {counter}");
        }
    }

    #[test]
    fn a_code_is_good_in_its_window_and_only_once() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_111;
        let code = code_at(secret, step_of(now));
        assert_eq!(verify(secret, &code, now, 0), Some(step_of(now)));
        assert_eq!(verify(secret, &code, now + 30, 0), Some(step_of(now)), "a step late");
        assert_eq!(verify(secret, &code, now + 90, 0), None, "three steps late");
        assert_eq!(verify(secret, &code, now, step_of(now)), None, "used already");
        assert_eq!(verify(secret, "12345", now, 0), None);
        assert_eq!(verify(secret, "abcdef", now, 0), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(verify(secret, &spaced, now, 0), Some(step_of(now)), "as an app shows it");
    }

    #[test]
    fn secrets_and_recovery_codes() {
        let secret = new_secret().expect("randomness");
        assert_eq!(from_base32(&to_base32(&secret)), Some(secret.clone()));
        assert_eq!(to_base32(b"12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let uri = otpauth_uri(&secret, "kari.n");
        assert!(uri.starts_with("otpauth://totp/Lindra%3Akari.n?secret="), "{uri}");
        assert!(qr_svg(&uri).is_some_and(|svg| svg.contains("<svg")));
        let codes = new_recovery_codes().expect("codes");
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert!(codes.iter().all(|c| c.len() == 11 && looks_like_recovery_code(c)));
        let first = &codes[0];
        assert_eq!(recovery_code_hash(first), recovery_code_hash(&first.to_lowercase().replace('-', "")));
        assert!(!looks_like_recovery_code("123456"));
    }
}
