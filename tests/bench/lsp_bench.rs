//! End-to-end benchmark: drives a language server over stdio as an editor does and prints a
//! markdown table. A `[[bench]] harness = false` target of the server crate.
//!
//! ```text
//! cargo bench --bench lsp_bench                                  # iam-policy-ls (release)
//! cargo bench --bench lsp_bench -- --server "node /tmp/x/server.js --stdio" --label other
//! cargo bench --bench lsp_bench -- --smoke                       # CI: seconds, never fails on a number
//! IAM_POLICY_LS_BENCH_SMOKE=1 cargo bench                        # same, for every bench target
//! ```
//!
//! Measured, each from the client's side of the pipe (send → the reply's last byte read):
//! - spawn → initialize response (a fresh process each time);
//! - didOpen → first publishDiagnostics for that document, on a typical and the largest policy;
//! - 200 completions and 200 hovers at realistic positions (inside action strings, ARNs and
//!   condition keys) on each, p50/p95/p99;
//! - 100 edits typing characters into an action string, each followed by waiting for the
//!   publishDiagnostics of that version (or, for servers that publish no version, the next one);
//! - a fresh server with 100 managed policies open: VmHWM of the server and its children;
//! - `iam-policy-ls check <managed policies>` wall time, best of 5 (iam-policy-ls only).
//!
//! A wait that runs past `--timeout` is counted as a timeout and the run goes on: a server that
//! never publishes for a version makes rows of timeouts, not a hang.
//!
//! Options: `--server "CMD ARGS"` (default: this build's `iam-policy-ls`), `--label NAME`,
//! `--policy FILE` (the large policy; default the largest of `target/managed-policies`),
//! `--typical FILE`, `--corpus DIR` (default `target/managed-policies`), `--language-id ID`,
//! `--settings JSON|@FILE` (sent as workspace/didChangeConfiguration), `--init-options
//! JSON|@FILE`, `--json-schema FILE` (settings for vscode-json-languageserver mapping `*.json`
//! to that schema), `--check-bin PATH`, `--no-check`, `--timeout SECS`, `--smoke`, `--json FILE`
//! (also write the results as JSON).

use serde_json::{Value, json};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "fixtures.rs"]
mod fixtures;

use fixtures::{Policy, Spot};

const DEFAULT_SERVER: &str = env!("CARGO_BIN_EXE_iam-policy-ls");

// ---------------------------------------------------------------------------------------------
// Options

struct Opts {
    server: Vec<String>,
    label: String,
    is_default_server: bool,
    policy: Option<PathBuf>,
    typical: Option<PathBuf>,
    corpus: Option<PathBuf>,
    language_id: String,
    settings: Option<Value>,
    init_options: Option<Value>,
    check_bin: Option<PathBuf>,
    check: bool,
    timeout: Duration,
    smoke: bool,
    json_out: Option<PathBuf>,
}

/// Counts for one run: (full, smoke).
struct Counts {
    spawns: usize,
    opens: usize,
    requests: usize,
    edits: usize,
    memory_docs: usize,
    check_runs: usize,
}

impl Opts {
    fn counts(&self) -> Counts {
        if self.smoke {
            Counts {
                spawns: 2,
                opens: 1,
                requests: 10,
                edits: 5,
                memory_docs: 10,
                check_runs: 1,
            }
        } else {
            Counts {
                spawns: 10,
                opens: 10,
                requests: 200,
                edits: 100,
                memory_docs: 100,
                check_runs: 5,
            }
        }
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: cargo bench --bench lsp_bench -- [--server \"CMD ARGS\"] [--label NAME] \
         [--policy FILE] [--typical FILE] [--corpus DIR] [--language-id ID] \
         [--settings JSON|@FILE] [--init-options JSON|@FILE] [--json-schema FILE] \
         [--check-bin PATH] [--no-check] [--timeout SECS] [--smoke] [--json FILE]"
    );
    std::process::exit(2)
}

fn json_arg(v: &str) -> Value {
    let text = match v.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
        }
        None => v.to_string(),
    };
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON: {v}: {e}"))
}

