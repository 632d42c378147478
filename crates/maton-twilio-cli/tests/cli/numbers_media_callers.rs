//! `accounts create|suspend|reactivate|close` and an MMS's `media` against the emulator; `media`,
//! `numbers --type` and `caller-ids` also against a recording server on 127.0.0.1 answering as
//! Twilio does (to check the requests sent); and the input each refuses (exit 2) before any
//! request.

use maton_test_support::{MockServer, Recorded, Reply};
use maton_twilio_mock::MockGateway;
use serde_json::{Value, json};
use tokio::process::Command;

use crate::common::{Run, assert_contains, finish, ok_json, run, str_at};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const MMS: &str = "MM0123456789abcdef0123456789abcdef";
const MEDIA: &str = "ME0123456789abcdef0123456789abcdef";
const NUMBER: &str = "PN0123456789abcdef0123456789abcdef";

#[tokio::test]
async fn subaccounts_are_created_suspended_reactivated_and_closed() {
    let mock = MockGateway::start().await.expect("the emulator starts");
    let created = ok_json(
        &mock,
        &["accounts", "create", "--friendly-name", "Tenant 7"],
    )
    .await;
    assert_eq!(str_at(&created, "friendly_name"), "Tenant 7");
    assert_eq!(str_at(&created, "status"), "active");
    let sid = str_at(&created, "sid").to_string();
    assert_ne!(sid, mock.account_sid());

    let suspended = ok_json(&mock, &["accounts", "suspend", &sid]).await;
    assert_eq!(str_at(&suspended, "status"), "suspended");
    let active = ok_json(&mock, &["accounts", "reactivate", &sid]).await;
    assert_eq!(str_at(&active, "status"), "active");

    let unconfirmed = run(&mock, &["accounts", "close", &sid]).await;
    assert_eq!(unconfirmed.code, 2, "{}", unconfirmed.stderr);
    assert_contains(&unconfirmed.stderr, "--yes");
    let still = ok_json(&mock, &["accounts", "get", &sid]).await;
    assert_eq!(str_at(&still, "status"), "active", "nothing was closed");

    let table = run(&mock, &["accounts", "close", &sid, "--yes"]).await;
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert_contains(&table.stdout, "closed");
    // Final: the emulator, as Twilio, refuses to reopen it.
    let reopen = run(&mock, &["accounts", "reactivate", &sid]).await;
    assert_eq!(reopen.code, 3, "{}", reopen.stderr);

    for (args, needle) in [
        (
            vec!["accounts", "create", "--friendly-name", ""],
            "--friendly-name",
        ),
        (vec!["accounts", "suspend", "AC123"], "SID"),
        (
            vec![
                "accounts",
                "close",
                "PN0123456789abcdef0123456789abcdef",
                "--yes",
            ],
            "SID",
        ),
    ] {
        let refused = run(&mock, &args).await;
        assert_eq!(refused.code, 2, "{args:?}: {}", refused.stderr);
        assert_contains(&refused.stderr, needle);
    }
}

fn page(key: &str, item: Value) -> Value {
    json!({key: [item], "page": 0, "page_size": 50, "start": 0, "end": 0,
           "uri": "/2010-04-01/x.json", "first_page_uri": "/2010-04-01/x.json",
           "next_page_uri": null, "previous_page_uri": null})
}

fn number_json() -> Value {
    json!({"sid": NUMBER, "account_sid": ACCOUNT, "phone_number": "+18005550123",
           "friendly_name": "Hotline", "capabilities": {"voice": true, "sms": true}})
}

fn caller_id_json() -> Value {
    json!({"sid": NUMBER, "account_sid": ACCOUNT, "phone_number": "+14155550123",
           "friendly_name": "Front desk"})
}

/// Answers as Twilio does the paths of `media`, `numbers --type` and `caller-ids`.
fn twilio(r: &Recorded) -> Reply {
    let prefix = format!("/twilio/2010-04-01/Accounts/{ACCOUNT}");
    let rest = r.path.strip_prefix(&prefix).unwrap_or("");
    let media = json!({"sid": MEDIA, "parent_sid": MMS, "account_sid": ACCOUNT,
                       "content_type": "image/jpeg"});
    match (r.method.as_str(), rest) {
        ("DELETE", _) => Reply::empty(204),
        ("GET", p) if p.ends_with("/Media.json") => Reply::json(200, page("media_list", media)),
        ("GET", p) if p.contains("/Media/") => Reply::json(200, media),
        ("GET", p) if p.starts_with("/IncomingPhoneNumbers/") => {
            Reply::json(200, page("incoming_phone_numbers", number_json()))
        }
        ("POST", p) if p.starts_with("/IncomingPhoneNumbers/") => Reply::json(201, number_json()),
        ("GET", "/OutgoingCallerIds.json") => {
            Reply::json(200, page("outgoing_caller_ids", caller_id_json()))
        }
        ("POST", "/OutgoingCallerIds.json") => Reply::json(
            201,
            json!({"account_sid": ACCOUNT, "phone_number": "+14155550123",
                   "validation_code": "987654", "friendly_name": "Front desk"}),
        ),
        (_, p) if p.starts_with("/OutgoingCallerIds/") => Reply::json(200, caller_id_json()),
        _ => Reply::json(
            404,
            json!({"code": 20404, "message": "The requested resource was not found",
                   "status": 404}),
        ),
    }
}

