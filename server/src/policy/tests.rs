//! The policy reading of a syntax tree: elements found by their exact names, statements in a
//! list or alone, the kinds inferred from content and read from configuration, and operators.

use super::*;
use crate::syntax::parse;

fn policy_of(text: &str) -> (Parse, usize) {
    let parse = parse(text);
    let n = Policy::from_parse(&parse).map_or(usize::MAX, |p| p.statements.len());
    (parse, n)
}

#[test]
fn statements_are_read_from_a_list_or_a_single_object() {
    let (_, n) = policy_of(r#"{"Statement": [{"Effect": "Allow"}, 3, {"Effect": "Deny"}]}"#);
    assert_eq!(n, 2, "items that are no objects are not statements");
    let (_, n) = policy_of(r#"{"Statement": {"Effect": "Allow"}}"#);
    assert_eq!(n, 1);
    let (_, n) = policy_of(r#"[{"Statement": []}]"#);
    assert_eq!(n, usize::MAX, "a root that is no object is no policy");
}

#[test]
fn indexes_follow_the_statement_list() {
    let text = r#"{"Statement": [{"Sid": "A"}, "x", {"Sid": "B"}]}"#;
    let parse = parse(text);
    let policy = Policy::from_parse(&parse).unwrap();
    let found: Vec<(usize, Option<&str>)> = policy
        .statements
        .iter()
        .map(|s| (s.index, s.sid_value()))
        .collect();
    assert_eq!(found, [(0, Some("A")), (2, Some("B"))]);
    let at = text.find("\"B\"").unwrap();
    assert_eq!(
        policy.statement_at(at).and_then(|s| s.sid_value()),
        Some("B")
    );
}

#[test]
fn element_names_are_exact_and_the_first_of_a_duplicate_wins() {
    // IAM's element names are case-sensitive: "action" is no Action.
    let parse = parse(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "action": "s3:GetObject", "Action": ["s3:PutObject", "s3:ListBucket"], "Action": "ec2:*", "NotResource": "*"}]}"#,
    );
    let policy = Policy::from_parse(&parse).unwrap();
    assert_eq!(policy.version_value(), Some("2012-10-17"));
    let s = &policy.statements[0];
    assert!(s.is_allow());
    let actions: Vec<&str> = s.actions().iter().map(|a| a.value.as_str()).collect();
    assert_eq!(actions, ["s3:PutObject", "s3:ListBucket"]);
    let (_, not) = s.resource_element().unwrap();
    assert!(not, "NotResource is read as the negated Resource");
    assert!(s.action_element().is_some_and(|(_, not)| !not));
}

#[test]
fn conditions_are_operators_with_their_keys() {
    let parse = parse(
        r#"{"Statement": [{"Condition": {"StringEquals": {"aws:PrincipalTag/team": "a", "s3:prefix": ["x"]}, "Bool": {"aws:SecureTransport": "true"}}}]}"#,
    );
    let policy = Policy::from_parse(&parse).unwrap();
    let conditions: Vec<(&str, Vec<&str>)> = policy.statements[0]
        .conditions()
        .iter()
        .map(|(op, keys)| {
            (
                op.key.value.as_str(),
                keys.iter().map(|k| k.key.value.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        conditions,
        [
            ("StringEquals", vec!["aws:PrincipalTag/team", "s3:prefix"]),
            ("Bool", vec!["aws:SecureTransport"]),
        ]
    );
}

#[test]
fn kinds_are_inferred_from_content() {
    let kind = |text: &str| {
        let parse = parse(text);
        infer_kind(&Policy::from_parse(&parse).unwrap()).0
    };
    assert_eq!(
        kind(r#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#),
        PolicyKind::Identity
    );
    assert_eq!(
        kind(
            r#"{"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}"#
        ),
        PolicyKind::Trust
    );
    // Every action and resource of one service: that service's resource policy.
    assert_eq!(
        kind(
            r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#
        ),
        PolicyKind::Resource(Some("s3"))
    );
    // "*" as the resource leaves the service open (a VPC endpoint policy reads like that).
    assert_eq!(
        kind(
            r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}"#
        ),
        PolicyKind::Resource(None)
    );
    // sts:TagSession alone is no trust policy's mark: it needs an AssumeRole.
    assert_eq!(
        kind(
            r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:TagSession"}]}"#
        ),
        PolicyKind::Resource(Some("sts"))
    );
}

#[test]
fn kinds_are_read_as_configuration_writes_them() {
    assert_eq!(PolicyKind::parse("trust"), Some(PolicyKind::Trust));
    assert_eq!(PolicyKind::parse("SCP"), Some(PolicyKind::Scp));
    assert_eq!(
        PolicyKind::parse("resource:S3"),
        Some(PolicyKind::Resource(Some("s3")))
    );
    assert_eq!(PolicyKind::parse("resource:nosuchservice"), None);
    assert_eq!(PolicyKind::parse("trust:s3"), None);
    assert_eq!(PolicyKind::parse("boundary"), None);
    for kind in PolicyKind::ALL {
        assert_eq!(PolicyKind::parse(&kind.id()), Some(kind), "{kind:?}");
    }
}

#[test]
fn principal_types_depend_on_the_kind() {
    assert_eq!(PolicyKind::Trust.principal_type_problem("Federated"), None);
    assert_eq!(
        PolicyKind::Resource(Some("s3")).principal_type_problem("Federated"),
        Some(PrincipalTypeProblem::FederatedOutsideTrust)
    );
    assert_eq!(
        PolicyKind::Resource(Some("s3")).principal_type_problem("CanonicalUser"),
        None
    );
    assert_eq!(
        PolicyKind::Resource(Some("sqs")).principal_type_problem("CanonicalUser"),
        Some(PrincipalTypeProblem::CanonicalUserOutsideS3)
    );
}

#[test]
fn operators_parse_with_their_qualifier_and_if_exists() {
    let op = parse_operator("ForAnyValue:StringLikeIfExists").unwrap();
    assert_eq!(op.qualifier, Some(SetQualifier::ForAnyValue));
    assert!(op.if_exists);
    assert_eq!(op.base.name, "StringLike");
    assert_eq!(
        parse_operator("Null").map(|o| o.family()),
        Some(OperatorFamily::Null)
    );
    // Null takes no IfExists; names are exact.
    assert!(parse_operator("NullIfExists").is_none());
    assert!(parse_operator("stringequals").is_none());
    assert!(parse_operator("ForSomeValues:StringEquals").is_none());
}
