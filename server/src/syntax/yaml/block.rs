//! Block structure: mappings and sequences laid out by indentation.
//!
//! A block collection at column `c` inside a block indented `n` (`n < c`, or `n == c` for a
//! sequence that is a mapping value at the mapping's own column) goes on while the next line
//! is indented deeper than `n`. Its lines at other columns than `c` are reported and read as
//! its own (a key too deep or not deep enough, an entry without its `- `): the lines after a
//! broken one stay where they were.

use super::props::apply_merges;
use super::scalar::Stop;
use super::{Ctx, EOF, MAX_DEPTH, Parser, is_blank};
use crate::syntax::{Array, Member, Object, Scalar, StringLit, TextRange, Value};

/// A mapping key, scanned up to its `:`.
pub(super) struct Key {
    pub lit: StringLit,
    /// The offset of the `:`, when there is one.
    pub colon: Option<usize>,
    /// A plain `<<`.
    pub merge: bool,
    /// The key already has an error (an unterminated quote): no "expected ':'".
    pub quiet: bool,
}

impl<'a> Parser<'a> {
    /// The node after a `:` or `-` (on the same line or on the lines below, indented deeper
    /// than `n`), or None when there is none.
    pub(super) fn block_node(&mut self, n: isize, ctx: Ctx) -> Option<Value> {
        let crossed = self.skip_trivia();
        if !self.continues(n, ctx, crossed) {
            return None;
        }
        self.node_at(n, ctx, crossed)
    }

    /// The next content (at `pos`) belongs to a node in a block indented `n`.
    fn continues(&self, n: isize, ctx: Ctx, crossed: bool) -> bool {
        if self.at_end() {
            return false;
        }
        if !crossed {
            return true;
        }
        let c = self.col() as isize;
        c > n || (ctx == Ctx::Value && c == n && self.at_dash())
    }

    /// The node starting at `pos`. `fresh`: it starts its line.
    pub(super) fn node_at(&mut self, n: isize, ctx: Ctx, fresh: bool) -> Option<Value> {
        if self.depth >= MAX_DEPTH {
            return Some(self.skip_deep_block(n));
        }
        if !matches!(self.peek(), b'!' | b'&') {
            return self.content(n, ctx, fresh).0;
        }
        let props = self.properties();
        let crossed = self.skip_trivia();
        self.depth += 1;
        let value = if self.at_end() {
            None
        } else if crossed {
            if self.continues(n, ctx, true) {
                self.node_at(n, ctx, true)
            } else {
                None
            }
        } else {
            match self.content(n, ctx, fresh) {
                // The properties belong to the mapping's first key (and are dropped).
                (value, true) => {
                    self.depth -= 1;
                    return value;
                }
                (value, false) => value,
            }
        };
        self.depth -= 1;
        self.wrap(props, value)
    }

