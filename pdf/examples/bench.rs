//! The summary's benchmark (docs/benchmarks.md): the demo ward's deteriorating patient over 14
//! days and over a year, made by Lindra (printpdf operations) and, side by side in the same run,
//! the same report as an HTML page printed by headless Chromium (`--print-to-pdf`), the way many
//! web apps make PDFs.
//!
//!   cargo run --release -p lindra-pdf --example bench                # both routes
//!   cargo run --release -p lindra-pdf --example bench -- --write DIR # also keep the files
//!   cargo run --release -p lindra-pdf --example bench -- --no-chromium

use chrono::{DateTime, Duration, Utc};
use lindra::demo::{generate, DemoSpec};
use lindra::summary::Recipient;
use lindra::time::{format_date, format_date_time_in};
use lindra::{Language, Severity};
use lindra_charts::model::{palette, Span};
use lindra_charts::Chart;
use lindra_pdf::report::Cell;
use lindra_pdf::{render, Entry, Report, ReportPatient, ReportUnit};
use std::process::Command;
use std::time::Instant;

const RUNS: usize = 200;
const CHROMIUM_RUNS: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let write = args.iter().position(|a| a == "--write").and_then(|i| args.get(i + 1)).cloned();
    let chromium = !args.iter().any(|a| a == "--no-chromium");
    let now = Utc::now();
    println!("| report | registrations | pages | size | Lindra p50 | Lindra p95 | Chromium p50 | ratio |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (days, name) in [(14, "14 dager"), (365, "1 år")] {
        let report = demo_report(now, days);
        let pdf = render(&report)?;
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let t = Instant::now();
            let bytes = render(&report)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(bytes);
        }
        let (p50, p95) = percentiles(&mut times);
        let pages = count_pages(&pdf);
        let (chromium_p50, ratio) = if chromium {
            let dir = tempfile::tempdir()?;
            let html = dir.path().join("report.html");
            let mut runs = Vec::new();
            for _ in 0..CHROMIUM_RUNS {
                let t = Instant::now();
                std::fs::write(&html, report_html(&report))?;
                let out = dir.path().join("report.pdf");
                let status = Command::new("chromium")
                    .args([
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--no-pdf-header-footer",
                        &format!("--print-to-pdf={}", out.display()),
                        &format!("file://{}", html.display()),
                    ])
                    .output()?;
                if !status.status.success() || !out.exists() {
                    return Err(
                        format!("chromium failed: {}", String::from_utf8_lossy(&status.stderr)).into()
                    );
                }
                runs.push(t.elapsed().as_secs_f64() * 1000.0);
                if let Some(dir) = &write {
                    std::fs::copy(&out, format!("{dir}/chromium-{days}.pdf"))?;
                }
            }
            let (c50, _) = percentiles(&mut runs);
            (format!("{c50:.0} ms"), format!("{:.0}x", c50 / p50))
        } else {
            ("–".into(), "–".into())
        };
        println!(
            "| {name} | {} | {pages} | {} KB | {p50:.1} ms | {p95:.1} ms | {chromium_p50} | {ratio} |",
            report.entries.len(),
            pdf.len() / 1024
        );
        if let Some(dir) = &write {
            std::fs::write(format!("{dir}/lindra-{days}.pdf"), &pdf)?;
        }
    }
    Ok(())
}

fn percentiles(times: &mut [f64]) -> (f64, f64) {
    times.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.95))
}

fn count_pages(pdf: &[u8]) -> usize {
    pdf.windows(10).filter(|w| w == b"/Type /Pag" || w == b"/Type/Page").count().saturating_sub(1).max(1)
}

