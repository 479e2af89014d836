//! The policy's shape: top-level and statement elements, their types, Version, Effect, Sid,
//! required elements per policy kind and conflicting pairs.

use super::util::wrong_type;
use super::values::matches_every_resource;
use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Edit, Fix, Sink};
use crate::catalog;
use crate::policy::resource_policy::{ResourceRule, ServiceRules};
use crate::policy::{
    Policy, PolicyKind, STATEMENT_ELEMENTS, Statement, TOP_LEVEL_ELEMENTS, member_strings,
};
use crate::syntax::{Member, Object, Value};

pub fn check(ctx: &Ctx, policy: &Policy, sink: &mut Sink) {
    let top: Vec<&str> = TOP_LEVEL_ELEMENTS.iter().map(|e| e.name).collect();
    unknown_elements(policy.root, &top, "at the top level of a policy", sink);
    version(ctx, policy, sink);
    statement_shape(policy, sink);
    let mut sids: Vec<(&str, &Member)> = Vec::new();
    let statement_names: Vec<&str> = STATEMENT_ELEMENTS.iter().map(|e| e.name).collect();
    for st in &policy.statements {
        if let Some(obj) = st.object {
            unknown_elements(obj, &statement_names, "in a statement", sink);
            required(ctx, st, obj, sink);
        }
        effect(st, sink);
        if let Some(m) = st.sid {
            sid(ctx, m, &mut sids, sink);
        }
        element_types(st, sink);
    }
}

fn unknown_elements(obj: &Object, known: &[&str], place: &str, sink: &mut Sink) {
    for m in &obj.members {
        let name = m.key.value.as_str();
        if known.contains(&name) {
            continue;
        }
        if let Some(right) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
            let fix = key_fix(m, right);
            if let Some(f) = sink.report(
                &UNKNOWN_ELEMENT,
                m.key.range,
                format!("\"{name}\" must be spelled \"{right}\": element names are case-sensitive"),
            ) {
                f.suggestions = [right.to_string()].into();
                f.fixes.push(fix);
            }
            continue;
        }
        let close = crate::analysis::closest(name, known.iter().copied(), 2);
        let hint = match close.first() {
            Some(c) => format!(": did you mean \"{c}\"?"),
            None => format!(" (expected one of {})", known.join(", ")),
        };
        let fixes: Vec<Fix> = close.iter().map(|c| key_fix(m, c)).collect();
        if let Some(f) = sink.report(
            &UNKNOWN_ELEMENT,
            m.key.range,
            format!("Unknown element \"{name}\" {place}{hint}"),
        ) {
            f.suggestions = close.iter().map(|c| c.to_string()).collect();
            f.fixes = fixes;
        }
    }
}

fn key_fix(m: &Member, right: &str) -> Fix {
    Fix {
        title: format!("Rename to \"{right}\""),
        edits: vec![Edit {
            range: m.key.content_range(),
            text: right.to_string(),
        }],
        preferred: true,
    }
}

fn version(ctx: &Ctx, policy: &Policy, sink: &mut Sink) {
    let Some(m) = policy.version else {
        if ctx.options.statements_only {
            return;
        }
        let range = policy
            .root
            .members
            .first()
            .map_or(policy.root.range, |m| m.key.range);
        if let Some(f) = sink.report(&MISSING_VERSION, range, "No \"Version\": add \"Version\": \"2012-10-17\" (without it IAM uses 2008-10-17, which ignores policy variables)") {
            f.fixes.extend(insert_version_fix(ctx.text, policy));
        }
        return;
    };
    match m.value.as_ref() {
        Some(Value::String(s)) => match s.value.as_str() {
            "2012-10-17" => {}
            "2008-10-17" => {
                sink.report(
                    &OLD_VERSION,
                    s.range,
                    "Version 2008-10-17 does not support policy variables: use 2012-10-17",
                );
            }
            other => {
                if let Some(f) = sink.report(
                    &INVALID_VERSION,
                    s.range,
                    format!("\"{other}\" is not a policy language version: use \"2012-10-17\""),
                ) {
                    f.fixes.push(Fix {
                        title: "Use 2012-10-17".into(),
                        edits: vec![Edit {
                            range: s.content_range(),
                            text: "2012-10-17".into(),
                        }],
                        preferred: true,
                    });
                }
            }
        },
        Some(v) => {
            wrong_type(sink, &INVALID_VERSION, v, |k| {
                format!("Version must be the string \"2012-10-17\", not {k}")
            });
        }
        None => {}
    }
}

