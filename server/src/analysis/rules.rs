//! What a rule is. Each rule is a constant beside the check that reports it (the checks report
//! by the constant, never by a string), with its stable code, default severity, summary, the
//! IAM Access Analyzer checks it covers, and a real policy that triggers it and its fixed form.
//! [`crate::registry`] collects them; the fixture test checks every rule against its own
//! examples, and the README's rule list and `iam-policy-ls rules CODE` are generated from them.

use super::Severity;
use crate::policy::PolicyKind;
use std::borrow::Cow;

#[derive(Debug)]
pub struct Rule {
    /// Stable code, used in configuration, suppressions and diagnostics.
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// IAM Access Analyzer policy checks this rule covers.
    pub access_analyzer: &'static [&'static str],
    /// The policy type the examples are checked as; `None`: read from their content, as
    /// `check` reads a file.
    pub kind: Option<PolicyKind>,
    /// A document that triggers the rule.
    pub bad: Example,
    /// The same document, fixed: the rule does not report it.
    pub good: Example,
}

/// A rule's example document.
#[derive(Debug, Clone, Copy)]
pub enum Example {
    /// Statements of a policy, written without the `{"Version": ..., "Statement": [...]}`
    /// around them.
    Statements(&'static str),
    /// A whole document: a policy, or a template.
    Document(&'static str),
}

impl Example {
    /// The whole document.
    pub fn text(self) -> Cow<'static, str> {
        match self {
            Example::Statements(s) => Cow::Owned(format!(
                "{{\"Version\": \"2012-10-17\", \"Statement\": [{s}]}}"
            )),
            Example::Document(d) => Cow::Borrowed(d),
        }
    }
}
