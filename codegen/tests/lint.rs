//! The lint and the generation on hostile documents: every problem is one clear
//! message with the JSON path of its node, and nothing panics.

use criteo_codegen::{CodegenError, lint::lint, parse_spec, parse_value};
use serde_json::{Value, json};

/// A valid one-operation document; tests break one part of it.
fn base() -> Value {
    json!({
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {"/oauth2/token": {"post": {
            "operationId": "CreateToken",
            "security": [],
            "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object", "properties": {"client_id": {"type": "string"}}}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/JwtModel"}}}}}
        }}},
        "components": {"schemas": {"JwtModel": {"type": "object", "properties": {
            "access_token": {"type": "string"}, "next": {"$ref": "#/components/schemas/JwtModel"}}}}}
    })
}

fn errors(doc: &Value) -> Vec<String> {
    lint(doc).into_iter().filter(|f| f.is_error()).map(|f| f.to_string()).collect()
}

#[test]
fn the_base_document_is_clean_and_generates() {
    assert_eq!(errors(&base()), Vec::<String>::new());
    let spec = parse_spec(&base().to_string(), "base.json").unwrap();
    // A self-referencing schema (a cycle) generates: typify boxes it.
    let code = criteo_codegen::generate(&spec, "base.json").unwrap();
    assert!(code.contains("pub next: ::std::option::Option<::std::boxed::Box<JwtModel>>"), "{code}");
}

#[test]
fn a_missing_ref_target_is_reported_at_the_ref() {
    let mut doc = base();
    doc["components"]["schemas"]["JwtModel"]["properties"]["next"]["$ref"] =
        json!("#/components/schemas/Gone");
    assert_eq!(
        errors(&doc),
        [
            r##"error at $.components.schemas.JwtModel.properties.next["$ref"]: `#/components/schemas/Gone` points at nothing in this document"##
        ]
    );
}

#[test]
fn several_or_unsupported_request_media_types_are_refused() {
    let mut doc = base();
    let content = &mut doc["paths"]["/oauth2/token"]["post"]["requestBody"]["content"];
    content["application/xml"] = json!({"schema": {"type": "object"}});
    let found = errors(&doc);
    assert!(
        found.iter().any(|e| e
            .contains(r#"$.paths["/oauth2/token"].post.requestBody.content: several request media types"#)),
        "{found:?}"
    );
    assert!(found.iter().any(|e| e.contains("cannot send a `application/xml` body")), "{found:?}");

    let mut doc = base();
    doc["paths"]["/oauth2/token"]["post"]["requestBody"]["content"] =
        json!({"multipart/form-data": {"schema": {"type": "object"}}});
    let found = errors(&doc);
    assert!(found.iter().any(|e| e.contains("cannot send a `multipart/form-data` body")), "{found:?}");
    assert!(found.iter().any(|e| e.contains("RFC 6749")), "{found:?}");
}

#[test]
fn a_token_operation_without_request_body_is_refused() {
    let mut doc = base();
    doc["paths"]["/oauth2/token"]["post"].as_object_mut().unwrap().remove("requestBody");
    assert_eq!(
        errors(&doc),
        [
            r#"error at $.paths["/oauth2/token"].post.requestBody: the token operation has no request body: criteo-client sends client_id, client_secret and grant_type in a form body"#
        ]
    );
}

#[test]
fn layer_requirements_and_progenitor_requirements_are_checked() {
    let mut doc = base();
    doc["paths"]["/oauth2/token"]["post"].as_object_mut().unwrap().remove("operationId");
    doc["components"]["schemas"]["JwtModel"]["properties"].as_object_mut().unwrap().remove("access_token");
    let found = errors(&doc);
    assert!(found.iter().any(|e| e.contains("post.operationId: missing operationId")), "{found:?}");
    assert!(
        found.iter().any(|e| e.contains(".responses.200: the token response has no `access_token`")),
        "{found:?}"
    );

    let doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}});
    let found = errors(&doc);
    assert!(found.iter().any(|e| e.contains("3.1.0 is not supported")), "{found:?}");
    assert!(found.iter().any(|e| e.contains("no `/oauth2/token` path")), "{found:?}");
}

#[test]
fn a_bearer_inherited_by_the_token_operation_is_a_warning() {
    let mut doc = base();
    doc["security"] = json!([{"oauth": []}]);
    doc["paths"]["/oauth2/token"]["post"].as_object_mut().unwrap().remove("security");
    let warnings: Vec<String> =
        lint(&doc).iter().filter(|f| !f.is_error()).map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains("post.security") && w.contains("security: []")),
        "{warnings:?}"
    );
}

#[test]
fn shape_errors_point_at_the_node() {
    let mut doc = base();
    doc["info"] = json!({"title": 5});
    let found = errors(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("error at $.info"), "{found:?}");
}

#[test]
fn parse_spec_reports_every_lint_error_as_one_message_naming_the_file() {
    let mut doc = base();
    doc["paths"]["/oauth2/token"]["post"].as_object_mut().unwrap().remove("requestBody");
    let err = parse_spec(&doc.to_string(), "broken.yaml").unwrap_err();
    assert!(matches!(err, CodegenError::Lint { .. }));
    let text = err.to_string();
    assert!(text.starts_with("broken.yaml: error at $.paths"), "{text}");
    assert!(!text.contains('\n'), "one line: {text}");
}

#[test]
fn syntax_errors_name_the_file_and_position() {
    let err = parse_value("openapi: 3.0.1\ninfo: [\n", "bad.yaml").unwrap_err().to_string();
    assert!(err.starts_with("bad.yaml: not a valid OpenAPI 3.0 document"), "{err}");
    let err = parse_value("{\"openapi\": ", "bad.json").unwrap_err().to_string();
    assert!(err.contains("bad.json") && err.contains("line 1"), "{err}");
}

#[test]
fn the_full_criteo_documents_lint_without_panicking() {
    for name in ["retailmedia_2020-10.json", "marketingsolutions_2023-01.json"] {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/criteo-specs").join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipping {name}: ../shared/criteo-specs is not beside the repository");
            continue;
        };
        // The full documents are linted without panicking; whatever they hold beyond
        // the token operation is reported, not fatal to the linter.
        let findings = lint(&parse_value(&text, name).unwrap());
        assert!(findings.iter().all(|f| f.path.starts_with('$')), "{name}");
    }
}
