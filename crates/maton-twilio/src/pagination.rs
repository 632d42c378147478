//! Pages and streams over Twilio's list operations.
//!
//! Every `list()` builder offers:
//!
//! - `.page().await`: the first page, a [`Page<T>`] (items and Twilio's paging envelope);
//! - `.stream()`: [`Items<T>`], every item of every page, fetching the next page only once the
//!   previous one is consumed (so memory holds one page however long the list), and stopping at
//!   `.limit(n)` without fetching further;
//! - `.pages()`: [`Pages<T>`], the same walk a page at a time;
//! - `.all().await`: the stream collected into a `Vec` (mind `.limit(n)` on long lists).
//!
//! The next page is Twilio's `next_page_uri`, a path relative to `api.twilio.com`. It is resolved
//! against the client's base URL and refused when it would leave it (an absolute URL to another
//! host, `//host`, `..` segments): the API key never travels anywhere else. Such a refusal ends
//! the walk with an [`ErrorKind::Decode`](crate::ErrorKind::Decode) error, and so does a
//! `next_page_uri` that leads back to a page already read (a cycle; up to
//! [`MAX_REMEMBERED_PAGES`] are remembered) or [`MAX_EMPTY_PAGES`] empty pages in a row that still
//! point to another. The items read before are yielded first.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::num::NonZeroU64;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use maton_core::quote_server_text;
use maton_twilio_api::ListPage;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::response::Response;
use crate::{Error, rules};

mod visited;
pub use visited::MAX_REMEMBERED_PAGES;
pub(crate) use visited::{Visited, page_key};

/// One page of a list: its items and Twilio's paging envelope.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items on this page, in Twilio's order.
    pub items: Vec<T>,
    /// The page's index (0 for the first).
    pub page: Option<i64>,
    /// How many items a page holds.
    pub page_size: Option<i64>,
    /// Index of the first item on this page, counted over the whole list.
    pub start: Option<i64>,
    /// Index of the last item on this page.
    pub end: Option<i64>,
    /// This page's path, relative to Twilio's API root.
    pub uri: Option<String>,
    /// The first page's path.
    pub first_page_uri: Option<String>,
    /// The next page's path, `None` on the last page.
    pub next_page_uri: Option<String>,
    /// The previous page's path, `None` on the first page.
    pub previous_page_uri: Option<String>,
    /// Legacy: the last page's path, when an older endpoint still sends it.
    pub last_page_uri: Option<String>,
    /// Legacy: the number of items in all pages, when an older endpoint still sends it.
    pub total: Option<i64>,
    /// Legacy: the number of pages, when an older endpoint still sends it.
    pub num_pages: Option<i64>,
}

impl<T> Page<T> {
    /// Whether a next page exists.
    #[inline]
    pub fn has_next(&self) -> bool {
        self.next_page_uri.as_deref().is_some_and(|u| !u.is_empty())
    }

    /// The number of items on this page.
    #[inline]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the page has no items.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    #[inline]
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// A generated `*Page` type: every [`ListPage`] of the generated operation table, so a list
/// operation the spec adds pages without a hand edit here.
pub(crate) trait TwilioPage: ListPage + DeserializeOwned {
    /// The operation's name in errors and traces (`ListMessage`): the first list operation that
    /// answers with this page type (builders of the others name their own).
    const OPERATION: &'static str;
    fn into_page(self) -> Page<Self::Item>;
}

impl<P: ListPage + DeserializeOwned> TwilioPage for P {
    const OPERATION: &'static str = match P::OPERATIONS {
        [first, ..] => first.id(),
        [] => "",
    };

