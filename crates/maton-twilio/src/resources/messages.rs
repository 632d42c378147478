//! Messages: SMS, MMS and channel (WhatsApp, ...) messages.

use std::num::NonZeroU64;

use chrono::{DateTime, Utc};
use maton_twilio_api::twilio::types::{
    self as wire, MessageAddressRetention, MessageContentRetention, MessageRiskCheck,
    MessageScheduleType, MessageUpdateStatus,
};

use crate::Error;
use crate::client::Client;
use crate::model::Message;
use crate::pagination::{FirstPage, Paging, converted, list_methods};
use crate::phone::{check_message_from, check_message_to};
use crate::response::{Pending, Response, finish};
use crate::rules::{self, MAX_MEDIA_URLS};
use crate::sid::{ApplicationSid, ContentSid, MessageSid, MessagingServiceSid};

/// The messages of the client's account: `client.messages()`.
#[derive(Clone, Debug)]
pub struct Messages {
    client: Client,
}

impl Messages {
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
    pub fn send(&self, to: impl Into<String>, from: impl Into<String>) -> SendMessage {
        SendMessage::new(self.client.clone(), to.into()).from(from)
    }

    /// Starts a message to `to` sent through a Messaging Service, which picks the sender.
    pub fn send_with_service(
        &self,
        to: impl Into<String>,
        service: &MessagingServiceSid,
    ) -> SendMessage {
        SendMessage::new(self.client.clone(), to.into()).messaging_service(service)
    }

    /// Starts a message to `to` with no sender yet: set [`from`](SendMessage::from) or
    /// [`messaging_service`](SendMessage::messaging_service) before sending.
    pub fn create(&self, to: impl Into<String>) -> SendMessage {
        SendMessage::new(self.client.clone(), to.into())
    }

    /// Lists messages, newest first, with optional filters.
    pub fn list(&self) -> ListMessages {
        ListMessages {
            client: self.client.clone(),
            paging: Paging::default(),
            to: None,
            from: None,
            date_sent: None,
            sent_on_or_after: None,
            sent_on_or_before: None,
        }
    }

    /// Fetches one message.
    pub fn fetch(&self, sid: &MessageSid) -> Pending<Message> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move {
            let account = client.account_sid().await?;
            let result = client
                .api()
                .fetch_message()
                .account_sid(account.as_str())
                .sid(sid.as_str())
                .send()
                .await;
            finish("FetchMessage", result).await
        })
    }

    /// Erases a message's text (Twilio keeps the record, with an empty body).
    pub fn redact(&self, sid: &MessageSid) -> Pending<Message> {
        self.update(sid, |b| b.body(Some(String::new())))
    }

    /// Cancels a scheduled message that has not been sent yet.
    pub fn cancel(&self, sid: &MessageSid) -> Pending<Message> {
        self.update(sid, |b| b.status(Some(MessageUpdateStatus::Canceled)))
    }

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
            let account = client.account_sid().await?;
            let result = client
                .api()
                .update_message()
                .account_sid(account.as_str())
                .sid(sid.as_str())
                .body_map(body)
                .send()
                .await;
            finish("UpdateMessage", result).await
        })
    }

    /// Deletes a message record (not possible while it is being sent).
    pub fn delete(&self, sid: &MessageSid) -> Pending<()> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move {
            let account = client.account_sid().await?;
            let result = client
                .api()
                .delete_message()
                .account_sid(account.as_str())
                .sid(sid.as_str())
                .send()
                .await;
            finish("DeleteMessage", result).await
        })
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
    to: String,
    from: Option<String>,
    messaging_service: Option<MessagingServiceSid>,
    body: Option<String>,
    media_url: Vec<String>,
    content_sid: Option<ContentSid>,
    content_variables: Option<serde_json::Value>,
    status_callback: Option<String>,
    application: Option<ApplicationSid>,
    validity_period: Option<i64>,
    attempt: Option<i64>,
    provide_feedback: Option<bool>,
    force_delivery: Option<bool>,
    smart_encoded: Option<bool>,
    shorten_urls: Option<bool>,
    send_as_mms: Option<bool>,
    send_at: Option<DateTime<Utc>>,
    persistent_action: Vec<String>,
    address_retention: Option<MessageAddressRetention>,
    content_retention: Option<MessageContentRetention>,
    risk_check: Option<MessageRiskCheck>,
}

