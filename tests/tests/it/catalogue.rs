//! Every user-facing word lives in the text catalogue (issue 17): a Norwegian string literal in
//! the code outside it fails this test. The literals not yet moved are counted per file in
//! `tests/catalogue-baseline.txt`; a file may not gain one, and a file that loses some must say
//! so in the baseline too (`LINDRA_UPDATE_BASELINE=1` writes it). The goal is an empty file.
//!
//! "Norwegian" is a string with æ, ø or å, or with one of the common Norwegian words below, that
//! reads as text (a space in it, or a capital first letter): not an id such as "passord", a path
//! such as "/pasient/1/ny" or a code such as "sykehjem". Test modules, comments and log lines
//! (`tracing::`, for the people who run the server, in English) do not count.

use lindra::text::catalogue_strings;
use lindra::Language;
use lindra_app::text;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where the code is, and what is the catalogue itself or not user-facing text.
const ROOTS: [&str; 6] = ["src", "app/src", "server/src", "pdf/src", "fhir/src", "charts/src"];
const CATALOGUE: [&str; 6] = [
    "src/text/",
    "app/src/text/",
    "server/src/text.rs",
    // The FHIR interface's own words (its resources are in bokmål, its outcomes also in English).
    "fhir/src/text.rs",
    // The patient form's own catalogue (`PatientWords`, one value per language).
    "src/patient_form.rs",
    // Demo data: made-up patients, notes and units, not the UI's words.
    "src/demo.rs",
];
const BASELINE: &str = "tests/catalogue-baseline.txt";

/// Literals the detector takes for Norwegian text that are not (each with why).
const NOT_TEXT: &[&str] = &[
    // A PDF dictionary key (pdf/src/figure.rs).
    "Type",
    // CSS classes (app/src/pages/patient.rs).
    "panel hand-over",
    // Demo data: the second nurse's display name (server/src/demo.rs).
    " Avd. 3",
    // The default shifts' names: a new unit's data, which its administrator renames (src/shift.rs).
    "Dag",
    "Kveld",
    "Natt",
];

const WORDS: &[&str] = &[
    "ikke",
    "og",
    "er",
    "på",
    "av",
    "med",
    "som",
    "det",
    "den",
    "ble",
    "kan",
    "skal",
    "har",
    "du",
    "eller",
    "finnes",
    "ingen",
    "mangler",
    "velg",
    "skriv",
    "lagre",
    "lagret",
    "pasient",
    "pasienten",
    "pasienter",
    "enhet",
    "enheten",
    "bruker",
    "brukeren",
    "tilgang",
    "feil",
    "prøv",
    "igjen",
    "siden",
    "logg",
    "vent",
    "forsøk",
    "oppfølging",
    "registrering",
    "registreringen",
    "rolle",
    "passord",
    "nå",
    "alle",
    "mer",
    "enn",
    "fra",
    "til",
    "ny",
    "nytt",
    "nye",
    "år",
    "dager",
    "timer",
    "minutter",
    "uker",
    "måneder",
    "ukjent",
    "navn",
    "type",
    "kontakt",
    "vakt",
    "aktiv",
    "deaktivert",
    "smerte",
    "sykepleier",
    "helsefagarbeider",
    "ressurssykepleier",
    "avdelingsleder",
    "sykehjem",
    "sykehus",
    "hjemmetjeneste",
    "administrasjon",
    "kvalme",
    "angst",
    "depresjon",
    "intervall",
    "periode",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the repository").to_path_buf()
}

/// Every word of the bokmål and nynorsk catalogues that the English one does not have: the
/// Norwegian the code may only hold through the catalogue. Grows with the catalogue itself.
fn dictionary() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let strings = |l: Language| -> Vec<String> {
            let areas: [&dyn std::fmt::Debug; 15] = [
                l.clinical(),
                l.report(),
                l.body(),
                l.time(),
                l.summary(),
                l.score(),
                l.chart(),
                text::UiWords::of(l),
                text::QualityWords::of(l),
                text::LockWords::of(l),
                text::PatientModeWords::of(l),
                text::SecondFactorWords::of(l),
                text::SettingsWords::of(l),
                text::AdminWords::of(l),
                lindra_server::text::ServerWords::of(l),
            ];
            areas.into_iter().flat_map(catalogue_strings).collect()
        };
        let words = |strings: Vec<String>| -> HashSet<String> {
            strings
                .iter()
                .flat_map(|s| {
                    s.split(|c: char| !c.is_alphabetic()).map(str::to_lowercase).collect::<Vec<_>>()
                })
                .filter(|w| w.chars().count() >= 3)
                .collect()
        };
        let english = words(strings(Language::En));
        let mut norwegian = words(strings(Language::Nb));
        norwegian.extend(words(strings(Language::Nn)));
        norwegian.retain(|w| !english.contains(w));
        norwegian
    })
}

fn is_norwegian_text(s: &str) -> bool {
    let reads_as_text = s.contains(' ') || s.chars().next().is_some_and(char::is_uppercase);
    if !reads_as_text || s.starts_with('/') || NOT_TEXT.contains(&s) {
        return false;
    }
    // The placeholders of a format string are names in the code, not words.
    let mut lower = String::new();
    let mut depth = 0;
    for c in s.to_lowercase().chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if depth == 0 => lower.push(c),
            _ => {}
        }
    }
    lower.contains(['æ', 'ø', 'å'])
        || lower
            .split(|c: char| !c.is_alphabetic())
            .any(|word| WORDS.contains(&word) || dictionary().contains(word))
}