/// Splits a command line on whitespace, honouring single and double quotes.
fn split_command(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `None` when the arguments ask to skip this bench (a criterion filter naming another one).
fn parse_args() -> Option<Opts> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env_smoke =
        std::env::var_os("IAM_POLICY_LS_BENCH_SMOKE").is_some_and(|v| v != "0" && !v.is_empty());
    let mut o = Opts {
        server: vec![DEFAULT_SERVER.to_string()],
        label: "iam-policy-ls".into(),
        is_default_server: true,
        policy: None,
        typical: None,
        corpus: None,
        language_id: "json".into(),
        settings: None,
        init_options: None,
        check_bin: None,
        check: true,
        timeout: Duration::from_secs(10),
        smoke: env_smoke,
        json_out: None,
    };
    let mut label_given = false;
    let mut bench_flag = false;
    let mut filters = Vec::new();
    let mut timeout_given = false;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--server" => {
                o.server = split_command(&val());
                o.is_default_server = false;
                if o.server.is_empty() {
                    usage();
                }
            }
            "--label" => {
                o.label = val();
                label_given = true;
            }
            "--policy" => o.policy = Some(val().into()),
            "--typical" => o.typical = Some(val().into()),
            "--corpus" => o.corpus = Some(val().into()),
            "--language-id" => o.language_id = val(),
            "--settings" => o.settings = Some(json_arg(&val())),
            "--init-options" => o.init_options = Some(json_arg(&val())),
            "--json-schema" => {
                let path = PathBuf::from(val());
                let schema = json_arg(&format!("@{}", path.display()));
                let abs = std::fs::canonicalize(&path).unwrap_or(path);
                o.settings = Some(json!({
                    "json": {
                        "validate": { "enable": true },
                        "schemas": [{
                            "fileMatch": ["*.json"],
                            "url": format!("file://{}", abs.display()),
                            "schema": schema,
                        }]
                    }
                }));
            }
            "--check-bin" => o.check_bin = Some(val().into()),
            "--no-check" => o.check = false,
            "--timeout" => {
                let secs: f64 = val().parse().unwrap_or_else(|_| usage());
                o.timeout = Duration::from_secs_f64(secs);
                timeout_given = true;
            }
            "--smoke" => o.smoke = true,
            "--json" => o.json_out = Some(val().into()),
            // cargo bench passes --bench; cargo test (--all-targets) does not.
            "--bench" => bench_flag = true,
            "-h" | "--help" => usage(),
            s if s.starts_with('-') => eprintln!("lsp_bench: ignoring unknown option {s}"),
            s => filters.push(s.to_string()),
        }
    }
    if !filters.is_empty() && !filters.iter().any(|f| "lsp_bench".contains(f.as_str())) {
        eprintln!("lsp_bench: skipped (filter {filters:?} does not name lsp_bench)");
        return None;
    }
    if !bench_flag && !o.smoke {
        // Run as a test (cargo test --benches / --all-targets): keep it to seconds.
        eprintln!("lsp_bench: not run by cargo bench: smoke mode");
        o.smoke = true;
    }
    if o.smoke && !timeout_given {
        o.timeout = Duration::from_secs(5);
    }
    if !label_given && !o.is_default_server {
        o.label = o
            .server
            .iter()
            .rev()
            .find(|a| !a.starts_with('-'))
            .map(|a| {
                Path::new(a)
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_else(|| a.clone())
            })
            .unwrap_or_else(|| o.server[0].clone());
    }
    if o.check_bin.is_none() && o.is_default_server {
        o.check_bin = Some(DEFAULT_SERVER.into());
    }
    Some(o)
}

// ---------------------------------------------------------------------------------------------
// The client

enum Incoming {
    /// A message, when its last byte was read, and its size in bytes.
    Message(Value, Instant, usize),
    Eof,
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Incoming>,
    next_id: i64,
    pid: u32,
    full_sync: bool,
    eof: bool,
    stderr: Arc<Mutex<Vec<u8>>>,
    /// Server-to-client requests answered (workspace/configuration, registerCapability, ...).
    answered: usize,
    /// The size of the last message `wait` returned.
    last_size: usize,
}

fn read_frame(r: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut len: Option<usize> = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end();
        if line.is_empty() {
            if len.is_some() {
                break;
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse().ok();
        }
    }
    let mut body = vec![0u8; len.unwrap_or(0)];
    r.read_exact(&mut body)?;
    Ok(Some(body))
}

