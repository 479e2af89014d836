//! The checks, grouped by the part of the policy they read. Each function reads the context and
//! reports through the sink; the registry in `rules.rs` holds their codes and documentation.

pub mod actions;
pub mod arns;
pub mod condition_rules;
pub mod conditions;
pub mod dependencies;
pub mod document;
pub mod org;
pub mod placeholders;
pub mod principals;
pub mod redundancy;
pub mod resources;
pub mod security;
pub mod statements;
pub mod trust;
pub mod util;
pub mod values;

use super::{Ctx, Sink};
use crate::policy::Statement;

/// What the whole-policy checks need to know of one statement, with ranges relative to its
/// start. A function of the statement alone (and the policy kind), like the findings of
/// [`run_statement`]: an incremental analysis keeps it for every statement a keystroke did not
/// touch, so that a check over the whole policy costs the merge, not a re-read of every entry.
#[derive(Debug, Default)]
pub struct StatementFacts {
    grants: security::GrantFacts,
    dependencies: dependencies::DependencyFacts,
}

impl StatementFacts {
    /// The facts of `st`, whose text starts at `start`.
    pub fn of(ctx: &Ctx, st: &Statement, start: u32) -> StatementFacts {
        StatementFacts {
            grants: security::GrantFacts::of(st, start),
            dependencies: dependencies::DependencyFacts::of(ctx, st, start),
        }
    }
}

/// The checks that read the whole document or several statements at once. They run on every
/// analysis; see [`run_statement`] for the ones whose findings can be reused. `facts` are the
/// statements' [`StatementFacts`], in order, with where each statement starts.
pub fn run_document(ctx: &Ctx, facts: &[(u32, &StatementFacts)], sink: &mut Sink) {
    document::check(ctx, sink);
    let Some(policy) = ctx.policy else { return };
    statements::check(ctx, policy, sink);
    let grants: Vec<_> = facts.iter().map(|(at, f)| (*at, &f.grants)).collect();
    security::check_policy(policy, &grants, sink);
    let dependencies: Vec<_> = facts.iter().map(|(at, f)| (*at, &f.dependencies)).collect();
    dependencies::check_policy(&dependencies, sink);
    arns::check_policy(ctx, policy, sink);
    trust::check_policy(ctx, policy, sink);
    org::check(ctx, policy, sink);
    redundancy::check(ctx, policy, sink);
}

/// The checks that read one statement and nothing else of the document but the policy kind and
/// the options: their findings are a function of the statement's text, which is what lets
/// [`crate::analysis::AnalysisCache`] reuse them while another statement is edited. A check
/// added here must keep to that (no `ctx.policy`, no text outside the statement).
pub fn run_statement(ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    actions::check(ctx, st, sink);
    resources::check(ctx, st, sink);
    arns::check(ctx, st, sink);
    conditions::check(ctx, st, sink);
    condition_rules::check(ctx, st, sink);
    principals::check(ctx, st, sink);
    trust::check_statement(ctx, st, sink);
    security::check_statement(ctx, st, sink);
    placeholders::check(ctx, st, sink);
}
