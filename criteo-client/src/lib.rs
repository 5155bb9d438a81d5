//! Authentication for Criteo's APIs: OAuth 2.0 client-credentials tokens from
//! `POST https://api.criteo.com/oauth2/token`, with secrets that never leak.
//!
//! This is the hand-written layer over [`criteo_marketing_transition`], the crate that
//! progenitor generates from `openapi.yaml`. It is the Rust counterpart of the Python
//! SDK's `OAuthApi.create_token(client_id, client_secret, grant_type='client_credentials')`,
//! and adds what users of a token endpoint need:
//!
//! - [`CriteoClient`]: a builder with safe defaults (HTTPS only, timeouts, a bounded
//!   response size, retries of transient failures, redirects never followed), one
//!   shared connection pool, cheap `Clone`;
//! - [`Token`], [`AccessToken`], [`ClientSecret`]: secrets that show as `[REDACTED]`
//!   in `Debug`/`Display` and are zeroized on drop;
//! - [`Error`]: one error type, with the server's OAuth error code as
//!   [`OAuthErrorCode`], whose messages say what to check;
//! - [`testing::FakeCriteo`] (feature `testing`): a fake endpoint on loopback.
//!
//! # Getting a token
//!
//! ```
//! use criteo_client::CriteoClient;
//! # use criteo_client::testing::FakeCriteo;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), criteo_client::Error> {
//! # let fake = FakeCriteo::start().await;
//! # unsafe {
//! #     std::env::set_var("CRITEO_CLIENT_ID", fake.client_id());
//! #     std::env::set_var("CRITEO_CLIENT_SECRET", fake.client_secret());
//! #     std::env::set_var("CRITEO_BASE_URL", fake.base_url());
//! # }
//! // CRITEO_CLIENT_ID, CRITEO_CLIENT_SECRET (and optionally CRITEO_BASE_URL)
//! let client = CriteoClient::from_env()?;
//! let token = client.create_token().await?;
//! println!("{} token, valid {:?}", token.token_type(), token.lifetime());
//! // The value, for an Authorization header (marked sensitive for reqwest/hyper):
//! let header = token.authorization_header()?;
//! # assert!(header.is_sensitive());
//! # Ok(())
//! # }
//! ```
//!
//! # Errors
//!
//! ```
//! use criteo_client::{CriteoClient, Credentials, Error, OAuthErrorCode};
//! # use criteo_client::testing::FakeCriteo;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! # let fake = FakeCriteo::start().await;
//! let client = CriteoClient::builder()
//!     .base_url(fake.base_url())
//!     .credentials(Credentials::new("who", "wrong-secret"))
//!     .build()
//!     .unwrap();
//! match client.create_token().await {
//!     Err(Error::OAuth { code: OAuthErrorCode::InvalidClient, .. }) => { /* fix credentials */ }
//!     other => panic!("unexpected: {other:?}"),
//! }
//! # }
//! ```
//!
//! # Using criteo-client from your own SDK crate
//!
//! A progenitor-generated client authenticates with the [`TokenProvider`] as its inner
//! type, [`auth::authorize`] as its async pre-hook and [`auth::execute_with_refresh`] in
//! a `ClientHooks::exec` override (a 401 refreshes the token once and retries the
//! call): see [`auth`] for the glue, line for line, as a tested example. Hand-written
//! clients on reqwest-middleware use `middleware::AuthMiddleware` (feature
//! `middleware`); tests use `testing::FakeCriteo` (feature `testing`).
//!
//! # What the layer changes from the generated client
//!
//! The request is built from the generated [`types::CreateTokenBody`] and the spec's
//! [`operations::CREATE_TOKEN`] metadata, and decoded into the generated
//! [`types::JwtModel`] / [`types::OAuth2Error`]; but it is sent by this crate rather than
//! by progenitor's `Client::create_token`, because that method cannot be made safe
//! from outside: it reads bodies without a limit, sends `api-version` (not a Criteo
//! header) and `Accept: application/json` only, and its error keeps raw bodies.
#![deny(missing_docs)]
#![warn(clippy::unwrap_used)]

pub mod auth;
mod builder;
mod client;
mod config;
mod credentials;
mod endpoint;
mod error;
#[cfg(feature = "middleware")]
pub mod middleware;
mod provider;
mod request;
mod response;
mod retry;
mod secret;
#[cfg(feature = "testing")]
pub mod testing;
mod token;

pub use builder::CriteoClientBuilder;
pub use client::CriteoClient;
pub use config::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT, RetryPolicy};
pub use credentials::{Credentials, ENV_BASE_URL, ENV_CLIENT_ID, ENV_CLIENT_SECRET};
pub use endpoint::DEFAULT_BASE_URL;
pub use error::{Error, OAuthErrorCode};
pub use provider::{BoxFuture, DEFAULT_REFRESH_MARGIN, TokenProvider, TokenProviderBuilder, TokenSource};
pub use request::DEFAULT_USER_AGENT;
pub use response::parse_token_response;
pub use secret::{AccessToken, ClientSecret};
pub use token::{DEFAULT_TOKEN_LIFETIME, Token};

/// The generated crate, whole (for its raw `Client` and anything not re-exported).
pub use criteo_marketing_transition as generated;
/// The spec's operation metadata (method, path, media types).
pub use criteo_marketing_transition::operations;
/// The generated request and response types (`CreateTokenBody`, `JwtModel`,
/// `OAuth2Error`).
pub use criteo_marketing_transition::types;

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
