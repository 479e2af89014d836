//! End to end, templates: the real binary over stdio with a CloudFormation YAML template and its
//! JSON twin open, as an editor drives it: diagnostics at the right places, completion of an
//! action in a YAML value, hover, and a quick fix whose edit leaves valid YAML.

mod common;

use common::*;
use serde_json::{Value, json};

const TEMPLATE: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: app\nResources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: app\n          PolicyDocument:\n            Version: \"2012-10-17\"\n            Statement:\n              - Effect: Alow\n                Action:\n                  - s3:GetObjekt\n                  - logs:Put\n                Resource: \"*\"\n";

fn codes_at(diags: &[Value], text: &str) -> Vec<(String, String)> {
    diags
        .iter()
        .map(|d| {
            let r = byte_range(text, &d["range"], true);
            (
                d["code"].as_str().unwrap_or("").to_string(),
                text[r].to_string(),
            )
        })
        .collect()
}

#[test]
fn a_yaml_template_gets_diagnostics_in_place() {
    let mut c = Client::start();
    let u = uri("stack/template.yaml");
    c.open_as(&u, "yaml", 1, TEMPLATE);
    let diags = c.diagnostics_for_version(&u, 1);
    let found = codes_at(&diags, TEMPLATE);
    assert!(
        found.contains(&("invalid-effect".into(), "Alow".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("unknown-action".into(), "s3:GetObjekt".into())),
        "{found:?}"
    );
    assert!(found.iter().any(|(_, t)| t == "logs:Put"), "{found:?}");
    // Nothing outside the policies: the Description, the resource's Type are the YAML server's.
    assert!(
        found.iter().all(|(_, t)| !t.contains("Description")),
        "{found:?}"
    );
}

#[test]
fn completion_and_hover_in_a_yaml_template() {
    let mut c = Client::start();
    let u = uri("stack/template.yaml");
    c.open_as(&u, "yaml", 1, TEMPLATE);
    c.diagnostics_for_version(&u, 1);
    let (l, ch) = find_pos(TEMPLATE, "logs:Put\n", "logs:Put".len());
    let items = completion_items(&c.completion(&u, l, ch).unwrap());
    let item = items
        .iter()
        .find(|i| i["label"] == "logs:PutLogEvents")
        .unwrap_or_else(|| panic!("no logs:PutLogEvents in {items:#?}"));
    // A plain YAML scalar: the item replaces the word, with no JSON quotes.
    let new_text = item["textEdit"]["newText"]
        .as_str()
        .unwrap_or(item["insertText"].as_str().unwrap_or(""));
    assert_eq!(new_text, "logs:PutLogEvents", "{item:#}");

    let (l, ch) = find_pos(TEMPLATE, "sts:AssumeRole", 5);
    let hover = c.hover(&u, l, ch).unwrap();
    let md = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.contains("AssumeRole"), "{hover:#}");
}

#[test]
fn a_quick_fix_in_yaml_leaves_valid_yaml() {
    let mut c = Client::start();
    let u = uri("stack/template.yaml");
    c.open_as(&u, "yaml", 1, TEMPLATE);
    let diags = c.diagnostics_for_version(&u, 1);
    let at = find_pos(TEMPLATE, "GetObjekt", 2);
    let fix = quick_fix(&mut c, &u, &diags, at, "Change to \"s3:GetObject\"");
    let mut text = TEMPLATE.to_string();
    for e in fix["edit"]["changes"][u.as_str()].as_array().unwrap() {
        apply_edit(&mut text, e, true);
    }
    assert!(
        text.contains("                  - s3:GetObject\n"),
        "{text}"
    );
    let changes = vec![json!({ "range": range(0, 0, 99, 0), "text": text })];
    c.change(&u, 2, changes);
    let after = c.diagnostics_for_version(&u, 2);
    // Still valid YAML: no syntax error inside the policy, and the misspelling is gone.
    assert!(
        after.iter().all(|d| d["code"] != "json-syntax"),
        "{after:#?}"
    );
    assert!(
        after.iter().all(|d| d["code"] != "unknown-action"
            || !d["message"].as_str().unwrap_or("").contains("GetObjekt")),
        "{after:#?}"
    );
}

#[test]
fn the_json_template_is_read_too_and_plain_yaml_is_left_alone() {
    let mut c = Client::start();
    let json_template = "{\n  \"Resources\": {\n    \"P\": {\n      \"Type\": \"AWS::IAM::ManagedPolicy\",\n      \"Properties\": {\n        \"PolicyDocument\": {\n          \"Version\": \"2012-10-17\",\n          \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjekt\", \"Resource\": \"*\"}]\n        }\n      }\n    }\n  }\n}\n";
    let u = uri("stack/template.json");
    c.open(&u, 1, json_template);
    let found = codes_at(&c.diagnostics_for_version(&u, 1), json_template);
    assert!(
        found.contains(&("unknown-action".into(), "\"s3:GetObjekt\"".into())),
        "{found:?}"
    );

    let workflow = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo s3:GetObjekt\n";
    let w = uri(".github/workflows/ci.yaml");
    c.open_as(&w, "yaml", 1, workflow);
    assert_eq!(c.diagnostics_for_version(&w, 1), Vec::<Value>::new());
    let r = c.completion(&w, 6, 20).unwrap();
    assert!(r.is_null(), "{r}");
}

