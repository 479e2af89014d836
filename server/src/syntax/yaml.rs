//! Tolerant YAML syntax: text in, one tree per document out, never an error out.
//!
//! The YAML front end of the format-neutral tree (see [`super`]), for CloudFormation, SAM and
//! Serverless templates and policies written in YAML:
//! - block and flow mappings become [`Object`](super::Object)s, block and flow sequences
//!   [`Array`](super::Array)s; `Key:` with nothing after it is a member without a value;
//! - every scalar (plain, quoted, literal `|` or folded `>`) becomes a
//!   [`StringLit`](super::StringLit) with its decoded value (CloudFormation reads `true`, `123`
//!   and `2012-10-17` as strings), except `null`, `Null`, `NULL` and `~`, which are
//!   [`Value::Null`];
//! - a tag (`!Sub`, `!Ref`, `!GetAtt`, ...) becomes a [`Computed`](super::Computed) node around
//!   its argument; the standard `!!str`-style tags are dropped;
//! - an alias becomes a clone of the anchored value (with the anchor's ranges, so a clone's
//!   ranges lie before the alias), and merge keys (`<<: *base`) merge the anchored mappings'
//!   members into the mapping (explicit keys win).
//!
//! Recovery, chosen for templates being typed (each rule keeps the lines above and below):
//! - an unterminated quote ends at the end of its line;
//! - a tab in the indentation is reported and counts as one column;
//! - a plain scalar alone on a line where a key belongs is a half-typed key: a member with no
//!   colon and no value;
//! - a `-` with nothing after it is reported and adds no item;
//! - a line indented deeper or shallower than its mapping's keys (but deeper than the enclosing
//!   block) is reported and read as a member of that mapping; a line at a sequence's column
//!   without its `- ` is reported and read as an item;
//! - an unclosed `[` or `{` ends where its block ends (at the first line indented no deeper
//!   than the block that holds it);
//! - a plain scalar's continuation line that looks like `key: value` is not folded into the
//!   scalar (YAML would reject the document; the line is read as a key instead).
//!
//! Termination and cost: every loop consumes input or leaves, look-aheads are bounded by the
//! next line (or by the next quote, for a quoted scalar spanning lines), nesting is limited to
//! [`MAX_DEPTH`] levels (deeper lines are skipped with an error), and alias expansion has a
//! budget of nodes proportional to the text (no "billion laughs").
//!
//! Left out: complex (non-scalar) mapping keys and aliases used as keys (reported), anchors on
//! keys (ignored), `%TAG` handles (tags are kept as written), and the YAML 1.1 schema.

mod block;
mod flow;
mod props;
mod scalar;
#[cfg(test)]
mod tests;

use super::parser::MAX_DEPTH;
use super::{Comment, Parse, SyntaxError, TextRange, Value};
use std::collections::HashMap;

/// What [`Parser::at`] returns past the end of the document: no UTF-8 text contains it.
const EOF: u8 = 0xFF;

/// Parses YAML, one [`Parse`] per document (`---` starts one, `...` ends one). Never panics;
/// linear time. An empty or comment-only text gives one `Parse` without a root.
pub fn parse_yaml(text: &str) -> Vec<Parse> {
    let mut docs: Vec<Parse> = Vec::new();
    // Comments and errors of stretches that are no document (directives, comments between
    // `...` and `---`): they go to the next document, or the last one.
    let mut pending = Parse::default();
    for seg in segments(text) {
        let mut p = Parser::new(text, &seg);
        let root = p.document();
        let is_document = seg.explicit || p.saw_content;
        let mut parse = Parse {
            root,
            errors: p.errors,
            comments: p.comments,
        };
        if is_document {
            if !pending.errors.is_empty() || !pending.comments.is_empty() {
                pending.errors.append(&mut parse.errors);
                pending.comments.append(&mut parse.comments);
                parse.errors = std::mem::take(&mut pending.errors);
                parse.comments = std::mem::take(&mut pending.comments);
            }
            docs.push(parse);
        } else {
            pending.errors.append(&mut parse.errors);
            pending.comments.append(&mut parse.comments);
        }
    }
    if !pending.errors.is_empty() || !pending.comments.is_empty() || docs.is_empty() {
        match docs.last_mut() {
            Some(last) => {
                last.errors.append(&mut pending.errors);
                last.comments.append(&mut pending.comments);
            }
            None => docs.push(pending),
        }
    }
    for doc in &mut docs {
        doc.errors.sort_by_key(|e| e.range.start);
    }
    docs
}

