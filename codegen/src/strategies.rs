//! proptest generators (feature `strategies`), shared by the never-panic tests of this
//! crate and of xtask.

use proptest::prelude::*;
use serde_json::Value;

/// Arbitrary JSON, biased towards OpenAPI's keys so that deep checks are reached.
pub fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("openapi".to_owned()),
        Just("paths".to_owned()),
        Just("/oauth2/token".to_owned()),
        Just("post".to_owned()),
        Just("requestBody".to_owned()),
        Just("content".to_owned()),
        Just("responses".to_owned()),
        Just("200".to_owned()),
        Just("schema".to_owned()),
        Just("$ref".to_owned()),
        Just("properties".to_owned()),
        Just("components".to_owned()),
        "[a-z/#~%{}0-9]{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![
            Just("3.0.1".to_owned()),
            Just("#/components/schemas/A".to_owned()),
            Just("#/".to_owned()),
            ".{0,20}"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}
