//! Cipher suites: IANA id <-> OpenSSL name <-> RFC name, with their AEAD,
//! hash, and for TLS 1.2 their key exchange and authentication.

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
    /// The protocol version the suite belongs to: TLS 1.3 suites are not
    /// used in TLS 1.2 and TLS 1.2 suites not in TLS 1.3.
    pub version: u16,
    /// What authenticates the server in TLS 1.2 (TLS 1.3: any).
    pub auth: Auth,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// TLS 1.3: the certificate decides.
    Any,
    Rsa,
    /// aECDSA: ECDSA and EdDSA keys.
    Ecdsa,
}

impl Suite {
    pub fn is_tls13(&self) -> bool {
        self.version == super::TLS1_3_VERSION
    }

    /// OpenSSL's protocol name for the suite (`SSL_CIPHER_get_version`).
    pub fn version_name(&self) -> &'static str {
        if self.is_tls13() { "TLSv1.3" } else { "TLSv1.2" }
    }

    /// Kx and Au as `SSL_CIPHER_description` prints them.
    pub fn kx_name(&self) -> &'static str {
        if self.is_tls13() { "any" } else { "ECDH" }
    }

    pub fn auth_name(&self) -> &'static str {
        match self.auth {
            Auth::Any => "any",
            Auth::Rsa => "RSA",
            Auth::Ecdsa => "ECDSA",
        }
    }
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
    version: super::TLS1_3_VERSION,
    auth: Auth::Any,
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
    version: super::TLS1_3_VERSION,
    auth: Auth::Any,
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
    version: super::TLS1_3_VERSION,
    auth: Auth::Any,
};

/// A TLS 1.2 ECDHE suite with an AEAD (RFC 5289, RFC 7905).
macro_rules! tls12_suite {
    ($name:ident, $iana:expr, $openssl:expr, $aead:ident, $hash:ident, $bits:expr, $enc:expr, $auth:ident) => {
        pub static $name: Suite = Suite {
            iana: $iana,
            openssl_name: $openssl,
            rfc_name: stringify!($name),
            aead: AeadAlg::$aead,
            hash: HashAlg::$hash,
            bits: $bits,
            enc_description: $enc,
            mac_description: "AEAD",
            version: super::TLS1_2_VERSION,
            auth: Auth::$auth,
        };
    };
}

tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, 0xc02c, "ECDHE-ECDSA-AES256-GCM-SHA384", Aes256Gcm, Sha384, 256, "AESGCM(256)", Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 0xc030, "ECDHE-RSA-AES256-GCM-SHA384", Aes256Gcm, Sha384, 256, "AESGCM(256)", Rsa);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, 0xcca9, "ECDHE-ECDSA-CHACHA20-POLY1305", ChaCha20Poly1305, Sha256, 256, "CHACHA20/POLY1305(256)", Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, 0xcca8, "ECDHE-RSA-CHACHA20-POLY1305", ChaCha20Poly1305, Sha256, 256, "CHACHA20/POLY1305(256)", Rsa);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 0xc02b, "ECDHE-ECDSA-AES128-GCM-SHA256", Aes128Gcm, Sha256, 128, "AESGCM(128)", Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0xc02f, "ECDHE-RSA-AES128-GCM-SHA256", Aes128Gcm, Sha256, 128, "AESGCM(128)", Rsa);

/// Every TLS 1.2 suite we implement, in the order OpenSSL 3.0's DEFAULT
/// cipher list puts them (`openssl ciphers -V DEFAULT`).
pub static TLS12_SUITES: [&Suite; 6] = [
    &TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    &TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    &TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    &TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    &TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    &TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
];

/// Every TLS 1.3 suite we implement, in OpenSSL 3.0's default order
/// (`OSSL_default_ciphersuites`).
pub static TLS13_SUITES: [&Suite; 3] =
    [&TLS_AES_256_GCM_SHA384, &TLS_CHACHA20_POLY1305_SHA256, &TLS_AES_128_GCM_SHA256];

pub const DEFAULT_CIPHERSUITES: &str =
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

/// Any suite we implement, either version.
pub fn by_iana(iana: u16) -> Option<&'static Suite> {
    TLS13_SUITES.iter().chain(TLS12_SUITES.iter()).copied().find(|s| s.iana == iana)
}

/// A TLS 1.2 suite by OpenSSL name (`ECDHE-RSA-AES128-GCM-SHA256`).
pub fn tls12_by_name(name: &str) -> Option<&'static Suite> {
    TLS12_SUITES.iter().copied().find(|s| s.openssl_name == name)
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
