//! Bundles (a search's page, a resource's history), the `Provenance` of each registration
//! version, and the `CapabilityStatement` that says what Lindra serves.

use crate::search::{ResourceType, DEFAULT_COUNT, MAX_COUNT};
use crate::{instant, parts, RecordVersion, QUESTIONNAIRE_URL};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

/// One page of a search: `total` matches in all, `entries` the ones on this page. `self_url` is
/// the search's URL without `_count` and `_offset` (they are added for each link).
pub struct Page<'a> {
    pub base: &'a str,
    pub self_url: &'a str,
    pub total: usize,
    pub count: usize,
    pub offset: usize,
}

fn page_link(url: &str, count: usize, offset: usize) -> String {
    let join = if url.contains('?') { '&' } else { '?' };
    format!("{url}{join}_count={count}&_offset={offset}")
}

/// `Type/id` of a resource.
fn reference(resource: &Value) -> String {
    format!(
        "{}/{}",
        resource["resourceType"].as_str().unwrap_or_default(),
        resource["id"].as_str().unwrap_or_default()
    )
}

/// A `searchset` bundle with `total`, the `self` link and `next`/`previous` when there are more.
pub fn searchset(page: &Page, entries: Vec<Value>) -> Value {
    let mut links =
        vec![json!({ "relation": "self", "url": page_link(page.self_url, page.count, page.offset) })];
    if page.offset > 0 {
        let previous = page.offset.saturating_sub(page.count.max(1));
        links.push(json!({ "relation": "previous", "url": page_link(page.self_url, page.count, previous) }));
    }
    let next = page.offset.saturating_add(page.count);
    if page.count > 0 && next < page.total {
        links.push(json!({ "relation": "next", "url": page_link(page.self_url, page.count, next) }));
    }
    let entries: Vec<Value> = entries
        .into_iter()
        .map(|resource| {
            json!({
                "fullUrl": format!("{}/{}", page.base, reference(&resource)),
                "resource": resource,
                "search": { "mode": "match" },
            })
        })
        .collect();
    let mut bundle = json!({
        "resourceType": "Bundle",
        "type": "searchset",
        "total": page.total,
        "link": links,
    });
    if !entries.is_empty() {
        bundle["entry"] = Value::Array(entries);
    }
    bundle
}

/// A resource's versions as a `history` bundle, newest first; `versions` oldest first.
pub fn history(base: &str, self_url: &str, versions: Vec<Value>) -> Value {
    let total = versions.len();
    let entries: Vec<Value> = versions
        .into_iter()
        .rev()
        .map(|resource| {
            let version = resource["meta"]["versionId"].as_str().unwrap_or("1").to_string();
            let first = version == "1";
            let kind = resource["resourceType"].as_str().unwrap_or_default().to_string();
            json!({
                "fullUrl": format!("{base}/{}", reference(&resource)),
                "request": {
                    "method": if first { "POST" } else { "PUT" },
                    "url": if first { kind } else { reference(&resource) },
                },
                "response": {
                    "status": if first { "201 Created" } else { "200 OK" },
                    "etag": format!("W/\"{version}\""),
                    "lastModified": resource["meta"]["lastUpdated"].clone(),
                },
                "resource": resource,
            })
        })
        .collect();
    let mut bundle = json!({
        "resourceType": "Bundle",
        "type": "history",
        "total": total,
        "link": [{ "relation": "self", "url": self_url }],
    });
    if !entries.is_empty() {
        bundle["entry"] = Value::Array(entries);
    }
    bundle
}

/// The id of the `Provenance` of one registration version.
pub fn provenance_id(r: &RecordVersion) -> String {
    format!("{}-{}", r.id, r.version)
}

/// Who recorded one registration version, when, and for a correction why: its targets are
/// this version of the `QuestionnaireResponse` and of each `Observation` derived from it.
pub fn provenance(r: &RecordVersion) -> Value {
    let version = r.version;
    let mut targets =
        vec![json!({ "reference": format!("QuestionnaireResponse/{}/_history/{version}", r.id) })];
    targets.extend(
        parts(r)
            .iter()
            .map(|p| json!({ "reference": format!("Observation/{}/_history/{version}", p.id(r.id)) })),
    );
    let (code, display) = if version > 1 { ("UPDATE", "revise") } else { ("CREATE", "create") };
    let mut p = json!({
        "resourceType": "Provenance",
        "id": provenance_id(r),
        "meta": { "versionId": "1", "lastUpdated": instant(r.recorded_at) },
        "target": targets,
        "recorded": instant(r.recorded_at),
        "activity": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-DataOperation", "code": code, "display": display }] },
        "agent": [{
            "type": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "code": "author", "display": "Author" }] },
            "who": { "display": r.recorded_by },
        }],
    });
    if let Some(reason) = &r.correction_reason {
        p["reason"] = json!([{ "text": reason }]);
    }
    p
}

/// What Lindra's FHIR interface serves, as it is: read-only, JSON, each type's search
/// parameters, `_history` for the versioned types, and `Patient/$everything`.
pub fn capability_statement(base: &str, software_version: &str, date: DateTime<Utc>) -> Value {
    let resources: Vec<Value> = ResourceType::ALL
        .into_iter()
        .map(|kind| {
            let versioned = matches!(kind, ResourceType::QuestionnaireResponse | ResourceType::Observation);
            let mut interactions = vec![json!({ "code": "read" }), json!({ "code": "search-type" })];
            if versioned {
                interactions.push(json!({ "code": "vread" }));
                interactions.push(json!({ "code": "history-instance" }));
            }
            let mut params: Vec<Value> = kind
                .parameters()
                .iter()
                .map(|p| json!({ "name": p.name, "type": p.kind.code(), "documentation": p.doc }))
                .collect();
            params.push(json!({ "name": "_count", "type": "number", "documentation": format!("Page size: {DEFAULT_COUNT} unless given, at most {MAX_COUNT}") }));
            params.push(json!({ "name": "_offset", "type": "number", "documentation": "How many matches to skip (the paging links carry it)" }));
            let mut r = json!({
                "type": kind.name(),
                "interaction": interactions,
                "versioning": if versioned { "versioned" } else { "no-version" },
                "readHistory": versioned,
                "updateCreate": false,
                "searchParam": params,
            });
            if kind == ResourceType::Patient {
                r["operation"] = json!([{
                    "name": "everything",
                    "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                    "documentation": format!("The patient, Lindra's Questionnaire, every current QuestionnaireResponse and Observation, and the Provenance of every version, in pages of {MAX_COUNT} resources (next links); _since, _count and _offset"),
                }]);
            }
            r
        })
        .collect();
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": instant(date),
        "publisher": "Lindra",
        "kind": "instance",
        "software": { "name": "Lindra", "version": software_version },
        "implementation": {
            "description": (crate::text::NB.implementation)(QUESTIONNAIRE_URL),
            "url": base,
        },
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [{
            "mode": "server",
            "documentation": "Read-only. Unknown search parameters are refused (400), not ignored. Times without a zone are Europe/Oslo.",
            "security": {
                "cors": false,
                "description": "An API client's bearer token (Authorization: Bearer), made by Lindra's administrator for the units it may read; or a signed-in Lindra session. Every read is in the patient's access log.",
            },
            "resource": resources,
        }],
    })
}
