//! The error-tolerant recursive-descent parser behind [`parse`].
//!
//! Termination: every loop iteration either consumes a token or leaves the loop, and a container
//! that gives up on a token (a closer that belongs to an enclosing container, a property name
//! that belongs to the enclosing object) returns to its parent, which consumes it. Recursion is
//! limited to [`MAX_DEPTH`] containers; deeper structure is skipped by counting brackets.
//!
//! Recovery rules, chosen for half-typed IAM policies:
//! - A closer that does not match the innermost container is read by what follows it (see
//!   [`Parser::mismatched_closer`]): as closing an enclosing container (the innermost one's
//!   closer is missing), as a typo for the right closer, or as one closer too many.
//! - In an array inside an object, a string followed by `:` is a property name: the array was
//!   left open (`"Action": ["s3:Get` followed by `"Resource": ...`).
//! - In an object inside an array, a `{` where a property name belongs starts the next array
//!   element: the object was left open (a statement missing its `}`).
//! - After `"key":`, a string followed by `:` is the next property, not the value.
//! - "missing comma" is not reported after an element already reported as incomplete
//!   (unterminated string, unclosed container, missing value): one mistake, one error.
//! - An unclosed container's range ends at the last token consumed inside it; one closed by the
//!   wrong bracket (a typo) includes that bracket and has `closed: false`.

use super::lexer::{Following, Lexer, Token, TokenKind, number_error};
use super::{Array, Member, Object, Parse, Scalar, StringLit, SyntaxError, TextRange, Value};

/// Containers nested deeper than this are skipped with an error (no stack overflow).
pub const MAX_DEPTH: usize = 128;

/// Parses JSON with comments, recovering from every error. Never panics; linear time.
pub fn parse(text: &str) -> Parse {
    let mut p = Parser::new(text);
    let root = p.document();
    let mut errors = std::mem::take(&mut p.lexer.errors);
    // Lexer errors of a look-ahead token come before parser errors about earlier tokens.
    errors.sort_by_key(|e| e.range.start);
    Parse {
        root,
        errors,
        comments: std::mem::take(&mut p.lexer.comments),
    }
}

struct Parser<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    cur: Token,
    /// The last consumed token's range.
    prev: TextRange,
    /// The kinds of the open containers, outermost first (its length is the nesting depth).
    open: Vec<Kind>,
    open_objects: usize,
    open_arrays: usize,
    /// Caches for the look-aheads (token start, answer): each is done at most once per token.
    colon_peek: Option<(u32, bool)>,
    following_peek: Option<(u32, Following)>,
    /// Cache for the search of the container a mismatched closer matches.
    match_peek: Option<(u32, Option<usize>)>,
    /// The members/items of every open container, innermost last. A container moves its own
    /// into an exactly sized `Vec` when it ends: one allocation per container, no regrowth.
    member_stack: Vec<Member>,
    item_stack: Vec<Value>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Object,
    Array,
}

/// How to read a closer that does not match the innermost container.
enum Closer {
    Missing,
    Typo,
    Extra,
}

/// Whether `following` can come next inside a container of kind `parent` (None: after the
/// whole document), right after one of its elements.
fn fits_after(parent: Option<Kind>, following: Following) -> bool {
    match parent {
        None => following == Following::Eof,
        Some(Kind::Object) => matches!(following, Following::CloseBrace | Following::CommaKey),
        Some(Kind::Array) => matches!(
            following,
            Following::CloseBracket | Following::CommaOpenBrace | Following::CommaValue
        ),
    }
}

/// How a container ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    /// By its own closer.
    Closed,
    /// Its closer is missing (end of text, or a token that belongs to an enclosing container).
    Missing,
    /// By the other kind of closer, taken as a typo (already reported).
    WrongCloser,
}

/// Where a container's loop is: right after the opener, after a comma, or after an element.
#[derive(Clone, Copy)]
enum State {
    Start,
    AfterComma(TextRange),
    /// `quiet`: the element already has an error that explains a missing comma.
    AfterElement {
        quiet: bool,
    },
}

