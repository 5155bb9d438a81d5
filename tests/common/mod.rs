//! Helpers shared by the integration tests.
#![allow(dead_code)]

use criteo_client::{Credentials, CriteoClient, RetryPolicy};
use std::sync::{Arc, Mutex};
use tracing_subscriber::fmt::MakeWriter;

/// A client secret with every character that form encoding must escape.
pub const NASTY_SECRET: &str = "s3cr3t with space&amp=eq+plus%pct/slash?q#hash é€🔑";
pub const CLIENT_ID: &str = "client id/ü";
/// What a server hands out in these tests; must never show in an error or a log.
pub const ISSUED_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.TOP-SECRET-TOKEN.sig";

pub fn credentials() -> Credentials {
    Credentials::new(CLIENT_ID, NASTY_SECRET)
}

/// A client for `base`, one attempt only unless a test asks for retries.
pub fn client(base: &str) -> CriteoClient {
    CriteoClient::builder()
        .base_url(base)
        .credentials(credentials())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("loopback base URL")
}

pub fn token_json() -> serde_json::Value {
    serde_json::json!({ "access_token": ISSUED_TOKEN, "token_type": "Bearer", "expires_in": 900 })
}

/// Asserts that no secret shows in `text`.
#[track_caller]
pub fn assert_no_secret(text: &str) {
    for secret in [NASTY_SECRET, ISSUED_TOKEN, "TOP-SECRET-TOKEN", "s3cr3t"] {
        assert!(!text.contains(secret), "a secret leaked ({secret}) in: {text}");
    }
}

/// Everything a tracing subscriber at TRACE writes, for the whole process.
#[derive(Clone, Default)]
pub struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl CapturedLogs {
    /// Installs a global TRACE subscriber writing here (once per test binary).
    pub fn install() -> Self {
        static LOGS: std::sync::OnceLock<CapturedLogs> = std::sync::OnceLock::new();
        LOGS.get_or_init(|| {
            let logs = CapturedLogs::default();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_writer(logs.clone())
                .with_ansi(false)
                .finish();
            tracing::subscriber::set_global_default(subscriber).expect("one subscriber per test binary");
            logs
        })
        .clone()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for CapturedLogs {
    type Writer = CapturedLogs;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}
