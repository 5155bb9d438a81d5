//! Quickstart: get a Criteo access token.
//!
//! ```sh
//! cargo run -p criteo-client --example quickstart
//! ```
//!
//! With `CRITEO_CLIENT_ID` and `CRITEO_CLIENT_SECRET` in the environment it asks the
//! real API (or `CRITEO_BASE_URL`). Without them it starts the built-in fake endpoint
//! on loopback and says so. It prints the token's type and lifetime, never its value.

use criteo_client::testing::FakeCriteo;
use criteo_client::{Credentials, CriteoClient};
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quickstart: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), criteo_client::Error> {
    // Keeps the fake server alive until the end of `run` when it is used.
    let mut _fake = None;
    let client = match Credentials::from_env()? {
        Some(_) => {
            let client = CriteoClient::from_env()?;
            println!("Using the credentials in CRITEO_CLIENT_ID / CRITEO_CLIENT_SECRET.");
            client
        }
        None => {
            let fake = FakeCriteo::start().await;
            println!(
                "No CRITEO_CLIENT_ID / CRITEO_CLIENT_SECRET set: using the built-in fake Criteo endpoint at {}.",
                fake.base_url()
            );
            let client = fake.client();
            _fake = Some(fake);
            client
        }
    };
    println!("Asking {} for a token...", client.token_url());
    let token = client.create_token().await?;
    println!(
        "Got a {} token, valid for {} s{} (its value is not printed).",
        token.token_type(),
        token.lifetime().as_secs(),
        if token.expires_in().is_none() { " (assumed: the server sent no expires_in)" } else { "" }
    );

    // Cached use: the provider returns the same token until shortly before expiry.
    let provider = client.token_provider();
    let first = provider.token().await?;
    let second = provider.token().await?;
    println!(
        "A TokenProvider served two calls with {} token request; the token expires in {} s.",
        if first.access_token() == second.access_token() { "one" } else { "two" },
        second.remaining().as_secs()
    );
    Ok(())
}
