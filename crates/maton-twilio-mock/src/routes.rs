//! Which operation a method and path name: the generated operation tables of both specs
//! (`maton_twilio_api::twilio::Operation`, `control::Operation`) match them, path parameters
//! included; only the consent pages, which no spec describes, are matched here.

use http::Method;
use maton_twilio_api::{Matched, NoMatch, OperationTable, control, twilio};

/// What a request is for: an operation of either spec with its path parameters, or a consent
/// page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Twilio {
        op: twilio::Operation,
        params: Vec<(&'static str, String)>,
    },
    Control {
        op: control::Operation,
        params: Vec<(&'static str, String)>,
    },
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

impl Route {
    /// The value of the path parameter `name` (`AccountSid`, `Sid`), as it is in the path.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        let params = match &self.target {
            Target::Twilio { params, .. } | Target::Control { params, .. } => params,
            Target::Consent { .. } => return None,
        };
        params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a path resolves to nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RouteError {
    NotFound,
    /// The methods the path takes, for the `Allow` header (`GET, POST`).
    MethodNotAllowed(String),
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

fn owned(matched: &Matched<'_, impl OperationTable>) -> Vec<(&'static str, String)> {
    matched
        .params
        .iter()
        .map(|(n, v)| (*n, (*v).to_string()))
        .collect()
}

fn no_match(error: NoMatch) -> RouteError {
    match error {
        NoMatch::NotFound => RouteError::NotFound,
        NoMatch::MethodNotAllowed(methods) => RouteError::MethodNotAllowed(
            methods
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        ),
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
            let rest = path.strip_prefix("/twilio").ok_or(RouteError::NotFound)?;
            let matched = twilio::Operation::find(method, rest).map_err(no_match)?;
            let params = owned(&matched);
            let op = matched.operation;
            Ok(route(op.id(), Target::Twilio { op, params }))
        }
        Plane::Control => {
            let matched = control::Operation::find(method, path).map_err(no_match)?;
            let params = owned(&matched);
            let op = matched.operation;
            Ok(route(op.id(), Target::Control { op, params }))
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
            if *method != Method::GET && *method != Method::POST {
                return Err(RouteError::MethodNotAllowed("GET, POST".into()));
            }
            Ok(route(
                operation,
                Target::Consent {
                    id: id.to_string(),
                    approve,
                },
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use control::Operation as C;
    use twilio::Operation as T;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";

    #[test]
    fn operations_and_errors() {
        let ok = |method: Method, path: &str| resolve(&method, path).map(|r| r.operation);
        assert_eq!(
            ok(Method::GET, "/twilio/2010-04-01/Accounts.json"),
            Ok(T::ListAccount.id())
        );
        assert_eq!(
            ok(
                Method::POST,
                &format!("/twilio/2010-04-01/Accounts/{AC}/Messages.json")
            ),
            Ok(T::CreateMessage.id())
        );
        let delete = resolve(
            &Method::DELETE,
            &format!(
                "/twilio/2010-04-01/Accounts/{AC}/Messages/MM0123456789abcdef0123456789abcdef.json"
            ),
        )
        .unwrap();
        assert_eq!(delete.operation, T::DeleteMessage.id());
        assert_eq!(delete.param("AccountSid"), Some(AC));
        assert_eq!(
            delete.param("Sid"),
            Some("MM0123456789abcdef0123456789abcdef")
        );
        assert_eq!(
            ok(
                Method::GET,
                &format!("/twilio/2010-04-01/Accounts/{AC}/Usage/Records/Today.json")
            ),
            Ok(T::ListUsageRecordToday.id())
        );
        assert_eq!(
            ok(
                Method::GET,
                &format!("/twilio/2010-04-01/Accounts/{AC}/AvailablePhoneNumbers/US/TollFree.json")
            ),
            Ok(T::ListAvailablePhoneNumberTollFree.id())
        );
        assert_eq!(
            ok(Method::DELETE, "/connections/abc-1"),
            Ok(C::DeleteConnection.id())
        );
        assert_eq!(ok(Method::GET, "/connect/abc-1/deny"), Ok("DenyConnection"));
        assert_eq!(
            ok(
                Method::PUT,
                &format!("/twilio/2010-04-01/Accounts/{AC}/Messages.json")
            ),
            Err(RouteError::MethodNotAllowed("GET, POST".into()))
        );
        assert_eq!(
            ok(
                Method::PUT,
                &format!(
                    "/twilio/2010-04-01/Accounts/{AC}/Calls/CA0123456789abcdef0123456789abcdef.json"
                )
            ),
            Err(RouteError::MethodNotAllowed("GET, POST, DELETE".into()))
        );
        assert_eq!(
            ok(Method::PUT, "/connect/abc-1/deny"),
            Err(RouteError::MethodNotAllowed("GET, POST".into()))
        );
        assert_eq!(
            ok(
                Method::GET,
                &format!("/twilio/2010-04-01/Accounts/{AC}/Messages/SM12.json")
            ),
            Err(RouteError::NotFound)
        );
        // A SID of another kind is no message.
        assert_eq!(
            ok(
                Method::GET,
                &format!(
                    "/twilio/2010-04-01/Accounts/{AC}/Messages/CA0123456789abcdef0123456789abcdef.json"
                )
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
        assert_eq!(
            ok(Method::GET, "/connections/a/b"),
            Err(RouteError::NotFound)
        );
        assert_eq!(ok(Method::GET, "/elsewhere"), Err(RouteError::NotFound));
    }

    #[test]
    fn every_operation_of_both_specs_is_routed() {
        let concrete = |template: &str| {
            template
                .replace("{AccountSid}", AC)
                .replace("{CountryCode}", "US")
                .replace("{connection_id}", "abc-1")
        };
        for op in T::ALL {
            // Each SID parameter is a SID of the kind the operation's own check accepts.
            let mut path = format!("/twilio{}", concrete(op.path()));
            while let Some(open) = path.find('{') {
                let close = path[open..].find('}').map_or(path.len(), |c| open + c);
                let name = path[open + 1..close].to_string();
                let sid = crate::generic::shape::PREFIXES
                    .iter()
                    .flat_map(|p| p.iter())
                    .map(|p| format!("{p}0123456789abcdef0123456789abcdef"))
                    .find(|s| op.accepts(&name, s))
                    .unwrap_or_else(|| panic!("{op}: no SID fits {name}"));
                path.replace_range(open..=close, &sid);
            }
            let route = resolve(&op.method(), &path).unwrap_or_else(|e| panic!("{op}: {e:?}"));
            assert_eq!(route.operation, op.id(), "{path}");
        }
        for op in C::ALL {
            let route = resolve(&op.method(), &concrete(op.path())).unwrap();
            assert_eq!(route.operation, op.id());
        }
    }
}
