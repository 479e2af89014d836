//! "What is at this offset?", answered once for every feature (completion, hover, code actions).
//!
//! [`locate`] walks the syntax tree down to the offset and returns the chain of containers; then
//! [`cursor_context`] reads that chain with the policy grammar: which element, which statement,
//! which part of a condition, and the string (if any) the cursor is in.

use crate::syntax::{Array, Member, Object, Parse, StringLit, TextRange, Value};

/// One step of the path from the root to the offset.
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    /// Inside an object, between its braces.
    Object(&'a Object),
    /// Inside an array, between its brackets.
    Array(&'a Array),
    /// The value side of a member (after the colon, or where the value would be).
    MemberValue(&'a Member),
}

/// What the offset is on, at the end of the path.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// Inside a property name (a string or a bare word being typed).
    Key(&'a Member),
    /// Inside a string value.
    String(&'a StringLit),
    /// On a scalar value (number, bool, null, bare word).
    Scalar(&'a Value),
    /// In an empty slot: where a key (in an object) or a value (after a colon, in an array) goes.
    Gap,
    /// Just after a bare word and a colon, with nothing after them: a key without a value (the
    /// only member of its object), or a value that is being typed and holds a colon, which YAML
    /// reads as a key (`- ec2:`, `Resource: arn:`). [`cursor_context`] tells which.
    WordColon(&'a Member),
}

#[derive(Debug)]
pub struct Location<'a> {
    pub path: Vec<Step<'a>>,
    pub target: Target<'a>,
}

/// Whether the offset is inside a string literal's text: between the quotes, or after the
/// opening quote of an unterminated string.
pub fn in_string(s: &StringLit, offset: usize) -> bool {
    let content = s.content_range();
    content.start as usize <= offset && offset <= content.end as usize
}

/// Whether the offset is inside a container: after its opening bracket and before its closing
/// one (anywhere after the opening bracket when the closing one is missing).
fn inside_container(range: TextRange, closed: bool, offset: usize) -> bool {
    offset > range.start as usize && (!closed || offset < range.end as usize)
}

/// Walks from the root to the offset.
pub fn locate(parse: &Parse, offset: usize) -> Location<'_> {
    let mut path = Vec::new();
    let Some(root) = parse.root.as_ref() else {
        return Location {
            path,
            target: Target::Gap,
        };
    };
    let target = walk(root, offset, &mut path);
    Location { path, target }
}

fn walk<'a>(value: &'a Value, offset: usize, path: &mut Vec<Step<'a>>) -> Target<'a> {
    match value {
        Value::Object(o) => {
            if !inside_container(o.range, o.closed, offset) {
                return Target::Gap;
            }
            path.push(Step::Object(o));
            let count = o.members.len();
            for (i, m) in o.members.iter().enumerate() {
                if key_contains(&m.key, offset) {
                    return Target::Key(m);
                }
                if let Some(v) = &m.value
                    && value_contains(v, offset, i + 1 == count)
                {
                    path.push(Step::MemberValue(m));
                    return walk(v, offset, path);
                }
                if let Some(colon) = m.colon
                    && m.value.is_none()
                    && count == 1
                    && offset == colon as usize + 1
                    && m.key.range.len() == m.key.value.len()
                {
                    return Target::WordColon(m);
                }
                // After the colon but before (or without) a value: the value slot.
                if let Some(colon) = m.colon {
                    let after_colon = offset > colon as usize;
                    let before_value = match &m.value {
                        Some(v) => offset < v.range().start as usize,
                        None => offset <= line_end_bound(m, o),
                    };
                    if after_colon && before_value {
                        path.push(Step::MemberValue(m));
                        return Target::Gap;
                    }
                }
            }
            Target::Gap
        }
        Value::Array(a) => {
            if !inside_container(a.range, a.closed, offset) {
                return Target::Gap;
            }
            path.push(Step::Array(a));
            let count = a.items.len();
            for (i, item) in a.items.iter().enumerate() {
                if value_contains(item, offset, i + 1 == count) {
                    return walk(item, offset, path);
                }
            }
            Target::Gap
        }
        Value::String(s) => {
            if in_string(s, offset) {
                Target::String(s)
            } else {
                Target::Gap
            }
        }
        other => Target::Scalar(other),
    }
}

/// The furthest offset that still counts as "the value slot" of a member without a value: up to
/// the next member's key, or the object's end.
fn line_end_bound(m: &Member, o: &Object) -> usize {
    let next = o
        .members
        .iter()
        .map(|n| n.range.start as usize)
        .filter(|s| *s > m.range.start as usize)
        .min();
    next.unwrap_or(o.range.end as usize)
}

/// A key is quoted when its raw text is longer than its value (the quotes); a bare word being
/// typed (`{ Eff`) has no quotes and counts from its first character to just after its last.
fn key_contains(key: &StringLit, offset: usize) -> bool {
    if key.range.len() > key.value.len() {
        in_string(key, offset)
    } else {
        key.range.touches(offset)
    }
}

/// Whether `offset` is in a member's value or an array item. A container without a closing
/// bracket reaches to the end of its parent when it is the last one there (JSON being typed:
/// everything after it belongs to it); otherwise to its last item, as a YAML block collection
/// (which has no brackets) does.
fn value_contains(v: &Value, offset: usize, last: bool) -> bool {
    let container = |range: TextRange, closed: bool| {
        inside_container(range, closed, offset) && (closed || last || offset <= range.end as usize)
    };
    match v {
        Value::String(s) => in_string(s, offset),
        Value::Object(o) => container(o.range, o.closed),
        Value::Array(a) => container(a.range, a.closed),
        other => other.range().touches(offset),
    }
}

// ---------------------------------------------------------------------------------------------
// The policy reading of a location.

/// The policy element a value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind<'a> {
    Version,
    Id,
    Sid,
    Effect,
    /// `Action` (false) or `NotAction` (true).
    Action(bool),
    Resource(bool),
    /// A value under a Principal kind (`AWS`, `Service`, ...), or `Principal: "*"` (kind None).
    Principal(Option<&'a str>),
    /// A condition value: the operator and key it belongs to.
    ConditionValue {
        operator: &'a str,
        key: &'a str,
    },
    /// Somewhere the grammar does not define.
    Unknown,
}

/// Where a key being typed goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind<'a> {
    TopLevel,
    Statement,
    PrincipalKind,
    ConditionOperator,
    ConditionKey { operator: &'a str },
    Unknown,
}

#[derive(Debug)]
pub struct CursorContext<'a> {
    /// The statement object the cursor is in, if any.
    pub statement: Option<&'a Object>,
    /// The object whose key slot the cursor is in (for key contexts).
    pub object: Option<&'a Object>,
    pub slot: Slot<'a>,
}

#[derive(Debug)]
pub enum Slot<'a> {
    /// A key position. `member` is the member whose key the cursor is in (None in a gap).
    Key {
        kind: KeyKind<'a>,
        member: Option<&'a Member>,
    },
    /// A value position. `string` is the string the cursor is in (None in an empty slot);
    /// `scalar` the range of a bare word or other scalar under the cursor.
    Value {
        kind: ValueKind<'a>,
        string: Option<&'a StringLit>,
        scalar: Option<TextRange>,
    },
    Nothing,
}

fn is(name: &str, expected: &str) -> bool {
    name.eq_ignore_ascii_case(expected)
}

/// Reads a location as a policy position.
pub fn cursor_context<'a>(loc: &Location<'a>) -> CursorContext<'a> {
    // Names of the members on the path, innermost last; `objects` counts object steps.
    let mut members: Vec<&'a Member> = Vec::new();
    let mut objects: Vec<&'a Object> = Vec::new();
    let mut statement: Option<&'a Object> = None;
    let mut in_statement_list = false;
    for (i, step) in loc.path.iter().enumerate() {
        match step {
            Step::Object(o) => {
                objects.push(o);
                // A statement object: directly under Statement, or an item of Statement's array.
                if members.len() == 1 && is(&members[0].key.value, "Statement") {
                    let parent_is_member =
                        matches!(loc.path.get(i.wrapping_sub(1)), Some(Step::MemberValue(_)));
                    if parent_is_member || in_statement_list {
                        statement = Some(o);
                    }
                }
            }
            Step::Array(_) => {
                if members.len() == 1 && is(&members[0].key.value, "Statement") {
                    in_statement_list = true;
                }
            }
            Step::MemberValue(m) => members.push(m),
        }
    }
    let object = objects.last().copied();
    let names: Vec<&'a str> = members.iter().map(|m| m.key.value.as_str()).collect();

    let slot = match loc.target {
        Target::Key(member) => Slot::Key {
            kind: key_kind(&names, objects.len(), statement.is_some()),
            member: Some(member),
        },
        Target::Gap => {
            // In an object with no member value step after it: a key slot.
            match loc.path.last() {
                Some(Step::Object(_)) => Slot::Key {
                    kind: key_kind(&names, objects.len(), statement.is_some()),
                    member: None,
                },
                Some(_) => Slot::Value {
                    kind: value_kind(&names, statement.is_some()),
                    string: None,
                    scalar: None,
                },
                None => Slot::Nothing,
            }
        }
        Target::String(s) => Slot::Value {
            kind: value_kind(&names, statement.is_some()),
            string: Some(s),
            scalar: None,
        },
        Target::Scalar(v) => Slot::Value {
            kind: value_kind(&names, statement.is_some()),
            string: None,
            scalar: Some(v.range()),
        },
        Target::WordColon(member) => {
            // The object is the word's own when it stands where a value goes (its parent step
            // is a member's value or an array) that can hold a colon: then the word and the
            // colon are the value typed so far.
            let parent = loc.path.len().checked_sub(2).map(|i| &loc.path[i]);
            let kind = value_kind(&names, statement.is_some());
            let holds_colons = matches!(
                kind,
                ValueKind::Action(_)
                    | ValueKind::Resource(_)
                    | ValueKind::Principal(Some(_))
                    | ValueKind::ConditionValue { .. }
            );
            if holds_colons && matches!(parent, Some(Step::Array(_) | Step::MemberValue(_))) {
                let typed = TextRange::new(
                    member.key.range.start as usize,
                    member.key.range.end as usize + 1,
                );
                return CursorContext {
                    statement,
                    object: objects.len().checked_sub(2).map(|i| objects[i]),
                    slot: Slot::Value {
                        kind,
                        string: None,
                        scalar: Some(typed),
                    },
                };
            }
            // Otherwise the value slot of the key, as after any colon.
            let mut names = names;
            names.push(member.key.value.as_str());
            Slot::Value {
                kind: value_kind(&names, statement.is_some()),
                string: None,
                scalar: None,
            }
        }
    };
    CursorContext {
        statement,
        object,
        slot,
    }
}

