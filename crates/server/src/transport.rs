//! The listener side: HTTP/1.1 and HTTP/2 (prior knowledge or ALPN) over hyper-util with the
//! connection timeouts that keep a slow client from holding the server.
//!
//! * **Slow headers** (slowloris): hyper's `header_read_timeout` closes a connection whose
//!   request head is not complete within [`Transport::header_read_timeout`]; it also bounds how
//!   long an idle keep-alive connection stays open.
//! * **Silent clients**: before hyper knows whether a connection speaks HTTP/1 or HTTP/2 it
//!   reads up to the 24-byte HTTP/2 preface with no timer of its own; [`Guarded`] closes a
//!   connection that stays a (possibly empty) prefix of that preface for longer than the same
//!   timeout.
//! * **Slow readers**: [`Guarded`] also fails a write that makes no progress for that long.
//! * **Slow handlers and slow bodies**: [`crate::kernel::limits::deadline`] answers `504` after
//!   [`Transport::request_timeout`].

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::time::Sleep;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

/// Connection and request time limits.
#[derive(Debug, Clone, Copy)]
pub struct Transport {
    /// Longest wait for a complete request head (and longest keep-alive idle time, TLS
    /// handshake, or stalled write).
    pub header_read_timeout: Duration,
    /// Longest time a request may take, body included, before it is answered `504`.
    pub request_timeout: Duration,
    /// How long graceful shutdown waits for in-flight requests.
    pub shutdown_grace: Duration,
}

impl Default for Transport {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// A connection with the two watchdogs hyper does not have: the preface deadline and the
/// stalled-write deadline.
#[derive(Debug)]
pub struct Guarded<IO> {
    io: IO,
    timeout: Duration,
    /// Bytes of the HTTP/2 preface matched so far; `None` once the protocol is known.
    preface: Option<usize>,
    preface_deadline: Pin<Box<Sleep>>,
    write_deadline: Option<Pin<Box<Sleep>>>,
}

impl<IO> Guarded<IO> {
    /// Wraps a freshly accepted connection.
    pub fn new(io: IO, timeout: Duration) -> Self {
        Self {
            io,
            timeout,
            preface: Some(0),
            preface_deadline: Box::pin(tokio::time::sleep(timeout)),
            write_deadline: None,
        }
    }
}

fn timed_out(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, what.to_string())
}

impl<IO: AsyncRead + Unpin> AsyncRead for Guarded<IO> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if let Some(matched) = this.preface {
                    let new = &buf.filled()[before..];
                    let end = (matched + new.len()).min(H2_PREFACE.len());
                    let same = new.iter().zip(&H2_PREFACE[matched..end]).all(|(a, b)| a == b);
                    // Known as soon as the bytes leave the preface, or the preface is complete.
                    this.preface = if !same || end == H2_PREFACE.len() || new.is_empty() { None } else { Some(end) };
                }
                Poll::Ready(Ok(()))
            }
            Poll::Pending => {
                if this.preface.is_some() && this.preface_deadline.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Err(timed_out("no request within the header read timeout")));
                }
                Poll::Pending
            }
            other => other,
        }
    }
}

