//! The TLS 1.2 PRF (RFC 5246 section 5) through aws-lc-rs's `tls_prf`:
//! master secret (and RFC 7627's extended master secret), key block and
//! Finished verify_data.

use aws_lc_rs::tls_prf::{Secret as PrfSecret, P_SHA256, P_SHA384};
use zeroize::Zeroizing;

use super::hash::HashAlg;

/// PRF(secret, label, seed)[0..len] with P_SHA256 or P_SHA384, the suite's
/// PRF hash. `None` only for an empty secret (never a TLS value).
pub fn prf(hash: HashAlg, secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Option<Zeroizing<Vec<u8>>> {
    let alg = match hash {
        HashAlg::Sha256 => &P_SHA256,
        HashAlg::Sha384 => &P_SHA384,
    };
    let out = PrfSecret::new(alg, secret).ok()?.derive(label, seed, len).ok()?;
    Some(Zeroizing::new(out.as_ref().to_vec()))
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
}