fn key_kind<'a>(names: &[&'a str], objects: usize, in_statement: bool) -> KeyKind<'a> {
    match names {
        [] if objects == 1 => KeyKind::TopLevel,
        [st] if is(st, "Statement") && in_statement => KeyKind::Statement,
        [st, p] if is(st, "Statement") && (is(p, "Principal") || is(p, "NotPrincipal")) => {
            KeyKind::PrincipalKind
        }
        [st, c] if is(st, "Statement") && is(c, "Condition") => KeyKind::ConditionOperator,
        [st, c, op] if is(st, "Statement") && is(c, "Condition") => {
            KeyKind::ConditionKey { operator: op }
        }
        _ => KeyKind::Unknown,
    }
}

fn value_kind<'a>(names: &[&'a str], in_statement: bool) -> ValueKind<'a> {
    match names {
        [v] if is(v, "Version") => ValueKind::Version,
        [v] if is(v, "Id") => ValueKind::Id,
        [st, e] if is(st, "Statement") && in_statement => match () {
            _ if is(e, "Sid") => ValueKind::Sid,
            _ if is(e, "Effect") => ValueKind::Effect,
            _ if is(e, "Action") => ValueKind::Action(false),
            _ if is(e, "NotAction") => ValueKind::Action(true),
            _ if is(e, "Resource") => ValueKind::Resource(false),
            _ if is(e, "NotResource") => ValueKind::Resource(true),
            _ if is(e, "Principal") || is(e, "NotPrincipal") => ValueKind::Principal(None),
            _ => ValueKind::Unknown,
        },
        [st, p, kind] if is(st, "Statement") && (is(p, "Principal") || is(p, "NotPrincipal")) => {
            ValueKind::Principal(Some(kind))
        }
        [st, c, op, key] if is(st, "Statement") && is(c, "Condition") => {
            ValueKind::ConditionValue { operator: op, key }
        }
        _ => ValueKind::Unknown,
    }
}

/// The context at an offset, in one call.
pub fn context_at(parse: &Parse, offset: usize) -> CursorContext<'_> {
    let loc = locate(parse, offset);
    cursor_context(&loc)
}
