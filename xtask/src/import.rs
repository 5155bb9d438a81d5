//! `cargo xtask spec import FILE`: keep `/oauth2/token` and exactly what it references
//! (transitively) from a full Criteo OpenAPI document, in the repository's style.

use crate::{codegen, report, step::timed, workspace};
use anyhow::{Context, bail};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

const TOKEN_PATH: &str = criteo_codegen::lint::TOKEN_PATH;
/// Top-level keys kept, in this order.
const TOP_ORDER: &[&str] = &["openapi", "info", "servers", "tags", "paths", "components", "security"];
const COMPONENT_ORDER: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

pub fn run(file: &Path, dry_run: bool) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let document = timed(&format!("reading {name}"), || -> anyhow::Result<Value> {
        let text = criteo_codegen::read_text(file)?;
        Ok(criteo_codegen::parse_value(&text, &name)?)
    })?;
    let imported = timed("keeping /oauth2/token and the components it references", || extract(&document))
        .with_context(|| format!("cannot import {name}"))?;
    let yaml = format!(
        "# Imported with `cargo xtask spec import {}`: /oauth2/token and the components it\n\
         # references, normalised (sorted components, LF line ends, `security: []` on the\n\
         # token operation, which needs no bearer).\n{}",
        file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
        serde_yaml_ng::to_string(&imported).context("cannot write YAML")?
    );
    let findings = timed("linting the result", || criteo_codegen::lint::lint(&imported));
    for finding in &findings {
        println!("openapi.yaml: {finding}");
    }
    if findings.iter().any(|f| f.is_error()) {
        bail!(
            "the imported document cannot be generated or served (see the errors above); openapi.yaml is unchanged"
        );
    }
    let spec_path = workspace::spec_path();
    let old = std::fs::read_to_string(&spec_path).unwrap_or_default();
    if dry_run {
        println!("{yaml}");
    } else {
        timed("writing openapi.yaml", || codegen::write(&spec_path, &yaml))?;
        codegen::run(false)?;
    }
    report::print(&old, &yaml, "the previous openapi.yaml", "the import")?;
    Ok(ExitCode::SUCCESS)
}

