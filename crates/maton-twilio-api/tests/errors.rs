//! What maton-core makes of this crate's errors.

use maton_core::{ErrorKind, Service, from_generated};
use maton_twilio_api::{Context, twilio};

/// The generated client refuses a malformed SID before sending; the converted error names it.
#[tokio::test]
async fn a_refusal_of_the_generated_client_names_the_parameter() {
    let client = twilio::Client::new_with_client(
        "http://127.0.0.1:9",
        reqwest::Client::new(),
        Context::default(),
    );
    let refused = client
        .fetch_message()
        .account_sid("not-an-account-sid")
        .sid("SM0123456789abcdef0123456789abcdef")
        .send()
        .await
        .expect_err("refused before sending");
    let error = from_generated(Service::Twilio, "FetchMessage", refused).await;
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert_eq!(error.field(), Some("account_sid"), "{error}");
}
