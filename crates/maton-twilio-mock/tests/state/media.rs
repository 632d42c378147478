//! A message's media: an MMS made with `MediaUrl` lists, fetches and deletes them; 404 for
//! unknown SIDs, another message's media and another account's.

use super::{refused, start, subaccount};

#[tokio::test]
async fn an_mms_lists_fetches_and_deletes_its_media() {
    let (_mock, client, ac) = start().await;
    let urls = vec![
        "https://example.com/cat.jpg".to_string(),
        "https://example.com/card.vcf".to_string(),
    ];
    let mms = client
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
        .into_inner();
    let mm = mms.sid.clone().expect("sid");
    assert!(mm.starts_with("MM"), "{mm}");
    assert_eq!(
        mms.num_media.as_ref().map(ToString::to_string).as_deref(),
        Some("2")
    );
    let list = || {
        let (client, ac, mm) = (&client, ac.clone(), mm.clone());
        async move {
            client
                .list_media()
                .account_sid(ac.as_str())
                .message_sid(mm.as_str())
                .send()
                .await
                .expect("list")
                .into_inner()
                .media_list
                .unwrap_or_default()
        }
    };
    let media = list().await;
    let types: Vec<_> = media
        .iter()
        .filter_map(|m| m.content_type.as_deref())
        .collect();
    assert_eq!(types, ["image/jpeg", "text/vcard"]);
    assert!(
        media
            .iter()
            .all(|m| m.parent_sid.as_deref() == Some(mm.as_str()))
    );
    let me = media[0].sid.clone().expect("sid");
    assert!(me.starts_with("ME"), "{me}");
    let fetched = client
        .fetch_media()
        .account_sid(ac.as_str())
        .message_sid(mm.as_str())
        .sid(me.as_str())
        .send()
        .await
        .expect("fetch")
        .into_inner();
    assert_eq!(fetched.content_type.as_deref(), Some("image/jpeg"));
    client
        .delete_media()
        .account_sid(ac.as_str())
        .message_sid(mm.as_str())
        .sid(me.as_str())
        .send()
        .await
        .expect("delete");
    assert_eq!(list().await.len(), 1);
    let gone = client
        .fetch_media()
        .account_sid(ac.as_str())
        .message_sid(mm.as_str())
        .sid(me.as_str())
        .send()
        .await;
    assert_eq!(refused(gone).await, (404, 20404));
}

#[tokio::test]
async fn media_are_found_only_under_their_message_and_account() {
    let (_mock, client, ac) = start().await;
    let send = |media: Vec<String>| {
        let (client, ac) = (&client, ac.clone());
        async move {
            client
                .create_message()
                .account_sid(ac.as_str())
                .body_map(|b| {
                    b.to("+15559876543")
                        .from(Some("+15551234567".to_string()))
                        .body(Some("hi".to_string()))
                        .media_url(media)
                })
                .send()
                .await
                .expect("send")
                .into_inner()
                .sid
                .expect("sid")
        }
    };
    let mm = send(vec!["https://example.com/a.png".to_string()]).await;
    let sm = send(Vec::new()).await;
    assert!(sm.starts_with("SM"), "{sm}");
    let none = client
        .list_media()
        .account_sid(ac.as_str())
        .message_sid(sm.as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .media_list
        .unwrap_or_default();
    assert!(none.is_empty(), "an SMS has no media");
    let me = client
        .list_media()
        .account_sid(ac.as_str())
        .message_sid(mm.as_str())
        .send()
        .await
        .expect("list")
        .into_inner()
        .media_list
        .unwrap_or_default()[0]
        .sid
        .clone()
        .expect("sid");
    let under_other = client
        .fetch_media()
        .account_sid(ac.as_str())
        .message_sid(sm.as_str())
        .sid(me.as_str())
        .send()
        .await;
    assert_eq!(refused(under_other).await, (404, 20404));
    let sub = subaccount(&client).await;
    let theirs = client
        .fetch_media()
        .account_sid(sub.as_str())
        .message_sid(mm.as_str())
        .sid(me.as_str())
        .send()
        .await;
    assert_eq!(refused(theirs).await, (404, 20404));
    let their_list = client
        .list_media()
        .account_sid(sub.as_str())
        .message_sid(mm.as_str())
        .send()
        .await;
    assert_eq!(refused(their_list).await, (404, 20404));
    let unknown = client
        .delete_media()
        .account_sid(ac.as_str())
        .message_sid(mm.as_str())
        .sid("ME0123456789abcdef0123456789abcdef")
        .send()
        .await;
    assert_eq!(refused(unknown).await, (404, 20404));
}
