//! AWS Organizations resource control policies (RCPs): the grammar they accept (Principal "*",
//! no NotPrincipal or NotAction, supported service prefixes, unconditional Allow on "*") and the
//! companion keys that keep a Deny from catching AWS services or your own principals.

use super::util::{CondKey, condition_keys};
use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Sink};
use crate::catalog::{self, has_wildcard};
use crate::policy::{Policy, PolicyKind, Statement, member_strings};
use crate::syntax::Value;

pub fn check(ctx: &Ctx, policy: &Policy, sink: &mut Sink) {
    if ctx.kind != PolicyKind::Rcp {
        return;
    }
    for st in &policy.statements {
        syntax(st, sink);
        related_keys(st, sink);
    }
}

fn syntax(st: &Statement, sink: &mut Sink) {
    if let Some(m) = st.not_action {
        sink.report(
            &RCP_SYNTAX,
            m.key.range,
            "RCPs do not support NotAction: list the actions in \"Action\"",
        );
    }
    if let Some(m) = st.not_principal {
        sink.report(
            &RCP_SYNTAX,
            m.key.range,
            "RCPs do not support NotPrincipal: write \"Principal\": \"*\" and narrow it with conditions (aws:PrincipalArn, aws:PrincipalOrgID, ...)",
        );
    }
    if let Some(m) = st.principal {
        match &m.value {
            Some(Value::String(s)) if s.value == "*" => {}
            Some(v) => {
                sink.report(
                    &RCP_SYNTAX,
                    v.range(),
                    "RCPs only accept \"Principal\": \"*\": narrow the principals with conditions (aws:PrincipalArn, aws:PrincipalOrgID, ...)",
                );
            }
            None => {}
        }
    }
    if st.is_allow() {
        if let Some(m) = st.condition {
            sink.report(
                &RCP_SYNTAX,
                m.key.range,
                "An Allow statement of an RCP cannot have a Condition: RCPs allow everything (\"*\" on \"*\") and restrict with Deny statements",
            );
        }
        for lit in st.resources() {
            if lit.value != "*" {
                sink.report(
                    &RCP_SYNTAX,
                    lit.range,
                    "An Allow statement of an RCP must apply to \"Resource\": \"*\": restrict resources with Deny statements",
                );
            }
        }
        if let Some(m) = st.not_resource {
            sink.report(
                &RCP_SYNTAX,
                m.key.range,
                "An Allow statement of an RCP must apply to \"Resource\": \"*\", not NotResource",
            );
        }
    }
    if let Some(m) = st.action {
        for lit in member_strings(m) {
            let v = lit.value.as_str();
            if v == "*" {
                continue;
            }
            let Some((svc, _)) = v.split_once(':') else {
                continue;
            };
            let supported = if has_wildcard(svc) {
                false
            } else {
                match catalog::service(svc) {
                    Some(s) => s.rcp,
                    None => continue,
                }
            };
            if !supported {
                sink.report(
                    &RCP_SYNTAX,
                    lit.range,
                    format!("RCPs only apply to some services, and \"{svc}\" is not one of them: see the list of services that support RCPs"),
                );
            }
        }
    }
}

fn is_principal_key(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "aws:principalorgid"
            | "aws:principalorgpaths"
            | "aws:principalaccount"
            | "aws:principalarn"
    ) || n.starts_with("aws:principaltag/")
}

fn is_source_key(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "aws:sourceorgid" | "aws:sourceorgpaths" | "aws:sourceaccount" | "aws:sourcearn"
    )
}

/// Whether the condition has `key` with the (Boolean-like) value `value`.
fn has_value(keys: &[CondKey], key: &str, value: &str) -> bool {
    keys.iter().any(|k| {
        k.is(key)
            && k.values()
                .iter()
                .any(|v| v.text.eq_ignore_ascii_case(value))
    })
}

/// RCPs apply to IAM principals and to AWS services acting on your behalf: a Deny on principal
/// keys must exempt services (aws:PrincipalIsAWSService false), one on source keys must be
/// limited to services (aws:PrincipalIsAWSService true) and to requests that carry the key.
fn related_keys(st: &Statement, sink: &mut Sink) {
    if st.effect_value() != Some("Deny") {
        return;
    }
    let keys = condition_keys(st);
    let null_false = |key: &str| {
        keys.iter().any(|k| {
            k.is(key)
                && k.op.is_some_and(|o| o.base.name == "Null")
                && k.values()
                    .iter()
                    .any(|v| v.text.eq_ignore_ascii_case("false"))
        })
    };
    for k in &keys {
        if k.op.is_none_or(|o| o.base.name == "Null") {
            continue;
        }
        if is_principal_key(k.name()) && !has_value(&keys, "aws:PrincipalIsAWSService", "false") {
            sink.report(
                &RCP_MISSING_RELATED_CONDITION_KEY,
                k.key.key.range,
                format!("This RCP statement also denies AWS services acting on your behalf, which have no \"{}\": add \"BoolIfExists\": {{\"aws:PrincipalIsAWSService\": \"false\"}}", k.name()),
            );
        }
        if is_source_key(k.name()) {
            if !has_value(&keys, "aws:PrincipalIsAWSService", "true") {
                sink.report(
                    &RCP_MISSING_RELATED_CONDITION_KEY,
                    k.key.key.range,
                    format!("\"{}\" describes AWS services acting on your behalf: add \"Bool\": {{\"aws:PrincipalIsAWSService\": \"true\"}} so this RCP statement does not deny your own principals", k.name()),
                );
            }
            if !null_false("aws:SourceAccount") && !null_false("aws:SourceArn") {
                sink.report(
                    &RCP_MISSING_RELATED_CONDITION_KEY,
                    k.key.key.range,
                    format!("Some service integrations send no \"{}\": add \"Null\": {{\"aws:SourceAccount\": \"false\"}} (or aws:SourceArn) so this RCP statement only applies to requests that carry it", k.name()),
                );
            }
        }
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const RCP_SYNTAX: Rule = Rule {
    code: "rcp-syntax",
    severity: crate::analysis::Severity::Error,
    summary: "Grammar a resource control policy does not accept: NotAction, NotPrincipal, a Principal other than \"*\", an unsupported service, or an Allow that is not unconditional on \"*\".",
    access_analyzer: &[
        "RCP_SYNTAX_ERROR_ALLOW",
        "RCP_SYNTAX_ERROR_ACTION",
        "RCP_SYNTAX_ERROR_NOTACTION",
        "RCP_SYNTAX_ERROR_PRINCIPAL",
    ],
    kind: Some(crate::policy::PolicyKind::Rcp),
    bad: Example::Statements(
        r#"{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*"}"#,
    ),
};

pub const RCP_MISSING_RELATED_CONDITION_KEY: Rule = Rule {
    code: "rcp-missing-related-condition-key",
    severity: crate::analysis::Severity::Warning,
    summary: "An RCP Deny on principal keys that does not exempt AWS services, or on source keys that is not limited to AWS services and requests carrying the key.",
    access_analyzer: &[
        "RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY",
        "RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY",
        "RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK",
    ],
    kind: Some(crate::policy::PolicyKind::Rcp),
    bad: Example::Statements(
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1234567"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1234567"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}"#,
    ),
};
