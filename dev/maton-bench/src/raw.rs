//! The baseline: the same requests written by hand with reqwest, decoded into the same generated
//! structs.
//!
//! Same bytes as the facade: the same URL, the same form body (`Body`, `From`, `To`, in that
//! order), the same headers (`Accept`, `Content-Type`, `Authorization`, and `User-Agent` from the
//! client), on a `reqwest::Client` built by the same `maton_core::http_client` the facade uses.
//! `maton-bench verify` checks the bytes on the emulator's request recorder.

use maton_twilio_api::twilio::types::{Message, MessagePage};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};

/// A hand-written client for the three requests the benchmarks make.
#[derive(Clone)]
pub struct Raw {
    http: reqwest::Client,
    base: String,
    account: String,
    authorization: HeaderValue,
}

impl Raw {
    /// A baseline client for `base` (the Twilio base URL) and `account`, authenticating with `key`.
    pub fn new(base: &str, key: &str, account: &str) -> Result<Self, String> {
        let http = maton_core::http_client(
            maton_core::USER_AGENT,
            maton_twilio::DEFAULT_TIMEOUT,
            maton_twilio::DEFAULT_CONNECT_TIMEOUT,
        )
        .map_err(|e| e.to_string())?;
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {key}")).map_err(|e| e.to_string())?;
        authorization.set_sensitive(true);
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_string(),
            account: account.to_string(),
            authorization,
        })
    }

    /// `POST …/Messages.json`, decoded into [`Message`].
    pub async fn send(&self, to: &str, from: &str, body: &str) -> Result<Message, String> {
        let url = format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            self.base, self.account
        );
        let request = self
            .http
            .post(url)
            .header(ACCEPT, "application/json")
            .form(&[("Body", body), ("From", from), ("To", to)])
            .header(AUTHORIZATION, self.authorization.clone());
        self.decode(request, 201).await
    }

    /// `GET …/Messages/{sid}.json`, decoded into [`Message`].
    pub async fn fetch(&self, sid: &str) -> Result<Message, String> {
        let url = format!(
            "{}/2010-04-01/Accounts/{}/Messages/{sid}.json",
            self.base, self.account
        );
        let request = self
            .http
            .get(url)
            .header(ACCEPT, "application/json")
            .header(AUTHORIZATION, self.authorization.clone());
        self.decode(request, 200).await
    }

    /// The first `GET …/Messages.json?PageSize=…`.
    pub fn first_page_url(&self, page_size: u32) -> String {
        format!(
            "{}/2010-04-01/Accounts/{}/Messages.json?PageSize={page_size}",
            self.base, self.account
        )
    }

    /// The URL of a page from its `next_page_uri` (relative to the API root).
    pub fn page_url(&self, next_page_uri: &str) -> String {
        format!("{}{next_page_uri}", self.base)
    }

    /// `GET url`, decoded into [`MessagePage`].
    pub async fn page(&self, url: &str) -> Result<MessagePage, String> {
        let request = self
            .http
            .get(url)
            .header(ACCEPT, "application/json")
            .header(AUTHORIZATION, self.authorization.clone());
        self.decode(request, 200).await
    }

    async fn decode<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        expect: u16,
    ) -> Result<T, String> {
        let response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        if status != expect {
            return Err(format!(
                "expected {expect}, got {status}: {}",
                String::from_utf8_lossy(&bytes)
            ));
        }
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    }
}
