//! The TLS 1.2 PRF (RFC 5246 section 5): master secret (and RFC 7627's
//! extended master secret), key block and Finished verify_data.
//!
//! P_hash(secret, seed) = HMAC(secret, A(1) + seed) || HMAC(secret, A(2) + seed) || ...
//! with A(0) = seed, A(i) = HMAC(secret, A(i-1)). A `Prf` keeps the secret's
//! HMAC key (its inner and outer pad states), so a handshake that derives the
//! key block and both Finished values from one master secret sets it up once;
//! aws-lc-rs's one-shot `tls_prf` would set it up per call.

use aws_lc_rs::hmac;
use zeroize::Zeroizing;

use super::hash::HashAlg;

pub struct Prf {
    key: hmac::Key,
    out_len: usize,
}

impl Prf {
    /// P_SHA256 or P_SHA384, the suite's PRF hash, keyed with `secret`.
    pub fn new(hash: HashAlg, secret: &[u8]) -> Prf {
        let alg = match hash {
            HashAlg::Sha256 => hmac::HMAC_SHA256,
            HashAlg::Sha384 => hmac::HMAC_SHA384,
        };
        Prf { key: hmac::Key::new(alg, secret), out_len: hash.output_len() }
    }

    /// PRF(secret, label, seed)[0..len].
    pub fn derive(&self, label: &[u8], seed: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(len + self.out_len));
        // A(1) = HMAC(secret, label + seed).
        let mut ctx = hmac::Context::with_key(&self.key);
        ctx.update(label);
        ctx.update(seed);
        let mut a = ctx.sign();
        while out.len() < len {
            let mut ctx = hmac::Context::with_key(&self.key);
            ctx.update(a.as_ref());
            ctx.update(label);
            ctx.update(seed);
            out.extend_from_slice(ctx.sign().as_ref());
            a = hmac::sign(&self.key, a.as_ref());
        }
        out.truncate(len);
        out
    }
}

/// One PRF output with a fresh key (the master secret from the premaster).
pub fn prf(hash: HashAlg, secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Option<Zeroizing<Vec<u8>>> {
    if secret.is_empty() {
        return None;
    }
    Some(Prf::new(hash, secret).derive(label, seed, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    /// The TLS 1.2 PRF-SHA256 vector published with RFC 5246's PRF
    /// (IETF TLS WG, "test label").
    #[test]
    fn prf_sha256_matches_published_vector() {
        let secret = unhex("9bbe436ba940f017b17652849a71db35");
        let seed = unhex("a0ba9f936cda311827a6f796ffd5198c");
        let out = prf(HashAlg::Sha256, &secret, b"test label", &seed, 100).unwrap();
        let expected = unhex(
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa0
             22f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66",
        );
        assert_eq!(&out[..], &expected[..]);
    }

    /// Ours equals aws-lc's TLS PRF for both hashes and several lengths.
    #[test]
    fn prf_equals_aws_lc_tls_prf() {
        use aws_lc_rs::tls_prf::{Secret, P_SHA256, P_SHA384};
        for (hash, alg) in [(HashAlg::Sha256, &P_SHA256), (HashAlg::Sha384, &P_SHA384)] {
            for len in [12, 48, 72, 100] {
                let ours = prf(hash, &[7; 48], b"key expansion", &[3; 64], len).unwrap();
                let theirs = Secret::new(alg, &[7; 48]).unwrap().derive(b"key expansion", &[3; 64], len).unwrap();
                assert_eq!(&ours[..], theirs.as_ref(), "{hash:?} {len}");
            }
        }
    }
}
