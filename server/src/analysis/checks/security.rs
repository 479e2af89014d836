//! Security warnings: broad grants (NotAction/NotResource/NotPrincipal with Allow, `*` on `*`),
//! iam:PassRole and iam:CreateServiceLinkedRole on any resource, privilege-escalation
//! combinations, grants the AWS documentation warns about, and OIDC trust without a subject.

use crate::analysis::{Ctx, Sink};
use crate::catalog::{self, glob_match_ci};
use crate::policy::{Policy, Statement, member_strings, value_strings};
use crate::syntax::{StringLit, TextRange, Value};

pub fn check_statement(_ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    if !st.is_allow() {
        return;
    }
    if let Some(m) = st.not_principal {
        sink.report("allow-not-principal", m.key.range, "Allow with NotPrincipal grants access to every principal not listed, anonymous users included: use Principal with a condition instead");
    }
    if let Some(m) = st.not_action {
        sink.report("allow-not-action", m.key.range, "Allow with NotAction grants every other action of every service, including services AWS adds later: list the actions instead");
    }
    if let Some(m) = st.not_resource {
        sink.report("allow-not-resource", m.key.range, "Allow with NotResource grants access to every other resource, including resources created later: list the resources instead");
    }
    let actions = st.actions();
    let resources = st.resources();
    let every = |r: &&StringLit| super::values::matches_every_resource(&r.value);
    let any_resource = st.not_resource.is_some() || resources.iter().any(every);
    if actions.iter().any(|a| a.value == "*")
        && resources.iter().any(every)
        && st.condition.is_none()
    {
        let at = actions
            .iter()
            .find(|a| a.value == "*")
            .map_or(TextRange::default(), |a| a.range);
        sink.report(
            "full-admin",
            at,
            "Allow \"*\" on \"*\" grants full administrator access",
        );
    }
    if any_resource {
        if let Some(lit) = grants(st, &actions, "iam:PassRole")
            && !has_condition_key(st, "iam:PassedToService")
        {
            sink.report("pass-role-any-resource", lit.range, "iam:PassRole on every resource lets the holder pass any role (even an administrator's) to a service: name the roles in Resource, or add a condition on iam:PassedToService");
        }
        if let Some(lit) = grants(st, &actions, "iam:CreateServiceLinkedRole")
            && !has_condition_key(st, "iam:AWSServiceName")
        {
            sink.report("create-slr-any-resource", lit.range, "iam:CreateServiceLinkedRole on every resource: restrict it with a condition on iam:AWSServiceName");
        }
    }
}

/// The action string of the statement that grants `action` (exactly or through a wildcard).
fn grants<'a>(
    st: &Statement<'a>,
    actions: &[&'a StringLit],
    action: &str,
) -> Option<&'a StringLit> {
    if st.not_action.is_some() {
        let excluded = st.not_action.map(member_strings).unwrap_or_default();
        if excluded.iter().any(|e| glob_match_ci(&e.value, action)) {
            return None;
        }
        return st.not_action.map(|m| &m.key).map(|k| k as &StringLit);
    }
    actions
        .iter()
        .copied()
        .find(|a| glob_match_ci(&a.value, action))
}

fn has_condition_key(st: &Statement, key: &str) -> bool {
    st.conditions()
        .iter()
        .any(|(_, keys)| keys.iter().any(|k| k.key.value.eq_ignore_ascii_case(key)))
}

/// Sets of actions that together let a principal escalate its privileges (from public research
/// on IAM privilege escalation paths). Each set is reported when every action is allowed on any
/// resource somewhere in the policy.
const ESCALATIONS: &[(&[&str], &str)] = &[
    (
        &["iam:CreatePolicyVersion"],
        "create a new default version of a policy attached to itself",
    ),
    (
        &["iam:SetDefaultPolicyVersion"],
        "switch a policy to an older, broader version",
    ),
    (
        &["iam:AttachUserPolicy"],
        "attach AdministratorAccess to a user",
    ),
    (
        &["iam:AttachRolePolicy"],
        "attach AdministratorAccess to a role",
    ),
    (
        &["iam:AttachGroupPolicy"],
        "attach AdministratorAccess to a group",
    ),
    (
        &["iam:PutUserPolicy"],
        "write an inline admin policy on a user",
    ),
    (
        &["iam:PutRolePolicy"],
        "write an inline admin policy on a role",
    ),
    (
        &["iam:PutGroupPolicy"],
        "write an inline admin policy on a group",
    ),
    (&["iam:AddUserToGroup"], "join a more privileged group"),
    (
        &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
        "make a privileged role trust itself and assume it",
    ),
    (
        &["iam:CreateAccessKey"],
        "create access keys for another user",
    ),
    (
        &["iam:CreateLoginProfile"],
        "set a console password for another user",
    ),
    (
        &["iam:UpdateLoginProfile"],
        "change another user's console password",
    ),
    (
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
        "run code as any role through a new Lambda function",
    ),
    (
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
        "run code as any role through a new Lambda function",
    ),
    (
        &["iam:PassRole", "ec2:RunInstances"],
        "start an instance with any role and read its credentials",
    ),
    (
        &["iam:PassRole", "cloudformation:CreateStack"],
        "create any resources through a stack with a privileged role",
    ),
    (
        &["iam:PassRole", "glue:CreateDevEndpoint"],
        "run code as any role in a Glue endpoint",
    ),
    (
        &[
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
        ],
        "run commands as any role in a pipeline",
    ),
    (
        &["lambda:UpdateFunctionCode"],
        "replace the code of a function that runs with a privileged role",
    ),
];

