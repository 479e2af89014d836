//! The checks: pure functions of (policy model, catalog) to findings with ranges and, where a
//! fix is certain, the edit that fixes it. Every check's code, severity and documentation live in
//! one registry ([`rules::RULES`]); the README's rule list is generated from it.

mod cache;
pub mod checks;
pub mod rules;
mod suggest;

pub use cache::{AnalysisCache, Memo};
pub use rules::{Example, Rule};
pub use suggest::{closest, closest_action, did_you_mean};

use crate::policy::{KindReason, Policy, PolicyKind, infer_kind};
use crate::syntax::{Parse, TextRange};
use std::collections::HashMap;
use std::sync::Arc;

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

/// One problem found in a document.
///
/// Cheap to copy: the text parts are shared (`Arc`), and "did you mean" replacements are kept
/// once, as `suggestions` with the range they replace, their fixes made only when asked for
/// ([`Finding::all_fixes`]). A large policy has thousands of findings, and every edit copies the
/// findings of the statements it did not touch (see [`AnalysisCache`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub range: TextRange,
    pub message: Arc<str>,
    /// Replacement names ("did you mean"), closest first.
    pub suggestions: Arc<[String]>,
    /// Where the suggestions go, and whether a single one is the preferred fix: set by
    /// [`Finding::suggest`], which makes each suggestion a fix. `None` when the suggestions are
    /// only information (the fixes, if any, are in `fixes`).
    pub suggest_at: Option<(TextRange, bool)>,
    /// Fixes other than replacing the text with a suggestion.
    pub fixes: Vec<Fix>,
}

impl Finding {
    /// A copy with every range (its own, the suggestions', the fixes') moved by `delta` bytes.
    pub fn shifted(&self, delta: i64) -> Finding {
        let mut f = self.clone();
        f.range = f.range.shifted(delta);
        if let Some((at, _)) = &mut f.suggest_at {
            *at = at.shifted(delta);
        }
        f.fixes
            .iter_mut()
            .flat_map(|x| &mut x.edits)
            .for_each(|e| e.range = e.range.shifted(delta));
        f
    }

    /// Whether every range of the finding lies within `range`: only then does it move with the
    /// text of `range` (see [`Finding::shifted`]).
    pub fn within(&self, range: TextRange) -> bool {
        let inside = |r: &TextRange| r.start >= range.start && r.end <= range.end;
        inside(&self.range)
            && self.suggest_at.is_none_or(|(at, _)| inside(&at))
            && self
                .fixes
                .iter()
                .all(|x| x.edits.iter().all(|e| inside(&e.range)))
    }

    /// A finding without suggestions or fixes (yet).
    pub fn new(
        code: &'static str,
        severity: Severity,
        range: TextRange,
        message: Arc<str>,
    ) -> Self {
        Finding {
            code,
            severity,
            range,
            message,
            suggestions: Arc::new([]),
            suggest_at: None,
            fixes: Vec::new(),
        }
    }

    /// Attaches "did you mean" replacements for the text at `range` (a name's text inside its
    /// quotes): one fix per suggestion, preferred only when there is a single one.
    pub fn suggest(&mut self, range: TextRange, suggestions: Vec<String>) {
        self.suggest_at = Some((range, suggestions.len() == 1));
        self.suggestions = suggestions.into();
    }

    /// Like [`Finding::suggest`], but no suggestion is the preferred fix: for names that may be
    /// right after all (newer than the catalog), where "fix all" must not change them.
    pub fn suggest_weakly(&mut self, range: TextRange, suggestions: Vec<String>) {
        self.suggest_at = Some((range, false));
        self.suggestions = suggestions.into();
    }

    /// Every fix: one per suggestion ("Change to ..."), then the others.
    pub fn all_fixes(&self) -> Vec<Fix> {
        let suggested = self.suggest_at.iter().flat_map(|&(range, preferred)| {
            self.suggestions.iter().map(move |s| Fix {
                title: format!("Change to \"{s}\""),
                edits: vec![Edit {
                    range,
                    text: s.clone(),
                }],
                preferred,
            })
        });
        suggested.chain(self.fixes.iter().cloned()).collect()
    }

    /// Whether the finding has a fix ([`Finding::all_fixes`] is not empty).
    pub fn has_fix(&self) -> bool {
        !self.fixes.is_empty() || (self.suggest_at.is_some() && !self.suggestions.is_empty())
    }
}

