//! Lowering: a host's computed values turned into what the policy checks can read.
//!
//! CloudFormation writes parts of a policy as intrinsic functions, in a short form (`!Sub x`, a
//! YAML tag) and a long form (`{"Fn::Sub": x}`, a one-member object). Lowering replaces each by
//! the string it is known to produce, with the unknown parts written as `${Name}`, which the
//! checks already treat as a value they cannot see (like an IAM policy variable):
//! - `Fn::Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"` is that string (`${!Literal}` becomes
//!   `${Literal}`, as CloudFormation writes it);
//! - `Fn::Join` of strings and references is the joined string;
//! - `Ref AWS::Partition` (and the other pseudo parameters) is `${AWS::Partition}`;
//! - `Fn::GetAtt Bucket.Arn` of a resource in the template is that resource type's ARN (from
//!   the catalog), so resource-mismatch and the ARN checks know what it points at;
//! - `Fn::If [c, a, b]` inside a list is both branches (each is checked); `Ref AWS::NoValue`
//!   disappears.
//!
//! Anything else (`Ref` to a parameter, `Fn::ImportValue`, `Fn::Select`, ...) stays a
//! [`Value::Computed`] node: never reported as wrong.
//!
//! A lowered string's range is the source node's range. When its text is not the node's text
//! one to one, `has_escapes` is set, so no feature maps offsets inside it.

use crate::analysis::Finding;
use crate::analysis::rules::{Example, Rule};
use crate::catalog;
use crate::syntax::{Array, Computed, Member, Object, StringLit, TextRange, Value};
use std::collections::HashMap;

/// The pseudo parameters CloudFormation resolves in every template.
pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// The short-form tag's long name: `!Sub` -> `Fn::Sub`, `!Ref` -> `Ref`; long names stay.
pub fn function_name(written: &str) -> String {
    match written.strip_prefix('!') {
        Some("Ref") => "Ref".to_string(),
        Some("Condition") => "Condition".to_string(),
        Some(short) => format!("Fn::{short}"),
        None => written.to_string(),
    }
}

/// Whether an object key is an intrinsic function's long form.
pub fn is_intrinsic_key(key: &str) -> bool {
    key == "Ref" || key.starts_with("Fn::")
}

/// An intrinsic function as written, in either form: a YAML tag (`!Sub x`) or a one-member
/// object (`{"Fn::Sub": x}`).
pub struct Intrinsic {
    /// The node's range.
    pub range: TextRange,
    /// The long name: `Fn::Sub`, `Ref`, ...
    pub function: String,
    pub function_range: TextRange,
    pub arg: Option<Value>,
}

/// The intrinsic function `value` is, or the value itself when it is none.
pub fn intrinsic(value: Value) -> Result<Intrinsic, Value> {
    match value {
        Value::Computed(c) => Ok(Intrinsic {
            range: c.range,
            function: function_name(&c.function),
            function_range: c.function_range,
            arg: c.arg.map(|a| *a),
        }),
        Value::Object(mut o)
            if o.members.len() == 1 && is_intrinsic_key(&o.members[0].key.value) =>
        {
            let m = o
                .members
                .pop()
                .unwrap_or_else(|| unreachable!("one member"));
            Ok(Intrinsic {
                range: o.range,
                function: m.key.value,
                function_range: m.key.range,
                arg: m.value,
            })
        }
        other => Err(other),
    }
}

/// A part of an `Fn::Sub` template or a catalog ARN template: literal text, or a `${name}`
/// reference whose `${` is at byte `at`. An unterminated `${` is literal text.
#[derive(Debug, PartialEq, Eq)]
enum SubPart<'s> {
    Text(&'s str),
    Var { at: usize, name: &'s str },
}

fn sub_parts(template: &str) -> Vec<SubPart<'_>> {
    let mut parts = Vec::new();
    let mut done = 0;
    while let Some(i) = template[done..].find("${") {
        let at = done + i;
        let Some(end) = template[at + 2..].find('}') else {
            break;
        };
        if at > done {
            parts.push(SubPart::Text(&template[done..at]));
        }
        parts.push(SubPart::Var {
            at,
            name: &template[at + 2..at + 2 + end],
        });
        done = at + 2 + end + 1;
    }
    if done < template.len() {
        parts.push(SubPart::Text(&template[done..]));
    }
    parts
}

/// `template` with each `${name}` replaced by what `replace` gives (kept when it gives
/// `None`), and whether anything was replaced.
fn substitute(template: &str, replace: impl FnMut(&str) -> Option<String>) -> (String, bool) {
    substitute_parts(template.len(), &sub_parts(template), replace)
}

