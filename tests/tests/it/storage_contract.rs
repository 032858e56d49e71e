//! The storage contract: one story per behaviour, run against SQLite and PostgreSQL alike.

use chrono::{DateTime, Duration, TimeZone, Timelike, Utc};
use lindra::registration::DraftValue;
use lindra::{CompletedBy, EsasItem, ItemValue, Registration, RegistrationDraft};
use lindra_app::model::*;
use lindra_app::storage::{Conflict, Period, StorageError, Versions};
use lindra_tests::TestDb;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).single().expect("test time")
}

fn registration(observed_at: DateTime<Utc>, pain: i64) -> Registration {
    let mut draft = RegistrationDraft {
        observed_at: Some(observed_at),
        completed_by: Some(CompletedBy::PatientWithHelp),
        symptoms: [DraftValue::Score(2); 9],
        ..RegistrationDraft::default()
    };
    draft.symptoms[0] = DraftValue::Score(pain);
    draft.validate(observed_at, lindra::Language::Nb.clinical()).expect("valid test registration")
}

/// A registration using every field: not assessed, other problem, NRS, body map, note.
fn full_registration(observed_at: DateTime<Utc>) -> Registration {
    full_draft(observed_at)
        .validate(observed_at, lindra::Language::Nb.clinical())
        .expect("valid full registration")
}

fn full_draft(observed_at: DateTime<Utc>) -> RegistrationDraft {
    RegistrationDraft {
        observed_at: Some(observed_at),
        completed_by: Some(CompletedBy::Relative),
        symptoms: [
            DraftValue::Score(0),
            DraftValue::Score(10),
            DraftValue::NotAssessed,
            DraftValue::Score(1),
            DraftValue::Score(4),
            DraftValue::Score(7),
            DraftValue::NotAssessed,
            DraftValue::Score(3),
            DraftValue::Score(6),
        ],
        other_name: "Forstoppelse".into(),
        other: DraftValue::Score(8),
        pain_now: Some(3),
        pain_worst_24h: Some(9),
        pain_average_24h: Some(0),
        breakthrough: Some(true),
        body_marks: vec![(222, 7), (105, 2)],
        note: "Ga Morfin 5 mg s.c. «æøå» <script>".into(),
    }
}

struct World {
    unit: Unit,
    patient: Patient,
    nurse: User,
}

async fn world(db: &TestDb) -> World {
    let s = db.storage();
    let unit = s
        .create_unit(NewUnit {
            name: "Avdeling 2".into(),
            kind: "sykehjem".into(),
            assessment_interval_hours: 24,
            contact_phone: "22 33 44 55".into(),
            contact_after_hours: "Legevakt 116 117".into(),
            prn_reassess_minutes: 60,
            reassess_minutes: 120,
            shifts: lindra::shift::Shifts::default().text(),
            language: lindra::Language::Nb,
            lock_after_minutes: None,
            second_factor_for_all: false,
        })
        .await
        .expect("unit");
    let nurse = s
        .create_user(NewUser {
            username: "kari".into(),
            display_name: "Kari Sykepleier".into(),
            role: Role::Sykepleier,
            password_hash: None,
            start_password_until: None,
            unit_ids: vec![unit.id],
        })
        .await
        .expect("user");
    let patient = s
        .create_patient(NewPatient {
            name: "Ola Nordmann".into(),
            birth_date: chrono::NaiveDate::from_ymd_opt(1940, 5, 17).expect("date"),
            room: "104".into(),
            unit_id: unit.id,
        })
        .await
        .expect("patient");
    World { unit, patient, nurse }
}

/// A second patient in the world's unit.
async fn neighbour(db: &TestDb, w: &World) -> Patient {
    db.storage()
        .create_patient(NewPatient {
            name: "Kari Hansen".into(),
            birth_date: chrono::NaiveDate::from_ymd_opt(1938, 2, 1).expect("date"),
            room: "105".into(),
            unit_id: w.unit.id,
        })
        .await
        .expect("patient")
}

fn new(w: &World, request_id: &str, registration: Registration) -> NewRegistration {
    NewRegistration {
        patient_id: w.patient.id,
        recorded_by: w.nurse.id,
        request_id: request_id.into(),
        registration,
    }
}

async fn units_users_and_patients_round_trip(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    assert_eq!(s.units().await.expect("units"), vec![w.unit.clone()]);
    assert_eq!(s.unit(w.unit.id).await.expect("unit"), Some(w.unit.clone()));
    assert_eq!(s.unit(w.unit.id + 1000).await.expect("unit"), None);
    assert_eq!(s.patient(w.patient.id).await.expect("patient"), Some(w.patient.clone()));
    assert_eq!(s.user_by_username("kari").await.expect("user"), Some(w.nurse.clone()));
    assert_eq!(s.user(w.nurse.id).await.expect("user").map(|u| u.role), Some(Role::Sykepleier));
    let duplicate = s
        .create_unit(NewUnit {
            name: "Avdeling 2".into(),
            kind: "sykehjem".into(),
            assessment_interval_hours: 24,
            contact_phone: String::new(),
            contact_after_hours: String::new(),
            prn_reassess_minutes: 60,
            reassess_minutes: 120,
            shifts: lindra::shift::Shifts::default().text(),
            language: lindra::Language::Nb,
            lock_after_minutes: None,
            second_factor_for_all: false,
        })
        .await;
    assert!(matches!(duplicate, Err(StorageError::Conflict(_))), "{duplicate:?}");
}

async fn a_registration_comes_back_exactly_as_recorded(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let full = full_registration(at(20, 9));
    let recorded = s.record(new(&w, "req-1", full.clone())).await.expect("record");
    assert!(recorded.created);
    let stored = recorded.registration;
    assert_eq!(stored.registration, full);
    assert_eq!(stored.version, 1);
    assert_eq!(stored.supersedes, None);
    assert_eq!(stored.recorded_by_name, "Kari Sykepleier");
    assert_eq!(stored.registration.esas.get(EsasItem::Drowsiness), Some(ItemValue::NotAssessed));
    assert_eq!(s.latest_registration(w.patient.id).await.expect("latest"), Some(stored));
}

async fn the_same_request_never_stores_twice(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let first = s.record(new(&w, "tap", registration(at(20, 9), 5))).await.expect("first");
    let second = s.record(new(&w, "tap", registration(at(20, 9), 5))).await.expect("second");
    assert!(first.created);
    assert!(!second.created);
    assert_eq!(first.registration.id, second.registration.id);
    assert_eq!(s.registrations(w.patient.id, Period::default()).await.expect("list").len(), 1);

    // The same form id sent for another patient is refused, and nothing is stored for either.
    let other = neighbour(&db, &w).await;
    let mut elsewhere = new(&w, "tap", registration(at(20, 9), 5));
    elsewhere.patient_id = other.id;
    let refused = s.record(elsewhere).await;
    assert!(matches!(&refused, Err(StorageError::Conflict(Conflict::RequestIdReused))), "{refused:?}");
    assert!(s.registrations(other.id, Period::default()).await.expect("list").is_empty());
    assert_eq!(s.registrations(w.patient.id, Period::default()).await.expect("list").len(), 1);
}

async fn a_session_names_its_user_and_all_its_units(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let second_unit = s
        .create_unit(NewUnit {
            name: "Hjemmetjenesten".into(),
            kind: "hjemmetjeneste".into(),
            assessment_interval_hours: 72,
            contact_phone: String::new(),
            contact_after_hours: String::new(),
            prn_reassess_minutes: 60,
            reassess_minutes: 120,
            shifts: lindra::shift::Shifts::default().text(),
            language: lindra::Language::Nb,
            lock_after_minutes: None,
            second_factor_for_all: false,
        })
        .await
        .expect("unit");
    let both = s
        .create_user(NewUser {
            username: "ressurs".into(),
            display_name: "Rita Ressurs".into(),
            role: Role::Ressurssykepleier,
            password_hash: None,
            start_password_until: None,
            unit_ids: vec![second_unit.id, w.unit.id],
        })
        .await
        .expect("user");
    let none = s
        .create_user(NewUser {
            username: "ny".into(),
            display_name: "Nils Ny".into(),
            role: Role::Helsefagarbeider,
            password_hash: None,
            start_password_until: None,
            unit_ids: vec![],
        })
        .await
        .expect("user");
    let (created, seen) = (at(20, 8), at(20, 9));
    for (token, user) in [("t-kari", &w.nurse), ("t-both", &both), ("t-none", &none)] {
        s.create_session(token, user.id, created).await.expect("session");
    }
    s.touch_session("t-both", seen).await.expect("touch");

    let kari = s.session_owner("t-kari").await.expect("owner").expect("kari's session");
    assert_eq!((kari.user, kari.unit_ids), (w.nurse.clone(), vec![w.unit.id]));
    let rita = s.session_owner("t-both").await.expect("owner").expect("rita's session");
    let mut units = vec![w.unit.id, second_unit.id];
    units.sort_unstable();
    assert_eq!((rita.user.id, rita.unit_ids), (both.id, units));
    assert_eq!(
        (rita.session.user_id, rita.session.created_at, rita.session.last_seen_at),
        (both.id, created, seen)
    );
    let nils = s.session_owner("t-none").await.expect("owner").expect("nils' session");
    assert_eq!((nils.user, nils.unit_ids), (none.clone(), vec![]));
    assert_eq!(s.session_owner("t-unknown").await.expect("owner"), None);

    // Deactivating a user ends the user's sessions; ending one session ends only that one.
    s.set_user_active(none.id, false).await.expect("deactivate");
    assert_eq!(s.session_owner("t-none").await.expect("owner"), None);
    s.end_session("t-kari").await.expect("end");
    assert_eq!(s.session_owner("t-kari").await.expect("owner"), None);
}

async fn concurrent_resends_store_once(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let tries = (0..8).map(|_| {
        let s = s.clone();
        let n = new(&w, "burst", registration(at(20, 9), 5));
        tokio::spawn(async move { s.record(n).await })
    });
    let mut created = 0;
    for t in tries {
        if t.await.expect("join").expect("record").created {
            created += 1;
        }
    }
    assert_eq!(created, 1);
    assert_eq!(s.registrations(w.patient.id, Period::default()).await.expect("list").len(), 1);
}

