//! `/fhir`: Lindra's records as FHIR R4 JSON, read-only (issue 20, docs/fhir.md). The resources
//! are made by `lindra-fhir`; this module finds who asks (an API client's bearer token or a
//! signed-in session), holds them to their units with the same rule as every page
//! ([`Reader`]), reads the records, and writes one access-log row per patient whose data it
//! answers with, and one per refusal. Every error is an `OperationOutcome`, never a 5xx for what
//! a client sent.

use crate::auth::{client_addr, token, Auth};
use crate::refusals::Refusal;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use chrono::{DateTime, Utc};
use lindra::national_id::NationalId;
use lindra_app::backend::{AppState, PatientRefusal, Reader, SessionUser};
use lindra_app::model::{
    ApiClient, AuditAction, AuditEvent, AuditOutcome, Patient, StoredRegistration, Unit, API_CLIENT_ROLE,
};
use lindra_app::storage::{DynStorage, Period, StorageError, Versions};
use lindra_fhir::bundle::{self, Page};
use lindra_fhir::outcome::Failure;
use lindra_fhir::search::{ResourceType, Search, SearchError};
use lindra_fhir::{PatientRecord, RecordVersion};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

const ACTION: AuditAction = AuditAction::FhirRead;
const FHIR_JSON: &str = "application/fhir+json; charset=utf-8";

#[derive(Clone)]
struct Fhir {
    storage: DynStorage,
    auth: Auth,
}

/// The `/fhir` routes. They sit behind the session middleware (which lets `/fhir` through
/// without a session: a bearer token is checked here).
pub fn router(state: &AppState, auth: Auth) -> Router {
    let fhir = Fhir { storage: state.storage.clone(), auth };
    Router::new().route("/fhir", any(handle)).route("/fhir/{*rest}", any(handle)).with_state(fhir)
}

/// Who asks: a signed-in user, or an API client.
enum Caller {
    Staff(SessionUser),
    Client(ApiClient),
}

impl Caller {
    fn reader(&self) -> Reader<'_> {
        match self {
            Caller::Staff(s) => Reader { unit_ids: &s.unit_ids, sees_patients: s.user.role.sees_patients() },
            Caller::Client(c) => Reader { unit_ids: &c.unit_ids, sees_patients: true },
        }
    }
}

/// One request: who, from where, and the base URL of the resources' `fullUrl`s.
struct Call {
    storage: DynStorage,
    caller: Caller,
    addr: String,
    base: String,
}

async fn handle(State(fhir): State<Fhir>, request: Request) -> Response {
    let addr = client_addr(&request);
    let (request, _) = request.into_parts();
    let base = base_url(&fhir.auth);
    let path = request.uri.path().trim_start_matches("/fhir").trim_matches('/').to_string();
    let segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let query = request.uri.query().unwrap_or_default();
    let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(query) else {
        // Never read as "no filter": the client would take every patient for the ones it asked.
        let error = SearchError::BadValue { name: "query".into(), value: query.chars().take(200).collect() };
        return failure(&Failure::Search(error));
    };
    if !matches!(request.method, Method::GET | Method::HEAD) {
        return failure(&Failure::ReadOnly);
    }
    if segments == ["metadata"] {
        return json(
            StatusCode::OK,
            &bundle::capability_statement(&base, env!("CARGO_PKG_VERSION"), Utc::now()),
        );
    }
    let caller = match caller(&fhir, &request).await {
        Ok(caller) => caller,
        Err(error) => {
            let refusal = Refusal {
                kind: AuditOutcome::NotSignedIn,
                method: request.method.as_str(),
                path: request.uri.path(),
                client_addr: &addr,
                user: None,
            };
            fhir.auth.refusals.record(refusal).await;
            return failure(&error);
        }
    };
    let call = Call { storage: fhir.storage.clone(), caller, addr, base };
    let self_url = format!("{}/{}", call.base, path);
    match call.answer(&segments, &pairs, &self_url).await {
        Ok(resource) => {
            let mut response = json(StatusCode::OK, &resource);
            if let Some(version) = resource["meta"]["versionId"].as_str() {
                if let Ok(etag) = HeaderValue::from_str(&format!("W/\"{version}\"")) {
                    response.headers_mut().insert(header::ETAG, etag);
                }
            }
            response
        }
        Err(error) => failure(&error),
    }
}

