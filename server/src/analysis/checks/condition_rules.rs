//! What conditions mean once they are well-formed: operators that reduce to a presence test or
//! to nothing (`Null` with a set qualifier, `"*"` under a Like operator), IP ranges that
//! aws:SourceIp never sees, malformed VPC and KMS key identifiers, redundant numeric bounds, keys
//! that callers can forge or that need a partner key, audience claims under set qualifiers,
//! GitHub subjects with wildcards, DynamoDB attribute filters, s3:prefix in negative logic, and
//! tag keys that the statement's actions do not support.

use super::util::{
    CondKey, ScalarRef, absent_result, condition_keys, has_key, quote_list, remove_condition_key,
};
use crate::analysis::rules::{Example, Rule};
use crate::analysis::{Ctx, Edit, Fix, Sink};
use crate::catalog::{self, arn_pattern_matches_template, has_wildcard};
use crate::policy::{OperatorFamily, SetQualifier, Statement};
use std::net::IpAddr;

pub fn check(ctx: &Ctx, st: &Statement, sink: &mut Sink) {
    let keys = condition_keys(st);
    if keys.is_empty() {
        return;
    }
    for k in &keys {
        let Some(op) = k.op else { continue };
        // Placeholders (`<my-vpc>`) are reported once, as such, not as malformed values.
        let values: Vec<ScalarRef> = k
            .values()
            .into_iter()
            .filter(|v| super::placeholders::placeholder(v.text).is_none())
            .collect();
        if op.family() == OperatorFamily::Null {
            if let Some(q) = op.qualifier {
                sink.report(
                    &NULL_WITH_QUALIFIER,
                    k.op_member.key.range,
                    format!(
                        "\"{}:Null\" on \"{}\" is always {}: Null tests whether the key is present, and the set qualifier makes that moot; use \"Null\" alone, or a String operator with \"{}:\"",
                        q.name(),
                        k.name(),
                        if q == SetQualifier::ForAllValues { "true" } else { "false" },
                        q.name()
                    ),
                );
            }
            continue;
        }
        wildcard_value(st, k, &values, sink);
        if op.family() == OperatorFamily::IpAddress {
            ip_ranges(k, &values, sink);
        }
        if op.family() == OperatorFamily::Numeric {
            numeric_bounds(ctx, k, &values, sink);
        }
        if matches!(op.family(), OperatorFamily::String | OperatorFamily::Arn) {
            vpc_ids(k, &values, sink);
            kms_key_arns(k, &values, sink);
        }
        untrustworthy(k, sink);
        for_all_values_in_allow(st, k, &keys, sink);
        mfa_pattern(st, k, &values, sink);
        audience(k, sink);
        github_subject(k, &values, &keys, sink);
        s3_prefix(st, k, sink);
    }
    paired_keys(&keys, sink);
    dynamodb_attributes(st, &keys, sink);
    tag_keys(st, &keys, sink);
}

/// `"*"` under a Like operator matches any present value, so the condition only tests whether
/// the key is present (or nothing at all).
fn wildcard_value(st: &Statement, k: &CondKey, values: &[ScalarRef], sink: &mut Sink) {
    let Some(op) = k.op else { return };
    if !op.base.wildcards || !values.iter().any(|v| v.text == "*") {
        return;
    }
    let Some(absent) = absent_result(&op) else {
        return;
    };
    // With the key present every value matches "*": positive operators are true, negated false.
    let present = !op.base.negated;
    let (name, op_name) = (k.name(), k.op_name());
    match (present, absent) {
        (true, true) => {
            if let Some(f) = sink.report(
                &CONDITION_ALWAYS_TRUE,
                k.key.key.range,
                format!("\"{name}\" under \"{op_name}\" with \"*\" always matches, present or not: it restricts nothing; remove it"),
            )
                && let Some(fix) = remove_condition_key(st, k.op_member, k.key, &format!("Remove \"{name}\"")) {
                    f.fixes.push(fix);
                }
        }
        (false, false) => {
            sink.report(
                &CONDITION_NEVER_TRUE,
                k.key.key.range,
                format!("\"{name}\" under \"{op_name}\" with \"*\" never matches: the statement never applies; fix the value or remove the statement"),
            );
        }
        (present, _) => {
            let null = if present { "false" } else { "true" };
            let what = if present {
                "only tests that the key is present"
            } else {
                "only matches when the key is absent"
            };
            if let Some(f) = sink.report(
                &CONDITION_EQUIVALENT_TO_NULL,
                k.key.key.range,
                format!("\"{name}\" under \"{op_name}\" with \"*\" {what}: write \"Null\": {{\"{name}\": \"{null}\"}}, which says so"),
            )
                && let Some(fix) = null_fix(st, k, values, null) {
                    f.fixes.push(fix);
                }
        }
    }
}

