//! FHIR R4 resources from Lindra's records (issue 20): the patient, Lindra's form as a
//! `Questionnaire`, each registration version as a `QuestionnaireResponse`, and the scores as
//! `Observation`s derived from it. Pure: the server passes the records in and serves the JSON.
//!
//! Codes: Lindra's own code systems under [`BASE`] for every item, sum, NRS question, answer and
//! body region; LOINC only where clinical.md says it is verified (the ESAS panel 112503-8, and
//! pain NRS 72514-3 alongside Lindra's code); SNOMED CT only for laterality. "Kan ikke vurdere"
//! is an answer of its own and, on an Observation, a `dataAbsentReason`: never 0.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use lindra::body_map::BodyMark;
use lindra::esas::{CompletedBy, SumKind};
use lindra::national_id::NationalId;
use lindra::nrs::NrsQuestion;
use lindra::{EsasItem, ItemValue, Registration, Score};
use serde_json::{json, Value};

pub mod bundle;
pub mod outcome;
pub mod search;
pub mod text;

/// The base of Lindra's canonical URLs: code systems, the questionnaire.
pub const BASE: &str = "https://lindra.no/fhir";
pub const LOINC: &str = "http://loinc.org";
pub const SNOMED: &str = "http://snomed.info/sct";
/// The ESAS panel (verified in LOINC, clinical.md).
pub const LOINC_ESAS_PANEL: &str = "112503-8";
/// Pain severity, 0-10 numeric rating (clinical.md).
pub const LOINC_PAIN_NRS: &str = "72514-3";
/// The questionnaire's canonical URL and version.
pub const QUESTIONNAIRE_URL: &str = "https://lindra.no/fhir/Questionnaire/esas-r-nrs-kroppskart";
pub const QUESTIONNAIRE_VERSION: &str = "1";

/// Lindra's code systems.
pub mod system {
    pub const ESAS: &str = "https://lindra.no/fhir/CodeSystem/esas-r";
    pub const NRS: &str = "https://lindra.no/fhir/CodeSystem/nrs";
    pub const ANSWER: &str = "https://lindra.no/fhir/CodeSystem/answer";
    pub const COMPLETED_BY: &str = "https://lindra.no/fhir/CodeSystem/completed-by";
    pub const BODY_REGION: &str = "https://lindra.no/fhir/CodeSystem/body-region";
    pub const BODY_MARK: &str = "https://lindra.no/fhir/CodeSystem/body-mark";
    /// How a registration was entered: `patient-tablet`, the patient's own answers on the unit
    /// tablet (patient mode).
    pub const ENTRY: &str = "https://lindra.no/fhir/CodeSystem/entry";
    /// BCP 47 language tags.
    pub const LANGUAGE: &str = "urn:ietf:bcp:47";
    pub const UNIT: &str = "https://lindra.no/fhir/NamingSystem/care-unit";
}

/// SNOMED CT: the laterality attribute, and left.
const LATERALITY: &str = "272741003";
const LEFT: &str = "7771000";

/// The answer code of "kan ikke vurdere".
pub const NOT_ASSESSED: &str = "kiv";

/// A patient as FHIR needs it.
#[derive(Debug, Clone)]
pub struct PatientRecord {
    pub id: i64,
    pub name: String,
    pub birth_date: NaiveDate,
    pub unit_id: i64,
    pub unit_name: String,
    /// Fødselsnummer or D-nummer, if Lindra has it (checked when it was stored).
    pub national_id: Option<String>,
}

/// One version of a registration: `id` is the registration's first version (its logical id in
/// FHIR), `version` counts from 1, and a correction carries its reason.
#[derive(Debug, Clone)]
pub struct RecordVersion<'a> {
    pub id: i64,
    pub version: i32,
    pub patient_id: i64,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    pub correction_reason: Option<String>,
    pub registration: &'a Registration,
}

pub(crate) fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn coding(system: &str, code: &str, display: &str) -> Value {
    json!({ "system": system, "code": code, "display": display })
}

fn answer_coding(value: ItemValue) -> Value {
    match value {
        ItemValue::Score(s) => coding(system::ANSWER, &s.value().to_string(), &s.value().to_string()),
        ItemValue::NotAssessed => {
            coding(system::ANSWER, NOT_ASSESSED, lindra::Language::Nb.clinical().not_assessed)
        }
    }
}

fn completed_by_code(c: CompletedBy) -> &'static str {
    match c {
        CompletedBy::Patient => "patient",
        CompletedBy::PatientWithHelp => "patient-with-help",
        CompletedBy::Relative => "relative",
        CompletedBy::HealthPersonnel => "health-personnel",
    }
}

