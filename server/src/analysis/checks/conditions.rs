//! Condition: operators, keys (global, service, tag forms), operator/key type agreement, value
//! formats, IfExists and Null, ForAllValues/ForAnyValue, and keys none of the actions support.

use super::util::wrong_type;
use super::values::{date_ok, ip_range_ok, number_ok, variable_problem};
use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Edit, Fix, Sink, closest};
use crate::catalog::{self, KeyType, has_wildcard};
use crate::policy::{
    CONDITION_OPERATORS, OperatorFamily, SetQualifier, Statement, parse_operator, value_strings,
};
use crate::syntax::{Member, StringLit, Value};

pub fn check(_ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    for (op_member, keys) in st.conditions() {
        let op_name = op_member.key.value.as_str();
        match &op_member.value {
            Some(Value::Object(o)) if o.members.is_empty() => {
                sink.report(
                    &EMPTY_OBJECT,
                    o.range,
                    format!("\"{op_name}\" has no condition keys"),
                );
            }
            Some(Value::Object(_)) | None => {}
            Some(v) => {
                let reported = wrong_type(sink, &super::statements::INVALID_ELEMENT_TYPE, v, |k| {
                    format!("\"{op_name}\" must map condition keys to values (an object), not {k}")
                });
                if reported {
                    continue;
                }
            }
        }
        let Some(op) = parse_operator(op_name) else {
            unknown_operator(op_member, sink);
            continue;
        };
        for key in keys {
            check_key(st, op_name, op, key, sink);
        }
    }
}

fn unknown_operator(m: &Member, sink: &mut Sink) {
    let name = m.key.value.as_str();
    if name.ends_with("IfExists")
        && name
            .trim_start_matches("ForAllValues:")
            .trim_start_matches("ForAnyValue:")
            .starts_with("Null")
    {
        if let Some(f) = sink.report(
            &NULL_WITH_IF_EXISTS,
            m.key.range,
            "\"Null\" cannot take \"IfExists\": it already tests whether the key is present",
        ) {
            f.fixes.push(Fix {
                title: "Change to \"Null\"".into(),
                edits: vec![Edit {
                    range: m.key.content_range(),
                    text: "Null".into(),
                }],
                preferred: true,
            });
        }
        return;
    }
    let mut all: Vec<String> = Vec::new();
    for prefix in ["", "ForAnyValue:", "ForAllValues:"] {
        for o in CONDITION_OPERATORS {
            all.push(format!("{prefix}{}", o.name));
            if o.family != OperatorFamily::Null {
                all.push(format!("{prefix}{}IfExists", o.name));
            }
        }
    }
    let close: Vec<String> = closest(name, all.iter().map(String::as_str), 3)
        .into_iter()
        .map(String::from)
        .collect();
    let hint = if close.is_empty() {
        String::new()
    } else {
        format!(": did you mean \"{}\"?", close[0])
    };
    if let Some(f) = sink.report(
        &UNKNOWN_CONDITION_OPERATOR,
        m.key.range,
        format!("Unknown condition operator \"{name}\"{hint}"),
    ) {
        f.suggest(m.key.content_range(), close);
    }
}

