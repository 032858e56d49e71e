//! The Norwegian national identity number: fødselsnummer, or D-nummer for those without one
//! (day of birth + 40). Eleven digits: the birth date (DDMMYY), a three-digit individual number
//! whose range gives the century, and two mod-11 check digits (clinical.md, "Codes for data
//! exchange"). Lindra keeps it so an EPJ can match the patient; staff see it masked.

use chrono::{Datelike, NaiveDate};

/// The official systems (HL7 Norway no-basis).
pub const FODSELSNUMMER_SYSTEM: &str = "urn:oid:2.16.578.1.12.4.1.4.1";
pub const D_NUMMER_SYSTEM: &str = "urn:oid:2.16.578.1.12.4.1.4.2";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Fodselsnummer,
    DNummer,
}

/// A number that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalId {
    digits: String,
    kind: Kind,
    birth_date: NaiveDate,
}

/// Why a number was refused; the words are in `text::national_id_error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NationalIdError {
    /// Not eleven digits (spaces are allowed between them).
    NotElevenDigits,
    /// The first six digits are no date (DDMMYY, or day + 40 for a D-nummer).
    NoBirthDate,
    /// A check digit does not match: a digit is mistyped or two are swapped.
    CheckDigits,
    /// The number is valid but its birth date is not the patient's.
    OtherBirthDate,
}

const WEIGHTS_1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const WEIGHTS_2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// The mod-11 check digit over `digits` with `weights`; `None` when the remainder gives 10
/// (no number is issued with it).
fn check_digit(digits: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => Some(k),
    }
}

/// The century from the individual number and the year (Skatteetaten's ranges).
fn year(individual: u32, yy: i32) -> Option<i32> {
    match (individual, yy) {
        (0..=499, _) => Some(1900 + yy),
        (500..=749, 54..=99) => Some(1800 + yy),
        (500..=999, 0..=39) => Some(2000 + yy),
        (900..=999, 40..=99) => Some(1900 + yy),
        _ => None,
    }
}

