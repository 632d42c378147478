//! Calls: place outbound calls, list, fetch, modify (redirect, hang up) and delete them.

//!
//! The handler is here; each builder has its module: [`place`] (a new call and its checks),
//! [`update`] (changes to a live call) and [`list`] (filters).

use maton_twilio_api::twilio::types::CallUpdateStatus;

use crate::client::Client;
use crate::model::Call;
use crate::response::Pending;
use crate::sid::CallSid;

mod list;
mod place;
mod update;

pub use list::ListCalls;
pub use place::PlaceCall;
pub use update::UpdateCall;

/// The calls of the client's account: `client.calls()`.
#[derive(Clone, Debug)]
pub struct Calls {
    client: Client,
}

impl Calls {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Starts an outbound call from `from` (a number the account owns or a verified caller ID,
    /// or `client:name`) to `to` (E.164, `client:name` or a `sip:` URI). Say what the call runs
    /// with exactly one of [`url`](PlaceCall::url), [`twiml`](PlaceCall::twiml) and
    /// [`application`](PlaceCall::application), then [`send`](PlaceCall::send).
    ///
    /// ```no_run
    /// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
    /// let call = client
    ///     .calls()
    ///     .place("+15559876543", "+15551234567")
    ///     .twiml("<Response><Say>Hello!</Say></Response>")
    ///     .send()
    ///     .await?;
    ///
    /// // The same with the TwiML builder (feature `twiml`, on by default): text is escaped.
    /// # #[cfg(feature = "twiml")]
    /// let call = client
    ///     .calls()
    ///     .place("+15559876543", "+15551234567")
    ///     .twiml(maton_twilio::twiml::VoiceResponse::new().say("Hello & goodbye!"))
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    #[inline]
    pub fn place(&self, to: impl Into<String>, from: impl Into<String>) -> PlaceCall {
        PlaceCall::new(self.client.clone(), to.into(), from.into())
    }

    /// Lists calls, newest first, with optional filters.
    #[inline]
    pub fn list(&self) -> ListCalls {
        ListCalls::new(self.client.clone())
    }

    pending_by_sid! {
        /// Fetches one call.
        fetch(CallSid) -> Call = FetchCall => fetch_call;
    }

    /// Modifies a live call: redirect it to new TwiML, end it, change its callbacks.
    #[inline]
    pub fn update(&self, sid: &CallSid) -> UpdateCall {
        UpdateCall::new(self.client.clone(), sid.clone())
    }

    /// Ends a call that is in progress (`Status=completed`).
    #[inline]
    pub fn hang_up(&self, sid: &CallSid) -> Pending<Call> {
        let update = self.update(sid).status(CallUpdateStatus::Completed);
        Pending::new(update.send_with_meta())
    }

    /// Cancels a call that is queued or ringing (`Status=canceled`).
    #[inline]
    pub fn cancel(&self, sid: &CallSid) -> Pending<Call> {
        let update = self.update(sid).status(CallUpdateStatus::Canceled);
        Pending::new(update.send_with_meta())
    }

    /// The recordings of one call (feature `recordings`): list, fetch, start, pause, resume,
    /// stop, delete.
    #[cfg(feature = "recordings")]
    #[inline]
    pub fn recordings(&self, call: &CallSid) -> crate::resources::CallRecordings {
        crate::resources::CallRecordings::new(self.client.clone(), call.clone())
    }

    pending_by_sid! {
        /// Deletes a call record.
        delete(CallSid) -> () = DeleteCall => delete_call;
    }
}
