//! Which operation a method and path name, with the ids the specs give them.

use http::Method;

use crate::resources::available;
use crate::resources::usage::Period;
use maton_twilio_rules::{
    AccountSid, AddressSid, ApplicationSid, CallSid, MessageSid, PhoneNumberSid, QueueSid, Sid,
};

/// The resources that share the list / create / fetch / update / delete shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Messages,
    Calls,
    Numbers,
    Applications,
    Queues,
    Addresses,
}

impl Kind {
    fn from_segment(segment: &str) -> Option<Self> {
        Some(match segment {
            "Messages" => Self::Messages,
            "Calls" => Self::Calls,
            "IncomingPhoneNumbers" => Self::Numbers,
            "Applications" => Self::Applications,
            "Queues" => Self::Queues,
            "Addresses" => Self::Addresses,
            _ => return None,
        })
    }

    /// Whether `text` is a SID of this kind.
    fn is_sid(self, text: &str) -> bool {
        match self {
            Self::Messages => MessageSid::is_valid(text),
            Self::Calls => CallSid::is_valid(text),
            Self::Numbers => PhoneNumberSid::is_valid(text),
            Self::Applications => ApplicationSid::is_valid(text),
            Self::Queues => QueueSid::is_valid(text),
            Self::Addresses => AddressSid::is_valid(text),
        }
    }

    /// `[List, Create, Fetch, Update, Delete]` operation ids.
    fn operations(self) -> [&'static str; 5] {
        match self {
            Self::Messages => [
                "ListMessage",
                "CreateMessage",
                "FetchMessage",
                "UpdateMessage",
                "DeleteMessage",
            ],
            Self::Calls => [
                "ListCall",
                "CreateCall",
                "FetchCall",
                "UpdateCall",
                "DeleteCall",
            ],
            Self::Numbers => [
                "ListIncomingPhoneNumber",
                "CreateIncomingPhoneNumber",
                "FetchIncomingPhoneNumber",
                "UpdateIncomingPhoneNumber",
                "DeleteIncomingPhoneNumber",
            ],
            Self::Applications => [
                "ListApplication",
                "CreateApplication",
                "FetchApplication",
                "UpdateApplication",
                "DeleteApplication",
            ],
            Self::Queues => [
                "ListQueue",
                "CreateQueue",
                "FetchQueue",
                "UpdateQueue",
                "DeleteQueue",
            ],
            Self::Addresses => [
                "ListAddress",
                "CreateAddress",
                "FetchAddress",
                "UpdateAddress",
                "DeleteAddress",
            ],
        }
    }
}

/// What a request is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Accounts,
    Account(String),
    Collection {
        account: String,
        kind: Kind,
    },
    Item {
        account: String,
        kind: Kind,
        sid: String,
    },
    Available {
        account: String,
        country: String,
        kind: available::Kind,
    },
    Usage {
        account: String,
        period: Option<Period>,
    },
    Connections,
    Connection(String),
    Consent {
        id: String,
        approve: bool,
    },
}

/// Which server a path belongs to; decides the shape of errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Plane {
    /// `/twilio/...`: Twilio's errors.
    Twilio,
    /// `/connections...`: the control plane's `{"error": ...}`.
    Control,
    /// `/connect/...`: pages a browser opens.
    Consent,
}

/// A resolved request: the operation id and what it acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Route {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) target: Target,
}

/// Why a path resolves to nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RouteError {
    NotFound,
    MethodNotAllowed(&'static str),
}

/// The plane a path belongs to.
pub(crate) fn plane(path: &str) -> Plane {
    if path == "/twilio" || path.starts_with("/twilio/") {
        Plane::Twilio
    } else if path.starts_with("/connect/") {
        Plane::Consent
    } else {
        Plane::Control
    }
}

