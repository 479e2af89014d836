//! End to end: the real binary over stdio, as an editor drives it: initialize, diagnostics on
//! open and after incremental changes, completion, hover, code actions, close and the exit
//! protocol.

mod common;

use common::*;
use serde_json::{Value, json};

/// A policy with one misspelled action on line 6: `"logs:PutLogEvent"`.
const BAD: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"WriteLogs\",\n      \"Effect\": \"Allow\",\n      \"Action\": [\"logs:PutLogEvent\", \"logs:CreateLogStream\"],\n      \"Resource\": \"arn:aws:logs:us-east-1:123456789012:log-group:app:*\"\n    }\n  ]\n}\n";

fn doc_uri() -> String {
    uri("policies/logs.json")
}

#[test]
fn initialize_advertises_capabilities_and_defaults_to_utf16() {
    let (mut c, result) = Client::initialized_with(json!({}));
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{result:#}");
    let sync = &caps["textDocumentSync"];
    assert_eq!(sync["change"], 2, "incremental sync: {sync}");
    assert_eq!(sync["openClose"], true, "{sync}");
    assert!(caps["completionProvider"].is_object(), "{caps:#}");
    let triggers = caps["completionProvider"]["triggerCharacters"]
        .as_array()
        .unwrap();
    assert!(
        triggers.contains(&json!("\"")) && triggers.contains(&json!(":")),
        "{triggers:?}"
    );
    assert_eq!(caps["hoverProvider"], true);
    assert!(
        caps["codeActionProvider"].is_object() || caps["codeActionProvider"] == true,
        "{caps:#}"
    );
    assert_eq!(result["serverInfo"]["name"], "iam-policy-ls");
    c.assert_alive();
}

#[test]
fn initialize_negotiates_utf8_when_the_client_offers_it() {
    let (_c, result) = Client::initialized_with(
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");

    let (_c, result) =
        Client::initialized_with(json!({ "general": { "positionEncodings": ["utf-16"] } }));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");

    // An encoding the server does not know is not picked; UTF-16 is the mandatory fallback.
    let (_c, result) =
        Client::initialized_with(json!({ "general": { "positionEncodings": ["utf-32"] } }));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
}

#[test]
fn stdio_flag_starts_the_server_too() {
    let mut c = Client::spawn_with_args(&["--stdio"]);
    let result = c.initialize(json!({}));
    assert_eq!(result["serverInfo"]["name"], "iam-policy-ls");
    assert!(c.shutdown_and_exit().success());
}

#[test]
fn misspelled_action_is_diagnosed_and_an_incremental_fix_clears_it() {
    let mut c = Client::start();
    let u = doc_uri();
    c.open(&u, 1, BAD);
    let diags = c.diagnostics_for_version(&u, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "unknown-action")
        .unwrap_or_else(|| panic!("no unknown-action diagnostic in {diags:#?}"));
    assert_eq!(d["source"], "iam-policy-ls");
    assert_eq!(d["severity"], 1, "an error");
    assert!(
        d["message"].as_str().unwrap().contains("logs:PutLogEvents"),
        "{d}"
    );
    // The range is the string literal, quotes included.
    let (l, ch) = find_pos(BAD, "\"logs:PutLogEvent\"", 0);
    assert_eq!(d["range"], range(l, ch, l, ch + 18), "{d}");
    assert_eq!(diags.len(), 1, "only the misspelling is wrong: {diags:#?}");

    // Insert the missing "s" before the closing quote: an incremental change.
    let (l, ch) = find_pos(BAD, "PutLogEvent\"", "PutLogEvent".len());
    c.change(&u, 2, vec![edit(l, ch, l, ch, "s")]);
    let diags = c.diagnostics_for_version(&u, 2);
    assert_eq!(diags, Vec::<Value>::new(), "the fixed policy is clean");

    // And break it again with a multi-line replace of the whole Action line.
    let fixed = BAD.replace("PutLogEvent\"", "PutLogEvents\"");
    let (l, _) = find_pos(&fixed, "\"Action\"", 0);
    c.change(
        &u,
        3,
        vec![edit(
            l,
            0,
            l + 1,
            0,
            "      \"Action\": \"logs:PutLogEvent\",\n",
        )],
    );
    let diags = c.diagnostics_for_version(&u, 3);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "unknown-action");
    assert_eq!(diags[0]["range"], range(l, 16, l, 34));
}

/// A policy being typed: the Action array holds `typed` and the cursor is at its end.
fn typing_action(typed: &str) -> (String, u32, u32) {
    let text = format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",\n      \"Action\": [{typed}\n      \"Resource\": \"*\"\n    }}\n  ]\n}}\n"
    );
    let (l, ch) = find_pos(&text, typed, typed.len());
    (text, l, ch)
}