/// What the caller knows about the document and the user's settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// The policy kind from configuration or the command line; inferred from content when None.
    pub kind: Option<PolicyKind>,
    /// Where the configured kind came from (for messages).
    pub kind_source: Option<String>,
    /// Severity overrides by rule code; `None` switches a rule off.
    pub severities: HashMap<String, Option<Severity>>,
    /// Whether comments are allowed (a `.jsonc` document, a YAML host); IAM itself rejects them.
    pub allow_comments: bool,
    /// The host writes only the statements (Serverless `iam.role.statements`): the document
    /// around them (Version) is not the user's to write.
    pub statements_only: bool,
    /// The policy was read from a host that lowers computed values (`!Sub`, `!GetAtt`): what a
    /// statement reads may depend on more than its text.
    pub lowered: bool,
}

impl Options {
    /// The severity rule `code` is reported at: the user's override, else `default`; `None`
    /// when the user switched the rule off.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.severities.get(code) {
            Some(None) => None,
            Some(Some(s)) => Some(*s),
            None => Some(default),
        }
    }

    /// The kind to check `policy` as, and why: the configured kind, else the one its content
    /// implies (an identity policy, with no reason, when the document is not a policy at all).
    /// Hovers and code lenses show the same answer the analysis used. A configured
    /// `resource` that names no service gets the one its content leaves no doubt about.
    pub fn policy_kind(&self, policy: Option<&Policy>) -> (PolicyKind, Option<KindReason>) {
        match (self.kind, policy) {
            (Some(k), _) => (
                match (k, policy) {
                    (PolicyKind::Resource(None), Some(p)) => {
                        k.with_service(crate::policy::one_service(p))
                    }
                    _ => k,
                },
                Some(KindReason::Configured(
                    self.kind_source
                        .clone()
                        .unwrap_or_else(|| "configuration".into()),
                )),
            ),
            (None, Some(p)) => {
                let (k, r) = infer_kind(p);
                (k, Some(r))
            }
            (None, None) => (PolicyKind::Identity, None),
        }
    }
}

/// The result of checking one document.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub kind: PolicyKind,
    pub kind_reason: Option<KindReason>,
    pub findings: Vec<Finding>,
}

/// Collects findings, applying the rule's default severity and the user's overrides.
pub struct Sink<'o> {
    options: &'o Options,
    pub findings: Vec<Finding>,
    /// The findings of strings checked in the last analysis, when analysing incrementally.
    items: Option<&'o mut cache::Memo>,
}

impl Sink<'_> {
    /// Runs `check` for one string whose raw text (quotes included) is `raw`, found at `start`:
    /// or, when the last analysis checked the same text, replays its findings. Only for checks
    /// whose findings depend on nothing but that text (and the options), and lie within it.
    pub fn memoized(&mut self, raw: &str, start: u32, check: impl FnOnce(&mut Self)) {
        let mut items = self.items.take();
        self.replay_or_check(items.as_deref_mut(), raw, start, check);
        self.items = items;
    }

    /// Replays the findings `memo` holds for `text` found at `start`, or runs `check` and
    /// remembers what it reported. Without a memo (a whole analysis), just runs `check`.
    fn replay_or_check(
        &mut self,
        mut memo: Option<&mut cache::Memo>,
        text: &str,
        start: u32,
        check: impl FnOnce(&mut Self),
    ) {
        if let Some(found) = memo.as_deref_mut().and_then(|m| m.get(text, start)) {
            self.findings.extend(found);
            return;
        }
        let before = self.findings.len();
        check(self);
        if let Some(memo) = memo {
            memo.put(text, start, &self.findings[before..]);
        }
    }

    /// Reports rule `code` at `range`. Returns the finding so callers can attach suggestions.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        range: TextRange,
        message: impl Into<Arc<str>>,
    ) -> Option<&mut Finding> {
        let severity = self.options.severity(rule.code, rule.severity)?;
        self.findings
            .push(Finding::new(rule.code, severity, range, message.into()));
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
    run(text, parse, options, None)
}

/// [`analyze`] for a document being edited: statements whose text is in `cache` reuse their
/// findings instead of being checked again (see [`AnalysisCache`]). The result is the same as
/// [`analyze`]'s.
pub fn analyze_incremental(
    text: &str,
    parse: &Parse,
    options: &Options,
    cache: &mut AnalysisCache,
) -> Analysis {
    run(text, parse, options, Some(cache))
}

