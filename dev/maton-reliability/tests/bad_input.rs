//! Bad input, one row each, across the facade and the connections crate: every row is refused
//! with its typed error (kind, and the parameter it names), and the server sees no request.

use maton_connections::{ConnectionId, Connections};
use maton_core::ApiKey;
use maton_test_support::rows::{self, run};
use maton_test_support::{MockServer, Reply};
use maton_twilio::{
    AccountSid, CallSid, Client, Error, ErrorKind, MessageSid, PhoneNumber, PhoneNumberSid,
};

type Run = rows::Run<Error>;

/// A value built on the spot; a failure to build it (a SID or number that does not parse) is
/// the SDK error `?` would make of it.
fn now<T: Send + 'static, E: Into<Error>>(result: Result<T, E>) -> Run {
    Box::pin(std::future::ready(result.map(|_| ()).map_err(Into::into)))
}

const KEY: &str = "mk_live_Q7vX2pL9sK4wR8tN3bF6hJ1cM5zD0gY7eU2iA9oT4";
const HEX: &str = "0123456789abcdef0123456789abcdef";

struct Row {
    name: &'static str,
    kind: ErrorKind,
    field: Option<&'static str>,
    run: Run,
}

fn row(name: &'static str, kind: ErrorKind, field: Option<&'static str>, run: Run) -> Row {
    Row {
        name,
        kind,
        field,
        run,
    }
}

/// A row for `call` on its own handle of the connections crate, which must refuse the connection
/// id it is given.
fn bad_id_call<T, F>(
    name: &'static str,
    conn: Connections,
    call: impl FnOnce(Connections) -> F,
) -> Row
where
    T: Send + 'static,
    F: Future<Output = Result<T, Error>> + Send + 'static,
{
    row(
        name,
        ErrorKind::InvalidInput,
        Some("connection_id"),
        run(call(conn)),
    )
}

