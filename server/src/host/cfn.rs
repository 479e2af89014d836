//! The locator for CloudFormation and SAM templates (YAML or JSON) and Serverless Framework
//! files: finds every property that holds a policy document ([`super::table`]), says its kind,
//! and hands each to lowering.

use super::lower::{Lowering, intrinsic};
use super::table::{Form, TableKind, properties_of};
use super::{Embedded, Format, Host, HostKind, Origin, embedded, sam};
use crate::policy::PolicyKind;
use crate::syntax::{Member, Object, Parse, StringLit, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Whether a document is a CloudFormation or SAM template: `AWSTemplateFormatVersion`, the
/// SAM `Transform`, or a `Resources` map whose types start with `AWS::`. Decided by content,
/// not by file name.
pub fn is_template(root: &Value) -> bool {
    let Some(o) = root.as_object() else {
        return false;
    };
    if o.get("AWSTemplateFormatVersion").is_some() || is_sam(o) {
        return true;
    }
    resources(o).is_some_and(|r| {
        r.members
            .iter()
            .any(|m| resource_type(m).is_some_and(|t| t.starts_with("AWS::")))
    })
}

/// The SAM transform: `Transform: AWS::Serverless-2016-10-31` (or a list holding it).
fn is_sam(o: &Object) -> bool {
    let Some(t) = o.get("Transform").and_then(|m| m.value.as_ref()) else {
        return false;
    };
    let named = |v: &Value| {
        v.as_string()
            .is_some_and(|s| s.value.starts_with("AWS::Serverless"))
    };
    match t {
        Value::Array(a) => a.items.iter().any(named),
        v => named(v),
    }
}

/// A Serverless Framework file: `service` and a `provider` map.
pub fn is_serverless(root: &Value) -> bool {
    root.as_object().is_some_and(|o| {
        o.get("service").is_some()
            && o.get("provider")
                .and_then(|m| m.value.as_ref())
                .is_some_and(|v| v.as_object().is_some())
    })
}

fn resources(o: &Object) -> Option<&Object> {
    o.get("Resources")?.value.as_ref()?.as_object()
}

fn resource_type(m: &Member) -> Option<&str> {
    let t = m.value.as_ref()?.as_object()?.get("Type")?;
    t.value.as_ref()?.as_string().map(|s| s.value.as_str())
}

fn properties(m: &Member) -> Option<&Object> {
    m.value
        .as_ref()?
        .as_object()?
        .get("Properties")?
        .value
        .as_ref()?
        .as_object()
}

/// Finds the policies of a template.
pub fn locate(text: &str, root: &Value, format: Format) -> Host {
    let mut host = Host {
        format,
        kind: HostKind::CloudFormation,
        ..Host::default()
    };
    let Some(resources) = root.as_object().and_then(resources) else {
        return host;
    };
    locate_resources(text, resources, &mut host);
    host
}

fn locate_resources(text: &str, resources: &Object, host: &mut Host) {
    let types: HashMap<String, String> = resources
        .members
        .iter()
        .filter_map(|m| Some((m.key.value.clone(), resource_type(m)?.to_string())))
        .collect();
    for m in &resources.members {
        let Some(t) = resource_type(m) else { continue };
        let origin = |property: String| Origin {
            resource: m.key.value.clone(),
            resource_type: t.to_string(),
            property,
            resource_range: m.key.range,
        };
        let Some(props) = properties(m) else { continue };
        let mut lowering = Lowering::new(text, Some(&types));
        if t.starts_with("AWS::Serverless::") {
            sam::locate(text, props, &mut lowering, &origin, host);
        }
        for row in properties_of(t) {
            let kind = match row.kind {
                TableKind::Kind(k) => k,
                TableKind::ScpOrRcp => organizations_kind(props),
                TableKind::Statement(k) => {
                    for (value, path) in find(props, &row.path) {
                        if value.as_object().is_some() {
                            let statement = lowering.lower(value);
                            host.policies.push(statements_policy(
                                statement,
                                value.range(),
                                k,
                                origin(path),
                            ));
                        }
                    }
                    continue;
                }
            };
            for (value, path) in find(props, &row.path) {
                let placement = Placement {
                    kind,
                    service: (!row.service.is_empty()).then(|| row.service.to_string()),
                    form: row.form,
                };
                embed(text, value, &placement, origin(path), &mut lowering, host);
            }
        }
        host.findings.append(&mut lowering.findings);
    }
}

/// `AWS::Organizations::Policy`: `Type: RESOURCE_CONTROL_POLICY` is an RCP, else an SCP.
fn organizations_kind(props: &Object) -> PolicyKind {
    let rcp = props
        .get("Type")
        .and_then(|m| m.value.as_ref())
        .and_then(Value::as_string)
        .is_some_and(|s| s.value == "RESOURCE_CONTROL_POLICY");
    if rcp {
        PolicyKind::Rcp
    } else {
        PolicyKind::Scp
    }
}

/// The values at `path` below `props` (`Policies[]` walks every item), with the path written
/// out (`Policies[1].PolicyDocument`).
fn find<'v>(props: &'v Object, path: &[&str]) -> Vec<(&'v Value, String)> {
    let mut out = Vec::new();
    walk(Some(props), path, String::new(), &mut out);
    out
}

