//! FHIR search parameters as Lindra reads them: which parameters each resource type takes, the
//! `date` and token forms, `_count` and `_offset`. Strict: an unknown parameter, a prefix Lindra
//! does not support or a value it cannot read is refused with its reason (a 400 with an
//! `OperationOutcome`), never ignored, so a client never mistakes a filter that was not applied
//! for one that was.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use lindra::time::from_oslo;

/// The resource types Lindra serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceType {
    Patient,
    Questionnaire,
    QuestionnaireResponse,
    Observation,
    Provenance,
}

impl ResourceType {
    pub const ALL: [ResourceType; 5] = [
        ResourceType::Patient,
        ResourceType::Questionnaire,
        ResourceType::QuestionnaireResponse,
        ResourceType::Observation,
        ResourceType::Provenance,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ResourceType::Patient => "Patient",
            ResourceType::Questionnaire => "Questionnaire",
            ResourceType::QuestionnaireResponse => "QuestionnaireResponse",
            ResourceType::Observation => "Observation",
            ResourceType::Provenance => "Provenance",
        }
    }

    pub fn from_name(name: &str) -> Option<ResourceType> {
        ResourceType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The search parameters of this type (besides `_count` and `_offset`), with their FHIR
    /// type and what they match: the CapabilityStatement lists these, the parser takes only these.
    pub fn parameters(self) -> &'static [Parameter] {
        use ParameterKind::{Date, Reference, Token, Uri};
        const ID: Parameter = Parameter { name: "_id", kind: Token, doc: "The logical id" };
        const UPDATED: Parameter =
            Parameter { name: "_lastUpdated", kind: Date, doc: "When the version was stored" };
        const PATIENT: Parameter =
            Parameter { name: "patient", kind: Reference, doc: "The patient (id or Patient/id)" };
        const SUBJECT: Parameter = Parameter { name: "subject", kind: Reference, doc: "Same as patient" };
        match self {
            ResourceType::Patient => &[
                ID,
                UPDATED,
                Parameter {
                    name: "identifier",
                    kind: Token,
                    doc: "The national identity number (system|value)",
                },
            ],
            ResourceType::Questionnaire => {
                &[ID, Parameter { name: "url", kind: Uri, doc: "The canonical URL" }]
            }
            ResourceType::QuestionnaireResponse => &[
                ID,
                UPDATED,
                PATIENT,
                SUBJECT,
                Parameter { name: "authored", kind: Date, doc: "When the patient was assessed" },
            ],
            ResourceType::Observation => &[
                ID,
                UPDATED,
                PATIENT,
                SUBJECT,
                Parameter {
                    name: "date",
                    kind: Date,
                    doc: "When the patient was assessed (the end of a 24-hour period)",
                },
                Parameter { name: "code", kind: Token, doc: "The code (system|code, or code)" },
            ],
            ResourceType::Provenance => &[
                ID,
                PATIENT,
                Parameter { name: "recorded", kind: Date, doc: "When the version was recorded" },
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterKind {
    Token,
    Date,
    Reference,
    Uri,
}

impl ParameterKind {
    pub fn code(self) -> &'static str {
        match self {
            ParameterKind::Token => "token",
            ParameterKind::Date => "date",
            ParameterKind::Reference => "reference",
            ParameterKind::Uri => "uri",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parameter {
    pub name: &'static str,
    pub kind: ParameterKind,
    pub doc: &'static str,
}

/// Why a search was refused: each a 400 with its words in `outcome`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    UnknownParameter {
        name: String,
    },
    /// A modifier (`code:text`, `date:missing`) Lindra does not support.
    UnsupportedModifier {
        name: String,
    },
    BadValue {
        name: String,
        value: String,
    },
    /// `ne`, `sa`, `eb` or `ap` on a date.
    UnsupportedPrefix {
        name: String,
        prefix: String,
    },
    BadCount {
        value: String,
    },
}

/// `_count` when none is given, and the most a page holds.
pub const DEFAULT_COUNT: usize = 100;
pub const MAX_COUNT: usize = 1000;

/// A date parameter's comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    Eq,
    Gt,
    Lt,
    Ge,
    Le,
}

/// One date value: the comparison and the range its precision spans, `[start, end)`.
/// Dates and times without a zone are Oslo wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParam {
    pub prefix: Prefix,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl DateParam {
    pub fn matches(&self, at: DateTime<Utc>) -> bool {
        match self.prefix {
            Prefix::Eq => self.start <= at && at < self.end,
            Prefix::Ge => at >= self.start,
            Prefix::Gt => at >= self.end,
            Prefix::Le => at < self.end,
            Prefix::Lt => at < self.start,
        }
    }

    /// The earliest and latest instant that can match (for narrowing a query), `None` for open.
    pub fn bounds(&self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let last = self.end - Duration::seconds(1);
        match self.prefix {
            Prefix::Eq => (Some(self.start), Some(last)),
            Prefix::Ge => (Some(self.start), None),
            Prefix::Gt => (Some(self.end), None),
            Prefix::Le => (None, Some(last)),
            Prefix::Lt => (None, Some(self.start - Duration::seconds(1))),
        }
    }
}

/// One token value: `system|code`, `code` (any system), `|code` (no system), `system|` (any code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenParam {
    pub system: Option<String>,
    pub code: Option<String>,
}

impl TokenParam {
    pub fn matches(&self, system: Option<&str>, code: &str) -> bool {
        let system_ok = match &self.system {
            None => true,
            Some(s) if s.is_empty() => system.is_none(),
            Some(s) => system == Some(s.as_str()),
        };
        system_ok && self.code.as_deref().is_none_or(|c| c == code)
    }
}

/// A search as read: every parameter is ANDed with the others; the values inside one are ORed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    pub ids: Vec<Vec<String>>,
    pub patients: Vec<Vec<i64>>,
    /// `date`, `authored` or `recorded`: the time the patient was assessed or the version stored.
    pub dates: Vec<Vec<DateParam>>,
    pub last_updated: Vec<Vec<DateParam>>,
    pub codes: Vec<Vec<TokenParam>>,
    pub identifiers: Vec<Vec<TokenParam>>,
    pub urls: Vec<Vec<String>>,
    pub count: usize,
    pub offset: usize,
}

