//! `recordings`, `calls record`, `transcriptions`, `conferences`, `participants`, and
//! `queues members|dequeue`.

use maton_twilio::model::{ConferenceStatus, HttpMethod};
use maton_twilio::{
    CallSid, Client, ConferenceSid, MemberKey, ParticipantKey, PauseBehavior, QueueSid,
    RecordingChannels, RecordingRef, RecordingSid, RecordingTrack,
};
use serde_json::json;

use super::voice_views::*;
use super::{ApplyListing, Maybe, act, delete, parse_date, parse_time, print_items, show, text};
use crate::cli::{
    CallRecordCmd, Channels, ConferencesCmd, CreatedDates, DequeueArgs, MembersArgs,
    ParticipantsCmd, RecordingsCmd, Track, TranscriptionsCmd,
};
use crate::exit::{self, Failure};
use crate::output::Output;
use crate::text::echo;

/// `--limit` and `--page-size` for this module's lists.
macro_rules! listing {
    ($($list:ty),* $(,)?) => {$(
        impl ApplyListing for $list {
            fn with_page_size(self, size: u32) -> Self {
                self.page_size(size)
            }
            fn with_limit(self, limit: usize) -> Self {
                self.limit(limit)
            }
        }
    )*};
}

listing!(
    maton_twilio::ListRecordings,
    maton_twilio::ListCallRecordings,
    maton_twilio::ListTranscriptions,
    maton_twilio::ListRecordingTranscriptions,
    maton_twilio::ListConferences,
    maton_twilio::ListParticipants,
    maton_twilio::ListQueueMembers,
);

/// Parses a positional SID or an option's, the error naming it as typed (`CALL`, `--call`).
fn named<T: std::str::FromStr<Err = maton_twilio::ParseError>>(
    text: &str,
    name: &str,
) -> Result<T, Failure> {
    text.parse()
        .map_err(|e| exit::input(maton_twilio::Error::from(e), name))
}

/// An SDK error refusing input, naming the option the user typed (`status_callback` is
/// `--status-callback`, the hold URL `--music-url`, the recording's callback
/// `--status-callback`).
fn as_option(error: maton_twilio::Error) -> Failure {
    let option = match error.field() {
        Some("hold_url") => "--music-url".to_owned(),
        Some("recording_status_callback") => "--status-callback".to_owned(),
        Some(field) => format!("--{}", field.replace('_', "-")),
        None => return Failure::Sdk(error),
    };
    exit::input(error, &option)
}

fn participant(text: &str) -> Result<ParticipantKey, Failure> {
    text.parse().map_err(|e| exit::input(e, "PARTICIPANT"))
}

/// The recording a `calls record` verb names: its SID, or the one in progress.
fn recording(given: Option<&str>) -> Result<RecordingRef, Failure> {
    match given {
        None | Some("current" | "Twilio.CURRENT") => Ok(RecordingRef::Current),
        Some(sid) => Ok(RecordingRef::Sid(named(sid, "RECORDING")?)),
    }
}

/// Runs a `recordings` command.
pub async fn recordings(
    client: &Client,
    output: Output,
    command: RecordingsCmd,
) -> Result<(), Failure> {
    let recordings = client.recordings();
    match command {
        RecordingsCmd::List {
            call,
            conference,
            dates,
            listing,
        } => {
            let mut list = recordings.list().listing(listing);
            if let Some(call) = call {
                list = list.call(&named(&call, "--call")?);
            }
            if let Some(conference) = conference {
                list = list.conference(&named(&conference, "--conference")?);
            }
            let CreatedDates {
                created_on,
                created_after,
                created_before,
            } = dates;
            if let Some(day) = created_on {
                list = list.created_on(parse_time("created-on", &day)?);
            }
            if let Some(day) = created_after {
                list = list.created_on_or_after(parse_time("created-after", &day)?);
            }
            if let Some(day) = created_before {
                list = list.created_on_or_before(parse_time("created-before", &day)?);
            }
            print_items(output, list.stream(), RECORDING_COLUMNS).await?;
        }
        RecordingsCmd::Get { sid } => {
            show(output, &sid, |s| recordings.fetch(s), RECORDING_DETAILS).await?
        }
        RecordingsCmd::Delete { sid } => delete(output, &sid, |s| recordings.delete(s)).await?,
    }
    Ok(())
}

