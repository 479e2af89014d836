//! Completion fixtures: a policy with `$0` at the cursor and the items expected there.

use super::*;
use crate::ide::fixture::cursor;
use crate::syntax::parse;

/// Completion labels at the cursor, in the order the client would sort them.
fn labels(fixture: &str) -> Vec<String> {
    items(fixture).into_iter().map(|i| i.label).collect()
}

fn items(fixture: &str) -> Vec<CompletionItem> {
    let (text, offset) = cursor(fixture);
    let parse = parse(&text);
    let mut items = completions(&text, &parse, offset).items;
    items.sort_by(|a, b| a.sort.cmp(&b.sort).then_with(|| a.label.cmp(&b.label)));
    items
}

fn item(fixture: &str, label: &str) -> CompletionItem {
    items(fixture)
        .into_iter()
        .find(|i| i.label == label)
        .unwrap_or_else(|| panic!("no item {label} in {:?}", labels(fixture)))
}

/// Applies an item's edit (ignoring snippet syntax) and returns the new text.
fn apply(fixture: &str, label: &str) -> String {
    let (mut text, _) = cursor(fixture);
    let it = item(fixture, label);
    text.replace_range(it.range.as_range(), &it.insert);
    text
}

#[test]
fn top_level_elements_in_an_empty_object() {
    assert_eq!(labels("{$0}"), ["Version", "Id", "Statement"]);
    assert_eq!(
        labels("{\"Version\": \"2012-10-17\", $0}"),
        ["Id", "Statement"]
    );
}

