//! The token endpoint's URL: built from the base URL and the spec's path, and checked
//! (HTTPS only, except on loopback or when explicitly allowed).

use crate::Error;
use criteo_marketing_transition::operations::CREATE_TOKEN;
use url::{Host, Url};

/// Criteo's API root, the default base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.criteo.com";

/// Builds `<base>/oauth2/token` and checks the base URL.
///
/// Refused: anything but `http`/`https`; `http` to a host that is not loopback
/// (127.0.0.0/8, ::1, `localhost`) unless `allow_insecure_http`; a user name or
/// password, query or fragment in the base URL.
pub(crate) fn token_url(base: &str, allow_insecure_http: bool) -> Result<Url, Error> {
    let url = Url::parse(base.trim()).map_err(|e| {
        Error::config(format!("the base URL is not a valid URL ({e}); expected e.g. {DEFAULT_BASE_URL}"))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&url) => {}
        "http" => {
            return Err(Error::config(format!(
                "the base URL uses http:// to {}, which would send the client secret in clear text; \
                 use https://, or call allow_insecure_http(true) on the builder if this is deliberate",
                url.host_str().unwrap_or("?")
            )));
        }
        other => {
            return Err(Error::config(format!(
                "the base URL has scheme `{other}`; use https:// (e.g. {DEFAULT_BASE_URL})"
            )));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            "the base URL carries a user name or password; give credentials to the builder instead",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            "the base URL has a query or fragment; give only scheme, host, port and path",
        ));
    }
    let joined = format!("{}{}", url.as_str().trim_end_matches('/'), CREATE_TOKEN.path);
    Url::parse(&joined)
        .map_err(|e| Error::config(format!("cannot append {} to the base URL: {e}", CREATE_TOKEN.path)))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::token_url;

    #[test]
    fn https_and_loopback_http_are_accepted() {
        for (base, expected) in [
            ("https://api.criteo.com", "https://api.criteo.com/oauth2/token"),
            ("https://api.criteo.com/", "https://api.criteo.com/oauth2/token"),
            ("https://proxy.example/criteo/", "https://proxy.example/criteo/oauth2/token"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080/oauth2/token"),
            ("http://127.9.9.9", "http://127.9.9.9/oauth2/token"),
            ("http://[::1]:9", "http://[::1]:9/oauth2/token"),
            ("http://LOCALHOST:1", "http://localhost:1/oauth2/token"),
        ] {
            assert_eq!(token_url(base, false).unwrap().as_str(), expected, "{base}");
        }
    }

    #[test]
    fn clear_text_and_odd_urls_are_refused_with_a_reason() {
        for (base, needle) in [
            ("http://api.criteo.com", "allow_insecure_http"),
            ("http://10.0.0.1", "clear text"),
            ("http://localhost.evil.com", "clear text"),
            ("ftp://api.criteo.com", "scheme `ftp`"),
            ("api.criteo.com", "not a valid URL"),
            ("https://user:pw@api.criteo.com", "user name or password"),
            ("https://api.criteo.com/?x=1", "query"),
        ] {
            let err = token_url(base, false).unwrap_err().to_string();
            assert!(err.contains(needle), "{base}: {err}");
        }
        assert!(token_url("http://api.criteo.com", true).is_ok());
    }
}
