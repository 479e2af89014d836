//! End to end: the editor features beyond completion and hover, over stdio against the real
//! binary: code actions (rewrites and source actions), document symbols, folding and selection
//! ranges, inlay hints, code lenses, document links, semantic tokens, formatting and pull
//! diagnostics.

mod common;

use common::*;
use serde_json::{Value, json};

const POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"Logs\",\n      \"Effect\": \"Allow\",\n      \"Action\": [\"logs:PutLogEvents\", \"logs:CreateLogStream\", \"logs:PutLog*\"],\n      \"Resource\": \"arn:aws:logs:us-east-1:123456789012:log-group:${aws:username}\",\n      \"Condition\": { \"StringEquals\": { \"aws:SourceAccount\": \"123456789012\" } }\n    },\n    { \"Effect\": \"Deny\", \"NotAction\": \"s3:GetObjekt\", \"Resource\": \"*\" }\n  ]\n}\n";

fn td(u: &str) -> Value {
    json!({ "uri": u })
}

fn opened() -> (Client, String) {
    let mut c = Client::start();
    let u = uri("policies/features.json");
    c.open(&u, 1, POLICY);
    (c, u)
}

fn apply_all(text: &str, edits: &Value) -> String {
    let mut text = text.to_string();
    let mut edits = edits.as_array().cloned().unwrap_or_default();
    edits.sort_by_key(|e| std::cmp::Reverse(byte_range(&text, &e["range"], true).start));
    for e in &edits {
        apply_edit(&mut text, e, true);
    }
    text
}

#[test]
fn initialize_advertises_every_feature() {
    // Pull diagnostics are offered to clients that pull and accept refresh requests.
    let pulling = json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}});
    let (_c, result) = Client::initialized_with(pulling);
    let caps = &result["capabilities"];
    for key in [
        "documentSymbolProvider",
        "foldingRangeProvider",
        "selectionRangeProvider",
        "inlayHintProvider",
        "codeLensProvider",
        "documentLinkProvider",
        "semanticTokensProvider",
        "documentFormattingProvider",
        "documentRangeFormattingProvider",
        "diagnosticProvider",
    ] {
        assert!(!caps[key].is_null(), "{key} missing: {caps:#}");
    }
    // A client that cannot be told to pull again gets push diagnostics only.
    let (_c, plain) = Client::initialized_with(json!({}));
    assert!(plain["capabilities"]["diagnosticProvider"].is_null());
    let kinds = caps["codeActionProvider"]["codeActionKinds"]
        .as_array()
        .unwrap();
    for k in [
        "quickfix",
        "refactor.rewrite",
        "source.fixAll.iam-policy-ls",
        "source.sortActions",
    ] {
        assert!(kinds.contains(&json!(k)), "{k} not in {kinds:?}");
    }
    let legend = &caps["semanticTokensProvider"]["legend"]["tokenTypes"];
    assert!(
        legend.as_array().unwrap().contains(&json!("namespace")),
        "{legend}"
    );
    assert!(caps["documentOnTypeFormattingProvider"].is_null());
}

#[test]
fn code_actions_rewrite_and_fix_all() {
    let (mut c, u) = opened();
    let (l, ch) = find_pos(POLICY, "logs:PutLog*", 3);
    let r = c
        .request("textDocument/codeAction", json!({ "textDocument": td(&u), "range": range(l, ch, l, ch), "context": { "diagnostics": [], "only": ["refactor"] } }))
        .unwrap();
    let actions = r.as_array().unwrap_or_else(|| panic!("{r}"));
    assert!(
        actions.iter().all(|a| a["kind"] == "refactor.rewrite"),
        "{r:#}"
    );
    let sort = actions
        .iter()
        .find(|a| a["title"] == "Sort actions")
        .unwrap_or_else(|| panic!("{r:#}"));
    let text = apply_all(POLICY, &sort["edit"]["changes"][u.as_str()]);
    assert!(
        text.contains("[\"logs:CreateLogStream\", \"logs:PutLog*\", \"logs:PutLogEvents\"]"),
        "{text}"
    );
    assert!(
        actions.iter().any(|a| a["title"]
            .as_str()
            .unwrap()
            .starts_with("Expand `logs:PutLog*`")),
        "{r:#}"
    );

    // source.fixAll applies the preferred fix of each finding.
    c.diagnostics_for_version(&u, 1);
    let r = c
        .request("textDocument/codeAction", json!({ "textDocument": td(&u), "range": range(0, 0, 0, 0), "context": { "diagnostics": [], "only": ["source.fixAll"] } }))
        .unwrap();
    let fix = &r.as_array().unwrap_or_else(|| panic!("{r}"))[0];
    assert_eq!(fix["kind"], "source.fixAll.iam-policy-ls");
    let text = apply_all(POLICY, &fix["edit"]["changes"][u.as_str()]);
    assert!(text.contains("\"s3:GetObject\""), "{text}");

    // source.sortActions
    let r = c
        .request("textDocument/codeAction", json!({ "textDocument": td(&u), "range": range(0, 0, 0, 0), "context": { "diagnostics": [], "only": ["source.sortActions"] } }))
        .unwrap();
    assert_eq!(r[0]["kind"], "source.sortActions", "{r:#}");
}

