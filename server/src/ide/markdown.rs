//! Markdown renderings of catalog entries, shared by hover and completion documentation.

use crate::catalog::{self, Action, ConditionKey};

/// A full description of an action: what completion's documentation and hover show.
pub fn action_doc(a: &Action) -> String {
    let mut out = format!(
        "**{}** · {}\n\n{}\n",
        a.full_name(),
        a.access.label(),
        a.description
    );
    if !a.resources.is_empty() {
        out.push_str("\n**Resource types**\n");
        for r in a.resources {
            let arn = r
                .resource_type()
                .and_then(|t| t.arns.first())
                .copied()
                .unwrap_or("");
            let required = if r.required { " (required)" } else { "" };
            out.push_str(&format!("- `{}`{required}: `{arn}`\n", r.name));
        }
    } else {
        out.push_str("\nResource: `*` only (the action takes no resource type).\n");
    }
    let keys: Vec<&str> = {
        let mut keys: Vec<&str> = a.all_condition_keys().collect();
        keys.sort_unstable_by_key(|k| k.to_ascii_lowercase());
        keys.dedup();
        keys
    };
    if !keys.is_empty() {
        out.push_str("\n**Condition keys**: ");
        out.push_str(
            &keys
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push('\n');
    }
    if !a.dependent_actions.is_empty() {
        out.push_str("\n**Dependent actions**: ");
        out.push_str(
            &a.dependent_actions
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push('\n');
    }
    let link = if a.doc.is_empty() {
        a.service().doc
    } else {
        a.doc
    };
    if !link.is_empty() {
        out.push_str(&format!("\n[AWS reference]({link})\n"));
    }
    out
}

/// A description of a condition key.
pub fn key_doc(k: &ConditionKey) -> String {
    let origin = match k.service() {
        None => "global condition key".to_string(),
        Some(s) => format!("{} condition key", s.name),
    };
    let multi = if k.key_type.is_multivalued() {
        " · multivalued: use `ForAnyValue:`/`ForAllValues:`"
    } else {
        ""
    };
    let deprecated = if k.deprecated {
        "\n\n**Deprecated.**"
    } else {
        ""
    };
    format!(
        "**{}** · {} · {origin}{multi}\n\n{}{deprecated}\n",
        k.name,
        k.key_type.name(),
        k.description
    )
}

/// A description of a service prefix.
pub fn service_doc(s: &catalog::Service) -> String {
    let mut out = format!(
        "**{}** (`{}`) · {} actions\n",
        s.name,
        s.prefix,
        s.actions().len()
    );
    if !s.doc.is_empty() {
        out.push_str(&format!(
            "\n[Actions, resources and condition keys]({})\n",
            s.doc
        ));
    }
    out
}
