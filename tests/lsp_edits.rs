//! Incremental sync: random sequences of edits (insertions, deletions, multi-line replaces,
//! several changes per notification, astral-plane characters, CRLF) sent as didChange
//! notifications, while this client keeps its own copy of the text and applies each edit in
//! UTF-16 positions. Afterwards, the diagnostics the server published for the final version
//! must equal those of a fresh server that opens the final text directly: the server's text is
//! the client's.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::Value;

const SEEDS: &[&str] = &[
    // Misspellings to diagnose, an emoji and CJK before them on the same line.
    "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"😀日本e\u{301}\",\n      \"Effect\": \"Allow\",\n      \"Action\": [\"logs:PutLogEvent\", \"s3:GetObjectt\", \"ec2:DescribeInstances\"],\n      \"Resource\": \"*\"\n    },\n    {\"Effect\": \"Deny\", \"NotAction\": \"iam:PassRol\", \"Resource\": \"arn:aws:iam::123456789012:role/🎉\"}\n  ]\n}\n",
    // The same shape with CRLF line endings.
    "{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Statement\": [\r\n    {\r\n      \"Effect\": \"Allow\",\r\n      \"Action\": [\"logs:PutLogEvent\", \"s3:ListBuckett\"],\r\n      \"Resource\": \"*\",\r\n      \"Condition\": {\"StringEquals\": {\"aws:RequestedRegion\": \"🌍\"}}\r\n    }\r\n  ]\r\n}\r\n",
    // One line, no trailing newline.
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sqs:SendMesage\", \"Resource\": \"*\"}]}",
];

/// What edits insert: JSON punctuation, names, line breaks, astral and combining characters.
const FRAGMENTS: &[&str] = &[
    "",
    "s",
    "\"",
    ",",
    "{",
    "}",
    "[",
    "]",
    ":",
    " ",
    "\n",
    "\r\n",
    "😀",
    "日本",
    "e\u{301}",
    "🎉\n🎉",
    "\"logs:PutLogEvent\", ",
    "\"s3:GetObjectt\"",
    "\"Effect\": \"Deny\",\n",
    "\n    {\"Effect\": \"Allow\", \"Action\": \"ec2:DescribeInstancez\", \"Resource\": \"*\"},\n",
    "\"Action\": [\"logs:Put",
    "𝄞x\r\n  ",
];

/// One change before it is placed in the current text: where, how much, and what.
#[derive(Clone, Debug)]
struct ChangeSpec {
    /// Picks the start among the valid offsets (modulo their count).
    start: usize,
    /// Characters removed after the start (0 for a pure insertion).
    remove: usize,
    /// An index into FRAGMENTS.
    insert: usize,
    /// Whether the change may touch the policy's head (`{"Version": ..., "Statement": [`).
    /// Mostly not: a document that no longer looks like a policy gets no diagnostics at all,
    /// which would make the comparison vacuous.
    anywhere: bool,
}

fn change_spec() -> impl Strategy<Value = ChangeSpec> {
    (
        any::<usize>(),
        prop_oneof![4 => Just(0usize), 4 => 1usize..4, 2 => 4usize..40, 1 => 40usize..160],
        0..FRAGMENTS.len(),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(start, remove, insert, anywhere)| ChangeSpec {
            start,
            remove,
            insert,
            anywhere,
        })
}

/// Byte offsets where a cursor can be: character boundaries, but not inside a CRLF.
fn cursor_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| !(i > 0 && text[..i].ends_with('\r') && text[i..].starts_with('\n')))
        .collect();
    v.push(text.len());
    v
}

