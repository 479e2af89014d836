//! Tolerant syntax: text in, tree out, never an error out.
//!
//! The tree is format-neutral: [`Value`] objects, arrays, strings and scalars, plus
//! [`Computed`] values that a host computes (a YAML tag such as `!Sub`, a CloudFormation
//! `Fn::` function). Two front ends produce it: [`parse`] for JSON/JSONC and [`parse_yaml`] for
//! YAML (one tree per document; see `yaml.rs` for how YAML maps onto the tree).
//!
//! While a user types, the document is broken most of the time (an unterminated string, a missing
//! comma, a trailing comma, a comment in a `.json` file, a half-typed YAML key). Every later layer
//! still needs a tree to answer completion and hover, so neither front end ever fails: each
//! returns the best tree it can recover plus a list of [`SyntaxError`]s with precise byte ranges.
//!
//! Why hand-written parsers and not `jsonc-parser` or a YAML library: those stop at the first
//! error, and an editor needs the statements *after* a missing comma or a broken line to keep
//! working. jsonc-parser and saphyr are used in the tests as oracles: on every valid document
//! the parsers must agree.
//!
//! Every node carries its byte range in the source text. String nodes keep both the range of the
//! raw text (with quotes) and the unescaped value.

mod lexer;
mod parser;
mod shift;
#[cfg(test)]
mod tests;
mod yaml;

pub use parser::parse;
pub use yaml::{parse_yaml, parse_yaml_block};

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
    /// Every comment, in order: `//` and `/* */` in JSONC (the IAM policy grammar does not allow
    /// them, which the analysis layer reports for `.json` files), `#` in YAML.
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
    /// A value the host computes rather than writes: a CloudFormation intrinsic function
    /// (`!Sub ...`, `{"Fn::GetAtt": ...}`), a reference, a Terraform expression. The policy
    /// checks never report it as wrong; a host's lowering pass may replace it by what it is
    /// known to produce (see `crate::host`).
    Computed(Computed),
}

impl Value {
    pub fn range(&self) -> TextRange {
        match self {
            Value::Object(o) => o.range,
            Value::Array(a) => a.range,
            Value::String(s) => s.range,
            Value::Number(s) | Value::Bool(s) | Value::Null(s) | Value::Error(s) => s.range,
            Value::Computed(c) => c.range,
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
            Value::Computed(_) => "a computed value",
        }
    }
}

/// A computed value: a function (or YAML tag) applied to an argument.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    /// The whole node: from the tag (`!Sub`) or the `{` of a `{"Fn::Sub": ...}` object to the
    /// end of its argument.
    pub range: TextRange,
    /// The function as written: `!Sub`, `!Ref`, `Fn::Sub`, `Ref`, ... (front ends keep the
    /// host's spelling; `crate::host` normalises).
    pub function: String,
    /// The range of the function's name (the tag, or the key of the one-member object).
    pub function_range: TextRange,
    /// The argument, when one was written.
    pub arg: Option<Box<Value>>,
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
