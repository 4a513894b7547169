//! The one table of extensions: type, the messages each may appear in (RFC 8446
//! section 4.2), and the checks every message applies once: no duplicates, no
//! extension in a message that may not carry it.

use super::codec::Reader;
use super::{Error, Reason};
use super::alert::AlertDescription;

pub const SERVER_NAME: u16 = 0;
pub const STATUS_REQUEST: u16 = 5;
pub const SUPPORTED_GROUPS: u16 = 10;
pub const EC_POINT_FORMATS: u16 = 11;
/// srp (RFC 5054 2.8.1): the client's SRP username.
pub const SRP: u16 = 12;
pub const SIGNATURE_ALGORITHMS: u16 = 13;
pub const ALPN: u16 = 16;
/// RFC 7250.
pub const CLIENT_CERTIFICATE_TYPE: u16 = 19;
pub const SERVER_CERTIFICATE_TYPE: u16 = 20;
pub const SCT: u16 = 18;
pub const PADDING: u16 = 21;
pub const ENCRYPT_THEN_MAC: u16 = 22;
pub const EXTENDED_MASTER_SECRET: u16 = 23;
pub const COMPRESS_CERTIFICATE: u16 = 27;
pub const SESSION_TICKET: u16 = 35;
pub const PRE_SHARED_KEY: u16 = 41;
pub const EARLY_DATA: u16 = 42;
pub const SUPPORTED_VERSIONS: u16 = 43;
pub const COOKIE: u16 = 44;
pub const PSK_KEY_EXCHANGE_MODES: u16 = 45;
pub const CERTIFICATE_AUTHORITIES: u16 = 47;
pub const POST_HANDSHAKE_AUTH: u16 = 49;
pub const SIGNATURE_ALGORITHMS_CERT: u16 = 50;
pub const KEY_SHARE: u16 = 51;
pub const RENEGOTIATION_INFO: u16 = 0xff01;
/// next_protocol_negotiation (NPN, draft-agl-tls-nextprotoneg-04): TLS 1.2
/// and below, ClientHello and ServerHello.
pub const NEXT_PROTO_NEG: u16 = 13172;

/// Messages that carry extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carrier {
    ClientHello,
    ServerHello,
    HelloRetryRequest,
    EncryptedExtensions,
    Certificate,
    CertificateRequest,
    NewSessionTicket,
    /// A TLS 1.2 ServerHello (RFC 5246 7.4.1.4 and the extensions' RFCs).
    ServerHello12,
}

const CH: u8 = 1;
const SH: u8 = 2;
const HRR: u8 = 4;
const EE: u8 = 8;
const CT: u8 = 16;
const CR: u8 = 32;
const NST: u8 = 64;
const SH12: u8 = 128;

/// RFC 8446 section 4.2's table, with the TLS 1.2 ServerHello's
/// extensions (SH12). Extensions absent here are unknown to us.
const TABLE: &[(u16, u8)] = &[
    (SERVER_NAME, CH | EE | SH12),
    (STATUS_REQUEST, CH | CR | CT | SH12),
    (SUPPORTED_GROUPS, CH | EE),
    (EC_POINT_FORMATS, CH | SH12),
    // A ClientHello's only: the server answers with ServerKeyExchange.
    (SRP, CH),
    (SIGNATURE_ALGORITHMS, CH | CR),
    (ALPN, CH | EE | SH12),
    // RFC 7250 allows them in a TLS 1.2 ServerHello too; we negotiate raw
    // public keys in TLS 1.3 only, so there they are refused.
    (CLIENT_CERTIFICATE_TYPE, CH | EE),
    (SERVER_CERTIFICATE_TYPE, CH | EE),
    (SCT, CH | CR | CT | SH12),
    (PADDING, CH),
    (ENCRYPT_THEN_MAC, CH | SH12),
    (EXTENDED_MASTER_SECRET, CH | SH12),
    // RFC 8879 section 3: ClientHello and CertificateRequest.
    (COMPRESS_CERTIFICATE, CH | CR),
    (SESSION_TICKET, CH | SH12),
    (PRE_SHARED_KEY, CH | SH),
    (EARLY_DATA, CH | EE | NST),
    (SUPPORTED_VERSIONS, CH | SH | HRR),
    (COOKIE, CH | HRR),
    (PSK_KEY_EXCHANGE_MODES, CH),
    (CERTIFICATE_AUTHORITIES, CH | CR),
    (POST_HANDSHAKE_AUTH, CH),
    (SIGNATURE_ALGORITHMS_CERT, CH | CR),
    (KEY_SHARE, CH | SH | HRR),
    (RENEGOTIATION_INFO, CH | SH12),
    (NEXT_PROTO_NEG, CH | SH12),
];

