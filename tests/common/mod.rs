//! A small LSP client for end-to-end tests: it starts the real `iam-policy-ls` binary, speaks
//! JSON-RPC with Content-Length framing over its stdin/stdout, and never waits without a timeout.
//!
//! A reader thread parses the server's stdout into JSON values and hands them over a channel, so
//! every wait is a `recv_timeout` and a hung server fails the test instead of hanging CI. The
//! server's stderr is drained by a second thread into a buffer that failure messages show. The
//! child process is killed when the client is dropped.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any single wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);

pub const BIN: &str = env!("CARGO_BIN_EXE_iam-policy-ls");

/// What the reader thread hands over: a message, or why the stream ended.
enum Incoming {
    Message(Value),
    /// A frame whose body is not JSON (the server should never send one).
    Garbage(String),
    Eof,
}

/// One `textDocument/publishDiagnostics` notification.
#[derive(Clone, Debug)]
pub struct Published {
    pub uri: String,
    pub version: Option<i64>,
    pub diagnostics: Vec<Value>,
}

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Incoming>,
    next_id: i64,
    /// Responses not yet taken, by id (as JSON text, so string and number ids both work).
    responses: HashMap<String, Value>,
    /// Every publishDiagnostics notification, in arrival order.
    pub published: Vec<Published>,
    /// Other notifications from the server, in arrival order.
    pub notifications: Vec<Value>,
    /// Responses that carried no id or a null id (answers to unparseable input).
    pub orphan_responses: Vec<Value>,
    stderr: Arc<Mutex<Vec<u8>>>,
    eof: bool,
}

impl Client {
    /// Starts the server with no arguments (LSP on stdio is the default).
    pub fn spawn() -> Client {
        Client::spawn_with_args(&[])
    }

