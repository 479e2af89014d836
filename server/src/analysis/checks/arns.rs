//! Resource ARNs against the ARN templates of their resource types: a Region or account that the
//! resource type does not have (an S3 bucket ARN has neither), or one it needs and lacks (a log
//! group ARN has both); and, in resource-based policies, actions or resources of another service
//! than the resource the policy is attached to.

use super::util::json_string;
use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Edit, Fix, Sink};
use crate::catalog::{self, ArnParts, arn_pattern_matches_template, has_wildcard, parse_arn};
use crate::policy::{Policy, Statement, member_strings};
use crate::syntax::{StringLit, TextRange};
use std::collections::HashMap;
use std::sync::OnceLock;

/// One ARN template, split into the parts the checks compare.
struct Template {
    /// Whether the template has a Region (a placeholder or a literal) and an account.
    region: bool,
    account: bool,
    /// The resource part, e.g. `log-group:${LogGroupName}`.
    resource: &'static str,
    resource_type: &'static catalog::ResourceType,
}

/// The templates of every resource type, by the service part of their ARN (lowercase), with
/// whether any of them has, or lacks, a Region and an account.
struct ServiceTemplates {
    templates: Vec<Template>,
    any_region: bool,
    any_no_region: bool,
    any_account: bool,
    any_no_account: bool,
}

/// Built once, on first use (a scan of every resource type): later lookups are a hash probe.
fn index() -> &'static HashMap<String, ServiceTemplates> {
    static INDEX: OnceLock<HashMap<String, ServiceTemplates>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: HashMap<String, ServiceTemplates> = HashMap::new();
        for rt in catalog::all_resource_types() {
            for arn in rt.arns {
                let Some(p) = parse_arn(arn) else { continue };
                if p.service.contains('$') || p.service.is_empty() {
                    continue;
                }
                let entry = map
                    .entry(p.service.to_ascii_lowercase())
                    .or_insert_with(|| ServiceTemplates {
                        templates: Vec::new(),
                        any_region: false,
                        any_no_region: false,
                        any_account: false,
                        any_no_account: false,
                    });
                let (region, account) = (!p.region.is_empty(), !p.account.is_empty());
                entry.any_region |= region;
                entry.any_no_region |= !region;
                entry.any_account |= account;
                entry.any_no_account |= !account;
                entry.templates.push(Template {
                    region,
                    account,
                    resource: p.resource,
                    resource_type: rt,
                });
            }
        }
        map
    })
}

pub fn check(_ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    for m in [st.resource, st.not_resource].into_iter().flatten() {
        for lit in member_strings(m) {
            if !super::placeholders::has_placeholder(lit) {
                region_and_account(lit, sink);
            }
        }
    }
}

/// Whether a part of a policy ARN is a literal value (not a wildcard or variable).
fn literal(part: &str) -> bool {
    !has_wildcard(part) && !part.contains('$')
}

fn region_and_account(lit: &StringLit, sink: &mut Sink) {
    let value = lit.value.as_str();
    let Some(p) = parse_arn(value) else { return };
    if !literal(p.service) || p.service.is_empty() || !literal(p.region) || !literal(p.account) {
        return;
    }
    let Some(service) = index().get(&p.service.to_ascii_lowercase()) else {
        return;
    };
    let region_question = if p.region.is_empty() {
        service.any_region
    } else {
        service.any_no_region
    };
    let account_question = if p.account.is_empty() {
        service.any_account
    } else {
        service.any_no_account
    };
    if !region_question && !account_question {
        return;
    }
    // The resource types whose resource part this ARN can match.
    let matching: Vec<&Template> = service
        .templates
        .iter()
        .filter(|t| arn_pattern_matches_template(p.resource, t.resource))
        .collect();
    if matching.is_empty() {
        return;
    }
    // Name the resource types of the service that owns the ARN's prefix (EC2 also defines an
    // `iam-role` type, but an IAM ARN is an IAM role).
    let own: Vec<&Template> = matching
        .iter()
        .copied()
        .filter(|t| {
            t.resource_type
                .service()
                .prefix
                .eq_ignore_ascii_case(p.service)
        })
        .collect();
    let shown = if own.is_empty() { &matching } else { &own };
    let types = type_names(shown);
    let svc_name = shown[0].resource_type.service().name;
    let region_extra =
        region_question && !p.region.is_empty() && matching.iter().all(|t| !t.region);
    let region_missing =
        region_question && p.region.is_empty() && matching.iter().all(|t| t.region);
    let account_extra =
        account_question && !p.account.is_empty() && matching.iter().all(|t| !t.account);
    let account_missing = account_question
        && p.account.is_empty()
        && matching.iter().all(|t| t.account)
        && !aws_owned(&p);
    // The ARN with every correction applied, for the messages.
    let region = if region_extra {
        ""
    } else if region_missing {
        "us-east-1"
    } else {
        p.region
    };
    let account = if account_extra {
        ""
    } else if account_missing {
        "123456789012"
    } else {
        p.account
    };
    let corrected = rebuild(&p, region, account);
    // A Region or account the resource type's ARNs do not have: say so, and remove it.
    for (extra, part, label, what) in [
        (region_extra, p.region, "no Region", "the Region"),
        (account_extra, p.account, "no account ID", "the account"),
    ] {
        if !extra {
            continue;
        }
        let message = format!(
            "{svc_name} {types} ARNs have {label}: remove \"{part}\" (write \"{corrected}\")"
        );
        if let Some(f) = sink.report(&ARN_PART_NOT_ALLOWED, lit.range, message)
            && let Some(edit) = part_edit(lit, part)
        {
            f.fixes.push(Fix {
                title: format!("Remove {what} \"{part}\""),
                edits: vec![edit],
                preferred: true,
            });
        }
    }
    if region_missing {
        sink.report(
            &MISSING_ARN_PART,
            lit.range,
            format!(
                "{svc_name} {types} ARNs need a Region: write it (e.g. \"{corrected}\"), or \"*\" for any Region"
            ),
        );
    }
    if account_missing {
        sink.report(
            &MISSING_ARN_PART,
            lit.range,
            format!(
                "{svc_name} {types} ARNs need the 12-digit account ID: write it (e.g. \"{corrected}\"), or \"*\" for any account"
            ),
        );
    }
}

