//! Security warnings: broad grants (NotAction/NotResource/NotPrincipal with Allow, `*` on `*`),
//! iam:PassRole and iam:CreateServiceLinkedRole on any resource, privilege-escalation
//! combinations, grants the AWS documentation warns about, and OIDC trust without a subject.

use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Sink};
use crate::catalog::{self, glob_match_ci};
use crate::policy::{Policy, Statement, member_strings, value_strings};
use crate::syntax::{Member, StringLit, TextRange, Value};

pub fn check_statement(ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    if !st.is_allow() {
        return;
    }
    if ctx.kind == crate::policy::PolicyKind::Identity {
        resource_policy_escalation(st, sink);
    }
    if let Some(m) = st.not_principal {
        sink.report(&ALLOW_NOT_PRINCIPAL, m.key.range, "Allow with NotPrincipal grants access to every principal not listed, anonymous users included: use Principal with a condition instead");
    }
    if let Some(m) = st.not_action {
        sink.report(&ALLOW_NOT_ACTION, m.key.range, "Allow with NotAction grants every other action of every service, including services AWS adds later: list the actions instead");
    }
    if let Some(m) = st.not_resource {
        sink.report(&ALLOW_NOT_RESOURCE, m.key.range, "Allow with NotResource grants access to every other resource, including resources created later: list the resources instead");
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
            &FULL_ADMIN,
            at,
            "Allow \"*\" on \"*\" grants full administrator access",
        );
    }
    if any_resource {
        if let Some(lit) = grants(st, &actions, "iam:PassRole")
            && !has_condition_key(st, "iam:PassedToService")
        {
            sink.report(&PASS_ROLE_ANY_RESOURCE, lit.range, "iam:PassRole on every resource lets the holder pass any role (even an administrator's) to a service: name the roles in Resource, or add a condition on iam:PassedToService");
        }
        if let Some(lit) = grants(st, &actions, "iam:CreateServiceLinkedRole")
            && !has_condition_key(st, "iam:AWSServiceName")
        {
            sink.report(&CREATE_SLR_ANY_RESOURCE, lit.range, "iam:CreateServiceLinkedRole on every resource: restrict it with a condition on iam:AWSServiceName");
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

/// Action pairs the AWS documentation singles out as sensitive.
const SENSITIVE: &[(&[&str], &str)] = &[(
    &[
        "cloudwatch:PutInsightRule",
        "cloudwatch:GetInsightRuleReport",
    ],
    "together let the holder create a Contributor Insights rule over any log group and read contributor data from it (see the CloudWatch Logs IAM documentation)",
)];

/// Services whose permissions-management actions are identity escalation, reported by the
/// escalation catalogue instead.
const IDENTITY_SERVICES: &[&str] = &["iam", "sts", "organizations", "sso", "identitystore"];

/// An action that writes who may use a resource: permissions management, on a resource
/// policy, an ACL or a permission (`s3:PutBucketPolicy`, `kms:PutKeyPolicy`, `sqs:AddPermission`).
fn writes_resource_policy(a: &catalog::Action) -> bool {
    a.access
        .contains(catalog::AccessLevel::PermissionsManagement)
        && !IDENTITY_SERVICES.contains(&a.service().prefix)
        && ["Policy", "Acl", "Permission"]
            .iter()
            .any(|w| a.name.contains(w))
        && !["Get", "List", "Describe", "Delete", "Remove", "Validate"]
            .iter()
            .any(|p| a.name.starts_with(p))
}

/// The actions that [`writes_resource_policy`] (a few hundred), by name (any case), and their
/// services (a few dozen): one lookup answers an entry written in full, and the other services'
/// wildcards are not expanded.
fn policy_writers() -> &'static (
    catalog::NameMap<'static, &'static catalog::Action>,
    Vec<&'static str>,
) {
    static WRITERS: std::sync::OnceLock<(
        catalog::NameMap<'static, &'static catalog::Action>,
        Vec<&'static str>,
    )> = std::sync::OnceLock::new();
    WRITERS.get_or_init(|| {
        let actions: Vec<&'static catalog::Action> = catalog::all_actions()
            .iter()
            .filter(|a| writes_resource_policy(a))
            .collect();
        let mut services: Vec<&'static str> = actions.iter().map(|a| a.service().prefix).collect();
        services.dedup();
        let by_name = actions
            .into_iter()
            .map(|a| (catalog::NameCi(&*a.full_name().leak()), a))
            .collect();
        (by_name, services)
    })
}

/// An identity policy that lets its holder rewrite a resource's policy lets it grant itself
/// every other action on that resource (Parliament's RESOURCE_POLICY_PRIVILEGE_ESCALATION).
/// Not reported when the statement already grants the whole service.
fn resource_policy_escalation(st: &Statement, sink: &mut Sink) {
    let actions = st.actions();
    // The services the statement grants whole (`s3:*`), found once: a statement may list
    // thousands of actions.
    let mut whole_services: Vec<&str> = Vec::new();
    for l in &actions {
        if l.value == "*" {
            return;
        }
        if let Some((s, "*")) = l.value.split_once(':') {
            whole_services.push(s);
        }
    }
    let whole = |svc: &str| whole_services.iter().any(|s| s.eq_ignore_ascii_case(svc));
    for lit in &actions {
        let Some((svc, name)) = lit.value.split_once(':') else {
            continue;
        };
        let (writers, services) = policy_writers();
        if catalog::has_wildcard(svc)
            || whole(svc)
            || name == "*"
            || !services.iter().any(|s| s.eq_ignore_ascii_case(svc))
        {
            continue;
        }
        let mut found: Vec<String> = Vec::new();
        if catalog::has_wildcard(name) {
            catalog::for_each_match(&lit.value, |a| {
                if found.len() < 3 && writes_resource_policy(a) {
                    found.push(a.full_name());
                }
            });
        } else if let Some(a) = writers.get(&catalog::NameCi(&lit.value)) {
            found.push(a.full_name());
        }
        if let Some(first) = found.first() {
            let service = catalog::service(svc).map_or(svc, |s| s.name);
            sink.report(
                &RESOURCE_POLICY_ESCALATION,
                lit.range,
                format!(
                    "{} lets the holder rewrite who may use the resource, and so grant itself any other {service} access to it: grant it only on the resources it must manage",
                    if found.len() > 1 { found.join(", ") } else { first.clone() }
                ),
            );
        }
    }
}

/// At most this many paths are reported one by one; a policy that grants more (a NotAction on
/// a few services, `iam:*`) gets one finding that counts them.
const PATHS_SHOWN: usize = 5;

/// An entry as written, and where (relative to its statement).
type Entry = (Box<str>, TextRange);

/// What one statement contributes to [`Grants`]: its unconditional grants and denials on every
/// resource, with ranges relative to the statement's start. A function of the statement alone,
/// so an incremental analysis keeps it for every statement a keystroke did not touch.
#[derive(Debug, Default)]
pub struct GrantFacts {
    /// Allow `Action` entries without wildcards that a path or sensitive pair names, by the
    /// catalogue's spelling.
    exact: Vec<(&'static str, TextRange)>,
    /// Allow `Action` entries with wildcards, by watched service prefix (`*` for a wildcard
    /// prefix).
    allow: Vec<(&'static str, Vec<Entry>)>,
    /// An Allow written with `NotAction`: the element's key and its entries.
    allow_not: Option<(TextRange, Vec<Box<str>>)>,
    /// Deny `Action` entries, and a Deny's `NotAction` list.
    deny: Vec<Box<str>>,
    deny_not: Option<Vec<Box<str>>>,
}

impl GrantFacts {
    /// The facts of `st`, found at `start`.
    pub fn of(st: &Statement, start: u32) -> GrantFacts {
        let mut g = GrantFacts::default();
        let every = st
            .resources()
            .iter()
            .any(|r| super::values::matches_every_resource(&r.value));
        if st.condition.is_some() || !every || st.not_resource.is_some() {
            return g;
        }
        let rel = |r: TextRange| TextRange {
            start: r.start - start,
            end: r.end - start,
        };
        let owned = |m: &Member| -> Vec<Box<str>> {
            member_strings(m)
                .into_iter()
                .map(|l| l.value.as_str().into())
                .collect()
        };
        let w = watched();
        match (st.is_allow(), st.action, st.not_action) {
            (true, Some(m), _) => {
                for lit in member_strings(m) {
                    if lit.value == "*" {
                        // Full access is reported as such (`full-admin`).
                        continue;
                    }
                    // Only what a path or sensitive pair names is kept: a statement may list
                    // thousands of actions of other services.
                    if !catalog::has_wildcard(&lit.value) {
                        if let Some(name) = w.actions.get(&catalog::NameCi(&lit.value)) {
                            g.exact.push((name, rel(lit.range)));
                        }
                        continue;
                    }
                    let svc = lit.value.split_once(':').map_or("", |(s, _)| s);
                    let key = if catalog::has_wildcard(svc) {
                        "*"
                    } else {
                        match w.service(svc) {
                            Some(s) => s,
                            None => continue,
                        }
                    };
                    let entry = (lit.value.as_str().into(), rel(lit.range));
                    match g.allow.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, lits)) => lits.push(entry),
                        None => g.allow.push((key, vec![entry])),
                    }
                }
            }
            (true, None, Some(m)) => g.allow_not = Some((rel(m.key.range), owned(m))),
            (false, Some(m), _) => g.deny = owned(m),
            (false, None, Some(m)) => g.deny_not = Some(owned(m)),
            _ => {}
        }
        g
    }
}

