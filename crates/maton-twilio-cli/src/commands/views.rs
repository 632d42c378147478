//! How each Twilio resource reads on a terminal: its detail lines (`get`, `create`, `update`) and
//! its list's columns, picked from those lines. The command modules say what to call; this one
//! says how the results are shown.

use maton_twilio::model::{
    Account, Address, Application, AvailablePhoneNumber, Call, IncomingPhoneNumber, Message,
    PhoneNumberCapabilities, Queue, UsageRecord,
};

use super::{amount, text, when};
use crate::output::{Columns, Field};

/// An account, line by line.
pub const ACCOUNT_DETAILS: &[Field<Account>] = &[
    ("sid", |a| text(&a.sid)),
    ("name", |a| text(&a.friendly_name)),
    ("status", |a| text(&a.status)),
    ("type", |a| text(&a.type_)),
    ("owner", |a| text(&a.owner_account_sid)),
    ("created", |a| when(&a.date_created)),
];

/// `accounts list`: these account details, titled in capitals.
pub const ACCOUNT_COLUMNS: Columns<Account> =
    Columns::pick(ACCOUNT_DETAILS, &["sid", "name", "status", "type"]);

/// A call, line by line.
pub const CALL_DETAILS: &[Field<Call>] = &[
    ("sid", |c| text(&c.sid)),
    ("status", |c| text(&c.status)),
    ("direction", |c| text(&c.direction)),
    ("from", |c| text(&c.from)),
    ("to", |c| text(&c.to)),
    ("started", |c| when(&c.start_time)),
    ("ended", |c| when(&c.end_time)),
    ("duration", |c| text(&c.duration)),
    ("price", |c| amount(&c.price, &c.price_unit)),
];

/// `calls list`: these call details, titled in capitals.
pub const CALL_COLUMNS: Columns<Call> = Columns::pick(
    CALL_DETAILS,
    &["sid", "status", "from", "to", "started", "duration"],
);

/// A message, line by line.
pub const MESSAGE_DETAILS: &[Field<Message>] = &[
    ("sid", |m| text(&m.sid)),
    ("status", |m| text(&m.status)),
    ("direction", |m| text(&m.direction)),
    ("from", |m| text(&m.from)),
    ("to", |m| text(&m.to)),
    ("body", |m| text(&m.body)),
    ("segments", |m| text(&m.num_segments)),
    ("media", |m| text(&m.num_media)),
    ("price", |m| amount(&m.price, &m.price_unit)),
    ("created", |m| when(&m.date_created)),
    ("sent", |m| when(&m.date_sent)),
    ("error", |m| text(&m.error_code)),
];

/// `messages list`: these message details, titled in capitals.
pub const MESSAGE_COLUMNS: Columns<Message> = Columns::pick(
    MESSAGE_DETAILS,
    &["sid", "status", "from", "to", "sent", "body"],
);

/// A number's capabilities (`voice,sms,mms,fax`), `-` when it has none.
pub(super) fn capabilities(c: &Option<PhoneNumberCapabilities>) -> String {
    let Some(c) = c else { return "-".into() };
    let flag = |on: Option<bool>, name: &str| on.unwrap_or(false).then(|| name.to_string());
    let names: Vec<String> = [
        flag(c.voice, "voice"),
        flag(
            c.sms.or(c.extra.get("SMS").and_then(|v| v.as_bool())),
            "sms",
        ),
        flag(
            c.mms.or(c.extra.get("MMS").and_then(|v| v.as_bool())),
            "mms",
        ),
        flag(c.fax, "fax"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if names.is_empty() {
        "-".into()
    } else {
        names.join(",")
    }
}

/// An owned number, line by line.
pub const OWNED_NUMBER_DETAILS: &[Field<IncomingPhoneNumber>] = &[
    ("sid", |n| text(&n.sid)),
    ("number", |n| text(&n.phone_number)),
    ("name", |n| text(&n.friendly_name)),
    ("capabilities", |n| capabilities(&n.capabilities)),
    ("voice url", |n| text(&n.voice_url)),
    ("sms url", |n| text(&n.sms_url)),
];

/// `numbers list`: these owned-number details, titled in capitals.
pub const OWNED_NUMBER_COLUMNS: Columns<IncomingPhoneNumber> = Columns::pick(
    OWNED_NUMBER_DETAILS,
    &["sid", "number", "name", "capabilities"],
);

/// `numbers search`: a number available to buy (it has no detail view).
pub const AVAILABLE_NUMBER_COLUMNS: Columns<AvailablePhoneNumber> = Columns::all(&[
    ("NUMBER", |n| text(&n.phone_number)),
    ("LOCALITY", |n| text(&n.locality)),
    ("REGION", |n| text(&n.region)),
    ("COUNTRY", |n| text(&n.iso_country)),
    ("CAPABILITIES", |n| capabilities(&n.capabilities)),
]);

/// An application, line by line.
pub const APPLICATION_DETAILS: &[Field<Application>] = &[
    ("sid", |a| text(&a.sid)),
    ("name", |a| text(&a.friendly_name)),
    ("voice url", |a| text(&a.voice_url)),
    ("sms url", |a| text(&a.sms_url)),
    ("created", |a| when(&a.date_created)),
];

/// `applications list`: these application details, titled in capitals.
pub const APPLICATION_COLUMNS: Columns<Application> = Columns::pick(
    APPLICATION_DETAILS,
    &["sid", "name", "voice url", "sms url"],
);

/// A queue, line by line.
pub const QUEUE_DETAILS: &[Field<Queue>] = &[
    ("sid", |q| text(&q.sid)),
    ("name", |q| text(&q.friendly_name)),
    ("size", |q| text(&q.current_size)),
    ("max size", |q| text(&q.max_size)),
    ("average wait (s)", |q| text(&q.average_wait_time)),
];

/// `queues list`: these queue details, titled in capitals (`max size` as `MAX`).
pub const QUEUE_COLUMNS: Columns<Queue> =
    Columns::pick(QUEUE_DETAILS, &["sid", "name", "size", "max size"])
        .renamed(&[("max size", "MAX")]);

/// An address, line by line.
pub const ADDRESS_DETAILS: &[Field<Address>] = &[
    ("sid", |a| text(&a.sid)),
    ("customer", |a| text(&a.customer_name)),
    ("name", |a| text(&a.friendly_name)),
    ("street", |a| text(&a.street)),
    ("city", |a| text(&a.city)),
    ("region", |a| text(&a.region)),
    ("postal code", |a| text(&a.postal_code)),
    ("country", |a| text(&a.iso_country)),
];

/// `addresses list`: these address details, titled in capitals.
pub const ADDRESS_COLUMNS: Columns<Address> =
    Columns::pick(ADDRESS_DETAILS, &["sid", "customer", "city", "country"]);

/// `usage list`: a usage record (it has no detail view).
pub const USAGE_COLUMNS: Columns<UsageRecord> = Columns::all(&[
    ("CATEGORY", |r| text(&r.category)),
    ("COUNT", |r| text(&r.count)),
    ("USAGE", |r| amount(&r.usage, &r.usage_unit)),
    ("PRICE", |r| amount(&r.price, &r.price_unit)),
    ("START", |r| when(&r.start_date)),
    ("END", |r| when(&r.end_date)),
]);
