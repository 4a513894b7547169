//! Raw public keys in TLS 1.3 (RFC 7250) as OpenSSL 3.5 negotiates them:
//! the client_certificate_type and server_certificate_type extensions in
//! the ClientHello and EncryptedExtensions, and the Certificate message
//! whose one entry is a SubjectPublicKeyInfo instead of a certificate.

use super::alert::AlertDescription;
use super::codec::{Reader, Writer};
use super::{Error, Reason};

/// TLSEXT_cert_type_x509 / TLSEXT_cert_type_rpk (RFC 7250 section 3).
pub const X509: u8 = 0;
pub const RPK: u8 = 2;

/// `SSL_set1_client_cert_type` / `SSL_set1_server_cert_type`: the
/// certificate types, best first, for each direction. Empty: not set (X.509
/// only and no extension, OpenSSL's NULL list).
#[derive(Clone, Default, Debug, PartialEq, Eq)]
pub struct CertTypes {
    /// On a client: the types it can authenticate with; on a server: the
    /// types it accepts from clients.
    pub client: Vec<u8>,
    /// On a client: the types it accepts from servers; on a server: the
    /// types it can authenticate with.
    pub server: Vec<u8>,
}

/// What a server decided for the client's certificate (OpenSSL's
/// client_cert_type_ctos).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ClientTypeOutcome {
    /// No extension, or we set no list: X.509.
    #[default]
    None,
    Chosen(u8),
    /// The client's types and ours have nothing in common: fatal if we ask
    /// for a certificate.
    NoOverlap,
}

/// `CertificateType types<1..2^8-1>` from a ClientHello: decode_error
/// (SSL_R_BAD_EXTENSION) when empty or mis-sized.
pub fn parse_offered(body: &[u8]) -> Result<&[u8], Error> {
    let mut r = Reader::new(body);
    let list = r.vec8().map_err(|_| bad_extension())?;
    r.finish().map_err(|_| bad_extension())?;
    if list.is_empty() {
        return Err(bad_extension());
    }
    Ok(list)
}

/// The server's choice in EncryptedExtensions: one type, one of ours.
pub fn parse_chosen(body: &[u8], ours: &[u8]) -> Result<u8, Error> {
    let mut r = Reader::new(body);
    let t = r.u8().map_err(|_| bad_extension())?;
    r.finish().map_err(|_| bad_extension())?;
    if !ours.contains(&t) {
        return Err(Error::illegal(Reason::BAD_EXTENSION, "certificate type we did not offer"));
    }
    Ok(t)
}

/// OpenSSL's reconcile_cert_type: the first of `pref` that `other` has.
pub fn reconcile(pref: &[u8], other: &[u8]) -> Option<u8> {
    pref.iter().copied().find(|t| other.contains(t))
}

fn bad_extension() -> Error {
    Error::new(AlertDescription::DecodeError, Reason::BAD_EXTENSION, "certificate type extension")
}

/// "Did not receive an acceptable cert type" (OpenSSL's
/// tls_parse_ctos_server_cert_type and tls_construct_stoc_client_cert_type).
pub fn unsupported() -> Error {
    Error::new(AlertDescription::UnsupportedCertificate, Reason::BAD_EXTENSION, "no certificate type in common")
}

/// Writes a client's list (`CertificateType types<1..2^8-1>`).
pub fn encode_offered(w: &mut Writer, types: &[u8]) {
    w.vec8(|w| w.bytes(types));
}

/// A raw-public-key Certificate (RFC 7250 section 3, TLS 1.3): one entry
/// at most, a well-formed SubjectPublicKeyInfo with nothing after it. An
/// empty list (a client declining) gives None.
pub fn single_key(chain: &[Vec<u8>]) -> Result<Option<&[u8]>, Error> {
    match chain {
        [] => Ok(None),
        [spki] => {
            crate::tls::spki::check_spki(spki).map_err(|_| Error::new(AlertDescription::DecodeError, Reason::LENGTH_MISMATCH, "raw public key"))?;
            Ok(Some(spki))
        }
        _ => Err(Error::new(AlertDescription::DecodeError, Reason::BAD_LENGTH, "more than one raw public key")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offered_list_is_non_empty_and_exact() {
        assert_eq!(parse_offered(&[2, RPK, X509]).unwrap(), &[RPK, X509]);
        assert!(parse_offered(&[0]).is_err());
        assert!(parse_offered(&[2, RPK]).is_err());
        assert!(parse_offered(&[1, RPK, 0]).is_err());
    }

    #[test]
    fn chosen_type_must_be_offered() {
        assert_eq!(parse_chosen(&[RPK], &[RPK, X509]).unwrap(), RPK);
        assert_eq!(parse_chosen(&[RPK], &[X509]).err().unwrap().alert, Some(AlertDescription::IllegalParameter));
        assert!(parse_chosen(&[RPK, RPK], &[RPK]).is_err());
        assert!(parse_chosen(&[], &[RPK]).is_err());
    }

    #[test]
    fn reconcile_takes_the_preferred_side_first() {
        assert_eq!(reconcile(&[RPK, X509], &[X509, RPK]), Some(RPK));
        assert_eq!(reconcile(&[X509, RPK], &[X509, RPK]), Some(X509));
        assert_eq!(reconcile(&[RPK], &[X509]), None);
    }

    #[test]
    fn one_key_at_most() {
        assert_eq!(single_key(&[]).unwrap(), None);
        assert!(single_key(&[vec![1], vec![2]]).is_err());
        assert!(single_key(&[vec![0x30, 0x00, 0x00]]).is_err(), "not an SPKI");
    }
}
