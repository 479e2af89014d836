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

/// What a client accepts in a completion reply, read from its capabilities at `initialize`.
#[derive(Clone, Copy, Debug, Default)]
pub struct CompletionShape {
    /// Documentation as Markdown (else plain text).
    pub markdown: bool,
    /// LSP 3.17 `itemDefaults`: the client takes `editRange` and `data` from the list for the
    /// items that carry none.
    pub default_edit_range: bool,
    pub default_data: bool,
}

fn completion_kind(kind: CompletionKind) -> lsp::CompletionItemKind {
    match kind {
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
    }
}

/// Whether an item's documentation comes on `completionItem/resolve` (found by its label and
/// kind, see `completion_resolve`): action and ARN template items, which a list holds by the
/// hundred.
fn resolves(item: &CompletionItem) -> bool {
    item.documentation.is_none()
        && matches!(item.kind, CompletionKind::Action | CompletionKind::Resource)
}

/// A completion list as the JSON the client reads. Written here rather than through ls-types,
/// which has no `itemDefaults` (LSP 3.17), and built as JSON directly: a reply to a bare
/// `ec2:` holds hundreds of items, and each field an item does not carry is work saved twice
/// (building the reply, and the client reading it).
///
/// Nothing is sent that the client would assume: the filter text when it is the label, the
/// plain-text insert format; with `itemDefaults`, the edit range of the items that share it
/// (and insert their label) and the resolve marker. Items whose documentation comes on resolve
/// carry a one-byte `data`, since some clients (Eglot 1.9) resolve only items that carry data.
pub fn completion_list(
    snap: &Snapshot,
    items: Vec<CompletionItem>,
    incomplete: bool,
    shape: CompletionShape,
) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let range_json = |r| serde_json::to_value(snap.range(r)).unwrap_or(Value::Null);
    // The edit range the most items share, when the client takes it from the list: in
    // practice every value item of one reply replaces the same string.
    let default_range = shape
        .default_edit_range
        .then(|| items.iter().find(|i| i.insert == i.label).map(|i| i.range))
        .flatten();
    let default_data = shape.default_data && items.iter().any(resolves);
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let mut m = Map::new();
        let kind = completion_kind(item.kind);
        let data = resolves(&item) && !default_data;
        if item.filter != item.label {
            m.insert("filterText".into(), Value::String(item.filter));
        }
        if Some(item.range) != default_range || item.insert != item.label {
            m.insert(
                "textEdit".into(),
                json!({"range": range_json(item.range), "newText": item.insert}),
            );
        }
        m.insert("label".into(), Value::String(item.label));
        m.insert(
            "kind".into(),
            serde_json::to_value(kind).unwrap_or(Value::Null),
        );
        if let Some(detail) = item.detail {
            m.insert("detail".into(), Value::String(detail));
        }
        if let Some(doc) = item.documentation {
            let doc = markup(doc, shape.markdown);
            m.insert(
                "documentation".into(),
                serde_json::to_value(doc).unwrap_or(Value::Null),
            );
        }
        m.insert("sortText".into(), Value::String(item.sort));
        if item.snippet {
            m.insert(
                "insertTextFormat".into(),
                serde_json::to_value(lsp::InsertTextFormat::SNIPPET).unwrap_or(Value::Null),
            );
        }
        if item.retrigger {
            m.insert(
                "command".into(),
                json!({"title": "Suggest", "command": "editor.action.triggerSuggest"}),
            );
        }
        if data {
            m.insert("data".into(), json!(1));
        }
        out.push(Value::Object(m));
    }
    let mut list = Map::new();
    list.insert("isIncomplete".into(), Value::Bool(incomplete));
    let mut defaults = Map::new();
    if let Some(r) = default_range {
        defaults.insert("editRange".into(), range_json(r));
    }
    if default_data {
        defaults.insert("data".into(), json!(1));
    }
    if !defaults.is_empty() {
        list.insert("itemDefaults".into(), Value::Object(defaults));
    }
    list.insert("items".into(), Value::Array(out));
    Value::Object(list)
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
