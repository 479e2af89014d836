//! Flow collections: `[a, b]` and `{a: b}`, JSON included. They may span lines, each indented
//! deeper than the block that holds them (a closer may stand at that block's column); an
//! unclosed one ends where that block ends.

use super::props::apply_merges;
use super::scalar::Stop;
use super::{EOF, MAX_DEPTH, Parser, is_blank, is_flow_indicator};
use crate::syntax::{Array, Member, Object, Scalar, StringLit, TextRange, Value};

/// Where a flow collection's loop is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    AfterComma,
    AfterElement,
}

/// A `:` at `i` followed by a blank or a flow indicator (or adjacent to a JSON-like key).
fn value_indicator(p: &Parser, i: usize, adjacent: bool) -> bool {
    p.at(i) == b':' && (adjacent || is_blank(p.at(i + 1)) || is_flow_indicator(p.at(i + 1)))
}

impl<'a> Parser<'a> {
    /// A flow collection at `pos` (`[` or `{`) in a block indented `n`.
    pub(super) fn flow_collection(&mut self, n: isize) -> Value {
        if self.depth >= MAX_DEPTH {
            return self.skip_deep_flow(n);
        }
        self.depth += 1;
        let value = if self.peek() == b'[' {
            Value::Array(self.flow_seq(n))
        } else {
            Value::Object(self.flow_map(n))
        };
        self.depth -= 1;
        value
    }

    /// Skips trivia inside a flow collection. False (nothing skipped) at the end of the text
    /// or at a line indented no deeper than `n` that does not start with a closer: the
    /// collection ends there.
    fn flow_trivia(&mut self, n: isize) -> bool {
        let m = self.mark();
        let crossed = self.skip_trivia();
        if self.at_end()
            || (crossed && (self.col() as isize) <= n && !matches!(self.peek(), b']' | b'}'))
        {
            self.reset(m);
            return false;
        }
        true
    }

    /// Handles a closer that is not the innermost collection's: true when it closes an
    /// enclosing collection (this one's closer is missing); else it is reported and skipped.
    fn foreign_closer(&mut self) -> bool {
        let c = self.peek();
        let n = self.flow.len();
        if self.flow[..n - 1].contains(&c) {
            return true;
        }
        self.error(
            self.pos,
            self.pos + 1,
            format!("unexpected '{}'", c as char),
        );
        self.pos += 1;
        self.last = self.pos;
        false
    }

    /// A comma inside a flow collection.
    fn flow_comma(&mut self, state: State, element: &str) -> State {
        let p = self.pos;
        match state {
            State::Start => self.error(
                p,
                p + 1,
                format!("unexpected ',' before the first {element}"),
            ),
            State::AfterComma => self.error(p, p + 1, "extra comma"),
            State::AfterElement => {}
        }
        self.pos += 1;
        self.last = p + 1;
        State::AfterComma
    }

    /// Reports and skips one character that cannot start anything here.
    fn flow_junk(&mut self) {
        let p = self.pos;
        let end = self.char_end(p);
        self.error(p, end, format!("unexpected '{}'", self.slice(p, end)));
        self.pos = end;
        self.last = end;
    }

    fn flow_seq(&mut self, n: isize) -> Array {
        let open = self.pos;
        self.pos += 1;
        self.last = open + 1;
        self.flow.push(b']');
        let mut items = Vec::new();
        let mut state = State::Start;
        let closed = loop {
            if !self.flow_trivia(n) {
                break false;
            }
            match self.peek() {
                b']' => {
                    self.pos += 1;
                    self.last = self.pos;
                    break true;
                }
                b'}' => {
                    if self.foreign_closer() {
                        break false;
                    }
                }
                b',' => state = self.flow_comma(state, "item"),
                _ => {
                    let before = self.pos;
                    if state == State::AfterElement {
                        self.error(before, self.char_end(before), "missing ',' between items");
                    }
                    if let Some(item) = self.flow_item(n) {
                        items.push(item);
                    }
                    if self.pos == before {
                        self.flow_junk();
                    }
                    state = State::AfterElement;
                }
            }
        };
        self.flow.pop();
        if !closed {
            self.error(open, open + 1, "missing closing ']'");
        }
        Array {
            range: TextRange::new(open, self.last),
            items,
            closed,
        }
    }

