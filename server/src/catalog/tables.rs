//! The generated tables (see `build.rs`). Kept in their own module so that nothing outside
//! `catalog` can depend on their layout.
#![allow(clippy::all)]
use super::*;
include!(concat!(env!("OUT_DIR"), "/catalog_tables.rs"));
