//! Re-reading a YAML template after a keystroke without reading all of it: only the resource
//! the edit falls in is parsed, located and lowered again; the policies before it are kept and
//! the policies after it are moved ([`Embedded::moved`], which shares their trees). The work
//! per keystroke is then the size of one resource, not of the template.
//!
//! When is re-reading one resource the same as reading the whole template? YAML's block
//! structure is indentation: a resource's member of the `Resources` map runs from its key line
//! (at column `n`) to the next line that is indented `n` or less and is neither blank nor a
//! comment. Nothing inside that stretch can reach out of it: a quoted scalar, a block scalar
//! and an unclosed `[` or `{` all end at such a line (see `crate::syntax::parse_yaml`). So when
//! - the edit lies between the resource's key and the end of its stretch,
//! - the stretch still ends at a line end, its lines after the first are all indented deeper
//!   than the key (no tab in the indentation), and it defines no anchor,
//! - the template defines no anchor anywhere (an alias copies an anchor's value, which could
//!   live in another resource), and is the file's only document,
//! - and the new stretch is one member with the same logical ID and `Type` (so `!GetAtt`
//!   elsewhere reads the same types),
//!
//! the stretch parses alone to what the whole file's parse holds for it. Anything else, and a
//! full read follows. The property test below checks the claim on random edits.

use super::cfn::{locate_resource, resource_type};
use super::{Host, Reference, attach_syntax};
use crate::syntax::{Object, Value, parse_yaml_block};
use crate::text::next_line_start;
use std::collections::HashMap;
use std::sync::Arc;

/// One change to a text: bytes `start..old_end` replaced by `inserted` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub old_end: usize,
    pub inserted: usize,
}

impl Edit {
    /// How far the text after the edit moved.
    pub fn delta(&self) -> i64 {
        self.inserted as i64 - (self.old_end - self.start) as i64
    }
}

/// Where a YAML template's resources lie, for re-reading one of them.
#[derive(Clone, Debug)]
pub struct Layout {
    /// In text order.
    resources: Vec<Stretch>,
    /// The template's resource types, shared by every version that keeps them.
    types: Arc<HashMap<String, String>>,
}

/// The text of one resource: `start` (its key line's start) to `end` (a line start, or the
/// end of the text).
#[derive(Clone, Debug)]
struct Stretch {
    name: Arc<str>,
    resource_type: Option<Arc<str>>,
    start: usize,
    /// The key's offset; its column is `key - start`.
    key: usize,
    end: usize,
}

impl Stretch {
    fn indent(&self) -> usize {
        self.key - self.start
    }
}

impl Layout {
    /// The layout of a template's Resources map, read from `text`; `None` when some resource's
    /// key does not stand on its own line after spaces (a flow mapping, a tab), where no
    /// stretch can be told.
    pub fn of(
        text: &str,
        resources: &Object,
        types: Arc<HashMap<String, String>>,
    ) -> Option<Layout> {
        let b = text.as_bytes();
        let mut out = Vec::with_capacity(resources.members.len());
        for m in &resources.members {
            let key = m.key.range.start as usize;
            let start = line_start(b, key);
            if b[start..key].iter().any(|&c| c != b' ') {
                return None;
            }
            let stretch = Stretch {
                name: m.key.value.as_str().into(),
                resource_type: resource_type(m).map(Into::into),
                start,
                key,
                end: stretch_end(b, m.range.end as usize, key - start),
            };
            if out.last().is_some_and(|p: &Stretch| p.end > start) {
                return None;
            }
            out.push(stretch);
        }
        Some(Layout {
            resources: out,
            types,
        })
    }
}

/// The start of the line holding `at`.
fn line_start(b: &[u8], at: usize) -> usize {
    b[..at]
        .iter()
        .rposition(|&c| c == b'\n' || c == b'\r')
        .map_or(0, |i| i + 1)
}

/// The end of the stretch whose last token ends at `from` and whose key is at column `indent`:
/// the start of the first later line indented `indent` or less that is neither blank nor a
/// comment, or the end of the text.
fn stretch_end(b: &[u8], from: usize, indent: usize) -> usize {
    let mut at = next_line_start(b, from);
    while at < b.len() {
        match line_indent(b, at) {
            Some(Some(n)) if n <= indent => return at,
            Some(None) => return at,
            _ => {}
        }
        at = next_line_start(b, at);
    }
    b.len()
}

/// The indentation of the line starting at `at`: `None` for a blank or comment line,
/// `Some(None)` when a tab stands in the indentation (structure unknown here).
fn line_indent(b: &[u8], at: usize) -> Option<Option<usize>> {
    let mut i = at;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    match b.get(i) {
        None | Some(b'\n' | b'\r' | b'#') => None,
        Some(b'\t') => Some(None),
        Some(_) => Some(Some(i - at)),
    }
}