impl<IO: AsyncWrite + Unpin> Guarded<IO> {
    /// Runs a write-side poll: progress clears the stall deadline, `Pending` arms it.
    fn guard<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match poll {
            Poll::Pending => {
                let timeout = self.timeout;
                let deadline = self.write_deadline.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                if deadline.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Err(timed_out("the client stopped reading")));
                }
                Poll::Pending
            }
            ready => {
                self.write_deadline = None;
                ready
            }
        }
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Guarded<IO> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_write(cx, buf);
        this.guard(cx, poll)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.guard(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_flush(cx);
        this.guard(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// The hyper connection builder with the header read timeout.
pub fn builder(transport: &Transport) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(transport.header_read_timeout);
    builder.http2().timer(TokioTimer::new());
    builder
}

/// Accepts connections on `listener` and serves `app` on each until `shutdown` fires; then
/// stops accepting, asks every connection to finish its request in flight and close, and
/// waits up to [`Transport::shutdown_grace`] for them.
pub async fn serve_plain(listener: TcpListener, app: Router, transport: Transport, shutdown: CancellationToken) {
    let builder = Arc::new(builder(&transport));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let (stream, remote) = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(Guarded::new(stream, transport.header_read_timeout));
        let service = hyper_util::service::TowerToHyperService::new(with_peer(app.clone(), remote));
        let connection = builder.serve_connection_with_upgrades(io, service).into_owned();
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = watched.await {
                tracing::debug!(error = %e, "connection closed with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(transport.shutdown_grace, graceful.shutdown()).await.is_err() {
        tracing::warn!("graceful shutdown timed out; dropping the remaining connections");
    }
}

/// The app with the peer address in each request's extensions (`ConnectInfo`).
fn with_peer(
    app: Router,
    remote: SocketAddr,
) -> impl tower::Service<
    axum::http::Request<hyper::body::Incoming>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
+ Send
+ 'static {
    app.map_request(move |mut request: axum::http::Request<hyper::body::Incoming>| {
        request.extensions_mut().insert(ConnectInfo(remote));
        request
    })
}

/// Middleware for the HTTPS listener: marks every cookie the app sets `Secure`, so a browser
/// never sends the portal session over plain HTTP. (The plain listener cannot: a `Secure`
/// cookie set over HTTP is dropped by browsers.)
pub async fn secure_cookies(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{HeaderValue, header::SET_COOKIE};
    let mut response = next.run(request).await;
    let cookies: Vec<HeaderValue> = response.headers().get_all(SET_COOKIE).iter().cloned().collect();
    response.headers_mut().remove(SET_COOKIE);
    for value in cookies {
        let text = value.to_str().unwrap_or("");
        let secure = text.split(';').any(|a| a.trim().eq_ignore_ascii_case("secure"));
        let marked = if secure { None } else { HeaderValue::from_str(&format!("{text}; Secure")).ok() };
        response.headers_mut().append(SET_COOKIE, marked.unwrap_or(value));
    }
    response
}

/// An axum-server acceptor that wraps whatever the inner acceptor (TLS) yields in
/// [`Guarded`], so HTTPS connections get the same watchdogs.
#[derive(Debug, Clone)]
pub struct GuardedAcceptor<A> {
    inner: A,
    timeout: Duration,
}

impl<A> GuardedAcceptor<A> {
    /// Wraps `inner`.
    pub fn new(inner: A, timeout: Duration) -> Self {
        Self { inner, timeout }
    }
}

impl<I, S, A> axum_server::accept::Accept<I, S> for GuardedAcceptor<A>
where
    A: axum_server::accept::Accept<I, S>,
    A::Future: Send + 'static,
    A::Stream: Send + 'static,
    A::Service: Send + 'static,
{
    type Stream = Guarded<A::Stream>;
    type Service = A::Service;
    type Future = Pin<Box<dyn Future<Output = io::Result<(Self::Stream, Self::Service)>> + Send>>;

    fn accept(&self, stream: I, service: S) -> Self::Future {
        let timeout = self.timeout;
        let accepted = self.inner.accept(stream, service);
        Box::pin(async move {
            let (stream, service) = accepted.await?;
            Ok((Guarded::new(stream, timeout), service))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const T: Duration = Duration::from_millis(200);

    #[tokio::test]
    async fn a_silent_or_preface_only_connection_times_out_but_http1_bytes_disarm_the_guard() {
        for opening in [&b""[..], b"P", b"PRI * HTTP/2.0\r\n"] {
            let (mut client, server) = tokio::io::duplex(1024);
            client.write_all(opening).await.expect("write");
            let mut guarded = Guarded::new(server, T);
            let mut buf = [0u8; 64];
            let started = std::time::Instant::now();
            let err = loop {
                match guarded.read(&mut buf).await {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => panic!("EOF instead of a timeout"),
                    Err(e) => break e,
                }
            };
            assert_eq!(err.kind(), io::ErrorKind::TimedOut, "{opening:?}");
            assert!(started.elapsed() >= T, "{opening:?}");
        }
        // "G" leaves the preface: from then on hyper's own header timeout is in charge.
        let (mut client, server) = tokio::io::duplex(1024);
        client.write_all(b"GET / HT").await.expect("write");
        let mut guarded = Guarded::new(server, T);
        let mut buf = [0u8; 64];
        assert_eq!(guarded.read(&mut buf).await.expect("read"), 8);
        let more = tokio::time::timeout(T * 3, guarded.read(&mut buf)).await;
        assert!(more.is_err(), "the guard stays out of an HTTP/1 connection: {more:?}");
    }

    #[tokio::test]
    async fn a_write_that_makes_no_progress_fails_after_the_timeout() {
        let (_client, server) = tokio::io::duplex(64);
        let mut guarded = Guarded::new(server, T);
        let started = std::time::Instant::now();
        let err = guarded.write_all(&[0u8; 4096]).await.expect_err("the reader never reads");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() >= T && started.elapsed() < T * 10, "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn secure_cookies_marks_every_cookie_once() {
        use axum::http::header::SET_COOKIE;
        let app = Router::new()
            .route(
                "/",
                axum::routing::get(|| async {
                    let mut r = axum::response::IntoResponse::into_response("ok");
                    r.headers_mut().append(SET_COOKIE, "a=1; HttpOnly".parse().expect("cookie"));
                    r.headers_mut().append(SET_COOKIE, "b=2; Secure".parse().expect("cookie"));
                    r
                }),
            )
            .layer(axum::middleware::from_fn(secure_cookies));
        let request = axum::http::Request::builder().uri("/").body(axum::body::Body::empty()).expect("request");
        let response = app.oneshot(request).await.expect("response");
        let cookies: Vec<&str> =
            response.headers().get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
        assert_eq!(cookies, ["a=1; HttpOnly; Secure", "b=2; Secure"]);
    }
}
