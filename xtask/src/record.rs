//! `cargo xtask record SCENARIO...`: records contract-test fixtures from the live gateway.
//!
//! Each scenario sends real requests through a recording proxy on 127.0.0.1 that forwards them to
//! the upstream (the gateway's Twilio API and the control plane) and keeps every exchange. The
//! exchanges are cut into fixtures (a list followed over two pages is one fixture), named after
//! the operation of `spec/` their request matches, scrubbed (the `Authorization` header is never
//! kept; the key, `session_token` values, `auth_token` values and any key-like token become
//! `REDACTED`) and written under `tests/fixtures/<area>/recorded_*.json` with
//! `source.kind = "recorded"`. A fixture that still fails the key scan is not written.
//!
//! It needs `MATON_API_KEY`, talks to the network, changes the account (the CRUD scenarios
//! create and delete a queue and an application; `--send` sends one real SMS) and refuses to run
//! when `CI` is set. Scenarios send plain HTTP with reqwest rather than the generated client, so
//! that recording never depends on generated code that a spec change may have broken.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use maton_contract_tests::fixture::{self, Fixture, Interaction, Service, Source};
use maton_contract_tests::secrets;
use maton_contract_tests::spec::Spec;
use maton_contract_tests::wire::decode_pairs;
use serde_json::{Value, json};

/// Every scenario, in the order `all` runs them.
pub const SCENARIOS: &[&str] = &[
    "accounts",
    "messages",
    "calls",
    "numbers",
    "applications",
    "queues",
    "addresses",
    "usage",
    "connections",
    "gateway",
];

const DEFAULT_TWILIO: &str = "https://gateway.maton.ai/twilio";
const DEFAULT_CONTROL: &str = "https://ctrl.maton.ai";

/// What to record, from where, to where.
#[derive(Clone, Debug)]
pub struct Config {
    /// Scenario names (see [`SCENARIOS`]).
    pub scenarios: Vec<String>,
    /// The Maton API key sent upstream; never written.
    pub key: String,
    /// The Twilio service base, e.g. `https://gateway.maton.ai/twilio`.
    pub twilio_upstream: String,
    /// The control plane base, e.g. `https://ctrl.maton.ai`.
    pub control_upstream: String,
    /// The fixtures directory to write into.
    pub out: PathBuf,
    /// `spec/`, to name operations.
    pub spec_dir: PathBuf,
    /// `Maton-Connection` for every gateway request, if any.
    pub connection: Option<String>,
    /// `(from, to)`: lets the messages scenario send one real message.
    pub send: Option<(String, String)>,
    /// The command line to write as the fixtures' `source.by`.
    pub command: String,
}