fn is_value_start(kind: TokenKind) -> bool {
    use TokenKind::*;
    matches!(
        kind,
        LBrace | LBracket | String | Number | True | False | Null | Word
    )
}

fn describe(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::LBrace => "'{'",
        TokenKind::RBrace => "'}'",
        TokenKind::LBracket => "'['",
        TokenKind::RBracket => "']'",
        TokenKind::Colon => "':'",
        TokenKind::Comma => "','",
        TokenKind::String => "a string",
        TokenKind::Number => "a number",
        TokenKind::True | TokenKind::False => "a boolean",
        TokenKind::Null => "null",
        TokenKind::Word => "a word",
        TokenKind::Eof => "the end of the text",
    }
}

/// True when the value is missing its end (it already carries an error saying so).
fn is_incomplete(value: &Value) -> bool {
    match value {
        Value::String(s) => !s.terminated,
        Value::Object(o) => !o.closed,
        Value::Array(a) => !a.closed,
        _ => false,
    }
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let mut lexer = Lexer::new(text);
        let cur = lexer.next_token();
        Parser {
            text,
            lexer,
            cur,
            prev: TextRange::new(cur.start as usize, cur.start as usize),
            open: Vec::new(),
            open_objects: 0,
            open_arrays: 0,
            colon_peek: None,
            following_peek: None,
            match_peek: None,
            member_stack: Vec::new(),
            item_stack: Vec::new(),
        }
    }

    fn bump(&mut self) {
        self.prev = self.cur.range();
        self.cur = self.lexer.next_token();
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.lexer.errors.push(SyntaxError {
            range,
            message: message.into(),
        });
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.cur.kind == kind
    }

    /// The current token is followed by a `:`.
    fn next_is_colon(&mut self) -> bool {
        match self.colon_peek {
            Some((start, answer)) if start == self.cur.start => answer,
            _ => {
                let answer = self.lexer.next_is_colon();
                self.colon_peek = Some((self.cur.start, answer));
                answer
            }
        }
    }

    /// The current token looks like the name of a property: a string followed by `:`, or a bare
    /// word/number/keyword followed by `:` that starts a new line (on the same line, `x:` is
    /// more likely a value typed without quotes).
    fn looks_like_key(&mut self) -> bool {
        match self.cur.kind {
            TokenKind::String => self.next_is_colon(),
            TokenKind::Word
            | TokenKind::Number
            | TokenKind::True
            | TokenKind::False
            | TokenKind::Null => self.cur.newline_before && self.next_is_colon(),
            _ => false,
        }
    }

    fn document(&mut self) -> Option<Value> {
        let mut root = None;
        while !self.at(TokenKind::Eof) {
            if is_value_start(self.cur.kind) {
                root = self.value();
                break;
            }
            let message = match self.cur.kind {
                TokenKind::RBrace => "unexpected '}' with no matching '{'".to_string(),
                TokenKind::RBracket => "unexpected ']' with no matching '['".to_string(),
                kind => format!("unexpected {}: expected a JSON value", describe(kind)),
            };
            self.error(self.cur.range(), message);
            self.bump();
        }
        if !self.at(TokenKind::Eof) {
            let start = self.cur.start;
            while !self.at(TokenKind::Eof) {
                self.bump();
            }
            let range = TextRange {
                start,
                end: self.prev.end,
            };
            self.error(range, "unexpected content after the JSON document");
        }
        root
    }

    /// A value at the current token, or None (nothing consumed) when the token cannot start one.
    fn value(&mut self) -> Option<Value> {
        let tok = self.cur;
        let value = match tok.kind {
            TokenKind::LBrace | TokenKind::LBracket if self.open.len() >= MAX_DEPTH => {
                self.skip_deep()
            }
            TokenKind::LBrace => Value::Object(self.object()),
            TokenKind::LBracket => Value::Array(self.array()),
            TokenKind::String => Value::String(self.string_lit()),
            TokenKind::Number => {
                if let Some(message) =
                    number_error(&self.text[tok.start as usize..tok.end as usize])
                {
                    self.error(tok.range(), message);
                }
                Value::Number(self.scalar())
            }
            TokenKind::True | TokenKind::False => Value::Bool(self.scalar()),
            TokenKind::Null => Value::Null(self.scalar()),
            TokenKind::Word => {
                let message = word_message(&self.text[tok.start as usize..tok.end as usize]);
                self.error(tok.range(), message);
                Value::Error(self.scalar())
            }
            _ => return None,
        };
        Some(value)
    }

    /// Consumes the current token as a scalar.
    fn scalar(&mut self) -> Scalar {
        let range = self.cur.range();
        self.bump();
        Scalar {
            range,
            text: self.text[range.as_range()].to_string(),
        }
    }

    /// Consumes the current string token.
    fn string_lit(&mut self) -> StringLit {
        let tok = self.cur;
        let value = if tok.has_escapes {
            std::mem::take(&mut self.lexer.escaped)
        } else {
            let end = if tok.terminated { tok.end - 1 } else { tok.end };
            self.text[tok.start as usize + 1..end as usize].to_string()
        };
        self.bump();
        StringLit {
            range: tok.range(),
            value,
            terminated: tok.terminated,
            has_escapes: tok.has_escapes,
        }
    }

    /// Skips a structure nested deeper than [`MAX_DEPTH`] by counting brackets.
    fn skip_deep(&mut self) -> Value {
        let start = self.cur.start;
        self.error(
            self.cur.range(),
            format!("nesting too deep: more than {MAX_DEPTH} levels of objects and arrays"),
        );
        let mut depth = 0usize;
        loop {
            match self.cur.kind {
                TokenKind::LBrace | TokenKind::LBracket => depth += 1,
                TokenKind::RBrace | TokenKind::RBracket => depth -= 1,
                TokenKind::Eof => break,
                _ => {}
            }
            self.bump();
            if depth == 0 {
                break;
            }
        }
        let range = TextRange {
            start,
            end: self.prev.end,
        };
        Value::Error(Scalar {
            range,
            text: self.text[range.as_range()].to_string(),
        })
    }

    fn object(&mut self) -> Object {
        let open = self.cur.range();
        self.bump();
        self.open.push(Kind::Object);
        self.open_objects += 1;
        let base = self.member_stack.len();
        let mut state = State::Start;
        let ended = loop {
            match self.cur.kind {
                TokenKind::RBrace => {
                    if let State::AfterComma(comma) = state {
                        self.error(comma, "trailing comma: remove the ',' before '}'");
                    }
                    self.bump();
                    break End::Closed;
                }
                TokenKind::Eof => break End::Missing,
                TokenKind::RBracket => match self.mismatched_closer() {
                    Closer::Missing => break End::Missing,
                    Closer::Typo => {
                        self.error(
                            self.cur.range(),
                            "expected '}' to close the object, found ']'",
                        );
                        self.bump();
                        break End::WrongCloser;
                    }
                    Closer::Extra => {
                        self.error(self.cur.range(), "unexpected ']'");
                        self.bump();
                    }
                },
                // A statement missing its `}`: the `{` starts the next element of the array.
                TokenKind::LBrace if self.open_arrays > 0 => break End::Missing,
                TokenKind::Comma => {
                    state = self.comma(state, "property");
                }
                TokenKind::Colon => {
                    self.error(self.cur.range(), "expected a property name before ':'");
                    self.bump();
                    if is_value_start(self.cur.kind) && !self.looks_like_key() {
                        self.value();
                    }
                    state = State::AfterElement { quiet: true };
                }
                TokenKind::LBrace | TokenKind::LBracket => {
                    let kind = if self.at(TokenKind::LBrace) {
                        "an object"
                    } else {
                        "an array"
                    };
                    self.error(
                        self.cur.range(),
                        format!("expected a property name, found {kind}"),
                    );
                    self.value();
                    state = State::AfterElement { quiet: true };
                }
                TokenKind::String
                | TokenKind::Word
                | TokenKind::Number
                | TokenKind::True
                | TokenKind::False
                | TokenKind::Null => {
                    if let State::AfterElement { quiet: false } = state {
                        self.error(self.prev, "missing comma between properties");
                    }
                    let member = self.member();
                    let quiet = match &member.value {
                        Some(value) => is_incomplete(value),
                        None => true,
                    };
                    self.member_stack.push(member);
                    state = State::AfterElement { quiet };
                }
            }
        };
        self.open.pop();
        self.open_objects -= 1;
        if ended == End::Missing {
            self.error(open, "missing closing '}'");
        }
        let members = self.member_stack.split_off(base);
        let range = TextRange {
            start: open.start,
            end: self.prev.end,
        };
        Object {
            range,
            members,
            closed: ended == End::Closed,
        }
    }

    /// A property at the current token (a string, or a bare word reported as an error).
    fn member(&mut self) -> Member {
        let tok = self.cur;
        let key = if tok.kind == TokenKind::String {
            self.string_lit()
        } else {
            self.error(tok.range(), "property names must be in double quotes");
            self.bump();
            StringLit {
                range: tok.range(),
                value: self.text[tok.start as usize..tok.end as usize].to_string(),
                terminated: true,
                has_escapes: false,
            }
        };
        let mut colon = None;
        let value;
        if self.at(TokenKind::Colon) {
            let colon_range = self.cur.range();
            colon = Some(colon_range.start);
            self.bump();
            if is_value_start(self.cur.kind) && !self.looks_like_key() {
                value = self.value();
            } else {
                self.error(colon_range, "expected a value after ':'");
                value = None;
            }
        } else if is_value_start(self.cur.kind) && !self.looks_like_key() {
            self.error(key.range, "expected ':' after the property name");
            value = self.value();
        } else {
            // An unterminated key is still being typed, a bare word already has an error: one
            // error is enough.
            if key.terminated && tok.kind == TokenKind::String {
                self.error(key.range, "expected ':' after the property name");
            }
            value = None;
        }
        let end = match &value {
            Some(v) => v.range().end,
            None => colon.map_or(key.range.end, |c| c + 1),
        };
        Member {
            range: TextRange {
                start: key.range.start,
                end,
            },
            key,
            colon,
            value,
        }
    }

    fn array(&mut self) -> Array {
        let open = self.cur.range();
        self.bump();
        self.open.push(Kind::Array);
        self.open_arrays += 1;
        let base = self.item_stack.len();
        let mut state = State::Start;
        let ended = loop {
            match self.cur.kind {
                TokenKind::RBracket => {
                    if let State::AfterComma(comma) = state {
                        self.error(comma, "trailing comma: remove the ',' before ']'");
                    }
                    self.bump();
                    break End::Closed;
                }
                TokenKind::Eof => break End::Missing,
                TokenKind::RBrace => match self.mismatched_closer() {
                    Closer::Missing => break End::Missing,
                    Closer::Typo => {
                        self.error(
                            self.cur.range(),
                            "expected ']' to close the array, found '}'",
                        );
                        self.bump();
                        break End::WrongCloser;
                    }
                    Closer::Extra => {
                        self.error(self.cur.range(), "unexpected '}'");
                        self.bump();
                    }
                },
                TokenKind::Comma => {
                    state = self.comma(state, "item");
                }
                TokenKind::Colon => {
                    self.error(self.cur.range(), "unexpected ':' in an array");
                    self.bump();
                    if let State::AfterElement { .. } = state {
                        state = State::AfterElement { quiet: true };
                    }
                }
                _ => {
                    // `"Action": ["s3:Get` followed by `"Resource": ...`: the array was left open.
                    if self.open_objects > 0 && self.looks_like_key() {
                        break End::Missing;
                    }
                    if let State::AfterElement { quiet: false } = state {
                        self.error(self.prev, "missing comma between items");
                    }
                    let Some(item) = self.value() else {
                        // Unreachable: every other token kind is handled above. Consume it
                        // anyway so that the loop always advances.
                        self.error(
                            self.cur.range(),
                            format!("unexpected {}", describe(self.cur.kind)),
                        );
                        self.bump();
                        continue;
                    };
                    state = State::AfterElement {
                        quiet: is_incomplete(&item),
                    };
                    self.item_stack.push(item);
                }
            }
        };
        self.open.pop();
        self.open_arrays -= 1;
        if ended == End::Missing {
            self.error(open, "missing closing ']'");
        }
        let items = self.item_stack.split_off(base);
        let range = TextRange {
            start: open.start,
            end: self.prev.end,
        };
        Array {
            range,
            items,
            closed: ended == End::Closed,
        }
    }

    /// The current token is a closer of the other kind than the innermost container X. Three
    /// readings: X's own closer is missing and this one closes an enclosing container M
    /// (`Missing`); it is a typo for X's closer (`Typo`); it is one closer too many (`Extra`).
    /// The first reading under which the next tokens fit wins; with none, `Missing` when M
    /// exists, else `Typo`. For example in a statement, `"Action": ["a"}, "Resource": ...` is a
    /// typo (after closing the statement, `"Resource":` cannot follow in the Statement array),
    /// while `{"S": ["a"}` at the end of the text is a missing `]`.
    fn mismatched_closer(&mut self) -> Closer {
        let following = self.following();
        let closer_kind = if self.at(TokenKind::RBrace) {
            Kind::Object
        } else {
            Kind::Array
        };
        let n = self.open.len();
        let matching = match self.match_peek {
            Some((start, answer)) if start == self.cur.start => answer,
            _ => {
                let answer = self.open[..n.saturating_sub(1)]
                    .iter()
                    .rposition(|&k| k == closer_kind);
                self.match_peek = Some((self.cur.start, answer));
                answer
            }
        };
        let parent = |i: usize| if i > 0 { Some(self.open[i - 1]) } else { None };
        if matching.is_some_and(|m| fits_after(parent(m), following)) {
            return Closer::Missing;
        }
        if fits_after(parent(n - 1), following) {
            return Closer::Typo;
        }
        if fits_after(self.open.last().copied(), following) {
            return Closer::Extra;
        }
        if matching.is_some() {
            Closer::Missing
        } else {
            Closer::Typo
        }
    }

    /// What follows the current token (see [`Following`]).
    fn following(&mut self) -> Following {
        match self.following_peek {
            Some((start, answer)) if start == self.cur.start => answer,
            _ => {
                let answer = self.lexer.following();
                self.following_peek = Some((self.cur.start, answer));
                answer
            }
        }
    }

    /// A comma inside a container; returns the new state.
    fn comma(&mut self, state: State, element: &str) -> State {
        let range = self.cur.range();
        match state {
            State::AfterElement { .. } => {}
            State::Start => self.error(range, format!("unexpected ',' before the first {element}")),
            State::AfterComma(_) => self.error(range, "extra comma"),
        }
        self.bump();
        State::AfterComma(range)
    }
}

/// The message for a bare word where a value was expected.
fn word_message(word: &str) -> String {
    for keyword in ["true", "false", "null"] {
        if word.eq_ignore_ascii_case(keyword) {
            return format!(
                "expected a value: did you mean '{keyword}'? (JSON keywords are lowercase)"
            );
        }
    }
    if word.starts_with('\'') {
        return "expected a value: strings need double quotes, not single quotes".to_string();
    }
    if !word.chars().any(char::is_alphanumeric) {
        return format!("expected a value, found '{word}'");
    }
    "expected a value: strings need double quotes".to_string()
}