const COMPLETED_BY: [CompletedBy; 4] =
    [CompletedBy::Patient, CompletedBy::PatientWithHelp, CompletedBy::Relative, CompletedBy::HealthPersonnel];

fn item_link(item: EsasItem) -> String {
    format!("esas-{}", item.code().replace('_', "-"))
}

fn nrs_link(q: NrsQuestion) -> String {
    format!("nrs-{}", q.code().replace('_', "-"))
}

/// `Patient`: name, birth date, and the care unit as the managing organisation (by identifier:
/// Lindra does not serve `Organization`).
pub fn patient(p: &PatientRecord) -> Value {
    let mut parts: Vec<&str> = p.name.split_whitespace().collect();
    let family = parts.pop().unwrap_or_default();
    let mut resource = json!({
        "resourceType": "Patient",
        "id": p.id.to_string(),
        "active": true,
        "name": [{ "use": "official", "text": p.name, "family": family, "given": parts }],
        "birthDate": p.birth_date.format("%Y-%m-%d").to_string(),
        "managingOrganization": {
            "identifier": { "system": system::UNIT, "value": p.unit_id.to_string() },
            "display": p.unit_name,
        },
    });
    if let Some(id) = p.national_id.as_deref().and_then(|n| NationalId::parse(n).ok()) {
        resource["identifier"] = json!([{ "use": "official", "system": id.system(), "value": id.digits() }]);
    }
    resource
}

/// Lindra's form: who filled it in, the ESAS-r's nine items and "annet problem" (each 0-10 or
/// "kan ikke vurdere"), pain NRS (now, worst and average over 24 hours), breakthrough pain, and
/// the body map's marks.
pub fn questionnaire() -> Value {
    let scale = |with_not_assessed: bool| {
        let mut options: Vec<Value> = (0..=10)
            .map(|n| json!({ "valueCoding": coding(system::ANSWER, &n.to_string(), &n.to_string()) }))
            .collect();
        if with_not_assessed {
            options.push(json!({ "valueCoding": coding(system::ANSWER, NOT_ASSESSED, lindra::Language::Nb.clinical().not_assessed) }));
        }
        options
    };
    let mut items = vec![json!({
        "linkId": "completed-by",
        "text": lindra::Language::Nb.clinical().completed_by_label,
        "type": "choice",
        "required": true,
        "answerOption": COMPLETED_BY
            .iter()
            .map(|c| json!({ "valueCoding": coding(system::COMPLETED_BY, completed_by_code(*c), (lindra::Language::Nb.clinical().completed_by)(*c)) }))
            .collect::<Vec<_>>(),
    })];
    for item in EsasItem::SYMPTOMS {
        items.push(json!({
            "linkId": item_link(item),
            "code": [coding(system::ESAS, item.code(), (lindra::Language::Nb.clinical().item_label)(item))],
            "text": (lindra::Language::Nb.clinical().item_label)(item),
            "type": "choice",
            "answerOption": scale(true),
        }));
    }
    items.push(json!({
        "linkId": "esas-other",
        "code": [coding(system::ESAS, EsasItem::Other.code(), (lindra::Language::Nb.clinical().item_label)(EsasItem::Other))],
        "text": (lindra::Language::Nb.clinical().item_label)(EsasItem::Other),
        "type": "group",
        "item": [
            { "linkId": "esas-other-name", "text": lindra::Language::Nb.clinical().other_problem_name, "type": "string" },
            { "linkId": "esas-other-score", "text": (lindra::Language::Nb.clinical().item_label)(EsasItem::Other), "type": "choice", "answerOption": scale(true) },
        ],
    }));
    for q in NrsQuestion::ALL {
        items.push(json!({
            "linkId": nrs_link(q),
            "code": [coding(system::NRS, q.code(), (lindra::Language::Nb.clinical().nrs_question)(q))],
            "text": (lindra::Language::Nb.clinical().nrs_question)(q),
            "type": "choice",
            "answerOption": scale(false),
        }));
    }
    items.push(json!({
        "linkId": "breakthrough-pain",
        "code": [coding(system::NRS, "breakthrough", lindra::Language::Nb.clinical().breakthrough_pain)],
        "text": lindra::Language::Nb.clinical().breakthrough_pain,
        "type": "boolean",
    }));
    items.push(json!({
        "linkId": "body-map",
        "text": lindra::Language::Nb.clinical().body_map,
        "type": "group",
        "repeats": true,
        "item": [
            { "linkId": "body-map-region", "text": text::NB.region, "type": "choice",
              "answerValueSet": format!("{BASE}/ValueSet/body-region") },
            { "linkId": "body-map-intensity", "text": text::NB.intensity, "type": "choice", "answerOption": scale(false) },
        ],
    }));
    items.push(json!({ "linkId": "note", "text": lindra::Language::Nb.clinical().note, "type": "text" }));
    json!({
        "resourceType": "Questionnaire",
        "id": "esas-r-nrs-kroppskart",
        "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION,
        "name": "LindraEsasRNrsKroppskart",
        "title": text::NB.questionnaire_title,
        "status": "active",
        "subjectType": ["Patient"],
        "language": "nb",
        "code": [coding(LOINC, LOINC_ESAS_PANEL, "Edmonton Symptom Assessment System panel")],
        "item": items,
    })
}

