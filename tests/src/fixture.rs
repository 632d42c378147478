//! The fixture format: one JSON file per interaction (or per sequence of interactions, for lists
//! that span pages), documented in `tests/fixtures/README.md`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One fixture file.
///
/// It holds either one `request` and its `response`, or a non-empty list of `interactions`
/// played in order (the pages of a list, each request following the previous `next_page_uri`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// The `operationId` the request was for (`CreateMessage`, `ListConnections`, ...), also for
    /// errors that the gateway answered on its own.
    pub operation: String,
    /// Which base URL the paths are relative to.
    pub service: Service,
    /// Where the interaction came from.
    pub source: Source,
    /// What the fixture shows, in a sentence or two.
    pub description: String,
    /// The request, when the fixture holds a single interaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Request>,
    /// The response, when the fixture holds a single interaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    /// The interactions, in order, when the fixture holds more than one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interactions: Vec<Interaction>,
}

/// The service a fixture's paths belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// The gateway's Twilio API, `https://gateway.maton.ai/twilio` (`spec/twilio.yaml`).
    Twilio,
    /// The control plane, `https://ctrl.maton.ai` (`spec/control.yaml`).
    Control,
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Service::Twilio => "twilio",
            Service::Control => "control",
        })
    }
}

/// Where a fixture came from. A recorded fixture replaces a documented one for the same case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Source {
    /// Recorded from the live gateway by `cargo xtask record`.
    Recorded {
        /// When (RFC 3339, UTC).
        at: String,
        /// The command that recorded it.
        by: String,
    },
    /// Written from public documentation.
    Documented {
        /// Which document, e.g. `Twilio API v2010 OpenAPI examples: readFull`.
        from: String,
    },
}

/// One request and the response it got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    /// What the client sent.
    pub request: Request,
    /// What the server answered.
    pub response: Response,
}

/// A request as it goes on the wire, minus the credentials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// `GET`, `POST` or `DELETE`.
    pub method: String,
    /// The path relative to the service's base URL, percent-encoded as sent, without the query.
    pub path: String,
    /// The decoded query pairs; order does not matter, repeats do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<(String, String)>,
    /// The decoded `application/x-www-form-urlencoded` body pairs; order does not matter,
    /// repeats (`MediaUrl`, `StatusCallbackEvent`) do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<Vec<(String, String)>>,
    /// A JSON body (control plane).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<Value>,
    /// The headers that matter (`Maton-Connection`, `Content-Type`); never `Authorization`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
}

/// A response as the server sent it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The headers that matter (`Content-Type`, `Retry-After`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The body verbatim (recorded fixtures, and any body that is not JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The body as a JSON value (hand-written fixtures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<Value>,
}

impl Response {
    /// The bytes to send back: `body` verbatim, or `json` encoded, or nothing.
    pub fn body_bytes(&self) -> Vec<u8> {
        match (&self.body, &self.json) {
            (Some(body), _) => body.as_bytes().to_vec(),
            (None, Some(json)) => json.to_string().into_bytes(),
            (None, None) => Vec::new(),
        }
    }

    /// The body as JSON: `None` when there is no body or its content type is not JSON,
    /// `Some(Err)` when it claims to be JSON and is not.
    pub fn json_body(&self) -> Option<Result<Value, String>> {
        if let Some(json) = &self.json {
            return Some(Ok(json.clone()));
        }
        let body = self.body.as_deref().filter(|b| !b.is_empty())?;
        if !self.is_json() {
            return None;
        }
        Some(serde_json::from_str(body).map_err(|e| format!("body is not JSON: {e}")))
    }

    /// Whether the body is declared (or written) as JSON.
    pub fn is_json(&self) -> bool {
        self.json.is_some() || self.header("content-type").is_some_and(is_json_media_type)
    }

    /// One header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl Request {
    /// One header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The first value of a query parameter.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a form field.
    pub fn form_value(&self, key: &str) -> Option<&str> {
        self.form_fields(key).next()
    }

    /// Every value of a form field, in order.
    pub fn form_values(&self, key: &str) -> Vec<&str> {
        self.form_fields(key).collect()
    }

    /// The values of a form field, in order (none without a form).
    fn form_fields<'a, 'k>(&'a self, key: &'k str) -> impl Iterator<Item = &'a str> + use<'a, 'k> {
        self.form
            .as_deref()
            .unwrap_or_default()
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn header<'a>(headers: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Whether a `Content-Type` value is JSON (`application/json`, `application/problem+json`, ...).
pub fn is_json_media_type(value: &str) -> bool {
    let media = value.split(';').next().unwrap_or("").trim();
    media.eq_ignore_ascii_case("application/json") || media.to_ascii_lowercase().ends_with("+json")
}

impl Fixture {
    /// The interactions in order, whichever of the two shapes the file uses.
    pub fn interactions(&self) -> Vec<Interaction> {
        match (&self.request, &self.response) {
            (Some(request), Some(response)) => vec![Interaction {
                request: request.clone(),
                response: response.clone(),
            }],
            _ => self.interactions.clone(),
        }
    }

    /// The last response: the one whose decoded value a test asserts for a single interaction,
    /// and the final page of a sequence.
    pub fn final_response(&self) -> Option<Response> {
        self.interactions().last().map(|i| i.response.clone())
    }

