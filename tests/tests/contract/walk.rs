//! The walk: every operation of `spec/twilio.yaml` called through the generated client (the
//! generated raw driver) against the emulator, in an order where each record a path names is
//! made before it is used, then each deleted record fetched again to see it gone.
//!
//! Table-driven from the operation table: the records a path needs are the collections its
//! parameters name; a collection with a create operation is created through it with the fields
//! its request schema requires (values from [`VALUES`]), any other one is filled by the emulator
//! as Twilio fills it ([`MockGateway::fill`]).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use maton_contract_tests::fixture::{Request, Service};
use maton_contract_tests::spec::{Body, Spec};
use maton_twilio_api::twilio::Operation as Op;
use maton_twilio_mock::MockGateway;

use crate::raw;
use crate::replay::Outcome;

/// A value for each form field a create or update requires, by wire name. `sid:` values are
/// the SID of the record made in the collection whose template ends with the rest.
const VALUES: &[(&str, &str)] = &[
    ("Body", "Hello from the walk"),
    ("Callback", "http://127.0.0.1:9/messages"),
    ("CallbackUrl", "http://127.0.0.1:9/trigger"),
    ("City", "San Francisco"),
    ("Content", "{\"walk\":true}"),
    ("CredentialListSid", "sid:/SIP/CredentialLists.json"),
    ("CustomerName", "Walk Inc"),
    ("DomainName", "walk.sip.twilio.com"),
    ("FriendlyName", "walk"),
    ("From", "+15551234567"),
    ("IdempotencyKey", "walk-1"),
    ("InstalledAddOnSid", "XE0123456789abcdef0123456789abcdef"),
    (
        "IpAccessControlListSid",
        "sid:/SIP/IpAccessControlLists.json",
    ),
    ("IpAddress", "127.0.0.1"),
    ("IsoCountry", "US"),
    ("Password", "Walk-password-2026"),
    ("PhoneNumber", "+15005550006"),
    ("PostalCode", "94105"),
    ("Region", "CA"),
    ("Status", "stopped"),
    ("StatusCallback", "http://127.0.0.1:9/status"),
    ("Street", "1 Market St"),
    ("To", "+15559876543"),
    ("TriggerValue", "100"),
    ("Url", "http://127.0.0.1:9/twiml"),
    ("UsageCategory", "sms"),
    ("Username", "walker"),
];

/// Fields an operation needs beyond what its schema requires, or in place of [`VALUES`]' value:
/// the emulator's rules (a message needs content, a call instructions, a number to buy one that
/// is for sale and of the type bought).
const EXTRA: &[(&str, &str, &str)] = &[
    ("CreateMessage", "Body", "Hello from the walk"),
    ("CreateMessage", "From", "+15551234567"),
    ("CreateMessage", "MediaUrl", "http://127.0.0.1:9/walk.png"),
    // The emulator's test hook: the call starts a conference; and it is recorded.
    (
        "CreateCall",
        "Twiml",
        "<Response><Dial><Conference>walk</Conference></Dial></Response>",
    ),
    ("CreateCall", "Record", "true"),
    ("CreateIncomingPhoneNumber", "AreaCode", "415"),
    // A number of the type bought (the emulator reads the type from the number).
    (
        "CreateIncomingPhoneNumberMobile",
        "PhoneNumber",
        "+16505552001",
    ),
    (
        "CreateIncomingPhoneNumberTollFree",
        "PhoneNumber",
        "+18005551001",
    ),
];

/// Calls placed just before a collection is made, so that it has a record: the emulator's test
/// hook puts a call in the queue the walk created (named by [`VALUES`]' `FriendlyName`).
const SEED_CALLS: &[(&str, &str)] = &[(
    "/Queues/{QueueSid}/Members.json",
    "<Response><Enqueue>walk</Enqueue></Response>",
)];

/// Emulated time to let pass once a collection is made: the walk's call is answered (so that it
/// records and can be recorded) and stays in progress until the deletes.
const ADVANCE_AFTER: &[(&str, Duration)] = &[("{AccountSid}/Calls.json", Duration::from_secs(6))];

/// `CallSid` → `call_sid`: the field of a record that holds a path parameter.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The collections (templates) the parameters of `template` name, outermost first.
fn named_collections(template: &str) -> Vec<String> {
    let segments: Vec<&str> = template.split('/').collect();
    segments
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.starts_with('{') && !s.starts_with("{AccountSid}") && !s.starts_with("{CountryCode}")
        })
        .map(|(i, _)| format!("{}.json", segments[..i].join("/")))
        .collect()
}

fn depth(template: &str) -> usize {
    template.matches('{').count()
}

/// The field that holds a record's SID in `collection`: its instance parameter, snake-cased.
fn id_field(collection: &str) -> String {
    let base = collection.trim_end_matches(".json");
    Op::ALL
        .iter()
        .find_map(|op| {
            let (head, last) = op.path().rsplit_once('/')?;
            let name = last.strip_prefix('{')?.strip_suffix("}.json")?;
            (head == base).then(|| snake(name))
        })
        .unwrap_or_else(|| "sid".to_string())
}

