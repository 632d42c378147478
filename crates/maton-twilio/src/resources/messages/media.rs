//! A message's media (the images and files of an MMS): `client.messages().media(&sid)`.

use chrono::{DateTime, Utc};
use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types as wire;

use super::Messages;
use crate::client::Client;
use crate::model::Media;
use crate::pagination::{Paging, list_methods};
use crate::response::Pending;
use crate::sid::{MediaSid, MessageSid};

impl Messages {
    /// The media of one message (an MMS's images and files): list, fetch, delete.
    ///
    /// ```no_run
    /// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
    /// let message: maton_twilio::MessageSid = "MM0123456789abcdef0123456789abcdef".parse()?;
    /// for media in client.messages().media(&message).list().all().await? {
    ///     println!("{:?} {:?}", media.sid, media.content_type);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    #[inline]
    pub fn media(&self, message: &MessageSid) -> MessageMedia {
        MessageMedia {
            client: self.client.clone(),
            message: message.clone(),
        }
    }
}

/// The media of one message: `client.messages().media(&message_sid)`.
#[derive(Clone, Debug)]
pub struct MessageMedia {
    client: Client,
    message: MessageSid,
}

impl MessageMedia {
    /// The message whose media this handler reaches.
    #[inline]
    pub fn message(&self) -> &MessageSid {
        &self.message
    }

    /// Lists the message's media, with optional date filters.
    #[inline]
    pub fn list(&self) -> ListMedia {
        ListMedia {
            request: self
                .client
                .api()
                .list_media()
                .message_sid(self.message.clone())
                .into_owned(),
            client: self.client.clone(),
            paging: Paging::default(),
        }
    }

    /// Fetches one media item's metadata (its `uri` without `.json` is the file itself).
    #[inline]
    pub fn fetch(&self, sid: &MediaSid) -> Pending<Media> {
        let client = self.client.clone();
        let message = self.message.clone();
        let sid = sid.clone();
        Pending::new(async move {
            send_in_account!(client, FetchMedia => fetch_media.message_sid(message).sid(sid))
        })
    }

    /// Deletes one media item: Twilio no longer serves its file.
    #[inline]
    pub fn delete(&self, sid: &MediaSid) -> Pending<()> {
        let client = self.client.clone();
        let message = self.message.clone();
        let sid = sid.clone();
        Pending::new(async move {
            send_in_account!(client, DeleteMedia => delete_media.message_sid(message).sid(sid))
        })
    }
}

/// Lists a message's media: `client.messages().media(&sid).list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListMedia {
    client: Client,
    paging: Paging,
    request: builder::ListMedia<'static>,
}

impl ListMedia {
    query_setters! {
        exact
        /// Only media created at this time (`DateCreated=`).
        date_created: DateTime<Utc>;
        /// Only media created at or after this time (`DateCreated>=`).
        created_on_or_after => date_created_after: DateTime<Utc>;
        /// Only media created at or before this time (`DateCreated<=`).
        created_on_or_before => date_created_before: DateTime<Utc>;
    }

    account_first_page!(Media);
}

list_methods!(ListMedia, Media, wire::MediaPage);
