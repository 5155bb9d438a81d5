//! The token request and its responses, on the wire, against wiremock on loopback.

mod common;

use common::*;
use criteo_client::{Error, OAuthErrorCode};
use reqwest::StatusCode;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/oauth2/token")).respond_with(template).mount(&server).await;
    server
}

fn token_response(content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(token_json().to_string(), content_type)
}

#[tokio::test]
async fn the_request_is_a_form_with_exact_encoding_and_only_defined_headers() {
    let server = server_answering(token_response("application/json")).await;
    client(&server.uri()).create_token().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth2/token");
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        "client_id=client+id%2F%C3%BC\
         &client_secret=s3cr3t+with+space%26amp%3Deq%2Bplus%25pct%2Fslash%3Fq%23hash+%C3%A9%E2%82%AC%F0%9F%94%91\
         &grant_type=client_credentials"
    );
    // The encoding round-trips to the exact credentials.
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&request.body).unwrap();
    assert_eq!(form[0], ("client_id".into(), CLIENT_ID.into()));
    assert_eq!(form[1], ("client_secret".into(), NASTY_SECRET.into()));

    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(header("content-type").as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(header("accept").as_deref(), Some("text/plain, application/json, text/json"));
    assert_eq!(header("user-agent"), Some(format!("criteo-client/{}", env!("CARGO_PKG_VERSION"))));
    assert_eq!(header("api-version"), None, "progenitor's api-version header is not Criteo's");
    assert_eq!(header("authorization"), None, "the token request carries no bearer");
}

#[tokio::test]
async fn the_grant_type_defaults_to_client_credentials_and_can_be_overridden() {
    let server = server_answering(token_response("application/json")).await;
    let custom = criteo_client::CriteoClient::builder()
        .base_url(server.uri())
        .credentials(credentials())
        .grant_type("urn:example:custom")
        .build()
        .unwrap();
    client(&server.uri()).create_token().await.unwrap();
    custom.create_token().await.unwrap();
    let bodies: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| String::from_utf8(r.body.clone()).unwrap())
        .collect();
    assert!(bodies[0].ends_with("&grant_type=client_credentials"), "{}", bodies[0]);
    assert!(bodies[1].ends_with("&grant_type=urn%3Aexample%3Acustom"), "{}", bodies[1]);
}

#[tokio::test]
async fn a_token_is_parsed_whatever_media_type_labels_it() {
    for content_type in ["application/json", "text/plain", "text/json", "text/plain; charset=utf-8"] {
        let server = server_answering(token_response(content_type)).await;
        let token = client(&server.uri()).create_token().await.unwrap();
        assert_eq!(token.access_token().expose_secret(), ISSUED_TOKEN, "{content_type}");
        assert_eq!(token.token_type(), "Bearer");
        assert_eq!(token.expires_in(), Some(std::time::Duration::from_secs(900)));
        assert!(token.remaining() > std::time::Duration::from_secs(890));
        assert_no_secret(&format!("{token:?}"));
    }
}

#[tokio::test]
async fn oauth_errors_are_typed_whether_400_or_401() {
    for status in [400, 401] {
        let body = serde_json::json!({ "error": "invalid_client", "error_description": "Client authentication failed" });
        let server = server_answering(ResponseTemplate::new(status).set_body_json(body)).await;
        let err = client(&server.uri()).create_token().await.unwrap_err();
        match &err {
            Error::OAuth { status: got, code, description } => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(code, &OAuthErrorCode::InvalidClient);
                assert_eq!(description.as_deref(), Some("Client authentication failed"));
            }
            other => panic!("expected an OAuth error, got {other:?}"),
        }
        assert!(err.to_string().contains("invalid_client"), "{err}");
        assert!(err.to_string().contains("CRITEO_CLIENT_SECRET"), "says what to check: {err}");
        assert!(!err.is_retryable());
    }
    // An unknown code is kept as sent, in text/plain as Criteo may label it.
    let server = server_answering(
        ResponseTemplate::new(400).set_body_raw(r#"{"error":"account_locked"}"#, "text/plain"),
    )
    .await;
    let err = client(&server.uri()).create_token().await.unwrap_err();
    assert_eq!(err.oauth_code(), Some(&OAuthErrorCode::Other("account_locked".into())));
}

