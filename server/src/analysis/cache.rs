//! Incremental analysis: findings kept by the text they were found in, reused while the
//! document is edited.
//!
//! A keystroke changes one statement, and inside it one string. Two memories serve that:
//!
//! - **statements**: the checks in [`super::checks::run_statement`] read only their statement
//!   (plus the policy kind and the options), so every statement whose text did not change has
//!   the findings it had last time, shifted by however far it moved. Only the edited statement
//!   is checked again.
//! - **items**: inside the edited statement, checks that judge one string on its own (an
//!   action name) go through [`super::Sink::memoized`], which replays the findings of a string
//!   seen in the last analysis instead of looking it up in the catalog again.
//!
//! A third memory, **facts**, keeps what the whole-policy checks read of each statement
//! ([`super::checks::StatementFacts`]: its grants of the escalation catalogue's actions, its
//! actions with dependents), by the statement's text, so those checks merge the facts of the
//! unchanged statements instead of reading their entries again.
//!
//! On the largest AWS managed policy (189 KB; three statements of 1,500 actions) this turns a
//! re-analysis of the whole document into a re-check of one string plus bookkeeping.
//!
//! Findings are kept with ranges relative to the start of their text and are cheap to copy
//! (their strings are shared). Each memory keeps only the entries the last analysis used, so
//! it never holds more than one copy of the document's findings. Both empty themselves when the
//! options or the policy kind change, since findings depend on them.

use super::checks::StatementFacts;
use super::{Finding, Options};
use crate::policy::PolicyKind;
use crate::syntax::TextRange;
use std::collections::HashMap;
use std::sync::Arc;

/// Per-document memory of findings. Create one per open document and pass it to
/// [`super::analyze_incremental`] for each version.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    /// What the entries were computed under; a different value empties the cache.
    under: Option<(Options, PolicyKind)>,
    /// Findings of whole statements.
    pub statements: Memo,
    /// Findings of single strings (action names).
    pub items: Memo,
    /// What the whole-policy checks read of each statement.
    pub facts: FactsMemo,
}

impl AnalysisCache {
    /// Starts an analysis under `options` and `kind`.
    pub(super) fn begin(&mut self, options: &Options, kind: PolicyKind) {
        let same = self
            .under
            .as_ref()
            .is_some_and(|(o, k)| *k == kind && o == options);
        if !same {
            self.statements = Memo::default();
            self.items = Memo::default();
            self.facts = FactsMemo::default();
            self.under = Some((options.clone(), kind));
        }
        self.statements.begin();
        self.items.begin();
        self.facts.kept.begin();
    }
}

/// Values by the text they were made from, keeping only what the last analysis used: each
/// entry carries the generation (analysis) that last read or made it, and the end of an
/// analysis drops the others. One hash lookup per text.
#[derive(Debug)]
struct Kept<V> {
    map: HashMap<Box<str>, (V, u32), foldhash::fast::RandomState>,
    generation: u32,
}

impl<V> Default for Kept<V> {
    fn default() -> Self {
        Kept {
            map: HashMap::default(),
            generation: 0,
        }
    }
}

impl<V> Kept<V> {
    fn begin(&mut self) {
        self.generation = self.generation.wrapping_add(1);
    }

    fn get(&mut self, text: &str) -> Option<&V> {
        let generation = self.generation;
        self.map.get_mut(text).map(|(v, seen)| {
            *seen = generation;
            &*v
        })
    }

    fn put(&mut self, text: &str, value: V) {
        self.map.insert(text.into(), (value, self.generation));
    }

    fn end(&mut self) {
        let generation = self.generation;
        self.map.retain(|_, (_, seen)| *seen == generation);
    }
}

/// [`StatementFacts`] by the statement's text (their ranges are relative, so a moved statement
/// keeps them).
#[derive(Debug, Default)]
pub struct FactsMemo {
    kept: Kept<Arc<StatementFacts>>,
}

impl FactsMemo {
    /// The facts of the statement written `text`, made by `make` when they are not known.
    pub(super) fn get_or(
        &mut self,
        text: &str,
        make: impl FnOnce() -> StatementFacts,
    ) -> Arc<StatementFacts> {
        if let Some(facts) = self.kept.get(text) {
            return facts.clone();
        }
        let facts = Arc::new(make());
        self.kept.put(text, facts.clone());
        facts
    }

    /// Ends the analysis: the entries not used this time are dropped.
    pub(super) fn end(&mut self) {
        self.kept.end();
    }

    /// How many statements the memory holds.
    pub fn len(&self) -> usize {
        self.kept.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.map.is_empty()
    }
}

