//! Principal and NotPrincipal: principal types, account IDs, ARNs, service principals, federated
//! providers, wildcards inside principal values, and IAM unique IDs in place of ARNs. Which
//! principals each policy kind accepts: NotPrincipal and `"*"` in role trust policies, federated
//! and canonical-user principals by policy kind and service ([`PolicyKind::principal_type_problem`]).

use super::util::wrong_type;
use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Sink};
use crate::catalog::has_wildcard;
use crate::policy::{PRINCIPAL_KINDS, PolicyKind, PrincipalTypeProblem, Statement, value_strings};
use crate::syntax::Value;

pub fn check(ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    if ctx.kind == PolicyKind::Trust
        && let Some(m) = st.not_principal
    {
        sink.report(
                &NOT_PRINCIPAL_IN_TRUST_POLICY,
                m.key.range,
                "Role trust policies do not support NotPrincipal: name who may assume the role in \"Principal\"",
            );
    }
    let Some((m, _not)) = st.principal_element() else {
        return;
    };
    match &m.value {
        Some(Value::String(s)) => {
            if s.value != "*" {
                sink.report(&INVALID_PRINCIPAL, s.range, format!("A Principal string can only be \"*\"; write {{\"AWS\": \"{}\"}} for an account or ARN", s.value));
            } else if ctx.kind == PolicyKind::Trust && m.key.value == "Principal" {
                sink.report(
                    &WILDCARD_PRINCIPAL_IN_TRUST_POLICY,
                    s.range,
                    "\"Principal\": \"*\" is not supported in a role trust policy: name the accounts, roles, services or identity providers that may assume the role",
                );
            }
        }
        Some(Value::Object(o)) => {
            if o.members.is_empty() {
                sink.report(
                    &super::conditions::EMPTY_OBJECT,
                    o.range,
                    format!("\"{}\" is empty: it matches no one", m.key.value),
                );
            }
            for kind in &o.members {
                let k = kind.key.value.as_str();
                if !PRINCIPAL_KINDS.iter().any(|(name, _)| *name == k) {
                    let close =
                        crate::analysis::closest(k, PRINCIPAL_KINDS.iter().map(|(n, _)| *n), 1);
                    let hint = close
                        .first()
                        .map(|c| format!(": did you mean \"{c}\"?"))
                        .unwrap_or_else(|| ": use AWS, Service, Federated or CanonicalUser".into());
                    sink.report(
                        &INVALID_PRINCIPAL,
                        kind.key.range,
                        format!("Unknown principal type \"{k}\"{hint}"),
                    );
                    continue;
                }
                match ctx.kind.principal_type_problem(k) {
                    Some(PrincipalTypeProblem::FederatedOutsideTrust) => {
                        sink.report(
                            &FEDERATED_PRINCIPAL_NOT_SUPPORTED,
                            kind.key.range,
                            "Only role trust policies accept federated identity providers: a resource-based policy cannot name one (grant access to the role that federated users assume instead)",
                        );
                    }
                    Some(PrincipalTypeProblem::CanonicalUserOutsideS3) => {
                        sink.report(
                            &PRINCIPAL_TYPE_NOT_SUPPORTED,
                            kind.key.range,
                            "A canonical user ID names an account only in Amazon S3 policies: write the account as {\"AWS\": \"ACCOUNT-ID\"}",
                        );
                    }
                    None => {}
                }
                if let Some(Value::Array(a)) = &kind.value
                    && a.items.is_empty()
                {
                    sink.report(
                        &super::conditions::EMPTY_ARRAY,
                        a.range,
                        format!("\"{k}\" has an empty list: it matches no one"),
                    );
                }
                for v in value_strings(kind.value.as_ref()) {
                    if super::placeholders::has_placeholder(v) {
                        continue;
                    }
                    let value = v.value.as_str();
                    if value != "*" && has_wildcard(value) {
                        sink.report(
                            &PRINCIPAL_WILDCARD,
                            v.range,
                            format!("Wildcards (*, ?) are not supported in \"{k}\" principal values: name the principal exactly, or use \"*\" with a condition on aws:PrincipalArn or aws:PrincipalAccount"),
                        );
                        continue;
                    }
                    if k == "AWS"
                        && let Some(kind) = unique_id_kind(value)
                    {
                        sink.report(
                                &PRINCIPAL_UNIQUE_ID,
                                v.range,
                                format!("\"{value}\" is the unique ID of an IAM {kind}: IAM shows this when the {kind} was deleted, and a new {kind} with the same name gets a new ID, so this never matches it; write the {kind}'s ARN instead"),
                            );
                        continue;
                    }
                    if let Some(problem) = principal_value_problem(k, value) {
                        sink.report(&INVALID_PRINCIPAL, v.range, problem);
                    }
                }
            }
        }
        Some(v) => {
            wrong_type(sink, &super::statements::INVALID_ELEMENT_TYPE, v, |k| {
                format!(
                    "\"{}\" must be \"*\" or an object such as {{\"AWS\": \"...\"}}, not {k}",
                    m.key.value
                )
            });
        }
        None => {}
    }
}

