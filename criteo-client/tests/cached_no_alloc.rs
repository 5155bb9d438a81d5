//! A warm `TokenProvider::token()` allocates nothing: the cached token is handed out by
//! a reference-count increment. (Counted with a global allocator; no timing.)

use criteo_client::{AccessToken, BoxFuture, Error, Token, TokenProvider, TokenSource};
use std::alloc::{GlobalAlloc, Layout, System};
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

struct Counting;
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

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
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for _ in 0..10_000 {
        let mut call = std::pin::pin!(provider.token());
        match call.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(token) => assert!(token.unwrap().same_as(&first)),
            Poll::Pending => panic!("a warm cache suspended"),
        }
    }
    assert_eq!(ALLOCATIONS.load(Ordering::SeqCst) - before, 0);
}
