//! Seeds demo data from the domain's generator into storage: units, patients, their
//! registrations, and the demo users who "registered" them.

use chrono::Utc;
use lindra::demo::{generate, DemoSpec};
use lindra_app::model::{NewPatient, NewUnit, NewUser, Role, User};
use lindra_app::storage::{Storage, StorageResult};

pub const DEMO_NURSE: &str = "demo.sykepleier";

/// Seeds `spec` into an empty database and returns the demo nurse. A database that already has
/// units is left alone, and the existing demo nurse is returned if there is one.
pub async fn seed(storage: &dyn Storage, spec: &DemoSpec) -> StorageResult<Option<User>> {
    if !storage.units().await?.is_empty() {
        return storage.user_by_username(DEMO_NURSE).await;
    }
    let units = generate(spec);
    let mut unit_ids = Vec::new();
    let mut stored_units = Vec::new();
    for unit in &units {
        let stored = storage
            .create_unit(NewUnit {
                name: unit.name.clone(),
                kind: unit.kind.to_string(),
                assessment_interval_hours: 24,
                contact_phone: unit.contact_phone.clone(),
                contact_after_hours: unit.contact_after_hours.clone(),
            })
            .await?;
        unit_ids.push(stored.id);
        stored_units.push(stored);
    }
    let nurse = storage
        .create_user(NewUser {
            username: DEMO_NURSE.into(),
            display_name: "Demo Sykepleier".into(),
            role: Role::Sykepleier,
            password_hash: None,
            unit_ids: unit_ids.clone(),
        })
        .await?;
    for (unit, stored) in units.iter().zip(&stored_units) {
        for p in &unit.patients {
            let patient = storage
                .create_patient(NewPatient {
                    name: p.name.clone(),
                    birth_date: p.birth_date,
                    room: p.room.clone(),
                    unit_id: stored.id,
                })
                .await?;
            storage.import(patient.id, nurse.id, &p.registrations).await?;
        }
    }
    Ok(Some(nurse))
}

/// The ward the run command shows: 8 patients, 3 weeks up to now.
pub fn ward_now() -> DemoSpec {
    DemoSpec::ward(Utc::now())
}