struct Walk {
    mock: MockGateway,
    spec: Spec,
    http: reqwest::Client,
    /// The SID made in each collection (template).
    sids: BTreeMap<String, String>,
    called: BTreeSet<Op>,
    failures: Vec<String>,
}

impl Walk {
    /// `template` with every parameter filled in.
    fn concrete(&self, template: &str) -> Result<String, String> {
        let segments: Vec<&str> = template.split('/').collect();
        let mut out = Vec::new();
        for (i, segment) in segments.iter().enumerate() {
            let Some((prefix, rest)) = segment.split_once('{') else {
                out.push(segment.to_string());
                continue;
            };
            let (name, suffix) = rest.split_once('}').unwrap_or((rest, ""));
            let value = match name {
                "AccountSid" => self.mock.account_sid().to_string(),
                "CountryCode" => "US".to_string(),
                _ => {
                    let owner = format!("{}.json", segments[..i].join("/"));
                    self.sids
                        .get(&owner)
                        .cloned()
                        .ok_or_else(|| format!("{template}: no record made in {owner}"))?
                }
            };
            out.push(format!("{prefix}{value}{suffix}"));
        }
        Ok(out.join("/"))
    }

    /// The form `op` is sent with: the fields its schema requires, its extras and `more`.
    fn form(&self, op: Op, more: &[(&str, &str)]) -> Result<Option<Vec<(String, String)>>, String> {
        let spec_op = self.spec.operation(op.id()).ok_or("not in the spec")?;
        let Some(Body::Form(schema)) = &spec_op.body else {
            return Ok(None);
        };
        let mut pairs = Vec::new();
        for name in self.spec.body_required(Service::Twilio, schema) {
            let value = VALUES
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| *v)
                .ok_or_else(|| format!("{op}: no walk value for required field {name}"))?;
            let value = match value.strip_prefix("sid:") {
                Some(suffix) => self
                    .sids
                    .iter()
                    .find(|(c, _)| c.ends_with(suffix))
                    .map(|(_, sid)| sid.clone())
                    .ok_or_else(|| format!("{op}: no record made for {name}"))?,
                None => value.to_string(),
            };
            pairs.push((name.to_string(), value));
        }
        for (_, key, value) in EXTRA.iter().filter(|(id, _, _)| *id == op.id()) {
            pairs.retain(|(k, _)| k != key);
            pairs.push((key.to_string(), value.to_string()));
        }
        for (key, value) in more {
            pairs.retain(|(k, _)| k != key);
            pairs.push((key.to_string(), value.to_string()));
        }
        Ok(Some(pairs))
    }

    /// Sends `op` through the generated client; the outcome, or why it could not be sent.
    async fn send(&mut self, op: Op) -> Result<Outcome, String> {
        self.send_with(op, &[]).await
    }

    /// Sends `op` with `more` form fields (replacing the walk's own of the same name).
    async fn send_with(&mut self, op: Op, more: &[(&str, &str)]) -> Result<Outcome, String> {
        self.called.insert(op);
        let request = Request {
            method: op.method().to_string(),
            path: self.concrete(op.path())?,
            query: Vec::new(),
            form: self.form(op, more)?,
            json: None,
            headers: BTreeMap::new(),
        };
        let base = self.mock.twilio_url();
        // Boxed: the driver's future (one arm per operation) is too large for a test's stack.
        Box::pin(raw::send(
            &self.spec,
            &base,
            &self.http,
            op.id(),
            Service::Twilio,
            &request,
        ))
        .await
    }

    /// Sends `op` and expects a success; returns the decoded body.
    async fn expect_success(&mut self, op: Op) -> Option<serde_json::Value> {
        self.expect_success_with(op, &[]).await
    }

    async fn expect_success_with(
        &mut self,
        op: Op,
        more: &[(&str, &str)],
    ) -> Option<serde_json::Value> {
        match self.send_with(op, more).await {
            Ok(Outcome::Decoded { status, value }) => {
                let redirect = op == Op::FetchRecordingAddOnResultPayloadData;
                let ok = if redirect {
                    status == 307
                        && value
                            .get("redirect_to")
                            .and_then(|v| v.as_str())
                            .is_some_and(|url| !url.is_empty())
                } else {
                    (200..300).contains(&status)
                };
                if ok {
                    return Some(value);
                }
                self.failures.push(format!("{op}: {status} {value}"));
            }
            Ok(Outcome::Refused { status, body, .. }) => {
                self.failures
                    .push(format!("{op}: refused {status}: {body}"));
            }
            Err(e) => self.failures.push(format!("{op}: {e}")),
        }
        None
    }

    /// Makes a record in `collection` (a template): through its create operation, else filled
    /// by the emulator, else the first its list shows (what the walk's calls made); remembers
    /// its SID.
    async fn make(&mut self, collection: &str) {
        for (suffix, twiml) in SEED_CALLS {
            if collection.ends_with(suffix) {
                self.expect_success_with(Op::CreateCall, &[("Twiml", twiml), ("Record", "false")])
                    .await;
            }
        }
        let create = Op::ALL
            .iter()
            .copied()
            .find(|op| op.path() == collection && op.method() == http::Method::POST);
        let sid = match create {
            Some(op) => self.expect_success(op).await.and_then(|value| {
                value
                    .get(id_field(collection))
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            }),
            None => match self.concrete(collection) {
                Ok(path) => match self.mock.fill(&path) {
                    Some(sid) => Some(sid),
                    None => self.first_listed(collection).await,
                },
                Err(e) => {
                    self.failures.push(e);
                    return;
                }
            },
        };
        for (suffix, by) in ADVANCE_AFTER {
            if collection.ends_with(suffix) {
                self.mock.advance(*by);
            }
        }
        match sid {
            Some(sid) => {
                self.sids.insert(collection.to_string(), sid);
            }
            None => self
                .failures
                .push(format!("no record made in {collection}")),
        }
    }
}

