//! The largest handshake message of each type accepted from the peer:
//! OpenSSL 3.0's `ossl_statem_client_max_message_size` and
//! `ossl_statem_server_max_message_size`. A longer message is refused from
//! its 4-byte header, before its body is buffered, with illegal_parameter
//! and `SSL_R_EXCESSIVE_MESSAGE_SIZE`.

use super::tls12::{CERTIFICATE_STATUS, CLIENT_KEY_EXCHANGE, HELLO_REQUEST, SERVER_HELLO_DONE, SERVER_KEY_EXCHANGE};
use super::*;

/// `SSL_MAX_CERT_LIST_DEFAULT`: 100 KiB, the default `max_cert_list`.
pub const DEFAULT_MAX_CERT_LIST: usize = 1024 * 100;

/// The cap on a message whose type the state machine will refuse anyway
/// (OpenSSL refuses it from the header; we once it is whole, so this bounds
/// what we buffer first).
const UNLISTED: usize = 102_400;

/// statem_local.h's limits.
const SSL3_RT_MAX_PLAIN_LENGTH: usize = 16_384;
const CLIENT_HELLO_MAX_LENGTH: usize = 131_396;
const CLIENT_KEY_EXCH_MAX_LENGTH: usize = 2_048;
const SERVER_HELLO_MAX_LENGTH: usize = 20_000;
const ENCRYPTED_EXTENSIONS_MAX_LENGTH: usize = 20_000;
const SERVER_KEY_EXCH_MAX_LENGTH: usize = 102_400;
const SESSION_TICKET_MAX_LENGTH_TLS13: usize = 131_338;
const SESSION_TICKET_MAX_LENGTH_TLS12: usize = 65_541;
const NEXT_PROTO_MAX_LENGTH: usize = 514;
const FINISHED_MAX_LENGTH: usize = 64;
const KEY_UPDATE_MAX_LENGTH: usize = 1;
/// next_protocol_negotiation's message type (draft-agl-tls-nextprotoneg).
const NEXT_PROTO: u8 = 67;

#[derive(Clone, Copy, Debug)]
pub struct MessageLimits {
    /// We are the client: the messages come from a server.
    pub from_server: bool,
    /// `SSL_set_max_cert_list`.
    pub max_cert_list: usize,
}

impl Default for MessageLimits {
    fn default() -> Self {
        MessageLimits { from_server: true, max_cert_list: DEFAULT_MAX_CERT_LIST }
    }
}

impl MessageLimits {
    /// The largest body of a `msg_type` message at negotiated `version`
    /// (0 before the hellos).
    pub fn max_body(&self, msg_type: u8, version: u16) -> usize {
        let tls13 = version >= super::super::TLS1_3_VERSION;
        match (msg_type, self.from_server) {
            (CERTIFICATE, _) => self.max_cert_list,
            // Compressed, it is no larger than the Certificate it stands for.
            (COMPRESSED_CERTIFICATE, _) => self.max_cert_list,
            (CERTIFICATE_VERIFY, _) => SSL3_RT_MAX_PLAIN_LENGTH,
            (FINISHED, _) => FINISHED_MAX_LENGTH,
            (KEY_UPDATE, _) => KEY_UPDATE_MAX_LENGTH,
            // From a server.
            (SERVER_HELLO, true) => SERVER_HELLO_MAX_LENGTH,
            (ENCRYPTED_EXTENSIONS, true) => ENCRYPTED_EXTENSIONS_MAX_LENGTH,
            // "Set to s->max_cert_list for compatibility with previous
            // releases" (long lists of acceptable CAs).
            (CERTIFICATE_REQUEST, true) => self.max_cert_list,
            (CERTIFICATE_STATUS, true) => SSL3_RT_MAX_PLAIN_LENGTH,
            (SERVER_KEY_EXCHANGE, true) => SERVER_KEY_EXCH_MAX_LENGTH,
            (SERVER_HELLO_DONE | HELLO_REQUEST, true) => 0,
            (NEW_SESSION_TICKET, true) if tls13 => SESSION_TICKET_MAX_LENGTH_TLS13,
            (NEW_SESSION_TICKET, true) => SESSION_TICKET_MAX_LENGTH_TLS12,
            // From a client.
            (CLIENT_HELLO, false) => CLIENT_HELLO_MAX_LENGTH,
            (CLIENT_KEY_EXCHANGE, false) => CLIENT_KEY_EXCH_MAX_LENGTH,
            (END_OF_EARLY_DATA, false) => 0,
            (NEXT_PROTO, false) => NEXT_PROTO_MAX_LENGTH,
            _ => UNLISTED,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_limit_follows_max_cert_list() {
        let l = MessageLimits { from_server: true, max_cert_list: 500 };
        assert_eq!(l.max_body(CERTIFICATE, 0x0304), 500);
        assert_eq!(l.max_body(CERTIFICATE_REQUEST, 0x0304), 500);
        let server = MessageLimits { from_server: false, max_cert_list: 700 };
        assert_eq!(server.max_body(CERTIFICATE, 0x0303), 700);
        assert_eq!(server.max_body(CERTIFICATE_REQUEST, 0x0303), UNLISTED);
    }

    #[test]
    fn openssl_limits_per_direction() {
        let client = MessageLimits::default();
        let server = MessageLimits { from_server: false, ..MessageLimits::default() };
        assert_eq!(server.max_body(CLIENT_HELLO, 0), 131_396);
        assert_eq!(client.max_body(SERVER_HELLO, 0), 20_000);
        assert_eq!(client.max_body(NEW_SESSION_TICKET, 0x0304), 131_338);
        assert_eq!(client.max_body(NEW_SESSION_TICKET, 0x0303), 65_541);
        assert_eq!(server.max_body(CLIENT_KEY_EXCHANGE, 0x0303), 2_048);
        assert_eq!(client.max_body(KEY_UPDATE, 0x0304), 1);
        assert_eq!(server.max_body(FINISHED, 0x0303), 64);
    }
}
