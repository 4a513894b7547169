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

#[cfg(test)]
mod tests {
    use super::*;

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