/// Unconditional grants and denials on every resource, as the escalation and sensitive-grant
/// checks read them: a path counts when each of its actions is allowed by an Allow (its
/// `Action` matches, or its `NotAction` does not) and no Deny removes it. Conditions make a
/// statement's reach unknown, so conditional statements are left out both ways. Built from each
/// statement's [`GrantFacts`] and where the statement starts.
struct Grants<'a> {
    exact: catalog::NameMap<'static, TextRange>,
    allow: Vec<(&'static str, Vec<(&'a str, TextRange)>)>,
    allow_not: Vec<(TextRange, &'a [Box<str>])>,
    deny: Vec<&'a str>,
    deny_not: Vec<&'a [Box<str>]>,
}

impl<'a> Grants<'a> {
    fn of(facts: &[(u32, &'a GrantFacts)]) -> Grants<'a> {
        let mut g = Grants {
            exact: catalog::NameMap::default(),
            allow: Vec::new(),
            allow_not: Vec::new(),
            deny: Vec::new(),
            deny_not: Vec::new(),
        };
        for &(start, f) in facts {
            let at = |r: TextRange| TextRange {
                start: r.start + start,
                end: r.end + start,
            };
            for (name, range) in &f.exact {
                g.exact.entry(catalog::NameCi(name)).or_insert(at(*range));
            }
            for (key, lits) in &f.allow {
                let lits = lits.iter().map(|(v, r)| (&**v, at(*r)));
                match g.allow.iter_mut().find(|(k, _)| k == key) {
                    Some((_, all)) => all.extend(lits),
                    None => g.allow.push((key, lits.collect())),
                }
            }
            if let Some((key, not)) = &f.allow_not {
                g.allow_not.push((at(*key), not));
            }
            g.deny.extend(f.deny.iter().map(|d| &**d));
            if let Some(not) = &f.deny_not {
                g.deny_not.push(not);
            }
        }
        g
    }

    fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.allow.is_empty() && self.allow_not.is_empty()
    }
}

/// The actions the escalation paths and sensitive pairs name, and their service prefixes.
struct Watched {
    /// By name (any case), to the catalogue's spelling.
    actions: catalog::NameMap<'static, &'static str>,
    /// Sorted.
    services: Vec<&'static str>,
}

impl Watched {
    /// The watched service prefix that `svc` names (any case).
    fn service(&self, svc: &str) -> Option<&'static str> {
        match self.services.binary_search(&svc) {
            Ok(i) => Some(self.services[i]),
            Err(_) if svc.bytes().any(|b| b.is_ascii_uppercase()) => self
                .services
                .iter()
                .find(|s| s.eq_ignore_ascii_case(svc))
                .copied(),
            Err(_) => None,
        }
    }
}

fn watched() -> &'static Watched {
    static WATCHED: std::sync::OnceLock<Watched> = std::sync::OnceLock::new();
    WATCHED.get_or_init(|| {
        let all: Vec<&'static str> = catalog::escalation::escalation_paths()
            .iter()
            .flat_map(|p| p.actions.iter().copied())
            .chain(SENSITIVE.iter().flat_map(|(set, _)| set.iter().copied()))
            .collect();
        let mut services: Vec<&'static str> = all
            .iter()
            .filter_map(|a| a.split_once(':').map(|(s, _)| s))
            .collect();
        services.sort_unstable();
        services.dedup();
        Watched {
            actions: all.iter().map(|a| (catalog::NameCi(a), *a)).collect(),
            services,
        }
    })
}

