//! IDE features: pure functions of a document snapshot and an offset, returning plain Rust
//! values. Nothing here knows LSP; `crate::lsp` converts.

pub mod completion;
pub mod context;
#[cfg(test)]
pub(crate) mod fixture;
pub mod hover;
#[cfg(test)]
mod hover_tests;
mod markdown;

pub use completion::{CompletionItem, CompletionKind, Completions, completions};
pub use hover::{HoverResult, hover};
