//! Call recordings: `Record=true`, started on a live call, paused, resumed, stopped, listed by
//! the call and by the account, deleted; 404 for unknown SIDs and other accounts'.

use maton_twilio_api::twilio::types::{
    CallRecordingSource, CallRecordingStatus, RecordingSource, RecordingStatus,
};

use super::{advance, place_call, refused, start, subaccount};

#[tokio::test]
async fn a_call_placed_with_record_leaves_a_completed_recording() {
    let (mock, client, ac) = start().await;
    let ca = place_call(&client, &ac, None, true).await;
    let plain = place_call(&client, &ac, None, false).await;
    let list = |call: String| {
        let client = &client;
        let ac = ac.clone();
        async move {
            client
                .list_call_recording()
                .account_sid(ac.as_str())
                .call_sid(call.as_str())
                .send()
                .await
                .expect("list")
                .into_inner()
                .recordings
                .unwrap_or_default()
        }
    };
    // Nothing is recorded before the call is answered (5 s after it was placed).
    assert!(list(ca.clone()).await.is_empty());
    advance(&mock, 5);
    let live = list(ca.clone()).await;
    assert_eq!(live.len(), 1, "{live:?}");
    assert_eq!(live[0].status, Some(CallRecordingStatus::InProgress));
    assert_eq!(
        live[0]
            .duration
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("-1")
    );
    // The call completes on its own 15 s after it was placed, having talked 10 s.
    advance(&mock, 10);
    let done = list(ca.clone()).await;
    let recording = &done[0];
    assert_eq!(recording.status, Some(CallRecordingStatus::Completed));
    assert_eq!(
        recording
            .duration
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("10")
    );
    assert_eq!(recording.call_sid.as_deref(), Some(ca.as_str()));
    assert_eq!(recording.source, Some(CallRecordingSource::OutboundAPI));
    let re = recording.sid.clone().expect("sid");
    assert!(re.starts_with("RE"), "{re}");
    assert!(
        list(plain).await.is_empty(),
        "a call without Record leaves none"
    );
    // The account sees the same recording, by its SID and in its list filtered by call.
    let fetched = client
        .fetch_recording()
        .account_sid(ac.as_str())
        .sid(re.as_str())
        .send()
        .await
        .expect("fetch")
        .into_inner();
    assert_eq!(fetched.status, Some(RecordingStatus::Completed));
    assert_eq!(fetched.source, Some(RecordingSource::OutboundAPI));
    assert_eq!(fetched.call_sid.as_deref(), Some(ca.as_str()));
    let all = client
        .list_recording()
        .account_sid(ac.as_str())
        .call_sid(ca.clone())
        .send()
        .await
        .expect("list")
        .into_inner()
        .recordings
        .unwrap_or_default();
    assert_eq!(
        all.iter()
            .filter_map(|r| r.sid.as_deref())
            .collect::<Vec<_>>(),
        [re.as_str()]
    );
    // Deleted through the account, it is gone under the call too.
    client
        .delete_recording()
        .account_sid(ac.as_str())
        .sid(re.as_str())
        .send()
        .await
        .expect("delete");
    let gone = client
        .fetch_call_recording()
        .account_sid(ac.as_str())
        .call_sid(ca.as_str())
        .sid(re.as_str())
        .send()
        .await;
    assert_eq!(refused(gone).await, (404, 20404));
    assert!(list(ca).await.is_empty());
}

#[tokio::test]
async fn a_recording_started_on_a_live_call_pauses_resumes_and_stops() {
    let (mock, client, ac) = start().await;
    let ca = place_call(&client, &ac, None, false).await;
    let create = || {
        client
            .create_call_recording()
            .account_sid(ac.as_str())
            .call_sid(ca.as_str())
            .body_map(|b| b)
            .send()
    };
    // A call not answered yet cannot be recorded.
    assert_eq!(refused(create().await).await, (400, 21220));
    advance(&mock, 5);
    let started = create().await.expect("create");
    assert_eq!(started.status().as_u16(), 201);
    let started = started.into_inner();
    assert_eq!(started.status, Some(CallRecordingStatus::InProgress));
    assert_eq!(
        started.source,
        Some(CallRecordingSource::StartCallRecordingAPI)
    );
    let re = started.sid.clone().expect("sid");
    let set = |status: CallRecordingStatus| {
        client
            .update_call_recording()
            .account_sid(ac.as_str())
            .call_sid(ca.as_str())
            .sid(re.as_str())
            .body_map(move |b| b.status(status))
            .send()
    };
    advance(&mock, 2);
    let paused = set(CallRecordingStatus::Paused)
        .await
        .expect("pause")
        .into_inner();
    assert_eq!(paused.status, Some(CallRecordingStatus::Paused));
    advance(&mock, 3);
    let resumed = set(CallRecordingStatus::InProgress)
        .await
        .expect("resume")
        .into_inner();
    assert_eq!(resumed.status, Some(CallRecordingStatus::InProgress));
    advance(&mock, 1);
    let stopped = set(CallRecordingStatus::Stopped)
        .await
        .expect("stop")
        .into_inner();
    assert_eq!(stopped.status, Some(CallRecordingStatus::Stopped));
    advance(&mock, 1);
    let fetched = client
        .fetch_call_recording()
        .account_sid(ac.as_str())
        .call_sid(ca.as_str())
        .sid(re.as_str())
        .send()
        .await
        .expect("fetch")
        .into_inner();
    assert_eq!(fetched.status, Some(CallRecordingStatus::Completed));
    // 2 s recorded, 3 s paused, 1 s recorded.
    assert_eq!(
        fetched
            .duration
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("3")
    );
    // Over: it cannot be paused again.
    assert_eq!(
        refused(set(CallRecordingStatus::Paused).await).await,
        (400, 20001)
    );
    // The account's list filters by call and by creation date.
    let today = client
        .list_recording()
        .account_sid(ac.as_str())
        .call_sid(ca.clone())
        .send()
        .await
        .expect("list")
        .into_inner()
        .recordings
        .unwrap_or_default();
    assert_eq!(today.len(), 1);
    let created = chrono::DateTime::parse_from_rfc2822(
        &today[0].date_created.as_ref().expect("date").to_string(),
    )
    .expect("rfc 2822")
    .with_timezone(&chrono::Utc);
    let later = client
        .list_recording()
        .account_sid(ac.as_str())
        .date_created_after(created + chrono::TimeDelta::days(2))
        .send()
        .await
        .expect("list")
        .into_inner()
        .recordings
        .unwrap_or_default();
    assert!(later.is_empty(), "{later:?}");
    let other_call = place_call(&client, &ac, None, false).await;
    let none = client
        .list_recording()
        .account_sid(ac.as_str())
        .call_sid(other_call)
        .send()
        .await
        .expect("list")
        .into_inner()
        .recordings
        .unwrap_or_default();
    assert!(none.is_empty());
    // No recording here belongs to a conference.
    let in_conference = client
        .list_recording()
        .account_sid(ac.as_str())
        .conference_sid("CF0123456789abcdef0123456789abcdef".to_string())
        .send()
        .await
        .expect("list")
        .into_inner()
        .recordings
        .unwrap_or_default();
    assert!(in_conference.is_empty());
}