/// The text a statement's findings are remembered by: its own, from the start of its line
/// when only indentation and YAML's `- ` stand before it there. A YAML block mapping reads
/// differently at another column (its later lines are indented relative to its first key), so
/// its text alone does not decide its findings; JSON text does, and a JSON statement after
/// others on its line keeps its own text as the key.
/// A digest of the strings and computed values a statement's tree holds: what the checks read,
/// which after a host's lowering need not be what its text says.
fn read_digest(statement: &crate::syntax::Object) -> u64 {
    use crate::syntax::{Object, Value};
    use std::hash::{BuildHasher, Hash, Hasher};
    fn object(o: &Object, h: &mut impl Hasher) {
        for m in &o.members {
            m.key.value.hash(h);
            if let Some(v) = &m.value {
                walk(v, h);
            }
        }
    }
    fn walk(v: &Value, h: &mut impl Hasher) {
        match v {
            Value::Object(o) => object(o, h),
            Value::Array(a) => a.items.iter().for_each(|v| walk(v, h)),
            Value::String(s) => s.value.hash(h),
            Value::Computed(c) => {
                c.function.hash(h);
                if let Some(arg) = &c.arg {
                    walk(arg, h);
                }
            }
            other => other.range().hash(h),
        }
    }
    let mut h = foldhash::fast::FixedState::default().build_hasher();
    object(statement, &mut h);
    h.finish()
}

fn memo_key(text: &str, range: TextRange) -> TextRange {
    let start = range.start as usize;
    let line = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if text[line..start]
        .bytes()
        .all(|c| matches!(c, b' ' | b'\t' | b'-'))
    {
        TextRange::new(line, range.end as usize)
    } else {
        range
    }
}

fn run(
    text: &str,
    parse: &Parse,
    options: &Options,
    cache: Option<&mut AnalysisCache>,
) -> Analysis {
    let policy = Policy::from_parse(parse);
    let (kind, kind_reason) = options.policy_kind(policy.as_ref());
    let (mut statements, items, mut facts_memo) = match cache {
        Some(cache) => {
            cache.begin(options, kind);
            (
                Some(&mut cache.statements),
                Some(&mut cache.items),
                Some(&mut cache.facts),
            )
        }
        None => (None, None, None),
    };
    let mut sink = Sink {
        options,
        findings: Vec::new(),
        items,
    };
    let ctx = Ctx {
        text,
        parse,
        policy: policy.as_ref(),
        kind,
        options,
    };
    // Each statement's memo key: its text, and for a host's lowered policy what it reads (a
    // host's lowering can change what a statement reads without changing its text:
    // `!GetAtt Bucket.Arn` follows the Bucket resource).
    let statements_of = policy.iter().flat_map(|p| &p.statements);
    let keyed: Vec<(&crate::policy::Statement, TextRange, std::borrow::Cow<str>)> = statements_of
        .map(|st| {
            let range = memo_key(text, st.object.map(|o| o.range).unwrap_or_default());
            let written = &text[range.as_range()];
            let key = match (options.lowered, st.object) {
                (true, Some(o)) => {
                    std::borrow::Cow::Owned(format!("{written}\0{:016x}", read_digest(o)))
                }
                _ => std::borrow::Cow::Borrowed(written),
            };
            (st, range, key)
        })
        .collect();
    let facts: Vec<(u32, Arc<checks::StatementFacts>)> = keyed
        .iter()
        .map(|(st, range, key)| {
            let make = || checks::StatementFacts::of(&ctx, st, range.start);
            let f = match facts_memo.as_deref_mut() {
                Some(memo) => memo.get_or(key, make),
                None => Arc::new(make()),
            };
            (range.start, f)
        })
        .collect();
    let borrowed: Vec<(u32, &checks::StatementFacts)> =
        facts.iter().map(|(at, f)| (*at, &**f)).collect();
    checks::run_document(&ctx, &borrowed, &mut sink);
    for (st, range, key) in &keyed {
        sink.replay_or_check(statements.as_deref_mut(), key, range.start, |sink| {
            checks::run_statement(&ctx, st, sink)
        });
    }
    let mut findings = sink.findings;
    if let Some(memo) = statements {
        memo.end();
    }
    if let Some(memo) = facts_memo {
        memo.end();
    }
    if let Some(memo) = sink.items {
        memo.end();
    }
    suppress(text, parse, &mut findings);
    // The full key makes the order independent of the order the checks ran in (a reused
    // statement's findings arrive in one block).
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.code,
            &b.message,
        ))
    });
    Analysis {
        kind,
        kind_reason,
        findings,
    }
}

