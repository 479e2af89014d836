//! The tokenizer behind [`super::parse`].
//!
//! It works on bytes (every position it stops at is an ASCII byte or the end of a whole `char`, so
//! all ranges fall on char boundaries), never fails, and reports problems into `errors` as it goes.
//! Comments are collected into `comments`; whitespace and comments never become tokens.
//!
//! Allocation: tokens are `Copy` and carry only ranges. The only buffer is the one that receives a
//! string's unescaped value when the string contains a backslash; strings without escapes are
//! sliced from the text by the parser.

use super::{Comment, SyntaxError, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokenKind {
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Colon,
    Comma,
    String,
    Number,
    True,
    False,
    Null,
    /// A run of characters that is none of the above (`Allow`, `'x'`, `s3:GetObject`, `;`).
    Word,
    Eof,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token {
    pub kind: TokenKind,
    pub start: u32,
    pub end: u32,
    /// A line break lies between the previous token and this one.
    pub newline_before: bool,
    /// Strings: the closing quote is present.
    pub terminated: bool,
    /// Strings: the raw text contains a backslash; the value is in [`Lexer::escaped`].
    pub has_escapes: bool,
}

impl Token {
    pub fn range(&self) -> TextRange {
        TextRange {
            start: self.start,
            end: self.end,
        }
    }
}

/// What follows a token, as far as recovery from mismatched closers cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Following {
    Eof,
    /// `}`
    CloseBrace,
    /// `]`
    CloseBracket,
    /// `{`
    OpenBrace,
    /// `, {`
    CommaOpenBrace,
    /// `, "name":`
    CommaKey,
    /// `,` and the start of a value other than an object
    CommaValue,
    Other,
}

pub(super) struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// The unescaped value of the last string token that had escapes.
    pub escaped: String,
    pub errors: Vec<SyntaxError>,
    pub comments: Vec<Comment>,
}