async fn a_correction_keeps_the_earlier_version(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let original = s.record(new(&w, "r1", registration(at(20, 9), 8))).await.expect("record").registration;
    let fixed = s
        .correct(Correction {
            replaces: original.id,
            recorded_by: w.nurse.id,
            request_id: "c1".into(),
            reason: "Feil skår på smerte".into(),
            registration: registration(at(20, 9), 3),
        })
        .await
        .expect("correct")
        .registration;
    assert_eq!(fixed.version, 2);
    assert_eq!(fixed.supersedes, Some(original.id));
    assert_eq!(fixed.correction_reason.as_deref(), Some("Feil skår på smerte"));
    let current = s.registrations(w.patient.id, Period::default()).await.expect("list");
    assert_eq!(
        current.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![fixed.id],
        "only the current version counts"
    );
    assert_eq!(s.latest_registration(w.patient.id).await.expect("latest").map(|r| r.id), Some(fixed.id));
    let versions = s.registration_versions(fixed.id).await.expect("versions");
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(versions[0], original, "the earlier version is unchanged");
    assert_eq!(s.registration_versions(original.id).await.expect("versions").len(), 2);

    // History never forks: the replaced version cannot be corrected again.
    let fork = s
        .correct(Correction {
            replaces: original.id,
            recorded_by: w.nurse.id,
            request_id: "c2".into(),
            reason: "Enda en retting".into(),
            registration: registration(at(20, 9), 4),
        })
        .await;
    assert!(matches!(fork, Err(StorageError::Conflict(_))), "{fork:?}");
    let third = s
        .correct(Correction {
            replaces: fixed.id,
            recorded_by: w.nurse.id,
            request_id: "c3".into(),
            reason: "Riktig tidspunkt".into(),
            registration: registration(at(20, 8), 4),
        })
        .await
        .expect("correct the correction");
    assert_eq!(third.registration.version, 3);
    assert_eq!(s.registration_versions(original.id).await.expect("versions").len(), 3);
    let missing = s
        .correct(Correction {
            replaces: 999_999,
            recorded_by: w.nurse.id,
            request_id: "c4".into(),
            reason: "x".into(),
            registration: registration(at(20, 9), 4),
        })
        .await;
    assert!(matches!(missing, Err(StorageError::NotFound(_))), "{missing:?}");
}

async fn periods_and_order(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    for (i, day) in [18, 20, 19, 21].into_iter().enumerate() {
        s.record(new(&w, &format!("p{i}"), registration(at(day, 9), i64::from(day) - 15)))
            .await
            .expect("record");
    }
    let all = s.registrations(w.patient.id, Period::default()).await.expect("all");
    let days: Vec<_> = all.iter().map(|r| r.registration.observed_at).collect();
    assert_eq!(days, vec![at(18, 9), at(19, 9), at(20, 9), at(21, 9)]);
    let some = s
        .registrations(w.patient.id, Period { from: Some(at(19, 9)), to: Some(at(20, 9)) })
        .await
        .expect("period");
    assert_eq!(some.len(), 2, "both ends are inclusive");
    let latest = s.latest_registration(w.patient.id).await.expect("latest").expect("some");
    assert_eq!(latest.registration.observed_at, at(21, 9), "latest by observation, not by entry");
    let list = s.patients_in_unit(w.unit.id).await.expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].last_observed_at, Some(at(21, 9)));
}

async fn import_stores_many_at_once(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let many: Vec<_> = (0..50).map(|i| registration(at(1, 0) + Duration::hours(i), i % 11)).collect();
    assert_eq!(s.import(w.patient.id, w.nurse.id, &many, &[]).await.expect("import"), 50);
    let back = s.registrations(w.patient.id, Period::default()).await.expect("list");
    assert_eq!(back.iter().map(|r| r.registration.clone()).collect::<Vec<_>>(), many);
}

async fn the_audit_log_is_kept_newest_first(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    for (i, action) in [AuditAction::PatientRead, AuditAction::RegistrationCreate].into_iter().enumerate() {
        s.append_audit(AuditEvent {
            at: at(20, 9 + i as u32),
            user_id: Some(w.nurse.id),
            username: "kari".into(),
            role: "sykepleier".into(),
            unit_id: Some(w.unit.id),
            patient_id: Some(w.patient.id),
            action,
            object: format!("patient/{}", w.patient.id),
            outcome: AuditOutcome::Ok,
            client_addr: "127.0.0.1".into(),
        })
        .await
        .expect("audit");
    }
    let log = s.audit_for_patient(w.patient.id, 10).await.expect("log");
    assert_eq!(
        log.iter().map(|e| e.action.code()).collect::<Vec<_>>(),
        vec!["registration.create", "patient.read"]
    );
    assert_eq!(s.audit_for_patient(w.patient.id, 1).await.expect("log").len(), 1);
    assert!(s.audit_for_patient(w.patient.id + 1, 10).await.expect("log").is_empty());
}

async fn the_database_refuses_to_change_clinical_rows(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    s.record(new(&w, "r1", full_registration(at(20, 9)))).await.expect("record");
    s.append_audit(AuditEvent {
        at: at(20, 9),
        user_id: None,
        username: "x".into(),
        role: "x".into(),
        unit_id: None,
        patient_id: Some(w.patient.id),
        action: AuditAction::PatientRead,
        object: "x".into(),
        outcome: AuditOutcome::Ok,
        client_addr: "x".into(),
    })
    .await
    .expect("audit");
    for sql in [
        "UPDATE registrations SET esas_pain = 0",
        "DELETE FROM registrations",
        "UPDATE body_marks SET intensity = 0",
        "DELETE FROM body_marks",
        "UPDATE audit_events SET outcome = 'denied'",
        "DELETE FROM audit_events",
    ] {
        let result = db.execute(sql).await;
        assert!(
            result.as_ref().is_err_and(|e| e.contains("append-only")),
            "{} allowed {sql}: {result:?}",
            db.name()
        );
    }
    if db.name() == "postgres" {
        assert!(db.execute("TRUNCATE audit_events").await.is_err());
    }
    // The CHECK constraints hold the encoding, whatever code writes.
    let raw = format!(
        "INSERT INTO registrations (patient_id, version, request_id, observed_at, recorded_at, recorded_by, completed_by, esas_pain) \
         VALUES ({}, 1, 'raw', '2026-11-20T09:00:00Z', '2026-11-20T09:00:00Z', {}, 'patient', 11)",
        w.patient.id, w.nurse.id
    );
    assert!(db.execute(&raw).await.is_err(), "a score of 11 reached the table");
    let after = s.latest_registration(w.patient.id).await.expect("latest").expect("some");
    assert_eq!(after.registration, full_registration(at(20, 9)));
}

/// A second unit, to move a patient to.
async fn other_unit(db: &TestDb, name: &str, kind: &str, interval_hours: i32) -> Unit {
    db.storage()
        .create_unit(NewUnit {
            name: name.into(),
            kind: kind.into(),
            assessment_interval_hours: interval_hours,
            contact_phone: String::new(),
            contact_after_hours: String::new(),
            prn_reassess_minutes: 60,
            reassess_minutes: 120,
            shifts: lindra::shift::Shifts::default().text(),
            language: lindra::Language::Nb,
            lock_after_minutes: None,
            second_factor_for_all: false,
        })
        .await
        .expect("unit")
}

async fn a_moved_patient_keeps_the_whole_history(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    s.record(new(&w, "before-move", registration(at(20, 9), 4))).await.expect("record");
    let other = other_unit(&db, "Hjemmetjenesten sone Nord", "hjemmetjeneste", 48).await;
    let moved = s.move_patient(w.patient.id, other.id, w.nurse.id).await.expect("move");
    assert_eq!(moved.unit_id, other.id);
    assert!(s.patients_in_unit(w.unit.id).await.expect("old unit").is_empty());
    assert_eq!(s.patients_in_unit(other.id).await.expect("new unit").len(), 1);
    assert_eq!(s.registrations(w.patient.id, Period::default()).await.expect("history").len(), 1);
    assert!(matches!(
        s.move_patient(w.patient.id, 999_999, w.nurse.id).await,
        Err(StorageError::NotFound(_))
    ));
    assert!(db.execute("DELETE FROM patient_moves").await.is_err(), "moves are append-only");
    let users = s.users().await.expect("users");
    assert_eq!(users, vec![(w.nurse.clone(), vec![w.unit.id])]);
    assert_eq!(s.all_patients().await.expect("patients"), vec![moved]);
}

async fn the_unit_overview_has_each_patients_two_latest_current_versions(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let second = s
        .create_patient(NewPatient {
            name: "Kari Nordmann".into(),
            birth_date: chrono::NaiveDate::from_ymd_opt(1938, 1, 2).expect("date"),
            room: "101".into(),
            unit_id: w.unit.id,
        })
        .await
        .expect("patient");
    // Recorded out of order: the overview goes by when they were observed.
    s.record(new(&w, "day-21", registration(at(21, 9), 5))).await.expect("record");
    s.record(new(&w, "day-19", registration(at(19, 9), 1))).await.expect("record");
    let day20 = s.record(new(&w, "day-20", registration(at(20, 9), 3))).await.expect("record").registration;
    // A correction of the previous one: the overview shows the corrected version.
    let corrected = s
        .correct(Correction {
            replaces: day20.id,
            recorded_by: w.nurse.id,
            request_id: "fix-20".into(),
            reason: "Feil pasient-skår".into(),
            registration: registration(at(20, 9), 6),
        })
        .await
        .expect("correct")
        .registration;
    let rows = s.unit_overview(w.unit.id).await.expect("overview");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].patient, second, "by room: 101 before 104");
    assert_eq!((rows[0].latest.as_ref(), rows[0].previous.as_ref()), (None, None));
    let ola = &rows[1];
    let latest = ola.latest.as_ref().expect("latest");
    assert_eq!(latest.registration.observed_at, at(21, 9));
    assert_eq!(ola.previous.as_ref().map(|p| p.id), Some(corrected.id));
    assert_eq!(
        ola.previous.as_ref().and_then(|p| p.registration.esas.score(EsasItem::Pain)).map(|s| s.value()),
        Some(6)
    );
    assert!(s.unit_overview(999_999).await.expect("unknown unit").is_empty());
}