/// A template of about `bytes` bytes: `TEMPLATE`'s role (with its three mistakes) first, then
/// copies of a clean role.
fn huge_template(bytes: usize) -> String {
    let mut t = TEMPLATE.to_string();
    let mut i = 0;
    while t.len() < bytes {
        t.push_str(&format!(
            "  Role{i}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n"
        ));
        i += 1;
    }
    t
}

#[test]
fn a_5_mb_template_is_checked_and_edited_in_place() {
    let mut c = Client::start();
    let u = uri("stack/huge.yaml");
    let text = huge_template(5 << 20);
    c.open_as(&u, "yaml", 1, &text);
    let found = codes_at(&c.diagnostics_for_version(&u, 1), &text);
    assert!(
        found.contains(&("invalid-effect".into(), "Alow".into())),
        "{found:?}"
    );
    // Fixing the effect: the keystroke's diagnostics no longer have it, the others stay.
    let (l, ch) = find_pos(&text, "Alow", 2);
    c.change(
        &u,
        2,
        vec![json!({"range": {"start": {"line": l, "character": ch}, "end": {"line": l, "character": ch}}, "text": "l"})],
    );
    let fixed = text.replacen("Alow", "Allow", 1);
    let found = codes_at(&c.diagnostics_for_version(&u, 2), &fixed);
    assert!(
        found.iter().all(|(code, _)| code != "invalid-effect"),
        "{found:?}"
    );
    assert!(
        found.contains(&("unknown-action".into(), "s3:GetObjekt".into())),
        "{found:?}"
    );
}

#[test]
fn a_template_over_the_limit_gets_a_note_not_a_stall() {
    let mut c = Client::start();
    let u = uri("stack/generated.yaml");
    let text = huge_template(17 << 20);
    c.open_as(&u, "yaml", 1, &text);
    let note = c.wait_for("the note", std::time::Duration::from_secs(30), |c| {
        c.drain();
        c.notifications
            .iter()
            .find(|m| m["method"] == "window/showMessage")
            .cloned()
    });
    let message = note["params"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("not checked"), "{message}");
    assert!(message.contains("16 MB"), "{message}");
    // No policy features there, and the server still answers.
    assert!(c.diagnostics_for_version(&u, 1).is_empty());
    c.assert_alive();
}

/// ARNs in the template's idiom: an `!Sub` of the pseudo parameters (YAML) or an `Fn::Sub`
/// object (JSON), which, accepted, leaves a template whose policy has no error.
#[test]
fn arn_completion_in_the_templates_idiom() {
    let yaml = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Action: logs:PutLogEvents\n            Resource: arn:aws:lo\n";
    let json = "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"P\": {\"Type\": \"AWS::IAM::ManagedPolicy\", \"Properties\": {\"PolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"logs:PutLogEvents\", \"Resource\": \"arn:aws:lo\"}]}}}}}";
    for (name, language, text, written) in [
        (
            "t.yaml",
            "yaml",
            yaml,
            "!Sub \"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:LogGroupName:log-stream:LogStreamName\"\n",
        ),
        (
            "t.json",
            "json",
            json,
            "{\"Fn::Sub\": \"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:LogGroupName:log-stream:LogStreamName\"}}",
        ),
    ] {
        let mut c = Client::start();
        let u = uri(&format!("stack/{name}"));
        c.open_as(&u, language, 1, text);
        c.diagnostics_for_version(&u, 1);
        let (l, ch) = find_pos(text, "arn:aws:lo", "arn:aws:lo".len());
        let items = completion_items(&c.completion(&u, l, ch).unwrap());
        let item = items
            .iter()
            .find(|i| {
                i["label"]
                    == "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroupName}:log-stream:${LogStreamName}"
            })
            .unwrap_or_else(|| panic!("{name}: no Fn::Sub ARN in {items:#?}"));
        let mut edit = item["textEdit"].clone();
        edit["newText"] = expand_snippet(edit["newText"].as_str().unwrap()).into();
        let mut after = text.to_string();
        apply_edit(&mut after, &edit, true);
        assert!(after.contains(written), "{name}: {after}");
        c.change(&u, 2, vec![json!({"text": after})]);
        let diags = c.diagnostics_for_version(&u, 2);
        assert!(
            diags.iter().all(|d| d["severity"] != 1),
            "{name}: {after}\n{diags:#?}"
        );
    }
}