impl Grants<'_> {
    /// Where `action` is granted (the entry, or the NotAction element), unless a Deny removes it.
    fn granted(&self, action: &str) -> Option<TextRange> {
        let any = |pats: &[Box<str>]| pats.iter().any(|p| glob_match_ci(p, action));
        if self.deny.iter().any(|p| glob_match_ci(p, action))
            || self.deny_not.iter().any(|not| !any(not))
        {
            return None;
        }
        if let Some(at) = self.exact.get(&catalog::NameCi(action)) {
            return Some(*at);
        }
        let svc = action.split_once(':').map_or("", |(s, _)| s);
        let by = |key: &str| {
            self.allow
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, lits)| lits.as_slice())
                .unwrap_or_default()
        };
        if let Some((_, at)) = by(svc)
            .iter()
            .chain(by("*"))
            .find(|(pattern, _)| glob_match_ci(pattern, action))
        {
            return Some(*at);
        }
        self.allow_not
            .iter()
            .find(|(_, not)| !any(not))
            .map(|(key, _)| *key)
    }

    /// Where the last action of `set` is granted, when every one is.
    fn all(&self, set: &[&str]) -> Option<TextRange> {
        let mut at = None;
        for a in set {
            at = Some(self.granted(a)?);
        }
        at
    }
}

