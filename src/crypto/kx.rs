//! Ephemeral key exchange for the TLS 1.3 key_share extension: X25519 and
//! the NIST curves through aws-lc-rs; x448 and the RFC 7919 ffdhe groups,
//! which aws-lc lacks, through libcrypto's EVP (`sys::kx`).

use aws_lc_rs::agreement::{self, PrivateKey, UnparsedPublicKey};
use zeroize::Zeroizing;

use super::hybrid::{Hybrid, HybridPrivate};
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
    /// One of TLS 1.2's other named curves (RFC 8422, RFC 7027): ECDHE
    /// only before TLS 1.3, through libcrypto.
    Curve(&'static NamedCurve),
    /// OpenSSL 3.5's hybrid ECDH + ML-KEM groups, TLS 1.3 only (`hybrid`).
    Hybrid(Hybrid),
}

/// A named curve of OpenSSL 3.0's group table that TLS 1.3 does not use.
#[derive(Debug, PartialEq, Eq)]
pub struct NamedCurve {
    pub iana: u16,
    /// libcrypto's name for the curve, also what group lists call it.
    pub name: &'static std::ffi::CStr,
    /// Its security strength in bits (OpenSSL's group table).
    pub bits: i32,
}

const fn curve(iana: u16, name: &'static std::ffi::CStr, bits: i32) -> NamedCurve {
    NamedCurve { iana, name, bits }
}

/// OpenSSL 3.0's TLS 1.2 curves beyond P-256/384/521, X25519 and X448.
pub static NAMED_CURVES: [NamedCurve; 25] = [
    curve(1, c"sect163k1", 80),
    curve(2, c"sect163r1", 80),
    curve(3, c"sect163r2", 80),
    curve(4, c"sect193r1", 80),
    curve(5, c"sect193r2", 80),
    curve(6, c"sect233k1", 112),
    curve(7, c"sect233r1", 112),
    curve(8, c"sect239k1", 112),
    curve(9, c"sect283k1", 128),
    curve(10, c"sect283r1", 128),
    curve(11, c"sect409k1", 192),
    curve(12, c"sect409r1", 192),
    curve(13, c"sect571k1", 256),
    curve(14, c"sect571r1", 256),
    curve(15, c"secp160k1", 80),
    curve(16, c"secp160r1", 80),
    curve(17, c"secp160r2", 80),
    curve(18, c"secp192k1", 80),
    curve(19, c"prime192v1", 80),
    curve(20, c"secp224k1", 112),
    curve(21, c"secp224r1", 112),
    curve(22, c"secp256k1", 128),
    curve(26, c"brainpoolP256r1", 128),
    curve(27, c"brainpoolP384r1", 192),
    curve(28, c"brainpoolP512r1", 256),
];

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
    /// OpenSSL 3.5's hybrid groups, in its table's order.
    pub const HYBRID: [Group; 3] =
        [Group::Hybrid(Hybrid::X25519MlKem768), Group::Hybrid(Hybrid::SecP256r1MlKem768), Group::Hybrid(Hybrid::SecP384r1MlKem1024)];

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

    /// OpenSSL 3.5's default list ("?*X25519MLKEM768 / ?*X25519:?secp256r1 /
    /// ?X448:?secp384r1:?secp521r1 / ?ffdhe2048:?ffdhe3072"), in its order.
    pub const OPENSSL_35_DEFAULT: [Group; 8] = [
        Group::Hybrid(Hybrid::X25519MlKem768),
        Group::X25519,
        Group::Secp256r1,
        Group::X448,
        Group::Secp384r1,
        Group::Secp521r1,
        Group::Ffdhe2048,
        Group::Ffdhe3072,
    ];

    /// The default groups of the OpenSSL whose libcrypto the process
    /// loaded: 3.0's list with a 3.0 libcrypto (Debian 12), 3.5's with a
    /// 3.5 or later one (Debian 13), as that OpenSSL's own libssl would
    /// default to.
    pub fn default_list() -> Vec<Group> {
        if crate::sys::libcrypto_version() >= 0x3050_0000 {
            Group::OPENSSL_35_DEFAULT.to_vec()
        } else {
            Group::OPENSSL_DEFAULT.to_vec()
        }
    }

    /// The groups a client sends key shares for by default: 3.5's two
    /// (X25519MLKEM768 and X25519) with a 3.5 libcrypto; none marked (the
    /// first group's only) with 3.0's.
    pub fn default_key_shares() -> Vec<Group> {
        if crate::sys::libcrypto_version() >= 0x3050_0000 {
            vec![Group::Hybrid(Hybrid::X25519MlKem768), Group::X25519]
        } else {
            Vec::new()
        }
    }

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
            Group::Curve(c) => c.bits,
            // OpenSSL 3.5's group table.
            Group::Hybrid(Hybrid::X25519MlKem768 | Hybrid::SecP256r1MlKem768) => 192,
            Group::Hybrid(Hybrid::SecP384r1MlKem1024) => 256,
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
            Group::Curve(c) => c.iana,
            Group::Hybrid(Hybrid::SecP256r1MlKem768) => 0x11eb,
            Group::Hybrid(Hybrid::X25519MlKem768) => 0x11ec,
            Group::Hybrid(Hybrid::SecP384r1MlKem1024) => 0x11ed,
        }
    }

    pub fn from_iana(v: u16) -> Option<Group> {
        Group::ALL
            .into_iter()
            .chain(Group::HYBRID)
            .find(|g| g.iana() == v)
            .or_else(|| NAMED_CURVES.iter().find(|c| c.iana == v).map(Group::Curve))
    }

    /// Whether TLS 1.3 may use the group (RFC 8446 4.2.7: not the curves
    /// it deprecated).
    pub fn in_tls13(self) -> bool {
        !matches!(self, Group::Curve(_))
    }

    /// Groups OpenSSL 3.0 accepts in a list but does not use in TLS 1.3
    /// (the brainpool curves): accepted, and left out of what we offer.
    pub fn is_known_elsewhere(name: &str) -> bool {
        let _ = name;
        false
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
            // OpenSSL 3.5's names (its group list matching is case-insensitive).
            n if n.eq_ignore_ascii_case("X25519MLKEM768") => Some(Group::Hybrid(Hybrid::X25519MlKem768)),
            n if n.eq_ignore_ascii_case("SecP256r1MLKEM768") => Some(Group::Hybrid(Hybrid::SecP256r1MlKem768)),
            n if n.eq_ignore_ascii_case("SecP384r1MLKEM1024") => Some(Group::Hybrid(Hybrid::SecP384r1MlKem1024)),
            // OpenSSL's names for secp192r1 and the rest of its table.
            "secp192r1" => NAMED_CURVES.iter().find(|c| c.iana == 19).map(Group::Curve),
            _ => NAMED_CURVES.iter().find(|c| c.name.to_str().is_ok_and(|n| n.eq_ignore_ascii_case(name))).map(Group::Curve),
        }
    }

    /// Elliptic-curve groups, the ones TLS 1.2's ECDHE suites use (RFC 8422);
    /// the ffdhe groups belong to DHE suites.
    pub fn is_elliptic(self) -> bool {
        matches!(self, Group::X25519 | Group::Secp256r1 | Group::Secp384r1 | Group::Secp521r1 | Group::X448 | Group::Curve(_))
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
            Group::Curve(c) => crate::sys::kx::curve_nid(c.name),
            // No NID: OpenSSL reports provider groups as TLSEXT_nid_unknown | id.
            Group::Hybrid(_) => 0x0100_0000 | i32::from(self.iana()),
        }
    }

    pub fn from_nid(nid: i32) -> Option<Group> {
        Group::ALL.into_iter().chain(Group::HYBRID).chain(NAMED_CURVES.iter().map(Group::Curve)).find(|g| g.nid() == nid)
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
            Group::Curve(c) => Backend::Libcrypto(EvpGroup { algorithm: c"EC", group: Some(c.name) }),
            Group::Hybrid(h) => Backend::Hybrid(h),
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
            Backend::AwsLc(_) | Backend::Hybrid(_) => None,
        }
    }
}