async fn unit_settings_change_and_many_audit_rows_land_together(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let changed = s
        .update_unit(
            w.unit.id,
            NewUnit {
                name: "Avdeling 2 (lindrende)".into(),
                kind: "sykehjem".into(),
                assessment_interval_hours: 8,
                contact_phone: "22 00 00 00".into(),
                contact_after_hours: "Vakthavende sykepleier 22 11 11 11".into(),
                prn_reassess_minutes: 60,
                reassess_minutes: 120,
                shifts: lindra::shift::Shifts::default().text(),
                language: lindra::Language::Nb,
                lock_after_minutes: None,
                second_factor_for_all: false,
            },
        )
        .await
        .expect("update");
    assert_eq!(changed.assessment_interval_hours, 8);
    assert_eq!(s.unit(w.unit.id).await.expect("unit"), Some(changed.clone()));
    let bad = NewUnit {
        name: changed.name.clone(),
        kind: changed.kind.clone(),
        assessment_interval_hours: 0,
        contact_phone: String::new(),
        contact_after_hours: String::new(),
        prn_reassess_minutes: 60,
        reassess_minutes: 120,
        shifts: lindra::shift::Shifts::default().text(),
        language: lindra::Language::Nb,
        lock_after_minutes: None,
        second_factor_for_all: false,
    };
    assert!(s.update_unit(w.unit.id, bad).await.is_err(), "the database checks the interval too");
    assert!(matches!(
        s.update_unit(
            999_999,
            NewUnit {
                name: "X".into(),
                kind: "sykehjem".into(),
                assessment_interval_hours: 24,
                contact_phone: String::new(),
                contact_after_hours: String::new(),
                prn_reassess_minutes: 60,
                reassess_minutes: 120,
                shifts: lindra::shift::Shifts::default().text(),
                language: lindra::Language::Nb,
                lock_after_minutes: None,
                second_factor_for_all: false,
            }
        )
        .await,
        Err(StorageError::NotFound(_))
    ));
    let event = |patient_id: i64| AuditEvent {
        at: at(21, 10),
        user_id: Some(w.nurse.id),
        username: w.nurse.username.clone(),
        role: "sykepleier".into(),
        unit_id: Some(w.unit.id),
        patient_id: Some(patient_id),
        action: AuditAction::UnitOverviewRead,
        object: format!("patient/{patient_id}"),
        outcome: AuditOutcome::Ok,
        client_addr: "127.0.0.1".into(),
    };
    s.append_audits(&[event(w.patient.id), event(w.patient.id)]).await.expect("audit");
    assert_eq!(s.audit_for_patient(w.patient.id, 10).await.expect("log").len(), 2);
    // A large unit's overview: more rows than one INSERT takes (64), every one stored whole.
    let many: Vec<AuditEvent> =
        (0..150).map(|n| AuditEvent { object: format!("oversikt/{n}"), ..event(w.patient.id) }).collect();
    s.append_audits(&many).await.expect("150 audit rows");
    let log = s.audit_for_patient(w.patient.id, 1000).await.expect("log");
    assert_eq!(log.len(), 152);
    let mut objects: Vec<String> =
        log.iter().filter(|e| e.object.starts_with("oversikt/")).map(|e| e.object.clone()).collect();
    objects.sort_by_key(|o| o["oversikt/".len()..].parse::<u32>().unwrap_or(u32::MAX));
    assert_eq!(objects, (0..150).map(|n| format!("oversikt/{n}")).collect::<Vec<_>>());
    assert!(
        log.iter().all(|e| *e == AuditEvent { object: e.object.clone(), ..event(w.patient.id) }),
        "every field kept"
    );
}

/// The access-log row of a recording by `user_id` on the world's patient.
fn recording_audit(w: &World, user_id: i64) -> AuditEvent {
    AuditEvent {
        at: at(20, 9),
        user_id: Some(user_id),
        username: "kari".into(),
        role: "sykepleier".into(),
        unit_id: Some(w.unit.id),
        patient_id: Some(w.patient.id),
        action: AuditAction::RegistrationCreate,
        object: format!("patient/{}", w.patient.id),
        outcome: AuditOutcome::Ok,
        client_addr: "127.0.0.1".into(),
    }
}

/// A registration and its access-log row are one write: both or neither.
async fn a_registration_and_its_access_log_row_are_one_write(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let audit = |user_id: i64| recording_audit(&w, user_id);
    let first =
        s.record_audited(new(&w, "a1", registration(at(20, 9), 5)), audit(w.nurse.id)).await.expect("record");
    assert!(first.created);
    let again =
        s.record_audited(new(&w, "a1", registration(at(20, 9), 5)), audit(w.nurse.id)).await.expect("resend");
    assert!(!again.created);
    assert_eq!(again.registration.id, first.registration.id);
    let object = format!("registration/{}", first.registration.id);
    let log: Vec<(String, String)> = s
        .audit_for_patient(w.patient.id, 10)
        .await
        .expect("log")
        .into_iter()
        .map(|e| (e.object, e.outcome.code().to_string()))
        .collect();
    assert_eq!(log, vec![(object.clone(), "duplicate".to_string()), (object, "ok".to_string())]);

    // An access-log row the database refuses (a user that does not exist) takes the
    // registration with it: nothing is stored.
    let refused = s.record_audited(new(&w, "a2", registration(at(21, 9), 5)), audit(w.nurse.id + 1000)).await;
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(s.registrations(w.patient.id, Period::default()).await.expect("list").len(), 1);
    assert_eq!(s.audit_for_patient(w.patient.id, 10).await.expect("log").len(), 2);
}

/// Many nurses saving at once (on SQLite they share commits): each form stored once with its
/// access-log row, and a write the database refuses fails alone.
async fn many_saving_at_once_each_stored_with_its_row_and_a_refusal_fails_alone(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let audit = |user_id: i64| recording_audit(&w, user_id);
    const REFUSED: usize = 13;
    let saves = (0..30).map(|n| {
        let s = s.clone();
        let form = new(&w, &format!("burst-{n}"), registration(at(20, 9), (n % 11) as i64));
        // One access-log row names a user that does not exist: the database refuses it.
        let row = audit(if n == REFUSED { w.nurse.id + 1000 } else { w.nurse.id });
        tokio::spawn(async move { s.record_audited(form, row).await })
    });
    let mut answers = Vec::new();
    for save in saves.collect::<Vec<_>>() {
        answers.push(save.await.expect("join"));
    }
    for (n, answer) in answers.iter().enumerate() {
        match answer {
            Err(_) if n == REFUSED => {}
            Ok(recorded) if n != REFUSED => assert!(recorded.created, "form {n} stored"),
            other => panic!("form {n}: {other:?}"),
        }
    }
    let stored = s.registrations(w.patient.id, Period::default()).await.expect("list");
    assert_eq!(stored.len(), 29);
    let mut unmatched: Vec<Registration> =
        (0..30).filter(|&n| n != REFUSED).map(|n| registration(at(20, 9), (n % 11) as i64)).collect();
    for r in &stored {
        let sent = unmatched.iter().position(|sent| *sent == r.registration);
        unmatched.remove(sent.unwrap_or_else(|| panic!("stored but never sent: {:?}", r.registration)));
    }
    let log = s.audit_for_patient(w.patient.id, 100).await.expect("log");
    assert_eq!(log.len(), 29, "one access-log row per stored form");
    for r in &stored {
        let object = format!("registration/{}", r.id);
        assert_eq!(log.iter().filter(|e| e.object == object).count(), 1, "{object}");
    }
}

/// The disk fills up while nurses save (see `TestDb::fill_disk`): each form is either stored
/// whole, with its access-log row, and the nurse told so, or she is told the disk is full
/// (`StorageError::Full`, never another error) and nothing of it is stored. What was stored can
/// still be read. Once someone makes room, each refused form sent again with its request id is
/// stored once, and a form that was stored is not stored twice.
async fn a_full_disk_refuses_whole_forms_and_the_resend_stores_once(mut db: TestDb) {
    const FORMS: usize = 40;
    let w = world(&db).await;
    let note = |n: usize| format!("skjema {n}: {}", "Urolig natt, fikk ekstra dose. ".repeat(40));
    let form = |n: usize| {
        let mut draft = full_draft(at(20, 9));
        draft.note = note(n);
        new(
            &w,
            &format!("full-{n}"),
            draft.validate(at(20, 9), lindra::Language::Nb.clinical()).expect("valid form"),
        )
    };
    // Which forms are stored, by the number their note starts with; each note whole.
    let stored_forms = |stored: Vec<StoredRegistration>| {
        let mut forms: Vec<usize> = stored
            .into_iter()
            .map(|r| {
                let n = r.registration.note["skjema ".len()..].split(':').next().and_then(|n| n.parse().ok());
                let n = n.unwrap_or_else(|| panic!("a note never sent: {}", r.registration.note));
                assert_eq!(r.registration.note, note(n).trim_end(), "form {n}'s note whole");
                n
            })
            .collect();
        forms.sort();
        forms
    };

    db.fill_disk().await;
    let s = db.storage();
    let saves: Vec<_> = (0..FORMS)
        .map(|n| {
            let (s, form, row) = (s.clone(), form(n), recording_audit(&w, w.nurse.id));
            tokio::spawn(async move { s.record_audited(form, row).await })
        })
        .collect();
    let (mut acknowledged, mut refused) = (Vec::new(), Vec::new());
    for (n, save) in saves.into_iter().enumerate() {
        match save.await.expect("join") {
            Ok(recorded) => {
                assert!(recorded.created, "form {n}");
                acknowledged.push(n);
            }
            Err(StorageError::Full(_)) => refused.push(n),
            Err(other) => panic!("form {n}: {other:?} (a full disk must say so)"),
        }
    }
    eprintln!("{}: {} forms stored, {} refused (disk full)", db.name(), acknowledged.len(), refused.len());
    assert!(!refused.is_empty(), "the disk never filled up");
    let stored = s.registrations(w.patient.id, Period::default()).await.expect("reading on a full disk");
    assert_eq!(stored_forms(stored), acknowledged, "exactly the acknowledged forms are stored");
    let log = s.audit_for_patient(w.patient.id, 100).await.expect("log");
    assert_eq!(log.len(), acknowledged.len(), "one access-log row per stored form, none for a refused one");

    db.make_room().await;
    let s = db.storage();
    for &n in &refused {
        let again = s.record_audited(form(n), recording_audit(&w, w.nurse.id)).await.expect("resend");
        assert!(again.created, "form {n} stored when sent again");
    }
    if let Some(&n) = acknowledged.first() {
        let again = s.record_audited(form(n), recording_audit(&w, w.nurse.id)).await.expect("resend");
        assert!(!again.created, "form {n} was stored already");
    }
    let stored = s.registrations(w.patient.id, Period::default()).await.expect("list");
    assert_eq!(stored_forms(stored), (0..FORMS).collect::<Vec<_>>(), "every form once");
    let log = s.audit_for_patient(w.patient.id, 100).await.expect("log");
    assert_eq!(log.iter().filter(|e| e.outcome == AuditOutcome::Ok).count(), FORMS);
}

