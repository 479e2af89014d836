//! Host fixtures: templates in YAML and JSON, with `$0` marking the cursor, and the expected
//! findings (with their places and fixes), completions and hovers as a person sees them.

use super::*;
use crate::analysis::{Finding, Options};
use crate::syntax::parse_yaml;
use expect_test::{Expect, expect};

/// Line and column (1-based) of a byte offset.
fn at(text: &str, offset: u32) -> String {
    let before = &text[..offset as usize];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{line}:{col}")
}

fn read_text(text: &str) -> Host {
    read(text, Format::detect("", None, text))
}

fn findings(text: &str) -> Vec<Finding> {
    let host = read_text(text);
    analyze::analyze_host(text, &host, &Options::default(), None).findings
}

/// Each finding as `line:col-line:col severity code: message [the text it points at]`, and
/// each fix as the line it leaves.
fn render(text: &str) -> String {
    let mut out = String::new();
    for f in findings(text) {
        out.push_str(&format!(
            "{}-{} {} {}: {} [{}]\n",
            at(text, f.range.start),
            at(text, f.range.end),
            f.severity.name(),
            f.code,
            f.message,
            &text[f.range.as_range()]
        ));
        for fix in f.all_fixes() {
            let fixed = apply(text, &fix.edits);
            let line_start = text[..f.range.start as usize]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line = fixed[line_start..].lines().next().unwrap_or("");
            out.push_str(&format!("  fix {:?}: {}\n", fix.title, line.trim()));
        }
    }
    out
}

fn check(text: &str, expect: Expect) {
    expect.assert_eq(&render(text));
}

fn apply(text: &str, edits: &[crate::analysis::Edit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range.as_range(), &e.text);
    }
    out
}

/// Every preferred fix, applied: the YAML must still parse, and the finding be gone.
fn fixes_leave_valid_yaml(text: &str) {
    for f in findings(text) {
        for fix in f.all_fixes() {
            let fixed = apply(text, &fix.edits);
            let docs = parse_yaml(&fixed);
            assert!(
                docs.iter().all(|d| d.errors.is_empty()),
                "fix {:?} of {} leaves broken YAML:\n{fixed}",
                fix.title,
                f.code
            );
            let after: Vec<_> = findings(&fixed)
                .into_iter()
                .filter(|g| g.code == f.code && g.range.start == f.range.start)
                .collect();
            assert!(
                after.is_empty() || !fix.preferred,
                "{} stays after {:?}",
                f.code,
                fix.title
            );
        }
    }
}

const ROLE_YAML: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Alow
                Action:
                  - s3:GetObjekt
                  - logs:Put
                Resource: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"
"#;