/// `role` or `user` when the value is an IAM unique ID (`AROA...`, `AIDA...`).
fn unique_id_kind(value: &str) -> Option<&'static str> {
    let kind = if value.starts_with("AROA") {
        "role"
    } else if value.starts_with("AIDA") {
        "user"
    } else {
        return None;
    };
    (value.len() >= 16
        && value.len() <= 128
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
    .then_some(kind)
}

fn principal_value_problem(kind: &str, value: &str) -> Option<String> {
    match kind {
        "AWS" => {
            if value == "*" || value.contains("${") {
                return None;
            }
            if value.bytes().all(|b| b.is_ascii_digit()) {
                return (value.len() != 12)
                    .then(|| format!("\"{value}\" is not a 12-digit account ID"));
            }
            if !value.starts_with("arn:") {
                return Some(format!("\"{value}\" is neither an account ID nor an ARN"));
            }
            let parts = crate::catalog::parse_arn(value)?;
            if !matches!(parts.service, "iam" | "sts") {
                return Some(format!(
                    "\"{value}\" is not an IAM or STS ARN: an AWS principal is an account, user, role or session"
                ));
            }
            // The IAM reference: "You cannot identify a user group as a principal in a policy".
            if parts.service == "iam" && parts.resource.starts_with("group/") {
                return Some(format!(
                    "\"{value}\" is an IAM group, and a group cannot be a principal: name its users or roles, or attach an identity policy to the group"
                ));
            }
            None
        }
        "Service" => {
            if value == "*" {
                return None;
            }
            let ok = value.ends_with(".amazonaws.com")
                || value.ends_with(".amazonaws.com.cn")
                || value.ends_with(".c2s.ic.gov")
                || value.ends_with(".sc2s.sgov.gov")
                || value.ends_with(".aws.internal")
                || value.ends_with(".amazon.com");
            (!ok || value.contains(char::is_whitespace)
                || value.chars().any(|c| c.is_ascii_uppercase()))
            .then(|| {
                format!("\"{value}\" is not a service principal (e.g. \"lambda.amazonaws.com\")")
            })
        }
        "CanonicalUser" => (!(value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
            && value != "*")
            .then(|| format!("\"{value}\" is not a canonical user ID (64 hexadecimal characters)")),
        "Federated" => federated_problem(value),
        _ => None,
    }
}

/// A federated principal is an identity provider's domain name (`cognito-identity.amazonaws.com`,
/// `accounts.google.com`) or the ARN of an IAM SAML or OIDC provider.
fn federated_problem(value: &str) -> Option<String> {
    // `"*"` is every federated identity: a VPC endpoint policy for STS writes it (whether a
    // wildcard is allowed is the trust-policy rules' question).
    if value.contains("${") || value == "*" {
        return None;
    }
    if value.starts_with("arn:") {
        let ok = crate::catalog::parse_arn(value).is_some_and(|p| {
            p.service == "iam"
                && p.region.is_empty()
                && (p.resource.starts_with("saml-provider/")
                    || p.resource.starts_with("oidc-provider/"))
                && p.resource
                    .split_once('/')
                    .is_some_and(|(_, name)| !name.is_empty())
        });
        return (!ok).then(|| format!("\"{value}\" is not an identity provider ARN: write \"arn:aws:iam::ACCOUNT:saml-provider/NAME\" or \"arn:aws:iam::ACCOUNT:oidc-provider/HOST\""));
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let labels: Vec<&str> = value.split('.').collect();
    let domain = labels.len() >= 2 && labels.iter().all(|l| label_ok(l));
    (!domain).then(|| format!("\"{value}\" is not a federated principal: write the identity provider's domain name (e.g. \"cognito-identity.amazonaws.com\") or the ARN of an IAM SAML or OIDC provider"))
}

// The rules this module reports (collected in `crate::registry`).

pub const INVALID_PRINCIPAL: Rule = Rule {
    code: "invalid-principal",
    severity: crate::analysis::Severity::Error,
    summary: "A principal that is not well-formed: unknown principal type, bad account ID or ARN, bad service principal, a federated principal that is neither a provider domain nor a SAML/OIDC provider ARN.",
    access_analyzer: &[
        "INVALID_PRINCIPAL_KEY",
        "INVALID_PRINCIPAL_FORMAT",
        "INVALID_SERVICE_PRINCIPAL_FORMAT",
        "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
    ],
    kind: Some(crate::policy::PolicyKind::Resource(None)),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Account": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ),
};

pub const PRINCIPAL_WILDCARD: Rule = Rule {
    code: "principal-wildcard",
    severity: crate::analysis::Severity::Error,
    summary: "A wildcard inside a principal value (`arn:aws:iam::1:role/*`, `*.amazonaws.com`): only a lone \"*\" is accepted.",
    access_analyzer: &["UNSUPPORTED_WILDCARD_IN_PRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Resource(None)),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app-*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/app-*"}}}"#,
    ),
};

