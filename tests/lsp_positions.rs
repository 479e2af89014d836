//! Position encodings at the protocol edge: diagnostics, hover and completion ranges are exact
//! in UTF-16 code units (the default) and in UTF-8 bytes (when negotiated), on lines with astral
//! plane characters, CJK and combining marks; odd request positions never crash the server.

mod common;

use common::*;
use serde_json::{Value, json};

/// Before the misspelled action, on the same line: an emoji (astral plane: 2 UTF-16 units, 4
/// bytes), CJK (1 unit, 3 bytes each), a combining acute accent (1 unit, 2 bytes), another emoji.
const PREFIX: &str = "😀日本語e\u{0301}🎉";

fn policy() -> String {
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\"Sid\": \"{PREFIX}\", \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"logs:PutLogEvent\"], \"Resource\": \"*\"}}\n  ]\n}}\n"
    )
}

/// The misspelled literal's start and end on line 3, in UTF-16 units or UTF-8 bytes.
fn literal_columns(text: &str, utf16: bool) -> (u32, u32, u32) {
    let start = text.find("\"logs:PutLogEvent\"").unwrap();
    let (line, c0) = position_of(text, start, utf16);
    let (_, c1) = position_of(text, start + "\"logs:PutLogEvent\"".len(), utf16);
    (line, c0, c1)
}

fn unknown_action(diags: &[Value]) -> &Value {
    diags
        .iter()
        .find(|d| d["code"] == "unknown-action")
        .unwrap_or_else(|| panic!("no unknown-action in {diags:#?}"))
}

#[test]
fn diagnostic_range_is_exact_in_utf16() {
    let text = policy();
    let (line, c0, c1) = literal_columns(&text, true);
    let (_, b0, _) = literal_columns(&text, false);
    assert_ne!(
        c0, b0,
        "the prefix must make UTF-16 and UTF-8 columns differ"
    );
    // 2 + 3 + 2 + 2 = 9 units of prefix content vs 4 + 9 + 3 + 4 = 20 bytes.
    assert_eq!(b0 - c0, 11);

    let mut c = Client::start();
    let u = uri("emoji.json");
    c.open(&u, 1, &text);
    let diags = c.diagnostics_for_version(&u, 1);
    assert_eq!(unknown_action(&diags)["range"], range(line, c0, line, c1));
    // Every diagnostic range lies on character boundaries of the text.
    for d in &diags {
        let r = byte_range(&text, &d["range"], true);
        assert!(r.start <= r.end, "{d}");
    }

    // Hover on the misspelled action's neighbour, after the emoji: range exact too.
    let start = text.find("\"s3:GetObject\"").unwrap();
    let (l, ch) = position_of(&text, start + 4, true);
    let h = c.hover(&u, l, ch).unwrap();
    let (_, h0) = position_of(&text, start, true);
    assert_eq!(h["range"], range(l, h0, l, h0 + 14), "{h}");
}

#[test]
fn diagnostic_range_is_exact_in_utf8_when_negotiated() {
    let text = policy();
    let (line, b0, b1) = literal_columns(&text, false);
    let mut c = Client::start_utf8();
    let u = uri("emoji.json");
    c.open(&u, 1, &text);
    let diags = c.diagnostics_for_version(&u, 1);
    assert_eq!(unknown_action(&diags)["range"], range(line, b0, line, b1));
    for d in &diags {
        byte_range(&text, &d["range"], false); // panics when not on a character boundary
    }

    // Positions the client sends are read as UTF-8 too: a hover in the middle of the name.
    let start = text.find("\"s3:GetObject\"").unwrap();
    let (l, ch) = position_of(&text, start + 4, false);
    let h = c.hover(&u, l, ch).unwrap();
    let (_, h0) = position_of(&text, start, false);
    assert_eq!(h["range"], range(l, h0, l, h0 + 14), "{h}");

    // And an incremental change in UTF-8 bytes after the emoji fixes the name.
    let (l, end) = position_of(
        &text,
        text.find("PutLogEvent\"").unwrap() + "PutLogEvent".len(),
        false,
    );
    c.change(&u, 2, vec![edit(l, end, l, end, "s")]);
    let diags = c.diagnostics_for_version(&u, 2);
    assert!(
        diags.iter().all(|d| d["code"] != "unknown-action"),
        "{diags:#?}"
    );
}