    fn flow_map(&mut self, n: isize) -> Object {
        let open = self.pos;
        self.pos += 1;
        self.last = open + 1;
        self.flow.push(b'}');
        let mut members = Vec::new();
        let mut merges = Vec::new();
        let mut state = State::Start;
        let closed = loop {
            if !self.flow_trivia(n) {
                break false;
            }
            match self.peek() {
                b'}' => {
                    self.pos += 1;
                    self.last = self.pos;
                    break true;
                }
                b']' => {
                    if self.foreign_closer() {
                        break false;
                    }
                }
                b',' => state = self.flow_comma(state, "member"),
                _ => {
                    let before = self.pos;
                    // (`a: 1 b: 2` gets one error, at the `:` without a key.)
                    if state == State::AfterElement && !value_indicator(self, before, false) {
                        self.error(before, self.char_end(before), "missing ',' between members");
                    }
                    if let Some(mut member) = self.flow_member(n) {
                        let merge = member.colon.is_some()
                            && member.key.value == "<<"
                            && self.at(member.key.range.start as usize) == b'<';
                        match merge.then(|| self.merge_sources(&mut member)).flatten() {
                            Some(sources) => merges.push((members.len(), sources)),
                            None => members.push(member),
                        }
                    }
                    if self.pos == before {
                        self.flow_junk();
                    }
                    state = State::AfterElement;
                }
            }
        };
        self.flow.pop();
        if !closed {
            self.error(open, open + 1, "missing closing '}'");
        }
        if !merges.is_empty() {
            members = apply_merges(members, merges);
        }
        Object {
            range: TextRange::new(open, self.last),
            members,
            closed,
        }
    }

    /// An item of a flow sequence: a node, or a one-pair mapping `key: value`.
    fn flow_item(&mut self, n: isize) -> Option<Value> {
        let start = self.pos;
        let explicit = self.peek() == b'?' && is_blank(self.at(start + 1));
        if explicit || value_indicator(self, start, false) {
            let member = self.flow_member(n)?;
            return Some(Value::Object(Object {
                range: TextRange::new(start, self.last.max(start)),
                members: vec![member],
                closed: true,
            }));
        }
        let json_like = matches!(self.peek(), b'"' | b'\'' | b'[' | b'{');
        let node = self.flow_node(n)?;
        let mut i = self.pos;
        while matches!(self.at(i), b' ' | b'\t') {
            i += 1;
        }
        if !value_indicator(self, i, json_like) {
            return Some(node);
        }
        let key = self.key_from(node, start);
        let member = self.flow_member_value(n, key, i);
        Some(Value::Object(Object {
            range: TextRange::new(start, self.last.max(start)),
            members: vec![member],
            closed: true,
        }))
    }

    /// A member of a flow mapping (or a pair in a flow sequence): `key: value`, `key` alone,
    /// `? key: value` or `: value`. None when nothing could be read.
    fn flow_member(&mut self, n: isize) -> Option<Member> {
        let mut start = self.pos;
        if self.peek() == b'?' && is_blank(self.at(start + 1)) {
            self.pos += 1;
            self.last = self.pos;
            if !self.flow_trivia(n) {
                return None;
            }
            start = self.pos;
        }
        let json_like = matches!(self.peek(), b'"' | b'\'' | b'[' | b'{');
        let key = if value_indicator(self, self.pos, false) {
            self.error(start, start + 1, "expected a key before ':'");
            StringLit {
                range: TextRange::new(start, start),
                value: String::new(),
                terminated: true,
                has_escapes: false,
            }
        } else {
            let node = self.flow_node(n)?;
            self.key_from(node, start)
        };
        let m = self.mark();
        if self.flow_trivia(n) && value_indicator(self, self.pos, json_like) {
            let colon = self.pos;
            return Some(self.flow_member_value(n, key, colon));
        }
        self.reset(m);
        Some(Member {
            range: TextRange::new(
                key.range.start as usize,
                self.last.max(key.range.end as usize),
            ),
            key,
            colon: None,
            value: None,
        })
    }

    /// The member whose key is `key` and whose `:` is at `colon`: the value after it.
    fn flow_member_value(&mut self, n: isize, key: StringLit, colon: usize) -> Member {
        self.pos = colon + 1;
        self.last = colon + 1;
        let value = if self.flow_trivia(n) && !matches!(self.peek(), b',' | b']' | b'}') {
            self.flow_node(n)
        } else {
            None
        };
        Member {
            range: TextRange::new(key.range.start as usize, self.last),
            key,
            colon: Some(colon as u32),
            value,
        }
    }

