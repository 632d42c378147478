//! Which TLS stack the clients' HTTP connections use, chosen by cargo features.
//!
//! | feature | stack | what it compiles |
//! |---|---|---|
//! | `rustls-ring` (default) | rustls with the `ring` crypto provider, the platform's certificate verifier | `ring` (small C and assembly) |
//! | `rustls-aws-lc` | rustls with reqwest's default provider, `aws-lc-rs` | `aws-lc-sys` (a large C library) |
//! | `native-tls` | the operating system's TLS (OpenSSL, Secure Transport, SChannel) | bindings only |
//!
//! With `rustls-ring` the client is given its own rustls configuration: nothing is installed as
//! the process-wide default crypto provider, so a program's own choice is never overridden. When
//! `rustls-aws-lc` is also enabled, it wins (reqwest then configures rustls itself). With none of
//! the three, only plain `http://` on loopback works (as with the emulator).

use crate::error::Error;

/// Applies the TLS stack chosen by the crate's features to `builder`.
#[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    use std::sync::Arc;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| Error::config(format!("could not configure TLS: {e}")))?
        .with_no_client_auth();
    // What reqwest offers when it configures rustls itself: HTTP/2 (only when built with it: a
    // server that picked h2 would otherwise be spoken to in HTTP/1.1), then HTTP/1.1.
    config.alpn_protocols = if cfg!(feature = "http2") {
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    } else {
        vec![b"http/1.1".to_vec()]
    };
    Ok(builder.tls_backend_preconfigured(config))
}

/// Applies the TLS stack chosen by the crate's features to `builder`.
#[cfg(not(all(feature = "rustls-ring", not(feature = "rustls-aws-lc"))))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder)
}

#[cfg(test)]
mod tests {
    /// The client this crate builds has a TLS stack: building it must not fail or panic (reqwest
    /// panics when `rustls-no-provider` is on and no provider was configured).
    #[test]
    fn the_default_client_builds() {
        let client = crate::http_client(
            crate::USER_AGENT,
            std::time::Duration::from_secs(5),
            std::time::Duration::from_secs(5),
        );
        assert!(client.is_ok(), "{:?}", client.err());
    }
}
