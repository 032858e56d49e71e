//! Property tests on what users and clients send: the domain's validation never panics and
//! never lets a bad value through, and no payload makes a server function answer 5xx.

use lindra::registration::{DraftValue, RegistrationDraft};
use lindra::{EsasItem, ItemValue, Score};
use lindra_tests::app::{sqlite_app, valid_draft};
use proptest::prelude::*;

fn draft_value() -> impl Strategy<Value = DraftValue> {
    prop_oneof![
        Just(DraftValue::Unanswered),
        Just(DraftValue::NotAssessed),
        (-3i64..14).prop_map(DraftValue::Score),
        any::<i64>().prop_map(DraftValue::Score),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "\\PC{0,120}",
        Just("<script>alert('x')</script>".to_string()),
        Just("æøå ÆØÅ – «sitat» \u{0}".to_string()),
        "\\PC{4000,4010}",
    ]
}

fn draft() -> impl Strategy<Value = RegistrationDraft> {
    (
        prop::option::of(-100_000i64..100_000),
        prop::option::of(prop::sample::select(lindra::CompletedBy::ALL.to_vec())),
        prop::array::uniform9(draft_value()),
        text(),
        draft_value(),
        prop::array::uniform3(prop::option::of(-2i64..13)),
        prop::option::of(any::<bool>()),
        prop::collection::vec((prop_oneof![100u16..140, 200u16..240, any::<u16>()], -2i64..13), 0..8),
        text(),
    )
        .prop_map(
            |(minutes, completed_by, symptoms, other_name, other, pain, breakthrough, body_marks, note)| {
                RegistrationDraft {
                    observed_at: minutes.map(|m| now() + chrono::Duration::minutes(m)),
                    completed_by,
                    symptoms,
                    other_name,
                    other,
                    pain_now: pain[0],
                    pain_worst_24h: pain[1],
                    pain_average_24h: pain[2],
                    breakthrough,
                    body_marks,
                    note,
                }
            },
        )
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn validation_never_panics_and_never_lets_a_bad_value_through(d in draft()) {
        match d.validate(now(), lindra::Language::Nb.clinical()) {
            Ok(r) => {
                for item in EsasItem::SYMPTOMS {
                    let v = r.esas.get(item);
                    prop_assert!(matches!(v, Some(ItemValue::NotAssessed) | Some(ItemValue::Score(_))));
                }
                for m in &r.body_marks {
                    prop_assert!(m.region.region().is_some());
                    prop_assert!(m.intensity <= Score::MAX);
                }
                prop_assert!(r.note.chars().count() <= lindra::registration::NOTE_MAX_CHARS);
                prop_assert!(r.observed_at <= now() + chrono::Duration::minutes(5));
                // What was accepted comes back the same through the form.
                prop_assert_eq!(r.to_draft().validate(now(), lindra::Language::Nb.clinical()), Ok(r.clone()));
            }
            Err(errors) => {
                prop_assert!(!errors.0.is_empty());
                for e in &errors.0 {
                    prop_assert!(!e.field.is_empty() && !e.message.is_empty());
                }
            }
        }
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        "\\PC{0,20}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..10).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("patient_id".to_string()),
                    Just("request_id".to_string()),
                    Just("draft".to_string()),
                    Just("symptoms".to_string()),
                    "[a-z_]{1,12}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid request with one part replaced by anything at all.
fn mutated_request() -> impl Strategy<Value = serde_json::Value> {
    (
        prop::sample::select(vec![
            "patient_id",
            "request_id",
            "draft",
            "symptoms",
            "note",
            "body_marks",
            "completed_by",
        ]),
        json_value(),
    )
        .prop_map(|(key, value)| {
            let mut body =
                serde_json::json!({ "patient_id": 1, "request_id": "prop", "draft": valid_draft() });
            match key {
                "patient_id" | "request_id" | "draft" => body[key] = value,
                _ => body["draft"][key] = value,
            }
            body
        })
}

#[test]
fn no_payload_makes_a_server_function_fail_with_5xx() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let (app, cookie) = runtime.block_on(async {
        let app = sqlite_app().await;
        let cookie = app.login("demo.sykepleier").await;
        (app, cookie)
    });
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(300));
    let strategy = prop_oneof![json_value(), mutated_request()];
    let result = runner.run(&strategy, |body| {
        let answer = runtime.block_on(app.post_json("/api/record_registration", &cookie, body.clone()));
        prop_assert!(answer.status.as_u16() < 500, "{} for {}: {}", answer.status, body, answer.body);
        let overview = serde_json::json!({ "patient_id": body });
        let answer = runtime.block_on(app.post_json("/api/patient_overview", &cookie, overview.clone()));
        prop_assert!(answer.status.as_u16() < 500, "{} for {overview}", answer.status);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