/// Rewrites `"StringLike": {"k": "*"}` as `"Null": {"k": "false"}` when the operator block
/// holds only this key and the Condition has no Null block yet.
fn null_fix(st: &Statement, k: &CondKey, values: &[ScalarRef], null: &str) -> Option<Fix> {
    let block = k.op_member.value.as_ref()?.as_object()?;
    let ops = st.condition?.value.as_ref()?.as_object()?;
    if block.members.len() != 1 || ops.get("Null").is_some() || values.len() != 1 {
        return None;
    }
    let v = values[0];
    if k.op_member.key.has_escapes || v.escaped {
        return None;
    }
    let value_range = k.key.value.as_ref()?.range();
    Some(Fix {
        title: format!("Change to \"Null\": \"{null}\""),
        edits: vec![
            Edit {
                range: k.op_member.key.content_range(),
                text: "Null".into(),
            },
            Edit {
                range: value_range,
                text: format!("\"{null}\""),
            },
        ],
        preferred: true,
    })
}

/// `ForAllValues:` in an Allow on a key the request may leave out (aws:TagKeys, aws:RequestTag):
/// ForAllValues is true when the key is absent, so the Allow also applies to requests that
/// carry no tags at all. AWS's documentation says to pair it with a `Null` test, or use
/// `ForAnyValue:`. Audience claims have their own rule.
fn for_all_values_in_allow(st: &Statement, k: &CondKey, keys: &[CondKey], sink: &mut Sink) {
    let Some(op) = k.op else { return };
    if !st.is_allow()
        || op.qualifier != Some(SetQualifier::ForAllValues)
        || op.base.negated
        || is_audience_key(k.name())
    {
        return;
    }
    let multivalued = catalog::condition_key(k.name()).is_some_and(|d| d.key_type.is_multivalued());
    if !multivalued {
        return;
    }
    // A `Null` test that the key is present closes the gap.
    let guarded = keys.iter().any(|other| {
        other.is(k.name())
            && other.op.is_some_and(|o| o.family() == OperatorFamily::Null)
            && other.values().iter().any(|v| v.text == "false")
    });
    if guarded {
        return;
    }
    sink.report(
        &FORALLVALUES_IN_ALLOW,
        k.key.key.range,
        format!(
            "\"{}\" in an Allow is also true when the request has no \"{}\": add \"Null\": {{\"{}\": \"false\"}} to the condition, or use \"ForAnyValue:\"",
            k.op_name(),
            k.name(),
            k.name()
        ),
    );
}

/// Conditions on aws:MultiFactorAuthPresent that do not do what they say (Parliament's
/// BAD_PATTERN_FOR_MFA). The key is present only in requests signed with temporary
/// credentials: requests with long-term access keys carry no such key. So an Allow on "false"
/// grants only MFA-less sessions (never long-term keys), and a Deny on "false" without
/// IfExists never applies to long-term keys, which then bypass the MFA requirement.
fn mfa_pattern(st: &Statement, k: &CondKey, values: &[ScalarRef], sink: &mut Sink) {
    let Some(op) = k.op else { return };
    if !k.is("aws:MultiFactorAuthPresent")
        || op.family() != OperatorFamily::Bool
        || op.qualifier.is_some()
        || !values.iter().any(|v| v.text.eq_ignore_ascii_case("false"))
    {
        return;
    }
    if st.is_allow() {
        sink.report(
            &MFA_CONDITION_MISLEADING,
            k.key.key.range,
            "An Allow on \"aws:MultiFactorAuthPresent\": \"false\" grants only sessions without MFA, never requests with long-term access keys (they carry no such key): to require MFA, Allow on \"true\", or Deny with \"BoolIfExists\" on \"false\"",
        );
    } else if !op.if_exists {
        let single = k
            .op_member
            .value
            .as_ref()
            .and_then(|v| v.as_object())
            .is_some_and(|o| o.members.len() == 1);
        if let Some(f) = sink.report(
            &MFA_CONDITION_MISLEADING,
            k.key.key.range,
            "A Deny on \"aws:MultiFactorAuthPresent\": \"false\" without IfExists misses requests made with long-term access keys (they carry no such key), which then go through without MFA: use \"BoolIfExists\"",
        ) && single
            && !k.op_member.key.has_escapes
        {
            f.fixes.push(Fix {
                title: "Change to \"BoolIfExists\"".into(),
                edits: vec![Edit {
                    range: k.op_member.key.content_range(),
                    text: "BoolIfExists".into(),
                }],
                preferred: true,
            });
        }
    }
}