/// Runs a `calls record` command.
pub async fn call_record(
    client: &Client,
    output: Output,
    command: CallRecordCmd,
) -> Result<(), Failure> {
    let calls = client.calls();
    let (call, verb, target, skip) = match command {
        CallRecordCmd::Start {
            call,
            channels,
            track,
            trim_silence,
            status_callback,
        } => {
            let call: CallSid = named(&call, "CALL")?;
            let mut start = calls.recordings(&call).start();
            start = start.maybe(channels, |b, c| {
                b.channels(match c {
                    Channels::Mono => RecordingChannels::Mono,
                    Channels::Dual => RecordingChannels::Dual,
                })
            });
            start = start.maybe(track, |b, t| {
                b.track(match t {
                    Track::Inbound => RecordingTrack::Inbound,
                    Track::Outbound => RecordingTrack::Outbound,
                    Track::Both => RecordingTrack::Both,
                })
            });
            if trim_silence {
                start = start.trim_silence(true);
            }
            start = start.maybe(status_callback, |b, url| b.recording_status_callback(url));
            let started = start.send().await.map_err(as_option)?;
            output.one(&started, CALL_RECORDING_DETAILS);
            return Ok(());
        }
        CallRecordCmd::List { call, listing } => {
            let call: CallSid = named(&call, "CALL")?;
            let list = calls.recordings(&call).list().listing(listing);
            return print_items(output, list.stream(), CALL_RECORDING_COLUMNS).await;
        }
        CallRecordCmd::Pause {
            call,
            recording,
            skip,
        } => (call, "paused", recording, skip),
        CallRecordCmd::Resume { call, recording } => (call, "resumed", recording, false),
        CallRecordCmd::Stop { call, recording } => (call, "stopped", recording, false),
    };
    let call: CallSid = named(&call, "CALL")?;
    let target = self::recording(target.as_deref())?;
    let handle = calls.recordings(&call);
    let done = match verb {
        "paused" if skip => handle.pause_with(target, PauseBehavior::Skip).await?,
        "paused" => handle.pause(target).await?,
        "resumed" => handle.resume(target).await?,
        _ => handle.stop(target).await?,
    };
    let said = format!(
        "{verb} recording {} of {} (status {})",
        text(&done.sid),
        call.as_str(),
        text(&done.status)
    );
    output.done(&done, &said);
    Ok(())
}

/// Runs a `transcriptions` command.
pub async fn transcriptions(
    client: &Client,
    output: Output,
    command: TranscriptionsCmd,
) -> Result<(), Failure> {
    let transcriptions = client.transcriptions();
    match command {
        TranscriptionsCmd::List {
            recording: Some(recording),
            listing,
        } => {
            let recording: RecordingSid = named(&recording, "--recording")?;
            let list = client
                .recordings()
                .transcriptions(&recording)
                .list()
                .listing(listing);
            print_items(output, list.stream(), RECORDING_TRANSCRIPTION_COLUMNS).await?;
        }
        TranscriptionsCmd::List {
            recording: None,
            listing,
        } => {
            let list = transcriptions.list().listing(listing);
            print_items(output, list.stream(), TRANSCRIPTION_COLUMNS).await?;
        }
        TranscriptionsCmd::Get { sid } => {
            show(
                output,
                &sid,
                |s| transcriptions.fetch(s),
                TRANSCRIPTION_DETAILS,
            )
            .await?
        }
        TranscriptionsCmd::Delete { sid } => {
            delete(output, &sid, |s| transcriptions.delete(s)).await?
        }
    }
    Ok(())
}

/// Runs a `conferences` command.
pub async fn conferences(
    client: &Client,
    output: Output,
    command: ConferencesCmd,
) -> Result<(), Failure> {
    let conferences = client.conferences();
    match command {
        ConferencesCmd::List {
            status,
            friendly_name,
            dates,
            listing,
        } => {
            let mut list = conferences
                .list()
                .listing(listing)
                .maybe(friendly_name, |b, name| b.friendly_name(name));
            if let Some(status) = status {
                let known = ConferenceStatus::KNOWN
                    .iter()
                    .find(|s| s.as_str() == status);
                let Some(status) = known else {
                    return Err(Failure::Cli(
                        exit::USAGE,
                        format!(
                            "--status: `{}` is not one of init, in-progress, completed",
                            echo(&status)
                        ),
                    ));
                };
                list = list.status(status.clone());
            }
            if let Some(day) = dates.created_on {
                list = list.created_on(parse_date("created-on", &day)?);
            }
            if let Some(day) = dates.created_after {
                list = list.created_on_or_after(parse_date("created-after", &day)?);
            }
            if let Some(day) = dates.created_before {
                list = list.created_on_or_before(parse_date("created-before", &day)?);
            }
            print_items(output, list.stream(), CONFERENCE_COLUMNS).await?;
        }
        ConferencesCmd::Get { sid } => {
            show(output, &sid, |s| conferences.fetch(s), CONFERENCE_DETAILS).await?
        }
        ConferencesCmd::End { sid } => {
            let said = |c: &maton_twilio::model::Conference| {
                format!("ended {sid} (status {})", text(&c.status))
            };
            act(output, &sid, |s| conferences.end(s), said).await?
        }
    }
    Ok(())
}