    /// Checks the rules the format states beyond its shape; returns every violation.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        if self.operation.trim().is_empty() {
            problems.push("`operation` is empty".to_string());
        }
        if self.description.trim().is_empty() {
            problems.push("`description` is empty".to_string());
        }
        match &self.source {
            Source::Recorded { at, by } => {
                if at.trim().is_empty() || by.trim().is_empty() {
                    problems.push("a recorded source needs `at` and `by`".to_string());
                }
            }
            Source::Documented { from } => {
                if from.trim().is_empty() {
                    problems.push("a documented source needs `from`".to_string());
                }
            }
        }
        let single = self.request.is_some() || self.response.is_some();
        match (single, self.interactions.is_empty()) {
            (true, false) => problems
                .push("give either `request` and `response`, or `interactions`, not both".into()),
            (false, true) => {
                problems.push("no interaction: give `request` and `response`".to_string())
            }
            (true, true) if self.request.is_none() || self.response.is_none() => {
                problems.push("`request` and `response` go together".to_string())
            }
            _ => {}
        }
        for (i, interaction) in self.interactions().iter().enumerate() {
            let at = |what: &str| format!("interaction {i}: {what}");
            let request = &interaction.request;
            if !matches!(request.method.as_str(), "GET" | "POST" | "DELETE") {
                problems.push(at(&format!("unexpected method `{}`", request.method)));
            }
            if !request.path.starts_with('/') || request.path.contains('?') {
                problems.push(at("`path` must start with `/` and carry no query"));
            }
            if request.form.is_some() && request.json.is_some() {
                problems.push(at("a request has a `form` or a `json` body, not both"));
            }
            if request.method != "POST" && (request.form.is_some() || request.json.is_some()) {
                problems.push(at("only POST requests carry a body"));
            }
            for name in request.headers.keys() {
                if name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("host") {
                    problems.push(at(&format!("request header `{name}` must not be stored")));
                }
            }
            let response = &interaction.response;
            if !(100..600).contains(&response.status) {
                problems.push(at(&format!("status {} is not HTTP", response.status)));
            }
            if response.body.is_some() && response.json.is_some() {
                problems.push(at("a response has a `body` or a `json`, not both"));
            }
            if let Some(Err(e)) = response.json_body()
                && response.is_success()
            {
                problems.push(at(&format!("success response: {e}")));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// A fixture and the file it came from.
#[derive(Clone, Debug)]
pub struct LoadedFixture {
    /// The path relative to the fixtures directory, with `/` separators (`messages/send.json`).
    pub name: String,
    /// The fixture.
    pub fixture: Fixture,
    /// The file's text as stored.
    pub text: String,
}

/// Reads one fixture file.
pub fn load_file(path: &Path) -> Result<Fixture, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not a fixture: {e}", path.display()))
}

/// Reads every `*.json` file below `dir` (recursively), sorted by name. Any file that does not
/// parse as a fixture is an error: a stray file is a fixture nobody checks.
pub fn load_dir(dir: &Path) -> Result<Vec<LoadedFixture>, String> {
    let mut files = Vec::new();
    collect_json_files(dir, &mut files)?;
    files.sort();
    let mut fixtures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let fixture: Fixture = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a fixture: {e}", path.display()))?;
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        fixtures.push(LoadedFixture {
            name,
            fixture,
            text,
        });
    }
    Ok(fixtures)
}

fn collect_json_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("{}: cannot list: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: cannot list: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            collect_json_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Encodes a fixture the way the files are written: pretty JSON, two-space indent, a final
/// newline, non-ASCII kept as UTF-8.
pub fn to_pretty_json(fixture: &Fixture) -> String {
    let mut text = serde_json::to_string_pretty(fixture).expect("a fixture always encodes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Fixture {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_single_interaction_and_a_sequence_both_read() {
        let single = parse(
            r#"{"operation":"FetchQueue","service":"twilio",
                "source":{"kind":"documented","from":"doc"},"description":"d",
                "request":{"method":"GET","path":"/x.json"},
                "response":{"status":200,"json":{"sid":"QU"}}}"#,
        );
        assert_eq!(single.interactions().len(), 1);
        assert!(single.validate().is_ok());
        let pages = parse(
            r#"{"operation":"ListQueue","service":"twilio",
                "source":{"kind":"recorded","at":"2026-01-01T00:00:00Z","by":"cargo xtask record queues"},
                "description":"d","interactions":[
                  {"request":{"method":"GET","path":"/q.json","query":[["PageSize","1"]]},
                   "response":{"status":200,"headers":{"Content-Type":"application/json"},"body":"{}"}},
                  {"request":{"method":"GET","path":"/q.json"},"response":{"status":200,"body":"{}"}}]}"#,
        );
        assert_eq!(pages.interactions().len(), 2);
        assert_eq!(
            pages.interactions()[0].request.query_value("PageSize"),
            Some("1")
        );
        assert!(pages.validate().is_ok());
    }

    #[test]
    fn validation_names_each_broken_rule() {
        let bad = parse(
            r#"{"operation":"","service":"control","source":{"kind":"documented","from":""},
                "description":"d","request":{"method":"GET","path":"x?y=1","form":[],
                "headers":{"Authorization":"x"}},
                "response":{"status":200,"headers":{"Content-Type":"application/json"},"body":"{"}}"#,
        );
        let problems = bad.validate().unwrap_err().join("\n");
        for expected in [
            "`operation` is empty",
            "needs `from`",
            "must start with `/`",
            "only POST requests carry a body",
            "`Authorization` must not be stored",
            "body is not JSON",
        ] {
            assert!(
                problems.contains(expected),
                "{expected:?} not in {problems}"
            );
        }
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = serde_json::from_str::<Fixture>(
            r#"{"operation":"X","service":"twilio","source":{"kind":"documented","from":"d"},
                "description":"d","request":{"method":"GET","path":"/","querry":[]},
                "response":{"status":200}}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("querry"), "{err}");
    }
}