/// An address or CIDR range: the address and the prefix length (the full width when absent).
fn parse_cidr(text: &str) -> Option<(IpAddr, u8, bool)> {
    let (addr, bits) = match text.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    let ip: IpAddr = addr.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let n = match bits {
        Some(b) => b.parse::<u8>().ok().filter(|n| *n <= max)?,
        None => max,
    };
    Some((ip, n, bits.is_some()))
}

/// The network address of `ip/n` (host bits cleared).
fn network(ip: IpAddr, n: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let mask = if n == 0 { 0 } else { u32::MAX << (32 - n) };
            IpAddr::V4((u32::from(v4) & mask).into())
        }
        IpAddr::V6(v6) => {
            let mask = if n == 0 { 0 } else { u128::MAX << (128 - n) };
            IpAddr::V6((u128::from(v6) & mask).into())
        }
    }
}

/// Whether the whole range lies in private address space (RFC 1918, IPv6 unique local).
fn is_private(ip: IpAddr, n: u8) -> bool {
    let inside = |block: IpAddr, len: u8| n >= len && network(ip, len) == block;
    match ip {
        IpAddr::V4(_) => {
            inside("10.0.0.0".parse().unwrap(), 8)
                || inside("172.16.0.0".parse().unwrap(), 12)
                || inside("192.168.0.0".parse().unwrap(), 16)
        }
        IpAddr::V6(_) => inside("fc00::".parse().unwrap(), 7),
    }
}

fn ip_ranges(k: &CondKey, values: &[ScalarRef], sink: &mut Sink) {
    let Some(op) = k.op else { return };
    let parsed: Vec<(&ScalarRef, IpAddr, u8, bool)> = values
        .iter()
        .filter_map(|v| parse_cidr(v.text).map(|(ip, n, cidr)| (v, ip, n, cidr)))
        .collect();
    for (v, ip, n, cidr) in &parsed {
        let net = network(*ip, *n);
        if *cidr && net != *ip {
            let better = format!("{net}/{n}");
            if let Some(f) = sink.report(
                &IP_RANGE_HOST_BITS,
                v.range,
                format!(
                    "The bits of \"{}\" after the first {n} are ignored: write \"{better}\"",
                    v.text
                ),
            ) && v.is_string
                && !v.escaped
            {
                f.fixes.push(Fix {
                    title: format!("Change to \"{better}\""),
                    edits: vec![Edit {
                        range: v.content,
                        text: better,
                    }],
                    preferred: true,
                });
            }
        }
    }
    if !k.is("aws:SourceIp") || parsed.is_empty() {
        return;
    }
    let private: Vec<&str> = parsed
        .iter()
        .filter(|(_, ip, n, _)| is_private(*ip, *n))
        .map(|(v, ..)| v.text)
        .collect();
    if private.is_empty() {
        return;
    }
    let negated = op.base.negated;
    if private.len() == parsed.len() {
        let effect = if negated {
            "so \"NotIpAddress\" always matches and this condition has no effect"
        } else {
            "so this condition never matches"
        };
        sink.report(
            &SOURCE_IP_PRIVATE,
            k.key.key.range,
            format!("aws:SourceIp only holds public addresses and every value here is private ({}), {effect}: list public ranges, or use aws:VpcSourceIp for addresses inside a VPC", quote_list(&private)),
        );
    } else {
        sink.report(
            &SOURCE_IP_PRIVATE_SUBSET,
            k.key.key.range,
            format!("aws:SourceIp only holds public addresses: the private values {} {}; use aws:VpcSourceIp for addresses inside a VPC", quote_list(&private), if negated { "have no effect" } else { "never match" }),
        );
    }
}

