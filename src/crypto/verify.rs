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

/// OpenSSL 3.5's default list (Debian 13's ClientHello, measured): ML-DSA
/// (mldsa65, mldsa87, mldsa44; OpenSSL 3.5.0, "Add ML-DSA to the TLS
/// signature algorithms") first, and the TLS 1.3 brainpool schemes of RFC
/// 8734 (OpenSSL 3.2) after ed448; otherwise 3.0's.
pub const ADVERTISED_SCHEMES_35: &[u16] = &[
    0x0905, // mldsa65
    0x0906, // mldsa87
    0x0904, // mldsa44
    0x0403, 0x0503, 0x0603, 0x0807, 0x0808,
    0x081a, // ecdsa_brainpoolP256r1tls13_sha256
    0x081b, // ecdsa_brainpoolP384r1tls13_sha384
    0x081c, // ecdsa_brainpoolP512r1tls13_sha512
    0x0809, 0x080a, 0x080b, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602,
];

/// The default list of the OpenSSL whose libcrypto this process loaded:
/// 3.5's with a 3.5 libcrypto (whose provider verifies ML-DSA and
/// brainpool for us), else 3.0's.
pub fn advertised_schemes() -> &'static [u16] {
    if openssl35_schemes_known() {
        ADVERTISED_SCHEMES_35
    } else {
        ADVERTISED_SCHEMES
    }
}

/// Whether the OpenSSL 3.5 schemes (ML-DSA, TLS 1.3 brainpool) exist for
/// this process: its libcrypto is 3.5 or later.
pub fn openssl35_schemes_known() -> bool {
    crate::sys::libcrypto_version() >= 0x3050_0000
}

/// Schemes a TLS 1.3 CertificateVerify may use and we can check: ECDSA,
/// EdDSA and RSASSA-PSS ("RSASSA-PKCS1-v1_5 signature schemes refer solely
/// to signatures which appear in certificates", RFC 8446 section 4.2.3),
/// and with a 3.5 libcrypto ML-DSA and the TLS 1.3 brainpool schemes.
pub fn allowed_in_tls13_certificate_verify(scheme: u16) -> bool {
    matches!(scheme, 0x0403 | 0x0503 | 0x0603 | 0x0807 | 0x0808 | 0x0804..=0x0806 | 0x0809..=0x080b)
        || (matches!(scheme, 0x0904..=0x0906 | 0x081a..=0x081c) && openssl35_schemes_known())
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
    // OpenSSL 3.5's schemes, through its libcrypto (aws-lc has neither
    // ML-DSA in TLS's form nor brainpool curves).
    let by_libcrypto: Option<(&std::ffi::CStr, Option<&str>, Option<&std::ffi::CStr>)> = match scheme {
        0x0904 => Some((c"ML-DSA-44", None, None)),
        0x0905 => Some((c"ML-DSA-65", None, None)),
        0x0906 => Some((c"ML-DSA-87", None, None)),
        0x081a => Some((c"EC", Some("brainpoolP256r1"), Some(c"SHA256"))),
        0x081b => Some((c"EC", Some("brainpoolP384r1"), Some(c"SHA384"))),
        0x081c => Some((c"EC", Some("brainpoolP512r1"), Some(c"SHA512"))),
        _ => None,
    };
    if let Some((alg, group, md)) = by_libcrypto {
        return openssl35_schemes_known() && crate::sys::pkey::verify_by_libcrypto(spki, alg, group, md, message, sig);
    }
    if let Some(md) = dsa_digest(scheme) {
        return crate::sys::pkey::verify_dsa(spki, md, message, sig);
    }
    let pss_md = match scheme {
        0x0809 => Some(c"SHA256"),
        0x080a => Some(c"SHA384"),
        0x080b => Some(c"SHA512"),
        _ => None,
    };
    if let Some(r) = pss_md.and_then(|md| crate::sys::pkey::verify_rsa_pss_key(spki, md, message, sig)) {
        return r;
    }
    match algorithm(scheme) {
        Some(alg) => UnparsedPublicKey::new(alg, spki).verify(message, sig).is_ok(),
        None => false,
    }
}

/// The digest of a TLS 1.2 DSA scheme (RFC 5246 7.4.1.4.1), as libcrypto
/// names it; None for other schemes.
pub fn dsa_digest(scheme: u16) -> Option<&'static std::ffi::CStr> {
    Some(match scheme {
        0x0202 => c"SHA1",
        0x0302 => c"SHA224",
        0x0402 => c"SHA256",
        0x0502 => c"SHA384",
        0x0602 => c"SHA512",
        _ => return None,
    })
}