/// The checks over the whole policy's grants. `facts` are the statements' [`GrantFacts`], with
/// where each statement starts.
pub fn check_policy(policy: &Policy, facts: &[(u32, &GrantFacts)], sink: &mut Sink) {
    let grants = Grants::of(facts);
    if !grants.is_empty() {
        escalation(&grants, sink);
        for (set, what) in SENSITIVE {
            if let Some(at) = grants.all(set) {
                sink.report(
                    &SENSITIVE_GRANT,
                    at,
                    format!("{} on every resource {what}", set.join(" + ")),
                );
            }
        }
    }
    oidc_trust(policy, sink);
}

/// The catalogue's escalation paths ([`catalog::escalation`]) that the policy grants.
fn escalation(grants: &Grants, sink: &mut Sink) {
    let found: Vec<(&catalog::escalation::EscalationPath, TextRange)> =
        catalog::escalation::escalation_paths()
            .iter()
            .filter_map(|p| grants.all(&p.actions).map(|at| (p, at)))
            .collect();
    if found.len() > PATHS_SHOWN {
        let at = found[0].1;
        let names: Vec<String> = found
            .iter()
            .take(3)
            .map(|(p, _)| p.actions.join(" + "))
            .collect();
        sink.report(
            &PRIVILEGE_ESCALATION,
            at,
            format!(
                "This policy grants {} known privilege-escalation paths on every resource, among them {}: each lets the holder gain access it was not given",
                found.len(),
                names.join("; ")
            ),
        );
        return;
    }
    for (p, at) in found {
        sink.report(
            &PRIVILEGE_ESCALATION,
            at,
            format!(
                "{} on every resource: {} A known privilege-escalation path ({}).",
                p.actions.join(" + "),
                p.how,
                p.ids.join(", ")
            ),
        );
    }
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
                sink.report(&OIDC_TRUST_WITHOUT_SUBJECT, provider.range, msg);
            }
        }
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const RESOURCE_POLICY_ESCALATION: Rule = Rule {
    code: "resource-policy-escalation",
    severity: crate::analysis::Severity::Information,
    summary: "An identity policy that lets its holder rewrite a resource's policy (s3:PutBucketPolicy, kms:PutKeyPolicy): it can grant itself any other access to that resource.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutBucketPolicy"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutBucketTagging"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}"#,
    ),
};