    pub fn spawn_with_args(args: &[&str]) -> Client {
        let mut child = Command::new(BIN)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start iam-policy-ls");
        let stdout = child.stdout.take().unwrap();
        let mut stderr_pipe = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match stderr_pipe.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut s = sink.lock().unwrap();
                        s.extend_from_slice(&buf[..n]);
                        // Keep the tail only: abuse tests can make the server log a lot.
                        if s.len() > 1 << 20 {
                            let cut = s.len() - (1 << 19);
                            s.drain(..cut);
                        }
                    }
                }
            }
        });
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                match read_frame(&mut reader) {
                    Ok(Some(body)) => {
                        let msg = match serde_json::from_slice::<Value>(&body) {
                            Ok(v) => Incoming::Message(v),
                            Err(_) => {
                                Incoming::Garbage(String::from_utf8_lossy(&body).into_owned())
                            }
                        };
                        if tx.send(msg).is_err() {
                            return;
                        }
                    }
                    Ok(None) | Err(_) => {
                        let _ = tx.send(Incoming::Eof);
                        return;
                    }
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            rx,
            next_id: 1,
            responses: HashMap::new(),
            published: Vec::new(),
            notifications: Vec::new(),
            orphan_responses: Vec::new(),
            stderr,
            eof: false,
        }
    }

    /// A server that has been initialized (with `capabilities`) and told `initialized`.
    pub fn initialized_with(capabilities: Value) -> (Client, Value) {
        let mut c = Client::spawn();
        let result = c.initialize(capabilities);
        (c, result)
    }

    /// A server initialized with default (empty) client capabilities: UTF-16 positions.
    pub fn start() -> Client {
        Client::initialized_with(json!({})).0
    }

    /// A server that negotiated UTF-8 positions.
    pub fn start_utf8() -> Client {
        let (c, result) = Client::initialized_with(
            json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
        );
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
        c
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's stderr so far (lossy UTF-8).
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Sends `initialize` and then `initialized`; returns the initialize result.
    pub fn initialize(&mut self, capabilities: Value) -> Value {
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": std::process::id(),
                    "rootUri": null,
                    "capabilities": capabilities,
                    "clientInfo": { "name": "e2e-tests" }
                }),
            )
            .unwrap_or_else(|e| panic!("initialize failed: {e}"));
        self.notify("initialized", json!({}));
        result
    }

    // ---- sending -------------------------------------------------------------------------

    /// Writes raw bytes to the server's stdin.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin already closed");
        stdin
            .write_all(bytes)
            .and_then(|_| stdin.flush())
            .unwrap_or_else(|e| {
                panic!(
                    "writing to the server failed: {e}\nstderr:\n{}",
                    self.stderr_tail()
                )
            });
    }

    /// Writes a framed request, returning its id, or `None` when the server has closed its
    /// input (it exited): for tests where exiting is an allowed outcome.
    pub fn try_send_request(&mut self, method: &str, params: Value) -> Option<i64> {
        let id = self.next_id;
        self.next_id += 1;
        let body = serde_json::to_vec(
            &json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }),
        )
        .unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        let stdin = self.stdin.as_mut()?;
        stdin
            .write_all(&frame)
            .and_then(|_| stdin.flush())
            .ok()
            .map(|_| id)
    }

    /// Frames and sends one JSON value.
    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.send_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error object)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Waits for the response with `id`.
    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        self.response_within(id, TIMEOUT)
    }

    pub fn response_within(&mut self, id: i64, timeout: Duration) -> Result<Value, Value> {
        let key = json!(id).to_string();
        let msg = self.wait_for(&format!("the response to request {id}"), timeout, |c| {
            c.responses.remove(&key)
        });
        match msg.get("error") {
            Some(e) if !e.is_null() => Err(e.clone()),
            _ => Ok(msg.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// Like [`Client::response`], but `None` when the server closes its output first (it exited).
    pub fn try_response(&mut self, id: i64) -> Option<Result<Value, Value>> {
        let key = json!(id).to_string();
        let msg = self.wait_for(
            &format!("the response to request {id} or the end of output"),
            TIMEOUT,
            |c| {
                c.drain();
                match c.responses.remove(&key) {
                    Some(m) => Some(Some(m)),
                    None if c.eof => Some(None),
                    None => None,
                }
            },
        )?;
        Some(match msg.get("error") {
            Some(e) if !e.is_null() => Err(e.clone()),
            _ => Ok(msg.get("result").cloned().unwrap_or(Value::Null)),
        })
    }

    // ---- documents -----------------------------------------------------------------------

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.open_as(uri, "json", version, text);
    }

    pub fn open_as(&mut self, uri: &str, language_id: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language_id, "version": version, "text": text } }),
        );
    }

    /// Sends a didChange with the given content changes (each `{range?, text}`).
    pub fn change(&mut self, uri: &str, version: i64, changes: Vec<Value>) {
        self.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }));
    }

    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    pub fn completion(&mut self, uri: &str, line: u32, character: u32) -> Result<Value, Value> {
        self.request("textDocument/completion", json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }))
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Result<Value, Value> {
        self.request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }))
    }

    /// Waits for the first diagnostics published for `uri` with exactly `version`.
    pub fn diagnostics_for_version(&mut self, uri: &str, version: i64) -> Vec<Value> {
        self.wait_published(&format!("diagnostics for {uri} version {version}"), |p| {
            p.uri == uri && p.version == Some(version)
        })
        .diagnostics
    }

    /// Waits for (or finds among those already received) a publication matching `pred`.
    pub fn wait_published(
        &mut self,
        what: &str,
        mut pred: impl FnMut(&Published) -> bool,
    ) -> Published {
        let mut seen = 0;
        self.wait_for(what, TIMEOUT, |c| {
            let found = c.published[seen..].iter().find(|p| pred(p)).cloned();
            seen = c.published.len();
            found
        })
    }

    /// The last publication for `uri` received so far.
    pub fn last_published(&self, uri: &str) -> Option<&Published> {
        self.published.iter().rev().find(|p| p.uri == uri)
    }

    /// Checks the server still answers: a request to an unopened document gets a null result.
    pub fn assert_alive(&mut self) {
        let r = self.hover("file:///alive-check.json", 0, 0);
        assert_eq!(
            r,
            Ok(Value::Null),
            "the server should answer a hover on an unknown document with null"
        );
    }

    // ---- lifetime ------------------------------------------------------------------------

    /// Sends shutdown (waiting for its response), then exit, and returns the exit status.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r, Ok(Value::Null), "shutdown should answer null");
        self.notify("exit", Value::Null);
        self.wait_exit(TIMEOUT)
    }

    /// Closes stdin (when still open) and waits for the process to end.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait failed") {
                return status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "the server did not exit within {timeout:?}\nstderr:\n{}",
                    self.stderr_tail()
                );
            }
            // Polling the process table: there is no portable blocking wait with a timeout.
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Closes the server's stdin (end of input).
    pub fn close_stdin(&mut self) {
        drop(self.stdin.take());
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("try_wait failed").is_none()
    }

    /// A line from /proc/<pid>/status, e.g. `VmHWM` (Linux only).
    pub fn proc_status(&self, field: &str) -> Option<String> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        status
            .lines()
            .find(|l| l.starts_with(&format!("{field}:")))
            .map(|l| l[field.len() + 1..].trim().to_string())
    }

    // ---- the receive loop ----------------------------------------------------------------

    /// Receives messages until `check` returns Some, failing the test after `timeout`.
    pub fn wait_for<T>(
        &mut self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&mut Client) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(t) = check(self) {
                return t;
            }
            if self.eof {
                panic!(
                    "the server closed its output while waiting for {what}\nstderr:\n{}",
                    self.stderr_tail()
                );
            }
            let now = Instant::now();
            if now >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}\nstderr:\n{}",
                    self.stderr_tail()
                );
            }
            match self.rx.recv_timeout(deadline - now) {
                Ok(Incoming::Message(m)) => self.dispatch(m),
                Ok(Incoming::Garbage(body)) => {
                    panic!("the server sent a frame that is not JSON: {body:.200}")
                }
                Ok(Incoming::Eof) | Err(RecvTimeoutError::Disconnected) => self.eof = true,
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }

    /// Takes every message that has already arrived, without waiting.
    pub fn drain(&mut self) {
        while let Ok(m) = self.rx.try_recv() {
            match m {
                Incoming::Message(m) => self.dispatch(m),
                Incoming::Garbage(body) => {
                    panic!("the server sent a frame that is not JSON: {body:.200}")
                }
                Incoming::Eof => self.eof = true,
            }
        }
    }

    fn dispatch(&mut self, m: Value) {
        let has_method = m.get("method").is_some();
        let id = m.get("id").filter(|id| !id.is_null()).cloned();
        match (has_method, id) {
            (true, Some(id)) => {
                // A request from the server: answer it so the server never waits on us.
                self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                self.notifications.push(m);
            }
            (true, None) => {
                if m["method"] == "textDocument/publishDiagnostics" {
                    let p = &m["params"];
                    self.published.push(Published {
                        uri: p["uri"].as_str().unwrap_or_default().to_string(),
                        version: p.get("version").and_then(Value::as_i64),
                        diagnostics: p["diagnostics"].as_array().cloned().unwrap_or_default(),
                    });
                } else {
                    self.notifications.push(m);
                }
            }
            (false, Some(id)) => {
                self.responses.insert(id.to_string(), m);
            }
            (false, None) => self.orphan_responses.push(m),
        }
    }

    fn stderr_tail(&self) -> String {
        let s = self.stderr();
        let start = s.len().saturating_sub(4000);
        let start = (start..s.len())
            .find(|i| s.is_char_boundary(*i))
            .unwrap_or(s.len());
        s[start..].to_string()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one Content-Length framed message. `Ok(None)` at a clean end of stream.
fn read_frame(reader: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some((name, value)) = trimmed.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
    let mut body = vec![0; length.unwrap()];
    reader.read_exact(&mut body)?;
    Ok(Some(body))
}

// ---- helpers shared by the test files -------------------------------------------------------

/// A `file://` URI for a name in a fake workspace.
pub fn uri(name: &str) -> String {
    format!("file:///workspace/{name}")
}

/// An LSP position.
pub fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

pub fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({ "start": pos(l0, c0), "end": pos(l1, c1) })
}

