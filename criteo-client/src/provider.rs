//! Where a token is cached: `TokenProvider`, single-flight refresh, invalidation, and
//! the opt-in background refresh.

use crate::{CriteoClient, Error, Token};
use arc_swap::ArcSwapOption;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

/// The default refresh margin: a cached token is renewed when less than this remains.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// A boxed, sendable future, as [`TokenSource::fetch_token`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where a [`TokenProvider`] gets new tokens. [`CriteoClient`] is one; implement it to
/// put a provider in front of another source (a vault, a test double).
pub trait TokenSource: Send + Sync + 'static {
    /// Fetches a new token.
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, Error>>;
}

impl TokenSource for CriteoClient {
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, Error>> {
        Box::pin(self.create_token())
    }
}

/// A cached, auto-refreshing token.
///
/// - [`token`](Self::token) returns the cached token while more than the refresh
///   margin remains (default 60 s, never more than half the token's lifetime), and
///   otherwise gets a new one. A server that omits `expires_in` is taken to mean
///   Criteo's documented 900 s.
/// - **Single flight**: however many tasks ask during a refresh, one request goes
///   out; all share its token or its error. The next call after an error tries again.
///   The refresh runs in its own task, so a caller that drops its future cancels
///   nothing for the others.
/// - [`invalidate`](Self::invalidate) after a `401` drops the cached token only if it
///   is still the one that failed: 100 concurrent 401s cost one refresh.
/// - Background refresh (opt-in, [`TokenProviderBuilder::background_refresh`]) renews
///   the token before the margin, so callers do not wait; it stops with the last
///   handle.
///
/// Cheap to clone (clones share the cache), `Send + Sync`. Needs a tokio runtime.
///
/// ```
/// # use criteo_client::testing::FakeCriteo;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), criteo_client::Error> {
/// # let fake = FakeCriteo::start().await;
/// # let client = fake.client();
/// let provider = client.token_provider();
/// let a = provider.token().await?;
/// let b = provider.token().await?; // from the cache
/// assert!(a.same_as(&b));
/// # assert_eq!(fake.token_requests(), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct TokenProvider {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenProvider")
            .field("margin", &self.shared.margin)
            .field("cached", &self.shared.current.load().as_deref().map(|c| c.token.remaining()))
            .finish_non_exhaustive()
    }
}

/// The outcome of one refresh, shared by all who waited on it.
type Outcome = Option<Result<Token, Error>>;

/// A cached token and the instant it must be renewed, computed once when stored so
/// that the hot path is one load, one clock read and one comparison.
struct Cached {
    token: Token,
    refresh_at: Instant,
}

struct Shared {
    source: Box<dyn TokenSource>,
    margin: Duration,
    current: ArcSwapOption<Cached>,
    in_flight: Mutex<Option<watch::Receiver<Outcome>>>,
    /// Dropped with the last provider handle: tells the background task to stop.
    _stop: Option<watch::Sender<()>>,
}

impl Shared {
    fn in_flight(&self) -> std::sync::MutexGuard<'_, Option<watch::Receiver<Outcome>>> {
        self.in_flight.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The margin for this token: the configured one, at most half its lifetime.
    fn margin_for(&self, token: &Token) -> Duration {
        self.margin.min(token.lifetime() / 2)
    }

    fn fresh(&self) -> Option<Token> {
        let guard = self.current.load();
        let cached = guard.as_deref()?;
        (Instant::now() < cached.refresh_at).then(|| cached.token.clone())
    }

    fn store(&self, token: &Token) {
        let refresh_at =
            token.expires_at().checked_sub(self.margin_for(token)).unwrap_or_else(|| token.received_at());
        self.current.store(Some(Arc::new(Cached { token: token.clone(), refresh_at })));
    }
}

/// Configures a [`TokenProvider`].
#[must_use]
pub struct TokenProviderBuilder {
    source: Box<dyn TokenSource>,
    margin: Duration,
    background: bool,
}

impl std::fmt::Debug for TokenProviderBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenProviderBuilder")
            .field("margin", &self.margin)
            .field("background", &self.background)
            .finish_non_exhaustive()
    }
}

impl TokenProviderBuilder {
    /// Renew a cached token when less than this remains (default 60 s). For each token
    /// the margin used is at most half its lifetime.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Renew the token in a background task before the margin is reached, so that
    /// callers never wait for a refresh (default off). The task stops when the last
    /// provider handle is dropped. Must be called within a tokio runtime.
    pub fn background_refresh(mut self, enabled: bool) -> Self {
        self.background = enabled;
        self
    }

    /// Builds the provider. Nothing is fetched until the first
    /// [`token`](TokenProvider::token), or at once with background refresh.
    pub fn build(self) -> TokenProvider {
        let (stop, stopped) = if self.background {
            let (tx, rx) = watch::channel(());
            (Some(tx), Some(rx))
        } else {
            (None, None)
        };
        let shared = Arc::new(Shared {
            source: self.source,
            margin: self.margin,
            current: ArcSwapOption::empty(),
            in_flight: Mutex::new(None),
            _stop: stop,
        });
        if let Some(stopped) = stopped {
            tokio::spawn(background_refresh(Arc::downgrade(&shared), stopped));
        }
        TokenProvider { shared }
    }
}

