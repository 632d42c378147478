//! Typed webhook payloads from form bodies: required fields, media, open enums, extra
//! parameters, and typed errors (never a panic) on bad input.

use maton_twilio::model::{CallStatus, MessageStatus};
use maton_twilio::webhook::{
    CallDirection, CallStatusCallback, CallbackSource, IncomingMessage, MessageStatusCallback,
    Payload, PayloadError, RecordingStatus, RecordingStatusCallback, VoiceRequest,
};

const AC: &str = "AC0123456789abcdef0123456789abcdef";
const SM: &str = "SM0123456789abcdef0123456789abcdef";
const CA: &str = "CA0123456789abcdef0123456789abcdef";

fn body(pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        for b in v.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    out.push(char::from(b))
                }
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    out.into_bytes()
}

#[test]
fn incoming_mms_collects_media_and_keeps_extra() {
    let form = body(&[
        ("ToCountry", "US"),
        ("MessageSid", SM),
        ("AccountSid", AC),
        ("From", "+15559876543"),
        ("To", "+15551234567"),
        ("Body", "Look: 2 < 3 & café"),
        ("NumMedia", "2"),
        ("NumSegments", "1"),
        ("MediaUrl0", "https://api.twilio.com/m/0"),
        ("MediaContentType0", "image/jpeg"),
        ("MediaUrl1", "https://api.twilio.com/m/1"),
        ("MediaContentType1", "image/png"),
        ("FromCity", "SAN FRANCISCO"),
    ]);
    let sms = IncomingMessage::from_form(&form).expect("valid");
    assert_eq!(sms.message_sid.as_str(), SM);
    assert_eq!(sms.account_sid.as_str(), AC);
    assert_eq!(sms.body, "Look: 2 < 3 & café");
    assert_eq!(sms.num_segments, Some(1));
    assert_eq!(sms.media.len(), 2);
    assert_eq!(sms.media[1].url, "https://api.twilio.com/m/1");
    assert_eq!(sms.media[1].content_type.as_deref(), Some("image/png"));
    assert_eq!(sms.extra.get("FromCity"), Some("SAN FRANCISCO"));
    assert_eq!(sms.extra.get("ToCountry"), Some("US"));
    assert_eq!(sms.extra.len(), 2, "media and known fields are not extra");
}

#[test]
fn missing_and_malformed_fields_are_typed_errors() {
    let ok = [
        ("MessageSid", SM),
        ("AccountSid", AC),
        ("From", "+15559876543"),
        ("To", "+15551234567"),
    ];
    for (i, (name, _)) in ok.iter().enumerate() {
        let mut pairs = ok.to_vec();
        pairs.remove(i);
        assert_eq!(
            IncomingMessage::from_form(&body(&pairs)),
            Err(PayloadError::Missing(name)),
            "without {name}"
        );
    }
    let mut bad_sid = ok.to_vec();
    bad_sid[0].1 = "CA0123456789abcdef0123456789abcdef";
    assert_eq!(
        IncomingMessage::from_form(&body(&bad_sid)),
        Err(PayloadError::Invalid("MessageSid"))
    );
    let mut pairs = ok.to_vec();
    pairs.push(("NumMedia", "2"));
    pairs.push(("MediaUrl0", "https://m/0"));
    assert_eq!(
        IncomingMessage::from_form(&body(&pairs)),
        Err(PayloadError::Missing("MediaUrl"))
    );
    for count in ["-1", "x", "4294967296", "11"] {
        let mut pairs = ok.to_vec();
        pairs.push(("NumMedia", count));
        assert_eq!(
            IncomingMessage::from_form(&body(&pairs)),
            Err(PayloadError::Invalid("NumMedia")),
            "NumMedia={count}"
        );
    }
    assert_eq!(
        IncomingMessage::from_form(&[0xff, 0x00]),
        Err(PayloadError::Body)
    );
    assert_eq!(
        IncomingMessage::from_form(b"%%%&&==&"),
        Err(PayloadError::Missing("MessageSid"))
    );
}

