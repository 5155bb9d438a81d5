//! `spec lint`: what progenitor cannot generate, or the criteo-client layer cannot
//! serve, each reported with the JSON path of the node. Never panics: it reads the
//! document as a plain JSON value, whatever its shape.

use serde_json::Value;
use std::fmt;

/// The path progenitor's token operation must have for the layer to serve it.
pub const TOKEN_PATH: &str = "/oauth2/token";

/// Request media types progenitor 0.15 can send.
const SUPPORTED_REQUEST_MEDIA: &[&str] =
    &["application/json", "application/x-www-form-urlencoded", "application/octet-stream", "text/plain"];

/// The keys of a path item that are operations.
pub const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation or the layer would fail: the document is refused.
    Error,
    /// Generation works, with a caveat worth knowing.
    Warning,
}

/// One problem, at one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The JSON path of the node, e.g. `$.paths["/oauth2/token"].post.requestBody`.
    pub path: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl Finding {
    /// Whether this finding refuses the document.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level} at {}: {}", self.path, self.message)
    }
}

/// A JSON path under construction.
#[derive(Clone)]
struct JsonPath(String);

impl JsonPath {
    fn root() -> Self {
        Self("$".to_owned())
    }
    fn key(&self, key: &str) -> Self {
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            Self(format!("{}.{key}", self.0))
        } else {
            Self(format!("{}[{key:?}]", self.0))
        }
    }
    fn index(&self, i: usize) -> Self {
        Self(format!("{}[{i}]", self.0))
    }
}

struct Lint<'a> {
    root: &'a Value,
    findings: Vec<Finding>,
}

impl Lint<'_> {
    fn error(&mut self, path: &JsonPath, message: impl Into<String>) {
        self.findings.push(Finding {
            severity: Severity::Error,
            path: path.0.clone(),
            message: message.into(),
        });
    }
    fn warning(&mut self, path: &JsonPath, message: impl Into<String>) {
        self.findings.push(Finding {
            severity: Severity::Warning,
            path: path.0.clone(),
            message: message.into(),
        });
    }
}

/// Lints a document given as a JSON value. Errors first, then warnings, each in
/// document order.
pub fn lint(document: &Value) -> Vec<Finding> {
    let mut lint = Lint { root: document, findings: Vec::new() };
    let root = JsonPath::root();
    let Some(top) = document.as_object() else {
        lint.error(&root, "the document is not an object; expected an OpenAPI 3.0 document");
        return lint.findings;
    };
    match top.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) => lint.error(
            &root.key("openapi"),
            format!("version {v} is not supported; progenitor reads OpenAPI 3.0.x"),
        ),
        None => lint.error(&root.key("openapi"), "missing `openapi: 3.0.x`"),
    }
    check_refs(&mut lint, document, &root);
    check_paths(&mut lint, top.get("paths"), &root.key("paths"));
    if lint.findings.iter().all(|f| !f.is_error()) {
        // Shape errors the targeted checks missed, at the exact node.
        if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(document) {
            let at = format!("$.{}", e.path()).replace("$..", "$.").trim_end_matches('.').to_owned();
            lint.error(&JsonPath(at), format!("not valid OpenAPI 3.0 here: {}", e.inner()));
        }
    }
    lint.findings.sort_by_key(|f| f.severity);
    lint.findings
}

/// Every `$ref` must point at an existing node of this document.
fn check_refs(lint: &mut Lint<'_>, node: &Value, path: &JsonPath) {
    match node {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref") {
                let at = path.key("$ref");
                match target.as_str() {
                    Some(pointer) if pointer.starts_with("#/") => {
                        if lint.root.pointer(&unescape_pointer(&pointer[1..])).is_none() {
                            lint.error(&at, format!("`{pointer}` points at nothing in this document"));
                        }
                    }
                    Some(other) => lint.error(&at, format!("`{other}` is an external reference; inline it (only #/… references are supported)")),
                    None => lint.error(&at, "`$ref` must be a string"),
                }
            }
            for (key, child) in map {
                check_refs(lint, child, &path.key(key));
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                check_refs(lint, child, &path.index(i));
            }
        }
        _ => {}
    }
}

/// JSON pointers in `$ref`s are percent-encoded in URIs; `~1` and `~0` stay as they are
/// for `Value::pointer`.
fn unescape_pointer(pointer: &str) -> String {
    pointer.replace("%7B", "{").replace("%7D", "}").replace("%20", " ")
}

fn check_paths(lint: &mut Lint<'_>, paths: Option<&Value>, at: &JsonPath) {
    let Some(paths) = paths.and_then(Value::as_object) else {
        lint.error(at, "missing `paths`");
        return;
    };
    if !paths.contains_key(TOKEN_PATH) {
        lint.error(
            at,
            format!("no `{TOKEN_PATH}` path: criteo-client serves the token operation and needs it"),
        );
    }
    for (route, item) in paths {
        let item_at = at.key(route);
        let Some(item) = item.as_object() else {
            lint.error(&item_at, "a path item must be an object");
            continue;
        };
        for (method, operation) in item.iter().filter(|(k, _)| METHODS.contains(&k.as_str())) {
            check_operation(lint, route, method, operation, &item_at.key(method));
        }
    }
}

