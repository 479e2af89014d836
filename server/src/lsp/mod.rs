//! The only layer that knows LSP: open documents, position encodings, configuration, and the
//! conversion of the `ide` and `analysis` results into protocol types.

pub mod completion;
pub mod convert;
pub mod documents;
mod server;
mod transport;

pub use server::run_stdio;
