//! Messaging TwiML: the reply to an incoming message.

use super::voice::Redirect;
use super::{Element, Method, document, response_impls};

/// A messaging document: `MessagingResponse::new().message("Thanks!")`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessagingResponse {
    verbs: Vec<Element>,
}

impl MessagingResponse {
    /// An empty `<Response/>` (no reply).
    pub fn new() -> Self {
        Self::default()
    }

    /// `<Message>`: a reply (or a message to someone else, with [`Message::to`]).
    pub fn message(mut self, message: impl Into<Message>) -> Self {
        self.verbs.push(message.into().0);
        self
    }

    /// `<Redirect>`: continues with the TwiML at a URL.
    pub fn redirect(mut self, redirect: impl Into<Redirect>) -> Self {
        self.verbs.push(redirect.into().0);
        self
    }

    /// The document, with the XML declaration.
    pub fn to_xml(&self) -> String {
        document(&self.verbs)
    }
}

response_impls!(MessagingResponse);

/// `<Message>`: its text, or nested `<Body>` and `<Media>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message(Element);

impl Message {
    /// `<Message>text</Message>`.
    pub fn new(text: impl Into<String>) -> Self {
        Self(Element::text("Message", text))
    }

    /// An empty `<Message>`, for [`body`](Self::body) and [`media`](Self::media).
    pub fn empty() -> Self {
        Self(Element::new("Message"))
    }

    /// A nested `<Body>`.
    pub fn body(self, text: impl Into<String>) -> Self {
        Self(self.0.child(Element::text("Body", text)))
    }

    /// A nested `<Media>` URL (text given to [`new`](Self::new) becomes a `<Body>`).
    pub fn media(self, url: impl Into<String>) -> Self {
        Self(self.0.child(Element::text("Media", url)))
    }

    /// The recipient (`to`; default: the sender of the incoming message).
    pub fn to(self, to: impl Into<String>) -> Self {
        Self(self.0.attr("to", to))
    }

    /// The sender (`from`; default: the number that received it).
    pub fn from(self, from: impl Into<String>) -> Self {
        Self(self.0.attr("from", from))
    }

    /// Where Twilio posts the reply's status (`action`).
    pub fn action(self, url: impl Into<String>) -> Self {
        Self(self.0.attr("action", url))
    }

    /// The method for `action` (`method`).
    pub fn method(self, method: Method) -> Self {
        Self(self.0.method("method", method))
    }

    /// Where Twilio posts status changes (`statusCallback`).
    pub fn status_callback(self, url: impl Into<String>) -> Self {
        Self(self.0.attr("statusCallback", url))
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}
