//! Action and NotAction: format, service prefixes, actions (with "did you mean", retired and
//! not-yet-catalogued names), wildcards that match nothing, and redundant entries.

use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Edit, Fix, Sink, closest, closest_action};
use crate::catalog::{self, has_wildcard};
use crate::policy::{Statement, member_strings};
use crate::syntax::StringLit;

pub fn check(ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    let Some((member, _not)) = st.action_element() else {
        return;
    };
    let items = member_strings(member);
    let mut services = Services::default();
    // A name's findings depend on nothing but its text: while the user types in a statement
    // of 1,500 actions, the 1,499 untouched ones are replayed, not looked up again.
    let mut check = |lit: &'_ StringLit, sink: &mut Sink| {
        if super::placeholders::has_placeholder(lit) {
            return;
        }
        let raw = &ctx.text[lit.range.as_range()];
        sink.memoized(raw, lit.range.start, |sink| {
            check_one(lit, &mut services, sink)
        });
    };
    for lit in &items {
        check(lit, sink);
    }
    if let Some((other, _)) = st
        .not_action
        .map(|m| (m, true))
        .filter(|_| st.action.is_some())
    {
        for lit in member_strings(other) {
            check(lit, sink);
        }
    }
    redundant(&items, sink);
}

fn replace_fix(lit: &StringLit, with: &str, preferred: bool) -> Fix {
    Fix {
        title: format!("Change to \"{with}\""),
        edits: vec![Edit {
            range: lit.content_range(),
            text: with.to_string(),
        }],
        preferred,
    }
}

/// The service of the previous action looked up: consecutive actions mostly share one.
#[derive(Default)]
struct Services {
    last: Option<&'static catalog::Service>,
}

impl Services {
    fn get(&mut self, prefix: &str) -> Option<&'static catalog::Service> {
        match self.last {
            Some(s) if s.prefix.eq_ignore_ascii_case(prefix) => Some(s),
            _ => {
                let found = catalog::service(prefix);
                self.last = found.or(self.last);
                found
            }
        }
    }
}