/// Findings by the text they were found in, ranges relative to the text's start.
#[derive(Debug, Default)]
pub struct Memo {
    kept: Kept<Vec<Finding>>,
    /// Counters for tests and benchmarks: texts whose findings were reused, and texts checked.
    pub hits: usize,
    pub misses: usize,
}

impl Memo {
    fn begin(&mut self) {
        self.kept.begin();
        self.hits = 0;
        self.misses = 0;
    }

    /// Ends the analysis: the entries not used this time are dropped.
    pub(super) fn end(&mut self) {
        self.kept.end();
    }

    /// The findings for `text` found at `start`, when known.
    pub(super) fn get(&mut self, text: &str, start: u32) -> Option<Vec<Finding>> {
        let relative = self.kept.get(text)?;
        let found = relative.iter().map(|f| f.shifted(start as i64)).collect();
        self.hits += 1;
        Some(found)
    }

    /// Remembers the findings just made for `text` found at `start`. Findings that reach
    /// outside the text (none do today) would not survive a move, so such text is not kept and
    /// is checked again next time.
    pub(super) fn put(&mut self, text: &str, start: u32, findings: &[Finding]) {
        self.misses += 1;
        let range = TextRange {
            start,
            end: start + text.len() as u32,
        };
        if findings.iter().all(|f| f.within(range)) {
            let relative = findings
                .iter()
                .map(|f| f.shifted(-(start as i64)))
                .collect();
            self.kept.put(text, relative);
        }
    }

    /// How many texts the memory holds.
    pub fn len(&self) -> usize {
        self.kept.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Severity, analyze, analyze_incremental};
    use crate::syntax::parse;
    use proptest::prelude::*;