impl Search {
    /// Reads the query's pairs (already percent-decoded) for a search of `kind`.
    pub fn parse(kind: ResourceType, pairs: &[(String, String)]) -> Result<Search, SearchError> {
        let mut search = Search { count: DEFAULT_COUNT, ..Search::default() };
        for (name, value) in pairs {
            if name == "_count" {
                search.count = value
                    .parse::<usize>()
                    .map_err(|_| SearchError::BadCount { value: value.clone() })?
                    .min(MAX_COUNT);
                continue;
            }
            if name == "_offset" {
                search.offset = value
                    .parse()
                    .map_err(|_| SearchError::BadValue { name: name.clone(), value: value.clone() })?;
                continue;
            }
            if name == "_format"
                && matches!(value.as_str(), "json" | "application/fhir+json" | "application/json")
            {
                continue;
            }
            let (base, modifier) = match name.split_once(':') {
                Some((base, modifier)) => (base, Some(modifier)),
                None => (name.as_str(), None),
            };
            let Some(parameter) = kind.parameters().iter().find(|p| p.name == base) else {
                return Err(SearchError::UnknownParameter { name: name.clone() });
            };
            if modifier.is_some() {
                return Err(SearchError::UnsupportedModifier { name: name.clone() });
            }
            let bad = || SearchError::BadValue { name: name.clone(), value: value.clone() };
            let values: Vec<&str> = value.split(',').collect();
            if values.iter().any(|v| v.is_empty()) && parameter.kind != ParameterKind::Token {
                return Err(bad());
            }
            match base {
                "_id" => search.ids.push(values.iter().map(|v| v.to_string()).collect()),
                "patient" | "subject" => search.patients.push(
                    values.iter().map(|v| patient_reference(v).ok_or_else(bad)).collect::<Result<_, _>>()?,
                ),
                "date" | "authored" | "recorded" | "_lastUpdated" => {
                    let parsed = values.iter().map(|v| date_param(name, v)).collect::<Result<Vec<_>, _>>()?;
                    if base == "_lastUpdated" {
                        search.last_updated.push(parsed);
                    } else {
                        search.dates.push(parsed);
                    }
                }
                "code" | "identifier" => {
                    let parsed = values
                        .iter()
                        .map(|v| token_param(v).ok_or_else(bad))
                        .collect::<Result<Vec<_>, _>>()?;
                    if base == "code" {
                        search.codes.push(parsed);
                    } else {
                        search.identifiers.push(parsed);
                    }
                }
                "url" => search.urls.push(values.iter().map(|v| v.to_string()).collect()),
                _ => return Err(SearchError::UnknownParameter { name: name.clone() }),
            }
        }
        Ok(search)
    }

