//! The bar: real policies nobody here wrote, each marked valid or defective by its source.
//! `tests/bar/*.json` holds them, one file per source (Parliament's unit tests, cfn-lint's IAM
//! rule tests, the aws-samples policy repositories, AWS documentation examples), each case with
//! where it was taken from. `cfn-lint.json` is generated from the pinned sdist
//! (`scripts/gen_cfn_lint_bar.py`, which keeps the hand-written fields below).
//!
//! - A case the source calls valid (`"expect": "clean"`) must get no error-severity finding.
//! - A case the source calls defective (`"expect": "flagged"`) must get at least one finding
//!   (error, warning or information).
//! - A case may carry `"stale"`: the source is out of date or wrong about AWS (it calls an action
//!   unknown that the catalog has today, or accepts what AWS rejects), and the expectation is
//!   AWS's (`"aws"`, where it differs from the source's `"expect"`), with the fact stated.
//! - A case may carry `"differs"`: the source reports something iam-policy-ls deliberately does
//!   not, with the reason. It is counted apart and does not fail the test.
//! - A case may carry `"aws"` (`"clean"` or `"flagged"`) with `"why"`: the source's test is
//!   narrower than the policy (one cfn-lint rule reads only `Resource`, and says nothing of an
//!   unknown action AWS rejects), so what AWS does with the whole policy is the expectation.
//! - A case with `"resource_type"` (cfn-lint's) is a CloudFormation resource's policy property:
//!   it is checked inside a template of that resource, as the server and `check` read one, so
//!   intrinsic functions are holes and the property gives the policy type.
//! - A case may carry `"gap"`: a defect iam-policy-ls does not catch yet, said plainly. It is
//!   counted apart (and shown in the README) until a rule catches it; then the test says so.
//!
//! The counts per source are a generated section of the README (`UPDATE_README=1 cargo test
//! --test bar` rewrites it).

use iam_policy_ls::analysis::{Finding, Options, Severity, analyze};
use iam_policy_ls::host::{self, Format};
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
        let found = match case["resource_type"].as_str() {
            Some(t) => in_template(t, &case["policy"]),
            None => {
                let policy = match &case["policy"] {
                    Value::String(s) => s.clone(),
                    other => serde_json::to_string_pretty(other).unwrap(),
                };
                let options = Options {
                    kind,
                    kind_source: kind.map(|_| "the bar file".into()),
                    ..Options::default()
                };
                analyze(&policy, &parse(&policy), &options).findings
            }
        };
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
        match case["aws"].as_str().or(case["expect"].as_str()) {
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

/// The findings of `policy` as the property of a `resource_type` resource (its first policy
/// property in the host table) in a JSON template.
fn in_template(resource_type: &str, policy: &Value) -> Vec<Finding> {
    let property = host::table::properties_of(resource_type)
        .next()
        .unwrap_or_else(|| panic!("{resource_type} has no policy property"));
    // The path below Properties (`Policies[]` is a list of `{PolicyDocument: ...}`).
    let mut value = policy.clone();
    for segment in property.path.iter().rev() {
        value = match segment.strip_suffix("[]") {
            Some(name) => serde_json::json!({ name: [value] }),
            None => serde_json::json!({ *segment: value }),
        };
    }
    let template = serde_json::json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {"Resource": {"Type": resource_type, "Properties": value}}
    });
    let text = serde_json::to_string_pretty(&template).unwrap();
    let doc = host::read(&text, Format::detect("", Some("template.json"), &text));
    host::analyze::analyze_host(&text, &doc, &Options::default(), None).findings
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
