//! The generic store: operations without a hand-written behaviour (SIP, keys, conferences,
//! recordings, ...) created, fetched, updated, listed and deleted from the operation table, with
//! Twilio's 404s for other accounts' and other parents' records and for missing parents.

mod common;

use common::{form, get_json, post_form, raw, url};
use maton_twilio_mock::MockGateway;

const MADE_UP_CL: &str = "CL0123456789abcdef0123456789abcdef";

async fn delete(mock: &MockGateway, full_url: &str) -> u16 {
    raw(mock)
        .delete(full_url)
        .send()
        .await
        .expect("send")
        .status()
        .as_u16()
}

#[tokio::test]
async fn generic_records_are_created_fetched_updated_listed_and_deleted() {
    let mock = MockGateway::start().await.unwrap();
    let pairs = [
        ("DomainName", "walk.sip.twilio.com"),
        ("FriendlyName", "first"),
    ];
    let (status, created) = post_form(&mock, "SIP/Domains.json", form(&pairs)).await;
    assert_eq!(status, 201, "{created}");
    let sid = created["sid"].as_str().unwrap().to_string();
    assert!(sid.starts_with("SD") && sid.len() == 34, "{sid}");
    assert_eq!(created["account_sid"], mock.account_sid());
    assert_eq!(created["domain_name"], "walk.sip.twilio.com");
    assert_eq!(created["friendly_name"], "first");
    assert_eq!(
        created["uri"],
        format!(
            "/2010-04-01/Accounts/{}/SIP/Domains/{sid}.json",
            mock.account_sid()
        )
    );
    assert!(created["date_created"].as_str().unwrap().ends_with("+0000"));
    // A boolean field is stored as one, so that the record decodes with the model.
    let pairs = [
        ("FriendlyName", "renamed"),
        ("SipRegistration", "true"),
        ("Nope", "x"),
    ];
    let (status, updated) =
        post_form(&mock, &format!("SIP/Domains/{sid}.json"), form(&pairs)).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["friendly_name"], "renamed");
    assert_eq!(updated["sip_registration"], true);
    assert_eq!(updated["sid"], sid.as_str());
    assert!(updated.get("nope").is_none() && updated.get("Nope").is_none());
    let (status, fetched) = get_json(&mock, &url(&mock, &format!("SIP/Domains/{sid}.json"))).await;
    assert_eq!((status, &fetched), (200, &updated));

    // Paged like every list: a second domain is on the next page.
    let pairs = [("DomainName", "second.sip.twilio.com")];
    let (_, second) = post_form(&mock, "SIP/Domains.json", form(&pairs)).await;
    let (status, page) = get_json(&mock, &url(&mock, "SIP/Domains.json?PageSize=1")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["domains"][0]["sid"], sid.as_str());
    let next = page["next_page_uri"].as_str().expect("a next page");
    let (_, page) = get_json(&mock, &format!("{}{next}", mock.twilio_url())).await;
    assert_eq!(page["domains"][0]["sid"], second["sid"]);
    assert!(page["next_page_uri"].is_null(), "{page}");

    let instance = url(&mock, &format!("SIP/Domains/{sid}.json"));
    assert_eq!(delete(&mock, &instance).await, 204);
    let (status, gone) = get_json(&mock, &instance).await;
    assert_eq!((status, gone["code"].as_i64()), (404, Some(20404)));
    assert_eq!(delete(&mock, &instance).await, 404);
    mock.shutdown().await;
}

#[tokio::test]
async fn another_accounts_or_parents_records_and_missing_parents_are_not_found() {
    let mock = MockGateway::start().await.unwrap();
    let (status, sub) = {
        let response = raw(&mock)
            .post(format!("{}/2010-04-01/Accounts.json", mock.twilio_url()))
            .form(&[("FriendlyName", "sub")])
            .send()
            .await
            .unwrap();
        common::json(response).await
    };
    assert_eq!(status, 201, "{sub}");
    let sub = sub["sid"].as_str().unwrap().to_string();
    let mut lists = Vec::new();
    for name in ["one", "two"] {
        let (status, list) = post_form(
            &mock,
            "SIP/CredentialLists.json",
            form(&[("FriendlyName", name)]),
        )
        .await;
        assert_eq!(status, 201, "{list}");
        lists.push(list["sid"].as_str().unwrap().to_string());
    }
    let pairs = [("Username", "walker"), ("Password", "Walk-password-2026")];
    let tail = format!("SIP/CredentialLists/{}/Credentials.json", lists[0]);
    let (status, credential) = post_form(&mock, &tail, form(&pairs)).await;
    assert_eq!(status, 201, "{credential}");
    let cr = credential["sid"].as_str().unwrap();
    assert!(cr.starts_with("CR"), "{cr}");
    assert_eq!(credential["credential_list_sid"], lists[0].as_str());

    let not_found = |(status, body): (u16, serde_json::Value)| {
        assert_eq!(
            (status, body["code"].as_i64()),
            (404, Some(20404)),
            "{body}"
        );
    };
    // Under its own list it is there; under the other list, or another account, it is not.
    let own = url(
        &mock,
        &format!("SIP/CredentialLists/{}/Credentials/{cr}.json", lists[0]),
    );
    assert_eq!(get_json(&mock, &own).await.0, 200);
    let other = url(
        &mock,
        &format!("SIP/CredentialLists/{}/Credentials/{cr}.json", lists[1]),
    );
    not_found(get_json(&mock, &other).await);
    let elsewhere = own.replace(mock.account_sid(), &sub);
    not_found(get_json(&mock, &elsewhere).await);
    let list_elsewhere = url(&mock, &format!("SIP/CredentialLists/{}.json", lists[0]))
        .replace(mock.account_sid(), &sub);
    not_found(get_json(&mock, &list_elsewhere).await);
    // A parent that does not exist: nothing is created under it, nor listed.
    let tail = format!("SIP/CredentialLists/{MADE_UP_CL}/Credentials.json");
    not_found(post_form(&mock, &tail, form(&pairs)).await);
    not_found(get_json(&mock, &url(&mock, &tail)).await);
    // The parent's list counts only its own records.
    let tail = format!("SIP/CredentialLists/{}/Credentials.json", lists[1]);
    let (_, empty) = get_json(&mock, &url(&mock, &tail)).await;
    assert_eq!(empty["credentials"], serde_json::json!([]));
    mock.shutdown().await;
}

