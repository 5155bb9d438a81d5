//! Where a token response is read (bounded) and mapped to a [`Token`] or an [`Error`].

use crate::{AccessToken, Error, OAuthErrorCode, Token};
use bytes::BytesMut;
use criteo_marketing_transition::types::{JwtModel, OAuth2Error};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, LOCATION, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// Reads the body, at most `limit` bytes: a `Content-Length` over the limit fails before
/// reading, and a body that grows past it fails as soon as it does, so a server that
/// streams forever costs at most `limit` bytes of memory.
pub(crate) async fn read_bounded(mut response: reqwest::Response, limit: usize) -> Result<BytesMut, Error> {
    if response.content_length().is_some_and(|len| len > limit as u64) {
        return Err(Error::ResponseTooLarge { limit });
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
        if body.len() + chunk.len() > limit {
            return Err(Error::ResponseTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Turns a token endpoint's answer into a [`Token`] or a typed [`Error`].
///
/// This is the decoding `CriteoClient::create_token` uses, public for SDKs that send the
/// request themselves. It never panics, whatever the input, and never copies the body
/// into an error.
///
/// - 2xx: the body must be a `JwtModel` in JSON, whatever the `Content-Type` says
///   (Criteo labels it `application/json`, `text/plain` or `text/json`), with a
///   non-empty `access_token` made of visible ASCII. `token_type` defaults to
///   `Bearer` and must be `Bearer` (any case). `expires_in` missing: 900 s assumed;
///   0: the token is already expired; negative: an error.
/// - 3xx: [`Error::Redirected`] (never followed).
/// - 4xx with an OAuth error body (`{"error": …}`): [`Error::OAuth`].
/// - anything else: [`Error::Http`], with `Retry-After` when given.
///
/// ```
/// use criteo_client::{parse_token_response, Error, OAuthErrorCode};
/// use reqwest::{StatusCode, header::HeaderMap};
///
/// let body = br#"{"access_token":"abc","token_type":"Bearer","expires_in":900}"#;
/// let token = parse_token_response(StatusCode::OK, &HeaderMap::new(), body).unwrap();
/// assert_eq!(token.lifetime().as_secs(), 900);
///
/// let body = br#"{"error":"invalid_client"}"#;
/// let err = parse_token_response(StatusCode::UNAUTHORIZED, &HeaderMap::new(), body).unwrap_err();
/// assert_eq!(err.oauth_code(), Some(&OAuthErrorCode::InvalidClient));
/// ```
pub fn parse_token_response(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<Token, Error> {
    if status.is_success() {
        return parse_token(status, body);
    }
    if status.is_redirection() {
        let location = headers.get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("<none>").to_owned();
        return Err(Error::Redirected { status, location });
    }
    if status.is_client_error()
        && let Ok(oauth) = serde_json::from_slice::<OAuth2Error>(body)
    {
        return Err(Error::OAuth {
            status,
            code: OAuthErrorCode::from(oauth.error.as_str()),
            description: oauth.error_description,
        });
    }
    Err(Error::Http {
        status,
        content_type: headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned),
        retry_after: retry_after(headers),
    })
}

fn parse_token(status: StatusCode, body: &[u8]) -> Result<Token, Error> {
    let model: JwtModel =
        serde_json::from_slice(body).map_err(|e| Error::invalid_response(status, describe_json_error(&e)))?;
    let access_token = match model.access_token {
        Some(token) if !token.is_empty() => token,
        _ => return Err(Error::invalid_response(status, "it has no access_token")),
    };
    if !access_token.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(Error::invalid_response(
            status,
            "the access_token has characters a bearer token cannot have (space, control or non-ASCII)",
        ));
    }
    let token_type = model.token_type.unwrap_or_else(|| "Bearer".to_owned());
    if !token_type.eq_ignore_ascii_case("bearer") {
        // The value is not echoed: a confused server may put anything there.
        return Err(Error::invalid_response(status, "token_type is not Bearer, the only type supported"));
    }
    let expires_in = match model.expires_in {
        None => None,
        Some(seconds) => match u64::try_from(seconds) {
            Ok(seconds) => Some(Duration::from_secs(seconds)),
            Err(_) => {
                return Err(Error::invalid_response(status, format!("expires_in is negative ({seconds})")));
            }
        },
    };
    Ok(Token::new(AccessToken::new(access_token), token_type, expires_in))
}

/// serde_json's category and position only: its messages can quote parts of the body,
/// which may hold the token.
fn describe_json_error(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match error.classify() {
        Category::Io => "it could not be read",
        Category::Syntax => "it is not valid JSON",
        Category::Data => "it is JSON but not a token response (a field is missing or has the wrong type)",
        Category::Eof => "it ends before the JSON does (truncated or empty)",
    };
    format!("{what} (line {}, column {})", error.line(), error.column())
}

/// `Retry-After` as seconds or an HTTP date; a date in the past is zero.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn ok(body: &str) -> Result<Token, Error> {
        parse_token_response(StatusCode::OK, &HeaderMap::new(), body.as_bytes())
    }

    #[test]
    fn expires_in_has_defined_outcomes() {
        assert_eq!(ok(r#"{"access_token":"t"}"#).unwrap().lifetime(), Duration::from_secs(900));
        assert!(ok(r#"{"access_token":"t"}"#).unwrap().expires_in().is_none());
        assert!(ok(r#"{"access_token":"t","expires_in":0}"#).unwrap().is_expired());
        let neg = ok(r#"{"access_token":"t","expires_in":-5}"#).unwrap_err().to_string();
        assert!(neg.contains("negative"), "{neg}");
        assert!(ok(r#"{"access_token":"t","expires_in":99999999999}"#).is_err());
        assert!(ok(r#"{"access_token":"t","expires_in":"900"}"#).is_err());
        let huge = ok(r#"{"access_token":"t","expires_in":2147483647}"#).unwrap();
        assert!(!huge.is_expired());
    }

    #[test]
    fn json_errors_never_quote_the_body() {
        let err = ok(r#"{"access_token":"SECRET-TOKEN","expires_in":"SECRET-TOKEN"}"#).unwrap_err();
        assert!(!format!("{err} {err:?}").contains("SECRET-TOKEN"), "{err:?}");
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let got = retry_after(&headers).unwrap();
        assert!(got <= Duration::from_secs(120) && got >= Duration::from_secs(115), "{got:?}");
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}
