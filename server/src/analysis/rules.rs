//! The rule registry: one entry per check, with its stable code, default severity, summary,
//! the IAM Access Analyzer checks it covers, and a failing and a passing example. The README's
//! rule list (`iam-policy-ls rules --markdown`) is generated from this table.

use super::Severity::{self, *};

#[derive(Debug)]
pub struct Rule {
    /// Stable code, used in configuration, suppressions and diagnostics.
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// IAM Access Analyzer policy checks this rule covers.
    pub access_analyzer: &'static [&'static str],
    /// A policy (or fragment) that triggers the rule.
    pub bad: &'static str,
    /// The same policy, fixed.
    pub good: &'static str,
}

pub fn rule(code: &str) -> Option<&'static Rule> {
    // Every finding looks its rule up, thousands per analysis of a large policy: index them.
    static BY_CODE: std::sync::OnceLock<
        std::collections::HashMap<&'static str, &'static Rule, foldhash::fast::FixedState>,
    > = std::sync::OnceLock::new();
    BY_CODE
        .get_or_init(|| RULES.iter().map(|r| (r.code, r)).collect())
        .get(code)
        .copied()
}

/// The registry's severity for `code`. Every code is in the registry (the fixture tests enforce
/// it); should one slip through, a debug build stops and a release build reports it as a
/// warning rather than crash.
pub fn default_severity(code: &str) -> Severity {
    let default = rule(code).map(|r| r.severity);
    debug_assert!(default.is_some(), "rule {code} is not in the registry");
    default.unwrap_or(Warning)
}

macro_rules! rules {
    ($($code:literal, $sev:ident, $summary:literal, [$($aa:literal),*], $bad:literal, $good:literal;)*) => {
        pub static RULES: &[Rule] = &[
            $(Rule { code: $code, severity: $sev, summary: $summary, access_analyzer: &[$($aa),*], bad: $bad, good: $good },)*
        ];
    };
}

