//! Text layout shared by the rewriting features (code actions, formatting): the document's
//! indentation style and rendering of string lists in that style.

use crate::syntax::{Parse, TextRange};

/// One level of indentation as the document writes it: a tab, or N spaces.
pub fn detect_indent(text: &str) -> String {
    let mut smallest: Option<usize> = None;
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with('\t') {
            return "\t".to_string();
        }
        let n = line.len() - line.trim_start_matches(' ').len();
        if n > 0 && smallest.is_none_or(|s| n < s) {
            smallest = Some(n);
        }
    }
    " ".repeat(smallest.unwrap_or(2))
}

/// The leading whitespace of the line holding `offset`.
pub fn line_indent(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let n = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..n.min(offset - start)]
}

/// Whether any comment lies inside `range`.
pub fn has_comments_in(parse: &Parse, range: TextRange) -> bool {
    parse
        .comments
        .iter()
        .any(|c| c.range.start >= range.start && c.range.end <= range.end)
}

/// A JSON string literal for `value`.
pub fn quote(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
}

/// Renders a list of strings as a JSON array. `inline` keeps it on one line; otherwise one item
/// per line, items at `indent` + `unit` and the closing bracket at `indent`.
pub fn string_array(items: &[String], inline: bool, indent: &str, unit: &str) -> String {
    if items.is_empty() {
        return "[]".to_string();
    }
    if inline {
        let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
        return format!("[{}]", quoted.join(", "));
    }
    let mut out = String::from("[\n");
    for (i, item) in items.iter().enumerate() {
        out.push_str(indent);
        out.push_str(unit);
        out.push_str(&quote(item));
        if i + 1 < items.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str(indent);
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_is_detected() {
        assert_eq!(
            detect_indent("{\n    \"a\": {\n        \"b\": 1\n    }\n}"),
            "    "
        );
        assert_eq!(detect_indent("{\n\t\"a\": 1\n}"), "\t");
        assert_eq!(detect_indent("{\"a\": 1}"), "  ");
        assert_eq!(line_indent("{\n    \"a\": 1", 8), "    ");
    }

    #[test]
    fn arrays_render_inline_and_multiline() {
        let items = vec!["a".to_string(), "b".to_string()];
        assert_eq!(string_array(&items, true, "", "  "), "[\"a\", \"b\"]");
        assert_eq!(
            string_array(&items, false, "  ", "  "),
            "[\n    \"a\",\n    \"b\"\n  ]"
        );
    }
}