/// Bytes that need a look inside a string: the quote, the backslash and control characters.
static STRING_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Bytes that end a bare word (besides `:` and comment starts, which need a look at the next byte).
fn ends_word(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'{' | b'}' | b'[' | b']' | b',' | b'"'
    )
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        let pos = if text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos,
            escaped: String::new(),
            errors: Vec::new(),
            comments: Vec::new(),
        }
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.errors.push(SyntaxError {
            range: TextRange::new(start, end),
            message: message.into(),
        });
    }

    #[inline]
    pub fn next_token(&mut self) -> Token {
        // Fast path for the usual single spaces and newlines; comments and unusual whitespace go
        // through `skip_trivia`.
        let mut newline_before = false;
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'\n') => {
                    newline_before = true;
                    self.pos += 1;
                }
                Some(b'/' | 0x0b | 0x0c | 0x80..) => {
                    newline_before |= self.skip_trivia(true);
                    break;
                }
                _ => break,
            }
        }
        let start = self.pos;
        let Some(&b) = self.bytes.get(start) else {
            return self.token(TokenKind::Eof, start, start, newline_before);
        };
        let kind = match b {
            b'"' => return self.string(start, newline_before),
            b'{' => TokenKind::LBrace,
            b'}' => TokenKind::RBrace,
            b'[' => TokenKind::LBracket,
            b']' => TokenKind::RBracket,
            b':' => TokenKind::Colon,
            b',' => TokenKind::Comma,
            _ => return self.word(start, newline_before),
        };
        self.pos += 1;
        self.token(kind, start, start + 1, newline_before)
    }

    fn token(&self, kind: TokenKind, start: usize, end: usize, newline_before: bool) -> Token {
        Token {
            kind,
            start: start as u32,
            end: end as u32,
            newline_before,
            terminated: true,
            has_escapes: false,
        }
    }

    /// True when the next token (after the current position) is a `:`. Skips whitespace and
    /// comments without recording anything.
    pub fn next_is_colon(&self) -> bool {
        match self.bytes.get(self.pos) {
            Some(b':') => return true,
            Some(b',' | b'}' | b']' | b'"') | None => return false,
            _ => {}
        }
        let mut probe = Lexer {
            text: self.text,
            bytes: self.bytes,
            pos: self.pos,
            escaped: String::new(),
            errors: Vec::new(),
            comments: Vec::new(),
        };
        probe.skip_trivia(false);
        probe.bytes.get(probe.pos) == Some(&b':')
    }

    /// Classifies what follows the current position (used to interpret a closer that does not
    /// match its container). Skips whitespace and comments without recording anything.
    pub fn following(&self) -> Following {
        let mut probe = Lexer {
            text: self.text,
            bytes: self.bytes,
            pos: self.pos,
            escaped: String::new(),
            errors: Vec::new(),
            comments: Vec::new(),
        };
        probe.skip_trivia(false);
        let bytes = probe.bytes;
        match bytes.get(probe.pos) {
            None => Following::Eof,
            Some(b'}') => Following::CloseBrace,
            Some(b']') => Following::CloseBracket,
            Some(b'{') => Following::OpenBrace,
            Some(b',') => {
                probe.pos += 1;
                probe.skip_trivia(false);
                match bytes.get(probe.pos) {
                    Some(b'{') => Following::CommaOpenBrace,
                    Some(b'"') => {
                        // Skip the string (to its end or the end of the line) and look for `:`.
                        let mut i = probe.pos + 1;
                        while let Some(&b) = bytes.get(i) {
                            match b {
                                b'"' | b'\n' | b'\r' => break,
                                b'\\' if !matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) => i += 2,
                                _ => i += 1,
                            }
                        }
                        if bytes.get(i) != Some(&b'"') {
                            return Following::CommaValue;
                        }
                        probe.pos = i + 1;
                        probe.skip_trivia(false);
                        if bytes.get(probe.pos) == Some(&b':') {
                            Following::CommaKey
                        } else {
                            Following::CommaValue
                        }
                    }
                    None | Some(b'}' | b']' | b',' | b':') => Following::Other,
                    Some(_) => Following::CommaValue,
                }
            }
            _ => Following::Other,
        }
    }

    /// Skips whitespace and comments. Returns whether a line break was skipped. With `record`
    /// false (a look-ahead), nothing is pushed to `errors` or `comments`.
    fn skip_trivia(&mut self, record: bool) -> bool {
        let bytes = self.bytes;
        let mut newline = false;
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    newline = true;
                    self.pos += 1;
                }
                b'/' if bytes.get(self.pos + 1) == Some(&b'/') => {
                    let start = self.pos;
                    let end =
                        memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
                    if record {
                        self.comments.push(Comment {
                            range: TextRange::new(start, end),
                            text: self.text[start + 2..end].to_string(),
                            block: false,
                        });
                    }
                    self.pos = end;
                }
                b'/' if bytes.get(self.pos + 1) == Some(&b'*') => {
                    let start = self.pos;
                    let (text_end, end) = match find_star_slash(&bytes[start + 2..]) {
                        Some(i) => (start + 2 + i, start + 4 + i),
                        None => (bytes.len(), bytes.len()),
                    };
                    if bytes[start..end].contains(&b'\n') {
                        newline = true;
                    }
                    if record {
                        if text_end == end {
                            self.error(start, end, "unterminated block comment: missing '*/'");
                        }
                        self.comments.push(Comment {
                            range: TextRange::new(start, end),
                            text: self.text[start + 2..text_end].to_string(),
                            block: true,
                        });
                    }
                    self.pos = end;
                }
                0x0b | 0x0c | 0x80.. => {
                    // A run of whitespace JSON does not allow (no-break spaces pasted from a web
                    // page, form feeds): one error for the run.
                    let start = self.pos;
                    let mut first = None;
                    while let Some(c) = self.text[self.pos..].chars().next() {
                        if !c.is_whitespace() || matches!(c, ' ' | '\t' | '\n' | '\r') {
                            break;
                        }
                        if matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                            newline = true;
                        }
                        first.get_or_insert(c);
                        self.pos += c.len_utf8();
                    }
                    let Some(first) = first else { break };
                    if record {
                        self.error(start, self.pos, non_json_whitespace(first));
                    }
                }
                _ => break,
            }
        }
        newline
    }

    /// A string starting at the `"` at `start`. Ends at the closing quote, or unterminated at the
    /// end of the line (or text).
    fn string(&mut self, start: usize, newline_before: bool) -> Token {
        let bytes = self.bytes;
        let mut i = start + 1;
        let mut has_escapes = false;
        // With escapes, the value is built in `self.escaped`: `seg` is the start of the raw run
        // not yet copied.
        let mut seg = i;
        let terminated;
        loop {
            // Skip the ordinary bytes (the common case) in a tight loop.
            while i < bytes.len() && !STRING_SPECIAL[bytes[i] as usize] {
                i += 1;
            }
            let Some(&b) = bytes.get(i) else {
                terminated = false;
                break;
            };
            match b {
                b'"' => {
                    terminated = true;
                    break;
                }
                b'\n' | b'\r' => {
                    terminated = false;
                    break;
                }
                b'\\' => {
                    if !has_escapes {
                        has_escapes = true;
                        self.escaped.clear();
                    }
                    self.escaped.push_str(&self.text[seg..i]);
                    i = self.escape(i);
                    seg = i;
                }
                0..=0x1f => {
                    let message = if b == b'\t' {
                        "tab characters must be escaped as \\t in a string".to_string()
                    } else {
                        format!("control character U+{:04X} must be escaped in a string", b)
                    };
                    self.error(i, i + 1, message);
                    i += 1;
                }
                _ => i += 1,
            }
        }
        if has_escapes {
            self.escaped.push_str(&self.text[seg..i]);
        }
        let end = if terminated { i + 1 } else { i };
        if !terminated {
            self.error(start, end, "unterminated string: missing closing '\"'");
        }
        self.pos = end;
        Token {
            kind: TokenKind::String,
            start: start as u32,
            end: end as u32,
            newline_before,
            terminated,
            has_escapes,
        }
    }

    /// Decodes the escape whose backslash is at `i` into `self.escaped`; returns the position after
    /// it.
    fn escape(&mut self, i: usize) -> usize {
        let bytes = self.bytes;
        let decoded = match bytes.get(i + 1) {
            // A backslash at the end of the line or text: the string is unterminated; keep the
            // backslash as typed.
            None | Some(b'\n') | Some(b'\r') => {
                self.escaped.push('\\');
                return i + 1;
            }
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(i),
            Some(_) => {
                let c = self.text[i + 1..].chars().next().unwrap_or('\0');
                let end = i + 1 + c.len_utf8();
                self.error(
                    i,
                    end,
                    format!(
                        "invalid escape sequence '\\{c}': valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"
                    ),
                );
                // Keep the raw text, so the value shows what was typed.
                self.escaped.push('\\');
                self.escaped.push(c);
                return end;
            }
        };
        self.escaped.push(decoded);
        i + 2
    }

    /// `\uXXXX` at `i`, with surrogate pairs; a lone surrogate becomes U+FFFD.
    fn unicode_escape(&mut self, i: usize) -> usize {
        let (code, n) = hex4(&self.bytes[i + 2..]);
        if n < 4 {
            self.error(
                i,
                i + 2 + n,
                "invalid unicode escape: expected 4 hex digits after '\\u'",
            );
            self.escaped.push(char::REPLACEMENT_CHARACTER);
            return i + 2 + n;
        }
        let mut end = i + 6;
        let c = match code {
            0xD800..=0xDBFF => {
                let rest = &self.bytes[end..];
                let low = if rest.len() >= 6 && rest[0] == b'\\' && rest[1] == b'u' {
                    match hex4(&rest[2..]) {
                        (low @ 0xDC00..=0xDFFF, 4) => Some(low),
                        _ => None,
                    }
                } else {
                    None
                };
                match low {
                    Some(low) => {
                        end += 6;
                        char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                            .unwrap_or(char::REPLACEMENT_CHARACTER)
                    }
                    None => char::REPLACEMENT_CHARACTER,
                }
            }
            _ => char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
        };
        self.escaped.push(c);
        end
    }

    /// A bare word, number or keyword starting at `start` (which is not whitespace, punctuation,
    /// a quote or a comment start).
    fn word(&mut self, start: usize, newline_before: bool) -> Token {
        let bytes = self.bytes;
        let mut i = start;
        let mut has_colon = false;
        while let Some(&b) = bytes.get(i) {
            match b {
                _ if ends_word(b) => break,
                // `s3:GetObject` and `arn:aws:s3:::b` stay one word; `Effect:` or `Effect: ` is a
                // word and a colon.
                b':' => match bytes.get(i + 1) {
                    Some(&n) if !ends_word(n) => {
                        has_colon = true;
                        i += 1;
                    }
                    _ => break,
                },
                // `1// note` is a number and a comment, but an unquoted ARN keeps its `/*`.
                b'/' if !has_colon && matches!(bytes.get(i + 1), Some(b'/' | b'*')) => break,
                0x80.. => {
                    let c = self.text[i..].chars().next().unwrap_or('\0');
                    if c.is_whitespace() {
                        break;
                    }
                    i += c.len_utf8();
                }
                _ => i += 1,
            }
        }
        if i == start {
            // Cannot happen (the caller checked the first byte), but never return an empty token.
            i += self.text[i..].chars().next().map_or(1, char::len_utf8);
        }
        self.pos = i;
        let text = &self.text[start..i];
        let mut token = self.token(TokenKind::Word, start, i, newline_before);
        match text {
            "true" => token.kind = TokenKind::True,
            "false" => token.kind = TokenKind::False,
            "null" => token.kind = TokenKind::Null,
            _ if looks_like_number(text) => token.kind = TokenKind::Number,
            _ => {}
        }
        token
    }
}

