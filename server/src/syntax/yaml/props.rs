//! Node properties and what they stand for: tags (`!Sub`, `!Ref`, ...) make
//! [`Computed`](crate::syntax::Computed) nodes, anchors record nodes for their aliases (clones,
//! with a node budget and a depth limit), and merge keys (`<<`) merge mappings.

use super::{Anchor, MAX_DEPTH, Parser, is_blank, is_flow_indicator};
use crate::syntax::{Computed, Member, Object, Scalar, TextRange, Value};
use std::collections::HashSet;

/// A node's tag and anchor (ranges: the tag with its `!`, the anchor's name without `&`).
#[derive(Default)]
pub(super) struct Props {
    pub tag: Option<(usize, usize)>,
    pub anchor: Option<(usize, usize)>,
}

/// Tags that only restate the core schema (`!!str`, `!`, `!<tag:yaml.org,2002:str>`): dropped.
fn standard_tag(tag: &str) -> bool {
    tag == "!" || tag.starts_with("!!") || tag.starts_with("!<tag:yaml.org,2002:")
}

impl<'a> Parser<'a> {
    /// A tag makes the value a [`Computed`] node; an anchor records it for its aliases.
    pub(super) fn wrap(&mut self, props: Props, value: Option<Value>) -> Option<Value> {
        let value = match props.tag {
            Some((ts, te)) if !standard_tag(self.slice(ts, te)) => {
                // To the end of the argument, or of the properties (a second tag, reported).
                let end = self.last.max(te);
                Some(Value::Computed(Computed {
                    range: TextRange::new(ts, end),
                    function: self.slice(ts, te).to_string(),
                    function_range: TextRange::new(ts, te),
                    arg: value.map(Box::new),
                }))
            }
            _ => value,
        };
        if let Some((s, e)) = props.anchor {
            self.register(self.slice(s, e), &value);
        }
        value
    }

    /// Tags (`!Name`) and anchors (`&name`) at `pos`, with the blanks after them on the line.
    pub(super) fn properties(&mut self) -> Props {
        let mut props = Props::default();
        loop {
            let s = self.pos;
            match self.peek() {
                b'!' => {
                    let e = self.tag_end(s);
                    if props.tag.is_some() {
                        self.error(s, e, "a node can have only one tag");
                    } else {
                        props.tag = Some((s, e));
                    }
                    self.pos = e;
                }
                b'&' => {
                    let e = self.name_end(s + 1);
                    if e == s + 1 {
                        self.error(s, s + 1, "expected an anchor name after '&'");
                    } else if props.anchor.is_some() {
                        self.error(s, e, "a node can have only one anchor");
                    } else {
                        props.anchor = Some((s + 1, e));
                    }
                    self.pos = e;
                }
                _ => break,
            }
            self.last = self.pos;
            while matches!(self.peek(), b' ' | b'\t') {
                self.pos += 1;
            }
        }
        props
    }

    /// The end of the tag whose `!` is at `s`.
    fn tag_end(&self, s: usize) -> usize {
        let mut i = s + 1;
        if self.at(i) == b'<' {
            while !is_blank(self.at(i)) {
                i += 1;
                if self.b[i - 1] == b'>' {
                    break;
                }
            }
            return i;
        }
        while !is_blank(self.at(i)) && !is_flow_indicator(self.at(i)) {
            i += 1;
        }
        i
    }

    /// The end of an anchor or alias name starting at `i`.
    pub(super) fn name_end(&self, mut i: usize) -> usize {
        while !is_blank(self.at(i)) && !is_flow_indicator(self.at(i)) {
            i += 1;
        }
        i
    }

    /// Records an anchored value (only when the document has aliases to read it).
    fn register(&mut self, name: &'a str, value: &Option<Value>) {
        if self.anchors.is_none() {
            return;
        }
        let (mut size, height) = value.as_ref().map_or((1, 0), measure);
        let value = if size <= self.budget {
            self.budget -= size;
            value.clone()
        } else {
            // Too big to clone: its aliases are reported.
            size = usize::MAX;
            None
        };
        if let Some(anchors) = &mut self.anchors {
            anchors.insert(
                name,
                Anchor {
                    value,
                    size,
                    height,
                },
            );
        }
    }