#[test]
fn a_yaml_role_template() {
    let host = read_text(ROLE_YAML);
    assert_eq!(host.kind, HostKind::CloudFormation);
    assert_eq!(host.policies.len(), 2);
    assert_eq!(host.policies[0].kind, Some(PolicyKind::Trust));
    assert_eq!(host.policies[1].kind, Some(PolicyKind::Identity));
    check(
        ROLE_YAML,
        expect![[r#"
        20:25-20:29 error invalid-effect: Effect must be "Allow" or "Deny" (case-sensitive): did you mean "Allow"? [Alow]
          fix "Change to \"Allow\"": - Effect: Allow
        22:21-22:33 error unknown-action: "GetObjekt" is not an action of s3: did you mean "s3:GetObject"? [s3:GetObjekt]
          fix "Change to \"s3:GetObject\"": - s3:GetObject
        23:21-23:29 warning action-not-in-catalog: "logs:Put" is not in the catalog of 2026-10-27; actions that start with it include "logs:PutLogEvents", "logs:PutDestination" or "logs:PutIndexPolicy" [logs:Put]
          fix "Change to \"logs:PutLogEvents\"": - logs:PutLogEvents
          fix "Change to \"logs:PutDestination\"": - logs:PutDestination
          fix "Change to \"logs:PutIndexPolicy\"": - logs:PutIndexPolicy
    "#]],
    );
    fixes_leave_valid_yaml(ROLE_YAML);
}

#[test]
fn the_same_template_in_json() {
    let text = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "AppRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
        },
        "Policies": [{
          "PolicyName": "app",
          "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Alow", "Action": ["s3:GetObjekt"],
              "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"}}]
          }
        }]
      }
    }
  }
}"#;
    check(
        text,
        expect![[r#"
        15:38-15:44 error invalid-effect: Effect must be "Allow" or "Deny" (case-sensitive): did you mean "Allow"? ["Alow"]
          fix "Change to \"Allow\"": "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt"],
        15:57-15:71 error unknown-action: "GetObjekt" is not an action of s3: did you mean "s3:GetObject"? ["s3:GetObjekt"]
          fix "Change to \"s3:GetObject\"": "Statement": [{"Effect": "Alow", "Action": ["s3:GetObject"],
    "#]],
    );
}

#[test]
fn computed_values_are_never_wrong_and_their_literal_parts_are_checked() {
    let text = r#"AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  Prod: !Equals [!Ref Stage, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:ListBucket
            Resource: !GetAtt Bucket.Arn
          - Effect: Allow
            Action: s3:GetObject
            Resource: !GetAtt Bucket.Arn
          - Effect: Allow
            Action: !If [Prod, s3:GetObject, s3:GetObjekt]
            Resource:
              - !Join ["", ["arn:", !Ref AWS::Partition, ":s3:::", !Ref Bucket, "/*"]]
              - !If [Prod, !Ref AWS::NoValue, !Sub "arn:${AWS::Partition}:s3:::${Bucket}/logs/*"]
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/home/${aws:username}/*"
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId
                aws:PrincipalTag/team: !ImportValue TeamName
"#;
    check(
        text,
        expect![[r#"
        20:46-20:58 error unknown-action: "GetObjekt" is not an action of s3: did you mean "s3:GetObject"? [s3:GetObjekt]
          fix "Change to \"s3:GetObject\"": Action: !If [Prod, s3:GetObject, s3:GetObject]
        26:71-26:86 error cfn-sub-policy-variable: Fn::Sub resolves "${aws:username}" itself and fails: write "${!aws:username}" to pass the IAM policy variable through [${aws:username}]
          fix "Escape it: ${!aws:username}": Resource: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/home/${!aws:username}/*"
    "#]],
    );
}

#[test]
fn a_policy_written_as_a_json_string() {
    let text = r#"Resources:
  LogsPolicy:
    Type: AWS::Logs::ResourcePolicy
    Properties:
      PolicyName: es
      PolicyDocument: |
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "es.amazonaws.com"},
            "Action": ["logs:PutLogEvent", "logs:CreateLogStream"],
            "Resource": "*"
          }]
        }
"#;
    check(
        text,
        expect![[r#"
        11:38-11:56 warning service-principal-without-source: Granting "es.amazonaws.com" access without naming a source lets the service act on behalf of any account: add a condition on aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths ["es.amazonaws.com"]
        12:24-12:42 error unknown-action: "PutLogEvent" is not an action of logs: did you mean "logs:PutLogEvents"? ["logs:PutLogEvent"]
          fix "Change to \"logs:PutLogEvents\"": "Action": ["logs:PutLogEvents", "logs:CreateLogStream"],
    "#]],
    );
}

#[test]
fn serverless_framework_statements() {
    let text = r#"service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - dynamodb:GetItm
          Resource: "*"
"#;
    let host = read_text(text);
    assert_eq!(host.kind, HostKind::Serverless);
    check(
        text,
        expect![[r#"
        9:15-9:30 error unknown-action: "GetItm" is not an action of dynamodb: did you mean "dynamodb:GetItem"? [dynamodb:GetItm]
          fix "Change to \"dynamodb:GetItem\"": - dynamodb:GetItem
    "#]],
    );
}

#[test]
fn a_yaml_policy_and_yaml_that_is_neither() {
    let policy = "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObjekt\n    Resource: '*'\n";
    check(
        policy,
        expect![[r#"
        4:13-4:25 error unknown-action: "GetObjekt" is not an action of s3: did you mean "s3:GetObject"? [s3:GetObjekt]
          fix "Change to \"s3:GetObject\"": Action: s3:GetObject
    "#]],
    );
    let other = "name: build\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n";
    let host = read_text(other);
    assert_eq!(host.kind, HostKind::Other);
    assert!(!host.has_policies());
}

#[test]
fn broken_yaml_keeps_the_policies_around_it() {
    let text = r#"Resources:
  First:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObjekt
            Resource: "*"
  Second:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "s3:PutObject
            Resource: "*"
  Third:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ec2:DescribeInstancez
            Resource: "*"
"#;
    let codes: Vec<_> = findings(text).iter().map(|f| f.code).collect();
    assert!(codes.contains(&"unknown-action"), "{codes:?}");
    let unknown = findings(text)
        .into_iter()
        .filter(|f| f.code == "unknown-action")
        .count();
    assert_eq!(unknown, 2, "{codes:?}");
}

#[test]
fn hover_in_yaml() {
    let host = read_text(ROLE_YAML);
    let offset = ROLE_YAML.find("sts:AssumeRole").unwrap() + 5;
    let p = host.policy_at(offset).expect("a policy there");
    let h = crate::ide::hover(p.parse(), offset, None).expect("a hover");
    assert!(h.markdown.contains("AssumeRole"), "{}", h.markdown);
    assert_eq!(&ROLE_YAML[h.range.as_range()], "sts:AssumeRole");
}

#[test]
fn the_format_comes_from_the_editor_the_extension_or_the_content() {
    assert_eq!(Format::detect("yaml", None, "{}"), Format::Yaml);
    assert_eq!(Format::detect("", Some("a/t.yml"), "{}"), Format::Yaml);
    assert_eq!(
        Format::detect("", Some("t.template"), " {\"a\": 1}"),
        Format::Json
    );
    assert_eq!(Format::detect("", None, "// mine\n{}"), Format::Json);
    assert_eq!(
        Format::detect("", None, "# mine\nResources: {}"),
        Format::Yaml
    );
}

#[test]
fn recognises_policies_among_other_json() {
    let kind = |t: &str| read(t, Format::Json).kind;
    assert_eq!(kind(r#"{"Version": "2012-10-17"}"#), HostKind::Policy);
    assert_eq!(kind(r#"{"Statement": []}"#), HostKind::Policy);
    assert_eq!(
        kind(r#"{"name": "pkg", "version": "1.0.0"}"#),
        HostKind::Other
    );
    assert_eq!(kind(r#"{"compilerOptions": {}}"#), HostKind::Other);
}

/// Completion at a YAML cursor as the server offers it: the IDE's items written for YAML.
fn yaml_completions(fixture: &str) -> (String, Vec<crate::ide::CompletionItem>) {
    let (text, offset) = crate::ide::fixture::cursor(fixture);
    let host = read_text(&text);
    let items = host.policy_at(offset).map_or_else(Vec::new, |p| {
        crate::ide::completions(&text, p.parse(), offset).items
    });
    let items = items
        .into_iter()
        .filter_map(|i| edits::yaml_completion(&text, i))
        .collect();
    (text, items)
}

#[test]
fn completion_after_a_bare_prefix_that_yaml_reads_as_a_key() {
    // `ec2:` and `arn:` at the end of a line are keys to YAML (`{ec2: null}`), but they are
    // what a user has typed of an action or an ARN.
    let statement = |action: &str, resource: &str| {
        format!(
            "Resources:\n  R:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action:{action}\n            Resource:{resource}\n"
        )
    };
    for (fixture, label) in [
        (
            statement("\n              - ec2:$0", " '*'"),
            "ec2:AcceptAddressTransfer",
        ),
        (statement(" ec2:$0", " '*'"), "ec2:AcceptAddressTransfer"),
        (statement(" [ec2:$0]", " '*'"), "ec2:AcceptAddressTransfer"),
        (
            statement(" s3:GetObject", " arn:$0"),
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
        ),
    ] {
        let (text, items) = yaml_completions(&fixture);
        let item = items.iter().find(|i| i.label == label).unwrap_or_else(|| {
            panic!(
                "no {label} in {fixture}: {:?}",
                items.iter().map(|i| &i.label).collect::<Vec<_>>()
            )
        });
        // Accepted, it leaves the action (or ARN) as one plain scalar in valid YAML.
        let mut after = text.clone();
        after.replace_range(item.range.as_range(), &item.insert);
        let host = read_text(&after);
        assert!(
            !host.policies.is_empty() && findings(&after).iter().all(|f| f.code != "json-syntax"),
            "{after}"
        );
        // The typed word is replaced, not repeated.
        assert!(
            !after.contains("ec2:ec2:")
                && !after.contains("Resource: arn:\n")
                && !after.contains("arn:arn:"),
            "{after}"
        );
    }
    // A key that ends the line where an object goes is still a key: after `Service:` come the
    // service principals.
    let (_, items) = yaml_completions(&statement(
        " sts:AssumeRole\n            Principal:\n              Service:$0",
        " '*'",
    ));
    assert!(
        items.iter().any(|i| i.label == "lambda.amazonaws.com"),
        "{:?}",
        items.iter().map(|i| &i.label).collect::<Vec<_>>()
    );
}