    #[inline]
    fn into_page(self) -> Page<Self::Item> {
        let (items, fields) = self.into_parts();
        Page {
            items,
            page: fields.page,
            page_size: fields.page_size,
            start: fields.start,
            end: fields.end,
            uri: fields.uri,
            first_page_uri: fields.first_page_uri,
            next_page_uri: fields.next_page_uri,
            previous_page_uri: fields.previous_page_uri,
            last_page_uri: fields.last_page_uri,
            total: fields.total,
            num_pages: fields.num_pages,
        }
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;
pub(crate) type FirstPage<T> = BoxFuture<Result<Response<Page<T>>, Error>>;

/// The paging settings every list builder carries.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Paging {
    pub page_size: Option<u32>,
    pub limit: Option<usize>,
}

impl Paging {
    /// The `PageSize` to ask for: the caller's, or for a limited walk no more than the limit.
    #[inline]
    pub fn wire_page_size(&self) -> Result<Option<NonZeroU64>, Error> {
        if let Some(size) = self.page_size {
            rules::page_size(size)?;
        }
        let size = self.page_size.map(u64::from).or_else(|| {
            self.limit
                .map(|l| (l as u64).clamp(1, u64::from(rules::MAX_PAGE_SIZE)))
        });
        Ok(size.and_then(NonZeroU64::new))
    }
}

/// Converts the first page as a generated list operation returned it.
#[inline]
pub(crate) async fn converted<P: TwilioPage>(
    result: Result<maton_twilio_api::ResponseValue<P>, maton_twilio_api::Error<()>>,
) -> Result<Response<Page<P::Item>>, Error> {
    converted_as(P::OPERATION, result).await
}

/// [`converted`] for an operation that shares its page type with others (the usage windows).
#[inline]
pub(crate) async fn converted_as<P: TwilioPage>(
    operation: &'static str,
    result: Result<maton_twilio_api::ResponseValue<P>, maton_twilio_api::Error<()>>,
) -> Result<Response<Page<P::Item>>, Error> {
    let response = crate::response::finish(operation, result).await?;
    Ok(response.map(P::into_page))
}

/// Follows `next_page_uri` with the client's transport (key, connection, rate limit, retries).
#[inline]
async fn next_page<P: TwilioPage>(
    client: &Client,
    next_page_uri: &str,
    op: &'static str,
) -> Result<Page<P::Item>, Error> {
    let url = client
        .base_url()
        .join_relative(page_key(next_page_uri))
        .map_err(|e| e.with_operation(op))?;
    let builder = client
        .http()
        .get(url)
        .header(http::header::ACCEPT, "application/json");
    let response = crate::request::exchange(client, builder, op).await?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| Error::unreadable_success(Some(status), e).with_operation(op))?;
    match serde_json::from_slice::<P>(&bytes) {
        Ok(page) => Ok(page.into_page()),
        Err(e) => Err(
            Error::from_decode(status, String::from_utf8_lossy(&bytes).into_owned(), e)
                .with_operation(op),
        ),
    }
}