    /// The content of a node at `pos` (properties already read). Returns the node and whether
    /// it is a block mapping whose first key starts at `pos` (such a key takes the properties
    /// written before it on its line).
    fn content(&mut self, n: isize, ctx: Ctx, fresh: bool) -> (Option<Value>, bool) {
        let col = self.col();
        let start = self.pos;
        // A block collection cannot start on its key's line (`a: b: c`, `a: - b`).
        let inline = !fresh && ctx == Ctx::Value;
        match self.peek() {
            b'-' if is_blank(self.at(start + 1)) => {
                if inline {
                    self.error(
                        start,
                        start + 1,
                        "a sequence cannot start on its key's line",
                    );
                }
                (Some(Value::Array(self.block_sequence(col, n))), false)
            }
            b'?' | b':' if is_blank(self.at(start + 1)) => {
                if inline {
                    self.error(start, start + 1, "a mapping cannot start on its key's line");
                }
                (Some(Value::Object(self.block_mapping(col, n, None))), true)
            }
            b'|' | b'>' => (Some(Value::String(self.block_scalar(n))), false),
            b'[' | b'{' => (Some(self.flow_collection(n)), false),
            b'*' => (Some(self.alias()), false),
            b'"' | b'\'' => {
                let lit = self.quoted(n);
                if let Some(colon) = self.colon_after(self.pos) {
                    if inline {
                        self.error(
                            start,
                            lit.range.end as usize,
                            "a mapping cannot start on its key's line",
                        );
                    }
                    let key = Key {
                        quiet: !lit.terminated,
                        lit,
                        colon: Some(colon),
                        merge: false,
                    };
                    return (
                        Some(Value::Object(self.block_mapping(col, n, Some(key)))),
                        true,
                    );
                }
                if (fresh || ctx == Ctx::Item) && self.key_line_follows(col) {
                    return (Some(self.half_typed(col, n, lit)), true);
                }
                (Some(Value::String(lit)), false)
            }
            c @ (b',' | b']' | b'}' | b'@' | b'`' | b'%') => {
                let end = self.line_text_end(start);
                self.error(start, start + 1, format!("unexpected '{}'", c as char));
                self.pos = end;
                self.last = end;
                let text = self.slice(start, end).to_string();
                (
                    Some(Value::Error(Scalar {
                        range: TextRange::new(start, end),
                        text,
                    })),
                    false,
                )
            }
            _ => {
                let (end, stop) = self.plain_line(start);
                if let Stop::Colon(colon) = stop {
                    if inline {
                        self.error(start, end, "a mapping cannot start on its key's line");
                    }
                    let key = self.plain_key(start, end, Some(colon));
                    return (
                        Some(Value::Object(self.block_mapping(col, n, Some(key)))),
                        true,
                    );
                }
                let lit = self.plain_value(n, end, stop);
                if (fresh || ctx == Ctx::Item) && !lit.has_escapes && self.key_line_follows(col) {
                    return (Some(self.half_typed(col, n, lit)), true);
                }
                (Some(Self::plain_node(lit)), false)
            }
        }
    }

    /// A plain key `start..end` (its `:` at `colon`), consumed.
    fn plain_key(&mut self, start: usize, end: usize, colon: Option<usize>) -> Key {
        let text = self.slice(start, end);
        self.pos = end;
        self.last = end;
        Key {
            lit: StringLit {
                range: TextRange::new(start, end),
                value: text.to_string(),
                terminated: true,
                has_escapes: false,
            },
            colon,
            merge: text == "<<",
            quiet: false,
        }
    }

    /// A scalar alone on its line, followed by a key at its column: a half-typed first key.
    fn half_typed(&mut self, col: usize, n: isize, lit: StringLit) -> Value {
        let key = Key {
            quiet: !lit.terminated,
            lit,
            colon: None,
            merge: false,
        };
        Value::Object(self.block_mapping(col, n, Some(key)))
    }

    /// The `:` after a quoted key at `i` (blanks allowed before it), on the same line.
    fn colon_after(&self, mut i: usize) -> Option<usize> {
        while matches!(self.at(i), b' ' | b'\t') {
            i += 1;
        }
        (self.at(i) == b':').then_some(i)
    }

    /// Whether the next content line starts at column `col` with something like a key (a
    /// look-ahead: nothing is consumed or recorded).
    fn key_line_follows(&mut self, col: usize) -> bool {
        let m = self.mark();
        self.skip_trivia();
        let yes = !self.at_end() && self.col() == col && self.line_is_key(self.pos);
        self.reset(m);
        yes
    }

    /// Whether the line from `i` starts with a mapping key and its `:`.
    fn line_is_key(&self, mut i: usize) -> bool {
        while matches!(self.at(i), b'!' | b'&') {
            i = self.name_end(i + 1);
            while matches!(self.at(i), b' ' | b'\t') {
                i += 1;
            }
        }
        let c = self.at(i);
        match c {
            b'?' => is_blank(self.at(i + 1)),
            b'"' | b'\'' => {
                let mut k = i + 1;
                loop {
                    match self.at(k) {
                        EOF | b'\n' | b'\r' => return false,
                        b'\\' if c == b'"' => k += 2,
                        b'\'' if c == b'\'' && self.at(k + 1) == b'\'' => k += 2,
                        q if q == c => break,
                        _ => k += 1,
                    }
                }
                self.colon_after(k + 1).is_some()
            }
            b'-' | b':' if is_blank(self.at(i + 1)) => false,
            b'[' | b'{' | b'|' | b'>' | b'*' | b'#' | b',' | b']' | b'}' | b'@' | b'`' | b'%'
            | EOF | b'\n' | b'\r' => false,
            _ => matches!(self.plain_line(i).1, Stop::Colon(_)),
        }
    }

