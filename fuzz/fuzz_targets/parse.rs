//! The tolerant parser on arbitrary bytes (read as UTF-8, lossily): no panic, no hang, and
//! every range inside the text on character boundaries.

#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parse = iam_policy_ls::syntax::parse(&text);
    common::check_tree(&text, &parse);
});
