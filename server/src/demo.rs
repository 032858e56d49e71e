//! Seeds demo data from the domain's generator into storage: two wards, their patients and
//! registrations with the follow-ups they opened, and demo users of every role with the demo
//! password shown on the login page.

use chrono::Utc;
use lindra::demo::{generate, DemoSpec};
use lindra::Language;
use lindra_app::model::{NewPatient, NewUnit, NewUser, Role};
use lindra_app::pages::login::DEMO_PASSWORD;
use lindra_app::storage::{Storage, StorageError, StorageResult};
use lindra_app::text::UiWords;

/// Seeds `spec` into an empty database. A database that already has units is left alone.
pub async fn seed(storage: &dyn Storage, spec: &DemoSpec) -> StorageResult<()> {
    if !storage.units().await?.is_empty() {
        return Ok(());
    }
    let units = generate(spec);
    let mut unit_ids = Vec::new();
    for unit in &units {
        let stored = storage
            .create_unit(NewUnit {
                name: unit.name.clone(),
                kind: unit.kind.to_string(),
                assessment_interval_hours: 24,
                contact_phone: unit.contact_phone.clone(),
                contact_after_hours: unit.contact_after_hours.clone(),
                prn_reassess_minutes: 60,
                reassess_minutes: 120,
                shifts: lindra::shift::Shifts::default().text(),
                language: lindra::Language::Nb,
                lock_after_minutes: None,
                second_factor_for_all: false,
            })
            .await?;
        unit_ids.push(stored.id);
    }
    let hash = crate::auth::password::hash(DEMO_PASSWORD, &[]).map_err(StorageError::Database)?;
    let first = unit_ids[..1].to_vec();
    let second = unit_ids.get(1..2).map(<[i64]>::to_vec).unwrap_or_default();
    // Each demo user is named after their role, as the demo wards' language (bokmål) names it:
    // «Demo Sykepleier»; the second nurse by her ward too.
    let users = [
        ("demo.sykepleier", Role::Sykepleier, "", first.clone()),
        ("demo.helsefag", Role::Helsefagarbeider, "", first.clone()),
        ("demo.ressurs", Role::Ressurssykepleier, "", unit_ids.clone()),
        ("demo.avd3", Role::Sykepleier, " Avd. 3", second.clone()),
        ("demo.admin", Role::Administrator, "", Vec::new()),
        ("demo.leder", Role::Avdelingsleder, "", unit_ids.clone()),
    ];
    let role_name = UiWords::of(Language::Nb).role;
    let mut nurses = Vec::new();
    for (username, role, ward, unit_ids) in users {
        let user = storage
            .create_user(NewUser {
                username: username.into(),
                display_name: format!("Demo {}{ward}", role_name(role)),
                role,
                password_hash: Some(hash.clone()),
                start_password_until: None,
                unit_ids,
            })
            .await?;
        nurses.push(user);
    }
    for (index, (unit, unit_id)) in units.iter().zip(&unit_ids).enumerate() {
        // Each ward's registrations are made by its own nurse.
        let nurse = if index == 1 { &nurses[3] } else { &nurses[0] };
        for p in &unit.patients {
            let patient = storage
                .create_patient(NewPatient {
                    name: p.name.clone(),
                    birth_date: p.birth_date,
                    room: p.room.clone(),
                    unit_id: *unit_id,
                })
                .await?;
            storage.import(patient.id, nurse.id, &p.registrations, &p.followups).await?;
        }
    }
    Ok(())
}

/// The wards the run command shows: 3 weeks up to now.
pub fn ward_now() -> DemoSpec {
    DemoSpec::ward(Utc::now())
}
