//! The token provider's cache, single flight, invalidation and background refresh,
//! with tokio's clock paused: a scripted in-memory source stands in for the server so
//! that time moves only when the test moves it.

use criteo_client::{AccessToken, BoxFuture, Error, Token, TokenProvider, TokenSource};
use reqwest::StatusCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::time::{Instant, advance, sleep};

/// A token source that takes `latency` (virtual time) per fetch, counts its calls,
/// and fails the calls whose numbers are listed in `fail_on`.
#[derive(Clone)]
struct Scripted {
    calls: Arc<AtomicUsize>,
    latency: Duration,
    lifetime: Option<u64>,
    fail_on: Vec<usize>,
}

impl Scripted {
    fn new(lifetime: Option<u64>) -> Self {
        Self { calls: Arc::default(), latency: Duration::from_millis(100), lifetime, fail_on: Vec::new() }
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl TokenSource for Scripted {
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, Error>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            sleep(self.latency).await;
            if self.fail_on.contains(&n) {
                return Err(Error::Http {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    content_type: None,
                    retry_after: None,
                });
            }
            Ok(Token::new(
                AccessToken::new(format!("t{n}")),
                "Bearer",
                self.lifetime.map(Duration::from_secs),
            ))
        })
    }
}

fn value(token: &Token) -> &str {
    token.access_token().expose_secret()
}

