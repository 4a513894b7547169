//! Just enough DER to find a certificate's SubjectPublicKeyInfo, so the engine
//! can check CertificateVerify without C types. Chain validation itself is
//! libcrypto's `X509_verify_cert`, in the API layer.

use super::Error;

/// One DER TLV: (tag, contents, rest). Only definite lengths up to 4 bytes.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        first as usize
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// The DER SubjectPublicKeyInfo (whole TLV) of an X.509 certificate.
pub fn subject_public_key_info(cert: &[u8]) -> Result<&[u8], Error> {
    let bad = || Error::new(super::alert::AlertDescription::BadCertificate, super::Reason::BAD_PACKET_LENGTH, "certificate DER");
    let (tag, certificate, rest) = tlv(cert).ok_or_else(bad)?;
    if tag != 0x30 || !rest.is_empty() {
        return Err(bad());
    }
    let (tag, mut tbs, _) = tlv(certificate).ok_or_else(bad)?;
    if tag != 0x30 {
        return Err(bad());
    }
    // [0] version (optional), serial, signature, issuer, validity, subject, spki.
    let mut skip = if tbs.first() == Some(&0xa0) { 6 } else { 5 };
    while skip > 0 {
        let (_, _, rest) = tlv(tbs).ok_or_else(bad)?;
        tbs = rest;
        skip -= 1;
    }
    let (tag, _, rest) = tlv(tbs).ok_or_else(bad)?;
    if tag != 0x30 {
        return Err(bad());
    }
    Ok(&tbs[..tbs.len() - rest.len()])
}

/// A raw public key's DER (RFC 7250): one SubjectPublicKeyInfo SEQUENCE
/// of an AlgorithmIdentifier SEQUENCE and a BIT STRING, nothing after it.
/// What the key is, libcrypto decides when the API layer decodes it.
pub fn check_spki(spki: &[u8]) -> Result<(), Error> {
    let bad = || Error::new(super::alert::AlertDescription::DecodeError, super::Reason::LENGTH_MISMATCH, "SubjectPublicKeyInfo DER");
    let (tag, body, rest) = tlv(spki).ok_or_else(bad)?;
    if tag != 0x30 || !rest.is_empty() {
        return Err(bad());
    }
    let (tag, _, rest) = tlv(body).ok_or_else(bad)?;
    if tag != 0x30 {
        return Err(bad());
    }
    let (tag, _, rest) = tlv(rest).ok_or_else(bad)?;
    if tag != 0x03 || !rest.is_empty() {
        return Err(bad());
    }
    Ok(())
}

/// How a certificate was signed, as (hash, signature kind), for matching
/// against signature_algorithms_cert the way OpenSSL's check_cert_usable
/// does (by digest and key type; rsa_pss_rsae and rsa_pss_pss alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertSignature {
    RsaPkcs1(u8),
    RsaPss(u8),
    Ecdsa(u8),
    Ed25519,
    Ed448,
}

/// Hash codes as in TLS's HashAlgorithm registry: sha1 2, sha256 4, sha384 5, sha512 6.
const OID_PREFIX_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01];
const OID_PREFIX_ECDSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04];