fn check_one(lit: &StringLit, services: &mut Services, sink: &mut Sink) {
    let value = lit.value.as_str();
    if value == "*" {
        return;
    }
    if value.contains(char::is_whitespace) {
        let trimmed = value.trim();
        if let Some(f) = sink.report(
            &INVALID_ACTION_FORMAT,
            lit.range,
            format!("\"{value}\" contains spaces: IAM does not trim them"),
        ) && !trimmed.contains(char::is_whitespace)
            && !trimmed.is_empty()
        {
            f.fixes.push(replace_fix(lit, trimmed, true));
        }
        return;
    }
    let Some((svc, name)) = value.split_once(':') else {
        let msg = if value.is_empty() {
            "An empty action matches nothing: write \"service:Action\"".to_string()
        } else {
            format!(
                "\"{value}\" is not an action: write it as \"service:Action\" (e.g. \"s3:GetObject\")"
            )
        };
        sink.report(&INVALID_ACTION_FORMAT, lit.range, msg);
        return;
    };
    if name.contains(':') || svc.is_empty() || name.is_empty() {
        sink.report(
            &INVALID_ACTION_FORMAT,
            lit.range,
            format!("\"{value}\" is not an action: write it as \"service:Action\""),
        );
        return;
    }
    if has_wildcard(svc) {
        if catalog::count_matches(value) == 0 {
            sink.report(
                &WILDCARD_MATCHES_NOTHING,
                lit.range,
                format!("\"{value}\" matches no action of any service"),
            );
        } else {
            sink.report(&WILDCARD_IN_SERVICE_NAME, lit.range, format!("\"{value}\" has a wildcard in the service prefix: it grants matching actions of every matching service, including future ones"));
        }
        return;
    }
    // The common case first: a current action (a statement may list thousands).
    let service = services.get(svc);
    if let Some(a) = service
        .filter(|_| !has_wildcard(name))
        .and_then(|s| s.action(name))
    {
        if a.name != name || a.service().prefix != svc {
            let right = a.full_name();
            let message = format!("AWS spells this action \"{right}\"");
            if let Some(f) = sink.report(&ACTION_CASE, lit.range, message) {
                f.suggest(lit.content_range(), vec![right]);
            }
        }
        return;
    }
    // Retired names, of a retired service or of a current one, are never current names and
    // never hold wildcards: one check serves both.
    if let Some(r) = catalog::retired_action(value) {
        sink.report(
            &RETIRED_ACTION,
            lit.range,
            format!(
                "\"{}\" is a retired action: AWS no longer lists it, so it grants nothing",
                r.name
            ),
        );
        return;
    }
    let Some(service) = service else {
        let close = closest(svc, catalog::services().iter().map(|s| s.prefix), 3);
        let lower = format!("{}:", svc.to_ascii_lowercase());
        if catalog::retired_actions()
            .iter()
            .any(|r| catalog::starts_with_ci(r.name, &lower))
        {
            sink.report(
                &RETIRED_ACTION,
                lit.range,
                format!("AWS has retired the service \"{svc}\": \"{value}\" grants nothing"),
            );
        } else if close.is_empty() {
            sink.report(&SERVICE_NOT_IN_CATALOG, lit.range, format!("\"{svc}\" is not a service prefix in the catalog of {}: it may be newer or undocumented; check the name", catalog::sources::data_date()));
        } else {
            let fixed: Vec<String> = close.iter().map(|p| format!("{p}:{name}")).collect();
            let real: Vec<String> = closest_action(value);
            let suggestions = if real.is_empty() { fixed } else { real };
            if let Some(f) = sink.report(
                &UNKNOWN_SERVICE,
                lit.range,
                format!(
                    "Unknown service prefix \"{svc}\": did you mean {}?",
                    quote_list(&suggestions)
                ),
            ) {
                f.suggest(lit.content_range(), suggestions);
            }
        }
        return;
    };
    if has_wildcard(name) {
        if catalog::count_matches(value) == 0 {
            sink.report(
                &WILDCARD_MATCHES_NOTHING,
                lit.range,
                format!("\"{value}\" matches no {} action", service.prefix),
            );
        }
        return;
    }
    let suggestions = closest_action(value);
    if suggestions.is_empty() {
        // Real actions that start with the name: a name still being typed (`logs:Put`), or one
        // of the undocumented short names AWS's own policies use (`budgets:UpdateBudget`).
        // Either way not a typo: a warning, with the shortest completions as suggestions.
        let mut longer: Vec<&catalog::Action> = service.actions_with_prefix(name).iter().collect();
        longer.sort_by_key(|a| (a.name.len(), a.name));
        let completions: Vec<String> = longer.iter().take(3).map(|a| a.full_name()).collect();
        let date = catalog::sources::data_date();
        let message = if completions.is_empty() {
            format!(
                "\"{value}\" is not in the catalog of {date} ({} data): it may be newer or undocumented; check the name",
                service.name
            )
        } else {
            format!(
                "\"{value}\" is not in the catalog of {date}; actions that start with it include {}",
                quote_list(&completions)
            )
        };
        if let Some(f) = sink.report(&ACTION_NOT_IN_CATALOG, lit.range, message) {
            f.suggest_weakly(lit.content_range(), completions);
        }
    } else if let Some(f) = sink.report(
        &UNKNOWN_ACTION,
        lit.range,
        format!(
            "\"{name}\" is not an action of {}: did you mean {}?",
            service.prefix,
            quote_list(&suggestions)
        ),
    ) {
        f.suggest(lit.content_range(), suggestions);
    }
}

fn quote_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// An entry repeated, or covered by a wildcard entry of the same statement.
/// Linear in the number of entries times the number of wildcard entries *of the same service*
/// (a statement may list thousands of actions, ReadOnlyAccess does; each service has few
/// wildcards).
fn redundant(items: &[&StringLit], sink: &mut Sink) {
    use std::collections::HashMap;
    let mut first: HashMap<String, &StringLit> = HashMap::with_capacity(items.len());
    // Wildcards by lowercased service prefix; those with a wildcard in the prefix apply to all.
    let mut by_service: HashMap<String, Vec<&StringLit>> = HashMap::new();
    let mut any_service: Vec<&StringLit> = Vec::new();
    for lit in items.iter().copied().filter(|l| has_wildcard(&l.value)) {
        match lit.value.split_once(':') {
            Some((svc, _)) if !has_wildcard(svc) => by_service
                .entry(svc.to_ascii_lowercase())
                .or_default()
                .push(lit),
            _ => any_service.push(lit),
        }
    }
    for (i, lit) in items.iter().enumerate() {
        let value = lit.value.as_str();
        let lower = value.to_ascii_lowercase();
        if let Some(prev) = first.get(&lower) {
            let message = format!("\"{value}\" is listed twice (first as \"{}\")", prev.value);
            if let Some(f) = sink.report(&REDUNDANT_ACTION, lit.range, message) {
                f.fixes.extend(remove_item_fix(items, i));
            }
            continue;
        }
        let service = lower.split_once(':').map_or("", |(s, _)| s);
        let candidates = by_service
            .get(service)
            .into_iter()
            .flatten()
            .chain(any_service.iter());
        let covering = candidates
            .copied()
            .find(|other| !other.value.eq_ignore_ascii_case(value) && covers(&other.value, value));
        first.insert(lower, lit);
        if let Some(by) = covering {
            let message = format!("\"{value}\" is already granted by \"{}\"", by.value);
            if let Some(f) = sink.report(&REDUNDANT_ACTION, lit.range, message) {
                f.fixes.extend(remove_item_fix(items, i));
            }
        }
    }
}