/// A request id answers only its own operation: the same user's same form for the same patient
/// (a resend), or the same user's correction of the same version. Any other use of it is a
/// conflict that reveals nothing of what the first operation stored (finding 1 of the probe).
async fn a_request_id_answers_only_its_own_operation(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let colleague = s
        .create_user(NewUser {
            username: "per".into(),
            display_name: "Per Helsefag".into(),
            role: Role::Helsefagarbeider,
            password_hash: None,
            start_password_until: None,
            unit_ids: vec![w.unit.id],
        })
        .await
        .expect("user");
    let neighbour = neighbour(&db, &w).await;
    let first = s.record(new(&w, "form-1", full_registration(at(20, 9)))).await.expect("record");
    let resend = s.record(new(&w, "form-1", full_registration(at(20, 9)))).await.expect("resend");
    assert_eq!((resend.registration.id, resend.created), (first.registration.id, false));

    let reused = |what: &str, result: Result<Recorded, StorageError>| {
        assert!(
            matches!(result, Err(StorageError::Conflict(Conflict::RequestIdReused))),
            "{} {what}: {result:?}",
            db.name()
        );
    };
    let by_colleague =
        NewRegistration { recorded_by: colleague.id, ..new(&w, "form-1", registration(at(20, 10), 1)) };
    reused("another user's record", s.record(by_colleague).await);
    let for_neighbour =
        NewRegistration { patient_id: neighbour.id, ..new(&w, "form-1", registration(at(20, 10), 1)) };
    reused("another patient's record", s.record(for_neighbour).await);
    let correction = |replaces: i64, recorded_by: i64, request_id: &str| Correction {
        replaces,
        recorded_by,
        request_id: request_id.into(),
        reason: "Feil skår".into(),
        registration: registration(at(20, 9), 6),
    };
    reused(
        "a record's id as a correction",
        s.correct(correction(first.registration.id, w.nurse.id, "form-1")).await,
    );

    let fixed = s.correct(correction(first.registration.id, w.nurse.id, "fix-1")).await.expect("correct");
    let again = s.correct(correction(first.registration.id, w.nurse.id, "fix-1")).await.expect("resend");
    assert_eq!((again.registration.id, again.created), (fixed.registration.id, false));
    reused(
        "another user's correction",
        s.correct(correction(first.registration.id, colleague.id, "fix-1")).await,
    );
    let other = s.record(new(&w, "form-2", registration(at(20, 11), 2))).await.expect("record");
    reused(
        "a correction of another version",
        s.correct(correction(other.registration.id, w.nurse.id, "fix-1")).await,
    );
    reused("a correction's id as a record", s.record(new(&w, "fix-1", registration(at(20, 12), 3))).await);

    let stored = db.strings("SELECT request_id FROM registrations ORDER BY id").await;
    assert_eq!(stored, vec!["form-1", "fix-1", "form-2"], "{}: nothing stored by a refused reuse", db.name());
}

/// A step of the loop, as a nurse of the world takes it.
fn step(w: &World, followup_id: i64, by: &User, request_id: &str, kind: StepKind) -> NewFollowupStep {
    NewFollowupStep { patient_id: w.patient.id, followup_id, by: by.id, request_id: request_id.into(), kind }
}

fn audit_of(w: &World, user: &User, action: AuditAction) -> AuditEvent {
    AuditEvent {
        at: Utc::now(),
        user_id: Some(user.id),
        username: user.username.clone(),
        role: user.role.code().into(),
        unit_id: Some(w.unit.id),
        patient_id: Some(w.patient.id),
        action,
        object: String::new(),
        outcome: AuditOutcome::Ok,
        client_addr: "10.0.0.1".into(),
    }
}

fn prn_action(now: DateTime<Utc>) -> StepKind {
    StepKind::Action(Action {
        kind: ActionKind::PrnMedicine,
        medicine: "Morfin".into(),
        dose: "5 mg".into(),
        route: "s.c.".into(),
        text: String::new(),
        done_at: now,
        reassess_at: now + Duration::minutes(60),
    })
}

async fn colleague(db: &TestDb, w: &World) -> User {
    db.storage()
        .create_user(NewUser {
            username: "per".into(),
            display_name: "Per Helsefag".into(),
            role: Role::Helsefagarbeider,
            password_hash: None,
            start_password_until: None,
            unit_ids: vec![w.unit.id],
        })
        .await
        .expect("user")
}

/// The follow-up a save opened, extended or closed, as it stands now.
async fn followup_of(db: &TestDb, recorded: &Recorded) -> Option<Followup> {
    let id = recorded.followup?;
    let patient_id = recorded.registration.patient_id;
    let all = db.storage().followups(patient_id, Period::default()).await.expect("follow-ups");
    Some(all.into_iter().find(|f| f.id == id).expect("the save's follow-up is the patient's"))
}

/// Score, action, re-assessment, closed: every step appended with who and when, and a closed
/// follow-up takes nothing more.
async fn a_severe_registration_opens_a_follow_up_and_the_reassessment_closes_it(db: TestDb) {
    let w = world(&db).await;
    let per = colleague(&db, &w).await;
    let s = db.storage();
    let calm = s.record(new(&w, "f-0", registration(at(20, 8), 6))).await.expect("record");
    assert_eq!(calm.followup, None, "{}: 6 opens nothing", db.name());
    let severe = s.record(new(&w, "f-1", registration(at(20, 9), 8))).await.expect("record");
    let opened = followup_of(&db, &severe).await.expect("a follow-up");
    assert!(opened.is_open());
    assert_eq!(
        opened.reasons().map(|r| r.words(lindra::Language::Nb.clinical())).collect::<Vec<_>>(),
        ["Smerte 8"]
    );
    let again = s.record(new(&w, "f-2", registration(at(20, 10), 9))).await.expect("record");
    let extended = followup_of(&db, &again).await.expect("the same follow-up");
    assert_eq!(extended.id, opened.id, "{}: one open follow-up per patient", db.name());
    assert_eq!(
        extended.reasons().map(|r| r.words(lindra::Language::Nb.clinical())).collect::<Vec<_>>(),
        ["Smerte 8", "Smerte 9"]
    );

    let id = opened.id;
    let taken = s
        .followup_step(
            step(&w, id, &w.nurse, "ack-1", StepKind::Acknowledged),
            audit_of(&w, &w.nurse, AuditAction::FollowupAcknowledge),
        )
        .await
        .expect("acknowledge");
    assert_eq!(taken.acknowledged().map(|a| a.by_name.as_str()), Some("Kari Sykepleier"));
    let second = s
        .followup_step(
            step(&w, id, &per, "ack-2", StepKind::Acknowledged),
            audit_of(&w, &per, AuditAction::FollowupAcknowledge),
        )
        .await;
    assert!(
        matches!(&second, Err(StorageError::Conflict(Conflict::FollowupTaken { by_name, .. })) if by_name == "Kari Sykepleier"),
        "{}: {second:?}",
        db.name()
    );
    let now = Utc::now();
    let acted = s
        .followup_step(
            step(&w, id, &per, "act-1", prn_action(now)),
            audit_of(&w, &per, AuditAction::FollowupAction),
        )
        .await
        .expect("action");
    assert!(matches!(acted.state(now), FollowupState::Waiting { .. }), "{:?}", acted.state(now));
    // A resend of the same form stores nothing twice.
    let resent = s
        .followup_step(
            step(&w, id, &per, "act-1", prn_action(now)),
            audit_of(&w, &per, AuditAction::FollowupAction),
        )
        .await
        .expect("resend");
    assert_eq!(resent.actions().count(), 1, "{}", db.name());
    let reused = s
        .followup_step(
            step(&w, id, &w.nurse, "act-1", prn_action(now)),
            audit_of(&w, &w.nurse, AuditAction::FollowupAction),
        )
        .await;
    assert!(matches!(reused, Err(StorageError::Conflict(Conflict::RequestIdReused))), "{reused:?}");

    // A re-assessment that still finds pain: kept open, linked as the re-assessment, and it
    // waits for the next action.
    let still = s.record(new(&w, "f-3a", registration(at(20, 11), 8))).await.expect("record");
    let still = followup_of(&db, &still).await.expect("the same follow-up");
    assert!(
        matches!(still.steps.last().map(|s| &s.kind), Some(StepKind::Extended { reassessment: true, .. })),
        "{}: {:?}",
        db.name(),
        still.steps.last()
    );
    assert!(matches!(still.state(now), FollowupState::Acknowledged { .. }), "{:?}", still.state(now));

    // The re-assessment: nothing severe any more, so the loop closes, linked to it.
    let reassessed = s.record(new(&w, "f-3", registration(at(20, 12), 3))).await.expect("record");
    let closed = followup_of(&db, &reassessed).await.expect("closed by it");
    assert!(!closed.is_open());
    assert!(matches!(
        closed.closed().map(|c| &c.kind),
        Some(StepKind::Closed { reason: CloseReason::Reassessed, registration_id: Some(r), .. }) if *r == reassessed.registration.id
    ));
    assert_eq!(s.open_followup(w.patient.id).await.expect("open"), None);
    let late = s
        .followup_step(
            step(&w, id, &per, "act-2", prn_action(now)),
            audit_of(&w, &per, AuditAction::FollowupAction),
        )
        .await;
    assert!(matches!(late, Err(StorageError::Conflict(Conflict::FollowupClosed))), "{}: {late:?}", db.name());

    let all = s.followups(w.patient.id, Period::default()).await.expect("history");
    assert_eq!(all.len(), 1);
    let kinds: Vec<&str> = all[0]
        .steps
        .iter()
        .map(|s| match s.kind {
            StepKind::Opened { .. } => "opened",
            StepKind::Extended { .. } => "extended",
            StepKind::Acknowledged => "acknowledged",
            StepKind::Action(_) => "action",
            StepKind::Closed { .. } => "closed",
        })
        .collect();
    assert_eq!(
        kinds,
        ["opened", "extended", "acknowledged", "action", "extended", "closed"],
        "{}",
        db.name()
    );
    let logged = db
        .strings(&format!(
            "SELECT action || ' ' || outcome FROM audit_events WHERE object = 'followup/{id}' ORDER BY id"
        ))
        .await;
    assert_eq!(
        logged,
        ["followup.acknowledge ok", "followup.action ok", "followup.action duplicate"],
        "{}",
        db.name()
    );

    // The next severe score opens a new one.
    let next = s.record(new(&w, "f-4", registration(at(20, 13), 7))).await.expect("record");
    assert_ne!(next.followup.expect("new"), id);
    assert_eq!(s.open_followup_counts(&[w.unit.id, w.unit.id + 99]).await.expect("counts"), [(w.unit.id, 1)]);
    assert_eq!(s.open_followups_in_unit(w.unit.id).await.expect("unit").len(), 1);
}

/// However many save or acknowledge at the same moment, a patient has one open follow-up and it
/// has one acknowledgement.
async fn one_open_follow_up_per_patient_under_concurrent_saves(db: TestDb) {
    let w = world(&db).await;
    let per = colleague(&db, &w).await;
    let s = db.storage();
    let saves = (0..8).map(|n| {
        let s = s.clone();
        let r = new(&w, &format!("c-{n}"), registration(at(20, 9) + Duration::minutes(n), 8));
        tokio::spawn(async move { s.record(r).await })
    });
    for save in saves {
        save.await.expect("join").expect("record");
    }
    let followups = s.followups(w.patient.id, Period::default()).await.expect("list");
    assert_eq!(followups.len(), 1, "{}: {followups:?}", db.name());
    assert_eq!(followups[0].steps.len(), 8, "{}: opened once, extended seven times", db.name());
    let id = followups[0].id;
    let nurses = [w.nurse.clone(), per];
    let acks = nurses.iter().enumerate().map(|(n, nurse)| {
        let s = s.clone();
        let step = step(&w, id, nurse, &format!("ack-{n}"), StepKind::Acknowledged);
        let audit = audit_of(&w, nurse, AuditAction::FollowupAcknowledge);
        tokio::spawn(async move { s.followup_step(step, audit).await })
    });
    let mut taken = 0;
    for ack in acks {
        match ack.await.expect("join") {
            Ok(_) => taken += 1,
            Err(StorageError::Conflict(Conflict::FollowupTaken { .. })) => {}
            Err(e) => panic!("{}: {e:?}", db.name()),
        }
    }
    assert_eq!(taken, 1, "{}", db.name());
    let acks =
        db.strings("SELECT CAST(COUNT(*) AS TEXT) FROM followup_steps WHERE kind = 'acknowledged'").await;
    assert_eq!(acks, ["1"]);
}

