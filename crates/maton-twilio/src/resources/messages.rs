//! Messages: SMS, MMS and channel (WhatsApp, ...) messages.

use chrono::{DateTime, Utc};
use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types::{
    self as wire, MessageAddressRetention, MessageContentRetention, MessageRiskCheck,
    MessageScheduleType, MessageUpdateStatus,
};

use crate::Error;
use crate::client::Client;
use crate::model::Message;
use crate::pagination::{Paging, list_methods};
use crate::phone::{check_message_from, check_message_to};
use crate::response::Pending;
use crate::rules::{self, MAX_MEDIA_URLS};
use crate::sid::{ApplicationSid, ContentSid, MessageSid, MessagingServiceSid};

#[cfg(feature = "messaging")]
mod media;
#[cfg(feature = "messaging")]
pub use media::{ListMedia, MessageMedia};

/// The messages of the client's account: `client.messages()`.
#[derive(Clone, Debug)]
pub struct Messages {
    client: Client,
}

impl Messages {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Starts a message from a number, short code, alphanumeric sender ID or channel address
    /// (`whatsapp:+1…`) to `to`. Add a [`body`](SendMessage::body), media or a content template,
    /// then [`send`](SendMessage::send).
    ///
    /// ```no_run
    /// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
    /// let message = client
    ///     .messages()
    ///     .send("+15559876543", "+15551234567")
    ///     .body("Your code is 123456")
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    #[inline]
    pub fn send(&self, to: impl Into<String>, from: impl Into<String>) -> SendMessage {
        SendMessage::new(self.client.clone(), to.into()).from(from)
    }

    /// Starts a message to `to` sent through a Messaging Service, which picks the sender.
    #[inline]
    pub fn send_with_service(
        &self,
        to: impl Into<String>,
        service: &MessagingServiceSid,
    ) -> SendMessage {
        SendMessage::new(self.client.clone(), to.into()).messaging_service(service)
    }

    /// Starts a message to `to` with no sender yet: set [`from`](SendMessage::from) or
    /// [`messaging_service`](SendMessage::messaging_service) before sending.
    #[inline]
    pub fn create(&self, to: impl Into<String>) -> SendMessage {
        SendMessage::new(self.client.clone(), to.into())
    }

    /// Lists messages, newest first, with optional filters.
    #[inline]
    pub fn list(&self) -> ListMessages {
        new_list!(self, ListMessages => list_message, to: None, from: None)
    }

    pending_by_sid! {
        /// Fetches one message.
        fetch(MessageSid) -> Message = FetchMessage => fetch_message;
    }

    /// Erases a message's text (Twilio keeps the record, with an empty body).
    #[inline]
    pub fn redact(&self, sid: &MessageSid) -> Pending<Message> {
        self.update(sid, |b| b.body(Some(String::new())))
    }

    /// Cancels a scheduled message that has not been sent yet.
    #[inline]
    pub fn cancel(&self, sid: &MessageSid) -> Pending<Message> {
        self.update(sid, |b| b.status(Some(MessageUpdateStatus::Canceled)))
    }

    #[inline]
    fn update(
        &self,
        sid: &MessageSid,
        body: impl FnOnce(wire::builder::UpdateMessageRequest) -> wire::builder::UpdateMessageRequest
        + Send
        + 'static,
    ) -> Pending<Message> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move {
            send_in_account!(client, UpdateMessage => update_message
                .sid(sid.as_str())
                .body_map(body)
            )
        })
    }

    pending_by_sid! {
        /// Deletes a message record (not possible while it is being sent).
        delete(MessageSid) -> () = DeleteMessage => delete_message;
    }
}

