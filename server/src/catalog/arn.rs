//! ARNs: splitting a policy ARN into its parts, and deciding whether a policy ARN (with `*`, `?`
//! and `${...}` policy variables) can match an ARN of a resource type's template (with
//! `${Partition}`, `${Region}`, ... placeholders).

/// The six colon-separated parts of an ARN: `arn:partition:service:region:account:resource`.
/// The resource part keeps any further colons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArnParts<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

/// Splits an ARN; `None` when it does not start with `arn:` or has fewer than six parts.
/// Colons inside a `${...}` variable do not split (`${aws:username}`).
pub fn parse_arn(arn: &str) -> Option<ArnParts<'_>> {
    let rest = arn.strip_prefix("arn:")?;
    let mut parts = [""; 4];
    let mut start = 0;
    let mut depth = 0usize;
    let mut found = 0;
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() && found < 4 {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                parts[found] = &rest[start..i];
                found += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if found < 4 {
        return None;
    }
    Some(ArnParts {
        partition: parts[0],
        service: parts[1],
        region: parts[2],
        account: parts[3],
        resource: &rest[start..],
    })
}

/// One element of a pattern: a literal char, `?` (one char) or `*` (any run).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok {
    Lit(char),
    One,
    Any,
    /// A template placeholder whose values never contain `/` or `:` (`${Partition}`, `${Region}`,
    /// `${Account}`, `${BucketName}`): so `arn:aws:s3:::bucket/*` is not a bucket ARN.
    Segment,
}

/// Tokenizes a policy ARN: `*` and `?` are wildcards and a `${...}` policy variable stands for
/// any text (its value is only known at request time). A `*` inside one of the first five
/// fields (`arn:aws:ec2:*:*:instance/*`) stands for that field: IAM would let it run on across
/// colons, but no partition, service, Region or account holds one, so reading it as the field
/// is what the ARN can match. A `*` that ends the pattern (`arn:aws:*`) covers the rest.
fn policy_tokens(arn: &str, out: &mut Vec<Tok>) {
    let mut chars = arn.char_indices().peekable();
    let mut colons = 0;
    while let Some((i, c)) = chars.next() {
        match c {
            '*' if colons < 5 && i + 1 < arn.len() => out.push(Tok::Segment),
            '*' => out.push(Tok::Any),
            '?' => out.push(Tok::One),
            '$' if arn[i..].starts_with("${") => match arn[i..].find('}') {
                Some(close) => {
                    out.push(Tok::Any);
                    while chars.peek().is_some_and(|(j, _)| *j <= i + close) {
                        chars.next();
                    }
                }
                None => out.push(Tok::Lit('$')),
            },
            c => {
                colons += usize::from(c == ':');
                out.push(Tok::Lit(c));
            }
        }
    }
}

/// Tokenizes an ARN template: each `${Placeholder}` stands for any text.
fn template_tokens(template: &str, out: &mut Vec<Tok>) {
    let mut rest = template;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("${")
            && let Some(close) = after.find('}')
        {
            let name = &after[..close];
            let segment = matches!(name, "Partition" | "Region" | "Account" | "BucketName");
            out.push(if segment { Tok::Segment } else { Tok::Any });
            rest = &after[close + 1..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(Tok::Lit(c));
        rest = &rest[c.len_utf8()..];
    }
}

/// Whether some ARN matches both the policy ARN and the template: the intersection of two
/// wildcard languages is non-empty. Dynamic programming over (policy position, template
/// position), O(n·m) for strings of a few dozen characters.
pub fn arn_pattern_matches_template(policy_arn: &str, template: &str) -> bool {
    // Compare the fixed parts cheaply first: most templates of other services fail here.
    if let (Some(p), Some(t)) = (parse_arn(policy_arn), parse_arn(template))
        && !part_compatible(p.service, t.service)
    {
        return false;
    }
    let mut a = Vec::with_capacity(policy_arn.len());
    let mut b = Vec::with_capacity(template.len());
    policy_tokens(policy_arn, &mut a);
    template_tokens(template, &mut b);
    intersects(&a, &b)
}

fn part_compatible(policy: &str, template: &str) -> bool {
    policy.contains(['*', '?', '$'])
        || template.contains('$')
        || policy.eq_ignore_ascii_case(template)
}

fn intersects(a: &[Tok], b: &[Tok]) -> bool {
    let w = b.len() + 1;
    // reach[i * w + j]: the prefixes a[..i] and b[..j] can match one common string.
    let mut reach = vec![false; (a.len() + 1) * w];
    reach[0] = true;
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            if !reach[i * w + j] {
                continue;
            }
            let (x, y) = (a.get(i).copied(), b.get(j).copied());
            // A star may stop matching: skip it.
            if is_star(x) {
                reach[(i + 1) * w + j] = true;
            }
            if is_star(y) {
                reach[i * w + j + 1] = true;
            }
            let (Some(x), Some(y)) = (x, y) else { continue };
            // A star absorbs one element of the other side and stays.
            if is_star(Some(x)) && absorbs(x, y) {
                reach[i * w + j + 1] = true;
            }
            if is_star(Some(y)) && absorbs(y, x) {
                reach[(i + 1) * w + j] = true;
            }
            // Two single characters that can be equal.
            let compatible = match (x, y) {
                (Tok::Lit(p), Tok::Lit(q)) => p == q,
                (Tok::One, Tok::One) | (Tok::One, Tok::Lit(_)) | (Tok::Lit(_), Tok::One) => true,
                _ => false,
            };
            if compatible {
                reach[(i + 1) * w + j + 1] = true;
            }
        }
    }
    reach[a.len() * w + b.len()]
}

