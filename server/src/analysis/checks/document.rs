//! Whole-document checks: syntax, comments, duplicate keys, the root's type, size quotas.

use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Sink};
use crate::policy::PolicyKind;
use crate::syntax::{TextRange, Value};

pub fn check(ctx: &Ctx, sink: &mut Sink) {
    for e in &ctx.parse.errors {
        sink.report(&JSON_SYNTAX, e.range, e.message.clone());
    }
    if !ctx.options.allow_comments {
        for c in &ctx.parse.comments {
            sink.report(&COMMENT_NOT_ALLOWED, c.range, "IAM does not accept comments: remove it before you upload the policy (or name the file .jsonc)");
        }
    }
    match &ctx.parse.root {
        Some(Value::Object(_)) | None => {}
        Some(other) => {
            sink.report(
                &NOT_AN_OBJECT,
                other.range(),
                format!("A policy must be a JSON object, not {}", other.kind_name()),
            );
        }
    }
    if let Some(root) = &ctx.parse.root {
        duplicate_keys(root, sink);
    }
    policy_size(ctx, sink);
}

/// Duplicate keys at every level, exact or differing only in case.
fn duplicate_keys(value: &Value, sink: &mut Sink) {
    match value {
        Value::Object(o) => {
            for (i, m) in o.members.iter().enumerate() {
                if let Some(first) = o.members[..i]
                    .iter()
                    .find(|p| p.key.value.eq_ignore_ascii_case(&m.key.value))
                {
                    let msg = if first.key.value == m.key.value {
                        format!(
                            "Duplicate key \"{}\": IAM keeps only one of them",
                            m.key.value
                        )
                    } else {
                        format!(
                            "\"{}\" repeats \"{}\" with different case: IAM treats them as duplicates",
                            m.key.value, first.key.value
                        )
                    };
                    sink.report(&DUPLICATE_KEY, m.key.range, msg);
                }
                if let Some(v) = &m.value {
                    duplicate_keys(v, sink);
                }
            }
        }
        Value::Array(a) => a.items.iter().for_each(|v| duplicate_keys(v, sink)),
        _ => {}
    }
}

/// Characters other than whitespace, as IAM counts a policy's size. Runs on every analysis of a
/// large document, so ASCII text (every policy in practice) is counted byte by byte.
fn non_whitespace_chars(text: &str) -> usize {
    if !text.is_ascii() {
        return text.chars().filter(|c| !c.is_whitespace()).count();
    }
    // Space and \t \n \x0b \x0c \r (9..=13), counted branch-free in u8 lanes (chunks of
    // 255 cannot overflow one), which the compiler vectorises.
    let whitespace: usize = text
        .as_bytes()
        .chunks(255)
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, &b| {
                n + u8::from((b == b' ') | (b.wrapping_sub(9) < 5))
            });
            usize::from(n)
        })
        .sum();
    text.len() - whitespace
}

/// IAM's quotas, counted without whitespace: managed identity policies 6,144 characters, role
/// trust policies 2,048 (default), SCPs and RCPs 5,120, resource policies vary (S3: 20 KB).
fn policy_size(ctx: &Ctx, sink: &mut Sink) {
    let (limit, what) = match ctx.kind {
        PolicyKind::Identity => (6_144, "a managed policy (6,144 characters)"),
        PolicyKind::Trust => (2_048, "a role trust policy (2,048 characters by default)"),
        PolicyKind::Scp => (5_120, "a service control policy (5,120 characters)"),
        PolicyKind::Rcp => (5_120, "a resource control policy (5,120 characters)"),
        PolicyKind::Resource(_) => (20_480, "the largest resource-based policies (S3: 20 KB)"),
    };
    // The policy's own text: a template holds many policies, each with its own quota.
    let Some(root) = &ctx.parse.root else { return };
    let span = root.range();
    let Some(text) = ctx.text.get(span.as_range()) else {
        return;
    };
    // Quick exit: the text cannot exceed the limit.
    if text.len() <= limit {
        return;
    }
    let size = non_whitespace_chars(text);
    if size > limit {
        let end = text.find('\n').unwrap_or(text.len());
        sink.report(
            &POLICY_SIZE,
            TextRange::new(span.start as usize, span.start as usize + end),
            format!(
                "The policy has {size} characters (whitespace excluded), over the quota of {what}"
            ),
        );
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const JSON_SYNTAX: Rule = Rule {
    code: "json-syntax",
    severity: crate::analysis::Severity::Error,
    summary: "The document is not valid JSON.",
    access_analyzer: &["JSON_SYNTAX_ERROR"],
    kind: None,
    bad: Example::Document(r#"{"Version": "2012-10-17" "Statement": []}"#),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const COMMENT_NOT_ALLOWED: Rule = Rule {
    code: "comment-not-allowed",
    severity: crate::analysis::Severity::Error,
    summary: "IAM does not accept comments in a policy document (allowed in .jsonc files).",
    access_analyzer: &[],
    kind: None,
    bad: Example::Document(
        r#"// mine
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const NOT_AN_OBJECT: Rule = Rule {
    code: "not-an-object",
    severity: crate::analysis::Severity::Error,
    summary: "A policy document must be a JSON object.",
    access_analyzer: &["JSON_SYNTAX_ERROR"],
    kind: None,
    bad: Example::Document(r#"["s3:GetObject"]"#),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const DUPLICATE_KEY: Rule = Rule {
    code: "duplicate-key",
    severity: crate::analysis::Severity::Error,
    summary: "The same element appears twice in one object (IAM keeps only one).",
    access_analyzer: &["DUPLICATE_KEYS_WITH_DIFFERENT_CASE"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "effect": "Deny", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const POLICY_SIZE: Rule = Rule {
    code: "policy-size",
    severity: crate::analysis::Severity::Warning,
    summary: "The policy exceeds the size quota of its type (characters, whitespace excluded).",
    access_analyzer: &[
        "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
        "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
        "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
        "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
        "POLICY_SIZE_EXCEEDS_RCP_QUOTA",
    ],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};