impl SendMessage {
    fn new(client: Client, to: String) -> Self {
        Self {
            client,
            to,
            from: None,
            messaging_service: None,
            body: None,
            media_url: Vec::new(),
            content_sid: None,
            content_variables: None,
            status_callback: None,
            application: None,
            validity_period: None,
            attempt: None,
            provide_feedback: None,
            force_delivery: None,
            smart_encoded: None,
            shorten_urls: None,
            send_as_mms: None,
            send_at: None,
            persistent_action: Vec::new(),
            address_retention: None,
            content_retention: None,
            risk_check: None,
        }
    }

    super::setters! {
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

    exact_setters! {
        /// Schedules the message (`ScheduleType=fixed`); needs a Messaging Service. Twilio accepts
        /// times between 15 minutes and 35 days ahead.
        send_at: DateTime<Utc>;
    }

    /// Sends through a Messaging Service (with or without `from`).
    pub fn messaging_service(mut self, service: &MessagingServiceSid) -> Self {
        self.messaging_service = Some(service.clone());
        self
    }

    /// Adds a media URL (MMS); call once per file, at most 10.
    pub fn media_url(mut self, url: impl Into<String>) -> Self {
        self.media_url.push(url.into());
        self
    }

    /// Sends a Content API template instead of (or besides) a body.
    pub fn content(mut self, template: &ContentSid) -> Self {
        self.content_sid = Some(template.clone());
        self
    }

    /// The values of the template's placeholders, as a JSON object (`{"1": "Ada"}`).
    pub fn content_variables(mut self, variables: serde_json::Value) -> Self {
        self.content_variables = Some(variables);
        self
    }

    /// A TwiML application whose message status callback gets the status changes.
    pub fn application(mut self, application: &ApplicationSid) -> Self {
        self.application = Some(application.clone());
        self
    }

    /// Adds a persistent action (`mailto:`, `geo:`, `tel:`, `sms:` URI) for channels that show
    /// them.
    pub fn persistent_action(mut self, action: impl Into<String>) -> Self {
        self.persistent_action.push(action.into());
        self
    }

    fn validate(&self) -> Result<(), Error> {
        check_message_to(&self.to)?;
        match &self.from {
            Some(from) => check_message_from(from)?,
            None if self.messaging_service.is_none() => {
                return Err(Error::invalid_input(
                    "from",
                    "a message needs a sender: `from` or a Messaging Service",
                ));
            }
            None => {}
        }
        let has_body = self.body.as_deref().is_some_and(|b| !b.is_empty());
        if !has_body && self.media_url.is_empty() && self.content_sid.is_none() {
            return Err(Error::invalid_input(
                "body",
                "a message needs content: a non-empty body, a media URL or a content template",
            ));
        }
        if let Some(body) = &self.body {
            rules::body(body)?;
        }
        if self.media_url.len() > MAX_MEDIA_URLS {
            return Err(Error::invalid_input(
                "media_url",
                format!(
                    "{} media URLs; at most {MAX_MEDIA_URLS} are allowed",
                    self.media_url.len()
                ),
            ));
        }
        for url in &self.media_url {
            rules::absolute_url("media_url", url)?;
        }
        rules::opt_url("status_callback", &self.status_callback)?;
        if let Some(period) = self.validity_period {
            rules::validity_period(period)?;
        }
        if let Some(attempt) = self.attempt {
            rules::in_range("attempt", attempt, 1, i64::MAX)?;
        }
        if self.send_at.is_some() && self.messaging_service.is_none() {
            return Err(Error::invalid_input(
                "send_at",
                "scheduling a message needs a Messaging Service",
            ));
        }
        if let Some(variables) = &self.content_variables {
            if self.content_sid.is_none() {
                return Err(Error::invalid_input(
                    "content_variables",
                    "content variables need a content template",
                ));
            }
            if !variables.is_object() {
                return Err(Error::invalid_input(
                    "content_variables",
                    "must be a JSON object of placeholder names to values",
                ));
            }
        }
        Ok(())
    }

    /// Checks the message and sends it. Never retried automatically except on a 429 or a
    /// connection that could not be opened; a timeout after the request left comes back as
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) with
    /// [`Outcome::Unknown`](crate::Outcome::Unknown): the message may have gone out.
    pub async fn send(self) -> Result<Message, Error> {
        self.send_with_meta().await.map(Response::into_value)
    }

