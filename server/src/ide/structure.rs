//! The document's structure: symbols (statements named by Sid, their elements as children),
//! folding ranges (containers and block comments spanning lines) and selection ranges (from the
//! string out to the document).

use crate::policy::Policy;
use crate::syntax::{Member, Parse, TextRange, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// The Statement array.
    Array,
    /// A statement object.
    Object,
    /// An element holding a string.
    String,
    /// An element holding anything else.
    Property,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole member or statement.
    pub range: TextRange,
    /// The part to reveal: the key, or the statement's opening brace.
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

fn short_detail(value: Option<&Value>) -> Option<String> {
    Some(match value? {
        Value::String(s) => s.value.clone(),
        Value::Array(a) => format!(
            "{} item{}",
            a.items.len(),
            if a.items.len() == 1 { "" } else { "s" }
        ),
        Value::Object(o) => format!(
            "{} entr{}",
            o.members.len(),
            if o.members.len() == 1 { "y" } else { "ies" }
        ),
        Value::Number(s) | Value::Bool(s) | Value::Null(s) | Value::Error(s) => s.text.clone(),
        Value::Computed(c) => c.function.clone(),
    })
}

fn member_symbol(m: &Member, children: Vec<Symbol>) -> Symbol {
    let kind = match m.value {
        Some(Value::String(_)) => SymbolKind::String,
        Some(Value::Array(_)) if !children.is_empty() => SymbolKind::Array,
        _ => SymbolKind::Property,
    };
    Symbol {
        name: m.key.value.clone(),
        detail: short_detail(m.value.as_ref()),
        kind,
        range: m.range,
        selection: m.key.range,
        children,
    }
}

/// The outline: top-level elements, the statements under `Statement`.
pub fn document_symbols(parse: &Parse) -> Vec<Symbol> {
    let Some(policy) = Policy::from_parse(parse) else {
        return Vec::new();
    };
    policy
        .root
        .members
        .iter()
        .map(|m| {
            let children = if policy.statement.is_some_and(|s| std::ptr::eq(s, m)) {
                policy
                    .statements
                    .iter()
                    .filter_map(|s| {
                        let o = s.object?;
                        let name = s
                            .sid_value()
                            .filter(|v| !v.is_empty())
                            .map(String::from)
                            .unwrap_or_else(|| format!("Statement {}", s.index + 1));
                        Some(Symbol {
                            name,
                            detail: s.effect_value().map(String::from),
                            kind: SymbolKind::Object,
                            range: o.range,
                            selection: TextRange::new(
                                o.range.start as usize,
                                o.range.start as usize + 1,
                            ),
                            children: o
                                .members
                                .iter()
                                .map(|e| member_symbol(e, Vec::new()))
                                .collect(),
                        })
                    })
                    .collect()
            } else {
                Vec::new()
            };
            member_symbol(m, children)
        })
        .collect()
}

/// Byte ranges of the containers (and block comments) that span more than one line. The server
/// turns them into lines.
pub fn folding_ranges(text: &str, parse: &Parse) -> Vec<TextRange> {
    fn walk(text: &str, v: &Value, out: &mut Vec<TextRange>) {
        let r = v.range();
        let spans = |r: TextRange| text.get(r.as_range()).is_some_and(|t| t.contains('\n'));
        match v {
            Value::Object(o) => {
                if spans(r) {
                    out.push(r);
                }
                for m in &o.members {
                    if let Some(v) = &m.value {
                        walk(text, v, out);
                    }
                }
            }
            Value::Array(a) => {
                if spans(r) {
                    out.push(r);
                }
                for v in &a.items {
                    walk(text, v, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(root) = &parse.root {
        walk(text, root, &mut out);
    }
    for c in &parse.comments {
        if c.block
            && text
                .get(c.range.as_range())
                .is_some_and(|t| t.contains('\n'))
        {
            out.push(c.range);
        }
    }
    out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    out
}

/// The ranges to grow the selection through at `offset`, innermost first: the string's text,
/// the string, the member (element), its container, ... up to the whole document.
pub fn selection_ranges(text: &str, parse: &Parse, offset: usize) -> Vec<TextRange> {
    fn walk(v: &Value, offset: usize, out: &mut Vec<TextRange>) {
        if !v.range().touches(offset) {
            return;
        }
        out.push(v.range());
        match v {
            Value::Object(o) => {
                if let Some(m) = o.members.iter().find(|m| m.range.touches(offset)) {
                    out.push(m.range);
                    if m.key.range.touches(offset) {
                        out.push(m.key.range);
                        out.push(m.key.content_range());
                    } else if let Some(v) = &m.value {
                        walk(v, offset, out);
                    }
                }
            }
            Value::Array(a) => {
                if let Some(v) = a.items.iter().find(|v| v.range().touches(offset)) {
                    walk(v, offset, out);
                }
            }
            Value::String(s) => out.push(s.content_range()),
            _ => {}
        }
    }
    let mut out = vec![TextRange::new(0, text.len())];
    if let Some(root) = &parse.root {
        walk(root, offset, &mut out);
    }
    // Innermost first, each strictly inside the next.
    out.reverse();
    out.dedup();
    let mut chain: Vec<TextRange> = Vec::new();
    for r in out {
        if chain
            .last()
            .is_none_or(|l| r.start <= l.start && r.end >= l.end && r != *l)
        {
            chain.push(r);
        }
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::cursor;
    use crate::syntax::parse;

    const POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"Read\",\n      \"Effect\": \"Allow\",\n      \"Action\": [\"s3:GetObject\"],\n      \"Resource\": \"*\"\n    },\n    { \"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\" }\n  ]\n}\n";

    fn outline(symbols: &[Symbol], depth: usize, out: &mut String) {
        for s in symbols {
            out.push_str(&format!(
                "{}{} ({:?}) {}\n",
                "  ".repeat(depth),
                s.name,
                s.kind,
                s.detail.clone().unwrap_or_default()
            ));
            outline(&s.children, depth + 1, out);
        }
    }

    #[test]
    fn statements_are_named_by_sid_or_position() {
        let mut out = String::new();
        outline(&document_symbols(&parse(POLICY)), 0, &mut out);
        assert_eq!(
            out,
            "Version (String) 2012-10-17\nStatement (Array) 2 items\n  Read (Object) Allow\n    Sid (String) Read\n    Effect (String) Allow\n    Action (Property) 1 item\n    Resource (String) *\n  Statement 2 (Object) Deny\n    Effect (String) Deny\n    Action (String) *\n    Resource (String) *\n"
        );
    }

    #[test]
    fn folding_covers_multiline_containers_only() {
        let p = parse(POLICY);
        let lines: Vec<(usize, usize)> = folding_ranges(POLICY, &p)
            .iter()
            .map(|r| {
                let line = |o: u32| POLICY[..o as usize].matches('\n').count();
                (line(r.start), line(r.end))
            })
            .collect();
        assert_eq!(lines, [(0, 11), (2, 10), (3, 8)]);
    }

    #[test]
    fn selection_grows_from_string_to_document() {
        let (text, at) = cursor(&POLICY.replace("s3:GetObject", "s3:Get$0Object"));
        let chain: Vec<&str> = selection_ranges(&text, &parse(&text), at)
            .iter()
            .map(|r| &text[r.as_range()])
            .collect();
        assert_eq!(chain[0], "s3:GetObject");
        assert_eq!(chain[1], "\"s3:GetObject\"");
        assert_eq!(chain[2], "[\"s3:GetObject\"]");
        assert_eq!(chain[3], "\"Action\": [\"s3:GetObject\"]");
        assert!(chain[4].starts_with("{\n      \"Sid\""));
        assert!(chain[5].starts_with("[\n    {"));
        assert!(chain[6].starts_with("\"Statement\": ["));
        assert_eq!(chain.last().unwrap(), &text.as_str());
    }
}
