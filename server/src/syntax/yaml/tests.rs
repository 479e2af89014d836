//! Snapshot tests of the tolerant YAML parser (run `UPDATE_EXPECT=1 cargo test -p iam-policy-ls
//! --lib syntax::yaml` to update the snapshots after an intended change), plus property tests:
//! arbitrary text and random edits of a template never panic and yield well-formed trees; valid
//! documents agree with saphyr.

use super::parse_yaml;
use crate::syntax::tests::render_value;
use crate::syntax::{Parse, StringLit, TextRange, Value};
use expect_test::{Expect, expect};
use std::fmt::Write as _;

// ---------------------------------------------------------------------------------------------
// Rendering and invariants

/// Every document's tree (rendered as in `syntax::tests`), comments and errors.
fn render(text: &str) -> String {
    let docs = parse_yaml(text);
    let mut out = String::new();
    for (i, doc) in docs.iter().enumerate() {
        check_invariants(text, doc);
        if docs.len() > 1 {
            writeln!(out, "--- document {i}").unwrap();
        }
        match &doc.root {
            Some(value) => render_value(&mut out, value, 0),
            None => out.push_str("(no value)\n"),
        }
        for c in &doc.comments {
            writeln!(
                out,
                "comment {}..{} {:?}",
                c.range.start, c.range.end, c.text
            )
            .unwrap();
        }
        for e in &doc.errors {
            let covered = &text[e.range.as_range()];
            writeln!(
                out,
                "error {}..{} {covered:?}: {}",
                e.range.start, e.range.end, e.message
            )
            .unwrap();
        }
    }
    out
}

fn check(text: &str, expect: Expect) {
    expect.assert_eq(&render(text));
}

/// The only document's root.
fn root(text: &str) -> Value {
    let mut docs = parse_yaml(text);
    assert_eq!(docs.len(), 1, "{text:?}");
    check_invariants(text, &docs[0]);
    docs.remove(0).root.expect("a root value")
}

/// Follows a path of keys (objects) and indices (arrays).
fn get<'v>(value: &'v Value, path: &[&str]) -> &'v Value {
    let mut v = value;
    for step in path {
        v = match v {
            Value::Object(o) => o
                .get(step)
                .and_then(|m| m.value.as_ref())
                .unwrap_or_else(|| panic!("no {step:?} in {v:?}")),
            Value::Array(a) => &a.items[step.parse::<usize>().unwrap()],
            Value::Computed(c) => c.arg.as_deref().unwrap(),
            _ => panic!("cannot follow {step:?} into {v:?}"),
        };
    }
    v
}

fn string<'v>(value: &'v Value, path: &[&str]) -> &'v str {
    match get(value, path) {
        Value::String(s) => &s.value,
        v => panic!("not a string at {path:?}: {v:?}"),
    }
}

fn check_range(text: &str, r: TextRange, what: &str) {
    assert!(r.start <= r.end, "{what}: inverted range {r:?} in {text:?}");
    assert!(
        (r.end as usize) <= text.len(),
        "{what}: range {r:?} past the end of {text:?}"
    );
    assert!(
        text.is_char_boundary(r.start as usize) && text.is_char_boundary(r.end as usize),
        "{what}: {r:?} not on char boundaries in {text:?}"
    );
}

