//! How a message's media, caller IDs, verification requests and owned numbers of each type read
//! on a terminal (see `views.rs` for the others).

use maton_twilio::model::{
    IncomingPhoneNumberLocal, IncomingPhoneNumberMobile, IncomingPhoneNumberTollFree, Media,
    OutgoingCallerId, ValidationRequest,
};

use super::views::capabilities;
use super::{text, when};
use crate::output::{Columns, Field};

/// A media item, line by line.
pub const MEDIA_DETAILS: &[Field<Media>] = &[
    ("sid", |m| text(&m.sid)),
    ("message", |m| text(&m.parent_sid)),
    ("content type", |m| text(&m.content_type)),
    ("created", |m| when(&m.date_created)),
    ("uri", |m| text(&m.uri)),
];

/// `media list`: these media details, titled in capitals.
pub const MEDIA_COLUMNS: Columns<Media> =
    Columns::pick(MEDIA_DETAILS, &["sid", "content type", "created"]);

/// A caller ID, line by line.
pub const CALLER_ID_DETAILS: &[Field<OutgoingCallerId>] = &[
    ("sid", |c| text(&c.sid)),
    ("number", |c| text(&c.phone_number)),
    ("name", |c| text(&c.friendly_name)),
    ("created", |c| when(&c.date_created)),
];

/// `caller-ids list`: these caller-ID details, titled in capitals.
pub const CALLER_ID_COLUMNS: Columns<OutgoingCallerId> =
    Columns::pick(CALLER_ID_DETAILS, &["sid", "number", "name"]);

/// `caller-ids verify`: the code to enter, first.
pub const VALIDATION_DETAILS: &[Field<ValidationRequest>] = &[
    ("validation code", |v| text(&v.validation_code)),
    ("number", |v| text(&v.phone_number)),
    ("name", |v| text(&v.friendly_name)),
    ("call", |v| text(&v.call_sid)),
];

/// An owned number of one type, line by line, and its list's columns: the lines and columns of
/// `numbers get` and `numbers list` (the models have the same fields).
macro_rules! owned_number_views {
    ($($details:ident, $columns:ident: $model:ty;)*) => {$(
        pub const $details: &[Field<$model>] = &[
            ("sid", |n| text(&n.sid)),
            ("number", |n| text(&n.phone_number)),
            ("name", |n| text(&n.friendly_name)),
            ("capabilities", |n| capabilities(&n.capabilities)),
            ("voice url", |n| text(&n.voice_url)),
            ("sms url", |n| text(&n.sms_url)),
        ];

        pub const $columns: Columns<$model> =
            Columns::pick($details, &["sid", "number", "name", "capabilities"]);
    )*};
}

owned_number_views! {
    LOCAL_DETAILS, LOCAL_COLUMNS: IncomingPhoneNumberLocal;
    MOBILE_DETAILS, MOBILE_COLUMNS: IncomingPhoneNumberMobile;
    TOLL_FREE_DETAILS, TOLL_FREE_COLUMNS: IncomingPhoneNumberTollFree;
}
