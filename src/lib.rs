//! The clinical domain of Lindra: what a symptom registration *is* and the rules that hold for it.
//!
//! This crate owns the ESAS-r instrument (items, wording, 0-10 scores and "kan ikke vurdere"),
//! the pain NRS, the body map's regions, severity bands, the symptom sums and the clinically
//! meaningful change between two registrations, and the validation of a registration form.
//!
//! Architecture invariant: the domain never does IO. No database, no network, no clock: the
//! current time is always passed in. It builds for the browser (wasm32) and the server alike, so
//! the form is validated by the very same code on both sides.
//!
//! Every number and every Norwegian word here comes from `shared/clinical.md`; where that file marks
//! a point *unverified*, the code says so next to it and docs/clinical/ lists it.

pub mod body_map;
pub mod body_shape;
pub mod course;
pub mod demo;
pub mod esas;
pub mod followup;
pub mod national_id;
pub mod nrs;
pub mod patient_form;
pub mod quality;
pub mod registration;
pub mod score;
pub mod shift;
pub mod summary;
pub mod text;
pub mod time;

pub use body_map::{BodyMark, BodyRegion, BodySide, BodyView, RegionId};
pub use esas::{CompletedBy, EsasItem, EsasScores, OtherProblem, SumKind};
pub use nrs::PainNrs;
pub use patient_form::SelfReport;
pub use registration::{FieldError, Registration, RegistrationDraft, ValidationErrors};
pub use score::{ItemValue, Score, ScoreError, Severity};
pub use text::Language;
