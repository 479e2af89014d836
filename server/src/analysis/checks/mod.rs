//! The checks, grouped by the part of the policy they read. Each function reads the context and
//! reports through the sink; the registry in `rules.rs` holds their codes and documentation.

mod actions;
mod conditions;
mod document;
mod principals;
mod resources;
mod security;
mod statements;
mod values;

use super::{Ctx, Sink};

pub fn run_all(ctx: &Ctx, sink: &mut Sink) {
    document::check(ctx, sink);
    let Some(policy) = ctx.policy else { return };
    statements::check(ctx, policy, sink);
    for st in &policy.statements {
        actions::check(ctx, st, sink);
        resources::check(ctx, st, sink);
        conditions::check(ctx, st, sink);
        principals::check(ctx, st, sink);
        security::check_statement(ctx, st, sink);
    }
    security::check_policy(ctx, policy, sink);
}
