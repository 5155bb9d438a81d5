//! Generated Rust bindings for Criteo's OAuth token endpoint (`POST /oauth2/token`),
//! made by [progenitor](https://github.com/oxidecomputer/progenitor) from this crate's
//! `openapi.yaml` at build time.
//!
//! **Most users want [`criteo-client`](https://docs.rs/criteo-client)**, the hand-written
//! layer over this crate: it sends the default `grant_type`, keeps secrets out of logs,
//! bounds what it reads, caches tokens and maps errors to types. This crate is the raw
//! material: the request and response types ([`types`]), progenitor's raw [`Client`],
//! and the spec's operation metadata ([`operations`]).
//!
//! Caveats of the raw client, kept as progenitor makes it (the `criteo-client` layer
//! closes each of them):
//! - [`types::CreateTokenBody`] derives `Debug` with `client_secret` in clear text;
//! - [`Error::InvalidResponsePayload`] keeps the raw body (for a 200, the access
//!   token) and shows it in `Debug` and `Display`;
//! - responses are read whole, without a size limit, and `Client::new` sets no
//!   timeout;
//! - every request carries `api-version: <info.version>`, a header Criteo does not
//!   define, and `Accept: application/json` only.
//!
//! The code is generated into `OUT_DIR`; a formatted copy is committed as
//! `src/generated.rs` for review (refresh it with `cargo xtask codegen`).
#![deny(missing_docs)]

#[allow(missing_docs, clippy::all, clippy::pedantic)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
}

pub use generated::*;
