//! Formatting that keeps comments: a pretty printer over the tolerant tree and the comments
//! between its nodes. It refuses (returns `None`) when the document has syntax errors, and when
//! a comment sits where the printer cannot place it, so formatting never loses text.
//!
//! Layout: one member per line; an array stays on one line when it was on one line, holds only
//! scalars and no comments; everything else one item per line. Strings, numbers and literals are
//! copied as written.

use super::layout::detect_indent;
use crate::analysis::Edit;
use crate::syntax::{Comment, Parse, TextRange, Value};

struct Printer<'a> {
    text: &'a str,
    comments: &'a [Comment],
    unit: String,
    /// Indentation of the line the printed value starts on (range formatting).
    base: String,
    out: String,
    printed: usize,
}

impl Printer<'_> {
    fn newline(&mut self, depth: usize) {
        while self.out.ends_with([' ', '\t']) {
            self.out.pop();
        }
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(&self.base);
        for _ in 0..depth {
            self.out.push_str(&self.unit);
        }
    }

    /// Prints the comments that start in `from..to`: on `from`'s line as trailing comments, the
    /// rest each on its own line at `depth`.
    fn comments(&mut self, from: usize, to: usize, depth: usize) {
        for c in self.comments {
            let s = c.range.start as usize;
            if s < from || s >= to {
                continue;
            }
            let same_line = !self.text[from..s].contains('\n');
            if same_line && !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push(' ');
            } else {
                self.newline(depth);
            }
            self.out.push_str(&self.text[c.range.as_range()]);
            self.printed += 1;
        }
    }

    fn ends_with_line_comment(&self, before: usize) -> bool {
        self.comments
            .iter()
            .any(|c| !c.block && c.range.end as usize == before)
    }

    fn value(&mut self, v: &Value, depth: usize) {
        match v {
            Value::Object(o) => {
                let inner = TextRange::new(o.range.start as usize + 1, o.range.end as usize - 1);
                if o.members.is_empty() && !self.any_comment(inner) {
                    self.out.push_str("{}");
                    return;
                }
                self.out.push('{');
                let mut prev = o.range.start as usize + 1;
                for (i, m) in o.members.iter().enumerate() {
                    self.comments(prev, m.range.start as usize, depth + 1);
                    self.newline(depth + 1);
                    self.out.push_str(&self.text[m.key.range.as_range()]);
                    self.out.push_str(": ");
                    if let Some(v) = &m.value {
                        self.value(v, depth + 1);
                    }
                    if i + 1 < o.members.len() {
                        self.out.push(',');
                    }
                    prev = m.range.end as usize;
                }
                self.comments(prev, o.range.end as usize - 1, depth + 1);
                self.newline(depth);
                self.out.push('}');
            }
            Value::Array(a) => {
                let inner = TextRange::new(a.range.start as usize + 1, a.range.end as usize - 1);
                if a.items.is_empty() && !self.any_comment(inner) {
                    self.out.push_str("[]");
                    return;
                }
                let inline = !self.text[a.range.as_range()].contains('\n')
                    && !self.any_comment(inner)
                    && a.items
                        .iter()
                        .all(|v| !matches!(v, Value::Object(_) | Value::Array(_)));
                if inline {
                    self.out.push('[');
                    for (i, v) in a.items.iter().enumerate() {
                        if i > 0 {
                            self.out.push_str(", ");
                        }
                        self.out.push_str(&self.text[v.range().as_range()]);
                    }
                    self.out.push(']');
                    return;
                }
                self.out.push('[');
                let mut prev = a.range.start as usize + 1;
                for (i, v) in a.items.iter().enumerate() {
                    self.comments(prev, v.range().start as usize, depth + 1);
                    self.newline(depth + 1);
                    self.value(v, depth + 1);
                    if i + 1 < a.items.len() {
                        self.out.push(',');
                    }
                    prev = v.range().end as usize;
                }
                self.comments(prev, a.range.end as usize - 1, depth + 1);
                self.newline(depth);
                self.out.push(']');
            }
            other => self.out.push_str(&self.text[other.range().as_range()]),
        }
    }

    fn any_comment(&self, r: TextRange) -> bool {
        self.comments
            .iter()
            .any(|c| c.range.start >= r.start && c.range.end <= r.end)
    }
}

/// Indentation from the editor's options, else the document's own.
pub fn indent_unit(text: &str, tab_size: Option<u32>, insert_spaces: Option<bool>) -> String {
    match (insert_spaces, tab_size) {
        (Some(false), _) => "\t".to_string(),
        (Some(true), Some(n)) => " ".repeat(n.clamp(1, 16) as usize),
        _ => detect_indent(text),
    }
}