#[test]
fn structure_symbols_folding_and_selection() {
    let (mut c, u) = opened();
    let r = c
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": td(&u) }),
        )
        .unwrap();
    let names: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Version", "Statement"]);
    let stmts: Vec<&str> = r[1]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(stmts, ["Logs", "Statement 2"]);
    assert_eq!(r[1]["children"][0]["children"][1]["name"], "Effect");

    let r = c
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": td(&u) }),
        )
        .unwrap();
    let folds: Vec<(u64, u64)> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(folds, [(0, 11), (2, 10), (3, 8)]);

    let (l, ch) = find_pos(POLICY, "logs:CreateLogStream", 5);
    let r = c
        .request(
            "textDocument/selectionRange",
            json!({ "textDocument": td(&u), "positions": [pos(l, ch)] }),
        )
        .unwrap();
    let mut depth = 0;
    let mut node = &r[0];
    let mut last = node;
    while !node.is_null() {
        depth += 1;
        last = node;
        node = &node["parent"];
    }
    assert!(depth >= 7, "{r:#}");
    assert_eq!(last["range"]["start"], pos(0, 0));
}

#[test]
fn inlay_hints_lenses_and_links() {
    let (mut c, u) = opened();
    let r = c
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": td(&u), "range": range(0, 0, 13, 0) }),
        )
        .unwrap();
    let labels: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels[0], "Write");
    assert!(labels.iter().any(|l| l.ends_with(" actions")), "{labels:?}");

    let r = c
        .request("textDocument/codeLens", json!({ "textDocument": td(&u) }))
        .unwrap();
    let titles: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles[0],
        "Identity-based policy: no statement names a Principal"
    );
    assert!(titles[1].starts_with("grants "), "{titles:?}");
    assert!(
        titles[2].starts_with("denies every action except"),
        "{titles:?}"
    );

    let r = c
        .request(
            "textDocument/documentLink",
            json!({ "textDocument": td(&u) }),
        )
        .unwrap();
    let links = r.as_array().unwrap();
    assert!(links.len() >= 4, "{r:#}");
    assert!(links.iter().all(|l| {
        l["target"]
            .as_str()
            .unwrap()
            .starts_with("https://docs.aws.amazon.com/")
    }));
}

#[test]
fn inlay_hints_can_be_switched_off() {
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": { "inlayHints": false } }),
    )
    .unwrap();
    c.notify("initialized", json!({}));
    let u = uri("policies/off.json");
    c.open(&u, 1, POLICY);
    let r = c
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": td(&u), "range": range(0, 0, 13, 0) }),
        )
        .unwrap();
    assert!(r.is_null() || r == json!([]), "{r}");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "iamPolicyLs": { "inlayHints": true } } }),
    );
    let r = c
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": td(&u), "range": range(0, 0, 13, 0) }),
        )
        .unwrap();
    assert!(!r.as_array().unwrap().is_empty(), "{r}");
}

