//! Plain Rust results to LSP types.

use super::documents::Snapshot;
use super::position::Encoding;
use crate::analysis::{Finding, Severity};
use crate::ide::{CompletionItem, CompletionKind};
use tower_lsp_server::ls_types as lsp;

pub fn diagnostic(snap: &Snapshot, f: &Finding, enc: Encoding) -> lsp::Diagnostic {
    let severity = match f.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    };
    let data =
        (!f.suggestions.is_empty()).then(|| serde_json::json!({ "suggestions": f.suggestions }));
    lsp::Diagnostic {
        range: snap.lines.range(&snap.text, f.range, enc),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(f.code.to_string())),
        source: Some("iam-policy-ls".to_string()),
        message: f.message.clone(),
        data,
        ..Default::default()
    }
}

pub fn completion_item(
    snap: &Snapshot,
    item: CompletionItem,
    enc: Encoding,
) -> lsp::CompletionItem {
    let kind = match item.kind {
        CompletionKind::Element => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Value => lsp::CompletionItemKind::VALUE,
        CompletionKind::Service => lsp::CompletionItemKind::MODULE,
        CompletionKind::Action => lsp::CompletionItemKind::FUNCTION,
        CompletionKind::Wildcard => lsp::CompletionItemKind::CONSTANT,
        CompletionKind::Resource => lsp::CompletionItemKind::REFERENCE,
        CompletionKind::Operator => lsp::CompletionItemKind::OPERATOR,
        CompletionKind::ConditionKey => lsp::CompletionItemKind::FIELD,
        CompletionKind::Principal => lsp::CompletionItemKind::CLASS,
        CompletionKind::Variable => lsp::CompletionItemKind::VARIABLE,
    };
    lsp::CompletionItem {
        label: item.label,
        kind: Some(kind),
        detail: item.detail,
        documentation: item.documentation.map(|value| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value,
            })
        }),
        filter_text: Some(item.filter),
        sort_text: Some(item.sort),
        insert_text_format: Some(if item.snippet {
            lsp::InsertTextFormat::SNIPPET
        } else {
            lsp::InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: snap.lines.range(&snap.text, item.range, enc),
            new_text: item.insert,
        })),
        command: item.retrigger.then(|| lsp::Command {
            title: "Suggest".to_string(),
            command: "editor.action.triggerSuggest".to_string(),
            arguments: None,
        }),
        ..Default::default()
    }
}
