//! The analysis of a host document: every embedded policy checked as the kind its property
//! says, the host's own findings, and every fix written in the host's syntax. The server and
//! `check` both come through here, so the editor and CI never disagree.

use super::{Embedded, Format, Host, edits};
use crate::analysis::{Analysis, AnalysisCache, Finding, Options, analyze, analyze_incremental};
use crate::syntax::Parse;
use std::collections::HashMap;

/// The options to check one embedded policy under: its kind from its property, comments
/// allowed in YAML, no Version asked of a bare statement list.
pub fn policy_options(format: Format, policy: &Embedded, options: &Options) -> Options {
    let mut o = options.clone();
    if let Some(kind) = policy.kind {
        o.kind = Some(kind);
        o.kind_source = Some(
            policy
                .origin
                .as_ref()
                .map(|origin| origin.describe())
                .unwrap_or_else(|| "the template".into()),
        );
    }
    o.allow_comments |= format == Format::Yaml;
    o.statements_only = policy.statements_only;
    o.lowered = policy.origin.is_some();
    o
}

/// What an open document remembers between analyses of its versions, so that a keystroke
/// costs the policy it changed:
/// - each policy's findings, by its reading ([`Embedded::same_reading`]): a policy that an
///   incremental re-read kept or moved is not analysed again, its findings move with it;
/// - per policy position, the statement memo ([`AnalysisCache`]), for the policy that was
///   read again (after a full read, every policy is: its unchanged statements are reused).
#[derive(Debug, Default)]
pub struct HostCache {
    /// The options the memos were made under.
    options: Option<Options>,
    policies: Vec<Memo>,
    statements: Vec<AnalysisCache>,
}

/// One policy's analysis, its findings written in the host's syntax.
#[derive(Debug)]
struct Memo {
    policy: Embedded,
    analysis: Analysis,
}

/// Checks a document as `check` does: a JSON document that is no template is checked as a policy
/// whatever it holds (so its syntax errors are reported); any other host gets its policies
/// checked in place ([`analyze_host`]).
pub fn analyze_document(text: &str, host: &Host, options: &Options) -> Analysis {
    match (host.kind, &host.json) {
        (super::HostKind::Other, Some(json)) => crate::analysis::analyze(text, json, options),
        _ => analyze_host(text, host, options, None),
    }
}

/// Checks every policy of the host. With `cache`, only the policies not seen in the last
/// analysis are checked (see [`HostCache`]); without it, every policy is checked afresh.
pub fn analyze_host(
    text: &str,
    host: &Host,
    options: &Options,
    mut cache: Option<&mut HostCache>,
) -> Analysis {
    let mut out = Analysis::default();
    let mut memos = Vec::new();
    let mut known: HashMap<*const Parse, usize> = HashMap::new();
    if let Some(cache) = cache.as_deref_mut() {
        if cache.options.as_ref() == Some(options) {
            memos = std::mem::take(&mut cache.policies);
            known = memos
                .iter()
                .enumerate()
                .map(|(i, m)| (m.policy.reading(), i))
                .collect();
        } else {
            cache.options = Some(options.clone());
            cache.policies.clear();
        }
    }
    let mut kept = Vec::new();
    for (i, policy) in host.policies.iter().enumerate() {
        let memo = known.get(&policy.reading()).map(|&j| &memos[j]);
        let analysis = match memo {
            Some(m) => {
                let by = policy.moved_by(&m.policy);
                Analysis {
                    kind: m.analysis.kind,
                    kind_reason: m.analysis.kind_reason.clone(),
                    findings: m.analysis.findings.iter().map(|f| f.shifted(by)).collect(),
                }
            }
            None => {
                let statements = cache.as_deref_mut().map(|c| {
                    if c.statements.len() <= i {
                        c.statements.resize_with(i + 1, AnalysisCache::default);
                    }
                    &mut c.statements[i]
                });
                analyze_policy(text, host.format, policy, options, statements)
            }
        };
        if i == 0 {
            out.kind = analysis.kind;
            out.kind_reason = analysis.kind_reason.clone();
        }
        if cache.is_some() {
            let range = policy.range();
            if analysis.findings.iter().all(|f| f.within(range)) {
                kept.push(Memo {
                    policy: policy.clone(),
                    analysis: analysis.clone(),
                });
            }
        }
        out.findings.extend(analysis.findings);
    }
    if let Some(cache) = cache {
        cache.policies = kept;
        cache.statements.truncate(host.policies.len().max(1));
    }
    out.findings.extend(
        host.findings
            .iter()
            .filter_map(|f| with_severity(f, options)),
    );
    if host.policies.len() > 1 || !host.findings.is_empty() {
        out.findings.sort_by(|a, b| {
            (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
        });
    }
    out
}

/// Checks one policy of the host as its property says, its fixes written in the host's syntax.
fn analyze_policy(
    text: &str,
    format: Format,
    policy: &Embedded,
    options: &Options,
    statements: Option<&mut AnalysisCache>,
) -> Analysis {
    let o = policy_options(format, policy, options);
    let mut analysis = match statements {
        Some(cache) => analyze_incremental(text, policy.parse(), &o, cache),
        None => analyze(text, policy.parse(), &o),
    };
    if format != Format::Json || policy.in_string {
        analysis.findings = std::mem::take(&mut analysis.findings)
            .into_iter()
            .map(|f| in_host_syntax(text, format, policy, f))
            .collect();
    }
    analysis
}

/// A finding whose fixes are kept only where they can be written in the host's syntax (the
/// "did you mean" replacements become plain fixes so each can be checked).
fn in_host_syntax(text: &str, format: Format, policy: &Embedded, mut f: Finding) -> Finding {
    if !f.has_fix() {
        return f;
    }
    let fixes: Vec<_> = f
        .all_fixes()
        .iter()
        .filter_map(|fix| edits::adapt_fix(text, format, policy, fix))
        .collect();
    f.suggest_at = None;
    f.fixes = fixes;
    f
}

/// A host finding under the user's severities (`None` when its rule is off).
fn with_severity(f: &Finding, options: &Options) -> Option<Finding> {
    let severity = options.severity(f.code, f.severity)?;
    let mut f = f.clone();
    f.severity = severity;
    Some(f)
}
