//! Hover: markdown for actions, wildcards, service prefixes, ARNs, condition operators and keys,
//! element names and their values.

use super::context::{KeyKind, Slot, ValueKind, context_at};
use super::markdown;
use crate::catalog::{self, AccessLevel, has_wildcard};
use crate::policy::{PolicyKind, Statement, VERSIONS, element_info, parse_operator};
use crate::syntax::{Parse, TextRange};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    pub markdown: String,
    pub range: TextRange,
}

/// The most actions a wildcard's hover names: `s3:*` (about 190) fits, `ec2:*` is cut.
const WILDCARD_LIMIT: usize = 300;

/// Hover at `offset`. `kind` is the policy kind the server assumed (shown on `Version`).
pub fn hover(
    parse: &Parse,
    offset: usize,
    kind: Option<(PolicyKind, String)>,
) -> Option<HoverResult> {
    let ctx = context_at(parse, offset);
    match ctx.slot {
        Slot::Key {
            kind: key_kind,
            member: Some(member),
        } => {
            let name = member.key.value.as_str();
            let markdown = match key_kind {
                KeyKind::TopLevel | KeyKind::Statement => {
                    let info = element_info(name)?;
                    format!("**{}** (policy element)\n\n{}\n", info.name, info.doc)
                }
                KeyKind::ConditionOperator => operator_doc(name)?,
                KeyKind::ConditionKey { .. } => markdown::key_doc(catalog::condition_key(name)?),
                KeyKind::PrincipalKind => {
                    let (k, doc) = crate::policy::PRINCIPAL_KINDS
                        .iter()
                        .find(|(k, _)| *k == name)?;
                    format!("**{k}** principal\n\n{doc}\n")
                }
                KeyKind::Unknown => return None,
            };
            Some(HoverResult {
                markdown,
                range: member.key.range,
            })
        }
        Slot::Value {
            kind: value_kind,
            string: Some(s),
            ..
        } => {
            let value = s.value.as_str();
            let markdown = match value_kind {
                ValueKind::Version => {
                    let (v, doc) = VERSIONS.iter().find(|(v, _)| *v == value)?;
                    let mut md = format!("**Version {v}**\n\n{doc}\n");
                    if let Some((k, why)) = kind {
                        md.push_str(&format!("\nChecked as {} **{}** ({why}).\n", k.article(), k.label()));
                    }
                    md
                }
                ValueKind::Effect => match value {
                    "Allow" => "**Allow**: the statement grants the access it describes.\n".to_string(),
                    "Deny" => "**Deny**: the statement denies the access; an explicit deny overrides every allow.\n".to_string(),
                    _ => return None,
                },
                ValueKind::Action(_) => action_hover(value)?,
                ValueKind::Resource(_) => {
                    let statement = ctx.statement.map(|o| Statement::from_object(o, 0));
                    arn_hover(value, statement.as_ref())?
                }
                ValueKind::Principal(kind) => principal_hover(kind, value)?,
                ValueKind::ConditionValue { .. } if value.starts_with("arn:") => {
                    arn_hover(value, None)?
                }
                _ => return None,
            };
            Some(HoverResult {
                markdown,
                range: s.range,
            })
        }
        _ => None,
    }
}

/// What a principal is, in words: which account, role, service or identity provider, or
/// "anyone".
pub fn principal_hover(kind: Option<&str>, value: &str) -> Option<String> {
    let what = match (kind, value) {
        (None, "*") => "**Anyone**: every AWS account and anonymous users. The policy is public unless a condition narrows it.".to_string(),
        (Some("AWS"), "*") => "**Any AWS principal**: every authenticated principal of every AWS account, unless a condition narrows it.".to_string(),
        (Some("AWS"), v) if v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit()) => account_words(v),
        (Some("AWS" | "Federated"), v) if v.starts_with("arn:") => arn_principal(v)?,
        (Some("Service"), v) => service_principal(v),
        (Some("Federated"), v) => match v {
            "accounts.google.com" => "**Google** as a web identity provider (OpenID Connect).".to_string(),
            "cognito-identity.amazonaws.com" => "**Amazon Cognito identity pools** as a web identity provider.".to_string(),
            "www.amazon.com" => "**Login with Amazon** as a web identity provider.".to_string(),
            "graph.facebook.com" => "**Facebook** as a web identity provider.".to_string(),
            other => format!("The web identity provider **{other}**."),
        },
        (Some("CanonicalUser"), _) => "An Amazon S3 **canonical user ID**: an account's (or CloudFront origin access identity's) ID in S3 ACLs and bucket policies.".to_string(),
        _ => return None,
    };
    Some(format!("{what}\n"))
}

fn account_words(account: &str) -> String {
    format!(
        "The AWS account **{account}**: any principal in it whose own policies allow the access (the account delegates; this does not mean only its root user)."
    )
}

/// An IAM ARN as a principal: an account's root, a role, a user, a role session, a federated
/// user, or an identity provider.
fn arn_principal(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, service, _, account, resource] = parts.as_slice() else {
        return None;
    };
    let (kind, rest) = resource.split_once('/').unwrap_or((resource, ""));
    let name = rest.rsplit('/').next().unwrap_or(rest);
    Some(match (*service, kind) {
        ("iam", "root") => account_words(account),
        ("iam", "role") => format!("The IAM role **{name}** in account {account}."),
        ("iam", "user") => format!("The IAM user **{name}** in account {account}."),
        ("iam", "oidc-provider") => {
            format!("The OpenID Connect provider **{rest}** registered in account {account}.")
        }
        ("iam", "saml-provider") => {
            format!("The SAML provider **{rest}** registered in account {account}.")
        }
        ("sts", "assumed-role") => {
            let (role, session) = rest.split_once('/').unwrap_or((rest, ""));
            format!(
                "A session of the role **{role}** in account {account} (session name {session})."
            )
        }
        ("sts", "federated-user") => {
            format!("The federated user session **{name}** in account {account}.")
        }
        _ => return None,
    })
}

