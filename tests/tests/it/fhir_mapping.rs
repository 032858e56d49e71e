//! Lindra's FHIR resources checked by a validator Lindra did not write: @medplum/core's
//! `validateResource` against the FHIR R4 base definitions (tests/fhir/validate.mjs, installed by
//! scripts/setup.sh). Crafted data covers every kind of answer: "kan ikke vurdere" items,
//! "annet problem", every NRS question, breakthrough pain, body-map marks on both views and
//! both sides and the midline, a correction (two versions), and a patient with no registration.

use chrono::{NaiveDate, TimeZone, Utc};
use lindra::registration::DraftValue;
use lindra::{CompletedBy, Registration, RegistrationDraft};
use lindra_fhir::{
    observations, patient, questionnaire, questionnaire_response, PatientRecord, RecordVersion,
};
use lindra_tests::fhir::validate;
use serde_json::{json, Value};

/// Drowsiness and depression "kan ikke vurdere" (no sum can be computed), unless `all_scored`.
fn registration(pain: DraftValue, by: CompletedBy, marks: Vec<(u16, i64)>, all_scored: bool) -> Registration {
    let kiv = if all_scored { DraftValue::Score(2) } else { DraftValue::NotAssessed };
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).single().expect("time");
    RegistrationDraft {
        observed_at: Some(at),
        completed_by: Some(by),
        symptoms: [
            pain,
            DraftValue::Score(10),
            kiv,
            DraftValue::Score(1),
            DraftValue::Score(4),
            DraftValue::Score(7),
            kiv,
            DraftValue::Score(3),
            DraftValue::Score(6),
        ],
        other_name: "Forstoppelse".into(),
        other: DraftValue::Score(8),
        pain_now: Some(3),
        pain_worst_24h: Some(9),
        pain_average_24h: Some(0),
        breakthrough: Some(true),
        body_marks: marks,
        note: "Ga Morfin 5 mg s.c. «æøå»".into(),
    }
    .validate(at, lindra::Language::Nb.clinical())
    .expect("valid")
}

fn resources() -> Vec<Value> {
    let unit = |id: i64| PatientRecord {
        id,
        name: "Kari Nordmann".into(),
        birth_date: NaiveDate::from_ymd_opt(1941, 3, 2).expect("date"),
        unit_id: 1,
        unit_name: "Solsiden sykehjem, avdeling 2".into(),
        national_id: lindra::national_id::NationalId::make(
            NaiveDate::from_ymd_opt(1941, 3, 2).expect("date"),
            0,
            lindra::national_id::Kind::DNummer,
        )
        .map(|n| n.digits().to_string())
        .filter(|_| id == 1),
    };
    // Front right shoulder, the breastbone (midline), back left lower back, back right sole.
    let first = registration(
        DraftValue::Score(2),
        CompletedBy::PatientWithHelp,
        vec![(105, 2), (109, 4), (222, 7)],
        false,
    );
    let corrected =
        registration(DraftValue::NotAssessed, CompletedBy::Relative, vec![(206, 5), (238, 1)], false);
    let staff = registration(DraftValue::Score(9), CompletedBy::HealthPersonnel, Vec::new(), true);
    let mut own = registration(DraftValue::Score(5), CompletedBy::Patient, vec![(105, 5)], false);
    own.self_report = Some(lindra::SelfReport { language: lindra::Language::En });
    let recorded_at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 5, 0).single().expect("time");
    let version = |id, version, registration, reason: Option<&str>| RecordVersion {
        id,
        version,
        patient_id: 1,
        recorded_at: recorded_at + chrono::Duration::minutes(i64::from(version)),
        recorded_by: "Kari Sykepleier".into(),
        correction_reason: reason.map(String::from),
        registration,
    };
    let versions = [
        version(10, 1, &first, None),
        version(10, 2, &corrected, Some("Feil pasient")),
        version(11, 1, &staff, None),
        version(12, 1, &own, None),
    ];
    let mut all = vec![patient(&unit(1)), patient(&unit(2)), questionnaire()];
    for v in &versions {
        all.push(questionnaire_response(v));
        all.extend(observations(v));
    }
    all
}

