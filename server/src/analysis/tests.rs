//! Rule fixtures: for every rule, a policy that triggers it and a near miss that must not.
//! `every_rule_has_a_fixture` keeps the registry and the fixtures in step.

use super::*;
use crate::syntax::parse;

/// Wraps statement bodies into a full policy.
fn policy(statements: &str) -> String {
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}")
}

/// The codes found in `text`, read as the server and `check` read it: a policy, or a template
/// (JSON or YAML) whose policies are checked in place.
fn codes(text: &str, kind: Option<PolicyKind>) -> Vec<&'static str> {
    let options = Options {
        kind,
        ..Options::default()
    };
    let host = crate::host::read(text, crate::host::Format::detect("", None, text));
    let analysis = match (host.kind, &host.json) {
        (crate::host::HostKind::Other, Some(json)) => analyze(text, json, &options),
        _ => crate::host::analyze::analyze_host(text, &host, &options, None),
    };
    analysis.findings.into_iter().map(|f| f.code).collect()
}

/// A SAM function whose `Policies` are `policies` (YAML flow text).
fn sam_function(policies: &str) -> String {
    format!(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Policies: {policies}\n"
    )
}

/// A CloudFormation managed policy whose one statement's Resource is `resource` (YAML).
fn cfn_resource(resource: &str) -> String {
    format!(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: {resource}\n"
    )
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
            "cfn-sub-policy-variable",
            &cfn_resource(r#"!Sub "arn:${AWS::Partition}:s3:::b/${aws:username}/*""#),
            &cfn_resource(r#"!Sub "arn:${AWS::Partition}:s3:::b/${!aws:username}/*""#),
        ),
        raw(
            "unknown-managed-policy",
            &sam_function("[AmazonS3ReadOnlyAcess]"),
            &sam_function("[AmazonS3ReadOnlyAccess, 'arn:aws:iam::aws:policy/AWSLambdaExecute']"),
        ),
        raw(
            "unknown-sam-policy-template",
            &sam_function("[{S3ReedPolicy: {BucketName: b}}]"),
            &sam_function("[{S3ReadPolicy: {BucketName: b}}]"),
        ),
        raw(
            "sam-policy-template-parameter",
            &sam_function("[{S3ReadPolicy: {}}]"),
            &sam_function("[{S3ReadPolicy: {BucketName: !Ref B}}]"),
        ),
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
            r#"{"Sid": "A", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}, {"Sid": "A", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}"#,
            r#"{"Sid": "A", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}"#,
        ),
        case_kind(
            "sid-not-unique",
            PolicyKind::Resource(Some("s3")),
            r#"{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}"#,
            r#"{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "B", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}"#,
        ),
        case(
            "star-resource-for-scoped-actions",
            r#"{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "kms:Decrypt"], "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "ec2:DescribeInstances"], "Resource": "*"}"#,
        ),
        case_kind(
            "resource-must-name-arns",
            PolicyKind::Resource(Some("s3")),
            r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:*"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        ),
        case_kind(
            "resource-must-be-star",
            PolicyKind::Resource(Some("kms")),
            r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/k"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "*"}"#,
        ),
        case(
            "resource-policy-escalation",
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutBucketPolicy"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}"#,
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutBucketTagging"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}"#,
        ),
        case(
            "missing-dependent-action",
            r#"{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "arn:aws:ecs:us-east-1:111122223333:task-definition/app:*"}"#,
            r#"{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "arn:aws:ecs:us-east-1:111122223333:task-definition/app:*"}, {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}"#,
        ),
        case(
            "unfilled-placeholder",
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpc": "<my-vpc>"}}}"#,
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}"#,
        ),
        case(
            "string-equals-on-arn-key",
            r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/a"}}}"#,
            r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*", "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/a"}}}"#,
        ),
        case(
            "forallvalues-in-allow",
            r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}}"#,
            r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}, "Null": {"aws:TagKeys": "false"}}}"#,
        ),
        case(
            "mfa-condition-misleading",
            r#"{"Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}"#,
            r#"{"Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#,
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
            "region-of-another-partition",
            r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:cn-north-1:123456789012:log-group:g:log-stream:s"}"#,
            r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws-cn:logs:cn-north-1:123456789012:log-group:g:log-stream:s"}"#,
        ),
        case(
            "unknown-region",
            r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-3:123456789012:log-group:g:log-stream:s"}"#,
            r#"{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:eu-central-2:123456789012:log-group:g:log-stream:s"}"#,
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
            PolicyKind::Resource(None),
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
            PolicyKind::Resource(None),
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
        case(
            "arn-part-not-allowed",
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:us-east-1:123456789012:my-bucket"}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}"#,
        ),
        case(
            "missing-arn-part",
            r#"{"Effect": "Allow", "Action": "logs:CreateLogStream", "Resource": "arn:aws:logs:::log-group:app"}"#,
            r#"{"Effect": "Allow", "Action": "logs:CreateLogStream", "Resource": "arn:aws:logs:*:123456789012:log-group:app"}"#,
        ),
        case_kind(
            "resource-policy-other-service",
            PolicyKind::Resource(None),
            r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": ["s3:GetObject", "kms:Decrypt"], "Resource": "arn:aws:s3:::bucket/*"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#,
        ),
        case(
            "unsupported-global-condition-key",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"ArnEquals": {"aws:ARN": "arn:aws:iam::123456789012:role/app"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/app"}}}"#,
        ),
        case(
            "null-with-qualifier",
            r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:Null": {"aws:TagKeys": "false"}}}"#,
            r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"Null": {"aws:TagKeys": "false"}}}"#,
        ),
        case(
            "condition-equivalent-to-null",
            r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringLike": {"aws:ResourceTag/team": "*"}}}"#,
            r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"Null": {"aws:ResourceTag/team": "false"}}}"#,
        ),
        case(
            "condition-always-true",
            r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringLikeIfExists": {"aws:ResourceTag/team": "*"}}}"#,
            r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringLikeIfExists": {"aws:ResourceTag/team": "a*"}}}"#,
        ),
        case(
            "condition-never-true",
            r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": "*"}}}"#,
            r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": "temp-*"}}}"#,
        ),
        case(
            "ip-range-host-bits",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#,
        ),
        case(
            "source-ip-private",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#,
        ),
        case(
            "source-ip-private-subset",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "192.168.1.0/24"]}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}}}"#,
        ),
        case(
            "invalid-vpc-id",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-123"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}"#,
        ),
        case(
            "invalid-kms-key-value",
            r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "1234abcd-12ab-34cd-56ef-1234567890ab"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}}"#,
        ),
        case(
            "redundant-condition-value",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", "3600"]}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}"#,
        ),
        case(
            "untrustworthy-condition-key",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringLike": {"aws:Referer": "https://example.com/*"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}"#,
        ),
        case(
            "missing-paired-condition-key",
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}}"#,
            r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}"#,
        ),
        case_kind(
            "foranyvalue-on-audience-claim",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAnyValue:StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}"#,
        ),
        case_kind(
            "forallvalues-on-audience-claim",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAllValues:StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}"#,
        ),
        case_kind(
            "github-subject-wildcard",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/*"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main"}}}"#,
        ),
        case(
            "dynamodb-attributes-without-select",
            r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}}}"#,
            r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}, "StringEquals": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}}"#,
        ),
        case(
            "s3-prefix-in-negative-context",
            r#"{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": "private/*"}}}"#,
            r#"{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringNotLike": {"s3:prefix": "public/*"}}}"#,
        ),
        case(
            "allow-with-unsupported-tag-key",
            r#"{"Effect": "Allow", "Action": ["ec2:StartInstances", "s3:ListAllMyBuckets"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}"#,
            r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}"#,
        ),
        case(
            "deny-with-unsupported-tag-key",
            r#"{"Effect": "Deny", "Action": ["ec2:TerminateInstances", "s3:ListAllMyBuckets"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}}"#,
            r#"{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}}"#,
        ),
        case_kind(
            "principal-wildcard",
            PolicyKind::Resource(None),
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app-*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/app-*"}}}"#,
        ),
        case_kind(
            "principal-unique-id",
            PolicyKind::Resource(None),
            r#"{"Effect": "Allow", "Principal": {"AWS": "AROA1234567890EXAMPLE"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        ),
        case_kind(
            "not-principal-in-trust-policy",
            PolicyKind::Trust,
            r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/admin"}, "Action": "sts:AssumeRole"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/admin"}, "Action": "sts:AssumeRole"}"#,
        ),
        case_kind(
            "wildcard-principal-in-trust-policy",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}"#,
        ),
        case_kind(
            "federated-principal-not-supported",
            PolicyKind::Resource(Some("s3")),
            r#"{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/web"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        ),
        case_kind(
            "principal-type-not-supported",
            PolicyKind::Resource(Some("kms")),
            r#"{"Effect": "Allow", "Principal": {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, "Action": "kms:Decrypt", "Resource": "*"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "*"}"#,
        ),
        case_kind(
            "mismatched-action-for-principal",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/corp"}, "Action": "sts:AssumeRoleWithWebIdentity"}"#,
            r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/corp"}, "Action": "sts:AssumeRoleWithSAML"}"#,
        ),
        case_kind(
            "roles-anywhere-missing-actions",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
            r#"{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]}"#,
        ),
        case_kind(
            "redundant-session-principal",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:role/app", "arn:aws:sts::123456789012:assumed-role/app/job"]}, "Action": "sts:AssumeRole"}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:role/app", "arn:aws:sts::123456789012:assumed-role/other/job"]}, "Action": "sts:AssumeRole"}"#,
        ),
        case_kind(
            "missing-action-for-condition-key",
            PolicyKind::Trust,
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:SourceIdentity": "alice"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app"}, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"], "Condition": {"StringEquals": {"sts:SourceIdentity": "alice"}}}"#,
        ),
        case_kind(
            "condition-key-not-for-service-principal",
            PolicyKind::Resource(None),
            r#"{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1234567"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1"}}}"#,
        ),
        case_kind(
            "service-principal-without-source",
            PolicyKind::Resource(None),
            r#"{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}"#,
            r#"{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:topic"}}}"#,
        ),
        case_kind(
            "service-principal-source-key",
            PolicyKind::Resource(None),
            r#"{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}"#,
            r#"{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": "123456789012"}}}"#,
        ),
        case_kind(
            "rcp-syntax",
            PolicyKind::Rcp,
            r#"{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}"#,
            r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*"}"#,
        ),
        case_kind(
            "rcp-missing-related-condition-key",
            PolicyKind::Rcp,
            r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1234567"}}}"#,
            r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1234567"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}"#,
        ),
        case(
            "redundant-statement",
            r#"{"Sid": "A", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": ["s3:getobject", "s3:ListBucket"], "Resource": ["*"]}"#,
            r#"{"Sid": "A", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}"#,
        ),
    ]
}

/// A Resource pattern that matches everything without saying `*` is read like `*`; one that
/// names a service's resources is not.
#[test]
fn patterns_that_match_every_resource_count_as_star() {
    for every in ["arn:*", "arn:aws*", "arn:aws:*", "arn:aws:*:*:*:*"] {
        let admin = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "{every}"}}]}}"#
        );
        assert!(
            codes(&admin, None).contains(&"full-admin"),
            "{every}: {:?}",
            codes(&admin, None)
        );
        let pass = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "{every}"}}]}}"#
        );
        assert!(
            codes(&pass, None).contains(&"pass-role-any-resource"),
            "{every}"
        );
    }
    for some in [
        "arn:aws:s3:::*",
        "arn:aws:*::*:*",
        "arn:aws:iam::123456789012:role/*",
        "arn:aws:*:*:*:*:*",
    ] {
        let admin = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "{some}"}}]}}"#
        );
        assert!(
            !codes(&admin, None).contains(&"full-admin"),
            "{some}: {:?}",
            codes(&admin, None)
        );
    }
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
    assert_eq!(*f.suggestions, ["logs:PutLogEvents"]);
    assert!(
        f.message.contains("did you mean \"logs:PutLogEvents\""),
        "{}",
        f.message
    );
    assert_eq!(f.all_fixes()[0].edits[0].text, "logs:PutLogEvents");
}

#[test]
fn a_half_typed_action_suggests_its_completions() {
    let text = policy(r#"{"Effect": "Allow", "Action": "logs:PutLogEv", "Resource": "*"}"#);
    let parse = parse(&text);
    let a = analyze(&text, &parse, &Options::default());
    let f = a
        .findings
        .iter()
        .find(|f| f.code == "action-not-in-catalog")
        .unwrap();
    assert_eq!(*f.suggestions, ["logs:PutLogEvents"]);
    assert!(
        f.message
            .contains("start with it include \"logs:PutLogEvents\""),
        "{}",
        f.message
    );
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
        PolicyKind::Resource(Some("logs"))
    );
    assert!(
        codes(&resource, None).is_empty(),
        "{:?}",
        codes(&resource, None)
    );
}

/// Every Access Analyzer check is either covered by a rule or explained in the not-covered
/// list (which the README's coverage section is generated from), never both, never neither.
#[test]
fn every_access_analyzer_check_is_covered_or_explained() {
    let checks_txt = include_str!("../../data/access-analyzer-checks.txt");
    let not_covered_tsv = include_str!("../../data/access-analyzer-not-covered.tsv");
    let mut checks: Vec<&str> = Vec::new();
    for line in checks_txt.lines().filter(|l| !l.starts_with('#')) {
        if let Some((_, names)) = line.split_once(':') {
            checks.extend(names.split_whitespace());
        }
    }
    assert_eq!(checks.len(), 153, "the checklist has 153 checks");
    let lines: Vec<&str> = not_covered_tsv.lines().collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(
        lines, sorted,
        "access-analyzer-not-covered.tsv must be sorted"
    );
    let mut left: Vec<&str> = Vec::new();
    for line in &lines {
        let (name, why) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("not NAME<TAB>reason: {line:?}"));
        assert!(!why.trim().is_empty(), "{name} has no reason");
        assert!(
            checks.contains(&name),
            "{name} is not an Access Analyzer check"
        );
        left.push(name);
    }
    let covered: Vec<&str> = RULES
        .iter()
        .flat_map(|r| r.access_analyzer.iter().copied())
        .collect();
    for name in &covered {
        assert!(
            checks.contains(name),
            "a rule names {name}, which is not an Access Analyzer check"
        );
    }
    let mut problems = Vec::new();
    for name in &checks {
        match (covered.contains(name), left.contains(name)) {
            (true, true) => problems.push(format!(
                "{name} is covered by a rule and listed as not covered"
            )),
            (false, false) => problems.push(format!("{name} is neither covered nor explained")),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn findings(text: &str, kind: Option<PolicyKind>) -> Vec<Finding> {
    let parse = parse(text);
    let options = Options {
        kind,
        ..Options::default()
    };
    analyze(text, &parse, &options).findings
}

/// Applies a finding's first fix.
fn apply_fix(text: &str, f: &Finding) -> String {
    let fixes = f.all_fixes();
    let fix = fixes
        .first()
        .unwrap_or_else(|| panic!("{} has no fix", f.code));
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range.as_range(), &e.text);
    }
    out
}

fn fixed(text: &str, kind: Option<PolicyKind>, code: &str) -> String {
    let all = findings(text, kind);
    let f = all
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("{code} not reported: {all:?}"));
    apply_fix(text, f)
}

#[test]
fn certain_fixes_produce_the_intended_policy() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:us-east-1:123456789012:my-bucket"}"#,
    );
    let once = fixed(&text, None, "arn-part-not-allowed");
    let twice = fixed(&once, None, "arn-part-not-allowed");
    assert!(twice.contains(r#""arn:aws:s3:::my-bucket""#), "{twice}");
    assert!(codes(&twice, None).is_empty(), "{:?}", codes(&twice, None));

    let text = policy(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}}"#,
    );
    assert!(fixed(&text, None, "ip-range-host-bits").contains(r#""203.0.113.0/24""#));

    let text = policy(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", 3600]}}}"#,
    );
    assert!(
        fixed(&text, None, "redundant-condition-value")
            .contains(r#""aws:MultiFactorAuthAge": 3600}"#)
    );

    let text = policy(
        r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringLike": {"aws:ResourceTag/team": "*"}}}"#,
    );
    let out = fixed(&text, None, "condition-equivalent-to-null");
    assert!(
        out.contains(r#""Null": {"aws:ResourceTag/team": "false"}"#),
        "{out}"
    );

    let text = policy(
        r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/a": "x"}, "StringLikeIfExists": {"aws:ResourceTag/team": "*", "aws:ResourceTag/b": "y"}}}"#,
    );
    let out = fixed(&text, None, "condition-always-true");
    assert!(
        out.contains(r#""StringLikeIfExists": {"aws:ResourceTag/b": "y"}"#),
        "{out}"
    );
    assert!(!codes(&out, None).contains(&"json-syntax"));

    let text = policy(
        r#"{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
    );
    let out = fixed(
        &text,
        Some(PolicyKind::Trust),
        "roles-anywhere-missing-actions",
    );
    assert!(
        out.contains(r#"["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]"#),
        "{out}"
    );

    let text = policy(
        r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:role/app", "arn:aws:sts::123456789012:assumed-role/app/job"]}, "Action": "sts:AssumeRole"}"#,
    );
    let out = fixed(
        &text,
        Some(PolicyKind::Trust),
        "redundant-session-principal",
    );
    assert!(
        out.contains(r#"["arn:aws:iam::123456789012:role/app"]"#),
        "{out}"
    );

    let stmt = r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#;
    let text = policy(&format!("{stmt}, {stmt}"));
    let out = fixed(&text, None, "redundant-statement");
    assert_eq!(out, policy(stmt));
}

#[test]
fn variables_only_work_with_string_and_arn_operators() {
    let bad = policy(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "${aws:username}"}}}"#,
    );
    assert!(codes(&bad, None).contains(&"invalid-policy-variable"));
    let good = policy(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}}}"#,
    );
    assert!(!codes(&good, None).contains(&"invalid-policy-variable"));
}

#[test]
fn principal_checks_by_kind() {
    // A wildcard in a service principal, and a federated provider that is neither a domain nor
    // a provider ARN.
    let text = policy(
        r#"{"Effect": "Allow", "Principal": {"Service": "*.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    );
    assert!(codes(&text, Some(PolicyKind::Resource(None))).contains(&"principal-wildcard"));
    let text = policy(
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:role/x"}, "Action": "sts:AssumeRoleWithWebIdentity"}"#,
    );
    assert!(codes(&text, Some(PolicyKind::Trust)).contains(&"invalid-principal"));
    // "*" is fine in a resource policy, and IAM user IDs are reported like role IDs.
    let text = policy(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    );
    assert!(
        !codes(&text, Some(PolicyKind::Resource(None)))
            .contains(&"wildcard-principal-in-trust-policy")
    );
    let text = policy(
        r#"{"Effect": "Allow", "Principal": {"AWS": "AIDA1234567890EXAMPLE"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
    );
    let c = codes(&text, Some(PolicyKind::Resource(None)));
    assert!(
        c.contains(&"principal-unique-id") && !c.contains(&"invalid-principal"),
        "{c:?}"
    );
}

#[test]
fn principal_types_follow_the_policy_kind_and_service() {
    const CANONICAL: &str =
        r#"{"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}"#;
    const FEDERATED: &str = r#"{"Federated": "cognito-identity.amazonaws.com"}"#;
    let statement = |principal: &str, action: &str, resource: &str| {
        policy(&format!(
            r#"{{"Effect": "Allow", "Principal": {principal}, "Action": "{action}", "Resource": "{resource}"}}"#
        ))
    };
    let s3 = statement(CANONICAL, "s3:GetObject", "arn:aws:s3:::b/*");
    let sqs = statement(
        CANONICAL,
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:111122223333:q",
    );
    let kms_fed = statement(FEDERATED, "kms:Decrypt", "*");
    let trust = policy(&format!(
        r#"{{"Effect": "Allow", "Principal": {CANONICAL}, "Action": "sts:AssumeRole"}}"#
    ));
    let unsupported = |text: &str, kind| {
        codes(text, kind)
            .into_iter()
            .filter(|c| {
                *c == "principal-type-not-supported" || *c == "federated-principal-not-supported"
            })
            .collect::<Vec<_>>()
    };
    // S3 alone names an account by its canonical user ID (bucket policies for CloudFront OAIs).
    assert_eq!(
        unsupported(&s3, Some(PolicyKind::Resource(Some("s3")))),
        [""; 0]
    );
    // The service is inferred from the content, or given; a policy of no known service (a VPC
    // endpoint policy) may name anyone.
    assert_eq!(unsupported(&s3, Some(PolicyKind::Resource(None))), [""; 0]);
    assert_eq!(
        unsupported(&sqs, Some(PolicyKind::Resource(None))),
        ["principal-type-not-supported"]
    );
    assert_eq!(
        unsupported(&sqs, Some(PolicyKind::Resource(Some("sqs")))),
        ["principal-type-not-supported"]
    );
    assert_eq!(
        unsupported(&trust, Some(PolicyKind::Trust)),
        ["principal-type-not-supported"]
    );
    assert_eq!(
        unsupported(&kms_fed, Some(PolicyKind::Resource(Some("kms")))),
        ["federated-principal-not-supported"]
    );
    // An IAM group is never a principal, in any policy that names one.
    let group = statement(
        r#"{"AWS": "arn:aws:iam::111122223333:group/admins"}"#,
        "s3:GetObject",
        "arn:aws:s3:::b/*",
    );
    assert!(codes(&group, Some(PolicyKind::Resource(Some("s3")))).contains(&"invalid-principal"));
    let user = group.replace("group/admins", "user/alice");
    assert!(!codes(&user, Some(PolicyKind::Resource(Some("s3")))).contains(&"invalid-principal"));
}

#[test]
fn resource_policy_service_is_inferred_from_either_side() {
    // The actions all belong to S3, so a KMS ARN among several services' ARNs is the odd one.
    let text = policy(
        r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:kms:us-east-1:123456789012:key/k"]}"#,
    );
    let f = findings(&text, Some(PolicyKind::Resource(None)));
    let odd: Vec<&Finding> = f
        .iter()
        .filter(|f| f.code == "resource-policy-other-service")
        .collect();
    assert_eq!(odd.len(), 1, "{f:?}");
    assert!(odd[0].message.contains("kms"), "{}", odd[0].message);
    // Identity policies mix services freely.
    let text = policy(
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "kms:Decrypt"], "Resource": "arn:aws:s3:::b/*"}"#,
    );
    assert!(!codes(&text, None).contains(&"resource-policy-other-service"));
}

#[test]
fn rcp_companion_keys() {
    let bad = policy(
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-1234567"}}}"#,
    );
    let n = codes(&bad, Some(PolicyKind::Rcp))
        .iter()
        .filter(|c| **c == "rcp-missing-related-condition-key")
        .count();
    assert_eq!(n, 2);
    let good = policy(
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-1234567"}, "Null": {"aws:SourceAccount": "false"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}"#,
    );
    assert!(!codes(&good, Some(PolicyKind::Rcp)).contains(&"rcp-missing-related-condition-key"));
    // The Allow of RCPFullAWSAccess is the one Allow an RCP takes.
    let full = policy(r#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#);
    assert!(!codes(&full, Some(PolicyKind::Rcp)).contains(&"rcp-syntax"));
    let allow = policy(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "arn:aws:s3:::b", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#,
    );
    assert_eq!(
        codes(&allow, Some(PolicyKind::Rcp))
            .iter()
            .filter(|c| **c == "rcp-syntax")
            .count(),
        2
    );
}

/// Policies from AWS documentation (CloudFront origin access control, a KMS key policy, an SQS
/// queue for SNS, EC2, GitHub and Cognito trust, the data-perimeter RCP, a Region-restricting
/// SCP): nothing above a hint.
#[test]
fn aws_documented_policies_are_clean() {
    let docs = [
        (
            PolicyKind::Resource(None),
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllowCloudFrontServicePrincipalReadOnly","Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringEquals":{"AWS:SourceArn":"arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]}"#,
        ),
        (
            PolicyKind::Resource(None),
            r#"{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
{"Sid":"Allow CloudTrail","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:GenerateDataKey*","Resource":"*","Condition":{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t"},"StringLike":{"kms:EncryptionContext:aws:cloudtrail:arn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}}]}"#,
        ),
        (
            PolicyKind::Resource(None),
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-2:123456789012:MyQueue","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-2:123456789012:MyTopic"}}}]}"#,
        ),
        (
            PolicyKind::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        ),
        (
            PolicyKind::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}}]}"#,
        ),
        (
            PolicyKind::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-abcd-abcd-abcd-123456789012"},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}}]}"#,
        ),
        (
            PolicyKind::Rcp,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"EnforceOrgIdentities","Effect":"Deny","Principal":"*","Action":["s3:*","sqs:*","kms:*","secretsmanager:*","sts:AssumeRole","sts:DecodeAuthorizationMessage","sts:GetAccessKeyInfo","sts:GetFederationToken","sts:GetServiceBearerToken","sts:GetSessionToken","sts:SetContext"],"Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5","aws:ResourceTag/dp:exclude:identity":"true"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}},{"Sid":"EnforceConfusedDeputyProtection","Effect":"Deny","Principal":"*","Action":["s3:*","sqs:*","kms:*","secretsmanager:*","sts:*"],"Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:SourceOrgID":"o-a1b2c3d4e5","aws:ResourceTag/dp:exclude:confused-deputy":"true"},"Null":{"aws:SourceAccount":"false"},"Bool":{"aws:PrincipalIsAWSService":"true"}}}]}"#,
        ),
        (
            PolicyKind::Scp,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllOutsideEU","Effect":"Deny","NotAction":["a4b:*","acm:*","aws-marketplace-management:*","aws-marketplace:*","budgets:*","ce:*","chime:*","cloudfront:*","config:*","cur:*","directconnect:*","ec2:DescribeRegions","ec2:DescribeTransitGateways","ec2:DescribeVpnGateways","fms:*","globalaccelerator:*","health:*","iam:*","importexport:*","kms:*","mobileanalytics:*","networkmanager:*","organizations:*","pricing:*","route53:*","route53domains:*","s3:GetAccountPublic*","s3:ListAllMyBuckets","s3:PutAccountPublic*","shield:*","sts:*","support:*","trustedadvisor:*","waf-regional:*","waf:*","wafv2:*","wellarchitected:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-central-1","eu-west-1"]},"ArnNotLike":{"aws:PrincipalARN":["arn:aws:iam::*:role/Role1AllowedToBypassThisSCP","arn:aws:iam::*:role/Role2AllowedToBypassThisSCP"]}}},
{"Sid":"DenyUntagged","Effect":"Deny","Action":["ec2:RunInstances"],"Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"Null":{"aws:RequestTag/Project":"true"}}}]}"#,
        ),
    ];
    for (kind, text) in docs {
        let noisy: Vec<(&str, std::sync::Arc<str>)> = findings(text, Some(kind))
            .into_iter()
            .filter(|f| f.severity != Severity::Hint)
            .map(|f| (f.code, f.message))
            .collect();
        assert!(noisy.is_empty(), "{kind:?} {text}\n{noisy:?}");
    }
}

#[test]
fn fixes_for_version_duplicates_and_partitions() {
    let text = "{\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:ListAllMyBuckets\", \"Resource\": \"*\"}]\n}";
    assert_eq!(
        fixed(text, None, "missing-version"),
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:ListAllMyBuckets\", \"Resource\": \"*\"}]\n}"
    );
    let text = policy(
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:GetObject"], "Resource": "*"}"#,
    );
    assert_eq!(
        fixed(&text, None, "redundant-action"),
        policy(
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}"#
        )
    );
    let text =
        policy(r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*"], "Resource": "*"}"#);
    assert_eq!(
        fixed(&text, None, "redundant-action"),
        policy(r#"{"Effect": "Allow", "Action": ["s3:Get*"], "Resource": "*"}"#)
    );
    let text =
        policy(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:awss:s3:::b/*"}"#);
    assert_eq!(
        fixed(&text, None, "invalid-partition"),
        policy(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#)
    );
}

/// Each service's resource-based policies take `Resource` as the service documents it.
#[test]
fn resource_policies_follow_their_service() {
    let principal = r#""Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}"#;
    let st = |rest: &str| policy(&format!("{{{principal}, {rest}}}"));
    let ecr = st(r#""Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]"#);
    // An ECR repository policy names no resource: configured, from a template, or inferred.
    for kind in [Some(PolicyKind::Resource(Some("ecr"))), None] {
        assert!(!codes(&ecr, kind).contains(&"missing-resource"), "{kind:?}");
    }
    let template = "Resources:\n  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryPolicyText:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: '111122223333'}\n            Action: ecr:BatchGetImage\n";
    assert_eq!(codes(template, None), Vec::<&str>::new());
    // Other resource-based policies still need one.
    let s3_no_resource = st(r#""Action": "s3:GetObject""#);
    assert!(codes(&s3_no_resource, None).contains(&"missing-resource"));
    let sqs_no_resource = st(r#""Action": "sqs:SendMessage""#);
    assert!(codes(&sqs_no_resource, None).contains(&"missing-resource"));
    // S3 rejects "*" and every pattern that means it; other services accept it.
    for r in ["*", "arn:*", "arn:aws:*", "arn:aws:*:*:*:*"] {
        let bucket = st(&format!(r#""Action": "s3:GetObject", "Resource": "{r}""#));
        assert!(
            codes(&bucket, Some(PolicyKind::Resource(Some("s3"))))
                .contains(&"resource-must-name-arns"),
            "{r}"
        );
        assert!(
            !codes(&bucket, Some(PolicyKind::Resource(None))).contains(&"resource-must-name-arns")
        );
    }
    let queue = st(r#""Action": "sqs:SendMessage", "Resource": "*""#);
    assert!(codes(&queue, Some(PolicyKind::Resource(Some("sqs")))).is_empty());
    // A bucket policy in a template is the bucket's.
    let bucket_policy = "Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: s3:GetObject\n            Resource: '*'\n";
    assert!(codes(bucket_policy, None).contains(&"resource-must-name-arns"));
    // A KMS key policy's Resource is "*"; its Sids may hold spaces (the default key policy's do).
    let key = policy(&format!(
        r#"{{"Sid": "Enable IAM User Permissions", {principal}, "Action": "kms:*", "Resource": "*"}}"#
    ));
    assert!(codes(&key, Some(PolicyKind::Resource(Some("kms")))).is_empty());
    let key_no_resource = st(r#""Action": "kms:Decrypt""#);
    assert!(
        codes(&key_no_resource, Some(PolicyKind::Resource(Some("kms"))))
            .contains(&"missing-resource")
    );
    // API Gateway's own short form, in its resource policies only.
    let api = st(
        r#""Action": "execute-api:Invoke", "Resource": ["execute-api:/*/POST/*", "execute-api:/prod/GET/pets"]"#,
    );
    assert!(codes(&api, None).is_empty(), "{:?}", codes(&api, None));
    assert!(codes(&api, Some(PolicyKind::Resource(Some("execute-api")))).is_empty());
    let identity = policy(
        r#"{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}"#,
    );
    assert!(codes(&identity, None).contains(&"invalid-arn"));
    assert!(codes(&api, Some(PolicyKind::Resource(Some("s3")))).contains(&"invalid-arn"));
}

/// Duplicate Sids: rejected by IAM and Organizations, accepted by the services that store
/// resource-based policies.
#[test]
fn duplicate_sids_by_policy_kind() {
    let twice = |head: &str| {
        policy(&format!(
            r#"{{"Sid": "A", {head}"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}, {{"Sid": "A", {head}"Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}}"#
        ))
    };
    let identity = twice(r#""Effect": "Allow", "#);
    for kind in [None, Some(PolicyKind::Identity), Some(PolicyKind::Scp)] {
        let c = codes(&identity, kind);
        assert!(
            c.contains(&"duplicate-sid") && !c.contains(&"sid-not-unique"),
            "{kind:?}"
        );
    }
    let resource = twice(r#""Effect": "Allow", "Principal": {"AWS": "111122223333"}, "#);
    for kind in [
        None,
        Some(PolicyKind::Resource(None)),
        Some(PolicyKind::Resource(Some("s3"))),
    ] {
        let c = codes(&resource, kind);
        assert!(
            c.contains(&"sid-not-unique") && !c.contains(&"duplicate-sid"),
            "{kind:?}"
        );
    }
}

/// Resources AWS owns have an empty account, whatever the Region is written as.
#[test]
fn aws_owned_resources_have_an_empty_account() {
    for r in [
        "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/*",
        "arn:aws:ssm:*::parameter/aws/service/global-infrastructure/regions",
        "arn:aws:ssm:us-east-1::document/AWS-RunShellScript",
        "arn:aws:ssm:*::document/AWS-RunShellScript",
        "arn:aws:ssm:eu-west-1::document/AmazonCloudWatch-ManageAgent",
        "arn:aws:ssm:us-east-1::automation-definition/AWS-RestartEC2Instance:$DEFAULT",
        "arn:aws:ssm:us-east-1::parameter/*",
    ] {
        let p = policy(&format!(
            r#"{{"Effect": "Allow", "Action": ["ssm:GetParameter", "ssm:SendCommand", "ssm:StartAutomationExecution"], "Resource": "{r}"}}"#
        ));
        assert!(!codes(&p, None).contains(&"missing-arn-part"), "{r}");
    }
    let managed = policy(
        r#"{"Effect": "Allow", "Action": "iam:GetPolicy", "Resource": "arn:aws:iam::aws:policy/ReadOnlyAccess"}"#,
    );
    assert!(codes(&managed, None).is_empty());
    // One's own parameter still needs the account.
    let own = policy(
        r#"{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "arn:aws:ssm:us-east-1::parameter/myapp/db"}"#,
    );
    assert!(codes(&own, None).contains(&"missing-arn-part"));
}

/// The policy type as configuration and the command line write it.
#[test]
fn policy_types_name_a_service() {
    assert_eq!(
        PolicyKind::parse("resource:s3"),
        Some(PolicyKind::Resource(Some("s3")))
    );
    assert_eq!(
        PolicyKind::parse("Resource:KMS"),
        Some(PolicyKind::Resource(Some("kms")))
    );
    assert_eq!(PolicyKind::parse("resource:s4"), None);
    assert_eq!(PolicyKind::parse("trust:s3"), None);
    assert_eq!(PolicyKind::Resource(Some("s3")).id(), "resource:s3");
    assert_eq!(
        PolicyKind::Resource(Some("kms")).a_label(),
        "a KMS key policy"
    );
    assert_eq!(
        PolicyKind::Resource(Some("sqs")).label(),
        "resource-based policy of Amazon SQS"
    );
    for k in [
        PolicyKind::Resource(Some("sqs")),
        PolicyKind::Resource(None),
        PolicyKind::Trust,
    ] {
        assert_eq!(PolicyKind::parse(&k.id()), Some(k));
    }
}

/// MFA conditions: both of Parliament's bad patterns, and the ones that work.
#[test]
fn mfa_conditions_that_do_not_do_what_they_say() {
    let st = |effect: &str, op: &str, v: &str| {
        policy(&format!(
            r#"{{"Effect": "{effect}", "Action": "iam:DeleteUser", "Resource": "*", "Condition": {{"{op}": {{"aws:MultiFactorAuthPresent": {v}}}}}}}"#
        ))
    };
    for (effect, op, v, bad) in [
        ("Allow", "Bool", "\"false\"", true),
        ("Allow", "Bool", "false", true),
        ("Deny", "Bool", "\"false\"", true),
        ("Deny", "BoolIfExists", "\"false\"", false),
        ("Allow", "Bool", "\"true\"", false),
        ("Deny", "Bool", "\"true\"", false),
    ] {
        let c = codes(&st(effect, op, v), None);
        assert_eq!(
            c.contains(&"mfa-condition-misleading"),
            bad,
            "{effect} {op} {v}: {c:?}"
        );
    }
    // The fix turns the Deny into one that also covers long-term keys, and it is clean.
    let text = st("Deny", "Bool", "\"false\"");
    let found = analyze(&text, &parse(&text), &Options::default()).findings;
    let f = found
        .iter()
        .find(|f| f.code == "mfa-condition-misleading")
        .unwrap();
    let fixed = apply_fix(&text, f);
    assert!(codes(&fixed, None).is_empty(), "{fixed}");
}

/// ForAllValues in an Allow: on every multivalued request key, not on single-valued ones, and
/// not once a Null test says the key is there.
#[test]
fn forallvalues_in_allow_needs_the_key_present() {
    let st = |effect: &str, key: &str, extra: &str| {
        policy(&format!(
            r#"{{"Effect": "{effect}", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {{"ForAllValues:StringEquals": {{"{key}": ["a"]}}{extra}}}}}"#
        ))
    };
    assert!(codes(&st("Allow", "aws:TagKeys", ""), None).contains(&"forallvalues-in-allow"));
    assert!(
        codes(&st("Allow", "ec2:ResourceTag/x", ""), None)
            .iter()
            .all(|c| *c != "forallvalues-in-allow")
    );
    assert!(!codes(&st("Deny", "aws:TagKeys", ""), None).contains(&"forallvalues-in-allow"));
    let guarded = st(
        "Allow",
        "aws:TagKeys",
        r#", "Null": {"aws:TagKeys": "false"}"#,
    );
    assert!(!codes(&guarded, None).contains(&"forallvalues-in-allow"));
}

/// A policy that allows `actions` on every resource.
fn allow_on_everything(actions: &[&str]) -> String {
    policy(&format!(
        r#"{{"Effect": "Allow", "Action": ["{}"], "Resource": "*"}}"#,
        actions.join("\", \"")
    ))
}

/// Every path of the escalation catalogue is found when a policy grants it on every resource,
/// through the actions named, a wildcard or NotAction; a Deny that removes one action, or a
/// condition, takes it away.
#[test]
fn every_escalation_path_is_found_and_denies_are_respected() {
    let has =
        |text: &str| codes(text, Some(PolicyKind::Identity)).contains(&"privilege-escalation");
    for path in crate::catalog::escalation::escalation_paths() {
        let actions = path.actions.join("\", \"");
        let grant = allow_on_everything(&path.actions);
        assert!(has(&grant), "{:?} not found in\n{grant}", path.ids);
        // Each service's actions through a wildcard.
        let wild = path
            .actions
            .iter()
            .map(|a| format!("\"{}:*\"", a.split_once(':').unwrap().0))
            .collect::<Vec<_>>()
            .join(", ");
        assert!(has(&policy(&format!(
            r#"{{"Effect": "Allow", "Action": [{wild}], "Resource": "*"}}"#
        ))));
        // A Deny of the last action removes the path (unless another path still holds).
        let last = path.actions.last().unwrap();
        let denied = policy(&format!(
            r#"{{"Effect": "Allow", "Action": ["{actions}"], "Resource": "*"}}, {{"Effect": "Deny", "Action": "{last}", "Resource": "*"}}"#
        ));
        let others_hold = crate::catalog::escalation::escalation_paths()
            .iter()
            .any(|p| {
                !p.actions.contains(last) && p.actions.iter().all(|a| path.actions.contains(a))
            });
        assert_eq!(
            has(&denied),
            others_hold,
            "{:?} with {last} denied",
            path.ids
        );
    }
    // NotAction grants every action it does not name.
    let not_action = policy(r#"{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}"#);
    assert!(has(&not_action));
    // A condition makes the statement's reach unknown: not counted.
    let conditional = policy(
        r#"{"Effect": "Allow", "Action": "iam:UpdateAssumeRolePolicy", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#,
    );
    assert!(!has(&conditional));
    // The issue's examples, one by one.
    for set in [
        vec!["iam:UpdateAssumeRolePolicy"],
        vec!["glue:UpdateDevEndpoint"],
        vec!["ecs:ExecuteCommand", "ecs:DescribeTasks"],
        vec![
            "cloudformation:CreateChangeSet",
            "cloudformation:ExecuteChangeSet",
            "iam:PassRole",
        ],
        vec![
            "ec2:ModifyInstanceAttribute",
            "ec2:StopInstances",
            "ec2:StartInstances",
        ],
        vec!["sagemaker:CreatePresignedNotebookInstanceUrl"],
        vec![
            "ec2-instance-connect:SendSSHPublicKey",
            "ec2:DescribeInstances",
        ],
    ] {
        assert!(has(&allow_on_everything(&set)), "{set:?}");
    }
}

/// Dependent actions: reported once per action, satisfied by any Allow in the policy (a
/// wildcard or NotAction too), and the fix adds them and leaves a policy without the finding.
#[test]
fn dependent_actions_are_asked_for_and_added() {
    let has = |text: &str| codes(text, None).contains(&"missing-dependent-action");
    for (text, expected) in [
        (
            r#"{"Effect": "Allow", "Action": ["ec2:CreateVolume"], "Resource": "*"}"#,
            true,
        ),
        (
            r#"{"Effect": "Allow", "Action": ["ec2:CreateVolume", "ec2:CreateTags"], "Resource": "*"}"#,
            false,
        ),
        (
            r#"{"Effect": "Allow", "Action": ["ec2:CreateVolume", "ec2:Create*"], "Resource": "*"}"#,
            false,
        ),
        (
            r#"{"Effect": "Allow", "Action": "ec2:CreateVolume", "Resource": "*"}, {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}"#,
            false,
        ),
        (
            r#"{"Effect": "Deny", "Action": "ec2:CreateVolume", "Resource": "*"}"#,
            false,
        ),
    ] {
        assert_eq!(has(&policy(text)), expected, "{text}");
    }
    for text in [
        r#"{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"}"#,
        r#"{"Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:DescribeImages"], "Resource": "*"}"#,
    ] {
        let text = policy(text);
        let found = analyze(&text, &parse(&text), &Options::default()).findings;
        let f = found
            .iter()
            .find(|f| f.code == "missing-dependent-action")
            .expect("reported");
        let fixed = apply_fix(&text, f);
        assert!(parse(&fixed).errors.is_empty(), "{fixed}");
        assert!(!has(&fixed), "{fixed}");
    }
    // Not asked of resource-based policies, whose caller's own policy grants the rest.
    let bucket = policy(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecs:RunTask", "Resource": "*"}"#,
    );
    assert!(!has(&bucket));
}
