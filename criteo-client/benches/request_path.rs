//! One token request, three ways, against the same loopback server: bare reqwest (the
//! floor and the anchor), criteo-client's `create_token`, and the oauth2 crate's
//! client-credentials exchange. `cargo xtask bench-report` prints the ratios.

mod support;

use criteo_client::types::JwtModel;
use criteo_client::{Credentials, CriteoClient};
use criterion::{Criterion, criterion_group, criterion_main};
use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, TokenResponse, TokenUrl};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use support::{CLIENT_ID, CLIENT_SECRET, TokenServer};

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

    let mut group = c.benchmark_group("request_path");
    group.bench_function("bare_reqwest", |b| b.to_async(&runtime).iter(|| bare_reqwest(&bare, &url)));
    group.bench_function("criteo_client", |b| {
        b.to_async(&runtime).iter(|| async { sdk.create_token().await.unwrap() })
    });
    group.bench_function("oauth2_crate", |b| {
        b.to_async(&runtime)
            .iter(|| async { oauth.exchange_client_credentials().request_async(&oauth_http).await.unwrap() })
    });
    group.finish();
}

criterion_group!(benches, request_path);
criterion_main!(benches);
