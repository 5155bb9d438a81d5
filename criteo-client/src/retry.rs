//! Where failed attempts are retried: backoff with full jitter, `Retry-After`, and one
//! overall deadline.

use crate::{Error, RetryPolicy};
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// Runs `attempt` until it succeeds, fails for good, or the policy says stop.
///
/// `attempt` receives the time left before the overall deadline, and must not run
/// longer (the caller bounds it with that plus its own per-attempt timeout).
pub(crate) async fn run<T, F, Fut>(policy: &RetryPolicy, mut attempt: F) -> Result<T, Error>
where
    F: FnMut(Duration) -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let deadline = Instant::now() + policy.deadline;
    let mut number = 1;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let error = match attempt(left).await {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        if number >= policy.max_attempts || !error.is_retryable() {
            return Err(error);
        }
        let delay = match error.retry_after() {
            Some(asked) => asked.min(policy.max_retry_after),
            None => backoff(policy, number),
        };
        if Instant::now() + delay >= deadline {
            tracing::debug!(
                attempt = number,
                ?delay,
                "not retrying: the wait would pass the overall deadline"
            );
            return Err(error);
        }
        tracing::debug!(attempt = number, ?delay, status = ?error.status(), error = %error, "retrying the token request");
        tokio::time::sleep(delay).await;
        number += 1;
    }
}

/// Full jitter: uniform in `[0, min(max_backoff, initial × 2^(n-1)))`.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exponent = attempt.saturating_sub(1).min(20);
    let ceiling = policy.initial_backoff.saturating_mul(1 << exponent).min(policy.max_backoff);
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn unavailable(retry_after: Option<Duration>) -> Error {
        Error::Http { status: StatusCode::SERVICE_UNAVAILABLE, content_type: None, retry_after }
    }

    #[test]
    fn backoff_stays_under_its_ceiling() {
        let policy = RetryPolicy::default();
        for attempt in 1..30 {
            assert!(backoff(&policy, attempt) <= policy.max_backoff);
        }
        assert!(backoff(&policy, 1) <= Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn retryable_errors_are_retried_up_to_the_limit() {
        let calls = AtomicU32::new(0);
        let result: Result<(), Error> = run(&RetryPolicy::default(), |_| {
            calls.fetch_add(1, Ordering::SeqCst);
            async { Err(unavailable(None)) }
        })
        .await;
        assert_eq!(result.unwrap_err().status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn oauth_errors_are_not_retried() {
        let calls = AtomicU32::new(0);
        let _ = run::<(), _, _>(&RetryPolicy::default(), |_| {
            calls.fetch_add(1, Ordering::SeqCst);
            async {
                Err(Error::OAuth {
                    status: StatusCode::BAD_REQUEST,
                    code: crate::OAuthErrorCode::InvalidClient,
                    description: None,
                })
            }
        })
        .await;
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_honoured_and_capped() {
        let start = Instant::now();
        let calls = AtomicU32::new(0);
        let result = run(&RetryPolicy::default(), |_| {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            async move { if n == 0 { Err(unavailable(Some(Duration::from_secs(3600)))) } else { Ok(n) } }
        })
        .await;
        assert_eq!(result.unwrap(), 1);
        assert_eq!(start.elapsed(), RetryPolicy::default().max_retry_after);
    }

    #[tokio::test(start_paused = true)]
    async fn no_wait_passes_the_deadline() {
        let policy = RetryPolicy::default()
            .max_retry_after(Duration::from_secs(100))
            .deadline(Duration::from_secs(10));
        let start = Instant::now();
        let result: Result<(), Error> =
            run(&policy, |_| async { Err(unavailable(Some(Duration::from_secs(30)))) }).await;
        assert!(result.is_err());
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
