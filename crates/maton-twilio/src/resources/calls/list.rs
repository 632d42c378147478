//! [`ListCalls`]: a call list, held as the generated `ListCall` request.

use chrono::{DateTime, Utc};
use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types::{self as wire, CallStatus};

use crate::client::Client;
use crate::model::Call;
use crate::pagination::{Paging, list_methods};
use crate::sid::CallSid;

/// Lists calls: `client.calls().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListCalls {
    client: Client,
    paging: Paging,
    request: builder::ListCall<'static>,
}

impl ListCalls {
    #[inline]
    pub(super) fn new(client: Client) -> Self {
        let request = client.api().list_call().into_owned();
        Self {
            client,
            paging: Paging::default(),
            request,
        }
    }

    query_setters! {
        /// Only calls to this number or address.
        to: String;
        /// Only calls from this number or address.
        from: String;
        /// Only calls in this status.
        status: CallStatus;
    }

    query_setters! {
        exact
        /// Only calls that started at this time (`StartTime=`).
        start_time: DateTime<Utc>;
        /// Only calls that started at or after this time (`StartTime>=`).
        started_on_or_after => start_time_after: DateTime<Utc>;
        /// Only calls that started at or before this time (`StartTime<=`).
        started_on_or_before => start_time_before: DateTime<Utc>;
        /// Only calls that ended at this time (`EndTime=`).
        end_time: DateTime<Utc>;
        /// Only calls that ended at or after this time (`EndTime>=`).
        ended_on_or_after => end_time_after: DateTime<Utc>;
        /// Only calls that ended at or before this time (`EndTime<=`).
        ended_on_or_before => end_time_before: DateTime<Utc>;
    }

    /// Only the legs created by this parent call.
    #[inline]
    pub fn parent_call(mut self, parent: &CallSid) -> Self {
        self.request = self.request.parent_call_sid(parent.as_str());
        self
    }

    account_first_page!(Call);
}

list_methods!(ListCalls, Call, wire::CallPage);
