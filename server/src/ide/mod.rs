//! IDE features: pure functions of a document snapshot and an offset, returning plain Rust
//! values. Nothing here knows LSP; `crate::lsp` converts.

pub mod actions;
pub mod annotations;
pub mod completion;
pub mod context;
#[cfg(test)]
pub(crate) mod fixture;
pub mod format;
pub mod hover;
#[cfg(test)]
mod hover_tests;
pub mod layout;
mod markdown;
pub mod semantic;
pub mod structure;

pub use completion::{CompletionItem, CompletionKind, Completions, MAX_ITEMS, completions};
pub use hover::{HoverResult, hover};
pub use markdown::to_plain;

/// The markdown documentation of an action (`logs:PutLogEvents`), for completion items whose
/// documentation is sent on resolve rather than with the list.
pub fn action_documentation(full_name: &str) -> Option<String> {
    crate::catalog::action(full_name).map(markdown::action_doc)
}

/// The markdown documentation of an ARN template (`arn:${Partition}:s3:::${BucketName}`), for
/// resource completion items, whose documentation is also sent on resolve.
pub fn arn_template_documentation(template: &str) -> Option<String> {
    let t = crate::catalog::services()
        .iter()
        .flat_map(|s| s.resource_types())
        .find(|t| t.arns.contains(&template))?;
    Some(completion::arn_template_doc(t, template))
}
