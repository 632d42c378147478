//! Proxies from the environment, as reqwest would read them, with one change: a plain-`http`
//! loopback base URL (a local emulator, a test server) is never sent through a proxy, which
//! would otherwise see the `Authorization: Bearer <key>` header in clear.

use reqwest::{ClientBuilder, NoProxy, Proxy};

/// Hosts plain `http` requests go to directly, whatever `NO_PROXY` says.
const LOOPBACK: &str = "localhost,127.0.0.0/8,::1";

/// Sets `builder`'s proxies from the variables curl and reqwest read (`HTTP_PROXY`,
/// `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, upper or lower case), looked up with `lookup`.
pub(crate) fn from_env(
    builder: ClientBuilder,
    lookup: impl Fn(&str) -> Option<String>,
) -> ClientBuilder {
    // Replaces reqwest's own reading of the same variables.
    let mut builder = builder.no_proxy();
    // Under CGI, `HTTP_PROXY` may come from a request's `Proxy:` header ("httpoxy"): reqwest
    // then uses no proxy at all, and neither does this.
    if lookup("REQUEST_METHOD").is_some() {
        return builder;
    }
    let first = |names: [&str; 2]| {
        names
            .into_iter()
            .find_map(&lookup)
            .filter(|value| !value.trim().is_empty())
    };
    let all = first(["ALL_PROXY", "all_proxy"]);
    let http = first(["HTTP_PROXY", "http_proxy"]).or_else(|| all.clone());
    let https = first(["HTTPS_PROXY", "https_proxy"]).or(all);
    let no = first(["NO_PROXY", "no_proxy"]).unwrap_or_default();
    if let Some(Ok(proxy)) = http.map(Proxy::http) {
        let direct = if no.trim().is_empty() {
            LOOPBACK.to_string()
        } else {
            format!("{no},{LOOPBACK}")
        };
        builder = builder.proxy(proxy.no_proxy(NoProxy::from_string(&direct)));
    }
    if let Some(Ok(proxy)) = https.map(Proxy::https) {
        builder = builder.proxy(proxy.no_proxy(NoProxy::from_string(&no)));
    }
    builder
}
