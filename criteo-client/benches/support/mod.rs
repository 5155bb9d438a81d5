//! The one loopback HTTP server every contender talks to: hyper, HTTP/1.1 keep-alive,
//! answering `POST /oauth2/token` with a canned token, on its own thread and runtime.
#![allow(dead_code)]

pub mod alloc;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub const CLIENT_ID: &str = "bench-client";
pub const CLIENT_SECRET: &str = "bench-secret";
pub const TOKEN_BODY: &str =
    r#"{"access_token":"eyJhbGciOiJSUzI1NiJ9.bench.signature","token_type":"Bearer","expires_in":900}"#;

pub struct TokenServer {
    pub base_url: String,
    requests: Arc<AtomicU64>,
}

impl TokenServer {
    pub fn start() -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&requests);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                loop {
                    let (stream, _) = listener.accept().await.unwrap();
                    stream.set_nodelay(true).unwrap();
                    let counter = Arc::clone(&counter);
                    tokio::spawn(async move {
                        let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                            let counter = Arc::clone(&counter);
                            async move {
                                // Drain the form body as a real server would.
                                let _ = http_body_util::BodyExt::collect(request.into_body()).await;
                                counter.fetch_add(1, Ordering::Relaxed);
                                Ok::<_, Infallible>(
                                    Response::builder()
                                        .header("content-type", "application/json")
                                        .header("cache-control", "no-store")
                                        .body(Full::new(Bytes::from_static(TOKEN_BODY.as_bytes())))
                                        .unwrap(),
                                )
                            }
                        });
                        let _ = http1::Builder::new()
                            .keep_alive(true)
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        });
        Self { base_url, requests }
    }

    pub fn token_url(&self) -> String {
        format!("{}/oauth2/token", self.base_url)
    }

    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}
