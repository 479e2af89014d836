//! Who may act, and how: web-identity and SAML actions with the right kind of provider, what
//! IAM Roles Anywhere needs, assumed-role principals next to their role, actions that condition
//! keys of a trust policy depend on, and service principals in resource-based policies (confused
//! deputy protection, principal keys that a service never carries).

use super::util::{
    CondKey, condition_keys, json_string, quote_list, remove_item, statement_grants,
};
use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Edit, Fix, Sink};
use crate::catalog::has_wildcard;
use crate::policy::{Policy, PolicyKind, Statement, value_strings};
use crate::syntax::{StringLit, Value};

pub fn check_statement(ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    let keys = condition_keys(st);
    mismatched_action(st, sink);
    roles_anywhere(st, sink);
    redundant_session_principal(st, sink);
    if matches!(ctx.kind, PolicyKind::Resource(_) | PolicyKind::Trust) {
        service_principal_keys(st, &keys, sink);
    }
    if ctx.kind.is_resource() {
        service_principal_source(st, &keys, sink);
    }
}

pub fn check_policy(ctx: &Ctx, policy: &Policy, sink: &mut Sink) {
    if ctx.kind == PolicyKind::Trust {
        missing_action_for_key(policy, sink);
    }
}

/// The principal values of a statement's `Principal` object, by principal type.
fn principals<'a>(st: &Statement<'a>, kind: &str) -> Vec<&'a StringLit> {
    let Some(Value::Object(o)) = st.principal.and_then(|m| m.value.as_ref()) else {
        return Vec::new();
    };
    o.get(kind)
        .map(|m| value_strings(m.value.as_ref()))
        .unwrap_or_default()
}

fn is_saml_provider(value: &str) -> bool {
    value.contains(":saml-provider/")
}

/// sts:AssumeRoleWithSAML needs a SAML provider principal, sts:AssumeRoleWithWebIdentity an
/// OIDC provider (or a web identity domain such as cognito-identity.amazonaws.com).
fn mismatched_action(st: &Statement, sink: &mut Sink) {
    let Some(Value::Object(p)) = st.principal.and_then(|m| m.value.as_ref()) else {
        return;
    };
    let federated = principals(st, "Federated");
    let saml = federated.iter().any(|f| is_saml_provider(&f.value));
    let web = federated.iter().any(|f| !is_saml_provider(&f.value));
    let names: Vec<String> = p
        .members
        .iter()
        .flat_map(|m| value_strings(m.value.as_ref()))
        .map(|v| v.value.clone())
        .collect();
    if names.is_empty() || names.iter().any(|n| n == "*") {
        return;
    }
    for lit in st.actions() {
        let v = lit.value.as_str();
        let (wanted, ok) = if v.eq_ignore_ascii_case("sts:AssumeRoleWithSAML") {
            (
                "a SAML provider (\"Federated\": \"arn:aws:iam::ACCOUNT:saml-provider/NAME\")",
                saml,
            )
        } else if v.eq_ignore_ascii_case("sts:AssumeRoleWithWebIdentity") {
            (
                "an OIDC provider (\"Federated\": \"arn:aws:iam::ACCOUNT:oidc-provider/HOST\" or a web identity domain)",
                web,
            )
        } else {
            continue;
        };
        if !ok {
            sink.report(
                &MISMATCHED_ACTION_FOR_PRINCIPAL,
                lit.range,
                format!(
                    "\"{v}\" cannot be used by {}: it needs {wanted}. Use sts:AssumeRoleWithSAML with a SAML provider and sts:AssumeRoleWithWebIdentity with an OIDC provider",
                    quote_list(&names)
                ),
            );
        }
    }
}

const ROLES_ANYWHERE: [&str; 3] = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"];

/// IAM Roles Anywhere assumes a role with sts:AssumeRole, sts:SetSourceIdentity and
/// sts:TagSession: all three must be allowed to it.
fn roles_anywhere(st: &Statement, sink: &mut Sink) {
    if !st.is_allow() || st.not_action.is_some() {
        return;
    }
    if !principals(st, "Service")
        .iter()
        .any(|s| s.value.eq_ignore_ascii_case("rolesanywhere.amazonaws.com"))
    {
        return;
    }
    let Some(action) = st.action else { return };
    let missing: Vec<&str> = ROLES_ANYWHERE
        .iter()
        .copied()
        .filter(|a| !statement_grants(st, a))
        .collect();
    if missing.is_empty() {
        return;
    }
    let range = action
        .value
        .as_ref()
        .map_or(action.key.range, |v| v.range());
    if let Some(f) = sink.report(
        &ROLES_ANYWHERE_MISSING_ACTIONS,
        range,
        format!(
            "The rolesanywhere.amazonaws.com service principal needs sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession to assume the role: add {}",
            quote_list(&missing)
        ),
    )
        && let Some(v) = &action.value {
            let mut items: Vec<String> = st.actions().iter().map(|a| json_string(&a.value)).collect();
            items.extend(missing.iter().map(|a| json_string(a)));
            f.fixes.push(Fix {
                title: format!("Add {}", missing.join(", ")),
                edits: vec![Edit {
                    range: v.range(),
                    text: format!("[{}]", items.join(", ")),
                }],
                preferred: true,
            });
        }
}

