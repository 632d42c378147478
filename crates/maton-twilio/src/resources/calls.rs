//! Calls: place outbound calls, list, fetch, modify (redirect, hang up) and delete them.

use std::num::NonZeroU64;

use chrono::{DateTime, Utc};
use maton_twilio_api::twilio::types::{self as wire, CallStatus, CallUpdateStatus, HttpMethod};

use crate::Error;
use crate::client::Client;
use crate::model::Call;
use crate::pagination::{FirstPage, Paging, converted, list_methods};
use crate::phone::{check_call_from, check_call_to};
use crate::response::{Pending, Response, finish};
use crate::rules::{self, MAX_TWIML_CHARS};
use crate::sid::{ApplicationSid, CallSid};

/// The events `status_callback_event` accepts.
const CALL_EVENTS: &[&str] = &["initiated", "ringing", "answered", "completed"];
/// The events `recording_status_callback_event` accepts.
const RECORDING_EVENTS: &[&str] = &["in-progress", "completed", "absent"];

/// The calls of the client's account: `client.calls()`.
#[derive(Clone, Debug)]
pub struct Calls {
    client: Client,
}

impl Calls {
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Starts an outbound call from `from` (a number the account owns or a verified caller ID,
    /// or `client:name`) to `to` (E.164, `client:name` or a `sip:` URI). Say what the call runs
    /// with exactly one of [`url`](PlaceCall::url), [`twiml`](PlaceCall::twiml) and
    /// [`application`](PlaceCall::application), then [`send`](PlaceCall::send).
    ///
    /// ```no_run
    /// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
    /// let call = client
    ///     .calls()
    ///     .place("+15559876543", "+15551234567")
    ///     .twiml("<Response><Say>Hello!</Say></Response>")
    ///     .send()
    ///     .await?;
    ///
    /// // The same with the TwiML builder (feature `twiml`, on by default): text is escaped.
    /// # #[cfg(feature = "twiml")]
    /// let call = client
    ///     .calls()
    ///     .place("+15559876543", "+15551234567")
    ///     .twiml(maton_twilio::twiml::VoiceResponse::new().say("Hello & goodbye!"))
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn place(&self, to: impl Into<String>, from: impl Into<String>) -> PlaceCall {
        PlaceCall::new(self.client.clone(), to.into(), from.into())
    }

    /// Lists calls, newest first, with optional filters.
    pub fn list(&self) -> ListCalls {
        ListCalls {
            client: self.client.clone(),
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

    /// Fetches one call.
    pub fn fetch(&self, sid: &CallSid) -> Pending<Call> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move {
            let account = client.account_sid().await?;
            let result = client
                .api()
                .fetch_call()
                .account_sid(account.as_str())
                .sid(sid.as_str())
                .send()
                .await;
            finish("FetchCall", result).await
        })
    }

    /// Modifies a live call: redirect it to new TwiML, end it, change its callbacks.
    pub fn update(&self, sid: &CallSid) -> UpdateCall {
        UpdateCall {
            client: self.client.clone(),
            sid: sid.clone(),
            url: None,
            method: None,
            twiml: None,
            status: None,
            fallback_url: None,
            fallback_method: None,
            status_callback: None,
            status_callback_method: None,
            time_limit: None,
        }
    }

    /// Ends a call that is in progress (`Status=completed`).
    pub fn hang_up(&self, sid: &CallSid) -> Pending<Call> {
        let update = self.update(sid).status(CallUpdateStatus::Completed);
        Pending::new(update.send_with_meta())
    }

    /// Cancels a call that is queued or ringing (`Status=canceled`).
    pub fn cancel(&self, sid: &CallSid) -> Pending<Call> {
        let update = self.update(sid).status(CallUpdateStatus::Canceled);
        Pending::new(update.send_with_meta())
    }

    /// Deletes a call record.
    pub fn delete(&self, sid: &CallSid) -> Pending<()> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move {
            let account = client.account_sid().await?;
            let result = client
                .api()
                .delete_call()
                .account_sid(account.as_str())
                .sid(sid.as_str())
                .send()
                .await;
            finish("DeleteCall", result).await
        })
    }
}

