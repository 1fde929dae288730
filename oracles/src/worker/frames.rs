//! Reading a worker's frames on the thread that waits for them, with a deadline: `poll(2)` on the
//! worker's standard output, so that a frame wakes only the waiting thread (a reader thread and a
//! channel would wake two threads per frame).

use std::io::ErrorKind;
use std::os::fd::{AsRawFd, OwnedFd};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use super::protocol::MAX_FRAME_BYTES;

/// Why [`FrameReader::recv_timeout`] gave no frame.
#[derive(Debug)]
pub(super) enum RecvError {
    /// None came in time.
    Timeout,
    /// The worker closed its output: it died.
    Closed,
    /// The worker sent bytes that are not a frame of the expected message (a worker built from
    /// another tree, or a corrupted output). It may still be running: it must be killed, not
    /// waited for.
    Garbled(String),
}

/// Bytes read from the pipe at a time.
const READ_CHUNK_BYTES: usize = 64 << 10;

/// The frames of one worker's standard output.
pub(super) struct FrameReader {
    pipe: OwnedFd,
    buf: Vec<u8>,
    /// Where the first unread frame of `buf` starts.
    start: usize,
}

impl FrameReader {
    /// Reads frames from `pipe` (a worker's standard output, or any other stream, e.g. a socket),
    /// which is made non-blocking.
    ///
    /// # Errors
    ///
    /// When the pipe's flags cannot be changed.
    pub(super) fn new(pipe: impl Into<OwnedFd>) -> std::io::Result<FrameReader> {
        let pipe: OwnedFd = pipe.into();
        let fd = pipe.as_raw_fd();
        // SAFETY: `fd` is the open pipe owned by `pipe`; F_GETFL and F_SETFL only change its flags.
        let ok = unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            flags >= 0 && libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) >= 0
        };
        if !ok {
            return Err(std::io::Error::last_os_error());
        }
        Ok(FrameReader {
            pipe,
            buf: Vec::new(),
            start: 0,
        })
    }

    /// The next frame, waiting at most `timeout`.
    ///
    /// # Errors
    ///
    /// [`RecvError`]: none came in time, the worker closed its output, or it sent something that
    /// is not a frame of `T`.
    pub(super) fn recv_timeout<T: DeserializeOwned>(&mut self, timeout: Duration) -> Result<T, RecvError> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(frame) = self.take_frame()? {
                return Ok(frame);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(RecvError::Timeout);
            }
            let mut pollfd = libc::pollfd {
                fd: self.pipe.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            let millis = libc::c_int::try_from(left.as_millis() + 1).unwrap_or(libc::c_int::MAX);
            // SAFETY: one valid pollfd for the pipe this reader owns.
            let ready = unsafe { libc::poll(&mut pollfd, 1, millis) };
            if ready < 0 && std::io::Error::last_os_error().kind() != ErrorKind::Interrupted {
                return Err(RecvError::Closed);
            }
            if ready > 0 {
                self.fill()?;
            }
        }
    }

    /// Reads what the pipe holds into the buffer (into its spare capacity: nothing is zeroed first).
    fn fill(&mut self) -> Result<(), RecvError> {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.reserve(READ_CHUNK_BYTES);
        let spare = self.buf.spare_capacity_mut();
        // SAFETY: read(2) writes at most `spare.len()` bytes into the spare capacity of `buf`, which
        // this reader owns, and the pipe is this reader's.
        let read = unsafe { libc::read(self.pipe.as_raw_fd(), spare.as_mut_ptr().cast(), spare.len()) };
        match usize::try_from(read) {
            Ok(0) => Err(RecvError::Closed),
            Ok(n) => {
                // SAFETY: read(2) initialized these `n` bytes of the spare capacity.
                unsafe { self.buf.set_len(self.buf.len() + n) };
                Ok(())
            }
            Err(_) => match std::io::Error::last_os_error().kind() {
                ErrorKind::WouldBlock | ErrorKind::Interrupted => Ok(()),
                _ => Err(RecvError::Closed),
            },
        }
    }

    /// The first whole frame of the buffer, if there is one.
    fn take_frame<T: DeserializeOwned>(&mut self) -> Result<Option<T>, RecvError> {
        let pending = &self.buf[self.start..];
        let Some(len) = pending.first_chunk::<4>().map(|l| u32::from_le_bytes(*l) as usize) else {
            return Ok(None);
        };
        if len > MAX_FRAME_BYTES {
            return Err(RecvError::Garbled(format!(
                "a frame of {len} bytes, over the limit of {MAX_FRAME_BYTES}"
            )));
        }
        let Some(body) = pending.get(4..4 + len) else {
            return Ok(None);
        };
        let frame = postcard::from_bytes(body)
            .map_err(|e| RecvError::Garbled(format!("a frame of {len} bytes that does not decode: {e}")))?;
        self.start += 4 + len;
        Ok(Some(frame))
    }
}
