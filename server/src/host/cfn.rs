//! The locator for CloudFormation and SAM templates (YAML or JSON) and Serverless Framework
//! files: finds every property that holds a policy document ([`super::table`]), says its kind,
//! and hands each to lowering.

use super::incremental::Layout;
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

pub(super) fn resource_type(m: &Member) -> Option<&str> {
    let t = m.value.as_ref()?.as_object()?.get("Type")?;
    t.value.as_ref()?.as_string().map(|s| s.value.as_str())
}

/// Takes the value of `o`'s member `key` out of the tree (the first one, as `Object::get`).
pub(super) fn take(o: &mut Object, key: &str) -> Option<Value> {
    o.members
        .iter_mut()
        .find(|m| m.key.value == key)?
        .value
        .take()
}

fn take_object(o: &mut Object, key: &str) -> Option<Object> {
    match take(o, key)? {
        Value::Object(inner) => Some(inner),
        _ => None,
    }
}

/// Finds the policies of a template. The locator takes the tree apart: each policy's subtree
/// moves into its lowered policy, nothing is copied.
pub fn locate(text: &str, root: Value, format: Format) -> Host {
    let mut host = Host {
        format,
        kind: HostKind::CloudFormation,
        ..Host::default()
    };
    if let Value::Object(mut o) = root
        && let Some(resources) = take_object(&mut o, "Resources")
    {
        let types = Arc::new(resource_types(&resources));
        if format == Format::Yaml {
            host.layout = Layout::of(text, &resources, types.clone());
        }
        locate_resources(text, resources, &types, &mut host);
    }
    host
}

/// Each resource's logical ID and type, for `!GetAtt` (resources without a type are left out).
fn resource_types(resources: &Object) -> HashMap<String, String> {
    resources
        .members
        .iter()
        .filter_map(|m| Some((m.key.value.clone(), resource_type(m)?.to_string())))
        .collect()
}

fn locate_resources(
    text: &str,
    resources: Object,
    types: &HashMap<String, String>,
    host: &mut Host,
) {
    for m in resources.members {
        locate_resource(text, m, types, host);
    }
}

/// Finds the policies of one resource (`m` is its member of the Resources map), in the order
/// of the property table. `types` are the template's resource types.
pub(super) fn locate_resource(
    text: &str,
    mut m: Member,
    types: &HashMap<String, String>,
    host: &mut Host,
) {
    let Some(t) = resource_type(&m).map(str::to_string) else {
        return;
    };
    let Some(mut props) = m
        .value
        .as_mut()
        .and_then(|v| match v {
            Value::Object(o) => Some(o),
            _ => None,
        })
        .and_then(|o| take_object(o, "Properties"))
    else {
        return;
    };
    let origin = |property: String| Origin {
        resource: m.key.value.clone(),
        resource_type: t.clone(),
        property,
        resource_range: m.key.range,
    };
    let mut lowering = Lowering::new(text, Some(types));
    if t.starts_with("AWS::Serverless::") {
        sam::locate(text, &mut props, &mut lowering, &origin, host);
    }
    for row in properties_of(&t) {
        let kind = match row.kind {
            TableKind::Kind(k) => k,
            TableKind::ScpOrRcp => organizations_kind(&props),
            TableKind::Statement(k) => {
                for (value, path) in find(&mut props, &row.path) {
                    if value.as_object().is_some() {
                        let range = value.range();
                        let statement = lowering.lower(value);
                        host.policies
                            .push(statements_policy(statement, range, k, origin(path)));
                    }
                }
                continue;
            }
        };
        let placement = Placement {
            kind,
            form: row.form,
        };
        for (value, path) in find(&mut props, &row.path) {
            embed(text, value, &placement, origin(path), &mut lowering, host);
        }
    }
    host.findings.append(&mut lowering.findings);
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

/// Takes the values at `path` below `props` out of the tree (`Policies[]` walks every item),
/// with the path written out (`Policies[1].PolicyDocument`).
fn find(props: &mut Object, path: &[&str]) -> Vec<(Value, String)> {
    let mut out = Vec::new();
    walk(Some(props), path, String::new(), &mut out);
    out
}

fn walk(object: Option<&mut Object>, path: &[&str], shown: String, out: &mut Vec<(Value, String)>) {
    let (Some(object), Some((first, rest))) = (object, path.split_first()) else {
        return;
    };
    let (name, each) = match first.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (*first, false),
    };
    let Some(slot) = object
        .members
        .iter_mut()
        .find(|m| m.key.value == name)
        .map(|m| &mut m.value)
    else {
        return;
    };
    let shown = if shown.is_empty() {
        name.to_string()
    } else {
        format!("{shown}.{name}")
    };
    match slot {
        Some(Value::Array(a)) if each => {
            if rest.is_empty() {
                let items = std::mem::take(&mut a.items).into_iter().enumerate();
                out.extend(items.map(|(i, v)| (v, format!("{shown}[{i}]"))));
                return;
            }
            for (i, item) in a.items.iter_mut().enumerate() {
                if let Value::Object(o) = item {
                    walk(Some(o), rest, format!("{shown}[{i}]"), out);
                }
            }
        }
        _ if each => {}
        slot if rest.is_empty() => out.extend(slot.take().map(|v| (v, shown))),
        Some(Value::Object(o)) => walk(Some(o), rest, shown, out),
        _ => {}
    }
}

