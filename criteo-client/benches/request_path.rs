//! One token request, three ways, against the same loopback server: bare reqwest (the
//! floor and the anchor), criteo-client's `create_token`, and the oauth2 crate's
//! client-credentials exchange. `cargo xtask bench-report` prints the ratios.
//!
//! The contenders are interleaved: every iteration runs all three in turn. Criterion
//! reports each one's time (from the samples of its own bench); the ratios come from
//! the same samples paired: each sample's contender time over its bare-reqwest time,
//! median over all samples. Benches run one after another see different stretches of
//! the machine's drift (here, two runs minutes apart gave SDK/bare 1.07 and 1.24),
//! which swamps a difference of a few percent; paired samples cancel it.

mod support;

use criteo_client::types::JwtModel;
use criteo_client::{Credentials, CriteoClient};
use criterion::{Criterion, criterion_group, criterion_main};
use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, TokenResponse, TokenUrl};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
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

/// Every sample's time for each contender, measured in the same interleaved loop.
static PAIRED: Mutex<Vec<[Duration; 3]>> = Mutex::new(Vec::new());

/// Runs every contender in turn (rotating the order) `iters` times and returns the time of `target`'s runs;
/// all three times of the sample go to `PAIRED`.
fn interleaved(
    runtime: &Runtime,
    contenders: &[(&str, Contender<'_>); 3],
    target: usize,
    iters: u64,
) -> Duration {
    let times = runtime.block_on(async {
        let mut times = [Duration::ZERO; 3];
        for i in 0..iters {
            // Rotate who goes first, so that no contender always follows the same one.
            for k in 0..3 {
                let which = (i as usize + k) % 3;
                let start = Instant::now();
                (contenders[which].1)().await;
                times[which] += start.elapsed();
            }
        }
        times
    });
    PAIRED.lock().unwrap().push(times);
    times[target]
}

/// The median over samples of each contender's time divided by bare reqwest's in the
/// same sample: drift between samples cancels out.
fn paired_ratios() -> [f64; 3] {
    let samples = PAIRED.lock().unwrap();
    let mut out = [1.0; 3];
    for (contender, slot) in out.iter_mut().enumerate() {
        let mut ratios: Vec<f64> = samples
            .iter()
            .filter(|t| !t[0].is_zero())
            .map(|t| t[contender].as_secs_f64() / t[0].as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        *slot = ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN);
    }
    out
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

    let [_, sdk_ratio, oauth2_ratio] = paired_ratios();
    let samples = PAIRED.lock().unwrap().len();
    println!(
        "request_path: paired median ratios over {samples} samples: criteo_client/bare {sdk_ratio:.3}, oauth2/bare {oauth2_ratio:.3}"
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion/request_path");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(
        dir.join("paired_ratios.txt"),
        format!("samples {samples}\ncriteo_client {sdk_ratio:.4}\noauth2_crate {oauth2_ratio:.4}\n"),
    );
}

criterion_group!(benches, request_path);
criterion_main!(benches);
