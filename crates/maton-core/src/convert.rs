//! Turning what the generated clients return into [`Error`].

use crate::error::{Error, ErrorKind, Service};
use crate::transport::DeadlineBeforeSending;

/// The most of an error body that is kept (larger bodies are cut, and say so).
pub const MAX_ERROR_BODY: usize = 256 * 1024;

/// Converts a generated operation's error, reading the body of an error response.
pub async fn from_generated(
    service: Service,
    operation: &'static str,
    error: maton_twilio_api::Error<()>,
) -> Error {
    use maton_twilio_api::Error as G;
    let converted = match error {
        G::InvalidRequest(message) => Error::invalid_input("request", message),
        G::CommunicationError(e) | G::InvalidUpgrade(e) => Error::from_transport(e),
        // Only a success status has its body read by the generated code: the request was done.
        G::ResponseBodyError(e) => Error::unreadable_success(None, e),
        G::InvalidResponsePayload(bytes, e) => Error::from_decode(
            http::StatusCode::OK,
            String::from_utf8_lossy(&bytes).into_owned(),
            e,
        ),
        G::ErrorResponse(value) => Error::from_status(
            service,
            value.status(),
            value.headers().clone(),
            String::new(),
        ),
        G::UnexpectedResponse(response) => from_response(service, response).await,
        G::Custom(message) => Error::config(message),
    };
    converted.with_operation(operation)
}

/// Builds the error for a response with an error status, reading (a bounded part of) its body.
pub async fn from_response(service: Service, mut response: reqwest::Response) -> Error {
    if let Some(deadline) = response.extensions().get::<DeadlineBeforeSending>() {
        return Error::deadline_before_sending(deadline.total);
    }
    if let Some(refused) = response.extensions().get::<crate::limiter::Refused>() {
        return Error::limiter_refused(format!(
            "not sent: the rate limiter refused the request: {}",
            refused.0
        ));
    }
    let status = response.status();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    let mut cut = false;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = MAX_ERROR_BODY - body.len();
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    cut = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(_) => {
                cut = true;
                break;
            }
        }
    }
    let mut text = String::from_utf8_lossy(&body).into_owned();
    if cut {
        text.push_str("\n[body cut: it was larger than the error body limit or broke off]");
    }
    let error = Error::status_error(service, status, headers, text, cut);
    debug_assert!(error.kind() != ErrorKind::Decode);
    error
}
