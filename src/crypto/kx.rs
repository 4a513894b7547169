//! Ephemeral key exchange for the TLS 1.3 key_share extension: X25519 and
//! the NIST curves through aws-lc-rs; x448 and the RFC 7919 ffdhe groups,
//! which aws-lc lacks, through libcrypto's EVP (`sys::kx`).

use aws_lc_rs::agreement::{self, PrivateKey, UnparsedPublicKey};
use zeroize::Zeroizing;

use crate::sys::kx::{EvpGroup, EvpKeyShare};

/// Named groups we implement (IANA TLS Supported Groups registry values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    X25519,
    Secp256r1,
    Secp384r1,
    Secp521r1,
    X448,
    Ffdhe2048,
    Ffdhe3072,
    Ffdhe4096,
    Ffdhe6144,
    Ffdhe8192,
}

impl Group {
    pub const ALL: [Group; 10] = [
        Group::X25519,
        Group::Secp256r1,
        Group::Secp384r1,
        Group::Secp521r1,
        Group::X448,
        Group::Ffdhe2048,
        Group::Ffdhe3072,
        Group::Ffdhe4096,
        Group::Ffdhe6144,
        Group::Ffdhe8192,
    ];
    /// OpenSSL 3.0's default list, in its order.
    pub const OPENSSL_DEFAULT: [Group; 10] = [
        Group::X25519,
        Group::Secp256r1,
        Group::X448,
        Group::Secp521r1,
        Group::Secp384r1,
        Group::Ffdhe2048,
        Group::Ffdhe3072,
        Group::Ffdhe4096,
        Group::Ffdhe6144,
        Group::Ffdhe8192,
    ];

    /// The group's security strength in bits (OpenSSL's group table), which
    /// a security level compares with its minimum.
    pub fn security_bits(self) -> i32 {
        match self {
            Group::X25519 | Group::Secp256r1 | Group::Ffdhe3072 => 128,
            Group::Secp384r1 | Group::Ffdhe8192 => 192,
            Group::Secp521r1 => 256,
            Group::X448 => 224,
            Group::Ffdhe2048 => 112,
            Group::Ffdhe4096 => 152,
            Group::Ffdhe6144 => 176,
        }
    }

    pub fn iana(self) -> u16 {
        match self {
            Group::Secp256r1 => 23,
            Group::Secp384r1 => 24,
            Group::Secp521r1 => 25,
            Group::X25519 => 29,
            Group::X448 => 30,
            Group::Ffdhe2048 => 256,
            Group::Ffdhe3072 => 257,
            Group::Ffdhe4096 => 258,
            Group::Ffdhe6144 => 259,
            Group::Ffdhe8192 => 260,
        }
    }