/// An expected symptom raises the item's threshold until its end, and is kept with who set it.
async fn an_expected_symptom_raises_the_threshold_until_it_ends(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let until = at(25, 12);
    let expected = NewExpectedSymptom {
        patient_id: w.patient.id,
        set_by: w.nurse.id,
        request_id: "exp-1".into(),
        symptom: ExpectedSymptom {
            item: EsasItem::Pain,
            level: lindra::Score::new(8).expect("score"),
            reason: "Livets siste dager".into(),
            until,
        },
    };
    let stored = s
        .set_expected_symptom(expected.clone(), audit_of(&w, &w.nurse, AuditAction::ExpectedSymptomSet))
        .await
        .expect("set");
    assert_eq!((stored.set_by_name.as_str(), stored.symptom.until), ("Kari Sykepleier", until));
    let resent = s
        .set_expected_symptom(expected.clone(), audit_of(&w, &w.nurse, AuditAction::ExpectedSymptomSet))
        .await
        .expect("resend");
    assert_eq!(resent.id, stored.id);
    let other = neighbour(&db, &w).await;
    let reused = s
        .set_expected_symptom(
            NewExpectedSymptom { patient_id: other.id, ..expected },
            audit_of(&w, &w.nurse, AuditAction::ExpectedSymptomSet),
        )
        .await;
    assert!(matches!(reused, Err(StorageError::Conflict(Conflict::RequestIdReused))), "{reused:?}");
    assert_eq!(s.expected_symptoms(w.patient.id, at(24, 0)).await.expect("list").len(), 1);
    assert!(s.expected_symptoms(w.patient.id, until).await.expect("list").is_empty(), "ended by itself");

    let eight = s.record(new(&w, "e-1", registration(at(24, 9), 8))).await.expect("record");
    assert_eq!(eight.followup, None, "{}: 8 is expected", db.name());
    let nine = s.record(new(&w, "e-2", registration(at(24, 10), 9))).await.expect("record");
    assert_eq!(
        followup_of(&db, &nine)
            .await
            .expect("9 is not")
            .reasons()
            .map(|r| r.words(lindra::Language::Nb.clinical()))
            .collect::<Vec<_>>(),
        ["Smerte 9"]
    );
    let logged = db.strings("SELECT action FROM audit_events WHERE object LIKE 'expected_symptom/%'").await;
    assert_eq!(logged, ["expected_symptom.set"], "{}: one row, the resend stored nothing", db.name());
}

/// A correction is what the nurse meant to register: it opens or extends a follow-up with what
/// it now shows, but it is no re-assessment and never closes one.
async fn a_correction_opens_a_follow_up_but_never_closes_one(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let typo = s.record(new(&w, "k-1", registration(at(20, 9), 3))).await.expect("record");
    assert_eq!(typo.followup, None);
    let fix = |replaces: i64, request_id: &str, pain: i64| Correction {
        replaces,
        recorded_by: w.nurse.id,
        request_id: request_id.into(),
        reason: "Feil tall".into(),
        registration: registration(at(20, 9), pain),
    };
    let corrected = s.correct(fix(typo.registration.id, "k-2", 8)).await.expect("correct");
    let open = s.open_followup(w.patient.id).await.expect("open").expect("the correction opened one");
    assert_eq!(
        open.reasons().map(|r| r.words(lindra::Language::Nb.clinical())).collect::<Vec<_>>(),
        ["Smerte 8"],
        "{}",
        db.name()
    );
    s.correct(fix(corrected.registration.id, "k-3", 2)).await.expect("correct back");
    assert!(s.open_followup(w.patient.id).await.expect("open").is_some(), "{}: still open", db.name());
}

/// What the handover reads: a unit's registrations in a period (current versions only) and the
/// follow-ups open or active since a moment.
async fn a_units_registrations_and_recent_follow_ups(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let other = neighbour(&db, &w).await;
    let first = s.record(new(&w, "u-1", registration(at(20, 9), 8))).await.expect("record");
    s.record(NewRegistration { patient_id: other.id, ..new(&w, "u-2", registration(at(21, 9), 2)) })
        .await
        .expect("record");
    s.correct(Correction {
        replaces: first.registration.id,
        recorded_by: w.nurse.id,
        request_id: "u-3".into(),
        reason: "Feil".into(),
        registration: registration(at(20, 9), 9),
    })
    .await
    .expect("correct");
    let all = s.unit_registrations(w.unit.id, Period::default()).await.expect("unit");
    let pains: Vec<_> = all
        .iter()
        .map(|r| (r.patient_id, r.registration.esas.score(EsasItem::Pain).map(|s| s.value())))
        .collect();
    assert_eq!(
        pains,
        [(w.patient.id, Some(9)), (other.id, Some(2))],
        "{}: current versions, oldest first",
        db.name()
    );
    let later =
        s.unit_registrations(w.unit.id, Period { from: Some(at(21, 0)), to: None }).await.expect("period");
    assert_eq!(later.len(), 1);
    let since = s.unit_followups_since(w.unit.id, Utc::now() + Duration::days(1)).await.expect("since");
    assert_eq!(since.len(), 1, "{}: the open one, whatever the moment", db.name());
    assert_eq!(s.unit_followups_since(w.unit.id + 99, at(1, 0)).await.expect("none").len(), 0);
}

/// Append-only tables and a text fingerprint of every row of each.
const APPEND_ONLY: [(&str, &str); 8] = [
    (
        "registrations",
        "SELECT CAST(id AS TEXT) || ':' || request_id || ':' || note || ':' || COALESCE(CAST(esas_pain AS TEXT), '-') \
         || ':' || CAST(patient_id AS TEXT) || ':' || CAST(recorded_by AS TEXT) FROM registrations ORDER BY id",
    ),
    (
        "body_marks",
        "SELECT CAST(registration_id AS TEXT) || ':' || CAST(region_id AS TEXT) || ':' || CAST(intensity AS TEXT) \
         FROM body_marks ORDER BY registration_id, region_id",
    ),
    (
        "audit_events",
        "SELECT CAST(id AS TEXT) || ':' || action || ':' || outcome || ':' || object || ':' || username \
         FROM audit_events ORDER BY id",
    ),
    (
        "patient_moves",
        "SELECT CAST(id AS TEXT) || ':' || CAST(patient_id AS TEXT) || ':' || CAST(to_unit_id AS TEXT) \
         FROM patient_moves ORDER BY id",
    ),
    (
        "security_events",
        "SELECT CAST(id AS TEXT) || ':' || kind || ':' || path || ':' || CAST(count AS TEXT) FROM security_events ORDER BY id",
    ),
    ("followups", "SELECT CAST(id AS TEXT) || ':' || CAST(patient_id AS TEXT) || ':' || CAST(seq AS TEXT) FROM followups ORDER BY id"),
    (
        "followup_steps",
        "SELECT CAST(id AS TEXT) || ':' || kind || ':' || CAST(by_user_id AS TEXT) || ':' || note FROM followup_steps ORDER BY id",
    ),
    (
        "expected_symptoms",
        "SELECT CAST(id AS TEXT) || ':' || item || ':' || CAST(level AS TEXT) || ':' || reason FROM expected_symptoms ORDER BY id",
    ),
];

