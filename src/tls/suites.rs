//! Cipher suites: IANA id <-> OpenSSL name <-> RFC name, with their record
//! protection, PRF hash, and for TLS 1.2 their key exchange and
//! authentication.

use crate::crypto::aead::AeadAlg;
use crate::crypto::cbc::{BlockCipher, MacAlg};
use crate::crypto::hash::HashAlg;

/// How a suite protects records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bulk {
    Aead(AeadAlg),
    /// AES- or Camellia-CBC with an HMAC (RFC 5246 6.2.3.2), TLS 1.2 and before.
    Cbc { cipher: BlockCipher, key_len: usize, mac: MacAlg },
}

#[derive(Debug, PartialEq, Eq)]
pub struct Suite {
    /// IANA value, e.g. 0x1301.
    pub iana: u16,
    /// OpenSSL's name (for TLS 1.3 the same as the RFC name).
    pub openssl_name: &'static str,
    pub rfc_name: &'static str,
    pub bulk: Bulk,
    /// The hash of the key schedule (TLS 1.3) or PRF (TLS 1.2).
    pub hash: HashAlg,
    /// Symmetric strength in bits (`SSL_CIPHER_get_bits`).
    pub bits: i32,
    /// The cipher part of `SSL_CIPHER_description`, e.g. "AESGCM(128)".
    pub enc_description: &'static str,
    pub mac_description: &'static str,
    /// The protocol version the suite belongs to: TLS 1.3 suites are not
    /// used in TLS 1.2 and TLS 1.2 suites not in TLS 1.3.
    pub version: u16,
    /// The oldest protocol version that defines the suite (OpenSSL's
    /// min_tls: SSLv3 for AES128-SHA, TLSv1 for ECDHE-RSA-AES128-SHA).
    pub min_version: u16,
    /// What authenticates the server in TLS 1.2 (TLS 1.3: any).
    pub auth: Auth,
    /// The TLS 1.2 key exchange (TLS 1.3: any).
    pub kx: Kx,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// TLS 1.3: the certificate decides.
    Any,
    Rsa,
    /// aECDSA: ECDSA and EdDSA keys.
    Ecdsa,
    /// aPSK: the pre-shared key alone; no certificate (RFC 4279 2).
    Psk,
    /// aNULL: anonymous (EC)DH, no certificate and nothing signed (RFC
    /// 5246 7.4.3 dh_anon, RFC 8422 ECDH_anon); security level 0 only.
    Null,
    /// aDSS: a DSA certificate (RFC 5246's DHE_DSS).
    Dss,
    /// aSRP: the password alone (RFC 5054 2.7: "SRP_SHA", no certificate).
    Srp,
}

impl Auth {
    /// Whether the server sends a Certificate (and may ask for one).
    pub fn uses_certificate(self) -> bool {
        !matches!(self, Auth::Psk | Auth::Null | Auth::Srp)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kx {
    /// TLS 1.3: key_share or PSK.
    Any,
    Ecdhe,
    /// Finite-field Diffie-Hellman with the server's parameters.
    Dhe,
    /// The client encrypts the premaster secret to the server's RSA key.
    Rsa,
    /// A pre-shared key alone (RFC 4279 2).
    Psk,
    /// ECDHE with a pre-shared key (RFC 5489).
    EcdhePsk,
    /// DHE with a pre-shared key (RFC 4279 3).
    DhePsk,
    /// RSA key transport with a pre-shared key (RFC 4279 4).
    RsaPsk,
    /// Secure Remote Password (RFC 5054).
    Srp,
}

impl Kx {
    /// One of the four PSK key exchanges (OpenSSL's SSL_PSK mask).
    pub fn is_psk(self) -> bool {
        matches!(self, Kx::Psk | Kx::EcdhePsk | Kx::DhePsk | Kx::RsaPsk)
    }

    /// Elliptic-curve Diffie-Hellman, with or without a PSK.
    pub fn is_ecdhe(self) -> bool {
        matches!(self, Kx::Ecdhe | Kx::EcdhePsk)
    }

    /// Finite-field Diffie-Hellman, with or without a PSK.
    pub fn is_dhe(self) -> bool {
        matches!(self, Kx::Dhe | Kx::DhePsk)
    }

    /// RSA key transport, with or without a PSK.
    pub fn is_rsa(self) -> bool {
        matches!(self, Kx::Rsa | Kx::RsaPsk)
    }
}

impl Suite {
    pub fn is_tls13(&self) -> bool {
        self.version == super::TLS1_3_VERSION
    }

    /// The AEAD of a suite that has one (every TLS 1.3 suite).
    pub fn aead(&self) -> Result<AeadAlg, super::Error> {
        match self.bulk {
            Bulk::Aead(a) => Ok(a),
            Bulk::Cbc { .. } => Err(super::Error::internal("not an AEAD suite")),
        }
    }

    /// OpenSSL's SSL_NOT_DEFAULT: in ALL but not in DEFAULT — the
    /// anonymous and DSS suites and the Camellia, AES-CCM and ARIA ones.
    pub fn not_in_default(&self) -> bool {
        use crate::crypto::aead::AeadAlg::*;
        matches!(self.auth, Auth::Null | Auth::Dss)
            || matches!(self.bulk, Bulk::Cbc { cipher: BlockCipher::Camellia, .. } | Bulk::Aead(Aes128Ccm | Aes256Ccm | Aes128Ccm8 | Aes256Ccm8 | Aria128Gcm | Aria256Gcm))
    }

    pub fn is_aead(&self) -> bool {
        matches!(self.bulk, Bulk::Aead(_))
    }

    /// OpenSSL's protocol name for the suite's oldest version, as
    /// `SSL_CIPHER_description` prints it.
    pub fn version_name(&self) -> &'static str {
        match self.min_version {
            0x0304 => "TLSv1.3",
            0x0303 => "TLSv1.2",
            0x0301 => "TLSv1",
            _ => "SSLv3",
        }
    }

    /// Kx and Au as `SSL_CIPHER_description` prints them.
    pub fn kx_name(&self) -> &'static str {
        match self.kx {
            Kx::Any => "any",
            Kx::Ecdhe => "ECDH",
            Kx::Dhe => "DH",
            Kx::Rsa => "RSA",
            Kx::Psk => "PSK",
            Kx::EcdhePsk => "ECDHEPSK",
            Kx::DhePsk => "DHEPSK",
            Kx::RsaPsk => "RSAPSK",
            Kx::Srp => "SRP",
        }
    }

