//! TwiML applications: reusable sets of voice and messaging webhooks.

use maton_twilio_api::twilio::Operation;
use std::num::NonZeroU64;

use maton_twilio_api::twilio::types::{self as wire, HttpMethod};

use crate::Error;
use crate::client::Client;
use crate::model::Application;
use crate::pagination::{FirstPage, Paging, converted, list_methods};
use crate::response::{Pending, Response, finish};
use crate::rules;
use crate::sid::ApplicationSid;

/// The account's TwiML applications: `client.applications()`.
#[derive(Clone, Debug)]
pub struct Applications {
    client: Client,
}

impl Applications {
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Starts a new application; set its webhooks, then [`send`](ApplicationSettings::send).
    pub fn create(&self) -> ApplicationSettings {
        ApplicationSettings::new(self.client.clone(), None)
    }

    /// Starts changes to an application; set what changes, then
    /// [`send`](ApplicationSettings::send).
    pub fn update(&self, sid: &ApplicationSid) -> ApplicationSettings {
        ApplicationSettings::new(self.client.clone(), Some(sid.clone()))
    }

    /// Lists the applications.
    pub fn list(&self) -> ListApplications {
        ListApplications {
            client: self.client.clone(),
            paging: Paging::default(),
            friendly_name: None,
        }
    }

    /// Fetches one application.
    pub fn fetch(&self, sid: &ApplicationSid) -> Pending<Application> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move {
            let account = client.account_sid().await?;
            let result = client
                .api()
                .fetch_application()
                .account_sid(account.as_str())
                .sid(sid.as_str())
                .send()
                .await;
            finish(Operation::FetchApplication.id(), result).await
        })
    }

    /// Deletes an application.
    pub fn delete(&self, sid: &ApplicationSid) -> Pending<()> {
        let client = self.client.clone();
        let sid = sid.clone();
        Pending::new(async move {
            let account = client.account_sid().await?;
            let result = client
                .api()
                .delete_application()
                .account_sid(account.as_str())
                .sid(sid.as_str())
                .send()
                .await;
            finish(Operation::DeleteApplication.id(), result).await
        })
    }
}

/// An application's settings, to create one or change one.
///
/// Checked in [`send`](Self::send): webhook URLs absolute `http(s)`; a name of at most 64
/// characters; for an update, something to change.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct ApplicationSettings {
    client: Client,
    sid: Option<ApplicationSid>,
    friendly_name: Option<String>,
    voice_url: Option<String>,
    voice_method: Option<HttpMethod>,
    voice_fallback_url: Option<String>,
    voice_fallback_method: Option<HttpMethod>,
    voice_caller_id_lookup: Option<bool>,
    status_callback: Option<String>,
    status_callback_method: Option<HttpMethod>,
    sms_url: Option<String>,
    sms_method: Option<HttpMethod>,
    sms_fallback_url: Option<String>,
    sms_fallback_method: Option<HttpMethod>,
    sms_status_callback: Option<String>,
    message_status_callback: Option<String>,
    public_application_connect_enabled: Option<bool>,
}

impl ApplicationSettings {
    fn new(client: Client, sid: Option<ApplicationSid>) -> Self {
        Self {
            client,
            sid,
            friendly_name: None,
            voice_url: None,
            voice_method: None,
            voice_fallback_url: None,
            voice_fallback_method: None,
            voice_caller_id_lookup: None,
            status_callback: None,
            status_callback_method: None,
            sms_url: None,
            sms_method: None,
            sms_fallback_url: None,
            sms_fallback_method: None,
            sms_status_callback: None,
            message_status_callback: None,
            public_application_connect_enabled: None,
        }
    }

    setters! {
        /// A display name, at most 64 characters.
        friendly_name: String;
        /// The URL Twilio fetches TwiML from for calls (absolute http(s)).
        voice_url: String;
        /// The HTTP method for `voice_url`.
        voice_method: HttpMethod;
        /// The URL Twilio tries when `voice_url` fails.
        voice_fallback_url: String;
        /// The HTTP method for `voice_fallback_url`.
        voice_fallback_method: HttpMethod;
        /// Looks up callers' names (CNAM).
        voice_caller_id_lookup: bool;
        /// Where Twilio posts call status changes.
        status_callback: String;
        /// The HTTP method for `status_callback`.
        status_callback_method: HttpMethod;
        /// The URL Twilio calls for incoming messages.
        sms_url: String;
        /// The HTTP method for `sms_url`.
        sms_method: HttpMethod;
        /// The URL Twilio tries when `sms_url` fails.
        sms_fallback_url: String;
        /// The HTTP method for `sms_fallback_url`.
        sms_fallback_method: HttpMethod;
        /// Where Twilio posts status changes of messages sent with the application (legacy).
        sms_status_callback: String;
        /// Where Twilio posts status changes of messages sent with the application.
        message_status_callback: String;
        /// Whether other accounts may connect to the application.
        public_application_connect_enabled: bool;
    }