/// The version's `meta`; the patient's own answers on the tablet are tagged so (and with the
/// language they were given in), on the response and on every score taken from it.
fn meta(r: &RecordVersion) -> Value {
    let mut meta = json!({ "versionId": r.version.to_string(), "lastUpdated": instant(r.recorded_at) });
    if let Some(own) = r.registration.self_report {
        meta["tag"] = json!([
            coding(system::ENTRY, "patient-tablet", lindra::Language::Nb.clinical().self_reported_on_tablet),
            coding(system::LANGUAGE, own.language.code(), own.language.own_name()),
        ]);
    }
    meta
}

fn subject(r: &RecordVersion) -> Value {
    json!({ "reference": format!("Patient/{}", r.patient_id) })
}

/// The logical id of one registration's `QuestionnaireResponse`.
pub fn response_id(r: &RecordVersion) -> String {
    r.id.to_string()
}

/// One version of a registration as a `QuestionnaireResponse`: `author` the staff member who
/// recorded it, `source` who answered (the patient, or who filled it in).
pub fn questionnaire_response(r: &RecordVersion) -> Value {
    let reg = r.registration;
    let mut items = vec![json!({
        "linkId": "completed-by",
        "text": lindra::Language::Nb.clinical().completed_by_label,
        "answer": [{ "valueCoding": coding(system::COMPLETED_BY, completed_by_code(reg.completed_by), (lindra::Language::Nb.clinical().completed_by)(reg.completed_by)) }],
    })];
    for item in EsasItem::SYMPTOMS {
        if let Some(value) = reg.esas.get(item) {
            items.push(json!({
                "linkId": item_link(item),
                "text": (lindra::Language::Nb.clinical().item_label)(item),
                "answer": [{ "valueCoding": answer_coding(value) }],
            }));
        }
    }
    if let Some(other) = &reg.esas.other {
        items.push(json!({
            "linkId": "esas-other",
            "text": (lindra::Language::Nb.clinical().item_label)(EsasItem::Other),
            "item": [
                { "linkId": "esas-other-name", "text": lindra::Language::Nb.clinical().other_problem_name, "answer": [{ "valueString": other.name }] },
                { "linkId": "esas-other-score", "text": (lindra::Language::Nb.clinical().item_label)(EsasItem::Other), "answer": [{ "valueCoding": answer_coding(other.value) }] },
            ],
        }));
    }
    for q in NrsQuestion::ALL {
        if let Some(score) = reg.pain.get(q) {
            items.push(json!({
                "linkId": nrs_link(q),
                "text": (lindra::Language::Nb.clinical().nrs_question)(q),
                "answer": [{ "valueCoding": answer_coding(ItemValue::Score(score)) }],
            }));
        }
    }
    if let Some(yes) = reg.pain.breakthrough {
        items.push(json!({ "linkId": "breakthrough-pain", "text": lindra::Language::Nb.clinical().breakthrough_pain, "answer": [{ "valueBoolean": yes }] }));
    }
    for mark in &reg.body_marks {
        items.push(json!({
            "linkId": "body-map",
            "text": lindra::Language::Nb.clinical().body_map,
            "item": [
                { "linkId": "body-map-region", "answer": [{ "valueCoding": region_coding(mark) }] },
                { "linkId": "body-map-intensity", "answer": [{ "valueCoding": answer_coding(ItemValue::Score(mark.intensity)) }] },
            ],
        }));
    }
    if !reg.note.is_empty() {
        items.push(json!({ "linkId": "note", "text": lindra::Language::Nb.clinical().note, "answer": [{ "valueString": reg.note }] }));
    }
    let source = match reg.completed_by {
        CompletedBy::Patient | CompletedBy::PatientWithHelp => subject(r),
        CompletedBy::Relative | CompletedBy::HealthPersonnel => {
            json!({ "display": (lindra::Language::Nb.clinical().completed_by)(reg.completed_by) })
        }
    };
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": response_id(r),
        "meta": meta(r),
        "questionnaire": format!("{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}"),
        "status": if r.version > 1 { "amended" } else { "completed" },
        "subject": subject(r),
        "authored": instant(reg.observed_at),
        "author": { "display": r.recorded_by },
        "source": source,
        "item": items,
    })
}

