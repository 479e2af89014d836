//! Protocol abuse: broken framing, bodies that are not JSON, methods the server does not know,
//! requests out of order, changes to documents never opened, a 20 MB document and a thousand
//! open documents. After each, the server must still answer a normal request.

mod common;

use common::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const SMALL: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\"logs:PutLogEvent\"],\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";

/// A hover on a real document that must answer with the action's documentation.
fn assert_answers_hover(c: &mut Client, u: &str) {
    let h = c
        .hover(u, 4, 8)
        .unwrap_or_else(|e| panic!("hover failed: {e}"));
    assert!(
        h["contents"]["value"].as_str().is_some(),
        "a hover on the Effect element: {h}"
    );
}

/// A server with SMALL open, its diagnostics received.
fn ready() -> (Client, String) {
    let mut c = Client::start();
    let u = uri("small.json");
    c.open(&u, 1, SMALL);
    c.diagnostics_for_version(&u, 1);
    (c, u)
}

/// Waits for a response with a null id (the answer to input that could not be parsed).
fn wait_orphan(c: &mut Client, what: &str) -> Value {
    c.wait_for(what, TIMEOUT, |c| {
        (!c.orphan_responses.is_empty()).then(|| c.orphan_responses.remove(0))
    })
}

#[test]
fn a_bad_content_length_header_is_survived() {
    let (mut c, u) = ready();
    let body = br#"{"jsonrpc":"2.0","id":999,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.json"},"position":{"line":0,"character":0}}}"#;
    let mut frame = b"Content-Length: abc\r\n\r\n".to_vec();
    frame.extend_from_slice(body);
    c.send_raw(&frame);
    let e = wait_orphan(&mut c, "the parse error for a non-numeric Content-Length");
    assert_eq!(e["error"]["code"], -32700, "{e}");
    assert!(c.is_running(), "the server exited after a bad header");
    assert_answers_hover(&mut c, &u);
}

#[test]
fn a_body_that_is_not_json_is_survived() {
    let (mut c, u) = ready();
    c.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let e = wait_orphan(&mut c, "the parse error for an invalid JSON body");
    assert_eq!(e["error"]["code"], -32700, "{e}");
    assert!(c.is_running(), "the server exited after an invalid body");
    assert_answers_hover(&mut c, &u);
}

#[test]
fn a_json_body_that_is_not_a_message_is_survived() {
    let (mut c, u) = ready();
    c.send(&json!({ "hello": "world" }));
    let e = wait_orphan(
        &mut c,
        "the error for a JSON body that is not a JSON-RPC message",
    );
    assert!(
        e["error"]["code"] == -32600 || e["error"]["code"] == -32700,
        "{e}"
    );
    assert_answers_hover(&mut c, &u);
}

#[test]
fn framing_errors_get_a_parse_error_and_never_crash_or_hang() {
    // What must hold today and after the ignored bugs above are fixed: each broken frame is
    // answered with a parse error (id null); the server then either keeps serving or ends
    // with an exit code, never a crash (signal) and never a hang.
    let broken: [&[u8]; 3] = [
        b"Content-Length: 9\r\n\r\n{not json",
        b"Content-Length: abc\r\n\r\n",
        b"Content-Length: 2\r\n\r\n[]",
    ];
    for frame in broken {
        let (mut c, u) = ready();
        c.send_raw(frame);
        let e = wait_orphan(
            &mut c,
            &format!("the error for {:?}", String::from_utf8_lossy(frame)),
        );
        assert!(
            e["error"]["code"] == -32700 || e["error"]["code"] == -32600,
            "{e}"
        );
        let id = c.try_send_request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": u }, "position": pos(4, 8) }),
        );
        match id.and_then(|id| c.try_response(id)) {
            Some(r) => assert!(r.is_ok(), "{r:?}"),
            None => {
                let status = c.wait_exit(TIMEOUT);
                eprintln!(
                    "after {:?} the server stopped reading and exited: {status:?}",
                    String::from_utf8_lossy(frame)
                );
                assert!(
                    status.code().is_some(),
                    "it exits, it does not crash: {status:?}"
                );
            }
        }
    }
}

#[test]
fn an_unknown_request_gets_method_not_found() {
    let (mut c, u) = ready();
    let e = c
        .request("custom/doSomething", json!({ "x": 1 }))
        .unwrap_err();
    assert_eq!(e["code"], -32601, "MethodNotFound: {e}");
    let e = c
        .request(
            "textDocument/onTypeFormatting",
            json!({ "textDocument": { "uri": u }, "position": { "line": 0, "character": 0 }, "ch": "}", "options": { "tabSize": 2, "insertSpaces": true } }),
        )
        .unwrap_err();
    assert_eq!(
        e["code"], -32601,
        "an LSP method the server does not provide: {e}"
    );
    assert_answers_hover(&mut c, &u);
}