#[test]
fn semantic_tokens_formatting_and_pull_diagnostics() {
    let (mut c, u) = opened();
    let r = c
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": td(&u) }),
        )
        .unwrap();
    let data = r["data"].as_array().unwrap();
    assert_eq!(data.len() % 5, 0);
    // The first token is `logs` (namespace, index 0) on line 6.
    let (l, ch) = find_pos(POLICY, "logs:PutLogEvents", 0);
    assert_eq!(
        &data[..5],
        &[json!(l), json!(ch), json!(4), json!(0), json!(0)]
    );

    let r = c
        .request(
            "textDocument/formatting",
            json!({ "textDocument": td(&u), "options": { "tabSize": 4, "insertSpaces": true } }),
        )
        .unwrap();
    let text = apply_all(POLICY, &r);
    assert!(
        text.starts_with("{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n"),
        "{text}"
    );
    let r = c.request("textDocument/rangeFormatting", json!({ "textDocument": td(&u), "range": range(10, 8, 10, 8), "options": { "tabSize": 2, "insertSpaces": true } })).unwrap();
    assert!(
        r[0]["newText"]
            .as_str()
            .unwrap()
            .contains("\n      \"Effect\": \"Deny\",\n"),
        "{r:#}"
    );
    // A broken document is not formatted.
    let broken = uri("policies/broken.json");
    c.open(
        &broken,
        1,
        "{\"Statement\": [{\"Effect\": \"Allow\" \"Action\": \"*\"}]}",
    );
    let r = c.request("textDocument/formatting", json!({ "textDocument": td(&broken), "options": { "tabSize": 2, "insertSpaces": true } })).unwrap();
    assert!(r.is_null() || r == json!([]), "{r}");

    let pushed = c.diagnostics_for_version(&u, 1);
    let r = c
        .request("textDocument/diagnostic", json!({ "textDocument": td(&u) }))
        .unwrap();
    assert_eq!(r["kind"], "full");
    assert_eq!(r["items"].as_array().unwrap(), &pushed);
    assert!(
        pushed.iter().any(|d| d["code"] == "unknown-action"),
        "{pushed:#?}"
    );
}

/// One channel per client: a client that pulls diagnostics is never pushed them (else every
/// problem shows twice, as it did in VS Code), and is told to pull again when the settings
/// change; a client that does not pull is pushed them.
#[test]
fn a_client_that_pulls_diagnostics_is_not_pushed_them() {
    let pulling = json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}});
    let (mut c, _) = Client::initialized_with(pulling);
    let u = uri("policies/pulled.json");
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}"#;
    c.open(&u, 1, text);
    let r = c
        .request("textDocument/diagnostic", json!({ "textDocument": td(&u) }))
        .unwrap();
    let items = r["items"].as_array().unwrap();
    assert_eq!(
        items
            .iter()
            .filter(|d| d["code"] == "unknown-action")
            .count(),
        1,
        "{r:#}"
    );
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"iamPolicyLs": {"rules": {"unknown-action": "off"}}}}),
    );
    // The server asks the client to pull again, and the pull sees the new settings.
    c.wait_for(
        "a diagnostic refresh",
        std::time::Duration::from_secs(10),
        |c| {
            c.drain();
            c.notifications
                .iter()
                .any(|m| m["method"] == "workspace/diagnostic/refresh")
                .then_some(())
        },
    );
    let r = c
        .request("textDocument/diagnostic", json!({ "textDocument": td(&u) }))
        .unwrap();
    assert!(
        r["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "unknown-action"),
        "{r:#}"
    );
    c.close(&u);
    c.assert_alive();
    assert!(
        c.published.is_empty(),
        "pushed to a pulling client: {:?}",
        c.published.len()
    );
}

/// Action and ARN template items come without documentation (a reply can hold hundreds) and
/// get it from completionItem/resolve, named by their label.
#[test]
fn completion_items_are_documented_on_resolve() {
    let (mut c, u) = opened();
    // Inside "logs:PutLogEvents" on line 6, and inside the ARN on line 7.
    for (line, character, label) in [
        (6, 24, "logs:PutLogEvents"),
        (
            7,
            40,
            "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}",
        ),
    ] {
        let list = c.completion(&u, line, character).unwrap();
        let items = list["items"].as_array().cloned().unwrap_or_default();
        let item = items
            .iter()
            .find(|i| i["label"] == label)
            .unwrap_or_else(|| panic!("no {label} in {list:#}"))
            .clone();
        assert!(item["documentation"].is_null(), "{item:#}");
        let resolved = c.request("completionItem/resolve", item).unwrap();
        let doc = resolved["documentation"]["value"].as_str().unwrap_or("");
        assert!(!doc.is_empty(), "{label}: {resolved:#}");
    }
}