/// Inserts `"Version": "2012-10-17",` before the first top-level element, on its own line with
/// the same indentation when the element starts a line.
fn insert_version_fix(text: &str, policy: &Policy) -> Option<Fix> {
    let first = policy.root.members.first()?;
    let at = first.range.start as usize;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..at];
    let insert = if indent.trim().is_empty() && line_start > 0 {
        format!("\"Version\": \"2012-10-17\",\n{indent}")
    } else {
        "\"Version\": \"2012-10-17\", ".to_string()
    };
    Some(Fix {
        title: "Add \"Version\": \"2012-10-17\"".to_string(),
        edits: vec![Edit {
            range: crate::syntax::TextRange::new(at, at),
            text: insert,
        }],
        preferred: true,
    })
}

fn statement_shape(policy: &Policy, sink: &mut Sink) {
    let Some(m) = policy.statement else {
        let range = policy
            .root
            .members
            .first()
            .map_or(policy.root.range, |m| m.key.range);
        sink.report(
            &MISSING_STATEMENT,
            range,
            "The policy has no \"Statement\": add at least one statement",
        );
        return;
    };
    match &m.value {
        Some(Value::Array(a)) => {
            if a.items.is_empty() {
                sink.report(
                    &MISSING_STATEMENT,
                    a.range,
                    "\"Statement\" is empty: the policy grants nothing",
                );
            }
            for item in a.items.iter().filter(|i| !matches!(i, Value::Object(_))) {
                wrong_type(sink, &INVALID_ELEMENT_TYPE, item, |k| {
                    format!("Each statement must be an object, not {k}")
                });
            }
        }
        Some(Value::Object(_)) | None => {}
        Some(v) => {
            wrong_type(sink, &INVALID_ELEMENT_TYPE, v, |k| {
                format!("\"Statement\" must be an object or an array of objects, not {k}")
            });
        }
    }
}

fn required(ctx: &Ctx, st: &Statement, obj: &Object, sink: &mut Sink) {
    // Point at the statement's opening brace line rather than the whole statement.
    let anchor =
        crate::syntax::TextRange::new(obj.range.start as usize, obj.range.start as usize + 1);
    if st.effect.is_none() {
        sink.report(
            &MISSING_EFFECT,
            anchor,
            "The statement has no \"Effect\": add \"Effect\": \"Allow\" or \"Deny\"",
        );
    }
    if st.action.is_none() && st.not_action.is_none() {
        sink.report(
            &MISSING_ACTION,
            anchor,
            "The statement has no \"Action\" (or \"NotAction\")",
        );
    }
    // A policy attached to one resource of a service whose policies name no resource (an ECR
    // repository policy applies to the repository it is set on) needs none.
    let rules = ctx.kind.service_rules();
    let needs_resource =
        ctx.kind != PolicyKind::Trust && rules.is_none_or(|r| r.resource != ResourceRule::Optional);
    if needs_resource && st.resource.is_none() && st.not_resource.is_none() {
        let msg = match (ctx.kind, rules.map(|r| r.resource)) {
            (_, Some(ResourceRule::Star)) => format!(
                "A statement of {} without \"Resource\" applies to nothing: add \"Resource\": \"*\" (the resource the policy is attached to)",
                ctx.kind.a_label()
            ),
            (_, Some(_)) => format!(
                "A statement of {} needs a \"Resource\": the ARNs of the resources it is about",
                ctx.kind.a_label()
            ),
            (PolicyKind::Resource(_), None) => "The statement has no \"Resource\": most resource-based policies need one (the resource's ARN)".to_string(),
            _ => "The statement has no \"Resource\" (or \"NotResource\"): add \"Resource\": \"*\" or the ARNs it covers".to_string(),
        };
        sink.report(&MISSING_RESOURCE, anchor, msg);
    }
    if let (Some(rules), Some(m)) = (rules, st.resource) {
        service_resource(ctx, rules, m, sink);
    }
    for (a, b) in [
        (st.action, st.not_action),
        (st.resource, st.not_resource),
        (st.principal, st.not_principal),
    ] {
        if let (Some(a), Some(b)) = (a, b) {
            sink.report(
                &CONFLICTING_ELEMENTS,
                b.key.range,
                format!(
                    "\"{}\" and \"{}\" cannot be used in the same statement",
                    a.key.value, b.key.value
                ),
            );
        }
    }
    match ctx.kind {
        PolicyKind::Identity | PolicyKind::Scp => {
            for m in [st.principal, st.not_principal].into_iter().flatten() {
                let what = if ctx.kind == PolicyKind::Scp {
                    "service control policies"
                } else {
                    "identity-based policies"
                };
                sink.report(&PRINCIPAL_NOT_ALLOWED, m.key.range, format!("\"{}\" is not allowed in {what}: the policy applies to whoever it is attached to", m.key.value));
            }
        }
        PolicyKind::Resource(_) | PolicyKind::Trust => {
            if st.principal.is_none() && st.not_principal.is_none() {
                sink.report(
                    &MISSING_PRINCIPAL,
                    anchor,
                    format!(
                        "A statement of {} needs a \"Principal\"",
                        ctx.kind.a_label()
                    ),
                );
            }
            if ctx.kind == PolicyKind::Trust {
                for m in [st.resource, st.not_resource].into_iter().flatten() {
                    sink.report(&RESOURCE_IN_TRUST_POLICY, m.key.range, format!("A role trust policy cannot have \"{}\": the resource is the role itself", m.key.value));
                }
            }
        }
        PolicyKind::Rcp => {}
    }
}

