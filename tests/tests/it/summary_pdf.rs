//! The PDF summary for the GP over HTTP, read back with poppler: every ESAS-r label and the latest
//! values, "utfylt av", the period and "Side x av y" in its text (pdftotext), DejaVu embedded as a
//! subset (pdffonts), every page non-blank (pdftoppm); a download that is never cached; the
//! access log; an empty period, a reversed period, an unknown or foreign patient, no session
//! (the login page).

use http::{header, StatusCode};
use lindra::summary::SummaryPeriod;
use lindra::EsasItem;
use lindra_app::model::Patient;
use lindra_tests::app::{sqlite_app, test_app, TestApp};
use std::process::Command;

/// Runs a poppler tool on the PDF; a missing tool fails the test (scripts/setup.sh installs it).
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("summary.pdf");
    std::fs::write(&file, pdf).expect("write pdf");
    let file = file.to_string_lossy().to_string();
    let args: Vec<&str> = args.iter().map(|a| if *a == "PDF" { file.as_str() } else { a }).collect();
    let out =
        Command::new(tool).args(&args).current_dir(dir.path()).output().unwrap_or_else(|e| {
            panic!("{tool} could not run ({e}): install poppler-utils (scripts/setup.sh)")
        });
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8_lossy(&out.stdout).into_owned(), dir)
}

fn text_of(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-layout", "PDF", "-"], pdf).0
}

/// The patient of the unit with the most registrations in the demo data.
async fn busiest(app: &TestApp, unit: i64) -> Patient {
    let mut best = (0, app.patient_of_unit(unit).await);
    for row in app.storage.patients_in_unit(unit).await.expect("patients") {
        let n = app.storage.registrations(row.patient.id, Default::default()).await.expect("regs").len();
        if n > best.0 {
            best = (n, row.patient);
        }
    }
    best.1
}

async fn the_summary_reads_back_with_what_a_gp_needs(app: TestApp) {
    let cookie = app.login("demo.sykepleier").await;
    let patient = busiest(&app, 1).await;
    let latest = app.storage.latest_registration(patient.id).await.expect("latest").expect("has one");
    let (status, headers, pdf) =
        app.get_bytes(&format!("/pasient/{}/oppsummering.pdf?mottaker=fastlege", patient.id), &cookie).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(headers.get(header::CONTENT_TYPE).map(|v| v.to_str().ok()), Some(Some("application/pdf")));
    assert_eq!(headers.get(header::CACHE_CONTROL).map(|v| v.to_str().ok()), Some(Some("no-store")));
    let today = lindra::summary::today(chrono::Utc::now());
    let period = SummaryPeriod::default_until(today);
    let disposition = headers.get(header::CONTENT_DISPOSITION).expect("disposition").to_str().expect("ascii");
    assert_eq!(
        disposition,
        format!("attachment; filename=\"{}\"", lindra::summary::file_name(&patient.name, &period)),
        "a download named after the patient and the period"
    );
    assert!(pdf.starts_with(b"%PDF-"));

    let text = text_of(&pdf);
    assert!(text.contains("Til fastlege"), "{text}");
    assert!(text.contains(&patient.name), "the patient's name (with æ ø å as stored)");
    assert!(text.contains(&format!("Født {}", patient.birth_date.format("%d.%m.%Y"))));
    assert!(text.contains("Kveld, natt og helg"), "the unit's after-hours contact");
    let span =
        format!("Periode: {}–{}", period.first_day.format("%d.%m.%Y"), period.last_day.format("%d.%m.%Y"));
    assert!(text.contains(&span), "the period {span:?} in:\n{text}");
    let completed_by =
        (lindra::Language::Nb.clinical().completed_by)(latest.registration.completed_by).to_lowercase();
    assert!(text.contains(&format!("Utfylt av: {completed_by}")), "utfylt av {completed_by:?}");
    // Each item's row of the latest-ESAS-r table starts with its label, then the latest value.
    for item in EsasItem::SYMPTOMS {
        let label =
            format!("{}. {}", item.number(), (lindra::Language::Nb.clinical().item_short_label)(item));
        let row = text
            .lines()
            .map(str::trim_start)
            .find(|l| l.starts_with(&label))
            .unwrap_or_else(|| panic!("a row for {label:?} in:\n{text}"));
        let first = row[label.len()..].split_whitespace().next().expect("a value");
        let expected = match latest.registration.esas.get(item) {
            Some(v) => v.score().map_or("KIV".to_string(), |s| s.value().to_string()),
            None => "–".into(),
        };
        assert_eq!(first, expected, "latest value of {label}: {row:?}");
    }
    let pages: usize = poppler("pdfinfo", &["PDF"], &pdf)
        .0
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().expect("page count")))
        .expect("Pages:");
    assert!(pages >= 2, "summary, course: {pages} pages");
    for page in 1..=pages {
        assert!(text.contains(&format!("Side {page} av {pages}")), "Side {page} av {pages}");
    }

    let fonts = poppler("pdffonts", &["PDF"], &pdf).0;
    let dejavu: Vec<&str> = fonts.lines().filter(|l| l.contains("DejaVuSans")).collect();
    assert_eq!(dejavu.len(), 2, "regular and bold:\n{fonts}");
    for line in dejavu {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type... encoding emb sub uni object-id gen
        let n = cols.len();
        assert_eq!((cols[n - 5], cols[n - 4]), ("yes", "yes"), "embedded and subset: {line}");
        assert!(cols[0].split_once('+').is_some_and(|(tag, _)| tag.len() == 6), "subset tag: {line}");
    }

    // Every page has ink on it: render in grey at 30 dpi and count dark pixels.
    let (_, dir) = poppler("pdftoppm", &["-r", "30", "-gray", "PDF", "page"], &pdf);
    let mut rendered = 0;
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "pgm") {
            let pgm = std::fs::read(&path).expect("pgm");
            let dark = pixels(&pgm).iter().filter(|p| **p < 128).count();
            assert!(dark > 500, "{} has ink ({dark} dark pixels)", path.display());
            rendered += 1;
        }
    }
    assert_eq!(rendered, pages, "every page rendered");

    let log = app.audit(patient.id).await;
    assert!(
        log.iter().any(|(u, a, o)| u == "demo.sykepleier" && a == "pdf.export" && o == "ok"),
        "the export is in the patient's access log: {log:?}"
    );
}