/// `vpc-` or `vpce-` followed by 8 or 17 letters and digits.
fn vpc_id_ok(value: &str, prefix: &str) -> bool {
    value.strip_prefix(prefix).is_some_and(|id| {
        (id.len() == 8 || id.len() == 17) && id.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

fn vpc_ids(k: &CondKey, values: &[ScalarRef], sink: &mut Sink) {
    let (prefix, what) = if k.is("aws:SourceVpc") {
        ("vpc-", "VPC")
    } else if k.is("aws:SourceVpce") {
        ("vpce-", "VPC endpoint")
    } else {
        return;
    };
    for v in values {
        if super::util::is_pattern(v.text) || vpc_id_ok(v.text, prefix) {
            continue;
        }
        sink.report(
            &INVALID_VPC_ID,
            v.range,
            format!(
                "\"{}\" is not an ID of a {what}: {} takes \"{prefix}\" followed by 8 or 17 letters and digits (e.g. \"{prefix}1a2b3c4d\")",
                v.text,
                k.name()
            ),
        );
    }
}

/// Keys whose value is the ARN of a KMS key (S3's SSE-KMS key, `...KmsKeyArn` keys).
fn kms_key_key(name: &str) -> bool {
    let Some((prefix, key)) = name.split_once(':') else {
        return false;
    };
    let key = key.to_ascii_lowercase();
    !prefix.eq_ignore_ascii_case("kms")
        && (key == "x-amz-server-side-encryption-aws-kms-key-id"
            || key.ends_with("kmskeyarn")
            || key.ends_with("kmskeyarns"))
}

const KMS_KEY_TEMPLATE: &str = "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}";

fn kms_key_arns(k: &CondKey, values: &[ScalarRef], sink: &mut Sink) {
    if !kms_key_key(k.name()) {
        return;
    }
    for v in values {
        if v.text == "*" || v.text.contains("${") {
            continue;
        }
        if v.text.starts_with("arn:") && arn_pattern_matches_template(v.text, KMS_KEY_TEMPLATE) {
            continue;
        }
        sink.report(
            &INVALID_KMS_KEY_VALUE,
            v.range,
            format!(
                "\"{}\" is not a KMS key ARN: {} holds the key's ARN, \"arn:aws:kms:REGION:ACCOUNT:key/KEY-ID\" (not a key ID or an alias)",
                v.text,
                k.name()
            ),
        );
    }
}

/// Several values under a Numeric bound operator: only the loosest one counts.
fn numeric_bounds(ctx: &Ctx, k: &CondKey, values: &[ScalarRef], sink: &mut Sink) {
    let Some(op) = k.op else { return };
    let greatest = match op.base.name {
        "NumericLessThan" | "NumericLessThanEquals" => true,
        "NumericGreaterThan" | "NumericGreaterThanEquals" => false,
        _ => return,
    };
    if values.len() < 2 {
        return;
    }
    let mut nums: Vec<(f64, &ScalarRef)> = Vec::new();
    for v in values {
        match v.text.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => nums.push((n, v)),
            _ => return,
        }
    }
    let best = nums
        .iter()
        .copied()
        .reduce(|a, b| {
            if (b.0 > a.0) == greatest && b.0 != a.0 {
                b
            } else {
                a
            }
        })
        .map(|(_, v)| v);
    let Some(best) = best else { return };
    let which = if greatest { "greatest" } else { "least" };
    if let Some(f) = sink.report(
        &REDUNDANT_CONDITION_VALUE,
        k.key.key.range,
        format!(
            "Several values under \"{}\" for \"{}\" are redundant: only the {which}, {}, matters; keep it alone",
            k.op_name(),
            k.name(),
            best.text
        ),
    )
        && let Some(v) = &k.key.value {
            let raw = &ctx.text[best.range.as_range()];
            f.fixes.push(Fix {
                title: format!("Keep only {}", best.text),
                edits: vec![Edit {
                    range: v.range(),
                    text: raw.to_string(),
                }],
                preferred: true,
            });
        }
}

/// aws:UserAgent and aws:Referer come from HTTP headers that the caller writes: the global
/// condition keys reference warns against using them to control access.
fn untrustworthy(k: &CondKey, sink: &mut Sink) {
    if k.is("aws:UserAgent") || k.is("aws:Referer") {
        sink.report(
            &UNTRUSTWORTHY_CONDITION_KEY,
            k.key.key.range,
            format!(
                "\"{}\" comes from a header the caller sets and can forge: do not use it to control access (use aws:SourceVpce, aws:SourceIp, aws:PrincipalOrgID or signed identities instead)",
                k.name()
            ),
        );
    }
}

/// Keys that AWS documents as unsafe alone, with the keys that complete them.
const PAIRS: &[(&str, &[&str])] = &[
    (
        "aws:VpcSourceIp",
        &["aws:SourceVpc", "aws:SourceVpce", "aws:SourceVpcArn"],
    ),
    (
        "aws:Ec2InstanceSourcePrivateIPv4",
        &["aws:Ec2InstanceSourceVpc"],
    ),
];

fn paired_keys(keys: &[CondKey], sink: &mut Sink) {
    for (key, partners) in PAIRS {
        let Some(k) = keys.iter().find(|k| k.is(key)) else {
            continue;
        };
        if partners.iter().any(|p| has_key(keys, p)) {
            continue;
        }
        sink.report(
            &MISSING_PAIRED_CONDITION_KEY,
            k.key.key.range,
            format!(
                "\"{}\" alone is overly permissive (private addresses repeat across VPCs): add {} to the same Condition",
                k.name(),
                partners
                    .iter()
                    .map(|p| format!("\"{p}\""))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        );
    }
}

/// The `aud` (audience) claim of an identity provider's token (`accounts.google.com:aud`,
/// `cognito-identity.amazonaws.com:aud`, `<oidc-host>:aud`, `saml:aud`).
pub fn is_audience_key(name: &str) -> bool {
    name.rsplit_once(':')
        .is_some_and(|(p, k)| k.eq_ignore_ascii_case("aud") && !p.eq_ignore_ascii_case("aws"))
}

fn audience(k: &CondKey, sink: &mut Sink) {
    let Some(q) = k.op.and_then(|o| o.qualifier) else {
        return;
    };
    if !is_audience_key(k.name()) {
        return;
    }
    match q {
        SetQualifier::ForAnyValue => {
            sink.report(
                &FORANYVALUE_ON_AUDIENCE_CLAIM,
                k.op_member.key.range,
                format!("\"ForAnyValue:\" on the audience claim \"{}\" can be overly permissive: the claim is single-valued, so remove \"ForAnyValue:\"", k.name()),
            );
        }
        SetQualifier::ForAllValues => {
            sink.report(
                &FORALLVALUES_ON_AUDIENCE_CLAIM,
                k.op_member.key.range,
                format!("The audience claim \"{}\" names who the token is for and is single-valued: confirm that your provider sends one value and remove \"ForAllValues:\"", k.name()),
            );
        }
    }
}

const GITHUB_SUB: &str = "token.actions.githubusercontent.com:sub";
const GITHUB_REF: &str = "token.actions.githubusercontent.com:ref";

/// A wildcard in the GitHub subject lets other repositories or branches assume the role.
fn github_subject(k: &CondKey, values: &[ScalarRef], keys: &[CondKey], sink: &mut Sink) {
    let Some(op) = k.op else { return };
    if !k.is(GITHUB_SUB) || op.base.negated {
        return;
    }
    let has_ref = has_key(keys, GITHUB_REF);
    for v in values {
        if !has_wildcard(v.text) {
            continue;
        }
        // `repo:ORG/REPO:...`: a wildcard after the repository is fine when a ref condition
        // pins the branch.
        let repo_exact = v
            .text
            .strip_prefix("repo:")
            .and_then(|r| r.split_once(':'))
            .is_some_and(|(repo, _)| repo.contains('/') && !has_wildcard(repo));
        if repo_exact && has_ref {
            continue;
        }
        let advice = if repo_exact {
            "name the branch too (\"repo:ORG/REPO:ref:refs/heads/BRANCH\") or add a condition on token.actions.githubusercontent.com:ref"
        } else {
            "name the repository and branch (\"repo:ORG/REPO:ref:refs/heads/BRANCH\")"
        };
        sink.report(
            &GITHUB_SUBJECT_WILDCARD,
            v.range,
            format!("The wildcard in \"{}\" lets more GitHub workflows assume the role than you may intend: {advice}", v.text),
        );
    }
}

/// dynamodb:Attributes only filters requests that name their attributes; without
/// dynamodb:Select = SPECIFIC_ATTRIBUTES a read that names none returns whole items.
fn dynamodb_attributes(st: &Statement, keys: &[CondKey], sink: &mut Sink) {
    if !st.is_allow() {
        return;
    }
    let Some(attrs) = keys.iter().find(|k| k.is("dynamodb:Attributes")) else {
        return;
    };
    let select = keys.iter().any(|k| {
        k.is("dynamodb:Select")
            && k.values()
                .iter()
                .any(|v| v.text.eq_ignore_ascii_case("SPECIFIC_ATTRIBUTES"))
    });
    if !select {
        sink.report(
            &DYNAMODB_ATTRIBUTES_WITHOUT_SELECT,
            attrs.key.key.range,
            "Restricting dynamodb:Attributes without dynamodb:Select = SPECIFIC_ATTRIBUTES lets reads that name no attributes return whole items: add \"StringEquals\": {\"dynamodb:Select\": \"SPECIFIC_ATTRIBUTES\"}",
        );
    }
}

/// s3:prefix in a Deny with a positive operator (or an Allow with a negated one) is bypassed by
/// listing with a shorter prefix.
fn s3_prefix(st: &Statement, k: &CondKey, sink: &mut Sink) {
    let Some(op) = k.op else { return };
    if !k.is("s3:prefix") || op.family() == OperatorFamily::Null {
        return;
    }
    let deny = st.effect_value() == Some("Deny");
    let allow = st.is_allow();
    let negated = op.base.negated;
    if (deny && !negated) || (allow && negated) {
        sink.report(
            &S3_PREFIX_IN_NEGATIVE_CONTEXT,
            k.key.key.range,
            format!("s3:prefix under \"{}\" in a{} statement does not block listing those objects: a request with a shorter prefix does not match and lists them anyway; use StringLike in an Allow, or StringNotLike in a Deny", k.op_name(), if deny { " Deny" } else { "n Allow" }),
        );
    }
}

fn is_tag_key(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("aws:resourcetag/") || n.starts_with("aws:requesttag/") || n == "aws:tagkeys"
}

/// Tag keys are only in the request context of actions that support them: for the others the
/// condition is false, so an Allow grants them nothing and a Deny does not deny them.
fn tag_keys(st: &Statement, keys: &[CondKey], sink: &mut Sink) {
    let deny = match st.effect_value() {
        Some("Allow") => false,
        Some("Deny") => true,
        _ => return,
    };
    let code = if deny {
        &DENY_WITH_UNSUPPORTED_TAG_KEY
    } else {
        &ALLOW_WITH_UNSUPPORTED_TAG_KEY
    };
    for k in keys {
        let Some(op) = k.op else { continue };
        if !is_tag_key(k.name()) || absent_result(&op) != Some(false) {
            continue;
        }
        if st.not_action.is_some() {
            let msg = if deny {
                format!(
                    "Deny with NotAction and \"{}\" does not deny the many actions that do not support this key: list the actions to deny in Action instead",
                    k.name()
                )
            } else {
                format!(
                    "Allow with NotAction and \"{}\" only allows actions that support this key: list the actions in Action instead",
                    k.name()
                )
            };
            sink.report(code, k.key.key.range, msg);
            continue;
        }
        // Exact action names only: a wildcard's expansion mixes supporting and other actions.
        let mut unsupported: Vec<(&str, String)> = Vec::new();
        for lit in st.actions() {
            if has_wildcard(&lit.value) {
                continue;
            }
            let Some(a) = catalog::action(&lit.value) else {
                continue;
            };
            if !a.supports_condition_key(k.name()) {
                unsupported.push((a.service().prefix, a.full_name()));
            }
        }
        if unsupported.is_empty() {
            continue;
        }
        let mut services: Vec<&str> = unsupported.iter().map(|(s, _)| *s).collect();
        services.sort_unstable();
        services.dedup();
        let mut examples: Vec<&str> = unsupported.iter().map(|(_, a)| a.as_str()).collect();
        let more = if examples.len() > 3 { ", ..." } else { "" };
        examples.truncate(3);
        let what = if deny {
            "are not denied by this statement"
        } else {
            "are never allowed by this statement"
        };
        sink.report(
            code,
            k.key.key.range,
            format!(
                "\"{}\" is not in the request context of {}{more} ({}): those actions {what}; move them to a statement without this condition",
                k.name(),
                examples.join(", "),
                services.join(", ")
            ),
        );
    }
}

// The rules this module reports (collected in `crate::registry`).

pub const FORALLVALUES_IN_ALLOW: Rule = Rule {
    code: "forallvalues-in-allow",
    severity: crate::analysis::Severity::Warning,
    summary: "ForAllValues: in an Allow on a multivalued key without a Null check: it is also true when the request has no such key.",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}, "Null": {"aws:TagKeys": "false"}}}"#,
    ),
};

