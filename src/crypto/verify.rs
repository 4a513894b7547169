//! Signature verification for CertificateVerify (RFC 8446 section 4.4.3).

use aws_lc_rs::signature::{self, UnparsedPublicKey, VerificationAlgorithm};

/// TLS SignatureScheme values we can verify, in our preference order.
pub const SUPPORTED_SCHEMES: &[u16] = &[
    0x0403, // ecdsa_secp256r1_sha256
    0x0503, // ecdsa_secp384r1_sha384
    0x0804, // rsa_pss_rsae_sha256
    0x0805, // rsa_pss_rsae_sha384
    0x0806, // rsa_pss_rsae_sha512
    0x0807, // ed25519
    0x0809, // rsa_pss_pss_sha256
    0x080a, // rsa_pss_pss_sha384
    0x080b, // rsa_pss_pss_sha512
    0x0401, // rsa_pkcs1_sha256 (certificates only in TLS 1.3)
    0x0501, // rsa_pkcs1_sha384
    0x0601, // rsa_pkcs1_sha512
];

/// Schemes allowed in a TLS 1.3 CertificateVerify: RSASSA-PKCS1-v1_5 is not
/// ("RSASSA-PKCS1-v1_5 signature schemes refer solely to signatures which
/// appear in certificates", RFC 8446 section 4.2.3).
pub fn allowed_in_tls13_certificate_verify(scheme: u16) -> bool {
    SUPPORTED_SCHEMES.contains(&scheme) && !matches!(scheme, 0x0401 | 0x0501 | 0x0601)
}

fn algorithm(scheme: u16) -> Option<&'static dyn VerificationAlgorithm> {
    Some(match scheme {
        0x0403 => &signature::ECDSA_P256_SHA256_ASN1,
        0x0503 => &signature::ECDSA_P384_SHA384_ASN1,
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
        0x0804 | 0x0809 => (SHA256, RSA_PSS),
        0x0805 | 0x080a => (SHA384, RSA_PSS),
        0x0806 | 0x080b => (SHA512, RSA_PSS),
        0x0807 => (0, ED25519),
        0x0401 => (SHA256, RSA),
        0x0501 => (SHA384, RSA),
        0x0601 => (SHA512, RSA),
        _ => return None,
    })
}
