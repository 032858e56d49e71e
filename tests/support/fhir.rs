//! The third-party FHIR check: `tests/fhir/validate.mjs` (npm `@medplum/core`'s
//! `validateResource` against the R4 base definitions, installed by scripts/setup.sh).

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs the validator on `resources`: (its exit status was success, its output).
pub fn validate(resources: &[Value]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("resources.json");
    std::fs::write(&file, serde_json::to_vec(resources).expect("json")).expect("write");
    let output = Command::new("node")
        .arg(root().join("tests/fhir/validate.mjs"))
        .arg(&file)
        .env("NODE_PATH", root().join(".tools/node_modules"))
        .output()
        .expect("node runs (scripts/setup.sh installs it and the validator)");
    let text =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}