#[tokio::test]
async fn fill_adds_what_twilio_makes_and_payload_data_redirects() {
    let mock = MockGateway::start().await.unwrap();
    let account = format!("/2010-04-01/Accounts/{}", mock.account_sid());
    let notification = mock.fill(&format!("{account}/Notifications.json")).unwrap();
    assert!(notification.starts_with("NO"), "{notification}");
    let (status, fetched) = get_json(
        &mock,
        &url(&mock, &format!("Notifications/{notification}.json")),
    )
    .await;
    assert_eq!(status, 200, "{fetched}");
    assert_eq!(fetched["sid"], notification.as_str());
    assert_eq!(fetched["account_sid"], mock.account_sid());
    // Not for what the API creates or a hand-written behaviour answers, nor under a missing
    // parent or account.
    assert_eq!(mock.fill(&format!("{account}/Messages.json")), None);
    assert_eq!(mock.fill(&format!("{account}/Conferences.json")), None);
    assert_eq!(
        mock.fill(&format!("{account}/SIP/CredentialLists.json")),
        None
    );
    let missing = format!("{account}/SIP/CredentialLists/{MADE_UP_CL}/Credentials.json");
    assert_eq!(mock.fill(&missing), None);
    let stranger = "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Notifications.json";
    assert_eq!(mock.fill(stranger), None);

    // A recorded call's recording, once answered, holds the add-on results.
    let pairs = [
        ("To", "+15559876543"),
        ("From", "+15551234567"),
        ("Url", "http://127.0.0.1:9/twiml"),
        ("Record", "true"),
    ];
    let (status, call) = post_form(&mock, "Calls.json", form(&pairs)).await;
    assert_eq!(status, 201, "{call}");
    mock.advance(std::time::Duration::from_secs(6));
    let (_, recordings) = get_json(&mock, &url(&mock, "Recordings.json")).await;
    let recording = recordings["recordings"][0]["sid"]
        .as_str()
        .expect("a recording")
        .to_string();
    let results = format!("{account}/Recordings/{recording}/AddOnResults.json");
    let result = mock.fill(&results).unwrap();
    let payloads = format!("{account}/Recordings/{recording}/AddOnResults/{result}/Payloads.json");
    let payload = mock.fill(&payloads).unwrap();
    assert!(payload.starts_with("XH"), "{payload}");
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let data = |payload: &str| {
        format!(
            "{}{}/{payload}/Data.json",
            mock.twilio_url(),
            payloads.trim_end_matches(".json")
        )
    };
    let response = no_redirects
        .get(data(&payload))
        .bearer_auth(mock.api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 307);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["redirect_to"], location.as_str());
    let made_up = "XH0123456789abcdef0123456789abcdef";
    let response = no_redirects
        .get(data(made_up))
        .bearer_auth(mock.api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    mock.shutdown().await;
}

#[tokio::test]
async fn the_countries_of_the_catalogue_are_listed_and_fetched() {
    let mock = MockGateway::start().await.unwrap();
    let (status, page) = get_json(&mock, &url(&mock, "AvailablePhoneNumbers.json")).await;
    assert_eq!(status, 200, "{page}");
    let codes: Vec<&str> = page["countries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["country_code"].as_str())
        .collect();
    assert_eq!(codes, ["US", "CA", "GB"]);
    let (status, us) = get_json(&mock, &url(&mock, "AvailablePhoneNumbers/US.json")).await;
    assert_eq!(status, 200, "{us}");
    assert_eq!(us["country"], "United States");
    let local = us["subresource_uris"]["local"].as_str().unwrap();
    let (status, _) = get_json(&mock, &format!("{}{local}", mock.twilio_url())).await;
    assert_eq!(status, 200);
    let (status, _) = get_json(&mock, &url(&mock, "AvailablePhoneNumbers/ZZ.json")).await;
    assert_eq!(status, 404);
    mock.shutdown().await;
}
