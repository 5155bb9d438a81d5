//! Reading an OpenAPI document, JSON or YAML.

use crate::CodegenError;
use openapiv3::OpenAPI;
use std::path::Path;

/// Reads and parses the OpenAPI document at `path`.
pub fn load_spec(path: &Path) -> Result<OpenAPI, CodegenError> {
    let file = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|source| CodegenError::Read { file: file.clone(), source })?;
    parse_spec(&text, &file)
}

/// Parses an OpenAPI 3.0 document from JSON or YAML text; `file` only names it in errors.
pub fn parse_spec(text: &str, file: &str) -> Result<OpenAPI, CodegenError> {
    let parse_error = |message: String| CodegenError::Parse { file: file.to_owned(), message };
    let spec: OpenAPI = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| parse_error(e.to_string()))?
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| parse_error(e.to_string()))?
    };
    if !spec.openapi.starts_with("3.0") {
        return Err(parse_error(format!(
            "`openapi: {}` is not supported; progenitor reads OpenAPI 3.0.x",
            spec.openapi
        )));
    }
    Ok(spec)
}
