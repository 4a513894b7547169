//! The TLS 1.0 and 1.1 primitives aws-lc does not offer, through
//! libcrypto: the MD5/SHA-1 PRF (RFC 2246 section 5, RFC 4346 section 5),
//! the MD5 || SHA-1 handshake hash, and verification of the legacy
//! handshake signatures (RSA over MD5 || SHA-1 without DigestInfo, ECDSA
//! over SHA-1) by a certificate's key.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

use zeroize::Zeroizing;

use super::params::{quietly, OsslParam, OSSL_PARAM_UTF8_STRING};
use super::pkey::{PKey, EVP_PKEY_EC, EVP_PKEY_RSA};
use super::EVP_MD;

#[repr(C)]
struct EVP_KDF {
    _p: [u8; 0],
}
#[repr(C)]
struct EVP_KDF_CTX {
    _p: [u8; 0],
}

const OSSL_PARAM_OCTET_STRING: c_uint = 5;

extern "C" {
    fn EVP_KDF_fetch(libctx: *mut c_void, algorithm: *const c_char, properties: *const c_char) -> *mut EVP_KDF;
    fn EVP_KDF_free(kdf: *mut EVP_KDF);
    fn EVP_KDF_CTX_new(kdf: *mut EVP_KDF) -> *mut EVP_KDF_CTX;
    fn EVP_KDF_CTX_free(ctx: *mut EVP_KDF_CTX);
    fn EVP_KDF_derive(ctx: *mut EVP_KDF_CTX, key: *mut u8, keylen: usize, params: *const OsslParam) -> c_int;
    fn EVP_Digest(data: *const c_void, count: usize, md: *mut u8, size: *mut c_uint, ty: *const EVP_MD, e: *mut c_void) -> c_int;
    fn EVP_MD_fetch(libctx: *mut c_void, algorithm: *const c_char, properties: *const c_char) -> *mut EVP_MD;
    fn EVP_MD_free(md: *mut EVP_MD);
}

/// MD5(data) || SHA-1(data): TLS 1.0/1.1's handshake hash (Finished,
/// CertificateVerify, the extended master secret's session_hash).
pub fn md5_sha1(data: &[u8]) -> Option<[u8; 36]> {
    let mut out = [0u8; 36];
    let ok = quietly(|| {
        // SAFETY: the fetched digest is freed after use; `out` has room for
        // its 36-byte output; `data` is readable for its length.
        unsafe {
            let md = EVP_MD_fetch(std::ptr::null_mut(), c"MD5-SHA1".as_ptr(), std::ptr::null());
            if md.is_null() {
                return false;
            }
            let mut len: c_uint = 0;
            let ok = EVP_Digest(data.as_ptr().cast(), data.len(), out.as_mut_ptr(), &mut len, md, std::ptr::null_mut()) == 1 && len == 36;
            EVP_MD_free(md);
            ok
        }
    });
    ok.then_some(out)
}

/// PRF(secret, label, seed)[0..len] = P_MD5(S1, label || seed) XOR
/// P_SHA-1(S2, label || seed) (RFC 2246 section 5), libcrypto's
/// TLS1-PRF with its MD5-SHA1 digest, as OpenSSL's own TLS 1.0 uses.
pub fn prf_md5_sha1(secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Option<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(vec![0u8; len]);
    let mut label_seed = Vec::with_capacity(label.len() + seed.len());
    label_seed.extend_from_slice(label);
    label_seed.extend_from_slice(seed);
    let mut digest = *b"MD5-SHA1\0";
    let params = [
        OsslParam::new(c"digest", OSSL_PARAM_UTF8_STRING, digest.as_mut_ptr().cast(), digest.len() - 1),
        OsslParam::new(c"secret", OSSL_PARAM_OCTET_STRING, secret.as_ptr() as *mut c_void, secret.len()),
        OsslParam::new(c"seed", OSSL_PARAM_OCTET_STRING, label_seed.as_mut_ptr().cast(), label_seed.len()),
        OsslParam::end(),
    ];
    let ok = quietly(|| {
        // SAFETY: the KDF and its context are freed on every path; the
        // parameters (read only by libcrypto) and `out` outlive the call.
        unsafe {
            let kdf = EVP_KDF_fetch(std::ptr::null_mut(), c"TLS1-PRF".as_ptr(), std::ptr::null());
            if kdf.is_null() {
                return false;
            }
            let ctx = EVP_KDF_CTX_new(kdf);
            EVP_KDF_free(kdf);
            if ctx.is_null() {
                return false;
            }
            let ok = EVP_KDF_derive(ctx, out.as_mut_ptr(), len, params.as_ptr()) == 1;
            EVP_KDF_CTX_free(ctx);
            ok
        }
    });
    ok.then_some(out)
}

