//! Patient mode (issue 17): the unit tablet handed to one patient, who answers ESAS-r themselves.
//! `POST /pasientmodus` starts it from the patient page; the session then reaches only the
//! patient's form (`/pasientsvar`), its save, and the staff screen that takes the tablet back
//! (`/pasientsvar/tilbake`, posting to `POST /pasientsvar/avslutt` with the staff member's PIN
//! or password; five wrong end the session). Every other page goes back to the form, and every
//! other call is refused and logged: back button, typed addresses and reloads stay in the form.

use super::lock::{end_after_wrong_pins, form, see_other};
use super::{client_addr, pin, unavailable_in, Auth};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use lindra_app::backend::{Ctx, SessionUser};
use lindra_app::model::{AuditAction, AuditOutcome, PatientMode, PatientModeProblem};
use lindra_app::pages::patient_mode::{ANSWERS_PATH, END_PATH, GIVE_BACK_PATH};
use lindra_app::text::PatientModeWords;

/// What a session in patient mode may ask for: the patient's form and its save, the staff
/// screen that takes the tablet back, and the files every page needs.
pub fn allowed(path: &str) -> bool {
    matches!(path, ANSWERS_PATH | GIVE_BACK_PATH | END_PATH | "/api/record_self_report" | "/utlogging")
        || matches!(path, "/healthz" | "/readyz" | "/favicon.svg" | "/api/current_session")
        || path.starts_with("/pkg/")
}

/// Anything else: logged; a page goes back to the patient's form, a call gets 403.
pub(super) async fn refuse(auth: &Auth, request: (&Method, &str, &str), session: &SessionUser) -> Response {
    let words = PatientModeWords::of(session.language);
    let error = lindra_app::error::AppError::Forbidden(words.handed_over.into());
    super::confined(auth, request, session, AuditOutcome::Denied, ANSWERS_PATH, error).await
}

#[derive(serde::Deserialize, Default)]
struct Start {
    #[serde(default)]
    pasient: String,
    #[serde(default)]
    sprak: String,
    #[serde(default)]
    smerte: Option<String>,
    #[serde(default)]
    kroppskart: Option<String>,
}

/// Patient mode could not start, in the staff member's `language`.
fn problem_page(language: lindra::Language, status: StatusCode, problem: PatientModeProblem) -> Response {
    let t = PatientModeWords::of(language);
    (status, Html(crate::pages::message_page(language, t.not_started, (t.problem)(problem)))).into_response()
}

/// POST /pasientmodus: hands the tablet to the patient, in the chosen language.
pub async fn start(
    axum::extract::State(auth): axum::extract::State<Auth>,
    request: Request<Body>,
) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    if session.patient_mode.is_some() {
        return see_other(ANSWERS_PATH);
    }
    let form = form::<Start>(request).await.unwrap_or_default();
    let Ok(patient_id) = form.pasient.trim().parse::<i64>() else {
        return problem_page(session.language, StatusCode::BAD_REQUEST, PatientModeProblem::NoPatient);
    };
    let Some(language) = lindra::Language::from_code(form.sprak.trim()) else {
        return problem_page(session.language, StatusCode::BAD_REQUEST, PatientModeProblem::Language);
    };
    let ctx = Ctx { storage: auth.storage.clone(), session: session.clone(), client_addr: addr };
    const ACTION: AuditAction = AuditAction::PatientModeStart;
    let patient = match ctx.patient(ACTION, patient_id).await {
        Ok(patient) => patient,
        Err(lindra_app::error::AppError::Unavailable(_)) => {
            return unavailable_in(session.language, "/pasientmodus", None)
        }
        Err(_) => return problem_page(session.language, StatusCode::FORBIDDEN, PatientModeProblem::NoAccess),
    };
    let mode = PatientMode {
        patient_id,
        language,
        // The body map takes its intensity from pain now: asking for it asks for that too.
        steps: lindra::patient_form::PatientSteps {
            pain_now: form.smerte.is_some() || form.kroppskart.is_some(),
            body_map: form.kroppskart.is_some(),
        },
        started_at: Utc::now(),
        registration_id: None,
    };
    if let Err(error) = auth.storage.start_patient_mode(&session.token_hash, mode).await {
        return unavailable_in(session.language, "/pasientmodus", Some(&error));
    }
    let object = format!("patient/{patient_id}");
    if let Err(error) = ctx.audit(ACTION, Some(&patient), None, object, AuditOutcome::Ok).await {
        tracing::error!(%error, "could not log the start of patient mode");
    }
    see_other(ANSWERS_PATH)
}

