//! `GET /pasient/{id}/oppsummering.pdf?mottaker=fastlege&fra=2026-11-10&til=2026-11-23`: the
//! summary for the GP or the palliative team as a download. The same access check and audit row
//! as every server function (`AuditAction::PdfExport`); the period and recipient are read with the
//! domain's rules. Errors are small pages with a way back, never a 500.
//!
//! Languages: a PDF (the summary, the handover) is written in its unit's written language
//! (`Unit::language`), whoever prints it; the answers when one is not made, and the quality CSV,
//! speak the reader's (`SessionUser::language`).

use axum::extract::{Path, Query, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use lindra::summary::{self, Recipient, SummaryPeriod};
use lindra::Language;
use lindra_app::backend::{AppState, Ctx, SessionUser};
use lindra_app::error::AppError;
use lindra_app::model::{AuditAction, AuditOutcome, Patient, Role, StoredRegistration, Unit};
use lindra_app::storage::{Missing, Period};
use lindra_app::text::{QualityWords, UiWords};
use lindra_pdf::{Entry, Report, ReportPatient, ReportUnit};
use serde::Deserialize;
use std::future::Future;

pub const ACTION: AuditAction = AuditAction::PdfExport;

/// The reader's language: the session's (their choice, else their unit's), bokmål without one.
fn reader_language(parts: &axum::http::request::Parts) -> Language {
    parts.extensions.get::<SessionUser>().map_or(Language::Nb, |s| s.language)
}

/// `fut` run where the app's words (`lindra_app::text::language()`: its refusals, the handover's
/// lines) are in `language`. Outside a page there is no context to say so, and they would be
/// bokmål.
fn in_language<F: Future>(language: Language, fut: F) -> leptos::reactive::computed::ScopedFuture<F> {
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        leptos::prelude::provide_context(language);
        leptos::reactive::computed::ScopedFuture::new(fut)
    })
}

/// "Kari Nordmann, sykepleier": who made a PDF, in its language.
fn made_by(name: &str, role: Role, language: Language) -> String {
    format!("{name}, {}", (UiWords::of(language).role)(role).to_lowercase())
}

#[derive(Debug, Default, Deserialize)]
pub struct SummaryQuery {
    #[serde(default)]
    pub mottaker: String,
    #[serde(default)]
    pub fra: String,
    #[serde(default)]
    pub til: String,
}

pub async fn summary_pdf(
    state: AppState,
    Path(patient): Path<String>,
    query: Result<Query<SummaryQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let language = reader_language(&parts);
    let ui = UiWords::of(language);
    let Ok(patient_id) = patient.parse::<i64>() else {
        return error_page(
            StatusCode::NOT_FOUND,
            ui.pdf_not_made,
            (ui.missing)(Missing::Patient),
            "/",
            language,
        );
    };
    let back = format!("/pasient/{patient_id}");
    let Query(query) = query.unwrap_or_default();
    match in_language(language, export(&state, &parts, patient_id, query, language)).await {
        Ok(pdf) => pdf,
        Err(error) => refused(error, ui.pdf_not_made, &back, language),
    }
}

/// The page for a download that could not be made: sign in again, or the reason, with a way
/// back to `back`, in `language`.
fn refused(error: AppError, title: &str, back: &str, language: Language) -> Response {
    match error {
        AppError::NotSignedIn(message) => {
            error_page(StatusCode::UNAUTHORIZED, title, &message, "/innlogging", language)
        }
        error => {
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
            error_page(status, title, &error.to_string(), back, language)
        }
    }
}