/// Entry point of `cargo xtask record`.
pub fn main(args: &[String]) -> Result<ExitCode, String> {
    let mut scenarios = Vec::new();
    let mut twilio_upstream = std::env::var("MATON_TWILIO_BASE_URL").ok();
    let mut control_upstream = std::env::var("MATON_CTRL_BASE_URL").ok();
    let mut out = crate::workspace_root().join("tests/fixtures");
    let mut connection = std::env::var("MATON_CONNECTION").ok();
    let mut send = None;
    let mut named = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--upstream" => twilio_upstream = Some(value("--upstream")?),
            "--control-upstream" => control_upstream = Some(value("--control-upstream")?),
            "--out" => out = PathBuf::from(value("--out")?),
            "--connection" => connection = Some(value("--connection")?),
            "--send" => {
                let from = value("--send FROM TO")?;
                send = Some((from, value("--send FROM TO")?));
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            name if SCENARIOS.contains(&name) => {
                named.push(name);
                scenarios.push(name.to_string());
            }
            "all" => {
                named.push("all");
                scenarios.extend(SCENARIOS.iter().map(|s| s.to_string()));
            }
            other => return Err(format!("unknown scenario or option `{other}`\n{USAGE}")),
        }
    }
    if scenarios.is_empty() {
        return Err(format!("name at least one scenario\n{USAGE}"));
    }
    if std::env::var_os("CI").is_some() {
        return Err("`cargo xtask record` talks to the live gateway and never runs in CI".into());
    }
    let key = std::env::var("MATON_API_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty())
        .ok_or("MATON_API_KEY is not set")?;
    let config = Config {
        command: format!("cargo xtask record {}", named.join(" ")),
        scenarios,
        key,
        twilio_upstream: twilio_upstream.unwrap_or_else(|| DEFAULT_TWILIO.to_string()),
        control_upstream: control_upstream.unwrap_or_else(|| DEFAULT_CONTROL.to_string()),
        out,
        spec_dir: crate::workspace_root().join("spec"),
        connection,
        send,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting tokio: {e}"))?;
    let written = runtime.block_on(record(&config))?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    println!(
        "{} fixture(s) written: review them (phone numbers and names are real) before committing",
        written.len()
    );
    Ok(ExitCode::SUCCESS)
}

pub const USAGE: &str = "record SCENARIO... [--upstream URL] [--control-upstream URL] [--out DIR]
                    [--connection ID] [--send FROM TO]
    scenarios: all, accounts, messages, calls, numbers, applications, queues, addresses, usage,
               connections, gateway (needs MATON_API_KEY; refuses to run when CI is set)";

/// Runs the scenarios through the recording proxies and writes their fixtures; returns the paths
/// written.
pub async fn record(config: &Config) -> Result<Vec<PathBuf>, String> {
    let spec = Spec::load(&config.spec_dir)?;
    let twilio = Proxy::start(Service::Twilio, &config.twilio_upstream).await?;
    let control = Proxy::start(Service::Control, &config.control_upstream).await?;
    let mut session = Session {
        config,
        spec: &spec,
        twilio,
        control,
        http: reqwest::Client::new(),
        account: None,
        written: Vec::new(),
    };
    for scenario in &config.scenarios {
        session.run(scenario).await?;
    }
    Ok(session.written)
}

/// One request and its response as the proxy saw them.
#[derive(Clone, Debug)]
struct Exchange {
    method: String,
    path: String,
    query: Option<String>,
    request_headers: Vec<(String, String)>,
    request_body: Vec<u8>,
    status: u16,
    response_headers: Vec<(String, String)>,
    response_body: Vec<u8>,
}

struct ProxyState {
    upstream: String,
    http: reqwest::Client,
    log: Mutex<Vec<Exchange>>,
}

/// A recording proxy on 127.0.0.1 in front of one upstream.
struct Proxy {
    service: Service,
    url: String,
    state: Arc<ProxyState>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

const HOP_BY_HOP: &[&str] = &[
    "host",
    "connection",
    "content-length",
    "transfer-encoding",
    "accept-encoding",
    "keep-alive",
];

impl Proxy {
    async fn start(service: Service, upstream: &str) -> Result<Proxy, String> {
        let state = Arc::new(ProxyState {
            upstream: upstream.trim_end_matches('/').to_string(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| format!("building the proxy's client: {e}"))?,
            log: Mutex::new(Vec::new()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("binding the proxy: {e}"))?;
        let url = format!(
            "http://{}",
            listener.local_addr().map_err(|e| e.to_string())?
        );
        let app = axum::Router::new()
            .fallback(forward)
            .with_state(Arc::clone(&state));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Proxy {
            service,
            url,
            state,
            _shutdown: tx,
        })
    }

    fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.state.log.lock().expect("not poisoned"))
    }
}

async fn forward(State(state): State<Arc<ProxyState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 16 << 20)
        .await
        .unwrap_or_default();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let target = match &query {
        Some(q) => format!("{}{path}?{q}", state.upstream),
        None => format!("{}{path}", state.upstream),
    };
    let request_headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter(|(k, _)| !HOP_BY_HOP.contains(&k.as_str()))
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut upstream = state.http.request(parts.method.clone(), &target);
    for (name, value) in &request_headers {
        upstream = upstream.header(name, value);
    }
    let (status, response_headers, response_body) = match upstream.body(body.to_vec()).send().await
    {
        Ok(response) => {
            let status = response.status().as_u16();
            let headers: Vec<(String, String)> = response
                .headers()
                .iter()
                .filter(|(k, _)| !HOP_BY_HOP.contains(&k.as_str()))
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let bytes = response.bytes().await.unwrap_or_default().to_vec();
            (status, headers, bytes)
        }
        Err(e) => (
            599,
            vec![("content-type".to_string(), "text/plain".to_string())],
            format!("recording proxy: upstream unreachable: {e}").into_bytes(),
        ),
    };
    state.log.lock().expect("not poisoned").push(Exchange {
        method: parts.method.to_string(),
        path,
        query,
        request_headers,
        request_body: body.to_vec(),
        status,
        response_headers: response_headers.clone(),
        response_body: response_body.clone(),
    });
    let mut response = Response::new(Body::from(response_body));
    *response.status_mut() =
        axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::BAD_GATEWAY);
    for (name, value) in response_headers {
        if let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::from_bytes(name.as_bytes()),
            axum::http::HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// The state of a recording run: the proxies, the account in use, what was written.
struct Session<'a> {
    config: &'a Config,
    spec: &'a Spec,
    twilio: Proxy,
    control: Proxy,
    http: reqwest::Client,
    account: Option<String>,
    written: Vec<PathBuf>,
}