rules! {
    "json-syntax", Error, "The document is not valid JSON.", ["JSON_SYNTAX_ERROR"],
        r#"{"Version": "2012-10-17" "Statement": []}"#, r#"{"Version": "2012-10-17", "Statement": []}"#;
    "comment-not-allowed", Error, "IAM does not accept comments in a policy document (allowed in .jsonc files).", [],
        r#"{"Version": "2012-10-17", // mine"#, r#"{"Version": "2012-10-17""#;
    "not-an-object", Error, "A policy document must be a JSON object.", ["JSON_SYNTAX_ERROR"],
        r#"["s3:GetObject"]"#, r#"{"Version": "2012-10-17", "Statement": []}"#;
    "duplicate-key", Error, "The same element appears twice in one object (IAM keeps only one).", ["DUPLICATE_KEYS_WITH_DIFFERENT_CASE"],
        r#"{"Effect": "Allow", "effect": "Deny"}"#, r#"{"Effect": "Allow"}"#;
    "unknown-element", Error, "An element that IAM does not know, or a known one in the wrong case.", ["INVALID_POLICY_ELEMENT"],
        r#"{"Effect": "Allow", "Actions": "s3:GetObject"}"#, r#"{"Effect": "Allow", "Action": "s3:GetObject"}"#;
    "invalid-element-type", Error, "An element's value has the wrong JSON type (e.g. Effect as an array).", ["INVALID_POLICY_ELEMENT"],
        r#"{"Effect": ["Allow"]}"#, r#"{"Effect": "Allow"}"#;
    "missing-version", Warning, "No Version: IAM then assumes 2008-10-17, which ignores policy variables.", ["MISSING_VERSION"],
        r#"{"Statement": []}"#, r#"{"Version": "2012-10-17", "Statement": []}"#;
    "invalid-version", Error, "Version must be 2012-10-17 (or the older 2008-10-17).", ["INVALID_VERSION"],
        r#"{"Version": "2021-01-01"}"#, r#"{"Version": "2012-10-17"}"#;
    "old-version", Warning, "Version 2008-10-17 does not support policy variables.", ["VARIABLE_UNSUPPORTED_IN_VERSION"],
        r#"{"Version": "2008-10-17"}"#, r#"{"Version": "2012-10-17"}"#;
    "missing-statement", Error, "The policy has no Statement element, or it is empty.", ["MISSING_STATEMENT"],
        r#"{"Version": "2012-10-17"}"#, r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#;
    "missing-effect", Error, "A statement has no Effect.", ["MISSING_EFFECT"],
        r#"{"Action": "s3:GetObject", "Resource": "*"}"#, r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#;
    "invalid-effect", Error, "Effect must be exactly Allow or Deny.", ["INVALID_EFFECT"],
        r#"{"Effect": "allow"}"#, r#"{"Effect": "Allow"}"#;
    "missing-action", Error, "A statement has neither Action nor NotAction.", ["MISSING_ACTION"],
        r#"{"Effect": "Allow", "Resource": "*"}"#, r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#;
    "missing-resource", Error, "A statement has neither Resource nor NotResource, in a policy that needs one (all but role trust policies and the resource-based policies of services such as ECR).", ["MISSING_RESOURCE"],
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets"}"#, r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#;
    "star-resource-for-scoped-actions", Information, "\"Resource\": \"*\" in an Allow whose actions can be limited to named resources (least privilege: list their ARNs).", [],
        r#"{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}"#, r#"{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}"#;
    "resource-policy-escalation", Information, "An identity policy that lets its holder rewrite a resource's policy (s3:PutBucketPolicy, kms:PutKeyPolicy): it can grant itself any other access to that resource.", [],
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutBucketPolicy"], "Resource": "arn:aws:s3:::b"}"#, r#"{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}"#;
    "missing-dependent-action", Information, "An action allowed without its dependent actions (ecs:RunTask without iam:PassRole): the request can fail for want of them.", [],
        r#"{"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "*"}"#, r#"{"Effect": "Allow", "Action": ["ecs:RunTask", "iam:PassRole"], "Resource": "*"}"#;
    "unfilled-placeholder", Warning, "A placeholder left from an example (`<my-vpc>`, `[MAX_AGE]`, `{{BucketName}}`): IAM accepts the text and it matches nothing.", [],
        r#""Condition": {"StringEquals": {"aws:SourceVpc": "<my-vpc>"}}"#, r#""Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}"#;
    "resource-must-name-arns", Error, "A resource-based policy of a service that rejects \"Resource\": \"*\" (an S3 bucket policy must name the bucket's ARNs).", ["UNSUPPORTED_RESOURCE_ARN_IN_POLICY"],
        r#"{"Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}"#, r#"{"Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}"#;
    "resource-must-be-star", Warning, "A resource-based policy whose Resource must be \"*\" (a KMS key policy: \"*\" means this key).", [],
        r#"{"Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}"#, r#"{"Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "*"}"#;
    "conflicting-elements", Error, "Action with NotAction, Resource with NotResource, or Principal with NotPrincipal in one statement.", ["UNSUPPORTED_ELEMENT_COMBINATION"],
        r#"{"Action": "s3:*", "NotAction": "s3:DeleteBucket"}"#, r#"{"NotAction": "s3:DeleteBucket"}"#;
    "principal-not-allowed", Error, "Identity policies, SCPs and permission boundaries may not name a Principal.", ["UNSUPPORTED_PRINCIPAL", "SCP_SYNTAX_ERROR_PRINCIPAL"],
        r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#, r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#;
    "missing-principal", Error, "Resource-based and trust policy statements must name a Principal.", ["MISSING_PRINCIPAL"],
        r#"{"Effect": "Allow", "Action": "sts:AssumeRole"}"#, r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#;
    "resource-in-trust-policy", Error, "A role trust policy may not have Resource or NotResource.", ["ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"],
        r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}"#, r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#;
    "invalid-sid", Error, "Sid may contain only letters and digits (A-Z, a-z, 0-9) in identity policies.", ["UNSUPPORTED_SID"],
        r#"{"Sid": "read-logs"}"#, r#"{"Sid": "ReadLogs"}"#;
    "empty-sid", Information, "An empty Sid says nothing: remove it or name the statement.", ["EMPTY_SID_VALUE"],
        r#"{"Sid": ""}"#, r#"{"Sid": "ReadLogs"}"#;
    "duplicate-sid", Error, "Two statements of an identity, trust, SCP or RCP policy share a Sid: IAM and Organizations reject it.", ["UNIQUE_SIDS_REQUIRED"],
        r#"[{"Sid": "Read", ...}, {"Sid": "Read", ...}]"#, r#"[{"Sid": "Read", ...}, {"Sid": "Write", ...}]"#;
    "sid-not-unique", Warning, "Two statements of a resource-based policy share a Sid: the service accepts it (S3 does), but unique Sids are recommended.", ["UNIQUE_SIDS_RECOMMENDED"],
        r#"[{"Sid": "Read", "Principal": ...}, {"Sid": "Read", "Principal": ...}]"#, r#"[{"Sid": "Read", "Principal": ...}, {"Sid": "List", "Principal": ...}]"#;
    "invalid-action-format", Error, "An action must be `service:Action` (or `*`).", ["INVALID_ACTION"],
        r#""Action": "GetObject""#, r#""Action": "s3:GetObject""#;
    "unknown-service", Error, "The service prefix is not an AWS service (a typo gets a suggestion).", ["INVALID_SERVICE", "INVALID_SERVICE_IN_ACTION"],
        r#""Action": "s4:GetObject""#, r#""Action": "s3:GetObject""#;
    "service-not-in-catalog", Warning, "No service prefix is close to this one: it may be newer than the bundled catalog, or undocumented.", [],
        r#""Action": "frobnicator:GetThing""#, r#""Action": "s3:GetObject""#;
    "unknown-action", Error, "The action does not exist in the service; close real names are suggested.", ["INVALID_ACTION"],
        r#""Action": "logs:PutLogEvent""#, r#""Action": "logs:PutLogEvents""#;
    "action-not-in-catalog", Warning, "No action is close to this name: it may be newer than the bundled catalog, or undocumented.", [],
        r#""Action": "s3:FrobnicateBucket""#, r#""Action": "s3:GetBucketPolicy""#;
    "retired-action", Warning, "AWS has retired this action: it grants nothing today.", [],
        r#""Action": "codestar:CreateProject""#, r#""Action": "codeconnections:CreateConnection""#;
    "action-case", Hint, "The action's case differs from AWS's spelling (IAM ignores case, readers do not).", [],
        r#""Action": "s3:getobject""#, r#""Action": "s3:GetObject""#;
    "wildcard-matches-nothing", Error, "A wildcard action that matches no action of the service.", ["INVALID_ACTION"],
        r#""Action": "s3:Fetch*""#, r#""Action": "s3:Get*""#;
    "wildcard-in-service-name", Information, "A wildcard in the service prefix (e.g. `*:Get*`) grants actions of every matching service, including future ones.", ["WILDCARD_IN_SERVICE_NAME"],
        r#""Action": "*:List*""#, r#""Action": ["s3:List*", "ec2:Describe*"]"#;
    "redundant-action", Information, "An action is listed twice or is already covered by a wildcard in the same statement.", ["REDUNDANT_ACTION"],
        r#""Action": ["s3:Get*", "s3:GetObject"]"#, r#""Action": "s3:Get*""#;
    "empty-array", Information, "An empty Action, Resource, Principal or condition value array matches nothing.", ["EMPTY_ARRAY_ACTION", "EMPTY_ARRAY_RESOURCE", "EMPTY_ARRAY_PRINCIPAL", "EMPTY_ARRAY_CONDITION", "EMPTY_ARRAY_CONDITION_FORALLVALUES", "EMPTY_ARRAY_CONDITION_FORANYVALUE", "EMPTY_ARRAY_CONDITION_IFEXISTS"],
        r#""Resource": []"#, r#""Resource": "*""#;
    "empty-object", Information, "An empty Condition or Principal object.", ["EMPTY_OBJECT_CONDITION", "EMPTY_OBJECT_PRINCIPAL"],
        r#""Condition": {}"#, r#"(no Condition element)"#;
    "invalid-arn", Error, "A resource is neither `*` nor a well-formed ARN (`arn:partition:service:region:account:resource`).", ["INVALID_ARN_PREFIX", "MISSING_ARN_FIELD", "INVALID_ARN_RESOURCE"],
        r#""Resource": "arn:aws:s3:my-bucket""#, r#""Resource": "arn:aws:s3:::my-bucket""#;
    "invalid-partition", Error, "The ARN's partition is not an AWS partition (aws, aws-cn, aws-us-gov, ...).", ["INVALID_PARTITION"],
        r#""Resource": "arn:aws-eu:s3:::b""#, r#""Resource": "arn:aws:s3:::b""#;
    "invalid-region", Error, "The ARN's region is not a region name.", ["INVALID_ARN_REGION", "INVALID_REGION"],
        r#""Resource": "arn:aws:logs:us-east:123456789012:log-group:g""#, r#""Resource": "arn:aws:logs:us-east-1:123456789012:log-group:g""#;
    "region-of-another-partition", Error, "The ARN's region belongs to another partition (cn-north-1 is in aws-cn): the ARN matches nothing.", [],
        r#""Resource": "arn:aws:logs:cn-north-1:123456789012:log-group:g""#, r#""Resource": "arn:aws-cn:logs:cn-north-1:123456789012:log-group:g""#;
    "unknown-region", Warning, "The ARN's region is not in the partition's list of regions (botocore's, pinned): a typo, or a region newer than the list.", [],
        r#""Resource": "arn:aws:logs:us-east-3:123456789012:log-group:g""#, r#""Resource": "arn:aws:logs:us-east-2:123456789012:log-group:g""#;
    "invalid-account", Error, "The ARN's account is not a 12-digit account ID.", ["INVALID_ARN_ACCOUNT"],
        r#""Resource": "arn:aws:logs:us-east-1:12345:log-group:g""#, r#""Resource": "arn:aws:logs:us-east-1:123456789012:log-group:g""#;
    "arn-service-case", Error, "The ARN's service is not in lowercase.", ["INVALID_ARN_SERVICE_CASE"],
        r#""Resource": "arn:aws:S3:::b""#, r#""Resource": "arn:aws:s3:::b""#;
    "resource-mismatch", Warning, "No action of the statement can act on this resource: the statement grants nothing on it.", [],
        r#"{"Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket/*"}"#, r#"{"Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket"}"#;
    "unknown-condition-operator", Error, "The condition operator does not exist (operators are case-sensitive).", ["INVALID_CONDITION_OPERATOR"],
        r#""Condition": {"StringEqual": {"aws:username": "a"}}"#, r#""Condition": {"StringEquals": {"aws:username": "a"}}"#;
    "unknown-condition-key", Error, "The condition key is not a global key nor a key of the service.", ["INVALID_GLOBAL_CONDITION_KEY", "INVALID_SERVICE_CONDITION_KEY", "INVALID_CONDITION_KEY_FORMAT"],
        r#""aws:SourceIP""#, r#""aws:SourceIp""#;
    "condition-key-not-in-catalog", Warning, "No condition key is close to this one: it may be newer than the bundled catalog, or undocumented.", [],
        r#""aws:PrincipalOrgMasterAccountId""#, r#""aws:PrincipalOrgID""#;
    "condition-key-case", Hint, "The condition key's case differs from AWS's spelling.", [],
        r#""aws:sourceip""#, r#""aws:SourceIp""#;
    "missing-tag-key", Error, "A tag condition key without the tag name (`aws:RequestTag/`).", ["MISSING_TAG_KEY_IN_CONDITION"],
        r#""aws:ResourceTag/""#, r#""aws:ResourceTag/team""#;
    "condition-key-unsupported", Warning, "None of the statement's actions supports this service condition key: the condition never matches (or always, when negated).", ["UNSUPPORTED_ACTION_FOR_CONDITION_KEY"],
        r#"{"Action": "s3:GetObject", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}"#, r#"{"Action": "ec2:RunInstances", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}"#;
    "operator-type-mismatch", Error, "The operator compares a different type than the key holds (e.g. a string operator on a date key).", ["DATA_TYPE_MISMATCH", "TYPE_MISMATCH"],
        r#""NumericEquals": {"aws:SourceIp": "10.0.0.1"}"#, r#""IpAddress": {"aws:SourceIp": "10.0.0.0/8"}"#;
    "invalid-condition-value", Error, "A condition value does not fit its operator: a Bool that is not true/false, a bad date, number, IP range or ARN.", ["INVALID_CONDITION_DATA_TYPE", "TYPE_MISMATCH_BOOLEAN", "TYPE_MISMATCH_DATE", "TYPE_MISMATCH_NUMBER", "TYPE_MISMATCH_STRING", "TYPE_MISMATCH_IP_RANGE", "INVALID_DATE_VALUE", "INVALID_CONDITION_MULTIPLE_BOOLEAN"],
        r#""Bool": {"aws:SecureTransport": "yes"}"#, r#""Bool": {"aws:SecureTransport": "true"}"#;
    "null-with-if-exists", Error, "`Null` cannot take `IfExists`: it already tests for presence.", ["NULL_WITH_IF_EXISTS"],
        r#""NullIfExists""#, r#""Null""#;
    "set-operator-on-single-valued-key", Warning, "ForAllValues/ForAnyValue on a single-valued key: ForAllValues is true when the key is absent, which is rarely intended.", ["FORALLVALUES_WITH_SINGLE_VALUED_KEY"],
        r#""ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-1""#, r#""StringEquals": {"aws:PrincipalOrgID": "o-1""#;
    "multivalued-key-without-set-operator", Warning, "A multivalued key needs ForAnyValue: or ForAllValues:.", ["MISSING_QUALIFIER"],
        r#""StringEquals": {"aws:TagKeys": "team""#, r#""ForAllValues:StringEquals": {"aws:TagKeys": "team""#;
    "wildcard-without-like", Warning, "A `*` or `?` in a value of an Equals operator is matched literally: use the Like operator.", ["WILDCARD_WITHOUT_LIKE_OPERATOR"],
        r#""StringEquals": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin""#, r#""StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin""#;
    "string-operator-on-arn-key", Warning, "An ARN-typed key compared with a String operator: use the Arn operators.", ["STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS"],
        r#""StringLike": {"aws:SourceArn": "arn:aws:sns:*""#, r#""ArnLike": {"aws:SourceArn": "arn:aws:sns:*""#;
    "string-equals-on-arn-key", Hint, "An ARN-typed condition key compared with StringEquals (or StringNotEquals): it works, but ArnEquals matches ARNs part by part.", [],
        r#""Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"}}"#, r#""Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"}}"#;
    "forallvalues-in-allow", Warning, "ForAllValues: in an Allow on a multivalued key without a Null check: it is also true when the request has no such key.", [],
        r#""Effect": "Allow", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}"#, r#""Effect": "Allow", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "Null": {"aws:TagKeys": "false"}}"#;
    "mfa-condition-misleading", Warning, "An MFA condition that does not do what it says: an Allow on aws:MultiFactorAuthPresent \"false\", or a Deny on \"false\" without IfExists (long-term keys carry no such key).", [],
        r#""Effect": "Deny", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}"#, r#""Effect": "Deny", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}"#;
    "invalid-policy-variable", Error, "A malformed policy variable (missing brace, empty, with spaces), or one where IAM does not substitute it: in Action, or under an operator other than String and ARN ones.", ["MISSING_BRACE_IN_VARIABLE", "EMPTY_VARIABLE", "UNSUPPORTED_SPACE_IN_VARIABLE", "VARIABLE_UNSUPPORTED_IN_ELEMENT", "MISSING_QUOTE_IN_VARIABLE", "INVALID_VARIABLE_FOR_OPERATOR"],
        r#""Resource": "arn:aws:s3:::b/${aws:username""#, r#""Resource": "arn:aws:s3:::b/${aws:username}""#;
    "invalid-principal", Error, "A principal that is not well-formed: unknown principal type, bad account ID or ARN, bad service principal, a federated principal that is neither a provider domain nor a SAML/OIDC provider ARN.", ["INVALID_PRINCIPAL_KEY", "INVALID_PRINCIPAL_FORMAT", "INVALID_SERVICE_PRINCIPAL_FORMAT", "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY"],
        r#""Principal": {"Account": "123456789012"}"#, r#""Principal": {"AWS": "123456789012"}"#;
    "pass-role-any-resource", Warning, "iam:PassRole on every resource lets the holder give any role to a service: name the roles.", ["PASS_ROLE_WITH_STAR_IN_RESOURCE", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", "PASS_ROLE_WITH_NOT_RESOURCE", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE", "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION"],
        r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}"#, r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app"}"#;
    "create-slr-any-resource", Warning, "iam:CreateServiceLinkedRole on every resource: restrict it with iam:AWSServiceName.", ["CREATE_SLR_WITH_STAR_IN_RESOURCE", "CREATE_SLR_WITH_NOT_RESOURCE", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE", "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION"],
        r#"{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}"#, r#"{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": {"StringEquals": {"iam:AWSServiceName": "autoscaling.amazonaws.com"}}}"#;
    "allow-not-principal", Warning, "Allow with NotPrincipal grants access to every principal not listed, including anonymous users.", ["ALLOW_WITH_NOT_PRINCIPAL"],
        r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}}"#, r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}}"#;
    "allow-not-action", Warning, "Allow with NotAction grants every other action of every service, including future ones.", [],
        r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#, r#"{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}"#;
    "allow-not-resource", Warning, "Allow with NotResource grants access to every other resource, including future ones.", [],
        r#"{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}"#, r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::public/*"}"#;
    "full-admin", Warning, "Allow `*` on `*`: full administrator access.", [],
        r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#, r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#;
    "privilege-escalation", Warning, "The policy grants a set of actions known to let a principal raise its own privileges.", [],
        r#""Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]"#, r#"(PassRole restricted to named roles, or no function creation)"#;
    "sensitive-grant", Warning, "A grant that AWS documentation warns about (e.g. contributor data from any log group).", [],
        r#""Action": ["cloudwatch:PutInsightRule", "cloudwatch:GetInsightRuleReport"], "Resource": "*""#, r#"(insight rules restricted to named log groups)"#;
    "oidc-trust-without-subject", Warning, "A web-identity trust (GitHub Actions, other OIDC) without a condition on the subject lets any repository or user assume the role.", ["MISSING_GITHUB_REPO_CONDITION_KEY", "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL"],
        r#"{"Principal": {"Federated": "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}"#, r#"(add "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/repo:*"}})"#;
    "policy-size", Warning, "The policy exceeds the size quota of its type (characters, whitespace excluded).", ["POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", "POLICY_SIZE_EXCEEDS_SCP_QUOTA", "POLICY_SIZE_EXCEEDS_RCP_QUOTA"],
        r#"(a managed policy over 6,144 characters)"#, r#"(split it into two policies)"#;
    "redundant-resource", Information, "A resource is listed twice or covered by another resource of the statement.", ["REDUNDANT_RESOURCE"],
        r#""Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]"#, r#""Resource": "arn:aws:s3:::b/*""#;
    "arn-part-not-allowed", Error, "A resource ARN names a Region or account that its resource type does not have (S3 bucket and IAM ARNs have no Region).", ["ARN_REGION_NOT_ALLOWED", "ARN_ACCOUNT_NOT_ALLOWED"],
        r#""Resource": "arn:aws:s3:us-east-1:123456789012:my-bucket""#, r#""Resource": "arn:aws:s3:::my-bucket""#;
    "missing-arn-part", Error, "A resource ARN leaves out the Region or account that its resource type needs (write \"*\" for any).", ["MISSING_ARN_REGION", "MISSING_ARN_ACCOUNT"],
        r#""Resource": "arn:aws:logs:::log-group:app""#, r#""Resource": "arn:aws:logs:*:123456789012:log-group:app""#;
    "resource-policy-other-service", Error, "A resource-based policy names an action or resource of another service than the resource it is attached to (e.g. a KMS action in a bucket policy).", ["UNSUPPORTED_ACTION_IN_POLICY", "UNSUPPORTED_RESOURCE_ARN_IN_POLICY"],
        r#"{"Principal": {"AWS": "123456789012"}, "Action": "kms:Decrypt", "Resource": "arn:aws:s3:::bucket/*"}"#, r#"{"Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#;
    "unsupported-global-condition-key", Error, "A deprecated global condition key that IAM no longer supports (aws:ARN).", ["UNSUPPORTED_GLOBAL_CONDITION_KEY", "DEPRECATED_GLOBAL_CONDITION_KEY"],
        r#""ArnEquals": {"aws:ARN": "arn:aws:iam::123456789012:role/app"}"#, r#""ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/app"}"#;
    "null-with-qualifier", Information, "`Null` under ForAllValues/ForAnyValue is always true/false.", ["NULL_WITH_QUALIFIER"],
        r#""ForAllValues:Null": {"aws:TagKeys": "false"}"#, r#""Null": {"aws:TagKeys": "false"}"#;
    "condition-equivalent-to-null", Information, "A Like operator with the value \"*\" only tests whether the key is present (or absent): say so with `Null`.", ["EQUIVALENT_TO_NULL_FALSE", "EQUIVALENT_TO_NULL_TRUE"],
        r#""StringLike": {"aws:ResourceTag/team": "*"}"#, r#""Null": {"aws:ResourceTag/team": "false"}"#;
    "condition-always-true", Information, "A condition key whose \"*\" value matches whether the key is present or not (IfExists, ForAllValues): it restricts nothing.", ["REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION"],
        r#""StringLikeIfExists": {"aws:ResourceTag/team": "*"}"#, r#"(no condition on the key)"#;
    "condition-never-true", Information, "A condition key whose \"*\" value can never match (ForAnyValue with a negated Like operator): the statement never applies.", ["REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION"],
        r#""ForAnyValue:StringNotLike": {"aws:TagKeys": "*"}"#, r#""ForAnyValue:StringNotLike": {"aws:TagKeys": "temp-*"}"#;
    "ip-range-host-bits", Information, "A CIDR range with bits set after the prefix (IAM ignores them): write the network address.", ["IMPROVE_IP_RANGE"],
        r#""IpAddress": {"aws:SourceIp": "203.0.113.7/24"}"#, r#""IpAddress": {"aws:SourceIp": "203.0.113.0/24"}"#;
    "source-ip-private", Error, "aws:SourceIp compared only with private ranges: it only holds public addresses, so the condition never matches (IpAddress) or never excludes anything (NotIpAddress).", ["PRIVATE_IP_ADDRESS", "PRIVATE_NOT_IP_ADDRESS"],
        r#""IpAddress": {"aws:SourceIp": "10.0.0.0/8"}"#, r#""IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}"#;
    "source-ip-private-subset", Information, "aws:SourceIp values include private ranges, which it never holds: use aws:VpcSourceIp for those.", ["PRIVATE_IP_ADDRESS_SUBSET", "PRIVATE_NOT_IP_ADDRESS_SUBSET"],
        r#""IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"]}"#, r#""IpAddress": {"aws:SourceIp": "203.0.113.0/24"}"#;
    "invalid-vpc-id", Error, "An aws:SourceVpc or aws:SourceVpce value that is not `vpc-`/`vpce-` followed by 8 or 17 letters and digits.", ["INVALID_VPC_FORMAT", "INVALID_VPCE_FORMAT"],
        r#""StringEquals": {"aws:SourceVpce": "vpce-123""#, r#""StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d""#;
    "invalid-kms-key-value", Error, "A condition key that holds a KMS key ARN (s3:x-amz-server-side-encryption-aws-kms-key-id, ...KmsKeyArn) compared with something else: a key ID or an alias.", ["INVALID_KMS_KEY_VALUE"],
        r#""StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "1234abcd-12ab-34cd-56ef-1234567890ab"}"#, r#""StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}"#;
    "redundant-condition-value", Information, "Several values under a Numeric bound operator: only the loosest one matters.", ["REDUNDANT_CONDITION_VALUE_NUM"],
        r#""NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", "3600"]}"#, r#""NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}"#;
    "untrustworthy-condition-key", Warning, "aws:UserAgent or aws:Referer used for access control: the caller sets these headers and can forge them.", ["UNTRUSTWORTHY_CONDITION_KEY"],
        r#""StringLike": {"aws:Referer": "https://example.com/*"}"#, r#""StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}"#;
    "missing-paired-condition-key", Warning, "A key that is only safe with a partner key (aws:VpcSourceIp without aws:SourceVpc/aws:SourceVpce).", ["MISSING_PAIRED_CONDITION_KEYS"],
        r#""IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}"#, r#""IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}"#;
    "foranyvalue-on-audience-claim", Warning, "ForAnyValue: on an identity provider's audience (`aud`) claim, which is single-valued, can be overly permissive.", ["FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE"],
        r#""ForAnyValue:StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}"#, r#""StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}"#;
    "forallvalues-on-audience-claim", Information, "ForAllValues: on an identity provider's audience (`aud`) claim: confirm the claim is multivalued, or remove the qualifier.", ["CONFIRM_AUDIENCE_CLAIM_TYPE"],
        r#""ForAllValues:StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}"#, r#""StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}"#;
    "github-subject-wildcard", Warning, "A wildcard in token.actions.githubusercontent.com:sub lets more repositories or branches assume the role than intended.", ["SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED"],
        r#""StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/*"}"#, r#""StringEquals": {"token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main"}"#;
    "dynamodb-attributes-without-select", Warning, "dynamodb:Attributes restricted without dynamodb:Select = SPECIFIC_ATTRIBUTES: reads that name no attributes return whole items.", ["DYNAMODB_ATTRIBUTES_WITHOUT_SELECT"],
        r#""ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}"#, r#""ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}, "StringEquals": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}"#;
    "s3-prefix-in-negative-context", Warning, "s3:prefix in a Deny with a positive operator (or an Allow with a negated one): a shorter prefix bypasses it.", ["S3_PREFIX_IN_NEGATIVE_CONTEXT"],
        r#"{"Effect": "Deny", "Action": "s3:ListBucket", "Condition": {"StringLike": {"s3:prefix": "private/*"}}}"#, r#"{"Effect": "Deny", "Action": "s3:ListBucket", "Condition": {"StringNotLike": {"s3:prefix": "public/*"}}}"#;
    "allow-with-unsupported-tag-key", Information, "An Allow conditioned on a tag key (aws:ResourceTag, aws:RequestTag, aws:TagKeys) that some of its actions do not support: those actions are never allowed by it.", ["ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"],
        r#"{"Effect": "Allow", "Action": ["ec2:StartInstances", "s3:ListAllMyBuckets"], "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}"#, r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}"#;
    "deny-with-unsupported-tag-key", Warning, "A Deny conditioned on a tag key that some of its actions do not support: those actions are not denied.", ["DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"],
        r#"{"Effect": "Deny", "Action": ["ec2:TerminateInstances", "s3:DeleteBucket"], "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}}"#, r#"{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}}"#;
    "principal-wildcard", Error, "A wildcard inside a principal value (`arn:aws:iam::1:role/*`, `*.amazonaws.com`): only a lone \"*\" is accepted.", ["UNSUPPORTED_WILDCARD_IN_PRINCIPAL"],
        r#""Principal": {"AWS": "arn:aws:iam::123456789012:role/app-*"}"#, r#""Principal": {"AWS": "123456789012"}, "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/app-*"}}"#;
    "principal-unique-id", Warning, "An IAM role or user unique ID (AROA..., AIDA...) as a principal: it stops matching when the role or user is recreated; use the ARN.", ["INVALID_ROLE_REFERENCE", "INVALID_USER_REFERENCE"],
        r#""Principal": {"AWS": "AROA1234567890EXAMPLE"}"#, r#""Principal": {"AWS": "arn:aws:iam::123456789012:role/app"}"#;
    "not-principal-in-trust-policy", Error, "A role trust policy may not use NotPrincipal.", ["ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL"],
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/admin"}, "Action": "sts:AssumeRole"}"#, r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/admin"}, "Action": "sts:AssumeRole"}"#;
    "wildcard-principal-in-trust-policy", Error, "\"Principal\": \"*\" in a role trust policy.", ["ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL"],
        r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#, r#"{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}"#;
    "federated-principal-not-supported", Error, "A federated identity provider in a resource-based policy other than a role trust policy.", ["FEDERATED_PRINCIPAL_NOT_SUPPORTED"],
        r#"{"Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#, r#"{"Principal": {"AWS": "arn:aws:iam::123456789012:role/web"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#;
    "principal-type-not-supported", Error, "A CanonicalUser principal outside Amazon S3's policies: only S3 names an account by its canonical user ID.", ["UNSUPPORTED_PRINCIPAL"],
        r#"{"Principal": {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, "Action": "kms:Decrypt", "Resource": "*"}"#, r#"{"Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "*"}"#;
    "mismatched-action-for-principal", Error, "sts:AssumeRoleWithSAML without a SAML provider principal, or sts:AssumeRoleWithWebIdentity without an OIDC provider.", ["MISMATCHED_ACTION_FOR_PRINCIPAL"],
        r#"{"Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/corp"}, "Action": "sts:AssumeRoleWithWebIdentity"}"#, r#"{"Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/corp"}, "Action": "sts:AssumeRoleWithSAML"}"#;
    "roles-anywhere-missing-actions", Error, "A trust in rolesanywhere.amazonaws.com that does not allow all of sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession.", ["MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY"],
        r#"{"Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": "sts:AssumeRole"}"#, r#"{"Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]}"#;
    "redundant-session-principal", Information, "An assumed-role session principal listed next to its role, which already covers it.", ["REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY"],
        r#""AWS": ["arn:aws:iam::123456789012:role/app", "arn:aws:sts::123456789012:assumed-role/app/job"]"#, r#""AWS": "arn:aws:iam::123456789012:role/app""#;
    "missing-action-for-condition-key", Error, "A trust policy conditions on session tags, a source identity or a context that the caller can only set with sts:TagSession, sts:SetSourceIdentity or sts:SetContext, which it does not allow.", ["MISSING_ACTION_FOR_CONDITION_KEY"],
        r#"{"Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:SourceIdentity": "alice"}}}"#, r#"{"Action": ["sts:AssumeRole", "sts:SetSourceIdentity"], "Condition": {"StringEquals": {"sts:SourceIdentity": "alice"}}}"#;
    "condition-key-not-for-service-principal", Error, "A statement for service principals only, conditioned on a key that service principals never carry (aws:PrincipalOrgID, aws:PrincipalTag/...).", ["UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL"],
        r#"{"Principal": {"Service": "cloudfront.amazonaws.com"}, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}"#, r#"{"Principal": {"Service": "cloudfront.amazonaws.com"}, "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1"}}}"#;
    "service-principal-without-source", Warning, "A resource-based policy grants a service principal access with no condition at all: any account's use of the service can reach the resource (confused deputy).", ["RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"],
        r#"{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}"#, r#"(add "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:topic"}})"#;
    "service-principal-source-key", Information, "A service principal restricted by other keys than aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths, which AWS recommends.", ["RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL"],
        r#"{"Principal": {"Service": "cloudtrail.amazonaws.com"}, "Condition": {"StringLike": {"aws:Referer": "x"}}}"#, r#"{"Principal": {"Service": "cloudtrail.amazonaws.com"}, "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}"#;
    "rcp-syntax", Error, "Grammar a resource control policy does not accept: NotAction, NotPrincipal, a Principal other than \"*\", an unsupported service, or an Allow that is not unconditional on \"*\".", ["RCP_SYNTAX_ERROR_ALLOW", "RCP_SYNTAX_ERROR_ACTION", "RCP_SYNTAX_ERROR_NOTACTION", "RCP_SYNTAX_ERROR_PRINCIPAL"],
        r#"{"Effect": "Deny", "Principal": {"AWS": "*"}, "NotAction": "s3:GetObject", "Resource": "*"}"#, r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*"}"#;
    "rcp-missing-related-condition-key", Warning, "An RCP Deny on principal keys that does not exempt AWS services, or on source keys that is not limited to AWS services and requests carrying the key.", ["RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY", "RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY", "RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK"],
        r#""StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1"}"#, r#""StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}"#;
    "redundant-statement", Information, "A statement that repeats another one (same effect, principals, actions, resources and conditions).", ["REDUNDANT_STATEMENT"],
        r#"[{"Sid": "A", "Effect": "Allow", ...}, {"Sid": "B", (the same)}]"#, r#"[{"Sid": "A", "Effect": "Allow", ...}]"#;
    "cfn-sub-policy-variable", Error, "An IAM policy variable inside CloudFormation's Fn::Sub written ${aws:username}: CloudFormation tries to resolve it and rejects the template. Write ${!aws:username}.", [],
        r#"Resource: !Sub "arn:${AWS::Partition}:s3:::bucket/${aws:username}/*""#, r#"Resource: !Sub "arn:${AWS::Partition}:s3:::bucket/${!aws:username}/*""#;
    "unknown-managed-policy", Warning, "A SAM Policies entry names an AWS managed policy that does not exist (as of the bundled list).", [],
        r#"Policies: [AmazonS3ReadOnlyAcess]"#, r#"Policies: [AmazonS3ReadOnlyAccess]"#;
    "unknown-sam-policy-template", Error, "A SAM Policies entry uses a policy template that SAM does not have.", [],
        r#"Policies: [{S3ReedPolicy: {BucketName: b}}]"#, r#"Policies: [{S3ReadPolicy: {BucketName: b}}]"#;
    "sam-policy-template-parameter", Error, "A SAM policy template is missing a parameter it needs, or is given one it does not take.", [],
        r#"Policies: [{S3ReadPolicy: {}}]"#, r#"Policies: [{S3ReadPolicy: {BucketName: b}}]"#;
}