/// No statement the application's own database user can send rewrites or removes a row of an
/// append-only table: UPDATE, DELETE, REPLACE and INSERT OR REPLACE (SQLite, which deletes the
/// row it collides with without firing a DELETE trigger), an UPSERT, TRUNCATE and MERGE
/// (PostgreSQL). Each is refused, and every row reads as before (finding 3 of the probe).
async fn no_statement_rewrites_an_append_only_row(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let first = s.record(new(&w, "r1", full_registration(at(20, 9)))).await.expect("record");
    s.record(new(&w, "r2", registration(at(20, 10), 3))).await.expect("record");
    s.append_audit(AuditEvent {
        at: at(20, 9),
        user_id: Some(w.nurse.id),
        username: "kari".into(),
        role: "sykepleier".into(),
        unit_id: Some(w.unit.id),
        patient_id: Some(w.patient.id),
        action: AuditAction::PatientRead,
        object: format!("patient/{}", w.patient.id),
        outcome: AuditOutcome::Denied,
        client_addr: "10.0.0.1".into(),
    })
    .await
    .expect("audit");
    let other = s
        .create_unit(NewUnit {
            name: "Avdeling 3".into(),
            kind: "sykehjem".into(),
            assessment_interval_hours: 24,
            contact_phone: String::new(),
            contact_after_hours: String::new(),
            prn_reassess_minutes: 60,
            reassess_minutes: 120,
            shifts: lindra::shift::Shifts::default().text(),
            language: lindra::Language::Nb,
            lock_after_minutes: None,
            second_factor_for_all: false,
        })
        .await
        .expect("unit");
    s.set_expected_symptom(
        NewExpectedSymptom {
            patient_id: w.patient.id,
            set_by: w.nurse.id,
            request_id: "exp".into(),
            symptom: ExpectedSymptom {
                item: EsasItem::Tiredness,
                level: lindra::Score::new(8).expect("score"),
                reason: "Forventet".into(),
                until: at(25, 9),
            },
        },
        audit_of(&w, &w.nurse, AuditAction::ExpectedSymptomSet),
    )
    .await
    .expect("expected symptom");
    s.move_patient(w.patient.id, other.id, w.nurse.id).await.expect("move");
    s.append_security_events(&[SecurityEvent {
        first_at: at(20, 9),
        last_at: at(20, 9),
        client_addr: "10.0.0.9".into(),
        kind: AuditOutcome::NotSignedIn,
        method: "POST".into(),
        path: "/api/units".into(),
        count: 3,
    }])
    .await
    .expect("security event");

    let (id, patient, nurse) = (first.registration.id, w.patient.id, w.nurse.id);
    let new_registration = |verb: &str, id: &str, request_id: &str| {
        format!(
            "{verb} registrations (id, patient_id, version, request_id, observed_at, recorded_at, recorded_by, completed_by, note) \
             VALUES ({id}, {patient}, 1, '{request_id}', '2026-11-20T09:00:00Z', '2026-11-20T09:00:00Z', {nurse}, 'patient', 'omskrevet')"
        )
    };
    let mut attacks = vec![
        "UPDATE registrations SET note = 'omskrevet'".to_string(),
        "DELETE FROM registrations".into(),
        "UPDATE body_marks SET intensity = 0".into(),
        "DELETE FROM body_marks".into(),
        "UPDATE audit_events SET outcome = 'ok'".into(),
        "DELETE FROM audit_events".into(),
        "UPDATE patient_moves SET to_unit_id = from_unit_id".into(),
        "DELETE FROM patient_moves".into(),
        "UPDATE security_events SET count = 1".into(),
        "DELETE FROM security_events".into(),
        "UPDATE followups SET seq = seq + 1".into(),
        "DELETE FROM followups".into(),
        "UPDATE followup_steps SET note = 'omskrevet'".into(),
        "DELETE FROM followup_steps".into(),
        "UPDATE expected_symptoms SET level = 10".into(),
        "DELETE FROM expected_symptoms".into(),
    ];
    if db.name() == "sqlite" {
        attacks.extend([
            new_registration("REPLACE INTO", &id.to_string(), "evil-1"),
            new_registration("INSERT OR REPLACE INTO", &id.to_string(), "evil-2"),
            // A new id that collides on another unique column deletes the row it meets.
            new_registration("INSERT OR REPLACE INTO", "NULL", "r1"),
            format!("{} ON CONFLICT(id) DO UPDATE SET note = 'omskrevet'", new_registration("INSERT INTO", &id.to_string(), "evil-3")),
            format!("REPLACE INTO body_marks (registration_id, region_id, intensity) VALUES ({id}, 222, 0)"),
            format!("INSERT INTO body_marks (registration_id, region_id, intensity) VALUES ({id}, 222, 0) \
                     ON CONFLICT(registration_id, region_id) DO UPDATE SET intensity = 0"),
            "REPLACE INTO audit_events (id, at, username, role, action, object, outcome, client_addr) \
             SELECT id, at, username, role, action, object, 'ok', client_addr FROM audit_events".into(),
            "INSERT OR REPLACE INTO patient_moves (id, patient_id, from_unit_id, to_unit_id, moved_at, moved_by) \
             SELECT id, patient_id, to_unit_id, from_unit_id, moved_at, moved_by FROM patient_moves".into(),
            "REPLACE INTO security_events (id, first_at, last_at, client_addr, kind, method, path, count) \
             SELECT id, first_at, last_at, client_addr, kind, method, path, 1 FROM security_events".into(),
            "UPDATE OR REPLACE registrations SET request_id = 'r1' WHERE request_id = 'r2'".into(),
            "REPLACE INTO followups (id, patient_id, seq, opened_at) SELECT id, patient_id, seq, opened_at FROM followups".into(),
            "INSERT OR REPLACE INTO followups (patient_id, seq, opened_at) SELECT patient_id, seq, opened_at FROM followups".into(),
            "REPLACE INTO followup_steps (id, followup_id, kind, at, by_user_id, registration_id, reasons, note) \
             SELECT id, followup_id, kind, at, by_user_id, registration_id, '[]', 'omskrevet' FROM followup_steps".into(),
            "REPLACE INTO expected_symptoms (id, patient_id, item, level, reason, until, set_at, set_by, request_id) \
             SELECT id, patient_id, item, 10, reason, until, set_at, set_by, request_id FROM expected_symptoms".into(),
        ]);
    } else {
        attacks.extend([
            format!("{} ON CONFLICT (id) DO UPDATE SET note = 'omskrevet'", new_registration("INSERT INTO", &id.to_string(), "evil-3")),
            format!("INSERT INTO body_marks (registration_id, region_id, intensity) VALUES ({id}, 222, 0) \
                     ON CONFLICT (registration_id, region_id) DO UPDATE SET intensity = 0"),
            "INSERT INTO audit_events (id, at, username, role, action, object, outcome, client_addr) \
             SELECT id, at, username, role, action, object, 'ok', client_addr FROM audit_events \
             ON CONFLICT (id) DO UPDATE SET outcome = 'ok'".into(),
            "MERGE INTO registrations r USING (SELECT 1) AS x ON true WHEN MATCHED THEN UPDATE SET note = 'omskrevet'".into(),
            "MERGE INTO audit_events a USING (SELECT 1) AS x ON true WHEN MATCHED THEN DELETE".into(),
        ]);
        for (table, _) in APPEND_ONLY {
            attacks.push(format!("TRUNCATE {table}"));
            attacks.push(format!("TRUNCATE {table} CASCADE"));
        }
    }

    let mut before = Vec::new();
    for (table, fingerprint) in APPEND_ONLY {
        let rows = db.strings(fingerprint).await;
        assert!(!rows.is_empty(), "{}: the test needs a row in {table}", db.name());
        before.push(rows);
    }
    for sql in &attacks {
        let result = db.execute(sql).await;
        assert!(result.is_err(), "{} allowed {sql}: {result:?}", db.name());
        for ((table, fingerprint), rows) in APPEND_ONLY.iter().zip(&before) {
            assert_eq!(&db.strings(fingerprint).await, rows, "{}: {sql} changed {table}", db.name());
        }
    }

    // Every append-only table, including any added later, carries every guard: a table with a
    // DELETE guard must have the others too.
    if db.name() == "sqlite" {
        let guarded = db
            .strings("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_delete'")
            .await;
        for table in APPEND_ONLY.map(|(t, _)| t.to_string()) {
            assert!(guarded.contains(&table), "{table} has no DELETE guard");
        }
        for table in guarded {
            for guard in ["no_update", "no_replace"] {
                let name = format!("{table}_{guard}");
                let found = db
                    .strings(&format!(
                        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = '{name}'"
                    ))
                    .await;
                assert_eq!(found, vec![name.clone()], "{table} lacks {name}");
            }
        }
    } else {
        let guarded = db
            .strings(
                "SELECT DISTINCT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
                      JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'reject_change' ORDER BY 1",
            )
            .await;
        for table in APPEND_ONLY.map(|(t, _)| t.to_string()) {
            assert!(guarded.contains(&table), "{table} has no guard");
        }
        for table in guarded {
            // tgtype bits: 8 DELETE, 16 UPDATE, 32 TRUNCATE.
            let kinds = db
                .strings(&format!(
                    "SELECT CAST(bit_or(t.tgtype::int) AS TEXT) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
                     JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'reject_change' AND c.relname = '{table}'"
                ))
                .await;
            let bits: i32 = kinds[0].parse().expect("bits");
            assert_eq!(bits & (8 | 16 | 32), 8 | 16 | 32, "{table} lacks a DELETE, UPDATE or TRUNCATE guard");
        }
    }
}

/// What the quality view reads: a patient belongs to a unit for the time they were there (the
/// moves), a corrected registration counts once (its current version), and a follow-up carries
/// its times and how it closed.
async fn the_quality_view_reads_stays_current_versions_and_follow_up_times(db: TestDb) {
    use lindra::quality::{figures, Stay};
    let w = world(&db).await;
    let s = db.storage();
    let severe = s.record(new(&w, "q-1", registration(at(10, 8), 8))).await.expect("record");
    let calm = s.record(new(&w, "q-2", registration(at(10, 9), 3))).await.expect("record");
    assert_eq!(severe.followup, calm.followup, "{}: the second closes the first's follow-up", db.name());
    s.correct(Correction {
        replaces: calm.registration.id,
        recorded_by: w.nurse.id,
        request_id: "q-3".into(),
        reason: "Feil tall".into(),
        registration: registration(at(10, 9), 2),
    })
    .await
    .expect("correct");
    s.record(new(&w, "q-4", registration(at(3, 8), 1))).await.expect("record");
    let other = other_unit(&db, "Lindrende enhet", "palliativ_enhet", 12).await;
    let moved = s.move_patient(w.patient.id, other.id, w.nurse.id).await.expect("move");
    assert_eq!(moved.unit_id, other.id);

    let (from, to) = (at(5, 0), at(25, 0));
    let here = s.quality_data(w.unit.id, from, to).await.expect("quality data");
    assert_eq!(here.len(), 1, "{}: the patient was in the unit", db.name());
    let p = &here[0];
    // Created now, but registered since the 3rd: the stay starts with the first registration,
    // and ends with the move (now, after the period).
    let moved_at = p.stays[0].to.expect("moved out");
    assert!(moved_at > to);
    assert_eq!(p.stays, [Stay { from: at(3, 8), to: Some(moved_at) }], "{}", db.name());
    let times: Vec<_> = p.assessments.iter().map(|a| (a.observed_at, a.severe_pain)).collect();
    assert_eq!(
        times,
        [(at(3, 8), false), (at(10, 8), true), (at(10, 9), false)],
        "{}: the last one before the period, then each registration once",
        db.name()
    );
    // A follow-up opens when the registration is saved (now), whenever it was observed.
    assert!(p.followups.is_empty(), "{}: none opened in November", db.name());
    let q = figures(&here, from, to, chrono::Duration::hours(24));
    assert_eq!((q.patients, q.registrations, q.followups_opened), (1, 2, 0));
    let until_now =
        s.quality_data(w.unit.id, from, chrono::Utc::now() + chrono::Duration::hours(1)).await.expect("data");
    let f = &until_now[0].followups;
    assert_eq!(f.len(), 1, "{}", db.name());
    assert!(f[0].closed_by_reassessment, "{}", db.name());
    assert!(f[0].closed_at.is_some() && f[0].acknowledged_at.is_none());

    // The unit the patient moved to has them from the move on: not in November.
    let there = s.quality_data(other.id, from, to).await.expect("quality data");
    assert_eq!(there.len(), 1);
    assert_eq!(there[0].stays, [Stay { from: moved_at, to: None }]);
    assert_eq!(figures(&there, from, to, chrono::Duration::hours(12)).patients, 0, "{}", db.name());
    assert!(s.quality_data(other.id + 99, from, to).await.expect("no unit").is_empty());
}

