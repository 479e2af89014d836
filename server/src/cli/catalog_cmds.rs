//! `expand`, `describe` and `rules`.

use crate::analysis::{closest, closest_action};
use crate::catalog;
use crate::ide::hover::action_hover;
use crate::registry::RULES;

pub fn expand(patterns: &[String]) -> i32 {
    let mut status = 0;
    for p in patterns {
        let actions = catalog::expand(p);
        if actions.is_empty() {
            status = 1;
            let suggestions = if p.contains(['*', '?']) {
                Vec::new()
            } else {
                closest_action(p)
            };
            if suggestions.is_empty() {
                eprintln!("iam-policy-ls: \"{p}\" matches no action");
            } else {
                eprintln!(
                    "iam-policy-ls: \"{p}\" matches no action; did you mean {}?",
                    suggestions.join(", ")
                );
            }
            continue;
        }
        for a in actions {
            println!("{}", a.full_name());
        }
    }
    status
}

pub fn describe(name: &str) -> i32 {
    if name.contains(':') {
        if let Some(md) = action_hover(name).filter(|_| {
            catalog::action(name).is_some()
                || catalog::retired_action(name).is_some()
                || name.contains('*')
        }) {
            // Markdown for a pipe (docs, a pager that renders it), plain text for a person.
            if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                print!("{}", crate::ide::to_plain(&md));
            } else {
                print!("{md}");
            }
            return 0;
        }
        if let Some(k) = catalog::condition_key(name) {
            println!(
                "{} ({}, {})",
                k.name,
                k.key_type.name(),
                if k.is_global() {
                    "global".to_string()
                } else {
                    k.service().map(|s| s.name.to_string()).unwrap_or_default()
                }
            );
            println!("{}", k.description);
            return 0;
        }
        let mut suggestions = closest_action(name);
        let prefix = name
            .split_once(':')
            .map(|(p, _)| format!("{p}:"))
            .unwrap_or_default();
        let keys = catalog::condition_keys_with_prefix(&prefix);
        suggestions.extend(
            closest(name, keys.iter().map(|k| k.name), 3)
                .into_iter()
                .map(String::from),
        );
        unknown(name, &suggestions)
    } else if let Some(s) = catalog::service(name) {
        println!(
            "{} ({}): {} actions, {} resource types, {} condition keys",
            s.name,
            s.prefix,
            s.actions().len(),
            s.resource_types().len(),
            s.condition_keys().len()
        );
        if !s.doc.is_empty() {
            println!("{}", s.doc);
        }
        0
    } else {
        let suggestions: Vec<String> =
            closest(name, catalog::services().iter().map(|s| s.prefix), 3)
                .into_iter()
                .map(String::from)
                .collect();
        unknown(name, &suggestions)
    }
}

fn unknown(name: &str, suggestions: &[String]) -> i32 {
    if suggestions.is_empty() {
        eprintln!(
            "iam-policy-ls: \"{name}\" is not an action, service prefix or condition key in the catalog"
        );
    } else {
        eprintln!(
            "iam-policy-ls: \"{name}\" is not in the catalog; did you mean {}?",
            suggestions.join(", ")
        );
    }
    1
}

pub fn rules(markdown: bool) -> i32 {
    if markdown {
        print!("{}", rules_markdown());
    } else {
        for r in RULES {
            println!("{:<38} {:<8} {}", r.code, r.severity.name(), r.summary);
        }
    }
    0
}

/// `rules CODE`: the rule's documentation, its examples, and what it reports on the bad one
/// (found by the same analysis `check` runs). A mistyped code gets the closest ones; exit 1.
pub fn rule_doc(code: &str) -> i32 {
    let Some(rule) = crate::registry::rule(code) else {
        let near = closest(code, RULES.iter().map(|r| r.code), 3);
        eprintln!(
            "iam-policy-ls: \"{code}\" is not a rule{}",
            if near.is_empty() {
                " (`iam-policy-ls rules` lists them)".to_string()
            } else {
                format!("; did you mean {}?", near.join(", "))
            }
        );
        return 1;
    };
    print!("{}", rule_text(rule));
    0
}

