//! Certificate, CertificateRequest and CertificateVerify (RFC 8446 4.3.2, 4.4.2, 4.4.3).

use crate::tls::codec::{Reader, Writer};
use crate::tls::extensions::{self as ext, Carrier, Extensions};
use crate::tls::{Error, Reason};

/// A TLS 1.3 Certificate message: request context and DER certificates,
/// leaf first. Per-entry extensions are parsed for validity and ignored.
pub struct CertificateMsg {
    pub context: Vec<u8>,
    pub chain: Vec<Vec<u8>>,
}

impl CertificateMsg {
    pub fn parse(body: &[u8], solicited: &dyn Fn(u16) -> bool) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let context = r.vec8()?.to_vec();
        let mut list = Reader::new(r.vec24()?);
        r.finish()?;
        let mut chain = Vec::new();
        while !list.is_empty() {
            let cert = list.vec24()?;
            if cert.is_empty() {
                return Err(Error::decode("empty certificate entry"));
            }
            Extensions::parse(list.vec16()?, Carrier::Certificate, solicited)?;
            chain.push(cert.to_vec());
        }
        Ok(CertificateMsg { context, chain })
    }

    pub fn encode(&self) -> Vec<u8> {
        Self::encode_chain(&self.context, &self.chain)
    }

    /// Encodes a Certificate message without owning the chain.
    pub fn encode_chain(context: &[u8], chain: &[Vec<u8>]) -> Vec<u8> {
        super::frame(super::CERTIFICATE, |w| {
            w.vec8(|w| w.bytes(context));
            w.vec24(|w| {
                for c in chain {
                    w.vec24(|w| w.bytes(c));
                    w.u16(0);
                }
            });
        })
    }
}

pub struct CertificateRequest {
    pub context: Vec<u8>,
    pub sigalgs: Vec<u16>,
    /// certificate_authorities: DER distinguished names, in order.
    pub ca_names: Vec<Vec<u8>>,
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
        Ok(CertificateRequest { context, sigalgs: parse_u16_list(sa)?, ca_names })
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
        let m = CertificateMsg { context: vec![], chain: vec![vec![1, 2, 3], vec![4]] };
        let enc = m.encode();
        let back = CertificateMsg::parse(&enc[4..], &|_| true).unwrap();
        assert_eq!(back.chain, m.chain);
    }

    #[test]
    fn rejects_certificate_with_empty_entry() {
        let m = CertificateMsg { context: vec![], chain: vec![vec![]] };
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