/// The key type a legacy handshake signature comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegacyKey {
    Rsa,
    Ecdsa,
    Dsa,
}

/// Verifies a TLS 1.0/1.1 handshake signature (RFC 4346 7.4.3, RFC 4492
/// 5.4): by an RSA key, PKCS#1 over MD5(m) || SHA-1(m) with no DigestInfo;
/// by an EC key, ECDSA over SHA-1(m); by a DSA key, DSA over SHA-1(m)
/// (RFC 2246 7.4.3). Returns the key type, or None when
/// the key is of another type or the signature does not verify.
pub fn verify_legacy(spki: &[u8], message: &[u8], sig: &[u8]) -> Option<LegacyKey> {
    quietly(|| {
        let key = PKey::from_spki(spki)?;
        let (kind, md): (LegacyKey, &CStr) = match key.base_id() {
            EVP_PKEY_RSA => (LegacyKey::Rsa, c"MD5-SHA1"),
            EVP_PKEY_EC => (LegacyKey::Ecdsa, c"SHA1"),
            super::pkey::EVP_PKEY_DSA => (LegacyKey::Dsa, c"SHA1"),
            _ => return None,
        };
        key.verify(Some(md), message, sig).then_some(kind)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::unhex;

    /// MD5("abc") || SHA-1("abc") (RFC 1321 and FIPS 180 test vectors).
    #[test]
    fn md5_sha1_concatenates_both_digests() {
        let expected = unhex("900150983cd24fb0d6963f7d28e17f72 a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(md5_sha1(b"abc").unwrap().to_vec(), expected);
    }

    /// The TLS 1.0 PRF is P_MD5 over the first half of the secret XOR
    /// P_SHA-1 over the second (RFC 2246 section 5): XOR-ing out a
    /// hand-built P_SHA-1 (aws-lc's HMAC-SHA1) leaves a P_MD5 part that
    /// does not change when only the second half of the secret does.
    #[test]
    fn prf_is_p_md5_xor_p_sha1() {
        let secret = [0x0bu8; 48];
        let out = prf_md5_sha1(&secret, b"master secret", &[1u8; 64], 48).unwrap();
        assert_eq!(out.len(), 48);
        // Changing only the second half changes the output (P_SHA-1 part),
        // changing only the first half does too (P_MD5 part).
        let mut s2 = secret;
        s2[47] ^= 1;
        assert_ne!(prf_md5_sha1(&s2, b"master secret", &[1u8; 64], 48).unwrap(), out);
        let mut s1 = secret;
        s1[0] ^= 1;
        assert_ne!(prf_md5_sha1(&s1, b"master secret", &[1u8; 64], 48).unwrap(), out);
        // P_SHA-1(S2, label || seed) by hand; XOR with the output gives
        // P_MD5, which must not depend on S2.
        let p_sha1 = |s: &[u8]| {
            let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, s);
            let mut seed = b"master secret".to_vec();
            seed.extend_from_slice(&[1u8; 64]);
            let mut a = aws_lc_rs::hmac::sign(&key, &seed).as_ref().to_vec();
            let mut out = Vec::new();
            while out.len() < 48 {
                let mut m = a.clone();
                m.extend_from_slice(&seed);
                out.extend_from_slice(aws_lc_rs::hmac::sign(&key, &m).as_ref());
                a = aws_lc_rs::hmac::sign(&key, &a).as_ref().to_vec();
            }
            out.truncate(48);
            out
        };
        let md5_part = |o: &[u8], s: &[u8]| o.iter().zip(p_sha1(&s[24..])).map(|(x, y)| x ^ y).collect::<Vec<u8>>();
        let out2 = prf_md5_sha1(&s2, b"master secret", &[1u8; 64], 48).unwrap();
        assert_eq!(md5_part(&out, &secret), md5_part(&out2, &s2));
    }
}
