//! `criteo-token` end to end: the real binary against the fake endpoint on loopback.

use criteo_client::testing::FakeCriteo;
use criteo_client::testing::faults::{Fault, FaultServer};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Runs the binary with only the given Criteo variables set.
async fn run(env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_criteo-token"));
    command
        .args(args)
        .env_remove("CRITEO_CLIENT_ID")
        .env_remove("CRITEO_CLIENT_SECRET")
        .env_remove("CRITEO_BASE_URL");
    for (key, value) in env {
        command.env(key, value);
    }
    tokio::task::spawn_blocking(move || command.output().expect("the binary runs")).await.unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn env_for<'a>(fake: &'a FakeCriteo, base: &'a str, secret: &'a str) -> [(&'a str, &'a str); 3] {
    [("CRITEO_CLIENT_ID", fake.client_id()), ("CRITEO_CLIENT_SECRET", secret), ("CRITEO_BASE_URL", base)]
}

#[tokio::test(flavor = "multi_thread")]
async fn prints_the_bearer_value_alone_then_as_header_and_json() {
    let fake = FakeCriteo::start().await;
    let base = fake.base_url();
    let env = env_for(&fake, &base, fake.client_secret());

    let plain = run(&env, &[]).await;
    assert!(plain.status.success(), "{}", stderr(&plain));
    assert_eq!(stdout(&plain), "fake-token-1\n");
    assert_eq!(stderr(&plain), "");

    let header = run(&env, &["--header"]).await;
    assert_eq!(stdout(&header), "Authorization: Bearer fake-token-2\n");

    let json = run(&env, &["--json"]).await;
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"access_token": "fake-token-3", "token_type": "Bearer", "expires_in": 900})
    );
    assert_eq!(fake.token_requests(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_secret_fails_with_the_oauth_code_and_never_the_secret() {
    let fake = FakeCriteo::builder().invalid_client_status(401).start().await;
    let base = fake.base_url();
    let output = run(&env_for(&fake, &base, "wrong-secret-value"), &[]).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("invalid_client") && err.contains("401"), "{err}");
    assert!(err.contains("CRITEO_CLIENT_SECRET"), "says what to check: {err}");
    assert!(!err.contains("wrong-secret-value"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_credentials_and_clear_text_urls_are_configuration_errors() {
    let output = run(&[("CRITEO_BASE_URL", "http://127.0.0.1:9")], &[]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("CRITEO_CLIENT_ID"), "{}", stderr(&output));

    let env = [
        ("CRITEO_CLIENT_ID", "id"),
        ("CRITEO_CLIENT_SECRET", "secret-xyz"),
        ("CRITEO_BASE_URL", "http://api.example.com"),
    ];
    let output = run(&env, &[]).await;
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("https://") && err.contains("allow_insecure_http"), "{err}");
    assert!(!err.contains("secret-xyz"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_html_error_page_fails_with_its_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"))
        .mount(&server)
        .await;
    let base = server.uri();
    let env = [
        ("CRITEO_CLIENT_ID", "id"),
        ("CRITEO_CLIENT_SECRET", "secret-xyz"),
        ("CRITEO_BASE_URL", base.as_str()),
    ];
    let output = run(&env, &[]).await;
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("502") && err.contains("text/html"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // 502 is retried: 3 attempts by default.
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// Runs the CLI against a fault server with short bounds; returns its output and time.
async fn against(fault: Fault, args: &[&str]) -> (Output, Duration, FaultServer) {
    let server = FaultServer::start(fault).await;
    let base = server.base_url();
    let env = [
        ("CRITEO_CLIENT_ID", "id"),
        ("CRITEO_CLIENT_SECRET", "secret-xyz"),
        ("CRITEO_BASE_URL", base.as_str()),
    ];
    let start = Instant::now();
    let output = run(&env, args).await;
    (output, start.elapsed(), server)
}

#[tokio::test(flavor = "multi_thread")]
async fn faults_end_the_cli_within_its_bounds_with_one_line() {
    let bounds = ["--timeout", "1", "--deadline", "3"];
    let cases: [(Fault, &str); 4] = [
        (Fault::ResetMidBody, "could not reach the token endpoint"),
        (Fault::Silent, "no complete answer from the token endpoint within"),
        (Fault::EndlessBody, "larger than 65536 bytes"),
        (Fault::GarbageStatusLine, "could not reach the token endpoint"),
    ];
    for (fault, reason) in cases {
        let (output, elapsed, _server) = against(fault.clone(), &bounds).await;
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{fault:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{fault:?}: {err}");
        assert!(err.contains(reason), "{fault:?}: {err}");
        assert!(!err.contains("secret-xyz"));
        assert!(elapsed < Duration::from_secs(5), "{fault:?} took {elapsed:?}, past the 3 s deadline");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn retried_503s_succeed() {
    let (output, _, server) = against(Fault::Statuses(vec![503, 503]), &[]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "fault-server-token\n");
    assert_eq!(server.requests(), 3);
}