fn effect(st: &Statement, sink: &mut Sink) {
    let Some(m) = st.effect else { return };
    match &m.value {
        Some(Value::String(s)) if s.value == "Allow" || s.value == "Deny" => {}
        Some(Value::String(s)) => {
            let right = if s.value.eq_ignore_ascii_case("allow") {
                Some("Allow")
            } else if s.value.eq_ignore_ascii_case("deny") {
                Some("Deny")
            } else {
                crate::analysis::closest(&s.value, ["Allow", "Deny"], 1)
                    .first()
                    .copied()
            };
            let msg = match right {
                Some(r) => format!(
                    "Effect must be \"Allow\" or \"Deny\" (case-sensitive): did you mean \"{r}\"?"
                ),
                None => format!("Effect must be \"Allow\" or \"Deny\", not \"{}\"", s.value),
            };
            if let Some(f) = sink.report(&INVALID_EFFECT, s.range, msg)
                && let Some(r) = right
            {
                f.suggestions = [r.to_string()].into();
                f.fixes.push(Fix {
                    title: format!("Change to \"{r}\""),
                    edits: vec![Edit {
                        range: s.content_range(),
                        text: r.into(),
                    }],
                    preferred: true,
                });
            }
        }
        Some(v) => {
            wrong_type(sink, &INVALID_ELEMENT_TYPE, v, |k| {
                format!("Effect must be the string \"Allow\" or \"Deny\", not {k}")
            });
        }
        None => {}
    }
}