#[test]
fn statement_elements_not_yet_present() {
    let l = labels(r#"{"Statement": [{"Effect": "Allow", $0}]}"#);
    assert!(
        l.contains(&"Action".to_string()) && !l.contains(&"Effect".to_string()),
        "{l:?}"
    );
    let l = labels(r#"{"Statement": [{"NotAction": "s3:*", "$0"}]}"#);
    assert!(
        !l.contains(&"Action".to_string()),
        "Action conflicts with NotAction: {l:?}"
    );
    // A single statement object instead of an array.
    assert!(labels(r#"{"Statement": {$0}}"#).contains(&"Effect".to_string()));
}

#[test]
fn element_name_inside_a_quoted_key_without_colon_inserts_the_value_too() {
    let after = apply(r#"{"Statement": [{"Eff$0"}]}"#, "Effect");
    assert!(
        after.starts_with(r#"{"Statement": [{"Effect": "#),
        "{after}"
    );
    // With a colon already there only the name is replaced.
    let after = apply(r#"{"Statement": [{"Eff$0": "Allow"}]}"#, "Effect");
    assert_eq!(after, r#"{"Statement": [{"Effect": "Allow"}]}"#);
}

#[test]
fn effect_and_version_values() {
    assert_eq!(
        labels(r#"{"Statement": [{"Effect": "$0"}]}"#),
        ["Allow", "Deny"]
    );
    assert_eq!(
        labels(r#"{"Statement": [{"Effect": $0}]}"#),
        ["Allow", "Deny"]
    );
    assert_eq!(labels(r#"{"Version": "$0"}"#), ["2012-10-17", "2008-10-17"]);
    assert_eq!(
        apply(r#"{"Statement": [{"Effect": $0}]}"#, "Deny"),
        r#"{"Statement": [{"Effect": "Deny"}]}"#
    );
}

#[test]
fn actions_after_a_service_prefix() {
    let fixture = r#"{"Statement": [{"Effect": "Allow", "Action": ["logs:Put$0"]}]}"#;
    let l = labels(fixture);
    assert!(l.contains(&"logs:PutLogEvents".to_string()), "{l:?}");
    assert!(l.iter().all(|x| x.starts_with("logs:")), "{l:?}");
    let it = item(fixture, "logs:PutLogEvents");
    assert_eq!(it.detail.as_deref(), Some("Write"));
    // Documented on resolve, by name.
    assert!(it.documentation.is_none());
    let doc = crate::ide::action_documentation(&it.label).unwrap();
    assert!(doc.contains("log-stream"), "{doc}");
    assert_eq!(
        apply(fixture, "logs:PutLogEvents"),
        r#"{"Statement": [{"Effect": "Allow", "Action": ["logs:PutLogEvents"]}]}"#
    );
}

#[test]
fn actions_without_the_closing_quote() {
    let fixture = "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"logs:Put$0\n}]}";
    assert_eq!(
        apply(fixture, "logs:PutLogEvents"),
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"logs:PutLogEvents\"\n}]}"
    );
}

#[test]
fn actions_match_inside_the_name_case_insensitively() {
    let l = labels(r#"{"Statement": [{"Action": "logs:events$0"}]}"#);
    assert!(
        l.contains(&"logs:PutLogEvents".to_string())
            && l.contains(&"logs:GetLogEvents".to_string()),
        "{l:?}"
    );
}

#[test]
fn service_prefixes_then_wildcards() {
    let l = labels(r#"{"Statement": [{"Action": "clou$0"}]}"#);
    assert!(
        l.contains(&"cloudtrail:".to_string()) && l.contains(&"cloudwatch:".to_string()),
        "{l:?}"
    );
    let it = item(r#"{"Statement": [{"Action": "clou$0"}]}"#, "cloudwatch:");
    assert!(it.retrigger);
    let l = labels(r#"{"Statement": [{"Action": "s3:$0"}]}"#);
    assert_eq!(l[0], "s3:*");
    assert!(l.contains(&"s3:Get*".to_string()) && l.contains(&"s3:GetObject".to_string()));
}

#[test]
fn arn_templates_for_the_statements_actions() {
    let fixture =
        r#"{"Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "$0"}]}"#;
    let l = labels(fixture);
    assert!(l.contains(&"arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}".to_string()), "{l:?}");
    assert!(l.contains(&"*".to_string()));
    let it = item(
        fixture,
        "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}",
    );
    assert!(it.snippet);
    assert_eq!(
        it.insert,
        "arn:${1:aws}:logs:${2:*}:${3:*}:log-group:${4:LogGroupName}:log-stream:${5:LogStreamName}"
    );
}

#[test]
fn typed_arn_parts_narrow_the_templates_and_match_the_filter() {
    let fixture = |typed: &str| {
        format!(
            r#"{{"Statement": [{{"Effect": "Allow", "Action": ["logs:PutLogEvents", "s3:GetObject"], "Resource": "{typed}$0"}}]}}"#
        )
    };
    let services = |typed: &str| {
        let mut s: Vec<String> = items(&fixture(typed))
            .iter()
            .filter(|i| i.kind == CompletionKind::Resource)
            .map(|i| i.label.split(':').nth(2).unwrap_or("").to_string())
            .collect();
        s.dedup();
        s
    };
    // Nothing typed after the partition: templates of both services.
    assert_eq!(services("arn:aws:"), ["logs", "s3"]);
    // A service part keeps the templates of matching services, and the client must ask again.
    assert_eq!(services("arn:aws:s"), ["s3"]);
    assert_eq!(services("arn:aws:lo"), ["logs"]);
    // Another service typed in full: its own resource types, and only those.
    assert_eq!(services("arn:aws:ec2:"), ["ec2"]);
    let (text, offset) = cursor(&fixture("arn:aws:s"));
    assert!(completions(&text, &parse(&text), offset).incomplete);
    // The filter text carries the typed partition, so `arn:aws-cn:s3` matches as typed.
    let it = items(&fixture("arn:aws-cn:s3"))
        .into_iter()
        .find(|i| i.kind == CompletionKind::Resource)
        .unwrap();
    assert!(it.filter.starts_with("arn:aws-cn:s3:"), "{}", it.filter);
}

/// ARNs segment by segment: what was typed is kept, and only what is left becomes tab stops.
#[test]
fn arns_complete_segment_by_segment_keeping_what_was_typed() {
    let fixture = |typed: &str| {
        format!(
            r#"{{"Statement": [{{"Effect": "Allow", "Action": ["logs:PutLogEvents", "s3:GetObject"], "Resource": ["arn:aws:logs:eu-west-1:111122223333:log-group:a", "{typed}$0"]}}]}}"#
        )
    };
    // The issue's case: account typed, so the resource part is all that is left.
    let all = items(&fixture("arn:aws:logs:us-east-1:123456789012:"));
    let stream = all
        .iter()
        .find(|i| i.label.contains(":log-stream:"))
        .expect("a log-stream template");
    assert_eq!(
        stream.insert,
        "arn:aws:logs:us-east-1:123456789012:log-group:${1:LogGroupName}:log-stream:${2:LogStreamName}"
    );
    assert!(
        stream
            .filter
            .starts_with("arn:aws:logs:us-east-1:123456789012:"),
        "{}",
        stream.filter
    );
    assert!(all.iter().all(|i| !i.insert.contains("${2:*}")), "{all:#?}");
    // No S3 template once the service is logs.
    assert!(all.iter().all(|i| !i.label.contains(":s3:")), "{all:#?}");
    // The region: the policy's own first, then any; S3's ARNs take none.
    let regions = labels(&fixture("arn:aws:logs:"));
    assert_eq!(
        regions[..2],
        ["arn:aws:logs:eu-west-1:", "arn:aws:logs:*:"],
        "{regions:?}"
    );
    assert!(labels(&fixture("arn:aws:s3:")).contains(&"arn:aws:s3::".to_string()));
    // The account, the policy's first; a typed partial one narrows it.
    let accounts = labels(&fixture("arn:aws:logs:us-east-1:"));
    assert_eq!(
        accounts[0], "arn:aws:logs:us-east-1:111122223333:",
        "{accounts:?}"
    );
    let accounts = labels(&fixture("arn:aws:logs:us-east-1:9"));
    assert!(
        !accounts.contains(&"arn:aws:logs:us-east-1:111122223333:".to_string()),
        "{accounts:?}"
    );
    // A template keeps the half-typed account as typed.
    let group = item(
        &fixture("arn:aws:logs:us-east-1:9"),
        "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}",
    );
    assert_eq!(
        group.insert,
        "arn:aws:logs:us-east-1:9:log-group:${1:LogGroupName}"
    );
    // In the resource part, the typed type narrows the templates.
    let parts = items(&fixture("arn:aws:logs:us-east-1:123456789012:log-gr"));
    let inserts: Vec<&str> = parts
        .iter()
        .filter(|i| i.kind == CompletionKind::Resource)
        .map(|i| i.insert.as_str())
        .collect();
    assert!(
        inserts.contains(&"arn:aws:logs:us-east-1:123456789012:log-group:${1:LogGroupName}"),
        "{inserts:?}"
    );
    assert!(
        inserts.iter().all(|i| i.contains(":log-group:")),
        "{inserts:?}"
    );
    // Then the partition's own regions, named.
    assert!(
        regions.contains(&"arn:aws:logs:us-east-1:".to_string()),
        "{regions:?}"
    );
    let cn = labels(&fixture("arn:aws-cn:logs:"));
    assert!(
        cn.contains(&"arn:aws-cn:logs:cn-north-1:".to_string()),
        "{cn:?}"
    );
    assert!(
        !cn.contains(&"arn:aws-cn:logs:us-east-1:".to_string()),
        "{cn:?}"
    );
    // The partition first of all.
    let partitions = labels(&fixture("arn:"));
    assert!(
        partitions.starts_with(&["arn:aws:".to_string()]),
        "{partitions:?}"
    );
    assert!(
        partitions.contains(&"arn:aws-us-gov:".to_string()),
        "{partitions:?}"
    );
    // Accepting a segment asks for completion again.
    assert!(item(&fixture("arn:aws:logs:"), "arn:aws:logs:*:").retrigger);
}

#[test]
fn condition_operators_keys_and_values() {
    let ops = labels(r#"{"Statement": [{"Condition": {"$0"}}]}"#);
    for op in [
        "StringEquals",
        "StringLikeIfExists",
        "ForAnyValue:StringLike",
        "Null",
        "Bool",
    ] {
        assert!(ops.contains(&op.to_string()), "{op} missing");
    }
    assert!(!ops.contains(&"NullIfExists".to_string()));
    let keys = labels(
        r#"{"Statement": [{"Action": "s3:GetObject", "Condition": {"StringEquals": {"$0"}}}]}"#,
    );
    let first_global = keys.iter().position(|k| k == "aws:SourceIp").unwrap();
    let s3_key = keys
        .iter()
        .position(|k| k == "s3:ExistingObjectTag/<key>")
        .unwrap();
    assert!(s3_key < first_global, "the actions' own keys come first");
    assert_eq!(
        labels(r#"{"Statement": [{"Condition": {"Bool": {"aws:SecureTransport": "$0"}}}]}"#),
        ["true", "false"]
    );
}

/// A web identity trust statement gets its provider's keys first: the ones its diagnostic asks
/// for (`:sub`, `:aud`), for GitHub's OIDC provider ARN, Google and Cognito alike.
#[test]
fn web_identity_keys_of_the_federated_provider_first() {
    let fixture = |federated: &str| {
        format!(
            r#"{{"Statement": [{{"Effect": "Allow", "Principal": {{"Federated": {federated}}}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {{"StringEquals": {{"$0"}}}}}}]}}"#
        )
    };
    let keys = labels(&fixture(
        r#""arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com""#,
    ));
    assert_eq!(
        keys[..2],
        [
            "token.actions.githubusercontent.com:aud",
            "token.actions.githubusercontent.com:sub"
        ],
        "{keys:?}"
    );
    let keys = labels(&fixture(r#"["accounts.google.com"]"#));
    assert!(
        keys[..3].contains(&"accounts.google.com:sub".to_string()),
        "{keys:?}"
    );
    // The provider's own catalog keys come right after its claims, before other providers'.
    let oaud = keys.iter().position(|k| {
        k == "accounts.google.com:organization_number"
            || k == "accounts.google.com:google/organization_number"
    });
    let other = keys
        .iter()
        .position(|k| k.starts_with("cognito-identity.amazonaws.com:"));
    if let (Some(own), Some(other)) = (oaud, other) {
        assert!(own < other, "{keys:?}");
    }
    let keys = labels(&fixture(r#""cognito-identity.amazonaws.com""#));
    assert!(
        keys[..7].contains(&"cognito-identity.amazonaws.com:amr".to_string()),
        "{keys:?}"
    );
}

#[test]
fn principals() {
    assert_eq!(
        labels(r#"{"Statement": [{"Principal": {"$0"}}]}"#),
        ["AWS", "Service", "Federated", "CanonicalUser"]
    );
    assert!(
        labels(r#"{"Statement": [{"Principal": {"Service": "lam$0"}}]}"#)
            .contains(&"lambda.amazonaws.com".to_string())
    );
    assert_eq!(labels(r#"{"Statement": [{"Principal": $0}]}"#), ["*"]);
}

#[test]
fn policy_variables_in_resources() {
    let l = labels(r#"{"Statement": [{"Resource": "arn:aws:s3:::bucket/${$0"}]}"#);
    assert!(l.contains(&"${aws:username}".to_string()), "{l:?}");
}

#[test]
fn half_written_policies_still_complete() {
    // Missing comma before, unterminated string, no closing brackets.
    let l = labels(
        "{\"Version\": \"2012-10-17\"\n \"Statement\": [{\"Effect\": \"Allow\" \"Action\": \"s3:GetObj$0",
    );
    assert!(l.contains(&"s3:GetObject".to_string()), "{l:?}");
    // Trailing comma and comments.
    let l = labels("{\n// comment\n\"Statement\": [{\"Effect\": \"$0\",},],}");
    assert_eq!(l, ["Allow", "Deny"]);
}

#[test]
fn empty_document_offers_a_skeleton() {
    assert_eq!(labels("$0"), ["IAM policy"]);
}

#[test]
fn nothing_in_unknown_places() {
    assert!(labels(r#"{"Statement": [{"Sid": "$0"}]}"#).is_empty());
    assert!(labels(r#"{"Other": {"x": "$0"}}"#).is_empty());
}