fn walk<'v>(
    object: Option<&'v Object>,
    path: &[&str],
    shown: String,
    out: &mut Vec<(&'v Value, String)>,
) {
    let (Some(object), Some((first, rest))) = (object, path.split_first()) else {
        return;
    };
    let (name, each) = match first.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (*first, false),
    };
    let Some(value) = object.get(name).and_then(|m| m.value.as_ref()) else {
        return;
    };
    let shown = if shown.is_empty() {
        name.to_string()
    } else {
        format!("{shown}.{name}")
    };
    let mut step = |v: &'v Value, shown: String| {
        if rest.is_empty() {
            out.push((v, shown));
        } else {
            walk(v.as_object(), rest, shown, out);
        }
    };
    if each {
        if let Value::Array(a) = value {
            for (i, item) in a.items.iter().enumerate() {
                step(item, format!("{shown}[{i}]"));
            }
        }
    } else {
        step(value, shown);
    }
}

/// How a found policy is to be read.
pub struct Placement {
    pub kind: PolicyKind,
    pub service: Option<String>,
    pub form: Form,
}

/// Adds the policy written as `value`: an object, a JSON string (or `Fn::Sub` of one), or an
/// `Fn::If` of those (both branches).
pub fn embed(
    text: &str,
    value: &Value,
    placement: &Placement,
    origin: Origin,
    lowering: &mut Lowering,
    host: &mut Host,
) {
    let embedded = |parse: Parse, in_string: bool| Embedded {
        parse: Arc::new(parse),
        kind: Some(placement.kind),
        service: placement.service.clone(),
        origin: Some(origin.clone()),
        statements_only: false,
        in_string,
    };
    match intrinsic(value).map(|i| (i.function, i.arg)) {
        Some((f, Some(Value::Array(a)))) if f == "Fn::If" && a.items.len() == 3 => {
            for branch in &a.items[1..] {
                embed(text, branch, placement, origin.clone(), lowering, host);
            }
            return;
        }
        Some((f, Some(arg))) if f == "Fn::Sub" => {
            let template = match arg {
                Value::Array(a) => a.items.first().and_then(Value::as_string),
                v => v.as_string(),
            };
            if let Some(parse) = template.and_then(|s| string_policy(text, s, lowering)) {
                host.policies.push(embedded(parse, true));
            }
            return;
        }
        Some(_) => return,
        None => {}
    }
    match value {
        Value::Object(_) if placement.form != Form::String => {
            let root = lowering.lower(value);
            host.policies.push(embedded(
                Parse {
                    root: Some(root),
                    ..Parse::default()
                },
                false,
            ));
        }
        Value::String(s) => {
            if let Some(parse) = string_policy(text, s, lowering) {
                host.policies.push(embedded(parse, true));
            }
        }
        _ => {}
    }
}

/// A policy in a string: parsed from the string's value and mapped back (see
/// [`embedded::parse_string_policy`]); `${...}` parts of an `Fn::Sub` stay in its strings,
/// which the checks read as unknown values.
fn string_policy(text: &str, s: &StringLit, lowering: &mut Lowering) -> Option<Parse> {
    let mut parse = embedded::parse_string_policy(text, s)?;
    if let Some(root) = parse.root.take() {
        parse.root = Some(lowering.lower(&root));
    }
    Some(parse)
}

/// A Serverless Framework file: `provider.iam.role.statements` (and the older
/// `provider.iamRoleStatements`) are lists of statements of the service's role; its
/// `resources.Resources` is a CloudFormation section.
pub fn locate_serverless(text: &str, root: &Value) -> Host {
    let mut host = Host {
        format: Format::Yaml,
        kind: HostKind::Serverless,
        ..Host::default()
    };
    let Some(o) = root.as_object() else {
        return host;
    };
    let provider = o
        .get("provider")
        .and_then(|m| m.value.as_ref())
        .and_then(Value::as_object);
    let role = obj(get(obj(get(provider, "iam")), "role"));
    let lists = [
        (get(role, "statements"), "provider.iam.role.statements"),
        (
            get(provider, "iamRoleStatements"),
            "provider.iamRoleStatements",
        ),
    ];
    let mut lowering = Lowering::new(text, None);
    for (member, path) in lists {
        let Some(m) = member else { continue };
        let Some(Value::Array(a)) = &m.value else {
            continue;
        };
        let statements = lowering.lower(&Value::Array(a.clone()));
        host.policies.push(statements_policy(
            statements,
            m.key.range,
            PolicyKind::Identity,
            Origin {
                resource: "provider".into(),
                resource_type: String::new(),
                property: path.into(),
                resource_range: m.key.range,
            },
        ));
    }
    host.findings.append(&mut lowering.findings);
    if let Some(r) = obj(o.get("resources")).and_then(resources) {
        locate_resources(text, r, &mut host);
    }
    host
}

/// A policy made of a list of statements the host wrote without the document around it: the
/// statement list stands as the `Statement` member of a policy object spanning it.
pub fn statements_policy(
    statements: Value,
    key_range: crate::syntax::TextRange,
    kind: PolicyKind,
    origin: Origin,
) -> Embedded {
    let range = statements.range();
    let root = Value::Object(Object {
        range,
        members: vec![Member {
            range,
            key: StringLit {
                range: key_range,
                value: "Statement".into(),
                terminated: true,
                has_escapes: true,
            },
            colon: None,
            value: Some(statements),
        }],
        // No brackets of its own: see `Lowering::bracketed`.
        closed: false,
    });
    Embedded {
        parse: Arc::new(Parse {
            root: Some(root),
            ..Parse::default()
        }),
        kind: Some(kind),
        service: None,
        origin: Some(origin),
        statements_only: true,
        in_string: false,
    }
}

fn get<'v>(o: Option<&'v Object>, key: &str) -> Option<&'v Member> {
    o?.get(key)
}

fn obj(m: Option<&Member>) -> Option<&Object> {
    m?.value.as_ref()?.as_object()
}