impl TokenProvider {
    /// A provider over any [`TokenSource`].
    pub fn builder(source: impl TokenSource) -> TokenProviderBuilder {
        TokenProviderBuilder { source: Box::new(source), margin: DEFAULT_REFRESH_MARGIN, background: false }
    }

    /// A valid token: the cached one, or a new one (single flight).
    pub async fn token(&self) -> Result<Token, Error> {
        match self.shared.fresh() {
            Some(token) => Ok(token),
            None => refresh(&self.shared, false).await,
        }
    }

    /// The cached token, if any, without checking or refreshing it.
    pub fn cached(&self) -> Option<Token> {
        self.shared.current.load().as_deref().map(|c| c.token.clone())
    }

    /// Drops the cached token if it is still `token` (the one a server just refused
    /// with 401). Returns whether it did. A token that was already replaced is left
    /// alone, so concurrent 401s for the same token cause one refresh.
    pub fn invalidate(&self, token: &Token) -> bool {
        let current = self.shared.current.load();
        match current.as_deref() {
            Some(cached) if cached.token.same_as(token) => {
                let previous = self.shared.current.compare_and_swap(&*current, None);
                previous.as_deref().is_some_and(|p| p.token.same_as(token))
            }
            _ => false,
        }
    }

    /// Like [`invalidate`](Self::invalidate), given the `Authorization` header value
    /// that the server refused (`Bearer <token>`).
    pub fn invalidate_header(&self, refused: &reqwest::header::HeaderValue) -> bool {
        let current = self.shared.current.load();
        match current.as_deref() {
            Some(cached) if cached.token.authorization_header().is_ok_and(|h| h == refused) => {
                let token = cached.token.clone();
                drop(current);
                self.invalidate(&token)
            }
            _ => false,
        }
    }

    /// The configured refresh margin.
    pub fn refresh_margin(&self) -> Duration {
        self.shared.margin
    }
}

impl CriteoClient {
    /// A [`TokenProvider`] over this client, with the default 60 s margin and no
    /// background refresh.
    pub fn token_provider(&self) -> TokenProvider {
        TokenProvider::builder(self.clone()).build()
    }

    /// A [`TokenProviderBuilder`] over this client, to set the margin or background
    /// refresh.
    pub fn token_provider_builder(&self) -> TokenProviderBuilder {
        TokenProvider::builder(self.clone())
    }
}

/// Joins the refresh under way, or starts one. `force` skips the freshness re-check
/// (the background task renews a token that is still fresh for callers).
async fn refresh(shared: &Arc<Shared>, force: bool) -> Result<Token, Error> {
    let mut outcome = {
        let mut in_flight = shared.in_flight();
        // Another caller may have finished a refresh between our check and the lock.
        if !force && let Some(token) = shared.fresh() {
            return Ok(token);
        }
        match in_flight.as_ref() {
            Some(receiver) => receiver.clone(),
            None => {
                let (sender, receiver) = watch::channel(None);
                *in_flight = Some(receiver.clone());
                tokio::spawn(run_refresh(Arc::clone(shared), sender));
                receiver
            }
        }
    };
    match outcome.wait_for(Option::is_some).await {
        Ok(result) => result.clone().unwrap_or(Err(Error::RefreshCancelled)),
        Err(_) => Err(Error::RefreshCancelled),
    }
}

/// The refresh itself, in its own task: callers may come and go.
async fn run_refresh(shared: Arc<Shared>, sender: watch::Sender<Outcome>) {
    // Clears `in_flight` however this task ends (even cancelled with its runtime), so a
    // lost refresh never blocks the next one.
    struct ClearOnDrop<'a>(&'a Shared);
    impl Drop for ClearOnDrop<'_> {
        fn drop(&mut self) {
            *self.0.in_flight() = None;
        }
    }
    let clear = ClearOnDrop(&shared);
    let result = shared.source.fetch_token().await;
    match &result {
        Ok(token) => {
            shared.store(token);
            tracing::debug!(lifetime = ?token.lifetime(), "token refreshed");
        }
        Err(error) => tracing::debug!(%error, "token refresh failed"),
    }
    // The cache is updated before `in_flight` is cleared, so no caller can start a
    // second refresh in between.
    drop(clear);
    sender.send_replace(Some(result));
}

/// Renews the token before the margin, until every provider handle is gone.
async fn background_refresh(shared: Weak<Shared>, mut stopped: watch::Receiver<()>) {
    loop {
        let wait = {
            let Some(shared) = shared.upgrade() else { return };
            let outcome = refresh(&shared, true).await;
            match (&outcome, shared.current.load_full().map(|c| c.token.clone())) {
                // Renew when 1.5 margins remain: callers renew at 1 margin, so they
                // never get there while this task works.
                (Ok(_), Some(token)) => {
                    let lead = shared.margin_for(&token) + shared.margin_for(&token) / 2;
                    // At least a second: a server that sends `expires_in: 0` must not
                    // be asked in a tight loop.
                    token.remaining().saturating_sub(lead).max(Duration::from_secs(1))
                }
                // After a failure, try again soon, but not in a tight loop.
                _ => Duration::from_secs(5),
            }
        };
        // `changed()` fails only when the last handle drops the sender: stop. Never
        // sent otherwise, so the timeout elapsing means: time to renew.
        if tokio::time::timeout(wait, stopped.changed()).await.is_ok() {
            return;
        }
    }
}
