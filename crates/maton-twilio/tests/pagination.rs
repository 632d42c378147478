//! Walking lists: several pages, a limit that ends mid-page, and `next_page_uri`s that try to
//! leave the base URL.

mod common;

use common::*;
use futures_util::StreamExt;
use maton_test_support::{MockServer, Recorded, Reply};
use maton_twilio::raw::twilio::Operation;
use maton_twilio::{ErrorKind, ListMessages};
use serde_json::json;

fn sid(n: usize) -> String {
    format!("SM{n:032x}")
}

fn next_uri(page: usize) -> String {
    format!(
        "/2010-04-01/Accounts/{ACCOUNT}/Messages.json?PageSize=2&Page={page}&PageToken=PASM{page}"
    )
}

/// Three pages of two messages: 0,1 | 2,3 | 4,5.
fn three_pages(request: &Recorded) -> Reply {
    let query = request.query_pairs();
    let page: usize = value(&query, "Page").map_or(0, |v| v.parse().unwrap_or(0));
    let items = (page * 2..page * 2 + 2)
        .map(|n| message_json(&sid(n)))
        .collect();
    let next = (page < 2).then(|| next_uri(page + 1));
    Reply::json(200, common::page("messages", items, page as i64, next))
}

/// A server holding the three pages, and the message list of a client for it.
async fn three_page_list() -> (MockServer, ListMessages) {
    let server = MockServer::start(three_pages).await;
    let list = client(&server).messages().list();
    (server, list)
}

#[tokio::test]
async fn streams_every_item_of_every_page_in_order() {
    let (server, list) = three_page_list().await;
    let sids: Vec<String> = list
        .page_size(2)
        .stream()
        .map(|m| m.unwrap().sid.unwrap())
        .collect()
        .await;
    assert_eq!(sids, (0..6).map(sid).collect::<Vec<_>>());

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].query.as_deref(), Some("PageSize=2"));
    for (i, request) in requests.iter().enumerate().skip(1) {
        assert_eq!(request.path, path("/Messages.json"));
        assert_eq!(
            request.query.as_deref(),
            next_uri(i).split_once('?').map(|(_, q)| q),
            "page {i} follows next_page_uri exactly"
        );
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {KEY}").as_str())
        );
    }
}

#[tokio::test]
async fn a_limit_ending_mid_page_fetches_no_further() {
    let (server, list) = three_page_list().await;
    let messages = list.page_size(2).limit(3).all().await.unwrap();
    assert_eq!(
        messages
            .iter()
            .map(|m| m.sid.clone().unwrap())
            .collect::<Vec<_>>(),
        (0..3).map(sid).collect::<Vec<_>>()
    );
    assert_eq!(
        server.requests().len(),
        2,
        "the third page is never fetched"
    );
}

#[tokio::test]
async fn a_limit_alone_caps_the_page_size() {
    let (server, list) = three_page_list().await;
    let _ = list.limit(7).all().await.unwrap();
    assert_eq!(server.requests()[0].query.as_deref(), Some("PageSize=7"));
    let (server, list) = three_page_list().await;
    let none = list.limit(0).all().await.unwrap();
    assert!(none.is_empty());
    assert!(server.requests().is_empty(), "limit 0 sends nothing");
}

#[tokio::test]
async fn the_next_page_is_fetched_only_when_needed() {
    let (server, list) = three_page_list().await;
    let mut items = list.page_size(2).stream();
    items.next().await.unwrap().unwrap();
    items.next().await.unwrap().unwrap();
    assert_eq!(server.requests().len(), 1);
    items.next().await.unwrap().unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn pages_stream_yields_each_envelope() {
    let (_server, list) = three_page_list().await;
    let mut pages = list.page_size(2).pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        seen.push((page.page, page.len(), page.has_next()));
    }
    assert_eq!(
        seen,
        vec![(Some(0), 2, true), (Some(1), 2, true), (Some(2), 2, false)]
    );
}