fn check_key(
    st: &Statement,
    op_name: &str,
    op: crate::policy::ConditionOperator,
    key: &Member,
    sink: &mut Sink,
) {
    let name = key.key.value.as_str();
    let values = value_strings(key.value.as_ref());
    // Values: strings, numbers and booleans are all accepted by IAM (it compares their text).
    match &key.value {
        Some(Value::Array(a)) if a.items.is_empty() => {
            sink.report(
                &EMPTY_ARRAY,
                a.range,
                format!("\"{name}\" has an empty list of values: the condition never matches"),
            );
        }
        Some(Value::Object(_)) => {
            sink.report(
                &super::statements::INVALID_ELEMENT_TYPE,
                key.value
                    .as_ref()
                    .map(|v| v.range())
                    .unwrap_or(key.key.range),
                "A condition value must be a string, a number, a boolean or an array of them",
            );
        }
        _ => {}
    }
    // Keys: with a tag part missing, unknown, or in another case.
    if let Some(prefix) = name.strip_suffix('/')
        && catalog::condition_key(&format!("{prefix}/x")).is_some()
    {
        sink.report(
            &MISSING_TAG_KEY,
            key.key.range,
            format!("\"{name}\" needs the tag's name after the slash (e.g. \"{name}team\")"),
        );
        return;
    }
    if name.eq_ignore_ascii_case("aws:ARN") {
        // Listed by Access Analyzer as deprecated and unsupported; the global condition keys
        // reference no longer documents it.
        if let Some(f) = sink.report(
            &UNSUPPORTED_GLOBAL_CONDITION_KEY,
            key.key.range,
            "\"aws:ARN\" is not a supported condition key: use aws:PrincipalArn for the caller's ARN, or aws:SourceArn for the resource a service acts for",
        ) {
            f.suggestions = ["aws:PrincipalArn".into(), "aws:SourceArn".into()].into();
        }
        return;
    }
    let Some(def) = catalog::condition_key(name) else {
        unknown_key(st, key, sink);
        values_of_unknown_key(op, &values, key, sink);
        return;
    };
    if !def.is_pattern()
        && def.name != name
        && let Some(f) = sink.report(
            &CONDITION_KEY_CASE,
            key.key.range,
            format!("AWS spells this key \"{}\"", def.name),
        )
    {
        f.fixes.push(Fix {
            title: format!("Change to \"{}\"", def.name),
            edits: vec![Edit {
                range: key.key.content_range(),
                text: def.name.to_string(),
            }],
            preferred: true,
        });
    }
    let key_type = def.key_type;
    type_agreement(op_name, op, name, key_type, key, sink);
    set_qualifier(op_name, op, name, key_type, key, sink);
    for v in &values {
        value_format(op, key_type, v, sink);
    }
    supported_by_actions(st, name, def, key, sink);
}

fn unknown_key(_st: &Statement, key: &Member, sink: &mut Sink) {
    let name = key.key.value.as_str();
    let Some((prefix, _)) = name.split_once(':') else {
        sink.report(&UNKNOWN_CONDITION_KEY, key.key.range, format!("\"{name}\" is not a condition key: keys are written \"prefix:Name\" (e.g. \"aws:SourceIp\")"));
        return;
    };
    // Keys of a web identity provider or other namespace the catalog has no list for (e.g.
    // `accounts.google.com:aud` is listed, `cognito-identity.amazonaws.com:amr` too) stay quiet
    // only when the prefix itself is unknown to the catalog and is not a service.
    let lower = prefix.to_ascii_lowercase();
    let prefix_known = lower == "aws"
        || catalog::service(&lower).is_some()
        || !catalog::condition_keys_with_prefix(&format!("{lower}:")).is_empty();
    let candidates: Vec<&str> = if lower == "aws" {
        catalog::global_condition_keys()
            .iter()
            .map(|k| k.name)
            .collect()
    } else {
        catalog::condition_keys_with_prefix(&format!("{prefix}:"))
            .into_iter()
            .map(|k| k.name)
            .collect()
    };
    let close: Vec<String> = closest(name, candidates, 3)
        .into_iter()
        .map(String::from)
        .collect();
    let msg = if !close.is_empty() {
        format!(
            "Unknown condition key \"{name}\": did you mean \"{}\"?",
            close[0]
        )
    } else if lower == "aws" {
        format!("\"{name}\" is not a global condition key")
    } else if prefix_known {
        format!(
            "\"{name}\" is not a condition key of \"{prefix}\" in the catalog of {}",
            catalog::sources::data_date()
        )
    } else {
        format!("Unknown condition key prefix \"{prefix}\"")
    };
    let code = if close.is_empty() {
        &CONDITION_KEY_NOT_IN_CATALOG
    } else {
        &UNKNOWN_CONDITION_KEY
    };
    if let Some(f) = sink.report(code, key.key.range, msg) {
        f.suggest(key.key.content_range(), close);
    }
}

/// Values whose format the operator alone decides, for keys the catalog does not know.
fn values_of_unknown_key(
    op: crate::policy::ConditionOperator,
    values: &[&StringLit],
    _key: &Member,
    sink: &mut Sink,
) {
    for v in values {
        value_format(op, KeyType::String, v, sink);
    }
}