/// [`substitute`] of a template already split into parts.
fn substitute_parts(
    len: usize,
    parts: &[SubPart],
    mut replace: impl FnMut(&str) -> Option<String>,
) -> (String, bool) {
    let mut out = String::with_capacity(len + 16);
    let mut changed = false;
    for part in parts {
        match part {
            SubPart::Text(t) => out.push_str(t),
            &SubPart::Var { name, .. } => match replace(name) {
                Some(r) => {
                    out.push_str(&r);
                    changed = true;
                }
                None => {
                    out.push_str("${");
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    (out, changed)
}

pub struct Lowering<'a> {
    text: &'a str,
    /// Logical ID -> resource type, for `Fn::GetAtt`.
    resources: Option<&'a HashMap<String, String>>,
    /// Host findings made while lowering (an IAM variable that `Fn::Sub` would resolve).
    pub findings: Vec<Finding>,
}

impl<'a> Lowering<'a> {
    pub fn new(text: &'a str, resources: Option<&'a HashMap<String, String>>) -> Self {
        Lowering {
            text,
            resources,
            findings: Vec::new(),
        }
    }

    /// `value` lowered. It takes the host's tree apart rather than copying it: the locator
    /// hands over each policy's subtree, which nothing else reads afterwards.
    pub fn lower(&mut self, value: Value) -> Value {
        let value = match intrinsic(value) {
            Ok(i) => return self.computed(i),
            Err(v) => v,
        };
        match value {
            Value::Object(o) => {
                let closed = o.closed && self.bracketed(o.range);
                Value::Object(Object {
                    range: o.range,
                    members: o
                        .members
                        .into_iter()
                        .map(|m| Member {
                            value: m.value.map(|v| self.lower(v)),
                            ..m
                        })
                        .collect(),
                    closed,
                })
            }
            Value::Array(a) => {
                let closed = a.closed && self.bracketed(a.range);
                let mut items = Vec::with_capacity(a.items.len());
                for item in a.items {
                    let lowered = self.lower(item);
                    self.push_flattened(lowered, &mut items);
                }
                Value::Array(Array {
                    range: a.range,
                    items,
                    closed,
                })
            }
            other => other,
        }
    }

    /// Whether a container is written with brackets (JSON, YAML flow style). A YAML block
    /// collection has none: it goes on to the end of its last item, and the cursor just after
    /// that item is still inside it (which completion needs), so it is not `closed`.
    fn bracketed(&self, range: TextRange) -> bool {
        matches!(
            self.text.as_bytes().get(range.start as usize),
            Some(b'{') | Some(b'[')
        )
    }

    /// Adds a lowered list item: both branches of an `Fn::If`, nothing for `AWS::NoValue`.
    fn push_flattened(&mut self, item: Value, items: &mut Vec<Value>) {
        match item {
            Value::Computed(c) if c.function == "Fn::If" => {
                if let Some(Value::Array(branches)) = c.arg.map(|a| *a) {
                    for b in branches.items {
                        self.push_flattened(b, items);
                    }
                }
            }
            Value::Computed(c) if c.function == "Ref" && ref_target(&c) == Some("AWS::NoValue") => {
            }
            other => items.push(other),
        }
    }

    fn computed(&mut self, c: Intrinsic) -> Value {
        let Intrinsic {
            range,
            function,
            function_range,
            arg,
        } = c;
        let known = match (function.as_str(), &arg) {
            ("Fn::Sub", Some(Value::String(s))) => Some(self.sub(s, None)),
            ("Fn::Sub", Some(Value::Array(a))) => match a.items.as_slice() {
                [Value::String(s)] => Some(self.sub(s, None)),
                [Value::String(s), Value::Object(vars)] => Some(self.sub(s, Some(vars))),
                _ => None,
            },
            ("Ref", Some(Value::String(s)))
                if s.value != "AWS::NoValue" && PSEUDO_PARAMETERS.contains(&s.value.as_str()) =>
            {
                Some(synthesized(range, format!("${{{}}}", s.value)))
            }
            ("Fn::GetAtt", Some(a)) => self.get_att(a).map(|arn| synthesized(range, arn)),
            ("Fn::Join", Some(Value::Array(a))) => {
                self.join(a).map(|text| synthesized(range, text))
            }
            _ => None,
        };
        if let Some(known) = known {
            return known;
        }
        // What stays computed keeps its argument: an `Fn::If`'s branches lowered (the policy
        // model reads both), a `Ref`'s target (`AWS::NoValue` is dropped from lists), others
        // as written.
        let arg = match (function.as_str(), arg) {
            ("Fn::If", Some(Value::Array(mut a))) if a.items.len() == 3 => {
                let branches = a.items.split_off(1);
                Some(Value::Array(Array {
                    items: branches.into_iter().map(|b| self.lower(b)).collect(),
                    ..a
                }))
            }
            // Unresolved: their arguments are of no use to the checks.
            ("Fn::Sub" | "Fn::Join", Some(Value::Array(_))) | ("Fn::GetAtt", Some(_)) => None,
            (_, arg) => arg,
        };
        Value::Computed(Computed {
            range,
            function,
            function_range,
            arg: arg.map(Box::new),
        })
    }

    /// `Fn::Sub`: the template string with `${!x}` unescaped; variables that the second
    /// argument gives as plain strings are substituted.
    fn sub(&mut self, s: &StringLit, vars: Option<&Object>) -> Value {
        let parts = sub_parts(&s.value);
        self.check_sub_variables(s, &parts);
        let (out, changed) =
            substitute_parts(s.value.len(), &parts, |name| match name.strip_prefix('!') {
                Some(literal) => Some(format!("${{{literal}}}")),
                None => vars
                    .and_then(|o| o.get(name))
                    .and_then(|m| m.value.as_ref())
                    .and_then(Value::as_string)
                    .map(|v| v.value.clone()),
            });
        Value::String(StringLit {
            range: s.range,
            value: out,
            terminated: s.terminated,
            has_escapes: s.has_escapes || changed,
        })
    }

    /// Inside `Fn::Sub`, `${aws:username}` is not an IAM policy variable: CloudFormation tries
    /// to resolve it and fails. It must be written `${!aws:username}`.
    fn check_sub_variables(&mut self, s: &StringLit, parts: &[SubPart]) {
        for part in parts {
            let &SubPart::Var { at: start, name } = part else {
                continue;
            };
            let end = name.len();
            if name.starts_with('!') || !name.contains(':') || name.contains("::") {
                continue;
            }
            let message = format!(
                "Fn::Sub resolves \"${{{name}}}\" itself and fails: write \"${{!{name}}}\" to pass the IAM policy variable through"
            );
            let range = s.content_range();
            let mut finding = super::finding(&CFN_SUB_POLICY_VARIABLE, s.range, message);
            // The fix inserts `!` after `${`, where the string's text maps one to one.
            if !s.has_escapes {
                let at = range.start as usize + start + 2;
                if self.text.get(at - 2..at) == Some("${") {
                    finding.range = TextRange::new(at - 2, at + end + 1);
                    finding.fixes.push(crate::analysis::Fix {
                        title: format!("Escape it: ${{!{name}}}"),
                        edits: vec![crate::analysis::Edit {
                            range: TextRange::new(at, at),
                            text: "!".into(),
                        }],
                        preferred: true,
                    });
                }
            }
            self.findings.push(finding);
        }
    }

    /// The ARN `Fn::GetAtt X.Arn` returns, when X is a resource of the template whose type the
    /// catalog knows.
    fn get_att(&self, arg: &Value) -> Option<String> {
        let (logical, attribute) = match arg {
            Value::String(s) => s.value.split_once('.').map(|(a, b)| (a.to_string(), b))?,
            Value::Array(a) => match a.items.as_slice() {
                [Value::String(l), Value::String(at)] => (l.value.clone(), at.value.as_str()),
                _ => return None,
            },
            _ => return None,
        };
        if attribute != "Arn" {
            return None;
        }
        let resource_type = self.resources?.get(&logical)?;
        let template = arn_template(resource_type)?;
        Some(cfn_arn(template, &logical))
    }

    /// `Fn::Join [delimiter, [parts]]` of strings and references.
    fn join(&mut self, a: &Array) -> Option<String> {
        let [Value::String(delimiter), Value::Array(parts)] = a.items.as_slice() else {
            return None;
        };
        let mut pieces = Vec::with_capacity(parts.items.len());
        for part in &parts.items {
            let piece = match self.lower(part.clone()) {
                Value::String(s) => s.value,
                Value::Computed(c) => placeholder(&c)?,
                _ => return None,
            };
            pieces.push(piece);
        }
        Some(pieces.join(&delimiter.value))
    }
}

/// A string the lowering made (not written as such): its range is the node's, and no offset
/// inside it maps to the text.
fn synthesized(range: TextRange, value: String) -> Value {
    Value::String(StringLit {
        range,
        value,
        terminated: true,
        has_escapes: true,
    })
}

/// What a computed part stands for inside a joined string: `${Name}`, an unknown value.
fn placeholder(c: &Computed) -> Option<String> {
    let name = match (c.function.as_str(), c.arg.as_deref()) {
        ("Ref", Some(Value::String(s))) => s.value.clone(),
        ("Fn::GetAtt", Some(Value::String(s))) => s.value.clone(),
        ("Fn::GetAtt", Some(Value::Array(a))) => a
            .items
            .iter()
            .filter_map(Value::as_string)
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join("."),
        (f, _) => f.to_string(),
    };
    Some(format!("${{{name}}}"))
}

fn ref_target(c: &Computed) -> Option<&str> {
    c.arg.as_deref()?.as_string().map(|s| s.value.as_str())
}

/// The catalog's ARN template for a CloudFormation resource type: `AWS::S3::Bucket` is the
/// `s3` service's `bucket` resource type, `AWS::Logs::LogGroup` is `logs`' `log-group`. Names
/// are compared without case, `-` and `_`; a type the catalog does not name gets `None`.
pub fn arn_template(resource_type: &str) -> Option<&'static str> {
    let mut parts = resource_type.split("::");
    let (Some("AWS"), Some(service), Some(name), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let service = catalog::service(service)?;
    let rt = service
        .resource_types()
        .iter()
        .find(|rt| normalized(rt.name).eq(normalized(name)))?;
    rt.arns.first().copied()
}

/// A name's letters without `-` and `_`, lowercased: how a CloudFormation type name and a
/// catalog resource type name are compared.
fn normalized(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes()
        .filter(|b| *b != b'-' && *b != b'_')
        .map(|b| b.to_ascii_lowercase())
}

/// A catalog ARN template in CloudFormation's words: `${Partition}` is `${AWS::Partition}`,
/// `${Region}` `${AWS::Region}`, `${Account}` `${AWS::AccountId}`, and the resource's own
/// name parts are the resource's (unknown) values.
fn cfn_arn(template: &str, logical: &str) -> String {
    substitute(template, |name| {
        Some(match name {
            "Partition" => "${AWS::Partition}".to_string(),
            "Region" => "${AWS::Region}".to_string(),
            "Account" => "${AWS::AccountId}".to_string(),
            other => format!("${{{logical}.{other}}}"),
        })
    })
    .0
}

// The rules this module reports (collected in `crate::registry`).

pub const CFN_SUB_POLICY_VARIABLE: Rule = Rule {
    code: "cfn-sub-policy-variable",
    severity: crate::analysis::Severity::Error,
    summary: "An IAM policy variable inside CloudFormation's Fn::Sub written ${aws:username}: CloudFormation tries to resolve it and rejects the template. Write ${!aws:username}.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Document(
        r#"AWSTemplateFormatVersion: '2010-09-09'
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Sub "arn:${AWS::Partition}:s3:::b/${aws:username}/*"
"#,
    ),
    good: Example::Document(
        r#"AWSTemplateFormatVersion: '2010-09-09'
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Sub "arn:${AWS::Partition}:s3:::b/${!aws:username}/*"
"#,
    ),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_templates_come_from_the_catalog() {
        assert_eq!(
            arn_template("AWS::S3::Bucket"),
            Some("arn:${Partition}:s3:::${BucketName}")
        );
        assert!(arn_template("AWS::Logs::LogGroup").is_some());
        assert!(arn_template("AWS::DynamoDB::Table").is_some());
        assert!(arn_template("Custom::Thing").is_none());
        assert_eq!(
            cfn_arn("arn:${Partition}:s3:::${BucketName}", "Bucket"),
            "arn:${AWS::Partition}:s3:::${Bucket.BucketName}"
        );
    }

    #[test]
    fn sub_templates_split_into_text_and_references() {
        assert_eq!(
            sub_parts("a${B}c${!d}${e"),
            [
                SubPart::Text("a"),
                SubPart::Var { at: 1, name: "B" },
                SubPart::Text("c"),
                SubPart::Var { at: 6, name: "!d" },
                SubPart::Text("${e"),
            ]
        );
        assert_eq!(
            substitute("x${A}y", |_| None),
            ("x${A}y".to_string(), false)
        );
        assert_eq!(
            substitute("${A}", |n| Some(n.to_lowercase())),
            ("a".to_string(), true)
        );
    }

    #[test]
    fn short_and_long_names() {
        assert_eq!(function_name("!Sub"), "Fn::Sub");
        assert_eq!(function_name("!Ref"), "Ref");
        assert_eq!(function_name("Fn::Join"), "Fn::Join");
    }
}
