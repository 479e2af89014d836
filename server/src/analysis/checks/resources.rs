//! Resource and NotResource: ARN format (partition, service, region, account), policy variables,
//! resources none of the statement's actions can take, and redundant entries.

use super::placeholders::has_placeholder;
use super::values::{account_ok, partition_ok, region_ok, variable_problem};
use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Sink};
use crate::catalog::{self, has_wildcard};
use crate::policy::{PolicyKind, Statement, member_strings, resource_policy};
use crate::syntax::StringLit;

pub fn check(ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    for m in [st.resource, st.not_resource].into_iter().flatten() {
        let items = member_strings(m);
        for lit in &items {
            if own_shorthand(ctx, &lit.value) || has_placeholder(lit) {
                continue;
            }
            arn_format(lit, sink);
        }
        redundant(&items, sink);
    }
    if let Some(m) = st.resource {
        let items = member_strings(m);
        mismatch(st, &items, sink);
        if ctx.kind == PolicyKind::Identity && st.is_allow() {
            star_for_scoped_actions(st, &items, sink);
        }
    }
    // Variables in Action make no sense: IAM does not substitute them there.
    if let Some((m, _)) = st.action_element() {
        for lit in member_strings(m) {
            if lit.value.contains("${") {
                sink.report(
                    &super::conditions::INVALID_POLICY_VARIABLE,
                    lit.range,
                    format!("Policy variables are not allowed in \"{}\"", m.key.value),
                );
            }
        }
    }
}

/// A short form of its own resources that a service accepts in its resource-based policies
/// (`execute-api:/stage/GET/path` in an API Gateway resource policy), in a resource-based policy
/// of that service or of no known service.
fn own_shorthand(ctx: &Ctx, value: &str) -> bool {
    let Some(service) = resource_policy::shorthand_service(value) else {
        return false;
    };
    match ctx.kind {
        PolicyKind::Resource(None) => true,
        PolicyKind::Resource(Some(s)) => s.eq_ignore_ascii_case(service),
        _ => false,
    }
}

fn arn_format(lit: &StringLit, sink: &mut Sink) {
    let value = lit.value.as_str();
    if let Some(problem) = variable_problem(value) {
        sink.report(
            &super::conditions::INVALID_POLICY_VARIABLE,
            lit.range,
            problem,
        );
    }
    if value == "*" || (value.starts_with('$') && !value.starts_with("arn:")) {
        return;
    }
    if !value.starts_with("arn:") {
        let msg = if value.eq_ignore_ascii_case("arn")
            || value.to_ascii_lowercase().starts_with("arn:")
        {
            format!("\"{value}\": ARNs start with lowercase \"arn:\"")
        } else {
            format!(
                "\"{value}\" is not an ARN: write \"*\" or \"arn:partition:service:region:account:resource\""
            )
        };
        sink.report(&INVALID_ARN, lit.range, msg);
        return;
    }
    let Some(parts) = catalog::parse_arn(value) else {
        // `arn:aws:s3:::*` style shortened forms are still wrong when parts are missing, but
        // `arn:*` and `arn:aws:*` are wildcards covering the rest.
        if !value.ends_with('*') {
            sink.report(&INVALID_ARN, lit.range, format!("\"{value}\" has too few parts: an ARN is arn:partition:service:region:account:resource"));
        }
        return;
    };
    if parts.resource.is_empty() && !has_wildcard(parts.account) {
        sink.report(
            &INVALID_ARN,
            lit.range,
            format!("\"{value}\" has no resource part after the account"),
        );
        return;
    }
    if !partition_ok(parts.partition) {
        let close = crate::analysis::closest(
            parts.partition,
            crate::catalog::regions::partitions().iter().copied(),
            1,
        );
        let hint = crate::analysis::did_you_mean(&close);
        let message = format!("\"{}\" is not an AWS partition{hint}", parts.partition);
        if let Some(f) = sink.report(&INVALID_PARTITION, lit.range, message) {
            // The partition starts right after `arn:` in the string's text.
            if let (Some(right), false) = (close.first(), lit.has_escapes) {
                let start = lit.content_range().start + 4;
                let range = crate::syntax::TextRange {
                    start,
                    end: start + parts.partition.len() as u32,
                };
                f.fixes.push(crate::analysis::Fix {
                    title: format!("Change the partition to \"{right}\""),
                    edits: vec![crate::analysis::Edit {
                        range,
                        text: right.to_string(),
                    }],
                    preferred: true,
                });
                f.suggestions = [right.to_string()].into();
            }
        }
    }
    if parts.service.bytes().any(|b| b.is_ascii_uppercase()) {
        sink.report(
            &ARN_SERVICE_CASE,
            lit.range,
            format!(
                "The service in an ARN is lowercase: \"{}\"",
                parts.service.to_ascii_lowercase()
            ),
        );
    }
    if !region_ok(parts.region) {
        sink.report(
            &INVALID_REGION,
            lit.range,
            format!("\"{}\" is not a region (e.g. \"us-east-1\")", parts.region),
        );
    } else {
        region_of_partition(&parts, lit, sink);
    }
    if !account_ok(parts.account) {
        sink.report(
            &INVALID_ACCOUNT,
            lit.range,
            format!("\"{}\" is not a 12-digit account ID", parts.account),
        );
    }
}