/// The first configured public origin, with `/fhir`.
fn base_url(auth: &Auth) -> String {
    let origin = auth.config.public_origins.first().map_or("http://localhost:3000", String::as_str);
    format!("{origin}/fhir")
}

/// A bearer token if one is sent (then only the token counts), else the session.
async fn caller(fhir: &Fhir, request: &axum::http::request::Parts) -> Result<Caller, Failure> {
    if let Some(value) = request.headers.get(header::AUTHORIZATION) {
        let bearer = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).map(str::trim);
        let Some(bearer) = bearer.filter(|t| token::well_formed(t)) else {
            return Err(Failure::BadToken);
        };
        let client = fhir
            .storage
            .api_client_by_token(&token::token_hash(bearer))
            .await
            .map_err(|_| Failure::Unavailable)?;
        return match client {
            Some(client) if client.in_force(Utc::now()) => Ok(Caller::Client(client)),
            _ => Err(Failure::BadToken),
        };
    }
    request.extensions.get::<SessionUser>().cloned().map(Caller::Staff).ok_or(Failure::NotSignedIn)
}

fn json(status: StatusCode, value: &Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    (
        status,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Body::from(body),
    )
        .into_response()
}

fn failure(error: &Failure) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = json(status, &error.operation_outcome());
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"Lindra FHIR\""));
    }
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    }
    response
}

fn unavailable(error: StorageError) -> Failure {
    tracing::error!(%error, "FHIR read failed");
    Failure::Unavailable
}

/// A stored version as the mapping reads it.
fn record(r: &StoredRegistration) -> RecordVersion<'_> {
    RecordVersion {
        id: r.root_id,
        version: r.version,
        patient_id: r.patient_id,
        recorded_at: r.recorded_at,
        recorded_by: r.recorded_by_name.clone(),
        correction_reason: r.correction_reason.clone(),
        registration: &r.registration,
    }
}

fn patient_resource(p: &Patient, units: &HashMap<i64, Unit>, national_ids: &HashMap<i64, String>) -> Value {
    lindra_fhir::patient(&PatientRecord {
        id: p.id,
        name: p.name.clone(),
        birth_date: p.birth_date,
        unit_id: p.unit_id,
        unit_name: units.get(&p.unit_id).map(|u| u.name.clone()).unwrap_or_default(),
        national_id: national_ids.get(&p.id).cloned(),
    })
}

fn period((from, to): (Option<DateTime<Utc>>, Option<DateTime<Utc>>)) -> Period {
    Period { from, to }
}

impl Call {
    fn event(&self, patient: Option<&Patient>, object: &str, outcome: AuditOutcome) -> AuditEvent {
        let (user_id, username, role) = match &self.caller {
            Caller::Staff(s) => (Some(s.user.id), s.user.username.clone(), s.user.role.code().to_string()),
            Caller::Client(c) => (None, c.name.clone(), API_CLIENT_ROLE.to_string()),
        };
        AuditEvent {
            at: Utc::now(),
            user_id,
            username,
            role,
            unit_id: patient.map(|p| p.unit_id),
            patient_id: patient.map(|p| p.id),
            action: ACTION,
            object: object.chars().take(500).collect(),
            outcome,
            client_addr: self.addr.clone(),
        }
    }

    /// The patient, if the caller may read it; a refusal is logged and answered 403 (404 for
    /// an id that is not in Lindra).
    async fn patient(&self, patient_id: i64, object: &str) -> Result<Patient, Failure> {
        let event = |patient: Option<&Patient>, outcome| self.event(patient, object, outcome);
        self.caller.reader().patient(&self.storage, patient_id, event).await.map_err(
            |refusal| match refusal {
                PatientRefusal::RoleSeesNoPatients => Failure::RoleSeesNoPatients,
                PatientRefusal::NotInUnits => Failure::PatientRefused,
                PatientRefusal::Unknown => {
                    Failure::NotFound { kind: "Patient".into(), id: patient_id.to_string() }
                }
                PatientRefusal::Storage(error) => unavailable(error),
            },
        )
    }

