//! The one error type of code generation.

/// Why a spec could not be turned into Rust. Display is a single line that names the
/// file and says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    /// The spec file could not be read.
    #[error("{file}: cannot read the OpenAPI document: {source}")]
    Read {
        /// The file, as given.
        file: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The text is not an OpenAPI 3.0 document (bad JSON/YAML or a wrong shape).
    #[error("{file}: not a valid OpenAPI 3.0 document: {message}")]
    Parse {
        /// The file, as given.
        file: String,
        /// The parser's message, with line and column where it has them.
        message: String,
    },
    /// The lint found constructs that cannot be generated or served.
    #[error("{file}: {}", findings.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Lint {
        /// The file, as given.
        file: String,
        /// The errors, each with the JSON path of its node.
        findings: Vec<crate::lint::Finding>,
    },
    /// progenitor refused the spec, or panicked on it (caught here).
    #[error("{file}: progenitor cannot generate a client from this document: {message}")]
    Generate {
        /// The file, as given.
        file: String,
        /// progenitor's message (or its panic message).
        message: String,
    },
    /// The generated tokens are not valid Rust (a progenitor bug, or an identifier the
    /// spec made up that Rust cannot take).
    #[error("{file}: the code generated from this document is not valid Rust: {message}")]
    Format {
        /// The file, as given.
        file: String,
        /// syn's message.
        message: String,
    },
}