#[tokio::test(start_paused = true)]
async fn a_token_is_cached_until_the_margin_then_refreshed() {
    let source = Scripted::new(Some(900));
    let provider = TokenProvider::builder(source.clone()).build();
    assert_eq!(value(&provider.token().await.unwrap()), "t1");
    // 900 s lifetime, 60 s margin: cached while more than 60 s remain.
    advance(Duration::from_secs(839)).await;
    assert_eq!(value(&provider.token().await.unwrap()), "t1");
    assert_eq!(source.calls(), 1);
    advance(Duration::from_secs(2)).await;
    assert_eq!(value(&provider.token().await.unwrap()), "t2");
    assert_eq!(source.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_margin_is_never_more_than_half_the_lifetime() {
    let source = Scripted::new(Some(100));
    let provider = TokenProvider::builder(source.clone()).refresh_margin(Duration::from_secs(300)).build();
    provider.token().await.unwrap();
    advance(Duration::from_secs(49)).await;
    provider.token().await.unwrap();
    assert_eq!(source.calls(), 1, "50 s remain of 100: still cached");
    advance(Duration::from_secs(2)).await;
    provider.token().await.unwrap();
    assert_eq!(source.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_missing_expires_in_means_criteos_900_seconds() {
    let source = Scripted::new(None);
    let provider = TokenProvider::builder(source.clone()).build();
    let token = provider.token().await.unwrap();
    assert_eq!(token.lifetime(), Duration::from_secs(900));
    advance(Duration::from_secs(830)).await;
    provider.token().await.unwrap();
    assert_eq!(source.calls(), 1);
    advance(Duration::from_secs(20)).await;
    provider.token().await.unwrap();
    assert_eq!(source.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_thousand_concurrent_callers_cause_one_request() {
    let source = Scripted::new(Some(900));
    let provider = TokenProvider::builder(source.clone()).build();
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let provider = provider.clone();
            tokio::spawn(async move { provider.token().await })
        })
        .collect();
    let mut tokens = Vec::new();
    for task in tasks {
        tokens.push(task.await.unwrap().unwrap());
    }
    assert_eq!(source.calls(), 1);
    assert!(tokens.iter().all(|t| t.same_as(&tokens[0])), "all share the one response");
}

#[tokio::test(start_paused = true)]
async fn an_error_is_shared_by_all_waiters_then_the_next_call_retries() {
    let source = Scripted { fail_on: vec![1], ..Scripted::new(Some(900)) };
    let provider = TokenProvider::builder(source.clone()).build();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let provider = provider.clone();
            tokio::spawn(async move { provider.token().await })
        })
        .collect();
    for task in tasks {
        let err = task.await.unwrap().unwrap_err();
        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    }
    assert_eq!(source.calls(), 1, "one request for 50 waiters, even when it fails");
    assert_eq!(value(&provider.token().await.unwrap()), "t2");
    assert_eq!(source.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_dropped_caller_neither_cancels_nor_poisons_the_refresh() {
    let source = Scripted::new(Some(900));
    let provider = TokenProvider::builder(source.clone()).build();
    // The first caller gives up half-way through the 100 ms fetch.
    let gave_up = tokio::time::timeout(Duration::from_millis(50), provider.token()).await;
    assert!(gave_up.is_err());
    // A second caller joins the same refresh rather than starting another.
    let started = Instant::now();
    let token = provider.token().await.unwrap();
    assert_eq!(value(&token), "t1");
    assert_eq!(started.elapsed(), Duration::from_millis(50), "it waited only for the rest");
    assert_eq!(source.calls(), 1);

    // With nobody waiting at all, the refresh still completes into the cache.
    let provider = TokenProvider::builder(Scripted::new(Some(900))).build();
    drop(tokio::time::timeout(Duration::from_millis(10), provider.token()).await);
    sleep(Duration::from_millis(200)).await;
    assert_eq!(provider.cached().map(|t| value(&t).to_owned()).as_deref(), Some("t1"));
}

#[tokio::test(start_paused = true)]
async fn a_hundred_concurrent_invalidations_cause_one_refresh() {
    let source = Scripted::new(Some(900));
    let provider = TokenProvider::builder(source.clone()).build();
    let refused = provider.token().await.unwrap();
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let (provider, refused) = (provider.clone(), refused.clone());
            tokio::spawn(async move {
                provider.invalidate(&refused);
                provider.token().await.unwrap()
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(value(&task.await.unwrap()), "t2");
    }
    assert_eq!(source.calls(), 2);
    // Invalidating a token that was already replaced does nothing.
    assert!(!provider.invalidate(&refused));
    assert_eq!(value(&provider.token().await.unwrap()), "t2");
    assert_eq!(source.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn background_refresh_keeps_callers_from_waiting() {
    let source = Scripted::new(Some(900));
    let provider = TokenProvider::builder(source.clone()).background_refresh(true).build();
    sleep(Duration::from_millis(200)).await; // the first fetch, in the background
    assert_eq!(source.calls(), 1);
    // Hour after hour, every call is answered at once from the cache. (`sleep` lets
    // the paused clock run through every timer in order, as real time would.)
    for _ in 0..4 * 3600 / 10 {
        sleep(Duration::from_secs(10)).await;
        let before = Instant::now();
        let token = provider.token().await.unwrap();
        assert_eq!(before.elapsed(), Duration::ZERO, "a caller waited for a refresh");
        assert!(token.remaining() > Duration::from_secs(60));
    }
    // About one refresh per (900 - 90) s over four hours.
    let calls = source.calls();
    assert!((17..=20).contains(&calls), "{calls} refreshes");
}

#[tokio::test(start_paused = true)]
async fn background_refresh_stops_with_the_last_handle() {
    let source = Scripted::new(Some(900));
    let provider = TokenProvider::builder(source.clone()).background_refresh(true).build();
    let clone = provider.clone();
    sleep(Duration::from_millis(200)).await;
    drop(provider);
    sleep(Duration::from_secs(3600)).await;
    let while_a_clone_lives = source.calls();
    assert!(while_a_clone_lives >= 4, "still refreshing for the clone: {while_a_clone_lives}");
    drop(clone);
    sleep(Duration::from_secs(10 * 3600)).await;
    assert_eq!(source.calls(), while_a_clone_lives, "no refresh after the last handle is gone");
}

#[tokio::test(start_paused = true)]
async fn background_refresh_of_zero_lifetime_tokens_is_not_a_tight_loop() {
    let source = Scripted::new(Some(0));
    let provider = TokenProvider::builder(source.clone()).background_refresh(true).build();
    sleep(Duration::from_secs(10)).await;
    let calls = source.calls();
    // One fetch (100 ms) then at least a second's pause, each time.
    assert!((8..=10).contains(&calls), "{calls} fetches in 10 s");
    drop(provider);
}
