//! Handshake signatures we make (server CertificateVerify), from a PKCS#8
//! private key exported once when the key is loaded.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, EcdsaKeyPair, Ed25519KeyPair, RsaKeyPair};

use super::rsa_kx::LibcryptoKey;

/// Each ECDSA and RSA key is also held in libcrypto, for RSA key exchange
/// and the signatures of older versions that aws-lc does not make.
pub enum SigningKey {
    EcdsaP256(EcdsaKeyPair, Option<LibcryptoKey>),
    EcdsaP384(EcdsaKeyPair, Option<LibcryptoKey>),
    Rsa(RsaKeyPair, Option<LibcryptoKey>),
    Ed25519(Ed25519KeyPair),
    /// DSA: TLS 1.2 and before only (DHE-DSS suites, client certificates).
    Dsa(LibcryptoKey),
    /// ECDSA P-521 (ecdsa_secp521r1_sha512).
    EcdsaP521(EcdsaKeyPair, Option<LibcryptoKey>),
    /// Ed448 and RSASSA-PSS-only keys: aws-lc has neither; libcrypto
    /// signs (EVP_DigestSign).
    Ed448(LibcryptoKey),
    RsaPss(LibcryptoKey),
}

/// The DSA schemes of TLS 1.2 (RFC 5246 7.4.1.4.1), SHA-224 first as
/// OpenSSL's default list orders them; dsa_sha1 last.
const DSA_SCHEMES: &[u16] = &[0x0302, 0x0402, 0x0502, 0x0602, 0x0202];


impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SigningKey::EcdsaP256(..) => "SigningKey(ECDSA P-256)",
            SigningKey::EcdsaP384(..) => "SigningKey(ECDSA P-384)",
            SigningKey::Rsa(..) => "SigningKey(RSA)",
            SigningKey::Ed25519(_) => "SigningKey(Ed25519)",
            SigningKey::Dsa(_) => "SigningKey(DSA)",
            SigningKey::EcdsaP521(..) => "SigningKey(ECDSA P-521)",
            SigningKey::Ed448(_) => "SigningKey(Ed448)",
            SigningKey::RsaPss(_) => "SigningKey(RSA-PSS)",
        })
    }
}