    pub fn auth_name(&self) -> &'static str {
        match self.auth {
            Auth::Any => "any",
            Auth::Rsa => "RSA",
            Auth::Ecdsa => "ECDSA",
            Auth::Psk => "PSK",
            Auth::Null => "None",
            Auth::Dss => "DSS",
            Auth::Srp => "SRP",
        }
    }
}

pub static TLS_AES_128_GCM_SHA256: Suite = Suite {
    iana: 0x1301,
    openssl_name: "TLS_AES_128_GCM_SHA256",
    rfc_name: "TLS_AES_128_GCM_SHA256",
    bulk: Bulk::Aead(AeadAlg::Aes128Gcm),
    hash: HashAlg::Sha256,
    bits: 128,
    enc_description: "AESGCM(128)",
    mac_description: "AEAD",
    version: super::TLS1_3_VERSION,
    min_version: super::TLS1_3_VERSION,
    auth: Auth::Any,
    kx: Kx::Any,
};

pub static TLS_AES_256_GCM_SHA384: Suite = Suite {
    iana: 0x1302,
    openssl_name: "TLS_AES_256_GCM_SHA384",
    rfc_name: "TLS_AES_256_GCM_SHA384",
    bulk: Bulk::Aead(AeadAlg::Aes256Gcm),
    hash: HashAlg::Sha384,
    bits: 256,
    enc_description: "AESGCM(256)",
    mac_description: "AEAD",
    version: super::TLS1_3_VERSION,
    min_version: super::TLS1_3_VERSION,
    auth: Auth::Any,
    kx: Kx::Any,
};

pub static TLS_CHACHA20_POLY1305_SHA256: Suite = Suite {
    iana: 0x1303,
    openssl_name: "TLS_CHACHA20_POLY1305_SHA256",
    rfc_name: "TLS_CHACHA20_POLY1305_SHA256",
    bulk: Bulk::Aead(AeadAlg::ChaCha20Poly1305),
    hash: HashAlg::Sha256,
    bits: 256,
    enc_description: "CHACHA20/POLY1305(256)",
    mac_description: "AEAD",
    version: super::TLS1_3_VERSION,
    min_version: super::TLS1_3_VERSION,
    auth: Auth::Any,
    kx: Kx::Any,
};

/// A TLS 1.2 suite: IANA value, OpenSSL name, record protection, PRF
/// hash, bits, description of the cipher and MAC, oldest version, key
/// exchange, authentication (RFC 5246, 5288, 5289, 7905, 8422).
macro_rules! tls12_suite {
    ($name:ident, $iana:expr, $openssl:expr, $bulk:expr, $hash:ident, $bits:expr, $enc:expr, $mac:expr, $min:expr, $kx:ident, $auth:ident) => {
        // The RFC names of anonymous suites say "DH_anon".
        #[allow(non_upper_case_globals)]
        pub static $name: Suite = Suite {
            iana: $iana,
            openssl_name: $openssl,
            rfc_name: stringify!($name),
            bulk: $bulk,
            hash: HashAlg::$hash,
            bits: $bits,
            enc_description: $enc,
            mac_description: $mac,
            version: super::TLS1_2_VERSION,
            min_version: $min,
            auth: Auth::$auth,
            kx: Kx::$kx,
        };
    };
}

const GCM128: Bulk = Bulk::Aead(AeadAlg::Aes128Gcm);
const GCM256: Bulk = Bulk::Aead(AeadAlg::Aes256Gcm);
const CHACHA: Bulk = Bulk::Aead(AeadAlg::ChaCha20Poly1305);
const CCM128: Bulk = Bulk::Aead(AeadAlg::Aes128Ccm);
const CCM256: Bulk = Bulk::Aead(AeadAlg::Aes256Ccm);
const CCM8_128: Bulk = Bulk::Aead(AeadAlg::Aes128Ccm8);
const CCM8_256: Bulk = Bulk::Aead(AeadAlg::Aes256Ccm8);
const ARIA128: Bulk = Bulk::Aead(AeadAlg::Aria128Gcm);
const ARIA256: Bulk = Bulk::Aead(AeadAlg::Aria256Gcm);
const CBC128_SHA1: Bulk = Bulk::Cbc { cipher: BlockCipher::Aes, key_len: 16, mac: MacAlg::Sha1 };
const CBC256_SHA1: Bulk = Bulk::Cbc { cipher: BlockCipher::Aes, key_len: 32, mac: MacAlg::Sha1 };
const CBC128_SHA256: Bulk = Bulk::Cbc { cipher: BlockCipher::Aes, key_len: 16, mac: MacAlg::Sha256 };
const CBC256_SHA256: Bulk = Bulk::Cbc { cipher: BlockCipher::Aes, key_len: 32, mac: MacAlg::Sha256 };
const CBC256_SHA384: Bulk = Bulk::Cbc { cipher: BlockCipher::Aes, key_len: 32, mac: MacAlg::Sha384 };
const CAM128_SHA1: Bulk = Bulk::Cbc { cipher: BlockCipher::Camellia, key_len: 16, mac: MacAlg::Sha1 };
const CAM256_SHA1: Bulk = Bulk::Cbc { cipher: BlockCipher::Camellia, key_len: 32, mac: MacAlg::Sha1 };
const CAM128_SHA256: Bulk = Bulk::Cbc { cipher: BlockCipher::Camellia, key_len: 16, mac: MacAlg::Sha256 };
const CAM256_SHA256: Bulk = Bulk::Cbc { cipher: BlockCipher::Camellia, key_len: 32, mac: MacAlg::Sha256 };
const CAM256_SHA384: Bulk = Bulk::Cbc { cipher: BlockCipher::Camellia, key_len: 32, mac: MacAlg::Sha384 };
const SSL3: u16 = 0x0300;
const TLS1: u16 = 0x0301;
const TLS12: u16 = 0x0303;

