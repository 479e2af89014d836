//! A real corpus that nobody here wrote: the templates cfn-lint 1.58.0 ships in its source
//! distribution (PyPI, sdist pinned by sha256; `scripts/fetch_cfn_corpus.py` extracts them to
//! tests/corpus/cfn-lint/templates). Templates CloudFormation accepts (good/, quickstart/,
//! public/) must get no error finding, except the ones listed in tests/corpus/cfn-lint-exceptions.tsv
//! with the reason; cfn-lint's bad IAM fixtures must get a finding for each IAM defect.

use iam_policy_ls::analysis::{Finding, Options, Severity};
use iam_policy_ls::host::{self, Format};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/cfn-lint/templates")
}

fn templates(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            templates(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json" || x == "template")
        {
            out.push(p);
        }
    }
}

fn findings(path: &Path) -> (String, Vec<Finding>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let format = Format::detect("", path.to_str(), &text);
    let doc = host::read(&text, format);
    let found = host::analyze::analyze_host(&text, &doc, &Options::default(), None).findings;
    (text, found)
}

fn line_of(text: &str, offset: u32) -> usize {
    text[..offset as usize].matches('\n').count() + 1
}

fn corpus_present() -> bool {
    if root().is_dir() {
        return true;
    }
    if std::env::var("IAM_POLICY_LS_SKIP_CORPUS").is_ok() {
        eprintln!("cfn-lint corpus not fetched; skipped (IAM_POLICY_LS_SKIP_CORPUS)");
        return false;
    }
    panic!("cfn-lint corpus not fetched: run `python3 scripts/fetch_cfn_corpus.py`");
}

#[test]
fn templates_cloudformation_accepts_get_no_error() {
    if !corpus_present() {
        return;
    }
    let exceptions_text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/cfn-lint-exceptions.tsv"),
    )
    .unwrap_or_default();
    let exceptions: Vec<&str> = exceptions_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .collect();
    let mut files = Vec::new();
    for dir in ["good", "quickstart", "public"] {
        templates(&root().join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 100, "{} templates", files.len());
    let (mut policies, mut failures) = (0, Vec::new());
    for f in &files {
        let rel = f.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let doc = host::read(&text, Format::detect("", f.to_str(), &text));
        policies += doc.policies.len();
        let (text, found) = findings(f);
        let errors: Vec<String> = found
            .iter()
            .filter(|x| x.severity == Severity::Error)
            .map(|x| {
                format!(
                    "{rel}:{} {} {}",
                    line_of(&text, x.range.start),
                    x.code,
                    x.message
                )
            })
            .collect();
        if !errors.is_empty() && !exceptions.contains(&rel.as_str()) {
            failures.extend(errors);
        }
    }
    eprintln!("{} templates, {policies} policies", files.len());
    assert!(policies > 100, "{policies} policies found");
    assert!(
        failures.is_empty(),
        "errors on valid templates:\n{}",
        failures.join("\n")
    );
}

#[test]
fn cfn_lint_bad_iam_fixtures_are_caught() {
    if !corpus_present() {
        return;
    }
    let (text, found) = findings(&root().join("bad/resources/iam/iam_policy.yaml"));
    let codes: Vec<(usize, &str)> = found
        .iter()
        .map(|f| (line_of(&text, f.range.start), f.code))
        .collect();
    for wanted in [
        "invalid-version",
        "invalid-effect",
        "unknown-element",
        "invalid-element-type",
    ] {
        assert!(
            codes.iter().any(|(_, c)| *c == wanted),
            "{wanted} not in {codes:?}"
        );
    }
    let (_, found) = findings(&root().join("bad/resources/iam/resource_policy.yaml"));
    let codes: Vec<&str> = found.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"invalid-effect"), "{codes:?}");
}
