//! Reading an OpenAPI document, JSON or YAML, first as a plain JSON value (so that the
//! lint can point at any node by its path), then as typed `openapiv3`.
//!
//! serde_json's `preserve_order` feature is on (in this crate's manifest): the order of
//! media types and properties in the spec is meaningful (it becomes the `Accept`
//! header and the field order), and build.rs and xtask must see the same order.

use crate::{CodegenError, lint};
use openapiv3::OpenAPI;
use serde_json::Value;
use std::path::Path;

/// Reads the file at `path` as text.
pub fn read_text(path: &Path) -> Result<String, CodegenError> {
    std::fs::read_to_string(path)
        .map_err(|source| CodegenError::Read { file: path.display().to_string(), source })
}

/// Parses JSON or YAML text into a JSON value; `file` only names it in errors.
pub fn parse_value(text: &str, file: &str) -> Result<Value, CodegenError> {
    let parse_error = |message: String| CodegenError::Parse { file: file.to_owned(), message };
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| parse_error(e.to_string()))
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| parse_error(e.to_string()))
    }
}

/// Reads, parses and lints the OpenAPI document at `path`, then returns it typed.
pub fn load_spec(path: &Path) -> Result<OpenAPI, CodegenError> {
    let file = path.display().to_string();
    parse_spec(&read_text(path)?, &file)
}

/// Parses and lints an OpenAPI 3.0 document; any lint error fails with all of them.
pub fn parse_spec(text: &str, file: &str) -> Result<OpenAPI, CodegenError> {
    let value = parse_value(text, file)?;
    let errors: Vec<_> = lint::lint(&value).into_iter().filter(lint::Finding::is_error).collect();
    if !errors.is_empty() {
        return Err(CodegenError::Lint { file: file.to_owned(), findings: errors });
    }
    // The lint has already tried this conversion; a failure here would be a lint bug.
    serde_json::from_value(value)
        .map_err(|e| CodegenError::Parse { file: file.to_owned(), message: e.to_string() })
}
