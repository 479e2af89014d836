//! Completion: element names, Effect/Version values, actions, ARN templates, condition operators,
//! keys and values, principals and policy variables.
//!
//! Every item carries the byte range it replaces. Inside a string the range is the string's
//! content (so completing `logs:Put` replaces the whole word, whether or not the closing quote
//! has been typed yet; an unterminated string gets its closing quote); in an empty slot the item
//! inserts a quoted string.

use super::context::{CursorContext, KeyKind, Slot, ValueKind, context_at};
use super::markdown;
use crate::catalog::{self, contains_ci, starts_with_ci};
use crate::policy::{
    CONDITION_OPERATORS, OperatorFamily, PRINCIPAL_KINDS, STATEMENT_ELEMENTS, Statement,
    TOP_LEVEL_ELEMENTS, VERSIONS, parse_operator,
};
use crate::syntax::{Member, Object, Parse, StringLit, TextRange, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Element,
    Value,
    Service,
    Action,
    Wildcard,
    Resource,
    Operator,
    ConditionKey,
    Principal,
    Variable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// Short text beside the label (access level, key type, ...).
    pub detail: Option<String>,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// The text that replaces `range`.
    pub insert: String,
    /// Whether `insert` is an LSP snippet (with `$1` tab stops).
    pub snippet: bool,
    pub range: TextRange,
    /// What the client filters on as the user types (the text the range would start with).
    pub filter: String,
    /// Sort key: items sort by it before the label.
    pub sort: String,
    /// Whether accepting the item should open completion again (a service prefix, an operator).
    pub retrigger: bool,
}

/// The most items a list carries when it is incomplete (narrowed by what was typed, so the
/// client asks again as the user types): the best-ranked ones. A bare `ec2:` matches 868
/// actions, of which an editor shows about ten; one letter more asks again. clangd caps its
/// lists the same way (100 by default).
pub const MAX_ITEMS: usize = 200;

#[derive(Debug, Default)]
pub struct Completions {
    pub items: Vec<CompletionItem>,
    /// True when the server filtered the list by what was typed, so the client must ask again
    /// as the user types more.
    pub incomplete: bool,
}

/// How an item's text goes into the document.
struct Edit {
    range: TextRange,
    /// The cursor is inside a string: insert raw text (plus a closing quote when missing).
    in_string: bool,
    close_quote: bool,
    /// What has been typed so far (string content before the cursor, or a bare word).
    typed: String,
}

impl Edit {
    fn for_value(
        text: &str,
        offset: usize,
        string: Option<&StringLit>,
        scalar: Option<TextRange>,
    ) -> Edit {
        match (string, scalar) {
            (Some(s), _) => {
                let content = s.content_range();
                let typed = text
                    .get(content.start as usize..offset.min(content.end as usize))
                    .unwrap_or("");
                Edit {
                    range: content,
                    in_string: true,
                    close_quote: !s.terminated,
                    typed: typed.to_string(),
                }
            }
            (None, Some(r)) => {
                let typed = text
                    .get(r.start as usize..offset.min(r.end as usize))
                    .unwrap_or("");
                Edit {
                    range: r,
                    in_string: false,
                    close_quote: false,
                    typed: typed.to_string(),
                }
            }
            _ => Edit {
                range: TextRange::new(offset, offset),
                in_string: false,
                close_quote: false,
                typed: String::new(),
            },
        }
    }

    /// A plain string value item.
    fn item(
        &self,
        label: &str,
        kind: CompletionKind,
        detail: Option<String>,
        doc: Option<String>,
        sort: String,
    ) -> CompletionItem {
        let insert = if self.in_string {
            let close = if self.close_quote { "\"" } else { "" };
            concat(&[label, close])
        } else {
            concat(&["\"", label, "\""])
        };
        CompletionItem {
            label: label.to_string(),
            kind,
            detail,
            documentation: doc,
            insert,
            snippet: false,
            range: self.range,
            filter: self.filter(label),
            sort,
            retrigger: false,
        }
    }

    /// The text the client filters an item by: `text` as the user types it here (in quotes
    /// when the cursor is not inside a string).
    fn filter(&self, text: &str) -> String {
        if self.in_string {
            text.to_string()
        } else {
            concat(&["\"", text, "\""])
        }
    }

    /// An item whose insert text is a snippet (already escaped by the caller).
    fn snippet_item(
        &self,
        label: &str,
        snippet: &str,
        kind: CompletionKind,
        detail: Option<String>,
        doc: Option<String>,
        sort: String,
    ) -> CompletionItem {
        let mut item = self.item(label, kind, detail, doc, sort);
        item.insert = if self.in_string {
            format!("{snippet}{}", if self.close_quote { "\"" } else { "" })
        } else {
            format!("\"{snippet}\"")
        };
        item.snippet = true;
        item
    }
}

