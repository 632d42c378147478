//! The gateway's own behaviour: the key, the connection a request runs with, the control plane's
//! authorisation flow.

mod common;

use maton_twilio_api::control::types::ConnectionStatus;
use maton_twilio_api::twilio::Operation;
use maton_twilio_mock::MockGateway;
use serde_json::json;

/// An emulator whose only connections are new ones with `statuses`, in order.
async fn with_only_connections(
    statuses: impl IntoIterator<Item = ConnectionStatus>,
) -> MockGateway {
    let builder = MockGateway::builder().without_connection();
    let builder = statuses
        .into_iter()
        .fold(builder, |builder, status| builder.connection(status));
    builder.start().await.expect("start")
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_401_on_both_planes() {
    let mock = MockGateway::start().await.expect("start");
    let anonymous = reqwest::Client::new();
    for url in [
        format!("{}/2010-04-01/Accounts.json", mock.twilio_url()),
        format!("{}/connections", mock.control_url()),
    ] {
        let (status, body) = common::json(anonymous.get(&url).send().await.expect("send")).await;
        assert_eq!(
            (status, body),
            (401, json!({"error": "Invalid API key"})),
            "{url}"
        );
        let wrong = common::http_with_key("not_the_key");
        assert_eq!(common::status(wrong.get(&url)).await, 401);
    }
    let custom = MockGateway::builder()
        .api_key("team_key")
        .start()
        .await
        .expect("start");
    let ok = common::http_with_key("team_key")
        .get(format!("{}/connections", custom.control_url()))
        .send()
        .await
        .expect("send");
    assert_eq!(ok.status().as_u16(), 200);
    assert_eq!(
        mock.performed(Operation::ListAccount.id()),
        0,
        "refused requests are not performed"
    );
}

#[tokio::test]
async fn without_an_active_connection_the_gateway_answers_400() {
    let mock = with_only_connections([ConnectionStatus::Pending]).await;
    let (status, body) = common::json(
        common::raw(&mock)
            .get(common::url(&mock, "Messages.json"))
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "No ACTIVE connection found for app twilio");
}

#[tokio::test]
async fn maton_connection_picks_the_account_and_the_oldest_active_is_the_default() {
    let mock = MockGateway::builder()
        .connection(ConnectionStatus::Active)
        .connection(ConnectionStatus::Failed)
        .start()
        .await
        .expect("start");
    let connections = mock.connections();
    let (second, _) = &connections[1];
    let (failed, _) = &connections[2];
    let second_account = mock.connection_account(second).expect("account");
    assert_ne!(second_account, mock.account_sid());

    let accounts = |header: Option<String>| {
        let mut request =
            common::raw(&mock).get(format!("{}/2010-04-01/Accounts.json", mock.twilio_url()));
        if let Some(id) = header {
            request = request.header("Maton-Connection", id);
        }
        async move { common::json(request.send().await.expect("send")).await }
    };
    let (_, default) = accounts(None).await;
    assert_eq!(default["accounts"][0]["sid"], mock.account_sid());
    let (_, picked) = accounts(Some(second.clone())).await;
    assert_eq!(picked["accounts"][0]["sid"], second_account.as_str());
    let (status, body) = accounts(Some(failed.clone())).await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = accounts(Some("no-such-connection".to_string())).await;
    assert_eq!(status, 400);

    // An account of another connection is Twilio's 401 / 20003, not a leak.
    let foreign = format!(
        "{}/2010-04-01/Accounts/{second_account}/Messages.json",
        mock.twilio_url()
    );
    let (status, body) =
        common::json(common::raw(&mock).get(foreign).send().await.expect("send")).await;
    assert_eq!((status, body["code"].clone()), (401, json!(20003)));
}

#[tokio::test]
async fn a_created_connection_is_pending_until_its_url_is_opened() {
    let mock = with_only_connections([]).await;
    let control = common::raw(&mock);
    let create = |body: serde_json::Value| {
        control
            .post(format!("{}/connections", mock.control_url()))
            .json(&body)
            .send()
    };
    let (status, created) =
        common::json(create(json!({"app": "twilio"})).await.expect("send")).await;
    assert_eq!(status, 200);
    assert_eq!(created["connection"]["status"], "PENDING");
    let url = created["connection"]["url"]
        .as_str()
        .expect("url")
        .to_string();
    assert!(url.starts_with(&mock.control_url()), "{url}");

    // Still no usable connection.
    let accounts = format!("{}/2010-04-01/Accounts.json", mock.twilio_url());
    assert_eq!(common::status(control.get(&accounts)).await, 400);

    // A browser opens the link: no key needed.
    let page = reqwest::Client::new().get(&url).send().await.expect("open");
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.expect("text").contains("authorised"));
    let id = created["connection"]["connection_id"].as_str().expect("id");
    let (_, got) =
        common::get_json(&mock, &format!("{}/connections/{id}", mock.control_url())).await;
    assert_eq!(got["connection"]["status"], "ACTIVE");
    let (status, body) = common::get_json(&mock, &accounts).await;
    assert_eq!(status, 200, "{body}");
    // Opening it twice is a conflict, not a second account.
    assert_eq!(common::status(reqwest::Client::new().get(&url)).await, 409);

    // Deny turns another one FAILED.
    let (_, other) = common::json(
        create(json!({"app": "twilio", "method": "OAUTH2"}))
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(other["connection"]["method"], "OAUTH2");
    let other_id = other["connection"]["connection_id"].as_str().expect("id");
    let deny = format!("{}/connect/{other_id}/deny", mock.control_url());
    assert_eq!(common::status(reqwest::Client::new().get(deny)).await, 200);
    let failed_url = format!("{}/connections?status=FAILED", mock.control_url());
    let (_, failed) = common::get_json(&mock, &failed_url).await;
    assert_eq!(failed["connections"].as_array().map(Vec::len), Some(1));

    // Bad creates and unknown ids.
    for bad in [
        json!({}),
        json!({"app": ""}),
        json!({"app": "twilio", "method": "TELEPATHY"}),
        json!([1]),
    ] {
        let (status, body) = common::json(create(bad.clone()).await.expect("send")).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    let unknown = format!("{}/connections/nope", mock.control_url());
    assert_eq!(common::status(control.get(&unknown)).await, 404);
    assert_eq!(common::status(control.delete(&unknown)).await, 404);
    assert_eq!(
        common::status(control.delete(format!("{}/connections/{id}", mock.control_url()))).await,
        200
    );
    assert_eq!(
        common::status(control.get(&accounts)).await,
        400,
        "the only ACTIVE one is gone"
    );
}

#[tokio::test]
async fn the_handle_authorises_and_denies_like_the_urls() {
    let mock = with_only_connections([ConnectionStatus::Pending, ConnectionStatus::Pending]).await;
    let ids: Vec<String> = mock.connections().into_iter().map(|(id, _)| id).collect();
    assert!(mock.authorize_connection(&ids[0]));
    assert!(!mock.authorize_connection(&ids[0]), "only PENDING ones");
    assert!(mock.deny_connection(&ids[1]));
    let statuses: Vec<ConnectionStatus> = mock.connections().into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        statuses,
        vec![ConnectionStatus::Active, ConnectionStatus::Failed]
    );
}
