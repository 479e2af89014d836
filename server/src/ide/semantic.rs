//! Semantic tokens: the parts of action strings, ARNs, policy variables and conditions.
//!
//! The legend ([`TokenType`], in this order) uses standard LSP token types:
//! - `namespace`: a service prefix (`s3` in `s3:GetObject`, the service part of an ARN);
//! - `function`: an action name (`GetObject`);
//! - `regexp`: a wildcard (`*`, `?`) in an action;
//! - `keyword`: the `arn` of an ARN;
//! - `enumMember`: an ARN's partition and region;
//! - `number`: an ARN's account;
//! - `string`: an ARN's resource part;
//! - `variable`: a policy variable `${aws:username}`;
//! - `operator`: a condition operator (`StringEquals`);
//! - `property`: a condition key (`aws:SourceAccount`).

use crate::policy::{Policy, member_strings, value_strings};
use crate::syntax::{Parse, StringLit, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType {
    Namespace,
    Function,
    Regexp,
    Keyword,
    EnumMember,
    Number,
    String,
    Variable,
    Operator,
    Property,
}

impl TokenType {
    /// The legend, in index order.
    pub const LEGEND: [TokenType; 10] = [
        TokenType::Namespace,
        TokenType::Function,
        TokenType::Regexp,
        TokenType::Keyword,
        TokenType::EnumMember,
        TokenType::Number,
        TokenType::String,
        TokenType::Variable,
        TokenType::Operator,
        TokenType::Property,
    ];
    pub fn name(self) -> &'static str {
        match self {
            TokenType::Namespace => "namespace",
            TokenType::Function => "function",
            TokenType::Regexp => "regexp",
            TokenType::Keyword => "keyword",
            TokenType::EnumMember => "enumMember",
            TokenType::Number => "number",
            TokenType::String => "string",
            TokenType::Variable => "variable",
            TokenType::Operator => "operator",
            TokenType::Property => "property",
        }
    }
    pub fn index(self) -> u32 {
        self as u32
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: TextRange,
    pub kind: TokenType,
}

/// Tokens for the raw text of a string without escapes (offsets then map one to one).
fn plain(s: &StringLit) -> Option<(usize, &str)> {
    (!s.has_escapes).then(|| (s.content_range().start as usize, s.value.as_str()))
}

fn push(out: &mut Vec<Token>, start: usize, end: usize, kind: TokenType) {
    if end > start {
        out.push(Token {
            range: TextRange::new(start, end),
            kind,
        });
    }
}

/// Splits `text` (at `base`) into `kind` runs and `${...}` variables.
fn with_variables(out: &mut Vec<Token>, base: usize, text: &str, kind: TokenType) {
    let mut i = 0;
    while let Some(open) = text[i..].find("${") {
        let open = i + open;
        let Some(close) = text[open..].find('}') else {
            break;
        };
        let close = open + close + 1;
        push(out, base + i, base + open, kind);
        push(out, base + open, base + close, TokenType::Variable);
        i = close;
    }
    push(out, base + i, base + text.len(), kind);
}

fn action_tokens(out: &mut Vec<Token>, s: &StringLit) {
    let Some((base, v)) = plain(s) else { return };
    let Some(colon) = v.find(':') else {
        if v == "*" {
            push(out, base, base + 1, TokenType::Regexp);
        }
        return;
    };
    let run = |out: &mut Vec<Token>, from: usize, part: &str, kind: TokenType| {
        let mut start = 0;
        for (i, c) in part.char_indices() {
            if c == '*' || c == '?' {
                push(out, from + start, from + i, kind);
                push(out, from + i, from + i + 1, TokenType::Regexp);
                start = i + 1;
            }
        }
        push(out, from + start, from + part.len(), kind);
    };
    run(out, base, &v[..colon], TokenType::Namespace);
    run(out, base + colon + 1, &v[colon + 1..], TokenType::Function);
}

/// `arn:partition:service:region:account:resource`, and variables anywhere.
fn value_tokens(out: &mut Vec<Token>, s: &StringLit) {
    let Some((base, v)) = plain(s) else { return };
    if !v.starts_with("arn:") {
        if v.contains("${") {
            let mut i = 0;
            while let Some(open) = v[i..].find("${") {
                let open = i + open;
                let Some(close) = v[open..].find('}') else {
                    break;
                };
                push(
                    out,
                    base + open,
                    base + open + close + 1,
                    TokenType::Variable,
                );
                i = open + close + 1;
            }
        }
        return;
    }
    let kinds = [
        TokenType::Keyword,
        TokenType::EnumMember,
        TokenType::Namespace,
        TokenType::EnumMember,
        TokenType::Number,
    ];
    let mut start = 0;
    for kind in kinds {
        let Some(colon) = v[start..].find(':') else {
            with_variables(out, base + start, &v[start..], kind);
            return;
        };
        with_variables(out, base + start, &v[start..start + colon], kind);
        start += colon + 1;
    }
    with_variables(out, base + start, &v[start..], TokenType::String);
}

/// Every token, in document order.
pub fn semantic_tokens(parse: &Parse) -> Vec<Token> {
    let Some(policy) = Policy::from_parse(parse) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in &policy.statements {
        for m in s.action_members() {
            member_strings(m)
                .into_iter()
                .for_each(|l| action_tokens(&mut out, l));
        }
        for m in [s.resource, s.not_resource].into_iter().flatten() {
            member_strings(m)
                .into_iter()
                .for_each(|l| value_tokens(&mut out, l));
        }
        for (op, keys) in s.conditions() {
            let r = op.key.content_range();
            push(
                &mut out,
                r.start as usize,
                r.end as usize,
                TokenType::Operator,
            );
            for k in keys {
                if let Some((base, v)) = plain(&k.key) {
                    with_variables(&mut out, base, v, TokenType::Property);
                }
                value_strings(k.value.as_ref())
                    .into_iter()
                    .for_each(|l| value_tokens(&mut out, l));
            }
        }
    }
    out.sort_by_key(|t| (t.range.start, t.range.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn tokens(text: &str) -> Vec<String> {
        semantic_tokens(&parse(text))
            .iter()
            .map(|t| format!("{}:{}", t.kind.name(), &text[t.range.as_range()]))
            .collect()
    }

    #[test]
    fn actions_arns_variables_and_conditions() {
        let text = r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:Get*Object", "*"],
 "Resource": "arn:aws:s3:::bucket/${aws:username}/*",
 "Condition": {"StringEquals": {"aws:SourceAccount": "123"}}}]}"#;
        assert_eq!(
            tokens(text),
            [
                "namespace:s3",
                "function:Get",
                "regexp:*",
                "function:Object",
                "regexp:*",
                "keyword:arn",
                "enumMember:aws",
                "namespace:s3",
                "string:bucket/",
                "variable:${aws:username}",
                "string:/*",
                "operator:StringEquals",
                "property:aws:SourceAccount",
            ]
        );
    }
}