// RFC 5246, 5288, 5289, 7905, 8422 (AES, ChaCha20); 4279, 5487, 5489 (PSK);
// 5932, 6367 (Camellia); 6655, 7251 (AES-CCM); 6209 (ARIA-GCM); 5054 (SRP).
// In OpenSSL 3.0's starting order (the ALL list).
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, 0xc02c, "ECDHE-ECDSA-AES256-GCM-SHA384", GCM256, Sha384, 256, "AESGCM(256)", "AEAD", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 0xc030, "ECDHE-RSA-AES256-GCM-SHA384", GCM256, Sha384, 256, "AESGCM(256)", "AEAD", TLS12, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_AES_256_GCM_SHA384, 0x00a3, "DHE-DSS-AES256-GCM-SHA384", GCM256, Sha384, 256, "AESGCM(256)", "AEAD", TLS12, Dhe, Dss);
tls12_suite!(TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, 0x009f, "DHE-RSA-AES256-GCM-SHA384", GCM256, Sha384, 256, "AESGCM(256)", "AEAD", TLS12, Dhe, Rsa);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, 0xcca9, "ECDHE-ECDSA-CHACHA20-POLY1305", CHACHA, Sha256, 256, "CHACHA20/POLY1305(256)", "AEAD", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, 0xcca8, "ECDHE-RSA-CHACHA20-POLY1305", CHACHA, Sha256, 256, "CHACHA20/POLY1305(256)", "AEAD", TLS12, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, 0xccaa, "DHE-RSA-CHACHA20-POLY1305", CHACHA, Sha256, 256, "CHACHA20/POLY1305(256)", "AEAD", TLS12, Dhe, Rsa);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8, 0xc0af, "ECDHE-ECDSA-AES256-CCM8", CCM8_256, Sha256, 256, "AESCCM8(256)", "AEAD", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_256_CCM, 0xc0ad, "ECDHE-ECDSA-AES256-CCM", CCM256, Sha256, 256, "AESCCM(256)", "AEAD", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_DHE_RSA_WITH_AES_256_CCM_8, 0xc0a3, "DHE-RSA-AES256-CCM8", CCM8_256, Sha256, 256, "AESCCM8(256)", "AEAD", TLS12, Dhe, Rsa);
tls12_suite!(TLS_DHE_RSA_WITH_AES_256_CCM, 0xc09f, "DHE-RSA-AES256-CCM", CCM256, Sha256, 256, "AESCCM(256)", "AEAD", TLS12, Dhe, Rsa);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384, 0xc05d, "ECDHE-ECDSA-ARIA256-GCM-SHA384", ARIA256, Sha384, 256, "ARIAGCM(256)", "AEAD", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384, 0xc061, "ECDHE-ARIA256-GCM-SHA384", ARIA256, Sha384, 256, "ARIAGCM(256)", "AEAD", TLS12, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384, 0xc057, "DHE-DSS-ARIA256-GCM-SHA384", ARIA256, Sha384, 256, "ARIAGCM(256)", "AEAD", TLS12, Dhe, Dss);
tls12_suite!(TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384, 0xc053, "DHE-RSA-ARIA256-GCM-SHA384", ARIA256, Sha384, 256, "ARIAGCM(256)", "AEAD", TLS12, Dhe, Rsa);
tls12_suite!(TLS_DH_anon_WITH_AES_256_GCM_SHA384, 0x00a7, "ADH-AES256-GCM-SHA384", GCM256, Sha384, 256, "AESGCM(256)", "AEAD", TLS12, Dhe, Null);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 0xc02b, "ECDHE-ECDSA-AES128-GCM-SHA256", GCM128, Sha256, 128, "AESGCM(128)", "AEAD", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0xc02f, "ECDHE-RSA-AES128-GCM-SHA256", GCM128, Sha256, 128, "AESGCM(128)", "AEAD", TLS12, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_AES_128_GCM_SHA256, 0x00a2, "DHE-DSS-AES128-GCM-SHA256", GCM128, Sha256, 128, "AESGCM(128)", "AEAD", TLS12, Dhe, Dss);
tls12_suite!(TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, 0x009e, "DHE-RSA-AES128-GCM-SHA256", GCM128, Sha256, 128, "AESGCM(128)", "AEAD", TLS12, Dhe, Rsa);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 0xc0ae, "ECDHE-ECDSA-AES128-CCM8", CCM8_128, Sha256, 128, "AESCCM8(128)", "AEAD", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_128_CCM, 0xc0ac, "ECDHE-ECDSA-AES128-CCM", CCM128, Sha256, 128, "AESCCM(128)", "AEAD", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_DHE_RSA_WITH_AES_128_CCM_8, 0xc0a2, "DHE-RSA-AES128-CCM8", CCM8_128, Sha256, 128, "AESCCM8(128)", "AEAD", TLS12, Dhe, Rsa);
tls12_suite!(TLS_DHE_RSA_WITH_AES_128_CCM, 0xc09e, "DHE-RSA-AES128-CCM", CCM128, Sha256, 128, "AESCCM(128)", "AEAD", TLS12, Dhe, Rsa);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256, 0xc05c, "ECDHE-ECDSA-ARIA128-GCM-SHA256", ARIA128, Sha256, 128, "ARIAGCM(128)", "AEAD", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256, 0xc060, "ECDHE-ARIA128-GCM-SHA256", ARIA128, Sha256, 128, "ARIAGCM(128)", "AEAD", TLS12, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256, 0xc056, "DHE-DSS-ARIA128-GCM-SHA256", ARIA128, Sha256, 128, "ARIAGCM(128)", "AEAD", TLS12, Dhe, Dss);
tls12_suite!(TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256, 0xc052, "DHE-RSA-ARIA128-GCM-SHA256", ARIA128, Sha256, 128, "ARIAGCM(128)", "AEAD", TLS12, Dhe, Rsa);
tls12_suite!(TLS_DH_anon_WITH_AES_128_GCM_SHA256, 0x00a6, "ADH-AES128-GCM-SHA256", GCM128, Sha256, 128, "AESGCM(128)", "AEAD", TLS12, Dhe, Null);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, 0xc024, "ECDHE-ECDSA-AES256-SHA384", CBC256_SHA384, Sha384, 256, "AES(256)", "SHA384", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, 0xc028, "ECDHE-RSA-AES256-SHA384", CBC256_SHA384, Sha384, 256, "AES(256)", "SHA384", TLS12, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_RSA_WITH_AES_256_CBC_SHA256, 0x006b, "DHE-RSA-AES256-SHA256", CBC256_SHA256, Sha256, 256, "AES(256)", "SHA256", TLS12, Dhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_AES_256_CBC_SHA256, 0x006a, "DHE-DSS-AES256-SHA256", CBC256_SHA256, Sha256, 256, "AES(256)", "SHA256", TLS12, Dhe, Dss);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384, 0xc073, "ECDHE-ECDSA-CAMELLIA256-SHA384", CAM256_SHA384, Sha384, 256, "Camellia(256)", "SHA384", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384, 0xc077, "ECDHE-RSA-CAMELLIA256-SHA384", CAM256_SHA384, Sha384, 256, "Camellia(256)", "SHA384", TLS12, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256, 0x00c4, "DHE-RSA-CAMELLIA256-SHA256", CAM256_SHA256, Sha256, 256, "Camellia(256)", "SHA256", TLS12, Dhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256, 0x00c3, "DHE-DSS-CAMELLIA256-SHA256", CAM256_SHA256, Sha256, 256, "Camellia(256)", "SHA256", TLS12, Dhe, Dss);
tls12_suite!(TLS_DH_anon_WITH_AES_256_CBC_SHA256, 0x006d, "ADH-AES256-SHA256", CBC256_SHA256, Sha256, 256, "AES(256)", "SHA256", TLS12, Dhe, Null);
tls12_suite!(TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256, 0x00c5, "ADH-CAMELLIA256-SHA256", CAM256_SHA256, Sha256, 256, "Camellia(256)", "SHA256", TLS12, Dhe, Null);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, 0xc023, "ECDHE-ECDSA-AES128-SHA256", CBC128_SHA256, Sha256, 128, "AES(128)", "SHA256", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, 0xc027, "ECDHE-RSA-AES128-SHA256", CBC128_SHA256, Sha256, 128, "AES(128)", "SHA256", TLS12, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_RSA_WITH_AES_128_CBC_SHA256, 0x0067, "DHE-RSA-AES128-SHA256", CBC128_SHA256, Sha256, 128, "AES(128)", "SHA256", TLS12, Dhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_AES_128_CBC_SHA256, 0x0040, "DHE-DSS-AES128-SHA256", CBC128_SHA256, Sha256, 128, "AES(128)", "SHA256", TLS12, Dhe, Dss);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256, 0xc072, "ECDHE-ECDSA-CAMELLIA128-SHA256", CAM128_SHA256, Sha256, 128, "Camellia(128)", "SHA256", TLS12, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256, 0xc076, "ECDHE-RSA-CAMELLIA128-SHA256", CAM128_SHA256, Sha256, 128, "Camellia(128)", "SHA256", TLS12, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256, 0x00be, "DHE-RSA-CAMELLIA128-SHA256", CAM128_SHA256, Sha256, 128, "Camellia(128)", "SHA256", TLS12, Dhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256, 0x00bd, "DHE-DSS-CAMELLIA128-SHA256", CAM128_SHA256, Sha256, 128, "Camellia(128)", "SHA256", TLS12, Dhe, Dss);
tls12_suite!(TLS_DH_anon_WITH_AES_128_CBC_SHA256, 0x006c, "ADH-AES128-SHA256", CBC128_SHA256, Sha256, 128, "AES(128)", "SHA256", TLS12, Dhe, Null);
tls12_suite!(TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256, 0x00bf, "ADH-CAMELLIA128-SHA256", CAM128_SHA256, Sha256, 128, "Camellia(128)", "SHA256", TLS12, Dhe, Null);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, 0xc00a, "ECDHE-ECDSA-AES256-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", TLS1, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, 0xc014, "ECDHE-RSA-AES256-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", TLS1, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_RSA_WITH_AES_256_CBC_SHA, 0x0039, "DHE-RSA-AES256-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", SSL3, Dhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_AES_256_CBC_SHA, 0x0038, "DHE-DSS-AES256-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", SSL3, Dhe, Dss);
tls12_suite!(TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA, 0x0088, "DHE-RSA-CAMELLIA256-SHA", CAM256_SHA1, Sha256, 256, "Camellia(256)", "SHA1", SSL3, Dhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA, 0x0087, "DHE-DSS-CAMELLIA256-SHA", CAM256_SHA1, Sha256, 256, "Camellia(256)", "SHA1", SSL3, Dhe, Dss);
tls12_suite!(TLS_ECDH_anon_WITH_AES_256_CBC_SHA, 0xc019, "AECDH-AES256-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", TLS1, Ecdhe, Null);
tls12_suite!(TLS_DH_anon_WITH_AES_256_CBC_SHA, 0x003a, "ADH-AES256-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", SSL3, Dhe, Null);
tls12_suite!(TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA, 0x0089, "ADH-CAMELLIA256-SHA", CAM256_SHA1, Sha256, 256, "Camellia(256)", "SHA1", SSL3, Dhe, Null);
tls12_suite!(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, 0xc009, "ECDHE-ECDSA-AES128-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", TLS1, Ecdhe, Ecdsa);
tls12_suite!(TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, 0xc013, "ECDHE-RSA-AES128-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", TLS1, Ecdhe, Rsa);
tls12_suite!(TLS_DHE_RSA_WITH_AES_128_CBC_SHA, 0x0033, "DHE-RSA-AES128-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", SSL3, Dhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_AES_128_CBC_SHA, 0x0032, "DHE-DSS-AES128-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", SSL3, Dhe, Dss);
tls12_suite!(TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA, 0x0045, "DHE-RSA-CAMELLIA128-SHA", CAM128_SHA1, Sha256, 128, "Camellia(128)", "SHA1", SSL3, Dhe, Rsa);
tls12_suite!(TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA, 0x0044, "DHE-DSS-CAMELLIA128-SHA", CAM128_SHA1, Sha256, 128, "Camellia(128)", "SHA1", SSL3, Dhe, Dss);
tls12_suite!(TLS_ECDH_anon_WITH_AES_128_CBC_SHA, 0xc018, "AECDH-AES128-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", TLS1, Ecdhe, Null);
tls12_suite!(TLS_DH_anon_WITH_AES_128_CBC_SHA, 0x0034, "ADH-AES128-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", SSL3, Dhe, Null);
tls12_suite!(TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA, 0x0046, "ADH-CAMELLIA128-SHA", CAM128_SHA1, Sha256, 128, "Camellia(128)", "SHA1", SSL3, Dhe, Null);
tls12_suite!(TLS_RSA_PSK_WITH_AES_256_GCM_SHA384, 0x00ad, "RSA-PSK-AES256-GCM-SHA384", GCM256, Sha384, 256, "AESGCM(256)", "AEAD", TLS12, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_AES_256_GCM_SHA384, 0x00ab, "DHE-PSK-AES256-GCM-SHA384", GCM256, Sha384, 256, "AESGCM(256)", "AEAD", TLS12, DhePsk, Psk);
tls12_suite!(TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256, 0xccae, "RSA-PSK-CHACHA20-POLY1305", CHACHA, Sha256, 256, "CHACHA20/POLY1305(256)", "AEAD", TLS12, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256, 0xccad, "DHE-PSK-CHACHA20-POLY1305", CHACHA, Sha256, 256, "CHACHA20/POLY1305(256)", "AEAD", TLS12, DhePsk, Psk);
tls12_suite!(TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, 0xccac, "ECDHE-PSK-CHACHA20-POLY1305", CHACHA, Sha256, 256, "CHACHA20/POLY1305(256)", "AEAD", TLS12, EcdhePsk, Psk);
tls12_suite!(TLS_PSK_DHE_WITH_AES_256_CCM_8, 0xc0ab, "DHE-PSK-AES256-CCM8", CCM8_256, Sha256, 256, "AESCCM8(256)", "AEAD", TLS12, DhePsk, Psk);
tls12_suite!(TLS_DHE_PSK_WITH_AES_256_CCM, 0xc0a7, "DHE-PSK-AES256-CCM", CCM256, Sha256, 256, "AESCCM(256)", "AEAD", TLS12, DhePsk, Psk);
tls12_suite!(TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384, 0xc06f, "RSA-PSK-ARIA256-GCM-SHA384", ARIA256, Sha384, 256, "ARIAGCM(256)", "AEAD", TLS12, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384, 0xc06d, "DHE-PSK-ARIA256-GCM-SHA384", ARIA256, Sha384, 256, "ARIAGCM(256)", "AEAD", TLS12, DhePsk, Psk);
tls12_suite!(TLS_RSA_WITH_AES_256_GCM_SHA384, 0x009d, "AES256-GCM-SHA384", GCM256, Sha384, 256, "AESGCM(256)", "AEAD", TLS12, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_AES_256_CCM_8, 0xc0a1, "AES256-CCM8", CCM8_256, Sha256, 256, "AESCCM8(256)", "AEAD", TLS12, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_AES_256_CCM, 0xc09d, "AES256-CCM", CCM256, Sha256, 256, "AESCCM(256)", "AEAD", TLS12, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_ARIA_256_GCM_SHA384, 0xc051, "ARIA256-GCM-SHA384", ARIA256, Sha384, 256, "ARIAGCM(256)", "AEAD", TLS12, Rsa, Rsa);
tls12_suite!(TLS_PSK_WITH_AES_256_GCM_SHA384, 0x00a9, "PSK-AES256-GCM-SHA384", GCM256, Sha384, 256, "AESGCM(256)", "AEAD", TLS12, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_CHACHA20_POLY1305_SHA256, 0xccab, "PSK-CHACHA20-POLY1305", CHACHA, Sha256, 256, "CHACHA20/POLY1305(256)", "AEAD", TLS12, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_AES_256_CCM_8, 0xc0a9, "PSK-AES256-CCM8", CCM8_256, Sha256, 256, "AESCCM8(256)", "AEAD", TLS12, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_AES_256_CCM, 0xc0a5, "PSK-AES256-CCM", CCM256, Sha256, 256, "AESCCM(256)", "AEAD", TLS12, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_ARIA_256_GCM_SHA384, 0xc06b, "PSK-ARIA256-GCM-SHA384", ARIA256, Sha384, 256, "ARIAGCM(256)", "AEAD", TLS12, Psk, Psk);
tls12_suite!(TLS_RSA_PSK_WITH_AES_128_GCM_SHA256, 0x00ac, "RSA-PSK-AES128-GCM-SHA256", GCM128, Sha256, 128, "AESGCM(128)", "AEAD", TLS12, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_AES_128_GCM_SHA256, 0x00aa, "DHE-PSK-AES128-GCM-SHA256", GCM128, Sha256, 128, "AESGCM(128)", "AEAD", TLS12, DhePsk, Psk);
tls12_suite!(TLS_PSK_DHE_WITH_AES_128_CCM_8, 0xc0aa, "DHE-PSK-AES128-CCM8", CCM8_128, Sha256, 128, "AESCCM8(128)", "AEAD", TLS12, DhePsk, Psk);
tls12_suite!(TLS_DHE_PSK_WITH_AES_128_CCM, 0xc0a6, "DHE-PSK-AES128-CCM", CCM128, Sha256, 128, "AESCCM(128)", "AEAD", TLS12, DhePsk, Psk);
tls12_suite!(TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256, 0xc06e, "RSA-PSK-ARIA128-GCM-SHA256", ARIA128, Sha256, 128, "ARIAGCM(128)", "AEAD", TLS12, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256, 0xc06c, "DHE-PSK-ARIA128-GCM-SHA256", ARIA128, Sha256, 128, "ARIAGCM(128)", "AEAD", TLS12, DhePsk, Psk);
tls12_suite!(TLS_RSA_WITH_AES_128_GCM_SHA256, 0x009c, "AES128-GCM-SHA256", GCM128, Sha256, 128, "AESGCM(128)", "AEAD", TLS12, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_AES_128_CCM_8, 0xc0a0, "AES128-CCM8", CCM8_128, Sha256, 128, "AESCCM8(128)", "AEAD", TLS12, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_AES_128_CCM, 0xc09c, "AES128-CCM", CCM128, Sha256, 128, "AESCCM(128)", "AEAD", TLS12, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_ARIA_128_GCM_SHA256, 0xc050, "ARIA128-GCM-SHA256", ARIA128, Sha256, 128, "ARIAGCM(128)", "AEAD", TLS12, Rsa, Rsa);
tls12_suite!(TLS_PSK_WITH_AES_128_GCM_SHA256, 0x00a8, "PSK-AES128-GCM-SHA256", GCM128, Sha256, 128, "AESGCM(128)", "AEAD", TLS12, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_AES_128_CCM_8, 0xc0a8, "PSK-AES128-CCM8", CCM8_128, Sha256, 128, "AESCCM8(128)", "AEAD", TLS12, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_AES_128_CCM, 0xc0a4, "PSK-AES128-CCM", CCM128, Sha256, 128, "AESCCM(128)", "AEAD", TLS12, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_ARIA_128_GCM_SHA256, 0xc06a, "PSK-ARIA128-GCM-SHA256", ARIA128, Sha256, 128, "ARIAGCM(128)", "AEAD", TLS12, Psk, Psk);
tls12_suite!(TLS_RSA_WITH_AES_256_CBC_SHA256, 0x003d, "AES256-SHA256", CBC256_SHA256, Sha256, 256, "AES(256)", "SHA256", TLS12, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256, 0x00c0, "CAMELLIA256-SHA256", CAM256_SHA256, Sha256, 256, "Camellia(256)", "SHA256", TLS12, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_AES_128_CBC_SHA256, 0x003c, "AES128-SHA256", CBC128_SHA256, Sha256, 128, "AES(128)", "SHA256", TLS12, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256, 0x00ba, "CAMELLIA128-SHA256", CAM128_SHA256, Sha256, 128, "Camellia(128)", "SHA256", TLS12, Rsa, Rsa);
tls12_suite!(TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384, 0xc038, "ECDHE-PSK-AES256-CBC-SHA384", CBC256_SHA384, Sha384, 256, "AES(256)", "SHA384", TLS1, EcdhePsk, Psk);
tls12_suite!(TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA, 0xc036, "ECDHE-PSK-AES256-CBC-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", TLS1, EcdhePsk, Psk);
tls12_suite!(TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA, 0xc022, "SRP-DSS-AES-256-CBC-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", SSL3, Srp, Dss);
tls12_suite!(TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA, 0xc021, "SRP-RSA-AES-256-CBC-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", SSL3, Srp, Rsa);
tls12_suite!(TLS_SRP_SHA_WITH_AES_256_CBC_SHA, 0xc020, "SRP-AES-256-CBC-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", SSL3, Srp, Srp);
tls12_suite!(TLS_RSA_PSK_WITH_AES_256_CBC_SHA384, 0x00b7, "RSA-PSK-AES256-CBC-SHA384", CBC256_SHA384, Sha384, 256, "AES(256)", "SHA384", TLS1, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_AES_256_CBC_SHA384, 0x00b3, "DHE-PSK-AES256-CBC-SHA384", CBC256_SHA384, Sha384, 256, "AES(256)", "SHA384", TLS1, DhePsk, Psk);
tls12_suite!(TLS_RSA_PSK_WITH_AES_256_CBC_SHA, 0x0095, "RSA-PSK-AES256-CBC-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", SSL3, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_AES_256_CBC_SHA, 0x0091, "DHE-PSK-AES256-CBC-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", SSL3, DhePsk, Psk);
tls12_suite!(TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384, 0xc09b, "ECDHE-PSK-CAMELLIA256-SHA384", CAM256_SHA384, Sha384, 256, "Camellia(256)", "SHA384", TLS1, EcdhePsk, Psk);
tls12_suite!(TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384, 0xc099, "RSA-PSK-CAMELLIA256-SHA384", CAM256_SHA384, Sha384, 256, "Camellia(256)", "SHA384", TLS1, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384, 0xc097, "DHE-PSK-CAMELLIA256-SHA384", CAM256_SHA384, Sha384, 256, "Camellia(256)", "SHA384", TLS1, DhePsk, Psk);
tls12_suite!(TLS_RSA_WITH_AES_256_CBC_SHA, 0x0035, "AES256-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", SSL3, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_CAMELLIA_256_CBC_SHA, 0x0084, "CAMELLIA256-SHA", CAM256_SHA1, Sha256, 256, "Camellia(256)", "SHA1", SSL3, Rsa, Rsa);
tls12_suite!(TLS_PSK_WITH_AES_256_CBC_SHA384, 0x00af, "PSK-AES256-CBC-SHA384", CBC256_SHA384, Sha384, 256, "AES(256)", "SHA384", TLS1, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_AES_256_CBC_SHA, 0x008d, "PSK-AES256-CBC-SHA", CBC256_SHA1, Sha256, 256, "AES(256)", "SHA1", SSL3, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384, 0xc095, "PSK-CAMELLIA256-SHA384", CAM256_SHA384, Sha384, 256, "Camellia(256)", "SHA384", TLS1, Psk, Psk);
tls12_suite!(TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256, 0xc037, "ECDHE-PSK-AES128-CBC-SHA256", CBC128_SHA256, Sha256, 128, "AES(128)", "SHA256", TLS1, EcdhePsk, Psk);
tls12_suite!(TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA, 0xc035, "ECDHE-PSK-AES128-CBC-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", TLS1, EcdhePsk, Psk);
tls12_suite!(TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA, 0xc01f, "SRP-DSS-AES-128-CBC-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", SSL3, Srp, Dss);
tls12_suite!(TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA, 0xc01e, "SRP-RSA-AES-128-CBC-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", SSL3, Srp, Rsa);
tls12_suite!(TLS_SRP_SHA_WITH_AES_128_CBC_SHA, 0xc01d, "SRP-AES-128-CBC-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", SSL3, Srp, Srp);
tls12_suite!(TLS_RSA_PSK_WITH_AES_128_CBC_SHA256, 0x00b6, "RSA-PSK-AES128-CBC-SHA256", CBC128_SHA256, Sha256, 128, "AES(128)", "SHA256", TLS1, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_AES_128_CBC_SHA256, 0x00b2, "DHE-PSK-AES128-CBC-SHA256", CBC128_SHA256, Sha256, 128, "AES(128)", "SHA256", TLS1, DhePsk, Psk);
tls12_suite!(TLS_RSA_PSK_WITH_AES_128_CBC_SHA, 0x0094, "RSA-PSK-AES128-CBC-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", SSL3, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_AES_128_CBC_SHA, 0x0090, "DHE-PSK-AES128-CBC-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", SSL3, DhePsk, Psk);
tls12_suite!(TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256, 0xc09a, "ECDHE-PSK-CAMELLIA128-SHA256", CAM128_SHA256, Sha256, 128, "Camellia(128)", "SHA256", TLS1, EcdhePsk, Psk);
tls12_suite!(TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256, 0xc098, "RSA-PSK-CAMELLIA128-SHA256", CAM128_SHA256, Sha256, 128, "Camellia(128)", "SHA256", TLS1, RsaPsk, Rsa);
tls12_suite!(TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256, 0xc096, "DHE-PSK-CAMELLIA128-SHA256", CAM128_SHA256, Sha256, 128, "Camellia(128)", "SHA256", TLS1, DhePsk, Psk);
tls12_suite!(TLS_RSA_WITH_AES_128_CBC_SHA, 0x002f, "AES128-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", SSL3, Rsa, Rsa);
tls12_suite!(TLS_RSA_WITH_CAMELLIA_128_CBC_SHA, 0x0041, "CAMELLIA128-SHA", CAM128_SHA1, Sha256, 128, "Camellia(128)", "SHA1", SSL3, Rsa, Rsa);
tls12_suite!(TLS_PSK_WITH_AES_128_CBC_SHA256, 0x00ae, "PSK-AES128-CBC-SHA256", CBC128_SHA256, Sha256, 128, "AES(128)", "SHA256", TLS1, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_AES_128_CBC_SHA, 0x008c, "PSK-AES128-CBC-SHA", CBC128_SHA1, Sha256, 128, "AES(128)", "SHA1", SSL3, Psk, Psk);
tls12_suite!(TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256, 0xc094, "PSK-CAMELLIA128-SHA256", CAM128_SHA256, Sha256, 128, "Camellia(128)", "SHA256", TLS1, Psk, Psk);

