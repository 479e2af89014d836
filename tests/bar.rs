//! The bar: real policies nobody here wrote, each marked valid or defective by its source.
//! `tests/bar/*.json` holds them, one file per source (Parliament's unit tests, the aws-samples
//! policy repositories, AWS documentation examples), each case with where it was taken from.
//!
//! - A case the source calls valid (`"expect": "clean"`) must get no error-severity finding.
//! - A case the source calls defective (`"expect": "flagged"`) must get at least one finding
//!   (error, warning or information).
//! - A case may carry `"stale"`: the source is out of date or wrong about AWS (it calls an action
//!   unknown that the catalog has today, or accepts what AWS rejects), and the expectation is
//!   AWS's, with the fact stated.
//! - A case may carry `"differs"`: the source reports something iam-policy-ls deliberately does
//!   not, with the reason. It is counted apart and does not fail the test.
//! - A case may carry `"gap"`: a defect iam-policy-ls does not catch yet, said plainly. It is
//!   counted apart (and shown in the README) until a rule catches it; then the test says so.
//!
//! The counts per source are a generated section of the README (`UPDATE_README=1 cargo test
//! --test bar` rewrites it).

use iam_policy_ls::analysis::{Options, Severity, analyze};
use iam_policy_ls::policy::PolicyKind;
use iam_policy_ls::syntax::parse;
use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/bar")
}

/// One source's results.
#[derive(Default)]
struct Tally {
    source: String,
    clean: usize,
    clean_ok: usize,
    flagged: usize,
    flagged_ok: usize,
    differs: usize,
    gaps: usize,
}

fn check_file(path: &PathBuf, failures: &mut Vec<String>) -> Tally {
    let text = std::fs::read_to_string(path).expect("readable");
    let file: Value = serde_json::from_str(&text).expect("a bar file is JSON");
    let mut tally = Tally {
        source: file["source"].as_str().expect("source").to_string(),
        ..Tally::default()
    };
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    for case in file["cases"].as_array().expect("cases") {
        let id = case["name"].as_str().expect("name");
        let kind = case["kind"]
            .as_str()
            .map(|k| PolicyKind::parse(k).unwrap_or_else(|| panic!("{name} {id}: bad kind {k}")));
        let policy = match &case["policy"] {
            Value::String(s) => s.clone(),
            other => serde_json::to_string_pretty(other).unwrap(),
        };
        let options = Options {
            kind,
            kind_source: kind.map(|_| "the bar file".into()),
            ..Options::default()
        };
        let found = analyze(&policy, &parse(&policy), &options).findings;
        if case["differs"].is_string() {
            tally.differs += 1;
            continue;
        }
        if case["gap"].is_string() {
            tally.gaps += 1;
            if found.iter().any(|f| f.severity != Severity::Hint) {
                failures.push(format!(
                    "{name} {id}: marked as a gap, but it is caught now: remove \"gap\""
                ));
            }
            continue;
        }
        let shown = || {
            found
                .iter()
                .map(|f| format!("{:?} {} {}", f.severity, f.code, f.message))
                .collect::<Vec<_>>()
                .join("\n    ")
        };
        match case["expect"].as_str() {
            Some("clean") => {
                tally.clean += 1;
                if found.iter().any(|f| f.severity == Severity::Error) {
                    failures.push(format!("{name} {id}: valid, but:\n    {}", shown()));
                } else {
                    tally.clean_ok += 1;
                }
            }
            Some("flagged") => {
                tally.flagged += 1;
                if found.iter().any(|f| f.severity != Severity::Hint) {
                    tally.flagged_ok += 1;
                } else {
                    failures.push(format!(
                        "{name} {id}: the source marks it as a defect ({}), nothing found",
                        case["defect"].as_str().unwrap_or("")
                    ));
                }
            }
            other => panic!("{name} {id}: expect is {other:?}"),
        }
    }
    tally
}

fn table(tallies: &[Tally]) -> String {
    let mut out = String::from(
        "| source | valid policies with no error | defective policies flagged | not caught yet | reported by the source, not by design |\n|---|---|---|---|---|\n",
    );
    for t in tallies {
        let cell = |ok: usize, all: usize| {
            if all == 0 {
                "–".to_string()
            } else {
                format!("{ok} of {all}")
            }
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            t.source,
            cell(t.clean_ok, t.clean),
            cell(t.flagged_ok, t.flagged),
            t.gaps,
            t.differs
        ));
    }
    out
}

#[test]
fn real_policies_meet_the_bar() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/bar")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let tallies: Vec<Tally> = files.iter().map(|f| check_file(f, &mut failures)).collect();
    let table = table(&tallies);
    eprintln!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The README's section shows these counts.
    let readme_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("README.md");
    let (start, end) = ("<!-- bar:start -->\n", "<!-- bar:end -->");
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md has no {start:?} ... {end:?} section");
    };
    let current = &readme[a + start.len()..b];
    if current != table {
        if std::env::var("UPDATE_README").is_ok() {
            let updated = format!("{}{table}{}", &readme[..a + start.len()], &readme[b..]);
            std::fs::write(&readme_path, updated).expect("write README.md");
        } else {
            panic!(
                "README.md's bar section is stale: run `UPDATE_README=1 cargo test --test bar`\n{table}"
            );
        }
    }
}