enum Backend {
    AwsLc(&'static agreement::Algorithm),
    Libcrypto(EvpGroup),
    Hybrid(Hybrid),
}

enum Private {
    AwsLc(PrivateKey),
    Libcrypto(EvpKeyShare),
    Hybrid(Box<HybridPrivate>),
    /// A server's share made in answer to the client's (`respond`): the
    /// secret is already known and nothing private is kept.
    Answered,
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

/// A new private key: from aws-lc's DRBG, or in the fuzzing build and
/// under an ENGINE's RAND method from `rand::fill` (a scalar out of range
/// for a NIST curve is redrawn).
/// libcrypto's groups (X448, ffdhe) keep libcrypto's RNG.
fn new_private_key(group: Group, alg: &'static agreement::Algorithm) -> Option<PrivateKey> {
    if !super::rand::keys_from_fill() {
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
            Backend::Hybrid(h) => {
                let (private, public) = super::hybrid::generate(h).ok_or_else(err)?;
                Ok(KeyShare { group, private: Private::Hybrid(Box::new(private)), public })
            }
        }
    }

    /// A TLS 1.3 server's share in answer to the client's `peer` share of
    /// `group`, and the shared secret: a fresh key pair and (EC)DH for the
    /// Diffie-Hellman groups, encapsulation to the client's key for the
    /// hybrid ML-KEM ones. `Ok(None)` when the client's share is invalid.
    pub fn respond(group: Group, peer: &[u8]) -> Result<Option<(Self, Zeroizing<Vec<u8>>)>, crate::tls::Error> {
        if let Backend::Hybrid(h) = group.backend() {
            return Ok(super::hybrid::respond(h, peer).map(|(public, secret)| (KeyShare { group, private: Private::Answered, public }, secret)));
        }
        let share = KeyShare::generate(group)?;
        Ok(share.agree(peer).map(|secret| (share, secret)))
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
            Private::Hybrid(k) => k.finish(peer),
            Private::Answered => None,
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