/// After a bare `ec2:` (868 actions) a reply is capped at the best 200 and says it is
/// incomplete, so typing on narrows it on the server: `dinst` finds `DescribeInstances` as an
/// editor's fuzzy filter would. A client that takes LSP 3.17 `itemDefaults` gets each action
/// as its label, kind, detail and sort text only; accepting one writes the label over the
/// default edit range and leaves valid JSON with the action in it.
#[test]
fn long_completion_lists_are_capped_narrowed_and_lean_with_item_defaults() {
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ec2:\", \"Resource\": \"*\"}]}\n";
    let (line, character) = find_pos(text, "ec2:", 4);
    let defaults = json!({ "textDocument": { "completion": { "completionList": { "itemDefaults": ["editRange", "data"] } } } });
    for capabilities in [json!({}), defaults] {
        let lean = capabilities != json!({});
        let (mut c, _) = Client::initialized_with(capabilities);
        let u = uri("policies/bare.json");
        c.open(&u, 1, text);
        let list = c.completion(&u, line, character).unwrap();
        assert_eq!(list["isIncomplete"], true, "{list:#}");
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 200);
        let action = items
            .iter()
            .find(|i| i["label"] == "ec2:AcceptAddressTransfer")
            .unwrap_or_else(|| panic!("no ec2:AcceptAddressTransfer in {list:#}"));
        let edit_range = if lean {
            assert!(
                action["textEdit"].is_null() && action["data"].is_null(),
                "{action:#}"
            );
            assert_eq!(list["itemDefaults"]["data"], 1, "{list:#}");
            list["itemDefaults"]["editRange"].clone()
        } else {
            assert!(list["itemDefaults"].is_null(), "{list:#}");
            assert_eq!(action["data"], 1, "{action:#}");
            action["textEdit"]["range"].clone()
        };
        let mut after = text.to_string();
        apply_edit(
            &mut after,
            &json!({ "range": edit_range, "newText": action["label"] }),
            true,
        );
        let policy: Value = serde_json::from_str(&after).unwrap_or_else(|e| panic!("{e}: {after}"));
        assert_eq!(
            policy["Statement"][0]["Action"],
            "ec2:AcceptAddressTransfer"
        );

        // Typed on: the server narrows the list, by a fuzzy match too.
        let typed = text.replace("ec2:", "ec2:dinst");
        c.change(
            &u,
            2,
            vec![json!({ "range": range(0, 0, 1, 0), "text": typed })],
        );
        let list = c.completion(&u, line, character + 5).unwrap();
        let labels: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["label"].as_str())
            .collect();
        assert!(labels.contains(&"ec2:DescribeInstances"), "{labels:?}");
        assert!(labels.len() < 200, "{labels:?}");
    }
}

/// Quiet outside policies, for every request: an editor that formats on save with the first
/// server that can (Helix does) must not get a `package.json` or a template reformatted.
#[test]
fn json_that_is_no_policy_is_not_formatted_or_folded() {
    let mut c = Client::start();
    let options = json!({ "tabSize": 2, "insertSpaces": true });
    let package = uri("app/package.json");
    c.open(
        &package,
        1,
        "{\"name\":\"x\",\"version\":\"1.0.0\",\"scripts\":{\"test\":\"jest\"}}",
    );
    let template = uri("app/template.json");
    c.open(
        &template,
        1,
        "{\"Resources\": {\"R\": {\"Type\": \"AWS::IAM::ManagedPolicy\", \"Properties\": {\"PolicyDocument\": {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}}}}}",
    );
    let policy = uri("app/policy.json");
    c.open(&policy, 1, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
    for u in [&package, &template] {
        let r = c
            .request(
                "textDocument/formatting",
                json!({ "textDocument": td(u), "options": options }),
            )
            .unwrap();
        assert!(r.is_null() || r == json!([]), "{u}: {r}");
        let r = c
            .request("textDocument/rangeFormatting", json!({ "textDocument": td(u), "options": options, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 40}} }))
            .unwrap();
        assert!(r.is_null() || r == json!([]), "{u}: {r}");
        let r = c
            .request(
                "textDocument/foldingRange",
                json!({ "textDocument": td(u) }),
            )
            .unwrap();
        assert!(r.is_null() || r == json!([]), "{u}: {r}");
    }
    // A policy is formatted.
    let r = c
        .request(
            "textDocument/formatting",
            json!({ "textDocument": td(&policy), "options": options }),
        )
        .unwrap();
    assert!(!r.as_array().is_none_or(Vec::is_empty), "{r}");
}

