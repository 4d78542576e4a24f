//! Keys from the bytes an SSH client sends: what a terminal types (UTF-8 text, control
//! characters, the common escape sequences of xterm and VT100), turned into the key events
//! the screens' keymap reads. Anything else is skipped, never an error: a client may send
//! garbage.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// At most this many keys are read from one packet: a paste of a megabyte is not a megabyte
/// of actions for the one session everyone shares.
pub const MAX_KEYS_PER_PACKET: usize = 256;

/// The keys in `bytes`. An escape sequence is expected whole in one packet, as SSH clients
/// send them; an Esc alone at the end is the Esc key.
pub fn keys(bytes: &[u8]) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() && out.len() < MAX_KEYS_PER_PACKET {
        let b = bytes[i];
        i += 1;
        let key = match b {
            0x1b => {
                let (key, used) = escape(&bytes[i..]);
                i += used;
                key
            }
            b'\r' | b'\n' => Some(plain(KeyCode::Enter)),
            b'\t' => Some(plain(KeyCode::Tab)),
            0x7f | 0x08 => Some(plain(KeyCode::Backspace)),
            0 => Some(KeyEvent::new(KeyCode::Char(' '), KeyModifiers::CONTROL)),
            1..=26 => Some(KeyEvent::new(
                KeyCode::Char(char::from(b'a' + b - 1)),
                KeyModifiers::CONTROL,
            )),
            0x1c..=0x1f => None,
            0x20..=0x7e => Some(char_key(char::from(b))),
            _ => {
                // A UTF-8 character of two to four bytes, or a stray byte skipped.
                let len = match b {
                    0xc2..=0xdf => 2,
                    0xe0..=0xef => 3,
                    0xf0..=0xf4 => 4,
                    _ => 0,
                };
                let end = i - 1 + len;
                if len == 0 || end > bytes.len() {
                    None
                } else {
                    match std::str::from_utf8(&bytes[i - 1..end]) {
                        Ok(s) => {
                            i = end;
                            s.chars().next().map(char_key)
                        }
                        Err(_) => None,
                    }
                }
            }
        };
        out.extend(key);
    }
    out
}

fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn char_key(c: char) -> KeyEvent {
    let m = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), m)
}

/// The key an escape sequence (the bytes after ESC) stands for, and how many bytes it used.
fn escape(rest: &[u8]) -> (Option<KeyEvent>, usize) {
    match rest.first() {
        None | Some(0x1b) => (Some(plain(KeyCode::Esc)), 0),
        Some(b'[') => csi(&rest[1..]).map_or((None, rest.len()), |(k, n)| (k, n + 1)),
        Some(b'O') => {
            let key = rest.get(1).and_then(|b| ss3(*b));
            (key.map(plain), rest.len().min(2))
        }
        // Alt with a key: the key as typed, with Alt.
        Some(&b) if (0x20..0x7f).contains(&b) => (
            Some(KeyEvent::new(
                KeyCode::Char(char::from(b)),
                KeyModifiers::ALT,
            )),
            1,
        ),
        Some(_) => (Some(plain(KeyCode::Esc)), 0),
    }
}

fn ss3(b: u8) -> Option<KeyCode> {
    Some(match b {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// A CSI sequence: parameters (digits and `;`), then one final byte. `None` when it never
/// ends (all of the rest is dropped).
fn csi(rest: &[u8]) -> Option<(Option<KeyEvent>, usize)> {
    let end = rest.iter().position(|b| (0x40..=0x7e).contains(b))?;
    let params = &rest[..end];
    let final_byte = rest[end];
    let mut nums = params.split(|b| *b == b';').map(|p| {
        std::str::from_utf8(p)
            .ok()
            .and_then(|s| s.parse::<u16>().ok())
    });
    let first = nums.next().flatten();
    let modifier = nums.next().flatten().map_or(KeyModifiers::NONE, |m| {
        let bits = m.saturating_sub(1);
        let mut k = KeyModifiers::NONE;
        if bits & 1 != 0 {
            k |= KeyModifiers::SHIFT;
        }
        if bits & 2 != 0 {
            k |= KeyModifiers::ALT;
        }
        if bits & 4 != 0 {
            k |= KeyModifiers::CONTROL;
        }
        k
    });
    let code = match final_byte {
        b'Z' => Some(KeyCode::BackTab),
        b'~' => match first {
            Some(1 | 7) => Some(KeyCode::Home),
            Some(2) => Some(KeyCode::Insert),
            Some(3) => Some(KeyCode::Delete),
            Some(4 | 8) => Some(KeyCode::End),
            Some(5) => Some(KeyCode::PageUp),
            Some(6) => Some(KeyCode::PageDown),
            _ => None,
        },
        b => ss3(b),
    };
    let key = code.map(|c| {
        let m = if c == KeyCode::BackTab {
            KeyModifiers::SHIFT
        } else {
            modifier
        };
        KeyEvent::new(c, m)
    });
    Some((key, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn codes(bytes: &[u8]) -> Vec<KeyCode> {
        keys(bytes).into_iter().map(|k| k.code).collect()
    }

    #[test]
    fn what_terminals_send_becomes_keys() {
        assert_eq!(
            codes(b"7\r\x1b[A\x1bOB\x1b[5~\x7f\t\x1b[Z\x1b"),
            vec![
                KeyCode::Char('7'),
                KeyCode::Enter,
                KeyCode::Up,
                KeyCode::Down,
                KeyCode::PageUp,
                KeyCode::Backspace,
                KeyCode::Tab,
                KeyCode::BackTab,
                KeyCode::Esc,
            ]
        );
        assert_eq!(
            codes("é,5".as_bytes()),
            vec![KeyCode::Char('é'), KeyCode::Char(','), KeyCode::Char('5')]
        );
        let c = keys(b"\x03");
        assert_eq!(c[0].code, KeyCode::Char('c'));
        assert!(c[0].modifiers.contains(KeyModifiers::CONTROL));
        assert_eq!(keys(b"S")[0].modifiers, KeyModifiers::SHIFT);
        let shifted = keys(b"\x1b[1;2C");
        assert_eq!(shifted[0].code, KeyCode::Right);
        assert!(shifted[0].modifiers.contains(KeyModifiers::SHIFT));
    }

    #[test]
    fn garbage_is_skipped_and_a_flood_is_cut() {
        assert_eq!(codes(b"\xff\xfe\x1b[999999999x\x1b[\xc3"), vec![]);
        assert_eq!(keys(&[b'j'; 10_000]).len(), MAX_KEYS_PER_PACKET);
    }

    proptest! {
        #[test]
        fn any_bytes_give_at_most_one_key_a_byte(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let k = keys(&bytes);
            prop_assert!(k.len() <= bytes.len());
        }
    }
}