/// Resources that AWS itself owns and publishes to every account, whose ARNs have an empty
/// account: public parameters (`/aws/service/...`), and the SSM documents and Automation
/// runbooks AWS publishes (`AWS-RunShellScript`, `AmazonCloudWatch-ManageAgent`). By service
/// and the start of the resource part. (AWS managed policies write the account as `aws`.)
const AWS_OWNED: &[(&str, &str)] = &[
    ("ssm", "parameter/aws/"),
    ("ssm", "document/AWS-"),
    ("ssm", "document/Amazon"),
    ("ssm", "automation-definition/AWS-"),
];

/// Whether an ARN with an empty account can name a resource AWS owns: its resource part,
/// up to its first wildcard, agrees with one of [`AWS_OWNED`]'s.
fn aws_owned(p: &ArnParts) -> bool {
    let head = p.resource.split(['*', '?', '$']).next().unwrap_or("");
    AWS_OWNED.iter().any(|(service, owned)| {
        p.service.eq_ignore_ascii_case(service)
            && (head.starts_with(owned) || owned.starts_with(head))
    })
}

fn type_names(matching: &[&Template]) -> String {
    let mut names: Vec<&str> = matching.iter().map(|t| t.resource_type.name).collect();
    names.sort_unstable();
    names.dedup();
    if names.len() > 3 {
        names.truncate(3);
        return format!("{} (...)", names.join("/"));
    }
    names.join("/")
}

fn rebuild(p: &ArnParts, region: &str, account: &str) -> String {
    format!(
        "arn:{}:{}:{region}:{account}:{}",
        p.partition, p.service, p.resource
    )
}

/// The edit that deletes `part` (a slice of the literal's value) from the document.
fn part_edit(lit: &StringLit, part: &str) -> Option<Edit> {
    if lit.has_escapes || !lit.terminated {
        return None;
    }
    let offset = part.as_ptr() as usize - lit.value.as_ptr() as usize;
    let start = lit.content_range().start as usize + offset;
    Some(Edit {
        range: TextRange::new(start, start + part.len()),
        text: String::new(),
    })
}

