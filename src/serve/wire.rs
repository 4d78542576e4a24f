//! A screen's bytes on their way to one SSH client, through a short queue of frames.
//!
//! The session's owner draws every screen on one thread and must never wait for a client: a
//! client that stops reading (a laptop closed on the call, a network gone) would otherwise stop
//! every screen. So a frame goes into a queue of [`QUEUE_FRAMES`]; when that queue is full, the
//! frame is dropped and the screen marked, and once the client has read what was queued the
//! owner is told to draw that screen again in full.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::mpsc;

/// Frames queued for one client before the next is dropped.
pub const QUEUE_FRAMES: usize = 8;

/// What the owner's terminal for one connection writes to (ratatui's crossterm backend).
pub struct Outbox {
    buf: Vec<u8>,
    frames: mpsc::Sender<Vec<u8>>,
    dropped: Arc<AtomicBool>,
}

/// The other end of an [`Outbox`], read by the task that sends to the client.
pub struct Inbox {
    pub frames: mpsc::Receiver<Vec<u8>>,
    pub dropped: Arc<AtomicBool>,
}

pub fn outbox() -> (Outbox, Inbox) {
    let (tx, rx) = mpsc::channel(QUEUE_FRAMES);
    let dropped = Arc::new(AtomicBool::new(false));
    (
        Outbox {
            buf: Vec::new(),
            frames: tx,
            dropped: dropped.clone(),
        },
        Inbox {
            frames: rx,
            dropped,
        },
    )
}

impl Outbox {
    /// Whether a frame was dropped and the screen is not what the terminal shows.
    pub fn behind(&self) -> bool {
        self.dropped.load(Ordering::Relaxed)
    }
}

impl io::Write for Outbox {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let frame = std::mem::take(&mut self.buf);
        match self.frames.try_send(frame) {
            Ok(()) => Ok(()),
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.dropped.store(true, Ordering::Relaxed);
                Ok(())
            }
            // The client is gone and its screen with it: nothing to tell anyone.
            Err(mpsc::error::TrySendError::Closed(_)) => Ok(()),
        }
    }
}

impl Inbox {
    /// After a frame was sent: whether frames were dropped and all queued ones are out, so the
    /// screen should now be drawn again in full (the mark is taken).
    pub fn drained_after_drop(&mut self) -> bool {
        self.frames.is_empty() && self.dropped.swap(false, Ordering::Relaxed)
    }
}

/// ratatui's backend for a screen over SSH: crossterm's escape codes into an [`Outbox`], with
/// the size the client gave and the cursor where it was last put. Nothing is asked of a real
/// terminal: the server's own (if it has one) is never touched.
pub struct SshBackend {
    inner: ratatui::backend::CrosstermBackend<Outbox>,
    size: Size,
    cursor: Position,
}

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

impl SshBackend {
    pub fn new(out: Outbox, (width, height): (u16, u16)) -> SshBackend {
        SshBackend {
            inner: ratatui::backend::CrosstermBackend::new(out),
            size: Size::new(width.max(1), height.max(1)),
            cursor: Position::ORIGIN,
        }
    }

    pub fn set_size(&mut self, (width, height): (u16, u16)) {
        self.size = Size::new(width.max(1), height.max(1));
    }
}

impl Backend for SshBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.cursor = p;
        self.inner.set_cursor_position(p)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::new(0, 0),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_full_queue_drops_frames_instead_of_waiting_and_asks_for_a_full_redraw() {
        let (mut out, mut inbox) = outbox();
        for i in 0..QUEUE_FRAMES + 5 {
            write!(out, "frame {i}").unwrap();
            out.flush().unwrap();
        }
        assert!(out.behind());
        let mut got = 0;
        while let Ok(f) = inbox.frames.try_recv() {
            assert_eq!(f, format!("frame {got}").into_bytes());
            got += 1;
        }
        assert_eq!(got, QUEUE_FRAMES);
        assert!(inbox.drained_after_drop());
        assert!(!inbox.drained_after_drop(), "asked once");
        drop(inbox);
        write!(out, "late").unwrap();
        assert!(out.flush().is_ok(), "a client gone is no error to report");
    }
}