/// The one-path document.
pub fn extract(document: &Value) -> anyhow::Result<Value> {
    let Some(top) = document.as_object() else { bail!("the document is not an object") };
    let Some(item) = top.get("paths").and_then(|p| p.get(TOKEN_PATH)) else {
        bail!(
            "the document has no `{TOKEN_PATH}` path (later Criteo documents keep only the `oauth` security scheme); \
             nothing to import"
        )
    };
    let mut item = item.clone();
    if let Some(post) = item.get_mut("post").and_then(Value::as_object_mut) {
        post.entry("security").or_insert(json!([]));
    }

    // The components reachable from the path item, and the security schemes in use.
    let mut wanted: BTreeSet<(String, String)> = BTreeSet::new();
    let mut queue = refs_in(&item);
    if let Some(security) = top.get("security").and_then(Value::as_array) {
        for requirement in security.iter().filter_map(Value::as_object) {
            queue.extend(requirement.keys().map(|k| format!("#/components/securitySchemes/{k}")));
        }
    }
    while let Some(reference) = queue.pop() {
        let Some(rest) = reference.strip_prefix("#/components/") else {
            bail!("`{reference}` is not a #/components/… reference; only those are supported");
        };
        let Some((kind, name)) = rest.split_once('/') else { bail!("`{reference}` is malformed") };
        if !wanted.insert((kind.to_owned(), name.to_owned())) {
            continue; // seen: cycles end here
        }
        let Some(target) = top.get("components").and_then(|c| c.get(kind)).and_then(|k| k.get(name)) else {
            bail!("`{reference}` is referenced but not defined in the document");
        };
        queue.extend(refs_in(target));
    }

    let mut components = Map::new();
    for kind in COMPONENT_ORDER {
        let mut names: Vec<&String> = wanted.iter().filter(|(k, _)| k == kind).map(|(_, n)| n).collect();
        names.sort();
        if names.is_empty() {
            continue;
        }
        let mut section = Map::new();
        for name in names {
            if let Some(v) =
                top.get("components").and_then(|c| c.get(*kind)).and_then(|k| k.get(name.as_str()))
            {
                section.insert(name.clone(), v.clone());
            }
        }
        components.insert((*kind).to_owned(), Value::Object(section));
    }

    let used_tags: BTreeSet<&str> = item
        .as_object()
        .into_iter()
        .flat_map(|ops| ops.values())
        .filter_map(|op| op.get("tags").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let tags: Vec<Value> = used_tags
        .iter()
        .map(|tag| {
            top.get("tags")
                .and_then(Value::as_array)
                .and_then(|all| all.iter().find(|t| t.get("name").and_then(Value::as_str) == Some(tag)))
                .cloned()
                .unwrap_or_else(|| json!({ "name": tag }))
        })
        .collect();

    let mut out = Map::new();
    for key in TOP_ORDER {
        let value = match *key {
            "paths" => json!({ TOKEN_PATH: item.clone() }),
            "components" => Value::Object(components.clone()),
            "tags" if !tags.is_empty() => Value::Array(tags.clone()),
            "servers" => {
                top.get("servers").cloned().unwrap_or_else(|| json!([{ "url": "https://api.criteo.com" }]))
            }
            other => match top.get(other) {
                Some(v) => v.clone(),
                None => continue,
            },
        };
        out.insert((*key).to_owned(), value);
    }
    Ok(normalise_text(Value::Object(out)))
}

/// Every `$ref` string under `node`.
fn refs_in(node: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                    found.push(r.to_owned());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

/// CRLF line ends in descriptions (Criteo's documents have them) become LF.
fn normalise_text(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(s.replace("\r\n", "\n")),
        Value::Array(items) => Value::Array(items.into_iter().map(normalise_text).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, normalise_text(v))).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_followed_transitively_and_cycles_end() {
        let doc = json!({
            "openapi": "3.0.1", "info": {"title": "t", "version": "1"},
            "paths": {
                "/oauth2/token": {"post": {"operationId": "T", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
                "/other": {"get": {"operationId": "O", "responses": {}}}
            },
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
                "Unused": {"type": "string"}
            }}
        });
        let out = extract(&doc).unwrap();
        assert_eq!(out["paths"].as_object().unwrap().len(), 1);
        let schemas: Vec<&String> = out["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(schemas, ["A", "B"]);
        assert_eq!(out["paths"]["/oauth2/token"]["post"]["security"], json!([]));
    }

    #[test]
    fn a_missing_target_or_path_is_a_clear_error() {
        let doc = json!({"openapi": "3.0.1", "paths": {"/oauth2/token": {"post": {"requestBody": {"$ref": "#/components/requestBodies/Gone"}}}}});
        let err = extract(&doc).unwrap_err().to_string();
        assert!(err.contains("#/components/requestBodies/Gone") && err.contains("not defined"), "{err}");
        let err = extract(&json!({"openapi": "3.0.1", "paths": {}})).unwrap_err().to_string();
        assert!(err.contains("no `/oauth2/token`"), "{err}");
        assert!(extract(&json!([1, 2])).is_err());
    }
}

#[cfg(test)]
mod real_documents {
    use super::*;
    use crate::report;

    /// The two Criteo documents beside the repository (`../shared/criteo-specs`), when
    /// this checkout has them.
    fn document(name: &str) -> Option<Value> {
        let path = workspace::root().join("../shared/criteo-specs").join(name);
        let text = std::fs::read_to_string(path).ok()?;
        Some(criteo_codegen::parse_value(&text, name).unwrap())
    }

    fn current_spec() -> Value {
        let text = std::fs::read_to_string(workspace::spec_path()).unwrap();
        criteo_codegen::parse_value(&text, "openapi.yaml").unwrap()
    }

    #[test]
    fn importing_each_criteo_document_yields_one_path_that_lints_and_generates() {
        for name in ["retailmedia_2020-10.json", "marketingsolutions_2023-01.json"] {
            let Some(doc) = document(name) else {
                eprintln!("skipping {name}: ../shared/criteo-specs is not beside the repository");
                continue;
            };
            let imported = extract(&doc).unwrap();
            assert_eq!(imported["paths"].as_object().unwrap().len(), 1, "{name}");
            let errors: Vec<_> =
                criteo_codegen::lint::lint(&imported).into_iter().filter(|f| f.is_error()).collect();
            assert!(errors.is_empty(), "{name}: {errors:?}");
            let spec = criteo_codegen::parse_spec(&imported.to_string(), name).unwrap();
            criteo_codegen::generate(&spec, name).unwrap();
        }
    }

    #[test]
    fn the_2020_document_is_this_operation_and_the_2023_one_is_labelled_breaking() {
        let (Some(old_generation), Some(new_generation)) =
            (document("retailmedia_2020-10.json"), document("marketingsolutions_2023-01.json"))
        else {
            eprintln!("skipping: ../shared/criteo-specs is not beside the repository");
            return;
        };
        let ours = current_spec();
        let same = report::compare(&ours, &extract(&old_generation).unwrap());
        assert!(same.iter().all(|c| !c.breaking), "{same:?}");

        let changes = report::compare(&ours, &extract(&new_generation).unwrap());
        let breaking: Vec<&str> = changes.iter().filter(|c| c.breaking).map(|c| c.what.as_str()).collect();
        for expected in [
            "operation CreateToken renamed GetToken",
            "field `client_secret` optional -> required",
            "response 200 of GetToken changed type: JwtModel -> AccessTokenModel",
            "schema JwtModel removed",
        ] {
            assert!(breaking.iter().any(|w| w.contains(expected)), "missing {expected:?} in {breaking:?}");
        }
        // Each breaking change names the layer code that no longer compiles.
        let rename = changes.iter().find(|c| c.what.contains("renamed GetToken")).unwrap();
        let places = report::touched(&workspace::layer_sources(), &rename.rust);
        for file in ["endpoint.rs", "request.rs"] {
            assert!(places.iter().any(|p| p.contains(file)), "{file} not named: {places:?}");
        }
        let jwt = changes.iter().find(|c| c.what.contains("schema JwtModel removed")).unwrap();
        assert!(
            report::touched(&workspace::layer_sources(), &jwt.rust).iter().any(|p| p.contains("response.rs"))
        );
    }
}
