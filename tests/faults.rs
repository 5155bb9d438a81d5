//! Fault injection: every misbehaviour of a server ends in a typed error within a known
//! bound. Timeouts run on tokio's paused clock (the fault server lives in the same
//! runtime, so its delays are virtual too); faults that end without a timer run on
//! real time, since a paused clock would jump to the timeout while bytes are still on
//! their way through loopback.

mod common;

use common::*;
use criteo_client::testing::faults::{FAULT_SERVER_TOKEN, Fault, FaultServer};
use criteo_client::{Credentials, CriteoClient, Error, RetryPolicy};
use std::time::Duration;
use tokio::time::Instant;

fn client_for(server: &FaultServer, retry: RetryPolicy) -> CriteoClient {
    CriteoClient::builder()
        .base_url(server.base_url())
        .credentials(Credentials::new(CLIENT_ID, NASTY_SECRET))
        .retry_policy(retry)
        .build()
        .unwrap()
}

async fn outcome(
    fault: Fault,
    retry: RetryPolicy,
) -> (Result<criteo_client::Token, Error>, Duration, FaultServer) {
    let server = FaultServer::start(fault).await;
    let start = Instant::now();
    let result = client_for(&server, retry).create_token().await;
    (result, start.elapsed(), server)
}

#[tokio::test(start_paused = true)]
async fn a_silent_server_times_out_at_the_request_timeout() {
    let (result, elapsed, server) = outcome(Fault::Silent, RetryPolicy::none()).await;
    assert!(
        matches!(result, Err(Error::Timeout { after }) if after == Duration::from_secs(30)),
        "{result:?}"
    );
    assert_eq!(elapsed, Duration::from_secs(30));
    assert_eq!(server.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn retries_against_a_silent_server_stay_within_the_overall_deadline() {
    let (result, elapsed, server) = outcome(Fault::Silent, RetryPolicy::default()).await;
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    assert!(elapsed <= Duration::from_secs(60), "{elapsed:?}");
    assert!(elapsed >= Duration::from_secs(59), "{elapsed:?}");
    assert_eq!(server.requests(), 2, "a third attempt would not fit in the 60 s deadline");
}

#[tokio::test(start_paused = true)]
async fn slow_headers_and_a_slow_drip_hit_the_timeout() {
    for fault in [Fault::SlowHeaders(Duration::from_secs(45)), Fault::SlowDrip(Duration::from_secs(1))] {
        let (result, elapsed, _server) = outcome(fault.clone(), RetryPolicy::none()).await;
        assert!(matches!(result, Err(Error::Timeout { .. })), "{fault:?}: {result:?}");
        assert_eq!(elapsed, Duration::from_secs(30), "{fault:?}");
    }
}

#[tokio::test]
async fn a_reset_mid_body_is_a_transport_error() {
    let (result, elapsed, server) = outcome(Fault::ResetMidBody, RetryPolicy::none()).await;
    let err = result.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn an_endless_body_stops_at_the_size_limit_with_flat_memory() {
    let (result, elapsed, server) = outcome(Fault::EndlessBody, RetryPolicy::none()).await;
    assert!(matches!(result, Err(Error::ResponseTooLarge { limit: 65_536 })), "{result:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    // The client hung up after 64 KiB: the server could push only what fits in the
    // kernel's socket buffers before its writes failed, not its 1 GiB.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = server.body_bytes_written();
    assert!(written < 32 << 20, "the server wrote {written} bytes");
}

#[tokio::test]
async fn a_huge_content_length_fails_before_reading_the_body() {
    let (result, elapsed, _server) = outcome(Fault::HugeContentLength, RetryPolicy::none()).await;
    assert!(matches!(result, Err(Error::ResponseTooLarge { .. })), "{result:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn a_garbage_status_line_is_a_transport_error() {
    let (result, _, _server) = outcome(Fault::GarbageStatusLine, RetryPolicy::none()).await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
}

#[tokio::test]
async fn two_503s_then_a_token_succeed_with_exactly_three_requests() {
    let (result, elapsed, server) = outcome(Fault::Statuses(vec![503, 503]), RetryPolicy::default()).await;
    assert_eq!(result.unwrap().access_token().expose_secret(), FAULT_SERVER_TOKEN);
    assert_eq!(server.requests(), 3);
    // Full-jitter backoff: at most 200 ms + 400 ms of waiting.
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after() {
    let (result, elapsed, server) = outcome(Fault::Statuses(vec![429]), RetryPolicy::default()).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(server.requests(), 2);
    assert!(elapsed >= Duration::from_secs(1), "waited {elapsed:?}, less than Retry-After: 1");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn client_errors_are_never_retried_and_server_errors_are_retried_to_the_limit() {
    for status in [400, 401, 403] {
        let (result, _, server) = outcome(Fault::Statuses(vec![status; 5]), RetryPolicy::default()).await;
        assert_eq!(result.unwrap_err().status().map(|s| s.as_u16()), Some(status));
        assert_eq!(server.requests(), 1, "{status} was retried");
    }
    let (result, _, server) = outcome(Fault::Statuses(vec![500; 5]), RetryPolicy::default()).await;
    assert_eq!(result.unwrap_err().status().map(|s| s.as_u16()), Some(500));
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn no_fault_puts_a_secret_in_an_error_or_a_trace_log() {
    let logs = CapturedLogs::install();
    let mut seen = String::new();
    for fault in [
        Fault::ResetMidBody,
        Fault::EndlessBody,
        Fault::HugeContentLength,
        Fault::GarbageStatusLine,
        Fault::Statuses(vec![503, 429, 500]),
    ] {
        let (result, _, _server) =
            outcome(fault, RetryPolicy::default().max_retry_after(Duration::ZERO)).await;
        match result {
            Ok(token) => seen.push_str(&format!("{token:?}\n")),
            Err(err) => seen.push_str(&format!("{err}\n{err:?}\n{err:#}\n")),
        }
    }
    assert_no_secret(&seen);
    let logged = logs.text();
    assert!(logged.contains("retrying the token request"), "retries are logged: {logged}");
    assert_no_secret(&logged);
}
