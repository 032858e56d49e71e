//! The FHIR interface over HTTP (issue 20): API clients held to their units and every read in the
//! patient's access log; sessions with the same rule; search, paging, versions, `Provenance` and
//! `$everything`; errors as `OperationOutcome`s; and the answers checked by the third-party
//! validator.

use axum::body::Body;
use chrono::{Duration, Utc};
use http::{header, Method, Request, StatusCode};
use lindra_app::model::{NewApiClient, NewPatient, Patient};
use lindra_tests::app::{sqlite_app, TestApp};
use lindra_tests::fhir::validate;
use serde_json::{json, Value};

enum Who<'a> {
    Token(&'a str),
    Session(&'a str),
    Nobody,
}

struct Fhir {
    status: StatusCode,
    headers: http::HeaderMap,
    body: Value,
}

async fn fhir_as(app: &TestApp, method: Method, uri: &str, who: Who<'_>) -> Fhir {
    let mut request = Request::builder().method(method).uri(uri);
    request = match who {
        Who::Token(token) => request.header(header::AUTHORIZATION, format!("Bearer {token}")),
        Who::Session(cookie) => request.header(header::COOKIE, cookie),
        Who::Nobody => request,
    };
    let answer = app.send_exact(request.body(Body::empty()).expect("request")).await;
    assert_eq!(
        answer.header(header::CONTENT_TYPE),
        Some("application/fhir+json; charset=utf-8"),
        "{uri}: {}",
        answer.body
    );
    let body = serde_json::from_str(&answer.body).unwrap_or_else(|e| panic!("{uri}: {e}: {}", answer.body));
    Fhir { status: answer.status, headers: answer.headers, body }
}

async fn fhir(app: &TestApp, uri: &str, who: Who<'_>) -> Fhir {
    fhir_as(app, Method::GET, uri, who).await
}

/// An API client made by the administrator through the admin page's server function.
async fn client(app: &TestApp, name: &str, units: &[i64]) -> (i64, String) {
    let admin = app.login("demo.admin").await;
    let answer = app
        .post_json(
            "/api/admin_create_api_client",
            &admin,
            json!({"client": {"name": name, "unit_ids": units, "valid_days": "30"}}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let created: Value = serde_json::from_str(&answer.body).expect("json");
    let token = created["token"].as_str().expect("the token, shown once").to_string();
    let stored = app.storage.api_clients().await.expect("clients");
    assert!(!format!("{stored:?}").contains(&token), "only the hash is stored");
    (created["client"]["id"].as_i64().expect("id"), token)
}

fn issue(f: &Fhir) -> (&str, &str, &str) {
    assert_eq!(f.body["resourceType"], "OperationOutcome", "{}", f.body);
    let issue = &f.body["issue"][0];
    (
        issue["code"].as_str().unwrap_or_default(),
        issue["details"]["text"].as_str().unwrap_or_default(),
        issue["diagnostics"].as_str().unwrap_or_default(),
    )
}

fn entries(bundle: &Value) -> Vec<&Value> {
    bundle["entry"].as_array().map(|e| e.iter().map(|e| &e["resource"]).collect()).unwrap_or_default()
}

fn of_type<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    entries(bundle).into_iter().filter(|r| r["resourceType"] == kind).collect()
}

/// The path and query of a bundle's link (the links are absolute, on the public origin).
fn link(bundle: &Value, relation: &str) -> Option<String> {
    let url = bundle["link"].as_array()?.iter().find(|l| l["relation"] == relation)?["url"].as_str()?;
    Some(url[url.find("/fhir").expect("a FHIR url")..].to_string())
}

#[tokio::test]
async fn an_api_client_reads_its_units_patients_only_and_every_read_is_logged() {
    let app = sqlite_app().await;
    let (client_id, token) = client(&app, "DIPS-integrasjon", &[1]).await;
    let (mine, theirs) = (app.patient_of_unit(1).await, app.patient_of_unit(2).await);

    let read = fhir(&app, &format!("/fhir/Patient/{}", mine.id), Who::Token(&token)).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(
        (read.body["resourceType"].as_str(), read.body["id"].as_str()),
        (Some("Patient"), Some(&*mine.id.to_string()))
    );
    assert_eq!(read.body["name"][0]["text"], json!(mine.name));
    assert_eq!(read.body["managingOrganization"]["identifier"]["value"], "1");
    let logged = app.storage.audit_for_patient(mine.id, 1).await.expect("log").remove(0);
    assert_eq!(
        (
            logged.username.as_str(),
            logged.role.as_str(),
            logged.action.code(),
            logged.outcome.code(),
            logged.user_id
        ),
        ("DIPS-integrasjon", "api_client", "fhir.read", "ok", None)
    );

    // Another unit's patient: refused, and the refusal is in that patient's log.
    for uri in [
        format!("/fhir/Patient/{}", theirs.id),
        format!("/fhir/Observation?patient={}", theirs.id),
        format!("/fhir/Patient/{}/$everything", theirs.id),
    ] {
        let refused = fhir(&app, &uri, Who::Token(&token)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{uri}: {}", refused.body);
        let (code, nb, en) = issue(&refused);
        assert_eq!(code, "forbidden");
        assert!(nb.contains("ikke tilgang") && en.contains("no access"), "{nb} / {en}");
        let logged = app.audit(theirs.id).await.remove(0);
        assert_eq!(logged, ("DIPS-integrasjon".into(), "fhir.read".into(), "denied".into()), "{uri}");
    }
    let theirs_registration = app.storage.latest_registration(theirs.id).await.expect("latest").expect("one");
    let refused = fhir(
        &app,
        &format!("/fhir/QuestionnaireResponse/{}", theirs_registration.root_id),
        Who::Token(&token),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A search over every patient finds the unit's only, each read logged.
    let all = fhir(&app, "/fhir/Patient", Who::Token(&token)).await;
    assert_eq!(all.status, StatusCode::OK);
    let unit_one = app.storage.patients_in_unit(1).await.expect("patients");
    assert_eq!(all.body["total"], json!(unit_one.len()));
    assert!(entries(&all.body).iter().all(|p| p["managingOrganization"]["identifier"]["value"] == "1"));
    for p in &unit_one {
        assert_eq!(app.audit(p.patient.id).await[0].1, "fhir.read");
    }

    let everything = fhir(&app, &format!("/fhir/Patient/{}/$everything", mine.id), Who::Token(&token)).await;
    assert_eq!(everything.status, StatusCode::OK, "{}", everything.body);
    let current = app.storage.registrations(mine.id, Default::default()).await.expect("registrations");
    assert_eq!(of_type(&everything.body, "Patient").len(), 1);
    assert_eq!(of_type(&everything.body, "Questionnaire").len(), 1);
    assert_eq!(of_type(&everything.body, "QuestionnaireResponse").len(), current.len());
    assert!(of_type(&everything.body, "Observation").len() >= current.len() * 9);
    assert_eq!(everything.body["total"], json!(entries(&everything.body).len()));

    // Revoked: the very next request is refused, and counted among the refused requests.
    let admin = app.login("demo.admin").await;
    let revoke = app.post_json("/api/admin_revoke_api_client", &admin, json!({"client_id": client_id})).await;
    assert_eq!(revoke.status, StatusCode::OK, "{}", revoke.body);
    let gone = fhir(&app, &format!("/fhir/Patient/{}", mine.id), Who::Token(&token)).await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        gone.headers.get(header::WWW_AUTHENTICATE).and_then(|v| v.to_str().ok()),
        Some("Bearer realm=\"Lindra FHIR\"")
    );
    assert_eq!(issue(&gone).0, "login");
    app.refusals.flush().await;
    let refused = app.storage.security_events(Utc::now() - Duration::minutes(5), 100).await.expect("events");
    assert!(
        refused
            .iter()
            .any(|e| e.path == format!("/fhir/Patient/{}", mine.id) && e.kind.code() == "not_signed_in"),
        "{refused:?}"
    );

    // Expired, made up, missing: refused alike.
    let (expired, hash) = lindra_server::auth::token::new_token_with_hash().expect("token");
    let now = Utc::now();
    app.storage
        .create_api_client(NewApiClient {
            name: "Gammel integrasjon".into(),
            token_hash: hash,
            unit_ids: vec![1],
            created_by: None,
            created_at: now - Duration::days(40),
            expires_at: now - Duration::minutes(1),
        })
        .await
        .expect("client");
    for who in [Who::Token(&expired), Who::Token("0123"), Who::Token(&"a".repeat(64)), Who::Nobody] {
        let refused = fhir(&app, &format!("/fhir/Patient/{}", mine.id), who).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{}", refused.body);
    }
    // The CapabilityStatement is open to all, as FHIR clients expect.
    let metadata = fhir(&app, "/fhir/metadata", Who::Nobody).await;
    assert_eq!(
        (metadata.status, metadata.body["resourceType"].as_str()),
        (StatusCode::OK, Some("CapabilityStatement"))
    );
}

#[tokio::test]
async fn a_session_reads_with_the_same_rule_and_a_leader_reads_no_patient() {
    let app = sqlite_app().await;
    let (mine, theirs) = (app.patient_of_unit(2).await, app.patient_of_unit(1).await);
    let nurse = app.login("demo.avd3").await;
    let own = fhir(&app, &format!("/fhir/Patient/{}", mine.id), Who::Session(&nurse)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(app.audit(mine.id).await[0], ("demo.avd3".into(), "fhir.read".into(), "ok".into()));
    let refused = fhir(&app, &format!("/fhir/Patient/{}", theirs.id), Who::Session(&nurse)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.audit(theirs.id).await[0], ("demo.avd3".into(), "fhir.read".into(), "denied".into()));

    let leader = app.login("demo.leder").await;
    for uri in [format!("/fhir/Patient/{}", mine.id), "/fhir/Patient".into(), "/fhir/Observation".into()] {
        let refused = fhir(&app, &uri, Who::Session(&leader)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(issue(&refused).1.contains("Rollen din"), "{}", refused.body);
    }
    assert_eq!(app.audit(mine.id).await[0], ("demo.leder".into(), "fhir.read".into(), "denied".into()));
}

/// A new patient of unit 1 with three registrations an hour apart, recorded by the nurse.
async fn patient_with_three(app: &TestApp, nurse: &str) -> (Patient, Vec<Value>) {
    let patient = app
        .storage
        .create_patient(NewPatient {
            name: "Astrid Lindgren".into(),
            birth_date: chrono::NaiveDate::from_ymd_opt(1937, 11, 14).expect("date"),
            room: "12".into(),
            unit_id: 1,
        })
        .await
        .expect("patient");
    let mut stored = Vec::new();
    for (i, hours) in [3, 2, 1].into_iter().enumerate() {
        let mut draft = lindra_tests::app::valid_draft();
        draft["observed_at"] = json!((Utc::now() - Duration::hours(hours)).to_rfc3339());
        draft["symptoms"][0] = json!({"score": 4 + i});
        draft["pain_now"] = json!(3);
        draft["body_marks"] = json!([[105, 3], [222, 2]]);
        let body = json!({"patient_id": patient.id, "request_id": format!("fhir-{i}-{}", patient.id), "draft": draft});
        let answer = app.post_json("/api/record_registration", nurse, body).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        stored.push(serde_json::from_str(&answer.body).expect("json"));
    }
    (patient, stored)
}

#[tokio::test]
async fn search_filters_by_date_code_and_update_and_pages_with_links() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.sykepleier").await;
    let (patient, stored) = patient_with_three(&app, &nurse).await;
    let (_, token) = client(&app, "Palliativt register", &[1]).await;
    let p = patient.id;

    let pain = fhir(
        &app,
        &format!("/fhir/Observation?patient={p}&code=https://lindra.no/fhir/CodeSystem/esas-r|pain"),
        Who::Token(&token),
    )
    .await;
    assert_eq!(pain.status, StatusCode::OK, "{}", pain.body);
    assert_eq!(pain.body["total"], json!(3));
    let values: Vec<&Value> = entries(&pain.body).iter().map(|o| &o["valueInteger"]).collect();
    assert_eq!(values, [&json!(4), &json!(5), &json!(6)], "oldest first");
    let loinc = fhir(
        &app,
        &format!("/fhir/Observation?subject=Patient/{p}&code=http://loinc.org|72514-3"),
        Who::Token(&token),
    )
    .await;
    assert_eq!(loinc.body["total"], json!(3), "pain NRS now, three times");

    // Paging: every match once, in order, with next and previous links.
    let all = fhir(&app, &format!("/fhir/Observation?patient={p}&_count=1000"), Who::Token(&token)).await;
    let total = all.body["total"].as_u64().expect("total") as usize;
    assert_eq!(entries(&all.body).len(), total);
    let mut paged = Vec::new();
    let mut next = Some(format!("/fhir/Observation?patient={p}&_count=7"));
    let mut pages = 0;
    while let Some(uri) = next {
        let page = fhir(&app, &uri, Who::Token(&token)).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
        assert_eq!(page.body["total"], json!(total));
        if pages > 0 {
            assert!(link(&page.body, "previous").is_some(), "{uri}");
        }
        paged.extend(entries(&page.body).into_iter().map(|o| o["id"].clone()));
        next = link(&page.body, "next");
        pages += 1;
    }
    assert_eq!(pages, total.div_ceil(7));
    assert_eq!(paged, entries(&all.body).iter().map(|o| o["id"].clone()).collect::<Vec<_>>());
    let (ok, output) = validate(std::slice::from_ref(&all.body));
    assert!(ok, "{output}");

    // Dates: the two latest registrations; an instant with its zone; nothing stored later.
    let second_at = stored[1]["registration"]["observed_at"].as_str().expect("time");
    let since = fhir(
        &app,
        &format!("/fhir/QuestionnaireResponse?patient={p}&authored=ge{}", urlencode(second_at)),
        Who::Token(&token),
    )
    .await;
    assert_eq!(since.body["total"], json!(2), "{}", since.body);
    let later = (Utc::now() + Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ");
    let none =
        fhir(&app, &format!("/fhir/Observation?patient={p}&_lastUpdated=gt{later}"), Who::Token(&token))
            .await;
    assert_eq!((none.body["total"].as_u64(), none.body.get("entry")), (Some(0), None));
    let today = fhir(
        &app,
        &format!("/fhir/Observation?patient={p}&date=le{}&code=pain", Utc::now().format("%Y")),
        Who::Token(&token),
    )
    .await;
    assert_eq!(today.body["total"], json!(3));

    // What Lindra cannot honour is refused with the reason, in both languages.
    for (uri, status, code, words) in [
        (format!("/fhir/Observation?patient={p}&status=final"), 400, "not-supported", "status"),
        ("/fhir/Observation?date=i%20g%C3%A5r".into(), 400, "invalid", "i går"),
        ("/fhir/Observation?date=ap2026-11-01".into(), 400, "not-supported", "ap"),
        ("/fhir/Observation?_count=mange".into(), 400, "invalid", "mange"),
        ("/fhir/Encounter".into(), 404, "not-supported", "Encounter"),
        ("/fhir/QuestionnaireResponse/999999".into(), 404, "not-found", "999999"),
        ("/fhir/Observation/abc".into(), 404, "not-found", "abc"),
        ("/fhir/Patient/999999".into(), 404, "not-found", "999999"),
        (format!("/fhir/Patient/{p}?code=x"), 400, "not-supported", "code"),
    ] {
        let refused = fhir(&app, &uri, Who::Token(&token)).await;
        assert_eq!(refused.status.as_u16(), status, "{uri}: {}", refused.body);
        let (c, nb, en) = issue(&refused);
        assert_eq!(c, code, "{uri}");
        assert!(nb.contains(words) && en.contains(words), "{uri}: {nb} / {en}");
    }
    // Bytes that are no UTF-8 are a code that matches nothing, not a dropped filter; an offset
    // past any total is an empty page, not an overflow.
    let garbled = fhir(&app, &format!("/fhir/Observation?patient={p}&code=%FF%FE"), Who::Token(&token)).await;
    assert_eq!((garbled.status, garbled.body["total"].as_u64()), (StatusCode::OK, Some(0)));
    let far =
        fhir(&app, &format!("/fhir/Observation?patient={p}&_offset={}", usize::MAX), Who::Token(&token))
            .await;
    assert_eq!(
        (far.status, far.body["total"].clone(), far.body.get("entry")),
        (StatusCode::OK, all.body["total"].clone(), None)
    );
    // An id of the patient's registration that names nothing: 404, logged as not found.
    let missing =
        fhir(&app, &format!("/fhir/Observation/{}-body-299", stored[0]["id"]), Who::Token(&token)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(app.audit(p).await[0], ("Palliativt register".into(), "fhir.read".into(), "not_found".into()));
    let post = fhir_as(&app, Method::POST, "/fhir/Patient", Who::Token(&token)).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(issue(&post).2.contains("read-only"));
}

fn urlencode(value: &str) -> String {
    value.replace('+', "%2B").replace(':', "%3A")
}

#[tokio::test]
async fn a_correction_is_a_new_version_with_its_history_and_provenance() {
    let app = sqlite_app().await;
    let nurse = app.login("demo.sykepleier").await;
    let (patient, stored) = patient_with_three(&app, &nurse).await;
    let (_, token) = client(&app, "DIPS-integrasjon", &[1]).await;
    let root = stored[0]["id"].as_i64().expect("id");
    let mut draft = lindra_tests::app::valid_draft();
    draft["observed_at"] = stored[0]["registration"]["observed_at"].clone();
    draft["symptoms"][0] = json!({"score": 7});
    draft["pain_now"] = json!(3);
    draft["body_marks"] = json!([[222, 2]]);
    let body = json!({"registration_id": root, "request_id": "fhir-fix", "reason": "Feil tall på smerte", "draft": draft});
    let fixed = app.post_json("/api/correct_registration", &nurse, body).await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);

    let current = fhir(&app, &format!("/fhir/QuestionnaireResponse/{root}"), Who::Token(&token)).await;
    assert_eq!(
        (current.body["meta"]["versionId"].as_str(), current.body["status"].as_str()),
        (Some("2"), Some("amended"))
    );
    assert_eq!(current.headers.get(header::ETAG).and_then(|v| v.to_str().ok()), Some("W/\"2\""));
    let history =
        fhir(&app, &format!("/fhir/QuestionnaireResponse/{root}/_history"), Who::Token(&token)).await;
    assert_eq!((history.body["type"].as_str(), history.body["total"].as_u64()), (Some("history"), Some(2)));
    let versions: Vec<&Value> = entries(&history.body).iter().map(|r| &r["meta"]["versionId"]).collect();
    assert_eq!(versions, [&json!("2"), &json!("1")], "newest first");

    let pain = |v: &Value| v["valueInteger"].clone();
    let now = fhir(&app, &format!("/fhir/Observation/{root}-esas-pain"), Who::Token(&token)).await;
    let then =
        fhir(&app, &format!("/fhir/Observation/{root}-esas-pain/_history/1"), Who::Token(&token)).await;
    assert_eq!((pain(&now.body), pain(&then.body)), (json!(7), json!(4)));
    let no_third =
        fhir(&app, &format!("/fhir/Observation/{root}-esas-pain/_history/3"), Who::Token(&token)).await;
    assert_eq!(no_third.status, StatusCode::NOT_FOUND);
    // The shoulder mark the correction removed: gone, with its one version in the history.
    let removed = fhir(&app, &format!("/fhir/Observation/{root}-body-105"), Who::Token(&token)).await;
    assert_eq!((removed.status, issue(&removed).0), (StatusCode::GONE, "deleted"));
    let its_history =
        fhir(&app, &format!("/fhir/Observation/{root}-body-105/_history"), Who::Token(&token)).await;
    assert_eq!(its_history.body["total"], json!(1));

    let provenance =
        fhir(&app, &format!("/fhir/Provenance?patient={}", patient.id), Who::Token(&token)).await;
    assert_eq!(provenance.body["total"], json!(4), "three registrations and one correction");
    let update = entries(&provenance.body)
        .into_iter()
        .find(|p| p["activity"]["coding"][0]["code"] == "UPDATE")
        .expect("the correction");
    assert_eq!(update["reason"][0]["text"], "Feil tall på smerte");
    assert_eq!(update["target"][0]["reference"], json!(format!("QuestionnaireResponse/{root}/_history/2")));
    assert_eq!(update["agent"][0]["who"]["display"], "Demo Sykepleier");

    let everything =
        fhir(&app, &format!("/fhir/Patient/{}/$everything", patient.id), Who::Token(&token)).await;
    assert_eq!(of_type(&everything.body, "QuestionnaireResponse").len(), 3, "current versions");
    assert_eq!(of_type(&everything.body, "Provenance").len(), 4, "every version's");
    let pains: Vec<Value> = of_type(&everything.body, "Observation")
        .into_iter()
        .filter(|o| o["code"]["coding"][0]["code"] == "pain")
        .map(pain)
        .collect();
    assert_eq!(pains, [json!(7), json!(5), json!(6)]);
    let page =
        fhir(&app, &format!("/fhir/Patient/{}/$everything?_count=10", patient.id), Who::Token(&token)).await;
    assert_eq!(
        (entries(&page.body).len(), page.body["total"].clone()),
        (10, everything.body["total"].clone())
    );
    assert!(link(&page.body, "next").is_some());

    let (ok, output) = validate(&[everything.body.clone(), history.body.clone(), removed.body.clone()]);
    assert!(ok, "{output}");
}

#[tokio::test]
async fn the_national_id_is_checked_masked_for_staff_and_matches_through_fhir() {
    use lindra::national_id::{Kind, NationalId};
    let app = sqlite_app().await;
    let admin = app.login("demo.admin").await;
    let (patient, neighbour) = {
        let mut in_unit = app.storage.patients_in_unit(1).await.expect("patients").into_iter();
        (in_unit.next().expect("one").patient, in_unit.next().expect("two").patient)
    };
    let id = NationalId::make(patient.birth_date, 0, Kind::Fodselsnummer).expect("a number");
    let set = |patient_id: i64, digits: String| {
        let admin = admin.clone();
        let app = &app;
        async move {
            app.post_json(
                "/api/admin_set_national_id",
                &admin,
                json!({"patient_id": patient_id, "national_id": digits}),
            )
            .await
        }
    };

    // A mistyped digit, another birth date, another patient's number: refused at the field.
    let mut typo = id.digits().to_string();
    let last = typo.pop().expect("digit");
    typo.push(if last == '9' { '0' } else { char::from(last as u8 + 1) });
    let refused = set(patient.id, typo).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(
        refused.body.contains("patient.national_id") && refused.body.contains("kontrollsifrene"),
        "{}",
        refused.body
    );
    let other_day =
        NationalId::make(patient.birth_date.succ_opt().expect("day"), 0, Kind::Fodselsnummer).expect("n");
    let refused = set(patient.id, other_day.digits().into()).await;
    assert!(refused.body.contains("fødselsdato"), "{}", refused.body);
    let saved = set(patient.id, format!("{} {}", &id.digits()[..6], &id.digits()[6..])).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(
        app.audit(patient.id).await[0],
        ("demo.admin".into(), "patient.national_id.set".into(), "ok".into())
    );
    // Another patient's number (a neighbour with the same birth date is rare; the storage
    // contract checks the unique number on both databases).
    let neighbours = NationalId::make(neighbour.birth_date, 0, Kind::Fodselsnummer).expect("n");
    assert_eq!(set(neighbour.id, neighbours.digits().into()).await.status, StatusCode::OK);

    // Staff see it masked; a nurse may see it whole, each time logged; a helsefagarbeider not.
    let helper = app.login("demo.helsefag").await;
    let overview = app.post_json("/api/patient_overview", &helper, json!({"patient_id": patient.id})).await;
    assert!(
        overview.body.contains(&id.masked()) && !overview.body.contains(id.digits()),
        "{}",
        overview.body
    );
    let page = app.get(&format!("/pasient/{}", patient.id), &helper).await;
    assert!(
        page.body.contains(&id.masked()) && !page.body.contains(id.digits()),
        "masked in the page and its data"
    );
    let refused = app.post_json("/api/reveal_national_id", &helper, json!({"patient_id": patient.id})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.audit(patient.id).await[0],
        ("demo.helsefag".into(), "patient.national_id.read".into(), "denied".into())
    );
    let nurse = app.login("demo.sykepleier").await;
    let shown = app.post_json("/api/reveal_national_id", &nurse, json!({"patient_id": patient.id})).await;
    assert_eq!(shown.body, format!("\"{}\"", id.digits()));
    assert_eq!(
        app.audit(patient.id).await[0],
        ("demo.sykepleier".into(), "patient.national_id.read".into(), "ok".into())
    );

    // The EPJ finds the patient by the number, and reads it as the official identifier.
    let (_, token) = client(&app, "DIPS-integrasjon", &[1]).await;
    let read = fhir(&app, &format!("/fhir/Patient/{}", patient.id), Who::Token(&token)).await;
    assert_eq!(
        read.body["identifier"],
        json!([{"use": "official", "system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": id.digits()}])
    );
    let found = fhir(
        &app,
        &format!("/fhir/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|{}", id.digits()),
        Who::Token(&token),
    )
    .await;
    assert_eq!(found.body["total"], json!(1), "{}", found.body);
    assert_eq!(entries(&found.body)[0]["id"], json!(patient.id.to_string()));
    let d_nummer = fhir(
        &app,
        &format!("/fhir/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.2|{}", id.digits()),
        Who::Token(&token),
    )
    .await;
    assert_eq!(d_nummer.body["total"], json!(0), "another system");

    // Removed with an empty field.
    assert_eq!(set(patient.id, String::new()).await.status, StatusCode::OK);
    let read = fhir(&app, &format!("/fhir/Patient/{}", patient.id), Who::Token(&token)).await;
    assert!(read.body.get("identifier").is_none());
}