    /// The patients a search covers: those it names (each checked; one the caller may not
    /// read refuses the whole search), else every patient of the caller's units.
    async fn scope(&self, search: &Search, object: &str) -> Result<Vec<Patient>, Failure> {
        let reader = self.caller.reader();
        if !reader.sees_patients {
            self.storage
                .append_audit(self.event(None, object, AuditOutcome::Denied))
                .await
                .map_err(unavailable)?;
            return Err(Failure::RoleSeesNoPatients);
        }
        match search.patient_ids() {
            Some(ids) => {
                let mut patients = Vec::new();
                for id in ids {
                    match self.patient(id, object).await {
                        Ok(p) => patients.push(p),
                        // A search for an unknown patient finds nothing.
                        Err(Failure::NotFound { .. }) => {}
                        Err(error) => return Err(error),
                    }
                }
                Ok(patients)
            }
            None => self.storage.patients_in_units(reader.unit_ids).await.map_err(unavailable),
        }
    }

    /// One access-log row per patient whose data the answer holds, before it is sent.
    async fn audit_read(&self, patients: &[&Patient], object: &str) -> Result<(), Failure> {
        let events: Vec<AuditEvent> =
            patients.iter().map(|p| self.event(Some(p), object, AuditOutcome::Ok)).collect();
        if events.is_empty() {
            return Ok(());
        }
        self.storage.append_audits(&events).await.map_err(unavailable)
    }

    async fn units(&self) -> Result<HashMap<i64, Unit>, Failure> {
        Ok(self.storage.units().await.map_err(unavailable)?.into_iter().map(|u| (u.id, u)).collect())
    }

    async fn national_ids(&self, patients: &[&Patient]) -> Result<HashMap<i64, String>, Failure> {
        let ids: Vec<i64> = patients.iter().map(|p| p.id).collect();
        Ok(self.storage.national_ids(&ids).await.map_err(unavailable)?.into_iter().collect())
    }

    async fn answer(
        &self,
        segments: &[String],
        pairs: &[(String, String)],
        self_url: &str,
    ) -> Result<Value, Failure> {
        let kind = |name: &str| {
            ResourceType::from_name(name).ok_or_else(|| Failure::UnknownType { name: name.into() })
        };
        let object = format!("fhir/{}", segments.join("/"));
        match segments {
            [] => Err(Failure::UnknownType { name: String::new() }),
            [t] => self.search(kind(t)?, pairs, self_url, &object).await,
            [t, id] => {
                refuse_parameters(pairs)?;
                self.read(kind(t)?, id, &object).await
            }
            [t, id, op] if t == "Patient" && op == "$everything" => {
                self.everything(id, pairs, self_url, &object).await
            }
            [t, id, h] if h == "_history" => {
                refuse_parameters(pairs)?;
                self.history(kind(t)?, id, None, self_url, &object).await
            }
            [t, id, h, v] if h == "_history" => {
                refuse_parameters(pairs)?;
                self.history(kind(t)?, id, Some(v), self_url, &object).await
            }
            _ => Err(Failure::NotFound { kind: segments[0].clone(), id: segments[1..].join("/") }),
        }
    }

    async fn read(&self, kind: ResourceType, id: &str, object: &str) -> Result<Value, Failure> {
        let not_found = || Failure::NotFound { kind: kind.name().into(), id: id.into() };
        match kind {
            ResourceType::Questionnaire => {
                let q = lindra_fhir::questionnaire();
                if q["id"] == id {
                    Ok(q)
                } else {
                    Err(not_found())
                }
            }
            ResourceType::Patient => {
                let patient_id = id.parse::<i64>().map_err(|_| not_found())?;
                let patient = self.patient(patient_id, object).await?;
                let units = self.units().await?;
                let national_ids = self.national_ids(&[&patient]).await?;
                self.audit_read(&[&patient], object).await?;
                Ok(patient_resource(&patient, &units, &national_ids))
            }
            _ => {
                let (versions, patient) = self.versions_of(kind, id, object).await?;
                let answer = match versions.last().and_then(|current| resource_of(kind, id, current)) {
                    Some(found) => Ok(found),
                    None if versions.iter().any(|v| resource_of(kind, id, v).is_some()) => {
                        Err(Failure::Gone { kind: kind.name().into(), id: id.into() })
                    }
                    None => Err(not_found()),
                };
                self.audit_answer(&patient, object, &answer).await?;
                answer
            }
        }
    }