async fn export(
    state: &AppState,
    parts: &axum::http::request::Parts,
    patient_id: i64,
    query: SummaryQuery,
    reader: Language,
) -> Result<Response, AppError> {
    let ctx = Ctx::from_parts(state, parts)?;
    let patient = ctx.patient(ACTION, patient_id).await?;
    let now = chrono::Utc::now();
    let object = format!("patient/{patient_id}/oppsummering");
    let recipient = if query.mottaker.trim().is_empty() {
        Some(Recipient::Fastlege)
    } else {
        Recipient::from_code(&query.mottaker)
    };
    let period = SummaryPeriod::parse_in(&query.fra, &query.til, summary::today(now), reader);
    let (recipient, period) = match (recipient, period) {
        (Some(r), Ok(p)) => (r, p),
        (recipient, period) => {
            let mut errors = period.err().map(|e| e.0).unwrap_or_default();
            if recipient.is_none() {
                errors.push(lindra::FieldError {
                    field: "mottaker".into(),
                    message: reader.summary().recipient_invalid.into(),
                });
            }
            ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Invalid).await?;
            return Err(AppError::Invalid(lindra::ValidationErrors(errors)));
        }
    };
    let unit = ctx
        .storage
        .unit(patient.unit_id)
        .await?
        .ok_or_else(|| AppError::NotFound(UiWords::of(reader).unit_not_found.into()))?;
    let (from, to) = period.bounds(now);
    let stored = ctx.storage.registrations(patient_id, Period { from: Some(from), to: Some(to) }).await?;
    let followups: Vec<_> = ctx
        .storage
        .followups(patient_id, Period { from: None, to: Some(to) })
        .await?
        .into_iter()
        .filter(|f| f.open_during(from, to))
        .collect();
    let expected =
        ctx.storage.expected_symptoms(patient_id, now).await?.into_iter().map(|e| e.symptom).collect();
    let object = format!(
        "{object}?mottaker={}&fra={}&til={}",
        recipient.code(),
        period.first_day.format("%Y-%m-%d"),
        period.last_day.format("%Y-%m-%d")
    );
    ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Ok).await?;

    let file_name = summary::file_name(&patient.name, &period);
    let generated_by = made_by(&ctx.user().display_name, ctx.user().role, unit.language);
    let report =
        report(recipient, patient, unit, (from, to), (stored, followups, expected), generated_by, now);
    // Drawing takes milliseconds of CPU: off the threads that serve other requests.
    let pdf = tokio::task::spawn_blocking(move || lindra_pdf::render(&report))
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r.map_err(|e| e.to_string()))
        .map_err(|error| {
            tracing::error!(%error, "summary PDF failed");
            AppError::Unavailable(reader.report().pdf_failed.into())
        })?;
    Ok(download(pdf, &file_name))
}

/// A PDF as a download that no cache keeps.
fn download(pdf: Vec<u8>, file_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment; filename=\"Lindra.pdf\"")),
            ),
        ],
        pdf,
    )
        .into_response()
}

fn report(
    recipient: Recipient,
    patient: Patient,
    unit: Unit,
    (from, to): (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>),
    (stored, followups, expected): (
        Vec<StoredRegistration>,
        Vec<lindra::followup::steps::Followup>,
        Vec<lindra::followup::ExpectedSymptom>,
    ),
    generated_by: String,
    now: chrono::DateTime<chrono::Utc>,
) -> Report {
    // The summary is written in its unit's written language, whoever prints it.
    let language = unit.language;
    let kind = (language.report().unit_kind)(&unit.kind).map_or(unit.kind.clone(), str::to_string);
    Report {
        language,
        recipient,
        patient: ReportPatient { name: patient.name, birth_date: patient.birth_date, room: patient.room },
        unit: ReportUnit {
            name: unit.name,
            kind,
            contact_phone: unit.contact_phone,
            contact_after_hours: unit.contact_after_hours,
            assessment_interval_hours: unit.assessment_interval_hours,
        },
        from,
        to,
        entries: stored
            .into_iter()
            .map(|s| Entry {
                registration: s.registration,
                recorded_by: s.recorded_by_name,
                recorded_at: s.recorded_at,
                correction_reason: s.correction_reason,
            })
            .collect(),
        followups,
        expected,
        generated_by,
        generated_at: now,
    }
}

/// A small page in `language` that says what went wrong and leads back.
/// A download that was not made: `title` says which («PDF-en ble ikke laget»).
fn error_page(status: StatusCode, title: &str, message: &str, back: &str, language: Language) -> Response {
    let escape =
        |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let link = if back == "/innlogging" { UiWords::of(language).sign_in } else { language.report().back };
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} – Lindra</title></head>\
         <body><main><h1>{}</h1><p role=\"alert\">{}</p>\
         <p><a href=\"{}\">{link}</a></p></main></body></html>",
        language.code(),
        escape(title),
        escape(title),
        escape(message),
        escape(back)
    );
    (status, [(header::CACHE_CONTROL, "no-store")], axum::response::Html(body)).into_response()
}

#[derive(Debug, Default, Deserialize)]
pub struct HandoverQuery {
    #[serde(default)]
    pub vakt: String,
}