/// The pixels of a binary PGM (P5, 8 bit).
fn pixels(pgm: &[u8]) -> &[u8] {
    // Header: "P5", width, height, maxval, each followed by whitespace.
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 && i < pgm.len() {
        while i < pgm.len() && pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        while i < pgm.len() && !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    &pgm[(i + 1).min(pgm.len())..]
}

#[tokio::test]
async fn the_summary_reads_back_on_sqlite() {
    the_summary_reads_back_with_what_a_gp_needs(sqlite_app().await).await;
}

#[tokio::test]
async fn the_summary_reads_back_on_postgres() {
    let Some(db) = lindra_tests::postgres().await else { return };
    the_summary_reads_back_with_what_a_gp_needs(test_app(db, false).await).await;
}

#[tokio::test]
async fn a_period_without_registrations_gives_a_pdf_that_says_so() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let patient = app.patient_of_unit(1).await;
    let uri = format!(
        "/pasient/{}/oppsummering.pdf?mottaker=palliativt-team&fra=2020-01-01&til=2020-01-14",
        patient.id
    );
    let (status, _, pdf) = app.get_bytes(&uri, &cookie).await;
    assert_eq!(status, StatusCode::OK);
    let text = text_of(&pdf);
    assert!(text.contains("Ingen registreringer i perioden."), "{text}");
    assert!(text.contains("Til palliativt team"));
    assert!(text.contains("Periode: 01.01.2020–14.01.2020 (14 dager) · 0 registreringer"), "{text}");
    assert!(text.contains("Side 1 av 1"));
}

#[tokio::test]
async fn a_reversed_period_or_an_unknown_recipient_is_named_and_nothing_is_exported() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await;
    let patient = app.patient_of_unit(1).await;
    let uri =
        format!("/pasient/{}/oppsummering.pdf?mottaker=fastlege&fra=2026-11-20&til=2026-11-10", patient.id);
    let answer = app.get(&uri, &cookie).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.header(header::CONTENT_TYPE).is_some_and(|c| c.starts_with("text/html")));
    assert!(answer.body.contains("Fra-dato: 20.11.2026 er etter til-datoen 10.11.2026"), "{}", answer.body);
    assert!(answer.body.contains(&format!("href=\"/pasient/{}\"", patient.id)), "a way back");

    let answer = app.get(&format!("/pasient/{}/oppsummering.pdf?mottaker=nabo", patient.id), &cookie).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("Mottaker: velg fastlege, palliativt team eller annen mottaker."));

    let log = app.audit(patient.id).await;
    assert_eq!(log.iter().filter(|(_, a, o)| a == "pdf.export" && o == "invalid").count(), 2, "{log:?}");
    assert!(!log.iter().any(|(_, a, o)| a == "pdf.export" && o == "ok"), "nothing exported");
}

