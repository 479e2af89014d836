//! IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly one.

/// Whether `text` contains an IAM wildcard.
pub fn has_wildcard(text: &str) -> bool {
    text.bytes().any(|b| b == b'*' || b == b'?')
}

/// Matches `text` against the IAM wildcard `pattern`, ignoring ASCII case.
///
/// The classic greedy algorithm with backtracking to the last `*`: O(n·m) in the worst case,
/// linear for the patterns people write. It runs on bytes without allocating when both strings
/// are ASCII (every action name is), and on chars otherwise so that `?` matches one character.
pub fn glob_match_ci(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        return glob_slices(
            pattern.as_bytes(),
            text.as_bytes(),
            |a, b| a.eq_ignore_ascii_case(b),
            |c| *c == b'*',
            |c| *c == b'?',
        );
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    glob_slices(
        &p,
        &t,
        |a, b| a.eq_ignore_ascii_case(b),
        |c| *c == '*',
        |c| *c == '?',
    )
}

fn glob_slices<T>(
    p: &[T],
    t: &[T],
    eq: impl Fn(&T, &T) -> bool,
    is_star: impl Fn(&T) -> bool,
    is_one: impl Fn(&T) -> bool,
) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && is_star(&p[pi]) {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && (is_one(&p[pi]) || eq(&p[pi], &t[ti])) {
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
    p[pi..].iter().all(is_star)
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