/// Whether the engine handles an extension type itself (it is in the table).
pub fn is_known(ty: u16) -> bool {
    TABLE.iter().any(|(t, _)| *t == ty)
}

fn carrier_bit(c: Carrier) -> u8 {
    match c {
        Carrier::ClientHello => CH,
        Carrier::ServerHello => SH,
        Carrier::HelloRetryRequest => HRR,
        Carrier::EncryptedExtensions => EE,
        Carrier::Certificate => CT,
        Carrier::CertificateRequest => CR,
        Carrier::NewSessionTicket => NST,
        Carrier::ServerHello12 => SH12,
    }
}

/// Extensions of one message, in order, each type once.
pub struct Extensions<'a> {
    pub list: Vec<(u16, &'a [u8])>,
}

impl<'a> Extensions<'a> {
    /// Parses a `extensions<..2^16-1>` block. Duplicates are illegal_parameter
    /// (`SSL_R_BAD_EXTENSION`), as OpenSSL's `tls_collect_extensions` rules; a
    /// known extension in a message that may not carry it likewise.
    /// `solicited` says, for messages from the server, whether we sent an
    /// extension of that type: one we did not send is unsupported_extension.
    pub fn parse(
        block: &'a [u8],
        carrier: Carrier,
        solicited: &dyn Fn(u16) -> bool,
    ) -> Result<Self, Error> {
        let mut r = Reader::new(block);
        let mut list: Vec<(u16, &'a [u8])> = Vec::new();
        while !r.is_empty() {
            let ty = r.u16()?;
            let body = r.vec16()?;
            if list.iter().any(|(t, _)| *t == ty) {
                return Err(Error::illegal(Reason::BAD_EXTENSION, "duplicate extension"));
            }
            let allowed = TABLE.iter().find(|(t, _)| *t == ty).map(|(_, m)| *m);
            if carrier != Carrier::ClientHello && carrier != Carrier::CertificateRequest && carrier != Carrier::NewSessionTicket {
                if !solicited(ty) {
                    return Err(Error::new(
                        AlertDescription::UnsupportedExtension,
                        Reason::UNSOLICITED_EXTENSION,
                        "extension we did not offer",
                    ));
                }
            }
            if let Some(mask) = allowed {
                if mask & carrier_bit(carrier) == 0 {
                    return Err(Error::illegal(Reason::BAD_EXTENSION, "extension not allowed in this message"));
                }
            }
            list.push((ty, body));
        }
        Ok(Extensions { list })
    }

    pub fn get(&self, ty: u16) -> Option<&'a [u8]> {
        self.list.iter().find(|(t, _)| *t == ty).map(|(_, b)| *b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_duplicate_extension() {
        let block = [0, 43, 0, 2, 3, 4, 0, 43, 0, 2, 3, 4];
        let e = Extensions::parse(&block, Carrier::ServerHello, &|_| true).err().unwrap();
        assert_eq!(e.alert, Some(AlertDescription::IllegalParameter));
        assert_eq!(e.reason, Reason::BAD_EXTENSION as i32);
    }

    #[test]
    fn rejects_unsolicited_extension() {
        let block = [0, 16, 0, 0];
        let e = Extensions::parse(&block, Carrier::EncryptedExtensions, &|_| false).err().unwrap();
        assert_eq!(e.alert, Some(AlertDescription::UnsupportedExtension));
    }

    #[test]
    fn rejects_extension_in_wrong_message() {
        // key_share may not appear in EncryptedExtensions.
        let block = [0, 51, 0, 0];
        let e = Extensions::parse(&block, Carrier::EncryptedExtensions, &|_| true).err().unwrap();
        assert_eq!(e.alert, Some(AlertDescription::IllegalParameter));
    }

    #[test]
    fn rejects_truncated_extension_block() {
        let block = [0, 16, 0, 5, 1];
        assert!(Extensions::parse(&block, Carrier::ClientHello, &|_| true).is_err());
    }
}