/// An outbound call to place: `client.calls().place(to, from)`.
///
/// Checked in [`send`](Self::send) before anything is sent: `to` and `from` forms (see
/// [`crate::phone`]); exactly one of `url`, `twiml` and `application`; TwiML at most 4,000
/// characters; callback URLs absolute `http(s)`; `timeout` 1 to 600 seconds; `time_limit` 1 to
/// 86,400 seconds; machine-detection thresholds in Twilio's ranges; `send_digits` at most 32
/// keys; known callback event names.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct PlaceCall {
    client: Client,
    to: String,
    from: String,
    url: Option<String>,
    twiml: Option<String>,
    application: Option<ApplicationSid>,
    method: Option<HttpMethod>,
    fallback_url: Option<String>,
    fallback_method: Option<HttpMethod>,
    status_callback: Option<String>,
    status_callback_method: Option<HttpMethod>,
    status_callback_event: Vec<String>,
    send_digits: Option<String>,
    timeout: Option<i64>,
    time_limit: Option<i64>,
    record: Option<bool>,
    recording_channels: Option<String>,
    recording_status_callback: Option<String>,
    recording_status_callback_method: Option<HttpMethod>,
    recording_status_callback_event: Vec<String>,
    recording_track: Option<String>,
    trim: Option<String>,
    caller_id: Option<String>,
    machine_detection: Option<String>,
    machine_detection_timeout: Option<i64>,
    machine_detection_speech_threshold: Option<i64>,
    machine_detection_speech_end_threshold: Option<i64>,
    machine_detection_silence_timeout: Option<i64>,
    async_amd: Option<bool>,
    async_amd_status_callback: Option<String>,
    async_amd_status_callback_method: Option<HttpMethod>,
    sip_auth_username: Option<String>,
    sip_auth_password: Option<String>,
    call_reason: Option<String>,
}

impl PlaceCall {
    fn new(client: Client, to: String, from: String) -> Self {
        Self {
            client,
            to,
            from,
            url: None,
            twiml: None,
            application: None,
            method: None,
            fallback_url: None,
            fallback_method: None,
            status_callback: None,
            status_callback_method: None,
            status_callback_event: Vec::new(),
            send_digits: None,
            timeout: None,
            time_limit: None,
            record: None,
            recording_channels: None,
            recording_status_callback: None,
            recording_status_callback_method: None,
            recording_status_callback_event: Vec::new(),
            recording_track: None,
            trim: None,
            caller_id: None,
            machine_detection: None,
            machine_detection_timeout: None,
            machine_detection_speech_threshold: None,
            machine_detection_speech_end_threshold: None,
            machine_detection_silence_timeout: None,
            async_amd: None,
            async_amd_status_callback: None,
            async_amd_status_callback_method: None,
            sip_auth_username: None,
            sip_auth_password: None,
            call_reason: None,
        }
    }

    setters! {
        /// The URL Twilio fetches the call's TwiML from (absolute http(s)).
        url: String;
        /// TwiML to run, instead of a URL (at most 4,000 characters): a string or, with the
        /// `twiml` feature, a [`VoiceResponse`](crate::twiml::VoiceResponse) from the builder.
        twiml: String;
        /// The HTTP method for `url` (`POST` by default).
        method: HttpMethod;
        /// The URL Twilio tries when `url` fails.
        fallback_url: String;
        /// The HTTP method for `fallback_url`.
        fallback_method: HttpMethod;
        /// Where Twilio posts call status changes (absolute http(s)).
        status_callback: String;
        /// The HTTP method for `status_callback`.
        status_callback_method: HttpMethod;
        /// Keys to press once the call connects: digits, `A`-`D`, `#`, `*`, `w` (0.5 s pause),
        /// `W` (1 s), at most 32.
        send_digits: String;
        /// Seconds to let the phone ring, 1 to 600 (Twilio's default is 60).
        timeout: i64;
        /// The longest the call may last, in seconds (1 to 86,400).
        time_limit: i64;
        /// Records the call.
        record: bool;
        /// `mono` or `dual` recording channels.
        recording_channels: String;
        /// Where Twilio posts recording status changes (absolute http(s)).
        recording_status_callback: String;
        /// The HTTP method for `recording_status_callback`.
        recording_status_callback_method: HttpMethod;
        /// Which audio to record: `inbound`, `outbound` or `both`.
        recording_track: String;
        /// `trim-silence` or `do-not-trim`.
        trim: String;
        /// The caller ID shown for SIP calls.
        caller_id: String;
        /// `Enable` or `DetectMessageEnd`: answering-machine detection.
        machine_detection: String;
        /// Seconds to try machine detection before giving up.
        machine_detection_timeout: i64;
        /// Milliseconds of speech that mean a machine (1000 to 6000).
        machine_detection_speech_threshold: i64;
        /// Milliseconds of silence that end speech (500 to 5000).
        machine_detection_speech_end_threshold: i64;
        /// Milliseconds of initial silence after which detection gives up (2000 to 10000).
        machine_detection_silence_timeout: i64;
        /// Runs machine detection asynchronously.
        async_amd: bool;
        /// Where the asynchronous detection result goes (absolute http(s)).
        async_amd_status_callback: String;
        /// The HTTP method for `async_amd_status_callback`.
        async_amd_status_callback_method: HttpMethod;
        /// The user name for SIP authentication.
        sip_auth_username: String;
        /// The password for SIP authentication.
        sip_auth_password: String;
        /// Why the call is made (shown on branded calls).
        call_reason: String;
    }