pub const MFA_CONDITION_MISLEADING: Rule = Rule {
    code: "mfa-condition-misleading",
    severity: crate::analysis::Severity::Warning,
    summary: "An MFA condition that does not do what it says: an Allow on aws:MultiFactorAuthPresent \"false\", or a Deny on \"false\" without IfExists (long-term keys carry no such key).",
    access_analyzer: &[],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#,
    ),
};

pub const NULL_WITH_QUALIFIER: Rule = Rule {
    code: "null-with-qualifier",
    severity: crate::analysis::Severity::Information,
    summary: "`Null` under ForAllValues/ForAnyValue is always true/false.",
    access_analyzer: &["NULL_WITH_QUALIFIER"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:Null": {"aws:TagKeys": "false"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"Null": {"aws:TagKeys": "false"}}}"#,
    ),
};

pub const CONDITION_EQUIVALENT_TO_NULL: Rule = Rule {
    code: "condition-equivalent-to-null",
    severity: crate::analysis::Severity::Information,
    summary: "A Like operator with the value \"*\" only tests whether the key is present (or absent): say so with `Null`.",
    access_analyzer: &["EQUIVALENT_TO_NULL_FALSE", "EQUIVALENT_TO_NULL_TRUE"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringLike": {"aws:ResourceTag/team": "*"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"Null": {"aws:ResourceTag/team": "false"}}}"#,
    ),
};

