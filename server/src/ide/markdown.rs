//! Markdown renderings of catalog entries, shared by hover and completion documentation.

use crate::catalog::{self, Action, ConditionKey};

/// A full description of an action: what completion's documentation and hover show.
pub fn action_doc(a: &Action) -> String {
    let mut out = format!(
        "**{}** · {}\n\n{}\n",
        a.full_name(),
        a.access.label(),
        a.description
    );
    if !a.resources.is_empty() {
        out.push_str("\n**Resource types**\n");
        for r in a.resources {
            let arn = r
                .resource_type()
                .and_then(|t| t.arns.first())
                .copied()
                .unwrap_or("");
            let required = if r.required { " (required)" } else { "" };
            out.push_str(&format!("- `{}`{required}: `{arn}`\n", r.name));
        }
    } else {
        out.push_str("\nResource: `*` only (the action takes no resource type).\n");
    }
    let keys: Vec<&str> = {
        let mut keys: Vec<&str> = a.all_condition_keys().collect();
        keys.sort_unstable_by_key(|k| k.to_ascii_lowercase());
        keys.dedup();
        keys
    };
    let link = if a.doc.is_empty() {
        a.service().doc
    } else {
        a.doc
    };
    names_line(&mut out, "Condition keys", &keys, link);
    names_line(&mut out, "Dependent actions", a.dependent_actions, link);
    if !link.is_empty() {
        out.push_str(&format!("\n[AWS reference]({link})\n"));
    }
    out
}

/// The most names a hover lists in one line (`sts:AssumeRoleWithWebIdentity` takes about 100
/// condition keys): a hover must fit a screen, the reference has the rest.
const NAMES_LIMIT: usize = 12;

/// `**What**: `a`, `b`, ...`, cut at [`NAMES_LIMIT`] with how many more the reference lists.
fn names_line(out: &mut String, what: &str, names: &[&str], reference: &str) {
    if names.is_empty() {
        return;
    }
    out.push_str(&format!("\n**{what}** ({}): ", names.len()));
    let shown: Vec<String> = names
        .iter()
        .take(NAMES_LIMIT)
        .map(|k| format!("`{k}`"))
        .collect();
    out.push_str(&shown.join(", "));
    if names.len() > NAMES_LIMIT {
        let more = names.len() - NAMES_LIMIT;
        if reference.is_empty() {
            out.push_str(&format!(" … and {more} more"));
        } else {
            out.push_str(&format!(
                " … and {more} more in the [reference]({reference})"
            ));
        }
    }
    out.push('\n');
}

/// A description of a condition key.
pub fn key_doc(k: &ConditionKey) -> String {
    let origin = match k.service() {
        None => "global condition key".to_string(),
        Some(s) => format!("{} condition key", s.name),
    };
    let multi = if k.key_type.is_multivalued() {
        " · multivalued: use `ForAnyValue:`/`ForAllValues:`"
    } else {
        ""
    };
    let deprecated = if k.deprecated {
        "\n\n**Deprecated.**"
    } else {
        ""
    };
    format!(
        "**{}** · {} · {origin}{multi}\n\n{}{deprecated}\n",
        k.name,
        k.key_type.name(),
        k.description
    )
}

/// A description of a service prefix.
pub fn service_doc(s: &catalog::Service) -> String {
    let mut out = format!(
        "**{}** (`{}`) · {} actions\n",
        s.name,
        s.prefix,
        s.actions().len()
    );
    if !s.doc.is_empty() {
        out.push_str(&format!(
            "\n[Actions, resources and condition keys]({})\n",
            s.doc
        ));
    }
    out
}

/// Markdown as plain text, for clients that did not ask for Markdown and for a terminal: no
/// `**`, backticks or fences; a heading's `#`s dropped; `[text](url)` as `text: url`; `\*` as `*`.
pub fn to_plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            continue;
        }
        let line = match line.strip_prefix('#') {
            Some(_) => line.trim_start_matches('#').trim_start(),
            None => line,
        };
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\\' if i + 1 < b.len() && b[i + 1].is_ascii_punctuation() => {
                    out.push(b[i + 1] as char);
                    i += 2;
                }
                b'*' if b.get(i + 1) == Some(&b'*') => i += 2,
                b'`' => i += 1,
                b'[' => match link(&line[i..]) {
                    Some((text, url, len)) => {
                        out.push_str(text);
                        out.push_str(": ");
                        out.push_str(url);
                        i += len;
                    }
                    None => {
                        out.push('[');
                        i += 1;
                    }
                },
                _ => {
                    let c = line[i..].chars().next().unwrap_or(' ');
                    out.push(c);
                    i += c.len_utf8();
                }
            }
        }
        out.push('\n');
    }
    if !md.ends_with('\n') {
        out.pop();
    }
    out
}

/// `[text](url)` at the start of `s`: the text, the URL and the length of the link.
fn link(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let end = close + s[close..].find(')')?;
    let text = &s[1..close];
    (!text.contains('[')).then(|| (text, &s[close + 2..end], end + 1))
}

#[cfg(test)]
mod tests {
    use super::to_plain;

    #[test]
    fn markdown_as_plain_text() {
        assert_eq!(
            to_plain(
                "**logs:PutLogEvents** · Write\n\n- `log-stream` (required): `arn:x`\n\n[AWS reference](https://docs.aws.amazon.com/x.html)\n"
            ),
            "logs:PutLogEvents · Write\n\n- log-stream (required): arn:x\n\nAWS reference: https://docs.aws.amazon.com/x.html\n"
        );
        assert_eq!(
            to_plain("## Title\n```json\n{}\n```\na \\* b"),
            "Title\n{}\na * b"
        );
    }
}
