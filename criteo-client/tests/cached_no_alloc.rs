//! A warm `TokenProvider::token()` allocates nothing: the cached token is handed out by
//! a reference-count increment. (Counted with a global allocator; no timing.)

use criteo_client::{AccessToken, BoxFuture, Error, Token, TokenProvider, TokenSource};
use std::future::Future;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

#[path = "../benches/support/alloc.rs"]
mod alloc;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

struct Fixed;

impl TokenSource for Fixed {
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, Error>> {
        Box::pin(async { Ok(Token::new(AccessToken::new("t"), "Bearer", Some(Duration::from_secs(900)))) })
    }
}

#[test]
fn a_warm_cache_hands_out_tokens_without_allocating() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let provider = TokenProvider::builder(Fixed).build();
    let first = runtime.block_on(provider.token()).unwrap();
    // The counter counts: a Box is one allocation.
    let probe = alloc::allocations();
    drop(std::hint::black_box(Box::new(7u64)));
    assert_eq!(alloc::allocations() - probe, 1);
    let before = alloc::allocations();
    for _ in 0..10_000 {
        let mut call = std::pin::pin!(provider.token());
        match call.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(token) => assert!(token.unwrap().same_as(&first)),
            Poll::Pending => panic!("a warm cache suspended"),
        }
    }
    assert_eq!(alloc::allocations() - before, 0);
}
