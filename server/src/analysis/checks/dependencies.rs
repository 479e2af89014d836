//! Actions that are useless without another one: `ecs:RunTask` needs `iam:PassRole` to hand the
//! task its role, `ec2:CreateVolume` with tags needs `ec2:CreateTags`. The catalog carries each
//! action's dependent actions (the Service Authorization Reference's "Dependent actions"); an
//! identity policy that allows an action but none of its dependents anywhere gets an
//! information finding, with a fix that adds them next to it.

use crate::analysis::{Ctx, Edit, Fix, Sink};
use crate::catalog::{self, glob_match_ci, has_wildcard};
use crate::policy::{Policy, PolicyKind, member_strings};
use crate::syntax::{StringLit, Value};
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

pub fn check_policy(ctx: &Ctx, policy: &Policy, sink: &mut Sink) {
    if ctx.kind != PolicyKind::Identity {
        return;
    }
    // One pass over the Allow entries finds the actions that have dependents and marks the
    // dependents written in full; wildcards and NotAction are matched afterwards, against the
    // few dependents still unmarked.
    let (roles, count) = roles();
    let mut allowed = vec![false; *count];
    let mut candidates: Vec<(&StringLit, &'static catalog::Action, bool)> = Vec::new();
    let mut patterns: Vec<&str> = Vec::new();
    let mut not_actions: Vec<Vec<&StringLit>> = Vec::new();
    for st in policy.statements.iter().filter(|s| s.is_allow()) {
        if let Some(m) = st.not_action {
            not_actions.push(member_strings(m));
        }
        let Some(m) = st.action else { continue };
        let in_array = matches!(m.value, Some(Value::Array(_)));
        for lit in member_strings(m) {
            let v = lit.value.as_str();
            if has_wildcard(v) {
                patterns.push(v);
                continue;
            }
            let Some(role) = roles.get(&catalog::NameCi(v)) else {
                continue;
            };
            if let Some(i) = role.dependent {
                allowed[i] = true;
            }
            if let Some(a) = role.with_dependents {
                candidates.push((lit, a, in_array));
            }
        }
    }
    let allows = |d: &str| {
        roles
            .get(&catalog::NameCi(d))
            .and_then(|r| r.dependent)
            .is_some_and(|i| allowed[i])
            || patterns.iter().any(|p| glob_match_ci(p, d))
            || not_actions
                .iter()
                .any(|not| !not.iter().any(|l| glob_match_ci(&l.value, d)))
    };
    for (lit, action, in_array) in candidates {
        let missing: Vec<&str> = action
            .dependent_actions
            .iter()
            .copied()
            .filter(|d| !allows(d))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list = missing.join(", ");
        if let Some(f) = sink.report(
            "missing-dependent-action",
            lit.range,
            format!("{} also needs {list} (its dependent actions), which this policy does not allow: without {} the request may fail", lit.value, if missing.len() == 1 { "it" } else { "them" }),
        ) && let Some(fix) = add_fix(ctx, lit, in_array, &missing)
        {
            f.fixes.push(fix);
        }
    }
}

/// Adds `missing` next to `lit`: after it in an Action array, or turning a lone string into an
/// array.
fn add_fix(ctx: &Ctx, lit: &StringLit, in_array: bool, missing: &[&str]) -> Option<Fix> {
    if lit.has_escapes || !lit.terminated {
        return None;
    }
    let quoted: Vec<String> = missing.iter().map(|m| format!("\"{m}\"")).collect();
    let original = &ctx.text[lit.range.as_range()];
    let edit = if in_array {
        Edit {
            range: crate::syntax::TextRange::new(lit.range.end as usize, lit.range.end as usize),
            text: format!(", {}", quoted.join(", ")),
        }
    } else {
        Edit {
            range: lit.range,
            text: format!("[{original}, {}]", quoted.join(", ")),
        }
    };
    Some(Fix {
        title: format!("Also allow {}", missing.join(", ")),
        edits: vec![edit],
        preferred: false,
    })
}