impl Server {
    fn spawn(cmd: &[String]) -> std::io::Result<Server> {
        let mut child = Command::new(&cmd[0])
            .args(&cmd[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let pid = child.id();
        let stdout = child.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut s = sink.lock().unwrap();
                s.extend_from_slice(&buf[..n]);
                if s.len() > 1 << 18 {
                    let cut = s.len() - (1 << 17);
                    s.drain(..cut);
                }
            }
        });
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::with_capacity(1 << 16, stdout);
            loop {
                match read_frame(&mut reader) {
                    Ok(Some(body)) => {
                        let at = Instant::now();
                        let msg = serde_json::from_slice(&body).unwrap_or(Value::Null);
                        if tx.send(Incoming::Message(msg, at, body.len())).is_err() {
                            return;
                        }
                    }
                    _ => {
                        let _ = tx.send(Incoming::Eof);
                        return;
                    }
                }
            }
        });
        let stdin = child.stdin.take().unwrap();
        Ok(Server {
            child,
            stdin,
            rx,
            next_id: 1,
            pid,
            full_sync: false,
            eof: false,
            stderr,
            answered: 0,
            last_size: 0,
        })
    }

    /// Writes one message; returns the instant just before the write.
    fn send(&mut self, msg: &Value) -> Instant {
        let body = serde_json::to_vec(msg).unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        let at = Instant::now();
        if self
            .stdin
            .write_all(&frame)
            .and_then(|_| self.stdin.flush())
            .is_err()
        {
            self.eof = true;
        }
        at
    }

    fn notify(&mut self, method: &str, params: Value) -> Instant {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn request(&mut self, method: &str, params: Value) -> (i64, Instant) {
        let id = self.next_id;
        self.next_id += 1;
        let at =
            self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        (id, at)
    }

    /// Answers a request from the server so it never waits on us.
    fn answer(&mut self, msg: &Value) {
        let result = match msg["method"].as_str() {
            Some("workspace/configuration") => {
                let n = msg["params"]["items"].as_array().map_or(0, |a| a.len());
                Value::Array(vec![Value::Null; n])
            }
            _ => Value::Null,
        };
        self.answered += 1;
        let id = msg["id"].clone();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    /// Reads messages until `want` accepts one or the deadline passes. Server requests are
    /// answered on the way; everything else is dropped.
    fn wait(
        &mut self,
        deadline: Instant,
        mut want: impl FnMut(&Value) -> bool,
    ) -> Option<(Value, Instant)> {
        loop {
            if self.eof {
                return None;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(Incoming::Message(msg, at, size)) => {
                    if msg.get("method").is_some() && msg.get("id").is_some() {
                        self.answer(&msg);
                        continue;
                    }
                    if want(&msg) {
                        self.last_size = size;
                        return Some((msg, at));
                    }
                }
                Ok(Incoming::Eof) | Err(RecvTimeoutError::Disconnected) => {
                    self.eof = true;
                    return None;
                }
                Err(RecvTimeoutError::Timeout) => return None,
            }
        }
    }

    fn wait_response(&mut self, id: i64, timeout: Duration) -> Option<(Value, Instant)> {
        self.wait(Instant::now() + timeout, |m| {
            m.get("method").is_none() && m["id"].as_i64() == Some(id)
        })
    }

    /// A completion request at `pos` and its reply: the result, the instant just before the
    /// request was written and the one its reply was read. `None` on a timeout.
    fn complete(
        &mut self,
        uri: &str,
        pos: &Value,
        trigger_kind: u8,
        timeout: Duration,
    ) -> Option<(Value, Instant, Instant)> {
        let (id, sent) = self.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": pos, "context": {"triggerKind": trigger_kind}}),
        );
        self.wait_response(id, timeout)
            .map(|(resp, at)| (resp["result"].clone(), sent, at))
    }

    /// Waits for publishDiagnostics for `uri`: of `version` when the server sends versions,
    /// else the next one.
    fn wait_diagnostics(
        &mut self,
        uri: &str,
        version: i64,
        timeout: Duration,
    ) -> Option<(Value, Instant)> {
        self.wait(Instant::now() + timeout, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"].as_i64().is_none_or(|v| v == version)
        })
    }

    fn initialize(&mut self, o: &Opts, timeout: Duration) -> Option<Instant> {
        let mut params = json!({
            "processId": std::process::id(),
            "clientInfo": {"name": "lsp_bench", "version": "1"},
            "rootUri": null,
            "workspaceFolders": null,
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "workspace": {"configuration": true, "didChangeConfiguration": {"dynamicRegistration": false}},
                "textDocument": {
                    "synchronization": {"dynamicRegistration": false, "didSave": false},
                    // As VS Code advertises them (LSP 3.17 itemDefaults included).
                    "completion": {
                        "completionItem": {"snippetSupport": true, "documentationFormat": ["markdown", "plaintext"]},
                        "completionList": {"itemDefaults": ["commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"]}
                    },
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {"versionSupport": true, "relatedInformation": true}
                }
            }
        });
        if let Some(init) = &o.init_options {
            params["initializationOptions"] = init.clone();
        }
        let (id, _) = self.request("initialize", params);
        let (resp, at) = self.wait_response(id, timeout)?;
        let sync = &resp["result"]["capabilities"]["textDocumentSync"];
        let kind = sync
            .as_i64()
            .or_else(|| sync["change"].as_i64())
            .unwrap_or(1);
        self.full_sync = kind != 2;
        self.notify("initialized", json!({}));
        if let Some(settings) = &o.settings {
            self.notify(
                "workspace/didChangeConfiguration",
                json!({ "settings": settings }),
            );
        }
        Some(at)
    }

    fn open(&mut self, uri: &str, language_id: &str, text: &str) -> Instant {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}),
        )
    }

    fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }

    /// Resident-set high-water mark of the server and its descendants, in KiB.
    fn vm_hwm_kib(&self) -> Option<u64> {
        let mut total = 0;
        let mut found = false;
        for pid in descendants(self.pid) {
            if let Some(k) = status_kib(pid, "VmHWM:") {
                total += k;
                found = true;
            }
        }
        found.then_some(total)
    }

    fn stderr_tail(&self) -> String {
        let s = self.stderr.lock().unwrap();
        let text = String::from_utf8_lossy(&s);
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(10)..].join("\n")
    }

    fn stop(mut self) {
        if !self.eof {
            let (id, _) = self.request("shutdown", Value::Null);
            let _ = self.wait_response(id, Duration::from_secs(2));
            self.notify("exit", Value::Null);
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// `pid` and every process below it.
fn descendants(pid: u32) -> Vec<u32> {
    let mut parent_of: Vec<(u32, u32)> = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(p) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) {
            // The fields after the command (which may contain spaces) start after the last ')'.
            if let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r)
                && let Some(pp) = rest.split_whitespace().nth(1).and_then(|s| s.parse().ok())
            {
                parent_of.push((p, pp));
            }
        }
    }
    let mut out = vec![pid];
    let mut i = 0;
    while i < out.len() {
        let cur = out[i];
        out.extend(
            parent_of
                .iter()
                .filter(|(_, pp)| *pp == cur)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Positions

/// Byte offset → LSP position (UTF-16 columns).
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        Lines { starts }
    }

    fn position(&self, text: &str, offset: usize) -> Value {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col = text[self.starts[line]..offset].encode_utf16().count();
        json!({"line": line, "character": col})
    }
}

