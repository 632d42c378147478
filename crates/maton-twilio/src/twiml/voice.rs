//! Voice TwiML: `<Response>` for calls, its verbs and the nouns of `<Dial>`.

use std::time::Duration;

use super::dial::{Client, Conference, Number, Queue, Sim, Sip};
use super::{Element, Method, Voice, document, response_impls};

/// A voice document: `VoiceResponse::new().say("Hello").hangup()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VoiceResponse {
    verbs: Vec<Element>,
}

impl VoiceResponse {
    /// An empty `<Response/>`.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(mut self, verb: Element) -> Self {
        self.verbs.push(verb);
        self
    }

    /// `<Say>`: speaks text.
    pub fn say(self, say: impl Into<Say>) -> Self {
        self.push(say.into().0)
    }

    /// `<Play>`: plays audio from a URL, or digits.
    pub fn play(self, play: impl Into<Play>) -> Self {
        self.push(play.into().0)
    }

    /// `<Pause length="…">` (whole seconds).
    pub fn pause(self, length: Duration) -> Self {
        self.push(pause(length))
    }

    /// `<Gather>`: collects digits or speech.
    pub fn gather(self, gather: Gather) -> Self {
        self.push(gather.0)
    }

    /// `<Dial>`: connects the call to another party.
    pub fn dial(self, dial: impl Into<Dial>) -> Self {
        self.push(dial.into().0)
    }

    /// `<Record>`: records the caller.
    pub fn record(self, record: Record) -> Self {
        self.push(record.0)
    }

    /// `<Redirect>`: continues with the TwiML at a URL.
    pub fn redirect(self, redirect: impl Into<Redirect>) -> Self {
        self.push(redirect.into().0)
    }

    /// `<Reject>`: refuses an incoming call without answering it.
    pub fn reject(self, reject: Reject) -> Self {
        self.push(reject.0)
    }

    /// `<Hangup/>`.
    pub fn hangup(self) -> Self {
        self.push(Element::new("Hangup"))
    }

    /// `<Enqueue>`: puts the caller in a queue.
    pub fn enqueue(self, enqueue: impl Into<Enqueue>) -> Self {
        self.push(enqueue.into().0)
    }

    /// `<Leave/>`: takes the caller out of its queue.
    pub fn leave(self) -> Self {
        self.push(Element::new("Leave"))
    }

    /// `<Sms>`: sends an SMS during the call.
    pub fn sms(self, sms: impl Into<Sms>) -> Self {
        self.push(sms.into().0)
    }

    /// The document, with the XML declaration.
    pub fn to_xml(&self) -> String {
        document(&self.verbs)
    }
}

response_impls!(VoiceResponse);

fn pause(length: Duration) -> Element {
    Element::new("Pause").seconds("length", length)
}