#[tokio::test]
async fn a_next_page_uri_to_another_host_is_refused_without_sending_the_key() {
    let elsewhere = MockServer::always(Reply::json(200, json!({"messages": []}))).await;
    for hostile in [
        "https://evil.example/2010-04-01/Accounts/AC/Messages.json?Page=1".to_string(),
        format!(
            "{}/twilio/2010-04-01/Accounts/AC/Messages.json",
            elsewhere.url()
        ),
        "//evil.example/2010-04-01/x.json".to_string(),
        "/2010-04-01/../../../x.json".to_string(),
    ] {
        let next = hostile.clone();
        let server = MockServer::start(move |_| {
            Reply::json(
                200,
                common::page(
                    "messages",
                    vec![message_json(MESSAGE)],
                    0,
                    Some(next.clone()),
                ),
            )
        })
        .await;
        let results: Vec<_> = client(&server).messages().list().stream().collect().await;
        assert_eq!(results.len(), 2, "{hostile}: the item, then the refusal");
        assert!(results[0].is_ok());
        let err = results[1].as_ref().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{hostile}");
        assert_eq!(server.requests().len(), 1, "{hostile}");
    }
    assert!(elsewhere.requests().is_empty());
}

#[tokio::test]
async fn an_absolute_twilio_url_is_resolved_against_the_gateway() {
    let server = MockServer::start(|request: &Recorded| {
        let next = request
            .query
            .is_none()
            .then(|| format!("https://api.twilio.com{}", next_uri(1)));
        Reply::json(
            200,
            common::page("messages", vec![message_json(MESSAGE)], 0, next),
        )
    })
    .await;
    let all = client(&server).messages().list().all().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(server.requests()[1].path, path("/Messages.json"));
}

#[tokio::test]
async fn a_page_that_points_at_itself_ends_the_walk() {
    let server = MockServer::start(|_| {
        Reply::json(
            200,
            common::page(
                "messages",
                vec![message_json(MESSAGE)],
                1,
                Some(next_uri(1)),
            ),
        )
    })
    .await;
    let results: Vec<_> = client(&server).messages().list().stream().collect().await;
    assert_eq!(results.len(), 3, "page, next page, then the refusal");
    assert_eq!(results[2].as_ref().unwrap_err().kind(), ErrorKind::Decode);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_error_on_a_later_page_ends_the_stream() {
    let server = MockServer::start(|request: &Recorded| match request.query {
        None => Reply::json(
            200,
            common::page(
                "messages",
                vec![message_json(MESSAGE)],
                0,
                Some(next_uri(1)),
            ),
        ),
        Some(_) => Reply::json(
            400,
            json!({"code": 20001, "message": "PageToken is required for paging.", "status": 400,
                   "more_info": "https://www.twilio.com/docs/errors/20001"}),
        ),
    })
    .await;
    let results: Vec<_> = client(&server).messages().list().stream().collect().await;
    assert_eq!(results.len(), 2);
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.code(), Some(20001));
    assert_eq!(err.operation(), Some(Operation::ListMessage.id()));
}

#[tokio::test]
async fn missing_or_null_item_arrays_are_empty_pages() {
    let server = MockServer::always(Reply::json(
        200,
        json!({"messages": null, "next_page_uri": null, "page": 0}),
    ))
    .await;
    let page = client(&server).messages().list().page().await.unwrap();
    assert!(page.is_empty());
}

#[tokio::test]
async fn every_list_follows_pages() {
    // One handler per resource, each with two pages of one item.
    let server = MockServer::start(|request: &Recorded| {
        let mut reply = common::twilio_router(request);
        if request
            .query
            .as_deref()
            .is_none_or(|q| !q.contains("PageToken"))
        {
            let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
            let mut body = body;
            body["next_page_uri"] = json!(format!(
                "{}?PageToken=PA1",
                request.path.trim_start_matches("/twilio")
            ));
            reply = Reply::json(200, body);
        }
        reply
    })
    .await;
    let c = client(&server);
    assert_eq!(c.calls().list().all().await.unwrap().len(), 2);
    assert_eq!(c.phone_numbers().list().all().await.unwrap().len(), 2);
    assert_eq!(
        c.phone_numbers()
            .available("US")
            .toll_free()
            .all()
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(c.applications().list().all().await.unwrap().len(), 2);
    assert_eq!(c.queues().list().all().await.unwrap().len(), 2);
    assert_eq!(c.addresses().list().all().await.unwrap().len(), 2);
    assert_eq!(c.usage().records().all().await.unwrap().len(), 2);
    assert_eq!(c.accounts().list().all().await.unwrap().len(), 2);
    assert_eq!(server.requests().len(), 16);
}