/// What a scenario step got back.
struct Reply {
    status: u16,
    json: Value,
}

impl Reply {
    fn str_at(&self, pointer: &str) -> Option<String> {
        self.json
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_string)
    }
}

enum Payload<'b> {
    None,
    Form(&'b [(&'b str, &'b str)]),
    Json(Value),
}

impl Session<'_> {
    async fn call(
        &self,
        service: Service,
        method: &str,
        path_and_query: &str,
        payload: Payload<'_>,
        key: Option<&str>,
    ) -> Result<Reply, String> {
        let proxy = match service {
            Service::Twilio => &self.twilio,
            Service::Control => &self.control,
        };
        let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
        let mut request = self
            .http
            .request(method, format!("{}{path_and_query}", proxy.url))
            .header(
                "authorization",
                format!("Bearer {}", key.unwrap_or(&self.config.key)),
            );
        if service == Service::Twilio
            && let Some(connection) = &self.config.connection
        {
            request = request.header("maton-connection", connection);
        }
        request = match payload {
            Payload::None => request,
            Payload::Form(pairs) => {
                let body = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                request
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body)
            }
            Payload::Json(value) => request
                .header("content-type", "application/json")
                .body(value.to_string()),
        };
        let response = request
            .send()
            .await
            .map_err(|e| format!("{path_and_query}: {e}"))?;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        Ok(Reply {
            status,
            json: serde_json::from_str(&text).unwrap_or(Value::Null),
        })
    }

    async fn get(&self, path_and_query: &str) -> Result<Reply, String> {
        self.call(Service::Twilio, "GET", path_and_query, Payload::None, None)
            .await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> Result<Reply, String> {
        self.call(Service::Twilio, "POST", path, Payload::Form(form), None)
            .await
    }

    async fn delete(&self, path: &str) -> Result<Reply, String> {
        self.call(Service::Twilio, "DELETE", path, Payload::None, None)
            .await
    }

    /// Follows `next_page_uri` once, if the page names one.
    async fn next_page(&self, page: &Reply) -> Result<(), String> {
        if let Some(next) = page.str_at("/next_page_uri").filter(|u| u.starts_with('/')) {
            self.get(&next).await?;
        }
        Ok(())
    }

    /// The account's SID, discovered once (the discovery is not recorded).
    async fn account(&mut self) -> Result<String, String> {
        if let Some(account) = &self.account {
            return Ok(account.clone());
        }
        let listed = self.get("/2010-04-01/Accounts.json?PageSize=1").await?;
        self.twilio.take();
        let sid = listed
            .str_at("/accounts/0/sid")
            .ok_or_else(|| format!("cannot discover the account (status {})", listed.status))?;
        self.account = Some(sid.clone());
        Ok(sid)
    }

    /// Turns everything recorded since the last cut into one fixture.
    fn cut(
        &mut self,
        service: Service,
        area: &str,
        name: &str,
        description: &str,
    ) -> Result<(), String> {
        let proxy = match service {
            Service::Twilio => &self.twilio,
            Service::Control => &self.control,
        };
        let exchanges = proxy.take();
        if exchanges.is_empty() {
            return Ok(());
        }
        let fixture = self.fixture(proxy.service, &exchanges, description)?;
        let text = fixture::to_pretty_json(&fixture);
        let findings = secrets::scan(&text);
        if !findings.is_empty() {
            let list: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
            return Err(format!(
                "{area}/{name}: still key-like after scrubbing, not written:\n  {}",
                list.join("\n  ")
            ));
        }
        let dir = self.config.out.join(area);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(format!("recorded_{name}.json"));
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        self.written.push(path);
        Ok(())
    }

    fn fixture(
        &self,
        service: Service,
        exchanges: &[Exchange],
        description: &str,
    ) -> Result<Fixture, String> {
        let key = self.config.key.as_str();
        let mut operation = None;
        let mut interactions = Vec::new();
        for exchange in exchanges {
            let (op, _) = self
                .spec
                .match_request(service, &exchange.method, &exchange.path)
                .ok_or_else(|| {
                    format!(
                        "{} {} matches no operation of spec/{service}.yaml",
                        exchange.method, exchange.path
                    )
                })?;
            match &operation {
                None => operation = Some(op.id.clone()),
                Some(first) if *first != op.id => {
                    return Err(format!("one fixture holds {first} and {}", op.id));
                }
                _ => {}
            }
            interactions.push(interaction(exchange, key));
        }
        let mut fixture = Fixture {
            operation: operation.unwrap_or_default(),
            service,
            source: Source::Recorded {
                at: now_rfc3339(),
                by: self.config.command.clone(),
            },
            description: description.to_string(),
            request: None,
            response: None,
            interactions: Vec::new(),
        };
        if interactions.len() == 1 {
            let only = interactions.remove(0);
            fixture.request = Some(only.request);
            fixture.response = Some(only.response);
        } else {
            fixture.interactions = interactions;
        }
        fixture
            .validate()
            .map_err(|problems| format!("recorded fixture is invalid: {}", problems.join("; ")))?;
        Ok(fixture)
    }

    async fn run(&mut self, scenario: &str) -> Result<(), String> {
        const T: Service = Service::Twilio;
        match scenario {
            "accounts" => {
                let listed = self.get("/2010-04-01/Accounts.json?PageSize=1").await?;
                self.cut(
                    T,
                    "accounts",
                    "list_accounts",
                    "The key's accounts, one per page.",
                )?;
                if let Some(sid) = listed.str_at("/accounts/0/sid") {
                    self.get(&format!("/2010-04-01/Accounts/{sid}.json"))
                        .await?;
                    self.cut(T, "accounts", "fetch_account", "The first account.")?;
                    self.account = Some(sid);
                }
            }
            "messages" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                if let Some((from, to)) = self.config.send.clone() {
                    let body = "maton contract test 😀𝄞";
                    let sent = self
                        .post(
                            &format!("{base}/Messages.json"),
                            &[("To", &to), ("From", &from), ("Body", body)],
                        )
                        .await?;
                    self.cut(
                        T,
                        "messages",
                        "send_message",
                        "Sending a message with non-BMP characters.",
                    )?;
                    if let Some(sid) = sent.str_at("/sid") {
                        self.get(&format!("{base}/Messages/{sid}.json")).await?;
                        self.cut(
                            T,
                            "messages",
                            "fetch_sent_message",
                            "The message just sent.",
                        )?;
                    }
                }
                let page = self
                    .get(&format!("{base}/Messages.json?PageSize=2"))
                    .await?;
                self.next_page(&page).await?;
                self.cut(
                    T,
                    "messages",
                    "list_messages",
                    "Messages two per page, following next_page_uri once.",
                )?;
                if let Some(sid) = page.str_at("/messages/0/sid") {
                    self.get(&format!("{base}/Messages/{sid}.json")).await?;
                    self.cut(T, "messages", "fetch_message", "The latest message.")?;
                }
                self.get(&format!("{base}/Messages/SM{}.json", "0".repeat(32)))
                    .await?;
                self.cut(
                    T,
                    "messages",
                    "fetch_message_not_found",
                    "A message that does not exist.",
                )?;
            }
            "calls" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                let page = self.get(&format!("{base}/Calls.json?PageSize=2")).await?;
                self.next_page(&page).await?;
                self.cut(
                    T,
                    "calls",
                    "list_calls",
                    "Calls two per page, following next_page_uri once.",
                )?;
                if let Some(sid) = page.str_at("/calls/0/sid") {
                    self.get(&format!("{base}/Calls/{sid}.json")).await?;
                    self.cut(T, "calls", "fetch_call", "The latest call.")?;
                }
                self.get(&format!("{base}/Calls/CA{}.json", "0".repeat(32)))
                    .await?;
                self.cut(
                    T,
                    "calls",
                    "fetch_call_not_found",
                    "A call that does not exist.",
                )?;
            }
            "numbers" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                let page = self
                    .get(&format!("{base}/IncomingPhoneNumbers.json?PageSize=5"))
                    .await?;
                self.cut(
                    T,
                    "numbers",
                    "list_incoming_numbers",
                    "The account's numbers.",
                )?;
                if let Some(sid) = page.str_at("/incoming_phone_numbers/0/sid") {
                    self.get(&format!("{base}/IncomingPhoneNumbers/{sid}.json"))
                        .await?;
                    self.cut(T, "numbers", "fetch_number", "The first number.")?;
                }
                self.get(&format!(
                    "{base}/AvailablePhoneNumbers/US/Local.json?PageSize=3"
                ))
                .await?;
                self.cut(
                    T,
                    "numbers",
                    "search_available_local",
                    "Three local US numbers for sale.",
                )?;
                self.get(&format!(
                    "{base}/AvailablePhoneNumbers/US/TollFree.json?PageSize=3"
                ))
                .await?;
                self.cut(
                    T,
                    "numbers",
                    "search_available_tollfree",
                    "Three toll-free US numbers for sale.",
                )?;
                self.get(&format!(
                    "{base}/IncomingPhoneNumbers/PN{}.json",
                    "0".repeat(32)
                ))
                .await?;
                self.cut(
                    T,
                    "numbers",
                    "fetch_number_not_found",
                    "A number the account does not own.",
                )?;
            }
            "applications" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                let created = self
                    .post(
                        &format!("{base}/Applications.json"),
                        &[
                            ("FriendlyName", "maton-contract-test"),
                            ("VoiceUrl", "https://example.com/voice"),
                        ],
                    )
                    .await?;
                self.cut(
                    T,
                    "applications",
                    "create_application",
                    "Creating an application.",
                )?;
                let sid = created
                    .str_at("/sid")
                    .ok_or("the application was not created")?;
                let one = format!("{base}/Applications/{sid}.json");
                self.get(&one).await?;
                self.cut(
                    T,
                    "applications",
                    "fetch_application",
                    "The application just created.",
                )?;
                self.post(&one, &[("FriendlyName", "maton-contract-test-renamed")])
                    .await?;
                self.cut(T, "applications", "update_application", "Renaming it.")?;
                self.get(&format!(
                    "{base}/Applications.json?FriendlyName=maton-contract-test-renamed"
                ))
                .await?;
                self.cut(
                    T,
                    "applications",
                    "list_applications",
                    "Applications by name.",
                )?;
                self.delete(&one).await?;
                self.cut(T, "applications", "delete_application", "Deleting it.")?;
                self.get(&one).await?;
                self.cut(
                    T,
                    "applications",
                    "fetch_application_not_found",
                    "The deleted application.",
                )?;
            }
            "queues" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                let created = self
                    .post(
                        &format!("{base}/Queues.json"),
                        &[("FriendlyName", "maton-contract-test"), ("MaxSize", "10")],
                    )
                    .await?;
                self.cut(T, "queues", "create_queue", "Creating a queue.")?;
                let sid = created.str_at("/sid").ok_or("the queue was not created")?;
                let one = format!("{base}/Queues/{sid}.json");
                self.get(&one).await?;
                self.cut(T, "queues", "fetch_queue", "The queue just created.")?;
                self.post(&one, &[("MaxSize", "20")]).await?;
                self.cut(T, "queues", "update_queue", "Changing its capacity.")?;
                self.get(&format!("{base}/Queues.json?PageSize=5")).await?;
                self.cut(T, "queues", "list_queues", "Queues five per page.")?;
                self.delete(&one).await?;
                self.cut(T, "queues", "delete_queue", "Deleting it.")?;
                self.delete(&one).await?;
                self.cut(T, "queues", "delete_queue_not_found", "Deleting it again.")?;
            }
            "addresses" => {
                let base = format!("/2010-04-01/Accounts/{}", self.account().await?);
                self.get(&format!("{base}/Addresses.json?PageSize=5"))
                    .await?;
                self.cut(T, "addresses", "list_addresses", "The account's addresses.")?;
                self.get(&format!("{base}/Addresses/AD{}.json", "0".repeat(32)))
                    .await?;
                self.cut(
                    T,
                    "addresses",
                    "fetch_address_not_found",
                    "An address that does not exist.",
                )?;
            }
            "usage" => {
                let base = format!(
                    "/2010-04-01/Accounts/{}/Usage/Records",
                    self.account().await?
                );
                let page = self.get(&format!("{base}.json?PageSize=2")).await?;
                self.next_page(&page).await?;
                self.cut(
                    T,
                    "usage",
                    "list_usage_records",
                    "Usage records two per page, following next_page_uri once.",
                )?;
                for window in [
                    "AllTime",
                    "Daily",
                    "LastMonth",
                    "Monthly",
                    "ThisMonth",
                    "Today",
                    "Yearly",
                    "Yesterday",
                ] {
                    self.get(&format!("{base}/{window}.json?PageSize=2"))
                        .await?;
                    let name = format!("list_usage_records_{}", snake(window));
                    self.cut(
                        T,
                        "usage",
                        &name,
                        &format!("Usage records over the {window} period."),
                    )?;
                }
                self.get(&format!("{base}.json?Page=1&PageSize=2")).await?;
                self.cut(
                    T,
                    "usage",
                    "list_usage_records_page_without_token",
                    "Page=1 without a PageToken.",
                )?;
            }
            "connections" => {
                const C: Service = Service::Control;
                let listed = self
                    .call(C, "GET", "/connections?app=twilio", Payload::None, None)
                    .await?;
                self.cut(
                    C,
                    "connections",
                    "list_connections",
                    "The key's Twilio connections.",
                )?;
                if let Some(id) = listed.str_at("/connections/0/connection_id") {
                    self.call(C, "GET", &format!("/connections/{id}"), Payload::None, None)
                        .await?;
                    self.cut(C, "connections", "get_connection", "The first connection.")?;
                }
                let created = self
                    .call(
                        C,
                        "POST",
                        "/connections",
                        Payload::Json(json!({"app": "twilio"})),
                        None,
                    )
                    .await?;
                self.cut(
                    C,
                    "connections",
                    "create_connection",
                    "Starting a connection (deleted right after).",
                )?;
                if let Some(id) = created.str_at("/connection/connection_id") {
                    self.call(
                        C,
                        "DELETE",
                        &format!("/connections/{id}"),
                        Payload::None,
                        None,
                    )
                    .await?;
                    self.cut(
                        C,
                        "connections",
                        "delete_connection",
                        "Deleting the connection just started.",
                    )?;
                }
                self.call(
                    C,
                    "GET",
                    "/connections/00000000-0000-4000-8000-000000000000",
                    Payload::None,
                    None,
                )
                .await?;
                self.cut(
                    C,
                    "connections",
                    "get_connection_not_found",
                    "A connection that does not exist.",
                )?;
            }
            "gateway" => {
                self.call(
                    T,
                    "GET",
                    "/2010-04-01/Accounts.json",
                    Payload::None,
                    Some("not-a-valid-maton-key"),
                )
                .await?;
                self.cut(
                    T,
                    "gateway",
                    "invalid_key_401",
                    "The gateway's answer to a key it does not know.",
                )?;
            }
            other => return Err(format!("unknown scenario `{other}`")),
        }
        Ok(())
    }
}