fn find_item<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| {
            let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
            panic!("no {label:?} among {labels:?}")
        })
}

#[test]
fn completion_of_a_partly_typed_action_without_closing_quote() {
    let mut c = Client::start();
    let u = doc_uri();
    let (text, l, ch) = typing_action("\"logs:Put");
    c.open(&u, 1, &text);
    let items = completion_items(&c.completion(&u, l, ch).unwrap());
    let item = find_item(&items, "logs:PutLogEvents");
    let te = &item["textEdit"];
    // The edit replaces exactly what was typed inside the string and closes the string.
    assert_eq!(
        &text[byte_range(&text, &te["range"], true)],
        "logs:Put",
        "{te}"
    );
    assert_eq!(te["newText"], "logs:PutLogEvents\"");
    let mut after = text.clone();
    apply_edit(&mut after, te, true);
    assert!(
        after.contains("\"Action\": [\"logs:PutLogEvents\"\n"),
        "{after}"
    );
    assert!(
        items
            .iter()
            .all(|i| i["label"].as_str().unwrap().starts_with("logs:")),
        "only logs actions are offered"
    );
}

#[test]
fn completion_of_a_partly_typed_action_with_closing_quote() {
    let mut c = Client::start();
    let u = doc_uri();
    let (text, l, ch) = typing_action("\"logs:Put\"],");
    let ch = ch - 3; // the cursor before the closing quote
    c.open(&u, 1, &text);
    let items = completion_items(&c.completion(&u, l, ch).unwrap());
    let item = find_item(&items, "logs:PutLogEvents");
    let te = &item["textEdit"];
    assert_eq!(
        &text[byte_range(&text, &te["range"], true)],
        "logs:Put",
        "{te}"
    );
    assert_eq!(
        te["newText"], "logs:PutLogEvents",
        "the string is already closed"
    );
    let mut after = text.clone();
    apply_edit(&mut after, te, true);
    assert!(
        after.contains("\"Action\": [\"logs:PutLogEvents\"],\n"),
        "{after}"
    );
}

#[test]
fn completion_of_statement_element_names_in_an_empty_statement() {
    let mut c = Client::start();
    let u = doc_uri();
    let text =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \n    }\n  ]\n}\n";
    c.open(&u, 1, text);
    let items = completion_items(&c.completion(&u, 4, 6).unwrap());
    for name in [
        "Sid",
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "Principal",
        "Condition",
    ] {
        let item = find_item(&items, name);
        let new_text = item["textEdit"]["newText"].as_str().unwrap();
        assert!(
            new_text.starts_with(&format!("\"{name}\"")),
            "{name}: inserts the quoted key: {new_text:?}"
        );
    }
    assert!(
        items.iter().all(|i| i["label"] != "Version"),
        "Version is a top-level element, not a statement's"
    );
}

#[test]
fn completion_of_effect_values() {
    let mut c = Client::start();
    let u = doc_uri();
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"\"\n    }\n  ]\n}\n";
    c.open(&u, 1, text);
    let (l, ch) = find_pos(text, "\"Effect\": \"\"", 11);
    let items = completion_items(&c.completion(&u, l, ch).unwrap());
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert!(
        labels.contains(&"Allow") && labels.contains(&"Deny"),
        "{labels:?}"
    );
    assert_eq!(find_item(&items, "Deny")["textEdit"]["newText"], "Deny");
    assert_eq!(
        find_item(&items, "Deny")["textEdit"]["range"],
        range(l, ch, l, ch)
    );
}

#[test]
fn hover_on_an_action_shows_access_level_and_resource_type() {
    let mut c = markdown_client();
    let u = doc_uri();
    let text = BAD.replace("PutLogEvent\"", "PutLogEvents\"");
    c.open(&u, 1, &text);
    let (l, ch) = find_pos(&text, "logs:PutLogEvents", 5);
    let h = c.hover(&u, l, ch).unwrap();
    let md = h["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("markup hover expected: {h}"));
    assert_eq!(h["contents"]["kind"], "markdown");
    assert!(md.contains("Write"), "{md}");
    assert!(md.contains("log-stream"), "{md}");
    // The hover range is the string literal.
    let (l0, c0) = find_pos(&text, "\"logs:PutLogEvents\"", 0);
    assert_eq!(h["range"], range(l0, c0, l0, c0 + 19));
    // A client that did not ask for Markdown gets plain text: no `**` or backticks on screen.
    let mut plain = Client::start();
    plain.open(&u, 1, &text);
    let h = plain.hover(&u, l, ch).unwrap();
    assert_eq!(h["contents"]["kind"], "plaintext");
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("logs:PutLogEvents") && text.contains("Write"),
        "{text}"
    );
    assert!(!text.contains("**") && !text.contains('`'), "{text}");
}