// ---------------------------------------------------------------------------------------------
// Statistics and the table

#[derive(Default, Clone)]
struct Series {
    samples: Vec<Duration>,
    timeouts: usize,
    note: String,
}

impl Series {
    fn pct(&self, q: f64) -> Option<Duration> {
        if self.samples.is_empty() {
            return None;
        }
        let mut s = self.samples.clone();
        s.sort();
        let rank = ((q * s.len() as f64).ceil() as usize).clamp(1, s.len());
        Some(s[rank - 1])
    }
    fn n(&self) -> usize {
        self.samples.len() + self.timeouts
    }
}

fn fmt_dur(d: Option<Duration>) -> String {
    match d {
        None => "—".into(),
        Some(d) => {
            let ms = d.as_secs_f64() * 1000.0;
            if ms < 1.0 {
                format!("{:.0} µs", ms * 1000.0)
            } else if ms < 100.0 {
                format!("{ms:.2} ms")
            } else if ms < 10_000.0 {
                format!("{ms:.0} ms")
            } else {
                format!("{:.1} s", ms / 1000.0)
            }
        }
    }
}

struct Row {
    what: String,
    target: &'static str,
    series: Series,
}

/// Today's date (UTC) as YYYY-MM-DD, without a date crate.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

fn kb(n: usize) -> String {
    if n >= 10 * 1024 {
        format!("{} KB", n / 1024)
    } else {
        format!("{:.1} KB", n as f64 / 1024.0)
    }
}

// ---------------------------------------------------------------------------------------------
// The phases

/// The language id a document is opened with: YAML for the template, else `--language-id`.
fn language<'a>(o: &'a Opts, p: &Policy) -> &'a str {
    if p.name.ends_with(".yaml") {
        "yaml"
    } else {
        &o.language_id
    }
}

fn uri_for(run: &str, name: &str) -> String {
    // Only characters a URI keeps as they are, so the server's URI is this one.
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let (run, name) = (clean(run), clean(name));
    let name = if name.ends_with(".json") || name.ends_with(".yaml") {
        name
    } else {
        format!("{name}.json")
    };
    format!("file:///tmp/lsp-bench/{run}/{name}")
}

fn start(o: &Opts) -> Result<(Server, Duration), String> {
    let t0 = Instant::now();
    let mut s =
        Server::spawn(&o.server).map_err(|e| format!("cannot start {:?}: {e}", o.server))?;
    match s.initialize(o, o.timeout.max(Duration::from_secs(10))) {
        Some(at) => Ok((s, at - t0)),
        None => {
            let tail = s.stderr_tail();
            s.stop();
            Err(format!(
                "{:?} did not answer initialize (stderr tail:\n{tail})",
                o.server
            ))
        }
    }
}

/// didOpen → first diagnostics, `runs` times on fresh URIs.
fn phase_open(s: &mut Server, o: &Opts, p: &Policy, tag: &str, runs: usize) -> Series {
    let mut series = Series::default();
    let mut diagnostics = None;
    for i in 0..runs {
        let uri = uri_for(&format!("open-{tag}-{i}"), &p.name);
        let sent = s.open(&uri, language(o, p), &p.text);
        match s.wait_diagnostics(&uri, 1, o.timeout) {
            Some((m, at)) => {
                series.samples.push(at - sent);
                diagnostics = m["params"]["diagnostics"]
                    .as_array()
                    .map(|a| format!("{} diagnostics ({})", a.len(), kb(s.last_size)));
            }
            None => series.timeouts += 1,
        }
        s.close(&uri);
    }
    series.note = format!(
        "{} ({}); published {}",
        p.name,
        kb(p.text.len()),
        diagnostics.unwrap_or_else(|| "nothing".into())
    );
    series
}

