//! Table-driven tests of refused input: each row's request becomes one boxed future of one type,
//! whatever the builder it came from returns on success.

use std::future::Future;
use std::pin::Pin;

/// A row's request, its success value dropped: only whether (and how) it failed matters.
pub type Run<E> = Pin<Box<dyn Future<Output = Result<(), E>> + Send>>;

/// Turns a request builder (anything awaitable into `Result<T, E>`) into a [`Run`].
pub fn run<T: Send + 'static, E: 'static, F>(future: F) -> Run<E>
where
    F: IntoFuture<Output = Result<T, E>> + Send + 'static,
    F::IntoFuture: Send,
{
    Box::pin(async move { future.await.map(|_| ()) })
}