/// An incremental content change.
pub fn edit(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> Value {
    json!({ "range": range(l0, c0, l1, c1), "text": text })
}

/// The (line, character) of byte offset `offset` in `text`, with characters counted in UTF-16
/// code units (`utf16 = true`) or UTF-8 bytes. Lines end at `\n` (a `\r` before it belongs to the
/// line ending).
pub fn position_of(text: &str, offset: usize, utf16: bool) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let segment = &text[line_start..offset];
    let character = if utf16 {
        segment.encode_utf16().count()
    } else {
        segment.len()
    };
    (line as u32, character as u32)
}

/// The position of the first occurrence of `needle` (plus `delta` bytes) in UTF-16.
pub fn find_pos(text: &str, needle: &str, delta: usize) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
        + delta;
    position_of(text, at, true)
}

/// The quick fix titled `title` that the server offers at (`line`, `character`) of `uri`, given
/// the diagnostics it published; panics with the offered actions when there is none.
pub fn quick_fix(
    c: &mut Client,
    uri: &str,
    diagnostics: &[Value],
    (line, character): (u32, u32),
    title: &str,
) -> Value {
    let r = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range(line, character, line, character), "context": { "diagnostics": diagnostics, "only": ["quickfix"] } }),
        )
        .unwrap();
    let actions = r
        .as_array()
        .unwrap_or_else(|| panic!("code actions expected: {r}"));
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no {title:?} fix in {actions:#?}"))
        .clone()
}