    /// Three statements with findings of several rules each, and comments (so suppression and
    /// comment findings mix with reused ones).
    const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "A", "Effect": "Allow", "Action": ["s3:getobject", "s3:GetObjekt", "s3:Get*", "s3:GetObject"],
     "Resource": ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/*", "arn:aws:ec2:us-east-1:123:instance/*"]},
    // iam-policy-ls-ignore: action-case
    {"Sid": "B", "Effect": "Allow", "Action": "iam:passrole", "Resource": "*",
     "Condition": {"StringEqual": {"aws:SourceIp": "10.0.0.0/8"}, "IpAddress": {"aws:sourceip": "300.1.1.1"}}},
    {"Sid": "B", "Effect": "Deny", "NotAction": "ec2:*", "NotResource": "arn:aws:s3:::x",
     "Principal": {"AWS": "123"}}
  ]
}"#;

    fn options() -> Options {
        Options {
            allow_comments: true,
            ..Options::default()
        }
    }

    fn incremental(text: &str, options: &Options, cache: &mut AnalysisCache) -> Vec<Finding> {
        analyze_incremental(text, &parse(text), options, cache).findings
    }

    fn fresh(text: &str, options: &Options) -> Vec<Finding> {
        analyze(text, &parse(text), options).findings
    }

    /// The whole-policy checks read each statement's facts: an escalation path split over two
    /// statements, and an action whose dependent is in another, follow edits of either one,
    /// at the right place, as a fresh analysis does.
    #[test]
    fn whole_policy_findings_follow_edits_of_any_statement() {
        let policy = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": "*"},
  {"Effect": "Allow", "Action": ["iam:PassRole", "ecs:RunTask"], "Resource": "*"},
  {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:AddPermission"], "Resource": "*"}
]}"#;
        let options = Options::default();
        let mut cache = AnalysisCache::default();
        // (escalation paths through lambda:AddPermission, ecs:RunTask asking for iam:PassRole)
        let seen = |found: &[Finding]| {
            let count = |code: &str, word: &str| {
                found
                    .iter()
                    .filter(|f| f.code == code && f.message.contains(word))
                    .count()
            };
            (
                count("privilege-escalation", "lambda:AddPermission"),
                count(
                    "missing-dependent-action",
                    "ecs:RunTask also needs iam:PassRole",
                ),
            )
        };
        let steps = [
            (policy.to_string(), (1, 0)),
            // Moves the other statements; the path is still granted.
            (
                policy.replace("s3:ListBucket", "s3:ListBucketVersions"),
                (1, 0),
            ),
            // Removes one of its actions from the third statement: no path.
            (
                policy.replace("\"lambda:AddPermission\"", "\"lambda:GetFunction\""),
                (0, 0),
            ),
            // And back; then iam:PassRole leaves, and ecs:RunTask misses its dependent.
            (policy.to_string(), (1, 0)),
            (policy.replace("\"iam:PassRole\", ", ""), (0, 1)),
        ];
        for (text, want) in &steps {
            let found = incremental(text, &options, &mut cache);
            assert_eq!(found, fresh(text, &options), "{text}");
            assert_eq!(seen(&found), *want, "{text}");
        }
        // The memory holds the facts of the statements of the last version, no more.
        assert_eq!(cache.facts.len(), 3);
    }

    #[test]
    fn reuses_unchanged_statements_and_matches_a_fresh_analysis() {
        let options = options();
        let mut cache = AnalysisCache::default();
        assert_eq!(
            incremental(POLICY, &options, &mut cache),
            fresh(POLICY, &options)
        );
        assert_eq!(
            (
                cache.statements.hits,
                cache.statements.misses,
                cache.statements.len()
            ),
            (0, 3, 3)
        );
        assert!(fresh(POLICY, &options).len() > 10);

        // Typing inside the first statement moves the two others: they are reused, shifted.
        let edited = POLICY.replace("s3:GetObjekt", "s3:GetObjektX");
        assert_eq!(
            incremental(&edited, &options, &mut cache),
            fresh(&edited, &options)
        );
        assert_eq!(
            (
                cache.statements.hits,
                cache.statements.misses,
                cache.statements.len()
            ),
            (2, 1, 3)
        );

        // Inside the edited statement, the untouched action names were replayed: 4 names, one
        // of them edited.
        assert_eq!((cache.items.hits, cache.items.misses), (3, 1));

        // The same text again: everything reused.
        assert_eq!(
            incremental(&edited, &options, &mut cache),
            fresh(&edited, &options)
        );
        assert_eq!((cache.statements.hits, cache.statements.misses), (3, 0));
    }

    #[test]
    fn options_and_policy_kind_empty_the_cache() {
        let mut cache = AnalysisCache::default();
        let options = options();
        incremental(POLICY, &options, &mut cache);
        let mut quieter = options.clone();
        quieter
            .severities
            .insert("action-case".into(), Some(Severity::Warning));
        assert_eq!(
            incremental(POLICY, &quieter, &mut cache),
            fresh(POLICY, &quieter)
        );
        assert_eq!(cache.statements.hits, 0);
        // A Principal in the first statement turns an identity policy into a resource policy:
        // findings of the unchanged second statement depend on that, so it is checked again.
        let second = r#"{"Effect": "Allow", "Action": "s3:getobject", "Resource": "*"}"#;
        let identity = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}}, {second}]}}"#
        );
        incremental(&identity, &options, &mut cache);
        let resource = identity.replacen(
            r#""Effect""#,
            r#""Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Effect""#,
            1,
        );
        assert_eq!(
            incremental(&resource, &options, &mut cache),
            fresh(&resource, &options)
        );
        assert_eq!((cache.statements.hits, cache.statements.misses), (0, 2));
    }

    #[test]
    fn identical_statements_are_both_served() {
        let one = r#"{"Effect": "Allow", "Action": "s3:getobject", "Resource": "*"}"#;
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{one}, {one}]}}"#);
        let options = options();
        let mut cache = AnalysisCache::default();
        incremental(&text, &options, &mut cache);
        let again = text.replacen("[", "[ ", 1);
        assert_eq!(
            incremental(&again, &options, &mut cache),
            fresh(&again, &options)
        );
        assert_eq!(
            (
                cache.statements.hits,
                cache.statements.misses,
                cache.statements.len()
            ),
            (2, 0, 1)
        );
    }

    /// An edit: replace `len` bytes at `at` (both taken modulo the text) with `insert`.
    fn apply(text: &str, at: usize, len: usize, insert: &str) -> String {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        format!("{}{insert}{}", &text[..at], &text[end..])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// Any sequence of edits, broken JSON included: the incremental result after each one
        /// equals a fresh analysis of the same text.
        #[test]
        fn incremental_equals_fresh_after_any_edits(
            edits in proptest::collection::vec(
                (any::<usize>(), 0usize..12, prop::sample::select(vec![
                    "", "a", "*", "\"", ",", "{", "}", "[", "]", ":", "\n", "s3:Get", "\"Effect\": \"Deny\",",
                    "{\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"*\"},",
                ])),
                1..12,
            )
        ) {
            let options = options();
            let mut cache = AnalysisCache::default();
            let mut text = POLICY.to_string();
            incremental(&text, &options, &mut cache);
            for (at, len, insert) in edits {
                text = apply(&text, at, len, insert);
                prop_assert_eq!(incremental(&text, &options, &mut cache), fresh(&text, &options));
            }
        }
    }
}
