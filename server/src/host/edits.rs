//! Edits in the host's own syntax. The checks and the IDE write their fixes for JSON; in a YAML
//! host (or inside a policy written as a string) an edit is kept only where it is safe there:
//! it replaces text inside one scalar, and the new text needs no quoting that scalar's style
//! cannot give it. What cannot be written safely is not offered.

use super::{Embedded, Format};
use crate::analysis::{Edit, Fix};
use crate::syntax::{StringLit, TextRange, Value};

/// The fix as it can be applied in the host, or `None`.
pub fn adapt_fix(text: &str, format: Format, policy: &Embedded, fix: &Fix) -> Option<Fix> {
    Some(Fix {
        title: fix.title.clone(),
        edits: adapt_edits(text, format, policy, &fix.edits)?,
        preferred: fix.preferred,
    })
}

/// Edits made for JSON, as they can be applied in the host: all of them, or `None`.
pub fn adapt_edits(
    text: &str,
    format: Format,
    policy: &Embedded,
    edits: &[Edit],
) -> Option<Vec<Edit>> {
    if format == Format::Json && !policy.in_string {
        return Some(edits.to_vec());
    }
    let root = policy.parse().root.as_ref()?;
    edits
        .iter()
        .map(|e| adapt_edit(text, format, policy.in_string, root, e))
        .collect()
}

fn adapt_edit(
    text: &str,
    format: Format,
    in_string: bool,
    root: &Value,
    edit: &Edit,
) -> Option<Edit> {
    let (lit, flow) = scalar_at(text, root, edit.range, false)?;
    let content = lit.content_range();
    if lit.has_escapes || edit.range.start < content.start || edit.range.end > content.end {
        return None;
    }
    let raw = text.get(lit.range.as_range())?;
    if in_string {
        // Inside a policy written as a string, a JSON string's text is the host's one to one
        // only where no quoting is involved.
        let plain = !edit.text.contains(['"', '\\', '\n', '\''])
            && (format == Format::Yaml || !raw.contains('\\'));
        return plain.then(|| edit.clone());
    }
    match raw.as_bytes().first() {
        Some(b'"') => (!edit.text.contains(['"', '\\', '\n'])).then(|| edit.clone()),
        Some(b'\'') => (!edit.text.contains(['\'', '\n'])).then(|| edit.clone()),
        _ => {
            // A plain scalar: the edit as it is when the new text stays a plain scalar, else
            // the whole scalar rewritten, quoted.
            let start = (edit.range.start - lit.range.start) as usize;
            let end = (edit.range.end - lit.range.start) as usize;
            let new = format!("{}{}{}", &raw[..start], edit.text, &raw[end..]);
            if plain_safe(&new, flow) {
                Some(edit.clone())
            } else {
                (!new.contains('\n')).then(|| Edit {
                    range: lit.range,
                    text: yaml_scalar(&new, flow),
                })
            }
        }
    }
}

/// The string scalar whose range contains `range`, and whether it sits in a flow collection.
fn scalar_at<'v>(
    text: &str,
    value: &'v Value,
    range: TextRange,
    flow: bool,
) -> Option<(&'v StringLit, bool)> {
    let inside = |r: TextRange| r.start <= range.start && range.end <= r.end;
    // Block collections start at their first item; flow ones at their bracket.
    let flow_here = |r: TextRange| {
        flow || matches!(
            text.as_bytes().get(r.start as usize),
            Some(b'[') | Some(b'{')
        )
    };
    match value {
        Value::String(s) if inside(s.range) => Some((s, flow)),
        Value::Object(o) => {
            let flow = flow_here(o.range);
            for m in &o.members {
                if inside(m.key.range) {
                    return Some((&m.key, flow));
                }
                if let Some(v) = m.value.as_ref().filter(|v| inside(v.range())) {
                    return scalar_at(text, v, range, flow);
                }
            }
            None
        }
        Value::Array(a) => {
            let flow = flow_here(a.range);
            a.items
                .iter()
                .find(|v| inside(v.range()))
                .and_then(|v| scalar_at(text, v, range, flow))
        }
        // A lowered `Fn::If` keeps its branches as written.
        Value::Computed(c) => c
            .arg
            .as_deref()
            .filter(|a| inside(a.range()))
            .and_then(|a| scalar_at(text, a, range, flow)),
        _ => None,
    }
}

