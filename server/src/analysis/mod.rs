//! The checks: pure functions of (policy model, catalog) to findings with ranges and, where a
//! fix is certain, the edit that fixes it. Every check's code, severity and documentation live in
//! one registry ([`rules::RULES`]); the README's rule list is generated from it.

pub mod checks;
pub mod rules;
mod suggest;

pub use rules::{RULES, Rule, rule};
pub use suggest::{closest, closest_action};

use crate::policy::{KindReason, Policy, PolicyKind, infer_kind};
use crate::syntax::{Parse, TextRange};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
    pub fn parse(text: &str) -> Option<Severity> {
        Some(match text.to_ascii_lowercase().as_str() {
            "error" => Severity::Error,
            "warning" | "warn" => Severity::Warning,
            "info" | "information" => Severity::Information,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
}

/// A text edit: replace `range` with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub text: String,
}

/// A fix for a finding: a title and the edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// The one obvious fix (editors apply it on "fix all").
    pub preferred: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    /// Replacement names ("did you mean"), closest first.
    pub suggestions: Vec<String>,
    pub fixes: Vec<Fix>,
}

/// What the caller knows about the document and the user's settings.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The policy kind from configuration or the command line; inferred from content when None.
    pub kind: Option<PolicyKind>,
    /// Where the configured kind came from (for messages).
    pub kind_source: Option<String>,
    /// Severity overrides by rule code; `None` switches a rule off.
    pub severities: HashMap<String, Option<Severity>>,
    /// Whether comments are allowed (a `.jsonc` document); IAM itself rejects them.
    pub allow_comments: bool,
}

/// The result of checking one document.
#[derive(Debug, Default)]
pub struct Analysis {
    pub kind: PolicyKind,
    pub kind_reason: Option<KindReason>,
    pub findings: Vec<Finding>,
}

/// Collects findings, applying the rule's default severity and the user's overrides.
pub struct Sink<'o> {
    options: &'o Options,
    pub findings: Vec<Finding>,
}

impl Sink<'_> {
    /// Reports rule `code` at `range`. Returns the finding so callers can attach suggestions.
    pub fn report(
        &mut self,
        code: &'static str,
        range: TextRange,
        message: impl Into<String>,
    ) -> Option<&mut Finding> {
        let default = rule(code)
            .map(|r| r.severity)
            .unwrap_or_else(|| panic!("rule {code} is not in the registry"));
        let severity = match self.options.severities.get(code) {
            Some(None) => return None,
            Some(Some(s)) => *s,
            None => default,
        };
        self.findings.push(Finding {
            code,
            severity,
            range,
            message: message.into(),
            suggestions: Vec::new(),
            fixes: Vec::new(),
        });
        self.findings.last_mut()
    }
}

/// Everything a check sees.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub parse: &'a Parse,
    pub policy: Option<&'a Policy<'a>>,
    pub kind: PolicyKind,
    pub options: &'a Options,
}

/// Runs every check over a parsed document.
pub fn analyze(text: &str, parse: &Parse, options: &Options) -> Analysis {
    let policy = Policy::from_parse(parse);
    let (kind, kind_reason) = match (options.kind, &policy) {
        (Some(k), _) => (
            k,
            Some(KindReason::Configured(
                options
                    .kind_source
                    .clone()
                    .unwrap_or_else(|| "configuration".into()),
            )),
        ),
        (None, Some(p)) => {
            let (k, r) = infer_kind(p);
            (k, Some(r))
        }
        (None, None) => (PolicyKind::Identity, None),
    };
    let mut sink = Sink {
        options,
        findings: Vec::new(),
    };
    let ctx = Ctx {
        text,
        parse,
        policy: policy.as_ref(),
        kind,
        options,
    };
    checks::run_all(&ctx, &mut sink);
    let mut findings = sink.findings;
    findings.sort_by_key(|f| (f.range.start, f.range.end, f.code));
    Analysis {
        kind,
        kind_reason,
        findings,
    }
}

/// Whether a document's text looks like an IAM policy: a top-level `Statement`, or a `Version`
/// with a policy-language date. Decides which JSON files get diagnostics.
pub fn looks_like_policy(parse: &Parse) -> bool {
    let Some(root) = parse.root.as_ref().and_then(|r| r.as_object()) else {
        return false;
    };
    root.members.iter().any(|m| {
        let key = m.key.value.as_str();
        key.eq_ignore_ascii_case("Statement")
            || (key.eq_ignore_ascii_case("Version")
                && m.value
                    .as_ref()
                    .and_then(|v| v.as_string())
                    .is_some_and(|s| {
                        s.value.starts_with("2012-10-17") || s.value.starts_with("2008-10-17")
                    }))
    })
}

#[cfg(test)]
mod tests;
