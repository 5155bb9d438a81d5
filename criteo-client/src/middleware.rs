//! [`AuthMiddleware`]: the same authentication for hand-written clients built on
//! `reqwest-middleware` (feature `middleware`).

use crate::TokenProvider;
use http::Extensions;
use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;
use reqwest_middleware::{Middleware, Next};

/// Sets `Authorization: Bearer …` from a [`TokenProvider`] on every request and, on a
/// `401`, drops the refused token, gets a fresh one and retries once.
///
/// A failure to get a token is `reqwest_middleware::Error::Middleware`, wrapping this
/// crate's [`crate::Error`] (downcast it to match).
///
/// ```
/// # use criteo_client::testing::{FakeCriteo, PROTECTED_PATH};
/// use criteo_client::middleware::AuthMiddleware;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let fake = FakeCriteo::start().await;
/// let provider = fake.client().token_provider();
/// let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(AuthMiddleware::new(provider))
///     .build();
/// let response = http.get(format!("{}{PROTECTED_PATH}", fake.base_url())).send().await.unwrap();
/// assert_eq!(response.status(), 200);
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct AuthMiddleware {
    provider: TokenProvider,
}

impl AuthMiddleware {
    /// Authenticates with `provider`'s tokens.
    pub fn new(provider: TokenProvider) -> Self {
        Self { provider }
    }

    async fn header(&self) -> reqwest_middleware::Result<reqwest::header::HeaderValue> {
        let token = self.provider.token().await.map_err(reqwest_middleware::Error::middleware)?;
        token.authorization_header().map_err(reqwest_middleware::Error::middleware)
    }
}

#[async_trait::async_trait]
impl Middleware for AuthMiddleware {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let header = self.header().await?;
        request.headers_mut().insert(AUTHORIZATION, header.clone());
        let retry = request.try_clone();
        let response = next.clone().run(request, extensions).await?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        let Some(mut retry) = retry else { return Ok(response) };
        self.provider.invalidate_header(&header);
        match self.header().await {
            Ok(fresh) => {
                retry.headers_mut().insert(AUTHORIZATION, fresh);
                next.run(retry, extensions).await
            }
            Err(_) => Ok(response),
        }
    }
}
