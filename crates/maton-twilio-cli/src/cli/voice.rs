//! The arguments of the voice commands: recordings, a call's recording, transcriptions,
//! conferences, participants and queue members.

use clap::{Args, Subcommand, ValueEnum};

use super::Listing;

/// Dates a list is filtered by, each a day (`YYYY-MM-DD`).
#[derive(Debug, Args)]
pub struct CreatedDates {
    /// Only those created on this day (YYYY-MM-DD).
    #[arg(long)]
    pub created_on: Option<String>,
    /// Only those created on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub created_after: Option<String>,
    /// Only those created on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub created_before: Option<String>,
}

/// `recordings ...`
#[derive(Debug, Subcommand)]
pub enum RecordingsCmd {
    /// List recordings, newest first.
    List {
        /// Only the recordings of this call (CA...).
        #[arg(long)]
        call: Option<String>,
        /// Only the recordings of this conference (CF...).
        #[arg(long)]
        conference: Option<String>,
        #[command(flatten)]
        dates: CreatedDates,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one recording.
    Get { sid: String },
    /// Delete a recording.
    Delete { sid: String },
}

/// `calls record ...`: a live call's recording.
#[derive(Debug, Subcommand)]
pub enum CallRecordCmd {
    /// Start recording a call in progress.
    Start {
        /// The call (CA...).
        call: String,
        /// One channel, or one per leg.
        #[arg(long, value_enum)]
        channels: Option<Channels>,
        /// Which audio to record.
        #[arg(long, value_enum)]
        track: Option<Track>,
        /// Trim the silence at the start and the end.
        #[arg(long)]
        trim_silence: bool,
        /// A URL Twilio calls with the recording's status changes.
        #[arg(long)]
        status_callback: Option<String>,
    },
    /// Pause a recording (the call's current one unless a RE... SID is given).
    Pause {
        /// The call (CA...).
        call: String,
        /// The recording (RE...); the one in progress when left out.
        recording: Option<String>,
        /// Leave the paused time out of the recording instead of recording silence.
        #[arg(long)]
        skip: bool,
    },
    /// Resume a paused recording.
    Resume {
        /// The call (CA...).
        call: String,
        /// The recording (RE...); the one in progress when left out.
        recording: Option<String>,
    },
    /// Stop a recording.
    Stop {
        /// The call (CA...).
        call: String,
        /// The recording (RE...); the one in progress when left out.
        recording: Option<String>,
    },
    /// List a call's recordings.
    List {
        /// The call (CA...).
        call: String,
        #[command(flatten)]
        listing: Listing,
    },
}

/// `calls record start --channels`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Channels {
    Mono,
    Dual,
}

/// `calls record start --track`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Track {
    Inbound,
    Outbound,
    Both,
}

/// `transcriptions ...`
#[derive(Debug, Subcommand)]
pub enum TranscriptionsCmd {
    /// List transcriptions (of one recording with --recording).
    List {
        /// Only the transcriptions of this recording (RE...).
        #[arg(long)]
        recording: Option<String>,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one transcription.
    Get { sid: String },
    /// Delete a transcription.
    Delete { sid: String },
}

/// `conferences ...`
#[derive(Debug, Subcommand)]
pub enum ConferencesCmd {
    /// List conferences, newest first.
    List {
        /// init, in-progress or completed.
        #[arg(long)]
        status: Option<String>,
        /// Only conferences with this name.
        #[arg(long)]
        friendly_name: Option<String>,
        #[command(flatten)]
        dates: CreatedDates,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one conference.
    Get { sid: String },
    /// End a conference: every participant leaves.
    End { sid: String },
}

/// `participants ...`: PARTICIPANT is the participant's call SID (CA...) or its label.
#[derive(Debug, Subcommand)]
pub enum ParticipantsCmd {
    /// List a conference's participants.
    List {
        /// The conference (CF...).
        conference: String,
        /// Only muted (true) or unmuted (false) participants.
        #[arg(long)]
        muted: Option<bool>,
        /// Only held (true) or not held (false) participants.
        #[arg(long)]
        hold: Option<bool>,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one participant.
    Get {
        conference: String,
        participant: String,
    },
    /// Call a number into a conference.
    Add {
        /// The conference (CF...).
        conference: String,
        /// The caller: a number you own (E.164) or client:NAME.
        #[arg(long)]
        from: String,
        /// Who to call: E.164, client:NAME or a sip: URI.
        #[arg(long)]
        to: String,
        /// A name for the participant, usable instead of its call SID.
        #[arg(long)]
        label: Option<String>,
        /// Join muted.
        #[arg(long)]
        muted: bool,
        /// A URL Twilio calls with the participant's call status changes.
        #[arg(long)]
        status_callback: Option<String>,
    },
    /// Mute a participant.
    Mute {
        conference: String,
        participant: String,
    },
    /// Unmute a participant.
    Unmute {
        conference: String,
        participant: String,
    },
    /// Put a participant on hold.
    Hold {
        conference: String,
        participant: String,
        /// A URL of TwiML or audio played while held (Twilio's hold music when left out).
        #[arg(long)]
        music_url: Option<String>,
    },
    /// Take a participant off hold.
    Unhold {
        conference: String,
        participant: String,
    },
    /// Remove a participant from the conference (its call ends).
    Kick {
        conference: String,
        participant: String,
    },
}

/// `queues members` and `queues dequeue`.
#[derive(Debug, Args)]
pub struct MembersArgs {
    /// The queue (QU...).
    pub queue: String,
    #[command(flatten)]
    pub listing: Listing,
}

/// `queues dequeue`.
#[derive(Debug, Args)]
pub struct DequeueArgs {
    /// The queue (QU...).
    pub queue: String,
    /// The call to take out (CA...); the one at the front when left out.
    pub call: Option<String>,
    /// The URL of the TwiML the call runs next.
    #[arg(long)]
    pub url: String,
    /// The HTTP method for --url (GET or POST).
    #[arg(long)]
    pub method: Option<String>,
}