/// Completions at `offset` of `text` (whose parse is `parse`).
pub fn completions(text: &str, parse: &Parse, offset: usize) -> Completions {
    let ctx = context_at(parse, offset);
    let mut out = Completions::default();
    match &ctx.slot {
        Slot::Key { kind, member } => key_completions(offset, &ctx, *kind, *member, &mut out),
        Slot::Value {
            kind,
            string,
            scalar,
        } => {
            let edit = Edit::for_value(text, offset, *string, *scalar);
            value_completions(parse, &ctx, *kind, &edit, &mut out);
        }
        Slot::Nothing => {
            if parse.root.is_none() {
                // An empty document: offer a policy skeleton.
                out.items.push(CompletionItem {
                    label: "IAM policy".into(),
                    kind: CompletionKind::Element,
                    detail: Some("Version 2012-10-17 with one statement".into()),
                    documentation: None,
                    insert: "{\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": [\n\t\t{\n\t\t\t\"Effect\": \"${1|Allow,Deny|}\",\n\t\t\t\"Action\": \"$2\",\n\t\t\t\"Resource\": \"${3:*}\"\n\t\t}\n\t]\n}".into(),
                    snippet: true,
                    range: TextRange::new(offset, offset),
                    filter: "{".into(),
                    sort: "0".into(),
                    retrigger: false,
                });
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Keys

fn key_completions(
    offset: usize,
    ctx: &CursorContext,
    kind: KeyKind,
    member: Option<&Member>,
    out: &mut Completions,
) {
    let existing: Vec<&str> = ctx
        .object
        .map(|o| {
            o.members
                .iter()
                .filter(|m| member.is_none_or(|cur| !std::ptr::eq(*m, cur)))
                .map(|m| m.key.value.as_str())
                .collect()
        })
        .unwrap_or_default();
    let element = |e: &crate::policy::ElementInfo| {
        (
            e.name.to_string(),
            e.doc.to_string(),
            e.value_snippet.to_string(),
            CompletionKind::Element,
            false,
        )
    };
    let candidates: Vec<(String, String, String, CompletionKind, bool)> = match kind {
        KeyKind::TopLevel => TOP_LEVEL_ELEMENTS.iter().map(element).collect(),
        KeyKind::Statement => STATEMENT_ELEMENTS
            .iter()
            .filter(|e| !conflicts(e.name, &existing))
            .map(element)
            .collect(),
        KeyKind::PrincipalKind => PRINCIPAL_KINDS
            .iter()
            .map(|(k, doc)| {
                (
                    k.to_string(),
                    doc.to_string(),
                    "\"$1\"".to_string(),
                    CompletionKind::Principal,
                    false,
                )
            })
            .collect(),
        KeyKind::ConditionOperator => operator_names()
            .into_iter()
            .map(|(name, doc)| {
                (
                    name,
                    doc,
                    "{\n\t\"$1\": \"$2\"\n}".to_string(),
                    CompletionKind::Operator,
                    true,
                )
            })
            .collect(),
        KeyKind::ConditionKey { operator } => condition_key_candidates(ctx.statement, operator),
        KeyKind::Unknown => Vec::new(),
    };
    let key_range = member.map(|m| m.key.range);
    let quoted = member.is_some_and(|m| m.key.range.len() > m.key.value.len());
    let has_colon = member.is_some_and(|m| m.colon.is_some());
    for (i, (name, doc, value_snippet, ckind, retrigger)) in candidates.into_iter().enumerate() {
        if existing.iter().any(|e| *e == name) {
            continue;
        }
        // Inside a quoted key that already has a colon: replace the name only.
        // Otherwise replace the whole key (or insert at the cursor) with `"Name": value`.
        let (range, insert, snippet, filter) = match (key_range, quoted, has_colon) {
            (Some(_), true, true) => {
                let m = member.unwrap_or_else(|| unreachable!("key_range implies member"));
                let content = m.key.content_range();
                let close = if m.key.terminated { "" } else { "\"" };
                (
                    content,
                    format!("{}{close}", escape_snippet(&name)),
                    false,
                    name.clone(),
                )
            }
            (Some(r), _, _) => (
                r,
                format!("\"{}\": {value_snippet}", escape_snippet(&name)),
                true,
                if quoted {
                    format!("\"{name}\"")
                } else {
                    name.clone()
                },
            ),
            (None, _, _) => (
                TextRange::new(offset, offset),
                format!("\"{}\": {value_snippet}", escape_snippet(&name)),
                true,
                format!("\"{name}\""),
            ),
        };
        out.items.push(CompletionItem {
            label: name.clone(),
            kind: ckind,
            detail: None,
            documentation: Some(doc),
            insert,
            snippet: snippet || !has_colon,
            range,
            filter,
            sort: format!("{i:04}"),
            retrigger: retrigger && !has_colon,
        });
    }
}

/// Elements that may not appear together with ones already present.
fn conflicts(name: &str, existing: &[&str]) -> bool {
    let pairs = [
        ("Action", "NotAction"),
        ("Resource", "NotResource"),
        ("Principal", "NotPrincipal"),
    ];
    pairs
        .iter()
        .any(|(a, b)| (name == *a && existing.contains(b)) || (name == *b && existing.contains(a)))
}

/// Every operator name: base, `IfExists` variants, and the `ForAllValues:`/`ForAnyValue:` forms.
fn operator_names() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for prefix in ["", "ForAnyValue:", "ForAllValues:"] {
        for op in CONDITION_OPERATORS {
            let family_doc = format!("{} ({} comparison)", op.doc, op.family.name());
            if !(prefix.is_empty() || op.family != OperatorFamily::Null) {
                continue;
            }
            out.push((format!("{prefix}{}", op.name), family_doc.clone()));
            if op.family != OperatorFamily::Null {
                out.push((
                    format!("{prefix}{}IfExists", op.name),
                    format!("{family_doc}; also true when the key is absent."),
                ));
            }
        }
    }
    out
}

/// Condition keys for a statement: the keys its actions and resource types support first, then
/// global keys.
fn condition_key_candidates(
    statement: Option<&Object>,
    operator: &str,
) -> Vec<(String, String, String, CompletionKind, bool)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let family = parse_operator(operator).map(|o| o.family());
    let value_snippet = match family {
        Some(OperatorFamily::Bool) | Some(OperatorFamily::Null) => {
            "\"${1|true,false|}\"".to_string()
        }
        _ => "\"$1\"".to_string(),
    };
    // A web identity trust statement: the keys of the provider it names come first, the claims
    // every provider has (`:aud`, `:sub`, ...) written out for it, then the provider's own keys
    // from the catalog (`accounts.google.com:oaud`).
    let providers: Vec<String> = statement.map(federated_providers).unwrap_or_default();
    for provider in &providers {
        for claim in catalog::WEB_IDENTITY_CLAIMS {
            let name = claim.name.replacen("${Provider}", provider, 1);
            if seen.insert(name.to_ascii_lowercase()) {
                out.push((
                    name,
                    markdown::key_doc(claim),
                    value_snippet.clone(),
                    CompletionKind::ConditionKey,
                    false,
                ));
            }
        }
    }
    let provider_keys = out.len();
    if let Some(obj) = statement {
        let st = Statement::from_object(obj, 0);
        for lit in st.actions() {
            catalog::for_each_match(&lit.value, |a| {
                for k in a.all_condition_keys() {
                    if seen.insert(k.to_ascii_lowercase()) {
                        let doc = catalog::condition_key(k)
                            .map(markdown::key_doc)
                            .unwrap_or_default();
                        out.push((
                            k.to_string(),
                            doc,
                            value_snippet.clone(),
                            CompletionKind::ConditionKey,
                            false,
                        ));
                    }
                }
            });
            if out.len() > 400 {
                break;
            }
        }
    }
    // The provider's own catalog keys right after its claims.
    let of_provider = |name: &str| {
        providers.iter().any(|p| {
            name.len() > p.len()
                && name[..p.len()].eq_ignore_ascii_case(p)
                && name[p.len()..].starts_with(':')
        })
    };
    out[provider_keys..].sort_by_key(|(name, ..)| !of_provider(name));
    for k in catalog::global_condition_keys() {
        if seen.insert(k.name.to_ascii_lowercase()) {
            out.push((
                k.name.to_string(),
                markdown::key_doc(k),
                value_snippet.clone(),
                CompletionKind::ConditionKey,
                false,
            ));
        }
    }
    out
}

/// The web identity providers a statement's `Principal.Federated` names, as condition keys
/// prefix them: `accounts.google.com`, `cognito-identity.amazonaws.com`, and for an OIDC
/// provider ARN its host and path (`token.actions.githubusercontent.com`). SAML providers
/// (`:saml-provider/`) have no such keys.
fn federated_providers(statement: &Object) -> Vec<String> {
    let Some(principal) = statement
        .members
        .iter()
        .find(|m| m.key.value == "Principal")
        .and_then(|m| m.value.as_ref())
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in principal
        .members
        .iter()
        .filter(|m| m.key.value == "Federated")
    {
        let values: Vec<&str> = match &m.value {
            Some(Value::String(s)) => vec![s.value.as_str()],
            Some(Value::Array(a)) => a
                .items
                .iter()
                .filter_map(|v| v.as_string().map(|s| s.value.as_str()))
                .collect(),
            _ => Vec::new(),
        };
        for v in values {
            let provider = match v.split_once(":oidc-provider/") {
                Some((_, host)) => host,
                None if v.starts_with("arn:") => continue,
                None => v,
            };
            if provider.contains('.') && !provider.contains(['*', '?', '$']) {
                out.push(provider.to_string());
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Values

fn value_completions(
    parse: &Parse,
    ctx: &CursorContext,
    kind: ValueKind,
    edit: &Edit,
    out: &mut Completions,
) {
    match kind {
        ValueKind::Version => {
            for (i, (v, doc)) in VERSIONS.iter().enumerate() {
                out.items.push(edit.item(
                    v,
                    CompletionKind::Value,
                    None,
                    Some(doc.to_string()),
                    format!("{i}"),
                ));
            }
        }
        ValueKind::Effect => {
            for (i, (v, doc)) in [
                ("Allow", "Grants the access the statement describes."),
                (
                    "Deny",
                    "Denies the access; an explicit deny overrides any allow.",
                ),
            ]
            .iter()
            .enumerate()
            {
                out.items.push(edit.item(
                    v,
                    CompletionKind::Value,
                    None,
                    Some(doc.to_string()),
                    format!("{i}"),
                ));
            }
        }
        ValueKind::Action(_) => action_completions(edit, out),
        ValueKind::Resource(_) => resource_completions(parse, ctx, edit, out),
        ValueKind::Principal(kind) => principal_completions(kind, edit, out),
        ValueKind::ConditionValue { operator, key } => {
            condition_value_completions(operator, key, edit, out)
        }
        ValueKind::Sid | ValueKind::Id | ValueKind::Unknown => {}
    }
}

fn action_completions(edit: &Edit, out: &mut Completions) {
    let typed = edit.typed.as_str();
    out.incomplete = true;
    let Some((svc, name)) = typed.split_once(':') else {
        if typed.is_empty() || "*".starts_with(typed) {
            out.items.push(edit.item("*", CompletionKind::Wildcard, Some("every action".into()), Some("Every action of every service. Grants full administrator access with `Allow`.".into()), "zz".into()));
        }
        // Service prefixes: those starting with what was typed first, then those containing it.
        for s in catalog::services() {
            let rank = if starts_with_ci(s.prefix, typed) {
                0
            } else if contains_ci(s.prefix, typed) || contains_ci(s.name, typed) {
                1
            } else {
                continue;
            };
            let label = format!("{}:", s.prefix);
            let mut item = edit.item(
                &label,
                CompletionKind::Service,
                Some(s.name.to_string()),
                Some(markdown::service_doc(s)),
                format!("{rank}{}", s.prefix),
            );
            // Keep the string open so the user goes on typing the action name.
            item.insert = if edit.in_string {
                label.clone()
            } else {
                format!("\"{label}")
            };
            item.retrigger = true;
            out.items.push(item);
        }
        return;
    };
    let Some(service) = catalog::service(svc) else {
        return;
    };
    // Wildcards first: the whole service, then verb groups that exist in the service.
    let mut verbs: Vec<(&str, usize)> = Vec::new();
    for a in service.actions() {
        let verb_len = a
            .name
            .char_indices()
            .skip(1)
            .find(|(_, c)| c.is_ascii_uppercase())
            .map_or(a.name.len(), |(i, _)| i);
        let verb = &a.name[..verb_len];
        match verbs.iter_mut().find(|(v, _)| *v == verb) {
            Some((_, n)) => *n += 1,
            None => verbs.push((verb, 1)),
        }
    }
    let all = format!("{}:*", service.prefix);
    if name.is_empty() || "*".starts_with(name) {
        out.items.push(edit.item(
            &all,
            CompletionKind::Wildcard,
            Some(format!("all {} actions", service.actions().len())),
            Some(markdown::service_doc(service)),
            "0".into(),
        ));
    }
    for (verb, n) in verbs.iter().filter(|(_, n)| *n >= 2) {
        if !starts_with_ci(verb, name) && !name.is_empty() {
            continue;
        }
        let label = format!("{}:{verb}*", service.prefix);
        out.items.push(edit.item(
            &label,
            CompletionKind::Wildcard,
            Some(format!("{n} actions")),
            None,
            format!("2{verb}"),
        ));
    }
    // Ranked without building an item, then only the best are built: a bare `ec2:` matches
    // 868 actions, and a list that is incomplete carries at most MAX_ITEMS.
    let mut ranked: Vec<(&str, &catalog::Action)> = service
        .actions()
        .iter()
        .filter_map(|a| Some((match_rank(a.name, None, name)?, a)))
        .collect();
    let room = MAX_ITEMS.saturating_sub(out.items.len());
    if ranked.len() > room {
        ranked.select_nth_unstable_by(room, |x, y| (x.0, x.1.name).cmp(&(y.0, y.1.name)));
        ranked.truncate(room);
    }
    for (rank, a) in ranked {
        let label = concat(&[service.prefix, ":", a.name]);
        // No documentation here: a list can hold hundreds of actions, and editors show the
        // documentation of one item at a time (crate::ide::action_documentation).
        out.items.push(edit.item(
            &label,
            CompletionKind::Action,
            Some(a.access.label()),
            None,
            concat(&[rank, a.name]),
        ));
    }
}

/// How an item found by `text` (or also by a longer `name`) matches what was typed, as the
/// first character of its sort text: "1" when `text` starts with it, "3" when `text` or `name`
/// contains it, "4" when its characters occur in `text` in order (an editor's fuzzy filter
/// keeps those, so a list the server narrows must too). `None` when it does not match.
fn match_rank(text: &str, name: Option<&str>, typed: &str) -> Option<&'static str> {
    if starts_with_ci(text, typed) {
        Some("1")
    } else if contains_ci(text, typed) || name.is_some_and(|n| contains_ci(n, typed)) {
        Some("3")
    } else if catalog::subsequence_ci(text, typed) {
        Some("4")
    } else {
        None
    }
}

/// The pieces joined: `format!` costs several times more, and a completion list builds a few
/// strings for each of up to hundreds of items.
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| out.push_str(p));
    out
}

/// Turns an ARN template into a snippet: `${Partition}` becomes `${1:aws}`, `${Region}` and
/// `${Account}` become `${n:*}`, other placeholders keep their name as the default text.
pub fn arn_snippet(template: &str) -> String {
    // One pass into one buffer: a completion list can hold a hundred templates.
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut n = 1;
    while let Some(start) = rest.find("${") {
        push_escaped(&mut out, &rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 2..start + len];
        let default = match name {
            "Partition" => "aws",
            "Region" | "Account" => "*",
            other => other,
        };
        out.push_str("${");
        out.push_str(&n.to_string());
        out.push(':');
        out.push_str(default);
        out.push('}');
        n += 1;
        rest = &rest[start + len + 1..];
    }
    push_escaped(&mut out, rest);
    out
}

fn escape_snippet(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Appends `text` with the snippet syntax characters (`\`, `$`, `}`) escaped.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(c, '\\' | '$' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
}

fn resource_completions(parse: &Parse, ctx: &CursorContext, edit: &Edit, out: &mut Completions) {
    if edit.typed.contains("${") && !edit.typed[edit.typed.rfind("${").unwrap_or(0)..].contains('}')
    {
        return variable_completions(edit, out);
    }
    out.items.push(edit.item(
        "*",
        CompletionKind::Wildcard,
        Some("every resource".into()),
        None,
        "9".into(),
    ));
    // Resource types of the statement's actions (all of the matched actions for wildcards).
    let mut seen = std::collections::HashSet::new();
    let mut types: Vec<(&'static catalog::ResourceType, bool)> = Vec::new();
    if let Some(obj) = ctx.statement {
        let st = Statement::from_object(obj, 0);
        for lit in st.actions() {
            catalog::for_each_match(&lit.value, |a| {
                for r in a.resources {
                    if let Some(t) = r.resource_type()
                        && seen.insert(t as *const _)
                    {
                        types.push((t, r.required));
                    }
                }
            });
        }
    }
    // With no actions yet, or while typing an ARN of another service, offer that service's types.
    let typed_service = catalog::parse_arn(&edit.typed)
        .map(|p| p.service)
        .or_else(|| {
            let rest = edit.typed.strip_prefix("arn:")?;
            rest.split(':').nth(1)
        });
    if let Some(svc) = typed_service.and_then(catalog::service) {
        for t in svc.resource_types() {
            if seen.insert(t as *const _) {
                types.push((t, false));
            }
        }
    }
    // What is typed after `arn:` narrows the list: the partition goes into the filter text (so
    // `arn:aws:ec` still matches `arn:${Partition}:ec2:...` in the client), and a service part
    // keeps only templates of matching services. A statement of 1,500 actions takes hundreds
    // of resource types; sending them all on every keystroke costs more than asking again.
    let after_arn = edit.typed.strip_prefix("arn:");
    let partition = after_arn
        .and_then(|r| r.split_once(':'))
        .map_or("aws", |(p, _)| p);
    let service_typed = after_arn.and_then(|r| r.split_once(':')).map(|(_, rest)| {
        rest.split_once(':')
            .map_or((rest, false), |(s, _)| (s, true))
    });
    let narrows = |template: &str| match service_typed {
        Some((typed, complete)) => {
            let service = template.split(':').nth(2).unwrap_or("");
            if complete {
                service.eq_ignore_ascii_case(typed)
            } else {
                catalog::starts_with_ci(service, typed)
            }
        }
        None => true,
    };
    if service_typed.is_some() {
        out.incomplete = true;
    }
    // Segment by segment (partition, service, region, account): what the next segment can be,
    // the values this policy already uses first; the typed segments are kept.
    // The partition, first of all.
    if let Some(partial) = edit.typed.strip_prefix("arn:").filter(|p| !p.contains(':')) {
        for (i, p) in catalog::regions::partitions().iter().enumerate() {
            if catalog::starts_with_ci(p, partial) {
                let text = concat(&["arn:", p, ":"]);
                let mut item = edit.item(
                    &text,
                    CompletionKind::Value,
                    Some("partition".into()),
                    None,
                    format!("0{i:04}"),
                );
                item.retrigger = true;
                out.items.push(item);
            }
        }
    }
    let typed_arn = ArnTyped::of(&edit.typed);
    if let Some(typed) = &typed_arn {
        out.incomplete = true;
        segment_completions(parse, typed, &types, edit, out);
    }
    for (i, (t, required)) in types.iter().enumerate() {
        for template in t.arns.iter().filter(|t| narrows(t)) {
            let label = template.to_string();
            let (snippet, filter) = match &typed_arn {
                Some(typed) => match typed.fill(template) {
                    Some(filled) => filled,
                    None => continue,
                },
                None => (
                    arn_snippet(template),
                    template.replacen("${Partition}", partition, 1),
                ),
            };
            let detail = format!(
                "{} {}{}",
                t.service().prefix,
                t.name,
                if *required { " (required)" } else { "" }
            );
            // The documentation is sent on completionItem/resolve: a statement's actions may
            // take a hundred resource types (apigateway:GET does).
            let mut item = edit.snippet_item(
                &label,
                &snippet,
                CompletionKind::Resource,
                Some(detail),
                None,
                format!("1{i:04}"),
            );
            item.filter = edit.filter(&filter);
            out.items.push(item);
        }
    }
}

/// An ARN being typed: its complete segments (`arn`, the partition, ...) and the one at the
/// cursor. Only once the partition is complete: before that, whole templates are offered.
struct ArnTyped<'t> {
    complete: Vec<&'t str>,
    partial: &'t str,
}

impl<'t> ArnTyped<'t> {
    fn of(typed: &'t str) -> Option<ArnTyped<'t>> {
        let mut parts: Vec<&str> = typed.splitn(6, ':').collect();
        let partial = parts.pop()?;
        (parts.len() >= 2 && parts[0] == "arn").then_some(ArnTyped {
            complete: parts,
            partial,
        })
    }

    /// The typed segments joined, with the `:` after them.
    fn prefix(&self) -> String {
        let mut out = self.complete.join(":");
        out.push(':');
        out
    }

    /// A template with the typed segments in place of its own: the snippet (the remaining
    /// placeholders as tab stops) and the filter text. `None` when a typed segment contradicts
    /// the template (another service, a region where it has none).
    fn fill(&self, template: &str) -> Option<(String, String)> {
        let segments: Vec<&str> = template.splitn(6, ':').collect();
        if segments.len() < 6 {
            return None;
        }
        for (typed, own) in self.complete.iter().zip(&segments).skip(1) {
            if !own.starts_with("${") && !own.eq_ignore_ascii_case(typed) {
                return None;
            }
        }
        let k = self.complete.len();
        let here = segments[k];
        // The resource part (after the account) is matched as written: it holds its own
        // placeholders after a literal type (`log-group:${LogGroupName}`).
        let literal = !here.contains("${") || k == 5;
        if literal && !catalog::starts_with_ci(here, self.partial) {
            return None;
        }
        // A placeholder segment being typed keeps what was typed in it.
        let (kept, rest) = if literal || self.partial.is_empty() {
            (self.prefix(), segments[k..].join(":"))
        } else {
            (
                concat(&[&self.prefix(), self.partial, ":"]),
                segments[k + 1..].join(":"),
            )
        };
        let snippet = concat(&[&escape_snippet(&kept), &arn_snippet(&rest)]);
        // The filter starts with what was typed, so the client keeps the item while the
        // server narrows the list (the list is incomplete: each keystroke asks again).
        let mut filter = self.prefix();
        filter.push_str(if literal { here } else { self.partial });
        if k + 1 < segments.len() {
            filter.push(':');
            filter.push_str(&segments[k + 1..].join(":"));
        }
        Some((snippet, filter))
    }
}

/// The next segment of an ARN being typed: partitions; the services of the statement's
/// actions; then regions and accounts, those the policy's other ARNs use first, `*`, and empty
/// where the service's ARNs have none (S3, IAM). Each keeps the typed segments and asks for
/// completion again.
fn segment_completions(
    parse: &Parse,
    typed: &ArnTyped,
    types: &[(&'static catalog::ResourceType, bool)],
    edit: &Edit,
    out: &mut Completions,
) {
    let k = typed.complete.len();
    let templates = || types.iter().flat_map(|(t, _)| t.arns.iter());
    let segment_of = |template: &str, i: usize| template.split(':').nth(i).map(str::to_string);
    let service = typed.complete.get(2).copied();
    let same_service = |template: &&&str| {
        service.is_none_or(|s| segment_of(template, 2).is_some_and(|t| t.eq_ignore_ascii_case(s)))
    };
    let mut candidates: Vec<(String, &'static str)> = Vec::new();
    match k {
        2 => {
            for t in templates() {
                if let Some(s) = segment_of(t, 2) {
                    candidates.push((s, "service"));
                }
            }
        }
        3 | 4 => {
            for used in used_arn_segments(parse, k) {
                candidates.push((used, "used in this policy"));
            }
            candidates.push(("*".into(), "any"));
            if k == 3 {
                for r in catalog::regions::regions_of(typed.complete[1]) {
                    candidates.push((r.name.to_string(), r.description));
                }
            }
            if templates()
                .filter(same_service)
                .any(|t| segment_of(t, k).is_some_and(|s| s.is_empty()))
            {
                candidates.push((
                    String::new(),
                    if k == 3 {
                        "none (a global resource)"
                    } else {
                        "none"
                    },
                ));
            }
        }
        _ => return,
    }
    let mut seen = std::collections::HashSet::new();
    for (i, (value, detail)) in candidates.into_iter().enumerate() {
        if !seen.insert(value.clone()) || !catalog::starts_with_ci(&value, typed.partial) {
            continue;
        }
        let text = concat(&[&typed.prefix(), &value, ":"]);
        let mut item = edit.item(
            &text,
            CompletionKind::Value,
            Some(detail.into()),
            None,
            format!("0{i:04}"),
        );
        item.retrigger = true;
        out.items.push(item);
    }
}

/// The `i`th segment (3: region, 4: account) of the ARNs written in the policy, most used
/// first.
fn used_arn_segments(parse: &Parse, i: usize) -> Vec<String> {
    fn walk(v: &Value, i: usize, counts: &mut Vec<(String, usize)>) {
        match v {
            Value::Object(o) => o
                .members
                .iter()
                .filter_map(|m| m.value.as_ref())
                .for_each(|v| walk(v, i, counts)),
            Value::Array(a) => a.items.iter().for_each(|v| walk(v, i, counts)),
            Value::String(s) if s.value.starts_with("arn:") => {
                if let Some(seg) = s
                    .value
                    .splitn(6, ':')
                    .nth(i)
                    .filter(|seg| !seg.is_empty() && *seg != "*" && !seg.contains(['$', '{']))
                    && s.value.splitn(6, ':').count() == 6
                {
                    match counts.iter_mut().find(|(s, _)| s == seg) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((seg.to_string(), 1)),
                    }
                }
            }
            _ => {}
        }
    }
    let mut counts = Vec::new();
    if let Some(root) = &parse.root {
        walk(root, i, &mut counts);
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(s, _)| s).collect()
}

/// The documentation of one ARN template of resource type `t`.
pub(super) fn arn_template_doc(t: &catalog::ResourceType, template: &str) -> String {
    format!(
        "ARN of a **{}** resource ({}).\n\n`{template}`",
        t.name,
        t.service().name
    )
}

fn principal_completions(kind: Option<&str>, edit: &Edit, out: &mut Completions) {
    match kind {
        None => out.items.push(edit.item(
            "*",
            CompletionKind::Principal,
            Some("everyone".into()),
            Some("Every principal, including anonymous users. Restrict it with conditions.".into()),
            "0".into(),
        )),
        Some(k) if k.eq_ignore_ascii_case("Service") => {
            // Narrowed by what was typed (the list is long: the client asks again as the
            // user types), those starting with it first.
            out.incomplete = true;
            let typed = edit.typed.as_str();
            for s in catalog::services() {
                let label = concat(&[s.prefix, ".amazonaws.com"]);
                let Some(rank) = match_rank(&label, Some(s.name), typed) else {
                    continue;
                };
                out.items.push(edit.item(
                    &label,
                    CompletionKind::Principal,
                    Some(s.name.to_string()),
                    None,
                    concat(&[rank, s.prefix]),
                ));
            }
        }
        Some(k) if k.eq_ignore_ascii_case("Federated") => {
            let mut providers: Vec<&str> = catalog::services()
                .iter()
                .flat_map(|s| s.condition_keys())
                .map(|k| k.prefix())
                .filter(|p| p.contains('.') && !p.contains('$'))
                .collect();
            providers.sort_unstable();
            providers.dedup();
            for p in providers {
                out.items.push(edit.item(
                    p,
                    CompletionKind::Principal,
                    Some("web identity provider".into()),
                    None,
                    format!("1{p}"),
                ));
            }
            out.items.push(edit.snippet_item(
                "arn:aws:iam::ACCOUNT:saml-provider/NAME",
                "arn:${1:aws}:iam::${2:123456789012}:saml-provider/${3:Name}",
                CompletionKind::Principal,
                Some("SAML provider".into()),
                None,
                "2".into(),
            ));
            out.items.push(edit.snippet_item("arn:aws:iam::ACCOUNT:oidc-provider/HOST", "arn:${1:aws}:iam::${2:123456789012}:oidc-provider/${3:token.actions.githubusercontent.com}", CompletionKind::Principal, Some("OIDC provider".into()), None, "2".into()));
        }
        Some(k) if k.eq_ignore_ascii_case("AWS") => {
            out.items.push(edit.item(
                "*",
                CompletionKind::Principal,
                Some("every AWS principal".into()),
                None,
                "0".into(),
            ));
            for (label, snippet, detail) in [
                (
                    "arn:aws:iam::ACCOUNT:root",
                    "arn:${1:aws}:iam::${2:123456789012}:root",
                    "an account",
                ),
                (
                    "arn:aws:iam::ACCOUNT:role/NAME",
                    "arn:${1:aws}:iam::${2:123456789012}:role/${3:RoleName}",
                    "an IAM role",
                ),
                (
                    "arn:aws:iam::ACCOUNT:user/NAME",
                    "arn:${1:aws}:iam::${2:123456789012}:user/${3:UserName}",
                    "an IAM user",
                ),
                (
                    "arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION",
                    "arn:${1:aws}:sts::${2:123456789012}:assumed-role/${3:RoleName}/${4:SessionName}",
                    "a role session",
                ),
            ] {
                out.items.push(edit.snippet_item(
                    label,
                    snippet,
                    CompletionKind::Principal,
                    Some(detail.into()),
                    None,
                    "1".into(),
                ));
            }
        }
        Some(_) => {}
    }
}

fn condition_value_completions(operator: &str, key: &str, edit: &Edit, out: &mut Completions) {
    if edit.typed.contains("${") {
        return variable_completions(edit, out);
    }
    let family = parse_operator(operator).map(|o| o.family());
    let key_type = catalog::condition_key(key).map(|k| k.key_type.scalar());
    let boolean = matches!(
        family,
        Some(OperatorFamily::Bool) | Some(OperatorFamily::Null)
    ) || (family.is_none() && key_type == Some(catalog::KeyType::Bool));
    if boolean {
        for (i, v) in ["true", "false"].iter().enumerate() {
            out.items
                .push(edit.item(v, CompletionKind::Value, None, None, format!("{i}")));
        }
    }
}

/// Policy variables: global keys with a single string-like value, as `${aws:username}`.
fn variable_completions(edit: &Edit, out: &mut Completions) {
    let start = edit.typed.rfind("${").unwrap_or(0);
    let range = TextRange::new(edit.range.start as usize + start, edit.range.end as usize);
    for k in catalog::global_condition_keys() {
        if k.key_type.is_multivalued() || k.name.contains("${") {
            continue;
        }
        let label = format!("${{{}}}", k.name);
        out.items.push(CompletionItem {
            label: label.clone(),
            kind: CompletionKind::Variable,
            detail: Some(k.key_type.name().to_string()),
            documentation: Some(markdown::key_doc(k)),
            insert: format!("{label}{}", if edit.close_quote { "\"" } else { "" }),
            snippet: false,
            range,
            filter: label,
            sort: k.name.to_ascii_lowercase(),
            retrigger: false,
        });
    }
}

#[cfg(test)]
mod tests;
