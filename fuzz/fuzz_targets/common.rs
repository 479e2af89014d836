//! Invariants shared by the fuzz targets: every range a layer hands out must lie inside the
//! text and on character boundaries, since the next layer slices the text with it.

#![allow(dead_code)]

use iam_policy_ls::text::{Encoding, LineIndex};
use iam_policy_ls::syntax::{Parse, TextRange, Value};

pub fn check_range(text: &str, r: TextRange, what: &str) {
    let (s, e) = (r.start as usize, r.end as usize);
    assert!(s <= e, "{what}: range {s}..{e} is reversed");
    assert!(
        e <= text.len(),
        "{what}: range {s}..{e} past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{what}: range {s}..{e} splits a character"
    );
}

/// Converts a range to lines and columns and back, in both encodings, as the server does.
pub fn check_positions(text: &str, lines: &LineIndex, r: TextRange) {
    for enc in [Encoding::Utf16, Encoding::Utf8] {
        let start = lines.line_col(text, r.start as usize, enc);
        let _ = lines.line_col(text, r.end as usize, enc);
        let back = lines.offset(text, start, enc);
        assert!(back <= text.len());
    }
}

pub fn check_tree(text: &str, parse: &Parse) {
    if let Some(root) = &parse.root {
        check_value(text, root);
    }
    for e in &parse.errors {
        check_range(text, e.range, "syntax error");
    }
    for c in &parse.comments {
        check_range(text, c.range, "comment");
    }
}

fn check_value(text: &str, v: &Value) {
    check_range(text, v.range(), "value");
    match v {
        Value::Object(o) => {
            for m in &o.members {
                check_range(text, m.range, "member");
                check_range(text, m.key.range, "key");
                check_range(text, m.key.content_range(), "key content");
                if let Some(value) = &m.value {
                    check_value(text, value);
                }
            }
        }
        Value::Array(a) => a.items.iter().for_each(|i| check_value(text, i)),
        Value::String(s) => check_range(text, s.content_range(), "string content"),
        _ => {}
    }
}
