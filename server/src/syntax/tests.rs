//! Snapshot tests of the tolerant parser (run `UPDATE_EXPECT=1 cargo test -p iam-policy-ls --lib
//! syntax` to update the snapshots after an intended change), plus property tests: arbitrary text
//! never panics and yields well-formed ranges; valid documents agree with jsonc-parser and
//! serde_json.

use super::*;
use expect_test::{Expect, expect};
use std::fmt::Write as _;

// ---------------------------------------------------------------------------------------------
// Rendering

/// An indented tree with byte ranges, then comments and errors (each with the text it covers).
fn render(text: &str) -> String {
    let parse = parse(text);
    check_invariants(text, &parse);
    let mut out = String::new();
    match &parse.root {
        Some(value) => render_value(&mut out, value, 0),
        None => out.push_str("(no value)\n"),
    }
    for c in &parse.comments {
        let kind = if c.block { "block" } else { "line" };
        writeln!(
            out,
            "comment {}..{} {kind} {:?}",
            c.range.start, c.range.end, c.text
        )
        .unwrap();
    }
    for e in &parse.errors {
        let covered = &text[e.range.as_range()];
        writeln!(
            out,
            "error {}..{} {covered:?}: {}",
            e.range.start, e.range.end, e.message
        )
        .unwrap();
    }
    out
}

fn range(r: TextRange) -> String {
    format!("{}..{}", r.start, r.end)
}

fn string_flags(s: &StringLit) -> String {
    let mut flags = String::new();
    if !s.terminated {
        flags.push_str(" unterminated");
    }
    if s.has_escapes {
        flags.push_str(" escaped");
    }
    flags
}

pub(crate) fn render_value(out: &mut String, value: &Value, level: usize) {
    let pad = "  ".repeat(level);
    match value {
        Value::Object(o) => {
            let unclosed = if o.closed { "" } else { " unclosed" };
            writeln!(out, "{pad}object {}{unclosed}", range(o.range)).unwrap();
            for m in &o.members {
                let colon = m.colon.map(|c| format!(" colon {c}")).unwrap_or_default();
                writeln!(
                    out,
                    "{pad}  member {} key {} {:?}{}{colon}",
                    range(m.range),
                    range(m.key.range),
                    m.key.value,
                    string_flags(&m.key)
                )
                .unwrap();
                match &m.value {
                    Some(v) => render_value(out, v, level + 2),
                    None => writeln!(out, "{pad}    (no value)").unwrap(),
                }
            }
        }
        Value::Array(a) => {
            let unclosed = if a.closed { "" } else { " unclosed" };
            writeln!(out, "{pad}array {}{unclosed}", range(a.range)).unwrap();
            for item in &a.items {
                render_value(out, item, level + 1);
            }
        }
        Value::String(s) => writeln!(
            out,
            "{pad}string {} {:?}{}",
            range(s.range),
            s.value,
            string_flags(s)
        )
        .unwrap(),
        Value::Number(s) => writeln!(out, "{pad}number {} {}", range(s.range), s.text).unwrap(),
        Value::Bool(s) => writeln!(out, "{pad}bool {} {}", range(s.range), s.text).unwrap(),
        Value::Null(s) => writeln!(out, "{pad}null {}", range(s.range)).unwrap(),
        Value::Error(s) => writeln!(out, "{pad}error {} {:?}", range(s.range), s.text).unwrap(),
        Value::Computed(c) => {
            writeln!(out, "{pad}computed {} {:?}", range(c.range), c.function).unwrap();
            if let Some(arg) = &c.arg {
                render_value(out, arg, level + 1);
            }
        }
    }
}

fn check(text: &str, expect: Expect) {
    expect.assert_eq(&render(text));
}

// ---------------------------------------------------------------------------------------------
// Invariants, checked on every parse in this file

fn check_range(text: &str, r: TextRange, what: &str) {
    assert!(r.start <= r.end, "{what}: inverted range {r:?} in {text:?}");
    assert!(
        (r.end as usize) <= text.len(),
        "{what}: range {r:?} past the end of {text:?}"
    );
    assert!(
        text.is_char_boundary(r.start as usize),
        "{what}: start of {r:?} inside a char in {text:?}"
    );
    assert!(
        text.is_char_boundary(r.end as usize),
        "{what}: end of {r:?} inside a char in {text:?}"
    );
}

fn inside(inner: TextRange, outer: TextRange) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

fn check_value(text: &str, value: &Value) {
    let r = value.range();
    check_range(text, r, "value");
    match value {
        Value::Object(o) => {
            let mut last = o.range.start;
            for m in &o.members {
                check_range(text, m.range, "member");
                check_range(text, m.key.range, "key");
                assert!(
                    inside(m.range, o.range),
                    "member outside its object in {text:?}"
                );
                assert!(m.range.start >= last, "members out of order in {text:?}");
                last = m.range.end;
                assert_eq!(
                    m.key.range.start, m.range.start,
                    "member must start at its key in {text:?}"
                );
                if let Some(c) = m.colon {
                    assert_eq!(&text[c as usize..c as usize + 1], ":");
                    assert!(m.key.range.end <= c && c < m.range.end);
                }
                if let Some(v) = &m.value {
                    assert!(
                        inside(v.range(), m.range),
                        "value outside its member in {text:?}"
                    );
                    assert_eq!(v.range().end, m.range.end);
                    check_value(text, v);
                }
                check_string(text, &m.key);
            }
            assert_eq!(&text[r.start as usize..r.start as usize + 1], "{");
            if o.closed {
                assert_eq!(&text[r.end as usize - 1..r.end as usize], "}");
            }
        }
        Value::Array(a) => {
            let mut last = a.range.start;
            for item in &a.items {
                assert!(
                    inside(item.range(), a.range),
                    "item outside its array in {text:?}"
                );
                assert!(item.range().start >= last, "items out of order in {text:?}");
                last = item.range().end;
                check_value(text, item);
            }
            assert_eq!(&text[r.start as usize..r.start as usize + 1], "[");
            if a.closed {
                assert_eq!(&text[r.end as usize - 1..r.end as usize], "]");
            }
        }
        Value::String(s) => check_string(text, s),
        Value::Number(s) | Value::Bool(s) | Value::Null(s) | Value::Error(s) => {
            assert_eq!(s.text, &text[s.range.as_range()]);
            assert!(!s.text.is_empty());
        }
        Value::Computed(c) => panic!("computed value {c:?} in a JSON document"),
    }
}