fn non_json_whitespace(c: char) -> String {
    format!(
        "invalid whitespace character U+{:04X}: JSON allows only spaces, tabs and line breaks",
        c as u32
    )
}

fn memchr2(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&x| x == a || x == b)
}

fn find_star_slash(haystack: &[u8]) -> Option<usize> {
    haystack.windows(2).position(|w| w == b"*/")
}

/// Up to 4 hex digits: their value and how many there were.
fn hex4(bytes: &[u8]) -> (u32, usize) {
    let mut value = 0;
    let mut n = 0;
    for &b in bytes.iter().take(4) {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => break,
        };
        value = value * 16 + digit as u32;
        n += 1;
    }
    (value, n)
}

/// A word made only of number characters that starts like a number (`-`, a digit, or `+`/`.`
/// followed by digits) is lexed as a number, valid or not.
fn looks_like_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !bytes
        .iter()
        .all(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
    {
        return false;
    }
    match bytes[0] {
        b'0'..=b'9' | b'-' => true,
        b'+' | b'.' => bytes.iter().any(u8::is_ascii_digit),
        _ => false,
    }
}

/// Why `text` (made of number characters) is not a JSON number, or None when it is one.
pub(super) fn number_error(text: &str) -> Option<&'static str> {
    let b = text.as_bytes();
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = 0;
    match b.first() {
        Some(b'+') => return Some("invalid number: a leading '+' is not allowed"),
        Some(b'-') => i += 1,
        _ => {}
    }
    match b.get(i) {
        None => return Some("invalid number: expected a digit after '-'"),
        Some(b'.') => return Some("invalid number: expected a digit before '.'"),
        Some(b'0') => {
            i += 1;
            if b.get(i).is_some_and(u8::is_ascii_digit) {
                return Some("invalid number: leading zeros are not allowed");
            }
        }
        Some(b'1'..=b'9') => i = digits(i),
        Some(_) => return Some("invalid number"),
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return Some("invalid number: expected a digit after '.'");
        }
        i = digits(i);
    }
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+') | Some(b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return Some("invalid number: expected a digit in the exponent");
        }
        i = digits(i);
    }
    if i != b.len() {
        Some("invalid number")
    } else {
        None
    }
}
