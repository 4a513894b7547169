//! Signature verification for CertificateVerify (RFC 8446 section 4.4.3).

use aws_lc_rs::signature::{self, UnparsedPublicKey, VerificationAlgorithm};

/// The signature_algorithms we offer (ClientHello, CertificateRequest):
/// OpenSSL 3.0's default list, in its order, as the system's build (security
/// level 2) sends it. The SHA-224 and DSA entries only ever apply to
/// certificate signatures, which libcrypto verifies.
pub const ADVERTISED_SCHEMES: &[u16] = &[
    0x0403, // ecdsa_secp256r1_sha256
    0x0503, // ecdsa_secp384r1_sha384
    0x0603, // ecdsa_secp521r1_sha512
    0x0807, // ed25519
    0x0808, // ed448
    0x0809, // rsa_pss_pss_sha256
    0x080a, // rsa_pss_pss_sha384
    0x080b, // rsa_pss_pss_sha512
    0x0804, // rsa_pss_rsae_sha256
    0x0805, // rsa_pss_rsae_sha384
    0x0806, // rsa_pss_rsae_sha512
    0x0401, // rsa_pkcs1_sha256
    0x0501, // rsa_pkcs1_sha384
    0x0601, // rsa_pkcs1_sha512
    0x0303, // ecdsa_sha224
    0x0301, // rsa_pkcs1_sha224
    0x0302, // dsa_sha224
    0x0402, // dsa_sha256
    0x0502, // dsa_sha384
    0x0602, // dsa_sha512
];

/// Schemes a TLS 1.3 CertificateVerify may use and we can check: ECDSA,
/// EdDSA and RSASSA-PSS ("RSASSA-PKCS1-v1_5 signature schemes refer solely
/// to signatures which appear in certificates", RFC 8446 section 4.2.3).
pub fn allowed_in_tls13_certificate_verify(scheme: u16) -> bool {
    matches!(scheme, 0x0403 | 0x0503 | 0x0603 | 0x0807 | 0x0808 | 0x0804..=0x0806 | 0x0809..=0x080b)
}

fn algorithm(scheme: u16) -> Option<&'static dyn VerificationAlgorithm> {
    Some(match scheme {
        0x0403 => &signature::ECDSA_P256_SHA256_ASN1,
        0x0503 => &signature::ECDSA_P384_SHA384_ASN1,
        0x0603 => &signature::ECDSA_P521_SHA512_ASN1,
        0x0804 | 0x0809 => &signature::RSA_PSS_2048_8192_SHA256,
        0x0805 | 0x080a => &signature::RSA_PSS_2048_8192_SHA384,
        0x0806 | 0x080b => &signature::RSA_PSS_2048_8192_SHA512,
        0x0807 => &signature::ED25519,
        0x0401 => &signature::RSA_PKCS1_2048_8192_SHA256,
        0x0501 => &signature::RSA_PKCS1_2048_8192_SHA384,
        0x0601 => &signature::RSA_PKCS1_2048_8192_SHA512,
        _ => return None,
    })
}

/// Verifies `sig` over `message` with the DER SubjectPublicKeyInfo `spki`.
/// A key of another type than the scheme names fails to parse, and fails.
pub fn verify(scheme: u16, spki: &[u8], message: &[u8], sig: &[u8]) -> bool {
    if scheme == 0x0808 {
        // Ed448: aws-lc does not have it; libcrypto does.
        return crate::sys::pkey::verify_ed448(spki, message, sig);
    }
    match algorithm(scheme) {
        Some(alg) => UnparsedPublicKey::new(alg, spki).verify(message, sig).is_ok(),
        None => false,
    }
}

/// OpenSSL's NIDs for a scheme: (digest NID, signature key type NID), as
/// `SSL_get_peer_signature_nid` / `SSL_get_peer_signature_type_nid` report.
pub fn scheme_nids(scheme: u16) -> Option<(i32, i32)> {
    const SHA256: i32 = 672;
    const SHA384: i32 = 673;
    const SHA512: i32 = 674;
    const EC: i32 = 408;
    const RSA: i32 = 6;
    const RSA_PSS: i32 = 912;
    const ED25519: i32 = 1087;
    Some(match scheme {
        0x0403 => (SHA256, EC),
        0x0503 => (SHA384, EC),
        0x0603 => (SHA512, EC),
        0x0804 | 0x0809 => (SHA256, RSA_PSS),
        0x0805 | 0x080a => (SHA384, RSA_PSS),
        0x0806 | 0x080b => (SHA512, RSA_PSS),
        0x0807 => (0, ED25519),
        0x0808 => (0, 1088),
        0x0401 => (SHA256, RSA),
        0x0501 => (SHA384, RSA),
        0x0601 => (SHA512, RSA),
        _ => return None,
    })
}