    /// The access-log row of an answer about one patient: `ok` when it holds data, `not_found`
    /// when the id names nothing (now).
    async fn audit_answer<T>(
        &self,
        patient: &Patient,
        object: &str,
        answer: &Result<T, Failure>,
    ) -> Result<(), Failure> {
        let outcome = if answer.is_ok() { AuditOutcome::Ok } else { AuditOutcome::NotFound };
        self.storage.append_audit(self.event(Some(patient), object, outcome)).await.map_err(unavailable)
    }

    /// Every version of the registration a resource id names (`123`, `123-esas-pain`,
    /// `123-2`), and its patient, once the caller is known to read the patient (a refusal is
    /// logged; the caller logs the answer).
    async fn versions_of(
        &self,
        kind: ResourceType,
        id: &str,
        object: &str,
    ) -> Result<(Vec<StoredRegistration>, Patient), Failure> {
        let not_found = || Failure::NotFound { kind: kind.name().into(), id: id.into() };
        let root: i64 = id.split('-').next().and_then(|r| r.parse().ok()).ok_or_else(not_found)?;
        let versions = match self.storage.registration_versions(root).await {
            Ok(v) => v,
            Err(StorageError::NotFound(_)) => return Err(not_found()),
            Err(error) => return Err(unavailable(error)),
        };
        let first = versions.first().filter(|v| v.root_id == root).ok_or_else(not_found)?;
        let patient = self.patient(first.patient_id, object).await?;
        Ok((versions, patient))
    }

    async fn history(
        &self,
        kind: ResourceType,
        id: &str,
        version: Option<&String>,
        self_url: &str,
        object: &str,
    ) -> Result<Value, Failure> {
        if !matches!(kind, ResourceType::QuestionnaireResponse | ResourceType::Observation) {
            return Err(Failure::NotFound { kind: kind.name().into(), id: format!("{id}/_history") });
        }
        let (versions, patient) = self.versions_of(kind, id, object).await?;
        let all: Vec<Value> = versions.iter().filter_map(|v| resource_of(kind, id, v)).collect();
        let answer = match version {
            _ if all.is_empty() => Err(Failure::NotFound { kind: kind.name().into(), id: id.into() }),
            None => Ok(bundle::history(&self.base, self_url, all)),
            Some(v) => all.into_iter().find(|r| r["meta"]["versionId"] == v.as_str()).ok_or_else(|| {
                Failure::NoSuchVersion { kind: kind.name().into(), id: id.into(), version: v.clone() }
            }),
        };
        self.audit_answer(&patient, object, &answer).await?;
        answer
    }