type NextFn<T> = fn(Client, String, &'static str) -> BoxFuture<Result<Page<T>, Error>>;

#[inline]
fn next_fn<P: TwilioPage>() -> NextFn<P::Item> {
    |client, uri, op| Box::pin(async move { next_page::<P>(&client, &uri, op).await })
}

enum Cursor<T> {
    First(FirstPage<T>),
    Next(String),
    Done,
}

/// How many empty pages in a row that still point to a next page end a walk with an error.
pub const MAX_EMPTY_PAGES: usize = 3;

/// The walk over pages that [`Items`] and [`Pages`] share.
pub(crate) struct Walk<T> {
    client: Client,
    cursor: Cursor<T>,
    next: NextFn<T>,
    in_flight: Option<BoxFuture<Result<Page<T>, Error>>>,
    /// The operation named in errors (`ListMessage`, `ListUsageRecordDaily`).
    operation: &'static str,
    /// The pages already read, to stop a server that leads the walk back to one of them.
    visited: Visited,
    /// Empty pages in a row that pointed to yet another page.
    empty_in_a_row: usize,
    /// Items and pages read so far, for the error that ends a broken walk.
    items_read: usize,
    pages_read: usize,
}

impl<T: Send + 'static> Walk<T> {
    /// A walk from the first page `first` starts for the page size `paging` asks for (an
    /// invalid one makes the walk's only result an error).
    #[inline]
    pub(crate) fn start<P: TwilioPage<Item = T>>(
        client: Client,
        operation: &'static str,
        paging: &Paging,
        first: impl FnOnce(Option<NonZeroU64>) -> FirstPage<T>,
    ) -> Self {
        Self::new::<P>(client, operation, paging.wire_page_size().map(first))
    }

    #[inline]
    fn new<P: TwilioPage<Item = T>>(
        client: Client,
        operation: &'static str,
        first: Result<FirstPage<T>, Error>,
    ) -> Self {
        let (cursor, in_flight) = match first {
            Ok(first) => (Cursor::First(first), None),
            Err(error) => (Cursor::Done, Some(failed(error))),
        };
        Self {
            client,
            cursor,
            next: next_fn::<P>(),
            in_flight,
            operation,
            visited: Visited::default(),
            empty_in_a_row: 0,
            items_read: 0,
            pages_read: 0,
        }
    }

    /// Polls for the next page; `None` when there is none.
    #[inline]
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<T>, Error>>> {
        if self.in_flight.is_none() {
            self.in_flight = match std::mem::replace(&mut self.cursor, Cursor::Done) {
                Cursor::Done => return Poll::Ready(None),
                Cursor::First(first) => {
                    Some(Box::pin(
                        async move { first.await.map(Response::into_value) },
                    ))
                }
                Cursor::Next(uri) => {
                    if self.visited.insert(&uri) {
                        Some((self.next)(self.client.clone(), uri, self.operation))
                    } else {
                        Some(failed(self.broken(&format!(
                            "next_page_uri `{}` leads back to a page already read (a cycle)",
                            quote_server_text(&uri, 80)
                        ))))
                    }
                }
            };
        }
        let Some(future) = self.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        self.in_flight = None;
        match &result {
            Ok(page) => {
                self.pages_read += 1;
                self.items_read += page.items.len();
                if self.pages_read == 1 {
                    // The first page came from the list operation: remember it by its own URI.
                    if let Some(uri) = page.uri.as_deref().filter(|u| !u.is_empty()) {
                        self.visited.insert(uri);
                    }
                }
                if let Some(next) = page.next_page_uri.as_deref().filter(|u| !u.is_empty()) {
                    self.empty_in_a_row = if page.items.is_empty() {
                        self.empty_in_a_row + 1
                    } else {
                        0
                    };
                    self.cursor = if self.empty_in_a_row >= MAX_EMPTY_PAGES {
                        let error = self.broken(&format!(
                            "{MAX_EMPTY_PAGES} empty pages in a row, each pointing to yet another"
                        ));
                        // Reported once this page (empty) has been handed over.
                        self.in_flight = Some(failed(error));
                        Cursor::Done
                    } else {
                        Cursor::Next(next.to_string())
                    };
                }
            }
            Err(_) => self.cursor = Cursor::Done,
        }
        Poll::Ready(Some(result))
    }

    /// The error that ends a walk the server leads astray, saying what was read before it.
    #[inline]
    fn broken(&self, what: &str) -> Error {
        Error::decode_message(format!(
            "pagination stopped: {what}; {} items on {} pages were read before",
            self.items_read, self.pages_read
        ))
        .with_operation(self.operation)
    }
}

#[inline]
fn failed<T: Send + 'static>(error: Error) -> BoxFuture<Result<Page<T>, Error>> {
    Box::pin(async move { Err(error) })
}

/// Every item of a list, page after page; a [`Stream`] of `Result<T, Error>`.
///
/// Fetches a page only when the previous one is used up, and stops after the list builder's
/// `limit` without fetching more. After an error the stream ends.
///
/// Use it with `futures::StreamExt`, or with its own [`next`](Self::next):
///
/// ```no_run
/// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
/// let mut messages = client.messages().list().limit(200).stream();
/// while let Some(message) = messages.next().await {
///     let message = message?;
///     println!("{:?}", message.sid);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Items<T> {
    walk: Walk<T>,
    buffer: VecDeque<T>,
    remaining: Option<usize>,
    done: bool,
}

impl<T: Send + 'static> Items<T> {
    /// The items of `walk`'s pages, at most `limit` of them.
    #[inline]
    pub(crate) fn new(walk: Walk<T>, limit: Option<usize>) -> Self {
        Self {
            walk,
            buffer: VecDeque::new(),
            remaining: limit,
            done: false,
        }
    }

    /// The next item, `None` at the end.
    #[inline]
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

// Items are moved out of the buffer, never pinned.
impl<T> Unpin for Items<T> {}

impl<T: Send + 'static> Stream for Items<T> {
    type Item = Result<T, Error>;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.done || this.remaining == Some(0) {
                this.done = true;
                this.buffer.clear();
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffer.pop_front() {
                if let Some(remaining) = this.remaining.as_mut() {
                    *remaining -= 1;
                }
                return Poll::Ready(Some(Ok(item)));
            }
            match this.walk.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    this.done = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(error))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(Some(Ok(page))) => this.buffer.extend(page.items),
            }
        }
    }
}