/// One exchange as a fixture interaction, scrubbed.
fn interaction(exchange: &Exchange, key: &str) -> Interaction {
    let scrub = |text: &str| secrets::scrub(text, &[key]);
    let header = |headers: &[(String, String)], name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let content_type = header(&exchange.request_headers, "content-type").unwrap_or_default();
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let mut request_headers = std::collections::BTreeMap::new();
    for name in ["Maton-Connection", "Content-Type"] {
        if let Some(value) = header(&exchange.request_headers, name) {
            request_headers.insert(name.to_string(), scrub(&value));
        }
    }
    let pairs = |pairs: Vec<(String, String)>| -> Vec<(String, String)> {
        pairs
            .into_iter()
            .map(|(k, v)| (scrub(&k), scrub(&v)))
            .collect()
    };
    let (form, json) = if exchange.request_body.is_empty() && exchange.method != "POST" {
        (None, None)
    } else if media == "application/json" {
        let text = scrub(&String::from_utf8_lossy(&exchange.request_body));
        (None, serde_json::from_str(&text).ok())
    } else {
        (Some(pairs(decode_pairs(&exchange.request_body))), None)
    };
    let mut response_headers = std::collections::BTreeMap::new();
    for name in ["Content-Type", "Retry-After"] {
        if let Some(value) = header(&exchange.response_headers, name) {
            response_headers.insert(name.to_string(), value);
        }
    }
    let body = String::from_utf8_lossy(&exchange.response_body).into_owned();
    Interaction {
        request: fixture::Request {
            method: exchange.method.clone(),
            path: scrub(&exchange.path),
            query: pairs(decode_pairs(
                exchange.query.as_deref().unwrap_or("").as_bytes(),
            )),
            form,
            json,
            headers: request_headers,
        },
        response: fixture::Response {
            status: exchange.status,
            headers: response_headers,
            body: (!body.is_empty()).then(|| scrub(&body)),
            json: None,
        },
    }
}

