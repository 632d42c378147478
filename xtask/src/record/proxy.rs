//! The recording proxy: a server on 127.0.0.1 in front of one upstream that forwards every
//! request and keeps each exchange.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use maton_contract_tests::fixture::Service;

/// One request and its response as the proxy saw them.
#[derive(Clone, Debug)]
pub(super) struct Exchange {
    pub(super) method: String,
    pub(super) path: String,
    pub(super) query: Option<String>,
    pub(super) request_headers: Vec<(String, String)>,
    pub(super) request_body: Vec<u8>,
    pub(super) status: u16,
    pub(super) response_headers: Vec<(String, String)>,
    pub(super) response_body: Vec<u8>,
}

struct ProxyState {
    upstream: String,
    http: reqwest::Client,
    log: Mutex<Vec<Exchange>>,
}

/// A recording proxy on 127.0.0.1 in front of one upstream.
pub(super) struct Proxy {
    pub(super) service: Service,
    pub(super) url: String,
    state: Arc<ProxyState>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

const HOP_BY_HOP: &[&str] = &[
    "host",
    "connection",
    "content-length",
    "transfer-encoding",
    "accept-encoding",
    "keep-alive",
];

impl Proxy {
    pub(super) async fn start(service: Service, upstream: &str) -> Result<Proxy, String> {
        let state = Arc::new(ProxyState {
            upstream: upstream.trim_end_matches('/').to_string(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| format!("building the proxy's client: {e}"))?,
            log: Mutex::new(Vec::new()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("binding the proxy: {e}"))?;
        let url = format!(
            "http://{}",
            listener.local_addr().map_err(|e| e.to_string())?
        );
        let app = axum::Router::new()
            .fallback(forward)
            .with_state(Arc::clone(&state));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Proxy {
            service,
            url,
            state,
            _shutdown: tx,
        })
    }

    pub(super) fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.state.log.lock().expect("not poisoned"))
    }
}

/// The end-to-end headers of a request or response, as text.
fn kept_headers(headers: &axum::http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(k, _)| !HOP_BY_HOP.contains(&k.as_str()))
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

async fn forward(State(state): State<Arc<ProxyState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 16 << 20)
        .await
        .unwrap_or_default();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let target = match &query {
        Some(q) => format!("{}{path}?{q}", state.upstream),
        None => format!("{}{path}", state.upstream),
    };
    let request_headers = kept_headers(&parts.headers);
    let mut upstream = state.http.request(parts.method.clone(), &target);
    for (name, value) in &request_headers {
        upstream = upstream.header(name, value);
    }
    let (status, response_headers, response_body) = match upstream.body(body.to_vec()).send().await
    {
        Ok(response) => {
            let status = response.status().as_u16();
            let headers = kept_headers(response.headers());
            let bytes = response.bytes().await.unwrap_or_default().to_vec();
            (status, headers, bytes)
        }
        Err(e) => (
            599,
            vec![("content-type".to_string(), "text/plain".to_string())],
            format!("recording proxy: upstream unreachable: {e}").into_bytes(),
        ),
    };
    state.log.lock().expect("not poisoned").push(Exchange {
        method: parts.method.to_string(),
        path,
        query,
        request_headers,
        request_body: body.to_vec(),
        status,
        response_headers: response_headers.clone(),
        response_body: response_body.clone(),
    });
    let mut response = Response::new(Body::from(response_body));
    *response.status_mut() =
        axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::BAD_GATEWAY);
    for (name, value) in response_headers {
        if let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::from_bytes(name.as_bytes()),
            axum::http::HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}