#[test]
fn unknown_notifications_are_ignored() {
    let (mut c, u) = ready();
    c.notify("custom/somethingHappened", json!({ "x": 1 }));
    c.notify("$/cancelRequest", json!({ "id": 12345 }));
    c.notify("$/setTrace", json!({ "value": "verbose" }));
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [] }));
    // A response to a request the server never sent.
    c.send(&json!({ "jsonrpc": "2.0", "id": 777, "result": null }));
    assert_answers_hover(&mut c, &u);
    c.drain();
    assert!(
        c.orphan_responses.is_empty(),
        "notifications get no response: {:?}",
        c.orphan_responses
    );
}

#[test]
fn requests_before_initialize_get_an_error_and_the_server_keeps_running() {
    let mut c = Client::spawn();
    let e = c.hover(&uri("small.json"), 0, 0).unwrap_err();
    assert_eq!(e["code"], -32002, "ServerNotInitialized: {e}");
    let e = c.request("shutdown", Value::Null).unwrap_err();
    assert_eq!(e["code"], -32002, "{e}");
    // A notification before initialize is dropped, not fatal.
    c.open(&uri("early.json"), 1, SMALL);
    let result = c.initialize(json!({}));
    assert_eq!(result["serverInfo"]["name"], "iam-policy-ls");
    let u = uri("small.json");
    c.open(&u, 1, SMALL);
    c.diagnostics_for_version(&u, 1);
    assert_answers_hover(&mut c, &u);
    // A second initialize is an invalid request.
    let e = c
        .request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        )
        .unwrap_err();
    assert_eq!(e["code"], -32600, "{e}");
    assert_answers_hover(&mut c, &u);
}

#[test]
fn malformed_params_get_invalid_params() {
    let (mut c, u) = ready();
    let e = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": u }, "position": "here" }),
        )
        .unwrap_err();
    assert_eq!(e["code"], -32602, "{e}");
    let e = c
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": u }, "position": { "line": -1, "character": 0 } }),
        )
        .unwrap_err();
    assert_eq!(e["code"], -32602, "{e}");
    // A notification with bad params is dropped.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u }, "contentChanges": "nope" }),
    );
    c.notify("textDocument/didOpen", json!({ "textDocument": 5 }));
    assert_answers_hover(&mut c, &u);
}

#[test]
fn did_change_for_a_document_never_opened_is_ignored() {
    let (mut c, u) = ready();
    let ghost = uri("ghost.json");
    c.change(&ghost, 2, vec![edit(0, 0, 0, 0, "{\"Statement\": []}")]);
    c.change(&ghost, 3, vec![json!({ "text": SMALL })]);
    assert_answers_hover(&mut c, &u);
    assert_eq!(
        c.hover(&ghost, 5, 20),
        Ok(Value::Null),
        "the unopened document stays unknown"
    );
    c.drain();
    assert!(
        c.published.iter().all(|p| p.uri != ghost),
        "no diagnostics for a document never opened"
    );
    // Opening it afterwards works normally.
    c.open(&ghost, 1, SMALL);
    assert!(!c.diagnostics_for_version(&ghost, 1).is_empty());
}

/// A policy-shaped document of about `bytes` bytes: many statements, each with a misspelling.
fn huge_policy(bytes: usize) -> String {
    let statement = "    {\"Sid\": \"S\", \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"logs:PutLogEvent\"], \"Resource\": \"arn:aws:s3:::bucket/*\"},\n";
    let n = bytes / statement.len();
    let mut s = String::with_capacity(bytes + 200);
    s.push_str("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n");
    for _ in 0..n {
        s.push_str(statement);
    }
    s.push_str("    {\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}\n  ]\n}\n");
    s
}

/// A JSON data file of about `bytes` bytes (not a policy): records with nested values, CJK and
/// emoji, as a generated fixture or an API dump would be.
fn huge_data(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 200);
    s.push_str("{\n  \"data\": [\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!(
            "    {{\"id\": {i}, \"name\": \"item-{i}\", \"tags\": [\"a\", \"b\"], \"note\": \"😀日本\", \"nested\": {{\"x\": {}.5, \"y\": null, \"z\": true}}}},\n",
            i * 3
        ));
        i += 1;
    }
    s.push_str("    {}\n  ]\n}\n");
    s
}