/// Every TLS 1.2 suite we implement, in the order OpenSSL 3.0's cipher
/// list starts from (`openssl ciphers -V ALL`; DEFAULT keeps that order).
pub static TLS12_SUITES: [&Suite; 137] = [
    &TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    &TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    &TLS_DHE_DSS_WITH_AES_256_GCM_SHA384,
    &TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
    &TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    &TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    &TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    &TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8,
    &TLS_ECDHE_ECDSA_WITH_AES_256_CCM,
    &TLS_DHE_RSA_WITH_AES_256_CCM_8,
    &TLS_DHE_RSA_WITH_AES_256_CCM,
    &TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384,
    &TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384,
    &TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384,
    &TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384,
    &TLS_DH_anon_WITH_AES_256_GCM_SHA384,
    &TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    &TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    &TLS_DHE_DSS_WITH_AES_128_GCM_SHA256,
    &TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
    &TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
    &TLS_ECDHE_ECDSA_WITH_AES_128_CCM,
    &TLS_DHE_RSA_WITH_AES_128_CCM_8,
    &TLS_DHE_RSA_WITH_AES_128_CCM,
    &TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256,
    &TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256,
    &TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256,
    &TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256,
    &TLS_DH_anon_WITH_AES_128_GCM_SHA256,
    &TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
    &TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
    &TLS_DHE_RSA_WITH_AES_256_CBC_SHA256,
    &TLS_DHE_DSS_WITH_AES_256_CBC_SHA256,
    &TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384,
    &TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384,
    &TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256,
    &TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256,
    &TLS_DH_anon_WITH_AES_256_CBC_SHA256,
    &TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256,
    &TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    &TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
    &TLS_DHE_RSA_WITH_AES_128_CBC_SHA256,
    &TLS_DHE_DSS_WITH_AES_128_CBC_SHA256,
    &TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256,
    &TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256,
    &TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256,
    &TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256,
    &TLS_DH_anon_WITH_AES_128_CBC_SHA256,
    &TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256,
    &TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    &TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    &TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
    &TLS_DHE_DSS_WITH_AES_256_CBC_SHA,
    &TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA,
    &TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA,
    &TLS_ECDH_anon_WITH_AES_256_CBC_SHA,
    &TLS_DH_anon_WITH_AES_256_CBC_SHA,
    &TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA,
    &TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    &TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    &TLS_DHE_RSA_WITH_AES_128_CBC_SHA,
    &TLS_DHE_DSS_WITH_AES_128_CBC_SHA,
    &TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA,
    &TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA,
    &TLS_ECDH_anon_WITH_AES_128_CBC_SHA,
    &TLS_DH_anon_WITH_AES_128_CBC_SHA,
    &TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA,
    &TLS_RSA_PSK_WITH_AES_256_GCM_SHA384,
    &TLS_DHE_PSK_WITH_AES_256_GCM_SHA384,
    &TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256,
    &TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
    &TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
    &TLS_PSK_DHE_WITH_AES_256_CCM_8,
    &TLS_DHE_PSK_WITH_AES_256_CCM,
    &TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384,
    &TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384,
    &TLS_RSA_WITH_AES_256_GCM_SHA384,
    &TLS_RSA_WITH_AES_256_CCM_8,
    &TLS_RSA_WITH_AES_256_CCM,
    &TLS_RSA_WITH_ARIA_256_GCM_SHA384,
    &TLS_PSK_WITH_AES_256_GCM_SHA384,
    &TLS_PSK_WITH_CHACHA20_POLY1305_SHA256,
    &TLS_PSK_WITH_AES_256_CCM_8,
    &TLS_PSK_WITH_AES_256_CCM,
    &TLS_PSK_WITH_ARIA_256_GCM_SHA384,
    &TLS_RSA_PSK_WITH_AES_128_GCM_SHA256,
    &TLS_DHE_PSK_WITH_AES_128_GCM_SHA256,
    &TLS_PSK_DHE_WITH_AES_128_CCM_8,
    &TLS_DHE_PSK_WITH_AES_128_CCM,
    &TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256,
    &TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256,
    &TLS_RSA_WITH_AES_128_GCM_SHA256,
    &TLS_RSA_WITH_AES_128_CCM_8,
    &TLS_RSA_WITH_AES_128_CCM,
    &TLS_RSA_WITH_ARIA_128_GCM_SHA256,
    &TLS_PSK_WITH_AES_128_GCM_SHA256,
    &TLS_PSK_WITH_AES_128_CCM_8,
    &TLS_PSK_WITH_AES_128_CCM,
    &TLS_PSK_WITH_ARIA_128_GCM_SHA256,
    &TLS_RSA_WITH_AES_256_CBC_SHA256,
    &TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256,
    &TLS_RSA_WITH_AES_128_CBC_SHA256,
    &TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256,
    &TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384,
    &TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA,
    &TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA,
    &TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA,
    &TLS_SRP_SHA_WITH_AES_256_CBC_SHA,
    &TLS_RSA_PSK_WITH_AES_256_CBC_SHA384,
    &TLS_DHE_PSK_WITH_AES_256_CBC_SHA384,
    &TLS_RSA_PSK_WITH_AES_256_CBC_SHA,
    &TLS_DHE_PSK_WITH_AES_256_CBC_SHA,
    &TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384,
    &TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384,
    &TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384,
    &TLS_RSA_WITH_AES_256_CBC_SHA,
    &TLS_RSA_WITH_CAMELLIA_256_CBC_SHA,
    &TLS_PSK_WITH_AES_256_CBC_SHA384,
    &TLS_PSK_WITH_AES_256_CBC_SHA,
    &TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384,
    &TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,
    &TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA,
    &TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA,
    &TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA,
    &TLS_SRP_SHA_WITH_AES_128_CBC_SHA,
    &TLS_RSA_PSK_WITH_AES_128_CBC_SHA256,
    &TLS_DHE_PSK_WITH_AES_128_CBC_SHA256,
    &TLS_RSA_PSK_WITH_AES_128_CBC_SHA,
    &TLS_DHE_PSK_WITH_AES_128_CBC_SHA,
    &TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256,
    &TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256,
    &TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256,
    &TLS_RSA_WITH_AES_128_CBC_SHA,
    &TLS_RSA_WITH_CAMELLIA_128_CBC_SHA,
    &TLS_PSK_WITH_AES_128_CBC_SHA256,
    &TLS_PSK_WITH_AES_128_CBC_SHA,
    &TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256,
];

