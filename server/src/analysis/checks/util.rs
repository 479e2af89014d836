//! Helpers shared by the checks: walking condition keys, reading condition values of any JSON
//! scalar type, what a condition yields for a missing key, and edits that remove a member or an
//! array item together with its comma.

use crate::analysis::{Edit, Fix, Sink};
use crate::catalog::glob_match_ci;
use crate::policy::{ConditionOperator, OperatorFamily, SetQualifier, Statement, parse_operator};
use crate::syntax::{Array, Member, Object, TextRange, Value};

/// Reports `code` for a value of the wrong JSON type at its range, `message` made from the
/// type's name ("an array"). A computed value (an intrinsic function its host resolves, see
/// `crate::host::lower`) is never the wrong type: nothing is reported, and `false` returned.
pub fn wrong_type(
    sink: &mut Sink,
    rule: &'static crate::analysis::Rule,
    v: &Value,
    message: impl FnOnce(&str) -> String,
) -> bool {
    if matches!(v, Value::Computed(_)) {
        return false;
    }
    sink.report(rule, v.range(), message(v.kind_name()));
    true
}

/// One condition key of a statement, with its operator.
pub struct CondKey<'a> {
    pub op_member: &'a Member,
    /// `None` for an unknown operator (reported elsewhere).
    pub op: Option<ConditionOperator>,
    pub key: &'a Member,
}

impl<'a> CondKey<'a> {
    pub fn name(&self) -> &'a str {
        self.key.key.value.as_str()
    }
    pub fn op_name(&self) -> &'a str {
        self.op_member.key.value.as_str()
    }
    pub fn is(&self, name: &str) -> bool {
        self.name().eq_ignore_ascii_case(name)
    }
    pub fn values(&self) -> Vec<ScalarRef<'a>> {
        scalars(self.key.value.as_ref())
    }
}

/// Every condition key of the statement, in document order.
pub fn condition_keys<'a>(st: &Statement<'a>) -> Vec<CondKey<'a>> {
    let mut out = Vec::new();
    for (op_member, keys) in st.conditions() {
        let op = parse_operator(&op_member.key.value);
        for key in keys {
            out.push(CondKey { op_member, op, key });
        }
    }
    out
}

/// Whether the statement's Condition names `key` (case-insensitive) under any operator.
pub fn has_key(keys: &[CondKey], key: &str) -> bool {
    keys.iter().any(|k| k.is(key))
}

/// A scalar condition value (a string, number or boolean), with its text and ranges.
#[derive(Clone, Copy, Debug)]
pub struct ScalarRef<'a> {
    pub text: &'a str,
    /// The whole token (with quotes for a string).
    pub range: TextRange,
    /// The text between the quotes for a string, the token for other scalars.
    pub content: TextRange,
    pub is_string: bool,
    /// A string whose raw text differs from its value (edits at value offsets are unsafe).
    pub escaped: bool,
}

/// The scalars of a value that is a scalar or an array of scalars.
pub fn scalars(value: Option<&Value>) -> Vec<ScalarRef<'_>> {
    fn one(v: &Value) -> Option<ScalarRef<'_>> {
        match v {
            Value::String(s) => Some(ScalarRef {
                text: &s.value,
                range: s.range,
                content: s.content_range(),
                is_string: true,
                escaped: s.has_escapes || !s.terminated,
            }),
            Value::Number(n) | Value::Bool(n) => Some(ScalarRef {
                text: &n.text,
                range: n.range,
                content: n.range,
                is_string: false,
                escaped: false,
            }),
            _ => None,
        }
    }
    match value {
        Some(Value::Array(a)) => a.items.iter().filter_map(one).collect(),
        Some(v) => one(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// What the condition evaluates to when the key is missing from the request: `IfExists` and
/// `ForAllValues:` are true, `ForAnyValue:` is false, a negated operator is true and a positive
/// one false. `None` for `Null`, whose result depends on its value.
pub fn absent_result(op: &ConditionOperator) -> Option<bool> {
    if op.family() == OperatorFamily::Null {
        return None;
    }
    if op.if_exists {
        return Some(true);
    }
    Some(match op.qualifier {
        Some(SetQualifier::ForAllValues) => true,
        Some(SetQualifier::ForAnyValue) => false,
        None => op.base.negated,
    })
}

/// Whether one of the statement's `Action` entries grants `action` (wildcards count).
pub fn statement_grants(st: &Statement, action: &str) -> bool {
    st.actions().iter().any(|a| glob_match_ci(&a.value, action))
}

/// An edit that removes member `index` of `object` with the comma that separates it. `None`
/// when it is the object's only member.
pub fn remove_member(object: &Object, index: usize) -> Option<Edit> {
    let ranges: Vec<TextRange> = object.members.iter().map(|m| m.range).collect();
    remove_span(&ranges, index)
}

/// An edit that removes item `index` of `array` with its comma. `None` for a lone item.
pub fn remove_item(array: &Array, index: usize) -> Option<Edit> {
    let ranges: Vec<TextRange> = array.items.iter().map(Value::range).collect();
    remove_span(&ranges, index)
}

fn remove_span(ranges: &[TextRange], index: usize) -> Option<Edit> {
    if ranges.len() < 2 || index >= ranges.len() {
        return None;
    }
    let range = if index + 1 < ranges.len() {
        TextRange {
            start: ranges[index].start,
            end: ranges[index + 1].start,
        }
    } else {
        TextRange {
            start: ranges[index - 1].end,
            end: ranges[index].end,
        }
    };
    Some(Edit {
        range,
        text: String::new(),
    })
}

/// A fix that removes the condition key `key` (under operator `op_member`) from the statement:
/// the key when its operator block has others, else the operator block when the Condition has
/// others, else the whole Condition element.
pub fn remove_condition_key(
    st: &Statement,
    op_member: &Member,
    key: &Member,
    title: &str,
) -> Option<Fix> {
    let edit = (|| {
        let block = op_member.value.as_ref()?.as_object()?;
        if block.members.len() > 1 {
            let i = block.members.iter().position(|m| std::ptr::eq(m, key))?;
            return remove_member(block, i);
        }
        let condition = st.condition?;
        let ops = condition.value.as_ref()?.as_object()?;
        if ops.members.len() > 1 {
            let i = ops
                .members
                .iter()
                .position(|m| std::ptr::eq(m, op_member))?;
            return remove_member(ops, i);
        }
        let object = st.object?;
        let i = object
            .members
            .iter()
            .position(|m| std::ptr::eq(m, condition))?;
        remove_member(object, i)
    })()?;
    Some(Fix {
        title: title.to_string(),
        edits: vec![edit],
        preferred: true,
    })
}

/// JSON text for a string.
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// `"a", "b" and "c"`.
pub fn quote_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Whether a value holds a policy variable or an IAM wildcard (and so is not a literal).
pub fn is_pattern(text: &str) -> bool {
    text.contains("${") || text.contains(['*', '?'])
}