/// Editor settings are merged over `.iam-policy-ls.toml`, as the editors' documentation says:
/// a rule set in the editor overrides the file's, the file's other rules and policy types still
/// apply, and the editor's ignores add to the file's.
#[test]
fn editor_settings_are_merged_over_the_workspace_file() {
    let root = std::env::temp_dir().join(format!("iam-policy-ls-merge-{}", std::process::id()));
    std::fs::create_dir_all(root.join("trust")).unwrap();
    std::fs::write(
        root.join(".iam-policy-ls.toml"),
        "ignore = [\"vendor/**\"]\n[rules]\n\"missing-version\" = \"error\"\n\"unknown-action\" = \"error\"\n[policy-types]\n\"trust/**\" = \"trust\"\n",
    )
    .unwrap();
    let root_uri = format!("file://{}", root.display());
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({
            "processId": std::process::id(),
            "rootUri": root_uri,
            "capabilities": {},
            "initializationOptions": {"rules": {"unknown-action": "off"}, "ignore": ["generated/**"]},
        }),
    )
    .unwrap();
    c.notify("initialized", json!({}));
    let policy =
        r#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}"#;
    let codes = |c: &mut Client, path: &str| -> Vec<(String, i64)> {
        let u = format!("{root_uri}/{path}");
        c.open(&u, 1, policy);
        c.diagnostics_for_version(&u, 1)
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or("").to_string(),
                    d["severity"].as_i64().unwrap_or(0),
                )
            })
            .collect()
    };
    let found = codes(&mut c, "app.json");
    // The file's rule holds (missing-version raised to an error), the editor's overrides it.
    assert!(found.contains(&("missing-version".into(), 1)), "{found:?}");
    assert!(
        found.iter().all(|(code, _)| code != "unknown-action"),
        "{found:?}"
    );
    // The file's policy type still applies: a trust policy needs a principal.
    let trust = codes(&mut c, "trust/role.json");
    assert!(
        trust.iter().any(|(code, _)| code == "missing-principal"),
        "{trust:?}"
    );
    // Both ignore lists apply.
    let v = codes(&mut c, "vendor/x.json");
    assert!(v.is_empty(), "{v:?}");
    assert!(codes(&mut c, "generated/x.json").is_empty());
    let _ = std::fs::remove_dir_all(&root);
}

/// A mistyped severity or rule in the configuration is shown to the user with a suggestion,
/// from the workspace file at start and from the editor's settings when they change.
#[test]
fn a_mistyped_configuration_is_shown_with_a_suggestion() {
    let root = std::env::temp_dir().join(format!("iam-policy-ls-typo-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join(".iam-policy-ls.toml"),
        "[rules]\n\"unknown-action\" = \"warnin\"\n",
    )
    .unwrap();
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}),
    )
    .unwrap();
    c.notify("initialized", json!({}));
    let shown = |c: &mut Client, needle: &str| {
        let needle = needle.to_string();
        c.wait_for(
            &needle.clone(),
            std::time::Duration::from_secs(10),
            move |c| {
                c.drain();
                c.notifications
                    .iter()
                    .filter(|m| m["method"] == "window/showMessage")
                    .filter_map(|m| m["params"]["message"].as_str())
                    .find(|m| m.contains(&needle))
                    .map(str::to_string)
            },
        )
    };
    let m = shown(&mut c, "did you mean \"warning\"");
    assert!(
        m.contains("unknown-action") && m.contains(".iam-policy-ls.toml"),
        "{m}"
    );
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"rules": {"resource-mismach": "off"}}}),
    );
    shown(&mut c, "did you mean \"resource-mismatch\"");
    let _ = std::fs::remove_dir_all(&root);
}

/// Outside a git repository Helix sends only `rootPath`, and some clients no root at all: the
/// configuration is found from `rootPath`, else as the nearest `.iam-policy-ls.toml` above the
/// document.
#[test]
fn the_configuration_is_found_without_a_root_uri() {
    let root = std::env::temp_dir().join(format!("iam-policy-ls-roots-{}", std::process::id()));
    std::fs::create_dir_all(root.join("policies/deep")).unwrap();
    std::fs::write(
        root.join(".iam-policy-ls.toml"),
        "[rules]\n\"unknown-action\" = \"off\"\n",
    )
    .unwrap();
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}"#;
    for params in [
        json!({"processId": null, "rootUri": null, "rootPath": root.display().to_string(), "capabilities": {}}),
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    ] {
        let mut c = Client::spawn();
        c.request("initialize", params.clone()).unwrap();
        c.notify("initialized", json!({}));
        let u = format!("file://{}/policies/deep/p.json", root.display());
        c.open(&u, 1, policy);
        let diags = c.diagnostics_for_version(&u, 1);
        assert!(
            diags.iter().all(|d| d["code"] != "unknown-action"),
            "{params}: the file's rule is not applied: {diags:#?}"
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}
