//! "Did you mean": the closest real names to a misspelled one.

use crate::catalog;

/// The candidates within a small edit distance of `name` (case-insensitive; a difference in
/// case alone counts as distance 0 and comes first), closest first, at most `limit`.
pub fn closest<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    limit: usize,
) -> Vec<&'c str> {
    let lower = name.to_ascii_lowercase();
    let max = max_distance(name);
    let mut scored: Vec<(usize, &'c str)> = candidates
        .into_iter()
        .filter_map(|c| {
            // Cheap length filter before the distance computation.
            if c.len().abs_diff(name.len()) > max {
                return None;
            }
            let d = strsim::levenshtein(&lower, &c.to_ascii_lowercase());
            (d <= max).then_some((d, c))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// How far a name may be from a real one to count as a typo: 1 for short names, 2 from 6
/// characters. Not more: AWS's own policies hold names unknown to the catalog that are 3 edits
/// from a real action (`payments:GetPaymentPreferences` vs `ListPaymentPreferences`), and
/// those are not typos.
fn max_distance(name: &str) -> usize {
    if name.len() <= 5 { 1 } else { 2 }
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
