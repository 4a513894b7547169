//! Handshake messages, one file per family, and the framing they share.

pub mod certificate;
pub mod hello;
pub mod limits;
pub mod misc;
pub mod psk12;
pub mod ticket;
pub mod tls12;

use super::codec::Writer;
use super::{Error, Reason};
use super::alert::AlertDescription;

pub const CLIENT_HELLO: u8 = 1;
pub const SERVER_HELLO: u8 = 2;
pub const NEW_SESSION_TICKET: u8 = 4;
pub const END_OF_EARLY_DATA: u8 = 5;
pub const ENCRYPTED_EXTENSIONS: u8 = 8;
pub const CERTIFICATE: u8 = 11;
pub const CERTIFICATE_REQUEST: u8 = 13;
pub const CERTIFICATE_VERIFY: u8 = 15;
pub const FINISHED: u8 = 20;
/// NextProtocol (NPN): after ChangeCipherSpec, before Finished.
pub const NEXT_PROTOCOL: u8 = 67;
pub const KEY_UPDATE: u8 = 24;
/// RFC 8879's CompressedCertificate.
pub const COMPRESSED_CERTIFICATE: u8 = 25;
pub const MESSAGE_HASH: u8 = 254;
/// What `Common::next_handshake_message` returns for a TLS 1.2
/// change_cipher_spec: this type with an empty message (a real handshake
/// message always has its 4-byte header).
pub const CHANGE_CIPHER_SPEC_MARKER: u8 = 0xff;

pub use limits::{MessageLimits, DEFAULT_MAX_CERT_LIST};

/// Frames a handshake message: type, 24-bit length, body.
pub fn frame(msg_type: u8, body: impl FnOnce(&mut Writer)) -> Vec<u8> {
    let mut w = Writer::new();
    w.u8(msg_type);
    w.vec24(body);
    w.buf
}

/// Reassembles handshake messages from the payloads of handshake records;
/// messages may span records and records may carry several messages.
#[derive(Default)]
pub struct HandshakeJoiner {
    buf: Vec<u8>,
}

impl HandshakeJoiner {
    pub fn push(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The next complete message (type, whole encoding including the
    /// header); `max_body` gives the largest body a type may have.
    pub fn next_message(&mut self, max_body: impl Fn(u8) -> usize) -> Result<Option<(u8, Vec<u8>)>, Error> {
        if self.buf.len() < 4 {
            return Ok(None);
        }
        let len = ((self.buf[1] as usize) << 16) | ((self.buf[2] as usize) << 8) | self.buf[3] as usize;
        if len > max_body(self.buf[0]) {
            return Err(Error::new(
                AlertDescription::IllegalParameter,
                Reason::EXCESSIVE_MESSAGE_SIZE,
                "handshake message too long",
            ));
        }
        if self.buf.len() < 4 + len {
            return Ok(None);
        }
        let msg: Vec<u8> = self.buf.drain(..4 + len).collect();
        Ok(Some((msg[0], msg)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_messages_across_records() {
        let m = frame(FINISHED, |w| w.bytes(&[9; 40]));
        let mut j = HandshakeJoiner::default();
        j.push(&m[..10]);
        assert!(j.next_message(|_| 64).unwrap().is_none());
        j.push(&m[10..]);
        let (t, got) = j.next_message(|_| 64).unwrap().unwrap();
        assert_eq!((t, got), (FINISHED, m));
        assert!(j.is_empty());
    }

    #[test]
    fn rejects_oversized_handshake_message() {
        let mut j = HandshakeJoiner::default();
        j.push(&[CERTIFICATE, 0x10, 0, 0]);
        let e = j.next_message(|t| MessageLimits::default().max_body(t, 0x0304)).unwrap_err();
        assert_eq!(e.reason, Reason::EXCESSIVE_MESSAGE_SIZE as i32);
        // Refused from the header alone: a Certificate one byte over
        // max_cert_list, with none of its body yet.
        let mut j = HandshakeJoiner::default();
        j.push(&[CERTIFICATE, 0, 0x01, 0xf5]);
        let limits = MessageLimits { from_server: true, max_cert_list: 500 };
        assert!(j.next_message(|t| limits.max_body(t, 0x0304)).is_err());
        let mut j = HandshakeJoiner::default();
        j.push(&[CERTIFICATE, 0, 0x01, 0xf4]);
        assert!(j.next_message(|t| limits.max_body(t, 0x0304)).unwrap().is_none());
    }
}