/// The demo ward's first patient (the deteriorating course) over the last `days` days.
fn demo_report(now: DateTime<Utc>, days: i64) -> Report {
    let spec = DemoSpec { days: u32::try_from(days + 1).unwrap_or(15), ..DemoSpec::ward(now) };
    let units = generate(&spec);
    let unit = &units[0];
    let patient = &unit.patients[0];
    let from = now - Duration::days(days);
    Report {
        language: Language::Nb,
        recipient: Recipient::Fastlege,
        patient: ReportPatient {
            name: patient.name.clone(),
            birth_date: patient.birth_date,
            room: patient.room.clone(),
        },
        unit: ReportUnit {
            name: unit.name.clone(),
            kind: (Language::Nb.report().unit_kind)("sykehjem").unwrap_or_default().into(),
            contact_phone: unit.contact_phone.clone(),
            contact_after_hours: unit.contact_after_hours.clone(),
            assessment_interval_hours: 24,
        },
        from,
        followups: Vec::new(),
        expected: Vec::new(),
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
    }
}

/// The same report as one HTML page with inline SVG charts (what a web app would print).
fn report_html(r: &Report) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let (w, clinical, language) = (r.language.report(), r.language.clinical(), r.language);
    let date_time = |at| format_date_time_in(at, language);
    let mut h = format!("<!DOCTYPE html><html lang=\"{}\">", language.code());
    h += &String::from(
        "<head><meta charset=\"utf-8\"><style>\
         @page{size:A4;margin:15mm}body{font-family:'DejaVu Sans',sans-serif;font-size:9pt;color:#1b2430}\
         h1{font-size:17pt;margin:0}h2{font-size:11.5pt;border-bottom:1px solid #c9d1da;margin:12pt 0 6pt}\
         .box{background:#f1f4f7;padding:8pt}table{border-collapse:collapse;width:100%}\
         td,th{padding:2pt 4pt;text-align:center}td:first-child,th:first-child{text-align:left}\
         .b{display:inline-block;min-width:28pt;color:#fff;font-weight:bold}\
         .charts{display:grid;grid-template-columns:1fr 1fr;gap:6pt}.charts svg{width:100%;height:auto}\
         .wide svg{width:100%;height:auto}.page{break-before:page}</style></head><body>",
    );
    h += &format!(
        "<h1>{}</h1><p>{} · {}</p>",
        w.title,
        r.recipient.label_in(language),
        esc(&(w.made)(&date_time(r.generated_at), &r.generated_by))
    );
    let born = r.patient.birth_date.format("%d.%m.%Y").to_string();
    let age = lindra::time::to_oslo(r.generated_at)
        .date()
        .years_since(r.patient.birth_date)
        .and_then(|years| i32::try_from(years).ok())
        .unwrap_or_default();
    h += &format!(
        "<div class=\"box\"><b>{}</b> {}<br>{}<br>{}<b>{}</b><br>{}<b>{}</b></div>",
        esc(&r.patient.name),
        esc(&(w.born)(&born, age, &r.patient.room)),
        esc(&(w.cared_for_at)(&r.unit.name, &r.unit.kind)),
        w.contact_day,
        esc(&r.unit.contact_phone),
        w.contact_after_hours,
        esc(&r.unit.contact_after_hours)
    );
    h += &format!(
        "<p><b>{}</b></p>",
        (w.period)(&format_date(r.from), &format_date(r.to), r.days(), r.entries.len())
    );
    if let Some(latest) = r.latest() {
        h += &format!(
            "<h2>{}</h2><p>{} · {}: {} · {}</p>",
            w.latest_heading,
            date_time(latest.registration.observed_at),
            clinical.completed_by_label,
            (clinical.completed_by)(latest.registration.completed_by).to_lowercase(),
            esc(&(w.registered_by)(&latest.recorded_by))
        );
        h += &format!(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            w.col_symptom, w.col_now, w.previous, w.col_change, w.col_highest, w.col_mean
        );
        for row in r.rows() {
            let cell = |c: Cell, coloured: bool| match c {
                Cell::Number(v) if coloured && row.is_score => {
                    let sev = lindra::Score::new(i64::from(v)).map(Severity::of).unwrap_or(Severity::None);
                    format!("<span class=\"b\" style=\"background:{}\">{v}</span>", palette::band(sev).hex())
                }
                Cell::Number(v) => v.to_string(),
                Cell::NotAssessed => clinical.not_assessed_short.into(),
                Cell::Empty => "–".into(),
            };
            h += &format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&row.label),
                cell(row.latest, true),
                cell(row.previous, false),
                row.difference.map_or("–".into(), |d| format!("{d:+}")),
                row.highest.map_or("–".into(), |v| v.to_string()),
                row.mean.map_or("–".into(), |m| format!("{m:.1}"))
            );
        }
        h += &format!(
            "</table><h2>{}</h2><table><tr><th></th><th>{}</th><th>{}</th><th>{}</th></tr>",
            w.pain_heading, w.col_latest, w.col_highest, w.col_mean
        );
        for p in r.pain() {
            h += &format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (clinical.nrs_short)(p.question),
                p.latest.map_or("–".into(), |v| v.to_string()),
                p.highest.map_or("–".into(), |v| v.to_string()),
                p.mean.map_or("–".into(), |m| format!("{m:.1}"))
            );
        }
        h += "</table>";
        h += &format!("<h2>{}</h2>", w.body_latest_heading);
        h += &body_svg(
            &latest
                .registration
                .body_marks
                .iter()
                .map(|m| (m.region, m.intensity.value()))
                .collect::<Vec<_>>(),
        );
        let registrations = r.registrations();
        let span = Span::new(r.from, r.to);
        h += &format!("<h2 class=\"page\">{}</h2><div class=\"charts\">", w.course_heading);
        for item in lindra::course::course_items(&registrations) {
            h += &lindra_charts::svg(&Chart::item(item, &registrations, span, clinical), 536, 204)
                .unwrap_or_default();
        }
        h += "</div><div class=\"wide\">";
        h += &lindra_charts::svg(&Chart::sums(&registrations, span, clinical), 1087, 306).unwrap_or_default();
        h += &lindra_charts::svg(&Chart::pain(&registrations, span, clinical), 1087, 243).unwrap_or_default();
        h += &format!("</div><h2>{}</h2>", w.heat_heading);
        let heat: Vec<_> =
            lindra::course::body_heat(&registrations).iter().map(|h| (h.region, h.highest.value())).collect();
        h += &body_svg(&heat);
        h += &format!("<h2>{}</h2>", clinical.note);
        for e in r.notes() {
            h += &format!(
                "<p><b>{} · {}</b><br>{}</p>",
                date_time(e.registration.observed_at),
                esc(&e.recorded_by),
                esc(&e.registration.note)
            );
        }
    } else {
        h += &format!("<p><b>{}</b></p>", w.nothing_in_period);
    }
    h + "</body></html>"
}

fn body_svg(marks: &[(lindra::RegionId, u8)]) -> String {
    let mut s = String::from("<svg viewBox=\"0 0 500 660\" width=\"180\">");
    for (i, view) in [lindra::BodyView::Front, lindra::BodyView::Back].into_iter().enumerate() {
        s += &format!("<g transform=\"translate({} 0)\">", i * 260);
        s += &format!(
            "<path d=\"{}\" fill=\"#e9ecef\"/>",
            lindra::body_shape::path_data(lindra::body_shape::outline_of(view))
        );
        for shape in lindra::body_shape::shapes_of(view) {
            let fill = marks
                .iter()
                .find(|(r, _)| *r == shape.id)
                .and_then(|(_, v)| lindra::Score::new(i64::from(*v)).ok())
                .map_or("none".to_string(), |s| palette::band(Severity::of(s)).hex());
            s += &format!("<path d=\"{}\" fill=\"{fill}\" stroke=\"#c9d1da\"/>", shape.svg_path());
        }
        s += "</g>";
    }
    s + "</svg>"
}