/// The binary with a clean environment, pointed at `server` with a fixed account.
async fn cli(server: &MockServer, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_maton-twilio"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MATON_API_KEY", "test-key-not-secret")
        .env("MATON_TWILIO_BASE_URL", format!("{}/twilio", server.url()))
        .env("MATON_CTRL_BASE_URL", server.url())
        .env("MATON_TWILIO_ACCOUNT_SID", ACCOUNT)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    finish(&mut cmd).await
}

async fn json_of(server: &MockServer, args: &[&str]) -> Value {
    let run = cli(server, &[&["--json"], args].concat()).await;
    assert_eq!(run.code, 0, "{args:?} failed:\n{}", run.stderr);
    run.json()
}

fn sent(server: &MockServer) -> Vec<(String, String)> {
    server
        .requests()
        .iter()
        .map(|r| (r.method.to_string(), r.path.clone()))
        .collect()
}

#[tokio::test]
async fn media_commands_list_get_delete_a_message_s_media() {
    let server = MockServer::start(twilio).await;
    let listed = json_of(
        &server,
        &[
            "media",
            "list",
            MMS,
            "--created-after",
            "2026-02-01",
            "--limit",
            "5",
        ],
    )
    .await;
    assert_eq!(str_at(&listed[0], "sid"), MEDIA);
    let got = json_of(&server, &["media", "get", MMS, MEDIA]).await;
    assert_eq!(str_at(&got, "content_type"), "image/jpeg");
    let table = cli(&server, &["media", "delete", MMS, MEDIA]).await;
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert_eq!(table.stdout.trim(), format!("deleted {MEDIA}"));
    let base = format!("/twilio/2010-04-01/Accounts/{ACCOUNT}/Messages/{MMS}/Media");
    assert_eq!(
        sent(&server),
        [
            ("GET".into(), format!("{base}.json")),
            ("GET".into(), format!("{base}/{MEDIA}.json")),
            ("DELETE".into(), format!("{base}/{MEDIA}.json")),
        ]
    );
    assert_eq!(
        server.requests()[0].query("DateCreated>").as_deref(),
        Some("2026-02-01T00:00:00Z")
    );
    let human = cli(&server, &["media", "list", MMS]).await;
    assert_contains(&human.stdout, "CONTENT TYPE");
    assert_contains(&human.stdout, "image/jpeg");

    let before = server.requests().len();
    for (args, needle) in [
        (vec!["media", "list", "SM123"], "MESSAGE_SID"),
        (vec!["media", "get", MMS, NUMBER], "MEDIA_SID"),
        (vec!["media", "delete", MEDIA, MEDIA], "MESSAGE_SID"),
        (
            vec!["media", "list", MMS, "--created-after", "soon"],
            "--created-after",
        ),
    ] {
        let refused = cli(&server, &args).await;
        assert_eq!(refused.code, 2, "{args:?}: {}", refused.stderr);
        assert_contains(&refused.stderr, needle);
    }
    assert_eq!(
        server.requests().len(),
        before,
        "nothing sent for bad input"
    );
}

#[tokio::test]
async fn numbers_by_type_are_listed_and_bought_at_their_type_s_path() {
    let server = MockServer::start(twilio).await;
    let bought = json_of(
        &server,
        &[
            "numbers",
            "buy",
            "--type",
            "toll-free",
            "--phone-number",
            "+18005550123",
            "--friendly-name",
            "Hotline",
        ],
    )
    .await;
    assert_eq!(str_at(&bought, "sid"), NUMBER);
    let buy = &server.requests()[0];
    assert!(
        buy.path.ends_with("/IncomingPhoneNumbers/TollFree.json"),
        "{}",
        buy.path
    );
    let mut form = buy.form_pairs();
    form.sort();
    assert_eq!(
        form,
        [
            ("FriendlyName".to_string(), "Hotline".to_string()),
            ("PhoneNumber".to_string(), "+18005550123".to_string()),
        ]
    );
    for (kind, path) in [
        ("local", "Local"),
        ("mobile", "Mobile"),
        ("toll-free", "TollFree"),
    ] {
        let listed = json_of(&server, &["numbers", "list", "--type", kind]).await;
        assert_eq!(str_at(&listed[0], "phone_number"), "+18005550123");
        let last = server.requests().pop().expect("a request");
        assert!(
            last.path
                .ends_with(&format!("/IncomingPhoneNumbers/{path}.json")),
            "{}",
            last.path
        );
    }
    let human = cli(
        &server,
        &[
            "numbers",
            "list",
            "--type",
            "mobile",
            "--friendly-name",
            "Hotline",
        ],
    )
    .await;
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert_contains(&human.stdout, "CAPABILITIES");
    assert_contains(&human.stdout, "voice,sms");
    assert_eq!(
        server
            .requests()
            .pop()
            .and_then(|r| r.query("FriendlyName"))
            .as_deref(),
        Some("Hotline")
    );

    let before = server.requests().len();
    for (args, needle) in [
        (
            vec![
                "numbers",
                "buy",
                "--type",
                "local",
                "--phone-number",
                "4155550123",
            ],
            "--phone-number",
        ),
        (vec!["numbers", "buy", "--type", "mobile"], "--phone-number"),
        (
            vec!["numbers", "buy", "--type", "local", "--area-code", "415"],
            "--area-code",
        ),
        (vec!["numbers", "list", "--type", "landline"], "--type"),
    ] {
        let refused = cli(&server, &args).await;
        assert_eq!(refused.code, 2, "{args:?}: {}", refused.stderr);
        assert_contains(&refused.stderr, needle);
    }
    assert_eq!(
        server.requests().len(),
        before,
        "nothing sent for bad input"
    );
}