/// Every TLS 1.3 suite we implement, in OpenSSL 3.0's default order
/// (`OSSL_default_ciphersuites`).
/// TLS 1.3's AES-CCM suites (RFC 8446 B.4): in OpenSSL 3.0 but not in its
/// default ciphersuites; AES-CCM through libcrypto.
pub static TLS_AES_128_CCM_SHA256: Suite = Suite {
    iana: 0x1304,
    openssl_name: "TLS_AES_128_CCM_SHA256",
    rfc_name: "TLS_AES_128_CCM_SHA256",
    bulk: Bulk::Aead(AeadAlg::Aes128Ccm),
    hash: HashAlg::Sha256,
    bits: 128,
    enc_description: "AESCCM(128)",
    mac_description: "AEAD",
    version: super::TLS1_3_VERSION,
    min_version: super::TLS1_3_VERSION,
    auth: Auth::Any,
    kx: Kx::Any,
};

pub static TLS_AES_128_CCM_8_SHA256: Suite = Suite {
    iana: 0x1305,
    openssl_name: "TLS_AES_128_CCM_8_SHA256",
    rfc_name: "TLS_AES_128_CCM_8_SHA256",
    bulk: Bulk::Aead(AeadAlg::Aes128Ccm8),
    hash: HashAlg::Sha256,
    bits: 128,
    enc_description: "AESCCM8(128)",
    mac_description: "AEAD",
    version: super::TLS1_3_VERSION,
    min_version: super::TLS1_3_VERSION,
    auth: Auth::Any,
    kx: Kx::Any,
};

