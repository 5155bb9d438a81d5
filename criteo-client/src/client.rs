//! `CriteoClient`: one shared configuration and connection pool, cheap to clone.

use crate::{Credentials, CriteoClientBuilder, Error, RetryPolicy, Token, request, response, retry};
use reqwest::header::{HeaderMap, HeaderValue};
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument;
use url::Url;

/// A client for Criteo's token endpoint.
///
/// Cloning is cheap (one reference count): clones share the configuration and the
/// HTTP connection pool.
///
/// ```
/// use criteo_client::{CriteoClient, Credentials};
/// use criteo_client::testing::FakeCriteo;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), criteo_client::Error> {
/// let fake = FakeCriteo::start().await; // a loopback stand-in for api.criteo.com
/// let client = CriteoClient::builder()
///     .base_url(fake.base_url())
///     .credentials(Credentials::new(fake.client_id(), fake.client_secret()))
///     .build()?;
/// let token = client.create_token().await?;
/// assert_eq!(token.token_type(), "Bearer");
/// assert_eq!(token.lifetime().as_secs(), 900);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct CriteoClient {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) token_url: Url,
    pub(crate) user_agent: HeaderValue,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) grant_type: String,
    pub(crate) request_timeout: Duration,
    pub(crate) max_response_bytes: usize,
    pub(crate) retry: RetryPolicy,
}

impl CriteoClient {
    /// A builder with safe defaults.
    pub fn builder() -> CriteoClientBuilder {
        CriteoClientBuilder::default()
    }

    /// A client configured from `CRITEO_CLIENT_ID`, `CRITEO_CLIENT_SECRET` and
    /// `CRITEO_BASE_URL`, defaults for everything else.
    pub fn from_env() -> Result<Self, Error> {
        Self::builder().from_env().build()
    }

    /// The full token URL, `<base>/oauth2/token`.
    pub fn token_url(&self) -> &Url {
        &self.inner.token_url
    }

    /// The configured credentials, if any.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.inner.credentials.as_ref()
    }

    /// The shared HTTP client (for downstream crates that call other Criteo APIs with
    /// the same connection pool).
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Asks the token endpoint for a new token with the configured credentials
    /// (`grant_type=client_credentials` unless the builder set another), retrying
    /// transient failures per the [`RetryPolicy`].
    ///
    /// Each call sends a request: use [`CriteoClient::token_provider`] to cache.
    pub async fn create_token(&self) -> Result<Token, Error> {
        let credentials = self.inner.credentials.as_ref().ok_or_else(|| {
            Error::config(
                "no credentials: set CRITEO_CLIENT_ID and CRITEO_CLIENT_SECRET, or call credentials() on the builder",
            )
        })?;
        self.create_token_with(credentials).await
    }

    /// Like [`create_token`](Self::create_token), with other credentials (the Python
    /// SDK's `create_token(client_id, client_secret)`).
    pub async fn create_token_with(&self, credentials: &Credentials) -> Result<Token, Error> {
        let span = tracing::debug_span!("criteo.create_token", url = %self.inner.token_url, client_id = credentials.client_id());
        retry::run(&self.inner.retry, |left| self.attempt(credentials, left)).instrument(span).await
    }

    /// One request and its response, bounded by the request timeout and the time left.
    ///
    /// reqwest's per-request timeout covers connecting, sending and reading the whole
    /// body, so it is the one bound needed here (also with a caller-supplied client).
    async fn attempt(&self, credentials: &Credentials, left: Duration) -> Result<Token, Error> {
        let inner = &self.inner;
        let bound = inner.request_timeout.min(left);
        let timed_out = |error: Error| match error {
            Error::Transport { source } if source.is_timeout() => Error::Timeout { after: bound },
            other => other,
        };
        let request = request::build(
            &inner.http,
            &inner.token_url,
            &inner.user_agent,
            credentials,
            &inner.grant_type,
            bound,
        )?;
        let response = inner.http.execute(request).await.map_err(|e| timed_out(Error::transport(e)))?;
        if response.url() != &inner.token_url {
            return Err(Error::Redirected {
                status: response.status(),
                location: response.url().to_string(),
            });
        }
        let status = response.status();
        // Only error answers need their headers (Retry-After, Location, Content-Type).
        let headers = if status.is_success() { HeaderMap::new() } else { response.headers().clone() };
        let mut body = response::read_bounded(response, inner.max_response_bytes).await.map_err(timed_out)?;
        let outcome = response::parse_token_response(status, &headers, &body);
        tracing::debug!(%status, bytes = body.len(), ok = outcome.is_ok(), "token endpoint answered");
        // The body held the access token in clear: wipe it before it is freed.
        zeroize::Zeroize::zeroize(body.as_mut());
        outcome
    }
}
