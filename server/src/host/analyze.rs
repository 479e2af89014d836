//! The analysis of a host document: every embedded policy checked as the kind its property
//! says, the host's own findings, and every fix written in the host's syntax. The server and
//! `check` both come through here, so the editor and CI never disagree.

use super::{Embedded, Format, Host, edits};
use crate::analysis::{Analysis, AnalysisCache, Finding, Options, analyze, analyze_incremental};

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
    o.service = policy.service.clone();
    o
}

/// Checks every policy of the host. `caches`, one per policy (grown as needed), make it
/// incremental; without them every policy is checked afresh.
pub fn analyze_host(
    text: &str,
    host: &Host,
    options: &Options,
    mut caches: Option<&mut Vec<AnalysisCache>>,
) -> Analysis {
    let mut out = Analysis::default();
    for (i, policy) in host.policies.iter().enumerate() {
        let o = policy_options(host.format, policy, options);
        let analysis = match caches.as_deref_mut() {
            Some(caches) => {
                if caches.len() <= i {
                    caches.resize_with(i + 1, AnalysisCache::default);
                }
                analyze_incremental(text, &policy.parse, &o, &mut caches[i])
            }
            None => analyze(text, &policy.parse, &o),
        };
        if i == 0 {
            out.kind = analysis.kind;
            out.kind_reason = analysis.kind_reason.clone();
        }
        let plain = host.format == Format::Json && !policy.in_string;
        if plain {
            out.findings.extend(analysis.findings);
        } else {
            out.findings.extend(
                analysis
                    .findings
                    .into_iter()
                    .map(|f| in_host_syntax(text, host.format, policy, f)),
            );
        }
    }
    if let Some(caches) = caches {
        caches.truncate(host.policies.len().max(1));
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
