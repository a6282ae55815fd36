//! The server's side of the closing handshake (RFC 6455 §7.1.1): after sending its Close frame
//! the server reads until the client's Close has arrived (bounded: the client may be gone), and
//! only then closes TCP. Closing at once would leave the client's Close to meet a reset, which
//! browsers report as `wasClean: false`.
//!
//! The client's Close is recognised below tungstenite: [`Watched`] follows the frame boundaries
//! of every byte read, so it knows a Close has arrived even when tungstenite has buffered it but
//! not parsed it, and it can keep reading after tungstenite has given up on the connection (a
//! frame over the limit ends tokio-tungstenite's stream; the rest of that frame is still coming).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::SinkExt;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// How long the server waits for the client's Close before closing TCP anyway.
pub const HANDSHAKE_BOUND: Duration = Duration::from_secs(1);

/// Sends Close, waits (bounded) for the client's Close, then closes the connection (with TLS,
/// close_notify first). Returns whether the Close frame was sent.
pub async fn close<S>(mut ws: WebSocketStream<Watched<S>>, code: u16, reason: &'static str) -> bool
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let deadline = tokio::time::Instant::now() + HANDSHAKE_BOUND;
    let frame = CloseFrame {
        code: CloseCode::from(code),
        reason: reason.into(),
    };
    let sent = tokio::time::timeout_at(deadline, ws.send(Message::Close(Some(frame))))
        .await
        .is_ok_and(|r| r.is_ok());
    // Everything after our Close is discarded, so it is read raw, past tungstenite.
    let io = ws.get_mut();
    let mut scratch = [0u8; 4096];
    while sent && !io.scanner.close_seen {
        match tokio::time::timeout_at(deadline, io.read(&mut scratch)).await {
            Ok(Ok(n)) if n > 0 => {}
            _ => break,
        }
    }
    let _ = tokio::time::timeout(Duration::from_millis(200), io.shutdown()).await;
    sent
}

/// An I/O stream that follows the WebSocket frames read through it.
pub struct Watched<S> {
    inner: S,
    scanner: Scanner,
}

impl<S> Watched<S> {
    pub fn new(inner: S) -> Self {
        Watched {
            inner,
            scanner: Scanner::default(),
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled {
            let read = &buf.filled()[before..];
            self.scanner.feed(read);
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Frame boundaries of a byte stream: header bytes are gathered, payloads skipped by length.
#[derive(Default)]
struct Scanner {
    header: Vec<u8>,
    opcode: u8,
    /// Payload bytes of the current frame still to come.
    remaining: u64,
    close_seen: bool,
}

const CLOSE: u8 = 0x8;

impl Scanner {
    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.remaining > 0 {
                let skipped = self.remaining.min(bytes.len() as u64);
                bytes = &bytes[skipped as usize..];
                self.remaining -= skipped;
                self.close_seen |= self.remaining == 0 && self.opcode == CLOSE;
                continue;
            }
            self.header.push(bytes[0]);
            bytes = &bytes[1..];
            if let Some((opcode, length)) = parse_header(&self.header) {
                self.header.clear();
                self.opcode = opcode;
                self.remaining = length;
                self.close_seen |= length == 0 && opcode == CLOSE;
            }
        }
    }
}

/// A complete frame header's opcode and payload length; `None` while bytes are missing.
fn parse_header(header: &[u8]) -> Option<(u8, u64)> {
    let [first, second, rest @ ..] = header else {
        return None;
    };
    let extended = match second & 0x7f {
        126 => 2,
        127 => 8,
        _ => 0,
    };
    let mask = if second & 0x80 != 0 { 4 } else { 0 };
    if rest.len() < extended + mask {
        return None;
    }
    let length = match extended {
        0 => u64::from(second & 0x7f),
        n => rest[..n]
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
    };
    Some((first & 0x0f, length))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A masked client frame: FIN, opcode, mask 0, payload length encoded as the RFC says.
    fn frame(opcode: u8, length: usize) -> Vec<u8> {
        let mut bytes = vec![0x80 | opcode];
        match length {
            0..=125 => bytes.push(0x80 | length as u8),
            126..=0xffff => {
                bytes.push(0x80 | 126);
                bytes.extend((length as u16).to_be_bytes());
            }
            _ => {
                bytes.push(0x80 | 127);
                bytes.extend((length as u64).to_be_bytes());
            }
        }
        bytes.extend([0; 4]);
        bytes.extend(std::iter::repeat_n(0x88, length));
        bytes
    }

    #[test]
    fn a_close_after_large_frames_is_seen_whatever_the_read_sizes() {
        let mut stream = frame(0x1, 70_000);
        stream.extend(frame(0x2, 300));
        stream.extend(frame(0x1, 5));
        stream.extend(frame(CLOSE, 2));
        for chunk in [1, 3, 7, 4096] {
            let mut scanner = Scanner::default();
            let (body, last) = stream.split_at(stream.len() - 1);
            body.chunks(chunk).for_each(|c| scanner.feed(c));
            // Payload bytes equal to a Close opcode byte do not fool it.
            assert!(!scanner.close_seen, "read in chunks of {chunk}");
            scanner.feed(last);
            assert!(scanner.close_seen, "read in chunks of {chunk}");
        }
    }

    #[test]
    fn an_empty_close_is_seen() {
        let mut scanner = Scanner::default();
        scanner.feed(&frame(0x9, 0));
        assert!(!scanner.close_seen);
        scanner.feed(&frame(CLOSE, 0));
        assert!(scanner.close_seen);
    }
}