impl NationalId {
    /// Reads a number as typed ("170540 12345" or "17054012345").
    pub fn parse(typed: &str) -> Result<NationalId, NationalIdError> {
        let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NationalIdError::NotElevenDigits);
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let k1 = check_digit(&d[..9], &WEIGHTS_1);
        let k2 = k1.and_then(|k1| {
            let mut first = d[..9].to_vec();
            first.push(k1);
            check_digit(&first, &WEIGHTS_2)
        });
        let day = d[0] * 10 + d[1];
        let (kind, day) = if day > 40 { (Kind::DNummer, day - 40) } else { (Kind::Fodselsnummer, day) };
        let month = d[2] * 10 + d[3];
        let yy = (d[4] * 10 + d[5]) as i32;
        let individual = d[6] * 100 + d[7] * 10 + d[8];
        let birth_date = year(individual, yy)
            .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
            .ok_or(NationalIdError::NoBirthDate)?;
        if k1 != Some(d[9]) || k2 != Some(d[10]) {
            return Err(NationalIdError::CheckDigits);
        }
        Ok(NationalId { digits, kind, birth_date })
    }

    /// Reads a number and checks it against the patient's birth date.
    pub fn parse_for(typed: &str, birth_date: NaiveDate) -> Result<NationalId, NationalIdError> {
        let id = NationalId::parse(typed)?;
        if id.birth_date != birth_date {
            return Err(NationalIdError::OtherBirthDate);
        }
        Ok(id)
    }

    /// The eleven digits, as stored and exchanged.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// The FHIR identifier system.
    pub fn system(&self) -> &'static str {
        match self.kind {
            Kind::Fodselsnummer => FODSELSNUMMER_SYSTEM,
            Kind::DNummer => D_NUMMER_SYSTEM,
        }
    }

    /// What staff see: the date part, the personal number hidden ("170540 *****").
    pub fn masked(&self) -> String {
        format!("{} *****", &self.digits[..6])
    }

    /// A valid number for a birth date: the first individual number from `from` whose check
    /// digits exist (for demo and test data).
    pub fn make(birth_date: NaiveDate, from: u32, kind: Kind) -> Option<NationalId> {
        let day = birth_date.day() + if kind == Kind::DNummer { 40 } else { 0 };
        let yy = birth_date.year().rem_euclid(100);
        (from..1000).find_map(|individual| {
            let first = format!("{day:02}{:02}{yy:02}{individual:03}", birth_date.month());
            let d: Vec<u32> = first.bytes().map(|b| u32::from(b - b'0')).collect();
            let k1 = check_digit(&d, &WEIGHTS_1)?;
            let mut with_k1 = d.clone();
            with_k1.push(k1);
            let k2 = check_digit(&with_k1, &WEIGHTS_2)?;
            NationalId::parse(&format!("{first}{k1}{k2}")).ok().filter(|id| id.birth_date == birth_date)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn both_check_digits_are_checked() {
        // Made with the rule, then each digit changed in turn: every single-digit error is caught.
        let id = NationalId::make(date(1940, 5, 17), 0, Kind::Fodselsnummer).expect("a number");
        assert_eq!(NationalId::parse(id.digits()), Ok(id.clone()));
        assert_eq!(id.kind(), Kind::Fodselsnummer);
        assert_eq!(id.system(), "urn:oid:2.16.578.1.12.4.1.4.1");
        assert_eq!(id.masked(), "170540 *****");
        for position in 6..11 {
            let mut wrong: Vec<u8> = id.digits().bytes().collect();
            wrong[position] = b'0' + (wrong[position] - b'0' + 1) % 10;
            let wrong = String::from_utf8(wrong).expect("digits");
            assert_eq!(NationalId::parse(&wrong).err(), Some(NationalIdError::CheckDigits), "{wrong}");
        }
        // Two neighbours swapped (when they differ).
        let mut swapped: Vec<u8> = id.digits().bytes().collect();
        let i = (6..9).find(|&i| swapped[i] != swapped[i + 1]).expect("two digits differ");
        swapped.swap(i, i + 1);
        assert!(NationalId::parse(&String::from_utf8(swapped).expect("digits")).is_err());
    }

    #[test]
    fn known_numbers_and_the_d_nummer() {
        let d = NationalId::make(date(1938, 2, 1), 500, Kind::DNummer);
        assert_eq!(d, None, "500-749 with year 38 is the 2000s: no 1938 number there");
        let d = NationalId::make(date(1938, 2, 1), 0, Kind::DNummer).expect("a D-nummer");
        assert!(d.digits().starts_with("410238"));
        assert_eq!(
            (d.kind(), d.birth_date(), d.system()),
            (Kind::DNummer, date(1938, 2, 1), D_NUMMER_SYSTEM)
        );
        let young = NationalId::make(date(2005, 12, 24), 500, Kind::Fodselsnummer).expect("2000s");
        assert_eq!(young.birth_date(), date(2005, 12, 24));
    }

    #[test]
    fn what_is_not_a_number_says_why() {
        assert_eq!(NationalId::parse("1705401234"), Err(NationalIdError::NotElevenDigits));
        assert_eq!(NationalId::parse("17054O12345"), Err(NationalIdError::NotElevenDigits));
        assert_eq!(NationalId::parse("32054012345"), Err(NationalIdError::NoBirthDate));
        assert_eq!(NationalId::parse("17134012345"), Err(NationalIdError::NoBirthDate));
        let id = NationalId::make(date(1940, 5, 17), 0, Kind::Fodselsnummer).expect("a number");
        assert_eq!(
            NationalId::parse_for(id.digits(), date(1940, 5, 18)),
            Err(NationalIdError::OtherBirthDate)
        );
        assert!(NationalId::parse_for(&format!(" {} ", id.digits()), date(1940, 5, 17)).is_ok());
    }
}