    /// An alias at `pos`: a clone of the anchored value.
    pub(super) fn alias(&mut self) -> Value {
        let start = self.pos;
        let end = self.name_end(start + 1);
        self.pos = end;
        self.last = end;
        let range = TextRange::new(start, end);
        let error = |text: &str| {
            Value::Error(Scalar {
                range,
                text: text.to_string(),
            })
        };
        let text = self.slice(start, end);
        if end == start + 1 {
            self.error(start, end, "expected an anchor name after '*'");
            return error(text);
        }
        let name = &text[1..];
        let Some(anchor) = self.anchors.as_ref().and_then(|a| a.get(name)) else {
            self.error(
                start,
                end,
                format!("unknown alias '{text}': no anchor '&{name}' before it"),
            );
            return error(text);
        };
        if anchor.size == usize::MAX || anchor.size > self.budget {
            self.error(
                start,
                end,
                format!("alias '{text}' expands to too many nodes"),
            );
            return error(text);
        }
        if self.depth + anchor.height > MAX_DEPTH {
            self.error(start, end, format!("alias '{text}' nests too deep"));
            return error(text);
        }
        self.budget -= anchor.size;
        match &anchor.value {
            Some(v) => v.clone(),
            None => Value::Null(Scalar {
                range,
                text: text.to_string(),
            }),
        }
    }

    /// The mappings a `<<` member merges (taken from it), or None (reported) when its value
    /// is not a mapping or a list of mappings: the member then stays as it is.
    pub(super) fn merge_sources(&mut self, member: &mut Member) -> Option<Vec<Object>> {
        let ok = match &member.value {
            Some(Value::Object(_)) => true,
            Some(Value::Array(a)) => a.items.iter().all(|v| matches!(v, Value::Object(_))),
            _ => false,
        };
        if !ok {
            let r = member.key.range;
            self.error(
                r.start as usize,
                r.end as usize,
                "a merge key '<<' needs a mapping or a list of mappings",
            );
            return None;
        }
        match member.value.take() {
            Some(Value::Object(o)) => Some(vec![o]),
            Some(Value::Array(a)) => Some(
                a.items
                    .into_iter()
                    .filter_map(|v| match v {
                        Value::Object(o) => Some(o),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// The number of nodes in a value and its nesting height.
fn measure(value: &Value) -> (usize, usize) {
    match value {
        Value::Object(o) => o.members.iter().fold((1, 1), |(size, height), m| {
            let (s, h) = m.value.as_ref().map_or((0, 0), measure);
            (size + 1 + s, height.max(h + 1))
        }),
        Value::Array(a) => a.items.iter().fold((1, 1), |(size, height), v| {
            let (s, h) = measure(v);
            (size + s, height.max(h + 1))
        }),
        Value::Computed(c) => {
            let (s, h) = c.arg.as_deref().map_or((0, 0), measure);
            (s + 1, h + 1)
        }
        _ => (1, 0),
    }
}

/// Inserts the merged mappings' members where their `<<` stood: a key written in the mapping
/// wins over a merged one, and an earlier merged mapping over a later one.
pub(super) fn apply_merges(members: Vec<Member>, merges: Vec<(usize, Vec<Object>)>) -> Vec<Member> {
    let mut seen: HashSet<String> = members.iter().map(|m| m.key.value.clone()).collect();
    let mut out = Vec::with_capacity(members.len());
    let mut merges = merges.into_iter().peekable();
    let mut take = |out: &mut Vec<Member>, sources: Vec<Object>| {
        for o in sources {
            for m in o.members {
                if seen.insert(m.key.value.clone()) {
                    out.push(m);
                }
            }
        }
    };
    for (i, m) in members.into_iter().enumerate() {
        while let Some((_, sources)) = merges.next_if(|(at, _)| *at == i) {
            take(&mut out, sources);
        }
        out.push(m);
    }
    for (_, sources) in merges {
        take(&mut out, sources);
    }
    out
}
