//! Scalars: plain (with continuation lines), single- and double-quoted (with folding and
//! escapes), and block scalars (`|` literal, `>` folded, with chomping and indentation
//! indicators). Every value is decoded; a value that is not the raw text has `has_escapes`.

use super::{EOF, Parser, is_blank, is_flow_indicator};
use crate::syntax::{Scalar, StringLit, TextRange, Value};

/// Why a line of a plain scalar stopped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Stop {
    /// At a line break or the end.
    Eol,
    /// At ` #`.
    Comment,
    /// At a `:` that starts a value (the offset of the `:`): the scalar is a key.
    Colon(usize),
    /// At a flow indicator (inside `[ ]` or `{ }`).
    Flow,
}

/// Bytes a plain scalar needs a look at.
static PLAIN_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let special = b" \t\n\r:,[]{}";
    let mut i = 0;
    while i < special.len() {
        t[special[i] as usize] = true;
        i += 1;
    }
    t
};

/// Bytes a quoted scalar needs a look at.
static QUOTED_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let special = b"'\"\\\n\r";
    let mut i = 0;
    while i < special.len() {
        t[special[i] as usize] = true;
        i += 1;
    }
    t
};

impl<'a> Parser<'a> {
    /// Scans one line of a plain scalar from `start` (which holds its first character): the
    /// end of its text (trailing blanks excluded) and why it stopped. Consumes nothing.
    pub(super) fn plain_line(&self, start: usize) -> (usize, Stop) {
        let b = &self.b[..self.end];
        let flow = self.in_flow();
        let mut i = start;
        let mut end = start;
        loop {
            let run = i;
            while i < b.len() && !PLAIN_SPECIAL[b[i] as usize] {
                i += 1;
            }
            if i > run {
                end = i;
            }
            if i >= b.len() {
                return (end, Stop::Eol);
            }
            match b[i] {
                b' ' | b'\t' => {
                    i += 1;
                    if i < b.len() && b[i] == b'#' {
                        return (end, Stop::Comment);
                    }
                }
                b'\n' | b'\r' => return (end, Stop::Eol),
                b':' => {
                    let next = self.at(i + 1);
                    if is_blank(next) || (flow && is_flow_indicator(next)) {
                        return (end, Stop::Colon(i));
                    }
                    i += 1;
                    end = i;
                }
                _ => {
                    if flow {
                        return (end, Stop::Flow);
                    }
                    i += 1;
                    end = i;
                }
            }
        }
    }

    /// A plain scalar at `pos` whose first line ends at `first_end` (stopped by `stop`), with
    /// its continuation lines: each must be indented deeper than `n`, and a line that looks
    /// like `key: value`, a comment, or (in flow) an indicator ends it. Lines are folded: one
    /// line break becomes a space, each blank line a newline.
    pub(super) fn plain_value(&mut self, n: isize, first_end: usize, stop: Stop) -> StringLit {
        let start = self.pos;
        let mut end = first_end;
        let mut stop = stop;
        let mut value: Option<String> = None;
        let mut line_start = self.line_start;
        let flow = self.in_flow();
        while stop == Stop::Eol {
            let mut i = end;
            while matches!(self.at(i), b' ' | b'\t') {
                i += 1;
            }
            let mut breaks = 0;
            let mut ls = line_start;
            loop {
                let len = self.break_len(i);
                if len == 0 {
                    break;
                }
                i += len;
                breaks += 1;
                ls = i;
                while matches!(self.at(i), b' ' | b'\t') {
                    i += 1;
                }
            }
            if breaks == 0 || i >= self.end {
                break;
            }
            let c = self.at(i);
            let next = self.at(i + 1);
            if ((i - ls) as isize) <= n
                || c == b'#'
                || (flow && is_flow_indicator(c))
                || (c == b':' && (is_blank(next) || (flow && is_flow_indicator(next))))
            {
                break;
            }
            let (line_end, line_stop) = self.plain_line(i);
            if let Stop::Colon(_) = line_stop {
                break;
            }
            let v = value.get_or_insert_with(|| self.text[start..end].to_string());
            if breaks == 1 {
                v.push(' ');
            } else {
                for _ in 1..breaks {
                    v.push('\n');
                }
            }
            v.push_str(&self.text[i..line_end]);
            end = line_end;
            stop = line_stop;
            line_start = ls;
        }
        self.pos = end;
        self.line_start = line_start;
        self.last = end;
        let has_escapes = value.is_some();
        StringLit {
            range: TextRange::new(start, end),
            value: value.unwrap_or_else(|| self.text[start..end].to_string()),
            terminated: true,
            has_escapes,
        }
    }

