//! The whole analysis (parse, policy model, kind inference, every check) on arbitrary text,
//! with the options picked by the first byte: no panic, no hang, findings and fixes inside the
//! text, and their conversion to LSP positions. The incremental analysis the server runs (a
//! cache primed with the text, then the text with a character inserted) equals a fresh one.

#![no_main]

#[path = "common.rs"]
mod common;

use iam_policy_ls::analysis::{AnalysisCache, Options, analyze, analyze_incremental};
use iam_policy_ls::text::LineIndex;
use iam_policy_ls::policy::PolicyKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let kinds = PolicyKind::ALL;
    let options = Options {
        kind: match (first & 7) as usize {
            k if k < kinds.len() => Some(kinds[k]),
            _ => None,
        },
        allow_comments: first & 8 != 0,
        ..Options::default()
    };
    let parse = iam_policy_ls::syntax::parse(&text);
    let _ = parse.root.as_ref().map(iam_policy_ls::host::is_policy);
    let analysis = analyze(&text, &parse, &options);
    let lines = LineIndex::new(&text);
    for f in &analysis.findings {
        common::check_range(&text, f.range, f.code);
        common::check_positions(&text, &lines, f.range);
        for fix in &f.all_fixes() {
            for e in &fix.edits {
                common::check_range(&text, e.range, "fix edit");
            }
        }
    }
    let mut cache = AnalysisCache::default();
    let primed = analyze_incremental(&text, &parse, &options, &mut cache);
    assert_eq!(primed.findings, analysis.findings);
    let mut at = text.len() / 2;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let edited = format!("{}x{}", &text[..at], &text[at..]);
    let edited_parse = iam_policy_ls::syntax::parse(&edited);
    let incremental = analyze_incremental(&edited, &edited_parse, &options, &mut cache);
    assert_eq!(
        incremental.findings,
        analyze(&edited, &edited_parse, &options).findings
    );
});