/// The items in a completion result (a list or a bare array).
fn item_count(result: &Value) -> usize {
    result["items"]
        .as_array()
        .or_else(|| result.as_array())
        .map_or(0, |a| a.len())
}

/// Completion and hover requests at `n` realistic positions of an open document.
fn phase_requests(s: &mut Server, o: &Opts, uri: &str, p: &Policy, n: usize) -> (Series, Series) {
    let lines = Lines::new(&p.text);
    let picks = fixtures::pick_positions(&fixtures::positions(&p.text), n);
    let mut counts = [0usize; 3];
    for (spot, _) in &picks {
        counts[*spot as usize] += 1;
    }
    let spread = format!(
        "{} in actions, {} in ARNs, {} in condition keys",
        counts[0], counts[1], counts[2]
    );
    let mut completion = Series::default();
    let mut items = Vec::new();
    let mut sizes = Vec::new();
    for (_, offset) in &picks {
        let pos = lines.position(&p.text, *offset);
        match s.complete(uri, &pos, 1, o.timeout) {
            Some((result, sent, at)) => {
                completion.samples.push(at - sent);
                sizes.push(s.last_size);
                items.push(item_count(&result));
            }
            None => completion.timeouts += 1,
        }
    }
    items.sort();
    sizes.sort();
    completion.note = format!(
        "{spread}; items per reply: median {}, {} empty; reply size: median {}, max {}",
        items.get(items.len() / 2).copied().unwrap_or(0),
        items.iter().filter(|k| **k == 0).count(),
        kb(sizes.get(sizes.len() / 2).copied().unwrap_or(0)),
        kb(sizes.last().copied().unwrap_or(0)),
    );
    let mut hover = Series::default();
    let mut empty = 0;
    for (_, offset) in &picks {
        // On the word rather than after it.
        let pos = lines.position(&p.text, offset.saturating_sub(1));
        let (id, sent) = s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos}),
        );
        match s.wait_response(id, o.timeout) {
            Some((resp, at)) => {
                hover.samples.push(at - sent);
                if resp["result"].is_null() {
                    empty += 1;
                }
            }
            None => hover.timeouts += 1,
        }
    }
    hover.note = format!("{spread}; {empty} empty");
    (completion, hover)
}

/// Completion where a user types each element kind ([`fixtures::element_kinds`]): `n`
/// requests at each cursor of `p` with one more statement, one row per cursor.
fn phase_kinds(s: &mut Server, o: &Opts, p: &Policy, tag: &str, n: usize) -> Vec<Row> {
    let Some((text, cursors)) = fixtures::element_kinds(p) else {
        return Vec::new();
    };
    let doc = Policy {
        name: p.name.clone(),
        text,
    };
    let uri = uri_for(&format!("kinds-{tag}"), &doc.name);
    s.open(&uri, language(o, &doc), &doc.text);
    let _ = s.wait_diagnostics(&uri, 1, o.timeout);
    let lines = Lines::new(&doc.text);
    let mut rows = Vec::new();
    for cursor in &cursors {
        let pos = lines.position(&doc.text, cursor.offset);
        let mut series = Series::default();
        let (mut items, mut size, mut incomplete) = (0, 0, false);
        for _ in 0..n {
            match s.complete(&uri, &pos, 1, o.timeout) {
                Some((result, sent, at)) => {
                    series.samples.push(at - sent);
                    items = item_count(&result);
                    incomplete = result["isIncomplete"].as_bool().unwrap_or(false);
                    size = s.last_size;
                }
                None => series.timeouts += 1,
            }
        }
        series.note = format!(
            "{} items{}, {} per reply",
            items,
            if incomplete { " (isIncomplete)" } else { "" },
            kb(size)
        );
        rows.push(Row {
            what: format!("completion {}, {tag}", cursor.what),
            target: "p99 < 1 ms",
            series,
        });
    }
    // What an incomplete list costs the client: every keystroke asks again. Typing
    // `DescribeInstances` after the bare `ec2:`, each character is a didChange and a new
    // completion request, timed from the change to the reply.
    if let Some(cursor) = cursors.first() {
        let mut text = doc.text.clone();
        let mut offset = cursor.offset;
        let mut series = Series::default();
        let mut items = 0;
        for (i, c) in "DescribeInstances".chars().take(n).enumerate() {
            let pos = Lines::new(&text).position(&text, offset);
            text.insert(offset, c);
            offset += 1;
            let sent = s.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": 2 + i as i64},
                       "contentChanges": [{"range": {"start": pos, "end": pos}, "text": c.to_string()}]}),
            );
            let after = Lines::new(&text).position(&text, offset);
            // Timed from the change, not from the request.
            match s.complete(&uri, &after, 3, o.timeout) {
                Some((result, _, at)) => {
                    series.samples.push(at - sent);
                    items = item_count(&result);
                }
                None => series.timeouts += 1,
            }
        }
        series.note = format!(
            "a didChange and a completion request per character (triggerKind 3, as a client re-asks an incomplete list); {items} items at the end"
        );
        // A keystroke: its target is the didChange one.
        rows.push(Row {
            what: format!("typing `DescribeInstances` after a bare `ec2:`, {tag}"),
            target: "p95 < 5 ms",
            series,
        });
    }
    s.close(&uri);
    rows
}

