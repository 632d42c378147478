//! The summary of the hostile-server tests, printed by
//! `cargo test -p maton-reliability --test hardening_table -- --nocapture`: every echo form of the
//! key tried and how many printouts held it; every pagination trap and where the walk stopped.

mod common;

use common::hostile::*;
use maton_test_support::{MockServer, Reply};
use serde_json::json;

#[tokio::test]
async fn hardening_table() {
    let mut rows = Vec::new();
    // Echo forms: each a server that puts the key in one shape where an error will quote it.
    let error_body = |text: String| {
        Reply::raw(
            401,
            "application/json",
            format!(r#"{{"code":20003,"message":"{text}"}}"#),
        )
    };
    let forms: Vec<(&str, Reply)> = vec![
        ("raw, in an error body", error_body(KEY.to_string())),
        (
            "JSON `\\u` escapes, in an error body",
            error_body(u_escaped(KEY)),
        ),
        (
            "JSON `\\/`, in an error body",
            error_body(KEY.replace('/', "\\/")),
        ),
        (
            "percent-encoded, in a header",
            Reply::raw(500, "text/plain", "x").with_header("x-echo", &percent_encoded(KEY)),
        ),
        (
            "quoted by the decoder, 2xx body",
            Reply::raw(
                200,
                "application/json",
                format!(r#"{{"sid":1,"error_code":"{KEY}"}}"#),
            ),
        ),
    ];
    let (mut tried, mut leaked) = (0, 0);
    for (_, reply) in forms {
        let server = MockServer::always(reply).await;
        let error = client(&server).messages().fetch(&sid()).await.unwrap_err();
        tried += 1;
        leaked += usize::from(!leaks(&error).is_empty());
    }
    let uri = format!("https://evil.example/x.json?k={KEY}");
    let server = MockServer::always(page(vec![message(MESSAGE)], Some(uri))).await;
    let error = client(&server).messages().list().all().await.unwrap_err();
    let accounts = json!({"accounts": [{"sid": KEY}]});
    let listed = MockServer::always(Reply::json(200, accounts)).await;
    let discovered = builder(&listed)
        .build()
        .unwrap()
        .messages()
        .fetch(&sid())
        .await;
    for error in [error, discovered.unwrap_err()] {
        tried += 1;
        leaked += usize::from(!leaks(&error).is_empty());
    }
    rows.push(("key echo forms tried (error body raw, `\\u`, `\\/`, header, 2xx decode, next_page_uri, account SID)".to_string(), tried.to_string()));
    rows.push(("printouts holding the key".to_string(), leaked.to_string()));
    assert_eq!(leaked, 0);

    // Cycles and endless empty pages: each walk ends with an error after what it read.
    for (name, links, items) in [
        (
            "A -> B -> A",
            vec![Some(1), Some(2), Some(1)],
            vec![1, 1, 1],
        ),
        (
            "A -> B -> C -> B",
            vec![Some(1), Some(2), Some(3), Some(2)],
            vec![1, 2, 1, 1],
        ),
        (
            "endless empty pages",
            (1..=50).map(Some).collect(),
            vec![0; 50],
        ),
    ] {
        let server = paged(links, items).await;
        let (ok, errors) = split(walk(&client(&server), 1_000).await);
        assert_eq!(errors.len(), 1, "{name}");
        let pages = server.requests().len();
        rows.push((
            format!("pagination {name}"),
            format!("stopped after {pages} pages, {ok} items kept"),
        ));
    }
    common::print_table("Hostile servers (hardening)", ("case", "outcome"), &rows);
}
