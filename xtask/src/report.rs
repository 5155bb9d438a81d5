//! The change report: each difference between two versions of `openapi.yaml`, labelled
//! `breaking` or `compatible`, with the hand-written code a breaking one touches.

use crate::{step::timed, workspace};
use anyhow::Context;
use criteo_codegen::lint::{METHODS, resolve};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::process::ExitCode;

/// `cargo xtask spec report --base REV`.
pub fn run(base: &str) -> anyhow::Result<ExitCode> {
    let old = workspace::spec_at(base)?.unwrap_or_default();
    let new = std::fs::read_to_string(workspace::spec_path()).context("cannot read openapi.yaml")?;
    print(&old, &new, &format!("openapi.yaml at {base}"), "the working copy")?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the report between two spec texts.
pub fn print(old: &str, new: &str, old_name: &str, new_name: &str) -> anyhow::Result<()> {
    let parse = |text: &str, name: &str| -> anyhow::Result<Value> {
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        Ok(criteo_codegen::parse_value(text, name)?)
    };
    let (old, new) = (parse(old, old_name)?, parse(new, new_name)?);
    let changes = timed("comparing the specs", || compare(&old, &new));
    let layer = workspace::layer_sources();
    println!("\nChange report: {old_name} -> {new_name}");
    if changes.is_empty() {
        println!("  no change to operations, request bodies, responses or schemas");
    }
    for change in &changes {
        println!("  {change}");
        if change.breaking {
            let places = touched(&layer, &change.rust);
            if places.is_empty() {
                println!("{:14}no hand-written code in criteo-client uses it", "");
            } else {
                println!("{:14}hand-written code to check and change:", "");
                for place in places {
                    println!("{:16}{place}", "");
                }
            }
        }
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    println!("{breaking} breaking, {} compatible change(s).", changes.len() - breaking);
    Ok(())
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub breaking: bool,
    pub what: String,
    /// The generated Rust names it affects: a type or constant, then maybe a field.
    pub rust: Vec<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = if self.breaking { "breaking" } else { "compatible" };
        write!(f, "{label:12}{}", self.what)
    }
}

fn breaking(what: String, rust: Vec<String>) -> Change {
    Change { breaking: true, what, rust }
}

fn compatible(what: String, rust: Vec<String>) -> Change {
    Change { breaking: false, what, rust }
}

struct Operation<'a> {
    id: String,
    method: String,
    path: String,
    node: &'a Value,
}

fn operations(doc: &Value) -> Vec<Operation<'_>> {
    let mut out = Vec::new();
    for (path, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
        for (method, node) in
            item.as_object().into_iter().flatten().filter(|(m, _)| METHODS.contains(&m.as_str()))
        {
            let id = node.get("operationId").and_then(Value::as_str).unwrap_or_default().to_owned();
            out.push(Operation { id, method: method.to_uppercase(), path: path.clone(), node });
        }
    }
    out
}

/// All changes from `old` to `new`.
pub fn compare(old: &Value, new: &Value) -> Vec<Change> {
    let mut changes = Vec::new();
    let new_ops = operations(new);
    let old_ops = operations(old);
    for op in &old_ops {
        let same_id = new_ops.iter().find(|n| n.id == op.id);
        let same_route = new_ops.iter().find(|n| n.method == op.method && n.path == op.path);
        match (same_id, same_route) {
            (Some(n), _) => {
                if n.path != op.path || n.method != op.method {
                    changes.push(breaking(
                        format!(
                            "operation {} moved from {} {} to {} {}",
                            op.id, op.method, op.path, n.method, n.path
                        ),
                        vec![constant(&op.id)],
                    ));
                }
                compare_operation(old, new, op, n, &mut changes);
            }
            (None, Some(n)) => {
                changes.push(breaking(
                    format!(
                        "operation {} renamed {} ({} {}): its method, body type and constant are renamed",
                        op.id, n.id, op.method, op.path
                    ),
                    vec![constant(&op.id)],
                ));
                changes.push(breaking(
                    format!("request body type {}Body renamed {}Body", pascal(&op.id), pascal(&n.id)),
                    vec![format!("{}Body", pascal(&op.id))],
                ));
                compare_operation(old, new, op, n, &mut changes);
            }
            (None, None) => changes.push(breaking(
                format!("operation {} ({} {}) removed", op.id, op.method, op.path),
                vec![constant(&op.id)],
            )),
        }
    }
    for op in new_ops
        .iter()
        .filter(|n| !old_ops.iter().any(|o| o.id == n.id || (o.method == n.method && o.path == n.path)))
    {
        changes.push(compatible(format!("operation {} ({} {}) added", op.id, op.method, op.path), vec![]));
    }
    compare_schemas(old, new, &mut changes);
    let version = |doc: &Value| doc.pointer("/info/version").and_then(Value::as_str).map(str::to_owned);
    if version(old) != version(new) && !old.is_null() {
        changes.push(compatible(
            format!(
                "API version {} -> {} (progenitor's api-version header, which criteo-client does not send)",
                version(old).unwrap_or_default(),
                version(new).unwrap_or_default()
            ),
            vec![],
        ));
    }
    changes
}

