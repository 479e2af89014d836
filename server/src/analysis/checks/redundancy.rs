//! Statements that repeat another statement: same effect, principals, actions, resources and
//! conditions (in any order, whatever their Sid).

use super::util::remove_item;
use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Fix, Sink};
use crate::policy::Policy;
use crate::syntax::{TextRange, Value};
use std::collections::HashMap;

pub fn check(_ctx: &Ctx, policy: &Policy, sink: &mut Sink) {
    if policy.statements.len() < 2 {
        return;
    }
    let array = policy
        .statement
        .and_then(|m| m.value.as_ref())
        .and_then(Value::as_array);
    // A cheap signature first (element names and how many entries each has): only statements
    // that share one with another statement are worth the canonical text, which for a statement
    // of thousands of actions costs a sort.
    fn signature(obj: &crate::syntax::Object) -> Vec<(&str, usize)> {
        let mut sig: Vec<(&str, usize)> = obj
            .members
            .iter()
            .filter(|m| m.key.value != "Sid")
            .map(|m| {
                let n = match &m.value {
                    Some(Value::Array(a)) => a.items.len(),
                    Some(Value::Object(o)) => o.members.len(),
                    _ => 1,
                };
                (m.key.value.as_str(), n)
            })
            .collect();
        sig.sort_unstable();
        sig
    }
    let signatures: Vec<Option<Vec<(&str, usize)>>> = policy
        .statements
        .iter()
        .map(|st| st.object.map(signature))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(policy.statements.len());
    for (i, st) in policy.statements.iter().enumerate() {
        let Some(obj) = st.object else { continue };
        let shared = signatures
            .iter()
            .enumerate()
            .any(|(j, s)| j != i && s.is_some() && *s == signatures[i]);
        if !shared {
            continue;
        }
        let mut members: Vec<String> = obj
            .members
            .iter()
            .filter(|m| m.key.value != "Sid")
            .map(|m| {
                let fold = matches!(m.key.value.as_str(), "Action" | "NotAction");
                let mut out = format!("{}=", m.key.value);
                canon(m.value.as_ref(), fold, &mut out);
                out
            })
            .collect();
        members.sort_unstable();
        let key = members.join(";");
        if let Some(first) = seen.get(&key) {
            let anchor = TextRange::new(obj.range.start as usize, obj.range.start as usize + 1);
            if let Some(f) = sink.report(
                &REDUNDANT_STATEMENT,
                anchor,
                format!(
                    "This statement grants exactly what statement {} already does: remove it (a later edit to only one of them would change the policy unexpectedly)",
                    first + 1
                ),
            )
                && let Some(a) = array
                    && let Some(i) = a.items.iter().position(|it| it.range() == obj.range)
                        && let Some(edit) = remove_item(a, i) {
                            f.fixes.push(Fix {
                                title: "Remove the repeated statement".into(),
                                edits: vec![edit],
                                preferred: true,
                            });
                        }
        } else {
            seen.insert(key, st.index);
        }
    }
}

/// A canonical text for a value: a string and a one-string array are the same set, arrays are
/// sets (sorted, without repeats), object members are sorted by key.
fn canon(value: Option<&Value>, fold: bool, out: &mut String) {
    let atom = |v: &Value, out: &mut String| match v {
        Value::String(s) => {
            out.push('"');
            if fold {
                out.push_str(&s.value.to_ascii_lowercase());
            } else {
                out.push_str(&s.value);
            }
            out.push('"');
        }
        Value::Number(s) | Value::Bool(s) | Value::Null(s) | Value::Error(s) => {
            out.push_str(&s.text)
        }
        _ => {}
    };
    match value {
        None => {}
        Some(Value::Array(a)) => {
            let mut items: Vec<String> = a
                .items
                .iter()
                .map(|v| {
                    let mut s = String::new();
                    match v {
                        Value::Object(_) | Value::Array(_) => canon(Some(v), fold, &mut s),
                        _ => atom(v, &mut s),
                    }
                    s
                })
                .collect();
            items.sort_unstable();
            items.dedup();
            out.push('[');
            out.push_str(&items.join(","));
            out.push(']');
        }
        Some(Value::Object(o)) => {
            let mut members: Vec<String> = o
                .members
                .iter()
                .map(|m| {
                    let mut s = format!("{:?}:", m.key.value);
                    canon(m.value.as_ref(), fold, &mut s);
                    s
                })
                .collect();
            members.sort_unstable();
            out.push('{');
            out.push_str(&members.join(","));
            out.push('}');
        }
        Some(v) => {
            out.push('[');
            atom(v, out);
            out.push(']');
        }
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const REDUNDANT_STATEMENT: Rule = Rule {
    code: "redundant-statement",
    severity: crate::analysis::Severity::Information,
    summary: "A statement that repeats another one (same effect, principals, actions, resources and conditions).",
    access_analyzer: &["REDUNDANT_STATEMENT"],
    kind: None,
    bad: Example::Statements(
        r#"{"Sid": "A", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": ["s3:getobject", "s3:ListBucket"], "Resource": ["*"]}"#,
    ),
    good: Example::Statements(
        r#"{"Sid": "A", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}"#,
    ),
};