/// Whether the line that ends a stretch at `end` ends it for every parse: a flow closer or
/// comma there (`}` at column 0, as in JSON-style YAML) may be read as part of an unclosed `[`
/// or `{` inside the stretch, and a tab in its indentation leaves its column in doubt.
fn clean_boundary(b: &[u8], end: usize) -> bool {
    let rest = &b[end.min(b.len())..];
    let first = rest.iter().position(|&c| c != b' ');
    match first.map(|i| rest[i]) {
        None => true,
        Some(c) => !matches!(c, b']' | b'}' | b',' | b'\t'),
    }
}

/// The host of `new`, the text `prev` was read from with `edit` applied, re-reading only the
/// resource the edit falls in; `None` when the edit may reach beyond it (see the module
/// documentation), and the caller reads the whole text.
pub fn reread(prev: &Host, new: &str, edit: &Edit) -> Option<Host> {
    let layout = prev.layout.as_ref()?;
    let b = new.as_bytes();
    let delta = edit.delta();
    let i = layout
        .resources
        .partition_point(|s| s.key <= edit.start)
        .checked_sub(1)?;
    let old = &layout.resources[i];
    if edit.old_end > old.end {
        return None;
    }
    let end = usize::try_from(old.end as i64 + delta).ok()?;
    if end > b.len() || end < old.key {
        return None;
    }
    // The stretch still ends at a line end.
    if end < b.len()
        && (!matches!(b[end - 1], b'\n' | b'\r') || (b[end - 1] == b'\r' && b[end] == b'\n'))
    {
        return None;
    }
    let mut at = next_line_start(b, old.key);
    while at < end {
        match line_indent(b, at) {
            Some(Some(n)) if n > old.indent() => {}
            None => {}
            _ => return None,
        }
        at = next_line_start(b, at);
    }
    if memchr::memchr(b'&', &b[old.start..end]).is_some() || !clean_boundary(b, end) {
        return None;
    }
    let parse = parse_yaml_block(new, old.start, end);
    let Some(Value::Object(root)) = &parse.root else {
        return None;
    };
    let [member] = root.members.as_slice() else {
        return None;
    };
    if *member.key.value != *old.name
        || member.key.range.start as usize != old.key
        || resource_type(member) != old.resource_type.as_deref()
    {
        return None;
    }
    let member = member.clone();

    let mut fresh = Host::default();
    locate_resource(new, member, &layout.types, &mut fresh);
    attach_syntax(&parse, &mut fresh.policies);

    // Everything the old host found before the stretch stays, everything after it moves.
    let (before, after) = (old.start, old.end);
    let policies = splice(
        &prev.policies,
        fresh.policies,
        (before, after),
        |p| p.range().start,
        |p| p.moved(delta),
    );
    let findings = splice(
        &prev.findings,
        fresh.findings,
        (before, after),
        |f| f.range.start,
        |f| f.shifted(delta),
    );
    let references = splice(
        &prev.references,
        fresh.references,
        (before, after),
        |r| r.range.start,
        |r| Reference {
            range: r.range.shifted(delta),
            ..r.clone()
        },
    );

    let mut resources = layout.resources.clone();
    resources[i].end = end;
    for s in &mut resources[i + 1..] {
        s.start = (s.start as i64 + delta) as usize;
        s.key = (s.key as i64 + delta) as usize;
        s.end = (s.end as i64 + delta) as usize;
    }
    Some(Host {
        format: prev.format,
        kind: prev.kind,
        policies,
        findings,
        references,
        json: None,
        layout: Some(Layout {
            resources,
            types: layout.types.clone(),
        }),
    })
}

/// The items of `prev` that start before `stretch`, then `fresh`, then `prev`'s items that
/// start after it, moved.
fn splice<T: Clone>(
    prev: &[T],
    fresh: Vec<T>,
    stretch: (usize, usize),
    start: impl Fn(&T) -> u32,
    moved: impl Fn(&T) -> T,
) -> Vec<T> {
    let at = |t: &T| start(t) as usize;
    let mut out = Vec::with_capacity(prev.len() + fresh.len());
    out.extend(prev.iter().filter(|t| at(t) < stretch.0).cloned());
    out.extend(fresh);
    out.extend(prev.iter().filter(|t| at(t) >= stretch.1).map(moved));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Options;
    use crate::host::analyze::{HostCache, analyze_host};
    use crate::host::{Format, read};
    use proptest::prelude::*;

    /// Roles, a bucket policy with `!Sub`, a policy in a block string, a SAM function with
    /// policy templates, an `!If`, comments and a section after the resources.
    const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - Effect: Alow # typo
                Action: [s3:GetObjekt, "s3:List*"]
                Resource: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"

  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: !If [IsProd, !GetAtt Bucket.Arn, "arn:aws:s3:::x/*"]
# between resources
  Logs:
    Type: AWS::Logs::ResourcePolicy
    Properties:
      PolicyName: p
      PolicyDocument: |
        {"Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvent",
          "Resource": "*", "Principal": {"Service": "es.amazonaws.com"}}]}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - S3ReadPolicy: {BucketName: !Ref Bucket}
        - SQSPollerPolicy: {}
        - AmazonS3ReadOnlyAccess
        - Statement:
            - Effect: Allow
              Action: logs:Put
              Resource: '*'