fn compare_operation(
    old_doc: &Value,
    new_doc: &Value,
    old: &Operation<'_>,
    new: &Operation<'_>,
    out: &mut Vec<Change>,
) {
    let old_body = old.node.get("requestBody").and_then(|b| resolve(old_doc, b));
    let new_body = new.node.get("requestBody").and_then(|b| resolve(new_doc, b));
    let body_type = format!("{}Body", pascal(&old.id));
    match (old_body, new_body) {
        (Some(_), None) => out.push(breaking(format!("request body of {} removed", new.id), vec![body_type])),
        (None, Some(_)) => {
            out.push(breaking(format!("request body added to {}", new.id), vec![constant(&old.id)]))
        }
        (Some(ob), Some(nb)) => {
            let media = |b: &Value| {
                b.get("content")
                    .and_then(Value::as_object)
                    .map(|c| c.keys().cloned().collect::<Vec<_>>())
                    .unwrap_or_default()
            };
            if media(ob) != media(nb) {
                out.push(breaking(
                    format!("request media types of {} changed: {:?} -> {:?}", new.id, media(ob), media(nb)),
                    vec![constant(&old.id)],
                ));
            }
            let schema = |doc: &Value, b: &Value| first_schema(b).and_then(|s| resolve(doc, s)).cloned();
            if let (Some(os), Some(ns)) = (schema(old_doc, ob), schema(new_doc, nb)) {
                compare_object(&format!("request body of {}", new.id), &body_type, &os, &ns, true, out);
            }
        }
        (None, None) => {}
    }
    let responses =
        |op: &Operation<'_>| op.node.get("responses").and_then(Value::as_object).cloned().unwrap_or_default();
    let (old_responses, new_responses) = (responses(old), responses(new));
    for (status, old_response) in &old_responses {
        match new_responses.get(status) {
            None => out
                .push(breaking(format!("response {status} of {} removed", new.id), vec![constant(&old.id)])),
            Some(new_response) => {
                let name = |doc: &Value, r: &Value| resolve(doc, r).and_then(first_schema).map(schema_name);
                let (o, n) = (name(old_doc, old_response), name(new_doc, new_response));
                if o != n {
                    let rust = o.iter().filter(|s| !s.starts_with('<')).cloned().collect();
                    out.push(breaking(
                        format!(
                            "response {status} of {} changed type: {} -> {}",
                            new.id,
                            o.as_deref().unwrap_or("none"),
                            n.as_deref().unwrap_or("none")
                        ),
                        rust,
                    ));
                }
            }
        }
    }
    for status in new_responses.keys().filter(|s| !old_responses.contains_key(*s)) {
        out.push(compatible(format!("response {status} added to {}", new.id), vec![]));
    }
}

fn compare_schemas(old: &Value, new: &Value, out: &mut Vec<Change>) {
    let schemas = |doc: &Value| {
        doc.pointer("/components/schemas").and_then(Value::as_object).cloned().unwrap_or_default()
    };
    let (old_schemas, new_schemas) = (schemas(old), schemas(new));
    for (name, old_schema) in &old_schemas {
        match new_schemas.get(name) {
            None => out.push(breaking(format!("schema {name} removed"), vec![name.clone()])),
            Some(new_schema) => {
                compare_object(&format!("schema {name}"), name, old_schema, new_schema, false, out)
            }
        }
    }
    for name in new_schemas.keys().filter(|n| !old_schemas.contains_key(*n)) {
        out.push(compatible(format!("schema {name} added"), vec![name.clone()]));
    }
}