fn sid<'a>(ctx: &Ctx, m: &'a Member, seen: &mut Vec<(&'a str, &'a Member)>, sink: &mut Sink) {
    let Some(Value::String(s)) = &m.value else {
        if let Some(v) = &m.value {
            wrong_type(sink, &INVALID_ELEMENT_TYPE, v, |k| {
                format!("Sid must be a string, not {k}")
            });
        }
        return;
    };
    if s.value.is_empty() {
        sink.report(
            &EMPTY_SID,
            s.range,
            "The Sid is empty: name the statement or remove the Sid",
        );
        return;
    }
    // Identity policies (and SCPs/RCPs) allow only ASCII letters and digits; resource-based
    // policies of several services accept more (spaces, hyphens).
    if matches!(
        ctx.kind,
        PolicyKind::Identity | PolicyKind::Scp | PolicyKind::Rcp
    ) && !s.value.chars().all(|c| c.is_ascii_alphanumeric())
    {
        let cleaned: String = s
            .value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(|p| {
                let mut cs = p.chars();
                cs.next()
                    .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                    .unwrap_or_default()
            })
            .collect();
        if let Some(f) = sink.report(
            &INVALID_SID,
            s.range,
            format!(
                "Sid \"{}\" may contain only letters and digits{}",
                s.value,
                if cleaned.is_empty() {
                    String::new()
                } else {
                    format!(": try \"{cleaned}\"")
                }
            ),
        ) && !cleaned.is_empty()
        {
            f.fixes.push(Fix {
                title: format!("Rename to \"{cleaned}\""),
                edits: vec![Edit {
                    range: s.content_range(),
                    text: cleaned,
                }],
                preferred: true,
            });
        }
    }
    if seen.iter().any(|(v, _)| *v == s.value) {
        // IAM, Organizations and role trust policies reject a policy whose Sids repeat; the
        // services that store resource-based policies accept it (S3 does), so there it is advice.
        let (code, why) = if ctx.kind.is_resource() {
            (
                &SID_NOT_UNIQUE,
                "unique Sids are recommended, so that each statement can be told apart",
            )
        } else {
            (&DUPLICATE_SID, "Sids must be unique")
        };
        let mut n = 2;
        let renamed = loop {
            let candidate = format!("{}{n}", s.value);
            if !seen.iter().any(|(v, _)| *v == candidate) {
                break candidate;
            }
            n += 1;
        };
        if let Some(f) = sink.report(
            code,
            s.range,
            format!("Another statement already has Sid \"{}\": {why}", s.value),
        ) {
            f.fixes.push(Fix {
                title: format!("Rename to \"{renamed}\""),
                edits: vec![Edit {
                    range: s.content_range(),
                    text: renamed,
                }],
                preferred: true,
            });
        }
    }
    seen.push((&s.value, m));
}

/// Elements that take a string or an array of strings, an object, etc.
fn element_types(st: &Statement, sink: &mut Sink) {
    for m in [st.action, st.not_action, st.resource, st.not_resource]
        .into_iter()
        .flatten()
    {
        match &m.value {
            Some(Value::String(_)) | None => {}
            Some(Value::Array(a)) => {
                if a.items.is_empty() {
                    sink.report(
                        &super::conditions::EMPTY_ARRAY,
                        a.range,
                        format!(
                            "\"{}\" is an empty array: the statement matches nothing",
                            m.key.value
                        ),
                    );
                }
                for item in a.items.iter().filter(|i| !matches!(i, Value::String(_))) {
                    wrong_type(sink, &INVALID_ELEMENT_TYPE, item, |k| {
                        format!(
                            "Each entry of \"{}\" must be a string, not {k}",
                            m.key.value
                        )
                    });
                }
            }
            Some(v) => {
                wrong_type(sink, &INVALID_ELEMENT_TYPE, v, |k| {
                    format!(
                        "\"{}\" must be a string or an array of strings, not {k}",
                        m.key.value
                    )
                });
            }
        }
    }
    if let Some(m) = st.condition {
        match &m.value {
            Some(Value::Object(o)) if o.members.is_empty() => {
                sink.report(
                    &super::conditions::EMPTY_OBJECT,
                    o.range,
                    "\"Condition\" is empty: remove it",
                );
            }
            Some(Value::Object(_)) | None => {}
            Some(v) => {
                wrong_type(sink, &INVALID_ELEMENT_TYPE, v, |k| {
                    format!("\"Condition\" must be an object, not {k}")
                });
            }
        }
    }
}

