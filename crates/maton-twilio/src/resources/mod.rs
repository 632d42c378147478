//! One handler per Twilio resource, reached from [`Client`](crate::Client).
//!
//! A builder that sends a form body holds the generated body builder
//! (`maton_twilio_api::twilio::types::builder::*Request`, which owns its data) and the path
//! parameters, and adds only what the generated client cannot say: typed SIDs, Twilio's rules
//! checked before sending, and the retry policy. Its setters forward to the generated ones
//! ([`body_setters!`]); `send` turns the builder into the generated body, checks that, and hands
//! it to the generated operation. See ARCHITECTURE.md ("Builders") for why the facade does not
//! hold the generated request builders themselves.
//!
//! Every function here, in `pagination`, `request`, `response` and `client` is `#[inline]`
//! (a test reads the sources and checks it): a handler that boxes a future (`Pending`, a list's page walk)
//! is then compiled in the program that calls it, not in this crate, so a program that only
//! sends messages does not compile the decoders of every resource (the facade's own release
//! compile drops from about 16 s to 3 s; `cargo xtask build-cost` measures the whole).

use maton_twilio_api::twilio::types::error::ConversionError;

use crate::Error;

/// Setters forwarding to the generated body builder held in `self.body`: `name(value)` calls
/// the generated `name(Some(value.into()))`; `name => wire_name` when the names differ.
macro_rules! body_setters {
    (@call $body:expr, $name:ident, $value:expr) => { $body.$name(Some($value)) };
    (@call $body:expr, $name:ident, $wire:ident, $value:expr) => { $body.$wire(Some($value)) };
    ($($(#[$doc:meta])* $name:ident $(=> $wire:ident)?: $ty:ty;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            let value: $ty = value.into();
            self.body = $crate::resources::body_setters!(@call self.body, $name $(, $wire)?, value);
            self
        }
    )*};
}
pub(crate) use body_setters;

/// The webhook settings a number and an application share, as setters made by `$setters!`
/// (`body_setters`, or a builder's own macro of the same syntax), followed by the `$own`
/// settings of the caller.
macro_rules! webhook_setters {
    ($setters:ident! { $($own:tt)* }) => {
        $setters! {
            /// A display name, at most 64 characters.
            friendly_name: String;
            /// The URL Twilio fetches TwiML from for incoming calls (absolute http(s)).
            voice_url: String;
            /// The HTTP method for `voice_url`.
            voice_method: HttpMethod;
            /// The URL Twilio tries when `voice_url` fails.
            voice_fallback_url: String;
            /// The HTTP method for `voice_fallback_url`.
            voice_fallback_method: HttpMethod;
            /// Looks up callers' names (CNAM), billed per lookup.
            voice_caller_id_lookup: bool;
            /// Where Twilio posts call status changes.
            status_callback: String;
            /// The HTTP method for `status_callback`.
            status_callback_method: HttpMethod;
            /// The URL Twilio calls for incoming messages (absolute http(s)).
            sms_url: String;
            /// The HTTP method for `sms_url`.
            sms_method: HttpMethod;
            /// The URL Twilio tries when `sms_url` fails.
            sms_fallback_url: String;
            /// The HTTP method for `sms_fallback_url`.
            sms_fallback_method: HttpMethod;
            $($own)*
        }
    };
}

/// Setters taking a typed SID for the generated body's `wire` field: the SID itself where the
/// spec types the field with it, its text (`as text`) where the field is a plain string (update
/// bodies, where Twilio takes `""` to clear a link).
macro_rules! sid_setters {
    (@value $sid:ident) => { $sid.clone() };
    (@value $sid:ident text) => { $sid.as_str().to_owned() };
    ($($(#[$doc:meta])* $name:ident => $wire:ident: $sid:ty $(as $text:ident)?;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, sid: &$sid) -> Self {
            self.body = self.body.$wire(Some(sid_setters!(@value sid $($text)?)));
            self
        }
    )*};
}

/// Setters forwarding a list filter to the generated request builder held in `self.request`
/// (an owned one: `into_owned()`); `name => wire_name` when the names differ. `exact` setters
/// take exactly the type, so that `"…".parse()?` infers it (dates).
macro_rules! query_setters {
    (@call $request:expr, $name:ident, $value:expr) => { $request.$name($value) };
    (@call $request:expr, $name:ident, $wire:ident, $value:expr) => { $request.$wire($value) };
    (exact $($(#[$doc:meta])* $name:ident $(=> $wire:ident)?: $ty:ty;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, value: $ty) -> Self {
            self.request =
                $crate::resources::query_setters!(@call self.request, $name $(, $wire)?, value);
            self
        }
    )*};
    ($($(#[$doc:meta])* $name:ident $(=> $wire:ident)?: $ty:ty;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            let value: $ty = value.into();
            self.request =
                $crate::resources::query_setters!(@call self.request, $name $(, $wire)?, value);
            self
        }
    )*};
}
pub(crate) use query_setters;

