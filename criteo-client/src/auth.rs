//! Authenticating other Criteo API calls with a [`TokenProvider`]: the glue for
//! downstream SDK crates (progenitor-generated or hand-written).
//!
//! A progenitor-generated client authenticates with two pieces:
//!
//! 1. the provider as the client's inner type and [`authorize`] as its async pre-hook,
//!    which sets `Authorization: Bearer …` on every request;
//! 2. a `ClientHooks::exec` override calling [`execute_with_refresh`], which on a
//!    `401` drops the refused token, gets a new one and retries the call once, as
//!    Criteo's Java `RetryingOAuth` does.
//!
//! ```
//! # use criteo_client::testing::{FakeCriteo, PROTECTED_PATH};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), criteo_client::Error> {
//! # let fake = FakeCriteo::start().await;
//! let provider = fake.client().token_provider();
//! let http = reqwest::Client::new();
//! let mut request = http.get(format!("{}{PROTECTED_PATH}", fake.base_url())).build().unwrap();
//! criteo_client::auth::authorize(&provider, &mut request).await?;
//! let response = criteo_client::auth::execute_with_refresh(&provider, &http, request).await.unwrap();
//! assert_eq!(response.status(), 200);
//! # Ok(())
//! # }
//! ```

use crate::{Error, TokenProvider};
use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;

/// Sets `Authorization: Bearer <token>` (a sensitive header) from the provider's cache,
/// refreshing it when needed. Use it as progenitor's async pre-hook
/// (`pre_hook_async = criteo_client::auth::authorize`); a failure surfaces as the
/// generated client's `Error::Custom` with this crate's message.
pub async fn authorize(provider: &TokenProvider, request: &mut reqwest::Request) -> Result<(), Error> {
    let token = provider.token().await?;
    request.headers_mut().insert(AUTHORIZATION, token.authorization_header()?);
    Ok(())
}

/// Sends `request`; on `401 Unauthorized`, drops the refused token from the cache (if
/// it is still the cached one), gets a fresh one and sends the request again, once.
///
/// The retry needs a request whose body can be cloned (any in-memory body, as
/// progenitor builds); with a streaming body, or when the refresh itself fails, the
/// original 401 response is returned for the caller to handle.
pub async fn execute_with_refresh(
    provider: &TokenProvider,
    http: &reqwest::Client,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    let retry = request.try_clone();
    let presented = request.headers().get(AUTHORIZATION).cloned();
    let response = http.execute(request).await?;
    if response.status() != StatusCode::UNAUTHORIZED {
        return Ok(response);
    }
    let Some(mut retry) = retry else {
        tracing::debug!("401 with a streaming body: not retried");
        return Ok(response);
    };
    if let Some(presented) = presented {
        provider.invalidate_header(&presented);
    }
    match provider.token().await.and_then(|token| token.authorization_header()) {
        Ok(header) => {
            tracing::debug!(url = %retry.url(), "401: retrying once with a fresh token");
            retry.headers_mut().insert(AUTHORIZATION, header);
            http.execute(retry).await
        }
        Err(error) => {
            tracing::debug!(%error, "401: could not refresh the token; returning the 401");
            Ok(response)
        }
    }
}
