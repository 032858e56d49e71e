//! Lindra's cross-crate tests, linked into one test binary: each binary links the whole server
//! (Leptos, sqlx, printpdf), so one binary instead of one per file keeps a clean build's disk
//! use and link time down. Each module is one subject; `cargo test -p lindra-tests access::`
//! runs one of them.

mod access;
mod catalogue;
mod db_down;
mod disk_full;
mod fhir;
mod fhir_mapping;
mod followups;
mod handover;
mod http;
mod languages;
mod limits;
mod lock;
mod patient_mode;
mod probe;
mod properties;
mod quality;
mod refusal_log;
mod routers;
mod second_factor;
mod storage_contract;
mod summary_pdf;
mod trends;