/// The whole document, formatted; `None` when it has syntax errors or cannot be formatted
/// without losing a comment.
pub fn format_document(text: &str, parse: &Parse, unit: &str) -> Option<String> {
    if !parse.errors.is_empty() {
        return None;
    }
    let root = parse.root.as_ref()?;
    let mut p = Printer {
        text,
        comments: &parse.comments,
        unit: unit.to_string(),
        base: String::new(),
        out: String::new(),
        printed: 0,
    };
    p.comments(0, root.range().start as usize, 0);
    if !p.out.is_empty() {
        p.newline(0);
    }
    p.value(root, 0);
    p.comments(root.range().end as usize, text.len(), 0);
    p.out.push('\n');
    (p.printed == parse.comments.len()
        && !p.ends_with_line_comment(0)
        && no_line_comment_swallows(&p.out))
    .then_some(p.out)
}

/// A `//` comment must be followed by a newline, never by printed code: check by reparsing.
fn no_line_comment_swallows(out: &str) -> bool {
    crate::syntax::parse(out).errors.is_empty()
}

/// Edits that format the document (one edit of the whole text, or none when already formatted).
pub fn format_edits(text: &str, parse: &Parse, unit: &str) -> Option<Vec<Edit>> {
    let formatted = format_document(text, parse, unit)?;
    Some(if formatted == text {
        Vec::new()
    } else {
        vec![Edit {
            range: TextRange::new(0, text.len()),
            text: formatted,
        }]
    })
}

/// Formats the innermost object or array that contains `range`, at its depth in the document.
pub fn format_range(text: &str, parse: &Parse, range: TextRange, unit: &str) -> Option<Vec<Edit>> {
    if !parse.errors.is_empty() {
        return None;
    }
    fn find(v: &Value, r: TextRange, depth: usize) -> Option<(&Value, usize)> {
        let vr = v.range();
        if !(vr.start <= r.start && r.end <= vr.end) {
            return None;
        }
        let children: Vec<&Value> = match v {
            Value::Object(o) => o.members.iter().filter_map(|m| m.value.as_ref()).collect(),
            Value::Array(a) => a.items.iter().collect(),
            _ => return None,
        };
        children
            .into_iter()
            .find_map(|c| find(c, r, depth + 1))
            .or(Some((v, depth)))
    }
    let (node, _) = find(parse.root.as_ref()?, range, 0)?;
    let depth = 0;
    let mut p = Printer {
        text,
        comments: &parse.comments,
        unit: unit.to_string(),
        base: super::layout::line_indent(text, node.range().start as usize).to_string(),
        out: String::new(),
        printed: 0,
    };
    p.value(node, depth);
    let inside = parse
        .comments
        .iter()
        .filter(|c| c.range.start >= node.range().start && c.range.end <= node.range().end)
        .count();
    if p.printed != inside {
        return None;
    }
    // The result must still parse once put in place.
    let mut whole = text.to_string();
    whole.replace_range(node.range().as_range(), &p.out);
    if !crate::syntax::parse(&whole).errors.is_empty() {
        return None;
    }
    Some(if p.out == text[node.range().as_range()] {
        Vec::new()
    } else {
        vec![Edit {
            range: node.range(),
            text: p.out,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn fmt(text: &str, unit: &str) -> Option<String> {
        format_document(text, &parse(text), unit)
    }

    #[test]
    fn pretty_prints_and_keeps_comments() {
        let text = "// policy\n{\"Version\":\"2012-10-17\", // the version\n\"Statement\":[{\"Effect\":\"Allow\",\n/* what */ \"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":[\n\"*\"]}]}";
        assert_eq!(
            fmt(text, "  ").unwrap(),
            "// policy\n{\n  \"Version\": \"2012-10-17\", // the version\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      /* what */\n      \"Action\": [\"s3:GetObject\", \"s3:PutObject\"],\n      \"Resource\": [\n        \"*\"\n      ]\n    }\n  ]\n}\n"
        );
    }

    #[test]
    fn formatting_is_idempotent_and_uses_the_unit() {
        let text = "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\"}]}";
        let once = fmt(text, "\t").unwrap();
        assert_eq!(
            once,
            "{\n\t\"Statement\": [\n\t\t{\n\t\t\t\"Effect\": \"Allow\",\n\t\t\t\"Action\": \"*\"\n\t\t}\n\t]\n}\n"
        );
        assert_eq!(fmt(&once, "\t").unwrap(), once);
        assert!(format_edits(&once, &parse(&once), "\t").unwrap().is_empty());
    }

    #[test]
    fn refuses_broken_documents() {
        assert_eq!(
            fmt(
                "{\"Statement\": [{\"Effect\": \"Allow\" \"Action\": \"*\"}]}",
                "  "
            ),
            None
        );
        assert_eq!(fmt("{\"a\": \"b", "  "), None);
    }

    #[test]
    fn range_formats_the_enclosing_container() {
        let text = "{\n  \"Statement\": [{\"Effect\":\"Allow\",\"Action\":\"*\"}]\n}\n";
        let at = text.find("Effect").unwrap();
        let edits = format_range(text, &parse(text), TextRange::new(at, at), "  ").unwrap();
        assert_eq!(
            edits[0].text,
            "{\n    \"Effect\": \"Allow\",\n    \"Action\": \"*\"\n  }"
        );
    }
}