/// A well-formed region checked against the partition's real regions: one of another partition
/// is an error (the ARN can never match: `cn-north-1` is in `aws-cn`); one that the list does
/// not have is a warning naming the list, since a region newer than it would be reported too.
fn region_of_partition(parts: &crate::catalog::ArnParts, lit: &StringLit, sink: &mut Sink) {
    use crate::catalog::regions;
    let (partition, region) = (parts.partition, parts.region);
    let literal = |s: &str| !s.is_empty() && !s.contains(['*', '?', '$']);
    if !literal(region) || !literal(partition) || !regions::partitions().contains(&partition) {
        return;
    }
    match regions::partition_of(region) {
        Some(p) if p == partition => {}
        Some(p) => {
            sink.report(
                &REGION_OF_ANOTHER_PARTITION,
                lit.range,
                format!("\"{region}\" is a region of the {p} partition, not of {partition}: this ARN matches nothing (write arn:{p}:... or a region of {partition})"),
            );
        }
        None => {
            let known: Vec<&str> = regions::regions_of(partition).map(|r| r.name).collect();
            let near = crate::analysis::closest(region, known.iter().copied(), 1);
            let hint = near
                .first()
                .map(|n| format!("; did you mean \"{n}\"?"))
                .unwrap_or_default();
            sink.report(
                &UNKNOWN_REGION,
                lit.range,
                format!("\"{region}\" is not a region of {partition} in the list of {}{hint} (a region newer than the list is reported too)", regions::source()),
            );
        }
    }
}

/// A resource ARN that no action of the statement can take. Only judged when every action is
/// known: unknown names are reported elsewhere and would make this guess unreliable.
fn mismatch(st: &Statement, resources: &[&StringLit], sink: &mut Sink) {
    let actions = st.actions();
    // Only ARNs are judged; statements on `*` (most broad ones) need no expansion at all.
    let arns: Vec<&StringLit> = resources
        .iter()
        .copied()
        .filter(|lit| {
            let value = lit.value.as_str();
            value != "*" && value.starts_with("arn:") && catalog::parse_arn(value).is_some()
        })
        .collect();
    if actions.is_empty() || arns.is_empty() {
        return;
    }
    let mut expanded: Vec<&'static catalog::Action> = Vec::new();
    for lit in &actions {
        let v = lit.value.as_str();
        if v == "*" || v.split_once(':').is_some_and(|(s, _)| has_wildcard(s)) {
            return;
        }
        let before = expanded.len();
        catalog::for_each_match(v, |a| expanded.push(a));
        if expanded.len() == before {
            return;
        }
        // Very broad statements: checking every action against every ARN buys little.
        if expanded.len() > 2_000 {
            return;
        }
    }
    // Many actions share resource types: test each type once, in the order the actions name
    // them (the first ones are the likeliest to match, and `any` stops there).
    let mut seen = std::collections::HashSet::new();
    let types: Vec<&'static catalog::ResourceType> = expanded
        .iter()
        .flat_map(|a| a.resources.iter().filter_map(|r| r.resource_type()))
        .filter(|t| seen.insert(std::ptr::from_ref(*t)))
        .collect();
    for lit in arns {
        let value = lit.value.as_str();
        let any = types.iter().any(|t| t.matches_arn(value));
        if !any {
            let names: Vec<String> = actions.iter().take(3).map(|a| a.value.clone()).collect();
            let more = if actions.len() > 3 { ", ..." } else { "" };
            sink.report(
                &RESOURCE_MISMATCH,
                lit.range,
                format!("None of the statement's actions ({}{more}) acts on a resource like \"{value}\": this entry grants nothing", names.join(", ")),
            );
        }
    }
}

/// At most this many actions are named in a `star-resource-for-scoped-actions` message.
const NAMED: usize = 3;

/// `"Resource": "*"` in an Allow of an identity policy whose actions can be limited to named
/// resources: least privilege asks for their ARNs (Parliament's RESOURCE_STAR). Actions that
/// take no resource (`s3:ListAllMyBuckets`) need the `*`, and `"Action": "*"` is reported as
/// full access instead.
fn star_for_scoped_actions(st: &Statement, items: &[&StringLit], sink: &mut Sink) {
    let Some(star) = items.iter().find(|l| l.value == "*") else {
        return;
    };
    // The first few such actions are named; finding them is enough (a statement of 1,500
    // actions is not expanded on every keystroke).
    let mut scoped: Vec<String> = Vec::new();
    let mut more = false;
    for lit in st.actions() {
        let v = lit.value.as_str();
        if v == "*" || !v.contains(':') {
            return;
        }
        if scoped.len() > NAMED {
            break;
        }
        catalog::for_each_match(v, |a| {
            if scoped.len() <= NAMED && a.resources.iter().any(|r| r.resource_type().is_some()) {
                scoped.push(a.full_name());
            }
        });
    }
    if scoped.is_empty() {
        return;
    }
    if scoped.len() > NAMED {
        scoped.truncate(NAMED);
        more = true;
    }
    let (list, them) = match (scoped.len(), more) {
        (1, false) => (scoped[0].clone(), "it"),
        (_, false) => (scoped.join(", "), "them"),
        (_, true) => (format!("{} and others", scoped.join(", ")), "them"),
    };
    sink.report(
        &STAR_RESOURCE_FOR_SCOPED_ACTIONS,
        star.range,
        format!(
            "{list} can be limited to named resources: \"*\" grants {them} on every one; list their ARNs"
        ),
    );
}

