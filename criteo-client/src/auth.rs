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
//! The glue, line for line (here with progenitor's macro; a `build.rs` sets the same two
//! things with `GenerationSettings::with_inner_type` and `with_pre_hook_async`):
//!
//! ```
//! mod advertisers {
//!     progenitor::generate_api!(
//!         spec = "../tests/fixtures/advertisers-me.yaml",
//!         interface = Builder,
//!         inner_type = criteo_client::TokenProvider,
//!         pre_hook_async = criteo_client::auth::authorize,
//!     );
//!
//!     impl progenitor_client::ClientHooks<criteo_client::TokenProvider> for Client {
//!         async fn exec(
//!             &self,
//!             request: reqwest::Request,
//!             _info: &progenitor_client::OperationInfo,
//!         ) -> reqwest::Result<reqwest::Response> {
//!             use progenitor_client::ClientInfo;
//!             criteo_client::auth::execute_with_refresh(self.inner(), self.client(), request).await
//!         }
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! # let fake = criteo_client::testing::FakeCriteo::start().await;
//! let auth = fake.client(); // your CriteoClient
//! let api = advertisers::Client::new_with_client(&fake.base_url(), auth.http_client().clone(), auth.token_provider());
//! assert_eq!(api.get_advertisers_me().send().await.unwrap().status(), 200);
//! fake.expire_all_tokens(); // the next call gets a 401, refreshes once and succeeds
//! assert_eq!(api.get_advertisers_me().send().await.unwrap().status(), 200);
//! # assert_eq!(fake.token_requests(), 2);
//! # }
//! ```
//!
//! Without progenitor, the two functions work on any `reqwest::Request`:
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
