//! Certificate, CertificateRequest and CertificateVerify (RFC 8446 4.3.2, 4.4.2, 4.4.3).

use crate::tls::codec::{Reader, Writer};
use crate::tls::extensions::{self as ext, Carrier, Extensions};
use crate::tls::{Error, Reason};

/// A TLS 1.3 Certificate message: request context and DER certificates,
/// leaf first. Per-entry extensions are parsed for validity; of them only
/// the leaf's status_request (a stapled OCSP response) is kept.
pub struct CertificateMsg {
    pub context: Vec<u8>,
    pub chain: Vec<Vec<u8>>,
    pub leaf_ocsp: Option<Vec<u8>>,
    /// Per entry, the extensions left to the application (`custom_ext::collect`).
    pub app_extensions: Vec<Vec<(u16, Vec<u8>)>>,
}

impl CertificateMsg {
    pub fn parse(body: &[u8], solicited: &dyn Fn(u16) -> bool) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let context = r.vec8()?.to_vec();
        let mut list = Reader::new(r.vec24()?);
        r.finish()?;
        let mut chain = Vec::new();
        let mut leaf_ocsp = None;
        let mut app_extensions = Vec::new();
        while !list.is_empty() {
            let cert = list.vec24()?;
            if cert.is_empty() {
                return Err(Error::decode("empty certificate entry"));
            }
            let exts = Extensions::parse(list.vec16()?, Carrier::Certificate, solicited)?;
            if chain.is_empty() {
                if let Some(b) = exts.get(ext::STATUS_REQUEST) {
                    leaf_ocsp = Some(parse_certificate_status(b)?);
                }
            }
            app_extensions.push(crate::tls::custom_ext::collect(&exts));
            chain.push(cert.to_vec());
        }
        Ok(CertificateMsg { context, chain, leaf_ocsp, app_extensions })
    }

    pub fn encode(&self) -> Vec<u8> {
        Self::encode_chain(&self.context, &self.chain, self.leaf_ocsp.as_deref())
    }

    /// Encodes a Certificate message without owning the chain; an OCSP
    /// response goes in the leaf's status_request extension (RFC 8446 4.4.2.1).
    pub fn encode_chain(context: &[u8], chain: &[Vec<u8>], leaf_ocsp: Option<&[u8]>) -> Vec<u8> {
        Self::encode_with(context, chain, leaf_ocsp, &[])
    }

    /// As `encode_chain`, each entry `i` also carrying `app_extensions[i]`
    /// (the application's, which OpenSSL writes before its own).
    pub fn encode_with(context: &[u8], chain: &[Vec<u8>], leaf_ocsp: Option<&[u8]>, app_extensions: &[Vec<(u16, Vec<u8>)>]) -> Vec<u8> {
        super::frame(super::CERTIFICATE, |w| {
            w.vec8(|w| w.bytes(context));
            w.vec24(|w| {
                for (i, c) in chain.iter().enumerate() {
                    w.vec24(|w| w.bytes(c));
                    w.vec16(|w| {
                        if let Some(app) = app_extensions.get(i) {
                            crate::tls::custom_ext::write(w, app);
                        }
                        if let Some(resp) = leaf_ocsp.filter(|_| i == 0) {
                            w.u16(ext::STATUS_REQUEST);
                            w.vec16(|w| {
                                w.u8(1); // status_type ocsp
                                w.vec24(|w| w.bytes(resp));
                            })
                        }
                    });
                }
            });
        })
    }
}

/// `CertificateStatus { status_type ocsp(1); OCSPResponse ocsp_response<1..2^24-1> }`
/// (RFC 6066 section 8).
fn parse_certificate_status(body: &[u8]) -> Result<Vec<u8>, Error> {
    let mut r = Reader::new(body);
    if r.u8()? != 1 {
        return Err(Error::decode("certificate status type"));
    }
    let resp = r.vec24()?;
    r.finish()?;
    if resp.is_empty() {
        return Err(Error::decode("empty OCSP response"));
    }
    Ok(resp.to_vec())
}

pub struct CertificateRequest {
    pub context: Vec<u8>,
    pub sigalgs: Vec<u16>,
    /// certificate_authorities: DER distinguished names, in order.
    pub ca_names: Vec<Vec<u8>>,
    /// compress_certificate's body (RFC 8879), interpreted by the client.
    pub compress_certificate: Option<Vec<u8>>,
    /// Extensions left to the application (`custom_ext::collect`).
    pub app_extensions: Vec<(u16, Vec<u8>)>,
}