fn redundant(items: &[&StringLit], sink: &mut Sink) {
    for (i, lit) in items.iter().enumerate() {
        if items[..i].iter().any(|p| p.value == lit.value) {
            sink.report(
                &REDUNDANT_RESOURCE,
                lit.range,
                format!("\"{}\" is listed twice", lit.value),
            );
            continue;
        }
        if let Some(by) = items.iter().enumerate().find(|(j, o)| {
            *j != i
                && o.value != lit.value
                && has_wildcard(&o.value)
                && !o.value.contains("${")
                && catalog::glob_match_ci(&o.value, &lit.value)
                && !lit.value.contains("${")
        }) {
            sink.report(
                &REDUNDANT_RESOURCE,
                lit.range,
                format!("\"{}\" is already covered by \"{}\"", lit.value, by.1.value),
            );
        }
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const STAR_RESOURCE_FOR_SCOPED_ACTIONS: Rule = Rule {
    code: "star-resource-for-scoped-actions",
    severity: crate::analysis::Severity::Information,
    summary: "\"Resource\": \"*\" in an Allow whose actions can be limited to named resources (least privilege: list their ARNs).",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "kms:Decrypt"], "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "ec2:DescribeInstances"], "Resource": "*"}"#,
    ),
};

pub const INVALID_ARN: Rule = Rule {
    code: "invalid-arn",
    severity: crate::analysis::Severity::Error,
    summary: "A resource is neither `*` nor a well-formed ARN (`arn:partition:service:region:account:resource`).",
    access_analyzer: &[
        "INVALID_ARN_PREFIX",
        "MISSING_ARN_FIELD",
        "INVALID_ARN_RESOURCE",
    ],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "bucket/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#,
    ),
};

pub const INVALID_PARTITION: Rule = Rule {
    code: "invalid-partition",
    severity: crate::analysis::Severity::Error,
    summary: "The ARN's partition is not an AWS partition (aws, aws-cn, aws-us-gov, ...).",
    access_analyzer: &["INVALID_PARTITION"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws-eu:s3:::bucket/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws-cn:s3:::bucket/*"}"#,
    ),
};

pub const INVALID_REGION: Rule = Rule {
    code: "invalid-region",
    severity: crate::analysis::Severity::Error,
    summary: "The ARN's region is not a region name.",
    access_analyzer: &["INVALID_ARN_REGION", "INVALID_REGION"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east:123456789012:log-group:g:log-stream:s"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s"}"#,
    ),
};

pub const REGION_OF_ANOTHER_PARTITION: Rule = Rule {
    code: "region-of-another-partition",
    severity: crate::analysis::Severity::Error,
    summary: "The ARN's region belongs to another partition (cn-north-1 is in aws-cn): the ARN matches nothing.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:cn-north-1:123456789012:log-group:g:log-stream:s"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws-cn:logs:cn-north-1:123456789012:log-group:g:log-stream:s"}"#,
    ),
};

pub const UNKNOWN_REGION: Rule = Rule {
    code: "unknown-region",
    severity: crate::analysis::Severity::Warning,
    summary: "The ARN's region is not in the partition's list of regions (botocore's, pinned): a typo, or a region newer than the list.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-3:123456789012:log-group:g:log-stream:s"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:eu-central-2:123456789012:log-group:g:log-stream:s"}"#,
    ),
};

pub const INVALID_ACCOUNT: Rule = Rule {
    code: "invalid-account",
    severity: crate::analysis::Severity::Error,
    summary: "The ARN's account is not a 12-digit account ID.",
    access_analyzer: &["INVALID_ARN_ACCOUNT"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:12345:log-group:g:log-stream:s"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:*:log-group:g:log-stream:s"}"#,
    ),
};

pub const ARN_SERVICE_CASE: Rule = Rule {
    code: "arn-service-case",
    severity: crate::analysis::Severity::Error,
    summary: "The ARN's service is not in lowercase.",
    access_analyzer: &["INVALID_ARN_SERVICE_CASE"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:S3:::bucket/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#,
    ),
};

pub const RESOURCE_MISMATCH: Rule = Rule {
    code: "resource-mismatch",
    severity: crate::analysis::Severity::Warning,
    summary: "No action of the statement can act on this resource: the statement grants nothing on it.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket"}"#,
    ),
};

pub const REDUNDANT_RESOURCE: Rule = Rule {
    code: "redundant-resource",
    severity: crate::analysis::Severity::Information,
    summary: "A resource is listed twice or covered by another resource of the statement.",
    access_analyzer: &["REDUNDANT_RESOURCE"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::c/x"]}"#,
    ),
};
