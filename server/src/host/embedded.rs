//! Policies written as strings: `"PolicyDocument": "{\"Version\": ...}"` in a JSON template,
//! `PolicyDocument: |` (a block of JSON) or `!Sub '{...}'` in a YAML one. The string's value is
//! parsed as JSON, and every range of the tree is mapped back through the string's quoting,
//! escapes and indentation into the host text, so findings land where the user wrote them.

use crate::syntax::{Parse, StringLit, TextRange, Value, parse};

/// For each byte of a string's value, the host range it was written as (an escape `\"` is two
/// host bytes for one value byte; an indented block line starts after its indentation). `None`
/// when the string's style is not one this module decodes; then nothing inside it is mapped.
pub fn value_map(text: &str, lit: &StringLit) -> Option<Vec<(u32, u32)>> {
    let raw = text.get(lit.range.as_range())?;
    let base = lit.range.start;
    let mut map = match raw.as_bytes().first()? {
        b'"' => double_quoted(raw, base),
        b'\'' => single_quoted(raw, base),
        b'|' | b'>' => block(raw, base),
        _ => plain(raw, base),
    }?;
    if matches!(raw.as_bytes().first(), Some(b'|') | Some(b'>')) {
        // Chomping: the value ends with the breaks it keeps (`|` one, `|-` none, `|+` all),
        // which the node's range may not include.
        let end = lit.range.end;
        map.truncate(lit.value.len());
        while map.len() < lit.value.len() && lit.value[map.len()..].bytes().all(|b| b == b'\n') {
            map.push((end, end));
        }
    }
    // The decoders follow the front ends' rules; should they ever disagree, map nothing.
    (map.len() == lit.value.len()).then_some(map)
}

fn push_char(map: &mut Vec<(u32, u32)>, len: usize, start: u32, end: u32) {
    map.extend(std::iter::repeat_n((start, end), len));
}

fn double_quoted(raw: &str, base: u32) -> Option<Vec<(u32, u32)>> {
    let mut map = Vec::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        let at = base + i as u32;
        match bytes[i] {
            b'"' => break,
            b'\n' | b'\r' => return None,
            b'\\' => {
                let e = *bytes.get(i + 1)?;
                let (len, width) = match e {
                    b'u' => {
                        let code = u32::from_str_radix(raw.get(i + 2..i + 6)?, 16).ok()?;
                        if (0xD800..0xDC00).contains(&code) && raw.get(i + 6..i + 8) == Some("\\u")
                        {
                            (4, 12)
                        } else {
                            (char::from_u32(code).map_or(3, char::len_utf8), 6)
                        }
                    }
                    b'x' => (
                        char::from_u32(u32::from_str_radix(raw.get(i + 2..i + 4)?, 16).ok()?)?
                            .len_utf8(),
                        4,
                    ),
                    b'U' => (
                        char::from_u32(u32::from_str_radix(raw.get(i + 2..i + 10)?, 16).ok()?)?
                            .len_utf8(),
                        10,
                    ),
                    b'N' => (2, 2),
                    b'_' => (2, 2),
                    b'L' | b'P' => (3, 2),
                    b'\n' | b'\r' => return None,
                    _ => (1, 2),
                };
                push_char(&mut map, len, at, at + width as u32);
                i += width;
            }
            _ => {
                let c = raw[i..].chars().next()?;
                let n = c.len_utf8();
                push_char(&mut map, n, at, at + n as u32);
                i += n;
            }
        }
    }
    Some(map)
}

fn single_quoted(raw: &str, base: u32) -> Option<Vec<(u32, u32)>> {
    let mut map = Vec::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        let at = base + i as u32;
        match bytes[i] {
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => {
                map.push((at, at + 2));
                i += 2;
            }
            b'\'' => break,
            b'\n' | b'\r' => return None,
            _ => {
                map.push((at, at + 1));
                i += 1;
            }
        }
    }
    Some(map)
}

fn plain(raw: &str, base: u32) -> Option<Vec<(u32, u32)>> {
    if raw.contains('\n') {
        return None;
    }
    Some(
        (0..raw.len() as u32)
            .map(|i| (base + i, base + i + 1))
            .collect(),
    )
}

/// A literal block scalar (`|`, `|-`, `|+`, `|2`): each line's text after the block's
/// indentation, the line breaks kept. Folded blocks (`>`) join lines with spaces; their
/// mapping is the same byte for byte, a space standing where the line break was.
fn block(raw: &str, base: u32) -> Option<Vec<(u32, u32)>> {
    let header_end = raw.find('\n')?;
    let header = &raw[..header_end];
    let folded = header.starts_with('>');
    let explicit: Option<usize> = header
        .chars()
        .find(|c| c.is_ascii_digit())
        .and_then(|c| c.to_digit(10))
        .map(|d| d as usize);
    let body_start = header_end + 1;
    let body = &raw[body_start..];
    let indent = explicit.or_else(|| {
        body.split('\n')
            .find(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start_matches(' ').len())
    })?;
    let mut map = Vec::with_capacity(body.len());
    let mut offset = body_start;
    let lines: Vec<&str> = body.split('\n').collect();
    for (n, line) in lines.iter().enumerate() {
        let line_start = base + offset as u32;
        let content = line.get(indent.min(line.len())..).unwrap_or("");
        let content = content.strip_suffix('\r').unwrap_or(content);
        let skip = (line.len() - line.trim_start_matches(' ').len()).min(indent) as u32;
        let last = n + 1 == lines.len();
        if last && line.trim().is_empty() {
            break;
        }
        if folded && line.trim().is_empty() {
            // Folding keeps empty lines as line breaks and drops the break before them.
            map.push((line_start, line_start + 1));
            offset += line.len() + 1;
            continue;
        }
        for i in 0..content.len() as u32 {
            map.push((line_start + skip + i, line_start + skip + i + 1));
        }
        let nl = line_start + line.len() as u32;
        if !last {
            map.push((nl, nl + 1));
        }
        offset += line.len() + 1;
    }
    // Chomping: the value may end without the final line break(s); trimmed by the caller's
    // length check, which keeps the prefix that matches.
    Some(map)
}

