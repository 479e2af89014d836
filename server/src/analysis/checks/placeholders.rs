//! Placeholders left over from an example: `<my-vpc>`, `<region>`, `[MAX_AGE_IN_MILLISECONDS]`,
//! `{{BucketName}}`. Documentation and sample repositories write them for the reader to fill in.
//! IAM accepts them as text and then matches nothing, so one clear warning says what to do;
//! the format checks (VPC IDs, ARNs, IP ranges, action names) stay quiet on them, because what
//! is wrong is not the format of a value but that no value was written yet.

use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Sink};
use crate::policy::{Statement, member_strings, value_strings};
use crate::syntax::StringLit;

/// The first placeholder in `value`, if any: `<` ... `>` around letters, digits, spaces and
/// `-_./:'`; `[` ... `]` around an upper-case name; `{{` ... `}}`.
pub fn placeholder(value: &str) -> Option<&str> {
    let b = value.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let (close, ok): (u8, fn(u8) -> bool) = match c {
            b'<' => (b'>', |c| {
                c.is_ascii_alphanumeric() || b" -_./:'".contains(&c)
            }),
            b'[' => (b']', |c| {
                c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_'
            }),
            b'{' if b.get(i + 1) == Some(&b'{') && (i == 0 || b[i - 1] != b'$') => {
                let end = value[i + 2..].find("}}")? + i + 4;
                return Some(&value[i..end]);
            }
            _ => continue,
        };
        let rest = &b[i + 1..];
        let Some(len) = rest.iter().position(|&x| x == close) else {
            continue;
        };
        let inner = &rest[..len];
        if inner.len() >= 2
            && inner.iter().all(|&x| ok(x))
            && inner.iter().any(u8::is_ascii_alphabetic)
        {
            return Some(&value[i..i + len + 2]);
        }
    }
    None
}

/// Whether a string holds a placeholder (the format checks skip it).
pub fn has_placeholder(lit: &StringLit) -> bool {
    placeholder(&lit.value).is_some()
}

pub fn check(_ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    let mut strings: Vec<&StringLit> = Vec::new();
    for m in [st.action, st.not_action, st.resource, st.not_resource]
        .into_iter()
        .flatten()
    {
        strings.extend(member_strings(m));
    }
    for m in [st.principal, st.not_principal].into_iter().flatten() {
        match m.value.as_ref() {
            Some(crate::syntax::Value::Object(o)) => {
                for kind in &o.members {
                    strings.extend(value_strings(kind.value.as_ref()));
                }
            }
            other => strings.extend(value_strings(other)),
        }
    }
    for (_, keys) in st.conditions() {
        for k in keys {
            strings.extend(value_strings(k.value.as_ref()));
        }
    }
    for lit in strings {
        if let Some(p) = placeholder(&lit.value) {
            sink.report(
                &UNFILLED_PLACEHOLDER,
                lit.range,
                format!("\"{p}\" is a placeholder from an example: write the real value (IAM accepts the text as it is, and it matches nothing)"),
            );
        }
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const UNFILLED_PLACEHOLDER: Rule = Rule {
    code: "unfilled-placeholder",
    severity: crate::analysis::Severity::Warning,
    summary: "A placeholder left from an example (`<my-vpc>`, `[MAX_AGE]`, `{{BucketName}}`): IAM accepts the text and it matches nothing.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpc": "<my-vpc>"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}"#,
    ),
};

#[cfg(test)]
mod tests {
    use super::placeholder;

    #[test]
    fn finds_placeholders_and_not_values() {
        for (text, found) in [
            ("<my-vpc>", Some("<my-vpc>")),
            (
                "arn:aws:iam::<service-account-id>:role/x",
                Some("<service-account-id>"),
            ),
            (
                "[MAX_SIGNATURE_AGE_IN_MILLISECONDS]",
                Some("[MAX_SIGNATURE_AGE_IN_MILLISECONDS]"),
            ),
            ("arn:aws:s3:::{{BucketName}}/*", Some("{{BucketName}}")),
            ("arn:aws:s3:::b/${aws:username}/*", None),
            ("vpc-1a2b3c4d", None),
            ("a<b", None),
            ("[1]", None),
            ("<>", None),
        ] {
            assert_eq!(placeholder(text), found, "{text}");
        }
    }
}
