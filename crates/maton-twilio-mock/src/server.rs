//! The accept loop: HTTP/1.1 on each connection, and the ability to drop a connection without
//! answering (with a TCP reset) when a fault asks for it.

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};

use crate::pipeline::{self, Outcome};
use crate::reply::Reply;
use crate::shared::Shared;

/// hyper refuses a buffer smaller than this.
const MIN_BUF_SIZE: usize = 8192;

/// hyper's per-connection buffer cap (reads and writes alike): room for one whole request, head
/// and body, and never less than 256 KiB, so that large answers (a page of 1,000 records is about
/// 900 KB) are not written in small pieces.
fn buffer_size(limits: &crate::limits::Limits) -> usize {
    limits
        .max_header_bytes
        .saturating_add(limits.max_body_bytes)
        .max(256 * 1024)
        .max(MIN_BUF_SIZE)
}

/// Serves `listener` until `shutdown` turns true (or its sender is dropped). At most
/// `max_open_connections` connections are served at once: the next one is accepted only when one
/// of them closes, so that slow clients cannot pile up tasks and buffers without bound.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let open = Arc::new(Semaphore::new(shared.limits.max_open_connections.max(1)));
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&open).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => return,
            },
            changed = shutdown.changed() => {
                if changed.is_err() || *shutdown.borrow() {
                    return;
                }
                continue;
            }
        };
        tokio::select! {
            accepted = listener.accept() => {
                match accepted {
                    Ok((stream, _)) => {
                        let task = connection(stream, Arc::clone(&shared), shutdown.clone(), permit);
                        tokio::spawn(task);
                    }
                    // Out of file descriptors and the like: back off briefly and go on.
                    Err(_) => tokio::time::sleep(std::time::Duration::from_millis(5)).await,
                }
            }
            changed = shutdown.changed() => {
                if changed.is_err() || *shutdown.borrow() {
                    return;
                }
            }
        }
    }
}

async fn connection(
    stream: TcpStream,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let reset = Arc::new(AtomicBool::new(false));
    let abort = Arc::new(Notify::new());
    let io = TokioIo::new(ResetOnDrop {
        stream,
        reset: Arc::clone(&reset),
    });
    let limits = shared.limits.clone();
    let service = {
        let abort = Arc::clone(&abort);
        service_fn(move |request| {
            let shared = Arc::clone(&shared);
            let abort = Arc::clone(&abort);
            let reset = Arc::clone(&reset);
            async move {
                match pipeline::handle(&shared, request).await {
                    Outcome::Reply(reply) => Ok::<_, Infallible>(response(reply)),
                    Outcome::Reset => {
                        reset.store(true, Ordering::SeqCst);
                        abort.notify_one();
                        std::future::pending().await
                    }
                }
            }
        })
    };
    let serving = http1::Builder::new()
        .keep_alive(true)
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_header_size(limits.max_header_bytes)
        .max_buf_size(buffer_size(&limits))
        .serve_connection(io, service);
    tokio::select! {
        _ = serving => {}
        () = abort.notified() => {}
        _ = shutdown.changed() => {}
    }
}

fn response(reply: Reply) -> hyper::Response<Full<bytes::Bytes>> {
    let mut response = hyper::Response::new(Full::new(reply.body));
    *response.status_mut() = reply.status;
    for (name, value) in reply.headers {
        response.headers_mut().append(name, value);
    }
    response
}

/// A TCP stream that, when dropped after a reset was asked for, closes with RST instead of FIN,
/// so that the client sees "connection reset" rather than a clean end.
struct ResetOnDrop {
    stream: TcpStream,
    reset: Arc<AtomicBool>,
}

impl Drop for ResetOnDrop {
    fn drop(&mut self) {
        if self.reset.load(Ordering::SeqCst) {
            let _ = self.stream.set_zero_linger();
        }
    }
}

impl AsyncRead for ResetOnDrop {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for ResetOnDrop {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