/// Parses a policy written as a string and maps its tree into the host. `None` when the
/// string is not JSON-shaped (it does not start with `{`) or its style cannot be mapped.
pub fn parse_string_policy(text: &str, lit: &StringLit) -> Option<Parse> {
    if !lit.value.trim_start().starts_with('{') {
        return None;
    }
    let map = value_map(text, lit);
    let map = map?;
    let mut inner = parse(&lit.value);
    let at = |offset: u32, end: bool| -> u32 {
        if map.is_empty() {
            return lit.range.start;
        }
        let i = offset as usize;
        if end {
            if i == 0 {
                map[0].0
            } else {
                map[(i - 1).min(map.len() - 1)].1
            }
        } else {
            map.get(i).map_or(map[map.len() - 1].1, |m| m.0)
        }
    };
    let remap = |r: TextRange| TextRange {
        start: at(r.start, false),
        end: at(r.end, true).max(at(r.start, false)),
    };
    if let Some(root) = inner.root.as_mut() {
        remap_value(root, text, &remap);
    }
    for e in &mut inner.errors {
        e.range = remap(e.range);
    }
    for c in &mut inner.comments {
        c.range = remap(c.range);
    }
    Some(inner)
}

fn remap_value(v: &mut Value, text: &str, remap: &impl Fn(TextRange) -> TextRange) {
    match v {
        Value::Object(o) => {
            o.range = remap(o.range);
            for m in &mut o.members {
                m.range = remap(m.range);
                remap_string(&mut m.key, text, remap);
                if let Some(c) = m.colon.as_mut() {
                    *c = remap(TextRange {
                        start: *c,
                        end: *c + 1,
                    })
                    .start;
                }
                if let Some(v) = m.value.as_mut() {
                    remap_value(v, text, remap);
                }
            }
        }
        Value::Array(a) => {
            a.range = remap(a.range);
            for item in &mut a.items {
                remap_value(item, text, remap);
            }
        }
        Value::String(s) => remap_string(s, text, remap),
        Value::Number(s) | Value::Bool(s) | Value::Null(s) | Value::Error(s) => {
            s.range = remap(s.range)
        }
        Value::Computed(c) => c.range = remap(c.range),
    }
}

/// A mapped string keeps `has_escapes` false only when the host text is the literal one to one
/// (a JSON block in YAML); inside a JSON string every inner quote is escaped.
fn remap_string(s: &mut StringLit, text: &str, remap: &impl Fn(TextRange) -> TextRange) {
    let before = s.range.len();
    s.range = remap(s.range);
    if s.range.len() != before
        || text
            .get(s.range.as_range())
            .is_none_or(|raw| !raw.starts_with('"'))
    {
        s.has_escapes = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str, raw: &str, value: &str) -> StringLit {
        let start = text.find(raw).unwrap();
        StringLit {
            range: TextRange::new(start, start + raw.len()),
            value: value.to_string(),
            terminated: true,
            has_escapes: true,
        }
    }

    #[test]
    fn json_string_policy_maps_through_escapes() {
        let text = r#"{"P": "{\"Effect\": \"Alow\"}"}"#;
        let raw = r#""{\"Effect\": \"Alow\"}""#;
        let l = lit(text, raw, r#"{"Effect": "Alow"}"#);
        let p = parse_string_policy(text, &l).unwrap();
        let o = p.root.as_ref().unwrap().as_object().unwrap();
        let v = o.members[0].value.as_ref().unwrap().range();
        assert_eq!(&text[v.as_range()], r#"\"Alow\""#);
        assert_eq!(&text[o.members[0].key.range.as_range()], r#"\"Effect\""#);
    }

    #[test]
    fn block_policy_maps_lines() {
        let text = "P: |\n  {\n    \"Effect\": \"Alow\"\n  }\nQ: 1\n";
        let start = text.find('|').unwrap();
        let end = text.find("Q:").unwrap();
        let l = StringLit {
            range: TextRange::new(start, end),
            value: "{\n  \"Effect\": \"Alow\"\n}\n".into(),
            terminated: true,
            has_escapes: true,
        };
        let p = parse_string_policy(text, &l).unwrap();
        let o = p.root.as_ref().unwrap().as_object().unwrap();
        let v = o.members[0].value.as_ref().unwrap().range();
        assert_eq!(&text[v.as_range()], "\"Alow\"");
        assert!(
            !o.members[0]
                .value
                .as_ref()
                .unwrap()
                .as_string()
                .unwrap()
                .has_escapes
        );
    }

    #[test]
    fn single_quoted_and_plain() {
        let text = "P: '{\"A\": \"it''s\"}'";
        let l = lit(text, "'{\"A\": \"it''s\"}'", "{\"A\": \"it's\"}");
        let p = parse_string_policy(text, &l).unwrap();
        let o = p.root.as_ref().unwrap().as_object().unwrap();
        assert_eq!(&text[o.members[0].key.range.as_range()], "\"A\"");
    }
}