Outputs:
  Arn:
    Value: !GetAtt Role.Arn
"#;

    /// A host as every feature sees it.
    fn view(h: &Host) -> String {
        let policies: Vec<_> = h
            .policies
            .iter()
            .map(|p| {
                (
                    p.parse(),
                    p.kind,
                    p.origin
                        .as_ref()
                        .map(|o| (&o.resource, &o.resource_type, &o.property)),
                    p.resource_range(),
                    p.statements_only,
                    p.in_string,
                )
            })
            .collect();
        format!(
            "{:?}\n{policies:#?}\n{:#?}\n{:#?}",
            (h.format, h.kind),
            h.findings,
            h.references
        )
    }

    /// Equal views, or the first lines where they differ.
    fn same(part: &str, full: &str) {
        if part != full {
            let at = part
                .lines()
                .zip(full.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let show = |s: &str| {
                s.lines()
                    .skip(at.saturating_sub(20))
                    .take(30)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "re-read in part:\n{}\n\nread in full:\n{}",
                show(part),
                show(full)
            );
        }
    }

    fn apply(text: &str, at: usize, len: usize, insert: &str) -> (String, Edit) {
        let mut start = at % (text.len() + 1);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let edit = Edit {
            start,
            old_end: end,
            inserted: insert.len(),
        };
        (format!("{}{insert}{}", &text[..start], &text[end..]), edit)
    }

    /// Typing inside a policy re-reads its resource alone, and the result is the full read's.
    #[test]
    fn typing_in_a_policy_rereads_one_resource() {
        let host = read(TEMPLATE, Format::Yaml);
        assert!(host.layout.is_some());
        let mut text = TEMPLATE.to_string();
        let mut prev = host;
        let at = TEMPLATE.find("s3:GetObjekt").unwrap() + 6;
        for (i, c) in "Object".chars().enumerate() {
            let (next, edit) = apply(&text, at + i, 0, &c.to_string());
            let re = reread(&prev, &next, &edit).expect("re-read in place");
            same(&view(&re), &view(&read(&next, Format::Yaml)));
            text = next;
            prev = re;
        }
        // A new resource typed at the end of one, and a renamed one, are read in full.
        let at = text.find("  Logs:").unwrap();
        let (next, edit) = apply(&text, at, 0, "  Queue:\n");
        assert!(reread(&prev, &next, &edit).is_none());
        let (next, edit) = apply(&text, at + 2, 0, "X");
        assert!(reread(&prev, &next, &edit).is_none());
        // An anchor anywhere turns re-reading off.
        let anchored = TEMPLATE.replace("Principal: '*'", "Principal: &p '*'");
        assert!(read(&anchored, Format::Yaml).layout.is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        /// Any sequence of edits, broken YAML included: re-reading in part (where it is done)
        /// gives the host and the analysis that reading the whole text gives.
        #[test]
        fn rereading_in_part_equals_reading_in_full(
            edits in proptest::collection::vec(
                (any::<usize>(), 0usize..16, prop::sample::select(vec![
                    "", "a", " ", "  ", "\n", "\n  ", "\n      ", "\n            - ", "- ", ":",
                    ": ", "\"", "'", "[", "]", "{", "}", "#", "|", "\t", "!Sub ", "*a", "&a ",
                    "---\n", "s3:Get", "Type: AWS::S3::Bucket", "Effect: Deny\n",
                    "\n  Extra:\n    Type: AWS::SQS::QueuePolicy\n", "\r\n", "${aws:username}", "\n}", "\n]",
                    "\n,", "\r",
                ])),
                1..10,
            )
        ) {
            let options = Options::default();
            let mut text = TEMPLATE.to_string();
            let mut host = read(&text, Format::Yaml);
            let mut cache = HostCache::default();
            analyze_host(&text, &host, &options, Some(&mut cache));
            for (at, len, insert) in edits {
                let (next, edit) = apply(&text, at, len, insert);
                let full = read(&next, Format::Yaml);
                host = match reread(&host, &next, &edit) {
                    Some(part) => {
                        prop_assert_eq!(view(&part), view(&full));
                        part
                    }
                    None => full,
                };
                text = next;
                let incremental = analyze_host(&text, &host, &options, Some(&mut cache));
                let fresh = analyze_host(&text, &read(&text, Format::Yaml), &options, None);
                prop_assert_eq!(format!("{:#?}", incremental.findings), format!("{:#?}", fresh.findings));
            }
        }
    }
}
