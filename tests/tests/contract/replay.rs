//! The replay server: answers a fixture's requests with its recorded responses, in order, and
//! afterwards compares every request it received with the one the fixture expects.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use maton_contract_tests::fixture::{Fixture, Interaction, Response};
use maton_contract_tests::json;
use maton_contract_tests::wire::{self, Received};
use maton_test_support::{MockServer, Recorded, Reply};

/// What a client made of one response.
#[derive(Debug)]
pub enum Outcome {
    /// A 2xx, decoded into the client's type and encoded back to JSON (`null` for no body).
    Decoded {
        status: u16,
        value: serde_json::Value,
    },
    /// Any other status, with the body as received.
    Refused {
        status: u16,
        body: String,
        twilio_code: Option<i64>,
    },
}

/// A server on 127.0.0.1 that plays one fixture.
pub struct Replay {
    server: MockServer,
    expected: Arc<Vec<Interaction>>,
}

impl Replay {
    /// Starts a server answering the fixture's interactions in order; a request beyond the last
    /// gets a 599 that names the problem (and fails [`Replay::check_requests`]).
    pub async fn start(fixture: &Fixture) -> Replay {
        let expected = Arc::new(fixture.interactions());
        let next = Arc::new(AtomicUsize::new(0));
        let answers = Arc::clone(&expected);
        let server = MockServer::start(move |_request: &Recorded| {
            let n = next.fetch_add(1, Ordering::SeqCst);
            match answers.get(n) {
                Some(interaction) => reply(&interaction.response),
                None => Reply::raw(
                    599,
                    "text/plain",
                    format!(
                        "replay: request {} has no interaction in the fixture",
                        n + 1
                    ),
                ),
            }
        })
        .await;
        Replay { server, expected }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Compares every received request with the fixture's, in order; the error is a readable
    /// diff per request.
    pub fn check_requests(&self) -> Result<(), String> {
        let received = self.server.requests();
        let mut problems = Vec::new();
        for (i, interaction) in self.expected.iter().enumerate() {
            match received.get(i) {
                Some(request) => {
                    if let Err(mismatch) =
                        wire::compare(&interaction.request, &to_received(request))
                    {
                        problems.push(format!("request {}: {mismatch}", i + 1));
                    }
                }
                None => problems.push(format!(
                    "request {}: never sent (expected {} {})",
                    i + 1,
                    interaction.request.method,
                    interaction.request.path
                )),
            }
        }
        for (i, extra) in received.iter().enumerate().skip(self.expected.len()) {
            problems.push(format!(
                "request {}: not in the fixture: {} {}{}",
                i + 1,
                extra.method,
                extra.path,
                extra
                    .query
                    .as_deref()
                    .map(|q| format!("?{q}"))
                    .unwrap_or_default()
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }
}

/// The recorded response as the server sends it.
pub fn reply(response: &Response) -> Reply {
    let mut headers = Vec::new();
    for (name, value) in &response.headers {
        headers.push((
            http::HeaderName::from_bytes(name.as_bytes()).expect("fixture header name"),
            http::HeaderValue::from_str(value).expect("fixture header value"),
        ));
    }
    Reply {
        status: http::StatusCode::from_u16(response.status).expect("fixture status"),
        headers,
        body: response.body_bytes().into(),
    }
}

/// A request as the shared comparison wants it.
pub fn to_received(request: &Recorded) -> Received {
    Received {
        method: request.method.to_string(),
        path: request.path.clone(),
        query: request.query.clone(),
        headers: request
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: request.body.to_vec(),
    }
}

/// The status the client saw is the one the response has.
fn same_status(expected: &Response, status: u16) -> Result<(), String> {
    if status == expected.status {
        Ok(())
    } else {
        Err(format!(
            "status: expected {}, the client saw {status}",
            expected.status
        ))
    }
}

/// Asserts what a client made of a response against the response itself: the status, the decoded
/// value (equal to the body, nulls aside) for a success, the body intact and Twilio's code for an
/// error.
pub fn check_outcome(expected: &Response, outcome: &Outcome) -> Result<(), String> {
    match outcome {
        Outcome::Decoded { status, value } => {
            // The generated client decodes only the statuses the spec declares for the
            // operation; a redirect is one (add-on payload data answers 307), an error never.
            if !expected.is_success() && !(300..400).contains(&expected.status) {
                return Err(format!(
                    "the client reported success ({status}) for a {} response",
                    expected.status
                ));
            }
            same_status(expected, *status)?;
            match expected.json_body() {
                Some(Ok(body)) if !value.is_null() => {
                    let diff = json::diff(&json::without_nulls(&body), &json::without_nulls(value));
                    if diff.is_empty() {
                        Ok(())
                    } else {
                        Err(format!(
                            "the decoded value differs from the body:\n  {}",
                            diff.join("\n  ")
                        ))
                    }
                }
                Some(Err(e)) => Err(e),
                _ => Ok(()),
            }
        }
        Outcome::Refused {
            status,
            body,
            twilio_code,
        } => {
            if expected.is_success() {
                return Err(format!(
                    "the client reported an error ({status}) for a {} response: {body}",
                    expected.status
                ));
            }
            same_status(expected, *status)?;
            let sent = String::from_utf8_lossy(&expected.body_bytes()).into_owned();
            if *body != sent {
                return Err(format!(
                    "error body: expected {sent:?} intact, the client saw {body:?}"
                ));
            }
            let code = expected
                .json_body()
                .and_then(Result::ok)
                .and_then(|b| b.get("code").and_then(serde_json::Value::as_i64));
            if code.is_some() && *twilio_code != code {
                return Err(format!(
                    "Twilio code: expected {code:?}, the client saw {twilio_code:?}"
                ));
            }
            Ok(())
        }
    }
}
