//! Rule fixtures: for every rule, a policy that triggers it and a near miss that must not.
//! `every_rule_has_a_fixture` keeps the registry and the fixtures in step.

use super::*;
use crate::syntax::parse;

/// Wraps statement bodies into a full policy.
fn policy(statements: &str) -> String {
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}")
}

fn codes(text: &str, kind: Option<PolicyKind>) -> Vec<&'static str> {
    let parse = parse(text);
    let options = Options {
        kind,
        ..Options::default()
    };
    analyze(text, &parse, &options)
        .findings
        .into_iter()
        .map(|f| f.code)
        .collect()
}

struct Case {
    code: &'static str,
    kind: Option<PolicyKind>,
    bad: String,
    good: String,
}

fn case(code: &'static str, bad: &str, good: &str) -> Case {
    Case {
        code,
        kind: None,
        bad: policy(bad),
        good: policy(good),
    }
}

fn case_kind(code: &'static str, kind: PolicyKind, bad: &str, good: &str) -> Case {
    Case {
        code,
        kind: Some(kind),
        bad: policy(bad),
        good: policy(good),
    }
}

fn raw(code: &'static str, bad: &str, good: &str) -> Case {
    Case {
        code,
        kind: None,
        bad: bad.to_string(),
        good: good.to_string(),
    }
}

const OK: &str = r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#;