/// Every TLS 1.3 suite OpenSSL 3.0 knows, in its table's order.
pub static TLS13_ALL: [&Suite; 5] =
    [&TLS_AES_128_GCM_SHA256, &TLS_AES_256_GCM_SHA384, &TLS_CHACHA20_POLY1305_SHA256, &TLS_AES_128_CCM_SHA256, &TLS_AES_128_CCM_8_SHA256];

/// TLS 1.3's default ciphersuites, in OpenSSL's order.
pub static TLS13_SUITES: [&Suite; 3] =
    [&TLS_AES_256_GCM_SHA384, &TLS_CHACHA20_POLY1305_SHA256, &TLS_AES_128_GCM_SHA256];

pub const DEFAULT_CIPHERSUITES: &str =
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

/// Any suite we implement, either version.
pub fn by_iana(iana: u16) -> Option<&'static Suite> {
    TLS13_ALL.iter().chain(TLS12_SUITES.iter()).copied().find(|s| s.iana == iana)
}

/// A TLS 1.2 suite by OpenSSL name (`ECDHE-RSA-AES128-GCM-SHA256`).
pub fn tls12_by_name(name: &str) -> Option<&'static Suite> {
    TLS12_SUITES.iter().copied().find(|s| s.openssl_name == name)
}

pub fn by_name(name: &str) -> Option<&'static Suite> {
    TLS13_ALL.iter().copied().find(|s| s.openssl_name == name)
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