/// Setters of the filters a list keeps in its own `Option` fields (to check them before the
/// first page), each field named as its setter: `to(to): impl Into<String>;` converts,
/// `window(window): UsageWindow;` takes the value as it is (one form per invocation).
macro_rules! kept_setters {
    ($($(#[$doc:meta])* $name:ident($param:ident): impl Into<$ty:ty>;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, $param: impl Into<$ty>) -> Self {
            self.$name = Some($param.into());
            self
        }
    )*};
    ($($(#[$doc:meta])* $name:ident($param:ident): $ty:ty;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, $param: $ty) -> Self {
            self.$name = Some($param);
            self
        }
    )*};
}

/// `first_page` for a list held as a generated request that needs only the account SID and the
/// page size on top of its filters. With `|self| request`, the filters the facade kept are
/// checked and set first (`request` gives the generated request with them, or an error), before
/// the account is discovered.
macro_rules! account_first_page {
    ($item:ty) => {
        account_first_page!($item, |self| self.request);
    };
    ($item:ty, |$self:ident| $request:expr) => {
        #[inline]
        fn first_page(
            $self,
            size: Option<std::num::NonZeroU64>,
        ) -> $crate::pagination::FirstPage<$item> {
            Box::pin(async move {
                let request = $request;
                let account = $self.client.account_sid().await?;
                let mut request = request.account_sid(account);
                if let Some(size) = size {
                    request = request.page_size(size);
                }
                $crate::pagination::converted(request.send().await).await
            })
        }
    };
}

/// Sets each optional filter that is given on a generated request held in a `mut` binding:
/// `set_some!(r; area_code: checked.area_code)` calls `r.area_code(v)` when it is `Some(v)`.
macro_rules! set_some {
    ($request:ident; $($setter:ident: $value:expr),* $(,)?) => {
        $(if let Some(value) = $value {
            $request = $request.$setter(value);
        })*
    };
}

/// Sends a generated request under the account's path and converts its result, in an async
/// context: `send_in_account!(client, FetchQueue => fetch_queue.sid(sid.as_str()))` takes the
/// account SID (configured or discovered), calls the generated `fetch_queue()` with it and the
/// setters given, and converts the result as [`finish`](crate::response::finish) does, with the
/// operation's id (a success without a future of its own). Evaluates to
/// `Result<Response<_>, Error>`.
macro_rules! send_in_account {
    ($client:expr, $operation:ident => $method:ident $(.$setter:ident($arg:expr))*) => {{
        let account = $client.account_sid().await?;
        let result = $client
            .api()
            .$method()
            .account_sid(account)
            $(.$setter($arg))*
            .send()
            .await;
        let operation = maton_twilio_api::twilio::Operation::$operation.id();
        match result {
            Ok(response) => $crate::response::finish_ok(operation, response),
            Err(error) => Err($crate::response::finish_err(operation, error).await),
        }
    }};
}

/// A fetch or delete of one item by its SID, run when awaited: `self.client` sends `$operation`
/// (the generated `$method`) with the account SID and `$sid`. The second form writes handler
/// methods that are only that: `fetch(QueueSid) -> Queue = FetchQueue => fetch_queue;`.
macro_rules! pending_by_sid {
    ($self:ident, $sid:expr, $operation:ident => $method:ident) => {{
        let client = $self.client.clone();
        let sid = $sid.clone();
        $crate::response::Pending::new(async move {
            $crate::resources::send_in_account!(client, $operation => $method.sid(sid))
        })
    }};
    ($($(#[$doc:meta])* $name:ident($sid:ty) -> $value:ty = $operation:ident => $method:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(&self, sid: &$sid) -> $crate::response::Pending<$value> {
            pending_by_sid!(self, sid, $operation => $method)
        }
    )*};
}
pub(crate) use send_in_account;