/// The ARN service parts (lowercase) of a service's resource types: `vpc-lattice` for
/// `vpc-lattice-svcs`, `s3` for `s3`.
fn arn_services(service: &catalog::Service) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for rt in service.resource_types() {
        for arn in rt.arns {
            if let Some(p) = parse_arn(arn) {
                let s = p.service.to_ascii_lowercase();
                if !s.contains('$') && !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// At most this many `resource-policy-other-service` findings per policy.
const MAX_REPORTS: usize = 20;

/// In a resource-based policy every statement is about the resource the policy is attached to,
/// so actions and resource ARNs must belong to that resource's service. The service is read
/// from the resource ARNs when they all name one; otherwise from the actions when they all
/// belong to one service.
pub fn check_policy(ctx: &Ctx, policy: &Policy, sink: &mut Sink) {
    if !ctx.kind.is_resource()
        || ctx
            .kind
            .service_rules()
            .is_some_and(|r| r.foreign_resources)
    {
        return;
    }
    let mut resources: Vec<(&StringLit, String)> = Vec::new();
    for st in &policy.statements {
        for lit in st.resources() {
            if let Some(p) = parse_arn(&lit.value)
                && literal(p.service)
                && !p.service.is_empty()
            {
                resources.push((lit, p.service.to_ascii_lowercase()));
            }
        }
    }
    if resources.is_empty() {
        return;
    }
    let mut actions: Vec<(&StringLit, &'static catalog::Service)> = Vec::new();
    for st in &policy.statements {
        for lit in st.actions() {
            let Some((svc, _)) = lit.value.split_once(':') else {
                continue;
            };
            if has_wildcard(svc) {
                continue;
            }
            if let Some(s) = catalog::service(svc) {
                actions.push((lit, s));
            }
        }
    }
    let mut resource_services: Vec<&str> = resources.iter().map(|(_, s)| s.as_str()).collect();
    resource_services.sort_unstable();
    resource_services.dedup();
    let mut cache: HashMap<&'static str, Vec<String>> = HashMap::new();
    if let [attached] = resource_services[..] {
        // A policy that lists hundreds of other services' actions was most likely not meant as
        // a resource-based policy: the first findings say enough.
        let mut reported = 0;
        for (lit, svc) in &actions {
            if reported == MAX_REPORTS {
                break;
            }
            // A service whose policies name other services' resources (AWS Backup's recovery
            // points) is not read from its ARNs.
            if crate::policy::resource_policy::rules(svc.prefix)
                .is_some_and(|r| r.foreign_resources)
            {
                continue;
            }
            let arns = cache.entry(svc.prefix).or_insert_with(|| arn_services(svc));
            if arns.is_empty() || arns.iter().any(|a| a == attached) {
                continue;
            }
            reported += 1;
            sink.report(
                &RESOURCE_POLICY_OTHER_SERVICE,
                lit.range,
                format!(
                    "\"{}\" is not an action on {attached} resources: a resource-based policy can only grant actions on the resource it is attached to, and this one's Resource names {attached} ARNs",
                    lit.value
                ),
            );
        }
        return;
    }
    if resource_services.len() < 2 {
        return;
    }
    let mut prefixes: Vec<&str> = actions.iter().map(|(_, s)| s.prefix).collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    let [prefix] = prefixes[..] else { return };
    let Some(svc) = catalog::service(prefix) else {
        return;
    };
    if crate::policy::resource_policy::rules(prefix).is_some_and(|r| r.foreign_resources) {
        return;
    }
    let arns = arn_services(svc);
    if arns.is_empty() {
        return;
    }
    for (lit, s) in resources
        .iter()
        .filter(|(_, s)| !arns.contains(s))
        .take(MAX_REPORTS)
    {
        sink.report(
            &RESOURCE_POLICY_OTHER_SERVICE,
            lit.range,
            format!(
                "{} is not a resource of {}: every action of this resource-based policy is an action of {prefix}, so it is attached to a resource of {prefix} and cannot name ARNs of {s}",
                json_string(&lit.value),
                svc.name
            ),
        );
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const ARN_PART_NOT_ALLOWED: Rule = Rule {
    code: "arn-part-not-allowed",
    severity: crate::analysis::Severity::Error,
    summary: "A resource ARN names a Region or account that its resource type does not have (S3 bucket and IAM ARNs have no Region).",
    access_analyzer: &["ARN_REGION_NOT_ALLOWED", "ARN_ACCOUNT_NOT_ALLOWED"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:us-east-1:123456789012:my-bucket"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}"#,
    ),
};

pub const MISSING_ARN_PART: Rule = Rule {
    code: "missing-arn-part",
    severity: crate::analysis::Severity::Error,
    summary: "A resource ARN leaves out the Region or account that its resource type needs (write \"*\" for any).",
    access_analyzer: &["MISSING_ARN_REGION", "MISSING_ARN_ACCOUNT"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "logs:CreateLogStream", "Resource": "arn:aws:logs:::log-group:app"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "logs:CreateLogStream", "Resource": "arn:aws:logs:*:123456789012:log-group:app"}"#,
    ),
};

pub const RESOURCE_POLICY_OTHER_SERVICE: Rule = Rule {
    code: "resource-policy-other-service",
    severity: crate::analysis::Severity::Error,
    summary: "A resource-based policy names an action or resource of another service than the resource it is attached to (e.g. a KMS action in a bucket policy).",
    access_analyzer: &[
        "UNSUPPORTED_ACTION_IN_POLICY",
        "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
    ],
    kind: Some(crate::policy::PolicyKind::Resource(None)),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": ["s3:GetObject", "kms:Decrypt"], "Resource": "arn:aws:s3:::bucket/*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#,
    ),
};
