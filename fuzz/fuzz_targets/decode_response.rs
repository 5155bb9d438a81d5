//! Fuzzes the decoding of a token endpoint's answer: status, headers and body from
//! arbitrary bytes. Run with `cargo xtask fuzz --seconds N`.
#![no_main]

use criteo_client::parse_token_response;
use libfuzzer_sys::fuzz_target;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

const HEADER_NAMES: [&str; 4] = ["content-type", "retry-after", "location", "content-length"];

fuzz_target!(|data: &[u8]| {
    // [status lo, status hi, header count, (name index, value length, value…)…, body…]
    let Some((&[lo, hi, count], mut rest)) = data.split_first_chunk::<3>() else { return };
    let status = StatusCode::from_u16(100 + u16::from_le_bytes([lo, hi]) % 900).expect("100..=999 is valid");
    let mut headers = HeaderMap::new();
    for _ in 0..count % 4 {
        let Some((&[name, len], tail)) = rest.split_first_chunk::<2>() else { break };
        let len = usize::from(len).min(tail.len());
        if let Ok(value) = HeaderValue::from_bytes(&tail[..len]) {
            headers.append(HeaderName::from_static(HEADER_NAMES[usize::from(name) % 4]), value);
        }
        rest = &tail[len..];
    }
    if let Err(error) = parse_token_response(status, &headers, rest) {
        // Display and Debug must not panic either.
        let _ = format!("{error} {error:?}");
    }
});
