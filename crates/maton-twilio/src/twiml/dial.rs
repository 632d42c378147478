//! The nouns of `<Dial>`: who or what the call is connected to.

use super::voice::{attrs, builder};
use super::{Element, Method};

builder!(
    /// `<Number>` in a `<Dial>`.
    Number, text
);

impl Number {
    /// `<Number>+15551234567</Number>`.
    pub fn new(number: impl Into<String>) -> Self {
        Self(Element::text("Number", number))
    }

    attrs! {
        /// Digits to press once answered (`sendDigits`).
        send_digits("sendDigits"): text;
        /// TwiML URL run for the called party before connecting (`url`).
        url("url"): text;
        /// The method for `url` (`method`).
        method("method"): method;
        /// Where Twilio posts this leg's status (`statusCallback`).
        status_callback("statusCallback"): text;
    }
}

builder!(
    /// `<Client>` in a `<Dial>`: a Voice SDK identity.
    Client, text
);

impl Client {
    /// `<Client>identity</Client>`.
    pub fn new(identity: impl Into<String>) -> Self {
        Self(Element::text("Client", identity))
    }

    attrs! {
        /// TwiML URL run for the client before connecting (`url`).
        url("url"): text;
        /// The method for `url` (`method`).
        method("method"): method;
    }
}

builder!(
    /// `<Conference>` in a `<Dial>`.
    Conference, text
);

impl Conference {
    /// `<Conference>room</Conference>`.
    pub fn new(name: impl Into<String>) -> Self {
        Self(Element::text("Conference", name))
    }

    attrs! {
        /// Whether joining starts the conference (`startConferenceOnEnter`).
        start_conference_on_enter("startConferenceOnEnter"): flag;
        /// Whether leaving ends it (`endConferenceOnExit`).
        end_conference_on_exit("endConferenceOnExit"): flag;
        /// Whether this participant is muted (`muted`).
        muted("muted"): flag;
        /// `true`, `false`, `onEnter` or `onExit` (`beep`).
        beep("beep"): text;
        /// Hold music URL (`waitUrl`).
        wait_url("waitUrl"): text;
        /// The most participants (`maxParticipants`).
        max_participants("maxParticipants"): count;
    }
}

builder!(
    /// `<Queue>` in a `<Dial>`: connects to the first caller of a queue.
    Queue, text
);

impl Queue {
    /// `<Queue>support</Queue>`.
    pub fn new(name: impl Into<String>) -> Self {
        Self(Element::text("Queue", name))
    }

    attrs! {
        /// TwiML URL run for the dequeued caller (`url`).
        url("url"): text;
        /// The method for `url` (`method`).
        method("method"): method;
    }
}

builder!(
    /// `<Sip>` in a `<Dial>`.
    Sip, text
);

impl Sip {
    /// `<Sip>sip:alice@example.com</Sip>`.
    pub fn new(uri: impl Into<String>) -> Self {
        Self(Element::text("Sip", uri))
    }

    attrs! {
        /// SIP authentication user (`username`).
        username("username"): text;
        /// SIP authentication password (`password`).
        password("password"): text;
    }
}

builder!(
    /// `<Sim>` in a `<Dial>`: a Twilio SIM's SID.
    Sim, text
);

impl Sim {
    /// `<Sim>DE…</Sim>`.
    pub fn new(sid: impl Into<String>) -> Self {
        Self(Element::text("Sim", sid))
    }
}
