//! The token a successful `create_token` returns.

use crate::{AccessToken, Error};
use reqwest::header::HeaderValue;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// The lifetime assumed when the server omits `expires_in`: Criteo documents that each
/// token is valid 900 seconds.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(900);

/// An access token with its type and lifetime. `Debug` never shows the token itself.
///
/// Cloning is one reference-count increment (clones share the same data). Expiry is
/// measured from the moment the response arrived, on tokio's clock (so it follows
/// paused time in tests).
#[derive(Clone, Debug)]
pub struct Token(Arc<TokenData>);

#[derive(Debug)]
struct TokenData {
    access_token: AccessToken,
    token_type: String,
    expires_in: Option<Duration>,
    received_at: Instant,
}

impl Token {
    /// A token received now. `expires_in` is what the server sent (`None` when it
    /// omitted the field; then [`DEFAULT_TOKEN_LIFETIME`] applies).
    pub fn new(
        access_token: AccessToken,
        token_type: impl Into<String>,
        expires_in: Option<Duration>,
    ) -> Self {
        Self(Arc::new(TokenData {
            access_token,
            token_type: token_type.into(),
            expires_in,
            received_at: Instant::now(),
        }))
    }

    /// Whether two handles share the same token (the same response), not merely an
    /// equal value.
    pub fn same_as(&self, other: &Token) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The access token (the bearer value).
    pub fn access_token(&self) -> &AccessToken {
        &self.0.access_token
    }

    /// The token type the server sent, `Bearer` for Criteo (assumed when omitted).
    pub fn token_type(&self) -> &str {
        &self.0.token_type
    }

    /// The lifetime the server sent, or `None` if it omitted `expires_in`.
    pub fn expires_in(&self) -> Option<Duration> {
        self.0.expires_in
    }

    /// The lifetime in force: what the server sent, else [`DEFAULT_TOKEN_LIFETIME`].
    pub fn lifetime(&self) -> Duration {
        self.0.expires_in.unwrap_or(DEFAULT_TOKEN_LIFETIME)
    }

    /// When the response that carried this token arrived.
    pub fn received_at(&self) -> Instant {
        self.0.received_at
    }

    /// The instant the token expires.
    pub fn expires_at(&self) -> Instant {
        // A lifetime too large for the clock (the server may send up to i32::MAX
        // seconds) counts as never expiring within this process.
        self.0
            .received_at
            .checked_add(self.lifetime())
            .or_else(|| self.0.received_at.checked_add(Duration::from_secs(365 * 24 * 3600)))
            .unwrap_or(self.0.received_at)
    }

    /// How long the token remains valid (zero once expired).
    pub fn remaining(&self) -> Duration {
        self.expires_at().saturating_duration_since(Instant::now())
    }

    /// Whether the token has expired.
    pub fn is_expired(&self) -> bool {
        Instant::now() >= self.expires_at()
    }

    /// The value of an `Authorization` header, `Bearer <token>`, marked sensitive so
    /// that reqwest and hyper never log it.
    ///
    /// Tokens from the server are checked when parsed; a token built by hand with
    /// characters a header cannot carry gives [`Error::Config`].
    pub fn authorization_header(&self) -> Result<HeaderValue, Error> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0.access_token.expose_secret()))
            .map_err(|_| Error::config("the access token has characters an HTTP header cannot carry"))?;
        value.set_sensitive(true);
        Ok(value)
    }
}