#[tokio::test]
async fn another_units_patient_an_unknown_one_and_no_session_get_a_clear_refusal() {
    let app = sqlite_app().await;
    let cookie = app.login("demo.sykepleier").await; // unit 1 only
    let other = app.patient_of_unit(2).await;
    for uri in [format!("/pasient/{}/oppsummering.pdf", other.id), "/pasient/999999/oppsummering.pdf".into()]
    {
        let answer = app.get(&uri, &cookie).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(
            answer.body.contains("Pasienten finnes ikke, eller du har ikke tilgang til den."),
            "{}",
            answer.body
        );
        assert!(!answer.body.contains(&other.name));
    }
    assert!(app
        .audit(other.id)
        .await
        .iter()
        .any(|(u, a, o)| u == "demo.sykepleier" && a == "pdf.export" && o == "denied"));

    let answer = app.get("/pasient/abc/oppsummering.pdf", &cookie).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(answer.body.contains("Pasienten finnes ikke."));

    let answer = app.get(&format!("/pasient/{}/oppsummering.pdf", other.id), "lindra_session=nothing").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "to the login page, as every page without a session");
    assert!(
        answer.header(header::LOCATION).is_some_and(|l| l.starts_with("/logg-inn")),
        "{:?}",
        answer.headers
    );
    assert!(!answer.body.contains(&other.name));
}

/// A unit that writes nynorsk gets its PDFs (the summary and the handover) in nynorsk, whatever
/// the language of the one who prints them; the answer when a PDF is refused speaks the reader's.
#[tokio::test]
async fn a_nynorsk_unit_gets_its_pdfs_in_nynorsk_whoever_prints_them() {
    use lindra::Language;
    let app = sqlite_app().await;
    let unit = app.storage.unit(1).await.expect("unit").expect("unit 1");
    let nynorsk = lindra_app::model::NewUnit { language: Language::Nn, ..(&unit).into() };
    app.storage.update_unit(1, nynorsk).await.expect("a nynorsk unit");
    let cookie = app.login("demo.sykepleier").await;
    // The nurse reads Lindra in English.
    let body = serde_urlencoded::to_string([("sprak", "en")]).expect("form");
    assert_eq!(app.post_form("/innstillinger", &cookie, &body).await.status, StatusCode::SEE_OTHER);

    let patient = busiest(&app, 1).await;
    let (status, _, pdf) =
        app.get_bytes(&format!("/pasient/{}/oppsummering.pdf?mottaker=fastlege", patient.id), &cookie).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    let text = text_of(&pdf);
    let pages = text.matches("Laga i Lindra").count();
    assert!(pages >= 2, "the nynorsk footer on every page:\n{text}");
    for page in 1..=pages {
        assert!(text.contains(&format!("Side {page} av {pages}")), "Side {page} av {pages}");
    }
    for wanted in [
        "Symptomsamandrag (ESAS-r)",
        "Til fastlege",
        &format!("Fødd {}", patient.birth_date.format("%d.%m.%Y")),
        "(sjukeheim)",
        "Kontakt på dagtid",
        "dagar) ·",
        "registreringar",
        "Forløp i perioden",
        "Oppfølging i perioden",
        "nyaste først",
    ] {
        assert!(text.contains(wanted), "{wanted:?} in:\n{text}");
    }
    for bokmal in ["Laget", "Født", "Kontakt dagtid", "registreringer", "nyeste først", "Page ", "Born"] {
        assert!(!text.contains(bokmal), "{bokmal:?} in a nynorsk summary:\n{text}");
    }

    let (status, _, pdf) = app.get_bytes("/enhet/1/vaktrapport.pdf", &cookie).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    let text = text_of(&pdf);
    assert!(text.contains("Laga i Lindra") && text.contains("Side 1 av"), "{text}");
    assert!(!text.contains("Laget i Lindra") && !text.contains("Page 1"), "{text}");

    // A refusal is an answer to the reader: in English.
    let uri =
        format!("/pasient/{}/oppsummering.pdf?mottaker=fastlege&fra=2026-11-20&til=2026-11-10", patient.id);
    let answer = app.get(&uri, &cookie).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("From date: 20.11.2026 is after the to date 10.11.2026"), "{}", answer.body);
    assert!(answer.body.contains("<html lang=\"en\">"), "{}", answer.body);
}
