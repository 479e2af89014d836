//! Tolerant JSON/JSONC syntax: text in, tree out, never an error out.
//!
//! While a user types, the document is broken most of the time (an unterminated string, a missing
//! comma, a trailing comma, a comment in a `.json` file). Every later layer still needs a tree to
//! answer completion and hover, so [`parse`] never fails: it returns the best tree it can recover
//! plus a list of [`SyntaxError`]s with precise byte ranges.
//!
//! Why a hand-written parser and not `jsonc-parser`: jsonc-parser stops at the first error, and an
//! editor needs the statements *after* a missing comma to keep working. jsonc-parser is used in the
//! tests as an oracle: on every valid document both parsers must agree.
//!
//! Every node carries its byte range in the source text. String nodes keep both the range of the
//! raw text (with quotes) and the unescaped value.

mod lexer;
mod parser;
#[cfg(test)]
mod tests;

pub use parser::parse;

/// A half-open byte range `start..end` in the document text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        TextRange {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// True when `offset` lies inside the range or at its end (the cursor just after a token
    /// still "touches" it, which is what completion wants).
    pub fn touches(&self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= (self.end as usize)
    }
    /// True when `offset` lies strictly inside `start..end`.
    pub fn contains(&self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset < (self.end as usize)
    }
    pub fn as_range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The result of parsing: a tree (absent only for empty or comment-only text) and every error.
#[derive(Clone, Debug, Default)]
pub struct Parse {
    pub root: Option<Value>,
    pub errors: Vec<SyntaxError>,
    /// Every `//` and `/* */` comment, in order (JSONC allows them; the IAM policy grammar does
    /// not, which the analysis layer reports for `.json` files).
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub range: TextRange,
    /// The comment's text without the `//`, `/*` and `*/` markers.
    pub text: String,
    pub block: bool,
}

/// A JSON value. `Error` stands where a value was expected but something unusable was found
/// (a stray token, a bare word); it keeps the range so features can still point at it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Object(Object),
    Array(Array),
    String(StringLit),
    Number(Scalar),
    Bool(Scalar),
    Null(Scalar),
    Error(Scalar),
}

impl Value {
    pub fn range(&self) -> TextRange {
        match self {
            Value::Object(o) => o.range,
            Value::Array(a) => a.range,
            Value::String(s) => s.range,
            Value::Number(s) | Value::Bool(s) | Value::Null(s) | Value::Error(s) => s.range,
        }
    }
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&Array> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_string(&self) -> Option<&StringLit> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// A short name of the value's JSON type, for messages ("an object", "a string", ...).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Object(_) => "an object",
            Value::Array(_) => "an array",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Null(_) => "null",
            Value::Error(_) => "an invalid value",
        }
    }
}

/// A number, boolean, null or error token: its range and its raw text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar {
    pub range: TextRange,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    /// From `{` to `}`, or to the end of the last recovered member when the brace is missing.
    pub range: TextRange,
    pub members: Vec<Member>,
    /// False when the closing `}` is missing.
    pub closed: bool,
}

impl Object {
    /// The first member whose key equals `name` exactly.
    pub fn get(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.key.value == name)
    }
}

/// `"key": value`. While typing, the colon and the value may be missing.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// From the key's first byte to the value's last byte (or the key's/colon's end).
    pub range: TextRange,
    pub key: StringLit,
    /// Byte offset of the `:` when present.
    pub colon: Option<u32>,
    pub value: Option<Value>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Array {
    pub range: TextRange,
    pub items: Vec<Value>,
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringLit {
    /// The whole literal including quotes (without the closing quote when unterminated).
    pub range: TextRange,
    /// The unescaped value.
    pub value: String,
    /// False when the closing quote is missing (the literal then ends at the end of the line).
    pub terminated: bool,
    /// True when the raw text contains escapes, so raw offsets and value offsets differ.
    pub has_escapes: bool,
}

impl StringLit {
    /// The range of the text between the quotes.
    pub fn content_range(&self) -> TextRange {
        // A bare word typed as a key (`{ Effect: ... }`) has no quotes: its raw text is its value.
        if self.range.len() == self.value.len() && self.terminated && !self.has_escapes {
            return self.range;
        }
        let start = self.range.start + 1;
        let end = if self.terminated {
            self.range.end.saturating_sub(1)
        } else {
            self.range.end
        };
        TextRange {
            start: start.min(end),
            end,
        }
    }
}