    async fn search(
        &self,
        kind: ResourceType,
        pairs: &[(String, String)],
        self_url: &str,
        object: &str,
    ) -> Result<Value, Failure> {
        let search = Search::parse(kind, pairs)?;
        let object = format!("{object}?{}", query_without_paging(pairs));
        let url = format!("{self_url}?{}", query_without_paging(pairs));
        let page = |total| Page {
            base: &self.base,
            self_url: url.trim_end_matches('?'),
            total,
            count: search.count,
            offset: search.offset,
        };
        if kind == ResourceType::Questionnaire {
            let q = lindra_fhir::questionnaire();
            let matches = search.id_matches(q["id"].as_str().unwrap_or_default())
                && search.urls.iter().all(|any| any.iter().any(|u| u == lindra_fhir::QUESTIONNAIRE_URL));
            let found: Vec<Value> = if matches { vec![q] } else { Vec::new() };
            let total = found.len();
            return Ok(bundle::searchset(
                &page(total),
                found.into_iter().skip(search.offset).take(search.count).collect(),
            ));
        }
        let patients = self.scope(&search, &object).await?;
        let by_id: HashMap<i64, &Patient> = patients.iter().map(|p| (p.id, p)).collect();
        let mut window = Window::new(search.offset, search.count);
        if kind == ResourceType::Patient {
            let units = self.units().await?;
            let national_ids = self.national_ids(&patients.iter().collect::<Vec<_>>()).await?;
            for p in &patients {
                let number = national_ids.get(&p.id).and_then(|n| NationalId::parse(n).ok());
                let identifier_ok = search.identifiers.iter().all(|any| {
                    any.iter()
                        .any(|t| number.as_ref().is_some_and(|n| t.matches(Some(n.system()), n.digits())))
                });
                if search.id_matches(&p.id.to_string()) && identifier_ok {
                    window.offer(p.id, || patient_resource(p, &units, &national_ids));
                }
            }
        } else {
            let ids: Vec<i64> = patients.iter().map(|p| p.id).collect();
            let (observed, stored, versions) = match kind {
                ResourceType::Provenance => (Period::default(), period(search.date_bounds()), Versions::All),
                _ => (period(search.date_bounds()), period(search.updated_bounds()), Versions::Current),
            };
            let mut regs =
                self.storage.registrations_of(&ids, observed, stored, versions).await.map_err(unavailable)?;
            regs.sort_by_key(|r| match kind {
                ResourceType::Provenance => (r.recorded_at, r.id),
                _ => (r.registration.observed_at, r.root_id),
            });
            // Every match is counted; only the page's resources are made.
            let id_ok = |id: &dyn Fn() -> String| search.ids.is_empty() || search.id_matches(&id());
            for r in &regs {
                let v = record(r);
                match kind {
                    ResourceType::Provenance => {
                        if search.date_matches(r.recorded_at) && id_ok(&|| bundle::provenance_id(&v)) {
                            window.offer(r.patient_id, || bundle::provenance(&v));
                        }
                    }
                    _ if !search.date_matches(r.registration.observed_at)
                        || !search.updated_matches(r.recorded_at) => {}
                    ResourceType::QuestionnaireResponse => {
                        if id_ok(&|| r.root_id.to_string()) {
                            window.offer(r.patient_id, || lindra_fhir::questionnaire_response(&v));
                        }
                    }
                    _ => {
                        for part in lindra_fhir::parts(&v) {
                            let codes = part.codes();
                            let code_ok = search.codes.is_empty()
                                || search.code_matches(codes.iter().map(|(s, c)| (Some(*s), *c)));
                            if code_ok && id_ok(&|| part.id(v.id)) {
                                window.offer(r.patient_id, || part.observation(&v));
                            }
                        }
                    }
                }
            }
        }
        let total = window.seen;
        let shown: BTreeSet<i64> = window.page.iter().map(|(p, _)| *p).collect();
        let shown: Vec<&Patient> = shown.iter().filter_map(|id| by_id.get(id).copied()).collect();
        self.audit_read(&shown, &object).await?;
        Ok(bundle::searchset(&page(total), window.page.into_iter().map(|(_, r)| r).collect()))
    }