    pub fn from_iana(v: u16) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.iana() == v)
    }

    /// Groups OpenSSL 3.0 accepts in a list but does not use in TLS 1.3
    /// (the brainpool curves): accepted, and left out of what we offer.
    pub fn is_known_elsewhere(name: &str) -> bool {
        matches!(
            name.to_ascii_lowercase().as_str(),
            "brainpoolp256r1" | "brainpoolp384r1" | "brainpoolp512r1"
        )
    }

    /// The names OpenSSL accepts in `SSL_CTX_set1_groups_list`.
    pub fn from_name(name: &str) -> Option<Group> {
        match name {
            "X25519" | "x25519" => Some(Group::X25519),
            "P-256" | "prime256v1" | "secp256r1" => Some(Group::Secp256r1),
            "P-384" | "secp384r1" => Some(Group::Secp384r1),
            "P-521" | "secp521r1" => Some(Group::Secp521r1),
            "X448" | "x448" => Some(Group::X448),
            "ffdhe2048" => Some(Group::Ffdhe2048),
            "ffdhe3072" => Some(Group::Ffdhe3072),
            "ffdhe4096" => Some(Group::Ffdhe4096),
            "ffdhe6144" => Some(Group::Ffdhe6144),
            "ffdhe8192" => Some(Group::Ffdhe8192),
            _ => None,
        }
    }

    /// Elliptic-curve groups, the ones TLS 1.2's ECDHE suites use (RFC 8422);
    /// the ffdhe groups belong to DHE suites.
    pub fn is_elliptic(self) -> bool {
        matches!(self, Group::X25519 | Group::Secp256r1 | Group::Secp384r1 | Group::Secp521r1 | Group::X448)
    }

    /// OpenSSL's NID for the group (`SSL_get_negotiated_group`).
    pub fn nid(self) -> i32 {
        match self {
            Group::X25519 => 1034,
            Group::Secp256r1 => 415,
            Group::Secp384r1 => 715,
            Group::Secp521r1 => 716,
            Group::X448 => 1035,
            Group::Ffdhe2048 => 1126,
            Group::Ffdhe3072 => 1127,
            Group::Ffdhe4096 => 1128,
            Group::Ffdhe6144 => 1129,
            Group::Ffdhe8192 => 1130,
        }
    }

    pub fn from_nid(nid: i32) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.nid() == nid)
    }

    /// Where the group's arithmetic lives.
    fn backend(self) -> Backend {
        match self {
            Group::X25519 => Backend::AwsLc(&agreement::X25519),
            Group::Secp256r1 => Backend::AwsLc(&agreement::ECDH_P256),
            Group::Secp384r1 => Backend::AwsLc(&agreement::ECDH_P384),
            Group::Secp521r1 => Backend::AwsLc(&agreement::ECDH_P521),
            Group::X448 => Backend::Libcrypto(EvpGroup { algorithm: c"X448", group: None }),
            Group::Ffdhe2048 => Backend::Libcrypto(EvpGroup { algorithm: c"DH", group: Some(c"ffdhe2048") }),
            Group::Ffdhe3072 => Backend::Libcrypto(EvpGroup { algorithm: c"DH", group: Some(c"ffdhe3072") }),
            Group::Ffdhe4096 => Backend::Libcrypto(EvpGroup { algorithm: c"DH", group: Some(c"ffdhe4096") }),
            Group::Ffdhe6144 => Backend::Libcrypto(EvpGroup { algorithm: c"DH", group: Some(c"ffdhe6144") }),
            Group::Ffdhe8192 => Backend::Libcrypto(EvpGroup { algorithm: c"DH", group: Some(c"ffdhe8192") }),
        }
    }

    /// The byte length of a private scalar (and of a point coordinate) of
    /// the groups aws-lc computes; None for libcrypto's.
    fn aws_lc_scalar_len(self) -> Option<usize> {
        match self {
            Group::X25519 | Group::Secp256r1 => Some(32),
            Group::Secp384r1 => Some(48),
            Group::Secp521r1 => Some(66),
            _ => None,
        }
    }

    /// libcrypto's description of a group it computes for us (None for aws-lc's).
    pub fn evp(self) -> Option<EvpGroup> {
        match self.backend() {
            Backend::Libcrypto(g) => Some(g),
            Backend::AwsLc(_) => None,
        }
    }
}