pub const CONDITION_ALWAYS_TRUE: Rule = Rule {
    code: "condition-always-true",
    severity: crate::analysis::Severity::Information,
    summary: "A condition key whose \"*\" value matches whether the key is present or not (IfExists, ForAllValues): it restricts nothing.",
    access_analyzer: &["REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringLikeIfExists": {"aws:ResourceTag/team": "*"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringLikeIfExists": {"aws:ResourceTag/team": "a*"}}}"#,
    ),
};

pub const CONDITION_NEVER_TRUE: Rule = Rule {
    code: "condition-never-true",
    severity: crate::analysis::Severity::Information,
    summary: "A condition key whose \"*\" value can never match (ForAnyValue with a negated Like operator): the statement never applies.",
    access_analyzer: &["REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": "*"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": "temp-*"}}}"#,
    ),
};

pub const IP_RANGE_HOST_BITS: Rule = Rule {
    code: "ip-range-host-bits",
    severity: crate::analysis::Severity::Information,
    summary: "A CIDR range with bits set after the prefix (IAM ignores them): write the network address.",
    access_analyzer: &["IMPROVE_IP_RANGE"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#,
    ),
};

pub const SOURCE_IP_PRIVATE: Rule = Rule {
    code: "source-ip-private",
    severity: crate::analysis::Severity::Error,
    summary: "aws:SourceIp compared only with private ranges: it only holds public addresses, so the condition never matches (IpAddress) or never excludes anything (NotIpAddress).",
    access_analyzer: &["PRIVATE_IP_ADDRESS", "PRIVATE_NOT_IP_ADDRESS"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#,
    ),
};

pub const SOURCE_IP_PRIVATE_SUBSET: Rule = Rule {
    code: "source-ip-private-subset",
    severity: crate::analysis::Severity::Information,
    summary: "aws:SourceIp values include private ranges, which it never holds: use aws:VpcSourceIp for those.",
    access_analyzer: &["PRIVATE_IP_ADDRESS_SUBSET", "PRIVATE_NOT_IP_ADDRESS_SUBSET"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "192.168.1.0/24"]}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}}}"#,
    ),
};

