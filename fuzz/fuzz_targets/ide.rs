//! Completion and hover at every character boundary of arbitrary text: no panic, no hang, and
//! every replace range and hover range inside the text on character boundaries.

#![no_main]

#[path = "common.rs"]
mod common;

use iam_policy_ls::ide::{completions, hover};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parse = iam_policy_ls::syntax::parse(&text);
    for offset in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
        let c = completions(&text, &parse, offset);
        for item in &c.items {
            common::check_range(&text, item.range, "completion range");
        }
        if let Some(h) = hover(&parse, offset, None) {
            common::check_range(&text, h.range, "hover range");
        }
    }
});
