//! Open documents: an immutable snapshot (text, line index, host document, analysis) per version
//! that every request reads. A change makes the next snapshot from the last one: its text with
//! the edit applied, its line index updated in place of the lines the edit touched
//! ([`LineIndex::edit`]), and its host re-read only where the edit fell
//! ([`incremental::reread`]). There is no rope: a rope's edit is O(log n), but every version
//! needs the whole text as one string for the parsers, and copying a rope into one cost more
//! than copying the string (ARCHITECTURE.md, "Choices").
//!
//! The snapshot keeps the position encoding agreed at initialize, so converting a position is
//! one call (`snap.range(r)`, `snap.offset(p)`).
//!
//! Ordering: tower-lsp-server starts handlers in the order messages arrive, and `apply_changes`
//! runs to completion without awaiting, so no later change can overtake an earlier one. A
//! request takes the current `Arc<Snapshot>` and never sees a half-applied change.

use super::convert::{line_col, position};
use crate::analysis::{Analysis, Options};
use crate::host::analyze::HostCache;
use crate::host::incremental::{self, Edit};
use crate::host::{self, Embedded, Format, Host, MAX_HOST_BYTES};
use crate::syntax::{Parse, TextRange};
use crate::text::{Encoding, LineIndex};
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

/// The host of a document's text. A document over [`MAX_HOST_BYTES`] is kept and edited, but
/// not read for policies (see `Server::did_open` for what the user is told).
fn read(text: &str, format: Format) -> Host {
    if text.len() > MAX_HOST_BYTES {
        Host::default()
    } else {
        host::read(text, format)
    }
}

/// Everything a request needs about one version of a document.
#[derive(Debug)]
pub struct Snapshot {
    pub version: i32,
    pub language_id: String,
    pub text: String,
    /// The host document: its format, what it is, the policies in it.
    pub host: Host,
    pub lines: LineIndex,
    /// How the client counts columns.
    pub encoding: Encoding,
    /// Whether the document holds policies (other JSON and YAML get no diagnostics).
    pub is_policy: bool,
    /// The analysis of this version, made once for the diagnostics worker, code actions and
    /// pull diagnostics alike (with the options it was made under).
    analysis: Mutex<Option<(Options, Arc<Analysis>)>>,
    /// The document's memory of findings, shared by all its versions (see [`HostCache`]).
    cache: Arc<Mutex<HostCache>>,
}

impl Snapshot {
    /// A JSON document's whole parse, for formatting and folding (empty for YAML, which the
    /// YAML server formats and folds).
    pub fn json(&self) -> &Parse {
        static EMPTY: Parse = Parse {
            root: None,
            errors: Vec::new(),
            comments: Vec::new(),
        };
        self.host.json.as_deref().unwrap_or(&EMPTY)
    }

    /// The policy at `offset`, for completion, hover and code actions.
    pub fn policy_at(&self, offset: usize) -> Option<&Embedded> {
        self.host.policy_at(offset)
    }

    /// The LSP range of a byte range.
    pub fn range(&self, r: TextRange) -> Range {
        Range {
            start: self.position(r.start as usize),
            end: self.position(r.end as usize),
        }
    }