    /// A node read where a key belongs, as a key: scalars by their value, anything else
    /// (reported) by its text. A clone (from an alias) takes the alias's range.
    fn key_from(&mut self, node: Value, start: usize) -> StringLit {
        let end = self.last.max(start);
        let here = |r: TextRange| r.start as usize >= start && r.end as usize <= end;
        match node {
            Value::String(s) if here(s.range) => s,
            Value::Null(s) | Value::Error(s) if here(s.range) => StringLit {
                range: s.range,
                value: s.text,
                terminated: true,
                has_escapes: false,
            },
            Value::Computed(c) if matches!(c.arg.as_deref(), Some(Value::String(_))) => {
                match c.arg.map(|a| *a) {
                    Some(Value::String(s)) if here(s.range) => s,
                    _ => self.text_key(start, end),
                }
            }
            Value::String(s) => StringLit {
                range: TextRange::new(start, end),
                value: s.value,
                terminated: true,
                has_escapes: true,
            },
            _ => {
                self.error(start, end, "a mapping key must be a scalar");
                self.text_key(start, end)
            }
        }
    }

    fn text_key(&self, start: usize, end: usize) -> StringLit {
        StringLit {
            range: TextRange::new(start, end),
            value: self.slice(start, end).to_string(),
            terminated: true,
            has_escapes: false,
        }
    }

    /// A node inside a flow collection (None when there is none at `pos`).
    fn flow_node(&mut self, n: isize) -> Option<Value> {
        if matches!(self.peek(), b'!' | b'&') {
            if self.depth >= MAX_DEPTH {
                return Some(self.skip_deep_flow(n));
            }
            let props = self.properties();
            self.depth += 1;
            let value = if self.flow_trivia(n)
                && !matches!(self.peek(), b',' | b']' | b'}')
                && !value_indicator(self, self.pos, false)
            {
                self.flow_node(n)
            } else {
                None
            };
            self.depth -= 1;
            return self.wrap(props, value);
        }
        let start = self.pos;
        let c = self.peek();
        match c {
            b'[' | b'{' => Some(self.flow_collection(n)),
            b'"' | b'\'' => Some(Value::String(self.quoted(n))),
            b'*' => Some(self.alias()),
            b',' | b']' | b'}' | EOF => None,
            b':' if value_indicator(self, start, false) => None,
            b'|' | b'>' | b'@' | b'`' | b'%' | b'#' => {
                let (end, _) = self.plain_line(start + 1);
                let end = end.max(start + 1);
                self.error(start, start + 1, format!("unexpected '{}'", c as char));
                self.pos = end;
                self.last = end;
                Some(Value::Error(Scalar {
                    range: TextRange::new(start, end),
                    text: self.slice(start, end).to_string(),
                }))
            }
            b'-' | b'?' if is_blank(self.at(start + 1)) => {
                self.error(start, start + 1, format!("unexpected '{}'", c as char));
                self.pos += 1;
                self.last = self.pos;
                None
            }
            _ => {
                let (end, stop) = self.plain_line(start);
                if end == start {
                    return None;
                }
                if let Stop::Colon(_) = stop {
                    // A key: keys are one line.
                    self.pos = end;
                    self.last = end;
                    return Some(Self::plain_node(StringLit {
                        range: TextRange::new(start, end),
                        value: self.slice(start, end).to_string(),
                        terminated: true,
                        has_escapes: false,
                    }));
                }
                let lit = self.plain_value(n, end, stop);
                Some(Self::plain_node(lit))
            }
        }
    }

    /// Skips a flow collection nested deeper than [`MAX_DEPTH`] by counting brackets, up to
    /// its closer or the end of its block.
    fn skip_deep_flow(&mut self, n: isize) -> Value {
        let start = self.pos;
        let mut depth = 0usize;
        let mut end = start;
        while !self.at_end() {
            match self.peek() {
                b'[' | b'{' => depth += 1,
                b']' | b'}' => depth = depth.saturating_sub(1),
                b'\n' | b'\r' => {
                    let m = self.mark();
                    self.newline();
                    while matches!(self.peek(), b' ' | b'\t') {
                        self.pos += 1;
                    }
                    if self.at_end()
                        || ((self.col() as isize) <= n
                            && !matches!(self.peek(), b']' | b'}' | b'\n' | b'\r'))
                    {
                        self.reset(m);
                        break;
                    }
                    continue;
                }
                b' ' | b'\t' => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            self.pos = self.char_end(self.pos);
            end = self.pos;
            if depth == 0 {
                break;
            }
        }
        let end = end.max(self.char_end(start));
        self.pos = self.pos.max(end);
        self.error(
            start,
            start + 1,
            format!("nesting too deep: more than {MAX_DEPTH} levels of mappings and sequences"),
        );
        self.last = end;
        Value::Error(Scalar {
            range: TextRange::new(start, end),
            text: self.slice(start, end).to_string(),
        })
    }
}