#[tokio::test]
async fn recordings_of_another_account_and_unknown_sids_are_not_found() {
    let (mock, client, ac) = start().await;
    let ca = place_call(&client, &ac, None, true).await;
    advance(&mock, 20);
    let re = client
        .list_recording()
        .account_sid(ac.as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .recordings
        .unwrap_or_default()[0]
        .sid
        .clone()
        .expect("sid");
    let sub = subaccount(&client).await;
    let theirs = client
        .fetch_recording()
        .account_sid(sub.as_str())
        .sid(re.as_str())
        .send()
        .await;
    assert_eq!(refused(theirs).await, (404, 20404));
    let theirs = client
        .delete_recording()
        .account_sid(sub.as_str())
        .sid(re.as_str())
        .send()
        .await;
    assert_eq!(refused(theirs).await, (404, 20404));
    let listed = client
        .list_recording()
        .account_sid(sub.as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .recordings
        .unwrap_or_default();
    assert!(listed.is_empty());
    let unknown = "RE0123456789abcdef0123456789abcdef";
    let fetch = client
        .fetch_recording()
        .account_sid(ac.as_str())
        .sid(unknown)
        .send()
        .await;
    assert_eq!(refused(fetch).await, (404, 20404));
    let update = client
        .update_call_recording()
        .account_sid(ac.as_str())
        .call_sid(ca.as_str())
        .sid(unknown)
        .body_map(|b| b.status(CallRecordingStatus::Paused))
        .send()
        .await;
    assert_eq!(refused(update).await, (404, 20404));
    let unknown_call = "CA0123456789abcdef0123456789abcdef";
    let list = client
        .list_call_recording()
        .account_sid(ac.as_str())
        .call_sid(unknown_call)
        .send()
        .await;
    assert_eq!(refused(list).await, (404, 20404));
    // The recording exists, but not under another call.
    let other = place_call(&client, &ac, None, false).await;
    let misplaced = client
        .fetch_call_recording()
        .account_sid(ac.as_str())
        .call_sid(other.as_str())
        .sid(re.as_str())
        .send()
        .await;
    assert_eq!(refused(misplaced).await, (404, 20404));
    // Deleting the call keeps its recording, as Twilio does.
    client
        .delete_call()
        .account_sid(ac.as_str())
        .sid(ca.as_str())
        .send()
        .await
        .expect("delete");
    let kept = client
        .fetch_recording()
        .account_sid(ac.as_str())
        .sid(re.as_str())
        .send()
        .await;
    let kept = kept.expect("fetch").into_inner();
    assert_eq!(
        kept.duration.as_ref().map(ToString::to_string).as_deref(),
        Some("10")
    );
}

#[tokio::test]
async fn ending_the_call_ends_its_recording() {
    let (mock, client, ac) = start().await;
    let ca = place_call(&client, &ac, None, true).await;
    advance(&mock, 8);
    client
        .update_call()
        .account_sid(ac.as_str())
        .sid(ca.as_str())
        .body_map(|b| {
            b.status(Some(
                maton_twilio_api::twilio::types::CallUpdateStatus::Completed,
            ))
        })
        .send()
        .await
        .expect("hang up");
    let recordings = client
        .list_call_recording()
        .account_sid(ac.as_str())
        .call_sid(ca.as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .recordings
        .unwrap_or_default();
    assert_eq!(recordings.len(), 1);
    // Answered 5 s after it was placed, hung up 3 s later.
    assert_eq!(recordings[0].status, Some(CallRecordingStatus::Completed));
    assert_eq!(
        recordings[0]
            .duration
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("3")
    );
}
