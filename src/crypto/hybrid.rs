//! The hybrid post-quantum key exchanges of OpenSSL 3.5 for TLS 1.3
//! (draft-ietf-tls-ecdhe-mlkem): an ECDH share and an ML-KEM (FIPS 203)
//! share side by side in one key_share entry, through aws-lc-rs.
//!
//! - X25519MLKEM768 (0x11EC): the client sends the ML-KEM-768 encapsulation
//!   key (1184 bytes) then its X25519 key (32); the server the ML-KEM
//!   ciphertext (1088) then its X25519 key; the shared secret is the ML-KEM
//!   secret then the X25519 secret.
//! - SecP256r1MLKEM768 (0x11EB) and SecP384r1MLKEM1024 (0x11ED): the ECDH
//!   part first (an uncompressed point, 65 or 97 bytes), in the shares and
//!   in the secret.

use aws_lc_rs::agreement::{self, PrivateKey, UnparsedPublicKey};
use aws_lc_rs::kem::{self, Ciphertext, DecapsulationKey, EncapsulationKey};
use zeroize::Zeroizing;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hybrid {
    X25519MlKem768,
    SecP256r1MlKem768,
    SecP384r1MlKem1024,
}

impl Hybrid {
    fn kem(self) -> &'static kem::Algorithm {
        match self {
            Hybrid::X25519MlKem768 | Hybrid::SecP256r1MlKem768 => &kem::ML_KEM_768,
            Hybrid::SecP384r1MlKem1024 => &kem::ML_KEM_1024,
        }
    }

    fn ecdh(self) -> &'static agreement::Algorithm {
        match self {
            Hybrid::X25519MlKem768 => &agreement::X25519,
            Hybrid::SecP256r1MlKem768 => &agreement::ECDH_P256,
            Hybrid::SecP384r1MlKem1024 => &agreement::ECDH_P384,
        }
    }

    /// The ECDH public key's length on the wire (X25519's raw key, or an
    /// uncompressed point 04 || X || Y).
    fn ecdh_len(self) -> usize {
        match self {
            Hybrid::X25519MlKem768 => 32,
            Hybrid::SecP256r1MlKem768 => 65,
            Hybrid::SecP384r1MlKem1024 => 97,
        }
    }

    /// X25519MLKEM768 puts ML-KEM first; the NIST-curve hybrids ECDH.
    fn kem_first(self) -> bool {
        self == Hybrid::X25519MlKem768
    }

    fn encapsulation_key_len(self) -> usize {
        match self {
            Hybrid::X25519MlKem768 | Hybrid::SecP256r1MlKem768 => 1184,
            Hybrid::SecP384r1MlKem1024 => 1568,
        }
    }

    fn ciphertext_len(self) -> usize {
        match self {
            Hybrid::X25519MlKem768 | Hybrid::SecP256r1MlKem768 => 1088,
            Hybrid::SecP384r1MlKem1024 => 1568,
        }
    }

    /// Splits a share of `kem_len` + ECDH bytes into (ML-KEM part, ECDH
    /// part); None for any other length.
    fn split(self, share: &[u8], kem_len: usize) -> Option<(&[u8], &[u8])> {
        if share.len() != kem_len + self.ecdh_len() {
            return None;
        }
        Some(if self.kem_first() {
            share.split_at(kem_len)
        } else {
            let (e, k) = share.split_at(self.ecdh_len());
            (k, e)
        })
    }

    /// The two parts in this group's order.
    fn join(self, kem_part: &[u8], ecdh_part: &[u8]) -> Vec<u8> {
        let (a, b) = if self.kem_first() { (kem_part, ecdh_part) } else { (ecdh_part, kem_part) };
        let mut out = Vec::with_capacity(a.len() + b.len());
        out.extend_from_slice(a);
        out.extend_from_slice(b);
        out
    }

    fn join_secret(self, kem_secret: &[u8], ecdh_secret: &[u8]) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.join(kem_secret, ecdh_secret))
    }

    /// ECDH with the peer's part, which must be in its TLS encoding.
    fn ecdh_agree(self, private: &PrivateKey, peer: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if peer.len() != self.ecdh_len() || (self != Hybrid::X25519MlKem768 && peer[0] != 4) {
            return None;
        }
        let peer = UnparsedPublicKey::new(self.ecdh(), peer);
        agreement::agree(private, peer, (), |s| Ok(Zeroizing::new(s.to_vec()))).ok()
    }
}