fn is_star(t: Option<Tok>) -> bool {
    matches!(t, Some(Tok::Any) | Some(Tok::Segment))
}

/// Whether star `star` can absorb the other side's element `other`.
fn absorbs(star: Tok, other: Tok) -> bool {
    !matches!((star, other), (Tok::Segment, Tok::Lit('/' | ':')))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: &str = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
    const GROUP: &str = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";

    #[test]
    fn splits_arns() {
        let p = parse_arn("arn:aws:s3:::bucket/${aws:username}/*").unwrap();
        assert_eq!(
            (p.partition, p.service, p.region, p.account),
            ("aws", "s3", "", "")
        );
        assert_eq!(p.resource, "bucket/${aws:username}/*");
        assert!(parse_arn("arn:aws:s3").is_none());
        assert!(parse_arn("*").is_none());
    }

    #[test]
    fn matches_templates() {
        assert!(arn_pattern_matches_template(
            "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s",
            STREAM
        ));
        assert!(arn_pattern_matches_template("arn:aws:logs:*:*:*", STREAM));
        // A star in the Region or account stays in its field: no instance ID holds a colon.
        let instance = "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}";
        assert!(arn_pattern_matches_template(
            "arn:aws:ec2:*:*:instance/*",
            instance
        ));
        assert!(arn_pattern_matches_template("arn:aws:ec2:*", instance));
        assert!(arn_pattern_matches_template("arn:*", instance));
        assert!(!arn_pattern_matches_template(
            "arn:aws:ec2:*:123456789012:fake_resource_type/*",
            instance
        ));
        assert!(arn_pattern_matches_template("*", STREAM));
        assert!(!arn_pattern_matches_template("arn:aws:s3:::bucket", STREAM));
        assert!(!arn_pattern_matches_template(
            "arn:aws:logs:us-east-1:1:destination:d",
            STREAM
        ));
        // A log-group ARN with a trailing `:*` also matches streams (the star can cover them).
        assert!(arn_pattern_matches_template(
            "arn:aws:logs:us-east-1:1:log-group:g:*",
            STREAM
        ));
        assert!(arn_pattern_matches_template(
            "arn:aws:logs:us-east-1:1:log-group:g",
            GROUP
        ));
        assert!(arn_pattern_matches_template(
            "arn:aws:s3:::b/${aws:username}/*",
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
        ));
        assert!(!arn_pattern_matches_template(
            "arn:aws:s3:::b",
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
        ));
        assert!(!arn_pattern_matches_template(
            "arn:aws:s3:::b/*",
            "arn:${Partition}:s3:::${BucketName}"
        ));
        assert!(arn_pattern_matches_template(
            "arn:aws:s3:::b*",
            "arn:${Partition}:s3:::${BucketName}"
        ));
        assert!(arn_pattern_matches_template(
            "arn:aws:s3:::*",
            "arn:${Partition}:s3:::${BucketName}"
        ));
    }
}