    /// Runs a TwiML application instead of a URL or TwiML.
    pub fn application(mut self, application: &ApplicationSid) -> Self {
        self.application = Some(application.clone());
        self
    }

    /// Adds a status event to be told about: `initiated`, `ringing`, `answered` or `completed`.
    pub fn status_callback_event(mut self, event: impl Into<String>) -> Self {
        self.status_callback_event.push(event.into());
        self
    }

    /// Adds a recording event to be told about: `in-progress`, `completed` or `absent`.
    pub fn recording_status_callback_event(mut self, event: impl Into<String>) -> Self {
        self.recording_status_callback_event.push(event.into());
        self
    }

    fn validate(&self) -> Result<(), Error> {
        check_call_to(&self.to)?;
        check_call_from(&self.from)?;
        let given = [
            self.url.is_some(),
            self.twiml.is_some(),
            self.application.is_some(),
        ]
        .iter()
        .filter(|g| **g)
        .count();
        if given != 1 {
            return Err(Error::invalid_input(
                "url",
                format!(
                    "a call runs exactly one of `url`, `twiml` and `application`; {given} given"
                ),
            ));
        }
        rules::opt_url("url", &self.url)?;
        if let Some(twiml) = &self.twiml {
            rules::not_blank("twiml", twiml)?;
            rules::max_chars("twiml", twiml, MAX_TWIML_CHARS)?;
        }
        rules::opt_url("fallback_url", &self.fallback_url)?;
        rules::opt_url("status_callback", &self.status_callback)?;
        rules::opt_url("recording_status_callback", &self.recording_status_callback)?;
        rules::opt_url("async_amd_status_callback", &self.async_amd_status_callback)?;
        check_events(
            "status_callback_event",
            &self.status_callback_event,
            CALL_EVENTS,
        )?;
        check_events(
            "recording_status_callback_event",
            &self.recording_status_callback_event,
            RECORDING_EVENTS,
        )?;
        if let Some(digits) = &self.send_digits {
            rules::send_digits(digits)?;
        }
        let ranges = [
            ("timeout", self.timeout, 1, 600),
            ("time_limit", self.time_limit, 1, 86_400),
            (
                "machine_detection_timeout",
                self.machine_detection_timeout,
                1,
                600,
            ),
            (
                "machine_detection_speech_threshold",
                self.machine_detection_speech_threshold,
                1000,
                6000,
            ),
            (
                "machine_detection_speech_end_threshold",
                self.machine_detection_speech_end_threshold,
                500,
                5000,
            ),
            (
                "machine_detection_silence_timeout",
                self.machine_detection_silence_timeout,
                2000,
                10_000,
            ),
        ];
        for (field, value, min, max) in ranges {
            if let Some(value) = value {
                rules::in_range(field, value, min, max)?;
            }
        }
        Ok(())
    }

    /// Checks the call and places it. Never retried automatically except on a 429 or a
    /// connection that could not be opened; a timeout after the request left reports
    /// [`Outcome::Unknown`](crate::Outcome::Unknown): the call may have been placed.
    pub async fn send(self) -> Result<Call, Error> {
        self.send_with_meta().await.map(Response::into_value)
    }

    /// [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_meta(self) -> Result<Response<Call>, Error> {
        self.validate()?;
        let account = self.client.account_sid().await?;
        let result = self
            .client
            .api()
            .create_call()
            .account_sid(account.as_str())
            .body_map(move |b| {
                b.to(self.to)
                    .from(self.from)
                    .url(self.url)
                    .twiml(self.twiml)
                    .application_sid(self.application)
                    .method(self.method)
                    .fallback_url(self.fallback_url)
                    .fallback_method(self.fallback_method)
                    .status_callback(self.status_callback)
                    .status_callback_method(self.status_callback_method)
                    .status_callback_event(self.status_callback_event)
                    .send_digits(self.send_digits)
                    .timeout(self.timeout)
                    .time_limit(self.time_limit)
                    .record(self.record)
                    .recording_channels(self.recording_channels)
                    .recording_status_callback(self.recording_status_callback)
                    .recording_status_callback_method(self.recording_status_callback_method)
                    .recording_status_callback_event(self.recording_status_callback_event)
                    .recording_track(self.recording_track)
                    .trim(self.trim)
                    .caller_id(self.caller_id)
                    .machine_detection(self.machine_detection)
                    .machine_detection_timeout(self.machine_detection_timeout)
                    .machine_detection_speech_threshold(self.machine_detection_speech_threshold)
                    .machine_detection_speech_end_threshold(
                        self.machine_detection_speech_end_threshold,
                    )
                    .machine_detection_silence_timeout(self.machine_detection_silence_timeout)
                    .async_amd(self.async_amd.map(|b| b.to_string()))
                    .async_amd_status_callback(self.async_amd_status_callback)
                    .async_amd_status_callback_method(self.async_amd_status_callback_method)
                    .sip_auth_username(self.sip_auth_username)
                    .sip_auth_password(self.sip_auth_password)
                    .call_reason(self.call_reason)
            })
            .send()
            .await;
        finish("CreateCall", result).await
    }
}

