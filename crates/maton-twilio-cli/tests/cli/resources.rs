//! Accounts, calls, numbers, applications, queues, addresses and usage.

use maton_twilio_mock::MockGateway;
use serde_json::{Value, json};

use crate::common::{count, ok_json, run, send_sms, str_at, with_number};

#[tokio::test]
async fn calls_numbers_and_account_commands() {
    let (mock, from) = with_number().await;

    let accounts = ok_json(&mock, &["accounts", "list"]).await;
    assert_eq!(str_at(&accounts[0], "sid"), mock.account_sid());
    assert_eq!(
        str_at(&ok_json(&mock, &["accounts", "get"]).await, "sid"),
        mock.account_sid()
    );
    assert_eq!(
        str_at(
            &ok_json(&mock, &["accounts", "get", mock.account_sid()]).await,
            "sid"
        ),
        mock.account_sid()
    );

    let call = ok_json(
        &mock,
        &[
            "calls",
            "create",
            "--to",
            "+15559876543",
            "--from",
            &from,
            "--url",
            "https://example.com/twiml",
            "--ring-timeout",
            "30",
        ],
    )
    .await;
    let sid = str_at(&call, "sid").to_string();
    assert_eq!(
        count(&mock, &["calls", "list", "--status", "queued"]).await,
        1
    );
    assert_eq!(
        str_at(&ok_json(&mock, &["calls", "get", &sid]).await, "sid"),
        sid
    );
    let ended = ok_json(&mock, &["calls", "end", &sid]).await;
    assert_eq!(str_at(&ended, "sid"), sid);
    ok_json(&mock, &["calls", "delete", &sid]).await;
    let neither = run(
        &mock,
        &["calls", "create", "--to", "+15559876543", "--from", &from],
    )
    .await;
    assert_eq!(
        neither.code, 2,
        "clap refuses a call without --url, --twiml or --application"
    );

    let search = ["numbers", "search", "--country", "US"];
    let found = ok_json(
        &mock,
        &[&search[..], &["--area-code", "415", "--limit", "2"]].concat(),
    )
    .await;
    assert_eq!(found.as_array().map(Vec::len), Some(2), "{found}");
    let number = str_at(&found[0], "phone_number").to_string();
    let bought = ok_json(
        &mock,
        &[
            "numbers",
            "buy",
            "--phone-number",
            &number,
            "--friendly-name",
            "Test line",
        ],
    )
    .await;
    let pn = str_at(&bought, "sid").to_string();
    let updated = ok_json(
        &mock,
        &[
            "numbers",
            "update",
            &pn,
            "--voice-url",
            "https://example.com/voice",
        ],
    )
    .await;
    assert_eq!(str_at(&updated, "voice_url"), "https://example.com/voice");
    assert_eq!(
        str_at(
            &ok_json(&mock, &["numbers", "get", &pn]).await,
            "phone_number"
        ),
        number
    );
    assert_eq!(count(&mock, &["numbers", "list"]).await, 3);
    ok_json(&mock, &["numbers", "release", &pn]).await;
    assert_eq!(count(&mock, &["numbers", "list"]).await, 2);
    let toll_free = [&search[..], &["--type", "toll-free", "--limit", "1"]].concat();
    assert_eq!(count(&mock, &toll_free).await, 1);
}

/// One resource's round trip through the CLI: create, update, get, list, delete.
struct Crud<'a> {
    resource: &'a str,
    create: &'a [&'a str],
    /// A field `create` sets that the update leaves alone, and its value.
    kept: (&'a str, Value),
    update: &'a [&'a str],
    /// The field the update changes, and its new value.
    changed: (&'a str, Value),
    /// A `list` filter that finds the one created.
    list: &'a [&'a str],
}

impl Crud<'_> {
    async fn run(&self, mock: &MockGateway) {
        let name = self.resource;
        let created = ok_json(mock, &[&[name, "create"], self.create].concat()).await;
        let sid = str_at(&created, "sid").to_string();
        let (kept, kept_value) = &self.kept;
        let (changed, changed_value) = &self.changed;
        let updated = ok_json(mock, &[&[name, "update", &sid], self.update].concat()).await;
        assert_eq!(
            &updated[*changed], changed_value,
            "{name} update: {updated}"
        );
        let got = ok_json(mock, &[name, "get", &sid]).await;
        assert_eq!(&got[*changed], changed_value, "{name} get: {got}");
        assert_eq!(&got[*kept], kept_value, "{name} get: {got}");
        assert_eq!(
            count(mock, &[&[name, "list"], self.list].concat()).await,
            1,
            "{name} list"
        );
        ok_json(mock, &[name, "delete", &sid]).await;
        let gone = run(mock, &[name, "get", &sid]).await;
        assert_eq!(gone.code, 3, "{name} get after delete: {}", gone.stderr);
    }
}

#[tokio::test]
async fn applications_queues_addresses_and_usage_commands() {
    let mock = MockGateway::start().await.unwrap();
    let cases = [
        Crud {
            resource: "applications",
            create: &[
                "--friendly-name",
                "App",
                "--voice-url",
                "https://example.com/v",
            ],
            kept: ("voice_url", json!("https://example.com/v")),
            update: &["--friendly-name", "App 2"],
            changed: ("friendly_name", json!("App 2")),
            list: &["--friendly-name", "App 2"],
        },
        Crud {
            resource: "queues",
            create: &["--friendly-name", "Support", "--max-size", "50"],
            kept: ("friendly_name", json!("Support")),
            update: &["--max-size", "60"],
            changed: ("max_size", json!(60)),
            list: &[],
        },
        Crud {
            resource: "addresses",
            create: &[
                "--customer-name",
                "Acme",
                "--street",
                "1 Main St",
                "--city",
                "San Francisco",
                "--region",
                "CA",
                "--postal-code",
                "94105",
                "--iso-country",
                "US",
            ],
            kept: ("customer_name", json!("Acme")),
            update: &["--city", "Oakland"],
            changed: ("city", json!("Oakland")),
            list: &["--iso-country", "US"],
        },
    ];
    for case in &cases {
        case.run(&mock).await;
    }

    let from = mock.owned_numbers()[0].clone();
    send_sms(&mock, &from, "x").await;
    let usage = ok_json(&mock, &["usage", "list", "--category", "sms"]).await;
    assert_eq!(str_at(&usage[0], "category"), "sms");
    let today = ok_json(&mock, &["usage", "list", "--window", "today"]).await;
    assert!(today.as_array().is_some());
    let bad = run(&mock, &["usage", "list", "--start", "yesterday"]).await;
    assert_eq!(bad.code, 2);
}

#[tokio::test]
async fn usage_window_names_select_their_twilio_sub_list() {
    let mock = MockGateway::start().await.unwrap();
    let cases = [
        ("all-time", "/Usage/Records/AllTime.json"),
        ("last-month", "/Usage/Records/LastMonth.json"),
        ("this-month", "/Usage/Records/ThisMonth.json"),
        ("yesterday", "/Usage/Records/Yesterday.json"),
    ];
    for (name, suffix) in cases {
        mock.clear_requests();
        ok_json(&mock, &["usage", "list", "--window", name]).await;
        let paths: Vec<String> = mock.requests().into_iter().map(|r| r.path).collect();
        assert!(
            paths.iter().any(|path| path.ends_with(suffix)),
            "--window {name}: {paths:?}"
        );
    }
}