    /// Whether `id` passes every `_id`.
    pub fn id_matches(&self, id: &str) -> bool {
        self.ids.iter().all(|any| any.iter().any(|v| v == id))
    }

    pub fn patient_matches(&self, patient_id: i64) -> bool {
        self.patients.iter().all(|any| any.contains(&patient_id))
    }

    pub fn date_matches(&self, at: DateTime<Utc>) -> bool {
        all_any(&self.dates, |d| d.matches(at))
    }

    pub fn updated_matches(&self, at: DateTime<Utc>) -> bool {
        all_any(&self.last_updated, |d| d.matches(at))
    }

    /// Whether any of `codings` (system, code) passes every `code`.
    pub fn code_matches<'a>(
        &self,
        codings: impl Iterator<Item = (Option<&'a str>, &'a str)> + Clone,
    ) -> bool {
        self.codes.iter().all(|any| any.iter().any(|t| codings.clone().any(|(s, c)| t.matches(s, c))))
    }

    /// The patients asked for by every `patient`: `None` when no patient is named.
    pub fn patient_ids(&self) -> Option<Vec<i64>> {
        let first = self.patients.first()?;
        Some(first.iter().copied().filter(|id| self.patient_matches(*id)).collect())
    }

    /// The narrowest period the `date`s allow, for the query (the exact test is `date_matches`).
    pub fn date_bounds(&self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        bounds(&self.dates)
    }

    pub fn updated_bounds(&self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        bounds(&self.last_updated)
    }
}

fn all_any<T>(all: &[Vec<T>], test: impl Fn(&T) -> bool) -> bool {
    all.iter().all(|any| any.iter().any(&test))
}

/// The intersection over the ANDed parameters of the union of each one's ORed values.
fn bounds(all: &[Vec<DateParam>]) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let mut from: Option<DateTime<Utc>> = None;
    let mut to: Option<DateTime<Utc>> = None;
    for any in all {
        let each: Vec<_> = any.iter().map(DateParam::bounds).collect();
        // The union of the ORed values: open if any is open.
        let lo = each
            .iter()
            .map(|b| b.0)
            .try_fold(None::<DateTime<Utc>>, |acc, b| b.map(|b| Some(acc.map_or(b, |a| a.min(b)))));
        let hi = each
            .iter()
            .map(|b| b.1)
            .try_fold(None::<DateTime<Utc>>, |acc, b| b.map(|b| Some(acc.map_or(b, |a| a.max(b)))));
        if let Some(Some(lo)) = lo {
            from = Some(from.map_or(lo, |f| f.max(lo)));
        }
        if let Some(Some(hi)) = hi {
            to = Some(to.map_or(hi, |t| t.min(hi)));
        }
    }
    (from, to)
}