/// Types `n` characters into the middle action string, waiting for diagnostics after each.
fn phase_edits(s: &mut Server, o: &Opts, p: &Policy, tag: &str, n: usize) -> Series {
    let mut series = Series::default();
    let uri = uri_for(&format!("edit-{tag}"), &p.name);
    s.open(&uri, language(o, p), &p.text);
    let _ = s.wait_diagnostics(&uri, 1, o.timeout);
    let all = fixtures::positions(&p.text);
    // The middle action string of the document: in a policy of several statements, typing
    // there changes a statement in the middle of the text, not the first, small one.
    let actions: Vec<usize> = all
        .iter()
        .filter(|(k, _)| *k == Spot::Action)
        .map(|p| p.1)
        .collect();
    let Some(&(mut offset)) = actions.get(actions.len() / 2) else {
        series.note = "no action string to type into".into();
        s.close(&uri);
        return series;
    };
    let mut text = p.text.clone();
    let typed = "ListTagsForResource";
    let mut last = String::from("none");
    for i in 0..n {
        let c = typed.as_bytes()[i % typed.len()] as char;
        let version = 2 + i as i64;
        let lines = Lines::new(&text);
        let pos = lines.position(&text, offset);
        text.insert(offset, c);
        let change = if s.full_sync {
            json!({"text": text})
        } else {
            json!({"range": {"start": pos, "end": pos}, "text": c.to_string()})
        };
        let sent = s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        offset += 1;
        match s.wait_diagnostics(&uri, version, o.timeout) {
            Some((m, at)) => {
                series.samples.push(at - sent);
                last = format!(
                    "{} diagnostics in {}",
                    m["params"]["diagnostics"].as_array().map_or(0, |a| a.len()),
                    kb(s.last_size)
                );
            }
            None => series.timeouts += 1,
        }
    }
    series.note = format!(
        "typing `{}` into an action string, {} sync; last publish: {last}",
        &typed[..n.min(typed.len())],
        if s.full_sync { "full" } else { "incremental" }
    );
    s.close(&uri);
    series
}

/// A fresh server with `n` policies open: VmHWM once every document has diagnostics.
fn phase_memory(o: &Opts, docs: &[Policy]) -> Result<(Option<u64>, Option<u64>, String), String> {
    let (mut s, _) = start(o)?;
    let mut pending: HashSet<String> = HashSet::new();
    for (i, p) in docs.iter().enumerate() {
        let uri = uri_for(&format!("mem-{i}"), &p.name);
        s.open(&uri, language(o, p), &p.text);
        pending.insert(uri);
    }
    let total = pending.len();
    let deadline = Instant::now() + o.timeout.max(Duration::from_secs(5)) * 3;
    while !pending.is_empty() {
        let got = s.wait(deadline, |m| {
            m["method"] == "textDocument/publishDiagnostics"
        });
        match got {
            Some((m, _)) => {
                if let Some(u) = m["params"]["uri"].as_str() {
                    pending.remove(u);
                }
            }
            None => break,
        }
    }
    // Let a debounced or lazy server settle, then read the high-water mark.
    std::thread::sleep(Duration::from_millis(200));
    let hwm = s.vm_hwm_kib();
    let rss: Option<u64> = descendants(s.pid)
        .iter()
        .filter_map(|p| status_kib(*p, "VmRSS:"))
        .reduce(|a, b| a + b);
    let bytes: usize = docs.iter().map(|p| p.text.len()).sum();
    let note = format!(
        "{} documents, {} in all; diagnostics for {}/{}",
        docs.len(),
        kb(bytes),
        total - pending.len(),
        total
    );
    s.stop();
    Ok((hwm, rss, note))
}

/// `check DIR` wall time, best of `runs`.
fn phase_check(bin: &Path, dir: &Path, runs: usize) -> Result<(Duration, String), String> {
    let mut best: Option<Duration> = None;
    let mut status = String::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let st = Command::new(bin)
            .arg("check")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
        let took = t0.elapsed();
        best = Some(best.map_or(took, |b| b.min(took)));
        status = format!(
            "exit status {}",
            st.code().map_or("signal".into(), |c| c.to_string())
        );
    }
    Ok((best.unwrap(), status))
}

