//! Byte offsets inside the server, LSP positions at the edge. The client and server agree on a
//! position encoding at initialize: UTF-16 code units (the default) or UTF-8 bytes.

use crate::syntax::TextRange;
use tower_lsp_server::ls_types::{Position, Range};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

/// Line starts of a text, for converting offsets to positions and back in O(log n + line).
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// Whether each line is pure ASCII: then a UTF-16 (or UTF-8) column is the byte offset from
    /// the line start, with no scan of the line (policies are almost always ASCII, and a
    /// one-line 200 KB policy with thousands of findings must not scan the line per finding).
    ascii: Vec<bool>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // LSP lines end at "\n", "\r\n" or a lone "\r".
        // Built for every version of a document, so it finds line ends with memchr and checks
        // ASCII with SIMD rather than looking at every byte in a loop.
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i as u32 + 1);
        }
        let ascii = if text.is_ascii() {
            vec![true; starts.len()]
        } else {
            let ends = starts[1..].iter().map(|&s| s as usize).chain([text.len()]);
            starts
                .iter()
                .zip(ends)
                .map(|(&s, e)| bytes[s as usize..e].is_ascii())
                .collect()
        };
        LineIndex { starts, ascii }
    }

    /// The LSP position of a byte offset (clamped to the text).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|s| (*s as usize) <= offset) - 1;
        let start = self.starts[line] as usize;
        let character = if self.ascii[line] || enc == Encoding::Utf8 {
            offset - start
        } else {
            text[start..offset].chars().map(char::len_utf16).sum()
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The text of line `line` (0-based) without its line ending; "" past the end.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(start) = self.starts.get(line).map(|s| *s as usize) else {
            return "";
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |s| *s as usize);
        text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn range(&self, text: &str, range: TextRange, enc: Encoding) -> Range {
        Range {
            start: self.position(text, range.start as usize, enc),
            end: self.position(text, range.end as usize, enc),
        }
    }

    /// The byte offset of an LSP position. A line past the end gives the end of the text; a
    /// character past the end of its line gives the line's end; a position inside a character
    /// (the middle of a surrogate pair or of a UTF-8 sequence) gives that character's start.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line] as usize;
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |s| *s as usize);
        let line_text = text[start..end].trim_end_matches(['\n', '\r']);
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            let width = match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + width > want {
                return start + i;
            }
            units += width;
        }
        start + line_text.len()
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_utf16_and_utf8() {
        let text = "{\n  \"a😀b\": \"日本\",\r\n  \"é\": 1\n}";
        let idx = LineIndex::new(text);
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            for (i, c) in text.char_indices() {
                // The '\n' of a CRLF is not a place a cursor can be.
                if c == '\n' && text[..i].ends_with('\r') {
                    continue;
                }
                let p = idx.position(text, i, enc);
                assert_eq!(
                    idx.offset(text, p, enc),
                    i,
                    "offset {i} via {p:?} ({enc:?})"
                );
            }
        }
        let b = text.find('b').unwrap();
        assert_eq!(
            idx.position(text, b, Encoding::Utf16),
            Position {
                line: 1,
                character: 6
            }
        );
        assert_eq!(
            idx.position(text, b, Encoding::Utf8),
            Position {
                line: 1,
                character: 8
            }
        );
        // Inside the surrogate pair: the emoji's start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 1,
                    character: 5
                },
                Encoding::Utf16
            ),
            emoji
        );
        // Past the line end and past the last line.
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 0,
                    character: 99
                },
                Encoding::Utf16
            ),
            1
        );
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 99,
                    character: 0
                },
                Encoding::Utf16
            ),
            text.len()
        );
    }
}