    /// A plain scalar value: `null`, `Null`, `NULL` and `~` are null, everything else a string.
    pub(super) fn plain_node(s: StringLit) -> Value {
        if !s.has_escapes && matches!(s.value.as_str(), "null" | "Null" | "NULL" | "~") {
            return Value::Null(Scalar {
                range: s.range,
                text: s.value,
            });
        }
        Value::String(s)
    }

    /// A quoted scalar at `pos` (`'` or `"`). It may span lines indented deeper than `n`; when
    /// its closing quote is missing (or is followed by something that cannot follow a scalar,
    /// which means the quote opens the next one), it is unterminated and ends with its line.
    pub(super) fn quoted(&mut self, n: isize) -> StringLit {
        let start = self.pos;
        let q = self.b[start];
        let single = q == b'\'';
        let mut i = start + 1;
        let mut escapes = false;
        let mut first_eol = None;
        let mut ls = self.line_start;
        let close = loop {
            while i < self.end && !QUOTED_SPECIAL[self.b[i] as usize] {
                i += 1;
            }
            if i >= self.end {
                break None;
            }
            match self.b[i] {
                c if c == q => {
                    if single && self.at(i + 1) == b'\'' {
                        escapes = true;
                        i += 2;
                        continue;
                    }
                    break Some(i);
                }
                b'\\' if !single => {
                    escapes = true;
                    // An escaped line break is handled as a line break here.
                    i += if self.break_len(i + 1) > 0 { 1 } else { 2 };
                }
                b'\n' | b'\r' => {
                    first_eol.get_or_insert(i);
                    escapes = true;
                    i += self.break_len(i);
                    ls = i;
                    let mut j = i;
                    while matches!(self.at(j), b' ' | b'\t') {
                        j += 1;
                    }
                    if !matches!(self.at(j), b'\n' | b'\r' | EOF) && ((j - ls) as isize) <= n {
                        break None;
                    }
                    i = j;
                }
                _ => i += 1,
            }
        };
        let close = close.filter(|&c| first_eol.is_none() || self.fits_after_scalar(c + 1));
        let (terminated, content_end, end) = match (close, first_eol) {
            (Some(c), _) => (true, c, c + 1),
            (None, Some(e)) => (false, e, e),
            (None, None) => (false, self.end, self.end),
        };
        if !terminated {
            let message = if single {
                "unterminated string: missing closing '''"
            } else {
                "unterminated string: missing closing '\"'"
            };
            self.error(start, end, message);
            // Only the first line counts: recompute whether it has escapes.
            let content = &self.b[start + 1..content_end];
            escapes = if single {
                content.windows(2).any(|w| w == b"''")
            } else {
                content.contains(&b'\\')
            };
        } else if first_eol.is_some() {
            self.line_start = ls;
        }
        let value = if escapes {
            self.decode_quoted(start + 1, content_end, single)
        } else {
            self.text[start + 1..content_end].to_string()
        };
        self.pos = end;
        self.last = end;
        StringLit {
            range: TextRange::new(start, end),
            value,
            terminated,
            has_escapes: escapes,
        }
    }

    /// After a quoted scalar that spans lines: what follows its closing quote on the line
    /// must be able to follow a scalar.
    fn fits_after_scalar(&self, mut i: usize) -> bool {
        while matches!(self.at(i), b' ' | b'\t') {
            i += 1;
        }
        matches!(
            self.at(i),
            EOF | b'\n' | b'\r' | b'#' | b':' | b',' | b']' | b'}'
        )
    }