async fn api_clients_and_the_fhir_reads(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let other = other_unit(&db, "Avdeling 3", "sykehjem", 24).await;
    let now = Utc::now();
    let new_client = |name: &str, hash: &str, units: Vec<i64>| NewApiClient {
        name: name.into(),
        token_hash: hash.into(),
        unit_ids: units,
        created_by: Some(w.nurse.id),
        created_at: now,
        expires_at: now + chrono::Duration::days(30),
    };
    let dips = s
        .create_api_client(new_client("DIPS-integrasjon", "hash-a", vec![other.id, w.unit.id]))
        .await
        .expect("client");
    let mut units = vec![w.unit.id, other.id];
    units.sort_unstable();
    assert_eq!((dips.name.as_str(), &dips.unit_ids, dips.revoked_at), ("DIPS-integrasjon", &units, None));
    assert!(dips.in_force(now) && !dips.in_force(now + chrono::Duration::days(31)));
    let taken = s.create_api_client(new_client("DIPS-integrasjon", "hash-b", vec![w.unit.id])).await;
    assert!(matches!(taken, Err(StorageError::Conflict(Conflict::ApiClientNameTaken(_)))), "{taken:?}");
    assert_eq!(s.api_client_by_token("hash-a").await.expect("by token"), Some(dips.clone()));
    assert_eq!(s.api_client_by_token("hash-x").await.expect("by token"), None);
    let revoked = s.revoke_api_client(dips.id, Some(w.nurse.id), now).await.expect("revoke");
    assert!(revoked.revoked_at.is_some() && !revoked.in_force(now));
    let again = s.revoke_api_client(dips.id, None, now + chrono::Duration::hours(1)).await.expect("again");
    assert_eq!(again.revoked_at, revoked.revoked_at, "revoked once, when it was first revoked");
    assert_eq!(s.api_clients().await.expect("all"), vec![revoked]);
    // Revoked, never deleted: the access log keeps naming a client that existed.
    assert!(db.execute(&format!("DELETE FROM api_clients WHERE id = {}", dips.id)).await.is_err());

    // The FHIR reads: current versions or every version, with the stored-at period.
    let neighbour = neighbour(&db, &w).await;
    let first = s.record(new(&w, "f1", registration(at(20, 9), 8))).await.expect("record").registration;
    s.record(NewRegistration { patient_id: neighbour.id, ..new(&w, "f2", registration(at(20, 10), 2)) })
        .await
        .expect("record");
    let fixed = s
        .correct(Correction {
            replaces: first.id,
            recorded_by: w.nurse.id,
            request_id: "f3".into(),
            reason: "Feil skår".into(),
            registration: registration(at(20, 9), 3),
        })
        .await
        .expect("correct")
        .registration;
    assert_eq!((fixed.root_id, first.root_id), (first.id, first.id), "every version names the first");
    let both = [w.patient.id, neighbour.id];
    let current = s
        .registrations_of(&both, Period::default(), Period::default(), Versions::Current)
        .await
        .expect("current");
    assert_eq!(
        current.iter().map(|r| (r.patient_id, r.version)).collect::<Vec<_>>(),
        vec![(w.patient.id, 2), (neighbour.id, 1)]
    );
    let all = s
        .registrations_of(&[w.patient.id], Period::default(), Period::default(), Versions::All)
        .await
        .expect("all");
    assert_eq!(
        all.iter().map(|r| (r.root_id, r.version)).collect::<Vec<_>>(),
        vec![(first.id, 1), (first.id, 2)]
    );
    let later = Period { from: Some(fixed.recorded_at), to: None };
    let since = s.registrations_of(&both, Period::default(), later, Versions::All).await.expect("since");
    assert!(
        since.iter().all(|r| r.recorded_at >= fixed.recorded_at) && since.iter().any(|r| r.id == fixed.id)
    );
    let observed = Period { from: Some(at(20, 10)), to: None };
    let at_ten =
        s.registrations_of(&both, observed, Period::default(), Versions::Current).await.expect("observed");
    assert_eq!(at_ten.iter().map(|r| r.patient_id).collect::<Vec<_>>(), vec![neighbour.id]);
    // The national identity number: one patient's only, removable.
    s.set_national_id(w.patient.id, Some("17054000189")).await.expect("set");
    let taken = s.set_national_id(neighbour.id, Some("17054000189")).await;
    assert!(matches!(taken, Err(StorageError::Conflict(Conflict::NationalIdTaken))), "{taken:?}");
    assert_eq!(s.national_ids(&both).await.expect("ids"), vec![(w.patient.id, "17054000189".to_string())]);
    s.set_national_id(w.patient.id, None).await.expect("removed");
    s.set_national_id(neighbour.id, Some("17054000189")).await.expect("free again");
    assert_eq!(s.national_ids(&both).await.expect("ids"), vec![(neighbour.id, "17054000189".to_string())]);
    assert!(matches!(s.set_national_id(999_999, None).await, Err(StorageError::NotFound(_))));
    let in_units = s.patients_in_units(&[w.unit.id]).await.expect("patients");
    assert_eq!(in_units.iter().map(|p| p.id).collect::<Vec<_>>(), vec![w.patient.id, neighbour.id]);
    assert!(s.patients_in_units(&[]).await.expect("none").is_empty());
}

/// The quick lock's storage: a PIN set and read back, a session locked and opened, PIN attempts
/// taken per locked session (five at most, also when asked at once) and forgotten when it opens.
async fn a_pin_and_a_locked_session(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let now = Utc::now();
    assert_eq!(s.pin_hash(w.nurse.id).await.expect("none yet"), None);
    s.set_pin(w.nurse.id, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA").await.expect("set");
    assert_eq!(
        s.pin_hash(w.nurse.id).await.expect("pin").as_deref(),
        Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")
    );
    s.create_session("lock-a", w.nurse.id, now).await.expect("a");
    s.create_session("lock-b", w.nurse.id, now).await.expect("b");
    let owner = s.session_owner("lock-a").await.expect("owner").expect("some");
    assert!(owner.pin_set && !owner.session.locked && owner.session.pin_failures == 0, "{owner:?}");
    assert_eq!(
        s.reserve_pin_attempt("lock-a", 5).await.expect("open"),
        None,
        "no attempt on an open session"
    );
    s.lock_session("lock-a").await.expect("lock");
    assert_eq!(s.reserve_pin_attempt("lock-a", 5).await.expect("one"), Some(1));
    assert_eq!(s.reserve_pin_attempt("lock-a", 5).await.expect("two"), Some(2));
    let locked = s.session("lock-a").await.expect("a").expect("some");
    assert!(locked.locked && locked.pin_failures == 2, "{locked:?}");
    let other = s.session("lock-b").await.expect("b").expect("some");
    assert!(!other.locked && other.pin_failures == 0, "another session of the same user is its own");
    let later = now + chrono::Duration::minutes(5);
    s.unlock_session("lock-a", later).await.expect("open");
    let open = s.session("lock-a").await.expect("a").expect("some");
    assert!(!open.locked && open.pin_failures == 0, "{open:?}");
    assert_eq!(open.last_seen_at.timestamp(), later.timestamp(), "in use from the unlock");
    assert_eq!(s.reserve_pin_attempt("no-such-session", 5).await.expect("gone"), None);
    // Five and no more, however many ask at once.
    s.lock_session("lock-b").await.expect("lock b");
    let attempts: Vec<_> = (0..8)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move { s.reserve_pin_attempt("lock-b", 5).await })
        })
        .collect();
    let mut taken = Vec::new();
    for attempt in attempts {
        taken.extend(attempt.await.expect("join").expect("attempt"));
    }
    assert_eq!(taken.len(), 5, "{taken:?}");
}

/// Patient mode (issue 17): a session handed to a patient says so and to whom; the patient's own
/// answers come back marked with their language, through a correction too; the database refuses
/// the mark on a registration not filled in by the patient.
async fn a_patients_own_answers_and_a_session_in_patient_mode(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let now = Utc::now();
    s.create_session("handed", w.nurse.id, now).await.expect("session");
    assert_eq!(s.session("handed").await.expect("s").expect("some").patient_mode, None);
    let mode = PatientMode {
        patient_id: w.patient.id,
        language: lindra::Language::En,
        steps: lindra::patient_form::PatientSteps { pain_now: true, body_map: true },
        started_at: now,
        registration_id: None,
    };
    s.start_patient_mode("handed", mode).await.expect("start");
    let owner = s.session_owner("handed").await.expect("owner").expect("some");
    let stored_mode = owner.session.patient_mode.expect("in patient mode");
    assert_eq!((stored_mode.patient_id, stored_mode.language), (w.patient.id, lindra::Language::En));
    assert_eq!(stored_mode.steps, lindra::patient_form::PatientSteps { pain_now: true, body_map: true });
    assert_eq!(stored_mode.started_at.timestamp(), now.timestamp());
    // PIN attempts count in patient mode as on a locked session.
    assert_eq!(s.reserve_pin_attempt("handed", 5).await.expect("attempt"), Some(1));

    let mut own = registration(at(20, 9), 3);
    own.completed_by = CompletedBy::Patient;
    own.self_report = Some(lindra::SelfReport { language: lindra::Language::En });
    let recorded = s.record(new(&w, "own-1", own.clone())).await.expect("stored");
    assert_eq!(recorded.registration.registration, own, "back exactly, the mark included");
    s.patient_mode_saved("handed", recorded.registration.id).await.expect("saved");
    let saved = s.session("handed").await.expect("s").expect("some").patient_mode.expect("still");
    assert_eq!(saved.registration_id, Some(recorded.registration.id));

    // A correction keeps the mark, whatever the corrected registration says.
    let mut corrected = own.clone();
    corrected.note = "La til notat".into();
    corrected.self_report = None;
    let correction = Correction {
        replaces: recorded.registration.id,
        recorded_by: w.nurse.id,
        request_id: "own-1-c".into(),
        reason: "Notat".into(),
        registration: corrected,
    };
    let v2 = s.correct(correction).await.expect("corrected").registration;
    assert_eq!(v2.registration.self_report, own.self_report);

    let later = now + Duration::minutes(3);
    assert!(s.end_patient_mode("handed", later).await.expect("end"));
    let back = s.session("handed").await.expect("s").expect("some");
    assert_eq!(back.patient_mode, None);
    assert_eq!((back.pin_failures, back.last_seen_at.timestamp()), (0, later.timestamp()));
    assert!(!s.end_patient_mode("handed", later).await.expect("again"), "not in patient mode");

    // The mark only on the patient's own: the database says no to anything else.
    let mut staff = registration(at(20, 11), 3);
    staff.completed_by = CompletedBy::HealthPersonnel;
    staff.self_report = Some(lindra::SelfReport { language: lindra::Language::Nb });
    assert!(s.record(new(&w, "staff-1", staff)).await.is_err());
}