fn pick(
    method: &Method,
    allowed: &[(Method, &'static str)],
    allow: &'static str,
) -> Result<&'static str, RouteError> {
    allowed
        .iter()
        .find(|(m, _)| m == method)
        .map(|(_, op)| *op)
        .ok_or(RouteError::MethodNotAllowed(allow))
}

fn account(segment: &str) -> Result<String, RouteError> {
    if AccountSid::is_valid(segment) {
        Ok(segment.to_string())
    } else {
        Err(RouteError::NotFound)
    }
}

/// Resolves `method` and `path`.
pub(crate) fn resolve(method: &Method, path: &str) -> Result<Route, RouteError> {
    let route = |operation, target| Route {
        operation,
        method: method.clone(),
        target,
    };
    match plane(path) {
        Plane::Twilio => {
            let rest = path
                .strip_prefix("/twilio/2010-04-01/")
                .ok_or(RouteError::NotFound)?;
            let segments: Vec<&str> = rest.split('/').collect();
            resolve_twilio(method, &segments).map(|(operation, target)| route(operation, target))
        }
        Plane::Consent => {
            let rest = path.strip_prefix("/connect/").ok_or(RouteError::NotFound)?;
            let (id, action) = rest.split_once('/').ok_or(RouteError::NotFound)?;
            let approve = match action {
                "authorize" => true,
                "deny" => false,
                _ => return Err(RouteError::NotFound),
            };
            let operation = if approve {
                "AuthorizeConnection"
            } else {
                "DenyConnection"
            };
            pick(
                method,
                &[(Method::GET, operation), (Method::POST, operation)],
                "GET, POST",
            )?;
            Ok(route(
                operation,
                Target::Consent {
                    id: id.to_string(),
                    approve,
                },
            ))
        }
        Plane::Control => match path {
            "/connections" => {
                let op = pick(
                    method,
                    &[
                        (Method::GET, "ListConnections"),
                        (Method::POST, "CreateConnection"),
                    ],
                    "GET, POST",
                )?;
                Ok(route(op, Target::Connections))
            }
            _ => {
                let id = path
                    .strip_prefix("/connections/")
                    .ok_or(RouteError::NotFound)?;
                if id.is_empty() || id.contains('/') {
                    return Err(RouteError::NotFound);
                }
                let op = pick(
                    method,
                    &[
                        (Method::GET, "GetConnection"),
                        (Method::DELETE, "DeleteConnection"),
                    ],
                    "GET, DELETE",
                )?;
                Ok(route(op, Target::Connection(id.to_string())))
            }
        },
    }
}

fn resolve_twilio(
    method: &Method,
    segments: &[&str],
) -> Result<(&'static str, Target), RouteError> {
    const COLLECTION: &str = "GET, POST";
    const ITEM: &str = "GET, POST, DELETE";
    match segments {
        ["Accounts.json"] => {
            let op = pick(
                method,
                &[
                    (Method::GET, "ListAccount"),
                    (Method::POST, "CreateAccount"),
                ],
                COLLECTION,
            )?;
            Ok((op, Target::Accounts))
        }
        ["Accounts", item] => {
            let sid = item.strip_suffix(".json").ok_or(RouteError::NotFound)?;
            let sid = account(sid)?;
            let op = pick(
                method,
                &[
                    (Method::GET, "FetchAccount"),
                    (Method::POST, "UpdateAccount"),
                ],
                COLLECTION,
            )?;
            Ok((op, Target::Account(sid)))
        }
        ["Accounts", ac, "Usage", "Records.json"] => {
            let account = account(ac)?;
            let op = pick(method, &[(Method::GET, "ListUsageRecord")], "GET")?;
            Ok((
                op,
                Target::Usage {
                    account,
                    period: None,
                },
            ))
        }
        ["Accounts", ac, "Usage", "Records", period] => {
            let account = account(ac)?;
            let period = Period::from_segment(period).ok_or(RouteError::NotFound)?;
            let op = match period {
                Period::AllTime => "ListUsageRecordAllTime",
                Period::Daily => "ListUsageRecordDaily",
                Period::LastMonth => "ListUsageRecordLastMonth",
                Period::Monthly => "ListUsageRecordMonthly",
                Period::ThisMonth => "ListUsageRecordThisMonth",
                Period::Today => "ListUsageRecordToday",
                Period::Yearly => "ListUsageRecordYearly",
                Period::Yesterday => "ListUsageRecordYesterday",
            };
            let op = pick(method, &[(Method::GET, op)], "GET")?;
            Ok((
                op,
                Target::Usage {
                    account,
                    period: Some(period),
                },
            ))
        }
        ["Accounts", ac, "AvailablePhoneNumbers", country, kind] => {
            let account = account(ac)?;
            let (op, kind) = match *kind {
                "Local.json" => ("ListAvailablePhoneNumberLocal", available::Kind::Local),
                "TollFree.json" => (
                    "ListAvailablePhoneNumberTollFree",
                    available::Kind::TollFree,
                ),
                "Mobile.json" => ("ListAvailablePhoneNumberMobile", available::Kind::Mobile),
                _ => return Err(RouteError::NotFound),
            };
            let op = pick(method, &[(Method::GET, op)], "GET")?;
            Ok((
                op,
                Target::Available {
                    account,
                    country: country.to_string(),
                    kind,
                },
            ))
        }
        ["Accounts", ac, collection] => {
            let account = account(ac)?;
            let name = collection
                .strip_suffix(".json")
                .ok_or(RouteError::NotFound)?;
            let kind = Kind::from_segment(name).ok_or(RouteError::NotFound)?;
            let [list, create, ..] = kind.operations();
            let op = pick(
                method,
                &[(Method::GET, list), (Method::POST, create)],
                COLLECTION,
            )?;
            Ok((op, Target::Collection { account, kind }))
        }
        ["Accounts", ac, collection, item] => {
            let account = account(ac)?;
            let kind = Kind::from_segment(collection).ok_or(RouteError::NotFound)?;
            let sid = item.strip_suffix(".json").ok_or(RouteError::NotFound)?;
            if !kind.is_sid(sid) {
                return Err(RouteError::NotFound);
            }
            let [_, _, fetch, update, delete] = kind.operations();
            let op = pick(
                method,
                &[
                    (Method::GET, fetch),
                    (Method::POST, update),
                    (Method::DELETE, delete),
                ],
                ITEM,
            )?;
            Ok((
                op,
                Target::Item {
                    account,
                    kind,
                    sid: sid.to_string(),
                },
            ))
        }
        _ => Err(RouteError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";

    #[test]
    fn operations_and_errors() {
        let ok = |method: Method, path: &str| resolve(&method, path).map(|r| r.operation);
        assert_eq!(
            ok(Method::GET, "/twilio/2010-04-01/Accounts.json"),
            Ok("ListAccount")
        );
        assert_eq!(
            ok(
                Method::POST,
                &format!("/twilio/2010-04-01/Accounts/{AC}/Messages.json")
            ),
            Ok("CreateMessage")
        );
        assert_eq!(
            ok(
                Method::DELETE,
                &format!(
                    "/twilio/2010-04-01/Accounts/{AC}/Messages/MM0123456789abcdef0123456789abcdef.json"
                )
            ),
            Ok("DeleteMessage")
        );
        assert_eq!(
            ok(
                Method::GET,
                &format!("/twilio/2010-04-01/Accounts/{AC}/Usage/Records/Today.json")
            ),
            Ok("ListUsageRecordToday")
        );
        assert_eq!(
            ok(
                Method::GET,
                &format!("/twilio/2010-04-01/Accounts/{AC}/AvailablePhoneNumbers/US/TollFree.json")
            ),
            Ok("ListAvailablePhoneNumberTollFree")
        );
        assert_eq!(
            ok(Method::DELETE, "/connections/abc-1"),
            Ok("DeleteConnection")
        );
        assert_eq!(ok(Method::GET, "/connect/abc-1/deny"), Ok("DenyConnection"));
        assert_eq!(
            ok(
                Method::PUT,
                &format!("/twilio/2010-04-01/Accounts/{AC}/Messages.json")
            ),
            Err(RouteError::MethodNotAllowed("GET, POST"))
        );
        assert_eq!(
            ok(
                Method::GET,
                &format!("/twilio/2010-04-01/Accounts/{AC}/Messages/SM12.json")
            ),
            Err(RouteError::NotFound)
        );
        assert_eq!(
            ok(
                Method::GET,
                "/twilio/2010-04-01/Accounts/AC12/Messages.json"
            ),
            Err(RouteError::NotFound)
        );
        assert_eq!(
            ok(Method::GET, "/twilio/2010-04-01/Nope.json"),
            Err(RouteError::NotFound)
        );
        assert_eq!(ok(Method::GET, "/elsewhere"), Err(RouteError::NotFound));
    }
}
