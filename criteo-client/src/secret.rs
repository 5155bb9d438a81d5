//! Secret types: values that never show in `Debug`, `Display`, errors or logs, and that
//! are wiped from memory when dropped.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use zeroize::Zeroize;

macro_rules! secret_type {
    ($(#[$doc:meta])* $name:ident, $label:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(SecretString);

        impl $name {
            /// Wraps a value; it is zeroized on drop. The given `String` is copied into
            /// an exact-size allocation and wiped at once (a plain conversion could
            /// reallocate and free the old buffer without wiping it).
            pub fn new(value: impl Into<String>) -> Self {
                let mut value = value.into();
                let exact: Box<str> = value.as_str().into();
                value.zeroize();
                Self(SecretString::from(exact))
            }

            /// The value itself. Every call site is a place where the secret leaves its
            /// wrapper: keep the result short-lived and never log it.
            pub fn expose_secret(&self) -> &str {
                self.0.expose_secret()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!($label, "([REDACTED])"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("[REDACTED]")
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::new(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }

        impl PartialEq for $name {
            /// Compares in time independent of where the values first differ.
            fn eq(&self, other: &Self) -> bool {
                constant_time_eq(self.expose_secret().as_bytes(), other.expose_secret().as_bytes())
            }
        }

        impl Eq for $name {}
    };
}

secret_type!(
    /// An API client secret (Criteo's "API Client secret or password").
    ///
    /// ```
    /// use criteo_client::ClientSecret;
    /// let secret = ClientSecret::new("s3cr3t");
    /// assert_eq!(format!("{secret:?}"), "ClientSecret([REDACTED])");
    /// assert_eq!(secret.to_string(), "[REDACTED]");
    /// assert_eq!(secret.expose_secret(), "s3cr3t");
    /// ```
    ClientSecret,
    "ClientSecret"
);

secret_type!(
    /// An access token: the bearer value that authorizes Criteo API calls.
    ///
    /// ```
    /// use criteo_client::AccessToken;
    /// let token = AccessToken::new("eyJhbGciOi...");
    /// assert_eq!(format!("{token:?}"), "AccessToken([REDACTED])");
    /// ```
    AccessToken,
    "AccessToken"
);

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
