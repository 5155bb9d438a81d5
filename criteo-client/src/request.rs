//! Where the token request is built: the form body from the generated
//! `CreateTokenBody`, and the headers from the spec's operation metadata.

use crate::{Credentials, Error};
use criteo_marketing_transition::{operations::CREATE_TOKEN, types::CreateTokenBody};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, USER_AGENT};
use std::sync::LazyLock;
use std::time::Duration;
use url::Url;
use zeroize::{Zeroize, Zeroizing};

/// The `User-Agent` of every request: `criteo-client/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("criteo-client/", env!("CARGO_PKG_VERSION"));

/// The `grant_type` the spec declares as default (`client_credentials`), read from the
/// generated type so that it follows `openapi.yaml`.
pub(crate) fn default_grant_type() -> String {
    CreateTokenBody::default().grant_type
}

/// `client_id=…&client_secret=…&grant_type=…`, encoded by serde_urlencoded from the
/// generated body type. The copy of the secret that type needs is wiped before return.
pub(crate) fn form_body(credentials: &Credentials, grant_type: &str) -> Result<Zeroizing<String>, Error> {
    let mut body = CreateTokenBody {
        client_id: Some(credentials.client_id().to_owned()),
        client_secret: Some(credentials.client_secret().expose_secret().to_owned()),
        grant_type: grant_type.to_owned(),
    };
    let encoded = serde_urlencoded::to_string(&body);
    if let Some(secret) = body.client_secret.as_mut() {
        secret.zeroize();
    }
    // serde_urlencoded fails only on shapes the struct cannot have; say so plainly.
    encoded.map(Zeroizing::new).map_err(|_| Error::config("the token request body could not be form-encoded"))
}

/// The form body as reqwest holds it: wiped when reqwest drops the request (hyper may
/// still copy it into its own write buffer, which is not).
struct WipedOnDrop(Zeroizing<Vec<u8>>);

impl AsRef<[u8]> for WipedOnDrop {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The `Accept` header: every media type the spec lists for the 200 response, in the
/// spec's order (`text/plain, application/json, text/json`), since Criteo may label the
/// same JSON with any of them. Built once.
pub(crate) fn accept_header() -> HeaderValue {
    static ACCEPT_VALUE: LazyLock<HeaderValue> = LazyLock::new(|| {
        let joined = CREATE_TOKEN.success_media_types.join(", ");
        HeaderValue::from_str(&joined).unwrap_or(HeaderValue::from_static("application/json"))
    });
    ACCEPT_VALUE.clone()
}

/// The whole request. Only the headers the spec defines are sent, plus `User-Agent`;
/// progenitor's `api-version` header is not (Criteo does not define it).
pub(crate) fn build(
    http: &reqwest::Client,
    url: &Url,
    user_agent: &HeaderValue,
    credentials: &Credentials,
    grant_type: &str,
    timeout: Duration,
) -> Result<reqwest::Request, Error> {
    static CONTENT_TYPE_VALUE: LazyLock<HeaderValue> = LazyLock::new(|| {
        let spec = CREATE_TOKEN.request_media_types.first().copied().unwrap_or_default();
        HeaderValue::from_str(spec).unwrap_or(HeaderValue::from_static("application/x-www-form-urlencoded"))
    });
    let body = form_body(credentials, grant_type)?;
    http.post(url.clone())
        .header(CONTENT_TYPE, CONTENT_TYPE_VALUE.clone())
        .header(ACCEPT, accept_header())
        .header(USER_AGENT, user_agent.clone())
        .timeout(timeout)
        .body(bytes::Bytes::from_owner(WipedOnDrop(Zeroizing::new(body.as_bytes().to_vec()))))
        .build()
        .map_err(Error::transport)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_default_grant_type_is_client_credentials() {
        assert_eq!(default_grant_type(), "client_credentials");
    }

    #[test]
    fn the_form_body_encodes_reserved_and_non_ascii_characters() {
        let creds = Credentials::new("id 1", "a b&c=d+e%f/g?h#i é");
        let body = form_body(&creds, "client_credentials").unwrap();
        assert_eq!(
            body.as_str(),
            "client_id=id+1&client_secret=a+b%26c%3Dd%2Be%25f%2Fg%3Fh%23i+%C3%A9&grant_type=client_credentials"
        );
    }

    #[test]
    fn accept_lists_the_three_media_types_of_the_spec() {
        assert_eq!(accept_header(), "text/plain, application/json, text/json");
    }
}