impl CertificateRequest {
    pub fn parse(body: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let context = r.vec8()?.to_vec();
        let exts = Extensions::parse(r.vec16()?, Carrier::CertificateRequest, &|_| true)?;
        r.finish()?;
        // signature_algorithms "MUST be specified" (RFC 8446 section 4.3.2).
        let Some(sa) = exts.get(ext::SIGNATURE_ALGORITHMS) else {
            return Err(Error::new(
                crate::tls::alert::AlertDescription::MissingExtension,
                Reason::BAD_EXTENSION,
                "CertificateRequest without signature_algorithms",
            ));
        };
        let ca_names = match exts.get(ext::CERTIFICATE_AUTHORITIES) {
            Some(b) => parse_distinguished_names(b)?,
            None => Vec::new(),
        };
        let compress_certificate = exts.get(ext::COMPRESS_CERTIFICATE).map(<[u8]>::to_vec);
        let app_extensions = crate::tls::custom_ext::collect(&exts);
        Ok(CertificateRequest { context, sigalgs: parse_u16_list(sa)?, ca_names, compress_certificate, app_extensions })
    }
}

/// RFC 8446 section 4.2.4: `DistinguishedName authorities<3..2^16-1>`,
/// each `opaque DistinguishedName<1..2^16-1>`.
pub fn parse_distinguished_names(body: &[u8]) -> Result<Vec<Vec<u8>>, Error> {
    let mut r = Reader::new(body);
    let list = r.vec16()?;
    r.finish()?;
    if list.is_empty() {
        return Err(Error::decode("certificate_authorities"));
    }
    let mut names = Reader::new(list);
    let mut out = Vec::new();
    while !names.is_empty() {
        let dn = names.vec16()?;
        if dn.is_empty() {
            return Err(Error::decode("certificate_authorities"));
        }
        out.push(dn.to_vec());
    }
    Ok(out)
}

pub struct CertificateVerify<'a> {
    pub scheme: u16,
    pub signature: &'a [u8],
}

impl<'a> CertificateVerify<'a> {
    pub fn parse(body: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let scheme = r.u16()?;
        let signature = r.vec16()?;
        r.finish()?;
        Ok(CertificateVerify { scheme, signature })
    }
}

/// The content covered by a CertificateVerify signature: 64 spaces, the
/// context string, a zero byte, the transcript hash (RFC 8446 section 4.4.3).
pub fn verify_content(server: bool, transcript_hash: &[u8]) -> Vec<u8> {
    let mut w = Writer::new();
    w.bytes(&[0x20; 64]);
    w.bytes(if server { b"TLS 1.3, server CertificateVerify" } else { b"TLS 1.3, client CertificateVerify" });
    w.u8(0);
    w.bytes(transcript_hash);
    w.buf
}

/// A `u16` list with a two-byte length: non-empty and of even length.
pub fn parse_u16_list(b: &[u8]) -> Result<Vec<u16>, Error> {
    let mut r = Reader::new(b);
    let list = r.vec16()?;
    r.finish()?;
    if list.is_empty() || list.len() % 2 != 0 {
        return Err(Error::decode("bad u16 list"));
    }
    let mut lr = Reader::new(list);
    let mut out = Vec::with_capacity(list.len() / 2);
    while !lr.is_empty() {
        out.push(lr.u16()?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_round_trip() {
        let m = CertificateMsg { context: vec![], chain: vec![vec![1, 2, 3], vec![4]], leaf_ocsp: Some(vec![9, 9]), app_extensions: vec![] };
        let enc = m.encode();
        let back = CertificateMsg::parse(&enc[4..], &|_| true).unwrap();
        assert_eq!(back.chain, m.chain);
        assert_eq!(back.leaf_ocsp, m.leaf_ocsp);
    }

    #[test]
    fn rejects_empty_or_non_ocsp_certificate_status() {
        assert!(parse_certificate_status(&[1, 0, 0, 0]).is_err());
        assert!(parse_certificate_status(&[2, 0, 0, 1, 7]).is_err());
        assert!(parse_certificate_status(&[1, 0, 0, 1, 7, 0]).is_err(), "trailing byte");
        assert_eq!(parse_certificate_status(&[1, 0, 0, 1, 7]).unwrap(), vec![7]);
    }

    #[test]
    fn rejects_certificate_with_empty_entry() {
        let m = CertificateMsg { context: vec![], chain: vec![vec![]], leaf_ocsp: None, app_extensions: vec![] };
        assert!(CertificateMsg::parse(&m.encode()[4..], &|_| true).is_err());
    }

    #[test]
    fn rejects_odd_u16_list() {
        assert!(parse_u16_list(&[0, 3, 1, 2, 3]).is_err());
    }

    #[test]
    fn rejects_certificate_verify_trailing_bytes() {
        assert!(CertificateVerify::parse(&[4, 3, 0, 1, 9, 9]).is_err());
    }
}
