//! Moving a tree through the text: after an edit before a node, every byte range in it moves by
//! the edit's length. An incremental re-read (`crate::host::incremental`) keeps the trees of the
//! policies it did not re-read and moves them, instead of reading them again.

use super::{Parse, TextRange, Value};

impl TextRange {
    /// The range moved by `delta` bytes (which must not move it before the start of the text).
    pub fn shifted(self, delta: i64) -> TextRange {
        let at = |o: u32| (o as i64 + delta) as u32;
        TextRange {
            start: at(self.start),
            end: at(self.end),
        }
    }
}

impl Parse {
    /// Moves every range in the tree, its errors and its comments by `delta` bytes.
    pub fn shift(&mut self, delta: i64) {
        if delta == 0 {
            return;
        }
        if let Some(root) = &mut self.root {
            root.shift(delta);
        }
        for e in &mut self.errors {
            e.range = e.range.shifted(delta);
        }
        for c in &mut self.comments {
            c.range = c.range.shifted(delta);
        }
    }
}

impl Value {
    /// Moves every range in the value by `delta` bytes.
    pub fn shift(&mut self, delta: i64) {
        match self {
            Value::Object(o) => {
                o.range = o.range.shifted(delta);
                for m in &mut o.members {
                    m.range = m.range.shifted(delta);
                    m.key.range = m.key.range.shifted(delta);
                    m.colon = m.colon.map(|c| (c as i64 + delta) as u32);
                    if let Some(v) = &mut m.value {
                        v.shift(delta);
                    }
                }
            }
            Value::Array(a) => {
                a.range = a.range.shifted(delta);
                a.items.iter_mut().for_each(|v| v.shift(delta));
            }
            Value::String(s) => s.range = s.range.shifted(delta),
            Value::Number(s) | Value::Bool(s) | Value::Null(s) | Value::Error(s) => {
                s.range = s.range.shifted(delta)
            }
            Value::Computed(c) => {
                c.range = c.range.shifted(delta);
                c.function_range = c.function_range.shifted(delta);
                if let Some(arg) = &mut c.arg {
                    arg.shift(delta);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::{parse, parse_yaml};

    /// A tree read at one place and moved to another equals the tree read there.
    #[test]
    fn a_moved_tree_equals_the_tree_read_in_its_new_place() {
        let json = r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:Get*"], "x": nul}]} // c"#;
        let mut moved = parse(json);
        moved.shift(7);
        let there = parse(&format!("       {json}"));
        assert_eq!(moved.root, there.root);
        assert_eq!(format!("{:?}", moved.errors), format!("{:?}", there.errors));
        assert_eq!(
            format!("{:?}", moved.comments),
            format!("{:?}", there.comments)
        );

        let yaml = "Statement:\n  - Effect: Allow # c\n    Resource: !Sub \"arn:${AWS::Partition}:s3:::b\"\n    Action: [s3:Get\n";
        let mut moved = parse_yaml(yaml).remove(0);
        moved.shift(4);
        let there = parse_yaml(&format!("#  \n{yaml}")).remove(0);
        assert_eq!(moved.root, there.root);
        assert_eq!(format!("{:?}", moved.errors), format!("{:?}", there.errors));
        moved.shift(-4);
        assert_eq!(moved.root, parse_yaml(yaml).remove(0).root);
    }
}
