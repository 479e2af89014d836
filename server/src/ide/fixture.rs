//! Test fixtures: a policy text with a `$0` cursor marker.

/// Splits a fixture into its text (without the marker) and the cursor's byte offset.
pub fn cursor(fixture: &str) -> (String, usize) {
    let offset = fixture.find("$0").expect("fixture has no $0 cursor marker");
    let mut text = fixture.to_string();
    text.replace_range(offset..offset + 2, "");
    (text, offset)
}