/// The operator family must fit the key's type.
fn type_agreement(
    op_name: &str,
    op: crate::policy::ConditionOperator,
    name: &str,
    key_type: KeyType,
    key: &Member,
    sink: &mut Sink,
) {
    let family = op.family();
    let scalar = key_type.scalar();
    let ok = match family {
        OperatorFamily::Null => true,
        // IAM compares the text of Bool values, and AWS's own policies use StringEquals on them.
        OperatorFamily::String => matches!(scalar, KeyType::String | KeyType::Arn | KeyType::Bool),
        OperatorFamily::Arn => matches!(scalar, KeyType::Arn | KeyType::String),
        OperatorFamily::Numeric => {
            matches!(scalar, KeyType::Numeric) || name.eq_ignore_ascii_case("aws:EpochTime")
        }
        OperatorFamily::Date => matches!(scalar, KeyType::Date),
        OperatorFamily::Bool => matches!(scalar, KeyType::Bool),
        OperatorFamily::Binary => matches!(scalar, KeyType::Binary | KeyType::String),
        OperatorFamily::IpAddress => matches!(scalar, KeyType::IpAddress),
    };
    if !ok {
        let want = match scalar {
            KeyType::String => "a String operator (StringEquals, StringLike, ...)",
            KeyType::Arn => "an Arn operator (ArnEquals, ArnLike, ...)",
            KeyType::Numeric => "a Numeric operator",
            KeyType::Date => "a Date operator",
            KeyType::Bool => "the Bool operator",
            KeyType::IpAddress => "IpAddress or NotIpAddress",
            _ => "an operator of its type",
        };
        sink.report(
            &OPERATOR_TYPE_MISMATCH,
            key.key.range,
            format!(
                "\"{name}\" is of type {}: \"{op_name}\" compares {} values; use {want}",
                key_type.name(),
                family.name()
            ),
        );
        return;
    }
    if family == OperatorFamily::String && scalar == KeyType::Arn {
        // Like on an ARN key is Access Analyzer's STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS;
        // an exact String comparison works, but the Arn operators say what is compared.
        let (code, arn_op) = if op.base.name.contains("Like") {
            (&STRING_OPERATOR_ON_ARN_KEY, "ArnLike")
        } else {
            (&STRING_EQUALS_ON_ARN_KEY, "ArnEquals")
        };
        let arn_op = if op.base.negated {
            arn_op.replacen("Arn", "ArnNot", 1)
        } else {
            arn_op.to_string()
        };
        sink.report(
            code,
            key.key.range,
            format!(
                "\"{name}\" holds ARNs: compare it with {arn_op} (the Arn operators match ARNs part by part) rather than \"{op_name}\""
            ),
        );
    }
}

fn set_qualifier(
    op_name: &str,
    op: crate::policy::ConditionOperator,
    name: &str,
    key_type: KeyType,
    key: &Member,
    sink: &mut Sink,
) {
    // Null with a qualifier and audience claims have their own rules. The `amr` claim
    // (authentication methods) is a list, whatever type the catalog gives it: AWS's own Cognito
    // examples test it with ForAnyValue:StringLike.
    let amr = name
        .rsplit_once(':')
        .is_some_and(|(p, k)| k.eq_ignore_ascii_case("amr") && p.contains('.'));
    if op.family() == OperatorFamily::Null || super::condition_rules::is_audience_key(name) || amr {
        return;
    }
    match (op.qualifier, key_type.is_multivalued()) {
        (Some(q), false) => {
            let extra = if q == SetQualifier::ForAllValues {
                ": ForAllValues is also true when the key is absent"
            } else {
                ""
            };
            sink.report(
                &SET_OPERATOR_ON_SINGLE_VALUED_KEY,
                key.key.range,
                format!(
                    "\"{name}\" has a single value: use \"{}\" without \"{}:\"{extra}",
                    op.base.name,
                    q.name()
                ),
            );
        }
        (None, true) if op.family() != OperatorFamily::Null => {
            sink.report(&MULTIVALUED_KEY_WITHOUT_SET_OPERATOR, key.key.range, format!("\"{name}\" can hold several values: \"{op_name}\" needs \"ForAnyValue:\" or \"ForAllValues:\""));
        }
        _ => {}
    }
}

