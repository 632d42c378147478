//! [`RequestPages`]: the pages of a generic GET list, following `next_page_uri`.

use std::fmt;

use serde_json::Value;

use maton_twilio_api::twilio::Operation;

use super::{Method, Request, UNKNOWN_OPERATION, exchange_json};
use crate::Error;
use crate::client::Client;
use crate::pagination::{MAX_EMPTY_PAGES, Visited, page_key};

/// The pages of a GET list sent with [`Request::pages`], one JSON document each. The next page
/// is Twilio's `next_page_uri`, resolved against the client's base URL and refused (a
/// [`Decode`](crate::ErrorKind::Decode) error) when it would leave it, when it leads back to a
/// page already read, or after [`MAX_EMPTY_PAGES`] empty pages in a row that point to another.
pub struct RequestPages {
    first: Option<Request>,
    client: Client,
    next: Option<String>,
    operation: &'static str,
    item_key: Option<&'static str>,
    visited: Visited,
    empty_in_a_row: usize,
}

impl RequestPages {
    pub(super) fn new(request: Request) -> Self {
        Self {
            client: request.client.clone(),
            first: Some(request),
            next: None,
            operation: UNKNOWN_OPERATION,
            item_key: None,
            visited: Visited::default(),
            empty_in_a_row: 0,
        }
    }

    /// The next page; `None` after the last one or after an error.
    pub async fn next(&mut self) -> Option<Result<Value, Error>> {
        let result = match self.first.take() {
            Some(first) => self.first_page(first).await,
            None => {
                let uri = self.next.take()?;
                self.next_page(&uri).await
            }
        };
        match result {
            Ok(page) => match self.follow(&page) {
                Ok(()) => Some(Ok(page)),
                Err(error) => Some(Err(error)),
            },
            Err(error) => {
                self.next = None;
                Some(Err(error))
            }
        }
    }

    /// The items of `page`: the array under the known operation's item key, or else the one
    /// array the page holds.
    pub fn items_of<'p>(&self, page: &'p Value) -> Result<&'p Vec<Value>, Error> {
        let broken = |why: &str| {
            self.named(Error::decode_message(format!(
                "cannot read the list's items: {why}"
            )))
        };
        let Some(object) = page.as_object() else {
            return Err(broken("the page is not a JSON object"));
        };
        if let Some(key) = self.item_key {
            return object
                .get(key)
                .and_then(Value::as_array)
                .ok_or_else(|| broken(&format!("the page has no `{key}` array")));
        }
        let mut arrays = object.values().filter_map(Value::as_array);
        match (arrays.next(), arrays.next()) {
            (Some(items), None) => Ok(items),
            (None, _) => Err(broken("the page holds no array")),
            (Some(_), Some(_)) => Err(broken("the page holds more than one array")),
        }
    }

    async fn first_page(&mut self, first: Request) -> Result<Value, Error> {
        if first.method != Method::Get {
            return Err(Error::invalid_input(
                "method",
                format!(
                    "invalid `method`: only a GET list has pages, not a {}",
                    first.method
                ),
            ));
        }
        let (url, operation) = first.prepare().await?;
        self.operation = operation.map_or(UNKNOWN_OPERATION, Operation::id);
        self.item_key = operation.and_then(Operation::item_key);
        let page = exchange_json(&self.client, Method::Get, url, &[], self.operation).await?;
        // Remembered by its own URI, as the next pages are, to catch a walk led back to it.
        if let Some(own) = page.value().get("uri").and_then(Value::as_str) {
            self.visited.insert(own);
        }
        Ok(page.into_value())
    }

    async fn next_page(&mut self, uri: &str) -> Result<Value, Error> {
        let url = self
            .client
            .base_url()
            .join_relative(page_key(uri))
            .map_err(|e| e.with_operation(self.operation))?;
        let page = exchange_json(&self.client, Method::Get, url, &[], self.operation).await?;
        Ok(page.into_value())
    }

    /// Remembers where `page` leads, refusing a cycle and endless empty pages.
    fn follow(&mut self, page: &Value) -> Result<(), Error> {
        let Some(next) = page
            .get("next_page_uri")
            .and_then(Value::as_str)
            .filter(|uri| !uri.is_empty())
        else {
            return Ok(());
        };
        let empty = self.items_of(page).map(Vec::is_empty).unwrap_or(false);
        self.empty_in_a_row = if empty { self.empty_in_a_row + 1 } else { 0 };
        if self.empty_in_a_row >= MAX_EMPTY_PAGES {
            return Err(self.stopped(&format!(
                "{MAX_EMPTY_PAGES} empty pages in a row, each pointing to yet another"
            )));
        }
        if !self.visited.insert(next) {
            return Err(self.stopped(&format!(
                "next_page_uri `{}` leads back to a page already read (a cycle)",
                maton_core::quote_server_text(next, 80)
            )));
        }
        self.next = Some(next.to_string());
        Ok(())
    }

    fn stopped(&self, why: &str) -> Error {
        self.named(Error::decode_message(format!("pagination stopped: {why}")))
    }

    /// `e` with the list's operation, when the path is one of the table's.
    fn named(&self, e: Error) -> Error {
        if self.operation == UNKNOWN_OPERATION {
            e
        } else {
            e.with_operation(self.operation)
        }
    }
}

impl fmt::Debug for RequestPages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestPages")
            .field("operation", &self.operation)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}
