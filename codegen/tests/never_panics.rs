//! Whatever the input, the lint and the parsers return findings or errors; they never
//! panic.

use criteo_codegen::strategies::json_value;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn lint_never_panics(doc in json_value()) {
        for finding in criteo_codegen::lint::lint(&doc) {
            prop_assert!(finding.path.starts_with('$'));
        }
    }

    #[test]
    fn parsing_any_text_never_panics(text in ".{0,200}") {
        let _ = criteo_codegen::parse_spec(&text, "fuzz.yaml");
    }

    #[test]
    fn parsing_and_generating_any_json_document_never_panics(doc in json_value()) {
        if let Ok(spec) = criteo_codegen::parse_spec(&doc.to_string(), "fuzz.json") {
            let _ = criteo_codegen::generate(&spec, "fuzz.json");
        }
    }
}
