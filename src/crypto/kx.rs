//! Ephemeral key exchange for the TLS 1.3 key_share extension.

use aws_lc_rs::agreement::{self, PrivateKey, UnparsedPublicKey};
use zeroize::Zeroizing;

/// Named groups we implement (IANA TLS Supported Groups registry values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    X25519,
    Secp256r1,
    Secp384r1,
    Secp521r1,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::X25519, Group::Secp256r1, Group::Secp384r1, Group::Secp521r1];

    pub fn iana(self) -> u16 {
        match self {
            Group::Secp256r1 => 23,
            Group::Secp384r1 => 24,
            Group::Secp521r1 => 25,
            Group::X25519 => 29,
        }
    }

    pub fn from_iana(v: u16) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.iana() == v)
    }

    /// Groups OpenSSL 3.0 knows by name but we do not implement (x448 and
    /// the ffdhe groups): a list naming them is accepted, as OpenSSL
    /// accepts it, and they are left out of what we offer.
    pub fn is_known_elsewhere(name: &str) -> bool {
        matches!(
            name.to_ascii_lowercase().as_str(),
            "x448" | "ffdhe2048" | "ffdhe3072" | "ffdhe4096" | "ffdhe6144" | "ffdhe8192" | "brainpoolp256r1" | "brainpoolp384r1" | "brainpoolp512r1"
        )
    }

    /// The names OpenSSL accepts in `SSL_CTX_set1_groups_list`.
    pub fn from_name(name: &str) -> Option<Group> {
        match name {
            "X25519" | "x25519" => Some(Group::X25519),
            "P-256" | "prime256v1" | "secp256r1" => Some(Group::Secp256r1),
            "P-384" | "secp384r1" => Some(Group::Secp384r1),
            "P-521" | "secp521r1" => Some(Group::Secp521r1),
            _ => None,
        }
    }

    /// OpenSSL's NID for the group (`SSL_get_negotiated_group`).
    pub fn nid(self) -> i32 {
        match self {
            Group::X25519 => 1034,
            Group::Secp256r1 => 415,
            Group::Secp384r1 => 715,
            Group::Secp521r1 => 716,
        }
    }

    pub fn from_nid(nid: i32) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.nid() == nid)
    }

    fn algorithm(self) -> &'static agreement::Algorithm {
        match self {
            Group::X25519 => &agreement::X25519,
            Group::Secp256r1 => &agreement::ECDH_P256,
            Group::Secp384r1 => &agreement::ECDH_P384,
            Group::Secp521r1 => &agreement::ECDH_P521,
        }
    }
}

pub struct KeyShare {
    group: Group,
    private: PrivateKey,
    public: Vec<u8>,
}

impl KeyShare {
    pub fn generate(group: Group) -> Result<Self, crate::tls::Error> {
        let err = |_| crate::tls::Error::internal("key generation failed");
        let private = PrivateKey::generate(group.algorithm()).map_err(err)?;
        let public = private.compute_public_key().map_err(err)?.as_ref().to_vec();
        Ok(KeyShare { group, private, public })
    }

    pub fn group(&self) -> Group {
        self.group
    }

    pub fn public(&self) -> &[u8] {
        &self.public
    }

    /// The ECDHE shared secret with the peer's share, or `None` when the peer's
    /// share is not a valid point of the group (an illegal_parameter alert).
    pub fn agree(&self, peer: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let peer = UnparsedPublicKey::new(self.group.algorithm(), peer);
        agreement::agree(&self.private, peer, (), |s| Ok(Zeroizing::new(s.to_vec()))).ok()
    }
}