    /// The value of the quoted text `from..to`: escapes (double quotes) or `''` (single
    /// quotes) decoded, line breaks folded.
    fn decode_quoted(&mut self, from: usize, to: usize, single: bool) -> String {
        let mut out = String::with_capacity(to - from);
        let mut i = from;
        let mut seg = from;
        // Trailing blanks before a line break are dropped, but not those an escape produced.
        let mut floor = 0;
        while i < to {
            match self.b[i] {
                b'\'' if single && i + 1 < to && self.b[i + 1] == b'\'' => {
                    out.push_str(&self.text[seg..i]);
                    out.push('\'');
                    i += 2;
                    seg = i;
                    floor = out.len();
                }
                b'\\' if !single => {
                    out.push_str(&self.text[seg..i]);
                    if self.break_len(i + 1) > 0 && i + 1 < to {
                        // An escaped line break: joined without a space; blank lines after
                        // it are kept.
                        i += 1 + self.break_len(i + 1);
                        loop {
                            while i < to && matches!(self.b[i], b' ' | b'\t') {
                                i += 1;
                            }
                            let len = if i < to { self.break_len(i) } else { 0 };
                            if len == 0 {
                                break;
                            }
                            out.push('\n');
                            i += len;
                        }
                    } else {
                        i = self.escape(i, to, &mut out);
                    }
                    seg = i;
                    floor = out.len();
                }
                b'\n' | b'\r' => {
                    out.push_str(&self.text[seg..i]);
                    while out.len() > floor && out.ends_with([' ', '\t']) {
                        out.pop();
                    }
                    let mut breaks = 0;
                    loop {
                        let len = if i < to { self.break_len(i) } else { 0 };
                        if len == 0 {
                            break;
                        }
                        breaks += 1;
                        i += len;
                        while i < to && matches!(self.b[i], b' ' | b'\t') {
                            i += 1;
                        }
                    }
                    if breaks == 1 {
                        out.push(' ');
                    } else {
                        for _ in 1..breaks {
                            out.push('\n');
                        }
                    }
                    seg = i;
                    floor = out.len();
                }
                _ => i += 1,
            }
        }
        out.push_str(&self.text[seg..to]);
        out
    }

    /// Decodes the escape whose backslash is at `i` (not before a line break) into `out`;
    /// returns the position after it. An invalid escape is reported and kept as written.
    fn escape(&mut self, i: usize, to: usize, out: &mut String) -> usize {
        let c = if i + 1 < to { self.b[i + 1] } else { EOF };
        let decoded = match c {
            EOF => {
                // A backslash at the end of an unterminated string: keep it as typed.
                out.push('\\');
                return i + 1;
            }
            b'0' => '\0',
            b'a' => '\u{7}',
            b'b' => '\u{8}',
            b't' | b'\t' => '\t',
            b'n' => '\n',
            b'v' => '\u{b}',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'e' => '\u{1b}',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' => return self.hex_escape(i, to, 2, out),
            b'u' => return self.hex_escape(i, to, 4, out),
            b'U' => return self.hex_escape(i, to, 8, out),
            _ => {
                let ch = self.text[i + 1..].chars().next().unwrap_or('\0');
                let end = i + 1 + ch.len_utf8();
                self.error(i, end, format!("invalid escape sequence '\\{ch}'"));
                out.push('\\');
                out.push(ch);
                return end;
            }
        };
        out.push(decoded);
        i + 2
    }

