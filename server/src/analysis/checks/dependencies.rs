//! Actions that are useless without another one: `ecs:RunTask` needs `iam:PassRole` to hand the
//! task its role, `ec2:CreateVolume` with tags needs `ec2:CreateTags`. The catalog carries each
//! action's dependent actions (the Service Authorization Reference's "Dependent actions"); an
//! identity policy that allows an action but none of its dependents anywhere gets an
//! information finding, with a fix that adds them next to it.

use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Edit, Fix, Sink};
use crate::catalog::{self, glob_match_ci, has_wildcard};
use crate::policy::{PolicyKind, Statement, member_strings};
use crate::syntax::{TextRange, Value};
use std::sync::OnceLock;

/// What a name is to this check: an action with dependents, and/or the dependent of some.
#[derive(Clone, Copy, Default)]
struct Role {
    /// The action, when it has dependent actions.
    with_dependents: Option<&'static catalog::Action>,
    /// Its index among all dependent actions, when it is one.
    dependent: Option<usize>,
}

/// Every action that has dependents or is one, by its full name (any case), and the number of
/// distinct dependent actions. One lookup per entry of the policy answers both questions.
fn roles() -> &'static (catalog::NameMap<'static, Role>, usize) {
    static ROLES: OnceLock<(catalog::NameMap<'static, Role>, usize)> = OnceLock::new();
    ROLES.get_or_init(|| {
        let mut map: catalog::NameMap<'static, Role> = catalog::NameMap::default();
        let mut count = 0;
        for a in catalog::all_actions() {
            if a.dependent_actions.is_empty() {
                continue;
            }
            map.entry(catalog::NameCi(&*a.full_name().leak()))
                .or_default()
                .with_dependents = Some(a);
            for d in a.dependent_actions {
                let role = map.entry(catalog::NameCi(d)).or_default();
                if role.dependent.is_none() {
                    role.dependent = Some(count);
                    count += 1;
                }
            }
        }
        (map, count)
    })
}

/// What one Allow statement contributes to the check, ranges relative to its start: a function
/// of the statement alone, so an incremental analysis keeps it while another statement is
/// edited. One pass over the entries finds the actions that have dependents and marks the
/// dependents written in full; wildcards and NotAction are matched at the end, against the few
/// dependents still unmarked.
#[derive(Debug, Default)]
pub struct DependencyFacts {
    /// The dependents this statement allows by name (indices into [`roles`]).
    allowed: Vec<usize>,
    /// The entries that name an action with dependents.
    candidates: Vec<Candidate>,
    /// The entries with wildcards.
    patterns: Vec<Box<str>>,
    /// The statement's NotAction list, when it has one.
    not_action: Option<Vec<Box<str>>>,
}

#[derive(Debug)]
struct Candidate {
    action: &'static catalog::Action,
    /// The entry as written (for the message) and its source text, quotes included (for the
    /// fix; none when it cannot be rewritten: escapes, an unterminated string).
    value: Box<str>,
    source: Option<Box<str>>,
    range: TextRange,
    in_array: bool,
}

impl DependencyFacts {
    /// The facts of `st`, found at `start` in `text`. Only identity policies are checked.
    pub fn of(ctx: &Ctx, st: &Statement, start: u32) -> DependencyFacts {
        let mut f = DependencyFacts::default();
        if ctx.kind != PolicyKind::Identity || !st.is_allow() {
            return f;
        }
        if let Some(m) = st.not_action {
            f.not_action = Some(
                member_strings(m)
                    .into_iter()
                    .map(|l| l.value.as_str().into())
                    .collect(),
            );
        }
        let Some(m) = st.action else { return f };
        let (roles, _) = roles();
        let in_array = matches!(m.value, Some(Value::Array(_)));
        for lit in member_strings(m) {
            let v = lit.value.as_str();
            if has_wildcard(v) {
                f.patterns.push(v.into());
                continue;
            }
            let Some(role) = roles.get(&catalog::NameCi(v)) else {
                continue;
            };
            if let Some(i) = role.dependent {
                f.allowed.push(i);
            }
            if let Some(action) = role.with_dependents {
                f.candidates.push(Candidate {
                    action,
                    value: v.into(),
                    source: (!lit.has_escapes && lit.terminated)
                        .then(|| ctx.text[lit.range.as_range()].into()),
                    range: TextRange {
                        start: lit.range.start - start,
                        end: lit.range.end - start,
                    },
                    in_array,
                });
            }
        }
        f
    }
}

/// Reports the actions whose dependents no statement allows. `facts` are the statements'
/// [`DependencyFacts`], with where each statement starts.
pub fn check_policy(facts: &[(u32, &DependencyFacts)], sink: &mut Sink) {
    let (roles, count) = roles();
    let mut allowed = vec![false; *count];
    for (_, f) in facts {
        for &i in &f.allowed {
            allowed[i] = true;
        }
    }
    let allows = |d: &str| {
        roles
            .get(&catalog::NameCi(d))
            .and_then(|r| r.dependent)
            .is_some_and(|i| allowed[i])
            || facts
                .iter()
                .any(|(_, f)| f.patterns.iter().any(|p| glob_match_ci(p, d)))
            || facts.iter().any(|(_, f)| {
                f.not_action
                    .as_ref()
                    .is_some_and(|not| !not.iter().any(|l| glob_match_ci(l, d)))
            })
    };
    for &(start, f) in facts {
        for c in &f.candidates {
            let missing: Vec<&str> = c
                .action
                .dependent_actions
                .iter()
                .copied()
                .filter(|d| !allows(d))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let range = TextRange {
                start: c.range.start + start,
                end: c.range.end + start,
            };
            let list = missing.join(", ");
            if let Some(found) = sink.report(
                &MISSING_DEPENDENT_ACTION,
                range,
                format!("{} also needs {list} (its dependent actions), which this policy does not allow: without {} the request may fail", c.value, if missing.len() == 1 { "it" } else { "them" }),
            ) && let Some(source) = &c.source
            {
                found.fixes.push(add_fix(source, range, c.in_array, &missing));
            }
        }
    }
}

/// Adds `missing` next to the entry at `range` (written `source`): after it in an Action
/// array, or turning a lone string into an array.
fn add_fix(source: &str, range: TextRange, in_array: bool, missing: &[&str]) -> Fix {
    let quoted: Vec<String> = missing.iter().map(|m| format!("\"{m}\"")).collect();
    let edit = if in_array {
        Edit {
            range: TextRange::new(range.end as usize, range.end as usize),
            text: format!(", {}", quoted.join(", ")),
        }
    } else {
        Edit {
            range,
            text: format!("[{source}, {}]", quoted.join(", ")),
        }
    };
    Fix {
        title: format!("Also allow {}", missing.join(", ")),
        edits: vec![edit],
        preferred: false,
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const MISSING_DEPENDENT_ACTION: Rule = Rule {
    code: "missing-dependent-action",
    severity: crate::analysis::Severity::Information,
    summary: "An action allowed without its dependent actions (ecs:RunTask without iam:PassRole): the request can fail for want of them.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "arn:aws:ecs:us-east-1:111122223333:task-definition/app:*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "arn:aws:ecs:us-east-1:111122223333:task-definition/app:*"}, {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}"#,
    ),
};