fn inside(inner: TextRange, outer: TextRange) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Ranges on char boundaries inside the text, children inside their parents and in order.
/// With aliases in the text (`strict` false), a child may instead be a clone of an anchored
/// node: it then lies elsewhere and is checked on its own.
fn check_invariants(text: &str, parse: &Parse) {
    let strict = !text.contains('*');
    if let Some(root) = &parse.root {
        check_value(text, root, strict);
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
    let mut last = 0;
    for c in &parse.comments {
        check_range(text, c.range, "comment");
        assert!(c.range.start >= last, "comments out of order in {text:?}");
        last = c.range.end;
        assert_eq!(
            &text[c.range.start as usize..c.range.start as usize + 1],
            "#"
        );
        assert_eq!(
            c.text,
            text[c.range.start as usize + 1..c.range.end as usize]
        );
    }
}

fn check_value(text: &str, value: &Value, strict: bool) {
    let r = value.range();
    check_range(text, r, "value");
    match value {
        Value::Object(o) => {
            let mut last = o.range.start;
            for m in &o.members {
                check_range(text, m.range, "member");
                check_range(text, m.key.range, "key");
                assert_eq!(
                    m.key.range.start, m.range.start,
                    "member must start at its key in {text:?}"
                );
                let here = inside(m.range, o.range) && m.range.start >= last;
                assert!(
                    here || !strict,
                    "member {m:?} outside its object or out of order in {text:?}"
                );
                if here {
                    last = m.range.end;
                }
                if let Some(c) = m.colon {
                    assert_eq!(&text[c as usize..c as usize + 1], ":", "colon in {text:?}");
                    assert!(
                        m.key.range.end <= c && c < m.range.end,
                        "colon outside {m:?} in {text:?}"
                    );
                }
                if let Some(v) = &m.value {
                    if inside(v.range(), m.range) {
                        assert_eq!(
                            v.range().end,
                            m.range.end,
                            "member ends with its value in {text:?}"
                        );
                        if let Some(c) = m.colon {
                            assert!(v.range().start > c, "value before the colon in {text:?}");
                        }
                    } else {
                        assert!(!strict, "value outside its member in {text:?}");
                    }
                    check_value(text, v, strict);
                }
                check_string(text, &m.key);
            }
        }
        Value::Array(a) => {
            let mut last = a.range.start;
            for item in &a.items {
                let here = inside(item.range(), a.range) && item.range().start >= last;
                assert!(
                    here || !strict,
                    "item {item:?} outside its array or out of order in {text:?}"
                );
                if here {
                    last = item.range().end;
                }
                check_value(text, item, strict);
            }
        }
        Value::String(s) => check_string(text, s),
        Value::Number(s) | Value::Bool(s) => panic!("YAML scalars are strings: {s:?}"),
        Value::Null(s) | Value::Error(s) => {
            assert_eq!(s.text, &text[s.range.as_range()]);
            assert!(!s.text.is_empty());
        }
        Value::Computed(c) => {
            check_range(text, c.function_range, "function");
            assert_eq!(c.function, &text[c.function_range.as_range()]);
            assert!(c.function.starts_with('!'));
            assert!(inside(c.function_range, c.range));
            if let Some(arg) = &c.arg {
                assert!(
                    inside(arg.range(), c.range) || !strict,
                    "arg outside {c:?} in {text:?}"
                );
                if inside(arg.range(), c.range) {
                    assert!(arg.range().start >= c.function_range.end);
                }
                check_value(text, arg, strict);
            }
        }
    }
}

fn check_string(text: &str, s: &StringLit) {
    let raw = &text[s.range.as_range()];
    match raw.as_bytes().first() {
        Some(b'"' | b'\'') => {
            check_range(text, s.content_range(), "string content");
            if !s.has_escapes {
                assert_eq!(s.value, &text[s.content_range().as_range()], "in {text:?}");
            }
        }
        // A block scalar (or a key made of a stray indicator's text).
        Some(b'|' | b'>') => assert!(s.has_escapes || s.value == raw, "in {text:?}"),
        _ => {
            if !s.has_escapes {
                assert_eq!(s.value, raw, "plain scalar in {text:?}");
                assert_eq!(s.content_range(), s.range);
            }
        }
    }
    if !s.terminated {
        assert!(
            !raw.contains(['\n', '\r']),
            "unterminated string spans lines in {text:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Valid YAML: structure

#[test]
fn block_mappings_and_sequences() {
    check(
        "Version: 2012-10-17\nStatement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n      - s3:PutObject\n    Resource: '*'\n",
        expect![[r#"
            object 0..120
              member 0..19 key 0..7 "Version" colon 7
                string 9..19 "2012-10-17"
              member 20..120 key 20..29 "Statement" colon 29
                array 33..120
                  object 35..120
                    member 35..48 key 35..41 "Effect" colon 41
                      string 43..48 "Allow"
                    member 53..102 key 53..59 "Action" colon 59
                      array 67..102
                        string 69..81 "s3:GetObject"
                        string 90..102 "s3:PutObject"
                    member 107..120 key 107..115 "Resource" colon 115
                      string 117..120 "*"
        "#]],
    );
}

#[test]
fn indentless_and_compact_sequences() {
    check(
        "Action:\n- a\n- b\nNested:\n  - - x\n    - y\n  - - z\nPairs:\n- k: 1\n  l: 2\n- m: 3\n",
        expect![[r#"
            object 0..75
              member 0..15 key 0..6 "Action" colon 6
                array 8..15
                  string 10..11 "a"
                  string 14..15 "b"
              member 16..47 key 16..22 "Nested" colon 22
                array 26..47
                  array 28..39
                    string 30..31 "x"
                    string 38..39 "y"
                  array 44..47
                    string 46..47 "z"
              member 48..75 key 48..53 "Pairs" colon 53
                array 55..75
                  object 57..68
                    member 57..61 key 57..58 "k" colon 58
                      string 60..61 "1"
                    member 64..68 key 64..65 "l" colon 65
                      string 67..68 "2"
                  object 71..75
                    member 71..75 key 71..72 "m" colon 72
                      string 74..75 "3"
        "#]],
    );
}

#[test]
fn flow_collections() {
    check(
        "a: [x, 'y', \"z\", [1, 2], {k: v}]\nb: {Ref: Foo, \"Fn::GetAtt\":[R, Arn], c, d: }\nc: [k: v, l: w, ]\nd: {}\ne: []\n",
        expect![[r#"
            object 0..107
              member 0..32 key 0..1 "a" colon 1
                array 3..32
                  string 4..5 "x"
                  string 7..10 "y"
                  string 12..15 "z"
                  array 17..23
                    string 18..19 "1"
                    string 21..22 "2"
                  object 25..31
                    member 26..30 key 26..27 "k" colon 27
                      string 29..30 "v"
              member 33..77 key 33..34 "b" colon 34
                object 36..77
                  member 37..45 key 37..40 "Ref" colon 40
                    string 42..45 "Foo"
                  member 47..68 key 47..59 "Fn::GetAtt" colon 59
                    array 60..68
                      string 61..62 "R"
                      string 64..67 "Arn"
                  member 70..71 key 70..71 "c"
                    (no value)
                  member 73..75 key 73..74 "d" colon 74
                    (no value)
              member 78..95 key 78..79 "c" colon 79
                array 81..95
                  object 82..86
                    member 82..86 key 82..83 "k" colon 83
                      string 85..86 "v"
                  object 88..92
                    member 88..92 key 88..89 "l" colon 89
                      string 91..92 "w"
              member 96..101 key 96..97 "d" colon 97
                object 99..101
              member 102..107 key 102..103 "e" colon 103
                array 105..107
        "#]],
    );
}

#[test]
fn flow_collections_spanning_lines() {
    check(
        "Action: [\n  s3:GetObject,\n  s3:PutObject\n]\nJson: {\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n",
        expect![[r#"
            object 0..97
              member 0..42 key 0..6 "Action" colon 6
                array 8..42
                  string 12..24 "s3:GetObject"
                  string 28..40 "s3:PutObject"
              member 43..97 key 43..47 "Json" colon 47
                object 49..97
                  member 53..76 key 53..62 "Version" colon 62
                    string 64..76 "2012-10-17"
                  member 80..95 key 80..91 "Statement" colon 91
                    array 93..95
        "#]],
    );
}

#[test]
fn json_document() {
    check(
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:*\"], \"Resource\": \"*\"}]}",
        expect![[r#"
            object 0..98
              member 1..24 key 1..10 "Version" colon 10
                string 12..24 "2012-10-17"
              member 26..97 key 26..37 "Statement" colon 37
                array 39..97
                  object 40..96
                    member 41..58 key 41..49 "Effect" colon 49
                      string 51..58 "Allow"
                    member 60..78 key 60..68 "Action" colon 68
                      array 70..78
                        string 71..77 "s3:*"
                    member 80..95 key 80..90 "Resource" colon 90
                      string 92..95 "*"
        "#]],
    );
}

#[test]
fn root_scalars_and_empty_values() {
    check(
        "just a string\n",
        expect![[r#"
        string 0..13 "just a string"
    "#]],
    );
    check(
        "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: nil\ng: ''\n",
        expect![[r#"
        object 0..44
          member 0..2 key 0..1 "a" colon 1
            (no value)
          member 3..7 key 3..4 "b" colon 4
            null 6..7
          member 8..15 key 8..9 "c" colon 9
            null 11..15
          member 16..23 key 16..17 "d" colon 17
            null 19..23
          member 24..31 key 24..25 "e" colon 25
            null 27..31
          member 32..38 key 32..33 "f" colon 33
            string 35..38 "nil"
          member 39..44 key 39..40 "g" colon 40
            string 42..44 ""
    "#]],
    );
    check(
        "- \n",
        expect![[r#"
        array 0..1
        error 0..1 "-": expected an item after '-'
    "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Valid YAML: scalars

#[test]
fn plain_scalars() {
    check(
        "a: true\nb: 123\nc: arn:aws:s3:::bucket/*\nd: a#b c # comment\ne: http://x.y/z?q=1\nf: multi\n  line\n\n  folded\ng: -1\nh: :x\n",
        expect![[r#"
            object 0..116
              member 0..7 key 0..1 "a" colon 1
                string 3..7 "true"
              member 8..14 key 8..9 "b" colon 9
                string 11..14 "123"
              member 15..39 key 15..16 "c" colon 16
                string 18..39 "arn:aws:s3:::bucket/*"
              member 40..48 key 40..41 "d" colon 41
                string 43..48 "a#b c"
              member 59..78 key 59..60 "e" colon 60
                string 62..78 "http://x.y/z?q=1"
              member 79..104 key 79..80 "f" colon 80
                string 82..104 "multi line\nfolded" escaped
              member 105..110 key 105..106 "g" colon 106
                string 108..110 "-1"
              member 111..116 key 111..112 "h" colon 112
                string 114..116 ":x"
            comment 49..58 " comment"
        "#]],
    );
}

#[test]
fn single_quoted_scalars() {
    check(
        "a: 'it''s'\nb: ''''\nc: 'two\n  lines'\nd: 'keep\n\n  blank  '\n'quoted key': x\n",
        expect![[r#"
            object 0..72
              member 0..10 key 0..1 "a" colon 1
                string 3..10 "it's" escaped
              member 11..18 key 11..12 "b" colon 12
                string 14..18 "'" escaped
              member 19..35 key 19..20 "c" colon 20
                string 22..35 "two lines" escaped
              member 36..56 key 36..37 "d" colon 37
                string 39..56 "keep\nblank  " escaped
              member 57..72 key 57..69 "quoted key" colon 69
                string 71..72 "x"
        "#]],
    );
}

#[test]
fn double_quoted_scalars() {
    check(
        r#"a: "tab\there \"q\" \\ \/ \x41 \u00e9 \U0001F600 \ud83d\ude00 \N \_ \e \0"
b: "folded
  line \
  joined"
c: "bad \q escape"
d: "é ü"
"#,
        expect![[r#"
            object 0..134
              member 0..74 key 0..1 "a" colon 1
                string 3..74 "tab\there \"q\" \\ / A é 😀 😀 \u{85} \u{a0} \u{1b} \0" escaped
              member 75..104 key 75..76 "b" colon 76
                string 78..104 "folded line joined" escaped
              member 105..123 key 105..106 "c" colon 106
                string 108..123 "bad \\q escape" escaped
              member 124..134 key 124..125 "d" colon 125
                string 127..134 "é ü"
            error 113..115 "\\q": invalid escape sequence '\q'
        "#]],
    );
}

#[test]
fn block_scalars() {
    check(
        "lit: |\n  line 1\n    indented\n\n  line 3\nfold: >\n  a\n  b\n\n  c\n    more\n  d\nstrip: |-\n  x\n\n\nkeep: |+\n  y\n\n\nclip: >\n  z\n\nexplicit: |2\n    four\n  two\nend: 1\n",
        expect![[r#"
            object 0..151
              member 0..38 key 0..3 "lit" colon 3
                string 5..38 "line 1\n  indented\n\nline 3\n" escaped
              member 39..72 key 39..43 "fold" colon 43
                string 45..72 "a b\nc\n  more\nd\n" escaped
              member 73..86 key 73..78 "strip" colon 78
                string 80..86 "x" escaped
              member 89..101 key 89..93 "keep" colon 93
                string 95..101 "y\n\n\n" escaped
              member 104..115 key 104..108 "clip" colon 108
                string 110..115 "z\n" escaped
              member 117..144 key 117..125 "explicit" colon 125
                string 127..144 "  four\ntwo\n" escaped
              member 145..151 key 145..148 "end" colon 148
                string 150..151 "1"
        "#]],
    );
}

#[test]
fn block_scalar_in_a_sequence_and_with_comments() {
    check(
        "- | # header comment\n  text\n  # not a comment\n# a comment\n- >-\n\n  leading blank\n- |\n- after\n",
        expect![[r#"
            array 0..91
              string 2..45 "text\n# not a comment\n" escaped
              string 60..79 "\nleading blank" escaped
              string 82..83 "" escaped
              string 86..91 "after"
            comment 4..20 " header comment"
            comment 46..57 " a comment"
        "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Valid YAML: tags, anchors, aliases, merge keys

#[test]
fn tags() {
    check(
        "a: !Sub \"arn:${AWS::Partition}:s3:::${B}/*\"\nb: !Ref Foo\nc: !GetAtt Role.Arn\nd: !If [Cond, yes, no]\ne: !Ref\nf: !!str 123\ng: !<tag:yaml.org,2002:str> x\nh: !Base64 |\n  #!/bin/bash\n",
        expect![[r##"
            object 0..176
              member 0..43 key 0..1 "a" colon 1
                computed 3..43 "!Sub"
                  string 8..43 "arn:${AWS::Partition}:s3:::${B}/*"
              member 44..55 key 44..45 "b" colon 45
                computed 47..55 "!Ref"
                  string 52..55 "Foo"
              member 56..75 key 56..57 "c" colon 57
                computed 59..75 "!GetAtt"
                  string 67..75 "Role.Arn"
              member 76..98 key 76..77 "d" colon 77
                computed 79..98 "!If"
                  array 83..98
                    string 84..88 "Cond"
                    string 90..93 "yes"
                    string 95..97 "no"
              member 99..106 key 99..100 "e" colon 100
                computed 102..106 "!Ref"
              member 107..119 key 107..108 "f" colon 108
                string 116..119 "123"
              member 120..149 key 120..121 "g" colon 121
                string 148..149 "x"
              member 150..176 key 150..151 "h" colon 151
                computed 153..176 "!Base64"
                  string 161..176 "#!/bin/bash\n" escaped
        "##]],
    );
}

#[test]
fn tags_on_block_collections() {
    check(
        "a: !If\n  - Cond\n  - !Ref A\n  - !Ref AWS::NoValue\nb: !Join\n- ''\n- - x\n  - y\nc: !Custom\n  k: v\n",
        expect![[r#"
            object 0..92
              member 0..48 key 0..1 "a" colon 1
                computed 3..48 "!If"
                  array 9..48
                    string 11..15 "Cond"
                    computed 20..26 "!Ref"
                      string 25..26 "A"
                    computed 31..48 "!Ref"
                      string 36..48 "AWS::NoValue"
              member 49..74 key 49..50 "b" colon 50
                computed 52..74 "!Join"
                  array 58..74
                    string 60..62 ""
                    array 65..74
                      string 67..68 "x"
                      string 73..74 "y"
              member 75..92 key 75..76 "c" colon 76
                computed 78..92 "!Custom"
                  object 88..92
                    member 88..92 key 88..89 "k" colon 89
                      string 91..92 "v"
        "#]],
    );
}

#[test]
fn nested_tags() {
    check(
        "Resource: !Join ['', [!Ref AWS::Partition, ':s3:::', !Ref B]]\nR2: !Sub [\"${A}-${B}\", {A: !Ref X, B: !GetAtt Y.Z}]\n",
        expect![[r#"
            object 0..113
              member 0..61 key 0..8 "Resource" colon 8
                computed 10..61 "!Join"
                  array 16..61
                    string 17..19 ""
                    array 21..60
                      computed 22..41 "!Ref"
                        string 27..41 "AWS::Partition"
                      string 43..51 ":s3:::"
                      computed 53..59 "!Ref"
                        string 58..59 "B"
              member 62..113 key 62..64 "R2" colon 64
                computed 66..113 "!Sub"
                  array 71..113
                    string 72..83 "${A}-${B}"
                    object 85..112
                      member 86..95 key 86..87 "A" colon 87
                        computed 89..95 "!Ref"
                          string 94..95 "X"
                      member 97..111 key 97..98 "B" colon 98
                        computed 100..111 "!GetAtt"
                          string 108..111 "Y.Z"
        "#]],
    );
}

#[test]
fn long_and_short_forms_of_intrinsic_functions() {
    // The long form is plain YAML: a one-member mapping (the host layer reads it).
    check(
        "Long:\n  Fn::Join:\n    - ''\n    - - Ref: AWS::Partition\n      - ':s3:::'\nShort: !Join ['', [!Ref AWS::Partition, ':s3:::']]\n",
        expect![[r#"
            object 0..122
              member 0..71 key 0..4 "Long" colon 4
                object 8..71
                  member 8..71 key 8..16 "Fn::Join" colon 16
                    array 22..71
                      string 24..26 ""
                      array 33..71
                        object 35..54
                          member 35..54 key 35..38 "Ref" colon 38
                            string 40..54 "AWS::Partition"
                        string 63..71 ":s3:::"
              member 72..122 key 72..77 "Short" colon 77
                computed 79..122 "!Join"
                  array 85..122
                    string 86..88 ""
                    array 90..121
                      computed 91..110 "!Ref"
                        string 96..110 "AWS::Partition"
                      string 112..120 ":s3:::"
        "#]],
    );
}

#[test]
fn anchors_and_aliases() {
    check(
        "base: &b {k: v}\nlist: &l [1, 2]\ns: &s text\nuse: [*b, *l, *s]\nempty: &e\nalias_of_empty: *e\nmissing: *nope\n",
        expect![[r#"
            object 0..104
              member 0..15 key 0..4 "base" colon 4
                object 9..15
                  member 10..14 key 10..11 "k" colon 11
                    string 13..14 "v"
              member 16..31 key 16..20 "list" colon 20
                array 25..31
                  string 26..27 "1"
                  string 29..30 "2"
              member 32..42 key 32..33 "s" colon 33
                string 38..42 "text"
              member 43..60 key 43..46 "use" colon 46
                array 48..60
                  object 9..15
                    member 10..14 key 10..11 "k" colon 11
                      string 13..14 "v"
                  array 25..31
                    string 26..27 "1"
                    string 29..30 "2"
                  string 38..42 "text"
              member 61..70 key 61..66 "empty" colon 66
                (no value)
              member 71..89 key 71..85 "alias_of_empty" colon 85
                null 87..89
              member 90..104 key 90..97 "missing" colon 97
                error 99..104 "*nope"
            error 99..104 "*nope": unknown alias '*nope': no anchor '&nope' before it
        "#]],
    );
}

#[test]
fn merge_keys() {
    check(
        "a: &a\n  x: 1\n  y: 2\nb: &b\n  y: 3\n  z: 4\nc:\n  <<: [*a, *b]\n  x: 0\nd:\n  <<: *b\n  w: 5\ne: {<<: {p: q}, r: s}\nf:\n  <<: 1\n",
        expect![[r#"
            object 0..116
              member 0..19 key 0..1 "a" colon 1
                object 8..19
                  member 8..12 key 8..9 "x" colon 9
                    string 11..12 "1"
                  member 15..19 key 15..16 "y" colon 16
                    string 18..19 "2"
              member 20..39 key 20..21 "b" colon 21
                object 28..39
                  member 28..32 key 28..29 "y" colon 29
                    string 31..32 "3"
                  member 35..39 key 35..36 "z" colon 36
                    string 38..39 "4"
              member 40..64 key 40..41 "c" colon 41
                object 45..64
                  member 15..19 key 15..16 "y" colon 16
                    string 18..19 "2"
                  member 35..39 key 35..36 "z" colon 36
                    string 38..39 "4"
                  member 60..64 key 60..61 "x" colon 61
                    string 63..64 "0"
              member 65..83 key 65..66 "d" colon 66
                object 70..83
                  member 28..32 key 28..29 "y" colon 29
                    string 31..32 "3"
                  member 35..39 key 35..36 "z" colon 36
                    string 38..39 "4"
                  member 79..83 key 79..80 "w" colon 80
                    string 82..83 "5"
              member 84..105 key 84..85 "e" colon 85
                object 87..105
                  member 93..97 key 93..94 "p" colon 94
                    string 96..97 "q"
                  member 100..104 key 100..101 "r" colon 101
                    string 103..104 "s"
              member 106..116 key 106..107 "f" colon 107
                object 111..116
                  member 111..116 key 111..113 "<<" colon 113
                    string 115..116 "1"
            error 111..113 "<<": a merge key '<<' needs a mapping or a list of mappings
        "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// Documents and comments

#[test]
fn documents() {
    check(
        "%YAML 1.2\n# header\n---\na: 1\n...\n# between\n---\n- b\n--- !Ref c\n---\n",
        expect![[r#"
            --- document 0
            object 23..27
              member 23..27 key 23..24 "a" colon 24
                string 26..27 "1"
            comment 10..18 " header"
            --- document 1
            array 46..49
              string 48..49 "b"
            comment 32..41 " between"
            --- document 2
            computed 54..60 "!Ref"
              string 59..60 "c"
            --- document 3
            (no value)
        "#]],
    );
    check(
        "",
        expect![[r#"
        (no value)
    "#]],
    );
    check(
        "# only a comment\n\n",
        expect![[r#"
        (no value)
        comment 0..16 " only a comment"
    "#]],
    );
    check(
        "a: 1\n---\nb: 2\n",
        expect![[r#"
        --- document 0
        object 0..4
          member 0..4 key 0..1 "a" colon 1
            string 3..4 "1"
        --- document 1
        object 9..13
          member 9..13 key 9..10 "b" colon 10
            string 12..13 "2"
    "#]],
    );
    check(
        "---\n",
        expect![[r#"
        (no value)
    "#]],
    );
}

#[test]
fn comments() {
    check(
        "# top\na: 1 # after\n# between\nb:\n  # inside\n  - x # item\nc: \"#not\" #yes\nd: 'a' # c\r\n",
        expect![[r##"
            object 6..77
              member 6..10 key 6..7 "a" colon 7
                string 9..10 "1"
              member 29..48 key 29..30 "b" colon 30
                array 45..48
                  string 47..48 "x"
              member 56..65 key 56..57 "c" colon 57
                string 59..65 "#not"
              member 71..77 key 71..72 "d" colon 72
                string 74..77 "a"
            comment 0..5 " top"
            comment 11..18 " after"
            comment 19..28 " between"
            comment 34..42 " inside"
            comment 49..55 " item"
            comment 66..70 "yes"
            comment 78..81 " c"
        "##]],
    );
}

#[test]
fn crlf_and_bom() {
    check(
        "\u{feff}a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  l1\r\n  l2\r\n",
        expect![[r#"
        object 3..43
          member 3..7 key 3..4 "a" colon 4
            string 6..7 "1"
          member 9..25 key 9..10 "b" colon 10
            array 15..25
              string 17..18 "x"
              string 24..25 "y"
          member 27..43 key 27..28 "c" colon 28
            string 30..43 "l1\nl2\n" escaped
    "#]],
    );
}

// ---------------------------------------------------------------------------------------------
// A realistic template

const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: >
  A role for the uploader,
  with a trust policy and two inline policies.
Parameters:
  BucketName:
    Type: String
    Default: my-bucket   # overridden per stage
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  UploaderRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "${AWS::StackName}-uploader"
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service:
                - lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: s3-write
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Sid: WriteObjects
                Effect: Allow
                Action:
                  - s3:PutObject
                  - s3:GetObject
                Resource: !Sub 'arn:${AWS::Partition}:s3:::${BucketName}/*'
              - Effect: Deny
                Action: s3:DeleteObject
                Resource:
                  - !Join ['', ['arn:aws:s3:::', !Ref BucketName, '/*']]
                Condition:
                  StringNotEquals:
                    aws:PrincipalAccount: !Ref AWS::AccountId
        - PolicyName: logs
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [logs:CreateLogStream, logs:PutLogEvents]
                Resource: !GetAtt LogGroup.Arn
  LogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 14
Outputs:
  RoleArn:
    Value: !GetAtt UploaderRole.Arn
    Export:
      Name: !Sub ${AWS::StackName}-RoleArn
"#;

#[test]
fn realistic_template() {
    let docs = parse_yaml(TEMPLATE);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    check_invariants(TEMPLATE, doc);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert_eq!(doc.comments.len(), 1);
    let root = doc.root.as_ref().unwrap();
    let role = get(root, &["Resources", "UploaderRole", "Properties"]);
    let trust = get(role, &["AssumeRolePolicyDocument", "Statement", "0"]);
    assert_eq!(string(trust, &["Action"]), "sts:AssumeRole");
    assert_eq!(
        string(trust, &["Principal", "Service", "0"]),
        "lambda.amazonaws.com"
    );
    let s3 = get(role, &["Policies", "0", "PolicyDocument"]);
    assert_eq!(string(s3, &["Version"]), "2012-10-17");
    assert_eq!(
        string(s3, &["Statement", "0", "Action", "1"]),
        "s3:GetObject"
    );
    let Value::Computed(sub) = get(s3, &["Statement", "0", "Resource"]) else {
        panic!()
    };
    assert_eq!(sub.function, "!Sub");
    assert_eq!(
        string(s3, &["Statement", "0", "Resource", "arg"]),
        "arn:${AWS::Partition}:s3:::${BucketName}/*"
    );
    assert_eq!(
        string(
            s3,
            &[
                "Statement",
                "1",
                "Condition",
                "StringNotEquals",
                "aws:PrincipalAccount",
                "arg"
            ]
        ),
        "AWS::AccountId"
    );
    let logs = get(role, &["Policies", "1", "PolicyDocument", "Statement", "0"]);
    assert_eq!(string(logs, &["Action", "1"]), "logs:PutLogEvents");
    assert_eq!(
        string(root, &["Description"]),
        "A role for the uploader, with a trust policy and two inline policies.\n"
    );
    agrees_with_saphyr(TEMPLATE);
}

// ---------------------------------------------------------------------------------------------
// saphyr as an oracle

/// A value as both parsers can tell it: scalars resolved by the YAML 1.2 core schema (saphyr's
/// own resolver, applied to our decoded plain scalars), tags by name, merge keys applied.
#[derive(Debug, PartialEq)]
enum Tree {
    Map(Vec<(Tree, Tree)>),
    Seq(Vec<Tree>),
    Scalar(String),
    Null,
    Tagged(String, Box<Tree>),
}

fn resolved(y: &saphyr::Yaml) -> Tree {
    use saphyr::{Scalar, Yaml};
    match y {
        Yaml::Value(Scalar::Null) | Yaml::BadValue => Tree::Null,
        Yaml::Value(Scalar::Boolean(b)) => Tree::Scalar(format!("bool {b}")),
        Yaml::Value(Scalar::Integer(i)) => Tree::Scalar(format!("int {i}")),
        Yaml::Value(Scalar::FloatingPoint(f)) => Tree::Scalar(format!("float {:?}", f.0)),
        Yaml::Value(Scalar::String(s)) => Tree::Scalar(format!("str {s}")),
        Yaml::Sequence(items) => Tree::Seq(items.iter().map(resolved).collect()),
        Yaml::Mapping(map) => {
            let mut entries = Vec::new();
            let mut merged = Vec::new();
            for (k, v) in map {
                if matches!(k, Yaml::Value(Scalar::String(s)) if s == "<<") {
                    let sources: Vec<&saphyr::Yaml> = match v {
                        Yaml::Sequence(items) => items.iter().collect(),
                        v => vec![v],
                    };
                    for source in sources {
                        if let Yaml::Mapping(m) = source {
                            merged.push((entries.len(), m));
                        }
                    }
                } else {
                    entries.push((resolved(k), resolved(v)));
                }
            }
            // Merged members go where the `<<` stood; explicit and earlier keys win.
            let mut out: Vec<(Tree, Tree)> = Vec::new();
            let explicit: Vec<Tree> = entries.iter().map(|(k, _)| resolved_key_clone(k)).collect();
            let mut merged = merged.into_iter().peekable();
            let take = |out: &mut Vec<(Tree, Tree)>, m: &saphyr::Mapping| {
                for (k, v) in m {
                    let k = resolved(k);
                    if !explicit.contains(&k) && !out.iter().any(|(o, _)| *o == k) {
                        out.push((k, resolved(v)));
                    }
                }
            };
            for (i, e) in entries.into_iter().enumerate() {
                while let Some((_, m)) = merged.next_if(|(at, _)| *at == i) {
                    take(&mut out, m);
                }
                out.push(e);
            }
            for (_, m) in merged {
                take(&mut out, m);
            }
            Tree::Map(out)
        }
        Yaml::Tagged(tag, inner) if tag.is_yaml_core_schema() => resolved(inner),
        Yaml::Tagged(tag, inner) => Tree::Tagged(tag.to_string(), Box::new(resolved(inner))),
        Yaml::Representation(..) | Yaml::Alias(_) => panic!("unexpected {y:?}"),
    }
}

fn resolved_key_clone(t: &Tree) -> Tree {
    match t {
        Tree::Scalar(s) => Tree::Scalar(s.clone()),
        Tree::Null => Tree::Null,
        other => panic!("complex key {other:?}"),
    }
}

fn ours(text: &str, v: Option<&Value>) -> Tree {
    let Some(v) = v else { return Tree::Null };
    match v {
        Value::Object(o) => Tree::Map(
            o.members
                .iter()
                .map(|m| (string_tree(text, &m.key), ours(text, m.value.as_ref())))
                .collect(),
        ),
        Value::Array(a) => Tree::Seq(a.items.iter().map(|v| ours(text, Some(v))).collect()),
        Value::String(s) => string_tree(text, s),
        Value::Null(_) => Tree::Null,
        Value::Computed(c) => {
            Tree::Tagged(c.function.clone(), Box::new(ours(text, c.arg.as_deref())))
        }
        other => panic!("unexpected {other:?} in a valid document {text:?}"),
    }
}

fn string_tree(text: &str, s: &StringLit) -> Tree {
    let quoted = matches!(
        text.as_bytes()[s.range.start as usize],
        b'"' | b'\'' | b'|' | b'>'
    );
    if quoted {
        Tree::Scalar(format!("str {}", s.value))
    } else {
        resolved(&saphyr::Yaml::value_from_str(&s.value))
    }
}

/// Valid YAML: no error, and the same documents as saphyr.
fn agrees_with_saphyr(text: &str) {
    use saphyr::LoadableYamlNode;
    let theirs = saphyr::Yaml::load_from_str(text).unwrap_or_else(|e| panic!("{e} in {text:?}"));
    let docs = parse_yaml(text);
    for doc in &docs {
        check_invariants(text, doc);
        assert!(doc.errors.is_empty(), "{:?} in {text:?}", doc.errors);
    }
    if theirs.is_empty() {
        assert!(docs.len() == 1 && docs[0].root.is_none(), "{text:?}");
        return;
    }
    assert_eq!(docs.len(), theirs.len(), "documents in {text:?}");
    for (doc, y) in docs.iter().zip(&theirs) {
        assert_eq!(ours(text, doc.root.as_ref()), resolved(y), "in {text:?}");
    }
}

#[test]
fn valid_documents_agree_with_saphyr() {
    for text in [
        "Version: 2012-10-17\nStatement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n      - s3:PutObject\n    Resource: '*'\n",
        "Action:\n- a\n- b\nNested:\n  - - x\n    - y\n  - - z\nPairs:\n- k: 1\n  l: 2\n- m: 3\n",
        "a: [x, 'y', \"z\", [1, 2], {k: v}]\nb: {Ref: Foo, \"Fn::GetAtt\":[R, Arn], c, d: }\nc: [k: v, l: w, ]\nd: {}\ne: []\n",
        "Action: [\n  s3:GetObject,\n  s3:PutObject\n  ]\nJson: {\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n  }\n",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:*\"], \"Resource\": \"*\"}]}",
        "just a string\n",
        "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: nil\ng: ''\n",
        "a: true\nb: 123\nc: arn:aws:s3:::bucket/*\nd: a#b c # comment\ne: http://x.y/z?q=1\nf: multi\n  line\n\n  folded\ng: -1\nh: :x\n",
        "a: 'it''s'\nb: ''''\nc: 'two\n  lines'\nd: 'keep\n\n  blank  '\n'quoted key': x\n",
        "a: \"tab\\there \\\"q\\\" \\\\ \\/ \\x41 \\u00e9 \\U0001F600 \\N \\_ \\e \\0\"\nb: \"folded\n  line \\\n  joined\"\nd: \"é ü\"\n",
        "lit: |\n  line 1\n    indented\n\n  line 3\nfold: >\n  a\n  b\n\n  c\n    more\n  d\nstrip: |-\n  x\n\n\nkeep: |+\n  y\n\n\nclip: >\n  z\n\nexplicit: |2\n    four\n  two\nend: 1\n",
        "- | # header comment\n  text\n  # not a comment\n# a comment\n- >-\n\n  leading blank\n- |\n- after\n",
        "a: !Sub \"arn:${AWS::Partition}:s3:::${B}/*\"\nb: !Ref Foo\nc: !GetAtt Role.Arn\nd: !If [Cond, yes, no]\ne: !Ref\nh: !Base64 |\n  #!/bin/bash\n",
        "a: !If\n  - Cond\n  - !Ref A\n  - !Ref AWS::NoValue\nb: !Join\n- ''\n- - x\n  - y\nc: !Custom\n  k: v\n",
        "Resource: !Join ['', [!Ref AWS::Partition, ':s3:::', !Ref B]]\nR2: !Sub [\"${A}-${B}\", {A: !Ref X, B: !GetAtt Y.Z}]\n",
        "Long:\n  Fn::Join:\n    - ''\n    - - Ref: AWS::Partition\n      - ':s3:::'\nShort: !Join ['', [!Ref AWS::Partition, ':s3:::']]\n",
        "base: &b {k: v}\nlist: &l [1, 2]\ns: &s text\nuse: [*b, *l, *s]\nempty: &e\nalias_of_empty: *e\n",
        "a: &a\n  x: 1\n  y: 2\nb: &b\n  y: 3\n  z: 4\nc:\n  <<: [*a, *b]\n  x: 0\nd:\n  <<: *b\n  w: 5\ne: {<<: {p: q}, r: s}\n",
        "%YAML 1.2\n# header\n---\na: 1\n...\n# between\n---\n- b\n--- !Ref c\n",
        "a: 1\n---\nb: 2\n",
        "# top\na: 1 # after\n# between\nb:\n  # inside\n  - x # item\nc: \"#not\" #yes\nd: 'a' # c\r\n",
        "\u{feff}a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  l1\r\n  l2\r\n",
        "? explicit key\n: its value\n? other\n",
        "- ? a\n  : b\n- ? c\n",
        "k: \"multi\n  line\n\n  quoted\"\n",
        "- &anchor\n  a: 1\n- *anchor\n- !Tag &x y\n- *x\n",
        "literal: |\n    deeper\n      more\n    same\nnext: x\n",
        "seq:\n  -   spaced\n  -\ttabbed\n",
        "a: b # c\n#d\n\n\ne: f\n",
        "a: 'x' \nb: \"y\"  # c\n",
        "url: https://example.com:8080/path\ntime: 12:30:00\nneg: -x\n",
        "k:    \n  v\n",
        "- a\n  b\n- c\n",
        "\"a\": 1\n'b': 2\n",
        "{a: 1}\n",
        "[a, [b, [c, {d: e}]]]\n",
        "a: >+\n  x\n\n",
        "a: |-\n\n  x\n\n  y\n",
        "folded: >\n  a\n   b\n  c\n",
        TEMPLATE,
    ] {
        agrees_with_saphyr(text);
    }
}

// ---------------------------------------------------------------------------------------------
// Broken input: recovery keeps the lines above and below

/// A policy whose second statement is replaced by `broken`: the first and the third must
/// survive with their keys and values.
fn around(broken: &str) -> (String, Value) {
    let text = format!(
        "Statement:\n  - Sid: First\n    Effect: Allow\n{broken}  - Sid: Third\n    Effect: Deny\n    Action: s3:*\n"
    );
    let root = root(&text);
    let statements = get(&root, &["Statement"]).as_array().unwrap();
    let first = &statements.items[0];
    assert_eq!(string(first, &["Sid"]), "First", "in {text:?}");
    assert_eq!(string(first, &["Effect"]), "Allow", "in {text:?}");
    let third = statements.items.last().unwrap();
    assert_eq!(string(third, &["Sid"]), "Third", "in {text:?}");
    assert_eq!(string(third, &["Action"]), "s3:*", "in {text:?}");
    (text, root)
}

#[test]
fn unterminated_quotes() {
    check(
        "a: \"open\nb: 'also open\nc: \"ok\"\nd: [\"x, y]\ne: 1\n",
        expect![[r#"
            object 0..46
              member 0..8 key 0..1 "a" colon 1
                string 3..8 "open" unterminated
              member 9..22 key 9..10 "b" colon 10
                string 12..22 "also open" unterminated
              member 23..30 key 23..24 "c" colon 24
                string 26..30 "ok"
              member 31..41 key 31..32 "d" colon 32
                array 34..41 unclosed
                  string 35..41 "x, y]" unterminated
              member 42..46 key 42..43 "e" colon 43
                string 45..46 "1"
            error 3..8 "\"open": unterminated string: missing closing '"'
            error 12..22 "'also open": unterminated string: missing closing '''
            error 34..35 "[": missing closing ']'
            error 35..41 "\"x, y]": unterminated string: missing closing '"'
        "#]],
    );
    let (text, _) = around("  - Sid: \"Second\n    Effect: Allow\n");
    check(
        &text,
        expect![[r#"
        object 0..127
          member 0..127 key 0..9 "Statement" colon 9
            array 13..127
              object 15..43
                member 15..25 key 15..18 "Sid" colon 18
                  string 20..25 "First"
                member 30..43 key 30..36 "Effect" colon 36
                  string 38..43 "Allow"
              object 48..78
                member 48..60 key 48..51 "Sid" colon 51
                  string 53..60 "Second" unterminated
                member 65..78 key 65..71 "Effect" colon 71
                  string 73..78 "Allow"
              object 83..127
                member 83..93 key 83..86 "Sid" colon 86
                  string 88..93 "Third"
                member 98..110 key 98..104 "Effect" colon 104
                  string 106..110 "Deny"
                member 115..127 key 115..121 "Action" colon 121
                  string 123..127 "s3:*"
        error 53..60 "\"Second": unterminated string: missing closing '"'
    "#]],
    );
}

#[test]
fn tab_indentation() {
    check(
        "a:\n\tb: 1\n\tc: 2\nd: 3\n",
        expect![[r#"
        object 0..19
          member 0..14 key 0..1 "a" colon 1
            object 4..14
              member 4..8 key 4..5 "b" colon 5
                string 7..8 "1"
              member 10..14 key 10..11 "c" colon 11
                string 13..14 "2"
          member 15..19 key 15..16 "d" colon 16
            string 18..19 "3"
        error 3..4 "\t": tabs cannot be used for indentation
        error 9..10 "\t": tabs cannot be used for indentation
    "#]],
    );
    around("  - Sid: Second\n\t  Effect: Allow\n");
}

#[test]
fn half_typed_keys() {
    let (text, _) = around("  - Sid: Second\n    Eff\n    Action: x\n");
    check(
        &text,
        expect![[r#"
        object 0..130
          member 0..130 key 0..9 "Statement" colon 9
            array 13..130
              object 15..43
                member 15..25 key 15..18 "Sid" colon 18
                  string 20..25 "First"
                member 30..43 key 30..36 "Effect" colon 36
                  string 38..43 "Allow"
              object 48..81
                member 48..59 key 48..51 "Sid" colon 51
                  string 53..59 "Second"
                member 64..67 key 64..67 "Eff"
                  (no value)
                member 72..81 key 72..78 "Action" colon 78
                  string 80..81 "x"
              object 86..130
                member 86..96 key 86..89 "Sid" colon 89
                  string 91..96 "Third"
                member 101..113 key 101..107 "Effect" colon 107
                  string 109..113 "Deny"
                member 118..130 key 118..124 "Action" colon 124
                  string 126..130 "s3:*"
        error 64..67 "Eff": expected ':' after the key
    "#]],
    );
    // Being typed as the first key of a template, of a nested mapping, of a statement.
    check(
        "AWSTemp\nResources:\n  R: 1\n",
        expect![[r#"
        object 0..25
          member 0..7 key 0..7 "AWSTemp"
            (no value)
          member 8..25 key 8..17 "Resources" colon 17
            object 21..25
              member 21..25 key 21..22 "R" colon 22
                string 24..25 "1"
        error 0..7 "AWSTemp": expected ':' after the key
    "#]],
    );
    check(
        "Properties:\n  Assu\n  Policies: []\n",
        expect![[r#"
        object 0..33
          member 0..33 key 0..10 "Properties" colon 10
            object 14..33
              member 14..18 key 14..18 "Assu"
                (no value)
              member 21..33 key 21..29 "Policies" colon 29
                array 31..33
        error 14..18 "Assu": expected ':' after the key
    "#]],
    );
    check(
        "- Eff\n  Action: x\n",
        expect![[r#"
        array 0..17
          object 2..17
            member 2..5 key 2..5 "Eff"
              (no value)
            member 8..17 key 8..14 "Action" colon 14
              string 16..17 "x"
        error 2..5 "Eff": expected ':' after the key
    "#]],
    );
    // The last line.
    check(
        "Statement:\n  - Effect: Allow\n    Act",
        expect![[r#"
        object 0..36
          member 0..36 key 0..9 "Statement" colon 9
            array 13..36
              object 15..36
                member 15..28 key 15..21 "Effect" colon 21
                  string 23..28 "Allow"
                member 33..36 key 33..36 "Act"
                  (no value)
        error 33..36 "Act": expected ':' after the key
    "#]],
    );
    // In a sequence, a half-typed value is just a string.
    check(
        "Action:\n  - s3:Get\n  - s3:PutObject\n",
        expect![[r#"
        object 0..35
          member 0..35 key 0..6 "Action" colon 6
            array 10..35
              string 12..18 "s3:Get"
              string 23..35 "s3:PutObject"
    "#]],
    );
}

#[test]
fn dangling_dashes() {
    check(
        "Action:\n  - s3:GetObject\n  - \n  - s3:PutObject\n  -\n",
        expect![[r#"
        object 0..50
          member 0..50 key 0..6 "Action" colon 6
            array 10..50
              string 12..24 "s3:GetObject"
              string 34..46 "s3:PutObject"
        error 27..28 "-": expected an item after '-'
        error 49..50 "-": expected an item after '-'
    "#]],
    );
    around("  - \n");
}

#[test]
fn bad_indentation() {
    // Deeper, then shallower than the statement's keys: both read as its members.
    let (text, root) = around("  - Sid: Second\n      Effect: Allow\n   Action: s3:Get\n");
    check(
        &text,
        expect![[r#"
        object 0..146
          member 0..146 key 0..9 "Statement" colon 9
            array 13..146
              object 15..43
                member 15..25 key 15..18 "Sid" colon 18
                  string 20..25 "First"
                member 30..43 key 30..36 "Effect" colon 36
                  string 38..43 "Allow"
              object 48..97
                member 48..59 key 48..51 "Sid" colon 51
                  string 53..59 "Second"
                member 66..79 key 66..72 "Effect" colon 72
                  string 74..79 "Allow"
                member 83..97 key 83..89 "Action" colon 89
                  string 91..97 "s3:Get"
              object 102..146
                member 102..112 key 102..105 "Sid" colon 105
                  string 107..112 "Third"
                member 117..129 key 117..123 "Effect" colon 123
                  string 125..129 "Deny"
                member 134..146 key 134..140 "Action" colon 140
                  string 142..146 "s3:*"
        error 66..72 "Effect": bad indentation of a mapping key
        error 83..89 "Action": bad indentation of a mapping key
    "#]],
    );
    assert_eq!(string(&root, &["Statement", "1", "Action"]), "s3:Get");
    // A statement without its dash.
    let (text, _) = around("  Sid: Second\n    Effect: Allow\n");
    check(
        &text,
        expect![[r#"
        object 0..124
          member 0..124 key 0..9 "Statement" colon 9
            array 13..124
              object 15..43
                member 15..25 key 15..18 "Sid" colon 18
                  string 20..25 "First"
                member 30..43 key 30..36 "Effect" colon 36
                  string 38..43 "Allow"
              object 46..75
                member 46..57 key 46..49 "Sid" colon 49
                  string 51..57 "Second"
                member 62..75 key 62..68 "Effect" colon 68
                  string 70..75 "Allow"
              object 80..124
                member 80..90 key 80..83 "Sid" colon 83
                  string 85..90 "Third"
                member 95..107 key 95..101 "Effect" colon 101
                  string 103..107 "Deny"
                member 112..124 key 112..118 "Action" colon 118
                  string 120..124 "s3:*"
        error 46..57 "Sid: Second": expected '- ' before the item
        error 62..68 "Effect": bad indentation of a mapping key
    "#]],
    );
    // A sequence entry where a key belongs.
    check(
        "a: 'x'\n- b\nc: d\n",
        expect![[r#"
        object 0..15
          member 0..6 key 0..1 "a" colon 1
            string 3..6 "x"
          member 11..15 key 11..12 "c" colon 12
            string 14..15 "d"
        error 7..8 "-": expected a mapping key, found a sequence entry
    "#]],
    );
    // Root content after a root flow collection.
    check(
        "[a]\nb: c\n",
        expect![[r#"
        array 0..3
          string 1..2 "a"
        error 4..8 "b: c": unexpected content after the document's root value
    "#]],
    );
}

#[test]
fn unclosed_flow_collections() {
    let (text, _) =
        around("  - Sid: Second\n    Action: [s3:Get, s3:Put\n    Resource: {Ref: Bucket\n");
    check(
        &text,
        expect![[r#"
        object 0..163
          member 0..163 key 0..9 "Statement" colon 9
            array 13..163
              object 15..43
                member 15..25 key 15..18 "Sid" colon 18
                  string 20..25 "First"
                member 30..43 key 30..36 "Effect" colon 36
                  string 38..43 "Allow"
              object 48..114
                member 48..59 key 48..51 "Sid" colon 51
                  string 53..59 "Second"
                member 64..87 key 64..70 "Action" colon 70
                  array 72..87 unclosed
                    string 73..79 "s3:Get"
                    string 81..87 "s3:Put"
                member 92..114 key 92..100 "Resource" colon 100
                  object 102..114 unclosed
                    member 103..114 key 103..106 "Ref" colon 106
                      string 108..114 "Bucket"
              object 119..163
                member 119..129 key 119..122 "Sid" colon 122
                  string 124..129 "Third"
                member 134..146 key 134..140 "Effect" colon 140
                  string 142..146 "Deny"
                member 151..163 key 151..157 "Action" colon 157
                  string 159..163 "s3:*"
        error 72..73 "[": missing closing ']'
        error 102..103 "{": missing closing '}'
    "#]],
    );
    check(
        "a: [x,\n  y\nb: {k: [v}\n",
        expect![[r#"
        object 0..21
          member 0..10 key 0..1 "a" colon 1
            array 3..10 unclosed
              string 4..5 "x"
              string 9..10 "y"
          member 11..21 key 11..12 "b" colon 12
            object 14..21
              member 15..20 key 15..16 "k" colon 16
                array 18..20 unclosed
                  string 19..20 "v"
        error 3..4 "[": missing closing ']'
        error 18..19 "[": missing closing ']'
    "#]],
    );
    check(
        "{\"a\": [1, 2}",
        expect![[r#"
        object 0..12
          member 1..11 key 1..4 "a" colon 4
            array 6..11 unclosed
              string 7..8 "1"
              string 10..11 "2"
        error 6..7 "[": missing closing ']'
    "#]],
    );
}

#[test]
fn junk_and_stray_characters() {
    check(
        "a: \"x\" y\nb: ]\nc: @x\n}\nd: [a b]\ne: {a: 1 b: 2}\nf: [a,,b]\n",
        expect![[r#"
            object 0..55
              member 0..6 key 0..1 "a" colon 1
                string 3..6 "x"
              member 9..13 key 9..10 "b" colon 10
                error 12..13 "]"
              member 14..19 key 14..15 "c" colon 15
                error 17..19 "@x"
              member 22..30 key 22..23 "d" colon 23
                array 25..30
                  string 26..29 "a b"
              member 31..45 key 31..32 "e" colon 32
                object 34..45
                  member 35..41 key 35..36 "a" colon 36
                    string 38..41 "1 b"
                  member 41..44 key 41..41 "" colon 41
                    string 43..44 "2"
              member 46..55 key 46..47 "f" colon 47
                array 49..55
                  string 50..51 "a"
                  string 53..54 "b"
            error 7..8 "y": unexpected text after the value
            error 12..13 "]": unexpected ']'
            error 17..18 "@": unexpected '@'
            error 20..21 "}": unexpected '}'
            error 41..42 ":": expected a key before ':'
            error 52..53 ",": extra comma
        "#]],
    );
    check(
        "a: b: c\nd: - e\n",
        expect![[r#"
        object 0..14
          member 0..7 key 0..1 "a" colon 1
            object 3..7
              member 3..7 key 3..4 "b" colon 4
                string 6..7 "c"
          member 8..14 key 8..9 "d" colon 9
            array 11..14
              string 13..14 "e"
        error 3..4 "b": a mapping cannot start on its key's line
        error 11..12 "-": a sequence cannot start on its key's line
    "#]],
    );
}

#[test]
fn broken_tags_and_anchors() {
    check(
        "a: ! \nb: &\nc: *\nd: !A !B x\ne: &x &y z\n",
        expect![[r#"
        object 0..37
          member 0..4 key 0..1 "a" colon 1
            (no value)
          member 6..10 key 6..7 "b" colon 7
            (no value)
          member 11..15 key 11..12 "c" colon 12
            error 14..15 "*"
          member 16..26 key 16..17 "d" colon 17
            computed 19..26 "!A"
              string 25..26 "x"
          member 27..37 key 27..28 "e" colon 28
            string 36..37 "z"
        error 9..10 "&": expected an anchor name after '&'
        error 14..15 "*": expected an anchor name after '*'
        error 22..24 "!B": a node can have only one tag
        error 33..35 "&y": a node can have only one anchor
    "#]],
    );
    check(
        "a: !Sub\nb: !If [\n",
        expect![[r#"
        object 0..16
          member 0..7 key 0..1 "a" colon 1
            computed 3..7 "!Sub"
          member 8..16 key 8..9 "b" colon 9
            computed 11..16 "!If"
              array 15..16 unclosed
        error 15..16 "[": missing closing ']'
    "#]],
    );
}

#[test]
fn found_by_the_property_tests() {
    // A stray block indicator as a flow key; a second tag after a tag without argument inside
    // a merged mapping; an empty explicit key.
    check(
        "---\n\n[{|",
        expect![[r#"
        array 5..8 unclosed
          object 6..8 unclosed
            member 7..8 key 7..8 "|"
              (no value)
        error 5..6 "[": missing closing ']'
        error 6..7 "{": missing closing '}'
        error 7..8 "|": unexpected '|'
    "#]],
    );
    check(
        "a: 1\n<<: <<: !Ref !Ref \n\nb: 2\n",
        expect![[r#"
        object 0..29
          member 0..4 key 0..1 "a" colon 1
            string 3..4 "1"
          member 9..22 key 9..11 "<<" colon 11
            computed 13..22 "!Ref"
          member 25..29 key 25..26 "b" colon 26
            string 28..29 "2"
        error 9..11 "<<": a mapping cannot start on its key's line
        error 9..11 "<<": a merge key '<<' needs a mapping or a list of mappings
        error 18..22 "!Ref": a node can have only one tag
    "#]],
    );
    check(
        "? \n",
        expect![[r#"
        object 0..1
          member 0..1 key 0..0 ""
            (no value)
    "#]],
    );
}

#[test]
fn broken_block_scalars() {
    check(
        "a: |x\n  text\nb: >0\n  more\nc: |\nd: 1\n",
        expect![[r#"
        object 0..35
          member 0..12 key 0..1 "a" colon 1
            string 3..12 "text\n" escaped
          member 13..25 key 13..14 "b" colon 14
            string 16..25 "more\n" escaped
          member 26..30 key 26..27 "c" colon 27
            string 29..30 "" escaped
          member 31..35 key 31..32 "d" colon 32
            string 34..35 "1"
        error 4..5 "x": unexpected text after the block scalar indicator
        error 17..18 "0": unexpected text after the block scalar indicator
    "#]],
    );
}

#[test]
fn deep_nesting_is_skipped() {
    let depth = 200;
    let mut text = String::new();
    for i in 0..depth {
        writeln!(text, "{}k{i}:", " ".repeat(i)).unwrap();
    }
    text.push_str("after: 1\n");
    let tree = root(&text);
    assert_eq!(string(&tree, &["after"]), "1");
    let flow = format!("a: {}{}\nb: 2\n", "[".repeat(depth), "]".repeat(depth));
    let root2 = root(&flow);
    assert_eq!(string(&root2, &["b"]), "2");
    let seq = format!("{}x\n", "- ".repeat(depth));
    let docs = parse_yaml(&seq);
    check_invariants(&seq, &docs[0]);
    assert!(
        docs[0]
            .errors
            .iter()
            .any(|e| e.message.starts_with("nesting too deep"))
    );
    let tags = format!("a: {}x\nb: 2\n", "!T ".repeat(depth));
    let docs = parse_yaml(&tags);
    check_invariants(&tags, &docs[0]);
    let props = format!(
        "a:\n{}",
        (1..depth)
            .map(|i| format!("{}&a{i}\n", " ".repeat(i)))
            .collect::<String>()
    );
    let docs = parse_yaml(&props);
    check_invariants(&props, &docs[0]);
}

#[test]
fn alias_bombs_are_bounded() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in 'b'..='k' {
        writeln!(text, "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]").unwrap();
        prev = name;
    }
    let start = std::time::Instant::now();
    let docs = parse_yaml(&text);
    assert!(start.elapsed().as_secs() < 2);
    assert!(
        docs[0]
            .errors
            .iter()
            .any(|e| e.message.contains("too many nodes"))
    );
    // Nesting through aliases is bounded too.
    let mut deep = String::from("a: &a [[[[[[[[[[x]]]]]]]]]]\n");
    for (prev, name) in ('a'..='y').zip('b'..='z') {
        writeln!(deep, "{name}: &{name} [[[[[[[[[[*{prev}]]]]]]]]]]").unwrap();
    }
    let docs = parse_yaml(&deep);
    check_invariants(&deep, &docs[0]);
    assert!(
        docs[0]
            .errors
            .iter()
            .any(|e| e.message.contains("nests too deep"))
    );
}

#[test]
fn pathological_inputs_are_fast() {
    let n = 200_000;
    for text in [
        "[".repeat(n),
        "{".repeat(n),
        "- ".repeat(n),
        "a:".repeat(n),
        "\"".repeat(n),
        "'\n ".repeat(n),
        "\"x\n  ".repeat(n),
        "a\n ".repeat(n),
        "? ".repeat(n),
        "!a ".repeat(n),
        "&a ".repeat(n),
        "*a ".repeat(n),
        "k: |\n".repeat(n / 5),
        format!("a: \"{}", "\n  x".repeat(n)),
        format!(
            "- - - - - - - - a\n{}",
            "                \"b\n".repeat(n / 10)
        ),
        format!("{}\n", "a: [".repeat(n / 4)),
        " \t".repeat(n),
        "#\n".repeat(n),
    ] {
        let start = std::time::Instant::now();
        let docs = parse_yaml(&text);
        for doc in &docs {
            check_invariants(&text, doc);
        }
        assert!(
            start.elapsed().as_secs() < 2,
            "{:?}… took {:?}",
            &text[..20],
            start.elapsed()
        );
    }
}

#[test]
fn every_prefix_of_a_template() {
    let mut cut = 0;
    while cut <= TEMPLATE.len() {
        if TEMPLATE.is_char_boundary(cut) {
            let text = &TEMPLATE[..cut];
            for doc in parse_yaml(text) {
                check_invariants(text, &doc);
            }
        }
        cut += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn yamlish_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("  ".to_string()),
            Just("\t".to_string()),
            Just("- ".to_string()),
            Just("-".to_string()),
            Just(": ".to_string()),
            Just(":".to_string()),
            Just("? ".to_string()),
            Just("---\n".to_string()),
            Just("...\n".to_string()),
            Just("%YAML 1.2\n".to_string()),
            Just("# c".to_string()),
            Just(" #".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just(", ".to_string()),
            Just("'".to_string()),
            Just("''".to_string()),
            Just("\"".to_string()),
            Just("\\".to_string()),
            Just("\\u00".to_string()),
            Just("|".to_string()),
            Just(">-".to_string()),
            Just("|+2".to_string()),
            Just("!Ref ".to_string()),
            Just("!!str ".to_string()),
            Just("!<x> ".to_string()),
            Just("&a ".to_string()),
            Just("*a".to_string()),
            Just("<<: ".to_string()),
            Just("~".to_string()),
            Just("é".to_string()),
            Just("\u{feff}".to_string()),
            "[a-zA-Z0-9:*/$]{1,8}",
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    /// A generated value, and how to write it.
    #[derive(Clone, Debug)]
    enum Gen {
        Map(Vec<(String, Gen)>),
        Seq(Vec<Gen>),
        Str(String, u8),
        Null(u8),
        Tagged(String, Box<Gen>),
        Flow(Box<Gen>),
    }

    fn gen_value() -> impl Strategy<Value = Gen> {
        let leaf = prop_oneof![
            ("[a-zA-Z0-9][a-zA-Z0-9 :/._*$@-]{0,12}", any::<u8>())
                .prop_map(|(s, st)| Gen::Str(s, st)),
            (any::<String>(), any::<u8>()).prop_map(|(s, st)| Gen::Str(s, st)),
            ("[a-z ]{0,6}(\n[a-z ]{0,6}){0,3}\n?", any::<u8>()).prop_map(|(s, st)| Gen::Str(s, st)),
            (
                "[a-z]{1,4}( [a-z]{1,4})?(\n\n?[a-z]{1,4}( [a-z]{1,4})?){0,3}\n?",
                any::<u8>()
            )
                .prop_map(|(s, st)| Gen::Str(s, st)),
            any::<u8>().prop_map(Gen::Null),
        ];
        leaf.prop_recursive(5, 48, 6, |inner| {
            prop_oneof![
                4 => prop::collection::vec(("K[a-z0-9_:.]{0,8}", inner.clone()), 0..6).prop_map(|members| {
                    let mut seen = std::collections::HashSet::new();
                    Gen::Map(members.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect())
                }),
                4 => prop::collection::vec(inner.clone(), 0..6).prop_map(Gen::Seq),
                1 => ("![A-Z][a-zA-Z.]{0,6}", inner.clone()).prop_map(|(t, v)| {
                    // One tag per node: a tagged value goes into a sequence.
                    let mut inner = &v;
                    while let Gen::Flow(i) = inner {
                        inner = i;
                    }
                    match inner {
                        Gen::Tagged(..) => Gen::Tagged(t, Box::new(Gen::Seq(vec![v]))),
                        _ => Gen::Tagged(t, Box::new(v)),
                    }
                }),
                1 => inner.prop_map(|v| Gen::Flow(Box::new(v))),
            ]
        })
    }

    fn plain_safe(s: &str, flow: bool) -> bool {
        let Some(first) = s.chars().next() else {
            return false;
        };
        let flow_indicator = flow && s.contains([',', '[', ']', '{', '}']);
        first.is_ascii_alphanumeric()
            && !s.ends_with([' ', ':'])
            && !s.contains(": ")
            && !s.contains(" #")
            && s.chars().all(|c| c.is_ascii_graphic() || c == ' ')
            && !flow_indicator
    }

    /// Characters a double-quoted scalar writes as escapes.
    fn needs_escape(c: char) -> bool {
        (c as u32) < 0x20
            || matches!(
                c,
                '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
            )
    }

    fn write_scalar(out: &mut String, s: &str, style: u8, flow: bool) {
        match style % 3 {
            0 if plain_safe(s, flow) => out.push_str(s),
            0 | 1 if !s.contains(needs_escape) => {
                out.push('\'');
                out.push_str(&s.replace('\'', "''"));
                out.push('\'');
            }
            _ => {
                out.push('"');
                for c in s.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\t' => out.push_str("\\t"),
                        c if needs_escape(c) => write!(out, "\\u{:04x}", c as u32).unwrap(),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
        }
    }

    /// A literal block scalar can hold `s` when its lines are plain text.
    fn literal_ok(s: &str) -> bool {
        s.contains('\n')
            && !s.ends_with("\n\n")
            && s.lines().all(|l| !l.starts_with(' ') && !l.ends_with(' '))
            && s.lines().next().is_some_and(|l| !l.is_empty())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c == ' ' || c == '\n')
    }

    fn write_flow(out: &mut String, g: &Gen) {
        match g {
            Gen::Map(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_scalar(out, k, 0, true);
                    match v {
                        Gen::Null(st) if st % 2 == 0 => {}
                        v => {
                            out.push_str(": ");
                            write_flow(out, v);
                        }
                    }
                }
                out.push('}');
            }
            Gen::Seq(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_flow(out, v);
                }
                out.push(']');
            }
            Gen::Str(s, st) => write_scalar(out, s, *st, true),
            Gen::Null(_) => out.push('~'),
            Gen::Tagged(t, v) => {
                out.push_str(t);
                if !matches!(**v, Gen::Null(_)) {
                    out.push(' ');
                    write_flow(out, v);
                }
            }
            Gen::Flow(v) => write_flow(out, v),
        }
    }

    /// Writes `g` as the value after `key:` or `-` (the indicator already written), its block
    /// lines indented `indent`; `in_seq`: after a `-`, where compact collections go.
    fn write_block(out: &mut String, g: &Gen, indent: usize, in_seq: bool) {
        let pad = " ".repeat(indent);
        match g {
            Gen::Map(m) if !m.is_empty() => {
                for (i, (k, v)) in m.iter().enumerate() {
                    if i == 0 && in_seq {
                        out.push(' ');
                    } else {
                        out.push('\n');
                        out.push_str(&pad);
                    }
                    write_scalar(out, k, 0, false);
                    out.push(':');
                    write_block(out, v, indent + 2, false);
                }
            }
            Gen::Seq(items) if !items.is_empty() => {
                // After a key, an indentless sequence now and then.
                let indent = if !in_seq && indent >= 2 && items.len() % 2 == 0 {
                    indent - 2
                } else {
                    indent
                };
                let pad = " ".repeat(indent);
                for (i, v) in items.iter().enumerate() {
                    if i == 0 && in_seq {
                        out.push(' ');
                    } else {
                        out.push('\n');
                        out.push_str(&pad);
                    }
                    out.push('-');
                    write_block(out, v, indent + 2, true);
                }
            }
            Gen::Map(_) => out.push_str(" {}"),
            Gen::Seq(_) => out.push_str(" []"),
            Gen::Str(s, st) if st % 5 == 4 && literal_ok(s) => {
                out.push_str(if s.ends_with('\n') { " |" } else { " |-" });
                for line in s.lines() {
                    out.push('\n');
                    if !line.is_empty() {
                        out.push_str(&pad);
                        out.push_str(line);
                    }
                }
                if s.ends_with('\n') {
                    out.push('\n');
                    out.push_str(&pad);
                    out.push_str("# after the block scalar");
                }
            }
            Gen::Str(s, st) => {
                out.push(' ');
                write_scalar(out, s, *st, false);
            }
            Gen::Null(st) => match (st % 3, in_seq) {
                (0, false) => {}
                (1, _) => out.push_str(" null"),
                _ => out.push_str(" ~"),
            },
            Gen::Tagged(t, v) => {
                out.push(' ');
                out.push_str(t);
                match &**v {
                    Gen::Null(_) => {}
                    Gen::Map(m) if !m.is_empty() => write_block(out, v, indent, false),
                    Gen::Seq(s) if !s.is_empty() => write_block(out, v, indent, false),
                    v => write_block(out, v, indent, false),
                }
            }
            Gen::Flow(v) => {
                out.push(' ');
                write_flow(out, v);
            }
        }
    }

    fn write_document(g: &Gen) -> String {
        let mut out = String::new();
        match g {
            Gen::Map(m) if !m.is_empty() => {
                for (k, v) in m {
                    write_scalar(&mut out, k, 0, false);
                    out.push(':');
                    write_block(&mut out, v, 2, false);
                    out.push('\n');
                }
            }
            Gen::Seq(items) if !items.is_empty() => {
                for v in items {
                    out.push('-');
                    write_block(&mut out, v, 2, true);
                    out.push('\n');
                }
            }
            g => {
                out.push_str("root:");
                write_block(&mut out, g, 2, false);
                out.push('\n');
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn arbitrary_text_never_panics(text in prop_oneof![yamlish_text(), any::<String>()]) {
            for doc in parse_yaml(&text) {
                check_invariants(&text, &doc);
            }
        }

        #[test]
        fn edited_templates_never_panic(
            cut in 0..TEMPLATE.len(),
            len in 0usize..40,
            insert in prop_oneof![yamlish_text(), Just(String::new())],
        ) {
            let floor = |mut i: usize| {
                i = i.min(TEMPLATE.len());
                while !TEMPLATE.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let (a, b) = (floor(cut), floor(cut + len));
            let text = format!("{}{}{}", &TEMPLATE[..a], insert, &TEMPLATE[b..]);
            let docs = parse_yaml(&text);
            for doc in &docs {
                check_invariants(&text, doc);
            }
            // The resources before the edit survive it (when it did not touch the root line).
            if a > TEMPLATE.find("Outputs:").unwrap() && !insert.contains("---") && !insert.contains("...") {
                let root = docs[0].root.as_ref().unwrap();
                prop_assert!(root.as_object().unwrap().get("Resources").is_some(), "{}", text);
            }
        }

        #[test]
        fn generated_documents_agree_with_saphyr(g in gen_value()) {
            let text = write_document(&g);
            agrees_with_saphyr(&text);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Throughput

/// A CloudFormation template of at least `size` bytes: IAM roles, each with a trust policy and
/// two inline policies in block style, with `!Sub`, `!Ref` and `!GetAtt`.
pub(crate) fn large_template(size: usize) -> String {
    let mut text =
        String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: roles\nResources:\n");
    let mut i = 0;
    while text.len() < size {
        write!(
            text,
            r#"  Role{i}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "${{AWS::StackName}}-role-{i}"
      Path: /service/
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service:
                - lambda.amazonaws.com
                - ec2.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: !Sub "s3-access-{i}"
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Sid: ReadWrite{i}
                Effect: Allow
                Action:
                  - s3:GetObject
                  - s3:PutObject
                  - s3:DeleteObject
                  - s3:ListBucket
                Resource:
                  - !Sub 'arn:${{AWS::Partition}}:s3:::bucket-{i}'
                  - !Sub 'arn:${{AWS::Partition}}:s3:::bucket-{i}/*'
                Condition:
                  StringEquals:
                    aws:PrincipalAccount: !Ref AWS::AccountId
              - Effect: Deny
                Action: s3:DeleteBucket
                Resource: '*'
        - PolicyName: logs-{i}
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action:
                  - logs:CreateLogGroup
                  - logs:CreateLogStream
                  - logs:PutLogEvents
                Resource: !GetAtt LogGroup{i}.Arn   # the group's ARN
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query]
                Resource: !GetAtt Table{i}.Arn
      Tags:
        - Key: team
          Value: platform
"#
        )
        .unwrap();
        i += 1;
    }
    text
}

#[test]
fn large_template_parses_without_errors() {
    let text = large_template(100_000);
    let docs = parse_yaml(&text);
    assert_eq!(docs.len(), 1);
    assert!(docs[0].errors.is_empty());
    check_invariants(&text, &docs[0]);
    agrees_with_saphyr(&text);
}

/// `cargo test --release -p iam-policy-ls --lib syntax::yaml::tests::throughput -- --ignored
/// --nocapture` prints the parse speed on a 1 MB template.
#[test]
#[ignore]
fn throughput() {
    let text = large_template(1 << 20);
    let roles = text.matches("AWS::IAM::Role").count();
    let runs = 30;
    let mut best = f64::MAX;
    let mut total = 0.0;
    for _ in 0..runs {
        let start = std::time::Instant::now();
        let docs = std::hint::black_box(parse_yaml(std::hint::black_box(&text)));
        let secs = start.elapsed().as_secs_f64();
        assert!(docs[0].errors.is_empty());
        best = best.min(secs);
        total += secs;
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "{:.2} MB, {roles} roles: best {:.2} ms ({:.0} MB/s), mean {:.2} ms ({:.0} MB/s)",
        mb,
        best * 1e3,
        mb / best,
        total / runs as f64 * 1e3,
        mb / (total / runs as f64)
    );
}
