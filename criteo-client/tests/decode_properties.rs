//! Property tests of response decoding: no response a server can send makes it panic,
//! tokens and OAuth errors round-trip, and every `expires_in` has a defined outcome.

use criteo_client::types::{JwtModel, OAuth2Error};
use criteo_client::{Error, OAuthErrorCode, parse_token_response};
use proptest::prelude::*;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::Duration;

fn status() -> impl Strategy<Value = StatusCode> {
    (100u16..=999).prop_map(|s| StatusCode::from_u16(s).unwrap())
}

fn headers() -> impl Strategy<Value = HeaderMap> {
    let name = prop_oneof![Just("content-type"), Just("retry-after"), Just("location"), Just("x-other")];
    prop::collection::vec((name, prop::collection::vec(any::<u8>(), 0..40)), 0..4).prop_map(|pairs| {
        let mut map = HeaderMap::new();
        for (name, bytes) in pairs {
            if let Ok(value) = HeaderValue::from_bytes(&bytes) {
                map.append(HeaderName::from_static(name), value);
            }
        }
        map
    })
}

fn json_field() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        ".{0,30}".prop_map(serde_json::Value::from),
        Just(serde_json::json!([1, "a"])),
        Just(serde_json::json!({"nested": true})),
    ]
}

/// Token-shaped JSON objects with fields of any type, present or not.
fn token_shaped() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        Just("access_token"),
        Just("token_type"),
        Just("expires_in"),
        Just("error"),
        Just("error_description"),
        Just("x")
    ];
    prop::collection::vec((field, json_field()), 0..6).prop_map(|pairs| {
        let map: serde_json::Map<String, serde_json::Value> =
            pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        serde_json::to_vec(&map).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_bytes_never_panic(status in status(), headers in headers(), body in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_token_response(status, &headers, &body);
    }

    #[test]
    fn arbitrary_json_shapes_never_panic(status in status(), headers in headers(), body in token_shaped()) {
        match parse_token_response(status, &headers, &body) {
            Ok(token) => prop_assert!(status.is_success() && !token.access_token().expose_secret().is_empty()),
            Err(err) => prop_assert!(!err.to_string().is_empty()),
        }
    }

    #[test]
    fn tokens_round_trip(
        access in "[!-~]{1,200}",
        bearer in prop_oneof![Just("Bearer"), Just("bearer"), Just("BEARER")],
        expires_in in prop::option::of(0i32..=i32::MAX),
    ) {
        let model = JwtModel { access_token: Some(access.clone()), token_type: Some(bearer.to_owned()), expires_in };
        let body = serde_json::to_vec(&model).unwrap();
        let token = parse_token_response(StatusCode::OK, &HeaderMap::new(), &body).unwrap();
        prop_assert_eq!(token.access_token().expose_secret(), access.as_str());
        prop_assert_eq!(token.token_type(), bearer);
        prop_assert_eq!(token.expires_in(), expires_in.map(|s| Duration::from_secs(s as u64)));
        prop_assert_eq!(token.lifetime(), Duration::from_secs(expires_in.map_or(900, |s| s as u64)));
    }

    #[test]
    fn oauth_errors_round_trip(status in 400u16..=499, code in "[a-z_]{1,30}", description in prop::option::of(".{0,80}")) {
        let model = OAuth2Error { error: code.clone(), error_description: description.clone() };
        let body = serde_json::to_vec(&model).unwrap();
        let err = parse_token_response(StatusCode::from_u16(status).unwrap(), &HeaderMap::new(), &body).unwrap_err();
        match err {
            Error::OAuth { status: got, code: got_code, description: got_description } => {
                prop_assert_eq!(got.as_u16(), status);
                prop_assert_eq!(got_code.as_str(), code.as_str());
                prop_assert_eq!(&got_code, &OAuthErrorCode::from(code.as_str()));
                prop_assert_eq!(got_description, description);
            }
            other => prop_assert!(false, "expected Error::OAuth, got {:?}", other),
        }
    }

    /// 0..=i32::MAX: a token with that lifetime (0 is born expired); negative: an
    /// error; beyond i32 (the spec's int32) or not a number: an error.
    #[test]
    fn every_expires_in_has_a_defined_outcome(expires_in in any::<i64>()) {
        let body = serde_json::json!({"access_token": "t", "expires_in": expires_in}).to_string();
        let result = parse_token_response(StatusCode::OK, &HeaderMap::new(), body.as_bytes());
        match expires_in {
            0 => prop_assert!(result.unwrap().is_expired()),
            1..=0x7fff_ffff => prop_assert_eq!(result.unwrap().lifetime(), Duration::from_secs(expires_in as u64)),
            i64::MIN..=-1 if expires_in >= i64::from(i32::MIN) => {
                prop_assert!(result.unwrap_err().to_string().contains("negative"))
            }
            _ => {
                let invalid = matches!(result, Err(Error::InvalidResponse { .. }));
                prop_assert!(invalid, "{:?}", result);
            }
        }
    }
}

#[test]
fn non_numeric_and_fractional_expires_in_are_invalid_responses() {
    for value in [r#""900""#, "900.5", "true", "null", "[]", "1e3"] {
        let body = format!(r#"{{"access_token":"t","expires_in":{value}}}"#);
        let result = parse_token_response(StatusCode::OK, &HeaderMap::new(), body.as_bytes());
        if value == "null" {
            // null is "omitted": Criteo's 900 s apply.
            assert_eq!(result.unwrap().lifetime(), Duration::from_secs(900));
        } else {
            assert!(matches!(result, Err(Error::InvalidResponse { .. })), "{value}: {result:?}");
        }
    }
}
