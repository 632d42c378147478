//! A TwiML builder: the instructions a service answers Twilio's voice and messaging webhooks
//! with (or passes inline when placing a call).
//!
//! Documents are built from typed verbs and written by `quick-xml`'s writer, so text and
//! attributes are always escaped; the output starts with the XML declaration and has one
//! `<Response>` root.
//!
//! ```
//! use std::time::Duration;
//! use maton_twilio::twiml::{Gather, Say, Voice, VoiceResponse};
//!
//! let twiml = VoiceResponse::new()
//!     .say(Say::new("Hello & welcome").voice(Voice::Alice).language("en-GB"))
//!     .gather(Gather::new().num_digits(1).action("https://example.com/menu").say("Press 1"))
//!     .pause(Duration::from_secs(1))
//!     .hangup()
//!     .to_xml();
//! assert!(twiml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice""#));
//! assert!(twiml.contains("Hello &amp; welcome"));
//! ```
//!
//! A [`VoiceResponse`] can be given to [`PlaceCall::twiml`](crate::PlaceCall::twiml) and
//! [`UpdateCall::twiml`](crate::UpdateCall::twiml) as it is.

use std::borrow::Cow;
use std::io;
use std::time::Duration;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// A fieldless enum of TwiML attribute values, each variant's wire text written once: it gives
/// the variant's doc (any doc comment given is added after it) and `as_str`.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$doc:meta])* $variant:ident => $wire:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $(
                #[doc = concat!("`", $wire, "`")]
                $(#[$doc])*
                $variant,
            )*
        }

        impl $name {
            /// The attribute's text on the wire.
            pub(super) fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }
        }
    };
}

mod dial;
mod messaging;
mod voice;

pub use dial::{Client, Conference, Number, Queue, Sim, Sip};
pub use messaging::{Message, MessagingResponse};
pub use voice::{
    Dial, Enqueue, Gather, GatherInput, Play, Record, Redirect, Reject, RejectReason, Say, Sms,
    Trim, VoiceResponse,
};

wire_enum! {
    /// The HTTP method Twilio uses for a verb's URL.
    pub enum Method {
        Get => "GET",
        /// (Twilio's default)
        Post => "POST",
    }
}

/// The voice `<Say>` speaks with.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Voice {
    /// `man`
    Man,
    /// `woman`
    Woman,
    /// `alice`
    Alice,
    /// An Amazon Polly voice: `Polly.{name}` (`Polly("Joanna".into())`).
    Polly(String),
    /// A Google voice: `Google.{name}` (`Google("en-US-Standard-C".into())`).
    Google(String),
    /// Any other value, written as given.
    Other(String),
}

impl Voice {
    fn wire(&self) -> Cow<'_, str> {
        match self {
            Self::Man => "man".into(),
            Self::Woman => "woman".into(),
            Self::Alice => "alice".into(),
            Self::Polly(name) => format!("Polly.{name}").into(),
            Self::Google(name) => format!("Google.{name}").into(),
            Self::Other(other) => other.as_str().into(),
        }
    }
}

/// What an element holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Content {
    Empty,
    Text(String),
    Children(Vec<Element>),
}

/// One TwiML element: every verb and noun builds one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Element {
    name: &'static str,
    attrs: Vec<(&'static str, String)>,
    content: Content,
}

impl Element {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            attrs: Vec::new(),
            content: Content::Empty,
        }
    }

    fn text(name: &'static str, text: impl Into<String>) -> Self {
        Self {
            content: Content::Text(text.into()),
            ..Self::new(name)
        }
    }

    /// Sets `name` (replacing an earlier value, keeping its place).
    fn attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        let value = value.into();
        match self.attrs.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((name, value)),
        }
        self
    }

    fn flag(self, name: &'static str, value: bool) -> Self {
        self.attr(name, if value { "true" } else { "false" })
    }

    fn seconds(self, name: &'static str, value: Duration) -> Self {
        self.attr(name, value.as_secs().to_string())
    }

    fn method(self, name: &'static str, value: Method) -> Self {
        self.attr(name, value.as_str())
    }

    /// Adds a child. Text content becomes a child first: `<Number>` in a `<Dial>`, `<Body>` in
    /// a `<Message>`.
    fn child(mut self, child: Element) -> Self {
        let wrapper = if self.name == "Dial" {
            "Number"
        } else {
            "Body"
        };
        let children = match std::mem::replace(&mut self.content, Content::Empty) {
            Content::Empty => vec![child],
            Content::Text(text) => vec![Element::text(wrapper, text), child],
            Content::Children(mut children) => {
                children.push(child);
                children
            }
        };
        self.content = Content::Children(children);
        self
    }

    fn write(&self, writer: &mut Writer<Vec<u8>>) -> io::Result<()> {
        let mut start = BytesStart::new(self.name);
        for (name, value) in &self.attrs {
            start.push_attribute((*name, value.as_str()));
        }
        match &self.content {
            Content::Empty => writer.write_event(Event::Empty(start)),
            Content::Text(text) => {
                writer.write_event(Event::Start(start))?;
                writer.write_event(Event::Text(BytesText::new(text)))?;
                writer.write_event(Event::End(BytesEnd::new(self.name)))
            }
            Content::Children(children) => {
                writer.write_event(Event::Start(start))?;
                for child in children {
                    child.write(writer)?;
                }
                writer.write_event(Event::End(BytesEnd::new(self.name)))
            }
        }
    }
}

/// Writes `<?xml ...?><Response>children</Response>`.
fn document(children: &[Element]) -> String {
    fn write(children: &[Element], writer: &mut Writer<Vec<u8>>) -> io::Result<()> {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let root = Element {
            name: "Response",
            attrs: Vec::new(),
            content: Content::Children(children.to_vec()),
        };
        if children.is_empty() {
            writer.write_event(Event::Empty(BytesStart::new("Response")))
        } else {
            root.write(writer)
        }
    }
    let mut writer = Writer::new(Vec::new());
    // Writing to a Vec cannot fail; the result is checked all the same, never unwrapped.
    match write(children, &mut writer) {
        Ok(()) => String::from_utf8_lossy(&writer.into_inner()).into_owned(),
        Err(_) => String::new(),
    }
}

macro_rules! response_impls {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.to_xml())
            }
        }

        impl From<$name> for String {
            fn from(response: $name) -> String {
                response.to_xml()
            }
        }

        impl From<&$name> for String {
            fn from(response: &$name) -> String {
                response.to_xml()
            }
        }

        #[cfg(feature = "axum")]
        impl axum::response::IntoResponse for $name {
            /// `200 OK` with `Content-Type: text/xml` and the document.
            fn into_response(self) -> axum::response::Response {
                (
                    [(axum::http::header::CONTENT_TYPE, "text/xml")],
                    self.to_xml(),
                )
                    .into_response()
            }
        }
    };
}
use response_impls;