/// Parses the lines `start..end` of `text` (both at a line start, or `end` at the end of the
/// text) as one document, with ranges in `text`. For re-reading one block of a larger document
/// after an edit inside it: the caller checks that the block stands alone (every line after
/// its first indented deeper than its first, nothing before or after it changed), and then
/// this parse equals what the whole document's parse holds for those lines.
pub fn parse_yaml_block(text: &str, start: usize, end: usize) -> Parse {
    let seg = Segment {
        start,
        end,
        line_start: start,
        explicit: false,
        directives: false,
    };
    let mut p = Parser::new(text, &seg);
    let root = p.document();
    let mut errors = p.errors;
    errors.sort_by_key(|e| e.range.start);
    Parse {
        root,
        errors,
        comments: p.comments,
    }
}

/// A stretch of text between document markers.
struct Segment {
    start: usize,
    end: usize,
    /// The start of the line holding `start` (after `---`, the marker's line).
    line_start: usize,
    /// Started by `---`: a document even when empty.
    explicit: bool,
    /// `%` lines are directives (no `---` yet).
    directives: bool,
}

/// Splits the text at the `---` and `...` lines (a marker at column 0 followed by a blank ends
/// whatever is open, even a block scalar or a quoted string, as in YAML).
fn segments(text: &str) -> Vec<Segment> {
    let b = text.as_bytes();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut segs = Vec::new();
    let mut cur = Segment {
        start: bom,
        end: b.len(),
        line_start: bom,
        explicit: false,
        directives: true,
    };
    let mut ls = bom;
    loop {
        let rest = &b[ls..];
        let marker = if rest.starts_with(b"---") {
            Some(true)
        } else if rest.starts_with(b"...") {
            Some(false)
        } else {
            None
        };
        if let Some(starts) = marker
            && matches!(b.get(ls + 3), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
        {
            cur.end = ls;
            segs.push(cur);
            cur = Segment {
                start: ls + 3,
                end: b.len(),
                line_start: ls,
                explicit: starts,
                directives: !starts,
            };
        }
        match memchr::memchr2(b'\n', b'\r', rest) {
            None => break,
            Some(i) => {
                let j = ls + i;
                ls = if b[j] == b'\r' && b.get(j + 1) == Some(&b'\n') {
                    j + 2
                } else {
                    j + 1
                };
            }
        }
    }
    segs.push(cur);
    segs
}

/// Where a block node stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ctx {
    /// The document's root.
    Root,
    /// After a mapping key's `:`.
    Value,
    /// After a sequence entry's `-` (or `?`).
    Item,
}

/// An anchored node, for its aliases.
struct Anchor {
    value: Option<Value>,
    /// Nodes in `value` (the cost of a clone) and its nesting height.
    size: usize,
    height: usize,
}

/// A saved position, for look-aheads.
#[derive(Clone, Copy)]
struct Mark {
    pos: usize,
    line_start: usize,
    errors: usize,
    comments: usize,
    tab_line: usize,
}

