//! TwiML applications: reusable sets of voice and messaging webhooks.

use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types::{self as wire, HttpMethod};

use crate::client::Client;
use crate::model::Application;
use crate::pagination::{Paging, list_methods};
use crate::resources::{finish_body, require_change};
use crate::sid::ApplicationSid;

/// The account's TwiML applications: `client.applications()`.
#[derive(Clone, Debug)]
pub struct Applications {
    client: Client,
}

impl Applications {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Starts a new application; set its webhooks, then [`send`](ApplicationSettings::send).
    #[inline]
    pub fn create(&self) -> ApplicationSettings {
        ApplicationSettings::new(self.client.clone(), None)
    }

    /// Starts changes to an application; set what changes, then
    /// [`send`](ApplicationSettings::send).
    #[inline]
    pub fn update(&self, sid: &ApplicationSid) -> ApplicationSettings {
        ApplicationSettings::new(self.client.clone(), Some(sid.clone()))
    }

    /// Lists the applications.
    #[inline]
    pub fn list(&self) -> ListApplications {
        new_list!(self, ListApplications => list_application)
    }

    pending_by_sid! {
        /// Fetches one application.
        fetch(ApplicationSid) -> Application = FetchApplication => fetch_application;

        /// Deletes an application.
        delete(ApplicationSid) -> () = DeleteApplication => delete_application;
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
    body: Body,
}

/// The generated body of the operation the settings go to (both have the same fields).
#[derive(Clone, Debug)]
enum Body {
    Create(wire::builder::CreateApplicationRequest),
    Update(ApplicationSid, wire::builder::UpdateApplicationRequest),
}

/// Setters forwarding to whichever generated body [`ApplicationSettings`] holds.
macro_rules! settings {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            let value: Option<$ty> = Some(value.into());
            self.body = match self.body {
                Body::Create(body) => Body::Create(body.$name(value)),
                Body::Update(sid, body) => Body::Update(sid, body.$name(value)),
            };
            self
        }
    )*};
}

/// The checks on either generated body.
macro_rules! check {
    ($body:expr) => {
        check_settings_body!($body;
            voice_url,
            voice_fallback_url,
            status_callback,
            sms_url,
            sms_fallback_url,
            sms_status_callback,
            message_status_callback,
        )
    };
}

impl ApplicationSettings {
    #[inline]
    fn new(client: Client, sid: Option<ApplicationSid>) -> Self {
        let body = match sid {
            None => Body::Create(Default::default()),
            Some(sid) => Body::Update(sid, Default::default()),
        };
        Self { client, body }
    }

    webhook_setters!(settings! {
        /// Where Twilio posts status changes of messages sent with the application (legacy).
        sms_status_callback: String;
        /// Where Twilio posts status changes of messages sent with the application.
        message_status_callback: String;
        /// Whether other accounts may connect to the application.
        public_application_connect_enabled: bool;
    });

    send_methods! {
        /// Checks the settings and creates or updates the application.
        Application, |self| {
            let client = self.client;
            match self.body {
                Body::Create(body) => {
                    let body: wire::CreateApplicationRequest = finish_body(body)?;
                    check!(&body);
                    send_in_account!(client, CreateApplication => create_application.body(body))
                }
                Body::Update(sid, body) => {
                    let body: wire::UpdateApplicationRequest = finish_body(body)?;
                    check!(&body);
                    require_change::<wire::builder::UpdateApplicationRequest, _>(
                        &body,
                        "application",
                        "nothing to change: set a name or a webhook",
                    )?;
                    send_in_account!(client, UpdateApplication => update_application
                        .sid(sid.as_str())
                        .body(body)
                    )
                }
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
    request: builder::ListApplication<'static>,
}

impl ListApplications {
    query_setters! {
        /// Only applications with this display name.
        friendly_name: String;
    }

    account_first_page!(Application);
}

list_methods!(ListApplications, Application, wire::ApplicationPage);
