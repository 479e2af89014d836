//! Configuration, one format for the editor and for CI: a `.iam-policy-ls.toml` at the
//! workspace root, or the same keys as JSON in the LSP's initialization options and
//! `workspace/didChangeConfiguration` settings.
//!
//! ```toml
//! # rule code = "error" | "warning" | "info" | "hint" | "off"
//! [rules]
//! resource-mismatch = "off"
//! missing-version = "error"
//!
//! # glob = policy type (identity, resource, trust, scp, rcp)
//! [policy-types]
//! "**/trust/*.json" = "trust"
//! "scps/**" = "scp"
//!
//! ignore = ["node_modules/**", "package*.json"]
//! ```

use crate::analysis::{Options, Severity, rule};
use crate::policy::PolicyKind;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub const FILE_NAME: &str = ".iam-policy-ls.toml";

/// The configuration as written by the user.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawConfig {
    pub rules: BTreeMap<String, String>,
    #[serde(alias = "policyTypes")]
    pub policy_types: BTreeMap<String, String>,
    pub ignore: Vec<String>,
}

/// Validated configuration, ready to produce analysis options per file.
#[derive(Clone, Debug, Default)]
pub struct Config {
    severities: HashMap<String, Option<Severity>>,
    kinds: Vec<(GlobSet, PolicyKind, String)>,
    ignore: Option<GlobSet>,
}

impl Config {
    /// Validates a raw configuration; every problem is reported, none is fatal to the rest.
    pub fn from_raw(raw: &RawConfig) -> (Config, Vec<String>) {
        let mut problems = Vec::new();
        let mut severities = HashMap::new();
        for (code, level) in &raw.rules {
            if rule(code).is_none() {
                problems.push(format!(
                    "unknown rule \"{code}\" (see `iam-policy-ls rules`)"
                ));
                continue;
            }
            if level.eq_ignore_ascii_case("off") || level.eq_ignore_ascii_case("none") {
                severities.insert(code.clone(), None);
            } else if let Some(s) = Severity::parse(level) {
                severities.insert(code.clone(), Some(s));
            } else {
                problems.push(format!(
                    "rule \"{code}\": \"{level}\" is not error, warning, info, hint or off"
                ));
            }
        }
        let mut kinds = Vec::new();
        for (pattern, kind) in &raw.policy_types {
            let Some(k) = PolicyKind::parse(kind) else {
                problems.push(format!("policy type \"{kind}\" for \"{pattern}\" is not identity, resource, trust, scp or rcp"));
                continue;
            };
            match Glob::new(pattern).and_then(|g| GlobSetBuilder::new().add(g).build()) {
                Ok(set) => kinds.push((set, k, pattern.clone())),
                Err(e) => problems.push(format!("bad glob \"{pattern}\": {e}")),
            }
        }
        let mut ignore = GlobSetBuilder::new();
        for pattern in &raw.ignore {
            match Glob::new(pattern) {
                Ok(g) => {
                    ignore.add(g);
                }
                Err(e) => problems.push(format!("bad ignore glob \"{pattern}\": {e}")),
            }
        }
        let ignore = ignore.build().ok().filter(|s| !s.is_empty());
        (
            Config {
                severities,
                kinds,
                ignore,
            },
            problems,
        )
    }

    pub fn from_toml(text: &str) -> Result<(Config, Vec<String>), String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        Ok(Config::from_raw(&raw))
    }

    pub fn from_json(value: &serde_json::Value) -> Result<(Config, Vec<String>), String> {
        let raw: RawConfig = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
        Ok(Config::from_raw(&raw))
    }

    /// Reads `.iam-policy-ls.toml` from `dir` when present.
    pub fn load_dir(dir: &Path) -> Result<Option<(Config, Vec<String>)>, String> {
        let path = dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::from_toml(&text)
                .map(Some)
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Whether a path (relative to the workspace root) is ignored.
    pub fn is_ignored(&self, relative: &Path) -> bool {
        self.ignore.as_ref().is_some_and(|s| s.is_match(relative))
    }

    /// Analysis options for a file at `relative` (to the workspace root).
    pub fn options_for(&self, relative: Option<&Path>, allow_comments: bool) -> Options {
        let mut options = Options {
            severities: self.severities.clone(),
            allow_comments,
            ..Options::default()
        };
        if let Some(rel) = relative {
            if let Some((_, kind, pattern)) =
                self.kinds.iter().find(|(set, _, _)| set.is_match(rel))
            {
                options.kind = Some(*kind);
                options.kind_source = Some(format!("the policy-types glob \"{pattern}\""));
            }
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_toml() {
        let (c, problems) = Config::from_toml(
            "ignore = [\"node_modules/**\"]\n[rules]\nresource-mismatch = \"off\"\nmissing-version = \"error\"\nnope = \"off\"\n[policy-types]\n\"trust/*.json\" = \"trust\"\n",
        )
        .unwrap();
        assert_eq!(
            problems,
            vec!["unknown rule \"nope\" (see `iam-policy-ls rules`)".to_string()]
        );
        let o = c.options_for(Some(Path::new("trust/role.json")), false);
        assert_eq!(o.kind, Some(PolicyKind::Trust));
        assert_eq!(o.severities.get("resource-mismatch"), Some(&None));
        assert_eq!(
            o.severities.get("missing-version"),
            Some(&Some(Severity::Error))
        );
        assert!(c.is_ignored(Path::new("node_modules/x/package.json")));
        assert!(Config::from_toml("[rules\n").is_err());
    }
}
