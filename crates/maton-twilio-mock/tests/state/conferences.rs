//! Conferences and participants: started by a call that dials one, joined through the API,
//! muted, held, kicked, ended; 404 for unknown SIDs and other accounts' conferences.

use maton_twilio_api::twilio::types::{
    ConferenceReasonConferenceEnded, ConferenceStatus, ConferenceUpdateStatus, ParticipantStatus,
};

use super::{place_call, refused, start, subaccount};

const DIAL: &str = "<Response><Dial><Conference>Standup</Conference></Dial></Response>";

/// The SID of the account's conference in progress named `name` (the only one).
async fn conference_named(
    client: &maton_twilio_api::twilio::Client,
    ac: &str,
    name: &str,
) -> String {
    let found = client
        .list_conference()
        .account_sid(ac)
        .friendly_name(name.to_string())
        .status(ConferenceStatus::InProgress)
        .send()
        .await
        .expect("list")
        .into_inner()
        .conferences
        .unwrap_or_default();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].status, Some(ConferenceStatus::InProgress));
    found[0].sid.clone().expect("sid")
}

#[tokio::test]
async fn participants_join_are_muted_held_and_kicked_and_the_conference_ends() {
    let (_mock, client, ac) = start().await;
    let caller = place_call(&client, &ac, Some(DIAL), false).await;
    let cf = conference_named(&client, &ac, "Standup").await;
    assert!(cf.starts_with("CF"), "{cf}");
    let participants = |muted: Option<bool>, hold: Option<bool>| {
        let (client, ac, cf) = (&client, ac.clone(), cf.clone());
        async move {
            let mut list = client
                .list_participant()
                .account_sid(ac.as_str())
                .conference_sid(cf.as_str());
            if let Some(muted) = muted {
                list = list.muted(muted);
            }
            if let Some(hold) = hold {
                list = list.hold(hold);
            }
            let page = list.send().await.expect("list").into_inner();
            page.participants
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| p.call_sid)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(participants(None, None).await, [caller.as_str()]);
    let added = client
        .create_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .body_map(|b| {
            b.from("+15551234567")
                .to("+15559876000")
                .muted(Some(true))
                .label(Some("coach".to_string()))
        })
        .send()
        .await
        .expect("add");
    assert_eq!(added.status().as_u16(), 201);
    let added = added.into_inner();
    let joined = added.call_sid.clone().expect("call sid");
    assert!(joined.starts_with("CA") && joined != caller, "{joined}");
    assert_eq!((added.muted, added.hold), (Some(true), Some(false)));
    assert_eq!(added.status, Some(ParticipantStatus::Connected));
    assert_eq!(added.conference_sid.as_deref(), Some(cf.as_str()));
    assert_eq!(
        participants(None, None).await,
        [caller.clone(), joined.clone()]
    );
    assert_eq!(participants(Some(true), None).await, [joined.as_str()]);
    assert_eq!(participants(Some(false), None).await, [caller.as_str()]);
    // Hold the first caller: the filters follow.
    let held = client
        .update_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .call_sid(caller.as_str())
        .body_map(|b| b.hold(Some(true)))
        .send()
        .await
        .expect("hold")
        .into_inner();
    assert_eq!(held.hold, Some(true));
    assert_eq!(participants(None, Some(true)).await, [caller.as_str()]);
    let coaching = client
        .update_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .call_sid(joined.as_str())
        .body_map(|b| {
            b.coaching(Some(true))
                .call_sid_to_coach(Some(caller.clone()))
        })
        .send()
        .await
        .expect("coach")
        .into_inner();
    assert_eq!(coaching.call_sid_to_coach.as_deref(), Some(caller.as_str()));
    let coaches = client
        .list_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .coaching(true)
        .send()
        .await
        .expect("list")
        .into_inner()
        .participants
        .unwrap_or_default();
    let coaches: Vec<_> = coaches
        .iter()
        .filter_map(|p| p.call_sid.as_deref())
        .collect();
    assert_eq!(coaches, [joined.as_str()]);
    let fetched = client
        .fetch_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .call_sid(joined.as_str())
        .send()
        .await
        .expect("fetch")
        .into_inner();
    assert_eq!(fetched.label.as_deref(), Some("coach"));
    // Kicked: gone from the list and not found.
    client
        .delete_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .call_sid(joined.as_str())
        .send()
        .await
        .expect("kick");
    assert_eq!(participants(None, None).await, [caller.as_str()]);
    let gone = client
        .fetch_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .call_sid(joined.as_str())
        .send()
        .await;
    assert_eq!(refused(gone).await, (404, 20404));
    // Ended through the API: everyone leaves, and nobody joins any more.
    let ended = client
        .update_conference()
        .account_sid(ac.as_str())
        .sid(cf.as_str())
        .body_map(|b| b.status(Some(ConferenceUpdateStatus::Completed)))
        .send()
        .await
        .expect("end")
        .into_inner();
    assert_eq!(ended.status, Some(ConferenceStatus::Completed));
    assert_eq!(
        ended.reason_conference_ended,
        Some(ConferenceReasonConferenceEnded::ConferenceEndedViaApi)
    );
    assert!(participants(None, None).await.is_empty());
    let late = client
        .create_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .body_map(|b| b.from("+15551234567").to("+15559876001"))
        .send()
        .await;
    assert_eq!(refused(late).await, (400, 20001));
    let by_status = |status: ConferenceStatus| {
        let (client, ac) = (&client, ac.clone());
        async move {
            client
                .list_conference()
                .account_sid(ac.as_str())
                .status(status)
                .send()
                .await
                .expect("list")
                .into_inner()
                .conferences
                .unwrap_or_default()
                .len()
        }
    };
    assert_eq!(by_status(ConferenceStatus::Completed).await, 1);
    assert_eq!(by_status(ConferenceStatus::InProgress).await, 0);
    // A call dialing the same name now starts a new conference.
    place_call(&client, &ac, Some(DIAL), false).await;
    let again = conference_named(&client, &ac, "Standup").await;
    assert_ne!(again, cf);
}

#[tokio::test]
async fn kicking_the_last_participant_ends_the_conference() {
    let (mock, client, ac) = start().await;
    let caller = place_call(&client, &ac, Some(DIAL), false).await;
    let cf = conference_named(&client, &ac, "Standup").await;
    // The call completes on its own after 15 s; its participant stays until kicked.
    super::advance(&mock, 60);
    let still = client
        .fetch_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .call_sid(caller.as_str())
        .send()
        .await;
    assert!(still.is_ok(), "{still:?}");
    client
        .delete_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .call_sid(caller.as_str())
        .send()
        .await
        .expect("kick");
    let conference = client
        .fetch_conference()
        .account_sid(ac.as_str())
        .sid(cf.as_str())
        .send()
        .await
        .expect("fetch")
        .into_inner();
    assert_eq!(conference.status, Some(ConferenceStatus::Completed));
    assert_eq!(
        conference.reason_conference_ended,
        Some(ConferenceReasonConferenceEnded::LastParticipantKicked)
    );
    assert_eq!(
        conference.call_sid_ending_conference.as_deref(),
        Some(caller.as_str())
    );
}

#[tokio::test]
async fn conferences_of_another_account_and_unknown_sids_are_not_found() {
    let (_mock, client, ac) = start().await;
    let caller = place_call(&client, &ac, Some(DIAL), false).await;
    let cf = conference_named(&client, &ac, "Standup").await;
    let sub = subaccount(&client).await;
    let unknown = "CF0123456789abcdef0123456789abcdef";
    for (account, conference) in [(sub.as_str(), cf.as_str()), (ac.as_str(), unknown)] {
        let fetch = client
            .fetch_conference()
            .account_sid(account)
            .sid(conference)
            .send()
            .await;
        assert_eq!(refused(fetch).await, (404, 20404));
        let list = client
            .list_participant()
            .account_sid(account)
            .conference_sid(conference)
            .send()
            .await;
        assert_eq!(refused(list).await, (404, 20404));
        let add = client
            .create_participant()
            .account_sid(account)
            .conference_sid(conference)
            .body_map(|b| b.from("+15551234567").to("+15559876001"))
            .send()
            .await;
        assert_eq!(refused(add).await, (404, 20404));
        let participant = client
            .fetch_participant()
            .account_sid(account)
            .conference_sid(conference)
            .call_sid(caller.as_str())
            .send()
            .await;
        assert_eq!(refused(participant).await, (404, 20404));
    }
    let listed = client
        .list_conference()
        .account_sid(sub.as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .conferences
        .unwrap_or_default();
    assert!(listed.is_empty());
    let stranger = "CA0123456789abcdef0123456789abcdef";
    let unknown_participant = client
        .update_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .call_sid(stranger)
        .body_map(|b| b.muted(Some(true)))
        .send()
        .await;
    assert_eq!(refused(unknown_participant).await, (404, 20404));
}

#[tokio::test]
async fn kicking_a_participant_that_ends_the_conference_on_exit_ends_it_for_everyone() {
    let (_mock, client, ac) = start().await;
    let caller = place_call(&client, &ac, Some(DIAL), false).await;
    let cf = conference_named(&client, &ac, "Standup").await;
    let host = client
        .create_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .body_map(|b| {
            b.from("+15551234567")
                .to("+15559876002")
                .end_conference_on_exit(Some(true))
        })
        .send()
        .await
        .expect("add")
        .into_inner()
        .call_sid
        .expect("call sid");
    client
        .delete_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .call_sid(host.as_str())
        .send()
        .await
        .expect("kick");
    let conference = client
        .fetch_conference()
        .account_sid(ac.as_str())
        .sid(cf.as_str())
        .send()
        .await
        .expect("fetch")
        .into_inner();
    assert_eq!(conference.status, Some(ConferenceStatus::Completed));
    assert_eq!(
        conference.reason_conference_ended,
        Some(ConferenceReasonConferenceEnded::ParticipantWithEndConferenceOnExitKicked)
    );
    let left = client
        .fetch_participant()
        .account_sid(ac.as_str())
        .conference_sid(cf.as_str())
        .call_sid(caller.as_str())
        .send()
        .await;
    assert_eq!(refused(left).await, (404, 20404));
}
