//! Actions that are useless without another one: `ecs:RunTask` needs `iam:PassRole` to hand the
//! task its role, `ec2:CreateVolume` with tags needs `ec2:CreateTags`. The catalog carries each
//! action's dependent actions (the Service Authorization Reference's "Dependent actions"); an
//! identity policy that allows an action but none of its dependents anywhere gets an
//! information finding, with a fix that adds them next to it.

use crate::analysis::{Ctx, Edit, Fix, Sink};
use crate::catalog::{self, glob_match_ci, has_wildcard};
use crate::policy::{Policy, PolicyKind, member_strings};
use crate::syntax::{StringLit, Value};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The full names (as the catalog spells them) of the actions that have dependent actions.
fn with_dependents() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        catalog::all_actions()
            .iter()
            .filter(|a| !a.dependent_actions.is_empty())
            .map(|a| a.full_name())
            .collect()
    })
}

/// What the policy allows, for the question "is this dependent action allowed anywhere?":
/// the Allow entries written in full (by their text), the others (wildcards, other cases), and
/// the NotAction lists of Allow statements.
struct Allowed<'a> {
    exact: HashSet<&'a str>,
    patterns: Vec<&'a str>,
    not_actions: Vec<Vec<&'a StringLit>>,
}

impl Allowed<'_> {
    fn allows(&self, action: &str) -> bool {
        self.exact.contains(action)
            || self.patterns.iter().any(|p| glob_match_ci(p, action))
            || self
                .not_actions
                .iter()
                .any(|not| !not.iter().any(|l| glob_match_ci(&l.value, action)))
            // An entry in another case than the catalog's.
            || self.exact.iter().any(|e| e.eq_ignore_ascii_case(action))
    }
}

pub fn check_policy(ctx: &Ctx, policy: &Policy, sink: &mut Sink) {
    if ctx.kind != PolicyKind::Identity {
        return;
    }
    let mut allowed = Allowed {
        exact: HashSet::new(),
        patterns: Vec::new(),
        not_actions: Vec::new(),
    };
    let mut candidates: Vec<(&StringLit, &'static catalog::Action)> = Vec::new();
    let dependents = with_dependents();
    for st in policy.statements.iter().filter(|s| s.is_allow()) {
        if let Some(m) = st.not_action {
            allowed.not_actions.push(member_strings(m));
        }
        let Some(m) = st.action else { continue };
        for lit in member_strings(m) {
            let v = lit.value.as_str();
            if has_wildcard(v) {
                allowed.patterns.push(v);
                continue;
            }
            allowed.exact.insert(v);
            if dependents.contains(v)
                && let Some(a) = catalog::action(v)
            {
                candidates.push((lit, a));
            }
        }
    }
    for (lit, action) in candidates {
        let missing: Vec<&str> = action
            .dependent_actions
            .iter()
            .copied()
            .filter(|d| !allowed.allows(d))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list = missing.join(", ");
        if let Some(f) = sink.report(
            "missing-dependent-action",
            lit.range,
            format!("{} also needs {list} (its dependent actions), which this policy does not allow: without {} the request may fail", lit.value, if missing.len() == 1 { "it" } else { "them" }),
        ) && let Some(fix) = add_fix(ctx, policy, lit, &missing)
        {
            f.fixes.push(fix);
        }
    }
}

/// Adds `missing` next to `lit`: after it in an Action array, or turning a lone string into an
/// array.
fn add_fix(ctx: &Ctx, policy: &Policy, lit: &StringLit, missing: &[&str]) -> Option<Fix> {
    if lit.has_escapes || !lit.terminated {
        return None;
    }
    let quoted: Vec<String> = missing.iter().map(|m| format!("\"{m}\"")).collect();
    let in_array = policy.statements.iter().any(|st| {
        st.action.is_some_and(|m| {
            matches!(&m.value, Some(Value::Array(a)) if a.items.iter().any(|v| v.range() == lit.range))
        })
    });
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