/// OpenSSL's NIDs for a scheme: (digest NID, signature key type NID), as
/// `SSL_get_peer_signature_nid` / `SSL_get_peer_signature_type_nid` report.
pub fn scheme_nids(scheme: u16) -> Option<(i32, i32)> {
    const SHA1: i32 = 64;
    const SHA224: i32 = 675;
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
        0x0301 => (SHA224, RSA),
        0x0201 => (SHA1, RSA),
        0x0203 => (SHA1, EC),
        // NID_dsa.
        0x0202 => (SHA1, 116),
        0x0302 => (SHA224, 116),
        0x0402 => (SHA256, 116),
        0x0502 => (SHA384, 116),
        0x0602 => (SHA512, 116),
        // OpenSSL 3.5's: brainpool ECDSA over TLS 1.3, and ML-DSA
        // (NID_ML_DSA_44/65/87, no separate digest).
        0x081a => (SHA256, EC),
        0x081b => (SHA384, EC),
        0x081c => (SHA512, EC),
        0x0904 => (0, 1457),
        0x0905 => (0, 1458),
        0x0906 => (0, 1459),
        // TLS 1.0/1.1's RSA signatures: NID_md5_sha1.
        crate::tls::tls12_shared::LEGACY_RSA_MD5_SHA1 => (114, RSA),
        _ => return None,
    })
}

/// OpenSSL's signature algorithm names (sigalg_lookup_tbl order), with the
/// key type and digest that "SIG+HASH" forms name: (scheme, name, sig, hash).
const SCHEME_NAMES: &[(u16, &str, &str, &str)] = &[
    (0x0403, "ecdsa_secp256r1_sha256", "ECDSA", "SHA256"),
    (0x0503, "ecdsa_secp384r1_sha384", "ECDSA", "SHA384"),
    (0x0603, "ecdsa_secp521r1_sha512", "ECDSA", "SHA512"),
    (0x0303, "ecdsa_sha224", "ECDSA", "SHA224"),
    (0x0203, "ecdsa_sha1", "ECDSA", "SHA1"),
    (0x0807, "ed25519", "", ""),
    (0x0808, "ed448", "", ""),
    (0x0804, "rsa_pss_rsae_sha256", "RSA-PSS", "SHA256"),
    (0x0805, "rsa_pss_rsae_sha384", "RSA-PSS", "SHA384"),
    (0x0806, "rsa_pss_rsae_sha512", "RSA-PSS", "SHA512"),
    (0x0809, "rsa_pss_pss_sha256", "", ""),
    (0x080a, "rsa_pss_pss_sha384", "", ""),
    (0x080b, "rsa_pss_pss_sha512", "", ""),
    (0x0401, "rsa_pkcs1_sha256", "RSA", "SHA256"),
    (0x0501, "rsa_pkcs1_sha384", "RSA", "SHA384"),
    (0x0601, "rsa_pkcs1_sha512", "RSA", "SHA512"),
    (0x0301, "rsa_pkcs1_sha224", "RSA", "SHA224"),
    (0x0201, "rsa_pkcs1_sha1", "RSA", "SHA1"),
    (0x0402, "dsa_sha256", "DSA", "SHA256"),
    (0x0502, "dsa_sha384", "DSA", "SHA384"),
    (0x0602, "dsa_sha512", "DSA", "SHA512"),
    (0x0302, "dsa_sha224", "DSA", "SHA224"),
    (0x0202, "dsa_sha1", "DSA", "SHA1"),
    // OpenSSL 3.5's (known with a 3.5 libcrypto only: `name_known_here`).
    (0x081a, "ecdsa_brainpoolP256r1tls13_sha256", "", ""),
    (0x081b, "ecdsa_brainpoolP384r1tls13_sha384", "", ""),
    (0x081c, "ecdsa_brainpoolP512r1tls13_sha512", "", ""),
    (0x0904, "mldsa44", "", ""),
    (0x0905, "mldsa65", "", ""),
    (0x0906, "mldsa87", "", ""),
];

/// OpenSSL 3.0's sigalg_lookup_tbl as (hash NID, signature key type NID,
/// scheme), in its order: the first match of a pair wins, so RSA-PSS with
/// a hash names the rsae scheme.
const SCHEME_NIDS: &[(i32, i32, u16)] = &[
    (672, 408, 0x0403),
    (673, 408, 0x0503),
    (674, 408, 0x0603),
    (0, 1087, 0x0807),
    (0, 1088, 0x0808),
    (675, 408, 0x0303),
    (64, 408, 0x0203),
    (672, 912, 0x0804),
    (673, 912, 0x0805),
    (674, 912, 0x0806),
    (672, 6, 0x0401),
    (673, 6, 0x0501),
    (674, 6, 0x0601),
    (675, 6, 0x0301),
    (64, 6, 0x0201),
    (672, 116, 0x0402),
    (673, 116, 0x0502),
    (674, 116, 0x0602),
    (675, 116, 0x0302),
    (64, 116, 0x0202),
];

