//! One request, start to end: check the key (before any of the body is read), read the body
//! within the size and time limits, record it, route it, draw its fault, check the rate, perform
//! it, count it, and mangle the answer if the fault says so.

use bytes::Bytes;
use http::header::AUTHORIZATION;
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use http_body_util::{BodyExt, Limited};
use hyper::body::Body;
use hyper::body::Incoming;

use crate::control;
use crate::faults::Fault;
use crate::recorder::RecordedRequest;
use crate::reply::{ApiError, GatewayError, Reply};
use crate::routes::{self, Plane, Route, RouteError};
use crate::shared::{Shared, lock};
use crate::twilio;

/// What the connection does with a request.
pub(crate) enum Outcome {
    /// Answer this.
    Reply(Reply),
    /// Drop the connection without answering.
    Reset,
}

/// An error in the shape the plane answers with.
fn plane_error(plane: Plane, twilio: ApiError) -> Reply {
    match plane {
        Plane::Twilio => twilio.into_reply(),
        Plane::Control | Plane::Consent => {
            GatewayError::new(twilio.status, twilio.message).into_reply()
        }
    }
}

pub(crate) async fn handle(shared: &Shared, request: hyper::Request<Incoming>) -> Outcome {
    let (parts, body) = request.into_parts();
    let plane = routes::plane(parts.uri.path());
    let routed = routes::resolve(&parts.method, parts.uri.path());
    // The key is checked before a byte of the body is read, so that a client without it cannot
    // make the emulator buffer anything (the body is left unread and the connection closed).
    if plane != Plane::Consent && !authorised(shared, parts.headers.get(AUTHORIZATION)) {
        record(shared, &parts, Bytes::new(), routed.as_ref().ok());
        return Outcome::Reply(GatewayError::unauthorized().into_reply());
    }
    let limit = shared.limits.max_body_bytes;
    let too_large = || {
        let error = ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            20001,
            format!("The request body is larger than {limit} bytes"),
        );
        Outcome::Reply(plane_error(plane, error))
    };
    if body.size_hint().lower() > u64::try_from(limit).unwrap_or(u64::MAX) {
        record(shared, &parts, Bytes::new(), routed.as_ref().ok());
        return too_large();
    }
    let timeout = shared.limits.body_read_timeout;
    let read = tokio::time::timeout(timeout, Limited::new(body, limit).collect());
    let body = match read.await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(error)) if error.is::<http_body_util::LengthLimitError>() => {
            record(shared, &parts, Bytes::new(), routed.as_ref().ok());
            return too_large();
        }
        // The client went away mid-body: nobody is left to answer.
        Ok(Err(_)) => return Outcome::Reset,
        Err(_) => {
            record(shared, &parts, Bytes::new(), routed.as_ref().ok());
            let error = ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                20001,
                format!(
                    "The request body did not arrive within {} ms",
                    timeout.as_millis()
                ),
            );
            return Outcome::Reply(plane_error(plane, error));
        }
    };
    record(shared, &parts, body.clone(), routed.as_ref().ok());
    let key = authorised(shared, parts.headers.get(AUTHORIZATION));
    if let Some(reply) = crate::callbacks::control(shared, &parts, &body, key).await {
        return Outcome::Reply(reply);
    }
    let route = match routed {
        Ok(route) => route,
        Err(RouteError::NotFound) => {
            return Outcome::Reply(plane_error(plane, ApiError::not_found(parts.uri.path())));
        }
        Err(RouteError::MethodNotAllowed(allow)) => {
            return Outcome::Reply(plane_error(plane, ApiError::method_not_allowed(allow)));
        }
    };
    let fault = lock(&shared.faults).next_fault(route.operation);
    match &fault {
        Some(Fault::Latency(delay)) => tokio::time::sleep(*delay).await,
        Some(Fault::TooManyRequests { retry_after }) => {
            return Outcome::Reply(GatewayError::too_many_requests(*retry_after).into_reply());
        }
        Some(Fault::InternalServerError) => {
            return Outcome::Reply(GatewayError::internal().into_reply());
        }
        Some(Fault::BadGatewayHtml) => {
            return Outcome::Reply(Reply::html(StatusCode::BAD_GATEWAY, "502 Bad Gateway"));
        }
        Some(Fault::ResetBeforeProcessing) => return Outcome::Reset,
        _ => {}
    }
    let reply = perform(shared, &parts, &route, plane, &body);
    if reply.is_success() {
        *lock(&shared.performed).entry(route.operation).or_default() += 1;
        crate::callbacks::after_request(shared, route.operation, &body, &reply.body);
    }
    match fault {
        Some(Fault::ResetAfterProcessing) => Outcome::Reset,
        Some(Fault::TruncatedJson) => {
            let cut = reply.body.len() / 2;
            Outcome::Reply(Reply {
                body: reply.body.slice(..cut),
                ..reply
            })
        }
        Some(Fault::InvalidJson) => Outcome::Reply(Reply {
            body: Bytes::from_static(b"{\"sid\": SM, <not json>"),
            ..reply
        }),
        _ => Outcome::Reply(reply),
    }
}

fn perform(shared: &Shared, parts: &Parts, route: &Route, plane: Plane, body: &[u8]) -> Reply {
    let now = shared.clock.now();
    if plane != Plane::Consent {
        if !authorised(shared, parts.headers.get(AUTHORIZATION)) {
            return GatewayError::unauthorized().into_reply();
        }
        if let Err(retry_after) = lock(&shared.limiter).admit(&shared.api_key, now) {
            return GatewayError::too_many_requests(retry_after).into_reply();
        }
    }
    match plane {
        Plane::Twilio => {
            let connection = parts
                .headers
                .get("maton-connection")
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty());
            twilio::handle(shared, route, &parts.uri, connection, body, now)
                .unwrap_or_else(Reply::from)
        }
        Plane::Control | Plane::Consent => control::handle(shared, route, &parts.uri, body, now),
    }
}

fn authorised(shared: &Shared, header: Option<&HeaderValue>) -> bool {
    let Some(text) = header.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some((scheme, key)) = text.split_once(' ') else {
        return false;
    };
    scheme.eq_ignore_ascii_case("bearer") && key.trim() == shared.api_key
}

/// Records the request with copies of its headers and body: the originals share the
/// connection's read buffer, which a kept slice would keep alive whole.
fn record(shared: &Shared, parts: &Parts, body: Bytes, route: Option<&Route>) {
    let mut headers = http::HeaderMap::with_capacity(parts.headers.len());
    for (name, value) in &parts.headers {
        if name == AUTHORIZATION {
            continue;
        }
        if let Ok(copy) = HeaderValue::from_bytes(value.as_bytes()) {
            headers.append(name.clone(), copy);
        }
    }
    lock(&shared.recorder).push(RecordedRequest {
        method: parts.method.clone(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers,
        body: Bytes::copy_from_slice(&body),
        operation: route.map(|r| r.operation),
    });
}