/// Whether `s` can be written as a YAML plain scalar here, meaning the same string.
pub fn plain_safe(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s != s.trim() || s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if s.contains(['\n', '\t', '"', '\'']) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    // Words YAML would read as something other than a string.
    !matches!(
        s,
        "null" | "Null" | "NULL" | "~" | "true" | "false" | "yes" | "no"
    )
}

/// `s` as a YAML scalar: plain when it can be, else single-quoted.
pub fn yaml_scalar(s: &str, flow: bool) -> String {
    if plain_safe(s, flow) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// A completion item made for JSON, written for a YAML host: `"Name": "$1"` becomes
/// `Name: $1`, a quoted value becomes a plain scalar where it can be one. `None` when the item's
/// text has a shape this cannot rewrite (it is then not offered).
pub fn yaml_completion(
    text: &str,
    mut item: crate::ide::CompletionItem,
) -> Option<crate::ide::CompletionItem> {
    let line_start = text[..(item.range.start as usize).min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let before = &text[line_start..(item.range.start as usize).min(text.len())];
    let flow = before.contains(['[', '{']);
    let insert = std::mem::take(&mut item.insert);
    item.insert = if let Some((key, value)) = split_member(&insert) {
        let value = yaml_snippet_value(value, flow)?;
        if value.starts_with('\n') {
            format!("{key}:{value}")
        } else {
            format!("{key}: {value}")
        }
    } else if let Some(inner) = insert
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|s| !s.contains('"'))
    {
        if item.snippet || plain_safe(inner, flow) {
            inner.to_string()
        } else {
            yaml_scalar(inner, flow)
        }
    } else if insert.contains(['{', '\n']) && !item.snippet {
        return None;
    } else if !item.snippet && !plain_safe(&insert, flow) && !insert.is_empty() {
        // Inside a plain scalar: the whole scalar is replaced, quoted when it must be.
        yaml_scalar(&insert, flow)
    } else {
        insert
    };
    if item.insert.contains(['{', '}']) && item.insert.contains("\n") {
        return None;
    }
    item.filter = item.filter.trim_matches('"').to_string();
    Some(item)
}

/// The ARN completions of a template's policy, also in the template's own idiom: for each ARN
/// template (`arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}`), an item
/// that writes it as an `Fn::Sub` of the pseudo parameters, with the resource's own parts as
/// tab stops: `!Sub "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:…"`
/// in YAML, `{"Fn::Sub": "…"}` in JSON. It replaces the whole value, quotes included, and
/// sorts right after the plain item.
pub fn sub_arn_completions(
    text: &str,
    format: Format,
    items: &[crate::ide::CompletionItem],
) -> Vec<crate::ide::CompletionItem> {
    use crate::ide::CompletionKind;
    let b = text.as_bytes();
    items
        .iter()
        .filter(|i| i.kind == CompletionKind::Resource && i.label.starts_with("arn:${Partition}"))
        .map(|i| {
            let mut range = i.range;
            let (start, end) = (range.start as usize, range.end as usize);
            let quote = start
                .checked_sub(1)
                .and_then(|q| b.get(q))
                .filter(|&&q| q == b'"' || q == b'\'');
            if let Some(&q) = quote {
                range.start -= 1;
                if b.get(end) == Some(&q) {
                    range.end += 1;
                }
            }
            let sub = sub_snippet(&i.label);
            let insert = match format {
                Format::Yaml => format!("!Sub \"{sub}\""),
                Format::Json => format!("{{\"Fn::Sub\": \"{sub}\"\\}}"),
            };
            let mut twin = i.clone();
            twin.label = pseudo_parameters(&i.label);
            twin.detail = i.detail.as_ref().map(|d| format!("{d}, Fn::Sub"));
            twin.insert = insert;
            twin.snippet = true;
            twin.range = range;
            twin.filter = match quote {
                Some(&q) => format!("{}{}", q as char, i.filter),
                None => i.filter.clone(),
            };
            twin.sort = format!("{}s", i.sort);
            twin
        })
        .collect()
}

/// An ARN template with CloudFormation's pseudo parameters for the partition, region and
/// account.
fn pseudo_parameters(template: &str) -> String {
    template
        .replacen("${Partition}", "${AWS::Partition}", 1)
        .replacen("${Region}", "${AWS::Region}", 1)
        .replacen("${Account}", "${AWS::AccountId}", 1)
}

/// The `Fn::Sub` string of an ARN template as a snippet: the pseudo parameters written out
/// (escaped), every other placeholder a tab stop named after it.
fn sub_snippet(template: &str) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    let mut n = 1;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let Some(len) = rest[at..].find('}') else {
            break;
        };
        match &rest[at + 2..at + len] {
            "Partition" => out.push_str("\\${AWS::Partition\\}"),
            "Region" => out.push_str("\\${AWS::Region\\}"),
            "Account" => out.push_str("\\${AWS::AccountId\\}"),
            name => {
                out.push_str(&format!("${{{n}:{name}}}"));
                n += 1;
            }
        }
        rest = &rest[at + len + 1..];
    }
    out.push_str(rest);
    out
}