fn snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Now, as RFC 3339 in UTC to the second (no date crate for one timestamp).
fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use maton_twilio_mock::MockGateway;

    #[test]
    fn the_clock_formats_known_days() {
        assert_eq!(snake("LastMonth"), "last_month");
        let text = now_rfc3339();
        assert_eq!(text.len(), 20, "{text}");
        assert!(text.starts_with("20") && text.ends_with('Z'), "{text}");
    }

    /// Records every scenario against the emulator as the upstream, into a temporary directory,
    /// and checks what was written: valid fixtures, recorded sources, no key, and the exchanges
    /// really captured.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn records_against_the_emulator() {
        let mock = MockGateway::start().await.expect("emulator");
        let out = tempfile::tempdir().expect("temp dir");
        let config = Config {
            scenarios: SCENARIOS.iter().map(|s| s.to_string()).collect(),
            key: mock.api_key().to_string(),
            twilio_upstream: mock.twilio_url(),
            control_upstream: mock.control_url(),
            out: out.path().to_path_buf(),
            spec_dir: crate::workspace_root().join("spec"),
            connection: None,
            send: Some(("+15551234567".into(), "+15559876543".into())),
            command: "cargo xtask record all".into(),
        };
        let written = record(&config).await.expect("recording works");
        assert!(written.iter().all(|p| p.starts_with(out.path())));

        let fixtures = fixture::load_dir(out.path()).expect("every file is a fixture");
        assert_eq!(fixtures.len(), written.len());
        let spec = Spec::load(&config.spec_dir).unwrap();
        for loaded in &fixtures {
            let f = &loaded.fixture;
            assert_eq!(f.validate(), Ok(()), "{}", loaded.name);
            assert!(
                matches!(&f.source, Source::Recorded { by, .. } if by == "cargo xtask record all"),
                "{}",
                loaded.name
            );
            assert!(spec.operation(&f.operation).is_some(), "{}", loaded.name);
            assert_eq!(secrets::scan(&loaded.text), vec![], "{}", loaded.name);
            assert!(!loaded.text.contains(mock.api_key()), "{}", loaded.name);
        }
        let named = |name: &str| {
            fixtures
                .iter()
                .find(|f| f.name == name)
                .unwrap_or_else(|| {
                    panic!(
                        "{name} was not written: {:?}",
                        fixtures.iter().map(|f| &f.name).collect::<Vec<_>>()
                    )
                })
                .fixture
                .clone()
        };

        // The send is captured as sent: the form, non-BMP text included, and Twilio's 201.
        let sent = named("messages/recorded_send_message.json");
        assert_eq!(sent.operation, "CreateMessage");
        let request = sent.request.as_ref().unwrap();
        assert_eq!(
            request.path,
            format!("/2010-04-01/Accounts/{}/Messages.json", mock.account_sid())
        );
        assert_eq!(request.form_value("Body"), Some("maton contract test 😀𝄞"));
        assert_eq!(request.form_value("To"), Some("+15559876543"));
        assert_eq!(
            request.header("Content-Type"),
            Some("application/x-www-form-urlencoded")
        );
        let response = sent.response.as_ref().unwrap();
        assert_eq!(response.status, 201);
        let body = response.json_body().unwrap().unwrap();
        assert_eq!(body["body"], "maton contract test 😀𝄞");

        // Errors are captured with their status and body.
        let gone = named("queues/recorded_delete_queue_not_found.json");
        assert_eq!(gone.response.as_ref().unwrap().status, 404);
        let unauthorised = named("gateway/recorded_invalid_key_401.json");
        assert_eq!(unauthorised.response.as_ref().unwrap().status, 401);
        let no_token = named("usage/recorded_list_usage_records_page_without_token.json");
        assert_eq!(no_token.response.as_ref().unwrap().status, 400);

        // The control plane goes through its own proxy, with its JSON body.
        let created = named("connections/recorded_create_connection.json");
        assert_eq!(created.service, Service::Control);
        assert_eq!(
            created.request.as_ref().unwrap().json,
            Some(json!({"app": "twilio"}))
        );

        // Every operation the scenarios touch is named from spec/.
        let operations: std::collections::BTreeSet<&str> = fixtures
            .iter()
            .map(|f| f.fixture.operation.as_str())
            .collect();
        for op in [
            "ListAccount",
            "FetchAccount",
            "CreateMessage",
            "ListMessage",
            "ListCall",
            "ListIncomingPhoneNumber",
            "ListAvailablePhoneNumberLocal",
            "CreateApplication",
            "DeleteApplication",
            "CreateQueue",
            "UpdateQueue",
            "ListAddress",
            "ListUsageRecordDaily",
            "ListConnections",
            "CreateConnection",
            "DeleteConnection",
            "GetConnection",
        ] {
            assert!(operations.contains(op), "{op} not recorded: {operations:?}");
        }
        mock.shutdown().await;
    }
}
