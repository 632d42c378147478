//! Recording against the emulator as the upstream.

use maton_contract_tests::fixture::{self, Service, Source};
use maton_contract_tests::secrets;
use maton_contract_tests::spec::Spec;
use maton_twilio_mock::MockGateway;
use serde_json::json;

use super::interaction::now_rfc3339;
use super::{Config, SCENARIOS, record};

#[test]
fn the_clock_formats_known_days() {
    let text = now_rfc3339();
    assert_eq!(text.len(), 20, "{text}");
    assert!(text.starts_with("20") && text.ends_with('Z'), "{text}");
}

/// Records every scenario against the emulator as the upstream, into a temporary directory,
/// and checks what was written: valid fixtures, recorded sources, no key, and the exchanges
/// really captured.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_against_the_emulator() {
    let mock = MockGateway::start().await.expect("emulator");
    let out = tempfile::tempdir().expect("temp dir");
    let config = Config {
        scenarios: SCENARIOS.iter().map(|s| s.to_string()).collect(),
        key: mock.api_key().to_string(),
        twilio_upstream: mock.twilio_url(),
        control_upstream: mock.control_url(),
        out: out.path().to_path_buf(),
        spec_dir: crate::workspace_root().join("spec"),
        connection: None,
        send: Some(("+15551234567".into(), "+15559876543".into())),
        command: "cargo xtask record all".into(),
    };
    let written = record(&config).await.expect("recording works");
    assert!(written.iter().all(|p| p.starts_with(out.path())));

    let fixtures = fixture::load_dir(out.path()).expect("every file is a fixture");
    assert_eq!(fixtures.len(), written.len());
    let spec = Spec::load(&config.spec_dir).unwrap();
    for loaded in &fixtures {
        let f = &loaded.fixture;
        assert_eq!(f.validate(), Ok(()), "{}", loaded.name);
        assert!(
            matches!(&f.source, Source::Recorded { by, .. } if by == "cargo xtask record all"),
            "{}",
            loaded.name
        );
        assert!(spec.operation(&f.operation).is_some(), "{}", loaded.name);
        assert_eq!(secrets::scan(&loaded.text), vec![], "{}", loaded.name);
        assert!(!loaded.text.contains(mock.api_key()), "{}", loaded.name);
    }
    let named = |name: &str| {
        fixtures
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| {
                panic!(
                    "{name} was not written: {:?}",
                    fixtures.iter().map(|f| &f.name).collect::<Vec<_>>()
                )
            })
            .fixture
            .clone()
    };

    // The send is captured as sent: the form, non-BMP text included, and Twilio's 201.
    let sent = named("messages/recorded_send_message.json");
    assert_eq!(sent.operation, "CreateMessage");
    let request = sent.request.as_ref().unwrap();
    assert_eq!(
        request.path,
        format!("/2010-04-01/Accounts/{}/Messages.json", mock.account_sid())
    );
    assert_eq!(request.form_value("Body"), Some("maton contract test 😀𝄞"));
    assert_eq!(request.form_value("To"), Some("+15559876543"));
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    let response = sent.response.as_ref().unwrap();
    assert_eq!(response.status, 201);
    let body = response.json_body().unwrap().unwrap();
    assert_eq!(body["body"], "maton contract test 😀𝄞");

    // Errors are captured with their status and body.
    let gone = named("queues/recorded_delete_queue_not_found.json");
    assert_eq!(gone.response.as_ref().unwrap().status, 404);
    let unauthorised = named("gateway/recorded_invalid_key_401.json");
    assert_eq!(unauthorised.response.as_ref().unwrap().status, 401);
    let no_token = named("usage/recorded_list_usage_records_page_without_token.json");
    assert_eq!(no_token.response.as_ref().unwrap().status, 400);
    // A usage window's fixture is named in snake case, as the committed ones are.
    let last_month = named("usage/recorded_list_usage_records_last_month.json");
    assert_eq!(last_month.response.as_ref().unwrap().status, 200);

    // The control plane goes through its own proxy, with its JSON body.
    let created = named("connections/recorded_create_connection.json");
    assert_eq!(created.service, Service::Control);
    assert_eq!(
        created.request.as_ref().unwrap().json,
        Some(json!({"app": "twilio"}))
    );

    // Every operation the scenarios touch is named from spec/.
    let operations: std::collections::BTreeSet<&str> = fixtures
        .iter()
        .map(|f| f.fixture.operation.as_str())
        .collect();
    for op in [
        "ListAccount",
        "FetchAccount",
        "CreateMessage",
        "ListMessage",
        "ListCall",
        "ListIncomingPhoneNumber",
        "ListAvailablePhoneNumberLocal",
        "CreateApplication",
        "DeleteApplication",
        "CreateQueue",
        "UpdateQueue",
        "ListAddress",
        "ListUsageRecordDaily",
        "ListConnections",
        "CreateConnection",
        "DeleteConnection",
        "GetConnection",
    ] {
        assert!(operations.contains(op), "{op} not recorded: {operations:?}");
    }
    mock.shutdown().await;
}