/// Services whose resource-based policies take no `Resource` element: the policy applies to the
/// resource it is attached to (Amazon ECR: "repository policy ... statements do not include a
/// Resource element", for private and public repositories and the registry policy).
/// `Resource` as the service of a resource-based policy accepts it: an S3 bucket policy must
/// name the bucket's ARNs (S3 rejects `"*"`), a KMS key policy names "this key" as `"*"`.
fn service_resource(ctx: &Ctx, rules: &ServiceRules, m: &Member, sink: &mut Sink) {
    for lit in member_strings(m) {
        let value = lit.value.as_str();
        if value.contains("${") || value.starts_with('$') {
            continue;
        }
        match rules.resource {
            ResourceRule::OwnArns if matches_every_resource(value) => {
                sink.report(
                    &RESOURCE_MUST_NAME_ARNS,
                    lit.range,
                    format!(
                        "{} cannot use \"{value}\" as its Resource: name the ARNs of the {} resources it is attached to",
                        ctx.kind.a_label_capitalized(),
                        catalog::service(rules.service).map_or(rules.service, |s| s.name),
                    ),
                );
            }
            ResourceRule::Star if value != "*" => {
                if let Some(f) = sink.report(
                    &RESOURCE_MUST_BE_STAR,
                    lit.range,
                    format!(
                        "In {} \"Resource\" is \"*\", which means the resource the policy is attached to: \"{value}\" does not name it",
                        ctx.kind.a_label(),
                    ),
                ) && lit.terminated
                    && !lit.has_escapes
                {
                    f.fixes.push(Fix {
                        title: "Change to \"*\"".into(),
                        edits: vec![Edit {
                            range: lit.content_range(),
                            text: "*".into(),
                        }],
                        preferred: true,
                    });
                }
            }
            _ => {}
        }
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const UNKNOWN_ELEMENT: Rule = Rule {
    code: "unknown-element",
    severity: crate::analysis::Severity::Error,
    summary: "An element that IAM does not know, or a known one in the wrong case.",
    access_analyzer: &["INVALID_POLICY_ELEMENT"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Actions": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const INVALID_ELEMENT_TYPE: Rule = Rule {
    code: "invalid-element-type",
    severity: crate::analysis::Severity::Error,
    summary: "An element's value has the wrong JSON type (e.g. Effect as an array).",
    access_analyzer: &["INVALID_POLICY_ELEMENT"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": ["Allow"], "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const MISSING_VERSION: Rule = Rule {
    code: "missing-version",
    severity: crate::analysis::Severity::Warning,
    summary: "No Version: IAM then assumes 2008-10-17, which ignores policy variables.",
    access_analyzer: &["MISSING_VERSION"],
    kind: None,
    bad: Example::Document(
        r#"{"Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const INVALID_VERSION: Rule = Rule {
    code: "invalid-version",
    severity: crate::analysis::Severity::Error,
    summary: "Version must be 2012-10-17 (or the older 2008-10-17).",
    access_analyzer: &["INVALID_VERSION"],
    kind: None,
    bad: Example::Document(
        r#"{"Version": "2021-01-01", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const OLD_VERSION: Rule = Rule {
    code: "old-version",
    severity: crate::analysis::Severity::Warning,
    summary: "Version 2008-10-17 does not support policy variables.",
    access_analyzer: &["VARIABLE_UNSUPPORTED_IN_VERSION"],
    kind: None,
    bad: Example::Document(
        r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const MISSING_STATEMENT: Rule = Rule {
    code: "missing-statement",
    severity: crate::analysis::Severity::Error,
    summary: "The policy has no Statement element, or it is empty.",
    access_analyzer: &["MISSING_STATEMENT"],
    kind: None,
    bad: Example::Document(r#"{"Version": "2012-10-17"}"#),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const MISSING_EFFECT: Rule = Rule {
    code: "missing-effect",
    severity: crate::analysis::Severity::Error,
    summary: "A statement has no Effect.",
    access_analyzer: &["MISSING_EFFECT"],
    kind: None,
    bad: Example::Statements(r#"{"Action": "s3:ListAllMyBuckets", "Resource": "*"}"#),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const INVALID_EFFECT: Rule = Rule {
    code: "invalid-effect",
    severity: crate::analysis::Severity::Error,
    summary: "Effect must be exactly Allow or Deny.",
    access_analyzer: &["INVALID_EFFECT"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const MISSING_ACTION: Rule = Rule {
    code: "missing-action",
    severity: crate::analysis::Severity::Error,
    summary: "A statement has neither Action nor NotAction.",
    access_analyzer: &["MISSING_ACTION"],
    kind: None,
    bad: Example::Statements(r#"{"Effect": "Allow", "Resource": "*"}"#),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const MISSING_RESOURCE: Rule = Rule {
    code: "missing-resource",
    severity: crate::analysis::Severity::Error,
    summary: "A statement has neither Resource nor NotResource, in a policy that needs one (all but role trust policies and the resource-based policies of services such as ECR).",
    access_analyzer: &["MISSING_RESOURCE"],
    kind: None,
    bad: Example::Statements(r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets"}"#),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const RESOURCE_MUST_NAME_ARNS: Rule = Rule {
    code: "resource-must-name-arns",
    severity: crate::analysis::Severity::Error,
    summary: "A resource-based policy of a service that rejects \"Resource\": \"*\" (an S3 bucket policy must name the bucket's ARNs).",
    access_analyzer: &["UNSUPPORTED_RESOURCE_ARN_IN_POLICY"],
    kind: Some(crate::policy::PolicyKind::Resource(Some("s3"))),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ),
};

pub const RESOURCE_MUST_BE_STAR: Rule = Rule {
    code: "resource-must-be-star",
    severity: crate::analysis::Severity::Warning,
    summary: "A resource-based policy whose Resource must be \"*\" (a KMS key policy: \"*\" means this key).",
    access_analyzer: &[],
    kind: Some(crate::policy::PolicyKind::Resource(Some("kms"))),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/k"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "*"}"#,
    ),
};

pub const CONFLICTING_ELEMENTS: Rule = Rule {
    code: "conflicting-elements",
    severity: crate::analysis::Severity::Error,
    summary: "Action with NotAction, Resource with NotResource, or Principal with NotPrincipal in one statement.",
    access_analyzer: &["UNSUPPORTED_ELEMENT_COMBINATION"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Deny", "Action": "s3:*", "NotAction": "s3:GetObject", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"}"#,
    ),
};

pub const PRINCIPAL_NOT_ALLOWED: Rule = Rule {
    code: "principal-not-allowed",
    severity: crate::analysis::Severity::Error,
    summary: "Identity policies, SCPs and permission boundaries may not name a Principal.",
    access_analyzer: &["UNSUPPORTED_PRINCIPAL", "SCP_SYNTAX_ERROR_PRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Identity),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const MISSING_PRINCIPAL: Rule = Rule {
    code: "missing-principal",
    severity: crate::analysis::Severity::Error,
    summary: "Resource-based and trust policy statements must name a Principal.",
    access_analyzer: &["MISSING_PRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(r#"{"Effect": "Allow", "Action": "sts:AssumeRole"}"#),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
    ),
};

pub const RESOURCE_IN_TRUST_POLICY: Rule = Rule {
    code: "resource-in-trust-policy",
    severity: crate::analysis::Severity::Error,
    summary: "A role trust policy may not have Resource or NotResource.",
    access_analyzer: &["ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
    ),
};

pub const INVALID_SID: Rule = Rule {
    code: "invalid-sid",
    severity: crate::analysis::Severity::Error,
    summary: "Sid may contain only letters and digits (A-Z, a-z, 0-9) in identity policies.",
    access_analyzer: &["UNSUPPORTED_SID"],
    kind: None,
    bad: Example::Statements(
        r#"{"Sid": "read-logs", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Sid": "ReadLogs", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const EMPTY_SID: Rule = Rule {
    code: "empty-sid",
    severity: crate::analysis::Severity::Information,
    summary: "An empty Sid says nothing: remove it or name the statement.",
    access_analyzer: &["EMPTY_SID_VALUE"],
    kind: None,
    bad: Example::Statements(
        r#"{"Sid": "", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const DUPLICATE_SID: Rule = Rule {
    code: "duplicate-sid",
    severity: crate::analysis::Severity::Error,
    summary: "Two statements of an identity, trust, SCP or RCP policy share a Sid: IAM and Organizations reject it.",
    access_analyzer: &["UNIQUE_SIDS_REQUIRED"],
    kind: None,
    bad: Example::Statements(
        r#"{"Sid": "A", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}, {"Sid": "A", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Sid": "A", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}"#,
    ),
};

pub const SID_NOT_UNIQUE: Rule = Rule {
    code: "sid-not-unique",
    severity: crate::analysis::Severity::Warning,
    summary: "Two statements of a resource-based policy share a Sid: the service accepts it (S3 does), but unique Sids are recommended.",
    access_analyzer: &["UNIQUE_SIDS_RECOMMENDED"],
    kind: Some(crate::policy::PolicyKind::Resource(Some("s3"))),
    bad: Example::Statements(
        r#"{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}"#,
    ),
    good: Example::Statements(
        r#"{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "B", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}"#,
    ),
};