impl SigningKey {
    /// Parses a PKCS#8 PrivateKeyInfo of any type we sign with.
    pub fn from_pkcs8(der: &[u8]) -> Option<SigningKey> {
        if let Ok(k) = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_ASN1_SIGNING, der) {
            return Some(SigningKey::EcdsaP256(k, LibcryptoKey::from_pkcs8(der)));
        }
        if let Ok(k) = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P384_SHA384_ASN1_SIGNING, der) {
            return Some(SigningKey::EcdsaP384(k, LibcryptoKey::from_pkcs8(der)));
        }
        if let Ok(k) = RsaKeyPair::from_pkcs8(der) {
            return Some(SigningKey::Rsa(k, LibcryptoKey::from_pkcs8(der).filter(LibcryptoKey::is_rsa)));
        }
        if let Ok(k) = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der) {
            return Some(SigningKey::Ed25519(k));
        }
        if let Ok(k) = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P521_SHA512_ASN1_SIGNING, der) {
            return Some(SigningKey::EcdsaP521(k, LibcryptoKey::from_pkcs8(der)));
        }
        let k = LibcryptoKey::from_pkcs8(der)?;
        match k.base_id() {
            crate::sys::pkey::EVP_PKEY_DSA => Some(SigningKey::Dsa(k)),
            crate::sys::pkey::EVP_PKEY_ED448 => Some(SigningKey::Ed448(k)),
            crate::sys::pkey::EVP_PKEY_RSA_PSS => Some(SigningKey::RsaPss(k)),
            _ => None,
        }
    }

    /// TLS 1.3 signature schemes this key can make, in our preference order.
    pub fn schemes(&self) -> &'static [u16] {
        match self {
            SigningKey::EcdsaP256(..) => &[0x0403],
            SigningKey::EcdsaP384(..) => &[0x0503],
            SigningKey::Rsa(..) => &[0x0804, 0x0805, 0x0806],
            SigningKey::Ed25519(_) => &[0x0807],
            // Not in TLS 1.3 (RFC 8446 4.2.3).
            SigningKey::Dsa(_) => &[],
            SigningKey::EcdsaP521(..) => &[0x0603],
            SigningKey::Ed448(_) => &[0x0808],
            // rsa_pss_pss_*: the schemes of a key that is RSASSA-PSS itself.
            SigningKey::RsaPss(_) => &[0x0809, 0x080a, 0x080b],
        }
    }

    /// The first scheme the peer offered that we can make.
    pub fn choose_scheme(&self, offered: &[u16]) -> Option<u16> {
        self.schemes().iter().copied().find(|s| offered.contains(s))
    }

    /// TLS 1.2 schemes this key can make: TLS 1.3's, and for RSA also
    /// RSASSA-PKCS1-v1_5, which TLS 1.2 handshake signatures may use
    /// (RFC 5246 section 7.4.1.4.1), after PSS as OpenSSL prefers.
    pub fn tls12_schemes(&self) -> &'static [u16] {
        match self {
            // rsa_pkcs1_sha224 last: only for a client that offers nothing
            // stronger (OpenSSL 3.0 still signs with it at level 2).
            SigningKey::Rsa(..) => &[0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0301, 0x0201],
            SigningKey::Dsa(_) => DSA_SCHEMES,
            _ => self.schemes(),
        }
    }

    /// The first TLS 1.2 scheme the peer offered that we can make.
    pub fn choose_tls12_scheme(&self, offered: &[u16]) -> Option<u16> {
        self.tls12_schemes().iter().copied().find(|s| offered.contains(s))
    }

    /// The named group of an ECDSA key (IANA), which a TLS 1.2 client must
    /// list in supported_groups for the key to be used (OpenSSL's
    /// tls1_check_cert_param).
    pub fn ec_curve(&self) -> Option<u16> {
        match self {
            SigningKey::EcdsaP256(..) => Some(23),
            SigningKey::EcdsaP384(..) => Some(24),
            SigningKey::EcdsaP521(..) => Some(25),
            _ => None,
        }
    }

    /// Whether the key authenticates ECDSA suites (aECDSA: ECDSA and EdDSA
    /// keys) rather than RSA ones, for TLS 1.2's suite choice.
    pub fn is_ecdsa_class(&self) -> bool {
        !matches!(self, SigningKey::Rsa(..) | SigningKey::RsaPss(_) | SigningKey::Dsa(_))
    }

    pub fn is_dsa(&self) -> bool {
        matches!(self, SigningKey::Dsa(_))
    }

    /// The modulus size of an RSA key, or p's of a DSA key, in bits (0
    /// for other keys): OpenSSL's automatic DH parameters follow its
    /// security strength, which is the same function of the size for both.
    pub fn rsa_bits(&self) -> usize {
        match self {
            SigningKey::Rsa(k, _) => k.public_modulus_len() * 8,
            SigningKey::Dsa(k) | SigningKey::RsaPss(k) => k.bits(),
            _ => 0,
        }
    }

    /// Whether the key can decrypt RSA key exchange's premaster secrets
    /// (an RSA key, not RSA-PSS).
    pub fn can_decrypt_premaster(&self) -> bool {
        matches!(self, SigningKey::Rsa(_, Some(_)))
    }

    /// The premaster secret of an RSA ClientKeyExchange, or libcrypto's
    /// random substitute for a malformed one (see `rsa_kx`); None when the
    /// key is not RSA or the ciphertext is publicly invalid.
    pub fn decrypt_premaster(&self, ciphertext: &[u8], client_version: u16) -> Option<zeroize::Zeroizing<[u8; super::rsa_kx::PREMASTER_LEN]>> {
        match self {
            SigningKey::Rsa(_, Some(d)) => d.decrypt(ciphertext, client_version),
            _ => None,
        }
    }

    pub fn sign(&self, scheme: u16, msg: &[u8]) -> Option<Vec<u8>> {
        let rng = SystemRandom::new();
        match (self, scheme) {
            // The legacy digests, through libcrypto: rsa_pkcs1_sha224, and
            // rsa_pkcs1_sha1 for a TLS 1.2 client without
            // signature_algorithms at security level 0 (RFC 5246 7.4.1.4.1).
            (SigningKey::Rsa(_, Some(k)), 0x0301) => k.sign_digest(c"SHA224", msg),
            (SigningKey::Rsa(_, Some(k)), 0x0201) => k.sign_digest(c"SHA1", msg),
            (SigningKey::EcdsaP256(k, _), 0x0403) | (SigningKey::EcdsaP384(k, _), 0x0503) => {
                k.sign(&rng, msg).ok().map(|s| s.as_ref().to_vec())
            }
            (SigningKey::Rsa(k, _), 0x0804 | 0x0805 | 0x0806 | 0x0401 | 0x0501 | 0x0601) => {
                let enc: &'static dyn signature::RsaEncoding = match scheme {
                    0x0804 => &signature::RSA_PSS_SHA256,
                    0x0805 => &signature::RSA_PSS_SHA384,
                    0x0806 => &signature::RSA_PSS_SHA512,
                    0x0401 => &signature::RSA_PKCS1_SHA256,
                    0x0501 => &signature::RSA_PKCS1_SHA384,
                    _ => &signature::RSA_PKCS1_SHA512,
                };
                let mut sig = vec![0u8; k.public_modulus_len()];
                k.sign(enc, &rng, msg, &mut sig).ok().map(|()| sig)
            }
            (SigningKey::Ed25519(k), 0x0807) => Some(k.sign(msg).as_ref().to_vec()),
            (SigningKey::EcdsaP521(k, _), 0x0603) => k.sign(&rng, msg).ok().map(|s| s.as_ref().to_vec()),
            (SigningKey::Ed448(k), 0x0808) => k.sign(None, false, msg),
            (SigningKey::RsaPss(k), 0x0809) => k.sign(Some(c"SHA256"), true, msg),
            (SigningKey::RsaPss(k), 0x080a) => k.sign(Some(c"SHA384"), true, msg),
            (SigningKey::RsaPss(k), 0x080b) => k.sign(Some(c"SHA512"), true, msg),
            (SigningKey::Dsa(k), s) => k.sign_digest(super::verify::dsa_digest(s)?, msg),
            _ => None,
        }
    }

    /// A TLS 1.0/1.1 handshake signature (no SignatureAndHashAlgorithm):
    /// RSA PKCS#1 over MD5 || SHA-1 without DigestInfo (RFC 2246 7.4.3),
    /// ECDSA and DSA over SHA-1 (RFC 4492 5.4, RFC 2246 7.4.3). None for
    /// other keys (EdDSA is not defined for these versions).
    pub fn sign_legacy(&self, msg: &[u8]) -> Option<Vec<u8>> {
        match self {
            SigningKey::Rsa(_, Some(k)) => k.sign_digest(c"MD5-SHA1", msg),
            SigningKey::EcdsaP256(_, Some(k)) | SigningKey::EcdsaP384(_, Some(k)) | SigningKey::EcdsaP521(_, Some(k)) | SigningKey::Dsa(k) => {
                k.sign_digest(c"SHA1", msg)
            }
            _ => None,
        }
    }

    /// Whether `sign_legacy` can sign with this key.
    pub fn signs_legacy(&self) -> bool {
        matches!(
            self,
            SigningKey::Rsa(_, Some(_)) | SigningKey::EcdsaP256(_, Some(_)) | SigningKey::EcdsaP384(_, Some(_)) | SigningKey::EcdsaP521(_, Some(_)) | SigningKey::Dsa(_)
        )
    }
}
