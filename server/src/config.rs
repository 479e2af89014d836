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

use crate::analysis::{Options, Severity, closest, did_you_mean};
use crate::policy::PolicyKind;
use crate::registry::{RULES, rule};
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

impl RawConfig {
    /// Reads editor settings: the known keys, each problem reported, unknown keys ignored with
    /// a note (editors send their own keys, such as `trace`, in the same object).
    pub fn from_settings(value: &serde_json::Value) -> Result<(RawConfig, Vec<String>), String> {
        let Some(object) = value.as_object() else {
            return Err("settings must be an object".to_string());
        };
        let mut known = serde_json::Map::new();
        let mut problems = Vec::new();
        for (k, v) in object {
            match k.as_str() {
                "rules" | "policy-types" | "policyTypes" | "ignore" => {
                    known.insert(k.clone(), v.clone());
                }
                // Editor-only settings, read by the language server itself.
                "inlayHints" => {}
                other => problems.push(format!("ignoring unknown setting \"{other}\"")),
            }
        }
        let raw =
            serde_json::from_value(serde_json::Value::Object(known)).map_err(|e| e.to_string())?;
        Ok((raw, problems))
    }

    /// Reads `.iam-policy-ls.toml` from `dir` when present, without validating it.
    pub fn load_dir(dir: &Path) -> Result<Option<RawConfig>, String> {
        let path = dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text)
                .map(Some)
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// `other` on top of `self`: its rules and policy types override, its ignores add.
    pub fn merged(&self, other: &RawConfig) -> RawConfig {
        let mut out = self.clone();
        out.rules.extend(other.rules.clone());
        out.policy_types.extend(other.policy_types.clone());
        out.ignore.extend(other.ignore.iter().cloned());
        out
    }
}

/// Validated configuration, ready to produce analysis options per file.
#[derive(Clone, Debug, Default)]
pub struct Config {
    severities: HashMap<String, Option<Severity>>,
    kinds: Vec<(GlobSet, PolicyKind, String)>,
    ignore: Option<GlobSet>,
}

/// The severities a rule can be set to.
const LEVELS: [&str; 5] = ["error", "warning", "info", "hint", "off"];
impl Config {
    /// Validates a raw configuration; every problem is reported, none is fatal to the rest.
    pub fn from_raw(raw: &RawConfig) -> (Config, Vec<String>) {
        let mut problems = Vec::new();
        let mut severities = HashMap::new();
        for (code, level) in &raw.rules {
            if rule(code).is_none() {
                let near = closest(code, RULES.iter().map(|r| r.code), 1);
                problems.push(format!(
                    "unknown rule \"{code}\"{} (see `iam-policy-ls rules`)",
                    did_you_mean(&near)
                ));
                continue;
            }
            if level.eq_ignore_ascii_case("off") || level.eq_ignore_ascii_case("none") {
                severities.insert(code.clone(), None);
            } else if let Some(s) = Severity::parse(level) {
                severities.insert(code.clone(), Some(s));
            } else {
                let near = closest(&level.to_ascii_lowercase(), LEVELS, 1);
                problems.push(format!(
                    "rule \"{code}\": \"{level}\" is not error, warning, info, hint or off{}",
                    did_you_mean(&near)
                ));
            }
        }
        let mut kinds = Vec::new();
        for (pattern, kind) in &raw.policy_types {
            let Some(k) = PolicyKind::parse(kind) else {
                problems.push(format!(
                    "policy type \"{kind}\" for \"{pattern}\" {}",
                    policy_type_problem(kind)
                ));
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
        let (raw, mut problems) = RawConfig::from_settings(value)?;
        let (config, more) = Config::from_raw(&raw);
        problems.extend(more);
        Ok((config, problems))
    }

    /// Reads `.iam-policy-ls.toml` from `dir` when present.
    pub fn load_dir(dir: &Path) -> Result<Option<(Config, Vec<String>)>, String> {
        Ok(RawConfig::load_dir(dir)?.map(|raw| Config::from_raw(&raw)))
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
        if let Some(rel) = relative
            && let Some((_, kind, pattern)) =
                self.kinds.iter().find(|(set, _, _)| set.is_match(rel))
        {
            options.kind = Some(*kind);
            options.kind_source = Some(format!("the policy-types glob \"{pattern}\""));
        }
        options
    }
}

/// What is wrong with a policy type that [`PolicyKind::parse`] rejects, with the closest
/// correct spelling: "is not identity, resource, resource:SERVICE, trust, scp or rcp: did you
/// mean \"trust\"?", or for `resource:s4` "names no service of the catalog: did you mean
/// \"resource:s3\"?".
pub fn policy_type_problem(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    if let Some((kind, service)) = lower.split_once(':')
        && PolicyKind::parse(kind) == Some(PolicyKind::Resource(None))
    {
        let near: Vec<String> = closest(
            service,
            crate::catalog::services().iter().map(|s| s.prefix),
            1,
        )
        .into_iter()
        .map(|p| format!("resource:{p}"))
        .collect();
        let near: Vec<&str> = near.iter().map(String::as_str).collect();
        return format!(
            "names no service of the catalog (write resource:SERVICE with an IAM service prefix, e.g. resource:s3){}",
            did_you_mean(&near)
        );
    }
    let ids = ["identity", "resource", "trust", "scp", "rcp"];
    let near = closest(&lower, ids, 1);
    format!(
        "is not identity, resource, resource:SERVICE, trust, scp or rcp{}",
        did_you_mean(&near)
    )
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

    #[test]
    fn editor_settings_merge_over_the_file_and_ignore_unknown_keys() {
        let file: RawConfig =
            toml::from_str("[rules]\nempty-sid = \"off\"\nmissing-version = \"error\"\n").unwrap();
        let json =
            serde_json::json!({"rules": {"missing-version": "hint"}, "trace": {"server": "off"}});
        let (editor, problems) = RawConfig::from_settings(&json).unwrap();
        assert_eq!(problems, ["ignoring unknown setting \"trace\""]);
        let (c, _) = Config::from_raw(&file.merged(&editor));
        let o = c.options_for(None, false);
        assert_eq!(o.severities.get("empty-sid"), Some(&None));
        assert_eq!(
            o.severities.get("missing-version"),
            Some(&Some(Severity::Hint))
        );
    }
}
