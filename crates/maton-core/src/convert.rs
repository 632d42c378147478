//! Turning what the generated clients return into [`Error`].

use crate::error::{Error, ErrorKind, Service};
use crate::transport::NotSent;

/// The most of an error body that is kept (larger bodies are cut, and say so).
pub const MAX_ERROR_BODY: usize = 256 * 1024;

/// Converts a generated operation's error, reading the body of an error response.
pub async fn from_generated(
    service: Service,
    operation: &'static str,
    error: progenitor_client::Error<()>,
) -> Error {
    use progenitor_client::Error as G;
    let converted = match error {
        G::InvalidRequest(message) => Error::invalid_input(refused_parameter(&message), message),
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
    match response.extensions().get::<NotSent>() {
        Some(NotSent::Deadline(total)) => return Error::deadline_before_sending(*total),
        Some(NotSent::Refused(refused)) => {
            return Error::limiter_refused(format!(
                "not sent: the rate limiter refused the request: {refused}"
            ));
        }
        None => {}
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

/// The parameter a generated builder refused, from its message ("conversion to `T` for
/// `account_sid` failed", "account_sid was not initialized"): the name as the generated client
/// spells it, or `request` when the message names none.
fn refused_parameter(message: &str) -> String {
    let name = message
        .rsplit_once(" for ")
        .and_then(|(_, rest)| rest.strip_suffix(" failed"))
        .or_else(|| message.strip_suffix(" was not initialized"))
        .filter(|name| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
    name.unwrap_or("request").to_string()
}

#[cfg(test)]
mod refused_parameter_tests {
    use super::refused_parameter;

    #[test]
    fn the_generated_messages_name_their_parameter() {
        assert_eq!(
            refused_parameter(
                "conversion to `crate :: twilio :: types :: AccountSid` for account_sid failed"
            ),
            "account_sid"
        );
        assert_eq!(
            refused_parameter("page_size was not initialized"),
            "page_size"
        );
        assert_eq!(refused_parameter("something else"), "request");
        assert_eq!(refused_parameter("conversion for a b failed"), "request");
    }
}