enum Backend {
    AwsLc(&'static agreement::Algorithm),
    Libcrypto(EvpGroup),
}

enum Private {
    AwsLc(PrivateKey),
    Libcrypto(EvpKeyShare),
}

pub struct KeyShare {
    group: Group,
    private: Private,
    public: Vec<u8>,
}

/// Whether `peer` is a public key as TLS encodes it for `group`: X25519's
/// 32 bytes, an uncompressed point (04 || X || Y) for the NIST curves.
fn is_wire_encoding(group: Group, peer: &[u8]) -> bool {
    match (group, group.aws_lc_scalar_len()) {
        (Group::X25519, Some(len)) => peer.len() == len,
        (_, Some(len)) => peer.len() == 1 + 2 * len && peer[0] == 4,
        // libcrypto's groups check their own encodings.
        (_, None) => true,
    }
}

/// A new private key: from aws-lc's DRBG, or in the fuzzing build from
/// `rand::fill` (a scalar out of range for a NIST curve is redrawn).
/// libcrypto's groups (X448, ffdhe) keep libcrypto's RNG.
fn new_private_key(group: Group, alg: &'static agreement::Algorithm) -> Option<PrivateKey> {
    if !super::rand::DETERMINISTIC {
        return PrivateKey::generate(alg).ok();
    }
    let len = group.aws_lc_scalar_len()?;
    for _ in 0..8 {
        let mut bytes = Zeroizing::new(vec![0u8; len]);
        super::rand::fill(&mut bytes).ok()?;
        if group == Group::Secp521r1 {
            bytes[0] &= 1; // 521 bits
        }
        if let Ok(k) = PrivateKey::from_private_key(alg, &bytes) {
            return Some(k);
        }
    }
    None
}

impl KeyShare {
    pub fn generate(group: Group) -> Result<Self, crate::tls::Error> {
        let err = || crate::tls::Error::internal("key generation failed");
        match group.backend() {
            Backend::AwsLc(alg) => {
                let private = new_private_key(group, alg).ok_or_else(err)?;
                let public = private.compute_public_key().map_err(|_| err())?.as_ref().to_vec();
                Ok(KeyShare { group, private: Private::AwsLc(private), public })
            }
            Backend::Libcrypto(g) => {
                let k = EvpKeyShare::generate(g).ok_or_else(err)?;
                let public = k.public().to_vec();
                Ok(KeyShare { group, private: Private::Libcrypto(k), public })
            }
        }
    }

    pub fn group(&self) -> Group {
        self.group
    }

    pub fn public(&self) -> &[u8] {
        &self.public
    }

    /// The shared secret with the peer's share, or `None` when the peer's
    /// share is not a valid element of the group (an illegal_parameter alert).
    pub fn agree(&self, peer: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        match &self.private {
            Private::AwsLc(private) => {
                let Backend::AwsLc(alg) = self.group.backend() else { return None };
                // aws-lc-rs also takes an X.509 SubjectPublicKeyInfo, and a
                // compressed point, where TLS puts the raw key: X25519's 32
                // bytes (RFC 7748), an uncompressed point for the NIST curves
                // (RFC 8446 4.2.8.2, and RFC 8422 5.4.1 for TLS 1.2: "the
                // uncompressed point format is the only one supported").
                if !is_wire_encoding(self.group, peer) {
                    return None;
                }
                let peer = UnparsedPublicKey::new(alg, peer);
                agreement::agree(private, peer, (), |s| Ok(Zeroizing::new(s.to_vec()))).ok()
            }
            Private::Libcrypto(k) => k.agree(peer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_on_raw_keys_only() {
        for group in [Group::X25519, Group::Secp256r1, Group::Secp384r1] {
            let a = KeyShare::generate(group).unwrap();
            let b = KeyShare::generate(group).unwrap();
            assert_eq!(a.agree(b.public()).as_deref(), b.agree(a.public()).as_deref(), "{group:?}");
        }
    }

    #[test]
    fn rejects_encodings_tls_does_not_use() {
        // X25519: an X.509 SubjectPublicKeyInfo around a valid key, and a
        // truncated key.
        let a = KeyShare::generate(Group::X25519).unwrap();
        let b = KeyShare::generate(Group::X25519).unwrap();
        let mut spki = crate::unhex("302a300506032b656e032100");
        spki.extend_from_slice(b.public());
        assert!(a.agree(&spki).is_none());
        assert!(a.agree(&b.public()[..31]).is_none());
        // P-256: the same point compressed (02/03 || X) and in a SPKI.
        let a = KeyShare::generate(Group::Secp256r1).unwrap();
        let b = KeyShare::generate(Group::Secp256r1).unwrap();
        let q = b.public();
        let mut compressed = vec![2 + (q[64] & 1)];
        compressed.extend_from_slice(&q[1..33]);
        assert!(a.agree(&compressed).is_none());
        let mut spki = crate::unhex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
        spki.extend_from_slice(q);
        assert!(a.agree(&spki).is_none());
        assert!(a.agree(q).is_some());
    }
}