    fn validate(&self) -> Result<(), Error> {
        rules::opt_friendly_name(&self.friendly_name)?;
        for (field, url) in [
            ("voice_url", &self.voice_url),
            ("voice_fallback_url", &self.voice_fallback_url),
            ("status_callback", &self.status_callback),
            ("sms_url", &self.sms_url),
            ("sms_fallback_url", &self.sms_fallback_url),
            ("sms_status_callback", &self.sms_status_callback),
            ("message_status_callback", &self.message_status_callback),
        ] {
            rules::opt_url_or_clear(field, url)?;
        }
        let nothing = self.friendly_name.is_none()
            && self.voice_url.is_none()
            && self.voice_method.is_none()
            && self.voice_fallback_url.is_none()
            && self.voice_fallback_method.is_none()
            && self.voice_caller_id_lookup.is_none()
            && self.status_callback.is_none()
            && self.status_callback_method.is_none()
            && self.sms_url.is_none()
            && self.sms_method.is_none()
            && self.sms_fallback_url.is_none()
            && self.sms_fallback_method.is_none()
            && self.sms_status_callback.is_none()
            && self.message_status_callback.is_none()
            && self.public_application_connect_enabled.is_none();
        if nothing && self.sid.is_some() {
            return Err(Error::invalid_input(
                "application",
                "nothing to change: set a name or a webhook",
            ));
        }
        Ok(())
    }

    /// Checks the settings and creates or updates the application.
    pub async fn send(self) -> Result<Application, Error> {
        self.send_with_meta().await.map(Response::into_value)
    }

    /// [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_meta(self) -> Result<Response<Application>, Error> {
        self.validate()?;
        let account = self.client.account_sid().await?;
        macro_rules! fill {
            ($b:expr, $s:expr) => {{
                let s = $s;
                $b.friendly_name(s.friendly_name)
                    .voice_url(s.voice_url)
                    .voice_method(s.voice_method)
                    .voice_fallback_url(s.voice_fallback_url)
                    .voice_fallback_method(s.voice_fallback_method)
                    .voice_caller_id_lookup(s.voice_caller_id_lookup)
                    .status_callback(s.status_callback)
                    .status_callback_method(s.status_callback_method)
                    .sms_url(s.sms_url)
                    .sms_method(s.sms_method)
                    .sms_fallback_url(s.sms_fallback_url)
                    .sms_fallback_method(s.sms_fallback_method)
                    .sms_status_callback(s.sms_status_callback)
                    .message_status_callback(s.message_status_callback)
                    .public_application_connect_enabled(s.public_application_connect_enabled)
            }};
        }
        let client = self.client.clone();
        match self.sid.clone() {
            None => {
                let result = client
                    .api()
                    .create_application()
                    .account_sid(account.as_str())
                    .body_map(move |b| fill!(b, self))
                    .send()
                    .await;
                finish(Operation::CreateApplication.id(), result).await
            }
            Some(sid) => {
                let result = client
                    .api()
                    .update_application()
                    .account_sid(account.as_str())
                    .sid(sid.as_str())
                    .body_map(move |b| fill!(b, self))
                    .send()
                    .await;
                finish(Operation::UpdateApplication.id(), result).await
            }
        }
    }
}

/// Lists applications: `client.applications().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListApplications {
    client: Client,
    paging: Paging,
    friendly_name: Option<String>,
}

impl ListApplications {
    setters! {
        /// Only applications with this display name.
        friendly_name: String;
    }

    fn first_page(self, size: Option<NonZeroU64>) -> FirstPage<Application> {
        Box::pin(async move {
            let account = self.client.account_sid().await?;
            let mut request = self
                .client
                .api()
                .list_application()
                .account_sid(account.as_str());
            if let Some(size) = size {
                request = request.page_size(size);
            }
            if let Some(name) = self.friendly_name {
                request = request.friendly_name(name);
            }
            converted(request.send().await).await
        })
    }
}

list_methods!(ListApplications, Application, wire::ApplicationPage);
