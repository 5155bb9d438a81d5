//! A raw-TCP server that misbehaves on purpose, for what wiremock cannot do: reset a
//! connection mid-body, stream forever, drip bytes, send a garbage status line, or
//! never answer. Each connection reads the request head, then plays its [`Fault`].
//!
//! ```
//! use criteo_client::testing::faults::{Fault, FaultServer};
//! use criteo_client::{CriteoClient, Credentials, Error, RetryPolicy};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let server = FaultServer::start(Fault::EndlessBody).await;
//! let client = CriteoClient::builder()
//!     .base_url(server.base_url())
//!     .credentials(Credentials::new("id", "secret"))
//!     .retry_policy(RetryPolicy::none())
//!     .build()
//!     .unwrap();
//! let err = client.create_token().await.unwrap_err();
//! assert!(matches!(err, Error::ResponseTooLarge { limit: 65536 }));
//! # }
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does after reading a request.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Fault {
    /// Accepts, reads the request, and never answers (the connection stays open).
    Silent,
    /// Waits this long before sending a valid token response.
    SlowHeaders(Duration),
    /// Sends a 200 head promising 1000 bytes, 10 of them, then resets the connection.
    ResetMidBody,
    /// Sends a 200 with a chunked body that never ends.
    EndlessBody,
    /// Sends a 200 head announcing a body of 10 GB, and nothing after it.
    HugeContentLength,
    /// Sends a valid token response one byte every interval.
    SlowDrip(Duration),
    /// Sends a status line that is not HTTP.
    GarbageStatusLine,
    /// Answers with these statuses in turn (each with an empty JSON body; a 429 also
    /// with `Retry-After: 1`), then with a valid token.
    Statuses(Vec<u16>),
}

/// A running fault server on a loopback port; it stops when dropped.
#[derive(Debug)]
pub struct FaultServer {
    address: std::net::SocketAddr,
    stats: Arc<Stats>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Debug, Default)]
struct Stats {
    connections: AtomicU64,
    requests: AtomicU64,
    body_bytes_written: AtomicU64,
}

/// The token response a well-behaved answer carries.
pub const FAULT_SERVER_TOKEN: &str = "fault-server-token";

impl FaultServer {
    /// Starts the server; every connection plays `fault`.
    ///
    /// # Panics
    /// If no loopback port can be bound (a broken test machine).
    pub async fn start(fault: Fault) -> Self {
        #[allow(clippy::expect_used)]
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        #[allow(clippy::expect_used)]
        let address = listener.local_addr().expect("a bound socket has an address");
        let stats = Arc::new(Stats::default());
        let shared = Arc::clone(&stats);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                shared.connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, fault.clone(), Arc::clone(&shared)));
            }
        });
        Self { address, stats, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> u64 {
        self.stats.connections.load(Ordering::SeqCst)
    }

    /// Request heads read so far.
    pub fn requests(&self) -> u64 {
        self.stats.requests.load(Ordering::SeqCst)
    }

    /// Body bytes the server managed to write (for `EndlessBody`: how much the client
    /// let through before hanging up).
    pub fn body_bytes_written(&self) -> u64 {
        self.stats.body_bytes_written.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, fault: Fault, stats: Arc<Stats>) {
    loop {
        if !read_head(&mut stream).await {
            return;
        }
        let n = usize::try_from(stats.requests.fetch_add(1, Ordering::SeqCst)).unwrap_or(usize::MAX);
        if !play(&mut stream, &fault, &stats, n).await {
            return;
        }
    }
}

/// Reads up to the end of the request head and the (small) body; false on EOF.
async fn read_head(stream: &mut TcpStream) -> bool {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
        if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            while seen.len() < end + 4 + length {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            return true;
        }
    }
}

fn token_response() -> String {
    let body = format!(r#"{{"access_token":"{FAULT_SERVER_TOKEN}","token_type":"Bearer","expires_in":900}}"#);
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Plays the fault for request number `n` (server-wide); false closes the connection.
async fn play(stream: &mut TcpStream, fault: &Fault, stats: &Stats, n: usize) -> bool {
    match fault {
        Fault::Silent => {
            std::future::pending::<()>().await;
            false
        }
        Fault::SlowHeaders(delay) => {
            tokio::time::sleep(*delay).await;
            stream.write_all(token_response().as_bytes()).await.is_ok()
        }
        Fault::ResetMidBody => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(br#"{"access_t"#).await;
            let _ = stream.flush().await;
            // SO_LINGER 0: closing sends RST instead of FIN. (tokio deprecates
            // set_linger because a non-zero linger blocks on drop; zero does not.)
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            false
        }
        Fault::EndlessBody => {
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return false;
            }
            let chunk = format!("4000\r\n{}\r\n", "a".repeat(0x4000));
            // Bounded, so that the test server itself stops: 1 GiB at most.
            for _ in 0..65_536 {
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    return false;
                }
                stats.body_bytes_written.fetch_add(0x4000, Ordering::SeqCst);
            }
            false
        }
        Fault::HugeContentLength => {
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10000000000\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            std::future::pending::<()>().await;
            false
        }
        Fault::SlowDrip(interval) => {
            for byte in token_response().bytes() {
                tokio::time::sleep(*interval).await;
                if stream.write_all(&[byte]).await.is_err() {
                    return false;
                }
            }
            true
        }
        Fault::GarbageStatusLine => {
            let _ = stream.write_all(b"SMTP READY 220 \x00\xff garbage\r\n\r\n").await;
            false
        }
        Fault::Statuses(statuses) => match statuses.get(n) {
            Some(status) => {
                let retry_after = if *status == 429 { "retry-after: 1\r\n" } else { "" };
                let response = format!(
                    "HTTP/1.1 {status} Status\r\ncontent-type: application/json\r\n{retry_after}content-length: 2\r\n\r\n{{}}"
                );
                stream.write_all(response.as_bytes()).await.is_ok()
            }
            None => stream.write_all(token_response().as_bytes()).await.is_ok(),
        },
    }
}