impl Walk {
    /// The SID of the first record the list of `collection` shows.
    async fn first_listed(&mut self, collection: &str) -> Option<String> {
        let list = Op::ALL
            .iter()
            .copied()
            .find(|op| op.path() == collection && op.method() == http::Method::GET)?;
        let page = self.expect_success(list).await?;
        let first = page.get(list.item_key()?)?.get(0)?;
        first
            .get(id_field(collection))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    }
}

#[test]
fn walk_calls_every_operation_of_the_spec_through_the_generated_client() {
    // The driver's arms (one per operation) make deep frames in unoptimised builds: the walk
    // runs on a thread, and a runtime, with a larger stack than a test's.
    const STACK: usize = 32 << 20;
    let walker = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .thread_stack_size(STACK)
                .build()
                .unwrap()
                .block_on(walk_all())
        })
        .unwrap();
    if let Err(panic) = walker.join() {
        std::panic::resume_unwind(panic);
    }
}

async fn walk_all() {
    let started = Instant::now();
    let mock = MockGateway::start().await.unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    let mut auth = format!("Bearer {}", mock.api_key())
        .parse::<http::HeaderValue>()
        .unwrap();
    auth.set_sensitive(true);
    headers.insert(reqwest::header::AUTHORIZATION, auth);
    // The payload data's 307 is the operation's answer, not something to follow.
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut walk = Walk {
        mock,
        spec: crate::spec(),
        http,
        sids: BTreeMap::new(),
        called: BTreeSet::new(),
        failures: Vec::new(),
    };

    // 1. The records paths name, parents first.
    let mut needed: Vec<String> = Op::ALL
        .iter()
        .flat_map(|op| named_collections(op.path()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    needed.sort_by_key(|c| depth(c));
    for collection in &needed {
        walk.make(collection).await;
    }
    // 2. Everything but the deletes, in table order; a fetch answers the record it names.
    for op in Op::ALL.iter().copied() {
        if op.method() == http::Method::DELETE || walk.called.contains(&op) {
            continue;
        }
        let value = walk.expect_success(op).await;
        let Some((head, last)) = op.path().rsplit_once('/') else {
            continue;
        };
        let collection = format!("{head}.json");
        if op.method() == http::Method::GET
            && last.starts_with('{')
            && let (Some(value), Some(sid)) = (value, walk.sids.get(&collection))
        {
            let field = id_field(&collection);
            if value.get(&field).and_then(|v| v.as_str()) != Some(sid.as_str()) {
                walk.failures
                    .push(format!("{op}: {field} is not {sid} in {value}"));
            }
        }
    }

    // 3. The deletes, innermost first; each deleted record is then not found.
    let mut deletes: Vec<Op> = Op::ALL
        .iter()
        .copied()
        .filter(|op| op.method() == http::Method::DELETE)
        .collect();
    deletes.sort_by_key(|op| std::cmp::Reverse(depth(op.path())));
    let mut ended = false;
    for op in deletes {
        // Once what lives in calls is deleted, the calls end, so that they can be deleted.
        if !ended && depth(op.path()) <= 2 {
            walk.mock.advance(Duration::from_secs(60));
            ended = true;
        }
        if walk.expect_success(op).await.is_none() {
            continue;
        }
        let fetch = Op::ALL
            .iter()
            .copied()
            .find(|f| f.path() == op.path() && f.method() == http::Method::GET);
        if let Some(fetch) = fetch {
            match walk.send(fetch).await {
                Ok(Outcome::Refused {
                    status: 404,
                    twilio_code: Some(20404),
                    ..
                }) => {}
                other => walk
                    .failures
                    .push(format!("{fetch} after {op}: {other:?}, not 404 (20404)")),
            }
        }
    }

    let missing: Vec<&Op> = Op::ALL
        .iter()
        .filter(|op| !walk.called.contains(op))
        .collect();
    assert!(missing.is_empty(), "never called: {missing:?}");
    assert_eq!(walk.called.len(), Op::ALL.len());
    assert!(
        walk.failures.is_empty(),
        "{} of {} operations failed:\n{}",
        walk.failures.len(),
        Op::ALL.len(),
        walk.failures.join("\n")
    );
    eprintln!(
        "walk: {} operations in {:?}",
        walk.called.len(),
        started.elapsed()
    );
    walk.mock.shutdown().await;
}
