//! `CriteoClient::builder()`: every setting, with safe defaults.

use crate::config::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT};
use crate::credentials::{ENV_BASE_URL, read_env};
use crate::request::{DEFAULT_USER_AGENT, default_grant_type};
use crate::{Credentials, CriteoClient, DEFAULT_BASE_URL, Error, RetryPolicy, client::Inner, endpoint};
use reqwest::header::HeaderValue;
use std::sync::Arc;
use std::time::Duration;

/// Builds a [`CriteoClient`]. Every setting has a safe default:
///
/// | setting | default |
/// |---|---|
/// | base URL | `https://api.criteo.com` (`CRITEO_BASE_URL` with [`from_env`](Self::from_env)) |
/// | credentials | none (`CRITEO_CLIENT_ID`/`CRITEO_CLIENT_SECRET` with [`from_env`](Self::from_env)) |
/// | connect timeout | 10 s |
/// | request timeout (one whole attempt) | 30 s |
/// | response size limit | 64 KiB |
/// | retries | [`RetryPolicy::default`]: 3 attempts, 60 s overall |
/// | redirects | never followed |
/// | plain `http://` | refused except to loopback |
/// | user agent | `criteo-client/<version>` |
///
/// ```
/// use criteo_client::{CriteoClient, Credentials, RetryPolicy};
/// use std::time::Duration;
///
/// let client = CriteoClient::builder()
///     .credentials(Credentials::new("my-client-id", "my-secret"))
///     .request_timeout(Duration::from_secs(10))
///     .retry_policy(RetryPolicy::default().max_attempts(5))
///     .build()?;
/// assert_eq!(client.token_url().as_str(), "https://api.criteo.com/oauth2/token");
/// # Ok::<(), criteo_client::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct CriteoClientBuilder {
    base_url: String,
    credentials: Option<Credentials>,
    grant_type: String,
    connect_timeout: Duration,
    request_timeout: Duration,
    max_response_bytes: usize,
    retry: RetryPolicy,
    user_agent: String,
    http_client: Option<reqwest::Client>,
    allow_insecure_http: bool,
    env_error: Option<String>,
}

impl Default for CriteoClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: None,
            grant_type: default_grant_type(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            http_client: None,
            allow_insecure_http: false,
            env_error: None,
        }
    }
}

impl CriteoClientBuilder {
    /// The server root, without `/oauth2/token`. Must be `https://`, except to loopback
    /// or with [`allow_insecure_http`](Self::allow_insecure_http).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The API client id and secret.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Reads `CRITEO_CLIENT_ID`, `CRITEO_CLIENT_SECRET` and `CRITEO_BASE_URL`; each one
    /// that is set overrides what the builder had. A half-set or empty variable makes
    /// [`build`](Self::build) fail with [`Error::Config`].
    pub fn from_env(mut self) -> Self {
        match Credentials::from_env() {
            Ok(Some(credentials)) => self.credentials = Some(credentials),
            Ok(None) => {}
            Err(e) => self.env_error = Some(e.to_string()),
        }
        match read_env(ENV_BASE_URL) {
            Ok(Some(url)) => self.base_url = url,
            Ok(None) => {}
            Err(e) => self.env_error = Some(e.to_string()),
        }
        self
    }

    /// The `grant_type` sent; the spec's default, `client_credentials`, unless set.
    pub fn grant_type(mut self, grant_type: impl Into<String>) -> Self {
        self.grant_type = grant_type.into();
        self
    }

    /// The bound on establishing a connection (ignored with
    /// [`http_client`](Self::http_client), whose own setting applies).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The bound on one whole attempt: connect, send, read the full response.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The largest token response body read, in bytes.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How failed requests are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses your `reqwest::Client` (its connection pool, proxy, TLS settings) instead of
    /// building one. **Build it with `redirect(reqwest::redirect::Policy::none())`**:
    /// reqwest has no per-request redirect setting, so a client that follows redirects
    /// would carry the credentials to wherever the server points. To catch such a
    /// client, a response whose final URL differs from the token URL is refused with
    /// [`Error::Redirected`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Allows a plain `http://` base URL to a host that is not loopback. The client
    /// secret then travels in clear text: only for test networks you control.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks the settings and builds the client. Nothing is sent yet.
    pub fn build(self) -> Result<CriteoClient, Error> {
        if let Some(message) = self.env_error {
            return Err(Error::Config { message });
        }
        let token_url = endpoint::token_url(&self.base_url, self.allow_insecure_http)?;
        if self.request_timeout.is_zero() {
            return Err(Error::config("the request timeout is zero; give it a positive duration"));
        }
        if self.grant_type.is_empty() {
            return Err(Error::config("the grant type is empty; leave it unset for client_credentials"));
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::config("the user agent has characters an HTTP header cannot carry"))?;
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.connect_timeout)
                .https_only(!self.allow_insecure_http && token_url.scheme() == "https")
                .build()
                .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(CriteoClient {
            inner: Arc::new(Inner {
                http,
                token_url,
                user_agent,
                credentials: self.credentials,
                grant_type: self.grant_type,
                request_timeout: self.request_timeout,
                max_response_bytes: self.max_response_bytes,
                retry: self.retry,
            }),
        })
    }
}
