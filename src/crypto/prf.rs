//! The TLS PRF: TLS 1.2's (RFC 5246 section 5) through aws-lc-rs's
//! `tls_prf`, TLS 1.0 and 1.1's MD5/SHA-1 PRF (RFC 2246 section 5)
//! through libcrypto: master secret (and RFC 7627's extended master
//! secret), key block and Finished verify_data. (A hand-written P_hash that
//! kept the master secret's HMAC state between the key block and the two
//! Finished values measured no faster, so aws-lc's implementation stays.)

use zeroize::Zeroizing;

use super::hash::HashAlg;

pub struct Prf {
    /// P_SHA256 or P_SHA384; None for TLS 1.0/1.1's P_MD5 XOR P_SHA-1.
    alg: Option<&'static aws_lc_rs::tls_prf::Algorithm>,
    secret: Zeroizing<Vec<u8>>,
}

impl Prf {
    /// TLS 1.2's PRF with the suite's hash, P_SHA256 or P_SHA384, keyed
    /// with `secret` (kept zeroised on drop).
    pub fn new(hash: HashAlg, secret: &[u8]) -> Prf {
        Prf::for_version(crate::tls::TLS1_2_VERSION, hash, secret)
    }

    /// The PRF of a protocol version: TLS 1.2's with the suite's hash, or
    /// before TLS 1.2 the MD5/SHA-1 one whatever the suite.
    pub fn for_version(version: u16, hash: HashAlg, secret: &[u8]) -> Prf {
        let alg = (version >= crate::tls::TLS1_2_VERSION).then_some(match hash {
            HashAlg::Sha256 => &aws_lc_rs::tls_prf::P_SHA256,
            HashAlg::Sha384 => &aws_lc_rs::tls_prf::P_SHA384,
        });
        Prf { alg, secret: Zeroizing::new(secret.to_vec()) }
    }

    /// PRF(secret, label, seed)[0..len]; empty if the PRF failed.
    pub fn derive(&self, label: &[u8], seed: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
        let Some(alg) = self.alg else {
            return crate::sys::tls10::prf_md5_sha1(&self.secret, label, seed, len).unwrap_or_default();
        };
        let out = aws_lc_rs::tls_prf::Secret::new(alg, &self.secret).and_then(|s| s.derive(label, seed, len));
        Zeroizing::new(out.map(|o| o.as_ref().to_vec()).unwrap_or_default())
    }
}

/// One PRF output with a fresh key (the master secret from the premaster).
pub fn prf(version: u16, hash: HashAlg, secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Option<Zeroizing<Vec<u8>>> {
    if secret.is_empty() {
        return None;
    }
    Some(Prf::for_version(version, hash, secret).derive(label, seed, len)).filter(|o| o.len() == len)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::unhex;

    /// The TLS 1.2 PRF-SHA256 vector published with RFC 5246's PRF
    /// (IETF TLS WG, "test label").
    #[test]
    fn prf_sha256_matches_published_vector() {
        let secret = unhex("9bbe436ba940f017b17652849a71db35");
        let seed = unhex("a0ba9f936cda311827a6f796ffd5198c");
        let out = prf(crate::tls::TLS1_2_VERSION, HashAlg::Sha256, &secret, b"test label", &seed, 100).unwrap();
        let expected = unhex(
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa0
             22f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66",
        );
        assert_eq!(&out[..], &expected[..]);
    }

    /// P_SHA384 gives 48-byte master secrets and the lengths asked for.
    #[test]
    fn prf_lengths() {
        for len in [12, 48, 72] {
            assert_eq!(prf(crate::tls::TLS1_2_VERSION, HashAlg::Sha384, &[7; 48], b"key expansion", &[3; 64], len).unwrap().len(), len);
        }
        assert!(prf(crate::tls::TLS1_2_VERSION, HashAlg::Sha256, &[], b"x", &[], 12).is_none());
    }
}
