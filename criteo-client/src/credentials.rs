//! Client credentials, and reading them from the environment.

use crate::{ClientSecret, Error};

/// The name of the environment variable holding the API client id.
pub const ENV_CLIENT_ID: &str = "CRITEO_CLIENT_ID";
/// The name of the environment variable holding the API client secret.
pub const ENV_CLIENT_SECRET: &str = "CRITEO_CLIENT_SECRET";
/// The name of the environment variable that overrides the base URL.
pub const ENV_BASE_URL: &str = "CRITEO_BASE_URL";

/// An API client id and its secret. `Debug` shows the id, never the secret.
///
/// ```
/// use criteo_client::Credentials;
/// let creds = Credentials::new("my-client-id", "my-secret");
/// assert_eq!(
///     format!("{creds:?}"),
///     r#"Credentials { client_id: "my-client-id", client_secret: ClientSecret([REDACTED]) }"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    client_id: String,
    client_secret: ClientSecret,
}

impl Credentials {
    /// Credentials from a client id and secret.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<ClientSecret>) -> Self {
        Self { client_id: client_id.into(), client_secret: client_secret.into() }
    }

    /// Reads `CRITEO_CLIENT_ID` and `CRITEO_CLIENT_SECRET`.
    ///
    /// Returns `Ok(None)` when neither is set, and [`Error::Config`] when only one is,
    /// or when one is empty or not Unicode.
    pub fn from_env() -> Result<Option<Self>, Error> {
        let id = read_env(ENV_CLIENT_ID)?;
        let secret = read_env(ENV_CLIENT_SECRET)?;
        match (id, secret) {
            (None, None) => Ok(None),
            (Some(id), Some(secret)) => Ok(Some(Self::new(id, ClientSecret::new(secret)))),
            (Some(_), None) => Err(Error::config(format!(
                "{ENV_CLIENT_ID} is set but {ENV_CLIENT_SECRET} is not: set both, or neither"
            ))),
            (None, Some(_)) => Err(Error::config(format!(
                "{ENV_CLIENT_SECRET} is set but {ENV_CLIENT_ID} is not: set both, or neither"
            ))),
        }
    }

    /// The API client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The API client secret.
    pub fn client_secret(&self) -> &ClientSecret {
        &self.client_secret
    }
}

/// An environment variable: `None` when unset, an error when empty or not Unicode
/// (the value itself is never echoed: it may be the secret).
pub(crate) fn read_env(name: &str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => {
            Err(Error::config(format!("{name} is set but empty: unset it or give it a value")))
        }
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::config(format!("{name} is not valid UTF-8: check how it was exported")))
        }
    }
}