/// `SSL_CTX_set1_sigalgs`' form: (hash NID, key type NID) pairs, as
/// OpenSSL's tls1_set_sigalgs reads them; None for an odd count or a pair
/// it does not know.
pub fn parse_sigalgs_nids(pairs: &[i32]) -> Option<Vec<u16>> {
    if pairs.len() % 2 != 0 {
        return None;
    }
    pairs.chunks(2).map(|p| SCHEME_NIDS.iter().find(|e| e.0 == p[0] && e.1 == p[1]).map(|e| e.2)).collect()
}

/// OpenSSL's name of a scheme as a C string that lives for the process
/// (`SSL_get0_peer_signature_name`); None for one without a name.
pub fn scheme_c_name(scheme: u16) -> Option<&'static std::ffi::CStr> {
    static NAMES: std::sync::OnceLock<Vec<(u16, std::ffi::CString)>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| SCHEME_NAMES.iter().filter_map(|e| Some((e.0, std::ffi::CString::new(e.1).ok()?))).collect());
    names.iter().find(|(s, _)| *s == scheme).map(|(_, n)| n.as_c_str())
}

/// Whether OpenSSL of the loaded libcrypto's version knows the scheme.
fn name_known_here(scheme: u16) -> bool {
    !matches!(scheme, 0x081a..=0x081c | 0x0904..=0x0906) || openssl35_schemes_known()
}

/// Every signature algorithm we can sign and verify with, by OpenSSL's
/// names, colon-separated (OpenSSL 3.5's `SSL_get1_builtin_sigalgs`).
pub fn builtin_sigalg_names() -> String {
    // We verify the 3.5 schemes but cannot sign with them: not listed.
    SCHEME_NAMES.iter().filter(|e| !matches!(e.0, 0x081a..=0x081c | 0x0904..=0x0906)).map(|e| e.1).collect::<Vec<_>>().join(":")
}

/// Parses OpenSSL's signature algorithms list ("ECDSA+SHA256:rsa_pss_rsae_sha256:ed25519"):
/// TLS 1.3 names, or SIG+HASH (RSA, RSA-PSS or PSS, DSA, ECDSA with a
/// digest name, either order). None for an unknown entry or a duplicate,
/// as OpenSSL's sig_cb refuses them.
pub fn parse_sigalgs_list(list: &str) -> Option<Vec<u16>> {
    let mut out = Vec::new();
    for item in list.split(':') {
        let scheme = match item.split_once('+') {
            None => SCHEME_NAMES.iter().find(|e| e.1 == item && name_known_here(e.0))?.0,
            Some((a, b)) => {
                let norm = |x: &str| {
                    let u = x.to_ascii_uppercase().replace("SHA-", "SHA");
                    if u == "PSS" {
                        "RSA-PSS".to_string()
                    } else {
                        u
                    }
                };
                let (a, b) = (norm(a), norm(b));
                let is_sig = |x: &str| matches!(x, "RSA" | "RSA-PSS" | "DSA" | "ECDSA");
                let (sig, hash) = if is_sig(&a) { (a, b) } else { (b, a) };
                SCHEME_NAMES.iter().find(|e| !e.2.is_empty() && e.2 == sig && e.3 == hash)?.0
            }
        };
        if out.contains(&scheme) {
            return None;
        }
        out.push(scheme);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod sigalg_nid_tests {
    use super::parse_sigalgs_nids;

    #[test]
    fn nid_pairs_map_as_openssl_table() {
        // (sha256, EC), (sha384, RSA-PSS): ecdsa_secp256r1_sha256, rsa_pss_rsae_sha384.
        assert_eq!(parse_sigalgs_nids(&[672, 408, 673, 912]), Some(vec![0x0403, 0x0805]));
        // Ed25519 has no hash (NID_undef).
        assert_eq!(parse_sigalgs_nids(&[0, 1087, 64, 6]), Some(vec![0x0807, 0x0201]));
        assert_eq!(parse_sigalgs_nids(&[672]), None, "odd count");
        assert_eq!(parse_sigalgs_nids(&[4, 6]), None, "MD5 with RSA is not a TLS scheme");
    }
}
