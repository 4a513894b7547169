//! NewSessionTicket (RFC 8446 section 4.6.1).

use crate::tls::codec::Reader;
use crate::tls::extensions::{self as ext, Carrier, Extensions};
use crate::tls::{Error, Reason};
use crate::tls::alert::AlertDescription;

pub struct NewSessionTicket {
    pub lifetime: u32,
    pub age_add: u32,
    pub nonce: Vec<u8>,
    pub ticket: Vec<u8>,
    pub max_early_data: u32,
    /// Extensions left to the application (`custom_ext::collect`).
    pub app_extensions: Vec<(u16, Vec<u8>)>,
}

/// "Servers MUST NOT use any value greater than 604800 seconds (7 days)"
/// (RFC 8446 section 4.6.1).
pub const MAX_TICKET_LIFETIME: u32 = 604_800;

impl NewSessionTicket {
    pub fn parse(body: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let lifetime = r.u32()?;
        let age_add = r.u32()?;
        let nonce = r.vec8()?.to_vec();
        let ticket = r.vec16()?;
        if ticket.is_empty() {
            // OpenSSL: SSL_R_LENGTH_MISMATCH with decode_error for an empty ticket.
            return Err(Error::decode("empty ticket"));
        }
        let exts = Extensions::parse(r.vec16()?, Carrier::NewSessionTicket, &|_| true)?;
        r.finish()?;
        let max_early_data = match exts.get(ext::EARLY_DATA) {
            Some(b) => {
                let mut er = Reader::new(b);
                let v = er.u32()?;
                er.finish().map_err(|_| Error::new(AlertDescription::DecodeError, Reason::BAD_EXTENSION, "early_data"))?;
                v
            }
            None => 0,
        };
        let app_extensions = crate::tls::custom_ext::collect(&exts);
        Ok(NewSessionTicket { lifetime, age_add, nonce, ticket: ticket.to_vec(), max_early_data, app_extensions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tls::codec::Writer;

    fn nst(ticket: &[u8], trailing: bool) -> Vec<u8> {
        let mut w = Writer::new();
        w.u32(7200);
        w.u32(42);
        w.vec8(|w| w.bytes(&[0, 1]));
        w.vec16(|w| w.bytes(ticket));
        w.vec16(|w| {
            w.u16(ext::EARLY_DATA);
            w.vec16(|w| w.u32(16384));
        });
        if trailing {
            w.u8(0);
        }
        w.buf
    }

    #[test]
    fn parses_ticket() {
        let t = NewSessionTicket::parse(&nst(b"tick", false)).unwrap();
        assert_eq!((t.lifetime, t.age_add, t.max_early_data), (7200, 42, 16384));
        assert_eq!(t.ticket, b"tick");
        assert_eq!(t.nonce, vec![0, 1]);
    }

    #[test]
    fn rejects_empty_ticket() {
        assert!(NewSessionTicket::parse(&nst(b"", false)).is_err());
    }

    #[test]
    fn rejects_ticket_trailing_bytes() {
        assert!(NewSessionTicket::parse(&nst(b"t", true)).is_err());
    }
}
