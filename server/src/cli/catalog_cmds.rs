//! `expand`, `describe` and `rules`.

use crate::analysis::{RULES, closest, closest_action};
use crate::catalog;
use crate::ide::hover::action_hover;

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
            print!("{md}");
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