/// A client that prefers Markdown for hovers and completion documentation, as editors do.
fn markdown_client() -> Client {
    Client::initialized_with(json!({"textDocument": {
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "completion": {"completionItem": {"documentationFormat": ["markdown", "plaintext"]}},
    }}))
    .0
}

#[test]
fn hover_on_a_wildcard_says_how_many_actions_it_grants() {
    let mut c = markdown_client();
    let u = doc_uri();
    let text = policy_with_actions(&["s3:Get*"]);
    c.open(&u, 1, &text);
    let (l, ch) = find_pos(&text, "s3:Get*", 3);
    let h = c.hover(&u, l, ch).unwrap();
    let md = h["contents"]["value"].as_str().unwrap();
    // "**s3:Get*** grants **N** actions": N is what `iam-policy-ls expand s3:Get*` lists.
    let n: usize = md
        .split("grants **")
        .nth(1)
        .and_then(|rest| rest.split("**").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no action count in {md}"));
    let out = std::process::Command::new(BIN)
        .args(["expand", "s3:Get*"])
        .output()
        .unwrap();
    let expanded = String::from_utf8(out.stdout).unwrap().lines().count();
    assert!(n > 20, "{md}");
    assert_eq!(n, expanded, "the hover's count matches `expand`");
}

#[test]
fn non_policy_json_gets_no_diagnostics_and_no_completions() {
    let mut c = Client::start();
    let u = uri("package.json");
    let text = "{\n  \"name\": \"my-app\",\n  \"version\": \"1.0.0\",\n  \"scripts\": { \"test\": \"jest\" },\n  \"dependencies\": {\n    \n  }\n}\n";
    c.open(&u, 1, text);
    assert_eq!(c.diagnostics_for_version(&u, 1), Vec::<Value>::new());
    for (l, ch) in [(5, 4), (1, 11), (0, 1), (3, 16)] {
        let items = completion_items(&c.completion(&u, l, ch).unwrap());
        assert!(
            items.is_empty(),
            "no completions at {l}:{ch} in package.json: {items:?}"
        );
    }
    assert_eq!(c.hover(&u, 1, 4), Ok(Value::Null));
    let r = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": u }, "range": range(0, 0, 8, 0), "context": { "diagnostics": [] } }));
    assert!(matches!(r, Ok(Value::Null)) || r == Ok(json!([])), "{r:?}");
}

#[test]
fn did_close_clears_diagnostics() {
    let mut c = Client::start();
    let u = doc_uri();
    c.open(&u, 1, BAD);
    assert!(!c.diagnostics_for_version(&u, 1).is_empty());
    let before = c.published.len();
    c.close(&u);
    let p = c.wait_published("the clearing publication after didClose", |p| {
        p.uri == u && p.diagnostics.is_empty()
    });
    assert!(c.published.len() > before);
    assert_eq!(p.version, None, "a closed document has no version");
    // Requests on the closed document answer null.
    assert_eq!(c.hover(&u, 6, 20), Ok(Value::Null));
}

#[test]
fn code_action_offers_the_suggested_name_as_a_quick_fix() {
    let mut c = Client::start();
    let u = doc_uri();
    c.open(&u, 1, BAD);
    let diags = c.diagnostics_for_version(&u, 1);
    let at = find_pos(BAD, "PutLogEvent", 3);
    let fix = quick_fix(&mut c, &u, &diags, at, "Change to \"logs:PutLogEvents\"");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "unknown-action");
    let edits = fix["edit"]["changes"][u.as_str()]
        .as_array()
        .unwrap_or_else(|| panic!("a workspace edit for {u}: {fix:#}"));
    let mut text = BAD.to_string();
    // Apply the edits back to front, as an editor does.
    let mut edits = edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(byte_range(&text, &e["range"], true).start));
    for e in &edits {
        apply_edit(&mut text, e, true);
    }
    assert_eq!(text, BAD.replace("PutLogEvent\"", "PutLogEvents\""));

    // Sending the fix as a change clears the diagnostics.
    let changes: Vec<Value> = edits
        .iter()
        .map(|e| json!({ "range": e["range"], "text": e["newText"] }))
        .collect();
    c.change(&u, 2, changes);
    assert_eq!(c.diagnostics_for_version(&u, 2), Vec::<Value>::new());

    // No fix where there is nothing to fix.
    let r = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": u }, "range": range(1, 0, 1, 5), "context": { "diagnostics": [] } }));
    assert!(matches!(r, Ok(Value::Null)) || r == Ok(json!([])), "{r:?}");
}

