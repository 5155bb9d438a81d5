//! One token request, three ways, against the same loopback server: bare reqwest (the
//! floor and the anchor), criteo-client's `create_token`, and the oauth2 crate's
//! client-credentials exchange. `cargo xtask bench-report` prints the ratios.
//!
//! The contenders are interleaved: every iteration runs all three in turn and times
//! only the bench's own. Run one after another, they would each see a different
//! stretch of the machine's drift (measured here: ±20 % between runs a minute apart),
//! which swamps a difference of a few percent.

mod support;

use criteo_client::types::JwtModel;
use criteo_client::{Credentials, CriteoClient};
use criterion::{Criterion, criterion_group, criterion_main};
use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, TokenResponse, TokenUrl};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};
use support::{CLIENT_ID, CLIENT_SECRET, TokenServer};
use tokio::runtime::Runtime;

/// The same request by hand: form-encode, POST, read the body, parse the token.
async fn bare_reqwest(http: &reqwest::Client, url: &str) -> JwtModel {
    let form = serde_urlencoded::to_string([
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
        ("grant_type", "client_credentials"),
    ])
    .unwrap();
    let response = http
        .post(url)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ACCEPT, "text/plain, application/json, text/json")
        .body(form)
        .send()
        .await
        .unwrap();
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

type Contender<'a> = Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + 'a>> + 'a>;

/// Runs every contender in turn `iters` times; returns the time of `target`'s runs only.
fn interleaved(
    runtime: &Runtime,
    contenders: &[(&str, Contender<'_>)],
    target: usize,
    iters: u64,
) -> Duration {
    runtime.block_on(async {
        let mut timed = Duration::ZERO;
        for _ in 0..iters {
            for (i, (_, run)) in contenders.iter().enumerate() {
                if i == target {
                    let start = Instant::now();
                    run().await;
                    timed += start.elapsed();
                } else {
                    run().await;
                }
            }
        }
        timed
    })
}

fn request_path(c: &mut Criterion) {
    let server = TokenServer::start();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let url = server.token_url();

    let bare = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let sdk = CriteoClient::builder()
        .base_url(&server.base_url)
        .credentials(Credentials::new(CLIENT_ID, CLIENT_SECRET))
        .build()
        .unwrap();
    let oauth = BasicClient::new(ClientId::new(CLIENT_ID.to_owned()))
        .set_client_secret(ClientSecret::new(CLIENT_SECRET.to_owned()))
        .set_auth_type(AuthType::RequestBody)
        .set_token_uri(TokenUrl::new(url.clone()).unwrap());
    let oauth_http = oauth2::reqwest::Client::builder()
        .redirect(oauth2::reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // Each contender must really get the token before it is timed.
    runtime.block_on(async {
        assert!(bare_reqwest(&bare, &url).await.access_token.is_some());
        assert_eq!(sdk.create_token().await.unwrap().lifetime().as_secs(), 900);
        let token = oauth.exchange_client_credentials().request_async(&oauth_http).await.unwrap();
        assert!(!token.access_token().secret().is_empty());
    });

    let contenders: [(&str, Contender<'_>); 3] = [
        ("bare_reqwest", Box::new(|| Box::pin(async { drop(bare_reqwest(&bare, &url).await) }))),
        ("criteo_client", Box::new(|| Box::pin(async { drop(sdk.create_token().await.unwrap()) }))),
        (
            "oauth2_crate",
            Box::new(|| {
                Box::pin(async {
                    drop(oauth.exchange_client_credentials().request_async(&oauth_http).await.unwrap())
                })
            }),
        ),
    ];
    let mut group = c.benchmark_group("request_path");
    for (target, (name, _)) in contenders.iter().enumerate() {
        group.bench_function(*name, |b| {
            b.iter_custom(|iters| interleaved(&runtime, &contenders, target, iters))
        });
    }
    group.finish();
}

criterion_group!(benches, request_path);
criterion_main!(benches);
