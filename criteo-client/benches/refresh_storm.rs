//! A refresh storm: 10,000 tasks ask for a token the moment the cached one is gone.
//! Upstream requests must be exactly 1 per storm; the time until all 10,000 hold a
//! token is compared with an anchor: spawning and joining 10,000 tasks that do nothing.

mod support;

use criteo_client::{Credentials, CriteoClient};
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::{Duration, Instant};
use support::{CLIENT_ID, CLIENT_SECRET, TokenServer};

const TASKS: usize = 10_000;

fn refresh_storm(c: &mut Criterion) {
    let server = TokenServer::start();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let client = CriteoClient::builder()
        .base_url(&server.base_url)
        .credentials(Credentials::new(CLIENT_ID, CLIENT_SECRET))
        .build()
        .unwrap();
    let provider = client.token_provider();
    runtime.block_on(provider.token()).unwrap();

    let mut group = c.benchmark_group("refresh_storm");
    group.sample_size(20).measurement_time(Duration::from_secs(10));
    group.bench_function("10000_tasks_one_refresh", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let stale = provider.cached().unwrap();
                let before = server.requests();
                let start = Instant::now();
                runtime.block_on(async {
                    provider.invalidate(&stale);
                    let tasks: Vec<_> = (0..TASKS)
                        .map(|_| {
                            let provider = provider.clone();
                            tokio::spawn(async move { provider.token().await.unwrap() })
                        })
                        .collect();
                    for task in tasks {
                        task.await.unwrap();
                    }
                });
                total += start.elapsed();
                let upstream = server.requests() - before;
                assert_eq!(upstream, 1, "a storm of {TASKS} cost {upstream} upstream requests");
            }
            total
        })
    });
    group.bench_function("anchor_10000_empty_tasks", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                runtime.block_on(async {
                    let tasks: Vec<_> = (0..TASKS).map(|_| tokio::spawn(async {})).collect();
                    for task in tasks {
                        task.await.unwrap();
                    }
                });
            }
            start.elapsed()
        })
    });
    group.finish();
    println!(
        "refresh_storm: every storm of {TASKS} tasks cost exactly 1 upstream request ({} in all)",
        server.requests()
    );
}

criterion_group!(benches, refresh_storm);
criterion_main!(benches);
