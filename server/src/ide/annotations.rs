//! Read-only annotations over the policy: inlay hints (access level, or how many actions a
//! wildcard grants), code lenses (what each statement grants; the assumed policy type) and
//! document links (actions and condition keys to the AWS reference).

use crate::catalog::{self, AccessLevel, Action};
use crate::policy::{Policy, Statement, member_strings};
use crate::syntax::{Parse, TextRange};
use std::collections::HashSet;

/// Where the AWS reference documents the global condition keys.
pub const GLOBAL_KEYS_DOC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Byte offset the hint is shown at (just after the string).
    pub offset: usize,
    pub label: String,
    pub tooltip: Option<String>,
}

/// After each action string: its access level, or for a wildcard how many actions it grants.
pub fn inlay_hints(parse: &Parse) -> Vec<InlayHint> {
    let Some(policy) = Policy::from_parse(parse) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in &policy.statements {
        for m in s.action_members() {
            for lit in member_strings(m) {
                if !lit.terminated {
                    continue;
                }
                let v = lit.value.as_str();
                let (label, tooltip) = if v.contains(['*', '?']) {
                    let n = catalog::count_matches(v);
                    if n == 0 {
                        continue;
                    }
                    (format!("{n} action{}", if n == 1 { "" } else { "s" }), None)
                } else {
                    let Some(a) = catalog::action(v) else {
                        continue;
                    };
                    (a.access.label(), Some(a.description.to_string()))
                };
                out.push(InlayHint {
                    offset: lit.range.end as usize,
                    label,
                    tooltip: tooltip.filter(|t| !t.is_empty()),
                });
            }
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    pub range: TextRange,
    pub title: String,
}

/// Every distinct catalog action the strings grant.
fn granted<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Vec<&'static Action> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for p in patterns {
        catalog::for_each_match(p, |a| {
            if seen.insert(a as *const Action) {
                out.push(a);
            }
        });
    }
    out
}

