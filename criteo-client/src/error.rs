//! The one error type of the crate, and the RFC 6749 error codes.

use reqwest::StatusCode;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Everything that can go wrong while getting a token.
///
/// Every variant's `Display` says what happened and what to check. None of them ever
/// holds or shows the client secret or an access token: response bodies are never
/// copied into an error, only their size, media type and the server's OAuth error code
/// and description.
///
/// `Clone`, so that a [`crate::TokenProvider`] can hand the same failure to every caller
/// that waited on one refresh.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The token endpoint answered with an OAuth 2.0 error (RFC 6749 §5.2), whatever
    /// the status: Criteo documents 400, standards-following servers send 401 for
    /// `invalid_client`.
    #[error("the token endpoint refused the request ({status}): {code}{}; {}",
        description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default(), code.what_to_check())]
    OAuth {
        /// The HTTP status.
        status: StatusCode,
        /// The RFC 6749 error code.
        code: OAuthErrorCode,
        /// The server's `error_description`, when it sent one.
        description: Option<String>,
    },
    /// The token endpoint answered with a status that is neither success nor an OAuth
    /// error (a 5xx, a 429, an HTML error page…).
    #[error("the token endpoint answered HTTP {status}{}{}; {}",
        content_type.as_deref().map(|c| format!(" ({c})")).unwrap_or_default(),
        retry_after.map(|d| format!(", retry after {}s", d.as_secs())).unwrap_or_default(),
        status_hint(*status))]
    Http {
        /// The HTTP status.
        status: StatusCode,
        /// The response's media type, when it had one.
        content_type: Option<String>,
        /// The server's `Retry-After`, when it sent one.
        retry_after: Option<Duration>,
    },
    /// The token endpoint answered with a redirect. It is never followed: the
    /// credentials must not travel to another URL.
    #[error(
        "the token endpoint redirected ({status}) to {location}; credentials are never sent to another URL: set the base URL to the final endpoint"
    )]
    Redirected {
        /// The HTTP status (301, 302, 307, 308…).
        status: StatusCode,
        /// The `Location` header, or `<none>`.
        location: String,
    },
    /// The request could not be sent or its response not received (DNS, connection
    /// refused or reset, TLS…).
    #[error("could not reach the token endpoint: {source}; check the base URL, the network and any proxy")]
    Transport {
        /// reqwest's error (it names the URL, which holds no secret).
        #[source]
        source: Arc<reqwest::Error>,
    },
    /// No complete answer within the configured time.
    #[error(
        "no complete answer from the token endpoint within {after:?}; check the network, or raise the timeout on the builder"
    )]
    Timeout {
        /// The bound that was hit.
        after: Duration,
    },
    /// The response body was larger than the configured limit; reading stopped there.
    #[error(
        "the token response is larger than {limit} bytes and was not read further; is the base URL really a token endpoint?"
    )]
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// A success status whose body is not a usable token.
    #[error(
        "the token endpoint answered HTTP {status} but the body is not a usable token: {reason}; is the base URL really a token endpoint?"
    )]
    InvalidResponse {
        /// The HTTP status.
        status: StatusCode,
        /// What is wrong (never a copy of the body).
        reason: String,
    },
    /// A token refresh that this call waited on stopped before it finished (its task
    /// was cancelled, e.g. because its runtime shut down). Nothing is cached; the next
    /// call tries again.
    #[error("the token refresh this call waited on was cancelled before it finished; try again")]
    RefreshCancelled,
    /// The client is not configured correctly; nothing was sent.
    #[error("invalid configuration: {message}")]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl Error {
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::Config { message: message.into() }
    }

    pub(crate) fn transport(source: reqwest::Error) -> Self {
        Self::Transport { source: Arc::new(source) }
    }

    pub(crate) fn invalid_response(status: StatusCode, reason: impl Into<String>) -> Self {
        Self::InvalidResponse { status, reason: reason.into() }
    }

    /// The HTTP status the server answered with, when there was an answer.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::OAuth { status, .. }
            | Self::Http { status, .. }
            | Self::Redirected { status, .. }
            | Self::InvalidResponse { status, .. } => Some(*status),
            Self::Transport { source } => source.status(),
            Self::Timeout { .. }
            | Self::ResponseTooLarge { .. }
            | Self::RefreshCancelled
            | Self::Config { .. } => None,
        }
    }

    /// The OAuth error code, when the server sent one.
    pub fn oauth_code(&self) -> Option<&OAuthErrorCode> {
        match self {
            Self::OAuth { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Whether trying again later may succeed: transport errors, timeouts, 408, 429
    /// and 5xx. Never an OAuth error, a redirect or a configuration error.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { .. } | Self::Timeout { .. } | Self::RefreshCancelled => true,
            Self::Http { status, .. } => {
                *status == StatusCode::TOO_MANY_REQUESTS
                    || *status == StatusCode::REQUEST_TIMEOUT
                    || status.is_server_error()
            }
            _ => false,
        }
    }

    /// The delay the server asked for with `Retry-After`, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

fn status_hint(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 | 403 => "check the client id and secret, and that the app is allowed this API",
        404 | 405 => "check the base URL: it must be the server root, without /oauth2/token",
        429 => "too many token requests: cache tokens (TokenProvider) instead of asking per call",
        500..=599 => "the server failed; try again later",
        _ => "check the base URL and the server's status",
    }
}