/// Action pairs the AWS documentation singles out as sensitive.
const SENSITIVE: &[(&[&str], &str)] = &[(
    &[
        "cloudwatch:PutInsightRule",
        "cloudwatch:GetInsightRuleReport",
    ],
    "together let the holder create a Contributor Insights rule over any log group and read contributor data from it (see the CloudWatch Logs IAM documentation)",
)];

/// The service prefixes of the actions in [`ESCALATIONS`] and [`SENSITIVE`].
fn watched_services() -> &'static [&'static str] {
    static SERVICES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    SERVICES.get_or_init(|| {
        let mut all: Vec<&'static str> = ESCALATIONS
            .iter()
            .chain(SENSITIVE)
            .flat_map(|(set, _)| set.iter())
            .filter_map(|a| a.split_once(':').map(|(s, _)| s))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    })
}

pub fn check_policy(_ctx: &Ctx, policy: &Policy, sink: &mut Sink) {
    // Actions allowed on every resource, with the literal that grants each.
    let mut broad: Vec<(&StringLit, bool)> = Vec::new();
    for st in &policy.statements {
        if !st.is_allow() || st.not_action.is_some() || st.condition.is_some() {
            continue;
        }
        let any_resource = st
            .resources()
            .iter()
            .any(|r| super::values::matches_every_resource(&r.value));
        if any_resource {
            broad.extend(st.actions().into_iter().map(|a| (a, true)));
        }
    }
    // Index the broad grants by the service prefixes the sets below name (a handful), plus
    // wildcard prefixes under "*": a statement may list thousands of actions of other services,
    // and this runs on every keystroke.
    let mut by_service: Vec<(&str, Vec<&StringLit>)> = Vec::new();
    for (lit, _) in &broad {
        if lit.value == "*" {
            continue;
        }
        let svc = lit.value.split_once(':').map_or("", |(s, _)| s);
        let key = if catalog::has_wildcard(svc) {
            "*"
        } else {
            match watched_services()
                .iter()
                .find(|s| s.eq_ignore_ascii_case(svc))
            {
                Some(s) => s,
                None => continue,
            }
        };
        match by_service.iter_mut().find(|(k, _)| *k == key) {
            Some((_, lits)) => lits.push(lit),
            None => by_service.push((key, vec![lit])),
        }
    }
    let granted = |action: &str| {
        let svc = action.split_once(':').map_or("", |(s, _)| s);
        let of = |key: &str| {
            by_service
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, lits)| lits.as_slice())
                .unwrap_or_default()
        };
        of(svc)
            .iter()
            .chain(of("*"))
            .find(|lit| glob_match_ci(&lit.value, action))
            .copied()
    };
    for (set, what) in ESCALATIONS {
        let lits: Option<Vec<&StringLit>> = set.iter().map(|a| granted(a)).collect();
        if let Some(lits) = lits {
            let at = lits.last().map_or(TextRange::default(), |l| l.range);
            sink.report("privilege-escalation", at, format!("{} on every resource lets the holder {what}: a known privilege-escalation path", set.join(" + ")));
        }
    }
    for (set, what) in SENSITIVE {
        let lits: Option<Vec<&StringLit>> = set.iter().map(|a| granted(a)).collect();
        if let Some(lits) = lits {
            let at = lits.last().map_or(TextRange::default(), |l| l.range);
            sink.report(
                "sensitive-grant",
                at,
                format!("{} on every resource {what}", set.join(" + ")),
            );
        }
    }
    oidc_trust(policy, sink);
}

/// A web-identity trust (GitHub Actions or another OIDC provider) must pin the subject.
fn oidc_trust(policy: &Policy, sink: &mut Sink) {
    for st in &policy.statements {
        if !st.is_allow() {
            continue;
        }
        let Some(Value::Object(p)) = st.principal.and_then(|m| m.value.as_ref()) else {
            continue;
        };
        let Some(fed) = p.get("Federated") else {
            continue;
        };
        for provider in value_strings(fed.value.as_ref()) {
            let host = provider
                .value
                .rsplit_once("oidc-provider/")
                .map(|(_, h)| h)
                .unwrap_or(&provider.value);
            let is_github = host.starts_with("token.actions.githubusercontent.com");
            let is_oidc = provider.value.contains(":oidc-provider/")
                || !catalog::condition_keys_with_prefix(&format!("{host}:")).is_empty();
            if !is_oidc || host.starts_with("cognito-identity.amazonaws.com") {
                continue;
            }
            let keys: Vec<String> = st
                .conditions()
                .iter()
                .flat_map(|(_, ks)| ks.iter().map(|k| k.key.value.to_ascii_lowercase()))
                .collect();
            let sub = format!("{}:sub", host.to_ascii_lowercase());
            let has_sub = keys.iter().any(|k| *k == sub || k.ends_with(":sub"));
            if !has_sub {
                let msg = if is_github {
                    "Trust in GitHub Actions without a condition on token.actions.githubusercontent.com:sub lets any GitHub repository assume this role: pin \"repo:ORG/REPO:ref:refs/heads/BRANCH\"".to_string()
                } else {
                    format!(
                        "Trust in {host} without a condition on \"{sub}\" lets any of its users assume this role"
                    )
                };
                sink.report("oidc-trust-without-subject", provider.range, msg);
            }
        }
    }
}