    /// The patient, Lindra's questionnaire, every current `QuestionnaireResponse` and
    /// `Observation`, and the `Provenance` of every version; `_since` keeps what changed since.
    async fn everything(
        &self,
        id: &str,
        pairs: &[(String, String)],
        self_url: &str,
        object: &str,
    ) -> Result<Value, Failure> {
        let mut since = None;
        let mut count = lindra_fhir::search::MAX_COUNT;
        let mut offset = 0;
        for (name, value) in pairs {
            let bad = || Failure::Search(SearchError::BadValue { name: name.clone(), value: value.clone() });
            match name.as_str() {
                "_since" => {
                    since = Some(DateTime::parse_from_rfc3339(value).map_err(|_| bad())?.with_timezone(&Utc));
                }
                "_count" => {
                    count = value
                        .parse::<usize>()
                        .map_err(|_| Failure::Search(SearchError::BadCount { value: value.clone() }))?
                        .min(lindra_fhir::search::MAX_COUNT)
                }
                "_offset" => offset = value.parse().map_err(|_| bad())?,
                _ => return Err(Failure::Search(SearchError::UnknownParameter { name: name.clone() })),
            }
        }
        let patient_id =
            id.parse::<i64>().map_err(|_| Failure::NotFound { kind: "Patient".into(), id: id.into() })?;
        let patient = self.patient(patient_id, object).await?;
        let units = self.units().await?;
        let national_ids = self.national_ids(&[&patient]).await?;
        let versions = self
            .storage
            .registrations_of(&[patient_id], Period::default(), Period::default(), Versions::All)
            .await
            .map_err(unavailable)?;
        let is_new = |at: DateTime<Utc>| since.is_none_or(|s| at >= s);
        let mut window = Window::new(offset, count);
        if since.is_none() {
            window.offer(patient_id, || patient_resource(&patient, &units, &national_ids));
            window.offer(patient_id, lindra_fhir::questionnaire);
        }
        // Versions come by registration, oldest version first: a registration's current
        // version is the last of its run.
        let mut current: Vec<&StoredRegistration> = Vec::new();
        for (i, r) in versions.iter().enumerate() {
            let last = versions.get(i + 1).is_none_or(|next| next.root_id != r.root_id);
            if last && is_new(r.recorded_at) {
                current.push(r);
            }
        }
        current.sort_by_key(|r| (r.registration.observed_at, r.root_id));
        for r in &current {
            let v = record(r);
            window.offer(patient_id, || lindra_fhir::questionnaire_response(&v));
            for part in lindra_fhir::parts(&v) {
                window.offer(patient_id, || part.observation(&v));
            }
        }
        for r in versions.iter().filter(|r| is_new(r.recorded_at)) {
            window.offer(patient_id, || bundle::provenance(&record(r)));
        }
        self.audit_read(&[&patient], object).await?;
        let url = format!("{self_url}?{}", query_without_paging(pairs));
        let page =
            Page { base: &self.base, self_url: url.trim_end_matches('?'), total: window.seen, count, offset };
        Ok(bundle::searchset(&page, window.page.into_iter().map(|(_, r)| r).collect()))
    }
}

/// A search's matches: every one counted, only those on the page made.
struct Window {
    offset: usize,
    count: usize,
    /// Matches so far (at the end: the total).
    seen: usize,
    page: Vec<(i64, Value)>,
}

impl Window {
    fn new(offset: usize, count: usize) -> Window {
        Window { offset, count, seen: 0, page: Vec::with_capacity(count.min(1000)) }
    }

    /// One more match, of the patient `patient_id`: made with `make` if it is on the page.
    fn offer(&mut self, patient_id: i64, make: impl FnOnce() -> Value) {
        if self.seen >= self.offset && self.seen - self.offset < self.count {
            self.page.push((patient_id, make()));
        }
        self.seen += 1;
    }
}

/// A read takes no search parameters (but `_format=json`).
fn refuse_parameters(pairs: &[(String, String)]) -> Result<(), Failure> {
    match pairs.iter().find(|(name, _)| name != "_format") {
        Some((name, _)) => Err(Failure::Search(SearchError::UnknownParameter { name: name.clone() })),
        None => Ok(()),
    }
}

/// The resource `id` of `kind` in one registration version, if that version has it.
fn resource_of(kind: ResourceType, id: &str, r: &StoredRegistration) -> Option<Value> {
    let v = record(r);
    match kind {
        ResourceType::QuestionnaireResponse => {
            (id == r.root_id.to_string()).then(|| lindra_fhir::questionnaire_response(&v))
        }
        ResourceType::Observation => {
            lindra_fhir::parts(&v).into_iter().find(|p| p.id(v.id) == id).map(|p| p.observation(&v))
        }
        ResourceType::Provenance => (id == bundle::provenance_id(&v)).then(|| bundle::provenance(&v)),
        _ => None,
    }
}

/// The query as given, without `_count` and `_offset` (the paging links add their own).
fn query_without_paging(pairs: &[(String, String)]) -> String {
    let kept: Vec<&(String, String)> =
        pairs.iter().filter(|(name, _)| name != "_count" && name != "_offset").collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}