#[derive(serde::Deserialize, Default)]
struct End {
    #[serde(default)]
    pin: String,
    #[serde(default)]
    passord: String,
}

/// POST /pasientsvar/avslutt: the staff member's PIN or password takes the tablet back, to the
/// patient's page. A wrong one is counted with the session's PIN attempts: the fifth ends it.
pub async fn end(axum::extract::State(auth): axum::extract::State<Auth>, request: Request<Body>) -> Response {
    let addr = client_addr(&request);
    let Some(session) = request.extensions().get::<SessionUser>().cloned() else {
        return see_other("/logg-inn");
    };
    let Some(mode) = session.patient_mode else {
        return see_other("/");
    };
    let form = form::<End>(request).await.unwrap_or_default();
    let attempt = match auth.storage.reserve_pin_attempt(&session.token_hash, pin::MAX_FAILURES).await {
        Ok(attempt) => attempt,
        Err(error) => return unavailable_in(session.language, END_PATH, Some(&error)),
    };
    let Some(attempt) = attempt else {
        return end_after_wrong_pins(&auth, &session, &addr, AuditAction::PatientModeEnd).await;
    };
    // A PIN if one was typed, else the password.
    let by_pin = !form.pin.trim().is_empty();
    let stored = if by_pin {
        auth.storage.pin_hash(session.user.id).await
    } else {
        auth.storage.password_hash(session.user.id).await
    };
    let stored = match stored {
        Ok(stored) => stored,
        Err(error) => return unavailable_in(session.language, END_PATH, Some(&error)),
    };
    let entered = if by_pin { form.pin.trim().to_string() } else { form.passord };
    let right = tokio::task::spawn_blocking(move || {
        (!by_pin || entered.len() <= pin::MAX_DIGITS) && super::password::verify(&entered, stored.as_deref())
    })
    .await
    .unwrap_or(false);
    let ctx = Ctx { storage: auth.storage.clone(), session: session.clone(), client_addr: addr.clone() };
    let patient = auth.storage.patient(mode.patient_id).await.ok().flatten();
    let object = format!("patient/{}", mode.patient_id);
    if right {
        match auth.storage.end_patient_mode(&session.token_hash, Utc::now()).await {
            Ok(_) => {}
            Err(error) => return unavailable_in(session.language, END_PATH, Some(&error)),
        }
        if let Err(error) =
            ctx.audit(AuditAction::PatientModeEnd, patient.as_ref(), None, object, AuditOutcome::Ok).await
        {
            tracing::error!(%error, "could not log the end of patient mode");
        }
        return see_other(&format!("/pasient/{}", mode.patient_id));
    }
    if !by_pin {
        let now = Utc::now();
        if let Err(error) = auth.storage.record_login_failure(&session.user.username, &addr, now).await {
            tracing::error!(%error, "could not record a wrong password in patient mode");
        }
    }
    if attempt < pin::MAX_FAILURES {
        if let Err(error) =
            ctx.audit(AuditAction::PatientModeEnd, patient.as_ref(), None, object, AuditOutcome::Failed).await
        {
            tracing::error!(%error, "could not log a wrong PIN in patient mode");
        }
        return see_other(&format!("{GIVE_BACK_PATH}?feil=1"));
    }
    end_after_wrong_pins(&auth, &session, &addr, AuditAction::PatientModeEnd).await
}
