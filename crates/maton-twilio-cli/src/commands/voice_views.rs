//! How recordings, transcriptions, conferences, participants and queue members read on a
//! terminal (as `views.rs` does for the other resources).

use maton_twilio::model::{
    CallRecording, Conference, Member, Participant, Recording, RecordingTranscription,
    Transcription,
};

use super::{amount, text, when};
use crate::output::{Columns, Field};

/// A recording, line by line.
pub const RECORDING_DETAILS: &[Field<Recording>] = &[
    ("sid", |r| text(&r.sid)),
    ("status", |r| text(&r.status)),
    ("call", |r| text(&r.call_sid)),
    ("conference", |r| text(&r.conference_sid)),
    ("started", |r| when(&r.start_time)),
    ("duration", |r| text(&r.duration)),
    ("channels", |r| text(&r.channels)),
    ("price", |r| amount(&r.price, &r.price_unit)),
    ("media", |r| text(&r.media_url)),
];

/// `recordings list`.
pub const RECORDING_COLUMNS: Columns<Recording> = Columns::pick(
    RECORDING_DETAILS,
    &["sid", "status", "call", "started", "duration"],
);

/// A call's recording, line by line.
pub const CALL_RECORDING_DETAILS: &[Field<CallRecording>] = &[
    ("sid", |r| text(&r.sid)),
    ("status", |r| text(&r.status)),
    ("call", |r| text(&r.call_sid)),
    ("track", |r| text(&r.track)),
    ("channels", |r| text(&r.channels)),
    ("started", |r| when(&r.start_time)),
    ("duration", |r| text(&r.duration)),
];

/// `calls record list`.
pub const CALL_RECORDING_COLUMNS: Columns<CallRecording> = Columns::pick(
    CALL_RECORDING_DETAILS,
    &["sid", "status", "track", "started", "duration"],
);

/// A transcription, line by line.
pub const TRANSCRIPTION_DETAILS: &[Field<Transcription>] = &[
    ("sid", |t| text(&t.sid)),
    ("status", |t| text(&t.status)),
    ("recording", |t| text(&t.recording_sid)),
    ("duration", |t| text(&t.duration)),
    ("created", |t| when(&t.date_created)),
    ("text", |t| text(&t.transcription_text)),
];

/// `transcriptions list`.
pub const TRANSCRIPTION_COLUMNS: Columns<Transcription> = Columns::pick(
    TRANSCRIPTION_DETAILS,
    &["sid", "status", "recording", "created"],
);

/// A recording's transcription, in the list's columns.
pub const RECORDING_TRANSCRIPTION_COLUMNS: Columns<RecordingTranscription> = Columns::all(&[
    ("sid", |t| text(&t.sid)),
    ("recording", |t| text(&t.recording_sid)),
    ("created", |t| when(&t.date_created)),
    ("text", |t| text(&t.transcription_text)),
]);

/// A conference, line by line.
pub const CONFERENCE_DETAILS: &[Field<Conference>] = &[
    ("sid", |c| text(&c.sid)),
    ("name", |c| text(&c.friendly_name)),
    ("status", |c| text(&c.status)),
    ("region", |c| text(&c.region)),
    ("created", |c| when(&c.date_created)),
    ("updated", |c| when(&c.date_updated)),
];

/// `conferences list`.
pub const CONFERENCE_COLUMNS: Columns<Conference> =
    Columns::pick(CONFERENCE_DETAILS, &["sid", "name", "status", "created"]);

/// A participant, line by line.
pub const PARTICIPANT_DETAILS: &[Field<Participant>] = &[
    ("call", |p| text(&p.call_sid)),
    ("label", |p| text(&p.label)),
    ("status", |p| text(&p.status)),
    ("muted", |p| text(&p.muted)),
    ("hold", |p| text(&p.hold)),
    ("coaching", |p| text(&p.coaching)),
    ("conference", |p| text(&p.conference_sid)),
];

/// `participants list`.
pub const PARTICIPANT_COLUMNS: Columns<Participant> = Columns::pick(
    PARTICIPANT_DETAILS,
    &["call", "label", "status", "muted", "hold"],
);

/// A queue member, line by line.
pub const MEMBER_DETAILS: &[Field<Member>] = &[
    ("call", |m| text(&m.call_sid)),
    ("position", |m| text(&m.position)),
    ("waited", |m| text(&m.wait_time)),
    ("enqueued", |m| when(&m.date_enqueued)),
    ("queue", |m| text(&m.queue_sid)),
];

/// `queues members`.
pub const MEMBER_COLUMNS: Columns<Member> =
    Columns::pick(MEMBER_DETAILS, &["call", "position", "waited", "enqueued"]);