/// `3`, `Patient/3`, or an absolute URL ending in `Patient/3`.
fn patient_reference(value: &str) -> Option<i64> {
    let id = match value.rsplit_once("Patient/") {
        Some((_, id)) => id,
        None if value.contains('/') => return None,
        None => value,
    };
    id.parse().ok().filter(|id: &i64| *id > 0)
}

fn token_param(value: &str) -> Option<TokenParam> {
    let (system, code) = match value.split_once('|') {
        Some((system, code)) => (Some(system.to_string()), code),
        None => (None, value),
    };
    if system.is_none() && code.is_empty() {
        return None;
    }
    Some(TokenParam { system, code: (!code.is_empty()).then(|| code.to_string()) })
}

fn date_param(name: &str, value: &str) -> Result<DateParam, SearchError> {
    let bad = || SearchError::BadValue { name: name.into(), value: value.into() };
    let (prefix, rest) = if value.len() > 2 && value.as_bytes()[..2].iter().all(u8::is_ascii_lowercase) {
        let prefix = match &value[..2] {
            "eq" => Prefix::Eq,
            "gt" => Prefix::Gt,
            "lt" => Prefix::Lt,
            "ge" => Prefix::Ge,
            "le" => Prefix::Le,
            "ne" | "sa" | "eb" | "ap" => {
                return Err(SearchError::UnsupportedPrefix { name: name.into(), prefix: value[..2].into() })
            }
            _ => return Err(bad()),
        };
        (prefix, &value[2..])
    } else {
        (Prefix::Eq, value)
    };
    let (start, end) = date_range(rest).ok_or_else(bad)?;
    Ok(DateParam { prefix, start, end })
}

