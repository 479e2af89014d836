//! The checks, grouped by the part of the policy they read. Each function reads the context and
//! reports through the sink; the registry in `rules.rs` holds their codes and documentation.

mod actions;
mod arns;
mod condition_rules;
mod conditions;
mod document;
mod org;
mod principals;
mod redundancy;
mod resources;
mod security;
mod statements;
mod trust;
mod util;
mod values;

use super::{Ctx, Sink};

pub fn run_all(ctx: &Ctx, sink: &mut Sink) {
    document::check(ctx, sink);
    let Some(policy) = ctx.policy else { return };
    statements::check(ctx, policy, sink);
    for st in &policy.statements {
        actions::check(ctx, st, sink);
        resources::check(ctx, st, sink);
        arns::check(ctx, st, sink);
        conditions::check(ctx, st, sink);
        condition_rules::check(ctx, st, sink);
        principals::check(ctx, st, sink);
        trust::check_statement(ctx, st, sink);
        security::check_statement(ctx, st, sink);
    }
    security::check_policy(ctx, policy, sink);
    arns::check_policy(ctx, policy, sink);
    trust::check_policy(ctx, policy, sink);
    org::check(ctx, policy, sink);
    redundancy::check(ctx, policy, sink);
}