/// A message to send: `client.messages().send(to, from)`.
///
/// Checked in [`send`](Self::send) before anything is sent, each failure an
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the parameter:
///
/// - `to` is E.164 or a channel address, `from` also a short code or alphanumeric sender ID (see
///   [`crate::phone`]); a sender (`from` or a Messaging Service) is required;
/// - some content is required: a non-empty body, media or a content template;
/// - the body holds at most 1,600 characters as Twilio counts them ([`crate::body_chars`]:
///   UTF-16 units, so an emoji outside the Basic Multilingual Plane counts as two);
/// - at most 10 media URLs; media and callback URLs are absolute `http(s)`;
/// - `validity_period` is 1 to 36000 seconds; scheduling needs a Messaging Service; content
///   variables need a content template.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct SendMessage {
    client: Client,
    /// The finished body, set field by field: `send` checks it and hands it to the generated
    /// operation as it is (no conversion through the generated body builder and back). Boxed,
    /// so that moving the builder or the request's future moves a pointer, not the 25 fields.
    body: Box<wire::CreateMessageRequest>,
}

/// Setters of the message's optional fields: `name(value)` sets `self.body.name`.
macro_rules! message_setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            self.body.$name = Some(value.into());
            self
        }
    )*};
}

impl SendMessage {
    #[inline]
    fn new(client: Client, to: String) -> Self {
        Self {
            client,
            body: Box::new(message_to(to)),
        }
    }

    message_setters! {
        /// The sender: an E.164 number the account owns, a short code, an alphanumeric sender ID
        /// or a channel address.
        from: String;
        /// The text, at most 1,600 characters.
        body: String;
        /// Where Twilio posts status changes (`sent`, `delivered`, ...): an absolute http(s) URL.
        status_callback: String;
        /// How long, in seconds (1 to 36000), the message may wait in Twilio's queue.
        validity_period: i64;
        /// Which attempt this is, for your own retries (1 for the first).
        attempt: i64;
        /// Asks Twilio to track delivery feedback.
        provide_feedback: bool;
        /// Bypasses Twilio's check for a message already delivered (reserved for approved
        /// senders).
        force_delivery: bool;
        /// Replaces Unicode characters that have a GSM-7 look-alike, to save segments.
        smart_encoded: bool;
        /// Shortens links in the body (needs a Messaging Service with link shortening).
        shorten_urls: bool;
        /// Sends as MMS even without media (where the carrier supports it).
        send_as_mms: bool;
        /// Whether Twilio keeps the recipient's address after delivery.
        address_retention: MessageAddressRetention;
        /// Whether Twilio keeps the text after delivery.
        content_retention: MessageContentRetention;
        /// Turns SMS pumping protection on or off for this message.
        risk_check: MessageRiskCheck;
    }

    /// Schedules the message (`ScheduleType=fixed`); needs a Messaging Service. Twilio accepts
    /// times between 15 minutes and 35 days ahead.
    #[inline]
    pub fn send_at(mut self, when: DateTime<Utc>) -> Self {
        self.body.send_at = Some(when);
        self.body.schedule_type = Some(MessageScheduleType::Fixed);
        self
    }

    /// Sends through a Messaging Service (with or without `from`).
    #[inline]
    pub fn messaging_service(mut self, sid: &MessagingServiceSid) -> Self {
        self.body.messaging_service_sid = Some(sid.clone());
        self
    }

    /// Sends a Content API template instead of (or besides) a body.
    #[inline]
    pub fn content(mut self, sid: &ContentSid) -> Self {
        self.body.content_sid = Some(sid.clone());
        self
    }

    /// A TwiML application whose message status callback gets the status changes.
    #[inline]
    pub fn application(mut self, sid: &ApplicationSid) -> Self {
        self.body.application_sid = Some(sid.clone());
        self
    }

    /// Adds a media URL (MMS); call once per file, at most 10.
    #[inline]
    pub fn media_url(mut self, item: impl Into<String>) -> Self {
        self.body.media_url.push(item.into());
        self
    }

    /// Adds a persistent action (`mailto:`, `geo:`, `tel:`, `sms:` URI) for channels that
    /// show them.
    #[inline]
    pub fn persistent_action(mut self, item: impl Into<String>) -> Self {
        self.body.persistent_action.push(item.into());
        self
    }