fn value_format(
    op: crate::policy::ConditionOperator,
    key_type: KeyType,
    v: &StringLit,
    sink: &mut Sink,
) {
    let value = v.value.as_str();
    if super::placeholders::has_placeholder(v) {
        return;
    }
    if let Some(problem) = variable_problem(value) {
        sink.report(&INVALID_POLICY_VARIABLE, v.range, problem);
        return;
    }
    if value.contains("${") {
        if !matches!(op.family(), OperatorFamily::String | OperatorFamily::Arn) {
            sink.report(
                &INVALID_POLICY_VARIABLE,
                v.range,
                format!(
                    "Policy variables only work with String and ARN operators: \"{}\" compares {} values and takes \"{value}\" literally",
                    op.base.name,
                    op.family().name()
                ),
            );
        }
        return;
    }
    let bad = match op.family() {
        OperatorFamily::Bool | OperatorFamily::Null => {
            !(value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false"))
        }
        OperatorFamily::Numeric => !number_ok(value),
        OperatorFamily::Date => !date_ok(value),
        OperatorFamily::IpAddress => !ip_range_ok(value),
        OperatorFamily::Arn => {
            !(value.starts_with("arn:") || value == "*" || value.starts_with('*'))
        }
        OperatorFamily::String | OperatorFamily::Binary => false,
    };
    if bad {
        let expected = match op.family() {
            OperatorFamily::Bool | OperatorFamily::Null => "\"true\" or \"false\"",
            OperatorFamily::Numeric => "a number",
            OperatorFamily::Date => "an ISO 8601 date (2024-01-31T00:00:00Z) or epoch seconds",
            OperatorFamily::IpAddress => "an IP address or CIDR range (203.0.113.0/24)",
            OperatorFamily::Arn => "an ARN",
            _ => "a string",
        };
        sink.report(
            &INVALID_CONDITION_VALUE,
            v.range,
            format!(
                "\"{value}\" is not a valid value for {}: expected {expected}",
                op.base.name
            ),
        );
        return;
    }
    if !op.base.wildcards
        && has_wildcard(value)
        && matches!(op.family(), OperatorFamily::String)
        && value != "*"
        && key_type != KeyType::Bool
    {
        sink.report(
            &WILDCARD_WITHOUT_LIKE,
            v.range,
            format!(
                "\"{}\" matches \"*\" and \"?\" literally: use {} if they are meant as wildcards",
                op.base.name,
                op.base
                    .name
                    .replace("Equals", "Like")
                    .replace("IgnoreCase", "")
            ),
        );
    }
}

/// A service key (not `aws:`) that none of the statement's actions supports.
fn supported_by_actions(
    st: &Statement,
    name: &str,
    def: &catalog::ConditionKey,
    key: &Member,
    sink: &mut Sink,
) {
    // Global keys and web identity claims (`<provider>:sub`) belong to no service's actions.
    if def.service().is_none() || name.to_ascii_lowercase().starts_with("aws:") {
        return;
    }
    let actions = st.actions();
    if actions.is_empty() {
        return;
    }
    let key_service = name.split_once(':').map(|(p, _)| p).unwrap_or("");
    let mut supported = false;
    for lit in &actions {
        let v = lit.value.as_str();
        if v == "*" || v.split_once(':').is_some_and(|(s, _)| has_wildcard(s)) {
            return;
        }
        let mut known = false;
        catalog::for_each_match(v, |a| {
            known = true;
            if !supported && a.supports_condition_key(name) {
                supported = true;
            }
        });
        if !known || supported {
            return;
        }
    }
    // Keys of one service used with another's actions are common in SCPs and for service-to-
    // service calls (kms:ViaService, ...); only report when no action could carry the key.
    if !supported && !st.actions().is_empty() {
        let svc = catalog::service(key_service)
            .map(|s| s.name)
            .unwrap_or(key_service);
        sink.report(&CONDITION_KEY_UNSUPPORTED, key.key.range, format!("None of the statement's actions supports \"{name}\" ({svc}): this condition never matches"));
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const EMPTY_ARRAY: Rule = Rule {
    code: "empty-array",
    severity: crate::analysis::Severity::Information,
    summary: "An empty Action, Resource, Principal or condition value array matches nothing.",
    access_analyzer: &[
        "EMPTY_ARRAY_ACTION",
        "EMPTY_ARRAY_RESOURCE",
        "EMPTY_ARRAY_PRINCIPAL",
        "EMPTY_ARRAY_CONDITION",
        "EMPTY_ARRAY_CONDITION_FORALLVALUES",
        "EMPTY_ARRAY_CONDITION_FORANYVALUE",
        "EMPTY_ARRAY_CONDITION_IFEXISTS",
    ],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": []}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const EMPTY_OBJECT: Rule = Rule {
    code: "empty-object",
    severity: crate::analysis::Severity::Information,
    summary: "An empty Condition or Principal object.",
    access_analyzer: &["EMPTY_OBJECT_CONDITION", "EMPTY_OBJECT_PRINCIPAL"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
    ),
};

pub const UNKNOWN_CONDITION_OPERATOR: Rule = Rule {
    code: "unknown-condition-operator",
    severity: crate::analysis::Severity::Error,
    summary: "The condition operator does not exist (operators are case-sensitive).",
    access_analyzer: &["INVALID_CONDITION_OPERATOR"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "a"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "a"}}}"#,
    ),
};

