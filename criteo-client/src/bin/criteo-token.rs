//! `criteo-token`: prints a Criteo access token, for shell scripts.
//!
//! ```sh
//! export CRITEO_CLIENT_ID=… CRITEO_CLIENT_SECRET=…
//! curl -H "Authorization: Bearer $(criteo-token)" https://api.criteo.com/…
//! ```

use clap::Parser;
use criteo_client::{CriteoClient, Error, RetryPolicy};
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

/// Prints a Criteo API access token on stdout.
///
/// Credentials come from CRITEO_CLIENT_ID and CRITEO_CLIENT_SECRET (never from the
/// command line, where other users could read them); the server from CRITEO_BASE_URL
/// or --base-url (default https://api.criteo.com). Works with any OAuth 2.0 server
/// that takes client credentials in the form body at <base>/oauth2/token.
///
/// Exit status: 0 with the token; 1 when the server refused or could not be reached;
/// 2 on a usage or configuration error. The reason is one line on stderr.
#[derive(Debug, Parser)]
#[command(name = "criteo-token", version)]
struct Args {
    /// The server root, without /oauth2/token.
    #[arg(long, env = "CRITEO_BASE_URL")]
    base_url: Option<String>,
    /// Print the token response as JSON (access_token, token_type, expires_in).
    #[arg(long, conflicts_with = "header")]
    json: bool,
    /// Print a full header line: `Authorization: Bearer <token>`.
    #[arg(long)]
    header: bool,
    /// Seconds one attempt may take (connect, send, read the answer).
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    timeout: u64,
    /// Attempts in all; transient failures (5xx, 429, timeouts, resets) are retried.
    #[arg(long, value_name = "N", default_value_t = 3)]
    attempts: u32,
    /// Seconds all attempts and waits may take together.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    deadline: u64,
    /// Allow a plain http:// base URL to a host that is not loopback.
    #[arg(long)]
    allow_insecure_http: bool,
    /// Log each step (never a secret) on stderr.
    #[arg(long, short)]
    verbose: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.verbose {
        tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter("criteo_client=debug").init();
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}"), ExitCode::from(1)),
    };
    match runtime.block_on(run(&args)) {
        Ok(line) => {
            let mut stdout = std::io::stdout().lock();
            match writeln!(stdout, "{line}").and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("cannot write to stdout: {e}"), ExitCode::from(1)),
            }
        }
        Err(e) => {
            let code = if matches!(e, Error::Config { .. }) { 2 } else { 1 };
            fail(&one_line(&e), ExitCode::from(code))
        }
    }
}

async fn run(args: &Args) -> Result<String, Error> {
    let mut builder = CriteoClient::builder()
        .from_env()
        .allow_insecure_http(args.allow_insecure_http)
        .request_timeout(Duration::from_secs(args.timeout))
        .retry_policy(
            RetryPolicy::default().max_attempts(args.attempts).deadline(Duration::from_secs(args.deadline)),
        );
    if let Some(url) = &args.base_url {
        builder = builder.base_url(url);
    }
    let token = builder.build()?.create_token().await?;
    let value = token.access_token().expose_secret();
    Ok(if args.json {
        serde_json::json!({
            "access_token": value,
            "token_type": token.token_type(),
            "expires_in": token.lifetime().as_secs(),
        })
        .to_string()
    } else if args.header {
        format!("Authorization: Bearer {value}")
    } else {
        value.to_owned()
    })
}

/// The error and its sources on one line (reqwest keeps the useful part, such as
/// "connection refused", in the source chain).
fn one_line(error: &Error) -> String {
    let mut line = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        source = cause.source();
    }
    line.replace('\n', " ")
}

fn fail(message: &str, code: ExitCode) -> ExitCode {
    eprintln!("criteo-token: error: {message}");
    code
}