    /// A block mapping whose keys are at column `col`, in a block indented `n`; `first` is
    /// its first key when already scanned (else the mapping starts at `pos`).
    pub(super) fn block_mapping(&mut self, col: usize, n: isize, first: Option<Key>) -> Object {
        self.depth += 1;
        let start = first
            .as_ref()
            .map_or(self.pos, |k| k.lit.range.start as usize);
        let mut members = Vec::new();
        let mut merges = Vec::new();
        let mut key = first;
        loop {
            if key.is_none() {
                key = self.mapping_key(col);
            }
            if let Some(k) = key.take() {
                let merge = k.merge;
                let mut member = self.member(k, col);
                match merge.then(|| self.merge_sources(&mut member)).flatten() {
                    Some(sources) => merges.push((members.len(), sources)),
                    None => members.push(member),
                }
            }
            self.end_line();
            self.skip_trivia();
            if self.at_end() {
                break;
            }
            let c = self.col();
            if (c as isize) <= n || (self.at_dash() && self.seq_cols.contains(&c)) {
                break;
            }
        }
        self.depth -= 1;
        if !merges.is_empty() {
            members = apply_merges(members, merges);
        }
        Object {
            range: TextRange::new(start, self.last.max(start)),
            members,
            closed: true,
        }
    }

    /// The key on the line at `pos`, in a mapping whose keys are at column `col`. None when
    /// the line holds no key (it is reported, and consumed).
    fn mapping_key(&mut self, col: usize) -> Option<Key> {
        let line_col = self.col();
        if matches!(self.peek(), b'!' | b'&') {
            // Properties on a key: dropped.
            let s = self.pos;
            let _ = self.properties();
            if matches!(self.peek(), b'\n' | b'\r' | b'#' | EOF) {
                self.error(
                    s,
                    self.last,
                    "expected a mapping key after the tag or anchor",
                );
                return None;
            }
        }
        let start = self.pos;
        let next = self.at(start + 1);
        let key = match self.peek() {
            b'-' if is_blank(next) => {
                self.error(
                    start,
                    start + 1,
                    "expected a mapping key, found a sequence entry",
                );
                let _ = self.block_sequence(line_col, line_col as isize);
                return None;
            }
            b'?' if is_blank(next) => self.explicit_key(col),
            b':' if is_blank(next) => {
                self.error(start, start + 1, "expected a mapping key before ':'");
                self.pos += 1;
                self.last = start + 1;
                let _ = self.block_node(col as isize, Ctx::Value);
                return None;
            }
            b'"' | b'\'' => {
                let lit = self.quoted(col as isize);
                let colon = self.colon_after(self.pos);
                Key {
                    quiet: !lit.terminated,
                    lit,
                    colon,
                    merge: false,
                }
            }
            b',' | b']' | b'}' | b'@' | b'`' | b'%' => {
                // Reported as unexpected by `content`.
                let _ = self.content(col as isize, Ctx::Value, true);
                return None;
            }
            b'[' | b'{' | b'|' | b'>' | b'*' => {
                // A node that cannot be a key: read (so that its lines are consumed), dropped.
                let mark = self.errors.len();
                let _ = self.content(col as isize, Ctx::Value, true);
                let end = self.last.max(self.char_end(start));
                self.errors.insert(
                    mark,
                    crate::syntax::SyntaxError {
                        range: TextRange::new(start, end),
                        message: "expected a mapping key".to_string(),
                    },
                );
                return None;
            }
            _ => {
                let (end, stop) = self.plain_line(start);
                let colon = match stop {
                    Stop::Colon(c) => Some(c),
                    _ => None,
                };
                self.plain_key(start, end, colon)
            }
        };
        if line_col != col && key.colon.is_some() {
            let r = key.lit.range;
            self.error(
                r.start as usize,
                r.end as usize,
                "bad indentation of a mapping key",
            );
        }
        Some(key)
    }