pub const UNKNOWN_CONDITION_KEY: Rule = Rule {
    code: "unknown-condition-key",
    severity: crate::analysis::Severity::Error,
    summary: "The condition key is not a global key nor a key of the service.",
    access_analyzer: &[
        "INVALID_GLOBAL_CONDITION_KEY",
        "INVALID_SERVICE_CONDITION_KEY",
        "INVALID_CONDITION_KEY_FORMAT",
    ],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:usrname": "a"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "a"}}}"#,
    ),
};

pub const CONDITION_KEY_NOT_IN_CATALOG: Rule = Rule {
    code: "condition-key-not-in-catalog",
    severity: crate::analysis::Severity::Warning,
    summary: "No condition key is close to this one: it may be newer than the bundled catalog, or undocumented.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgMasterAccountId": "1"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}"#,
    ),
};

pub const CONDITION_KEY_CASE: Rule = Rule {
    code: "condition-key-case",
    severity: crate::analysis::Severity::Hint,
    summary: "The condition key's case differs from AWS's spelling.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:sourceip": "10.0.0.0/8"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}"#,
    ),
};

pub const MISSING_TAG_KEY: Rule = Rule {
    code: "missing-tag-key",
    severity: crate::analysis::Severity::Error,
    summary: "A tag condition key without the tag name (`aws:RequestTag/`).",
    access_analyzer: &["MISSING_TAG_KEY_IN_CONDITION"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/": "a"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}"#,
    ),
};

pub const CONDITION_KEY_UNSUPPORTED: Rule = Rule {
    code: "condition-key-unsupported",
    severity: crate::analysis::Severity::Warning,
    summary: "None of the statement's actions supports this service condition key: the condition never matches (or always, when negated).",
    access_analyzer: &["UNSUPPORTED_ACTION_FOR_CONDITION_KEY"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}"#,
    ),
};

pub const OPERATOR_TYPE_MISMATCH: Rule = Rule {
    code: "operator-type-mismatch",
    severity: crate::analysis::Severity::Error,
    summary: "The operator compares a different type than the key holds (e.g. a string operator on a date key).",
    access_analyzer: &["DATA_TYPE_MISMATCH", "TYPE_MISMATCH"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NumericEquals": {"aws:SourceIp": "1"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}"#,
    ),
};

pub const INVALID_CONDITION_VALUE: Rule = Rule {
    code: "invalid-condition-value",
    severity: crate::analysis::Severity::Error,
    summary: "A condition value does not fit its operator: a Bool that is not true/false, a bad date, number, IP range or ARN.",
    access_analyzer: &[
        "INVALID_CONDITION_DATA_TYPE",
        "TYPE_MISMATCH_BOOLEAN",
        "TYPE_MISMATCH_DATE",
        "TYPE_MISMATCH_NUMBER",
        "TYPE_MISMATCH_STRING",
        "TYPE_MISMATCH_IP_RANGE",
        "INVALID_DATE_VALUE",
        "INVALID_CONDITION_MULTIPLE_BOOLEAN",
    ],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#,
    ),
};