/// `lambda.amazonaws.com`: the service, named from the catalog when its prefix is a service's.
fn service_principal(host: &str) -> String {
    let prefix = host.split('.').next().unwrap_or(host);
    match catalog::service(prefix) {
        Some(s) if host.ends_with(".amazonaws.com") => format!(
            "The service principal of **{}**: the service itself, acting on its own or on behalf of a resource or account that uses it.",
            s.name
        ),
        _ => format!("The service principal **{host}**."),
    }
}

fn operator_doc(name: &str) -> Option<String> {
    let op = parse_operator(name)?;
    let mut md = format!(
        "**{name}** · {} condition operator\n\n{}\n",
        op.family().name(),
        op.base.doc
    );
    if op.if_exists {
        md.push_str("\n`...IfExists`: also true when the key is not present in the request.\n");
    }
    if let Some(q) = op.qualifier {
        md.push_str(&match q {
            crate::policy::SetQualifier::ForAllValues => "\n`ForAllValues:`: true when every value in the request matches one of the policy's values (also true when the request has no values).\n".to_string(),
            crate::policy::SetQualifier::ForAnyValue => "\n`ForAnyValue:`: true when at least one value in the request matches one of the policy's values.\n".to_string(),
        });
    }
    Some(md)
}

/// An action, a wildcard (how many actions it grants, grouped by access level), or a service.
pub fn action_hover(value: &str) -> Option<String> {
    if !has_wildcard(value) {
        if let Some(a) = catalog::action(value) {
            return Some(markdown::action_doc(a));
        }
        if let Some(r) = catalog::retired_action(value) {
            return Some(format!(
                "**{}** · retired\n\n{}\n\nAWS no longer lists this action.\n",
                r.name, r.description
            ));
        }
        return None;
    }
    let matches = catalog::expand(value);
    let mut md = String::new();
    if let Some((svc, "*")) = value.split_once(':')
        && let Some(s) = catalog::service(svc)
    {
        md.push_str(&markdown::service_doc(s));
        md.push('\n');
    }
    md.push_str(&format!(
        "**{value}** grants **{}** action{}",
        matches.len(),
        if matches.len() == 1 { "" } else { "s" }
    ));
    if value == "*" {
        md.push_str(" of every service: full access.\n");
        return Some(md);
    }
    let one_service = matches
        .windows(2)
        .all(|w| w[0].service().prefix == w[1].service().prefix);
    match matches.first() {
        Some(a) if one_service => md.push_str(&format!(" of {}", a.service().prefix)),
        _ => {}
    }
    md.push('\n');
    // Every action is listed unless the list is really huge (`ec2:*` grants about 700).
    let mut budget = WILDCARD_LIMIT;
    for level in [
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
        AccessLevel::Write,
        AccessLevel::Read,
        AccessLevel::List,
    ] {
        let group: Vec<_> = matches
            .iter()
            .filter(|a| a.access.primary() == level)
            .collect();
        if group.is_empty() {
            continue;
        }
        md.push_str(&format!("\n**{}** ({})\n\n", level.name(), group.len()));
        // Every action, as a paragraph of names that the client wraps (several per line);
        // within one service the prefix is said once, in the heading line above.
        let shown = group.len().min(budget);
        let names: Vec<String> = group[..shown]
            .iter()
            .map(|a| {
                if one_service {
                    format!("`{}`", a.name)
                } else {
                    format!("`{}`", a.full_name())
                }
            })
            .collect();
        md.push_str(&names.join(" "));
        if shown < group.len() {
            md.push_str(&format!(
                " … and {} more (`iam-policy-ls expand '{value}'` lists them all)",
                group.len() - shown
            ));
        }
        md.push('\n');
        budget -= shown;
    }
    Some(md)
}

/// Which resource types an ARN matches: among the statement's actions' types first, else among
/// the types of the ARN's service.
pub fn arn_hover(value: &str, statement: Option<&Statement>) -> Option<String> {
    if value == "*" {
        return Some("`*`: every resource.\n".to_string());
    }
    let parts = catalog::parse_arn(value)?;
    let mut md = format!(
        "**ARN** · partition `{}` · service `{}` · region `{}` · account `{}`\n\nresource `{}`\n",
        parts.partition,
        parts.service,
        or_any(parts.region),
        or_any(parts.account),
        parts.resource
    );
    let mut matched: Vec<&catalog::ResourceType> = Vec::new();
    if let Some(st) = statement {
        for lit in st.actions() {
            catalog::for_each_match(&lit.value, |a| {
                for r in a.resources {
                    if let Some(t) = r.resource_type()
                        && t.matches_arn(value)
                        && !matched.iter().any(|m| std::ptr::eq(*m, t))
                    {
                        matched.push(t);
                    }
                }
            });
        }
    }
    if matched.is_empty()
        && let Some(s) = catalog::service(parts.service)
    {
        matched.extend(s.resource_types().iter().filter(|t| t.matches_arn(value)));
    }
    if !matched.is_empty() {
        md.push_str("\n**Matches resource types**\n");
        for t in matched.iter().take(10) {
            md.push_str(&format!(
                "- `{}` {}: `{}`\n",
                t.service().prefix,
                t.name,
                t.arns.join("` or `")
            ));
        }
    }
    Some(md)
}

fn or_any(part: &str) -> &str {
    if part.is_empty() { "(none)" } else { part }
}