    /// `? key` at `pos`, with its `:` (on the key's line or at column `col` below).
    fn explicit_key(&mut self, col: usize) -> Key {
        let q = self.pos;
        self.pos += 1;
        self.last = q + 1;
        let node = self.block_node(col as isize, Ctx::Item);
        let lit = match node {
            Some(Value::String(s)) if s.range.start as usize > q => s,
            Some(Value::Null(s)) if s.range.start as usize > q => StringLit {
                range: s.range,
                value: s.text,
                terminated: true,
                has_escapes: false,
            },
            None => StringLit {
                range: TextRange::new(q, q),
                value: String::new(),
                terminated: true,
                has_escapes: false,
            },
            Some(_) => {
                let end = self.last.max(q + 1);
                self.error(q, end, "a mapping key must be a scalar");
                StringLit {
                    range: TextRange::new(q, end),
                    value: self.slice(q, end).to_string(),
                    terminated: true,
                    has_escapes: false,
                }
            }
        };
        let mut colon = None;
        if !self.at_line_start() {
            colon = self.colon_after(self.pos);
        }
        if colon.is_none() {
            let m = self.mark();
            self.skip_trivia();
            if self.col() == col && self.peek() == b':' && is_blank(self.at(self.pos + 1)) {
                colon = Some(self.pos);
            } else {
                self.reset(m);
            }
        }
        // `? key` without `:` is complete (its value is empty).
        Key {
            quiet: true,
            lit,
            colon,
            merge: false,
        }
    }

    /// A member from its key: the `:` and the value below or after it.
    fn member(&mut self, key: Key, col: usize) -> Member {
        let start = key.lit.range.start as usize;
        let mut value = None;
        match key.colon {
            Some(c) => {
                self.pos = c + 1;
                self.last = c + 1;
                value = self.block_node(col as isize, Ctx::Value);
            }
            None => {
                if !key.quiet {
                    let r = key.lit.range;
                    self.error(
                        r.start as usize,
                        r.end as usize,
                        "expected ':' after the key",
                    );
                }
            }
        }
        Member {
            range: TextRange::new(start, self.last.max(start)),
            key: key.lit,
            colon: key.colon.map(|c| c as u32),
            value,
        }
    }

    /// A block sequence whose `-` are at column `col`, in a block indented `n`.
    pub(super) fn block_sequence(&mut self, col: usize, n: isize) -> Array {
        self.depth += 1;
        self.seq_cols.push(col);
        let start = self.pos;
        let mut items = Vec::new();
        loop {
            let line = self.pos;
            if self.at_dash() {
                if self.col() != col {
                    self.error(line, line + 1, "bad indentation of a sequence entry");
                }
                self.pos += 1;
                self.last = line + 1;
                match self.block_node(col as isize, Ctx::Item) {
                    Some(v) => items.push(v),
                    None => self.error(line, line + 1, "expected an item after '-'"),
                }
            } else {
                // An entry without its `- `.
                let end = self.line_text_end(line);
                self.error(line, end, "expected '- ' before the item");
                let c = self.col() as isize;
                if let Some(v) = self.node_at(c - 1, Ctx::Item, true) {
                    items.push(v);
                }
                if self.pos == line {
                    self.pos = end;
                }
            }
            self.end_line();
            self.skip_trivia();
            if self.at_end() {
                break;
            }
            let c = self.col();
            let dash = self.at_dash();
            if ((c as isize) <= n && !(dash && c == col)) || (!dash && c < col) {
                break;
            }
        }
        self.seq_cols.pop();
        self.depth -= 1;
        Array {
            range: TextRange::new(start, self.last.max(start)),
            items,
            closed: true,
        }
    }

    /// Skips a node nested deeper than [`MAX_DEPTH`]: the rest of its line and the lines
    /// indented deeper than `n` after it.
    fn skip_deep_block(&mut self, n: isize) -> Value {
        let start = self.pos;
        let mut end = self.line_text_end(start);
        let mut p = self.eol(start);
        let mut ls = self.line_start;
        loop {
            let len = self.break_len(p);
            if len == 0 {
                break;
            }
            let after = p + len;
            let mut q = after;
            while matches!(self.at(q), b' ' | b'\t') {
                q += 1;
            }
            match self.at(q) {
                EOF => break,
                b'\n' | b'\r' => {
                    p = q;
                    continue;
                }
                _ => {}
            }
            if ((q - after) as isize) <= n {
                break;
            }
            ls = after;
            end = self.line_text_end(q);
            p = self.eol(q);
        }
        self.error(
            start,
            self.char_end(start),
            format!("nesting too deep: more than {MAX_DEPTH} levels of mappings and sequences"),
        );
        self.pos = end;
        self.line_start = ls;
        self.last = end;
        Value::Error(Scalar {
            range: TextRange::new(start, end),
            text: self.slice(start, end).to_string(),
        })
    }
}