pub const PRINCIPAL_UNIQUE_ID: Rule = Rule {
    code: "principal-unique-id",
    severity: crate::analysis::Severity::Warning,
    summary: "An IAM role or user unique ID (AROA..., AIDA...) as a principal: it stops matching when the role or user is recreated; use the ARN.",
    access_analyzer: &["INVALID_ROLE_REFERENCE", "INVALID_USER_REFERENCE"],
    kind: Some(crate::policy::PolicyKind::Resource(None)),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "AROA1234567890EXAMPLE"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ),
};

pub const NOT_PRINCIPAL_IN_TRUST_POLICY: Rule = Rule {
    code: "not-principal-in-trust-policy",
    severity: crate::analysis::Severity::Error,
    summary: "A role trust policy may not use NotPrincipal.",
    access_analyzer: &["ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/admin"}, "Action": "sts:AssumeRole"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/admin"}, "Action": "sts:AssumeRole"}"#,
    ),
};

pub const WILDCARD_PRINCIPAL_IN_TRUST_POLICY: Rule = Rule {
    code: "wildcard-principal-in-trust-policy",
    severity: crate::analysis::Severity::Error,
    summary: "\"Principal\": \"*\" in a role trust policy.",
    access_analyzer: &["ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}"#,
    ),
};

pub const FEDERATED_PRINCIPAL_NOT_SUPPORTED: Rule = Rule {
    code: "federated-principal-not-supported",
    severity: crate::analysis::Severity::Error,
    summary: "A federated identity provider in a resource-based policy other than a role trust policy.",
    access_analyzer: &["FEDERATED_PRINCIPAL_NOT_SUPPORTED"],
    kind: Some(crate::policy::PolicyKind::Resource(Some("s3"))),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/web"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ),
};

pub const PRINCIPAL_TYPE_NOT_SUPPORTED: Rule = Rule {
    code: "principal-type-not-supported",
    severity: crate::analysis::Severity::Error,
    summary: "A CanonicalUser principal outside Amazon S3's policies: only S3 names an account by its canonical user ID.",
    access_analyzer: &["UNSUPPORTED_PRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Resource(Some("kms"))),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, "Action": "kms:Decrypt", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "*"}"#,
    ),
};