/// `GET /enhet/{id}/vaktrapport.pdf?vakt=N`: the handover report on A4, for the handover meeting.
/// The same access check and access-log rows as the page (`handover.read` on every patient).
pub async fn handover_pdf(
    state: AppState,
    Path(unit): Path<String>,
    query: Result<Query<HandoverQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let reader = reader_language(&parts);
    let ui = UiWords::of(reader);
    let Ok(unit_id) = unit.parse::<i64>() else {
        return error_page(StatusCode::NOT_FOUND, ui.pdf_not_made, ui.unit_not_found, "/", reader);
    };
    let back = format!("/enhet/{unit_id}/vaktrapport");
    let Query(query) = query.unwrap_or_default();
    let shifts_back = if query.vakt.trim().is_empty() { Ok(0) } else { query.vakt.trim().parse::<i64>() };
    let result = async {
        let ctx = Ctx::from_parts(&state, &parts)?;
        let shifts_back = shifts_back.map_err(|_| {
            AppError::Invalid(lindra::ValidationErrors(vec![lindra::FieldError {
                field: "vakt".into(),
                message: (ui.handover_back)(lindra_app::handover::MAX_SHIFTS_BACK),
            }]))
        })?;
        // The sheet, its lines included, is written in the unit's written language; which that
        // is says nothing about the unit's patients, so it is read before the access check
        // (`handover_for`'s).
        let language = ctx.storage.unit(unit_id).await?.map_or(reader, |u| u.language);
        let handover =
            in_language(language, lindra_app::handover::handover_for(&ctx, unit_id, shifts_back)).await?;
        let generated_by = made_by(&ctx.user().display_name, ctx.user().role, language);
        Ok::<_, AppError>(in_language(language, async { sheet(handover, generated_by, language) }).await)
    }
    .await;
    let sheet = match result {
        Ok(sheet) => sheet,
        Err(error) => return refused(error, ui.pdf_not_made, &back, reader),
    };
    let file_name = format!("vaktrapport-{}.pdf", sheet.generated_at.format("%Y-%m-%d-%H%M"));
    match tokio::task::spawn_blocking(move || lindra_pdf::render_handover(&sheet)).await {
        Ok(Ok(pdf)) => download(pdf, &file_name),
        Ok(Err(error)) => {
            tracing::error!(%error, "handover PDF failed");
            let failed = reader.report().pdf_failed_retry;
            error_page(StatusCode::SERVICE_UNAVAILABLE, ui.pdf_not_made, failed, &back, reader)
        }
        Err(error) => {
            tracing::error!(%error, "handover PDF task failed");
            let failed = reader.report().pdf_failed_retry;
            error_page(StatusCode::SERVICE_UNAVAILABLE, ui.pdf_not_made, failed, &back, reader)
        }
    }
}

/// The report's data as the printed sheet lays it out, in `language` (run where the app's words
/// are in it, too: `in_language`).
fn sheet(
    h: lindra_app::handover::Handover,
    generated_by: String,
    language: Language,
) -> lindra_pdf::handover::HandoverSheet {
    use lindra_pdf::handover::{HandoverSheet, SheetRow};
    let title = h.title();
    let (busy, quiet): (Vec<_>, Vec<_>) = h.rows.into_iter().partition(|r| !r.is_quiet());
    HandoverSheet {
        language,
        unit: h.unit.name,
        title,
        rows: busy
            .iter()
            .map(|r| SheetRow { heading: r.heading(), lines: r.lines(h.now), urgent: r.reassessment_overdue })
            .collect(),
        quiet_heading: UiWords::of(language).nothing_new.into(),
        quiet: quiet.iter().map(|r| r.heading()).collect(),
        generated_by,
        generated_at: h.now,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct QualityQuery {
    #[serde(default)]
    pub periode: String,
}

/// `GET /enhet/{id}/kvalitet.csv?periode=uke|maned`: the quality table as CSV (RFC 4180, UTF-8
/// with a byte order mark), for a spreadsheet. The same access check and access-log row as the
/// page; no patient names.
pub async fn quality_csv(
    state: AppState,
    Path(unit): Path<String>,
    query: Result<Query<QualityQuery>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    // A table for the reader's spreadsheet, in the reader's language.
    let language = reader_language(&parts);
    let words = QualityWords::of(language);
    let Ok(unit_id) = unit.parse::<i64>() else {
        return error_page(
            StatusCode::NOT_FOUND,
            words.csv_not_made,
            UiWords::of(language).unit_not_found,
            "/",
            language,
        );
    };
    let back = format!("/enhet/{unit_id}/kvalitet");
    let Query(query) = query.unwrap_or_default();
    let result = in_language(language, async {
        let ctx = Ctx::from_parts(&state, &parts)?;
        let q = lindra_app::quality::unit_figures_for(&ctx, unit_id, query.periode.trim()).await?;
        let labels: Vec<String> = q.rows.iter().map(|r| r.table_label()).collect();
        Ok::<_, AppError>((q, labels))
    })
    .await;
    let (q, labels) = match result {
        Ok(q) => q,
        Err(error) => return refused(error, words.csv_not_made, &back, language),
    };
    let rows: Vec<(String, &lindra::quality::Quality)> =
        labels.into_iter().zip(&q.rows).map(|(label, r)| (label, &r.quality)).collect();
    let body = in_language(language, async { lindra_app::quality::csv(words.period, &rows) }).await;
    let file_name =
        format!("kvalitet-{unit_id}-{}-{}.csv", q.kind.code(), chrono::Utc::now().format("%Y-%m-%d"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}
