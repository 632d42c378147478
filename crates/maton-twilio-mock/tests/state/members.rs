//! Queue members: calls enqueued by the `<Enqueue>` test hook are listed in order, fetched by
//! SID or as `Front`, and dequeued; 404 for unknown queues, members and other accounts'.

use maton_twilio_api::twilio::types::Queue;

use super::{advance, place_call, refused, start, subaccount};

const ENQUEUE: &str =
    "<Response><Enqueue waitUrl=\"https://example.com/wait\">support</Enqueue></Response>";

async fn queue_named(client: &maton_twilio_api::twilio::Client, ac: &str, name: &str) -> Queue {
    let queues = client
        .list_queue()
        .account_sid(ac)
        .send()
        .await
        .expect("list")
        .into_inner()
        .queues
        .unwrap_or_default();
    let mut named = queues
        .into_iter()
        .filter(|q| q.friendly_name.as_deref() == Some(name));
    let queue = named.next().expect("the queue");
    assert!(named.next().is_none(), "one queue of that name");
    queue
}

#[tokio::test]
async fn enqueued_calls_are_listed_in_order_and_leave_when_dequeued() {
    let (mock, client, ac) = start().await;
    let first = place_call(&client, &ac, Some(ENQUEUE), false).await;
    advance(&mock, 30);
    let second = place_call(&client, &ac, Some(ENQUEUE), false).await;
    let queue = queue_named(&client, &ac, "support").await;
    assert_eq!(queue.current_size, Some(2));
    let qu = queue.sid.clone().expect("sid");
    let members = client
        .list_member()
        .account_sid(ac.as_str())
        .queue_sid(qu.as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .queue_members
        .unwrap_or_default();
    let order: Vec<_> = members
        .iter()
        .map(|m| {
            (
                m.call_sid.clone().unwrap_or_default(),
                m.position,
                m.wait_time,
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            (first.clone(), Some(1), Some(30)),
            (second.clone(), Some(2), Some(0))
        ]
    );
    let fetch = |call: &str| {
        client
            .fetch_member()
            .account_sid(ac.as_str())
            .queue_sid(qu.as_str())
            .call_sid(call.to_string())
            .send()
    };
    let front = fetch("Front").await.expect("front").into_inner();
    assert_eq!(front.call_sid.as_deref(), Some(first.as_str()));
    let back = fetch(&second).await.expect("by sid").into_inner();
    assert_eq!(back.position, Some(2));
    let dequeued = client
        .update_member()
        .account_sid(ac.as_str())
        .queue_sid(qu.as_str())
        .call_sid("Front".to_string())
        .body_map(|b| b.url("https://example.com/agent".to_string()))
        .send()
        .await
        .expect("dequeue")
        .into_inner();
    assert_eq!(dequeued.call_sid.as_deref(), Some(first.as_str()));
    assert_eq!(refused(fetch(&first).await).await, (404, 20404));
    let front = fetch("Front").await.expect("front").into_inner();
    assert_eq!(
        (front.call_sid.as_deref(), front.position),
        (Some(second.as_str()), Some(1))
    );
    let queue = queue_named(&client, &ac, "support").await;
    assert_eq!(queue.current_size, Some(1));
}

#[tokio::test]
async fn members_of_unknown_queues_and_other_accounts_are_not_found() {
    let (_mock, client, ac) = start().await;
    let call = place_call(&client, &ac, Some(ENQUEUE), false).await;
    let qu = queue_named(&client, &ac, "support").await.sid.expect("sid");
    let sub = subaccount(&client).await;
    let unknown = "QU0123456789abcdef0123456789abcdef";
    for (account, queue) in [(sub.as_str(), qu.as_str()), (ac.as_str(), unknown)] {
        let list = client
            .list_member()
            .account_sid(account)
            .queue_sid(queue)
            .send()
            .await;
        assert_eq!(refused(list).await, (404, 20404));
        let fetch = client
            .fetch_member()
            .account_sid(account)
            .queue_sid(queue)
            .call_sid(call.clone())
            .send()
            .await;
        assert_eq!(refused(fetch).await, (404, 20404));
    }
    let stranger = client
        .update_member()
        .account_sid(ac.as_str())
        .queue_sid(qu.as_str())
        .call_sid("CA0123456789abcdef0123456789abcdef".to_string())
        .body_map(|b| b.url("https://example.com/agent".to_string()))
        .send()
        .await;
    assert_eq!(refused(stranger).await, (404, 20404));
    // Dequeued to nowhere: refused before anything changes.
    let no_url = client
        .update_member()
        .account_sid(ac.as_str())
        .queue_sid(qu.as_str())
        .call_sid(call.clone())
        .body_map(|b| b.url(String::new()))
        .send()
        .await;
    assert_eq!(refused(no_url).await, (400, 20001));
    let still = client
        .fetch_member()
        .account_sid(ac.as_str())
        .queue_sid(qu.as_str())
        .call_sid(call)
        .send()
        .await;
    assert!(still.is_ok());
}

#[tokio::test]
async fn a_full_queue_takes_no_one() {
    let (_mock, client, ac) = start().await;
    client
        .create_queue()
        .account_sid(ac.as_str())
        .body_map(|b| b.friendly_name("support").max_size(Some(1)))
        .send()
        .await
        .expect("create queue");
    let first = place_call(&client, &ac, Some(ENQUEUE), false).await;
    place_call(&client, &ac, Some(ENQUEUE), false).await;
    let queue = queue_named(&client, &ac, "support").await;
    assert_eq!(queue.current_size, Some(1));
    let members = client
        .list_member()
        .account_sid(ac.as_str())
        .queue_sid(queue.sid.expect("sid").as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .queue_members
        .unwrap_or_default();
    let calls: Vec<_> = members
        .iter()
        .filter_map(|m| m.call_sid.as_deref())
        .collect();
    assert_eq!(calls, [first.as_str()]);
}
