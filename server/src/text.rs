//! Positions in a text, protocol-neutral. Inside, everything is a byte offset; at the edges
//! (the language server, the command line's output) a position is a line and a column, with
//! columns counted in the encoding the other side uses (UTF-16 code units by default, as editors
//! do, or UTF-8 bytes). Lines end at "\n", "\r\n" or a lone "\r", as LSP says.
//!
//! [`LineIndex`] is the one place that knows where lines start. It is kept in step with the text
//! as edits arrive ([`LineIndex::edit`]), so a keystroke re-reads only the lines it touched.

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

/// A 0-based line and a 0-based column in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Line starts of a text, for converting offsets to positions and back in O(log n + line).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// Whether each line is pure ASCII: then a UTF-16 (or UTF-8) column is the byte offset from
    /// the line start, with no scan of the line (policies are almost always ASCII, and a
    /// one-line 200 KB policy with thousands of findings must not scan the line per finding).
    ascii: Vec<bool>,
}

/// The line starts that the line breaks in `bytes[from..to]` make (a break's start is the
/// offset after it; the `\r` of a `\r\n` makes none).
fn starts_in(bytes: &[u8], from: usize, to: usize, out: &mut Vec<u32>) {
    for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[from..to]) {
        let i = from + i;
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        out.push(i as u32 + 1);
    }
}

/// The line that holds byte `offset`, found by looking only around it (no index of the
/// whole text): its start, and the start of the next line (or the text's end). For a question
/// about one place in a large text, where building a [`LineIndex`] would cost the whole text.
pub fn line_around(text: &str, offset: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    // The last break before `offset`, but not the `\r` of a `\r\n` whose `\n` is at
    // `offset`: that pair is one break, after `offset`.
    let mut before = offset;
    let start = loop {
        match memchr::memrchr2(b'\n', b'\r', &bytes[..before]) {
            None => break 0,
            Some(i) if i + 1 == offset && bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => {
                before = i
            }
            Some(i) => break i + 1,
        }
    };
    (start, next_line_start(bytes, offset))
}