/// What `rules CODE` prints.
fn rule_text(rule: &crate::analysis::Rule) -> String {
    let mut out = format!(
        "{} ({} by default)\n\n{}\n",
        rule.code,
        rule.severity.name(),
        rule.summary
    );
    if !rule.access_analyzer.is_empty() {
        out.push_str(&format!(
            "\nIAM Access Analyzer: {}\n",
            rule.access_analyzer.join(", ")
        ));
    }
    if let Some(kind) = rule.kind {
        out.push_str(&format!("\nThe examples are read as {}.\n", kind.a_label()));
    }
    let bad = rule.bad.text();
    out.push_str(&format!("\nReported on:\n{}\n", indent(&bad)));
    let options = crate::analysis::Options {
        kind: rule.kind,
        ..crate::analysis::Options::default()
    };
    let host = crate::host::read(&bad, crate::host::Format::detect("", None, &bad));
    let found = crate::host::analyze::analyze_document(&bad, &host, &options).findings;
    for f in found.iter().filter(|f| f.code == rule.code) {
        out.push_str(&format!("  -> {}\n", f.message));
        for fix in f.all_fixes() {
            out.push_str(&format!("     fix: {}\n", fix.title));
        }
    }
    out.push_str(&format!(
        "\nNot reported on:\n{}\n",
        indent(&rule.good.text())
    ));
    out
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}\n"))
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// The rule table for the README and docs/rules.md, generated from the registry.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "| Code | Default | What it reports | Access Analyzer checks |\n|---|---|---|---|\n",
    );
    for r in RULES {
        let aa = r
            .access_analyzer
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.code,
            r.severity.name(),
            r.summary.replace('|', "\\|"),
            aa
        ));
    }
    out
}

/// The Access Analyzer coverage section: how many of its checks the rules cover, and why the
/// others are left (from `server/data/access-analyzer-not-covered.tsv`).
pub fn coverage_markdown(checks_txt: &str, not_covered_tsv: &str) -> String {
    let mut all: Vec<(&str, &str)> = Vec::new();
    for line in checks_txt.lines().filter(|l| !l.starts_with('#')) {
        if let Some((kind, names)) = line.split_once(':') {
            all.extend(names.split_whitespace().map(|n| (kind.trim(), n)));
        }
    }
    let covered: Vec<&str> = all
        .iter()
        .map(|(_, n)| *n)
        .filter(|n| RULES.iter().any(|r| r.access_analyzer.contains(n)))
        .collect();
    let reasons: std::collections::BTreeMap<&str, &str> = not_covered_tsv
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(n, why)| (n.trim(), why.trim()))
        .collect();
    let mut out = format!(
        "The rules cover **{} of the {} checks** of IAM Access Analyzer's policy validation reference.\n",
        covered.len(),
        all.len()
    );
    let left: Vec<&(&str, &str)> = all.iter().filter(|(_, n)| !covered.contains(n)).collect();
    if !left.is_empty() {
        out.push_str("\n| Check left | Finding type | Why |\n|---|---|---|\n");
        for (kind, name) in left {
            let why = reasons.get(name).copied().unwrap_or("not implemented yet");
            out.push_str(&format!(
                "| `{name}` | {} | {} |\n",
                kind.to_ascii_lowercase().replace('_', " "),
                why.replace('|', "\\|")
            ));
        }
    }
    out
}

#[cfg(test)]
mod readme_tests {
    use super::*;

    /// Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
    fn splice(doc: &str, name: &str, body: &str) -> String {
        let (start, end) = (
            format!("<!-- {name}:start -->\n"),
            format!("<!-- {name}:end -->"),
        );
        let a = doc
            .find(&start)
            .unwrap_or_else(|| panic!("README has no {start}"))
            + start.len();
        let b = doc
            .find(&end)
            .unwrap_or_else(|| panic!("README has no {end}"));
        format!("{}{body}{}", &doc[..a], &doc[b..])
    }

    /// The README's rule list and coverage table are generated from the registry; run with
    /// UPDATE_README=1 to rewrite them.
    #[test]
    fn readme_sections_are_generated_from_the_registry() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let readme_path = root.join("README.md");
        let readme = std::fs::read_to_string(&readme_path).unwrap();
        let checks =
            std::fs::read_to_string(root.join("server/data/access-analyzer-checks.txt")).unwrap();
        let not_covered =
            std::fs::read_to_string(root.join("server/data/access-analyzer-not-covered.tsv"))
                .unwrap_or_default();
        let expected = splice(
            &splice(&readme, "rules", &rules_markdown()),
            "coverage",
            &coverage_markdown(&checks, &not_covered),
        );
        if std::env::var("UPDATE_README").is_ok() {
            std::fs::write(&readme_path, &expected).unwrap();
            return;
        }
        assert!(
            readme == expected,
            "README.md's generated sections are stale: run `UPDATE_README=1 cargo test --lib readme`"
        );
    }
}
