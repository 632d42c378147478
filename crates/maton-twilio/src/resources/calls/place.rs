//! [`PlaceCall`]: a new outbound call, held as the generated `CreateCall` body.

use maton_twilio_api::twilio::types::{self as wire, HttpMethod};

use crate::Error;
use crate::client::Client;
use crate::model::Call;
use crate::phone::{check_call_from, check_call_to};
use crate::resources::finish_body;
use crate::rules;
use crate::sid::ApplicationSid;

/// The events `status_callback_event` accepts.
const CALL_EVENTS: &[&str] = &["initiated", "ringing", "answered", "completed"];
/// The events `recording_status_callback_event` accepts.
const RECORDING_EVENTS: &[&str] = &["in-progress", "completed", "absent"];

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
    body: wire::builder::CreateCallRequest,
}

impl PlaceCall {
    #[inline]
    pub(super) fn new(client: Client, to: String, from: String) -> Self {
        Self {
            client,
            body: wire::CreateCallRequest::builder().to(to).from(from),
        }
    }

    body_setters! {
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

    /// Runs machine detection asynchronously.
    #[inline]
    pub fn async_amd(mut self, on: bool) -> Self {
        self.body = self.body.async_amd(Some(on.to_string()));
        self
    }

    sid_setters! {
        /// Runs a TwiML application instead of a URL or TwiML.
        application => application_sid: ApplicationSid;
    }

    push_setters! {
        wire::CreateCallRequest;
        /// Adds a status event to be told about: `initiated`, `ringing`, `answered` or
        /// `completed`.
        status_callback_event;
        /// Adds a recording event to be told about: `in-progress`, `completed` or `absent`.
        recording_status_callback_event;
    }

    send_methods! {
        /// Checks the call and places it. Never retried automatically except on a 429 or a
        /// connection that could not be opened; a timeout after the request left reports
        /// [`Outcome::Unknown`](crate::Outcome::Unknown): the call may have been placed.
        Call, |self| {
            let body: wire::CreateCallRequest = finish_body(self.body)?;
            validate(&body)?;
            send_in_account!(self.client, CreateCall => create_call.body(body))
        }
    }
}

#[inline]
fn validate(call: &wire::CreateCallRequest) -> Result<(), Error> {
    check_call_to(&call.to)?;
    check_call_from(&call.from)?;
    let given = [
        call.url.is_some(),
        call.twiml.is_some(),
        call.application_sid.is_some(),
    ]
    .iter()
    .filter(|g| **g)
    .count();
    if given != 1 {
        return Err(Error::invalid_input(
            "url",
            format!("a call runs exactly one of `url`, `twiml` and `application`; {given} given"),
        ));
    }
    rules::opt_url("url", &call.url)?;
    rules::opt_twiml(&call.twiml)?;
    rules::opt_url("fallback_url", &call.fallback_url)?;
    rules::opt_url("status_callback", &call.status_callback)?;
    rules::opt_url("recording_status_callback", &call.recording_status_callback)?;
    rules::opt_url("async_amd_status_callback", &call.async_amd_status_callback)?;
    check_events(
        "status_callback_event",
        &call.status_callback_event,
        CALL_EVENTS,
    )?;
    check_events(
        "recording_status_callback_event",
        &call.recording_status_callback_event,
        RECORDING_EVENTS,
    )?;
    if let Some(digits) = &call.send_digits {
        rules::send_digits(digits)?;
    }
    let ranges = [
        ("timeout", call.timeout, 1, 600),
        ("time_limit", call.time_limit, 1, 86_400),
        (
            "machine_detection_timeout",
            call.machine_detection_timeout,
            1,
            600,
        ),
        (
            "machine_detection_speech_threshold",
            call.machine_detection_speech_threshold,
            1000,
            6000,
        ),
        (
            "machine_detection_speech_end_threshold",
            call.machine_detection_speech_end_threshold,
            500,
            5000,
        ),
        (
            "machine_detection_silence_timeout",
            call.machine_detection_silence_timeout,
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

#[inline]
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
