//! The TCP listener the server runs on. hyper answers a request it cannot
//! parse by itself, before any service sees it, with an empty body: 400 for
//! a byte a URI may not hold (a raw `0xFF`), 414 for a URI over the `http`
//! crate's 64 KiB, 431 for a head larger than its read buffer. Its
//! connections swap exactly that answer for the contract's JSON error.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use sandbox_api::ErrorBody;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use crate::app::{MAX_URI_BYTES, NOSNIFF, NO_STORE};
use crate::error::ApiError;

/// A [`TcpListener`] whose connections answer parse errors in JSON.
pub struct JsonErrorListener(pub TcpListener);

impl Listener for JsonErrorListener {
    type Io = JsonParseErrors<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, SocketAddr) {
        // axum's own accept: it retries (and backs off on EMFILE) by itself.
        let (stream, addr) = Listener::accept(&mut self.0).await;
        (
            JsonParseErrors {
                inner: stream,
                replacement: Vec::new(),
                replaced: 0,
            },
            addr,
        )
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// The caller's address as `ConnectInfo` (axum provides `SocketAddr` only
/// for its own listeners).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub SocketAddr);

impl Connected<IncomingStream<'_, JsonErrorListener>> for ClientAddr {
    fn connect_info(stream: IncomingStream<'_, JsonErrorListener>) -> Self {
        ClientAddr(*stream.remote_addr())
    }
}

/// A connection that writes the JSON error in place of hyper's empty
/// parse-error answer, and everything else as it is.
///
/// It does not support vectored writes, so hyper writes each response head
/// as one buffer (its "flatten" strategy): the parse-error answer always
/// arrives whole, in a write of its own, since hyper sends it only when
/// nothing else is being written and closes the connection after it.
pub struct JsonParseErrors<T> {
    inner: T,
    /// The JSON answer being written instead of hyper's, and how much of it
    /// is written.
    replacement: Vec<u8>,
    replaced: usize,
}

impl<T: AsyncWrite + Unpin> JsonParseErrors<T> {
    /// Writes the rest of the replacement answer, if any.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.replaced < self.replacement.len() {
            let rest = &self.replacement[self.replaced..];
            let written = ready!(Pin::new(&mut self.inner).poll_write(cx, rest))?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.replaced += written;
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for JsonParseErrors<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for JsonParseErrors<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        if let Some(answer) = json_answer(buf) {
            this.replacement = answer;
            this.replaced = 0;
            // hyper's bytes count as written; ours go out on the flush that follows.
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

/// hyper's answer to a request it could not parse is exactly one head,
/// `HTTP/1.1 <400|414|431> …\r\nconnection: close\r\ncontent-length: 0\r\n`
/// then the date; the app never answers those statuses with an empty body
/// and a closed connection. Returns the JSON answer to send instead: the
/// same head with a JSON body and the headers every response carries.
fn json_answer(buf: &[u8]) -> Option<Vec<u8>> {
    const EMPTY_AND_CLOSING: &[u8] = b"\r\nconnection: close\r\ncontent-length: 0\r\n";
    let error = match buf.strip_prefix(b"HTTP/1.1 ")?.get(..4)? {
        b"400 " => ApiError::MalformedRequest,
        b"414 " => ApiError::UriTooLong(MAX_URI_BYTES),
        b"431 " => ApiError::HeadersTooLarge,
        _ => return None,
    };
    let head_end = find(buf, b"\r\n\r\n")? + 4;
    let empty = find(buf, EMPTY_AND_CLOSING)?;
    if head_end != buf.len() || empty > head_end {
        return None;
    }
    let body = serde_json::to_vec(&ErrorBody {
        detail: error.detail(),
    })
    .ok()?;
    let headers = format!(
        "\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         x-content-type-options: {NOSNIFF}\r\ncache-control: {NO_STORE}\r\n",
        body.len()
    );
    let rest_of_head = &buf[empty + EMPTY_AND_CLOSING.len()..];
    Some([&buf[..empty], headers.as_bytes(), rest_of_head, &body].concat())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HYPER_414: &[u8] = b"HTTP/1.1 414 URI Too Long\r\nconnection: close\r\ncontent-length: 0\r\ndate: Tue, 01 Dec 2026 13:24:29 GMT\r\n\r\n";

    #[test]
    fn replaces_hypers_empty_parse_error_answer() {
        let answer = String::from_utf8(json_answer(HYPER_414).unwrap()).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert_eq!(body, r#"{"detail":"URI is longer than 16384 bytes"}"#);
        assert!(head.starts_with("HTTP/1.1 414 URI Too Long\r\nconnection: close\r\n"));
        assert!(head.contains(&format!("\r\ncontent-length: {}\r\n", body.len())));
        assert!(head.contains("\r\ncontent-type: application/json\r\n"));
        assert!(head.ends_with("\r\ndate: Tue, 01 Dec 2026 13:24:29 GMT"));
    }

    #[test]
    fn leaves_every_other_write_alone() {
        let app_400 =
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: 3\r\n\r\nbad";
        let with_body = [HYPER_414, b"x"].concat();
        let ok = b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
        for write in [&app_400[..], &with_body, ok, b"body bytes", b""] {
            assert_eq!(
                json_answer(write),
                None,
                "{}",
                String::from_utf8_lossy(write)
            );
        }
    }
}
