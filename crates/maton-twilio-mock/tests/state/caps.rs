//! The caps of the hand-written records: recordings and media evict their oldest, participants
//! are refused past `Limits::max_resources`.

use maton_twilio_mock::Limits;

use super::{advance, common, place_call, refused};

#[tokio::test]
async fn recordings_and_media_evict_their_oldest_and_participants_are_refused() {
    let limits = Limits {
        max_resources: 2,
        ..Limits::default()
    };
    let mock = common::with_limits(limits).await;
    let client = common::twilio(&mock);
    let ac = mock.account_sid().to_string();
    let urls: Vec<String> = ["a.png", "b.gif", "c.pdf"]
        .iter()
        .map(|name| format!("https://example.com/{name}"))
        .collect();
    let mm = client
        .create_message()
        .account_sid(ac.as_str())
        .body_map(|b| {
            b.to("+15559876543")
                .from(Some("+15551234567".to_string()))
                .media_url(urls)
        })
        .send()
        .await
        .expect("send")
        .into_inner()
        .sid
        .expect("sid");
    let media = client
        .list_media()
        .account_sid(ac.as_str())
        .message_sid(mm.as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .media_list
        .unwrap_or_default();
    let types: Vec<_> = media
        .iter()
        .filter_map(|m| m.content_type.as_deref())
        .collect();
    assert_eq!(types, ["image/gif", "application/pdf"]);
    let mut calls = Vec::new();
    for _ in 0..3 {
        calls.push(place_call(&client, &ac, None, true).await);
    }
    advance(&mock, 20);
    let recorded = client
        .list_recording()
        .account_sid(ac.as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .recordings
        .unwrap_or_default();
    let mut recorded: Vec<_> = recorded.into_iter().filter_map(|r| r.call_sid).collect();
    recorded.sort();
    let mut newest = calls[1..].to_vec();
    newest.sort();
    assert_eq!(recorded, newest);
    let dial = "<Response><Dial><Conference>Full</Conference></Dial></Response>";
    place_call(&client, &ac, Some(dial), false).await;
    let cf = client
        .list_conference()
        .account_sid(ac.as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .conferences
        .unwrap_or_default()[0]
        .sid
        .clone()
        .expect("sid");
    let add = |to: &'static str| {
        client
            .create_participant()
            .account_sid(ac.as_str())
            .conference_sid(cf.as_str())
            .body_map(move |b| b.from("+15551234567").to(to))
            .send()
    };
    add("+15559876001").await.expect("second participant");
    assert_eq!(refused(add("+15559876002").await).await, (400, 20001));
}
