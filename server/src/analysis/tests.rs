//! The rules against their own examples (each rule's constant carries a document that triggers
//! it and its fixed form), and the finer behaviour of single rules.

use super::*;
use crate::syntax::parse;

/// Wraps statement bodies into a full policy.
fn policy(statements: &str) -> String {
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}")
}

/// The findings in `text`, read as the server and `check` read it: a policy, or a template
/// (JSON or YAML) whose policies are checked in place.
fn read_findings(text: &str, kind: Option<PolicyKind>) -> Vec<Finding> {
    let options = Options {
        kind,
        ..Options::default()
    };
    let host = crate::host::read(text, crate::host::Format::detect("", None, text));
    crate::host::analyze::analyze_document(text, &host, &options).findings
}

/// The codes of [`read_findings`].
fn codes(text: &str, kind: Option<PolicyKind>) -> Vec<&'static str> {
    read_findings(text, kind)
        .into_iter()
        .map(|f| f.code)
        .collect()
}

const OK: &str = r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}"#;

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

/// Every rule of the registry against its own examples: the bad one triggers it (and its
/// findings, with their messages, ranges and fixes, are the snapshot in
/// `snapshots/<code>.txt`; `UPDATE_EXPECT=1` rewrites them), the good one does not.
#[test]
fn every_rule_triggers_on_its_bad_example_and_not_on_its_good_one() {
    let mut failures = Vec::new();
    for rule in crate::registry::RULES {
        let bad = rule.bad.text();
        let found = read_findings(&bad, rule.kind);
        let mine: Vec<&Finding> = found.iter().filter(|f| f.code == rule.code).collect();
        if mine.is_empty() {
            let codes: Vec<&str> = found.iter().map(|f| f.code).collect();
            failures.push(format!(
                "{}: not reported on {bad}\n  got {codes:?}",
                rule.code
            ));
        }
        expect_test::expect_file![format!("snapshots/{}.txt", rule.code)]
            .assert_eq(&snapshot(&bad, &mine));
        let good = rule.good.text();
        let found = read_findings(&good, rule.kind);
        if found.iter().any(|f| f.code == rule.code) {
            failures.push(format!(
                "{}: reported on its good example {good}",
                rule.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What a person sees of `found` in `text`: each finding's place (line:column, 1-based), severity
/// and message, and each fix's title with what it writes where.
fn snapshot(text: &str, found: &[&Finding]) -> String {
    let at = |offset: u32| {
        let before = &text[..offset as usize];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        format!("{line}:{column}")
    };
    let mut out = String::new();
    for f in found {
        out.push_str(&format!(
            "{}-{} {} {}\n",
            at(f.range.start),
            at(f.range.end),
            f.severity.name(),
            f.message
        ));
        for fix in f.all_fixes() {
            out.push_str(&format!("  fix: {}\n", fix.title));
            for e in &fix.edits {
                out.push_str(&format!(
                    "    {}-{} {:?}\n",
                    at(e.range.start),
                    at(e.range.end),
                    e.text
                ));
            }
        }
    }
    out
}

/// Every `Rule` constant in the sources is in the registry (a rule left out would be reported but
/// neither configurable nor documented).
#[test]
fn every_rule_constant_is_in_the_registry() {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                let mut lines = text.lines();
                while let Some(line) = lines.next() {
                    if line.starts_with("pub const ") && line.ends_with(": Rule = Rule {") {
                        let code = lines.next().unwrap().trim();
                        out.push(code["code: \"".len()..code.len() - 2].to_string());
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    found.sort();
    let mut registered: Vec<String> = crate::registry::RULES
        .iter()
        .map(|r| r.code.to_string())
        .collect();
    registered.sort();
    assert_eq!(found, registered);
}

#[test]
fn rule_codes_are_unique() {
    let mut codes: Vec<&str> = crate::registry::RULES.iter().map(|r| r.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(
        codes.len(),
        crate::registry::RULES.len(),
        "duplicate rule codes"
    );
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
    let covered: Vec<&str> = crate::registry::RULES
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