#[tokio::test]
async fn caller_id_commands_verify_list_get_rename_delete() {
    let server = MockServer::start(twilio).await;
    let verify = cli(
        &server,
        &[
            "caller-ids",
            "verify",
            "+14155550123",
            "--friendly-name",
            "Front desk",
            "--call-delay",
            "10",
        ],
    )
    .await;
    assert_eq!(verify.code, 0, "{}", verify.stderr);
    assert_contains(&verify.stdout, "validation code  987654");
    let mut form = server.requests()[0].form_pairs();
    form.sort();
    assert_eq!(
        form,
        [
            ("CallDelay".to_string(), "10".to_string()),
            ("FriendlyName".to_string(), "Front desk".to_string()),
            ("PhoneNumber".to_string(), "+14155550123".to_string()),
        ]
    );
    let listed = json_of(
        &server,
        &["caller-ids", "list", "--phone-number", "+14155550123"],
    )
    .await;
    assert_eq!(str_at(&listed[0], "sid"), NUMBER);
    let got = json_of(&server, &["caller-ids", "get", NUMBER]).await;
    assert_eq!(str_at(&got, "friendly_name"), "Front desk");
    json_of(
        &server,
        &[
            "caller-ids",
            "rename",
            NUMBER,
            "--friendly-name",
            "Reception",
        ],
    )
    .await;
    assert_eq!(
        server.requests()[3].form_pairs(),
        [("FriendlyName".to_string(), "Reception".to_string())]
    );
    let deleted = json_of(&server, &["caller-ids", "delete", NUMBER]).await;
    assert_eq!(deleted, json!({"deleted": NUMBER}));
    let one = format!("/twilio/2010-04-01/Accounts/{ACCOUNT}/OutgoingCallerIds/{NUMBER}.json");
    assert_eq!(
        sent(&server)[1..],
        [
            (
                "GET".into(),
                format!("/twilio/2010-04-01/Accounts/{ACCOUNT}/OutgoingCallerIds.json")
            ),
            ("GET".into(), one.clone()),
            ("POST".into(), one.clone()),
            ("DELETE".into(), one),
        ]
    );

    let before = server.requests().len();
    for (args, needle) in [
        (vec!["caller-ids", "verify", "4155550123"], "PHONE_NUMBER"),
        (
            vec!["caller-ids", "verify", "+14155550123", "--call-delay", "61"],
            "--call-delay",
        ),
        (
            vec!["caller-ids", "verify", "+14155550123", "--extension", "12x"],
            "--extension",
        ),
        (
            vec!["caller-ids", "rename", NUMBER, "--friendly-name", ""],
            "--friendly-name",
        ),
        (vec!["caller-ids", "get", MMS], "SID"),
        (vec!["caller-ids", "delete", "PN1"], "SID"),
    ] {
        let refused = cli(&server, &args).await;
        assert_eq!(refused.code, 2, "{args:?}: {}", refused.stderr);
        assert_contains(&refused.stderr, needle);
    }
    assert_eq!(
        server.requests().len(),
        before,
        "nothing sent for bad input"
    );
}

#[tokio::test]
async fn an_mms_s_media_are_listed_fetched_and_deleted_on_the_emulator() {
    let (mock, from) = crate::common::with_number().await;
    let sent = ok_json(
        &mock,
        &crate::common::send_args(
            &from,
            &[
                "--body",
                "photo",
                "--media-url",
                "https://example.com/a.png",
            ],
        ),
    )
    .await;
    let message = str_at(&sent, "sid").to_string();
    let listed = ok_json(&mock, &["media", "list", &message]).await;
    let items = listed.as_array().expect("a JSON array");
    assert_eq!(items.len(), 1, "{listed}");
    let media = str_at(&items[0], "sid").to_string();
    assert_eq!(str_at(&items[0], "parent_sid"), message);
    let got = ok_json(&mock, &["media", "get", &message, &media]).await;
    assert_eq!(str_at(&got, "sid"), media);
    let deleted = ok_json(&mock, &["media", "delete", &message, &media]).await;
    assert_eq!(deleted, json!({"deleted": media}));
    let gone = run(&mock, &["media", "get", &message, &media]).await;
    assert_eq!(gone.code, 3, "{}", gone.stderr);
    assert_eq!(
        crate::common::count(&mock, &["media", "list", &message]).await,
        0
    );
}
