//! Value formats shared by several checks: policy variables, account IDs, regions, partitions,
//! IP ranges, dates, numbers.

/// A problem with a `${...}` policy variable in a string.
pub fn variable_problem(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Some(format!(
                "\"{}\" opens a policy variable without closing it: add '}}'",
                &rest[start..]
            ));
        };
        let name = &after[..end];
        match name {
            "" => return Some("An empty policy variable \"${}\"".to_string()),
            "*" | "?" | "$" => {}
            n if n.contains(char::is_whitespace) && !n.contains(", '") => {
                return Some(format!("The policy variable \"${{{n}}}\" contains a space"));
            }
            _ => {}
        }
        rest = &after[end + 1..];
    }
    None
}

pub fn has_variable(text: &str) -> bool {
    text.contains("${")
}

/// A 12-digit account ID, or a part with wildcards or variables (checked no further).
pub fn account_ok(part: &str) -> bool {
    part.is_empty()
        || part.contains(['*', '?'])
        || has_variable(part)
        || part == "aws"
        || (part.len() == 12 && part.bytes().all(|b| b.is_ascii_digit()))
}

/// A region such as `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-isoe-west-1`, or a part
/// with wildcards or variables.
pub fn region_ok(part: &str) -> bool {
    if part.is_empty() || part.contains(['*', '?']) || has_variable(part) {
        return true;
    }
    let pieces: Vec<&str> = part.split('-').collect();
    pieces.len() >= 3
        && pieces[0].len() == 2
        && pieces[0].bytes().all(|b| b.is_ascii_lowercase())
        && pieces[1..pieces.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && pieces[pieces.len() - 1].parse::<u8>().is_ok()
}

/// Whether a Resource pattern matches every resource (of its partition) without saying `*`:
/// `arn:*`, `arn:aws*`, `arn:aws:*`, `arn:aws:*:*:*:*`. IAM's `*` matches colons too, so such a
/// pattern is wildcards after the partition, with no more colons than an ARN has (five) and no
/// empty part (`::` would demand an empty region or account).
pub fn matches_every_resource(pattern: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let Some(rest) = pattern.strip_prefix("arn:") else {
        return false;
    };
    if pattern.matches(':').count() > 5 || !pattern.ends_with('*') || rest.contains("::") {
        return false;
    }
    let (partition, tail) = rest.split_once(':').unwrap_or((rest, ""));
    let wild = |s: &str| s.chars().all(|c| c == '*' || c == ':');
    (partition.ends_with('*') && wild(tail))
        || (crate::catalog::regions::partitions().contains(&partition)
            && !tail.is_empty()
            && wild(tail))
}

pub fn partition_ok(part: &str) -> bool {
    part.contains(['*', '?'])
        || has_variable(part)
        || crate::catalog::regions::partitions().contains(&part)
}

/// An IPv4 or IPv6 address or CIDR range.
pub fn ip_range_ok(text: &str) -> bool {
    let (addr, bits) = match text.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    let max = if addr.parse::<std::net::Ipv4Addr>().is_ok() {
        32
    } else if addr.parse::<std::net::Ipv6Addr>().is_ok() {
        128
    } else {
        return false;
    };
    bits.is_none_or(|b| b.parse::<u8>().is_ok_and(|n| n <= max))
}

/// An ISO 8601 date or date-time (`2024-01-31`, `2024-01-31T12:00:00Z`, with an offset or
/// fractional seconds), or epoch seconds.
pub fn date_ok(text: &str) -> bool {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |s: &[u8]| s.iter().all(u8::is_ascii_digit) && !s.is_empty();
    let (month, day) = (&text[5..7], &text[8..10]);
    if !num(&b[0..4]) || !num(&b[5..7]) || !num(&b[8..10]) {
        return false;
    }
    let (m, d): (u8, u8) = (month.parse().unwrap_or(0), day.parse().unwrap_or(0));
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    if b[10] != b'T' && b[10] != b't' {
        return false;
    }
    let time = &text[11..];
    let (hms, _zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => (&time[..i], &time[i..]),
        None => (time, ""),
    };
    let hms = hms.split('.').next().unwrap_or("");
    let parts: Vec<&str> = hms.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|c| c.is_ascii_digit()))
}

pub fn number_ok(text: &str) -> bool {
    text.parse::<f64>().is_ok_and(f64::is_finite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(variable_problem("arn:aws:s3:::b/${aws:username}/*").is_none());
        assert!(variable_problem("arn:aws:s3:::b/${aws:username").is_some());
        assert!(variable_problem("${}").is_some());
        assert!(variable_problem("${aws:user name}").is_some());
        assert!(
            region_ok("us-east-1") && region_ok("us-gov-west-1") && region_ok("*") && region_ok("")
        );
        assert!(!region_ok("us-east") && !region_ok("useast1"));
        assert!(account_ok("123456789012") && !account_ok("12345"));
        assert!(
            ip_range_ok("10.0.0.0/8")
                && ip_range_ok("2001:db8::/32")
                && !ip_range_ok("10.0.0.0/33")
                && !ip_range_ok("ten")
        );
        assert!(
            date_ok("2024-01-31")
                && date_ok("2024-01-31T12:00:00Z")
                && date_ok("2019-07-16T12:00:00.000+01:00")
                && date_ok("1700000000")
        );
        assert!(!date_ok("yesterday") && !date_ok("2024-13-01"));
    }
}
