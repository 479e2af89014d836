//! "Did you mean": the closest real names to a misspelled one.

use crate::catalog;

/// The candidates within a small edit distance of `name` (case-insensitive; a difference in
/// case alone counts as distance 0 and comes first), closest first, at most `limit`.
pub fn closest<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    limit: usize,
) -> Vec<&'c str> {
    let max = max_distance(name);
    let mut row = Vec::new();
    let mut scored: Vec<(usize, &'c str)> = candidates
        .into_iter()
        .filter_map(|c| {
            // Cheap length filter before the distance computation.
            if c.len().abs_diff(name.len()) > max {
                return None;
            }
            bounded_distance(name.as_bytes(), c.as_bytes(), max, &mut row).map(|d| (d, c))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// Levenshtein distance ignoring ASCII case, or None as soon as it must exceed `max` (every
/// entry of a row above `max`). Runs on bytes without allocating beyond the reused row: names
/// are ASCII, and this runs for every unknown name against a whole service's actions.
fn bounded_distance(a: &[u8], b: &[u8], max: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(!ca.eq_ignore_ascii_case(cb));
            let value = (diagonal + cost).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = value;
            smallest = smallest.min(value);
        }
        if smallest > max {
            return None;
        }
    }
    let d = row[b.len()];
    (d <= max).then_some(d)
}

/// How far a name may be from a real one to count as a typo: 1 for short names, 2 from 6
/// characters. Not more: AWS's own policies hold names unknown to the catalog that are 3 edits
/// from a real action (`payments:GetPaymentPreferences` vs `ListPaymentPreferences`), and
/// those are not typos.
fn max_distance(name: &str) -> usize {
    if name.len() <= 5 { 1 } else { 2 }
}

/// `: did you mean "x"?` for the closest candidate (the first of `near`), or nothing: the hint
/// every "not a ..." message ends with.
pub fn did_you_mean(near: &[&str]) -> String {
    near.first()
        .map(|n| format!(": did you mean \"{n}\"?"))
        .unwrap_or_default()
}

/// Close real actions for an unknown `service:Action`: within the service when it exists,
/// otherwise the action name under the closest service prefixes.
pub fn closest_action(full: &str) -> Vec<String> {
    let Some((svc, name)) = full.split_once(':') else {
        return Vec::new();
    };
    if let Some(service) = catalog::service(svc) {
        return closest(name, service.actions().iter().map(|a| a.name), 3)
            .into_iter()
            .map(|n| format!("{}:{n}", service.prefix))
            .collect();
    }
    let mut out = Vec::new();
    for prefix in closest(svc, catalog::services().iter().map(|s| s.prefix), 3) {
        if let Some(a) = catalog::service(prefix).and_then(|s| s.action(name)) {
            out.push(a.full_name());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_ignores_case_and_stops_early() {
        let mut row = Vec::new();
        assert_eq!(
            bounded_distance(b"PutLogEvent", b"putlogevents", 2, &mut row),
            Some(1)
        );
        assert_eq!(bounded_distance(b"abc", b"abc", 0, &mut row), Some(0));
        assert_eq!(
            bounded_distance(b"kitten", b"sitting", 3, &mut row),
            Some(3)
        );
        assert_eq!(bounded_distance(b"kitten", b"sitting", 2, &mut row), None);
        assert_eq!(
            closest("StringEqual", ["StringEquals", "StringLike", "Bool"], 3),
            ["StringEquals"]
        );
    }
}