/// The wait for answers while a 20 MB document is handled: a debug build needs several seconds
/// just to read, deserialize and parse 20 MB (about 8 s measured on a 2-core machine), so this
/// one wait gets more than the usual 10 s to stay reliable on a loaded CI machine.
const BIG_TIMEOUT: Duration = Duration::from_secs(30);

/// Opens `big` beside a small policy and checks that a hover on the small one is answered within
/// the timeout and that the process stays alive. Prints the measured times.
fn big_document_scenario(what: &str, big: &str) {
    let (mut c, small) = ready();
    assert!(big.len() >= 20 << 20, "{} bytes", big.len());
    let big_uri = uri("huge.json");
    let started = Instant::now();
    c.open(&big_uri, 1, big);
    let sent = started.elapsed();
    // The small document must still be served while the big one is being handled.
    let id = c.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": small }, "position": pos(4, 8) }),
    );
    let h = c.response_within(id, BIG_TIMEOUT).unwrap();
    let answered = started.elapsed();
    assert!(h["contents"]["value"].as_str().is_some(), "{h}");
    eprintln!(
        "{what} ({} bytes): written to the pipe in {sent:.2?}; hover on another document answered {answered:.2?} after the open began",
        big.len()
    );
    assert!(answered < BIG_TIMEOUT, "the hover took {answered:?}");
    assert!(c.is_running());
    // The big document is usable too (a hover near its end) and the server stays up.
    let lines = big.lines().count() as u32;
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": big_uri }, "position": pos(lines - 4, 40) }),
    );
    assert!(r.is_ok(), "{r:?}");
    let r = c.completion(&big_uri, lines - 4, 10);
    assert!(r.is_ok(), "{r:?}");
    eprintln!(
        "{what}: hover and completion in it answered {:.2?} after the open began",
        started.elapsed()
    );
    if let Some(hwm) = c.proc_status("VmHWM") {
        eprintln!("{what}: VmHWM {hwm}");
    }
    c.close(&big_uri);
    assert_answers_hover(&mut c, &small);
    assert!(c.is_running());
}

#[test]
fn a_20_mb_json_document_does_not_stop_the_server() {
    big_document_scenario("20 MB JSON data document", &huge_data(20 << 20));
}

#[test]
fn a_20_mb_policy_document_does_not_stop_the_server() {
    big_document_scenario("20 MB policy document", &huge_policy(20 << 20));
}

#[test]
fn a_thousand_open_documents() {
    let (mut c, small) = ready();
    let n = 1000;
    let started = Instant::now();
    for i in 0..n {
        // Each document slightly different, so nothing can be shared between them.
        let text = SMALL.replace(
            "\"*\"",
            &format!("\"arn:aws:logs:us-east-1:123456789012:log-group:g{i}:*\""),
        );
        c.open(&uri(&format!("many/{i}.json")), 1, &text);
    }
    let mut pending: std::collections::HashSet<String> =
        (0..n).map(|i| uri(&format!("many/{i}.json"))).collect();
    let mut seen = 0;
    c.wait_for(
        "diagnostics for all 1,000 documents",
        Duration::from_secs(30),
        |c| {
            for p in &c.published[seen..] {
                if p.version == Some(1) {
                    pending.remove(&p.uri);
                }
            }
            seen = c.published.len();
            pending.is_empty().then_some(())
        },
    );
    let all_published = started.elapsed();
    assert_answers_hover(&mut c, &small);
    let items = completion_items(&c.completion(&uri("many/500.json"), 5, 21).unwrap());
    assert!(!items.is_empty(), "completion in one of the many documents");
    let hwm = c.proc_status("VmHWM").unwrap_or_else(|| "unknown".into());
    let rss = c.proc_status("VmRSS").unwrap_or_else(|| "unknown".into());
    eprintln!(
        "1,000 documents open: all diagnostics published after {all_published:.2?}; VmHWM {hwm}, VmRSS {rss}"
    );
    assert!(c.is_running());
}

#[test]
fn a_statement_with_5000_actions_is_diagnosed_within_the_timeout() {
    let (mut c, small) = ready();
    let actions: Vec<String> = (0..5000).map(|i| format!("s3:GetObject{i}")).collect();
    let refs: Vec<&str> = actions.iter().map(String::as_str).collect();
    let text = policy_with_actions(&refs);
    let u = uri("wide.json");
    let started = Instant::now();
    c.open(&u, 1, &text);
    let diags = c.diagnostics_for_version(&u, 1);
    eprintln!(
        "{} bytes, 5,000 actions: {} diagnostics after {:.2?}",
        text.len(),
        diags.len(),
        started.elapsed()
    );
    assert_answers_hover(&mut c, &small);
}
