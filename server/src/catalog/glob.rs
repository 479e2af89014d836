//! IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly one.

/// Whether `text` contains an IAM wildcard.
pub fn has_wildcard(text: &str) -> bool {
    text.bytes().any(|b| b == b'*' || b == b'?')
}

/// Matches `text` against the IAM wildcard `pattern`, ignoring ASCII case.
///
/// The classic linear-time greedy algorithm with backtracking to the last `*`: O(n·m) in the
/// worst case, linear for the patterns people write. Works on chars so that `?` matches one
/// character, not one byte.
pub fn glob_match_ci(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && (p[pi] == '?' || p[pi].eq_ignore_ascii_case(&t[ti])) {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_iam() {
        assert!(glob_match_ci("s3:Get*", "s3:GetObject"));
        assert!(glob_match_ci("S3:get*", "s3:GetObject"));
        assert!(glob_match_ci("*", ""));
        assert!(glob_match_ci("*Object?", "GetObjectX"));
        assert!(!glob_match_ci("*Object?", "GetObject"));
        assert!(glob_match_ci("a*b*c", "aXXbYYc"));
        assert!(!glob_match_ci("a*b*c", "aXXbYY"));
        assert!(glob_match_ci("??", "日本"));
        assert!(!glob_match_ci("Get", "GetObject"));
    }
}