    /// `\x`, `\u` or `\U` at `i` with `digits` hex digits; a `\u` high surrogate takes the
    /// `\u` low surrogate after it; an invalid code point becomes U+FFFD.
    fn hex_escape(&mut self, i: usize, to: usize, digits: usize, out: &mut String) -> usize {
        let hex = |from: usize| -> (u32, usize) {
            let mut value = 0u32;
            let mut n = 0;
            while n < digits && from + n < to {
                let d = match self.b[from + n] {
                    c @ b'0'..=b'9' => c - b'0',
                    c @ b'a'..=b'f' => c - b'a' + 10,
                    c @ b'A'..=b'F' => c - b'A' + 10,
                    _ => break,
                };
                value = value * 16 + d as u32;
                n += 1;
            }
            (value, n)
        };
        let (code, n) = hex(i + 2);
        if n < digits {
            let letter = self.b[i + 1] as char;
            self.error(
                i,
                i + 2 + n,
                format!("invalid escape: expected {digits} hex digits after '\\{letter}'"),
            );
            out.push(char::REPLACEMENT_CHARACTER);
            return i + 2 + n;
        }
        let mut end = i + 2 + digits;
        let c = if digits == 4 && (0xD800..0xDC00).contains(&code) {
            let low = if end + 6 <= to && self.b[end] == b'\\' && self.b[end + 1] == b'u' {
                match hex(end + 2) {
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
                }
                None => None,
            }
        } else {
            char::from_u32(code)
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        end
    }

    /// A block scalar at `pos` (`|` or `>`), in a block indented `n`.
    pub(super) fn block_scalar(&mut self, n: isize) -> StringLit {
        let start = self.pos;
        let literal = self.b[start] == b'|';
        let mut i = start + 1;
        let mut chomp = 0i8;
        let mut explicit = None;
        for _ in 0..2 {
            match self.at(i) {
                b'+' if chomp == 0 => chomp = 1,
                b'-' if chomp == 0 => chomp = -1,
                c @ b'1'..=b'9' if explicit.is_none() => explicit = Some((c - b'0') as usize),
                _ => break,
            }
            i += 1;
        }
        let header_end = i;
        self.pos = i;
        self.last = i;
        while matches!(self.peek(), b' ' | b'\t') {
            self.pos += 1;
        }
        match self.peek() {
            b'\n' | b'\r' | EOF => {}
            b'#' if self.pos > header_end => self.comment(),
            _ => {
                let from = self.pos;
                let end = self.line_text_end(from);
                self.error(
                    from,
                    end,
                    "unexpected text after the block scalar indicator",
                );
                self.pos = self.eol(from);
            }
        }
        let mut indent = explicit.map(|m| if n < 0 { m } else { n as usize + m });
        let mut value = String::new();
        let mut p = self.pos;
        let mut content_end = header_end;
        let mut last_ls = self.line_start;
        let mut breaks = 0usize;
        let mut seen = false;
        let mut prev_more = false;
        loop {
            let len = self.break_len(p);
            if len == 0 {
                break;
            }
            let ls = p + len;
            if ls >= self.end {
                break;
            }
            let mut q = ls;
            while self.at(q) == b' ' {
                q += 1;
            }
            let sp = q - ls;
            let blank = matches!(self.at(q), b'\n' | b'\r' | EOF);
            if indent.is_none() && !blank {
                if (sp as isize) <= n {
                    break;
                }
                indent = Some(sp);
            }
            let ind = indent.unwrap_or(usize::MAX);
            if blank && sp <= ind {
                breaks += 1;
                p = q;
                continue;
            }
            if sp < ind {
                break;
            }
            breaks += 1;
            let eol = self.eol(q);
            let line = &self.text[ls + ind..eol];
            let more = !literal && line.starts_with([' ', '\t']);
            if !seen {
                for _ in 1..breaks {
                    value.push('\n');
                }
            } else if literal || more || prev_more || breaks > 1 {
                let folded = !literal && !more && !prev_more;
                for _ in usize::from(folded)..breaks {
                    value.push('\n');
                }
            } else {
                value.push(' ');
            }
            value.push_str(line);
            seen = true;
            prev_more = more;
            breaks = 0;
            p = eol;
            content_end = eol;
            last_ls = ls;
        }
        // The line breaks after the last content line: its own and the empty lines'.
        let trail = breaks + usize::from(self.break_len(p) > 0);
        match chomp {
            1 => {
                for _ in 0..trail {
                    value.push('\n');
                }
            }
            0 if seen && trail > 0 => value.push('\n'),
            _ => {}
        }
        if seen {
            self.pos = content_end;
            self.line_start = last_ls;
            self.last = content_end;
        }
        StringLit {
            range: TextRange::new(start, content_end),
            value,
            terminated: true,
            has_escapes: true,
        }
    }
}
