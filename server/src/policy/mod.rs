//! Reads a syntax tree as an IAM policy: the one place that knows the policy grammar (element
//! names, which elements a statement may hold, which take strings or arrays) and the policy kinds.
//!
//! The model borrows from the [`crate::syntax::Parse`] it was built from and is cheap to build
//! (it only walks the top level and each statement's members), so features build it per request
//! instead of caching it.

mod elements;
mod kind;
pub mod resource_policy;

pub use elements::{
    BaseOperator, CONDITION_OPERATORS, ConditionOperator, ElementInfo, OperatorFamily,
    PRINCIPAL_KINDS, STATEMENT_ELEMENTS, SetQualifier, TOP_LEVEL_ELEMENTS, VERSIONS, element_info,
    parse_operator,
};
pub use kind::{KindReason, PolicyKind, PrincipalTypeProblem, infer_kind, one_service};

use crate::syntax::{Member, Object, Parse, StringLit, Value};

/// A policy document: the top-level object and its statements.
#[derive(Debug)]
pub struct Policy<'a> {
    pub root: &'a Object,
    pub version: Option<&'a Member>,
    pub id: Option<&'a Member>,
    /// The `Statement` member, when present.
    pub statement: Option<&'a Member>,
    pub statements: Vec<Statement<'a>>,
}

/// One statement object.
#[derive(Debug, Default)]
pub struct Statement<'a> {
    pub object: Option<&'a Object>,
    /// Position in the `Statement` array (0 for a single statement object).
    pub index: usize,
    pub sid: Option<&'a Member>,
    pub effect: Option<&'a Member>,
    pub principal: Option<&'a Member>,
    pub not_principal: Option<&'a Member>,
    pub action: Option<&'a Member>,
    pub not_action: Option<&'a Member>,
    pub resource: Option<&'a Member>,
    pub not_resource: Option<&'a Member>,
    pub condition: Option<&'a Member>,
}

impl<'a> Policy<'a> {
    /// Reads the parse as a policy; `None` when the root is not an object.
    pub fn from_parse(parse: &'a Parse) -> Option<Policy<'a>> {
        let root = parse.root.as_ref()?.as_object()?;
        let mut policy = Policy {
            root,
            version: None,
            id: None,
            statement: None,
            statements: Vec::new(),
        };
        for m in &root.members {
            match m.key.value.as_str() {
                "Version" if policy.version.is_none() => policy.version = Some(m),
                "Id" if policy.id.is_none() => policy.id = Some(m),
                "Statement" if policy.statement.is_none() => policy.statement = Some(m),
                _ => {}
            }
        }
        if let Some(value) = policy.statement.and_then(|m| m.value.as_ref()) {
            match value {
                Value::Object(o) => policy.statements.push(Statement::from_object(o, 0)),
                Value::Array(a) => {
                    for (i, item) in a.items.iter().enumerate() {
                        if let Value::Object(o) = item {
                            policy.statements.push(Statement::from_object(o, i));
                        }
                    }
                }
                _ => {}
            }
        }
        Some(policy)
    }

    /// The statement whose object contains `offset`.
    pub fn statement_at(&self, offset: usize) -> Option<&Statement<'a>> {
        self.statements
            .iter()
            .find(|s| s.object.is_some_and(|o| o.range.touches(offset)))
    }

    /// The `Version` value when it is a string.
    pub fn version_value(&self) -> Option<&'a str> {
        self.version?
            .value
            .as_ref()?
            .as_string()
            .map(|s| s.value.as_str())
    }
}

impl<'a> Statement<'a> {
    pub fn from_object(object: &'a Object, index: usize) -> Statement<'a> {
        let mut s = Statement {
            object: Some(object),
            index,
            ..Default::default()
        };
        for m in &object.members {
            let slot = match m.key.value.as_str() {
                "Sid" => &mut s.sid,
                "Effect" => &mut s.effect,
                "Principal" => &mut s.principal,
                "NotPrincipal" => &mut s.not_principal,
                "Action" => &mut s.action,
                "NotAction" => &mut s.not_action,
                "Resource" => &mut s.resource,
                "NotResource" => &mut s.not_resource,
                "Condition" => &mut s.condition,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(m);
            }
        }
        s
    }

    /// The Effect's value when it is a string.
    pub fn effect_value(&self) -> Option<&'a str> {
        self.effect?
            .value
            .as_ref()?
            .as_string()
            .map(|s| s.value.as_str())
    }

    pub fn is_allow(&self) -> bool {
        self.effect_value() == Some("Allow")
    }

    pub fn sid_value(&self) -> Option<&'a str> {
        self.sid?
            .value
            .as_ref()?
            .as_string()
            .map(|s| s.value.as_str())
    }

    /// `Action` or `NotAction` (whichever is present, Action first) and whether it is the Not form.
    pub fn action_element(&self) -> Option<(&'a Member, bool)> {
        self.action
            .map(|m| (m, false))
            .or(self.not_action.map(|m| (m, true)))
    }

    /// `Action` and `NotAction`, whichever are present: every element that holds action names.
    pub fn action_members(&self) -> impl Iterator<Item = &'a Member> + use<'a> {
        [self.action, self.not_action].into_iter().flatten()
    }

    pub fn resource_element(&self) -> Option<(&'a Member, bool)> {
        self.resource
            .map(|m| (m, false))
            .or(self.not_resource.map(|m| (m, true)))
    }

    pub fn principal_element(&self) -> Option<(&'a Member, bool)> {
        self.principal
            .map(|m| (m, false))
            .or(self.not_principal.map(|m| (m, true)))
    }

    /// The action strings of `Action` (not `NotAction`).
    pub fn actions(&self) -> Vec<&'a StringLit> {
        self.action.map(member_strings).unwrap_or_default()
    }

    pub fn resources(&self) -> Vec<&'a StringLit> {
        self.resource.map(member_strings).unwrap_or_default()
    }

    /// The condition blocks: `(operator member, [(key member, values)])`.
    pub fn conditions(&self) -> Vec<(&'a Member, Vec<&'a Member>)> {
        let Some(Value::Object(ops)) = self.condition.and_then(|m| m.value.as_ref()) else {
            return Vec::new();
        };
        ops.members
            .iter()
            .map(|op| {
                let keys = match &op.value {
                    Some(Value::Object(o)) => o.members.iter().collect(),
                    _ => Vec::new(),
                };
                (op, keys)
            })
            .collect()
    }
}

/// The strings of an element that takes "a string or an array of strings" (Action, Resource,
/// condition values, principal values). Non-string items are skipped (the analysis reports them).
pub fn member_strings(member: &Member) -> Vec<&StringLit> {
    value_strings(member.value.as_ref())
}

/// A computed value that the host lowered to its alternatives (CloudFormation's `Fn::If`) reads
/// as both: each branch is checked.
pub fn value_strings(value: Option<&Value>) -> Vec<&StringLit> {
    match value {
        Some(Value::String(s)) => vec![s],
        Some(Value::Array(a)) => a.items.iter().filter_map(Value::as_string).collect(),
        Some(Value::Computed(c)) if c.function == "Fn::If" => match c.arg.as_deref() {
            Some(Value::Array(branches)) => branches
                .items
                .iter()
                .flat_map(|b| value_strings(Some(b)))
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