/// The range a FHIR date or dateTime spans at its precision: a year, a month, a day, or a
/// second (a time with a zone is exact; without one it is Oslo time).
fn date_range(value: &str) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let oslo_midnight = |d: NaiveDate| from_oslo(d.and_time(NaiveTime::MIN));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match value.len() {
        4 if digits(value) => {
            let year: i32 = value.parse().ok()?;
            let start = NaiveDate::from_ymd_opt(year, 1, 1)?;
            Some((oslo_midnight(start)?, oslo_midnight(NaiveDate::from_ymd_opt(year + 1, 1, 1)?)?))
        }
        7 => {
            let (y, m) = value.split_once('-')?;
            if !digits(y) || !digits(m) {
                return None;
            }
            let start = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
            let next = if start.month() == 12 {
                NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)?
            };
            Some((oslo_midnight(start)?, oslo_midnight(next)?))
        }
        10 => {
            let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?;
            Some((oslo_midnight(day)?, oslo_midnight(day.succ_opt()?)?))
        }
        _ => {
            if let Ok(at) = DateTime::parse_from_rfc3339(value) {
                let at = at.with_timezone(&Utc);
                return Some((at, at + Duration::seconds(1)));
            }
            let local = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S")
                .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M"))
                .ok()?;
            let at = from_oslo(local)?;
            Some((at, at + Duration::seconds(1)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("time")
    }

    #[test]
    fn a_day_is_the_oslo_day_and_prefixes_compare_its_range() {
        let s = Search::parse(
            ResourceType::Observation,
            &pairs(&[("date", "ge2026-11-20"), ("date", "le2026-11-21")]),
        )
        .expect("valid");
        // Oslo is UTC+1 in November: the 20th starts at 23:00 UTC on the 19th.
        assert!(!s.date_matches(utc(2026, 11, 19, 22, 59)));
        assert!(s.date_matches(utc(2026, 11, 19, 23, 0)));
        assert!(s.date_matches(utc(2026, 11, 21, 22, 59)));
        assert!(!s.date_matches(utc(2026, 11, 21, 23, 0)));
        assert_eq!(
            s.date_bounds(),
            (Some(utc(2026, 11, 19, 23, 0)), Some(utc(2026, 11, 21, 22, 59) + Duration::seconds(59)))
        );

        let month = Search::parse(ResourceType::Observation, &pairs(&[("date", "2026-07")])).expect("valid");
        assert!(month.date_matches(utc(2026, 6, 30, 22, 0)), "July starts at 22:00 UTC (summer time)");
        assert!(!month.date_matches(utc(2026, 7, 31, 22, 0)));
        let gt = Search::parse(ResourceType::Observation, &pairs(&[("date", "gt2026-11-20T10:00:00Z")]))
            .expect("valid");
        assert!(!gt.date_matches(utc(2026, 11, 20, 10, 0)));
        assert!(gt.date_matches(utc(2026, 11, 20, 10, 1)));
        let or =
            Search::parse(ResourceType::Observation, &pairs(&[("date", "2025,2026-11")])).expect("valid");
        assert!(or.date_matches(utc(2025, 5, 1, 0, 0)));
        assert!(!or.date_matches(utc(2026, 5, 1, 0, 0)));
    }

    #[test]
    fn tokens_match_system_and_code_as_fhir_says() {
        let s = Search::parse(
            ResourceType::Observation,
            &pairs(&[("code", "http://loinc.org|72514-3,https://lindra.no/fhir/CodeSystem/esas-r|pain")]),
        )
        .expect("valid");
        let loinc = [(Some("http://loinc.org"), "72514-3")];
        assert!(s.code_matches(loinc.iter().copied()));
        assert!(
            !s.code_matches([(Some("https://lindra.no/fhir/CodeSystem/esas-r"), "nausea")].iter().copied())
        );
        let any_system =
            Search::parse(ResourceType::Observation, &pairs(&[("code", "nausea")])).expect("valid");
        assert!(any_system.code_matches([(Some("x"), "nausea")].iter().copied()));
        let whole_system = Search::parse(ResourceType::Observation, &pairs(&[("code", "http://loinc.org|")]))
            .expect("valid");
        assert!(whole_system.code_matches(loinc.iter().copied()));
    }

    #[test]
    fn what_lindra_cannot_honour_is_refused_not_ignored() {
        let refused = |kind, q: &[(&str, &str)]| Search::parse(kind, &pairs(q)).expect_err("refused");
        assert_eq!(
            refused(ResourceType::Observation, &[("status", "final")]),
            SearchError::UnknownParameter { name: "status".into() }
        );
        assert_eq!(
            refused(ResourceType::Patient, &[("code", "pain")]),
            SearchError::UnknownParameter { name: "code".into() }
        );
        assert_eq!(
            refused(ResourceType::Observation, &[("code:text", "smerte")]),
            SearchError::UnsupportedModifier { name: "code:text".into() }
        );
        assert_eq!(
            refused(ResourceType::Observation, &[("date", "ap2026-11-20")]),
            SearchError::UnsupportedPrefix { name: "date".into(), prefix: "ap".into() }
        );
        for bad in ["20.11.2026", "2026-13", "ge", "2026-11-31", "yesterday"] {
            assert!(
                matches!(refused(ResourceType::Observation, &[("date", bad)]), SearchError::BadValue { .. }),
                "{bad}"
            );
        }
        assert_eq!(
            refused(ResourceType::Observation, &[("_count", "-1")]),
            SearchError::BadCount { value: "-1".into() }
        );
        assert!(matches!(
            refused(ResourceType::Observation, &[("patient", "Practitioner/3")]),
            SearchError::BadValue { .. }
        ));
        let capped =
            Search::parse(ResourceType::Observation, &pairs(&[("_count", "5000"), ("patient", "Patient/7")]))
                .expect("valid");
        assert_eq!((capped.count, capped.patient_ids()), (MAX_COUNT, Some(vec![7])));
    }
}