/// An OAuth 2.0 error code (RFC 6749 §5.2). Codes outside the RFC are kept as
/// [`OAuthErrorCode::Other`].
///
/// ```
/// use criteo_client::OAuthErrorCode;
/// assert_eq!(OAuthErrorCode::from("invalid_client"), OAuthErrorCode::InvalidClient);
/// assert_eq!(OAuthErrorCode::from("slow_down").as_str(), "slow_down");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OAuthErrorCode {
    /// `invalid_request`: a parameter is missing, repeated or malformed.
    InvalidRequest,
    /// `invalid_client`: client authentication failed.
    InvalidClient,
    /// `invalid_grant`: the grant is invalid, expired or revoked.
    InvalidGrant,
    /// `unauthorized_client`: this client may not use this grant type.
    UnauthorizedClient,
    /// `unsupported_grant_type`: the server does not support the grant type.
    UnsupportedGrantType,
    /// `invalid_scope`: the scope is invalid or exceeds what was granted.
    InvalidScope,
    /// Any other code, as the server sent it.
    Other(String),
}

impl OAuthErrorCode {
    /// The code as it travels on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidClient => "invalid_client",
            Self::InvalidGrant => "invalid_grant",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::InvalidScope => "invalid_scope",
            Self::Other(code) => code,
        }
    }

    /// What the user should check for this code.
    pub fn what_to_check(&self) -> &'static str {
        match self {
            Self::InvalidClient => {
                "check CRITEO_CLIENT_ID and CRITEO_CLIENT_SECRET (or the credentials given to the builder)"
            }
            Self::InvalidRequest => {
                "the request was malformed; check the grant type and that no other client authentication is configured"
            }
            Self::InvalidGrant | Self::UnauthorizedClient => {
                "check that this API app is allowed the client-credentials grant"
            }
            Self::UnsupportedGrantType => "Criteo accepts only grant_type=client_credentials here",
            Self::InvalidScope => "check the requested scope",
            Self::Other(_) => "see the server's description",
        }
    }
}

impl From<&str> for OAuthErrorCode {
    fn from(code: &str) -> Self {
        match code {
            "invalid_request" => Self::InvalidRequest,
            "invalid_client" => Self::InvalidClient,
            "invalid_grant" => Self::InvalidGrant,
            "unauthorized_client" => Self::UnauthorizedClient,
            "unsupported_grant_type" => Self::UnsupportedGrantType,
            "invalid_scope" => Self::InvalidScope,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for OAuthErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
