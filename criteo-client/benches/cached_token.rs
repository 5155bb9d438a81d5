//! `TokenProvider::token()` on a warm cache, on 1 and 2 threads, against an anchor: the
//! naive cache (a `Mutex<Option<Token>>`, locked, checked and cloned). Also counts
//! allocations per call and writes them to target/criterion/cached_token/allocations.txt.

mod support;

use criteo_client::{AccessToken, BoxFuture, Error, Token, TokenProvider, TokenSource};
use criterion::{Criterion, criterion_group, criterion_main};
use std::future::Future;
use std::hint::black_box;
use std::sync::{Arc, Barrier, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: support::alloc::Counting = support::alloc::Counting;

struct Fixed;

impl TokenSource for Fixed {
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, Error>> {
        Box::pin(async {
            Ok(Token::new(AccessToken::new("cached"), "Bearer", Some(Duration::from_secs(900))))
        })
    }
}

/// Polls once: a warm cache answers without ever suspending.
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("a warm cache suspended"),
    }
}

/// The naive cache a user might write instead.
struct NaiveCache(Mutex<Option<Token>>);

impl NaiveCache {
    fn token(&self) -> Option<Token> {
        let guard = self.0.lock().unwrap();
        guard.as_ref().filter(|t| t.remaining() > Duration::from_secs(60)).cloned()
    }
}

/// Wall time for `iters` calls on each of `threads` threads at once.
fn concurrent(threads: usize, iters: u64, call: Arc<dyn Fn() + Send + Sync>) -> Duration {
    let barrier = Arc::new(Barrier::new(threads + 1));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (barrier, call) = (Arc::clone(&barrier), Arc::clone(&call));
            std::thread::spawn(move || {
                barrier.wait();
                for _ in 0..iters {
                    call();
                }
            })
        })
        .collect();
    barrier.wait();
    let start = Instant::now();
    for handle in handles {
        handle.join().unwrap();
    }
    start.elapsed()
}

fn cached_token(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let provider = TokenProvider::builder(Fixed).build();
    let warm = runtime.block_on(provider.token()).unwrap();
    let naive = Arc::new(NaiveCache(Mutex::new(Some(warm))));

    let mut group = c.benchmark_group("cached_token");
    for threads in [1usize, 2] {
        let p = provider.clone();
        let call: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            black_box(ready(p.token()).unwrap());
        });
        group.bench_function(format!("provider_{threads}_thread"), |b| {
            b.iter_custom(|iters| concurrent(threads, iters, Arc::clone(&call)))
        });
        let n = Arc::clone(&naive);
        let anchor: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            black_box(n.token().unwrap());
        });
        group.bench_function(format!("naive_mutex_{threads}_thread"), |b| {
            b.iter_custom(|iters| concurrent(threads, iters, Arc::clone(&anchor)))
        });
    }
    group.finish();

    // Allocations per call, on a warm cache.
    let calls = 100_000u64;
    let before = support::alloc::allocations();
    for _ in 0..calls {
        black_box(ready(provider.token()).unwrap());
    }
    let per_call = (support::alloc::allocations() - before) as f64 / calls as f64;
    println!("cached_token: {per_call} allocations per call over {calls} calls");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion/cached_token");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("allocations.txt"), format!("{per_call}\n"));
}

criterion_group!(benches, cached_token);
criterion_main!(benches);