/// The string literals of one line of Rust (plain and raw strings on one line; a string that
/// goes on over lines counts on the line it starts).
fn literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'/') {
            break;
        }
        if c == '\'' && previous != '&' && !previous.is_alphanumeric() {
            // A char literal ('"'), not a lifetime.
            let rest: String = chars.clone().take(3).collect();
            if rest.starts_with("\"'") || rest.starts_with("\\\"") {
                chars.nth(1);
                continue;
            }
        }
        if c == '"' {
            let mut s = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => s.extend(chars.next()),
                    '"' => break,
                    c => s.push(c),
                }
            }
            out.push(s);
        }
        previous = c;
    }
    out
}

/// Norwegian literals of one file, outside its test module, comments and log lines.
fn norwegian_literals(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).expect("a source file");
    let mut found = Vec::new();
    let mut continued = false;
    for (number, line) in text.lines().enumerate() {
        let code = line.trim();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") || code.starts_with("tracing::") || code.contains("tracing::") {
            continue;
        }
        // The rest of a string that started on an earlier line is that string.
        if continued {
            continued = code.ends_with('\\');
            continue;
        }
        for literal in literals(line) {
            if is_norwegian_text(&literal) {
                found.push((number + 1, literal));
            }
        }
        continued = code.ends_with('\\');
    }
    found
}

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn current() -> BTreeMap<String, Vec<(usize, String)>> {
    let repo = repo();
    let mut files = Vec::new();
    for root in ROOTS {
        source_files(&repo.join(root), &mut files);
    }
    let mut counts = BTreeMap::new();
    for file in files {
        let name = file.strip_prefix(&repo).expect("in the repository").to_string_lossy().replace('\\', "/");
        if CATALOGUE.iter().any(|c| name.starts_with(c)) {
            continue;
        }
        let found = norwegian_literals(&file);
        if !found.is_empty() {
            counts.insert(name, found);
        }
    }
    counts
}

fn baseline() -> BTreeMap<String, usize> {
    let text = std::fs::read_to_string(repo().join(BASELINE)).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (count, path) = l.trim().split_once(' ')?;
            Some((path.to_string(), count.parse().ok()?))
        })
        .collect()
}

#[test]
fn no_norwegian_literal_outside_the_catalogue_beyond_the_baseline() {
    let now = current();
    let total: usize = now.values().map(Vec::len).sum();
    if std::env::var_os("LINDRA_UPDATE_BASELINE").is_some() {
        let mut text = String::from(
            "# Norwegian literals outside the text catalogue, per file (tests/tests/it/catalogue.rs).\n\
             # The goal is an empty file.\n",
        );
        for (path, found) in &now {
            text.push_str(&format!("{} {path}\n", found.len()));
        }
        std::fs::write(repo().join(BASELINE), text).expect("write the baseline");
    }
    let baseline = baseline();
    let mut problems = Vec::new();
    for (path, found) in &now {
        let allowed = baseline.get(path).copied().unwrap_or(0);
        if found.len() > allowed {
            let list: Vec<String> = found.iter().map(|(line, s)| format!("  {path}:{line}: {s}")).collect();
            problems.push(format!(
                "{path}: {} Norwegian literals, the baseline allows {allowed}. Move the new ones into the \
                 catalogue (app/src/text, src/text):\n{}",
                found.len(),
                list.join("\n")
            ));
        } else if found.len() < allowed {
            problems.push(format!(
                "{path}: {} Norwegian literals, fewer than the baseline's {allowed}: lower it \
                 (LINDRA_UPDATE_BASELINE=1)",
                found.len()
            ));
        }
    }
    for (path, allowed) in &baseline {
        if !now.contains_key(path) && *allowed > 0 {
            problems
                .push(format!("{path}: none left; take it out of the baseline (LINDRA_UPDATE_BASELINE=1)"));
        }
    }
    println!("Norwegian literals outside the catalogue: {total}");
    if std::env::var_os("LINDRA_LIST_LITERALS").is_some() {
        for (path, found) in &now {
            for (line, s) in found {
                println!("{path}:{line}: {s}");
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_detector_tells_text_from_ids_paths_and_codes() {
    assert!(is_norwegian_text("Lagre endringene"));
    assert!(is_norwegian_text("Pårørende"));
    assert!(is_norwegian_text("Navn"));
    assert!(!is_norwegian_text("passord"));
    assert!(!is_norwegian_text("/pasient/1/ny"));
    assert!(!is_norwegian_text("sykehjem"));
    assert!(!is_norwegian_text("Lindra"));
    assert!(!is_norwegian_text("Type"), "a PDF dictionary key");
    assert!(!is_norwegian_text("{side}, {}"), "placeholders are not words");
    assert!(is_norwegian_text("Sikkerhetslogg"), "a word of the catalogue");
    assert!(is_norwegian_text("Tidligere"), "a word of the catalogue");
    assert_eq!(literals(r#"let a = "Navn"; // "Hvem""#), vec!["Navn".to_string()]);
    assert_eq!(literals(r#"f('"', "Ny bruker")"#), vec!["Ny bruker".to_string()]);
}