fn region_coding(mark: &BodyMark) -> Value {
    let name = mark.region.region().map(|r| r.name_nb()).unwrap_or_default();
    coding(system::BODY_REGION, &mark.region.0.to_string(), &name)
}

/// A score as an Observation's value, or "kan ikke vurdere" as its absent reason.
fn value(v: ItemValue) -> (&'static str, Value) {
    match v {
        ItemValue::Score(s) => ("valueInteger", json!(s.value())),
        ItemValue::NotAssessed => (
            "dataAbsentReason",
            json!({
                "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "asked-unknown", "display": "Asked But Unknown" }],
                "text": lindra::Language::Nb.clinical().not_assessed,
            }),
        ),
    }
}

fn observation(r: &RecordVersion, id: String, code: Value, value: Option<(&'static str, Value)>) -> Value {
    let mut o = json!({
        "resourceType": "Observation",
        "id": id,
        "meta": meta(r),
        "status": if r.version > 1 { "amended" } else { "final" },
        "category": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey", "display": "Survey" }] }],
        "code": code,
        "subject": subject(r),
        "effectiveDateTime": instant(r.registration.observed_at),
        "issued": instant(r.recorded_at),
        "performer": [{ "display": r.recorded_by }],
        "derivedFrom": [{ "reference": format!("QuestionnaireResponse/{}", response_id(r)) }],
    });
    if let (Some((key, v)), Some(map)) = (value, o.as_object_mut()) {
        map.insert(key.to_string(), v);
    }
    o
}

/// One Observation of a registration version, before it is made: what it is, and its id and
/// codes without building the resource (a search counts and filters on these, and builds only
/// the page it answers).
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    Item(EsasItem, ItemValue),
    Other(&'a lindra::esas::OtherProblem),
    Sum(SumKind, i64),
    Nrs(NrsQuestion, Score),
    Breakthrough(bool),
    Body(&'a BodyMark),
}

/// The Observations of one registration version, in order: each ESAS-r item answered (and
/// "annet problem"), each sum that can be computed, each NRS question, breakthrough pain, and
/// each body-map mark.
pub fn parts<'a>(r: &RecordVersion<'a>) -> Vec<Part<'a>> {
    let reg = r.registration;
    let mut all = Vec::with_capacity(24);
    for item in EsasItem::SYMPTOMS {
        if let Some(v) = reg.esas.get(item) {
            all.push(Part::Item(item, v));
        }
    }
    if let Some(other) = &reg.esas.other {
        all.push(Part::Other(other));
    }
    for kind in SumKind::ALL {
        if let Some(sum) = reg.esas.sum(kind) {
            all.push(Part::Sum(kind, i64::from(sum)));
        }
    }
    for q in NrsQuestion::ALL {
        if let Some(score) = reg.pain.get(q) {
            all.push(Part::Nrs(q, score));
        }
    }
    if let Some(yes) = reg.pain.breakthrough {
        all.push(Part::Breakthrough(yes));
    }
    all.extend(reg.body_marks.iter().map(Part::Body));
    all
}

const SUM_CODES: [(SumKind, &str); 3] = [
    (SumKind::Total, "sum-total"),
    (SumKind::Physical, "sum-physical"),
    (SumKind::Emotional, "sum-emotional"),
];

fn sum_code(kind: SumKind) -> &'static str {
    SUM_CODES.iter().find(|(k, _)| *k == kind).map_or("sum", |(_, c)| c)
}

