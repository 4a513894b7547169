//! OpenSSL's handshake states (`OSSL_HANDSHAKE_STATE`), derived from the
//! messages the engine sent and received, for `SSL_get_state`,
//! `SSL_state_string(_long)` and the info callback's loop events.

use crate::tls::msgs;
use crate::tls::msgs::tls12::{CERTIFICATE_STATUS, CLIENT_KEY_EXCHANGE, SERVER_HELLO_DONE, SERVER_KEY_EXCHANGE};

pub const BEFORE: u32 = 0;
pub const OK: u32 = 1;
pub const CW_CLNT_HELLO: u32 = 12;
pub const SR_CLNT_HELLO: u32 = 20;
/// TLS_ST_EARLY_DATA: where a TLS 1.3 server waits for the client's Finished.
pub const EARLY_DATA: u32 = 46;

/// The state OpenSSL is in after sending (`sent`) or receiving a message of
/// handshake type `ty` (0: change_cipher_spec) in the given role; TLS 1.2's
/// messages have types of their own, and only TLS 1.2 reports a received
/// change_cipher_spec.
pub fn after_message(server: bool, sent: bool, ty: u8) -> Option<u32> {
    Some(match (server, sent, ty) {
        (false, true, msgs::CLIENT_HELLO) => CW_CLNT_HELLO,
        (false, false, msgs::SERVER_HELLO) => 3,
        (false, false, msgs::CERTIFICATE) => 4,
        (false, false, CERTIFICATE_STATUS) => 5,
        (false, false, SERVER_KEY_EXCHANGE) => 6,
        (false, false, SERVER_HELLO_DONE) => 8,
        (false, false, 0) => 10,
        (false, true, CLIENT_KEY_EXCHANGE) => 14,
        (false, false, msgs::CERTIFICATE_REQUEST) => 7,
        (false, false, msgs::NEW_SESSION_TICKET) => 9,
        (false, false, msgs::FINISHED) => 11,
        (false, true, msgs::CERTIFICATE) => 13,
        (false, true, msgs::CERTIFICATE_VERIFY) => 15,
        (false, true, 0) => 16,
        (false, true, msgs::FINISHED) => 18,
        (false, false, msgs::ENCRYPTED_EXTENSIONS) => 38,
        (false, false, msgs::CERTIFICATE_VERIFY) => 39,
        (false, true, msgs::KEY_UPDATE) => 43,
        (false, false, msgs::KEY_UPDATE) => 45,
        (true, false, msgs::CLIENT_HELLO) => SR_CLNT_HELLO,
        (true, true, msgs::SERVER_HELLO) => 22,
        (true, true, msgs::CERTIFICATE) => 23,
        (true, true, SERVER_KEY_EXCHANGE) => 24,
        (true, true, msgs::CERTIFICATE_REQUEST) => 25,
        (true, true, SERVER_HELLO_DONE) => 26,
        (true, false, CLIENT_KEY_EXCHANGE) => 28,
        (true, false, 0) => 31,
        (true, true, CERTIFICATE_STATUS) => 34,
        (true, false, msgs::CERTIFICATE) => 27,
        (true, false, msgs::CERTIFICATE_VERIFY) => 29,
        (true, false, msgs::FINISHED) => 32,
        (true, true, msgs::NEW_SESSION_TICKET) => 33,
        (true, true, 0) => 35,
        (true, true, msgs::FINISHED) => 36,
        (true, true, msgs::ENCRYPTED_EXTENSIONS) => 37,
        (true, true, msgs::CERTIFICATE_VERIFY) => 40,
        (true, true, msgs::KEY_UPDATE) => 42,
        (true, false, msgs::KEY_UPDATE) => 44,
        _ => return None,
    })
}

/// The handshake's round-trip time as OpenSSL 3.5 measures it for
/// `SSL_get_handshake_rtt`: from our first flight's message (a client's
/// ClientHello, a server's ServerHello) to the peer's answer (ServerHello;
/// the client's first message after our flight).
#[derive(Clone, Copy, Debug, Default)]
pub struct HandshakeRtt {
    sent: Option<std::time::Instant>,
    answered: Option<std::time::Instant>,
}

impl HandshakeRtt {
    /// Notes a handshake message sent (`sent`) or received, of type `ty`.
    pub fn message(&mut self, server: bool, sent: bool, ty: u8) {
        let ours = if server { msgs::SERVER_HELLO } else { msgs::CLIENT_HELLO };
        if sent && ty == ours && self.sent.is_none() {
            self.sent = Some(std::time::Instant::now());
        } else if !sent && self.sent.is_some() && self.answered.is_none() && (server || ty == msgs::SERVER_HELLO) {
            self.answered = Some(std::time::Instant::now());
        }
    }

    /// Microseconds, when both ends of the measurement are known.
    pub fn micros(&self) -> Option<u64> {
        let (sent, answered) = (self.sent?, self.answered?);
        Some(u64::try_from(answered.saturating_duration_since(sent).as_micros()).unwrap_or(u64::MAX))
    }
}