fn check_events(field: &'static str, events: &[String], known: &[&str]) -> Result<(), Error> {
    match events.iter().find(|e| !known.contains(&e.as_str())) {
        Some(bad) => Err(Error::invalid_input(
            field,
            format!(
                "`{}` is not one of {}",
                crate::sid::shorten(bad),
                known.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// Changes to a live call: `client.calls().update(&sid)`.
///
/// Checked in [`send`](Self::send): something to change; not both `url` and `twiml`; TwiML at
/// most 4,000 characters; URLs absolute `http(s)`; `time_limit` 1 to 86,400 seconds.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct UpdateCall {
    client: Client,
    sid: CallSid,
    url: Option<String>,
    method: Option<HttpMethod>,
    twiml: Option<String>,
    status: Option<CallUpdateStatus>,
    fallback_url: Option<String>,
    fallback_method: Option<HttpMethod>,
    status_callback: Option<String>,
    status_callback_method: Option<HttpMethod>,
    time_limit: Option<i64>,
}

impl UpdateCall {
    setters! {
        /// Redirects the call to the TwiML at this URL (absolute http(s)).
        url: String;
        /// The HTTP method for `url`.
        method: HttpMethod;
        /// Redirects the call to this TwiML (at most 4,000 characters): a string or a
        /// [`VoiceResponse`](crate::twiml::VoiceResponse).
        twiml: String;
        /// `completed` ends an in-progress call, `canceled` a queued or ringing one.
        status: CallUpdateStatus;
        /// The URL Twilio tries when `url` fails.
        fallback_url: String;
        /// The HTTP method for `fallback_url`.
        fallback_method: HttpMethod;
        /// Where Twilio posts call status changes.
        status_callback: String;
        /// The HTTP method for `status_callback`.
        status_callback_method: HttpMethod;
        /// The longest the call may last from now, in seconds.
        time_limit: i64;
    }

    fn validate(&self) -> Result<(), Error> {
        if self.url.is_none()
            && self.twiml.is_none()
            && self.status.is_none()
            && self.fallback_url.is_none()
            && self.status_callback.is_none()
            && self.time_limit.is_none()
            && self.method.is_none()
            && self.fallback_method.is_none()
            && self.status_callback_method.is_none()
        {
            return Err(Error::invalid_input(
                "status",
                "nothing to change: set a url, twiml, status, callback or time limit",
            ));
        }
        if self.url.is_some() && self.twiml.is_some() {
            return Err(Error::invalid_input(
                "twiml",
                "give either `url` or `twiml`, not both",
            ));
        }
        rules::opt_url("url", &self.url)?;
        if let Some(twiml) = &self.twiml {
            rules::not_blank("twiml", twiml)?;
            rules::max_chars("twiml", twiml, MAX_TWIML_CHARS)?;
        }
        rules::opt_url("fallback_url", &self.fallback_url)?;
        rules::opt_url("status_callback", &self.status_callback)?;
        if let Some(limit) = self.time_limit {
            rules::in_range("time_limit", limit, 1, 86_400)?;
        }
        Ok(())
    }

    /// Checks the changes and applies them.
    pub async fn send(self) -> Result<Call, Error> {
        self.send_with_meta().await.map(Response::into_value)
    }

    /// [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_meta(self) -> Result<Response<Call>, Error> {
        self.validate()?;
        let account = self.client.account_sid().await?;
        let result = self
            .client
            .api()
            .update_call()
            .account_sid(account.as_str())
            .sid(self.sid.as_str())
            .body_map(move |b| {
                b.url(self.url)
                    .method(self.method)
                    .twiml(self.twiml)
                    .status(self.status)
                    .fallback_url(self.fallback_url)
                    .fallback_method(self.fallback_method)
                    .status_callback(self.status_callback)
                    .status_callback_method(self.status_callback_method)
                    .time_limit(self.time_limit)
            })
            .send()
            .await;
        finish("UpdateCall", result).await
    }
}

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