fn main() {
    let Some(o) = parse_args() else { return };
    let counts = o.counts();
    let mut fx = fixtures::load();
    let mut notes = vec![fx.note.clone()];
    if let Some(dir) = &o.corpus {
        fx.corpus = fixtures::json_files(dir);
    }
    if let Some(p) = &o.policy {
        fx.large = fixtures::read(p);
        notes.push(format!("large = {} (--policy)", p.display()));
    }
    if let Some(p) = &o.typical {
        fx.typical = fixtures::read(p);
        notes.push(format!("typical = {} (--typical)", p.display()));
    }
    eprintln!("lsp_bench: {} — {}", o.label, notes.join("; "));
    if o.smoke {
        eprintln!("lsp_bench: SMOKE mode: few iterations, numbers are not meaningful");
    }

    let result = run(&o, &counts, &fx, &mut notes);
    match result {
        Ok(report) => {
            println!("{report}");
        }
        Err(e) => {
            eprintln!("lsp_bench: {e}");
            // A server that cannot even start is a broken setup, not a slow number.
            std::process::exit(1);
        }
    }
}

fn run(
    o: &Opts,
    c: &Counts,
    fx: &fixtures::Fixtures,
    notes: &mut Vec<String>,
) -> Result<String, String> {
    let mut rows: Vec<Row> = Vec::new();
    // Other work on the machine skews every number: say how busy it was.
    let load_at_start = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into());

    // Spawn → initialize, on fresh processes; the last one stays for the next phases.
    let mut spawn = Series::default();
    let mut server = None;
    for i in 0..c.spawns {
        let (s, took) = start(o)?;
        spawn.samples.push(took);
        if i + 1 == c.spawns {
            server = Some(s);
        } else {
            s.stop();
        }
    }
    let mut s = server.unwrap();
    rows.push(Row {
        what: "spawn → initialize response".into(),
        target: "< 10 ms",
        series: spawn,
    });

    let mut docs = vec![("typical", &fx.typical), ("large", &fx.large)];
    // The 1 MB CloudFormation template of the templates issue (other servers read no
    // templates: it would only time out for them).
    if o.is_default_server {
        docs.push(("1 MB template", &fx.template));
    }
    for &(tag, p) in &docs {
        let series = phase_open(&mut s, o, p, tag, c.opens);
        rows.push(Row {
            what: format!("didOpen → first diagnostics, {tag}"),
            // The templates issue's target for its 1 MB template.
            target: if tag.contains("template") {
                "< 50 ms"
            } else {
                "< 20 ms"
            },
            series,
        });
    }
    for &(tag, p) in &docs {
        let uri = uri_for(&format!("requests-{tag}"), &p.name);
        s.open(&uri, language(o, p), &p.text);
        let _ = s.wait_diagnostics(&uri, 1, o.timeout);
        let (completion, hover) = phase_requests(&mut s, o, &uri, p, c.requests);
        s.close(&uri);
        rows.push(Row {
            what: format!("completion, {tag}"),
            target: "p99 < 1 ms",
            series: completion,
        });
        rows.push(Row {
            what: format!("hover, {tag}"),
            target: "p99 < 1 ms",
            series: hover,
        });
    }
    for &(tag, p) in &docs {
        rows.extend(phase_kinds(&mut s, o, p, tag, c.requests / 2));
    }
    for &(tag, p) in &docs {
        rows.push(Row {
            what: format!("didChange → diagnostics, {tag}"),
            target: "p95 < 5 ms",
            series: phase_edits(&mut s, o, p, tag, c.edits),
        });
    }
    let session_hwm = s.vm_hwm_kib();
    let answered = s.answered;
    s.stop();

    // Memory with many documents open, on a fresh server.
    let mem_docs: Vec<Policy> = if fx.corpus.is_empty() {
        (0..c.memory_docs)
            .map(|i| {
                let size = 512 << (i % 6);
                fixtures::generated_policy(&format!("generated-{i}"), size, i)
            })
            .collect()
    } else {
        let mut by_size = fx.corpus.clone();
        by_size.sort_by_key(|p| {
            (
                std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
                p.clone(),
            )
        });
        let n = c.memory_docs.min(by_size.len());
        (0..n)
            .map(|i| fixtures::read(&by_size[i * by_size.len() / n]))
            .collect()
    };
    // The worst case: the largest policies (the 190–230 KB one included).
    let mem_largest: Vec<Policy> = if fx.corpus.is_empty() {
        (0..c.memory_docs)
            .map(|i| fixtures::generated_policy(&format!("generated-big-{i}"), 16384 << (i % 3), i))
            .collect()
    } else {
        let mut by_size = fx.corpus.clone();
        by_size
            .sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)));
        by_size
            .iter()
            .take(c.memory_docs)
            .map(|p| fixtures::read(p))
            .collect()
    };
    let template = std::slice::from_ref(&fx.template);
    let mut memory = vec![
        (
            format!("{} policies open (spread over the sizes)", mem_docs.len()),
            &mem_docs[..],
            "< 30 MiB (100)",
            phase_memory(o, &mem_docs),
        ),
        (
            format!("{} policies open (the largest ones)", mem_largest.len()),
            &mem_largest[..],
            "< 30 MiB (100)",
            phase_memory(o, &mem_largest),
        ),
    ];
    if o.is_default_server {
        memory.push((
            "the 1 MB template open".to_string(),
            template,
            "< 40 MiB",
            phase_memory(o, template),
        ));
    }

    // `check` over the corpus (iam-policy-ls only).
    let check = match (&o.check_bin, o.check) {
        (Some(bin), true) => {
            let dir = if fx.corpus.is_empty() {
                let dir = fixtures::target_dir().join("tmp/lsp-bench-generated");
                let _ = std::fs::create_dir_all(&dir);
                for (i, p) in mem_docs.iter().enumerate() {
                    let _ = std::fs::write(dir.join(format!("generated-{i}.json")), &p.text);
                }
                notes.push(format!(
                    "check runs on {} GENERATED policies",
                    mem_docs.len()
                ));
                dir
            } else {
                fx.corpus[0].parent().unwrap().to_path_buf()
            };
            let files = fixtures::json_files(&dir).len();
            Some(phase_check(bin, &dir, c.check_runs).map(|(d, st)| (d, st, files, dir)))
        }
        _ => None,
    };

    // The report.
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### {} — lsp_bench, {}, {} cores{}\n",
        o.label,
        today(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        if o.smoke {
            ", SMOKE (numbers not meaningful)"
        } else {
            ""
        }
    );
    let _ = writeln!(out, "server: `{}`  ", o.server.join(" "));
    let _ = writeln!(out, "load average at start: {load_at_start}  ");
    let _ = writeln!(out, "inputs: {}\n", notes.join("; "));
    let _ = writeln!(
        out,
        "| measurement | target | n | p50 | p95 | p99 | max | timeouts | notes |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|---|");
    for r in &rows {
        let s = &r.series;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.what,
            r.target,
            s.n(),
            fmt_dur(s.pct(0.50)),
            fmt_dur(s.pct(0.95)),
            fmt_dur(s.pct(0.99)),
            fmt_dur(s.pct(1.0)),
            s.timeouts,
            s.note
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "| measurement | target | result | notes |");
    let _ = writeln!(out, "|---|---|---:|---|");
    let mib = |k: Option<u64>| k.map_or("—".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    for (which, _, target, result) in &memory {
        match result {
            Ok((hwm, rss, note)) => {
                let _ = writeln!(
                    out,
                    "| VmHWM, {which} | {target} | {} | {}; VmRSS then {} |",
                    mib(*hwm),
                    note,
                    mib(*rss)
                );
            }
            Err(e) => {
                let _ = writeln!(out, "| VmHWM, {which} | {target} | — | {e} |");
            }
        }
    }
    let _ = writeln!(
        out,
        "| VmHWM after the latency runs above | — | {} | one process: 2 documents open at most, {} server requests answered |",
        mib(session_hwm),
        answered
    );
    match check {
        Some(Ok((d, st, files, dir))) => {
            let _ = writeln!(
                out,
                "| `check` wall time, best of {} | < 0.3 s | {} | {} files in {}; {} |",
                c.check_runs,
                fmt_dur(Some(d)),
                files,
                dir.display(),
                st
            );
        }
        Some(Err(e)) => {
            let _ = writeln!(out, "| `check` wall time | < 0.3 s | — | {e} |");
        }
        None => {}
    }
    if let Some(path) = &o.json_out {
        let rows_json: Vec<Value> = rows
            .iter()
            .map(|r| {
                let ms = |d: Option<Duration>| d.map(|d| d.as_secs_f64() * 1000.0);
                json!({
                    "measurement": r.what, "n": r.series.n(), "timeouts": r.series.timeouts,
                    "p50_ms": ms(r.series.pct(0.5)), "p95_ms": ms(r.series.pct(0.95)),
                    "p99_ms": ms(r.series.pct(0.99)), "max_ms": ms(r.series.pct(1.0)),
                    "note": r.series.note,
                })
            })
            .collect();
        let doc = json!({
            "label": o.label, "server": o.server, "date": today(), "smoke": o.smoke,
            "rows": rows_json,
            "vm_hwm_kib_spread": memory[0].3.as_ref().ok().and_then(|m| m.0),
            "vm_hwm_kib_largest": memory[1].3.as_ref().ok().and_then(|m| m.0),
            "vm_hwm_kib_template": memory.get(2).and_then(|m| m.3.as_ref().ok()).and_then(|m| m.0),
            "memory_documents": mem_docs.len(),
        });
        let _ = std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap());
    }
    Ok(out)
}