/// How a found policy is to be read.
pub struct Placement {
    /// The kind, with the service for a resource-based policy.
    pub kind: PolicyKind,
    pub form: Form,
}

/// Adds the policy written as `value`: an object, a JSON string (or `Fn::Sub` of one), or an
/// `Fn::If` of those (both branches).
pub fn embed(
    text: &str,
    value: Value,
    placement: &Placement,
    origin: Origin,
    lowering: &mut Lowering,
    host: &mut Host,
) {
    let embedded = |parse: Parse, in_string: bool| Embedded {
        read: Arc::new(parse),
        shift: 0,
        placed: Default::default(),
        kind: Some(placement.kind),
        origin: Some(Arc::new(origin.clone())),
        statements_only: false,
        in_string,
    };
    let value = match intrinsic(value) {
        Ok(i) if i.function == "Fn::If" => {
            if let Some(Value::Array(a)) = i.arg
                && a.items.len() == 3
            {
                for branch in a.items.into_iter().skip(1) {
                    embed(text, branch, placement, origin.clone(), lowering, host);
                }
            }
            return;
        }
        Ok(i) if i.function == "Fn::Sub" => {
            let template = match i.arg {
                Some(Value::Array(a)) => a.items.into_iter().next(),
                arg => arg,
            };
            if let Some(Value::String(s)) = template
                && let Some(parse) = string_policy(text, &s, lowering)
            {
                host.policies.push(embedded(parse, true));
            }
            return;
        }
        Ok(_) => return,
        Err(value) => value,
    };
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
            if let Some(parse) = string_policy(text, &s, lowering) {
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
        parse.root = Some(lowering.lower(root));
    }
    Some(parse)
}

/// A Serverless Framework file: `provider.iam.role.statements` (and the older
/// `provider.iamRoleStatements`) are lists of statements of the service's role; its
/// `resources.Resources` is a CloudFormation section.
pub fn locate_serverless(text: &str, root: Value) -> Host {
    let mut host = Host {
        format: Format::Yaml,
        kind: HostKind::Serverless,
        ..Host::default()
    };
    let Value::Object(mut o) = root else {
        return host;
    };
    let mut lowering = Lowering::new(text, None);
    if let Some(mut provider) = take_object(&mut o, "provider") {
        let mut role =
            take_object(&mut provider, "iam").and_then(|mut iam| take_object(&mut iam, "role"));
        let lists = [
            (role.as_mut(), "statements", "provider.iam.role.statements"),
            (
                Some(&mut provider),
                "iamRoleStatements",
                "provider.iamRoleStatements",
            ),
        ];
        for (holder, key, path) in lists {
            let Some(holder) = holder else { continue };
            let Some(m) = holder.members.iter_mut().find(|m| m.key.value == key) else {
                continue;
            };
            if !matches!(m.value, Some(Value::Array(_))) {
                continue;
            }
            let Some(list) = m.value.take() else { continue };
            let statements = lowering.lower(list);
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
    }
    host.findings.append(&mut lowering.findings);
    if let Some(resources) =
        take_object(&mut o, "resources").and_then(|mut r| take_object(&mut r, "Resources"))
    {
        let types = resource_types(&resources);
        locate_resources(text, resources, &types, &mut host);
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
        shift: 0,
        placed: Default::default(),
        read: Arc::new(Parse {
            root: Some(root),
            ..Parse::default()
        }),
        kind: Some(kind),
        origin: Some(Arc::new(origin)),
        statements_only: true,
        in_string: false,
    }
}