/// The completion items of a completion response (list or array), or none for null.
pub fn completion_items(result: &Value) -> Vec<Value> {
    match result {
        Value::Null => Vec::new(),
        Value::Array(items) => items.clone(),
        other => other["items"].as_array().cloned().unwrap_or_default(),
    }
}

/// A policy with one statement whose Action array holds `actions`.
pub fn policy_with_actions(actions: &[&str]) -> String {
    let list = actions
        .iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",\n      \"Action\": [{list}],\n      \"Resource\": \"*\"\n    }}\n  ]\n}}\n"
    )
}

/// The byte offset of an LSP position in `text` (the inverse of [`position_of`]). Lines end at
/// `\n`; a character past the end of its line is an error here (tests compute exact positions).
pub fn offset_of(text: &str, line: u32, character: u32, utf16: bool) -> usize {
    let mut start = 0;
    for _ in 0..line {
        start += text[start..]
            .find('\n')
            .unwrap_or_else(|| panic!("line {line} is past the end"))
            + 1;
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_text = text[start..end].trim_end_matches('\r');
    let mut units = 0;
    for (i, c) in line_text.char_indices() {
        if units == character as usize {
            return start + i;
        }
        units += if utf16 { c.len_utf16() } else { c.len_utf8() };
    }
    assert_eq!(
        units, character as usize,
        "character {character} is not at a character boundary of line {line}: {line_text:?}"
    );
    start + line_text.len()
}

/// The byte range of an LSP range object in `text`.
pub fn byte_range(text: &str, range: &Value, utf16: bool) -> std::ops::Range<usize> {
    let p = |v: &Value| {
        offset_of(
            text,
            v["line"].as_u64().unwrap() as u32,
            v["character"].as_u64().unwrap() as u32,
            utf16,
        )
    };
    p(&range["start"])..p(&range["end"])
}

/// Applies one LSP text edit (`{range, newText}` or a content change `{range, text}`).
pub fn apply_edit(text: &mut String, edit: &Value, utf16: bool) {
    let new_text = edit
        .get("newText")
        .or_else(|| edit.get("text"))
        .and_then(Value::as_str)
        .unwrap();
    match edit.get("range") {
        Some(r) if !r.is_null() => {
            let r = byte_range(text, r, utf16);
            text.replace_range(r, new_text);
        }
        _ => *text = new_text.to_string(),
    }
}

/// An LSP snippet as a client inserts it when the user accepts every default: `${1:name}`
/// becomes `name`, `$1` and `$0` nothing, and `\$`, `\}`, `\\` their characters.
pub fn expand_snippet(snippet: &str) -> String {
    let mut out = String::new();
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.next_if(|c| c.is_ascii_digit()).is_some() {}
                if chars.next_if_eq(&':').is_some() {
                    for d in chars.by_ref() {
                        if d == '}' {
                            break;
                        }
                        out.push(d);
                    }
                } else {
                    chars.next_if_eq(&'}');
                }
            }
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.next_if(|c| c.is_ascii_digit()).is_some() {}
            }
            c => out.push(c),
        }
    }
    out
}
