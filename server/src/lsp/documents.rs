//! Open documents: a rope per document, edited in place as changes arrive, and an immutable
//! snapshot (text, parse, line index) per version that every request reads.
//!
//! Ordering: tower-lsp-server starts handlers in the order messages arrive, and `apply_changes`
//! runs to completion without awaiting, so no later change can overtake an earlier one. A
//! request takes the current `Arc<Snapshot>` and never sees a half-applied change.

use super::position::{Encoding, LineIndex};
use crate::analysis::{Analysis, Options};
use crate::host::analyze::HostCache;
use crate::host::incremental::{self, Edit};
use crate::host::{self, Embedded, Format, Host, MAX_HOST_BYTES};
use crate::syntax::Parse;
use ropey::Rope;
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

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

    pub fn new(version: i32, language_id: &str, text: String) -> Snapshot {
        let host = read(&text, Format::detect(language_id, None, &text));
        Snapshot::with_cache(version, language_id, text, host, Arc::default())
    }

    /// The snapshot of `text`, made by one `edit` of this one: only what the edit touched is
    /// read again where the host allows it ([`incremental::reread`]), and the analysis reuses
    /// the findings of earlier versions.
    fn edited(&self, version: i32, text: String, edit: Option<Edit>) -> Snapshot {
        let host = edit
            .filter(|_| text.len() <= MAX_HOST_BYTES)
            .and_then(|e| incremental::reread(&self.host, &text, &e))
            .unwrap_or_else(|| read(&text, Format::detect(&self.language_id, None, &text)));
        Snapshot::with_cache(version, &self.language_id, text, host, self.cache.clone())
    }

    fn with_cache(
        version: i32,
        language_id: &str,
        text: String,
        host: Host,
        cache: Arc<Mutex<HostCache>>,
    ) -> Snapshot {
        let lines = LineIndex::new(&text);
        let is_policy = host.has_policies();
        Snapshot {
            version,
            language_id: language_id.to_string(),
            text,
            host,
            lines,
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
    rope: Rope,
    pub snapshot: Arc<Snapshot>,
}

impl Document {
    pub fn open(version: i32, language_id: &str, text: String) -> Document {
        let rope = Rope::from_str(&text);
        Document {
            rope,
            snapshot: Arc::new(Snapshot::new(version, language_id, text)),
        }
    }

    /// Applies the changes of one didChange notification in order and makes the new snapshot.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) {
        // One ranged change (a keystroke, a paste) is an edit the host may re-read in part.
        let old = &self.snapshot;
        let mut edit = match changes.as_slice() {
            [c] => c.range.map(|r| {
                let start = old.lines.offset(&old.text, r.start, enc);
                Edit {
                    start,
                    old_end: old.lines.offset(&old.text, r.end, enc).max(start),
                    inserted: c.text.len(),
                }
            }),
            _ => None,
        };
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let start = char_index(&self.rope, range.start, enc);
                    let end = char_index(&self.rope, range.end, enc).max(start);
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
            }
        }
        let text = self.rope.to_string();
        // The rope and the line index clamp positions alike; should they ever disagree, the
        // edit is not trusted and the whole text is read.
        edit = edit.filter(|e| text.len() as i64 == old.text.len() as i64 + e.delta());
        self.snapshot = Arc::new(self.snapshot.edited(version, text, edit));
    }

    #[cfg(test)]
    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

/// The rope char index of an LSP position, clamped as `LineIndex::offset` does.
fn char_index(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let line_start = rope.line_to_char(line);
    let line_slice = rope.line(line);
    let want = pos.character as usize;
    let mut units = 0;
    for (i, c) in line_slice.chars().enumerate() {
        if c == '\n' || c == '\r' {
            return line_start + i;
        }
        let width = match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units + width > want {
            return line_start + i;
        }
        units += width;
    }
    line_start + line_slice.len_chars()
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
        let mut doc = Document::open(1, "json", "{\"a\": \"😀x\"}\n".to_string());
        // After the emoji (2 UTF-16 units) at character 8.
        doc.apply_changes(
            2,
            vec![change(0, 9, 0, 10, "y"), change(0, 0, 0, 0, "\n")],
            Encoding::Utf16,
        );
        assert_eq!(doc.text(), "\n{\"a\": \"😀y\"}\n");
        assert_eq!(doc.snapshot.version, 2);
        assert_eq!(doc.snapshot.text, doc.text());
        // Multi-line replace and a range past the end.
        doc.apply_changes(
            3,
            vec![change(0, 0, 1, 1, "["), change(5, 0, 9, 9, "]")],
            Encoding::Utf16,
        );
        assert_eq!(doc.text(), "[\"a\": \"😀y\"}\n]");
    }
}
