//! Reusable pieces of the pages.

pub mod attention;
pub mod body_map;
pub mod esas_table;
pub mod followup;
pub mod layout;
pub mod score_scale;
pub mod summary_export;