/// Turns a spec into an LSP change against `text` and applies it there. Returns the change.
fn place(text: &mut String, spec: &ChangeSpec) -> Value {
    let mut offsets = cursor_offsets(text);
    if !spec.anywhere
        && let Some(head) = text.find("\"Statement\": [")
    {
        let body = head + "\"Statement\": [".len();
        offsets.retain(|&o| o >= body);
    }
    let si = spec.start % offsets.len();
    let ei = (si + spec.remove).min(offsets.len() - 1);
    let (start, end) = (offsets[si], offsets[ei]);
    let (l0, c0) = position_of(text, start, true);
    let (l1, c1) = position_of(text, end, true);
    let change = edit(l0, c0, l1, c1, FRAGMENTS[spec.insert]);
    // Apply through the UTF-16 position conversion, as an editor would, and check it agrees
    // with the byte offsets we picked.
    let mut via_positions = text.clone();
    apply_edit(&mut via_positions, &change, true);
    text.replace_range(start..end, FRAGMENTS[spec.insert]);
    assert_eq!(
        *text, via_positions,
        "the test's own position conversion is wrong"
    );
    change
}

/// Diagnostics reduced to what must match: code, range and message, sorted.
fn comparable(diags: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {} {}", d["code"], d["range"], d["message"]))
        .collect();
    v.sort();
    v
}

/// Sends `steps` (each one didChange with several changes) to one server and compares its
/// final diagnostics with a fresh server's for the resulting text. Returns how many there were.
fn run_sequence(seed: &str, steps: &[Vec<ChangeSpec>]) -> Result<usize, TestCaseError> {
    let mut text = seed.to_string();
    let u = uri("edited.json");
    let mut edited = Client::start();
    edited.open(&u, 1, &text);
    let mut version = 1;
    for step in steps {
        let changes: Vec<Value> = step.iter().map(|spec| place(&mut text, spec)).collect();
        version += 1;
        edited.change(&u, version, changes);
    }
    let incremental = edited.diagnostics_for_version(&u, version);

    let mut fresh = Client::start();
    fresh.open(&u, 1, &text);
    let direct = fresh.diagnostics_for_version(&u, 1);

    prop_assert_eq!(
        comparable(&incremental),
        comparable(&direct),
        "final text:\n{}",
        text
    );
    // The edited session can still answer requests about the text it holds.
    prop_assert_eq!(edited.hover(&u, 0, 0).is_ok(), true);
    Ok(direct.len())
}

