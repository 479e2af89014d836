//! Plain Rust results to LSP types.

use super::documents::Snapshot;
use crate::analysis::{Finding, Severity};
use crate::ide::{CompletionItem, CompletionKind};
use crate::text::LineCol;
use tower_lsp_server::ls_types as lsp;

/// The LSP position of a line and column (both 0-based, as LSP's).
pub fn position(at: LineCol) -> lsp::Position {
    lsp::Position {
        line: at.line,
        character: at.column,
    }
}

/// The line and column of an LSP position.
pub fn line_col(p: lsp::Position) -> LineCol {
    LineCol {
        line: p.line,
        column: p.character,
    }
}

/// At most this many hint-level diagnostics per document: hints (such as an action's case) are
/// style notes, and a 200 KB policy can have thousands of them, which would make every publish
/// a megabyte. Errors, warnings and information are never dropped.
pub const MAX_HINTS: usize = 100;

/// The diagnostics published for a document's findings (both push and pull use this).
pub fn diagnostics(snap: &Snapshot, findings: &[Finding]) -> Vec<lsp::Diagnostic> {
    let mut hints = 0;
    findings
        .iter()
        .filter(|f| {
            if f.severity != Severity::Hint {
                return true;
            }
            hints += 1;
            hints <= MAX_HINTS
        })
        .map(|f| diagnostic(snap, f))
        .collect()
}

pub fn diagnostic(snap: &Snapshot, f: &Finding) -> lsp::Diagnostic {
    let severity = match f.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    };
    // The suggestions, for clients that show them; not for hints (style notes, up to a
    // hundred per publish, whose one suggestion is in their quick fix anyway).
    let data = (!f.suggestions.is_empty() && f.severity != Severity::Hint)
        .then(|| serde_json::json!({ "suggestions": &*f.suggestions }));
    lsp::Diagnostic {
        range: snap.range(f.range),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(f.code.to_string())),
        source: Some("iam-policy-ls".to_string()),
        message: f.message.to_string(),
        data,
        ..Default::default()
    }
}

/// Documentation written in Markdown, as Markdown or (for a client that prefers it) plain text.
pub fn markup(markdown: String, as_markdown: bool) -> lsp::MarkupContent {
    if as_markdown {
        lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: markdown,
        }
    } else {
        lsp::MarkupContent {
            kind: lsp::MarkupKind::PlainText,
            value: crate::ide::to_plain(&markdown),
        }
    }
}

/// A completion item for the client; its documentation (Markdown) as Markdown or, for a
/// client that prefers plain text, as plain text.
pub fn completion_item(
    snap: &Snapshot,
    item: CompletionItem,
    markdown: bool,
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
    // Action and ARN template items come without documentation (it is sent on
    // completionItem/resolve, found by the item's label). A reply to `ec2:Des` holds about 200
    // items, so nothing is sent that the client would assume anyway: the filter text when it is
    // the label, the plain-text insert format.
    // Items whose documentation comes on resolve say so with a one-byte `data`: some clients
    // (Eglot 1.9) resolve only items that carry data.
    let resolves = item.documentation.is_none()
        && matches!(item.kind, CompletionKind::Action | CompletionKind::Resource);
    lsp::CompletionItem {
        data: resolves.then(|| serde_json::json!(1)),
        filter_text: (item.filter != item.label).then_some(item.filter),
        label: item.label,
        kind: Some(kind),
        detail: item.detail,
        documentation: item
            .documentation
            .map(|value| lsp::Documentation::MarkupContent(markup(value, markdown))),
        sort_text: Some(item.sort),
        insert_text_format: item.snippet.then_some(lsp::InsertTextFormat::SNIPPET),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: snap.range(item.range),
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

/// Byte-range edits to LSP text edits.
pub fn text_edits(snap: &Snapshot, edits: &[crate::analysis::Edit]) -> Vec<lsp::TextEdit> {
    edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: snap.range(e.range),
            new_text: e.text.clone(),
        })
        .collect()
}

/// The semantic token legend, in [`crate::ide::semantic::TokenType::LEGEND`] order.
pub fn semantic_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: crate::ide::semantic::TokenType::LEGEND
            .iter()
            .map(|t| lsp::SemanticTokenType::new(t.name()))
            .collect(),
        token_modifiers: Vec::new(),
    }
}

/// Tokens (single-line, in document order) to the relative LSP encoding.
pub fn semantic_tokens(
    snap: &Snapshot,
    tokens: &[crate::ide::semantic::Token],
) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut col) = (0u32, 0u32);
    for t in tokens {
        let r = snap.range(t.range);
        if r.start.line != r.end.line || r.end.character <= r.start.character {
            continue;
        }
        let delta_line = r.start.line - line;
        let delta_start = if delta_line == 0 {
            r.start.character - col
        } else {
            r.start.character
        };
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: r.end.character - r.start.character,
            token_type: t.kind.index(),
            token_modifiers_bitset: 0,
        });
        line = r.start.line;
        col = r.start.character;
    }
    out
}

#[allow(deprecated)]
pub fn document_symbol(snap: &Snapshot, s: crate::ide::structure::Symbol) -> lsp::DocumentSymbol {
    use crate::ide::structure::SymbolKind as K;
    lsp::DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: match s.kind {
            K::Array => lsp::SymbolKind::ARRAY,
            K::Object => lsp::SymbolKind::OBJECT,
            K::String => lsp::SymbolKind::STRING,
            K::Property => lsp::SymbolKind::PROPERTY,
        },
        tags: None,
        deprecated: None,
        range: snap.range(s.range),
        selection_range: snap.range(s.selection),
        children: (!s.children.is_empty()).then(|| {
            s.children
                .into_iter()
                .map(|c| document_symbol(snap, c))
                .collect()
        }),
    }
}
