//! TwiML applications: named sets of voice and messaging webhooks.

use maton_twilio_api::twilio::types::{Application, HttpMethod};

use super::records::{self, Owned};
use super::{Ctx, account_uri};
use crate::dates::stamp;
use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::store::Store;

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
    for (key, field) in [
        ("FriendlyName", &mut app.friendly_name),
        ("MessageStatusCallback", &mut app.message_status_callback),
        ("SmsFallbackUrl", &mut app.sms_fallback_url),
        ("SmsStatusCallback", &mut app.sms_status_callback),
        ("SmsUrl", &mut app.sms_url),
        ("StatusCallback", &mut app.status_callback),
        ("VoiceFallbackUrl", &mut app.voice_fallback_url),
        ("VoiceUrl", &mut app.voice_url),
    ] {
        form.apply(key, field);
    }
    for (key, field) in [
        ("SmsFallbackMethod", &mut app.sms_fallback_method),
        ("SmsMethod", &mut app.sms_method),
        ("StatusCallbackMethod", &mut app.status_callback_method),
        ("VoiceFallbackMethod", &mut app.voice_fallback_method),
        ("VoiceMethod", &mut app.voice_method),
    ] {
        if let Some(method) = form.method(key)? {
            *field = Some(method);
        }
    }
    if let Some(lookup) = form.bool("VoiceCallerIdLookup")? {
        app.voice_caller_id_lookup = Some(lookup);
    }
    if let Some(enabled) = form.bool("PublicApplicationConnectEnabled")? {
        app.public_application_connect_enabled = Some(enabled);
    }
    if app
        .friendly_name
        .as_ref()
        .is_some_and(|n| n.chars().count() > 64)
    {
        return Err(ApiError::invalid(
            "FriendlyName must be at most 64 characters",
        ));
    }
    Ok(())
}

pub(crate) fn create(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    store.check_room(store.applications.len(), "applications")?;
    let (seq, sid) = store.next_sid("AP");
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

pub(crate) fn fetch(store: &Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    records::fetch::<Application>(store, ctx, sid)
}

pub(crate) fn update(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    records::update(store, ctx, sid, |app: &mut Application| {
        configure(app, ctx.form)
    })
}

pub(crate) fn delete(store: &mut Store, ctx: &Ctx<'_>, sid: &str) -> Result<Reply, ApiError> {
    records::delete::<Application>(store, ctx, sid)
}

pub(crate) fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let request = records::page_request::<Application>(store, ctx)?;
    let name = ctx.query.get("FriendlyName");
    Ok(records::list(store, ctx, &request, |a: &Application| {
        name.is_none_or(|n| a.friendly_name.as_deref() == Some(n))
    }))
}
