//! EncryptedExtensions, Finished and KeyUpdate.

use crate::tls::codec::Reader;
use crate::tls::extensions::{self as ext, Carrier, Extensions};
use crate::tls::{Error, Reason};
use crate::tls::alert::AlertDescription;

/// What the client takes from EncryptedExtensions.
pub struct EncryptedExtensions {
    pub alpn: Option<Vec<u8>>,
    pub server_name_acked: bool,
    pub early_data_accepted: bool,
    /// client_certificate_type / server_certificate_type bodies (RFC 7250).
    pub client_cert_type: Option<Vec<u8>>,
    pub server_cert_type: Option<Vec<u8>>,
    /// Extensions left to the application (`custom_ext::collect`).
    pub app_extensions: Vec<(u16, Vec<u8>)>,
}

impl EncryptedExtensions {
    pub fn parse(body: &[u8], solicited: &dyn Fn(u16) -> bool) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let exts = Extensions::parse(r.vec16()?, Carrier::EncryptedExtensions, solicited)?;
        r.finish()?;
        let alpn = match exts.get(ext::ALPN) {
            Some(b) => {
                // ProtocolNameList with exactly one non-empty name (RFC 7301 section 3.1).
                let mut er = Reader::new(b);
                let mut list = Reader::new(er.vec16()?);
                er.finish()?;
                let name = list.vec8()?;
                list.finish().map_err(|_| Error::new(AlertDescription::DecodeError, Reason::BAD_EXTENSION, "ALPN list"))?;
                if name.is_empty() {
                    return Err(Error::new(AlertDescription::DecodeError, Reason::BAD_EXTENSION, "empty ALPN"));
                }
                Some(name.to_vec())
            }
            None => None,
        };
        if let Some(b) = exts.get(ext::SERVER_NAME) {
            if !b.is_empty() {
                return Err(Error::bad_extension("server_name ack not empty"));
            }
        }
        Ok(EncryptedExtensions {
            alpn,
            server_name_acked: exts.get(ext::SERVER_NAME).is_some(),
            early_data_accepted: exts.get(ext::EARLY_DATA).is_some(),
            client_cert_type: exts.get(ext::CLIENT_CERTIFICATE_TYPE).map(<[u8]>::to_vec),
            server_cert_type: exts.get(ext::SERVER_CERTIFICATE_TYPE).map(<[u8]>::to_vec),
            app_extensions: crate::tls::custom_ext::collect(&exts),
        })
    }
}

/// KeyUpdateRequest: 0 update_not_requested, 1 update_requested.
pub fn parse_key_update(body: &[u8]) -> Result<bool, Error> {
    let mut r = Reader::new(body);
    let v = r.u8()?;
    r.finish()?;
    match v {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(Error::illegal(Reason::BAD_KEY_UPDATE, "KeyUpdate value")),
    }
}

pub fn encode_key_update(request: bool) -> Vec<u8> {
    super::frame(super::KEY_UPDATE, |w| w.u8(request as u8))
}

pub fn encode_finished(verify_data: &[u8]) -> Vec<u8> {
    super::frame(super::FINISHED, |w| w.bytes(verify_data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_key_update_value() {
        assert_eq!(parse_key_update(&[2]).unwrap_err().alert, Some(AlertDescription::IllegalParameter));
        assert!(parse_key_update(&[1, 0]).is_err());
        assert!(parse_key_update(&[1]).unwrap());
    }

    #[test]
    fn parses_alpn() {
        let body = [0, 10, 0, 16, 0, 6, 0, 4, 3, b'h', b'2', b'x'];
        let ee = EncryptedExtensions::parse(&body, &|_| true).unwrap();
        assert_eq!(ee.alpn.as_deref(), Some(&b"h2x"[..]));
    }

    #[test]
    fn rejects_alpn_with_two_names() {
        let body = [0, 10, 0, 16, 0, 6, 0, 4, 1, b'a', 1, b'b'];
        assert!(EncryptedExtensions::parse(&body, &|_| true).is_err());
    }
}
