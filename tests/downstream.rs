//! A downstream SDK crate's view: a second progenitor-generated client (for
//! `GET /2021-04/advertisers/me`, with its own spec) authenticates through
//! criteo-client with the glue below, and survives tokens expiring or being revoked.

use criteo_client::testing::FakeCriteo;
use criteo_client::{CriteoClient, TokenProvider};

// ---- The glue a downstream crate needs, line for line ---------------------------
mod advertisers {
    progenitor::generate_api!(
        spec = "tests/fixtures/advertisers-me.yaml",
        interface = Builder,
        inner_type = criteo_client::TokenProvider,
        pre_hook_async = criteo_client::auth::authorize,
    );

    impl progenitor_client::ClientHooks<criteo_client::TokenProvider> for Client {
        async fn exec(
            &self,
            request: reqwest::Request,
            _info: &progenitor_client::OperationInfo,
        ) -> reqwest::Result<reqwest::Response> {
            use progenitor_client::ClientInfo;
            criteo_client::auth::execute_with_refresh(self.inner(), self.client(), request).await
        }
    }
}
// ----------------------------------------------------------------------------------

fn advertisers_client(fake: &FakeCriteo, provider: TokenProvider) -> advertisers::Client {
    let auth = fake.client();
    advertisers::Client::new_with_client(&fake.base_url(), auth.http_client().clone(), provider)
}

#[tokio::test]
async fn calls_carry_a_cached_bearer_token() {
    let fake = FakeCriteo::start().await;
    let api = advertisers_client(&fake, fake.client().token_provider());
    for _ in 0..5 {
        let me = api.get_advertisers_me().send().await.unwrap().into_inner();
        assert_eq!(me.data.unwrap().id.as_deref(), Some("fake-advertiser"));
    }
    assert_eq!(fake.token_requests(), 1);
    assert_eq!(fake.api_requests(), 5);
    let sent = fake.server().received_requests().await.unwrap();
    let api_call = sent.iter().find(|r| r.url.path() == criteo_client::testing::PROTECTED_PATH).unwrap();
    assert_eq!(api_call.headers.get("authorization").unwrap(), "Bearer fake-token-1");
}

#[tokio::test]
async fn a_revoked_token_is_refreshed_once_and_the_call_retried() {
    let fake = FakeCriteo::start().await;
    let api = advertisers_client(&fake, fake.client().token_provider());
    api.get_advertisers_me().send().await.unwrap();
    fake.expire_all_tokens(); // the server forgets the token: the next call gets a 401
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let api = api.clone();
            tokio::spawn(async move { api.get_advertisers_me().send().await.map(|r| r.status()) })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), 200);
    }
    assert_eq!(fake.token_requests(), 2, "100 concurrent 401s cost one refresh");
    assert_eq!(fake.api_requests(), 1 + 100 + 100, "each refused call was retried once");
}

#[tokio::test]
async fn calls_survive_a_token_expiring_mid_run() {
    // 1 s tokens: the provider's margin shrinks to half of that, 0.5 s.
    let fake = FakeCriteo::builder().token_lifetime_secs(1).start().await;
    let api = advertisers_client(&fake, fake.client().token_provider());
    for _ in 0..6 {
        assert_eq!(api.get_advertisers_me().send().await.unwrap().status(), 200);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    // 6 calls over 1.8 s with tokens renewed at half-life: 3 or 4 tokens, never a 401.
    let tokens = fake.token_requests();
    assert!((3..=4).contains(&tokens), "{tokens} token requests");
    assert_eq!(fake.api_requests(), 6, "no call was refused and retried");
}

#[tokio::test]
async fn a_token_failure_surfaces_as_the_generated_clients_error() {
    let fake = FakeCriteo::start().await;
    let wrong = CriteoClient::builder()
        .base_url(fake.base_url())
        .credentials(criteo_client::Credentials::new("who", "not-the-secret"))
        .build()
        .unwrap();
    let api = advertisers_client(&fake, wrong.token_provider());
    let err = api.get_advertisers_me().send().await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("invalid_client"), "{text}");
    assert!(!text.contains("not-the-secret"));
    assert_eq!(fake.api_requests(), 0, "no unauthenticated call went out");
}

#[tokio::test]
async fn the_reqwest_middleware_authenticates_and_retries_the_same_way() {
    let fake = FakeCriteo::start().await;
    let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(criteo_client::middleware::AuthMiddleware::new(fake.client().token_provider()))
        .build();
    let url = format!("{}{}", fake.base_url(), criteo_client::testing::PROTECTED_PATH);
    assert_eq!(http.get(&url).send().await.unwrap().status(), 200);
    fake.expire_all_tokens();
    assert_eq!(http.get(&url).send().await.unwrap().status(), 200);
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.api_requests(), 3);
}