/// Makes a builder wrapping an [`Element`], with `From<&str>`/`From<String>` when it has text
/// (`text`), and `new()` for the empty element, also its `Default`, when it starts empty
/// (`default`).
macro_rules! builder {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(pub(super) Element);
    };
    ($(#[$doc:meta])* $name:ident, default) => {
        builder!($(#[$doc])* $name);
        impl $name {
            #[doc = concat!("An empty `<", stringify!($name), "/>`.")]
            pub fn new() -> Self {
                Self(Element::new(stringify!($name)))
            }
        }
        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
    };
    ($(#[$doc:meta])* $name:ident, text) => {
        builder!($(#[$doc])* $name);
        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::new(text)
            }
        }
        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self::new(text)
            }
        }
    };
}

/// Setters that add an attribute of one kind.
macro_rules! attrs {
    ($($(#[$doc:meta])* $fn:ident($wire:literal): $kind:ident;)*) => {$(
        $(#[$doc])*
        pub fn $fn(self, value: attrs!(@ty $kind)) -> Self {
            attrs!(@set self, $wire, value, $kind)
        }
    )*};
    (@ty text) => { impl Into<String> };
    (@ty flag) => { bool };
    (@ty secs) => { Duration };
    (@ty count) => { u32 };
    (@ty method) => { Method };
    (@set $self:ident, $wire:literal, $value:ident, text) => { Self($self.0.attr($wire, $value)) };
    (@set $self:ident, $wire:literal, $value:ident, flag) => { Self($self.0.flag($wire, $value)) };
    (@set $self:ident, $wire:literal, $value:ident, secs) => { Self($self.0.seconds($wire, $value)) };
    (@set $self:ident, $wire:literal, $value:ident, count) => {
        Self($self.0.attr($wire, $value.to_string()))
    };
    (@set $self:ident, $wire:literal, $value:ident, method) => { Self($self.0.method($wire, $value)) };
}

/// Setters that nest an element made by another builder (`impl Into` it), each parameter
/// named as its setter.
macro_rules! children {
    ($($(#[$doc:meta])* $fn:ident: $ty:ty;)*) => {$(
        $(#[$doc])*
        pub fn $fn(self, $fn: impl Into<$ty>) -> Self {
            Self(self.0.child($fn.into().0))
        }
    )*};
}

pub(super) use {attrs, builder};

builder!(
    /// `<Say>`: text spoken to the caller.
    Say, text
);

impl Say {
    /// `<Say>text</Say>`.
    pub fn new(text: impl Into<String>) -> Self {
        Self(Element::text("Say", text))
    }

    /// The voice (`voice`).
    pub fn voice(self, voice: Voice) -> Self {
        Self(self.0.attr("voice", voice.wire()))
    }

    attrs! {
        /// The language, such as `en-US` (`language`).
        language("language"): text;
        /// How many times to say it, 0 for until the call ends (`loop`).
        loop_count("loop"): count;
    }
}

builder!(
    /// `<Play>`: audio from a URL, or DTMF digits.
    Play, text
);

impl Play {
    /// `<Play>url</Play>`.
    pub fn new(url: impl Into<String>) -> Self {
        Self(Element::text("Play", url))
    }

    /// `<Play digits="…"/>`: plays DTMF tones (`0-9`, `*`, `#`, `w` for half a second's wait).
    pub fn digits(digits: impl Into<String>) -> Self {
        Self(Element::new("Play").attr("digits", digits))
    }

    attrs! {
        /// How many times to play it, 0 for until the call ends (`loop`).
        loop_count("loop"): count;
    }
}

wire_enum! {
    /// What `<Gather>` listens for (`input`).
    #[non_exhaustive]
    pub enum GatherInput {
        /// (the default)
        Dtmf => "dtmf",
        Speech => "speech",
        DtmfSpeech => "dtmf speech",
    }
}

builder!(
    /// `<Gather>`: collects digits or speech, with nested `<Say>`, `<Play>` and `<Pause>`.
    Gather, default
);

impl Gather {
    /// What to listen for (`input`).
    pub fn input(self, input: GatherInput) -> Self {
        Self(self.0.attr("input", input.as_str()))
    }

    children! {
        /// A nested `<Say>`.
        say: Say;
        /// A nested `<Play>`.
        play: Play;
    }

    /// A nested `<Pause>`.
    pub fn pause(self, length: Duration) -> Self {
        Self(self.0.child(pause(length)))
    }

    attrs! {
        /// Where Twilio posts what was gathered (`action`).
        action("action"): text;
        /// The method for `action` (`method`).
        method("method"): method;
        /// Silence after which input ends (`timeout`, whole seconds).
        timeout("timeout"): secs;
        /// The key that ends input, or empty for none (`finishOnKey`).
        finish_on_key("finishOnKey"): text;
        /// How many digits to wait for (`numDigits`).
        num_digits("numDigits"): count;
        /// Silence after speech that ends it, or `auto` (`speechTimeout`).
        speech_timeout("speechTimeout"): text;
        /// The speech language (`language`).
        language("language"): text;
        /// Words to expect, comma-separated (`hints`).
        hints("hints"): text;
        /// Whether to call `action` even when nothing was gathered (`actionOnEmptyResult`).
        action_on_empty_result("actionOnEmptyResult"): flag;
        /// Whether pressing a key stops nested audio (`bargeIn`).
        barge_in("bargeIn"): flag;
        /// Where to post partial speech results (`partialResultCallback`).
        partial_result_callback("partialResultCallback"): text;
    }
}

builder!(
    /// `<Dial>`: connects to a number (its text) or to nouns ([`Number`], [`Client`],
    /// [`Conference`], [`Queue`], [`Sip`], [`Sim`]).
    Dial, text
);

impl Default for Dial {
    fn default() -> Self {
        Self(Element::new("Dial"))
    }
}

impl Dial {
    /// `<Dial>number</Dial>` (adding a noun turns the number into a `<Number>`).
    pub fn new(number: impl Into<String>) -> Self {
        Self(Element::text("Dial", number))
    }

    /// An empty `<Dial>`, for nouns.
    pub fn nouns() -> Self {
        Self::default()
    }

    children! {
        /// A nested `<Number>`.
        number: Number;
        /// A nested `<Client>`.
        client: Client;
        /// A nested `<Conference>`.
        conference: Conference;
        /// A nested `<Queue>`.
        queue: Queue;
        /// A nested `<Sip>`.
        sip: Sip;
        /// A nested `<Sim>`.
        sim: Sim;
    }

    attrs! {
        /// Where Twilio posts when the dialled call ends (`action`).
        action("action"): text;
        /// The method for `action` (`method`).
        method("method"): method;
        /// How long to ring (`timeout`, whole seconds).
        timeout("timeout"): secs;
        /// Whether the caller can hang up the dialled party with `*` (`hangupOnStar`).
        hangup_on_star("hangupOnStar"): flag;
        /// The longest the call may last (`timeLimit`, whole seconds).
        time_limit("timeLimit"): secs;
        /// The caller ID to show (`callerId`).
        caller_id("callerId"): text;
        /// `do-not-record`, `record-from-answer`, ... (`record`).
        record("record"): text;
        /// Whether the caller hears ringing until the other party answers (`answerOnBridge`).
        answer_on_bridge("answerOnBridge"): flag;
    }
}

wire_enum! {
    /// Whether `<Record>` trims silence (`trim`).
    #[non_exhaustive]
    pub enum Trim {
        TrimSilence => "trim-silence",
        DoNotTrim => "do-not-trim",
    }
}

builder!(
    /// `<Record>`: records the caller's voice.
    Record, default
);

impl Record {
    /// Trimming of silence (`trim`).
    pub fn trim(self, trim: Trim) -> Self {
        Self(self.0.attr("trim", trim.as_str()))
    }

    attrs! {
        /// Where Twilio posts the recording (`action`).
        action("action"): text;
        /// The method for `action` (`method`).
        method("method"): method;
        /// Silence that ends the recording (`timeout`, whole seconds).
        timeout("timeout"): secs;
        /// Keys that end the recording (`finishOnKey`).
        finish_on_key("finishOnKey"): text;
        /// The longest recording (`maxLength`, whole seconds).
        max_length("maxLength"): secs;
        /// Whether to beep first (`playBeep`).
        play_beep("playBeep"): flag;
        /// Where Twilio posts the recording's status (`recordingStatusCallback`).
        recording_status_callback("recordingStatusCallback"): text;
        /// Whether to transcribe it (`transcribe`).
        transcribe("transcribe"): flag;
    }
}

builder!(
    /// `<Redirect>`: continues with the TwiML at a URL.
    Redirect, text
);

impl Redirect {
    /// `<Redirect>url</Redirect>`.
    pub fn new(url: impl Into<String>) -> Self {
        Self(Element::text("Redirect", url))
    }

    attrs! {
        /// The method for the URL (`method`).
        method("method"): method;
    }
}

wire_enum! {
    /// Why `<Reject>` refuses a call (`reason`).
    #[non_exhaustive]
    pub enum RejectReason {
        /// (the default)
        Rejected => "rejected",
        Busy => "busy",
    }
}

builder!(
    /// `<Reject>`: refuses an incoming call, unbilled.
    Reject, default
);

impl Reject {
    /// The busy or rejected tone (`reason`).
    pub fn reason(self, reason: RejectReason) -> Self {
        Self(self.0.attr("reason", reason.as_str()))
    }
}

builder!(
    /// `<Enqueue>`: puts the caller in a named queue.
    Enqueue, text
);

impl Enqueue {
    /// `<Enqueue>support</Enqueue>`.
    pub fn new(queue: impl Into<String>) -> Self {
        Self(Element::text("Enqueue", queue))
    }

    attrs! {
        /// Where Twilio posts when the caller leaves the queue (`action`).
        action("action"): text;
        /// The method for `action` (`method`).
        method("method"): method;
        /// TwiML URL for the waiting caller (`waitUrl`).
        wait_url("waitUrl"): text;
        /// The method for `waitUrl` (`waitUrlMethod`).
        wait_url_method("waitUrlMethod"): method;
        /// A TaskRouter workflow instead of a named queue (`workflowSid`).
        workflow_sid("workflowSid"): text;
    }
}

builder!(
    /// `<Sms>`: sends an SMS during a call.
    Sms, text
);

impl Sms {
    /// `<Sms>text</Sms>`.
    pub fn new(text: impl Into<String>) -> Self {
        Self(Element::text("Sms", text))
    }

    attrs! {
        /// The recipient (`to`; default: the caller).
        to("to"): text;
        /// The sender (`from`; default: the called number).
        from("from"): text;
        /// Where Twilio posts the result (`action`).
        action("action"): text;
        /// The method for `action` (`method`).
        method("method"): method;
        /// Where Twilio posts status changes (`statusCallback`).
        status_callback("statusCallback"): text;
    }
}