#[tokio::test]
async fn server_errors_and_html_pages_are_http_errors_with_their_status() {
    let cases = [
        (500, "application/json", r#"{"message":"boom"}"#),
        (502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"),
        (404, "text/html", "<html>Not found</html>"),
        (400, "text/html", "<html>Bad request</html>"),
    ];
    for (status, content_type, body) in cases {
        let server = server_answering(ResponseTemplate::new(status).set_body_raw(body, content_type)).await;
        let err = client(&server.uri()).create_token().await.unwrap_err();
        match &err {
            Error::Http { status: got, content_type: ct, .. } => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(ct.as_deref(), Some(content_type));
            }
            other => panic!("{status}: expected Error::Http, got {other:?}"),
        }
        assert!(err.to_string().contains(&status.to_string()), "{err}");
        assert_eq!(err.is_retryable(), status >= 500);
    }
}

#[tokio::test]
async fn malformed_truncated_and_incomplete_tokens_are_invalid_responses() {
    let full = token_json().to_string();
    let cases = [
        ("not json at all", "not valid JSON"),
        (&full[..full.len() / 2], "ends before"),
        ("", "ends before"),
        (r#"{"token_type":"Bearer","expires_in":900}"#, "no access_token"),
        (r#"{"access_token":"","expires_in":900}"#, "no access_token"),
        (r#"{"access_token":"a b","expires_in":900}"#, "cannot have"),
        (r#"{"access_token":"x","token_type":"mac"}"#, "not Bearer"),
        (r#"[1,2,3]"#, "not a token response"),
    ];
    for (body, reason) in cases {
        let server =
            server_answering(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
        let err = client(&server.uri()).create_token().await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidResponse { status: StatusCode::OK, reason: r } if r.contains(reason)),
            "{body:?}: {err:?}"
        );
        assert_no_secret(&format!("{err} {err:?}"));
    }
}

#[tokio::test]
async fn a_redirect_is_never_followed_and_the_target_receives_nothing() {
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(token_response("application/json"))
        .mount(&elsewhere)
        .await;
    for status in [301, 302, 307, 308] {
        let location = format!("{}/oauth2/token", elsewhere.uri());
        let server =
            server_answering(ResponseTemplate::new(status).insert_header("location", location.as_str()))
                .await;
        let err = client(&server.uri()).create_token().await.unwrap_err();
        match &err {
            Error::Redirected { status: got, location: loc } => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(loc, &location);
            }
            other => panic!("expected Error::Redirected, got {other:?}"),
        }
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }
    assert!(elsewhere.received_requests().await.unwrap().is_empty(), "credentials travelled");
}

#[tokio::test]
async fn a_caller_supplied_client_that_follows_redirects_is_caught() {
    let elsewhere = server_answering(token_response("application/json")).await;
    let server = server_answering(
        ResponseTemplate::new(307)
            .insert_header("location", format!("{}/oauth2/token", elsewhere.uri()).as_str()),
    )
    .await;
    let client = criteo_client::CriteoClient::builder()
        .base_url(server.uri())
        .credentials(credentials())
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let err = client.create_token().await.unwrap_err();
    assert!(matches!(err, Error::Redirected { .. }), "{err:?}");
}

#[tokio::test]
async fn no_error_and_no_log_ever_shows_a_secret() {
    let logs = CapturedLogs::install();
    let bodies = [
        (200, serde_json::json!({ "access_token": ISSUED_TOKEN, "expires_in": ISSUED_TOKEN }).to_string()),
        (200, serde_json::json!({ "access_token": ISSUED_TOKEN, "token_type": ISSUED_TOKEN }).to_string()),
        (200, format!("{{\"access_token\":\"{ISSUED_TOKEN}\"")),
        (200, format!("<html>{ISSUED_TOKEN}</html>")),
        (400, serde_json::json!({ "error": "invalid_client" }).to_string()),
        (500, format!("internal error near {ISSUED_TOKEN}")),
        (503, String::new()),
    ];
    let mut seen = String::new();
    for (status, body) in bodies {
        let server = server_answering(ResponseTemplate::new(status).set_body_raw(body, "text/plain")).await;
        let err = client(&server.uri()).create_token().await.unwrap_err();
        seen.push_str(&format!("{err}\n{err:?}\n{err:#}\n"));
    }
    // A successful exchange, logged at TRACE too.
    let server = server_answering(token_response("application/json")).await;
    let token = client(&server.uri()).create_token().await.unwrap();
    seen.push_str(&format!("{token:?}\n{:?}\n", client(&server.uri())));
    assert_no_secret(&seen);
    let logged = logs.text();
    assert!(logged.contains("token endpoint answered"), "the capture works: {logged}");
    assert_no_secret(&logged);
}
