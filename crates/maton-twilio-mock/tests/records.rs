//! The shared store of account-owned records: another account's SID is unknown, and a refused
//! update leaves the record as it was.

mod common;

use maton_twilio_mock::MockGateway;

#[tokio::test]
async fn a_record_is_not_found_under_another_account() {
    let mock = MockGateway::start().await.expect("start");
    let form = common::form(&[("FriendlyName", "Support")]);
    let (status, queue) = common::post_form(&mock, "Queues.json", form).await;
    assert_eq!(status, 201, "{queue}");
    let qu = queue["sid"].as_str().expect("sid");
    let accounts = format!("{}/2010-04-01/Accounts.json", mock.twilio_url());
    let response = common::raw(&mock)
        .post(accounts)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(common::form(&[("FriendlyName", "Sub")]))
        .send()
        .await
        .expect("send");
    let (status, sub) = common::json(response).await;
    assert_eq!(status, 201, "{sub}");
    let sub = sub["sid"].as_str().expect("sub sid");
    let theirs = format!(
        "{}/2010-04-01/Accounts/{sub}/Queues/{qu}.json",
        mock.twilio_url()
    );
    let (status, body) = common::get_json(&mock, &theirs).await;
    assert_eq!(
        (status, body["code"].as_i64()),
        (404, Some(20404)),
        "{body}"
    );
    // Twilio's words name the path it saw, behind the gateway's `/twilio` prefix.
    assert_eq!(
        body["message"],
        format!("The requested resource /2010-04-01/Accounts/{sub}/Queues/{qu}.json was not found")
    );
    assert_eq!(
        common::status(common::raw(&mock).delete(&theirs)).await,
        404
    );
    let ours = common::url(&mock, &format!("Queues/{qu}.json"));
    let (status, body) = common::get_json(&mock, &ours).await;
    assert_eq!((status, body["sid"].as_str()), (200, Some(qu)), "{body}");
}

#[tokio::test]
async fn a_refused_update_leaves_the_record_as_it_was() {
    let mock = MockGateway::start().await.expect("start");
    let form = common::form(&[("FriendlyName", "Sales"), ("MaxSize", "10")]);
    let (status, queue) = common::post_form(&mock, "Queues.json", form).await;
    assert_eq!(status, 201, "{queue}");
    let tail = format!("Queues/{}.json", queue["sid"].as_str().expect("sid"));
    // The name is valid, the size is not: neither is kept.
    let form = common::form(&[("FriendlyName", "Renamed"), ("MaxSize", "100000")]);
    let (status, body) = common::post_form(&mock, &tail, form).await;
    assert_eq!(status, 400, "{body}");
    let (status, stored) = common::get_json(&mock, &common::url(&mock, &tail)).await;
    assert_eq!(status, 200);
    assert_eq!(stored["friendly_name"], "Sales");
    assert_eq!(stored["max_size"], 10);
    assert_eq!(stored["date_updated"], queue["date_updated"]);
}
