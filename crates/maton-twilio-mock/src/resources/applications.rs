//! TwiML applications: named sets of voice and messaging webhooks.

use maton_twilio_api::twilio::types::{Application, HttpMethod};

use super::records::{self, Owned};
use super::{Ctx, account_uri};
use crate::dates::stamp;
use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::store::Store;

/// The operations this module answers.
pub(crate) const OPERATIONS: super::Table = super::standard_rows! {
    Application: ListApplication CreateApplication FetchApplication UpdateApplication
        DeleteApplication; configure
};

/// Whether `account` has application `sid`.
pub(crate) fn exists(store: &Store, account: &str, sid: &str) -> bool {
    store
        .find(&store.applications, sid, Application::PREFIX, |a| {
            a.sid.as_deref()
        })
        .and_then(|seq| store.applications.get(&seq))
        .is_some_and(|a| a.account_sid.as_deref() == Some(account))
}

fn configure(app: &mut Application, form: &Params) -> Result<(), ApiError> {
    if let Some(version) = form.one_of("ApiVersion", &["2010-04-01", "2008-08-01"])? {
        app.api_version = Some(version);
    }
    super::apply_webhooks!(form, &mut *app);
    form.apply("MessageStatusCallback", &mut app.message_status_callback);
    form.apply("SmsStatusCallback", &mut app.sms_status_callback);
    if let Some(enabled) = form.bool("PublicApplicationConnectEnabled")? {
        app.public_application_connect_enabled = Some(enabled);
    }
    super::check_friendly_name(app.friendly_name.as_deref())
}

pub(crate) fn create(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let (seq, sid) = records::reserve::<Application>(store, "applications")?;
    let date = stamp(ctx.now);
    let mut app = Application {
        account_sid: Some(ctx.account.to_string()),
        api_version: Some("2010-04-01".to_string()),
        date_created: Some(date.clone()),
        date_updated: Some(date),
        friendly_name: Some(sid.clone()),
        message_status_callback: None,
        public_application_connect_enabled: Some(true),
        sid: Some(sid.clone()),
        sms_fallback_method: Some(HttpMethod::Post),
        sms_fallback_url: None,
        sms_method: Some(HttpMethod::Post),
        sms_status_callback: None,
        sms_url: None,
        status_callback: None,
        status_callback_method: Some(HttpMethod::Post),
        uri: Some(account_uri(
            ctx.account,
            &format!("Applications/{sid}.json"),
        )),
        voice_caller_id_lookup: Some(false),
        voice_fallback_method: Some(HttpMethod::Post),
        voice_fallback_url: None,
        voice_method: Some(HttpMethod::Post),
        voice_url: None,
        extra: serde_json::Map::new(),
    };
    configure(&mut app, ctx.form)?;
    records::insert(store, seq, app)
}

pub(crate) fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let request = records::page_request::<Application>(store, ctx)?;
    let name = ctx.query.get("FriendlyName");
    Ok(records::list(store, ctx, &request, |a: &Application| {
        name.is_none_or(|n| a.friendly_name.as_deref() == Some(n))
    }))
}
