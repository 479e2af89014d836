//! The server's document store under arbitrary incremental edits, in both position encodings:
//! no panic; the edited text always equals the same edits applied to a plain string through a
//! fresh `LineIndex` (which the diagnostics' positions are computed with), and the snapshot's
//! index, edited in step, equals a fresh one.

#![no_main]

use iam_policy_ls::lsp::documents::Document;
use iam_policy_ls::text::{Encoding, LineCol, LineIndex};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

#[derive(Arbitrary, Debug)]
struct Change {
    /// (start line, start character, end line, end character); `None` replaces everything.
    range: Option<(u8, u8, u8, u8)>,
    text: String,
}

#[derive(Arbitrary, Debug)]
struct Input {
    text: String,
    utf8: bool,
    /// One didChange notification per inner list.
    notifications: Vec<Vec<Change>>,
}

fn at(line: u8, column: u8) -> LineCol {
    LineCol {
        line: line as u32,
        column: column as u32,
    }
}

fn pos(line: u8, character: u8) -> Position {
    Position {
        line: line as u32,
        character: character as u32,
    }
}

fuzz_target!(|input: Input| {
    let enc = if input.utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let mut doc = Document::open(1, "json", input.text.clone(), enc);
    let mut model = input.text;
    for (n, changes) in input.notifications.into_iter().enumerate() {
        let mut events = Vec::new();
        for c in changes {
            match c.range {
                None => model = c.text.clone(),
                Some((l0, c0, l1, c1)) => {
                    let lines = LineIndex::new(&model);
                    let start = lines.offset(&model, at(l0, c0), enc);
                    let end = lines.offset(&model, at(l1, c1), enc).max(start);
                    model.replace_range(start..end, &c.text);
                }
            }
            events.push(TextDocumentContentChangeEvent {
                range: c.range.map(|(l0, c0, l1, c1)| Range {
                    start: pos(l0, c0),
                    end: pos(l1, c1),
                }),
                range_length: None,
                text: c.text,
            });
        }
        let version = 2 + n as i32;
        doc.apply_changes(version, events);
        assert_eq!(doc.snapshot.version, version);
        assert_eq!(doc.snapshot.text, model, "the document and the model disagree");
        assert_eq!(doc.snapshot.lines, LineIndex::new(&model), "the edited index is stale");
    }
});
