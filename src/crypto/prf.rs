//! The TLS PRF: TLS 1.2's P_hash (RFC 5246 section 5) over the HMAC of
//! `crypto::hash`, so in whichever of aws-lc and libcrypto calibration
//! found faster for the suite's hash (SHA-384's scalar code in aws-lc on
//! AMD CPUs cost 40% of a TLS 1.2 resumption); TLS 1.0 and 1.1's MD5/SHA-1
//! PRF (RFC 2246 section 5) through libcrypto: master secret (and RFC
//! 7627's extended master secret), key block and Finished verify_data.

use zeroize::Zeroizing;

use super::hash::{HashAlg, HmacKey};

/// The PRF keyed with a master secret (or, once, a premaster): the key
/// block and both Finished values reuse one HMAC key setup.
pub enum Prf {
    /// TLS 1.2's P_SHA256 or P_SHA384.
    Tls12(Box<HmacKey>),
    /// TLS 1.0/1.1's P_MD5 XOR P_SHA-1, keyed with the secret.
    Tls10(Zeroizing<Vec<u8>>),
}

impl Prf {
    /// TLS 1.2's PRF with the suite's hash, P_SHA256 or P_SHA384, keyed
    /// with `secret`.
    pub fn new(hash: HashAlg, secret: &[u8]) -> Prf {
        Prf::for_version(crate::tls::TLS1_2_VERSION, hash, secret)
    }

    /// The PRF of a protocol version: TLS 1.2's with the suite's hash, or
    /// before TLS 1.2 the MD5/SHA-1 one whatever the suite.
    pub fn for_version(version: u16, hash: HashAlg, secret: &[u8]) -> Prf {
        if version >= crate::tls::TLS1_2_VERSION {
            Prf::Tls12(Box::new(HmacKey::new(hash, secret)))
        } else {
            Prf::Tls10(Zeroizing::new(secret.to_vec()))
        }
    }

    /// PRF(secret, label, seed)[0..len]; empty if the PRF failed.
    pub fn derive(&self, label: &[u8], seed: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
        match self {
            Prf::Tls12(key) => p_hash(key, label, seed, len),
            Prf::Tls10(secret) => crate::sys::tls10::prf_md5_sha1(secret, label, seed, len).unwrap_or_default(),
        }
    }
}

/// P_hash(secret, label + seed) to `len` bytes: A(0) = label + seed,
/// A(i) = HMAC(secret, A(i-1)), output HMAC(secret, A(i) + label + seed)
/// for i = 1, 2, ... (RFC 5246 section 5). A(i) is as secret as the output.
fn p_hash(key: &HmacKey, label: &[u8], seed: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(len + 48));
    let mut a = Zeroizing::new(key.sign(&[label, seed]));
    while out.len() < len {
        out.extend_from_slice(&Zeroizing::new(key.sign(&[&a, label, seed])));
        if out.len() < len {
            a = Zeroizing::new(key.sign(&[&a]));
        }
    }
    out.truncate(len);
    out
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

    /// P_hash over either implementation's HMAC gives what aws-lc's own
    /// TLS PRF gives, for lengths within, at and across HMAC outputs.
    #[test]
    fn p_hash_matches_aws_lc_tls_prf() {
        use super::super::calibrate::Impl;
        for (alg, reference) in [(HashAlg::Sha256, &aws_lc_rs::tls_prf::P_SHA256), (HashAlg::Sha384, &aws_lc_rs::tls_prf::P_SHA384)] {
            let secret = [0x42u8; 48];
            for len in [12, 32, 48, 72, 104, 136] {
                let expected = aws_lc_rs::tls_prf::Secret::new(reference, &secret).unwrap().derive(b"key expansion", &[5; 64], len).unwrap();
                for imp in [Impl::AwsLc, Impl::Libcrypto] {
                    let key = HmacKey::with_impl(alg, imp, &secret).unwrap();
                    assert_eq!(&p_hash(&key, b"key expansion", &[5; 64], len)[..], expected.as_ref(), "{alg:?} {imp:?} {len}");
                }
            }
        }
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
