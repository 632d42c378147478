//! Matching our operations with upstream's and listing every difference between them.
//!
//! Operations are matched by path and method. For each pair the parameters, the request body and
//! the body of the success response are normalised to [`Shape`](super::schema::Shape)s and
//! compared; error responses (`default`, `4XX`, `5XX`, ...) are ours only and are skipped.

mod fields;
mod shapes;

use serde_json::Value;

use super::schema::Doc;

/// The HTTP methods a path item may hold, in the order operations are reported.
const METHODS: [&str; 8] = [
    "get", "post", "put", "patch", "delete", "head", "options", "trace",
];

/// Our gateway's own header, which upstream cannot know about.
const GATEWAY_HEADER: &str = "Maton-Connection";

/// One difference between our spec and upstream's.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    /// The stable id that allow-list patterns are matched against, e.g.
    /// `CreateMessage.body.MediaUrl[]:format`.
    pub key: String,
    /// The difference in words.
    pub message: String,
}

/// What comparing two specs found.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Operations present on both sides and compared.
    pub compared: usize,
    /// Our operations that upstream lacks.
    pub ours_only: usize,
    /// Every difference, in report order.
    pub drifts: Vec<Drift>,
}

/// Compares every operation of `ours` with the operation of `upstream` at the same path and
/// method (messages call them `ours` and `upstream`).
pub fn compare_specs(ours: &Value, upstream: &Value) -> Result<Comparison, String> {
    let ours = Doc {
        root: ours,
        name: "ours",
    };
    let upstream = Doc {
        root: upstream,
        name: "upstream",
    };
    let mut comparison = Comparison::default();
    for operation in operations(ours)? {
        let id = operation.id();
        let mut sink = Sink {
            op: &id,
            drifts: &mut comparison.drifts,
        };
        match upstream_operation(upstream, &operation) {
            Some(theirs) => {
                comparison.compared += 1;
                fields::compare_operation(&mut sink, upstream, &theirs, ours, &operation)?;
            }
            None => {
                comparison.ours_only += 1;
                sink.push_op(
                    "not-in-upstream",
                    format!(
                        "upstream has no `{} {}`",
                        operation.method.to_uppercase(),
                        operation.path
                    ),
                );
            }
        }
    }
    Ok(comparison)
}

/// One operation of a spec with the path item it belongs to.
struct Operation<'a> {
    path: &'a str,
    method: &'static str,
    item: &'a Value,
    op: &'a Value,
}

impl Operation<'_> {
    /// The `operationId`, or `METHOD path` when there is none.
    fn id(&self) -> String {
        match self.op.get("operationId").and_then(Value::as_str) {
            Some(id) => id.to_owned(),
            None => format!("{} {}", self.method.to_uppercase(), self.path),
        }
    }
}

/// Every operation in `doc`, path by path.
fn operations<'a>(doc: Doc<'a>) -> Result<Vec<Operation<'a>>, String> {
    let paths = doc
        .root
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{}: there is no `paths` mapping", doc.name))?;
    let mut found = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                found.push(Operation {
                    path,
                    method,
                    item,
                    op,
                });
            }
        }
    }
    Ok(found)
}

/// Upstream's operation at the same path and method as `ours`, if any.
fn upstream_operation<'a>(upstream: Doc<'a>, ours: &Operation) -> Option<Operation<'a>> {
    let (path, item) = upstream
        .root
        .get("paths")?
        .as_object()?
        .get_key_value(ours.path)?;
    let op = item.get(ours.method)?;
    Some(Operation {
        path,
        method: ours.method,
        item,
        op,
    })
}

/// Where in an operation a difference is.
#[derive(Clone, Copy, PartialEq)]
enum Area {
    Param,
    Body,
    Response,
}

/// A place inside an operation: an area and the field path within it (`queues[].sid`).
#[derive(Clone)]
struct Place {
    area: Area,
    path: String,
}

impl Place {
    fn new(area: Area) -> Self {
        Place {
            area,
            path: String::new(),
        }
    }

    /// The place of property `name` inside this one.
    fn property(&self, name: &str) -> Self {
        let path = if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        };
        Place { path, ..*self }
    }

    /// The place of this array's items.
    fn items(&self) -> Self {
        Place {
            path: format!("{}[]", self.path),
            ..*self
        }
    }

    /// The key of this place in operation `op`, without the aspect.
    fn key(&self, op: &str) -> String {
        let area = match self.area {
            Area::Param => "param",
            Area::Body => "body",
            Area::Response => "response",
        };
        match self.path.as_str() {
            "" => format!("{op}.{area}"),
            path if path.starts_with('[') => format!("{op}.{area}{path}"),
            path => format!("{op}.{area}.{path}"),
        }
    }

    /// This place in words, for messages.
    fn label(&self) -> String {
        match (self.area, self.path.is_empty()) {
            (Area::Param, _) => format!("parameter `{}`", self.path),
            (Area::Body, true) => "request body".into(),
            (Area::Body, false) => format!("request field `{}`", self.path),
            (Area::Response, true) => "response body".into(),
            (Area::Response, false) => format!("response field `{}`", self.path),
        }
    }
}

/// Collects the drift of one operation.
struct Sink<'a> {
    op: &'a str,
    drifts: &'a mut Vec<Drift>,
}

impl Sink<'_> {
    /// Records drift `aspect` at `place`.
    fn push(&mut self, place: &Place, aspect: &str, message: String) {
        self.drifts.push(Drift {
            key: format!("{}:{aspect}", place.key(self.op)),
            message: format!("{}: {message}", place.label()),
        });
    }

    /// Records drift `aspect` of the operation as a whole.
    fn push_op(&mut self, aspect: &str, message: String) {
        self.drifts.push(Drift {
            key: format!("{}:{aspect}", self.op),
            message,
        });
    }
}