/// The parser of one document. `pos` only moves forward except when a look-ahead resets it.
struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    /// The end of the document.
    end: usize,
    /// The start of the line holding `pos`: a node's column is `pos - line_start` (a tab
    /// counts as one column).
    line_start: usize,
    /// The end of the last token consumed: where containers and members end.
    last: usize,
    errors: Vec<SyntaxError>,
    comments: Vec<Comment>,
    /// Open collections (and tagged nodes), for [`MAX_DEPTH`].
    depth: usize,
    /// Open flow collections; their closers, innermost last.
    flow: Vec<u8>,
    /// The columns of the open block sequences.
    seq_cols: Vec<usize>,
    /// `%` lines are directives (before the document's content).
    directives: bool,
    saw_content: bool,
    /// None when the document holds no `*` (no alias can read an anchor).
    anchors: Option<HashMap<&'a str, Anchor>>,
    /// Nodes that alias clones may still produce.
    budget: usize,
    /// The line whose tab indentation was reported (one error per line).
    tab_line: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, seg: &Segment) -> Self {
        let b = text.as_bytes();
        let has_alias = memchr::memchr(b'*', &b[seg.start..seg.end]).is_some();
        Parser {
            text,
            b,
            pos: seg.start,
            end: seg.end,
            line_start: seg.line_start,
            last: seg.start,
            errors: Vec::new(),
            comments: Vec::new(),
            depth: 0,
            flow: Vec::new(),
            seq_cols: Vec::new(),
            directives: seg.directives,
            saw_content: false,
            anchors: has_alias.then(HashMap::new),
            budget: (seg.end - seg.start).saturating_mul(4).max(100_000),
            tab_line: usize::MAX,
        }
    }

    #[inline]
    fn at(&self, i: usize) -> u8 {
        if i < self.end { self.b[i] } else { EOF }
    }

    #[inline]
    fn peek(&self) -> u8 {
        self.at(self.pos)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    /// The column of `pos`.
    fn col(&self) -> usize {
        self.pos.saturating_sub(self.line_start)
    }

    /// A `- ` sequence entry at `pos`.
    fn at_dash(&self) -> bool {
        self.peek() == b'-' && is_blank(self.at(self.pos + 1))
    }

    fn in_flow(&self) -> bool {
        !self.flow.is_empty()
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.errors.push(SyntaxError {
            range: TextRange::new(start, end),
            message: message.into(),
        });
    }

    /// The end of the character at `i` (for one-character error ranges).
    fn char_end(&self, i: usize) -> usize {
        if i >= self.end {
            return self.end;
        }
        i + self.text[i..].chars().next().map_or(1, char::len_utf8)
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[start..end]
    }

    fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            line_start: self.line_start,
            errors: self.errors.len(),
            comments: self.comments.len(),
            tab_line: self.tab_line,
        }
    }

    fn reset(&mut self, m: Mark) {
        self.pos = m.pos;
        self.line_start = m.line_start;
        self.errors.truncate(m.errors);
        self.comments.truncate(m.comments);
        self.tab_line = m.tab_line;
    }

    /// The position of the line break at or after `i` (or the end).
    fn eol(&self, i: usize) -> usize {
        if i >= self.end {
            return self.end;
        }
        memchr::memchr2(b'\n', b'\r', &self.b[i..self.end]).map_or(self.end, |k| i + k)
    }

    /// The length of the line break at `i` (0 when there is none).
    fn break_len(&self, i: usize) -> usize {
        match self.at(i) {
            b'\n' => 1,
            b'\r' if self.at(i + 1) == b'\n' => 2,
            b'\r' => 1,
            _ => 0,
        }
    }

    /// The end of the text on the line from `i`: before a comment and trailing blanks, at
    /// least one character past `i` when the line has any.
    fn line_text_end(&self, i: usize) -> usize {
        let eol = self.eol(i);
        let mut end = i;
        let mut k = i;
        while k < eol {
            let c = self.b[k];
            if c == b'#' && k > i && matches!(self.b[k - 1], b' ' | b'\t') {
                break;
            }
            k += 1;
            if !matches!(c, b' ' | b'\t') {
                end = k;
            }
        }
        if end == i && i < eol {
            end = self.char_end(i);
        }
        // Never end inside a character.
        while end < eol && !self.text.is_char_boundary(end) {
            end += 1;
        }
        end
    }

    /// Moves past a line break at `pos`.
    fn newline(&mut self) {
        self.pos += self.break_len(self.pos).max(1);
        self.line_start = self.pos;
    }

    /// Skips blanks, comments and line breaks up to the next content (or the end). Returns
    /// whether a line break was crossed. Reports tabs in the indentation of a block line.
    fn skip_trivia(&mut self) -> bool {
        let mut crossed = false;
        let mut at_indent = self.pos == self.line_start;
        let mut tab = None;
        loop {
            match self.peek() {
                b' ' => self.pos += 1,
                b'\t' => {
                    if at_indent && tab.is_none() {
                        tab = Some(self.pos);
                    }
                    self.pos += 1;
                }
                b'\n' | b'\r' => {
                    self.newline();
                    crossed = true;
                    at_indent = true;
                    tab = None;
                }
                b'#' if self.pos == self.line_start
                    || matches!(self.b[self.pos - 1], b' ' | b'\t') =>
                {
                    self.comment();
                }
                b'%' if self.directives && self.pos == self.line_start => {
                    self.pos = self.eol(self.pos);
                }
                _ => break,
            }
        }
        if let Some(t) = tab
            && at_indent
            && !self.at_end()
            && !self.in_flow()
            && self.tab_line != self.line_start
        {
            self.tab_line = self.line_start;
            self.error(t, self.pos, "tabs cannot be used for indentation");
        }
        crossed
    }

    /// A `#` comment at `pos`, to the end of the line.
    fn comment(&mut self) {
        let start = self.pos;
        let end = self.eol(start);
        self.comments.push(Comment {
            range: TextRange::new(start, end),
            text: self.text[start + 1..end].to_string(),
            block: false,
        });
        self.pos = end;
    }

    /// True when only blanks stand between the start of the line and `pos` (a nested block
    /// has already moved to the next line).
    fn at_line_start(&self) -> bool {
        if self.pos > self.line_start && !matches!(self.b[self.pos - 1], b' ' | b'\t') {
            return false;
        }
        self.b[self.line_start.min(self.pos)..self.pos]
            .iter()
            .all(|&c| c == b' ' || c == b'\t')
    }

    /// After a node in block context: the rest of its line must be blank or a comment.
    fn end_line(&mut self) {
        if self.at_line_start() {
            return;
        }
        let mut i = self.pos;
        while matches!(self.at(i), b' ' | b'\t') {
            i += 1;
        }
        match self.at(i) {
            b'\n' | b'\r' | EOF => {
                self.pos = i;
                return;
            }
            b'#' if i > self.pos => {
                self.pos = i;
                return;
            }
            _ => {}
        }
        let end = self.line_text_end(i);
        self.error(i, end, "unexpected text after the value");
        self.pos = end;
    }

    fn document(&mut self) -> Option<Value> {
        self.skip_trivia();
        if self.at_end() {
            return None;
        }
        self.saw_content = true;
        self.directives = false;
        let root = self.node_at(-1, Ctx::Root, true);
        self.end_line();
        let mut reported = false;
        loop {
            self.skip_trivia();
            if self.at_end() {
                break;
            }
            let before = self.pos;
            if !reported {
                reported = true;
                let end = self.line_text_end(before);
                self.error(
                    before,
                    end,
                    "unexpected content after the document's root value",
                );
            }
            let _ = self.node_at(-1, Ctx::Root, true);
            if self.pos == before {
                self.pos = self.line_text_end(before);
            }
            self.end_line();
        }
        root
    }
}

/// A blank: a space, a tab, a line break or the end.
fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | EOF)
}

fn is_flow_indicator(c: u8) -> bool {
    matches!(c, b',' | b'[' | b']' | b'{' | b'}')
}
