//! [`ListCalls`]: the filters of a call list.

use std::num::NonZeroU64;

use chrono::{DateTime, Utc};
use maton_twilio_api::twilio::types::{self as wire, CallStatus};

use crate::client::Client;
use crate::model::Call;
use crate::pagination::{FirstPage, Paging, converted, list_methods};
use crate::sid::CallSid;

/// Lists calls: `client.calls().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListCalls {
    client: Client,
    paging: Paging,
    to: Option<String>,
    from: Option<String>,
    parent_call: Option<CallSid>,
    status: Option<CallStatus>,
    start_time: Option<DateTime<Utc>>,
    started_on_or_after: Option<DateTime<Utc>>,
    started_on_or_before: Option<DateTime<Utc>>,
    end_time: Option<DateTime<Utc>>,
    ended_on_or_after: Option<DateTime<Utc>>,
    ended_on_or_before: Option<DateTime<Utc>>,
}

impl ListCalls {
    pub(super) fn new(client: Client) -> Self {
        Self {
            client,
            paging: Paging::default(),
            to: None,
            from: None,
            parent_call: None,
            status: None,
            start_time: None,
            started_on_or_after: None,
            started_on_or_before: None,
            end_time: None,
            ended_on_or_after: None,
            ended_on_or_before: None,
        }
    }

    setters! {
        /// Only calls to this number or address.
        to: String;
        /// Only calls from this number or address.
        from: String;
        /// Only calls in this status.
        status: CallStatus;
    }

    exact_setters! {
        /// Only calls that started at this time (`StartTime=`).
        start_time: DateTime<Utc>;
        /// Only calls that started at or after this time (`StartTime>=`).
        started_on_or_after: DateTime<Utc>;
        /// Only calls that started at or before this time (`StartTime<=`).
        started_on_or_before: DateTime<Utc>;
        /// Only calls that ended at this time (`EndTime=`).
        end_time: DateTime<Utc>;
        /// Only calls that ended at or after this time (`EndTime>=`).
        ended_on_or_after: DateTime<Utc>;
        /// Only calls that ended at or before this time (`EndTime<=`).
        ended_on_or_before: DateTime<Utc>;
    }

    /// Only the legs created by this parent call.
    pub fn parent_call(mut self, parent: &CallSid) -> Self {
        self.parent_call = Some(parent.clone());
        self
    }

    fn first_page(self, size: Option<NonZeroU64>) -> FirstPage<Call> {
        Box::pin(async move {
            let account = self.client.account_sid().await?;
            let mut request = self.client.api().list_call().account_sid(account.as_str());
            if let Some(size) = size {
                request = request.page_size(size);
            }
            if let Some(to) = self.to {
                request = request.to(to);
            }
            if let Some(from) = self.from {
                request = request.from(from);
            }
            if let Some(parent) = &self.parent_call {
                request = request.parent_call_sid(parent.as_str());
            }
            if let Some(status) = self.status {
                request = request.status(status);
            }
            if let Some(t) = self.start_time {
                request = request.start_time(t);
            }
            if let Some(t) = self.started_on_or_after {
                request = request.start_time_after(t);
            }
            if let Some(t) = self.started_on_or_before {
                request = request.start_time_before(t);
            }
            if let Some(t) = self.end_time {
                request = request.end_time(t);
            }
            if let Some(t) = self.ended_on_or_after {
                request = request.end_time_after(t);
            }
            if let Some(t) = self.ended_on_or_before {
                request = request.end_time_before(t);
            }
            converted(request.send().await).await
        })
    }
}

list_methods!(ListCalls, Call, wire::CallPage);
