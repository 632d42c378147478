//! A recording run: requests sent through the proxies, and the exchanges cut into fixtures.

use std::path::PathBuf;

use maton_contract_tests::fixture::{self, Fixture, Service, Source};
use maton_contract_tests::secrets;
use maton_contract_tests::spec::Spec;
use serde_json::Value;

use super::Config;
use super::interaction::{interaction, now_rfc3339};
use super::proxy::{Exchange, Proxy};

/// The state of a recording run: the proxies, the account in use, what was written.
pub(super) struct Session<'a> {
    pub(super) config: &'a Config,
    pub(super) spec: &'a Spec,
    pub(super) twilio: Proxy,
    pub(super) control: Proxy,
    pub(super) http: reqwest::Client,
    pub(super) account: Option<String>,
    pub(super) written: Vec<PathBuf>,
}

/// What a scenario step got back.
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) json: Value,
}

impl Reply {
    pub(super) fn str_at(&self, pointer: &str) -> Option<String> {
        self.json
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_string)
    }
}

pub(super) enum Payload<'b> {
    None,
    Form(&'b [(&'b str, &'b str)]),
    Json(Value),
}

impl Session<'_> {
    pub(super) async fn call(
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

    pub(super) async fn get(&self, path_and_query: &str) -> Result<Reply, String> {
        self.call(Service::Twilio, "GET", path_and_query, Payload::None, None)
            .await
    }

    pub(super) async fn post(&self, path: &str, form: &[(&str, &str)]) -> Result<Reply, String> {
        self.call(Service::Twilio, "POST", path, Payload::Form(form), None)
            .await
    }

    pub(super) async fn delete(&self, path: &str) -> Result<Reply, String> {
        self.call(Service::Twilio, "DELETE", path, Payload::None, None)
            .await
    }

    /// GETs `path_and_query` from the Twilio API and cuts it into the fixture
    /// `{area}/recorded_{name}.json`.
    pub(super) async fn fetch(
        &mut self,
        path_and_query: &str,
        area: &str,
        name: &str,
        description: &str,
    ) -> Result<Reply, String> {
        let reply = self.get(path_and_query).await?;
        self.cut(Service::Twilio, area, name, description)?;
        Ok(reply)
    }

    /// Follows `next_page_uri` once, if the page names one.
    pub(super) async fn next_page(&self, page: &Reply) -> Result<(), String> {
        if let Some(next) = page.str_at("/next_page_uri").filter(|u| u.starts_with('/')) {
            self.get(&next).await?;
        }
        Ok(())
    }

    /// The account's SID, discovered once (the discovery is not recorded).
    pub(super) async fn account(&mut self) -> Result<String, String> {
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
    pub(super) fn cut(
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
}
