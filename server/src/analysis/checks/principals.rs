//! Principal and NotPrincipal: principal types, account IDs, ARNs, service principals.

use crate::analysis::{Ctx, Sink};
use crate::policy::{PRINCIPAL_KINDS, Statement, value_strings};
use crate::syntax::Value;

pub fn check(_ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    let Some((m, _not)) = st.principal_element() else {
        return;
    };
    match &m.value {
        Some(Value::String(s)) => {
            if s.value != "*" {
                sink.report("invalid-principal", s.range, format!("A Principal string can only be \"*\"; write {{\"AWS\": \"{}\"}} for an account or ARN", s.value));
            }
        }
        Some(Value::Object(o)) => {
            if o.members.is_empty() {
                sink.report(
                    "empty-object",
                    o.range,
                    format!("\"{}\" is empty: it matches no one", m.key.value),
                );
            }
            for kind in &o.members {
                let k = kind.key.value.as_str();
                if !PRINCIPAL_KINDS.iter().any(|(name, _)| *name == k) {
                    let close =
                        crate::analysis::closest(k, PRINCIPAL_KINDS.iter().map(|(n, _)| *n), 1);
                    let hint = close
                        .first()
                        .map(|c| format!(": did you mean \"{c}\"?"))
                        .unwrap_or_else(|| ": use AWS, Service, Federated or CanonicalUser".into());
                    sink.report(
                        "invalid-principal",
                        kind.key.range,
                        format!("Unknown principal type \"{k}\"{hint}"),
                    );
                    continue;
                }
                if let Some(Value::Array(a)) = &kind.value {
                    if a.items.is_empty() {
                        sink.report(
                            "empty-array",
                            a.range,
                            format!("\"{k}\" has an empty list: it matches no one"),
                        );
                    }
                }
                for v in value_strings(kind.value.as_ref()) {
                    if let Some(problem) = principal_value_problem(k, &v.value) {
                        sink.report("invalid-principal", v.range, problem);
                    }
                }
            }
        }
        Some(v) => {
            sink.report(
                "invalid-element-type",
                v.range(),
                format!(
                    "\"{}\" must be \"*\" or an object such as {{\"AWS\": \"...\"}}, not {}",
                    m.key.value,
                    v.kind_name()
                ),
            );
        }
        None => {}
    }
}

fn principal_value_problem(kind: &str, value: &str) -> Option<String> {
    match kind {
        "AWS" => {
            if value == "*" || value.contains("${") {
                return None;
            }
            if value.bytes().all(|b| b.is_ascii_digit()) {
                return (value.len() != 12)
                    .then(|| format!("\"{value}\" is not a 12-digit account ID"));
            }
            if !value.starts_with("arn:") {
                return Some(format!("\"{value}\" is neither an account ID nor an ARN"));
            }
            let parts = crate::catalog::parse_arn(value)?;
            if !matches!(parts.service, "iam" | "sts") {
                return Some(format!(
                    "\"{value}\" is not an IAM or STS ARN: an AWS principal is an account, user, role or session"
                ));
            }
            if value.contains('*') {
                return Some(format!(
                    "\"{value}\": wildcards are not allowed in principal ARNs (use a condition on aws:PrincipalArn)"
                ));
            }
            None
        }
        "Service" => {
            if value == "*" {
                return None;
            }
            let ok = value.ends_with(".amazonaws.com")
                || value.ends_with(".amazonaws.com.cn")
                || value.ends_with(".c2s.ic.gov")
                || value.ends_with(".sc2s.sgov.gov")
                || value.ends_with(".aws.internal")
                || value.ends_with(".amazon.com");
            (!ok || value.contains(char::is_whitespace)
                || value.chars().any(|c| c.is_ascii_uppercase()))
            .then(|| {
                format!("\"{value}\" is not a service principal (e.g. \"lambda.amazonaws.com\")")
            })
        }
        "CanonicalUser" => (!(value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
            && value != "*")
            .then(|| format!("\"{value}\" is not a canonical user ID (64 hexadecimal characters)")),
        "Federated" => None,
        _ => None,
    }
}
