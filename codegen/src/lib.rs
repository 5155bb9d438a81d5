//! How `openapi.yaml` becomes Rust.
//!
//! This crate is the **one** definition of the code generation used by this workspace:
//! the generated crate's `build.rs` calls [`generate_file`] at build time and
//! `cargo xtask codegen` calls the same function to refresh the committed snapshot, so
//! the two can never drift apart.
//!
//! Every failure — an unreadable file, a document that is not OpenAPI 3.0, or a
//! construct progenitor cannot handle (where progenitor itself would `panic!`) — comes
//! back as one [`CodegenError`] whose Display names the file and the problem.
#![deny(missing_docs)]

mod error;
mod generate;
pub mod lint;
mod operations;
pub use operations::screaming_snake as operation_constant_name;
mod panic;
mod spec;
#[cfg(feature = "strategies")]
pub mod strategies;

pub use error::CodegenError;
pub use generate::{GENERATED_HEADER, SNAPSHOT_PATH, generate, generate_file, settings};
pub use spec::{load_spec, parse_spec, parse_value, read_text};
