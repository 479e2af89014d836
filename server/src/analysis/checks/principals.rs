//! Principal and NotPrincipal: principal types, account IDs, ARNs, service principals, federated
//! providers, wildcards inside principal values, and IAM unique IDs in place of ARNs. Which
//! principals each policy kind accepts: NotPrincipal and `"*"` in role trust policies, federated
//! and canonical-user principals by policy kind and service ([`PolicyKind::principal_type_problem`]).

use super::util::wrong_type;
use crate::analysis::{Ctx, Sink};
use crate::catalog::has_wildcard;
use crate::policy::{PRINCIPAL_KINDS, PolicyKind, PrincipalTypeProblem, Statement, value_strings};
use crate::syntax::Value;

pub fn check(ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    if ctx.kind == PolicyKind::Trust
        && let Some(m) = st.not_principal
    {
        sink.report(
                "not-principal-in-trust-policy",
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
                sink.report("invalid-principal", s.range, format!("A Principal string can only be \"*\"; write {{\"AWS\": \"{}\"}} for an account or ARN", s.value));
            } else if ctx.kind == PolicyKind::Trust && m.key.value == "Principal" {
                sink.report(
                    "wildcard-principal-in-trust-policy",
                    s.range,
                    "\"Principal\": \"*\" is not supported in a role trust policy: name the accounts, roles, services or identity providers that may assume the role",
                );
            }
        }
        Some(Value::Object(o)) => {
            if o.members.is_empty() {
                sink.report(
                    "empty-object",
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
                        "invalid-principal",
                        kind.key.range,
                        format!("Unknown principal type \"{k}\"{hint}"),
                    );
                    continue;
                }
                match ctx.kind.principal_type_problem(k) {
                    Some(PrincipalTypeProblem::FederatedOutsideTrust) => {
                        sink.report(
                            "federated-principal-not-supported",
                            kind.key.range,
                            "Only role trust policies accept federated identity providers: a resource-based policy cannot name one (grant access to the role that federated users assume instead)",
                        );
                    }
                    Some(PrincipalTypeProblem::CanonicalUserOutsideS3) => {
                        sink.report(
                            "principal-type-not-supported",
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
                        "empty-array",
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
                            "principal-wildcard",
                            v.range,
                            format!("Wildcards (*, ?) are not supported in \"{k}\" principal values: name the principal exactly, or use \"*\" with a condition on aws:PrincipalArn or aws:PrincipalAccount"),
                        );
                        continue;
                    }
                    if k == "AWS"
                        && let Some(kind) = unique_id_kind(value)
                    {
                        sink.report(
                                "principal-unique-id",
                                v.range,
                                format!("\"{value}\" is the unique ID of an IAM {kind}: IAM shows this when the {kind} was deleted, and a new {kind} with the same name gets a new ID, so this never matches it; write the {kind}'s ARN instead"),
                            );
                        continue;
                    }
                    if let Some(problem) = principal_value_problem(k, value) {
                        sink.report("invalid-principal", v.range, problem);
                    }
                }
            }
        }
        Some(v) => {
            wrong_type(sink, "invalid-element-type", v, |k| {
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