impl<T> fmt::Debug for Items<T> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("buffered", &self.buffer.len())
            .field("remaining", &self.remaining)
            .field("done", &self.done)
            .finish()
    }
}

/// Every page of a list; a [`Stream`] of `Result<Page<T>, Error>`. The list builder's `limit`
/// does not apply (it counts items): stop polling when you have enough.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<T> {
    walk: Walk<T>,
    done: bool,
}

impl<T: Send + 'static> Pages<T> {
    /// The pages of `walk`.
    #[inline]
    pub(crate) fn new(walk: Walk<T>) -> Self {
        Self { walk, done: false }
    }

    /// The next page, `None` after the last.
    #[inline]
    pub async fn next(&mut self) -> Option<Result<Page<T>, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T> Unpin for Pages<T> {}

impl<T: Send + 'static> Stream for Pages<T> {
    type Item = Result<Page<T>, Error>;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let polled = this.walk.poll_page(cx);
        if matches!(polled, Poll::Ready(None) | Poll::Ready(Some(Err(_)))) {
            this.done = true;
        }
        polled
    }
}

impl<T> fmt::Debug for Pages<T> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").field("done", &self.done).finish()
    }
}

/// The methods every list builder shares: page size, limit, one page, a stream of items or of
/// pages, everything collected. `$first` turns the builder into the first page's future.
macro_rules! list_methods {
    ($builder:ident, $item:ty, $page:ty) => {
        impl $builder {
            #[inline]
            fn operation(&self) -> &'static str {
                <$page as $crate::pagination::TwilioPage>::OPERATION
            }
        }
        $crate::pagination::list_methods!(@methods $builder, $item, $page);
    };
    // For a builder whose own `operation()` names it (one page type, several operations).
    ($builder:ident, $item:ty, $page:ty, named) => {
        $crate::pagination::list_methods!(@methods $builder, $item, $page);
    };
    (@methods $builder:ident, $item:ty, $page:ty) => {
        impl $builder {
            /// How many items to ask for per page, 1 to 1000 (Twilio's default is 50). With a
            /// [`limit`](Self::limit) and no page size, pages are no larger than the limit.
            #[inline]
            pub fn page_size(mut self, size: u32) -> Self {
                self.paging.page_size = Some(size);
                self
            }

            /// The most items [`stream`](Self::stream) and [`all`](Self::all) yield; no page past
            /// the one holding the last of them is fetched.
            #[inline]
            pub fn limit(mut self, limit: usize) -> Self {
                self.paging.limit = Some(limit);
                self
            }

            /// The first page.
            #[inline]
            pub async fn page(self) -> Result<$crate::pagination::Page<$item>, $crate::Error> {
                self.page_with_meta()
                    .await
                    .map($crate::Response::into_value)
            }

            /// The first page, with the response's status and headers.
            #[inline]
            pub async fn page_with_meta(
                self,
            ) -> Result<$crate::Response<$crate::pagination::Page<$item>>, $crate::Error> {
                let size = self.paging.wire_page_size()?;
                self.first_page(size).await
            }

            /// Every item, page after page, up to the [`limit`](Self::limit).
            #[inline]
            pub fn stream(self) -> $crate::pagination::Items<$item> {
                let limit = self.paging.limit;
                $crate::pagination::Items::new(self.walk(), limit)
            }

            /// Every page, one at a time.
            #[inline]
            pub fn pages(self) -> $crate::pagination::Pages<$item> {
                $crate::pagination::Pages::new(self.walk())
            }

            /// The walk over the list's pages that [`stream`](Self::stream) and
            /// [`pages`](Self::pages) both read.
            #[inline]
            fn walk(self) -> $crate::pagination::Walk<$item> {
                let client = self.client.clone();
                let paging = self.paging;
                let operation = self.operation();
                $crate::pagination::Walk::start::<$page>(client, operation, &paging, move |size| {
                    self.first_page(size)
                })
            }

            /// Every item up to the [`limit`](Self::limit), collected. Without a limit this
            /// holds the whole list in memory: prefer [`stream`](Self::stream) for long lists.
            #[inline]
            pub async fn all(self) -> Result<Vec<$item>, $crate::Error> {
                let mut items = self.stream();
                let mut all = Vec::new();
                while let Some(item) = items.next().await {
                    all.push(item?);
                }
                Ok(all)
            }
        }
    };
}
pub(crate) use list_methods;