pub const INVALID_VPC_ID: Rule = Rule {
    code: "invalid-vpc-id",
    severity: crate::analysis::Severity::Error,
    summary: "An aws:SourceVpc or aws:SourceVpce value that is not `vpc-`/`vpce-` followed by 8 or 17 letters and digits.",
    access_analyzer: &["INVALID_VPC_FORMAT", "INVALID_VPCE_FORMAT"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-123"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}"#,
    ),
};

pub const INVALID_KMS_KEY_VALUE: Rule = Rule {
    code: "invalid-kms-key-value",
    severity: crate::analysis::Severity::Error,
    summary: "A condition key that holds a KMS key ARN (s3:x-amz-server-side-encryption-aws-kms-key-id, ...KmsKeyArn) compared with something else: a key ID or an alias.",
    access_analyzer: &["INVALID_KMS_KEY_VALUE"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "1234abcd-12ab-34cd-56ef-1234567890ab"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}}"#,
    ),
};

pub const REDUNDANT_CONDITION_VALUE: Rule = Rule {
    code: "redundant-condition-value",
    severity: crate::analysis::Severity::Information,
    summary: "Several values under a Numeric bound operator: only the loosest one matters.",
    access_analyzer: &["REDUNDANT_CONDITION_VALUE_NUM"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", "3600"]}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}"#,
    ),
};