/// Runs a `participants` command.
pub async fn participants(
    client: &Client,
    output: Output,
    command: ParticipantsCmd,
) -> Result<(), Failure> {
    let conferences = client.conferences();
    let people = |conference: &str| -> Result<_, Failure> {
        let sid: ConferenceSid = named(conference, "CONFERENCE")?;
        Ok(conferences.participants(&sid))
    };
    let (done, verb, who) = match command {
        ParticipantsCmd::List {
            conference,
            muted,
            hold,
            listing,
        } => {
            let list = people(&conference)?
                .list()
                .listing(listing)
                .maybe(muted, |b, m| b.muted(m))
                .maybe(hold, |b, h| b.hold(h));
            return print_items(output, list.stream(), PARTICIPANT_COLUMNS).await;
        }
        ParticipantsCmd::Get {
            conference,
            participant: who,
        } => {
            let found = people(&conference)?.fetch(participant(&who)?).await?;
            output.one(&found, PARTICIPANT_DETAILS);
            return Ok(());
        }
        ParticipantsCmd::Add {
            conference,
            from,
            to,
            label,
            muted,
            status_callback,
        } => {
            let mut add = people(&conference)?
                .add(from, to)
                .maybe(label, |b, l| b.label(l))
                .maybe(status_callback, |b, url| b.status_callback(url));
            if muted {
                add = add.muted(true);
            }
            let added = add.send().await.map_err(as_option)?;
            output.one(&added, PARTICIPANT_DETAILS);
            return Ok(());
        }
        ParticipantsCmd::Kick {
            conference,
            participant: who,
        } => {
            people(&conference)?.kick(participant(&who)?).await?;
            output.done(&json!({ "kicked": who }), &format!("kicked {}", echo(&who)));
            return Ok(());
        }
        ParticipantsCmd::Mute {
            conference,
            participant: who,
        } => (people(&conference)?.mute(participant(&who)?), "muted", who),
        ParticipantsCmd::Unmute {
            conference,
            participant: who,
        } => (
            people(&conference)?.unmute(participant(&who)?),
            "unmuted",
            who,
        ),
        ParticipantsCmd::Hold {
            conference,
            participant: who,
            music_url,
        } => (
            people(&conference)?.hold(participant(&who)?, music_url),
            "held",
            who,
        ),
        ParticipantsCmd::Unhold {
            conference,
            participant: who,
        } => (
            people(&conference)?.unhold(participant(&who)?),
            "took off hold",
            who,
        ),
    };
    let changed = done.await.map_err(as_option)?;
    output.done(&changed, &format!("{verb} {}", echo(&who)));
    Ok(())
}

/// Runs `queues members`.
pub async fn members(client: &Client, output: Output, args: MembersArgs) -> Result<(), Failure> {
    let queue: QueueSid = named(&args.queue, "QUEUE")?;
    let list = client.queues().members(&queue).list().listing(args.listing);
    print_items(output, list.stream(), MEMBER_COLUMNS).await
}

/// Runs `queues dequeue`.
pub async fn dequeue(client: &Client, output: Output, args: DequeueArgs) -> Result<(), Failure> {
    let queue: QueueSid = named(&args.queue, "QUEUE")?;
    let member = match &args.call {
        Some(call) => MemberKey::Call(named(call, "CALL")?),
        None => MemberKey::Front,
    };
    let mut dequeue = client.queues().members(&queue).dequeue(member, args.url);
    if let Some(method) = &args.method {
        dequeue = dequeue.method(match method.to_ascii_uppercase().as_str() {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            _ => {
                return Err(Failure::Cli(
                    exit::USAGE,
                    format!("--method: `{}` is not GET or POST", echo(method)),
                ));
            }
        });
    }
    let member = dequeue.send().await.map_err(as_option)?;
    output.one(&member, MEMBER_DETAILS);
    Ok(())
}