    /// The values of the template's placeholders, as a JSON object (`{"1": "Ada"}`).
    #[inline]
    pub fn content_variables(mut self, variables: serde_json::Value) -> Self {
        self.body.content_variables = Some(variables.to_string());
        self
    }

    send_methods! {
        /// Checks the message and sends it. Never retried automatically except on a 429 or a
        /// connection that could not be opened; a timeout after the request left comes back as
        /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) with
        /// [`Outcome::Unknown`](crate::Outcome::Unknown): the message may have gone out.
        Message, |self| {
            validate(&self.body)?;
            send_in_account!(self.client, CreateMessage => create_message.body_boxed(self.body))
        }
    }
}

/// A message to `to` with every other field left out (as the generated body builder's defaults).
#[inline]
fn message_to(to: String) -> wire::CreateMessageRequest {
    wire::CreateMessageRequest {
        address_retention: None,
        application_sid: None,
        attempt: None,
        body: None,
        content_retention: None,
        content_sid: None,
        content_variables: None,
        fallback_from: None,
        force_delivery: None,
        from: None,
        max_price: None,
        media_url: Vec::new(),
        messaging_service_sid: None,
        persistent_action: Vec::new(),
        provide_feedback: None,
        risk_check: None,
        schedule_type: None,
        send_as_mms: None,
        send_at: None,
        shorten_urls: None,
        smart_encoded: None,
        status_callback: None,
        to,
        traffic_type: None,
        validity_period: None,
    }
}

#[inline]
fn validate(message: &wire::CreateMessageRequest) -> Result<(), Error> {
    check_message_to(&message.to)?;
    match &message.from {
        Some(from) => check_message_from(from)?,
        None if message.messaging_service_sid.is_none() => {
            return Err(Error::invalid_input(
                "from",
                "a message needs a sender: `from` or a Messaging Service",
            ));
        }
        None => {}
    }
    let has_body = message.body.as_deref().is_some_and(|b| !b.is_empty());
    if !has_body && message.media_url.is_empty() && message.content_sid.is_none() {
        return Err(Error::invalid_input(
            "body",
            "a message needs content: a non-empty body, a media URL or a content template",
        ));
    }
    if let Some(body) = &message.body {
        rules::body(body)?;
    }
    if message.media_url.len() > MAX_MEDIA_URLS {
        return Err(Error::invalid_input(
            "media_url",
            format!(
                "{} media URLs; at most {MAX_MEDIA_URLS} are allowed",
                message.media_url.len()
            ),
        ));
    }
    for url in &message.media_url {
        rules::absolute_url("media_url", url)?;
    }
    rules::opt_url("status_callback", &message.status_callback)?;
    if let Some(period) = message.validity_period {
        rules::validity_period(period)?;
    }
    if let Some(attempt) = message.attempt {
        rules::in_range("attempt", attempt, 1, i64::MAX)?;
    }
    if message.send_at.is_some() && message.messaging_service_sid.is_none() {
        return Err(Error::invalid_input(
            "send_at",
            "scheduling a message needs a Messaging Service",
        ));
    }
    if let Some(variables) = &message.content_variables {
        if message.content_sid.is_none() {
            return Err(Error::invalid_input(
                "content_variables",
                "content variables need a content template",
            ));
        }
        // Written by `content_variables` from a `serde_json::Value`: read back to check its kind.
        let object = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(variables);
        if object.is_err() {
            return Err(Error::invalid_input(
                "content_variables",
                "must be a JSON object of placeholder names to values",
            ));
        }
    }
    Ok(())
}

/// Lists messages: `client.messages().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListMessages {
    client: Client,
    paging: Paging,
    request: builder::ListMessage<'static>,
    /// Kept to be checked before the request is sent.
    to: Option<String>,
    /// Kept to be checked before the request is sent.
    from: Option<String>,
}