/// Removes entry `i` of an array of strings with its separating comma: from the end of the
/// entry before it (or, for the first entry, from its start to the next entry's start). Only
/// for an array's items, which `items` are when there are several.
fn remove_item_fix(items: &[&StringLit], i: usize) -> Option<Fix> {
    let lit = items.get(i)?;
    let range = if i > 0 {
        crate::syntax::TextRange {
            start: items[i - 1].range.end,
            end: lit.range.end,
        }
    } else {
        crate::syntax::TextRange {
            start: lit.range.start,
            end: items.get(1)?.range.start,
        }
    };
    Some(Fix {
        title: format!("Remove \"{}\" (grants nothing more)", lit.value),
        edits: vec![Edit {
            range,
            text: String::new(),
        }],
        preferred: true,
    })
}

/// Whether wildcard `a` matches everything `b` matches. For an exact `b` that is a glob match;
/// for a wildcard `b`, every action `b` expands to must match `a` (judged against the catalog).
fn covers(a: &str, b: &str) -> bool {
    if !has_wildcard(b) {
        return catalog::glob_match_ci(a, b);
    }
    if catalog::glob_match_ci(a, b) {
        // `s3:*` covers `s3:Get*` textually.
        return true;
    }
    false
}

// The rules this module reports (collected in `crate::registry`).

pub const INVALID_ACTION_FORMAT: Rule = Rule {
    code: "invalid-action-format",
    severity: crate::analysis::Severity::Error,
    summary: "An action must be `service:Action` (or `*`).",
    access_analyzer: &["INVALID_ACTION"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const UNKNOWN_SERVICE: Rule = Rule {
    code: "unknown-service",
    severity: crate::analysis::Severity::Error,
    summary: "The service prefix is not an AWS service (a typo gets a suggestion).",
    access_analyzer: &["INVALID_SERVICE", "INVALID_SERVICE_IN_ACTION"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s4:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const SERVICE_NOT_IN_CATALOG: Rule = Rule {
    code: "service-not-in-catalog",
    severity: crate::analysis::Severity::Warning,
    summary: "No service prefix is close to this one: it may be newer than the bundled catalog, or undocumented.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "frobnicatorxyz:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const UNKNOWN_ACTION: Rule = Rule {
    code: "unknown-action",
    severity: crate::analysis::Severity::Error,
    summary: "The action does not exist in the service; close real names are suggested.",
    access_analyzer: &["INVALID_ACTION"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBucket", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const ACTION_NOT_IN_CATALOG: Rule = Rule {
    code: "action-not-in-catalog",
    severity: crate::analysis::Severity::Warning,
    summary: "No action is close to this name: it may be newer than the bundled catalog, or undocumented.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:FrobnicateTheBucketsNow", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const RETIRED_ACTION: Rule = Rule {
    code: "retired-action",
    severity: crate::analysis::Severity::Warning,
    summary: "AWS has retired this action: it grants nothing today.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "codestar:CreateProject", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const ACTION_CASE: Rule = Rule {
    code: "action-case",
    severity: crate::analysis::Severity::Hint,
    summary: "The action's case differs from AWS's spelling (IAM ignores case, readers do not).",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:listallmybuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const WILDCARD_MATCHES_NOTHING: Rule = Rule {
    code: "wildcard-matches-nothing",
    severity: crate::analysis::Severity::Error,
    summary: "A wildcard action that matches no action of the service.",
    access_analyzer: &["INVALID_ACTION"],
    kind: None,
    bad: Example::Statements(r#"{"Effect": "Allow", "Action": "s3:Frobnicate*", "Resource": "*"}"#),
    good: Example::Statements(r#"{"Effect": "Allow", "Action": "s3:List*", "Resource": "*"}"#),
};

pub const WILDCARD_IN_SERVICE_NAME: Rule = Rule {
    code: "wildcard-in-service-name",
    severity: crate::analysis::Severity::Information,
    summary: "A wildcard in the service prefix (e.g. `*:Get*`) grants actions of every matching service, including future ones.",
    access_analyzer: &["WILDCARD_IN_SERVICE_NAME"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "*:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const REDUNDANT_ACTION: Rule = Rule {
    code: "redundant-action",
    severity: crate::analysis::Severity::Information,
    summary: "An action is listed twice or is already covered by a wildcard in the same statement.",
    access_analyzer: &["REDUNDANT_ACTION"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:PutObject"], "Resource": "*"}"#,
    ),
};