fn cases() -> Vec<Case> {
    vec![
        raw(
            "json-syntax",
            r#"{"Version": "2012-10-17" "Statement": []}"#,
            &policy(OK),
        ),
        raw(
            "comment-not-allowed",
            &format!("// mine\n{}", policy(OK)),
            &policy(OK),
        ),
        raw("not-an-object", r#"["s3:GetObject"]"#, &policy(OK)),
        case(
            "duplicate-key",
            r#"{"Effect": "Allow", "effect": "Deny", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        case(
            "unknown-element",
            r#"{"Effect": "Allow", "Actions": "s3:ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        case(
            "invalid-element-type",
            r#"{"Effect": ["Allow"], "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        raw(
            "missing-version",
            &format!("{{\"Statement\": [{OK}]}}"),
            &policy(OK),
        ),
        raw(
            "invalid-version",
            &format!("{{\"Version\": \"2021-01-01\", \"Statement\": [{OK}]}}"),
            &policy(OK),
        ),
        raw(
            "old-version",
            &format!("{{\"Version\": \"2008-10-17\", \"Statement\": [{OK}]}}"),
            &policy(OK),
        ),
        raw(
            "missing-statement",
            r#"{"Version": "2012-10-17"}"#,
            &policy(OK),
        ),
        case(
            "missing-effect",
            r#"{"Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        case(
            "invalid-effect",
            r#"{"Effect": "allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        case(
            "missing-action",
            r#"{"Effect": "Allow", "Resource": "*"}"#,
            OK,
        ),
        case(
            "missing-resource",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets"}"#,
            OK,
        ),
        case(
            "conflicting-elements",
            r#"{"Effect": "Deny", "Action": "s3:*", "NotAction": "s3:GetObject", "Resource": "*"}"#,
            r#"{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"}"#,
        ),
        case_kind(
            "principal-not-allowed",
            PolicyKind::Identity,
            r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        case_kind(
            "missing-principal",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Action": "sts:AssumeRole"}"#,
            r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
        ),
        case_kind(
            "resource-in-trust-policy",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
        ),
        case(
            "invalid-sid",
            r#"{"Sid": "read-logs", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
            r#"{"Sid": "ReadLogs", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
        ),
        case(
            "empty-sid",
            r#"{"Sid": "", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        case(
            "duplicate-sid",
            &format!(
                r#"{{"Sid": "A", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}}, {{"Sid": "A", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}}"#
            ),
            &format!(
                r#"{{"Sid": "A", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}}, {{"Sid": "B", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}}"#
            ),
        ),
        case(
            "invalid-action-format",
            r#"{"Effect": "Allow", "Action": "ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        case(
            "unknown-service",
            r#"{"Effect": "Allow", "Action": "s4:ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        case(
            "service-not-in-catalog",
            r#"{"Effect": "Allow", "Action": "frobnicatorxyz:ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        case(
            "condition-key-not-in-catalog",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgMasterAccountId": "1"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}"#,
        ),
        case(
            "unknown-action",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBucket", "Resource": "*"}"#,
            OK,
        ),
        case(
            "action-not-in-catalog",
            r#"{"Effect": "Allow", "Action": "s3:FrobnicateTheBucketsNow", "Resource": "*"}"#,
            OK,
        ),
        case(
            "retired-action",
            r#"{"Effect": "Allow", "Action": "codestar:CreateProject", "Resource": "*"}"#,
            OK,
        ),
        case(
            "action-case",
            r#"{"Effect": "Allow", "Action": "s3:listallmybuckets", "Resource": "*"}"#,
            OK,
        ),
        case(
            "wildcard-matches-nothing",
            r#"{"Effect": "Allow", "Action": "s3:Frobnicate*", "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": "s3:List*", "Resource": "*"}"#,
        ),
        case(
            "wildcard-in-service-name",
            r#"{"Effect": "Allow", "Action": "*:ListAllMyBuckets", "Resource": "*"}"#,
            OK,
        ),
        case(
            "redundant-action",
            r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:PutObject"], "Resource": "*"}"#,
        ),
        case(
            "empty-array",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": []}"#,
            OK,
        ),
        case(
            "empty-object",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {}}"#,
            OK,
        ),
        case(
            "invalid-arn",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "bucket/*"}"#,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#,
        ),
        case(
            "invalid-partition",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws-eu:s3:::bucket/*"}"#,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws-cn:s3:::bucket/*"}"#,
        ),
        case(
            "invalid-region",
            r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east:123456789012:log-group:g:log-stream:s"}"#,
            r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s"}"#,
        ),
        case(
            "invalid-account",
            r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:12345:log-group:g:log-stream:s"}"#,
            r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:*:log-group:g:log-stream:s"}"#,
        ),
        case(
            "arn-service-case",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:S3:::bucket/*"}"#,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#,
        ),
        case(
            "resource-mismatch",
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket/*"}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket"}"#,
        ),
        case(
            "unknown-condition-operator",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "a"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "a"}}}"#,
        ),
        case(
            "unknown-condition-key",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:usrname": "a"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "a"}}}"#,
        ),
        case(
            "condition-key-case",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:sourceip": "10.0.0.0/8"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}"#,
        ),
        case(
            "missing-tag-key",
            r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/": "a"}}}"#,
            r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}"#,
        ),
        case(
            "condition-key-unsupported",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}"#,
            r#"{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}"#,
        ),
        case(
            "operator-type-mismatch",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NumericEquals": {"aws:SourceIp": "1"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}"#,
        ),
        case(
            "invalid-condition-value",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#,
        ),
        case(
            "null-with-if-exists",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NullIfExists": {"aws:SourceVpc": "true"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"Null": {"aws:SourceVpc": "true"}}}"#,
        ),
        case(
            "set-operator-on-single-valued-key",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-123"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}}"#,
        ),
        case(
            "multivalued-key-without-set-operator",
            r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"StringEquals": {"aws:TagKeys": "team"}}}"#,
            r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": "team"}}}"#,
        ),
        case(
            "wildcard-without-like",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "adm*"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringLike": {"aws:username": "adm*"}}}"#,
        ),
        case(
            "string-operator-on-arn-key",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/a"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/a"}}}"#,
        ),
        case(
            "invalid-policy-variable",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username"}"#,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}"#,
        ),
        case_kind(
            "invalid-principal",
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "Principal": {"Account": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        ),
        case(
            "pass-role-any-resource",
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app"}"#,
        ),
        case(
            "create-slr-any-resource",
            r#"{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": {"StringEquals": {"iam:AWSServiceName": "autoscaling.amazonaws.com"}}}"#,
        ),
        case_kind(
            "allow-not-principal",
            PolicyKind::Resource,
            r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        ),
        case(
            "allow-not-action",
            r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#,
            r#"{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}"#,
        ),
        case(
            "allow-not-resource",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}"#,
            r#"{"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}"#,
        ),
        case(
            "full-admin",
            r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#,
        ),
        case(
            "privilege-escalation",
            r#"{"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}"#,
        ),
        case(
            "sensitive-grant",
            r#"{"Effect": "Allow", "Action": ["cloudwatch:PutInsightRule", "cloudwatch:GetInsightRuleReport"], "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": ["cloudwatch:GetInsightRuleReport"], "Resource": "*"}"#,
        ),
        case_kind(
            "oidc-trust-without-subject",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/repo:*"}}}"#,
        ),
        case(
            "policy-size",
            &vec![OK; 100].join(","),
            &vec![OK; 20].join(","),
        ),
        case(
            "redundant-resource",
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]}"#,
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::c/x"]}"#,
        ),
    ]
}

#[test]
fn every_rule_triggers_on_its_fixture_and_not_on_the_near_miss() {
    let mut failures = Vec::new();
    for c in cases() {
        let bad = codes(&c.bad, c.kind);
        if !bad.contains(&c.code) {
            failures.push(format!(
                "{}: not reported on {}\n  got {bad:?}",
                c.code, c.bad
            ));
        }
        let good = codes(&c.good, c.kind);
        if good.contains(&c.code) {
            failures.push(format!(
                "{}: reported on the near miss {}\n  got {good:?}",
                c.code, c.good
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_fixture() {
    let covered: Vec<&str> = cases().iter().map(|c| c.code).collect();
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.code)
        .filter(|c| !covered.contains(c))
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
    let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), RULES.len(), "duplicate rule codes");
}

#[test]
fn near_misses_of_the_good_fixtures_are_clean() {
    // The shared good statement produces no finding at all.
    assert_eq!(codes(&policy(OK), None), Vec::<&str>::new());
}

#[test]
fn unknown_action_suggestions_and_severity() {
    let text = policy(r#"{"Effect": "Allow", "Action": "logs:PutLogEvent", "Resource": "*"}"#);
    let parse = parse(&text);
    let a = analyze(&text, &parse, &Options::default());
    let f = a
        .findings
        .iter()
        .find(|f| f.code == "unknown-action")
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.suggestions, ["logs:PutLogEvents"]);
    assert!(
        f.message.contains("did you mean \"logs:PutLogEvents\""),
        "{}",
        f.message
    );
    assert_eq!(f.fixes[0].edits[0].text, "logs:PutLogEvents");
}

#[test]
fn severities_can_be_overridden_and_rules_switched_off() {
    let text = policy(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": []}"#);
    let parse = parse(&text);
    let mut options = Options::default();
    options
        .severities
        .insert("empty-array".into(), Some(Severity::Error));
    assert_eq!(
        analyze(&text, &parse, &options).findings[0].severity,
        Severity::Error
    );
    options.severities.insert("empty-array".into(), None);
    assert!(analyze(&text, &parse, &options).findings.is_empty());
}

#[test]
fn policy_kind_is_inferred() {
    let trust = policy(
        r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
    );
    let parse_t = parse(&trust);
    assert_eq!(
        analyze(&trust, &parse_t, &Options::default()).kind,
        PolicyKind::Trust
    );
    assert!(codes(&trust, None).is_empty(), "{:?}", codes(&trust, None));
    let resource = policy(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "logs:PutSubscriptionFilter", "Resource": "arn:aws:logs:us-east-1:123456789012:destination:testDestination"}"#,
    );
    let parse_r = parse(&resource);
    assert_eq!(
        analyze(&resource, &parse_r, &Options::default()).kind,
        PolicyKind::Resource
    );
    assert!(
        codes(&resource, None).is_empty(),
        "{:?}",
        codes(&resource, None)
    );
}

#[test]
fn recognises_policies_among_other_json() {
    assert!(looks_like_policy(&parse(r#"{"Version": "2012-10-17"}"#)));
    assert!(looks_like_policy(&parse(r#"{"Statement": []}"#)));
    assert!(!looks_like_policy(&parse(
        r#"{"name": "pkg", "version": "1.0.0"}"#
    )));
    assert!(!looks_like_policy(&parse(r#"{"compilerOptions": {}}"#)));
}
