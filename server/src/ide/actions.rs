//! Code actions beyond the analysis quick fixes: `refactor.rewrite` on an Action/NotAction
//! element (expand wildcards, collapse into wildcards, sort, string ↔ array) and the `source`
//! actions (fix all, sort every statement's actions).
//!
//! Every rewrite replaces the element's value only, in the document's indentation style, and is
//! not offered when a comment lies inside that value (so no comment is ever lost).

use super::layout::{detect_indent, has_comments_in, line_indent, string_array};
use crate::analysis::{Edit, Finding};
use crate::catalog::{self, Action, cmp_ci};
use crate::policy::Policy;
use crate::syntax::{Member, Parse, StringLit, TextRange, Value};
use std::collections::{BTreeMap, HashSet};

/// Expansions larger than this are not offered (`*` alone is tens of thousands of actions).
pub const MAX_EXPANSION: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssistKind {
    /// `refactor.rewrite`
    Rewrite,
    /// `source.fixAll.iam-policy-ls`
    FixAll,
    /// `source.sortActions`
    SortActions,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assist {
    pub title: String,
    pub kind: AssistKind,
    pub edits: Vec<Edit>,
}

/// The element's strings when its value is a string or an array of strings only.
fn element_items(member: &Member) -> Option<(Vec<&StringLit>, bool)> {
    match member.value.as_ref()? {
        Value::String(s) => Some((vec![s], false)),
        Value::Array(a) if a.closed => a
            .items
            .iter()
            .map(Value::as_string)
            .collect::<Option<Vec<_>>>()
            .map(|v| (v, true)),
        _ => None,
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Sorted (ASCII case-insensitively, as IAM compares actions) without duplicates.
pub fn sort_dedup(items: &[String]) -> Vec<String> {
    let mut out = items.to_vec();
    // Stable: of case-insensitive duplicates, the first written stays.
    out.sort_by(|a, b| cmp_ci(a, b));
    out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    out
}

/// The explicit, sorted list of actions a pattern grants.
fn expansion(pattern: &str) -> Vec<String> {
    let mut names: Vec<String> = catalog::expand(pattern)
        .into_iter()
        .map(Action::full_name)
        .collect();
    names.sort_by(|a, b| cmp_ci(a, b));
    names
}

fn key(a: &Action) -> String {
    a.full_name().to_ascii_lowercase()
}

/// The shortest list of patterns granting exactly the actions the items grant: per service,
/// `svc:*` or `svc:Prefix*` where every catalog action with that prefix is granted, else the
/// exact name. Items the catalog does not know are kept as written. `None` when nothing shrinks
/// or the result cannot be verified by expansion.
pub fn collapse(items: &[String]) -> Option<Vec<String>> {
    let mut granted: HashSet<String> = HashSet::new();
    let mut by_service: BTreeMap<&'static str, Vec<&'static Action>> = BTreeMap::new();
    let mut unknown = Vec::new();
    for item in items {
        let matches = catalog::expand(item);
        if matches.is_empty() {
            unknown.push(item.clone());
        }
        for a in matches {
            if granted.insert(key(a)) {
                by_service.entry(a.service().prefix).or_default().push(a);
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    for (prefix, mut actions) in by_service {
        let service = catalog::service(prefix)?;
        if service.actions().iter().all(|a| granted.contains(&key(a))) {
            out.push(format!("{prefix}:*"));
            continue;
        }
        actions.sort_by(|a, b| cmp_ci(a.name, b.name));
        let mut covered: HashSet<String> = HashSet::new();
        for a in actions {
            if covered.contains(&key(a)) {
                continue;
            }
            let mut chosen = None;
            for len in 1..=a.name.len() {
                if !a.name.is_char_boundary(len) {
                    continue;
                }
                let p = &a.name[..len];
                let matches = service.actions_with_prefix(p);
                if matches.iter().all(|m| granted.contains(&key(m))) {
                    chosen = Some((p, matches));
                    break;
                }
            }
            match chosen {
                Some((p, matches)) if matches.len() > 1 => {
                    out.push(format!("{prefix}:{p}*"));
                    covered.extend(matches.iter().map(key));
                }
                _ => {
                    out.push(a.full_name());
                    covered.insert(key(a));
                }
            }
        }
    }
    // Verify: the patterns grant exactly what the items granted, never more.
    let mut check: HashSet<String> = HashSet::new();
    for p in &out {
        catalog::for_each_match(p, |a| {
            check.insert(key(a));
        });
    }
    if check != granted {
        return None;
    }
    out.extend(unknown);
    let out = sort_dedup(&out);
    (out.len() < sort_dedup(items).len()).then_some(out)
}

/// How a rewritten element value is laid out.
struct Writer<'t> {
    text: &'t str,
    member: &'t Member,
    value: TextRange,
    unit: String,
}

impl Writer<'_> {
    fn inline(&self) -> bool {
        !self.text[self.value.as_range()].contains('\n')
    }
    fn array(&self, items: &[String]) -> Edit {
        let indent = line_indent(self.text, self.member.range.start as usize);
        let width: usize = items.iter().map(|i| i.len() + 4).sum();
        let inline = self.inline() && width + indent.len() < 80;
        Edit {
            range: self.value,
            text: string_array(items, inline, indent, &self.unit),
        }
    }
}

/// The `refactor.rewrite` actions for the Action/NotAction element at `range`.
pub fn rewrites(text: &str, parse: &Parse, range: TextRange) -> Vec<Assist> {
    let Some(policy) = Policy::from_parse(parse) else {
        return Vec::new();
    };
    let at = range.start as usize;
    let member = policy
        .statements
        .iter()
        .flat_map(|s| s.action_members())
        .find(|m| m.range.touches(at));
    let Some(member) = member else {
        return Vec::new();
    };
    let Some(value) = member.value.as_ref() else {
        return Vec::new();
    };
    if has_comments_in(parse, value.range()) {
        return Vec::new();
    }
    let Some((lits, is_array)) = element_items(member) else {
        return Vec::new();
    };
    let items: Vec<String> = lits.iter().map(|s| s.value.clone()).collect();
    let w = Writer {
        text,
        member,
        value: value.range(),
        unit: detect_indent(text),
    };
    let rewrite = |title: String, edit: Edit| Assist {
        title,
        kind: AssistKind::Rewrite,
        edits: vec![edit],
    };
    let mut out = Vec::new();

    // Expand the wildcard under the cursor, or every wildcard.
    let cursor = lits.iter().position(|s| s.range.touches(at));
    if let Some(i) = cursor.filter(|i| has_wildcard(&items[*i])) {
        let expanded = expansion(&items[i]);
        if !expanded.is_empty() && expanded.len() <= MAX_EXPANSION {
            let mut new = items[..i].to_vec();
            new.extend(expanded.iter().cloned());
            new.extend(items[i + 1..].iter().cloned());
            out.push(rewrite(
                format!("Expand `{}` into {} actions", items[i], expanded.len()),
                w.array(&new),
            ));
        }
    }
    let wildcards = items.iter().filter(|i| has_wildcard(i)).count();
    if wildcards > 1 || (wildcards == 1 && cursor.is_none_or(|i| !has_wildcard(&items[i]))) {
        let mut all = Vec::new();
        for item in &items {
            if has_wildcard(item) {
                all.extend(expansion(item));
            } else {
                all.push(item.clone());
            }
        }
        let all = sort_dedup(&all);
        if !all.is_empty() && all.len() <= MAX_EXPANSION {
            out.push(rewrite(
                format!("Expand wildcards into {} actions", all.len()),
                w.array(&all),
            ));
        }
    }
    // Collapse into the fewest patterns that grant exactly the same actions.
    if items.len() > 1
        && let Some(collapsed) = collapse(&items)
    {
        let edit = if collapsed.len() == 1 && !is_array {
            Edit {
                range: w.value,
                text: super::layout::quote(&collapsed[0]),
            }
        } else {
            w.array(&collapsed)
        };
        out.push(rewrite(
            format!(
                "Collapse into {} pattern{} granting the same actions",
                collapsed.len(),
                if collapsed.len() == 1 { "" } else { "s" }
            ),
            edit,
        ));
    }
    // Sort and de-duplicate.
    let sorted = sort_dedup(&items);
    if is_array && sorted != items {
        let title = if sorted.len() < items.len() {
            "Sort actions and remove duplicates"
        } else {
            "Sort actions"
        };
        out.push(rewrite(title.to_string(), w.array(&sorted)));
    }
    // String <-> one-element array.
    if !is_array {
        out.push(rewrite(
            "Wrap in an array".to_string(),
            Edit {
                range: w.value,
                text: string_array(&items, true, "", ""),
            },
        ));
    } else if items.len() == 1 {
        out.push(rewrite(
            "Replace the one-element array with its string".to_string(),
            Edit {
                range: w.value,
                text: super::layout::quote(&items[0]),
            },
        ));
    }
    out
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start == b.start)
}

/// `source.fixAll`: every preferred fix of the findings, skipping any that overlaps one taken
/// before it (findings come sorted by position).
pub fn fix_all(findings: &[Finding]) -> Option<Assist> {
    let mut edits: Vec<Edit> = Vec::new();
    for f in findings {
        for fix in f.all_fixes().iter().filter(|x| x.preferred) {
            let clash = fix
                .edits
                .iter()
                .any(|e| edits.iter().any(|t| overlaps(e.range, t.range)));
            if !clash {
                edits.extend(fix.edits.iter().cloned());
            }
        }
    }
    (!edits.is_empty()).then(|| Assist {
        title: "Fix all auto-fixable problems".to_string(),
        kind: AssistKind::FixAll,
        edits,
    })
}

/// `source.sortActions`: sorts (and de-duplicates) the actions of every statement.
pub fn sort_all_actions(text: &str, parse: &Parse) -> Option<Assist> {
    let policy = Policy::from_parse(parse)?;
    let unit = detect_indent(text);
    let mut edits = Vec::new();
    for member in policy.statements.iter().flat_map(|s| s.action_members()) {
        let Some((lits, true)) = element_items(member) else {
            continue;
        };
        let value = member.value.as_ref().map(Value::range).unwrap_or_default();
        if has_comments_in(parse, value) {
            continue;
        }
        let items: Vec<String> = lits.iter().map(|s| s.value.clone()).collect();
        let sorted = sort_dedup(&items);
        if sorted != items {
            let w = Writer {
                text,
                member,
                value,
                unit: unit.clone(),
            };
            edits.push(w.array(&sorted));
        }
    }
    (!edits.is_empty()).then(|| Assist {
        title: "Sort actions in every statement".to_string(),
        kind: AssistKind::SortActions,
        edits,
    })
}

/// Applies non-overlapping edits to a text (tests and callers that preview).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range.as_range(), &e.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::cursor;
    use crate::syntax::parse;

    fn policy(action: &str) -> String {
        format!(
            "{{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {{\n            \"Effect\": \"Allow\",\n            \"Action\": {action},\n            \"Resource\": \"*\"\n        }}\n    ]\n}}\n"
        )
    }

    /// The titles offered at the cursor, and the text after applying the one whose title starts
    /// with `pick`.
    fn run(fixture: &str, pick: &str) -> (Vec<String>, Option<String>) {
        let (text, at) = cursor(fixture);
        let parse = parse(&text);
        let assists = rewrites(&text, &parse, TextRange::new(at, at));
        let titles = assists.iter().map(|a| a.title.clone()).collect();
        let applied = assists
            .iter()
            .find(|a| a.title.starts_with(pick))
            .map(|a| apply(&text, &a.edits));
        (titles, applied)
    }

    #[test]
    fn expands_a_wildcard_into_the_sorted_list() {
        let (titles, text) = run(&policy("\"logs:PutLog$0*\""), "Expand `logs:PutLog*`");
        assert!(titles.iter().any(|t| t == "Wrap in an array"), "{titles:?}");
        let text = text.expect("expand offered");
        let expected = expansion("logs:PutLog*");
        assert!(expected.len() > 1, "{expected:?}");
        let quoted: Vec<String> = expected.iter().map(|a| format!("\"{a}\"")).collect();
        assert!(
            text.contains(&format!("\"Action\": [{}],", quoted.join(", "))),
            "{text}"
        );
    }

    #[test]
    fn expansion_is_multiline_in_the_document_style() {
        let (_, text) = run(&policy("\"s3:GetObject$0*\""), "Expand");
        let text = text.unwrap();
        assert!(
            text.contains("\"Action\": [\n                \"s3:GetObject\",\n                \"s3:GetObjectAcl\","),
            "{text}"
        );
        assert!(text.contains("\n            ],\n"), "{text}");
    }

    #[test]
    fn collapse_never_grants_more() {
        let all = expansion("s3:GetObject*");
        let collapsed = collapse(&all).expect("collapses");
        assert_eq!(collapsed.len(), 1, "{collapsed:?}");
        assert_eq!(expansion(&collapsed[0]), all);
        // Without one of them, no `s3:GetObject*`: every pattern is exact.
        let fewer: Vec<String> = all[1..].to_vec();
        let c = collapse(&fewer).unwrap_or(fewer.clone());
        let mut granted: Vec<String> = c.iter().flat_map(|p| expansion(p)).collect();
        granted.sort_by(|a, b| cmp_ci(a, b));
        assert_eq!(granted, fewer);
        // Unknown items are kept as written.
        let mut items = all.clone();
        items.push("foo:Bar".into());
        assert_eq!(
            collapse(&items).unwrap(),
            ["foo:Bar", collapsed[0].as_str()]
        );
        // A whole service collapses to svc:*.
        assert_eq!(collapse(&expansion("sts:*")).unwrap(), ["sts:*"]);
    }

    #[test]
    fn collapse_action_rewrites_the_element() {
        let items: Vec<String> = expansion("logs:Describe*")
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect();
        let fixture = policy(&format!("[$0{}]", items.join(", ")));
        let (_, text) = run(&fixture, "Collapse");
        let text = text.unwrap();
        // The shortest prefix that grants exactly logs:Describe*.
        assert!(text.contains("\"Action\": [\"logs:Des*\"],"), "{text}");
        assert_eq!(expansion("logs:Des*"), expansion("logs:Describe*"));
    }

    #[test]
    fn sorts_and_deduplicates() {
        let (_, text) = run(
            &policy("[\"s3:PutObject\", $0\"s3:GetObject\", \"S3:putobject\"]"),
            "Sort actions and remove duplicates",
        );
        assert!(
            text.unwrap()
                .contains("\"Action\": [\"s3:GetObject\", \"s3:PutObject\"],")
        );
    }

    #[test]
    fn string_and_one_element_array_convert() {
        let (_, text) = run(&policy("\"s3:Get$0Object\""), "Wrap in an array");
        assert!(text.unwrap().contains("\"Action\": [\"s3:GetObject\"],"));
        let (_, text) = run(&policy("[\"s3:Get$0Object\"]"), "Replace the one-element");
        assert!(text.unwrap().contains("\"Action\": \"s3:GetObject\","));
    }

    #[test]
    fn nothing_is_offered_over_comments_or_outside_actions() {
        let (titles, _) = run(&policy("[\"s3:Get$0Object\" /* keep */]"), "");
        assert!(titles.is_empty(), "{titles:?}");
        let (titles, _) = run(&policy("\"s3:GetObject\"").replace("\"*\"", "\"*$0\""), "");
        assert!(titles.is_empty(), "{titles:?}");
    }

    #[test]
    fn sort_all_actions_touches_every_statement() {
        let text = "{\"Statement\": [\n\t{\"Effect\": \"Allow\", \"Action\": [\"b:B\", \"a:A\"]},\n\t{\"Effect\": \"Deny\", \"NotAction\": [\n\t\t\"d:D\",\n\t\t\"c:C\"\n\t]}\n]}";
        let a = sort_all_actions(text, &parse(text)).unwrap();
        assert_eq!(
            apply(text, &a.edits),
            "{\"Statement\": [\n\t{\"Effect\": \"Allow\", \"Action\": [\"a:A\", \"b:B\"]},\n\t{\"Effect\": \"Deny\", \"NotAction\": [\n\t\t\"c:C\",\n\t\t\"d:D\"\n\t]}\n]}"
        );
    }

    #[test]
    fn fix_all_takes_preferred_non_overlapping_fixes() {
        let text = policy("[\"s3:GetObjekt\", \"logs:PutLogEvent\"]");
        let options = crate::analysis::Options::default();
        let a = crate::analysis::analyze(&text, &parse(&text), &options);
        let fixed = fix_all(&a.findings).map(|f| apply(&text, &f.edits));
        let fixed = fixed.expect("preferred fixes exist");
        assert!(fixed.contains("s3:GetObject\""), "{fixed}");
        assert!(fixed.contains("logs:PutLogEvents"), "{fixed}");
    }
}