pub const NULL_WITH_IF_EXISTS: Rule = Rule {
    code: "null-with-if-exists",
    severity: crate::analysis::Severity::Error,
    summary: "`Null` cannot take `IfExists`: it already tests for presence.",
    access_analyzer: &["NULL_WITH_IF_EXISTS"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NullIfExists": {"aws:SourceVpc": "true"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"Null": {"aws:SourceVpc": "true"}}}"#,
    ),
};

pub const SET_OPERATOR_ON_SINGLE_VALUED_KEY: Rule = Rule {
    code: "set-operator-on-single-valued-key",
    severity: crate::analysis::Severity::Warning,
    summary: "ForAllValues/ForAnyValue on a single-valued key: ForAllValues is true when the key is absent, which is rarely intended.",
    access_analyzer: &["FORALLVALUES_WITH_SINGLE_VALUED_KEY"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-123"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}}"#,
    ),
};

pub const MULTIVALUED_KEY_WITHOUT_SET_OPERATOR: Rule = Rule {
    code: "multivalued-key-without-set-operator",
    severity: crate::analysis::Severity::Warning,
    summary: "A multivalued key needs ForAnyValue: or ForAllValues:.",
    access_analyzer: &["MISSING_QUALIFIER"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"StringEquals": {"aws:TagKeys": "team"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": "team"}}}"#,
    ),
};

pub const WILDCARD_WITHOUT_LIKE: Rule = Rule {
    code: "wildcard-without-like",
    severity: crate::analysis::Severity::Warning,
    summary: "A `*` or `?` in a value of an Equals operator is matched literally: use the Like operator.",
    access_analyzer: &["WILDCARD_WITHOUT_LIKE_OPERATOR"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "adm*"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringLike": {"aws:username": "adm*"}}}"#,
    ),
};

pub const STRING_OPERATOR_ON_ARN_KEY: Rule = Rule {
    code: "string-operator-on-arn-key",
    severity: crate::analysis::Severity::Warning,
    summary: "An ARN-typed key compared with a String operator: use the Arn operators.",
    access_analyzer: &["STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/a"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/a"}}}"#,
    ),
};

pub const STRING_EQUALS_ON_ARN_KEY: Rule = Rule {
    code: "string-equals-on-arn-key",
    severity: crate::analysis::Severity::Hint,
    summary: "An ARN-typed condition key compared with StringEquals (or StringNotEquals): it works, but ArnEquals matches ARNs part by part.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/a"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*", "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/a"}}}"#,
    ),
};

pub const INVALID_POLICY_VARIABLE: Rule = Rule {
    code: "invalid-policy-variable",
    severity: crate::analysis::Severity::Error,
    summary: "A malformed policy variable (missing brace, empty, with spaces), or one where IAM does not substitute it: in Action, or under an operator other than String and ARN ones.",
    access_analyzer: &[
        "MISSING_BRACE_IN_VARIABLE",
        "EMPTY_VARIABLE",
        "UNSUPPORTED_SPACE_IN_VARIABLE",
        "VARIABLE_UNSUPPORTED_IN_ELEMENT",
        "MISSING_QUOTE_IN_VARIABLE",
        "INVALID_VARIABLE_FOR_OPERATOR",
    ],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username"}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}"#,
    ),
};

pub const UNSUPPORTED_GLOBAL_CONDITION_KEY: Rule = Rule {
    code: "unsupported-global-condition-key",
    severity: crate::analysis::Severity::Error,
    summary: "A deprecated global condition key that IAM no longer supports (aws:ARN).",
    access_analyzer: &[
        "UNSUPPORTED_GLOBAL_CONDITION_KEY",
        "DEPRECATED_GLOBAL_CONDITION_KEY",
    ],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"ArnEquals": {"aws:ARN": "arn:aws:iam::123456789012:role/app"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/app"}}}"#,
    ),
};