/// Field-level changes of an object schema. `is_request`: a new required field breaks
/// callers that build it.
fn compare_object(
    subject: &str,
    rust_type: &str,
    old: &Value,
    new: &Value,
    is_request: bool,
    out: &mut Vec<Change>,
) {
    let props = |s: &Value| s.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
    let required = |s: &Value| -> BTreeSet<String> {
        s.get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    let (old_props, new_props) = (props(old), props(new));
    let (old_req, new_req) = (required(old), required(new));
    let at = |field: &str| vec![rust_type.to_owned(), field.to_owned()];
    for (field, old_field) in &old_props {
        let Some(new_field) = new_props.get(field) else {
            out.push(breaking(format!("{subject}: field `{field}` removed"), at(field)));
            continue;
        };
        let shape = |f: &Map<String, Value>| {
            (f.get("type").cloned(), f.get("format").cloned(), f.get("$ref").cloned())
        };
        if let (Some(o), Some(n)) = (old_field.as_object(), new_field.as_object()) {
            let (ot, of, oref) = shape(o);
            let (nt, nf, nref) = shape(n);
            if ot != nt || oref != nref {
                out.push(breaking(
                    format!("{subject}: field `{field}` changed type: {} -> {}", describe(o), describe(n)),
                    at(field),
                ));
            } else if of != nf {
                // password/none are both String; int32 -> int64 is a different Rust type.
                let same_rust = [&of, &nf]
                    .iter()
                    .all(|f| f.as_ref().and_then(Value::as_str).is_none_or(|f| f == "password"));
                let change = format!("{subject}: field `{field}` format {} -> {}", describe(o), describe(n));
                out.push(if same_rust { compatible(change, at(field)) } else { breaking(change, at(field)) });
            }
            if o.get("default") != n.get("default") {
                out.push(breaking(
                    format!(
                        "{subject}: field `{field}` default {} -> {}",
                        show(o.get("default")),
                        show(n.get("default"))
                    ),
                    at(field),
                ));
            }
        }
        match (old_req.contains(field), new_req.contains(field)) {
            (false, true) => {
                out.push(breaking(format!("{subject}: field `{field}` optional -> required"), at(field)))
            }
            (true, false) => out.push(breaking(
                format!("{subject}: field `{field}` required -> optional (its Rust type becomes Option)"),
                at(field),
            )),
            _ => {}
        }
    }
    for field in new_props.keys().filter(|f| !old_props.contains_key(*f)) {
        if is_request && new_req.contains(field) {
            out.push(breaking(format!("{subject}: required field `{field}` added"), at(field)));
        } else {
            out.push(compatible(format!("{subject}: optional field `{field}` added"), at(field)));
        }
    }
}

fn describe(field: &Map<String, Value>) -> String {
    if let Some(r) = field.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    let ty = field.get("type").and_then(Value::as_str).unwrap_or("any");
    match field.get("format").and_then(Value::as_str) {
        Some(format) => format!("{ty} ({format})"),
        None => ty.to_owned(),
    }
}

fn show(value: Option<&Value>) -> String {
    value.map(Value::to_string).unwrap_or_else(|| "none".to_owned())
}

fn first_schema(container: &Value) -> Option<&Value> {
    let content = container.get("content")?.as_object()?;
    content.get("application/json").or_else(|| content.values().next())?.get("schema")
}

fn schema_name(schema: &Value) -> String {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => r.rsplit('/').next().unwrap_or(r).to_owned(),
        None => "<inline schema>".to_owned(),
    }
}

/// The generated operation constant, named as criteo-codegen names it.
fn constant(id: &str) -> String {
    criteo_codegen::operation_constant_name(id)
}

