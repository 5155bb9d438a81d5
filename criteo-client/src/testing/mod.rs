//! A fake Criteo token endpoint on loopback, for the quickstart, this workspace's tests
//! and downstream crates' tests (feature `testing`).
//!
//! It is a [wiremock](https://docs.rs/wiremock) server that behaves like Criteo:
//! `POST /oauth2/token` issues `fake-token-<n>` for the configured credentials and
//! answers `invalid_client` to any other; `GET /2021-04/advertisers/me` (a protected
//! endpoint) answers 200 to a live token and 401 to a missing, unknown or expired one.
//! It counts the calls to each.
//!
//! ```
//! use criteo_client::testing::FakeCriteo;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let fake = FakeCriteo::builder().token_lifetime_secs(60).start().await;
//! let client = fake.client(); // a CriteoClient pointed at the fake
//! let token = client.create_token().await.unwrap();
//! assert_eq!(token.lifetime().as_secs(), 60);
//! assert_eq!(fake.token_requests(), 1);
//! # }
//! ```

pub mod faults;

use crate::{Credentials, CriteoClient};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The client id the fake accepts unless told otherwise.
pub const FAKE_CLIENT_ID: &str = "fake-client-id";
/// The client secret the fake accepts unless told otherwise.
pub const FAKE_CLIENT_SECRET: &str = "fake-client-secret";
/// The path of the fake's protected endpoint (Criteo's "who am I" call).
pub const PROTECTED_PATH: &str = "/2021-04/advertisers/me";

/// A running fake token endpoint. Dropping it stops the server.
pub struct FakeCriteo {
    server: MockServer,
    state: Arc<State>,
}

impl std::fmt::Debug for FakeCriteo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeCriteo").field("base_url", &self.server.uri()).finish_non_exhaustive()
    }
}

/// Configures a [`FakeCriteo`].
#[derive(Debug, Clone)]
#[must_use]
pub struct FakeCriteoBuilder {
    client_id: String,
    client_secret: String,
    lifetime_secs: u32,
    invalid_client_status: u16,
}

impl Default for FakeCriteoBuilder {
    fn default() -> Self {
        Self {
            client_id: FAKE_CLIENT_ID.to_owned(),
            client_secret: FAKE_CLIENT_SECRET.to_owned(),
            lifetime_secs: 900,
            invalid_client_status: 400,
        }
    }
}

impl FakeCriteoBuilder {
    /// The credentials the fake accepts.
    pub fn credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.client_id = client_id.into();
        self.client_secret = client_secret.into();
        self
    }

    /// The `expires_in` of issued tokens (default 900, as Criteo). The fake's
    /// protected endpoint refuses a token once this has passed (real time).
    pub fn token_lifetime_secs(mut self, seconds: u32) -> Self {
        self.lifetime_secs = seconds;
        self
    }

    /// The status of an `invalid_client` answer: 400 by default, as Criteo's spec
    /// documents; 401 as RFC 6749 servers send.
    pub fn invalid_client_status(mut self, status: u16) -> Self {
        self.invalid_client_status = status;
        self
    }

    /// Starts the server on a free loopback port.
    pub async fn start(self) -> FakeCriteo {
        let server = MockServer::start().await;
        let state = Arc::new(State {
            config: self,
            issued: Mutex::default(),
            next_token: AtomicU64::new(1),
            token_requests: AtomicU64::new(0),
            api_requests: AtomicU64::new(0),
        });
        Mock::given(method("POST"))
            .and(path(criteo_marketing_transition::operations::CREATE_TOKEN.path))
            .respond_with(TokenEndpoint(Arc::clone(&state)))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(PROTECTED_PATH))
            .respond_with(ProtectedEndpoint(Arc::clone(&state)))
            .mount(&server)
            .await;
        FakeCriteo { server, state }
    }
}

impl FakeCriteo {
    /// Starts a fake with the default credentials and 900 s tokens.
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    /// A builder for other credentials, lifetimes or statuses.
    pub fn builder() -> FakeCriteoBuilder {
        FakeCriteoBuilder::default()
    }