impl Part<'_> {
    /// The Observation's id within its registration (`{registration}-{suffix}`).
    pub fn id(&self, registration: i64) -> String {
        let suffix = match self {
            Part::Item(item, _) => item_link(*item),
            Part::Other(_) => "esas-other".into(),
            Part::Sum(kind, _) => sum_code(*kind).into(),
            Part::Nrs(q, _) => nrs_link(*q),
            Part::Breakthrough(_) => "breakthrough-pain".into(),
            Part::Body(mark) => format!("body-{}", mark.region.0),
        };
        format!("{registration}-{suffix}")
    }

    /// The (system, code) pairs of the Observation's `code`.
    pub fn codes(&self) -> Vec<(&'static str, &'static str)> {
        match self {
            Part::Item(item, _) => vec![(system::ESAS, item.code())],
            Part::Other(_) => vec![(system::ESAS, EsasItem::Other.code())],
            Part::Sum(kind, _) => vec![(system::ESAS, sum_code(*kind))],
            Part::Nrs(q, _) => vec![(system::NRS, q.code()), (LOINC, LOINC_PAIN_NRS)],
            Part::Breakthrough(_) => vec![(system::NRS, "breakthrough")],
            Part::Body(_) => vec![(system::BODY_MARK, "pain-at-site")],
        }
    }

    /// The Observation itself.
    pub fn observation(&self, r: &RecordVersion) -> Value {
        let id = self.id(r.id);
        match *self {
            Part::Item(item, v) => {
                let code = json!({ "coding": [coding(system::ESAS, item.code(), (lindra::Language::Nb.clinical().item_label)(item))], "text": (lindra::Language::Nb.clinical().item_label)(item) });
                observation(r, id, code, Some(value(v)))
            }
            Part::Other(other) => {
                let label = format!(
                    "{}: {}",
                    (lindra::Language::Nb.clinical().item_label)(EsasItem::Other),
                    other.name
                );
                let code = json!({ "coding": [coding(system::ESAS, EsasItem::Other.code(), (lindra::Language::Nb.clinical().item_label)(EsasItem::Other))], "text": label });
                observation(r, id, code, Some(value(other.value)))
            }
            Part::Sum(kind, sum) => {
                let code = json!({ "coding": [coding(system::ESAS, sum_code(kind), (lindra::Language::Nb.clinical().sum_label)(kind))], "text": (lindra::Language::Nb.clinical().sum_label)(kind) });
                observation(r, id, code, Some(("valueInteger", json!(sum))))
            }
            Part::Nrs(q, score) => {
                let codings = vec![
                    coding(system::NRS, q.code(), (lindra::Language::Nb.clinical().nrs_question)(q)),
                    coding(
                        LOINC,
                        LOINC_PAIN_NRS,
                        "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                    ),
                ];
                let code =
                    json!({ "coding": codings, "text": (lindra::Language::Nb.clinical().nrs_question)(q) });
                let mut o = observation(r, id, code, Some(("valueInteger", json!(score.value()))));
                if q != NrsQuestion::Now {
                    // Worst and average: over the 24 hours before the registration.
                    if let Some(map) = o.as_object_mut() {
                        map.remove("effectiveDateTime");
                        let end = r.registration.observed_at;
                        map.insert(
                            "effectivePeriod".into(),
                            json!({ "start": instant(end - chrono::Duration::hours(24)), "end": instant(end) }),
                        );
                    }
                }
                o
            }
            Part::Breakthrough(yes) => {
                let code = json!({ "coding": [coding(system::NRS, "breakthrough", lindra::Language::Nb.clinical().breakthrough_pain)], "text": lindra::Language::Nb.clinical().breakthrough_pain });
                observation(r, id, code, Some(("valueBoolean", json!(yes))))
            }
            Part::Body(mark) => {
                let region = mark.region.region();
                let name = region.map(|r| r.name_nb()).unwrap_or_default();
                let code = json!({ "coding": [coding(system::BODY_MARK, "pain-at-site", text::NB.pain_at_site)], "text": (text::NB.pain_in)(&name) });
                let mut o =
                    observation(r, id, code, Some(("valueInteger", json!(Score::value(mark.intensity)))));
                o["bodySite"] = json!({ "coding": [region_coding(mark)], "text": name });
                // The patient's side, as SNOMED CT laterality (none for the midline).
                if let Some(side) = region.and_then(|r| r.side.snomed()) {
                    let display = if side == LEFT { "Left" } else { "Right" };
                    o["component"] = json!([{
                        "code": { "coding": [coding(SNOMED, LATERALITY, "Laterality")] },
                        "valueCodeableConcept": { "coding": [coding(SNOMED, side, display)] },
                    }]);
                }
                o
            }
        }
    }
}

/// Every Observation of one registration version ([`parts`], made).
pub fn observations(r: &RecordVersion) -> Vec<Value> {
    parts(r).iter().map(|p| p.observation(r)).collect()
}