fn pascal(id: &str) -> String {
    let mut chars = id.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `file:line: code` for each line of the layer that uses `rust[0]` (and, in the files
/// that do, the lines that use field `rust[1]`).
pub fn touched(layer: &Path, rust: &[String]) -> Vec<String> {
    let Some(item) = rust.first() else { return Vec::new() };
    let field = rust.get(1);
    let mut places = Vec::new();
    let mut files = Vec::new();
    collect_rs(layer, &mut files);
    files.sort();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        if !contains_word(&text, item) {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let code = line.trim();
            if code.starts_with("//") {
                continue;
            }
            let uses_field =
                field.is_some_and(|f| code.contains(&format!(".{f}")) || code.contains(&format!("{f}:")));
            if contains_word(code, item) || uses_field {
                places.push(format!("{}:{}: {code}", workspace::display(&file), n + 1));
            }
        }
    }
    places
}

fn collect_rs(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        boundary(before) && boundary(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(body: Value, jwt: Value) -> Value {
        json!({
            "openapi": "3.0.1",
            "paths": {"/oauth2/token": {"post": {"operationId": "CreateToken",
                "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": body}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JwtModel"}}}}}}}},
            "components": {"schemas": {"JwtModel": jwt}}
        })
    }

    #[test]
    fn a_new_optional_property_is_compatible_and_a_removed_one_breaking() {
        let body = json!({"type": "object", "properties": {"client_id": {"type": "string"}}});
        let old =
            spec(body.clone(), json!({"type": "object", "properties": {"access_token": {"type": "string"}}}));
        let new = spec(body, json!({"type": "object", "properties": {"scope": {"type": "string"}}}));
        let changes = compare(&old, &new);
        assert!(
            changes.iter().any(|c| c.breaking && c.what.contains("`access_token` removed")),
            "{changes:?}"
        );
        assert!(
            changes.iter().any(|c| !c.breaking && c.what.contains("optional field `scope` added")),
            "{changes:?}"
        );
    }

    #[test]
    fn required_type_and_default_changes_are_breaking() {
        let jwt =
            json!({"type": "object", "properties": {"expires_in": {"type": "integer", "format": "int32"}}});
        let old = spec(
            json!({"type": "object", "properties": {"grant_type": {"type": "string", "default": "client_credentials"}}}),
            jwt,
        );
        let new = spec(
            json!({"type": "object", "required": ["grant_type"], "properties": {"grant_type": {"type": "string"}}}),
            json!({"type": "object", "properties": {"expires_in": {"type": "integer", "format": "int64"}}}),
        );
        let whats: Vec<String> =
            compare(&old, &new).into_iter().filter(|c| c.breaking).map(|c| c.what).collect();
        assert!(whats.iter().any(|w| w.contains("`grant_type` optional -> required")), "{whats:?}");
        assert!(whats.iter().any(|w| w.contains("`grant_type` default")), "{whats:?}");
        assert!(whats.iter().any(|w| w.contains("`expires_in` format")), "{whats:?}");
    }

    #[test]
    fn a_rename_names_the_layer_code_that_uses_the_old_names() {
        let old = spec(json!({"type": "object"}), json!({"type": "object"}));
        let mut new = old.clone();
        new["paths"]["/oauth2/token"]["post"]["operationId"] = json!("GetToken");
        let changes = compare(&old, &new);
        let rename = changes.iter().find(|c| c.what.contains("renamed GetToken")).unwrap();
        assert!(rename.breaking);
        let places = touched(&workspace::layer_sources(), &rename.rust);
        assert!(places.iter().any(|p| p.contains("criteo-client/src/endpoint.rs")), "{places:?}");
    }

    #[test]
    fn identical_specs_have_no_changes_and_garbage_does_not_panic() {
        let s = spec(json!({"type": "object"}), json!({"type": "object"}));
        assert!(compare(&s, &s).is_empty());
        for junk in [json!(null), json!([1]), json!({"paths": 3}), json!({"paths": {"/x": {"get": 5}}})] {
            let _ = compare(&junk, &s);
            let _ = compare(&s, &junk);
        }
    }
}

#[cfg(test)]
mod never_panics {
    use criteo_codegen::strategies::json_value;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn compare_and_extract_never_panic(old in json_value(), new in json_value()) {
            let _ = super::compare(&old, &new);
            let _ = crate::import::extract(&new);
        }
    }
}