    /// The base URL to give `CriteoClient::builder().base_url(..)`.
    pub fn base_url(&self) -> String {
        self.server.uri()
    }

    /// The client id the fake accepts.
    pub fn client_id(&self) -> &str {
        &self.state.config.client_id
    }

    /// The client secret the fake accepts (a test value, not a real secret).
    pub fn client_secret(&self) -> &str {
        &self.state.config.client_secret
    }

    /// The credentials the fake accepts.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(self.client_id(), self.client_secret())
    }

    /// A [`CriteoClient`] pointed at the fake with its credentials and default settings.
    ///
    /// # Panics
    /// Never in practice: the fake's URL is loopback HTTP, which the builder accepts.
    pub fn client(&self) -> CriteoClient {
        #[allow(clippy::expect_used)]
        CriteoClient::builder()
            .base_url(self.base_url())
            .credentials(self.credentials())
            .build()
            .expect("a loopback base URL is always accepted")
    }

    /// How many token requests arrived (accepted or not).
    pub fn token_requests(&self) -> u64 {
        self.state.token_requests.load(Ordering::SeqCst)
    }

    /// How many calls to the protected endpoint arrived (accepted or not).
    pub fn api_requests(&self) -> u64 {
        self.state.api_requests.load(Ordering::SeqCst)
    }

    /// Makes every token issued so far expired, as if their lifetime had passed.
    pub fn expire_all_tokens(&self) {
        self.state.issued().clear();
    }

    /// The underlying wiremock server, to mount more mocks or inspect requests.
    pub fn server(&self) -> &MockServer {
        &self.server
    }
}

struct State {
    config: FakeCriteoBuilder,
    issued: Mutex<HashMap<String, Instant>>,
    next_token: AtomicU64,
    token_requests: AtomicU64,
    api_requests: AtomicU64,
}

impl State {
    fn issued(&self) -> std::sync::MutexGuard<'_, HashMap<String, Instant>> {
        self.issued.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct TokenEndpoint(Arc<State>);

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let state = &self.0;
        state.token_requests.fetch_add(1, Ordering::SeqCst);
        let form: HashMap<String, String> = serde_urlencoded::from_bytes(&request.body).unwrap_or_default();
        let field = |name: &str| form.get(name).map(String::as_str);
        if field("grant_type") != Some("client_credentials") {
            return oauth_error(400, "unsupported_grant_type", "Other grant types are not available");
        }
        if field("client_id") != Some(&state.config.client_id)
            || field("client_secret") != Some(&state.config.client_secret)
        {
            return oauth_error(
                state.config.invalid_client_status,
                "invalid_client",
                "Client authentication failed",
            );
        }
        let token = format!("fake-token-{}", state.next_token.fetch_add(1, Ordering::SeqCst));
        let lifetime = Duration::from_secs(u64::from(state.config.lifetime_secs));
        state.issued().insert(token.clone(), Instant::now() + lifetime);
        ResponseTemplate::new(200).insert_header("cache-control", "no-store").set_body_json(
            serde_json::json!({
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": state.config.lifetime_secs,
            }),
        )
    }
}

struct ProtectedEndpoint(Arc<State>);

impl Respond for ProtectedEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let state = &self.0;
        state.api_requests.fetch_add(1, Ordering::SeqCst);
        let presented = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let live = presented
            .is_some_and(|token| state.issued().get(token).is_some_and(|expiry| Instant::now() < *expiry));
        if live {
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "data": { "id": "fake-advertiser", "type": "AdvertiserMe" }
            }))
        } else {
            ResponseTemplate::new(401).insert_header("www-authenticate", "Bearer error=\"invalid_token\"")
        }
    }
}

fn oauth_error(status: u16, code: &str, description: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("cache-control", "no-store")
        .set_body_json(serde_json::json!({ "error": code, "error_description": description }))
}