#[test]
fn random_incremental_edits_leave_the_server_with_the_client_text() {
    use proptest::test_runner::{Config, TestRunner};
    const CASES: u32 = 32;
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let with_diagnostics = std::cell::Cell::new(0u32);
    let strategy = (
        0..SEEDS.len(),
        prop::collection::vec(prop::collection::vec(change_spec(), 1..5), 1..16),
    );
    let result = runner.run(&strategy, |(seed, steps)| {
        if run_sequence(SEEDS[seed], &steps)? > 0 {
            with_diagnostics.set(with_diagnostics.get() + 1);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // The comparison means little when the final text has no diagnostics (e.g. it no longer
    // looks like a policy): most sequences must end with some.
    assert!(
        with_diagnostics.get() >= CASES / 3,
        "only {} of {CASES} sequences ended with diagnostics",
        with_diagnostics.get()
    );
}

#[test]
fn many_small_typing_edits_match_a_fresh_open() {
    // Typing a statement character by character, one change per keystroke, then deleting it
    // backwards, keeps the server in step (the common case, beyond the random ones).
    let seed = SEEDS[0];
    let insert_at = seed.find("\n  ]").unwrap();
    let typed =
        ",\n    {\"Effect\": \"Allow\", \"Action\": \"😀logs:PutLogEvent\", \"Resource\": \"*\"}";
    let mut text = seed.to_string();
    let u = uri("typing.json");
    let mut c = Client::start();
    c.open(&u, 1, &text);
    let mut version = 1;
    let mut at = insert_at;
    for ch in typed.chars() {
        let (l, col) = position_of(&text, at, true);
        let s = ch.to_string();
        text.insert_str(at, &s);
        at += s.len();
        version += 1;
        c.change(&u, version, vec![edit(l, col, l, col, &s)]);
    }
    let typed_diags = c.diagnostics_for_version(&u, version);
    assert!(
        typed_diags
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("PutLogEvent")),
        "{typed_diags:#?}"
    );
    let mut fresh = Client::start();
    fresh.open(&u, 1, &text);
    assert_eq!(
        comparable(&typed_diags),
        comparable(&fresh.diagnostics_for_version(&u, 1))
    );

    // Backspace over the last 20 characters.
    for _ in 0..20 {
        let prev = text[..at].char_indices().last().unwrap().0;
        let (l0, c0) = position_of(&text, prev, true);
        let (l1, c1) = position_of(&text, at, true);
        text.replace_range(prev..at, "");
        at = prev;
        version += 1;
        c.change(&u, version, vec![edit(l0, c0, l1, c1, "")]);
    }
    let after = c.diagnostics_for_version(&u, version);
    let mut fresh = Client::start();
    fresh.open(&u, 1, &text);
    assert_eq!(
        comparable(&after),
        comparable(&fresh.diagnostics_for_version(&u, 1))
    );
}

#[test]
fn a_full_text_change_replaces_the_document() {
    let mut c = Client::start();
    let u = uri("full.json");
    c.open(&u, 1, SEEDS[0]);
    c.change(&u, 2, vec![serde_json::json!({ "text": SEEDS[2] })]);
    let full = c.diagnostics_for_version(&u, 2);
    let mut fresh = Client::start();
    fresh.open(&u, 1, SEEDS[2]);
    assert_eq!(
        comparable(&full),
        comparable(&fresh.diagnostics_for_version(&u, 1))
    );
}

/// Opens `text`, replaces `"logs:PutLogEvent"` on the line after `marker` with an incremental
/// change computed by LSP's line rules (lines end only at \n, \r\n and \r), and compares with a
/// fresh open of the expected text.
fn edit_after(text: &str, fix_from: &str, fix_to: &str) -> (Vec<String>, Vec<String>, String) {
    let at = text.find(fix_from).unwrap();
    let (l0, c0) = position_of(text, at, true);
    let (l1, c1) = position_of(text, at + fix_from.len(), true);
    let mut expected = text.to_string();
    expected.replace_range(at..at + fix_from.len(), fix_to);
    let u = uri("separators.json");
    let mut c = Client::start();
    c.open(&u, 1, text);
    c.change(&u, 2, vec![edit(l0, c0, l1, c1, fix_to)]);
    let incremental = comparable(&c.diagnostics_for_version(&u, 2));
    let mut fresh = Client::start();
    fresh.open(&u, 1, &expected);
    let direct = comparable(&fresh.diagnostics_for_version(&u, 1));
    (incremental, direct, expected)
}

#[test]
fn unicode_line_separators_inside_strings_do_not_shift_edits() {
    for sep in ['\u{2028}', '\u{2029}', '\u{85}'] {
        let text = format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Sid\": \"a{sep}b\",\n      \"Effect\": \"Allow\",\n      \"Action\": [\"logs:PutLogEvent\"],\n      \"Resource\": \"*\"\n    }}\n  ]\n}}\n"
        );
        let (incremental, direct, expected) = edit_after(&text, "PutLogEvent\"", "PutLogEvents\"");
        assert_eq!(
            incremental, direct,
            "U+{:04X} in a string; expected text:\n{expected}",
            sep as u32
        );
        assert!(
            direct.iter().all(|d| !d.contains("unknown-action")),
            "{direct:?}"
        );
    }
}

#[test]
fn crlf_documents_take_edits_at_line_ends() {
    // An edit that ends at the end of a CRLF line and one that joins two lines.
    let text = SEEDS[1];
    let (incremental, direct, expected) =
        edit_after(text, "\"s3:ListBuckett\"],", "\"s3:ListBucket\"],");
    assert_eq!(incremental, direct, "{expected}");
    let (incremental, direct, expected) = edit_after(
        text,
        "\"*\",\r\n      \"Condition\"",
        "\"*\", \"Condition\"",
    );
    assert_eq!(incremental, direct, "{expected}");
}