/// `"Name": value` (a key completion) -> (`Name`, `value`).
fn split_member(insert: &str) -> Option<(&str, &str)> {
    let rest = insert.strip_prefix('"')?;
    let (key, value) = rest.split_once("\": ")?;
    (!key.contains('"')).then_some((key, value))
}

/// A JSON value snippet as YAML: `"$1"` -> `$1`, `[\n\t"$1"\n]` -> a block sequence,
/// `{\n\t"$1": "$2"\n}` -> a block mapping.
fn yaml_snippet_value(value: &str, flow: bool) -> Option<String> {
    if let Some(inner) = value.strip_prefix('"').and_then(|s| s.strip_suffix('"'))
        && !inner.contains('"')
    {
        return Some(inner.to_string());
    }
    let lines: Vec<&str> = value.lines().collect();
    match (lines.first(), lines.last()) {
        (Some(&"["), Some(&"]")) if !flow => {
            let items: Option<Vec<String>> = lines[1..lines.len() - 1]
                .iter()
                .map(|l| {
                    let t = l.trim().trim_end_matches(',');
                    let t = t.strip_prefix('"')?.strip_suffix('"')?;
                    Some(format!("\n\t- {t}"))
                })
                .collect();
            Some(items?.concat())
        }
        (Some(&"{"), Some(&"}")) if !flow => {
            let members: Option<Vec<String>> = lines[1..lines.len() - 1]
                .iter()
                .map(|l| {
                    let t = l.trim().trim_end_matches(',');
                    let (k, v) = split_member(t)?;
                    let v = yaml_snippet_value(v, false)?;
                    Some(format!("\n\t{k}: {v}"))
                })
                .collect();
            Some(members?.concat())
        }
        _ if !value.contains(['\n', '"']) => Some(value.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_in_the_templates_idiom() {
        let template = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
        assert_eq!(
            sub_snippet(template),
            "arn:\\${AWS::Partition\\}:logs:\\${AWS::Region\\}:\\${AWS::AccountId\\}:log-group:${1:LogGroupName}"
        );
        assert_eq!(
            pseudo_parameters(template),
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroupName}"
        );
    }

    #[test]
    fn plain_scalars() {
        assert!(plain_safe("s3:GetObject", true));
        assert!(plain_safe("arn:aws:s3:::bucket/*", true));
        assert!(!plain_safe("*", false));
        assert!(!plain_safe("a: b", false));
        assert!(plain_safe("arn:aws:s3:::b/${aws:username}", false));
        assert!(!plain_safe("arn:aws:s3:::b/${aws:username}", true));
        assert_eq!(yaml_scalar("*", false), "'*'");
        assert_eq!(yaml_scalar("it's: x", false), "'it''s: x'");
    }
}