pub const UNTRUSTWORTHY_CONDITION_KEY: Rule = Rule {
    code: "untrustworthy-condition-key",
    severity: crate::analysis::Severity::Warning,
    summary: "aws:UserAgent or aws:Referer used for access control: the caller sets these headers and can forge them.",
    access_analyzer: &["UNTRUSTWORTHY_CONDITION_KEY"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringLike": {"aws:Referer": "https://example.com/*"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}"#,
    ),
};

pub const MISSING_PAIRED_CONDITION_KEY: Rule = Rule {
    code: "missing-paired-condition-key",
    severity: crate::analysis::Severity::Warning,
    summary: "A key that is only safe with a partner key (aws:VpcSourceIp without aws:SourceVpc/aws:SourceVpce).",
    access_analyzer: &["MISSING_PAIRED_CONDITION_KEYS"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}"#,
    ),
};

pub const FORANYVALUE_ON_AUDIENCE_CLAIM: Rule = Rule {
    code: "foranyvalue-on-audience-claim",
    severity: crate::analysis::Severity::Warning,
    summary: "ForAnyValue: on an identity provider's audience (`aud`) claim, which is single-valued, can be overly permissive.",
    access_analyzer: &["FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAnyValue:StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}"#,
    ),
};

pub const FORALLVALUES_ON_AUDIENCE_CLAIM: Rule = Rule {
    code: "forallvalues-on-audience-claim",
    severity: crate::analysis::Severity::Information,
    summary: "ForAllValues: on an identity provider's audience (`aud`) claim: confirm the claim is multivalued, or remove the qualifier.",
    access_analyzer: &["CONFIRM_AUDIENCE_CLAIM_TYPE"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAllValues:StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "app.apps.googleusercontent.com"}}}"#,
    ),
};

pub const GITHUB_SUBJECT_WILDCARD: Rule = Rule {
    code: "github-subject-wildcard",
    severity: crate::analysis::Severity::Warning,
    summary: "A wildcard in token.actions.githubusercontent.com:sub lets more repositories or branches assume the role than intended.",
    access_analyzer: &["SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED"],
    kind: Some(crate::policy::PolicyKind::Trust),
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/*"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main"}}}"#,
    ),
};

pub const DYNAMODB_ATTRIBUTES_WITHOUT_SELECT: Rule = Rule {
    code: "dynamodb-attributes-without-select",
    severity: crate::analysis::Severity::Warning,
    summary: "dynamodb:Attributes restricted without dynamodb:Select = SPECIFIC_ATTRIBUTES: reads that name no attributes return whole items.",
    access_analyzer: &["DYNAMODB_ATTRIBUTES_WITHOUT_SELECT"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}, "StringEquals": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}}"#,
    ),
};

pub const S3_PREFIX_IN_NEGATIVE_CONTEXT: Rule = Rule {
    code: "s3-prefix-in-negative-context",
    severity: crate::analysis::Severity::Warning,
    summary: "s3:prefix in a Deny with a positive operator (or an Allow with a negated one): a shorter prefix bypasses it.",
    access_analyzer: &["S3_PREFIX_IN_NEGATIVE_CONTEXT"],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": "private/*"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringNotLike": {"s3:prefix": "public/*"}}}"#,
    ),
};

pub const ALLOW_WITH_UNSUPPORTED_TAG_KEY: Rule = Rule {
    code: "allow-with-unsupported-tag-key",
    severity: crate::analysis::Severity::Information,
    summary: "An Allow conditioned on a tag key (aws:ResourceTag, aws:RequestTag, aws:TagKeys) that some of its actions do not support: those actions are never allowed by it.",
    access_analyzer: &[
        "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    ],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Allow", "Action": ["ec2:StartInstances", "s3:ListAllMyBuckets"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}"#,
    ),
};

pub const DENY_WITH_UNSUPPORTED_TAG_KEY: Rule = Rule {
    code: "deny-with-unsupported-tag-key",
    severity: crate::analysis::Severity::Warning,
    summary: "A Deny conditioned on a tag key that some of its actions do not support: those actions are not denied.",
    access_analyzer: &[
        "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
    ],
    kind: None,
    bad: Example::Statements(
        r#"{"Effect": "Deny", "Action": ["ec2:TerminateInstances", "s3:ListAllMyBuckets"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}}"#,
    ),
    good: Example::Statements(
        r#"{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}}"#,
    ),
};
