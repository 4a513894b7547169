//! Cipher suites: IANA id <-> OpenSSL name <-> RFC name, with their AEAD and hash.

use crate::crypto::aead::AeadAlg;
use crate::crypto::hash::HashAlg;

#[derive(Debug, PartialEq, Eq)]
pub struct Suite {
    /// IANA value, e.g. 0x1301.
    pub iana: u16,
    /// OpenSSL's name (for TLS 1.3 the same as the RFC name).
    pub openssl_name: &'static str,
    pub rfc_name: &'static str,
    pub aead: AeadAlg,
    pub hash: HashAlg,
    /// Symmetric strength in bits (`SSL_CIPHER_get_bits`).
    pub bits: i32,
    /// The cipher part of `SSL_CIPHER_description`, e.g. "AESGCM(128)".
    pub enc_description: &'static str,
    pub mac_description: &'static str,
}

pub static TLS_AES_128_GCM_SHA256: Suite = Suite {
    iana: 0x1301,
    openssl_name: "TLS_AES_128_GCM_SHA256",
    rfc_name: "TLS_AES_128_GCM_SHA256",
    aead: AeadAlg::Aes128Gcm,
    hash: HashAlg::Sha256,
    bits: 128,
    enc_description: "AESGCM(128)",
    mac_description: "AEAD",
};

pub static TLS_AES_256_GCM_SHA384: Suite = Suite {
    iana: 0x1302,
    openssl_name: "TLS_AES_256_GCM_SHA384",
    rfc_name: "TLS_AES_256_GCM_SHA384",
    aead: AeadAlg::Aes256Gcm,
    hash: HashAlg::Sha384,
    bits: 256,
    enc_description: "AESGCM(256)",
    mac_description: "AEAD",
};

pub static TLS_CHACHA20_POLY1305_SHA256: Suite = Suite {
    iana: 0x1303,
    openssl_name: "TLS_CHACHA20_POLY1305_SHA256",
    rfc_name: "TLS_CHACHA20_POLY1305_SHA256",
    aead: AeadAlg::ChaCha20Poly1305,
    hash: HashAlg::Sha256,
    bits: 256,
    enc_description: "CHACHA20/POLY1305(256)",
    mac_description: "AEAD",
};

/// Every TLS 1.3 suite we implement, in OpenSSL 3.0's default order
/// (`OSSL_default_ciphersuites`).
pub static TLS13_SUITES: [&Suite; 3] =
    [&TLS_AES_256_GCM_SHA384, &TLS_CHACHA20_POLY1305_SHA256, &TLS_AES_128_GCM_SHA256];

pub const DEFAULT_CIPHERSUITES: &str =
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

pub fn by_iana(iana: u16) -> Option<&'static Suite> {
    TLS13_SUITES.iter().copied().find(|s| s.iana == iana)
}

pub fn by_name(name: &str) -> Option<&'static Suite> {
    TLS13_SUITES.iter().copied().find(|s| s.openssl_name == name)
}

/// Parses an OpenSSL ciphersuites string ("A:B:C"). As in OpenSSL, unknown
/// names are ignored, and a list that names no known suite is an error
/// (`SSL_R_NO_CIPHER_MATCH`) unless it is empty.
pub fn parse_ciphersuites(list: &str) -> Option<Vec<&'static Suite>> {
    let mut out = Vec::new();
    for name in list.split(':').filter(|n| !n.is_empty()) {
        if let Some(s) = by_name(name) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    if out.is_empty() && !list.is_empty() {
        None
    } else {
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_openssl_lists() {
        let v = parse_ciphersuites("TLS_AES_128_GCM_SHA256:bogus:TLS_AES_128_GCM_SHA256").unwrap();
        assert_eq!(v, vec![&TLS_AES_128_GCM_SHA256]);
        assert!(parse_ciphersuites("nothing").is_none());
        assert_eq!(parse_ciphersuites("").unwrap().len(), 0);
        assert_eq!(parse_ciphersuites(DEFAULT_CIPHERSUITES).unwrap().len(), 3);
    }
}
