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

/// The actions that have dependent actions, by their full names (any case).
fn with_dependents() -> &'static catalog::NameMap<'static, &'static catalog::Action> {
    static MAP: OnceLock<catalog::NameMap<'static, &'static catalog::Action>> = OnceLock::new();
    MAP.get_or_init(|| {
        catalog::all_actions()
            .iter()
            .filter(|a| !a.dependent_actions.is_empty())
            .map(|a| (catalog::NameCi(&*a.full_name().leak()), a))
            .collect()
    })
}

/// What the policy allows, for the question "is this dependent action allowed anywhere?":
/// the Allow entries written in full (by their text), the others (wildcards, other cases), and
/// the NotAction lists of Allow statements.
struct Allowed<'a> {
    exact: HashSet<catalog::NameCi<'a>, foldhash::fast::FixedState>,
    patterns: Vec<&'a str>,
    not_actions: Vec<Vec<&'a StringLit>>,
}

impl Allowed<'_> {
    fn allows(&self, action: &str) -> bool {
        self.exact.contains(&catalog::NameCi(action))
            || self.patterns.iter().any(|p| glob_match_ci(p, action))
            || self
                .not_actions
                .iter()
                .any(|not| !not.iter().any(|l| glob_match_ci(&l.value, action)))
    }
}

pub fn check_policy(ctx: &Ctx, policy: &Policy, sink: &mut Sink) {
    if ctx.kind != PolicyKind::Identity {
        return;
    }
    let mut allowed = Allowed {
        exact: HashSet::default(),
        patterns: Vec::new(),
        not_actions: Vec::new(),
    };
    let mut candidates: Vec<(&StringLit, &'static catalog::Action, bool)> = Vec::new();
    let dependents = with_dependents();
    for st in policy.statements.iter().filter(|s| s.is_allow()) {
        if let Some(m) = st.not_action {
            allowed.not_actions.push(member_strings(m));
        }
        let Some(m) = st.action else { continue };
        let in_array = matches!(m.value, Some(Value::Array(_)));
        let lits = member_strings(m);
        allowed.exact.reserve(lits.len());
        for lit in lits {
            let v = lit.value.as_str();
            if has_wildcard(v) {
                allowed.patterns.push(v);
                continue;
            }
            allowed.exact.insert(catalog::NameCi(v));
            if let Some(a) = dependents.get(&catalog::NameCi(v)) {
                candidates.push((lit, a, in_array));
            }
        }
    }
    for (lit, action, in_array) in candidates {
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