fn check_string(text: &str, s: &StringLit) {
    let raw = &text[s.range.as_range()];
    if raw.starts_with('"') {
        check_range(text, s.content_range(), "string content");
        if !s.has_escapes {
            assert_eq!(s.value, &text[s.content_range().as_range()]);
        }
    } else {
        // A bare word used as a property name.
        assert!(s.terminated && !s.has_escapes && s.value == raw);
    }
    if !s.terminated {
        assert!(
            !raw[1..].contains(['\n', '\r']),
            "unterminated string spans lines in {text:?}"
        );
    }
}

fn check_invariants(text: &str, parse: &Parse) {
    if let Some(root) = &parse.root {
        check_value(text, root);
    }
    for e in &parse.errors {
        check_range(text, e.range, "error");
        assert!(!e.message.is_empty());
    }
    assert!(
        parse
            .errors
            .windows(2)
            .all(|w| w[0].range.start <= w[1].range.start),
        "errors not sorted in {text:?}"
    );
    for c in &parse.comments {
        check_range(text, c.range, "comment");
    }
}

// ---------------------------------------------------------------------------------------------
// Valid JSON

#[test]
fn valid_values() {
    check(
        r#"{"Version": "2012-10-17", "n": -1.5e3, "t": true, "f": false, "z": null, "a": [1, [], {}]}"#,
        expect![[r#"
            object 0..90
              member 1..24 key 1..10 "Version" colon 10
                string 12..24 "2012-10-17"
              member 26..37 key 26..29 "n" colon 29
                number 31..37 -1.5e3
              member 39..48 key 39..42 "t" colon 42
                bool 44..48 true
              member 50..60 key 50..53 "f" colon 53
                bool 55..60 false
              member 62..71 key 62..65 "z" colon 65
                null 67..71
              member 73..89 key 73..76 "a" colon 76
                array 78..89
                  number 79..80 1
                  array 82..84
                  object 86..88
        "#]],
    );
    check(
        "  \"top\"  ",
        expect![[r#"
        string 2..7 "top"
    "#]],
    );
    check(
        "0",
        expect![[r#"
        number 0..1 0
    "#]],
    );
    check(
        "[]",
        expect![[r#"
        array 0..2
    "#]],
    );
}

#[test]
fn empty_documents() {
    check(
        "",
        expect![[r#"
        (no value)
    "#]],
    );
    check(
        "   \n\t ",
        expect![[r#"
        (no value)
    "#]],
    );
    check(
        "// nothing here\n/* at all */",
        expect![[r#"
        (no value)
        comment 0..15 line " nothing here"
        comment 16..28 block " at all "
    "#]],
    );
    check(
        "\u{FEFF}",
        expect![[r#"
        (no value)
    "#]],
    );
    check(
        "\u{FEFF}{}",
        expect![[r#"
        object 3..5
    "#]],
    );
}

#[test]
fn comments() {
    check(
        "// head\n{ /* inline */ \"a\": 1 // tail\r\n}",
        expect![[r#"
            object 8..40
              member 23..29 key 23..26 "a" colon 26
                number 28..29 1
            comment 0..7 line " head"
            comment 10..22 block " inline "
            comment 30..37 line " tail"
        "#]],
    );
    check(
        "[1 /* never closed ",
        expect![[r#"
        array 0..2 unclosed
          number 1..2 1
        comment 3..19 block " never closed "
        error 0..1 "[": missing closing ']'
        error 3..19 "/* never closed ": unterminated block comment: missing '*/'
    "#]],
    );
    check(
        "/**/ 1 /***/ //",
        expect![[r#"
        number 5..6 1
        comment 0..4 block ""
        comment 7..12 block "*"
        comment 13..15 line ""
    "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Lexical errors

#[test]
fn string_escapes() {
    check(
        r#""a\"b\\c\/d\be\ff\ng\rh\ti""#,
        expect![[r#"
        string 0..27 "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti" escaped
    "#]],
    );
    check(
        r#""\u00e9\u4E2D\ud83d\ude00""#,
        expect![[r#"
        string 0..26 "é中😀" escaped
    "#]],
    );
    // Lone surrogates become U+FFFD without an error; a high surrogate followed by a
    // non-surrogate escape keeps the second one.
    check(
        r#"["\ud83d", "\ude00", "\ud83dx", "\ud83d\u0041"]"#,
        expect![[r#"
        array 0..47
          string 1..9 "�" escaped
          string 11..19 "�" escaped
          string 21..30 "�x" escaped
          string 32..46 "�A" escaped
    "#]],
    );
    check(
        r#""bad \q and \é and \u12 and \uZZZZ end""#,
        expect![[r#"
        string 0..40 "bad \\q and \\é and � and �ZZZZ end" escaped
        error 5..7 "\\q": invalid escape sequence '\q': valid escapes are \" \\ \/ \b \f \n \r \t and \uXXXX
        error 12..15 "\\é": invalid escape sequence '\é': valid escapes are \" \\ \/ \b \f \n \r \t and \uXXXX
        error 20..24 "\\u12": invalid unicode escape: expected 4 hex digits after '\u'
        error 29..31 "\\u": invalid unicode escape: expected 4 hex digits after '\u'
    "#]],
    );
}

#[test]
fn string_control_characters() {
    check(
        "\"a\tb\u{1}c\"",
        expect![[r#"
        string 0..7 "a\tb\u{1}c"
        error 2..3 "\t": tab characters must be escaped as \t in a string
        error 4..5 "\u{1}": control character U+0001 must be escaped in a string
    "#]],
    );
}

#[test]
fn unterminated_strings() {
    // Ends at the end of the line, not at the end of the text.
    check(
        "[\"abc\n, \"def\"]",
        expect![[r#"
        array 0..14
          string 1..5 "abc" unterminated
          string 8..13 "def"
        error 1..5 "\"abc": unterminated string: missing closing '"'
    "#]],
    );
    check(
        "\"abc",
        expect![[r#"
        string 0..4 "abc" unterminated
        error 0..4 "\"abc": unterminated string: missing closing '"'
    "#]],
    );
    check(
        "[\"abc\\\n]",
        expect![[r#"
        array 0..8
          string 1..6 "abc\\" unterminated escaped
        error 1..6 "\"abc\\": unterminated string: missing closing '"'
    "#]],
    );
    check(
        "[\"abc\r\n]",
        expect![[r#"
        array 0..8
          string 1..5 "abc" unterminated
        error 1..5 "\"abc": unterminated string: missing closing '"'
    "#]],
    );
}

#[test]
fn numbers() {
    check(
        "[0, -0, 12, 1.5, -1e10, 2E+3, 4e-2]",
        expect![[r#"
        array 0..35
          number 1..2 0
          number 4..6 -0
          number 8..10 12
          number 12..15 1.5
          number 17..22 -1e10
          number 24..28 2E+3
          number 30..34 4e-2
    "#]],
    );
    check(
        "[01, 1., -, 1e, .5, +1, 1.2.3, --1]",
        expect![[r#"
        array 0..35
          number 1..3 01
          number 5..7 1.
          number 9..10 -
          number 12..14 1e
          number 16..18 .5
          number 20..22 +1
          number 24..29 1.2.3
          number 31..34 --1
        error 1..3 "01": invalid number: leading zeros are not allowed
        error 5..7 "1.": invalid number: expected a digit after '.'
        error 9..10 "-": invalid number: expected a digit after '-'
        error 12..14 "1e": invalid number: expected a digit in the exponent
        error 16..18 ".5": invalid number: expected a digit before '.'
        error 20..22 "+1": invalid number: a leading '+' is not allowed
        error 24..29 "1.2.3": invalid number
        error 31..34 "--1": invalid number
    "#]],
    );
}

#[test]
fn bare_words() {
    check(
        r#"{"Effect": Allow}"#,
        expect![[r#"
        object 0..17
          member 1..16 key 1..9 "Effect" colon 9
            error 11..16 "Allow"
        error 11..16 "Allow": expected a value: strings need double quotes
    "#]],
    );
    check(
        r#"["s3:GetObject", s3:PutObject, arn:aws:s3:::bucket/*]"#,
        expect![[r#"
        array 0..53
          string 1..15 "s3:GetObject"
          error 17..29 "s3:PutObject"
          error 31..52 "arn:aws:s3:::bucket/*"
        error 17..29 "s3:PutObject": expected a value: strings need double quotes
        error 31..52 "arn:aws:s3:::bucket/*": expected a value: strings need double quotes
    "#]],
    );
    check(
        "[True, NULL, 'Allow', ;]",
        expect![[r#"
        array 0..24
          error 1..5 "True"
          error 7..11 "NULL"
          error 13..20 "'Allow'"
          error 22..23 ";"
        error 1..5 "True": expected a value: did you mean 'true'? (JSON keywords are lowercase)
        error 7..11 "NULL": expected a value: did you mean 'null'? (JSON keywords are lowercase)
        error 13..20 "'Allow'": expected a value: strings need double quotes, not single quotes
        error 22..23 ";": expected a value, found ';'
    "#]],
    );
    // A comment may follow a word directly, except in a word with a colon (an unquoted ARN).
    check(
        "[Allow // c\n, 1// d\n]",
        expect![[r#"
        array 0..21
          error 1..6 "Allow"
          number 14..15 1
        comment 7..11 line " c"
        comment 15..19 line " d"
        error 1..6 "Allow": expected a value: strings need double quotes
    "#]],
    );
    check(
        "Allow",
        expect![[r#"
        error 0..5 "Allow"
        error 0..5 "Allow": expected a value: strings need double quotes
    "#]],
    );
}

#[test]
fn unusual_whitespace() {
    check(
        "{\u{A0}\u{3000}\"a\":\u{2028}\u{c}1}",
        expect![[r#"
            object 0..16
              member 6..15 key 6..9 "a" colon 9
                number 14..15 1
            error 1..6 "\u{a0}\u{3000}": invalid whitespace character U+00A0: JSON allows only spaces, tabs and line breaks
            error 10..14 "\u{2028}\u{c}": invalid whitespace character U+2028: JSON allows only spaces, tabs and line breaks
        "#]],
    );
}

#[test]
fn crlf_tabs_and_escaped_keys() {
    check(
        "{\r\n\t\"Eff\\u0065ct\": \"Allow\",\r\n\t\"Action\": \"s3:Get\r\n}",
        expect![[r#"
        object 0..50
          member 4..26 key 4..17 "Effect" escaped colon 17
            string 19..26 "Allow"
          member 30..47 key 30..38 "Action" colon 38
            string 40..47 "s3:Get" unterminated
        error 40..47 "\"s3:Get": unterminated string: missing closing '"'
    "#]],
    );
}

#[test]
fn utf8_ranges() {
    check(
        r#"{"😀": "日本語", "k": ["é", "🦀"]}"#,
        expect![[r#"
        object 0..42
          member 1..20 key 1..7 "😀" colon 7
            string 9..20 "日本語"
          member 22..41 key 22..25 "k" colon 25
            array 27..41
              string 28..32 "é"
              string 34..40 "🦀"
    "#]],
    );
    check(
        "[\"日本\n, 😀]",
        expect![[r#"
        array 0..16
          string 1..8 "日本" unterminated
          error 11..15 "😀"
        error 1..8 "\"日本": unterminated string: missing closing '"'
        error 11..15 "😀": expected a value, found '😀'
    "#]],
    );
    check(
        "{\"é\" \"ü\"}",
        expect![[r#"
        object 0..11
          member 1..10 key 1..5 "é"
            string 6..10 "ü"
        error 1..5 "\"é\"": expected ':' after the property name
    "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Recovery

#[test]
fn missing_commas() {
    check(
        r#"{"a": 1 "b": 2}"#,
        expect![[r#"
        object 0..15
          member 1..7 key 1..4 "a" colon 4
            number 6..7 1
          member 8..14 key 8..11 "b" colon 11
            number 13..14 2
        error 6..7 "1": missing comma between properties
    "#]],
    );
    check(
        "[1 2\n3]",
        expect![[r#"
        array 0..7
          number 1..2 1
          number 3..4 2
          number 5..6 3
        error 1..2 "1": missing comma between items
        error 3..4 "2": missing comma between items
    "#]],
    );
    check(
        r#"[{"a": 1} {"b": 2}]"#,
        expect![[r#"
        array 0..19
          object 1..9
            member 2..8 key 2..5 "a" colon 5
              number 7..8 1
          object 10..18
            member 11..17 key 11..14 "b" colon 14
              number 16..17 2
        error 8..9 "}": missing comma between items
    "#]],
    );
}

#[test]
fn trailing_and_extra_commas() {
    check(
        r#"{"a": 1,}"#,
        expect![[r#"
        object 0..9
          member 1..7 key 1..4 "a" colon 4
            number 6..7 1
        error 7..8 ",": trailing comma: remove the ',' before '}'
    "#]],
    );
    check(
        "[1,]",
        expect![[r#"
        array 0..4
          number 1..2 1
        error 2..3 ",": trailing comma: remove the ',' before ']'
    "#]],
    );
    check(
        "[,1,,2]",
        expect![[r#"
        array 0..7
          number 2..3 1
          number 5..6 2
        error 1..2 ",": unexpected ',' before the first item
        error 4..5 ",": extra comma
    "#]],
    );
    check(
        r#"{, "a": 1}"#,
        expect![[r#"
        object 0..10
          member 3..9 key 3..6 "a" colon 6
            number 8..9 1
        error 1..2 ",": unexpected ',' before the first property
    "#]],
    );
}

#[test]
fn missing_colon_and_value() {
    check(
        r#"{"Effect" "Allow"}"#,
        expect![[r#"
        object 0..18
          member 1..17 key 1..9 "Effect"
            string 10..17 "Allow"
        error 1..9 "\"Effect\"": expected ':' after the property name
    "#]],
    );
    check(
        r#"{"Effect": }"#,
        expect![[r#"
        object 0..12
          member 1..10 key 1..9 "Effect" colon 9
            (no value)
        error 9..10 ":": expected a value after ':'
    "#]],
    );
    check(
        r#"{"Effect":, "Action": "*"}"#,
        expect![[r#"
        object 0..26
          member 1..10 key 1..9 "Effect" colon 9
            (no value)
          member 12..25 key 12..20 "Action" colon 20
            string 22..25 "*"
        error 9..10 ":": expected a value after ':'
    "#]],
    );
    check(
        r#"{"Effect"}"#,
        expect![[r#"
        object 0..10
          member 1..9 key 1..9 "Effect"
            (no value)
        error 1..9 "\"Effect\"": expected ':' after the property name
    "#]],
    );
    check(
        r#"{"Effect", "Action": "*"}"#,
        expect![[r#"
        object 0..25
          member 1..9 key 1..9 "Effect"
            (no value)
          member 11..24 key 11..19 "Action" colon 19
            string 21..24 "*"
        error 1..9 "\"Effect\"": expected ':' after the property name
    "#]],
    );
    check(
        "{\"Effect\":\n\"Action\": \"*\"}",
        expect![[r#"
        object 0..25
          member 1..10 key 1..9 "Effect" colon 9
            (no value)
          member 11..24 key 11..19 "Action" colon 19
            string 21..24 "*"
        error 9..10 ":": expected a value after ':'
    "#]],
    );
    check(
        "{\"Effect\"\n\"Action\": \"*\"}",
        expect![[r#"
        object 0..24
          member 1..9 key 1..9 "Effect"
            (no value)
          member 10..23 key 10..18 "Action" colon 18
            string 20..23 "*"
        error 1..9 "\"Effect\"": expected ':' after the property name
    "#]],
    );
    check(
        r#"{: "x", "a": 1}"#,
        expect![[r#"
        object 0..15
          member 8..14 key 8..11 "a" colon 11
            number 13..14 1
        error 1..2 ":": expected a property name before ':'
    "#]],
    );
}

#[test]
fn keys_being_typed() {
    check(
        r#"{"Eff"#,
        expect![[r#"
        object 0..5 unclosed
          member 1..5 key 1..5 "Eff" unterminated
            (no value)
        error 0..1 "{": missing closing '}'
        error 1..5 "\"Eff": unterminated string: missing closing '"'
    "#]],
    );
    check(
        "{\"Eff\n}",
        expect![[r#"
        object 0..7
          member 1..5 key 1..5 "Eff" unterminated
            (no value)
        error 1..5 "\"Eff": unterminated string: missing closing '"'
    "#]],
    );
    check(
        "{ Eff",
        expect![[r#"
        object 0..5 unclosed
          member 2..5 key 2..5 "Eff"
            (no value)
        error 0..1 "{": missing closing '}'
        error 2..5 "Eff": property names must be in double quotes
    "#]],
    );
    check(
        r#"{ Effect: "Allow" }"#,
        expect![[r#"
        object 0..19
          member 2..17 key 2..8 "Effect" colon 8
            string 10..17 "Allow"
        error 2..8 "Effect": property names must be in double quotes
    "#]],
    );
    check(
        "{ \"a\": 1,\n  Effect: \"Allow\" }",
        expect![[r#"
        object 0..29
          member 2..8 key 2..5 "a" colon 5
            number 7..8 1
          member 12..27 key 12..18 "Effect" colon 18
            string 20..27 "Allow"
        error 12..18 "Effect": property names must be in double quotes
    "#]],
    );
    check(
        r#"{ 12: true }"#,
        expect![[r#"
        object 0..12
          member 2..10 key 2..4 "12" colon 4
            bool 6..10 true
        error 2..4 "12": property names must be in double quotes
    "#]],
    );
}

#[test]
fn unclosed_containers() {
    check(
        r#"{"a": [1, 2"#,
        expect![[r#"
        object 0..11 unclosed
          member 1..11 key 1..4 "a" colon 4
            array 6..11 unclosed
              number 7..8 1
              number 10..11 2
        error 0..1 "{": missing closing '}'
        error 6..7 "[": missing closing ']'
    "#]],
    );
    check(
        "{\"a\": 1,\n  ",
        expect![[r#"
        object 0..8 unclosed
          member 1..7 key 1..4 "a" colon 4
            number 6..7 1
        error 0..1 "{": missing closing '}'
    "#]],
    );
    check(
        "[",
        expect![[r#"
        array 0..1 unclosed
        error 0..1 "[": missing closing ']'
    "#]],
    );
    check(
        "{",
        expect![[r#"
        object 0..1 unclosed
        error 0..1 "{": missing closing '}'
    "#]],
    );
}

#[test]
fn mismatched_closers() {
    check(
        r#"[ "a" }"#,
        expect![[r#"
        array 0..7 unclosed
          string 2..5 "a"
        error 6..7 "}": expected ']' to close the array, found '}'
    "#]],
    );
    check(
        r#"{ "a": 1 ]"#,
        expect![[r#"
        object 0..10 unclosed
          member 2..8 key 2..5 "a" colon 5
            number 7..8 1
        error 9..10 "]": expected '}' to close the object, found ']'
    "#]],
    );
    check(
        r#"{"a": [1, 2}"#,
        expect![[r#"
        object 0..12
          member 1..11 key 1..4 "a" colon 4
            array 6..11 unclosed
              number 7..8 1
              number 10..11 2
        error 6..7 "[": missing closing ']'
    "#]],
    );
    check(
        r#"[{"a": 1]"#,
        expect![[r#"
        array 0..9
          object 1..8 unclosed
            member 2..8 key 2..5 "a" colon 5
              number 7..8 1
        error 1..2 "{": missing closing '}'
    "#]],
    );
    check(
        r#"{"a": {"b": [1}, "c": 2}"#,
        expect![[r#"
        object 0..24
          member 1..15 key 1..4 "a" colon 4
            object 6..15
              member 7..14 key 7..10 "b" colon 10
                array 12..14 unclosed
                  number 13..14 1
          member 17..23 key 17..20 "c" colon 20
            number 22..23 2
        error 12..13 "[": missing closing ']'
    "#]],
    );
}

#[test]
fn mismatched_closers_are_read_by_what_follows() {
    // A typo: after closing the statement, `"Resource":` could not follow in the array.
    check(
        r#"{"Statement": [{"Action": ["s3:GetObject"}, "Resource": "*"}]}"#,
        expect![[r#"
            object 0..62
              member 1..61 key 1..12 "Statement" colon 12
                array 14..61
                  object 15..60
                    member 16..42 key 16..24 "Action" colon 24
                      array 26..42 unclosed
                        string 27..41 "s3:GetObject"
                    member 44..59 key 44..54 "Resource" colon 54
                      string 56..59 "*"
            error 41..42 "}": expected ']' to close the array, found '}'
        "#]],
    );
    // A typo: `, {` cannot follow the array in the root.
    check(
        r#"[{"a": 1], {"b": 2}]"#,
        expect![[r#"
        array 0..20
          object 1..9 unclosed
            member 2..8 key 2..5 "a" colon 5
              number 7..8 1
          object 11..19
            member 12..18 key 12..15 "b" colon 15
              number 17..18 2
        error 8..9 "]": expected '}' to close the object, found ']'
    "#]],
    );
    // A missing `}`: the `]` closes the Statement array.
    check(
        r#"{"Statement": [{"Effect": "Allow"]}"#,
        expect![[r#"
        object 0..35
          member 1..34 key 1..12 "Statement" colon 12
            array 14..34
              object 15..33 unclosed
                member 16..33 key 16..24 "Effect" colon 24
                  string 26..33 "Allow"
        error 15..16 "{": missing closing '}'
    "#]],
    );
    // One too many: neither closing the array nor a typo fits `, "b"`.
    check(
        r#"["a" } , "b"]"#,
        expect![[r#"
        array 0..13
          string 1..4 "a"
          string 9..12 "b"
        error 5..6 "}": unexpected '}'
    "#]],
    );
    check(
        r#"{"a": 1 ] , "b": 2}"#,
        expect![[r#"
        object 0..19
          member 1..7 key 1..4 "a" colon 4
            number 6..7 1
          member 12..18 key 12..15 "b" colon 15
            number 17..18 2
        error 8..9 "]": unexpected ']'
    "#]],
    );
}

#[test]
fn stray_and_extra_content() {
    check(
        "} ] {}",
        expect![[r#"
        object 4..6
        error 0..1 "}": unexpected '}' with no matching '{'
        error 2..3 "]": unexpected ']' with no matching '['
    "#]],
    );
    check(
        "{} {\"a\": 1}",
        expect![[r#"
        object 0..2
        error 3..11 "{\"a\": 1}": unexpected content after the JSON document
    "#]],
    );
    check(
        "{}}",
        expect![[r#"
        object 0..2
        error 2..3 "}": unexpected content after the JSON document
    "#]],
    );
    check(
        "1 2 \"abc",
        expect![[r#"
        number 0..1 1
        error 2..8 "2 \"abc": unexpected content after the JSON document
        error 4..8 "\"abc": unterminated string: missing closing '"'
    "#]],
    );
    check(
        ", : 1",
        expect![[r#"
        number 4..5 1
        error 0..1 ",": unexpected ',': expected a JSON value
        error 2..3 ":": unexpected ':': expected a JSON value
    "#]],
    );
    check(
        r#"{"a": 1 : 2}"#,
        expect![[r#"
        object 0..12
          member 1..7 key 1..4 "a" colon 4
            number 6..7 1
        error 8..9 ":": expected a property name before ':'
    "#]],
    );
    check(
        r#"[1 : 2]"#,
        expect![[r#"
        array 0..7
          number 1..2 1
          number 5..6 2
        error 3..4 ":": unexpected ':' in an array
    "#]],
    );
    check(
        r#"{[1], {"b": 2}, "c": 3}"#,
        expect![[r#"
        object 0..23
          member 16..22 key 16..19 "c" colon 19
            number 21..22 3
        error 1..2 "[": expected a property name, found an array
        error 6..7 "{": expected a property name, found an object
    "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Half-typed IAM policies

#[test]
fn policy_half_typed_action() {
    check(
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:Get
      "Resource": "*"
    },
    {
      "Effect": "Deny",
      "Action": "iam:*",
      "Resource": "*"
    }
  ]
}"#,
        expect![[r#"
            object 0..219
              member 4..27 key 4..13 "Version" colon 13
                string 15..27 "2012-10-17"
              member 31..217 key 31..42 "Statement" colon 42
                array 44..217
                  object 50..129
                    member 58..75 key 58..66 "Effect" colon 66
                      string 68..75 "Allow"
                    member 83..101 key 83..91 "Action" colon 91
                      array 93..101 unclosed
                        string 94..101 "s3:Get" unterminated
                    member 108..123 key 108..118 "Resource" colon 118
                      string 120..123 "*"
                  object 135..213
                    member 143..159 key 143..151 "Effect" colon 151
                      string 153..159 "Deny"
                    member 167..184 key 167..175 "Action" colon 175
                      string 177..184 "iam:*"
                    member 192..207 key 192..202 "Resource" colon 202
                      string 204..207 "*"
            error 93..94 "[": missing closing ']'
            error 94..101 "\"s3:Get": unterminated string: missing closing '"'
        "#]],
    );
}

#[test]
fn policy_half_typed_value() {
    check(
        r#"{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:Get
      "Resource": "*"
    },
    {"Effect": "Deny", "Action": "*", "Resource": "*"}
  ]
}"#,
        expect![[r#"
            object 0..163
              member 4..161 key 4..15 "Statement" colon 15
                array 17..161
                  object 23..101
                    member 31..48 key 31..39 "Effect" colon 39
                      string 41..48 "Allow"
                    member 56..73 key 56..64 "Action" colon 64
                      string 66..73 "s3:Get" unterminated
                    member 80..95 key 80..90 "Resource" colon 90
                      string 92..95 "*"
                  object 107..157
                    member 108..124 key 108..116 "Effect" colon 116
                      string 118..124 "Deny"
                    member 126..139 key 126..134 "Action" colon 134
                      string 136..139 "*"
                    member 141..156 key 141..151 "Resource" colon 151
                      string 153..156 "*"
            error 66..73 "\"s3:Get": unterminated string: missing closing '"'
        "#]],
    );
}

#[test]
fn policy_missing_comma_between_statements() {
    check(
        r#"{
  "Statement": [
    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
    {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}
  ]
}"#,
        expect![[r#"
            object 0..142
              member 4..140 key 4..15 "Statement" colon 15
                array 17..140
                  object 23..77
                    member 24..41 key 24..32 "Effect" colon 32
                      string 34..41 "Allow"
                    member 43..59 key 43..51 "Action" colon 51
                      string 53..59 "s3:*"
                    member 61..76 key 61..71 "Resource" colon 71
                      string 73..76 "*"
                  object 82..136
                    member 83..99 key 83..91 "Effect" colon 91
                      string 93..99 "Deny"
                    member 101..118 key 101..109 "Action" colon 109
                      string 111..118 "iam:*"
                    member 120..135 key 120..130 "Resource" colon 130
                      string 132..135 "*"
            error 76..77 "}": missing comma between items
        "#]],
    );
}

#[test]
fn policy_statement_missing_closing_brace() {
    check(
        r#"{
  "Statement": [
    {"Effect": "Allow", "Action": "s3:*",
    {"Effect": "Deny", "Action": "iam:*"}
  ]
}"#,
        expect![[r#"
            object 0..108
              member 4..106 key 4..15 "Statement" colon 15
                array 17..106
                  object 23..60 unclosed
                    member 24..41 key 24..32 "Effect" colon 32
                      string 34..41 "Allow"
                    member 43..59 key 43..51 "Action" colon 51
                      string 53..59 "s3:*"
                  object 65..102
                    member 66..82 key 66..74 "Effect" colon 74
                      string 76..82 "Deny"
                    member 84..101 key 84..92 "Action" colon 92
                      string 94..101 "iam:*"
            error 23..24 "{": missing closing '}'
        "#]],
    );
    check(
        r#"{
  "Statement": [
    {
      "Effect": "Allow",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}
    },
    {"Effect": "Deny"}
  ]
}"#,
        expect![[r#"
            object 0..145
              member 4..143 key 4..15 "Statement" colon 15
                array 17..143
                  object 23..116 unclosed
                    member 31..48 key 31..39 "Effect" colon 39
                      string 41..48 "Allow"
                    member 56..115 key 56..67 "Condition" colon 67
                      object 69..115
                        member 70..109 key 70..76 "Bool" colon 76
                          object 78..109
                            member 79..108 key 79..100 "aws:SecureTransport" colon 100
                              string 102..108 "true"
                  object 121..139
                    member 122..138 key 122..130 "Effect" colon 130
                      string 132..138 "Deny"
            error 23..24 "{": missing closing '}'
        "#]],
    );
}

#[test]
fn policy_new_key_being_typed() {
    check(
        r#"{
  "Statement": [{
    "Effect": "Allow",
    "Res
    "Action": "*"
  }]
}"#,
        expect![[r#"
            object 0..76
              member 4..74 key 4..15 "Statement" colon 15
                array 17..74
                  object 18..73
                    member 24..41 key 24..32 "Effect" colon 32
                      string 34..41 "Allow"
                    member 47..51 key 47..51 "Res" unterminated
                      (no value)
                    member 56..69 key 56..64 "Action" colon 64
                      string 66..69 "*"
            error 47..51 "\"Res": unterminated string: missing closing '"'
        "#]],
    );
    check(
        r#"{
  "Statement": [{
    "Effect":
    "Action": "*"
  }]
}"#,
        expect![[r#"
            object 0..58
              member 4..56 key 4..15 "Statement" colon 15
                array 17..56
                  object 18..55
                    member 24..33 key 24..32 "Effect" colon 32
                      (no value)
                    member 38..51 key 38..46 "Action" colon 46
                      string 48..51 "*"
            error 32..33 ":": expected a value after ':'
        "#]],
    );
}

#[test]
fn policy_new_statement_being_typed() {
    check(
        r#"{
  "Statement": [
    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
    {
  ]
}"#,
        expect![[r#"
            object 0..90
              member 4..88 key 4..15 "Statement" colon 15
                array 17..88
                  object 23..77
                    member 24..41 key 24..32 "Effect" colon 32
                      string 34..41 "Allow"
                    member 43..59 key 43..51 "Action" colon 51
                      string 53..59 "s3:*"
                    member 61..76 key 61..71 "Resource" colon 71
                      string 73..76 "*"
                  object 83..84 unclosed
            error 83..84 "{": missing closing '}'
        "#]],
    );
    check(
        r#"{
  "Statement": [
    {"Effect": "Allow", "Action": [
      "s3:GetObject",
      "s3:Put
    }
  ]
}"#,
        expect![[r#"
            object 0..102
              member 4..100 key 4..15 "Statement" colon 15
                array 17..100
                  object 23..96
                    member 24..41 key 24..32 "Effect" colon 32
                      string 34..41 "Allow"
                    member 43..90 key 43..51 "Action" colon 51
                      array 53..90 unclosed
                        string 61..75 "s3:GetObject"
                        string 83..90 "s3:Put" unterminated
            error 53..54 "[": missing closing ']'
            error 83..90 "\"s3:Put": unterminated string: missing closing '"'
        "#]],
    );
}

#[test]
fn policy_extra_closing_brace() {
    check(
        r#"{
  "Statement": [
    {"Effect": "Allow"}},
    {"Effect": "Deny"}
  ]
}"#,
        expect![[r#"
            object 0..73
              member 4..71 key 4..15 "Statement" colon 15
                array 17..71
                  object 23..42
                    member 24..41 key 24..32 "Effect" colon 32
                      string 34..41 "Allow"
                  object 49..67
                    member 50..66 key 50..58 "Effect" colon 58
                      string 60..66 "Deny"
            error 42..43 "}": unexpected '}'
        "#]],
    );
    check(
        r#"[{"a": 1}}]"#,
        expect![[r#"
        array 0..11
          object 1..9
            member 2..8 key 2..5 "a" colon 5
              number 7..8 1
        error 9..10 "}": unexpected '}'
    "#]],
    );
    // Not extra: the `]` is missing.
    check(
        r#"{
  "Statement": [
    {"Effect": "Allow"},
    {"Effect": "Deny"}
}"#,
        expect![[r#"
            object 0..68
              member 4..66 key 4..15 "Statement" colon 15
                array 17..66 unclosed
                  object 23..42
                    member 24..41 key 24..32 "Effect" colon 32
                      string 34..41 "Allow"
                  object 48..66
                    member 49..65 key 49..57 "Effect" colon 57
                      string 59..65 "Deny"
            error 17..18 "[": missing closing ']'
        "#]],
    );
    check(
        r#"{"Statement": [{"Effect": "Allow"}}, "Version": "2012-10-17"}"#,
        expect![[r#"
        object 0..61
          member 1..35 key 1..12 "Statement" colon 12
            array 14..35 unclosed
              object 15..34
                member 16..33 key 16..24 "Effect" colon 24
                  string 26..33 "Allow"
          member 37..60 key 37..46 "Version" colon 46
            string 48..60 "2012-10-17"
        error 34..35 "}": expected ']' to close the array, found '}'
    "#]],
    );
}

#[test]
fn policy_truncated() {
    check(
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadOnly",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "#,
        expect![[r#"
            object 0..134 unclosed
              member 4..27 key 4..13 "Version" colon 13
                string 15..27 "2012-10-17"
              member 31..134 key 31..42 "Statement" colon 42
                array 44..134 unclosed
                  object 50..134 unclosed
                    member 58..75 key 58..63 "Sid" colon 63
                      string 65..75 "ReadOnly"
                    member 83..100 key 83..91 "Effect" colon 91
                      string 93..100 "Allow"
                    member 108..134 key 108..116 "Action" colon 116
                      array 118..134 unclosed
                        string 119..133 "s3:GetObject"
            error 0..1 "{": missing closing '}'
            error 44..45 "[": missing closing ']'
            error 50..51 "{": missing closing '}'
            error 118..119 "[": missing closing ']'
        "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Limits

#[test]
fn deep_nesting_is_skipped() {
    let deep = "[".repeat(100_000);
    let result = parse(&deep);
    check_invariants(&deep, &result);
    // One "too deep" error plus one "missing ']'" per open level.
    assert_eq!(result.errors.len(), super::parser::MAX_DEPTH + 1);

    let balanced = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let result = parse(&balanced);
    check_invariants(&balanced, &result);
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    assert!(result.errors[0].message.contains("nesting too deep"));

    let objects = "{\"a\":".repeat(50_000);
    let result = parse(&objects);
    check_invariants(&objects, &result);

    let text = format!("[{}1{}, 2]", "[".repeat(130), "]".repeat(130));
    let result = parse(&text);
    check_invariants(&text, &result);
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let items = &result.root.unwrap();
    let items = &items.as_array().unwrap().items;
    assert_eq!(items.len(), 2);
    assert!(matches!(items[1], Value::Number(_)));
}

#[test]
fn pathological_inputs_are_fast() {
    // Each would be quadratic with a naive look-ahead or rescanning.
    let inputs = [
        "\"".repeat(100_000),
        "[\"a\" ".repeat(20_000),
        "{\"a\"\n".repeat(20_000),
        "[\"a\":".repeat(20_000),
        "{\"a\": [\"b\"\n\"c\":".repeat(10_000),
        "}".repeat(100_000),
        "/*".repeat(50_000),
        "\\u".repeat(50_000),
        format!("\"{}", "\\ud800".repeat(30_000)),
    ];
    for text in &inputs {
        let start = std::time::Instant::now();
        let parse = parse(text);
        check_invariants(text, &parse);
        assert!(
            start.elapsed().as_secs() < 2,
            "slow on {:?}...",
            &text[..20]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Every prefix of a policy (what the parser sees while the policy is typed from top to bottom)

#[test]
fn every_prefix_of_a_policy() {
    let policy = r#"{
  // comment
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Déjà vu 😀",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:List*"],
      "Resource": "arn:aws:s3:::bucket/\u00e9/*",
      "Condition": {"NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": true}}
    }
  ]
}"#;
    for (i, _) in policy.char_indices() {
        let prefix = &policy[..i];
        let parse = parse(prefix);
        check_invariants(prefix, &parse);
        // Once the statement's object has started, the statement stays in the tree.
        if i > policy.find("\"Sid\"").unwrap() {
            let root = parse.root.as_ref().unwrap().as_object().unwrap();
            let statements = root.get("Statement").unwrap().value.as_ref().unwrap();
            assert_eq!(
                statements.as_array().unwrap().items.len(),
                1,
                "prefix {prefix:?}"
            );
        }
    }
    let parse = parse(policy);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
}

// ---------------------------------------------------------------------------------------------
// Property tests

mod properties {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value as Json;

    /// Text made of JSON-ish fragments, to reach the recovery paths more often than random text.
    fn jsonish_text() -> impl Strategy<Value = String> {
        let fragment = prop_oneof![
            Just("{"),
            Just("}"),
            Just("["),
            Just("]"),
            Just(":"),
            Just(","),
            Just("\""),
            Just("\\"),
            Just("\\u"),
            Just("d83d"),
            Just("/"),
            Just("*"),
            Just("//"),
            Just("/*"),
            Just("*/"),
            Just("\n"),
            Just(" "),
            Just("\r"),
            Just("true"),
            Just("nul"),
            Just("-"),
            Just("0"),
            Just("1.5e"),
            Just("Allow"),
            Just("\"Effect\""),
            Just("é"),
            Just("😀"),
            Just("\u{FEFF}"),
            Just("\u{A0}"),
            Just("\t"),
            Just("\u{1}"),
        ];
        prop::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in any::<String>()) {
            let parse = parse(&text);
            check_invariants(&text, &parse);
        }

        #[test]
        fn jsonish_text_never_panics(text in jsonish_text()) {
            let parse = parse(&text);
            check_invariants(&text, &parse);
        }

        #[test]
        fn edited_policies_never_panic(
            cut in 0usize..400,
            len in 0usize..40,
            insert in jsonish_text(),
        ) {
            let policy = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "é😀", "Effect": "Allow",
                "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}, {"Effect": "Deny",
                "NotAction": "iam:*", "Resource": ["arn:aws:iam::*:role/x"]}]}"#;
            let floor = |mut i: usize| {
                i = i.min(policy.len());
                while !policy.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let (a, b) = (floor(cut), floor(cut + len));
            let text = format!("{}{}{}", &policy[..a], insert, &policy[b..]);
            let parse = parse(&text);
            check_invariants(&text, &parse);
        }

        #[test]
        fn valid_documents_agree_with_other_parsers(
            value in json_value(),
            pretty in any::<bool>(),
            escape in any::<bool>(),
            comments in any::<bool>(),
        ) {
            let style = Style { pretty, escape, comments };
            let mut text = String::new();
            let mut n_comments = 0;
            write_json(&mut text, &value, style, 0, &mut n_comments);

            let parse = parse(&text);
            check_invariants(&text, &parse);
            prop_assert!(parse.errors.is_empty(), "{:?} in {}", parse.errors, text);
            prop_assert_eq!(parse.comments.len(), n_comments);
            let root = parse.root.as_ref().unwrap();

            let oracle = jsonc_parser::parse_to_value(&text, &Default::default()).unwrap().unwrap();
            prop_assert!(agrees_with_jsonc(root, &oracle), "{:?} vs {:?} in {}", root, oracle, text);

            if !comments {
                let serde: Json = serde_json::from_str(&text).unwrap();
                prop_assert_eq!(to_json(root), serde);
            }
        }
    }

    fn json_value() -> impl Strategy<Value = Json> {
        let leaf = prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::Bool),
            any::<i64>().prop_map(Json::from),
            any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
                .map(Json::Number)),
            any::<String>().prop_map(Json::String),
            "[a-zA-Z0-9:*/ \"\\\\]{0,12}".prop_map(Json::String),
        ];
        leaf.prop_recursive(5, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
                prop::collection::vec((any::<String>(), inner), 0..6)
                    .prop_map(|members| Json::Object(members.into_iter().collect())),
            ]
        })
    }

    #[derive(Clone, Copy)]
    struct Style {
        pretty: bool,
        /// Escape `/` and every non-ASCII character (surrogate pairs above U+FFFF).
        escape: bool,
        comments: bool,
    }

    fn write_json(
        out: &mut String,
        value: &Json,
        style: Style,
        level: usize,
        n_comments: &mut usize,
    ) {
        let newline = |out: &mut String, level: usize, n_comments: &mut usize| {
            if style.comments && level % 2 == 1 {
                out.push_str(" // c ");
                *n_comments += 1;
                out.push('\n');
            } else if style.pretty {
                out.push('\n');
            }
            if style.pretty {
                out.push_str(&"  ".repeat(level));
            }
        };
        match value {
            Json::Null | Json::Bool(_) | Json::Number(_) => out.push_str(&value.to_string()),
            Json::String(s) => write_string(out, s, style),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1, n_comments);
                    write_json(out, item, style, level + 1, n_comments);
                }
                if !items.is_empty() {
                    newline(out, level, n_comments);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                if style.comments {
                    out.push_str("/* é */");
                    *n_comments += 1;
                }
                for (i, (key, item)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1, n_comments);
                    write_string(out, key, style);
                    out.push_str(if style.pretty { ": " } else { ":" });
                    write_json(out, item, style, level + 1, n_comments);
                }
                if !members.is_empty() {
                    newline(out, level, n_comments);
                }
                out.push('}');
            }
        }
    }

    fn write_string(out: &mut String, s: &str, style: Style) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '/' if style.escape => out.push_str("\\/"),
                c if (c as u32) < 0x20 || (style.escape && !c.is_ascii()) => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        write!(out, "\\u{unit:04x}").unwrap();
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }

    fn to_json(value: &Value) -> Json {
        match value {
            Value::Object(o) => Json::Object(
                o.members
                    .iter()
                    .map(|m| (m.key.value.clone(), to_json(m.value.as_ref().unwrap())))
                    .collect(),
            ),
            Value::Array(a) => Json::Array(a.items.iter().map(to_json).collect()),
            Value::String(s) => Json::String(s.value.clone()),
            Value::Number(s) | Value::Bool(s) | Value::Null(s) => {
                serde_json::from_str(&s.text).unwrap()
            }
            Value::Error(s) => panic!("error value {s:?} in a valid document"),
            Value::Computed(c) => panic!("computed value {c:?} in a JSON document"),
        }
    }

    fn agrees_with_jsonc(value: &Value, oracle: &jsonc_parser::JsonValue) -> bool {
        use jsonc_parser::JsonValue as J;
        match (value, oracle) {
            (Value::Object(o), J::Object(map)) => {
                o.closed
                    && o.members.len() == map.len()
                    && o.members
                        .iter()
                        .all(|m| match (&m.value, map.get(&m.key.value)) {
                            (Some(v), Some(w)) => m.colon.is_some() && agrees_with_jsonc(v, w),
                            _ => false,
                        })
            }
            (Value::Array(a), J::Array(items)) => {
                a.closed
                    && a.items.len() == items.len()
                    && a.items
                        .iter()
                        .zip(items.iter())
                        .all(|(v, w)| agrees_with_jsonc(v, w))
            }
            (Value::String(s), J::String(t)) => s.terminated && s.value == *t,
            (Value::Number(s), J::Number(t)) => s.text == *t,
            (Value::Bool(s), J::Boolean(b)) => s.text == b.to_string(),
            (Value::Null(_), J::Null) => true,
            _ => false,
        }
    }
}
