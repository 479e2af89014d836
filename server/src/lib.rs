//! iam-policy-ls: a language server and checker for AWS IAM policy documents.
//!
//! Layers, data flowing one way (see ARCHITECTURE.md):
//! `syntax` (tolerant JSONC) → `policy` (the IAM grammar) → `analysis` (checks) and `ide`
//! (completion, hover) → front ends `lsp` and `cli`. `catalog` is the embedded AWS data every
//! layer queries; `text` (line index, line/column positions) is the protocol-neutral place every
//! layer that reports a position uses.

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod host;
pub mod ide;
pub mod lsp;
pub mod policy;
pub mod registry;
pub mod syntax;
pub mod text;