impl ListMessages {
    kept_setters! {
        /// Only messages to this recipient.
        to(to): impl Into<String>;
        /// Only messages from this sender.
        from(from): impl Into<String>;
    }

    query_setters! {
        exact
        /// Only messages sent at this time (`DateSent=`).
        date_sent: DateTime<Utc>;
        /// Only messages sent at or after this time (`DateSent>=`).
        sent_on_or_after => date_sent_after: DateTime<Utc>;
        /// Only messages sent at or before this time (`DateSent<=`).
        sent_on_or_before => date_sent_before: DateTime<Utc>;
    }

    account_first_page!(Message, |self| {
        let mut request = self.request;
        if let Some(to) = self.to {
            check_message_to(&to)?;
            request = request.to(to);
        }
        if let Some(from) = self.from {
            check_message_from(&from)?;
            request = request.from(from);
        }
        request
    });
}

list_methods!(ListMessages, Message, wire::MessagePage);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::finish_body;

    fn client() -> Client {
        Client::builder().api_key("not-a-real-key").build().unwrap()
    }

    #[test]
    fn a_new_message_is_the_generated_builder_s_default_with_its_recipient() {
        let built: wire::CreateMessageRequest =
            finish_body(wire::CreateMessageRequest::builder().to("+15559876543")).unwrap();
        assert_eq!(message_to("+15559876543".to_owned()), built);
    }

    #[test]
    fn each_setter_sets_the_field_the_generated_builder_sets() {
        let service: MessagingServiceSid = "MG0123456789abcdef0123456789abcdef".parse().unwrap();
        let content: ContentSid = "HX0123456789abcdef0123456789abcdef".parse().unwrap();
        let app: ApplicationSid = "AP0123456789abcdef0123456789abcdef".parse().unwrap();
        let when: DateTime<Utc> = "2030-01-02T03:04:05Z".parse().unwrap();
        let message = Messages::new(client())
            .send("+15559876543", "+15551234567")
            .body("hi")
            .status_callback("https://example.com/s")
            .validity_period(60)
            .attempt(2)
            .provide_feedback(true)
            .force_delivery(false)
            .smart_encoded(true)
            .shorten_urls(false)
            .send_as_mms(true)
            .address_retention(MessageAddressRetention::Retain)
            .content_retention(MessageContentRetention::Discard)
            .risk_check(MessageRiskCheck::Disable)
            .send_at(when)
            .messaging_service(&service)
            .content(&content)
            .application(&app)
            .media_url("https://example.com/a.png")
            .media_url("https://example.com/b.png")
            .persistent_action("mailto:a@example.com")
            .content_variables(serde_json::json!({"1": "Ada"}));
        let expected: wire::CreateMessageRequest = finish_body(
            wire::CreateMessageRequest::builder()
                .to("+15559876543")
                .from(Some("+15551234567".to_owned()))
                .body(Some("hi".to_owned()))
                .status_callback(Some("https://example.com/s".to_owned()))
                .validity_period(Some(60))
                .attempt(Some(2))
                .provide_feedback(Some(true))
                .force_delivery(Some(false))
                .smart_encoded(Some(true))
                .shorten_urls(Some(false))
                .send_as_mms(Some(true))
                .address_retention(Some(MessageAddressRetention::Retain))
                .content_retention(Some(MessageContentRetention::Discard))
                .risk_check(Some(MessageRiskCheck::Disable))
                .send_at(Some(when))
                .schedule_type(Some(MessageScheduleType::Fixed))
                .messaging_service_sid(Some(service.clone()))
                .content_sid(Some(content.clone()))
                .application_sid(Some(app.clone()))
                .media_url(vec![
                    "https://example.com/a.png".to_owned(),
                    "https://example.com/b.png".to_owned(),
                ])
                .persistent_action(vec!["mailto:a@example.com".to_owned()])
                .content_variables(Some(r#"{"1":"Ada"}"#.to_owned())),
        )
        .unwrap();
        assert_eq!(*message.body, expected);
    }
}