/// The second factor (issue 21): a secret being set up is replaced until confirmed; confirmed,
/// it stays and counts steps once; recovery codes are good once and replaced together; a
/// session knows where its sign-in is.
async fn a_second_factor_and_its_recovery_codes(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let now = Utc::now();
    assert_eq!(s.totp(w.nurse.id).await.expect("none"), None);
    assert!(s.begin_totp(w.nurse.id, "FIRSTSECRET", now).await.expect("begin"));
    assert!(
        s.begin_totp(w.nurse.id, "SECONDSECRET", now).await.expect("again"),
        "replaced while unconfirmed"
    );
    assert!(!s.use_totp_step(w.nurse.id, 5).await.expect("step"), "not confirmed yet");
    let codes: Vec<String> = (0..10).map(|i| format!("hash-{i}")).collect();
    assert!(s.confirm_totp(w.nurse.id, 100, &codes, now).await.expect("confirm"));
    assert!(!s.confirm_totp(w.nurse.id, 101, &codes, now).await.expect("twice"), "confirmed once");
    assert!(!s.begin_totp(w.nurse.id, "THIRD", now).await.expect("begin"), "a confirmed one stays");
    let record = s.totp(w.nurse.id).await.expect("totp").expect("stored");
    assert_eq!(
        (record.secret.as_str(), record.last_step, record.recovery_codes_left),
        ("SECONDSECRET", 100, 10)
    );
    assert!(record.confirmed_at.is_some());
    assert!(!s.use_totp_step(w.nurse.id, 100).await.expect("used"), "each step once");
    assert!(s.use_totp_step(w.nurse.id, 101).await.expect("next"));
    assert!(s.use_recovery_code(w.nurse.id, "hash-3", now).await.expect("code"));
    assert!(!s.use_recovery_code(w.nurse.id, "hash-3", now).await.expect("again"), "once");
    assert!(!s.use_recovery_code(w.nurse.id, "hash-x", now).await.expect("unknown"));
    assert_eq!(s.totp(w.nurse.id).await.expect("t").expect("s").recovery_codes_left, 9);
    s.replace_recovery_codes(w.nurse.id, &["new-1".to_string()]).await.expect("replace");
    assert!(!s.use_recovery_code(w.nurse.id, "hash-4", now).await.expect("old"), "old codes gone");
    assert!(s.use_recovery_code(w.nurse.id, "new-1", now).await.expect("new"));
    s.remove_totp(w.nurse.id).await.expect("remove");
    assert_eq!(s.totp(w.nurse.id).await.expect("gone"), None);

    s.create_session_at("half", w.nurse.id, now, SignInStep::Code).await.expect("session");
    assert_eq!(s.session_owner("half").await.expect("o").expect("s").session.sign_in, SignInStep::Code);
    assert_eq!(s.reserve_pin_attempt("half", 5).await.expect("attempt"), Some(1), "codes are counted");
    s.create_session("whole", w.nurse.id, now).await.expect("session");
    assert_eq!(s.session("whole").await.expect("s").expect("s").sign_in, SignInStep::Done);

    // A start password (ASVS 6.4.1): until when it works, and a session confined to replacing it.
    let until = (now + chrono::Duration::hours(72)).with_nanosecond(0).expect("whole second");
    s.set_password(w.nurse.id, "start-hash", Some(until)).await.expect("start password");
    assert_eq!(s.session("whole").await.expect("s"), None, "a new password ends her sessions");
    assert_eq!(s.start_password_until(w.nurse.id).await.expect("until"), Some(until));
    s.create_session_at("start", w.nurse.id, now, SignInStep::NewPassword).await.expect("session");
    assert_eq!(s.session("start").await.expect("s").expect("s").sign_in, SignInStep::NewPassword);
    s.set_password(w.nurse.id, "own-hash", None).await.expect("her own");
    assert_eq!(s.start_password_until(w.nurse.id).await.expect("until"), None);
    assert_eq!(s.password_hash(w.nurse.id).await.expect("hash").as_deref(), Some("own-hash"));
}

/// Languages (issue 17): a unit's written language, a user's own choice, and the session that
/// carries both; the databases hold a unit to bokmål or nynorsk.
async fn a_units_language_and_a_users_own_choice(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let now = Utc::now();
    s.create_session("lang", w.nurse.id, now).await.expect("session");
    let owner = s.session_owner("lang").await.expect("o").expect("s");
    assert_eq!((owner.language_choice, owner.unit_language), (None, lindra::Language::Nb));
    let nynorsk = NewUnit { language: lindra::Language::Nn, ..(&w.unit).into() };
    assert_eq!(s.update_unit(w.unit.id, nynorsk).await.expect("update").language, lindra::Language::Nn);
    assert_eq!(s.unit(w.unit.id).await.expect("u").expect("u").language, lindra::Language::Nn);
    let owner = s.session_owner("lang").await.expect("o").expect("s");
    assert_eq!((owner.language_choice, owner.unit_language), (None, lindra::Language::Nn));
    s.set_user_language(w.nurse.id, Some(lindra::Language::En)).await.expect("choose");
    let owner = s.session_owner("lang").await.expect("o").expect("s");
    assert_eq!(
        (owner.language_choice, owner.unit_language),
        (Some(lindra::Language::En), lindra::Language::Nn)
    );
    s.set_user_language(w.nurse.id, None).await.expect("follow the unit");
    assert_eq!(s.session_owner("lang").await.expect("o").expect("s").language_choice, None);
    // English is a UI language, never a unit's written one; no other code is a language.
    let english_unit = format!("UPDATE care_units SET language = 'en' WHERE id = {}", w.unit.id);
    assert!(db.execute(&english_unit).await.is_err(), "a unit writes bokmål or nynorsk");
    let sami = format!("UPDATE users SET language = 'se' WHERE id = {}", w.nurse.id);
    assert!(db.execute(&sami).await.is_err(), "only the three languages");
}

/// A unit's sign-in settings (issue 21): stored as given; a session gets the shortest lock time
/// and the strictest second-factor rule of its user's units; the databases hold the lock time to
/// 1-60 minutes.
async fn a_units_sign_in_settings_reach_its_staffs_sessions(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    s.create_session("settings", w.nurse.id, Utc::now()).await.expect("session");
    let owner = s.session_owner("settings").await.expect("o").expect("s");
    assert_eq!((owner.unit_lock_after_minutes, owner.unit_requires_second_factor), (None, false));
    let strict = NewUnit { lock_after_minutes: Some(5), second_factor_for_all: true, ..(&w.unit).into() };
    let stored = s.update_unit(w.unit.id, strict).await.expect("update");
    assert_eq!((stored.lock_after_minutes, stored.second_factor_for_all), (Some(5), true));
    let other = s
        .create_unit(NewUnit {
            name: "Avdeling 3".into(),
            lock_after_minutes: Some(3),
            second_factor_for_all: false,
            ..(&w.unit).into()
        })
        .await
        .expect("unit");
    let both = s
        .create_user(NewUser {
            username: "ressurs".into(),
            display_name: "Randi Ressurs".into(),
            role: Role::Ressurssykepleier,
            password_hash: None,
            start_password_until: None,
            unit_ids: vec![w.unit.id, other.id],
        })
        .await
        .expect("user");
    s.create_session("both", both.id, Utc::now()).await.expect("session");
    let owner = s.session_owner("both").await.expect("o").expect("s");
    assert_eq!((owner.unit_lock_after_minutes, owner.unit_requires_second_factor), (Some(3), true));
    let too_long = format!("UPDATE care_units SET lock_after_minutes = 61 WHERE id = {}", w.unit.id);
    assert!(db.execute(&too_long).await.is_err(), "at most an hour");
}

/// A user's own sessions (ASVS 7.5.2): hers only, newest first, with whether each is locked.
async fn a_users_sessions_are_listed_newest_first(db: TestDb) {
    let w = world(&db).await;
    let s = db.storage();
    let now = Utc::now();
    s.create_session("older", w.nurse.id, now - chrono::Duration::hours(2)).await.expect("session");
    s.create_session("newer", w.nurse.id, now).await.expect("session");
    s.lock_session("older").await.expect("lock");
    let other = colleague(&db, &w).await;
    s.create_session("theirs", other.id, now).await.expect("session");
    let listed: Vec<(String, bool)> = s
        .user_sessions(w.nurse.id)
        .await
        .expect("list")
        .into_iter()
        .map(|s| (s.token_hash, s.locked))
        .collect();
    assert_eq!(listed, [("newer".to_string(), false), ("older".to_string(), true)]);
}

/// A single sign-on attempt serves once: the callback takes it, a replay finds nothing, and
/// attempts older than the forgetting time go when the next one is stored.
async fn a_single_sign_on_attempt_is_taken_once(db: TestDb) {
    let s = db.storage();
    let now = Utc::now();
    let attempt = |state: &str, at| SsoAttempt {
        state_hash: state.into(),
        binding_hash: "nettleser".into(),
        nonce: "nonce".into(),
        code_verifier: "verifier".into(),
        return_to: "/pasienter/1".into(),
        client_addr: "10.0.0.7".into(),
        created_at: at,
    };
    let old = attempt("gammel", now - chrono::Duration::minutes(11));
    s.create_sso_attempt(&old, now - chrono::Duration::minutes(20)).await.expect("old");
    let fresh = attempt("ny", now);
    s.create_sso_attempt(&fresh, now - chrono::Duration::minutes(10)).await.expect("fresh");
    assert_eq!(
        s.sso_attempts_since("10.0.0.7", now - chrono::Duration::minutes(10)).await.expect("count"),
        1
    );
    assert_eq!(
        s.sso_attempts_since("10.0.0.8", now - chrono::Duration::minutes(10)).await.expect("count"),
        0
    );
    let taken = s.take_sso_attempt("ny").await.expect("take").expect("there");
    assert_eq!(taken.created_at.timestamp(), fresh.created_at.timestamp());
    assert_eq!(SsoAttempt { created_at: fresh.created_at, ..taken }, fresh);
    assert_eq!(s.take_sso_attempt("ny").await.expect("take again"), None, "a replay finds nothing");
    assert_eq!(s.take_sso_attempt("gammel").await.expect("take old"), None, "forgotten when the next came");
}

macro_rules! contract {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $story() { super::$story(lindra_tests::sqlite().await).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $story() {
                if let Some(db) = lindra_tests::postgres().await { super::$story(db).await }
            })*
        }
    };
}

contract!(
    a_single_sign_on_attempt_is_taken_once,
    a_users_sessions_are_listed_newest_first,
    a_units_sign_in_settings_reach_its_staffs_sessions,
    a_units_language_and_a_users_own_choice,
    a_full_disk_refuses_whole_forms_and_the_resend_stores_once,
    many_saving_at_once_each_stored_with_its_row_and_a_refusal_fails_alone,
    units_users_and_patients_round_trip,
    a_registration_comes_back_exactly_as_recorded,
    the_same_request_never_stores_twice,
    a_session_names_its_user_and_all_its_units,
    concurrent_resends_store_once,
    a_correction_keeps_the_earlier_version,
    periods_and_order,
    import_stores_many_at_once,
    the_audit_log_is_kept_newest_first,
    the_database_refuses_to_change_clinical_rows,
    a_moved_patient_keeps_the_whole_history,
    the_unit_overview_has_each_patients_two_latest_current_versions,
    unit_settings_change_and_many_audit_rows_land_together,
    a_registration_and_its_access_log_row_are_one_write,
    a_request_id_answers_only_its_own_operation,
    no_statement_rewrites_an_append_only_row,
    a_severe_registration_opens_a_follow_up_and_the_reassessment_closes_it,
    one_open_follow_up_per_patient_under_concurrent_saves,
    an_expected_symptom_raises_the_threshold_until_it_ends,
    a_correction_opens_a_follow_up_but_never_closes_one,
    a_units_registrations_and_recent_follow_ups,
    the_quality_view_reads_stays_current_versions_and_follow_up_times,
    api_clients_and_the_fhir_reads,
    a_pin_and_a_locked_session,
    a_patients_own_answers_and_a_session_in_patient_mode,
    a_second_factor_and_its_recovery_codes,
);
