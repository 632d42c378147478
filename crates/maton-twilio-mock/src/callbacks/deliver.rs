//! One signed webhook request over plain HTTP/1.1, with a timeout, never panicking on what the
//! receiver does.

use std::net::IpAddr;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HOST, USER_AGENT};
use http::{Method, Request, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::{CallbackDelivery, CallbackOptions, Job};

/// The most of an answer kept.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Twilio's signature, by the same definition the client checks it with.
pub(super) fn sign(token: &str, url: &str, params: &[(String, String)]) -> String {
    maton_twilio_rules::webhook_signature(token.as_bytes(), url, params)
}

fn encode(params: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .finish()
}

/// Sends `job` and records what happened; never fails.
pub(super) async fn send(options: &CallbackOptions, job: &Job) -> CallbackDelivery {
    let token = options.token.as_deref().unwrap_or_default();
    // GET carries the parameters in the query, and the signature covers that URL alone.
    let (url, body, signed_params) = if job.method == Method::GET {
        let joiner = if job.url.contains('?') { '&' } else { '?' };
        let url = format!("{}{joiner}{}", job.url, encode(&job.params));
        (url, String::new(), Vec::new())
    } else {
        (job.url.clone(), encode(&job.params), job.params.clone())
    };
    let signature = sign(token, &url, &signed_params);
    let mut delivery = CallbackDelivery {
        kind: job.kind,
        sid: job.sid.clone(),
        url: url.clone(),
        method: job.method.clone(),
        params: job.params.clone(),
        signature: signature.clone(),
        status: None,
        content_type: None,
        body: String::new(),
        error: None,
        error_code: None,
    };
    let exchange = exchange(options, &url, &job.method, body, &signature);
    match tokio::time::timeout(options.timeout, exchange).await {
        Ok(Ok((status, content_type, body))) => {
            delivery.status = Some(status);
            delivery.content_type = content_type;
            delivery.body = body;
        }
        Ok(Err(error)) => delivery.error = Some(error),
        Err(_) => {
            delivery.error = Some(format!(
                "no answer within {} ms",
                options.timeout.as_millis()
            ))
        }
    }
    delivery
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

async fn exchange(
    options: &CallbackOptions,
    url: &str,
    method: &Method,
    body: String,
    signature: &str,
) -> Result<(u16, Option<String>, String), String> {
    let uri: Uri = url.parse().map_err(|_| "not a valid URL".to_string())?;
    match uri.scheme_str() {
        Some("http") => {}
        Some("https") => {
            return Err("https is not spoken by the emulator: use an http URL".to_string());
        }
        _ => return Err("not an http URL".to_string()),
    }
    let host = uri.host().ok_or("the URL has no host")?.to_string();
    if !options.allow_remote && !is_loopback(&host) {
        return Err(format!(
            "refused: {host} is not a loopback address (see allow_remote_callbacks)"
        ));
    }
    let port = uri.port_u16().unwrap_or(80);
    let connect_host = if host.eq_ignore_ascii_case("localhost") {
        "127.0.0.1".to_string()
    } else {
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .to_string()
    };
    let stream = TcpStream::connect((connect_host.as_str(), port))
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("HTTP handshake failed: {e}"))?;
    let driver = tokio::spawn(connection);
    let authority = uri
        .authority()
        .map(|a| a.as_str().to_string())
        .unwrap_or(host);
    let path = uri
        .path_and_query()
        .map_or("/".to_string(), |p| p.as_str().to_string());
    let mut request = Request::builder()
        .method(method.clone())
        .uri(path)
        .header(HOST, authority)
        .header(USER_AGENT, "TwilioProxy/1.1")
        .header("X-Twilio-Signature", signature);
    if *method == Method::POST {
        request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    let request = request
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("cannot build the request: {e}"))?;
    let answer = sender.send_request(request).await;
    let result = match answer {
        Ok(response) => {
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let body = match Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                .collect()
                .await
            {
                Ok(collected) => String::from_utf8_lossy(&collected.to_bytes()).into_owned(),
                Err(_) => String::new(),
            };
            Ok((status, content_type, body))
        }
        Err(e) => Err(format!("the request failed: {e}")),
    };
    driver.abort();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_only() {
        for host in ["127.0.0.1", "127.5.5.5", "localhost", "[::1]", "LOCALHOST"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["10.0.0.1", "example.com", "127.0.0.1.evil.com", "[::2]"] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