/// A builder's `send` and `send_with_meta`: `send_with_meta` runs `$body` (with `$self` the
/// builder) and `send` gives its value without the response's status and headers. The doc
/// comments given are `send`'s.
macro_rules! send_methods {
    ($(#[$doc:meta])* $value:ty, |$self:ident| $body:block) => {
        $(#[$doc])*
        #[inline]
        pub async fn send($self) -> Result<$value, $crate::Error> {
            // `$body` written out again rather than `send_with_meta().await`: one future less
            // around the request's.
            let response: Result<$crate::response::Response<$value>, $crate::Error> = $body;
            response.map($crate::response::Response::into_value)
        }

        /// [`send`](Self::send), with the response's status and headers.
        #[inline]
        pub async fn send_with_meta(
            $self,
        ) -> Result<$crate::response::Response<$value>, $crate::Error> $body
    };
}

/// A new list of a handler's `self.client`, held as the generated request `$method` made owned,
/// with the default paging; `$field: $value` sets the facade's own fields (filters checked
/// before the first page).
macro_rules! new_list {
    ($self:ident, $list:ident => $method:ident $(, $field:ident: $value:expr)*) => {
        $list {
            request: $self.client.api().$method().into_owned(),
            client: $self.client.clone(),
            paging: $crate::pagination::Paging::default(),
            $($field: $value,)*
        }
    };
}

/// Setters adding one item to a list field of the generated body, whose plain type is `$wire`.
macro_rules! push_setters {
    ($wire:ty; $($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(mut self, item: impl Into<String>) -> Self {
            let item = item.into();
            self.body = $crate::resources::edit_body(self.body, |b: &mut $wire| b.$name.push(item));
            self
        }
    )*};
}

/// [`check_webhooks`] on a generated settings body: its `friendly_name` and the URL fields
/// named, each reported under its field name. Returns early with the error.
macro_rules! check_settings_body {
    ($body:expr; $($url:ident),* $(,)?) => {{
        let body = $body;
        $crate::resources::check_webhooks(
            &body.friendly_name,
            &[$((stringify!($url), &body.$url)),*],
        )?;
    }};
}

/// Checks a display name (at most 64 characters) and webhook URLs (absolute `http(s)`, or empty
/// to clear one), for the settings of numbers and applications.
#[inline]
pub(crate) fn check_webhooks(
    friendly_name: &Option<String>,
    urls: &[(&'static str, &Option<String>)],
) -> Result<(), Error> {
    crate::rules::opt_friendly_name(friendly_name)?;
    for (field, url) in urls {
        crate::rules::opt_url_or_clear(field, url)?;
    }
    Ok(())
}

/// The generated body a builder describes. A conversion fails only when a required field was
/// never set, which the facade's constructors prevent; it is still an error, never a panic.
#[inline]
pub(crate) fn finish_body<B, T>(body: B) -> Result<T, Error>
where
    T: TryFrom<B, Error = ConversionError>,
{
    T::try_from(body).map_err(|e| Error::invalid_input("body", e.to_string()))
}

/// Edits the generated body through its public fields (appending to a list, which the
/// generated builder can only replace). When the body is not complete yet, it is kept as it is:
/// [`finish_body`] then reports what is missing before anything is sent.
#[inline]
pub(crate) fn edit_body<B, T>(body: B, edit: impl FnOnce(&mut T)) -> B
where
    B: Clone + From<T>,
    T: TryFrom<B>,
{
    match T::try_from(body.clone()) {
        Ok(mut plain) => {
            edit(&mut plain);
            B::from(plain)
        }
        Err(_) => body,
    }
}

/// Whether a generated update body changes nothing (every field left out).
#[inline]
pub(crate) fn changes_nothing<B, T>(body: &T) -> bool
where
    B: Default,
    T: TryFrom<B> + PartialEq,
{
    T::try_from(B::default()).is_ok_and(|empty| &empty == body)
}

/// Refuses a generated update body that changes nothing, naming `field` with `message` (which
/// says what can be set).
#[inline]
pub(crate) fn require_change<B, T>(
    body: &T,
    field: &'static str,
    message: &'static str,
) -> Result<(), Error>
where
    B: Default,
    T: TryFrom<B> + PartialEq,
{
    if changes_nothing::<B, T>(body) {
        return Err(Error::invalid_input(field, message));
    }
    Ok(())
}

mod accounts;
mod addresses;
mod applications;
mod calls;
#[cfg(feature = "conferences")]
mod conferences;
mod messages;
mod phone_numbers;
#[cfg(feature = "voice")]
mod queue_members;
mod queues;
#[cfg(feature = "recordings")]
mod recordings;
mod usage;

pub use accounts::{Accounts, ListAccounts, UpdateAccount};
pub use addresses::{Addresses, CreateAddress, ListAddresses, UpdateAddress};
pub use applications::{ApplicationSettings, Applications, ListApplications};
pub use calls::{Calls, ListCalls, PlaceCall, UpdateCall};
#[cfg(feature = "conferences")]
pub use conferences::{
    AddParticipant, Conferences, ListConferences, ListParticipants, ParticipantKey, Participants,
    UpdateConference, UpdateParticipant,
};
pub use messages::{ListMessages, Messages, SendMessage};
pub use phone_numbers::{
    AvailableNumbers, BuyNumber, ListPhoneNumbers, NumberKind, PhoneNumbers, SearchNumbers,
    UpdatePhoneNumber,
};
#[cfg(feature = "voice")]
pub use queue_members::{Dequeue, ListQueueMembers, MemberKey, QueueMembers};
pub use queues::{ListQueues, Queues};
#[cfg(feature = "recordings")]
pub use recordings::{
    CallRecordings, ListCallRecordings, ListRecordingTranscriptions, ListRecordings,
    ListTranscriptions, PauseBehavior, RecordingChannels, RecordingRef, RecordingTrack,
    RecordingTranscriptions, Recordings, StartRecording, Transcriptions,
};
pub use usage::{ListUsageRecords, Usage, UsageWindow};

#[cfg(feature = "numbers")]
mod caller_ids;
#[cfg(feature = "numbers")]
pub use caller_ids::{CallerIds, ListCallerIds, VerifyCallerId};
#[cfg(feature = "messaging")]
pub use messages::{ListMedia, MessageMedia};
#[cfg(feature = "numbers")]
pub use phone_numbers::{
    BuyLocalNumber, BuyMobileNumber, BuyTollFreeNumber, ListLocalNumbers, ListMobileNumbers,
    ListTollFreeNumbers, LocalNumbers, MobileNumbers, TollFreeNumbers,
};

#[cfg(test)]
mod tests {
    use maton_twilio_api::twilio::types as wire;

    use super::*;

    /// The build-cost rule of this module's docs: every function of the handlers and their
    /// plumbing is `#[inline]`, so that a program compiles only the operations it calls. Read
    /// from the sources; test modules (from `#[cfg(test)]` on) and a trait's bodiless
    /// declarations are exempt.
    #[test]
    fn every_handler_function_is_inline() {
        fn sources(dir: &std::path::Path, into: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    sources(&path, into);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    into.push(path);
                }
            }
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src.join("resources"), &mut files);
        for name in ["pagination", "request", "response", "client"] {
            files.push(src.join(format!("{name}.rs")));
        }
        let mut missing = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).expect("read source");
            let mut attributes: Vec<&str> = Vec::new();
            for (n, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("#[cfg(test)]") {
                    break;
                }
                if code.starts_with("#[") || code.starts_with("///") || code.starts_with("//") {
                    attributes.push(code);
                    continue;
                }
                let item = ["pub(crate) ", "pub(super) ", "pub ", "const ", "async "]
                    .iter()
                    .fold(code, |rest, prefix| {
                        rest.strip_prefix(prefix).unwrap_or(rest)
                    });
                let bodiless = code.ends_with(';');
                if item.starts_with("fn ") && !bodiless && !attributes.contains(&"#[inline]") {
                    missing.push(format!("{}:{}: {code}", file.display(), n + 1));
                }
                attributes.clear();
            }
        }
        assert!(missing.is_empty(), "not #[inline]:\n{}", missing.join("\n"));
        assert!(files.len() > 20, "the handlers' sources were found");
    }

    #[test]
    fn edits_append_in_order_and_keep_the_other_fields() {
        let body = wire::CreateCallRequest::builder()
            .to("+15559876543")
            .from("+15551234567")
            .url(Some("https://example.com/a".to_owned()));
        let body = edit_body(body, |b: &mut wire::CreateCallRequest| {
            b.status_callback_event.push("ringing".into())
        });
        let body = edit_body(body, |b: &mut wire::CreateCallRequest| {
            b.status_callback_event.push("completed".into())
        });
        let call: wire::CreateCallRequest = finish_body(body).unwrap();
        assert_eq!(call.status_callback_event, ["ringing", "completed"]);
        assert_eq!(call.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(call.to, "+15559876543");
    }

    #[test]
    fn a_missing_required_field_is_invalid_input_not_a_panic() {
        let body = wire::CreateCallRequest::builder().from("+15551234567");
        let body = edit_body(body, |b: &mut wire::CreateCallRequest| {
            b.status_callback_event.push("ringing".into())
        });
        let error = finish_body::<_, wire::CreateCallRequest>(body).unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::InvalidInput);
        assert!(
            error.to_string().contains("no value supplied for to"),
            "{error}"
        );
    }

    #[test]
    fn an_update_changes_nothing_until_a_field_is_set() {
        let empty: wire::UpdateCallRequest =
            finish_body(wire::UpdateCallRequest::builder()).unwrap();
        assert!(changes_nothing::<wire::builder::UpdateCallRequest, _>(
            &empty
        ));
        let set: wire::UpdateCallRequest =
            finish_body(wire::UpdateCallRequest::builder().time_limit(Some(60))).unwrap();
        assert!(!changes_nothing::<wire::builder::UpdateCallRequest, _>(
            &set
        ));
    }
}