/// The bundles, `Provenance`, `CapabilityStatement` and `OperationOutcome`s the REST interface
/// wraps the resources in.
fn wrappers(all: &[Value]) -> Vec<Value> {
    use lindra_fhir::bundle::{capability_statement, history, provenance, searchset, Page};
    use lindra_fhir::outcome::Failure;
    use lindra_fhir::search::SearchError;
    let base = "https://lindra.example/fhir";
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).single().expect("time");
    let (first, corrected) = (
        registration(DraftValue::Score(2), CompletedBy::Patient, vec![(105, 2)], false),
        registration(DraftValue::Score(4), CompletedBy::Patient, Vec::new(), false),
    );
    let v = |version, registration, reason: Option<&str>| RecordVersion {
        id: 10,
        version,
        patient_id: 1,
        recorded_at: at,
        recorded_by: "Kari Sykepleier".into(),
        correction_reason: reason.map(String::from),
        registration,
    };
    let (v1, v2) = (v(1, &first, None), v(2, &corrected, Some("Feil tall på smerte")));
    let page = Page {
        base,
        self_url: &format!("{base}/Observation?patient=1"),
        total: all.len(),
        count: 5,
        offset: 5,
    };
    let mut wrapped = vec![
        provenance(&v1),
        provenance(&v2),
        history(
            base,
            &format!("{base}/QuestionnaireResponse/10/_history"),
            vec![questionnaire_response(&v1), questionnaire_response(&v2)],
        ),
        searchset(&page, all[5..10].to_vec()),
        searchset(&Page { base, self_url: base, total: 0, count: 100, offset: 0 }, Vec::new()),
        capability_statement(base, "0.1.0", at),
    ];
    let failures = [
        Failure::NotSignedIn,
        Failure::BadToken,
        Failure::PatientRefused,
        Failure::RoleSeesNoPatients,
        Failure::UnknownType { name: "Encounter".into() },
        Failure::NotFound { kind: "Patient".into(), id: "9".into() },
        Failure::Gone { kind: "Observation".into(), id: "10-body-105".into() },
        Failure::NoSuchVersion { kind: "Observation".into(), id: "10-esas-pain".into(), version: "3".into() },
        Failure::Search(SearchError::UnknownParameter { name: "status".into() }),
        Failure::Search(SearchError::BadValue { name: "date".into(), value: "i går".into() }),
        Failure::Search(SearchError::UnsupportedPrefix { name: "date".into(), prefix: "ap".into() }),
        Failure::Search(SearchError::UnsupportedModifier { name: "code:text".into() }),
        Failure::Search(SearchError::BadCount { value: "-1".into() }),
        Failure::ReadOnly,
        Failure::Unavailable,
    ];
    wrapped.extend(failures.iter().map(Failure::operation_outcome));
    wrapped
}

#[test]
fn every_resource_lindra_emits_passes_the_r4_validator() {
    let mut all = resources();
    all.extend(wrappers(&all));
    let kinds: std::collections::BTreeSet<&str> =
        all.iter().filter_map(|r| r["resourceType"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "Bundle",
            "CapabilityStatement",
            "Observation",
            "OperationOutcome",
            "Patient",
            "Provenance",
            "Questionnaire",
            "QuestionnaireResponse"
        ]
        .into()
    );
    let (ok, output) = validate(&all);
    assert!(ok, "{output}");
    assert!(output.contains(&format!("{{\"resources\":{},\"errors\":0}}", all.len())), "{output}");
}