    /// The LSP position of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        position(self.lines.line_col(&self.text, offset, self.encoding))
    }

    /// The byte offset of an LSP position (clamped as [`LineIndex::offset`] says).
    pub fn offset(&self, p: Position) -> usize {
        self.lines.offset(&self.text, line_col(p), self.encoding)
    }

    pub fn new(version: i32, language_id: &str, text: String, encoding: Encoding) -> Snapshot {
        let host = read(&text, Format::detect(language_id, None, &text));
        let lines = LineIndex::new(&text);
        Snapshot::with(
            version,
            language_id,
            text,
            lines,
            encoding,
            host,
            Arc::default(),
        )
    }

    /// The snapshot of `text` (with its line index), made by one `edit` of this one: only what
    /// the edit touched is read again where the host allows it ([`incremental::reread`]), and
    /// the analysis reuses the findings of earlier versions.
    fn edited(&self, version: i32, text: String, lines: LineIndex, edit: Option<Edit>) -> Snapshot {
        let host = edit
            .filter(|_| text.len() <= MAX_HOST_BYTES)
            .and_then(|e| incremental::reread(&self.host, &text, &e))
            .unwrap_or_else(|| read(&text, Format::detect(&self.language_id, None, &text)));
        let (language_id, encoding, cache) = (&self.language_id, self.encoding, self.cache.clone());
        Snapshot::with(version, language_id, text, lines, encoding, host, cache)
    }

    fn with(
        version: i32,
        language_id: &str,
        text: String,
        lines: LineIndex,
        encoding: Encoding,
        host: Host,
        cache: Arc<Mutex<HostCache>>,
    ) -> Snapshot {
        let is_policy = host.has_policies();
        Snapshot {
            version,
            language_id: language_id.to_string(),
            text,
            host,
            lines,
            encoding,
            is_policy,
            analysis: Mutex::new(None),
            cache,
        }
    }

    /// The analysis of this version under `options`: computed on first use, incrementally from
    /// the previous versions' findings, and kept for the next caller.
    pub fn analysis(&self, options: &Options) -> Arc<Analysis> {
        let mut memo = self.analysis.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((under, done)) = memo.as_ref()
            && under == options
        {
            return done.clone();
        }
        let done = {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            Arc::new(host::analyze::analyze_host(
                &self.text,
                &self.host,
                options,
                Some(&mut cache),
            ))
        };
        *memo = Some((options.clone(), done.clone()));
        done
    }
}

#[derive(Debug)]
pub struct Document {
    pub snapshot: Arc<Snapshot>,
}

impl Document {
    pub fn open(version: i32, language_id: &str, text: String, encoding: Encoding) -> Document {
        Document {
            snapshot: Arc::new(Snapshot::new(version, language_id, text, encoding)),
        }
    }

    /// Applies the changes of one didChange notification in order and makes the new snapshot.
    /// Each change's range is read against the text as the changes before it left it.
    pub fn apply_changes(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let old = &self.snapshot;
        let enc = old.encoding;
        let mut text = old.text.clone();
        let mut lines = old.lines.clone();
        // One ranged change (a keystroke, a paste) is an edit the host may re-read in part.
        let mut edit = None;
        let single = changes.len() == 1;
        for change in changes {
            match change.range {
                None => {
                    text = change.text;
                    lines = LineIndex::new(&text);
                }
                Some(range) => {
                    let start = lines.offset(&text, line_col(range.start), enc);
                    let old_end = lines.offset(&text, line_col(range.end), enc).max(start);
                    text.replace_range(start..old_end, &change.text);
                    lines.edit(&text, start, old_end, change.text.len());
                    if single {
                        edit = Some(Edit {
                            start,
                            old_end,
                            inserted: change.text.len(),
                        });
                    }
                }
            }
        }
        self.snapshot = Arc::new(self.snapshot.edited(version, text, lines, edit));
    }

    #[cfg(test)]
    pub fn text(&self) -> String {
        self.snapshot.text.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position {
                    line: l0,
                    character: c0,
                },
                end: Position {
                    line: l1,
                    character: c1,
                },
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn applies_incremental_edits_in_order() {
        let mut doc = Document::open(1, "json", "{\"a\": \"😀x\"}\n".to_string(), Encoding::Utf16);
        // After the emoji (2 UTF-16 units) at character 8.
        doc.apply_changes(2, vec![change(0, 9, 0, 10, "y"), change(0, 0, 0, 0, "\n")]);
        assert_eq!(doc.text(), "\n{\"a\": \"😀y\"}\n");
        assert_eq!(doc.snapshot.version, 2);
        assert_eq!(doc.snapshot.text, doc.text());
        // Multi-line replace and a range past the end.
        doc.apply_changes(3, vec![change(0, 0, 1, 1, "["), change(5, 0, 9, 9, "]")]);
        assert_eq!(doc.text(), "[\"a\": \"😀y\"}\n]");
        // The line index followed every edit.
        assert_eq!(doc.snapshot.lines, LineIndex::new(&doc.snapshot.text));
    }
}
