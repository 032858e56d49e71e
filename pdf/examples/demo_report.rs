//! Writes demo summaries to look at: `cargo run -p lindra-pdf --example demo_report -- DIR`.
//! The demo ward's deteriorating patient over 14 days, and over a year.

use chrono::{Duration, Utc};
use lindra::demo::{generate, DemoSpec};
use lindra_pdf::{render, Entry, Recipient, Report, ReportPatient, ReportUnit};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let now = Utc::now();
    for (days, name) in [(14, "14-dager"), (365, "1-aar")] {
        if std::env::var("ONLY").is_ok_and(|o| o != name) {
            continue;
        }
        let mut spec = DemoSpec::ward(now);
        spec.days = days + 1;
        let units = generate(&spec);
        let unit = &units[0];
        let patient = &unit.patients[0];
        let from = now - Duration::days(days as i64);
        let report = Report {
            recipient: Recipient::Fastlege,
            patient: ReportPatient {
                name: patient.name.clone(),
                birth_date: patient.birth_date,
                room: patient.room.clone(),
            },
            unit: ReportUnit {
                name: unit.name.clone(),
                kind: unit.kind.to_string(),
                contact_phone: unit.contact_phone.clone(),
                contact_after_hours: unit.contact_after_hours.clone(),
                assessment_interval_hours: 24,
            },
            from,
            to: now,
            entries: patient
                .registrations
                .iter()
                .filter(|r| r.observed_at >= from)
                .map(|r| Entry {
                    registration: r.clone(),
                    recorded_by: "Kari Nordmann".into(),
                    recorded_at: r.observed_at,
                    correction_reason: None,
                })
                .collect(),
            generated_by: "Ola Ressurs, ressurssykepleier".into(),
            generated_at: now,
        };
        let t = std::time::Instant::now();
        let mut bytes = render(&report)?;
        for _ in 1..std::env::var("REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(1) {
            bytes = render(&report)?;
        }
        println!("{name}: {} registrations, {} bytes, {:?}", report.entries.len(), bytes.len(), t.elapsed());
        std::fs::write(format!("{dir}/{name}.pdf"), bytes)?;
    }
    Ok(())
}