/// The comment that suppresses findings in JSONC files:
/// `// iam-policy-ls-ignore: code, code` on the line before the finding (or at the end of its
/// line), `// iam-policy-ls-ignore-file: code` for the whole file. Without codes it suppresses
/// every finding there.
pub const SUPPRESS_MARKER: &str = "iam-policy-ls-ignore";

/// A line as the byte offsets of its start and of the next line's.
type LineSpan = (usize, usize);

fn suppress(text: &str, parse: &Parse, findings: &mut Vec<Finding>) {
    // Looked up around each marker and finding rather than through an index of the text: in a
    // template every policy has this text (the whole template), and an index per policy made
    // reading one with a comment in each of its 1,800 policies quadratic.
    let line_of = |offset: usize| crate::text::line_around(text, offset);
    // (the line the suppression applies to, or None for the file; codes or empty for all)
    let mut rules: Vec<(Option<LineSpan>, Vec<String>)> = Vec::new();
    for c in &parse.comments {
        let body = c.text.trim();
        let Some(rest) = body.strip_prefix(SUPPRESS_MARKER) else {
            continue;
        };
        let (whole_file, rest) = match rest.strip_prefix("-file") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let codes: Vec<String> = rest
            .trim_start_matches(':')
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect();
        if whole_file {
            rules.push((None, codes));
            continue;
        }
        let start = c.range.start as usize;
        let line = line_of(start);
        // A comment alone on its line covers the next line; a trailing one covers its own.
        let alone = text[line.0..start].trim().is_empty();
        let covered = if alone {
            // The line after: none when the comment's line ends the text without a break.
            let has_next = line.1 > 0 && matches!(text.as_bytes()[line.1 - 1], b'\n' | b'\r');
            if !has_next {
                continue;
            }
            line_of(line.1)
        } else {
            line
        };
        rules.push((Some(covered), codes));
    }
    if rules.is_empty() {
        return;
    }
    findings.retain(|f| {
        // IAM rejects comments, so in a .json file even a marker comment stays reported.
        if f.code == checks::document::COMMENT_NOT_ALLOWED.code {
            return true;
        }
        let line = line_of(f.range.start as usize);
        !rules.iter().any(|(at, codes)| {
            at.is_none_or(|l| l == line) && (codes.is_empty() || codes.iter().any(|c| c == f.code))
        })
    });
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod suppress_tests {
    use super::*;
    use crate::syntax::parse;

    fn codes(text: &str) -> Vec<&'static str> {
        let options = Options {
            allow_comments: true,
            ..Options::default()
        };
        analyze(text, &parse(text), &options)
            .findings
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn comments_suppress_named_rules() {
        let base = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\",\n";
        let bad =
            "\"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\", \"Sid\": \"a-b\"}]}";
        assert_eq!(codes(&format!("{base}{bad}")), ["invalid-sid"]);
        assert!(
            codes(&format!(
                "{base}// iam-policy-ls-ignore: invalid-sid\n{bad}"
            ))
            .is_empty()
        );
        assert!(codes(&format!("{base}{bad} // iam-policy-ls-ignore")).is_empty());
        assert_eq!(
            codes(&format!("{base}// iam-policy-ls-ignore: empty-sid\n{bad}")),
            ["invalid-sid"]
        );
        assert!(
            codes(&format!(
                "// iam-policy-ls-ignore-file: invalid-sid\n{base}{bad}"
            ))
            .is_empty()
        );
        // In a .json file the comment itself is still an error: IAM rejects comments.
        let text = format!("{base}// iam-policy-ls-ignore: invalid-sid\n{bad}");
        let f: Vec<_> = analyze(&text, &parse(&text), &Options::default())
            .findings
            .into_iter()
            .map(|f| f.code)
            .collect();
        assert_eq!(f, ["comment-not-allowed"]);
        // Lines may end with a lone "\r" (as LSP counts them): the comment covers the next one.
        let cr = |t: &str| t.replace('\n', "\r");
        assert!(
            codes(&cr(&format!(
                "{base}// iam-policy-ls-ignore: invalid-sid\n{bad}"
            )))
            .is_empty()
        );
        assert_eq!(
            codes(&cr(&format!(
                "// iam-policy-ls-ignore: invalid-sid\n\n{base}{bad}"
            ))),
            ["invalid-sid"]
        );
    }
}