/// The start of the line after the one holding byte `at` (the text's end on its last line).
pub fn next_line_start(bytes: &[u8], at: usize) -> usize {
    let at = at.min(bytes.len());
    match memchr::memchr2(b'\n', b'\r', &bytes[at..]) {
        None => bytes.len(),
        Some(i) => {
            let i = at + i;
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            }
        }
    }
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // Built for every document opened, so it finds line ends with memchr and checks ASCII
        // with SIMD rather than looking at every byte in a loop.
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts_in(bytes, 0, bytes.len(), &mut starts);
        let ascii = if text.is_ascii() {
            vec![true; starts.len()]
        } else {
            (0..starts.len())
                .map(|l| Self::line_is_ascii(&starts, bytes, l))
                .collect()
        };
        LineIndex { starts, ascii }
    }

    fn line_is_ascii(starts: &[u32], bytes: &[u8], line: usize) -> bool {
        let start = starts[line] as usize;
        let end = starts.get(line + 1).map_or(bytes.len(), |s| *s as usize);
        bytes[start..end].is_ascii()
    }

    /// Keeps the index in step with an edit: `text` is the text after `start..old_end` of the
    /// previous text was replaced by `inserted` bytes. Only the lines the edit touched are
    /// scanned; the line starts after it move by the edit's length. Equal to
    /// `LineIndex::new(text)` (a property test says so).
    pub fn edit(&mut self, text: &str, start: usize, old_end: usize, inserted: usize) {
        let bytes = text.as_bytes();
        let delta = inserted as i64 - (old_end - start) as i64;
        // Starts before the edit keep their place, except the one right at it: the break before
        // it may now be the `\r` of a `\r\n`. Starts after the edited bytes only move.
        let keep = self
            .starts
            .partition_point(|s| (*s as usize) < start.max(1));
        let tail = self.starts.partition_point(|s| (*s as usize) <= old_end);
        let mut fresh = Vec::new();
        let from = start.saturating_sub(1);
        starts_in(bytes, from, (start + inserted).min(bytes.len()), &mut fresh);
        let moved = self.starts[tail..]
            .iter()
            .map(|s| (*s as i64 + delta) as u32);
        let starts: Vec<u32> = self.starts[..keep]
            .iter()
            .copied()
            .chain(fresh.iter().copied())
            .chain(moved)
            .collect();
        // The flags of the lines before the edit (but the one it is in) and after it stay.
        let after = self.ascii.len() - tail;
        let mut ascii = Vec::with_capacity(starts.len());
        ascii.extend_from_slice(&self.ascii[..keep.saturating_sub(1)]);
        let changed = starts.len() - after;
        for line in ascii.len()..changed {
            ascii.push(Self::line_is_ascii(&starts, bytes, line));
        }
        ascii.extend_from_slice(&self.ascii[tail..]);
        self.starts = starts;
        self.ascii = ascii;
    }

    /// The 0-based line that `offset` is on (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| (*s as usize) <= offset) - 1
    }

    /// The line and column of a byte offset (clamped to the text; inside a character, that
    /// character's start).
    pub fn line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let column = if self.ascii[line] || enc == Encoding::Utf8 {
            offset - start
        } else {
            text[start..offset].chars().map(char::len_utf16).sum()
        };
        LineCol {
            line: line as u32,
            column: column as u32,
        }
    }

    /// The byte offset where line `line` (0-based) starts; `None` past the last line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).map(|s| *s as usize)
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

    /// The byte offset of a line and column. A line past the end gives the end of the text; a
    /// column past the end of its line gives the line's end; a column inside a character (the
    /// middle of a surrogate pair or of a UTF-8 sequence) gives that character's start.
    pub fn offset(&self, text: &str, at: LineCol, enc: Encoding) -> usize {
        let line = at.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line] as usize;
        let line_text = self.line_text(text, line);
        let want = at.column as usize;
        let direct = start + want.min(line_text.len());
        if self.ascii[line] || (enc == Encoding::Utf8 && text.is_char_boundary(direct)) {
            return direct;
        }
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
    use proptest::prelude::*;

    fn at(line: u32, column: u32) -> LineCol {
        LineCol { line, column }
    }

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
                let p = idx.line_col(text, i, enc);
                assert_eq!(
                    idx.offset(text, p, enc),
                    i,
                    "offset {i} via {p:?} ({enc:?})"
                );
            }
        }
        let b = text.find('b').unwrap();
        assert_eq!(idx.line_col(text, b, Encoding::Utf16), at(1, 6));
        assert_eq!(idx.line_col(text, b, Encoding::Utf8), at(1, 8));
        // Inside the surrogate pair: the emoji's start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(idx.offset(text, at(1, 5), Encoding::Utf16), emoji);
        // Inside a UTF-8 sequence: the character's start.
        assert_eq!(idx.offset(text, at(1, 6), Encoding::Utf8), emoji);
        // Past the line end and past the last line.
        assert_eq!(idx.offset(text, at(0, 99), Encoding::Utf16), 1);
        assert_eq!(idx.offset(text, at(99, 0), Encoding::Utf16), text.len());
    }

    #[test]
    fn the_line_around_an_offset_matches_the_index() {
        for text in ["a\nbc\r\nd\re", "", "\n\n", "x\r\n", "\r\r\n\ny"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() {
                let line = index.line_of(offset);
                let start = index.line_start(line).unwrap();
                let end = index.line_start(line + 1).unwrap_or(text.len());
                assert_eq!(
                    line_around(text, offset),
                    (start, end),
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "a\rb\r\nc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(
            (0..text.len()).map(|o| idx.line_of(o)).collect::<Vec<_>>(),
            [0, 0, 1, 1, 1, 2, 2, 3]
        );
        assert_eq!(idx.line_text(text, 1), "b");
    }

    /// Text made of the characters that matter: line breaks of every kind and wide characters.
    fn texts() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("\n"),
                Just("\r"),
                Just("\r\n"),
                Just("é"),
                Just("😀"),
                Just("{\"k\": 1}")
            ],
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn an_edited_index_equals_a_fresh_one(
            text in texts(),
            inserted in texts(),
            a in 0usize..200,
            b in 0usize..200,
        ) {
            let floor = |i: usize| floor_char_boundary(&text, i.min(text.len()));
            let (start, old_end) = (floor(a.min(b)), floor(a.max(b)));
            let mut idx = LineIndex::new(&text);
            let mut edited = text.clone();
            edited.replace_range(start..old_end, &inserted);
            idx.edit(&edited, start, old_end, inserted.len());
            prop_assert_eq!(idx, LineIndex::new(&edited));
        }
    }
}
