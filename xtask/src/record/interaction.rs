//! One exchange as a fixture interaction: the headers worth keeping, the body decoded, and every
//! secret scrubbed.

use maton_contract_tests::fixture::{self, Interaction};
use maton_contract_tests::secrets;
use maton_contract_tests::wire::decode_pairs;

use super::proxy::Exchange;

/// One exchange as a fixture interaction, scrubbed.
pub(super) fn interaction(exchange: &Exchange, key: &str) -> Interaction {
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

/// Now, as RFC 3339 in UTC to the second (no date crate for one timestamp).
pub(super) fn now_rfc3339() -> String {
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