    /// [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_meta(self) -> Result<Response<Message>, Error> {
        self.validate()?;
        let account = self.client.account_sid().await?;
        let content_variables = self.content_variables.as_ref().map(|v| v.to_string());
        let schedule = self.send_at.map(|_| MessageScheduleType::Fixed);
        let result = self
            .client
            .api()
            .create_message()
            .account_sid(account.as_str())
            .body_map(move |b| {
                b.to(self.to)
                    .from(self.from)
                    .messaging_service_sid(self.messaging_service)
                    .body(self.body)
                    .media_url(self.media_url)
                    .content_sid(self.content_sid)
                    .content_variables(content_variables)
                    .status_callback(self.status_callback)
                    .application_sid(self.application)
                    .validity_period(self.validity_period)
                    .attempt(self.attempt)
                    .provide_feedback(self.provide_feedback)
                    .force_delivery(self.force_delivery)
                    .smart_encoded(self.smart_encoded)
                    .shorten_urls(self.shorten_urls)
                    .send_as_mms(self.send_as_mms)
                    .send_at(self.send_at)
                    .schedule_type(schedule)
                    .persistent_action(self.persistent_action)
                    .address_retention(self.address_retention)
                    .content_retention(self.content_retention)
                    .risk_check(self.risk_check)
            })
            .send()
            .await;
        finish("CreateMessage", result).await
    }
}

/// Lists messages: `client.messages().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListMessages {
    client: Client,
    paging: Paging,
    to: Option<String>,
    from: Option<String>,
    date_sent: Option<DateTime<Utc>>,
    sent_on_or_after: Option<DateTime<Utc>>,
    sent_on_or_before: Option<DateTime<Utc>>,
}

impl ListMessages {
    /// Only messages to this recipient.
    pub fn to(mut self, to: impl Into<String>) -> Self {
        self.to = Some(to.into());
        self
    }

    /// Only messages from this sender.
    pub fn from(mut self, from: impl Into<String>) -> Self {
        self.from = Some(from.into());
        self
    }

    /// Only messages sent at this time (`DateSent=`).
    pub fn date_sent(mut self, when: DateTime<Utc>) -> Self {
        self.date_sent = Some(when);
        self
    }

    /// Only messages sent at or after this time (`DateSent>=`).
    pub fn sent_on_or_after(mut self, when: DateTime<Utc>) -> Self {
        self.sent_on_or_after = Some(when);
        self
    }

    /// Only messages sent at or before this time (`DateSent<=`).
    pub fn sent_on_or_before(mut self, when: DateTime<Utc>) -> Self {
        self.sent_on_or_before = Some(when);
        self
    }

    fn first_page(self, size: Option<NonZeroU64>) -> FirstPage<Message> {
        Box::pin(async move {
            if let Some(to) = &self.to {
                check_message_to(to)?;
            }
            if let Some(from) = &self.from {
                check_message_from(from)?;
            }
            let account = self.client.account_sid().await?;
            let mut request = self
                .client
                .api()
                .list_message()
                .account_sid(account.as_str());
            if let Some(size) = size {
                request = request.page_size(size);
            }
            if let Some(to) = self.to {
                request = request.to(to);
            }
            if let Some(from) = self.from {
                request = request.from(from);
            }
            if let Some(when) = self.date_sent {
                request = request.date_sent(when);
            }
            if let Some(when) = self.sent_on_or_after {
                request = request.date_sent_after(when);
            }
            if let Some(when) = self.sent_on_or_before {
                request = request.date_sent_before(when);
            }
            converted(request.send().await).await
        })
    }
}

list_methods!(ListMessages, Message, wire::MessagePage);
