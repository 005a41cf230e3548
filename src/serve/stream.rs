//! A response body written while the client reads it: a blocking task writes into a
//! [`ChunkWriter`], whose chunks travel through a small channel to the connection, so that an
//! export of the whole index holds a few chunks in memory rather than the whole file.

use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use http_body::Frame;
use tokio::runtime::Handle;
use tokio::sync::mpsc;

/// Bytes gathered before a chunk is sent.
const CHUNK: usize = 64 << 10;
/// Chunks written ahead of the client: the memory one export may hold.
const CHUNKS_AHEAD: usize = 4;
/// A client that takes nothing for this long is dropped, so that it cannot hold a heavy
/// request's place for ever.
pub const STALL: Duration = Duration::from_secs(30);

type Chunk = io::Result<Bytes>;

/// Where the writing task writes; each full chunk waits until the client has room for it.
pub struct ChunkWriter {
    sender: mpsc::Sender<Chunk>,
    buffer: Vec<u8>,
    runtime: Handle,
    /// Whether the client went away (then the failure is not worth reporting).
    pub client_gone: bool,
}

impl ChunkWriter {
    fn send(&mut self) -> io::Result<()> {
        let chunk = Bytes::from(std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK)));
        let sender = &self.sender;
        // The timer is made inside `block_on`, where the runtime it needs is entered.
        let sent = self
            .runtime
            .block_on(async { tokio::time::timeout(STALL, sender.send(Ok(chunk))).await });
        match sent {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => {
                self.client_gone = true;
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "the client closed the connection"))
            }
            Err(_) => {
                self.client_gone = true;
                let stalled = format!("the client read nothing for {} s", STALL.as_secs());
                Err(io::Error::new(io::ErrorKind::TimedOut, stalled))
            }
        }
    }

    /// Ends the body with an error, so that the client sees a broken transfer rather than a
    /// complete-looking truncated file.
    pub fn fail(self, message: String) {
        let _ = self.sender.try_send(Err(io::Error::other(message)));
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            Ok(())
        } else {
            self.send()
        }
    }
}

/// A body and the writer that produces it; the body ends when the writer is dropped.
pub fn channel(runtime: Handle) -> (Body, ChunkWriter) {
    let (sender, receiver) = mpsc::channel(CHUNKS_AHEAD);
    let writer =
        ChunkWriter { sender, buffer: Vec::with_capacity(CHUNK), runtime, client_gone: false };
    (Body::new(Chunks(receiver)), writer)
}

struct Chunks(mpsc::Receiver<Chunk>);

impl http_body::Body for Chunks {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<io::Result<Frame<Bytes>>>> {
        self.get_mut().0.poll_recv(context).map(|chunk| chunk.map(|chunk| chunk.map(Frame::data)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_what_was_written_in_chunks() {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        let (body, mut writer) = channel(runtime.handle().clone());
        let writing = std::thread::spawn(move || {
            for n in 0..20_000u32 {
                writeln!(writer, "rad {n}").unwrap();
            }
            writer.flush().unwrap();
        });
        let collected = runtime.block_on(axum::body::to_bytes(body, usize::MAX)).unwrap();
        writing.join().unwrap();
        let expected: String = (0..20_000u32).map(|n| format!("rad {n}\n")).collect();
        assert_eq!(collected, expected.as_bytes());
    }

    #[test]
    fn a_dropped_body_stops_the_writer() {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        let (body, mut writer) = channel(runtime.handle().clone());
        drop(body);
        let error = writer.write_all(&vec![b'x'; CHUNK]).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
        assert!(writer.client_gone);
    }
}