/// `arn:aws:sts::A:assumed-role/R/S` next to `arn:aws:iam::A:role/R` adds nothing: the role
/// already covers all its sessions.
fn redundant_session_principal(st: &Statement, sink: &mut Sink) {
    let Some(Value::Object(p)) = st.principal_element().and_then(|(m, _)| m.value.as_ref()) else {
        return;
    };
    let Some(aws) = p.get("AWS") else { return };
    let values = value_strings(aws.value.as_ref());
    let roles: Vec<(&str, &str, &str)> = values
        .iter()
        .filter_map(|v| {
            let parts = crate::catalog::parse_arn(&v.value)?;
            let path = parts.resource.strip_prefix("role/")?;
            let name = path.rsplit('/').next()?;
            (parts.service == "iam" && !has_wildcard(&v.value)).then_some((
                parts.account,
                name,
                v.value.as_str(),
            ))
        })
        .collect();
    for v in &values {
        let Some(parts) = crate::catalog::parse_arn(&v.value) else {
            continue;
        };
        let Some(rest) = parts.resource.strip_prefix("assumed-role/") else {
            continue;
        };
        let Some((role, _session)) = rest.split_once('/') else {
            continue;
        };
        let Some((_, _, role_arn)) = roles
            .iter()
            .find(|(acct, name, _)| *acct == parts.account && *name == role)
        else {
            continue;
        };
        if let Some(f) = sink.report(
            &REDUNDANT_SESSION_PRINCIPAL,
            v.range,
            format!(
                "The assumed-role session \"{}\" is already covered by its role \"{role_arn}\": remove the session",
                v.value
            ),
        )
            && let Some(Value::Array(a)) = &aws.value
                && let Some(i) = a.items.iter().position(|it| it.range() == v.range)
                    && let Some(edit) = remove_item(a, i) {
                        f.fixes.push(Fix {
                            title: "Remove the session principal".into(),
                            edits: vec![edit],
                            preferred: true,
                        });
                    }
    }
}

/// The action a trust policy must allow for the caller to set the value a key tests.
fn action_for_key(key: &str) -> Option<&'static str> {
    let k = key.to_ascii_lowercase();
    if k.starts_with("aws:requesttag/") || k == "aws:tagkeys" || k == "sts:transitivetagkeys" {
        Some("sts:TagSession")
    } else if k == "sts:sourceidentity" {
        Some("sts:SetSourceIdentity")
    } else if k.starts_with("sts:requestcontext/") {
        Some("sts:SetContext")
    } else {
        None
    }
}

/// Session tags, a source identity or a context are only set when the trust policy allows
/// sts:TagSession, sts:SetSourceIdentity or sts:SetContext; a condition on them in a statement
/// (of a policy) that does not allow the action never sees a value.
fn missing_action_for_key(policy: &Policy, sink: &mut Sink) {
    let granted = |action: &str| {
        policy
            .statements
            .iter()
            .any(|s| s.is_allow() && s.not_action.is_none() && statement_grants(s, action))
    };
    for st in &policy.statements {
        if !st.is_allow() || st.not_action.is_some() || st.action.is_none() {
            continue;
        }
        for k in condition_keys(st) {
            let Some(needed) = action_for_key(k.name()) else {
                continue;
            };
            if granted(needed) {
                continue;
            }
            if let Some(f) = sink.report(
                &MISSING_ACTION_FOR_CONDITION_KEY,
                k.key.key.range,
                format!(
                    "\"{}\" only has a value when the trust policy allows \"{needed}\": add \"{needed}\" to the statement's Action",
                    k.name()
                ),
            )
                && let Some(v) = st.action.and_then(|a| a.value.as_ref()) {
                    let mut items: Vec<String> =
                        st.actions().iter().map(|a| json_string(&a.value)).collect();
                    items.push(json_string(needed));
                    f.fixes.push(Fix {
                        title: format!("Add \"{needed}\" to the Action"),
                        edits: vec![Edit {
                            range: v.range(),
                            text: format!("[{}]", items.join(", ")),
                        }],
                        preferred: false,
                    });
                }
        }
    }
}

/// Keys that describe the calling principal's account, organization or tags: an AWS service
/// principal has none of them, so a condition on them never matches a service.
fn principal_only_key(name: &str) -> bool {
    let k = name.to_ascii_lowercase();
    k == "aws:principalorgid" || k == "aws:principalorgpaths" || k.starts_with("aws:principaltag/")
}

/// The statement's principals are all AWS service principals.
fn only_service_principals(st: &Statement) -> bool {
    let Some(Value::Object(p)) = st.principal.and_then(|m| m.value.as_ref()) else {
        return false;
    };
    !p.members.is_empty()
        && p.members.iter().all(|m| m.key.value == "Service")
        && principals(st, "Service").iter().all(|s| s.value != "*")
}