/// The signatureAlgorithm of an X.509 certificate (None: one we do not know).
pub fn certificate_signature(cert: &[u8]) -> Option<CertSignature> {
    let (_, certificate, _) = tlv(cert)?;
    let (_, _, rest) = tlv(certificate)?; // tbsCertificate
    let (tag, alg_id, _) = tlv(rest)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, oid, params) = tlv(alg_id)?;
    if tag != 0x06 {
        return None;
    }
    if let Some(last) = oid.strip_prefix(OID_PREFIX_RSA) {
        return match last {
            [5] => Some(CertSignature::RsaPkcs1(2)),
            [11] => Some(CertSignature::RsaPkcs1(4)),
            [12] => Some(CertSignature::RsaPkcs1(5)),
            [13] => Some(CertSignature::RsaPkcs1(6)),
            // RSASSA-PSS: the hash is in the parameters' [0] hashAlgorithm.
            [10] => {
                let (_, pss, _) = tlv(params)?;
                let hash = match tlv(pss) {
                    Some((0xa0, h, _)) => {
                        let (_, id, _) = tlv(h)?;
                        let (_, hoid, _) = tlv(id)?;
                        match hoid.last()? {
                            1 => 4,
                            2 => 5,
                            3 => 6,
                            _ => return None,
                        }
                    }
                    _ => 2, // default sha1
                };
                Some(CertSignature::RsaPss(hash))
            }
            _ => None,
        };
    }
    if let Some(last) = oid.strip_prefix(OID_PREFIX_ECDSA) {
        return match last {
            [1] => Some(CertSignature::Ecdsa(2)),
            [3, 2] => Some(CertSignature::Ecdsa(4)),
            [3, 3] => Some(CertSignature::Ecdsa(5)),
            [3, 4] => Some(CertSignature::Ecdsa(6)),
            _ => None,
        };
    }
    match oid {
        [0x2b, 0x65, 0x70] => Some(CertSignature::Ed25519),
        [0x2b, 0x65, 0x71] => Some(CertSignature::Ed448),
        _ => None,
    }
}

impl CertSignature {
    /// Whether a TLS signature scheme names this (digest, key type) pair.
    pub fn matches_scheme(self, scheme: u16) -> bool {
        let (hash, sig) = ((scheme >> 8) as u8, scheme as u8);
        match self {
            CertSignature::RsaPkcs1(h) => sig == 1 && hash == h,
            CertSignature::Ecdsa(h) => sig == 3 && hash == h,
            CertSignature::RsaPss(h) => {
                hash == 8 && matches!((scheme & 0xff, h), (0x04 | 0x09, 4) | (0x05 | 0x0a, 5) | (0x06 | 0x0b, 6))
            }
            CertSignature::Ed25519 => scheme == 0x0807,
            CertSignature::Ed448 => scheme == 0x0808,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_signature_matches_schemes() {
        // SEQ{ SEQ{} , SEQ{ OID ecdsa-with-SHA256 }, BIT STRING }
        let cert = [0x30, 0x10, 0x30, 0x00, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x03, 0x00];
        let sig = certificate_signature(&cert).unwrap();
        assert_eq!(sig, CertSignature::Ecdsa(4));
        assert!(sig.matches_scheme(0x0403) && !sig.matches_scheme(0x0804) && !sig.matches_scheme(0x0503));
        assert!(CertSignature::RsaPss(4).matches_scheme(0x0804) && CertSignature::RsaPss(4).matches_scheme(0x0809));
        assert!(CertSignature::RsaPkcs1(4).matches_scheme(0x0401) && !CertSignature::RsaPkcs1(4).matches_scheme(0x0804));
        assert!(certificate_signature(&cert[..10]).is_none());
    }

    #[test]
    fn rejects_truncated_certificate() {
        assert!(subject_public_key_info(&[0x30, 0x82, 0x01]).is_err());
        assert!(subject_public_key_info(&[0x30, 0x03, 0x30, 0x01]).is_err());
        assert!(subject_public_key_info(&[]).is_err());
    }

    #[test]
    fn finds_spki_in_minimal_structure() {
        // SEQ{ SEQ{ [0]{}, INT, SEQ, SEQ, SEQ, SEQ, SEQ{05 00} } }
        let spki = [0x30, 0x02, 0x05, 0x00];
        let mut tbs = vec![0xa0, 0x00, 0x02, 0x01, 0x01, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00];
        tbs.extend_from_slice(&spki);
        let mut t = vec![0x30, tbs.len() as u8];
        t.extend_from_slice(&tbs);
        let mut c = vec![0x30, t.len() as u8];
        c.extend_from_slice(&t);
        assert_eq!(subject_public_key_info(&c).unwrap(), &spki);
    }
}