#[test]
fn completion_ranges_after_astral_characters_are_exact() {
    for utf16 in [true, false] {
        let text = format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\"Sid\": \"{PREFIX}\", \"Effect\": \"Allow\", \"Action\": [\"logs:Put\"], \"Resource\": \"*\"}}\n  ]\n}}\n"
        );
        let mut c = if utf16 {
            Client::start()
        } else {
            Client::start_utf8()
        };
        let u = uri("emoji-completion.json");
        c.open(&u, 1, &text);
        let at = text.find("logs:Put\"").unwrap();
        let (l, ch) = position_of(&text, at + "logs:Put".len(), utf16);
        let items = completion_items(&c.completion(&u, l, ch).unwrap());
        let item = items
            .iter()
            .find(|i| i["label"] == "logs:PutLogEvents")
            .unwrap_or_else(|| panic!("utf16={utf16}: {items:?}"));
        let (_, c0) = position_of(&text, at, utf16);
        assert_eq!(
            item["textEdit"]["range"],
            range(l, c0, l, ch),
            "utf16={utf16}"
        );
        let mut after = text.clone();
        apply_edit(&mut after, &item["textEdit"], utf16);
        assert!(after.contains("[\"logs:PutLogEvents\"]"), "{after}");
    }
}

/// Positions no editor should send, but some do: the server answers each normally.
fn odd_positions(text: &str, utf16: bool) -> Vec<(u32, u32, &'static str)> {
    let line_count = text.lines().count() as u32;
    let emoji = text.find('😀').unwrap();
    let (el, ec) = position_of(text, emoji, utf16);
    let cjk = text.find('日').unwrap();
    let (cl, cc) = position_of(text, cjk, utf16);
    vec![
        (
            el,
            ec + 1,
            "inside the emoji (a surrogate pair or a UTF-8 sequence)",
        ),
        (cl, cc + 1, "after the first unit of a CJK character"),
        (3, 10_000, "past the end of a line"),
        (line_count - 1, 10_000, "past the end of the last line"),
        (line_count, 0, "the line after the last"),
        (line_count + 50, 7, "far past the end of the document"),
        (u32::MAX, u32::MAX, "the largest position"),
        (0, 0, "the start"),
    ]
}

#[test]
fn odd_positions_in_requests_get_normal_responses() {
    let text = policy();
    for utf16 in [true, false] {
        let mut c = if utf16 {
            Client::start()
        } else {
            Client::start_utf8()
        };
        let u = uri("odd.json");
        c.open(&u, 1, &text);
        c.diagnostics_for_version(&u, 1);
        for (l, ch, what) in odd_positions(&text, utf16) {
            let r = c.completion(&u, l, ch);
            assert!(
                r.is_ok(),
                "completion {what} ({l}:{ch}, utf16={utf16}): {r:?}"
            );
            let r = c.hover(&u, l, ch);
            assert!(r.is_ok(), "hover {what} ({l}:{ch}, utf16={utf16}): {r:?}");
            if let Ok(h) = &r
                && !h.is_null()
            {
                byte_range(&text, &h["range"], utf16); // a range the client can use
            }
            let r = c.request(
                "textDocument/codeAction",
                json!({ "textDocument": { "uri": u }, "range": range(l, ch, l, ch), "context": { "diagnostics": [] } }),
            );
            assert!(
                r.is_ok(),
                "codeAction {what} ({l}:{ch}, utf16={utf16}): {r:?}"
            );
        }
        // A reversed range.
        let r = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": u }, "range": range(5, 0, 1, 0), "context": { "diagnostics": [] } }));
        assert!(r.is_ok(), "reversed range: {r:?}");
        assert!(c.is_running());
        c.assert_alive();
    }
}

#[test]
fn odd_positions_in_changes_do_not_crash_and_match_a_fresh_open() {
    // A change inside a surrogate pair or past the end is clamped by the server; whatever text
    // results, the server keeps going and publishes diagnostics for the new version.
    let text = policy();
    let mut c = Client::start();
    let u = uri("odd-change.json");
    c.open(&u, 1, &text);
    let emoji = text.find('😀').unwrap();
    let (el, ec) = position_of(&text, emoji, true);
    let changes = [
        edit(el, ec + 1, el, ec + 1, "x"),
        edit(3, 10_000, 3, 10_000, " "),
        edit(100, 0, 100, 5, "\n"),
        edit(2, 5, 1, 0, ""),
    ];
    for (i, ch) in changes.into_iter().enumerate() {
        let version = 2 + i as i64;
        c.change(&u, version, vec![ch]);
        c.diagnostics_for_version(&u, version);
    }
    c.assert_alive();
}

#[test]
fn lone_carriage_returns_end_lines() {
    // LSP: "the protocol specifies the following end-of-line sequences: '\n', '\r\n' and '\r'".
    let lf = policy_with_actions(&["logs:PutLogEvent"]);
    let cr = lf.replace('\n', "\r");
    let (line, c0) = find_pos(&lf, "\"logs:PutLogEvent\"", 0);
    let mut c = Client::start();
    let u = uri("cr.json");
    c.open(&u, 1, &cr);
    let diags = c.diagnostics_for_version(&u, 1);
    assert_eq!(
        unknown_action(&diags)["range"],
        range(line, c0, line, c0 + 18),
        "CR-only line endings"
    );
}