fn service_principal_keys(st: &Statement, keys: &[CondKey], sink: &mut Sink) {
    if keys.is_empty() || !only_service_principals(st) {
        return;
    }
    for k in keys.iter().filter(|k| principal_only_key(k.name())) {
        sink.report(
            &CONDITION_KEY_NOT_FOR_SERVICE_PRINCIPAL,
            k.key.key.range,
            format!(
                "\"{}\" is never present when an AWS service principal calls: this statement only names service principals, so use aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths instead",
                k.name()
            ),
        );
    }
}

const SOURCE_KEYS: [&str; 4] = [
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/// A resource-based policy that grants a service principal access should say on whose behalf
/// the service may act (the confused deputy problem).
fn service_principal_source(st: &Statement, keys: &[CondKey], sink: &mut Sink) {
    if !st.is_allow() {
        return;
    }
    let services = principals(st, "Service");
    let Some(first) = services.iter().find(|s| s.value != "*") else {
        return;
    };
    if keys.iter().any(|k| SOURCE_KEYS.iter().any(|s| k.is(s))) {
        return;
    }
    let names: Vec<&str> = services.iter().map(|s| s.value.as_str()).collect();
    if keys.is_empty() {
        sink.report(
            &SERVICE_PRINCIPAL_WITHOUT_SOURCE,
            first.range,
            format!(
                "Granting {} access without naming a source lets the service act on behalf of any account: add a condition on aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths",
                quote_list(&names)
            ),
        );
    } else {
        let used: Vec<&str> = keys.iter().map(|k| k.name()).collect();
        sink.report(
            &SERVICE_PRINCIPAL_SOURCE_KEY,
            first.range,
            format!(
                "To restrict {} to requests made on your behalf, AWS recommends aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths rather than {}",
                quote_list(&names),
                quote_list(&used)
            ),
        );
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const MISMATCHED_ACTION_FOR_PRINCIPAL: Rule = Rule {
    code: "mismatched-action-for-principal",
    severity: crate::analysis::Severity::Error,
    summary: "sts:AssumeRoleWithSAML without a SAML provider principal, or sts:AssumeRoleWithWebIdentity without an OIDC provider.",
    access_analyzer: &["MISMATCHED_ACTION_FOR_PRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/corp"}, "Action": "sts:AssumeRoleWithWebIdentity"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/corp"}, "Action": "sts:AssumeRoleWithSAML"}"#,
    ),
};

pub const ROLES_ANYWHERE_MISSING_ACTIONS: Rule = Rule {
    code: "roles-anywhere-missing-actions",
    severity: crate::analysis::Severity::Error,
    summary: "A trust in rolesanywhere.amazonaws.com that does not allow all of sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession.",
    access_analyzer: &["MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]}"#,
    ),
};

pub const REDUNDANT_SESSION_PRINCIPAL: Rule = Rule {
    code: "redundant-session-principal",
    severity: crate::analysis::Severity::Information,
    summary: "An assumed-role session principal listed next to its role, which already covers it.",
    access_analyzer: &["REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:role/app", "arn:aws:sts::123456789012:assumed-role/app/job"]}, "Action": "sts:AssumeRole"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:role/app", "arn:aws:sts::123456789012:assumed-role/other/job"]}, "Action": "sts:AssumeRole"}"#,
    ),
};

pub const MISSING_ACTION_FOR_CONDITION_KEY: Rule = Rule {
    code: "missing-action-for-condition-key",
    severity: crate::analysis::Severity::Error,
    summary: "A trust policy conditions on session tags, a source identity or a context that the caller can only set with sts:TagSession, sts:SetSourceIdentity or sts:SetContext, which it does not allow.",
    access_analyzer: &["MISSING_ACTION_FOR_CONDITION_KEY"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:SourceIdentity": "alice"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app"}, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"], "Condition": {"StringEquals": {"sts:SourceIdentity": "alice"}}}"#,
    ),
};

pub const CONDITION_KEY_NOT_FOR_SERVICE_PRINCIPAL: Rule = Rule {
    code: "condition-key-not-for-service-principal",
    severity: crate::analysis::Severity::Error,
    summary: "A statement for service principals only, conditioned on a key that service principals never carry (aws:PrincipalOrgID, aws:PrincipalTag/...).",
    access_analyzer: &["UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Resource(None)),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1234567"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1"}}}"#,
    ),
};

pub const SERVICE_PRINCIPAL_WITHOUT_SOURCE: Rule = Rule {
    code: "service-principal-without-source",
    severity: crate::analysis::Severity::Warning,
    summary: "A resource-based policy grants a service principal access with no condition at all: any account's use of the service can reach the resource (confused deputy).",
    access_analyzer: &["RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Resource(None)),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:topic"}}}"#,
    ),
};

pub const SERVICE_PRINCIPAL_SOURCE_KEY: Rule = Rule {
    code: "service-principal-source-key",
    severity: crate::analysis::Severity::Information,
    summary: "A service principal restricted by other keys than aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths, which AWS recommends.",
    access_analyzer: &["RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Resource(None)),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": "123456789012"}}}"#,
    ),
};
