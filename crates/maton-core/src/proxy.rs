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

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    fn client(vars: Vec<(&'static str, String)>) -> reqwest::Client {
        let lookup = move |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        };
        from_env(reqwest::Client::builder(), lookup)
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn plain_http_to_loopback_goes_direct_and_the_rest_through_the_proxy() {
        let (proxy, seen) = maton_test_support::recording_proxy().await;
        let direct = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let direct_url = format!("http://{}/x", direct.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = direct.accept().await {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\ndirect")
                    .await;
            }
        });
        for vars in [
            vec![("HTTP_PROXY", proxy.clone())],
            vec![("http_proxy", proxy.clone())],
            vec![
                ("ALL_PROXY", proxy.clone()),
                ("NO_PROXY", "example.org".into()),
            ],
        ] {
            let client = client(vars);
            let answer = client.get(&direct_url).send().await.unwrap();
            assert_eq!(answer.text().await.unwrap(), "direct");
            for host in ["localhost", "127.0.0.1"] {
                let url = direct_url.replace("127.0.0.1", host);
                assert_eq!(client.get(&url).send().await.unwrap().status(), 200);
            }
            let other = client.get("http://other.invalid/y").send().await.unwrap();
            assert_eq!(other.status(), 204, "answered by the proxy");
        }
        let seen: Vec<String> = seen
            .lock()
            .unwrap()
            .iter()
            .map(|head| head.lines().next().unwrap_or("").to_string())
            .collect();
        assert_eq!(seen, vec!["GET http://other.invalid/y HTTP/1.1"; 3]);
    }
}