/// A client's hybrid private key: the ML-KEM decapsulation key and the
/// ECDH key (both cleared by aws-lc when dropped).
pub struct HybridPrivate {
    kind: Hybrid,
    kem: DecapsulationKey,
    ecdh: PrivateKey,
}

/// A client's key pair and the share it sends.
pub fn generate(kind: Hybrid) -> Option<(HybridPrivate, Vec<u8>)> {
    let kem = DecapsulationKey::generate(kind.kem()).ok()?;
    let ek = kem.encapsulation_key().ok()?;
    let ek_bytes = ek.key_bytes().ok()?;
    let ecdh = PrivateKey::generate(kind.ecdh()).ok()?;
    let ecdh_public = ecdh.compute_public_key().ok()?;
    let share = kind.join(ek_bytes.as_ref(), ecdh_public.as_ref());
    Some((HybridPrivate { kind, kem, ecdh }, share))
}

/// A server's answer to a client's share: the share it sends back (the
/// ciphertext and its ECDH key) and the shared secret; None when the
/// client's share is malformed (illegal_parameter).
pub fn respond(kind: Hybrid, client_share: &[u8]) -> Option<(Vec<u8>, Zeroizing<Vec<u8>>)> {
    let (ek_bytes, client_ecdh) = kind.split(client_share, kind.encapsulation_key_len())?;
    let ek = EncapsulationKey::new(kind.kem(), ek_bytes).ok()?;
    let (ciphertext, kem_secret) = ek.encapsulate().ok()?;
    let ecdh = PrivateKey::generate(kind.ecdh()).ok()?;
    let ecdh_public = ecdh.compute_public_key().ok()?;
    let ecdh_secret = kind.ecdh_agree(&ecdh, client_ecdh)?;
    let share = kind.join(ciphertext.as_ref(), ecdh_public.as_ref());
    Some((share, kind.join_secret(kem_secret.as_ref(), &ecdh_secret)))
}

impl HybridPrivate {
    /// The shared secret from the server's share.
    pub fn finish(&self, server_share: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let kind = self.kind;
        let (ct, server_ecdh) = kind.split(server_share, kind.ciphertext_len())?;
        let kem_secret = self.kem.decapsulate(Ciphertext::from(ct)).ok()?;
        let ecdh_secret = kind.ecdh_agree(&self.ecdh, server_ecdh)?;
        Some(kind.join_secret(kem_secret.as_ref(), &ecdh_secret))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_agree_with_the_draft_layouts() {
        for (kind, client_len, server_len, secret_len) in [
            (Hybrid::X25519MlKem768, 1184 + 32, 1088 + 32, 32 + 32),
            (Hybrid::SecP256r1MlKem768, 65 + 1184, 65 + 1088, 32 + 32),
            (Hybrid::SecP384r1MlKem1024, 97 + 1568, 97 + 1568, 48 + 32),
        ] {
            let (private, client_share) = generate(kind).unwrap();
            assert_eq!(client_share.len(), client_len);
            let (server_share, server_secret) = respond(kind, &client_share).unwrap();
            assert_eq!(server_share.len(), server_len);
            let client_secret = private.finish(&server_share).unwrap();
            assert_eq!(client_secret, server_secret);
            assert_eq!(client_secret.len(), secret_len);
            // The ECDH part sits where the draft puts it: at the end for
            // X25519MLKEM768, at the start (an uncompressed point) otherwise.
            if kind != Hybrid::X25519MlKem768 {
                assert_eq!(client_share[0], 4);
                assert_eq!(server_share[0], 4);
            }
        }
    }

    #[test]
    fn malformed_shares_are_refused() {
        let (private, share) = generate(Hybrid::X25519MlKem768).unwrap();
        assert!(respond(Hybrid::X25519MlKem768, &share[1..]).is_none());
        assert!(respond(Hybrid::X25519MlKem768, &[share.as_slice(), &[0]].concat()).is_none());
        let (server_share, _) = respond(Hybrid::X25519MlKem768, &share).unwrap();
        assert!(private.finish(&server_share[..server_share.len() - 1]).is_none());
        // A NIST-curve hybrid's point must be uncompressed.
        let (_, mut p256) = generate(Hybrid::SecP256r1MlKem768).unwrap();
        p256[0] = 2;
        assert!(respond(Hybrid::SecP256r1MlKem768, &p256).is_none());
    }
}