/// "37 actions: 3 Write, 1 Permissions management, ..." (by each action's primary level).
fn summary(actions: &[&'static Action]) -> String {
    let n = actions.len();
    let mut parts = Vec::new();
    for level in AccessLevel::ALL {
        let c = actions
            .iter()
            .filter(|a| a.access.primary() == level)
            .count();
        if c > 0 {
            parts.push(format!("{c} {}", level.name()));
        }
    }
    let head = format!("{n} action{}", if n == 1 { "" } else { "s" });
    if parts.is_empty() {
        head
    } else {
        format!("{head}: {}", parts.join(", "))
    }
}

/// The title of a statement's lens.
pub fn statement_summary(s: &Statement) -> Option<String> {
    let (m, not) = s.action_element()?;
    let verb = if s.effect_value() == Some("Deny") {
        "denies"
    } else {
        "grants"
    };
    let patterns: Vec<&str> = member_strings(m).iter().map(|l| l.value.as_str()).collect();
    let actions = granted(patterns);
    Some(if not {
        format!(
            "{verb} every action except {} action{}",
            actions.len(),
            if actions.len() == 1 { "" } else { "s" }
        )
    } else {
        format!("{verb} {}", summary(&actions))
    })
}

/// A lens on the policy (its first line) saying which policy type is assumed and why, and one
/// on each statement saying what it grants or denies.
pub fn code_lenses(parse: &Parse, kind: Option<(crate::policy::PolicyKind, String)>) -> Vec<Lens> {
    let Some(policy) = Policy::from_parse(parse) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some((kind, why)) = kind {
        let start = policy.root.range.start as usize;
        out.push(Lens {
            range: TextRange::new(start, start + 1),
            title: format!("{}: {why}", kind.label_capitalized()),
        });
    }
    for s in &policy.statements {
        let (Some(o), Some(title)) = (s.object, statement_summary(s)) else {
            continue;
        };
        out.push(Lens {
            range: TextRange::new(o.range.start as usize, o.range.start as usize + 1),
            title,
        });
    }
    out
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The string's text (between the quotes).
    pub range: TextRange,
    pub target: String,
    pub tooltip: String,
}

/// Links from action strings (the action's reference page, else its service's) and condition
/// keys (their service's page, or the global keys page).
pub fn document_links(parse: &Parse) -> Vec<Link> {
    let Some(policy) = Policy::from_parse(parse) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in &policy.statements {
        for m in s.action_members() {
            for lit in member_strings(m) {
                let v = lit.value.as_str();
                let target = match catalog::action(v) {
                    Some(a) if !a.doc.is_empty() => Some((a.doc, a.full_name())),
                    Some(a) => Some((a.service().doc, a.full_name())),
                    None => v
                        .split_once(':')
                        .filter(|(svc, _)| !svc.contains(['*', '?']))
                        .and_then(|(svc, _)| catalog::service(svc))
                        .map(|svc| (svc.doc, svc.name.to_string())),
                };
                if let Some((doc, what)) = target.filter(|(d, _)| !d.is_empty()) {
                    out.push(Link {
                        range: lit.content_range(),
                        target: doc.to_string(),
                        tooltip: format!("AWS reference: {what}"),
                    });
                }
            }
        }
        for (_, keys) in s.conditions() {
            for k in keys {
                let name = k.key.value.as_str();
                let Some(def) = catalog::condition_key(name) else {
                    continue;
                };
                let doc = match def.service() {
                    Some(svc) if !def.is_global() => svc.doc,
                    _ => GLOBAL_KEYS_DOC,
                };
                if doc.is_empty() {
                    continue;
                }
                out.push(Link {
                    range: k.key.content_range(),
                    target: doc.to_string(),
                    tooltip: format!("AWS reference: {}", def.name),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn policy(statements: &str) -> String {
        format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}")
    }

    #[test]
    fn hints_show_access_levels_and_wildcard_counts() {
        let text = policy(
            "{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"iam:PutRolePolicy\", \"logs:PutLog*\", \"nope:Nope\"], \"Resource\": \"*\"}",
        );
        let hints: Vec<(String, String)> = inlay_hints(&parse(&text))
            .into_iter()
            .map(|h| {
                (
                    text[..h.offset].rsplit('"').nth(1).unwrap().to_string(),
                    h.label,
                )
            })
            .collect();
        let n = catalog::count_matches("logs:PutLog*");
        assert_eq!(
            hints,
            [
                ("s3:GetObject".to_string(), "Read".to_string()),
                (
                    "iam:PutRolePolicy".into(),
                    "Permissions management, Write".into()
                ),
                ("logs:PutLog*".into(), format!("{n} actions")),
            ]
        );
    }

    #[test]
    fn lenses_summarise_statements_and_the_policy_type() {
        let text = policy(
            "{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:GetObject\", \"iam:PutRolePolicy\"], \"Resource\": \"*\"},\
             {\"Effect\": \"Deny\", \"NotAction\": \"s3:GetObject\", \"Resource\": \"*\"}",
        );
        let lenses: Vec<String> = code_lenses(
            &parse(&text),
            Some((
                crate::policy::PolicyKind::Identity,
                "no statement names a Principal".into(),
            )),
        )
        .into_iter()
        .map(|l| l.title)
        .collect();
        assert_eq!(
            lenses,
            [
                "Identity-based policy: no statement names a Principal",
                "grants 2 actions: 1 Read, 1 Permissions management",
                "denies every action except 1 action",
            ]
        );
    }

    #[test]
    fn links_point_at_the_aws_reference() {
        let text = policy(
            "{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:Get*\"], \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"1\", \"s3:prefix\": \"a\"}}}",
        );
        let links = document_links(&parse(&text));
        let texts: Vec<&str> = links.iter().map(|l| &text[l.range.as_range()]).collect();
        assert_eq!(
            texts,
            ["s3:GetObject", "s3:Get*", "aws:SourceAccount", "s3:prefix"]
        );
        assert!(
            links.iter().all(|l| l.target.starts_with("https://")),
            "{links:?}"
        );
        assert_eq!(links[2].target, GLOBAL_KEYS_DOC);
        assert_eq!(links[1].target, catalog::service("s3").unwrap().doc);
    }
}