/// Sends `n` (even) quick changes that toggle the misspelling; returns the last version.
fn burst_of_changes(c: &mut Client, u: &str, n: usize) -> i64 {
    c.open(u, 1, BAD);
    let (l, ch) = find_pos(BAD, "PutLogEvent\"", "PutLogEvent".len());
    let mut version = 1;
    for i in 0..n {
        version += 1;
        let e = if i % 2 == 0 {
            edit(l, ch, l, ch, "s")
        } else {
            edit(l, ch, l, ch + 1, "")
        };
        c.change(u, version, vec![e]);
    }
    version
}

#[test]
fn rapid_changes_publish_diagnostics_for_the_last_version() {
    let mut c = Client::start();
    let u = doc_uri();
    let version = burst_of_changes(&mut c, &u, 60);
    let last = c.diagnostics_for_version(&u, version);
    assert_eq!(
        last.len(),
        1,
        "an even number of toggles leaves the misspelling: {last:#?}"
    );
    assert_eq!(last[0]["code"], "unknown-action");
}

#[test]
fn publications_after_rapid_changes_arrive_in_version_order() {
    // An editor shows whatever was published last: a stale publication that overtakes a newer
    // one leaves outdated diagnostics on screen until the next edit.
    let mut c = Client::start();
    let u = doc_uri();
    let version = burst_of_changes(&mut c, &u, 300);
    c.diagnostics_for_version(&u, version);
    c.assert_alive(); // a round trip, so publications sent before the response have arrived
    c.drain();
    let mine: Vec<Option<i64>> = c
        .published
        .iter()
        .filter(|p| p.uri == u)
        .map(|p| p.version)
        .collect();
    assert!(
        mine.windows(2).all(|w| w[0] < w[1]),
        "versions must be published in increasing order: {mine:?}"
    );
    assert_eq!(
        *mine.last().unwrap(),
        Some(version),
        "publication order: {mine:?}"
    );
}

#[test]
fn close_right_after_open_leaves_no_stale_diagnostics() {
    // didClose publishes an empty list; the didOpen publication must not arrive after it.
    let mut c = Client::start();
    let n = 40;
    for i in 0..n {
        let u = uri(&format!("quick/{i}.json"));
        c.open(&u, 1, BAD);
        c.close(&u);
    }
    for i in 0..n {
        let u = uri(&format!("quick/{i}.json"));
        c.wait_published(&format!("the clearing publication for {u}"), |p| {
            p.uri == u && p.version.is_none()
        });
    }
    c.assert_alive();
    c.drain();
    for i in 0..n {
        let u = uri(&format!("quick/{i}.json"));
        let last = c.last_published(&u).unwrap();
        assert!(
            last.diagnostics.is_empty() && last.version.is_none(),
            "{u}: a stale publication came after didClose: {last:?}"
        );
    }
}

#[test]
fn shutdown_then_exit_exits_with_0() {
    let mut c = Client::start();
    c.open(&doc_uri(), 1, BAD);
    c.diagnostics_for_version(&doc_uri(), 1);
    let status = c.shutdown_and_exit();
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn requests_after_shutdown_are_invalid() {
    let mut c = Client::start();
    assert_eq!(c.request("shutdown", Value::Null), Ok(Value::Null));
    let e = c.hover(&doc_uri(), 0, 0).unwrap_err();
    assert_eq!(e["code"], -32600, "InvalidRequest after shutdown: {e}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(TIMEOUT).code(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut c = Client::start();
    c.notify("exit", Value::Null);
    let status = c.wait_exit(TIMEOUT);
    assert_eq!(status.code(), Some(1), "{status:?}");
}

#[test]
fn closing_stdin_ends_the_server() {
    // An editor that dies closes the pipe without exit: the server must not linger.
    let mut c = Client::start();
    c.close_stdin();
    let status = c.wait_exit(TIMEOUT);
    assert_eq!(status.code(), Some(1), "no shutdown came first: {status:?}");
}