#[test]
fn the_validator_catches_a_broken_resource() {
    // Status is required on an Observation, and an answer has one value.
    let mut broken = resources().into_iter().find(|r| r["resourceType"] == "Observation").expect("one");
    broken.as_object_mut().expect("object").remove("status");
    let (ok, output) = validate(&[broken]);
    assert!(!ok, "{output}");
    assert!(output.contains("Observation.status"), "{output}");
    let (ok, output) = validate(&[json!({"resourceType": "Patient", "birthDate": "20. mars 1941"})]);
    assert!(!ok, "a Norwegian date is no FHIR date: {output}");
    // A code outside a required binding: medplum's validateResource lets it pass, the script's
    // own check of required codes does not.
    let mut wrong =
        resources().into_iter().find(|r| r["resourceType"] == "QuestionnaireResponse").expect("one");
    wrong["status"] = json!("ferdig");
    let (ok, output) = validate(&[wrong.clone()]);
    assert!(!ok, "{output}");
    assert!(
        output.contains("«ferdig» is not a code of") && output.contains("QuestionnaireResponse.status"),
        "{output}"
    );
    // The same inside a search's bundle, as the REST interface answers.
    let bundle = json!({
        "resourceType": "Bundle", "type": "searchset", "total": 1,
        "entry": [{ "fullUrl": "https://lindra.example/fhir/QuestionnaireResponse/10", "resource": wrong }],
    });
    let (ok, output) = validate(&[bundle]);
    assert!(!ok && output.contains("«ferdig» is not a code of"), "{output}");
}

#[test]
fn kan_ikke_vurdere_is_never_zero_and_a_correction_is_a_new_version() {
    let all = resources();
    let pain = |id: &str| all.iter().find(|r| r["id"] == id).cloned().expect(id);
    let first = pain("10-esas-pain");
    assert_eq!(first["valueInteger"], json!(2));
    // Both versions share the logical id; the export lists each version's own.
    let versions: Vec<&Value> = all.iter().filter(|r| r["id"] == "10-esas-pain").collect();
    assert_eq!(versions.len(), 2);
    let second = versions[1];
    assert_eq!(second["meta"]["versionId"], json!("2"));
    assert_eq!(second["status"], json!("amended"));
    assert!(second.get("valueInteger").is_none(), "KIV has no value: {second}");
    assert_eq!(second["dataAbsentReason"]["text"], json!("Kan ikke vurdere"));
    let response = all
        .iter()
        .find(|r| r["resourceType"] == "QuestionnaireResponse" && r["meta"]["versionId"] == "2")
        .expect("v2");
    let answer = response["item"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["linkId"] == "esas-pain")
        .expect("pain");
    assert_eq!(answer["answer"][0]["valueCoding"]["code"], json!("kiv"));
    // A sum with a KIV item in it cannot be computed, so it is not emitted; all scored, it is.
    assert!(all.iter().all(|r| r["id"] != "10-sum-total"), "no total with KIV items");
    let total = pain("11-sum-total");
    assert_eq!(total["valueInteger"], json!(9 + 10 + 2 + 1 + 4 + 7 + 2 + 3 + 6));
    // Body marks: the region as Lindra's code, the side as SNOMED CT laterality.
    let sole = pain("10-body-238");
    assert_eq!(sole["bodySite"]["coding"][0]["code"], json!("238"));
    assert_eq!(sole["component"][0]["valueCodeableConcept"]["coding"][0]["code"], json!("24028007"));
    assert!(pain("10-body-109").get("component").is_none(), "the breastbone has no side");
}

#[test]
fn the_patients_own_answers_on_the_tablet_are_tagged_with_their_language() {
    let all = resources();
    let of = |id: &str| {
        all.iter()
            .filter(|r| r["id"].as_str().is_some_and(|i| i == id || i.starts_with(&format!("{id}-"))))
            .collect::<Vec<_>>()
    };
    let own = of("12");
    assert!(own.len() > 5, "the response and its scores");
    for resource in &own {
        let tags = resource["meta"]["tag"].as_array().expect("tagged");
        assert!(tags.iter().any(|t| t["code"] == "patient-tablet"), "{resource}");
        assert!(tags.iter().any(|t| t["system"] == "urn:ietf:bcp:47" && t["code"] == "en"), "{resource}");
    }
    let response = own.iter().find(|r| r["resourceType"] == "QuestionnaireResponse").expect("response");
    assert_eq!(response["source"]["reference"], json!("Patient/1"), "answered by the patient");
    for staff in of("11") {
        assert!(staff["meta"].get("tag").is_none(), "a staff registration carries no tag: {staff}");
    }
}