fn check_operation(lint: &mut Lint<'_>, route: &str, method: &str, op: &Value, at: &JsonPath) {
    let Some(op) = op.as_object() else {
        lint.error(at, "an operation must be an object");
        return;
    };
    if !op.get("operationId").is_some_and(Value::is_string) {
        lint.error(&at.key("operationId"), "missing operationId: progenitor names each method after it");
    }
    let is_token = route == TOKEN_PATH && method == "post";
    let body_at = at.key("requestBody");
    match op.get("requestBody").map(|b| resolve(lint.root, b)) {
        None if is_token => lint.error(
            &body_at,
            "the token operation has no request body: criteo-client sends client_id, client_secret and grant_type in a form body",
        ),
        None => {}
        Some(None) => {} // a dangling $ref, already reported
        Some(Some(body)) => check_request_body(lint, body, is_token, &body_at),
    }
    let responses_at = at.key("responses");
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        lint.error(&responses_at, "missing `responses`");
        return;
    };
    for (status, response) in responses {
        let Some(response) = resolve(lint.root, response) else { continue };
        let media: Vec<&String> = response
            .get("content")
            .and_then(Value::as_object)
            .map(|c| c.keys().collect())
            .unwrap_or_default();
        let media_at = responses_at.key(status).key("content");
        if media.len() > 1 && !media.iter().any(|m| m.as_str() == "application/json") {
            lint.error(
                &media_at,
                format!(
                    "several media types ({}) and none is application/json: progenitor cannot choose",
                    join(&media)
                ),
            );
        } else if media.len() > 1 {
            lint.warning(
                &media_at,
                format!(
                    "{}: progenitor types application/json only (criteo-client parses all as JSON)",
                    join(&media)
                ),
            );
        }
    }
    if is_token {
        check_token_success(lint, responses, &responses_at);
        let inherits_bearer = !op.contains_key("security")
            && lint.root.get("security").and_then(Value::as_array).is_some_and(|s| !s.is_empty());
        if inherits_bearer {
            lint.warning(
                &at.key("security"),
                "the token operation inherits the document's security, so generated SDKs send a bearer on the token call itself; set `security: []`",
            );
        }
    }
}

fn check_request_body(lint: &mut Lint<'_>, body: &Value, is_token: bool, at: &JsonPath) {
    let content_at = at.key("content");
    let Some(content) = body.get("content").and_then(Value::as_object) else {
        lint.error(&content_at, "a request body needs `content`");
        return;
    };
    let media: Vec<&String> = content.keys().collect();
    if media.len() > 1 {
        lint.error(
            &content_at,
            format!(
                "several request media types ({}): progenitor 0.15 generates only one; keep one",
                join(&media)
            ),
        );
    }
    for m in &media {
        if !SUPPORTED_REQUEST_MEDIA.contains(&m.as_str()) {
            lint.error(&content_at.key(m), format!("progenitor cannot send a `{m}` body"));
        }
    }
    if is_token && media.len() == 1 && media[0] != "application/x-www-form-urlencoded" {
        lint.error(
            &content_at,
            format!("the token request is `{}`: OAuth 2.0 (RFC 6749 §4.4.2) and criteo-client send application/x-www-form-urlencoded", media[0]),
        );
    }
}

/// The layer reads `access_token` (and `token_type`, `expires_in`) from the lowest 2xx.
fn check_token_success(lint: &mut Lint<'_>, responses: &serde_json::Map<String, Value>, at: &JsonPath) {
    let Some((status, response)) =
        responses.iter().filter(|(s, _)| s.starts_with('2')).min_by_key(|(s, _)| s.as_str())
    else {
        lint.error(at, "the token operation has no 2xx response");
        return;
    };
    let Some(response) = resolve(lint.root, response) else { return };
    let schema = response
        .get("content")
        .and_then(|c| c.get("application/json").or_else(|| c.as_object().and_then(|m| m.values().next())))
        .and_then(|m| m.get("schema"))
        .and_then(|s| resolve(lint.root, s));
    let has_token = schema
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .is_some_and(|p| p.contains_key("access_token"));
    if !has_token {
        lint.error(
            &at.key(status),
            "the token response has no `access_token` property: criteo-client cannot read a token from it",
        );
    }
}

/// Follows a local `$ref` (one level at a time, at most 32, so cycles end); `None` for
/// a dangling or external one.
pub fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> Option<&'a Value> {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(pointer) => node = root.pointer(&unescape_pointer(pointer.strip_prefix('#')?))?,
            None => return Some(node),
        }
    }
    None
}

fn join(items: &[&String]) -> String {
    items.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}