fn rows(c: &Client, url: &str) -> Vec<Row> {
    use ErrorKind::{Config, InvalidInput as Input};
    let (to, from) = ("+15559876543", "+15551234567");
    let m = || c.messages();
    let builder = || {
        Client::builder()
            .api_key(KEY)
            .base_url(format!("{url}/twilio"))
    };
    let base = |u: &str| now(builder().base_url(u).build());
    let control = |u: &str| now(builder().control_base_url(u).build());
    // A SID or a connection id that its parser must refuse, naming the field.
    let bad_sid = |name, text: String| {
        row(
            name,
            Input,
            Some("message_sid"),
            now(MessageSid::parse(&text)),
        )
    };
    let bad_connection_id = |name, text: &str| {
        row(
            name,
            Input,
            Some("connection_id"),
            now(ConnectionId::parse(text)),
        )
    };
    // A recipient the facade must refuse before sending, naming `to`.
    let bad_to = |name, to: &'static str| {
        row(
            name,
            Input,
            Some("to"),
            run(m().send(to, from).body("x").send()),
        )
    };
    let conn = || c.connections().clone();
    vec![
        // SIDs: prefix, length, alphabet, path and header injection.
        bad_sid("sid wrong prefix", format!("CA{HEX}")),
        bad_sid("sid too short", "SM0123".into()),
        bad_sid("sid too long", format!("SM{HEX}0")),
        bad_sid("sid empty", String::new()),
        bad_sid("sid with /", format!("SM{}/x", &HEX[..30])),
        bad_sid("sid with ..", format!("SM../{}", &HEX[..29])),
        bad_sid("sid with %2F", format!("SM%2F{}", &HEX[..29])),
        bad_sid("sid with \\r\\n", format!("SM{}\r\nX: y", &HEX[..27])),
        bad_sid("sid not hex", format!("SM{}", "z".repeat(32))),
        bad_sid("sid non-ASCII", format!("SM{}é", &HEX[..31])),
        row(
            "account sid lowercase prefix",
            Input,
            Some("account_sid"),
            now(AccountSid::parse(&format!("ac{HEX}"))),
        ),
        row(
            "call sid of a message",
            Input,
            Some("call_sid"),
            now(CallSid::parse(&format!("SM{HEX}"))),
        ),
        row(
            "number sid with query",
            Input,
            Some("phone_number_sid"),
            now(PhoneNumberSid::parse(&format!("PN{}?a=1", &HEX[..28]))),
        ),
        // Phone numbers.
        bad_to("to without +", "15559876543"),
        bad_to("to with spaces", "+1 555 987 6543"),
        bad_to("to 16 digits", "+1234567890123456"),
        bad_to("to empty", ""),
        bad_to("to with \\r\\n", "+15559876543\r\nX: y"),
        bad_to("to leading zero", "+0123456"),
        row(
            "from with /",
            Input,
            Some("from"),
            run(m().send(to, "+1555/../1").body("x").send()),
        ),
        row(
            "phone number letters",
            Input,
            Some("phone_number"),
            now(PhoneNumber::parse("+1555CALLNOW")),
        ),
        // Bodies and sizes.
        row(
            "body 1601 chars",
            Input,
            Some("body"),
            run(m().send(to, from).body("a".repeat(1601)).send()),
        ),
        row(
            "body 1 MiB",
            Input,
            Some("body"),
            run(m().send(to, from).body("a".repeat(1 << 20)).send()),
        ),
        row(
            "no content",
            Input,
            Some("body"),
            run(m().send(to, from).send()),
        ),
        row(
            "twiml 4001 chars",
            Input,
            Some("twiml"),
            run(c.calls().place(to, from).twiml("x".repeat(4001)).send()),
        ),
        row(
            "media url relative",
            Input,
            Some("media_url"),
            run(m().send(to, from).media_url("/a.png").send()),
        ),
        row(
            "callback javascript:",
            Input,
            Some("status_callback"),
            run(m()
                .send(to, from)
                .body("x")
                .status_callback("javascript:alert(1)")
                .send()),
        ),
        // Page sizes.
        row(
            "page size 0",
            Input,
            Some("page_size"),
            run(m().list().page_size(0).page()),
        ),
        row(
            "page size 1001",
            Input,
            Some("page_size"),
            run(m().list().page_size(1001).page()),
        ),
        row(
            "page size u32::MAX",
            Input,
            Some("page_size"),
            run(m().list().page_size(u32::MAX).page()),
        ),
        row(
            "page size 0 streamed",
            Input,
            Some("page_size"),
            run(m().list().page_size(0).all()),
        ),
        row(
            "calls page size 0",
            Input,
            Some("page_size"),
            run(c.calls().list().page_size(0).page()),
        ),
        // Base URLs: https only, plain http on loopback alone, nothing smuggled.
        row(
            "base http public host",
            Config,
            None,
            base("http://gateway.maton.ai/twilio"),
        ),
        row(
            "base http private ip",
            Config,
            None,
            base("http://10.1.2.3/twilio"),
        ),
        row(
            "base http 127.0.0.1.evil.com",
            Config,
            None,
            base("http://127.0.0.1.evil.com/twilio"),
        ),
        row(
            "base http localhost.evil.com",
            Config,
            None,
            base("http://localhost.evil.com/twilio"),
        ),
        row("base ftp", Config, None, base("ftp://gateway.maton.ai")),
        row(
            "base with credentials",
            Config,
            None,
            base("https://user:pw@gateway.maton.ai/twilio"),
        ),
        row(
            "base with query",
            Config,
            None,
            base("https://gateway.maton.ai/twilio?x=1"),
        ),
        row("base not a url", Config, None, base("gateway.maton.ai")),
        row(
            "control base http public",
            Config,
            None,
            control("http://ctrl.maton.ai"),
        ),
        row(
            "connections base http public",
            Config,
            None,
            now(Connections::builder()
                .api_key(KEY)
                .base_url("http://ctrl.maton.ai")
                .build()),
        ),
        // API keys.
        row(
            "api key empty",
            Config,
            None,
            now(Client::builder()
                .api_key("  ")
                .base_url(format!("{url}/twilio"))
                .build()),
        ),
        row(
            "api key with space",
            Config,
            None,
            now(ApiKey::new("mk live")),
        ),
        row(
            "api key with \\r\\n",
            Config,
            None,
            now(ApiKey::new("mk\r\nX-Evil: 1")),
        ),
        // Connection ids, in the connections crate and the facade.
        bad_connection_id("connection id empty", ""),
        bad_connection_id("connection id ../admin", "../admin"),
        bad_connection_id("connection id with /", "abc/def"),
        bad_connection_id("connection id %2F", "abc%2Fdef"),
        bad_connection_id("connection id \\r\\n", "abc\r\nX-Evil: 1"),
        bad_connection_id("connection id 129 chars", &"a".repeat(129)),
        bad_connection_id("connection id leading -", "-abc"),
        bad_id_call("get connection ../x", conn(), |conn| async move {
            conn.get("../x").await
        }),
        bad_id_call("delete connection a b", conn(), |conn| async move {
            conn.delete("a b").await
        }),
        row(
            "create connection app with /",
            Input,
            Some("app"),
            run(c.connections().create("twi/lio").send()),
        ),
        row(
            "list connections app \\r\\n",
            Input,
            Some("app"),
            run(c.connections().list().app("twilio\r\nX: y").send()),
        ),
        row(
            "client connection ../x",
            Config,
            None,
            now(builder().connection("../x").build()),
        ),
    ]
}

#[tokio::test]
async fn every_bad_input_is_refused_with_its_typed_error_and_nothing_is_sent() {
    let server = MockServer::start(|_| Reply::json(500, serde_json::json!({}))).await;
    // No account SID: a refusal must come before the account is even discovered.
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/twilio", server.url()))
        .control_base_url(server.url())
        .no_rate_limit()
        .build()
        .expect("client");
    let rows = rows(&client, &server.url());
    let count = rows.len();
    assert!(count >= 40, "{count} rows");
    let mut panics = 0;
    println!("\n| bad input | refused with | field |\n| --- | --- | --- |");
    for Row {
        name,
        kind,
        field,
        run,
    } in rows
    {
        let err = match tokio::spawn(run).await {
            Ok(result) => result.expect_err(name),
            Err(_) => {
                panics += 1;
                continue;
            }
        };
        assert_eq!(err.kind(), kind, "{name}: {err}");
        assert_eq!(err.field(), field, "{name}: {err}");
        assert_eq!(err.outcome(), maton_twilio::Outcome::NotPerformed, "{name}");
        assert!(!err.to_string().contains(KEY), "{name}: {err}");
        assert!(!err.to_string().contains('\r'), "{name}: {err}");
        println!("| {name} | {kind:?} | {} |", field.unwrap_or("-"));
    }
    assert_eq!(panics, 0);
    assert!(
        server.requests().is_empty(),
        "the server saw {:#?}",
        server.requests()
    );
    println!("\nbad inputs {count} · refused before sending {count} · requests seen 0 · panics 0");
}