pub const PASS_ROLE_ANY_RESOURCE: Rule = Rule {
    code: "pass-role-any-resource",
    severity: crate::analysis::Severity::Warning,
    summary: "iam:PassRole on every resource lets the holder give any role to a service: name the roles.",
    access_analyzer: &[
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        "PASS_ROLE_WITH_NOT_RESOURCE",
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
    ],
    kind: None,
    bad: Example::Statements(r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app"}"#,
    ),
};

pub const CREATE_SLR_ANY_RESOURCE: Rule = Rule {
    code: "create-slr-any-resource",
    severity: crate::analysis::Severity::Warning,
    summary: "iam:CreateServiceLinkedRole on every resource: restrict it with iam:AWSServiceName.",
    access_analyzer: &[
        "CREATE_SLR_WITH_STAR_IN_RESOURCE",
        "CREATE_SLR_WITH_NOT_RESOURCE",
        "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
        "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
    ],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": {"StringEquals": {"iam:AWSServiceName": "autoscaling.amazonaws.com"}}}"#,
    ),
};

pub const ALLOW_NOT_PRINCIPAL: Rule = Rule {
    code: "allow-not-principal",
    severity: crate::analysis::Severity::Warning,
    summary: "Allow with NotPrincipal grants access to every principal not listed, including anonymous users.",
    access_analyzer: &["ALLOW_WITH_NOT_PRINCIPAL"],
    kind: Some(crate::policy::PolicyKind::Resource(None)),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    ),
};

pub const ALLOW_NOT_ACTION: Rule = Rule {
    code: "allow-not-action",
    severity: crate::analysis::Severity::Warning,
    summary: "Allow with NotAction grants every other action of every service, including future ones.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#),
    good: Example::Statements(r#"{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}"#),
};

pub const ALLOW_NOT_RESOURCE: Rule = Rule {
    code: "allow-not-resource",
    severity: crate::analysis::Severity::Warning,
    summary: "Allow with NotResource grants access to every other resource, including future ones.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}"#,
    ),
};

pub const FULL_ADMIN: Rule = Rule {
    code: "full-admin",
    severity: crate::analysis::Severity::Warning,
    summary: "Allow `*` on `*`: full administrator access.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#),
    good: Example::Statements(r#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#),
};

pub const PRIVILEGE_ESCALATION: Rule = Rule {
    code: "privilege-escalation",
    severity: crate::analysis::Severity::Warning,
    summary: "The policy grants a set of actions known to let a principal raise its own privileges.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}"#,
    ),
};

pub const SENSITIVE_GRANT: Rule = Rule {
    code: "sensitive-grant",
    severity: crate::analysis::Severity::Warning,
    summary: "A grant that AWS documentation warns about (e.g. contributor data from any log group).",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["cloudwatch:PutInsightRule", "cloudwatch:GetInsightRuleReport"], "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["cloudwatch:GetInsightRuleReport"], "Resource": "*"}"#,
    ),
};

pub const OIDC_TRUST_WITHOUT_SUBJECT: Rule = Rule {
    code: "oidc-trust-without-subject",
    severity: crate::analysis::Severity::Warning,
    summary: "A web-identity trust (GitHub Actions, other OIDC) without a condition on the subject lets any repository or user assume the role.",
    access_analyzer: &[
        "MISSING_GITHUB_REPO_CONDITION_KEY",
        "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
    ],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/repo:*"}}}"#,
    ),
};