#[test]
fn message_status_callback_with_unknown_status() {
    let form = body(&[
        ("MessageSid", SM),
        ("AccountSid", AC),
        ("MessageStatus", "undelivered"),
        ("ErrorCode", "30003"),
        ("RawDlrDoneDate", "2602092100"),
    ]);
    let status = MessageStatusCallback::from_form(&form).expect("valid");
    assert_eq!(status.message_status, MessageStatus::Undelivered);
    assert_eq!(status.error_code, Some(30003));
    assert_eq!(status.extra.get("RawDlrDoneDate"), Some("2602092100"));
    let form = body(&[
        ("MessageSid", SM),
        ("AccountSid", AC),
        ("MessageStatus", "teleported"),
    ]);
    let status = MessageStatusCallback::from_form(&form).expect("valid");
    assert_eq!(
        status.message_status,
        MessageStatus::Unknown("teleported".into())
    );
}

#[test]
fn voice_request_and_call_status_callback() {
    let voice = [
        ("CallSid", CA),
        ("AccountSid", AC),
        ("From", "+15559876543"),
        ("To", "+15551234567"),
        ("CallStatus", "ringing"),
        ("Direction", "inbound"),
        ("Digits", "42"),
        ("CallerName", "Jane"),
    ];
    let request = VoiceRequest::from_form(&body(&voice)).expect("valid");
    assert_eq!(request.call_status, CallStatus::Ringing);
    assert_eq!(request.direction, Some(CallDirection::Inbound));
    assert_eq!(request.digits.as_deref(), Some("42"));
    assert_eq!(request.extra.get("CallerName"), Some("Jane"));

    let mut status = voice.to_vec();
    status[4].1 = "completed";
    status.extend([
        ("CallbackSource", "call-progress-events"),
        ("SequenceNumber", "3"),
        ("CallDuration", "10"),
        ("Timestamp", "Mon, 09 Feb 2026 21:00:15 +0000"),
        ("Direction", "outbound-dial"),
    ]);
    let callback = CallStatusCallback::from_form(&body(&status)).expect("valid");
    assert_eq!(callback.call.call_status, CallStatus::Completed);
    assert_eq!(
        callback.callback_source,
        Some(CallbackSource::CallProgressEvents)
    );
    assert_eq!(callback.sequence_number, Some(3));
    assert_eq!(callback.call_duration, Some(10));
    assert!(callback.timestamp.is_some());
    // The first Direction is the field; the repeated one stays in extra.
    assert_eq!(callback.call.direction, Some(CallDirection::Inbound));
    assert_eq!(callback.call.extra.get("Direction"), Some("outbound-dial"));

    status.push(("SequenceNumber", "x"));
    status.retain(|(k, v)| *k != "SequenceNumber" || *v == "x");
    assert_eq!(
        CallStatusCallback::from_form(&body(&status)),
        Err(PayloadError::Invalid("SequenceNumber"))
    );
}

#[test]
fn recording_status_callback() {
    let form = body(&[
        ("AccountSid", AC),
        ("CallSid", CA),
        ("RecordingSid", "RE0123456789abcdef0123456789abcdef"),
        ("RecordingUrl", "https://api.twilio.com/rec"),
        ("RecordingStatus", "completed"),
        ("RecordingDuration", "7"),
        ("RecordingChannels", "1"),
        ("RecordingSource", "RecordVerb"),
    ]);
    let recording = RecordingStatusCallback::from_form(&form).expect("valid");
    assert_eq!(recording.recording_status, RecordingStatus::Completed);
    assert_eq!(recording.recording_duration, Some(7));
    assert_eq!(recording.extra.get("RecordingSource"), Some("RecordVerb"));
    let form = body(&[("AccountSid", AC), ("CallSid", CA), ("RecordingSid", "RE1")]);
    assert_eq!(
        RecordingStatusCallback::from_form(&form),
        Err(PayloadError::Missing("RecordingStatus"))
    );
}
