//! Hover fixtures.

use super::hover::hover;
use crate::ide::fixture::cursor;
use crate::syntax::parse;

fn hover_at(fixture: &str) -> Option<String> {
    let (text, offset) = cursor(fixture);
    let parse = parse(&text);
    hover(&parse, offset, None).map(|h| h.markdown)
}

#[test]
fn action() {
    let md = hover_at(r#"{"Statement": [{"Action": "logs:Put$0LogEvents"}]}"#).unwrap();
    assert!(md.contains("**logs:PutLogEvents** · Write"), "{md}");
    assert!(
        md.contains("log-stream") && md.contains("(required)"),
        "{md}"
    );
    assert!(md.contains("API_PutLogEvents.html"), "{md}");
    // A long list of condition keys is cut to what fits a screen, with the link for the rest.
    let md = hover_at(r#"{"Statement": [{"Action": "sts:AssumeRoleWith$0WebIdentity"}]}"#).unwrap();
    assert!(md.contains("more in the [reference]("), "{md}");
    assert!(md.lines().count() < 25, "{md}");
}

#[test]
fn wildcard_counts_and_groups() {
    let md = hover_at(r#"{"Statement": [{"Action": "s3:Get$0*"}]}"#).unwrap();
    let n = crate::catalog::count_matches("s3:Get*");
    assert!(md.contains(&format!("grants **{n}** actions")), "{md}");
    // Every action it grants, GetObject included (it once stopped at the 25th, before it), the
    // prefix said once.
    assert!(
        md.contains(&format!("**Read** ({n})")) && md.contains("`GetAccelerateConfiguration`"),
        "{md}"
    );
    assert!(
        md.contains("`GetObject`") && md.contains("actions of s3"),
        "{md}"
    );
    assert_eq!(md.matches('`').count(), 2 * n, "{md}");
    assert!(!md.contains("more"), "{md}");
    // A really huge one is cut, saying how many are left and where to see them.
    let md = hover_at(r#"{"Statement": [{"Action": "ec2:$0*"}]}"#).unwrap();
    assert!(md.contains("more (`iam-policy-ls expand 'ec2:*'`"), "{md}");
    assert!(md.matches("`, `").count() < 400, "{md}");
    let md = hover_at(r#"{"Statement": [{"Action": "$0*"}]}"#).unwrap();
    assert!(md.contains("every service"), "{md}");
}

#[test]
fn condition_operator_and_key() {
    let md = hover_at(
        r#"{"Statement": [{"Condition": {"StringLike$0IfExists": {"aws:SourceIp": "x"}}}]}"#,
    )
    .unwrap();
    assert!(md.contains("wildcards") && md.contains("IfExists"), "{md}");
    let md = hover_at(
        r#"{"Statement": [{"Condition": {"IpAddress": {"aws:Source$0Ip": "10.0.0.0/8"}}}]}"#,
    )
    .unwrap();
    assert!(
        md.contains("IPAddress") && md.contains("global condition key"),
        "{md}"
    );
    let md = hover_at(
        r#"{"Statement": [{"Condition": {"StringEquals": {"aws:RequestTag/te$0am": "x"}}}]}"#,
    )
    .unwrap();
    assert!(md.contains("aws:RequestTag/${TagKey}"), "{md}");
}

#[test]
fn arn_resource_type() {
    let md = hover_at(r#"{"Statement": [{"Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:$0s"}]}"#).unwrap();
    assert!(
        md.contains("log-stream") && md.contains("us-east-1"),
        "{md}"
    );
}

#[test]
fn elements_and_values() {
    assert!(
        hover_at(r#"{"Ver$0sion": "2012-10-17"}"#)
            .unwrap()
            .contains("policy language version")
    );
    assert!(
        hover_at(r#"{"Version": "2012-$010-17"}"#)
            .unwrap()
            .contains("policy variables")
    );
    assert!(
        hover_at(r#"{"Statement": [{"Effect": "De$0ny"}]}"#)
            .unwrap()
            .contains("overrides")
    );
    assert!(hover_at(r#"{"Statement": [{"Sid": "x$0"}]}"#).is_none());
}

/// A principal says what it is: a service, a role, an account, a provider, or anyone.
#[test]
fn principals_say_what_they_are() {
    let at = |principal: &str| {
        hover_at(&format!(r#"{{"Statement": [{{"Effect": "Allow", "Principal": {principal}, "Action": "sts:AssumeRole"}}]}}"#))
            .unwrap_or_default()
    };
    assert!(at(r#"{"Service": "lambda.amaz$0onaws.com"}"#).contains("AWS Lambda"));
    let role = at(r#"{"AWS": "arn:aws:iam::123456789012:role/ops/Dep$0loy"}"#);
    assert!(
        role.contains("IAM role **Deploy**") && role.contains("123456789012"),
        "{role}"
    );
    let account = at(r#"{"AWS": "1234567$089012"}"#);
    assert!(
        account.contains("AWS account **123456789012**"),
        "{account}"
    );
    assert!(at(r#"{"AWS": "arn:aws:iam::123456789012:ro$0ot"}"#).contains("AWS account"));
    assert!(at(r#""$0*""#).contains("Anyone"));
    assert!(at(r#"{"AWS": "$0*"}"#).contains("Any AWS principal"));
    let oidc = at(
        r#"{"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.git$0hubusercontent.com"}"#,
    );
    assert!(
        oidc.contains("OpenID Connect provider **token.actions.githubusercontent.com**"),
        "{oidc}"
    );
    assert!(at(r#"{"Federated": "accounts.goo$0gle.com"}"#).contains("Google"));
}
